#!/bin/sh
# devset-half.sh DEVSET HALF -- the text files of one half of the development set,
# one path a line: HALF 1 or 2.  The split is by page and, so that no site's
# pages stand on both sides (a site repeats its wording), by site: sites in the
# order of the pages' numbers go to half 1, 2, 1, 2, ...  Rules are written
# looking at one half (and the seeds) and measured on the other.
set -eu
dir=$1
half=$2
ls "$dir/texts" | awk -F'[_-]' -v want="$half" -v dir="$dir/texts" '
	{ site = $2; if (!(site in h)) h[site] = n++ % 2 + 1 }
	h[site] == want { print dir "/" $0 }'
