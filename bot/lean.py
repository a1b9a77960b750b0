"""Keeps torch out of the processes that only use spaCy's rule components (the gateway, the action server).

thinc, under spaCy, imports torch whenever it is installed: about 180 MB in every such process, for
nothing. The launcher sets RTA_NO_TORCH=1 for every program; only the understanding service, which never
imports this module, loads torch. Imported first by bot/gateway and actions/.
"""
import os
import sys

if os.environ.get("RTA_NO_TORCH") == "1" and "torch" not in sys.modules:
    sys.modules["torch"] = None  # `import torch` now raises ImportError, and thinc carries on without it
