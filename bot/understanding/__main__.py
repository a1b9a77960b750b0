"""`python -m bot.understanding`: the service on $RTA_NLU_HOST:$RTA_NLU_PORT (default 127.0.0.1:5006; a
container sets RTA_NLU_HOST=0.0.0.0 inside its private network)."""
import os

import uvicorn

from bot.understanding.server import create_app

if __name__ == "__main__":
    uvicorn.run(
        create_app(), host=os.environ.get("RTA_NLU_HOST", "127.0.0.1"), port=int(os.environ.get("RTA_NLU_PORT", "5006")),
        access_log=False, log_level="warning",
    )
