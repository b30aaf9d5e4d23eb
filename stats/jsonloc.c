#include "stats/jsonloc.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/limits.h"
#include "base/strmap.h"
#include "base/textnorm.h"

typedef struct {
  const cJSON *node;
  int value_line, value_col, key_line, key_col;
  size_t number_at, number_length; /* a number's literal in the text (length 0: none) */
} loc_entry;

struct dossier_jsonloc {
  loc_entry *slots; /* open addressing on the node pointer */
  size_t capacity;  /* a power of two */
  const char *text; /* the parsed text (borrowed: the caller keeps it) */
};

typedef struct {
  const unsigned char *text;
  size_t length, pos;
  int line, col;
} scanner;

static void scanner_advance(scanner *s) {
  if (s->pos >= s->length) return;
  unsigned char c = s->text[s->pos++];
  if (c == '\n') {
    s->line++;
    s->col = 1;
  } else if ((c & 0xC0) != 0x80) {
    /* continuation bytes belong to the character already counted */
    s->col++;
  }
}

static int scanner_peek(const scanner *s) { return s->pos < s->length ? s->text[s->pos] : -1; }

/* Skips what cJSON skips between tokens (every byte up to space, control
 * characters included), so the two never fall out of step. */
static void scanner_skip_space(scanner *s) {
  for (int c = scanner_peek(s); c != -1 && c <= ' '; c = scanner_peek(s)) scanner_advance(s);
}

/* Moves the scanner to byte `offset`, counting lines and columns on the way. */
static void scanner_seek(scanner *s, size_t offset) {
  while (s->pos < offset && s->pos < s->length) scanner_advance(s);
}

static size_t hash_pointer(const cJSON *node, size_t capacity) {
  uintptr_t v = (uintptr_t)node;
  v ^= v >> 17;
  v *= (uintptr_t)0x9E3779B97F4A7C15ull;
  return (size_t)(v >> 7) & (capacity - 1);
}

static loc_entry *loc_find(const dossier_jsonloc *loc, const cJSON *node) {
  if (!loc || !node) return NULL;
  for (size_t i = hash_pointer(node, loc->capacity);; i = (i + 1) & (loc->capacity - 1)) {
    if (loc->slots[i].node == node || loc->slots[i].node == NULL) return &loc->slots[i];
  }
}

static void loc_put(dossier_jsonloc *loc, const cJSON *node, int vline, int vcol, int kline,
                    int kcol) {
  loc_entry *e = loc_find(loc, node);
  e->node = node;
  e->value_line = vline;
  e->value_col = vcol;
  e->key_line = kline;
  e->key_col = kcol;
}

static size_t count_nodes(const cJSON *node) {
  size_t n = 0;
  for (; node; node = node->next) n += 1 + count_nodes(node->child);
  return n;
}

typedef struct {
  scanner s;
  dossier_jsonloc *loc;
  const char *name;
  dossier_diag *diag;
  dossier_status status;
  char path[512]; /* JSON path of the node being walked, for messages */
  size_t path_length;
} walk;

/* Appends ".key" or "[i]" to the walk's path; returns the old length. */
static size_t path_push(walk *w, const cJSON *child, size_t index, int in_object) {
  size_t old = w->path_length, room = sizeof w->path - old;
  int n = in_object ? snprintf(w->path + old, room, "%s%s", old ? "." : "", child->string)
                    : snprintf(w->path + old, room, "[%zu]", index);
  if (n > 0) w->path_length = (size_t)n < room ? old + (size_t)n : sizeof w->path - 1;
  return old;
}

/* Skips a string; reports (once per walk) one longer than the limit or one
 * holding a NUL character, which cJSON would silently cut the text at. */
static void skip_string(walk *w) {
  scanner *s = &w->s;
  int line = s->line, col = s->col;
  size_t start = s->pos;
  int nul = 0;
  scanner_advance(s); /* opening quote */
  for (int c = scanner_peek(s); c != -1 && c != '"'; c = scanner_peek(s)) {
    if (c == '\\') {
      scanner_advance(s);
      if (scanner_peek(s) == 'u' && s->pos + 5 <= s->length &&
          memcmp(s->text + s->pos + 1, "0000", 4) == 0)
        nul = 1;
    }
    scanner_advance(s);
  }
  scanner_advance(s); /* closing quote */
  if (w->status != DOSSIER_OK) return;
  if (nul)
    w->status = dossier_diag_add(w->diag, DOSSIER_ERR_DATA, w->name, line, col, w->path,
                                 "a NUL character (\\u0000) inside a text: remove it");
  else if (s->pos - start - 2 > DOSSIER_LIMIT_TEXT_BYTES)
    w->status = dossier_diag_add(w->diag, DOSSIER_ERR_DATA, w->name, line, col, w->path,
                                 "a text longer than %d bytes (docs/limits.md)",
                                 DOSSIER_LIMIT_TEXT_BYTES);
}

/* The text was accepted by cJSON, so the scanner only has to stay in step; a
 * disagreement between the two is a bug, reported as DOSSIER_ERR_SOFTWARE. */
static int walk_value(walk *w, const cJSON *node, int kline, int kcol) {
  scanner *s = &w->s;
  scanner_skip_space(s);
  if (!node) goto out_of_step;
  int line = s->line, col = s->col;
  loc_put(w->loc, node, line, col, kline ? kline : line, kline ? kcol : col);
  int c = scanner_peek(s);
  if (c == '{' || c == '[') {
    int close = c == '{' ? '}' : ']';
    scanner_advance(s);
    const cJSON *child = node->child;
    scanner_skip_space(s);
    if (scanner_peek(s) == close) {
      scanner_advance(s);
      return child ? -1 : 0;
    }
    for (size_t index = 0;; index++) {
      scanner_skip_space(s);
      int cl = 0, cc = 0;
      if (!child) goto out_of_step;
      if (close == '}') {
        cl = s->line;
        cc = s->col;
        if (scanner_peek(s) != '"') goto out_of_step;
        skip_string(w);
        scanner_skip_space(s);
        if (scanner_peek(s) != ':') goto out_of_step;
        scanner_advance(s);
      }
      if (index == DOSSIER_LIMIT_JSON_MEMBERS && w->status == DOSSIER_OK)
        w->status = dossier_diag_add(w->diag, DOSSIER_ERR_DATA, w->name, line, col, w->path,
                                     "more than %d members in one %s (docs/limits.md)",
                                     DOSSIER_LIMIT_JSON_MEMBERS,
                                     close == '}' ? "object" : "list");
      size_t old = path_push(w, child, index, close == '}');
      if (walk_value(w, child, cl, cc) != 0) return -1;
      w->path_length = old;
      w->path[old] = '\0';
      child = child->next;
      scanner_skip_space(s);
      c = scanner_peek(s);
      scanner_advance(s);
      if (c == close) break;
      if (c != ',') goto out_of_step;
    }
    return child ? -1 : 0;
  }
  if (c == '"') {
    skip_string(w);
    return 0;
  }
  size_t start = s->pos;
  while ((c = scanner_peek(s)) != -1 &&
         ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
          c == '-' || c == '+' || c == '.'))
    scanner_advance(s);
  if (cJSON_IsNumber(node)) {
    loc_entry *e = loc_find(w->loc, node);
    e->number_at = start;
    e->number_length = s->pos - start;
  }
  if (cJSON_IsNumber(node) && !isfinite(node->valuedouble))
    w->status = dossier_diag_add(w->diag, DOSSIER_ERR_DATA, w->name, line, col, w->path,
                                 "number out of range (too large to be a figure)");
  return 0;
out_of_step:
  return -1;
}

/* ---- where a text that is not JSON goes wrong ----
 * Every JSON file is read against the grammar of RFC 8259 first, strictly
 * (cJSON lets a raw line break inside a string and a leading zero through,
 * which other tools reading the same file refuse), so a mistake is refused
 * at the byte where it is — cJSON says only that it failed, at a place that
 * may lie far beyond it. Its nesting is bounded by too_deep, checked first. */

typedef struct {
  const unsigned char *t;
  size_t n, i;
  char why[200]; /* the message, when the grammar says more than "here" */
} syntax;

static void syntax_space(syntax *x) {
  while (x->i < x->n && (x->t[x->i] == ' ' || x->t[x->i] == '\t' || x->t[x->i] == '\n' ||
                         x->t[x->i] == '\r'))
    x->i++;
  /* a control character is no space between values (a form feed pasted in) */
  if (x->i < x->n && x->t[x->i] < 0x20 && !x->why[0])
    snprintf(x->why, sizeof x->why,
             "malformed JSON: a control character (U+%04X) between the values: remove it",
             x->t[x->i]);
}

static int syntax_byte(syntax *x, unsigned char c) {
  if (x->i < x->n && x->t[x->i] == c) {
    x->i++;
    return 0;
  }
  return -1;
}

static int syntax_digits(syntax *x) {
  size_t start = x->i;
  while (x->i < x->n && x->t[x->i] >= '0' && x->t[x->i] <= '9') x->i++;
  return x->i > start ? 0 : -1;
}

static int syntax_string(syntax *x) {
  if (syntax_byte(x, '"') != 0) return -1;
  while (x->i < x->n) {
    unsigned char c = x->t[x->i];
    if (c == '"') {
      x->i++;
      return 0;
    }
    if (c == '\n' || c == '\r') {
      snprintf(x->why, sizeof x->why,
               "malformed JSON: a text goes on past the end of its line (a missing closing "
               "quote? a line break inside a text is written \\n)");
      return -1;
    }
    if (c < 0x20) {
      snprintf(x->why, sizeof x->why,
               "malformed JSON: a control character (U+%04X%s) inside a text: write it as %s", c,
               c == '\t' ? ", a tab" : "", c == '\t' ? "\\t" : "\\u00XX");
      return -1;
    }
    if (c == '\\') {
      x->i++;
      if (x->i >= x->n) return -1;
      c = x->t[x->i];
      if (c == 'u') {
        for (int k = 1; k <= 4; k++)
          if (x->i + (size_t)k >= x->n || !isxdigit(x->t[x->i + (size_t)k])) {
            x->i += (size_t)k;
            return -1;
          }
        x->i += 4;
      } else if (!strchr("\"\\/bfnrt", c)) {
        return -1;
      }
    }
    x->i++;
  }
  return -1;
}

static int syntax_value(syntax *x);

static int syntax_members(syntax *x, unsigned char close, int object) {
  x->i++; /* the opening bracket */
  syntax_space(x);
  if (syntax_byte(x, close) == 0) return 0;
  for (;;) {
    syntax_space(x);
    if (object) {
      if (syntax_string(x) != 0) return -1;
      syntax_space(x);
      if (syntax_byte(x, ':') != 0) return -1;
    }
    if (syntax_value(x) != 0) return -1;
    syntax_space(x);
    if (syntax_byte(x, close) == 0) return 0;
    if (syntax_byte(x, ',') != 0) return -1;
  }
}

static int syntax_value(syntax *x) {
  syntax_space(x);
  if (x->i >= x->n) return -1;
  unsigned char c = x->t[x->i];
  if (c == '{') return syntax_members(x, '}', 1);
  if (c == '[') return syntax_members(x, ']', 0);
  if (c == '"') return syntax_string(x);
  static const char *const words[] = {"true", "false", "null"};
  for (size_t w = 0; w < 3; w++) {
    size_t len = strlen(words[w]);
    if (c == (unsigned char)words[w][0]) {
      for (size_t k = 0; k < len; k++, x->i++)
        if (x->i >= x->n || x->t[x->i] != (unsigned char)words[w][k]) return -1;
      return 0;
    }
  }
  if (c == '-') x->i++;
  size_t first = x->i;
  if (syntax_digits(x) != 0) return -1;
  if (x->t[first] == '0' && x->i > first + 1) { /* 0182: no leading zero */
    size_t digits = x->i - first, zeros = 0;
    while (zeros + 1 < digits && x->t[first + zeros] == '0') zeros++;
    snprintf(x->why, sizeof x->why,
             "malformed JSON: a number does not start with 0 (write %.*s, not %.*s)",
             (int)(digits - zeros > 40 ? 40 : digits - zeros), (const char *)x->t + first + zeros,
             (int)(digits > 40 ? 40 : digits), (const char *)x->t + first);
    x->i = first;
    return -1;
  }
  if (x->i < x->n && x->t[x->i] == '.') {
    x->i++;
    if (syntax_digits(x) != 0) return -1;
  }
  if (x->i < x->n && (x->t[x->i] == 'e' || x->t[x->i] == 'E')) {
    x->i++;
    if (x->i < x->n && (x->t[x->i] == '+' || x->t[x->i] == '-')) x->i++;
    if (syntax_digits(x) != 0) return -1;
  }
  return 0;
}

/* The offset of the first byte of `t` that cannot belong to a JSON text
 * (`n` when the text ends too early), or SIZE_MAX when it is JSON; `why`
 * (`size` bytes) says what is wrong there when the grammar knows more, else
 * it is "". */
static size_t first_syntax_error(const unsigned char *t, size_t n, char *why, size_t size) {
  syntax x = {t, n, 0, ""};
  if (n >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0) x.i = 3;
  size_t at = SIZE_MAX;
  if (syntax_value(&x) != 0) {
    at = x.i;
  } else if (syntax_space(&x), x.i < n) {
    at = x.i;
    snprintf(x.why, sizeof x.why, "unexpected text after the end of the JSON document");
  }
  snprintf(why, size, "%s", x.why);
  return at;
}

/* The offset of the first '{' or '[' nested deeper than the limit (outside
 * strings), or `length`: checked before cJSON parses, which recurses per
 * level and would call a deeper text merely malformed. */
static size_t too_deep(const unsigned char *t, size_t length) {
  int depth = 0, in_string = 0;
  for (size_t i = 0; i < length; i++) {
    unsigned char c = t[i];
    if (in_string) {
      if (c == '\\') i++;
      else if (c == '"') in_string = 0;
    } else if (c == '"') {
      in_string = 1;
    } else if (c == '{' || c == '[') {
      if (++depth > DOSSIER_LIMIT_JSON_DEPTH) return i;
    } else if (c == '}' || c == ']') {
      depth--;
    }
  }
  return length;
}

static dossier_status report_at(const char *name, const char *text, size_t length,
                                size_t offset, dossier_diag *diag, const char *what) {
  scanner s = {(const unsigned char *)text, length, 0, 1, 1};
  scanner_seek(&s, offset);
  return dossier_diag_add(diag, DOSSIER_ERR_DATA, name, s.line, s.col, NULL, "%s", what);
}

static dossier_status report_syntax(const char *name, const char *text, size_t length,
                                    size_t offset, const char *what, dossier_diag *diag) {
  scanner s = {(const unsigned char *)text, length, 0, 1, 1};
  scanner_seek(&s, offset);
  scanner_skip_space(&s);
  int c = scanner_peek(&s);
  scanner start = {(const unsigned char *)text, length, 0, 1, 1};
  scanner_skip_space(&start);
  if (scanner_peek(&start) == -1)
    return dossier_diag_add(diag, DOSSIER_ERR_DATA, name, 1, 1, NULL,
                            "the file is empty: expected %s, a JSON object {...}", what);
  if (c == -1)
    return dossier_diag_add(diag, DOSSIER_ERR_DATA, name, s.line, s.col, NULL,
                            "malformed JSON: the text ends too early (a missing '}', ']' or "
                            "'\"'?)");
  if (c >= 0x20 && c < 0x7F)
    return dossier_diag_add(diag, DOSSIER_ERR_DATA, name, s.line, s.col, NULL,
                            "malformed JSON near '%c' (a missing or extra ',', ':', quote or "
                            "bracket?)",
                            c);
  return dossier_diag_add(diag, DOSSIER_ERR_DATA, name, s.line, s.col, NULL,
                          "malformed JSON at this character");
}

dossier_status dossier_jsonloc_parse(cJSON **root, dossier_jsonloc **loc, const char *name,
                                     const char *what, const char *text, size_t length,
                                     dossier_diag *diag) {
  *root = NULL;
  *loc = NULL;
  dossier_status status = DOSSIER_OK;
  cJSON *tree = NULL;
  dossier_jsonloc *index = NULL;

  size_t bad = dossier_text_first_bad_byte(text, length);
  if (bad < length) {
    status = report_at(name, text, length, bad, diag,
                       text[bad] == '\0' ? "a NUL byte: the file is not JSON text"
                                         : "invalid UTF-8: save the file as UTF-8");
    goto done;
  }
  size_t deep = too_deep((const unsigned char *)text, length);
  if (deep < length) {
    char what_deep[96];
    snprintf(what_deep, sizeof what_deep,
             "objects and lists nested deeper than %d levels (docs/limits.md)",
             DOSSIER_LIMIT_JSON_DEPTH);
    status = report_at(name, text, length, deep, diag, what_deep);
    goto done;
  }
  char why[200];
  size_t wrong = first_syntax_error((const unsigned char *)text, length, why, sizeof why);
  if (wrong != SIZE_MAX) {
    if (why[0]) {
      status = report_at(name, text, length, wrong, diag, why);
    } else {
      status = report_syntax(name, text, length, wrong, what, diag);
    }
    goto done;
  }
  const char *end = NULL;
  tree = cJSON_ParseWithLengthOpts(text, length, &end, 0);
  if (!tree) { /* JSON by the grammar but not to cJSON (its own limits): where it stopped */
    size_t offset = end && end >= text && (size_t)(end - text) <= length ? (size_t)(end - text) : 0;
    status = report_syntax(name, text, length, offset, what, diag);
    goto done;
  }
  index = calloc(1, sizeof *index);
  if (!index) goto nomem;
  size_t nodes = count_nodes(tree);
  index->capacity = 16;
  while (index->capacity < 2 * nodes + 2) index->capacity *= 2;
  index->slots = calloc(index->capacity, sizeof *index->slots);
  if (!index->slots) goto nomem;
  index->text = text;

  walk w = {{(const unsigned char *)text, length, 0, 1, 1}, index, name, diag, DOSSIER_OK, "", 0};
  if (length >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
    w.s.pos = 3; /* a byte order mark is no character of the document */
  }
  if (walk_value(&w, tree, 0, 0) != 0) {
    status = dossier_diag_add(diag, DOSSIER_ERR_SOFTWARE, name, w.s.line, w.s.col, NULL,
                              "internal error: position index out of step with the parser");
    goto done;
  }
  if (w.status != DOSSIER_OK) {
    status = w.status;
    goto done;
  }
  scanner_skip_space(&w.s);
  if (w.s.pos < length) {
    status = dossier_diag_add(diag, DOSSIER_ERR_DATA, name, w.s.line, w.s.col, NULL,
                              "unexpected text after the end of the JSON document");
    goto done;
  }
  *root = tree;
  *loc = index;
  tree = NULL;
  index = NULL;
  goto done;
nomem:
  status = dossier_diag_add(diag, DOSSIER_ERR_NOMEM, name, 0, 0, NULL, "out of memory");
done:
  cJSON_Delete(tree);
  dossier_jsonloc_free(index);
  return status;
}

void dossier_jsonloc_free(dossier_jsonloc *loc) {
  if (!loc) return;
  free(loc->slots);
  free(loc);
}

int dossier_jsonloc_value(const dossier_jsonloc *loc, const cJSON *node, int *line, int *col) {
  const loc_entry *e = loc_find(loc, node);
  if (!e || !e->node) {
    *line = *col = 0;
    return -1;
  }
  *line = e->value_line;
  *col = e->value_col;
  return 0;
}

int dossier_jsonloc_key(const dossier_jsonloc *loc, const cJSON *node, int *line, int *col) {
  const loc_entry *e = loc_find(loc, node);
  if (!e || !e->node) {
    *line = *col = 0;
    return -1;
  }
  *line = e->key_line;
  *col = e->key_col;
  return 0;
}

int dossier_jsonloc_exact(const dossier_jsonloc *loc, const cJSON *node, dossier_exact *out) {
  const loc_entry *e = loc_find(loc, node);
  if (!e || !e->node || e->number_length == 0) return -1;
  return dossier_exact_parse(out, loc->text + e->number_at, e->number_length);
}

const char *dossier_jsonloc_literal(const dossier_jsonloc *loc, const cJSON *node, char *buf,
                                    size_t size) {
  const loc_entry *e = loc_find(loc, node);
  if (size == 0) return buf;
  buf[0] = '\0';
  if (e && e->node && e->number_length > 0)
    snprintf(buf, size, "%.*s", (int)(e->number_length < size ? e->number_length : size - 1),
             loc->text + e->number_at);
  return buf;
}

void dossier_json_describe(const cJSON *node, char *buf, size_t size) {
  if (cJSON_IsString(node)) {
    const char *s = node->valuestring;
    size_t n = strlen(s), cut = n;
    if (n > 40) { /* 40 bytes, cut at a character's start */
      cut = 40;
      while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80) cut--;
    }
    snprintf(buf, size, "the string \"%.*s%s\"", (int)cut, s, cut < n ? "…" : "");
  } else if (cJSON_IsNumber(node)) {
    snprintf(buf, size, "the number %.15g", node->valuedouble);
  } else if (cJSON_IsBool(node)) {
    snprintf(buf, size, "%s", cJSON_IsTrue(node) ? "true" : "false");
  } else if (cJSON_IsNull(node)) {
    snprintf(buf, size, "null");
  } else if (cJSON_IsArray(node)) {
    snprintf(buf, size, "an array");
  } else {
    snprintf(buf, size, "an object");
  }
}

/* The first earlier member of `object` with the key of member `c`, or NULL.
 * `seen` holds the keys of the members before `c` when the object is large;
 * small objects are searched directly. */
static const cJSON *earlier_member(const cJSON *object, const cJSON *c, dossier_strmap *seen,
                                   int *failed) {
  if (seen) return dossier_strmap_put(seen, c->string, c, failed);
  for (const cJSON *p = object->child; p != c; p = p->next)
    if (strcmp(p->string, c->string) == 0) return p;
  return NULL;
}

/* Objects with more members than this are checked through a hash map, so
 * that an object of 10.000 keys is not 50 million comparisons. */
enum { FEW_MEMBERS = 16 };

/* The walk of dossier_jsonloc_report_repeats: `path` is the node's path, in a
 * buffer the walk extends and cuts back (made for a message only). */
static long report_repeats(const dossier_jsonloc *loc, const cJSON *node, const char *name,
                           dossier_buf *path, dossier_diag *diag) {
  size_t length = path->length;
  long found = 0;
  if (cJSON_IsObject(node)) {
    dossier_strmap map = DOSSIER_STRMAP_INIT;
    int large = cJSON_GetArraySize(node) > FEW_MEMBERS, failed = 0;
    for (const cJSON *c = node->child; c && found >= 0; c = c->next) {
      dossier_buf_truncate(path, length);
      if (length) dossier_buf_add(path, ".", 1);
      dossier_buf_adds(path, c->string);
      const cJSON *p = earlier_member(node, c, large ? &map : NULL, &failed);
      if (p) {
        int line, col, first_line, first_col;
        dossier_jsonloc_key(loc, c, &line, &col);
        dossier_jsonloc_key(loc, p, &first_line, &first_col);
        dossier_diag_add(diag, DOSSIER_ERR_DATA, name, line, col, dossier_buf_str(path),
                         "key \"%s\" is repeated (first at line %d, column %d)", c->string,
                         first_line, first_col);
        found++;
      }
      long inner = report_repeats(loc, c, name, path, diag);
      found = inner < 0 ? -1 : found + inner;
    }
    dossier_strmap_free(&map);
    if (failed) found = -1;
  } else if (cJSON_IsArray(node)) {
    size_t i = 0;
    for (const cJSON *c = node->child; c && found >= 0; c = c->next, i++) {
      dossier_buf_truncate(path, length);
      dossier_buf_addf(path, "[%zu]", i);
      long inner = report_repeats(loc, c, name, path, diag);
      found = inner < 0 ? -1 : found + inner;
    }
  }
  dossier_buf_truncate(path, length);
  return dossier_buf_ok(path) ? found : -1;
}

long dossier_jsonloc_report_repeats(const dossier_jsonloc *loc, const cJSON *root,
                                    const char *name, dossier_diag *diag) {
  dossier_buf path = DOSSIER_BUF_INIT;
  long found = report_repeats(loc, root, name, &path, diag);
  dossier_buf_free(&path);
  if (found < 0) dossier_diag_nomem(diag);
  return found;
}
