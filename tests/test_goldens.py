"""Generated kernel files are byte-identical to the goldens stored before the restructure (issue 10).

A difference fails with the first differing lines. When output must change on purpose, regenerate with
``python tests/golden_sources.py --write`` and say in the commit why each file changed.
"""

from __future__ import annotations

import difflib

import pytest
from golden_sources import GOLDENS, generate, golden_cases

CASES = golden_cases()


def test_every_golden_has_a_case():
    stored = {p.name for p in GOLDENS.glob("*.py")}
    assert len(stored) >= 100
    assert stored == {name for name, _, _ in CASES}


@pytest.mark.parametrize("name,program,kwargs", CASES, ids=[c[0] for c in CASES])
def test_generated_source_matches_golden(name, program, kwargs):
    want = (GOLDENS / name).read_text()
    got = generate(program, kwargs)
    if got != want:
        diff = "".join(list(difflib.unified_diff(want.splitlines(True), got.splitlines(True), "golden", "now"))[:60])
        pytest.fail(f"{name} differs from its golden:\n{diff}")
