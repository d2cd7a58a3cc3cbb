#!/bin/sh
# ruletools.sh -- 'codeer kwic' and 'codeer words' end to end: on the seeds, kwic
# finds what 'code --unit match' finds with the same rule, grouped by form, the
# same on any number of threads; words counts what grep counts; and on the
# development set (skipped when ../shared/devset is absent) the units of words
# --human per code are exactly agree's tp + fn, fn and fp.
. "$TOP_SRCDIR/tests/e2e/lib.sh"

seeds=$TOP_SRCDIR/corpora/seeds
devset=$TOP_SRCDIR/../shared/devset
s=$scratch

# kwic 'glob: geld*' on the seeds: the forms the seeds hold, false friends too.
run kwic --examples 1 'glob: geld*' "$seeds"
check "kwic: exit 0" status_is 0
cp "$out" "$s/kwic.txt"
check "kwic: 41 matches of 5 forms" grep -q '^glob: geld\*: 41 matches of 5 forms in 4 of 5 documents$' "$s/kwic.txt"
for f in geld geldstromen gelden geldt Gelderland; do
	check "kwic: the form $f is listed" grep -qE "^ +[0-9]+  $f +[0-9]+$" "$s/kwic.txt"
done
check "kwic: geldstromen shows its two spellings" grep -q '^geldstromen: 16 matches (geldstromen 15, Geldstromen 1), the first 1$' "$s/kwic.txt"

# The same rule in a codebook, coded at the match unit: as many rows as matches.
printf 'code: kwic\nglob: geld*\n' >"$s/geld.codebook"
run code -q -b "$s/geld.codebook" --unit match -o "$s/geld.tsv" "$seeds"
rows=$(($(wc -l <"$s/geld.tsv") - 1))
check "kwic: as many matches as 'code --unit match' rows ($rows)" [ "$rows" = 41 ]

# A code of the reference codebook: its matches are the code's rows.
run code -q --unit match -o "$s/ref.tsv" "$seeds"
want=$(cols "$s/ref.tsv" code | grep -c '^sam.informatiedeling$')
run kwic --code sam.informatiedeling --format tsv --examples 0 "$seeds"
got=$(awk -F'\t' 'NR > 1 { n += $2 } END { print n + 0 }' "$out")
check "kwic --code: the code's $want match rows" [ "$got" = "$want" ]

# Every example's match is the original text at its code points.
run kwic --format tsv --examples 1000 'near: informatie NEAR/5 delen' "$seeds"
cp "$out" "$s/near.tsv"
check "kwic: NEAR matches the seeds" [ "$(wc -l <"$s/near.tsv")" -gt 5 ]
command -v python3 >/dev/null &&
check "kwic: every example's match is the text of its span" sh -c '
	awk -F"\t" "NR > 1 { print \$6 \"\t\" \$8 \"\t\" \$9 \"\t\" \$11 }" "$1" | while IFS="	" read -r src start end match; do
		got=$(python3 -c "import sys; t = open(sys.argv[1], encoding=\"utf-8\").read(); print(\" \".join(t[int(sys.argv[2]):int(sys.argv[3])].split()))" "$src" "$start" "$end")
		[ "$got" = "$match" ] || { echo "$src $start $end: $got != $match"; exit 1; }
	done' sh "$s/near.tsv"

# The same report on one thread and on several.
same_on_threads() {
	"$CODEER" "$@" -j 1 "$seeds" >"$s/j1" 2>&1
	"$CODEER" "$@" -j 3 "$seeds" >"$s/j3" 2>&1
	check "$*: -j 1 and -j 3 give the same bytes" same_file "$s/j1" "$s/j3"
}
same_on_threads kwic --examples 5 'glob: *werk*'
same_on_threads words --top 30
same_on_threads words --uncoded --format tsv

# words: geld, counted as a whole word with case and accents folded, as grep does.
run words --format tsv --top 100000 --min-count 1 "$seeds"
check "words: exit 0" status_is 0
cp "$out" "$s/words.tsv"
want=$(cat "$seeds"/*.txt | grep -oiw 'geld' | wc -l)
got=$(awk -F'\t' '$3 == "geld" { print $5 }' "$s/words.tsv")
check "words: geld $want times, as grep -w counts" [ "$got" = "$want" ]
check "words: no stop word is listed" sh -c '! grep -qP "^all\t\t(de|het|een|van)\t" "$1"' sh "$s/words.tsv"
check "words: no phrase starts with a stop word" sh -c '! grep -qP "^all\t\t(de|het|een|van) " "$1"' sh "$s/words.tsv"
run words --no-stopwords --format tsv --top 1 "$seeds"
check "words --no-stopwords: 'de' is the most frequent word" out_has "	de	1	"

# words --uncoded: the units no code got are counted.
run words --uncoded --format json "$seeds"
check "words --uncoded: exit 0" status_is 0
command -v python3 >/dev/null &&
	check "words --uncoded: the json parses" python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$out"

# Usage errors.
run words --uncoded --human x.tsv "$seeds"
check "words: --uncoded with --human is a usage error" status_is 2
run kwic --unit sentence 'word: geld' "$seeds"
check "kwic: --unit is a usage error" status_is 2

if [ -d "$devset" ]; then
	run agree -q --units "$devset/units.tsv" --human "$devset/gold-A.tsv" --bootstrap 0 \
		--format tsv -o "$s/agree.tsv" "$devset/texts"
	# code kind units, as words --human names its lists.
	cols "$s/agree.tsv" code tp fp fn | awk -F'\t' 'NR > 1 && $1 !~ /^\(/ {
		if ($2 + $4 || $3) print $1, "human", $2 + $4
		if ($4) print $1, "missed", $4
		if ($3) print $1, "false-hit", $3 }' | sort >"$s/want-units"
	run words -q --units "$devset/units.tsv" --human "$devset/gold-A.tsv" "$devset/texts"
	check "devset: words --human exits 0" status_is 0
	sed -n 's/^\([^ :]*\) (.*): over-represented in the \([0-9]*\) units.*/\1 human \2/p
		s/^\([^ :]*\): in the \([0-9]*\) units codeer missed.*/\1 missed \2/p
		s/^\([^ :]*\): in the \([0-9]*\) false hits.*/\1 false-hit \2/p' "$out" | sort >"$s/got-units"
	check "devset: per code, the person's units, the misses and the false hits are agree's tp+fn, fn, fp" \
		same_file "$s/want-units" "$s/got-units"
	check "devset: 202 units the person coded" out_has "gold-A.tsv: 202 units the person coded"
	check "devset: terms a rule of the code matches are marked" grep -qE '  yes$' "$out"
else
	echo "# skipping the devset checks: $devset is absent"
fi

done_testing
