#include "cli/batch/worker.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "cli/batch/stamp.h"
#include "render/pipeline.h"

static double monotonic_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int write_all(int fd, const void *data, size_t n) {
  const char *p = data;
  while (n > 0) {
    ssize_t put = write(fd, p, n);
    if (put < 0 && errno == EINTR) continue;
    if (put <= 0) return -1;
    p += put;
    n -= (size_t)put;
  }
  return 0;
}

/* Returns the bytes read: n, or fewer at end of file or on error. */
static size_t read_all(int fd, void *data, size_t n) {
  char *p = data;
  size_t got = 0;
  while (got < n) {
    ssize_t r = read(fd, p + got, n - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    got += (size_t)r;
  }
  return got;
}

/* The peak resident memory (VmHWM) of process `pid` (0: this one) so far, 0
 * when unknown (no /proc, or the process is gone). */
static long peak_kib(long pid) {
  char path[64];
  if (pid)
    snprintf(path, sizeof path, "/proc/%ld/status", pid);
  else
    snprintf(path, sizeof path, "/proc/self/status");
  FILE *f = fopen(path, "re");
  if (!f) return 0;
  char line[256];
  long kib = 0;
  while (fgets(line, sizeof line, f))
    if (strncmp(line, "VmHWM:", 6) == 0) {
      kib = strtol(line + 6, NULL, 10);
      break;
    }
  fclose(f);
  return kib;
}

/* The summed peaks of the worker's helper processes (its gnuplot): the memory
 * a worker really costs. Linux lists a thread's children in
 * /proc/PID/task/PID/children; 0 when that is unavailable. */
static long helpers_peak_kib(void) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%ld/task/%ld/children", (long)getpid(), (long)getpid());
  FILE *f = fopen(path, "re");
  if (!f) return 0;
  long total = 0, child;
  while (fscanf(f, "%ld", &child) == 1) total += peak_kib(child);
  fclose(f);
  return total;
}

/* The test hook of batch_worker.h. */
static void maybe_crash(const char *name) {
  const char *hook = getenv(DOSSIER_BATCH_CRASH_ENV);
  if (!hook || !*hook) return;
  const char *at = strchr(hook, '@');
  size_t n = at ? (size_t)(at - hook) : strlen(hook);
  if (strlen(name) != n || strncmp(name, hook, n) != 0) return;
  if (!at) raise(SIGKILL);
  char *end = NULL;
  long ms = strtol(at + 1, &end, 10);
  if (end == at + 1 || *end != '\0' || ms < 0) return;
  signal(SIGALRM, SIG_DFL);
  struct itimerval t = {{0, 0}, {ms / 1000, (ms % 1000) * 1000}};
  if (ms == 0) t.it_value.tv_usec = 1;
  setitimer(ITIMER_REAL, &t, NULL);
}

/* Joins the diag's messages, one per line, cut to fit one result record. */
static size_t error_text(char *buf, size_t size, const dossier_diag *diag, dossier_status st) {
  size_t used = 0;
  buf[0] = '\0';
  size_t count = dossier_diag_count(diag);
  for (size_t i = 0; i < count; i++) {
    const char *m = dossier_diag_message(diag, i);
    if (!m) continue;
    int k = snprintf(buf + used, size - used, "%s%s", used ? "\n" : "", m);
    if (k < 0 || (size_t)k >= size - used) {
      const char cut[] = "\xe2\x80\xa6"; /* "…" */
      used = size - 1 >= sizeof cut ? size - sizeof cut : 0;
      /* back off to a character boundary so the text stays valid UTF-8 */
      while (used > 0 && ((unsigned char)buf[used] & 0xC0) == 0x80) used--;
      memcpy(buf + used, cut, sizeof cut);
      return used + sizeof cut - 1;
    }
    used += (size_t)k;
  }
  if (used == 0 && st != DOSSIER_OK) {
    int k = snprintf(buf, size, "%s", dossier_status_message(st));
    used = k > 0 ? (size_t)k : 0;
  }
  return used;
}

/* Sends one result; a successful item carries the diag's messages too, as
 * warnings (a stamp that could not be written). */
static void send_result(int fd, uint32_t index, dossier_status st, int pages, int setup_failed,
                        double elapsed, const dossier_diag *diag) {
  struct {
    dossier_batch_result head;
    char error[DOSSIER_BATCH_ERROR_MAX + 1];
  } record;
  memset(&record.head, 0, sizeof record.head);
  record.head.index = index;
  record.head.status = (int32_t)st;
  record.head.pages = pages;
  record.head.setup_failed = setup_failed;
  record.head.us = (int64_t)(elapsed * 1e6 + 0.5);
  record.head.peak_kib = peak_kib(0);
  record.head.helpers_peak_kib = helpers_peak_kib();
  size_t n = st == DOSSIER_OK && dossier_diag_count(diag) == 0
                 ? 0
                 : error_text(record.error, sizeof record.error, diag, st);
  record.head.error_length = (uint32_t)n;
  /* one write of at most PIPE_BUF bytes: the parent never sees half a record */
  if (write_all(fd, &record, sizeof record.head + n) != 0) _exit(0); /* parent gone */
}

/* The stamp vouches for the PDF the pipeline just renamed into place. The
 * worker writes it, beside the other workers, rather than the parent between
 * two hand-outs: its fsync would hold up every worker waiting for work. When
 * it cannot be written no stamp is left (the next run renders again) and the
 * message goes back as a warning. */
static void record_stamp(const dossier_batch_job *job, const dossier_batch_item *item, int pages,
                         dossier_diag *diag) {
  if (!item->hash_ok || dossier_batch_stamp_write(job->outdir, item->name, item->hash, pages,
                                                  diag) != DOSSIER_OK)
    dossier_batch_stamp_remove(job->outdir, item->name);
}

static _Noreturn void worker_main(dossier_batch_worker *pool, size_t pool_size, int task_in,
                                  int result_out, const dossier_batch_job *job) {
  /* The parent's graceful stop is not the worker's: a signal ends it at once,
   * without temporaries (those of the render, its chart folder). SIGPIPE: a
   * result written to a parent that is gone. gnuplot gets the default actions
   * back when it is executed. */
  dossier_cleanup_install();
  signal(SIGPIPE, SIG_DFL);
  dossier_cleanup_catch(SIGPIPE);
  if (job->tmpdir) setenv("TMPDIR", job->tmpdir, 1);
  /* Other workers' pipes must not stay open here, or their end of file would
   * never come. */
  for (size_t i = 0; i < pool_size; i++) {
    if (pool[i].task_fd >= 0) close(pool[i].task_fd);
    if (pool[i].result_fd >= 0) close(pool[i].result_fd);
  }
  dossier_diag *setup_diag = dossier_diag_new();
  dossier_diag *diag = dossier_diag_new();
  dossier_engine *engine = NULL;
  dossier_status setup = setup_diag && diag ? dossier_engine_new(&engine, job->template_name,
                                                                   job->style_name, setup_diag)
                                            : DOSSIER_ERR_NOMEM;
  uint32_t index;
  while (read_all(task_in, &index, sizeof index) == sizeof index) {
    double started = monotonic_seconds();
    if (index >= job->list->count) _exit(70); /* a bug in the parent, not user input */
    const dossier_batch_item *item = &job->list->items[index];
    if (setup != DOSSIER_OK) {
      /* the template or style is bad: every item would fail the same way */
      send_result(result_out, index, setup, -1, 1, monotonic_seconds() - started, setup_diag);
      continue;
    }
    dossier_diag_clear(diag);
    maybe_crash(item->name);
    int pages = -1;
    dossier_status st = dossier_pipeline_render(engine, item->input, job->units_dir,
                                                item->output, &pages, diag);
    double elapsed = monotonic_seconds() - started;
    if (st == DOSSIER_OK) record_stamp(job, item, pages, diag);
    send_result(result_out, index, st, st == DOSSIER_OK ? pages : -1, 0, elapsed, diag);
  }
  dossier_engine_free(engine);
  dossier_diag_free(diag);
  dossier_diag_free(setup_diag);
  _exit(0);
}

int dossier_batch_worker_start(dossier_batch_worker *pool, size_t pool_size, size_t self,
                               const dossier_batch_job *job) {
  int task[2], result[2];
  if (pipe2(task, O_CLOEXEC) != 0) return -1;
  if (pipe2(result, O_CLOEXEC) != 0) {
    int e = errno;
    close(task[0]);
    close(task[1]);
    errno = e;
    return -1;
  }
  fflush(NULL); /* the child must not write out the parent's buffered output */
  pid_t pid = fork();
  if (pid < 0) {
    int e = errno;
    close(task[0]);
    close(task[1]);
    close(result[0]);
    close(result[1]);
    errno = e;
    return -1;
  }
  if (pid == 0) {
    close(task[1]);
    close(result[0]);
    worker_main(pool, pool_size, task[0], result[1], job);
  }
  close(task[0]);
  close(result[1]);
  dossier_batch_worker *w = &pool[self];
  w->pid = pid;
  w->task_fd = task[1];
  w->result_fd = result[0];
  w->item = -1;
  w->started = 0;
  return 0;
}

int dossier_batch_worker_send(dossier_batch_worker *w, size_t index, double now) {
  uint32_t i = (uint32_t)index;
  w->item = (long)index;
  w->started = now;
  if (w->task_fd < 0) return -1;
  return write_all(w->task_fd, &i, sizeof i);
}

int dossier_batch_worker_receive(dossier_batch_worker *w, dossier_batch_result *result,
                                 char *error, size_t size) {
  error[0] = '\0';
  if (read_all(w->result_fd, result, sizeof *result) != sizeof *result) return 0;
  size_t n = result->error_length;
  if (n > DOSSIER_BATCH_ERROR_MAX || n >= size) return 0;
  if (read_all(w->result_fd, error, n) != n) return 0;
  error[n] = '\0';
  return 1;
}

void dossier_batch_worker_stop(dossier_batch_worker *w) {
  if (w->task_fd >= 0) close(w->task_fd);
  w->task_fd = -1;
}

int dossier_batch_worker_reap(dossier_batch_worker *w, int *exit_code) {
  *exit_code = 0;
  dossier_batch_worker_stop(w);
  if (w->result_fd >= 0) close(w->result_fd);
  w->result_fd = -1;
  int signal_number = 0;
  if (w->pid > 0) {
    int status = 0;
    pid_t got;
    do got = waitpid(w->pid, &status, 0);
    while (got < 0 && errno == EINTR);
    if (got == w->pid && WIFSIGNALED(status)) signal_number = WTERMSIG(status);
    if (got == w->pid && WIFEXITED(status)) *exit_code = WEXITSTATUS(status);
  }
  w->pid = 0;
  w->item = -1;
  return signal_number;
}
