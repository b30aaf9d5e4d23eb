/* file.c: whole-file reads, sorted folder lists, mkdir -p (file.h). */
#include "base/file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Reads what is left of fd (closing it) into a new NUL-terminated buffer.
 * Returns 0, or -1 with errno set. */
static int read_all(char **out, size_t *length, int fd, size_t max_bytes) {
  char *data = NULL;
  size_t size = 0, capacity = 0, first = 65536;
  int saved = 0;
  struct stat sb;
  /* one allocation when the size is known (a regular file; +2 to see its end
   * in the same read), growing otherwise */
  if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0 &&
      (uint64_t)sb.st_size < SIZE_MAX / 4)
    first = (size_t)sb.st_size + 2;
  if (max_bytes && first > max_bytes + 2) first = max_bytes + 2;
  for (;;) {
    if (size + 1 >= capacity) {
      size_t grown = capacity == 0 ? first : capacity * 2;
      char *p = realloc(data, grown);
      if (!p) {
        saved = ENOMEM;
        break;
      }
      data = p;
      capacity = grown;
    }
    size_t want = capacity - size - 1;
    if (max_bytes && want > max_bytes + 1 - size) want = max_bytes + 1 - size;
    ssize_t got = read(fd, data + size, want);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      saved = errno;
      break;
    }
    if (got == 0) break;
    size += (size_t)got;
    if (max_bytes && size > max_bytes) {
      saved = EFBIG;
      break;
    }
  }
  close(fd);
  if (!saved && !data && !(data = malloc(1))) saved = ENOMEM;
  if (saved) {
    free(data);
    errno = saved;
    return -1;
  }
  data[size] = '\0';
  *out = data;
  *length = size;
  return 0;
}

/* Opens `path` for reading if it is a regular file (a FIFO is opened without
 * waiting for a writer, then refused). Returns the descriptor, or -1 with
 * errno set (EINVAL: not a regular file). */
static int open_regular(const char *path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return -1;
  struct stat sb;
  int saved = fstat(fd, &sb) != 0 ? errno : !S_ISREG(sb.st_mode) ? EINVAL : 0;
  if (saved) {
    close(fd);
    errno = saved;
    return -1;
  }
  int flags = fcntl(fd, F_GETFL);
  if (flags >= 0) fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  return fd;
}

int dossier_file_read_raw(char **out, size_t *length, const char *path, size_t max_bytes) {
  *out = NULL;
  *length = 0;
  int fd = open_regular(path);
  if (fd < 0) return -1;
  return read_all(out, length, fd, max_bytes);
}

/* "64 MiB", "256 KiB", "100 bytes" */
static void size_words(char *buf, size_t size, size_t bytes) {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0)
    snprintf(buf, size, "%zu MiB", bytes / (1024 * 1024));
  else if (bytes >= 1024 && bytes % 1024 == 0)
    snprintf(buf, size, "%zu KiB", bytes / 1024);
  else
    snprintf(buf, size, "%zu bytes", bytes);
}

dossier_status dossier_file_read(char **out, size_t *length, const char *path, size_t max_bytes,
                                 const char *what, dossier_diag *diag) {
  *out = NULL;
  *length = 0;
  if (dossier_file_read_raw(out, length, path, max_bytes) == 0) return DOSSIER_OK;
  if (errno == ENOMEM) return dossier_diag_nomem(diag);
  if (errno == EINVAL)
    return dossier_diag_add(diag, DOSSIER_ERR_NOINPUT, path, 0, 0, NULL,
                            "not a regular file (a folder, a device or a pipe): %s is read "
                            "from a file",
                            what);
  if (errno == EFBIG) {
    char limit[32];
    size_words(limit, sizeof limit, max_bytes);
    return dossier_diag_add(diag, DOSSIER_ERR_DATA, path, 0, 0, NULL,
                            "larger than the %s %s may be (docs/limits.md)", limit, what);
  }
  return dossier_diag_add(diag, DOSSIER_ERR_NOINPUT, path, 0, 0, NULL, "cannot open: %s",
                          strerror(errno));
}

static int compare_paths(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

void dossier_file_list_free(char **paths, size_t count) {
  if (!paths) return;
  for (size_t i = 0; i < count; i++) free(paths[i]);
  free(paths);
}

int dossier_file_list(char ***paths, size_t *count, const char *dir, const char *suffix) {
  *paths = NULL;
  *count = 0;
  DIR *d = opendir(dir);
  if (!d) return -1;
  char **names = NULL;
  size_t n = 0, capacity = 0, m = strlen(suffix);
  int rc = 0;
  for (struct dirent *e; (e = readdir(d)) != NULL;) {
    size_t len = strlen(e->d_name);
    if (e->d_name[0] == '.' || len <= m || strcmp(e->d_name + len - m, suffix) != 0) continue;
    if (n == capacity) {
      size_t grown = capacity ? capacity * 2 : 64;
      char **p = realloc(names, grown * sizeof *p);
      if (!p) {
        rc = -1;
        break;
      }
      names = p;
      capacity = grown;
    }
    if (asprintf(&names[n], "%s/%s", dir, e->d_name) < 0) {
      rc = -1;
      break;
    }
    n++;
  }
  closedir(d);
  if (rc != 0) {
    dossier_file_list_free(names, n);
    errno = ENOMEM;
    return -1;
  }
  if (n > 1) qsort(names, n, sizeof *names, compare_paths);
  *paths = names;
  *count = n;
  return 0;
}

int dossier_mkdirs(const char *dir) {
  char *copy = strdup(dir);
  if (!copy) return -1;
  int rc = 0;
  for (char *p = copy + 1; *p && rc == 0; p++) {
    if (*p != '/') continue;
    *p = '\0';
    if (mkdir(copy, 0777) != 0 && errno != EEXIST) rc = -1;
    *p = '/';
  }
  if (rc == 0 && mkdir(copy, 0777) != 0 && errno != EEXIST) rc = -1;
  if (rc == 0) {
    struct stat sb;
    if (stat(copy, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
      errno = ENOTDIR;
      rc = -1;
    }
  }
  free(copy);
  return rc;
}
