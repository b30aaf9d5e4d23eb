/* support.c: the helpers of support.h. Plain stdio and POSIX, independent of
 * the library code under test except where a helper is about the library
 * (figures, styles, drawings). */
#include "support.h"

#include <errno.h>
#include <ftw.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "stats/dataset.h"
#include "stats/figures.h"

/* ---- files ------------------------------------------------------------------ */

/* Everything left to read from `f`, NUL-terminated, its length in *length;
 * NULL when reading fails or memory runs out. */
static char *read_all(FILE *f, size_t *length) {
  size_t cap = 65536, used = 0;
  char *data = malloc(cap);
  while (data) {
    if (cap - used < 4096) {
      char *grown = realloc(data, cap *= 2);
      if (!grown) break;
      data = grown;
    }
    size_t n = fread(data + used, 1, cap - used - 1, f);
    used += n;
    if (n == 0) {
      if (ferror(f)) break;
      data[used] = '\0';
      *length = used;
      return data;
    }
  }
  free(data);
  return NULL;
}

char *support_read_file(const char *path, size_t *length) {
  size_t n = 0;
  FILE *f = fopen(path, "rb");
  char *data = f ? read_all(f, &n) : NULL;
  if (!f) fprintf(stderr, "support: cannot open %s: %s\n", path, strerror(errno));
  else if (!data) fprintf(stderr, "support: cannot read %s\n", path);
  if (f) fclose(f);
  if (length) *length = n;
  return data;
}

int support_write_bytes(const char *path, const void *data, size_t length) {
  FILE *f = path ? fopen(path, "wb") : NULL;
  if (!f) {
    fprintf(stderr, "support: cannot create %s: %s\n", path ? path : "(null)", strerror(errno));
    return -1;
  }
  int ok = fwrite(data, 1, length, f) == length;
  ok &= fclose(f) == 0;
  if (!ok) fprintf(stderr, "support: cannot write %s\n", path);
  return ok ? 0 : -1;
}

int support_write_file(const char *path, const char *text) {
  return support_write_bytes(path, text, strlen(text));
}

int support_exists(const char *path) {
  struct stat st;
  return lstat(path, &st) == 0;
}

const char *support_path(const char *dir, const char *name) {
  static char paths[16][1024];
  static unsigned next;
  char *path = paths[next++ % 16];
  if ((size_t)snprintf(path, sizeof paths[0], "%s/%s", dir, name) >= sizeof paths[0])
    fprintf(stderr, "support: path cut short: %s\n", path);
  return path;
}

/* ---- folders ---------------------------------------------------------------- */

static const char *tmp_root(void) {
  const char *t = getenv("TMPDIR");
  return t && *t ? t : "/tmp";
}

char *support_temp_dir(const char *tag) {
  size_t n = strlen(tmp_root()) + strlen(tag) + 32;
  char *dir = malloc(n);
  if (!dir) return NULL;
  snprintf(dir, n, "%s/dossier-test-%s-XXXXXX", tmp_root(), tag);
  if (!mkdtemp(dir)) {
    fprintf(stderr, "support: cannot make a folder %s: %s\n", dir, strerror(errno));
    free(dir);
    return NULL;
  }
  return dir;
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw) {
  (void)st, (void)type, (void)ftw;
  if (remove(path) != 0) {
    fprintf(stderr, "support: cannot remove %s: %s\n", path, strerror(errno));
    return -1;
  }
  return 0;
}

int support_remove_tree(const char *path) {
  if (!path || !support_exists(path)) return 0;
  return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS) == 0 ? 0 : -1;
}

static char scratch_dir[512];

static void remove_scratch(void) {
  if (!scratch_dir[0]) return;
  if (getenv("DOSSIER_KEEP_TEST_FILES")) {
    fprintf(stderr, "test files kept in %s\n", scratch_dir);
    return;
  }
  support_remove_tree(scratch_dir);
}

const char *support_scratch(const char *name) {
  if (!scratch_dir[0]) {
    char *dir = support_temp_dir("scratch");
    if (!dir || strlen(dir) >= sizeof scratch_dir) {
      fprintf(stderr, "FAIL: support: no scratch folder under %s, so no case can write files\n",
              tmp_root());
      exit(1);
    }
    snprintf(scratch_dir, sizeof scratch_dir, "%s", dir);
    free(dir);
    atexit(remove_scratch);
  }
  return support_path(scratch_dir, name);
}

const char *support_scratch_file(const char *name, const char *text) {
  const char *path = support_scratch(name);
  return support_write_file(path, text) == 0 ? path : NULL;
}

/* ---- processes -------------------------------------------------------------- */

char *support_run(const char *fmt, ...) {
  char command[4096];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(command, sizeof command, fmt, ap);
  va_end(ap);
  if (n < 0 || (size_t)n >= sizeof command) {
    fprintf(stderr, "support: command too long: %.80s...\n", command);
    return NULL;
  }
  fflush(NULL); /* what this process buffered is not the command's */
  FILE *p = popen(command, "r");
  if (!p) {
    fprintf(stderr, "support: cannot run %s: %s\n", command, strerror(errno));
    return NULL;
  }
  size_t length = 0;
  char *out = read_all(p, &length);
  pclose(p);
  if (!out) fprintf(stderr, "support: cannot read what %s wrote\n", command);
  return out;
}

long support_dead_pid(void) {
  fflush(NULL);
  pid_t pid = fork();
  if (pid == 0) _exit(0);
  if (pid < 0) {
    fprintf(stderr, "support: cannot fork: %s\n", strerror(errno));
    return -1;
  }
  waitpid(pid, NULL, 0);
  return (long)pid;
}

/* ---- text ------------------------------------------------------------------- */

char *support_replace_once(const char *text, const char *from, const char *to) {
  const char *at = strstr(text, from);
  if (!at) {
    fprintf(stderr, "support: \"%s\" is not in the text to edit\n", from);
    return NULL;
  }
  size_t head = (size_t)(at - text), n = strlen(text) - strlen(from) + strlen(to) + 1;
  char *out = malloc(n);
  if (out) snprintf(out, n, "%.*s%s%s", (int)head, text, to, at + strlen(from));
  return out;
}

const char *support_edited_copy(const char *path, const char *from, const char *to,
                                const char *name) {
  char *text = support_read_file(path, NULL);
  char *edited = text ? support_replace_once(text, from, to) : NULL;
  if (text && !edited) fprintf(stderr, "support: (in %s)\n", path);
  const char *out = edited ? support_scratch_file(name, edited) : NULL;
  free(edited);
  free(text);
  return out;
}

/* ---- diagnostics ------------------------------------------------------------ */

char *support_messages(const dossier_diag *diag) {
  size_t total = 1, count = dossier_diag_count(diag);
  for (size_t i = 0; i < count; i++) total += strlen(dossier_diag_message(diag, i)) + 1;
  char *all = malloc(total);
  if (!all) return NULL;
  size_t used = 0;
  for (size_t i = 0; i < count; i++) {
    const char *m = dossier_diag_message(diag, i);
    memcpy(all + used, m, strlen(m));
    used += strlen(m);
    all[used++] = '\n';
  }
  all[used] = '\0';
  return all;
}

void support_first_message(char *out, size_t size, const dossier_diag *diag) {
  if (size) snprintf(out, size, "%s", dossier_diag_count(diag) ? dossier_diag_message(diag, 0) : "");
}

/* ---- datasets and figures --------------------------------------------------- */

/* Computes the figures of a loaded (or refused: NULL) dataset; reports as
 * support.h says. */
static cJSON *figures_of(dossier_dataset *ds, dossier_status loaded, dossier_diag *diag,
                         dossier_diag *own) {
  cJSON *figures = NULL;
  if (loaded == DOSSIER_OK) dossier_figures_compute(&figures, ds, diag ? diag : own);
  if (!figures && own) dossier_diag_print(own, stderr, "support: ");
  dossier_dataset_free(ds);
  dossier_diag_free(own);
  return figures;
}

cJSON *support_figures_of_file(const char *path, dossier_diag *diag) {
  dossier_diag *own = diag ? NULL : dossier_diag_new();
  dossier_dataset *ds = NULL;
  dossier_status st = dossier_dataset_load(&ds, path, diag ? diag : own);
  return figures_of(ds, st, diag, own);
}

cJSON *support_figures_of_json(const char *name, const char *text, dossier_diag *diag) {
  dossier_diag *own = diag ? NULL : dossier_diag_new();
  dossier_dataset *ds = NULL;
  dossier_status st = dossier_dataset_parse(&ds, name, text, strlen(text), diag ? diag : own);
  return figures_of(ds, st, diag, own);
}

cJSON *support_at(const cJSON *node, const char *path) {
  cJSON *at = (cJSON *)node;
  while (at && *path) {
    char segment[256];
    size_t n = strcspn(path, ".");
    snprintf(segment, sizeof segment, "%.*s", (int)n, path);
    path += n + (path[n] == '.');
    if (cJSON_IsArray(at)) {
      char *end;
      long i = strtol(segment, &end, 10);
      at = *segment && !*end && i >= 0 ? cJSON_GetArrayItem(at, (int)i) : NULL;
    } else {
      at = cJSON_GetObjectItemCaseSensitive(at, segment);
    }
  }
  return at;
}

double support_num(const cJSON *node, const char *path) {
  const cJSON *n = support_at(node, path);
  if (!cJSON_IsNumber(n)) {
    fprintf(stderr, "support: %s is not a number\n", path);
    return NAN;
  }
  return n->valuedouble;
}

const char *support_str(const cJSON *node, const char *path) {
  const cJSON *n = support_at(node, path);
  return cJSON_IsString(n) ? n->valuestring : NULL;
}

int support_is_null(const cJSON *node, const char *path) {
  return cJSON_IsNull(support_at(node, path));
}

/* ---- rendering -------------------------------------------------------------- */

const char *support_missing_texts(const dossier_drawing *drawing, const char *const *texts) {
  static char missing[4096];
  size_t used = 0;
  missing[0] = '\0';
  for (size_t i = 0; texts[i]; i++) {
    if (drawing && dossier_drawing_has_text(drawing, texts[i])) continue;
    int n = snprintf(missing + used, sizeof missing - used, "\"%s\" ", texts[i]);
    if (n < 0 || (size_t)n >= sizeof missing - used) break;
    used += (size_t)n;
  }
  return missing;
}

dossier_style *support_style(const char *name, char *message, size_t size) {
  dossier_diag *diag = dossier_diag_new();
  dossier_style *style = NULL;
  dossier_status st = dossier_style_load(&style, name, diag);
  if (message) support_first_message(message, size, diag);
  else if (st != DOSSIER_OK) dossier_diag_print(diag, stderr, "support: style: ");
  dossier_diag_free(diag);
  return style;
}
