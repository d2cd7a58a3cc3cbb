# equivalence.sh -- every speed-up gives the same output as the straightforward
# path: each multi-pattern prefilter (--prefilter all, words, literals, auto) against running
# every rule on every paragraph,
# with the switch from the literals' prefilter to the full one at a given batch,
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
	for mode in all words literals auto; do
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
# The switch from the literals' prefilter to the full one, which is built on a thread
# of its own while the first batches are coded: CODEER_PREFILTER_SWITCH=K makes it
# happen at batch K whatever the timing (0: the full one from the start; past the
# last batch: the literals' one throughout; ready: when it is built, job by job), and
# says where it happened, in batches (of 1024 answers here) and in jobs.
switch_at() { # K JOBS: the answers with the switch at batch K, into $s/sw-K-JOBS.tsv
	CODEER_PREFILTER_SWITCH=$1 "$CODEER" code -q --prefilter all -j "$2" --unit match \
		--text-column antwoord --id-column id --case-column regio -o "$s/sw-$1-$2.tsv" \
		"$s/many.csv" 2>"$s/sw-err" || { cat "$s/sw-err"; return 1; }
	grep 'prefilter stages' "$s/sw-err"
}
check "the full prefilter from the first of several batches" eval \
	"switch_at 0 1 | grep -q ' batches, 0 at stage 0, [1-9][0-9]* at stage 1; 0 jobs at stage 0, [1-9][0-9]* at stage 1\$'"
check "the literals' prefilter throughout: the same answers" eval \
	"switch_at 1000 2 | grep -q ' at stage 0, 0 at stage 1; [1-9][0-9]* jobs at stage 0, 0 at stage 1\$' && same_file '$s/sw-0-1.tsv' '$s/sw-1000-2.tsv'"
check "the switch as soon as the build is done (jobs of one batch may differ), -j 2" eval \
	"switch_at ready 2 | grep -q 'prefilter stages' && same_file '$s/sw-0-1.tsv' '$s/sw-ready-2.tsv'"
for k in 1 3; do
	for n in 1 2; do
		check "the switch at batch $k, -j $n: the same answers" eval \
			"switch_at $k $n | grep -q ' batches, $k at stage 0, [1-9][0-9]* at stage 1; $((k * 1024)) jobs at stage 0, [1-9][0-9]* at stage 1\$' && same_file '$s/sw-0-1.tsv' '$s/sw-$k-$n.tsv'"
	done
done
for n in 1 4; do "$CODEER" code -q -j $n -o "$s/jq-$n.qdpx" "$seeds" 2>/dev/null; done
check "-j N = -j 1: a REFI-QDA project, byte for byte" same_file "$s/jq-1.qdpx" "$s/jq-4.qdpx"
if [ -f "$bench" ]; then
	check "-j N = -j 1: the benchmark table" same_for_all_jobs j-bench.tsv --unit match -b "$bench" "$seeds"
fi
run code --prefilter fast -o - "$seeds"
check "--prefilter fast is a usage error" eval "status_is 2 && err_has '--prefilter is auto, all, words, literals or off'"
run code -j 0 -o - "$seeds"
check "-j 0 is a usage error" eval "status_is 2 && err_has '--jobs takes a number from 1 to 256'"
done_testing
