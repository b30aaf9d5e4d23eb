/* gnuplot_quote.c: the quoting recipe of gnuplot_quote.h. */
#include "render/chart/gnuplot_quote.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include <utf8proc.h>

int dossier_gp_script_ok(const dossier_buf *script) {
  return dossier_buf_ok(script) && script->data != NULL;
}

void dossier_gp_printf(dossier_buf *script, const char *fmt, ...) {
  va_list args;
  va_start(args, fmt);
  dossier_buf_addv(script, fmt, args);
  va_end(args);
}

/* Appends `utf8` without control characters (C0, DEL, C1) and without the
 * backslashes that would end it: gnuplot reads a backslash at the end of a
 * line as a continuation, which could swallow what follows. Bytes that are not
 * UTF-8, and code points XML forbids (surrogates, U+FFFE, U+FFFF), become
 * U+FFFD: gnuplot would copy them into its svg, which would then not parse. */
static void append_clean(dossier_buf *script, const char *utf8) {
  if (!utf8) return;
  const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)utf8;
  size_t start = script->length;
  while (*s) {
    utf8proc_int32_t cp = -1;
    utf8proc_ssize_t n = utf8proc_iterate(s, -1, &cp);
    if (n <= 0) {
      dossier_buf_add(script, "\xef\xbf\xbd", 3);
      s++;
      continue;
    }
    if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
      /* dropped */
    } else if ((cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfffe || cp == 0xffff) {
      dossier_buf_add(script, "\xef\xbf\xbd", 3);
    } else {
      dossier_buf_add(script, (const char *)s, (size_t)n);
    }
    s += n;
  }
  if (script->failed) return;
  while (script->length > start && script->data[script->length - 1] == '\\')
    script->data[--script->length] = '\0';
}

/* Appends text that is already clean (no control characters, no trailing
 * backslash) as single-quoted pieces. A quote of the text is never written as
 * a quote character: gnuplot 5.4.4's scanner mis-reads a doubled quote next to
 * another quote ('''x' and 'a''''b' each become two tokens), and its macro
 * pass toggles "inside single quotes" at every ' — even one inside double
 * quotes — so a joined "'" would let a following @name be expanded. The
 * string is closed and joined to "\047" (an octal escape: no quote, no
 * backtick). */
static void append_pieces(dossier_buf *script, const char *clean, size_t length) {
  size_t i = 0;
  for (;;) {
    size_t piece = 0;
    while (i + piece < length && clean[i + piece] != '\'') piece++;
    dossier_buf_add(script, "'", 1);
    dossier_buf_add(script, clean + i, piece);
    dossier_buf_add(script, "'", 1);
    i += piece;
    if (i >= length) break;
    dossier_buf_add(script, " . \"\\047\" . ", 12);
    i++; /* the quote */
  }
}

void dossier_gp_quoted(dossier_buf *script, const char *utf8) {
  dossier_buf clean;
  clean = (dossier_buf)DOSSIER_BUF_INIT;
  dossier_buf_add(&clean, "", 0);
  append_clean(&clean, utf8);
  if (clean.failed) script->failed = 1;
  else append_pieces(script, clean.data, clean.length);
  dossier_buf_free(&clean);
}

/* Characters (UTF-8 code points) in the `length` bytes at s. */
static size_t characters(const char *s, size_t length) {
  size_t n = 0;
  for (size_t i = 0; i < length; i++)
    if (((unsigned char)s[i] & 0xc0) != 0x80) n++;
  return n;
}

size_t dossier_gp_quoted_lines(dossier_buf *script, const char *utf8, size_t max_chars) {
  /* Clean first, so that the breaks are counted on the text gnuplot gets. */
  dossier_buf clean;
  clean = (dossier_buf)DOSSIER_BUF_INIT;
  dossier_buf_add(&clean, "", 0);
  append_clean(&clean, utf8);
  if (clean.failed) {
    script->failed = 1;
    dossier_buf_free(&clean);
    return 1;
  }
  const char *text = clean.data;
  size_t length = clean.length, start = 0;
  int first = 1;
  size_t lines = 0;
  while (first || start < length) {
    /* The longest run of whole words from `start` within max_chars; a
     * first word longer than that stays whole. */
    size_t end = length;
    if (characters(text + start, length - start) > max_chars) {
      int found = 0;
      for (size_t i = start; i < length; i++) {
        if (text[i] != ' ') continue;
        int fits = characters(text + start, i - start) <= max_chars;
        if (fits || !found) {
          end = i;
          found = 1;
        }
        if (!fits) break;
      }
    }
    if (!first) dossier_gp_printf(script, " . \"\\n\" . ");
    /* A line may end in a backslash where a space was cut: drop it too. */
    size_t line_end = end;
    while (line_end > start && text[line_end - 1] == '\\') line_end--;
    append_pieces(script, text + start, line_end - start);
    first = 0;
    lines++;
    start = end < length ? end + 1 : length;
  }
  dossier_buf_free(&clean);
  return lines;
}

void dossier_gp_field(dossier_buf *script, const char *utf8) {
  dossier_buf_add(script, "", 0);
  append_clean(script, utf8);
}

char *dossier_gp_quote(const char *utf8) {
  dossier_buf script;
  script = (dossier_buf)DOSSIER_BUF_INIT;
  dossier_gp_quoted(&script, utf8);
  if (!dossier_gp_script_ok(&script)) {
    dossier_buf_free(&script);
    return NULL;
  }
  return script.data;
}

int dossier_gp_random_token(char *buf, size_t size) {
  static const char alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  unsigned char bytes[DOSSIER_GP_TOKEN_LENGTH];
  if (size == 0) return -1;
  buf[0] = '\0';
  if (size <= DOSSIER_GP_TOKEN_LENGTH) return -1;
  size_t got = 0;
  while (got < sizeof bytes) {
    ssize_t n = getrandom(bytes + got, sizeof bytes - got, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    got += (size_t)n;
  }
  /* 256 = 4·62 + 8: the slight bias towards the first 8 letters is harmless
   * for a token that only has to be unguessable, not uniform. */
  for (size_t i = 0; i < sizeof bytes; i++) buf[i] = alphabet[bytes[i] % 62];
  buf[DOSSIER_GP_TOKEN_LENGTH] = '\0';
  return 0;
}
