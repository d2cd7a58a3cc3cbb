# encodings.sh -- the same seed document as UTF-8, UTF-8 with a byte order mark and
# CRLF, UTF-16LE and UTF-16BE, and with emoji before it: offsets are code points of
# each original text, so they agree where the texts agree.
. "$TOP_SRCDIR/tests/e2e/lib.sh"
s=$scratch
src=$TOP_SRCDIR/corpora/seeds/000_a8167812eabb9f98.txt

cp "$src" "$s/utf8.txt"
{ printf '\357\273\277'; sed 's/$/\r/' "$src"; } >"$s/bom-crlf.txt"
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE "$src"; } >"$s/utf16le.txt"
{ printf '\376\377'; iconv -f UTF-8 -t UTF-16BE "$src"; } >"$s/utf16be.txt"
{ printf '\360\237\230\200\360\237\230\200 '; cat "$src"; } >"$s/emoji.txt"

for f in utf8 bom-crlf utf16le utf16be emoji; do
	run code -q --unit match -o "$s/$f.tsv" "$s/$f.txt"
	check "$f: exit 0" eval "status_is 0"
	check "$f: every coding quotes its original text exactly" "$VERIFY_SPANS" "$s/$f.tsv"
	cols "$s/$f.tsv" start end code label group polarity rule text >"$s/$f.cols"
done
check "UTF-16LE gives the same offsets and texts as UTF-8" same_file "$s/utf8.cols" "$s/utf16le.cols"
check "UTF-16BE gives the same offsets and texts as UTF-8" same_file "$s/utf8.cols" "$s/utf16be.cols"
check "CRLF and BOM: the same codings, texts with \\r" eval \
	"[ \$(wc -l <'$s/utf8.cols') = \$(wc -l <'$s/bom-crlf.cols') ] && cut -f3,8 '$s/utf8.cols' >'$s/a' && cut -f3,8 '$s/bom-crlf.cols' | sed 's/\\\\r//g' >'$s/b' && cmp -s '$s/a' '$s/b'"
check "two emoji and a space shift every offset by 3" eval \
	"tail -n +2 '$s/utf8.cols' | awk 'BEGIN{FS=OFS=\"\t\"}{\$1+=3;\$2+=3;print}' >'$s/c' && tail -n +2 '$s/emoji.cols' >'$s/d' && cmp -s '$s/c' '$s/d'"
done_testing
