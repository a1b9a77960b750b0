"""Where the project's files live, resolved once from the repository root."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
VAR = ROOT / "var"
MODELS = ROOT / "models"
SHARED_DATA = ROOT.parent / "shared" / "data"
