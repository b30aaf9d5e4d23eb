/* cleanup.c: the temporaries a signal must not leave behind (cleanup.h). */
#include "base/cleanup.h"

#include <errno.h>
#include <limits.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "the signal handler needs lock-free atomic ints");

enum { SLOT_FREE, SLOT_FILLING, SLOT_ARMED };

/* A slot is claimed (FREE -> FILLING), written, then armed; the handler reads
 * armed slots only, so it never sees half a path. */
typedef struct {
  atomic_int state;
  pid_t owner; /* the process that registered it */
  dossier_cleanup_kind kind;
  char path[PATH_MAX];
} cleanup_slot;

static cleanup_slot slots[DOSSIER_CLEANUP_SLOTS];

int dossier_cleanup_register(const char *path, dossier_cleanup_kind kind) {
  size_t n = strlen(path);
  if (n >= PATH_MAX) return -1;
  for (int i = 0; i < DOSSIER_CLEANUP_SLOTS; i++) {
    int expected = SLOT_FREE;
    if (!atomic_compare_exchange_strong(&slots[i].state, &expected, SLOT_FILLING)) continue;
    memcpy(slots[i].path, path, n + 1);
    slots[i].kind = kind;
    slots[i].owner = getpid();
    atomic_store(&slots[i].state, SLOT_ARMED);
    return i;
  }
  return -1;
}

void dossier_cleanup_unregister(int handle) {
  if (handle < 0 || handle >= DOSSIER_CLEANUP_SLOTS) return;
  atomic_store(&slots[handle].state, SLOT_FREE);
}

/* The signals the handler may be installed for, blocked while it runs and
 * by dossier_cleanup_defer. */
static void cleanup_signals(sigset_t *set) {
  sigemptyset(set);
  sigaddset(set, SIGINT);
  sigaddset(set, SIGTERM);
  sigaddset(set, SIGHUP);
  sigaddset(set, SIGPIPE);
}

void dossier_cleanup_defer(sigset_t *saved) {
  sigset_t set;
  cleanup_signals(&set);
  sigprocmask(SIG_BLOCK, &set, saved);
}

void dossier_cleanup_resume(const sigset_t *saved) { sigprocmask(SIG_SETMASK, saved, NULL); }

static int armed_here(const cleanup_slot *s, pid_t self, dossier_cleanup_kind kind) {
  return atomic_load(&s->state) == SLOT_ARMED && s->owner == self && s->kind == kind;
}

/* Async-signal-safe. Files go first, then folders. A helper process (gnuplot)
 * may create a registered file in a registered folder after its unlink and
 * before the folder's rmdir; once the folder is gone nothing can be created
 * in it, so a few rounds settle it. */
static void remove_registered(void) {
  pid_t self = getpid();
  for (int round = 0; round < 3; round++) {
    for (int i = 0; i < DOSSIER_CLEANUP_SLOTS; i++)
      if (armed_here(&slots[i], self, DOSSIER_CLEANUP_FILE)) unlink(slots[i].path);
    int left = 0;
    for (int i = 0; i < DOSSIER_CLEANUP_SLOTS; i++)
      if (armed_here(&slots[i], self, DOSSIER_CLEANUP_FOLDER) && rmdir(slots[i].path) != 0 &&
          (errno == ENOTEMPTY || errno == EEXIST))
        left = 1;
    if (!left) return;
  }
}

static void on_signal(int signo) {
  remove_registered();
  struct sigaction dfl;
  memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  sigaction(signo, &dfl, NULL);
  sigset_t only;
  sigemptyset(&only);
  sigaddset(&only, signo);
  sigprocmask(SIG_UNBLOCK, &only, NULL);
  raise(signo); /* the default action ends the process here */
  _exit(128 + signo);
}

int dossier_cleanup_catch(int signo) {
  struct sigaction old, sa;
  if (sigaction(signo, NULL, &old) != 0) return -1;
  if (!(old.sa_flags & SA_SIGINFO) && old.sa_handler == SIG_IGN) return 0;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  cleanup_signals(&sa.sa_mask); /* a second signal waits: the first one's removal ends us */
  return sigaction(signo, &sa, NULL);
}

int dossier_cleanup_install(void) {
  static const int signals[] = {SIGINT, SIGTERM, SIGHUP};
  for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++)
    if (dossier_cleanup_catch(signals[i]) != 0) return -1;
  return 0;
}
