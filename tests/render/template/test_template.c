/* test_template: templates loaded and bound to figures, read back as one line
 * per block. The figures are those the library computes from
 * fixtures/hai-duong-2015-2020.json, as `dossier render` binds them; what a
 * case needs that the demo dataset lacks (units, indicators no template
 * names) is added to the dataset before the figures are computed, never
 * written into a figures tree by hand. */
#include "check.h"
#include "support.h"

#include <cjson/cJSON.h>
#include <stdio.h>

#include "stats/dataset.h"
#include "stats/figures.h"
#include "render/template/template.h"

/* ---- the figures bound ---- */

static const char demo_dataset[] = "fixtures/hai-duong-2015-2020.json";

static cJSON *figures_of_dataset(const char *path) { return support_figures_of_file(path, NULL); }

/* The figures of the Hải Dương demo, computed by the library. */
static cJSON *hai_duong(void) { return figures_of_dataset(demo_dataset); }

/* Merges `patch` into `target` as a JSON merge patch does (RFC 7386): an
 * object merges into an object, null removes the member, anything else
 * replaces it. */
static void merge_patch(cJSON *target, const cJSON *patch) {
  const cJSON *p;
  cJSON_ArrayForEach(p, patch) {
    cJSON *t = cJSON_GetObjectItemCaseSensitive(target, p->string);
    if (cJSON_IsNull(p)) cJSON_DeleteItemFromObjectCaseSensitive(target, p->string);
    else if (cJSON_IsObject(p) && cJSON_IsObject(t)) merge_patch(t, p);
    else if (t) cJSON_ReplaceItemInObjectCaseSensitive(target, p->string, cJSON_Duplicate(p, 1));
    else cJSON_AddItemToObject(target, p->string, cJSON_Duplicate(p, 1));
  }
}

/* The figures of the Hải Dương dataset with `patch` merged into it first;
 * NULL (the reason on stderr) when the patched dataset is refused. */
static cJSON *hai_duong_with(const char *patch) {
  char *text = support_read_file(demo_dataset, NULL);
  cJSON *dataset = text ? cJSON_Parse(text) : NULL, *changes = cJSON_Parse(patch);
  char *patched = NULL;
  if (dataset && changes) {
    merge_patch(dataset, changes);
    patched = cJSON_Print(dataset);
  }
  cJSON *figures = patched ? support_figures_of_json(demo_dataset, patched, NULL) : NULL;
  if (!changes) fprintf(stderr, "bad patch: %s\n", patch);
  free(patched);
  cJSON_Delete(changes);
  cJSON_Delete(dataset);
  free(text);
  return figures;
}

/* Two indicators no stock template names: a count given as one value and a
 * rate of bases given as numerator and denominator. */
static const char extra_indicators[] =
    "{\"indicators\": {\"new_thing_xyz\": {\"label\": \"Số sáng kiến được công nhận\", "
    "\"unit\": \"sáng kiến\", \"kind\": \"count\", \"value\": 3658}, \"contest_bases\": "
    "{\"label\": \"Cơ sở hưởng ứng cuộc thi\", \"unit\": \"cơ sở\", \"kind\": \"rate\", "
    "\"numerator\": {\"2020\": 68}, \"denominator\": {\"2020\": 73}}}}";

/* The demo's admissions and members split over three units that add up to
 * the committee's figures year by year (admissions 430 + 326 + 221 = 977,
 * members 2.160 + 1.740 + 1.025 = 4.925 in 2020), one unit named with the
 * characters Markdown would read, the last two below their admissions target.
 * base_organizations (68) goes: three units are not 68. */
static const char three_units[] =
    "{\"indicators\": {\"base_organizations\": null}, \"units\": ["
    "{\"name\": \"Đảng bộ Sở Tài chính\", \"type\": \"đảng bộ cơ sở\", \"indicators\": {"
    "\"admissions\": {\"series\": {\"2016\": 80, \"2017\": 85, \"2018\": 90, \"2019\": 88, "
    "\"2020\": 87}, \"target\": {\"value\": 400, \"scope\": \"term\"}}, \"members\": {\"series\": "
    "{\"2016\": 2000, \"2017\": 2040, \"2018\": 2090, \"2019\": 2130, \"2020\": 2160}}}}, "
    "{\"name\": \"Sở *Kế hoạch* | # 1\", \"type\": \"đảng bộ cơ sở\", \"indicators\": {"
    "\"admissions\": {\"series\": {\"2016\": 62, \"2017\": 65, \"2018\": 68, \"2019\": 66, "
    "\"2020\": 65}, \"target\": {\"value\": 350, \"scope\": \"term\"}}, \"members\": {\"series\": "
    "{\"2016\": 1600, \"2017\": 1640, \"2018\": 1680, \"2019\": 1710, \"2020\": 1740}}}}, "
    "{\"name\": \"Chi bộ Sở Y tế\", \"type\": \"chi bộ cơ sở\", \"indicators\": {"
    "\"admissions\": {\"series\": {\"2016\": 40, \"2017\": 45, \"2018\": 46, \"2019\": 45, "
    "\"2020\": 45}, \"target\": {\"value\": 250, \"scope\": \"term\"}}, \"members\": {\"series\": "
    "{\"2016\": 960, \"2017\": 980, \"2018\": 992, \"2019\": 1011, \"2020\": 1025}}}}]}";

static const char *kind_name(dossier_block_kind kind) {
  static const char *const names[] = {"HEADER", "TITLE", "HEADING", "PARAGRAPH", "LIST_ITEM",
                                      "TABLE", "CHART", "SIGNATURE", "APPENDIX", "PAGE_BREAK"};
  return names[kind];
}

/* One line per block, e.g. "PARAGRAPH|text", "TABLE|caption|h1;h2|c1;c2|…". */
static char *block_line(const dossier_block *b) {
  size_t cap = 1 << 16;
  char *out = malloc(cap);
  if (!out) return NULL;
  size_t k = (size_t)snprintf(out, cap, "%s", kind_name(b->kind));
#define ADD(...) k += (size_t)snprintf(out + k, k < cap ? cap - k : 0, __VA_ARGS__)
  char *plain = dossier_inline_plain(&b->text);
  switch (b->kind) {
  case DOSSIER_BLOCK_HEADING:
  case DOSSIER_BLOCK_PARAGRAPH:
  case DOSSIER_BLOCK_LIST_ITEM:
    ADD("%d|%s|%s", b->level, b->marker ? b->marker : "", plain ? plain : "");
    break;
  case DOSSIER_BLOCK_HEADER:
    ADD("|%s|%s|%s-%s/%s|%s|%d-%d-%d", b->u.header.superior, b->u.header.issuer,
        b->u.header.number, b->u.header.type, b->u.header.abbreviation, b->u.header.place,
        b->u.header.year, b->u.header.month, b->u.header.day);
    break;
  case DOSSIER_BLOCK_TITLE:
    ADD("|%s", b->u.title.title);
    for (size_t i = 0; i < b->u.title.line_count; i++) ADD("|%s", b->u.title.lines[i]);
    break;
  case DOSSIER_BLOCK_SIGNATURE:
    ADD("|%s|%s|%s", b->u.signature.capacity, b->u.signature.position, b->u.signature.name);
    for (size_t i = 0; i < b->u.signature.recipient_count; i++)
      ADD("|%s", b->u.signature.recipients[i]);
    break;
  case DOSSIER_BLOCK_CHART:
    ADD("|%s|%s|%s", b->u.chart.kind, b->u.chart.indicator ? b->u.chart.indicator : "-",
        b->u.chart.title ? b->u.chart.title : "-");
    break;
  case DOSSIER_BLOCK_APPENDIX:
    ADD("|%s|%s|%s", b->u.appendix.label, b->u.appendix.title ? b->u.appendix.title : "-",
        b->u.appendix.note);
    break;
  case DOSSIER_BLOCK_TABLE:
    ADD("|%s|", b->u.table.caption ? b->u.table.caption : "-");
    for (size_t c = 0; c < b->u.table.columns; c++) ADD("%s%s", c ? ";" : "", b->u.table.header[c]);
    for (size_t r = 0; r < b->u.table.rows; r++) {
      ADD("|");
      for (size_t c = 0; c < b->u.table.columns; c++)
        ADD("%s%s", c ? ";" : "", b->u.table.cells[r * b->u.table.columns + c]);
    }
    if (b->u.table.has_total) ADD("|total");
    break;
  default:
    break;
  }
#undef ADD
  free(plain);
  return out;
}

/* The whole doc, one block a line. */
static char *doc_text(const dossier_doc *doc) {
  size_t cap = 1, k = 0;
  char *out = calloc(1, 1);
  for (size_t i = 0; out && i < doc->count; i++) {
    char *line = block_line(&doc->blocks[i]);
    if (!line) break;
    size_t n = strlen(line);
    char *grown = realloc(out, cap + n + 1);
    if (!grown) {
      free(line);
      break;
    }
    out = grown;
    memcpy(out + k, line, n);
    k += n;
    out[k++] = '\n';
    out[k] = '\0';
    cap += n + 1;
    free(line);
  }
  return out;
}

/* Loads a template and binds it to figures; returns the doc's text or NULL,
 * with the first diagnostic in `message` (when not NULL). */
static char *render(const char *template_name, const cJSON *figures, char *message,
                    size_t size) {
  dossier_diag *diag = dossier_diag_new();
  dossier_template *tpl = NULL;
  dossier_doc *doc = NULL;
  char *text = NULL;
  if (message) message[0] = '\0';
  if (dossier_template_load(&tpl, template_name, diag) == DOSSIER_OK &&
      dossier_template_bind(&doc, tpl, figures, diag) == DOSSIER_OK)
    text = doc_text(doc);
  if (message && dossier_diag_count(diag) > 0)
    snprintf(message, size, "%s", dossier_diag_message(diag, 0));
  dossier_doc_free(doc);
  dossier_template_free(tpl);
  dossier_diag_free(diag);
  return text;
}

/* render() that asserts the template binds without a message. */
static char *render_ok(const char *template_name, const cJSON *figures) {
  char message[512];
  char *text = render(template_name, figures, message, sizeof message);
  CHECK_STR(message, "");
  return text;
}

/* Writes `source` to a scratch template file and renders it. */
static char *render_source(const char *source, const cJSON *figures, char *message, size_t size) {
  const char *path = support_scratch_file("inline.md", source);
  return path ? render(path, figures, message, size) : NULL;
}

/* render_source() that asserts the template binds without a message. */
static char *render_source_ok(const char *source, const cJSON *figures) {
  char message[512];
  char *text = render_source(source, figures, message, sizeof message);
  CHECK_STR(message, "");
  return text;
}

static int count_lines_starting(const char *text, const char *prefix) {
  int n = 0;
  size_t len = strlen(prefix);
  for (const char *p = text; p && *p;) {
    if (strncmp(p, prefix, len) == 0) n++;
    p = strchr(p, '\n');
    if (p) p++;
  }
  return n;
}

/* Renders an inline template against the demo's figures, with `patch`
 * merged into its dataset first when not NULL; "" on failure, the first
 * message in last_error. */
static char rendered[1 << 16];
static char last_error[512];
static const char *bind_demo_with(const char *patch, const char *source) {
  cJSON *figures = patch ? hai_duong_with(patch) : hai_duong();
  CHECK(figures != NULL);
  char *text = render_source(source, figures, last_error, sizeof last_error);
  snprintf(rendered, sizeof rendered, "%s", text ? text : "");
  free(text);
  cJSON_Delete(figures);
  return rendered;
}

static const char *bind_demo(const char *source) { return bind_demo_with(NULL, source); }

/* ---- the stock templates ---- */

TEST(term_report_states_the_demo_figures_in_the_required_phrasing) {
  cJSON *figures = hai_duong();
  CHECK(figures != NULL);
  char *text = render_ok("term-report", figures);
  CHECK_CONTAINS(text, "kết nạp được 977 quần chúng ưu tú vào Đảng, vượt 30,3% so với chỉ tiêu");
  CHECK_CONTAINS(text, "bình quân hằng năm đạt 98,7% (chỉ tiêu Đại hội đề ra là 80%), cao hơn "
                       "chỉ tiêu 18,7 điểm phần trăm");
  CHECK_CONTAINS(text, "95,0% số đảng viên hoàn thành tốt nhiệm vụ trở lên, đạt chỉ tiêu");
  CHECK_CONTAINS(text, "4.925 đảng viên");
  CHECK_CONTAINS(text, "SIGNATURE|T/M BAN THƯỜNG VỤ|BÍ THƯ|Vũ Tiến Phụng|Ban Thường vụ Tỉnh ủy");
  free(text);
  cJSON_Delete(figures);
}

TEST(term_report_starts_with_header_and_title_and_has_the_official_sections) {
  cJSON *figures = hai_duong();
  char *text = render("term-report", figures, NULL, 0);
  CHECK(text && strncmp(text, "HEADER|Đảng bộ tỉnh Hải Dương|Đảng ủy Khối các cơ quan tỉnh|"
                              "125-BC/ĐUK|Hải Dương|2020-8-14\nTITLE|BÁO CÁO|tổng kết công tác "
                              "xây dựng Đảng nhiệm kỳ 2015 - 2020\n",
                        200) == 0);
  CHECK_CONTAINS(text, "HEADING1||I- ĐẶC ĐIỂM TÌNH HÌNH\n");
  CHECK_CONTAINS(text, "HEADING1||II- KẾT QUẢ THỰC HIỆN NHIỆM VỤ NHIỆM KỲ 2015 - 2020\n");
  CHECK_CONTAINS(text, "HEADING1||III- HẠN CHẾ, KHUYẾT ĐIỂM VÀ NGUYÊN NHÂN\n");
  CHECK_CONTAINS(text, "HEADING1||IV- PHƯƠNG HƯỚNG, NHIỆM VỤ NHIỆM KỲ TỚI\n");
  CHECK_CONTAINS(text, "HEADING2||2. Công tác tổ chức, xây dựng tổ chức cơ sở đảng và đảng viên\n");
  free(text);
  cJSON_Delete(figures);
}

TEST(term_report_carries_yearly_table_and_four_charts) {
  cJSON *figures = hai_duong();
  char *text = render("term-report", figures, NULL, 0);
  CHECK_CONTAINS(text, "CHART|target_bars|admissions|");
  CHECK_CONTAINS(text, "CHART|rate_threshold|clean_strong_rate|");
  CHECK_CONTAINS(text, "CHART|trend_forecast|members|");
  CHECK_CONTAINS(text, "CHART|ratings|organizations|");
  CHECK(count_lines_starting(text, "CHART|") >= 4);
  CHECK_CONTAINS(text, "TT;Chỉ tiêu;Đơn vị tính;2016;2017;2018;2019;2020;Cả nhiệm kỳ|"
                       "1;Kết nạp đảng viên mới;đảng viên;182;195;204;199;197;977|");
  CHECK_CONTAINS(text, "4;Số đảng viên;đảng viên;4.560;4.660;4.762;4.851;4.925;4.925");
  CHECK_CONTAINS(text, "APPENDIX|Phụ lục 1|KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU QUA CÁC NĂM|(Kèm theo "
                       "Báo cáo số 125-BC/ĐUK ngày 14/8/2020 của Đảng ủy Khối các cơ quan tỉnh)");
  free(text);
  cJSON_Delete(figures);
}

TEST(term_report_reports_every_indicator_also_unknown_ids) {
  cJSON *figures = hai_duong_with(extra_indicators);
  CHECK(figures != NULL);
  char *text = render("term-report", figures, NULL, 0);
  CHECK_CONTAINS(text, "LIST_ITEM1|-|Số sáng kiến được công nhận: 3.658 sáng kiến.\n");
  /* a rate of bases given as numerator and denominator is stated for its year */
  CHECK_CONTAINS(text, "LIST_ITEM1|-|Cơ sở hưởng ứng cuộc thi: năm 2020 đạt 68/73 cơ sở (93,2%), "
                       "bình quân hằng năm 93,2%.\n");
  CHECK_CONTAINS(text, "LIST_ITEM1|-|Kết nạp đảng viên mới: 977 đảng viên, vượt 30,3% so với "
                       "chỉ tiêu; năm 2020 tăng 8,2% so với năm 2016.\n");
  CHECK_CONTAINS(text, "LIST_ITEM1|-|Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên: 95,0% "
                       "(bình quân hằng năm), đạt chỉ tiêu; năm 2020 không thay đổi so với năm 2016.\n");
  free(text);
  cJSON_Delete(figures);
}

TEST(term_report_gives_units_table_and_names_units_below_target) {
  cJSON *figures = hai_duong_with(three_units);
  CHECK(figures != NULL);
  char *text = render("term-report", figures, NULL, 0);
  CHECK_CONTAINS(text, "PARAGRAPH0||Kết nạp đảng viên mới: các cơ sở chưa đạt chỉ tiêu gồm "
                       "Sở *Kế hoạch* | # 1 và Chi bộ Sở Y tế; 1/3 cơ sở có chỉ tiêu (33,3%) đạt "
                       "chỉ tiêu.\n");
  CHECK_CONTAINS(text, "TT;Tổ chức cơ sở đảng;Kết nạp đảng viên mới (đảng viên);Số đảng viên "
                       "(đảng viên)|1;Đảng bộ Sở Tài chính;430;2.160|2;Sở *Kế hoạch* | # 1;326;"
                       "1.740|3;Chi bộ Sở Y tế;221;1.025|;Toàn Đảng bộ;977;4.925|total\n");
  free(text);
  cJSON_Delete(figures);
}

TEST(term_report_lists_missed_targets_as_shortcomings) {
  /* 706 admissions against 750 */
  cJSON *figures = hai_duong_with(
      "{\"indicators\": {\"admissions\": {\"series\": {\"2016\": 140, \"2017\": 141, "
      "\"2018\": 142, \"2019\": 141, \"2020\": 142}}}, \"membership\": null}");
  CHECK(figures != NULL);
  char *text = render("term-report", figures, NULL, 0);
  const char *limits = text ? strstr(text, "III- HẠN CHẾ") : NULL;
  CHECK_CONTAINS(limits, "LIST_ITEM1|-|Kết nạp đảng viên mới: 706 đảng viên, chưa đạt chỉ "
                         "tiêu (đạt 94,1%).\n");
  CHECK(text && !strstr(text, "vượt 30,3%"));
  free(text);
  cJSON_Delete(figures);
}

TEST(term_report_binds_a_committee_without_units_ratings_or_targets) {
  cJSON *figures = cJSON_Parse(
      "{\"organization\":{\"name\":\"Chi bộ Sở Y tế\",\"issuer\":\"Chi ủy\"},"
      "\"period\":{\"from\":2019,\"to\":2020},\"document\":{\"type\":\"BC\",\"summary\":\"tổng kết\"},"
      "\"indicators\":{\"members\":{\"id\":\"members\",\"label\":\"Số đảng viên\",\"unit\":\"đảng "
      "viên\",\"kind\":\"level\",\"term\":32,\"years\":{\"2020\":32},\"change\":null,\"trend\":null,"
      "\"target\":null,\"units\":null}},\"units\":[]}");
  char *text = render_ok("term-report", figures);
  CHECK_CONTAINS(text, "Chi bộ Sở Y tế hiện có 32 đảng viên.");
  CHECK_CONTAINS(text, "LIST_ITEM1|-|Số đảng viên: 32 đảng viên.\n");
  CHECK(text && !strstr(text, "CHART|"));
  CHECK(text && !strstr(text, "Phụ lục 2"));
  free(text);
  cJSON_Delete(figures);
}

TEST(annual_report_binds_block_by_block) {
  cJSON *figures = hai_duong();
  CHECK(figures != NULL);
  char *text = render_ok("annual-report", figures);
  CHECK(text && strncmp(text, "HEADER|", 7) == 0);
  CHECK_CONTAINS(text, "HEADING1||II- KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2020\n");
  CHECK_CONTAINS(text, "SIGNATURE|T/M BAN THƯỜNG VỤ|");
  free(text);
  cJSON_Delete(figures);
}

TEST(annual_report_states_the_report_year_not_the_term) {
  cJSON *figures = hai_duong();
  CHECK(figures != NULL);
  char *text = render_ok("annual-report", figures);
  CHECK_CONTAINS(text, "Năm 2020, toàn Đảng bộ kết nạp được 197 quần chúng ưu tú vào Đảng, "
                       "giảm 1,0% so với năm 2019; lũy kế từ năm 2016 đến năm 2020 kết nạp được "
                       "977 đảng viên, đạt 130,3% chỉ tiêu nhiệm kỳ (750 đảng viên).");
  CHECK_CONTAINS(text, "năm 2020 đạt 99,0% (chỉ tiêu là 80%), cao hơn chỉ tiêu 19,0 điểm phần "
                       "trăm; tăng 0,1 điểm phần trăm so với năm 2019.");
  CHECK_CONTAINS(text, "có 95,0% số đảng viên hoàn thành tốt nhiệm vụ trở lên, đạt chỉ tiêu.");
  CHECK_CONTAINS(text, "Đến cuối năm 2020, Đảng bộ có 4.925 đảng viên, tăng 1,5% so với năm 2019.");
  /* the term's 977 and its 98,7% mean are never said to be the year's */
  CHECK(strstr(text, "kết nạp được 977 quần chúng") == NULL);
  CHECK(strstr(text, "năm 2020 đạt 98,7%") == NULL);
  free(text);
  cJSON_Delete(figures);
}

TEST(annual_report_lists_every_indicator_with_its_year_value) {
  /* an id no template names, with a yearly target missed in the report year */
  cJSON *figures = hai_duong_with(
      "{\"indicators\": {\"new_cells\": {\"label\": \"Chi bộ mới thành lập\", \"unit\": "
      "\"chi bộ\", \"kind\": \"count\", \"series\": {\"2016\": 1, \"2017\": 1, \"2018\": 1, "
      "\"2019\": 4, \"2020\": 2}, \"target\": {\"value\": 3, \"scope\": \"year\"}}}}");
  CHECK(figures != NULL);
  char *text = render_ok("annual-report", figures);
  CHECK_CONTAINS(text, "Kết nạp đảng viên mới: năm 2020 đạt 197 đảng viên, giảm 1,0% so với năm "
                       "2019; lũy kế từ năm 2016 đến năm 2020 là 977 đảng viên, đạt 130,3% chỉ "
                       "tiêu nhiệm kỳ.");
  CHECK_CONTAINS(text, "Số đảng viên: năm 2020 có 4.925 đảng viên, tăng 1,5% so với năm 2019.");
  CHECK_CONTAINS(text, "Chi bộ mới thành lập: năm 2020 đạt 2 chi bộ, giảm 50,0% so với năm 2019; "
                       "chưa đạt chỉ tiêu (đạt 66,7%).");
  /* and it is named among the shortcomings */
  CHECK_CONTAINS(text, "Chi bộ mới thành lập năm 2020: 2 chi bộ, chưa đạt chỉ tiêu (đạt 66,7%).");
  free(text);
  cJSON_Delete(figures);
}

TEST(annual_report_of_a_chosen_year_reports_that_year_with_its_misses) {
  cJSON *figures = figures_of_dataset("fixtures/annual-2019.json");
  CHECK(figures != NULL);
  char *text = render_ok("annual-report", figures);
  CHECK_CONTAINS(text, "HEADING1||II- KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2019\n");
  CHECK_CONTAINS(text, "Năm 2019, toàn Đảng bộ kết nạp được 20 quần chúng ưu tú vào Đảng, tăng "
                       "25,0% so với năm 2018; lũy kế từ năm 2016 đến năm 2019 kết nạp được 63 "
                       "đảng viên, đạt 78,8% chỉ tiêu nhiệm kỳ (80 đảng viên).");
  CHECK_CONTAINS(text, "năm 2019 đạt 77,5% (chỉ tiêu là 80%), thấp hơn chỉ tiêu 2,5 điểm phần "
                       "trăm; giảm 7,5 điểm phần trăm so với năm 2018.");
  /* 2018 is missing from the members' series: the year before is 2017 */
  CHECK_CONTAINS(text, "Số đảng viên: năm 2019 có 437 đảng viên, tăng 4,5% so với năm 2017.");
  /* from a zero base there is no percentage: the absolute change */
  CHECK_CONTAINS(text, "Buổi sinh hoạt chuyên đề: năm 2019 đạt 6 buổi, tăng 6 buổi so với năm 2018.");
  CHECK_CONTAINS(text, "Tỷ lệ đảng viên bị kỷ luật: năm 2019 đạt 0,2%, giảm 0,3 điểm phần trăm so "
                       "với năm 2018; đạt chỉ tiêu");
  CHECK_CONTAINS(text, "Tỷ lệ chi bộ đạt trong sạch, vững mạnh năm 2019: 77,5%, thấp hơn chỉ tiêu "
                       "2,5 điểm phần trăm.");
  /* the 2020 figures already in the dataset are not the report's */
  CHECK(strstr(text, "năm 2020 đạt") == NULL);
  free(text);
  cJSON_Delete(figures);
}

TEST(year_figures_go_through_the_figure_change_and_target_filters) {
  cJSON *figures = hai_duong();
  char message[512];
  char *text = render_source("{{indicators.admissions.latest | figure}}; "
                             "{{indicators.admissions.latest | change}}; "
                             "{{indicators.clean_strong_rate.latest | target}}; "
                             "{{indicators.members.latest.previous_year}}\n",
                             figures, message, sizeof message);
  CHECK_STR(message, "");
  CHECK_CONTAINS(text, "197 đảng viên; giảm 1,0% so với năm 2019; cao hơn chỉ tiêu 19,0 điểm "
                       "phần trăm; 2019");
  free(text);
  cJSON_Delete(figures);
}

TEST(directive_review_binds_block_by_block_with_fractions) {
  cJSON *figures = hai_duong_with(extra_indicators);
  CHECK(figures != NULL);
  char *text = render_ok("directive-review", figures);
  CHECK_CONTAINS(text, "Thực hiện Chỉ thị số 05-CT/TW, ngày 15/5/2016 của Bộ Chính trị");
  CHECK_CONTAINS(text, "LIST_ITEM1|-|Cơ sở hưởng ứng cuộc thi: năm 2020 đạt 68/73 cơ sở (93,2%).\n");
  CHECK_CONTAINS(text, "HEADING1||IV- PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI\n");
  CHECK_CONTAINS(text, "TABLE|Bảng 1. Kết quả thực hiện các chỉ tiêu|");
  free(text);
  cJSON_Delete(figures);
}

TEST(stock_templates_are_listed_and_load) {
  const char *name = NULL, *description = NULL;
  size_t n = 0;
  while (dossier_template_info(n, &name, &description) == 0) {
    dossier_diag *diag = dossier_diag_new();
    dossier_template *tpl = NULL;
    CHECK_INT(dossier_template_load(&tpl, name, diag), DOSSIER_OK);
    CHECK(description && strlen(description) > 10);
    dossier_template_free(tpl);
    dossier_diag_free(diag);
    n++;
  }
  CHECK_INT(n, 3);
  dossier_template_info(0, &name, NULL);
  CHECK_STR(name, "term-report");
}

TEST(binding_sets_the_document_info) {
  cJSON *figures = hai_duong();
  dossier_diag *diag = dossier_diag_new();
  dossier_template *tpl = NULL;
  dossier_doc *doc = NULL;
  CHECK_INT(dossier_template_load(&tpl, "term-report", diag), DOSSIER_OK);
  CHECK_INT(dossier_template_bind(&doc, tpl, figures, diag), DOSSIER_OK);
  if (doc) {
    CHECK_STR(doc->info.title, "Báo cáo tổng kết công tác xây dựng Đảng nhiệm kỳ 2015 - 2020");
    CHECK_STR(doc->info.author, "Đảng ủy Khối các cơ quan tỉnh");
    CHECK_STR(doc->info.subject, "tổng kết công tác xây dựng Đảng nhiệm kỳ 2015 - 2020");
    CHECK_CONTAINS(doc->info.keywords, "Đảng bộ Khối các cơ quan tỉnh Hải Dương");
    CHECK_INT(doc->info.year * 10000 + doc->info.month * 100 + doc->info.day, 20200814);
    CHECK(doc->figures == figures);
  }
  dossier_doc_free(doc);
  dossier_template_free(tpl);
  dossier_diag_free(diag);
  cJSON_Delete(figures);
}

TEST(one_loaded_template_binds_many_figures_trees) {
  dossier_diag *diag = dossier_diag_new();
  dossier_template *tpl = NULL;
  CHECK_INT(dossier_template_load(&tpl, "term-report", diag), DOSSIER_OK);
  char *first = NULL;
  for (int i = 0; i < 3; i++) {
    cJSON *figures = hai_duong();
    cJSON *adm = support_at(figures, "indicators.admissions");
    cJSON_ReplaceItemInObject(adm, "term", cJSON_CreateNumber(977 + i));
    dossier_doc *doc = NULL;
    CHECK_INT(dossier_template_bind(&doc, tpl, figures, diag), DOSSIER_OK);
    char *text = doc ? doc_text(doc) : NULL;
    char want[64];
    snprintf(want, sizeof want, "kết nạp được %d quần chúng", 977 + i);
    CHECK_CONTAINS(text, want);
    if (i == 0) first = text;
    else free(text);
    dossier_doc_free(doc);
    cJSON_Delete(figures);
  }
  free(first);
  dossier_template_free(tpl);
  dossier_diag_free(diag);
}

/* ---- prose, placeholders and filters ---- */

TEST(markup_like_characters_in_data_print_as_written) {
  const char *text =
      bind_demo_with(three_units, "{% for u in units %}\n{{u.name}} *ok*\n{% endfor %}\n");
  CHECK_STR(text, "PARAGRAPH0||Đảng bộ Sở Tài chính ok\nPARAGRAPH0||Sở *Kế hoạch* | # 1 ok\n"
                  "PARAGRAPH0||Chi bộ Sở Y tế ok\n");
  cJSON *figures = hai_duong_with(three_units);
  dossier_diag *diag = dossier_diag_new();
  dossier_template *tpl = NULL;
  dossier_doc *doc = NULL;
  const char *path = support_scratch_file("markup.md", "- {{units.1.name}}\n");
  CHECK(path != NULL);
  CHECK_INT(dossier_template_load(&tpl, path ? path : "", diag), DOSSIER_OK);
  CHECK_INT(dossier_template_bind(&doc, tpl, figures, diag), DOSSIER_OK);
  /* one plain run: the name's asterisks made neither emphasis nor a new list */
  CHECK(doc && doc->count == 1 && doc->blocks[0].kind == DOSSIER_BLOCK_LIST_ITEM);
  CHECK(doc && doc->blocks[0].text.count == 1 && doc->blocks[0].text.runs[0].flags == 0);
  if (doc && doc->blocks[0].text.count) CHECK_STR(doc->blocks[0].text.runs[0].text, "Sở *Kế hoạch* | # 1");
  dossier_doc_free(doc);
  dossier_template_free(tpl);
  dossier_diag_free(diag);
  cJSON_Delete(figures);
}

TEST(emphasis_in_the_template_gives_bold_and_italic_runs) {
  cJSON *figures = hai_duong();
  dossier_diag *diag = dossier_diag_new();
  dossier_template *tpl = NULL;
  dossier_doc *doc = NULL;
  const char *path = support_scratch_file(
      "emphasis.md", "Kết nạp **{{indicators.admissions.term | number}} đảng viên**, "
                     "*{{indicators.admissions | target}}*.\n");
  CHECK(path != NULL);
  CHECK_INT(dossier_template_load(&tpl, path ? path : "", diag), DOSSIER_OK);
  CHECK_INT(dossier_template_bind(&doc, tpl, figures, diag), DOSSIER_OK);
  CHECK(doc && doc->count == 1 && doc->blocks[0].text.count == 5);
  if (doc && doc->blocks[0].text.count == 5) {
    const dossier_run *r = doc->blocks[0].text.runs;
    CHECK_STR(r[1].text, "977 đảng viên");
    CHECK_INT(r[1].flags, DOSSIER_RUN_BOLD);
    CHECK_STR(r[3].text, "vượt 30,3% so với chỉ tiêu");
    CHECK_INT(r[3].flags, DOSSIER_RUN_ITALIC);
    CHECK_INT(r[4].flags, 0);
  }
  dossier_doc_free(doc);
  dossier_template_free(tpl);
  dossier_diag_free(diag);
  cJSON_Delete(figures);
}

TEST(number_and_percent_filters_round_the_vietnamese_way) {
  CHECK_STR(bind_demo("{{indicators.members.term | number}} / {{indicators.clean_strong_rate.term "
                      "| number:1}} / {{indicators.clean_strong_rate.term | percent}} / "
                      "{{indicators.admissions.target.margin | percent}} / "
                      "{{indicators.clean_strong_rate.target.value | percent:0}}\n"),
            "PARAGRAPH0||4.925 / 98,7 / 98,7% / 30,3% / 80%\n");
}

TEST(years_print_without_a_thousands_dot) {
  CHECK_STR(bind_demo("{{period.from}} - {{period.to}}, {{indicators.members.change.first_year}}\n"),
            "PARAGRAPH0||2015 - 2020, 2016\n");
}

TEST(date_filters_write_official_and_short_dates) {
  CHECK_STR(bind_demo("{{document.date | date}}; {{document.date_parts | date_short}}\n"),
            "PARAGRAPH0||ngày 14 tháng 8 năm 2020; 14/8/2020\n");
}

TEST(target_filter_gives_the_required_sentence) {
  CHECK_STR(bind_demo("{{indicators.admissions | target}}; {{indicators.clean_strong_rate | "
                      "target}}; {{indicators.members_good_rate | target}}\n"),
            "PARAGRAPH0||vượt 30,3% so với chỉ tiêu; cao hơn chỉ tiêu 18,7 điểm phần trăm; "
            "đạt chỉ tiêu\n");
  /* no target: no sentence (guard with {% if %}) */
  CHECK_STR(bind_demo("[{{indicators.members | target}}]\n"), "PARAGRAPH0||[]\n");
}

TEST(change_filter_says_increase_decrease_or_no_change) {
  CHECK_STR(bind_demo("{{indicators.members | change}}; {{indicators.clean_strong_rate | change}}; "
                      "{{indicators.members_good_rate | change}}\n"),
            "PARAGRAPH0||tăng 8,0% so với năm 2016; tăng 0,5 điểm phần trăm so với năm 2016; "
            "không thay đổi so với năm 2016\n");
  cJSON *figures = hai_duong();
  cJSON *change = support_at(figures, "indicators.admissions.change");
  cJSON_ReplaceItemInObject(change, "absolute", cJSON_CreateNumber(-10));
  cJSON_ReplaceItemInObject(change, "relative_pct", cJSON_CreateNumber(-5.4945));
  char *text = render_source("{{indicators.admissions | change}}\n", figures, NULL, 0);
  CHECK_STR(text, "PARAGRAPH0||giảm 5,5% so với năm 2016\n");
  free(text);
  cJSON_Delete(figures);
}

TEST(fraction_filter_writes_count_of_total_with_percent) {
  CHECK_STR(bind_demo_with(extra_indicators, "{{indicators.contest_bases | fraction}}; {{indicators.contest_bases | "
                      "fraction:\"chi bộ\"}}; {{indicators.contest_bases | fraction:\"\"}}\n"),
            "PARAGRAPH0||68/73 cơ sở (93,2%); 68/73 chi bộ (93,2%); 68/73 (93,2%)\n");
}

TEST(list_filter_joins_with_commas_and_va) {
  CHECK_STR(bind_demo_with(three_units, "{{units | list}}\n"),
            "PARAGRAPH0||Đảng bộ Sở Tài chính, Sở *Kế hoạch* | # 1 và Chi bộ Sở Y tế\n");
  cJSON *figures = cJSON_Parse("{\"a\":[\"A\"],\"b\":[\"A\",\"B\",\"C\"],\"c\":[]}");
  char *text = render_source("{{a | list}}; {{b | list}}; [{{c | list}}]\n", figures, NULL, 0);
  CHECK(text == NULL); /* a, b, c are not figures */
  free(text);
  cJSON_Delete(figures);
  figures = cJSON_Parse("{\"document\":{\"a\":[\"A\"],\"b\":[\"A\",\"B\",\"C\"],\"c\":[]}}");
  text = render_source("{{document.a | list}}; {{document.b | list}}; [{{document.c | list}}]\n",
                       figures, NULL, 0);
  CHECK_STR(text, "PARAGRAPH0||A; A, B và C; []\n");
  free(text);
  cJSON_Delete(figures);
}

TEST(upper_and_figure_filters) {
  CHECK_STR(bind_demo("{{organization.issuer | upper}}; {{indicators.members | figure}}; "
                      "{{indicators.clean_strong_rate | figure}}\n"),
            "PARAGRAPH0||ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH; 4.925 đảng viên; 98,7%\n");
}

TEST(last_names_the_last_item_of_a_list) {
  CHECK_STR(bind_demo_with(three_units, "{{units.last.name}}; {{units.0.name}}\n"),
            "PARAGRAPH0||Chi bộ Sở Y tế; Đảng bộ Sở Tài chính\n");
}

TEST(conditions_choose_between_branches) {
  CHECK_STR(bind_demo("{% if indicators.admissions %}\nA\n{% else %}\nB\n{% endif %}\n"
                      "{% if indicators.nothing %}\nC\n{% else %}\nD\n{% endif %}\n"
                      "{% if not indicators.members.target %}\nE\n{% endif %}\n"
                      "{% if indicators.admissions.target.met == false %}\nF\n{% endif %}\n"
                      "{% if indicators.admissions.target.met == true %}\nG\n{% endif %}\n"
                      "{% if indicators.members.kind != \"rate\" %}\nH\n{% endif %}\n"),
            "PARAGRAPH0||A\nPARAGRAPH0||D\nPARAGRAPH0||E\nPARAGRAPH0||G\nPARAGRAPH0||H\n");
}

TEST(conditions_combine_with_and_or_not_and_parentheses) {
  /* admissions: term 977 against 750, met; members: no target */
  CHECK_STR(bind_demo("{% if indicators.admissions.term > 750 and indicators.admissions.term <= 977 %}\nA\n{% endif %}\n"
                      "{% if indicators.members.target or indicators.admissions.target.met %}\nB\n{% endif %}\n"
                      "{% if indicators.members.target and indicators.admissions.target.met %}\nC\n{% endif %}\n"
                      "{% if not (indicators.members.target or indicators.admissions.target.met == false) %}\nD\n{% endif %}\n"
                      "{% if not indicators.members.target and not indicators.nothing %}\nE\n{% endif %}\n"
                      "{% if indicators.nothing or indicators.members.target or period.from == 2015 %}\nF\n{% endif %}\n"),
            "PARAGRAPH0||A\nPARAGRAPH0||B\nPARAGRAPH0||D\nPARAGRAPH0||E\nPARAGRAPH0||F\n");
}

TEST(not_binds_tighter_than_and_and_and_tighter_than_or) {
  /* true or (false and false) is true; (true or false) and false would not be */
  CHECK_STR(bind_demo("{% if period.from or indicators.nothing and indicators.nothing %}\nA\n{% endif %}\n"
                      "{% if not indicators.nothing and period.from %}\nB\n{% endif %}\n"
                      "{% if (period.from or indicators.nothing) and indicators.nothing %}\nC\n{% endif %}\n"),
            "PARAGRAPH0||A\nPARAGRAPH0||B\n");
}

TEST(number_comparisons_are_exact_on_the_dataset_decimals) {
  /* a rate of 0,1% and 0,2%: its term (the mean) is 0,15 exactly, where binary
   * doubles make (0.1 + 0.2) / 2 0.15000000000000002; a figure one millionth
   * away is not equal */
  static const char tenths[] =
      "{\"indicators\": {\"tiny_rate\": {\"label\": \"Tỷ lệ\", \"unit\": \"%\", "
      "\"kind\": \"rate\", \"series\": {\"2019\": 0.1, \"2020\": 0.2}}}}";
  CHECK_STR(bind_demo_with(tenths, "{% if indicators.tiny_rate.term == 0.15 %}\nA\n{% endif %}\n"
                                   "{% if indicators.tiny_rate.term >= 0.15 and indicators.tiny_rate.term <= 0.15 %}\nB\n{% endif %}\n"
                                   "{% if indicators.tiny_rate.term > 0.15 %}\nC\n{% endif %}\n"
                                   "{% if indicators.tiny_rate.term < 0.150001 %}\nD\n{% endif %}\n"
                                   "{% if indicators.tiny_rate.term != 0.149999 %}\nE\n{% endif %}\n"),
            "PARAGRAPH0||A\nPARAGRAPH0||B\nPARAGRAPH0||D\nPARAGRAPH0||E\n");
  CHECK_STR(last_error, "");
}

TEST(comparing_a_missing_or_non_number_value_is_false_but_equals_null) {
  CHECK_STR(bind_demo("{% if indicators.nothing > 0 %}\nA\n{% endif %}\n"
                      "{% if indicators.nothing <= 0 %}\nB\n{% endif %}\n"
                      "{% if indicators.members.label > 0 %}\nC\n{% endif %}\n"
                      "{% if indicators.nothing == null %}\nD\n{% endif %}\n"
                      "{% if indicators.members.kind == \"level\" %}\nE\n{% endif %}\n"),
            "PARAGRAPH0||D\nPARAGRAPH0||E\n");
}

TEST(elif_takes_the_first_branch_that_holds) {
  const char *source = "{% if indicators.admissions.term > 1000 %}\nA\n"
                       "{% elif indicators.admissions.term > 900 %}\nB\n"
                       "{% elif indicators.admissions.term > 800 %}\nC\n"
                       "{% else %}\nD\n{% endif %}\n"
                       "{% if indicators.nothing %}\nE\n{% elif indicators.nothing %}\nF\n{% endif %}\n"
                       "{% if indicators.nothing %}\nG\n{% elif period.from %}\nH\n{% else %}\nI\n{% endif %}\n";
  CHECK_STR(bind_demo(source), "PARAGRAPH0||B\nPARAGRAPH0||H\n");
}

TEST(inline_if_takes_elif_and_nests) {
  CHECK_STR(bind_demo("Kết nạp {{indicators.admissions.term | number}}{% if indicators.admissions.term "
                      "> 1000 %} (rất cao){% elif indicators.admissions.term > 900 %} (cao{% if "
                      "indicators.admissions.target.met %}, đạt chỉ tiêu{% else %}, chưa đạt{% endif "
                      "%}){% else %} (thấp){% endif %}.\n"),
            "PARAGRAPH0||Kết nạp 977 (cao, đạt chỉ tiêu).\n");
}

static void expect_load_error(const char *path, const char *place, const char *says);

/* The template `source` must be refused at load: its first message names the
 * scratch file at `place` (":1:7: ") and contains `says`. */
static void expect_source_error(const char *source, const char *place, const char *says) {
  const char *path = support_scratch_file("bad.md", source);
  CHECK(path != NULL);
  if (!path) return;
  char copy[1024];
  snprintf(copy, sizeof copy, "%s", path);
  expect_load_error(copy, place, says);
}

TEST(a_condition_that_cannot_be_read_whole_is_located_at_load) {
  expect_source_error("{% if period.from and %}\nx\n{% endif %}\n", ":1:", "bad condition 'period.from and'");
  expect_source_error("{% if (period.from or period.to %}\nx\n{% endif %}\n", ":1:", "bad condition");
  expect_source_error("{% if period.from > %}\nx\n{% endif %}\n", ":1:", "bad condition");
  expect_source_error("{% if period.from == 1 2 %}\nx\n{% endif %}\n", ":1:", "unexpected text");
  expect_source_error("{% if period.from === 1 %}\nx\n{% endif %}\n", ":1:", "bad condition");
  expect_source_error("{% if period.from == \"x %}\nx\n{% endif %}\n", ":1:", "bad condition");
  expect_source_error("{% if %}\nx\n{% endif %}\n", ":1:", "bad condition");
  expect_source_error("text\n{% if period.from %}\nx\n{% else %}\ny\n{% elif period.to %}\nz\n{% endif %}\n", ":6:",
                      "elif");
  expect_source_error("Câu {% if period.from %}x{% elif %}y{% endif %}.\n", ":1:", "bad condition");
}

TEST(inline_if_keeps_a_sentence_whole) {
  CHECK_STR(bind_demo("Có {{indicators.members.term | number}} đảng viên{% if "
                      "indicators.members.target %}, {{indicators.members | target}}{% else %} "
                      "(không có chỉ tiêu){% endif %}.\n"),
            "PARAGRAPH0||Có 4.925 đảng viên (không có chỉ tiêu).\n");
}

TEST(loops_repeat_over_indicators_and_units) {
  const char *text = bind_demo_with(three_units, "{% for it in indicators %}\n{% if it.target %}\n"
                               "{{loop.index}}/{{loop.count}} {{loop.key}}: {{it | target}}\n"
                               "{% endif %}\n{% endfor %}\n"
                               "{% for u in units %}\n- {{u.name}}: "
                               "{{u.indicators.members.term | number}}\n{% endfor %}\n");
  /* 12: the demo's 13 indicators but base_organizations (see three_units) */
  CHECK_STR(text, "PARAGRAPH0||1/12 admissions: vượt 30,3% so với chỉ tiêu\n"
                  "PARAGRAPH0||2/12 clean_strong_rate: cao hơn chỉ tiêu 18,7 điểm phần trăm\n"
                  "PARAGRAPH0||3/12 members_good_rate: đạt chỉ tiêu\n"
                  "LIST_ITEM1|-|Đảng bộ Sở Tài chính: 2.160\n"
                  "LIST_ITEM1|-|Sở *Kế hoạch* | # 1: 1.740\n"
                  "LIST_ITEM1|-|Chi bộ Sở Y tế: 1.025\n");
}

TEST(fenced_blocks_make_charts_tables_and_appendices) {
  const char *text = bind_demo("```chart target_bars admissions Kết nạp {{period.from}}\n```\n"
                               "```chart ratings\nXếp loại\n```\n"
                               "```appendix\nBIỂU SỐ LIỆU\n```\n```appendix\nHAI\n```\n"
                               "```table yearly members\n```\n```pagebreak\n```\n");
  CHECK_STR(text, "CHART|target_bars|admissions|Kết nạp 2015\n"
                  "CHART|ratings|-|Xếp loại\n"
                  "APPENDIX|Phụ lục 1|BIỂU SỐ LIỆU|(Kèm theo Báo cáo số 125-BC/ĐUK ngày "
                  "14/8/2020 của Đảng ủy Khối các cơ quan tỉnh)\n"
                  "APPENDIX|Phụ lục 2|HAI|(Kèm theo Báo cáo số 125-BC/ĐUK ngày 14/8/2020 của "
                  "Đảng ủy Khối các cơ quan tỉnh)\n"
                  "TABLE|-|TT;Chỉ tiêu;Đơn vị tính;2016;2017;2018;2019;2020;Cả nhiệm kỳ|1;Số "
                  "đảng viên;đảng viên;4.560;4.660;4.762;4.851;4.925;4.925\n"
                  "PAGE_BREAK\n");
}

TEST(yearly_table_has_a_column_for_every_year_of_the_term) {
  /* a count reported for 2016 and 2020 only, a rate for one year: both are
   * rows, and 2017 … 2019 are columns of "—"; the congress year 2015 has no
   * value, so no column */
  static const char sparse[] =
      "{\"indicators\": {\"fees\": {\"label\": \"Thu đảng phí\", \"unit\": \"triệu đồng\", "
      "\"kind\": \"count\", \"series\": {\"2016\": 12, \"2020\": 15}}, \"once\": {\"label\": "
      "\"Tỷ lệ một năm\", \"unit\": \"%\", \"kind\": \"rate\", \"series\": {\"2018\": 87.5}}}}";
  const char *text = bind_demo_with(sparse, "```table yearly fees once\n```\n");
  CHECK_STR(text, "TABLE|-|TT;Chỉ tiêu;Đơn vị tính;2016;2017;2018;2019;2020;Cả nhiệm kỳ|"
                  "1;Thu đảng phí;triệu đồng;12;—;—;—;15;27|2;Tỷ lệ một năm;%;—;—;87,5;—;—;87,5\n");
  /* a value for the congress year adds its column before the term's */
  static const char congress[] =
      "{\"indicators\": {\"fees\": {\"label\": \"Thu đảng phí\", \"unit\": \"triệu đồng\", "
      "\"kind\": \"count\", \"series\": {\"2015\": 9, \"2016\": 12, \"2017\": 12, \"2018\": 12, "
      "\"2019\": 12, \"2020\": 15}}}}";
  CHECK_CONTAINS(bind_demo_with(congress, "```table yearly fees\n```\n"),
                 "TT;Chỉ tiêu;Đơn vị tính;2015;2016;2017;2018;2019;2020;Cả nhiệm kỳ|1;Thu đảng "
                 "phí;triệu đồng;9;12;12;12;12;15;");
}

TEST(headings_and_ordered_lists_keep_level_and_marker) {
  CHECK_STR(bind_demo("# I- MỘT\n\n## 1. Hai\n\n### a) Ba\n\n1. x\n2. y\n   - z\n"),
            "HEADING1||I- MỘT\nHEADING2||1. Hai\nHEADING3||a) Ba\nLIST_ITEM1|1.|x\n"
            "LIST_ITEM1|2.|y\nLIST_ITEM2|-|z\n");
}

/* ---- located errors ---- */

/* The bad template at `path` must be refused when it is loaded, before any
 * figures are bound: DOSSIER_ERR_DATA, its first message beginning with
 * "path:place" (place as ":3:13: ") and containing `says`. */
static void expect_load_error(const char *path, const char *place, const char *says) {
  dossier_diag *diag = dossier_diag_new();
  dossier_template *tpl = NULL;
  CHECK_INT(dossier_template_load(&tpl, path, diag), DOSSIER_ERR_DATA);
  const char *m = dossier_diag_count(diag) ? dossier_diag_message(diag, 0) : "";
  char want[512], head[512];
  snprintf(want, sizeof want, "%s%s", path, place);
  snprintf(head, sizeof head, "%.*s", (int)strlen(want), m);
  CHECK_STR(head, want);
  CHECK_CONTAINS(m, says);
  dossier_template_free(tpl);
  dossier_diag_free(diag);
}

TEST(unknown_filter_is_located) {
  expect_load_error("tests/bad/template/unknown-filter.md", ":3:13: ",
                    "unknown filter 'percentage'");
}

TEST(unknown_figure_under_an_indicator_is_found_at_load) {
  expect_load_error("tests/bad/template/unknown-figure.md", ":5:29: ",
                    "unknown placeholder: 'totl'");
}

TEST(unknown_figure_under_a_loop_variable_is_found_at_load) {
  expect_load_error("tests/bad/template/loop-figure.md", ":2:3: ",
                    "an indicator has no such figure");
}

TEST(unknown_block_is_located) {
  expect_load_error("tests/bad/template/unknown-block.md", ":4:1: ", "unknown block 'graph'");
  expect_load_error("tests/bad/template/chart-kind.md", ":1:1: ", "unknown chart 'pie'");
}

TEST(unclosed_loop_and_condition_are_located_at_their_tag) {
  expect_load_error("tests/bad/template/unclosed-for.md", ":3:1: ", "unclosed {% for %}");
  expect_load_error("tests/bad/template/unclosed-if.md", ":2:1: ", "unclosed {% if %}");
}

TEST(unclosed_fence_and_placeholder_are_located) {
  /* at the fence it is about, not at the end of the file */
  expect_load_error("tests/bad/template/unclosed-fence.md", ":3:1: ",
                    "unclosed fenced block: no closing ``` before the end");
  expect_load_error("tests/bad/template/unclosed-placeholder.md", ":1:14: ",
                    "unclosed {{ placeholder");
}

TEST(unknown_placeholder_missing_from_figures_fails_at_bind_located) {
  cJSON *figures = hai_duong();
  char message[512];
  char *text = render("tests/bad/template/missing-indicator.md", figures, message,
                      sizeof message);
  CHECK(text == NULL);
  static const char place[] = "tests/bad/template/missing-indicator.md:3:14: "
                              "indicators.party_fees.term: ";
  CHECK(strncmp(message, place, strlen(place)) == 0);
  CHECK_CONTAINS(message, "unknown placeholder");
  free(text);
  cJSON_Delete(figures);
}

TEST(chart_of_a_missing_indicator_fails_at_bind_located) {
  char *text = NULL;
  cJSON *figures = hai_duong();
  char message[512];
  text = render_source("x\n\n```chart target_bars nothing_here\n```\n", figures, message,
                       sizeof message);
  CHECK(text == NULL);
  CHECK_CONTAINS(message, ".md:3:1: chart target_bars: the figures have no indicator 'nothing_here'");
  free(text);
  cJSON_Delete(figures);
}

TEST(missing_template_is_noinput) {
  dossier_diag *diag = dossier_diag_new();
  dossier_template *tpl = NULL;
  CHECK_INT(dossier_template_load(&tpl, "no-such-stock-template", diag), DOSSIER_ERR_NOINPUT);
  CHECK_INT(dossier_template_load(&tpl, "fixtures/templates/none.md", diag), DOSSIER_ERR_NOINPUT);
  CHECK(tpl == NULL);
  dossier_template_free(NULL);
  dossier_diag_free(diag);
}

TEST(chart_indicator_may_come_from_a_loop) {
  CHECK_STR(bind_demo_with(three_units, "{% for it in indicators %}\n{% if it.units.ranking %}\n"
                      "```chart unit_ranking {{loop.key}} {{it.label}} theo cơ sở\n```\n"
                      "{% endif %}\n{% endfor %}\n"),
            "CHART|unit_ranking|admissions|Kết nạp đảng viên mới theo cơ sở\n"
            "CHART|unit_ranking|members|Số đảng viên theo cơ sở\n");
}

TEST(misplaced_tags_and_bad_conditions_are_located) {
  expect_load_error("tests/bad/template/else-without-if.md", ":3:1: ",
                    "{% else %} without an open {% if %}");
  expect_load_error("tests/bad/template/condition.md", ":1:40: ", "bad condition");
  expect_load_error("tests/bad/template/inline-for.md", ":1:15: ",
                    "must stand on their own line");
}

TEST(a_group_of_figures_needs_a_filter_and_null_prints_a_dash) {
  CHECK_STR(bind_demo("{{indicators.members}}\n"), "");
  CHECK_CONTAINS(last_error, ":1:1: indicators.members: indicators.members names a group of figures");
  CHECK_STR(bind_demo("[{{indicators.members.pooled}}] [{{indicators.members.pooled | number}}]\n"),
            "PARAGRAPH0||[—] [—]\n");
}

TEST(appendix_title_may_follow_the_block_name) {
  CHECK_STR(bind_demo("```appendix DANH SÁCH {{period.to}}\n```\n"),
            "APPENDIX|Phụ lục 1|DANH SÁCH 2020|(Kèm theo Báo cáo số 125-BC/ĐUK ngày 14/8/2020 "
            "của Đảng ủy Khối các cơ quan tỉnh)\n");
}

TEST(every_stock_template_binds_a_minimal_dataset) {
  cJSON *figures = cJSON_Parse(
      "{\"organization\":{\"name\":\"Chi bộ Sở Y tế\"},\"period\":{\"from\":2020,\"to\":2020},"
      "\"document\":{},\"indicators\":{\"x\":{\"id\":\"x\",\"label\":\"Chỉ số X\",\"unit\":\"lần\","
      "\"kind\":\"count\",\"term\":null,\"years\":{},\"change\":null,\"trend\":null,"
      "\"target\":{\"value\":5,\"direction\":\"at_least\",\"met\":null},\"units\":null}}}");
  const char *name = NULL;
  for (size_t i = 0; dossier_template_info(i, &name, NULL) == 0; i++) {
    char *text = render_ok(name, figures);
    CHECK_CONTAINS(text, "LIST_ITEM1|-|Chỉ số X: chưa có số liệu.\n");
    CHECK_CONTAINS(text, "Ban Chấp hành Đảng bộ");
    /* the target, and no result to judge: said so, never a verdict; the annual
     * report has no term table (its text speaks of the report year) */
    if (strcmp(name, "annual-report") != 0)
      CHECK_CONTAINS(text, "|1;Chỉ số X;5 lần;—;Chưa đủ số liệu để đánh giá\n");
    else
      CHECK(text && !strstr(text, "Bảng 1"));
    free(text);
  }
  cJSON_Delete(figures);
}

TEST(default_filter_stands_in_for_a_missing_value_only) {
  CHECK_STR(bind_demo("{{organization.issuer | default:\"Đảng ủy\"}}; {{organization.motto | "
                      "default:\"—\"}}; {{indicators.members.pooled | default:\"chưa có\"}}\n"),
            "PARAGRAPH0||Đảng ủy Khối các cơ quan tỉnh; —; chưa có\n");
}

/* ---- QA findings 3, 5, 6, 9, 11, 17 ---- */

/* A rate given as yearly numerator/denominator of members (the bloc's shape). */
static cJSON *yearly_rate_figures(void) {
  return cJSON_Parse(
      "{\"organization\":{\"name\":\"Đảng bộ Khối\"},\"period\":{\"from\":2015,\"to\":2020},"
      "\"document\":{},\"indicators\":{\"duty_good\":{\"id\":\"duty_good\",\"label\":\"Tỷ lệ "
      "đảng viên hoàn thành tốt nhiệm vụ trở lên\",\"unit\":\"%\",\"kind\":\"rate\","
      "\"basis\":\"mean\",\"term\":86.43,\"pooled\":86.43,"
      "\"years\":{\"2019\":86.36,\"2020\":86.68},\"numerator\":{\"2019\":12300,\"2020\":12744},"
      "\"denominator\":{\"2019\":14242,\"2020\":14703},\"change\":{\"first_year\":2019,"
      "\"last_year\":2020,\"absolute\":0.32,\"relative_pct\":0.37},\"summary\":null,"
      "\"trend\":null,\"target\":null,\"units\":null}}}");
}

TEST(fraction_of_a_yearly_rate_is_its_last_year_not_the_term_sum_nor_bases) {
  cJSON *figures = yearly_rate_figures();
  char message[512];
  char *text = render_source("{{indicators.duty_good | fraction}}; {{indicators.duty_good | "
                             "fraction:\"đảng viên\"}}\n",
                             figures, message, sizeof message);
  CHECK_STR(message, "");
  /* 2020 alone: 12.744/14.703, never 25.044/28.945 nor "cơ sở" for members */
  CHECK_STR(text, "PARAGRAPH0||12.744/14.703 (86,7%); 12.744/14.703 đảng viên (86,7%)\n");
  free(text);
  text = render_ok("term-report", figures);
  CHECK_CONTAINS(text, "LIST_ITEM1|-|Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên: năm 2020 "
                       "đạt 12.744/14.703 (86,7%), bình quân hằng năm 86,4%.\n");
  free(text);
  text = render_ok("directive-review", figures);
  CHECK_CONTAINS(text, "Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên: năm 2020 đạt "
                       "12.744/14.703 (86,7%).\n");
  free(text);
  cJSON_Delete(figures);
}

TEST(term_report_renders_members_given_as_one_value_without_a_trend_chart) {
  cJSON *figures = figures_of_dataset("fixtures/templates/members-value.json");
  CHECK(figures != NULL);
  char *text = render_ok("term-report", figures);
  CHECK(text && !strstr(text, "CHART|trend_forecast"));
  CHECK(text && !strstr(text, "dự báo đến năm"));
  CHECK_CONTAINS(text, "CHART|target_bars|admissions|");
  free(text);
  cJSON_Delete(figures);
}

TEST(one_year_dataset_draws_no_trend_nor_forecast_and_every_template_binds) {
  cJSON *figures = figures_of_dataset("fixtures/templates/one-year.json");
  CHECK(figures != NULL);
  const char *name = NULL;
  for (size_t i = 0; dossier_template_info(i, &name, NULL) == 0; i++) {
    char *text = render_ok(name, figures);
    CHECK(text && !strstr(text, "CHART|trend_forecast"));
    CHECK(text && !strstr(text, "dự báo"));
    CHECK(text && !strstr(text, "2020 - 2020"));
    if (strcmp(name, "term-report") == 0)
      CHECK_CONTAINS(text, "HEADING1||II- KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2020\n");
    free(text);
  }
  cJSON_Delete(figures);
}

TEST(conditions_compare_two_figures) {
  /* report_year is 2020, the period's end; a missing figure equals no number */
  CHECK_STR(bind_demo("{% if period.from == period.to %}a{% else %}b{% endif %}{% if "
                      "period.to == period.report_year %}c{% endif %}{% if period.from != "
                      "organization.nothing %}d{% endif %}{% if period.to == "
                      "organization.nothing %}e{% endif %}\n"),
            "PARAGRAPH0||bcd\n");
}

TEST(count_with_missing_years_names_them_and_gives_no_verdict) {
  cJSON *figures = hai_duong();
  cJSON *admissions = support_at(figures, "indicators.admissions");
  cJSON_ReplaceItemInObject(admissions, "term", cJSON_CreateNumber(574));
  cJSON_DeleteItemFromObject(admissions, "missing_years");
  cJSON_AddItemToObject(admissions, "missing_years", cJSON_Parse("[2018, 2019]"));
  /* as before the engine knew: a verdict false on the partial sum */
  cJSON_ReplaceItemInObject(support_at(admissions, "target"), "met", cJSON_CreateFalse());
  char *text = render_ok("term-report", figures);
  CHECK_CONTAINS(text, "Trong các năm có số liệu, toàn Đảng bộ đã kết nạp được 574 quần chúng ưu tú "
                       "vào Đảng (chưa có số liệu năm 2018 và 2019); chưa đủ số liệu để đánh giá.\n");
  CHECK_CONTAINS(text, "LIST_ITEM1|-|Kết nạp đảng viên mới: 574 đảng viên (chưa có số liệu năm 2018 "
                       "và 2019), chưa đủ số liệu để đánh giá");
  CHECK(text && !strstr(text, "đạt 76,5%"));
  free(text);
  /* and as the engine says it: met null */
  cJSON_ReplaceItemInObject(support_at(admissions, "target"), "met", cJSON_CreateNull());
  text = render_ok("term-report", figures);
  CHECK(text && !strstr(text, "(đạt 76,5%)"));
  CHECK_CONTAINS(text, "574 đảng viên (chưa có số liệu năm 2018 và 2019);Chưa đủ số liệu để đánh giá");
  CHECK(text && !strstr(text, "CHART|target_bars|admissions"));
  free(text);
  cJSON_Delete(figures);
}

TEST(a_missing_missing_years_node_reads_as_none) {
  cJSON *figures = hai_duong();
  cJSON_DeleteItemFromObject(support_at(figures, "indicators.admissions"), "missing_years");
  char *text = render_ok("term-report", figures);
  CHECK_CONTAINS(text, "kết nạp được 977 quần chúng ưu tú vào Đảng, vượt 30,3% so với chỉ tiêu.");
  free(text);
  cJSON_Delete(figures);
}

TEST(negative_member_forecast_is_never_printed) {
  cJSON *figures = hai_duong();
  cJSON *last = support_at(figures, "indicators.members.trend.forecast.4");
  CHECK(last != NULL);
  char message[512];
  char *text = render("term-report", figures, message, sizeof message);
  CHECK_CONTAINS(text, "dự báo đến năm 2025");
  free(text);
  cJSON_ReplaceItemInObject(last, "value", cJSON_CreateNumber(-376));
  cJSON_ReplaceItemInObject(last, "low", cJSON_CreateNumber(-531));
  cJSON_ReplaceItemInObject(last, "high", cJSON_CreateNumber(-221));
  text = render_ok("term-report", figures);
  CHECK(text && !strstr(text, "dự báo đến năm"));
  CHECK(text && !strstr(text, "-376"));
  free(text);
  cJSON_ReplaceItemInObject(last, "value", cJSON_CreateNumber(0));
  cJSON_ReplaceItemInObject(last, "low", cJSON_CreateNumber(0));
  cJSON_ReplaceItemInObject(last, "high", cJSON_CreateNumber(12));
  text = render("term-report", figures, message, sizeof message);
  CHECK(text && !strstr(text, "dự báo đến năm"));
  free(text);
  cJSON_Delete(figures);
}

TEST(term_report_lists_the_organisations_with_one_va) {
  cJSON *figures = hai_duong();
  char *text = render_ok("term-report", figures);
  CHECK_CONTAINS(text, "hiện có 68 tổ chức cơ sở đảng, gồm 47 đảng bộ cơ sở, 21 chi bộ cơ sở, với "
                       "393 chi bộ trực thuộc đảng bộ cơ sở; tổng số đảng viên là 4.925 đồng chí.\n");
  free(text);
  cJSON_Delete(figures);
}

TEST(a_change_that_is_not_zero_never_prints_as_zero) {
  cJSON *figures = yearly_rate_figures();
  cJSON *change = support_at(figures, "indicators.duty_good.change");
  cJSON_ReplaceItemInObject(change, "absolute", cJSON_CreateNumber(-0.00001));
  char *text = render_source("{{indicators.duty_good | change}}\n", figures, NULL, 0);
  /* beyond three decimals a change is too small to say (docs/figures.md, rule 3) */
  CHECK_STR(text, "PARAGRAPH0||thay đổi không đáng kể so với năm 2019\n");
  free(text);
  cJSON_ReplaceItemInObject(change, "absolute", cJSON_CreateNumber(-0.004));
  text = render_source("{{indicators.duty_good | change}}\n", figures, NULL, 0);
  CHECK_STR(text, "PARAGRAPH0||giảm 0,004 điểm phần trăm so với năm 2019\n");
  free(text);
  cJSON_ReplaceItemInObject(change, "absolute", cJSON_CreateNumber(0.0005));
  text = render_source("{{indicators.duty_good | change}}\n", figures, NULL, 0);
  CHECK_STR(text, "PARAGRAPH0||tăng 0,001 điểm phần trăm so với năm 2019\n");
  free(text);
  cJSON_ReplaceItemInObject(change, "absolute", cJSON_CreateNumber(0));
  text = render_source("{{indicators.duty_good | change}}\n", figures, NULL, 0);
  CHECK_STR(text, "PARAGRAPH0||không thay đổi so với năm 2019\n");
  free(text);
  cJSON_Delete(figures);
}

TEST(header_leaves_missing_or_blank_fields_null) {
  cJSON *figures = cJSON_Parse(
      "{\"organization\":{\"name\":\"Chi bộ Sở Y tế\",\"issuer\":\"Chi ủy\",\"abbreviation\":\" "
      "\",\"place\":\"\"},\"period\":{\"from\":2016,\"to\":2020},\"document\":{\"type\":\"BC\","
      "\"number\":\"\"},\"indicators\":{}}");
  char *text = render_source_ok("```header\n```\n", figures);
  CHECK_STR(text, "HEADER|(null)|Chi ủy|(null)-BC/(null)|(null)|0-0-0\n");
  free(text);
  cJSON_Delete(figures);
}

TEST(conditions_compare_numbers_with_greater_and_smaller) {
  CHECK_STR(bind_demo("{% if indicators.admissions.term > 900 %}a{% endif %}{% if "
                      "indicators.admissions.term > 977 %}b{% endif %}{% if indicators.admissions.term "
                      "< 1000 %}c{% endif %}{% if organization.name > 0 %}d{% endif %}{% if "
                      "organization.nothing < 1 %}e{% endif %}\n"),
            "PARAGRAPH0||ac\n");
}

TEST(missing_years_list_prints_years_without_a_thousands_dot) {
  cJSON *figures = cJSON_Parse("{\"indicators\":{\"x\":{\"missing_years\":[2017,2018,2019]}}}");
  char *text = render_source("năm {{indicators.x.missing_years | list}}\n", figures, NULL, 0);
  CHECK_STR(text, "PARAGRAPH0||năm 2017, 2018 và 2019\n");
  free(text);
  cJSON_Delete(figures);
}

TEST(targets_table_says_a_count_target_is_yearly) {
  cJSON *figures = cJSON_Parse(
      "{\"organization\":{\"name\":\"Chi bộ X\"},\"period\":{\"from\":2016,\"to\":2018},"
      "\"document\":{},\"indicators\":{\"adm\":{\"id\":\"adm\",\"label\":\"Kết nạp\",\"unit\":"
      "\"đảng viên\",\"kind\":\"count\",\"term\":581,\"years\":{\"2016\":200,\"2017\":191,"
      "\"2018\":190},\"change\":null,\"trend\":null,\"target\":{\"value\":190,\"scope\":\"year\","
      "\"direction\":\"at_least\",\"met\":true,\"years_met\":3,\"years_total\":3},\"units\":null}}}");
  char *text = render_source_ok("```table targets\nBảng\n```\n", figures);
  CHECK_CONTAINS(text, "|1;Kết nạp;190 đảng viên mỗi năm;581 đảng viên;Đạt chỉ tiêu\n");
  free(text);
  cJSON_Delete(figures);
}

TEST(rate_with_only_zero_denominators_renders_as_no_data) {
  cJSON *figures = cJSON_Parse(
      "{\"organization\":{\"name\":\"Chi bộ X\"},\"period\":{\"from\":2016,\"to\":2020},"
      "\"document\":{},\"indicators\":{\"r\":{\"id\":\"r\",\"label\":\"Tỷ lệ R\",\"unit\":\"%\","
      "\"kind\":\"rate\",\"basis\":\"mean\",\"term\":null,\"pooled\":null,\"years\":{},"
      "\"numerator\":{\"2020\":0},\"denominator\":{\"2020\":0},\"change\":{\"first_year\":null,"
      "\"last_year\":null,\"absolute\":null},\"trend\":null,\"target\":null,\"units\":null}}}");
  const char *name = NULL;
  for (size_t i = 0; dossier_template_info(i, &name, NULL) == 0; i++) {
    char *text = render_ok(name, figures);
    if (strcmp(name, "annual-report") != 0) CHECK_CONTAINS(text, "Tỷ lệ R: chưa có số liệu");
    free(text);
  }
  cJSON_Delete(figures);
}
