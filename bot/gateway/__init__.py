"""The public front door: a thin FastAPI layer over the dialogue engine and the domain modules."""

import bot.run.lean  # noqa: F401  (before anything imports spaCy)
