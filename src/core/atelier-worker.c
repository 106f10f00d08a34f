/* atelier-worker.c — worker threads below the window's priority, for decoding and thumbnails
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* syscall () and SYS_gettid, for a thread's own priority. */
#define _GNU_SOURCE

#include "config.h"

#include "atelier-worker.h"

#ifdef __linux__
#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

/* Decoding photos and making thumbnails is CPU work that can take every core: 24 results
 * arriving on a 2-core machine kept both cores busy with thumbnails, and the window got about
 * half a core for its frames (perf: 51 ms of worker CPU in a 56 ms stall). These threads run
 * at a lower priority (10 nicer than the process, on Linux, where a thread has a priority of its
 * own), so the window's thread always has a core when it needs one, and they use what is left.
 *
 * They are pools of their own, one a kind of work, each of one thread per processor (at least
 * two): GTask's shared pool also writes the jobs' records, which must never wait behind a slow
 * decode (law 1), and its threads must not inherit the lower priority. At most one decode per
 * processor runs at a time in a pool; the rest wait in its queue, so eight 24 MP photos dropped
 * at once do not hold eight decoded photos. */

#define WORKER_NICE 10

typedef struct
{
  GTask           *task;
  GTaskThreadFunc  func;
} Work;

static GPrivate lowered;

static void
lower_priority (void)
{
#ifdef __linux__
  id_t tid = (id_t) syscall (SYS_gettid);
  int nice_now;

  if (g_private_get (&lowered) != NULL)
    return;
  g_private_set (&lowered, GINT_TO_POINTER (1));
  /* Relative to the process's own (a niced build stays niced), and best effort: a thread left at
   * the normal priority still does its work. */
  errno = 0;
  nice_now = getpriority (PRIO_PROCESS, tid);
  if (errno != 0 || setpriority (PRIO_PROCESS, tid, MIN (nice_now + WORKER_NICE, 19)) != 0)
    g_debug ("Could not lower a worker thread's priority: %s", g_strerror (errno));
#endif
}

static void
run_work (gpointer data,
          gpointer pool_data)
{
  Work *work = data;

  lower_priority ();
  work->func (work->task, g_task_get_source_object (work->task), g_task_get_task_data (work->task),
              g_task_get_cancellable (work->task));
  g_object_unref (work->task);
  g_free (work);
}

static GThreadPool *
get_pool (AtelierWorkerKind kind)
{
  static GThreadPool *pools[ATELIER_WORKER_N_KINDS];

  if (g_once_init_enter (&pools[kind]))
    {
      g_autoptr(GError) error = NULL;
      GThreadPool *created = g_thread_pool_new (run_work, NULL, MAX (2, g_get_num_processors ()),
                                                TRUE, &error);

      if (created == NULL)
        g_error ("Could not start the worker threads: %s", error->message);
      g_once_init_leave (&pools[kind], created);
    }
  return pools[kind];
}

/* Runs `func` for `task` in a worker thread of that kind of work, like g_task_run_in_thread () but
 * below the window's priority and in order of arrival; the task returns its result from there as
 * usual. */
void
atelier_worker_run_in_thread (AtelierWorkerKind  kind,
                              GTask             *task,
                              GTaskThreadFunc    func)
{
  Work *work;

  g_return_if_fail (kind < ATELIER_WORKER_N_KINDS);
  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (func != NULL);

  work = g_new0 (Work, 1);
  work->task = g_object_ref (task);
  work->func = func;
  g_thread_pool_push (get_pool (kind), work, NULL);
}
