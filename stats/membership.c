/* membership.c: the membership change table (Biểu 1). The balance
 * start + admitted + transferred in + reinstated − died − expelled − struck off
 * − resigned − transferred out = end was checked at load, so every year here
 * balances; the figures add the gains, losses and term totals a report cites. */
#include "stats/extras.h"

enum { START = 0, FIRST_GAIN = 1, FIRST_LOSS = 4, END = 9 };

void dossier_membership_node(dossier_jsonout *out, cJSON *root, const dossier_dataset *ds) {
  if (ds->membership_count == 0) {
    dossier_jsonout_null(out, root, "membership");
    return;
  }
  cJSON *node = dossier_jsonout_object(out, root, "membership");
  cJSON *years = dossier_jsonout_object(out, node, "years");
  double totals[DOSSIER_MEMBERSHIP_FIELDS] = {0};
  for (size_t i = 0; i < ds->membership_count; i++) {
    const dossier_membership_year *row = &ds->membership[i];
    cJSON *y = dossier_jsonout_year_object(out, years, row->year);
    double gained = 0, lost = 0;
    for (int k = 0; k < DOSSIER_MEMBERSHIP_FIELDS; k++) {
      dossier_jsonout_number(out, y, dossier_membership_field_names[k], 1, row->fields[k]);
      totals[k] += row->fields[k];
      if (k >= FIRST_GAIN && k < FIRST_LOSS) gained += row->fields[k];
      if (k >= FIRST_LOSS && k < END) lost += row->fields[k];
    }
    dossier_jsonout_number(out, y, "gained", 1, gained);
    dossier_jsonout_number(out, y, "lost", 1, lost);
    dossier_jsonout_number(out, y, "net", 1, gained - lost);
    dossier_jsonout_bool(out, y, "balanced", 1);
  }
  const dossier_membership_year *first = &ds->membership[0];
  const dossier_membership_year *last = &ds->membership[ds->membership_count - 1];
  cJSON *term = dossier_jsonout_object(out, node, "term");
  dossier_jsonout_number(out, term, "first_year", 1, first->year);
  dossier_jsonout_number(out, term, "last_year", 1, last->year);
  double gained = 0, lost = 0;
  for (int k = 0; k < DOSSIER_MEMBERSHIP_FIELDS; k++) {
    double v = k == START ? first->fields[START] : k == END ? last->fields[END] : totals[k];
    dossier_jsonout_number(out, term, dossier_membership_field_names[k], 1, v);
    if (k >= FIRST_GAIN && k < FIRST_LOSS) gained += v;
    if (k >= FIRST_LOSS && k < END) lost += v;
  }
  dossier_jsonout_number(out, term, "gained", 1, gained);
  dossier_jsonout_number(out, term, "lost", 1, lost);
  dossier_jsonout_number(out, term, "net", 1, gained - lost);
}
