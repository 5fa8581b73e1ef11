"""hw06: normalisation, self-supervised rotation pre-training, multi-task heads, tuning, metrics."""
