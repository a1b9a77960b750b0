"""The risk SVM's decision values as one matrix product instead of libsvm's loop over support vectors.

libsvm scores each sentence by walking its ~4,000 support vectors one by one; numpy does the same sums for all
of a message's sentences with one matrix product over a copy of the support vectors laid out for it (about
half the time here: reading 12 MB of support vectors is most of the cost either way). The numbers are the
same to 1e-12 (tests check it against libsvm), so the calibrated probabilities and every threshold chosen on
them are unchanged.
"""

from __future__ import annotations

from functools import partial

import numpy as np
from sklearn.svm import SVC


def rbf_decision(svc: SVC, sv_t: np.ndarray, sv_norms: np.ndarray, x: np.ndarray) -> np.ndarray:
    """What `SVC._decision_function` returns for a multi-class RBF SVC: one column per pair of classes
    (i < j, in libsvm's order), the pair's dual coefficients times the kernel plus its intercept."""
    x = np.asarray(x, dtype=np.float64)
    squared = (x**2).sum(axis=1)[:, None] + sv_norms[None, :] - 2.0 * x @ sv_t
    kernel = np.exp(-svc._gamma * squared)
    starts = np.concatenate([[0], np.cumsum(svc.n_support_)])
    columns = []
    n = len(svc.classes_)
    for i in range(n):
        for j in range(i + 1, n):
            si, sj = slice(starts[i], starts[i + 1]), slice(starts[j], starts[j + 1])
            columns.append(kernel[:, si] @ svc._dual_coef_[j - 1, si] + kernel[:, sj] @ svc._dual_coef_[i, sj])
    return np.stack(columns, axis=1) + svc._intercept_


def use_matrix_kernel(svc: SVC) -> None:
    """Swaps in `rbf_decision` on a fitted multi-class RBF SVC (set after loading: it is not pickled)."""
    if svc.kernel != "rbf" or len(svc.classes_) < 3:
        return
    sv_t = np.ascontiguousarray(svc.support_vectors_.T)
    sv_norms = (svc.support_vectors_**2).sum(axis=1)
    svc._decision_function = partial(rbf_decision, svc, sv_t, sv_norms)
