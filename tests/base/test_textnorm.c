/* Every text of a dossier is normalised once before it is measured or drawn. */
#include <stdlib.h>

#include "check.h"
#include "base/textnorm.h"

/* dossier_text_normalize of `in` must give `want`. */
static void check_norm(const char *in, const char *want) {
  char *got = dossier_text_normalize(in, strlen(in));
  CHECK_STR(got, want);
  free(got);
}

TEST(text_should_be_composed_to_nfc) {
  /* "Hải Dương" typed decomposed: a + combining hook above, u + horn + … */
  check_norm("Ha\xCC\x89i Du\xCC\x9Bo\xCC\x9Bng", "Hải Dương");
}

TEST(line_separators_tabs_and_newlines_should_become_spaces) {
  check_norm("Sở\xE2\x80\xA8Tài\tchính\r\nHải\xE2\x80\xA9" "Dương\xE3\x80\x80X",
             "Sở Tài chính  Hải Dương X");
}

TEST(invisible_and_control_characters_should_be_removed) {
  check_norm("Chi\xE2\x80\x8B bộ\x07 A\xEF\xBB\xBF\xC2\xAD", "Chi bộ A");
}

TEST(no_break_spaces_should_be_kept) {
  check_norm("4.925\xC2\xA0" "đảng viên", "4.925\xC2\xA0" "đảng viên");
}

TEST(invalid_utf8_should_become_replacement_characters) {
  check_norm("A\xFF" "B", "A\xEF\xBF\xBD" "B");
}

TEST(figures_tree_strings_should_be_normalised_but_keys_kept) {
  cJSON *root = cJSON_Parse("{\"units\":[{\"name\":\"S\\u1edf\\u2028K\\u1ebf ho\\u1ea1ch\"}],"
                            "\"a\\u2028b\":\"x\"}");
  CHECK(root != NULL);
  CHECK(dossier_text_normalize_tree(root) == DOSSIER_OK);
  const cJSON *unit = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "units"), 0);
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(unit, "name")), "Sở Kế hoạch");
  CHECK(cJSON_GetObjectItem(root, "a\xE2\x80\xA8" "b") != NULL);
  cJSON_Delete(root);
}
