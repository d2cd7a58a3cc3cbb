# agree-stats.sh -- libcodeer's agreement statistics (src/lib/agree.c, through
# tests/agree-calc) against an independent implementation in base R: random
# two-rater codings of several shapes (common, rare, unused and universal codes,
# one unit, total disagreement), every figure of every code and the micro and
# macro averages to 1e-9; and nominal Krippendorff's alpha for several coders with
# missing values, which R computes from the full coincidence matrix.  The R side
# is first checked on Krippendorff's published example (alpha = 0.743).
#
# Skipped (TAP "1..0 # SKIP") when Rscript is not installed; './run test' installs
# r-base-core.
. "$TOP_SRCDIR/tests/e2e/lib.sh"
s=$scratch
: "${AGREE_CALC:?run the tests with make check}"

if ! command -v Rscript >/dev/null 2>&1; then
	echo "1..0 # SKIP Rscript not found (install r-base-core)"
	exit 0
fi

cat >"$s/agree.R" <<'EOF'
# Written from the definitions (see src/lib/agree.h for the conventions), not
# from agree.c: kappa and AC1 from the 2x2 table of proportions, F1 as the
# harmonic mean, alpha from the full coincidence matrix.
args <- commandArgs(trailingOnly = TRUE)
mode <- args[1]
tol <- 1e-9

# Nominal alpha: reliability data as a coders x units matrix, NA missing.
kalpha <- function(x) {
	vals <- sort(unique(as.vector(x[!is.na(x)])))
	o <- matrix(0, length(vals), length(vals))
	for (u in seq_len(ncol(x))) {
		v <- x[!is.na(x[, u]), u]
		m <- length(v)
		if (m < 2) next
		for (i in seq_len(m)) for (j in seq_len(m)) if (i != j) {
			a <- match(v[i], vals); b <- match(v[j], vals)
			o[a, b] <- o[a, b] + 1 / (m - 1)
		}
	}
	nc <- rowSums(o); n <- sum(nc)
	delta <- 1 - diag(length(vals))
	if (n < 2) return(c(NA, n, NA, NA))
	do <- sum(o * delta) / n
	de <- sum(outer(nc, nc) * delta) / (n * (n - 1))
	c(if (de > 0) 1 - do / de else NA, n, do, de)
}

# The figures of one code from the two 0/1 vectors h (reference), m (measured).
figures <- function(h, m) {
	n <- length(h)
	tab <- table(factor(h, levels = 0:1), factor(m, levels = 0:1)) / n
	tp <- sum(h == 1 & m == 1); fp <- sum(h == 0 & m == 1); fn <- sum(h == 1 & m == 0)
	prec <- if (tp + fp > 0) tp / (tp + fp) else NA
	rec <- if (tp + fn > 0) tp / (tp + fn) else NA
	f1 <- if (tp + fp + fn == 0) NA
	      else if (is.na(prec) || is.na(rec) || prec + rec == 0) 0
	      else 2 * prec * rec / (prec + rec)
	po <- sum(diag(tab))
	pe <- sum(rowSums(tab) * colSums(tab))
	kappa <- if (pe < 1) (po - pe) / (1 - pe) else NA
	alpha <- kalpha(rbind(h, m))[1]
	pik <- (rowSums(tab) + colSums(tab)) / 2
	pe1 <- sum(pik * (1 - pik)) / (2 - 1)
	ac1 <- (po - pe1) / (1 - pe1)
	c(precision = prec, recall = rec, f1 = f1, agreement = po, kappa = kappa,
	  alpha = alpha, ac1 = ac1, pabak = 2 * po - 1,
	  prevalence_ref = mean(h), prevalence_test = mean(m))
}

same <- function(got, want, what) {
	names(got) <- names(want)
	bad <- (is.na(got) != is.na(want)) |
	       (!is.na(want) & !is.na(got) & abs(got - want) > tol)
	if (any(bad)) {
		cat(what, ": differs\n", sep = "")
		print(rbind(codeer = got, R = want)[, bad, drop = FALSE], digits = 17)
		quit(status = 1)
	}
}

if (mode == "published") {
	x <- rbind(c(1, 2, 3, 3, 2, 1, 4, 1, 2, NA, NA, NA),
	           c(1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NA, 3),
	           c(NA, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NA),
	           c(1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NA))
	a <- kalpha(x)[1]
	cat("R's alpha on Krippendorff's example:", a, "\n")
	if (round(a, 3) != 0.743) quit(status = 1)
	quit(status = 0)
}

if (mode == "make") { # make FILE SEED UNITS CODES SHAPE
	set.seed(as.integer(args[3]))
	n <- as.integer(args[4]); k <- as.integer(args[5]); shape <- args[6]
	prev <- switch(shape,
		common = runif(k, 0.15, 0.5),
		rare = runif(k, 0.005, 0.05),
		mixed = c(0, 1, runif(k - 2, 0.01, 0.6)),
		runif(k, 0, 1))
	h <- matrix(as.integer(runif(n * k) < rep(prev, each = n)), n, k)
	m <- switch(shape,
		random = matrix(as.integer(runif(n * k) < 0.5), n, k),
		opposite = 1L - h,
		{ flip <- runif(n * k) < 0.12; m <- h; m[flip] <- 1L - h[flip]; m })
	if (shape == "mixed") m[, 1] <- 0L # code 1 no one uses, code 2 both use everywhere
	if (shape == "mixed") m[, 2] <- 1L
	lines <- sapply(seq_len(n), function(u)
		paste(paste(which(h[u, ] == 1) - 1, collapse = " "), "|",
		      paste(which(m[u, ] == 1) - 1, collapse = " ")))
	writeLines(c(as.character(k), lines), args[2])
	saveRDS(list(h = h, m = m), paste0(args[2], ".rds"))
	quit(status = 0)
}

if (mode == "compare") { # compare FILE OUTPUT
	d <- readRDS(paste0(args[2], ".rds"))
	out <- read.table(args[3], sep = "\t", header = FALSE, na.strings = "NA",
	                  colClasses = c("character", "character", rep("numeric", 15)))
	k <- ncol(d$h)
	codes <- out[out$V1 == "code", ]
	if (nrow(codes) != k) { cat("wrong number of codes\n"); quit(status = 1) }
	per <- matrix(NA, k, 10)
	for (c in seq_len(k)) {
		h <- d$h[, c]; m <- d$m[, c]
		want <- c(sum(h & m), sum(!h & m), sum(h & !m), sum(!h & !m))
		same(as.numeric(codes[c, 3:6]), want, paste("code", c - 1, "table"))
		per[c, ] <- figures(h, m)
		same(as.numeric(codes[c, 7:16]), per[c, ], paste("code", c - 1))
		unstable <- sum(h) < 5 || sum(m) < 5
		same(codes[c, 17], as.numeric(unstable), paste("code", c - 1, "unstable"))
	}
	micro <- out[out$V1 == "micro", ]
	same(as.numeric(micro[1, 7:16]), figures(as.vector(d$h), as.vector(d$m)), "micro")
	macro <- out[out$V1 == "macro", ]
	want <- apply(per, 2, function(v) if (all(is.na(v))) NA else mean(v, na.rm = TRUE))
	same(as.numeric(macro[1, 7:16]), want, "macro")
	quit(status = 0)
}

if (mode == "make-alpha") { # make-alpha FILE SEED CODERS UNITS VALUES MISSING
	set.seed(as.integer(args[3]))
	m <- as.integer(args[4]); n <- as.integer(args[5])
	vals <- as.integer(strsplit(args[6], ",")[[1]]); miss <- as.numeric(args[7])
	truth <- sample(vals, n, replace = TRUE)
	x <- t(sapply(seq_len(m), function(i)
		ifelse(runif(n) < 0.7, truth, sample(vals, n, replace = TRUE))))
	x[runif(m * n) < miss] <- NA
	write.table(x, args[2], row.names = FALSE, col.names = FALSE, quote = FALSE)
	saveRDS(x, paste0(args[2], ".rds"))
	quit(status = 0)
}

if (mode == "compare-alpha") { # compare-alpha FILE OUTPUT
	x <- readRDS(paste0(args[2], ".rds"))
	out <- read.table(args[3], sep = "\t", header = FALSE, na.strings = "NA")
	same(as.numeric(out[1, 2:5]), kalpha(x), "alpha, n, D_o, D_e")
	quit(status = 0)
}
quit(status = 2)
EOF

R() { Rscript --vanilla "$s/agree.R" "$@"; }

check "R's reference alpha reproduces Krippendorff's 0.743" R published

# two_raters NAME SEED UNITS CODES SHAPE
two_raters() {
	R make "$s/$1.in" "$2" "$3" "$4" "$5" &&
		"$AGREE_CALC" <"$s/$1.in" >"$s/$1.out" &&
		R compare "$s/$1.in" "$s/$1.out"
}
check "common codes (300 units x 8): every figure = R" two_raters common 1 300 8 common
check "rare codes (500 units x 6): every figure = R" two_raters rare 2 500 6 rare
check "an unused and a universal code (60 x 5): every figure = R" two_raters mixed 3 60 5 mixed
check "independent raters (1000 x 12): every figure = R" two_raters random 4 1000 12 random
check "total disagreement (40 x 3): every figure = R" two_raters opposite 5 40 3 opposite
check "one unit (1 x 4): every figure = R" two_raters one 6 1 4 common

# many_coders NAME SEED CODERS UNITS VALUES MISSING
many_coders() {
	R make-alpha "$s/$1.in" "$2" "$3" "$4" "$5" "$6" &&
		"$AGREE_CALC" alpha <"$s/$1.in" >"$s/$1.out" &&
		R compare-alpha "$s/$1.in" "$s/$1.out"
}
check "alpha, 5 coders x 80 units, 6 values, 25 % missing = R" many_coders m5 7 5 80 1,2,3,4,5,6 0.25
check "alpha, 3 coders x 40 units, scattered values, 40 % missing = R" many_coders m3 8 3 40 -7,0,12,1000000 0.4
check "alpha, 2 coders x 50 binary units, no missing = R" many_coders m2 9 2 50 0,1 0

# The bootstrap from the command line: reruns agree byte for byte.
bootstrap_twice() {
	"$AGREE_CALC" 300 99 <"$s/common.in" >"$s/b1.out" &&
		"$AGREE_CALC" 300 99 <"$s/common.in" >"$s/b2.out" &&
		grep -q '^micro_ci' "$s/b1.out" && same_file "$s/b1.out" "$s/b2.out"
}
check "bootstrap intervals: a rerun with the same seed is identical" bootstrap_twice
done_testing
