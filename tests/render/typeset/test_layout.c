/* test_layout.c: the typesetter, measured on the PDFs it writes.
 *
 * Each case builds a dossier_doc by hand, writes it with dossier_pdf_write into
 * a scratch folder and reads the PDF back with poppler (pdftotext -bbox,
 * pdffonts) and qpdf, the way a reviewer of a signed report would. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/limits.h"
#include "check.h"
#include "support.h"
#include "render/doc.h"
#include "render/typeset/pdf.h"
#include "render/typeset/style.h"
#include "render/typeset/style_values.h"

#define MM (72.0 / 25.4)

/* What the writer keeps for the process is released at exit, as main does,
 * so LeakSanitizer checks everything else. */
__attribute__((destructor)) static void release_process_caches(void) { dossier_pdf_shutdown(); }

/* ---- building documents --------------------------------------------------- */

static char *vdup(const char *s) { return dossier_doc_strdup(s, strlen(s)); }

static void add_text_block(dossier_doc *doc, dossier_block_kind kind, int level, const char *marker,
                           const char *text) {
  dossier_block *b = dossier_doc_append(doc, kind);
  b->level = level;
  if (marker) b->marker = vdup(marker);
  dossier_inline_add(&b->text, text, strlen(text), 0);
}

static const char *long_paragraph =
    "Trong nhiệm kỳ, Đảng ủy Khối đã lãnh đạo các tổ chức cơ sở đảng thực hiện tốt công tác "
    "xây dựng Đảng, kết nạp được 977 quần chúng ưu tú vào Đảng, vượt 30,3% so với chỉ tiêu; "
    "tỷ lệ tổ chức cơ sở đảng đạt trong sạch vững mạnh bình quân hằng năm đạt 98,7% (chỉ tiêu "
    "Nghị quyết là 80%). Công tác kiểm tra, giám sát được tiến hành thường xuyên, đúng quy định, "
    "góp phần giữ vững kỷ luật, kỷ cương trong Đảng và nâng cao năng lực lãnh đạo, sức chiến đấu "
    "của tổ chức đảng.";

static void add_header_and_title(dossier_doc *doc) {
  dossier_block *h = dossier_doc_append(doc, DOSSIER_BLOCK_HEADER);
  h->u.header.superior = vdup("Đảng bộ tỉnh Hải Dương");
  h->u.header.issuer = vdup("Đảng ủy Khối các cơ quan tỉnh");
  h->u.header.number = vdup("125");
  h->u.header.type = vdup("BC");
  h->u.header.abbreviation = vdup("ĐUK");
  h->u.header.place = vdup("Hải Dương");
  h->u.header.year = 2020;
  h->u.header.month = 8;
  h->u.header.day = 14;
  dossier_block *t = dossier_doc_append(doc, DOSSIER_BLOCK_TITLE);
  t->u.title.title = vdup("Báo cáo");
  t->u.title.lines = calloc(1, sizeof(char *));
  t->u.title.lines[0] = vdup("tổng kết nhiệm kỳ 2015 - 2020");
  t->u.title.line_count = 1;
}

static void add_table(dossier_doc *doc, size_t rows) {
  dossier_block *b = dossier_doc_append(doc, DOSSIER_BLOCK_TABLE);
  dossier_table *t = &b->u.table;
  dossier_table_init(t, 4, rows);
  const char *head[] = {"STT", "Tổ chức cơ sở đảng", "Số đảng viên", "Kết nạp mới"};
  for (size_t c = 0; c < 4; c++) t->header[c] = vdup(head[c]);
  t->align[0] = DOSSIER_ALIGN_CENTER;
  t->align[2] = t->align[3] = DOSSIER_ALIGN_RIGHT;
  for (size_t r = 0; r < rows; r++) {
    char buf[96];
    snprintf(buf, sizeof buf, "%zu", r + 1);
    t->cells[r * 4] = vdup(buf);
    snprintf(buf, sizeof buf, "Chi bộ Sở Kế hoạch và Đầu tư số %zu", r + 1);
    t->cells[r * 4 + 1] = vdup(buf);
    snprintf(buf, sizeof buf, "%zu", 40 + r % 17);
    t->cells[r * 4 + 2] = vdup(buf);
    snprintf(buf, sizeof buf, "%zu", r % 5);
    t->cells[r * 4 + 3] = vdup(buf);
  }
  t->caption = vdup("Bảng 1. Kết quả kết nạp đảng viên");
}

/* Appends a table of `columns` × `rows`: its header and its cells row by row. */
static dossier_table *add_table_of(dossier_doc *doc, size_t columns, size_t rows,
                                   const char *const *head, const char *const *cells) {
  dossier_table *t = &dossier_doc_append(doc, DOSSIER_BLOCK_TABLE)->u.table;
  dossier_table_init(t, columns, rows);
  for (size_t c = 0; c < columns; c++) t->header[c] = vdup(head[c]);
  for (size_t i = 0; i < columns * rows; i++) t->cells[i] = vdup(cells[i]);
  return t;
}

static void add_signature(dossier_doc *doc) {
  dossier_block *b = dossier_doc_append(doc, DOSSIER_BLOCK_SIGNATURE);
  dossier_signature *s = &b->u.signature;
  s->capacity = vdup("T/M Ban Thường vụ");
  s->position = vdup("Bí thư");
  s->name = vdup("Vũ Tiến Phụng");
  s->recipients = calloc(3, sizeof(char *));
  s->recipients[0] = vdup("Ban Thường vụ Tỉnh ủy");
  s->recipients[1] = vdup("Các đảng bộ, chi bộ cơ sở");
  s->recipients[2] = vdup("Lưu Văn phòng Đảng ủy Khối");
  s->recipient_count = 3;
}

/* A report of a few pages: header, title, headings, paragraphs, a list, a
 * table, the signature and an appendix with a long table. */
static dossier_doc *demo_doc(size_t appendix_rows) {
  dossier_doc *doc = dossier_doc_new();
  doc->info.title = vdup("Báo cáo tổng kết nhiệm kỳ 2015 - 2020");
  doc->info.author = vdup("Đảng ủy Khối các cơ quan tỉnh Hải Dương");
  doc->info.subject = vdup("Tổng kết nhiệm kỳ");
  doc->info.keywords = vdup("đảng viên, kết nạp, Hải Dương");
  doc->info.year = 2020;
  doc->info.month = 8;
  doc->info.day = 14;
  add_header_and_title(doc);
  add_text_block(doc, DOSSIER_BLOCK_HEADING, 1, "I-", "Kết quả thực hiện nhiệm vụ");
  add_text_block(doc, DOSSIER_BLOCK_HEADING, 2, "1.", "Công tác xây dựng Đảng");
  for (int i = 0; i < 6; i++) add_text_block(doc, DOSSIER_BLOCK_PARAGRAPH, 0, NULL, long_paragraph);
  add_text_block(doc, DOSSIER_BLOCK_LIST_ITEM, 1, "-", "Kết nạp 977 đảng viên mới, vượt 30,3% so với chỉ tiêu.");
  add_text_block(doc, DOSSIER_BLOCK_LIST_ITEM, 1, "-", long_paragraph);
  add_table(doc, 8);
  add_text_block(doc, DOSSIER_BLOCK_HEADING, 1, "II-", "Phương hướng nhiệm kỳ 2020 - 2025");
  for (int i = 0; i < 3; i++) add_text_block(doc, DOSSIER_BLOCK_PARAGRAPH, 0, NULL, long_paragraph);
  add_signature(doc);
  if (appendix_rows) {
    dossier_block *a = dossier_doc_append(doc, DOSSIER_BLOCK_APPENDIX);
    a->u.appendix.label = vdup("Phụ lục 1");
    a->u.appendix.title = vdup("Kết quả kết nạp đảng viên của các tổ chức cơ sở đảng");
    a->u.appendix.note = vdup("(Kèm theo Báo cáo số 125-BC/ĐUK ngày 14/8/2020 của Đảng ủy Khối)");
    add_table(doc, appendix_rows);
  }
  return doc;
}

/* ---- files and tools --------------------------------------------------------- */

/* Writes `doc` with the named style to `path`; returns the status and leaves
 * the first message in msg. */
static dossier_status write_doc(const dossier_doc *doc, const char *style_name, const char *path,
                                int *pages, char *msg, size_t msg_size) {
  dossier_style *style = support_style(style_name, NULL, 0);
  if (!style) return DOSSIER_ERR_DATA;
  dossier_diag *diag = dossier_diag_new();
  dossier_status st = dossier_pdf_write(doc, style, NULL, path, pages, diag);
  if (msg) support_first_message(msg, msg_size, diag);
  if (st != DOSSIER_OK) dossier_diag_print(diag, stderr, "pdf: ");
  dossier_diag_free(diag);
  dossier_style_free(style);
  return st;
}

/* A word of pdftotext -bbox, in points from the page's top-left corner. */
typedef struct {
  int page;
  double x0, y0, x1, y1;
  char text[128];
} word;

typedef struct {
  word *words;
  size_t count;
  int pages;
  double page_width, page_height;
} bbox;

static double attr(const char *tag, const char *name) {
  char key[32];
  snprintf(key, sizeof key, " %s=\"", name);
  const char *p = strstr(tag, key);
  return p ? strtod(p + strlen(key), NULL) : -1;
}

static bbox read_bbox(const char *pdf) {
  bbox b = {0};
  char *xml = support_run("pdftotext -bbox '%s' - 2>/dev/null", pdf);
  if (!xml) return b;
  size_t cap = 1024;
  b.words = malloc(cap * sizeof *b.words);
  for (const char *p = xml; (p = strchr(p, '<')) != NULL; p++) {
    if (strncmp(p, "<page ", 6) == 0) {
      b.pages++;
      b.page_width = attr(p, "width");
      b.page_height = attr(p, "height");
    } else if (strncmp(p, "<word ", 6) == 0) {
      if (b.count == cap) b.words = realloc(b.words, (cap *= 2) * sizeof *b.words);
      word *w = &b.words[b.count++];
      w->page = b.pages;
      w->x0 = attr(p, "xMin");
      w->y0 = attr(p, "yMin");
      w->x1 = attr(p, "xMax");
      w->y1 = attr(p, "yMax");
      const char *start = strchr(p, '>') + 1, *end = strstr(start, "</word>");
      size_t n = (size_t)(end - start) < sizeof w->text - 1 ? (size_t)(end - start) : sizeof w->text - 1;
      memcpy(w->text, start, n);
      w->text[n] = '\0';
    }
  }
  free(xml);
  return b;
}

static const word *find_word(const bbox *b, int page, const char *text) {
  for (size_t i = 0; i < b->count; i++)
    if ((page == 0 || b->words[i].page == page) && strcmp(b->words[i].text, text) == 0)
      return &b->words[i];
  return NULL;
}

static const char *demo_pdf(void) {
  static char path[1024];
  if (!path[0]) {
    snprintf(path, sizeof path, "%s", support_scratch("demo.pdf"));
    dossier_doc *doc = demo_doc(150);
    int pages = 0;
    CHECK_INT(write_doc(doc, "party", path, &pages, NULL, 0), DOSSIER_OK);
    CHECK(pages >= 6);
    dossier_doc_free(doc);
  }
  return path;
}

/* ---- the cases ------------------------------------------------------------------ */

TEST(every_word_should_lie_inside_the_margins) {
  dossier_style *s = support_style("party", NULL, 0);
  bbox b = read_bbox(demo_pdf());
  CHECK(b.count > 1000);
  size_t outside = 0;
  for (size_t i = 0; i < b.count; i++) {
    const word *w = &b.words[i];
    int is_number = w->y1 <= s->margin_top; /* page numbers live in the top margin */
    if (is_number) continue;
    if (w->x0 < s->margin_left - 0.5 || w->x1 > s->page_width - s->margin_right + 0.5 ||
        w->y1 > s->page_height - s->margin_bottom + 0.5 || w->y0 < s->margin_top - 0.5) {
      if (outside++ < 5)
        fprintf(stderr, "outside: page %d '%s' %.1f %.1f %.1f %.1f\n", w->page, w->text, w->x0,
                w->y0, w->x1, w->y1);
    }
  }
  CHECK_INT(outside, 0);
  free(b.words);
  dossier_style_free(s);
}

TEST(page_numbers_should_be_centred_in_the_top_margin_from_page_two) {
  dossier_style *s = support_style("party", NULL, 0);
  bbox b = read_bbox(demo_pdf());
  CHECK(b.pages >= 6);
  double centre = s->margin_left + (s->page_width - s->margin_left - s->margin_right) / 2;
  for (int page = 1; page <= b.pages; page++) {
    const word *number = NULL;
    int in_margin = 0;
    for (size_t i = 0; i < b.count; i++)
      if (b.words[i].page == page && b.words[i].y1 <= s->margin_top) {
        in_margin++;
        number = &b.words[i];
      }
    if (page == 1) {
      CHECK_INT(in_margin, 0);
      continue;
    }
    CHECK_INT(in_margin, 1);
    if (!number) continue;
    CHECK_INT(strtol(number->text, NULL, 10), page);
    CHECK_NEAR((number->x0 + number->x1) / 2, centre, 1 * MM);
  }
  free(b.words);
  dossier_style_free(s);
}

TEST(justified_lines_should_end_on_the_right_margin) {
  dossier_style *s = support_style("party", NULL, 0);
  dossier_doc *doc = dossier_doc_new();
  for (int i = 0; i < 4; i++) add_text_block(doc, DOSSIER_BLOCK_PARAGRAPH, 0, NULL, long_paragraph);
  const char *path = support_scratch("justified.pdf");
  CHECK_INT(write_doc(doc, "party", path, NULL, NULL, 0), DOSSIER_OK);
  bbox b = read_bbox(path);
  double right = s->page_width - s->margin_right;
  /* the rightmost word of each baseline ends the line */
  size_t lines = 0, flush = 0;
  for (size_t i = 0; i < b.count; i++) {
    const word *w = &b.words[i];
    int last_on_line = 1;
    for (size_t j = 0; j < b.count; j++)
      if (j != i && fabs(b.words[j].y0 - w->y0) < 1 && b.words[j].x0 > w->x0) last_on_line = 0;
    if (!last_on_line) continue;
    lines++;
    if (fabs(w->x1 - right) < 0.5) flush++;
    else CHECK(w->x1 < right - 20); /* a ragged last line stops well short */
  }
  CHECK(lines >= 20);
  CHECK_INT(flush, lines - 4); /* every line but the last of each paragraph */
  free(b.words);
  dossier_doc_free(doc);
  dossier_style_free(s);
}

TEST(table_of_150_rows_should_repeat_its_header_row_on_every_page) {
  bbox b = read_bbox(demo_pdf());
  const word *appendix = find_word(&b, 0, "Phụ");
  int first = 0;
  for (size_t i = 0; i < b.count; i++)
    if (strcmp(b.words[i].text, "Phụ") == 0 && i + 1 < b.count && strcmp(b.words[i + 1].text, "lục") == 0)
      first = b.words[i].page;
  CHECK(appendix != NULL);
  CHECK(first > 1);
  CHECK(b.pages > first + 2); /* 150 rows take several pages */
  int rows_seen[151] = {0};
  for (int page = first; page <= b.pages; page++) {
    const word *head = find_word(&b, page, "STT");
    CHECK(head != NULL);
    /* the header row is the first thing under the page's top margin (after the appendix titles) */
    for (size_t i = 0; head && i < b.count; i++) {
      const word *w = &b.words[i];
      if (w->page == page && w->x1 < head->x1 + 20 && w->x0 > head->x0 - 20 && w->y0 > head->y1) {
        int n = (int)strtol(w->text, NULL, 10);
        if (n >= 1 && n <= 150) rows_seen[n]++;
      }
    }
  }
  int all = 1;
  for (int r = 1; r <= 150; r++)
    if (rows_seen[r] != 1) all = 0;
  CHECK(all); /* every row exactly once, none lost at a page break */
  free(b.words);
}

TEST(header_block_should_sit_where_the_style_puts_it) {
  dossier_style *s = support_style("party", NULL, 0);
  bbox b = read_bbox(demo_pdf());
  double left_centre = s->margin_left + s->header_left_x + s->header_left_width / 2;
  double right_centre = s->margin_left + s->header_right_x + s->header_right_width / 2;
  const word *dang = find_word(&b, 1, "ĐẢNG");     /* "ĐẢNG BỘ TỈNH HẢI DƯƠNG" starts the left column */
  const word *duong = find_word(&b, 1, "DƯƠNG");
  const word *cong = find_word(&b, 1, "CỘNG");     /* the motto */
  const word *nam = find_word(&b, 1, "NAM");
  const word *so = find_word(&b, 1, "Số");
  const word *number = find_word(&b, 1, "125-BC/ĐUK");
  const word *star = find_word(&b, 1, "*");
  CHECK(dang && duong && cong && nam && so && number && star);
  if (dang && duong && cong && nam && so && number && star) {
    CHECK_NEAR((dang->x0 + duong->x1) / 2, left_centre, 1 * MM);
    CHECK_NEAR((so->x0 + number->x1) / 2, left_centre, 1 * MM);
    CHECK_NEAR((star->x0 + star->x1) / 2, left_centre, 1 * MM);
    /* the motto's words: its first word is the second "ĐẢNG" of the page, on the right */
    const word *motto_first = NULL;
    for (size_t i = 0; i < b.count; i++)
      if (b.words[i].page == 1 && strcmp(b.words[i].text, "ĐẢNG") == 0 && b.words[i].x0 > left_centre)
        motto_first = &b.words[i];
    CHECK(motto_first != NULL);
    if (motto_first) CHECK_NEAR((motto_first->x0 + nam->x1) / 2, right_centre, 1 * MM);
    /* no two words of page 1 overlap (the columns share no ink) */
    for (size_t i = 0; i < b.count; i++)
      for (size_t j = i + 1; j < b.count; j++) {
        const word *u = &b.words[i], *v = &b.words[j];
        if (u->page != 1 || v->page != 1) continue;
        int overlap = u->x0 < v->x1 - 0.5 && v->x0 < u->x1 - 0.5 && u->y0 < v->y1 - 0.5 &&
                      v->y0 < u->y1 - 0.5;
        if (overlap) fprintf(stderr, "overlap: '%s' and '%s'\n", u->text, v->text);
        CHECK(!overlap);
      }
    /* the first lines start at the top margin: cap height below the line top */
    CHECK_NEAR(dang->y0, s->margin_top, 3 * MM);
    CHECK_NEAR(dang->y0, motto_first ? motto_first->y0 : 0, 3 * MM);
  }
  free(b.words);
  dossier_style_free(s);
}

TEST(fonts_should_be_only_embedded_liberation_serif) {
  char *out = support_run("pdffonts '%s' 2>&1", demo_pdf());
  CHECK(out != NULL);
  if (!out) return;
  int fonts = 0;
  for (char *line = out, *end; *line; line = end + 1) {
    end = strchr(line, '\n');
    if (!end) break;
    *end = '\0';
    if (strncmp(line, "name", 4) == 0 || strncmp(line, "----", 4) == 0) continue;
    fonts++;
    CHECK_CONTAINS(line, "LiberationSerif");
    CHECK_CONTAINS(line, "CID TrueType");
    CHECK_CONTAINS(line, " yes yes yes ");
  }
  CHECK(fonts >= 3); /* regular, bold, italic at least */
  free(out);
}

TEST(qpdf_check_should_pass) {
  char *out = support_run("qpdf --check '%s' 2>&1; echo \"exit=$?\"", demo_pdf());
  CHECK_CONTAINS(out, "No syntax or stream encoding errors found");
  CHECK_CONTAINS(out, "exit=0");
  free(out);
}

TEST(text_should_read_back_with_diacritics_and_no_warning) {
  char *out = support_run("pdftotext -layout '%s' - 2>&1", demo_pdf());
  CHECK_CONTAINS(out, "ĐẢNG CỘNG SẢN VIỆT NAM");
  CHECK_CONTAINS(out, "ĐẢNG ỦY KHỐI\n"); /* wrapped, balanced, in its column */
  CHECK_CONTAINS(out, "CÁC CƠ QUAN TỈNH\n");
  CHECK_CONTAINS(out, "Số 125-BC/ĐUK");
  CHECK_CONTAINS(out, "Hải Dương, ngày 14 tháng 8 năm 2020");
  CHECK_CONTAINS(out, "BÁO CÁO");
  CHECK_CONTAINS(out, "vượt 30,3% so với chỉ tiêu");
  CHECK_CONTAINS(out, "Nơi nhận:");
  CHECK_CONTAINS(out, "- Lưu Văn phòng Đảng ủy Khối.");
  CHECK_CONTAINS(out, "T/M BAN THƯỜNG VỤ");
  CHECK_CONTAINS(out, "Vũ Tiến Phụng");
  CHECK_CONTAINS(out, "Phụ lục 1");
  CHECK(strstr(out, "Syntax Warning") == NULL);
  CHECK(strstr(out, "Error") == NULL);
  free(out);
}

TEST(metadata_and_bookmarks_should_carry_vietnamese_titles) {
  char *info = support_run("pdfinfo '%s' 2>&1", demo_pdf());
  CHECK_CONTAINS(info, "Báo cáo tổng kết nhiệm kỳ 2015 - 2020");
  CHECK_CONTAINS(info, "Đảng ủy Khối các cơ quan tỉnh Hải Dương");
  CHECK_CONTAINS(info, "2020");
  free(info);
  char *outline = support_run("qpdf --json --json-key=outlines '%s' 2>&1", demo_pdf());
  CHECK_CONTAINS(outline, "I- Kết quả thực hiện nhiệm vụ");
  CHECK_CONTAINS(outline, "1. Công tác xây dựng Đảng");
  CHECK_CONTAINS(outline, "Phụ lục 1: Kết quả kết nạp đảng viên");
  free(outline);
}

TEST(same_inputs_should_give_the_same_bytes) {
  dossier_doc *doc = demo_doc(20);
  const char *a = support_scratch("same-a.pdf"), *b = support_scratch("same-b.pdf");
  CHECK_INT(write_doc(doc, "party", a, NULL, NULL, 0), DOSSIER_OK);
  sleep(1); /* libharu's own /ID would change with the clock */
  CHECK_INT(write_doc(doc, "party", b, NULL, NULL, 0), DOSSIER_OK);
  char *out = support_run("cmp '%s' '%s' && echo same", a, b);
  CHECK_CONTAINS(out, "same");
  free(out);
  char *id = support_run("qpdf --show-object=trailer '%s'", a);
  CHECK_CONTAINS(id, "/ID");
  free(id);
  dossier_doc_free(doc);
}

TEST(a_character_the_font_lacks_should_be_named_and_nothing_written) {
  dossier_doc *doc = dossier_doc_new();
  add_text_block(doc, DOSSIER_BLOCK_PARAGRAPH, 0, NULL, "Tên đơn vị: 中文");
  const char *path = support_scratch("missing-glyph.pdf");
  char msg[1024] = "";
  CHECK_INT(write_doc(doc, "party", path, NULL, msg, sizeof msg), DOSSIER_ERR_DATA);
  CHECK_CONTAINS(msg, "U+4E2D");
  CHECK_CONTAINS(msg, "LiberationSerif-Regular.ttf");
  struct stat st;
  CHECK(stat(path, &st) != 0);
  dossier_doc_free(doc);
}

TEST(a_failed_write_should_keep_the_existing_file_and_leave_no_temporary) {
  const char *path = support_scratch("keep.pdf");
  CHECK_INT(support_write_file(path, "old report"), 0);
  dossier_doc *doc = dossier_doc_new();
  add_text_block(doc, DOSSIER_BLOCK_PARAGRAPH, 0, NULL, "Ký tự lạ: 😀");
  CHECK(write_doc(doc, "party", path, NULL, NULL, 0) != DOSSIER_OK);
  char *out = support_run("cat '%s'; ls '%s' | grep -c tmp-", path, support_scratch(""));
  CHECK_STR(out, "old report0\n");
  free(out);
  char msg[512] = "";
  CHECK_INT(write_doc(doc, "party", "/nonexistent-dir/x.pdf", NULL, msg, sizeof msg), DOSSIER_ERR_DATA);
  dossier_doc_free(doc);
  doc = demo_doc(0);
  CHECK_INT(write_doc(doc, "party", "/nonexistent-dir/x.pdf", NULL, msg, sizeof msg),
            DOSSIER_ERR_CANTCREAT);
  CHECK_CONTAINS(msg, "/nonexistent-dir/x.pdf");
  dossier_doc_free(doc);
}

TEST(a_word_longer_than_the_line_should_be_broken_inside_the_margins) {
  dossier_style *s = support_style("party", NULL, 0);
  dossier_doc *doc = dossier_doc_new();
  char long_word[2048];
  size_t k = (size_t)snprintf(long_word, sizeof long_word, "Mã:");
  for (int i = 0; i < 120; i++) k += (size_t)snprintf(long_word + k, sizeof long_word - k, "Đ");
  snprintf(long_word + k, sizeof long_word - k, " và tiếp theo.");
  add_text_block(doc, DOSSIER_BLOCK_PARAGRAPH, 0, NULL, long_word);
  add_table_of(doc, 2, 1, (const char *[]){"A", "B"}, (const char *[]){long_word, "1"});
  const char *path = support_scratch("long-word.pdf");
  CHECK_INT(write_doc(doc, "party", path, NULL, NULL, 0), DOSSIER_OK);
  bbox b = read_bbox(path);
  size_t dd = 0;
  for (size_t i = 0; i < b.count; i++) {
    CHECK(b.words[i].x1 <= s->page_width - s->margin_right + 0.5);
    CHECK(b.words[i].x0 >= s->margin_left - 0.5);
    for (const char *p = b.words[i].text; (p = strstr(p, "Đ")) != NULL; p += strlen("Đ")) dd++;
  }
  CHECK_INT(dd, 240); /* nothing lost at the breaks */
  free(b.words);
  dossier_doc_free(doc);
  dossier_style_free(s);
}

TEST(state_style_should_write_the_state_motto_and_number) {
  dossier_doc *doc = demo_doc(0);
  dossier_block *h = &doc->blocks[0];
  free(h->u.header.number);
  h->u.header.number = vdup("15");
  const char *path = support_scratch("state.pdf");
  CHECK_INT(write_doc(doc, "state", path, NULL, NULL, 0), DOSSIER_OK);
  char *out = support_run("pdftotext -layout '%s' - 2>&1", path);
  CHECK_CONTAINS(out, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
  CHECK_CONTAINS(out, "Độc lập - Tự do - Hạnh phúc");
  CHECK_CONTAINS(out, "Số: 15/BC-ĐUK");
  free(out);
  dossier_doc_free(doc);
}

/* The party style with another font family, written to the scratch folder. */
static const char *party_style_with_family(const char *family, const char *name) {
  char with[256];
  snprintf(with, sizeof with, "\"family\": \"%s\"", family);
  const char *path =
      support_edited_copy("templates/party.style.json", "\"family\": \"Liberation Serif\"", with, name);
  CHECK(path != NULL);
  return path ? path : "";
}

TEST(a_family_with_nested_composite_glyphs_should_be_refused_naming_the_letters) {
  /* DejaVu Serif is found through fontconfig; libharu 2.3.0 would drop the
   * upper accent of "ế" and print "Tieng" for "Tiếng" */
  const char *style = party_style_with_family("DejaVu Serif", "dejavu.style.json");
  dossier_doc *doc = dossier_doc_new();
  add_text_block(doc, DOSSIER_BLOCK_PARAGRAPH, 0, NULL, "Tiếng Việt có dấu: kết nạp.");
  const char *path = support_scratch("dejavu.pdf");
  char msg[1024] = "";
  dossier_status st = write_doc(doc, style, path, NULL, msg, sizeof msg);
  char *fc = support_run("fc-match -f '%%{file}' 'DejaVu Serif'");
  if (fc && strstr(fc, "DejaVuSerif.ttf")) { /* the family is installed here */
    CHECK_INT(st, DOSSIER_ERR_UNAVAILABLE);
    CHECK_CONTAINS(msg, "DejaVuSerif.ttf");
    CHECK_CONTAINS(msg, "nested composite");
    CHECK_CONTAINS(msg, "U+1EBF"); /* ế */
    struct stat sb;
    CHECK(stat(path, &sb) != 0);
  } else {
    fprintf(stderr, "DejaVu Serif not installed: only the fallback is exercised\n");
    CHECK_INT(st, DOSSIER_OK);
  }
  free(fc);
  dossier_doc_free(doc);
}

TEST(an_unknown_family_should_fall_back_to_the_style_files) {
  const char *style = party_style_with_family("No Such Family 2020", "nofamily.style.json");
  dossier_doc *doc = dossier_doc_new();
  add_text_block(doc, DOSSIER_BLOCK_PARAGRAPH, 0, NULL, "Tiếng Việt có dấu.");
  const char *path = support_scratch("nofamily.pdf");
  CHECK_INT(write_doc(doc, style, path, NULL, NULL, 0), DOSSIER_OK);
  char *fonts = support_run("pdffonts '%s'", path);
  CHECK_CONTAINS(fonts, "LiberationSerif");
  free(fonts);
  char *text = support_run("pdftotext '%s' - 2>&1", path);
  CHECK_CONTAINS(text, "Tiếng Việt có dấu.");
  free(text);
  dossier_doc_free(doc);
}

TEST(a_table_row_taller_than_a_page_should_continue_on_the_next_page) {
  dossier_style *s = support_style("party", NULL, 0);
  dossier_doc *doc = dossier_doc_new();
  add_text_block(doc, DOSSIER_BLOCK_PARAGRAPH, 0, NULL, long_paragraph);
  char big[32768];
  size_t k = 0;
  for (int i = 0; i < 24; i++)
    k += (size_t)snprintf(big + k, sizeof big - k, "Đoạn%02d %s ", i, long_paragraph);
  add_table_of(doc, 2, 2, (const char *[]){"Nội dung", "Ghi chú"},
               (const char *[]){big, "1", "Dòng cuối", "2"});
  const char *path = support_scratch("tall-row.pdf");
  int pages = 0;
  CHECK_INT(write_doc(doc, "party", path, &pages, NULL, 0), DOSSIER_OK);
  CHECK(pages >= 3);
  bbox b = read_bbox(path);
  int marks = 0, heads = 0;
  for (size_t i = 0; i < b.count; i++) {
    const word *w = &b.words[i];
    if (w->y1 <= s->margin_top) continue; /* page numbers */
    CHECK(w->y1 <= s->page_height - s->margin_bottom + 0.5);
    if (strncmp(w->text, "Đoạn", strlen("Đoạn")) == 0) marks++;
    if (strcmp(w->text, "Ghi") == 0) heads++;
  }
  CHECK_INT(marks, 24);     /* every line of the tall cell printed once */
  CHECK_INT(heads, pages);  /* the header row on each page the table spans */
  CHECK(find_word(&b, 0, "cuối") != NULL);
  free(b.words);
  dossier_doc_free(doc);
  dossier_style_free(s);
}

/* The lines of one page's body text, top-down: y and whether it starts a
 * paragraph (its first word sits at the first-line indent). */
static size_t page_lines(const bbox *b, const dossier_style *s, int page, double *y, int *starts,
                         size_t max) {
  size_t n = 0;
  for (size_t i = 0; i < b->count; i++) {
    const word *w = &b->words[i];
    if (w->page != page || w->y1 <= s->margin_top) continue;
    size_t j = 0;
    while (j < n && fabs(y[j] - w->y0) > 1) j++;
    if (j == n && n < max) {
      y[n] = w->y0;
      starts[n] = 0;
      n++;
    }
    if (j < n && fabs(w->x0 - (s->margin_left + s->el[DOSSIER_EL_BODY].first_indent)) < 0.5)
      starts[j] = 1;
  }
  /* sort top-down */
  for (size_t a = 1; a < n; a++)
    for (size_t c = a; c > 0 && y[c] < y[c - 1]; c--) {
      double ty = y[c]; y[c] = y[c - 1]; y[c - 1] = ty;
      int ts = starts[c]; starts[c] = starts[c - 1]; starts[c - 1] = ts;
    }
  return n;
}

TEST(a_paragraph_split_by_a_page_should_keep_two_lines_on_each_side) {
  dossier_style *s = support_style("party", NULL, 0);
  dossier_doc *doc = dossier_doc_new();
  /* paragraphs of 3 to 6 lines in no period, so page breaks fall inside them */
  add_text_block(doc, DOSSIER_BLOCK_PARAGRAPH, 0, NULL, "Mở đầu.");
  size_t full = strlen(long_paragraph);
  for (int i = 0; i < 40; i++) {
    size_t cut = full - (size_t)((i * 7 + i / 3) % 4) * 130;
    while (cut < full && (long_paragraph[cut] & 0xC0) == 0x80) cut++; /* whole characters */
    dossier_block *b = dossier_doc_append(doc, DOSSIER_BLOCK_PARAGRAPH);
    dossier_inline_add(&b->text, long_paragraph, cut, 0);
  }
  const char *path = support_scratch("widows.pdf");
  int pages = 0;
  CHECK_INT(write_doc(doc, "party", path, &pages, NULL, 0), DOSSIER_OK);
  CHECK(pages >= 4);
  bbox b = read_bbox(path);
  int splits = 0;
  for (int page = 1; page <= b.pages; page++) {
    double y[128];
    int starts[128];
    size_t n = page_lines(&b, s, page, y, starts, 128);
    size_t first_start = 0, last_start = 0;
    while (first_start < n && !starts[first_start]) first_start++;
    for (size_t i = 0; i < n; i++)
      if (starts[i]) last_start = i;
    if (first_start > 0) { /* the tail of a paragraph from the page before */
      CHECK(first_start >= 2);
      splits++;
    }
    if (page < b.pages) {
      double next[128];
      int next_starts[128];
      size_t m = page_lines(&b, s, page + 1, next, next_starts, 128);
      if (m > 0 && !next_starts[0]) CHECK(n - last_start >= 2); /* its head here */
    }
  }
  CHECK(splits >= 1); /* the case did exercise a split */
  free(b.words);
  dossier_doc_free(doc);
  dossier_style_free(s);
}

TEST(without_a_document_date_source_date_epoch_should_date_the_pdf) {
  dossier_doc *doc = dossier_doc_new();
  add_text_block(doc, DOSSIER_BLOCK_PARAGRAPH, 0, NULL, "Báo cáo không ghi ngày.");
  const char *a = support_scratch("epoch-a.pdf"), *b = support_scratch("epoch-b.pdf");
  setenv("SOURCE_DATE_EPOCH", "1597363200", 1); /* 2020-08-14 00:00:00 UTC */
  CHECK_INT(write_doc(doc, "party", a, NULL, NULL, 0), DOSSIER_OK);
  unsetenv("SOURCE_DATE_EPOCH");
  CHECK_INT(write_doc(doc, "party", b, NULL, NULL, 0), DOSSIER_OK);
  char *info = support_run("pdfinfo '%s'", a);
  CHECK_CONTAINS(info, "Aug 14 00:00:00 2020");
  free(info);
  info = support_run("pdfinfo '%s'", b);
  CHECK(strstr(info, "CreationDate") == NULL); /* never the clock */
  free(info);
  dossier_doc_free(doc);
}

/* ---- the output file (#8, #13) ------------------------------------------------------ */

static dossier_doc *small_doc(void) {
  dossier_doc *doc = dossier_doc_new();
  add_text_block(doc, DOSSIER_BLOCK_PARAGRAPH, 0, NULL, "Báo cáo ngắn.");
  return doc;
}

/* Writes a small doc to `path`, expecting a refusal whose message names the
 * path and says `why`. */
static void check_refused(const char *path, const char *why) {
  dossier_doc *doc = small_doc();
  char msg[1024] = "";
  CHECK_INT(write_doc(doc, "party", path, NULL, msg, sizeof msg), DOSSIER_ERR_CANTCREAT);
  CHECK_CONTAINS(msg, path);
  CHECK_CONTAINS(msg, why);
  dossier_doc_free(doc);
}

TEST(a_read_only_signed_pdf_should_be_refused_and_kept) {
  const char *path = support_scratch("signed.pdf");
  CHECK_INT(support_write_file(path, "signed report"), 0);
  CHECK(chmod(path, 0444) == 0);
  check_refused(path, "is read-only; remove it or choose another name");
  char *out = support_run("cat '%s'; stat -c ' %%a' '%s'", path, path);
  CHECK_STR(out, "signed report 444\n");
  free(out);
}

TEST(a_symbolic_link_output_should_be_refused_and_its_target_kept) {
  const char *target = support_scratch("link-target.pdf");
  const char *link = support_scratch("link.pdf");
  CHECK_INT(support_write_file(target, "the real report"), 0);
  CHECK(symlink(target, link) == 0);
  check_refused(link, "is a symbolic link; give the real path");
  struct stat sb;
  CHECK(lstat(link, &sb) == 0 && S_ISLNK(sb.st_mode));
  char *out = support_run("cat '%s'", target);
  CHECK_STR(out, "the real report");
  free(out);
}

TEST(a_fifo_or_a_folder_as_output_should_be_refused_and_kept) {
  /* a FIFO stands for a device node (never a device under /dev in a test: it may run as root) */
  const char *fifo = support_scratch("out-fifo.pdf");
  CHECK(mkfifo(fifo, 0644) == 0);
  check_refused(fifo, "is not a regular file");
  struct stat sb;
  CHECK(lstat(fifo, &sb) == 0 && S_ISFIFO(sb.st_mode));
  const char *dir = support_scratch("out-dir.pdf");
  CHECK(mkdir(dir, 0755) == 0);
  check_refused(dir, "is a folder");
  CHECK(lstat(dir, &sb) == 0 && S_ISDIR(sb.st_mode));
  char *left = support_run("ls '%s' | grep -c 'out-.*tmp-'", support_scratch(""));
  CHECK_STR(left, "0\n");
  free(left);
}

TEST(replacing_a_file_should_keep_its_permission_bits) {
  const char *path = support_scratch("private.pdf");
  CHECK_INT(support_write_file(path, "old"), 0);
  CHECK(chmod(path, 0640) == 0);
  dossier_doc *doc = small_doc();
  CHECK_INT(write_doc(doc, "party", path, NULL, NULL, 0), DOSSIER_OK);
  char *out = support_run("stat -c '%%a' '%s'; head -c 5 '%s'", path, path);
  CHECK_STR(out, "640\n%PDF-");
  free(out);
  dossier_doc_free(doc);
}

TEST(a_temporary_left_by_a_killed_render_should_be_removed_and_a_live_one_kept) {
  long child = support_dead_pid(); /* reaped: its pid names no process now */
  CHECK(child > 0);
  const char *out_path = support_scratch("rerun.pdf");
  char stale[600], live[600], other[600];
  snprintf(stale, sizeof stale, "%s.tmp-%ld-Ab3xYz", out_path, child);
  snprintf(live, sizeof live, "%s.tmp-%ld-Qw9eRt", out_path, (long)getpid());
  snprintf(other, sizeof other, "%s.tmp-%ld-Ab3xYz", support_scratch("other.pdf"), child);
  CHECK_INT(support_write_file(stale, "%PDF-1.4 half"), 0);
  CHECK_INT(support_write_file(live, "%PDF-1.4 in progress"), 0);
  CHECK_INT(support_write_file(other, "%PDF-1.4 another output"), 0);
  dossier_doc *doc = small_doc();
  CHECK_INT(write_doc(doc, "party", out_path, NULL, NULL, 0), DOSSIER_OK);
  struct stat sb;
  CHECK(stat(stale, &sb) != 0);  /* the dead process's temporary is gone */
  CHECK(stat(live, &sb) == 0);   /* a running render's is not touched */
  CHECK(stat(other, &sb) == 0);  /* nor another output's */
  CHECK(stat(out_path, &sb) == 0 && S_ISREG(sb.st_mode));
  dossier_doc_free(doc);
}

/* ---- the header block (#10, #11) ---------------------------------------------------- */

static dossier_doc *header_doc(const char *place, int year, int month, int day) {
  dossier_doc *doc = demo_doc(0);
  dossier_header *h = &doc->blocks[0].u.header;
  free(h->place);
  h->place = place ? vdup(place) : NULL;
  h->year = year;
  h->month = month;
  h->day = day;
  return doc;
}

/* The page-1 words above the title "BÁO CÁO", sorted into the header's columns
 * by their centre. */
static void header_words(const bbox *b, const dossier_style *s, const word **left, size_t *nl,
                         const word **right, size_t *nr) {
  const word *title = find_word(b, 1, "BÁO");
  double split = s->margin_left + (s->header_left_x + s->header_left_width + s->header_right_x) / 2;
  *nl = *nr = 0;
  for (size_t i = 0; title && i < b->count; i++) {
    const word *w = &b->words[i];
    if (w->page != 1 || w->y0 >= title->y0 - 1) continue;
    if ((w->x0 + w->x1) / 2 < split) left[(*nl)++] = w;
    else right[(*nr)++] = w;
  }
}

TEST(a_december_date_line_should_fit_on_one_line_and_the_columns_never_overlap) {
  const char *styles[] = {"party", "state"};
  for (int k = 0; k < 2; k++) {
    dossier_style *s = support_style(styles[k], NULL, 0);
    dossier_doc *doc = header_doc("Hải Dương", 2020, 12, 28);
    char name[64];
    snprintf(name, sizeof name, "december-%s.pdf", styles[k]);
    const char *path = support_scratch(name);
    CHECK_INT(write_doc(doc, styles[k], path, NULL, NULL, 0), DOSSIER_OK);
    bbox b = read_bbox(path);
    const word *first = NULL, *last = NULL;
    for (size_t i = 0; i < b.count; i++) {
      if (b.words[i].page == 1 && strcmp(b.words[i].text, "Dương,") == 0) first = &b.words[i];
      if (b.words[i].page == 1 && strcmp(b.words[i].text, "2020") == 0 && first && !last)
        last = &b.words[i];
    }
    CHECK(first != NULL && last != NULL);
    if (first && last) CHECK_NEAR(first->y0, last->y0, 0.5); /* "… năm" and "2020" on one line */
    const word *so = find_word(&b, 1, k == 0 ? "Số" : "Số:");
    CHECK(so != NULL);
    if (so && first) CHECK_NEAR(so->y0, first->y0, 2); /* on the number's line, as both layouts want */
    const word *left[128], *right[128];
    size_t nl = 0, nr = 0;
    header_words(&b, s, left, &nl, right, &nr);
    CHECK(nl >= 8 && nr >= 8);
    for (size_t i = 0; i < nl; i++)
      for (size_t j = 0; j < nr; j++) {
        const word *u = left[i], *v = right[j];
        int overlap = u->x0 < v->x1 && v->x0 < u->x1 && u->y0 < v->y1 && v->y0 < u->y1;
        if (overlap) fprintf(stderr, "%s: '%s' overlaps '%s'\n", styles[k], u->text, v->text);
        CHECK(!overlap);
        CHECK(u->x1 < v->x0); /* the left column ends before the right one starts */
      }
    free(b.words);
    dossier_doc_free(doc);
    dossier_style_free(s);
  }
}

TEST(a_place_date_line_too_long_for_its_column_should_wrap_centred_inside_it) {
  dossier_style *s = support_style("party", NULL, 0);
  dossier_doc *doc = header_doc("Thành phố Hồ Chí Minh", 2020, 12, 28);
  const char *path = support_scratch("long-place.pdf");
  CHECK_INT(write_doc(doc, "party", path, NULL, NULL, 0), DOSSIER_OK);
  bbox b = read_bbox(path);
  const word *thanh = find_word(&b, 1, "Thành"), *year = NULL;
  for (size_t i = 0; i < b.count; i++)
    if (b.words[i].page == 1 && strcmp(b.words[i].text, "2020") == 0 && !year) year = &b.words[i];
  CHECK(thanh && year);
  if (thanh && year) CHECK(year->y0 > thanh->y0 + 1); /* wrapped, as a last resort */
  double x0 = s->margin_left + s->header_right_x, x1 = x0 + s->header_right_width;
  for (size_t i = 0; thanh && year && i < b.count; i++) {
    const word *w = &b.words[i];
    if (w->page == 1 && w->y0 >= thanh->y0 - 0.5 && w->y0 <= year->y0 + 0.5 &&
        (w->x0 + w->x1) / 2 > x0) { /* the right column's words of those lines */
      CHECK(w->x0 >= x0 - 0.5); /* never shrunk, never out of its column */
      CHECK(w->x1 <= x1 + 0.5);
    }
  }
  free(b.words);
  dossier_doc_free(doc);
  dossier_style_free(s);
}

/* The first page's text as pdftotext reads it, lines kept. */
static char *page1_text(const char *path) {
  return support_run("pdftotext -f 1 -l 1 -layout '%s' - 2>&1", path);
}

TEST(missing_header_fields_should_be_left_out_without_stray_punctuation) {
  /* no number, no type, no abbreviation, no place: no "Số -/", no ", ngày" */
  dossier_doc *doc = header_doc(NULL, 2020, 12, 28);
  dossier_header *h = &doc->blocks[0].u.header;
  free(h->number);
  free(h->type);
  free(h->abbreviation);
  h->number = h->type = h->abbreviation = NULL;
  const char *path = support_scratch("no-fields.pdf");
  CHECK_INT(write_doc(doc, "party", path, NULL, NULL, 0), DOSSIER_OK);
  char *text = page1_text(path);
  CHECK(strstr(text, "Số -") == NULL && strstr(text, "Số -/") == NULL && strstr(text, "-/") == NULL);
  CHECK(strstr(text, ", ngày") == NULL);
  CHECK_CONTAINS(text, "ngày 28 tháng 12 năm 2020");
  free(text);
  dossier_doc_free(doc);

  /* a number without its abbreviation: not "Số 1-BC/" */
  doc = header_doc("Hải Dương", 0, 0, 0);
  h = &doc->blocks[0].u.header;
  free(h->number);
  free(h->abbreviation);
  h->number = vdup("1");
  h->abbreviation = NULL;
  path = support_scratch("no-abbreviation.pdf");
  CHECK_INT(write_doc(doc, "state", path, NULL, NULL, 0), DOSSIER_OK);
  text = page1_text(path);
  CHECK(strstr(text, "Số: 1/BC") == NULL && strstr(text, "1-BC/") == NULL);
  CHECK(strstr(text, "Hải Dương,") == NULL); /* a place without a date: no line at all */
  free(text);
  dossier_doc_free(doc);

  /* a full header still reads as before */
  doc = header_doc("Hải Dương", 2020, 8, 14);
  path = support_scratch("full-header.pdf");
  CHECK_INT(write_doc(doc, "party", path, NULL, NULL, 0), DOSSIER_OK);
  text = page1_text(path);
  CHECK_CONTAINS(text, "Số 125-BC/ĐUK");
  CHECK_CONTAINS(text, "Hải Dương, ngày 14 tháng 8 năm 2020");
  free(text);
  dossier_doc_free(doc);
}

/* ---- tables (#17) ------------------------------------------------------------------- */

TEST(a_long_unbreakable_cell_should_be_broken_and_never_a_number_or_a_short_cell) {
  dossier_style *s = support_style("party", NULL, 0);
  char code[512];
  size_t k = 0;
  for (int i = 0; i < 240; i++) code[k++] = (char)('A' + i % 26);
  code[k] = '\0';
  dossier_doc *doc = dossier_doc_new();
  dossier_table *t = add_table_of(
      doc, 4, 2, (const char *[]){"TT", "Đơn vị", "Chỉ tiêu", "Kết quả"},
      (const char *[]){"1", code, "750", "977", "2", "Chi bộ Sở Tài chính", "1.250", "12.345"});
  t->align[0] = DOSSIER_ALIGN_CENTER;
  t->align[2] = t->align[3] = DOSSIER_ALIGN_RIGHT;
  const char *path = support_scratch("long-cell.pdf");
  CHECK_INT(write_doc(doc, "party", path, NULL, NULL, 0), DOSSIER_OK);
  bbox b = read_bbox(path);
  const char *whole[] = {"750", "977", "1.250", "12.345", "TT", "Đơn", "Chỉ", "tiêu", "Kết", "quả",
                         "Chi", "Tài", "chính"};
  for (size_t i = 0; i < sizeof whole / sizeof *whole; i++) {
    CHECK(find_word(&b, 1, whole[i]) != NULL); /* never split "75" / "0" */
    if (!find_word(&b, 1, whole[i])) fprintf(stderr, "missing whole word '%s'\n", whole[i]);
  }
  size_t letters = 0, pieces = 0;
  for (size_t i = 0; i < b.count; i++) {
    const word *w = &b.words[i];
    CHECK(w->x0 >= s->margin_left - 0.5);
    CHECK(w->x1 <= s->page_width - s->margin_right + 0.5);
    if (w->text[0] >= 'A' && w->text[0] <= 'Z' && strlen(w->text) > 6) {
      letters += strlen(w->text);
      pieces++;
    }
  }
  CHECK_INT(letters, 240); /* the long word is all there, */
  CHECK(pieces >= 2);       /* broken at character boundaries */
  free(b.words);
  dossier_doc_free(doc);
  dossier_style_free(s);
}

TEST(a_number_pattern_naming_a_field_many_times_should_print_them_all) {
  /* the pattern's fields were once written into a buffer sized for one of each */
  const char *style = support_edited_copy(
      "templates/party.style.json", "\"number_pattern\": \"Số {number}-{type}/{abbreviation}\"",
      "\"number_pattern\": \"{number}{number}{number}{number}/{type}{type}\"", "repeat.style.json");
  CHECK(style != NULL);
  dossier_doc *doc = demo_doc(0);
  dossier_block *h = &doc->blocks[0];
  free(h->u.header.number);
  h->u.header.number = vdup("1234567890123456789012345678901234567890");
  const char *path = support_scratch("repeat.pdf");
  CHECK_INT(write_doc(doc, style, path, NULL, NULL, 0), DOSSIER_OK);
  char *out = support_run("pdftotext '%s' - 2>&1 | tr -d '\\n '", path);
  CHECK_CONTAINS(out, "1234567890123456789012345678901234567890123456789012345678901234567890"
                      "1234567890123456789012345678901234567890123456789012345678901234567890"
                      "12345678901234567890/BCBC");
  free(out);
  dossier_doc_free(doc);
}

/* The cells of a table of `columns` columns: a TT, a name, then numbers of
 * 21 characters ("999.999.999.999.999.9NN"). */
static dossier_table *add_wide_table(dossier_doc *doc, size_t columns) {
  const char *head[32], *cells[3 * 32];
  char names[32][16], numbers[3 * 32][32];
  for (size_t c = 0; c < columns; c++) {
    snprintf(names[c], sizeof names[c], c == 0 ? "TT" : c == 1 ? "Chỉ tiêu" : "Năm %zu", 2000 + c);
    head[c] = names[c];
    for (size_t r = 0; r < 3; r++) {
      snprintf(numbers[r * columns + c], sizeof numbers[0],
               c == 0 ? "%zu" : c == 1 ? "Dòng %zu" : "999.999.999.999.9%02zu", c == 0 || c == 1 ? r + 1 : c * 3 + r);
      cells[r * columns + c] = numbers[r * columns + c];
    }
  }
  dossier_table *t = add_table_of(doc, columns, 3, head, cells);
  t->key_columns = 2;
  for (size_t c = 2; c < columns; c++) t->align[c] = DOSSIER_ALIGN_RIGHT;
  return t;
}

TEST(a_table_too_wide_for_its_numbers_should_shrink_or_go_on_in_parts_never_cutting_one) {
  for (size_t columns = 6; columns <= 24; columns += 9) { /* 6: smaller type; 15, 24: parts */
    dossier_doc *doc = dossier_doc_new();
    add_wide_table(doc, columns);
    const char *path = support_scratch("wide.pdf");
    CHECK_INT(write_doc(doc, "party", path, NULL, NULL, 0), DOSSIER_OK);
    bbox b = read_bbox(path);
    for (size_t c = 2; c < columns; c++)
      for (size_t r = 0; r < 3; r++) {
        char whole[32];
        snprintf(whole, sizeof whole, "999.999.999.999.9%02zu", c * 3 + r);
        CHECK(find_word(&b, 0, whole) != NULL); /* whole, as one word */
      }
    /* every word inside the margins */
    dossier_style *s = support_style("party", NULL, 0);
    for (size_t i = 0; i < b.count && s; i++) {
      CHECK(b.words[i].x0 >= s->margin_left - 1);
      CHECK(b.words[i].x1 <= b.page_width - s->margin_right + 1);
    }
    /* in parts, each repeats the key columns: a "Chỉ tiêu" heading per part */
    size_t headings = 0;
    for (size_t i = 0; i < b.count; i++) headings += strcmp(b.words[i].text, "TT") == 0;
    CHECK(columns == 6 ? headings == 1 : headings >= 2);
    dossier_style_free(s);
    free(b.words);
    dossier_doc_free(doc);
  }
}

TEST(a_document_has_1000_pages_and_no_more) {
  for (int pages = DOSSIER_LIMIT_PAGES; pages <= DOSSIER_LIMIT_PAGES + 1; pages++) {
    dossier_doc *doc = dossier_doc_new();
    for (int i = 1; i < pages; i++) { /* a line on each page: a break at a page's top is none */
      add_text_block(doc, DOSSIER_BLOCK_PARAGRAPH, 0, NULL, "Một trang.");
      CHECK(dossier_doc_append(doc, DOSSIER_BLOCK_PAGE_BREAK) != NULL);
    }
    add_text_block(doc, DOSSIER_BLOCK_PARAGRAPH, 0, NULL, "Trang cuối.");
    const char *path = support_scratch("many.pdf");
    char msg[256] = "";
    int count = 0;
    dossier_status st = write_doc(doc, "party", path, &count, msg, sizeof msg);
    if (pages == DOSSIER_LIMIT_PAGES) {
      CHECK_INT(st, DOSSIER_OK);
      CHECK_INT(count, DOSSIER_LIMIT_PAGES);
    } else {
      CHECK_INT(st, DOSSIER_ERR_DATA);
      CHECK_CONTAINS(msg, "the document would have more than 1000 pages (docs/limits.md)");
    }
    dossier_doc_free(doc);
  }
}
