/* test_phrase: the target, change and fraction sentences (render/text/phrase.h)
 * of figures the library computes from datasets — the verdict decided once
 * in stats/, the numbers exact and rounded once (docs/figures.md, the ten
 * rules). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "render/text/phrase.h"
#include "support.h"

/* A dataset of one indicator "x" (the JSON of its body, without braces), for
 * the period 2015 - 2020 unless `period` says otherwise. */
static cJSON *figures_of_indicator(const char *body, const char *period) {
  char *text = NULL;
  if (asprintf(&text,
               "{\"format\":\"dossier-dataset/1\",\"organization\":{\"name\":\"Chi bộ A\"},"
               "\"period\":%s,\"indicators\":{\"x\":{\"label\":\"X\",%s}}}",
               period ? period : "{\"from\":2015,\"to\":2020}", body) < 0)
    return NULL;
  cJSON *f = support_figures_of_json("x.json", text, NULL);
  free(text);
  return f;
}

static char out[512];

/* The target sentence of indicator x of the dataset, "(none)" when there is
 * none, "(no figures)" when the dataset is refused. */
static const char *sentence(const char *body) {
  cJSON *f = figures_of_indicator(body, NULL);
  if (!f) return "(no figures)";
  dossier_buf b = DOSSIER_BUF_INIT;
  int made = dossier_phrase_target(&b, support_at(f, "indicators.x"));
  snprintf(out, sizeof out, "%s", made ? dossier_buf_str(&b) : "(none)");
  dossier_buf_free(&b);
  cJSON_Delete(f);
  return out;
}

/* The change sentence of indicator x (its first to last year). */
static const char *change(const char *body, const char *period) {
  cJSON *f = figures_of_indicator(body, period);
  if (!f) return "(no figures)";
  const cJSON *x = support_at(f, "indicators.x");
  dossier_buf b = DOSSIER_BUF_INIT;
  dossier_phrase_change(&b, cJSON_GetObjectItemCaseSensitive(x, "change"), x);
  snprintf(out, sizeof out, "%s", dossier_buf_str(&b));
  dossier_buf_free(&b);
  cJSON_Delete(f);
  return out;
}

#define RATE "\"unit\":\"%\",\"kind\":\"rate\","
#define COUNT "\"unit\":\"đảng viên\",\"kind\":\"count\","
#define YEARS5(a, b, c, d, e) \
  "\"series\":{\"2016\":" #a ",\"2017\":" #b ",\"2018\":" #c ",\"2019\":" #d ",\"2020\":" #e "}"

TEST(count_above_target_says_vuot_percent) {
  CHECK_STR(sentence(COUNT YEARS5(182, 195, 204, 199, 197) ",\"target\":{\"value\":750,\"scope\":\"term\"}"),
            "vượt 30,3% so với chỉ tiêu");
}

TEST(rate_against_a_rate_target_is_in_percentage_points) {
  CHECK_STR(sentence(RATE YEARS5(98.5, 98.5, 98.6, 98.9, 99) ",\"target\":{\"value\":80,\"scope\":\"term\"}"),
            "cao hơn chỉ tiêu 18,7 điểm phần trăm");
  CHECK_STR(sentence(RATE YEARS5(77.5, 77.5, 77.5, 77.5, 77.5) ",\"target\":{\"value\":80,\"scope\":\"term\"}"),
            "thấp hơn chỉ tiêu 2,5 điểm phần trăm");
}

/* issue: 87,35 − 85 is 2,3499999999999943 in binary and printed 2,3 */
TEST(a_margin_is_formed_exactly_then_rounded_once) {
  CHECK_STR(sentence(RATE YEARS5(87.3, 87.4, 87.35, 87.35, 87.35) ",\"target\":{\"value\":85,\"scope\":\"term\"}"),
            "cao hơn chỉ tiêu 2,4 điểm phần trăm");
  /* 90,05 against 90: 0,1 points, not "đạt chỉ tiêu" */
  CHECK_STR(sentence(RATE YEARS5(90.05, 90.05, 90.05, 90.05, 90.05) ",\"target\":{\"value\":90,\"scope\":\"term\"}"),
            "cao hơn chỉ tiêu 0,1 điểm phần trăm");
  /* 2,05 against at most 2: 0,1 points over, not "chưa đến 0,1" */
  CHECK_STR(sentence(RATE YEARS5(2.05, 2.05, 2.05, 2.05, 2.05)
                     ",\"target\":{\"value\":2,\"scope\":\"term\",\"direction\":\"at_most\"}"),
            "chưa đạt chỉ tiêu (vượt mức tối đa 0,1 điểm phần trăm)");
  /* 2009 against 2000: 0,45% → 0,5% */
  CHECK_STR(sentence(COUNT "\"value\":2009,\"target\":{\"value\":2000,\"scope\":\"term\"}"),
            "vượt 0,5% so với chỉ tiêu");
}

/* issue: a mean exactly 95 in decimal was met in the figures and missed in the PDF */
TEST(a_mean_exactly_on_target_is_met_everywhere) {
  cJSON *f = figures_of_indicator(RATE YEARS5(94.5, 94.5, 95.2, 95.1, 95.7)
                                  ",\"target\":{\"value\":95,\"scope\":\"term\"}", NULL);
  CHECK(cJSON_IsTrue(support_at(f, "indicators.x.target.met")));
  dossier_buf b = DOSSIER_BUF_INIT;
  dossier_phrase_target(&b, support_at(f, "indicators.x"));
  CHECK_STR(dossier_buf_str(&b), "đạt chỉ tiêu");
  dossier_buf_free(&b);
  cJSON_Delete(f);
}

TEST(a_margin_that_is_not_zero_never_prints_as_zero) {
  CHECK_STR(sentence(RATE YEARS5(90.04, 90.04, 90.04, 90.04, 90.04) ",\"target\":{\"value\":90,\"scope\":\"term\"}"),
            "cao hơn chỉ tiêu 0,04 điểm phần trăm");
  CHECK_STR(sentence(RATE YEARS5(79.98, 79.98, 79.98, 79.98, 79.98) ",\"target\":{\"value\":80,\"scope\":\"term\"}"),
            "thấp hơn chỉ tiêu 0,02 điểm phần trăm");
  /* 20001 against 20000: 0,005% → 0,01%; 200001 against 200000: 0,0005% → 0,001% */
  CHECK_STR(sentence(COUNT "\"value\":20001,\"target\":{\"value\":20000,\"scope\":\"term\"}"),
            "vượt 0,01% so với chỉ tiêu");
  CHECK_STR(sentence(COUNT "\"value\":200001,\"target\":{\"value\":200000,\"scope\":\"term\"}"),
            "vượt 0,001% so với chỉ tiêu");
}

TEST(a_missed_attainment_never_prints_as_100) {
  CHECK_STR(sentence(COUNT "\"value\":1999,\"target\":{\"value\":2000,\"scope\":\"term\"}"),
            "chưa đạt chỉ tiêu (đạt 99,95%)");
  CHECK_STR(sentence(COUNT "\"value\":706,\"target\":{\"value\":750,\"scope\":\"term\"}"),
            "chưa đạt chỉ tiêu (đạt 94,1%)");
}

TEST(exactly_on_target_is_met_for_every_kind_and_direction) {
  CHECK_STR(sentence(COUNT "\"value\":750,\"target\":{\"value\":750,\"scope\":\"term\"}"), "đạt chỉ tiêu");
  CHECK_STR(sentence("\"kind\":\"level\",\"value\":20,"
                     "\"target\":{\"value\":20,\"scope\":\"term\",\"direction\":\"at_most\"}"),
            "đạt chỉ tiêu");
}

TEST(at_most_targets_give_the_room_left_or_the_excess) {
  CHECK_STR(sentence(RATE YEARS5(1.3, 1.3, 1.3, 1.3, 1.3)
                     ",\"target\":{\"value\":1,\"scope\":\"term\",\"direction\":\"at_most\"}"),
            "chưa đạt chỉ tiêu (vượt mức tối đa 0,3 điểm phần trăm)");
  CHECK_STR(sentence(RATE YEARS5(0.7, 0.7, 0.7, 0.7, 0.7)
                     ",\"target\":{\"value\":1,\"scope\":\"term\",\"direction\":\"at_most\"}"),
            "đạt chỉ tiêu (thấp hơn mức tối đa 0,3 điểm phần trăm)");
  CHECK_STR(sentence("\"kind\":\"level\",\"value\":22,"
                     "\"target\":{\"value\":20,\"scope\":\"term\",\"direction\":\"at_most\"}"),
            "chưa đạt chỉ tiêu (vượt mức tối đa 10,0%)");
  CHECK_STR(sentence(COUNT "\"value\":1991,"
                     "\"target\":{\"value\":2000,\"scope\":\"term\",\"direction\":\"at_most\"}"),
            "đạt chỉ tiêu (thấp hơn mức tối đa 0,5%)");
  /* against a zero limit there is no relative margin: the excess itself */
  CHECK_STR(sentence("\"unit\":\"vụ\",\"kind\":\"count\",\"value\":3,"
                     "\"target\":{\"value\":0,\"scope\":\"term\",\"direction\":\"at_most\"}"),
            "chưa đạt chỉ tiêu (vượt mức tối đa 3)");
}

TEST(yearly_targets_are_judged_every_year) {
  /* the mean meets 80, but 2018 does not */
  CHECK_STR(sentence(RATE YEARS5(85, 90, 78, 86, 86) ",\"target\":{\"value\":80,\"scope\":\"year\"}"),
            "chưa đạt chỉ tiêu (đạt trong 4/5 năm)");
  /* a count under a yearly limit is judged year by year, never on its sum */
  CHECK_STR(sentence("\"unit\":\"vụ\",\"kind\":\"count\",\"series\":{\"2019\":6,\"2020\":7},"
                     "\"target\":{\"value\":10,\"scope\":\"year\",\"direction\":\"at_most\"}"),
            "chưa đủ số liệu để đánh giá"); /* 2016-2018 missing: no verdict */
  CHECK_STR(sentence("\"unit\":\"vụ\",\"kind\":\"count\"," YEARS5(6, 7, 5, 4, 9)
                     ",\"target\":{\"value\":10,\"scope\":\"year\",\"direction\":\"at_most\"}"),
            "đạt chỉ tiêu");
  CHECK_STR(sentence(COUNT YEARS5(200, 190, 191, 150, 180) ",\"target\":{\"value\":190,\"scope\":\"year\"}"),
            "chưa đạt chỉ tiêu (đạt trong 3/5 năm)");
}

TEST(a_count_missing_years_gets_no_verdict_unless_a_year_it_has_missed) {
  CHECK_STR(sentence(COUNT "\"series\":{\"2016\":182,\"2017\":195,\"2020\":197},"
                     "\"target\":{\"value\":750,\"scope\":\"term\"}"),
            "chưa đủ số liệu để đánh giá");
  CHECK_STR(sentence(COUNT "\"series\":{\"2016\":200,\"2017\":150,\"2020\":197},"
                     "\"target\":{\"value\":190,\"scope\":\"year\"}"),
            "chưa đạt chỉ tiêu (đạt trong 2/3 năm)");
}

TEST(no_target_gives_no_sentence) {
  CHECK_STR(sentence(COUNT "\"value\":977"), "(none)");
}

/* issue: 86,2 → 88,05 printed "tăng 1,8"; 99,9 → 99,95 printed "0,05" */
TEST(a_change_is_formed_exactly_then_rounded_once) {
  const char *period = "{\"from\":2018,\"to\":2020}";
  CHECK_STR(change(RATE "\"series\":{\"2019\":86.2,\"2020\":88.05}", period),
            "tăng 1,9 điểm phần trăm so với năm 2019");
  CHECK_STR(change(RATE "\"series\":{\"2019\":99.9,\"2020\":99.95}", period),
            "tăng 0,1 điểm phần trăm so với năm 2019");
  CHECK_STR(change(RATE "\"series\":{\"2019\":99.9,\"2020\":99.903}", period),
            "tăng 0,003 điểm phần trăm so với năm 2019");
  CHECK_STR(change(COUNT "\"series\":{\"2019\":2000,\"2020\":2009}", period),
            "tăng 0,5% so với năm 2019");
  CHECK_STR(change(COUNT "\"series\":{\"2019\":200,\"2020\":200}", period),
            "không thay đổi so với năm 2019");
  CHECK_STR(change(COUNT "\"series\":{\"2019\":0,\"2020\":12}", period),
            "tăng 12 đảng viên so với năm 2019"); /* no relative change from zero */
}

TEST(a_fraction_short_of_its_whole_never_prints_100) {
  cJSON *n = cJSON_CreateNumber(1999), *d = cJSON_CreateNumber(2000);
  dossier_buf b = DOSSIER_BUF_INIT;
  dossier_phrase_fraction(&b, n, d, "đảng viên");
  CHECK_STR(dossier_buf_str(&b), "1.999/2.000 đảng viên (99,95%)");
  dossier_buf_free(&b);
  cJSON_SetNumberValue(n, 68);
  cJSON_SetNumberValue(d, 73);
  dossier_phrase_fraction(&b, n, d, "cơ sở");
  CHECK_STR(dossier_buf_str(&b), "68/73 cơ sở (93,2%)");
  dossier_buf_free(&b);
  cJSON_Delete(n);
  cJSON_Delete(d);
}
