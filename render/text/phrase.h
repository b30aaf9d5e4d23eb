/* phrase.h: the required sentences of a Vietnamese report about a figure —
 * its verdict against a target, its change, a fraction — written from the
 * figures tree (docs/figures.md, the ten rules; docs/templates.md, "The
 * target sentence"). A sentence reads the verdict stats/ decided (`met`,
 * `term_met`) and the exact margins; it never compares figures itself. */
#ifndef DOSSIER_RENDER_TEXT_PHRASE_H
#define DOSSIER_RENDER_TEXT_PHRASE_H

#include <cjson/cJSON.h>

#include "base/buf.h"

/* Appends the target sentence of an indicator node (or a report year's view
 * of one: kind, unit, term, target): "vượt 30,3% so với chỉ tiêu", "đạt chỉ
 * tiêu", "chưa đạt chỉ tiêu (đạt 94,2%)", "cao hơn chỉ tiêu 18,7 điểm phần
 * trăm", … "chưa đủ số liệu để đánh giá" when there is no verdict. Returns 1,
 * or 0 (nothing appended) when the indicator has no target or no figure. */
int dossier_phrase_target(dossier_buf *out, const cJSON *indicator);

/* Appends the change sentence of an indicator node or of its `change` node
 * ("tăng 8,0% so với năm 2016", "giảm 0,4 điểm phần trăm so với năm 2016",
 * "không thay đổi so với năm 2016"; DOSSIER_FIGURE_NONE without a change).
 * `indicator` (may be NULL) gives the kind and unit. Returns 0, or -1 when
 * `change` is no change node. */
int dossier_phrase_change(dossier_buf *out, const cJSON *change, const cJSON *indicator);

/* Appends "68/73 cơ sở (93,2%)": the counts, the word (none when NULL, "" or
 * "%") and the share, one decimal, never 100,0 % unless x = y (rule 3); no
 * share when y is 0. */
void dossier_phrase_fraction(dossier_buf *out, const cJSON *numerator, const cJSON *denominator,
                             const char *word);

#endif
