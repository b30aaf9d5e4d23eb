/* figure.c: the printed form of a figure (figure.h). */
#include "render/text/figure.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render/text/vnfmt.h"

int dossier_figure_is_rate(const char *kind, const char *unit) {
  return (kind && strcmp(kind, "rate") == 0) || (unit && strcmp(unit, "%") == 0);
}

static int whole(double v) { return fabs(v - nearbyint(v)) < 1e-9; }

int dossier_figure_decimals(const char *kind, const char *unit, double value) {
  if (dossier_figure_is_rate(kind, unit)) return 1;
  return whole(value) ? 0 : 1;
}

static void append(dossier_buf *out, const char *kind, const char *unit, double value,
                   int decimals, int with_unit) {
  char text[128];
  if (!isfinite(value) || dossier_vnfmt_number(text, sizeof text, value, decimals) < 0) {
    dossier_buf_adds(out, DOSSIER_FIGURE_NONE);
    return;
  }
  dossier_buf_adds(out, text);
  if (!with_unit) return;
  if (dossier_figure_is_rate(kind, unit)) dossier_buf_adds(out, "%");
  else if (unit && *unit) dossier_buf_addf(out, " %s", unit);
}

void dossier_figure_format(dossier_buf *out, const char *kind, const char *unit, double value,
                           int with_unit) {
  append(out, kind, unit, value, dossier_figure_decimals(kind, unit, value), with_unit);
}

void dossier_figure_format_places(dossier_buf *out, const char *kind, const char *unit,
                                  double value, int decimals, int with_unit) {
  append(out, kind, unit, value, decimals, with_unit);
}

/* The decimals `value` was written with: the fewest (at most 6) that give it
 * back at 15 significant digits. */
static int own_decimals(double value) {
  for (int d = 0; d < 6; d++) {
    char a[64], b[64];
    snprintf(a, sizeof a, "%.*f", d, value);
    snprintf(b, sizeof b, "%.15g", value);
    double back = 0, exact = 0;
    if (sscanf(a, "%lf", &back) == 1 && sscanf(b, "%lf", &exact) == 1 &&
        fabs(back - exact) <= fabs(exact) * 1e-15)
      return d;
  }
  return 6;
}

void dossier_figure_format_target(dossier_buf *out, const char *kind, const char *unit,
                                  double value, int with_unit) {
  append(out, kind, unit, value, isfinite(value) ? own_decimals(value) : 0, with_unit);
}
