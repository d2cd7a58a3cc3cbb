# agree.sh -- 'codeer sheet' and 'codeer agree' end to end: the figures against
# the seed gold sample and the development set (both of its forms), a sheet
# filled in with codeer's own codes (perfect agreement), samples, and bad input.
. "$TOP_SRCDIR/tests/e2e/lib.sh"
s=$scratch
cd "$TOP_SRCDIR" || exit 1
devset=$TOP_SRCDIR/../shared/devset

# micro ROW-FILE HUMAN COLUMN: a column of the (micro) row of HUMAN in a tsv report.
micro() {
	awk -F'\t' -v h="$2" -v c="$3" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
		$1 == h && $2 == "(micro)" { print $col[c] }' "$1"
}

# The seed gold sample, as 'make gold' reports it (P .656 R .889 F1 .755; the reference codebook's
# figures since its 2nd revision, see doc/codebook.md).
run agree -q --human tests/data/gold/paragraphs.tsv --format tsv -o "$s/seeds.tsv" corpora/seeds
check "agree on the seed gold sample: exit 0" eval "status_is 0"
check "... 144 units, tp 311 fp 163 fn 39" \
	eval "[ \"\$(micro $s/seeds.tsv tests/data/gold/paragraphs.tsv units) \$(micro $s/seeds.tsv tests/data/gold/paragraphs.tsv tp) \$(micro $s/seeds.tsv tests/data/gold/paragraphs.tsv fp) \$(micro $s/seeds.tsv tests/data/gold/paragraphs.tsv fn)\" = '144 311 163 39' ]"
check "... micro precision 0.656, recall 0.889, F1 0.755" \
	eval "[ \"\$(micro $s/seeds.tsv tests/data/gold/paragraphs.tsv precision) \$(micro $s/seeds.tsv tests/data/gold/paragraphs.tsv recall) \$(micro $s/seeds.tsv tests/data/gold/paragraphs.tsv f1)\" = '0.656 0.889 0.755' ]"

# A sheet of every unit, filled in with codeer's own codes, agrees perfectly.
run sheet -q -o "$s/sheet.tsv" corpora/seeds
check "sheet: exit 0" eval "status_is 0"
check "... one row per paragraph (681) and a header" eval "[ \$(wc -l <$s/sheet.tsv) = 682 ]"
check "... columns unit source start end text codes" \
	eval "[ \"\$(head -1 $s/sheet.tsv)\" = \"\$(printf 'unit\tsource\tstart\tend\ttext\tcodes')\" ]"
run code -q -o "$s/coded.tsv" corpora/seeds
awk -F'\t' 'BEGIN { OFS = "\t" }
	FILENAME == ARGV[1] { if (FNR > 1) codes[$1 "#" $3] = codes[$1 "#" $3] " " $8; next }
	FNR == 1 { print; next }
	{ $6 = substr(codes[$1], 2); print }' "$s/coded.tsv" "$s/sheet.tsv" >"$s/filled.tsv"
run agree -q --human "$s/filled.tsv" --format tsv -o "$s/self.tsv" corpora/seeds
check "a sheet filled in with codeer's codes: micro-F1 1.000, kappa 1.000" \
	eval "[ \"\$(micro $s/self.tsv $s/filled.tsv f1) \$(micro $s/self.tsv $s/filled.tsv kappa)\" = '1.000 1.000' ]"
check "... over all 681 units" eval "[ \"\$(micro $s/self.tsv $s/filled.tsv units)\" = 681 ]"
run agree -q --human "$s/filled.tsv" --min-f1 0.99 corpora/seeds
check "--min-f1 0.99 passes at 1.000" eval "status_is 0"
run agree -q --human tests/data/gold/paragraphs.tsv --min-f1 0.9 corpora/seeds
check "--min-f1 0.9 fails at 0.755: exit 1, saying so" eval "status_is 1 && err_has 'is below --min-f1 0.9'"

# Samples: reproducible, of the size asked, in corpus order.
run sheet -q --sample 25 --seed 7 -o "$s/a.csv" corpora/seeds
run sheet -q --sample 25 --seed 7 -o "$s/b.csv" corpora/seeds
check "--sample 25 --seed 7: 25 rows, the same twice" eval "[ \$(wc -l <$s/a.csv) = 26 ] && same_file $s/a.csv $s/b.csv"
run sheet -q --sample 25 --seed 8 -o "$s/c.csv" corpora/seeds
check "... another seed, another sample" eval "! cmp -s $s/a.csv $s/c.csv"
run sheet -q --sample 5000 -o "$s/d.csv" corpora/seeds
check "a sample larger than the corpus: exit 1, nothing written" eval "status_is 1 && err_has 'the inputs have 681' && [ ! -e $s/d.csv ]"
run sheet -q --sample 10 --seed 3 -o "$s/sample.qdpx" corpora/seeds
check "a sample as a .qdpx: valid against the REFI-QDA schema" \
	"$XMLVALID" "$TOP_SRCDIR/tests/data/refi-qda/Project-mrt2019.xsd" "$s/sample.qdpx"
run agree -q --human "$s/sample.qdpx" --format tsv -o "$s/q.tsv" corpora/seeds
check "... agree reads it back: its 10 units, none coded by the person" \
	eval "status_is 0 && [ \"\$(micro $s/q.tsv $s/sample.qdpx units) \$(micro $s/q.tsv $s/sample.qdpx tp)\" = '10 0' ]"

# A survey's project, one source per respondent (code's default): each answer is
# found under its question in its respondent's source, so codeer agrees with itself.
run code -q -o "$s/survey.qdpx" "$TOP_SRCDIR/tests/data/survey/qualtrics.csv"
run agree -q --human "$s/survey.qdpx" --format tsv -o "$s/survey.tsv" "$TOP_SRCDIR/tests/data/survey/qualtrics.csv"
check "a survey project with a source per respondent: all 10 answers, F1 1.000" \
	eval "status_is 0 && [ \"\$(micro $s/survey.tsv $s/survey.qdpx units) \$(micro $s/survey.tsv $s/survey.qdpx f1)\" = '10 1.000' ]"

# Bad input.
printf 'unit\tcodes\ncorpora/seeds/000_a8167812eabb9f98.txt#p1\tgeen.code\n' >"$s/bad.tsv"
run agree --human "$s/bad.tsv" corpora/seeds
check "an unknown code: exit 1 at its line, saying what to do" eval "status_is 1 && err_has 'bad.tsv:2: error: unknown code' && err_has '--map'"
printf 'naam\tcodes\nx\ty\n' >"$s/cols.tsv"
run agree --human "$s/cols.tsv" corpora/seeds
check "a sheet without the needed columns: exit 1" eval "status_is 1 && err_has \"needs a column 'codes' and either 'unit'\""
printf 'unit\tcodes\nelders.txt#p1\tkun.leren\n' >"$s/elsewhere.tsv"
run agree --human "$s/elsewhere.tsv" corpora/seeds
check "a sheet none of whose sources is an input: exit 1" eval "status_is 1 && err_has 'none of its 1 sources is among the inputs'"
run agree corpora/seeds
check "no --human: a usage error" eval "status_is 2"
printf 'Een andere tekst.\n' >"$s/000_a8167812eabb9f98.txt"
run code -q -o "$s/proj.qdpx" corpora/seeds/000_a8167812eabb9f98.txt
run agree --human "$s/proj.qdpx" "$s/000_a8167812eabb9f98.txt"
check "a project whose source text is not the input's: exit 1" eval "status_is 1 && err_has 'is not the text of the input'"

# The development set: two readers, and the same coding as QualCoder exported it.
if [ -d "$devset" ]; then
	run agree -q --units "$devset/units.tsv" --human "$devset/gold-A.tsv" --human "$devset/gold-B.tsv" \
		--format tsv -o "$s/dev.tsv" "$devset/texts"
	check "devset: the two readers agree at micro-F1 0.908 over 202 units" \
		eval "[ \"\$(micro $s/dev.tsv $devset/gold-A.tsv~$devset/gold-B.tsv f1) \$(micro $s/dev.tsv $devset/gold-A.tsv~$devset/gold-B.tsv units)\" = '0.908 202' ]"
	run agree -q --units "$devset/units.tsv" --human "$devset/qualcoder-gold-A.qdpx" \
		--format tsv -o "$s/devq.tsv" "$devset/texts"
	awk -F'\t' -v h="$devset/gold-A.tsv" '$1 == h' "$s/dev.tsv" | cut -f2- >"$s/dev-a"
	awk -F'\t' 'NR > 1' "$s/devq.tsv" | cut -f2- >"$s/dev-q"
	check "devset: QualCoder's export gives the same figures as gold-A.tsv (every code)" \
		eval "[ \$(wc -l <$s/dev-a) = 47 ] && same_file $s/dev-a $s/dev-q"
	run agree -q --human "$devset/gold-A.tsv" --format json "$devset/texts"
	check "devset: a sheet of unit ids without --units: exit 1" eval "status_is 1"
	run agree -q --units "$devset/units.tsv" --human "$devset/gold-A.tsv" --format json -o "$s/dev.json" "$devset/texts"
	check "--format json: every disagreement, as many as fp + fn" eval "python3 -c \"
import json, sys
r = json.load(open('$s/dev.json'))['humans'][0]
m = r['micro']
sys.exit(0 if len(r['disagreements']) == m['fp'] + m['fn'] else 1)\""
else
	for t in 1 2 3 4; do check "# SKIP ../shared/devset is not here" true; done
fi
done_testing
