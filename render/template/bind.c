/* template_bind.c: binding a loaded template to a figures tree — walking the
 * segments and the cmark trees made at load time, substituting tokens inside
 * text nodes only, and appending doc blocks. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "render/template/compiled.h"
#include "stats/exact.h"

static void inline_free(dossier_inline *text) {
  for (size_t i = 0; i < text->count; i++) free(text->runs[i].text);
  free(text->runs);
  memset(text, 0, sizeof *text);
}

static int inline_blank(const dossier_inline *text) {
  for (size_t i = 0; i < text->count; i++)
    for (const char *p = text->runs[i].text; *p; p++)
      if (!isspace((unsigned char)*p)) return 0;
  return 1;
}

/* Adds bound text as one run; data inserted here is never parsed again. */
static dossier_status add_text(tpl_bind *b, dossier_inline *text, const char *literal,
                               unsigned flags) {
  dossier_buf out = {0};
  dossier_status st = tpl_expand(b, literal ? literal : "", &out);
  if (st == DOSSIER_OK && out.length) st = dossier_inline_add(text, out.data, out.length, flags);
  dossier_buf_free(&out);
  return st;
}

static dossier_status add_inlines(tpl_bind *b, dossier_inline *text, cmark_node *parent,
                                  unsigned flags) {
  for (cmark_node *n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
    dossier_status st = DOSSIER_OK;
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_TEXT:
    case CMARK_NODE_CODE:
    case CMARK_NODE_HTML_INLINE:
      st = add_text(b, text, cmark_node_get_literal(n), flags);
      break;
    case CMARK_NODE_SOFTBREAK:
    case CMARK_NODE_LINEBREAK:
      st = dossier_inline_add(text, " ", 1, flags);
      break;
    case CMARK_NODE_EMPH:
      st = add_inlines(b, text, n, flags | DOSSIER_RUN_ITALIC);
      break;
    case CMARK_NODE_STRONG:
      st = add_inlines(b, text, n, flags | DOSSIER_RUN_BOLD);
      break;
    default: /* links, images: their text */
      st = add_inlines(b, text, n, flags);
      break;
    }
    if (st != DOSSIER_OK) return st;
  }
  return DOSSIER_OK;
}

/* Appends a text block unless binding left it blank (e.g. every inline {% if %}
 * was false). Takes ownership of marker. */
static dossier_status append_text_block(tpl_bind *b, dossier_block_kind kind, int level,
                                        char *marker, cmark_node *inlines_of) {
  dossier_inline text = {0};
  dossier_status st = add_inlines(b, &text, inlines_of, 0);
  if (st == DOSSIER_OK && !inline_blank(&text)) {
    dossier_block *block = dossier_doc_append(b->doc, kind);
    if (!block) {
      st = DOSSIER_ERR_NOMEM;
    } else {
      block->level = level;
      block->marker = marker;
      block->text = text;
      return DOSSIER_OK;
    }
  }
  free(marker);
  inline_free(&text);
  return st;
}

static dossier_status bind_blocks(tpl_bind *b, cmark_node *parent, int first_line, int level);

static dossier_status bind_list(tpl_bind *b, cmark_node *list, int first_line, int level) {
  if (level > DOSSIER_LIMIT_LIST_DEPTH)
    return b->status = dossier_diag_add(
               b->diag, DOSSIER_ERR_DATA, b->tpl->file,
               first_line + cmark_node_get_start_line(list) - 1, cmark_node_get_start_column(list),
               NULL, "lists nested deeper than %d levels (docs/limits.md)",
               DOSSIER_LIMIT_LIST_DEPTH);
  int ordered = cmark_node_get_list_type(list) == CMARK_ORDERED_LIST;
  int number = cmark_node_get_list_start(list);
  int paren = cmark_node_get_list_delim(list) == CMARK_PAREN_DELIM;
  for (cmark_node *item = cmark_node_first_child(list); item; item = cmark_node_next(item)) {
    int first = 1;
    for (cmark_node *child = cmark_node_first_child(item); child; child = cmark_node_next(child)) {
      dossier_status st;
      if (cmark_node_get_type(child) == CMARK_NODE_PARAGRAPH) {
        char marker[32] = "-";
        if (ordered) snprintf(marker, sizeof marker, "%d%c", number, paren ? ')' : '.');
        char *copy = first ? strdup(marker) : NULL;
        if (first && !copy) return DOSSIER_ERR_NOMEM;
        st = append_text_block(b, DOSSIER_BLOCK_LIST_ITEM, level, copy, child);
        first = 0;
      } else if (cmark_node_get_type(child) == CMARK_NODE_LIST) {
        st = bind_list(b, child, first_line, level + 1);
      } else {
        st = bind_blocks(b, child, first_line, level);
      }
      if (st != DOSSIER_OK) return st;
    }
    number++;
  }
  return DOSSIER_OK;
}

static dossier_status bind_node(tpl_bind *b, cmark_node *n, int first_line, int level) {
  if (b->doc->count >= DOSSIER_LIMIT_BLOCKS)
    return b->status = dossier_diag_add(
               b->diag, DOSSIER_ERR_DATA, b->tpl->file, first_line + cmark_node_get_start_line(n) - 1,
               cmark_node_get_start_column(n), NULL,
               "the document would have more than %d paragraphs, list items and tables "
               "(docs/limits.md)",
               DOSSIER_LIMIT_BLOCKS);
  switch (cmark_node_get_type(n)) {
  case CMARK_NODE_HEADING: {
    int h = cmark_node_get_heading_level(n);
    return append_text_block(b, DOSSIER_BLOCK_HEADING, h > 3 ? 3 : h, NULL, n);
  }
  case CMARK_NODE_PARAGRAPH:
    return append_text_block(b, DOSSIER_BLOCK_PARAGRAPH, 0, NULL, n);
  case CMARK_NODE_LIST:
    return bind_list(b, n, first_line, level + 1);
  case CMARK_NODE_CODE_BLOCK:
    return tpl_block_bind(b, cmark_node_get_fence_info(n), cmark_node_get_literal(n),
                          first_line + cmark_node_get_start_line(n) - 1,
                          cmark_node_get_start_column(n));
  case CMARK_NODE_THEMATIC_BREAK:
    return dossier_doc_append(b->doc, DOSSIER_BLOCK_PAGE_BREAK) ? DOSSIER_OK : DOSSIER_ERR_NOMEM;
  case CMARK_NODE_HTML_BLOCK: {
    dossier_inline text = {0};
    dossier_status st = add_text(b, &text, cmark_node_get_literal(n), 0);
    dossier_block *block = st == DOSSIER_OK && !inline_blank(&text)
                               ? dossier_doc_append(b->doc, DOSSIER_BLOCK_PARAGRAPH)
                               : NULL;
    if (block) {
      block->text = text;
      return DOSSIER_OK;
    }
    inline_free(&text);
    return st;
  }
  default: /* block quotes and the like: their content */
    return bind_blocks(b, n, first_line, level);
  }
}

static dossier_status bind_blocks(tpl_bind *b, cmark_node *parent, int first_line, int level) {
  for (cmark_node *n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
    dossier_status st = bind_node(b, n, first_line, level);
    if (st != DOSSIER_OK) return st;
  }
  return DOSSIER_OK;
}

static dossier_status bind_for(tpl_bind *b, const tpl_seg *s) {
  tpl_path over = s->over;
  const cJSON *items = tpl_resolve(b, &over);
  if (!items || cJSON_IsNull(items)) return DOSSIER_OK; /* nothing to repeat */
  if (!cJSON_IsArray(items) && !cJSON_IsObject(items))
    return b->status = dossier_diag_add(b->diag, DOSSIER_ERR_DATA, b->tpl->file, s->line, s->col,
                                        s->over.text, "{%% for %%} needs a list or a group");
  int count = cJSON_GetArraySize(items), index = 0;
  const cJSON *item;
  dossier_status st = DOSSIER_OK;
  cJSON_ArrayForEach(item, items) {
    if (++b->iterations > DOSSIER_LIMIT_ITERATIONS)
      return b->status = dossier_diag_add(
                 b->diag, DOSSIER_ERR_DATA, b->tpl->file, s->line, s->col, NULL,
                 "the template repeats more than %d times in one document (loops inside "
                 "loops?) (docs/limits.md)",
                 DOSSIER_LIMIT_ITERATIONS);
    cJSON *loop = cJSON_CreateObject();
    if (!loop) return DOSSIER_ERR_NOMEM;
    index++;
    if (item->string) cJSON_AddStringToObject(loop, "key", item->string);
    else cJSON_AddNumberToObject(loop, "key", index - 1);
    cJSON_AddNumberToObject(loop, "index", index);
    cJSON_AddNumberToObject(loop, "count", count);
    const tpl_scope *outer = b->scope;
    tpl_scope var = {s->var, &tpl_free_shape, item, outer};
    tpl_scope loop_scope = {"loop", &tpl_loop_shape, loop, &var};
    b->scope = &loop_scope;
    st = tpl_bind_segments(b, s->body, s->body_count);
    b->scope = outer;
    cJSON_Delete(loop);
    if (st != DOSSIER_OK) break;
  }
  return st;
}

dossier_status tpl_bind_segments(tpl_bind *b, const tpl_seg *segs, size_t count) {
  for (size_t i = 0; i < count; i++) {
    const tpl_seg *s = &segs[i];
    dossier_status st = DOSSIER_OK;
    switch (s->kind) {
    case TPL_SEG_MARKDOWN:
      st = bind_blocks(b, s->md, s->first_line, 0);
      break;
    case TPL_SEG_IF:
      st = tpl_cond_eval(b, &s->cond) ? tpl_bind_segments(b, s->body, s->body_count)
                                      : tpl_bind_segments(b, s->alt, s->alt_count);
      break;
    case TPL_SEG_FOR:
      st = bind_for(b, s);
      break;
    }
    if (st != DOSSIER_OK) return st;
  }
  return DOSSIER_OK;
}

static const char *figure_string(const cJSON *figures, const char *group, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(
      cJSON_GetObjectItemCaseSensitive(figures, group), key);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

static char *joined(const char *a, const char *sep, const char *c) {
  size_t n = strlen(a) + strlen(sep) + strlen(c) + 1;
  char *s = malloc(n);
  if (s) snprintf(s, n, "%s%s%s", a, sep, c);
  return s;
}

/* The PDF's Info: title, issuing body, summary, keywords and the date. */
static dossier_status set_info(dossier_doc *doc, const cJSON *figures) {
  const char *summary = figure_string(figures, "document", "summary");
  const char *issuer = figure_string(figures, "organization", "issuer");
  const char *name = figure_string(figures, "organization", "name");
  const char *noun = tpl_document_noun(figures);
  doc->info.title = summary ? joined(noun, " ", summary) : strdup(noun);
  if (issuer) doc->info.author = strdup(issuer);
  if (summary) doc->info.subject = strdup(summary);
  const cJSON *period = cJSON_GetObjectItemCaseSensitive(figures, "period");
  const cJSON *from = cJSON_GetObjectItemCaseSensitive(period, "from");
  const cJSON *to = cJSON_GetObjectItemCaseSensitive(period, "to");
  char keywords[512];
  snprintf(keywords, sizeof keywords, "%s; %s", noun, name ? name : (issuer ? issuer : ""));
  if (cJSON_IsNumber(from) && cJSON_IsNumber(to)) {
    size_t k = strlen(keywords);
    snprintf(keywords + k, sizeof keywords - k, "; %d - %d", from->valueint, to->valueint);
  }
  doc->info.keywords = strdup(keywords);
  if (!doc->info.title || !doc->info.keywords || (issuer && !doc->info.author) ||
      (summary && !doc->info.subject))
    return DOSSIER_ERR_NOMEM;
  int y, m, d;
  if (tpl_document_date(figures, &y, &m, &d) == 0) {
    doc->info.year = y;
    doc->info.month = m;
    doc->info.day = d;
  }
  return DOSSIER_OK;
}

static dossier_status template_bind_unscoped(dossier_doc **out, const dossier_template *tpl,
                                     const cJSON *figures, dossier_diag *diag) {
  *out = NULL;
  if (!cJSON_IsObject(figures))
    return dossier_diag_add(diag, DOSSIER_ERR_SOFTWARE, tpl->file, 0, 0, NULL,
                            "no figures tree to bind to");
  tpl_bind b;
  memset(&b, 0, sizeof b);
  b.tpl = tpl;
  b.figures = figures;
  b.diag = diag;
  b.doc = dossier_doc_new();
  if (!b.doc) return dossier_diag_add(diag, DOSSIER_ERR_NOMEM, tpl->file, 0, 0, NULL, "out of memory");
  b.doc->figures = figures;
  dossier_status st = tpl_bind_segments(&b, tpl->segs, tpl->seg_count);
  if (st == DOSSIER_OK) st = set_info(b.doc, figures);
  if (st != DOSSIER_OK) {
    /* located errors were added where found; only resource failures are new here */
    if (st != b.status && st == DOSSIER_ERR_NOMEM)
      dossier_diag_add(diag, st, tpl->file, 0, 0, NULL, "out of memory");
    dossier_doc_free(b.doc);
    return st;
  }
  *out = b.doc;
  return DOSSIER_OK;
}

/* (the large exact values it makes live until this returns) */
dossier_status dossier_template_bind(dossier_doc **out, const dossier_template *tpl,
                                     const cJSON *figures, dossier_diag *diag) {
  dossier_exact_scope_enter();
  dossier_status result = template_bind_unscoped(out, tpl, figures, diag);
  dossier_exact_scope_leave();
  return result;
}
