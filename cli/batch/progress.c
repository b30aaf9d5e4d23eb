#include "cli/batch/progress.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/batch/summary.h"

struct dossier_batch_progress {
  FILE *out;
  dossier_progress_mode mode;
  size_t total, to_render;
  size_t done, rendered, failed;
  double started, last_draw;
  int bar_shown;
};

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

dossier_batch_progress *dossier_batch_progress_new(FILE *out, dossier_progress_mode mode,
                                                   size_t total, size_t to_render) {
  dossier_batch_progress *p = calloc(1, sizeof *p);
  if (!p) return NULL;
  p->out = out;
  p->mode = mode;
  p->total = total;
  p->to_render = to_render;
  p->started = now_seconds();
  return p;
}

void dossier_batch_progress_free(dossier_batch_progress *p) { free(p); }

static void clear_bar(dossier_batch_progress *p) {
  if (!p->bar_shown) return;
  fputs("\r\033[K", p->out);
  p->bar_shown = 0;
}

static void draw_bar(dossier_batch_progress *p) {
  double now = now_seconds(), elapsed = now - p->started;
  char bar[31];
  size_t width = sizeof bar - 1;
  size_t filled = p->total ? p->done * width / p->total : width;
  memset(bar, '#', filled);
  memset(bar + filled, '.', width - filled);
  bar[width] = '\0';
  /* the rate counts renders only: skipped items cost nothing and would make
   * the time left look shorter than it is */
  double rate = elapsed > 0.05 ? (double)p->rendered / elapsed : 0.0;
  size_t left = p->to_render > p->rendered ? p->to_render - p->rendered : 0;
  char eta[32] = "--";
  if (rate > 0.0) {
    double seconds = (double)left / rate;
    if (seconds < 600)
      snprintf(eta, sizeof eta, "%.0fs", seconds);
    else
      snprintf(eta, sizeof eta, "%.0fmin", seconds / 60.0);
  }
  fprintf(p->out, "\r\033[K[%s] %zu/%zu  %.1f/s  left %s", bar, p->done, p->total, rate, eta);
  if (p->failed) fprintf(p->out, "  %zu failed", p->failed);
  fflush(p->out);
  p->bar_shown = 1;
  p->last_draw = now;
}

/* The error text may span lines (one diag message each): indent the rest. */
static void write_error(FILE *out, const char *error) {
  const char *line = error ? error : "failed";
  while (*line) {
    const char *end = strchr(line, '\n');
    size_t n = end ? (size_t)(end - line) : strlen(line);
    fprintf(out, "    %.*s\n", (int)n, line);
    line += n + (end ? 1 : 0);
  }
}

void dossier_batch_progress_item(dossier_batch_progress *p, const dossier_batch_item *item) {
  p->done++;
  if (item->state == DOSSIER_BATCH_OK || item->state == DOSSIER_BATCH_FAILED) p->rendered++;
  if (item->state == DOSSIER_BATCH_FAILED) {
    p->failed++;
    clear_bar(p);
    fprintf(p->out, "FAILED  %s\n", item->input);
    write_error(p->out, item->error);
  } else if (p->mode == DOSSIER_PROGRESS_LINES) {
    if (item->state == DOSSIER_BATCH_OK)
      fprintf(p->out, "ok      %s -> %s (%d pages, %.1f ms)\n", item->input, item->output,
              item->pages, item->ms);
    else
      fprintf(p->out, "skipped %s (up to date)\n", item->input);
  }
  if (p->mode == DOSSIER_PROGRESS_BAR) {
    if (p->done == p->total || item->state == DOSSIER_BATCH_FAILED ||
        now_seconds() - p->last_draw >= 0.1)
      draw_bar(p);
  } else {
    fflush(p->out);
  }
}

void dossier_batch_progress_tick(dossier_batch_progress *p) {
  if (p->mode == DOSSIER_PROGRESS_BAR && now_seconds() - p->last_draw >= 0.25) draw_bar(p);
}

void dossier_batch_progress_finish(dossier_batch_progress *p, const dossier_batch_list *list,
                                   const char *summary_path, long wall_ms) {
  clear_bar(p);
  if (p->mode != DOSSIER_PROGRESS_QUIET) {
    size_t ok = 0, skipped = 0, failed = 0;
    dossier_batch_count(list, &ok, &skipped, &failed);
    fprintf(p->out, "%zu rendered, %zu up to date, %zu failed in %.1f s; summary: %s\n", ok,
            skipped, failed, (double)wall_ms / 1000.0, summary_path);
  }
  fflush(p->out);
}
