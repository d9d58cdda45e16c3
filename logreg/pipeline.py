"""``Pipeline``: a feature map (polynomial terms, standardization) composed with the model.

The model sees features; people see the two raw inputs. ``grid_proba`` evaluates the fitted
pipeline on a grid of the raw inputs cheaply (standardization folded into the weights), so a
curved boundary can be drawn in the original input space.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from logreg.features import FeatureMap, poly_grid_logits
from logreg.functional import sigmoid
from logreg.model import LogisticRegression, Trainer, check_X

Array = NDArray[np.float64]


class Pipeline:
    """``FeatureMap`` then ``LogisticRegression``, with the estimator API.

    Parameters
    ----------
    feature_map : FeatureMap
        Unfitted or fitted; ``fit`` refits it on the training inputs.
    model : LogisticRegression
        Settings of the model; fitted in place by ``fit``.
    """

    def __init__(self, feature_map: FeatureMap, model: LogisticRegression) -> None:
        self.feature_map = feature_map
        self.model = model

    def trainer(
        self,
        X: ArrayLike,
        y: ArrayLike,
        *,
        eval_set: tuple[ArrayLike, ArrayLike] | None = None,
        input_names: list[str] | None = None,
        record_every: int | None = None,
    ) -> Trainer:
        """Fit the feature map on ``X`` (n, d) and return a :class:`Trainer` on the features."""
        A = check_X(X)
        Phi = self.feature_map.fit_transform(A, input_names)
        ev = None
        if eval_set is not None and len(eval_set[0]) > 0:
            ev = (self.feature_map.transform(check_X(eval_set[0], "X_test")), eval_set[1])
        return Trainer(self.model, Phi, y, eval_set=ev, record_every=record_every)

    def fit(
        self,
        X: ArrayLike,
        y: ArrayLike,
        *,
        eval_set: tuple[ArrayLike, ArrayLike] | None = None,
        input_names: list[str] | None = None,
    ) -> Pipeline:
        """Fit the feature map and the model; returns ``self``."""
        Phi = self.feature_map.fit_transform(check_X(X), input_names)
        ev = None
        if eval_set is not None and len(eval_set[0]) > 0:
            ev = (self.feature_map.transform(check_X(eval_set[0], "X_test")), eval_set[1])
        self.model.fit(Phi, y, eval_set=ev)
        return self

    @property
    def classes_(self) -> NDArray[Any]:
        return self.model.classes_

    @property
    def feature_names_(self) -> list[str]:
        """Names of the model's features, e.g. ``["x1", "x2", "x1²", "x1·x2", "x2²"]``."""
        return list(self.feature_map.feature_names_ or [])

    def transform(self, X: ArrayLike) -> Array:
        """Features the model sees, shape ``(n, p)``."""
        return self.feature_map.transform(check_X(X))

    def decision_function(self, X: ArrayLike) -> Array:
        """Logits, shape ``(n,)``."""
        return self.model.decision_function(self.transform(X))

    def predict_proba(self, X: ArrayLike) -> Array:
        """Probabilities, shape ``(n, 2)``."""
        return self.model.predict_proba(self.transform(X))

    def predict(self, X: ArrayLike) -> NDArray[Any]:
        """Labels, shape ``(n,)``."""
        return self.model.predict(self.transform(X))

    def score(self, X: ArrayLike, y: ArrayLike) -> float:
        """Accuracy."""
        return self.model.score(self.transform(X), y)

    def grid_proba(
        self,
        xs: ArrayLike,
        ys: ArrayLike,
        coef: ArrayLike | None = None,
        intercept: float | None = None,
    ) -> Array:
        """P(class 1) on the grid ``xs × ys`` of the two raw inputs, shape ``(len(ys), len(xs))``.

        ``coef``/``intercept`` override the fitted ones (to draw a training snapshot).
        """
        w = self.model.coef_[0] if coef is None else np.asarray(coef, dtype=np.float64)
        b = float(self.model.intercept_[0]) if intercept is None else float(intercept)
        return grid_proba(self.feature_map, w, b, xs, ys)


def grid_proba(
    feature_map: FeatureMap, coef: ArrayLike, intercept: float, xs: ArrayLike, ys: ArrayLike
) -> Array:
    """P(class 1) over a grid of two raw inputs, shape ``(len(ys), len(xs))``."""
    return sigmoid(poly_grid_logits(feature_map, coef, intercept, xs, ys))


def make_pipeline(degree: int = 1, standardize: bool = True, **model_params: Any) -> Pipeline:
    """Shorthand: ``Pipeline(FeatureMap(degree, standardize), LogisticRegression(**params))``."""
    return Pipeline(FeatureMap(degree, standardize), LogisticRegression(**model_params))
