/*
** test-csv.c -- survey exports, the reader (csv.h) and the survey layer above it
** (survey.h): RFC 4180 quoting, line ends, byte order marks and UTF-16, delimiter
** sniffing, Qualtrics header rows, ragged rows, errors with file:line:column, limits,
** free-text detection and bounded memory over 100,000 rows.  Records are read
** through the survey layer (dump()), which hands out the reader's records after its
** sample; the header and the delimiter are the reader's.
*/
#include "config.h"

#include "survey.h"
#include "tap.h"
#include "utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/codeer-test-csv-XXXXXX";
static char *made[64];
static size_t nmade;

/* Sentences from corpora/seeds/003_863b473b8a5b0ad0.txt, as survey answers. */
static const char *const answers[] = {
	"Het wederzijds vertrouwen ontbreekt omdat de verschillende organisaties niet gewend "
	"zijn om samen te werken.",
	"Er wordt niet of nauwelijks geïnvesteerd in het opbouwen en onderhouden van formele en "
	"informele contacten.",
	"Men ziet elkaar meer als concurrent dan als partner.",
	"De kostenverdeling wordt als onevenredig en oneerlijk ervaren door de betrokken partijen.",
	"Vertrouwelijke informatie kan niet veilig worden gedeeld en opgeslagen.",
	"Schotten tussen de verschillende organisatieonderdelen staan de informatiestroom in de "
	"weg.",
	"De leerervaringen worden niet vastgelegd en gedeeld.",
	"Na afloop van het project 'verdampt' de samenwerking.",
	"Te veel partijen stellen zich de vraag: what's in it for me?",
	"Het ontbreekt aan een gedeelde visie over de ernst van de problematiek.",
	"De taken zijn niet goed op elkaar afgestemd.",
	"Partijen zijn overtuigd van een min of meer evenredige en eerlijke kostenverdeling.",
};
#define NANSWERS (sizeof answers / sizeof answers[0])

/* With a comma inside, and one with quotes inside. */
static const char comma_answer[] =
	"Direct (in)formeel contact kan, zeker wanneer dit met enige frequentie plaats vindt, "
	"de kennis over de partnerorganisaties vergroten.";
static const char quote_answer[] = "De partnerorganisaties blijven te veel \"in hun eigen "
				   "spoor\" lopen.";

/* Answer number i (i < 144), all different: a sentence, or from i = 12 on two. */
static const char *answer(size_t i)
{
	static char buf[512];
	size_t a = i % NANSWERS, k = i / NANSWERS;
	if (k == 0)
		return answers[a];
	snprintf(buf, sizeof buf, "%s %s", answers[a], answers[(a + k) % NANSWERS]);
	return buf;
}

static const char *write_file(const char *name, const char *bytes, size_t n)
{
	if (nmade == sizeof made / sizeof made[0]) {
		printf("Bail out! too many test files\n");
		exit(1);
	}
	char *path = cdr_xmalloc(strlen(dir) + strlen(name) + 2);
	sprintf(path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(bytes, 1, n, f) != n || fclose(f) != 0) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
	made[nmade++] = path;
	return path;
}

static const char *write_str(const char *name, const char *s)
{
	return write_file(name, s, strlen(s));
}

/* Units 'u[0..n)' with a byte order mark, little- or big-endian, into 'out';
** returns the number of bytes. */
static size_t utf16(const unsigned *u, size_t n, int big, char *out)
{
	out[0] = (char)(big ? 0xFE : 0xFF);
	out[1] = (char)(big ? 0xFF : 0xFE);
	for (size_t i = 0; i < n; i++) {
		out[2 + 2 * i + !big] = (char)(u[i] >> 8);
		out[2 + 2 * i + big] = (char)(u[i] & 0xFF);
	}
	return 2 + 2 * n;
}

static const char *first_message(const cdr_diag *d)
{
	for (size_t i = 0; i < d->count; i++)
		if (d->items[i].severity == CDR_DIAG_ERROR)
			return d->items[i].message;
	return "(none)";
}

static const cdr_diag_item *first_error(const cdr_diag *d)
{
	static const cdr_diag_item none = { CDR_DIAG_NOTE, NULL, 0, 0, 0, NULL, NULL };
	for (size_t i = 0; i < d->count; i++)
		if (d->items[i].severity == CDR_DIAG_ERROR)
			return &d->items[i];
	return &none;
}

/* Read every record of 'path': the cells joined by '|', records ended by '\n', and
** "@line" after each when 'lines' is set.  Returns the status of the first failure
** (open or next), leaving what was read in *out. */
static cdr_rc dump(const char *path, const cdr_survey_options *opt, int lines, char **out,
		   cdr_diag *d)
{
	cdr_buf b = CDR_BUF_INIT;
	cdr_survey *c = NULL;
	cdr_rc rc = cdr_survey_open(path, opt, &c, d);
	if (rc == CDR_OK) {
		cdr_csv_record r;
		int done = 0;
		size_t row = 0;
		while ((rc = cdr_survey_next(c, &r, &done, d)) == CDR_OK && !done) {
			if (r.row != ++row || r.count != cdr_csv_column_count(cdr_survey_reader(c)))
				cdr_buf_adds(&b, "BAD ROW OR COUNT ");
			for (size_t i = 0; i < r.count; i++) {
				if (strlen(r.cell[i]) != r.len[i])
					cdr_buf_adds(&b, "BAD LEN ");
				cdr_buf_printf(&b, "%s%s", i ? "|" : "", r.cell[i]);
			}
			if (lines)
				cdr_buf_printf(&b, "@%zu", r.line);
			cdr_buf_addc(&b, '\n');
		}
	}
	cdr_survey_free(c);
	*out = cdr_buf_take(&b);
	return rc;
}

/* dump() expecting success and 'want'. */
static void reads_as(const char *path, const cdr_survey_options *opt, int lines, const char *want,
		     const char *what)
{
	cdr_diag d = CDR_DIAG_INIT;
	char *got;
	cdr_rc rc = dump(path, opt, lines, &got, &d);
	if (!is_num(rc, CDR_OK, "%s: reads", what))
		printf("#   %s\n", first_message(&d));
	is_str(got, want, "%s: records", what);
	free(got);
	cdr_diag_free(&d);
}

/* dump() expecting failure 'want_rc' at line:column; returns the first error's
** message (owned by the caller). */
static char *fails_at(const char *path, const cdr_survey_options *opt, cdr_rc want_rc, size_t line,
		      size_t column, const char *what)
{
	cdr_diag d = CDR_DIAG_INIT;
	char *got;
	cdr_rc rc = dump(path, opt, 0, &got, &d);
	const cdr_diag_item *e = first_error(&d);
	is_num(rc, want_rc, "%s: fails", what);
	ok(e->file && strcmp(e->file, path) == 0 && e->line == line && e->column == column,
	   "%s: at %zu:%zu (got %s:%zu:%zu: %s)", what, line, column, e->file ? e->file : "-",
	   e->line, e->column, first_message(&d));
	char *msg = cdr_xstrdup(first_message(&d));
	free(got);
	cdr_diag_free(&d);
	return msg;
}

static void test_quoting(void)
{
	cdr_buf b = CDR_BUF_INIT;
	cdr_buf_adds(&b, "id,antwoord,opmerking\n");
	cdr_buf_printf(&b, "1,\"%s\",kort\n", comma_answer);
	cdr_buf_adds(&b, "2,\"De partnerorganisaties blijven te veel \"\"in hun eigen spoor\"\" "
			 "lopen.\",\"\"\n");
	cdr_buf_adds(&b, "3,\"Eerste alinea.\n\nTweede alinea, na een lege regel.\r\nDerde.\",x\n");
	cdr_buf_adds(&b, "4,ab\"c,\"\"\"\"\n");
	cdr_buf_adds(&b, "5,\"\",\n");
	const char *p = write_file("quoting.csv", b.data, b.len);
	cdr_buf_reset(&b);
	cdr_buf_printf(&b, "1|%s|kort@2\n", comma_answer);
	cdr_buf_printf(&b, "2|%s|@3\n", quote_answer);
	cdr_buf_adds(&b, "3|Eerste alinea.\n\nTweede alinea, na een lege regel.\r\nDerde.|x@4\n");
	cdr_buf_adds(&b, "4|ab\"c|\"@8\n");
	cdr_buf_adds(&b, "5||@9\n");
	reads_as(p, NULL, 1, b.data,
		 "quoted delimiter, doubled quotes, line breaks and a blank line in quotes, a "
		 "quote inside an unquoted field kept");
	cdr_buf_free(&b);

	char *m = fails_at(write_str("after-quote.csv", "a,b\n1,\"ab\"c\n"), NULL, CDR_EINPUT, 2, 7,
			   "text after a closing quote");
	ok(strstr(m, "must be doubled") != NULL, "... says quotes must be doubled: %s", m);
	free(m);

	m = fails_at(write_str("unterminated.csv", "id,antwoord\n1,goed\n2,\"open\nnog meer\n"
						   "3,tekst\n"),
		     NULL, CDR_EINPUT, 3, 3, "unterminated quote: where the quote opened");
	ok(strstr(m, "never closed") != NULL, "... says it is never closed: %s", m);
	free(m);
}

static void test_line_ends(void)
{
	reads_as(write_str("lf.csv", "a,b\n1,2\n3,4\n"), NULL, 1, "1|2@2\n3|4@3\n", "LF");
	reads_as(write_str("crlf.csv", "a,b\r\n1,2\r\n3,4\r\n"), NULL, 1, "1|2@2\n3|4@3\n", "CRLF");
	reads_as(write_str("cr.csv", "a,b\r1,2\r3,4"), NULL, 1, "1|2@2\n3|4@3\n",
		 "CR, no line end at the end");
	reads_as(write_str("blank.csv", "\na,b\n\n1,2\r\n\r\n3,4\n\n"), NULL, 1, "1|2@4\n3|4@6\n",
		 "blank lines are skipped, lines still counted");
	reads_as(write_str("mixed.csv", "a,b\r\n\"x\r\ny\",2\r3,\"4\n\"\n"), NULL, 1,
		 "x\r\ny|2@2\n3|4\n@4\n", "mixed line ends, inside quotes kept as they are");
}

static void test_encodings(void)
{
	reads_as(write_str("bom.csv", "\xEF\xBB\xBFid;naam\n1;Jansen\n"), NULL, 0, "1|Jansen\n",
		 "UTF-8 byte order mark skipped, not part of the first name");
	cdr_diag d = CDR_DIAG_INIT;
	cdr_csv *c = NULL;
	is_num(cdr_csv_open(made[nmade - 1], NULL, &c, &d), CDR_OK, "BOM file opens");
	is_str(cdr_csv_column_name(c, 0), "id", "... first column is 'id'");
	is_num(cdr_csv_delimiter(c), ';', "... semicolon sniffed");
	cdr_csv_free(c);

	/* "id\tantwoord\r\n1\té😀\r\n" in UTF-16LE and BE. */
	static const unsigned text16[] = { 'i',  'd',  '\t',   'a',    'n',  't',  'w',
					   'o',  'o',  'r',    'd',    '\r', '\n', '1',
					   '\t', 0xE9, 0xD83D, 0xDE00, '\r', '\n' };
	char le[64], be[64];
	size_t n = utf16(text16, sizeof text16 / sizeof text16[0], 0, le);
	utf16(text16, sizeof text16 / sizeof text16[0], 1, be);
	reads_as(write_file("le.txt", le, n), NULL, 1, "1|é😀@2\n",
		 "UTF-16LE (Excel Unicode text), tab sniffed");
	reads_as(write_file("be.txt", be, n), NULL, 1, "1|é😀@2\n", "UTF-16BE");
	static const unsigned lone16[] = { 'i', 'd',  '\t',   'x', '\r', '\n',
					   '1', '\t', 0xD83D, 'x', '\r', '\n' };
	n = utf16(lone16, sizeof lone16 / sizeof lone16[0], 0, le);
	char *m = fails_at(write_file("lone.txt", le, n), NULL, CDR_EINPUT, 2, 3,
			   "UTF-16 unpaired surrogate, at its line and column");
	free(m);
	n = utf16(lone16, 7, 1, be);
	m = fails_at(write_file("odd.txt", be, n - 1), NULL, CDR_EINPUT, 2, 1,
		     "UTF-16 ending in the middle of a character");
	free(m);

	m = fails_at(write_str("latin1.csv", "id,antwoord\n1,goed\n2,het \xE9\xE9n\n"), NULL,
		     CDR_EINPUT, 3, 7, "invalid UTF-8 (Latin-1) at line:column");
	ok(strstr(m, "0xE9") != NULL, "... names the byte: %s", m);
	free(m);
	m = fails_at(write_str("cut.csv", "id,antwoord\n1,\"één\ntwee \xC3\"\n"), NULL, CDR_EINPUT,
		     3, 6, "invalid UTF-8 inside a quoted field, column in code points");
	free(m);
	m = fails_at(write_file("nul.csv", "id,antwoord\n1,ja\n2,n\0ee\n", 24), NULL, CDR_EINPUT, 3,
		     4, "NUL byte");
	ok(strstr(m, "not a text file") != NULL, "... not a text file: %s", m);
	free(m);
}

static void test_dialects(void)
{
	/* Dutch Excel: semicolons, decimal commas, quoted semicolons. */
	cdr_buf b = CDR_BUF_INIT;
	cdr_buf_adds(&b, "respondent;cijfer (1-10);toelichting, graag\r\n");
	cdr_buf_printf(&b, "1;7,5;%s\r\n", answers[0]);
	cdr_buf_printf(&b, "2;8,25;\"%s; en ook: %s\"\r\n", answers[1], answers[2]);
	cdr_buf_adds(&b, "3;6;\r\n");
	const char *p = write_file("excel-nl.csv", b.data, b.len);
	cdr_buf_reset(&b);
	cdr_buf_printf(&b, "1|7,5|%s\n2|8,25|%s; en ook: %s\n3|6|\n", answers[0], answers[1],
		       answers[2]);
	reads_as(p, NULL, 0, b.data, "semicolon file, decimal commas stay in their cells");
	cdr_diag d = CDR_DIAG_INIT;
	cdr_survey *sv = NULL;
	is_num(cdr_survey_open(p, NULL, &sv, &d), CDR_OK, "semicolon file opens");
	is_num(cdr_csv_delimiter(cdr_survey_reader(sv)), ';',
	       "... semicolon sniffed over the commas");
	const char *why = NULL;
	ok(!cdr_survey_is_free_text(sv, 1, &why), "... decimal-comma column is not free text");
	is_str(why, "numbers", "... because it holds numbers");
	is_num(cdr_survey_id_column(sv), 0, "... 'respondent' is the id column");
	cdr_survey_free(sv);
	cdr_csv *c = NULL;

	cdr_buf_reset(&b);
	cdr_buf_adds(&b, "id\tvraag, toelichting\tscore\n");
	cdr_buf_printf(&b, "a1\t%s\t3\n", comma_answer);
	p = write_file("tab.tsv", b.data, b.len);
	cdr_buf_reset(&b);
	cdr_buf_printf(&b, "a1|%s|3\n", comma_answer);
	reads_as(p, NULL, 0, b.data, "tab file with commas in text");
	is_num(cdr_csv_open(p, NULL, &c, &d), CDR_OK, "tab file opens");
	is_num(cdr_csv_delimiter(c), '\t', "... tab sniffed");
	is_str(cdr_csv_column_name(c, 1), "vraag, toelichting", "... header with a comma");
	cdr_csv_free(c);

	cdr_survey_options opt = { { ';', 0, 0 }, NULL };
	reads_as(write_str("given.csv", "a,b,c;d\n1,2,3;4\n"), &opt, 0, "1,2,3|4\n",
		 "a given delimiter is used, not sniffed");
	cdr_buf_free(&b);
	cdr_diag_free(&d);
}

static void test_qualtrics(void)
{
	cdr_buf b = CDR_BUF_INIT;
	cdr_buf_adds(&b, "StartDate,EndDate,Status,IPAddress,Progress,Duration (in seconds),"
			 "Finished,RecordedDate,ResponseId,LocationLatitude,LocationLongitude,"
			 "DistributionChannel,UserLanguage,Q1,Q2,Q3_TEXT\r\n");
	cdr_buf_adds(&b, "Start Date,End Date,Response Type,IP Address,Progress,Duration (in "
			 "seconds),Finished,Recorded Date,Response ID,Location Latitude,Location "
			 "Longitude,Distribution Channel,User Language,"
			 "\"Wat is volgens u de belangrijkste ambitie van de versterking aanpak "
			 "ondermijning?\",Hoe tevreden bent u over de samenwerking?,"
			 "\"Als u een droombeeld mag schetsen over de aanpak van ondermijning, hoe "
			 "zou de ideale aanpak er dan uitzien?\"\r\n");
	cdr_buf_adds(&b, "\"{\"\"ImportId\"\":\"\"startDate\"\",\"\"timeZone\"\":\"\"Europe/"
			 "Amsterdam\"\"}\",\"{\"\"ImportId\"\":\"\"endDate\"\",\"\"timeZone\"\":"
			 "\"\"Europe/Amsterdam\"\"}\",\"{\"\"ImportId\"\":\"\"status\"\"}\","
			 "\"{\"\"ImportId\"\":\"\"ipAddress\"\"}\",\"{\"\"ImportId\"\":"
			 "\"\"progress\"\"}\",\"{\"\"ImportId\"\":\"\"duration\"\"}\","
			 "\"{\"\"ImportId\"\":\"\"finished\"\"}\",\"{\"\"ImportId\"\":"
			 "\"\"recordedDate\"\",\"\"timeZone\"\":\"\"Europe/Amsterdam\"\"}\","
			 "\"{\"\"ImportId\"\":\"\"_recordId\"\"}\",\"{\"\"ImportId\"\":"
			 "\"\"locationLatitude\"\"}\",\"{\"\"ImportId\"\":"
			 "\"\"locationLongitude\"\"}\",\"{\"\"ImportId\"\":"
			 "\"\"distributionChannel\"\"}\",\"{\"\"ImportId\"\":"
			 "\"\"userLanguage\"\"}\",\"{\"\"ImportId\"\":\"\"QID1_TEXT\"\"}\","
			 "\"{\"\"ImportId\"\":\"\"QID2\"\"}\",\"{\"\"ImportId\"\":"
			 "\"\"QID3_TEXT\"\"}\"\r\n");
	static const char *const sat[] = { "Zeer tevreden", "Tevreden", "Neutraal", "Ontevreden" };
	for (size_t i = 0; i < 30; i++) {
		const char *a =
			i == 4 ? "Betere samenwerking 🤝 en meer vertrouwen 👍" : answer(i);
		char q3[512];
		snprintf(q3, sizeof q3, "%s", i % 3 ? "" : answer(i + 40));
		cdr_buf_printf(
			&b,
			"2021-05-%02zu 10:%02zu:00,2021-05-%02zu 10:%02zu:31,IP Address,,100,%zu,"
			"True,2021-05-%02zu 10:%02zu:32,R_%010zu,52.37%02zu,4.89%02zu,"
			"anonymous,NL,\"%s\",%s,%s\r\n",
			i % 28 + 1, i, i % 28 + 1, i + 1, 60 + i * 7, i % 28 + 1, i + 1, 1000 + i,
			i, i, a, sat[i % 4], q3);
	}
	const char *p = write_file("qualtrics.csv", b.data, b.len);
	cdr_buf_free(&b);

	cdr_diag d = CDR_DIAG_INIT;
	cdr_survey *c = NULL;
	if (!is_num(cdr_survey_open(p, NULL, &c, &d), CDR_OK, "Qualtrics export opens")) {
		printf("#   %s\n", first_message(&d));
		return;
	}
	ok(cdr_survey_is_qualtrics(c), "... recognised as Qualtrics");
	is_num(cdr_csv_column_count(cdr_survey_reader(c)), 16, "... 16 columns");
	is_str(cdr_csv_column_name(cdr_survey_reader(c), 13), "Q1", "... names from row 1");
	is_str(cdr_survey_column_label(c, 13),
	       "Wat is volgens u de belangrijkste ambitie van de versterking aanpak ondermijning?",
	       "... labels from row 2 (question text)");
	is_str(cdr_survey_column_label(c, 8), "Response ID", "... metadata labels too");
	is_num(cdr_survey_id_column(c), 8, "... ResponseId is the id column");
	const char *why;
	int free_text = cdr_survey_is_free_text(c, 13, &why);
	ok(free_text, "... Q1 is free text (%s)", why);
	free_text = cdr_survey_is_free_text(c, 14, &why);
	ok(!free_text, "... Q2 is not (%s)", why);
	ok(strstr(why, "choice question") != NULL, "... being a choice question");
	free_text = cdr_survey_is_free_text(c, 15, &why);
	ok(free_text, "... Q3_TEXT, two thirds empty, is free text (%s)", why);
	size_t metadata = 0;
	for (size_t j = 0; j < 13; j++)
		metadata += !cdr_survey_is_free_text(c, j, NULL);
	is_num(metadata, 13, "... no metadata column is free text");
	cdr_survey_is_free_text(c, 0, &why);
	is_str(why, "survey metadata", "... StartDate is survey metadata");
	is_num(cdr_survey_sample_rows(c), 30, "... the sample holds the 30 data rows");

	cdr_csv_record r;
	int done;
	is_num(cdr_survey_next(c, &r, &done, &d), CDR_OK, "first record");
	is_num(r.row, 1, "... is data row 1");
	is_num(r.line, 4, "... on line 4, after the three header rows");
	is_str(r.cell[8], "R_0000001000", "... ResponseId");
	for (int i = 0; i < 4; i++)
		cdr_survey_next(c, &r, &done, &d);
	is_str(r.cell[13], "Betere samenwerking 🤝 en meer vertrouwen 👍",
	       "emoji in an answer");
	is_str(r.cell[15], "", "empty answer is an empty cell");
	is_num(r.len[15], 0, "... of length 0");
	size_t rows = 5;
	while (cdr_survey_next(c, &r, &done, &d) == CDR_OK && !done)
		rows++;
	is_num(rows, 30, "30 data rows");
	ok(done, "... then done");
	is_num(cdr_survey_next(c, &r, &done, &d), CDR_OK, "next after the end");
	ok(done, "... is done again");
	cdr_survey_free(c);

	/* The reader alone: the two Qualtrics rows are records like any other. */
	cdr_csv *csv = NULL;
	is_num(cdr_csv_open(p, NULL, &csv, &d), CDR_OK, "the reader alone opens it");
	is_num(cdr_csv_next(csv, &r, &done, &d), CDR_OK, "... its first record");
	is_num(r.row, 1, "... is record 1");
	is_num(r.line, 2, "... on line 2");
	is_str(r.cell[8], "Response ID", "... the question texts");
	is_num(cdr_csv_next(csv, &r, &done, &d), CDR_OK, "... the second");
	is_str(r.cell[15], "{\"ImportId\":\"QID3_TEXT\"}", "... the import ids");
	is_num(cdr_csv_next(csv, &r, &done, &d), CDR_OK, "... the third");
	ok(r.row == 3 && r.line == 4, "... is the first data row, record 3 on line 4");
	cdr_csv_free(csv);
	cdr_diag_free(&d);
}

static void test_ragged(void)
{
	const char *more = write_str("more.csv", "id,antwoord\n"
						 "1,goed\n"
						 "2,\"over\nmeerdere\",regels,extra\n"
						 "3,ook goed\n"
						 "4,a,b,c\n");
	char *m = fails_at(more, NULL, CDR_EINPUT, 3, 0, "more cells than the header");
	ok(strstr(m, "4 cells") && strstr(m, "2 columns"), "... says how many: %s", m);
	free(m);

	cdr_diag d = CDR_DIAG_INIT;
	cdr_survey_options opt = { { 0, 1, 0 }, NULL };
	char *got;
	is_num(dump(more, &opt, 1, &got, &d), CDR_OK, "lenient: reads");
	is_str(got, "1|goed@2\n3|ook goed@5\n", "lenient: skips the records with extra cells");
	is_num(d.warnings, 2, "... with a warning for each");
	ok(d.count && d.items[0].line == 3, "... at the line where the record starts");
	free(got);
	cdr_diag_clear(&d);

	cdr_survey *c = NULL;
	cdr_csv_record r;
	int done;
	is_num(cdr_survey_open(more, &opt, &c, &d), CDR_OK, "lenient: opens");
	while (cdr_survey_next(c, &r, &done, &d) == CDR_OK && !done)
		;
	is_num(cdr_csv_skipped(cdr_survey_reader(c)), 2, "lenient: counts the skipped records");
	cdr_survey_free(c);
	cdr_diag_free(&d);

	reads_as(write_str("fewer.csv", "id,antwoord,toelichting\n1\n2,goed\n3,,\n"), NULL, 1,
		 "1||@2\n2|goed|@3\n3||@4\n", "fewer cells: padded with empty cells");
	/* the error comes later than the sample */
	cdr_buf b = CDR_BUF_INIT;
	cdr_buf_adds(&b, "id,antwoord\n");
	for (int i = 1; i <= 600; i++)
		cdr_buf_printf(&b, "%d,%s\n", i, answers[i % NANSWERS]);
	cdr_buf_adds(&b, "601,x,y\n");
	m = fails_at(write_file("late.csv", b.data, b.len), NULL, CDR_EINPUT, 602, 0,
		     "extra cells after the sample, at its line");
	free(m);
	cdr_buf_free(&b);
}

static void test_limits(void)
{
	cdr_buf b = CDR_BUF_INIT;
	cdr_buf_adds(&b, "id,antwoord\n1,kort\n2,\"");
	while (b.len < 3 * 1024 * 1024)
		cdr_buf_printf(&b, "%s\n", answers[b.len % NANSWERS]);
	cdr_buf_adds(&b, "\"\n3,kort\n");
	const char *p = write_file("big.csv", b.data, b.len);
	cdr_diag d = CDR_DIAG_INIT;
	char *got;
	is_num(dump(p, NULL, 0, &got, &d), CDR_OK, "a 3 MiB answer is fine");
	ok(strlen(got) > 3000 * 1000, "... and read whole");
	free(got);

	cdr_survey_options opt = { { 0, 0, 1 << 20 }, NULL };
	char *m = fails_at(p, &opt, CDR_ELIMIT, 3, 0, "a record over max_record");
	ok(strstr(m, "1 MiB") && strstr(m, "--max-record"), "... names the limit and option: %s",
	   m);
	free(m);
	m = fails_at(write_str("open.csv", "id,antwoord\n1,\"nooit dicht\n2,x\n"), &opt, CDR_EINPUT,
		     2, 3, "a short unterminated quote under the limit");
	free(m);

	m = fails_at(write_str("empty.csv", ""), NULL, CDR_EINPUT, 0, 0, "an empty file");
	ok(strstr(m, "empty") != NULL, "... says empty: %s", m);
	free(m);
	/* Found by fuzz-csv: a UTF-16 byte order mark alone decodes to nothing, which the
	** check for Excel's "sep=" line must not read (UBSan: offset on NULL). */
	m = fails_at(write_str("bom16.csv", "\xfe\xff"), NULL, CDR_EINPUT, 0, 0,
		     "a UTF-16 byte order mark alone");
	ok(strstr(m, "empty") != NULL, "... says empty: %s", m);
	free(m);
	reads_as(write_str("header.csv", "id,antwoord\n"), NULL, 0, "", "a header only: no rows");

	opt.csv.max_record = 0;
	opt.id_column = "nummer";
	m = fails_at(write_str("noid.csv", "id,antwoord\n1,x\n"), &opt, CDR_EINPUT, 1, 0,
		     "an id column that does not exist");
	free(m);
	opt.id_column = NULL;
	opt.csv.delimiter = '|';
	cdr_csv *c = NULL;
	is_num(cdr_csv_open(p, &opt.csv, &c, &d), CDR_EINPUT, "delimiter '|' is refused");
	ok(c == NULL, "... *out is NULL on failure");
	is_num(cdr_csv_open("/nonexistent/x.csv", NULL, &c, &d), CDR_EIO, "a missing file");
	cdr_survey *sv = NULL;
	is_num(cdr_survey_open(p, &opt, &sv, &d), CDR_EINPUT, "... the survey too");
	ok(sv == NULL, "... *out is NULL on failure");
	cdr_csv_free(NULL);
	cdr_survey_free(NULL);
	cdr_diag_free(&d);
	cdr_buf_free(&b);
}

static void test_free_text(void)
{
	static const char *const regions[] = { "Noord", "Oost", "Zuid", "West",
					       "Midden-Nederland" };
	static const char *const short_answers[] = { "Geen idee", "Nee", "Weet ik niet" };
	cdr_buf b = CDR_BUF_INIT;
	cdr_buf_adds(&b, "Respondent_ID;Regio;Leeftijd;Datum;Tevreden;Ambitie;Knelpunten;"
			 "Gemeente;Rapportcijfer\n");
	for (size_t i = 0; i < 120; i++) {
		char amb[512];
		snprintf(amb, sizeof amb, "%s", i % 10 == 3 ? "" : answer(i));
		const char *kn = i % 7 == 0   ? short_answers[i % 3]
				 : i % 5 == 0 ? ""
					      : answer(i + 7);
		cdr_buf_printf(&b, "R%04zu;%s;%zu;%02zu-%02zu-2021;%s;\"%s\";\"%s\";%s;%zu,%zu\n",
			       i + 1, regions[i % 5], 18 + (i * 7) % 60, i % 28 + 1, i % 12 + 1,
			       i % 2 ? "ja" : "nee", amb, kn, i % 3 ? "Maastricht" : "Rotterdam",
			       5 + i % 5, i % 10);
	}
	const char *p = write_file("mixed.csv", b.data, b.len);
	cdr_buf_free(&b);

	cdr_diag d = CDR_DIAG_INIT;
	cdr_survey *c = NULL;
	if (!is_num(cdr_survey_open(p, NULL, &c, &d), CDR_OK, "mixed table opens"))
		return;
	static const struct {
		const char *col;
		int free;
		const char *reason;
	} want[] = {
		{ "Respondent_ID", 0, "id column" },
		{ "Regio", 0, "categorical: 5 distinct values" },
		{ "Leeftijd", 0, "numbers" },
		{ "Datum", 0, "dates" },
		{ "Tevreden", 0, "yes/no values" },
		{ "Ambitie", 1, "multi-word text in 100% of 108 values" },
		{ "Knelpunten", 1, "multi-word text in 94% of 100 values" },
		{ "Gemeente", 0, "categorical: 2 distinct values" },
		{ "Rapportcijfer", 0, "numbers" },
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		size_t j = cdr_csv_find_column(cdr_survey_reader(c), want[i].col);
		const char *why = NULL;
		int free_text = cdr_survey_is_free_text(c, j, &why);
		is_num(free_text, want[i].free, "%s: free text %s", want[i].col,
		       want[i].free ? "yes" : "no");
		is_str(why, want[i].reason, "%s: reason", want[i].col);
	}
	is_num(cdr_csv_find_column(cdr_survey_reader(c), "regio"), 1,
	       "find_column ignores case as a fallback");
	is_num(cdr_csv_find_column(cdr_survey_reader(c), "Postcode"), (size_t)-1,
	       "find_column: absent");
	const char *why = NULL;
	ok(!cdr_survey_is_free_text(c, 99, &why) && why, "no such column: not free text");
	ok(cdr_csv_column_name(cdr_survey_reader(c), 99) == NULL, "... and no name");
	cdr_survey_free(c);

	/* Single words and a short sample. */
	reads_as(write_str("words.csv", "naam,woord\nA,fiets\nB,auto\nC,trein\n"), NULL, 0,
		 "A|fiets\nB|auto\nC|trein\n", "single words");
	is_num(cdr_survey_open(made[nmade - 1], NULL, &c, &d), CDR_OK, "single words open");
	int free_text = cdr_survey_is_free_text(c, 1, &why);
	ok(!free_text, "... single words are not free text (%s)", why);
	cdr_survey_free(c);
	cdr_diag_free(&d);
}

/* Files of many chunks: characters and surrogate pairs cut by chunk boundaries,
** positions counted across them. */
static void test_chunks(void)
{
	cdr_buf utf8 = CDR_BUF_INIT, want = CDR_BUF_INIT, raw = CDR_BUF_INIT;
	cdr_buf_adds(&utf8, "id\tantwoord\r\n");
	for (size_t i = 1; i <= 20000; i++) {
		cdr_buf_printf(&utf8, "%zu\t%s 😀\r\n", i, answer(i % 144));
		cdr_buf_printf(&want, "%zu|%s 😀\n", i, answer(i % 144));
	}
	cdr_buf_add(&raw, "\xFF\xFE", 2);
	for (size_t i = 0; i < utf8.len;) {
		size_t n;
		uint32_t cp = cdr_utf8_decode((const unsigned char *)utf8.data + i, &n);
		unsigned u[2] = { cp, 0 };
		size_t nu = 1;
		if (cp >= 0x10000) {
			u[0] = 0xD800 + ((cp - 0x10000) >> 10);
			u[1] = 0xDC00 + ((cp - 0x10000) & 0x3FF);
			nu = 2;
		}
		for (size_t k = 0; k < nu; k++) {
			char pair[2] = { (char)(u[k] & 0xFF), (char)(u[k] >> 8) };
			cdr_buf_add(&raw, pair, 2);
		}
		i += n;
	}
	reads_as(write_file("long-utf16.txt", raw.data, raw.len), NULL, 0, want.data,
		 "UTF-16LE over many chunks, surrogate pairs across chunk ends");
	reads_as(write_file("long-utf8.txt", utf8.data, utf8.len), NULL, 0, want.data,
		 "the same in UTF-8, characters across chunk ends");

	/* Dense pairs: the second run starts at 2 mod 4, so 64 KiB chunk ends cut pairs. */
	cdr_buf_reset(&raw);
	cdr_buf_reset(&want);
	cdr_buf_add(&raw, "\xFF\xFEi\0d\0\t\0x\0\n\0", 12);
	for (int r = 0; r < 2; r++) {
		cdr_buf_add(&raw, r ? "2\0\t\0" : "1\0\t\0", 4);
		cdr_buf_adds(&want, r ? "2|" : "1|");
		for (int i = 0; i < 40000; i++) {
			cdr_buf_add(&raw, "\x3D\xD8\x00\xDE", 4);
			cdr_buf_adds(&want, "😀");
		}
		cdr_buf_add(&raw, "\n\0", 2);
		cdr_buf_addc(&want, '\n');
	}
	reads_as(write_file("pairs-utf16.txt", raw.data, raw.len), NULL, 0, want.data,
		 "UTF-16LE surrogate pairs cut by chunk ends");

	cdr_buf_reset(&utf8);
	cdr_buf_adds(&utf8, "id,antwoord\n");
	for (size_t i = 1; i <= 5000; i++)
		cdr_buf_printf(&utf8, "%zu,%s%s\n", i, i == 4000 ? "Het \xFF" : "",
			       answer(i % 144));
	char *m = fails_at(write_file("late-latin1.csv", utf8.data, utf8.len), NULL, CDR_EINPUT,
			   4001, 10, "invalid UTF-8 far into the file, at its line:column");
	free(m);
	cdr_buf_free(&utf8);
	cdr_buf_free(&want);
	cdr_buf_free(&raw);
}

#define CHUNK 65536 /* RAW_CHUNK in csv.c: UTF-8 files are read in chunks of this size */

/* Append filler text (words, an 'é' now and then) to 'b' until it is 'len' bytes. */
static void pad_to(cdr_buf *b, size_t len)
{
	static const char words[] = "samenwerking tussen partners é ";
	size_t n;
	for (size_t i = 0; b->len < len; i = (i + n) % (sizeof words - 1)) {
		n = (unsigned char)words[i] >= 0x80 ? 2 : 1; /* 'é' is two bytes */
		if (b->len + n > len)
			cdr_buf_addc(b, 'x'); /* no room for the whole 'é' */
		else
			cdr_buf_add(b, words + i, n);
	}
}

/* The column, in code points, of the byte at 'end' on the line that starts at 'start'. */
static size_t column_at(const cdr_buf *b, size_t start, size_t end)
{
	return cdr_utf8_count(b->data + start, end - start) + 1;
}

/* The fast path of the reader (runs of ordinary text taken at once) at the edges of
** its runs: chunk ends, characters and CRLF cut by them, errors far into a line. */
static void test_fast_path(void)
{
	/* Characters of 2, 3 and 4 bytes cut after each of their bytes by chunk ends. */
	static const char *const cut[] = { "é", "€", "€", "😀", "😀", "😀" };
	static const size_t before[] = { 1, 1, 2, 1, 2, 3 }; /* bytes in the first chunk */
	cdr_buf b = CDR_BUF_INIT, want = CDR_BUF_INIT;
	cdr_buf_adds(&b, "id,antwoord\n1,\"");
	size_t line2 = strlen("id,antwoord\n"), cell = b.len;
	for (size_t k = 0; k < sizeof cut / sizeof cut[0]; k++) {
		pad_to(&b, (k + 1) * CHUNK - before[k]);
		cdr_buf_adds(&b, cut[k]);
	}
	pad_to(&b, b.len + 100);
	size_t bad = b.len;
	cdr_buf_printf(&want, "1|%.*s@2\n2|b@3\n", (int)(bad - cell), b.data + cell);
	cdr_buf_adds(&b, "\"\n2,b\n");
	reads_as(write_file("cut-chunks.csv", b.data, b.len), NULL, 1, want.data,
		 "fast path: characters cut by chunk ends, in a quoted field");
	b.len = bad; /* back to before the closing quote */
	cdr_buf_adds(&b, "\xE2\x28\"\n2,b\n");
	free(fails_at(write_file("cut-then-bad.csv", b.data, b.len), NULL, CDR_EINPUT, 2,
		      column_at(&b, line2, bad), "... an invalid sequence after them: its column"));

	/* Runs ending exactly at a chunk end: before a closing quote, a delimiter, a line
	** end, the end of the file. */
	cdr_buf_reset(&b);
	cdr_buf_reset(&want);
	cdr_buf_adds(&b, "id,antwoord,x\n1,\"");
	cell = b.len;
	pad_to(&b, CHUNK);
	cdr_buf_printf(&want, "1|%s|@2\n", b.data + cell);
	cdr_buf_adds(&b, "\"\n2,");
	cell = b.len;
	pad_to(&b, 2 * CHUNK);
	cdr_buf_printf(&want, "2|%s|z@3\n", b.data + cell);
	cdr_buf_adds(&b, ",z\n3,");
	cell = b.len;
	pad_to(&b, 3 * CHUNK);
	cdr_buf_printf(&want, "3|%s|@4\n", b.data + cell);
	cdr_buf_adds(&b, "\n4,");
	cell = b.len;
	pad_to(&b, 4 * CHUNK);
	cdr_buf_printf(&want, "4|%s|@5\n", b.data + cell);
	reads_as(write_file("run-ends.csv", b.data, b.len), NULL, 1, want.data,
		 "fast path: runs ending at chunk ends (quote, delimiter, line end, end of file)");

	/* CR as the last byte of a chunk: of a CRLF, alone, and of a CRLF in quotes. */
	cdr_buf_reset(&b);
	cdr_buf_reset(&want);
	cdr_buf_adds(&b, "id,antwoord\r\n1,");
	cell = b.len;
	pad_to(&b, CHUNK - 1);
	cdr_buf_printf(&want, "1|%s@2\n", b.data + cell);
	cdr_buf_adds(&b, "\r\n2,");
	cell = b.len;
	pad_to(&b, 2 * CHUNK - 1);
	cdr_buf_printf(&want, "2|%s@3\n3|c@4\n", b.data + cell);
	cdr_buf_adds(&b, "\r3,c\n4,\"");
	cell = b.len;
	pad_to(&b, 3 * CHUNK - 1);
	cdr_buf_printf(&want, "4|%s\r\ny@5\n5|d@7\n", b.data + cell);
	cdr_buf_adds(&b, "\r\ny\"\n5,d\n");
	reads_as(write_file("cr-chunks.csv", b.data, b.len), NULL, 1, want.data,
		 "fast path: CR at chunk ends, lines counted once for a cut CRLF");
	reads_as(write_str("cr-run.csv", "id,antwoord\n1,\"a\rbc\nd\"\n2,x\n"), NULL, 1,
		 "1|a\rbc\nd@2\n2|x@5\n", "fast path: a run after a lone CR, then LF: two lines");

	/* Errors far into a long line, after many runs and chunks: their columns.  The
	** line ends in 'tail', whose byte number 'culprit' is the one blamed. */
	static const struct {
		const char *name, *open, *tail;
		size_t tail_len, culprit;
		const char *what;
	} deep[] = {
		{ "deep-nul.csv", "", "\0ja\n", 4, 0, "NUL far into an unquoted field" },
		{ "deep-latin1.csv", "", "\xE9t\n", 3, 0, "Latin-1 far into an unquoted field" },
		{ "deep-after-quote.csv", "\"", "\"x\n", 3, 1,
		  "text after a closing quote far into a line" },
		{ "deep-cut.csv", "\"", "\xF0\x9F\x98", 3, 0,
		  "a character cut by the end of the file" },
	};
	for (size_t i = 0; i < sizeof deep / sizeof deep[0]; i++) {
		cdr_buf_reset(&b);
		cdr_buf_adds(&b, "id,antwoord\n1,x\n");
		size_t line3 = b.len;
		cdr_buf_adds(&b, "2,");
		cdr_buf_adds(&b, deep[i].open);
		pad_to(&b, 2 * CHUNK + 1000);
		size_t at = b.len + deep[i].culprit;
		cdr_buf_add(&b, deep[i].tail, deep[i].tail_len);
		free(fails_at(write_file(deep[i].name, b.data, b.len), NULL, CDR_EINPUT, 3,
			      column_at(&b, line3, at), deep[i].what));
	}

	/* A lead byte whose continuation bytes are missing before plain ASCII text: the
	** error is at the lead byte, even when the text goes on past max_record. */
	const char *lead = write_str("lead-ascii.csv", "id,antwoord\n1,caf\xC3"
						       "e au lait\n");
	free(fails_at(lead, NULL, CDR_EINPUT, 2, 6, "fast path: a lead byte followed by ASCII"));
	cdr_survey_options small = { { 0, 0, 12 }, NULL }; /* the text would reach 14 */
	free(fails_at(lead, &small, CDR_EINPUT, 2, 6, "... before the record limit"));

	/* max_record reached inside a run. */
	small.csv.max_record = 10;
	free(fails_at(write_str("run-limit.csv", "id,antwoord\n1,\"meer dan tien bytes\"\n"),
		      &small, CDR_ELIMIT, 2, 0, "fast path: max_record reached inside a run"));
	cdr_buf_free(&b);
	cdr_buf_free(&want);
}

static void test_stream(void)
{
	const char *path;
	{
		char *p = cdr_xmalloc(strlen(dir) + 16);
		sprintf(p, "%s/stream.csv", dir);
		made[nmade++] = p;
		path = p;
	}
	FILE *f = fopen(path, "wb");
	fprintf(f, "id;regio;antwoord\r\n");
	for (size_t i = 1; i <= 100000; i++)
		fprintf(f, "%zu;%s;\"%s\"\r\n", i, i % 2 ? "Noord" : "Zuid", answers[i % NANSWERS]);
	fclose(f);

	cdr_diag d = CDR_DIAG_INIT;
	cdr_survey *c = NULL;
	if (!is_num(cdr_survey_open(path, NULL, &c, &d), CDR_OK, "100,000 rows: opens"))
		return;
	cdr_csv_record r;
	int done = 0;
	size_t rows = 0, bad = 0, mem_early = 0, mem_max = 0;
	cdr_rc rc;
	while ((rc = cdr_survey_next(c, &r, &done, &d)) == CDR_OK && !done) {
		rows++;
		if (r.row != rows || r.line != rows + 1 ||
		    strcmp(r.cell[2], answers[rows % NANSWERS]))
			bad++;
		size_t m = cdr_survey_memory(c);
		if (rows == 1000)
			mem_early = m;
		if (rows > 1000 && m > mem_max)
			mem_max = m;
	}
	is_num(rc, CDR_OK, "100,000 rows: read to the end");
	is_num(rows, 100000, "... all rows");
	is_num(bad, 0, "... each with its row, line and answer");
	ok(mem_max <= mem_early, "... memory does not grow after the sample (%zu <= %zu bytes)",
	   mem_max, mem_early);
	ok(mem_max < 512 * 1024, "... and stays small (%zu bytes)", mem_max);
	cdr_survey_free(c);
	cdr_diag_free(&d);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		printf("Bail out! mkdtemp failed\n");
		return 1;
	}
	test_quoting();
	test_line_ends();
	test_encodings();
	test_dialects();
	test_qualtrics();
	test_ragged();
	test_limits();
	test_free_text();
	test_chunks();
	test_fast_path();
	test_stream();
	for (size_t i = 0; i < nmade; i++) {
		remove(made[i]);
		free(made[i]);
	}
	rmdir(dir);
	return tap_done();
}
