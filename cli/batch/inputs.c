#include "cli/batch/inputs.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/file.h"
#include "base/limits.h"

static dossier_status out_of_memory(dossier_diag *diag) {
  return dossier_diag_nomem(diag);
}

static int ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* "dir/org-01.json" -> "org-01"; a name without ".json" is kept whole. */
static char *output_name(const char *path) {
  const char *slash = strrchr(path, '/');
  const char *base = slash ? slash + 1 : path;
  size_t n = strlen(base);
  if (n > 5 && ends_with(base, ".json")) n -= 5;
  return strndup(base, n);
}

static dossier_status add_dataset(dossier_batch_list *list, const char *path,
                                  dossier_diag *diag) {
  if (list->count == list->capacity) {
    size_t capacity = list->capacity ? list->capacity * 2 : 64;
    dossier_batch_item *grown = realloc(list->items, capacity * sizeof *grown);
    if (!grown) return out_of_memory(diag);
    list->items = grown;
    list->capacity = capacity;
  }
  dossier_batch_item *item = &list->items[list->count];
  memset(item, 0, sizeof *item);
  item->pages = -1;
  item->input = strdup(path);
  item->name = output_name(path);
  if (!item->input || !item->name || !item->name[0]) {
    int empty = item->name && !item->name[0];
    free(item->input);
    free(item->name);
    if (empty)
      return dossier_diag_add(diag, DOSSIER_ERR_USAGE, path, 0, 0, NULL,
                              "not a dataset file name");
    return out_of_memory(diag);
  }
  list->count++;
  return DOSSIER_OK;
}

static int compare_strings(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static dossier_status add_folder(dossier_batch_list *list, const char *dir, dossier_diag *diag) {
  DIR *d = opendir(dir);
  if (!d)
    return dossier_diag_add(diag, DOSSIER_ERR_NOINPUT, dir, 0, 0, NULL,
                            "cannot open the folder: %s", strerror(errno));
  char **names = NULL;
  size_t count = 0, capacity = 0;
  dossier_status st = DOSSIER_OK;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.' || !ends_with(e->d_name, ".json") || strlen(e->d_name) <= 5)
      continue;
    if (count == capacity) {
      capacity = capacity ? capacity * 2 : 64;
      char **grown = realloc(names, capacity * sizeof *grown);
      if (!grown) {
        st = out_of_memory(diag);
        goto done;
      }
      names = grown;
    }
    size_t dn = strlen(dir);
    const char *sep = dn > 0 && dir[dn - 1] == '/' ? "" : "/";
    if (asprintf(&names[count], "%s%s%s", dir, sep, e->d_name) < 0) {
      st = out_of_memory(diag);
      goto done;
    }
    count++;
  }
  if (count > 1) qsort(names, count, sizeof *names, compare_strings);
  for (size_t i = 0; i < count && st == DOSSIER_OK; i++) st = add_dataset(list, names[i], diag);
done:
  for (size_t i = 0; i < count; i++) free(names[i]);
  free(names);
  closedir(d);
  return st;
}

static int is_folder(const char *path) {
  struct stat sb;
  return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* One manifest line: a dataset or a folder, relative to the manifest's folder
 * unless absolute. Surrounding blanks are not part of a path (a path with
 * leading or trailing blanks cannot be listed; docs/batch.md says so). */
static dossier_status add_manifest_line(dossier_batch_list *list, const char *manifest,
                                        int lineno, const char *base_dir, char *line,
                                        dossier_diag *diag) {
  char *end = line + strlen(line);
  while (end > line && isspace((unsigned char)end[-1])) *--end = '\0';
  while (isspace((unsigned char)*line)) line++;
  if (*line == '\0' || *line == '#') return DOSSIER_OK;
  if (ends_with(line, ".list") || ends_with(line, ".manifest"))
    return dossier_diag_add(diag, DOSSIER_ERR_USAGE, manifest, lineno, 0, NULL,
                            "%s is a manifest, and a manifest does not include other "
                            "manifests: list its datasets or folders",
                            line);
  char *path = NULL;
  if (line[0] == '/' || !base_dir) {
    path = strdup(line);
  } else if (asprintf(&path, "%s/%s", base_dir, line) < 0) {
    path = NULL;
  }
  if (!path) return out_of_memory(diag);
  dossier_status st = is_folder(path) ? add_folder(list, path, diag) : add_dataset(list, path, diag);
  free(path);
  return st;
}

static dossier_status add_manifest(dossier_batch_list *list, const char *manifest,
                                   dossier_diag *diag) {
  FILE *f = fopen(manifest, "r");
  if (!f)
    return dossier_diag_add(diag, DOSSIER_ERR_NOINPUT, manifest, 0, 0, NULL,
                            "cannot open the manifest: %s", strerror(errno));
  struct stat sb;
  if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode) ||
      (uint64_t)sb.st_size > DOSSIER_LIMIT_MANIFEST_BYTES) {
    int regular = fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode);
    fclose(f);
    return regular ? dossier_diag_add(diag, DOSSIER_ERR_DATA, manifest, 0, 0, NULL,
                                      "larger than the 4 MiB a manifest may be (docs/limits.md)")
                   : dossier_diag_add(diag, DOSSIER_ERR_NOINPUT, manifest, 0, 0, NULL,
                                      "not a regular file (a folder, a device or a pipe): a "
                                      "manifest is read from a file");
  }
  char *base_dir = NULL;
  const char *slash = strrchr(manifest, '/');
  if (slash) {
    base_dir = strndup(manifest, slash == manifest ? 1 : (size_t)(slash - manifest));
    if (!base_dir) {
      fclose(f);
      return out_of_memory(diag);
    }
  }
  dossier_status st = DOSSIER_OK;
  char *line = NULL;
  size_t size = 0;
  ssize_t got;
  int lineno = 0;
  while (st == DOSSIER_OK && (got = getline(&line, &size, f)) >= 0) {
    lineno++;
    if (memchr(line, '\0', (size_t)got)) {
      st = dossier_diag_add(diag, DOSSIER_ERR_DATA, manifest, lineno, 0, NULL,
                            "a NUL byte in the line: not a manifest");
      break;
    }
    /* a byte-order mark, as Windows editors write it, is not part of a path */
    const char bom[] = "\xEF\xBB\xBF";
    size_t skip = lineno == 1 && strncmp(line, bom, 3) == 0 ? 3 : 0;
    st = add_manifest_line(list, manifest, lineno, base_dir, line + skip, diag);
  }
  if (st == DOSSIER_OK && ferror(f))
    st = dossier_diag_add(diag, DOSSIER_ERR_IO, manifest, 0, 0, NULL, "read error");
  free(line);
  free(base_dir);
  fclose(f);
  return st;
}

dossier_status dossier_batch_list_add(dossier_batch_list *list, const char *operand,
                                      dossier_diag *diag) {
  if (is_folder(operand)) return add_folder(list, operand, diag);
  if (ends_with(operand, "/")) { /* meant as a folder */
    struct stat sb;
    int missing = stat(operand, &sb) != 0;
    return dossier_diag_add(diag, DOSSIER_ERR_NOINPUT, operand, 0, 0, NULL,
                            "cannot open the folder: %s",
                            missing ? strerror(errno) : "it is not a folder");
  }
  if (ends_with(operand, ".list") || ends_with(operand, ".manifest"))
    return add_manifest(list, operand, diag);
  return add_dataset(list, operand, diag);
}

static int compare_items(const void *a, const void *b) {
  const dossier_batch_item *x = a, *y = b;
  int c = strcmp(x->name, y->name);
  return c ? c : strcmp(x->input, y->input);
}

/* Two paths name the same file when both resolve to it; paths that do not
 * exist (yet) are compared as written. */
static int same_file(const char *a, const char *b) {
  if (strcmp(a, b) == 0) return 1;
  struct stat sa, sb;
  return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
         sa.st_ino == sb.st_ino;
}

static void item_free(dossier_batch_item *item) {
  free(item->input);
  free(item->name);
  free(item->output);
  free(item->error);
  memset(item, 0, sizeof *item);
}

dossier_status dossier_batch_list_finish(dossier_batch_list *list, dossier_diag *diag) {
  if (list->count == 0) return DOSSIER_OK;
  qsort(list->items, list->count, sizeof *list->items, compare_items);
  dossier_status st = DOSSIER_OK;
  size_t kept = 1;
  for (size_t i = 1; i < list->count; i++) {
    dossier_batch_item *prev = &list->items[kept - 1], *cur = &list->items[i];
    if (strcmp(prev->name, cur->name) == 0) {
      if (!same_file(prev->input, cur->input))
        st = dossier_diag_add(diag, DOSSIER_ERR_USAGE, NULL, 0, 0, NULL,
                              "%s and %s would both be written as %s.pdf: rename one or "
                              "run them in separate batches",
                              prev->input, cur->input, cur->name);
      item_free(cur);
      continue;
    }
    if (kept != i) list->items[kept] = *cur;
    kept++;
  }
  list->count = kept;
  return st;
}

int dossier_batch_shard_parse(const char *text, size_t *k, size_t *n) {
  char *end = NULL;
  if (!isdigit((unsigned char)text[0])) return -1;
  errno = 0;
  unsigned long kk = strtoul(text, &end, 10);
  if (errno || *end != '/' || !isdigit((unsigned char)end[1])) return -1;
  unsigned long nn = strtoul(end + 1, &end, 10);
  if (errno || *end != '\0' || kk < 1 || nn < 1 || kk > nn || nn > 1000000) return -1;
  *k = (size_t)kk;
  *n = (size_t)nn;
  return 0;
}

void dossier_batch_list_shard(dossier_batch_list *list, size_t k, size_t n) {
  size_t kept = 0;
  for (size_t i = 0; i < list->count; i++) {
    if (i % n == k - 1) {
      if (kept != i) list->items[kept] = list->items[i];
      kept++;
    } else {
      item_free(&list->items[i]);
    }
  }
  list->count = kept;
}

/* "summary.json" or "summary-K-of-N.json": what a batch writes into OUTDIR. */
static int is_summary_name(const char *base) {
  if (strcmp(base, "summary.json") == 0) return 1;
  unsigned long k, n;
  char tail[8];
  return sscanf(base, "summary-%lu-of-%lu%7s", &k, &n, tail) == 3 && strcmp(tail, ".json") == 0;
}

/* Whether `input` is a summary file a batch wrote into `outdir` (a batch run
 * over its own output folder must not take its summaries for datasets). */
static int is_summary_in(const char *input, const char *outdir) {
  const char *slash = strrchr(input, '/');
  const char *base = slash ? slash + 1 : input;
  if (!is_summary_name(base)) return 0;
  char *dir = slash ? strndup(input, (size_t)(slash - input)) : strdup(".");
  if (!dir) return 0;
  struct stat a, b;
  int same = stat(dir[0] ? dir : "/", &a) == 0 && stat(outdir, &b) == 0 &&
             a.st_dev == b.st_dev && a.st_ino == b.st_ino;
  free(dir);
  return same;
}

dossier_status dossier_batch_list_set_outdir(dossier_batch_list *list, const char *outdir,
                                             dossier_diag *diag) {
  size_t kept = 0;
  for (size_t i = 0; i < list->count; i++) {
    if (is_summary_in(list->items[i].input, outdir)) {
      item_free(&list->items[i]);
      continue;
    }
    list->items[kept++] = list->items[i];
  }
  list->count = kept;
  size_t dn = strlen(outdir);
  const char *sep = dn > 0 && outdir[dn - 1] == '/' ? "" : "/";
  for (size_t i = 0; i < list->count; i++) {
    dossier_batch_item *item = &list->items[i];
    free(item->output);
    if (asprintf(&item->output, "%s%s%s.pdf", outdir, sep, item->name) < 0) {
      item->output = NULL;
      return out_of_memory(diag);
    }
  }
  return DOSSIER_OK;
}

void dossier_batch_list_free(dossier_batch_list *list) {
  if (!list) return;
  for (size_t i = 0; i < list->count; i++) item_free(&list->items[i]);
  free(list->items);
  list->items = NULL;
  list->count = list->capacity = 0;
}
