"""hw06 Q2: BERT's masked-language-model pre-training (prose, graded by hand)."""
