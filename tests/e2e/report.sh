# report.sh -- the HTML report and the case x code matrix end to end: the figures
# of the report (as a real browser parses them) against those computed with awk
# from the flat table of the same run, the matrix against the table, determinism,
# escaping, and the page in headless Chromium: it loads with no console message,
# asks for nothing over the network, and a screenshot is taken.  The browser
# checks skip when /usr/bin/chromium (Debian's chromium, a test-only package) is
# absent.
. "$TOP_SRCDIR/tests/e2e/lib.sh"
s=$scratch
seeds=$TOP_SRCDIR/corpora/seeds
survey=$TOP_SRCDIR/tests/data/survey/qualtrics.csv
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

# A report and a table of the same run, for the seeds and for the survey.
run code -o "$s/seeds.html" "$seeds"
check "seeds: the report is written" eval "status_is 0 && [ -s '$s/seeds.html' ]"
cp "$err" "$s/seeds.err"
run code -q -o "$s/seeds.tsv" "$seeds"
run code -q --case-column Regio --case-column Rol -o "$s/survey.html" "$survey"
check "survey: the report is written" eval "status_is 0 && [ -s '$s/survey.html' ]"
run code -q --case-column Regio --case-column Rol -o "$s/survey.tsv" "$survey"
run code -q --case-column Regio --case-column Rol -o "$s/survey.matrix.tsv" "$survey"
check "survey: the matrix is written" eval "status_is 0 && [ -s '$s/survey.matrix.tsv' ]"

run code -q -o "$s/seeds2.html" "$seeds"
check "the same input gives the same bytes" same_file "$s/seeds.html" "$s/seeds2.html"
run code -q -j 3 -o "$s/seeds3.html" "$seeds"
check "... with any number of threads" same_file "$s/seeds.html" "$s/seeds3.html"
run code -q --seed 7 -o "$s/seeds7.html" "$seeds"
check "another --seed draws other samples" eval "! cmp -s '$s/seeds.html' '$s/seeds7.html' && grep -q 'data-run=\"seed\">7<' '$s/seeds7.html'"
check "no time in it unless --timestamp" eval "! grep -q '<dt>Written</dt>' '$s/seeds.html'"
run code -q --timestamp -o "$s/seeds-t.html" "$seeds"
check "... and with --timestamp, the time" eval "grep -q '<dt>Written</dt><dd>20[0-9-]* [0-9:]* UTC</dd>' '$s/seeds-t.html'"
check "self-contained: no script, no reference to anything outside" eval "! grep -qi '<script\\|src=\\|href=\"http\\|url(\\|@import' '$s/seeds.html' '$s/survey.html'"
check "a Content-Security-Policy forbids loading anything" eval "grep -q \"default-src 'none'\" '$s/seeds.html'"

# Escaping: a label, a group and a text holding markup and ampersands.
cat >"$s/esc.codebook" <<'EOF'
codebook: <b>bold</b> & co
code: x.script
  label: <script>alert("x")</script> & 'quotes'
  group: A & <B>
  colour: #ffff00
  word: script
EOF
printf 'Een <script>alert(1)</script> & een script met "quotes".\n\nNog een script & <img src=x onerror=alert(1)>.\n' >"$s/esc.txt"
run code -q -b "$s/esc.codebook" -o "$s/esc.html" "$s/esc.txt"
check "escaping: nothing from the texts or the codebook becomes markup" eval "status_is 0 && ! grep -qi '<script\\|<img\\|<b>bold' '$s/esc.html'"
check "... it is shown as text" eval "grep -q '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;' '$s/esc.html' && grep -q 'A &amp; &lt;B&gt;' '$s/esc.html' && grep -q '&lt;img src=x onerror=alert(1)&gt;' '$s/esc.html'"
check "a colour with too little contrast on white is darkened" eval "! grep -qi 'background:#ffff00' '$s/esc.html' && grep -q 'class=\"sw\" style=\"background:#' '$s/esc.html'"

# ---- The figures, from the table with awk. ----
# expected_codes TSV CASEKIND: per code "id units cases obstacle codings", where
# a unit is (source, unit) and a case is the document or, for survey answers
# (CASEKIND=respondent), the source before its last ':'.
expected_codes() {
	awk -F'\t' -v kind="$2" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		{ code = $c["code"]; u = $c["source"] SUBSEP $c["unit"]
		  cs = kind == "respondent" ? $c["source"] : $c["document"]
		  if (kind == "respondent") sub(/:[^:]*$/, "", cs)
		  codings[code]++
		  if (!((code, u) in seen)) { seen[code, u] = 1; units[code]++ }
		  if ($c["polarity"] == "obstacle" && !((code, u) in obst)) { obst[code, u] = 1; ob[code]++ }
		  if (!((code, cs) in sc)) { sc[code, cs] = 1; cases[code]++ } }
		END { for (k in codings) printf "%s %d %d %d %d\n", k, units[k], cases[k], ob[k] + 0, codings[k] }' "$1" | sort
}

# The DOM as the browser built it, else the file itself.
have_chromium=0
[ -x "$CHROMIUM" ] && have_chromium=1
browse() { # browse HTML OUTPREFIX [extra flags]: DOM to OUT.dom, log to OUT.log
	html=$1 o=$2
	shift 2
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--disable-default-apps --disable-extensions --no-default-browser-check \
		--user-data-dir="$(mktemp -d "$s/profile.XXXXXX")" --enable-logging=stderr --v=0 \
		"$@" "file://$html" >"$o.out" 2>"$o.log"
}
dom_of() { # dom_of HTML: the file to read figures from
	if [ "$have_chromium" = 1 ]; then
		browse "$1" "$1" --dump-dom
		cp "$1.out" "$1.dom"
	else
		cp "$1" "$1.dom"
	fi
	echo "$1.dom"
}

# reported_codes DOM: "id units cases obstacle codings" of every code with a unit.
reported_codes() {
	tr '>' '\n' <"$1" | sed -n 's/.*<tr data-code="\([^"]*\)" data-units="\([0-9]*\)" data-cases="\([0-9]*\)" data-obstacle="\([0-9]*\)" data-codings="\([0-9]*\)".*/\1 \2 \3 \4 \5/p' |
		awk '$2 > 0' | sort
}
run_figure() { grep -o "data-run=\"$2\">[0-9]*" "$1" | head -1 | sed 's/.*>//'; }

sdom=$(dom_of "$s/seeds.html")
expected_codes "$s/seeds.tsv" document >"$s/seeds.want"
reported_codes "$sdom" >"$s/seeds.got"
check "seeds: units, documents, obstacles and codings per code equal the table's" eval "[ -s '$s/seeds.want' ] && diff '$s/seeds.want' '$s/seeds.got'"
want_coded=$(tail -n +2 "$s/seeds.tsv" | cut -f1,3 | sort -u | wc -l)
check "seeds: units coded equal the table's" eval "[ \"\$(run_figure '$sdom' units_coded)\" = $want_coded ]"
want_units=$(sed -n 's/.* documents, \([0-9]*\) paragraphs (\([0-9]*\) coded).*/\1/p' "$s/seeds.err")
check "seeds: units equal the summary's" eval "[ -n '$want_units' ] && [ \"\$(run_figure '$sdom' units)\" = '$want_units' ]"
check "seeds: codings equal the table's rows" eval "[ \"\$(run_figure '$sdom' codings)\" = $(($(wc -l <"$s/seeds.tsv") - 1)) ]"

# Co-occurrence: every pair listed, against the units of the table holding both.
tr '>' '\n' <"$sdom" | sed -n 's/.*<tr data-pair="\([^ ]*\) \([^"]*\)" data-together="\([0-9]*\)".*/\1 \2 \3/p' >"$s/pairs.got"
awk -F'\t' 'NR == FNR { if (FNR > 1) has[$8, $1 SUBSEP $3] = 1; if (FNR > 1) units[$1 SUBSEP $3] = 1; next }
	{ n = 0; for (u in units) if (((($1, u) in has)) && (($2, u) in has)) n++; print $1, $2, n }' \
	"$s/seeds.tsv" FS=' ' "$s/pairs.got" >"$s/pairs.want"
check "seeds: the pairs of codes together equal the table's" eval "[ -s '$s/pairs.got' ] && diff '$s/pairs.want' '$s/pairs.got'"

vdom=$(dom_of "$s/survey.html")
expected_codes "$s/survey.tsv" respondent >"$s/survey.want"
reported_codes "$vdom" >"$s/survey.got"
check "survey: units, respondents, obstacles and codings per code equal the table's" eval "[ -s '$s/survey.want' ] && diff '$s/survey.want' '$s/survey.got'"
check "survey: 6 respondents, 10 answers that are not empty" eval "[ \"\$(run_figure '$vdom' respondents)\" = 6 ] && [ \"\$(run_figure '$vdom' answers)\" = 10 ]"
# By case variable: respondents with the code per value (table), and respondents
# per value (the matrix, one row per respondent).
awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ r = $c["source"]; sub(/:[^:]*$/, "", r); k = $c["code"] SUBSEP $c["Regio"]
	  if (!((k, r) in seen)) { seen[k, r] = 1; n[k]++ } }
	END { for (k in n) { split(k, p, SUBSEP); print p[1] "|" p[2] "|" n[k] } }' "$s/survey.tsv" | sort >"$s/var.want"
tr '>' '\n' <"$vdom" | awk '/data-var="Regio"/ { on = 1 } on && /<\/table/ { on = 0 } on' |
	sed -n 's/.*<td class="n[ a-z]*" data-code="\([^"]*\)" data-value="\([^"]*\)" data-cases="\([0-9]*\)" data-of="\([0-9]*\)".*/\1|\2|\3|\4/p' >"$s/var.cells"
awk -F'|' '$3 > 0 { print $1 "|" $2 "|" $3 }' "$s/var.cells" | sort >"$s/var.got"
check "survey: respondents with each code per Regio equal the table's" eval "[ -s '$s/var.want' ] && diff '$s/var.want' '$s/var.got'"
awk -F'\t' 'NR > 1 { n[$2]++ } END { for (v in n) print v "|" n[v] }' "$s/survey.matrix.tsv" | sort >"$s/of.want"
awk -F'|' '{ print $2 "|" $4 }' "$s/var.cells" | sort -u >"$s/of.got"
check "survey: respondents per Regio value equal the matrix's rows" eval "diff '$s/of.want' '$s/of.got'"
check "survey: values with fewer than 5 respondents are flagged" eval "grep -q 'class=\"n few\"' '$s/survey.html' && grep -q 'n = 2 &dagger;' '$s/survey.html'"

# The matrix: a row per respondent with its case values, a column per code; each
# cell the respondent's units with the code, as the table has them.
check "matrix: the header is case, the case columns, units, the code ids" eval "head -1 '$s/survey.matrix.tsv' | grep -q '^case	Regio	Rol	units	amb.bewustwording	amb.weerbaarheid	'"
check "matrix: one row per respondent" eval "[ \$(tail -n +2 '$s/survey.matrix.tsv' | wc -l) = 6 ] && cut -f1-3 '$s/survey.matrix.tsv' | grep -q '^R_3m4n5o	Noord-Holland	Belastingdienst\$'"
awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ r = $c["source"]; sub(/:[^:]*$/, "", r); k = r "|" $c["code"]
	  if (!((k, $c["source"], $c["unit"]) in seen)) { seen[k, $c["source"], $c["unit"]] = 1; n[k]++ } }
	END { for (k in n) print k "|" n[k] }' "$s/survey.tsv" | sort >"$s/m.want"
awk -F'\t' 'NR == 1 { for (i = 5; i <= NF; i++) id[i] = $i; next }
	{ for (i = 5; i <= NF; i++) if ($i > 0) print $1 "|" id[i] "|" $i }' "$s/survey.matrix.tsv" | sort >"$s/m.got"
check "matrix: every cell equals the table's units per respondent and code" eval "[ -s '$s/m.want' ] && diff '$s/m.want' '$s/m.got'"
run code -q --binary --case-column Regio -o "$s/b.matrix.csv" "$survey"
check "matrix: --binary gives 0/1, .matrix.csv commas" eval "status_is 0 && head -1 '$s/b.matrix.csv' | grep -q '^case,Regio,units,amb.bewustwording,' && ! tail -n +2 '$s/b.matrix.csv' | cut -d, -f4- | grep -q '[2-9]'"
run code -q -o "$s/seeds.matrix.tsv" "$seeds"
check "matrix: text documents are rows too, units are paragraphs" eval "[ \$(wc -l <'$s/seeds.matrix.tsv') = 6 ] && [ \$(tail -n +2 '$s/seeds.matrix.tsv' | awk -F'\t' '{ n += \$2 } END { print n }') = '$want_units' ]"
printf 'OLD\n' >"$s/keep.html"
run code -q -o "$s/keep.html" "$TOP_SRCDIR/tests/data/survey/unterminated.csv"
check "a failed run leaves an existing report as it was" eval "status_is 1 && [ \"\$(cat '$s/keep.html')\" = OLD ] && no_temp_files '$s'"
run code -q --seed x -o "$s/x.html" "$seeds"
check "a bad --seed is a usage error" eval "status_is 2"

# ---- In the browser. ----
if [ "$have_chromium" = 1 ]; then
	for page in seeds survey esc; do
		browse "$s/$page.html" "$s/$page-shot" --hide-scrollbars --window-size=1200,3000 \
			--screenshot="$s/$page.png" --log-net-log="$s/$page.netlog"
		check "browser: $page report loads with no console message" eval "[ -s '$s/$page.png' ] && ! grep -i 'CONSOLE' '$s/$page-shot.log'"
		# The browser's own background requests (Google update and account
		# services) are not the page's; anything else would be.
		check "browser: $page report makes no network request" eval "! grep -o '\"url\":\"[a-z]*://[^\"/]*' '$s/$page.netlog' | grep -v '://[^/]*\\(google\\.com\\|googleapis\\.com\\|gstatic\\.com\\)\$' | grep ."
		check "browser: a screenshot of the $page report (PNG)" eval "[ \"\$(head -c 8 '$s/$page.png' | od -An -c | tr -d ' ')\" = '211PNG\\r\\n032\\n' ]"
	done
	browse "$s/seeds.html" "$s/narrow" --hide-scrollbars --window-size=360,2000 --screenshot="$s/narrow.png"
	check "browser: the report renders in a narrow window" eval "[ -s '$s/narrow.png' ] && ! grep -i 'CONSOLE' '$s/narrow.log'"
	# A page that does log and load something must fail the same checks.
	printf '<!DOCTYPE html><title>x</title><img src="http://example.invalid/a.png"><script>console.error("boom")</script>\n' >"$s/bad.html"
	browse "$s/bad.html" "$s/bad" --log-net-log="$s/bad.netlog" --dump-dom
	check "browser: the checks do catch a console message and a request" eval "grep -q CONSOLE '$s/bad.log' && grep -q 'example.invalid' '$s/bad.netlog'"
else
	tap_n=$((tap_n + 1))
	echo "ok $tap_n # SKIP no $CHROMIUM (Debian package chromium)"
fi
done_testing
