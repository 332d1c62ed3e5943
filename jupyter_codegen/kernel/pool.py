"""A warm spare sandbox kernel, started in the background, so a session need not wait for one."""

from __future__ import annotations

import asyncio
import atexit
import threading
from dataclasses import replace

from jupyter_codegen.kernel.limits import Limits
from jupyter_codegen.kernel.sandbox import KernelSandbox

_lock = threading.Lock()
_spare: KernelSandbox | None = None
_filling: threading.Thread | None = None


def same_kernel(a: Limits, b: Limits) -> bool:
    """Limits fixed at start-up must match; per-execution ones (wall, output) can change later."""
    return replace(a, wall_seconds=0, output_chars=0) == replace(b, wall_seconds=0, output_chars=0)


def _fill(limits: Limits) -> None:
    global _spare
    sandbox = KernelSandbox(limits=limits)
    try:
        sandbox.start()
    except Exception:
        return  # the next acquire() starts one in the foreground and reports the error
    finally:
        _close_thread_loop()
    with _lock:
        if _spare is None:
            _spare = sandbox
            return
    sandbox.shutdown()


def _close_thread_loop() -> None:
    """Close the asyncio loop jupyter_client made for this thread; nothing else will.

    The blocking kernel manager runs its coroutines on a per-thread loop. Left open, it is
    collected with the thread and warns about unclosed sockets; the kernel manager and client
    do not keep using it, since the client has its own I/O thread.
    """
    try:
        loop = asyncio.get_event_loop_policy().get_event_loop()
    except RuntimeError:
        return
    if not loop.is_running() and not loop.is_closed():
        loop.close()
    asyncio.set_event_loop(None)


def prefill(limits: Limits) -> None:
    """Start a spare in the background unless one is ready or on its way."""
    global _filling
    with _lock:
        if _spare is not None or (_filling is not None and _filling.is_alive()):
            return
        _filling = threading.Thread(
            target=_fill, args=(limits,), name="codegen-spare-kernel", daemon=True
        )
        _filling.start()


def acquire(limits: Limits) -> KernelSandbox:
    """A started sandbox: the warm spare when it fits, else a new one; then refill the spare."""
    global _spare
    with _lock:
        spare, _spare = _spare, None
    if spare is not None and same_kernel(spare.limits, limits) and spare.alive():
        spare.limits = limits
    else:
        if spare is not None:
            spare.shutdown()
        spare = KernelSandbox(limits=limits)
        spare.start()
    prefill(limits)
    return spare


def wait_for_spare(timeout: float = 60.0) -> bool:
    """Block until the spare is ready (for benchmarks and tests)."""
    thread = _filling
    if thread is not None:
        thread.join(timeout)
    return _spare is not None


@atexit.register
def drain() -> None:
    """Shut the spare down."""
    global _spare
    with _lock:
        spare, _spare = _spare, None
    if spare is not None:
        spare.shutdown()
