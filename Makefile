# PostScreen — common tasks. `make demo` and `make test` do all setup on a fresh machine.
SHELL := /bin/bash
SWIFT ?= swift
PROFILE ?=

.PHONY: deps build demo test release bench eval clean train serve serve-load

deps:
	bash scripts/install-deps.sh

build: deps
	$(SWIFT) build -c release --product screen

# Screen the bundled example drafts with the embedded default profile. Findings are the point of
# the demo, so the exit status ignores them (--fail-on none).
demo: build
	.build/release/screen --format text --fail-on none examples/*.txt

test: deps
	$(SWIFT) test

# The page for staff and the HTTP API (issue 15) on http://127.0.0.1:8080/; PROFILE=postscreen.toml
# to name a profile (default: postscreen.toml here or in a parent, else the built-in one).
serve: build
	.build/release/screen serve $(if $(PROFILE),--profile $(PROFILE))

# `screen serve` under load on loopback with wrk: start-up, requests per second, p50/p99, memory
# (docs/serve.md). A benchmark, not a test.
serve-load: deps
	bash scripts/serve-load.sh

# Accuracy on the development corpus (needs ../shared/corpus).
eval: build
	.build/release/screen eval --profiles ../shared/corpus/profiles ../shared/corpus/dev/*.jsonl

# The trained scorer (issue 11): features from the release screen, scikit-learn in .venv-train,
# weights and manifest into Sources/Lexicons/Data/model/. Building and testing never need Python.
train: deps
	bash scripts/train.sh

# Regenerate the Hunspell-verified inflection table after editing a `word+` lexicon entry.
word-forms: deps
	UPDATE_WORD_FORMS=1 $(SWIFT) test --filter WordFormsTests

clean:
	rm -rf .build

# Benchmark suite (Benchmarks/, ordo-one/benchmark) and `screen` start-up time; docs/benchmarks.md.
# `make bench BENCH=check` fails on a regression past Benchmarks/Thresholds.
bench: deps
	bash scripts/bench.sh $(BENCH)

# --- Robustness (issue 6): fuzzing, sanitisers, scale. Not run in CI. -------------------------------
FUZZ_TIME ?= 600
FUZZ_TARGETS ?= FuzzScreen FuzzProfile FuzzRoster FuzzHistory
FUZZ_CRASHES ?= Tests/PostScreenTests/Fixtures/fuzz

.PHONY: fuzz fuzz-build fuzz-long fuzz-merge asan tsan scale

# libFuzzer targets (Linux): each runs for FUZZ_TIME seconds, one job, from the seeds in Fuzz/Seeds.
# Crashes land in $(FUZZ_CRASHES)/<target>/; keep them as regression inputs (RobustnessTests replays them).
fuzz-build:
	cd Fuzz && $(SWIFT) build -c debug -Xswiftc -sanitize=fuzzer,address

# Each target's corpus lives in Fuzz/Corpus/<target> (committed, minimised by fuzz-merge), so runs
# accumulate across sessions; Fuzz/Dictionaries/<seeds>.dict steers the fuzzer to the deep paths.
FUZZ_FLAGS = -max_len=65536 -timeout=20 -rss_limit_mb=4096 -detect_leaks=0 -print_final_stats=1

fuzz: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	  seeds=$$(echo $$t | sed 's/^Fuzz//' | tr A-Z a-z); \
	  mkdir -p Fuzz/Corpus/$$t $(FUZZ_CRASHES)/$$seeds; \
	  echo "== $$t for $(FUZZ_TIME)s"; \
	  SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 Fuzz/.build/debug/$$t -max_total_time=$(FUZZ_TIME) $(FUZZ_FLAGS) \
	    -dict=Fuzz/Dictionaries/$$seeds.dict -artifact_prefix=$(FUZZ_CRASHES)/$$seeds/ \
	    Fuzz/Corpus/$$t Fuzz/Seeds/$$seeds || exit 1; \
	done

# Long runs in the background, one target after another on one core (FUZZ_LONG_TIME seconds each, default 7200):
# logs in Fuzz/logs/<target>.log; `make fuzz-merge` afterwards, then record the hours and
# executions (the logs' last "stat::number_of_executed_units") in docs/robustness.md.
# The Swift backtracer is off: it trips AddressSanitizer and hides the real fault. LeakSanitizer is off
# too: at exit it reports TOMLKit's known per-parse leak (nodeAsString's strdup) as a "crash" of the
# empty input; leaks are checked by `make asan` instead.
FUZZ_LONG_TIME ?= 7200
fuzz-long: fuzz-build
	mkdir -p Fuzz/logs
	nohup bash -c 'for t in $(FUZZ_TARGETS); do \
	  seeds=$$(echo $$t | sed "s/^Fuzz//" | tr A-Z a-z); \
	  mkdir -p Fuzz/Corpus/$$t $(FUZZ_CRASHES)/$$seeds; \
	  SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 nice -n 10 Fuzz/.build/debug/$$t -max_total_time=$(FUZZ_LONG_TIME) $(FUZZ_FLAGS) \
	    -dict=Fuzz/Dictionaries/$$seeds.dict -artifact_prefix=$(FUZZ_CRASHES)/$$seeds/ \
	    Fuzz/Corpus/$$t Fuzz/Seeds/$$seeds > Fuzz/logs/$$t.log 2>&1; \
	done' > /dev/null 2>&1 &
	@echo "fuzzing in the background; tail -f Fuzz/logs/*.log"

# Minimise each committed corpus (keeps only inputs that add coverage).
fuzz-merge: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	  seeds=$$(echo $$t | sed 's/^Fuzz//' | tr A-Z a-z); \
	  rm -rf Fuzz/.merge && mkdir -p Fuzz/.merge Fuzz/Corpus/$$t; \
	  SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 Fuzz/.build/debug/$$t -merge=1 $(FUZZ_FLAGS) Fuzz/.merge Fuzz/Corpus/$$t Fuzz/Seeds/$$seeds \
	    && rm -rf Fuzz/Corpus/$$t && mv Fuzz/.merge Fuzz/Corpus/$$t; \
	done

# The test suite under AddressSanitizer and ThreadSanitizer (own build folders, so normal builds stay warm).
asan:
	$(SWIFT) test --scratch-path .build-asan -Xswiftc -sanitize=address

tsan:
	$(SWIFT) test --scratch-path .build-tsan -Xswiftc -sanitize=thread --filter 'Concurrency|Robustness'

# Screening time and peak memory at 1x, 10x and 100x input size (release build); prints a table.
scale:
	$(SWIFT) build -c release --product screen
	bash Fuzz/scale.sh .build/release/screen

# The HTML report at 1,000,000 posts (issue 14): a run interrupted and resumed, the report, summary and
# JSONL checked to agree, and the page's size and time to first paint in headless Chromium (README).
.PHONY: report-scale
report-scale:
	bash scripts/install-deps.sh chromium chromium-driver
	$(SWIFT) build -c release --product screen
	bash scripts/report-scale.sh

# Bulk re-screening benchmark (docs/history.md): 1,000,000 generated posts through `screen history`
# at 1 and 2 jobs; prints posts read, wall time and peak memory (needs /usr/bin/time).
.PHONY: history-bench
HISTORY_BENCH_INPUT ?= /tmp/history-1m.jsonl
history-bench:
	$(SWIFT) build -c release --product screen
	test -s $(HISTORY_BENCH_INPUT) || python3 scripts/gen-history.py --posts 1000000 --output $(HISTORY_BENCH_INPUT)
	for jobs in 1 2; do \
		echo "--jobs $$jobs"; \
		/usr/bin/time -v .build/release/screen history --no-progress --fail-on none --jobs $$jobs \
			--output /dev/null $(HISTORY_BENCH_INPUT) 2>&1 | grep -E "records read|Elapsed|Maximum resident"; \
	done
