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

# Regenerate the Hunspell-verified inflection table after editing a `word+` lexicon entry.
word-forms: deps
	UPDATE_WORD_FORMS=1 $(SWIFT) test --filter WordFormsTests

clean:
	rm -rf .build
