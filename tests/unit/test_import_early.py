"""How many chunks the importer checks itself while its helpers still start."""

from __future__ import annotations

from crmdesk.exchange.import_process import early_chunks


def test_the_importer_goes_on_while_a_helper_starts_but_leaves_it_the_last_chunks() -> None:
    # 100,000 rows, 20,000 checked first, chunks of 2,000: 40 chunks after those
    assert early_chunks(100_000, 20_000, 2000, 1) == 38
    assert early_chunks(100_000, 20_000, 2000, 2) == 36
    assert early_chunks(100_001, 20_000, 2000, 1) == 39  # a last partial chunk counts
    # small files: the helpers get at least two chunks each (or all there is)
    assert early_chunks(30, 10, 5, 1) == 2
    assert early_chunks(20, 0, 6, 1) == 2
    assert early_chunks(12, 0, 6, 1) == 0
    assert early_chunks(None, 0, 2000, 1) == early_chunks(0, 0, 2000, 1) == 0
