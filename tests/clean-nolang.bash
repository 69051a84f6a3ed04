# The suites of what sentio-clean does to the text run it as it ran before
# it detected languages: a sentio-clean first on PATH that adds
# --detect-lang never, so that their expected records carry no lang.
# Detection, and the lang it adds, are tested in clean-lang.bats.
_nolang=$BATS_RUN_TMPDIR/clean-nolang
if [ ! -x "$_nolang/sentio-clean" ]; then
	mkdir -p "$_nolang"
	printf '#!/bin/sh\nexec "%s/sentio-clean" --detect-lang never "$@"\n' "$SENTIO_BIN" >"$_nolang/sentio-clean.$$"
	chmod +x "$_nolang/sentio-clean.$$"
	mv "$_nolang/sentio-clean.$$" "$_nolang/sentio-clean"
fi
PATH="$_nolang:$PATH"
export PATH
