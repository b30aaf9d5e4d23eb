/* style_values.h: the fields of a dossier_style, private to render/.
 *
 * style.c fills them from a style file (templates/party.style.json,
 * templates/state.style.json); the typesetter (layout*.c, pdf.c, fonts.c) reads
 * them. Every length is stored in PDF points (the file speaks millimetres for
 * geometry and points for type). No default lives here: a value missing from
 * the file is an error, or inherits the file's own "defaults" element. */
#ifndef DOSSIER_STYLE_VALUES_H
#define DOSSIER_STYLE_VALUES_H

#include "render/typeset/style.h"

/* Every typographic element of a document. The names (style_element_names in
 * style.c) are the keys of the file's "elements" object. */
typedef enum {
  DOSSIER_EL_SUPERIOR,
  DOSSIER_EL_ISSUER,
  DOSSIER_EL_ISSUER_MARK,
  DOSSIER_EL_NUMBER,
  DOSSIER_EL_MOTTO,
  DOSSIER_EL_MOTTO_SUB,
  DOSSIER_EL_DATE,
  DOSSIER_EL_TITLE,
  DOSSIER_EL_SUMMARY,
  DOSSIER_EL_HEADING1,
  DOSSIER_EL_HEADING2,
  DOSSIER_EL_HEADING3,
  DOSSIER_EL_BODY,
  DOSSIER_EL_LIST,
  DOSSIER_EL_TABLE_HEAD,
  DOSSIER_EL_TABLE_BODY,
  DOSSIER_EL_TABLE_TOTAL,
  DOSSIER_EL_CAPTION,
  DOSSIER_EL_RECIPIENTS_LABEL,
  DOSSIER_EL_RECIPIENTS,
  DOSSIER_EL_SIGN_CAPACITY,
  DOSSIER_EL_SIGN_POSITION,
  DOSSIER_EL_SIGN_NAME,
  DOSSIER_EL_APPENDIX_LABEL,
  DOSSIER_EL_APPENDIX_TITLE,
  DOSSIER_EL_APPENDIX_NOTE,
  DOSSIER_EL_PAGE_NUMBER,
  DOSSIER_EL_COUNT
} dossier_element;

enum { DOSSIER_TEXT_LEFT, DOSSIER_TEXT_CENTER, DOSSIER_TEXT_RIGHT, DOSSIER_TEXT_JUSTIFY };

/* How one element is set. Lengths in points. */
typedef struct {
  double size;          /* font size */
  unsigned face;        /* DOSSIER_RUN_BOLD | DOSSIER_RUN_ITALIC | DOSSIER_RUN_UNDERLINE */
  int upper;            /* upper-case the text */
  int align;            /* DOSSIER_TEXT_* */
  double line_spacing;  /* line height = size * line_spacing */
  double space_before;  /* above the first line */
  double space_after;   /* below the last line */
  double first_indent;  /* extra indent of the first line */
  double indent;        /* left indent of every line */
  double hanging;       /* list items: width reserved for the marker */
} dossier_text_style;

/* One line of the motto ("quốc hiệu") in the header's right column. */
typedef struct {
  char *text;
  dossier_element element;
  int rule;             /* a solid rule under it, as long as the line */
} dossier_motto_line;

struct dossier_style {
  char *source;         /* the file it came from (for messages and the PDF /ID) */

  /* Page. */
  double page_width, page_height;
  double margin_top, margin_bottom, margin_left, margin_right;

  /* Fonts: a fontconfig family; the files used when fontconfig has no such family. */
  char *font_family;
  char *font_files[4]; /* regular, bold, italic, bold italic (index = face & 3) */

  dossier_text_style el[DOSSIER_EL_COUNT];

  /* Header block: columns relative to the left margin; the block starts at the top margin. */
  double header_left_x, header_left_width, header_right_x, header_right_width;
  char *issuer_mark;          /* "*" under the issuer (Party), or "" */
  double issuer_rule_fraction; /* rule under the issuer as a fraction of its width (state), or 0 */
  double rule_gap;            /* distance from a baseline down to the rule under it */
  double rule_width;          /* stroke width of header and summary rules */
  char *number_pattern;       /* "Số {number}-{type}/{abbreviation}" */
  dossier_motto_line *motto;
  size_t motto_count;
  char *date_pattern;         /* "{place}, {date}" */
  double header_space_after;  /* from the lower column's last line to the title */

  double summary_rule_length; /* short rule under the summary lines */
  double summary_rule_gap;    /* from the last summary baseline down to that rule */

  /* Body flow. */
  int orphans, widows;        /* minimum lines of a paragraph kept at a page's bottom / top */
  int keep_with_next_lines;   /* lines of the following block kept with a heading */

  /* Tables. */
  double cell_padding_x, cell_padding_y, grid_width;
  double table_space_before, table_space_after;

  /* Charts. */
  double chart_width_fraction, chart_space_before, chart_space_after;

  /* Signature block (columns relative to the left margin). */
  double sign_left_width, sign_right_x, sign_right_width;
  double sign_space_before;   /* above the block */
  double sign_gap;            /* room for the handwritten signature and seal */
  char *recipients_label;     /* "Nơi nhận:" */
  char *recipient_prefix;     /* "- " */
  char *recipient_separator;  /* "," */
  char *recipient_end;        /* "." */

  /* Page numbers: baseline distance from the top edge; first page numbered or not. */
  double page_number_baseline;
  int page_number_on_first;
};

/* Returns the text style for a heading of `level` (1..3; others clamp). */
const dossier_text_style *dossier_style_heading(const dossier_style *style, int level);

#endif
