"""Model files and predictions: download, load back, predict identically; bad files refused."""

from __future__ import annotations

import json

import numpy as np
from streamlit.testing.v1 import AppTest

from logreg import lab, serialize
from logreg.ui import state


def evaluate_page(**settings) -> AppTest:
    at = AppTest.from_file("../pages/evaluate.py", default_timeout=60)
    if settings:
        at.session_state[state.SETTINGS] = lab.Settings(**settings)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_downloaded_model_loaded_back_predicts_identically():
    at = evaluate_page(dataset="circles", degree=3, solver="newton")
    run = at.session_state[state.RUN]
    text = lab.model_json(run)
    back = serialize.from_json(text)
    X = run.data.X
    np.testing.assert_array_equal(back.predict_proba(X), run.fitted().predict_proba(X))
    assert back.model.metadata_["settings"]["degree"] == 3
    at.file_uploader(key="upload_model").set_value(
        ("model.json", text.encode(), "application/json")
    )
    at.run()
    assert not at.exception
    assert any("identical" in c.value for c in at.caption)
    assert any("accuracy is" in s.value for s in at.success)


def test_a_tampered_model_file_is_refused_with_a_clear_message():
    at = evaluate_page()
    doc = json.loads(lab.model_json(at.session_state[state.RUN]))
    doc["coef"] = ["NaN"]
    at.file_uploader(key="upload_model").set_value(
        ("model.json", json.dumps(doc).encode(), "application/json")
    )
    at.run()
    assert not at.exception
    assert any("cannot be used" in e.value for e in at.error)


def test_png_bytes_as_a_model_file_are_refused():
    at = evaluate_page()
    at.file_uploader(key="upload_model").set_value(("m.json", b"\x89PNG\r\n\x1a\n", "image/png"))
    at.run()
    assert not at.exception and any("not a text" in e.value for e in at.error)


def test_predictions_table_has_every_point_with_probability():
    at = evaluate_page()
    run = at.session_state[state.RUN]
    df = lab.predictions_frame(run, 0.5)
    assert len(df) == run.data.n
    assert set(df["split"]) == {"train", "test"}
    p = df["p(1)"].to_numpy()
    assert ((p >= 0) & (p <= 1)).all()
    assert (df["predicted"] == np.where(p >= 0.5, "1", "0")).all()
    names = [b.proto.label for b in at.get("download_button")]
    assert "Download the model (JSON)" in names and "Download predictions (CSV)" in names
