/* textnorm.h: the one normalisation every text of a dossier goes through
 * before it is measured or drawn.
 *
 * NFC (input may arrive decomposed from some keyboards and Macs: libharu does
 * no shaping, so combining marks would be misplaced); line and paragraph
 * separators, tabs, newlines and other spaces (U+2028, U+2029, U+0085, U+2000…
 * U+200A, U+3000…) become a plain space, since a name or a label is one line of
 * running text and the font may lack those characters; control and invisible
 * format characters (C0/C1 controls, U+200B zero width space, U+FEFF, U+00AD
 * soft hyphen, bidi marks) are removed; invalid UTF-8 bytes become U+FFFD. The
 * no-break spaces U+00A0 and U+202F are kept: they are meant. */
#ifndef DOSSIER_TEXTNORM_H
#define DOSSIER_TEXTNORM_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "base/diag.h"

/* The offset of the first byte of `length` bytes of `text` that is not valid
 * UTF-8 (a stray byte, a truncated, overlong or surrogate sequence, a value
 * beyond U+10FFFF) or is a NUL byte; `length` when the text is clean. For
 * refusing a file that is not UTF-8 text at the place of the byte. */
size_t dossier_text_first_bad_byte(const char *text, size_t length);

/* Returns the normalised, NUL-terminated copy of `length` bytes of `utf8`,
 * which the caller frees, or NULL when out of memory. */
char *dossier_text_normalize(const char *utf8, size_t length);

/* Normalises every string value of the cJSON tree `root` in place (object keys
 * are identifiers and are left as they are). Returns DOSSIER_OK or
 * DOSSIER_ERR_NOMEM (the tree is then partly normalised but valid). */
dossier_status dossier_text_normalize_tree(cJSON *root);

#endif
