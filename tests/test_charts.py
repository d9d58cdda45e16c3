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
