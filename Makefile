# Two commands on a fresh machine, each doing its own set-up:
#   make demo   - install everything, summarise the reference article with the embedded model
#   make test   - install everything, run the whole test suite
SHELL  := /bin/bash
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# Skip the parts of llama.cpp we never use (measured: 6 min 53 s instead of 8 min 14 s on 2 cores).
LLAMA_CMAKE_ARGS := -DLLAVA_BUILD=OFF -DLLAMA_BUILD_TOOLS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_SERVER=OFF -DLLAMA_CURL=OFF
# On x86-64, no -march=native: a native build on a Xeon with AMX died with a general
# protection fault in libggml-cpu on its first request (AMX tiles not enabled in this VM).
# Instead AVX2 + FMA + F16C (every x86-64 CPU of the last decade), plus the AVX-512 parts this
# machine's /proc/cpuinfo lists (measured on the Xeon: prompt evaluation 25 instead of 15
# tokens/s per thread), never AMX. The build runs on the machine that runs the model.
ifeq ($(shell uname -m),x86_64)
CPU_FLAGS := $(shell grep -m1 '^flags' /proc/cpuinfo 2>/dev/null)
has = $(if $(filter $(1),$(CPU_FLAGS)),ON,OFF)
AVX512 := $(if $(filter 5,$(words $(filter avx512f avx512bw avx512vl avx512dq avx512cd,$(CPU_FLAGS)))),ON,OFF)
LLAMA_CMAKE_ARGS += -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON \
  -DGGML_AVX512=$(AVX512) -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF \
  -DGGML_AVX_VNNI=$(call has,avx_vnni)
ifeq ($(AVX512),ON)
LLAMA_CMAKE_ARGS += -DGGML_AVX512_VBMI=$(call has,avx512vbmi) -DGGML_AVX512_VNNI=$(call has,avx512_vnni) \
  -DGGML_AVX512_BF16=$(call has,avx512_bf16)
endif
endif
ARTICLE ?= examples/popov_fired_for_truth.txt
# Evaluation set for `make eval` / `make bench` (articles/ and gold/ inside); never needed elsewhere.
EVAL_DIR ?=
# Only one model on the CPU at a time: concurrent llama.cpp servers on 2 cores thrash.
MODEL_LOCK := flock /tmp/summarizer-model.lock

.PHONY: install demo test lint review-page record-cassettes bench eval eval-analysis clean

# The first run's set-up prints a few lines of progress; pip's full output goes to
# $(VENV)/install.log (its last 40 lines are shown if a step fails).
PIP_LOG := $(VENV)/install.log
EXTRAS  := .[local,html,dev]
define pip_step
$(1) >>$(PIP_LOG) 2>&1; status=$$?; \
  if [ $$status -ne 0 ]; then echo "failed; the end of $(PIP_LOG):"; tail -n 40 $(PIP_LOG); exit $$status; fi
endef

$(STAMP): pyproject.toml
	@echo "== first run: setting up $(VENV) (pip's output: $(PIP_LOG))"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@: > $(PIP_LOG)
	@$(call pip_step,$(PY) -m pip install --upgrade pip)
	@# llama.cpp is compiled here, never taken from pip's wheel cache: a cached wheel may have
	@# been built with other flags (pip's cache key ignores CMAKE_ARGS).
	@echo "== compiling llama.cpp for llama-cpp-python 0.3.36: 7 to 20 minutes on 2 cores"
	@echo "   CMAKE_ARGS=$(LLAMA_CMAKE_ARGS)"
	@CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" CMAKE_BUILD_PARALLEL_LEVEL=$$(nproc) $(PY) -m pip install --no-cache-dir \
	  'llama-cpp-python[server]==0.3.36' 2>&1 | tee -a $(PIP_LOG) \
	  | grep --line-buffered -E '^  Building wheel for llama|^Successfully built' | sed -u 's/^ *//'; \
	  status=$${PIPESTATUS[0]}; \
	  if [ $$status -ne 0 ]; then echo "failed; the end of $(PIP_LOG):"; tail -n 40 $(PIP_LOG); exit $$status; fi
	@echo "== installing summarizer with its extras (local, html, dev)"
	@$(call pip_step,$(PY) -m pip install -e '$(EXTRAS)')
	@touch $@
	@echo "== set-up done"

install: $(STAMP)

demo: $(STAMP)
	$(PY) examples/summarize_article.py $(ARTICLE)

test: $(STAMP)
	bash scripts/ensure_chromium.sh || echo "chromium unavailable: the browser tests will skip (they fail under CI=true)"
	$(PY) -m pytest

review-page: $(STAMP)
	$(PY) examples/review_page.py --replay

lint: $(STAMP)
	$(PY) -m ruff check summarizer tests examples bench
	$(PY) -m ruff format --check summarizer
	$(PY) -m mypy

# Re-record every cassette against the embedded model (or, with OPENAI_API_KEY and
# SUMMARIZER_MODEL set, against that endpoint). Credentials are scrubbed on write.
record-cassettes: $(STAMP)
	SUMMARIZER_RECORD=1 $(PY) -m pytest -m cassette -p no:randomly

# Score the library on a folder of articles against PolNeAR gold (docs/eval.md), e.g.
#   make eval EVAL_DIR=../shared/eval          (any endpoint: OPENAI_BASE_URL / SUMMARIZER_MODEL)
eval: $(STAMP)
	@test -n "$(EVAL_DIR)" || { echo "usage: make eval EVAL_DIR=path/to/eval (with articles/ and gold/)"; exit 2; }
	$(MODEL_LOCK) $(PY) bench/eval.py $(EVAL_DIR)/articles --gold $(EVAL_DIR)/gold

# Score the analysis stage alone (summarizer.analyze: no model, no server, no lock) against
# the gold: span-level P/R/F1 of cue, source, content and relation, e.g.
#   make eval-analysis EVAL_DIR=../shared/eval/polnear-dev   (84 articles, well under a minute)
eval-analysis: $(STAMP)
	@test -n "$(EVAL_DIR)" || { echo "usage: make eval-analysis EVAL_DIR=path (with articles/ and gold/)"; exit 2; }
	$(PY) bench/eval.py $(EVAL_DIR)/articles --gold $(EVAL_DIR)/gold --analysis-only --out out/eval-analysis

# The four benchmarks (docs/benchmarks.md); EVAL_DIR adds eval articles to the peer comparison.
bench: $(STAMP)
	$(MODEL_LOCK) $(PY) bench/run_all.py $(if $(EVAL_DIR),--eval-dir $(EVAL_DIR))

clean:
	rm -rf $(VENV) out test-artifacts
