// Draws the plan's DOT in the browser with Graphviz compiled to WebAssembly (Viz.js), so the
// live plan graph needs no `dot` binary on the kernel's machine. build.mjs appends this file to
// Viz.js's self-contained ES module, where `instance` is in scope.
let vizReady;

function draw(model, el) {
  vizReady ??= instance();
  return vizReady
    .then((viz) => {
      const svg = viz.renderSVGElement(model.get("dot"));
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-label", model.get("label") || "plan graph");
      svg.style.maxWidth = "100%";
      svg.style.height = "auto";
      el.replaceChildren(svg);
      el.dataset.rendered = "svg";
    })
    .catch((error) => {
      el.textContent = `Could not draw the plan graph: ${error}`;
      el.dataset.rendered = "error";
    });
}

function render({ model, el }) {
  el.classList.add("jupyter-codegen-plan-graph");
  const redraw = () => draw(model, el);
  model.on("change:dot", redraw);
  redraw();
  return () => model.off("change:dot", redraw);
}

export default { render };
