"""The classifiers on top of the encoder, trained from data/ and cached by a hash of it.

- intents: which intent a message is (Rasa's intents: faq_<topic>, answer, start_checklist, skip, …)
- risk: urgent / check / none for the safety screen
- category: which kind of danger (violence, suicide, …), for the right helplines

Intents and categories are logistic regressions. The risk model learns finer classes than the three levels: each
level with the row's category or kind ("urgent:violence", "check:missing", "none:idiom", "none:past"), and
P(urgent) is the sum over the urgent classes (likewise check). An idiom, a negation and a past event are each their
own compact region of meaning, where one "none" class had to cover them all with ordinary messages; on nested
cross-validation of the check model on round 7's training data, at 98% of first-message danger caught, near misses
asked fell from 22.8% to 15.6% (tools/safety_cv.py --fit-check-model). Risk blends two models that fail
differently: on the encoder's vectors (what the message means), an RBF support-vector machine with isotonic
calibration averaged with a logistic regression; and a logistic regression on the message's words and character
n-grams (the exact words that tell the past from now: "ago", "last year", "right now", names of harms the encoder
blurs: "FGM", "county lines"). On 5-fold cross-validation of the training data, with the same share of near misses
asked, the blend caught 97.3% of danger against 93.5% for the vectors alone and 95.2% for the words alone
(tools/safety_cv.py). Every parent message in data/nlu that is not about danger (questions, answers, "skip"…) is
also a "none" example for the risk model, so ordinary answers ("3rd May 2014") are not taken for danger.
"""

from __future__ import annotations

import hashlib
import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import VotingClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline, make_union
from sklearn.svm import SVC

from bot.paths import MODELS, ROOT
from bot.understanding.encoder import MODEL_SHA256, Encoder
from bot.understanding.fast_svm import use_fast_calibration, use_matrix_kernel
from bot.understanding.training_data import NLU_DIR, SAFETY_DIR, data_hash, nlu_examples, safety_examples

CACHE_DIR = MODELS / "understanding"
# Bump when the way the classifiers are trained changes, so cached models are not reused.
TRAINING_VERSION = "8"
INTENT_C = 32.0
RISK_C = 4.0
CATEGORY_C = 4.0
RISK_WORDS_C = 8.0
RISK_LINEAR_C = 4.0
# Two calibration folds train side by side in a third less time than three; with check_at re-chosen on the
# same cross-validation (content/safety/decision.yml) they catch as much danger for as many near misses asked.
RISK_CALIBRATION_FOLDS = 2
INTENT_WORDS_C = 16.0
# Each blend's weight on the vectors; the words get the rest. Chosen by cross-validation of the training data
# (tools/safety_cv.py, tools/nlu_report.py): more weight on the words scored a little higher still there, but
# the vectors are what carries over to wording the data has never seen.
RISK_MEANING_WEIGHT = 0.7
INTENT_MEANING_WEIGHT = 0.7


class MeaningAndWords:
    """A classifier on the encoder's vectors (what a message means) blended with one on its words and character
    n-grams (the exact words: "ago" and "right now", "FGM", "section 47", txt-speak the encoder blurs)."""

    def __init__(self, meaning, words_c: float, meaning_weight: float) -> None:
        self.meaning = meaning
        self.words = make_pipeline(
            make_union(
                TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
                TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2, sublinear_tf=True),
            ),
            # tol 1e-3 trains in a third of the time with the same cross-validated figures
            LogisticRegression(C=words_c, max_iter=500, tol=1e-3, class_weight="balanced"),
        )
        self.meaning_weight = meaning_weight
        self.classes_ = np.array([])

    def fit(self, texts: list[str], vectors: np.ndarray, labels: list[str]) -> MeaningAndWords:
        self.meaning.fit(vectors, labels)
        self.words.fit(texts, labels)
        if list(self.meaning.classes_) != list(self.words.classes_):
            raise ValueError("the two models disagree on the labels")
        self.classes_ = self.meaning.classes_
        return self

    def predict_proba(self, texts: list[str], vectors: np.ndarray) -> np.ndarray:
        return self.blend(*self.predict_parts(texts, vectors))

    def predict_parts(self, texts: list[str], vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each model's probabilities on its own: (meaning, words)."""
        return self.meaning.predict_proba(vectors), self.words.predict_proba(texts)

    def blend(self, meaning: np.ndarray, words: np.ndarray) -> np.ndarray:
        return self.meaning_weight * meaning + (1 - self.meaning_weight) * words


def intent_model() -> MeaningAndWords:
    return MeaningAndWords(_logistic(INTENT_C), INTENT_WORDS_C, INTENT_MEANING_WEIGHT)


def risk_model() -> MeaningAndWords:
    svm = CalibratedClassifierCV(
        SVC(C=RISK_C, kernel="rbf", class_weight="balanced", cache_size=1000),
        ensemble=False,
        method="isotonic",
        cv=RISK_CALIBRATION_FOLDS,
        n_jobs=2,  # the calibration folds train side by side
    )
    # The SVM's isotonic steps give some short ordinary messages a middling score ("my teenager's room is a
    # mess": 0.44); averaged with a smooth linear model on the same vectors, 98% of first-message danger in round
    # 7's data was caught on cross-validation with 13.9% of near misses asked instead of 15.6%.
    meaning = VotingClassifier([("svm", svm), ("linear", _logistic(RISK_LINEAR_C))], voting="soft")
    return MeaningAndWords(meaning, RISK_WORDS_C, RISK_MEANING_WEIGHT)


@dataclass(frozen=True)
class RiskScores:
    urgent: float
    check: float
    meaning: float  # P(urgent) + P(check) from the vectors' model alone
    words: float  # ... and from the words' model alone


@dataclass
class Classifiers:
    intents: MeaningAndWords
    risk: MeaningAndWords
    category: LogisticRegression
    fingerprint: str

    def intent_ranking(self, texts: list[str], vectors: np.ndarray) -> list[list[tuple[str, float]]]:
        return self._ranked(self.intents.predict_proba(texts, vectors), self.intents.classes_)

    def risk_scores(self, texts: list[str], vectors: np.ndarray) -> list[RiskScores]:
        """Per text: the blended P(urgent) and P(check), and P(urgent) + P(check) from each model on its own."""
        meaning, words = self.risk.predict_parts(texts, vectors)
        blended = self.risk.blend(meaning, words)
        levels = np.array([risk_level(label) for label in self.risk.classes_])
        urgent, check = levels == "urgent", levels == "check"
        danger = urgent | check
        return [
            RiskScores(float(b[urgent].sum()), float(b[check].sum()), float(m[danger].sum()), float(w[danger].sum()))
            for b, m, w in zip(blended, meaning, words)
        ]

    def rank(self, model, vectors: np.ndarray) -> list[list[tuple[str, float]]]:
        return self._ranked(model.predict_proba(vectors), model.classes_)

    @staticmethod
    def _ranked(probabilities: np.ndarray, labels: np.ndarray) -> list[list[tuple[str, float]]]:
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
        arrays: dict[str, Any] = {k: known[k] for k in set(keys) | set(known)}
        np.savez(store, **arrays)
    return np.stack([known[k] for k in keys])


def _logistic(c: float) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=3000, class_weight="balanced")


def risk_label(row: tuple[str, str, str]) -> str:
    """The class the risk model learns for a (text, level, category) row: "urgent:violence", "none:idiom"."""
    _, level, category = row
    return f"{level}:{category}"


def risk_level(label: str) -> str:
    """The level of a risk class: "urgent:violence" → "urgent"."""
    return label.split(":", 1)[0]


def risk_rows(intents: list | None = None) -> list[tuple[str, str, str]]:
    """(text, level, category): data/safety, plus every data/nlu example as "none"."""
    safety = safety_examples()
    seen = {row[0].lower() for row in safety}
    ordinary = [(e.text, "none", "ordinary") for e in (intents or nlu_examples()) if e.text.lower() not in seen]
    return safety + ordinary


def fit(intent_texts, intent_x, intent_y, risk_x, rows) -> tuple[MeaningAndWords, MeaningAndWords, LogisticRegression]:
    # The risk model's calibration folds train in worker processes; the intent model trains here meanwhile.
    with ThreadPoolExecutor(max_workers=1) as pool:
        risk_job = pool.submit(risk_model().fit, [row[0] for row in rows], risk_x, [risk_label(row) for row in rows])
        intents = intent_model().fit(list(intent_texts), intent_x, list(intent_y))
        risk = risk_job.result()
    dangerous = [i for i, row in enumerate(rows) if row[1] != "none" and row[2] not in ("", "unknown")]
    category_model = _logistic(CATEGORY_C).fit(risk_x[dangerous], [rows[i][2] for i in dangerous])
    return intents, risk, category_model


def train(encoder: Encoder) -> Classifiers:
    intents = nlu_examples()
    rows = risk_rows(intents)
    intent_x = _embeddings(encoder, [e.text for e in intents])
    risk_x = _embeddings(encoder, [row[0] for row in rows])
    texts = [e.text for e in intents]
    return Classifiers(*fit(texts, intent_x, [e.label for e in intents], risk_x, rows), fingerprint())


def load_or_train(encoder: Encoder, log=print) -> Classifiers:
    # RTA_UNDERSTANDING_MODEL pins the classifiers a running stack started with (bot/run/launcher.py), as
    # Rasa's model is pinned: a service restarted after a crash serves again in seconds with the same model,
    # even if data/ was edited meanwhile, instead of training a new one while parents wait.
    pinned = os.environ.get("RTA_UNDERSTANDING_MODEL")
    if pinned and model_file(pinned).exists():
        return _fast(joblib.load(model_file(pinned)))
    path = model_file()
    if path.exists():
        return _fast(joblib.load(path))
    started = time.monotonic()
    classifiers = train(encoder)
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    joblib.dump(classifiers, temporary)
    temporary.replace(path)  # atomic: a reader never sees half a model
    for old in sorted(CACHE_DIR.glob("*.joblib"), key=lambda p: p.stat().st_mtime)[:-3]:
        old.unlink(missing_ok=True)
    log(f"understanding: trained in {time.monotonic() - started:.0f} s → {path.relative_to(ROOT)}")
    return _fast(classifiers)


def _fast(classifiers: Classifiers) -> Classifiers:
    for calibrated in classifiers.risk.meaning.named_estimators_["svm"].calibrated_classifiers_:
        use_matrix_kernel(calibrated.estimator)
        use_fast_calibration(calibrated)
    return classifiers
