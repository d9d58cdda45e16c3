"""Every page through Streamlit's AppTest: defaults, controls that change what is shown, state."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from logreg.ui import state

TIMEOUT = 60


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def run_page(path: str = "../pages/playground.py", **settings) -> AppTest:
    at = AppTest.from_file(path, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    if settings:
        for name, value in settings.items():
            set_widget(at, name, value)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
    return at


def set_widget(at: AppTest, name: str, value) -> None:
    key = state.widget_key(name)
    for kind in ("selectbox", "select_slider", "slider", "checkbox", "number_input"):
        widgets = [w for w in at.get(kind) if getattr(w, "key", None) == key]
        if widgets:
            widgets[0].set_value(value)
            return
    raise AssertionError(f"no widget for {name}")


def current_run(at: AppTest):
    return at.session_state[state.RUN]


@pytest.mark.parametrize("page", ["../app.py", "../pages/playground.py", "../pages/evaluate.py"])
def test_every_page_runs_at_defaults_and_draws_charts(page):
    at = run_page(page)
    assert not at.error
    assert len(at.get("plotly_chart")) >= 2


def test_opening_shows_a_trained_model_at_once():
    at = run_page()
    run = current_run(at)
    assert run.trainer.n_iter == 300
    assert metric(at, "Iteration") == "300 / 300"
    assert float(metric(at, "Train loss")) < 0.4  # well below log 2 = 0.693


def test_the_equation_under_the_charts_is_the_shown_model():
    at = run_page()
    run = current_run(at)
    eq = next(h.proto.body for h in at.get("html") if "lr-equation" in h.proto.body)
    from logreg import lab

    shown = lab.snapshot(run)  # the last iteration
    w, b = shown.w, shown.b
    assert f"&sigma;({b:.3g}".replace("-", "&minus;") in eq
    assert f"{abs(w[0]):.3g}&thinsp;<i>x</i><sub>1</sub>" in eq
    assert f"{abs(w[1]):.3g}&thinsp;<i>x</i><sub>2</sub>" in eq
    slider = next(s for s in at.slider if s.key and s.key.startswith("w_replay"))
    slider.set_value(10).run()  # replay: the equation follows the iteration shown
    eq10 = next(h.proto.body for h in at.get("html") if "lr-equation" in h.proto.body)
    assert eq10 != eq and f"{abs(w[0]):.3g}&thinsp;" not in eq10


def test_more_iterations_give_lower_loss():
    few = float(metric(run_page(max_iter=10), "Train loss"))
    many = float(metric(run_page(max_iter=1000), "Train loss"))
    assert many < few - 0.05


def test_stronger_l2_gives_smaller_weights():
    weak = current_run(run_page(alpha=0.0))
    strong = current_run(run_page(alpha=1.0))
    w_weak = abs(weak.trainer.coef).sum()
    w_strong = abs(strong.trainer.coef).sum()
    assert w_strong < 0.5 * w_weak


def test_degree_three_on_circles_is_accurate_and_degree_one_is_not():
    line = run_page(dataset="circles", solver="newton")
    curve = run_page(dataset="circles", solver="newton", degree=3)
    assert float(metric(line, "Train accuracy").rstrip("%")) < 75
    assert float(metric(curve, "Test accuracy").rstrip("%")) > 90
    assert "x1²" in current_run(curve).pipeline.feature_names_


def test_play_restarts_then_pause_step_and_reset():
    at = run_page()
    at.button(key="btn_play").click().run()
    assert at.session_state[state.RUNNING] is True
    # restarted from zero, one live rerun drawn at most (its 4 frames of 5 iterations each)
    assert current_run(at).trainer.n_iter <= 20
    at.button(key="btn_pause").click().run()
    assert at.session_state[state.RUNNING] is False
    before = current_run(at).trainer.n_iter
    at.button(key="btn_step").click().run()
    assert current_run(at).trainer.n_iter == before + 5  # "Iterations per frame" default
    at.button(key="btn_reset").click().run()
    assert current_run(at).trainer.n_iter == 0
    assert metric(at, "Iteration") == "0 / 300"


def test_live_frames_draw_one_live_component_and_paused_pages_plotly_charts():
    at = run_page()
    charts = {c.proto.id.rsplit("-", 1)[-1] for c in at.get("plotly_chart")}
    assert {"pg_decision", "pg_loss"} <= charts
    (waiting,) = at.get("component_instance")  # the live frame on standby, loaded before Play
    at.button(key="btn_play").click().run()
    assert at.session_state[state.RUNNING] is True
    assert not at.exception, [e.value for e in at.exception]
    assert not any("pg_" in c.proto.id for c in at.get("plotly_chart"))
    (live,) = at.get("component_instance")
    assert live.proto.id.endswith("pg_live")
    assert live.proto.id == waiting.proto.id  # the same frame: the browser keeps its iframe
    args = json.loads(live.proto.json_args)
    assert args["widths"] == [3, 2]
    decision, loss = (json.loads(spec) for spec in args["specs"])
    roles = [t.get("meta", {}).get("live") for t in decision["data"]]
    assert roles[0] == "surface" and "over" in roles
    assert [t["meta"]["live"] for t in loss["data"]] == ["under", "under"]
    # the numbers are drawn in the frame too, with the frames this rerun trained before
    assert not at.metric
    n = current_run(at).trainer.n_iter
    assert args["stats"][0] == ["Iteration", f"{n} / 300"]
    assert [label for label, _ in args["stats"]] == [
        "Iteration",
        "Train loss",
        "Test loss",
        "Train accuracy",
        "Test accuracy",
    ]
    earlier = args["frames"]
    assert len(earlier) == 3  # a first rerun: 4 frames (1/3 s at 12 a second), the last is specs
    shown = [int(f["stats"][0][1].split("/")[0]) for f in earlier]
    assert shown == [5, 10, 15] and n == 20
    for f, it in zip(earlier, shown, strict=True):
        surface = f["live"][0][0]
        assert surface["meta"]["live"] == "surface" and "bdata" in surface["z"]
        assert surface["z"]["dtype"] == "u1" and surface["meta"]["zq"] == 255  # bytes
        assert {t["meta"]["live"] for t in f["live"][0]} == {"surface", "under", "over"}
        assert f["live"][1] == it  # the loss curves cut at that iteration
    assert args["seq"].endswith(f"-{n}")
    # the model's equation of every frame is drawn in the frame, under the charts; the page
    # itself shows none while it plays (it would lag the frames)
    equations = [f["footer"] for f in earlier] + [args["footer"]]
    assert all(e.startswith('<div class="lr-equation"') for e in equations)
    assert len(set(equations)) == 4  # each frame its own weights
    from logreg import lab

    last = lab.snapshot(current_run(at))
    assert args["footer"] == lab.equation_html(["x1", "x2"], last.w, last.b)
    assert not [h for h in at.get("html") if "lr-equation" in h.proto.body]
    at.button(key="btn_pause").click().run()
    assert [h for h in at.get("html") if "lr-equation" in h.proto.body]  # paused: the page's
    # paused, the frame stays in its place, unseen (standby), for the next Play
    (standby,) = at.get("component_instance")
    assert standby.proto.id.endswith("pg_live")
    assert json.loads(standby.proto.json_args)["standby"] is True
    paused = {c.proto.id.rsplit("-", 1)[-1] for c in at.get("plotly_chart")}
    assert {"pg_decision", "pg_loss"} <= paused


def test_replay_slider_shows_an_earlier_iteration():
    at = run_page()
    slider = next(s for s in at.slider if s.key and s.key.startswith("w_replay"))
    slider.set_value(10).run()
    assert metric(at, "Iteration") == "10 / 300"


def test_divergence_is_a_clear_message_not_a_traceback():
    at = run_page(dataset="spirals", standardize=False, degree=6)
    assert not at.exception
    assert any("diverged" in e.value and "learning rate" in e.value for e in at.error)
    run = current_run(at)
    assert run.trainer.diverged
    assert all(abs(v) < 1e6 for v in run.trainer.theta)
    assert len(at.get("plotly_chart")) >= 2  # the last good model stays on screen


def test_overshooting_learning_rate_gets_a_warning_with_a_hint():
    at = run_page(solver="momentum", learning_rate=100.0)
    assert any("learning rate is probably too high" in w.value for w in at.warning)
    calm = run_page()
    assert not any("too high" in w.value for w in calm.warning)


def test_settings_survive_a_page_switch():
    at = AppTest.from_file("../app.py", default_timeout=TIMEOUT).run()
    set_widget(at, "dataset", "moons")
    set_widget(at, "degree", 4)
    at.run()
    at.switch_page("pages/evaluate.py").run()
    assert not at.exception
    at.switch_page("pages/playground.py").run()
    assert at.session_state[state.SETTINGS].dataset == "moons"
    assert at.session_state[state.SETTINGS].degree == 4
    assert at.selectbox(key=state.widget_key("dataset")).value == "moons"


def test_evaluate_threshold_moves_the_confusion_matrix():
    at = run_page("../pages/evaluate.py")
    low_cm = current_run(at)
    at.slider(key=state.widget_key("threshold")).set_value(0.9).run()
    assert not at.exception
    assert at.session_state[state.SETTINGS].threshold == 0.9
    assert low_cm is current_run(at)  # the model is not retrained by moving the threshold
    texts = [el.proto.spec for el in at.get("plotly_chart")]
    assert any("threshold" in t for t in texts)


def test_evaluate_shows_coefficients_with_p_values():
    at = run_page("../pages/evaluate.py", alpha=0.0)
    frames = [df.value for df in at.dataframe]
    coef = next(f for f in frames if "p_value" in getattr(f, "columns", []))
    assert list(coef.index[:3]) == ["intercept", "x1", "x2"]
    assert (coef["p_value"] >= 0).all()


def test_a_replaced_run_is_freed_even_after_its_replay_slider_was_shown():
    """Streamlit keeps a widget's callback after the widget is gone: the replay slider's must
    not hold the trainer, or every replaced run (75 MB at 1e6 rows) lives as long as the
    session."""
    import gc
    import weakref

    at = AppTest.from_file("../app.py", default_timeout=TIMEOUT).run()
    assert any("Replay" in s.label for s in at.slider)  # the slider with its callback is drawn
    first = weakref.ref(current_run(at).trainer)
    set_widget(at, "n_samples", 300)  # new data: a new run replaces the first
    at.run()
    at.switch_page("pages/evaluate.py").run()
    assert not at.exception, [e.value for e in at.exception]
    gc.collect()
    assert first() is None, [type(r).__name__ for r in gc.get_referrers(first())]


def test_the_view_section_draws_its_widgets_only_when_open_and_keeps_their_values():
    at = run_page("../pages/playground.py")
    view_keys = {state.widget_key(n) for n in ("speed", "show_test", "show_contours", "present")}
    drawn = {w.key for kind in ("select_slider", "checkbox") for w in at.get(kind)}
    assert not view_keys & drawn  # closed (the default): none of its widgets is built
    at.session_state[state.VIEW_OPEN] = True
    at.run()
    drawn = {w.key for kind in ("select_slider", "checkbox") for w in at.get(kind)}
    assert view_keys <= drawn
    set_widget(at, "show_test", False)
    set_widget(at, "speed", 20)
    at.run()
    at.session_state[state.VIEW_OPEN] = False
    at.run()
    assert not at.exception
    kept = at.session_state[state.SETTINGS]
    assert (kept.show_test, kept.speed) == (False, 20)  # closing changes no setting
    # and the chart follows: no hollow test markers in the boundary chart's legend
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert not [t for t in spec["data"] if "(test)" in str(t.get("name"))]


def test_an_open_view_section_stays_open_on_other_pages():
    at = run_page("../app.py")
    at.session_state[state.VIEW_OPEN] = True
    at.run()
    at.switch_page("pages/evaluate.py").run()
    assert not at.exception
    assert [w for w in at.checkbox if w.key == state.widget_key("show_test")]
    at.session_state[state.VIEW_OPEN] = False
    at.run()
    at.switch_page("pages/playground.py").run()
    assert not [w for w in at.checkbox if w.key == state.widget_key("show_test")]
