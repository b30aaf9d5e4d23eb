#include "target.h"

#include <math.h>

void dossier_target_evaluate(dossier_target_result *out, double actual, double target,
                             int is_rate, int at_most) {
  out->has_attainment = target != 0;
  out->attainment_pct = target != 0 ? actual / target * 100.0 : 0.0;
  out->margin_in_points = is_rate;
  if (is_rate) {
    out->has_margin = 1;
    out->margin = actual - target;
  } else {
    out->has_margin = target != 0;
    out->margin = target != 0 ? (actual / target - 1.0) * 100.0 : 0.0;
  }
  double tolerance = 1e-9 * fmax(1.0, fabs(target));
  out->met = at_most ? actual <= target + tolerance : actual >= target - tolerance;
}
