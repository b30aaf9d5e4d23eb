#include "base/textnorm.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* What to do with one code point: keep it, write a space, or drop it. */
enum { KEEP, SPACE, DROP };

static int classify(utf8proc_int32_t cp) {
  if (cp == 0x00A0 || cp == 0x202F) return KEEP; /* no-break spaces are meant */
  switch (utf8proc_category(cp)) {
  case UTF8PROC_CATEGORY_ZS:
  case UTF8PROC_CATEGORY_ZL:
  case UTF8PROC_CATEGORY_ZP:
    return cp == ' ' ? KEEP : SPACE;
  case UTF8PROC_CATEGORY_CC: /* tab, newline, CR, NEL are word breaks; the rest noise */
    return (cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x0B || cp == 0x0C || cp == 0x85)
               ? SPACE
               : DROP;
  case UTF8PROC_CATEGORY_CF: /* ZWSP, BOM, soft hyphen, bidi marks */
    return DROP;
  default:
    return KEEP;
  }
}

/* Rewrites `length` bytes of possibly invalid UTF-8 into `out` (at least
 * 3 × length + 1 bytes): bad bytes → U+FFFD, spaces and controls per classify. */
static size_t clean(const char *utf8, size_t length, char *out) {
  size_t k = 0;
  for (size_t i = 0; i < length;) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)utf8 + i,
                                          (utf8proc_ssize_t)(length - i), &cp);
    if (n <= 0) {
      memcpy(out + k, "\xEF\xBF\xBD", 3);
      k += 3;
      i++;
      continue;
    }
    int action = classify(cp);
    if (action == SPACE) {
      out[k++] = ' ';
    } else if (action == KEEP) {
      memcpy(out + k, utf8 + i, (size_t)n);
      k += (size_t)n;
    }
    i += (size_t)n;
  }
  out[k] = '\0';
  return k;
}

/* Whether the text needs the cleaning pass (the common case needs only NFC). */
static int needs_cleaning(const char *utf8, size_t length) {
  for (size_t i = 0; i < length;) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)utf8 + i,
                                          (utf8proc_ssize_t)(length - i), &cp);
    if (n <= 0 || (cp != ' ' && classify(cp) != KEEP)) return 1;
    i += (size_t)n;
  }
  return 0;
}

size_t dossier_text_first_bad_byte(const char *text, size_t length) {
  const unsigned char *t = (const unsigned char *)text;
  size_t i = 0;
  while (i < length) {
    unsigned char c = t[i];
    if (c == 0) return i;
    if (c < 0x80) {
      i++;
      continue;
    }
    size_t extra;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
      extra = 1;
      cp = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
      extra = 2;
      cp = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3;
      cp = c & 0x07u;
    } else {
      return i;
    }
    if (i + extra >= length) return i; /* truncated sequence */
    for (size_t k = 1; k <= extra; k++) {
      if ((t[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (t[i + k] & 0x3Fu);
    }
    /* overlong forms, surrogates and values beyond U+10FFFF */
    if ((extra == 2 && cp < 0x800) || (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return i;
    i += 1 + extra;
  }
  return length;
}

char *dossier_text_normalize(const char *utf8, size_t length) {
  char *cleaned = NULL;
  const char *source = utf8;
  if (needs_cleaning(utf8, length)) {
    cleaned = malloc(length * 3 + 1);
    if (!cleaned) return NULL;
    length = clean(utf8, length, cleaned);
    source = cleaned;
  }
  utf8proc_uint8_t *normal = NULL;
  utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)source, (utf8proc_ssize_t)length,
                                    &normal, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
  if (n < 0) { /* cannot happen on cleaned text; keep the cleaned copy */
    free(normal);
    if (cleaned) return cleaned;
    char *copy = malloc(length + 1);
    if (copy) {
      memcpy(copy, utf8, length);
      copy[length] = '\0';
    }
    return copy;
  }
  free(cleaned);
  return (char *)normal;
}

/* Printable ASCII (keys, ids, most numbers' texts) is already clean and in
 * NFC: nothing to do, and no copy made. */
static int plain_ascii(const char *s) {
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    if (*p < 0x20 || *p > 0x7E) return 0;
  return 1;
}

dossier_status dossier_text_normalize_tree(cJSON *root) {
  if (!root) return DOSSIER_OK;
  dossier_status st = DOSSIER_OK;
  if (cJSON_IsString(root) && root->valuestring && !plain_ascii(root->valuestring)) {
    char *normal = dossier_text_normalize(root->valuestring, strlen(root->valuestring));
    if (!normal) {
      st = DOSSIER_ERR_NOMEM;
    } else if (strcmp(normal, root->valuestring) == 0) {
      free(normal);
    } else {
      /* cJSON frees valuestring with its default hooks, i.e. free() */
      free(root->valuestring);
      root->valuestring = normal;
    }
  }
  for (cJSON *child = root->child; child; child = child->next)
    if (dossier_text_normalize_tree(child) != DOSSIER_OK) st = DOSSIER_ERR_NOMEM;
  return st;
}
