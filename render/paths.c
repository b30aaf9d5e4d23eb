#include "paths.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#ifndef DOSSIER_INSTALL_DATADIR
#define DOSSIER_INSTALL_DATADIR "/usr/local/share/dossier"
#endif

int dossier_data_path(char *buf, size_t size, const char *relative) {
  const char *roots[] = {getenv("DOSSIER_DATA_DIR"), DOSSIER_SOURCE_DIR, DOSSIER_INSTALL_DATADIR};
  for (size_t i = 0; i < sizeof roots / sizeof roots[0]; i++) {
    if (!roots[i] || !*roots[i]) continue;
    int n = snprintf(buf, size, "%s/%s", roots[i], relative);
    if (n < 0 || (size_t)n >= size) continue;
    if (access(buf, R_OK) == 0) return 0;
  }
  if (size > 0) buf[0] = '\0';
  return -1;
}
