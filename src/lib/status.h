/*
** status.h -- the status codes every library function that can fail returns.
** Details (file, line, column, message) go to a cdr_diag sink (diag.h).
*/
#ifndef CDR_STATUS_H
#define CDR_STATUS_H

typedef enum cdr_rc {
	CDR_OK = 0,
	CDR_EIO,      /* a file could not be read or written */
	CDR_EINPUT,   /* an input document is malformed (encoding, type) */
	CDR_ESYNTAX,  /* a codebook is malformed */
	CDR_ELIMIT,   /* a configured limit was reached (size, regex match limit) */
	CDR_EINTERNAL /* a library call failed in a way that should not happen */
} cdr_rc;

/* A short English description of 'rc' ("input error", ...). */
const char *cdr_rc_str(cdr_rc rc);

#endif
