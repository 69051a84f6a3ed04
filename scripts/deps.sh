#!/bin/sh
# Install the Debian packages sentio builds and tests with: as root with
# apt-get, otherwise print the command to run.  Each stage adds its own.
set -eu

packages="
	gcc g++ make pkg-config
	libjansson-dev libutf8proc-dev libcld2-dev
	bats bats-assert bats-support
	mandoc tzdata
	unicode-data
	libcurl4-openssl-dev libexpat1-dev libmicrohttpd-dev
	parallel tmux jq strace time curl valgrind
	cron
	clang libclang-rt-14-dev
"

missing=
# SENTIO_DEPS_EXTRA: more packages to require (the tests use it to see a missing one).
for p in $packages ${SENTIO_DEPS_EXTRA:-}; do
	dpkg-query -W -f '${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
# The build downloads python3-pattern (apt-get download, for TextBlob's
# lexicon): that needs the package lists, which a fresh machine may lack.
if ! apt-cache show python3-pattern >/dev/null 2>&1; then
	if [ "$(id -u)" -eq 0 ]; then
		apt-get update -qq >/dev/null
	else
		echo "make deps: the package lists know no python3-pattern; run as root: apt-get update" >&2
	fi
fi

# Commands that may come from elsewhere on the machine (the image's own node or python).
command -v npm >/dev/null 2>&1 || missing="$missing npm"
command -v python3 >/dev/null 2>&1 || missing="$missing python3"
[ -z "$missing" ] && exit 0

cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" -ne 0 ]; then
	echo "sentio needs these Debian packages:$missing" >&2
	echo "run as root: apt-get update && $cmd" >&2
	exit 1
fi
echo "make deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
