"""`python -m framescope ...`: the `framescope` command through whichever Python runs it.

The workflow's rules call this form, so a job runs the framescope of the environment
that runs Snakemake (or of the rule's conda environment), activated or not.
"""

from framescope.commands.cli import console

if __name__ == "__main__":
    console()
