/* rollup.c: a committee's figures from its units, and the check that a
 * declared committee figure agrees with them (DOMAIN.md: "a declared total that
 * disagrees with its parts is an error to report, not to hide"). */
#include <string.h>

#include "stats/resolve.h"

/* Rates are written with one decimal: a declared rate within half of that,
 * 0,05 points, of the units' pooled rate agrees with it. Counts must agree
 * exactly. Both compared exactly. */
static int same(dossier_exact a, dossier_exact b, dossier_kind kind) {
  if (kind != DOSSIER_KIND_RATE) return dossier_exact_cmp(a, b) == 0;
  dossier_exact diff;
  const dossier_exact tolerance = {1, 20, NULL}; /* 0,05 */
  return dossier_exact_sub(&diff, a, b) == 0 &&
         dossier_exact_cmp(dossier_exact_abs(diff), tolerance) <= 0;
}

static const char *form_name(dossier_source source) {
  switch (source) {
  case DOSSIER_SOURCE_SERIES: return "a series";
  case DOSSIER_SOURCE_RATIO: return "numerator and denominator";
  case DOSSIER_SOURCE_VALUE: return "a single value";
  case DOSSIER_SOURCE_NONE: break;
  }
  return "nothing";
}

typedef struct {
  const dossier_unit *unit;
  const dossier_indicator *ind;
} unit_indicator;

static size_t year_index(const dossier_series *s, int year) {
  size_t i = 0;
  while (i < s->count && s->years[i] != year) i++;
  return i;
}

/* Sums the units' yearly numbers into *d. Every unit that reports the
 * indicator must report every year some unit reports: a missing unit would
 * make a committee total silently too small. */
static dossier_status derive_years(dossier_resolved *d, const unit_indicator *list, size_t m,
                                   dossier_source form, const dossier_indicator *ind,
                                   dossier_arena *arena, dossier_diag *diag) {
  size_t cap = 0;
  for (size_t k = 0; k < m; k++)
    cap += form == DOSSIER_SOURCE_RATIO ? list[k].ind->numerator.count : list[k].ind->series.count;
  int *years = dossier_arena_calloc(arena, cap, sizeof *years);
  if (!years) return dossier_diag_nomem(diag);
  size_t n = 0;
  for (size_t k = 0; k < m; k++) {
    const dossier_series *s =
        form == DOSSIER_SOURCE_RATIO ? &list[k].ind->numerator : &list[k].ind->series;
    for (size_t i = 0; i < s->count; i++) {
      size_t at = 0;
      while (at < n && years[at] < s->years[i]) at++;
      if (at < n && years[at] == s->years[i]) continue;
      memmove(years + at + 1, years + at, (n - at) * sizeof *years);
      years[at] = s->years[i];
      n++;
    }
  }
  d->years = years;
  d->n = n;
  d->values = dossier_arena_calloc(arena, n, sizeof *d->values);
  if (form == DOSSIER_SOURCE_RATIO) {
    d->has_ratio = 1;
    d->num = dossier_arena_calloc(arena, n, sizeof *d->num);
    d->den = dossier_arena_calloc(arena, n, sizeof *d->den);
    if (!d->num || !d->den)
      return dossier_diag_nomem(diag);
  }
  if (!d->values) return dossier_diag_nomem(diag);
  dossier_status status = DOSSIER_OK;
  int overflow = 0;
  for (size_t i = 0; i < n; i++) {
    d->values[i] = dossier_exact_int(0);
    if (d->has_ratio) d->num[i] = d->den[i] = dossier_exact_int(0);
  }
  for (size_t k = 0; k < m; k++) {
    const dossier_indicator *u = list[k].ind;
    const dossier_series *s = form == DOSSIER_SOURCE_RATIO ? &u->numerator : &u->series;
    for (size_t i = 0; i < n; i++) {
      size_t at = year_index(s, years[i]);
      if (at == s->count) {
        status = dossier_place_error(
            diag, DOSSIER_ERR_DATA, &u->place,
            "indicator \"%s\": unit \"%s\" has no value for %d while other units do, so the "
            "committee's %d total would be incomplete",
            ind->id, list[k].unit->name, years[i], years[i]);
        continue;
      }
      if (form == DOSSIER_SOURCE_RATIO) {
        d->num[i] = dossier_q_add(d->num[i], s->values[at], &overflow);
        d->den[i] = dossier_q_add(
            d->den[i], u->denominator.values[year_index(&u->denominator, years[i])], &overflow);
      } else {
        d->values[i] = dossier_q_add(d->values[i], s->values[at], &overflow);
      }
    }
  }
  if (form == DOSSIER_SOURCE_RATIO)
    for (size_t i = 0; i < n; i++)
      d->values[i] = dossier_q_div(dossier_q_mul(d->num[i], dossier_exact_int(100), &overflow),
                                   d->den[i], &overflow);
  if (overflow)
    return dossier_diag_nomem(diag); /* exact arithmetic fails only so */
  return status;
}

static const dossier_series *own_series(const dossier_indicator *ind) {
  return ind->source == DOSSIER_SOURCE_RATIO ? &ind->numerator : &ind->series;
}

/* A derived figure for a message: a pooled rate rounded as printed
 * (93.15068… as 93.1507), a sum exactly. */
static const char *figure_text(dossier_exact a, char *buf) {
  if (dossier_exact_decimal_places(a) < 0) {
    dossier_exact_round(a, 4, buf, DOSSIER_EXACT_TEXT);
    return buf;
  }
  return dossier_exact_cstr(a, buf);
}

/* Compares the committee's declared numbers with the units' (derived) ones. */
static dossier_status compare(const dossier_resolved *own, const dossier_resolved *d,
                              const dossier_indicator *ind, size_t m, dossier_diag *diag) {
  dossier_status status = DOSSIER_OK;
  const char *what = ind->kind == DOSSIER_KIND_RATE ? "the pooled rate of" : "the sum of";
  char a[DOSSIER_EXACT_TEXT], b[DOSSIER_EXACT_TEXT];
  if (own->n > 0 && d->n > 0) {
    const dossier_series *s = own_series(ind);
    for (size_t i = 0; i < own->n; i++) {
      size_t j = 0;
      while (j < d->n && d->years[j] != own->years[i]) j++;
      if (j == d->n) continue; /* the units say nothing about this year */
      int year = own->years[i];
      if (own->has_ratio && d->has_ratio) {
        const dossier_place *dp =
            &ind->denominator.places[year_index(&ind->denominator, year)];
        if (!same(own->num[i], d->num[j], DOSSIER_KIND_COUNT))
          status = dossier_place_error(
              diag, DOSSIER_ERR_DATA, &s->places[i],
              "indicator \"%s\", year %d: the committee declares numerator %s but its %zu "
              "units sum to %s",
              ind->id, year, dossier_exact_cstr(own->num[i], a), m,
              dossier_exact_cstr(d->num[j], b));
        if (!same(own->den[i], d->den[j], DOSSIER_KIND_COUNT))
          status = dossier_place_error(
              diag, DOSSIER_ERR_DATA, dp,
              "indicator \"%s\", year %d: the committee declares denominator %s but its %zu "
              "units sum to %s",
              ind->id, year, dossier_exact_cstr(own->den[i], a), m,
              dossier_exact_cstr(d->den[j], b));
      } else if (!same(own->values[i], d->values[j], ind->kind)) {
        status = dossier_place_error(
            diag, DOSSIER_ERR_DATA, &s->places[i],
            "indicator \"%s\", year %d: the committee declares %s but %s its %zu units is %s",
            ind->id, year, dossier_exact_cstr(own->values[i], a), what, m,
            figure_text(d->values[j], b));
      }
    }
    return status;
  }
  if (own->has_term && d->has_term && !same(own->term, d->term, ind->kind)) {
    const dossier_place *p = ind->source == DOSSIER_SOURCE_VALUE ? &ind->value_place : &ind->place;
    status = dossier_place_error(
        diag, DOSSIER_ERR_DATA, p,
        "indicator \"%s\", term %s: the committee declares %s but %s its %zu units is %s",
        ind->id, own->has_value ? "figure" : "total", dossier_exact_cstr(own->term, a), what, m,
        figure_text(d->term, b));
  }
  return status;
}

dossier_status dossier_rollup_resolve(dossier_resolved *out, const dossier_dataset *ds,
                                      const dossier_indicator *ind, dossier_arena *arena,
                                      dossier_diag *diag) {
  int own = dossier_resolve_own(out, ind, arena);
  if (own == -1) return dossier_diag_nomem(diag);
  if (own == -2)
    return dossier_diag_nomem(diag); /* exact arithmetic fails only so */
  unit_indicator *list = dossier_arena_calloc(arena, ds->unit_count, sizeof *list);
  if (!list) return dossier_diag_nomem(diag);
  size_t m = 0;
  for (size_t k = 0; k < ds->unit_count; k++) {
    const dossier_unit *u = &ds->units[k];
    const dossier_indicator *ui = dossier_model_find(u->indicators, u->indicator_count, ind->id);
    if (ui && ui->source != DOSSIER_SOURCE_NONE) list[m++] = (unit_indicator){u, ui};
  }
  if (m == 0) {
    if (ind->source == DOSSIER_SOURCE_NONE)
      return dossier_place_error(diag, DOSSIER_ERR_DATA, &ind->place,
                                 "indicator \"%s\" has no \"series\", \"value\" or "
                                 "\"numerator\", and no unit reports it",
                                 ind->id);
    return DOSSIER_OK;
  }
  if (m < ds->unit_count) {
    /* a committee total from some of its units would be silently too small;
     * a declared total cannot be checked against them either */
    if (ind->source != DOSSIER_SOURCE_NONE) return DOSSIER_OK;
    size_t first = 0;
    while (first < ds->unit_count &&
           dossier_model_find(ds->units[first].indicators, ds->units[first].indicator_count,
                              ind->id) &&
           dossier_model_find(ds->units[first].indicators, ds->units[first].indicator_count,
                              ind->id)->source != DOSSIER_SOURCE_NONE)
      first++;
    return dossier_place_error(
        diag, DOSSIER_ERR_DATA, &ind->place,
        "indicator \"%s\" is derived from the units, but %zu of %zu units do not report it "
        "(the first is \"%s\"): give their numbers, 0 if none, or the committee's own",
        ind->id, ds->unit_count - m, ds->unit_count,
        first < ds->unit_count ? ds->units[first].name : "?");
  }
  dossier_source form = list[0].ind->source;
  for (size_t k = 1; k < m; k++)
    if (list[k].ind->source != form)
      return dossier_place_error(
          diag, DOSSIER_ERR_DATA, &list[k].ind->place,
          "indicator \"%s\": unit \"%s\" gives %s but unit \"%s\" gives %s; the committee "
          "figure cannot be derived from different forms",
          ind->id, list[k].unit->name, form_name(list[k].ind->source), list[0].unit->name,
          form_name(form));
  if (ind->kind == DOSSIER_KIND_RATE && form != DOSSIER_SOURCE_RATIO) {
    /* an unweighted mean of the units' rates would be a wrong committee rate */
    if (ind->source == DOSSIER_SOURCE_NONE)
      return dossier_place_error(diag, DOSSIER_ERR_DATA, &ind->place,
                                 "indicator \"%s\": a committee rate can be derived only from "
                                 "its units' \"numerator\" and \"denominator\"",
                                 ind->id);
    return DOSSIER_OK;
  }
  dossier_resolved d;
  memset(&d, 0, sizeof d);
  d.def = ind;
  d.kind = ind->kind;
  d.from_units = 1;
  d.basis = "value";
  if (form == DOSSIER_SOURCE_VALUE) {
    d.has_value = 1;
    int overflow = 0;
    d.value = dossier_exact_int(0);
    for (size_t k = 0; k < m; k++) d.value = dossier_q_add(d.value, list[k].ind->value, &overflow);
    if (overflow)
      return dossier_diag_nomem(diag); /* exact arithmetic fails only so */
  } else {
    dossier_status status = derive_years(&d, list, m, form, ind, arena, diag);
    if (status != DOSSIER_OK) return status;
  }
  if (dossier_resolve_term(&d) != 0)
    return dossier_diag_nomem(diag); /* exact arithmetic fails only so */
  if (ind->source == DOSSIER_SOURCE_NONE) {
    *out = d;
    return DOSSIER_OK;
  }
  return compare(out, &d, ind, m, diag);
}
