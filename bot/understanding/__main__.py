"""`python -m bot.understanding`: the service on $RTA_NLU_HOST:$RTA_NLU_PORT (default 127.0.0.1:5006; a
container sets RTA_NLU_HOST=0.0.0.0 inside its private network)."""

import os

# Each request runs in its own thread and the encoder has a worker per core: numerical libraries spawning
# threads of their own per call would only fight over the same two cores.
for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")
os.environ.setdefault("RTA_NO_TORCH", "1")  # ONNX Runtime serves the encoder: torch is only for the export

import uvicorn  # noqa: E402

import bot.run.lean  # noqa: E402,F401  (keeps torch out, under spaCy's thinc too)
from bot.understanding.service import create_app  # noqa: E402

if __name__ == "__main__":
    uvicorn.run(
        create_app(),
        host=os.environ.get("RTA_NLU_HOST", "127.0.0.1"),
        port=int(os.environ.get("RTA_NLU_PORT", "5006")),
        access_log=False,
        log_level="warning",
    )
