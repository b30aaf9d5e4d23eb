/* engine.c: the gnuplot coprocess behind dossier_chart_draw.
 *
 * One gnuplot per engine, started on first use. Each chart's script is
 * written, in one write(), to a file of our private directory, and gnuplot is
 * sent over its stdin only `load '<that file>'`, `set output` (which closes
 * the svg file) and `print` of a random sentinel: gnuplot reads its stdin one
 * byte per read() but a loaded file through stdio, so this spares ~7 000
 * system calls per dossier (bench/PROFILE.md). An error inside the file ends
 * the load and gnuplot goes on with stdin, so the sentinel always comes. We
 * read gnuplot's merged stdout/stderr up to that line, so we know the chart is
 * complete and see any complaint gnuplot made about it. Every wait is bounded by poll(): a gnuplot that hangs
 * is killed (its whole process group), reaped, and started again next time.
 * stdin is one end of a socketpair so that writing to a dead gnuplot gives
 * EPIPE (send with MSG_NOSIGNAL) instead of a SIGPIPE that would kill us —
 * without touching the process's signal dispositions. The script and the svg
 * are files in a private directory made with mkdtemp; no file name comes from
 * user text. The directory and its two files are registered with
 * base/cleanup.h while they exist, so a signal that ends the process does not
 * leave them in $TMPDIR.
 *
 * DOSSIER_GNUPLOT names the program to run instead of "gnuplot" from PATH
 * (tests point it at fakes); DOSSIER_GNUPLOT_TIMEOUT is the per-chart limit in
 * seconds (default 20); DOSSIER_CHART_TRACE (any value) copies every script
 * sent to gnuplot to stderr, for debugging a chart. */
#include "render/chart/chart.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/file.h"
#include "render/chart/kinds.h"
#include "render/chart/gnuplot_quote.h"
#include "render/chart/svg.h"

extern char **environ;

enum {
  DEFAULT_TIMEOUT_MS = 20000,
  MAX_MESSAGES = 4096,          /* bytes of gnuplot complaints we keep */
  MAX_SVG = 64 * 1024 * 1024,   /* a chart's svg is ~0.1 MB */
};

struct dossier_chart_engine {
  char *program;        /* absolute path of gnuplot, resolved at start */
  pid_t pid;            /* 0 when not running */
  int in_fd, out_fd;    /* our ends: gnuplot's stdin, its stdout+stderr */
  char dir[4096];       /* private temp dir, "" until made */
  char svg_path[4200];
  char script_path[4200];
  int timeout_ms;
  pid_t owner;          /* the process that started gnuplot and made dir */
  int cleanup[3];       /* registrations of dir, svg_path, script_path; -1 none */
};

/* Forgets the registrations of the private directory (base/cleanup.h). */
static void unregister_dir(dossier_chart_engine *engine) {
  for (int i = 0; i < 3; i++) {
    dossier_cleanup_unregister(engine->cleanup[i]);
    engine->cleanup[i] = -1;
  }
}

dossier_status dossier_chart_engine_new(dossier_chart_engine **out, dossier_diag *diag) {
  dossier_chart_engine *engine = calloc(1, sizeof *engine);
  *out = NULL;
  if (!engine) return dossier_diag_nomem(diag);
  engine->in_fd = engine->out_fd = -1;
  engine->cleanup[0] = engine->cleanup[1] = engine->cleanup[2] = -1;
  engine->timeout_ms = DEFAULT_TIMEOUT_MS;
  const char *limit = getenv("DOSSIER_GNUPLOT_TIMEOUT");
  if (limit && *limit) {
    char *end = NULL;
    double seconds = strtod(limit, &end);
    if (end != limit && *end == '\0' && seconds > 0 && seconds < 3600)
      engine->timeout_ms = (int)(seconds * 1000 + 0.5);
  }
  *out = engine;
  return DOSSIER_OK;
}

void dossier_chart_engine_set_timeout(dossier_chart_engine *engine, int milliseconds) {
  if (engine && milliseconds > 0) engine->timeout_ms = milliseconds;
}

static long long now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Ends gnuplot: `gentle` closes its stdin and gives it a moment to exit on
 * EOF; then (or at once) the process group is killed. Always reaps. */
static void stop(dossier_chart_engine *engine, int gentle) {
  if (engine->in_fd >= 0) close(engine->in_fd);
  engine->in_fd = -1;
  if (engine->pid > 0) {
    int status, reaped = 0;
    for (int i = 0; gentle && i < 100 && !reaped; i++) {
      if (waitpid(engine->pid, &status, WNOHANG) == engine->pid) reaped = 1;
      else {
        struct timespec pause = {0, 10 * 1000 * 1000};
        nanosleep(&pause, NULL);
      }
    }
    if (!reaped) {
      kill(-engine->pid, SIGKILL);
      kill(engine->pid, SIGKILL);
      while (waitpid(engine->pid, &status, 0) < 0 && errno == EINTR) {
      }
    }
  }
  engine->pid = 0;
  if (engine->out_fd >= 0) close(engine->out_fd);
  engine->out_fd = -1;
}

/* After a fork, the child's copy of an engine must not talk to, kill or
 * clean up after its parent's gnuplot: it forgets it and starts its own. */
static void forget_if_forked(dossier_chart_engine *engine) {
  if (engine->owner == 0 || engine->owner == getpid()) return;
  if (engine->in_fd >= 0) close(engine->in_fd);
  if (engine->out_fd >= 0) close(engine->out_fd);
  engine->in_fd = engine->out_fd = -1;
  engine->pid = 0;
  engine->dir[0] = engine->svg_path[0] = engine->script_path[0] = '\0';
  unregister_dir(engine); /* the parent's: this process never removes them */
  engine->owner = 0;
}

void dossier_chart_engine_free(dossier_chart_engine *engine) {
  if (!engine) return;
  forget_if_forked(engine);
  stop(engine, 1);
  if (engine->svg_path[0]) unlink(engine->svg_path);
  if (engine->script_path[0]) unlink(engine->script_path);
  if (engine->dir[0]) rmdir(engine->dir);
  unregister_dir(engine);
  free(engine->program);
  free(engine);
}

/* Finds `name` on PATH (or takes it as is when it has a slash); malloc'd path
 * of an executable file, or NULL. */
static char *find_program(const char *name) {
  if (strchr(name, '/')) return access(name, X_OK) == 0 ? strdup(name) : NULL;
  const char *path = getenv("PATH");
  if (!path || !*path) path = "/usr/local/bin:/usr/bin:/bin";
  while (*path) {
    size_t length = strcspn(path, ":");
    char candidate[4096];
    int n = snprintf(candidate, sizeof candidate, "%.*s/%s", (int)length,
                     length ? path : ".", name);
    if (n > 0 && (size_t)n < sizeof candidate && access(candidate, X_OK) == 0) {
      struct stat st;
      if (stat(candidate, &st) == 0 && S_ISREG(st.st_mode)) return strdup(candidate);
    }
    path += length;
    if (*path == ':') path++;
  }
  return NULL;
}

/* The private directory for scripts and svg files: under $TMPDIR when it is a plain
 * absolute path (it is written into a gnuplot string), else /tmp. */
static dossier_status make_dir(dossier_chart_engine *engine, dossier_diag *diag) {
  if (engine->dir[0]) return DOSSIER_OK;
  engine->owner = getpid();
  const char *base = getenv("TMPDIR");
  if (!base || base[0] != '/' ||
      strspn(base, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-") !=
          strlen(base) ||
      strlen(base) > 1024)
    base = "/tmp";
  snprintf(engine->dir, sizeof engine->dir, "%s/dossier-chart-XXXXXX", base);
  sigset_t saved;
  dossier_cleanup_defer(&saved); /* no signal between mkdtemp and the registration */
  if (!mkdtemp(engine->dir)) {
    int e = errno;
    dossier_cleanup_resume(&saved);
    engine->dir[0] = '\0';
    return dossier_diag_add(diag, DOSSIER_ERR_CANTCREAT, NULL, 0, 0, NULL,
                            "cannot make a temporary directory for charts in %s: %s", base,
                            strerror(e));
  }
  snprintf(engine->svg_path, sizeof engine->svg_path, "%s/chart.svg", engine->dir);
  snprintf(engine->script_path, sizeof engine->script_path, "%s/chart.gp", engine->dir);
  engine->cleanup[0] = dossier_cleanup_register(engine->dir, DOSSIER_CLEANUP_FOLDER);
  engine->cleanup[1] = dossier_cleanup_register(engine->svg_path, DOSSIER_CLEANUP_FILE);
  engine->cleanup[2] = dossier_cleanup_register(engine->script_path, DOSSIER_CLEANUP_FILE);
  dossier_cleanup_resume(&saved);
  return DOSSIER_OK;
}

static dossier_status start(dossier_chart_engine *engine, dossier_diag *diag) {
  int in_pair[2] = {-1, -1}, out_pipe[2] = {-1, -1}, err_pipe[2] = {-1, -1};
  dossier_status status = DOSSIER_OK;
  if ((status = make_dir(engine, diag)) != DOSSIER_OK) return status;
  const char *wanted = getenv("DOSSIER_GNUPLOT");
  if (!wanted || !*wanted) wanted = "gnuplot";
  free(engine->program);
  engine->program = find_program(wanted);
  if (!engine->program)
    return dossier_diag_add(diag, DOSSIER_ERR_UNAVAILABLE, NULL, 0, 0, NULL,
                            "charts need gnuplot, and \"%s\" was not found: install the "
                            "Debian package gnuplot-nox (apt-get install gnuplot-nox)",
                            wanted);
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in_pair) != 0 ||
      pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0) {
    status = dossier_diag_add(diag, DOSSIER_ERR_IO, NULL, 0, 0, NULL,
                              "cannot make pipes for gnuplot: %s", strerror(errno));
    goto done;
  }
  /* --default-settings: no ~/.gnuplot or system init file can change what
   * our scripts draw (or run commands of their own). */
  char default_settings[] = "--default-settings";
  char *argv[] = {engine->program, default_settings, NULL};
  pid_t pid = fork();
  if (pid < 0) {
    status = dossier_diag_add(diag, DOSSIER_ERR_IO, NULL, 0, 0, NULL, "cannot start gnuplot: %s",
                              strerror(errno));
    goto done;
  }
  if (pid == 0) {
    /* Child: only async-signal-safe calls. Its own process group, so a
     * timeout can kill whatever it started too. */
    setpgid(0, 0);
    if (dup2(in_pair[1], 0) < 0 || dup2(out_pipe[1], 1) < 0 || dup2(out_pipe[1], 2) < 0) {
      int e = errno;
      ssize_t ignored = write(err_pipe[1], &e, sizeof e);
      (void)ignored;
      _exit(127);
    }
    execve(argv[0], argv, environ);
    int e = errno;
    ssize_t ignored = write(err_pipe[1], &e, sizeof e);
    (void)ignored;
    _exit(127);
  }
  setpgid(pid, pid); /* also from here, so kill(-pid) works at once */
  close(in_pair[1]);
  in_pair[1] = -1;
  close(out_pipe[1]);
  out_pipe[1] = -1;
  close(err_pipe[1]);
  err_pipe[1] = -1;
  int exec_errno = 0;
  ssize_t n;
  while ((n = read(err_pipe[0], &exec_errno, sizeof exec_errno)) < 0 && errno == EINTR) {
  }
  engine->pid = pid;
  engine->in_fd = in_pair[0];
  engine->out_fd = out_pipe[0];
  in_pair[0] = out_pipe[0] = -1;
  if (n > 0) {
    stop(engine, 0);
    status = dossier_diag_add(diag, DOSSIER_ERR_UNAVAILABLE, NULL, 0, 0, NULL,
                              "cannot run %s: %s (charts need the Debian package gnuplot-nox)",
                              engine->program, strerror(exec_errno));
    goto done;
  }
  fcntl(engine->in_fd, F_SETFL, fcntl(engine->in_fd, F_GETFL) | O_NONBLOCK);
  fcntl(engine->out_fd, F_SETFL, fcntl(engine->out_fd, F_GETFL) | O_NONBLOCK);
done:
  for (int i = 0; i < 2; i++) {
    if (in_pair[i] >= 0) close(in_pair[i]);
    if (out_pipe[i] >= 0) close(out_pipe[i]);
    if (err_pipe[i] >= 0) close(err_pipe[i]);
  }
  return status;
}

/* Describes how gnuplot ended, reaping it; for messages. */
static void describe_exit(dossier_chart_engine *engine, char *buf, size_t size) {
  int status = 0;
  pid_t pid = engine->pid;
  snprintf(buf, size, "gnuplot stopped unexpectedly");
  if (pid > 0 && waitpid(pid, &status, WNOHANG) == pid) {
    engine->pid = 0;
    if (WIFEXITED(status))
      snprintf(buf, size, "gnuplot exited with status %d", WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
      snprintf(buf, size, "gnuplot was killed by signal %d", WTERMSIG(status));
  }
}

static dossier_status timed_out(dossier_chart_engine *engine, dossier_diag *diag,
                                const char *doing) {
  int ms = engine->timeout_ms;
  stop(engine, 0);
  return dossier_diag_add(diag, DOSSIER_ERR_TIMEOUT, NULL, 0, 0, NULL,
                          "gnuplot did not answer within %d.%03d s while %s; it was stopped "
                          "and will be restarted for the next chart",
                          ms / 1000, ms % 1000, doing);
}

static dossier_status died(dossier_chart_engine *engine, dossier_diag *diag, const char *doing) {
  char how[128];
  struct timespec pause = {0, 20 * 1000 * 1000};
  nanosleep(&pause, NULL); /* let it finish dying so we can say how */
  describe_exit(engine, how, sizeof how);
  stop(engine, 0);
  return dossier_diag_add(diag, DOSSIER_ERR_SOFTWARE, NULL, 0, 0, NULL,
                          "%s while %s; it will be restarted for the next chart", how, doing);
}

static dossier_status send_all(dossier_chart_engine *engine, const char *data, size_t length,
                               long long deadline, dossier_diag *diag) {
  while (length > 0) {
    ssize_t n = send(engine->in_fd, data, length, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      data += n;
      length -= (size_t)n;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      long long left = deadline - now_ms();
      if (left <= 0) return timed_out(engine, diag, "receiving a chart");
      struct pollfd p = {engine->in_fd, POLLOUT, 0};
      int r = poll(&p, 1, (int)left);
      if (r < 0 && errno != EINTR)
        return dossier_diag_add(diag, DOSSIER_ERR_IO, NULL, 0, 0, NULL, "poll: %s",
                                strerror(errno));
      continue;
    }
    return died(engine, diag, "receiving a chart");
  }
  return DOSSIER_OK;
}

/* Reads gnuplot's output until the line `sentinel`; what came before it (its
 * complaints, normally nothing) is kept in `messages`. */
static dossier_status read_until(dossier_chart_engine *engine, const char *sentinel,
                                 long long deadline, char *messages, size_t size,
                                 dossier_diag *diag) {
  char window[MAX_MESSAGES + 128];
  size_t kept = 0, sentinel_length = strlen(sentinel);
  messages[0] = '\0';
  for (;;) {
    /* Look for "\nSENTINEL\n" (or at the very start). */
    for (size_t i = 0; i + sentinel_length < kept; i++) {
      if ((i == 0 || window[i - 1] == '\n') &&
          memcmp(window + i, sentinel, sentinel_length) == 0 &&
          window[i + sentinel_length] == '\n') {
        if (!messages[0]) { /* else the first complaints are kept already */
          size_t before = i < size - 1 ? i : size - 1;
          memcpy(messages, window, before);
          messages[before] = '\0';
        }
        return DOSSIER_OK;
      }
    }
    if (kept > MAX_MESSAGES) {
      /* Keep the first complaints, and the tail where the sentinel may start. */
      size_t tail = sentinel_length + 1;
      size_t head = size - 1 < MAX_MESSAGES / 2 ? size - 1 : MAX_MESSAGES / 2;
      if (!messages[0]) {
        memcpy(messages, window, head);
        messages[head] = '\0';
      }
      memmove(window, window + kept - tail, tail);
      kept = tail;
    }
    long long left = deadline - now_ms();
    if (left <= 0) return timed_out(engine, diag, "drawing a chart");
    struct pollfd p = {engine->out_fd, POLLIN, 0};
    int r = poll(&p, 1, (int)left);
    if (r < 0 && errno != EINTR)
      return dossier_diag_add(diag, DOSSIER_ERR_IO, NULL, 0, 0, NULL, "poll: %s", strerror(errno));
    if (r <= 0) continue;
    ssize_t n = read(engine->out_fd, window + kept, sizeof window - kept - 1);
    if (n > 0) kept += (size_t)n;
    else if (n == 0) return died(engine, diag, "drawing a chart");
    else if (errno != EINTR && errno != EAGAIN)
      return dossier_diag_add(diag, DOSSIER_ERR_IO, NULL, 0, 0, NULL, "reading from gnuplot: %s",
                              strerror(errno));
  }
}

/* Writes the chart's script to `path` (in our private directory) in one
 * write(): O_EXCL and O_NOFOLLOW after unlinking whatever a failed chart left
 * there, so we only ever write a file we just created. */
static dossier_status write_script(const char *path, const dossier_buf *script,
                                   dossier_diag *diag) {
  unlink(path);
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0)
    return dossier_diag_add(diag, DOSSIER_ERR_CANTCREAT, NULL, 0, 0, NULL,
                            "cannot write the chart script %s: %s", path, strerror(errno));
  const char *data = script->data;
  size_t left = script->length;
  while (left > 0) {
    ssize_t n = write(fd, data, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int e = n < 0 ? errno : ENOSPC;
      close(fd);
      unlink(path);
      return dossier_diag_add(diag, DOSSIER_ERR_IO, NULL, 0, 0, NULL,
                              "cannot write the chart script %s: %s", path, strerror(e));
    }
    data += n;
    left -= (size_t)n;
  }
  if (close(fd) != 0) {
    int e = errno;
    unlink(path);
    return dossier_diag_add(diag, DOSSIER_ERR_IO, NULL, 0, 0, NULL,
                            "cannot write the chart script %s: %s", path, strerror(e));
  }
  return DOSSIER_OK;
}

static dossier_status read_svg(const char *path, char **out, size_t *length, dossier_diag *diag) {
  if (dossier_file_read_raw(out, length, path, MAX_SVG) == 0) return DOSSIER_OK;
  if (errno == ENOENT)
    return dossier_diag_add(diag, DOSSIER_ERR_SOFTWARE, NULL, 0, 0, NULL,
                            "gnuplot wrote no chart (%s: %s)", path, strerror(errno));
  if (errno == EFBIG)
    return dossier_diag_add(diag, DOSSIER_ERR_SOFTWARE, NULL, 0, 0, NULL,
                            "gnuplot's chart is larger than %d bytes", MAX_SVG);
  if (errno == ENOMEM) return dossier_diag_nomem(diag);
  return dossier_diag_add(diag, DOSSIER_ERR_IO, NULL, 0, 0, NULL, "reading %s failed: %s", path,
                          strerror(errno));
}

dossier_status dossier_chart_draw(dossier_chart_engine *engine,
                                  const dossier_chart_request *request, const cJSON *figures,
                                  dossier_drawing **out, dossier_diag *diag) {
  dossier_buf body, script, command;
  char sentinel[DOSSIER_GP_TOKEN_LENGTH + 8];
  char messages[1024];
  char *svg = NULL;
  size_t svg_length = 0;
  int width = 0, height = 0;
  dossier_status status;
  *out = NULL;
  body = (dossier_buf)DOSSIER_BUF_INIT;
  script = (dossier_buf)DOSSIER_BUF_INIT;
  command = (dossier_buf)DOSSIER_BUF_INIT;

  /* Bad data is reported before gnuplot is even started. */
  status = dossier_chart_kind_script(&body, &width, &height, request, figures, diag);
  if (status != DOSSIER_OK) goto done;
  forget_if_forked(engine);
  /* A gnuplot that died while idle (killed, out of memory) lost no chart:
   * reap it and start another rather than fail this chart. */
  int idle_status;
  if (engine->pid > 0 && waitpid(engine->pid, &idle_status, WNOHANG) == engine->pid) {
    engine->pid = 0;
    stop(engine, 0);
  }
  if (engine->pid <= 0 && (status = start(engine, diag)) != DOSSIER_OK) goto done;
  if (dossier_gp_random_token(sentinel, sizeof sentinel) != 0) {
    status = dossier_diag_add(diag, DOSSIER_ERR_SOFTWARE, NULL, 0, 0, NULL,
                              "no randomness for the gnuplot sentinel");
    goto done;
  }
  /* `reset session` forgets everything the previous chart set, datablocks
   * too. `set output` (closing the svg) and the sentinel are sent on stdin
   * after the load, so they run even when an error in the file ends it. */
  dossier_gp_printf(&script,
                    "reset session\nset encoding utf8\n"
                    "set terminal svg size %d,%d noenhanced font 'Liberation Serif,11' "
                    "background rgb 'white'\nset decimalsign ','\nset output ",
                    width, height);
  dossier_gp_quoted(&script, engine->svg_path);
  dossier_gp_printf(&script, "\n%s\n", body.data ? body.data : "");
  dossier_gp_printf(&command, "load ");
  dossier_gp_quoted(&command, engine->script_path);
  dossier_gp_printf(&command, "\nset output\nprint '%s'\n", sentinel);
  if (!dossier_gp_script_ok(&script) || !dossier_gp_script_ok(&body) ||
      !dossier_gp_script_ok(&command)) {
    status = dossier_diag_nomem(diag);
    goto done;
  }
  if (getenv("DOSSIER_CHART_TRACE")) {
    fputs(script.data, stderr);
    fputs(command.data, stderr);
  }
  unlink(engine->svg_path);
  if ((status = write_script(engine->script_path, &script, diag)) != DOSSIER_OK) goto done;
  long long deadline = now_ms() + engine->timeout_ms;
  if ((status = send_all(engine, command.data, command.length, deadline, diag)) != DOSSIER_OK)
    goto done;
  status = read_until(engine, sentinel, deadline, messages, sizeof messages, diag);
  if (status != DOSSIER_OK) goto done;
  if (messages[strspn(messages, " \t\r\n")] != '\0') {
    status = dossier_diag_add(diag, DOSSIER_ERR_SOFTWARE, NULL, 0, 0, NULL,
                              "gnuplot rejected the %s chart of %s: %s",
                              request->kind ? request->kind : "?",
                              request->indicator ? request->indicator : "the dataset",
                              messages + strspn(messages, " \t\r\n"));
    goto done;
  }
  if ((status = read_svg(engine->svg_path, &svg, &svg_length, diag)) != DOSSIER_OK) goto done;
  status = dossier_svg_translate(out, svg, svg_length, "gnuplot svg", diag);
done:
  if (engine->svg_path[0]) unlink(engine->svg_path);
  if (engine->script_path[0]) unlink(engine->script_path);
  free(svg);
  dossier_buf_free(&body);
  dossier_buf_free(&script);
  dossier_buf_free(&command);
  return status;
}
