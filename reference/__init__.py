"""Reference solutions of the course pack, one package per assignment, one module per question."""
