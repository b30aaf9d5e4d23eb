/* indicator.c: an indicator's own numbers, and its term figure per kind —
 * exactly (stats/exact.h). */
#include <string.h>

#include "stats/resolve.h"

int dossier_resolve_own(dossier_resolved *out, const dossier_indicator *ind,
                        dossier_arena *arena) {
  memset(out, 0, sizeof *out);
  out->def = ind;
  out->kind = ind->kind;
  out->basis = "value";
  const dossier_series *s = NULL;
  if (ind->source == DOSSIER_SOURCE_SERIES) s = &ind->series;
  if (ind->source == DOSSIER_SOURCE_RATIO) s = &ind->numerator;
  if (ind->source == DOSSIER_SOURCE_VALUE) {
    out->has_value = 1;
    out->value = ind->value;
  }
  int overflow = 0;
  if (s) {
    size_t n = s->count;
    out->years = dossier_arena_calloc(arena, n, sizeof *out->years);
    out->values = dossier_arena_calloc(arena, n, sizeof *out->values);
    if (!out->years || !out->values) return -1;
    memcpy(out->years, s->years, n * sizeof *out->years);
    out->n = n;
    if (ind->source == DOSSIER_SOURCE_SERIES) {
      memcpy(out->values, s->values, n * sizeof *out->values);
    } else {
      /* validation guaranteed the same years in both and a positive denominator */
      out->has_ratio = 1;
      out->num = dossier_arena_calloc(arena, n, sizeof *out->num);
      out->den = dossier_arena_calloc(arena, n, sizeof *out->den);
      if (!out->num || !out->den) return -1;
      for (size_t i = 0; i < n; i++) {
        size_t j = 0;
        while (ind->denominator.years[j] != s->years[i]) j++;
        out->num[i] = s->values[i];
        out->den[i] = ind->denominator.values[j];
        out->values[i] = dossier_q_div(dossier_q_mul(out->num[i], dossier_exact_int(100), &overflow),
                                       out->den[i], &overflow);
      }
    }
  }
  if (dossier_resolve_term(out) != 0) overflow = 1;
  return overflow ? -2 : 0;
}

int dossier_resolve_term(dossier_resolved *r) {
  r->has_term = 0;
  r->has_pooled = 0;
  if (r->has_value) {
    r->has_term = 1;
    r->term = r->value;
    r->basis = "value";
    return 0;
  }
  if (r->n == 0) return 0;
  int overflow = 0;
  dossier_exact sum = dossier_exact_int(0);
  for (size_t i = 0; i < r->n; i++) sum = dossier_q_add(sum, r->values[i], &overflow);
  r->has_term = 1;
  switch (r->kind) {
  case DOSSIER_KIND_COUNT:
    r->term = sum;
    r->basis = "sum";
    break;
  case DOSSIER_KIND_LEVEL:
    r->term = r->values[r->n - 1];
    r->basis = "last";
    break;
  case DOSSIER_KIND_RATE:
    /* "bình quân hằng năm": the mean of the yearly rates; pooled beside it */
    r->term = dossier_q_div(sum, dossier_exact_int((long long)r->n), &overflow);
    r->basis = "mean";
    break;
  }
  if (r->has_ratio) {
    dossier_exact num = dossier_exact_int(0), den = dossier_exact_int(0);
    for (size_t i = 0; i < r->n; i++) {
      num = dossier_q_add(num, r->num[i], &overflow);
      den = dossier_q_add(den, r->den[i], &overflow);
    }
    r->has_pooled = dossier_exact_sign(den) > 0;
    if (r->has_pooled)
      r->pooled = dossier_q_div(dossier_q_mul(num, dossier_exact_int(100), &overflow), den,
                                &overflow);
  }
  return overflow ? -2 : 0;
}
