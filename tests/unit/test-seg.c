/*
** test-seg.c -- paragraphs, sentences (Dutch abbreviations, numbers, dates, hard
** line breaks) and words (compounds, RIEC's, 2019-2021).
*/
#include "config.h"

#include "mem.h"
#include "seg.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

/* The spans of 'ss' over 't', joined with " | ". */
static char *joined(const char *t, const cdr_spans *ss)
{
	cdr_buf b = CDR_BUF_INIT;
	for (size_t i = 0; i < ss->count; i++) {
		if (i)
			cdr_buf_adds(&b, " | ");
		cdr_buf_add(&b, t + ss->v[i].start, ss->v[i].end - ss->v[i].start);
	}
	return cdr_buf_take(&b);
}

static void paragraphs_are(const char *t, const char *want, const char *what)
{
	cdr_spans ss = CDR_SPANS_INIT;
	cdr_seg_paragraphs(t, strlen(t), &ss);
	char *got = joined(t, &ss);
	is_str(got, want, "paragraphs: %s", what);
	free(got);
	cdr_spans_free(&ss);
}

typedef cdr_rc (*segmenter)(cdr_seg *, const char *, size_t, size_t, cdr_spans *);

static void segments_are(cdr_seg *seg, segmenter fn, const char *kind, const char *t,
			 const char *want, const char *what)
{
	cdr_spans ss = CDR_SPANS_INIT;
	is_num(fn(seg, t, 0, strlen(t), &ss), CDR_OK, "%s of: %s", kind, what);
	char *got = joined(t, &ss);
	is_str(got, want, "%s: %s", kind, what);
	free(got);
	cdr_spans_free(&ss);
}

#define sentences_are(seg, t, want, what) \
	segments_are(seg, cdr_seg_sentences, "sentences", t, want, what)
#define words_are(seg, t, want, what) segments_are(seg, cdr_seg_words, "words", t, want, what)

int main(void)
{
	paragraphs_are("", "", "empty text");
	paragraphs_are("een\ntwee\n\ndrie", "een\ntwee | drie", "blank line separates");
	paragraphs_are("  \n \t\n  x  \r\n\r\ny\t\n", "x | y", "CRLF, blank lines with blanks");
	paragraphs_are("a\n\xC2\xA0\nb", "a | b", "a line of a no-break space is blank");
	paragraphs_are("a\r\rb\rc", "a | b\rc", "CR-only line ends");
	paragraphs_are("a\n\n\n\nb\n", "a | b", "several blank lines");

	cdr_diag d = CDR_DIAG_INIT;
	cdr_seg *seg = NULL;
	if (!ok(cdr_seg_new(&seg, &d) == CDR_OK, "ICU opens the Dutch break rules"))
		return tap_done();

	sentences_are(seg, "Dit geldt o.a. voor het RIEC. Daarna volgt de gemeente.",
		      "Dit geldt o.a. voor het RIEC. | Daarna volgt de gemeente.", "o.a.");
	sentences_are(seg, "Partners zoals bijv. Rotterdam doen mee. Dat werkt.",
		      "Partners zoals bijv. Rotterdam doen mee. | Dat werkt.", "bijv.");
	sentences_are(seg, "Het gaat om regels, d.w.z. Europese regels. Klaar.",
		      "Het gaat om regels, d.w.z. Europese regels. | Klaar.", "d.w.z.");
	sentences_are(seg, "Afspraken m.b.t. Schiphol zijn gemaakt.",
		      "Afspraken m.b.t. Schiphol zijn gemaakt.", "m.b.t.");
	sentences_are(seg, "Wapens, drugs e.d. Zulke zaken vallen eronder.",
		      "Wapens, drugs e.d. Zulke zaken vallen eronder.", "e.d.");
	sentences_are(seg, "Er kwam een projectleider i.p.v. De Vries.",
		      "Er kwam een projectleider i.p.v. De Vries.", "i.p.v.");
	sentences_are(seg, "Overleg t.a.v. Bibob loopt. Het werkt.",
		      "Overleg t.a.v. Bibob loopt. | Het werkt.", "t.a.v.");
	sentences_are(seg, "Het gesprek met mr. Jansen en prof. De Ree was nuttig.",
		      "Het gesprek met mr. Jansen en prof. De Ree was nuttig.", "mr., prof.");
	sentences_are(seg, "Zie nr. 5 van de lijst. Dat is alles.",
		      "Zie nr. 5 van de lijst. | Dat is alles.", "nr. before a number");
	sentences_are(seg, "Er zijn 1.000 meldingen gedaan op 7.12.2022 in Limburg. Dat is veel.",
		      "Er zijn 1.000 meldingen gedaan op 7.12.2022 in Limburg. | Dat is veel.",
		      "numbers and dates");
	sentences_are(seg, "Het rapport verscheen op 19 dec. 2022 bij het WODC.",
		      "Het rapport verscheen op 19 dec. 2022 bij het WODC.", "abbreviated month");
	sentences_are(seg, "Volgens H. Nelen is dat zo. Anderen twijfelen.",
		      "Volgens H. Nelen is dat zo. | Anderen twijfelen.", "an initial");
	sentences_are(seg, "Deze aanpak\nwerkt goed. Maar\r\nniet overal.",
		      "Deze aanpak\nwerkt goed. | Maar\r\nniet overal.", "hard line breaks");
	sentences_are(seg, "1.     Aanleiding", "1.     Aanleiding", "an enumeration number");
	sentences_are(seg, "Werkt het? Ja! Zeker.", "Werkt het? | Ja! | Zeker.", "? and !");
	sentences_are(seg, "De RIEC’s zijn betrokken. «Dat gebeurt hier niet», zei men.",
		      "De RIEC’s zijn betrokken. | «Dat gebeurt hier niet», zei men.",
		      "curly apostrophe and guillemets");
	ok(cdr_seg_is_abbreviation("O.A.", 4), "abbreviations are matched without case");
	ok(!cdr_seg_is_abbreviation("etc.", 4), "etc. may end a sentence");

	words_are(
		seg, "De publiek-private samenwerking van RIEC's en auto's in 2019-2021.",
		"De | publiek-private | samenwerking | van | RIEC's | en | auto's | in | 2019-2021",
		"compounds, possessives, year ranges");
	words_are(seg, "informatie-uitwisseling (zie ook: hoofdstuk 3)",
		  "informatie-uitwisseling | zie | ook | hoofdstuk | 3", "punctuation is skipped");
	words_are(seg, "samenwerkings- en informatiedeling",
		  "samenwerkings | en | informatiedeling", "a trailing hyphen is not a word");

	cdr_seg_free(seg);
	cdr_diag_free(&d);
	return tap_done();
}
