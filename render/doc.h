/* doc.h: the document model between template binding and page layout.
 *
 * A template bound to a figures tree produces a dossier_doc: a flat list of
 * blocks (the official header, the title, headings, paragraphs, list items,
 * tables, charts, the signature block, appendices). Layout turns a doc into
 * pages with a style; it never looks at figures or templates. Every string in a
 * doc is UTF-8 and owned by the doc; builders copy what they are given and
 * normalise it (textnorm.h). Values are *content*: how a header or a signature looks
 * (fonts, the "Số …" pattern, the motto) comes from the style. */
#ifndef DOSSIER_DOC_H
#define DOSSIER_DOC_H

#include <stddef.h>

#include "base/diag.h"

enum {
  DOSSIER_RUN_BOLD = 1u,
  DOSSIER_RUN_ITALIC = 2u,
  DOSSIER_RUN_UNDERLINE = 4u,
};

/* A piece of text in one face. */
typedef struct {
  char *text;
  unsigned flags; /* DOSSIER_RUN_* */
} dossier_run;

/* Styled text: a sequence of runs (a paragraph, a heading, a cell). */
typedef struct {
  dossier_run *runs;
  size_t count;
} dossier_inline;

typedef enum {
  DOSSIER_BLOCK_HEADER,     /* official header block of page 1 */
  DOSSIER_BLOCK_TITLE,      /* "BÁO CÁO" and its summary lines */
  DOSSIER_BLOCK_HEADING,    /* level 1 (I-), 2 (1.), 3 (a)) */
  DOSSIER_BLOCK_PARAGRAPH,  /* justified body paragraph */
  DOSSIER_BLOCK_LIST_ITEM,  /* one item: marker + text, nesting in `level` */
  DOSSIER_BLOCK_TABLE,
  DOSSIER_BLOCK_CHART,
  DOSSIER_BLOCK_SIGNATURE,  /* "Nơi nhận:" and the signer */
  DOSSIER_BLOCK_APPENDIX,   /* starts a page: "Phụ lục N", title, "(Kèm theo …)" */
  DOSSIER_BLOCK_PAGE_BREAK,
} dossier_block_kind;

/* Content of the header block. Missing fields are NULL. */
typedef struct {
  char *superior;     /* "Đảng bộ tỉnh Hải Dương" (layout upper-cases) */
  char *issuer;       /* "Đảng ủy Khối các cơ quan tỉnh" */
  char *number;       /* "125" */
  char *type;         /* "BC" */
  char *abbreviation; /* "ĐUK" */
  char *place;        /* "Hải Dương" */
  int year, month, day; /* document date; 0 when unknown */
} dossier_header;

typedef struct {
  char *title;       /* "BÁO CÁO" */
  char **lines;      /* summary lines, e.g. "tổng kết nhiệm kỳ 2015 - 2020" */
  size_t line_count;
} dossier_title;

typedef struct {
  char *capacity; /* "T/M BAN THƯỜNG VỤ" */
  char *position; /* "BÍ THƯ" */
  char *name;     /* "Vũ Tiến Phụng" */
  char **recipients; /* "Ban Thường vụ Tỉnh ủy" … (layout adds "- " and "," / ".") */
  size_t recipient_count;
} dossier_signature;

enum {
  DOSSIER_ALIGN_LEFT = 0,
  DOSSIER_ALIGN_CENTER = 1,
  DOSSIER_ALIGN_RIGHT = 2,
};

/* A table: one header row (repeated on every page it spans), body rows, and an
 * optional total row at the end. Cells are already formatted text. */
typedef struct {
  size_t columns, rows;  /* rows excludes the header row */
  char **header;         /* [columns] */
  int *align;            /* [columns] DOSSIER_ALIGN_*, applies to body cells */
  char **cells;          /* [rows * columns], row-major */
  int has_total;         /* the last body row is a total row (bold) */
  size_t key_columns;    /* the first columns, naming a row (TT, Chỉ tiêu): repeated
                            in every part of a table too wide for the page; 0 as 1 */
  char *caption;         /* optional, centred bold above the table; NULL if none */
} dossier_table;

/* A chart request: which chart of which indicator; the chart module reads the
 * data from the figures tree the doc was bound to. */
typedef struct {
  char *kind;      /* "target_bars", "rate_threshold", "trend_forecast", "ratings", "unit_ranking" */
  char *indicator; /* indicator id in the figures tree, or NULL (e.g. "ratings") */
  char *title;     /* Vietnamese title, or NULL for the kind's default */
  char *file;      /* where the template asks for it, for messages; NULL when unknown */
  int line, col;
} dossier_chart_request;

typedef struct {
  char *label; /* "Phụ lục 1" */
  char *title; /* "KẾT QUẢ CÁC CHỈ TIÊU CỦA CÁC TỔ CHỨC CƠ SỞ ĐẢNG" */
  char *note;  /* "(Kèm theo Báo cáo số 125-BC/ĐUK ngày 14/8/2020 …)" */
} dossier_appendix;

typedef struct {
  dossier_block_kind kind;
  int level;              /* heading level 1..3; list nesting 1.. */
  char *marker;           /* list marker ("-", "1.", "a)") or heading numbering; may be NULL */
  dossier_inline text;    /* HEADING, PARAGRAPH, LIST_ITEM */
  union {
    dossier_header header;
    dossier_title title;
    dossier_signature signature;
    dossier_table table;
    dossier_chart_request chart;
    dossier_appendix appendix;
  } u;
} dossier_block;

/* Document metadata, written into the PDF's Info dictionary. */
typedef struct {
  char *title, *author, *subject, *keywords;
  int year, month, day; /* creation date; 0 = unset */
} dossier_doc_info;

typedef struct dossier_doc {
  dossier_block *blocks;
  size_t count, capacity;
  dossier_doc_info info;
  const void *figures; /* borrowed cJSON figures tree the charts read; may be NULL */
} dossier_doc;

/* Returns a new empty doc, or NULL when out of memory. Free with dossier_doc_free. */
dossier_doc *dossier_doc_new(void);

/* Frees a doc and everything it owns; NULL is a no-op. The figures tree is borrowed. */
void dossier_doc_free(dossier_doc *doc);

/* Appends a block of `kind` with everything zeroed and returns it (owned by the
 * doc; valid until the next append), or NULL when out of memory. */
dossier_block *dossier_doc_append(dossier_doc *doc, dossier_block_kind kind);

/* Appends a run to `text`, copying `utf8` (NFC-normalised). Returns DOSSIER_OK or
 * DOSSIER_ERR_NOMEM. Adjacent runs with equal flags are merged. */
dossier_status dossier_inline_add(dossier_inline *text, const char *utf8, size_t length,
                                  unsigned flags);

/* Returns a normalised (dossier_text_normalize: NFC, one-line spaces, no
 * control characters, U+FFFD for bad bytes), NUL-terminated copy of `length`
 * bytes of `utf8`, or NULL when out of memory. The caller frees it. */
char *dossier_doc_strdup(const char *utf8, size_t length);

/* Returns the plain text of `text` (runs concatenated), caller frees; NULL on OOM. */
char *dossier_inline_plain(const dossier_inline *text);

/* Allocates a table's arrays for `columns` × `rows` (all cells NULL, align LEFT).
 * Returns DOSSIER_OK or DOSSIER_ERR_NOMEM (the table is then left empty). */
dossier_status dossier_table_init(dossier_table *table, size_t columns, size_t rows);

#endif
