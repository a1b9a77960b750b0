"""`python -m bot.understanding`: the service on 127.0.0.1:$RTA_NLU_PORT (default 5006)."""
import os

import uvicorn

from bot.understanding.server import create_app

if __name__ == "__main__":
    uvicorn.run(
        create_app(), host="127.0.0.1", port=int(os.environ.get("RTA_NLU_PORT", "5006")),
        access_log=False, log_level="warning",
    )
