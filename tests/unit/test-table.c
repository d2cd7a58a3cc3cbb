/*
** test-table.c -- escaping of table fields (TSV, CSV) and the header line.
*/
#include "config.h"

#include "table.h"
#include "tap.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static void field_is(cdr_table_format fmt, const char *in, const char *want, const char *what)
{
	cdr_buf b = CDR_BUF_INIT;
	cdr_table_field(&b, fmt, in, strlen(in));
	is_str(cdr_buf_cstr(&b), want, "%s", what);
	cdr_buf_free(&b);
}

/* cdr_buf_add_size() (the start and end columns) against printf, appended after
** 'prefix' bytes so that every place where the buffer grows is crossed. */
static int sizes_agree(size_t from, size_t to, size_t step, size_t prefix)
{
	cdr_buf b = CDR_BUF_INIT;
	char want[32];
	for (size_t v = from;; v += step) {
		cdr_buf_reset(&b);
		for (size_t i = 0; i < prefix; i++)
			cdr_buf_addc(&b, 'x');
		cdr_buf_add_size(&b, v);
		snprintf(want, sizeof want, "%zu", v);
		if (b.len != prefix + strlen(want) || strcmp(b.data + prefix, want) != 0) {
			printf("#   %zu gave \"%s\"\n", v, b.data + prefix);
			cdr_buf_free(&b);
			return 0;
		}
		if (to - v < step)
			break;
	}
	cdr_buf_free(&b);
	return 1;
}

int main(void)
{
	ok(sizes_agree(0, 200000, 1, 0), "numbers 0 - 200,000 in decimal");
	int grown = 1;
	for (size_t prefix = 0; prefix < 40; prefix++)
		grown &= sizes_agree(99990, 100010, 1, prefix);
	ok(grown, "numbers appended to buffers of every small length");
	ok(sizes_agree(SIZE_MAX - 1000, SIZE_MAX, 1, 3), "the largest numbers");
	ok(sizes_agree(1, SIZE_MAX / 7 * 6, SIZE_MAX / 7 / 997, 5), "numbers of every length");
	field_is(CDR_TABLE_TSV, "gewoon", "gewoon", "plain text unchanged");
	field_is(CDR_TABLE_TSV, "a\tb\nc\r\nd\\e", "a\\tb\\nc\\r\\nd\\\\e", "TSV escapes");
	field_is(CDR_TABLE_TSV, "één, \"twee\"", "één, \"twee\"", "TSV leaves commas and quotes");
	field_is(CDR_TABLE_CSV, "een, twee", "\"een, twee\"", "CSV quotes a comma");
	field_is(CDR_TABLE_CSV, "zei \"ja\"", "\"zei \"\"ja\"\"\"", "CSV doubles quotes");
	field_is(CDR_TABLE_CSV, "r1\nr2", "r1\\nr2", "CSV escapes line ends like TSV");
	field_is(CDR_TABLE_CSV, "", "", "empty field");

	cdr_buf b = CDR_BUF_INIT;
	cdr_table_header(&b, CDR_TABLE_TSV, NULL, 0);
	is_str(cdr_buf_cstr(&b),
	       "source\tdocument\tunit\tspeaker\tquestion\tstart\tend\tcode\tlabel\tgroup\tpolarity\trule\ttext\n",
	       "TSV header");
	cdr_buf_reset(&b);
	cdr_table_header(&b, CDR_TABLE_CSV, NULL, 0);
	is_str(cdr_buf_cstr(&b),
	       "source,document,unit,speaker,question,start,end,code,label,group,polarity,rule,text\n",
	       "CSV header");
	cdr_buf_reset(&b);
	const char *cases[] = { "regio", "rol, functie" };
	cdr_table_header(&b, CDR_TABLE_CSV, cases, 2);
	ok(strstr(cdr_buf_cstr(&b), ",text,regio,\"rol, functie\"\n") != NULL,
	   "case columns follow, escaped like any field");
	cdr_buf_free(&b);
	return tap_done();
}
