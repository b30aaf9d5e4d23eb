/* limits.h: every limit dossier puts on what it reads and makes, in one
 * place — docs/limits.md is the same table for users, and each limit is
 * enforced with a located error (never a crash, a hang or running out of
 * memory) and tested one below and one above.
 *
 * They are far above any real report (a committee of a few hundred base
 * organisations, a dozen indicators, a term of five years) and low enough
 * that the worst input within them renders in seconds. */
#ifndef DOSSIER_BASE_LIMITS_H
#define DOSSIER_BASE_LIMITS_H

/* ---- input files (regular files only; a folder, device or pipe is refused) */
#define DOSSIER_LIMIT_DATASET_BYTES (64u * 1024 * 1024)  /* a dataset or unit file */
#define DOSSIER_LIMIT_TEMPLATE_BYTES (1u * 1024 * 1024)  /* a template */
#define DOSSIER_LIMIT_STYLE_BYTES (256u * 1024)          /* a style file */
#define DOSSIER_LIMIT_MANIFEST_BYTES (4u * 1024 * 1024)  /* a batch manifest */

/* ---- JSON (datasets, unit files, styles) */
#define DOSSIER_LIMIT_JSON_DEPTH 32        /* objects and lists inside one another */
#define DOSSIER_LIMIT_JSON_MEMBERS 10000   /* members of one object or list */
#define DOSSIER_LIMIT_TEXT_BYTES 4096      /* one string (a name, a label, a key) */

/* ---- a dataset */
#define DOSSIER_LIMIT_INDICATORS 1000      /* indicators of a committee or of a unit */
#define DOSSIER_LIMIT_UNITS 10000          /* units, inline and from --units-dir together */
#define DOSSIER_LIMIT_YEARS 20             /* period.from … period.to */

/* ---- a template and what it makes */
#define DOSSIER_LIMIT_TAG_DEPTH 32         /* {% for %} and {% if %} inside one another */
#define DOSSIER_LIMIT_CONDITION_DEPTH 32   /* ( and not inside one another in a condition */
#define DOSSIER_LIMIT_CONDITION_TERMS 256  /* values and figures of one condition */
#define DOSSIER_LIMIT_ITERATIONS 100000    /* loop repetitions in one render, all loops */
#define DOSSIER_LIMIT_BLOCKS 200000        /* paragraphs, list items, tables … of a document */
#define DOSSIER_LIMIT_PAGES 1000           /* pages of one PDF */
#define DOSSIER_LIMIT_LIST_DEPTH 6         /* lists inside lists */

/* ---- a chart (the SVG gnuplot draws) */
#define DOSSIER_LIMIT_SVG_ELEMENTS 200000  /* elements drawn, <use> copies included */
#define DOSSIER_LIMIT_SVG_DEPTH 32         /* elements inside one another */

#endif
