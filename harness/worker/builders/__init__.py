"""Trusted builders of argument objects, one module per family: ``BUILDERS = {name: fn(**params)}``.

They run in the worker, before the student's function is called with what they build.
"""
