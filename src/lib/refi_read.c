/*
** refi_read.c -- importing REFI-QDA (see refi.h): a .qdc codebook to codeer's
** codebook language, and the texts and codings of a .qdpx project.
**
** Archives come from elsewhere and are treated as hostile: entry names are
** checked before anything is read, an entry is read only up to its declared
** size and only if that size is within the limit and not a zip bomb's, and the
** XML is parsed by the rules of every XML codeer reads (docx.h): never touching the
** network or external entities, refusing a DOCTYPE before any entity in it is
** declared, with libxml2's size limits on.
*/
#include "config.h"

#include "refi_read.h"
#include "codeid.h"
#include "docx.h"
#include "kwic.h"
#include "utf8.h"

#include <errno.h>
#include <stdarg.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

/* Entries smaller than this are never suspected of being zip bombs. */
#define BOMB_FLOOR ((zip_uint64_t)16 << 20)

/* Add an error about 'file' (line 'line', 0: none). */
static void err_at(cdr_diag *d, const char *file, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void err_at(cdr_diag *d, const char *file, size_t line, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	cdr_diag_pos pos = { file, line, 0, 0, NULL, 0 };
	cdr_diag_add(d, CDR_DIAG_ERROR, &pos, "%s", msg);
}

static size_t limit_of(const cdr_refi_options *opt)
{
	return opt && opt->max_entry_bytes ? opt->max_entry_bytes : CDR_REFI_MAX_ENTRY;
}

/* ---------------------------------------------------------------- XML --- */

/* The first error libxml2 reports while parsing. */
typedef struct first_error {
	int seen;
	int line, column;
	char message[512];
} first_error;

static void on_xml_error(void *user, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctx = user;
	first_error *fe = ctx ? ctx->_private : NULL;
	if (!fe || fe->seen || !e || e->level < XML_ERR_ERROR)
		return;
	fe->seen = 1;
	fe->line = e->line;
	fe->column = e->int2;
	snprintf(fe->message, sizeof fe->message, "%s", e->message ? e->message : "");
}

/* Parse buf[0..n) as XML named 'name' in diagnostics, by the rules for every XML
** codeer reads (docx.h).  Returns the document, or NULL with an error: that it has a
** DOCTYPE (which no REFI-QDA file has), or libxml2's first complaint and its line. */
static xmlDocPtr parse_xml(const char *name, const char *buf, size_t n, cdr_diag *d)
{
	if (n > INT_MAX) {
		err_at(d, name, 0, "the XML is too large to parse");
		return NULL;
	}
	cdr_xml_scan scan;
	memset(&scan, 0, sizeof scan);
	if (cdr_xml_scan_feed(&scan, buf, n)) {
		err_at(d, name, scan.line, "an element has more than %d attributes, codeer's limit",
		       CDR_XML_MAX_ATTRIBUTES);
		return NULL;
	}
	xmlParserCtxtPtr ctx = xmlNewParserCtxt();
	if (!ctx)
		cdr_out_of_memory(sizeof *ctx);
	first_error fe = { 0, 0, 0, "" };
	ctx->_private = &fe;
	ctx->sax->serror = on_xml_error;
	cdr_xml_refuse_doctype(ctx);
	xmlDocPtr doc = xmlCtxtReadMemory(ctx, buf, (int)n, NULL, NULL,
					  cdr_xml_options(XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
	if (cdr_xml_refused_doctype(ctx)) {
		cdr_xml_doctype_error(d, name, NULL, "REFI-QDA file");
		xmlFreeDoc(doc);
		doc = NULL;
	} else if (!doc || !ctx->wellFormed) {
		if (!fe.seen) {
			xmlErrorPtr e = xmlCtxtGetLastError(ctx);
			on_xml_error(ctx, e);
		}
		size_t k = strlen(fe.message);
		while (k && (fe.message[k - 1] == '\n' || fe.message[k - 1] == ' '))
			fe.message[--k] = '\0';
		cdr_diag_pos pos = { name,
				     fe.line > 0 ? (size_t)fe.line : 0,
				     fe.line > 0 && fe.column > 0 ? (size_t)fe.column : 0,
				     0,
				     NULL,
				     0 };
		cdr_diag_add(d, CDR_DIAG_ERROR, &pos, "malformed XML: %s",
			     k ? fe.message : "cannot be parsed");
		xmlFreeDoc(doc);
		doc = NULL;
	}
	xmlFreeParserCtxt(ctx);
	return doc;
}

static int is_el(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static const xmlNode *child(const xmlNode *n, const char *name)
{
	for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (is_el(c, name))
			return c;
	return NULL;
}

/* The attribute's value (owned), or NULL if absent. */
static char *attr(const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp((xmlNodePtr)n, (const xmlChar *)name);
	if (!v)
		return NULL;
	char *s = cdr_xstrdup((const char *)v);
	xmlFree(v);
	return s;
}

/* The text content of 'n' (owned, "" for none). */
static char *content(const xmlNode *n)
{
	xmlChar *v = n ? xmlNodeGetContent((xmlNodePtr)n) : NULL;
	char *s = cdr_xstrdup(v ? (const char *)v : "");
	xmlFree(v);
	return s;
}

/* A GUID in one spelling: no braces, lower case.  Returns 0 if 's' is no GUID. */
static int guid_norm(const char *s, char out[37])
{
	size_t n = s ? strlen(s) : 0;
	if (n == 38 && s[0] == '{' && s[37] == '}') {
		s++;
		n = 36;
	}
	if (n != 36)
		return 0;
	for (size_t i = 0; i < 36; i++) {
		char c = s[i];
		int dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? c != '-' : !strchr("0123456789abcdefABCDEF", c) || !c)
			return 0;
		out[i] = (char)(c >= 'A' && c <= 'F' ? c - 'A' + 'a' : c);
	}
	out[36] = '\0';
	return 1;
}

/* -------------------------------------------------------------- files --- */

/* Read the whole file at 'path' if it is at most 'limit' bytes. */
static cdr_rc slurp(const char *path, size_t limit, char **data, size_t *len, cdr_diag *d)
{
	*data = NULL;
	*len = 0;
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		err_at(d, path, 0, "cannot open: %s", strerror(errno));
		return CDR_EIO;
	}
	cdr_buf b = CDR_BUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
		if (b.len + n > limit) {
			fclose(fp);
			cdr_buf_free(&b);
			cdr_diag_pos pos = { path, 0, 0, 0, NULL, 0 };
			cdr_diag_add(d, CDR_DIAG_ERROR, &pos, "the file is larger than %zu bytes",
				     limit);
			return CDR_ELIMIT;
		}
		cdr_buf_add(&b, chunk, n);
	}
	int bad = ferror(fp);
	int err = errno;
	fclose(fp);
	if (bad) {
		cdr_buf_free(&b);
		err_at(d, path, 0, "cannot read: %s", strerror(err));
		return CDR_EIO;
	}
	*len = b.len;
	*data = cdr_buf_take(&b);
	return CDR_OK;
}

/* ------------------------------------------------------ .qdc -> codebook --- */

/* The ids given so far, in a hash table (open addressing); each remembers the
** suffix after which the next "id-N" is to be sought, so that a name that occurs
** k times costs k tries in all, not k^2 (5,000 codes of one name took 36 s). */
typedef struct id_slot {
	char *id;    /* NULL: empty */
	size_t next; /* for "id-N": the first N not yet tried (0: none tried) */
} id_slot;

typedef struct importer {
	cdr_buf *out;
	cdr_codeids ids;
	const char *file;
	cdr_diag *d;
} importer;

/* Append s as a one-line codebook value: line ends and tabs as spaces, runs of
** white space as one, trimmed. */
static void add_line_value(cdr_buf *b, const char *s, size_t n)
{
	int space = 0;
	size_t start = b->len;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
			space = 1;
			continue;
		}
		if (space && b->len > start)
			cdr_buf_addc(b, ' ');
		space = 0;
		cdr_buf_addc(b, c);
	}
}

/* A valid colour as "#rrggbb" in lower case, or "" (owned). */
static char *colour_of(const char *c)
{
	size_t n = c ? strlen(c) : 0;
	if (!c || c[0] != '#' || (n != 4 && n != 7))
		return cdr_xstrdup("");
	char out[8] = "#";
	for (size_t i = 1; i < n; i++) {
		char h = c[i];
		if (!h || !strchr("0123456789abcdefABCDEF", h))
			return cdr_xstrdup("");
		if (h >= 'A' && h <= 'F')
			h = (char)(h - 'A' + 'a');
		if (n == 4) {
			out[2 * i - 1] = h;
			out[2 * i] = h;
		} else {
			out[i] = h;
		}
	}
	out[7] = '\0';
	return cdr_xstrdup(out);
}

static int truthy(const char *v)
{
	return v && (strcmp(v, "true") == 0 || strcmp(v, "1") == 0);
}

typedef struct code_list {
	cdr_qdc_code *v;
	size_t n, cap;
} code_list;

/* Collect the Code elements below 'codes' in document order; 'group' is the
** group path of the parent, 'parent' its index in the list ((size_t)-1: none). */
static void list_codes(code_list *l, const xmlNode *codes, const char *group, size_t parent)
{
	for (const xmlNode *c = codes->children; c; c = c->next) {
		if (!is_el(c, "Code"))
			continue;
		char *name = attr(c, "name");
		char *codable = attr(c, "isCodable");
		char *colour_attr = attr(c, "color");
		char *guid = attr(c, "guid");
		char *def = content(child(c, "Description"));
		CDR_GROW(l->v, l->cap, l->n + 1);
		cdr_qdc_code *q = &l->v[l->n++];
		memset(q, 0, sizeof *q);
		if (!guid_norm(guid, q->guid))
			q->guid[0] = '\0';
		cdr_buf b = CDR_BUF_INIT;
		add_line_value(&b, name ? name : "", name ? strlen(name) : 0);
		q->name = cdr_xstrdup(cdr_buf_cstr(&b));
		q->group = cdr_xstrdup(group);
		q->colour = colour_of(colour_attr);
		q->codable = truthy(codable);
		q->parent = parent;
		if (colour_attr && !q->colour[0])
			q->bad_colour = cdr_xstrdup(colour_attr);
		q->line = (size_t)xmlGetLineNo((xmlNodePtr)c);
		/* The description: each line one value, the lines joined by '\n'. */
		cdr_buf_reset(&b);
		for (const char *p = def; *p;) {
			size_t k = strcspn(p, "\r\n");
			size_t before = b.len;
			if (b.len)
				cdr_buf_addc(&b, '\n');
			size_t mark = b.len;
			add_line_value(&b, p, k);
			if (b.len == mark)
				b.len = before, b.data[before] = '\0';
			p += k;
			while (*p == '\r' || *p == '\n')
				p++;
		}
		q->definition = cdr_xstrdup(cdr_buf_cstr(&b));
		/* Children: this code's name (" / " written "/") extends the path. */
		cdr_buf_reset(&b);
		cdr_buf_adds(&b, group);
		if (q->name[0]) {
			if (b.len)
				cdr_buf_adds(&b, " / ");
			for (const char *p = q->name; *p; p++) {
				if (strncmp(p, " / ", 3) == 0) {
					cdr_buf_addc(&b, '/');
					p += 2;
				} else {
					cdr_buf_addc(&b, *p);
				}
			}
		}
		char *sub = cdr_buf_take(&b);
		list_codes(l, c, sub, (size_t)(q - l->v));
		free(sub);
		free(name);
		free(codable);
		free(colour_attr);
		free(guid);
		free(def);
	}
}

/* Write the codes 'v[0..n)' (cdr_qdc_read_codes' order: parents first) as codebook
** entries: each codable one a 'code:' with a unique id made from its name under its
** parent's id part. */
static void import_codes(importer *im, const cdr_qdc_code *v, size_t n)
{
	char **part = cdr_xcalloc(n + 1, sizeof *part); /* each code's id part */
	for (size_t i = 0; i < n; i++) {
		const cdr_qdc_code *q = &v[i];
		const char *parent_id = q->parent == (size_t)-1 ? "" : part[q->parent];
		char *id = NULL;
		if (q->codable) {
			id = cdr_codeid_make(&im->ids, q->name, parent_id);
			cdr_buf *o = im->out;
			cdr_buf_printf(o, "\ncode: %s\n", id);
			if (q->name[0])
				cdr_buf_printf(o, "  label: %s\n", q->name);
			if (q->group[0])
				cdr_buf_printf(o, "  group: %s\n", q->group);
			if (q->colour[0])
				cdr_buf_printf(o, "  colour: %s\n", q->colour);
			else if (q->bad_colour) {
				cdr_diag_pos pos = { im->file, q->line, 0, 0, NULL, 0 };
				cdr_diag_add(
					im->d, CDR_DIAG_WARNING, &pos,
					"code '%s': colour '%s' is not #rgb or #rrggbb; left out",
					q->name, q->bad_colour);
			}
			/* One 'definition' per line of the description. */
			for (const char *p = q->definition; *p;) {
				size_t k = strcspn(p, "\n");
				cdr_buf_printf(o, "  definition: %.*s\n", (int)k, p);
				p += k + (p[k] == '\n');
			}
		}
		part[i] = id ? id : cdr_codeid_slug(q->name);
	}
	for (size_t i = 0; i < n; i++)
		free(part[i]);
	free(part);
}

/* Read the .qdc (or a project's codebook) at 'path': its document in *doc (free
** with xmlFreeDoc) and its Codes element in *codes. */
static cdr_rc read_qdc(const char *path, const cdr_refi_options *opt, xmlDocPtr *doc,
		       const xmlNode **codes, cdr_diag *d)
{
	char *data;
	size_t len;
	cdr_rc rc = slurp(path, limit_of(opt), &data, &len, d);
	if (rc != CDR_OK)
		return rc;
	*doc = parse_xml(path, data, len, d);
	free(data);
	if (!*doc)
		return CDR_EINPUT;
	const xmlNode *root = xmlDocGetRootElement(*doc);
	*codes = NULL;
	if (is_el(root, "CodeBook"))
		*codes = child(root, "Codes");
	else if (is_el(root, "Project"))
		*codes = child(child(root, "CodeBook"), "Codes");
	if (!*codes) {
		err_at(d, path, 0, "not a REFI-QDA codebook (no CodeBook/Codes)");
		xmlFreeDoc(*doc);
		*doc = NULL;
		return CDR_EINPUT;
	}
	return CDR_OK;
}

cdr_rc cdr_qdc_to_codebook(const char *path, const cdr_refi_options *opt, cdr_buf *out, cdr_diag *d)
{
	xmlDocPtr doc;
	const xmlNode *codes;
	cdr_rc rc = read_qdc(path, opt, &doc, &codes, d);
	if (rc != CDR_OK)
		return rc;

	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *dot = strrchr(base, '.');
	size_t blen = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	char *origin = attr(xmlDocGetRootElement(doc), "origin");
	cdr_buf_adds(out, "# Imported from the REFI-QDA codebook ");
	add_line_value(out, base, strlen(base));
	if (origin && origin[0]) {
		cdr_buf_adds(out, " (written by ");
		add_line_value(out, origin, strlen(origin));
		cdr_buf_adds(out, ")");
	}
	cdr_buf_adds(out, ".\n# The codes have no rules yet: add word, glob, phrase or regex "
			  "entries.\ncodebook: ");
	size_t mark = out->len;
	add_line_value(out, base, blen);
	if (out->len == mark)
		cdr_buf_adds(out, "codebook");
	cdr_buf_addc(out, '\n');
	free(origin);

	code_list l = { NULL, 0, 0 };
	list_codes(&l, codes, "", (size_t)-1);
	xmlFreeDoc(doc);
	importer im = { out, CDR_CODEIDS_INIT, path, d };
	im.ids.work = opt ? opt->work : NULL;
	import_codes(&im, l.v, l.n);
	cdr_qdc_codes_free(l.v, l.n);
	size_t nids = im.ids.count;
	if (nids == 0)
		err_at(d, path, 0, "the codebook has no codable codes");
	cdr_codeids_free(&im.ids);
	return nids == 0 ? CDR_EINPUT : CDR_OK;
}

/* ------------------------------------------------------ .qdc -> codes --- */

cdr_rc cdr_qdc_read_codes(const char *path, const cdr_refi_options *opt, cdr_qdc_code **codes,
			  size_t *count, cdr_diag *d)
{
	*codes = NULL;
	*count = 0;
	xmlDocPtr doc;
	const xmlNode *list;
	cdr_rc rc = read_qdc(path, opt, &doc, &list, d);
	if (rc != CDR_OK)
		return rc;
	code_list l = { NULL, 0, 0 };
	list_codes(&l, list, "", (size_t)-1);
	xmlFreeDoc(doc);
	*codes = l.v;
	*count = l.n;
	return CDR_OK;
}

void cdr_qdc_codes_free(cdr_qdc_code *codes, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		free(codes[i].name);
		free(codes[i].group);
		free(codes[i].colour);
		free(codes[i].definition);
		free(codes[i].bad_colour);
	}
	free(codes);
}

/* -------------------------------------------------------- .qdpx -> text --- */

typedef struct code_ref {
	char guid[37];
	char *name, *path;
} code_ref;

typedef struct reader {
	const char *path;     /* the archive or .qde */
	char *xmlname;        /* the project file, as diagnostics name it */
	zip_t *zip;           /* NULL for a bare .qde */
	const char *qde_name; /* its entry in the archive */
	size_t limit;
	int utf16;
	int crlf_one; /* the tool that wrote it counts a CRLF as one position */
	cdr_diag *d;
	code_ref *codes;
	size_t ncodes, capcodes;
	cdr_qdpx_source *src;
	size_t nsrc, capsrc;
	struct entry_ref *entries; /* the archive's entries by lower-case name */
	size_t nentries;
	size_t *work; /* cdr_refi_options.work */
} reader;

/* An archive entry under its name in ASCII lower case, for finding a source's text
** without regard to case: libzip's ZIP_FL_NOCASE look-up reads every name, once per
** source (a survey project of 100,000 answers took 21 s). */
typedef struct entry_ref {
	char *lower;
	zip_uint64_t index;
} entry_ref;

static int entry_cmp(const void *a, const void *b)
{
	const entry_ref *x = a, *y = b;
	int c = strcmp(x->lower, y->lower);
	return c ? c : x->index < y->index ? -1 : x->index > y->index;
}

static char *ascii_lower(const char *s)
{
	char *l = cdr_xstrdup(s);
	for (char *p = l; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return l;
}

/* The index of the first entry named 'name' without regard to ASCII case (as
** zip_name_locate with ZIP_FL_NOCASE finds it), or -1. */
static zip_int64_t entry_locate(reader *r, const char *name)
{
	char *key = ascii_lower(name);
	size_t lo = 0, hi = r->nentries;
	while (lo < hi) { /* the first entry not below key */
		size_t mid = lo + (hi - lo) / 2;
		if (r->work)
			(*r->work)++;
		if (strcmp(r->entries[mid].lower, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	zip_int64_t found = lo < r->nentries && strcmp(r->entries[lo].lower, key) == 0
				    ? (zip_int64_t)r->entries[lo].index
				    : -1;
	free(key);
	return found;
}

static int code_cmp(const void *a, const void *b)
{
	return strcmp(((const code_ref *)a)->guid, ((const code_ref *)b)->guid);
}

static void collect_codes(reader *r, const xmlNode *codes, const char *path)
{
	for (const xmlNode *c = codes->children; c; c = c->next) {
		if (!is_el(c, "Code"))
			continue;
		char *g = attr(c, "guid");
		char *name = attr(c, "name");
		CDR_GROW(r->codes, r->capcodes, r->ncodes + 1);
		code_ref *k = &r->codes[r->ncodes];
		if (guid_norm(g, k->guid)) {
			k->name = cdr_xstrdup(name ? name : "");
			k->path = cdr_xstrdup(path);
			r->ncodes++;
		}
		cdr_buf sub = CDR_BUF_INIT;
		cdr_buf_adds(&sub, path);
		if (sub.len)
			cdr_buf_adds(&sub, " / ");
		cdr_buf_adds(&sub, name ? name : "");
		collect_codes(r, c, cdr_buf_cstr(&sub));
		cdr_buf_free(&sub);
		free(g);
		free(name);
	}
}

static const code_ref *find_code(const reader *r, const char *guid)
{
	code_ref key;
	if (!guid_norm(guid, key.guid))
		return NULL;
	return bsearch(&key, r->codes, r->ncodes, sizeof *r->codes, code_cmp);
}

/* Is the archive entry name safe: relative, with no '..' component? */
static int safe_name(const char *n)
{
	if (!n[0] || n[0] == '/' || n[0] == '\\')
		return 0;
	if (((n[0] >= 'A' && n[0] <= 'Z') || (n[0] >= 'a' && n[0] <= 'z')) && n[1] == ':')
		return 0;
	for (const char *p = n; *p;) {
		size_t k = strcspn(p, "/\\");
		if (k == 2 && p[0] == '.' && p[1] == '.')
			return 0;
		p += k;
		if (*p)
			p++;
	}
	return 1;
}

/* Read entry 'i' (named 'name') whole, within the limits. */
static cdr_rc read_entry(reader *r, zip_uint64_t i, const char *name, char **data, size_t *len)
{
	cdr_buf shown = CDR_BUF_INIT;
	cdr_buf_printf(&shown, "%s(%s)", r->path, name);
	const char *where = cdr_buf_cstr(&shown);
	cdr_rc rc = CDR_OK;
	zip_stat_t st;
	zip_file_t *f = NULL;
	*data = NULL;
	*len = 0;
	if (zip_stat_index(r->zip, i, 0, &st) < 0 || !(st.valid & ZIP_STAT_SIZE) ||
	    !(st.valid & ZIP_STAT_COMP_SIZE)) {
		err_at(r->d, where, 0, "cannot read the entry's size");
		rc = CDR_EINPUT;
		goto done;
	}
	if (st.size > r->limit) {
		cdr_diag_pos pos = { where, 0, 0, 0, NULL, 0 };
		cdr_diag_add(r->d, CDR_DIAG_ERROR, &pos,
			     "the entry would unpack to %llu bytes, more than the limit of %zu",
			     (unsigned long long)st.size, r->limit);
		rc = CDR_ELIMIT;
		goto done;
	}
	if (st.size > BOMB_FLOOR &&
	    st.size / (st.comp_size ? st.comp_size : 1) > CDR_REFI_MAX_RATIO) {
		cdr_diag_pos pos = { where, 0, 0, 0, NULL, 0 };
		cdr_diag_add(r->d, CDR_DIAG_ERROR, &pos,
			     "the entry would unpack from %llu to %llu bytes, more than %d times: "
			     "refused as a possible zip bomb",
			     (unsigned long long)st.comp_size, (unsigned long long)st.size,
			     CDR_REFI_MAX_RATIO);
		rc = CDR_ELIMIT;
		goto done;
	}
	f = zip_fopen_index(r->zip, i, 0);
	if (!f) {
		err_at(r->d, where, 0, "cannot open the entry: %s",
		       zip_error_strerror(zip_get_error(r->zip)));
		rc = CDR_EINPUT;
		goto done;
	}
	size_t n = (size_t)st.size;
	char *p = cdr_xmalloc(n + 1);
	size_t got = 0;
	while (got < n) {
		zip_int64_t k = zip_fread(f, p + got, n - got);
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	char extra;
	if (got != n || zip_fread(f, &extra, 1) != 0) {
		err_at(r->d, where, 0, "the entry is damaged: %s",
		       got != n ? zip_file_strerror(f) : "longer than declared");
		free(p);
		rc = CDR_EINPUT;
		goto done;
	}
	p[n] = '\0';
	*data = p;
	*len = n;
done:
	if (f)
		zip_fclose(f);
	cdr_buf_free(&shown);
	return rc;
}

/* Check every entry name; find the project file.  Returns CDR_OK with *qde set. */
static cdr_rc scan_archive(reader *r, zip_uint64_t *qde)
{
	zip_int64_t n = zip_get_num_entries(r->zip, 0);
	zip_int64_t found = -1;
	int exact = 0;
	r->entries = cdr_xcalloc(n > 0 ? (size_t)n : 1, sizeof *r->entries);
	for (zip_int64_t i = 0; i < n; i++) {
		const char *name = zip_get_name(r->zip, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
		if (!name) {
			err_at(r->d, r->path, 0, "an entry has no readable name");
			return CDR_EINPUT;
		}
		if (!safe_name(name)) {
			err_at(r->d, r->path, 0,
			       "entry '%s' points outside the archive (an absolute path or '..'): "
			       "refusing the archive",
			       name);
			return CDR_EINPUT;
		}
		r->entries[r->nentries].lower = ascii_lower(name);
		r->entries[r->nentries++].index = (zip_uint64_t)i;
		size_t k = strlen(name);
		if (strchr(name, '/') || k < 4 || strcasecmp(name + k - 4, ".qde") != 0)
			continue;
		int is_project = strcasecmp(name, "project.qde") == 0;
		if (found < 0 || (is_project && !exact)) {
			found = i;
			exact = is_project;
		}
	}
	if (found < 0) {
		err_at(r->d, r->path, 0,
		       "the archive holds no project.qde (is it a REFI-QDA .qdpx file?)");
		return CDR_EINPUT;
	}
	if (r->nentries > 1)
		qsort(r->entries, r->nentries, sizeof *r->entries, entry_cmp);
	*qde = (zip_uint64_t)found;
	return CDR_OK;
}

/* The text of TextSource 'ts' into *text (owned), from sources/ (then
** *from_file is set) or PlainTextContent. */
static cdr_rc source_text(reader *r, const xmlNode *ts, const char *sname, char **text, size_t *len,
			  int *from_file)
{
	char *ptp = attr(ts, "plainTextPath");
	const xmlNode *ptc = child(ts, "PlainTextContent");
	cdr_rc rc = CDR_OK;
	*text = NULL;
	*len = 0;
	if (ptp && strncmp(ptp, "internal://", 11) == 0) {
		const char *file = ptp + 11;
		if (!file[0] || strchr(file, '/') || strchr(file, '\\') || !safe_name(file)) {
			err_at(r->d, r->xmlname, (size_t)xmlGetLineNo((xmlNodePtr)ts),
			       "source '%s': plainTextPath '%s' is not a file in sources/", sname,
			       ptp);
			rc = CDR_EINPUT;
		} else if (!r->zip) {
			err_at(r->d, r->xmlname, (size_t)xmlGetLineNo((xmlNodePtr)ts),
			       "source '%s' is in '%s', but a bare .qde has no sources/ folder",
			       sname, ptp);
			rc = CDR_EINPUT;
		} else {
			cdr_buf e = CDR_BUF_INIT;
			cdr_buf_printf(&e, "sources/%s", file);
			zip_int64_t i = entry_locate(r, e.data);
			if (i < 0) {
				err_at(r->d, r->path, 0,
				       "source '%s': the archive holds no '%s' (plainTextPath)",
				       sname, e.data);
				rc = CDR_EINPUT;
			} else {
				rc = read_entry(r, (zip_uint64_t)i, e.data, text, len);
				*from_file = 1;
			}
			cdr_buf_free(&e);
		}
	} else if (ptc) {
		*text = content(ptc);
		*len = strlen(*text);
	} else if (ptp) {
		err_at(r->d, r->xmlname, (size_t)xmlGetLineNo((xmlNodePtr)ts),
		       "source '%s' is an external file ('%s'), which is not read", sname, ptp);
		rc = CDR_EINPUT;
	} else {
		err_at(r->d, r->xmlname, (size_t)xmlGetLineNo((xmlNodePtr)ts),
		       "source '%s' has neither plainTextPath nor PlainTextContent", sname);
		rc = CDR_EINPUT;
	}
	free(ptp);
	return rc;
}

/* Parse a non-negative xs:integer; returns 0 if 's' is not one. */
static int parse_pos(const char *s, size_t *out)
{
	if (!s)
		return 0;
	while (*s == ' ')
		s++;
	if (*s == '+')
		s++;
	if (!(*s >= '0' && *s <= '9'))
		return 0;
	size_t v = 0;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > ((size_t)-1 - 9) / 10)
			return 0;
		v = v * 10 + (size_t)(*s - '0');
	}
	while (*s == ' ')
		s++;
	if (*s)
		return 0;
	*out = v;
	return 1;
}

static cdr_rc add_coding(reader *r, cdr_qdpx_source *s, const xmlNode *coding, size_t start,
			 size_t end)
{
	char *target = attr(child(coding, "CodeRef"), "targetGUID");
	const code_ref *k = find_code(r, target);
	if (!k) {
		err_at(r->d, r->xmlname, (size_t)xmlGetLineNo((xmlNodePtr)coding),
		       "a coding in source '%s' refers to no code of the codebook ('%s')", s->name,
		       target ? target : "");
		free(target);
		return CDR_EINPUT;
	}
	free(target);
	s->codings = cdr_xreallocarray(s->codings, s->ncodings + 1, sizeof *s->codings);
	cdr_qdpx_coding *c = &s->codings[s->ncodings++];
	c->code = cdr_xstrdup(k->name);
	c->path = cdr_xstrdup(k->path);
	c->start = start;
	c->end = end;
	return CDR_OK;
}

typedef struct upos {
	size_t pos; /* UTF-16 units, then code points */
	size_t idx; /* 2 * coding + (0: start, 1: end) */
} upos;

static int upos_cmp(const void *a, const void *b)
{
	const upos *x = a, *y = b;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* The positions character 'c' (followed by 'next') takes: 2 for one outside the
** BMP in UTF-16 units, 0 for the CR of a CRLF when a CRLF counts as one. */
static size_t weight(uint32_t c, int next, int utf16, int crlf_one)
{
	if (c == '\r' && next == '\n' && crlf_one)
		return 0;
	return utf16 && c >= 0x10000 ? 2 : 1;
}

/* The length of s->text in positions as the project counts them. */
static size_t length_in_units(const cdr_qdpx_source *s, int utf16, int crlf_one)
{
	size_t total = 0;
	for (size_t b = 0; b < s->len;) {
		size_t l;
		uint32_t c = cdr_utf8_decode((const unsigned char *)s->text + b, &l);
		b += l;
		total += weight(c, b < s->len ? s->text[b] : 0, utf16, crlf_one);
	}
	return total;
}

/* Turn positions counted in UTF-16 units and/or with a CRLF as one (all within
** the text) into code points of s->text; a position inside a surrogate pair moves
** to the character's end, one at a CRLF stands before its CR. */
static void units_to_cps(cdr_qdpx_source *s, int utf16, int crlf_one)
{
	size_t n = 2 * s->ncodings;
	upos *p = cdr_xcalloc(n, sizeof *p);
	for (size_t i = 0; i < s->ncodings; i++) {
		p[2 * i] = (upos){ s->codings[i].start, 2 * i };
		p[2 * i + 1] = (upos){ s->codings[i].end, 2 * i + 1 };
	}
	qsort(p, n, sizeof *p, upos_cmp);
	size_t units = 0, cps = 0, b = 0, j = 0;
	for (;;) {
		for (; j < n && p[j].pos <= units; j++)
			p[j].pos = cps;
		if (j == n || b >= s->len)
			break;
		size_t l;
		uint32_t c = cdr_utf8_decode((const unsigned char *)s->text + b, &l);
		b += l;
		units += weight(c, b < s->len ? s->text[b] : 0, utf16, crlf_one);
		cps++;
	}
	for (; j < n; j++)
		p[j].pos = cps;
	for (size_t i = 0; i < n; i++) {
		cdr_qdpx_coding *c = &s->codings[p[i].idx / 2];
		if (p[i].idx % 2)
			c->end = p[i].pos;
		else
			c->start = p[i].pos;
	}
	free(p);
}

static void free_members(cdr_qdpx_source *s)
{
	free(s->name);
	free(s->text);
	for (size_t k = 0; k < s->ncodings; k++) {
		free(s->codings[k].code);
		free(s->codings[k].path);
	}
	free(s->codings);
}

void cdr_qdpx_sources_free(cdr_qdpx_source *s, size_t count)
{
	if (!s)
		return;
	for (size_t i = 0; i < count; i++)
		free_members(&s[i]);
	free(s);
}

static cdr_rc read_source(reader *r, const xmlNode *ts)
{
	char *name = attr(ts, "name");
	cdr_qdpx_source s = { name ? name : cdr_xstrdup(""), NULL, 0, NULL, 0 };
	int from_file = 0;
	cdr_rc rc = source_text(r, ts, s.name, &s.text, &s.len, &from_file);
	if (rc != CDR_OK)
		goto fail;
	/* A byte order mark starts a file, not its text; in PlainTextContent U+FEFF
	** is a character like any other. */
	if (from_file && s.len >= 3 && memcmp(s.text, "\xEF\xBB\xBF", 3) == 0) {
		memmove(s.text, s.text + 3, s.len - 2);
		s.len -= 3;
	}
	cdr_utf8_error ue;
	if (!cdr_utf8_validate(s.text, s.len, &ue)) {
		cdr_diag_pos pos = { s.name, ue.line, ue.column, 1, NULL, 0 };
		cdr_diag_add(r->d, CDR_DIAG_ERROR, &pos, "invalid UTF-8 (byte 0x%02X) in source",
			     ue.byte);
		rc = CDR_EINPUT;
		goto fail;
	}
	if (memchr(s.text, '\0', s.len)) {
		err_at(r->d, r->path, 0, "source '%s' holds a NUL character", s.name);
		rc = CDR_EINPUT;
		goto fail;
	}

	/* Codings: in selections, then of the whole source. */
	int recount = r->utf16 || (r->crlf_one && memchr(s.text, '\r', s.len));
	size_t total = recount ? length_in_units(&s, r->utf16, r->crlf_one)
			       : cdr_utf8_count(s.text, s.len);
	for (const xmlNode *sel = ts->children; sel; sel = sel->next) {
		size_t start, end;
		if (is_el(sel, "Coding")) {
			rc = add_coding(r, &s, sel, 0, total);
			if (rc != CDR_OK)
				goto fail;
			continue;
		}
		if (!is_el(sel, "PlainTextSelection"))
			continue;
		char *a = attr(sel, "startPosition"), *b = attr(sel, "endPosition");
		int ok = parse_pos(a, &start) && parse_pos(b, &end) && start <= end && end <= total;
		if (!ok) {
			cdr_diag_pos pos = { r->xmlname, (size_t)xmlGetLineNo((xmlNodePtr)sel),
					     0,          0,
					     NULL,       0 };
			cdr_diag_add(r->d, CDR_DIAG_ERROR, &pos,
				     "source '%s': selection %s-%s is not a range of its text (%zu "
				     "%s%s)",
				     s.name, a ? a : "?", b ? b : "?", total,
				     r->utf16 ? "UTF-16 units" : "code points",
				     recount && r->crlf_one ? ", a CRLF as one" : "");
		}
		free(a);
		free(b);
		if (!ok) {
			rc = CDR_EINPUT;
			goto fail;
		}
		for (const xmlNode *c = sel->children; c; c = c->next)
			if (is_el(c, "Coding") && (rc = add_coding(r, &s, c, start, end)) != CDR_OK)
				goto fail;
	}
	if (recount)
		units_to_cps(&s, r->utf16, r->crlf_one);
	CDR_GROW(r->src, r->capsrc, r->nsrc + 1);
	r->src[r->nsrc++] = s;
	return CDR_OK;
fail:
	free_members(&s);
	return rc;
}

/* Does the tool that wrote the project (Project/@origin) count a CRLF as one
** position?  ATLAS.ti does (QualCoder's importer relies on it), MAXQDA too as far
** as is known, and QualCoder when it exports with CRLF for MAXQDA; NVivo counts
** the CR, as the standard's code points do. */
static int counts_crlf_as_one(const xmlNode *root)
{
	char *origin = attr(root, "origin");
	int one = 0;
	static const char *const tools[] = { "atlas", "maxqda", "qualcoder" };
	for (size_t i = 0; origin && i < sizeof tools / sizeof *tools; i++) {
		size_t k = strlen(tools[i]);
		for (const char *p = origin; *p && !one; p++)
			one = strncasecmp(p, tools[i], k) == 0;
	}
	free(origin);
	return one;
}

cdr_rc cdr_qdpx_read(const char *path, const cdr_refi_options *opt, cdr_qdpx_source **sources,
		     size_t *count, cdr_diag *d)
{
	reader r = { .path = path,
		     .limit = limit_of(opt),
		     .utf16 = opt && opt->utf16_positions,
		     .d = d,
		     .work = opt ? opt->work : NULL };
	char *xml = NULL;
	size_t xlen = 0;
	xmlDocPtr doc = NULL;
	cdr_rc rc;
	*sources = NULL;
	*count = 0;

	/* A zip archive, or a bare .qde? */
	unsigned char sig[4] = { 0 };
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		err_at(d, path, 0, "cannot open: %s", strerror(errno));
		return CDR_EIO;
	}
	size_t got = fread(sig, 1, sizeof sig, fp);
	fclose(fp);
	if (got == 4 && memcmp(sig, "PK\x03\x04", 4) == 0) {
		int zerr = 0;
		r.zip = zip_open(path, ZIP_RDONLY, &zerr);
		if (!r.zip) {
			zip_error_t ze;
			zip_error_init_with_code(&ze, zerr);
			err_at(d, path, 0, "not a readable zip archive: %s",
			       zip_error_strerror(&ze));
			zip_error_fini(&ze);
			return CDR_EINPUT;
		}
		zip_uint64_t qi;
		rc = scan_archive(&r, &qi);
		if (rc == CDR_OK) {
			r.qde_name = zip_get_name(r.zip, qi, ZIP_FL_ENC_RAW);
			rc = read_entry(&r, qi, r.qde_name, &xml, &xlen);
		}
	} else {
		rc = slurp(path, r.limit, &xml, &xlen, d);
	}
	if (rc != CDR_OK)
		goto done;

	{
		cdr_buf shown = CDR_BUF_INIT;
		if (r.zip)
			cdr_buf_printf(&shown, "%s(%s)", path, r.qde_name);
		else
			cdr_buf_adds(&shown, path);
		r.xmlname = cdr_buf_take(&shown);
	}
	doc = parse_xml(r.xmlname, xml, xlen, d);
	free(xml);
	if (!doc) {
		rc = CDR_EINPUT;
		goto done;
	}
	const xmlNode *root = xmlDocGetRootElement(doc);
	if (!is_el(root, "Project")) {
		err_at(d, path, 0, "not a REFI-QDA project (the root is not Project)");
		rc = CDR_EINPUT;
		goto done;
	}
	r.crlf_one = counts_crlf_as_one(root);
	const xmlNode *codes = child(child(root, "CodeBook"), "Codes");
	if (codes)
		collect_codes(&r, codes, "");
	qsort(r.codes, r.ncodes, sizeof *r.codes, code_cmp);
	for (const xmlNode *ts = child(root, "Sources"); ts; ts = NULL)
		for (const xmlNode *c = ts->children; c && rc == CDR_OK; c = c->next)
			if (is_el(c, "TextSource"))
				rc = read_source(&r, c);
done:
	xmlFreeDoc(doc);
	free(r.xmlname);
	if (r.zip)
		zip_discard(r.zip);
	for (size_t i = 0; i < r.nentries; i++)
		free(r.entries[i].lower);
	free(r.entries);
	for (size_t i = 0; i < r.ncodes; i++) {
		free(r.codes[i].name);
		free(r.codes[i].path);
	}
	free(r.codes);
	if (rc != CDR_OK) {
		cdr_qdpx_sources_free(r.src, r.nsrc);
		return rc;
	}
	*sources = r.src;
	*count = r.nsrc;
	return CDR_OK;
}
