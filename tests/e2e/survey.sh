# survey.sh -- survey exports end to end: a Qualtrics export (three header rows,
# quoted line breaks, emoji, empty answers) and a Dutch Excel file (semicolons, BOM,
# CRLF) code with exact offsets into their cells, case variables reach every
# output, and bad CSVs stop with the file and line.
. "$TOP_SRCDIR/tests/e2e/lib.sh"
s=$scratch
d=$TOP_SRCDIR/tests/data/survey
xsd=$TOP_SRCDIR/tests/data/refi-qda

for unit in answer sentence match; do
	run code -q --unit "$unit" --case-column Regio -o "$s/q-$unit.tsv" "$d/qualtrics.csv"
	check "Qualtrics, --unit $unit: exit 0" eval "status_is 0"
	check "... every coding quotes its cell exactly" "$VERIFY_SPANS" "$s/q-$unit.tsv"
done
run code -o "$s/q.tsv" --case-column Regio --case-column Rol "$d/qualtrics.csv"
check "the summary names the export, the id column and the columns coded" eval "err_has 'Qualtrics export, delimiter' && err_has 'id column ResponseId; coding Q1_1, Q2_1'"
check "... and why the others are not" eval "err_has 'Regio (Qualtrics choice question' && err_has 'StartDate (survey metadata)'"
check "... answers read, empty and coded, codings per group" eval "err_has 'codeer: 12 answers (2 empty, ' && err_has 'codeer: codings per group: Ambities'"
check "rows are named ROWID:COLUMN, with the question text" eval "cols '$s/q.tsv' source unit question | grep -q '^R_4d5e6f:Q1_1	answer	Wat zijn de belangrijkste obstakels voor de aanpak van ondermijning? - Tekst$'"
check "case variables are columns of the table" eval "head -1 '$s/q.tsv' | grep -q '	text	Regio	Rol$' && cols '$s/q.tsv' source Regio Rol | grep -q '^R_3m4n5o:Q1_1	Noord-Holland	Belastingdienst$'"
check "an answer with a quoted blank line is one answer" eval "cols '$s/q.tsv' source start end | grep -q '^R_6p7q8r:Q1_1	0	90$'"
check "offsets after an emoji count it as one code point" eval "cols '$s/q-match.tsv' source start end text | grep -q '^R_4d5e6f:Q2_1	21	35	gegevensdeling$'"
check "empty answers give no rows" eval "! cols '$s/q.tsv' source | grep -q '^R_0j1k2l:Q2_1$'"

run code -q --case-column Regio -o "$s/q.jsonl" "$d/qualtrics.csv"
check "JSON Lines: one object per coding, with the case variables" eval "status_is 0 && [ \$(wc -l <'$s/q.jsonl') = \$((\$(wc -l <'$s/q.tsv') - 1)) ] && grep -q '\"source\":\"R_3m4n5o:Q1_1\"' '$s/q.jsonl' && grep -q '\"case\":{\"Regio\":\"Noord-Holland\"}' '$s/q.jsonl'"
check "... with text escaped as JSON" eval "grep -q 'verloopt goed.\\\\nMaar de informatie' '$s/q.jsonl'"
run code -q --case-column Regio --case-column Rol -o "$s/q.qdpx" "$d/qualtrics.csv"
check "REFI-QDA: valid, respondents as cases with variables" eval "status_is 0 && '$XMLVALID' '$xsd/Project-mrt2019.xsd' '$s/q.qdpx' && '$XMLVALID' --cat '$s/q.qdpx' >'$s/p.qde' && grep -q '<Case ' '$s/p.qde' && grep -q 'name=\"Regio\"' '$s/p.qde'"

run code -q --unit match -o "$s/x.tsv" "$d/excel.csv"
check "Excel (semicolons, BOM, CRLF): exit 0, exact spans" eval "status_is 0 && '$VERIFY_SPANS' '$s/x.tsv'"
check "... the id column and the answer column are found" eval "cols '$s/x.tsv' source | grep -q '^2:toelichting$'"
run code -q --text-column regio -o "$s/r.tsv" "$d/excel.csv"
check "--text-column chooses the column" eval "status_is 0 && ! cols '$s/r.tsv' source | grep -q toelichting"
run code -q --text-column nope -o "$s/n.tsv" "$d/excel.csv"
check "an unknown --text-column: exit 1 naming the file" eval "status_is 1 && err_has \"$d/excel.csv:1: error: no column named 'nope' (given as --text-column)\""
run code -q --case-column nope -o "$s/n.tsv" "$d/excel.csv"
check "an unknown --case-column: exit 1" eval "status_is 1 && err_has \"no column named 'nope' (given as --case-column)\""

run code -q --unit match -o "$s/feff.tsv" "$d/feff-cell.csv"
check "a cell that begins with U+FEFF keeps it: offsets count the cell exactly" eval "status_is 0 && cols '$s/feff.tsv' start end text | grep -q '^4	16	samenwerking$' && '$VERIFY_SPANS' '$s/feff.tsv'"
printf '{"id":"a","text":"nul\\u0000hier"}\n' >"$s/nul.jsonl"
run code -o - "$s/nul.jsonl"
check "a JSON answer holding \\u0000: exit 1 at its line" eval "status_is 1 && err_has '$s/nul.jsonl:1:32: error: ' && err_has 'u0000 is not allowed'"

printf 'OLD\n' >"$s/keep.tsv"
run code -q -o "$s/keep.tsv" "$d/unterminated.csv"
check "an unterminated quote: exit 1 at the line where it opened" eval "status_is 1 && err_has '$d/unterminated.csv:2:'"
check "... and the output is left as it was" eval "[ \"\$(cat '$s/keep.tsv')\" = OLD ]"
run code -q -o "$s/g.tsv" "$d/ragged.csv"
check "a row with too many cells: exit 1 at its line" eval "status_is 1 && err_has '$d/ragged.csv:3:'"
run code -o "$s/g.tsv" --lenient "$d/ragged.csv"
check "--lenient skips it and says so" eval "status_is 0 && err_has 'skipped 1 row' && [ \$(tail -n +2 '$s/g.tsv' | cols '$s/g.tsv' source | grep -c '^2:') = 0 ]"
run code -q --delimiter pipe -o - "$d/excel.csv"
check "a bad --delimiter: usage error" eval "status_is 2"
done_testing
