# hardening.sh -- the bad-input catalogue that needs more than a small file:
# interrupted runs, a full disk, a 100 MB answer, an unreadable input.  (The rest
# of the catalogue is in cli.sh, survey.sh, transcripts.sh and refi.sh.)
. "$TOP_SRCDIR/tests/e2e/lib.sh"
s=$scratch

# A run that is still going when the signal comes: its input is a pipe that stays
# open (the shell holds the writing end), so the run waits for more answers.
mkfifo "$s/answers.fifo"
for run_case in TERM:tsv INT:tsv TERM:qde HUP:qdpx; do
	sig=${run_case%:*}
	ext=${run_case#*:}
	printf 'OLD RESULT\n' >"$s/out-$sig.$ext"
	"$CODEER" code -q --input-format jsonl -o "$s/out-$sig.$ext" - <"$s/answers.fifo" 2>/dev/null &
	pid=$!
	exec 3>"$s/answers.fifo"
	printf '{"id": "1", "text": "De samenwerking met de gemeente verloopt goed."}\n' >&3
	# Wait until it has started (its temporary output exists): a background job of
	# a script starts with SIGINT ignored until codeer sets its handler, and start-up
	# under the sanitizers takes a while.
	i=0
	while [ -z "$(find "$s" -name ".out-$sig.$ext.codeer-*")" ] && [ $i -lt 600 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -s "$sig" "$pid" 2>/dev/null
	wait "$pid"
	st=$?
	exec 3>&-
	check "SIG$sig stops a run writing .$ext (status $st)" [ "$st" -gt 128 ]
	check "... the earlier output is as it was" eval "[ \"\$(cat '$s/out-$sig.$ext')\" = 'OLD RESULT' ]"
	check "... and no temporary file is left" no_temp_files "$s"
done

# A signal while a .qdpx archive is being written: libzip wrote the archive to a
# temporary file of its own (out.qdpx.XXXXXX) that the handler did not know of.
# The commit pause holds the run with the archive's bytes in the temporary file.
for sig in TERM INT; do
	mkdir -p "$s/zip-$sig"
	printf 'OLD RESULT\n' >"$s/zip-$sig/out.qdpx"
	CODEER_TEST_COMMIT_PAUSE_MS=30000 "$CODEER" code -q -o "$s/zip-$sig/out.qdpx" \
		"$TOP_SRCDIR/corpora/seeds" 2>/dev/null &
	pid=$!
	i=0
	while [ -z "$(find "$s/zip-$sig" -name '.out.qdpx.codeer-*' -size +0)" ] && [ $i -lt 600 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -s "$sig" "$pid" 2>/dev/null
	wait "$pid"
	st=$?
	check "SIG$sig while a .qdpx is written stops the run (status $st)" [ "$st" -gt 128 ]
	check "... the earlier archive is as it was and nothing else is there" \
		eval "[ \"\$(cat '$s/zip-$sig/out.qdpx')\" = 'OLD RESULT' ] && [ \"\$(ls -A '$s/zip-$sig')\" = out.qdpx ]"
done

# A file-size limit (SIGXFSZ): a write error with a message, nothing left behind.
printf 'OLD RESULT\n' >"$s/limited.tsv"
(ulimit -f 64 && "$CODEER" code --unit match -o "$s/limited.tsv" "$TOP_SRCDIR/corpora/seeds" >"$s/.out" 2>"$s/.err"; echo $? >"$s/.status")
status=$(cat "$s/.status")
err=$s/.err
check "a file-size limit: exit 1 with the reason, not a kill" eval "status_is 1 && err_has 'File too large'"
check "... the earlier output is as it was, no temporary file" eval "[ \"\$(cat '$s/limited.tsv')\" = 'OLD RESULT' ] && no_temp_files '$s'"

# A JSON line without an end (/dev/zero): --max-record bounds it, exit 1.
head -c 3000000 /dev/zero | tr '\0' 'a' >"$s/endless.jsonl"
run code -q --max-record 1M -o "$s/endless.tsv" "$s/endless.jsonl"
check "a JSON line longer than --max-record: exit 1 at its line" eval "status_is 1 && err_has 'endless.jsonl:1: error: a line longer than --max-record'"
# A read error is not the end of the input: a directory on standard input.
run_in "$s" code -q --input-format jsonl -o "$s/dir.tsv" -
check "a directory as JSON Lines on standard input: exit 1" eval "status_is 1 && [ ! -e '$s/dir.tsv' ]"

# Devices and pipes are written directly: -o /dev/null works, like -o -.
run code -q -o /dev/null "$TOP_SRCDIR/corpora/seeds"
check "-o /dev/null: exit 0" eval "status_is 0"

# A file name that is not UTF-8: JSON Lines keeps source and document (U+FFFD for
# the bad byte), where they used to be left out.
mkdir -p "$s/names"
printf 'De samenwerking loopt goed.\n' >"$s/names/$(printf 'caf\351').txt"
run code -q -o "$s/names.jsonl" "$s/names/"
check "a Latin-1 file name in JSON Lines: source and document kept" \
	eval "status_is 0 && python3 -c \"
import json, sys
r = json.loads(open('$s/names.jsonl').readline())
sys.exit(0 if r['source'].endswith('caf\\ufffd.txt') and r['document'] == r['source'] else 1)\""

# The codebook commands never overwrite their own input.
cp "$REFERENCE_CODEBOOK" "$s/mine.codebook"
cp "$s/mine.codebook" "$s/mine.copy"
run codebook export -b "$s/mine.codebook" -o "$s/mine.codebook"
check "codebook export onto its own codebook: refused, exit 1" eval "status_is 1 && err_has 'also an input' && same_file '$s/mine.codebook' '$s/mine.copy'"
run codebook export -o "$s/x.qdc"
cp "$s/x.qdc" "$s/x.copy"
run codebook import "$s/x.qdc" -o "$s/x.qdc"
check "codebook import onto its own .qdc: refused, exit 1" eval "status_is 1 && err_has 'also an input' && same_file '$s/x.qdc' '$s/x.copy'"

# A disk that fills up: a small tmpfs, where one can be mounted.
mkdir -p "$s/small"
if mount -t tmpfs -o size=64k tmpfs "$s/small" 2>/dev/null; then
	trap 'umount "$s/small" 2>/dev/null; rm -rf "$s"' EXIT
	printf 'OLD RESULT\n' >"$s/small/out.tsv"
	run code --unit match -o "$s/small/out.tsv" "$TOP_SRCDIR/corpora/seeds"
	check "a full disk: exit 1 with the reason" eval "status_is 1 && err_has 'No space left on device'"
	check "... the earlier output is as it was" eval "[ \"\$(cat '$s/small/out.tsv')\" = 'OLD RESULT' ]"
	check "... and no temporary file is left" no_temp_files "$s/small"
	umount "$s/small"
	# The same when the disk fills after 8 MiB, once writing back has begun (14 MB of rows).
	mount -t tmpfs -o size=10m tmpfs "$s/small" || echo "# could not mount a 10 MiB tmpfs"
	{
		printf 'id,antwoord\n1,"'
		yes 'De samenwerking tussen gemeente en politie verloopt goed. ' | head -c 500000
		printf '"\n'
	} >"$s/mid.csv"
	printf 'OLD RESULT\n' >"$s/small/out.tsv"
	run code --unit match -o "$s/small/out.tsv" "$s/mid.csv"
	check "a disk full after 8 MiB: exit 1 with the reason" eval "status_is 1 && err_has 'No space left on device'"
	check "... the earlier output is as it was" eval "[ \"\$(cat '$s/small/out.tsv')\" = 'OLD RESULT' ]"
	check "... and no temporary file is left" no_temp_files "$s/small"
	umount "$s/small"
else
	check "# SKIP cannot mount a tmpfs here (not root?)" true
fi

# One answer of 100 MB: refused with the limit and the option that raises it.
{
	printf 'id,antwoord\n1,"'
	yes 'De samenwerking tussen gemeente en politie verloopt goed. ' | head -c 100000000
	printf '"\n2,kort antwoord\n'
} >"$s/huge.csv"
run code -o "$s/huge.tsv" "$s/huge.csv"
check "a 100 MB answer: exit 1 naming the limit and how to raise it" eval "status_is 1 && err_has '$s/huge.csv:2' && err_has '--max-record'"
check "... and nothing is written" eval "[ ! -e '$s/huge.tsv' ] && no_temp_files '$s'"
run code -q --max-record 200M --unit answer -o "$s/huge.tsv" "$s/huge.csv"
check "... with --max-record 200M it is coded" eval "status_is 0 && cols '$s/huge.tsv' source | grep -q '^1:antwoord$'"
rm -f "$s/huge.csv" "$s/huge.tsv"

# The regex limits can be changed, and a rule that reaches one names itself.
printf 'code: a\n  regex: (\\w+\\s+){3}samen\\w*\n' >"$s/plain.codebook"
run code -q -b "$s/plain.codebook" -o - "$TOP_SRCDIR/corpora/seeds/000_a8167812eabb9f98.txt"
check "an ordinary regex codes with the default limits" eval "status_is 0"
run code -q -b "$s/plain.codebook" --match-limit 2 -o - "$TOP_SRCDIR/corpora/seeds/000_a8167812eabb9f98.txt"
check "--match-limit 2: the rule gives up, named, with the paragraph" eval "status_is 1 && err_has \"plain.codebook:2:10: error: rule 'regex: (\\\\w+\\\\s+){3}samen\\\\w*' gave up: match limit exceeded\" && err_has 'note: while coding paragraph'"
run code --match-limit 0 -o - "$s/big.txt"
check "--match-limit 0 is a usage error" eval "status_is 2"

# An input that cannot be read (only meaningful when not root).
printf 'tekst\n' >"$s/secret.txt"
chmod 000 "$s/secret.txt"
if [ ! -r "$s/secret.txt" ]; then
	run code -o - "$s/secret.txt"
	check "an unreadable input: exit 1 naming it" eval "status_is 1 && err_has '$s/secret.txt: error: cannot open: Permission denied'"
else
	check "# SKIP running as root: every file is readable" true
fi
chmod 600 "$s/secret.txt"
done_testing
