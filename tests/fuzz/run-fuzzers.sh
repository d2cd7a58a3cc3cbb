#!/bin/sh
# run-fuzzers.sh -- build the libFuzzer targets with clang (address and undefined
# behaviour sanitizers) and run each for a while on its seed corpus.
#
# usage: tests/fuzz/run-fuzzers.sh [SECONDS-EACH] [TARGET...]
#        tests/fuzz/run-fuzzers.sh --list   (the targets, one a line)
#   (run from the top of the source tree; builds into build-fuzz/, or $FUZZ_BUILD)
# A crash, leak or sanitizer report stops with exit 1 and leaves the input in
# build-fuzz/crash-*.  New inputs that reach new code go to build-fuzz/corpus/.
set -eu
cd "$(dirname "$0")/../.."
all="codebook norm csv refi match source dict docx"
if [ "${1:-}" = --list ]; then
	printf '%s\n' $all
	exit 0
fi
seconds=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-$all}
out=${FUZZ_BUILD:-build-fuzz}
mkdir -p "$out"
if [ ! -f "$out/config.h" ]; then
	(cd "$out" && ../configure -q CC=clang \
		CFLAGS="-g -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined") >&2
fi
make -s -C "$out" src/lib/libcodeer.a >&2
flags=$(pkg-config --cflags libpcre2-8 icu-uc libutf8proc libxml-2.0 libzip jansson yaml-0.1)
libs=$(pkg-config --libs libpcre2-8 icu-uc icu-i18n libutf8proc libxml-2.0 libzip jansson yaml-0.1)
hs=$(pkg-config --libs libhs 2>/dev/null || true)
status=0
for t in $targets; do
	clang -g -O1 -fsanitize=fuzzer,address,undefined -I"$out" -Isrc/lib $flags \
		"tests/fuzz/fuzz-$t.c" "$out/src/lib/libcodeer.a" $libs $hs -o "$out/fuzz-$t"
	mkdir -p "$out/corpus/$t"
	echo "fuzz-$t: ${seconds}s on tests/fuzz/corpus/$t" >&2
	if ! (cd "$out" && ASAN_OPTIONS=detect_leaks=1 ./"fuzz-$t" -max_total_time="$seconds" \
		-max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		"corpus/$t" "../tests/fuzz/corpus/$t" >"fuzz-$t.log" 2>&1); then
		echo "fuzz-$t: FAILED, see $out/fuzz-$t.log" >&2
		tail -30 "$out/fuzz-$t.log" >&2
		status=1
	fi
	grep -aE "stat::number_of_executed_units|stat::peak_rss_mb" "$out/fuzz-$t.log" | sed "s/^/fuzz-$t: /" >&2 || true
done
exit $status
