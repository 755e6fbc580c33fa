"""Keep the garbage collector off the loaded knowledge base.

The knowledge base is about 100,000 long-lived container objects (the index, the tables) that never become
garbage while they serve. Python's full collections walk every one of them: a pause of tens of milliseconds on
the event loop each time enough new objects have piled up. `gc.freeze()` moves what is loaded into a generation
the collector never scans (the practice of large Python services), so a collection costs only what messages
allocate. A reload unfreezes first, so the replaced knowledge base's reference cycles can still be collected.
"""

from __future__ import annotations

import gc


def settle_loaded_objects(*, replacing: bool = False) -> None:
    """Call after loading the knowledge base (and again after a reload has swapped a new one in, with
    `replacing=True`)."""
    if replacing:
        gc.unfreeze()
    gc.collect()
    gc.freeze()
