"""hw01 Q1 (prose, graded by hand): the datasets and the Keras utilities used later."""
