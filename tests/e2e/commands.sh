# commands.sh -- 'codeer check' and 'codeer explain', and the codebooks written in
# doc/codebook.md (every ```codebook block must pass 'codeer check').
. "$TOP_SRCDIR/tests/e2e/lib.sh"
s=$scratch

run check
check "check: the bundled codebook passes" eval "status_is 0 && out_has ' examples: ' && out_has ' passed, 0 failed'"
check "check: one line per code" eval "[ \$(grep -c '^ok  ' '$out') = 45 ]"
run check --help
check "check --help" eval "status_is 0 && out_has 'Usage: codeer check'"

cat >"$s/fail.codebook" <<'CB'
code: wil.vertrouwen
  glob: vertrouw*
  except: vertrouwen in de overheid
  example: Er is veel vertrouwen tussen de partners.
  example: Het vertrouwen in de overheid is gedaald.
  not-example: De stukken zijn vertrouwelijk.
CB
run check "$s/fail.codebook"
check "check: a failing example exits 1" eval "status_is 1 && out_has 'FAIL  wil.vertrouwen' && out_has '3 examples: 1 passed, 2 failed'"
check "... shows the example and where it is" eval "out_has '$s/fail.codebook:5: example is not coded wil.vertrouwen:' && out_has '\"Het vertrouwen in de overheid is gedaald.\"'"
check "... and why: the exception cancelled the match" eval "out_has 'cancelled by the exception except: vertrouwen in de overheid (line 3), which matches \"vertrouwen in de overheid\" at 4-29'"
check "... a not-example that matched, with the rule" eval "out_has 'not-example is coded wil.vertrouwen' && out_has 'glob: vertrouw* (line 2): \"vertrouwelijk\" at 16-29'"
printf 'code: a\n  regex: (x\n' >"$s/bad.codebook"
run check "$s/bad.codebook"
check "check: a codebook error exits 1 at line:column" eval "status_is 1 && err_has '$s/bad.codebook:2:12: error: regular expression does not compile'"

cat >"$s/e.codebook" <<'CB'
obstacle: onvoldoende
obstacle: geen
code: wil.vertrouwen
  label: Vertrouwen
  glob: vertrouw*
  except: vertrouwelijk*
code: sam.informatiedeling
  near: informatie* NEAR/2 delen
CB
run explain -b "$s/e.codebook" "Er is onvoldoende vertrouwen; de informatie is vertrouwelijk. Informatie kunnen we niet goed delen."
check "explain: coded, with the obstacle cue" eval "status_is 0 && out_has 'wil.vertrouwen (Vertrouwen): coded, obstacle' && out_has '\"vertrouwen\" at 18-28; obstacle: the cue \"onvoldoende\" at 6-17 is in the same clause'"
check "explain: the exception" eval "out_has '\"vertrouwelijk\" at 47-60 cancelled by the exception except: vertrouwelijk* (line 6)'"
run explain -b "$s/e.codebook" --code sam.informatiedeling "Informatie kunnen we niet goed delen."
check "explain --code: why NEAR did not fire" eval "status_is 0 && out_has 'not coded' && out_has \"'informatie*' \\\"Informatie\\\" at 0-10, 'delen' \\\"delen\\\" at 31-36, 4 words apart (at most 2 allowed)\""
printf 'De informatie\n\nkunnen we delen.\n' >"$s/two.txt"
run explain -b "$s/e.codebook" "$s/two.txt"
check "explain reads a file, paragraph by paragraph" eval "status_is 0 && out_has 'paragraph 2 (15-31):' && out_has 'no rule'"
run explain --code geen.code "tekst"
check "explain: unknown code is a usage error" eval "status_is 2 && err_has \"the codebook has no code 'geen.code'\""
run explain
check "explain: no text is a usage error" eval "status_is 2"

# The codebooks in doc/codebook.md.
awk -v dir="$s" '/^```codebook$/ { n++; f = dir "/doc-" n ".codebook"; on = 1; next }
	/^```$/ { on = 0 } on { print > f }' "$TOP_SRCDIR/doc/codebook.md"
blocks=$(ls "$s"/doc-*.codebook 2>/dev/null | wc -l)
check "doc/codebook.md has codebook blocks ($blocks)" [ "$blocks" -ge 2 ]
for f in "$s"/doc-*.codebook; do
	run check "$f"
	check "doc example $(basename "$f") passes codeer check" eval "status_is 0"
done
done_testing
