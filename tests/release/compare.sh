#!/bin/sh
# compare.sh OLD NEW -- run two codeer binaries on the same inputs and compare
# every output byte for byte: the seeds, the benchmark corpus with the 364-pattern
# table, the survey and transcript test data, JSON Lines, and REFI-QDA projects.
# For a refactoring that must change no output.  Prints one line per case and
# "N same, N different"; exits 1 if any output differs.
#
#   tests/release/compare.sh /tmp/codeer-old build/src/codeer
#
# Needs ../shared/bench (the benchmark corpus generator) for the bench case; the
# binaries find the bundled codebook through CODEER_DATADIR (set here).
set -u
OLD=$1
NEW=$2
TOP=$(cd "$(dirname "$0")/../.." && pwd)
SHARED=${SHARED:-$TOP/../shared}
export CODEER_DATADIR="$TOP/codebooks"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$TOP" || exit 2
same=0
diff=0

# case NAME EXT ARGS...: both binaries write -o FILE.EXT with ARGS.
case_() {
	name=$1
	ext=$2
	shift 2
	"$OLD" code -q -o "$work/old.$ext" "$@" 2>"$work/old.err"
	so=$?
	"$NEW" code -q -o "$work/new.$ext" "$@" 2>"$work/new.err"
	sn=$?
	if [ "$so" = "$sn" ] && cmp -s "$work/old.$ext" "$work/new.$ext" 2>/dev/null ||
		{ [ "$so" = "$sn" ] && [ ! -e "$work/old.$ext" ] && [ ! -e "$work/new.$ext" ]; }; then
		same=$((same + 1))
		echo "same      $name (exit $so)"
	else
		diff=$((diff + 1))
		echo "DIFFERENT $name (exit $so / $sn)"
	fi
	rm -f "$work/old.$ext" "$work/new.$ext"
}

for ext in tsv csv jsonl qdpx qde; do
	case_ "seeds .$ext" "$ext" corpora/seeds/
done
for unit in match sentence turn answer; do
	case_ "seeds --unit $unit" tsv --unit "$unit" corpora/seeds/
done
case_ "seeds -j 1" tsv -j 1 corpora/seeds/
case_ "seeds --prefilter off" tsv --prefilter off corpora/seeds/
for f in tests/data/survey/*.csv; do
	case_ "survey $(basename "$f")" tsv "$f"
	case_ "survey $(basename "$f") .jsonl" jsonl "$f"
	case_ "survey $(basename "$f") .qdpx" qdpx "$f"
done
case_ "survey --lenient" tsv --lenient tests/data/survey/ragged.csv
for f in tests/data/transcripts/*; do
	[ -e "$f" ] || continue
	case_ "transcript $(basename "$f") turn" tsv --unit turn "$f"
	case_ "transcript $(basename "$f") .qdpx" qdpx --unit turn "$f"
done
for f in tests/data/docx/*.docx; do
	[ -e "$f" ] || continue
	case_ "docx $(basename "$f")" tsv "$f"
done
# A project read back as input.
"$NEW" code -q -o "$work/seeds.qdpx" corpora/seeds/ 2>/dev/null
case_ "qdpx input" tsv "$work/seeds.qdpx"
# JSON Lines on standard input.
printf '{"id": 1, "text": "Er is te weinig capaciteit bij de politie."}\n\n{"id": "r2", "text": "De samenwerking met de gemeente is goed.", "regio": "Noord"}\n' >"$work/a.jsonl"
case_ "jsonl input" tsv --case-column regio "$work/a.jsonl"
case_ "jsonl input .qdpx" qdpx --case-column regio "$work/a.jsonl"
# Errors: the exit status, and no output.
case_ "unknown column" tsv --text-column nope tests/data/survey/qualtrics.csv
case_ "bad json" tsv "$TOP/configure.ac.jsonl"
# The benchmark corpus with the 364-pattern table.
if [ -f "$SHARED/bench/make_corpus.py" ] && command -v python3 >/dev/null; then
	if python3 "$SHARED/bench/make_corpus.py" --seeds "$SHARED/seeds" --out "$work/bench" \
		--sizes 10 >/dev/null 2>&1; then
		corpus=$(ls "$work"/bench/* | head -1)
		case_ "bench 364 patterns" tsv -b "$SHARED/bench/codebook.tsv" "$corpus"
		case_ "bench 364 patterns -j 1" tsv -j 1 -b "$SHARED/bench/codebook.tsv" "$corpus"
		case_ "bench 364 patterns .jsonl" jsonl -b "$SHARED/bench/codebook.tsv" "$corpus"
	else
		echo "skipped   bench (make_corpus.py did not run)"
	fi
fi
echo "$same same, $diff different"
[ "$diff" = 0 ]
