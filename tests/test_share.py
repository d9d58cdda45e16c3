"""Settings live in the URL: links reproduce a demo; tampered links fall back with a notice."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from logreg.lab import FIELDS, Settings
from logreg.ui import state

EVERYTHING = Settings(
    dataset="moons",
    n_samples=500,
    noise=0.35,
    balance=0.3,
    test_fraction=0.4,
    seed=42,
    degree=3,
    standardize=False,
    solver="momentum",
    learning_rate=0.03,
    max_iter=200,
    batch_size=32,
    penalty="elasticnet",
    alpha=0.01,
    l1_ratio=0.25,
    class_weight=True,
    speed=10,
    threshold=0.3,
    show_test=False,
    show_contours=False,
    present=True,
)


def test_every_field_differs_from_its_default_in_the_fixture():
    default = Settings()
    assert all(getattr(EVERYTHING, f) != getattr(default, f) for f in FIELDS)


def test_settings_to_query_and_back_is_exact():
    back, problems = Settings.from_mapping(EVERYTHING.to_query())
    assert problems == [] and back == EVERYTHING


def test_a_url_with_every_setting_round_trips_through_the_app():
    at = AppTest.from_file("../pages/playground.py", default_timeout=60)
    for k, v in EVERYTHING.to_query().items():
        at.query_params[k] = v
    at.run()
    assert not at.exception
    assert at.session_state[state.SETTINGS] == EVERYTHING
    assert at.selectbox(key=state.widget_key("dataset")).value == "moons"
    assert not at.warning  # nothing was rejected
    assert (
        dict(at.query_params) == {k: [v] for k, v in EVERYTHING.to_query().items()}
        or dict(at.query_params) == EVERYTHING.to_query()
    )


def test_a_tampered_url_falls_back_to_defaults_with_a_notice():
    at = AppTest.from_file("../pages/playground.py", default_timeout=60)
    at.query_params["learning_rate"] = "1e309"
    at.query_params["dataset"] = "<script>alert(1)</script>"
    at.query_params["degree"] = "99"
    at.query_params["noise"] = "0.5"  # a valid one is kept
    at.query_params["pickle"] = "gASV"  # unknown names are ignored
    at.run()
    assert not at.exception
    s = at.session_state[state.SETTINGS]
    assert s.learning_rate == Settings().learning_rate
    assert s.dataset == "blobs" and s.degree == 1 and s.noise == 0.5
    notice = " ".join(w.value for w in at.warning)
    assert "not valid" in notice and "Learning rate" in notice and "Polynomial degree" in notice
    assert "<script>" not in notice  # shown escaped, never as markup


def test_changing_a_control_updates_the_url():
    at = AppTest.from_file("../pages/playground.py", default_timeout=60).run()
    at.select_slider(key=state.widget_key("n_samples")).set_value(500).run()
    assert "500" in str(at.query_params.get("n_samples"))


def test_the_share_link_is_built_only_when_its_box_is_opened():
    from streamlit.testing.v1 import AppTest

    from logreg.ui import state

    at = AppTest.from_file("../pages/playground.py", default_timeout=60)
    at.query_params["dataset"] = "moons"
    at.run()
    assert not at.exception and len(at.code) == 0  # closed: no code block (no highlighter)
    at.session_state[state.SHARE_OPEN] = True
    at.run()
    assert not at.exception
    assert len(at.code) == 1 and "dataset=moons" in at.code[0].value
