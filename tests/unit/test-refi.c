/*
** test-refi.c -- REFI-QDA export and import: SHA-1 and name-based UUIDs, .qdpx,
** .qde and .qdc valid against the official schemas (tests/data/refi-qda), byte-
** identical re-exports, exact positions (astral characters, CRLF, CR, a byte order
** mark, UTF-16 units), round trips, files "written by another tool", and hostile
** archives that must give errors, never crashes.
*/
#include "config.h"

#include "coder.h"
#include "refi_read.h"
#include "refi_write.h"
#include "sha1.h"
#include "tap.h"
#include "utf8.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <zip.h>

#ifndef TOP_SRCDIR
#define TOP_SRCDIR "."
#endif

static char tmpdir[64];

static const char *tmp(const char *name)
{
	static char buf[8][256];
	static int k;
	k = (k + 1) % 8;
	snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, name);
	return buf[k];
}

/* The top of the source tree: $TOP_SRCDIR (set by the test harness) or TOP_SRCDIR. */
static const char *top(void)
{
	const char *t = getenv("TOP_SRCDIR");
	return t && *t ? t : TOP_SRCDIR;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	cdr_buf b = CDR_BUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		cdr_buf_add(&b, chunk, n);
	fclose(fp);
	if (len)
		*len = b.len;
	return cdr_buf_take(&b);
}

static void spew(const char *path, const char *p, size_t n)
{
	FILE *fp = fopen(path, "wb");
	if (!fp)
		return;
	fwrite(p, 1, n, fp);
	fclose(fp);
}

/* An entry of a zip archive, whole (NULL if absent). */
static char *zip_entry(const char *path, const char *name, size_t *len)
{
	int err;
	zip_t *za = zip_open(path, ZIP_RDONLY, &err);
	if (!za)
		return NULL;
	zip_stat_t st;
	char *p = NULL;
	if (zip_stat(za, name, 0, &st) == 0) {
		zip_file_t *f = zip_fopen(za, name, 0);
		p = cdr_xmalloc((size_t)st.size + 1);
		zip_int64_t got = f ? zip_fread(f, p, st.size) : -1;
		if (f)
			zip_fclose(f);
		if (got != (zip_int64_t)st.size) {
			free(p);
			p = NULL;
		} else {
			p[st.size] = '\0';
			if (len)
				*len = (size_t)st.size;
		}
	}
	zip_discard(za);
	return p;
}

/* Make a zip archive of n entries (stored uncompressed if 'store'). */
static int make_zip(const char *path, const char *const *names, const char *const *data, size_t n,
		    int store)
{
	int err;
	zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	if (!za)
		return 0;
	for (size_t i = 0; i < n; i++) {
		zip_source_t *s = zip_source_buffer(za, data[i], strlen(data[i]), 0);
		zip_int64_t k = s ? zip_file_add(za, names[i], s, ZIP_FL_ENC_UTF_8) : -1;
		if (k < 0) {
			zip_source_free(s);
			zip_discard(za);
			return 0;
		}
		if (store)
			zip_set_file_compression(za, (zip_uint64_t)k, ZIP_CM_STORE, 0);
	}
	return zip_close(za) == 0;
}

/* 1 if the XML text x[0..n) is valid against the schema file 'xsd'. */
static int schema_valid(const char *xsd, const char *x, size_t n)
{
	xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(xsd);
	xmlSchemaPtr schema = pc ? xmlSchemaParse(pc) : NULL;
	xmlSchemaValidCtxtPtr vc = schema ? xmlSchemaNewValidCtxt(schema) : NULL;
	xmlDocPtr doc = xmlReadMemory(x, (int)n, "test.xml", NULL, XML_PARSE_NONET);
	int ok = vc && doc && xmlSchemaValidateDoc(vc, doc) == 0;
	xmlFreeDoc(doc);
	xmlSchemaFreeValidCtxt(vc);
	xmlSchemaFree(schema);
	xmlSchemaFreeParserCtxt(pc);
	return ok;
}

static const char *project_xsd(void)
{
	static char p[512];
	snprintf(p, sizeof p, "%s/tests/data/refi-qda/Project-mrt2019.xsd", top());
	return p;
}

static const char *codebook_xsd(void)
{
	static char p[512];
	snprintf(p, sizeof p, "%s/tests/data/refi-qda/Codebook.xsd", top());
	return p;
}

static int count_of(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

/* ------------------------------------------------------------- SHA-1 --- */

static void sha1_is(const void *p, size_t n, size_t times, const char *want, const char *what)
{
	unsigned char dig[CDR_SHA1_LEN];
	char hex[41];
	cdr_sha1 s;
	cdr_sha1_init(&s);
	for (size_t i = 0; i < times; i++)
		cdr_sha1_update(&s, p, n);
	cdr_sha1_final(&s, dig);
	for (int i = 0; i < CDR_SHA1_LEN; i++)
		snprintf(hex + 2 * i, 3, "%02x", dig[i]);
	is_str(hex, want, "SHA-1 %s", what);
}

static void test_sha1(void)
{
	/* RFC 3174 section 7.3 */
	sha1_is("abc", 3, 1, "a9993e364706816aba3e25717850c26c9cd0d89d", "test 1");
	sha1_is("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, 1,
		"84983e441c3bd26ebaae4aa1f95129e5e54670f1", "test 2");
	sha1_is("a", 1, 1000000, "34aa973cd4c4daa4f61eeb2bdbad27316534016f", "test 3");
	sha1_is("0123456701234567012345670123456701234567012345670123456701234567", 64, 10,
		"dea356a2cddd90c7a7ecedc5ebb563934f460452", "test 4");
	sha1_is("", 0, 1, "da39a3ee5e6b4b0d3255bfef95601890afd80709", "empty");

	char u[37];
	/* Python: uuid.uuid5(uuid.UUID('5bcf6aac-8589-4ec5-a47e-db89fa09086e'), 'abc') */
	cdr_refi_uuid("abc", 3, u);
	is_str(u, "3780ab2d-9abb-5053-8910-675378026067", "UUID v5 agrees with Python's uuid5");
	cdr_refi_uuid("user\ncodeer", 11, u);
	is_str(u, "bf482606-875c-5ea1-860b-db78ebb720d3", "UUID v5 of the user");
}

/* ------------------------------------------------------------ fixtures --- */

static const char codebook_text[] =
	"codebook: Samenwerking & ondermijning\n"
	"code: sam\n"
	"  label: Samenwerking\n"
	"  group: Kennen-kunnen-willen / Willen\n"
	"  colour: #1f77b4\n"
	"  definition: Samenwerking tussen partners, <ook> \"publiek-privaat\" & meer.\n"
	"  glob: samenwerk*\n"
	"code: crim\n"
	"  label: Criminaliteit\n"
	"  group: Kennen-kunnen-willen\n"
	"  colour: #d62728\n"
	"  glob: *criminaliteit\n"
	"code: partners\n"
	"  label: Samenwerking\n"
	"  word: partners\n"
	"code: onderzoek\n"
	"  label: Willen\n"
	"  group: Kennen-kunnen-willen\n"
	"  definition: Onderzoek en evaluatie.\n"
	"  glob: onderzoek*\n";

typedef struct fixture {
	cdr_codebook *cb;
	cdr_matcher *m;
	cdr_coder *c;
	cdr_doc docs[4];
	cdr_codings cs[4];
	size_t ndocs;
} fixture;

/* Replace every "\n" of t by 'eol', and every 'word' by 'pre' + 'word'. */
static char *rewrite(const char *t, size_t n, const char *eol, const char *word, const char *pre)
{
	cdr_buf b = CDR_BUF_INIT;
	size_t wl = word ? strlen(word) : 0;
	for (size_t i = 0; i < n; i++) {
		if (t[i] == '\n') {
			cdr_buf_adds(&b, eol);
		} else if (wl && strncmp(t + i, word, wl) == 0) {
			cdr_buf_adds(&b, pre);
			cdr_buf_add(&b, t + i, wl);
			i += wl - 1;
		} else {
			cdr_buf_addc(&b, t[i]);
		}
	}
	return cdr_buf_take(&b);
}

static int add_doc(fixture *f, const char *name, const char *raw, size_t n)
{
	cdr_diag d = CDR_DIAG_INIT;
	cdr_coder_stats st = { 0 };
	size_t k = f->ndocs;
	int ok = cdr_doc_decode(name, raw, n, &f->docs[k], &d) == CDR_OK;
	if (ok) {
		f->ndocs++;
		ok = cdr_coder_run(f->c, &f->docs[k], &f->cs[k], &st, &d) == CDR_OK;
	}
	cdr_diag_free(&d);
	return ok;
}

static int fixture_init(fixture *f)
{
	cdr_diag d = CDR_DIAG_INIT;
	memset(f, 0, sizeof *f);
	int ok = cdr_codebook_parse("t.codebook", codebook_text, strlen(codebook_text), &f->cb,
				    &d) == CDR_OK &&
		 cdr_matcher_new(f->cb, &f->m, &d) == CDR_OK &&
		 cdr_coder_new(f->m, CDR_UNIT_MATCH, &f->c, &d) == CDR_OK;
	cdr_diag_free(&d);
	if (!ok)
		return 0;

	char path[512];
	size_t n0, n4;
	snprintf(path, sizeof path, "%s/corpora/seeds/000_a8167812eabb9f98.txt", top());
	char *s0 = slurp(path, &n0);
	snprintf(path, sizeof path, "%s/corpora/seeds/004_3a2ab346d2f05ff7.txt", top());
	char *s4 = slurp(path, &n4);
	if (!s0 || !s4) {
		free(s0);
		free(s4);
		return 0;
	}
	/* 1: a seed as it is (LF). */
	ok = add_doc(f, "seed-000.txt", s0, n0);
	/* 2: a BOM, CRLF, and emoji (astral) before the coded words. */
	char *t = rewrite(s4, n4, "\r\n", "samenwerk", "\xF0\x9F\xA4\x9D ");
	cdr_buf b = CDR_BUF_INIT;
	cdr_buf_adds(&b, "\xEF\xBB\xBF\xF0\x9F\x99\x82 ");
	cdr_buf_adds(&b, t);
	ok = ok && add_doc(f, "seed-004-crlf-bom.txt", b.data, b.len);
	free(t);
	cdr_buf_reset(&b);
	/* 3: old Mac CR line ends, a mathematical letter before criminaliteit. */
	t = rewrite(s0, 3000, "\r", "criminaliteit", "\xF0\x9D\x94\xB8");
	ok = ok && add_doc(f, "seed-000-cr.txt", t, strlen(t));
	free(t);
	cdr_buf_free(&b);
	free(s0);
	free(s4);
	return ok;
}

static void fixture_free(fixture *f)
{
	for (size_t i = 0; i < f->ndocs; i++) {
		cdr_doc_free(&f->docs[i]);
		cdr_codings_free(&f->cs[i]);
	}
	cdr_coder_free(f->c);
	cdr_matcher_free(f->m);
	cdr_codebook_free(f->cb);
}

/* The text of the original span [a, b) (code points) as written out: CRLF and CR
** as LF. */
static char *span_written(const cdr_doc *doc, size_t a, size_t b)
{
	size_t x = cdr_utf8_offset(doc->text, doc->len, a);
	size_t y = cdr_utf8_offset(doc->text, doc->len, b);
	cdr_buf o = CDR_BUF_INIT;
	for (size_t i = x; i < y; i++) {
		if (doc->text[i] == '\r') {
			if (i + 1 < doc->len && doc->text[i + 1] == '\n')
				continue;
			cdr_buf_addc(&o, '\n');
		} else {
			cdr_buf_addc(&o, doc->text[i]);
		}
	}
	return cdr_buf_take(&o);
}

static const cdr_refi_var vars1[] = { { "leeftijd", "34" },
				      { "score", "3.5" },
				      { "actief", "true" },
				      { "datum", "2021-05-01" },
				      { "organisatie", "politie & justitie" },
				      { "postcode", "0612" } };
static const cdr_refi_var vars2[] = { { "leeftijd", "41" },          { "score", "4" },
				      { "actief", "false" },         { "datum", "2021-06-30" },
				      { "organisatie", "gemeente" }, { "postcode", "1234" } };
static const cdr_refi_var vars3[] = { { "bron", "web" } };

static cdr_rc export_qdpx(fixture *f, const char *path, const cdr_refi_options *opt, cdr_diag *d)
{
	cdr_qdpx_writer *w;
	cdr_rc rc = cdr_qdpx_open(path, f->cb, opt, &w, d);
	if (rc != CDR_OK)
		return rc;
	const char **desc = cdr_xcalloc(f->cs[0].count + 1, sizeof *desc);
	for (size_t i = 0; i < f->cs[0].count; i++)
		desc[i] = i % 2 ? "polariteit: positief" : NULL;
	rc = cdr_qdpx_add(w, &f->docs[0], NULL, &f->cs[0], desc, "respondent 1", vars1, 6, d);
	free(desc);
	if (rc == CDR_OK)
		rc = cdr_qdpx_add(w, &f->docs[1], "seed 004", &f->cs[1], NULL, "respondent 2",
				  vars2, 6, d);
	if (rc == CDR_OK)
		rc = cdr_qdpx_add(w, &f->docs[2], NULL, &f->cs[2], NULL, NULL, vars3, 1, d);
	if (rc != CDR_OK) {
		cdr_qdpx_discard(w);
		return rc;
	}
	return cdr_qdpx_close(w, d);
}

/* ----------------------------------------------------------------- export --- */

/* The distinct (start, end) of the fixture's codings, per document. */
static size_t passages(const fixture *f)
{
	size_t n = 0;
	for (size_t i = 0; i < f->ndocs; i++)
		for (size_t k = 0; k < f->cs[i].count; k++) {
			const cdr_coding *c = &f->cs[i].v[k];
			int seen = 0;
			for (size_t j = 0; j < k && !seen; j++)
				seen = f->cs[i].v[j].start == c->start &&
				       f->cs[i].v[j].end == c->end;
			n += !seen;
		}
	return n;
}

static void test_export(fixture *f)
{
	cdr_diag d = CDR_DIAG_INIT;
	cdr_refi_options opt = { 0 };
	ok(f->cs[0].count > 10 && f->cs[1].count > 3 && f->cs[2].count > 3,
	   "the fixtures have codings (%zu, %zu, %zu)", f->cs[0].count, f->cs[1].count,
	   f->cs[2].count);

	is_num(export_qdpx(f, tmp("a.qdpx"), &opt, &d), CDR_OK, "export .qdpx");
	is_num(d.errors, 0, "no errors");
	size_t n;
	char *qde = zip_entry(tmp("a.qdpx"), "project.qde", &n);
	ok(qde != NULL, "the archive holds project.qde");
	if (!qde)
		return;
	ok(schema_valid(project_xsd(), qde, n), "project.qde is valid against Project-mrt2019.xsd");
	ok(strstr(qde, "origin=\"codeer ") != NULL, "Project/@origin is set");
	ok(strstr(qde, "name=\"Samenwerking &amp; ondermijning\"") != NULL,
	   "the project is named after the codebook");
	ok(strstr(qde, "creationDateTime") == NULL, "no timestamps unless asked");
	ok(strstr(qde, "\xEF\xBB\xBF") == NULL, "no BOM in project.qde");
	is_num(count_of(qde, " name=\"Samenwerking\""), 1, "code names are unique");
	ok(strstr(qde, "name=\"Samenwerking [partners]\"") != NULL,
	   "a repeated label is told apart by its id");
	ok(strstr(qde, "name=\"Willen [onderzoek]\"") != NULL,
	   "a code named like a group is told apart by its id");
	is_num(count_of(qde, "isCodable=\"false\""), 2, "two groups, as folders");
	ok(strstr(qde, "color=\"#1f77b4\"") != NULL, "colours");
	ok(strstr(qde, "<Description>Samenwerking tussen partners, &lt;ook&gt; \"publiek-privaat\" "
		       "&amp; meer.</Description>") != NULL,
	   "definitions as Description, escaped");
	ok(strstr(qde, "<Description>Samenwerking (glob: samenwerk*)</Description>") != NULL,
	   "the code and its rule in the selection's Description");
	ok(strstr(qde, "; polariteit: positief)</Description>") != NULL,
	   "a per-coding description follows the rule");
	ok(strstr(qde, "typeOfVariable=\"Integer\"") && strstr(qde, "typeOfVariable=\"Float\"") &&
		   strstr(qde, "typeOfVariable=\"Boolean\"") &&
		   strstr(qde, "typeOfVariable=\"Date\""),
	   "variables typed Integer, Float, Boolean, Date");
	ok(strstr(qde, "<IntegerValue>34</IntegerValue>") &&
		   strstr(qde, "<FloatValue>4</FloatValue>") &&
		   strstr(qde, "<DateValue>2021-06-30</DateValue>") &&
		   strstr(qde, "<TextValue>politie &amp; justitie</TextValue>") &&
		   strstr(qde, "<TextValue>0612</TextValue>"),
	   "values in the element of their type; '0612' stays text");
	is_num(count_of(qde, "<Case "), 3, "two named cases and one unnamed");
	is_num(count_of(qde, "<SourceRef "), 3, "each case refers to its source");
	is_num(count_of(qde, "<TextSource "), 3, "three sources");
	size_t total = f->cs[0].count + f->cs[1].count + f->cs[2].count;
	is_num(count_of(qde, "<PlainTextSelection "), passages(f), "one selection per passage");
	is_num(count_of(qde, "<Coding "), total, "one Coding per coding");
	ok(strstr(qde, "name=\"seed-000.txt\"") && strstr(qde, "name=\"seed 004\"") &&
		   !strstr(qde, "<Description>seed"),
	   "names without '/' as they are, without a Description");

	/* GUIDs are lower case, without braces, and unique. */
	int bad = 0, dup = 0;
	char **seen = cdr_xcalloc(4 * total + 64, sizeof *seen);
	size_t nseen = 0;
	for (const char *p = qde; (p = strstr(p, " guid=\"")); p += 7) {
		const char *g = p + 7;
		for (int i = 0; i < 36; i++)
			if (!strchr("0123456789abcdef-", g[i]))
				bad++;
		if (g[36] != '"')
			bad++;
		for (size_t i = 0; i < nseen; i++)
			if (strncmp(seen[i], g, 36) == 0)
				dup++;
		seen[nseen++] = (char *)g;
	}
	free(seen);
	ok(nseen > total && !bad && !dup, "%zu GUIDs, lower case, unique", nseen);

	/* Each source file: the text without BOM, CR, with LF. */
	int files_ok = 1;
	for (const char *p = qde; (p = strstr(p, "plainTextPath=\"internal://")); p++) {
		char name[64];
		snprintf(name, sizeof name, "sources/%.40s", p + 26);
		size_t tl;
		char *txt = zip_entry(tmp("a.qdpx"), name, &tl);
		if (!txt || strlen(name) != 48 || strcmp(name + 44, ".txt") != 0 ||
		    memchr(txt, '\r', tl) || (tl >= 3 && memcmp(txt, "\xEF\xBB\xBF", 3) == 0))
			files_ok = 0;
		free(txt);
	}
	ok(files_ok, "sources/<guid>.txt: lower case, UTF-8 without BOM, LF line ends");
	free(qde);

	/* Byte-identical, also in another time zone and a second later. */
	const char *tz = getenv("TZ");
	char *oldtz = tz ? cdr_xstrdup(tz) : NULL;
	setenv("TZ", "America/St_Johns", 1);
	tzset();
	is_num(export_qdpx(f, tmp("b.qdpx"), &opt, &d), CDR_OK, "export again");
	if (oldtz)
		setenv("TZ", oldtz, 1);
	else
		unsetenv("TZ");
	tzset();
	free(oldtz);
	size_t na, nb;
	char *a = slurp(tmp("a.qdpx"), &na), *b = slurp(tmp("b.qdpx"), &nb);
	ok(a && b && na == nb && memcmp(a, b, na) == 0,
	   "two exports are byte-identical (%zu bytes)", na);
	free(a);
	free(b);

	/* Timestamps when asked. */
	opt.timestamps = 1;
	opt.now = 1714557600; /* 2024-05-01T10:00:00Z */
	is_num(export_qdpx(f, tmp("c.qdpx"), &opt, &d), CDR_OK, "export with timestamps");
	qde = zip_entry(tmp("c.qdpx"), "project.qde", &n);
	ok(qde && strstr(qde, "creationDateTime=\"2024-05-01T10:00:00Z\""),
	   "creationDateTime written when asked");
	ok(qde && schema_valid(project_xsd(), qde, n), "and still valid");
	free(qde);
	cdr_diag_free(&d);
}

/* ------------------------------------------------------------ round trip --- */

static void test_round_trip(fixture *f)
{
	cdr_diag d = CDR_DIAG_INIT;
	cdr_qdpx_source *s = NULL;
	size_t n = 0;
	is_num(cdr_qdpx_read(tmp("a.qdpx"), NULL, &s, &n, &d), CDR_OK, "read the export back");
	is_num(n, 3, "three sources");
	for (size_t i = 0; i < n && i < f->ndocs; i++) {
		const cdr_doc *doc = &f->docs[i];
		char *all = span_written(doc, 0, cdr_utf8_count(doc->text, doc->len));
		const char *want = all;
		if (strncmp(want, "\xEF\xBB\xBF", 3) == 0)
			want += 3;
		is_str(s[i].text, want, "source %zu: the text as written (LF, no BOM)", i + 1);
		free(all);
		is_num(s[i].ncodings, f->cs[i].count, "source %zu: every coding", i + 1);
		int same = s[i].ncodings == f->cs[i].count, text_ok = same;
		for (size_t k = 0; same && k < s[i].ncodings; k++) {
			const cdr_coding *c = &f->cs[i].v[k];
			const cdr_code *code = &f->cb->codes[c->code];
			const cdr_qdpx_coding *q = &s[i].codings[k];
			const char *name =
				strcmp(code->id, "partners") == 0    ? "Samenwerking [partners]"
				: strcmp(code->id, "onderzoek") == 0 ? "Willen [onderzoek]"
								     : code->label;
			if (strcmp(q->code, name) != 0 || strcmp(q->path, code->group) != 0)
				same = 0;
			char *orig = span_written(doc, c->start, c->end);
			size_t a = cdr_utf8_offset(s[i].text, s[i].len, q->start);
			size_t b = cdr_utf8_offset(s[i].text, s[i].len, q->end);
			if (strlen(orig) != b - a || memcmp(orig, s[i].text + a, b - a) != 0) {
				if (text_ok)
					printf("# %zu: '%s' vs '%.*s'\n", k, orig, (int)(b - a),
					       s[i].text + a);
				text_ok = 0;
			}
			free(orig);
		}
		ok(same, "source %zu: the same codes with their group paths", i + 1);
		ok(text_ok, "source %zu: each selection is the original span", i + 1);
	}
	cdr_qdpx_sources_free(s, n);
	is_num(d.errors, 0, "no errors");
	cdr_diag_free(&d);
}

/* Exact positions with an emoji, CRLF, a BOM; in code points and UTF-16 units. */
static void test_positions(fixture *f)
{
	static const char raw[] = "\xEF\xBB\xBF\xF0\x9F\x98\x80 De samenwerking\r\n"
				  "met \xF0\x9F\x8E\x89 partners\rover criminaliteit\n";
	cdr_diag d = CDR_DIAG_INIT;
	cdr_doc doc;
	cdr_codings cs = CDR_CODINGS_INIT;
	cdr_coder_stats st = { 0 };
	if (cdr_doc_decode("pos.txt", raw, sizeof raw - 1, &doc, &d) != CDR_OK ||
	    cdr_coder_run(f->c, &doc, &cs, &st, &d) != CDR_OK) {
		ok(0, "coding the positions document");
		return;
	}
	/* Original code points: samenwerking 5-17, partners 25-33, criminaliteit 39-52;
	** written (CRLF -> LF): 5-17, 24-32, 38-51; in UTF-16 units: 6-18, 26-34, 40-53. */
	static const size_t want_cp[] = { 5, 17, 24, 32, 38, 51 };
	static const size_t want_u16[] = { 6, 18, 26, 34, 40, 53 };
	is_num(cs.count, 3, "three codings");
	for (int mode = 0; mode < 2 && cs.count == 3; mode++) {
		cdr_refi_options opt = { 0 };
		opt.utf16_positions = mode;
		const char *path = tmp(mode ? "pos16.qdpx" : "pos.qdpx");
		cdr_qdpx_writer *w;
		cdr_rc rc = cdr_qdpx_open(path, f->cb, &opt, &w, &d);
		if (rc == CDR_OK)
			rc = cdr_qdpx_add(w, &doc, NULL, &cs, NULL, NULL, NULL, 0, &d);
		if (rc == CDR_OK)
			rc = cdr_qdpx_close(w, &d);
		else
			cdr_qdpx_discard(w);
		is_num(rc, CDR_OK, "export (%s)", mode ? "UTF-16" : "code points");
		char *qde = zip_entry(path, "project.qde", NULL);
		const size_t *want = mode ? want_u16 : want_cp;
		int all = qde != NULL;
		for (int i = 0; all && i < 3; i++) {
			char at[64];
			snprintf(at, sizeof at, "startPosition=\"%zu\" endPosition=\"%zu\"",
				 want[2 * i], want[2 * i + 1]);
			if (!strstr(qde, at)) {
				printf("# missing %s\n", at);
				all = 0;
			}
		}
		ok(all, "positions in %s: %zu-%zu, %zu-%zu, %zu-%zu",
		   mode ? "UTF-16 units" : "code points", want[0], want[1], want[2], want[3],
		   want[4], want[5]);
		free(qde);

		/* Read back, counting as written. */
		cdr_qdpx_source *s = NULL;
		size_t n = 0;
		rc = cdr_qdpx_read(path, &opt, &s, &n, &d);
		int back = rc == CDR_OK && n == 1 && s[0].ncodings == 3;
		for (int i = 0; back && i < 3; i++)
			back = s[0].codings[i].start == want_cp[2 * i] &&
			       s[0].codings[i].end == want_cp[2 * i + 1];
		ok(back, "read back as code points (%s)", mode ? "UTF-16" : "code points");
		if (back)
			is_str(s[0].text,
			       "\xF0\x9F\x98\x80 De samenwerking\nmet \xF0\x9F\x8E\x89 partners\nover "
			       "criminaliteit\n",
			       "the written text: no BOM, LF");
		cdr_qdpx_sources_free(s, n);
	}

	/* Out-of-range codings are refused. */
	cdr_qdpx_writer *w;
	cdr_qdpx_open(tmp("bad.qdpx"), f->cb, NULL, &w, &d);
	cdr_coding bad = { .start = 0, .end = 999 };
	cdr_codings bcs = { &bad, 1, 1 };
	size_t errs = d.errors;
	is_num(cdr_qdpx_add(w, &doc, NULL, &bcs, NULL, NULL, NULL, 0, &d), CDR_EINPUT,
	       "a coding beyond the text is refused");
	ok(d.errors > errs, "with an error");
	cdr_qdpx_discard(w);
	ok(access(tmp("bad.qdpx"), F_OK) != 0, "discard leaves nothing behind");

	/* A directory that does not exist: an error at once (the output file is made
	** when the archive is opened), nothing left. */
	errs = d.errors;
	is_num(cdr_qdpx_open(tmp("nodir/x.qdpx"), f->cb, NULL, &w, &d), CDR_EIO,
	       "an unwritable path fails at open");
	ok(d.errors > errs && w == NULL, "with an error, and no writer");

	cdr_codings_free(&cs);
	cdr_doc_free(&doc);
	cdr_diag_free(&d);
}

/* ------------------------------------------------------- names, passages --- */

/* Export one small document under each name; return project.qde (owned). */
static char *export_names(fixture *f, const char *const *names, size_t n, const char *path)
{
	cdr_diag d = CDR_DIAG_INIT;
	cdr_doc doc;
	cdr_doc_from_text("x", "samenwerking", 12, &doc);
	cdr_qdpx_writer *w;
	cdr_rc rc = cdr_qdpx_open(path, f->cb, NULL, &w, &d);
	for (size_t i = 0; rc == CDR_OK && i < n; i++) {
		/* Each its own text, so that no two sources are the same. */
		char text[32];
		int len = snprintf(text, sizeof text, "samenwerking %zu", i);
		cdr_doc_free(&doc);
		cdr_doc_from_text("x", text, (size_t)len, &doc);
		rc = cdr_qdpx_add(w, &doc, names[i], NULL, NULL, NULL, NULL, 0, &d);
	}
	rc = rc == CDR_OK ? cdr_qdpx_close(w, &d) : (cdr_qdpx_discard(w), rc);
	cdr_doc_free(&doc);
	cdr_diag_free(&d);
	size_t len;
	char *qde = rc == CDR_OK ? zip_entry(path, "project.qde", &len) : NULL;
	if (qde && !schema_valid(project_xsd(), qde, len)) {
		free(qde);
		qde = NULL;
	}
	return qde;
}

static void test_names(fixture *f)
{
	static const char *const names[] = {
		"corpus/a/x.txt", "corpus/b/x.txt", "/abs/y.txt", "y.txt",    "z.txt",
		"z.txt",          "w\\v.txt",       "",           "z.txt (2)"
	};
	char *qde = export_names(f, names, sizeof names / sizeof *names, tmp("names.qdpx"));
	ok(qde != NULL, "sources named by paths: exported, valid");
	if (!qde)
		return;
	static const char *const want[] = {
		"name=\"a - x.txt\"", "name=\"b - x.txt\"", "name=\"abs - y.txt\"",
		"name=\"y.txt\"",     "name=\"z.txt\"",     "name=\"z.txt (3)\"",
		"name=\"v.txt\"",     "name=\"source\"",    "name=\"z.txt (2)\"",
	};
	int all = 1;
	for (size_t i = 0; i < sizeof want / sizeof *want; i++)
		if (count_of(qde, want[i]) != 1) {
			printf("# not once: %s\n", want[i]);
			all = 0;
		}
	ok(all, "the file name, parent folders to tell sources apart, then (2), (3)");
	int slash = 0;
	for (const char *p = qde; (p = strstr(p, "<TextSource ")); p++) {
		const char *nm = strstr(p, " name=\"") + 7;
		slash += strcspn(nm, "\"") > strcspn(nm, "/\\");
	}
	ok(!slash, "no '/' or '\\' in any source's name");
	ok(strstr(qde, "<Description>corpus/a/x.txt</Description>") &&
		   strstr(qde, "<Description>/abs/y.txt</Description>") &&
		   strstr(qde, "<Description>w\\v.txt</Description>") &&
		   count_of(qde, "<Description>z.txt</Description>") == 1,
	   "the name given is the Description when the name shown differs");
	free(qde);

	cdr_qdpx_source *s = NULL;
	size_t n = 0;
	cdr_diag d = CDR_DIAG_INIT;
	is_num(cdr_qdpx_read(tmp("names.qdpx"), NULL, &s, &n, &d), CDR_OK, "reads back");
	ok(n == 9 && strcmp(s[0].name, "a - x.txt") == 0 && strcmp(s[5].name, "z.txt (3)") == 0,
	   "by the names shown");
	cdr_qdpx_sources_free(s, n);
	cdr_diag_free(&d);
}

/* The first rule of code 'code' (or rule_count). */
static size_t rule_of(const cdr_codebook *cb, size_t code)
{
	for (size_t i = 0; i < cb->rule_count; i++)
		if (cb->rules[i].code == code)
			return i;
	return cb->rule_count;
}

static void test_passages(fixture *f)
{
	static const char text[] = "De samenwerking tegen criminaliteit.";
	cdr_doc doc;
	cdr_doc_from_text("p.txt", text, sizeof text - 1, &doc);
	const cdr_codebook *cb = f->cb;
	/* samenwerking 3-15 with sam (obstacle), partners, sam again; criminaliteit 22-35
	** with crim (no rule). */
	cdr_coding v[4] = {
		{ .start = 3, .end = 15, .code = 0, .rule = rule_of(cb, 0), .obstacle = 1 },
		{ .start = 3, .end = 15, .code = 2, .rule = rule_of(cb, 2) },
		{ .start = 3, .end = 15, .code = 0, .rule = rule_of(cb, 0) },
		{ .start = 22, .end = 35, .code = 1, .rule = cb->rule_count },
	};
	cdr_codings cs = { v, 4, 4 };
	for (int pol = 0; pol < 2; pol++) {
		cdr_diag d = CDR_DIAG_INIT;
		cdr_refi_options opt = { 0 };
		opt.polarity_codes = pol;
		const char *path = tmp(pol ? "pol.qdpx" : "passages.qdpx");
		cdr_qdpx_writer *w;
		cdr_rc rc = cdr_qdpx_open(path, cb, &opt, &w, &d);
		if (rc == CDR_OK)
			rc = cdr_qdpx_add(w, &doc, NULL, &cs, NULL, NULL, NULL, 0, &d);
		rc = rc == CDR_OK ? cdr_qdpx_close(w, &d) : (cdr_qdpx_discard(w), rc);
		size_t n = 0;
		char *qde = rc == CDR_OK ? zip_entry(path, "project.qde", &n) : NULL;
		ok(qde && schema_valid(project_xsd(), qde, n), "%s: exported, valid",
		   pol ? "polarity codes" : "shared passages");
		if (!qde)
			continue;
		is_num(count_of(qde, "<PlainTextSelection "), 2, "one selection per passage");
		ok(strstr(qde, "<Description>Samenwerking (glob: samenwerk*)\n"
			       "Samenwerking [partners] (word: partners)</Description>") &&
			   strstr(qde, "<Description>Criminaliteit</Description>"),
		   "a line per coding, the same line once");
		if (!pol) {
			is_num(count_of(qde, "<Coding "), 3, "a Coding per code of the passage");
			ok(!strstr(qde, "Polariteit"), "no polarity codes unless asked");
		} else {
			is_num(count_of(qde, "<Coding "), 6,
			       "and one per polarity: obstacle and neutral, neutral");
			ok(strstr(qde, "name=\"Polariteit\" isCodable=\"false\"") &&
				   strstr(qde, "name=\"Obstakel\" isCodable=\"true\" "
					       "color=\"#D62728\"") &&
				   strstr(qde, "name=\"Neutraal\" isCodable=\"true\""),
			   "a folder Polariteit with the codes Obstakel and Neutraal");
		}
		free(qde);
		cdr_qdpx_source *s = NULL;
		size_t ns = 0;
		rc = cdr_qdpx_read(path, NULL, &s, &ns, &d);
		static const char *const codes[2][6] = {
			{ "Samenwerking", "Samenwerking [partners]", "Criminaliteit" },
			{ "Samenwerking", "Samenwerking [partners]", "Obstakel", "Neutraal",
			  "Criminaliteit", "Neutraal" },
		};
		size_t want = pol ? 6 : 3;
		int same = rc == CDR_OK && ns == 1 && s[0].ncodings == want;
		for (size_t k = 0; same && k < want; k++)
			same = strcmp(s[0].codings[k].code, codes[pol][k]) == 0 &&
			       s[0].codings[k].start == (k < want - (pol ? 2 : 1) ? 3 : 22);
		ok(same, "read back: the codes of each passage%s",
		   pol ? ", then its polarities" : "");
		if (same && pol)
			is_str(s[0].codings[2].path, "Polariteit", "in the folder Polariteit");
		cdr_qdpx_sources_free(s, ns);
		cdr_diag_free(&d);
	}
	cdr_doc_free(&doc);
}

/* ------------------------------------------------------------- respondents --- */

static void test_respondents(fixture *f)
{
	static const char *const text[] = { "Samenwerking\r\nmet \xF0\x9F\x98\x80 partners.",
					    "Geen criminaliteit.", "Nader onderzoek." };
	static const char *const who[] = { "R1", "R1", "R2" };
	static const char *const heading[] = { "Q1: Eerste\nvraag", "Q2", "Q1: Eerste\nvraag" };
	static const cdr_refi_var vars[] = { { "regio", "Limburg" } };
	cdr_doc docs[3];
	cdr_codings cs[3] = { CDR_CODINGS_INIT, CDR_CODINGS_INIT, CDR_CODINGS_INIT };
	cdr_diag d = CDR_DIAG_INIT;
	int coded = 1;
	for (int i = 0; i < 3; i++) {
		cdr_coder_stats st = { 0 };
		cdr_doc_from_text("survey.csv", text[i], strlen(text[i]), &docs[i]);
		coded = coded && cdr_coder_run(f->c, &docs[i], &cs[i], &st, &d) == CDR_OK &&
			cs[i].count > 0;
	}
	ok(coded, "three answers with codings");
	for (int mode = 0; coded && mode < 2; mode++) {
		cdr_refi_options opt = { 0 };
		opt.utf16_positions = mode;
		const char *path = tmp(mode ? "resp16.qdpx" : "resp.qdpx");
		cdr_qdpx_writer *w;
		cdr_rc rc = cdr_qdpx_open(path, f->cb, &opt, &w, &d);
		for (int i = 0; rc == CDR_OK && i < 3; i++) {
			cdr_qdpx_part pt = { who[i],     "respondent of survey.csv",
					     heading[i], &docs[i],
					     &cs[i],     NULL,
					     who[i],     vars,
					     1 };
			rc = cdr_qdpx_add_part(w, &pt, &d);
			if (i == 0) {
				/* A coding that does not fit is refused; the source goes on. */
				cdr_coding bad = { .start = 0, .end = 999 };
				cdr_codings bcs = { &bad, 1, 1 };
				cdr_qdpx_part bp = pt;
				bp.codings = &bcs;
				size_t errs = d.errors;
				ok(cdr_qdpx_add_part(w, &bp, &d) == CDR_EINPUT && d.errors > errs,
				   "a part whose coding does not fit is refused");
				d.errors = errs;
			}
		}
		if (rc == CDR_OK)
			rc = cdr_qdpx_add(w, &f->docs[0], NULL, &f->cs[0], NULL, NULL, NULL, 0, &d);
		rc = rc == CDR_OK ? cdr_qdpx_close(w, &d) : (cdr_qdpx_discard(w), rc);
		is_num(rc, CDR_OK, "export answers as parts of their respondents' sources (%s)",
		       mode ? "UTF-16" : "code points");
		size_t n = 0;
		char *qde = zip_entry(path, "project.qde", &n);
		ok(qde && schema_valid(project_xsd(), qde, n), "valid against the schema");
		ok(qde && count_of(qde, "<TextSource ") == 3 && count_of(qde, "<Case ") == 2 &&
			   count_of(qde, "<SourceRef ") == 2 &&
			   count_of(qde, "<Description>respondent of survey.csv</Description>") ==
				   2,
		   "a source per respondent, its case linked to it once, its Description");
		free(qde);

		cdr_qdpx_source *s = NULL;
		size_t ns = 0;
		rc = cdr_qdpx_read(path, &opt, &s, &ns, &d);
		ok(rc == CDR_OK && ns == 3, "reads back");
		if (rc != CDR_OK || ns != 3) {
			cdr_qdpx_sources_free(s, ns);
			continue;
		}
		is_str(s[0].text,
		       "Q1: Eerste vraag\nSamenwerking\nmet \xF0\x9F\x98\x80 partners.\n\nQ2\nGeen "
		       "criminaliteit.",
		       "a heading line per question, a blank line between answers, LF");
		is_str(s[1].text, "Q1: Eerste vraag\nNader onderzoek.", "the second respondent");
		/* Every coding of each answer, at its place in the respondent's text. */
		int all = 1;
		size_t total = 0;
		for (int i = 0; i < 3; i++) {
			const cdr_qdpx_source *src = &s[i == 2 ? 1 : 0];
			total += cs[i].count;
			for (size_t k = 0; k < cs[i].count; k++) {
				char *want =
					span_written(&docs[i], cs[i].v[k].start, cs[i].v[k].end);
				int found = 0;
				for (size_t q = 0; q < src->ncodings && !found; q++) {
					size_t a = cdr_utf8_offset(src->text, src->len,
								   src->codings[q].start);
					size_t b = cdr_utf8_offset(src->text, src->len,
								   src->codings[q].end);
					found = b - a == strlen(want) &&
						memcmp(src->text + a, want, b - a) == 0;
				}
				if (!found) {
					printf("# not found: %s\n", want);
					all = 0;
				}
				free(want);
			}
		}
		ok(all && s[0].ncodings + s[1].ncodings == total,
		   "each coding covers its words in the respondent's text (%zu)", total);
		ok(s[2].ncodings == f->cs[0].count,
		   "a whole document after them is its own source");
		cdr_qdpx_sources_free(s, ns);
	}
	for (int i = 0; i < 3; i++) {
		cdr_codings_free(&cs[i]);
		cdr_doc_free(&docs[i]);
	}
	cdr_diag_free(&d);
}

/* ---------------------------------------------------------- .qde and .qdc --- */

static void test_qde_qdc(fixture *f)
{
	cdr_diag d = CDR_DIAG_INIT;
	cdr_qdpx_writer *w;
	cdr_rc rc = cdr_qde_open(tmp("p.qde"), f->cb, NULL, &w, &d);
	for (size_t i = 0; rc == CDR_OK && i < f->ndocs; i++)
		rc = cdr_qdpx_add(w, &f->docs[i], NULL, &f->cs[i], NULL, NULL, NULL, 0, &d);
	rc = rc == CDR_OK ? cdr_qdpx_close(w, &d) : (cdr_qdpx_discard(w), rc);
	is_num(rc, CDR_OK, "export a bare .qde");
	size_t n;
	char *x = slurp(tmp("p.qde"), &n);
	ok(x && schema_valid(project_xsd(), x, n), "the .qde is valid against the schema");
	ok(x && count_of(x, "<PlainTextContent>") == 3 && !strstr(x, "plainTextPath"),
	   "texts in PlainTextContent, no plainTextPath");
	free(x);
	cdr_qdpx_source *s = NULL;
	size_t ns = 0;
	is_num(cdr_qdpx_read(tmp("p.qde"), NULL, &s, &ns, &d), CDR_OK, "the .qde reads back");
	ok(ns == 3 && s[1].ncodings == f->cs[1].count && !strchr(s[1].text, '\r'),
	   "with its codings and LF text");
	cdr_qdpx_sources_free(s, ns);

	/* Characters XML cannot hold become U+FFFD, one for one. */
	static const char ctl[] = "a\x0C\x01"
				  "b \xEF\xBF\xBF samenwerking";
	cdr_doc doc;
	cdr_codings cs = CDR_CODINGS_INIT;
	cdr_coder_stats st = { 0 };
	rc = cdr_doc_decode("ctl.txt", ctl, sizeof ctl - 1, &doc, &d);
	if (rc == CDR_OK)
		rc = cdr_coder_run(f->c, &doc, &cs, &st, &d);
	if (rc == CDR_OK)
		rc = cdr_qde_open(tmp("ctl.qde"), f->cb, NULL, &w, &d);
	if (rc == CDR_OK) {
		rc = cdr_qdpx_add(w, &doc, "bad \xC3 name", &cs, NULL, NULL, NULL, 0, &d);
		rc = rc == CDR_OK ? cdr_qdpx_close(w, &d) : (cdr_qdpx_discard(w), rc);
	}
	is_num(rc, CDR_OK, "export a text with control characters and U+FFFF");
	x = slurp(tmp("ctl.qde"), &n);
	ok(x && schema_valid(project_xsd(), x, n), "still valid XML and valid against the schema");
	ok(x && strstr(x, "startPosition=\"7\" endPosition=\"19\""), "positions kept");
	ok(x && strstr(x, "name=\"bad \xEF\xBF\xBD name\""), "invalid UTF-8 in a name as U+FFFD");
	free(x);
	cdr_codings_free(&cs);
	cdr_doc_free(&doc);

	is_num(cdr_qdc_write(tmp("c.qdc"), f->cb, NULL, &d), CDR_OK, "export a .qdc");
	x = slurp(tmp("c.qdc"), &n);
	ok(x && schema_valid(codebook_xsd(), x, n), "the .qdc is valid against Codebook.xsd");
	ok(x && strstr(x, "<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\" origin=\"codeer "),
	   "root, namespace, origin");
	free(x);
	is_num(cdr_qdc_write(tmp("c2.qdc"), f->cb, NULL, &d), CDR_OK, "export it again");
	char *y = slurp(tmp("c2.qdc"), &n);
	x = slurp(tmp("c.qdc"), NULL);
	ok(x && y && strcmp(x, y) == 0, "byte-identical");
	free(x);
	free(y);

	/* .qdc -> codebook -> the same codes. */
	cdr_buf cbt = CDR_BUF_INIT;
	is_num(cdr_qdc_to_codebook(tmp("c.qdc"), NULL, &cbt, &d), CDR_OK, "import our .qdc");
	cdr_codebook *cb2 = NULL;
	cdr_diag d2 = CDR_DIAG_INIT;
	is_num(cdr_codebook_parse("imported.codebook", cbt.data, cbt.len, &cb2, &d2), CDR_OK,
	       "the imported codebook parses");
	/* In tree order; the renamed labels are those of the export. */
	static const char *const labels[] = { "Samenwerking", "Criminaliteit",
					      "Samenwerking [partners]", "Willen [onderzoek]" };
	int same = cb2 && cb2->code_count == f->cb->code_count;
	for (size_t i = 0; same && i < f->cb->code_count; i++) {
		const cdr_code *a = &f->cb->codes[i], *b = NULL;
		for (size_t k = 0; k < cb2->code_count; k++)
			if (strcmp(cb2->codes[k].label, labels[i]) == 0)
				b = &cb2->codes[k];
		if (!b || strcmp(a->group, b->group) || strcmp(a->colour, b->colour) ||
		    strcmp(a->definition, b->definition)) {
			printf("# code %zu differs\n", i);
			same = 0;
		}
	}
	ok(same, "groups, colours and definitions survive export and import");
	ok(cb2 && strcmp(cb2->codes[0].id, "samenwerking") == 0 &&
		   strcmp(cb2->codes[3].id, "samenwerking-partners") == 0,
	   "ids from names");
	cdr_codebook_free(cb2);
	cdr_diag_free(&d2);
	cdr_buf_free(&cbt);
	cdr_diag_free(&d);
}

/* ------------------------------------------------- files from other tools --- */

static const char other_qdc[] =
	"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	"<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\" origin=\"ATLAS.ti 23\">\n"
	" <Codes>\n"
	"  <Code guid=\"6E1A32B4-2C3D-4F5E-8A9B-0C1D2E3F4A5B\" name=\"Kennen\" isCodable=\"false\">\n"
	"   <Code guid=\"7E1A32B4-2C3D-4F5E-8A9B-0C1D2E3F4A5B\" name=\"Één overheid\" "
	"isCodable=\"true\" color=\"#F80\">\n"
	"    <Description>Eerste regel.\n\n  Tweede   regel.</Description>\n"
	"   </Code>\n"
	"   <Code guid=\"8E1A32B4-2C3D-4F5E-8A9B-0C1D2E3F4A5B\" name=\"Overig\" isCodable=\"true\" "
	"color=\"#2CA02CFF\"/>\n"
	"  </Code>\n"
	"  <Code guid=\"9E1A32B4-2C3D-4F5E-8A9B-0C1D2E3F4A5B\" name=\"Willen\" isCodable=\"true\">\n"
	"   <Code guid=\"AE1A32B4-2C3D-4F5E-8A9B-0C1D2E3F4A5B\" name=\"Overig\" isCodable=\"true\"/>\n"
	"   <Code guid=\"BE1A32B4-2C3D-4F5E-8A9B-0C1D2E3F4A5B\" name=\"2e fase / evaluatie\" "
	"isCodable=\"true\"/>\n"
	"  </Code>\n"
	"  <Code guid=\"CE1A32B4-2C3D-4F5E-8A9B-0C1D2E3F4A5B\" name=\"3 Overig\" isCodable=\"false\">\n"
	"   <Code guid=\"DE1A32B4-2C3D-4F5E-8A9B-0C1D2E3F4A5B\" name=\"Overig\" isCodable=\"true\"/>\n"
	"  </Code>\n"
	" </Codes>\n"
	"</CodeBook>\n";

static void test_other_qdc(void)
{
	cdr_diag d = CDR_DIAG_INIT;
	spew(tmp("other.qdc"), other_qdc, sizeof other_qdc - 1);
	cdr_buf out = CDR_BUF_INIT;
	is_num(cdr_qdc_to_codebook(tmp("other.qdc"), NULL, &out, &d), CDR_OK,
	       "import another tool's .qdc");
	ok(d.warnings == 1, "the 8-digit colour is a warning");
	cdr_codebook *cb = NULL;
	cdr_diag d2 = CDR_DIAG_INIT;
	is_num(cdr_codebook_parse("other.codebook", out.data, out.len, &cb, &d2), CDR_OK,
	       "the result parses as a codebook");
	if (!cb) {
		printf("# %s\n", cdr_buf_cstr(&out));
		cdr_buf_free(&out);
		cdr_diag_free(&d);
		cdr_diag_free(&d2);
		return;
	}
	is_num(cb->code_count, 6, "six codable codes");
	is_str(cb->name, "other", "named after the file");
	static const char *const ids[] = { "een-overheid",
					   "overig",
					   "willen",
					   "willen.overig",
					   "code-2e-fase-evaluatie",
					   "code-3-overig.overig" };
	static const char *const groups[] = {
		"Kennen", "Kennen", "", "Willen", "Willen", "3 Overig"
	};
	for (size_t i = 0; i < 6 && i < cb->code_count; i++) {
		is_str(cb->codes[i].id, ids[i], "code %zu: id", i + 1);
		is_str(cb->codes[i].group, groups[i], "code %zu: group", i + 1);
	}
	is_str(cb->codes[0].label, "Één overheid", "the label keeps its accents");
	is_str(cb->codes[0].colour, "#ff8800", "#rgb becomes #rrggbb");
	is_str(cb->codes[0].definition, "Eerste regel. Tweede regel.", "the description");
	is_str(cb->codes[1].colour, "", "a bad colour is left out");
	is_str(cb->codes[4].label, "2e fase / evaluatie", "label as named");
	cdr_codebook_free(cb);
	cdr_diag_free(&d2);
	cdr_buf_free(&out);
	cdr_diag_free(&d);
}

/* The ids compared importing a .qdc of 'n' codable codes all named "Samenwerking"
** (ids samenwerking, samenwerking-2, ...); *last gets the last id made. */
static size_t qdc_same_name_work(size_t n, char *last, size_t lastsz)
{
	cdr_buf x = CDR_BUF_INIT, out = CDR_BUF_INIT;
	cdr_diag d = CDR_DIAG_INIT;
	cdr_buf_adds(&x, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<CodeBook "
			 "xmlns=\"urn:QDA-XML:codebook:1.0\"><Codes>\n");
	for (size_t i = 0; i < n; i++)
		cdr_buf_printf(&x,
			       "<Code guid=\"00000000-0000-0000-0000-%012zx\" "
			       "name=\"Samenwerking\" isCodable=\"true\"/>\n",
			       i + 1);
	cdr_buf_adds(&x, "</Codes></CodeBook>\n");
	spew(tmp("same.qdc"), x.data, x.len);
	size_t work = 0;
	cdr_refi_options opt = { 0 };
	opt.work = &work;
	last[0] = '\0';
	if (cdr_qdc_to_codebook(tmp("same.qdc"), &opt, &out, &d) == CDR_OK) {
		const char *c = strstr(cdr_buf_cstr(&out), "code: samenwerking-");
		for (const char *n2; c && (n2 = strstr(c + 1, "code: samenwerking-"));)
			c = n2;
		if (c)
			snprintf(last, lastsz, "%.*s", (int)strcspn(c + 6, "\n"), c + 6);
	} else {
		work = 0;
	}
	cdr_buf_free(&x);
	cdr_buf_free(&out);
	cdr_diag_free(&d);
	return work;
}

/* A name used by k codes costs k tries in all, not k^2 (5,000 took 36 s). */
static void test_qdc_same_names(void)
{
	char last1[64], last2[64];
	size_t w1 = qdc_same_name_work(1000, last1, sizeof last1);
	size_t w2 = qdc_same_name_work(2000, last2, sizeof last2);
	is_str(last1, "samenwerking-1000", "1,000 codes of one name: ids up to -1000");
	is_str(last2, "samenwerking-2000", "2,000: up to -2000");
	ok(w1 > 0 && w2 <= 2 * w1 + w1 / 2, "twice the codes, about twice the work (%zu, %zu)", w1,
	   w2);
}

/* The names compared gathering the cases of 'n' answers, each its own respondent
** (a survey project), into a project that is then written. */
static size_t case_work(fixture *f, size_t n, cdr_rc *rc, size_t *read_work)
{
	cdr_diag d = CDR_DIAG_INIT;
	cdr_qdpx_writer *w;
	size_t work = 0;
	cdr_refi_options opt = { 0 };
	opt.work = &work;
	cdr_codings none = CDR_CODINGS_INIT;
	*rc = cdr_qdpx_open(tmp("cases.qdpx"), f->cb, &opt, &w, &d);
	for (size_t i = 0; *rc == CDR_OK && i < n; i++) {
		char name[32];
		snprintf(name, sizeof name, "r%zu", i);
		cdr_refi_var var = { "antwoord", name };
		*rc = cdr_qdpx_add(w, &f->docs[2], name, &none, NULL, name, &var, 1, &d);
		/* a second answer of the same respondent finds its case */
		if (*rc == CDR_OK && i % 100 == 0)
			*rc = cdr_qdpx_add(w, &f->docs[2], "again", &none, NULL, name, &var, 1, &d);
	}
	if (*rc == CDR_OK)
		*rc = cdr_qdpx_close(w, &d);
	else
		cdr_qdpx_discard(w);
	/* Reading it back finds each source's text in sources/ by name. */
	cdr_qdpx_source *src = NULL;
	size_t nsrc = 0;
	*read_work = 0;
	opt.work = read_work;
	if (*rc == CDR_OK)
		*rc = cdr_qdpx_read(tmp("cases.qdpx"), &opt, &src, &nsrc, &d);
	if (*rc == CDR_OK && nsrc != n + (n + 99) / 100)
		*rc = CDR_EINTERNAL;
	cdr_qdpx_sources_free(src, nsrc);
	cdr_diag_free(&d);
	return work;
}

/* A case per survey answer: finding a respondent's case is a hash look-up, not a
** search through every case (100,000 answers took 21 s). */
static void test_many_cases(fixture *f)
{
	cdr_rc rc1, rc2;
	size_t r1, r2;
	size_t w1 = case_work(f, 2000, &rc1, &r1), w2 = case_work(f, 4000, &rc2, &r2);
	ok(rc1 == CDR_OK && rc2 == CDR_OK,
	   "projects of 2,000 and 4,000 respondents written and read back");
	ok(w1 > 0 && w2 <= 2 * w1 + w1 / 2, "twice the cases, about twice the work (%zu, %zu)", w1,
	   w2);
	/* Reading: a binary search per source (n log n), not a scan of every entry. */
	ok(r1 > 0 && r2 <= 2 * r1 + r1 / 2,
	   "twice the sources, about twice the work to read (%zu, %zu)", r1, r2);
	size_t len = 0;
	char *qde = zip_entry(tmp("cases.qdpx"), "project.qde", &len);
	ok(qde && count_of(qde, "<Case ") == 4000, "4,000 cases, a second answer in its own");
	free(qde);
}

/* A project as NVivo/ATLAS.ti might write it: "Sources/", upper-case GUIDs, a
** braced reference, nested codes, a BOM and CRLF in the file, PlainTextContent,
** several codings in one selection, a coding of a whole source. */
static const char other_qde[] =
	"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	"<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"Ander\" origin=\"NVivo 12\">\n"
	" <Users><User guid=\"11111111-2222-3333-4444-555555555555\" name=\"Ann\"/></Users>\n"
	" <CodeBook><Codes>\n"
	"  <Code guid=\"A1A1A1A1-0000-0000-0000-000000000001\" name=\"Willen\" isCodable=\"false\">\n"
	"   <Code guid=\"A1A1A1A1-0000-0000-0000-000000000002\" name=\"Vertrouwen\" "
	"isCodable=\"true\">\n"
	"    <Code guid=\"A1A1A1A1-0000-0000-0000-000000000003\" name=\"Wantrouwen\" "
	"isCodable=\"true\"/>\n"
	"   </Code>\n"
	"  </Code>\n"
	" </Codes></CodeBook>\n"
	" <Sources>\n"
	"  <TextSource guid=\"B2B2B2B2-0000-0000-0000-000000000001\" name=\"interview 1\" "
	"plainTextPath=\"internal://B2B2B2B2-0000-0000-0000-000000000001.TXT\">\n"
	"   <PlainTextSelection guid=\"C3C3C3C3-0000-0000-0000-000000000001\" name=\"x\" "
	"startPosition=\"2\" endPosition=\"12\">\n"
	"    <Coding guid=\"D4D4D4D4-0000-0000-0000-000000000001\"><CodeRef "
	"targetGUID=\"{a1a1a1a1-0000-0000-0000-000000000002}\"/></Coding>\n"
	"    <Coding guid=\"D4D4D4D4-0000-0000-0000-000000000002\"><CodeRef "
	"targetGUID=\"A1A1A1A1-0000-0000-0000-000000000003\"/></Coding>\n"
	"   </PlainTextSelection>\n"
	"   <PlainTextSelection guid=\"C3C3C3C3-0000-0000-0000-000000000002\" "
	"startPosition=\"15\" endPosition=\"23\">\n"
	"    <Coding guid=\"D4D4D4D4-0000-0000-0000-000000000003\"><CodeRef "
	"targetGUID=\"A1A1A1A1-0000-0000-0000-000000000003\"/></Coding>\n"
	"   </PlainTextSelection>\n"
	"  </TextSource>\n"
	"  <TextSource guid=\"B2B2B2B2-0000-0000-0000-000000000002\" name=\"memo\">\n"
	"   <PlainTextContent>Wij &amp; zij: vertrouwen.</PlainTextContent>\n"
	"   <Coding guid=\"D4D4D4D4-0000-0000-0000-000000000004\"><CodeRef "
	"targetGUID=\"A1A1A1A1-0000-0000-0000-000000000002\"/></Coding>\n"
	"  </TextSource>\n"
	" </Sources>\n"
	"</Project>\n";

static void test_other_qdpx(void)
{
	cdr_diag d = CDR_DIAG_INIT;
	ok(schema_valid(project_xsd(), other_qde, sizeof other_qde - 1),
	   "the hand-made project is valid");
	const char *names[] = { "project.qde", "Sources/B2B2B2B2-0000-0000-0000-000000000001.TXT" };
	const char *data[] = { other_qde,
			       "\xEF\xBB\xBF\xF0\x9F\x91\x8D vertrouwen\r\nwantrouwen\r\n" };
	ok(make_zip(tmp("other.qdpx"), names, data, 2, 0), "make another tool's .qdpx");
	cdr_qdpx_source *s = NULL;
	size_t n = 0;
	is_num(cdr_qdpx_read(tmp("other.qdpx"), NULL, &s, &n, &d), CDR_OK, "read it");
	is_num(n, 2, "two sources");
	if (n == 2) {
		is_str(s[0].name, "interview 1", "source name");
		is_str(s[0].text, "\xF0\x9F\x91\x8D vertrouwen\r\nwantrouwen\r\n",
		       "the text without its BOM, line ends as they are");
		is_num(s[0].ncodings, 3, "three codings (two in one selection)");
		if (s[0].ncodings == 3) {
			is_str(s[0].codings[0].code, "Vertrouwen",
			       "code by a braced lower-case GUID");
			is_str(s[0].codings[0].path, "Willen", "its path");
			is_str(s[0].codings[1].code, "Wantrouwen", "nested code");
			is_str(s[0].codings[1].path, "Willen / Vertrouwen", "its path");
			size_t a = cdr_utf8_offset(s[0].text, s[0].len, s[0].codings[0].start);
			size_t b = cdr_utf8_offset(s[0].text, s[0].len, s[0].codings[0].end);
			char *v = cdr_xstrndup(s[0].text + a, b - a);
			is_str(v, "vertrouwen", "positions count the emoji as one, not the BOM");
			free(v);
			a = cdr_utf8_offset(s[0].text, s[0].len, s[0].codings[2].start);
			b = cdr_utf8_offset(s[0].text, s[0].len, s[0].codings[2].end);
			char *w = cdr_xstrndup(s[0].text + a, b - a);
			is_str(w, "antrouwe", "CR counts as a character");
			free(w);
		}
		is_str(s[1].text, "Wij & zij: vertrouwen.", "PlainTextContent");
		ok(s[1].ncodings == 1 && s[1].codings[0].start == 0 && s[1].codings[0].end == 22,
		   "a coding of the whole source");
	}
	cdr_qdpx_sources_free(s, n);
	cdr_diag_free(&d);
}

/* ---------------------------------------------------------------- hostile --- */

static void expect_error(const char *path, const cdr_refi_options *opt, cdr_rc want,
			 const char *what, const char *msg_part)
{
	cdr_diag d = CDR_DIAG_INIT;
	cdr_qdpx_source *s = (cdr_qdpx_source *)1;
	size_t n = 99;
	cdr_rc rc = cdr_qdpx_read(path, opt, &s, &n, &d);
	is_num(rc, want, "%s: refused", what);
	int found = 0;
	for (size_t i = 0; i < d.count; i++)
		if (strstr(d.items[i].message, msg_part))
			found = 1;
	ok(found && s == NULL && n == 0, "%s: error says '%s'", what, msg_part);
	if (!found)
		for (size_t i = 0; i < d.count; i++)
			printf("#   %s\n", d.items[i].message);
	cdr_diag_free(&d);
}

/* A project with one code and one source 'text' with selections, by 'origin'. */
static int tool_project(const char *path, const char *origin, const char *text,
			const char *selections, int bare)
{
	cdr_buf x = CDR_BUF_INIT;
	cdr_buf_printf(
		&x,
		"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		"<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"t\" origin=\"%s\">\n"
		" <CodeBook><Codes><Code guid=\"A1A1A1A1-0000-0000-0000-000000000001\" "
		"name=\"K\" isCodable=\"true\"/></Codes></CodeBook>\n"
		" <Sources><TextSource guid=\"B2B2B2B2-0000-0000-0000-000000000001\" "
		"name=\"s\"%s>\n",
		origin,
		bare ? ""
		     : " plainTextPath=\"internal://B2B2B2B2-0000-0000-0000-000000000001.txt\"");
	if (bare)
		cdr_buf_printf(&x, "  <PlainTextContent>%s</PlainTextContent>\n", text);
	for (const char *p = selections; *p;) {
		unsigned a, b;
		int used = 0;
		if (sscanf(p, "%u-%u %n", &a, &b, &used) != 2 || !used)
			break;
		p += used;
		cdr_buf_printf(&x,
			       "  <PlainTextSelection guid=\"C3C3C3C3-0000-0000-0000-%012u\" "
			       "startPosition=\"%u\" endPosition=\"%u\"><Coding "
			       "guid=\"D4D4D4D4-0000-0000-0000-%012u\"><CodeRef "
			       "targetGUID=\"A1A1A1A1-0000-0000-0000-000000000001\"/></Coding>"
			       "</PlainTextSelection>\n",
			       a, a, b, a);
	}
	cdr_buf_adds(&x, " </TextSource></Sources>\n</Project>\n");
	int ok;
	if (bare) {
		spew(path, x.data, x.len);
		ok = 1;
	} else {
		const char *names[] = { "project.qde",
					"sources/B2B2B2B2-0000-0000-0000-000000000001.txt" };
		const char *data[] = { x.data, text };
		ok = make_zip(path, names, data, 2, 0);
	}
	cdr_buf_free(&x);
	return ok;
}

/* The selected texts of the only source, joined by '|'. */
static char *selected(const char *path)
{
	cdr_diag d = CDR_DIAG_INIT;
	cdr_qdpx_source *s = NULL;
	size_t n = 0;
	cdr_buf b = CDR_BUF_INIT;
	if (cdr_qdpx_read(path, NULL, &s, &n, &d) != CDR_OK || n != 1)
		cdr_buf_adds(&b, "(unreadable)");
	for (size_t k = 0; n == 1 && k < s[0].ncodings; k++) {
		size_t a = cdr_utf8_offset(s[0].text, s[0].len, s[0].codings[k].start);
		size_t z = cdr_utf8_offset(s[0].text, s[0].len, s[0].codings[k].end);
		if (k)
			cdr_buf_addc(&b, '|');
		cdr_buf_add(&b, s[0].text + a, z - a);
	}
	cdr_qdpx_sources_free(s, n);
	cdr_diag_free(&d);
	return cdr_buf_take(&b);
}

/* How the tools count: a BOM starts a file and is not counted, but U+FEFF in
** PlainTextContent is text; a CRLF is one position for ATLAS.ti, MAXQDA and
** QualCoder, two (as code points) for NVivo and anyone else. */
static void test_tool_positions(void)
{
	static const char crlf[] = "\xEF\xBB\xBF"
				   "een\r\ntwee\r\ndrie\r\n";
	static const struct {
		const char *origin, *sel, *want;
	} cases[] = {
		{ "QualCoder 3.6", "4-8 9-13 0-14", "twee|drie|een\r\ntwee\r\ndrie\r\n" },
		{ "ATLAS.ti 23", "4-8 9-13", "twee|drie" },
		{ "MAXQDA 2022", "4-8 9-13", "twee|drie" },
		{ "NVivo 12", "5-9 11-15 0-17", "twee|drie|een\r\ntwee\r\ndrie\r\n" },
		{ "codeer 0.1", "5-9 11-15", "twee|drie" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *path = tmp("tool.qdpx");
		ok(tool_project(path, cases[i].origin, crlf, cases[i].sel, 0), "make a %s project",
		   cases[i].origin);
		char *got = selected(path);
		is_str(got, cases[i].want, "%s: CRLF counted as %s", cases[i].origin,
		       i < 3 ? "one position" : "two");
		free(got);
	}
	/* A selection past the end, counted the tool's way, is still refused. */
	tool_project(tmp("tool.qdpx"), "QualCoder 3.6", crlf, "0-15", 0);
	expect_error(tmp("tool.qdpx"), NULL, CDR_EINPUT, "QualCoder: past the end",
		     "a CRLF as one");

	/* U+FEFF at the start of PlainTextContent is a character (a .qde has no BOM
	** of its own); the XML's own BOM is not. */
	ok(tool_project(tmp("feff.qde"), "NVivo 12",
			"\xEF\xBB\xBF"
			"ab samen",
			"4-9", 1),
	   "make a .qde whose text starts with U+FEFF");
	char *got = selected(tmp("feff.qde"));
	is_str(got, "samen", "U+FEFF in PlainTextContent counts");
	free(got);
}

/* Set the uncompressed size of every entry to 'size' (local and central headers). */
static void patch_sizes(const char *path, unsigned long size)
{
	size_t n;
	char *z = slurp(path, &n);
	unsigned char *u = (unsigned char *)z;
	for (size_t i = 0; i + 46 < n; i++) {
		size_t off = 0;
		if (memcmp(u + i, "PK\x03\x04", 4) == 0)
			off = 22;
		else if (memcmp(u + i, "PK\x01\x02", 4) == 0)
			off = 24;
		if (off)
			for (int k = 0; k < 4; k++)
				u[i + off + (size_t)k] = (unsigned char)(size >> (8 * k));
	}
	spew(path, z, n);
	free(z);
}

static const char mini_qde[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"m\" origin=\"x\">\n"
	" <CodeBook><Codes><Code guid=\"A1A1A1A1-0000-0000-0000-000000000001\" name=\"c\" "
	"isCodable=\"true\"/></Codes></CodeBook>\n"
	" <Sources><TextSource guid=\"B2B2B2B2-0000-0000-0000-000000000001\" name=\"s\" "
	"plainTextPath=\"%s\">%s</TextSource></Sources>\n"
	"</Project>\n";

static char *mini(const char *ptp, const char *inner)
{
	cdr_buf b = CDR_BUF_INIT;
	cdr_buf_printf(&b, mini_qde, ptp, inner);
	return cdr_buf_take(&b);
}

static void test_hostile(void)
{
	const char *txt = "sources/B2B2B2B2-0000-0000-0000-000000000001.txt";
	char *good = mini("internal://B2B2B2B2-0000-0000-0000-000000000001.txt", "");
	{
		const char *names[] = { "project.qde", txt, "../x" };
		const char *data[] = { good, "tekst", "evil" };
		make_zip(tmp("dotdot.qdpx"), names, data, 3, 0);
		expect_error(tmp("dotdot.qdpx"), NULL, CDR_EINPUT, "a '../x' entry",
			     "outside the archive");
		names[2] = "sources/../../x";
		make_zip(tmp("dotdot2.qdpx"), names, data, 3, 0);
		expect_error(tmp("dotdot2.qdpx"), NULL, CDR_EINPUT, "a 'sources/../../x' entry",
			     "outside the archive");
		names[2] = "/etc/x";
		make_zip(tmp("abs.qdpx"), names, data, 3, 0);
		expect_error(tmp("abs.qdpx"), NULL, CDR_EINPUT, "an '/etc/x' entry",
			     "outside the archive");
	}
	{
		const char *names[] = { "project.qde", txt };
		const char *data[] = { good, "tekst" };
		make_zip(tmp("huge.qdpx"), names, data, 2, 1);
		patch_sizes(tmp("huge.qdpx"), 0xFFFFFFF0ul);
		expect_error(tmp("huge.qdpx"), NULL, CDR_ELIMIT, "an entry declaring 4 GiB",
			     "more than the limit");
		make_zip(tmp("small.qdpx"), names, data, 2, 0);
		cdr_refi_options opt = { 0 };
		opt.max_entry_bytes = 100;
		expect_error(tmp("small.qdpx"), &opt, CDR_ELIMIT, "a lowered limit",
			     "more than the limit");

		/* A real bomb: 32 MiB of spaces compress about a thousand times. */
		size_t big = (size_t)32 << 20;
		char *sp = cdr_xmalloc(big + 1);
		memset(sp, ' ', big);
		sp[big] = '\0';
		data[1] = sp;
		make_zip(tmp("bomb.qdpx"), names, data, 2, 0);
		free(sp);
		expect_error(tmp("bomb.qdpx"), NULL, CDR_ELIMIT, "a zip bomb", "zip bomb");
	}
	{
		const char *names[] = { "project.qde", txt };
		const char *data[] = { "<?xml version=\"1.0\"?>\n<Project name=\"x\">\n<Sources>\n"
				       "</Project>\n",
				       "tekst" };
		make_zip(tmp("malformed.qdpx"), names, data, 2, 0);
		expect_error(tmp("malformed.qdpx"), NULL, CDR_EINPUT, "malformed XML",
			     "malformed XML");
		cdr_diag d = CDR_DIAG_INIT;
		cdr_qdpx_source *s;
		size_t n;
		cdr_qdpx_read(tmp("malformed.qdpx"), NULL, &s, &n, &d);
		ok(d.count && d.items[0].line == 4 && strstr(d.items[0].file, "(project.qde)"),
		   "the error names project.qde and line 4 (%s:%zu)",
		   d.count ? d.items[0].file : "", d.count ? d.items[0].line : 0);
		cdr_diag_free(&d);
	}
	{
		const char *names[] = { "project.qde" };
		const char *data[] = { good };
		make_zip(tmp("missing.qdpx"), names, data, 1, 0);
		expect_error(tmp("missing.qdpx"), NULL, CDR_EINPUT, "a missing source file",
			     "holds no");
		const char *n2[] = { "readme.txt" };
		make_zip(tmp("noqde.qdpx"), n2, data, 1, 0);
		expect_error(tmp("noqde.qdpx"), NULL, CDR_EINPUT, "no project.qde",
			     "no project.qde");
	}
	{
		char *q = mini("internal://../../etc/passwd", "");
		const char *names[] = { "project.qde" };
		const char *data[] = { q };
		make_zip(tmp("trav.qdpx"), names, data, 1, 0);
		expect_error(tmp("trav.qdpx"), NULL, CDR_EINPUT, "plainTextPath with '..'",
			     "not a file in sources/");
		free(q);
		q = mini("file:///etc/passwd", "");
		data[0] = q;
		make_zip(tmp("ext.qdpx"), names, data, 1, 0);
		expect_error(tmp("ext.qdpx"), NULL, CDR_EINPUT, "an external file",
			     "external file");
		free(q);
		q = mini("internal://B2B2B2B2-0000-0000-0000-000000000001.txt",
			 "<PlainTextSelection guid=\"C3C3C3C3-0000-0000-0000-000000000001\" "
			 "startPosition=\"2\" endPosition=\"60\"><Coding "
			 "guid=\"D4D4D4D4-0000-0000-0000-000000000001\"><CodeRef "
			 "targetGUID=\"A1A1A1A1-0000-0000-0000-000000000001\"/></Coding>"
			 "</PlainTextSelection>");
		const char *n2[] = { "project.qde", txt };
		const char *d2[] = { q, "tekst" };
		make_zip(tmp("range.qdpx"), n2, d2, 2, 0);
		expect_error(tmp("range.qdpx"), NULL, CDR_EINPUT, "a selection beyond the text",
			     "not a range of its text");
		free(q);
		q = mini("internal://B2B2B2B2-0000-0000-0000-000000000001.txt",
			 "<Coding guid=\"D4D4D4D4-0000-0000-0000-000000000001\"><CodeRef "
			 "targetGUID=\"A1A1A1A1-0000-0000-0000-000000000009\"/></Coding>");
		d2[0] = q;
		make_zip(tmp("nocode.qdpx"), n2, d2, 2, 0);
		expect_error(tmp("nocode.qdpx"), NULL, CDR_EINPUT, "an unknown code",
			     "refers to no code");
		free(q);
		d2[0] = good;
		d2[1] = "bad \xC3\x28 utf-8";
		make_zip(tmp("utf8.qdpx"), n2, d2, 2, 0);
		expect_error(tmp("utf8.qdpx"), NULL, CDR_EINPUT, "invalid UTF-8", "invalid UTF-8");
	}
	spew(tmp("garbage.qdpx"), "PK\x03\x04 garbage that is no zip", 28);
	expect_error(tmp("garbage.qdpx"), NULL, CDR_EINPUT, "a damaged zip", "zip");
	expect_error(tmp("absent.qdpx"), NULL, CDR_EIO, "a missing file", "cannot open");
	spew(tmp("bad.qdc"), "<CodeBook><Codes>\n<Code>\n</CodeBook>", 34);
	cdr_diag d = CDR_DIAG_INIT;
	cdr_buf out = CDR_BUF_INIT;
	is_num(cdr_qdc_to_codebook(tmp("bad.qdc"), NULL, &out, &d), CDR_EINPUT,
	       "a malformed .qdc is refused");
	ok(d.count && d.items[0].line == 3, "at line 3");
	cdr_buf_free(&out);
	cdr_diag_free(&d);
	free(good);
}

/* A DOCTYPE, the only place entities can be declared, is refused in every XML read:
** project.qde in a .qdpx, a bare .qde, a .qdc.  Without the refusal, the first
** project below unpacks its 5 KB into a megabyte of text, and nested entities
** a thousand times more. */
static void test_doctype(void)
{
	cdr_buf ent = CDR_BUF_INIT, uses = CDR_BUF_INIT;
	cdr_buf_adds(&ent, "<!DOCTYPE Project [<!ENTITY a \"");
	for (int i = 0; i < 1000; i++)
		cdr_buf_addc(&ent, 'h');
	cdr_buf_adds(&ent, "\">]>\n");
	for (int i = 0; i < 1000; i++)
		cdr_buf_adds(&uses, "&a;");
	static const char head[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
	static const char body[] =
		"<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"m\">\n<Sources><TextSource "
		"guid=\"B2B2B2B2-0000-0000-0000-000000000001\" name=\"%s\"><PlainTextContent>%s"
		"</PlainTextContent></TextSource></Sources></Project>\n";
	const char *names[] = { "project.qde" };
	struct {
		const char *file, *doctype, *name, *text, *what;
	} cases[] = {
		{ "ent-text.qdpx", ent.data, "s", uses.data, "an entity in the text" },
		{ "ent-attr.qdpx", ent.data, uses.data, "x", "an entity in an attribute" },
		{ "ent-nested.qdpx",
		  "<!DOCTYPE Project [<!ENTITY a \"haha\"><!ENTITY b \"&a;&a;&a;&a;&a;\">"
		  "<!ENTITY c \"&b;&b;&b;&b;&b;\">]>\n",
		  "s", "&c;&c;&c;", "nested entities" },
		{ "ent-none.qdpx", "<!DOCTYPE Project>\n", "s", "x", "a DOCTYPE without entities" },
		{ "ent-ext.qdpx", "<!DOCTYPE Project SYSTEM \"file:///etc/passwd\">\n", "s", "x",
		  "an external DTD" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		cdr_buf q = CDR_BUF_INIT;
		cdr_buf_adds(&q, head);
		cdr_buf_adds(&q, cases[i].doctype);
		cdr_buf_printf(&q, body, cases[i].name, cases[i].text);
		const char *data[] = { q.data };
		make_zip(tmp(cases[i].file), names, data, 1, 0);
		expect_error(tmp(cases[i].file), NULL, CDR_EINPUT, cases[i].what,
			     "has a DOCTYPE, which no REFI-QDA file has");
		cdr_diag d = CDR_DIAG_INIT;
		cdr_qdpx_source *s;
		size_t n;
		cdr_qdpx_read(tmp(cases[i].file), NULL, &s, &n, &d);
		ok(d.count == 1 && strstr(d.items[0].file, cases[i].file) &&
			   strstr(d.items[0].file, "(project.qde)"),
		   "%s: one error, naming the archive and project.qde (%s)", cases[i].what,
		   d.count ? d.items[0].file : "");
		cdr_diag_free(&d);
		if (i == 0) {
			/* The same as a bare .qde. */
			spew(tmp("ent.qde"), q.data, q.len);
			expect_error(tmp("ent.qde"), NULL, CDR_EINPUT, "a bare .qde with an entity",
				     "DOCTYPE");
		}
		cdr_buf_free(&q);
	}

	/* A .qdc, which 'codebook import' reads. */
	cdr_buf c = CDR_BUF_INIT;
	cdr_buf_adds(&c, head);
	cdr_buf_adds(&c, ent.data);
	cdr_buf_printf(&c,
		       "<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\"><Codes><Code "
		       "guid=\"A1A1A1A1-0000-0000-0000-000000000001\" name=\"%s\" "
		       "isCodable=\"true\"><Description>%s</Description></Code></Codes>"
		       "</CodeBook>\n",
		       uses.data, uses.data);
	spew(tmp("ent.qdc"), c.data, c.len);
	cdr_diag d = CDR_DIAG_INIT;
	cdr_buf out = CDR_BUF_INIT;
	is_num(cdr_qdc_to_codebook(tmp("ent.qdc"), NULL, &out, &d), CDR_EINPUT,
	       "a .qdc with a DOCTYPE is refused");
	ok(d.count == 1 && strstr(d.items[0].message, "DOCTYPE") &&
		   strstr(d.items[0].file, "ent.qdc") && out.len == 0,
	   "naming the file and the DOCTYPE, with nothing written (%s)",
	   d.count ? d.items[0].message : "");
	cdr_buf_free(&out);
	cdr_diag_free(&d);
	cdr_buf_free(&c);
	cdr_buf_free(&ent);
	cdr_buf_free(&uses);
}

static void cleanup(void)
{
	DIR *dir = opendir(tmpdir);
	struct dirent *e;
	while (dir && (e = readdir(dir)))
		if (e->d_name[0] != '.')
			unlink(tmp(e->d_name));
	if (dir)
		closedir(dir);
	rmdir(tmpdir);
}

int main(void)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/test-refi-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_sha1();
	fixture f;
	if (ok(fixture_init(&f), "code the seeds")) {
		test_export(&f);
		test_round_trip(&f);
		test_positions(&f);
		test_names(&f);
		test_passages(&f);
		test_respondents(&f);
		test_many_cases(&f);
		test_qde_qdc(&f);
	}
	fixture_free(&f);
	test_other_qdc();
	test_qdc_same_names();
	test_other_qdpx();
	test_tool_positions();
	test_hostile();
	test_doctype();
	if (!getenv("TEST_REFI_KEEP"))
		cleanup();
	xmlCleanupParser();
	return tap_done();
}
