# transcripts.sh -- Word documents and speaker turns, end to end: .docx files made by
# LibreOffice (tests/data/docx) code with exact offsets into their extracted text,
# speaker labels are recognised and never coded, and --unit turn gives one row per
# turn and code.
. "$TOP_SRCDIR/tests/e2e/lib.sh"
s=$scratch
data=$TOP_SRCDIR/tests/data/docx
printf 'code: sam\n  word: riec\n  glob: samenwerk*\ncode: lid\n  word: interviewer\n  word: respondent\n' >"$s/t.codebook"

for unit in match sentence paragraph turn; do
	run code -q --unit "$unit" -o "$s/$unit.tsv" "$data/interview.docx" "$data/focusgroep.docx" "$data/rapport.docx"
	check "docx, --unit $unit: exit 0" eval "status_is 0"
	check "... every coding quotes the document's text exactly" "$VERIFY_SPANS" "$s/$unit.tsv"
done
run code --unit turn -o "$s/turns.tsv" "$data/interview.docx"
check "the interview has 11 turns (a preamble and 10 labelled)" eval "err_has '1 document, 11 turns'"
check "turn rows carry the unit and the speaker" eval "cols '$s/turns.tsv' unit speaker start end code | grep -q '^t5	R	313	510	sam.informatiedeling$'"
run code -q --unit match -o "$s/focus.tsv" "$data/focusgroep.docx"
check "focus group: speakers by name" eval "status_is 0 && cols '$s/focus.tsv' speaker code | grep -q '^Mohamed El Amrani	kun.capaciteit$'"
printf 'Interviewer: Hoe gaat de samenwerking?\n\nRespondent: Goed, zegt de respondent.\n\nInterviewer: Dank u.\n\nRespondent: Graag.\n' >"$s/labels.txt"
run code -q -b "$s/t.codebook" --unit match -o "$s/labels.tsv" "$s/labels.txt"
check "speaker labels are never coded, the same word in the answer is" eval "status_is 0 && [ \$(cols '$s/labels.tsv' code | grep -c '^lid$') = 1 ] && cols '$s/labels.tsv' speaker start end code text | grep -q '^Respondent	66	76	lid	respondent$'"
printf 'Notities\n\nConclusie: de samenwerking met het RIEC loopt.\n' >"$s/notes.txt"
run code -b "$s/t.codebook" --unit turn -o "$s/notes.tsv" "$s/notes.txt"
check "notes without speakers: a warning, and turns are paragraphs" eval "status_is 0 && err_has 'warning: no speaker labels' && cols '$s/notes.tsv' unit speaker | grep -q '^t2	$'"
printf 'PK\003\004 not really a zip' >"$s/broken.docx"
run code -o - "$s/broken.docx"
check "a broken .docx: exit 1 naming the file" eval "status_is 1 && err_has '$s/broken.docx: error:'"
mkdir -p "$s/mixed" && cp "$data/interview.docx" "$s/mixed/b.docx" && printf 'De samenwerking.\n' >"$s/mixed/a.txt"
run code -q -b "$s/t.codebook" -o - "$s/mixed"
check "a directory's .docx files are read too" eval "status_is 0 && cols '$out' source | grep -q 'mixed/b.docx'"
done_testing
