"""The worker: the only part of the harness that runs student code.

It runs in its own process, started by :mod:`harness.run.sandbox` with a scrubbed
environment, resource limits and a private directory.  It reads one job, executes the
submission's cells, answers the job's probes, and reports plain data on a pipe
(:mod:`harness.contract.protocol`).  Nothing here imports the grader, the rubrics' expected
values, or the references of other jobs.
"""
