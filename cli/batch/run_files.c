/* run_files.c: the lock and the private folders of a batch run (run_files.h). */
#include "cli/batch/run_files.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/atomic.h"

/* Why `sb` cannot be a lock, or NULL when it can (a regular file). */
static const char *not_a_lock(const struct stat *sb) {
  if (S_ISLNK(sb->st_mode)) return "is a symbolic link (it was not followed); remove it";
  if (S_ISDIR(sb->st_mode)) return "is a folder, not a lock file; remove it";
  if (!S_ISREG(sb->st_mode))
    return "is not a regular file (a device, FIFO or socket); remove it";
  return NULL;
}

int dossier_batch_lock(const char *outdir, const char *stem, dossier_diag *diag) {
  char *path = NULL;
  if (asprintf(&path, "%s/%s.lock", outdir, stem) < 0) {
    dossier_diag_nomem(diag);
    return -1;
  }
  const char *why = NULL;
  struct stat sb;
  int fd = -1;
  /* refused before it is opened (opening a device may do something), and
   * checked again once open, in case it was swapped meanwhile */
  if (lstat(path, &sb) == 0 && (why = not_a_lock(&sb)) != NULL) goto refused;
  /* O_RDWR: an exclusive lock over NFS needs a writable descriptor */
  fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0666);
  if (fd < 0) {
    if (errno == ELOOP) {
      why = not_a_lock(&(struct stat){.st_mode = S_IFLNK});
      goto refused;
    }
    dossier_diag_add(diag, DOSSIER_ERR_CANTCREAT, path, 0, 0, NULL,
                     "cannot open the lock of the run: %s", strerror(errno));
    goto done;
  }
  if (fstat(fd, &sb) == 0 && (why = not_a_lock(&sb)) != NULL) goto refused;
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    dossier_diag_add(diag, DOSSIER_ERR_TIMEOUT, outdir, 0, 0, NULL,
                     "another dossier batch is writing this folder (lock %s); wait for it "
                     "or use another output folder",
                     path);
    close(fd);
    fd = -1;
  }
  goto done;
refused:
  dossier_diag_add(diag, DOSSIER_ERR_CANTCREAT, path, 0, 0, NULL,
                   "the lock of the run %s; nothing was written", why);
  if (fd >= 0) close(fd);
  fd = -1;
done:
  free(path);
  return fd;
}

/* Whether `name` is ".<stem>.tmp-" and six letters or digits (mkdtemp's). */
static int is_private_folder_name(const char *name, const char *stem) {
  size_t n = strlen(stem);
  if (name[0] != '.' || strncmp(name + 1, stem, n) != 0 || strncmp(name + 1 + n, ".tmp-", 5) != 0)
    return 0;
  const char *random = name + 1 + n + 5;
  if (strlen(random) != 6) return 0;
  for (const char *c = random; *c; c++)
    if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9')))
      return 0;
  return 1;
}

/* Removes the private folders of `stem` in `outdir` (our own only). */
static void remove_stale_private_folders(const char *outdir, const char *stem) {
  DIR *d = opendir(outdir);
  if (!d) return;
  for (struct dirent *e; (e = readdir(d)) != NULL;) {
    if (!is_private_folder_name(e->d_name, stem)) continue;
    struct stat sb;
    if (fstatat(dirfd(d), e->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISDIR(sb.st_mode) ||
        sb.st_uid != geteuid())
      continue;
    char *path = NULL;
    if (asprintf(&path, "%s/%s", outdir, e->d_name) < 0) continue;
    dossier_atomic_folder_remove(path);
    free(path);
  }
  closedir(d);
}

dossier_status dossier_batch_private_folder(char **out, const char *outdir, const char *stem,
                                            dossier_diag *diag) {
  remove_stale_private_folders(outdir, stem);
  char *prefix = NULL;
  if (asprintf(&prefix, ".%s.tmp-", stem) < 0) {
    *out = NULL;
    return dossier_diag_nomem(diag);
  }
  dossier_status st = dossier_atomic_folder_new(out, outdir, prefix, diag);
  free(prefix);
  return st;
}

dossier_status dossier_batch_worker_tmpdir(char **out, dossier_diag *diag) {
  const char *base = getenv("TMPDIR");
  if (!base || base[0] != '/') base = "/tmp";
  return dossier_atomic_folder_new(out, base, "dossier-batch-", diag);
}

/* Empties and removes the folder `name` of `parent` (one level: a chart
 * folder holds files only). */
static void remove_subfolder(int parent, const char *name) {
  int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return;
  DIR *d = fdopendir(fd);
  if (!d) {
    close(fd);
    return;
  }
  for (struct dirent *e; (e = readdir(d)) != NULL;) {
    struct stat sb;
    if (fstatat(dirfd(d), e->d_name, &sb, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISDIR(sb.st_mode))
      unlinkat(dirfd(d), e->d_name, 0);
  }
  closedir(d);
  unlinkat(parent, name, AT_REMOVEDIR);
}

int dossier_batch_worker_tmpdir_remove(const char *dir) {
  DIR *d = opendir(dir);
  if (d) {
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
      if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
      struct stat sb;
      if (fstatat(dirfd(d), e->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0) continue;
      if (S_ISDIR(sb.st_mode)) remove_subfolder(dirfd(d), e->d_name);
      else unlinkat(dirfd(d), e->d_name, 0);
    }
    closedir(d);
  }
  return rmdir(dir) == 0 || errno == ENOENT ? 0 : -1;
}
