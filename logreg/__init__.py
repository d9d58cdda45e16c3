"""Logistic Regression Lab's engine: logistic regression from scratch in numpy.

``import logreg`` pulls in no UI code.
"""

from logreg.errors import ConvergenceWarning, DataError, DivergenceWarning, NotFittedError
from logreg.functional import log1pexp, sigmoid
from logreg.model import PENALTIES, SOLVERS, History, LogisticRegression, Trainer

__all__ = [
    "PENALTIES",
    "SOLVERS",
    "ConvergenceWarning",
    "DataError",
    "DivergenceWarning",
    "History",
    "LogisticRegression",
    "NotFittedError",
    "Trainer",
    "log1pexp",
    "sigmoid",
]
