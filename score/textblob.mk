# textblob.mk: the TextBlob-compatible model of sentio-score (score/textblob.c).
#
# Its lexicon is Pattern's en-sentiment.xml, taken at build time from the
# Debian package python3-pattern (downloaded with apt-get download, never
# installed, never committed) and compiled into build/gen/textblob_lexicon.h.
# Without network: make PATTERN_XML=/path/to/en-sentiment.xml
#
# make parity-textblob    compare with ../shared/oracle (ORACLE=dir to change),
#                         with tests/tools/textblob-parity (built by tests/tools.mk)

TEXTBLOB_XML      = $(GEN)/pattern/en-sentiment.xml
TEXTBLOB_XML_PATH = ./usr/lib/python3/dist-packages/pattern/text/en/en-sentiment.xml
TEXTBLOB_XML_SUM  = 0ca603db55570bab9b2865716a3696ede01e3da02b570c47628a9dbcc3b37d1e
ORACLE           ?= ../shared/oracle

$(BUILD)/score/textblob.o: $(GEN)/textblob_lexicon.h $(GEN)/pattern_fr_lexicon.h \
                           $(GEN)/pattern_it_lexicon.h $(GEN)/pattern_nl_lexicon.h

# French, Italian and Dutch (--model auto): Pattern 2.6's own lexicons, from
# the same Debian package, loaded as Pattern loads them (textblob-gen.awk).
# Without network: make PATTERN_DEB=/path/to/python3-pattern_*.deb
PATTERN_TEXT = ./usr/lib/python3/dist-packages/pattern/text

$(GEN)/pattern_%_lexicon.h: $(GEN)/pattern/%-sentiment.xml score/textblob-gen.awk
	@mkdir -p $(@D)
	awk -v lang=$* -v name=pattern_$*_lexicon -f score/textblob-gen.awk $< > $@.tmp
	mv $@.tmp $@

PATTERN_DEB_COPY = $(GEN)/pattern/deb/python3-pattern.deb

$(GEN)/pattern/fr-sentiment.xml $(GEN)/pattern/it-sentiment.xml $(GEN)/pattern/nl-sentiment.xml: \
		| $(PATTERN_DEB_COPY)
	@set -e; l=$$(basename $@ -sentiment.xml); \
	dpkg-deb --fsys-tarfile $(PATTERN_DEB_COPY) | \
	tar -xO $(PATTERN_TEXT)/$$l/$$l-sentiment.xml > $@.tmp; \
	grep -q '<word ' $@.tmp || { echo "textblob.mk: $@: no <word> entries" >&2; rm -f $@.tmp; exit 1; }; \
	mv $@.tmp $@

# The package itself, downloaded once (or copied from PATTERN_DEB).
$(PATTERN_DEB_COPY):
	@set -e; d=$(@D); mkdir -p $$d; rm -f $$d/*.deb; \
	if [ -n "$(PATTERN_DEB)" ]; then \
		cp "$(PATTERN_DEB)" $@; \
	elif (cd $$d && apt-get download python3-pattern) >$$d/apt.log 2>&1; then \
		mv $$d/python3-pattern_*.deb $@; \
	else \
		cat $$d/apt.log >&2; rm -f $$d/*.deb; \
		echo "textblob.mk: missing Pattern's fr-, it-, nl-sentiment.xml (from the Debian" >&2; \
		echo "  package python3-pattern): apt-get download python3-pattern failed." >&2; \
		echo "  Provide the package by hand: make PATTERN_DEB=/path/to/python3-pattern_*.deb" >&2; \
		exit 1; \
	fi

$(GEN)/textblob_lexicon.h: $(TEXTBLOB_XML) score/textblob-gen.awk
	@mkdir -p $(@D)
	awk -f score/textblob-gen.awk $(TEXTBLOB_XML) > $@.tmp
	mv $@.tmp $@

# The lexicon: from PATTERN_XML when given, else from Debian's package.
$(TEXTBLOB_XML):
	@mkdir -p $(@D)
	@set -e; d=$(@D); rm -f $$d/*.deb $@.tmp; \
	if [ -n "$(PATTERN_XML)" ]; then \
		cp "$(PATTERN_XML)" $@.tmp; \
	elif (cd $$d && apt-get download python3-pattern) >$$d/apt.log 2>&1 && \
	     dpkg-deb --fsys-tarfile $$d/python3-pattern_*.deb | \
	     tar -xO $(TEXTBLOB_XML_PATH) > $@.tmp; then \
		rm -f $$d/*.deb; \
	else \
		cat $$d/apt.log >&2; rm -f $$d/*.deb $@.tmp; \
		echo "textblob.mk: missing $@ (Pattern's en-sentiment.xml, from the Debian" >&2; \
		echo "  package python3-pattern): apt-get download python3-pattern failed." >&2; \
		echo "  Provide the file by hand: make PATTERN_XML=/path/to/en-sentiment.xml" >&2; \
		exit 1; \
	fi; \
	sum=$$(sha256sum $@.tmp | cut -d' ' -f1); \
	if [ "$$sum" != "$(TEXTBLOB_XML_SUM)" ]; then \
		echo "textblob.mk: warning: en-sentiment.xml has sha256 $$sum, not the" >&2; \
		echo "  $(TEXTBLOB_XML_SUM) of TextBlob 0.18; scores may differ from it." >&2; \
	fi; \
	mv $@.tmp $@

parity-textblob: $(BUILD)/tests/tools/textblob-parity
	$< -n 5 $(wildcard $(ORACLE)/*.ndjson)

.PHONY: parity-textblob

# make parity-pattern: --model auto against Python Pattern 2.6 itself on
# Pattern's French and Dutch labelled corpora (score/pattern-parity.py).
# Pattern comes unpacked from Debian's python3-pattern (apt-get download,
# or PATTERN_DEB=/path/to/python3-pattern_*.deb), never installed; its
# Python dependencies for pattern.text are the standard library's.
parity-pattern: $(BIN)/sentio-score
	@set -e; d=$(BUILD)/pattern-ref; rm -rf $$d; mkdir -p $$d; \
	if [ -n "$(PATTERN_DEB)" ]; then deb="$(PATTERN_DEB)"; \
	else $(MAKE) -s $(PATTERN_DEB_COPY); deb=$(PATTERN_DEB_COPY); fi; \
	dpkg-deb -x "$$deb" $$d/root; \
	python3 score/pattern-parity.py $(BIN)/sentio-score $$d/root

.PHONY: parity-pattern
