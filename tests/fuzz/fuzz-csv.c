/*
** fuzz-csv.c -- libFuzzer target: any bytes as a survey export (survey.h over the
** reader of csv.h), read record by record (with and without --lenient), with the
** free-text choice and the cells.
*/
#include "config.h"

#include "survey.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/codeer-fuzz-csv-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		unlink(path);
		return 0;
	}
	close(fd);
	for (int lenient = 0; lenient < 2; lenient++) {
		cdr_diag d = CDR_DIAG_INIT;
		cdr_survey_options opt = { { 0 }, NULL };
		opt.csv.lenient = lenient;
		opt.csv.max_record = 1 << 20;
		cdr_survey *c = NULL;
		if (cdr_survey_open(path, &opt, &c, &d) == CDR_OK) {
			size_t ncol = cdr_csv_column_count(cdr_survey_reader(c));
			for (size_t col = 0; col < ncol; col++) {
				const char *why = NULL;
				cdr_survey_is_free_text(c, col, &why);
				(void)cdr_survey_column_label(c, col);
			}
			cdr_csv_record rec;
			int done = 0;
			size_t total = 0;
			while (cdr_survey_next(c, &rec, &done, &d) == CDR_OK && !done)
				for (size_t i = 0; i < rec.count; i++)
					total += strlen(rec.cell[i]) == rec.len[i]
							 ? 0
							 : 1; /* no NUL inside */
			if (total)
				abort();
			cdr_survey_free(c);
		}
		cdr_diag_free(&d);
	}
	unlink(path);
	return 0;
}
