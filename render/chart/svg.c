/* svg.c: gnuplot svg → dossier_drawing (see svg.h for what is supported).
 *
 * The document is walked once with an inherited state (transform matrix and
 * presentation attributes), as SVG defines inheritance. Every attribute is
 * either understood, explicitly irrelevant to the picture (id, font-family —
 * text is always set in the document's font — shape-rendering), or an error:
 * a chart that looks fine but silently drops a part would be worse than a
 * loud failure. Numbers are parsed in the C locale whatever the program's. */
#include "render/chart/svg.h"

#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "base/limits.h"

typedef enum { PAINT_NONE, PAINT_RGB, PAINT_CURRENT } paint_kind;

typedef struct {
  paint_kind kind;
  double rgb[3];
} paint;

typedef struct {
  double m[6]; /* x' = m0·x + m2·y + m4, y' = m1·x + m3·y + m5 */
  paint fill, stroke;
  double color[3];
  double fill_opacity, stroke_width, font_size;
  double dash[8];
  size_t dash_count;
  int linecap, linejoin, anchor;
} state;

typedef struct {
  dossier_drawing *drawing;
  dossier_diag *diag;
  const char *name;
  xmlNode *root;
  locale_t c_locale;
  size_t elements; /* drawn so far, <use> copies included (DOSSIER_LIMIT_SVG_ELEMENTS) */
  int nesting;     /* elements inside one another now (DOSSIER_LIMIT_SVG_DEPTH) */
} context;

enum { MAX_USE_DEPTH = 8 };

static dossier_status fail(context *ctx, const xmlNode *node, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static dossier_status fail(context *ctx, const xmlNode *node, const char *fmt, ...) {
  char text[512];
  va_list args;
  va_start(args, fmt);
  vsnprintf(text, sizeof text, fmt, args);
  va_end(args);
  return dossier_diag_add(ctx->diag, DOSSIER_ERR_SOFTWARE, ctx->name ? ctx->name : "svg",
                          node ? (int)xmlGetLineNo(node) : 0, 0, NULL,
                          "cannot translate gnuplot svg: %s", text);
}

/* What libxml2 reports while it reads a chart: kept quiet (our message says
 * it), except that running out of memory is noted, which it may report only
 * as an error further on ("Extra content at the end of the document"). */
static _Thread_local int xml_ran_out_of_memory;

static void note_xml_error(void *unused, xmlErrorPtr error) {
  (void)unused;
  if (error && error->code == XML_ERR_NO_MEMORY) xml_ran_out_of_memory = 1;
}

static int is_named(const xmlNode *node, const char *name) {
  return node->type == XML_ELEMENT_NODE && strcmp((const char *)node->name, name) == 0;
}

/* ---- numbers, colours, lists ---- */

static const char *skip_separators(const char *s) {
  while (*s == ' ' || *s == ',' || *s == '\t' || *s == '\n' || *s == '\r') s++;
  return s;
}

/* Reads one number at *s (after separators); 0 on success. */
static int read_number(context *ctx, const char **s, double *value) {
  const char *p = skip_separators(*s);
  char *end = NULL;
  double v = strtod_l(p, &end, ctx->c_locale);
  if (end == p || !isfinite(v)) return -1;
  *value = v;
  *s = end;
  return 0;
}

static int parse_number(context *ctx, const char *text, double *value) {
  const char *s = text;
  if (read_number(ctx, &s, value) != 0) return -1;
  while (*s == ' ') s++;
  return *s == '\0' ? 0 : -1;
}

static const struct {
  const char *name;
  unsigned char rgb[3];
} colour_names[] = {
    {"black", {0, 0, 0}},          {"white", {255, 255, 255}},     {"gray", {128, 128, 128}},
    {"grey", {128, 128, 128}},     {"lightgray", {211, 211, 211}}, {"lightgrey", {211, 211, 211}},
    {"darkgray", {169, 169, 169}}, {"darkgrey", {169, 169, 169}},  {"red", {255, 0, 0}},
    {"green", {0, 128, 0}},        {"blue", {0, 0, 255}},
};

static int parse_paint(context *ctx, const char *text, paint *out) {
  while (*text == ' ') text++;
  if (strcmp(text, "none") == 0) {
    out->kind = PAINT_NONE;
    return 0;
  }
  if (strcmp(text, "currentColor") == 0) {
    out->kind = PAINT_CURRENT;
    return 0;
  }
  out->kind = PAINT_RGB;
  if (strncmp(text, "rgb(", 4) == 0) {
    const char *s = text + 4;
    for (int i = 0; i < 3; i++) {
      double v;
      if (read_number(ctx, &s, &v) != 0 || v < 0 || v > 255) return -1;
      out->rgb[i] = v / 255.0;
    }
    while (*s == ' ') s++;
    return strcmp(s, ")") == 0 ? 0 : -1;
  }
  if (text[0] == '#' && strlen(text) == 7) {
    for (int i = 0; i < 3; i++) {
      char hex[3] = {text[1 + 2 * i], text[2 + 2 * i], '\0'};
      char *end = NULL;
      long v = strtol(hex, &end, 16);
      if (*end != '\0' || end == hex) return -1;
      out->rgb[i] = (double)v / 255.0;
    }
    return 0;
  }
  for (size_t i = 0; i < sizeof colour_names / sizeof colour_names[0]; i++) {
    if (strcmp(text, colour_names[i].name) == 0) {
      for (int k = 0; k < 3; k++) out->rgb[k] = colour_names[i].rgb[k] / 255.0;
      return 0;
    }
  }
  return -1;
}

static void multiply(double m[6], const double t[6]) {
  double r[6] = {
      m[0] * t[0] + m[2] * t[1],        m[1] * t[0] + m[3] * t[1],
      m[0] * t[2] + m[2] * t[3],        m[1] * t[2] + m[3] * t[3],
      m[0] * t[4] + m[2] * t[5] + m[4], m[1] * t[4] + m[3] * t[5] + m[5],
  };
  memcpy(m, r, sizeof r);
}

/* translate(x[,y]) rotate(a) scale(s[,t]), in a list; applied left to right. */
static int parse_transform(context *ctx, const char *text, double m[6]) {
  const char *s = text;
  for (;;) {
    s = skip_separators(s);
    if (*s == '\0') return 0;
    const char *open = strchr(s, '(');
    const char *close = open ? strchr(open, ')') : NULL;
    if (!open || !close) return -1;
    size_t name_length = (size_t)(open - s);
    while (name_length > 0 && s[name_length - 1] == ' ') name_length--;
    double v[2] = {0, 0};
    int n = 0;
    const char *p = open + 1;
    while (n < 2) {
      const char *q = skip_separators(p);
      if (q >= close) break;
      if (read_number(ctx, &p, &v[n]) != 0 || p > close) return -1;
      n++;
    }
    if (skip_separators(p) != close) return -1;
    double t[6] = {1, 0, 0, 1, 0, 0};
    if (name_length == 9 && strncmp(s, "translate", 9) == 0 && n >= 1) {
      t[4] = v[0];
      t[5] = n == 2 ? v[1] : 0;
    } else if (name_length == 6 && strncmp(s, "rotate", 6) == 0 && n == 1) {
      double r = v[0] * M_PI / 180.0;
      t[0] = cos(r);
      t[1] = sin(r);
      t[2] = -sin(r);
      t[3] = cos(r);
    } else if (name_length == 5 && strncmp(s, "scale", 5) == 0 && n >= 1) {
      t[0] = v[0];
      t[3] = n == 2 ? v[1] : v[0];
    } else {
      return -1;
    }
    multiply(m, t);
    s = close + 1;
  }
}

static int parse_dasharray(context *ctx, const char *text, state *st) {
  const char *s = skip_separators(text);
  st->dash_count = 0;
  if (strcmp(s, "none") == 0) return 0;
  while (*skip_separators(s) != '\0') {
    double v;
    if (st->dash_count == 8 || read_number(ctx, &s, &v) != 0 || v < 0) return -1;
    st->dash[st->dash_count++] = v;
  }
  return 0;
}

static int parse_keyword(const char *text, const char *const *words, int *out) {
  for (int i = 0; words[i]; i++) {
    if (strcmp(text, words[i]) == 0) {
      *out = i;
      return 0;
    }
  }
  return -1;
}

/* ---- attributes ---- */

/* Applies the presentation attributes of `node` to `st`. Attributes named in
 * `geometry` are the element's own (read by the caller). */
static dossier_status apply_attributes(context *ctx, const xmlNode *node, state *st,
                                       const char *const *geometry) {
  static const char *const caps[] = {"butt", "round", "square", NULL};
  static const char *const joins[] = {"miter", "round", "bevel", NULL};
  static const char *const anchors[] = {"start", "middle", "end", NULL};
  /* (xml:space="preserve" is what gnuplot writes for a text with two spaces
   * in a row; the text is drawn as it stands either way) */
  static const char *const ignored[] = {"id",        "class",     "font-family",
                                        "shape-rendering", "xml:space", NULL};
  for (const xmlAttr *attr = node->properties; attr; attr = attr->next) {
    char name[64];
    if (attr->ns && attr->ns->prefix)
      snprintf(name, sizeof name, "%s:%s", (const char *)attr->ns->prefix,
               (const char *)attr->name);
    else
      snprintf(name, sizeof name, "%s", (const char *)attr->name);
    int known = 0;
    for (int i = 0; geometry && geometry[i] && !known; i++) known = strcmp(name, geometry[i]) == 0;
    for (int i = 0; ignored[i] && !known; i++) known = strcmp(name, ignored[i]) == 0;
    if (known) continue;

    xmlChar *raw = xmlNodeGetContent((const xmlNode *)attr);
    const char *value = raw ? (const char *)raw : "";
    int bad = 0;
    double v = 0;
    if (strcmp(name, "fill") == 0) bad = parse_paint(ctx, value, &st->fill);
    else if (strcmp(name, "stroke") == 0) bad = parse_paint(ctx, value, &st->stroke);
    else if (strcmp(name, "color") == 0) {
      paint p;
      bad = parse_paint(ctx, value, &p) != 0 || p.kind != PAINT_RGB;
      if (!bad) memcpy(st->color, p.rgb, sizeof st->color);
    } else if (strcmp(name, "fill-opacity") == 0) {
      bad = parse_number(ctx, value, &v) != 0 || v < 0 || v > 1;
      if (!bad) st->fill_opacity = v;
    } else if (strcmp(name, "stroke-width") == 0) {
      bad = parse_number(ctx, value, &v) != 0 || v < 0;
      if (!bad) st->stroke_width = v; /* in user units: scaled when a shape is drawn */
    } else if (strcmp(name, "font-size") == 0) {
      bad = parse_number(ctx, value, &v) != 0 || v <= 0;
      if (!bad) st->font_size = v;
    } else if (strcmp(name, "stroke-linecap") == 0) bad = parse_keyword(value, caps, &st->linecap);
    else if (strcmp(name, "stroke-linejoin") == 0)
      bad = parse_keyword(value, joins, &st->linejoin);
    else if (strcmp(name, "text-anchor") == 0) bad = parse_keyword(value, anchors, &st->anchor);
    else if (strcmp(name, "stroke-dasharray") == 0) bad = parse_dasharray(ctx, value, st);
    else if (strcmp(name, "transform") == 0) bad = parse_transform(ctx, value, st->m);
    else {
      xmlFree(raw);
      return fail(ctx, node, "unsupported attribute %s on <%s>", name, (const char *)node->name);
    }
    if (bad) {
      char what[128];
      snprintf(what, sizeof what, "%s=\"%.80s\"", name, value);
      xmlFree(raw);
      return fail(ctx, node, "unsupported value %s on <%s>", what, (const char *)node->name);
    }
    xmlFree(raw);
  }
  return DOSSIER_OK;
}

/* Reads numeric attribute `name` of `node` into *value (default when absent). */
static dossier_status number_attribute(context *ctx, const xmlNode *node, const char *name,
                                       double fallback, double *value) {
  xmlChar *raw = xmlGetProp(node, (const xmlChar *)name);
  *value = fallback;
  if (!raw) return DOSSIER_OK;
  int bad = parse_number(ctx, (const char *)raw, value);
  xmlFree(raw);
  if (bad) return fail(ctx, node, "unsupported value of %s on <%s>", name, (const char *)node->name);
  return DOSSIER_OK;
}

/* ---- shapes ---- */

static void map_point(const state *st, double x, double y, double *ox, double *oy) {
  *ox = st->m[0] * x + st->m[2] * y + st->m[4];
  *oy = st->m[1] * x + st->m[3] * y + st->m[5];
}

/* Starts a path painted per `st`; *skip is set when it would paint nothing. */
static dossier_status begin_shape(context *ctx, const state *st, int *skip) {
  dossier_drawing_style style;
  memset(&style, 0, sizeof style);
  style.fill = st->fill.kind != PAINT_NONE;
  style.stroke = st->stroke.kind != PAINT_NONE && st->stroke_width > 0;
  /* style.stroke_width is set below, scaled */
  memcpy(style.fill_rgb, st->fill.kind == PAINT_CURRENT ? st->color : st->fill.rgb,
         sizeof style.fill_rgb);
  memcpy(style.stroke_rgb, st->stroke.kind == PAINT_CURRENT ? st->color : st->stroke.rgb,
         sizeof style.stroke_rgb);
  /* Widths and dashes are in the user units of the shape: scaled by its
   * transform (translate/rotate/scale keep it uniform). */
  double scale = sqrt(fabs(st->m[0] * st->m[3] - st->m[1] * st->m[2]));
  style.fill_opacity = st->fill_opacity;
  style.stroke_width = st->stroke_width * scale;
  for (size_t i = 0; i < st->dash_count; i++) style.dash[i] = st->dash[i] * scale;
  style.dash_count = st->dash_count;
  style.linecap = st->linecap;
  style.linejoin = st->linejoin;
  *skip = !style.fill && !style.stroke;
  if (*skip) return DOSSIER_OK;
  return dossier_drawing_begin_path(ctx->drawing, &style);
}

static dossier_status line_to(context *ctx, const state *st, int move, double x, double y) {
  double px, py;
  map_point(st, x, y, &px, &py);
  return move ? dossier_drawing_move_to(ctx->drawing, px, py)
              : dossier_drawing_line_to(ctx->drawing, px, py);
}

static dossier_status draw_path_data(context *ctx, const xmlNode *node, const state *st,
                                     const char *d) {
  int skip;
  dossier_status status = begin_shape(ctx, st, &skip);
  if (status != DOSSIER_OK || skip) return status;
  double cx = 0, cy = 0, sx = 0, sy = 0;
  char command = 0;
  const char *s = d;
  for (;;) {
    s = skip_separators(s);
    if (*s == '\0') break;
    if (strchr("MmLlHhVvZz", *s)) {
      command = *s++;
      if (command == 'Z' || command == 'z') {
        status = dossier_drawing_close_path(ctx->drawing);
        if (status != DOSSIER_OK) return status;
        cx = sx;
        cy = sy;
        continue;
      }
    } else if (!command || command == 'Z' || command == 'z' || !strchr("+-.0123456789", *s)) {
      char bad[2] = {*s, '\0'};
      return fail(ctx, node, "unsupported path command '%s' in <%s>", bad,
                  (const char *)node->name);
    }
    double a = 0, b = 0;
    int relative = command >= 'a';
    switch (command) {
    case 'M': case 'm': case 'L': case 'l':
      if (read_number(ctx, &s, &a) != 0 || read_number(ctx, &s, &b) != 0) goto bad_number;
      cx = relative ? cx + a : a;
      cy = relative ? cy + b : b;
      break;
    case 'H': case 'h':
      if (read_number(ctx, &s, &a) != 0) goto bad_number;
      cx = relative ? cx + a : a;
      break;
    default: /* V v */
      if (read_number(ctx, &s, &b) != 0) goto bad_number;
      cy = relative ? cy + b : b;
      break;
    }
    int move = command == 'M' || command == 'm';
    status = line_to(ctx, st, move, cx, cy);
    if (status != DOSSIER_OK) return status;
    if (move) {
      sx = cx;
      sy = cy;
      command = relative ? 'l' : 'L'; /* further pairs after M are lines */
    }
  }
  return DOSSIER_OK;
bad_number:
  return fail(ctx, node, "bad number in path data of <%s>", (const char *)node->name);
}

static dossier_status draw_polygon(context *ctx, const xmlNode *node, const state *st) {
  xmlChar *points = xmlGetProp(node, (const xmlChar *)"points");
  dossier_status status = DOSSIER_OK;
  int skip;
  if (!points) return fail(ctx, node, "<%s> without points", "polygon");
  status = begin_shape(ctx, st, &skip);
  if (status != DOSSIER_OK || skip) goto done;
  const char *s = (const char *)points;
  for (int first = 1; *skip_separators(s) != '\0'; first = 0) {
    double x, y;
    if (read_number(ctx, &s, &x) != 0 || read_number(ctx, &s, &y) != 0) {
      status = fail(ctx, node, "bad number in points of <%s>", "polygon");
      goto done;
    }
    status = line_to(ctx, st, first, x, y);
    if (status != DOSSIER_OK) goto done;
  }
  status = dossier_drawing_close_path(ctx->drawing);
done:
  xmlFree(points);
  return status;
}

static dossier_status draw_rect(context *ctx, const xmlNode *node, const state *st) {
  double x, y, w, h;
  dossier_status status;
  int skip;
  if ((status = number_attribute(ctx, node, "x", 0, &x)) != DOSSIER_OK ||
      (status = number_attribute(ctx, node, "y", 0, &y)) != DOSSIER_OK ||
      (status = number_attribute(ctx, node, "width", 0, &w)) != DOSSIER_OK ||
      (status = number_attribute(ctx, node, "height", 0, &h)) != DOSSIER_OK)
    return status;
  if (w <= 0 || h <= 0) return DOSSIER_OK; /* SVG: nothing drawn */
  status = begin_shape(ctx, st, &skip);
  if (status != DOSSIER_OK || skip) return status;
  const double corners[4][2] = {{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}};
  for (int i = 0; i < 4 && status == DOSSIER_OK; i++)
    status = line_to(ctx, st, i == 0, corners[i][0], corners[i][1]);
  return status == DOSSIER_OK ? dossier_drawing_close_path(ctx->drawing) : status;
}

static dossier_status draw_circle(context *ctx, const xmlNode *node, const state *st) {
  double cx, cy, r;
  dossier_status status;
  int skip;
  if ((status = number_attribute(ctx, node, "cx", 0, &cx)) != DOSSIER_OK ||
      (status = number_attribute(ctx, node, "cy", 0, &cy)) != DOSSIER_OK ||
      (status = number_attribute(ctx, node, "r", 0, &r)) != DOSSIER_OK)
    return status;
  if (r <= 0) return DOSSIER_OK;
  status = begin_shape(ctx, st, &skip);
  if (status != DOSSIER_OK || skip) return status;
  /* Four cubic Béziers; k makes each quarter match the circle to 0.03 %. */
  const double k = 0.5522847498 * r;
  const double q[4][8] = {
      {cx + r, cy + k, cx + k, cy + r, cx, cy + r, 0, 0},
      {cx - k, cy + r, cx - r, cy + k, cx - r, cy, 0, 0},
      {cx - r, cy - k, cx - k, cy - r, cx, cy - r, 0, 0},
      {cx + k, cy - r, cx + r, cy - k, cx + r, cy, 0, 0},
  };
  status = line_to(ctx, st, 1, cx + r, cy);
  for (int i = 0; i < 4 && status == DOSSIER_OK; i++) {
    double p[6];
    for (int j = 0; j < 3; j++) map_point(st, q[i][2 * j], q[i][2 * j + 1], &p[2 * j], &p[2 * j + 1]);
    status = dossier_drawing_curve_to(ctx->drawing, p[0], p[1], p[2], p[3], p[4], p[5]);
  }
  return status == DOSSIER_OK ? dossier_drawing_close_path(ctx->drawing) : status;
}

static dossier_status draw_text(context *ctx, const xmlNode *node, const state *st) {
  double x, y;
  dossier_status status;
  if ((status = number_attribute(ctx, node, "x", 0, &x)) != DOSSIER_OK ||
      (status = number_attribute(ctx, node, "y", 0, &y)) != DOSSIER_OK)
    return status;
  for (const xmlNode *child = node->children; child; child = child->next)
    if (child->type != XML_TEXT_NODE)
      return fail(ctx, child, "unsupported content <%s> in <%s>", (const char *)child->name,
                  "text");
  xmlChar *content = xmlNodeGetContent(node);
  if (!content) return DOSSIER_ERR_NOMEM;
  if (st->fill.kind != PAINT_NONE && content[0] != '\0') {
    double px, py;
    map_point(st, x, y, &px, &py);
    double angle = atan2(st->m[1], st->m[0]) * 180.0 / M_PI;
    double size = st->font_size * sqrt(fabs(st->m[0] * st->m[3] - st->m[1] * st->m[2]));
    status = dossier_drawing_add_text(ctx->drawing, px, py, angle, st->anchor, size,
                                      st->fill.kind == PAINT_CURRENT ? st->color : st->fill.rgb,
                                      (const char *)content);
  }
  xmlFree(content);
  return status;
}

/* ---- the walk ---- */

static dossier_status walk(context *ctx, const xmlNode *node, const state *parent, int depth);

static const xmlNode *find_id(const xmlNode *node, const char *id) {
  for (; node; node = node->next) {
    if (node->type != XML_ELEMENT_NODE) continue;
    xmlChar *value = xmlGetProp(node, (const xmlChar *)"id");
    int match = value && strcmp((const char *)value, id) == 0;
    xmlFree(value);
    if (match) return node;
    const xmlNode *inner = find_id(node->children, id);
    if (inner) return inner;
  }
  return NULL;
}

static dossier_status draw_use(context *ctx, const xmlNode *node, const state *st, int depth) {
  xmlChar *href = xmlGetNsProp(node, (const xmlChar *)"href",
                               (const xmlChar *)"http://www.w3.org/1999/xlink");
  dossier_status status = DOSSIER_OK;
  if (!href || href[0] != '#') {
    status = fail(ctx, node, "<use> without a local xlink:href");
    goto done;
  }
  if (depth >= MAX_USE_DEPTH) {
    status = fail(ctx, node, "<use> nested too deep at %s", (const char *)href);
    goto done;
  }
  const xmlNode *target = find_id(ctx->root, (const char *)href + 1);
  if (!target) {
    status = fail(ctx, node, "<use> of unknown %s", (const char *)href);
    goto done;
  }
  double x, y;
  if ((status = number_attribute(ctx, node, "x", 0, &x)) != DOSSIER_OK ||
      (status = number_attribute(ctx, node, "y", 0, &y)) != DOSSIER_OK)
    goto done;
  /* SVG: x/y become an extra translation after the use's own transform. */
  state inner = *st;
  const double t[6] = {1, 0, 0, 1, x, y};
  multiply(inner.m, t);
  status = walk(ctx, target, &inner, depth + 1);
done:
  xmlFree(href);
  return status;
}

static dossier_status walk_children(context *ctx, const xmlNode *node, const state *st,
                                    int depth) {
  if (ctx->nesting >= DOSSIER_LIMIT_SVG_DEPTH)
    return fail(ctx, node, "elements nested deeper than %d levels", DOSSIER_LIMIT_SVG_DEPTH);
  ctx->nesting++;
  dossier_status status = DOSSIER_OK;
  for (const xmlNode *child = node->children; child && status == DOSSIER_OK; child = child->next) {
    if (child->type == XML_COMMENT_NODE) continue;
    if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) {
      const char *text = (const char *)child->content;
      if (text && text[strspn(text, " \t\r\n")] != '\0')
        status = fail(ctx, child, "unexpected text inside <%s>", (const char *)node->name);
      continue;
    }
    status = walk(ctx, child, st, depth);
  }
  ctx->nesting--;
  return status;
}

static dossier_status walk(context *ctx, const xmlNode *node, const state *parent, int depth) {
  static const char *const path_geometry[] = {"d", NULL};
  static const char *const polygon_geometry[] = {"points", NULL};
  static const char *const rect_geometry[] = {"x", "y", "width", "height", NULL};
  static const char *const circle_geometry[] = {"cx", "cy", "r", NULL};
  static const char *const use_geometry[] = {"xlink:href", "x", "y", NULL};
  static const char *const text_geometry[] = {"x", "y", NULL};
  if (node->type != XML_ELEMENT_NODE)
    return fail(ctx, node, "unsupported node in svg");
  if (++ctx->elements > DOSSIER_LIMIT_SVG_ELEMENTS)
    return fail(ctx, node, "more than %d elements to draw (<use> copies included)",
                DOSSIER_LIMIT_SVG_ELEMENTS);
  const char *name = (const char *)node->name;
  if (strcmp(name, "title") == 0 || strcmp(name, "desc") == 0) return DOSSIER_OK;
  /* Symbols are drawn where a <use> places them, not where they are defined. */
  if (strcmp(name, "defs") == 0) return DOSSIER_OK;
  state st = *parent;
  dossier_status status;
  if (strcmp(name, "g") == 0) {
    if ((status = apply_attributes(ctx, node, &st, NULL)) != DOSSIER_OK) return status;
    return walk_children(ctx, node, &st, depth);
  }
  if (strcmp(name, "path") == 0) {
    if ((status = apply_attributes(ctx, node, &st, path_geometry)) != DOSSIER_OK) return status;
    xmlChar *d = xmlGetProp(node, (const xmlChar *)"d");
    status = d ? draw_path_data(ctx, node, &st, (const char *)d)
               : fail(ctx, node, "<%s> without d", "path");
    xmlFree(d);
    return status;
  }
  if (strcmp(name, "polygon") == 0) {
    if ((status = apply_attributes(ctx, node, &st, polygon_geometry)) != DOSSIER_OK) return status;
    return draw_polygon(ctx, node, &st);
  }
  if (strcmp(name, "rect") == 0) {
    if ((status = apply_attributes(ctx, node, &st, rect_geometry)) != DOSSIER_OK) return status;
    return draw_rect(ctx, node, &st);
  }
  if (strcmp(name, "circle") == 0) {
    if ((status = apply_attributes(ctx, node, &st, circle_geometry)) != DOSSIER_OK) return status;
    return draw_circle(ctx, node, &st);
  }
  if (strcmp(name, "use") == 0) {
    if ((status = apply_attributes(ctx, node, &st, use_geometry)) != DOSSIER_OK) return status;
    return draw_use(ctx, node, &st, depth);
  }
  if (strcmp(name, "text") == 0) {
    if ((status = apply_attributes(ctx, node, &st, text_geometry)) != DOSSIER_OK) return status;
    return draw_text(ctx, node, &st);
  }
  return fail(ctx, node, "unsupported element <%s>", name);
}

static dossier_status canvas_size(context *ctx, const xmlNode *svg, double *w, double *h) {
  static const char *const ignored[] = {"width", "height", "viewBox", "version", NULL};
  for (const xmlAttr *attr = svg->properties; attr; attr = attr->next) {
    int known = 0;
    for (int i = 0; ignored[i] && !known; i++)
      known = strcmp((const char *)attr->name, ignored[i]) == 0;
    if (!known)
      return fail(ctx, svg, "unsupported attribute %s on <%s>", (const char *)attr->name, "svg");
  }
  dossier_status status;
  if ((status = number_attribute(ctx, svg, "width", 0, w)) != DOSSIER_OK ||
      (status = number_attribute(ctx, svg, "height", 0, h)) != DOSSIER_OK)
    return status;
  xmlChar *box = xmlGetProp(svg, (const xmlChar *)"viewBox");
  if (box) {
    double v[4] = {0, 0, 0, 0};
    const char *s = (const char *)box;
    int bad = 0;
    for (int i = 0; i < 4 && !bad; i++) bad = read_number(ctx, &s, &v[i]) != 0;
    xmlFree(box);
    /* gnuplot's viewBox is "0 0 W H"; a scaled or shifted one is not ours. */
    if (bad || v[0] != 0 || v[1] != 0 || (*w > 0 && v[2] != *w) || (*h > 0 && v[3] != *h))
      return fail(ctx, svg, "unsupported viewBox on <%s>", "svg");
    *w = v[2];
    *h = v[3];
  }
  if (!(*w > 0 && *h > 0)) return fail(ctx, svg, "<%s> without a size", "svg");
  return DOSSIER_OK;
}

/* A copy of `svg` with every "]]>" written "]]&gt;"; NULL when out of memory. */
static char *escape_cdata_ends(const char *svg, size_t length, size_t *out_length) {
  size_t count = 0;
  for (const char *p = svg; (p = memmem(p, length - (size_t)(p - svg), "]]>", 3)) != NULL; p += 3)
    count++;
  char *copy = malloc(length + 3 * count + 1);
  if (!copy) return NULL;
  size_t used = 0;
  for (size_t i = 0; i < length;) {
    if (i + 3 <= length && memcmp(svg + i, "]]>", 3) == 0) {
      memcpy(copy + used, "]]&gt;", 6);
      used += 6;
      i += 3;
    } else {
      copy[used++] = svg[i++];
    }
  }
  copy[used] = '\0';
  *out_length = used;
  return copy;
}

dossier_status dossier_svg_translate(dossier_drawing **out, const char *svg, size_t length,
                                     const char *name, dossier_diag *diag) {
  context ctx = {NULL, diag, name, NULL, (locale_t)0, 0, 0};
  xmlDoc *doc = NULL;
  char *escaped = NULL;
  dossier_status status = DOSSIER_OK;
  *out = NULL;
  ctx.c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
  if (!ctx.c_locale) return dossier_diag_add(diag, DOSSIER_ERR_NOMEM, name, 0, 0, NULL,
                                             "cannot make the C locale");
  if (length > (size_t)INT32_MAX) {
    status = fail(&ctx, NULL, "svg too large");
    goto done;
  }
  /* gnuplot escapes & and < in text but not >, so a label holding "]]>" is
   * not well-formed XML; gnuplot's svg has no CDATA section, so that sequence
   * can only be text and is escaped here. */
  if (memmem(svg, length, "]]>", 3)) {
    escaped = escape_cdata_ends(svg, length, &length);
    if (!escaped) {
      status = dossier_diag_add(diag, DOSSIER_ERR_NOMEM, name, 0, 0, NULL, "out of memory");
      goto done;
    }
    svg = escaped;
  }
  /* No network, no entity expansion, no DTD loading: the svg is data. What
   * libxml2 would print on its own (out of memory) is said by us instead. */
  xmlStructuredErrorFunc their_handler = xmlStructuredError;
  void *their_context = xmlStructuredErrorContext;
  xml_ran_out_of_memory = 0;
  xmlSetStructuredErrorFunc(NULL, note_xml_error);
  doc = xmlReadMemory(svg, (int)length, name ? name : "chart.svg", NULL,
                      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  xmlSetStructuredErrorFunc(their_context, their_handler);
  if (!doc || xml_ran_out_of_memory) {
    const xmlError *e = xmlGetLastError();
    if (xml_ran_out_of_memory)
      status = dossier_diag_add(diag, DOSSIER_ERR_NOMEM, name, 0, 0, NULL, "out of memory");
    else
      status = fail(&ctx, NULL, "not well-formed XML: %s",
                    e && e->message ? e->message : "parse error");
    goto done;
  }
  xmlNode *root = xmlDocGetRootElement(doc);
  if (!root || !is_named(root, "svg")) {
    status = fail(&ctx, root, "the root element is not <svg>");
    goto done;
  }
  for (const xmlNode *n = doc->children; n; n = n->next)
    if (n->type == XML_DTD_NODE || n->type == XML_ENTITY_DECL) {
      status = fail(&ctx, n, "a DTD in the svg");
      goto done;
    }
  ctx.root = root;
  double w, h;
  if ((status = canvas_size(&ctx, root, &w, &h)) != DOSSIER_OK) goto done;
  ctx.drawing = dossier_drawing_new(w, h);
  if (!ctx.drawing) {
    status = dossier_diag_add(diag, DOSSIER_ERR_NOMEM, name, 0, 0, NULL, "out of memory");
    goto done;
  }
  /* SVG's initial values: fill black, stroke none, width 1, anchor start. */
  state initial;
  memset(&initial, 0, sizeof initial);
  initial.m[0] = initial.m[3] = 1;
  initial.fill.kind = PAINT_RGB;
  initial.stroke.kind = PAINT_NONE;
  initial.fill_opacity = 1;
  initial.stroke_width = 1;
  initial.font_size = 16;
  status = walk_children(&ctx, root, &initial, 0);
  if (status == DOSSIER_ERR_NOMEM)
    dossier_diag_add(diag, status, name, 0, 0, NULL, "out of memory translating the svg");
done:
  if (status != DOSSIER_OK) {
    dossier_drawing_free(ctx.drawing);
    ctx.drawing = NULL;
  }
  *out = ctx.drawing;
  xmlFreeDoc(doc);
  free(escaped);
  freelocale(ctx.c_locale);
  return status;
}
