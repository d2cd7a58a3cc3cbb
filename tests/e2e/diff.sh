# diff.sh -- 'codeer diff': the codebook form agrees with two separate 'code' runs
# compared as tables, at every unit and for survey answers; its output is the
# same for every -j; --exit-code; no differences print nothing.
. "$TOP_SRCDIR/tests/e2e/lib.sh"
s=$scratch
ref=$REFERENCE_CODEBOOK
seeds=$TOP_SRCDIR/corpora/seeds
survey=$TOP_SRCDIR/tests/data/survey/qualtrics.csv

# A NEW codebook with one change of every kind: a rule removed, a NEAR distance
# changed, an exception added, an exception removed, an obstacle cue removed and
# one added, a code renamed, one removed and one added.
sed -e '/^  near: vertrouwen NEAR\/8 partner\*$/s/8/3/' \
	-e '/^  except: procesevaluatie\*$/d' \
	-e '/^obstacle: weinig$/d' \
	-e 's/^obstacle: helaas$/obstacle: helaas\nobstacle: zonder/' \
	-e 's/^code: kun.leiderschap$/code: kun.leiding/' \
	-e '/^code: amb.bewustwording$/,/^  word: alertheid$/s/^  word: alertheid$/  word: alertheid\n  except: bewustwording van de ernst/' \
	"$ref" >"$s/new.codebook"
# thm.logistiek removed, and a code added in its place
awk '/^code: thm.logistiek$/ { skip = 1; print "code: thm.nieuw\n  word: gemeenten"; next }
	skip && /^code: / { skip = 0 }
	!skip' "$s/new.codebook" >"$s/new2.codebook"
mv "$s/new2.codebook" "$s/new.codebook"

# The changes' identity columns, sorted.
keycols() { cut -f1-8 "$1" | tail -n +2 | sort; }

for unit in paragraph sentence match turn; do
	"$CODEER" code -q --unit $unit -b "$ref" -o "$s/old.tsv" "$seeds" 2>/dev/null
	"$CODEER" code -q --unit $unit -b "$s/new.codebook" -o "$s/new.tsv" "$seeds" 2>/dev/null
	run diff -q --unit $unit --format tsv "$ref" "$s/new.codebook" "$seeds"
	cp "$out" "$s/engine.tsv"
	check "diff --unit $unit: runs" eval "status_is 0 && [ \$(wc -l <'$s/engine.tsv') -gt 10 ]"
	run diff --format tsv "$s/old.tsv" "$s/new.tsv"
	check "diff --unit $unit: the same changes as two 'code' runs compared" \
		eval "status_is 0 && keycols '$s/engine.tsv' >'$s/a' && keycols '$out' >'$s/b' && same_file '$s/a' '$s/b'"
done
check "every kind of change is there" eval "cut -f1 '$s/engine.tsv' | sort -u | tr '\n' ' ' | grep -q '^+ - change polarity $'"

"$CODEER" code -q -b "$ref" -o "$s/old.tsv" "$survey"
"$CODEER" code -q -b "$s/new.codebook" -o "$s/new.tsv" "$survey"
run diff -q --format tsv "$ref" "$s/new.codebook" "$survey"
cp "$out" "$s/engine.tsv"
run diff --format tsv "$s/old.tsv" "$s/new.tsv"
check "survey answers: the same changes as two 'code' runs compared" \
	eval "keycols '$s/engine.tsv' >'$s/a' && keycols '$out' >'$s/b' && same_file '$s/a' '$s/b'"

for j in 1 3; do
	"$CODEER" diff -q -j $j "$ref" "$s/new.codebook" "$seeds" >"$s/j$j.txt"
done
check "the same output for -j 1 and -j 3" same_file "$s/j1.txt" "$s/j3.txt"
check "the text names causes" eval "grep -qF \"exception 'except: procesevaluatie*' is gone, which cancelled the match\" '$s/j1.txt' && grep -qF \"obstacle cue 'obstacle: weinig' is gone\" '$s/j1.txt'"

run diff -q "$ref" "$ref" "$seeds"
check "no differences: nothing on stdout, exit 0" eval "status_is 0 && [ ! -s '$out' ]"
run diff -q --exit-code "$ref" "$ref" "$seeds"
check "--exit-code without differences: 0" status_is 0
run diff -q --exit-code --stat "$ref" "$s/new.codebook" "$seeds"
check "--exit-code with differences: 1" eval "status_is 1 && out_has 'kun.leiding' && out_has 'renamed from kun.leiderschap'"
run diff -q --stat -o "$s/stat.txt" "$ref" "$s/new.codebook" "$seeds"
check "-o writes the file" eval "status_is 0 && grep -q 'codes changed' '$s/stat.txt'"
run diff -q -o "$seeds/000_a8167812eabb9f98.txt" "$ref" "$s/new.codebook" "$seeds"
check "-o refuses an input" eval "status_is 1 && err_has 'the output file is also an input'"
run diff -q --format json "$ref" "$s/new.codebook" "$seeds"
check "--format json is JSON" eval "status_is 0 && out_has '\"changes\": [' && out_has '\"change\": \"code renamed\"'"

echo "1..$tap_n"
[ "$tap_failed" = 0 ]
