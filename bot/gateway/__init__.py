"""The public front door: a thin FastAPI layer over the dialogue engine and the domain modules."""
