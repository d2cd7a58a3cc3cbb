# cli.sh -- the command-line contract: help, version, exit codes, error messages,
# and outputs that are never half-written or lost.
. "$TOP_SRCDIR/tests/e2e/lib.sh"
s=$scratch
printf 'De samenwerking tussen gemeente en politie verloopt goed.\n' >"$s/good.txt"
printf 'code: sam\n  glob: samenwerk*\ncode: pol\n  word: politie\n  word: OM\n' >"$s/t.codebook"

run --version
check "--version prints the version" eval "status_is 0 && out_has 'codeer 0.'"
run --help
check "--help exits 0 and lists 'code'" eval "status_is 0 && out_has '  code '"
run code --help
check "code --help describes the options" eval "status_is 0 && out_has '--unit UNIT' && out_has '--codebook FILE' && out_has '--output FILE'"
cp "$out" "$s/code-help.txt"
run help code
check "'help code' is 'code --help'" eval "status_is 0 && same_file '$out' '$s/code-help.txt'"
run
check "no arguments: usage, exit 2" eval "status_is 2 && err_has 'Usage: codeer'"
run frobnicate
check "unknown command: exit 2" eval "status_is 2 && err_has \"unknown command 'frobnicate'\""
run code --fromat x "$s/good.txt"
check "unknown option: exit 2, pointing at --help" eval "status_is 2 && err_has \"unknown option '--fromat'\" && err_has \"try 'codeer code --help'\""
run code --unit woord "$s/good.txt"
check "unknown unit: exit 2" eval "status_is 2 && err_has \"--unit is match, sentence, paragraph, turn or answer, not 'woord'\""
run code -o "$s/out.xlsx" "$s/good.txt"
check "unknown output format: exit 2" eval "status_is 2 && err_has 'name it .tsv, .csv, .jsonl, .qdpx, .qde, .html, .matrix.tsv or .matrix.csv'"
run code -o
check "option without value: exit 2" eval "status_is 2 && err_has \"option '-o' needs a value\""
# Numbers and sizes past what strtoul() can hold were taken as its largest value.
run code --seed 99999999999999999999999 -o - "$TOP_SRCDIR/corpora/seeds"
check "a number too large to read: exit 2" eval "status_is 2 && err_has \"--seed takes a whole number, not '99999999999999999999999'\""
run code --max-record 99999999999999999999999 -o - "$TOP_SRCDIR/corpora/seeds"
check "a size too large to read: exit 2" eval "status_is 2 && err_has \"--max-record takes a size such as 64M\""

run code -o - "$s/missing.txt"
check "missing input: exit 1 naming the file" eval "status_is 1 && err_has '$s/missing.txt: error: cannot open: No such file or directory'"
printf 'regel een\nhet \351\351n\n' >"$s/latin1.txt"
run code -o - "$s/latin1.txt"
check "invalid UTF-8: exit 1 at file:line:column" eval "status_is 1 && err_has '$s/latin1.txt:2:5: error: invalid UTF-8: byte 0xE9'"
printf 'PK\003\004\000\000binary' >"$s/blob.txt"
run code -o - "$s/blob.txt"
check "NUL bytes: not a text file" eval "status_is 1 && err_has 'not a text file'"
printf '%%PDF-1.4' >"$s/report.pdf"
run code -o - "$s/report.pdf"
check "a .pdf input is refused with advice" eval "status_is 1 && err_has \"cannot read '.pdf' files: codeer reads plain text (.txt, .md), Word (.docx), survey exports (.csv), JSON Lines (.jsonl) and REFI-QDA projects (.qdpx, .qde)\""

# Nothing already written is lost.
printf 'OLD RESULT\n' >"$s/keep.tsv"
cp "$s/keep.tsv" "$s/keep.orig"
run code -o "$s/keep.tsv" "$s/good.txt" "$s/latin1.txt"
check "a failed run exits 1" eval "status_is 1"
check "... leaves the existing output as it was" same_file "$s/keep.tsv" "$s/keep.orig"
check "... and no temporary file" no_temp_files "$s"
run code -o "$s/no/such/dir/out.tsv" "$s/good.txt"
check "output directory missing: exit 1" eval "status_is 1 && err_has 'cannot create the output file: No such file or directory'"
cp "$s/good.txt" "$s/self.txt"
ln "$s/self.txt" "$s/self.tsv"
run code -o "$s/self.tsv" "$s/self.txt"
check "output that is an input: refused" eval "status_is 1 && err_has 'the output file is also an input'"
check "... and the input is untouched" same_file "$s/self.txt" "$s/good.txt"
run code -o - "$s/good.txt"
if [ -w /dev/full ]; then
	"$CODEER" code -o - "$s/good.txt" >/dev/full 2>"$s/full.err"
	full_status=$?
	check "a full disk on stdout: exit 1" eval "[ $full_status = 1 ] && grep -q 'No space left on device' '$s/full.err'"
fi

run code -o "$s/default.tsv" "$s/good.txt"
check "the bundled codebook is the default" eval "status_is 0 && err_has 'of 45 codes used'"
mkdir -p "$s/datadir"
cp "$s/t.codebook" "$s/datadir/ondermijning.codebook"
CODEER_DATADIR=$s/datadir run code -o - "$s/good.txt"
check "CODEER_DATADIR points at another bundled codebook" eval "status_is 0 && err_has '2 of 2 codes used'"
unset CODEER_DATADIR # dash keeps an assignment made before a function call
run code -b "$s/t.codebook" -o "$s/new.tsv" "$s/good.txt"
check "good run: exit 0" eval "status_is 0"
check "... summary on stderr" eval "err_has 'codeer: 1 document, 1 paragraph (1 coded), 2 codings, 2 of 2 codes used' && err_has '-> $s/new.tsv'"
check "... header and two rows" eval "[ \$(wc -l <'$s/new.tsv') = 3 ] && head -1 '$s/new.tsv' | grep -q '^source	document	unit	speaker	question	start	end	code	label	group	polarity	rule	text$'"
check "... each row is the paragraph" eval "cols '$s/new.tsv' unit start end code polarity rule text | grep -q '^p1	0	57	sam	neutral	glob: samenwerk\\*	De samenwerking' && cols '$s/new.tsv' unit start end code rule | grep -q '^p1	0	57	pol	word: politie$'"
check "... the file gets a normal mode" eval "[ \$(stat -c %a '$s/new.tsv') = \$(umask -S >/dev/null; touch '$s/ref'; stat -c %a '$s/ref') ]"
run code -b "$s/t.codebook" -q -o "$s/new.csv" "$s/good.txt"
check "CSV output, -q is quiet" eval "status_is 0 && [ ! -s '$err' ] && head -1 '$s/new.csv' | grep -q '^source,document,unit,speaker,question,start,end,code,label,group,polarity,rule,text$'"

run_in "$s/good.txt" code -b "$s/t.codebook" -q -o -
check "standard input with no INPUT" eval "status_is 0 && cols '$out' source document unit start end code | grep -q '^-	-	p1	0	57	sam$'"
run_in "$s/good.txt" code -b "$s/t.codebook" -q --unit match -o - -
check "'-' reads standard input, --unit match" eval "status_is 0 && cols '$out' start end code rule text | grep -q '^3	15	sam	glob: samenwerk\\*	samenwerking$' && cols '$out' start end code | grep -q '^35	42	pol$'"
: >"$s/empty.txt"
run code -o - "$s/empty.txt"
check "an empty file: no codings, not an error" eval "status_is 0 && [ \$(wc -l <'$out') = 1 ] && err_has '0 paragraphs (0 coded), 0 codings'"

mkdir -p "$s/dir/sub"
cp "$s/good.txt" "$s/dir/b.txt"
cp "$s/good.txt" "$s/dir/sub/a.md"
cp "$s/good.txt" "$s/dir/a.txt"
cp "$s/report.pdf" "$s/dir/c.pdf"
run code -q -o - "$s/dir"
check "a directory: its .txt and .md files, in name order" eval "status_is 0 && [ \"\$(cut -f1 '$out' | tail -n +2 | tr '\n' ' ')\" = '$s/dir/a.txt $s/dir/b.txt $s/dir/sub/a.md ' ]"

printf 'code: a\n  defintion: x\n  word: x\n' >"$s/bad.codebook"
run code -b "$s/bad.codebook" -o - "$s/good.txt"
check "bad codebook: exit 1 at file:line:column with a hint" eval "status_is 1 && err_has \"$s/bad.codebook:2:3: error: unknown key 'defintion'\" && err_has \"did you mean 'definition'?\""
printf 'code: a\n  regex: ^(a+)+$\n' >"$s/slow.codebook"
printf 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\n' >"$s/aaa.txt"
run code -b "$s/slow.codebook" -o - "$s/aaa.txt"
check "a backtracking regex: exit 1 naming the rule and the place" eval "status_is 1 && err_has \"$s/slow.codebook:2:10: error: rule 'regex: ^(a+)+\$' gave up\" && err_has '$s/aaa.txt:1: note: while coding paragraph 1'"
run code -b "$s/none.codebook" -o - "$s/good.txt"
check "missing codebook: exit 1" eval "status_is 1 && err_has '$s/none.codebook: error: cannot open'"

done_testing
