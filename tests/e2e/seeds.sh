# seeds.sh -- the real Dutch documents of corpora/seeds, coded with the bundled
# reference codebook and with the benchmark pattern table: every coding quotes its
# original text exactly, every code fires, and runs are reproducible.
. "$TOP_SRCDIR/tests/e2e/lib.sh"
s=$scratch
seeds=$TOP_SRCDIR/corpora/seeds

for unit in match sentence paragraph; do
	run code -q --unit "$unit" -o "$s/$unit.tsv" "$seeds"
	check "reference codebook, --unit $unit: exit 0" eval "status_is 0"
	check "... every coding quotes its original text exactly" \
		sh -c "'$VERIFY_SPANS' '$s/$unit.tsv' | grep -qv '^0 rows'"
done
codes=$(cols "$s/paragraph.tsv" code | tail -n +2 | sort -u | wc -l)
check "all 45 codes fire on the seeds ($codes do)" [ "$codes" = 45 ]

cp "$TOP_SRCDIR/codebooks/ondermijning.codebook" "$s/pinned.codebook"
run code -q -b "$s/pinned.codebook" --unit match -o "$s/once.tsv" "$seeds"
run code -q -b "$s/pinned.codebook" --unit match -o "$s/twice.tsv" "$seeds"
check "the same run twice gives the same bytes" same_file "$s/once.tsv" "$s/twice.tsv"

# The verifier itself must notice a wrong span.
awk 'BEGIN{FS=OFS="\t"} NR==1{for(i=1;i<=NF;i++)if($i=="end")e=i} NR==2{$e=$e+1} {print}' "$s/match.tsv" >"$s/broken.tsv"
check "a table with a wrong span is caught" eval "! '$VERIFY_SPANS' '$s/broken.tsv' 2>/dev/null"

bench=$TOP_SRCDIR/../shared/bench/codebook.tsv
if [ -f "$bench" ]; then
	run code -q -b "$bench" --unit match -o "$s/bench.tsv" "$seeds"
	check "benchmark pattern table (364 patterns): exit 0" eval "status_is 0"
	check "... every coding quotes its original text exactly" "$VERIFY_SPANS" "$s/bench.tsv"
fi
done_testing
