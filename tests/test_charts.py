"""The live charts component (logreg/ui/charts.py): its files, and its fallback."""

from __future__ import annotations

from pathlib import Path

import plotly
from streamlit.testing.v1 import AppTest

from logreg.ui import charts, state


def test_the_component_folder_holds_its_page_and_the_packaged_plotly_js():
    folder = charts._asset_dir()
    assert folder is not None
    page = (folder / "index.html").read_text()
    assert "streamlit:componentReady" in page and 'loader.src = "plotly.min.js"' in page
    packaged = Path(plotly.__file__).with_name("package_data") / "plotly.min.js"
    assert (folder / "plotly.min.js").read_bytes() == packaged.read_bytes()
    assert charts._asset_dir() == folder  # made once, then found


def test_without_the_component_live_frames_fall_back_to_plotly_charts(monkeypatch):
    monkeypatch.setattr(charts, "_get_component", lambda: None)
    at = AppTest.from_file("../pages/playground.py", default_timeout=60)
    at.run()
    at.button(key="btn_play").click().run()
    assert at.session_state[state.RUNNING] is True
    assert not at.exception, [e.value for e in at.exception]
    assert not at.get("component_instance")
    assert {c.proto.id.rsplit("-", 1)[-1] for c in at.get("plotly_chart")} == {
        "pg_live_decision_0",
        "pg_live_loss_0",
    }
    assert at.metric[0].label == "Iteration"  # the numbers as st.metric


def test_live_surfaces_travel_as_bytes_within_half_a_step_of_the_probabilities():
    import base64
    import json

    import numpy as np

    from logreg import figures

    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 2))
    y = (X[:, 0] > 0).astype(int)
    xs, ys = np.linspace(-3, 3, 20), np.linspace(-2, 2, 15)
    proba = 1 / (1 + np.exp(-(xs[None, :] + 0.5 * ys[:, None])))
    fig = figures.decision_figure(
        xs, ys, proba, X_train=X, y_train=y, p_train=(X[:, 0] > 0.2) * 0.8 + 0.1, live=True
    )
    spec = json.loads(charts._spec(fig))
    surface = next(t for t in spec["data"] if t.get("meta", {}).get("live") == "surface")
    assert surface["z"]["dtype"] == "u1" and surface["meta"]["zq"] == 255
    assert (surface["zmin"], surface["zmax"]) == (0.0, 1.0)  # the colour bar's scale stays
    z = np.frombuffer(base64.b64decode(surface["z"]["bdata"]), np.uint8).reshape(15, 20) / 255
    assert np.abs(z - proba).max() <= 0.5 / 255 + 1e-6
    # the other traces are exactly the figure's own JSON
    plain = json.loads(fig.to_json())["data"]
    others = [t for t in spec["data"] if t.get("meta", {}).get("live") != "surface"]
    assert others == [t for t in plain if t.get("meta", {}).get("live") != "surface"]
    # earlier frames: the same bytes from the figure-free traces
    earlier = charts._entry(figures.decision_live_traces(xs, ys, proba, X_train=X, y_train=y))
    assert earlier[0]["z"]["bdata"] == surface["z"]["bdata"]
    assert charts._entry(12.0) == 12.0


def test_three_input_columns_play_their_loss_curve_frames_and_the_numbers_as_metrics():
    """No boundary chart for 3 inputs: while playing, the numbers are st.metric (3 reruns a
    second) and the loss chart's live frame plays the rerun's frames by cutting its curves."""
    import json

    import numpy as np

    from logreg import lab
    from logreg.lab import Dataset, Settings

    rng = np.random.default_rng(3)
    X = rng.normal(size=(300, 3))
    y = (X @ [1.0, -1.0, 0.5] > 0).astype(np.int64)
    at = AppTest.from_file("../pages/playground.py", default_timeout=60)
    at.session_state[state.CUSTOM_DATA] = Dataset(X, y, ("no", "yes"), ("a", "b", "c"), "3.csv")
    at.session_state[state.SETTINGS] = Settings(dataset=lab.CUSTOM, max_iter=2000)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("two input columns only" in i.value for i in at.info)
    at.button(key="btn_play").click().run()
    assert not at.exception, [e.value for e in at.exception]
    (live,) = at.get("component_instance")
    assert live.proto.id.endswith("pg_live_loss")
    args = json.loads(live.proto.json_args)
    assert args["stats"] == [] and [f["live"] for f in args["frames"]] == [[5.0], [10.0], [15.0]]
    n = at.session_state[state.RUN].trainer.n_iter
    assert next(m.value for m in at.metric if m.label == "Iteration") == f"{n:,} / 2,000"
