"""Worker-side actions: one module per family, each defining ``ACTIONS = {name: fn(value, options, namespace)}``.

An action runs in the worker on a live object the student's code returned and must
return plain data (numbers, strings, lists, dicts, arrays).
"""
