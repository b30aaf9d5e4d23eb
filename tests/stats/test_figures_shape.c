/* test_figures_shape.c: the figures tree and its declared shape
 * (stats/figures_shape.h) agree both ways, the docs show the same keys, and
 * templates accept every declared figure — the checks that keep the shape,
 * the emitter, the template checker and docs/figures.md from drifting. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "support.h"
#include "render/template/template.h"
#include "stats/figures_shape.h"

/* Every dataset whose figures the checks read; together they make every
 * declared figure at least once. */
static const char *const fixtures[] = {
    "fixtures/hai-duong-2015-2020.json",     "fixtures/annual-2019.json",
    "fixtures/templates/members-value.json", "fixtures/templates/one-year.json",
    "fixtures/figures/every-figure.json",    NULL,
};

TEST(every_figures_tree_of_the_fixtures_has_the_declared_shape) {
  for (size_t i = 0; fixtures[i]; i++) {
    cJSON *f = support_figures_of_file(fixtures[i], NULL);
    CHECK(f != NULL);
    char where[512];
    if (f && dossier_shape_check(dossier_figures_shape(), f, where, sizeof where) != 0)
      CHECK_FAIL_AT("%s: the figures tree has %s, which the shape does not declare", fixtures[i],
                    where);
    cJSON_Delete(f);
  }
}

TEST(a_tree_with_an_undeclared_figure_is_caught) {
  cJSON *f = support_figures_of_file("fixtures/hai-duong-2015-2020.json", NULL);
  if (!f) CHECK_FAIL_AT("no figures");
  cJSON *target = cJSON_GetObjectItem(
      cJSON_GetObjectItem(cJSON_GetObjectItem(f, "indicators"), "admissions"), "target");
  cJSON_AddNumberToObject(target, "surplus", 1);
  char where[512];
  CHECK_INT(dossier_shape_check(dossier_figures_shape(), f, where, sizeof where), -1);
  CHECK_STR(where, "indicators.admissions.target.surplus");
  cJSON_Delete(f);
}

/* The declared paths ("indicators.*.target.met") that some tree has. */
typedef struct {
  char **paths;
  size_t count;
  unsigned char *seen;
} declared;

static void collect(const char *path, void *ctx) {
  declared *d = ctx;
  char **grown = realloc(d->paths, (d->count + 1) * sizeof *grown);
  if (!grown) return;
  d->paths = grown;
  d->paths[d->count++] = strdup(path);
}

/* Marks every declared path that `node` (at `path`, with `shape`) has. */
static void mark(declared *d, const dossier_shape *shape, const cJSON *node, char *path,
                 size_t used) {
  if (!node || cJSON_IsNull(node) || shape->kind == DOSSIER_SHAPE_FREE) return;
  const cJSON *child;
  cJSON_ArrayForEach(child, node) {
    const char *key = cJSON_IsArray(node) ? "0" : shape->kind == DOSSIER_SHAPE_MAP ? "*"
                                                                                  : child->string;
    int n = snprintf(path + used, 512 - used, "%s%s", used ? "." : "", key);
    if (n < 0 || (size_t)n >= 512 - used) continue;
    for (size_t i = 0; i < d->count; i++)
      if (d->paths[i] && strcmp(d->paths[i], path) == 0) d->seen[i] = 1;
    const dossier_shape *s = dossier_shape_child(shape, cJSON_IsArray(node) ? "0" : child->string,
                                                 NULL);
    if (s) mark(d, s, child, path, used + (size_t)n);
    path[used] = '\0';
  }
}

TEST(every_declared_figure_is_made_for_some_fixture) {
  declared d = {NULL, 0, NULL};
  dossier_shape_paths(dossier_figures_shape(), collect, &d);
  CHECK(d.count > 200);
  d.seen = calloc(d.count ? d.count : 1, 1);
  for (size_t i = 0; fixtures[i] && d.seen; i++) {
    cJSON *f = support_figures_of_file(fixtures[i], NULL);
    char path[512] = "";
    mark(&d, dossier_figures_shape(), f, path, 0);
    cJSON_Delete(f);
  }
  for (size_t i = 0; i < d.count && d.seen; i++) {
    int copied = strncmp(d.paths[i], "organization", 12) == 0 ||
                 strncmp(d.paths[i], "document", 8) == 0;
    if (!d.seen[i] && !copied)
      CHECK_FAIL_AT("%s is declared but no fixture's figures have it", d.paths[i]);
  }
  for (size_t i = 0; i < d.count; i++) free(d.paths[i]);
  free(d.paths);
  free(d.seen);
}

static void add_key(const char *path, void *ctx) {
  cJSON *keys = ctx;
  const char *last = strrchr(path, '.');
  const char *key = last ? last + 1 : path;
  if (strcmp(key, "*") != 0 && strcmp(key, "0") != 0 && !cJSON_GetObjectItem(keys, key))
    cJSON_AddTrueToObject(keys, key);
}

TEST(docs_figures_md_shows_exactly_the_declared_keys) {
  /* the tree sketched at the top of docs/figures.md, between its first ``` fences */
  char *text = support_read_file("docs/figures.md", NULL);
  CHECK(text != NULL);
  if (!text) return;
  char *start = strstr(text, "```\n");
  char *end = start ? strstr(start + 4, "```") : NULL;
  CHECK(start && end);
  if (!start || !end) {
    free(text);
    return;
  }
  *end = '\0';
  cJSON *declared_keys = cJSON_CreateObject(), *doc_keys = cJSON_CreateObject();
  dossier_shape_paths(dossier_figures_shape(), add_key, declared_keys);
  for (char *q = strchr(start, '"'); q; q = strchr(q + 1, '"')) {
    char *close = strchr(q + 1, '"');
    if (!close) break;
    char *after = close + 1;
    while (*after == ' ' || *after == '\t') after++;
    if (*after == ':' && close - q - 1 < 64) {
      char key[64];
      memcpy(key, q + 1, (size_t)(close - q - 1));
      key[close - q - 1] = '\0';
      if (key[0] != '<' && !(key[0] >= '0' && key[0] <= '9') && !cJSON_GetObjectItem(doc_keys, key))
        cJSON_AddTrueToObject(doc_keys, key);
    }
    q = close;
  }
  const cJSON *k;
  cJSON_ArrayForEach(k, doc_keys)
    if (!cJSON_GetObjectItem(declared_keys, k->string))
      CHECK_FAIL_AT("docs/figures.md shows \"%s\", which the figures shape does not declare",
                    k->string);
  cJSON_ArrayForEach(k, declared_keys)
    if (!cJSON_GetObjectItem(doc_keys, k->string))
      CHECK_FAIL_AT("the figures shape declares \"%s\", which docs/figures.md does not show",
                    k->string);
  cJSON_Delete(declared_keys);
  cJSON_Delete(doc_keys);
  free(text);
}

/* Writes a template holding one placeholder per declared figure path. */
static void placeholder_of(const char *path, void *ctx) {
  FILE *out = ctx;
  if (strncmp(path, "organization", 12) == 0 || strncmp(path, "document", 8) == 0) return;
  char concrete[512];
  size_t k = 0;
  for (const char *p = path; *p && k + 16 < sizeof concrete; p++) {
    if (*p == '*') { /* a data key: an indicator id or a year */
      const char *id = strstr(path, "indicators.*") == p - 11 ? "admissions" : "2019";
      k += (size_t)snprintf(concrete + k, sizeof concrete - k, "%s", id);
    } else {
      concrete[k++] = *p;
    }
  }
  concrete[k] = '\0';
  fprintf(out, "{{%s | default: \"-\"}}\n\n", concrete);
}

TEST(a_template_accepts_every_declared_figure_the_docs_name) {
  /* {{indicators.X.target.worst_year}} was refused as unknown: the template
   * checker kept its own copy of the figures' keys */
  const char *path = support_scratch("every-figure.md");
  FILE *out = fopen(path, "w");
  CHECK(out != NULL);
  if (!out) return;
  fputs("{{indicators.admissions.target.worst_year | default: \"-\"}}\n\n", out);
  dossier_shape_paths(dossier_figures_shape(), placeholder_of, out);
  fclose(out);
  dossier_diag *diag = dossier_diag_new();
  dossier_template *tpl = NULL;
  CHECK_INT(dossier_template_load(&tpl, path, diag), DOSSIER_OK);
  CHECK_STR(dossier_diag_message(diag, 0) ? dossier_diag_message(diag, 0) : "", "");
  dossier_template_free(tpl);
  dossier_diag_free(diag);
}
