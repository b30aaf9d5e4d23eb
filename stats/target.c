/* target.c: a figure against its target (target.h). */
#include "stats/target.h"

dossier_exact dossier_relative_pct(dossier_exact value, dossier_exact base, int *overflow) {
  dossier_exact diff = dossier_q_sub(value, base, overflow);
  return dossier_q_div(dossier_q_mul(diff, dossier_exact_int(100), overflow), base, overflow);
}

void dossier_target_evaluate(dossier_target_result *out, dossier_exact actual,
                             dossier_exact target, int is_rate, int at_most, int *overflow) {
  int zero = dossier_exact_is_zero(target);
  out->has_attainment = !zero;
  out->attainment_pct = zero ? dossier_exact_int(0)
                             : dossier_q_div(dossier_q_mul(actual, dossier_exact_int(100), overflow),
                                             target, overflow);
  out->margin_in_points = is_rate;
  if (is_rate) {
    out->has_margin = 1;
    out->margin = dossier_q_sub(actual, target, overflow);
  } else {
    out->has_margin = !zero;
    out->margin = zero ? dossier_exact_int(0) : dossier_relative_pct(actual, target, overflow);
  }
  int c = dossier_exact_cmp(actual, target);
  out->met = at_most ? c <= 0 : c >= 0;
}
