#include "stats/target.h"

#include <math.h>

double dossier_relative_pct(double value, double base) {
  /* (value − base)·100/base, not (value/base − 1)·100: the ratio near 1 loses
   * its last digits in the subtraction (2009/2000 gave 0.44999999999999485 and
   * a report printed 0,4% for 0,45%); the difference of two whole numbers is
   * exact, so the result is the correctly rounded quotient */
  return (value - base) * 100.0 / base;
}

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
    out->margin = target != 0 ? dossier_relative_pct(actual, target) : 0.0;
  }
  double tolerance = 1e-9 * fmax(1.0, fabs(target));
  out->met = at_most ? actual <= target + tolerance : actual >= target - tolerance;
}
