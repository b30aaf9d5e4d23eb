/* ratings.c: the yearly quality rating of organisations and members.
 * Since 2018 (Quy định 132-QĐ/TW) both are rated on one four-level scale; before
 * it organisations were rated "Trong sạch vững mạnh / … / Yếu kém". A 2015–2020
 * term spans both, so each year carries its own scale. */
#include "stats/extras.h"

enum { FIRST_YEAR_OF_2018_SCALE = 2018 };

static const char *const labels_2018[DOSSIER_RATING_LEVELS] = {
    "Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ",
    "Không hoàn thành nhiệm vụ"};
static const char *const labels_pre2018[DOSSIER_RATING_LEVELS] = {
    "Trong sạch vững mạnh", "Hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ", "Yếu kém"};

const char *dossier_rating_label(int members, int year, int level) {
  if (level < 0 || level >= DOSSIER_RATING_LEVELS) return "";
  if (!members && year < FIRST_YEAR_OF_2018_SCALE) return labels_pre2018[level];
  return labels_2018[level];
}

/* count·100/total, exactly (counts are whole numbers); 0 when total is 0. */
static dossier_exact share(double count, double total, int *overflow) {
  if (total <= 0) return dossier_exact_int(0);
  return dossier_q_div(dossier_exact_int((long long)count * 100), dossier_exact_int((long long)total),
                       overflow);
}

static void table_node(dossier_jsonout *out, cJSON *parent, const char *key,
                       const dossier_rating_table *table, int members) {
  if (!table->present) {
    dossier_jsonout_null(out, parent, key);
    return;
  }
  cJSON *node = dossier_jsonout_object(out, parent, key);
  cJSON *years = dossier_jsonout_object(out, node, "years");
  for (size_t i = 0; i < table->count; i++) {
    const dossier_rating_year *row = &table->years[i];
    double total = 0;
    for (int k = 0; k < DOSSIER_RATING_LEVELS; k++) total += row->counts[k];
    cJSON *y = dossier_jsonout_year_object(out, years, row->year);
    dossier_jsonout_string(out, y, "scale",
                           !members && row->year < FIRST_YEAR_OF_2018_SCALE ? "pre2018" : "2018");
    dossier_jsonout_number(out, y, "total", 1, total);
    cJSON *levels = dossier_jsonout_array(out, y, "levels");
    for (int k = 0; k < DOSSIER_RATING_LEVELS; k++) {
      cJSON *l = dossier_jsonout_object(out, levels, NULL);
      dossier_jsonout_string(out, l, "key", dossier_rating_keys[k]);
      dossier_jsonout_string(out, l, "label", dossier_rating_label(members, row->year, k));
      dossier_jsonout_number(out, l, "count", 1, row->counts[k]);
      dossier_jsonout_exact(out, l, "pct", total > 0, share(row->counts[k], total, &out->overflow));
    }
    /* "hoàn thành tốt nhiệm vụ trở lên": the two upper levels together */
    double good = row->counts[0] + row->counts[1];
    dossier_jsonout_number(out, y, "good_or_better", 1, good);
    dossier_jsonout_exact(out, y, "good_or_better_pct", total > 0, share(good, total, &out->overflow));
  }
}

void dossier_ratings_node(dossier_jsonout *out, cJSON *root, const dossier_dataset *ds) {
  if (!ds->organizations.present && !ds->members.present) {
    dossier_jsonout_null(out, root, "ratings");
    return;
  }
  cJSON *node = dossier_jsonout_object(out, root, "ratings");
  table_node(out, node, "organizations", &ds->organizations, 0);
  table_node(out, node, "members", &ds->members, 1);
}
