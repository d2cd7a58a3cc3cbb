/*
** refi_write.c -- exporting to REFI-QDA (see refi.h): the .qdpx archive, the bare
** .qde project and the .qdc codebook, reproducible to the byte.
**
** The XML is written by hand into buffers, so that the bytes depend on nothing
** but the input.  The project is assembled in memory: a source's text goes into
** the archive once the source is complete (a document, or a respondent's last
** answer), project.qde when the writer is closed (variable types and the names
** sources are shown by are only known once everything has been seen).
*/
#include "config.h"

#include "refi_write.h"
#include "kwic.h"
#include "outfile.h"
#include "writer.h"
#include "sha1.h"
#include "utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>

/* codeer's namespace for name-based UUIDs (a random version 4 UUID). */
static const unsigned char uuid_namespace[16] = { 0x5b, 0xcf, 0x6a, 0xac, 0x85, 0x89, 0x4e, 0xc5,
						  0xa4, 0x7e, 0xdb, 0x89, 0xfa, 0x09, 0x08, 0x6e };

/* The user every coding is attributed to. */
#define USER_NAME "codeer"

/* Selection names quote the selected text up to this many code points. */
#define NAME_MAX_CPS 100

/* ------------------------------------------------------------- GUIDs --- */

static void uuid_raw(const void *name, size_t n, unsigned char out[16])
{
	unsigned char dig[CDR_SHA1_LEN];
	cdr_sha1 s;
	cdr_sha1_init(&s);
	cdr_sha1_update(&s, uuid_namespace, sizeof uuid_namespace);
	cdr_sha1_update(&s, name, n);
	cdr_sha1_final(&s, dig);
	memcpy(out, dig, 16);
	out[6] = (unsigned char)((out[6] & 0x0F) | 0x50); /* version 5 */
	out[8] = (unsigned char)((out[8] & 0x3F) | 0x80); /* RFC 4122 variant */
}

static void uuid_format(const unsigned char u[16], char out[37])
{
	static const char hex[] = "0123456789abcdef";
	size_t k = 0;
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[k++] = '-';
		out[k++] = hex[u[i] >> 4];
		out[k++] = hex[u[i] & 15];
	}
	out[k] = '\0';
}

void cdr_refi_uuid(const void *name, size_t n, char out[37])
{
	unsigned char u[16];
	uuid_raw(name, n, u);
	uuid_format(u, out);
}

/* The GUIDs handed out so far, so that none is given twice (a hash set; an all-zero
** slot is empty, which no version 5 UUID is). */
typedef struct guidset {
	unsigned char (*v)[16];
	size_t n, cap;
} guidset;

static size_t slot_of(const guidset *s, const unsigned char u[16])
{
	uint64_t h;
	memcpy(&h, u, sizeof h);
	size_t i = (size_t)h & (s->cap - 1);
	while (s->v[i][6] && memcmp(s->v[i], u, 16) != 0)
		i = (i + 1) & (s->cap - 1);
	return i;
}

static void set_insert(guidset *s, const unsigned char u[16])
{
	if (2 * (s->n + 1) > s->cap) {
		guidset g = { NULL, 0, s->cap ? 2 * s->cap : 256 };
		g.v = cdr_xcalloc(g.cap, sizeof *g.v);
		for (size_t i = 0; i < s->cap; i++)
			if (s->v[i][6])
				memcpy(g.v[slot_of(&g, s->v[i])], s->v[i], 16);
		g.n = s->n;
		free(s->v);
		*s = g;
	}
	memcpy(s->v[slot_of(s, u)], u, 16);
	s->n++;
}

static int set_has(const guidset *s, const unsigned char u[16])
{
	return s->cap && s->v[slot_of(s, u)][6];
}

/* The GUID named by key[0..n), made unique in 's': a key seen before gets "\n#2",
** "\n#3", ... appended, so the result depends only on the keys and their order. */
static void mint(guidset *s, const char *key, size_t n, char out[37])
{
	unsigned char u[16];
	uuid_raw(key, n, u);
	if (set_has(s, u)) {
		cdr_buf k = CDR_BUF_INIT;
		for (size_t i = 2; set_has(s, u); i++) {
			cdr_buf_reset(&k);
			cdr_buf_add(&k, key, n);
			cdr_buf_printf(&k, "\n#%zu", i);
			uuid_raw(k.data, k.len, u);
		}
		cdr_buf_free(&k);
	}
	set_insert(s, u);
	uuid_format(u, out);
}

static void mints(guidset *s, const cdr_buf *key, char out[37])
{
	mint(s, key->data ? key->data : "", key->len, out);
}

/* --------------------------------------------------------------- XML --- */

/* Append s[0..n) as XML character data (in an attribute value if 'attr'):
** markup characters escaped; characters XML 1.0 cannot hold (C0 controls other
** than tab, LF and CR, U+FFFE, U+FFFF) and invalid UTF-8 bytes written as U+FFFD,
** one for one, so that positions counted in code points stay right. */
static void xml_add(cdr_buf *b, const char *s, size_t n, int attr)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	while (p < end) {
		const unsigned char *q = p;
		while (q < end && *q >= 0x20 && *q < 0x80 && *q != '&' && *q != '<' && *q != '>' &&
		       *q != '"')
			q++;
		cdr_buf_add(b, p, (size_t)(q - p));
		p = q;
		if (p == end)
			break;
		unsigned c = *p;
		if (c < 0x80) {
			p++;
			switch (c) {
			case '&':
				cdr_buf_adds(b, "&amp;");
				break;
			case '<':
				cdr_buf_adds(b, "&lt;");
				break;
			case '>':
				cdr_buf_adds(b, "&gt;");
				break;
			case '"':
				cdr_buf_adds(b, attr ? "&quot;" : "\"");
				break;
			case '\t':
				cdr_buf_adds(b, attr ? "&#9;" : "\t");
				break;
			case '\n':
				cdr_buf_adds(b, attr ? "&#10;" : "\n");
				break;
			case '\r':
				cdr_buf_adds(b, "&#13;");
				break;
			default:
				cdr_buf_add_cp(b, 0xFFFD);
			}
			continue;
		}
		cdr_utf8_error err;
		size_t len = cdr_utf8_seqlen(*p);
		if (len > (size_t)(end - p) || !cdr_utf8_validate((const char *)p, len, &err)) {
			cdr_buf_add_cp(b, 0xFFFD);
			p++;
			continue;
		}
		uint32_t cp = cdr_utf8_decode(p, &len);
		if (cp == 0xFFFE || cp == 0xFFFF)
			cdr_buf_add_cp(b, 0xFFFD);
		else
			cdr_buf_add(b, p, len);
		p += len;
	}
}

static void xml_adds(cdr_buf *b, const char *s, int attr)
{
	xml_add(b, s, strlen(s), attr);
}

/* Append ' name="value"'. */
static void xml_attr(cdr_buf *b, const char *name, const char *value)
{
	cdr_buf_printf(b, " %s=\"", name);
	xml_adds(b, value, 1);
	cdr_buf_addc(b, '"');
}

static void indent(cdr_buf *b, int depth)
{
	for (int i = 0; i < depth; i++)
		cdr_buf_addc(b, '\t');
}

/* --------------------------------------------------------- code tree --- */

/* The codebook as the tree REFI-QDA wants: groups ("A / B") become folders
** (isCodable="false"), each code a leaf under its group, in codebook order. */
typedef struct tnode {
	char *name;    /* unique in the tree */
	char *key;     /* for the GUID: "code\n<id>", "group\n<path>", "polarity\n..." */
	size_t code;   /* index of the code, or (size_t)-1 for a group or polarity code */
	int polarity;  /* POL_OBSTACLE, POL_NEUTRAL: a polarity code; 0: not one */
	size_t parent; /* node index; (size_t)-1 at the top */
	char guid[37];
} tnode;

/* The polarity codes (cdr_refi_options.polarity_codes). */
enum { POL_OBSTACLE = 1, POL_NEUTRAL = 2 };

typedef struct ctree {
	tnode *v;
	size_t n, cap;
	size_t *code_node;  /* per code: its node */
	size_t pol_node[3]; /* [POL_OBSTACLE], [POL_NEUTRAL]: their nodes, if made */
} ctree;

#define NONE ((size_t)-1)

static size_t tree_add(ctree *t, char *name, char *key, size_t code, size_t parent)
{
	CDR_GROW(t->v, t->cap, t->n + 1);
	tnode *nd = &t->v[t->n];
	memset(nd, 0, sizeof *nd);
	nd->name = name;
	nd->key = key;
	nd->code = code;
	nd->parent = parent;
	return t->n++;
}

static int name_taken(const ctree *t, const char *name)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].name && strcmp(t->v[i].name, name) == 0)
			return 1;
	return 0;
}

/* 'base', or 'base' with " (2)", " (3)", ... if a node already has that name. */
static char *unique_name(const ctree *t, const char *base)
{
	if (!name_taken(t, base))
		return cdr_xstrdup(base);
	cdr_buf b = CDR_BUF_INIT;
	for (size_t i = 2;; i++) {
		cdr_buf_reset(&b);
		cdr_buf_printf(&b, "%s (%zu)", base, i);
		if (!name_taken(t, cdr_buf_cstr(&b)))
			return cdr_buf_take(&b);
	}
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The polarity codes: a folder "Polariteit" after the codebook's codes, with a
** code for each polarity, named uniquely like every other node. */
static void tree_add_polarity(ctree *t, guidset *gs)
{
	static const char *const names[] = { NULL, "Obstakel", "Neutraal" };
	static const char *const keys[] = { NULL, "polarity\nobstacle", "polarity\nneutral" };
	static const char group_key[] = "polarity";
	size_t g = tree_add(t, unique_name(t, "Polariteit"), cdr_xstrdup(group_key), NONE, NONE);
	mint(gs, group_key, sizeof group_key - 1, t->v[g].guid);
	for (int p = POL_OBSTACLE; p <= POL_NEUTRAL; p++) {
		size_t nd = tree_add(t, unique_name(t, names[p]), cdr_xstrdup(keys[p]), NONE, g);
		t->v[nd].polarity = p;
		mint(gs, keys[p], strlen(keys[p]), t->v[nd].guid);
		t->pol_node[p] = nd;
	}
}

static void tree_build(ctree *t, const cdr_codebook *cb, guidset *gs)
{
	memset(t, 0, sizeof *t);
	t->code_node = cdr_xcalloc(cb->code_count, sizeof *t->code_node);
	cdr_buf path = CDR_BUF_INIT, key = CDR_BUF_INIT;
	for (size_t i = 0; i < cb->code_count; i++) {
		const cdr_code *c = &cb->codes[i];
		size_t parent = NONE;
		cdr_buf_reset(&path);
		/* Walk the group path "A / B", creating the groups not seen yet. */
		for (const char *p = c->group; *p;) {
			const char *sep = strstr(p, " / ");
			const char *e = sep ? sep : p + strlen(p);
			const char *a = p, *z = e;
			while (a < z && is_blank(*a))
				a++;
			while (z > a && is_blank(z[-1]))
				z--;
			p = sep ? sep + 3 : e;
			if (a == z)
				continue;
			if (path.len)
				cdr_buf_adds(&path, " / ");
			cdr_buf_add(&path, a, (size_t)(z - a));
			size_t g = NONE;
			for (size_t k = 0; k < t->n; k++)
				if (t->v[k].code == NONE && t->v[k].parent == parent &&
				    strcmp(t->v[k].key + 6, cdr_buf_cstr(&path)) == 0)
					g = k;
			if (g == NONE) {
				char *part = cdr_xstrndup(a, (size_t)(z - a));
				cdr_buf_reset(&key);
				cdr_buf_printf(&key, "group\n%s", cdr_buf_cstr(&path));
				g = tree_add(t, unique_name(t, part), cdr_xstrdup(key.data), NONE,
					     parent);
				mints(gs, &key, t->v[g].guid);
				free(part);
			}
			parent = g;
		}
		/* A code keeps its label; a label used before gets its id added. */
		char *name;
		if (!name_taken(t, c->label)) {
			name = cdr_xstrdup(c->label);
		} else {
			cdr_buf b = CDR_BUF_INIT;
			cdr_buf_printf(&b, "%s [%s]", c->label, c->id);
			name = unique_name(t, cdr_buf_cstr(&b));
			cdr_buf_free(&b);
		}
		cdr_buf_reset(&key);
		cdr_buf_printf(&key, "code\n%s", c->id);
		size_t nd = tree_add(t, name, cdr_xstrdup(key.data), i, parent);
		mints(gs, &key, t->v[nd].guid);
		t->code_node[i] = nd;
	}
	cdr_buf_free(&path);
	cdr_buf_free(&key);
}

static void tree_free(ctree *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].name);
		free(t->v[i].key);
	}
	free(t->v);
	free(t->code_node);
	memset(t, 0, sizeof *t);
}

/* A colour the schema accepts (#rgb or #rrggbb; libxml2 2.9 wrongly accepts
** more, so this is checked here), or NULL. */
static const char *valid_colour(const char *c)
{
	size_t n = strlen(c);
	if (c[0] != '#' || (n != 4 && n != 7))
		return NULL;
	for (size_t i = 1; i < n; i++)
		if (!strchr("0123456789abcdefABCDEF", c[i]))
			return NULL;
	return c;
}

/* The polarity codes' colours and descriptions, by polarity (0: a group). */
static const char *const pol_colour[] = { "", "#D62728", "#7F7F7F" };
static const char *const pol_definition[] = {
	"",
	"codeer: an obstacle cue of the codebook stands in the same clause as the coded "
	"words (polarity obstacle).",
	"codeer: no obstacle cue of the codebook stands in the clause of the coded words "
	"(polarity neutral).",
};

/* Append the Code elements below node 'parent' (NONE: the top), one level deeper
** than 'depth'. */
static void tree_render(const ctree *t, const cdr_codebook *cb, size_t parent, int depth,
			cdr_buf *b)
{
	for (size_t i = 0; i < t->n; i++) {
		const tnode *nd = &t->v[i];
		if (nd->parent != parent)
			continue;
		const cdr_code *c = nd->code == NONE ? NULL : &cb->codes[nd->code];
		const char *colour = c ? c->colour : pol_colour[nd->polarity];
		const char *def = c ? c->definition : pol_definition[nd->polarity];
		int kids = 0;
		for (size_t k = i + 1; k < t->n && !kids; k++)
			kids = t->v[k].parent == i;
		indent(b, depth);
		cdr_buf_adds(b, "<Code");
		xml_attr(b, "guid", nd->guid);
		xml_attr(b, "name", nd->name);
		xml_attr(b, "isCodable", c || nd->polarity ? "true" : "false");
		if (valid_colour(colour))
			xml_attr(b, "color", colour);
		if (!kids && !def[0]) {
			cdr_buf_adds(b, "/>\n");
			continue;
		}
		cdr_buf_adds(b, ">\n");
		if (def[0]) {
			indent(b, depth + 1);
			cdr_buf_adds(b, "<Description>");
			xml_adds(b, def, 0);
			cdr_buf_adds(b, "</Description>\n");
		}
		tree_render(t, cb, i, depth + 1, b);
		indent(b, depth);
		cdr_buf_adds(b, "</Code>\n");
	}
}

static const char *origin_of(const cdr_refi_options *opt)
{
	return opt && opt->origin ? opt->origin : PACKAGE_NAME " " PACKAGE_VERSION;
}

/* -------------------------------------------------------------- .qdc --- */

cdr_rc cdr_qdc_render(const cdr_codebook *cb, const cdr_refi_options *opt, cdr_buf *out,
		      cdr_diag *d)
{
	if (cb->code_count == 0) {
		cdr_diag_pos pos = { cb->path, 0, 0, 0, NULL, 0 };
		cdr_diag_add(d, CDR_DIAG_ERROR, &pos,
			     "the codebook has no codes, and a REFI-QDA codebook needs one");
		return CDR_EINPUT;
	}
	guidset gs = { NULL, 0, 0 };
	ctree t;
	tree_build(&t, cb, &gs);
	cdr_buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			  "<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\"");
	xml_attr(out, "origin", origin_of(opt));
	cdr_buf_adds(out, ">\n\t<Codes>\n");
	tree_render(&t, cb, NONE, 2, out);
	cdr_buf_adds(out, "\t</Codes>\n</CodeBook>\n");
	tree_free(&t);
	free(gs.v);
	return CDR_OK;
}

static cdr_rc write_file(const char *path, const cdr_buf *b, cdr_diag *d)
{
	cdr_outfile o;
	if (cdr_outfile_open(&o, path, d) != CDR_OK)
		return CDR_EIO;
	if (cdr_outfile_write(&o, b->data ? b->data : "", b->len, d) != CDR_OK ||
	    cdr_outfile_commit(&o, d) != CDR_OK) {
		cdr_outfile_abort(&o);
		return CDR_EIO;
	}
	cdr_outfile_abort(&o); /* frees what commit left */
	return CDR_OK;
}

cdr_rc cdr_qdc_write(const char *path, const cdr_codebook *cb, const cdr_refi_options *opt,
		     cdr_diag *d)
{
	cdr_buf b = CDR_BUF_INIT;
	cdr_rc rc = cdr_qdc_render(cb, opt, &b, d);
	if (rc == CDR_OK)
		rc = write_file(path, &b, d);
	cdr_buf_free(&b);
	return rc;
}

/* ------------------------------------------------------------ writer --- */

typedef enum vtype { VT_INTEGER = 1, VT_FLOAT = 2, VT_BOOLEAN = 4, VT_DATE = 8 } vtype;

typedef struct var_def {
	char *name;
	char guid[37];
	unsigned types; /* the vtype bits every value so far allows */
	size_t values;  /* non-empty values seen */
} var_def;

typedef struct case_val {
	size_t var;
	char *value;
} case_val;

typedef struct case_def {
	char *name; /* NULL: unnamed (one source's variables) */
	char guid[37];
	case_val *vals;
	size_t nvals, capvals;
	char (*sources)[37];
	size_t nsources, capsources;
} case_def;

/* A coding on its way into a selection of the source being assembled. */
typedef struct part_coding {
	size_t ustart, uend; /* positions in the source's written text */
	size_t bstart, bend; /* the same in bytes of it */
	size_t node;         /* its code's node in the tree */
	int polarity;        /* POL_OBSTACLE or POL_NEUTRAL with polarity codes, else 0 */
	size_t order;        /* in the order added, for a stable sort */
	char *line;          /* its line of the selection's Description (owned) */
} part_coding;

/* The TextSource being assembled from one part (a document) or several (a
** respondent's answers), written out by finish_source(). */
typedef struct pending {
	int open;
	size_t parts;
	char *name;        /* as given */
	char *description; /* NULL: none given */
	char *case_name;   /* NULL: none */
	cdr_buf text;      /* the text as written */
	size_t units;      /* its length in positions */
	part_coding *v;
	size_t n, cap;
	cdr_refi_var *vars; /* copied */
	size_t nvars, capvars;
} pending;

/* A TextSource written: its text is in the archive (or in 'body'); its start tag
** waits for project.qde, when every name is known. */
typedef struct source_rec {
	char *name;        /* as given */
	char *description; /* NULL: none given */
	char guid[37];
	char *body; /* the elements inside TextSource after Description */
	size_t body_len;
} source_rec;

struct cdr_qdpx_writer {
	int qde; /* a bare project.qde */
	char *path;
	zip_t *zip;         /* a .qdpx: the archive, built in memory (zsrc) */
	zip_source_t *zsrc; /* the memory it is written into, kept after zip_close */
	cdr_outfile out;    /* where its bytes go: codeer's own temporary file */
	int out_open;
	const cdr_codebook *cb;
	char *origin;
	char when[32]; /* xs:dateTime, or "" for no timestamps */
	int utf16;
	int polarity; /* apply the polarity codes */
	time_t mtime; /* of every zip entry: 1980-01-01 00:00 local time */
	guidset gs;
	char user[37];
	ctree tree;
	pending cur;
	source_rec *src;
	size_t nsrc, capsrc;
	var_def *vars;
	size_t nvars, capvars;
	case_def *cases;
	size_t ncases, capcases;
	size_t *case_slots; /* hash table of named cases: index + 1, 0 for empty */
	size_t ncase_slots; /* a power of two, more than twice the named cases */
	size_t named_cases;
	size_t *work; /* cdr_refi_options.work */
};

static cdr_qdpx_writer *writer_new(const char *path, const cdr_codebook *cb,
				   const cdr_refi_options *opt)
{
	cdr_qdpx_writer *w = cdr_xcalloc(1, sizeof *w);
	w->path = cdr_xstrdup(path);
	w->cb = cb;
	w->origin = cdr_xstrdup(origin_of(opt));
	w->utf16 = opt && opt->utf16_positions;
	w->polarity = opt && opt->polarity_codes;
	w->work = opt ? opt->work : NULL;
	if (opt && opt->timestamps) {
		time_t now = opt->now ? (time_t)opt->now : time(NULL);
		struct tm tm;
		if (gmtime_r(&now, &tm))
			strftime(w->when, sizeof w->when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	}
	/* libzip turns the time into DOS time with localtime(): a local 1980-01-01
	** gives the same bytes in every time zone. */
	struct tm tm = { 0 };
	tm.tm_year = 80;
	tm.tm_mday = 1;
	tm.tm_isdst = -1;
	w->mtime = mktime(&tm);
	static const char ukey[] = "user\n" USER_NAME;
	mint(&w->gs, ukey, sizeof ukey - 1, w->user);
	tree_build(&w->tree, cb, &w->gs);
	if (w->polarity)
		tree_add_polarity(&w->tree, &w->gs);
	return w;
}

static void pending_clear(pending *p)
{
	free(p->name);
	free(p->description);
	free(p->case_name);
	cdr_buf_free(&p->text);
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i].line);
	free(p->v);
	for (size_t i = 0; i < p->nvars; i++) {
		free((char *)p->vars[i].name);
		free((char *)p->vars[i].value);
	}
	free(p->vars);
	memset(p, 0, sizeof *p);
}

void cdr_qdpx_discard(cdr_qdpx_writer *w)
{
	if (!w)
		return;
	if (w->zip)
		zip_discard(w->zip);
	if (w->zsrc)
		zip_source_free(w->zsrc);
	if (w->out_open)
		cdr_outfile_abort(&w->out);
	free(w->path);
	free(w->origin);
	free(w->gs.v);
	tree_free(&w->tree);
	pending_clear(&w->cur);
	for (size_t i = 0; i < w->nsrc; i++) {
		free(w->src[i].name);
		free(w->src[i].description);
		free(w->src[i].body);
	}
	free(w->src);
	for (size_t i = 0; i < w->nvars; i++)
		free(w->vars[i].name);
	free(w->vars);
	for (size_t i = 0; i < w->ncases; i++) {
		case_def *c = &w->cases[i];
		free(c->name);
		for (size_t k = 0; k < c->nvals; k++)
			free(c->vals[k].value);
		free(c->vals);
		free(c->sources);
	}
	free(w->cases);
	free(w->case_slots);
	free(w);
}

static void zip_fail(cdr_diag *d, const char *path, const char *what, zip_error_t *ze)
{
	cdr_diag_pos pos = { path, 0, 0, 0, NULL, 0 };
	cdr_diag_add(d, CDR_DIAG_ERROR, &pos, "%s: %s", what, zip_error_strerror(ze));
}

cdr_rc cdr_qdpx_open(const char *path, const cdr_codebook *cb, const cdr_refi_options *opt,
		     cdr_qdpx_writer **out, cdr_diag *d)
{
	*out = NULL;
	if (strcmp(path, "-") == 0) {
		cdr_diag_add(d, CDR_DIAG_ERROR, NULL,
			     "a .qdpx archive cannot be written to standard output");
		return CDR_EIO;
	}
	/* libzip writes an archive it closes to a temporary file of its own
	** (PATH.XXXXXX), which a signal handler cannot know of: it is built in memory
	** instead, and its bytes go through a temporary file of codeer's
	** (cdr_outfile), which is removed when codeer is interrupted or killed. */
	cdr_qdpx_writer *w = writer_new(path, cb, opt);
	if (cdr_outfile_open(&w->out, path, d) != CDR_OK) {
		cdr_qdpx_discard(w);
		return CDR_EIO;
	}
	w->out_open = 1;
	zip_error_t ze;
	zip_error_init(&ze);
	w->zsrc = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (w->zsrc) {
		w->zip = zip_open_from_source(w->zsrc, ZIP_TRUNCATE, &ze);
		if (w->zip)
			zip_source_keep(w->zsrc);
	}
	if (!w->zip) {
		zip_fail(d, path, "cannot create the archive", &ze);
		zip_error_fini(&ze);
		cdr_qdpx_discard(w);
		return CDR_EIO;
	}
	zip_error_fini(&ze);
	*out = w;
	return CDR_OK;
}

cdr_rc cdr_qde_open(const char *path, const cdr_codebook *cb, const cdr_refi_options *opt,
		    cdr_qdpx_writer **out, cdr_diag *d)
{
	(void)d;
	cdr_qdpx_writer *w = writer_new(path, cb, opt);
	w->qde = 1;
	*out = w;
	return CDR_OK;
}

/* Add p[0..n) (malloc'ed; taken over in every case) to the archive as 'name'. */
static cdr_rc zip_put(cdr_qdpx_writer *w, const char *name, char *p, size_t n, cdr_diag *d)
{
	zip_source_t *src = zip_source_buffer(w->zip, p, n, 1);
	if (!src) {
		free(p);
		zip_fail(d, w->path, "cannot add to the archive", zip_get_error(w->zip));
		return CDR_EINTERNAL;
	}
	zip_int64_t i = zip_file_add(w->zip, name, src, ZIP_FL_ENC_UTF_8);
	if (i < 0) {
		zip_source_free(src);
		zip_fail(d, w->path, "cannot add to the archive", zip_get_error(w->zip));
		return CDR_EINTERNAL;
	}
	zip_uint64_t idx = (zip_uint64_t)i;
	if (zip_set_file_compression(w->zip, idx, ZIP_CM_DEFLATE, 9) < 0 ||
	    zip_file_set_mtime(w->zip, idx, w->mtime, 0) < 0 ||
	    zip_file_set_external_attributes(w->zip, idx, 0, ZIP_OPSYS_UNIX, 0100644u << 16) < 0) {
		zip_fail(d, w->path, "cannot add to the archive", zip_get_error(w->zip));
		return CDR_EINTERNAL;
	}
	return CDR_OK;
}

/* One end of a coding, to be mapped to the written text. */
typedef struct endpoint {
	size_t pos; /* code point of the original text */
	size_t idx; /* into the results */
} endpoint;

static int endpoint_cmp(const void *a, const void *b)
{
	const endpoint *x = a, *y = b;
	return x->pos < y->pos ? -1 : x->pos > y->pos ? 1 : x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Append the document text to 'out' as it goes into the project (CRLF and CR as
** LF, no leading U+FEFF) and map each ep[i].pos to units[ep[i].idx] (position in
** the written text: code points, or UTF-16 units, counted from 'u0' at the start
** of 'out') and bytes[ep[i].idx] (its byte offset in 'out').  'ep' is sorted
** here; every pos must be <= the text's length.  Returns the position after the
** text. */
static size_t convert_text(const cdr_doc *doc, int utf16, cdr_buf *out, size_t u0, endpoint *ep,
			   size_t n, size_t *units, size_t *bytes)
{
	qsort(ep, n, sizeof *ep, endpoint_cmp);
	const unsigned char *t = (const unsigned char *)doc->text;
	size_t i = 0, cp = 0, u = u0, j = 0;
	for (;;) {
		for (; j < n && ep[j].pos == cp; j++) {
			units[ep[j].idx] = u;
			bytes[ep[j].idx] = out->len;
		}
		if (i >= doc->len)
			break;
		size_t len;
		uint32_t c = cdr_utf8_decode(t + i, &len);
		if (c == '\r') {
			if (i + 1 < doc->len && t[i + 1] == '\n') {
				/* the LF that follows is written */
			} else {
				cdr_buf_addc(out, '\n');
				u++;
			}
		} else if (!(c == 0xFEFF && i == 0)) {
			cdr_buf_add(out, t + i, len);
			u += utf16 && c >= 0x10000 ? 2 : 1;
		}
		i += len;
		cp++;
	}
	return u;
}

static void number_attr(cdr_buf *b, const char *name, size_t v)
{
	cdr_buf_printf(b, " %s=\"%zu\"", name, v);
}

static size_t find_var(cdr_qdpx_writer *w, const char *name)
{
	for (size_t i = 0; i < w->nvars; i++)
		if (strcmp(w->vars[i].name, name) == 0)
			return i;
	CDR_GROW(w->vars, w->capvars, w->nvars + 1);
	var_def *v = &w->vars[w->nvars];
	memset(v, 0, sizeof *v);
	v->name = cdr_xstrdup(name);
	v->types = VT_INTEGER | VT_FLOAT | VT_BOOLEAN | VT_DATE;
	cdr_buf key = CDR_BUF_INIT;
	cdr_buf_printf(&key, "variable\n%s", name);
	mints(&w->gs, &key, v->guid);
	cdr_buf_free(&key);
	return w->nvars++;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Digits without a superfluous leading zero ("0", "17"; not "007", which is an
** identifier more likely than a number); returns how many, or 0. */
static size_t digits(const char *s)
{
	size_t n = 0;
	while (is_digit(s[n]))
		n++;
	return n > 1 && s[0] == '0' ? 0 : n;
}

/* The vtype bits 'v' (not "") allows. */
static unsigned value_types(const char *v)
{
	unsigned t = 0;
	const char *p = v + (v[0] == '-');
	size_t n = digits(p);
	if (n && n <= 18 && p[n] == '\0')
		t |= VT_INTEGER | VT_FLOAT;
	if (n && p[n] == '.' && is_digit(p[n + 1])) {
		const char *q = p + n + 1;
		while (is_digit(*q))
			q++;
		if (*q == '\0')
			t |= VT_FLOAT;
	}
	if (strcmp(v, "true") == 0 || strcmp(v, "false") == 0)
		t |= VT_BOOLEAN;
	if (strlen(v) == 10 && v[4] == '-' && v[7] == '-') {
		int ok = 1;
		for (int i = 0; i < 10; i++)
			if (i != 4 && i != 7 && !is_digit(v[i]))
				ok = 0;
		if (ok) {
			int y = atoi(v), m = atoi(v + 5), dd = atoi(v + 8);
			static const int mdays[] = {
				31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
			};
			int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
			if (y >= 1 && m >= 1 && m <= 12 && dd >= 1 && dd <= mdays[m - 1] &&
			    !(m == 2 && dd == 29 && !leap))
				t |= VT_DATE;
		}
	}
	return t;
}

/* The slot of the hash table of named cases that holds the case named 'name', or
** the empty one where it would go.  A case per survey answer made a search through
** every case before a quadratic cost (100,000 answers: 21 s). */
static size_t *case_slot(cdr_qdpx_writer *w, const char *name)
{
	size_t mask = w->ncase_slots - 1;
	size_t i = (size_t)cdr_kwic_hash(name, strlen(name)) & mask;
	for (;; i = (i + 1) & mask) {
		if (w->work)
			(*w->work)++;
		size_t k = w->case_slots[i];
		if (!k || strcmp(w->cases[k - 1].name, name) == 0)
			return &w->case_slots[i];
	}
}

/* Index the named case w->cases[i]. */
static void case_index(cdr_qdpx_writer *w, size_t i)
{
	if (2 * (w->named_cases + 1) >= w->ncase_slots) {
		free(w->case_slots);
		w->ncase_slots = w->ncase_slots ? 2 * w->ncase_slots : 64;
		w->case_slots = cdr_xcalloc(w->ncase_slots, sizeof *w->case_slots);
		for (size_t k = 0; k < w->ncases; k++)
			if (k != i && w->cases[k].name)
				*case_slot(w, w->cases[k].name) = k + 1;
	}
	*case_slot(w, w->cases[i].name) = i + 1;
	w->named_cases++;
}

static case_def *find_case(cdr_qdpx_writer *w, const char *name, const char *source_guid)
{
	if (name && w->ncase_slots) {
		size_t k = *case_slot(w, name);
		if (k)
			return &w->cases[k - 1];
	}
	CDR_GROW(w->cases, w->capcases, w->ncases + 1);
	case_def *c = &w->cases[w->ncases++];
	memset(c, 0, sizeof *c);
	cdr_buf key = CDR_BUF_INIT;
	if (name) {
		c->name = cdr_xstrdup(name);
		case_index(w, w->ncases - 1);
		cdr_buf_printf(&key, "case\n%s", name);
	} else {
		cdr_buf_printf(&key, "case\n\n%s", source_guid);
	}
	mints(&w->gs, &key, c->guid);
	cdr_buf_free(&key);
	return c;
}

static void add_case(cdr_qdpx_writer *w, const char *case_name, const char *source_guid,
		     const char *source_name, const cdr_refi_var *vars, size_t nvars, cdr_diag *d)
{
	if (!case_name && nvars == 0)
		return;
	case_def *c = find_case(w, case_name, source_guid);
	CDR_GROW(c->sources, c->capsources, c->nsources + 1);
	memcpy(c->sources[c->nsources++], source_guid, 37);
	for (size_t i = 0; i < nvars; i++) {
		if (!vars[i].name || !vars[i].name[0])
			continue;
		const char *value = vars[i].value ? vars[i].value : "";
		size_t v = find_var(w, vars[i].name);
		size_t k = 0;
		while (k < c->nvals && c->vals[k].var != v)
			k++;
		if (k < c->nvals) {
			if (strcmp(c->vals[k].value, value) != 0) {
				cdr_diag_pos pos = { source_name, 0, 0, 0, NULL, 0 };
				cdr_diag_add(d, CDR_DIAG_WARNING, &pos,
					     "case '%s' already has '%s' = '%s'; '%s' is ignored",
					     case_name ? case_name : "", vars[i].name,
					     c->vals[k].value, value);
			}
			continue;
		}
		CDR_GROW(c->vals, c->capvals, c->nvals + 1);
		c->vals[c->nvals].var = v;
		c->vals[c->nvals++].value = cdr_xstrdup(value);
		if (value[0]) {
			w->vars[v].types &= value_types(value);
			w->vars[v].values++;
		}
	}
}

/* The line a coding adds to its selection's Description: the code's name, then
** the rule that matched and the caller's note in brackets. */
static char *coding_line(const cdr_qdpx_writer *w, const cdr_coding *k, const char *note)
{
	const cdr_codebook *cb = w->cb;
	cdr_buf b = CDR_BUF_INIT;
	cdr_buf_adds(&b, w->tree.v[w->tree.code_node[k->code]].name);
	int rule = k->rule < cb->rule_count, has_note = note && note[0];
	if (rule || has_note) {
		cdr_buf_adds(&b, " (");
		if (rule)
			cdr_buf_printf(&b, "%s: %s", cdr_rule_key(&cb->rules[k->rule]),
				       cb->rules[k->rule].pattern);
		if (rule && has_note)
			cdr_buf_adds(&b, "; ");
		if (has_note)
			cdr_buf_adds(&b, note);
		cdr_buf_addc(&b, ')');
	}
	return cdr_buf_take(&b);
}

/* Append s (a heading) to the text on one line: line ends and tabs as spaces;
** returns the positions it takes. */
static size_t add_line(cdr_buf *text, const char *s, int utf16)
{
	size_t u = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t len = cdr_utf8_seqlen(*p), left = strlen((const char *)p);
		cdr_utf8_error err;
		if (len == 0 || len > left || !cdr_utf8_validate((const char *)p, len, &err)) {
			cdr_buf_add_cp(text, 0xFFFD);
			p++;
			u++;
			continue;
		}
		uint32_t c = cdr_utf8_decode(p, &len);
		if (c == '\r' || c == '\n' || c == '\t')
			cdr_buf_addc(text, ' ');
		else
			cdr_buf_add(text, p, len);
		u += utf16 && c >= 0x10000 ? 2 : 1;
		p += len;
	}
	return u;
}

/* Add a part to the source being assembled (w->cur, opened by the caller). */
static cdr_rc append_part(cdr_qdpx_writer *w, const cdr_qdpx_part *pt, cdr_diag *d)
{
	const cdr_codebook *cb = w->cb;
	const cdr_doc *doc = pt->doc;
	pending *p = &w->cur;
	size_t ncp = cdr_utf8_count(doc->text, doc->len);
	size_t nc = pt->codings ? pt->codings->count : 0;
	const cdr_coding *cs = nc ? pt->codings->v : NULL;

	for (size_t i = 0; i < nc; i++) {
		const cdr_coding *k = &cs[i];
		if (k->start > k->end || k->end > ncp || k->code >= cb->code_count) {
			cdr_diag_pos pos = { p->name, 0, 0, 0, NULL, 0 };
			cdr_diag_add(d, CDR_DIAG_ERROR, &pos,
				     "coding %zu (%zu-%zu, code %zu) does not fit the document "
				     "(%zu code points) or the codebook (%zu codes)",
				     i + 1, k->start, k->end, k->code, ncp, cb->code_count);
			return CDR_EINPUT;
		}
	}

	/* A blank line between parts, the heading on a line of its own. */
	if (p->parts++) {
		cdr_buf_adds(&p->text, "\n\n");
		p->units += 2;
	}
	if (pt->heading) {
		p->units += add_line(&p->text, pt->heading, w->utf16);
		cdr_buf_addc(&p->text, '\n');
		p->units++;
	}

	/* The text as written, and the codings' ends in it. */
	endpoint *ep = cdr_xcalloc(2 * nc + 1, sizeof *ep);
	size_t *units = cdr_xcalloc(2 * nc + 1, sizeof *units);
	size_t *bytes = cdr_xcalloc(2 * nc + 1, sizeof *bytes);
	for (size_t i = 0; i < nc; i++) {
		ep[2 * i] = (endpoint){ cs[i].start, 2 * i };
		ep[2 * i + 1] = (endpoint){ cs[i].end, 2 * i + 1 };
	}
	p->units = convert_text(doc, w->utf16, &p->text, p->units, ep, 2 * nc, units, bytes);
	free(ep);
	CDR_GROW(p->v, p->cap, p->n + nc);
	for (size_t i = 0; i < nc; i++) {
		const cdr_coding *k = &cs[i];
		const char *note = pt->descriptions ? pt->descriptions[i] : NULL;
		p->v[p->n] = (part_coding){ units[2 * i],
					    units[2 * i + 1],
					    bytes[2 * i],
					    bytes[2 * i + 1],
					    w->tree.code_node[k->code],
					    !w->polarity  ? 0
					    : k->obstacle ? POL_OBSTACLE
							  : POL_NEUTRAL,
					    p->n,
					    coding_line(w, k, note) };
		p->n++;
	}
	free(units);
	free(bytes);

	for (size_t i = 0; i < pt->nvars; i++) {
		CDR_GROW(p->vars, p->capvars, p->nvars + 1);
		p->vars[p->nvars++] =
			(cdr_refi_var){ cdr_xstrdup(pt->vars[i].name ? pt->vars[i].name : ""),
					cdr_xstrdup(pt->vars[i].value ? pt->vars[i].value : "") };
	}
	return CDR_OK;
}

static int part_cmp(const void *a, const void *b)
{
	const part_coding *x = a, *y = b;
	if (x->ustart != y->ustart)
		return x->ustart < y->ustart ? -1 : 1;
	if (x->uend != y->uend)
		return x->uend < y->uend ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Append a Coding of tree node 'node' to the selection 'selguid'. */
static void add_coding(cdr_qdpx_writer *w, cdr_buf *b, const char *selguid, size_t node,
		       cdr_buf *key)
{
	char cguid[37];
	cdr_buf_reset(key);
	cdr_buf_printf(key, "coding\n%s\n%s", selguid, w->tree.v[node].key);
	mints(&w->gs, key, cguid);
	cdr_buf_adds(b, "\t\t\t\t<Coding");
	xml_attr(b, "guid", cguid);
	xml_attr(b, "creatingUser", w->user);
	if (w->when[0])
		xml_attr(b, "creationDateTime", w->when);
	cdr_buf_adds(b, ">\n\t\t\t\t\t<CodeRef");
	xml_attr(b, "targetGUID", w->tree.v[node].guid);
	cdr_buf_adds(b, "/>\n\t\t\t\t</Coding>\n");
}

/* Append the selections of the source being assembled, one per passage with a
** Coding of each of its codes (and polarities), to 'b'. */
static void render_selections(cdr_qdpx_writer *w, const char *sguid, cdr_buf *b)
{
	pending *p = &w->cur;
	const char *text = p->text.data ? p->text.data : "";
	cdr_buf key = CDR_BUF_INIT;
	if (p->n > 1) /* qsort must not get NULL, even for 0 items */
		qsort(p->v, p->n, sizeof *p->v, part_cmp);
	size_t *nodes = cdr_xcalloc(2 * p->n + 1, sizeof *nodes); /* a code and a polarity each */
	for (size_t i = 0, j; i < p->n; i = j) {
		const part_coding *k = &p->v[i];
		for (j = i + 1; j < p->n && p->v[j].ustart == k->ustart && p->v[j].uend == k->uend;
		     j++)
			;
		char selguid[37];
		cdr_buf_reset(&key);
		cdr_buf_printf(&key, "selection\n%s\n%zu\n%zu", sguid, k->ustart, k->uend);
		mints(&w->gs, &key, selguid);

		/* The name quotes the selected text. */
		size_t ba = k->bstart, bb = k->bend;
		size_t cut = cdr_utf8_offset(text + ba, bb - ba, NAME_MAX_CPS);
		cdr_buf_reset(&key);
		cdr_buf_add(&key, text + ba, cut);
		if (cut < bb - ba)
			cdr_buf_adds(&key, "\xE2\x80\xA6"); /* ... */

		cdr_buf_adds(b, "\t\t\t<PlainTextSelection");
		xml_attr(b, "guid", selguid);
		xml_attr(b, "name", cdr_buf_cstr(&key));
		number_attr(b, "startPosition", k->ustart);
		number_attr(b, "endPosition", k->uend);
		xml_attr(b, "creatingUser", w->user);
		if (w->when[0])
			xml_attr(b, "creationDateTime", w->when);
		/* A line per coding (each line once), then a Coding per code. */
		cdr_buf_adds(b, ">\n\t\t\t\t<Description>");
		for (size_t m = i; m < j; m++) {
			int seen = 0;
			for (size_t q = i; q < m && !seen; q++)
				seen = strcmp(p->v[q].line, p->v[m].line) == 0;
			if (seen)
				continue;
			if (m > i)
				cdr_buf_addc(b, '\n');
			xml_adds(b, p->v[m].line, 0);
		}
		cdr_buf_adds(b, "</Description>\n");
		size_t nn = 0;
		for (size_t m = i; m < j; m++) {
			size_t node = p->v[m].node;
			for (int pass = 0; pass < 2; pass++) {
				size_t q = 0;
				while (q < nn && nodes[q] != node)
					q++;
				if (q == nn)
					nodes[nn++] = node;
				if (!p->v[m].polarity)
					break;
				node = w->tree.pol_node[p->v[m].polarity];
			}
		}
		/* The codes first, then the polarities. */
		for (int pass = 0; pass < 2; pass++)
			for (size_t q = 0; q < nn; q++)
				if ((w->tree.v[nodes[q]].polarity != 0) == pass)
					add_coding(w, b, selguid, nodes[q], &key);
		cdr_buf_adds(b, "\t\t\t</PlainTextSelection>\n");
	}
	free(nodes);
	cdr_buf_free(&key);
}

/* Write out the source being assembled (if any): its text into the archive, its
** selections, its case.  Returns CDR_OK, or CDR_EINTERNAL if libzip fails (then
** the project does not mention the source). */
static cdr_rc finish_source(cdr_qdpx_writer *w, cdr_diag *d)
{
	pending *p = &w->cur;
	if (!p->open)
		return CDR_OK;

	/* The source's GUID names it and its content. */
	unsigned char dig[CDR_SHA1_LEN];
	cdr_sha1_run(p->text.data ? p->text.data : "", p->text.len, dig);
	cdr_buf key = CDR_BUF_INIT;
	cdr_buf_printf(&key, "source\n%s\n", p->name);
	for (int i = 0; i < CDR_SHA1_LEN; i++)
		cdr_buf_printf(&key, "%02x", dig[i]);
	char sguid[37];
	mints(&w->gs, &key, sguid);

	cdr_buf body = CDR_BUF_INIT;
	if (w->qde) {
		cdr_buf_adds(&body, "\t\t\t<PlainTextContent>");
		xml_add(&body, p->text.data, p->text.len, 0);
		cdr_buf_adds(&body, "</PlainTextContent>\n");
	}
	render_selections(w, sguid, &body);

	/* The text file first: if it cannot be added, the project does not mention it. */
	cdr_rc rc = CDR_OK;
	if (!w->qde) {
		cdr_buf_reset(&key);
		cdr_buf_printf(&key, "sources/%s.txt", sguid);
		size_t n = p->text.len;
		rc = zip_put(w, cdr_buf_cstr(&key), cdr_buf_take(&p->text), n, d);
	}
	if (rc == CDR_OK) {
		CDR_GROW(w->src, w->capsrc, w->nsrc + 1);
		source_rec *r = &w->src[w->nsrc++];
		r->name = p->name;
		r->description = p->description;
		p->name = p->description = NULL;
		memcpy(r->guid, sguid, sizeof sguid);
		r->body_len = body.len;
		r->body = cdr_buf_take(&body);
		add_case(w, p->case_name, sguid, r->name, p->vars, p->nvars, d);
	}
	cdr_buf_free(&body);
	cdr_buf_free(&key);
	pending_clear(p);
	return rc;
}

static int same_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

cdr_rc cdr_qdpx_add_part(cdr_qdpx_writer *w, const cdr_qdpx_part *pt, cdr_diag *d)
{
	const char *name = pt->source ? pt->source : pt->doc->name ? pt->doc->name : "";
	pending *p = &w->cur;
	if (p->open && (strcmp(p->name, name) != 0 || !same_str(p->case_name, pt->case_name) ||
			!same_str(p->description, pt->description))) {
		cdr_rc rc = finish_source(w, d);
		if (rc != CDR_OK)
			return rc;
	}
	int opened = !p->open;
	if (opened) {
		p->open = 1;
		p->name = cdr_xstrdup(name);
		p->description = pt->description ? cdr_xstrdup(pt->description) : NULL;
		p->case_name = pt->case_name ? cdr_xstrdup(pt->case_name) : NULL;
	}
	cdr_rc rc = append_part(w, pt, d);
	if (rc != CDR_OK && opened)
		pending_clear(p);
	return rc;
}

cdr_rc cdr_qdpx_add(cdr_qdpx_writer *w, const cdr_doc *doc, const char *source_name,
		    const cdr_codings *cs, const char *const *descriptions, const char *case_name,
		    const cdr_refi_var *vars, size_t nvars, cdr_diag *d)
{
	cdr_rc rc = finish_source(w, d);
	if (rc != CDR_OK)
		return rc;
	cdr_qdpx_part pt = {
		source_name, NULL, NULL, doc, cs, descriptions, case_name, vars, nvars
	};
	rc = cdr_qdpx_add_part(w, &pt, d);
	return rc == CDR_OK ? finish_source(w, d) : rc;
}

/* ------------------------------------------------------------ source names --- */

/* A source's name split at '/' and '\\' (empty parts left out). */
typedef struct name_parts {
	const char **start;
	size_t *len;
	size_t n;    /* parts */
	size_t used; /* how many of the last ones the shown name takes */
	char *shown;
} name_parts;

static void name_show(name_parts *np)
{
	cdr_buf b = CDR_BUF_INIT;
	for (size_t k = np->n - np->used; k < np->n; k++) {
		if (b.len)
			cdr_buf_adds(&b, " - ");
		cdr_buf_add(&b, np->start[k], np->len[k]);
	}
	free(np->shown);
	np->shown = b.len ? cdr_buf_take(&b) : cdr_xstrdup("source");
	cdr_buf_free(&b);
}

static int shown_cmp(const void *a, const void *b)
{
	const name_parts *const *x = a, *const *y = b;
	int c = strcmp((*x)->shown, (*y)->shown);
	return c ? c : *x < *y ? -1 : *x > *y;
}

/* The name each source is shown by (owned strings): no '/' or '\\' in it, since
** QualCoder makes a file of each source's name.  Its last part (the file name of
** a path); where two sources would share one, as many parts before it as tell
** them apart, joined by " - " ("a - x.txt", "b - x.txt"); where that is not
** enough (the same name twice), " (2)", " (3)", ... in input order. */
static char **source_names(const cdr_qdpx_writer *w)
{
	size_t n = w->nsrc;
	name_parts *np = cdr_xcalloc(n + 1, sizeof *np);
	name_parts **order = cdr_xcalloc(n + 1, sizeof *order);
	for (size_t i = 0; i < n; i++) {
		const char *s = w->src[i].name;
		size_t cap = 1;
		for (const char *q = s; *q; q++)
			cap += *q == '/' || *q == '\\';
		np[i].start = cdr_xcalloc(cap, sizeof *np[i].start);
		np[i].len = cdr_xcalloc(cap, sizeof *np[i].len);
		for (const char *q = s; *q;) {
			size_t k = strcspn(q, "/\\");
			if (k) {
				np[i].start[np[i].n] = q;
				np[i].len[np[i].n++] = k;
			}
			q += k;
			if (*q)
				q++;
		}
		np[i].used = np[i].n ? 1 : 0;
		name_show(&np[i]);
		order[i] = &np[i];
	}
	/* Lengthen names that are shared while they can grow. */
	for (int grew = 1; grew && n > 1;) {
		grew = 0;
		qsort(order, n, sizeof *order, shown_cmp);
		for (size_t i = 0, j; i < n; i = j) {
			for (j = i + 1; j < n && strcmp(order[j]->shown, order[i]->shown) == 0; j++)
				;
			for (size_t k = i; j - i > 1 && k < j; k++)
				if (order[k]->used < order[k]->n)
					order[k]->used++, grew = 1;
		}
		for (size_t i = 0; grew && i < n; i++)
			name_show(&np[i]);
	}
	/* Number what is still shared, keeping clear of every name there is. */
	guidset taken = { NULL, 0, 0 };
	unsigned char u[16];
	for (size_t i = 0; i < n; i++) {
		uuid_raw(np[i].shown, strlen(np[i].shown), u);
		if (!set_has(&taken, u))
			set_insert(&taken, u);
	}
	qsort(order, n, sizeof *order, shown_cmp); /* equal names in input order */
	char **fresh = cdr_xcalloc(n + 1, sizeof *fresh);
	cdr_buf b = CDR_BUF_INIT;
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && strcmp(order[j]->shown, order[i]->shown) == 0; j++)
			;
		for (size_t m = i + 1; m < j; m++) {
			for (size_t k = 2;; k++) {
				cdr_buf_reset(&b);
				cdr_buf_printf(&b, "%s (%zu)", order[m]->shown, k);
				uuid_raw(b.data, b.len, u);
				if (!set_has(&taken, u))
					break;
			}
			set_insert(&taken, u);
			fresh[order[m] - np] = cdr_buf_take(&b);
		}
	}
	for (size_t i = 0; i < n; i++)
		if (fresh[i]) {
			free(np[i].shown);
			np[i].shown = fresh[i];
		}
	free(fresh);
	cdr_buf_free(&b);
	free(taken.v);
	char **names = cdr_xcalloc(n + 1, sizeof *names);
	for (size_t i = 0; i < n; i++) {
		names[i] = np[i].shown;
		free(np[i].start);
		free(np[i].len);
	}
	free(np);
	free(order);
	return names;
}

static const char *type_name(const var_def *v)
{
	if (!v->values)
		return "Text";
	if (v->types & VT_INTEGER)
		return "Integer";
	if (v->types & VT_FLOAT)
		return "Float";
	if (v->types & VT_BOOLEAN)
		return "Boolean";
	if (v->types & VT_DATE)
		return "Date";
	return "Text";
}

static const char *value_element(const char *type)
{
	if (strcmp(type, "Integer") == 0)
		return "IntegerValue";
	if (strcmp(type, "Float") == 0)
		return "FloatValue";
	if (strcmp(type, "Boolean") == 0)
		return "BooleanValue";
	if (strcmp(type, "Date") == 0)
		return "DateValue";
	return "TextValue";
}

static void render_project(cdr_qdpx_writer *w, cdr_buf *b)
{
	cdr_buf_adds(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			"<Project xmlns=\"urn:QDA-XML:project:1.0\"");
	xml_attr(b, "name", w->cb->name ? w->cb->name : "codeer");
	xml_attr(b, "origin", w->origin);
	xml_attr(b, "creatingUserGUID", w->user);
	if (w->when[0])
		xml_attr(b, "creationDateTime", w->when);
	cdr_buf_adds(b, ">\n\t<Users>\n\t\t<User");
	xml_attr(b, "guid", w->user);
	xml_attr(b, "name", USER_NAME);
	cdr_buf_adds(b, "/>\n\t</Users>\n");
	if (w->tree.n) {
		cdr_buf_adds(b, "\t<CodeBook>\n\t\t<Codes>\n");
		tree_render(&w->tree, w->cb, NONE, 3, b);
		cdr_buf_adds(b, "\t\t</Codes>\n\t</CodeBook>\n");
	}
	if (w->nvars) {
		cdr_buf_adds(b, "\t<Variables>\n");
		for (size_t i = 0; i < w->nvars; i++) {
			cdr_buf_adds(b, "\t\t<Variable");
			xml_attr(b, "guid", w->vars[i].guid);
			xml_attr(b, "name", w->vars[i].name);
			xml_attr(b, "typeOfVariable", type_name(&w->vars[i]));
			cdr_buf_adds(b, "/>\n");
		}
		cdr_buf_adds(b, "\t</Variables>\n");
	}
	if (w->ncases) {
		cdr_buf_adds(b, "\t<Cases>\n");
		for (size_t i = 0; i < w->ncases; i++) {
			const case_def *c = &w->cases[i];
			cdr_buf_adds(b, "\t\t<Case");
			xml_attr(b, "guid", c->guid);
			if (c->name)
				xml_attr(b, "name", c->name);
			cdr_buf_adds(b, ">\n");
			for (size_t k = 0; k < c->nvals; k++) {
				if (!c->vals[k].value[0])
					continue;
				const var_def *v = &w->vars[c->vals[k].var];
				const char *el = value_element(type_name(v));
				cdr_buf_adds(b, "\t\t\t<VariableValue>\n\t\t\t\t<VariableRef");
				xml_attr(b, "targetGUID", v->guid);
				cdr_buf_printf(b, "/>\n\t\t\t\t<%s>", el);
				xml_adds(b, c->vals[k].value, 0);
				cdr_buf_printf(b, "</%s>\n\t\t\t</VariableValue>\n", el);
			}
			for (size_t k = 0; k < c->nsources; k++) {
				cdr_buf_adds(b, "\t\t\t<SourceRef");
				xml_attr(b, "targetGUID", c->sources[k]);
				cdr_buf_adds(b, "/>\n");
			}
			cdr_buf_adds(b, "\t\t</Case>\n");
		}
		cdr_buf_adds(b, "\t</Cases>\n");
	}
	if (w->nsrc) {
		char **names = source_names(w);
		cdr_buf_adds(b, "\t<Sources>\n");
		for (size_t i = 0; i < w->nsrc; i++) {
			const source_rec *r = &w->src[i];
			/* The name as given, when the one shown differs, is the description. */
			const char *desc = r->description                   ? r->description
					   : strcmp(names[i], r->name) != 0 ? r->name
									    : NULL;
			cdr_buf_adds(b, "\t\t<TextSource");
			xml_attr(b, "guid", r->guid);
			xml_attr(b, "name", names[i]);
			if (!w->qde)
				cdr_buf_printf(b, " plainTextPath=\"internal://%s.txt\"", r->guid);
			xml_attr(b, "creatingUser", w->user);
			if (w->when[0])
				xml_attr(b, "creationDateTime", w->when);
			cdr_buf_adds(b, ">\n");
			if (desc && desc[0]) {
				cdr_buf_adds(b, "\t\t\t<Description>");
				xml_adds(b, desc, 0);
				cdr_buf_adds(b, "</Description>\n");
			}
			cdr_buf_add(b, r->body, r->body_len);
			cdr_buf_adds(b, "\t\t</TextSource>\n");
			free(names[i]);
		}
		free(names);
		cdr_buf_adds(b, "\t</Sources>\n");
	}
	cdr_buf_adds(b, "</Project>\n");
}

/* Copy the archive zip_close() wrote into memory to the output file and commit it. */
static cdr_rc write_archive(cdr_qdpx_writer *w, cdr_diag *d)
{
	if (zip_source_open(w->zsrc) < 0) {
		zip_fail(d, w->path, "cannot write the archive", zip_source_error(w->zsrc));
		return CDR_EIO;
	}
	cdr_rc rc = CDR_OK;
	char buf[1 << 16];
	for (;;) {
		zip_int64_t n = zip_source_read(w->zsrc, buf, sizeof buf);
		if (n < 0) {
			zip_fail(d, w->path, "cannot write the archive", zip_source_error(w->zsrc));
			rc = CDR_EIO;
			break;
		}
		if (n == 0)
			break;
		rc = cdr_outfile_write(&w->out, buf, (size_t)n, d);
		if (rc != CDR_OK)
			break;
	}
	zip_source_close(w->zsrc);
	if (rc == CDR_OK)
		rc = cdr_outfile_commit(&w->out, d);
	return rc;
}

cdr_rc cdr_qdpx_close(cdr_qdpx_writer *w, cdr_diag *d)
{
	cdr_rc rc = finish_source(w, d);
	if (rc != CDR_OK) {
		cdr_qdpx_discard(w);
		return CDR_EIO;
	}
	cdr_buf b = CDR_BUF_INIT;
	render_project(w, &b);
	if (w->qde) {
		rc = write_file(w->path, &b, d);
		cdr_buf_free(&b);
	} else {
		size_t n = b.len;
		rc = zip_put(w, "project.qde", cdr_buf_take(&b), n, d);
		if (rc == CDR_OK && zip_close(w->zip) < 0) {
			zip_fail(d, w->path, "cannot write the archive", zip_get_error(w->zip));
			rc = CDR_EIO;
		} else if (rc == CDR_OK) {
			w->zip = NULL; /* closed and freed */
			rc = write_archive(w, d);
		}
		if (rc != CDR_OK)
			rc = CDR_EIO;
	}
	cdr_qdpx_discard(w);
	return rc;
}

/* ------------------------------------------------------------- as writer --- */

/* A project as an output format: each coding's description says its polarity
** (and speaker); a survey answer's case gets the case variables.  Survey answers
** (documents with a respondent) go into one source per respondent, each under a
** heading naming its question, unless the options ask for a source per answer:
** the pipeline hands a respondent's answers over one after another. */
typedef struct project_output {
	cdr_qdpx_writer *w;
	cdr_buf descriptions; /* per coding "polarity: ..." strings, NUL-separated */
	cdr_buf heading, about;
} project_output;

static cdr_rc open_project(void **state, const char *path, const cdr_writer_options *opt,
			   cdr_diag *d, int archive)
{
	project_output *p = cdr_xcalloc(1, sizeof *p);
	cdr_rc rc = archive ? cdr_qdpx_open(path, opt->cb, &opt->refi, &p->w, d)
			    : cdr_qde_open(path, opt->cb, &opt->refi, &p->w, d);
	if (rc != CDR_OK) {
		free(p);
		p = NULL;
	}
	*state = p;
	return rc;
}

static cdr_rc open_qdpx(void **state, const char *path, const cdr_writer_options *opt, cdr_diag *d)
{
	return open_project(state, path, opt, d, 1);
}

static cdr_rc open_qde(void **state, const char *path, const cdr_writer_options *opt, cdr_diag *d)
{
	return open_project(state, path, opt, d, 0);
}

static cdr_rc project_document(void *state, const cdr_writer_options *opt,
			       const cdr_writer_doc *doc, cdr_diag *d)
{
	project_output *p = state;
	const cdr_codings *cs = doc->codings;
	size_t n = cs->count ? cs->count : 1;
	size_t *offset = cdr_xcalloc(n, sizeof *offset);
	const char **desc = cdr_xcalloc(n, sizeof *desc);
	cdr_refi_var *vars = cdr_xcalloc(opt->ncase ? opt->ncase : 1, sizeof *vars);
	cdr_buf_reset(&p->descriptions);
	for (size_t i = 0; i < cs->count; i++) {
		offset[i] = p->descriptions.len;
		cdr_buf_printf(&p->descriptions, "polarity: %s", cdr_coding_polarity(&cs->v[i]));
		if (cs->v[i].speaker && *cs->v[i].speaker)
			cdr_buf_printf(&p->descriptions, "; speaker: %s", cs->v[i].speaker);
		cdr_buf_addc(&p->descriptions, '\0');
	}
	for (size_t i = 0; i < cs->count; i++)
		desc[i] = p->descriptions.data + offset[i];
	const char *const *values = doc->ctx->case_values;
	for (size_t v = 0; v < opt->ncase; v++) {
		vars[v].name = opt->case_columns[v];
		vars[v].value = values && values[v] ? values[v] : "";
	}
	cdr_rc rc;
	if (doc->case_name && !opt->refi.answer_sources) {
		/* The answer's column is what its source name has after "RESPONDENT:". */
		const char *who = doc->case_name, *src = doc->ctx->source;
		const char *q = doc->ctx->question;
		size_t wn = strlen(who);
		const char *column =
			strncmp(src, who, wn) == 0 && src[wn] == ':' ? src + wn + 1 : src;
		cdr_buf_reset(&p->heading);
		if (q && q[0]) {
			cdr_buf_adds(&p->heading, column);
			if (strcmp(q, column) != 0)
				cdr_buf_printf(&p->heading, ": %s", q);
		}
		cdr_buf_reset(&p->about);
		cdr_buf_printf(&p->about, "respondent %s of %s", who,
			       doc->doc->name ? doc->doc->name : "");
		cdr_qdpx_part pt = { who,
				     cdr_buf_cstr(&p->about),
				     p->heading.len ? p->heading.data : NULL,
				     doc->doc,
				     cs,
				     desc,
				     who,
				     vars,
				     opt->ncase };
		rc = cdr_qdpx_add_part(p->w, &pt, d);
	} else {
		rc = cdr_qdpx_add(p->w, doc->doc, doc->ctx->source, cs, desc, doc->case_name, vars,
				  opt->ncase, d);
	}
	free(vars);
	free(desc);
	free(offset);
	return rc;
}

static cdr_rc project_commit(void *state, cdr_diag *d)
{
	project_output *p = state;
	cdr_rc rc = cdr_qdpx_close(p->w, d);
	cdr_buf_free(&p->descriptions);
	cdr_buf_free(&p->heading);
	cdr_buf_free(&p->about);
	free(p);
	return rc;
}

static void project_discard(void *state)
{
	project_output *p = state;
	if (!p)
		return;
	cdr_qdpx_discard(p->w);
	cdr_buf_free(&p->descriptions);
	cdr_buf_free(&p->heading);
	cdr_buf_free(&p->about);
	free(p);
}

const cdr_writer_ops cdr_qdpx_ops = { open_qdpx,        NULL,           NULL,
				      project_document, project_commit, project_discard };
const cdr_writer_ops cdr_qde_ops = { open_qde,         NULL,           NULL,
				     project_document, project_commit, project_discard };
