# The few commands people type. Each one sets the project up first if it needs to.
PY := .venv/bin/python
SETUP := .venv/.installed

.PHONY: build test check html watch serve update-golden bench lint clean docs
build: $(SETUP)          ## build every sample clinic's PDFs into out/
	$(PY) build.py

test: $(SETUP)           ## run the test suite (on 2 processes: pytest-xdist)
	$(PY) -m pytest -q -n 2

check: $(SETUP)          ## run the content checks only; reports in out/<clinic>/check-report.html
	$(PY) build.py check

bench: $(SETUP)          ## print speed figures (the build benchmark takes a few minutes)
	$(PY) benchmarks/check_speed.py
	$(PY) benchmarks/build_speed.py
	$(PY) benchmarks/serve_speed.py

serve: $(SETUP)          ## preview the web edition on http://127.0.0.1:8000, rebuilt and reloaded on save
	$(PY) build.py serve

watch: $(SETUP)          ## rebuild what changes each time a file is saved
	$(PY) build.py --watch

html: $(SETUP)           ## build, and also write the HTML given to the renderer
	$(PY) build.py --html

docs: $(SETUP)           ## the guide for clinics, in out/guide/ (open out/guide/index.html)
	$(PY) -m clearprint.message_catalogue
	$(PY) -m mkdocs build --strict

update-golden: $(SETUP)  ## rewrite the golden files after a reviewed change
	$(PY) -m pytest -q --update-golden

lint: $(SETUP)
	$(PY) -m ruff check clearprint tests benchmarks build.py

$(SETUP): requirements.lock pyproject.toml package-lock.json scripts/setup.sh
	./scripts/setup.sh

clean:
	rm -rf out .venv
