/*
** test-table.c -- escaping of table fields (TSV, CSV) and the header line.
*/
#include "config.h"

#include "table.h"
#include "tap.h"

#include <string.h>

static void field_is(cdr_table_format fmt, const char *in, const char *want, const char *what)
{
	cdr_buf b = CDR_BUF_INIT;
	cdr_table_field(&b, fmt, in, strlen(in));
	is_str(cdr_buf_cstr(&b), want, "%s", what);
	cdr_buf_free(&b);
}

int main(void)
{
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
