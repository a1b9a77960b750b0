"""The trained models, each cached by a hash of everything that shapes it.

`python -m bot.run.model` trains Rasa's dialogue model (core only: config.yml, domain.yml, data/rules,
data/stories) and the understanding service's classifiers (data/nlu, data/safety) only when their inputs
changed. Rasa's enormous progress output goes to var/log/train.log; a short summary is printed instead.
"""

from __future__ import annotations

import fcntl
import hashlib
import subprocess
import sys
import time
from pathlib import Path

from bot.paths import MODELS, ROOT, VAR

ENGINE_BIN = ROOT / ".venv" / "engine" / "bin"
# Rasa trains dialogue only; data/nlu and data/safety train the understanding service (bot/understanding).
TRAINING_INPUTS = ("config.yml", "domain.yml", "data/rules", "data/stories")
KEEP_MODELS = 3


def training_files(root: Path = ROOT) -> list[Path]:
    files = []
    for name in TRAINING_INPUTS:
        path = root / name
        if path.is_dir():
            files.extend(sorted(path.rglob("*.yml")))
        elif path.exists():
            files.append(path)
    return files


def training_hash(root: Path = ROOT) -> str:
    digest = hashlib.sha256()
    for path in training_files(root):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    digest.update((root / "requirements-engine.txt").read_bytes())
    return digest.hexdigest()[:16]


def model_path(root: Path = ROOT) -> Path:
    return MODELS / f"{training_hash(root)}.tar.gz"


def _prune_old_models(keep: Path) -> None:
    models = sorted(MODELS.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in [m for m in models if m != keep][KEEP_MODELS - 1 :]:
        old.unlink(missing_ok=True)


def ensure_model() -> Path:
    """The model for the current training data, training it first if needed.

    Several callers at once (a test run and `make run`, say) wait for one training instead of racing.
    """
    target = model_path()
    if target.exists():
        print(f"model: up to date ({target.relative_to(ROOT)})")
        return target
    MODELS.mkdir(exist_ok=True)
    with (MODELS / ".training.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if target.exists():
            print(f"model: trained meanwhile by another run ({target.relative_to(ROOT)})")
            return target
        return _train(target)


def _train(target: Path) -> Path:
    log_path = VAR / "log" / "train.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    print(f"model: training changed, training a new one (a few minutes; log in {log_path.relative_to(ROOT)})")
    started = time.monotonic()
    with log_path.open("w") as log:
        result = subprocess.run(
            [
                str(ENGINE_BIN / "rasa"),
                "train",
                "core",
                "--config",
                "config.yml",
                "--domain",
                "domain.yml",
                "--stories",
                "data",
                "--out",
                str(MODELS),
                "--fixed-model-name",
                target.name.removesuffix(".tar.gz"),
            ],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    if result.returncode != 0 or not target.exists():
        tail = log_path.read_text(errors="replace").splitlines()[-25:]
        print("model: training failed; the end of the log:\n" + "\n".join(tail), file=sys.stderr)
        raise SystemExit(1)
    _prune_old_models(target)
    size_mb = target.stat().st_size / 1e6
    print(f"model: trained in {time.monotonic() - started:.0f} s → {target.relative_to(ROOT)} ({size_mb:.1f} MB)")
    return target


def ensure_models() -> Path:
    """Both: the understanding service's classifiers, then Rasa's dialogue model."""
    from bot.understanding.encoder import Encoder
    from bot.understanding.models import load_or_train, model_file

    if model_file().exists():
        print(f"understanding: up to date ({model_file().relative_to(ROOT)})")
    else:
        load_or_train(Encoder(threads=None))
    return ensure_model()


if __name__ == "__main__":
    ensure_models()
