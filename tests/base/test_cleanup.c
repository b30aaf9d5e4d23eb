/* test_cleanup.c: base/cleanup.c — what a signal removes before it ends the
 * process, and what it never removes — and the atomic writer's use of it
 * (its temporary registered while it exists, the optional temporary folder).
 *
 * Every signal is raised in a child (fork), whose end the case reads with
 * waitpid: the test program itself never installs the handler. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/atomic.h"
#include "base/cleanup.h"
#include "check.h"
#include "support.h"

/* A new folder of the case's own, asserted made. */
static char *temp_dir(void) {
  char *dir = support_temp_dir("cleanup");
  CHECK(dir != NULL);
  return dir;
}

static void remove_temp_dir(char *dir) {
  CHECK_INT(support_remove_tree(dir), 0);
  free(dir);
}

/* The number of entries of `dir` (not . and ..), -1 when it cannot be read. */
static int entries(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) return -1;
  int n = 0;
  for (struct dirent *e; (e = readdir(d)) != NULL;)
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) n++;
  closedir(d);
  return n;
}

/* Runs body(dir) in a child and returns its wait status (-1: fork failed).
 * The body ends the child itself (a signal), or the child exits 0. */
static int in_child(void (*body)(const char *dir), const char *dir) {
  fflush(NULL);
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    body(dir);
    _exit(0);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

static int killed_by(int status, int signo) { return WIFSIGNALED(status) && WTERMSIG(status) == signo; }

static int raised; /* the signal the child bodies raise */

/* A folder with a file in it, both registered; then the signal. */
static void make_and_raise(const char *dir) {
  char sub[PATH_MAX], file[PATH_MAX];
  snprintf(sub, sizeof sub, "%s/sub", dir);
  snprintf(file, sizeof file, "%s/sub/file", dir);
  if (dossier_cleanup_install() != 0 || mkdir(sub, 0700) != 0 ||
      support_write_file(file, "x") != 0)
    _exit(3);
  if (dossier_cleanup_register(sub, DOSSIER_CLEANUP_FOLDER) < 0 ||
      dossier_cleanup_register(file, DOSSIER_CLEANUP_FILE) < 0)
    _exit(4);
  raise(raised);
  _exit(5); /* not reached: the handler raises it again with the default action */
}

TEST(signal_should_remove_what_was_registered_and_still_end_the_process) {
  static const int signals[] = {SIGINT, SIGTERM, SIGHUP};
  for (size_t i = 0; i < 3; i++) {
    char *dir = temp_dir();
    if (!dir) return;
    raised = signals[i];
    int status = in_child(make_and_raise, dir);
    if (!killed_by(status, signals[i]))
      CHECK_FAIL_AT("signal %d: the child ended with status %#x, not killed by it", signals[i],
                    status);
    else
      CHECK_PASSED_;
    CHECK_INT(entries(dir), 0);
    remove_temp_dir(dir);
  }
}

/* A file registered then unregistered (renamed into place, say). */
static void unregister_and_raise(const char *dir) {
  char file[PATH_MAX];
  snprintf(file, sizeof file, "%s/kept", dir);
  if (dossier_cleanup_install() != 0 || support_write_file(file, "x") != 0) _exit(3);
  dossier_cleanup_unregister(dossier_cleanup_register(file, DOSSIER_CLEANUP_FILE));
  raise(SIGTERM);
  _exit(5);
}

TEST(unregistered_path_should_be_left_by_the_signal) {
  char *dir = temp_dir();
  if (!dir) return;
  CHECK(killed_by(in_child(unregister_and_raise, dir), SIGTERM));
  CHECK(support_exists(support_path(dir, "kept")));
  remove_temp_dir(dir);
}

static void raise_term(const char *dir) {
  (void)dir;
  if (dossier_cleanup_install() != 0) _exit(3);
  raise(SIGTERM);
  _exit(5);
}

TEST(child_should_never_remove_what_its_parent_registered) {
  char *dir = temp_dir();
  if (!dir) return;
  const char *file = support_path(dir, "parents");
  CHECK_INT(support_write_file(file, "x"), 0);
  int handle = dossier_cleanup_register(file, DOSSIER_CLEANUP_FILE);
  CHECK(handle >= 0);
  CHECK(killed_by(in_child(raise_term, dir), SIGTERM));
  CHECK(support_exists(support_path(dir, "parents")));
  dossier_cleanup_unregister(handle);
  remove_temp_dir(dir);
}

/* Under nohup SIGHUP is ignored: installing the handler must not change that. */
static void ignore_then_raise(const char *dir) {
  char file[PATH_MAX];
  snprintf(file, sizeof file, "%s/kept", dir);
  signal(SIGHUP, SIG_IGN);
  if (dossier_cleanup_install() != 0 || support_write_file(file, "x") != 0) _exit(3);
  dossier_cleanup_register(file, DOSSIER_CLEANUP_FILE);
  raise(SIGHUP);
  _exit(7);
}

TEST(ignored_signal_should_stay_ignored_when_the_handler_is_installed) {
  char *dir = temp_dir();
  if (!dir) return;
  int status = in_child(ignore_then_raise, dir);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 7);
  CHECK(support_exists(support_path(dir, "kept")));
  remove_temp_dir(dir);
}

/* A signal raised while deferred waits for resume: the file registered in
 * between is removed, and the marker written before resume exists. */
static void defer_raise_resume(const char *dir) {
  char file[PATH_MAX], marker[PATH_MAX];
  snprintf(file, sizeof file, "%s/temporary", dir);
  snprintf(marker, sizeof marker, "%s/marker", dir);
  if (dossier_cleanup_install() != 0) _exit(3);
  sigset_t saved;
  dossier_cleanup_defer(&saved);
  raise(SIGTERM); /* pending */
  if (support_write_file(file, "x") != 0) _exit(4);
  dossier_cleanup_register(file, DOSSIER_CLEANUP_FILE);
  if (support_write_file(marker, "still running") != 0) _exit(4);
  dossier_cleanup_resume(&saved); /* delivered here */
  _exit(5);
}

TEST(deferred_signal_should_wait_until_resume) {
  char *dir = temp_dir();
  if (!dir) return;
  CHECK(killed_by(in_child(defer_raise_resume, dir), SIGTERM));
  CHECK(support_exists(support_path(dir, "marker")));
  CHECK(!support_exists(support_path(dir, "temporary")));
  remove_temp_dir(dir);
}

TEST(registry_should_refuse_a_path_too_long_and_more_than_it_holds) {
  char *long_path = malloc(PATH_MAX + 16);
  CHECK(long_path != NULL);
  if (!long_path) return;
  memset(long_path, 'a', PATH_MAX + 8);
  long_path[PATH_MAX + 8] = '\0';
  CHECK_INT(dossier_cleanup_register(long_path, DOSSIER_CLEANUP_FILE), -1);
  free(long_path);
  int handles[DOSSIER_CLEANUP_SLOTS + 1], n = 0;
  while (n <= DOSSIER_CLEANUP_SLOTS &&
         (handles[n] = dossier_cleanup_register("/nonexistent/x", DOSSIER_CLEANUP_FILE)) >= 0)
    n++;
  CHECK_INT(n, DOSSIER_CLEANUP_SLOTS);
  for (int i = 0; i < n; i++) dossier_cleanup_unregister(handles[i]);
  int again = dossier_cleanup_register("/nonexistent/x", DOSSIER_CLEANUP_FILE);
  CHECK(again >= 0); /* unregistering frees the slots */
  dossier_cleanup_unregister(again);
  dossier_cleanup_unregister(-1); /* a no-op */
}

/* The atomic writer's temporary, open (half written) when the signal comes. */
static void write_and_raise(const char *dir) {
  char path[PATH_MAX];
  snprintf(path, sizeof path, "%s/out.pdf", dir);
  dossier_atomic a;
  if (dossier_cleanup_install() != 0 || dossier_atomic_open(&a, path, NULL) != DOSSIER_OK ||
      dossier_atomic_write(&a, "%PDF-1.4", 8, NULL) != DOSSIER_OK || access(a.tmp, F_OK) != 0)
    _exit(3);
  raise(raised);
  _exit(5);
}

TEST(atomic_temporary_should_be_removed_when_a_signal_ends_the_writer) {
  static const int signals[] = {SIGINT, SIGTERM, SIGHUP};
  for (size_t i = 0; i < 3; i++) {
    char *dir = temp_dir();
    if (!dir) return;
    raised = signals[i];
    CHECK(killed_by(in_child(write_and_raise, dir), signals[i]));
    CHECK_INT(entries(dir), 0);
    remove_temp_dir(dir);
  }
}

/* Opens a writer of `target` and ends without committing or aborting it. */
static void open_and_vanish(const char *target) {
  dossier_atomic a;
  _exit(dossier_atomic_open(&a, target, NULL) == DOSSIER_OK ? 0 : 3);
}

TEST(atomic_temporary_should_be_made_in_the_set_folder_and_renamed_out_of_it) {
  char *dir = temp_dir();
  if (!dir) return;
  char *folder = NULL;
  CHECK(dossier_atomic_folder_new(&folder, dir, ".run.tmp-", NULL) == DOSSIER_OK);
  if (!folder) {
    remove_temp_dir(dir);
    return;
  }
  struct stat sb;
  CHECK(lstat(folder, &sb) == 0 && S_ISDIR(sb.st_mode) && (sb.st_mode & 0777) == 0700);
  CHECK(dossier_atomic_set_folder(folder, NULL) == DOSSIER_OK);
  char target[PATH_MAX];
  snprintf(target, sizeof target, "%s/out.pdf", dir);
  dossier_atomic a;
  CHECK(dossier_atomic_open(&a, target, NULL) == DOSSIER_OK);
  CHECK(a.tmp && strncmp(a.tmp, folder, strlen(folder)) == 0 && a.tmp[strlen(folder)] == '/');
  CHECK_INT(entries(folder), 1);
  CHECK(dossier_atomic_write(&a, "new", 3, NULL) == DOSSIER_OK);
  CHECK(dossier_atomic_commit(&a, NULL) == DOSSIER_OK);
  CHECK_INT(entries(folder), 0);
  char *text = support_read_file(target, NULL);
  CHECK_STR(text, "new");
  free(text);
  /* a temporary its writer left (killed before it could commit or abort)
   * goes with the folder, whatever process made it */
  CHECK(in_child(open_and_vanish, target) == 0);
  CHECK_INT(entries(folder), 1);
  CHECK(dossier_atomic_folder_remove(folder) == 0);
  CHECK(!support_exists(folder));
  /* a folder holding anything else is kept */
  free(folder);
  folder = NULL;
  CHECK(dossier_atomic_folder_new(&folder, dir, ".run.tmp-", NULL) == DOSSIER_OK);
  if (folder) {
    CHECK_INT(support_write_file(support_path(folder, "notes.txt"), "mine"), 0);
    CHECK(dossier_atomic_folder_remove(folder) == -1);
    CHECK(support_exists(support_path(folder, "notes.txt")));
  }
  CHECK(dossier_atomic_set_folder(NULL, NULL) == DOSSIER_OK);
  CHECK(dossier_atomic_open(&a, target, NULL) == DOSSIER_OK); /* beside the target again */
  CHECK(a.tmp && strncmp(a.tmp, target, strlen(target)) == 0);
  dossier_atomic_abort(&a);
  free(folder);
  remove_temp_dir(dir);
}
