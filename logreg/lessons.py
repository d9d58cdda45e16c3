"""Ready-made lessons: one click sets data and controls; two sentences say what to look for.

Each lesson is data (a whitelist, like the data sets): its settings, what to look for, what to
try next and the change to try (``try_changes``). ``effect(lesson)`` trains both versions with
the engine and returns the numbers that show the lesson's point, so a test can check that every
lesson actually shows what it says.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from logreg import lab, metrics
from logreg.lab import Run, Settings


@dataclass(frozen=True)
class Lesson:
    key: str
    title: str
    look_for: str
    try_next: str
    changes: dict[str, Any]
    try_changes: dict[str, Any] = field(default_factory=dict)

    def settings(self) -> Settings:
        return Settings().replace(**self.changes)

    def follow_up(self) -> Settings:
        return self.settings().replace(**self.try_changes)


LESSONS: dict[str, Lesson] = {
    lesson.key: lesson
    for lesson in [
        Lesson(
            "lr_too_high",
            "Learning rate too high",
            "With a learning rate of 30 every step overshoots the bottom of the loss valley: "
            "the loss curve jumps up and down instead of gliding down.",
            "Lower the learning rate to 1 and press Play again: the curve becomes smooth.",
            {"dataset": "blobs", "solver": "gd", "learning_rate": 30.0, "max_iter": 100},
            {"learning_rate": 1.0},
        ),
        Lesson(
            "not_a_line",
            "A straight line is not enough",
            "The classes form two rings; a logistic regression on x1 and x2 can only draw a "
            "straight boundary, so it gets about half of the points wrong.",
            "Set the polynomial degree to 3: with x1², x2², … as extra inputs the boundary "
            "becomes a closed curve and accuracy jumps above 90%.",
            {"dataset": "circles", "noise": 0.2, "degree": 1, "solver": "newton"},
            {"degree": 3},
        ),
        Lesson(
            "overfitting",
            "Regularization tames overfitting",
            "Few noisy points and degree-6 features without a penalty: the boundary twists "
            "around single points, training loss is low but the test loss is much higher.",
            "Choose L2 regularization with λ = 0.01: the boundary smooths out and the test "
            "loss drops.",
            {
                "dataset": "moons",
                "n_samples": 100,
                "noise": 0.6,
                "test_fraction": 0.4,
                "degree": 6,
                "solver": "newton",
                "penalty": "none",
                "max_iter": 100,
                "seed": 3,
            },
            {"penalty": "l2", "alpha": 0.01},
        ),
        Lesson(
            "separation",
            "Perfect separation",
            "With quadratic features these clean rings can be separated perfectly; without a "
            "penalty the loss can always shrink further by making the weights bigger, so the "
            "weights keep growing and the probabilities become 0 or 1.",
            "Add L2 regularization (λ = 0.01): the weights stop growing and stay finite.",
            {
                "dataset": "circles",
                "noise": 0.0,
                "degree": 2,
                "penalty": "none",
                "solver": "gd",
                "learning_rate": 3.0,
                "max_iter": 2000,
            },
            {"penalty": "l2", "alpha": 0.01},
        ),
        Lesson(
            "imbalanced",
            "Imbalanced classes",
            "Only 10% of the points are class 1 and they overlap the others; the model "
            "predicts the majority class most of the time, so recall for class 1 is low.",
            "Tick 'Balance class weights' (or lower the threshold on the Evaluate page): "
            "recall for class 1 goes up, at the cost of some false positives.",
            {
                "dataset": "blobs",
                "n_samples": 1000,
                "noise": 0.5,
                "balance": 0.1,
                "solver": "newton",
            },
            {"class_weight": True},
        ),
        Lesson(
            "standardize",
            "Why standardize",
            "Degree-5 features without standardization have wildly different scales (x1⁵ is "
            "hundreds of times larger than x1): the first gradient steps overshoot and the loss "
            "shoots far above where it started before it settles.",
            "Tick 'Standardize features': with every input on the same scale, the same "
            "learning rate glides straight down.",
            {
                "dataset": "moons",
                "degree": 5,
                "standardize": False,
                "solver": "gd",
                "learning_rate": 1.0,
                "max_iter": 300,
            },
            {"standardize": True},
        ),
    ]
}


def train(settings: Settings) -> Run:
    """Generate the data, split and train to completion (warnings silenced)."""
    data = lab.generate(settings)
    run = Run.start(settings, data, lab.split(data, settings.test_fraction, settings.seed))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run.trainer.run()
    return run


def measures(run: Run) -> dict[str, float]:
    """The numbers a lesson may point at."""
    snap = lab.snapshot(run, grid=2)
    sp = run.split
    J = run.trainer.history.objective
    recall = metrics.recall(sp.y_train, (snap.p_train >= 0.5).astype(int))
    return {
        "train_loss": snap.train_loss,
        "test_loss": snap.test_loss,
        "train_acc": snap.train_acc,
        "test_acc": snap.test_acc,
        "weight_norm": float(np.linalg.norm(run.trainer.coef)),
        "loss_increases": float(np.sum(np.diff(J) > 0)),
        "recall": float(recall),
        "unstable": float(lab.instability(run.trainer) is not None),
        "peak_ratio": float(J.max() / J[0]),
    }


def effect(lesson: Lesson) -> tuple[dict[str, float], dict[str, float]]:
    """Measures before and after the suggested change."""
    return measures(train(lesson.settings())), measures(train(lesson.follow_up()))
