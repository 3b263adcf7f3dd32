"""One module per workflow stage: read the previous stage's files, call the logic, write tables.

Rules call these through the `framescope` command line; a researcher can call them from
Python too (each `run` takes plain paths).
"""
