/* test_batch.c: the parts of `dossier batch` that decide what is rendered and
 * what is recorded — inputs, manifests, shards, fingerprints, stamps, leftover
 * cleanup and the summary files. (The worker pool and the whole command are
 * exercised by tests/e2e_batch.sh against the real program.)
 *
 * The cli/ sources are compiled into the program, not into a library, so the
 * batch files under test are included here. */
#include "cli/batch/inputs.c"
#include "cli/batch/stamp.c"
#include "cli/batch/summary.c"
#include "cli/batch/progress.c"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "support.h"

/* Writes `text` to dir/name, asserting that it could. */
static void write_in(const char *dir, const char *name, const char *text) {
  CHECK_INT(support_write_file(support_path(dir, name), text), 0);
}

static int exists(const char *dir, const char *name) { return support_exists(support_path(dir, name)); }

/* A new folder of the case's own, asserted made. */
static char *temp_dir(void) {
  char *dir = support_temp_dir("batch");
  CHECK(dir != NULL);
  return dir;
}

static void remove_temp_dir(char *dir) {
  CHECK_INT(support_remove_tree(dir), 0);
  free(dir);
}

/* A list of `n` datasets named d00.json, d01.json, ... (not on disk). */
static void make_list(dossier_batch_list *list, size_t n) {
  memset(list, 0, sizeof *list);
  for (size_t i = 0; i < n; i++) {
    char name[32];
    snprintf(name, sizeof name, "in/d%02zu.json", i);
    dossier_batch_list_add(list, name, NULL);
  }
  dossier_batch_list_finish(list, NULL);
}

TEST(shard_spec_should_accept_k_of_n_and_refuse_the_rest) {
  size_t k = 0, n = 0;
  CHECK(dossier_batch_shard_parse("2/5", &k, &n) == 0);
  CHECK_INT(k, 2);
  CHECK_INT(n, 5);
  CHECK(dossier_batch_shard_parse("1/1", &k, &n) == 0);
  const char *bad[] = {"0/2", "3/2", "2", "/2", "1/", "a/b", "1/2x", "-1/2", " 1/2", "1/0", ""};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    if (dossier_batch_shard_parse(bad[i], &k, &n) == 0) CHECK_FAIL_AT("accepted \"%s\"", bad[i]);
}

TEST(shards_should_cover_every_item_exactly_once) {
  const size_t total = 23, shards = 4;
  int seen[23] = {0};
  for (size_t k = 1; k <= shards; k++) {
    dossier_batch_list list;
    make_list(&list, total);
    dossier_batch_list_shard(&list, k, shards);
    for (size_t i = 0; i < list.count; i++) {
      unsigned index = 0;
      CHECK(sscanf(list.items[i].name, "d%u", &index) == 1 && index < total);
      if (index < total) seen[index]++;
      /* the slice is i mod N of the sorted list, so a shard never depends on
       * which machine or in which order the inputs were named */
      CHECK_INT(index % shards, k - 1);
    }
    dossier_batch_list_free(&list);
  }
  for (size_t i = 0; i < total; i++) CHECK_INT(seen[i], 1);
}

TEST(list_should_be_sorted_by_output_name_whatever_the_operand_order) {
  dossier_batch_list list = {0};
  dossier_batch_list_add(&list, "b/zeta.json", NULL);
  dossier_batch_list_add(&list, "a/alpha.json", NULL);
  dossier_batch_list_add(&list, "c/mid.json", NULL);
  CHECK(dossier_batch_list_finish(&list, NULL) == DOSSIER_OK);
  CHECK_INT(list.count, 3);
  if (list.count == 3) {
    CHECK_STR(list.items[0].name, "alpha");
    CHECK_STR(list.items[1].name, "mid");
    CHECK_STR(list.items[2].name, "zeta");
  }
  CHECK(dossier_batch_list_set_outdir(&list, "out/", NULL) == DOSSIER_OK);
  CHECK_STR(list.items[0].output, "out/alpha.pdf");
  dossier_batch_list_free(&list);
}

TEST(folder_should_give_its_json_files_sorted_without_hidden_or_other_files) {
  char *dir = temp_dir();
  if (!dir) return;
  write_in(dir, "b.json", "{}");
  write_in(dir, "a.json", "{}");
  write_in(dir, ".hidden.json", "{}");
  write_in(dir, "notes.txt", "x");
  write_in(dir, ".json", "{}");
  dossier_batch_list list = {0};
  CHECK(dossier_batch_list_add(&list, dir, NULL) == DOSSIER_OK);
  CHECK_INT(list.count, 2);
  if (list.count == 2) {
    CHECK_STR(list.items[0].name, "a");
    CHECK_STR(list.items[1].name, "b");
    CHECK_CONTAINS(list.items[0].input, "/a.json");
  }
  dossier_batch_list_free(&list);
  remove_temp_dir(dir);
}

TEST(empty_folder_should_give_no_item_and_no_error) {
  char *dir = temp_dir();
  if (!dir) return;
  write_in(dir, "readme.txt", "x");
  dossier_batch_list list = {0};
  CHECK(dossier_batch_list_add(&list, dir, NULL) == DOSSIER_OK);
  CHECK(dossier_batch_list_finish(&list, NULL) == DOSSIER_OK);
  CHECK_INT(list.count, 0);
  dossier_batch_list_free(&list);
  remove_temp_dir(dir);
}

TEST(manifest_should_resolve_lines_against_its_folder_and_skip_comments) {
  char *dir = temp_dir();
  if (!dir) return;
  char sub[300];
  snprintf(sub, sizeof sub, "%s/units", dir);
  mkdir(sub, 0777);
  write_in(sub, "u1.json", "{}");
  write_in(sub, "u2.json", "{}");
  write_in(dir, "office.manifest",
             "\xEF\xBB\xBF# datasets of the office, saved by Notepad with a BOM\n"
             "\n"
             "  one.json  \r\n"
             "   # an indented comment\n"
             "/abs/two.json\n"
             "units\n");
  char manifest[300];
  snprintf(manifest, sizeof manifest, "%s/office.manifest", dir);
  dossier_batch_list list = {0};
  CHECK(dossier_batch_list_add(&list, manifest, NULL) == DOSSIER_OK);
  CHECK(dossier_batch_list_finish(&list, NULL) == DOSSIER_OK);
  CHECK_INT(list.count, 4);
  char want[400];
  if (list.count == 4) {
    snprintf(want, sizeof want, "%s/one.json", dir);
    CHECK_STR(list.items[0].input, want);
    CHECK_STR(list.items[1].input, "/abs/two.json");
    snprintf(want, sizeof want, "%s/units/u1.json", dir);
    CHECK_STR(list.items[2].input, want);
    CHECK_STR(list.items[3].name, "u2");
  }
  dossier_batch_list_free(&list);
  remove_temp_dir(dir);
}

TEST(missing_manifest_should_be_reported_as_missing_input) {
  dossier_diag *diag = dossier_diag_new();
  dossier_batch_list list = {0};
  CHECK(dossier_batch_list_add(&list, "/nonexistent/x.list", diag) == DOSSIER_ERR_NOINPUT);
  CHECK_CONTAINS(dossier_diag_message(diag, 0), "/nonexistent/x.list");
  dossier_batch_list_free(&list);
  dossier_diag_free(diag);
}

TEST(two_files_writing_one_pdf_should_be_refused_naming_both) {
  dossier_diag *diag = dossier_diag_new();
  dossier_batch_list list = {0};
  dossier_batch_list_add(&list, "east/unit.json", diag);
  dossier_batch_list_add(&list, "west/unit.json", diag);
  CHECK(dossier_batch_list_finish(&list, diag) == DOSSIER_ERR_USAGE);
  const char *m = dossier_diag_message(diag, 0);
  CHECK_CONTAINS(m, "east/unit.json");
  CHECK_CONTAINS(m, "west/unit.json");
  CHECK_CONTAINS(m, "unit.pdf");
  dossier_batch_list_free(&list);
  dossier_diag_free(diag);
}

TEST(one_file_named_twice_should_be_rendered_once) {
  dossier_batch_list list = {0};
  dossier_batch_list_add(&list, "fixtures/hai-duong-2015-2020.json", NULL);
  dossier_batch_list_add(&list, "./fixtures/hai-duong-2015-2020.json", NULL);
  CHECK(dossier_batch_list_finish(&list, NULL) == DOSSIER_OK);
  CHECK_INT(list.count, 1);
  dossier_batch_list_free(&list);
}

TEST(fnv1a_should_match_the_published_test_vectors) {
  CHECK(dossier_batch_fnv1a(DOSSIER_BATCH_FNV_OFFSET, "", 0) == UINT64_C(0xcbf29ce484222325));
  CHECK(dossier_batch_fnv1a(DOSSIER_BATCH_FNV_OFFSET, "a", 1) == UINT64_C(0xaf63dc4c8601ec8c));
  CHECK(dossier_batch_fnv1a(DOSSIER_BATCH_FNV_OFFSET, "foobar", 6) == UINT64_C(0x85944171f73967e8));
}

TEST(fingerprint_should_change_with_the_dataset_the_template_or_the_style) {
  char *dir = temp_dir();
  if (!dir) return;
  char path[300];
  snprintf(path, sizeof path, "%s/d.json", dir);
  write_in(dir, "d.json", "{\"a\": 1}");
  uint64_t config = dossier_batch_config_hash(NULL, NULL, NULL);
  uint64_t h1 = 0, h2 = 0, h3 = 0, again = 0;
  CHECK(dossier_batch_item_hash(&h1, config, path, NULL) == 0);
  CHECK(dossier_batch_item_hash(&again, config, path, NULL) == 0);
  CHECK(h1 == again);
  write_in(dir, "d.json", "{\"a\": 2}");
  CHECK(dossier_batch_item_hash(&h2, config, path, NULL) == 0);
  CHECK(h1 != h2);
  CHECK(dossier_batch_item_hash(&h3, dossier_batch_config_hash(NULL, "state", NULL), path, NULL) ==
        0);
  CHECK(h3 != h2);
  CHECK(dossier_batch_config_hash("annual-report", NULL, NULL) != config);
  CHECK(dossier_batch_config_hash(NULL, NULL, "units") != config);
  /* a style's font files are part of the fingerprint */
  char style[300];
  snprintf(style, sizeof style, "%s/my.style.json", dir);
  char style_text[700];
  snprintf(style_text, sizeof style_text, "{\"font\": {\"files\": {\"regular\": \"%s/f.ttf\"}}}", dir);
  write_in(dir, "my.style.json", style_text);
  write_in(dir, "f.ttf", "font version 1");
  uint64_t font1 = dossier_batch_config_hash(NULL, style, NULL);
  write_in(dir, "f.ttf", "font version 2, longer"); /* the size changes even within one timestamp tick */
  CHECK(dossier_batch_config_hash(NULL, style, NULL) != font1);
  uint64_t none = 0;
  CHECK(dossier_batch_item_hash(&none, config, "/nonexistent.json", NULL) == -1);
  remove_temp_dir(dir);
}

TEST(stamp_should_round_trip_and_ignore_damaged_stamps) {
  char *dir = temp_dir();
  if (!dir) return;
  uint64_t hash = 0;
  int pages = 0;
  CHECK(dossier_batch_stamp_read(dir, "org-01", &hash, &pages) == -1);
  CHECK(dossier_batch_stamp_write(dir, "org-01", UINT64_C(0x0123456789abcdef), 8, NULL) ==
        DOSSIER_OK);
  CHECK(dossier_batch_stamp_read(dir, "org-01", &hash, &pages) == 0);
  CHECK(hash == UINT64_C(0x0123456789abcdef));
  CHECK_INT(pages, 8);
  char stamps[300];
  snprintf(stamps, sizeof stamps, "%s/" DOSSIER_BATCH_STAMP_DIR, dir);
  write_in(stamps, "org-02", "dossier-stamp/1 0123"); /* cut short by a crash */
  CHECK(dossier_batch_stamp_read(dir, "org-02", &hash, &pages) == -1);
  write_in(stamps, "org-03", "something else\n");
  CHECK(dossier_batch_stamp_read(dir, "org-03", &hash, &pages) == -1);
  dossier_batch_stamp_remove(dir, "org-01");
  CHECK(dossier_batch_stamp_read(dir, "org-01", &hash, &pages) == -1);
  remove_temp_dir(dir);
}

TEST(cleanup_should_remove_only_the_dead_temporaries_of_the_named_item) {
  char *dir = temp_dir();
  if (!dir) return;
  char stamps[300];
  snprintf(stamps, sizeof stamps, "%s/" DOSSIER_BATCH_STAMP_DIR, dir);
  mkdir(stamps, 0777);
  long dead = support_dead_pid();
  CHECK(dead > 0);
  char mine[2][64], kept[9][64], stamp_mine[64], stamp_live[64];
  snprintf(mine[0], 64, "a.pdf.tmp-%ld-Xy12ab", dead);
  snprintf(mine[1], 64, "a.pdf.tmp-%ld-000000", dead);
  snprintf(kept[0], 64, "a.pdf");
  snprintf(kept[1], 64, "a.pdf.pdf");
  snprintf(kept[2], 64, "a.pdf.sig");     /* the user's detached signature */
  snprintf(kept[3], 64, ".a.pdf.bak");    /* the user's backup */
  snprintf(kept[4], 64, "a.pdf.part");
  snprintf(kept[5], 64, "ab.pdf.tmp-%ld-Xy12ab", dead);  /* another item's */
  snprintf(kept[6], 64, "b.pdf.tmp-%ld-Xy12ab", dead);
  snprintf(kept[7], 64, "a.pdf.tmp-%ld-Xy12ab", (long)getpid()); /* a live run's */
  snprintf(kept[8], 64, "summary.json");
  for (size_t i = 0; i < 2; i++) write_in(dir, mine[i], "x");
  for (size_t i = 0; i < 9; i++) write_in(dir, kept[i], "x");
  snprintf(stamp_mine, 64, "a.tmp-%ld-Qw12er", dead);
  snprintf(stamp_live, 64, "a.tmp-%ld-Qw12er", (long)getpid());
  write_in(stamps, stamp_mine, "x");
  write_in(stamps, stamp_live, "x");
  write_in(stamps, "a", "dossier-stamp/1 0000000000000001 1\n");
  CHECK_INT(dossier_batch_clean_temps(dir, "a"), 3);
  for (size_t i = 0; i < 2; i++)
    if (exists(dir, mine[i])) CHECK_FAIL_AT("%s left", mine[i]);
  for (size_t i = 0; i < 9; i++)
    if (!exists(dir, kept[i])) CHECK_FAIL_AT("%s removed", kept[i]);
  CHECK(!exists(stamps, stamp_mine));
  CHECK(exists(stamps, stamp_live));
  CHECK(exists(stamps, "a"));
  remove_temp_dir(dir);
}

TEST(atomic_write_should_replace_the_file_and_leave_no_temporary) {
  char *dir = temp_dir();
  if (!dir) return;
  char path[300];
  snprintf(path, sizeof path, "%s/summary.json", dir);
  write_in(dir, "summary.json", "old");
  CHECK(dossier_atomic_write_file(path, "new!", 4, NULL) == DOSSIER_OK);
  FILE *f = fopen(path, "r");
  char buf[16] = {0};
  if (f) {
    CHECK_INT(fread(buf, 1, sizeof buf - 1, f), 4);
    fclose(f);
  }
  CHECK_STR(buf, "new!");
  DIR *d = opendir(dir);
  int entries = 0;
  struct dirent *e;
  while (d && (e = readdir(d)) != NULL)
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) entries++;
  if (d) closedir(d);
  CHECK_INT(entries, 1);
  char missing[320];
  snprintf(missing, sizeof missing, "%s/no/such/folder/x.json", dir);
  dossier_diag *diag = dossier_diag_new();
  CHECK(dossier_atomic_write_file(missing, "x", 1, diag) == DOSSIER_ERR_CANTCREAT);
  CHECK_CONTAINS(dossier_diag_message(diag, 0), "x.json");
  dossier_diag_free(diag);
  remove_temp_dir(dir);
}

/* Two items: one rendered, one failed with an awkward error text. */
static void make_outcomes(dossier_batch_list *list) {
  memset(list, 0, sizeof *list);
  dossier_batch_list_add(list, "in/a,b.json", NULL);
  dossier_batch_list_add(list, "in/ok.json", NULL);
  dossier_batch_list_finish(list, NULL);
  dossier_batch_list_set_outdir(list, "out", NULL);
  dossier_batch_item *bad = &list->items[0], *good = &list->items[1];
  bad->state = DOSSIER_BATCH_FAILED;
  bad->exit_code = 65;
  bad->ms = 1.5;
  bad->error = strdup("in/a,b.json:3:7: indicators.x.label: expected \"text\"\nsecond line");
  good->state = DOSSIER_BATCH_OK;
  good->pages = 8;
  good->ms = 12.3;
}

TEST(csv_should_quote_commas_quotes_and_newlines_per_rfc_4180) {
  dossier_batch_list list;
  make_outcomes(&list);
  char *csv = dossier_batch_summary_csv(&list);
  CHECK_STR(csv,
            "input,output,status,pages,ms,exit_code,signal,error\r\n"
            "\"in/a,b.json\",,failed,,1.5,65,,\"in/a,b.json:3:7: indicators.x.label: expected "
            "\"\"text\"\"\nsecond line\"\r\n"
            "in/ok.json,out/ok.pdf,ok,8,12.3,0,,\r\n");
  free(csv);
  dossier_batch_list_free(&list);
}

TEST(summary_json_should_list_every_item_with_its_status_and_error) {
  dossier_batch_list list;
  make_outcomes(&list);
  dossier_batch_run_info info = {NULL, NULL, NULL, 2, 3, 2, 100, 65};
  cJSON *root = dossier_batch_summary_json(&list, &info);
  CHECK(root != NULL);
  if (!root) return;
  const cJSON *items = cJSON_GetObjectItem(root, "items");
  CHECK_INT(cJSON_GetArraySize(items), 2);
  const cJSON *bad = cJSON_GetArrayItem(items, 0), *good = cJSON_GetArrayItem(items, 1);
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(bad, "status")), "failed");
  CHECK(cJSON_IsNull(cJSON_GetObjectItem(bad, "output")));
  CHECK_CONTAINS(cJSON_GetStringValue(cJSON_GetObjectItem(bad, "error")), "\"text\"\nsecond");
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(good, "output")), "out/ok.pdf");
  CHECK_INT(cJSON_GetNumberValue(cJSON_GetObjectItem(good, "pages")), 8);
  CHECK(cJSON_IsNull(cJSON_GetObjectItem(good, "error")));
  const cJSON *counts = cJSON_GetObjectItem(root, "counts");
  CHECK_INT(cJSON_GetNumberValue(cJSON_GetObjectItem(counts, "failed")), 1);
  CHECK_INT(cJSON_GetNumberValue(cJSON_GetObjectItem(counts, "ok")), 1);
  const cJSON *shard = cJSON_GetObjectItem(root, "shard");
  CHECK_INT(cJSON_GetNumberValue(cJSON_GetObjectItem(shard, "index")), 2);
  CHECK_INT(cJSON_GetNumberValue(cJSON_GetObjectItem(root, "exit_status")), 65);
  cJSON_Delete(root);
  dossier_batch_list_free(&list);
}

/* What a run prints for the outcomes of make_outcomes, in `mode`. */
static char *progress_text(dossier_progress_mode mode) {
  dossier_batch_list list;
  make_outcomes(&list);
  char *text = NULL;
  size_t size = 0;
  FILE *out = open_memstream(&text, &size);
  if (!out) return NULL;
  dossier_batch_progress *p = dossier_batch_progress_new(out, mode, 2, 2);
  if (p) {
    dossier_batch_progress_item(p, &list.items[1]);
    dossier_batch_progress_item(p, &list.items[0]);
    dossier_batch_progress_finish(p, &list, "out/summary.json", 1500);
  }
  dossier_batch_progress_free(p);
  fclose(out);
  dossier_batch_list_free(&list);
  return text;
}

TEST(plain_progress_should_give_one_line_per_item_and_the_whole_error) {
  char *text = progress_text(DOSSIER_PROGRESS_LINES);
  CHECK_STR(text, "ok      in/ok.json -> out/ok.pdf (8 pages, 12.3 ms)\n"
                  "FAILED  in/a,b.json\n"
                  "    in/a,b.json:3:7: indicators.x.label: expected \"text\"\n"
                  "    second line\n"
                  "1 rendered, 0 up to date, 1 failed in 1.5 s; summary: out/summary.json\n");
  free(text);
}

TEST(quiet_progress_should_print_failures_only) {
  char *text = progress_text(DOSSIER_PROGRESS_QUIET);
  CHECK_STR(text, "FAILED  in/a,b.json\n"
                  "    in/a,b.json:3:7: indicators.x.label: expected \"text\"\n"
                  "    second line\n");
  free(text);
}

TEST(progress_bar_should_show_count_rate_and_failures_and_be_cleared_at_the_end) {
  char *text = progress_text(DOSSIER_PROGRESS_BAR);
  CHECK_CONTAINS(text, "] 2/2 ");
  CHECK_CONTAINS(text, "/s  left ");
  CHECK_CONTAINS(text, "  1 failed\r"); /* the bar's failure count, at its end */
  CHECK_CONTAINS(text, "\r\033[K1 rendered, 0 up to date, 1 failed");
  free(text);
}
