# gold.sh -- the reference codebook against the hand-coded gold sample
# (tests/data/gold): a floor under its micro-F1, so that a change to the rules or
# the engine that makes the coding worse fails.  'make gold' prints the figures.
. "$TOP_SRCDIR/tests/e2e/lib.sh"
s=$scratch
FLOOR=${GOLD_F1_FLOOR:-0.72}

cd "$TOP_SRCDIR" || exit 1
run code -q -o "$s/para.tsv" corpora/seeds
check "the seeds code" eval "status_is 0"
awk -F'\t' -f tests/gold/score.awk tests/data/gold/paragraphs.tsv "$s/para.tsv" >"$s/score"
f1=$(sed -n 's/^micro .* F1 \([0-9.]*\)$/\1/p' "$s/score")
check "micro-F1 on the gold sample is $f1 (floor $FLOOR)" awk -v f="$f1" -v floor="$FLOOR" 'BEGIN { exit !(f != "" && f >= floor) }'
# The scorer must see a broken table.
awk -F'\t' 'BEGIN{OFS="\t"} NR==1{for(i=1;i<=NF;i++)if($i=="code")c=i} NR>1{$c="kun.leren"} {print}' "$s/para.tsv" >"$s/wrong.tsv"
awk -F'\t' -f tests/gold/score.awk tests/data/gold/paragraphs.tsv "$s/wrong.tsv" >"$s/wrong-score"
bad=$(sed -n 's/^micro .* F1 \([0-9.]*\)$/\1/p' "$s/wrong-score")
check "a wrong table scores low ($bad)" awk -v f="$bad" 'BEGIN { exit !(f < 0.3) }'
done_testing
