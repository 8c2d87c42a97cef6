"""Five-way class conventions: GDELT's QuadClass (tidings' own) and the ConfliBERT training data's.

tidings gives every event GDELT's QuadClass from its CAMEO code (``data/cameo.tsv``: 0 for CAMEO 01 statements,
1 verbal cooperation 02-05, 2 material cooperation 06-08, 3 verbal conflict 09-13, 4 material conflict 14-20).
The five-way data of ConfliBERT (``quad-train.tsv``, and the held-back sentences of that kind) was labelled by
another convention. It was inferred from the data, not assumed: ``bench/quad_convention.py`` codes the 1,349
sentences with the rules and cross-tabulates the CAMEO root of each sentence's best event against the label
(table in docs/accuracy.md, "The ConfliBERT convention"). Two roots fall, as a whole, in another class:

- **02 appeals** are with statements (0): 57 of 74 sentences whose best event was an appeal are labelled 0,
  3 are labelled 1 (GDELT: 1, verbal cooperation).
- **16 reduce relations** (sanctions, embargoes, cutting ties, halting aid) is verbal conflict (3): 75 of 77
  are labelled 3, 1 is labelled 4 (GDELT: 4, material conflict).

Every other root keeps GDELT's class; in particular concessions (CAMEO 08, PLOVER CONCEDE and RETREAT) are
material cooperation (2) in both, 117 of 123, although PLOVER groups CONCEDE with verbal cooperation.
"""

from __future__ import annotations

from tidings.events.cameo import table

CONVENTIONS = ("gdelt", "conflibert")

# CAMEO root -> class, where the ConfliBERT convention differs from GDELT's QuadClass (see the module docstring)
CONFLIBERT_ROOTS: dict[str, int] = {"02": 0, "16": 3}


def quad_class_in(convention: str, cameo_root: str, gdelt_quad: int) -> int:
    """The five-way class of an event (its CAMEO root and GDELT QuadClass) in the named convention."""
    if convention == "gdelt":
        return gdelt_quad
    if convention == "conflibert":
        return CONFLIBERT_ROOTS.get(cameo_root, gdelt_quad)
    raise ValueError(f"unknown convention {convention!r}: use one of {', '.join(CONVENTIONS)}")


def conflibert_class(cameo_code: str) -> int:
    """The ConfliBERT class of a CAMEO code, from its root's GDELT QuadClass (``data/cameo.tsv``, the root's own
    code "XX0") and the convention's exceptions: the class the learned model gives probabilities for. 0 for a
    root CAMEO does not have."""
    root = table().get(cameo_code[:2] + "0")
    return 0 if root is None else quad_class_in("conflibert", root.root, root.quad_class)
