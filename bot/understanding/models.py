"""The classifiers on top of the encoder, trained from data/ and cached by a hash of it.

- intents: which intent a message is (Rasa's intents: faq_<topic>, answer, start_checklist, skip, …)
- risk: urgent / check / none for the safety screen
- category: which kind of danger (violence, suicide, …), for the right helplines

Intents and categories are logistic regressions; risk is an RBF support-vector machine with isotonic
calibration, which on 5-fold cross-validation of the training data kept the same recall with half the
false alarms of a linear model, and ranked near misses below real danger better than sigmoid calibration
(asking "is anyone in danger?" of about 6% of near misses and ordinary messages: 93.0% recall against
90.1%). Every parent message in data/nlu that is not about danger (questions, answers, "skip"…) is also a "none" example for the risk model, so ordinary answers
("3rd May 2014") are not taken for danger.
"""
from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path

import joblib
import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.svm import SVC

from bot.paths import MODELS, ROOT
from bot.understanding.encoder import MODEL_SHA256, Encoder
from bot.understanding.training_data import NLU_DIR, SAFETY_DIR, data_hash, nlu_examples, safety_examples

CACHE_DIR = MODELS / "understanding"
# Bump when the way the classifiers are trained changes, so cached models are not reused.
TRAINING_VERSION = "4"
INTENT_C = 32.0
RISK_C = 4.0
CATEGORY_C = 4.0


@dataclass
class Classifiers:
    intents: LogisticRegression
    risk: CalibratedClassifierCV
    category: LogisticRegression
    fingerprint: str

    def rank(self, model, vectors: np.ndarray) -> list[list[tuple[str, float]]]:
        probabilities = model.predict_proba(vectors)
        labels = model.classes_
        return [
            sorted(zip(labels.tolist(), row.tolist()), key=lambda item: item[1], reverse=True) for row in probabilities
        ]


def fingerprint() -> str:
    digest = hashlib.sha256(f"{TRAINING_VERSION}:{MODEL_SHA256}:{data_hash(NLU_DIR, SAFETY_DIR)}".encode())
    return digest.hexdigest()[:16]


def model_file(fp: str | None = None) -> Path:
    return CACHE_DIR / f"{fp or fingerprint()}.joblib"


def _embeddings(encoder: Encoder, texts: list[str]) -> np.ndarray:
    """Encodes training texts, reusing earlier encodings kept in models/understanding/embeddings.npz."""
    store = CACHE_DIR / f"embeddings-{encoder.identity}.npz"
    keys = [hashlib.sha1(t.encode()).hexdigest() for t in texts]
    known: dict[str, np.ndarray] = {}
    if store.exists():
        with np.load(store) as cached:
            known = {k: cached[k] for k in cached.files}
    missing = [t for t, k in zip(texts, keys) if k not in known]
    if missing:
        for text, vector in zip(missing, encoder.embed(missing)):
            known[hashlib.sha1(text.encode()).hexdigest()] = vector
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        np.savez(store, **{k: known[k] for k in set(keys) | set(known)})
    return np.stack([known[k] for k in keys])


def _logistic(c: float) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=3000, class_weight="balanced")


def risk_model() -> CalibratedClassifierCV:
    return CalibratedClassifierCV(
        SVC(C=RISK_C, kernel="rbf", class_weight="balanced"), ensemble=False, method="isotonic", cv=3,
    )


def risk_rows(intents: list | None = None) -> list[tuple[str, str, str]]:
    """(text, level, category): data/safety, plus every data/nlu example as "none"."""
    safety = safety_examples()
    seen = {row[0].lower() for row in safety}
    ordinary = [(e.text, "none", "ordinary") for e in (intents or nlu_examples()) if e.text.lower() not in seen]
    return safety + ordinary


def fit(intent_x, intent_y, risk_x, rows) -> tuple:
    intent_model = _logistic(INTENT_C).fit(intent_x, intent_y)
    risk = risk_model().fit(risk_x, [row[1] for row in rows])
    dangerous = [i for i, row in enumerate(rows) if row[1] != "none" and row[2] not in ("", "unknown")]
    category_model = _logistic(CATEGORY_C).fit(risk_x[dangerous], [rows[i][2] for i in dangerous])
    return intent_model, risk, category_model


def train(encoder: Encoder) -> Classifiers:
    intents = nlu_examples()
    rows = risk_rows(intents)
    intent_x = _embeddings(encoder, [e.text for e in intents])
    risk_x = _embeddings(encoder, [row[0] for row in rows])
    return Classifiers(*fit(intent_x, [e.label for e in intents], risk_x, rows), fingerprint())


def load_or_train(encoder: Encoder, log=print) -> Classifiers:
    path = model_file()
    if path.exists():
        return joblib.load(path)
    started = time.monotonic()
    classifiers = train(encoder)
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    joblib.dump(classifiers, temporary)
    temporary.replace(path)  # atomic: a reader never sees half a model
    for old in sorted(CACHE_DIR.glob("*.joblib"), key=lambda p: p.stat().st_mtime)[:-3]:
        old.unlink(missing_ok=True)
    log(f"understanding: trained in {time.monotonic() - started:.0f} s → {path.relative_to(ROOT)}")
    return classifiers
