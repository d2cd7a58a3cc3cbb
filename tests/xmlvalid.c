/*
** xmlvalid.c -- validates an XML file, or the project.qde inside a .qdpx, against
** an XML schema with libxml2; used by the end-to-end tests on codeer's exports.
**
** usage: xmlvalid SCHEMA.xsd FILE(.qdc|.qde|.qdpx)
**        xmlvalid --cat FILE.qdpx      (print its project.qde)
*/
#include "config.h"

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

/* The bytes of project.qde in the archive 'path' (malloc'ed), or NULL. */
static char *project_qde(const char *path, size_t *len)
{
	int err;
	zip_t *za = zip_open(path, ZIP_RDONLY, &err);
	if (!za)
		return NULL;
	zip_stat_t st;
	char *buf = NULL;
	if (zip_stat(za, "project.qde", 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE)) {
		zip_file_t *f = zip_fopen(za, "project.qde", 0);
		buf = malloc(st.size + 1);
		if (f && buf && zip_fread(f, buf, st.size) == (zip_int64_t)st.size) {
			*len = st.size;
		} else {
			free(buf);
			buf = NULL;
		}
		if (f)
			zip_fclose(f);
	}
	zip_close(za);
	return buf;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--cat") == 0) {
		size_t len = 0;
		char *qde = project_qde(argv[2], &len);
		if (!qde) {
			fprintf(stderr, "xmlvalid: no project.qde in %s\n", argv[2]);
			return 1;
		}
		fwrite(qde, 1, len, stdout);
		free(qde);
		return 0;
	}
	if (argc != 3) {
		fputs("usage: xmlvalid SCHEMA.xsd FILE\n", stderr);
		return 2;
	}
	xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(argv[1]);
	xmlSchemaPtr schema = pc ? xmlSchemaParse(pc) : NULL;
	if (!schema) {
		fprintf(stderr, "xmlvalid: cannot read the schema %s\n", argv[1]);
		return 1;
	}
	xmlDocPtr doc;
	size_t n = strlen(argv[2]);
	if (n > 5 && strcmp(argv[2] + n - 5, ".qdpx") == 0) {
		size_t len = 0;
		char *qde = project_qde(argv[2], &len);
		if (!qde) {
			fprintf(stderr, "xmlvalid: no project.qde in %s\n", argv[2]);
			return 1;
		}
		doc = xmlReadMemory(qde, (int)len, "project.qde", NULL, XML_PARSE_NONET);
		free(qde);
	} else {
		doc = xmlReadFile(argv[2], NULL, XML_PARSE_NONET);
	}
	if (!doc) {
		fprintf(stderr, "xmlvalid: %s is not well-formed XML\n", argv[2]);
		return 1;
	}
	xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
	int rc = xmlSchemaValidateDoc(vc, doc);
	printf("%s %s\n", argv[2], rc == 0 ? "validates" : "does not validate");
	xmlSchemaFreeValidCtxt(vc);
	xmlFreeDoc(doc);
	xmlSchemaFree(schema);
	xmlSchemaFreeParserCtxt(pc);
	xmlCleanupParser();
	return rc == 0 ? 0 : 1;
}
