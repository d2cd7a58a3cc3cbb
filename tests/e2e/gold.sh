# gold.sh -- the reference codebook against the hand-coded gold sample
# (tests/data/gold), measured by 'codeer agree': a floor under its micro-F1, so
# that a change to the rules or the engine that makes the coding worse fails.
# 'make gold' prints the figures.
. "$TOP_SRCDIR/tests/e2e/lib.sh"
s=$scratch
FLOOR=${GOLD_F1_FLOOR:-0.72}

cd "$TOP_SRCDIR" || exit 1
run agree -q --human tests/data/gold/paragraphs.tsv --format tsv -o "$s/score.tsv" corpora/seeds
check "agree on the seeds and the gold sample: exit 0" eval "status_is 0"
f1=$(awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $2 == "(micro)" { print $c["f1"] }' "$s/score.tsv")
check "micro-F1 on the gold sample is $f1 (floor $FLOOR)" awk -v f="$f1" -v floor="$FLOOR" 'BEGIN { exit !(f != "" && f >= floor) }'
run agree -q --human tests/data/gold/paragraphs.tsv --min-f1 "$FLOOR" corpora/seeds
check "... and --min-f1 $FLOOR passes" eval "status_is 0"
# The measurement must see a broken codebook: one code on every paragraph.
awk '{ print } /^code: kun.leren$/ { print "  regex: [a-z]" }' "$REFERENCE_CODEBOOK" >"$s/wrong.codebook"
run agree -q -b "$s/wrong.codebook" --human tests/data/gold/paragraphs.tsv --min-f1 "$FLOOR" corpora/seeds
check "a codebook that gives every paragraph kun.leren falls below the floor" \
	eval "status_is 1 && err_has \"is below --min-f1 $FLOOR\""
done_testing
