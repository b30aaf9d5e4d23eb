/* template_impl.h: the compiled form of a template, shared by template*.c.
 *
 * Loading (template.c) splits the source into a tree of segments: prose
 * chunks parsed by cmark, and {% if %} / {% for %} segments around them.
 * Before a chunk reaches cmark, every {{placeholder}} and every inline
 * {% if %}…{% endif %} is replaced by an inert token (U+E000, its index,
 * U+E001), so cmark never sees data or placeholder syntax and binding
 * (template_bind.c) substitutes values inside text nodes only. Expressions
 * (template_expr.c) and fenced blocks (template_blocks.c) are parsed and
 * checked at load time, evaluated at bind time. */
#ifndef DOSSIER_TEMPLATE_IMPL_H
#define DOSSIER_TEMPLATE_IMPL_H

#include <cjson/cJSON.h>
#include <cmark.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/diag.h"
#include "render/doc.h"
#include "render/template/template.h"
#include "stats/figures_shape.h"

#define TPL_TOKEN_OPEN "\xEE\x80\x80"  /* U+E000 */
#define TPL_TOKEN_CLOSE "\xEE\x80\x81" /* U+E001 */


/* What the figures tree holds at a path, as far as the template can know, is
 * a dossier_shape (stats/figures_shape.h); a loop's `loop` variable has the
 * template's own shape (key, index, count). A FREE shape is not checked. */
extern const dossier_shape tpl_loop_shape;
extern const dossier_shape tpl_free_shape; /* not checked */

typedef struct {
  char *var;    /* first segment when it names a loop variable, else NULL (root) */
  char **segs;  /* the remaining segments */
  size_t count;
  char *text;   /* the path as written, for messages */
} tpl_path;

typedef struct {
  char *name;
  int has_arg, arg_is_string;
  double number;
  char *string;
} tpl_filter;

/* A condition (cond.c): a tree of and, or, not, comparisons and operands. */
typedef enum {
  TPL_COND_EQ, TPL_COND_NE, TPL_COND_GT, TPL_COND_LT, TPL_COND_GE, TPL_COND_LE
} tpl_cond_op;

typedef enum {
  TPL_NODE_PATH,    /* a figure: its truth, or an operand */
  TPL_NODE_LITERAL, /* a number, "text", true, false or null */
  TPL_NODE_NOT,     /* not a */
  TPL_NODE_AND,     /* a and b */
  TPL_NODE_OR,      /* a or b */
  TPL_NODE_COMPARE, /* a op b */
} tpl_node_kind;

typedef struct tpl_node {
  tpl_node_kind kind;
  tpl_cond_op op;      /* COMPARE */
  tpl_path path;       /* PATH */
  cJSON *literal;      /* LITERAL */
  struct tpl_node *a, *b;
} tpl_node;

typedef struct {
  tpl_node *root; /* NULL: no condition (an else branch) */
} tpl_cond;

typedef struct {
  char *text;  /* literal text, or NULL for a placeholder */
  size_t expr; /* index of a placeholder expression */
} tpl_piece;

typedef enum { TPL_EXPR_PLACEHOLDER, TPL_EXPR_INLINE_IF } tpl_expr_kind;

typedef struct {
  tpl_cond cond;
  tpl_piece *pieces;
  size_t count;
} tpl_branch;

typedef struct {
  tpl_expr_kind kind;
  int line, col;
  /* placeholder */
  tpl_path path;
  tpl_filter *filters;
  size_t filter_count;
  /* inline if: {% if %}, each {% elif %}, then {% else %} (a branch whose
   * condition has no root), in order; the first that holds is printed */
  tpl_branch *branches;
  size_t branch_count;
} tpl_expr;

typedef enum { TPL_SEG_MARKDOWN, TPL_SEG_IF, TPL_SEG_FOR } tpl_seg_kind;

typedef struct tpl_seg {
  tpl_seg_kind kind;
  int line, col;       /* of the tag, or of the chunk's first line */
  cmark_node *md;      /* MARKDOWN: the parsed chunk */
  int first_line;      /* MARKDOWN: template line of the chunk's line 1 */
  tpl_cond cond;       /* IF (an {% elif %} is an IF alone in the alt of the one before) */
  char *var;           /* FOR: loop variable */
  tpl_path over;       /* FOR: what it iterates */
  struct tpl_seg *body, *alt; /* IF: then / else; FOR: body */
  size_t body_count, alt_count;
} tpl_seg;

/* A loop variable in scope while checking (types) or binding (values). */
typedef struct tpl_scope {
  const char *var;
  const dossier_shape *shape;
  const cJSON *value;
  const struct tpl_scope *outer;
} tpl_scope;

struct dossier_template {
  char *file;       /* for messages */
  tpl_seg *segs;
  size_t seg_count;
  tpl_expr *exprs;
  size_t expr_count, expr_cap;
};

/* Binding state. */
typedef struct {
  const dossier_template *tpl;
  const cJSON *figures;
  dossier_doc *doc;
  dossier_diag *diag;
  const tpl_scope *scope;
  int appendix_count;
  long iterations; /* loop repetitions so far, all loops (DOSSIER_LIMIT_ITERATIONS) */
  dossier_status status;
} tpl_bind;

/* ---- template_expr.c ---- */

/* Parses `{{ path | filter:arg … }}`'s inside (text, n bytes) into a new
 * expression of tpl, checking the path against the known figures shape and
 * the scope, and the filters by name. Returns its index, or -1 after adding a
 * DOSSIER_ERR_DATA message located at line:col to diag. */
long tpl_expr_parse_placeholder(dossier_template *tpl, const char *text, size_t n, int line,
                                int col, const tpl_scope *scope, dossier_diag *diag);

/* Parses a dotted path (trimmed) and checks it against the figures' shape.
 * Returns 0 with the shape of what it names in *shape (when not NULL), or -1
 * after adding a located message. */
int tpl_path_parse(tpl_path *p, const dossier_shape **shape, const dossier_template *tpl,
                   const char *text, size_t n, int line, int col, const tpl_scope *scope,
                   dossier_diag *diag);

/* ---- cond.c ---- */

/* Parses a whole condition (cond.c's grammar: and, or, not, == != > < >= <=,
 * parentheses, paths and literals). Returns DOSSIER_OK or DOSSIER_ERR_DATA
 * (message added, located at the offending word); *cond is then empty. */
dossier_status tpl_cond_parse(tpl_cond *cond, const dossier_template *tpl, const char *text,
                              size_t n, int line, int col, const tpl_scope *scope,
                              dossier_diag *diag);

/* Parses "var in path" of a {% for %} and returns the shape of the items. */
dossier_status tpl_for_parse(char **var, tpl_path *over, const dossier_shape **item_shape,
                             const dossier_template *tpl, const char *text, size_t n, int line,
                             int col, const tpl_scope *scope, dossier_diag *diag);

/* Appends a new expression to tpl; returns its index or -1 when out of memory. */
long tpl_expr_new(dossier_template *tpl, tpl_expr_kind kind, int line, int col);

void tpl_expr_clear(tpl_expr *e);
void tpl_cond_clear(tpl_cond *c);
void tpl_path_clear(tpl_path *p);

/* Resolves a path in the bind scope; NULL when the figures lack it. */
const cJSON *tpl_resolve(const tpl_bind *b, const tpl_path *path);

/* Evaluates a condition: missing and null are false, as are false, "" and
 * empty arrays and objects; numbers (also 0) are true, being data. */
int tpl_cond_eval(const tpl_bind *b, const tpl_cond *cond);

/* Appends the text of expression `index` to out. On a bind error, adds a
 * located message, sets b->status and returns it. */
dossier_status tpl_expr_eval(tpl_bind *b, size_t index, dossier_buf *out);

/* Replaces every token in text with its bound value. */
dossier_status tpl_expand(tpl_bind *b, const char *text, dossier_buf *out);

/* Appends " (chưa có số liệu năm 2018 và 2019)" when the indicator is a count
 * whose `missing_years` lists years: its sum is then not the term's. Nothing
 * otherwise (also when the node is absent). */
void tpl_format_missing_years(dossier_buf *out, const cJSON *indicator);

/* ---- template_blocks.c ---- */

/* Checks a fenced block's info string at load time ("table yearly a b",
 * "chart target_bars admissions Tiêu đề"). */
dossier_status tpl_block_check(const dossier_template *tpl, const char *info, int line, int col,
                               dossier_diag *diag);

/* Appends the doc blocks of a fenced block at bind time. */
dossier_status tpl_block_bind(tpl_bind *b, const char *info, const char *content, int line,
                              int col);

/* The document's date from the figures (document.date_parts or document.date). */
int tpl_document_date(const cJSON *figures, int *year, int *month, int *day);

/* "Báo cáo" for type "BC", … (capitalised first letter); "Văn bản" when unknown. */
const char *tpl_document_noun(const cJSON *figures);

/* ---- template_bind.c ---- */

dossier_status tpl_bind_segments(tpl_bind *b, const tpl_seg *segs, size_t count);

#endif
