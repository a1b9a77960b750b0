"""Keeps torch out of every running process: torch is installed only to export the encoder to ONNX.

thinc, under spaCy, imports torch whenever it is installed: about 180 MB in every such process, for
nothing. The launcher sets RTA_NO_TORCH=1 for every program. Imported first by bot/gateway, actions/ and
the understanding service (which serves the encoder with ONNX Runtime).
"""

import os
import sys

if os.environ.get("RTA_NO_TORCH") == "1" and "torch" not in sys.modules:
    # `import torch` now raises ImportError, and thinc records that it has no torch. (None in sys.modules is
    # Python's documented "not importable" marker; typeshed types the dict as modules only.)
    sys.modules["torch"] = None  # type: ignore[assignment]
    try:
        import thinc.api  # noqa: F401
    finally:
        # Gone again, so libraries that look for torch in sys.modules (scipy's array API) find nothing there.
        del sys.modules["torch"]
