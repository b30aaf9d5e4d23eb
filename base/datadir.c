/* datadir.c: the data folders and the stock-name rule (datadir.h). */
#include "base/datadir.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef DOSSIER_INSTALL_DATADIR
#define DOSSIER_INSTALL_DATADIR "/usr/local/share/dossier"
#endif
#ifndef DOSSIER_RELATIVE_DATADIR
#define DOSSIER_RELATIVE_DATADIR "share/dossier"
#endif

/* Writes the folder of the running program into buf; 0, or -1 when unknown. */
static int program_folder(char *buf, size_t size) {
  ssize_t n = readlink("/proc/self/exe", buf, size - 1);
  if (n <= 0 || (size_t)n >= size - 1) return -1;
  buf[n] = '\0';
  char *slash = strrchr(buf, '/');
  if (!slash) return -1;
  *slash = '\0';
  return 0;
}

/* Tries root/relative; 0 when it is readable (buf holds it). */
static int try_root(char *buf, size_t size, const char *root, const char *middle,
                    const char *relative) {
  int n = snprintf(buf, size, "%s%s/%s", root, middle, relative);
  if (n < 0 || (size_t)n >= size) return -1;
  return access(buf, R_OK) == 0 ? 0 : -1;
}

int dossier_data_path(char *buf, size_t size, const char *relative) {
  if (size == 0) return -1;
  const char *env = getenv("DOSSIER_DATA_DIR");
  if (env && *env && try_root(buf, size, env, "", relative) == 0) return 0;
  char exe[PATH_MAX];
  if (program_folder(exe, sizeof exe) == 0 &&
      (try_root(buf, size, exe, "/../" DOSSIER_RELATIVE_DATADIR, relative) == 0 ||
       try_root(buf, size, exe, "/" DOSSIER_RELATIVE_DATADIR, relative) == 0))
    return 0;
  if (try_root(buf, size, DOSSIER_INSTALL_DATADIR, "", relative) == 0) return 0;
  buf[0] = '\0';
  return -1;
}

static const char *path_suffix(dossier_data_kind kind) {
  return kind == DOSSIER_DATA_TEMPLATE ? ".md" : ".json";
}

static const char *stock_suffix(dossier_data_kind kind) {
  return kind == DOSSIER_DATA_TEMPLATE ? ".md" : ".style.json";
}

int dossier_data_is_path(const char *name, dossier_data_kind kind) {
  const char *suffix = path_suffix(kind);
  size_t n = strlen(name), m = strlen(suffix);
  return strchr(name, '/') != NULL || (n >= m && strcmp(name + n - m, suffix) == 0);
}

int dossier_data_resolve(char *buf, size_t size, const char *name, dossier_data_kind kind) {
  if (size == 0) return -2;
  buf[0] = '\0';
  if (dossier_data_is_path(name, kind)) {
    int n = snprintf(buf, size, "%s", name);
    if (n < 0 || (size_t)n >= size) {
      buf[0] = '\0';
      return -2;
    }
    return 0;
  }
  char relative[512];
  int n = snprintf(relative, sizeof relative, "templates/%s%s", name, stock_suffix(kind));
  if (n < 0 || (size_t)n >= sizeof relative) return -2;
  return dossier_data_path(buf, size, relative) == 0 ? 0 : -1;
}
