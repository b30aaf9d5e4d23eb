/* extras.h: the figures of the dataset extensions beyond indicators —
 * quality ratings (ratings.c) and membership change, Biểu 1 (membership.c).
 * Both were validated when the dataset was loaded. Internal to stats/. */
#ifndef DOSSIER_EXTRAS_H
#define DOSSIER_EXTRAS_H

#include "stats/jsonout.h"
#include "stats/model.h"

/* Adds root.ratings = { "organizations": null | {years: {...}}, "members": ... }. */
void dossier_ratings_node(dossier_jsonout *out, cJSON *root, const dossier_dataset *ds);

/* Adds root.membership = null | { years: {...}, term: {...} }. */
void dossier_membership_node(dossier_jsonout *out, cJSON *root, const dossier_dataset *ds);

/* The label a report prints for rating `level` (0 excellent .. 3 failed) of
 * organisations (`members` 0) or members (1) in `year`. Organisations used the
 * scale "Trong sạch vững mạnh … Yếu kém" before 2018. */
const char *dossier_rating_label(int members, int year, int level);

#endif
