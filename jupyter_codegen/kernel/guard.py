"""A Python audit hook installed in the sandbox kernel: the inner fence behind the OS limits.

It blocks writes and deletions outside the workspace, network connections (when the network is
off), and caps how many processes one execution may start; child processes may not start
their own. Audit hooks cannot be removed once added, so generated code cannot switch it off;
C extensions and raw system calls can still get past it, which is why the OS limits come first.
"""

from __future__ import annotations

from jupyter_codegen.kernel.limits import Limits

# Runs inside the sandbox kernel. Names start with __codegen so they do not clash with user code.
_GUARD = r"""
def __codegen_install_guard(workspace, allow_network, max_processes):
    import os, sys, socket
    roots = tuple(os.path.realpath(p) for p in (workspace, os.devnull))
    state = {"started": 0, "child": False}
    os.register_at_fork(after_in_child=lambda: state.update(child=True))
    writing = ("w", "a", "x", "+")
    def inside(path):
        try:
            real = os.path.realpath(os.fsdecode(path))
        except Exception:
            return True  # file descriptors and odd objects are not paths
        return any(real == r or real.startswith(r + os.sep) for r in roots)
    def deny(what):
        raise PermissionError(f"jupyter_codegen sandbox: {what} is blocked")
    def hook(event, args):
        if event == "open":
            path, mode, flags = args
            wants_write = (isinstance(mode, str) and any(c in mode for c in writing)) or (
                isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC)
            )
            if wants_write and path is not None and not isinstance(path, int) and not inside(path):
                deny(f"writing outside the workspace ({path})")
        elif event in ("os.remove", "os.rmdir", "os.rename", "os.replace", "shutil.rmtree", "os.truncate", "os.chmod", "os.mkdir"):
            target = args[0]
            if not isinstance(target, int) and not inside(target):
                deny(f"{event} outside the workspace ({target})")
        elif event in ("socket.connect", "socket.sendto", "socket.bind") and not allow_network:
            sock = args[0]
            if getattr(sock, "family", None) in (socket.AF_INET, socket.AF_INET6):
                deny("network access")
        elif event == "os.kill" and (args[0] <= 1 or args[0] == os.getppid()):
            deny("signalling the notebook's kernel or a process group")
        elif event == "os.killpg":
            deny("signalling a process group")
        elif event in ("os.fork", "os.forkpty", "subprocess.Popen", "os.posix_spawn", "os.spawn", "os.system", "os.exec"):
            if state["child"] and event in ("os.fork", "os.forkpty"):
                os._exit(1)  # a forked child that forks again is a fork bomb: end it quietly
            state["started"] += 1
            if state["started"] > max_processes:
                deny(f"starting more than {max_processes} processes")
    sys.addaudithook(hook)
    try:  # the cap is per execution: count again from zero before each one
        get_ipython().events.register("pre_execute", lambda: state.update(started=0))
    except NameError:
        pass
__codegen_install_guard(__WORKSPACE__, __NETWORK__, __PROCESSES__)
del __codegen_install_guard
"""


def guard_code(workspace: str, limits: Limits) -> str:
    """The code that installs the guard for `workspace`."""
    return (
        _GUARD.replace("__WORKSPACE__", repr(workspace))
        .replace("__NETWORK__", repr(limits.network))
        .replace("__PROCESSES__", repr(limits.processes))
    )
