/* test_svg.c: gnuplot's svg translated into a drawing, and the drawing
 * painted into a PDF whose text a reader can find. Fixtures in fixtures/svg/
 * are real gnuplot 5.4 outputs (their .gp scripts sit beside them). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hpdf.h>

#include "check.h"
#include "support.h"
#include "base/buf.h"
#include "render/chart/svg.h"

/* Translates fixtures/svg/<name>.svg; returns the status, *out the drawing. */
static dossier_status translate_fixture(const char *name, dossier_drawing **out,
                                        dossier_diag *diag) {
  char path[256];
  size_t length;
  snprintf(path, sizeof path, "fixtures/svg/%s.svg", name);
  char *svg = support_read_file(path, &length);
  CHECK(svg != NULL);
  if (!svg) return DOSSIER_ERR_NOINPUT;
  dossier_status status = dossier_svg_translate(out, svg, length, path, diag);
  free(svg);
  return status;
}

/* fixtures/svg/<name>.svg translated, asserting that it translates. */
static dossier_drawing *fixture_drawing(const char *name) {
  dossier_diag *diag = dossier_diag_new();
  dossier_drawing *d = NULL;
  CHECK_INT(translate_fixture(name, &d, diag), DOSSIER_OK);
  dossier_diag_print(diag, stderr, "  ");
  dossier_diag_free(diag);
  return d;
}

static dossier_status translate_text(const char *svg, dossier_drawing **out, dossier_diag *diag) {
  return dossier_svg_translate(out, svg, strlen(svg), "inline.svg", diag);
}

TEST(svg_bar_chart_should_keep_its_texts_canvas_and_bars) {
  dossier_drawing *d = fixture_drawing("target-bars");
  static const char *const texts[] = {"Tỷ lệ TCCS đảng đạt trong sạch, vững mạnh", "Năm",
                                      "Tỷ lệ (%)", "Chỉ tiêu hằng năm: 80%", "98,5", "99,0",
                                      "2016", "100", NULL};
  CHECK_STR(support_missing_texts(d, texts), "");
  if (d) {
    CHECK_NEAR(dossier_drawing_width(d), 600, 0);
    CHECK_NEAR(dossier_drawing_height(d), 360, 0);
    CHECK(dossier_drawing_path_count(d) >= 5 + 1 + 2); /* bars, target line, axes */
    double box[4];
    CHECK_INT(dossier_drawing_path_bounds(d, box), 0);
    CHECK(box[0] >= 0 && box[1] >= 0 && box[2] <= 600 && box[3] <= 360);
  }
  dossier_drawing_free(d);
}

TEST(svg_rotated_axis_label_should_keep_its_quarter_turn) {
  dossier_drawing *d = fixture_drawing("trend-forecast");
  int found = 0;
  for (size_t i = 0; d && i < dossier_drawing_text_count(d); i++) {
    if (strcmp(dossier_drawing_text(d, i), "Số lượng (đảng viên)") != 0) continue;
    double x, y, angle, size;
    int anchor;
    CHECK_INT(dossier_drawing_text_geometry(d, i, &x, &y, &angle, &size, &anchor), 0);
    /* rotate(270) on a y-down canvas: reads bottom to top, left of the plot. */
    CHECK_NEAR(fmod(angle + 360, 360), 270, 1e-6);
    CHECK_INT(anchor, DOSSIER_ANCHOR_MIDDLE);
    CHECK_NEAR(size, 11, 1e-9);
    CHECK(x < 60 && y > 100 && y < 300);
    found = 1;
  }
  CHECK(found);
  dossier_drawing_free(d);
}

TEST(svg_point_symbols_and_translucent_band_should_be_drawn) {
  dossier_drawing *d = fixture_drawing("trend-forecast");
  static const char *const texts[] = {"Xu hướng tuyến tính", "Dự báo", "Khoảng dự báo 95%",
                                      "4.925", "5.392", "2025", NULL};
  CHECK_STR(support_missing_texts(d, texts), "");
  /* 5 observed + 5 forecast points (+ key samples) are <use> of circle
   * symbols; each becomes a path of its own. */
  CHECK(d && dossier_drawing_path_count(d) > 30);
  dossier_drawing_free(d);
}

TEST(svg_stacked_ratings_should_keep_white_labels_on_dark_bars) {
  dossier_drawing *d = fixture_drawing("ratings");
  static const char *const texts[] = {"Trong sạch vững mạnh / Hoàn thành xuất sắc nhiệm vụ",
                                      "76,5", "20,6", "79,4", NULL};
  CHECK_STR(support_missing_texts(d, texts), "");
  dossier_drawing_free(d);
}

/* `svg` must translate into `paths` paths whose bounds are {x0, y0, x1, y1}. */
static void check_paths(const char *svg, size_t paths, double x0, double y0, double x1, double y1) {
  dossier_diag *diag = dossier_diag_new();
  dossier_drawing *d = NULL;
  CHECK_INT(translate_text(svg, &d, diag), DOSSIER_OK);
  double box[4] = {0, 0, 0, 0};
  CHECK_INT(d ? dossier_drawing_path_count(d) : 0, paths);
  CHECK(d && dossier_drawing_path_bounds(d, box) == 0);
  CHECK_NEAR(box[0], x0, 1e-9);
  CHECK_NEAR(box[1], y0, 1e-9);
  CHECK_NEAR(box[2], x1, 1e-9);
  CHECK_NEAR(box[3], y1, 1e-9);
  dossier_drawing_free(d);
  dossier_diag_free(diag);
}

TEST(svg_relative_path_commands_and_transforms_should_land_where_svg_says) {
  check_paths("<svg width='100' height='50' viewBox='0 0 100 50' xmlns='http://www.w3.org/2000/svg'>"
              "<g transform='translate(10,5)' stroke='black' fill='none'>"
              "<path d='M10,10 h5 v5 l-5,0 z m20,0 L40,20'/></g></svg>",
              1, 20, 15, 50, 25);
}

TEST(svg_use_of_a_symbol_should_be_scaled_and_placed) {
  /* one path: defs alone draw nothing */
  check_paths("<svg width='100' height='100' xmlns='http://www.w3.org/2000/svg' "
              "xmlns:xlink='http://www.w3.org/1999/xlink'><defs>"
              "<circle id='gpPt5' stroke-width='0.242' stroke='currentColor' cx='0' cy='0' r='1'/>"
              "<use xlink:href='#gpPt5' id='gpPt6' fill='currentColor' stroke='none'/></defs>"
              "<use xlink:href='#gpPt6' transform='translate(50,40) scale(4)' color='rgb(0, 0, 0)'/>"
              "</svg>",
              1, 46, 36, 54, 44);
}

/* Each of these must fail with DOSSIER_ERR_SOFTWARE and a message naming `what`. */
static void check_refused(const char *svg, const char *what) {
  dossier_diag *diag = dossier_diag_new();
  dossier_drawing *d = NULL;
  CHECK_INT(translate_text(svg, &d, diag), DOSSIER_ERR_SOFTWARE);
  CHECK(d == NULL);
  CHECK_CONTAINS(dossier_diag_message(diag, 0), what);
  dossier_drawing_free(d);
  dossier_diag_free(diag);
}

TEST(svg_unsupported_element_should_fail_loudly_naming_it) {
  check_refused("<svg width='10' height='10'><ellipse cx='1' cy='1' rx='1' ry='2'/></svg>",
                "<ellipse>");
  check_refused("<svg width='10' height='10'><g><image href='x.png'/></g></svg>", "<image>");
  check_refused("<svg width='10' height='10'><text>a<tspan>b</tspan></text></svg>", "tspan");
}

TEST(svg_unsupported_attribute_or_value_should_fail_loudly_naming_it) {
  check_refused("<svg width='10' height='10'><g filter='url(#textbox)'/></svg>", "filter");
  check_refused("<svg width='10' height='10'><path d='M0,0 C1,1 2,2 3,3' stroke='black'/></svg>",
                "'C'");
  check_refused("<svg width='10' height='10'><path d='M0,0 L1,1' stroke='chartreuse'/></svg>",
                "chartreuse");
  check_refused("<svg width='10' height='10'><g transform='skewX(10)'/></svg>", "transform");
  check_refused("<svg width='10' height='10' viewBox='0 0 20 20'/>", "viewBox");
}

TEST(svg_pattern_fill_from_real_gnuplot_should_fail_naming_the_fill) {
  dossier_diag *diag = dossier_diag_new();
  dossier_drawing *d = NULL;
  CHECK_INT(translate_fixture("pattern-fill", &d, diag), DOSSIER_ERR_SOFTWARE);
  CHECK(d == NULL);
  CHECK_CONTAINS(dossier_diag_message(diag, 0), "fill=\"url(#gpPat");
  CHECK_CONTAINS(dossier_diag_message(diag, 0), "fixtures/svg/pattern-fill.svg:");
  dossier_drawing_free(d);
  dossier_diag_free(diag);
}

TEST(svg_that_is_not_xml_should_fail) {
  check_refused("<svg width='10' height='10'><g></svg>", "XML");
  check_refused("<html/>", "<svg>");
  check_refused("<!DOCTYPE svg [<!ENTITY x 'boom'>]><svg width='1' height='1'><text>&x;</text></svg>",
                "DTD");
}

/* ---- painting ---- */

static void on_hpdf_error(HPDF_STATUS error, HPDF_STATUS detail, void *data) {
  (void)data;
  fprintf(stderr, "libharu error 0x%04lx (detail %lu)\n", (unsigned long)error,
          (unsigned long)detail);
}

/* Paints fixtures/svg/<name>.svg on an A4 page; returns the pdftotext output. */
static char *paint_and_extract(const char *name, const char *pdf_path) {
  dossier_diag *diag = dossier_diag_new();
  dossier_drawing *d = NULL;
  char *text = NULL;
  CHECK_INT(translate_fixture(name, &d, diag), DOSSIER_OK);
  HPDF_Doc pdf = HPDF_New(on_hpdf_error, NULL);
  CHECK(pdf != NULL);
  if (!pdf || !d) goto done;
  HPDF_UseUTFEncodings(pdf);
  HPDF_SetCurrentEncoder(pdf, "UTF-8");
  const char *font_name = HPDF_LoadTTFontFromFile(
      pdf, "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf", HPDF_TRUE);
  CHECK(font_name != NULL);
  HPDF_Font font = font_name ? HPDF_GetFont(pdf, font_name, "UTF-8") : NULL;
  HPDF_Page page = HPDF_AddPage(pdf);
  HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
  /* The text width of the official layout: A4 less 30 + 15 mm margins. */
  float width = 467.7f, height = (float)(width * dossier_drawing_height(d) / dossier_drawing_width(d));
  CHECK_INT(dossier_drawing_paint(d, page, font, 85.0f, 785.0f, width, height), DOSSIER_OK);
  CHECK_INT(HPDF_SaveToFile(pdf, pdf_path), HPDF_OK);
  text = support_run("pdftotext -q -layout '%s' -", pdf_path);
done:
  if (pdf) HPDF_Free(pdf);
  dossier_drawing_free(d);
  dossier_diag_free(diag);
  return text;
}

TEST(paint_should_put_the_chart_text_into_the_pdf_as_searchable_text) {
  const char *pdf_path = support_scratch("paint.pdf");
  char *text = paint_and_extract("target-bars", pdf_path);
  CHECK_CONTAINS(text, "Tỷ lệ TCCS đảng đạt trong sạch, vững mạnh");
  CHECK_CONTAINS(text, "Chỉ tiêu hằng năm: 80%");
  CHECK_CONTAINS(text, "98,5");
  CHECK_CONTAINS(text, "2020");
  free(text);
  text = paint_and_extract("ratings", pdf_path);
  CHECK_CONTAINS(text, "Hoàn thành xuất sắc nhiệm vụ");
  CHECK_CONTAINS(text, "76,5");
  free(text);
}

TEST(paint_should_refuse_an_empty_box) {
  dossier_drawing *d = dossier_drawing_new(10, 10);
  CHECK(d != NULL);
  CHECK_INT(dossier_drawing_paint(d, NULL, NULL, 0, 0, 10, 10), DOSSIER_ERR_SOFTWARE);
  dossier_drawing_free(d);
  CHECK(dossier_drawing_new(0, 10) == NULL);
  dossier_drawing_free(NULL);
}

TEST(svg_text_with_an_unescaped_cdata_end_should_still_translate) {
  /* gnuplot escapes & and < but not >, so "]]>" in a label reaches us raw. */
  dossier_diag *diag = dossier_diag_new();
  dossier_drawing *d = NULL;
  const char *svg = "<svg width='10' height='10'><text>A &amp; B &lt;C> ]]> x ]]></text></svg>";
  CHECK_INT(translate_text(svg, &d, diag), DOSSIER_OK);
  CHECK(d && dossier_drawing_has_text(d, "A & B <C> ]]> x ]]>"));
  dossier_drawing_free(d);
  dossier_diag_free(diag);
}

TEST(svg_inherited_stroke_width_should_scale_with_the_shapes_transform) {
  /* A width set on a group is in user units: a scaled shape draws it wider,
   * as if the width had been set on the shape itself. */
  dossier_diag *diag = dossier_diag_new();
  dossier_drawing *a = NULL, *b = NULL;
  CHECK_INT(translate_text("<svg width='10' height='10'><g stroke='black' stroke-width='0.5'>"
                           "<path transform='scale(4)' d='M0,0 L1,1'/></g></svg>",
                           &a, diag),
            DOSSIER_OK);
  CHECK_INT(translate_text("<svg width='10' height='10'><g stroke='black'>"
                           "<path transform='scale(4)' stroke-width='0.5' d='M0,0 L1,1'/></g></svg>",
                           &b, diag),
            DOSSIER_OK);
  double box_a[4], box_b[4];
  CHECK(a && b && dossier_drawing_path_bounds(a, box_a) == 0 &&
        dossier_drawing_path_bounds(b, box_b) == 0);
  CHECK_NEAR(box_a[2], 4, 1e-9);
  CHECK_NEAR(box_b[2], 4, 1e-9);
  dossier_drawing_style sa, sb;
  CHECK(a && b && dossier_drawing_path_style(a, 0, &sa) == 0 &&
        dossier_drawing_path_style(b, 0, &sb) == 0);
  CHECK_NEAR(sa.stroke_width, 2, 1e-9);
  CHECK_NEAR(sb.stroke_width, 2, 1e-9);
  dossier_drawing_free(a);
  dossier_drawing_free(b);
  dossier_diag_free(diag);
}

/* Renders page 1 of `pdf` at 72 dpi in grey (1 pixel = 1 point, y from the
 * top) into *pixels (malloc'd, width × height bytes, 0 black .. 255 white). */
static int rasterize(const char *pdf, unsigned char **pixels, int *width, int *height) {
  char base[1024], command[2600], pgm[1100];
  int max = 0, ok = -1;
  *pixels = NULL;
  snprintf(base, sizeof base, "%s", support_scratch("raster"));
  snprintf(command, sizeof command, "pdftoppm -q -r 72 -gray -singlefile '%s' '%s'", pdf, base);
  snprintf(pgm, sizeof pgm, "%s.pgm", base);
  FILE *f = system(command) == 0 ? fopen(pgm, "rb") : NULL;
  if (f && fscanf(f, "P5 %d %d %d", width, height, &max) == 3 && fgetc(f) != EOF &&
      *width > 0 && *height > 0 && (*pixels = malloc((size_t)*width * (size_t)*height)) != NULL &&
      fread(*pixels, 1, (size_t)*width * (size_t)*height, f) == (size_t)*width * (size_t)*height)
    ok = 0;
  if (f) fclose(f);
  unlink(pgm);
  return ok;
}

TEST(paint_should_clip_to_the_canvas) {
  dossier_diag *diag = dossier_diag_new();
  dossier_drawing *d = NULL;
  /* A black square larger than its 100 × 100 canvas on every side. */
  CHECK_INT(translate_text("<svg width='100' height='100'>"
                           "<rect x='-30' y='-30' width='160' height='160' fill='black'/></svg>",
                           &d, diag),
            DOSSIER_OK);
  const char *pdf_path = support_scratch("clip.pdf");
  HPDF_Doc pdf = HPDF_New(on_hpdf_error, NULL);
  HPDF_Page page = HPDF_AddPage(pdf);
  HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT); /* 595 × 842 pt */
  HPDF_Font font = HPDF_GetFont(pdf, "Helvetica", NULL);
  CHECK_INT(dossier_drawing_paint(d, page, font, 100, 700, 100, 100), DOSSIER_OK);
  CHECK_INT(HPDF_SaveToFile(pdf, pdf_path), HPDF_OK);
  HPDF_Free(pdf);
  /* The box spans x 100..200 and, from the top, y 142..242. */
  unsigned char *px = NULL;
  int w = 0, h = 0;
  CHECK_INT(rasterize(pdf_path, &px, &w, &h), 0);
  if (px && w > 210 && h > 250) {
    CHECK_INT(px[192 * w + 150], 0);   /* inside: black */
    CHECK_INT(px[192 * w + 90], 255);  /* left of the box: white */
    CHECK_INT(px[130 * w + 150], 255); /* above the box: white */
    CHECK_INT(px[250 * w + 210], 255); /* below right: white */
  }
  free(px);
  dossier_drawing_free(d);
  dossier_diag_free(diag);
}

TEST(svg_text_with_two_spaces_in_a_row_should_translate_as_written) {
  /* gnuplot marks such a text xml:space="preserve": a unit "đảng  viên" once
   * failed the whole render */
  dossier_diag *diag = dossier_diag_new();
  dossier_drawing *d = NULL;
  CHECK_INT(translate_text("<svg width='100' height='100'><g font-size='10'>"
                           "<text xml:space='preserve' x='10' y='20'>đảng  viên</text></g></svg>",
                           &d, diag),
            DOSSIER_OK);
  CHECK(d != NULL);
  dossier_diag_print(diag, stderr, "  ");
  dossier_drawing_free(d);
  dossier_diag_free(diag);
}

/* An svg of `uses` <use> of a symbol that itself uses `fan` circles, nested
 * `levels` deep: fan^levels elements from a few lines. */
static char *fan_out_svg(int levels, int fan) {
  dossier_buf svg = DOSSIER_BUF_INIT;
  dossier_buf_adds(&svg, "<svg width='10' height='10' xmlns='http://www.w3.org/2000/svg' "
                         "xmlns:xlink='http://www.w3.org/1999/xlink'><defs>"
                         "<circle id='s0' cx='1' cy='1' r='1' fill='black'/>");
  for (int l = 1; l <= levels; l++) {
    dossier_buf_addf(&svg, "<g id='s%d'>", l);
    for (int k = 0; k < fan; k++) dossier_buf_addf(&svg, "<use xlink:href='#s%d'/>", l - 1);
    dossier_buf_adds(&svg, "</g>");
  }
  dossier_buf_addf(&svg, "</defs><use xlink:href='#s%d'/></svg>", levels);
  return dossier_buf_take(&svg);
}

TEST(svg_fan_out_of_use_should_be_refused_before_it_costs_gigabytes) {
  /* 10^7 circles: refused at the element limit */
  char *svg = fan_out_svg(7, 10);
  check_refused(svg, "more than 200000 elements");
  free(svg);
  /* 10^4 circles (with their uses and groups, below the limit) are drawn */
  svg = fan_out_svg(4, 10);
  dossier_diag *diag = dossier_diag_new();
  dossier_drawing *d = NULL;
  CHECK_INT(translate_text(svg, &d, diag), DOSSIER_OK);
  dossier_diag_print(diag, stderr, "  ");
  dossier_drawing_free(d);
  dossier_diag_free(diag);
  free(svg);
}

TEST(svg_nested_too_deep_should_be_refused) {
  dossier_buf svg = DOSSIER_BUF_INIT;
  dossier_buf_adds(&svg, "<svg width='10' height='10'>");
  for (int i = 0; i < 40; i++) dossier_buf_adds(&svg, "<g>");
  for (int i = 0; i < 40; i++) dossier_buf_adds(&svg, "</g>");
  dossier_buf_adds(&svg, "</svg>");
  char *text = dossier_buf_take(&svg);
  check_refused(text, "nested deeper than 32 levels");
  free(text);
}
