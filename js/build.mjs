// Bundle the widget: Viz.js's standalone ES module (WASM inlined) followed by our render code.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
// The package's "exports" only names its entry points; its ESM entry is the standalone build.
const viz = readFileSync(require.resolve("@viz-js/viz").replace(/viz\.cjs$/, "viz.js"), "utf8");
const widget = readFileSync(join(here, "plan_graph.js"), "utf8");
const out = join(here, "..", "jupyter_codegen", "widgets", "static");
mkdirSync(out, { recursive: true });
writeFileSync(join(out, "plan_graph.js"), `${viz}\n${widget}`);
console.log(`wrote ${join(out, "plan_graph.js")}`);
