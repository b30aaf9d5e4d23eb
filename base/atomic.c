/* atomic.c: atomic file replacement and its temporaries (atomic.h). */
#include "base/atomic.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/cleanup.h"

/* dossier_atomic_set_folder: where temporaries go (NULL: beside the target),
 * and the file system that folder is on. */
static char *temporary_folder;
static dev_t temporary_folder_dev;

dossier_status dossier_atomic_check(const char *path, mode_t *mode, dossier_diag *diag) {
  mode_t mask = umask(0);
  umask(mask);
  if (mode) *mode = 0666 & ~mask;
  struct stat sb;
  if (lstat(path, &sb) != 0) {
    if (errno == ENOENT) return DOSSIER_OK; /* a new file; a bad folder fails at creation */
    return dossier_diag_add(diag, DOSSIER_ERR_CANTCREAT, path, 0, 0, NULL,
                            "cannot check the output: %s", strerror(errno));
  }
  const char *why = NULL;
  if (S_ISLNK(sb.st_mode)) why = "is a symbolic link; give the real path";
  else if (S_ISDIR(sb.st_mode)) why = "is a folder, not a file; give a file name";
  else if (!S_ISREG(sb.st_mode))
    why = "is not a regular file (a device, FIFO or socket); choose another name";
  else if (!(sb.st_mode & S_IWUSR)) why = "is read-only; remove it or choose another name";
  if (why)
    return dossier_diag_add(diag, DOSSIER_ERR_CANTCREAT, path, 0, 0, NULL,
                            "the output %s; nothing was written", why);
  if (mode) *mode = sb.st_mode & 07777;
  return DOSSIER_OK;
}

static void close_atomic(dossier_atomic *a) {
  if (a->fd >= 0) close(a->fd);
  a->fd = -1;
  dossier_cleanup_unregister(a->cleanup);
  a->cleanup = -1;
  free(a->tmp);
  free(a->path);
  a->tmp = a->path = NULL;
}

/* Whether the folder holding `path` is on the file system of the temporary
 * folder, so that a temporary made there can be renamed over `path`. */
static int on_folder_device(const char *path) {
  const char *slash = strrchr(path, '/');
  char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
  struct stat sb;
  int same = dir && stat(dir, &sb) == 0 && sb.st_dev == temporary_folder_dev;
  free(dir);
  return same;
}

/* The mkstemp template of the temporary of `path`; -1 when out of memory. */
static int temporary_template(char **out, const char *path) {
  long pid = (long)getpid();
  if (temporary_folder && on_folder_device(path)) {
    const char *slash = strrchr(path, '/');
    return asprintf(out, "%s/%s.tmp-%ld-XXXXXX", temporary_folder, slash ? slash + 1 : path, pid);
  }
  return asprintf(out, "%s.tmp-%ld-XXXXXX", path, pid);
}

dossier_status dossier_atomic_open(dossier_atomic *a, const char *path, dossier_diag *diag) {
  a->fd = -1;
  a->tmp = a->path = NULL;
  a->cleanup = -1;
  dossier_status st = dossier_atomic_check(path, &a->mode, diag);
  if (st != DOSSIER_OK) return st;
  if (!(a->path = strdup(path)) || temporary_template(&a->tmp, path) < 0) {
    a->tmp = NULL;
    close_atomic(a);
    return dossier_diag_nomem(diag);
  }
  /* no signal between creating the temporary and registering it */
  sigset_t saved;
  dossier_cleanup_defer(&saved);
  a->fd = mkostemp(a->tmp, O_CLOEXEC);
  int e = errno;
  if (a->fd >= 0) a->cleanup = dossier_cleanup_register(a->tmp, DOSSIER_CLEANUP_FILE);
  dossier_cleanup_resume(&saved);
  if (a->fd < 0) {
    free(a->tmp); /* the template names no file: nothing to remove */
    a->tmp = NULL;
    st = dossier_diag_add(diag, DOSSIER_ERR_CANTCREAT, path, 0, 0, NULL, "cannot create: %s",
                          strerror(e));
    close_atomic(a);
  }
  return st;
}

dossier_status dossier_atomic_writev(dossier_atomic *a, const struct iovec *pieces, size_t count,
                                     dossier_diag *diag) {
  struct iovec iov[64];
  size_t next = 0;
  while (next < count) {
    int n = 0;
    for (; n < 64 && next < count; next++)
      if (pieces[next].iov_len) iov[n++] = pieces[next];
    struct iovec *v = iov;
    while (n > 0) {
      ssize_t done = writev(a->fd, v, n);
      if (done < 0 && errno == EINTR) continue;
      if (done <= 0)
        return dossier_diag_add(diag, DOSSIER_ERR_IO, a->path, 0, 0, NULL, "cannot write: %s",
                                strerror(done < 0 ? errno : EIO));
      while (n > 0 && (size_t)done >= v->iov_len) { /* skip what was written */
        done -= (ssize_t)v->iov_len;
        v++;
        n--;
      }
      if (n > 0) {
        v->iov_base = (char *)v->iov_base + done;
        v->iov_len -= (size_t)done;
      }
    }
  }
  return DOSSIER_OK;
}

dossier_status dossier_atomic_write(dossier_atomic *a, const void *data, size_t n,
                                    dossier_diag *diag) {
  struct iovec one = {(void *)data, n};
  return dossier_atomic_writev(a, &one, 1, diag);
}

dossier_status dossier_atomic_commit(dossier_atomic *a, dossier_diag *diag) {
  dossier_status st = DOSSIER_OK;
  /* mkstemp creates 0600: give the replaced file's bits, or a new file's */
  if (fchmod(a->fd, a->mode) != 0 || fsync(a->fd) != 0)
    st = dossier_diag_add(diag, DOSSIER_ERR_IO, a->path, 0, 0, NULL, "cannot write: %s",
                          strerror(errno));
  if (close(a->fd) != 0 && st == DOSSIER_OK)
    st = dossier_diag_add(diag, DOSSIER_ERR_IO, a->path, 0, 0, NULL, "cannot write: %s",
                          strerror(errno));
  a->fd = -1;
  if (st == DOSSIER_OK) st = dossier_atomic_check(a->path, NULL, diag);
  if (st == DOSSIER_OK && rename(a->tmp, a->path) != 0)
    st = dossier_diag_add(diag, DOSSIER_ERR_CANTCREAT, a->path, 0, 0, NULL,
                          "cannot rename into place: %s", strerror(errno));
  if (st != DOSSIER_OK) unlink(a->tmp);
  close_atomic(a);
  return st;
}

void dossier_atomic_abort(dossier_atomic *a) {
  if (a->tmp) unlink(a->tmp);
  close_atomic(a);
}

dossier_status dossier_atomic_write_file(const char *path, const void *data, size_t n,
                                         dossier_diag *diag) {
  dossier_atomic a;
  dossier_status st = dossier_atomic_open(&a, path, diag);
  if (st != DOSSIER_OK) return st;
  st = dossier_atomic_write(&a, data, n, diag);
  if (st != DOSSIER_OK) {
    dossier_atomic_abort(&a);
    return st;
  }
  return dossier_atomic_commit(&a, diag);
}

int dossier_atomic_parse_temporary(const char *name, size_t *base_length, long *pid) {
  /* the suffix is ".tmp-" digits "-" six characters: find it from the end */
  size_t n = strlen(name);
  if (n < 14 || name[n - 7] != '-') return 0;
  const char *end = name + n - 7, *p = end;
  while (p > name && p[-1] >= '0' && p[-1] <= '9') p--;
  size_t digits = (size_t)(end - p);
  if (digits == 0 || digits > 9 || p - name < 6 || strncmp(p - 5, ".tmp-", 5) != 0) return 0;
  for (const char *c = end + 1; *c; c++)
    if (*c == '/' || *c == '.') return 0;
  *base_length = (size_t)(p - 5 - name);
  *pid = strtol(p, NULL, 10);
  return *base_length > 0 && *pid > 0;
}

/* Removes from `dir` the temporaries that `wanted` accepts (NULL: all),
 * those of processes that are gone only unless `any_process`. */
static size_t remove_temporaries(const char *dir,
                                 int (*wanted)(const char *base, size_t base_length,
                                               const void *ctx),
                                 const void *ctx, int any_process) {
  DIR *d = opendir(dir);
  if (!d) return 0;
  size_t removed = 0;
  for (struct dirent *e; (e = readdir(d)) != NULL;) {
    size_t base_length = 0;
    long pid = 0;
    if (!dossier_atomic_parse_temporary(e->d_name, &base_length, &pid)) continue;
    if (wanted && !wanted(e->d_name, base_length, ctx)) continue;
    if (!any_process && (kill((pid_t)pid, 0) == 0 || errno != ESRCH))
      continue; /* alive, or not ours to judge */
    struct stat sb;
    if (fstatat(dirfd(d), e->d_name, &sb, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(sb.st_mode) &&
        unlinkat(dirfd(d), e->d_name, 0) == 0)
      removed++;
  }
  closedir(d);
  return removed;
}

size_t dossier_atomic_remove_stale(const char *dir,
                                   int (*wanted)(const char *base, size_t base_length,
                                                 const void *ctx),
                                   const void *ctx) {
  return remove_temporaries(dir, wanted, ctx, 0);
}

dossier_status dossier_atomic_set_folder(const char *dir, dossier_diag *diag) {
  if (!dir) {
    free(temporary_folder);
    temporary_folder = NULL;
    return DOSSIER_OK;
  }
  struct stat sb;
  if (lstat(dir, &sb) != 0)
    return dossier_diag_add(diag, DOSSIER_ERR_CANTCREAT, dir, 0, 0, NULL,
                            "cannot keep temporaries here: %s", strerror(errno));
  if (!S_ISDIR(sb.st_mode))
    return dossier_diag_add(diag, DOSSIER_ERR_CANTCREAT, dir, 0, 0, NULL,
                            "cannot keep temporaries here: not a folder");
  char *copy = strdup(dir);
  if (!copy) return dossier_diag_nomem(diag);
  free(temporary_folder);
  temporary_folder = copy;
  temporary_folder_dev = sb.st_dev;
  return DOSSIER_OK;
}

dossier_status dossier_atomic_folder_new(char **out, const char *parent, const char *prefix,
                                         dossier_diag *diag) {
  *out = NULL;
  char *path = NULL;
  if (asprintf(&path, "%s/%sXXXXXX", parent, prefix) < 0) return dossier_diag_nomem(diag);
  if (!mkdtemp(path)) {
    int e = errno;
    free(path);
    return dossier_diag_add(diag, DOSSIER_ERR_CANTCREAT, parent, 0, 0, NULL,
                            "cannot make a private folder for temporaries: %s", strerror(e));
  }
  *out = path;
  return DOSSIER_OK;
}

int dossier_atomic_folder_remove(const char *dir) {
  remove_temporaries(dir, NULL, NULL, 1);
  return rmdir(dir) == 0 || errno == ENOENT ? 0 : -1;
}
