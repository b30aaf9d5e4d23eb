/* figures_json.c: printing the figures tree (figures_json.h). The layout is
 * cJSON_Print's (tabs, one member a line, arrays on one line), so the output
 * reads as before; only numbers with an exact text print differently. */
#include "stats/figures_json.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/buf.h"
#include "stats/exact.h"

static void print_string(dossier_buf *out, const char *s) {
  dossier_buf_add(out, "\"", 1);
  const unsigned char *run = (const unsigned char *)s, *p = run;
  for (; *p; p++) {
    if (*p >= 32 && *p != '"' && *p != '\\') continue; /* a plain byte: in the run */
    dossier_buf_add(out, (const char *)run, (size_t)(p - run));
    run = p + 1;
    switch (*p) {
    case '"': dossier_buf_adds(out, "\\\""); break;
    case '\\': dossier_buf_adds(out, "\\\\"); break;
    case '\b': dossier_buf_adds(out, "\\b"); break;
    case '\f': dossier_buf_adds(out, "\\f"); break;
    case '\n': dossier_buf_adds(out, "\\n"); break;
    case '\r': dossier_buf_adds(out, "\\r"); break;
    case '\t': dossier_buf_adds(out, "\\t"); break;
    default: dossier_buf_addf(out, "\\u%04x", *p);
    }
  }
  dossier_buf_add(out, (const char *)run, (size_t)(p - run));
  dossier_buf_add(out, "\"", 1);
}

static void tabs(dossier_buf *out, int depth) {
  static const char many[] = "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t";
  for (; depth > 0; depth -= 16) dossier_buf_add(out, many, depth < 16 ? (size_t)depth : 16);
}

static void print_number(dossier_buf *out, const cJSON *node) {
  dossier_exact exact;
  char text[DOSSIER_EXACT_TEXT];
  if (node->valuestring && dossier_exact_parse_text(&exact, node->valuestring) == 0 &&
      dossier_exact_json(exact, text, sizeof text) > 0) {
    dossier_buf_adds(out, text);
    return;
  }
  double d = node->valuedouble;
  if (isnan(d) || isinf(d)) {
    dossier_buf_adds(out, "null");
  } else if (d == (double)node->valueint) {
    dossier_buf_addf(out, "%d", node->valueint);
  } else {
    /* cJSON's own choice: 15 significant digits unless they read back more
     * than a rounding step away (an estimate prints 3.4, not 3.4000000000000004) */
    char shortest[32];
    snprintf(shortest, sizeof shortest, "%1.15g", d);
    double back = strtod(shortest, NULL);
    double scale = fabs(back) > fabs(d) ? fabs(back) : fabs(d);
    if (!(fabs(back - d) <= scale * DBL_EPSILON)) snprintf(shortest, sizeof shortest, "%1.17g", d);
    dossier_buf_adds(out, shortest);
  }
}


static void print_value(dossier_buf *out, const cJSON *node, int depth) {
  if (cJSON_IsNull(node) || cJSON_IsInvalid(node)) {
    dossier_buf_adds(out, "null");
  } else if (cJSON_IsFalse(node)) {
    dossier_buf_adds(out, "false");
  } else if (cJSON_IsTrue(node)) {
    dossier_buf_adds(out, "true");
  } else if (cJSON_IsNumber(node)) {
    print_number(out, node);
  } else if (cJSON_IsString(node)) {
    print_string(out, node->valuestring ? node->valuestring : "");
  } else if (cJSON_IsRaw(node)) {
    dossier_buf_adds(out, node->valuestring ? node->valuestring : "");
  } else if (cJSON_IsArray(node)) {
    dossier_buf_add(out, "[", 1);
    for (const cJSON *c = node->child; c; c = c->next) {
      print_value(out, c, depth + 1);
      if (c->next) dossier_buf_adds(out, ", ");
    }
    dossier_buf_add(out, "]", 1);
  } else if (cJSON_IsObject(node)) {
    dossier_buf_adds(out, "{\n");
    for (const cJSON *c = node->child; c; c = c->next) {
      tabs(out, depth + 1);
      print_string(out, c->string ? c->string : "");
      dossier_buf_adds(out, ":\t");
      print_value(out, c, depth + 1);
      if (c->next) dossier_buf_add(out, ",", 1);
      dossier_buf_add(out, "\n", 1);
    }
    tabs(out, depth);
    dossier_buf_add(out, "}", 1);
  }
}

static char *figures_json_text_unscoped(const cJSON *tree) {
  dossier_buf out = DOSSIER_BUF_INIT;
  print_value(&out, tree, 0);
  return dossier_buf_take(&out);
}

/* (the large exact values it makes live until this returns) */
char *dossier_figures_json_text(const cJSON *tree) {
  dossier_exact_scope_enter();
  char *result = figures_json_text_unscoped(tree);
  dossier_exact_scope_leave();
  return result;
}
