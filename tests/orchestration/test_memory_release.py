"""``release`` hands a fragmented heap back to the system (glibc), as the in-process job needs."""

from __future__ import annotations

import psutil
import pytest

from orchestration.lib.memory import _trim, release


@pytest.mark.skipif(_trim() is None, reason="the C library has no malloc_trim (not glibc)")
def test_freed_but_fragmented_heap_goes_back_to_the_system() -> None:
    me = psutil.Process()
    blocks = [bytes(1024) + bytes([i % 256]) for i in range(300_000)]  # ~300 MB of glibc heap
    survivors = blocks[::50]  # one in 50 stays alive: the heap cannot shrink from its top
    del blocks
    held = me.memory_info().rss
    assert release()
    assert me.memory_info().rss < held - 100 * 2**20  # at least 100 MB returned
    assert len(survivors) == 6_000
