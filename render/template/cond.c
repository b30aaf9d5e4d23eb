/* cond.c: the conditions of {% if %} and {% elif %} — parsed completely when
 * the template is loaded (an unknown word, a missing operand or trailing text
 * is an error at FILE:LINE:COL), evaluated against the figures at bind time.
 *
 *   cond    := or
 *   or      := and ('or' and)*
 *   and     := not ('and' not)*
 *   not     := 'not' not | compare
 *   compare := operand (('==' | '!=' | '>' | '<' | '>=' | '<=') operand)?
 *   operand := PATH | NUMBER | "TEXT" | true | false | null | '(' or ')'
 *
 * Numbers are compared exactly (stats/exact.h); a path the figures lack reads
 * as null; > < >= <= hold between numbers only. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "render/template/compiled.h"
#include "stats/exact.h"

typedef struct {
  const dossier_template *tpl;
  const char *text;
  size_t n, pos;
  int line, col; /* of the condition's first character */
  const tpl_scope *scope;
  dossier_diag *diag;
  int failed;
  int depth;    /* ( and not open now (DOSSIER_LIMIT_CONDITION_DEPTH) */
  size_t terms; /* operands so far (DOSSIER_LIMIT_CONDITION_TERMS) */
} cparser;

static int column_at(const cparser *p, size_t at) {
  int col = p->col;
  for (size_t i = 0; i < at && i < p->n; i++)
    if (((unsigned char)p->text[i] & 0xC0) != 0x80) col++;
  return col;
}

static void error_at(cparser *p, size_t at, const char *what) {
  if (p->failed) return;
  p->failed = 1;
  dossier_diag_add(p->diag, DOSSIER_ERR_DATA, p->tpl->file, p->line, column_at(p, at), NULL,
                   "bad condition '%.*s': %s (write e.g. x.met, not x.met, x.term >= 80 and "
                   "y != null, (a or b))",
                   (int)p->n, p->text, what);
}

/* A limit passed: said without repeating a condition that may be very long. */
static void limit_at(cparser *p, size_t at, const char *what) {
  if (p->failed) return;
  p->failed = 1;
  dossier_diag_add(p->diag, DOSSIER_ERR_DATA, p->tpl->file, p->line, column_at(p, at), NULL,
                   "bad condition: %s (docs/limits.md)", what);
}

static void skip_space(cparser *p) {
  while (p->pos < p->n && isspace((unsigned char)p->text[p->pos])) p->pos++;
}

static int word_char(unsigned char c) {
  return isalnum(c) || c == '_' || c == '-' || c == '.' || c >= 0x80;
}

/* Whether the keyword `word` stands at the position (not a prefix of a path). */
static int at_word(const cparser *p, const char *word) {
  size_t w = strlen(word);
  return p->pos + w <= p->n && strncmp(p->text + p->pos, word, w) == 0 &&
         (p->pos + w == p->n || !word_char((unsigned char)p->text[p->pos + w]));
}

static tpl_node *new_node(cparser *p, tpl_node_kind kind) {
  tpl_node *node = calloc(1, sizeof *node);
  if (!node) {
    if (!p->failed)
      dossier_diag_add(p->diag, DOSSIER_ERR_NOMEM, p->tpl->file, p->line, p->col, NULL,
                       "out of memory");
    p->failed = 1;
    return NULL;
  }
  node->kind = kind;
  return node;
}

static void node_free(tpl_node *node) {
  if (!node) return;
  tpl_path_clear(&node->path);
  cJSON_Delete(node->literal);
  node_free(node->a);
  node_free(node->b);
  free(node);
}

static tpl_node *parse_or(cparser *p);

static tpl_node *parse_operand(cparser *p) {
  skip_space(p);
  size_t start = p->pos;
  if (p->pos >= p->n) {
    error_at(p, start, "a value or a figure is missing at the end");
    return NULL;
  }
  char c = p->text[p->pos];
  if (c == '(') {
    if (p->depth >= DOSSIER_LIMIT_CONDITION_DEPTH) {
      limit_at(p, start, "parentheses nested deeper than 32 levels");
      return NULL;
    }
    p->pos++;
    p->depth++;
    tpl_node *inner = parse_or(p);
    p->depth--;
    skip_space(p);
    if (!p->failed && (p->pos >= p->n || p->text[p->pos] != ')')) {
      error_at(p, start, "'(' is not closed");
      node_free(inner);
      return NULL;
    }
    p->pos++;
    return inner;
  }
  if (++p->terms > DOSSIER_LIMIT_CONDITION_TERMS) {
    limit_at(p, start, "more than 256 values and figures in one condition");
    return NULL;
  }
  tpl_node *node = new_node(p, TPL_NODE_LITERAL);
  if (!node) return NULL;
  if (c == '"') {
    size_t end = p->pos + 1;
    while (end < p->n && p->text[end] != '"') end++;
    if (end >= p->n) {
      error_at(p, start, "a \"text\" is not closed");
      node_free(node);
      return NULL;
    }
    char *copy = strndup(p->text + p->pos + 1, end - p->pos - 1);
    node->literal = copy ? cJSON_CreateString(copy) : NULL;
    free(copy);
    p->pos = end + 1;
  } else if (isdigit((unsigned char)c) || (c == '-' && p->pos + 1 < p->n &&
                                          isdigit((unsigned char)p->text[p->pos + 1]))) {
    size_t end = p->pos + 1;
    while (end < p->n && (isdigit((unsigned char)p->text[end]) || p->text[end] == '.')) end++;
    dossier_exact value;
    if (dossier_exact_parse(&value, p->text + p->pos, end - p->pos) != 0) {
      error_at(p, start, "not a number");
      node_free(node);
      return NULL;
    }
    node->literal = dossier_exact_node(value);
    p->pos = end;
  } else if (at_word(p, "true") || at_word(p, "false") || at_word(p, "null")) {
    node->literal = at_word(p, "null")    ? cJSON_CreateNull()
                    : at_word(p, "true") ? cJSON_CreateTrue()
                                         : cJSON_CreateFalse();
    p->pos += at_word(p, "false") ? 5 : 4;
  } else if (at_word(p, "and") || at_word(p, "or") || at_word(p, "not")) {
    error_at(p, start, "a value or a figure is missing before this word");
    node_free(node);
    return NULL;
  } else if (isalpha((unsigned char)c) || c == '_' || (unsigned char)c >= 0x80) {
    size_t end = p->pos;
    while (end < p->n && word_char((unsigned char)p->text[end])) end++;
    node->kind = TPL_NODE_PATH;
    if (tpl_path_parse(&node->path, NULL, p->tpl, p->text + p->pos, end - p->pos, p->line,
                       column_at(p, start), p->scope, p->diag) != 0) {
      p->failed = 1;
      node_free(node);
      return NULL;
    }
    p->pos = end;
    return node;
  } else {
    error_at(p, start, "unexpected character");
    node_free(node);
    return NULL;
  }
  if (!node->literal) {
    node_free(node);
    new_node(p, TPL_NODE_LITERAL); /* reports out of memory */
    return NULL;
  }
  return node;
}

static int comparison(cparser *p, tpl_cond_op *op) {
  skip_space(p);
  static const struct {
    const char *text;
    tpl_cond_op op;
  } ops[] = {{"==", TPL_COND_EQ}, {"!=", TPL_COND_NE}, {">=", TPL_COND_GE},
             {"<=", TPL_COND_LE}, {">", TPL_COND_GT},  {"<", TPL_COND_LT}};
  for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
    size_t w = strlen(ops[i].text);
    if (p->pos + w <= p->n && strncmp(p->text + p->pos, ops[i].text, w) == 0) {
      p->pos += w;
      *op = ops[i].op;
      return 1;
    }
  }
  return 0;
}

static tpl_node *parse_compare(cparser *p) {
  tpl_node *left = parse_operand(p);
  if (!left) return NULL;
  tpl_cond_op op;
  if (!comparison(p, &op)) return left;
  tpl_node *right = parse_operand(p);
  tpl_node *node = right ? new_node(p, TPL_NODE_COMPARE) : NULL;
  if (!node) {
    node_free(left);
    node_free(right);
    return NULL;
  }
  node->op = op;
  node->a = left;
  node->b = right;
  return node;
}

static tpl_node *parse_not(cparser *p) {
  skip_space(p);
  if (at_word(p, "not")) {
    if (p->depth >= DOSSIER_LIMIT_CONDITION_DEPTH) {
      limit_at(p, p->pos, "'not' nested deeper than 32 levels");
      return NULL;
    }
    p->pos += 3;
    p->depth++;
    tpl_node *inner = parse_not(p);
    p->depth--;
    tpl_node *node = inner ? new_node(p, TPL_NODE_NOT) : NULL;
    if (!node) {
      node_free(inner);
      return NULL;
    }
    node->a = inner;
    return node;
  }
  return parse_compare(p);
}

/* and / or, left to right */
static tpl_node *parse_chain(cparser *p, const char *word, tpl_node_kind kind,
                             tpl_node *(*next)(cparser *)) {
  tpl_node *left = next(p);
  for (;;) {
    if (!left) return NULL;
    skip_space(p);
    if (!at_word(p, word)) return left;
    p->pos += strlen(word);
    tpl_node *right = next(p);
    tpl_node *node = right ? new_node(p, kind) : NULL;
    if (!node) {
      node_free(left);
      node_free(right);
      return NULL;
    }
    node->a = left;
    node->b = right;
    left = node;
  }
}

static tpl_node *parse_and(cparser *p) { return parse_chain(p, "and", TPL_NODE_AND, parse_not); }

static tpl_node *parse_or(cparser *p) { return parse_chain(p, "or", TPL_NODE_OR, parse_and); }

dossier_status tpl_cond_parse(tpl_cond *cond, const dossier_template *tpl, const char *text,
                              size_t n, int line, int col, const tpl_scope *scope,
                              dossier_diag *diag) {
  memset(cond, 0, sizeof *cond);
  while (n > 0 && isspace((unsigned char)*text)) text++, n--, col++;
  while (n > 0 && isspace((unsigned char)text[n - 1])) n--;
  cparser p = {tpl, text, n, 0, line, col, scope, diag, 0, 0, 0};
  if (n == 0) {
    error_at(&p, 0, "the condition is empty");
    return DOSSIER_ERR_DATA;
  }
  tpl_node *root = parse_or(&p);
  skip_space(&p);
  if (root && !p.failed && p.pos < p.n) error_at(&p, p.pos, "unexpected text after the condition");
  if (p.failed) {
    node_free(root);
    return DOSSIER_ERR_DATA;
  }
  cond->root = root;
  return DOSSIER_OK;
}

void tpl_cond_clear(tpl_cond *c) {
  node_free(c->root);
  c->root = NULL;
}

/* ---- evaluation ---- */

static int truthy(const cJSON *v) {
  if (!v || cJSON_IsNull(v) || cJSON_IsFalse(v)) return 0;
  if (cJSON_IsString(v)) return v->valuestring && v->valuestring[0] != '\0';
  if (cJSON_IsArray(v) || cJSON_IsObject(v)) return v->child != NULL;
  return 1; /* numbers, also 0, are data; true */
}

static const cJSON *operand_value(const tpl_bind *b, const tpl_node *node) {
  return node->kind == TPL_NODE_PATH ? tpl_resolve(b, &node->path) : node->literal;
}

static int compare(const tpl_bind *b, const tpl_node *node) {
  const cJSON *v = operand_value(b, node->a), *w = operand_value(b, node->b);
  dossier_exact x, y;
  int numbers = dossier_exact_of(v, &x) == 0 && dossier_exact_of(w, &y) == 0;
  int c = numbers ? dossier_exact_cmp(x, y) : 0;
  switch (node->op) {
  case TPL_COND_EQ:
  case TPL_COND_NE: {
    /* a missing value compares equal to null: "x != null" means "x is there" */
    int equal = numbers                      ? c == 0
                : (!w || cJSON_IsNull(w))    ? (!v || cJSON_IsNull(v))
                : (!v || cJSON_IsNull(v))    ? 0
                                             : cJSON_Compare(v, w, 1);
    return node->op == TPL_COND_EQ ? equal : !equal;
  }
  case TPL_COND_GT: return numbers && c > 0;
  case TPL_COND_LT: return numbers && c < 0;
  case TPL_COND_GE: return numbers && c >= 0;
  case TPL_COND_LE: return numbers && c <= 0;
  }
  return 0;
}

static int eval_node(const tpl_bind *b, const tpl_node *node) {
  switch (node->kind) {
  case TPL_NODE_PATH:
  case TPL_NODE_LITERAL: return truthy(operand_value(b, node));
  case TPL_NODE_NOT: return !eval_node(b, node->a);
  case TPL_NODE_AND: return eval_node(b, node->a) && eval_node(b, node->b);
  case TPL_NODE_OR: return eval_node(b, node->a) || eval_node(b, node->b);
  case TPL_NODE_COMPARE: return compare(b, node);
  }
  return 0;
}

int tpl_cond_eval(const tpl_bind *b, const tpl_cond *cond) {
  return cond->root ? eval_node(b, cond->root) : 0;
}
