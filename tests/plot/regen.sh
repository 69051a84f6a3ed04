#!/bin/sh
# Regenerate the golden charts after a deliberate change to how charts look:
#   sh tests/plot/regen.sh [bin-dir]     (then review the diff before committing)
set -e
cd "$(dirname "$0")"
bin=${1:-../../bin}
for kind in line bars hist spark; do
	LC_ALL=C.UTF-8 "$bin/sentio-plot" --static --width 60 --height 15 --color never \
	    --kind "$kind" --title "Launch day" windows.ndjson > "$kind.utf8.golden"
	LC_ALL=C.UTF-8 "$bin/sentio-plot" --static --width 60 --height 15 --color never --ascii \
	    --kind "$kind" --title "Launch day" windows.ndjson > "$kind.ascii.golden"
done
LC_ALL=C.UTF-8 "$bin/sentio-plot" --static --width 60 --height 15 --color never \
    --x ts --y sentiment.compound scored.ndjson > scored-line.utf8.golden
LC_ALL=C.UTF-8 "$bin/sentio-plot" --static --width 60 --height 15 --color never \
    --x ts --y sentiment.compound --kind bars scored.ndjson > scored-bars.utf8.golden
LC_ALL=C.UTF-8 "$bin/sentio-plot" --static --width 60 --height 15 --color never \
    --x ts --y sentiment.compound shared.ndjson > shared-line.utf8.golden
