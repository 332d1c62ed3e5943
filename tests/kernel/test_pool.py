"""The warm spare: ready in the background, handed out at once, cleaned up without leaks."""

from __future__ import annotations

import gc

from jupyter_codegen.kernel import pool
from jupyter_codegen.kernel.limits import Limits


def test_spare_is_handed_out_ready_and_replaced() -> None:
    limits = Limits(wall_seconds=20)
    first = pool.acquire(limits)
    try:
        assert pool.wait_for_spare()
        second = pool.acquire(Limits(wall_seconds=5))  # per-execution limits may differ
        try:
            assert second is not first
            assert second.limits.wall_seconds == 5
            assert second.execute("print(6 * 7)").stdout == "42\n"
            assert pool.wait_for_spare()
        finally:
            second.shutdown()
    finally:
        first.shutdown()
    pool.drain()
    gc.collect()  # a leaked event loop or socket would warn here, and warnings are errors


def test_a_spare_with_other_start_up_limits_is_not_used() -> None:
    pool.prefill(Limits(memory_mb=1024))
    assert pool.wait_for_spare()
    box = pool.acquire(Limits(memory_mb=2048))
    try:
        assert box.limits.memory_mb == 2048
        assert box.execute("print('fresh')").stdout == "fresh\n"
    finally:
        box.shutdown()
    pool.drain()
    gc.collect()
