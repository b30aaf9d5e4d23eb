#include "render/doc.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "base/textnorm.h"

dossier_doc *dossier_doc_new(void) { return calloc(1, sizeof(dossier_doc)); }

char *dossier_doc_strdup(const char *utf8, size_t length) {
  return dossier_text_normalize(utf8, length);
}

static void free_inline(dossier_inline *text) {
  for (size_t i = 0; i < text->count; i++) free(text->runs[i].text);
  free(text->runs);
}

static void free_strings(char **strings, size_t count) {
  if (!strings) return;
  for (size_t i = 0; i < count; i++) free(strings[i]);
  free(strings);
}

static void free_block(dossier_block *b) {
  free(b->marker);
  free_inline(&b->text);
  switch (b->kind) {
  case DOSSIER_BLOCK_HEADER:
    free(b->u.header.superior);
    free(b->u.header.issuer);
    free(b->u.header.number);
    free(b->u.header.type);
    free(b->u.header.abbreviation);
    free(b->u.header.place);
    break;
  case DOSSIER_BLOCK_TITLE:
    free(b->u.title.title);
    free_strings(b->u.title.lines, b->u.title.line_count);
    break;
  case DOSSIER_BLOCK_SIGNATURE:
    free(b->u.signature.capacity);
    free(b->u.signature.position);
    free(b->u.signature.name);
    free_strings(b->u.signature.recipients, b->u.signature.recipient_count);
    break;
  case DOSSIER_BLOCK_TABLE:
    free_strings(b->u.table.header, b->u.table.columns);
    free_strings(b->u.table.cells, b->u.table.columns * b->u.table.rows);
    free(b->u.table.align);
    free(b->u.table.caption);
    break;
  case DOSSIER_BLOCK_CHART:
    free(b->u.chart.kind);
    free(b->u.chart.indicator);
    free(b->u.chart.title);
    free(b->u.chart.file);
    break;
  case DOSSIER_BLOCK_APPENDIX:
    free(b->u.appendix.label);
    free(b->u.appendix.title);
    free(b->u.appendix.note);
    break;
  default:
    break;
  }
}

void dossier_doc_free(dossier_doc *doc) {
  if (!doc) return;
  for (size_t i = 0; i < doc->count; i++) free_block(&doc->blocks[i]);
  free(doc->blocks);
  free(doc->info.title);
  free(doc->info.author);
  free(doc->info.subject);
  free(doc->info.keywords);
  free(doc);
}

dossier_block *dossier_doc_append(dossier_doc *doc, dossier_block_kind kind) {
  if (doc->count == doc->capacity) {
    size_t capacity = doc->capacity ? doc->capacity * 2 : 32;
    dossier_block *grown = realloc(doc->blocks, capacity * sizeof *grown);
    if (!grown) return NULL;
    doc->blocks = grown;
    doc->capacity = capacity;
  }
  dossier_block *b = &doc->blocks[doc->count++];
  memset(b, 0, sizeof *b);
  b->kind = kind;
  return b;
}

dossier_status dossier_inline_add(dossier_inline *text, const char *utf8, size_t length,
                                  unsigned flags) {
  if (length == 0) return DOSSIER_OK;
  char *copy = dossier_doc_strdup(utf8, length);
  if (!copy) return DOSSIER_ERR_NOMEM;
  if (text->count > 0 && text->runs[text->count - 1].flags == flags) {
    dossier_run *last = &text->runs[text->count - 1];
    size_t a = strlen(last->text), b = strlen(copy);
    char *joined = malloc(a + b + 1);
    if (!joined) {
      free(copy);
      return DOSSIER_ERR_NOMEM;
    }
    memcpy(joined, last->text, a);
    memcpy(joined + a, copy, b + 1);
    free(copy);
    /* Joining two NFC strings can create a composable pair at the seam. */
    char *normal = (char *)utf8proc_NFC((const utf8proc_uint8_t *)joined);
    if (normal) {
      free(joined);
      joined = normal;
    }
    free(last->text);
    last->text = joined;
    return DOSSIER_OK;
  }
  dossier_run *grown = realloc(text->runs, (text->count + 1) * sizeof *grown);
  if (!grown) {
    free(copy);
    return DOSSIER_ERR_NOMEM;
  }
  text->runs = grown;
  text->runs[text->count].text = copy;
  text->runs[text->count].flags = flags;
  text->count++;
  return DOSSIER_OK;
}

char *dossier_inline_plain(const dossier_inline *text) {
  size_t total = 0;
  for (size_t i = 0; i < text->count; i++) total += strlen(text->runs[i].text);
  char *out = malloc(total + 1);
  if (!out) return NULL;
  size_t k = 0;
  for (size_t i = 0; i < text->count; i++) {
    size_t n = strlen(text->runs[i].text);
    memcpy(out + k, text->runs[i].text, n);
    k += n;
  }
  out[k] = '\0';
  return out;
}

dossier_status dossier_table_init(dossier_table *table, size_t columns, size_t rows) {
  memset(table, 0, sizeof *table);
  table->header = calloc(columns ? columns : 1, sizeof(char *));
  table->align = calloc(columns ? columns : 1, sizeof(int));
  size_t cell_count = columns * rows;
  table->cells = calloc(cell_count ? cell_count : 1, sizeof(char *));
  if (!table->header || !table->align || !table->cells) {
    free(table->header);
    free(table->align);
    free(table->cells);
    memset(table, 0, sizeof *table);
    return DOSSIER_ERR_NOMEM;
  }
  table->columns = columns;
  table->rows = rows;
  return DOSSIER_OK;
}
