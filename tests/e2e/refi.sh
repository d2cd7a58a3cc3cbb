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
check "... the same codings as coding the seeds directly" eval "cols '$s/from-project.tsv' start end code rule text >'$s/a' && cols '$s/direct.tsv' start end code rule text >'$s/b' && same_file '$s/a' '$s/b'"
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
