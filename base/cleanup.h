/* cleanup.h: what a process must remove when a signal ends it — the
 * temporaries it made and has not yet renamed or removed itself: a PDF's
 * temporary (base/atomic.h), the chart engine's folder and its files
 * (render/chart/engine.c), the private folders of a batch run.
 *
 * Code that makes such a path registers it while it exists and unregisters it
 * once it has renamed or removed it. The handler, installed by the program
 * (cli/main.c) for SIGINT, SIGTERM and SIGHUP, removes what this process has
 * registered — files first, then folders (which must be empty by then) — and
 * raises the signal again with its default action, so the process still ends
 * "killed by signal N" for its shell or its batch. It only ever removes
 * registered paths; what a process inherited through fork() is its parent's
 * and is never removed by the child.
 *
 * The registry is a fixed table (no allocation: the handler may run at any
 * moment), safe to use from several threads; the handler itself expects no
 * other thread to be unregistering at the same instant (the program has one
 * thread). SIGKILL cannot be caught: what a killed process leaves is for
 * whoever notices its death (a batch removes its workers' leftovers). */
#ifndef DOSSIER_BASE_CLEANUP_H
#define DOSSIER_BASE_CLEANUP_H

#include <signal.h>

typedef enum {
  DOSSIER_CLEANUP_FILE,   /* unlinked */
  DOSSIER_CLEANUP_FOLDER, /* rmdir'ed after every registered file */
} dossier_cleanup_kind;

/* How many paths may be registered at once (the program needs a handful). */
#define DOSSIER_CLEANUP_SLOTS 32

/* Registers `path` (copied; it need not exist yet) for removal by the
 * handler. Returns a handle (>= 0) for dossier_cleanup_unregister, or -1 when
 * the path is longer than PATH_MAX or the table is full: the path is then not
 * protected, and nothing else changes. Register a file you are about to
 * create between dossier_cleanup_defer and _resume, so that no signal falls
 * between its creation and its registration. */
int dossier_cleanup_register(const char *path, dossier_cleanup_kind kind);

/* Forgets entry `handle` (-1 is a no-op) without removing anything: call it
 * once the path has been renamed away or removed. In a child of fork() it
 * frees the child's copy of an entry of the parent's. */
void dossier_cleanup_unregister(int handle);

/* Blocks SIGINT, SIGTERM, SIGHUP and SIGPIPE until dossier_cleanup_resume
 * restores the mask saved in *saved; a signal arriving meanwhile is
 * delivered then. For the few instructions between creating a temporary and
 * registering it. */
void dossier_cleanup_defer(sigset_t *saved);
void dossier_cleanup_resume(const sigset_t *saved);

/* Installs the handler for SIGINT, SIGTERM and SIGHUP, each unless the
 * process ignores it (under nohup, or a background job of a shell without job
 * control, which ignores SIGINT: it keeps ignoring it). Returns 0, or -1 with
 * errno when sigaction failed. */
int dossier_cleanup_install(void);

/* The same for one signal `signo` whose default action ends the process (a
 * batch worker adds SIGPIPE: its parent is gone). Returns 0 (also when the
 * signal is ignored, and then left so), or -1 with errno. */
int dossier_cleanup_catch(int signo);

#endif
