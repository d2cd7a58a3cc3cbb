/*
** report.c -- what the commands that write one report share (kwic, words): the
** --format option and writing the report through a temporary file (see cli.h).
*/
#include "config.h"

#include "cli.h"
#include "outfile.h"

const cli_choice cli_report_formats[] = { { "text", 0 }, { "tsv", 1 }, { "json", 2 }, { NULL, 0 } };

int cli_write_report(const char *path, const cdr_buf *report, cdr_diag *d)
{
	cdr_outfile out;
	if (cdr_outfile_open(&out, path, d) != CDR_OK)
		return CLI_EXIT_INPUT;
	if (cdr_outfile_write(&out, report->data, report->len, d) != CDR_OK ||
	    cdr_outfile_commit(&out, d) != CDR_OK) {
		cdr_outfile_abort(&out);
		return CLI_EXIT_INPUT;
	}
	return CLI_EXIT_OK;
}
