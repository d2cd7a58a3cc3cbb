# refi.sh -- REFI-QDA end to end: projects (.qdpx, .qde) and codebooks (.qdc)
# written by 'codeer code' and 'codeer codebook' are valid against the official
# schemas, reproducible byte for byte, and read back to the same codings.
. "$TOP_SRCDIR/tests/e2e/lib.sh"
s=$scratch
xsd=$TOP_SRCDIR/tests/data/refi-qda
seeds=$TOP_SRCDIR/corpora/seeds
cp "$TOP_SRCDIR/codebooks/ondermijning.codebook" "$s/ref.codebook"

run code -b "$s/ref.codebook" -o "$s/one.qdpx" "$seeds"
check "code -o .qdpx: exit 0" eval "status_is 0 && err_has '-> $s/one.qdpx'"
check "... project.qde is valid against Project-mrt2019.xsd" "$XMLVALID" "$xsd/Project-mrt2019.xsd" "$s/one.qdpx"
run code -q -b "$s/ref.codebook" -o "$s/two.qdpx" "$seeds"
check "... the same run gives the same bytes" same_file "$s/one.qdpx" "$s/two.qdpx"
run code -q -b "$s/ref.codebook" --utf16-positions --unit match -o "$s/nvivo.qdpx" "$seeds"
check "--utf16-positions (NVivo): valid" "$XMLVALID" "$xsd/Project-mrt2019.xsd" "$s/nvivo.qdpx"
run code -q -b "$s/ref.codebook" --timestamp -o "$s/dated.qde" "$seeds/004_3a2ab346d2f05ff7.txt"
check "a bare .qde with --timestamp: valid" eval "status_is 0 && '$XMLVALID' '$xsd/Project-mrt2019.xsd' '$s/dated.qde' && grep -q 'creationDateTime=' '$s/dated.qde'"

# A project is also an input: its sources code exactly like the files they came from.
run code -q -b "$s/ref.codebook" --unit match -o "$s/from-project.tsv" "$s/one.qdpx"
check "a .qdpx as input: exit 0" eval "status_is 0"
run code -q -b "$s/ref.codebook" --unit match -o "$s/direct.tsv" "$seeds"
run code -q -b "$s/ref.codebook" -o "$s/direct-para.tsv" "$seeds"
check "... the same codings as coding the seeds directly" eval "cols '$s/from-project.tsv' start end code rule text >'$s/a' && cols '$s/direct.tsv' start end code rule text >'$s/b' && same_file '$s/a' '$s/b'"
run code -q -b "$s/ref.codebook" -o "$s/one.qde" "$seeds"
run code -q -b "$s/ref.codebook" --unit match -o "$s/from-qde.tsv" "$s/one.qde"
check "a .qde as input: the same codings as coding the seeds directly" eval "status_is 0 && cols '$s/from-qde.tsv' start end code rule text >'$s/a' && same_file '$s/a' '$s/b'"

# What a QDA tool meets: source names without '/' (QualCoder makes files of them),
# the paths as descriptions, one selection per passage.
qde() { "$XMLVALID" --cat "$1"; }
names() { qde "$1" | grep -o '<TextSource [^>]*' | sed 's/.* name="\([^"]*\)".*/\1/'; }
check "a directory's sources are named by their file names" eval "[ \"\$(names '$s/one.qdpx' | tr '\n' ' ')\" = '000_a8167812eabb9f98.txt 001_3c111b7226d92381.txt 002_8fcc55c40e45ef88.txt 003_863b473b8a5b0ad0.txt 004_3a2ab346d2f05ff7.txt ' ]"
check "... with their paths as descriptions" eval "qde '$s/one.qdpx' | grep -qF '<Description>$seeds/000_a8167812eabb9f98.txt</Description>'"
run code -q -b "$s/ref.codebook" -o "$s/abs.qdpx" "$seeds" "$seeds/000_a8167812eabb9f98.txt"
check "absolute paths, a file twice: names without '/', unique, valid" eval "status_is 0 && ! names '$s/abs.qdpx' | grep -q / && [ \$(names '$s/abs.qdpx' | sort -u | wc -l) = 6 ] && '$XMLVALID' '$xsd/Project-mrt2019.xsd' '$s/abs.qdpx'"
check "one selection per passage: no two with the same range in a source" eval "qde '$s/one.qdpx' | awk '/<TextSource /{src++} /<PlainTextSelection /{match(\$0, /startPosition=\"[0-9]+\" endPosition=\"[0-9]+\"/); k=src\" \"substr(\$0, RSTART, RLENGTH); if (seen[k]++) dup++} END {exit dup > 0}'"
check "... holding every coding" eval "[ \$(qde '$s/one.qdpx' | grep -c '<Coding ') = \$(( \$(wc -l <'$s/direct-para.tsv') - 1 )) ]"

run code -q -b "$s/ref.codebook" --polarity-codes -o "$s/pol.qdpx" "$seeds"
check "--polarity-codes: valid, a folder Polariteit with Obstakel and Neutraal" eval "status_is 0 && '$XMLVALID' '$xsd/Project-mrt2019.xsd' '$s/pol.qdpx' && qde '$s/pol.qdpx' | grep -q 'name=\"Polariteit\" isCodable=\"false\"' && qde '$s/pol.qdpx' | grep -q 'name=\"Obstakel\" isCodable=\"true\"'"

# Surveys: a source per respondent (its answers under their questions), or per answer.
survey=$TOP_SRCDIR/tests/data/survey/qualtrics.csv
run code -q -b "$s/ref.codebook" --case-column Regio -o "$s/resp.qdpx" "$survey"
check "a survey: one source per respondent (6), valid" eval "status_is 0 && [ \$(names '$s/resp.qdpx' | wc -l) = 6 ] && '$XMLVALID' '$xsd/Project-mrt2019.xsd' '$s/resp.qdpx'"
check "... each case refers to its one source" eval "[ \$(qde '$s/resp.qdpx' | grep -c '<SourceRef ') = 6 ]"
run code -q -b "$s/ref.codebook" --case-column Regio --project-sources answer -o "$s/answers.qdpx" "$survey"
check "--project-sources answer: one source per answer (10), valid" eval "status_is 0 && [ \$(names '$s/answers.qdpx' | wc -l) = 10 ] && '$XMLVALID' '$xsd/Project-mrt2019.xsd' '$s/answers.qdpx'"
run code -q -b "$s/ref.codebook" --unit match -o "$s/survey.tsv" "$survey"
run code -q -b "$s/ref.codebook" --unit match -o "$s/resp-match.qdpx" "$survey"
check "... selections in respondent sources quote the coded words" eval "qde '$s/resp-match.qdpx' | grep -o '<PlainTextSelection [^>]*' | sed 's/.* name=\"\([^\"]*\)\".*/\1/' | sort >'$s/r' && cols '$s/survey.tsv' start end text | tail -n +2 | sort -u | cut -f3 | sort >'$s/t' && [ -s '$s/r' ] && same_file '$s/r' '$s/t'"
run code --project-sources person -o "$s/x.qdpx" "$survey"
check "--project-sources with another value: usage error" eval "status_is 2 && err_has 'respondent'"

printf 'not a zip' >"$s/broken.qdpx"
run code -o - "$s/broken.qdpx"
check "a broken .qdpx: exit 1 naming the file" eval "status_is 1 && err_has '$s/broken.qdpx'"

run codebook export -b "$s/ref.codebook" -o "$s/codes.qdc"
check "codebook export: exit 0" eval "status_is 0"
check "... valid against Codebook.xsd" "$XMLVALID" "$xsd/Codebook.xsd" "$s/codes.qdc"
run codebook import "$s/codes.qdc" -o "$s/back.codebook"
check "codebook import: exit 0" eval "status_is 0"
check "... 45 codes with labels, groups, colours and definitions" eval "[ \$(grep -c '^code: ' '$s/back.codebook') = 45 ] && [ \$(grep -c '^  colour: #' '$s/back.codebook') = 45 ] && grep -q '^  group: Kunnen$' '$s/back.codebook' && grep -q '^  label: Eén overheid en gezag$' '$s/back.codebook'"
run codebook import "$s/broken.qdpx" -o "$s/x.codebook"
check "codebook import of a non-XML file: exit 1, nothing written" eval "status_is 1 && [ ! -e '$s/x.codebook' ]"
run codebook
check "codebook without an action: usage" eval "status_is 2"
done_testing
