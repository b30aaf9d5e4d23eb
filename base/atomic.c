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
  free(a->tmp);
  free(a->path);
  a->tmp = a->path = NULL;
}

dossier_status dossier_atomic_open(dossier_atomic *a, const char *path, dossier_diag *diag) {
  a->fd = -1;
  a->tmp = a->path = NULL;
  dossier_status st = dossier_atomic_check(path, &a->mode, diag);
  if (st != DOSSIER_OK) return st;
  if (!(a->path = strdup(path)) || asprintf(&a->tmp, "%s.tmp-%ld-XXXXXX", path, (long)getpid()) < 0) {
    a->tmp = NULL;
    close_atomic(a);
    return dossier_diag_nomem(diag);
  }
  a->fd = mkostemp(a->tmp, O_CLOEXEC);
  if (a->fd < 0) {
    st = dossier_diag_add(diag, DOSSIER_ERR_CANTCREAT, path, 0, 0, NULL, "cannot create: %s",
                          strerror(errno));
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

size_t dossier_atomic_remove_stale(const char *dir,
                                   int (*wanted)(const char *base, size_t base_length,
                                                 const void *ctx),
                                   const void *ctx) {
  DIR *d = opendir(dir);
  if (!d) return 0;
  size_t removed = 0;
  for (struct dirent *e; (e = readdir(d)) != NULL;) {
    size_t base_length = 0;
    long pid = 0;
    if (!dossier_atomic_parse_temporary(e->d_name, &base_length, &pid)) continue;
    if (wanted && !wanted(e->d_name, base_length, ctx)) continue;
    if (kill((pid_t)pid, 0) == 0 || errno != ESRCH) continue; /* alive, or not ours to judge */
    struct stat sb;
    if (fstatat(dirfd(d), e->d_name, &sb, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(sb.st_mode) &&
        unlinkat(dirfd(d), e->d_name, 0) == 0)
      removed++;
  }
  closedir(d);
  return removed;
}
