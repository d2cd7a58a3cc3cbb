/*
** report_html.c -- the report's page: hand-written HTML with inline CSS and SVG,
** no script, no font or image from anywhere (a Content-Security-Policy says so to
** the browser too), readable offline, printable and narrow-window friendly.
**
** Every figure is in a table with header cells (and in data-* attributes, so that
** tests can read them); every chart has text labels, a <title> per mark and a
** text alternative.  Colours come from the codebook, darkened where they have
** less than 3:1 contrast with the white page (WCAG 2.1, 1.4.11); codes without
** one get their group's colour from a fixed palette.  Same counts -> same bytes.
*/
#include "config.h"

#include "report.h"
#include "seg.h"
#include "sha1.h"
#include "utf8.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <utf8proc.h>

/* ------------------------------------------------------------------ helpers --- */

void cdr_html_escape(cdr_buf *out, const char *s, size_t n)
{
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep = NULL;
		switch (s[i]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		default:
			/* Control characters other than tab and line ends are not allowed. */
			if ((unsigned char)s[i] < 0x20 && s[i] != '\t' && s[i] != '\n' &&
			    s[i] != '\r')
				rep = " ";
		}
		if (!rep)
			continue;
		cdr_buf_add(out, s + run, i - run);
		cdr_buf_adds(out, rep);
		run = i + 1;
	}
	cdr_buf_add(out, s + run, n - run);
}

static void esc(cdr_buf *b, const char *s)
{
	cdr_html_escape(b, s, strlen(s));
}

/* 's' cut to at most 'max' code points, with an ellipsis if cut, escaped. */
static void esc_cut(cdr_buf *b, const char *s, size_t max)
{
	size_t n = strlen(s), at = 0, cps = 0;
	while (at < n && cps < max) {
		at += cdr_utf8_seqlen((unsigned char)s[at]);
		cps++;
	}
	if (at >= n) {
		cdr_html_escape(b, s, n);
		return;
	}
	cdr_html_escape(b, s, at);
	cdr_buf_adds(b, "\xE2\x80\xA6");
}

static void pct(cdr_buf *b, size_t part, size_t whole)
{
	if (!whole)
		cdr_buf_adds(b, "&ndash;");
	else
		cdr_buf_printf(b, "%.1f%%", 100.0 * (double)part / (double)whole);
}

static double channel(unsigned c)
{
	double v = c / 255.0;
	return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

static double luminance(unsigned rgb)
{
	return 0.2126 * channel(rgb >> 16 & 255) + 0.7152 * channel(rgb >> 8 & 255) +
	       0.0722 * channel(rgb & 255);
}

double cdr_contrast_ratio(unsigned a, unsigned b)
{
	double la = luminance(a), lb = luminance(b);
	if (la < lb) {
		double t = la;
		la = lb;
		lb = t;
	}
	return (la + 0.05) / (lb + 0.05);
}

static unsigned scale_rgb(unsigned rgb, double f)
{
	unsigned r = (unsigned)lround((rgb >> 16 & 255) * f),
		 g = (unsigned)lround((rgb >> 8 & 255) * f), b = (unsigned)lround((rgb & 255) * f);
	return r << 16 | g << 8 | b;
}

unsigned cdr_colour_for_white(unsigned rgb, double ratio)
{
	for (int i = 0; i < 100 && cdr_contrast_ratio(rgb, 0xffffff) < ratio; i++)
		rgb = scale_rgb(rgb, 0.95);
	return rgb;
}

/* 'a' mixed with 'b': t = 0 is a, 1 is b. */
static unsigned mix_rgb(unsigned a, unsigned b, double t)
{
	unsigned out = 0;
	for (int s = 16; s >= 0; s -= 8) {
		double x = (a >> s & 255) * (1 - t) + (b >> s & 255) * t;
		out |= (unsigned)lround(x) << s;
	}
	return out;
}

/* Black or white, whichever reads better on 'bg'. */
static unsigned ink_on(unsigned bg)
{
	return cdr_contrast_ratio(bg, 0x1b1b1b) >= cdr_contrast_ratio(bg, 0xffffff) ? 0x1b1b1b
										    : 0xffffff;
}

/* Colours for groups without codebook colours (Okabe-Ito and Tableau hues). */
static const unsigned palette[] = { 0x0072b2, 0xd55e00, 0x009e73, 0xcc79a7, 0x56b4e9,
				    0xe69f00, 0x8c564b, 0x7f7f7f, 0x9467bd, 0x17becf };

static unsigned code_colour(const cdr_report *r, size_t k)
{
	const char *c = r->cb->codes[k].colour;
	unsigned rgb;
	if (c && c[0] == '#' && strlen(c) == 7)
		rgb = (unsigned)strtoul(c + 1, NULL, 16);
	else
		rgb = palette[r->group_of[k] % (sizeof palette / sizeof *palette)];
	return cdr_colour_for_white(rgb, 3.0);
}

/* The heat maps' scale: white to dark blue. */
static unsigned heat(double t)
{
	if (t < 0)
		t = 0;
	if (t > 1)
		t = 1;
	if (t < 0.5)
		return mix_rgb(0xf4f8fb, 0x6baed6, t * 2);
	return mix_rgb(0x6baed6, 0x08306b, (t - 0.5) * 2);
}

static const char *group_name(const cdr_report *r, size_t g)
{
	return r->group[g][0] ? r->group[g] : "(no group)";
}

/* Ids: letters, digits, '-', '_' only (codes may hold '.', which is fine in ids,
** but variables and values may hold anything). */
static void id_part(cdr_buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.')
			cdr_buf_addc(b, (char)c);
		else
			cdr_buf_printf(b, "_%02x", c);
	}
}

static const char *cases_noun(const cdr_report *r, int plural)
{
	if (r->respondents && r->respondents == r->cases)
		return plural ? "respondents" : "respondent";
	if (!r->respondents)
		return plural ? "documents" : "document";
	return plural ? "cases" : "case";
}

static const char *units_noun(const cdr_report *r)
{
	int kinds = 0, last = CDR_UNIT_PARAGRAPH;
	for (int a = 0; a < 2; a++)
		for (int u = 0; u < 5; u++)
			if (r->units_of[a][u]) {
				kinds++;
				last = u;
			}
	if (kinds != 1)
		return "units";
	switch (last) {
	case CDR_UNIT_SENTENCE:
		return "sentences";
	case CDR_UNIT_TURN:
		return "turns";
	case CDR_UNIT_ANSWER:
		return "answers";
	default:
		return "paragraphs";
	}
}

/* ------------------------------------------------------------------- style --- */

static const char style[] =
	":root{--ink:#1b1b1b;--muted:#595959;--rule:#d6d6d6;--band:#f2f4f6;--mark:#ffe08a;"
	"--link:#0b57a4}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0;font:15px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,\"Noto Sans\","
	"\"Liberation Sans\",sans-serif;color:var(--ink);background:#fff}\n"
	"header,nav,main,footer{max-width:74rem;margin:0 auto;padding:0 1.25rem}\n"
	"header{padding-top:1.25rem}\n"
	"h1{font-size:1.7rem;line-height:1.2;margin:0 0 .3rem}\n"
	"h1 small{display:block;font-size:1rem;font-weight:400;color:var(--muted)}\n"
	"h2{font-size:1.3rem;margin:2.25rem 0 .5rem;padding-top:.6rem;border-top:3px solid "
	"var(--ink)}\n"
	"h3{font-size:1.05rem;margin:1.4rem 0 .3rem}\n"
	"p{max-width:48rem;margin:.4rem 0 .8rem}\n"
	".lead{font-size:1.05rem}\n"
	"a{color:var(--link)}\n"
	"nav ol{display:flex;flex-wrap:wrap;gap:.2rem 1.2rem;list-style:none;padding:.5rem 0;"
	"margin:.5rem 0 0;border-top:1px solid var(--rule);border-bottom:1px solid var(--rule)}\n"
	".scroll{overflow-x:auto;max-width:100%}\n"
	"table{border-collapse:collapse;font-variant-numeric:tabular-nums;margin:.4rem 0 1rem}\n"
	"caption{text-align:left;color:var(--muted);font-size:.9rem;padding:.2rem 0}\n"
	"th,td{padding:.22rem .55rem;text-align:left;vertical-align:top;border-bottom:1px solid "
	"var(--rule)}\n"
	"thead th{border-bottom:2px solid var(--ink);vertical-align:bottom;font-size:.9rem}\n"
	"th[scope=row]{font-weight:400}\n"
	".n{text-align:right;white-space:nowrap}\n"
	"td.p{text-align:right;white-space:nowrap;color:var(--muted)}\n"
	"tr.group th{background:var(--band);font-weight:600;padding-top:.4rem}\n"
	"tr.total td,tr.total th{font-weight:600}\n"
	".id{color:var(--muted);font-size:.85em}\n"
	".sw{display:inline-block;width:.75em;height:.75em;border-radius:2px;margin-right:.45em}\n"
	".few{color:var(--muted);font-style:italic}\n"
	"tr.zero th,tr.zero td{color:var(--muted)}\n"
	".byvar th[scope=row]{white-space:nowrap}\n"
	"figure{margin:.8rem 0 1.2rem}\n"
	"figcaption{color:var(--muted);font-size:.9rem;max-width:48rem}\n"
	"svg{display:block;max-width:100%;height:auto}\n"
	".scroll svg.wide{max-width:none}\n"
	".scroll svg.chart{min-width:600px}\n"
	"svg text{font-family:inherit;fill:#1b1b1b}\n"
	"mark{background:var(--mark);color:inherit;padding:0 .12em;border-radius:2px}\n"
	"dl.run{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1.2rem;"
	"margin:.5rem 0}\n"
	"dl.run dt{font-weight:600}\n"
	"dl.run dd{margin:0;overflow-wrap:anywhere}\n"
	".kwic{list-style:none;padding:0;margin:.2rem 0 .8rem;max-width:56rem}\n"
	".kwic li{padding:.35rem 0 .35rem .8rem;border-left:3px solid var(--rule);"
	"margin:.3rem 0}\n"
	".src{display:block;color:var(--muted);font-size:.82rem;overflow-wrap:anywhere}\n"
	".ex{font-size:.88rem;margin:.15rem 0}\n"
	".note{color:var(--muted);font-size:.9rem}\n"
	".legend{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;font-size:.9rem;margin:.3rem 0}\n"
	"footer{color:var(--muted);font-size:.85rem;margin-top:2.5rem;padding-bottom:2rem}\n"
	"@media (max-width:42rem){body{font-size:14px}header,nav,main,footer{padding:0 .6rem}"
	"dl.run{grid-template-columns:1fr}dl.run dd{margin-bottom:.3rem}th,td{padding:.2rem .35rem}"
	"h1{font-size:1.35rem}}\n"
	"@media print{nav{display:none}body{font-size:9.5pt}h2{break-after:avoid}"
	"figure,tr,li{break-inside:avoid}a{color:inherit;text-decoration:none}"
	".scroll{overflow:visible}.scroll svg.wide{max-width:100%}.scroll svg.chart{min-width:0}mark{border:1px solid #b59a3c}}\n";

/* ----------------------------------------------------------------- the run --- */

static void dd_number(cdr_buf *b, const char *key, const char *label, size_t v, const char *more)
{
	cdr_buf_printf(b, "<dt>%s</dt><dd data-run=\"%s\">%zu%s</dd>\n", label, key, v,
		       more ? more : "");
}

static void codebook_hash(const char *path, char hex[2 * CDR_SHA1_LEN + 1])
{
	hex[0] = '\0';
	FILE *f = path ? fopen(path, "rb") : NULL;
	if (!f)
		return;
	cdr_sha1 s;
	cdr_sha1_init(&s);
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		cdr_sha1_update(&s, buf, n);
	int bad = ferror(f);
	fclose(f);
	if (bad)
		return;
	unsigned char out[CDR_SHA1_LEN];
	cdr_sha1_final(&s, out);
	for (int i = 0; i < CDR_SHA1_LEN; i++)
		snprintf(hex + 2 * i, 3, "%02x", out[i]);
}

static void render_run(const cdr_report *r, cdr_buf *b)
{
	cdr_buf_adds(b, "<section id=\"run\" aria-labelledby=\"run-h\">\n<h2 id=\"run-h\">The "
			"run</h2>\n<dl class=\"run\">\n<dt>Codebook</dt><dd>");
	esc(b, r->cb->name ? r->cb->name : "");
	cdr_buf_adds(b, "<br><span class=\"id\">");
	esc(b, r->cb->path ? r->cb->path : "");
	char hex[2 * CDR_SHA1_LEN + 1];
	codebook_hash(r->cb->path, hex);
	if (hex[0])
		cdr_buf_printf(b, " &middot; SHA-1 <span data-run=\"sha1\">%s</span>", hex);
	cdr_buf_printf(b, " &middot; %zu codes in %zu groups</span></dd>\n", r->ncodes, r->ngroups);
	cdr_buf_adds(b, "<dt>Inputs</dt><dd>");
	if (!r->opt.ninputs)
		cdr_buf_adds(b, "standard input");
	for (size_t i = 0; i < r->opt.ninputs; i++) {
		if (i == 20) {
			cdr_buf_printf(b, " and %zu more", r->opt.ninputs - 20);
			break;
		}
		cdr_buf_adds(b, i ? ", <code>" : "<code>");
		esc(b, r->opt.inputs[i]);
		cdr_buf_adds(b, "</code>");
	}
	cdr_buf_adds(b, "</dd>\n<dt>Unit</dt><dd>");
	int first = 1;
	for (int a = 0; a < 2; a++)
		for (int u = 0; u < 5; u++) {
			if (!r->units_of[a][u])
				continue;
			cdr_buf_printf(b, "%s%s (%s)", first ? "" : "; ",
				       cdr_unit_name((cdr_unit)u),
				       a ? "survey answers" : "text documents");
			if (u == CDR_UNIT_MATCH)
				cdr_buf_adds(b, ", counted in paragraphs");
			first = 0;
		}
	if (first)
		cdr_buf_adds(b, "&ndash;");
	cdr_buf_adds(b, "</dd>\n");
	dd_number(b, "documents", "Text documents", r->documents, NULL);
	dd_number(b, "answers", "Survey answers", r->answers,
		  " <span class=\"note\">(not empty)</span>");
	dd_number(b, "respondents", "Respondents", r->respondents, NULL);
	char more[160];
	dd_number(b, "units", "Units", r->units, NULL);
	snprintf(more, sizeof more, " <span class=\"note\">(%.1f%% of units)</span>",
		 r->units ? 100.0 * (double)r->units_coded / (double)r->units : 0.0);
	dd_number(b, "units_coded", "Units coded", r->units_coded, more);
	snprintf(more, sizeof more, " <span class=\"note\">(%.1f%% of units)</span>",
		 r->units ? 100.0 * (double)(r->units - r->units_coded) / (double)r->units : 0.0);
	dd_number(b, "units_not_coded", "Units not coded", r->units - r->units_coded, more);
	dd_number(b, "codings", "Codings", r->codings, NULL);
	cdr_buf_printf(b, "<dt>Samples</dt><dd>seed <span data-run=\"seed\">%llu</span></dd>\n",
		       r->opt.seed);
	if (r->opt.refi.timestamps) {
		char when[64];
		time_t now = time(NULL);
		struct tm tm;
		gmtime_r(&now, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", &tm);
		cdr_buf_printf(b, "<dt>Written</dt><dd>%s</dd>\n", when);
	}
	cdr_buf_adds(b, "<dt>codeer</dt><dd>version " PACKAGE_VERSION "</dd>\n</dl>\n</section>\n");
}

/* ----------------------------------------------------------- codes: chart --- */

static void render_code_chart(const cdr_report *r, cdr_buf *b)
{
	const int label_w = 250, bar_w = 330, gap = 130, share_w = 170, row_h = 22, head_h = 30;
	const int width = label_w + bar_w + gap + share_w + 60;
	size_t max_units = 1;
	for (size_t k = 0; k < r->ncodes; k++)
		if (r->code[k].units > max_units)
			max_units = r->code[k].units;
	int height = head_h + (int)r->ngroups * 28 + (int)r->ncodes * row_h + 8;
	cdr_buf_printf(
		b,
		"<figure>\n<div class=\"scroll\"><svg class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" "
		"role=\"img\" aria-labelledby=\"codes-chart-cap\">\n",
		width, height, width);
	int x1 = label_w, x2 = label_w + bar_w + gap;
	cdr_buf_printf(b,
		       "<text x=\"%d\" y=\"16\" font-size=\"12\" font-weight=\"600\">Units coded "
		       "(darker: obstacle)</text>\n<text x=\"%d\" y=\"16\" font-size=\"12\" "
		       "font-weight=\"600\">%% of %s with the code</text>\n",
		       x1, x2, cases_noun(r, 1));
	int y = head_h;
	for (size_t g = 0; g < r->ngroups; g++) {
		cdr_buf_printf(b, "<text x=\"0\" y=\"%d\" font-size=\"13\" font-weight=\"700\">",
			       y + 16);
		esc(b, group_name(r, g));
		cdr_buf_printf(b,
			       "</text>\n<line x1=\"0\" x2=\"%d\" y1=\"%d\" y2=\"%d\" "
			       "stroke=\"#d6d6d6\"/>\n",
			       width, y + 22, y + 22);
		y += 28;
		for (size_t k = 0; k < r->ncodes; k++) {
			if (r->group_of[k] != g)
				continue;
			const cdr_code *c = &r->cb->codes[k];
			const cdr_report_code *s = &r->code[k];
			unsigned col = code_colour(r, k), dark = scale_rgb(col, 0.55);
			cdr_buf_printf(b, "<g><title>");
			esc(b, c->label);
			cdr_buf_printf(b, " (");
			esc(b, c->id);
			cdr_buf_printf(
				b, "): %zu units, %zu with an obstacle; %zu of %zu %s</title>\n",
				s->units, s->obstacle, s->cases, r->cases, cases_noun(r, 1));
			cdr_buf_printf(b,
				       "<text x=\"%d\" y=\"%d\" font-size=\"12\" "
				       "text-anchor=\"end\">",
				       label_w - 8, y + 15);
			esc_cut(b, c->label, 36);
			cdr_buf_adds(b, "</text>\n");
			double wn = (double)bar_w * (double)(s->units - s->obstacle) /
				    (double)max_units;
			double wo = (double)bar_w * (double)s->obstacle / (double)max_units;
			if (s->units - s->obstacle)
				cdr_buf_printf(
					b,
					"<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"15\" "
					"fill=\"#%06x\"/>\n",
					x1, y + 3, wn, col);
			if (s->obstacle)
				cdr_buf_printf(
					b,
					"<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"15\" "
					"fill=\"#%06x\"/>\n",
					x1 + wn, y + 3, wo, dark);
			cdr_buf_printf(b, "<text x=\"%.1f\" y=\"%d\" font-size=\"11.5\">%zu",
				       x1 + wn + wo + 5, y + 15, s->units);
			if (s->obstacle)
				cdr_buf_printf(b, " (%zu obstacle)", s->obstacle);
			cdr_buf_adds(b, "</text>\n");
			double share = r->cases ? (double)s->cases / (double)r->cases : 0;
			cdr_buf_printf(b,
				       "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"15\" "
				       "fill=\"#f2f4f6\"/>\n<rect x=\"%d\" y=\"%d\" width=\"%.1f\" "
				       "height=\"15\" fill=\"#%06x\"/>\n<text x=\"%d\" y=\"%d\" "
				       "font-size=\"11.5\">%.0f%%</text>\n</g>\n",
				       x2, y + 3, share_w, x2, y + 3, share * share_w, col,
				       x2 + share_w + 5, y + 15, 100 * share);
			y += row_h;
		}
	}
	cdr_buf_printf(b,
		       "</svg></div>\n<figcaption id=\"codes-chart-cap\">Per group, each code: on "
		       "the left the units coded with it, the darker part those where an "
		       "obstacle cue stands with it; on the right the share of %s with the "
		       "code at least once. The table below holds the same figures.</figcaption>\n"
		       "</figure>\n",
		       cases_noun(r, 1));
}

/* ----------------------------------------------------------- codes: table --- */

static void code_cells(const cdr_report *r, cdr_buf *b, const cdr_report_code *s)
{
	cdr_buf_printf(b, "<td class=\"n\">%zu</td><td class=\"p\">", s->units);
	pct(b, s->units, r->units);
	cdr_buf_printf(b, "</td><td class=\"n\">%zu</td><td class=\"p\">", s->cases);
	pct(b, s->cases, r->cases);
	cdr_buf_printf(b, "</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td><td class=\"p\">",
		       s->obstacle, s->units - s->obstacle);
	pct(b, s->obstacle, s->units);
	cdr_buf_adds(b, "</td>");
}

static void render_codes(const cdr_report *r, cdr_buf *b)
{
	const char *un = units_noun(r), *cn = cases_noun(r, 1);
	cdr_buf_printf(
		b,
		"<section id=\"codes\" aria-labelledby=\"codes-h\">\n<h2 id=\"codes-h\">Codes "
		"by group</h2>\n<p>How often each code was applied. <strong>Units</strong>: "
		"the %s coded with the code, as a share of all %zu %s. "
		"<strong>%c%s</strong>: those with the code at least once, as a share of "
		"all %zu %s. <strong>Obstacle</strong>: units where an obstacle cue of the "
		"codebook (geen, gebrek aan, onvoldoende, ...) stands in the same clause as "
		"the coded words; <strong>neutral</strong>: the other units with the code "
		"(success factors, descriptions); the share is of the code's units. A "
		"group's row counts units and %s with any of its codes.</p>\n",
		un, r->units, un, cn[0] - 32, cn + 1, r->cases, cn, cn);
	render_code_chart(r, b);
	cdr_buf_printf(
		b,
		"<div class=\"scroll\"><table id=\"codes-table\">\n<caption>Units and %s per "
		"code</caption>\n<thead><tr><th scope=\"col\">Code</th><th scope=\"col\" "
		"class=\"n\">Units</th><th scope=\"col\" class=\"n\">%% of all units</th>"
		"<th scope=\"col\" class=\"n\">%c%s</th><th scope=\"col\" class=\"n\">%% of "
		"all %s</th><th scope=\"col\" class=\"n\">Obstacle</th><th scope=\"col\" "
		"class=\"n\">Neutral</th><th scope=\"col\" class=\"n\">%% obstacle</th></tr>"
		"</thead>\n",
		cn, cn[0] - 32, cn + 1, cn);
	for (size_t g = 0; g < r->ngroups; g++) {
		cdr_buf_adds(b,
			     "<tbody>\n<tr class=\"group\"><th scope=\"colgroup\" colspan=\"8\">");
		esc(b, group_name(r, g));
		cdr_buf_adds(b, "</th></tr>\n");
		for (size_t k = 0; k < r->ncodes; k++) {
			if (r->group_of[k] != g)
				continue;
			const cdr_code *c = &r->cb->codes[k];
			const cdr_report_code *s = &r->code[k];
			cdr_buf_adds(b, s->units ? "<tr data-code=\""
						 : "<tr class=\"zero\" data-code=\"");
			esc(b, c->id);
			cdr_buf_printf(
				b,
				"\" data-units=\"%zu\" data-cases=\"%zu\" data-obstacle=\"%zu\" "
				"data-codings=\"%zu\"><th scope=\"row\"><span class=\"sw\" "
				"style=\"background:#%06x\"></span>",
				s->units, s->cases, s->obstacle, s->codings, code_colour(r, k));
			esc(b, c->label);
			cdr_buf_adds(b, " <span class=\"id\">");
			esc(b, c->id);
			cdr_buf_adds(b, "</span></th>");
			code_cells(r, b, s);
			cdr_buf_adds(b, "</tr>\n");
		}
		cdr_buf_adds(b, "<tr class=\"total\" data-group=\"");
		esc(b, r->group[g]);
		cdr_buf_printf(b,
			       "\" data-units=\"%zu\" data-cases=\"%zu\" data-obstacle=\"%zu\"><th "
			       "scope=\"row\">Any code of ",
			       r->gstat[g].units, r->gstat[g].cases, r->gstat[g].obstacle);
		esc(b, group_name(r, g));
		cdr_buf_adds(b, "</th>");
		code_cells(r, b, &r->gstat[g]);
		cdr_buf_adds(b, "</tr>\n</tbody>\n");
	}
	cdr_buf_adds(b, "</table></div>\n</section>\n");
}

/* ------------------------------------------------------- by case variable --- */

static void render_var(const cdr_report *r, size_t vi, cdr_buf *b)
{
	const cdr_report_var *v = &r->vars[vi];
	const char *cn = cases_noun(r, 1);
	size_t nv = v->nvalues + (v->pooled != 0);
	cdr_buf sid = CDR_BUF_INIT;
	id_part(&sid, v->name);
	const char *id = cdr_buf_cstr(&sid);
	cdr_buf_printf(
		b, "<section id=\"var-%s\" aria-labelledby=\"var-%s-h\">\n<h2 id=\"var-%s-h\">By ",
		id, id, id);
	esc(b, v->name);
	cdr_buf_adds(b, "</h2>\n<p>For each value of the case variable <strong>");
	esc(b, v->name);
	cdr_buf_printf(b,
		       "</strong>, the share of its %s with each code at least once, and how many "
		       "(the number in brackets; n is the value's %s). Shares of values with fewer "
		       "than 5 %s are in <span class=\"few\">grey italics</span> and marked "
		       "&dagger;: too few to compare.",
		       cn, cn, cn);
	if (v->pooled)
		cdr_buf_printf(b,
			       " Only the first %d values are shown apart; %zu more are pooled "
			       "as &ldquo;(other values)&rdquo;.",
			       CDR_REPORT_MAX_VALUES, v->pooled_values);
	cdr_buf_adds(b, "</p>\n");
	if (!nv) {
		cdr_buf_adds(b,
			     "<p class=\"note\">No values (no survey answers).</p>\n</section>\n");
		cdr_buf_free(&sid);
		return;
	}
	/* The chart: codes (with any case) down, values across; shade = share. */
	size_t shown = 0;
	for (size_t k = 0; k < r->ncodes; k++)
		shown += r->code[k].cases > 0;
	if (shown) {
		const int label_w = 250, cell_w = 58, cell_h = 20, head_h = 120;
		int width = label_w + (int)nv * cell_w + 90,
		    height = head_h + (int)shown * cell_h + 6;
		/* Shades run from 0 to the largest share of a value with 5 or more. */
		double top = 0;
		for (size_t k = 0; k < r->ncodes; k++)
			for (size_t i = 0; i < nv; i++) {
				const cdr_report_value *x = &v->values[i];
				double s = x->cases >= 5
						   ? (double)x->code_cases[k] / (double)x->cases
						   : 0;
				top = s > top ? s : top;
			}
		int wide = width > 1000;
		cdr_buf_printf(
			b,
			"<figure>\n<div class=\"scroll\"><svg class=\"chart%s\" viewBox=\"0 0 %d %d\" "
			"width=\"%d\" role=\"img\" aria-labelledby=\"var-%s-cap\">\n",
			wide ? " wide" : "", width, height, width, id);
		for (size_t i = 0; i < nv; i++) {
			const cdr_report_value *x = &v->values[i];
			int cx = label_w + (int)i * cell_w + cell_w / 2;
			cdr_buf_printf(b,
				       "<text x=\"%d\" y=\"%d\" font-size=\"11.5\" "
				       "transform=\"rotate(-45 %d %d)\"%s>",
				       cx, head_h - 8, cx, head_h - 8,
				       x->cases < 5 ? " font-style=\"italic\"" : "");
			esc_cut(b, x->value[0] ? x->value : "(empty)", 18);
			cdr_buf_printf(b, " (%zu)%s</text>\n", x->cases,
				       x->cases < 5 ? "\xE2\x80\xA0" : "");
		}
		int y = head_h;
		for (size_t k = 0; k < r->ncodes; k++) {
			if (!r->code[k].cases)
				continue;
			cdr_buf_printf(b,
				       "<text x=\"%d\" y=\"%d\" font-size=\"11.5\" "
				       "text-anchor=\"end\">",
				       label_w - 8, y + 14);
			esc_cut(b, r->cb->codes[k].label, 36);
			cdr_buf_adds(b, "</text>\n");
			for (size_t i = 0; i < nv; i++) {
				const cdr_report_value *x = &v->values[i];
				double s =
					x->cases ? (double)x->code_cases[k] / (double)x->cases : 0;
				unsigned bg = x->cases < 5 ? 0xffffff : heat(top > 0 ? s / top : 0);
				int cx = label_w + (int)i * cell_w;
				cdr_buf_adds(b, "<g><title>");
				esc(b, r->cb->codes[k].label);
				cdr_buf_adds(b, ", ");
				esc(b, x->value[0] ? x->value : "(empty)");
				cdr_buf_printf(b,
					       ": %zu of %zu %s</title><rect x=\"%d\" y=\"%d\" "
					       "width=\"%d\" height=\"%d\" fill=\"#%06x\" "
					       "stroke=\"#ffffff\"/>",
					       x->code_cases[k], x->cases, cn, cx, y, cell_w,
					       cell_h, bg);
				cdr_buf_printf(
					b,
					"<text x=\"%d\" y=\"%d\" font-size=\"11\" "
					"text-anchor=\"middle\" style=\"fill:#%06x\"%s>%.0f%%"
					"</text></g>\n",
					cx + cell_w / 2, y + 14,
					x->cases < 5 ? 0x595959 : ink_on(bg),
					x->cases < 5 ? " font-style=\"italic\"" : "", 100 * s);
			}
			y += cell_h;
		}
		cdr_buf_printf(b,
			       "</svg></div>\n<figcaption id=\"var-%s-cap\">Share of %s with each "
			       "code, per value of ",
			       id, cn);
		esc(b, v->name);
		cdr_buf_printf(b,
			       " (n in brackets; &dagger;: fewer than 5, not shaded). Darker is a "
			       "larger share; the darkest is %.0f%%. The table below holds the "
			       "counts.</figcaption>\n</figure>\n",
			       100 * top);
	}
	/* The table. */
	cdr_buf_adds(b, "<div class=\"scroll\"><table class=\"byvar\" data-var=\"");
	esc(b, v->name);
	cdr_buf_printf(b, "\">\n<caption>%c%s with each code, per value of ", cn[0] - 32, cn + 1);
	esc(b, v->name);
	cdr_buf_adds(b, "</caption>\n<thead><tr><th scope=\"col\">Code</th>");
	for (size_t i = 0; i < nv; i++) {
		const cdr_report_value *x = &v->values[i];
		cdr_buf_adds(b, "<th scope=\"col\" class=\"n\">");
		esc(b, x->value[0] ? x->value : "(empty)");
		cdr_buf_printf(b, "<br><span class=\"id\">n = %zu%s</span></th>", x->cases,
			       x->cases < 5 ? " &dagger;" : "");
	}
	cdr_buf_adds(b, "</tr></thead>\n<tbody>\n");
	for (size_t k = 0; k < r->ncodes; k++) {
		cdr_buf_adds(b, "<tr><th scope=\"row\">");
		esc(b, r->cb->codes[k].label);
		cdr_buf_adds(b, "</th>");
		for (size_t i = 0; i < nv; i++) {
			const cdr_report_value *x = &v->values[i];
			cdr_buf_adds(b, "<td class=\"n");
			if (x->cases < 5)
				cdr_buf_adds(b, " few");
			cdr_buf_adds(b, "\" data-code=\"");
			esc(b, r->cb->codes[k].id);
			cdr_buf_adds(b, "\" data-value=\"");
			esc(b, x->value);
			cdr_buf_printf(b, "\" data-cases=\"%zu\" data-of=\"%zu\">",
				       x->code_cases[k], x->cases);
			pct(b, x->code_cases[k], x->cases);
			cdr_buf_printf(b, " (%zu)%s</td>", x->code_cases[k],
				       x->cases < 5 ? "&dagger;" : "");
		}
		cdr_buf_adds(b, "</tr>\n");
	}
	cdr_buf_adds(b, "</tbody></table></div>\n</section>\n");
	cdr_buf_free(&sid);
}

/* ----------------------------------------------------------- co-occurrence --- */

typedef struct pair {
	size_t a, b, n;
	double jaccard;
} pair;

static int cmp_pair(const void *x, const void *y)
{
	const pair *p = x, *q = y;
	if (p->jaccard != q->jaccard)
		return p->jaccard > q->jaccard ? -1 : 1;
	if (p->n != q->n)
		return p->n > q->n ? -1 : 1;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	return p->b < q->b ? -1 : p->b > q->b;
}

static const cdr_report *sort_report;

static int cmp_by_units(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	size_t ua = sort_report->code[a].units, ub = sort_report->code[b].units;
	if (ua != ub)
		return ua > ub ? -1 : 1;
	return a < b ? -1 : a > b;
}

static uint32_t together(const cdr_report *r, size_t a, size_t b)
{
	if (a == b)
		return (uint32_t)r->code[a].units;
	if (a > b) {
		size_t t = a;
		a = b;
		b = t;
	}
	return r->cooc[b * (b - 1) / 2 + a];
}

static double jaccard(const cdr_report *r, size_t a, size_t b)
{
	double n = together(r, a, b);
	double u = (double)r->code[a].units + (double)r->code[b].units - n;
	return u > 0 ? n / u : 0;
}

#define COOC_CODES 30
#define COOC_PAIRS 20

static void render_cooc(const cdr_report *r, cdr_buf *b)
{
	const char *un = units_noun(r);
	cdr_buf_printf(b,
		       "<section id=\"cooccurrence\" aria-labelledby=\"cooc-h\">\n<h2 "
		       "id=\"cooc-h\">Codes that occur together</h2>\n<p>Two codes occur "
		       "together when both were applied to the same unit (%s). "
		       "<strong>Together</strong> counts those units; <strong>Jaccard</strong> "
		       "is that count divided by the units with either code (0: never together, "
		       "1: always).</p>\n",
		       un);
	if (!r->cooc) {
		cdr_buf_printf(b,
			       "<p class=\"note\">Not computed: the codebook has %s (at most %d "
			       "are counted).</p>\n</section>\n",
			       r->ncodes < 2 ? "fewer than two codes" : "too many codes",
			       CDR_REPORT_MAX_COOC_CODES);
		return;
	}
	/* The most used codes, for the heat map. */
	size_t *order = cdr_xcalloc(r->ncodes, sizeof *order), used = 0;
	for (size_t k = 0; k < r->ncodes; k++)
		if (r->code[k].units)
			order[used++] = k;
	sort_report = r;
	if (used > 1)
		qsort(order, used, sizeof *order, cmp_by_units);
	size_t shown = used < COOC_CODES ? used : COOC_CODES;
	/* The strongest pairs, over all codes. */
	pair *pairs = NULL;
	size_t np = 0, cap = 0;
	for (size_t q = 1; q < r->ncodes; q++)
		for (size_t p = 0; p < q; p++) {
			uint32_t n = r->cooc[q * (q - 1) / 2 + p];
			if (!n)
				continue;
			CDR_GROW(pairs, cap, np + 1);
			pairs[np++] = (pair){ p, q, n, jaccard(r, p, q) };
		}
	if (np > 1)
		qsort(pairs, np, sizeof *pairs, cmp_pair);
	if (shown >= 2) {
		const int label_w = 250, cell = 24, head_h = 150;
		int width = label_w + (int)shown * cell + 20,
		    height = head_h + (int)shown * cell + 8;
		double maxj = 0;
		for (size_t i = 0; i < shown; i++)
			for (size_t j = 0; j < i; j++) {
				double x = jaccard(r, order[i], order[j]);
				maxj = x > maxj ? x : maxj;
			}
		cdr_buf_printf(
			b,
			"<figure>\n<div class=\"scroll\"><svg class=\"chart\" viewBox=\"0 0 %d %d\" "
			"width=\"%d\" role=\"img\" aria-labelledby=\"cooc-cap\">\n",
			width, height, width);
		for (size_t i = 0; i < shown; i++) {
			const cdr_code *c = &r->cb->codes[order[i]];
			int cx = label_w + (int)i * cell + cell / 2;
			cdr_buf_printf(
				b,
				"<text x=\"%d\" y=\"%d\" font-size=\"11\" transform=\"rotate(-55 "
				"%d %d)\">",
				cx, head_h - 6, cx, head_h - 6);
			esc_cut(b, c->label, 26);
			cdr_buf_printf(b,
				       "</text>\n<text x=\"%d\" y=\"%d\" font-size=\"11\" "
				       "text-anchor=\"end\">",
				       label_w - 8, head_h + (int)i * cell + 16);
			esc_cut(b, c->label, 36);
			cdr_buf_adds(b, "</text>\n");
			for (size_t j = 0; j < i; j++) {
				size_t p = order[i], q = order[j];
				uint32_t n = together(r, p, q);
				double jac = jaccard(r, p, q);
				unsigned bg = n ? heat(maxj > 0 ? jac / maxj : 0) : 0xffffff;
				int x = label_w + (int)j * cell, y = head_h + (int)i * cell;
				cdr_buf_adds(b, "<g><title>");
				esc(b, c->label);
				cdr_buf_adds(b, " &amp; ");
				esc(b, r->cb->codes[q].label);
				cdr_buf_printf(
					b,
					": %u units together, Jaccard %.2f</title><rect x=\"%d\" "
					"y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#%06x\" "
					"stroke=\"#e4e4e4\"/>",
					n, jac, x, y, cell, cell, bg);
				if (n)
					cdr_buf_printf(
						b,
						"<text x=\"%d\" y=\"%d\" font-size=\"10\" "
						"text-anchor=\"middle\" style=\"fill:#%06x\">%u"
						"</text>",
						x + cell / 2, y + 16, ink_on(bg), n);
				cdr_buf_adds(b, "</g>\n");
			}
		}
		cdr_buf_printf(
			b,
			"</svg></div>\n<figcaption id=\"cooc-cap\">The %zu most used codes: "
			"the number in a cell is the units the two codes share; the shade is "
			"their Jaccard similarity (darkest: %.2f). The strongest pairs over all "
			"codes are listed below.</figcaption>\n</figure>\n",
			shown, maxj);
	}
	cdr_buf_adds(b, "<div class=\"scroll\"><table id=\"pairs\">\n<caption>The strongest pairs "
			"(by Jaccard, then units together)</caption>\n<thead><tr><th "
			"scope=\"col\">Code</th><th scope=\"col\">Code</th><th scope=\"col\" "
			"class=\"n\">Together</th><th scope=\"col\" class=\"n\">Units of the "
			"first</th><th scope=\"col\" class=\"n\">Units of the second</th><th "
			"scope=\"col\" class=\"n\">Jaccard</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < np && i < COOC_PAIRS; i++) {
		const pair *p = &pairs[i];
		cdr_buf_adds(b, "<tr data-pair=\"");
		esc(b, r->cb->codes[p->a].id);
		cdr_buf_adds(b, " ");
		esc(b, r->cb->codes[p->b].id);
		cdr_buf_printf(b, "\" data-together=\"%zu\"><td>", p->n);
		esc(b, r->cb->codes[p->a].label);
		cdr_buf_adds(b, "</td><td>");
		esc(b, r->cb->codes[p->b].label);
		cdr_buf_printf(b,
			       "</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td><td "
			       "class=\"n\">%zu</td><td class=\"n\">%.3f</td></tr>\n",
			       p->n, r->code[p->a].units, r->code[p->b].units, p->jaccard);
	}
	if (!np)
		cdr_buf_adds(b, "<tr><td colspan=\"6\">No unit holds two codes.</td></tr>\n");
	cdr_buf_adds(b, "</tbody></table></div>\n</section>\n");
	free(pairs);
	free(order);
}

/* ------------------------------------------------------- keyword in context --- */

typedef struct span_list {
	cdr_span *v;
	size_t count, cap;
} span_list;

/* Text t[a, b) with the spans 'm' (sorted, inside [a, b)) marked; white space
** runs shown as one space; "..." where the text goes on. */
static void marked(cdr_buf *out, const char *t, size_t len, size_t a, size_t b, const cdr_span *m,
		   size_t nm)
{
	if (a > 0)
		cdr_buf_adds(out, "\xE2\x80\xA6 ");
	size_t at = a;
	for (size_t i = 0; i < nm; i++) {
		if (m[i].start < at || m[i].end > b)
			continue;
		cdr_html_escape(out, t + at, m[i].start - at);
		cdr_buf_adds(out, "<mark>");
		cdr_html_escape(out, t + m[i].start, m[i].end - m[i].start);
		cdr_buf_adds(out, "</mark>");
		at = m[i].end;
	}
	cdr_html_escape(out, t + at, b - at);
	if (b < len)
		cdr_buf_adds(out, " \xE2\x80\xA6");
}

/* Move 'at' back (dir -1) or forward (+1) to a character boundary. */
static size_t boundary(const char *t, size_t len, size_t at, int dir)
{
	while (at > 0 && at < len && ((unsigned char)t[at] & 0xC0) == 0x80)
		at = dir < 0 ? at - 1 : at + 1;
	return at;
}

/* A window of about 'side' bytes each side of [ms, me) inside [a, b), cut at spaces. */
static void window(const char *t, size_t len, size_t a, size_t b, size_t ms, size_t me, size_t side,
		   size_t *wa, size_t *wb)
{
	size_t x = ms > a + side ? ms - side : a, y = me + side < b ? me + side : b;
	if (x > a) {
		size_t s = x;
		while (s < ms && t[s] != ' ' && t[s] != '\n')
			s++;
		x = s < ms ? s + 1 : x;
	}
	if (y < b) {
		size_t s = y;
		while (s > me && t[s] != ' ' && t[s] != '\n')
			s--;
		y = s > me ? s : y;
	}
	*wa = boundary(t, len, x, +1);
	*wb = boundary(t, len, y, -1);
}

static int cmp_sample(const void *x, const void *y)
{
	const cdr_report_sample *p = x, *q = y;
	if (!p->text || !q->text)
		return p->text ? -1 : q->text ? 1 : 0;
	int c = strcmp(p->source, q->source);
	if (c)
		return c;
	c = strcmp(p->unit, q->unit);
	if (c)
		return c;
	return p->cs < q->cs ? -1 : p->cs > q->cs;
}

static void render_sample(const cdr_report *r, size_t k, const cdr_report_sample *s,
			  cdr_coder *coder, cdr_seg *seg, cdr_buf *b)
{
	size_t len = strlen(s->text);
	span_list m = { 0 };
	if (s->whole_match) {
		CDR_GROW(m.v, m.cap, 1);
		m.v[m.count++] = (cdr_span){ s->cs, s->ce };
	} else if (coder) {
		cdr_doc doc = { "sample", s->text, len, CDR_ENC_UTF8 };
		cdr_codings cs = CDR_CODINGS_INIT;
		cdr_coder_stats st = { 0 };
		cdr_diag d = CDR_DIAG_INIT;
		if (cdr_coder_run(coder, &doc, &cs, &st, &d) == CDR_OK)
			for (size_t i = 0; i < cs.count; i++) {
				const cdr_coding *c = &cs.v[i];
				if (c->code != k || c->bstart < s->cs || c->bend > s->ce)
					continue;
				if (m.count && c->bstart < m.v[m.count - 1].end)
					continue; /* overlapping: keep the first */
				CDR_GROW(m.v, m.cap, m.count + 1);
				m.v[m.count++] = (cdr_span){ c->bstart, c->bend };
			}
		cdr_codings_free(&cs);
		cdr_diag_free(&d);
	}
	/* The sentence of the first mark, else the start of the coded span. */
	size_t a = s->cs, z = s->ce;
	if (m.count) {
		a = m.v[0].start;
		z = m.v[0].end;
		cdr_spans sent = CDR_SPANS_INIT;
		if (seg && cdr_seg_sentences(seg, s->text, 0, len, &sent) == CDR_OK) {
			for (size_t i = 0; i < sent.count; i++)
				if (sent.v[i].start <= m.v[0].start &&
				    m.v[0].start < sent.v[i].end) {
					a = sent.v[i].start;
					z = sent.v[i].end > m.v[0].end ? sent.v[i].end : m.v[0].end;
					break;
				}
		}
		cdr_spans_free(&sent);
		if (z - a > 420 || a == m.v[0].start)
			window(s->text, len, a == m.v[0].start ? s->cs : a,
			       z == m.v[0].end ? s->ce : z, m.v[0].start, m.v[0].end, 160, &a, &z);
	} else if (z - a > 320) {
		z = boundary(s->text, len, a + 320, -1);
	}
	cdr_buf_adds(b, "<li><q>");
	marked(b, s->text, len, a, z, m.v, m.count);
	cdr_buf_adds(b, "</q><span class=\"src\">");
	esc(b, s->source);
	cdr_buf_printf(b, " &middot; %s", s->unit);
	if (s->question && s->question[0]) {
		cdr_buf_adds(b, " &middot; ");
		esc_cut(b, s->question, 90);
	}
	cdr_buf_adds(b, "</span></li>\n");
	free(m.v);
	(void)r;
}

static void render_kwic(cdr_report *r, cdr_buf *b)
{
	cdr_buf_printf(
		b,
		"<section id=\"samples\" aria-labelledby=\"samples-h\">\n<h2 "
		"id=\"samples-h\">Keyword in context</h2>\n<p>Up to %d units per code, "
		"drawn at random (reservoir sampling, seed %llu: the same run gives the same "
		"sample), each shown by the sentence of its first match with the words "
		"that matched <mark>marked</mark>, and where it is: the source and the "
		"unit (p3: paragraph 3; p3.s2: its second sentence; t4: turn 4).</p>\n",
		CDR_REPORT_SAMPLES, r->opt.seed);
	cdr_diag d = CDR_DIAG_INIT;
	cdr_coder *coder = NULL;
	cdr_seg *seg = NULL;
	if (r->opt.matcher && cdr_coder_new(r->opt.matcher, CDR_UNIT_MATCH, &coder, &d) != CDR_OK)
		coder = NULL;
	if (cdr_seg_new(&seg, &d) != CDR_OK)
		seg = NULL;
	cdr_diag_free(&d);
	size_t none = 0;
	for (size_t k = 0; k < r->ncodes; k++) {
		const cdr_code *c = &r->cb->codes[k];
		if (!r->code[k].units) {
			none++;
			continue;
		}
		cdr_report_sample *s = &r->samples[k * CDR_REPORT_SAMPLES];
		qsort(s, CDR_REPORT_SAMPLES, sizeof *s, cmp_sample);
		cdr_buf_adds(b, "<h3 id=\"kwic-");
		id_part(b, c->id);
		cdr_buf_printf(b, "\"><span class=\"sw\" style=\"background:#%06x\"></span>",
			       code_colour(r, k));
		esc(b, c->label);
		cdr_buf_adds(b, " <span class=\"id\">");
		esc(b, c->id);
		cdr_buf_printf(b, " &middot; %zu unit%s</span></h3>\n<ol class=\"kwic\">\n",
			       r->code[k].units, r->code[k].units == 1 ? "" : "s");
		for (size_t i = 0; i < CDR_REPORT_SAMPLES; i++)
			if (s[i].text)
				render_sample(r, k, &s[i], coder, seg, b);
		cdr_buf_adds(b, "</ol>\n");
	}
	if (none) {
		cdr_buf_printf(b, "<p class=\"note\">Not applied anywhere (%zu): ", none);
		int first = 1;
		for (size_t k = 0; k < r->ncodes; k++) {
			if (r->code[k].units)
				continue;
			cdr_buf_adds(b, first ? "" : ", ");
			esc(b, r->cb->codes[k].label);
			first = 0;
		}
		cdr_buf_adds(b, ".</p>\n");
	}
	cdr_coder_free(coder);
	cdr_seg_free(seg);
	cdr_buf_adds(b, "</section>\n");
}

/* ---------------------------------------------------------------- coverage --- */

/* An example's text lower-cased, white space runs as one space, with a map from
** each of its bytes back to the original. */
typedef struct lowered {
	char *text;
	size_t len;
	size_t *map; /* len + 1 entries */
} lowered;

static void lower_example(const char *s, lowered *out)
{
	size_t n = strlen(s);
	cdr_buf b = CDR_BUF_INIT;
	size_t *map = cdr_xcalloc(4 * n + 2, sizeof *map);
	size_t i = 0;
	int space = 0;
	while (i < n) {
		size_t l;
		uint32_t cp = (unsigned char)s[i] < 0x80
				      ? (l = 1, (unsigned char)s[i])
				      : cdr_utf8_decode((const unsigned char *)s + i, &l);
		if (cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0xa0) {
			if (!space) {
				map[b.len] = i;
				cdr_buf_addc(&b, ' ');
			}
			space = 1;
			i += l;
			continue;
		}
		space = 0;
		if (cp == 0x2019)
			cp = '\'';
		cp = cp < 0x80 ? (cp >= 'A' && cp <= 'Z' ? cp + 32 : cp)
			       : (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
		size_t before = b.len;
		cdr_buf_add_cp(&b, cp);
		for (size_t j = before; j < b.len; j++)
			map[j] = i;
		i += l;
	}
	map[b.len] = n;
	out->len = b.len;
	out->text = cdr_buf_take(&b);
	if (!out->text)
		out->text = cdr_xstrdup("");
	out->map = map;
}

static int word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80 || c == '-' ||
	       c == '\'';
}

/* Where 'term' occurs in 'l' as whole words: the offset, or (size_t)-1. */
static size_t find_term(const lowered *l, const char *term, size_t tn)
{
	const char *p = l->text, *end = l->text + l->len;
	while (p + tn <= end) {
		const char *hit = memmem(p, (size_t)(end - p), term, tn);
		if (!hit)
			return (size_t)-1;
		size_t at = (size_t)(hit - l->text);
		if ((at == 0 || !word_byte((unsigned char)l->text[at - 1])) &&
		    (at + tn == l->len || !word_byte((unsigned char)l->text[at + tn])))
			return at;
		p = hit + 1;
	}
	return (size_t)-1;
}

static void render_terms(const cdr_report *r, const cdr_key_term *t, size_t n, int phrases,
			 const lowered *low, const cdr_keyness_totals *tot, cdr_buf *b)
{
	const char *what = phrases ? "Phrases" : "Words";
	cdr_buf_printf(b, "<h3>%s</h3>\n", what);
	if (!n) {
		cdr_buf_printf(b, "<p class=\"note\">None stands out (at least 3 times in uncoded "
				  "text, G&sup2; &ge; 3.84).</p>\n");
		return;
	}
	cdr_buf_printf(
		b,
		"<div class=\"scroll\"><table class=\"keyness\" data-kind=\"%s\">\n<thead><tr>"
		"<th scope=\"col\">%s</th><th scope=\"col\" class=\"n\">Uncoded</th><th "
		"scope=\"col\" class=\"n\">per 10,000</th><th scope=\"col\" "
		"class=\"n\">Coded</th><th scope=\"col\" class=\"n\">per 10,000</th><th "
		"scope=\"col\" class=\"n\">G&sup2;</th><th scope=\"col\">Examples from "
		"uncoded units</th></tr></thead>\n<tbody>\n",
		phrases ? "phrases" : "words", phrases ? "Phrase" : "Word");
	for (size_t i = 0; i < n; i++) {
		cdr_buf_adds(b, "<tr><th scope=\"row\">");
		esc(b, t[i].term);
		cdr_buf_printf(
			b,
			"</th><td class=\"n\">%llu</td><td class=\"p\">%.1f</td><td "
			"class=\"n\">%llu</td><td class=\"p\">%.1f</td><td "
			"class=\"n\">%.1f</td><td>",
			(unsigned long long)t[i].target,
			tot->tokens[1] ? 1e4 * (double)t[i].target / (double)tot->tokens[1] : 0.0,
			(unsigned long long)t[i].reference,
			tot->tokens[0] ? 1e4 * (double)t[i].reference / (double)tot->tokens[0]
				       : 0.0,
			t[i].g2);
		size_t tn = strlen(t[i].term), shown = 0;
		for (size_t e = 0; e < CDR_REPORT_EXAMPLES && shown < 2; e++) {
			const cdr_report_example *x = &r->examples[e];
			if (!x->text)
				continue;
			size_t at = find_term(&low[e], t[i].term, tn);
			if (at == (size_t)-1)
				continue;
			size_t ms = low[e].map[at], me = low[e].map[at + tn], len = strlen(x->text);
			if (at + tn < low[e].len)
				me = low[e].map[at + tn];
			else
				me = len;
			while (me > ms && (x->text[me - 1] == ' ' || x->text[me - 1] == '\n'))
				me--;
			size_t a, z;
			window(x->text, len, 0, len, ms, me, 70, &a, &z);
			cdr_span m = { ms, me };
			cdr_buf_adds(b, "<p class=\"ex\">");
			marked(b, x->text, len, a, z, &m, 1);
			cdr_buf_adds(b, " <span class=\"src\">");
			esc(b, x->source);
			cdr_buf_adds(b, "</span></p>");
			shown++;
		}
		if (!shown)
			cdr_buf_adds(b, "<span class=\"note\">none in the sample</span>");
		cdr_buf_adds(b, "</td></tr>\n");
	}
	cdr_buf_adds(b, "</tbody></table></div>\n");
}

#define KEY_TERMS 20

static void render_coverage(cdr_report *r, cdr_buf *b)
{
	const char *un = units_noun(r);
	size_t not_coded = r->units - r->units_coded;
	cdr_keyness_totals tot;
	cdr_keyness_get_totals(r->keyness, &tot);
	cdr_buf_printf(b,
		       "<section id=\"coverage\" aria-labelledby=\"coverage-h\">\n<h2 "
		       "id=\"coverage-h\">Coverage: what the codebook does not reach</h2>\n<p "
		       "class=\"lead\"><strong data-run=\"coverage_not_coded\">%zu</strong> of %zu "
		       "%s (",
		       not_coded, r->units, un);
	pct(b, not_coded, r->units);
	cdr_buf_printf(b,
		       ") got no code.</p>\n<p>Words and two-word phrases that are more frequent "
		       "in uncoded text than in coded units, by log-likelihood G&sup2; (keyness; "
		       "3.84 is p &lt; 0.05, 10.83 p &lt; 0.001): candidates for new rules or "
		       "codes. Counted over %llu words of uncoded text and %llu of coded units; a "
		       "phrase is two words in a row that are not stop words (de, het, van, "
		       "...). Examples come from ",
		       (unsigned long long)tot.tokens[1], (unsigned long long)tot.tokens[0]);
	if (r->stretches > CDR_REPORT_EXAMPLES)
		cdr_buf_printf(
			b,
			"a random sample of %d of the %zu uncoded stretches (a paragraph, or the "
			"uncoded part of one)",
			CDR_REPORT_EXAMPLES, r->stretches);
	else
		cdr_buf_printf(
			b, "all %zu uncoded stretches (a paragraph, or the uncoded part of one)",
			r->stretches);
	cdr_buf_adds(b, ".</p>\n");
	if (tot.left_out || tot.phrases_left_out)
		cdr_buf_printf(b,
			       "<p class=\"note\">The word table held its maximum of %u distinct "
			       "words (%u phrases): %llu words and %llu phrases met after that for "
			       "the first time were not counted.</p>\n",
			       CDR_KEYNESS_MAX_WORDS, CDR_KEYNESS_MAX_PHRASES,
			       (unsigned long long)tot.left_out,
			       (unsigned long long)tot.phrases_left_out);
	lowered *low = cdr_xcalloc(CDR_REPORT_EXAMPLES, sizeof *low);
	for (size_t e = 0; e < CDR_REPORT_EXAMPLES; e++)
		if (r->examples[e].text)
			lower_example(r->examples[e].text, &low[e]);
	cdr_key_term t[KEY_TERMS];
	size_t n = cdr_keyness_top(r->keyness, 0, KEY_TERMS, 3, t);
	render_terms(r, t, n, 0, low, &tot, b);
	n = cdr_keyness_top(r->keyness, 1, KEY_TERMS, 3, t);
	render_terms(r, t, n, 1, low, &tot, b);
	for (size_t e = 0; e < CDR_REPORT_EXAMPLES; e++) {
		free(low[e].text);
		free(low[e].map);
	}
	free(low);
	cdr_buf_adds(b, "</section>\n");
}

/* ------------------------------------------------------------------- page --- */

void cdr_report_render(cdr_report *r, cdr_buf *b)
{
	cdr_report_finish(r);
	const char *name = r->cb->name ? r->cb->name : "codeer";
	cdr_buf_adds(
		b,
		"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		"style-src 'unsafe-inline'\">\n<meta name=\"generator\" content=\"codeer " PACKAGE_VERSION
		"\">\n<title>Coding report: ");
	esc(b, name);
	cdr_buf_printf(b,
		       "</title>\n<style>\n%s</style>\n</head>\n<body>\n<header>\n<h1>Coding "
		       "report<small>",
		       style);
	esc(b, name);
	const char *cn = cases_noun(r, 1), *un = units_noun(r);
	cdr_buf_printf(b, "</small></h1>\n<p class=\"lead\">%zu %s, %zu %s, of which %zu (",
		       r->cases, cn, r->units, un, r->units_coded);
	pct(b, r->units_coded, r->units);
	cdr_buf_printf(b,
		       ") got at least one of the %zu codes; %zu codings in all.</p>\n</header>\n",
		       r->ncodes, r->codings);
	cdr_buf_adds(b, "<nav aria-label=\"Contents\"><ol>\n<li><a href=\"#run\">The run</a></li>\n"
			"<li><a href=\"#codes\">Codes by group</a></li>\n");
	for (size_t v = 0; v < r->nvars; v++) {
		cdr_buf_adds(b, "<li><a href=\"#var-");
		id_part(b, r->vars[v].name);
		cdr_buf_adds(b, "\">By ");
		esc(b, r->vars[v].name);
		cdr_buf_adds(b, "</a></li>\n");
	}
	cdr_buf_adds(b, "<li><a href=\"#cooccurrence\">Codes together</a></li>\n<li><a "
			"href=\"#samples\">Keyword in context</a></li>\n<li><a "
			"href=\"#coverage\">Coverage</a></li>\n</ol></nav>\n<main>\n");
	render_run(r, b);
	render_codes(r, b);
	for (size_t v = 0; v < r->nvars; v++)
		render_var(r, v, b);
	render_cooc(r, b);
	render_kwic(r, b);
	render_coverage(r, b);
	cdr_buf_adds(b, "</main>\n<footer>Written by codeer " PACKAGE_VERSION
			" (<code>codeer code -o report.html</code>). Every share says what it is "
			"of; doc/report.md explains each section.</footer>\n</body>\n</html>\n");
}
