/* fault.c: making the Nth allocation or the Nth write of a run fail, to test
 * that every failure ends in an error that says what failed, a non-zero exit,
 * no half-written PDF, the previous PDF untouched and (under ASan) no leak.
 *
 * The program `dossier_fault` is dossier linked with -Wl,--wrap for the
 * allocation and write functions (tests/fault/fault.cmake): every call from
 * dossier's own code goes through the __wrap_ functions below, and so do
 * cJSON's and libxml2's allocations (their hooks are pointed at them when the
 * program starts). Allocations inside the other libraries (libharu, cmark,
 * GSL, fontconfig, HarfBuzz) are not counted.
 *
 * Environment:
 *   DOSSIER_FAULT=alloc:N         the Nth allocation returns NULL (ENOMEM)
 *   DOSSIER_FAULT=write:N:ENOSPC  the Nth write-like call (write, writev,
 *                                 fsync, fdatasync) fails with ENOSPC (or EIO)
 *   DOSSIER_FAULT_COUNT=FILE      at exit, append "allocs A writes W" (the
 *                                 counts of this process) to FILE
 *   DOSSIER_FAULT_TRACE=1         print where the failed allocation was made
 * Counting starts when main starts; a forked worker goes on counting from its
 * parent's count. Without DOSSIER_FAULT nothing fails. */
#include <errno.h>
#include <execinfo.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <libxml/xmlmemory.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t count, size_t n);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
int __real_vasprintf(char **out, const char *fmt, va_list ap);
ssize_t __real_write(int fd, const void *data, size_t n);
ssize_t __real_writev(int fd, const struct iovec *iov, int count);
int __real_fsync(int fd);
int __real_fdatasync(int fd);
void __real__exit(int status) __attribute__((noreturn));
void __wrap__exit(int status) __attribute__((noreturn));
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t count, size_t n);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);
int __wrap_vasprintf(char **out, const char *fmt, va_list ap);
int __wrap_asprintf(char **out, const char *fmt, ...);
ssize_t __wrap_write(int fd, const void *data, size_t n);
ssize_t __wrap_writev(int fd, const struct iovec *iov, int count);
int __wrap_fsync(int fd);
int __wrap_fdatasync(int fd);

static enum { NONE, ALLOC, WRITE } mode = NONE;
static unsigned long fail_at, allocs, writes;
static int write_errno = ENOSPC;
static int started;

/* 1 when this allocation is the one to fail */
static int alloc_fails(void) {
  if (!started) return 0;
  allocs++;
  int fails = mode == ALLOC && allocs == fail_at;
  if (fails && getenv("DOSSIER_FAULT_TRACE")) { /* where: to debug a case */
    void *frames[32];
    started = 0;
    backtrace_symbols_fd(frames, backtrace(frames, 32), 2);
    started = 1;
  }
  return fails;
}

static int write_fails(void) {
  if (!started) return 0;
  writes++;
  return mode == WRITE && writes == fail_at;
}

void *__wrap_malloc(size_t n) {
  if (alloc_fails()) {
    errno = ENOMEM;
    return NULL;
  }
  return __real_malloc(n);
}

void *__wrap_calloc(size_t count, size_t n) {
  if (alloc_fails()) {
    errno = ENOMEM;
    return NULL;
  }
  return __real_calloc(count, n);
}

void *__wrap_realloc(void *p, size_t n) {
  if (alloc_fails()) {
    errno = ENOMEM;
    return NULL;
  }
  return __real_realloc(p, n);
}

char *__wrap_strdup(const char *s) {
  if (alloc_fails()) {
    errno = ENOMEM;
    return NULL;
  }
  return __real_strdup(s);
}

char *__wrap_strndup(const char *s, size_t n) {
  if (alloc_fails()) {
    errno = ENOMEM;
    return NULL;
  }
  return __real_strndup(s, n);
}

int __wrap_vasprintf(char **out, const char *fmt, va_list ap) {
  if (alloc_fails()) {
    errno = ENOMEM;
    return -1;
  }
  return __real_vasprintf(out, fmt, ap);
}

int __wrap_asprintf(char **out, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = __wrap_vasprintf(out, fmt, ap);
  va_end(ap);
  return n;
}

ssize_t __wrap_write(int fd, const void *data, size_t n) {
  if (fd > 2 && write_fails()) { /* (stdout and stderr are the report, not output) */
    errno = write_errno;
    return -1;
  }
  return __real_write(fd, data, n);
}

ssize_t __wrap_writev(int fd, const struct iovec *iov, int count) {
  if (fd > 2 && write_fails()) {
    errno = write_errno;
    return -1;
  }
  return __real_writev(fd, iov, count);
}

int __wrap_fsync(int fd) {
  if (write_fails()) {
    errno = write_errno;
    return -1;
  }
  return __real_fsync(fd);
}

int __wrap_fdatasync(int fd) {
  if (write_fails()) {
    errno = write_errno;
    return -1;
  }
  return __real_fdatasync(fd);
}

/* cJSON and libxml2 allocate through these (set below) */
static void *hook_malloc(size_t n) { return __wrap_malloc(n); }
static void hook_free(void *p) { free(p); }
static void *hook_realloc(void *p, size_t n) { return __wrap_realloc(p, n); }
static char *hook_strdup(const char *s) { return __wrap_strdup(s); }

static void report_counts(void) {
  const char *path = getenv("DOSSIER_FAULT_COUNT");
  if (!path) return;
  FILE *f = fopen(path, "a");
  if (!f) return;
  fprintf(f, "allocs %lu writes %lu\n", allocs, writes);
  fclose(f);
}

/* a batch worker ends with _exit: its counts are reported too */
void __wrap__exit(int status) {
  report_counts();
  __real__exit(status);
}

__attribute__((constructor)) static void fault_start(void) {
  const char *spec = getenv("DOSSIER_FAULT");
  char kind[16] = "", err[16] = "";
  if (spec && sscanf(spec, "%15[a-z]:%lu:%15[A-Z]", kind, &fail_at, err) >= 2) {
    if (strcmp(kind, "alloc") == 0) mode = ALLOC;
    if (strcmp(kind, "write") == 0) mode = WRITE;
    if (strcmp(err, "EIO") == 0) write_errno = EIO;
  }
  cJSON_Hooks hooks = {hook_malloc, hook_free};
  cJSON_InitHooks(&hooks);
  xmlMemSetup(hook_free, hook_malloc, hook_realloc, hook_strdup);
  atexit(report_counts);
  started = 1;
}
