# sentio: real-time sentiment analysis as a Unix pipeline of small C filters.
# make             build bin/sentio-*
# make check       run every test (make check SANITIZE=1: under ASan and UBSan)
# make demo        run the pipeline over data/launch-day.ndjson
# make bench       measure records/s against the jansson baseline
# make install     PREFIX=/usr/local DESTDIR=

VERSION  = 0.1.0
PREFIX  ?= /usr/local
MANDIR  ?= $(PREFIX)/share/man
CC      ?= cc
WERROR  ?=
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c17 -D_GNU_SOURCE -Wall -Wextra -Wpedantic $(WERROR) \
           -DSENTIO_VERSION='"$(VERSION)"' -Ilib -I$(GEN)
LDLIBS   = -ljansson -lm

ifeq ($(SANITIZE),1)
BUILD   ?= build/san
CFLAGS  += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
else
BUILD   ?= build/opt
endif
BIN      = $(BUILD)/bin
GEN      = build/gen

LIB_SRCS = $(wildcard lib/*.c)
LIB      = $(BUILD)/libsentio.a

BINS     =
MANS     = man/sentio.7

all: bins

# lib/ (lib/lib.mk) and each stage (<stage>/module.mk) say how they are built
# in a fragment of their own.
include $(wildcard */*.mk)

# bin/ holds the optimised build; a sanitized one stays in build/san/bin.
bins: $(BINS)
ifneq ($(SANITIZE),1)
	@mkdir -p bin
	@for b in $(BINS); do ln -sf ../$$b bin/; done
endif

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

$(LIB): $(LIB_SRCS:%.c=$(BUILD)/%.o)
	$(AR) rcs $@ $^

-include $(shell find build -name '*.d' 2>/dev/null)

deps:
	@sh scripts/deps.sh

# Unit tests of lib/, then each stage's bats suite.
UNIT_TESTS = $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/*.c))
$(BUILD)/tests/%: tests/unit/%.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

# Small programs the tests drive (a pass-through stage for lib/).
TEST_TOOLS = $(patsubst tests/tools/%.c,$(BUILD)/tests/tools/%,$(wildcard tests/tools/*.c))
$(BUILD)/tests/tools/%: tests/tools/%.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

check: deps bins $(UNIT_TESTS) $(TEST_TOOLS) lint-man format-check $(FUZZ_SMOKE)
	@for t in $(UNIT_TESTS); do echo "# $$t"; $$t || exit 1; done
	SENTIO_BIN=$(CURDIR)/$(BIN) SENTIO_TOOLS=$(CURDIR)/$(BUILD)/tests/tools SENTIO_SANITIZE=$(SANITIZE) \
	    bats --timing tests/

demo: deps bins
	@sh scripts/demo.sh $(BIN)

bench: bins
	@sh bench/bench.sh $(BIN) $(BUILD)/bench/baseline

lint-man:
	mandoc -Tlint -Wwarning $(MANS)

# Formatting is checked where clang-format is (the developers' machines and CI).
format-check:
	@if command -v clang-format >/dev/null; then \
		clang-format --dry-run --Werror $$(git ls-files '*.c' '*.h' 2>/dev/null || find . -name '*.[ch]'); \
	else echo "format-check: no clang-format; skipped"; fi

install: bins
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man7
	install -m 755 $(BINS) $(DESTDIR)$(PREFIX)/bin/
	for m in $(MANS); do install -m 644 $$m $(DESTDIR)$(MANDIR)/man$${m##*.}/; done

clean:
	rm -rf build bin

.PHONY: all bins deps check demo bench lint-man format-check install clean
