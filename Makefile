# PostScreen — common tasks. `make demo` and `make test` do all setup on a fresh machine.
SHELL := /bin/bash
SWIFT ?= swift
PROFILE ?=

.PHONY: deps build demo test release bench eval clean

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

# Accuracy on the development corpus (needs ../shared/corpus).
eval: build
	.build/release/screen eval --profiles ../shared/corpus/profiles ../shared/corpus/dev/*.jsonl

clean:
	rm -rf .build
