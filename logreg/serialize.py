"""Save and load fitted models as JSON (never pickle), validated field by field on load.

The document::

    {"format": "logreg-lab/model", "version": 1,
     "params": {...constructor arguments...}, "classes": [neg, pos],
     "coef": [w1, ...], "intercept": b, "n_iter": k, "converged": true, "diverged": false,
     "feature_map": null | {"degree": 3, "standardize": true, "n_inputs": 2,
                            "input_names": ["x1", "x2"], "mean": [...], "scale": [...]},
     "metadata": {...free JSON, e.g. the app's settings...}}
"""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np

from logreg.errors import DataError
from logreg.features import FeatureMap, PolynomialFeatures, StandardScaler, monomial_powers
from logreg.model import LogisticRegression
from logreg.pipeline import Pipeline

FORMAT = "logreg-lab/model"
VERSION = 1
MAX_BYTES = 2_000_000
MAX_FEATURES = 10_000
MAX_INPUTS = 1_000
MAX_NAME = 200


def to_dict(obj: LogisticRegression | Pipeline, metadata: dict[str, Any] | None = None) -> dict:
    """JSON-ready description of a fitted model or pipeline."""
    model = obj.model if isinstance(obj, Pipeline) else obj
    model._check_fitted()
    params = model.get_params()
    if isinstance(params["random_state"], np.random.Generator):
        params["random_state"] = None
    doc: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "params": params,
        "classes": np.asarray(model.classes_).tolist(),
        "coef": model.coef_[0].tolist(),
        "intercept": float(model.intercept_[0]),
        "n_iter": int(model.n_iter_),
        "converged": bool(model.converged_),
        "diverged": bool(getattr(model, "diverged_", False)),
        "feature_map": None,
        "metadata": metadata or {},
    }
    if isinstance(obj, Pipeline):
        fm = obj.feature_map
        doc["feature_map"] = {
            "degree": fm.degree,
            "standardize": fm.standardize,
            "n_inputs": fm.n_input_features_,
            "input_names": list(fm.input_names_ or []),
            "mean": None if fm.scaler is None else fm.scaler.mean_.tolist(),
            "scale": None if fm.scaler is None else fm.scaler.scale_.tolist(),
        }
    return doc


def to_json(obj: LogisticRegression | Pipeline, metadata: dict[str, Any] | None = None) -> str:
    """Serialize a fitted model or pipeline to a JSON string."""
    return json.dumps(to_dict(obj, metadata), indent=1, allow_nan=False, ensure_ascii=False)


def _fail(what: str) -> DataError:
    return DataError(f"This model file cannot be used: {what}.")


def _get(doc: dict, key: str, kinds: tuple[type, ...], what: str) -> Any:
    if key not in doc:
        raise _fail(f"the field '{key}' is missing")
    value = doc[key]
    if isinstance(value, bool) and bool not in kinds:
        raise _fail(f"'{key}' must be {what}, not {value!r}")
    if not isinstance(value, kinds):
        raise _fail(f"'{key}' must be {what}, not {type(value).__name__}")
    return value


def _numbers(doc: dict, key: str, length: int | None, positive: bool = False) -> np.ndarray:
    values = _get(doc, key, (list,), "a list of numbers")
    if length is not None and len(values) != length:
        raise _fail(f"'{key}' must have {length} numbers, it has {len(values)}")
    if len(values) > MAX_FEATURES:
        raise _fail(f"'{key}' has {len(values):,} numbers, more than the {MAX_FEATURES:,} allowed")
    for v in values:
        if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
            raise _fail(f"'{key}' must contain only finite numbers, found {v!r}")
        if positive and v <= 0:
            raise _fail(f"'{key}' must contain only positive numbers, found {v!r}")
    return np.asarray(values, dtype=np.float64)


def from_dict(doc: Any) -> LogisticRegression | Pipeline:
    """Rebuild a fitted model or pipeline from :func:`to_dict` output, checking every field."""
    if not isinstance(doc, dict):
        raise _fail("it is not a JSON object")
    if doc.get("format") != FORMAT:
        raise _fail(f"it is not a Logistic Regression Lab model (format {doc.get('format')!r})")
    version = _get(doc, "version", (int,), "a whole number")
    if version != VERSION:
        raise _fail(f"it has version {version}, this app reads version {VERSION}")
    params = _get(doc, "params", (dict,), "an object")
    allowed = set(LogisticRegression._param_names())
    unknown = set(params) - allowed
    if unknown:
        raise _fail(f"unknown settings {sorted(unknown)}")
    model = LogisticRegression(**params)
    try:
        model.validate_params()
    except ValueError as exc:
        raise _fail(f"a setting is invalid ({exc})") from None
    classes = _get(doc, "classes", (list,), "a list of two labels")
    if len(classes) != 2 or classes[0] == classes[1]:
        raise _fail("'classes' must hold exactly two different labels")
    for c in classes:
        if not isinstance(c, str | int | float | bool) or (isinstance(c, str) and len(c) > 200):
            raise _fail(f"a class label must be a short text or a number, found {c!r}")
    coef = _numbers(doc, "coef", None)
    if coef.size == 0:
        raise _fail("'coef' is empty")
    intercept = _get(doc, "intercept", (int, float), "a number")
    if not math.isfinite(intercept):
        raise _fail("'intercept' must be a finite number")
    model.classes_ = np.asarray(classes)
    model.coef_ = coef.reshape(1, -1)
    model.intercept_ = np.array([float(intercept)])
    model.n_iter_ = int(_get(doc, "n_iter", (int,), "a whole number"))
    model.converged_ = bool(_get(doc, "converged", (bool,), "true or false"))
    model.diverged_ = bool(doc.get("diverged", False))
    model.message_ = ""
    model.n_features_in_ = coef.size
    meta = doc.get("metadata")
    model.metadata_ = meta if isinstance(meta, dict) else {}
    fm_doc = doc.get("feature_map")
    if fm_doc is None:
        return model
    return Pipeline(_feature_map(fm_doc, coef.size), model)


def _feature_map(fm: Any, n_coef: int) -> FeatureMap:
    if not isinstance(fm, dict):
        raise _fail("'feature_map' must be an object or null")
    degree = _get(fm, "degree", (int,), "a whole number")
    if not 1 <= degree <= 6:
        raise _fail(f"'degree' must be between 1 and 6, got {degree}")
    standardize = _get(fm, "standardize", (bool,), "true or false")
    n_inputs = _get(fm, "n_inputs", (int,), "a whole number")
    if not 1 <= n_inputs <= MAX_INPUTS:
        raise _fail(f"'n_inputs' must be between 1 and {MAX_INPUTS}, got {n_inputs}")
    if math.comb(n_inputs + degree, degree) - 1 > MAX_FEATURES:
        raise _fail("the feature map would have too many features")
    p = len(monomial_powers(n_inputs, degree))
    if p != n_coef:
        raise _fail(
            f"degree {degree} on {n_inputs} inputs gives {p} features, but 'coef' has {n_coef}"
        )
    names = _get(fm, "input_names", (list,), "a list of names")
    if len(names) != n_inputs or not all(isinstance(s, str) and len(s) <= MAX_NAME for s in names):
        raise _fail(f"'input_names' must be {n_inputs} short texts")
    fmap = FeatureMap(degree, standardize=standardize)
    fmap.poly = PolynomialFeatures.from_dict(
        {"degree": degree, "include_bias": False, "n_features_in": n_inputs}
    )
    if standardize:
        fmap.scaler = StandardScaler.from_dict(
            {
                "mean": _numbers(fm, "mean", p).tolist(),
                "scale": _numbers(fm, "scale", p, True).tolist(),
            }
        )
    fmap.input_names_ = list(names)
    fmap.feature_names_ = fmap.poly.get_feature_names_out(fmap.input_names_)
    return fmap


def from_json(text: str | bytes) -> LogisticRegression | Pipeline:
    """Load a model saved by :func:`to_json`; anything unusable raises :class:`DataError`."""
    if len(text) > MAX_BYTES:
        raise _fail(f"it is larger than {MAX_BYTES // 1_000_000} MB")
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise _fail("it is not a text (JSON) file") from None
    try:
        doc = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise _fail(f"it is not valid JSON ({exc.msg} at line {exc.lineno})") from None
    except RecursionError:
        raise _fail("it is nested too deeply") from None
    return from_dict(doc)


def _reject_constant(name: str) -> float:
    raise _fail(f"it contains {name}, which is not a number")
