"""The pip lock and environment.yml install the same pinned set; the project promises hold."""

from pathlib import Path

from framescope.workflow.envfile import read_pins, render

ROOT = Path(__file__).resolve().parents[1]


def test_environment_yml_pins_exactly_the_lock():
    pins = read_pins((ROOT / "requirements.lock").read_text())
    env = (ROOT / "environment.yml").read_text()
    env_pins = read_pins("\n".join(line.strip().lstrip("- ") for line in env.splitlines()))
    assert pins, "requirements.lock has no pins"
    assert env_pins == pins
    assert env == render(pins), "environment.yml is stale: run `make lock`"


def test_lock_pins_the_required_tools():
    pins = read_pins((ROOT / "requirements.lock").read_text())
    for name in ("snakemake", "pandas", "scikit-learn", "matplotlib", "jupyter", "vadersentiment", "pyarrow"):
        assert name in pins, name


def test_every_lock_entry_is_hashed():
    text = (ROOT / "requirements.lock").read_text()
    entries = [line for line in text.splitlines() if "==" in line and not line.startswith(" ")]
    assert entries and all(line.rstrip().endswith("\\") for line in entries), "lock entries without --hash"


def test_ci_calls_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    assert "make test" in (ROOT / "README.md").read_text()
