"""Safe display of person-supplied text (column names, labels, file names)."""

from __future__ import annotations

import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md(text: object, limit: int = 80) -> str:
    """Escape ``text`` for Streamlit markdown so it shows literally (and cut it to ``limit``)."""
    s = str(text)
    if len(s) > limit:
        s = s[: limit - 1] + "…"
    s = s.replace("\n", " ").replace("\r", " ")
    return _MD_SPECIAL.sub(r"\\\1", s)
