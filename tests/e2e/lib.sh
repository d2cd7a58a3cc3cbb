# lib.sh -- shared helpers for the end-to-end tests: TAP output and a scratch
# directory.  Each test script sources this file, then calls 'check' and 'run'.
#
# Environment (set by 'make check'): CODEER (the binary), VERIFY_SPANS, TOP_SRCDIR.

set -u
: "${CODEER:?run the tests with make check}"
: "${TOP_SRCDIR:?run the tests with make check}"

tap_n=0
tap_failed=0
scratch=$(mktemp -d "${TMPDIR:-/tmp}/codeer-test.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

# check DESCRIPTION COMMAND...: one TAP line, ok when COMMAND succeeds.
check() {
	desc=$1
	shift
	tap_n=$((tap_n + 1))
	if "$@" >"$scratch/.check-out" 2>&1; then
		echo "ok $tap_n - $desc"
	else
		echo "not ok $tap_n - $desc"
		sed 's/^/#   /' "$scratch/.check-out" | head -20
		tap_failed=$((tap_failed + 1))
	fi
}

# run ARGS...: run codeer; sets $status, and $out / $err to files with its output.
run() {
	out=$scratch/.out
	err=$scratch/.err
	"$CODEER" "$@" >"$out" 2>"$err"
	status=$?
}

# run_in INPUTFILE ARGS...: like run, with standard input from INPUTFILE.
run_in() {
	input=$1
	shift
	out=$scratch/.out
	err=$scratch/.err
	"$CODEER" "$@" <"$input" >"$out" 2>"$err"
	status=$?
}

status_is() { [ "$status" = "$1" ] || { echo "exit status $status, expected $1"; cat "$err"; return 1; }; }
err_has() { grep -qF -- "$1" "$err" || { echo "stderr lacks: $1"; cat "$err"; return 1; }; }
out_has() { grep -qF -- "$1" "$out" || { echo "stdout lacks: $1"; head -5 "$out"; return 1; }; }
same_file() { cmp -s "$1" "$2" || { echo "$1 and $2 differ"; diff "$1" "$2" | head -10; return 1; }; }
no_temp_files() {
	left=$(find "$1" -name '.*.codeer-*' | head -3)
	[ -z "$left" ] || { echo "temporary files left: $left"; return 1; }
}

# cols FILE NAME...: the named columns of a codeer TSV table (header included),
# tab-separated, so tests do not depend on column positions.
cols() {
	f=$1
	shift
	awk -F'\t' -v want="$*" 'BEGIN { n = split(want, w, " ") }
		NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i }
		{ line = ""; for (j = 1; j <= n; j++) line = line (j > 1 ? "\t" : "") $idx[w[j]]; print line }' "$f"
}

done_testing() {
	echo "1..$tap_n"
	[ "$tap_failed" = 0 ]
}
