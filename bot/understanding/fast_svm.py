"""The risk SVM's decision values as one matrix product instead of libsvm's loop over support vectors.

libsvm scores each sentence by walking its ~4,000 support vectors one by one; numpy does the same sums for all
of a message's sentences with one matrix product over a copy of the support vectors laid out for it (about
half the time here: reading 12 MB of support vectors is most of the cost either way). The numbers are the
same to 1e-12 (tests check it against libsvm), so the calibrated probabilities and every threshold chosen on
them are unchanged.
"""

from __future__ import annotations

from functools import partial
from types import MethodType

import numpy as np
from sklearn.svm import SVC


def rbf_decision(svc: SVC, sv_t: np.ndarray, sv_norms: np.ndarray, x: np.ndarray) -> np.ndarray:
    """What `SVC._decision_function` returns for a multi-class RBF SVC: one column per pair of classes
    (i < j, in libsvm's order), the pair's dual coefficients times the kernel plus its intercept.

    Each class's support vectors are multiplied by all of their dual coefficients at once (one product per
    class, not one per pair: the risk model has dozens of classes, so hundreds of pairs)."""
    x = np.asarray(x, dtype=np.float64)
    squared = (x**2).sum(axis=1)[:, None] + sv_norms[None, :] - 2.0 * x @ sv_t
    kernel = np.exp(-svc._gamma * squared)
    starts = np.concatenate([[0], np.cumsum(svc.n_support_)])
    n = len(svc.classes_)
    # partial[c, :, r]: class c's support vectors weighed by row r of the dual coefficients.
    partial = np.stack(
        [kernel[:, starts[c] : starts[c + 1]] @ svc._dual_coef_[:, starts[c] : starts[c + 1]].T for c in range(n)]
    )
    first, second = np.triu_indices(n, k=1)  # libsvm's pair order: (0, 1), (0, 2), …, (1, 2), …
    columns = partial[first, :, second - 1] + partial[second, :, first]
    return columns.T + svc._intercept_


def ovr_decision(svc: SVC, x: np.ndarray) -> np.ndarray:
    """`SVC.decision_function` with the default one-vs-rest shape: libsvm's pairwise votes and confidences summed
    per class as two matrix products, where sklearn loops over the pairs in Python (10 ms for 37 classes)."""
    pairwise = svc._decision_function(x)
    n = len(svc.classes_)
    first, second = np.triu_indices(n, k=1)
    to_first = np.zeros((len(first), n))
    to_first[np.arange(len(first)), first] = 1.0
    to_second = np.zeros((len(first), n))
    to_second[np.arange(len(first)), second] = 1.0
    predictions, confidences = pairwise < 0, -pairwise  # as SVC.decision_function passes them
    votes = (predictions == 0) @ to_first + (predictions == 1) @ to_second
    summed = confidences @ (to_second - to_first)
    return votes + summed / (3 * (np.abs(summed) + 1))


def isotonic_predict(calibrator, scores: np.ndarray) -> np.ndarray:
    """`IsotonicRegression.predict` (out_of_bounds="clip") as one np.interp, without sklearn's input checks,
    which cost more than the interpolation for the risk model's 37 classes."""
    scores = np.clip(np.asarray(scores, dtype=np.float64).reshape(-1), calibrator.X_min_, calibrator.X_max_)
    return np.interp(scores, calibrator.X_thresholds_, calibrator.y_thresholds_)


def use_fast_calibration(calibrated) -> None:
    """Swaps in `isotonic_predict` on each isotonic calibrator of a fitted CalibratedClassifierCV's fold."""
    for calibrator in calibrated.calibrators:
        if getattr(calibrator, "out_of_bounds", None) == "clip":
            calibrator.predict = partial(isotonic_predict, calibrator)


def use_matrix_kernel(svc: SVC) -> None:
    """Swaps in `rbf_decision` on a fitted multi-class RBF SVC (set after loading: it is not pickled)."""
    if svc.kernel != "rbf" or len(svc.classes_) < 3:
        return
    sv_t = np.ascontiguousarray(svc.support_vectors_.T)
    sv_norms = (svc.support_vectors_**2).sum(axis=1)
    svc._decision_function = partial(rbf_decision, svc, sv_t, sv_norms)
    if svc.decision_function_shape == "ovr":
        svc.decision_function = MethodType(ovr_decision, svc)  # a method: sklearn reads its __name__
