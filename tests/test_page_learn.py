"""The Learn page through Streamlit's AppTest: formulas, charts, sliders, separation, escaping."""

from __future__ import annotations

import copy
import math

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from logreg import teach
from logreg.lab import Dataset, Settings
from logreg.ui import state

PAGE = "../pages/learn.py"
TIMEOUT = 60


def run_page(**settings) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.run()
    _ok(at)
    if settings:
        for name, value in settings.items():
            _set_widget(at, name, value)
        at.run()
        _ok(at)
    return at


def _ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def _set_widget(at: AppTest, name: str, value) -> None:
    key = state.widget_key(name)
    for kind in ("selectbox", "select_slider", "slider", "checkbox", "number_input"):
        widgets = [w for w in at.get(kind) if getattr(w, "key", None) == key]
        if widgets:
            widgets[0].set_value(value)
            return
    raise AssertionError(f"no widget for {name}")


def _metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def _latex(at: AppTest) -> list[str]:
    return [el.value for el in at.latex]


def _text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [w.value for w in at.warning] + [i.value for i in at.info]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def default_page() -> AppTest:
    return run_page()


def test_runs_at_defaults_with_formulas_and_charts(default_page):
    at = default_page
    assert not at.error
    assert len(at.get("plotly_chart")) >= 3
    tex = _latex(at)
    assert len(tex) >= 8
    joined = "\n".join(tex)
    assert r"\frac{1}{1 + e^{-z}}" in joined  # the sigmoid
    assert r"-\log(1-p)" in joined  # the log-loss
    assert r"\theta - \eta\,\nabla J(\theta)" in joined  # the update rule
    assert r"\frac{\partial J}{\partial w_{1}}" in joined  # the worked gradient
    headers = [h.value.lower() for h in at.header]
    words = ("probability", "log-loss", "gradient descent", "landscape", "scaling", "separation")
    assert len(headers) == len(words)
    for header, word in zip(headers, words, strict=True):
        assert word in header


def test_moving_the_z_slider_changes_p():
    at = run_page()
    assert _metric(at, "p = σ(z)") == "0.5000"
    at.slider(key="learn_z").set_value(2.0).run()
    _ok(at)
    assert _metric(at, "p = σ(z)") == f"{1 / (1 + math.exp(-2.0)):.4f}" == "0.8808"
    logit = [c for c in at.get("plotly_chart") if "your z" in c.proto.spec]
    assert logit, "the logit view marks the chosen z"


def test_worked_step_numbers_match_the_engines_next_step(default_page):
    at = default_page
    run = at.session_state[state.RUN]
    nxt = copy.deepcopy(run.trainer)
    nxt.model.max_iter += 1
    assert nxt.step(1) == 1
    assert float(_metric(at, "Loss J after the step")) == pytest.approx(
        nxt.current.objective, abs=1e-6
    )
    assert f"{nxt.theta[1]:.4g}" in "\n".join(_latex(at))


def test_choosing_iteration_zero_works_out_the_first_step():
    at = run_page()
    at.select_slider(key="learn_iter").set_value(0).run()
    _ok(at)
    assert "At iteration 0" in _text(at)
    assert any(r"b' &= 0 - 0.1\times" in t for t in _latex(at))
    assert float(_metric(at, "Loss J before the step")) == pytest.approx(math.log(2), abs=1e-6)


def test_landscape_axes_can_be_changed_and_must_differ():
    at = run_page()
    at.selectbox(key="learn_i").set_value(0).run()
    _ok(at)
    spec = next(c.proto.spec for c in at.get("plotly_chart") if "optimiser path" in c.proto.spec)
    assert "b (intercept)" in spec
    at.selectbox(key="learn_j").set_value(0).run()
    _ok(at)
    assert "Pick two different parameters" in _text(at)


def test_worst_point_button_puts_its_p_on_the_slider():
    at = run_page()
    at.button(key="learn_show_worst").click().run()
    _ok(at)
    run = at.session_state[state.RUN]
    wp = teach.worst_point(run.trainer)
    assert at.slider(key="learn_p").value == pytest.approx(round(wp.p, 3))


def test_not_separable_at_defaults(default_page):
    text = _text(default_page)
    assert "not perfectly separable" in text
    assert "Your training data are perfectly separable" not in text


def test_separable_data_get_the_separation_explanation():
    # Circles without noise: a ring inside a ring, separable by x1² + x2² (degree 2).
    at = run_page(dataset="circles", noise=0.0, degree=2, penalty="none")
    text = _text(at)
    assert "Your training data are perfectly separable" in text
    assert "infinitely large" in text
    assert "no penalty" in text
    assert any(r"\sqrt{2\ln 2 / \lambda}" in t for t in _latex(at))
    losses = [float(v) for v in at.dataframe[-1].value["training loss"]]
    assert losses == sorted(losses, reverse=True) and losses[-1] < 1e-6


def test_scaling_section_on_unscaled_polynomial_features():
    at = run_page(dataset="xor", degree=2, standardize=False)
    raw = float(_metric(at, "κ as they are"))
    std = float(_metric(at, "κ standardized"))
    assert raw > 100 * std
    assert "currently **off**" in _text(at)


def test_large_learning_rate_shows_overshooting():
    at = run_page(learning_rate=30.0)
    text = _text(at)
    assert "steps can overshoot" in text
    assert "zig-zags" in text


def test_person_supplied_names_are_escaped():
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(size=(30, 2)) - 1, rng.normal(size=(30, 2)) + 1])
    y = np.r_[np.zeros(30, np.int64), np.ones(30, np.int64)]
    data = Dataset(
        X,
        y,
        class_names=("<script>alert(1)</script>", "*bold* $x$"),
        feature_names=(r"\input{secret}", "[link](http://x)"),
        source="test",
    )
    at.session_state[state.CUSTOM_DATA] = data
    at.session_state[state.SETTINGS] = Settings(dataset="custom")
    at.run()
    _ok(at)
    text = _text(at)
    assert "<script>" not in text and r"\<script\>" in text
    assert "[link](http" not in text
    for tex in _latex(at):
        body = tex.strip().removeprefix("$$").removesuffix("$$")  # st.latex wraps in $$
        assert r"\input" not in body and "$" not in body


def test_a_converged_model_says_the_step_changes_nothing_not_that_it_overshoots():
    """Newton at its optimum: the worked gradient step moves the loss by rounding error only;
    the page must not call that overshooting (it did: "This step makes the loss bigger")."""
    at = run_page(solver="newton")
    assert at.session_state[state.RUN].trainer.converged
    text = _text(at)
    assert "Training has nothing left to do here" in text
    assert "makes the loss bigger" not in text and "goes down, as it should" not in text
    assert not [w for w in at.warning if "loss bigger" in w.value]
    after = next(m for m in at.metric if m.label == "Loss J after the step")
    assert after.delta in (None, "")  # no +1e-17 'increase' in red
    at = run_page()  # gradient descent after 300 of its small steps: still going down
    assert "goes down, as it should" in _text(at)
    assert "nothing left to do" not in _text(at)


def test_a_tiny_average_error_is_written_in_scientific_form_not_as_minus_zero():
    from logreg.ui.learn_page import _signed

    assert _signed(0.01234) == "+0.0123" and _signed(-0.5) == "-0.5000"
    assert _signed(-2.141e-9) == "-2.14e-09" and _signed(0.0) == "+0.0000"
    at = run_page(solver="newton")  # at the optimum the average error is ~1e-9
    text = _text(at)
    assert "average error p − y of" in text and "-0.0000" not in text
