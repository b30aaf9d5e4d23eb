/* gnuplot_quote.h: building gnuplot input that user text cannot escape from.
 *
 * gnuplot 5.4 runs shell commands hidden in strings (TECH-NOTES.md, "gnuplot
 * security"): backticks in double quotes, a quote that closes early, a newline
 * followed by `!cmd`, `set print '|cmd'`, an injected datablock terminator. The
 * recipe (docs/charts.md): user text only ever appears inside single quotes,
 * with control characters removed (CR, LF, tab, other C0 and C1 characters,
 * and a trailing backslash), in a `noenhanced` terminal. A quote of the text
 * is neither doubled (gnuplot 5.4.4 mis-scans '' next to another quote) nor
 * joined as "'" (its macro pass then loses track of quotes and expands a
 * following @name): it is joined as an octal escape, 'Sở ' . "\047" . 'A';
 * data goes into datablocks whose terminator is random, with tab-separated
 * fields stripped of tabs and line breaks; no file name comes from user text.
 *
 * A script is built by appending to a dossier_buf. Appends never fail
 * loudly: on out of memory the script is marked failed and further appends do
 * nothing, so a builder checks once at the end (dossier_gp_script_ok). */
#ifndef DOSSIER_GNUPLOT_QUOTE_H
#define DOSSIER_GNUPLOT_QUOTE_H

#include <stddef.h>

#include "base/buf.h"

/* Length of a token from dossier_gp_random_token, without the NUL. */
#define DOSSIER_GP_TOKEN_LENGTH 24

/* Returns 1 when the script holds something and every append so far
 * succeeded, 0 when it is empty or ran out of memory. */
int dossier_gp_script_ok(const dossier_buf *script);

/* Appends printf-formatted *trusted* text: the format must be a literal and the
 * arguments numbers or strings made by dossier itself, never user text. */
void dossier_gp_printf(dossier_buf *script, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Appends `utf8` (user text, may be NULL = empty) as a gnuplot string
 * expression: '…' without control characters and trailing backslashes, each
 * quote of the text written as ' . "\047" . ' (see above). */
void dossier_gp_quoted(dossier_buf *script, const char *utf8);

/* Appends `utf8` like dossier_gp_quoted, but broken at spaces into lines of
 * at most `max_chars` characters (a longer word stays whole), as a gnuplot
 * string expression: 'line 1' . "\n" . 'line 2'. Keeps long titles, key
 * entries and tick labels inside the canvas. Returns the number of lines. */
size_t dossier_gp_quoted_lines(dossier_buf *script, const char *utf8, size_t max_chars);

/* Appends `utf8` as one datablock field: tabs, CR, LF and other control
 * characters are dropped so the field can neither split a column nor end the
 * line (and so can never become a terminator line of its own). */
void dossier_gp_field(dossier_buf *script, const char *utf8);

/* Returns a new string holding what dossier_gp_quoted would append for `utf8`,
 * or NULL when out of memory. The caller frees it. */
char *dossier_gp_quote(const char *utf8);

/* Writes DOSSIER_GP_TOKEN_LENGTH random characters [A-Za-z0-9] and a NUL into
 * buf (size must be > DOSSIER_GP_TOKEN_LENGTH), from the kernel's random
 * source. Used for datablock terminators and end-of-chart sentinels, so no
 * text in a dataset can predict them. Returns 0, or -1 when size is too small
 * or no randomness is available (buf then holds ""). */
int dossier_gp_random_token(char *buf, size_t size);

#endif
