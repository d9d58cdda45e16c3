"""Every lesson shows what it says with the engine as it is (and the suggested change fixes it)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from logreg.lessons import LESSONS, effect, train
from logreg.ui import state


@pytest.fixture(scope="module")
def effects():
    return {key: effect(lesson) for key, lesson in LESSONS.items()}


def test_learning_rate_too_high_oscillates_and_a_smaller_one_is_smooth(effects):
    before, after = effects["lr_too_high"]
    assert before["unstable"] == 1 and before["loss_increases"] >= 20
    assert after["unstable"] == 0 and after["loss_increases"] == 0


def test_a_straight_line_is_not_enough_but_degree_three_is(effects):
    before, after = effects["not_a_line"]
    assert before["test_acc"] < 0.7
    assert after["test_acc"] > 0.9


def test_regularization_tames_overfitting(effects):
    before, after = effects["overfitting"]
    assert before["train_loss"] < 0.05 and before["test_loss"] > 1.0  # memorized the noise
    assert after["test_loss"] < 0.5 * before["test_loss"]
    assert after["weight_norm"] < before["weight_norm"] / 100


def test_perfect_separation_makes_unpenalized_weights_keep_growing():
    lesson = LESSONS["separation"]
    run = train(lesson.settings())
    h = run.trainer.history
    norms = np.linalg.norm(h.params[:, 1:], axis=1)
    assert run.trainer.history.loss[-1] < 0.01
    mid = norms[np.searchsorted(h.param_iteration, 1000)]
    assert norms[-1] > mid > norms[np.searchsorted(h.param_iteration, 100)]  # still growing
    fixed = train(lesson.follow_up())
    assert np.linalg.norm(fixed.trainer.coef) < 0.5 * norms[-1]


def test_imbalanced_classes_recall_improves_with_balanced_weights(effects):
    before, after = effects["imbalanced"]
    assert before["recall"] < 0.75
    assert after["recall"] > before["recall"] + 0.1


def test_standardizing_removes_the_overshoot(effects):
    before, after = effects["standardize"]
    assert before["peak_ratio"] > 5 and before["unstable"] == 1
    assert after["peak_ratio"] == pytest.approx(1.0) and after["unstable"] == 0


@pytest.mark.parametrize("key", list(LESSONS))
def test_starting_a_lesson_in_the_app_sets_its_settings(key):
    at = AppTest.from_file("../app.py", default_timeout=60).run()
    at.switch_page("pages/lessons.py").run()
    at.button(key=f"lesson_{key}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert at.session_state[state.SETTINGS] == LESSONS[key].settings()
    assert at.session_state[state.LESSON] == key
