# bigger-table.awk -- make a larger pattern table from the benchmark table and a
# corpus: the 364 patterns, then whole words of the corpus (most frequent first,
# 5 letters or more, not yet in the table) as word and glob patterns assigned to
# the 45 codes in turn, up to N patterns in all.
#
# usage: awk -v n=3000 -f bigger-table.awk codebook.tsv answers.txt > table.tsv
FNR == NR {
	print
	if ($0 !~ /^#/ && NF) {
		split($0, f, "\t")
		if (!(f[1] in seen_code)) { seen_code[f[1]] = 1; codes[++ncodes] = f[1] }
		have[f[3]] = 1
		count++
	}
	next
}
{
	line = tolower($0)
	gsub(/[^a-z]+/, " ", line)
	m = split(line, w, " ")
	for (i = 1; i <= m; i++)
		if (length(w[i]) >= 5 && !(w[i] in have))
			freq[w[i]]++
}
END {
	# the most frequent words first; ties by the word itself, so the table is stable
	k = 0
	for (word in freq) { words[++k] = sprintf("%09d %s", 999999999 - freq[word], word) }
	asort_words(words, k)
	for (i = 1; i <= k && count < n; i++) {
		split(words[i], p, " ")
		kind = i % 3 == 0 ? "glob" : "word"
		pat = kind == "glob" ? p[2] "*" : p[2]
		printf "%s\t%s\t%s\n", codes[(i % ncodes) + 1], kind, pat
		count++
	}
}
function asort_words(a, n,    i, j, v) { # insertion sort would be slow: use a shell sort
	for (gap = int(n / 2); gap > 0; gap = int(gap / 2))
		for (i = gap + 1; i <= n; i++) {
			v = a[i]
			for (j = i - gap; j >= 1 && a[j] > v; j -= gap)
				a[j + gap] = a[j]
			a[j + gap] = v
		}
}
