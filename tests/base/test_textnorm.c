/* Every text of a dossier is normalised once before it is measured or drawn. */
#include <stdlib.h>

#include "check.h"
#include "base/textnorm.h"

static char *norm(const char *s) { return dossier_text_normalize(s, strlen(s)); }

TEST(text_should_be_composed_to_nfc) {
  /* "Hải Dương" typed decomposed: a + combining hook above, u + horn + … */
  char *got = norm("Ha\xCC\x89i Du\xCC\x9Bo\xCC\x9Bng");
  CHECK_STR(got, "Hải Dương");
  free(got);
}

TEST(line_separators_tabs_and_newlines_should_become_spaces) {
  char *got = norm("Sở\xE2\x80\xA8Tài\tchính\r\nHải\xE2\x80\xA9" "Dương\xE3\x80\x80X");
  CHECK_STR(got, "Sở Tài chính  Hải Dương X");
  free(got);
}

TEST(invisible_and_control_characters_should_be_removed) {
  char *got = norm("Chi\xE2\x80\x8B bộ\x07 A\xEF\xBB\xBF\xC2\xAD");
  CHECK_STR(got, "Chi bộ A");
  free(got);
}

TEST(no_break_spaces_should_be_kept) {
  char *got = norm("4.925\xC2\xA0" "đảng viên");
  CHECK_STR(got, "4.925\xC2\xA0" "đảng viên");
  free(got);
}

TEST(invalid_utf8_should_become_replacement_characters) {
  char *got = norm("A\xFF" "B");
  CHECK_STR(got, "A\xEF\xBF\xBD" "B");
  free(got);
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
