/* template.c: loading a template — reading the file, splitting it at
 * {% if %} / {% for %} lines, replacing placeholders with inert tokens and
 * parsing each prose chunk with cmark, once; and the public API. */
#include "render/template/template.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/datadir.h"
#include "base/file.h"
#include "base/limits.h"
#include "base/textnorm.h"
#include "render/template/compiled.h"

static const struct {
  const char *name, *description;
} stock[] = {
    {"term-report", "báo cáo tổng kết nhiệm kỳ — term report for the congress (default)"},
    {"annual-report", "báo cáo tổng kết năm — annual report of the same indicators"},
    {"directive-review",
     "sơ kết / tổng kết thực hiện Chỉ thị 05-CT/TW — review of Directive 05-CT/TW"},
};

int dossier_template_info(size_t i, const char **name, const char **description) {
  if (i >= sizeof stock / sizeof stock[0]) return -1;
  if (name) *name = stock[i].name;
  if (description) *description = stock[i].description;
  return 0;
}

/* ---- freeing ---- */

static void segs_free(tpl_seg *segs, size_t count) {
  for (size_t i = 0; i < count; i++) {
    tpl_seg *s = &segs[i];
    if (s->md) cmark_node_free(s->md);
    tpl_cond_clear(&s->cond);
    free(s->var);
    tpl_path_clear(&s->over);
    segs_free(s->body, s->body_count);
    segs_free(s->alt, s->alt_count);
  }
  free(segs);
}

void dossier_template_free(dossier_template *tpl) {
  if (!tpl) return;
  segs_free(tpl->segs, tpl->seg_count);
  for (size_t i = 0; i < tpl->expr_count; i++) tpl_expr_clear(&tpl->exprs[i]);
  free(tpl->exprs);
  free(tpl->file);
  free(tpl);
}

/* ---- reading ---- */

/* ---- the loader's state ---- */

typedef struct {
  tpl_seg *seg; /* NULL for the top level */
  int in_alt;
  const char *tag; /* "if" or "for", for messages */
  int is_elif;     /* an {% elif %}: its {% endif %} closes the {% if %} before too */
} frame;

typedef struct {
  dossier_template *tpl;
  dossier_diag *diag;
  frame stack[DOSSIER_LIMIT_TAG_DEPTH];
  size_t depth;
  int halt; /* a limit was passed: the rest is not read (its messages would be false) */
  tpl_scope scopes[2 * DOSSIER_LIMIT_TAG_DEPTH]; /* a loop's variable and `loop` */
  size_t scope_count;
  dossier_buf chunk;
  int chunk_line; /* template line of the chunk's first line; 0 when empty */
  dossier_status status;
} loader;

static const tpl_scope *current_scope(const loader *L) {
  return L->scope_count ? &L->scopes[L->scope_count - 1] : NULL;
}

/* Codepoint column (1-based) of byte offset `at` in `line`. */
static int column_of(const char *line, size_t at) {
  int col = 1;
  for (size_t i = 0; i < at; i++)
    if (((unsigned char)line[i] & 0xC0) != 0x80) col++;
  return col;
}

/* column_of for offsets met left to right along one line: counts on from the
 * last one asked, so a line of 100.000 placeholders is one pass, not 10^10. */
typedef struct {
  const char *line;
  size_t at;
  int col;
} column_cursor;

static int column_at(column_cursor *c, size_t at) {
  if (at < c->at) {
    c->at = 0;
    c->col = 1;
  }
  for (; c->at < at; c->at++)
    if (((unsigned char)c->line[c->at] & 0xC0) != 0x80) c->col++;
  return c->col;
}

/* (DOSSIER_LIMIT_TAG_DEPTH, spelt out) */
#define TAGS_TOO_DEEP "{% for %} and {% if %} nested deeper than 32 levels (docs/limits.md)"

static tpl_seg *append_seg(loader *L, tpl_seg_kind kind, int line, int col) {
  tpl_seg **arr;
  size_t *count;
  if (L->depth == 0) {
    arr = &L->tpl->segs;
    count = &L->tpl->seg_count;
  } else {
    frame *f = &L->stack[L->depth - 1];
    arr = f->in_alt ? &f->seg->alt : &f->seg->body;
    count = f->in_alt ? &f->seg->alt_count : &f->seg->body_count;
  }
  tpl_seg *grown = realloc(*arr, (*count + 1) * sizeof *grown);
  if (!grown) return NULL;
  *arr = grown;
  tpl_seg *s = &grown[(*count)++];
  memset(s, 0, sizeof *s);
  s->kind = kind;
  s->line = line;
  s->col = col;
  return s;
}

/* A parser below (placeholders, conditions, loops, blocks) refused what it
 * read and said why in the diag (out of memory included). */
static void parse_failed(loader *L) {
  dossier_status first = dossier_diag_status(L->diag);
  if (L->status == DOSSIER_OK) L->status = first != DOSSIER_OK ? first : DOSSIER_ERR_DATA;
}

static dossier_status nomem(loader *L) {
  return L->status = dossier_diag_add(L->diag, DOSSIER_ERR_NOMEM, L->tpl->file, 0, 0, NULL,
                                      "out of memory");
}

static dossier_status fail(loader *L, int line, int col, const char *message) {
  return L->status = dossier_diag_add(L->diag, DOSSIER_ERR_DATA, L->tpl->file, line, col, NULL,
                                      "%s", message);
}

/* Checks the fenced blocks of a parsed chunk: their kind is known at load. */
static void check_blocks(loader *L, cmark_node *root, int first_line) {
  cmark_iter *it = cmark_iter_new(root);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *node = cmark_iter_get_node(it);
    if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(node) != CMARK_NODE_CODE_BLOCK) continue;
    int line = first_line + cmark_node_get_start_line(node) - 1;
    int col = cmark_node_get_start_column(node);
    const char *info = cmark_node_get_fence_info(node);
    if (!info || !info[0]) {
      fail(L, line, col,
           "unknown block: a code block needs a kind (```table yearly```, ```chart …```; "
           "indented code is not supported)");
      continue;
    }
    if (tpl_block_check(L->tpl, info, line, col, L->diag) != DOSSIER_OK)
      parse_failed(L);
  }
  cmark_iter_free(it);
}

static void flush_chunk(loader *L) {
  if (L->chunk.length == 0) return;
  if (L->chunk.failed) {
    nomem(L);
    dossier_buf_free(&L->chunk);
    L->chunk_line = 0;
    return;
  }
  tpl_seg *s = append_seg(L, TPL_SEG_MARKDOWN, L->chunk_line, 1);
  if (!s) {
    nomem(L);
  } else {
    s->first_line = L->chunk_line;
    s->md = cmark_parse_document(L->chunk.data, L->chunk.length, CMARK_OPT_DEFAULT);
    if (!s->md) nomem(L);
    else check_blocks(L, s->md, L->chunk_line);
  }
  dossier_buf_free(&L->chunk);
  L->chunk_line = 0;
}

/* ---- tokenising one prose line ---- */

static void add_token(dossier_buf *out, long index) {
  char text[32];
  snprintf(text, sizeof text, TPL_TOKEN_OPEN "%ld" TPL_TOKEN_CLOSE, index);
  dossier_buf_adds(out, text);
}

/* Finds the next "{{" or "{%" at or after `from`; returns its offset or `n`. */
static size_t next_open(const char *line, size_t n, size_t from) {
  for (size_t i = from; i + 1 < n; i++)
    if (line[i] == '{' && (line[i + 1] == '{' || line[i + 1] == '%')) return i;
  return n;
}

/* Finds `close` ("}}" or "%}") from `from`; returns its offset or `n`. */
static size_t find_close(const char *line, size_t n, size_t from, const char *close) {
  for (size_t i = from; i + 1 < n; i++)
    if (line[i] == close[0] && line[i + 1] == close[1]) return i;
  return n;
}

static int starts_word(const char *s, size_t n, const char *word) {
  size_t w = strlen(word);
  if (n < w || strncmp(s, word, w) != 0) return 0;
  return n == w || isspace((unsigned char)s[w]);
}

static void trim(const char **s, size_t *n) {
  while (*n && isspace((unsigned char)**s)) (*s)++, (*n)--;
  while (*n && isspace((unsigned char)(*s)[*n - 1])) (*n)--;
}

static int add_piece(tpl_piece **pieces, size_t *count, const char *text, size_t n, long expr) {
  tpl_piece *grown = realloc(*pieces, (*count + 1) * sizeof *grown);
  if (!grown) return -1;
  *pieces = grown;
  tpl_piece *p = &grown[(*count)++];
  p->expr = expr < 0 ? 0 : (size_t)expr;
  p->text = NULL;
  if (expr < 0) {
    p->text = malloc(n + 1);
    if (!p->text) return -1;
    memcpy(p->text, text, n);
    p->text[n] = '\0';
  }
  return 0;
}

/* Adds a branch of condition text `cond` (n bytes; NULL for {% else %}) to
 * inline-if expression `index`. Returns 0, or -1 after reporting. */
static int add_branch(loader *L, long index, const char *cond, size_t n, int line_no, int col) {
  tpl_expr *e = &L->tpl->exprs[index];
  tpl_branch *grown = realloc(e->branches, (e->branch_count + 1) * sizeof *grown);
  if (!grown) {
    nomem(L);
    return -1;
  }
  e->branches = grown;
  tpl_branch *br = &grown[e->branch_count++];
  memset(br, 0, sizeof *br);
  if (cond && tpl_cond_parse(&br->cond, L->tpl, cond, n, line_no, col, current_scope(L),
                             L->diag) != DOSSIER_OK) {
    parse_failed(L);
    return -1;
  }
  return 0;
}

/* Adds a piece (text, or expression `expr` when text is NULL) to the last
 * branch of inline-if expression `index`. Returns 0 or -1 (out of memory). */
static int add_branch_piece(loader *L, long index, const char *text, size_t n, long expr) {
  tpl_expr *e = &L->tpl->exprs[index]; /* re-read: parsing may have grown exprs */
  tpl_branch *br = &e->branches[e->branch_count - 1];
  if (add_piece(&br->pieces, &br->count, text, n, expr) != 0) {
    nomem(L);
    return -1;
  }
  return 0;
}

/* Parses an inline {% if %} … {% elif %} … {% else %} … {% endif %} that
 * starts at `at` (the if tag spans at..tag_end+2), inline ifs nested in it
 * included. Returns the offset after its {% endif %} with its expression in
 * *index, or n + 1 on error. */
static size_t inline_if(loader *L, const char *line, size_t n, size_t at, size_t tag_end,
                        int line_no, column_cursor *cursor, long *index_out) {
  int col = column_at(cursor, at);
  long index = tpl_expr_new(L->tpl, TPL_EXPR_INLINE_IF, line_no, col);
  if (index < 0) {
    nomem(L);
    return n + 1;
  }
  const char *cond = line + at + 2;
  size_t cn = tag_end - at - 2;
  trim(&cond, &cn);
  if (add_branch(L, index, cond + 2, cn - 2, line_no, column_at(cursor, (size_t)(cond + 2 - line))) != 0)
    return n + 1;
  int in_else = 0;
  size_t pos = tag_end + 2;
  for (;;) {
    size_t open = next_open(line, n, pos);
    if (open > pos && add_branch_piece(L, index, line + pos, open - pos, -1) != 0) return n + 1;
    if (open >= n) {
      fail(L, line_no, col, "an inline {% if %} must end with {% endif %} on the same line");
      return n + 1;
    }
    int is_tag = line[open + 1] == '%';
    size_t close = find_close(line, n, open + 2, is_tag ? "%}" : "}}");
    int at_col = column_at(cursor, open);
    if (close >= n) {
      fail(L, line_no, at_col, is_tag ? "unclosed {% tag" : "unclosed {{ placeholder");
      return n + 1;
    }
    if (!is_tag) {
      long ph = tpl_expr_parse_placeholder(L->tpl, line + open + 2, close - open - 2, line_no,
                                           at_col, current_scope(L), L->diag);
      if (ph < 0) {
        parse_failed(L);
        return n + 1;
      }
      if (add_branch_piece(L, index, NULL, 0, ph) != 0) return n + 1;
      pos = close + 2;
      continue;
    }
    const char *tag = line + open + 2;
    size_t tn = close - open - 2;
    trim(&tag, &tn);
    if (starts_word(tag, tn, "if")) { /* nested */
      long inner = -1;
      size_t after = inline_if(L, line, n, open, close, line_no, cursor, &inner);
      if (after > n || add_branch_piece(L, index, NULL, 0, inner) != 0) return n + 1;
      pos = after;
      continue;
    }
    if (starts_word(tag, tn, "elif") && !in_else) {
      if (add_branch(L, index, tag + 4, tn - 4, line_no, column_at(cursor, (size_t)(tag + 4 - line))) != 0)
        return n + 1;
    } else if (tn == 4 && strncmp(tag, "else", 4) == 0 && !in_else) {
      in_else = 1;
      if (add_branch(L, index, NULL, 0, line_no, at_col) != 0) return n + 1;
    } else if (tn == 5 && strncmp(tag, "endif", 5) == 0) {
      *index_out = index;
      return close + 2;
    } else {
      fail(L, line_no, at_col,
           in_else && (starts_word(tag, tn, "elif") || (tn == 4 && strncmp(tag, "else", 4) == 0))
               ? "{% elif %} or {% else %} after the {% else %} of this inline {% if %}"
               : "inside an inline {% if %} only {{placeholders}}, inline {% if %}, {% elif %}, "
                 "{% else %} and {% endif %} may appear");
      return n + 1;
    }
    pos = close + 2;
  }
}

/* Appends a line to the current chunk with its placeholders tokenised. */
static void tokenize_line(loader *L, const char *line, size_t n, int line_no) {
  if (L->chunk.length == 0) L->chunk_line = line_no;
  size_t pos = 0;
  column_cursor cursor = {line, 0, 1};
  while (pos < n) {
    size_t open = next_open(line, n, pos);
    dossier_buf_add(&L->chunk, line + pos, open - pos);
    if (open >= n) break;
    int is_tag = line[open + 1] == '%';
    size_t close = find_close(line, n, open + 2, is_tag ? "%}" : "}}");
    int col = column_at(&cursor, open);
    if (close >= n) {
      fail(L, line_no, col, is_tag ? "unclosed {% tag" : "unclosed {{ placeholder");
      return;
    }
    if (!is_tag) {
      long index = tpl_expr_parse_placeholder(L->tpl, line + open + 2, close - open - 2, line_no,
                                              col, current_scope(L), L->diag);
      if (index < 0) {
        parse_failed(L);
        pos = close + 2;
        continue;
      }
      add_token(&L->chunk, index);
      pos = close + 2;
      continue;
    }
    const char *tag = line + open + 2;
    size_t tn = close - open - 2;
    trim(&tag, &tn);
    if (!starts_word(tag, tn, "if")) {
      fail(L, line_no, col,
           starts_word(tag, tn, "for") || starts_word(tag, tn, "endfor")
               ? "{% for %} and {% endfor %} must stand on their own line"
               : "unexpected tag here: only an inline {% if %} … {% endif %} may share a line "
                 "with text");
      return;
    }
    long index = -1;
    size_t after = inline_if(L, line, n, open, close, line_no, &cursor, &index);
    if (after > n) return;
    add_token(&L->chunk, index);
    pos = after;
  }
  dossier_buf_adds(&L->chunk, "\n");
}

/* ---- block tags on their own line ---- */

static void block_tag(loader *L, const char *tag, size_t n, int line_no, int col) {
  const char *before = tag;
  trim(&tag, &n);
  int tag_col = col + 2 + (int)(tag - before); /* the column of the tag's word */
  if (starts_word(tag, n, "if")) {
    flush_chunk(L);
    if (L->depth == sizeof L->stack / sizeof L->stack[0]) {
      fail(L, line_no, col, TAGS_TOO_DEEP);
      L->halt = 1;
      return;
    }
    tpl_seg *s = append_seg(L, TPL_SEG_IF, line_no, col);
    if (!s) {
      nomem(L);
      return;
    }
    if (tpl_cond_parse(&s->cond, L->tpl, tag + 2, n - 2, line_no, tag_col + 2, current_scope(L),
                       L->diag) != DOSSIER_OK)
      parse_failed(L);
    L->stack[L->depth++] = (frame){s, 0, "if", 0};
    return;
  }
  if (starts_word(tag, n, "elif")) {
    frame *open_if = L->depth ? &L->stack[L->depth - 1] : NULL;
    if (!open_if || open_if->seg->kind != TPL_SEG_IF || open_if->in_alt) {
      fail(L, line_no, col, open_if && open_if->seg->kind == TPL_SEG_IF
                                ? "{% elif %} after the {% else %} of this {% if %}"
                                : "{% elif %} without an open {% if %}");
      return;
    }
    flush_chunk(L);
    if (L->depth == sizeof L->stack / sizeof L->stack[0]) {
      fail(L, line_no, col, TAGS_TOO_DEEP);
      L->halt = 1;
      return;
    }
    /* the rest of the chain is an {% if %} alone in this one's else */
    open_if->in_alt = 1;
    tpl_seg *s = append_seg(L, TPL_SEG_IF, line_no, col);
    if (!s) {
      nomem(L);
      return;
    }
    if (tpl_cond_parse(&s->cond, L->tpl, tag + 4, n - 4, line_no, tag_col + 4, current_scope(L),
                       L->diag) != DOSSIER_OK)
      parse_failed(L);
    L->stack[L->depth++] = (frame){s, 0, "if", 1};
    return;
  }
  if (starts_word(tag, n, "for")) {
    flush_chunk(L);
    if (L->depth == sizeof L->stack / sizeof L->stack[0] ||
        L->scope_count + 2 > sizeof L->scopes / sizeof L->scopes[0]) {
      fail(L, line_no, col, TAGS_TOO_DEEP);
      L->halt = 1;
      return;
    }
    tpl_seg *s = append_seg(L, TPL_SEG_FOR, line_no, col);
    if (!s) {
      nomem(L);
      return;
    }
    const dossier_shape *item = &tpl_free_shape;
    if (tpl_for_parse(&s->var, &s->over, &item, L->tpl, tag + 3, n - 3, line_no, col,
                      current_scope(L), L->diag) != DOSSIER_OK)
      parse_failed(L);
    /* the loop's names, visible to the body while it is checked */
    L->scopes[L->scope_count] = (tpl_scope){s->var ? s->var : "", item, NULL, current_scope(L)};
    L->scope_count++;
    L->scopes[L->scope_count] = (tpl_scope){"loop", &tpl_loop_shape, NULL, current_scope(L)};
    L->scope_count++;
    L->stack[L->depth++] = (frame){s, 0, "for", 0};
    return;
  }
  frame *top = L->depth ? &L->stack[L->depth - 1] : NULL;
  if (n == 4 && strncmp(tag, "else", 4) == 0) {
    if (!top || top->seg->kind != TPL_SEG_IF || top->in_alt) {
      fail(L, line_no, col, "{% else %} without an open {% if %}");
      return;
    }
    flush_chunk(L);
    top->in_alt = 1;
    return;
  }
  if (n == 5 && strncmp(tag, "endif", 5) == 0) {
    if (!top || top->seg->kind != TPL_SEG_IF) {
      fail(L, line_no, col, top ? "{% endif %} closes a {% for %}: write {% endfor %}"
                                : "{% endif %} without an open {% if %}");
      return;
    }
    flush_chunk(L);
    while (L->stack[--L->depth].is_elif) { /* an elif's endif closes its whole chain */
    }
    return;
  }
  if (n == 6 && strncmp(tag, "endfor", 6) == 0) {
    if (!top || top->seg->kind != TPL_SEG_FOR) {
      fail(L, line_no, col, top ? "{% endfor %} closes an {% if %}: write {% endif %}"
                                : "{% endfor %} without an open {% for %}");
      return;
    }
    flush_chunk(L);
    L->depth--;
    L->scope_count -= 2;
    return;
  }
  char message[160];
  snprintf(message, sizeof message,
           "unknown tag '{%% %.*s %%}' (if, elif, else, endif, for, endfor)",
           (int)(n > 60 ? 60 : n), tag);
  fail(L, line_no, col, message);
}

/* A fence line opens or closes a fenced block: ``` or ~~~, up to 3 spaces in. */
static int fence_length(const char *line, size_t n, char *fence_char) {
  size_t i = 0;
  while (i < n && i < 3 && line[i] == ' ') i++;
  if (i >= n || (line[i] != '`' && line[i] != '~')) return 0;
  char c = line[i];
  size_t start = i;
  while (i < n && line[i] == c) i++;
  if (i - start < 3) return 0;
  *fence_char = c;
  return (int)(i - start);
}

static int only_spaces(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!isspace((unsigned char)s[i])) return 0;
  return 1;
}

static void load_lines(loader *L, const char *text, size_t length) {
  int line_no = 0;
  int fence_open = 0, fence_line = 0;
  char fence_char = 0;
  int fence_len = 0;
  size_t pos = 0;
  while (pos < length && !L->halt) {
    size_t end = pos;
    while (end < length && text[end] != '\n') end++;
    const char *line = text + pos;
    size_t n = end - pos;
    if (n && line[n - 1] == '\r') n--;
    line_no++;
    pos = end + 1;

    char c = 0;
    int flen = fence_length(line, n, &c);
    if (fence_open) {
      size_t i = 0;
      while (i < n && line[i] == ' ') i++;
      if (flen >= fence_len && c == fence_char && only_spaces(line + i + (size_t)flen, n - i - (size_t)flen))
        fence_open = 0;
      tokenize_line(L, line, n, line_no);
      continue;
    }
    if (flen) {
      fence_open = 1;
      fence_line = line_no;
      fence_char = c;
      fence_len = flen;
      tokenize_line(L, line, n, line_no);
      continue;
    }
    const char *t = line;
    size_t tn = n;
    trim(&t, &tn);
    if (tn >= 4 && strncmp(t, "{%", 2) == 0 && strncmp(t + tn - 2, "%}", 2) == 0 &&
        find_close(t, tn, 2, "%}") == tn - 2) {
      block_tag(L, t + 2, tn - 4, line_no, column_of(line, (size_t)(t - line)));
      continue;
    }
    tokenize_line(L, line, n, line_no);
  }
  if (L->halt) return;
  if (fence_open) {
    char message[96];
    snprintf(message, sizeof message, "unclosed fenced block: no closing %.*s before the end",
             fence_len < 16 ? fence_len : 16, fence_char == '~' ? "~~~~~~~~~~~~~~~~" : "````````````````");
    fail(L, fence_line, 1, message);
  }
  flush_chunk(L);
  for (size_t i = L->depth; i > 0; i--) {
    const frame *f = &L->stack[i - 1];
    char message[96];
    snprintf(message, sizeof message, "unclosed {%% %s %%}: no {%% end%s %%} before the end",
             f->tag, f->tag);
    fail(L, f->seg->line, f->seg->col, message);
  }
}

dossier_status dossier_template_load(dossier_template **out, const char *name_or_path,
                                     dossier_diag *diag) {
  *out = NULL;
  char path[4096];
  int found = dossier_data_resolve(path, sizeof path, name_or_path, DOSSIER_DATA_TEMPLATE);
  if (found == -2)
    return dossier_diag_add(diag, DOSSIER_ERR_NOINPUT, name_or_path, 0, 0, NULL,
                            "template path too long");
  if (found != 0)
    return dossier_diag_add(diag, DOSSIER_ERR_NOINPUT, NULL, 0, 0, NULL,
                            "no stock template named '%s' (see `dossier templates`)",
                            name_or_path);
  size_t path_length = strlen(path);
  if (path_length >= 5 && strcmp(path + path_length - 5, ".json") == 0)
    return dossier_diag_add(diag, DOSSIER_ERR_USAGE, path, 0, 0, NULL,
                            "a template is a Markdown file (.md), not a JSON file: give the "
                            "dataset first, a style with -s");
  char *text = NULL;
  size_t length = 0;
  dossier_status st = dossier_file_read(&text, &length, path, DOSSIER_LIMIT_TEMPLATE_BYTES, "a template", diag);
  if (st != DOSSIER_OK) return st;
  /* text, or a located refusal: a Latin-1 file would print as U+FFFD */
  size_t bad = dossier_text_first_bad_byte(text, length), blank = strspn(text, " \t\r\n");
  if (bad < length || blank == length) {
    int line = 1, col = 1;
    for (size_t i = 0; i < bad && i < length; i++) {
      if (text[i] == '\n') line++, col = 1;
      else if (((unsigned char)text[i] & 0xC0) != 0x80) col++;
    }
    int nul = bad < length && text[bad] == '\0';
    free(text);
    if (bad < length)
      return dossier_diag_add(diag, DOSSIER_ERR_DATA, path, line, col, NULL, "%s",
                              nul ? "a NUL byte: the file is not text"
                                  : "invalid UTF-8: save the file as UTF-8");
    return dossier_diag_add(diag, DOSSIER_ERR_DATA, path, 1, 1, NULL,
                            "the file is empty: expected a template, Markdown with the text of "
                            "the report");
  }

  loader L;
  memset(&L, 0, sizeof L);
  L.diag = diag;
  L.tpl = calloc(1, sizeof *L.tpl);
  if (!L.tpl || !(L.tpl->file = strdup(path))) {
    free(text);
    if (L.tpl) free(L.tpl);
    return dossier_diag_add(diag, DOSSIER_ERR_NOMEM, path, 0, 0, NULL, "out of memory");
  }
  load_lines(&L, text, length);
  dossier_buf_free(&L.chunk);
  free(text);
  if (L.status != DOSSIER_OK) {
    dossier_template_free(L.tpl);
    return L.status;
  }
  *out = L.tpl;
  return DOSSIER_OK;
}
