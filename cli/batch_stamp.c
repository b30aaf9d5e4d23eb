#include "batch_stamp.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "paths.h"

#ifndef DOSSIER_VERSION
#define DOSSIER_VERSION "unknown"
#endif

uint64_t dossier_batch_fnv1a(uint64_t h, const void *data, size_t n) {
  const unsigned char *p = data;
  for (size_t i = 0; i < n; i++) {
    h ^= p[i];
    h *= UINT64_C(0x100000001b3);
  }
  return h;
}

/* Strings are mixed with their terminating NUL so that "ab"+"c" and "a"+"bc"
 * give different fingerprints. */
static uint64_t mix_string(uint64_t h, const char *s) {
  return dossier_batch_fnv1a(h, s, strlen(s) + 1);
}

int dossier_batch_hash_file(uint64_t *h, const char *path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  uint64_t acc = mix_string(*h, path);
  unsigned char buf[65536];
  uint64_t length = 0;
  int rc = 0;
  for (;;) {
    ssize_t got = read(fd, buf, sizeof buf);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      rc = -1;
      break;
    }
    if (got == 0) break;
    acc = dossier_batch_fnv1a(acc, buf, (size_t)got);
    length += (uint64_t)got;
  }
  close(fd);
  if (rc == 0) *h = dossier_batch_fnv1a(acc, &length, sizeof length);
  return rc;
}

/* Mirrors the pipeline's lookup: a name with a slash or the suffix is a path,
 * anything else a stock file templates/NAME<suffix> in the data folders.
 * Returns 0 with the path in buf, or -1. */
static int resolve_named(char *buf, size_t size, const char *name, const char *suffix) {
  size_t n = strlen(name), m = strlen(suffix);
  if (strchr(name, '/') || (n > m && strcmp(name + n - m, suffix) == 0)) {
    int k = snprintf(buf, size, "%s", name);
    return k > 0 && (size_t)k < size ? 0 : -1;
  }
  char relative[512];
  int k = snprintf(relative, sizeof relative, "templates/%s%s", name, suffix);
  if (k <= 0 || (size_t)k >= sizeof relative) return -1;
  return dossier_data_path(buf, size, relative);
}

static uint64_t mix_named_file(uint64_t h, const char *name, const char *path, int resolved) {
  h = mix_string(h, name);
  if (resolved && dossier_batch_hash_file(&h, path) == 0) return h;
  return mix_string(h, "(unresolved)");
}

/* Mixes a file's identity — size and modification time — rather than its
 * bytes: fonts are large (hashing four faces costed more than planning the
 * whole batch) and an upgrade by a package manager always changes both. */
static int mix_file_identity(uint64_t *h, const char *path) {
  struct stat sb;
  if (stat(path, &sb) != 0) return -1;
  long long id[3] = {(long long)sb.st_size, (long long)sb.st_mtim.tv_sec,
                     (long long)sb.st_mtim.tv_nsec};
  *h = dossier_batch_fnv1a(mix_string(*h, path), id, sizeof id);
  return 0;
}

/* The font files a style names (font.files) shape every PDF: an upgraded
 * font redoes the dossiers. Best effort — a style the pipeline will reject
 * anyway is just hashed as text. */
static uint64_t mix_style_fonts(uint64_t h, const char *style_path) {
  FILE *f = fopen(style_path, "re");
  if (!f) return h;
  char *text = NULL;
  size_t size = 0;
  FILE *mem = open_memstream(&text, &size);
  if (mem) {
    char buf[8192];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, f)) > 0 && size < (1u << 20)) fwrite(buf, 1, got, mem);
    fclose(mem);
  }
  fclose(f);
  cJSON *root = text ? cJSON_ParseWithLength(text, size) : NULL;
  free(text);
  const cJSON *files = cJSON_GetObjectItemCaseSensitive(
      cJSON_GetObjectItemCaseSensitive(root, "font"), "files");
  const cJSON *file;
  cJSON_ArrayForEach(file, files) {
    if (!cJSON_IsString(file)) continue;
    if (mix_file_identity(&h, file->valuestring) != 0)
      h = mix_string(h, "(font missing)");
  }
  cJSON_Delete(root);
  return h;
}

uint64_t dossier_batch_config_hash(const char *template_name, const char *style_name,
                                   const char *units_dir) {
  uint64_t h = mix_string(DOSSIER_BATCH_FNV_OFFSET, "dossier " DOSSIER_VERSION);
  char path[4096];
  const char *name = template_name ? template_name : "term-report";
  h = mix_named_file(h, name, path, resolve_named(path, sizeof path, name, ".md") == 0);
  name = style_name ? style_name : "party";
  int found = resolve_named(path, sizeof path, name, ".style.json") == 0;
  h = mix_named_file(h, name, path, found);
  if (found) h = mix_style_fonts(h, path);
  return mix_string(h, units_dir ? units_dir : "(no units folder)");
}

static int compare_unit_paths(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The units' datasets in name order, as the pipeline reads them. */
static int mix_units_dir(uint64_t *h, const char *dir) {
  DIR *d = opendir(dir);
  if (!d) return -1;
  char **names = NULL;
  size_t count = 0, capacity = 0;
  int rc = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    size_t n = strlen(e->d_name);
    if (e->d_name[0] == '.' || n <= 5 || strcmp(e->d_name + n - 5, ".json") != 0) continue;
    if (count == capacity) {
      capacity = capacity ? capacity * 2 : 64;
      char **grown = realloc(names, capacity * sizeof *grown);
      if (!grown) {
        rc = -1;
        goto done;
      }
      names = grown;
    }
    if (asprintf(&names[count], "%s/%s", dir, e->d_name) < 0) {
      rc = -1;
      goto done;
    }
    count++;
  }
  if (count > 1) qsort(names, count, sizeof *names, compare_unit_paths);
  for (size_t i = 0; i < count && rc == 0; i++) rc = dossier_batch_hash_file(h, names[i]);
done:
  for (size_t i = 0; i < count; i++) free(names[i]);
  free(names);
  closedir(d);
  return rc;
}

int dossier_batch_item_hash(uint64_t *out, uint64_t config, const char *dataset_path,
                            const char *units_dir) {
  uint64_t h = config;
  if (dossier_batch_hash_file(&h, dataset_path) != 0) return -1;
  if (units_dir && mix_units_dir(&h, units_dir) != 0) return -1;
  *out = h;
  return 0;
}

static char *stamp_path(const char *outdir, const char *name) {
  char *path = NULL;
  if (asprintf(&path, "%s/" DOSSIER_BATCH_STAMP_DIR "/%s", outdir, name) < 0) return NULL;
  return path;
}

int dossier_batch_stamp_read(const char *outdir, const char *name, uint64_t *hash, int *pages) {
  char *path = stamp_path(outdir, name);
  if (!path) return -1;
  FILE *f = fopen(path, "re");
  free(path);
  if (!f) return -1;
  char line[128];
  int rc = -1;
  if (fgets(line, sizeof line, f)) {
    uint64_t h = 0;
    int p = 0;
    char tail = 0;
    if (sscanf(line, "dossier-stamp/1 %16" SCNx64 " %d%c", &h, &p, &tail) == 3 && tail == '\n' &&
        p >= 0) {
      *hash = h;
      *pages = p;
      rc = 0;
    }
  }
  fclose(f);
  return rc;
}

int dossier_batch_mkdirs(const char *dir) {
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

dossier_status dossier_batch_write_atomic(const char *path, const void *data, size_t n,
                                          dossier_diag *diag) {
  char *tmp = NULL;
  const char *slash = strrchr(path, '/');
  int dir_len = slash ? (int)(slash - path + 1) : 0;
  /* ".NAME.tmp.PID" beside the target: same file system, so rename is atomic,
   * and the leading dot keeps it out of folder scans. */
  if (asprintf(&tmp, "%.*s.%s.tmp.%ld", dir_len, path, slash ? slash + 1 : path,
               (long)getpid()) < 0)
    return dossier_diag_add(diag, DOSSIER_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
  dossier_status st = DOSSIER_OK;
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) {
    st = dossier_diag_add(diag, DOSSIER_ERR_CANTCREAT, path, 0, 0, NULL, "cannot create: %s",
                          strerror(errno));
    goto done;
  }
  const char *p = data;
  size_t left = n;
  while (left > 0) {
    ssize_t put = write(fd, p, left);
    if (put < 0 && errno == EINTR) continue;
    if (put <= 0) {
      st = dossier_diag_add(diag, DOSSIER_ERR_IO, path, 0, 0, NULL, "cannot write: %s",
                            strerror(put < 0 ? errno : ENOSPC));
      break;
    }
    p += put;
    left -= (size_t)put;
  }
  if (st == DOSSIER_OK && fsync(fd) != 0)
    st = dossier_diag_add(diag, DOSSIER_ERR_IO, path, 0, 0, NULL, "cannot write: %s",
                          strerror(errno));
  if (close(fd) != 0 && st == DOSSIER_OK)
    st = dossier_diag_add(diag, DOSSIER_ERR_IO, path, 0, 0, NULL, "cannot write: %s",
                          strerror(errno));
  if (st == DOSSIER_OK && rename(tmp, path) != 0)
    st = dossier_diag_add(diag, DOSSIER_ERR_CANTCREAT, path, 0, 0, NULL, "cannot rename into place: %s",
                          strerror(errno));
  if (st != DOSSIER_OK) unlink(tmp);
done:
  free(tmp);
  return st;
}

dossier_status dossier_batch_stamp_write(const char *outdir, const char *name, uint64_t hash,
                                         int pages, dossier_diag *diag) {
  char *dir = NULL, *path = NULL;
  dossier_status st = DOSSIER_OK;
  if (asprintf(&dir, "%s/" DOSSIER_BATCH_STAMP_DIR, outdir) < 0) dir = NULL;
  path = stamp_path(outdir, name);
  if (!dir || !path) {
    st = dossier_diag_add(diag, DOSSIER_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    goto done;
  }
  if (dossier_batch_mkdirs(dir) != 0) {
    st = dossier_diag_add(diag, DOSSIER_ERR_CANTCREAT, dir, 0, 0, NULL, "cannot create: %s",
                          strerror(errno));
    goto done;
  }
  char line[64];
  int n = snprintf(line, sizeof line, "dossier-stamp/1 %016" PRIx64 " %d\n", hash, pages);
  if (n < 0 || (size_t)n >= sizeof line) {
    st = dossier_diag_add(diag, DOSSIER_ERR_SOFTWARE, NULL, 0, 0, NULL, "stamp too long");
    goto done;
  }
  st = dossier_batch_write_atomic(path, line, (size_t)n, diag);
done:
  free(dir);
  free(path);
  return st;
}

void dossier_batch_stamp_remove(const char *outdir, const char *name) {
  char *path = stamp_path(outdir, name);
  if (path) unlink(path);
  free(path);
}

/* "NAME.pdf.x" or ".NAME.pdf.x" (prefix = "NAME.pdf."), or, in the stamp
 * folder, ".NAME.tmp.x" (prefix = "NAME.tmp."). */
static int is_temp_of(const char *file, const char *prefix) {
  size_t m = strlen(prefix), n = strlen(file);
  /* "a.pdf.pdf" is the PDF of a dataset named "a.pdf.json", not a temporary of "a" */
  if (file[0] != '.' && n > 4 && strcmp(file + n - 4, ".pdf") == 0) return 0;
  if (file[0] == '.') file++;
  return strncmp(file, prefix, m) == 0 && file[m] != '\0';
}

static int compare_name_to_item(const void *key, const void *item) {
  return strcmp((const char *)key, ((const dossier_batch_item *)item)->name);
}

/* Whether `file` is a temporary of some item of `list`: it has the form
 * "NAME<marker>x" or ".NAME<marker>x" for an item NAME (every occurrence of the
 * marker is tried, since names may contain it). */
static int is_temp_of_list(const char *file, const char *marker, const dossier_batch_list *list) {
  size_t n = strlen(file), m = strlen(marker);
  if (file[0] != '.' && n > 4 && strcmp(file + n - 4, ".pdf") == 0) return 0;
  if (file[0] == '.') file++;
  char name[1024];
  for (const char *at = strstr(file, marker); at; at = strstr(at + 1, marker)) {
    size_t k = (size_t)(at - file);
    if (k == 0 || k >= sizeof name || at[m] == '\0') continue;
    memcpy(name, file, k);
    name[k] = '\0';
    if (bsearch(name, list->items, list->count, sizeof *list->items, compare_name_to_item))
      return 1;
  }
  return 0;
}

/* Removes the entries of `dir` that `is_temp(name, ctx)` claims; returns how many. */
static size_t remove_entries(const char *dir, int (*is_temp)(const char *file, const void *ctx),
                             const void *ctx) {
  DIR *d = opendir(dir);
  if (!d) return 0;
  size_t removed = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (!is_temp(e->d_name, ctx)) continue;
    char *path = NULL;
    if (asprintf(&path, "%s/%s", dir, e->d_name) < 0) continue;
    if (unlink(path) == 0) removed++;
    free(path);
  }
  closedir(d);
  return removed;
}

static int is_temp_of_name(const char *file, const void *prefix) {
  return is_temp_of(file, (const char *)prefix);
}

typedef struct {
  const char *marker;
  const dossier_batch_list *list;
} list_marker;

static int is_temp_of_list_entry(const char *file, const void *ctx) {
  const list_marker *lm = ctx;
  return is_temp_of_list(file, lm->marker, lm->list);
}

size_t dossier_batch_clean_list_temps(const char *outdir, const dossier_batch_list *list) {
  if (list->count == 0) return 0;
  list_marker pdfs = {".pdf.", list}, stamps = {".tmp.", list};
  size_t removed = remove_entries(outdir, is_temp_of_list_entry, &pdfs);
  char *stamp_dir = NULL;
  if (asprintf(&stamp_dir, "%s/" DOSSIER_BATCH_STAMP_DIR, outdir) >= 0) {
    removed += remove_entries(stamp_dir, is_temp_of_list_entry, &stamps);
    free(stamp_dir);
  }
  return removed;
}

size_t dossier_batch_clean_temps(const char *outdir, const char *name) {
  char *pdf_prefix = NULL, *stamp_prefix = NULL, *stamp_dir = NULL;
  size_t removed = 0;
  if (asprintf(&pdf_prefix, "%s.pdf.", name) < 0) pdf_prefix = NULL;
  if (asprintf(&stamp_prefix, "%s.tmp.", name) < 0) stamp_prefix = NULL;
  if (asprintf(&stamp_dir, "%s/" DOSSIER_BATCH_STAMP_DIR, outdir) < 0) stamp_dir = NULL;
  if (pdf_prefix) removed += remove_entries(outdir, is_temp_of_name, pdf_prefix);
  if (stamp_prefix && stamp_dir) removed += remove_entries(stamp_dir, is_temp_of_name, stamp_prefix);
  free(pdf_prefix);
  free(stamp_prefix);
  free(stamp_dir);
  return removed;
}

int dossier_batch_lock(const char *outdir, const char *lock_name, dossier_diag *diag) {
  char *dir = NULL, *path = NULL;
  int fd = -1;
  if (asprintf(&dir, "%s/" DOSSIER_BATCH_STAMP_DIR, outdir) < 0) dir = NULL;
  if (dir && asprintf(&path, "%s/%s", dir, lock_name) < 0) path = NULL;
  if (!dir || !path) {
    dossier_diag_add(diag, DOSSIER_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    goto done;
  }
  if (dossier_batch_mkdirs(dir) != 0) {
    dossier_diag_add(diag, DOSSIER_ERR_CANTCREAT, dir, 0, 0, NULL, "cannot create: %s",
                     strerror(errno));
    goto done;
  }
  fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
  if (fd < 0) {
    dossier_diag_add(diag, DOSSIER_ERR_CANTCREAT, path, 0, 0, NULL, "cannot create: %s",
                     strerror(errno));
    goto done;
  }
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    dossier_diag_add(diag, DOSSIER_ERR_TIMEOUT, outdir, 0, 0, NULL,
                     "another dossier batch is writing this folder (lock %s); wait for it "
                     "or use another output folder",
                     path);
    close(fd);
    fd = -1;
  }
done:
  free(dir);
  free(path);
  return fd;
}
