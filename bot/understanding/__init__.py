"""The understanding service: one pretrained sentence encoder that reads every message once.

It serves Rasa's external NLU interface (`POST /model/parse`, wired through endpoints.yml `nlu: url:`) and
the gateway's safety screen (`POST /analyse`) from the same embedding. Classifiers are trained from
data/nlu/ (Rasa's format) and data/safety/, and cached by a hash of that data (`python -m bot.understanding.train`).
"""
