#include "cli/batch/stamp.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "base/atomic.h"
#include "base/datadir.h"
#include "base/file.h"

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
  char *text = NULL;
  size_t size = 0;
  if (dossier_file_read_raw(&text, &size, style_path, (size_t)1 << 20) != 0) return h;
  cJSON *root = cJSON_ParseWithLength(text, size);
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
  h = mix_named_file(h, name, path,
                     dossier_data_resolve(path, sizeof path, name, DOSSIER_DATA_TEMPLATE) == 0);
  name = style_name ? style_name : "party";
  int found = dossier_data_resolve(path, sizeof path, name, DOSSIER_DATA_STYLE) == 0;
  h = mix_named_file(h, name, path, found);
  if (found) h = mix_style_fonts(h, path);
  return mix_string(h, units_dir ? units_dir : "(no units folder)");
}

/* The units' datasets in name order, as the pipeline reads them. */
static int mix_units_dir(uint64_t *h, const char *dir) {
  char **paths = NULL;
  size_t count = 0;
  if (dossier_file_list(&paths, &count, dir, ".json") != 0) return -1;
  int rc = 0;
  for (size_t i = 0; i < count && rc == 0; i++) rc = dossier_batch_hash_file(h, paths[i]);
  dossier_file_list_free(paths, count);
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

dossier_status dossier_batch_stamp_folder(const char *outdir, dossier_diag *diag) {
  char *dir = NULL;
  if (asprintf(&dir, "%s/" DOSSIER_BATCH_STAMP_DIR, outdir) < 0) return dossier_diag_nomem(diag);
  dossier_status st = DOSSIER_OK;
  struct stat sb;
  if (mkdir(dir, 0777) != 0 && errno != EEXIST)
    st = dossier_diag_add(diag, DOSSIER_ERR_CANTCREAT, dir, 0, 0, NULL, "cannot create: %s",
                          strerror(errno));
  else if (lstat(dir, &sb) != 0)
    st = dossier_diag_add(diag, DOSSIER_ERR_CANTCREAT, dir, 0, 0, NULL, "cannot check: %s",
                          strerror(errno));
  else if (!S_ISDIR(sb.st_mode))
    st = dossier_diag_add(diag, DOSSIER_ERR_CANTCREAT, dir, 0, 0, NULL,
                          "the stamp folder %s; remove it (nothing was written)",
                          S_ISLNK(sb.st_mode) ? "is a symbolic link (it was not followed)"
                                              : "is not a folder");
  free(dir);
  return st;
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

dossier_status dossier_batch_stamp_write(const char *outdir, const char *name, uint64_t hash,
                                         int pages, dossier_diag *diag) {
  char *dir = NULL, *path = NULL;
  dossier_status st = DOSSIER_OK;
  if (asprintf(&dir, "%s/" DOSSIER_BATCH_STAMP_DIR, outdir) < 0) dir = NULL;
  path = stamp_path(outdir, name);
  if (!dir || !path) {
    st = dossier_diag_nomem(diag);
    goto done;
  }
  if (dossier_mkdirs(dir) != 0) {
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
  st = dossier_atomic_write_file(path, line, (size_t)n, diag);
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

/* Whether a temporary's base (`base`, `length` bytes: the file it would have
 * replaced) is "NAME.pdf" in OUTDIR, or "NAME" in the stamp folder, for
 * `name` (NULL: every name) — never another item's, so shards sharing OUTDIR
 * do not touch each other's. */
typedef struct {
  const char *name;               /* one item, or NULL */
  const dossier_batch_list *list; /* else every item of the list */
  int pdf;                        /* OUTDIR (NAME.pdf) or the stamp folder (NAME) */
} temp_owner;

static int compare_name_to_item(const void *key, const void *item) {
  return strcmp((const char *)key, ((const dossier_batch_item *)item)->name);
}

static int owned_temporary(const char *base, size_t length, const void *ctx) {
  const temp_owner *owner = ctx;
  if (owner->pdf) {
    if (length <= 4 || memcmp(base + length - 4, ".pdf", 4) != 0) return 0;
    length -= 4;
  }
  char name[1024];
  if (length == 0 || length >= sizeof name) return 0;
  memcpy(name, base, length);
  name[length] = '\0';
  if (owner->name) return strcmp(name, owner->name) == 0;
  return bsearch(name, owner->list->items, owner->list->count, sizeof *owner->list->items,
                 compare_name_to_item) != NULL;
}

static size_t clean(const char *outdir, const char *name, const dossier_batch_list *list) {
  temp_owner pdfs = {name, list, 1}, stamps = {name, list, 0};
  size_t removed = dossier_atomic_remove_stale(outdir, owned_temporary, &pdfs);
  char *stamp_dir = NULL;
  if (asprintf(&stamp_dir, "%s/" DOSSIER_BATCH_STAMP_DIR, outdir) >= 0) {
    removed += dossier_atomic_remove_stale(stamp_dir, owned_temporary, &stamps);
    free(stamp_dir);
  }
  return removed;
}

size_t dossier_batch_clean_list_temps(const char *outdir, const dossier_batch_list *list) {
  return list->count ? clean(outdir, NULL, list) : 0;
}

size_t dossier_batch_clean_temps(const char *outdir, const char *name) {
  return clean(outdir, name, NULL);
}
