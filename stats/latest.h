/* latest.h: an indicator's figures for one year — the year an annual report
 * (báo cáo tổng kết năm) is about: the year's value, its change against the
 * year before, the year's target verdict and, against a term target, the
 * progress so far (docs/figures.md, "The report year"). Internal to stats/. */
#ifndef DOSSIER_LATEST_H
#define DOSSIER_LATEST_H

#include "stats/jsonout.h"
#include "stats/resolve.h"

/* The report year the dataset asks for: document.report_year. Sets *year to
 * it (0 when the dataset does not choose one: each indicator then reports the
 * last year of its series). Returns DOSSIER_OK, or DOSSIER_ERR_DATA (message
 * in diag) when report_year is not a whole year inside the period. */
dossier_status dossier_latest_report_year(int *year, const dossier_dataset *ds,
                                          dossier_diag *diag);

/* Adds node.latest for the yearly values of `r` at `report_year` (0: the
 * last year of the series), with `spec` the target that applies to r (may be
 * NULL). A single value without years is the value of `value_year` (non-zero
 * only for a one-year period); else latest is null when r has no years. Never
 * fails; out->failed on memory shortage. */
void dossier_latest_node(dossier_jsonout *out, cJSON *node, const dossier_resolved *r,
                         const dossier_target_spec *spec, int report_year, int value_year);

#endif
