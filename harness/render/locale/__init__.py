"""Message catalogues, one module per language: ``MESSAGES`` maps a key to its text.

Keys are the English meaning in a few words; ``{name}`` placeholders are filled with
``str.format``.  Every catalogue must have the same keys (a test checks it).
"""
