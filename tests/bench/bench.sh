#!/bin/sh
# bench.sh -- the speed and memory benchmark ('make bench' runs it from the build
# directory).  Everything is measured in this one run, on this machine:
#   - corpora of 1, 10 and 100 MB made by ../shared/bench/make_corpus.py;
#   - codeer coding the CSV form (--text-column answer --id-column respondent_id
#     --unit match) with the 364-pattern table ../shared/bench/codebook.tsv, at
#     -j 1 and -j 2: MB/s, and peak memory; for the largest corpus also with the
#     rows sent to /dev/null, which leaves out the file system's part (the
#     fsync and rename that make the output file safe);
#   - ../shared/bench/baseline.py on the same answers (the 1 MB corpus): time per MB,
#     and codeer's speed-up over it;
#   - tables of 1,000 and 3,000 patterns (the 364 plus frequent corpus words) against
#     the 364, at -j 1 on the 10 MB corpus, to a file and with the rows to /dev/null,
#     and the time to compile each codebook with its full prefilter (--prefilter all:
#     what every input over 4 MiB gets);
#   - codeer diff with a one-rule change of the 364 against one code run.
#   - the HTML report and the case x code matrix against the table on the largest
#     corpus, at -j 1 and -j 2 (doc/report.md).
# Every timing is the fastest of BENCH_REPEAT runs (default 3): on a shared or
# virtual machine other work only ever adds time, so the fastest run is the best
# estimate of the cost, and ratios between fastest runs are far steadier than
# between single runs.  Peak memory is the largest of those runs.
# Timings are never pass/fail: this prints figures (and writes bench/report.txt).
#
#   - codeer agree with a 1,000-answer sheet against coding the same survey;
#   - the reference codebook on the 1 and 10 MB surveys (the edit-and-rerun loop):
#     coding with the literals' prefilter while the full one is built on a thread
#     of its own (what codeer does from 4 MiB; under that it builds only the
#     literals'), against waiting for the full one (CODEER_PREFILTER_SWITCH=0), at
#     -j 1, -j 2, and -j 1 on one core (taskset);
#   - 'make bench-large' (BENCH_PART=large): a 1 GB corpus, made once and deleted
#     after, -j 1 against -j 2 to a file, with peak memory.  BENCH_PART=startup
#     runs the reference-codebook section alone.
#   - with BENCH_OLD=/path/to/an/older/codeer, that binary against this one.
#
# usage: bench.sh [SIZES]   (default "1 10 100"; BENCH_SIZES in the environment too)
set -eu
top=${TOP_SRCDIR:?}
codeer=${CODEER:?}
peak=${PEAKRSS:?}
shared=$top/../shared/bench
sizes=${1:-${BENCH_SIZES:-1 10 100}}
repeat=${BENCH_REPEAT:-3}
dir=bench
mkdir -p "$dir"
command -v python3 >/dev/null || { echo "bench: python3 is needed (make_corpus.py, baseline.py)" >&2; exit 1; }

for n in $sizes; do
	[ -f "$dir/answers-${n}MB.csv" ] ||
		python3 "$shared/make_corpus.py" --seeds "$top/../shared/seeds" --out "$dir" --sizes "$n" >/dev/null
done

# measure CMD...: the fastest time and the largest peak memory of $repeat runs of
# a command, into $secs and $kib.
measure() {
	secs=
	kib=
	i=0
	while [ "$i" -lt "$repeat" ]; do
		once "$@"
		i=$((i + 1))
	done
}

# once CMD...: run a command once, folding its time and peak memory into $secs
# (the fastest) and $kib (the largest).
once() {
	"$peak" "$@" 2>"$dir/measure" >/dev/null || { cat "$dir/measure" >&2; exit 1; }
	line=$(tail -1 "$dir/measure") # "SECONDS KIB"
	secs=$(awk -v a="${line% *}" -v b="${secs:-${line% *}}" 'BEGIN { print (a < b) ? a : b }')
	kib=$(awk -v a="${line#* }" -v b="${kib:-0}" 'BEGIN { print (a > b) ? a : b }')
}

# race NAME...: measure the commands in the variables cmd_NAME... taking turns,
# $repeat rounds, into secs_NAME and kib_NAME.  Commands whose times are divided
# are raced: this machine's speed drifts by tens of percent within minutes, and
# taking turns exposes them to the same drift, where one after the other would not.
# (A command is split at spaces, like $args: no spaces in the paths.)  A command
# writing the file in out_NAME runs once untimed first if that file is not there,
# so that every timed run replaces its previous output, as re-running after an
# edit of the codebook does: the file system then frees the old file in the
# rename (0.037 s for the 104 MB of the 3,000 patterns).  Otherwise the first
# round alone would be spared that, and be the fastest.
race() {
	for name in "$@"; do
		eval "secs_$name= kib_$name= cmd=\$cmd_$name out=\${out_$name:-}"
		[ -z "$out" ] || [ -f "$out" ] || $cmd >/dev/null 2>&1
	done
	r=0
	while [ "$r" -lt "$repeat" ]; do
		for name in "$@"; do
			eval "secs=\$secs_$name kib=\$kib_$name cmd=\$cmd_$name"
			once $cmd
			eval "secs_$name=$secs kib_$name=$kib"
		done
		r=$((r + 1))
	done
}

mb() { awk -v b="$(wc -c <"$1")" 'BEGIN { printf "%.2f", b / 1e6 }'; }
rate() { awk -v m="$1" -v s="$2" 'BEGIN { printf "%.1f", m / s }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }

# The reference codebook on the survey corpora of 1 and 10 MB: what codeer does
# (bg: under 4 MiB the literals' prefilter alone, from there the literals' one while
# the full one is built) against waiting for the full one from the first batch
# (CODEER_PREFILTER_SWITCH=0: wait), raced.  On one core (taskset -c 0, when there
# is taskset) the builder and the coder share it: what the background build costs
# there.
startup() {
	ref=$top/codebooks/ondermijning.codebook
	sa="-q --text-column answer --id-column respondent_id --unit match -b $ref"
	one=
	command -v taskset >/dev/null && one="taskset -c 0"
	echo | tee -a "$report"
	echo "reference codebook, coding with the literals' prefilter (alone, or until the full one is built: bg, the default) or waiting for the full one (wait):" | tee -a "$report"
	for n in 1 10; do
		csv=$dir/answers-${n}MB.csv
		[ -f "$csv" ] || python3 "$shared/make_corpus.py" --seeds "$top/../shared/seeds" --out "$dir" --sizes "$n" >/dev/null
		for j in 1 2 1c; do
			jj=${j%c}
			pre=
			[ "$j" = 1c ] && { [ -n "$one" ] || continue; pre=$one; }
			cmd_bg="$pre $codeer code $sa -j $jj -o $dir/out-bg.tsv $csv" out_bg=$dir/out-bg.tsv
			cmd_wait="$pre env CODEER_PREFILTER_SWITCH=0 $codeer code $sa -j $jj -o $dir/out-wait.tsv $csv" out_wait=$dir/out-wait.tsv
			race bg wait
			cmp -s "$dir/out-bg.tsv" "$dir/out-wait.tsv" || { echo "bench: the outputs differ" >&2; exit 1; }
			label="-j $jj"
			[ "$j" = 1c ] && label="-j 1, one core"
			echo "  ${n}MB $label: bg $secs_bg s, wait $secs_wait s (bg/wait $(ratio "$secs_bg" "$secs_wait"))" | tee -a "$report"
		done
	done
	rm -f "$dir/out-bg.tsv" "$dir/out-wait.tsv"
}

# A 1 GB corpus (made here, deleted after: ~1 GB of CSV and its .txt twin), the
# 364-pattern table, -j 1 against -j 2 writing a file, raced, with peak memory.
large() {
	csv=$dir/answers-1000MB.csv
	python3 "$shared/make_corpus.py" --seeds "$top/../shared/seeds" --out "$dir" --sizes 1000 >/dev/null
	rm -f "$dir/answers-1000MB.txt"
	m=$(mb "$csv")
	cmd_j1="$codeer code $args -j 1 -o $dir/out-large-j1.tsv $csv" out_j1=$dir/out-large-j1.tsv
	cmd_j2="$codeer code $args -j 2 -o $dir/out-large-j2.tsv $csv" out_j2=$dir/out-large-j2.tsv
	race j1 j2
	same=same
	cmp -s "$dir/out-large-j1.tsv" "$dir/out-large-j2.tsv" || same=DIFFERENT
	rm -f "$csv" "$dir/out-large-j1.tsv" "$dir/out-large-j2.tsv"
	printf '%-10s %8s %10s %10s %8s %12s %12s  (output %s)\n' 1GB "$m" "$(rate "$m" "$secs_j1")" "$(rate "$m" "$secs_j2")" \
		"$(ratio "$secs_j1" "$secs_j2")" "$(awk -v k="$kib_j1" 'BEGIN { printf "%.1f", k / 1024 }')" \
		"$(awk -v k="$kib_j2" 'BEGIN { printf "%.1f", k / 1024 }')" "$same" | tee -a "$report"
	[ "$same" = same ]
}

report=$dir/report.txt
{
	echo "codeer benchmark, $(date -u +%Y-%m-%d), $(uname -m), $(nproc) cores,"
	echo "  $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //')"
	echo "  $("$codeer" --version), prefilter: $(grep -q '^#define HAVE_HYPERSCAN 1' config.h && echo hyperscan || echo none)"
	echo "  every time is the fastest of $repeat runs (BENCH_REPEAT)"
	echo
	printf '%-10s %8s %10s %10s %8s %12s\n' corpus MB "-j1 MB/s" "-j2 MB/s" "-j2/-j1" "peak MiB -j1"
} | tee "$report"
table=$shared/codebook.tsv
args="-q --text-column answer --id-column respondent_id --unit match -b $table"
case ${BENCH_PART:-} in
large)
	printf '%-10s %8s %10s %10s %8s %12s %12s\n' corpus MB "-j1 MB/s" "-j2 MB/s" "-j2/-j1" "peak MiB -j1" "peak MiB -j2" | tee -a "$report"
	large
	exit
	;;
startup)
	startup
	exit
	;;
esac
for n in $sizes; do
	csv=$dir/answers-${n}MB.csv
	m=$(mb "$csv")
	cmd_j1="$codeer code $args -j 1 -o $dir/out-$n-j1.tsv $csv" out_j1=$dir/out-$n-j1.tsv
	cmd_j2="$codeer code $args -j 2 -o $dir/out-$n-j2.tsv $csv" out_j2=$dir/out-$n-j2.tsv
	race j1 j2
	s1=$secs_j1
	k1=$kib_j1
	s2=$secs_j2
	cmp -s "$dir/out-$n-j1.tsv" "$dir/out-$n-j2.tsv" || { echo "bench: -j 2 output differs" >&2; exit 1; }
	printf '%-10s %8s %10s %10s %8s %12s\n' "${n}MB" "$m" "$(rate "$m" "$s1")" "$(rate "$m" "$s2")" \
		"$(awk -v a="$s1" -v b="$s2" 'BEGIN { printf "%.2fx", a / b }')" \
		"$(awk -v k="$k1" 'BEGIN { printf "%.1f", k / 1024 }')" | tee -a "$report"
	eval "s1_$n=$s1 m_$n=$m k_$n=$k1"
	rm -f "$dir/out-$n-j1.tsv" "$dir/out-$n-j2.tsv"
done

# The largest corpus once more, rows to /dev/null: coding without the file system.
last=$(echo "$sizes" | awk '{ print $NF }')
csv=$dir/answers-${last}MB.csv
m=$(mb "$csv")
cmd_j1="$codeer code $args -j 1 -o - $csv" out_j1=
cmd_j2="$codeer code $args -j 2 -o - $csv" out_j2=
race j1 j2
n1=$secs_j1
n2=$secs_j2
printf '%-10s %8s %10s %10s %8s   (rows to /dev/null)\n' "${last}MB" "$m" "$(rate "$m" "$n1")" "$(rate "$m" "$n2")" \
	"$(awk -v a="$n1" -v b="$n2" 'BEGIN { printf "%.2fx", a / b }')" | tee -a "$report"

# The Python baseline, on the same answers as the smallest corpus.
first=$(echo "$sizes" | awk '{ print $1 }')
txt=$dir/answers-${first}MB.txt
measure python3 "$shared/baseline.py" "$table" "$txt"
bm=$(mb "$txt")
bsecs=$secs
csv=$dir/answers-${first}MB.csv
measure "$codeer" code $args -j 1 -o "$dir/out-base.tsv" "$csv"
cm=$(mb "$csv")
rm -f "$dir/out-base.tsv"
{
	echo
	echo "baseline.py on ${first}MB: $(rate "$bm" "$bsecs") MB/s ($(awk -v s="$bsecs" -v m="$bm" 'BEGIN { printf "%.2f", s / m }') s per MB)"
	echo "codeer -j 1 on the same answers: $(rate "$cm" "$secs") MB/s; speed-up per MB: $(awk -v bs="$bsecs" -v bm="$bm" -v cs="$secs" -v cm="$cm" 'BEGIN { printf "%.0fx", (bs / bm) / (cs / cm) }')"
} | tee -a "$report"

# Per MB against the largest corpus, where codeer's start-up no longer counts.
eval "ls=\${s1_$last:-} lm=\${m_$last:-}"
if [ -n "$ls" ] && [ "$last" != "$first" ]; then
	echo "codeer -j 1 on ${last}MB against baseline.py per MB: $(awk -v bs="$bsecs" -v bm="$bm" -v cs="$ls" -v cm="$lm" 'BEGIN { printf "%.0fx", (bs / bm) / (cs / cm) }')" | tee -a "$report"
fi

# Memory growth from 10 to 100 MB.
if [ -n "${k_10:-}" ] && [ -n "${k_100:-}" ]; then
	echo "peak memory 10 MB -> 100 MB: $(awk -v a="$k_10" -v b="$k_100" 'BEGIN { printf "%.1f -> %.1f MiB (x%.2f)", a / 1024, b / 1024, b / a }')" | tee -a "$report"
fi

# Bigger pattern tables.
mid=10
case " $sizes " in *" 10 "*) ;; *) mid=$first ;; esac
csv=$dir/answers-${mid}MB.csv
echo | tee -a "$report"
printf '%-10s %10s %10s %12s %14s\n' patterns "-j1 MB/s" "vs 364" "compile s" "to /dev/null" | tee -a "$report"
for n in 364 1000 3000; do
	t=$table
	if [ "$n" != 364 ]; then
		t=$dir/table-$n.tsv
		[ -f "$t" ] || awk -v n="$n" -f "$top/tests/bench/bigger-table.awk" "$table" "$dir/answers-${mid}MB.txt" >"$t"
	fi
	eval "table_$n=\$t"
	printf 'x\n' >"$dir/empty.txt"
	measure "$codeer" code -q --prefilter all -b "$t" -o - "$dir/empty.txt"
	eval "comp_$n=$secs"
done
pargs="-q --text-column answer --id-column respondent_id --unit match -j 1"
for n in 364 1000 3000; do
	eval "cmd_p$n=\"\$codeer code \$pargs -b \$table_$n -o \$dir/out-$n.tsv \$csv\" out_p$n=\$dir/out-$n.tsv"
	eval "cmd_n$n=\"\$codeer code \$pargs -b \$table_$n -o - \$csv\" out_n$n="
done
race p364 p1000 p3000 n364 n1000 n3000
rm -f "$dir/out-364.tsv" "$dir/out-1000.tsv" "$dir/out-3000.tsv"
for n in 364 1000 3000; do
	eval "t=\$table_$n secs=\$secs_p$n null=\$secs_n$n comp=\$comp_$n"
	printf '%-10s %10s %10s %12s %14s\n' "$(grep -vc '^#' "$t")" "$(rate "$(mb "$csv")" "$secs")" \
		"$(awk -v a="$secs" -v b="$secs_p364" 'BEGIN { printf "%.2fx slower", a / b }')" "$comp" \
		"$(awk -v a="$null" -v b="$secs_n364" 'BEGIN { printf "%.2fx slower", a / b }')" | tee -a "$report"
done
# codeer diff: a one-rule change of the 364-pattern table (its 100th rule left
# out) over the largest corpus, against one 'code' run of it, both -j 2 with the
# output to /dev/null.  Two coding runs would be 2.00x.
grep -v '^#' "$table" | awk 'NR != 100' >"$dir/table-diff.tsv"
csv=$dir/answers-${last}MB.csv
dargs="-q --text-column answer --id-column respondent_id --unit match -j 2"
cmd_dcode="$codeer code $dargs -b $table -o - $csv" out_dcode=
cmd_ddiff="$codeer diff $dargs --stat $table $dir/table-diff.tsv $csv" out_ddiff=
race dcode ddiff
{
	echo
	echo "diff, one rule of 364 changed, ${last}MB, -j 2: $secs_ddiff s against $secs_dcode s for one code run ($(awk -v a="$secs_ddiff" -v b="$secs_dcode" 'BEGIN { printf "%.2fx", a / b }'))"
} | tee -a "$report"
# The report (.html) and the matrix against the table, on the largest corpus,
# same arguments, raced: what counting for the report costs.
csv=$dir/answers-${last}MB.csv
for j in 1 2; do
	cmd_tab="$codeer code $args -j $j -o $dir/out-r.tsv $csv" out_tab=$dir/out-r.tsv
	cmd_rep="$codeer code $args -j $j -o $dir/out-r.html $csv" out_rep=$dir/out-r.html
	cmd_mat="$codeer code $args -j $j -o $dir/out-r.matrix.tsv $csv" out_mat=$dir/out-r.matrix.tsv
	race tab rep mat
	printf '%s\n' "report on ${last}MB, -j $j: table $secs_tab s, report $secs_rep s ($(awk -v a="$secs_rep" -v b="$secs_tab" 'BEGIN { printf "%.2fx", a / b }'), peak $(awk -v k="$kib_rep" 'BEGIN { printf "%.1f", k / 1024 }') MiB), matrix $secs_mat s ($(awk -v a="$secs_mat" -v b="$secs_tab" 'BEGIN { printf "%.2fx", a / b }'))" | tee -a "$report"
done
rm -f "$dir/out-r.tsv" "$dir/out-r.html" "$dir/out-r.matrix.tsv"

# Start-up with the bundled reference codebook (an empty input): what 'check',
# 'explain' and a tiny corpus wait for (--prefilter words, what auto gives inputs
# under 32 KiB), what one of up to 4 MiB waits for (--prefilter literals), and
# the build of the full prefilter (--prefilter all, on its own thread).
echo | tee -a "$report"
ref=$top/codebooks/ondermijning.codebook
for mode in words literals all; do
	measure "$codeer" code -q --prefilter $mode -b "$ref" -o - "$dir/empty.txt"
	eval "start_$mode=$secs"
done
echo "start-up, reference codebook: $start_words s (--prefilter words), $start_literals s (--prefilter literals), $start_all s (--prefilter all)" | tee -a "$report"

# agree: a 1,000-answer human sheet of the survey against coding the survey, both
# with the reference codebook (what the edit-measure loop costs over coding).
sheet=$dir/sheet-1000.tsv
sargs="-q --text-column answer --id-column respondent_id"
[ -f "$sheet" ] || "$codeer" sheet $sargs --sample 1000 --seed 1 -o "$sheet" "$csv"
cmd_code="$codeer code $sargs -o $dir/out-code.tsv $csv" out_code=$dir/out-code.tsv
cmd_agree="$codeer agree $sargs --human $sheet -o $dir/out-agree.txt $csv" out_agree=$dir/out-agree.txt
race code agree
rm -f "$dir/out-code.tsv" "$dir/out-agree.txt"
echo | tee -a "$report"
echo "agree with a 1,000-answer sheet on ${mid}MB: $secs_agree s against $secs_code s to code it ($(awk -v a="$secs_agree" -v b="$secs_code" 'BEGIN { printf "%.2fx", a / b }'))" | tee -a "$report"

startup

# An older binary against this one (BENCH_OLD=/path/to/codeer): the 364-pattern
# table on the middle corpus, -j 1 and -j 2, taking turns.
if [ -n "${BENCH_OLD:-}" ]; then
	cmd_o1="$BENCH_OLD code $args -j 1 -o $dir/out-o1.tsv $csv" out_o1=$dir/out-o1.tsv
	cmd_n1="$codeer code $args -j 1 -o $dir/out-n1.tsv $csv" out_n1=$dir/out-n1.tsv
	cmd_o2="$BENCH_OLD code $args -j 2 -o $dir/out-o2.tsv $csv" out_o2=$dir/out-o2.tsv
	cmd_n2="$codeer code $args -j 2 -o $dir/out-n2.tsv $csv" out_n2=$dir/out-n2.tsv
	race o1 n1 o2 n2
	cmp -s "$dir/out-o1.tsv" "$dir/out-n1.tsv" || echo "bench: the old binary's output differs" | tee -a "$report"
	rm -f "$dir"/out-o1.tsv "$dir"/out-n1.tsv "$dir"/out-o2.tsv "$dir"/out-n2.tsv
	echo "this binary against $BENCH_OLD on ${mid}MB: -j 1 $secs_n1 s / $secs_o1 s ($(awk -v a="$secs_n1" -v b="$secs_o1" 'BEGIN { printf "%.3fx", a / b }')), -j 2 $secs_n2 s / $secs_o2 s ($(awk -v a="$secs_n2" -v b="$secs_o2" 'BEGIN { printf "%.3fx", a / b }'))" | tee -a "$report"
fi
echo "(report in $(pwd)/$report)"
