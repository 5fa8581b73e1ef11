"""hw13 Q1: learning paradigms (prose, graded by hand)."""
