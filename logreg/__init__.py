"""Logistic Regression Lab's engine: logistic regression from scratch in numpy.

``import logreg`` pulls in no UI code.
"""

from logreg import data, datasets, features, inference, metrics, serialize
from logreg.datasets import DATASETS, make_dataset, train_test_split
from logreg.errors import ConvergenceWarning, DataError, DivergenceWarning, NotFittedError
from logreg.features import FeatureMap, PolynomialFeatures, StandardScaler
from logreg.functional import log1pexp, sigmoid
from logreg.model import PENALTIES, SOLVERS, History, LogisticRegression, Trainer
from logreg.pipeline import Pipeline, make_pipeline

__all__ = [
    "DATASETS",
    "PENALTIES",
    "SOLVERS",
    "ConvergenceWarning",
    "DataError",
    "DivergenceWarning",
    "FeatureMap",
    "History",
    "LogisticRegression",
    "NotFittedError",
    "Pipeline",
    "PolynomialFeatures",
    "StandardScaler",
    "Trainer",
    "data",
    "datasets",
    "features",
    "inference",
    "log1pexp",
    "make_dataset",
    "make_pipeline",
    "metrics",
    "serialize",
    "sigmoid",
    "train_test_split",
]
