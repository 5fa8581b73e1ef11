"""Tests of the pages, the catalogues, the exports and manual grading."""
