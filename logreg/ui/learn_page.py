"""Learn: the maths of logistic regression, worked out on the person's own data and model.

Six short sections, each a formula (``st.latex``), plain words next to it, and a chart or the
actual numbers from the current run. All maths lives in :mod:`logreg.teach`; this module only
draws. Person-supplied text (column names, class labels) goes through :func:`md` for markdown
and through :func:`logreg.lab._tex_name` (inside :mod:`logreg.teach`) for LaTeX.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from logreg import figures, lab, teach
from logreg.functional import sigmoid
from logreg.lab import Run
from logreg.model import PENALTIES, SOLVERS
from logreg.ui import page
from logreg.ui.text import md

_CONFIG = {"displaylogo": False}
_PENALTY_SHORT = {"none": "no", "l1": "L1", "l2": "L2", "elasticnet": "elastic-net"}
MEMO = "learn_memo"  # {name: (token, value)}: results worth keeping between reruns
Z_KEY, P_KEY, ITER_KEY, I_KEY, J_KEY = "learn_z", "learn_p", "learn_iter", "learn_i", "learn_j"
LANDSCAPE_POINTS = 5_000  # the landscape's mean loss: over a sample of this many points at most


def _number_format(table: pd.DataFrame, fmt: str) -> dict[str, Any]:
    """Column formats for every column of ``table`` (a pandas Styler costs ~40-100 ms a rerun)."""
    return {str(c): st.column_config.NumberColumn(format=fmt) for c in table.columns}


def _memo(name: str, token: Any, compute: Callable[[], Any]) -> Any:
    """``compute()`` once per ``token`` (the run and what else the result depends on)."""
    store = st.session_state.setdefault(MEMO, {})
    hit = store.get(name)
    if hit is not None and hit[0] == token:
        return hit[1]
    value = compute()
    store[name] = (token, value)
    return value


def _token(run: Run, *extra: Any) -> tuple[Any, ...]:
    return (id(run.trainer), run.trainer.n_iter, *extra)


def _signed(x: float) -> str:
    """``+0.0123``; tiny values in scientific form (``-2.14e-09``), never ``-0.0000``."""
    return f"{x:+.4f}" if x == 0 or abs(x) >= 5e-5 else f"{x:+.3g}"


def _fmt(x: float, digits: int = 4) -> str:
    if not math.isfinite(x):
        return "∞" if x > 0 else "n/a"
    return f"{x:.{digits}g}"


# ---------------------------------------------------------------------------------------
# 1. The sigmoid
# ---------------------------------------------------------------------------------------


def sigmoid_section(run: Run) -> None:
    c0, c1 = (md(c) for c in run.data.class_names)
    st.header("1 · From a score to a probability", divider="gray")
    left, right = page.columns([2, 3], layout="text_chart", key="learn_sigmoid")
    with left:
        st.latex(r"p = \sigma(z) = \frac{1}{1 + e^{-z}}")
        st.markdown(
            "The model first works out a **score** *z*: every input times its weight, added "
            "up, plus the intercept. The **sigmoid** σ squeezes any score into a probability "
            f"between 0 and 1: *z* = 0 gives 0.5, a large positive score gives nearly 1 "
            f"(class **{c1}**), a large negative one nearly 0 (class **{c0}**)."
        )
        z = st.slider(
            "Move the score z",
            min_value=-8.0,
            max_value=8.0,
            value=0.0,
            step=0.1,
            key=Z_KEY,
            help="See which probability each score becomes.",
        )
        p = float(sigmoid(z))
        a, b = st.columns(2)
        a.metric("p = σ(z)", f"{p:.4f}")
        b.metric("odds p / (1 − p) = eᶻ", _fmt(math.exp(z), 3))
        st.plotly_chart(figures.sigmoid_figure(z), key="learn_sigmoid", config=_CONFIG)
    with right:
        w, b0 = run.params()
        st.markdown("**Your data through your model's eyes**")
        st.latex(lab.equation_latex(run.pipeline.feature_names_, w, b0, max_terms=3))
        z_train = teach.logits(run.trainer)
        fig = figures.logit_figure(
            z_train, run.split.y_train, class_names=run.data.class_names, z_point=z, height=430
        )
        st.plotly_chart(fig, key="learn_logit", config=_CONFIG)
        st.caption(
            f"Each of your {len(z_train):,} training points sits at its own score *z* under the "
            f"current model (iteration {run.trainer.n_iter:,}); class {c1} is drawn near the "
            f"top, class {c0} near the bottom. Right of the dotted line (z > 0) the model "
            f"predicts {c1}, left of it {c0}: points on the wrong side are its mistakes. The "
            "curve turns each score into a probability, and the diamond is the z you chose."
        )


# ---------------------------------------------------------------------------------------
# 2. The log-loss
# ---------------------------------------------------------------------------------------


def logloss_section(run: Run) -> None:
    c0, c1 = (md(c) for c in run.data.class_names)
    st.header("2 · Scoring one prediction: the log-loss", divider="gray")
    left, right = page.columns([2, 3], layout="text_chart", key="learn_logloss")
    with left:
        st.latex(
            r"\ell(p, y) = \begin{cases}-\log p & \text{if } y = 1\\"
            r" -\log(1-p) & \text{if } y = 0\end{cases}"
        )
        st.markdown(
            f"For each training point the model pays a penalty: minus the log of the "
            f"probability it gave to the **actual** class. Sure and right (p near 1 for a "
            f"{c1} point) costs almost nothing; unsure (p = 0.5) costs log 2 ≈ 0.693; sure and "
            "**wrong** costs a lot, and the cost grows without limit as p approaches the "
            "wrong end. Training minimizes the average of these penalties."
        )
        p = st.slider(
            f"Predicted probability p of class {c1}",
            min_value=0.001,
            max_value=0.999,
            value=0.9,
            step=0.001,
            format="%.3f",
            key=P_KEY,
        )
        loss1, loss0 = teach.point_loss(p)
        st.markdown(f"The two possible costs of this prediction (y = 1 means class {c1}):")
        pt = teach.tex_number(p)
        st.latex(
            rf"\begin{{aligned}}y = 1:&\quad -\log {pt} = {float(loss1):.3f}\\"
            rf"y = 0:&\quad -\log(1 - {pt}) = {float(loss0):.3f}\end{{aligned}}"
        )
        wrong_99 = float(teach.point_loss(0.01)[0])
        st.markdown(
            f"A confident mistake (p = 0.99 for a point that is really {c0}) costs "
            f"−log 0.01 = **{wrong_99:.2f}**, about {wrong_99 / math.log(2):.1f} times the "
            "cost of an honest 'don't know'. One badly wrong point can outweigh many good ones."
        )
    with right:
        st.plotly_chart(
            figures.logloss_figure(p, class_names=run.data.class_names),
            key="learn_logloss",
            config=_CONFIG,
        )
        worst_point(run)


def worst_point(run: Run) -> None:
    wp = _memo("worst_point", _token(run), lambda: teach.worst_point(run.trainer))
    data = run.data
    x = run.split.X_train[wp.index]
    where = ", ".join(
        f"{md(name, 30)} = {v:.3g}" for name, v in zip(data.feature_names, x, strict=False)
    )
    actual = md(data.class_names[wp.y])
    p_actual = wp.p if wp.y == 1 else 1.0 - wp.p
    formula = r"-\log p" if wp.y == 1 else r"-\log(1 - p)"
    arg = teach.tex_number(wp.p) if wp.y == 1 else rf"1 - {teach.tex_number(wp.p)}"
    st.markdown(
        f"**Your worst-predicted training point** is ({where}), actually **{actual}**. The model "
        f"gives its actual class a probability of only {p_actual:.3g}, so it costs"
    )
    st.latex(rf"\ell = {formula} = -\log({arg}) = {teach.tex_number(wp.loss)}")
    ratio = wp.loss / wp.mean_loss if wp.mean_loss > 0 else math.inf
    st.markdown(
        f"that is {_fmt(ratio, 3)}× the average loss of {wp.mean_loss:.3f}; this one point "
        f"alone is {100 * wp.share:.1f}% of the total loss over {wp.n:,} points."
    )

    def show_it() -> None:
        st.session_state[P_KEY] = float(np.clip(round(wp.p, 3), 0.001, 0.999))

    st.button(
        "Put this point's p on the chart",
        key="learn_show_worst",
        on_click=show_it,
        icon=":material/my_location:",
    )


# ---------------------------------------------------------------------------------------
# 3. One gradient-descent step
# ---------------------------------------------------------------------------------------


def _choose_iteration(run: Run) -> tuple[int, Any]:
    t = run.trainer
    h = t.history
    its = [int(i) for i in h.param_iteration]
    if len(its) < 2:
        return t.n_iter, None
    if st.session_state.get(ITER_KEY) not in its:
        st.session_state[ITER_KEY] = its[-1]
    it = st.select_slider(
        "Work out the step taken at iteration",
        options=its,
        key=ITER_KEY,
        help="Pick any recorded iteration of your run; the right end is where it is now.",
    )
    return int(it), h.params_at(int(it))


def step_section(run: Run) -> None:
    t = run.trainer
    s = run.settings
    names = run.pipeline.feature_names_
    st.header("3 · One step of gradient descent, with your numbers", divider="gray")
    st.markdown(
        "Training goes downhill on the average loss *J* one small step at a time. The "
        "**gradient** ∇*J* says, for each weight, how much *J* rises when that weight grows; "
        "the step moves every weight a little the other way."
    )
    l2, l1 = t.objective_.l2, t.objective_.l1
    weighted = t.objective_.s is not None
    err = r"s_i(p_i - y_i)" if weighted else r"(p_i - y_i)"
    pen = r" + \lambda_2\, w_k" if l2 > 0 else ""
    left, right = page.columns(2, layout="pair", key="learn_gradient")
    with left:
        st.latex(
            rf"\frac{{\partial J}}{{\partial w_k}} = \frac{{1}}{{n}}\sum_{{i=1}}^{{n}} {err}"
            rf"\,x_{{ik}}{pen}"
        )
        st.markdown(
            "**In words:** for every point take its error, *predicted minus actual* "
            "(p − y, between −1 and 1), multiply it by the point's value of feature *k*, and "
            "average over all points"
            + (" (each point weighted by its class weight sᵢ)" if weighted else "")
            + (
                "; the L2 penalty adds λ₂ × the weight itself, pulling it towards 0."
                if l2 > 0
                else "."
            )
            + " For the intercept *b* the feature value is 1, so its gradient is just the "
            "average error."
        )
    with right:
        if l1 > 0:
            st.latex(
                r"w \leftarrow S_{\eta\lambda_1}\!\big(w - \eta\,\nabla f(w)\big),\quad "
                r"S_t(v) = \operatorname{sign}(v)\,\max(|v| - t,\ 0)"
            )
            st.markdown(
                "**In words:** take the usual step downhill (η = learning rate), then the L1 "
                "penalty moves each weight a further ηλ₁ towards zero; a weight closer to zero "
                "than that lands **exactly** on zero (the soft-threshold *S*)."
            )
        else:
            st.latex(r"\theta' = \theta - \eta\,\nabla J(\theta)")
            st.markdown(
                "**In words:** new weights = old weights − learning rate η × gradient. A "
                "positive gradient means 'the loss falls if this weight goes down', so it goes "
                "down; a negative gradient makes it go up."
            )

    it, theta = _choose_iteration(run)
    ws = _memo(
        "worked_step",
        _token(run, it),
        lambda: teach.worked_step(t, theta, iteration=it, feature_names=names),
    )
    tex = teach.step_latex(ws, names)
    st.markdown(
        f"**At iteration {it:,}** your {ws.n:,} training points have an average error "
        f"p − y of {_signed(ws.mean_error)}. With learning rate η = {_fmt(ws.lr)}"
        + (f", λ₂ = {_fmt(l2)}" if l2 > 0 else "")
        + (f", λ₁ = {_fmt(l1)}" if l1 > 0 else "")
        + ":"
    )
    st.caption("The gradient, one component per parameter (data part + penalty part):")
    st.latex(tex["gradient"])
    st.caption("The update: new value = old value − η × gradient")
    st.latex(tex["update"])
    st.caption("The loss before and after this step")
    st.latex(tex["loss"])
    m = st.columns(3)
    m[0].metric("Loss J before the step", f"{ws.objective_before:.6f}")
    m[1].metric(
        "Loss J after the step",
        f"{ws.objective_after:.6f}",
        delta=None if ws.settled else f"{ws.objective_after - ws.objective_before:+.2e}",
        delta_color="inverse",
    )
    m[2].metric("Largest gradient component", f"{np.abs(ws.grad).max():.3g}")
    _step_words(run, ws)
    with st.expander("All the numbers of this step, per parameter"):
        table = pd.DataFrame(ws.rows()).set_index("parameter")
        st.dataframe(table, width="stretch", column_config=_number_format(table, "%.6g"))
        st.caption(
            "data part + penalty part = gradient ∂J;  step = −η × gradient;  new = now + step"
            + ("  (then the L1 soft-threshold)." if l1 > 0 else ".")
        )
    notes = []
    if s.solver != "gd":
        notes.append(
            f"Your optimizer is **{SOLVERS[s.solver]}**: it uses this same gradient, but "
            + {
                "sgd": "computes it on one small batch of points at a time, so each step is "
                "noisier and cheaper.",
                "momentum": "keeps a running sum of past gradients (velocity) and steps along "
                "that, which speeds it up in long valleys.",
                "adam": "divides each component by a running size of its past gradients, so "
                "every weight gets its own step length.",
                "newton": "divides it by the curvature (the Hessian) instead of using a fixed "
                "learning rate, so it needs only a few big steps.",
            }[s.solver]
            + " The step shown is the plain gradient-descent one."
        )
    elif s.batch_size:
        notes.append(
            f"You train on mini-batches of {s.batch_size}: each real step uses the average "
            "over one batch only. The step shown uses all points."
        )
    for note in notes:
        st.info(note, icon=":material/info:")


def _step_words(run: Run, ws: teach.WorkedStep) -> None:
    names = ws.names
    k = int(np.argmax(np.abs(ws.grad)))
    direction = "lowers" if ws.grad[k] > 0 else "raises"
    sentence = (
        f"The steepest direction right now is **{md(names[k], 60)}**: its gradient is "
        f"{ws.grad[k]:+.4g}, so this step {direction} it by {abs(ws.lr * ws.grad[k]):.4g}."
    )
    if ws.zeroed:
        zs = ", ".join(md(names[j], 40) for j in ws.zeroed)
        sentence += (
            f" The L1 soft-threshold puts {zs} exactly on zero: the gradient step moved them "
            f"less than ηλ₁ = {_fmt(ws.lr * ws.l1)} away from it."
        )
    if ws.settled:
        st.markdown(
            sentence + " The gradient is practically zero: the model sits at the bottom of the "
            "valley, and a step changes the loss by less than the computer's rounding error. "
            "Training has nothing left to do here."
        )
    elif ws.objective_after > ws.objective_before:
        st.warning(
            sentence + " **This step makes the loss bigger**: the learning rate "
            f"η = {_fmt(ws.lr)} is too large here, so the step jumps over the valley floor "
            "(overshooting). Try a smaller learning rate in the sidebar.",
            icon=":material/warning:",
        )
    else:
        st.markdown(sentence + " The loss goes down, as it should.")


# ---------------------------------------------------------------------------------------
# 4. The landscape
# ---------------------------------------------------------------------------------------


def landscape_section(run: Run) -> None:
    t = run.trainer
    names = teach.param_names(run.pipeline.feature_names_, t.theta.size - 1)
    st.header("4 · The loss landscape and the optimizer's path", divider="gray")
    options = list(range(len(names)))
    defaults = (1, 2) if len(names) >= 3 else (0, 1)
    cols = st.columns([1, 1, 2])
    for key, default in zip((I_KEY, J_KEY), defaults, strict=True):
        if st.session_state.get(key) not in options:
            st.session_state[key] = default
    i = cols[0].selectbox("Horizontal axis", options, key=I_KEY, format_func=lambda k: names[k])
    j = cols[1].selectbox("Vertical axis", options, key=J_KEY, format_func=lambda k: names[k])
    cols[2].markdown(
        "The colours show the average loss *J* for every combination of the two chosen "
        "parameters (yellow = low, purple = high), the others held at their current values. "
        "The orange line is the path the optimizer took from the start (square) to now (star)."
    )
    if i == j:
        st.info("Pick two different parameters to see the landscape.")
        return
    left, right = page.columns([3, 2], layout="chart_side", key="learn_landscape")
    with left:
        gi, gj, J = _memo(
            "landscape",
            _token(run, i, j),
            lambda: teach.landscape(t, i, j, max_points=LANDSCAPE_POINTS),
        )
        P = teach.path(t, i, j)
        fig = figures.landscape_figure(gi, gj, J, path=P, names=(names[i], names[j]))
        fig.update_layout(height=520)
        st.plotly_chart(fig, key="learn_landscape", config=_CONFIG)
        n = len(run.split.y_train)
        sample = (
            f" The loss is averaged over an evenly spread sample of {LANDSCAPE_POINTS:,} of "
            f"the {n:,} training points."
            if n > LANDSCAPE_POINTS
            else ""
        )
        st.caption(
            "A slice through a landscape with one dimension per parameter: the path moved all "
            "parameters at once, so it need not follow this slice's valley exactly." + sample
        )
    with right:
        _what_to_look_for(run, i, j)


def _what_to_look_for(run: Run, i: int, j: int) -> None:
    t = run.trainer
    s = run.settings
    names = teach.param_names(run.pipeline.feature_names_, t.theta.size - 1)
    cond = _conditioning(run)
    max_lr = cond.max_lr_std if s.standardize else cond.max_lr_raw
    turn, zi, zj = _memo("zigzag", _token(run), lambda: teach.zigzag_pair(t.history.params))
    w = t.theta[1:]
    st.markdown("**What to look for** (change the settings in the sidebar):")
    st.markdown(
        "- **Overshooting** — raise the *Learning rate* to 30: each step jumps across the "
        "valley to the other wall and back; at 100 the loss jumps around or blows up.\n"
        "- **Zig-zag** — untick *Standardize features*, take degree 2 and learning rate 1 "
        "(on *Two moons*): squared terms spread far more than the others, the valley becomes "
        "long and narrow, and the steps bounce between its walls while crawling along it.\n"
        "- **Shrinkage under L2** — choose *L2* and raise *λ* to 0.1, then 1: the bottom of "
        "the bowl, and the end of the path, move towards 0.\n"
        "- **Pull to zero under L1** — choose *L1*, λ = 0.03 and degree 2 or 3, and plot "
        "w3 (x1²): the weights of useless terms land exactly on 0 and stay there; the contour "
        "lines get a kink (a crease) where a weight is 0."
    )
    now = []
    if s.solver != "newton" and (t.diverged or s.learning_rate > max_lr):
        now.append(
            f"your learning rate {_fmt(s.learning_rate)} is above 2 / λ_max ≈ "
            f"{_fmt(max_lr, 3)} (section 5), so steps can overshoot"
            + (" — and this run did blow up." if t.diverged else ".")
        )
    if math.isfinite(turn) and turn > 0.3:
        where = (
            "in this chart"
            if {zi, zj} == {i, j}
            else f"when you plot {md(names[zi], 40)} against {md(names[zj], 40)}"
        )
        now.append(f"the path zig-zags: {100 * turn:.0f}% of its steps turn back {where}.")
    if s.penalty != "none" and s.alpha > 0:
        zeros = int(np.sum(w == 0))
        now.append(
            f"your {_PENALTY_SHORT[s.penalty]} penalty λ = {_fmt(s.alpha)} holds the weights to "
            f"‖w‖ = {np.linalg.norm(w):.3g}"
            + (f"; {zeros} of {w.size} weights are exactly 0." if zeros else ".")
        )
    if now:
        st.info(
            "**In your run:** " + " ".join(x[0].upper() + x[1:] for x in now),
            icon=":material/search:",
        )
    st.caption(f"Now: {PENALTIES[s.penalty]}; {SOLVERS[s.solver]}.")


# ---------------------------------------------------------------------------------------
# 5. Scaling
# ---------------------------------------------------------------------------------------


def _raw_features(run: Run) -> np.ndarray:
    return run.pipeline.feature_map.poly.transform(run.split.X_train)


def _conditioning(run: Run) -> teach.Conditioning:
    return _memo("conditioning", _token(run), lambda: teach.conditioning(_raw_features(run)))


def scaling_section(run: Run) -> None:
    st.header("5 · Why scaling matters", divider="gray")
    cond = _conditioning(run)
    left, right = page.columns([3, 2], layout="chart_side", key="learn_scaling")
    with left:
        st.latex(
            r"H_0 = \tfrac14\cdot\tfrac1n\,\tilde X^\top\tilde X,\qquad "
            r"\kappa = \frac{\lambda_{\max}(H_0)}{\lambda_{\min}(H_0)}"
        )
        st.latex(r"\text{no overshooting while } \eta < 2 / \lambda_{\max}(H_0)")
        st.markdown(
            "The **curvature** of the loss (its Hessian *H*) says how steep the bowl is in each "
            "direction; it is largest when every p = ½, so λ_max at the start bounds it "
            "everywhere. Its **condition number** κ compares the steepest direction with the "
            "flattest. κ near 1 means a round bowl: gradient descent walks straight to the "
            "bottom. A large κ means a long, narrow valley: a learning rate small enough for "
            "the steep walls crawls along the flat floor, needing roughly κ steps."
        )
        better = cond.ratio
        using = "on" if run.settings.standardize else "off"
        st.markdown(
            f"**On your data** (features of degree {run.settings.degree}, standardization "
            f"currently **{using}**): κ is **{_fmt(cond.cond_raw, 3)}** for the features as "
            f"they are and **{_fmt(cond.cond_std, 3)}** after standardizing"
            + (
                f" — {_fmt(better, 3)} times better."
                if better > 1.5
                else ": your features already have similar scales, so standardizing changes "
                "little here (try polynomial degree 2: squared terms are far larger and more "
                "spread out than x itself)."
            )
        )
        if cond.cond_std > 30:
            st.markdown(
                f"Even standardized, κ stays at {_fmt(cond.cond_std, 3)}: terms such as x and "
                "x³ rise and fall together (they are correlated), which stretches the valley "
                "in a way no rescaling removes. Newton's method, which uses the curvature "
                "itself, does not mind."
            )
    with right:
        a, b = st.columns(2)
        a.metric("κ as they are", _fmt(cond.cond_raw, 3))
        b.metric("κ standardized", _fmt(cond.cond_std, 3))
        a.metric("safe η as they are", f"< {_fmt(cond.max_lr_raw, 3)}")
        b.metric("safe η standardized", f"< {_fmt(cond.max_lr_std, 3)}")
        table = pd.DataFrame(
            {"mean": cond.means, "standard deviation": cond.scales},
            index=[str(n) for n in run.pipeline.feature_names_],
        )
        st.dataframe(
            table,
            width="stretch",
            height=min(250, 40 + 35 * len(table)),
            column_config=_number_format(table, "%.3g"),
        )
        st.caption("Standardizing subtracts each feature's mean and divides by its spread.")


# ---------------------------------------------------------------------------------------
# 6. Separation
# ---------------------------------------------------------------------------------------


def _separation(run: Run) -> teach.Separation:
    t = run.trainer

    def compute() -> teach.Separation:
        X = t.objective_.Xt[1:].T
        return teach.separation(X, t.objective_.y, class_weight=t.model.class_weight)

    return _memo("separation", (id(t),), compute)


def separation_section(run: Run) -> None:
    st.header("6 · Perfect separation", divider="gray")
    sep = _separation(run)
    s = run.settings
    c0, c1 = (md(c) for c in run.data.class_names)
    if sep.separable:
        st.warning(
            f"**Your training data are perfectly separable.** A boundary in the model's "
            f"features (degree {s.degree}) puts every point of class {c1} on one side and "
            f"every point of class {c0} on the other.",
            icon=":material/block:",
        )
        left, right = page.columns([3, 2], layout="chart_side", key="learn_separable")
        with left:
            st.latex(r"\lim_{c \to \infty} J(c\,\theta) = 0 \;\Longrightarrow\; \|w\| \to \infty")
            st.markdown(
                "Multiply all weights of such a separating boundary by a number *c* > 1: every "
                "point stays on its correct side but gets a more confident probability, so the "
                "loss keeps falling (table). Without a penalty the best weights are therefore "
                "**infinitely large**: gradient descent keeps growing them for as long as it "
                "runs, and the probabilities become 0 and 1 — a model that is overconfident "
                "about every new point near the boundary."
            )
            st.latex(
                r"\begin{gathered}J(w^*) \le J(0) = \ln 2\\"
                r"\Rightarrow\ \|w^*\| \le \sqrt{2\ln 2 / \lambda}\end{gathered}"
            )
            st.markdown(
                "**The fix is a penalty.** With L2 strength λ > 0 the growing weights cost "
                "more than they gain: the best weights *w\\** cannot do worse than all-zero "
                "weights (loss ln 2), so they stay finite, bounded as above, and the boundary "
                "sits in the middle of the gap."
            )
            w_norm = float(np.linalg.norm(run.trainer.theta[1:]))
            if s.penalty == "none" or s.alpha == 0:
                st.markdown(
                    f"Your run has **no penalty**: ‖w‖ = {w_norm:.3g} after "
                    f"{run.trainer.n_iter:,} iterations, and it would keep growing with more. "
                    "Choose L2 in the sidebar to stop it."
                )
            else:
                alpha2 = run.trainer.objective_.l2
                bound = math.sqrt(2 * math.log(2) / alpha2) if alpha2 > 0 else math.inf
                st.markdown(
                    f"Your run uses {_PENALTY_SHORT[s.penalty]} with λ = {_fmt(s.alpha)}: ‖w‖ = "
                    f"{w_norm:.3g}"
                    + (f" (the bound is {bound:.3g})." if math.isfinite(bound) else ".")
                )
        with right:
            table = pd.DataFrame(
                {
                    "weights × c": [f"× {c:g}" for c in sep.scales],
                    "training loss": [f"{v:.3g}" for v in sep.scaled_loss],
                }
            )
            st.dataframe(table, hide_index=True, width="stretch")
            st.caption(
                "The separating boundary found leaves a gap of at least "
                f"{sep.margin:.3g} (in the model's feature units) on each side."
            )
    elif sep.status == "not separable":
        st.info(
            "**Your training data are not perfectly separable**: no boundary in the model's "
            f"features gets every point right (the best unpenalized fit still misclassifies "
            f"{sep.n_wrong} of {run.trainer.objective_.n:,}), so the best weights are finite "
            "even without a penalty.",
            icon=":material/check_circle:",
        )
        st.markdown(
            "To see what happens when they are: set the noise to 0 and pick *Circles* or "
            "*XOR* with polynomial degree 2, or *Two blobs* with few points."
        )
    else:
        st.info(
            f"Could not decide within {sep.iterations} iterations whether your training data "
            "are perfectly separable: if they are, the gap between the classes is very thin.",
            icon=":material/help:",
        )


def show(run: Run) -> None:
    c0, c1 = (md(c) for c in run.data.class_names)
    st.caption(
        "The maths behind the Playground, worked out on your own data and your current model "
        f"(iteration {run.trainer.n_iter:,}, classes {c0} and {c1}). Change the data or the "
        "model in the sidebar and every number here follows."
    )
    sigmoid_section(run)
    logloss_section(run)
    step_section(run)
    landscape_section(run)
    scaling_section(run)
    separation_section(run)
