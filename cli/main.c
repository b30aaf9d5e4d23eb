/* dossier: the command line. Thin: options, subcommands, exit codes. */
#include <getopt.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "base/cleanup.h"
#include "cli/batch/batch.h"
#include "cli/exit_codes.h"
#include "cli/report.h"
#include "dossier.h"
#include "render/pipeline.h"

static const char usage_text[] =
    "usage: dossier render DATASET [-t TEMPLATE] [-s STYLE] [-o OUT.pdf] [--units-dir DIR]\n"
    "       dossier figures DATASET [--format json|text] [--units-dir DIR]\n"
    "       dossier check DATASET...\n"
    "       dossier batch INPUT... -o OUTDIR [-j N] [-t TEMPLATE] [-s STYLE] [--units-dir DIR]\n"
    "                     [--force] [--shard K/N] [--quiet]\n"
    "       dossier templates\n"
    "       dossier --help | --version\n";

static const char help_text[] =
    "\n"
    "dossier turns the yearly figures of a Party committee or base organisation\n"
    "(a dataset: JSON, see docs/dataset.md) into a signed-off PDF report in the\n"
    "official Vietnamese layout (Hướng dẫn 36-HD/VPTW), every figure computed,\n"
    "phrased and charted by the program.\n"
    "\n"
    "commands:\n"
    "  render     write the PDF dossier of one dataset (default: DATASET's name\n"
    "             with .pdf, in the current folder); written atomically\n"
    "  figures    print every computed figure as JSON (unrounded) for audits,\n"
    "             or as a readable Vietnamese table with --format text\n"
    "  check      validate datasets without rendering; lists every problem\n"
    "  batch      render many datasets in parallel, resumably (docs/batch.md)\n"
    "  templates  list the stock templates\n"
    "\n"
    "options:\n"
    "  -t, --template NAME|FILE  stock template name or a .md file (default term-report)\n"
    "  -s, --style NAME|FILE     layout style: party (default) or state, or a .json file\n"
    "  -o, --output FILE         output PDF\n"
    "      --units-dir DIR       roll up the units' own datasets found in DIR\n"
    "      --format json|text    output of `figures` (default json)\n"
    "\n"
    "exit status: 0 success, 64 bad usage, 65 invalid dataset or template,\n"
    "66 input missing, 69 gnuplot or a font missing, 70 internal error (a\n"
    "crashed gnuplot), 73/74 output cannot be written, 75 gnuplot timed out\n"
    "(or, for batch, another batch is writing OUTDIR).\n";

#define usage_error(...) dossier_cli_usage_error("dossier", usage_text, __VA_ARGS__)

static int fail(const dossier_diag *diag, dossier_status status) {
  return dossier_cli_fail("dossier", diag, status);
}

/* "dir/hai-duong.json" -> "hai-duong.pdf" (in the current folder). */
static char *default_output_path(const char *dataset_path) {
  char *copy = strdup(dataset_path);
  if (!copy) return NULL;
  char *base = basename(copy);
  size_t n = strlen(base);
  if (n > 5 && strcmp(base + n - 5, ".json") == 0) base[n - 5] = '\0';
  char *out = NULL;
  if (asprintf(&out, "%s.pdf", base) < 0) out = NULL;
  free(copy);
  return out;
}

enum { OPT_UNITS_DIR = 256, OPT_FORMAT };

static const struct option long_options[] = {
    {"template", required_argument, NULL, 't'},
    {"style", required_argument, NULL, 's'},
    {"output", required_argument, NULL, 'o'},
    {"units-dir", required_argument, NULL, OPT_UNITS_DIR},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

typedef struct {
  const char *template_name, *style_name, *output, *units_dir, *format;
  int first_operand;
} command_options;

/* Parses the options shared by render/figures/check; returns 0, -1 after
 * printing the help (--help), or an exit status (64) after printing the usage. */
static int parse_options(int argc, char **argv, const char *allowed, command_options *opts) {
  memset(opts, 0, sizeof *opts);
  opterr = 0;
  optind = 1;
  int c;
  while ((c = getopt_long(argc, argv, ":t:s:o:h", long_options, NULL)) != -1) {
    if (c == '?') return usage_error("unknown option %s", argv[optind - 1]);
    if (c == ':') return usage_error("option %s needs a value", argv[optind - 1]);
    if (c == 'h') {
      fputs(usage_text, stdout);
      fputs(help_text, stdout);
      return -1;
    }
    if (!strchr(allowed, c == OPT_UNITS_DIR ? 'u' : c == OPT_FORMAT ? 'f' : c)) {
      /* the option as the user wrote it, not its value (getopt has taken both) */
      const char *name = c == OPT_UNITS_DIR ? "--units-dir" : c == OPT_FORMAT ? "--format"
                         : c == 't'          ? "-t"
                         : c == 's'          ? "-s"
                         : c == 'o'          ? "-o"
                                             : argv[optind - 1];
      return usage_error("option %s does not apply to this command", name);
    }
    switch (c) {
    case 't': opts->template_name = optarg; break;
    case 's': opts->style_name = optarg; break;
    case 'o': opts->output = optarg; break;
    case OPT_UNITS_DIR: opts->units_dir = optarg; break;
    case OPT_FORMAT: opts->format = optarg; break;
    default: break;
    }
  }
  opts->first_operand = optind;
  return 0;
}

static int command_render(int argc, char **argv, dossier_diag *diag) {
  command_options o;
  int rc = parse_options(argc, argv, "tsou", &o);
  if (rc) return rc < 0 ? 0 : rc;
  if (argc - o.first_operand != 1) return usage_error("%s", "render takes exactly one DATASET");
  const char *dataset = argv[o.first_operand];
  char *default_out = o.output ? NULL : default_output_path(dataset);
  const char *out = o.output ? o.output : default_out;
  if (!out) return fail(diag, DOSSIER_ERR_NOMEM);

  dossier_engine *engine = NULL;
  int pages = 0;
  /* a bad output is refused before the template, the style or the dataset is read */
  dossier_status st = dossier_pipeline_check_output(dataset, out, diag);
  if (st == DOSSIER_OK) st = dossier_engine_new(&engine, o.template_name, o.style_name, diag);
  if (st == DOSSIER_OK)
    st = dossier_pipeline_render(engine, dataset, o.units_dir, out, &pages, diag);
  dossier_engine_free(engine);
  if (st == DOSSIER_OK) printf("%s (%d pages)\n", out, pages);
  free(default_out);
  return st == DOSSIER_OK ? 0 : fail(diag, st);
}

static int command_figures(int argc, char **argv, dossier_diag *diag) {
  command_options o;
  int rc = parse_options(argc, argv, "uf", &o);
  if (rc) return rc < 0 ? 0 : rc;
  if (argc - o.first_operand != 1) return usage_error("%s", "figures takes exactly one DATASET");
  int text = 0;
  if (o.format && strcmp(o.format, "text") == 0)
    text = 1;
  else if (o.format && strcmp(o.format, "json") != 0)
    return usage_error("unknown format %s (json or text)", o.format);

  dossier_figures *figures = NULL;
  char *out = NULL;
  dossier_status st = dossier_figures_load(&figures, argv[o.first_operand], o.units_dir, diag);
  if (st == DOSSIER_OK)
    st = text ? dossier_figures_text(&out, figures, diag) : dossier_figures_json(&out, figures, diag);
  if (st == DOSSIER_OK) fputs(out, stdout);
  if (st == DOSSIER_OK && !text) fputc('\n', stdout);
  dossier_free(out);
  dossier_figures_free(figures);
  return st == DOSSIER_OK ? 0 : fail(diag, st);
}

static int command_check(int argc, char **argv, dossier_diag *diag) {
  command_options o;
  int rc = parse_options(argc, argv, "u", &o);
  if (rc) return rc < 0 ? 0 : rc;
  if (argc - o.first_operand < 1) return usage_error("%s", "check needs at least one DATASET");
  int worst = 0;
  for (int i = o.first_operand; i < argc; i++) {
    dossier_figures *figures = NULL;
    dossier_diag_clear(diag);
    dossier_status st = dossier_figures_load(&figures, argv[i], o.units_dir, diag);
    dossier_figures_free(figures);
    if (st == DOSSIER_OK) {
      printf("%s: ok\n", argv[i]);
      continue;
    }
    int code = fail(diag, st);
    /* invalid data (65) outranks nothing; a missing file (66) is reported as such */
    if (worst == 0 || code == 65) worst = code;
  }
  return worst;
}

static int command_templates(int argc, char **argv) {
  (void)argv;
  if (argc > 1) return usage_error("%s", "templates takes no arguments");
  const char *name, *description;
  for (size_t i = 0; dossier_template_info(i, &name, &description) == 0; i++)
    printf("%-20s %s\n", name, description);
  return 0;
}

static int run_command(int argc, char **argv) {
  if (argc < 2) return usage_error("%s", "missing command");
  const char *command = argv[1];
  if (strcmp(command, "--version") == 0 || strcmp(command, "-V") == 0) {
    printf("dossier %s\n", DOSSIER_VERSION);
    return 0;
  }
  if (strcmp(command, "--help") == 0 || strcmp(command, "-h") == 0 ||
      strcmp(command, "help") == 0) {
    fputs(usage_text, stdout);
    fputs(help_text, stdout);
    return 0;
  }
  if (strcmp(command, "batch") == 0) return dossier_batch_main(argc - 1, argv + 1);
  if (strcmp(command, "templates") == 0) return command_templates(argc - 1, argv + 1);

  dossier_diag *diag = dossier_diag_new();
  if (!diag) {
    fputs("dossier: out of memory\n", stderr);
    return 71;
  }
  int rc;
  if (strcmp(command, "render") == 0)
    rc = command_render(argc - 1, argv + 1, diag);
  else if (strcmp(command, "figures") == 0)
    rc = command_figures(argc - 1, argv + 1, diag);
  else if (strcmp(command, "check") == 0)
    rc = command_check(argc - 1, argv + 1, diag);
  else
    rc = usage_error("unknown command %s", command);
  dossier_diag_free(diag);
  return rc;
}

/* The one way out: whatever a command printed on stdout is its result, so a
 * write that failed (a full disk, a closed pipe) turns success into 74.
 * SIGINT, SIGTERM and SIGHUP remove the temporaries of the command (a PDF's,
 * the chart folder: base/cleanup.h) before they end it. */
int main(int argc, char **argv) {
  dossier_cleanup_install();
  gsl_set_error_handler_off();
  int rc = run_command(argc, argv);
  dossier_shutdown(); /* process-wide font caches and fontconfig */
  int closed = dossier_cli_close_stdout();
  return rc == 0 ? closed : rc;
}
