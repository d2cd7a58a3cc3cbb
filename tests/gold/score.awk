# score.awk -- measure a coded table against the hand-coded gold sample.
#
# usage: awk -F'\t' -f score.awk [-v rows=dev|test|all] [-v list=1] GOLD.tsv TABLE.tsv
#
# GOLD.tsv is tests/data/gold/paragraphs.tsv (file, start, end, codes, obstacles,
# text); TABLE.tsv is 'codeer code --unit paragraph' output over corpora/seeds.
# Paragraphs are matched on (file, start, end).  rows=dev scores the odd gold rows
# (1st, 3rd, ...), rows=test the even ones, rows=all (default) every row.  Prints
# precision, recall and F1 per code and micro-averaged, the agreement on obstacle
# polarity, and with list=1 every disagreement.
BEGIN { if (rows == "") rows = "all" }
FNR == 1 {                            # headers: find the table's columns by name
	if (FILENAME != ARGV[1])
		for (i = 1; i <= NF; i++) col[$i] = i
	next
}
FILENAME == ARGV[1] {
	n++
	if (rows == "dev" && n % 2 == 0) next
	if (rows == "test" && n % 2 == 1) next
	key = $1 "\t" $2 "\t" $3
	in_gold[key] = 1
	text[key] = substr($6, 1, 70)
	k = split($4, cs, " ")
	for (i = 1; i <= k; i++) { gold[key, cs[i]] = 1; codes[cs[i]] = 1 }
	k = split($5, os, " ")
	for (i = 1; i <= k; i++) gold_obst[key, os[i]] = 1
	next
}
{
	key = $col["source"] "\t" $col["start"] "\t" $col["end"]
	if (!(key in in_gold)) next
	c = $col["code"]
	pred[key, c] = 1
	codes[c] = 1
	if ($col["polarity"] == "obstacle") pred_obst[key, c] = 1
}
END {
	for (key in in_gold) for (c in codes) {
		g = (key, c) in gold; p = (key, c) in pred
		if (g && p) {
			tp[c]++; TP++
			pol_n++
			if (((key, c) in gold_obst) == ((key, c) in pred_obst)) pol_ok++
		} else if (p) {
			fp[c]++; FP++
			if (list) miss[++nm] = "extra   " c "\t" key "\t" text[key]
		} else if (g) {
			fn[c]++; FN++
			if (list) miss[++nm] = "missing " c "\t" key "\t" text[key]
		}
	}
	printf "%-28s %5s %5s %5s %6s %6s %6s\n", "code", "tp", "fp", "fn", "P", "R", "F1"
	m = 0
	for (c in codes) order[++m] = c
	for (i = 2; i <= m; i++) { v = order[i]; for (j = i - 1; j >= 1 && order[j] > v; j--) order[j + 1] = order[j]; order[j + 1] = v }
	for (i = 1; i <= m; i++) {
		c = order[i]
		P = tp[c] + fp[c] ? tp[c] / (tp[c] + fp[c]) : 0
		R = tp[c] + fn[c] ? tp[c] / (tp[c] + fn[c]) : 0
		F = P + R ? 2 * P * R / (P + R) : 0
		printf "%-28s %5d %5d %5d %6.3f %6.3f %6.3f\n", c, tp[c], fp[c], fn[c], P, R, F
	}
	P = TP + FP ? TP / (TP + FP) : 0
	R = TP + FN ? TP / (TP + FN) : 0
	F = P + R ? 2 * P * R / (P + R) : 0
	printf "micro (%s rows, %d paragraphs): P %.3f R %.3f F1 %.3f\n", rows, length(in_gold), P, R, F
	printf "polarity agreement on %d agreed codings: %.3f\n", pol_n, pol_n ? pol_ok / pol_n : 0
	for (i = 1; i <= nm; i++) print miss[i]
}
