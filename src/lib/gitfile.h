/*
** gitfile.h -- a codebook named on the command line as a file or as REV:PATH,
** the file as git has it in commit REV ('codeer diff HEAD:x.codebook x.codebook').
**
** Reading REV:PATH runs a program, as reading a file opens one: 'git -C DIR show
** REV:./BASE', with DIR and BASE PATH's directory and file name (so PATH is read
** as the command line names it, relative to the current directory, in the
** repository that holds it; "." and PATH when that directory does not exist).
** git is found on PATH; its standard output is the codebook, the first line of
** its standard error the reason it failed.  Nothing is written to the caller's
** streams; the child's standard input is the caller's.
*/
#ifndef CDR_GITFILE_H
#define CDR_GITFILE_H

#include "codebook.h"
#include "diag.h"
#include "status.h"

/* Load the codebook 'spec': the file of that name if there is one (or if 'spec'
** has no colon), as cdr_codebook_load; else REV:PATH, read with 'git show'.
** Returns CDR_OK with *out set, or the error with *out NULL and the problems in
** 'd', each naming 'spec': CDR_EIO when git cannot be run ("cannot run git to
** read it") or fails ("git show REV:./BASE failed: " and git's reason), or what
** decoding and parsing the text returned (line and column in 'spec'). */
cdr_rc cdr_gitfile_load_codebook(const char *spec, cdr_codebook **out, cdr_diag *d);

#endif
