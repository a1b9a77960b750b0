"""The risk SVM's matrix-product decision values are libsvm's, so the safety decision is unchanged."""

from __future__ import annotations

import copy

import joblib
import numpy as np

from bot.understanding import models
from bot.understanding.encoder import Encoder
from bot.understanding.fast_svm import use_fast_calibration, use_matrix_kernel


def test_the_matrix_kernel_gives_libsvms_probabilities_on_real_messages():
    models.load_or_train(Encoder(), log=lambda *args: None)  # trains the real model if it is missing
    plain = joblib.load(models.model_file()).risk.meaning.named_estimators_["svm"]  # as pickled: libsvm's own loop
    fast = copy.deepcopy(plain)
    for calibrated in fast.calibrated_classifiers_:
        use_matrix_kernel(calibrated.estimator)
        use_fast_calibration(calibrated)  # isotonic calibrators as one np.interp each
    texts = [row[0] for row in models.risk_rows()][::25]
    vectors = models._embeddings(Encoder(), texts)
    svc = fast.calibrated_classifiers_[0].estimator
    assert svc._decision_function.func.__name__ == "rbf_decision"  # the fast path is the one measured
    assert svc.decision_function.__func__.__name__ == "ovr_decision"
    assert fast.calibrated_classifiers_[0].calibrators[0].predict.func.__name__ == "isotonic_predict"
    assert (
        np.abs(
            svc.decision_function(vectors) - plain.calibrated_classifiers_[0].estimator.decision_function(vectors)
        ).max()
        < 1e-9
    )
    assert np.abs(fast.predict_proba(vectors) - plain.predict_proba(vectors)).max() < 1e-9
