/* batch.c: `dossier batch` — options, the plan (what is up to date), the
 * worker pool loop, and the summary. docs/batch.md is the user's side. */
#include "cli/batch/batch.h"

#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/atomic.h"
#include "base/cleanup.h"
#include "base/file.h"
#include "cli/batch/inputs.h"
#include "cli/batch/progress.h"
#include "cli/batch/run_files.h"
#include "cli/batch/stamp.h"
#include "cli/batch/summary.h"
#include "cli/batch/worker.h"
#include "cli/exit_codes.h"
#include "cli/report.h"

static const char batch_usage[] =
    "usage: dossier batch INPUT... -o OUTDIR [-j N] [-t TEMPLATE] [-s STYLE] [--force]\n"
    "                     [--quiet] [--shard K/N] [--units-dir DIR]\n"
    "  INPUT         a dataset (.json), a folder of them (not recursive), or a manifest\n"
    "                (*.list / *.manifest: one dataset or folder per line, relative to\n"
    "                the manifest, '#' comments)\n"
    "  -o OUTDIR     where the PDFs (OUTDIR/NAME.pdf), summary.json and summary.csv go\n"
    "  -j N          worker processes (default: the number of processors)\n"
    "  -t, -s        template and style, as for `dossier render`\n"
    "  --force       render even the PDFs that are up to date\n"
    "  --quiet       print nothing but failures\n"
    "  --shard K/N   render only the K-th of N slices of the sorted list\n"
    "  --units-dir   roll up the units' datasets of DIR into every dataset\n"
    "exit status: 0 all rendered or up to date; 65 a dataset was invalid; otherwise\n"
    "the code of the first failure (70: a worker crashed); 64 bad usage; 75 another\n"
    "batch holds OUTDIR; 129/130/143 interrupted (SIGHUP/SIGINT/SIGTERM). See docs/batch.md.\n";

typedef struct {
  const char *outdir, *template_name, *style_name, *units_dir;
  long jobs;
  int force, quiet;
  size_t shard_k, shard_n;
  int first_operand;
} batch_options;

enum { OPT_SHARD = 256, OPT_UNITS_DIR };

#define usage_error(...) dossier_cli_usage_error("dossier batch", batch_usage, __VA_ARGS__)

/* Returns 0, or the exit status to end with (after printing why); -1 asks for
 * the help text. */
static int parse_options(int argc, char **argv, batch_options *o) {
  static const struct option long_options[] = {
      {"output", required_argument, NULL, 'o'},   {"jobs", required_argument, NULL, 'j'},
      {"template", required_argument, NULL, 't'}, {"style", required_argument, NULL, 's'},
      {"force", no_argument, NULL, 'f'},          {"quiet", no_argument, NULL, 'q'},
      {"shard", required_argument, NULL, OPT_SHARD},
      {"units-dir", required_argument, NULL, OPT_UNITS_DIR},
      {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0},
  };
  memset(o, 0, sizeof *o);
  opterr = 0;
  optind = 0; /* glibc: full reinitialisation, so the batch can run twice in one process */
  int c;
  while ((c = getopt_long(argc, argv, ":o:j:t:s:fqh", long_options, NULL)) != -1) {
    char *end = NULL;
    switch (c) {
    case 'o': o->outdir = optarg; break;
    case 't': o->template_name = optarg; break;
    case 's': o->style_name = optarg; break;
    case 'f': o->force = 1; break;
    case 'q': o->quiet = 1; break;
    case OPT_UNITS_DIR: o->units_dir = optarg; break;
    case 'j':
      errno = 0;
      o->jobs = strtol(optarg, &end, 10);
      if (errno || end == optarg || *end || o->jobs < 1 || o->jobs > 512)
        return usage_error("-j needs a number of workers from 1 to 512, not %s", optarg);
      break;
    case OPT_SHARD:
      if (dossier_batch_shard_parse(optarg, &o->shard_k, &o->shard_n) != 0)
        return usage_error("--shard needs K/N with 1 <= K <= N, not %s", optarg);
      break;
    case 'h': return -1;
    case ':': return usage_error("option needs a value: %s", argv[optind - 1]);
    default: return usage_error("unknown option %s", argv[optind - 1]);
    }
  }
  o->first_operand = optind;
  if (!o->outdir) return usage_error("%s", "-o OUTDIR is required");
  if (optind >= argc) return usage_error("%s", "no INPUT given");
  if (o->jobs == 0) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    o->jobs = n > 0 ? (n > 512 ? 512 : n) : 1;
  }
  return 0;
}

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The run's state while the pool works. */
typedef struct {
  dossier_batch_list *list;
  const batch_options *opts;
  uint64_t config_hash;
  size_t *todo; /* indexes of the items to render, in order */
  size_t todo_count, next;
  dossier_batch_progress *progress;
  int stopping;         /* no new item is handed out */
  int stop_exit_code;   /* exit code of the items left unrendered */
  char *stop_error;     /* why they were not rendered */
  dossier_diag *diag;   /* problems of the run itself (inputs, output folder, summary) */
  const char *temporaries; /* the private folder of the outputs' temporaries */
} batch_run;

static volatile sig_atomic_t interrupted_by;

static void on_signal(int signo) { interrupted_by = signo; }

/* The signals that stop a run gracefully (the items in progress finish). */
static const int stop_signals[] = {SIGINT, SIGTERM, SIGHUP};
#define STOP_SIGNALS (sizeof stop_signals / sizeof stop_signals[0])

/* Catches the stop signals, except those the process ignores (nohup), saving
 * the previous actions in old[STOP_SIGNALS]. */
static void catch_stop_signals(struct sigaction *old) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal; /* no SA_RESTART: poll() must return to notice */
  sigemptyset(&sa.sa_mask);
  for (size_t i = 0; i < STOP_SIGNALS; i++) {
    sigaction(stop_signals[i], NULL, &old[i]);
    if (old[i].sa_handler != SIG_IGN) sigaction(stop_signals[i], &sa, NULL);
  }
}

static void restore_stop_signals(const struct sigaction *old) {
  for (size_t i = 0; i < STOP_SIGNALS; i++) sigaction(stop_signals[i], &old[i], NULL);
}

/* The run's private folders (run_files.h): made once the lock is held,
 * registered for removal should a signal end the batch before its end, and
 * removed at its end. */
typedef struct {
  char *temporaries; /* OUTDIR/.S.tmp-XXXXXX: every output's temporary */
  char *tmpdir;      /* the workers' TMPDIR */
  int cleanup[2];    /* their registrations (base/cleanup.h) */
} run_folders;

static dossier_status make_folders(run_folders *f, const char *outdir, const char *stem,
                                   dossier_diag *diag) {
  sigset_t saved;
  dossier_cleanup_defer(&saved); /* no signal between a folder's mkdtemp and its registration */
  dossier_status st = dossier_batch_private_folder(&f->temporaries, outdir, stem, diag);
  if (st == DOSSIER_OK) {
    f->cleanup[0] = dossier_cleanup_register(f->temporaries, DOSSIER_CLEANUP_FOLDER);
    st = dossier_batch_worker_tmpdir(&f->tmpdir, diag);
  }
  if (st == DOSSIER_OK) f->cleanup[1] = dossier_cleanup_register(f->tmpdir, DOSSIER_CLEANUP_FOLDER);
  dossier_cleanup_resume(&saved);
  if (st == DOSSIER_OK) st = dossier_atomic_set_folder(f->temporaries, diag);
  return st;
}

static void remove_folders(run_folders *f) {
  dossier_atomic_set_folder(NULL, NULL);
  if (f->temporaries && dossier_atomic_folder_remove(f->temporaries) != 0)
    fprintf(stderr, "dossier batch: warning: %s holds files it did not write; it was kept\n",
            f->temporaries);
  if (f->tmpdir && dossier_batch_worker_tmpdir_remove(f->tmpdir) != 0)
    fprintf(stderr, "dossier batch: warning: %s could not be removed\n", f->tmpdir);
  for (int i = 0; i < 2; i++) dossier_cleanup_unregister(f->cleanup[i]);
  free(f->temporaries);
  free(f->tmpdir);
  *f = (run_folders){NULL, NULL, {-1, -1}};
}

static void set_error(dossier_batch_item *item, const char *text) {
  free(item->error);
  item->error = text ? strdup(text) : NULL;
}

/* Whether the file at `path` is the one seen before the run. */
static int same_as_before(const dossier_batch_item *item, const struct stat *sb) {
  long long mtime_ns = (long long)sb->st_mtim.tv_sec * 1000000000LL + sb->st_mtim.tv_nsec;
  return item->had_output && (unsigned long long)sb->st_ino == item->old_ino &&
         mtime_ns == item->old_mtime_ns;
}

/* A failed item keeps no PDF that the batch made from other inputs: someone
 * collecting OUTDIR would send out old figures as if they were current. It
 * removes only what it wrote itself: a PDF with a stamp (whose stamp no longer
 * matches), or one that appeared during the run (renamed into place by a
 * worker killed before it could report: whole, but unvouched for, so the next
 * run makes it again). A PDF whose stamp matches the current inputs is kept
 * (it is correct; only this re-render under --force failed), and so is a PDF
 * no stamp shows the batch made, a read-only one (a signed PDF) and anything
 * that is not a regular file; the error then says that it is stale. */
static void remove_stale_output(const batch_run *run, dossier_batch_item *item) {
  uint64_t stamped = 0;
  int pages = 0;
  int has_stamp = dossier_batch_stamp_read(run->opts->outdir, item->name, &stamped, &pages) == 0;
  if (has_stamp && item->hash_ok && stamped == item->hash) return;
  struct stat sb;
  if (lstat(item->output, &sb) == 0) {
    int before = same_as_before(item, &sb);
    const char *kept = NULL;
    if (!S_ISREG(sb.st_mode)) kept = "it is not a regular file";
    else if (!(sb.st_mode & S_IWUSR)) kept = "it is read-only";
    else if (before && !has_stamp) kept = "no stamp shows that dossier batch made it";
    char *text = NULL;
    int n = -1;
    if (kept)
      n = asprintf(&text, "%s\n(%s does not reflect these inputs; it was kept: %s)",
                   item->error ? item->error : "failed", item->output, kept);
    else if (unlink(item->output) == 0)
      n = asprintf(&text, "%s\n(%s%s, %s)", item->error ? item->error : "failed",
                   before ? "the earlier " : "", item->output,
                   before ? "made from other inputs, was removed"
                          : "renamed into place before the worker died, was removed: nothing "
                            "vouches for it");
    if (n >= 0) {
      free(item->error);
      item->error = text;
    }
  }
  if (has_stamp) dossier_batch_stamp_remove(run->opts->outdir, item->name);
}

/* `tried`: the dataset itself was rendered (not stopped by a template, style
 * or gnuplot that failed for every item), so a stale PDF of it may go. */
static void finish_item(batch_run *run, dossier_batch_item *item, int tried) {
  /* a rendered item's stamp was written by its worker (batch_worker.c) */
  if (item->state == DOSSIER_BATCH_FAILED && tried) remove_stale_output(run, item);
  dossier_batch_progress_item(run->progress, item);
}

static void record_result(batch_run *run, const dossier_batch_result *r, const char *error) {
  dossier_batch_item *item = &run->list->items[r->index];
  item->ms = (double)(r->us / 100) / 10.0;
  item->peak_kib = (long)r->peak_kib;
  item->helpers_peak_kib = (long)r->helpers_peak_kib;
  if (r->status == DOSSIER_OK) {
    item->state = DOSSIER_BATCH_OK;
    item->pages = r->pages;
    if (error[0]) fprintf(stderr, "dossier batch: warning: %s: %s\n", item->input, error);
  } else {
    item->state = DOSSIER_BATCH_FAILED;
    item->exit_code = dossier_cli_exit_code((dossier_status)r->status);
    set_error(item, error);
    if (r->setup_failed && !run->stopping) {
      run->stopping = 1;
      run->stop_exit_code = item->exit_code;
      free(run->stop_error);
      if (asprintf(&run->stop_error, "not rendered: the workers could not start (%s)",
                   error) < 0)
        run->stop_error = NULL;
    }
  }
  finish_item(run, item, !r->setup_failed);
}

/* The item `index`, handed out at `started`, died with its worker. */
static void record_crash(batch_run *run, size_t index, double started, int signo, int code) {
  dossier_batch_item *item = &run->list->items[index];
  item->state = DOSSIER_BATCH_FAILED;
  item->ms = (double)(long)((now_seconds() - started) * 1e4 + 0.5) / 10.0;
  item->signal = signo;
  item->exit_code = 70;
  char text[256];
  if (signo)
    snprintf(text, sizeof text,
             "the worker rendering it was killed by signal %d (%s)", signo,
             strsignal(signo));
  else
    snprintf(text, sizeof text,
             "the worker rendering it ended unexpectedly (exit status %d)",
             code);
  set_error(item, text);
  /* a worker killed while writing (SIGKILL: it could not clean up) leaves its
   * temporaries: remove them now rather than at the end of the run */
  dossier_batch_clean_temps(run->opts->outdir, item->name);
  if (run->temporaries) dossier_atomic_remove_stale(run->temporaries, NULL, NULL);
  finish_item(run, item, 1);
}

/* Gives the idle worker the next item, or lets it finish. */
static void feed(batch_run *run, dossier_batch_worker *w) {
  if (run->stopping || run->next >= run->todo_count) {
    dossier_batch_worker_stop(w);
    return;
  }
  size_t index = run->todo[run->next++];
  /* a failed send: the worker died, or the pipe to it failed (EIO). Either
   * way it cannot get the item: end it, and its end of file reports the item
   * as failed, never a wait for a result that cannot come */
  if (dossier_batch_worker_send(w, index, now_seconds()) != 0) {
    fprintf(stderr, "dossier batch: cannot hand %s to a worker: %s\n",
            run->list->items[index].name, strerror(errno));
    if (w->pid > 0) kill(w->pid, SIGKILL);
    dossier_batch_worker_stop(w);
  }
}

/* Runs the pool until every handed-out item has come back. Returns the number
 * of workers used, or -1 when not one could be started. */
static int run_pool(batch_run *run, const dossier_batch_job *job, size_t jobs) {
  dossier_batch_worker *pool = calloc(jobs, sizeof *pool);
  struct pollfd *fds = calloc(jobs, sizeof *fds);
  size_t *slot_of = calloc(jobs, sizeof *slot_of);
  int started = 0;
  if (!pool || !fds || !slot_of) goto done;
  for (size_t s = 0; s < jobs; s++) pool[s] = (dossier_batch_worker){0, -1, -1, -1, 0};
  for (size_t s = 0; s < jobs; s++) {
    if (dossier_batch_worker_start(pool, jobs, s, job) != 0) {
      fprintf(stderr, "dossier batch: cannot start a worker: %s\n", strerror(errno));
      break;
    }
    started++;
    feed(run, &pool[s]);
  }
  if (started == 0) goto done;
  for (;;) {
    if (interrupted_by && !run->stopping) {
      run->stopping = 1;
      run->stop_exit_code = 128 + interrupted_by;
      free(run->stop_error);
      run->stop_error = strdup("not rendered: the batch was interrupted");
      for (size_t s = 0; s < jobs; s++)
        if (pool[s].pid && pool[s].item < 0) dossier_batch_worker_stop(&pool[s]);
    }
    nfds_t n = 0;
    for (size_t s = 0; s < jobs; s++) {
      if (pool[s].result_fd < 0) continue;
      fds[n] = (struct pollfd){pool[s].result_fd, POLLIN, 0};
      slot_of[n++] = s;
    }
    if (n == 0) break;
    int ready = poll(fds, n, 250);
    if (ready < 0 && errno != EINTR) {
      fprintf(stderr, "dossier batch: poll: %s\n", strerror(errno));
      break;
    }
    for (nfds_t i = 0; ready > 0 && i < n; i++) {
      if (!fds[i].revents) continue;
      dossier_batch_worker *w = &pool[slot_of[i]];
      dossier_batch_result r;
      char error[DOSSIER_BATCH_ERROR_MAX + 1];
      if (dossier_batch_worker_receive(w, &r, error, sizeof error) &&
          r.index < run->list->count && (long)r.index == w->item) {
        w->item = -1;
        record_result(run, &r, error);
        feed(run, w);
        continue;
      }
      /* end of file: the worker is gone, normally or not */
      long item = w->item;
      double handed_out = w->started;
      int code = 0;
      int signo = dossier_batch_worker_reap(w, &code);
      if (item >= 0) record_crash(run, (size_t)item, handed_out, signo, code);
      if (!run->stopping && run->next < run->todo_count) {
        if (dossier_batch_worker_start(pool, jobs, slot_of[i], job) == 0) {
          feed(run, w);
        } else if (!run->stop_error) {
          /* the other workers go on; if none is left, the rest is listed */
          if (asprintf(&run->stop_error, "not rendered: no worker could be started (%s)",
                       strerror(errno)) < 0)
            run->stop_error = NULL;
          run->stop_exit_code = 71;
        }
      }
    }
    dossier_batch_progress_tick(run->progress);
  }
done:
  if (pool)
    for (size_t s = 0; s < jobs; s++) {
      int code = 0;
      if (pool[s].pid) dossier_batch_worker_reap(&pool[s], &code);
    }
  free(pool);
  free(fds);
  free(slot_of);
  return started > 0 ? started : -1;
}

/* Decides what is up to date, cleans what a killed run left, and lists the
 * rest to render. Returns DOSSIER_OK or DOSSIER_ERR_NOMEM. */
static dossier_status plan(batch_run *run) {
  run->todo = calloc(run->list->count ? run->list->count : 1, sizeof *run->todo);
  if (!run->todo)
    return dossier_diag_nomem(run->diag);
  dossier_batch_clean_list_temps(run->opts->outdir, run->list);
  for (size_t i = 0; i < run->list->count; i++) {
    dossier_batch_item *item = &run->list->items[i];
    struct stat sb = {0};
    if (lstat(item->output, &sb) == 0) {
      item->had_output = 1;
      item->old_ino = (unsigned long long)sb.st_ino;
      item->old_mtime_ns = (long long)sb.st_mtim.tv_sec * 1000000000LL + sb.st_mtim.tv_nsec;
    }
    item->hash_ok = dossier_batch_item_hash(&item->hash, run->config_hash, item->input,
                                            run->opts->units_dir) == 0;
    uint64_t stamped = 0;
    int pages = 0;
    if (!run->opts->force && item->hash_ok &&
        dossier_batch_stamp_read(run->opts->outdir, item->name, &stamped, &pages) == 0 &&
        stamped == item->hash && item->had_output && S_ISREG(sb.st_mode) &&
        access(item->output, R_OK) == 0) {
      item->state = DOSSIER_BATCH_SKIPPED;
      item->pages = pages;
      continue;
    }
    run->todo[run->todo_count++] = i;
  }
  return DOSSIER_OK;
}

static int exit_status_of(const dossier_batch_list *list) {
  int first = 0;
  for (size_t i = 0; i < list->count; i++) {
    const dossier_batch_item *item = &list->items[i];
    if (item->state != DOSSIER_BATCH_FAILED) continue;
    if (item->exit_code == 65) return 65;
    if (!first) first = item->exit_code ? item->exit_code : 70;
  }
  return first;
}

static int fail_with(dossier_diag *diag, dossier_status st) {
  return dossier_cli_fail("dossier batch", diag, st);
}

int dossier_batch_main(int argc, char **argv) {
  batch_options o;
  int rc = parse_options(argc, argv, &o);
  if (rc == -1) {
    fputs(batch_usage, stdout);
    return 0;
  }
  if (rc) return rc;

  double t0 = now_seconds();
  dossier_batch_list list = {0};
  batch_run run = {.list = &list, .opts = &o};
  dossier_batch_progress *progress = NULL;
  char *summary_json = NULL;
  int lock_fd = -1;
  run_folders folders = {NULL, NULL, {-1, -1}};
  struct sigaction old_stop[STOP_SIGNALS], old_pipe, sa;
  int handlers_set = 0;
  dossier_status st = DOSSIER_OK;
  int status = 0;

  run.diag = dossier_diag_new();
  if (!run.diag) {
    fputs("dossier batch: out of memory\n", stderr);
    return 71;
  }
  for (int i = o.first_operand; i < argc && st == DOSSIER_OK; i++)
    st = dossier_batch_list_add(&list, argv[i], run.diag);
  if (st == DOSSIER_OK) st = dossier_batch_list_finish(&list, run.diag);
  if (st == DOSSIER_OK && list.count == 0)
    st = dossier_diag_add(run.diag, DOSSIER_ERR_NOINPUT, NULL, 0, 0, NULL,
                          "no dataset found in the inputs (folders are read for *.json)");
  if (st == DOSSIER_OK && o.shard_n) dossier_batch_list_shard(&list, o.shard_k, o.shard_n);
  if (st == DOSSIER_OK && dossier_mkdirs(o.outdir) != 0)
    st = dossier_diag_add(run.diag, DOSSIER_ERR_CANTCREAT, o.outdir, 0, 0, NULL,
                          "cannot create the output folder: %s", strerror(errno));
  if (st == DOSSIER_OK) st = dossier_batch_list_set_outdir(&list, o.outdir, run.diag);
  char stem[64] = "summary";
  if (o.shard_n) snprintf(stem, sizeof stem, "summary-%zu-of-%zu", o.shard_k, o.shard_n);
  if (st == DOSSIER_OK) st = dossier_batch_stamp_folder(o.outdir, run.diag);
  if (st == DOSSIER_OK) {
    lock_fd = dossier_batch_lock(o.outdir, stem, run.diag);
    if (lock_fd < 0) st = dossier_diag_status(run.diag);
  }
  if (st == DOSSIER_OK) st = make_folders(&folders, o.outdir, stem, run.diag);
  run.temporaries = folders.temporaries;
  if (st != DOSSIER_OK) {
    status = fail_with(run.diag, st);
    goto done;
  }

  run.config_hash = dossier_batch_config_hash(o.template_name, o.style_name, o.units_dir);
  st = plan(&run);
  if (st != DOSSIER_OK) {
    status = fail_with(run.diag, st);
    goto done;
  }
  dossier_progress_mode mode = o.quiet               ? DOSSIER_PROGRESS_QUIET
                               : isatty(STDERR_FILENO) ? DOSSIER_PROGRESS_BAR
                                                       : DOSSIER_PROGRESS_LINES;
  progress = dossier_batch_progress_new(stderr, mode, list.count, run.todo_count);
  if (!progress) {
    status = fail_with(run.diag, DOSSIER_ERR_NOMEM);
    goto done;
  }
  run.progress = progress;
  for (size_t i = 0; i < list.count; i++)
    if (list.items[i].state == DOSSIER_BATCH_SKIPPED)
      dossier_batch_progress_item(progress, &list.items[i]);

  interrupted_by = 0;
  catch_stop_signals(old_stop);
  memset(&sa, 0, sizeof sa);
  sigemptyset(&sa.sa_mask);
  sa.sa_handler = SIG_IGN; /* a dead worker's pipe is noticed by its end of file */
  sigaction(SIGPIPE, &sa, &old_pipe);
  handlers_set = 1;

  size_t jobs = (size_t)o.jobs < run.todo_count ? (size_t)o.jobs : run.todo_count;
  int workers = 0;
  if (jobs > 0) {
    dossier_batch_job job = {&list,     o.template_name, o.style_name,
                             o.units_dir, o.outdir,     folders.tmpdir};
    workers = run_pool(&run, &job, jobs);
    if (workers < 0 && !run.stopping) {
      run.stopping = 1;
      run.stop_exit_code = 71;
      free(run.stop_error);
      run.stop_error = strdup("not rendered: no worker process could be started");
    }
  }
  /* What was never handed out fails with the reason, told once; its files are
   * left as they are, since nothing was tried. */
  size_t unrendered = 0;
  for (size_t i = run.next; i < run.todo_count; i++) {
    dossier_batch_item *item = &list.items[run.todo[i]];
    if (item->state != DOSSIER_BATCH_PENDING) continue;
    item->state = DOSSIER_BATCH_FAILED;
    item->exit_code = run.stop_exit_code ? run.stop_exit_code : 70;
    set_error(item, run.stop_error ? run.stop_error : "not rendered");
    unrendered++;
  }
  if (unrendered)
    fprintf(stderr, "dossier batch: %zu dataset(s) %s\n", unrendered,
            run.stop_error ? run.stop_error : "not rendered");
  status = interrupted_by ? 128 + interrupted_by : exit_status_of(&list);

  long wall_ms = (long)((now_seconds() - t0) * 1000.0 + 0.5);
  dossier_batch_run_info info = {o.template_name, o.style_name, o.units_dir, o.shard_k,
                                 o.shard_n, workers > 0 ? workers : 0, wall_ms, status};
  dossier_diag_clear(run.diag);
  st = dossier_batch_summary_write(o.outdir, stem, &list, &info, run.diag);
  if (st != DOSSIER_OK) {
    dossier_diag_print(run.diag, stderr, "dossier batch: ");
    if (status == 0) status = dossier_cli_exit_code(st);
  }
  if (asprintf(&summary_json, "%s/%s.json", o.outdir, stem) < 0) summary_json = NULL;
  dossier_batch_progress_finish(progress, &list, summary_json ? summary_json : stem, wall_ms);

done:
  remove_folders(&folders);
  if (handlers_set) {
    restore_stop_signals(old_stop);
    sigaction(SIGPIPE, &old_pipe, NULL);
  }
  if (lock_fd >= 0) close(lock_fd);
  free(summary_json);
  free(run.todo);
  free(run.stop_error);
  dossier_batch_progress_free(progress);
  dossier_batch_list_free(&list);
  dossier_diag_free(run.diag);
  return status;
}
