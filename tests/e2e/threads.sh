# threads.sh -- the coding threads under ThreadSanitizer: the runs that share data
# between threads (the pipeline's batches, the full prefilter built on a thread of
# its own and switched to while others code, the commands that code on the
# pipeline) with a binary built with -fsanitize=thread, which stops with exit
# status 66 at the first data race it sees.  Each run's output must also equal the
# ordinary binary's.
#
# TSAN_CODEER names that binary ('./run test' builds it in build-tsan/); without
# it the test is skipped.
. "$TOP_SRCDIR/tests/e2e/lib.sh"
if [ -z "${TSAN_CODEER:-}" ]; then
	echo "1..0 # SKIP no ThreadSanitizer build (TSAN_CODEER is not set)"
	exit 0
fi
s=$scratch
seeds=$TOP_SRCDIR/corpora/seeds
ref=$TOP_SRCDIR/codebooks/ondermijning.codebook
export TSAN_OPTIONS="halt_on_error=1 exitcode=66"

check "the binary is built with ThreadSanitizer" eval "ldd '$TSAN_CODEER' | grep -q libtsan"

# tsan EXPECTED ARGS...: the ThreadSanitizer binary, whose standard output must
# equal the file EXPECTED (a race stops it with its report on stderr).
tsan() {
	expected=$1
	shift
	"$TSAN_CODEER" "$@" >"$s/tsan-out" 2>"$s/tsan-err" || {
		echo "exit status $?"
		head -40 "$s/tsan-err"
		return 1
	}
	same_file "$expected" "$s/tsan-out"
}

# Seven batches of 1,024 answers (as in equivalence.sh): the ring of batches wraps.
awk 'BEGIN { print "id,regio,antwoord" }
	FNR == 1 { f++ }
	{ gsub(/"/, "\"\""); for (k = 0; k < 3; k++) printf "R%d-%d-%d,%s,\"%s\"\n", f, FNR, k, (FNR % 2 ? "Noord" : "Zuid"), $0 }' \
	"$seeds"/*.txt >"$s/many.csv"
survey="--unit match --text-column antwoord --id-column id --case-column regio"
"$CODEER" code -q -j 1 $survey -o "$s/many.tsv" "$s/many.csv"

# The switch from the literals' prefilter to the full one while other threads code:
# at batch 1 and 3, as soon as it is built, and (the default for files) before the
# first batch, waiting for the builder.
for k in 1 3 ready; do
	for n in 2 3; do
		check "the switch at batch $k, -j $n: no race, the same answers" eval \
			"CODEER_PREFILTER_SWITCH=$k tsan '$s/many.tsv' code -q -j $n --prefilter all $survey -o - '$s/many.csv'"
	done
done
check "-j 3, waiting for the full prefilter: no race, the same answers" \
	tsan "$s/many.tsv" code -q -j 3 $survey -o - "$s/many.csv"
# Standard input under --prefilter auto: the literals' prefilter first, the full
# one built once 4 MiB are read (here: never; the switch tests above cover it).
"$CODEER" code -q -j 1 --input-format csv $survey -o "$s/stdin.tsv" - <"$s/many.csv"
check "standard input, -j 2: no race, the same answers" eval \
	"tsan '$s/stdin.tsv' code -q -j 2 --input-format csv $survey -o - - <'$s/many.csv'"

# The other commands that code on the pipeline's threads.
for unit in paragraph sentence; do
	"$CODEER" code -q -j 1 --unit $unit -o "$s/seeds-$unit.tsv" "$seeds"
	check "code --unit $unit, -j 3: no race, the same codings" \
		tsan "$s/seeds-$unit.tsv" code -q -j 3 --unit $unit -o - "$seeds"
done
# A code removed and another added in its place (as in diff.sh).
awk '/^code: thm.logistiek$/ { skip = 1; print "code: thm.nieuw\n  word: gemeenten"; next }
	skip && /^code: / { skip = 0 }
	!skip' "$ref" >"$s/new.codebook"
"$CODEER" diff -q -j 1 --format tsv "$ref" "$s/new.codebook" "$seeds" >"$s/diff.tsv"
check "diff, -j 3: no race, the same changes" \
	tsan "$s/diff.tsv" diff -q -j 3 --format tsv "$ref" "$s/new.codebook" "$seeds"
human=$TOP_SRCDIR/tests/data/gold/paragraphs.tsv
"$CODEER" agree -q -j 1 --human "$human" --format tsv "$seeds" >"$s/agree.tsv"
check "agree, -j 3: no race, the same figures" \
	tsan "$s/agree.tsv" agree -q -j 3 --human "$human" --format tsv "$seeds"
done_testing
