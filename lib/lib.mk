# lib/lib.mk: what lib/ builds besides its objects (the top Makefile makes
# $(LIB) from lib/*.c).
#
# The HTML5 named character references that lib/html.c decodes, generated at
# build time from python3's html.entities (Debian: libpython3-stdlib, pulled in
# by python3).  Nothing of it is committed.
PYTHON3 ?= python3
$(GEN)/html_entities.h: scripts/gen-entities.py
	@mkdir -p $(@D)
	@command -v $(PYTHON3) >/dev/null 2>&1 || { \
	  echo "$@: cannot generate it: $(PYTHON3) is missing." >&2; \
	  echo "  Install it (apt-get install python3), or write the table there with" >&2; \
	  echo "  scripts/gen-entities.py on a machine that has it." >&2; exit 1; }
	$(PYTHON3) scripts/gen-entities.py $@

$(BUILD)/lib/html.o: $(GEN)/html_entities.h
