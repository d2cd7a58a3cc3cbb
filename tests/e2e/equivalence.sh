# equivalence.sh -- every speed-up gives the same output as the straightforward
# path: each multi-pattern prefilter (--prefilter all, words, auto) against running
# every rule on every paragraph,
# and N worker threads against one, on the seeds (reference codebook, all units;
# a codebook of word lists, NEAR/clause and phrases in parts),
# the benchmark table, a survey and transcripts.
. "$TOP_SRCDIR/tests/e2e/lib.sh"
s=$scratch
seeds=$TOP_SRCDIR/corpora/seeds
bench=$TOP_SRCDIR/../shared/bench/codebook.tsv

same_both_ways() { # NAME ARGS...: code with each prefilter, and without
	name=$1
	shift
	"$CODEER" code -q --no-prefilter "$@" -o "$s/$name-slow.tsv" 2>"$s/err2" &&
		[ "$(wc -l <"$s/$name-slow.tsv")" -gt 1 ] || return 1
	for mode in all words auto; do
		"$CODEER" code -q --prefilter $mode "$@" -o "$s/$name-$mode.tsv" 2>"$s/err1" &&
			same_file "$s/$name-$mode.tsv" "$s/$name-slow.tsv" || return 1
	done
}
for unit in match sentence paragraph; do
	check "reference codebook, --unit $unit: each prefilter = every rule" same_both_ways "ref-$unit" --unit "$unit" "$seeds"
done
# Word lists (one atom per member, exact members on the original text), NEAR/clause
# and phrases in parts, which evaluation assembles from several atoms' matches.
for unit in match sentence; do
	check "word lists, NEAR/clause, phrases in parts, --unit $unit: each prefilter = every rule" \
		same_both_ways "lang-$unit" --unit "$unit" -b "$TOP_SRCDIR/tests/data/lang/lists-clauses.codebook" "$seeds"
done
if [ -f "$bench" ]; then
	check "benchmark table, --unit match: each prefilter = every rule" same_both_ways bench --unit match -b "$bench" "$seeds"
fi
# 'forms:' rules (a word, its compounds as first part, as head, anywhere) for the
# lemmas of the forms measurement: generated forms are words, compounds regexes.
awk '/^[a-z]/ { printf "code: f%d\n  forms: %s\n  forms: %s+\n  forms: +%s\n  forms: +%s+\n", NR, $1, $1, $1, $1 }' \
	"$TOP_SRCDIR/tests/bench/forms-lemmas.txt" >"$s/forms.codebook"
check "forms: rules, --unit match: each prefilter = every rule" same_both_ways forms --unit match -b "$s/forms.codebook" "$seeds"
check "survey answers: each prefilter = every rule" same_both_ways survey --unit match "$TOP_SRCDIR/tests/data/survey/qualtrics.csv"
check "transcripts: each prefilter = every rule" same_both_ways docx --unit match "$TOP_SRCDIR/tests/data/docx"
same_for_all_jobs() { # NAME.EXT ARGS...: -j 1 against -j 2, -j 3 and -j 8
	name=$1
	shift
	"$CODEER" code -q -j 1 "$@" -o "$s/1-$name" 2>"$s/err" || { cat "$s/err"; return 1; }
	[ "$(wc -l <"$s/1-$name")" -gt 1 ] || return 1
	for n in 2 3 8; do
		"$CODEER" code -q -j "$n" "$@" -o "$s/$n-$name" 2>"$s/err" &&
			same_file "$s/1-$name" "$s/$n-$name" || return 1
	done
}
for unit in match paragraph turn; do
	check "-j N = -j 1: seeds and transcripts, --unit $unit" same_for_all_jobs "j-$unit.tsv" --unit "$unit" "$seeds" "$TOP_SRCDIR/tests/data/docx"
done
check "-j N = -j 1: a survey, JSON Lines" eval "same_for_all_jobs j-survey.jsonl --case-column Regio '$TOP_SRCDIR/tests/data/survey/qualtrics.csv' '$TOP_SRCDIR/tests/data/survey/excel.csv'"
# Many answers: several batches (of at most 1024 documents), so that the ring of
# batches wraps, threads take runs of jobs and the main thread codes while it waits.
awk 'BEGIN { print "id,regio,antwoord" }
	FNR == 1 { f++ }
	{ gsub(/"/, "\"\""); for (k = 0; k < 3; k++) printf "R%d-%d-%d,%s,\"%s\"\n", f, FNR, k, (FNR % 2 ? "Noord" : "Zuid"), $0 }' \
	"$seeds"/*.txt >"$s/many.csv"
check "-j N = -j 1: $(($(wc -l <"$s/many.csv") - 1)) answers in several batches, table" \
	same_for_all_jobs j-many.tsv --unit match --text-column antwoord --id-column id --case-column regio "$s/many.csv"
check "-j N = -j 1: the same answers, JSON Lines" \
	same_for_all_jobs j-many.jsonl --text-column antwoord --id-column id "$s/many.csv"
for n in 1 4; do "$CODEER" code -q -j $n -o "$s/jq-$n.qdpx" "$seeds" 2>/dev/null; done
check "-j N = -j 1: a REFI-QDA project, byte for byte" same_file "$s/jq-1.qdpx" "$s/jq-4.qdpx"
if [ -f "$bench" ]; then
	check "-j N = -j 1: the benchmark table" same_for_all_jobs j-bench.tsv --unit match -b "$bench" "$seeds"
fi
run code --prefilter fast -o - "$seeds"
check "--prefilter fast is a usage error" eval "status_is 2 && err_has '--prefilter is auto, all, words or off'"
run code -j 0 -o - "$seeds"
check "-j 0 is a usage error" eval "status_is 2 && err_has '--jobs takes a number from 1 to 256'"
done_testing
