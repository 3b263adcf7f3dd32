# Thin wrappers: set up .venv from the lock when needed, then run or test.
# All logic lives in the package (src/framescope) and the workflow (Snakefile).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(CURDIR)/$(VENV)/bin
STAMP  := $(VENV)/.framescope-installed
CORES  ?= all
UV     := uv==0.13.9

export PATH := $(BIN):$(PATH)

.PHONY: run test test-slurm report lock bench validity validity-languages languages quotes-bench clean

run: $(STAMP)
	snakemake --cores $(CORES)
	framescope summary --results results --print

test: $(STAMP)
	pytest

# A one-node SLURM cluster on this machine (installs Debian's slurm-wlm and munge; needs root
# or sudo), then the workflow through it with profiles/slurm, compared byte for byte with a
# local run. The SLURM daemons are stopped afterwards.
test-slurm: $(STAMP)
	bash tests/slurm/start-local-slurm.sh
	FRAMESCOPE_SLURM=1 pytest -m slurm tests/slurm; status=$$?; \
		bash tests/slurm/start-local-slurm.sh stop; exit $$status

# One self-contained HTML file. It records job run times, so it goes to reports/, not into
# the byte-identical results/.
report: run
	mkdir -p reports
	snakemake --cores $(CORES) --report reports/framescope-report.html
	@echo "report: reports/framescope-report.html"

bench: $(STAMP)
	python benchmarks/run_benchmark.py $(BENCH_ARGS)

# Cross-validated scores on the real labelled sets in ../shared/labelled (when present):
# writes benchmarks/validity.md. VALIDITY_ARGS="--only semeval2023-en newsmtsc" to run fewer.
validity: $(STAMP)
	python benchmarks/validity.py $(VALIDITY_ARGS)

# How often the language detector is right on the SemEval-2023 articles in ../shared/labelled
# (whole articles and headlines alone); writes benchmarks/languages.md.
languages: $(STAMP)
	python benchmarks/languages.py

# Quotes and speakers on the hand-coded gold articles (benchmarks/quotes_gold/, issue 20), scored
# by ../shared/tools/score_quotes.py by outlet: writes benchmarks/quotes_gold.md.
# QUOTES_ARGS="--half dev --details" to see each quote.
QUOTES_ARGS ?= --half all --write
quotes-bench: $(STAMP)
	python benchmarks/quotes_gold.py score $(QUOTES_ARGS)

# The frames model in six languages (SemEval-2023 sets in ../shared/labelled): one model per
# language, one pooled, pooled with per-language thresholds, each with wordllama and with USE
# (frames.embeddings: auto), on the same folds; writes benchmarks/frames_languages.md (about
# 20 minutes). VALIDITY_LANGUAGES_ARGS="--only fr ru" to run fewer, "--embeddings wordllama" one encoder.
validity-languages: $(STAMP)
	python benchmarks/frames_languages.py $(VALIDITY_LANGUAGES_ARGS)

# Re-pin every dependency (needs the package registry): the lock, then environment.yml from it.
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 \
		--python-platform x86_64-manylinux_2_28 --generate-hashes --no-header -o requirements.lock
	python -m framescope.workflow.envfile requirements.lock environment.yml

# --compile-bytecode: every workflow job is a fresh Python process; with the bytecode written
# at install time it does not recompile pandas and scikit-learn from source on each start
# (it would on every job where PYTHONDONTWRITEBYTECODE is set, or site-packages is read-only).
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check $(UV)
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $(STAMP)

clean:
	rm -rf results logs .snakemake reports
