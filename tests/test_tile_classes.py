"""Tile classification derived from mask predicates: conservative (never drops a kept element, never calls
a tile full that is not) and tight where the structure allows (causal keeps exactly the lower triangle)."""

from __future__ import annotations

import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import tilefuse as tf
from tilefuse.ir.analyzer import tile_classes


def mask_node(pred):
    """The condition node of ``where(pred(m, n), x, -inf)`` traced from the DSL."""

    def masked(x: tf.Tensor["M", "N"]):
        return tf.where(pred(tf.index("m"), tf.index("n")), x, -tf.inf)

    graph = tf.program(masked).trace("fp32")
    (where,) = [n for n in graph.nodes if n.op == "where"]
    return where.args[0]


def test_causal_4096_visits_exactly_the_lower_triangle():
    classes = tile_classes(mask_node(lambda m, n: m >= n), "m", "n", {"M": 4096, "N": 4096}, 128, 128, 4096, 4096)
    flat = [c for row in classes for c in row]
    assert len(flat) == 32 * 32
    assert sum(c != "empty" for c in flat) == 32 * 33 // 2  # 528 tiles iterated
    assert sum(c == "full" for c in flat) == 32 * 31 // 2   # only the 32 diagonal tiles pay for the mask
    assert all(classes[i][i] == "partial" for i in range(32))


def test_sliding_window_keeps_a_band():
    classes = tile_classes(mask_node(lambda m, n: (m >= n) & (m - n < 256)), "m", "n", {}, 64, 64, 1024, 1024)
    for i, row in enumerate(classes):
        visited = [j for j, c in enumerate(row) if c != "empty"]
        assert visited == list(range(max(0, i - 4), i + 1))


_OPS = {"ge": lambda a, b: a >= b, "gt": lambda a, b: a > b, "le": lambda a, b: a <= b, "lt": lambda a, b: a < b}


@st.composite
def predicates(draw):
    """1-3 conjuncts: affine comparisons a*m + b*n + c (op) 0, sometimes one the analysis cannot use."""
    terms = []
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.integers(0, 4)) == 0:
            k = draw(st.integers(2, 5))
            terms.append(("mod", k, None, None, None))
        else:
            terms.append(("cmp", draw(st.sampled_from([-2, -1, 0, 1, 2])), draw(st.sampled_from([-1, 1])),
                          draw(st.integers(-40, 40)), draw(st.sampled_from(sorted(_OPS)))))

    def pred(m, n):
        out = None
        for kind, a, b, c, op in terms:
            term = ((m + n) % a) != 0 if kind == "mod" else _OPS[op](m * a + n * b + c, 0)
            out = term if out is None else out & term
        return out

    return terms, pred


@settings(max_examples=150, deadline=None)
@given(case=predicates(), block_m=st.sampled_from([16, 32, 64]), block_n=st.sampled_from([16, 32, 64]),
       size_m=st.integers(1, 150), size_n=st.integers(1, 150))
def test_classification_is_conservative(case, block_m, block_n, size_m, size_n):
    terms, pred = case
    classes = tile_classes(mask_node(pred), "m", "n", {"M": size_m, "N": size_n}, block_m, block_n, size_m, size_n)
    kept = pred(torch.arange(size_m)[:, None], torch.arange(size_n)[None, :])
    for i, row in enumerate(classes):
        for j, cls in enumerate(row):
            tile = kept[i * block_m:(i + 1) * block_m, j * block_n:(j + 1) * block_n]
            if cls == "empty":
                assert not tile.any(), f"{terms}: tile ({i}, {j}) skipped but keeps elements"
            elif cls == "full":
                assert tile.all() and tile.shape[1] == block_n, f"{terms}: tile ({i}, {j}) run unmasked but not full"
