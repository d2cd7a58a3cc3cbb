#!/bin/sh
# run.sh -- the golden tests: each tests/golden/*.test is one whole behaviour of
# the command: the files it reads, the command line, and the exact standard
# output, standard error and exit status expected.  Prints TAP, one test per
# file, and a unified diff for each failure.  The format (tests/golden/README.md):
#
#   # a comment saying what the case shows
#   ## file NAME          the lines up to the next "##" line are file NAME
#   ## stdin              ... are standard input
#   ## setup CMD          a shell command run in the files' folder first (optional)
#   ## args ARGS          the command line after "codeer" ($TOP: the source tree)
#   ## exit N             the expected exit status
#   ## stdout             the expected standard output (up to the next "##")
#   ## stderr             the expected standard error
#
# A file's last line ends with a newline.  Timings in the summary ("0.12 s") are
# written as "T s" and the source tree as $TOP before comparing.  BLESS=1 rewrites
# each case's expected sections from what the command does now: read the diff
# before committing it.  Run from the build tree's make check, or:
#   CODEER=build/src/codeer TOP_SRCDIR=. sh tests/golden/run.sh [FILE.test...]
set -u
: "${CODEER:?set CODEER to the codeer binary}"
TOP=${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
export TOP
[ $# -gt 0 ] || set -- "$TOP"/tests/golden/*.test
echo "1..$#"
n=0
failed=0
for t in "$@"; do
	n=$((n + 1))
	name=$(basename "$t" .test)
	dir=$(mktemp -d)
	# Split the case into files: input files under in/, the rest beside.
	mkdir "$dir/in"
	awk -v dir="$dir" '
		/^## / {
			if (out) close(out)
			kind = $2
			out = ""
			if (kind == "file") out = dir "/in/" $3
			else if (kind == "stdin") out = dir "/stdin"
			else if (kind == "stdout") out = dir "/want.out"
			else if (kind == "stderr") out = dir "/want.err"
			else if (kind == "setup") { sub(/^## setup /, ""); print >> (dir "/setup"); close(dir "/setup") }
			else if (kind == "args") { sub(/^## args /, ""); print > (dir "/args"); close(dir "/args") }
			else if (kind == "exit") { print $3 > (dir "/want.exit"); close(dir "/want.exit") }
			if (out) printf "" > out
			next
		}
		out { print > out }
	' "$t"
	[ -f "$dir/stdin" ] || : >"$dir/stdin"
	[ -f "$dir/want.out" ] || : >"$dir/want.out"
	[ -f "$dir/want.err" ] || : >"$dir/want.err"
	args=$(cat "$dir/args")
	[ ! -f "$dir/setup" ] || (cd "$dir/in" && sh "$dir/setup" >/dev/null 2>&1)
	(cd "$dir/in" && eval "\"\$CODEER\" $args" <"$dir/stdin" >"$dir/got.out" 2>"$dir/got.err")
	echo $? >"$dir/got.exit"
	sed -e 's/[0-9][0-9]*\.[0-9][0-9] s ->/T s ->/' -e "s#$TOP#\$TOP#g" "$dir/got.err" >"$dir/got.err2"
	sed -e "s#$TOP#\$TOP#g" "$dir/got.out" >"$dir/got.out2"
	if [ "${BLESS:-}" = 1 ]; then
		{
			sed '/^## exit/,$d' "$t"
			echo "## exit $(cat "$dir/got.exit")"
			echo "## stdout"
			cat "$dir/got.out2"
			if [ -s "$dir/got.err2" ]; then
				echo "## stderr"
				cat "$dir/got.err2"
			fi
		} >"$dir/blessed" && cp "$dir/blessed" "$t"
	fi
	if cmp -s "$dir/want.exit" "$dir/got.exit" && cmp -s "$dir/want.out" "$dir/got.out2" &&
		cmp -s "$dir/want.err" "$dir/got.err2"; then
		echo "ok $n - $name"
	else
		failed=$((failed + 1))
		echo "not ok $n - $name"
		for s in exit out err; do
			g=$dir/got.$s
			[ "$s" = exit ] || g=$dir/got.${s}2
			diff -u "$dir/want.$s" "$g" | sed 's/^/# /'
		done
	fi
	rm -rf "$dir"
done
[ "$failed" = 0 ]
