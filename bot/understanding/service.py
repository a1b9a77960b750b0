"""What the understanding service does for one message, without HTTP: parse it for Rasa, screen it for danger.

Each message is encoded once (whole, and sentence by sentence when it has several); the parse and the
safety decision both read those vectors.
"""
from __future__ import annotations

from dataclasses import dataclass

from bot.safety.decision import SafetyDecision, SentenceScores, decide
from bot.understanding import parse as parsing
from bot.understanding.encoder import Encoder
from bot.understanding.models import Classifiers, load_or_train


@dataclass
class Understanding:
    encoder: Encoder
    classifiers: Classifiers

    @classmethod
    def load(cls, log=print) -> "Understanding":
        encoder = Encoder()
        return cls(encoder, load_or_train(encoder, log=log))

    def _vectors(self, text: str):
        parts = parsing.segments(text)
        texts = [text] + (parts if len(parts) > 1 else [])
        return parts, texts, self.encoder.embed(texts)

    def parse(self, text: str) -> dict:
        """Rasa's parse format."""
        payload = parsing.shorthand(text)
        if payload is not None:
            return payload
        if not text.strip():
            return parsing.rasa_format(text, parsing.FALLBACK_INTENT, 1.0, [], [])
        parts, _, vectors = self._vectors(text)
        return parsing.to_rasa(text, parsing.read(text, vectors, parts if len(parts) > 1 else [text], self.classifiers))

    def screen(self, text: str, in_checklist: bool = False) -> SafetyDecision:
        if parsing.shorthand(text) is not None or not text.strip():
            return SafetyDecision(None)
        _, texts, vectors = self._vectors(text)
        return decide(texts, self._scores(vectors), in_checklist)

    def _scores(self, vectors) -> list[SentenceScores]:
        risks = self.classifiers.rank(self.classifiers.risk, vectors)
        categories = self.classifiers.rank(self.classifiers.category, vectors)
        scores = []
        for risk, category in zip(risks, categories):
            probability = dict(risk)
            scores.append(SentenceScores(probability.get("urgent", 0.0), probability.get("check", 0.0), category))
        return scores
