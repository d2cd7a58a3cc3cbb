# sharding.sh -- codeer as a filter that an engine such as GNU parallel can shard:
# answers on standard input (CSV or JSON Lines), rows on standard output without a
# header; the shards' output, concatenated and sorted, equals the unsharded run,
# and GNU parallel's, in input order, equals it byte for byte.
. "$TOP_SRCDIR/tests/e2e/lib.sh"
s=$scratch

# Answers: the long lines of a seed, as CSV (RFC 4180 quoting) and as JSON Lines.
awk 'length($0) > 80 { n++; gsub(/"/, "\"\""); printf "R%04d,\"%s\"\n", n, $0 }' \
	"$TOP_SRCDIR/corpora/seeds/003_863b473b8a5b0ad0.txt" >"$s/rows.csv"
{ echo "respondent_id,answer"; cat "$s/rows.csv"; } >"$s/all.csv"
awk 'length($0) > 80 { n++; gsub(/\\/, "\\\\"); gsub(/"/, "\\\""); gsub(/\t/, "\\t");
	printf "{\"id\":\"R%04d\",\"text\":\"%s\",\"regio\":\"r%d\"}\n", n, $0, n % 3 }' \
	"$TOP_SRCDIR/corpora/seeds/003_863b473b8a5b0ad0.txt" >"$s/all.jsonl"
rows=$(wc -l <"$s/rows.csv")
check "the test corpus has answers ($rows)" [ "$rows" -gt 50 ]

opts="-q --text-column answer --id-column respondent_id --unit match --no-header -o -"
"$CODEER" code $opts --input-format csv <"$s/all.csv" | sort >"$s/whole.tsv"
check "unsharded CSV from standard input: rows" [ "$(wc -l <"$s/whole.tsv")" -gt 100 ]
split -l 40 "$s/rows.csv" "$s/shard-"
for f in "$s"/shard-*; do
	{ echo "respondent_id,answer"; cat "$f"; } | "$CODEER" code $opts --input-format csv -j 1
done | sort >"$s/sharded.tsv"
check "CSV shards, concatenated and sorted, equal the unsharded run" same_file "$s/whole.tsv" "$s/sharded.tsv"

jopts="-q --unit match --no-header --case-column regio -o -"
"$CODEER" code $jopts --input-format jsonl <"$s/all.jsonl" | sort >"$s/jwhole.tsv"
check "JSON Lines from standard input: rows, named ID:text, with the case field" eval "[ \$(wc -l <'$s/jwhole.tsv') -gt 100 ] && grep -q '^R[0-9]*:text	' '$s/jwhole.tsv' && grep -q '	r1$' '$s/jwhole.tsv'"
split -l 25 "$s/all.jsonl" "$s/jshard-"
for f in "$s"/jshard-*; do
	"$CODEER" code $jopts --input-format jsonl <"$f"
done | sort >"$s/jsharded.tsv"
check "JSON Lines shards, concatenated and sorted, equal the unsharded run" same_file "$s/jwhole.tsv" "$s/jsharded.tsv"

# A real engine: GNU parallel hands each job a block of lines on standard input
# (--pipe; --header : repeats the CSV header in every block), runs several at
# once, and keeps their output in input order (-k), so the sharded output is the
# unsharded run's, byte for byte.  Blocks of 16 KB: several jobs.
if command -v parallel >/dev/null 2>&1; then
	par() { parallel --will-cite --tmpdir "$s" --pipe --block 16k -k -j 4 "$@"; }
	"$CODEER" code $opts --input-format csv <"$s/all.csv" >"$s/whole-in-order.tsv"
	check "GNU parallel cuts the CSV into several blocks, each with the header" eval \
		"[ \$(par --header : 'head -1' <'$s/all.csv' | grep -c '^respondent_id,answer\$') -ge 4 ]"
	par --header : "$CODEER" code $opts --input-format csv -j 1 <"$s/all.csv" >"$s/par.tsv"
	check "parallel --pipe --header : -j 4 over CSV equals the unsharded run" \
		same_file "$s/whole-in-order.tsv" "$s/par.tsv"
	"$CODEER" code $jopts --input-format jsonl <"$s/all.jsonl" >"$s/jwhole-in-order.tsv"
	par "$CODEER" code $jopts --input-format jsonl -j 2 <"$s/all.jsonl" >"$s/jpar.tsv"
	check "parallel --pipe -j 4 over JSON Lines equals the unsharded run" \
		same_file "$s/jwhole-in-order.tsv" "$s/jpar.tsv"
else
	echo "# GNU parallel not found (Debian's parallel, a test package of ./run): not run"
fi

printf '{"id":"x","text":"goed"}\n{"id":"y" "text":"kapot"}\n' >"$s/bad.jsonl"
run code -o - "$s/bad.jsonl"
check "a malformed JSON line: exit 1 at its line" eval "status_is 1 && err_has '$s/bad.jsonl:2:'"
done_testing
