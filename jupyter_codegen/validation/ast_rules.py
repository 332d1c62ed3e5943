"""Our own AST checks for the security gate: what a cell's calls and assignments do."""

from __future__ import annotations

import ast
import builtins
import re
from dataclasses import dataclass

from jupyter_codegen.core.findings import SEVERITIES, Finding, Severity

Hit = tuple[str, Severity, str, str]  # rule, severity, what the code does, suggestion
PROCESS: tuple[str, ...] = ("subprocess.", "os.system", "os.popen", "os.exec", "os.spawn")
PROCESS += ("os.posix_spawn", "pty.spawn", "asyncio.create_subprocess_", "commands.get")
PROCESS += ("get_ipython().getoutput",)
SHELL_MAGICS = {"system", "sx", "sc", "bash", "sh", "zsh", "script", "perl", "ruby"}
INSTALL_MAGICS = {"pip", "conda", "mamba", "micromamba"}
EVAL = {"builtins.eval": "evaluates a string as Python code"}
EVAL |= {"builtins.exec": "executes a string as Python code"}
EVAL |= {"builtins.__import__": "imports a module through __import__"}
PICKLERS = ("pickle", "_pickle", "cPickle", "dill", "cloudpickle")
DESERIALIZE = {f"{m}.{f}" for m in PICKLERS for f in ("load", "loads", "Unpickler")}
DESERIALIZE |= {"marshal.load", "marshal.loads", "shelve.open", "joblib.load"}
DESERIALIZE |= {"pandas.read_pickle", "yaml.unsafe_load", "yaml.unsafe_load_all"}
DELETE = {"os.remove", "os.unlink", "os.rmdir", "os.removedirs", "shutil.rmtree"}
OPENERS = {f"{m}.open" for m in ("builtins", "io", "codecs", "gzip", "bz2", "lzma")}
MOVERS = {f"shutil.{f}" for f in ("copy", "copy2", "copyfile", "copytree", "move")}
MOVERS |= {"os.rename", "os.replace", "os.renames"}
WRITE_METHODS = {"savefig", "save", "savez", "savetxt", "to_csv", "to_parquet", "to_json"}
WRITE_METHODS |= {"to_excel", "to_pickle", "to_feather", "to_hdf"}
TEMPORARY = {"tempfile.mkdtemp()", "tempfile.TemporaryDirectory()"}
HOME = {"pathlib.Path.home()", "os.path.expanduser()", "os.path.expandvars()"}
NETWORK: tuple[str, ...] = ("socket.socket", "socket.create_connection", "urllib.request.")
NETWORK += ("socket.create_server",)
NETWORK += ("urllib.urlopen", "urllib2.", "http.client.", "requests.", "httpx.", "aiohttp.")
NETWORK += ("ftplib.", "smtplib.", "telnetlib.", "imaplib.", "poplib.", "paramiko.", "websocket")
URL = re.compile(r"(https?|ftp|s3|gs)://")
CONTROL = {"os.kill", "os.killpg", "os._exit", "os.abort", "signal.pthread_kill"}
BUILTINS = ("builtins", "__builtins__")
SYS_MODULES = {f"sys.modules.{f}" for f in ("pop", "update", "clear", "setdefault")}
OUTSIDE = re.compile(r"^(/|~|\\|[A-Za-z]:[\\/])|(^|[\\/])\.\.([\\/]|$)")
SUGGEST = {
    "process": "use subprocess.run([...]) with a fixed argument list and without shell=True, only if a program really must run",
    "eval-exec": "call the code directly, or use ast.literal_eval / json.loads to read literal data",
    "unsafe-deserialization": "use json, ast.literal_eval or a data format such as CSV or Parquet (yaml.safe_load for YAML)",
    "delete": "delete only files this code created, inside the working directory",
    "write-outside-workspace": "write inside the working directory (a relative path such as 'output/result.csv')",
    "network": "use data already in the working directory, or have a person approve network access",
    "process-control": "leave processes, signals and native code alone",
    "monkeypatch": "import and use modules normally instead of replacing them",
    "remote-code": "use a model that does not need remote code, or have a person review that code first",
}


def ast_findings(tree: ast.Module) -> list[Finding]:
    """Our own checks, with names resolved through the code's imports and assignments."""
    names = _Names(tree)
    found: dict[tuple[int, str], Finding] = {}
    for node in ast.walk(tree):
        hit = names.call(node) if isinstance(node, ast.Call) else names.statement(node)
        if hit is not None:
            rule, severity, what, suggestion = hit
            line = getattr(node, "lineno", 0)
            old = found.get((line, rule))
            if old is None or SEVERITIES.index(severity) > SEVERITIES.index(old.severity):
                message = f"{what}: {_text(node)}"
                found[line, rule] = Finding("ast", rule, severity, line, message, suggestion)
    return list(found.values())


def _text(node: ast.AST, limit: int = 80) -> str:
    text = ast.unparse(node).replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _hit(rule: str, severity: Severity, what: str, suggestion: str = "") -> Hit:
    return rule, severity, what, suggestion or SUGGEST[rule]


def _arg(node: ast.Call, index: int, keyword: str) -> ast.expr | None:
    if len(node.args) > index:
        return node.args[index]
    return next((k.value for k in node.keywords if k.arg == keyword), None)


def _string(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


class _Names:
    """What names mean in one cell: imports, aliases and the values assigned to plain names."""

    def __init__(self, tree: ast.Module) -> None:
        self.aliases: dict[str, str] = {}
        self.values: dict[str, ast.expr] = {}
        self.local: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    top = alias.name.split(".")[0]
                    self.aliases[alias.asname or top] = alias.name if alias.asname else top
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for alias in node.names:
                    self.aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self.local.add(node.name)
            elif isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                self.local.add(node.targets[0].id)
                self.values[node.targets[0].id] = node.value
            elif isinstance(node, ast.withitem) and isinstance(node.optional_vars, ast.Name):
                self.values[node.optional_vars.id] = node.context_expr

    def qualname(self, node: ast.AST | None) -> str:
        """Dotted name of what `node` refers to (e.g. "os.system"), or "" when unknown."""
        if isinstance(node, ast.Name):
            if node.id in self.aliases:
                return self.aliases[node.id]
            builtin = hasattr(builtins, node.id) and node.id not in self.local
            return f"builtins.{node.id}" if builtin else node.id
        if isinstance(node, ast.Attribute):
            base = self.qualname(node.value)
            return f"{base}.{node.attr}" if base else ""
        if isinstance(node, ast.Call):
            name, module = self.qualname(node.func), _string(_arg(node, 0, "name"))
            if name in ("builtins.__import__", "importlib.import_module") and module:
                return module
            return f"{name}()" if name else ""
        return ""

    def follow(self, node: ast.AST) -> ast.AST:
        """The value a plain name was assigned, followed a few steps."""
        for _ in range(5):
            if not (isinstance(node, ast.Name) and node.id in self.values):
                break
            node = self.values[node.id]
        return node

    def outside(self, node: ast.AST | None, depth: int = 0) -> bool:
        """Whether a path expression points outside the working directory."""
        node = self.follow(node) if node is not None and depth < 6 else None
        if isinstance(node, ast.Constant):
            text = node.value if isinstance(node.value, str) else ""
            return bool(OUTSIDE.search(text)) and text != "/dev/null"
        if isinstance(node, ast.JoinedStr):
            parts = [_string(value) or "{}" for value in node.values]
            return bool(OUTSIDE.search("".join(parts))) or self.outside(node.values[0], depth + 1)
        if isinstance(node, ast.FormattedValue):
            return self.outside(node.value, depth + 1)
        if isinstance(node, ast.BinOp):  # path / "..." may jump anywhere; "..." + x only up
            right = self.outside(node.right, depth + 1) and isinstance(node.op, ast.Div)
            return self.outside(node.left, depth + 1) or right or ".." in _text(node.right)
        if isinstance(node, ast.Call):
            if self.qualname(node) in HOME:
                return True
            receiver = node.func.value if isinstance(node.func, ast.Attribute) else None
            here = not isinstance(receiver, ast.Constant) and self.outside(receiver, depth + 1)
            return here or any(self.outside(arg, depth + 1) for arg in node.args)
        return False

    def temporary(self, node: ast.AST | None) -> bool:
        """Whether a path expression is a temporary directory this code made."""
        node = self.follow(node) if node is not None else None
        node = self.follow(node.value) if isinstance(node, ast.Attribute) else node
        return isinstance(node, ast.Call) and self.qualname(node) in TEMPORARY

    def call(self, node: ast.Call) -> Hit | None:
        """The rule that fires on one call, if any."""
        name = self.qualname(node.func)
        name = name[9:] if name.startswith("builtins.get_ipython") else name
        # A method of a call's result (os.popen(...).read) is judged at the inner call.
        name = "" if "()" in name.replace("get_ipython()", "") else name
        attr = node.func.attr if isinstance(node.func, ast.Attribute) else ""
        flags = {k.arg or "" for k in node.keywords if getattr(k.value, "value", None)}
        call = _Call(node, name, attr, node.args[0] if node.args else None, flags)
        for rule in (self._programs, self._code, self._deletes, self._writes, self._other):
            hit = rule(call)
            if hit is not None:
                return hit
        return None

    def _programs(self, call: _Call) -> Hit | None:
        magic = _string(call.first) if call.name.startswith("get_ipython().run_") else None
        if magic in SHELL_MAGICS or call.name.startswith("get_ipython().system"):
            return _hit(
                "process", "high", f"runs a shell command with {'%' + magic if magic else '!'}"
            )
        if call.name.startswith(PROCESS):
            how = " through a shell (shell=True)" if "shell" in call.flags else ""
            return _hit("process", "high", f"runs a program{how} with {call.name}")
        if magic in INSTALL_MAGICS:
            how = "a person installs packages explicitly; generated code must not install them"
            return _hit("process", "high", f"installs packages with %{magic}", how)
        path = (_string(_arg(call.node, 1, "line")) or "").split()[-1:]
        if magic == "writefile" and path and OUTSIDE.search(path[0]):
            return _hit("write-outside-workspace", "high", "writes outside the working directory")
        return None

    def _code(self, call: _Call) -> Hit | None:
        name = call.name
        if "trust_remote_code" in call.flags:
            return _hit("remote-code", "high", "runs code downloaded from the model hub")
        if name in EVAL or (name == "builtins.compile" and _string(call.first) is None):
            return _hit("eval-exec", "high", EVAL.get(name, "compiles computed Python source"))
        loader = _text(_arg(call.node, 1, "Loader") or ast.Constant(""))
        unsafe_yaml = name in ("yaml.load", "yaml.load_all") and "SafeLoader" not in loader
        unsafe_numpy = name == "numpy.load" and "allow_pickle" in call.flags
        if name in DESERIALIZE or (unsafe_yaml and "BaseLoader" not in loader) or unsafe_numpy:
            what = f"deserializes data with {name}, which can run code hidden in the data"
            return _hit("unsafe-deserialization", "high", what)
        return None

    def _deletes(self, call: _Call) -> Hit | None:
        if call.name in DELETE:
            target = _arg(call.node, 0, "path")
        elif call.attr in ("unlink", "rmdir") and not call.name.startswith("os."):
            target = getattr(call.node.func, "value", None)
        else:
            return None
        tree = call.name == "shutil.rmtree"
        what = "deletes a directory tree" if tree else "deletes a file"
        where = " outside the working directory" if self.outside(target) else ""
        risky = where or (tree and not self.temporary(target))
        return _hit("delete", "high" if risky else "medium", what + where)

    def _writes(self, call: _Call) -> Hit | None:
        node, name, attr = call.node, call.name, call.attr
        target, writing = None, True
        if name in OPENERS or attr == "open":
            mode = _string(_arg(node, 1 if name in OPENERS else 0, "mode")) or "r"
            writing = any(flag in mode for flag in "wax+")
            target = _arg(node, 0, "file") if name in OPENERS else getattr(node.func, "value", None)
        elif name in MOVERS:
            target = _arg(node, 1, "dst")
        elif attr in ("write_text", "write_bytes", "touch"):
            target = getattr(node.func, "value", None)
        elif attr in WRITE_METHODS:
            target = _arg(node, 0, "path")
        if writing and self.outside(target):
            return _hit("write-outside-workspace", "high", "writes outside the working directory")
        return None

    def _other(self, call: _Call) -> Hit | None:
        name = call.name or call.attr
        url = _string(self.follow(call.first)) if call.first is not None else None
        fetch = bool(url and URL.match(url)) and not name.startswith("builtins.")
        if name.startswith(NETWORK) or fetch:
            return _hit("network", "medium", f"uses the network with {name}")
        if name.startswith("ctypes.") or name in CONTROL:
            return _hit("process-control", "medium", f"controls processes or native code: {name}")
        owner = self.qualname(call.first).removeprefix("builtins.")
        patched = name in ("builtins.setattr", "builtins.delattr") and owner in BUILTINS
        if name in SYS_MODULES or patched:
            return _hit("monkeypatch", "medium", f"changes the module table or builtins: {name}")
        return None

    def statement(self, node: ast.AST) -> Hit | None:
        """The rule that fires on an assignment or deletion: replacing modules or builtins."""
        targets: list[ast.expr] = []
        if isinstance(node, (ast.Assign, ast.Delete)):
            targets = node.targets
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        for target in targets:
            if isinstance(target, (ast.Subscript, ast.Attribute)):
                owner = self.qualname(target.value).removeprefix("builtins.")
                if owner in BUILTINS or owner == "sys.modules":
                    return _hit("monkeypatch", "medium", "replaces a module or a builtin")
        return None


@dataclass(frozen=True)
class _Call:
    """One call as the rules see it: resolved name, method name, first argument, true flags."""

    node: ast.Call
    name: str
    attr: str
    first: ast.expr | None
    flags: set[str]
