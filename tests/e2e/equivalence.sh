# equivalence.sh -- every speed-up gives the same output as the straightforward
# path: the multi-pattern prefilter against running every rule on every paragraph,
# on the seeds (reference codebook, all units), the benchmark table and a survey.
. "$TOP_SRCDIR/tests/e2e/lib.sh"
s=$scratch
seeds=$TOP_SRCDIR/corpora/seeds
bench=$TOP_SRCDIR/../shared/bench/codebook.tsv

same_both_ways() { # NAME ARGS...: code twice, with and without the prefilter
	name=$1
	shift
	"$CODEER" code -q "$@" -o "$s/$name-fast.tsv" 2>"$s/err1" &&
		"$CODEER" code -q --no-prefilter "$@" -o "$s/$name-slow.tsv" 2>"$s/err2" &&
		same_file "$s/$name-fast.tsv" "$s/$name-slow.tsv" &&
		[ "$(wc -l <"$s/$name-fast.tsv")" -gt 1 ]
}
for unit in match sentence paragraph; do
	check "reference codebook, --unit $unit: prefilter = every rule" same_both_ways "ref-$unit" --unit "$unit" "$seeds"
done
if [ -f "$bench" ]; then
	check "benchmark table, --unit match: prefilter = every rule" same_both_ways bench --unit match -b "$bench" "$seeds"
fi
check "survey answers: prefilter = every rule" same_both_ways survey --unit match "$TOP_SRCDIR/tests/data/survey/qualtrics.csv"
check "transcripts: prefilter = every rule" same_both_ways docx --unit match "$TOP_SRCDIR/tests/data/docx"
done_testing
