# tests/fuzz.mk: libFuzzer harnesses (tests/fuzz/fuzz_*.c) with seed corpora
# (tests/fuzz/<name>/), built with clang -fsanitize=fuzzer,address,undefined
# into build/fuzz/, apart from the stages' own builds.
#
#   make fuzz                   fuzz each harness for FUZZ_SECONDS (default 10)
#   make fuzz FUZZ_SECONDS=300 FUZZ_ONLY="html utf8"
#   make fuzz-smoke             run each harness over its seeds only (no fuzzing,
#                               a few seconds): what make check may call, through
#                               $(FUZZ_SMOKE) (stamp files, redone when a harness
#                               or a seed changes; empty when clang cannot build
#                               harnesses): check: $(FUZZ_SMOKE)
#
# tests/fuzz/<name>.dict, when there is one, is the harness's dictionary.
# New inputs that fuzzing finds are kept in build/fuzz/corpus/<name>/, crashes
# in build/fuzz/crashes/<name>/ (crash-*, leak-*, timeout-*).  A crash becomes
# a seed under tests/fuzz/<name>/ (and a test) before it is fixed.

FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 10
FUZZ_DIR      = build/fuzz
FUZZ_SAN      = -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS   = -Wall -Wextra -Wpedantic -g -O1 -fno-omit-frame-pointer -std=c17 -D_GNU_SOURCE \
                -DSENTIO_VERSION='"$(VERSION)"' -Ilib -I$(GEN) -Iscore -Icollect -Iclean \
                $(FUZZ_SAN) -fsanitize=fuzzer-no-link -MMD -MP
FUZZ_LDFLAGS  = $(FUZZ_SAN) -fsanitize=fuzzer
FUZZ_NAMES    = $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_ONLY    ?= $(FUZZ_NAMES)
FUZZ_BINS     = $(FUZZ_NAMES:%=$(FUZZ_DIR)/fuzz_%)
# Empty without clang (and its libFuzzer runtime, Debian's libclang-rt-14-dev),
# so that a check that depends on it still runs elsewhere.
FUZZ_HAVE    := $(shell echo 'int LLVMFuzzerTestOneInput(const char *d, long n) { return 0; }' | \
                  $(FUZZ_CC) -fsanitize=fuzzer -x c - -o /dev/null >/dev/null 2>&1 && echo yes)
FUZZ_SMOKE    = $(if $(FUZZ_HAVE),$(FUZZ_NAMES:%=$(FUZZ_DIR)/smoke/%.ok))

# Objects of lib/ and of the stages' helper files (never their main files).
FUZZ_OBJ      = $(FUZZ_DIR)/obj
FUZZ_LIB      = $(patsubst %.c,$(FUZZ_OBJ)/%.o,$(LIB_SRCS))
FUZZ_SCORE    = $(patsubst %.c,$(FUZZ_OBJ)/%.o,$(filter-out score/score.c,\
                  $(wildcard score/*.c))) $(FUZZ_OBJ)/gen/vader_data.o
# (langid.c needs libcld2, which fuzz_clean does not link: it fuzzes what is ours.)
FUZZ_CLEAN    = $(patsubst %.c,$(FUZZ_OBJ)/%.o,$(filter-out clean/clean.c clean/langid.c,\
                  $(wildcard clean/*.c)))
FUZZ_COLLECT  = $(patsubst %.c,$(FUZZ_OBJ)/%.o,$(wildcard collect/csv.c collect/sse.c))
FUZZ_PLOT     = $(FUZZ_OBJ)/plot/text.o
FUZZ_WINDOW   = $(FUZZ_OBJ)/window/aggregate.o $(FUZZ_OBJ)/window/exact.o

# A known bug may be waived here (a per-object -fno-sanitize=...) so that
# fuzzing gets past it until it is fixed; see tests/fuzz/KNOWN-BUGS.

$(FUZZ_OBJ)/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<
$(FUZZ_OBJ)/gen/vader_data.o: $(GEN)/vader_data.c score/vader_data.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<
$(FUZZ_OBJ)/lib/html.o: $(GEN)/html_entities.h
$(FUZZ_OBJ)/score/textblob.o: $(GEN)/textblob_lexicon.h
$(FUZZ_OBJ)/score/vader.o: score/vader_data.h
$(FUZZ_DIR)/fuzz_%.o: tests/fuzz/fuzz_%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<
$(FUZZ_DIR)/fuzz_plottext.o: FUZZ_CFLAGS += -Iplot
$(FUZZ_DIR)/fuzz_window.o: FUZZ_CFLAGS += -Iwindow

FUZZ_LINK = $(FUZZ_CC) $(FUZZ_LDFLAGS) -o $@ $^ -ljansson -lm
$(FUZZ_DIR)/fuzz_reader $(FUZZ_DIR)/fuzz_timestamp $(FUZZ_DIR)/fuzz_duration \
$(FUZZ_DIR)/fuzz_html $(FUZZ_DIR)/fuzz_utf8 $(FUZZ_DIR)/fuzz_scan: $(FUZZ_DIR)/fuzz_%: $(FUZZ_DIR)/fuzz_%.o $(FUZZ_LIB)
	$(FUZZ_LINK)
$(FUZZ_DIR)/fuzz_vader $(FUZZ_DIR)/fuzz_textblob: $(FUZZ_DIR)/fuzz_%: $(FUZZ_DIR)/fuzz_%.o \
                                                   $(FUZZ_SCORE) $(FUZZ_LIB)
	$(FUZZ_LINK) -lutf8proc
$(FUZZ_DIR)/fuzz_clean: $(FUZZ_DIR)/fuzz_clean.o $(FUZZ_CLEAN) $(FUZZ_LIB)
	$(FUZZ_LINK) -lutf8proc
$(FUZZ_DIR)/fuzz_plottext: $(FUZZ_DIR)/fuzz_plottext.o $(FUZZ_PLOT) $(FUZZ_LIB)
	$(FUZZ_LINK) -lutf8proc
$(FUZZ_DIR)/fuzz_window: $(FUZZ_DIR)/fuzz_window.o $(FUZZ_WINDOW) $(FUZZ_LIB)
	$(FUZZ_LINK)
$(FUZZ_DIR)/fuzz_csv $(FUZZ_DIR)/fuzz_sse: $(FUZZ_DIR)/fuzz_%: $(FUZZ_DIR)/fuzz_%.o \
                                           $(FUZZ_COLLECT) $(FUZZ_LIB)
	$(FUZZ_LINK)
$(FUZZ_DIR)/fuzz_feed: $(FUZZ_DIR)/fuzz_feed.o $(FUZZ_OBJ)/collect/feedparse.o $(FUZZ_LIB)
	$(FUZZ_LINK) -lexpat

fuzz-build: $(FUZZ_BINS)

# Each harness over its seeds, each seed run once: no fuzzing.
.SECONDEXPANSION:
$(FUZZ_DIR)/smoke/%.ok: $(FUZZ_DIR)/fuzz_% $$(wildcard tests/fuzz/$$*/*)
	@mkdir -p $(@D)
	@echo "fuzz-smoke: $* ($(words $(wildcard tests/fuzz/$*/*)) seeds)"
	@$< $(wildcard tests/fuzz/$*/*) >$(@:.ok=.log) 2>&1 || \
	  { cat $(@:.ok=.log) >&2; echo "fuzz-smoke: $*: FAILED (log: $(@:.ok=.log))" >&2; exit 1; }
	@touch $@

fuzz-smoke: $(FUZZ_SMOKE)
	@$(if $(FUZZ_HAVE),:,echo "fuzz-smoke: skipped: $(FUZZ_CC) cannot build libFuzzer harnesses" >&2)

# Fuzz each harness in turn: its seeds first, new finds kept in build/fuzz/corpus/.
fuzz: $(FUZZ_ONLY:%=$(FUZZ_DIR)/fuzz_%)
	@set -e; for h in $(FUZZ_ONLY); do \
	  mkdir -p $(FUZZ_DIR)/corpus/$$h $(FUZZ_DIR)/crashes/$$h; \
	  echo "fuzz: $$h for $(FUZZ_SECONDS)s"; \
	  dict=; [ -f tests/fuzz/$$h.dict ] && dict=-dict=tests/fuzz/$$h.dict; \
	  $(FUZZ_DIR)/fuzz_$$h -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
	    -max_len=65536 -print_final_stats=1 -close_fd_mask=2 $$dict \
	    -artifact_prefix=$(FUZZ_DIR)/crashes/$$h/ \
	    $(FUZZ_DIR)/corpus/$$h tests/fuzz/$$h 2>$(FUZZ_DIR)/$$h.log || \
	  { tail -n 60 $(FUZZ_DIR)/$$h.log >&2; \
	    echo "fuzz: $$h: FAILED; the input is in $(FUZZ_DIR)/crashes/$$h/" >&2; exit 1; }; \
	  grep -E '^stat::(number_of_executed_units|peak_rss_mb)|^#[0-9]+ *DONE' $(FUZZ_DIR)/$$h.log || true; \
	done

.PHONY: fuzz fuzz-smoke fuzz-build
