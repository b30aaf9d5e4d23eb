/* test_gnuplot_quote.c: the quoting recipe that keeps user text inert in
 * gnuplot. The end-to-end proof that nothing runs is in test_chart.c
 * (chart_injection_*); these cases pin the recipe itself. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "support.h"
#include "render/chart/gnuplot_quote.h"

static void check_quote(const char *input, const char *want) {
  char *got = dossier_gp_quote(input);
  CHECK_STR(got, want);
  free(got);
}

TEST(quote_should_write_quotes_of_the_text_as_joined_double_quoted_quotes) {
  check_quote("Sở 'Tài' chính", "'Sở ' . \"\\047\" . 'Tài' . \"\\047\" . ' chính'");
  check_quote("'; system('touch PWNED') #",
              "'' . \"\\047\" . '; system(' . \"\\047\" . 'touch PWNED' . \"\\047\" . ') #'");
  check_quote("''", "'' . \"\\047\" . '' . \"\\047\" . ''");
}

TEST(quote_should_drop_line_breaks_tabs_and_other_control_characters) {
  check_quote("a\nb\r\nc\td", "'abcd'");
  check_quote("x\n!touch PWNED", "'x!touch PWNED'");
  check_quote("bell\a esc\x1b del\x7f", "'bell esc del'");
  /* C1 controls arrive as UTF-8 C2 80..C2 9F; NEL (U+0085) is a line break to some readers. */
  check_quote("one\xc2\x85two\xc2\x9fthree", "'onetwothree'");
}

TEST(quote_should_drop_trailing_backslashes_that_would_continue_the_line) {
  check_quote("abc\\", "'abc'");
  check_quote("abc\\\\\\", "'abc'");
  check_quote("a\\b", "'a\\b'");
  check_quote("ends with backslash then newline\\\n", "'ends with backslash then newline'");
}

TEST(quote_should_keep_vietnamese_text_backticks_and_macros_as_written) {
  check_quote("Tỷ lệ TCCS đạt trong sạch, vững mạnh", "'Tỷ lệ TCCS đạt trong sạch, vững mạnh'");
  check_quote("`touch PWNED` @macro \"dq\"", "'`touch PWNED` @macro \"dq\"'");
  check_quote("", "''");
  check_quote(NULL, "''");
}

TEST(field_should_not_split_columns_or_end_the_line) {
  dossier_buf s;
  s = (dossier_buf)DOSSIER_BUF_INIT;
  dossier_gp_field(&s, "a\tb\nEOD_x\r\nc\\");
  CHECK(dossier_gp_script_ok(&s));
  CHECK_STR(s.data, "abEOD_xc");
  CHECK(strchr(s.data, '\t') == NULL && strchr(s.data, '\n') == NULL);
  dossier_buf_free(&s);
}

TEST(script_printf_should_append_and_grow) {
  dossier_buf s;
  s = (dossier_buf)DOSSIER_BUF_INIT;
  for (int i = 0; i < 1000; i++) dossier_gp_printf(&s, "line %d\n", i);
  CHECK(dossier_gp_script_ok(&s));
  CHECK(strstr(s.data, "line 0\n") == s.data);
  CHECK_CONTAINS(s.data, "line 999\n");
  dossier_buf_free(&s);
  CHECK(s.data == NULL && s.length == 0);
}

TEST(random_token_should_be_alphanumeric_and_differ_between_calls) {
  char a[DOSSIER_GP_TOKEN_LENGTH + 1], b[DOSSIER_GP_TOKEN_LENGTH + 1];
  CHECK_INT(dossier_gp_random_token(a, sizeof a), 0);
  CHECK_INT(dossier_gp_random_token(b, sizeof b), 0);
  CHECK_INT(strlen(a), DOSSIER_GP_TOKEN_LENGTH);
  CHECK(strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") == strlen(a));
  CHECK(strcmp(a, b) != 0);
  char small[8];
  CHECK_INT(dossier_gp_random_token(small, sizeof small), -1);
  CHECK_STR(small, "");
}

/* dossier_gp_quoted_lines of `text` at `width` must give `want`. */
static void check_quoted_lines(const char *text, size_t width, const char *want) {
  dossier_buf s = DOSSIER_BUF_INIT;
  dossier_gp_quoted_lines(&s, text, width);
  CHECK_STR(s.data, want);
  dossier_buf_free(&s);
}

TEST(quoted_lines_should_break_long_text_at_spaces_into_quoted_lines) {
  check_quoted_lines("Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ", 16,
                     "'Tỷ lệ đảng viên' . \"\\n\" . 'hoàn thành tốt' . \"\\n\" . 'nhiệm vụ'");
  check_quoted_lines("short 'one'\n", 16, "'short ' . \"\\047\" . 'one' . \"\\047\" . ''");
  check_quoted_lines("Supercalifragilistic word", 5, "'Supercalifragilistic' . \"\\n\" . 'word'");
  check_quoted_lines("cut\\ here", 4, "'cut' . \"\\n\" . 'here'");
}

/* Every string of a hostile alphabet, quoted by the recipe and printed by a
 * real gnuplot, must come back exactly as the text minus what the recipe
 * drops: proof that it was read as one string and nothing else. */
TEST(quote_should_survive_gnuplot_for_random_hostile_text) {
  static const char *const pieces[] = {"'", "''", "\"", "`", "\\", ";", "!", " ", "\n", "|",
                                       "<", "@", "#", "$", "x", "é", "EOD", "\t", "system(",
                                       ")", "e", "@GPVAL_TERM", "`echo X`", "\\047", "\\n"};
  enum { CASES = 400 };
  char script_path[1024];
  snprintf(script_path, sizeof script_path, "%s", support_scratch("quote.gp"));
  FILE *script = fopen(script_path, "w");
  CHECK(script != NULL);
  if (!script) return;
  static char expected[CASES][256];
  unsigned seed = 12345u;
  for (int c = 0; c < CASES; c++) {
    char text[256] = "";
    size_t used = 0;
    seed = seed * 1103515245u + 12345u;
    int count = (int)((seed >> 16) % 10);
    for (int k = 0; k < count; k++) {
      seed = seed * 1103515245u + 12345u;
      const char *piece = pieces[(seed >> 16) % (sizeof pieces / sizeof pieces[0])];
      size_t length = strlen(piece);
      if (used + length < sizeof text) {
        memcpy(text + used, piece, length);
        used += length;
        text[used] = '\0';
      }
    }
    /* What the recipe keeps: no tab or newline, no trailing backslash. */
    size_t kept = 0;
    for (size_t i = 0; i < used; i++)
      if (text[i] != '\n' && text[i] != '\t') expected[c][kept++] = text[i];
    while (kept > 0 && expected[c][kept - 1] == '\\') kept--;
    expected[c][kept] = '\0';
    char *quoted = dossier_gp_quote(text);
    fprintf(script, "print %s\n", quoted ? quoted : "");
    free(quoted);
  }
  fprintf(script, "print 'END-OF-CASES'\n");
  fclose(script);
  char command[1100];
  snprintf(command, sizeof command, "gnuplot '%s' 2>&1", script_path);
  FILE *out = popen(command, "r");
  CHECK(out != NULL);
  int c = 0, ended = 0;
  char line[512];
  while (out && fgets(line, sizeof line, out)) {
    line[strcspn(line, "\n")] = '\0';
    if (strcmp(line, "END-OF-CASES") == 0) {
      ended = 1;
      break;
    }
    if (c < CASES && strcmp(line, expected[c]) != 0)
      CHECK_FAIL_AT("case %d: gnuplot printed \"%s\", want \"%s\"", c, line, expected[c]);
    c++;
  }
  if (out) pclose(out);
  CHECK(ended);
  CHECK_INT(c, CASES);
}

TEST(quote_should_replace_bytes_that_are_not_utf8_so_the_svg_stays_xml) {
  check_quote("a\xff" "b\xc3", "'a\xef\xbf\xbd" "b\xef\xbf\xbd'");
  check_quote("x\xef\xbf\xbey", "'x\xef\xbf\xbdy'"); /* U+FFFE */
  check_quote("Tiếng Việt", "'Tiếng Việt'");
}
