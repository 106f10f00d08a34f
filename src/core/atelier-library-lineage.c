/* atelier-library-lineage.c — a job's children and its variation set, found in the library
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "atelier-job-private.h"
#include "atelier-library.h"

/* Kept apart from the library's loading and index: these only read the model (and save one
 * record through the public call), so they do not depend on how the index is kept. */

GPtrArray *
atelier_library_find_children (AtelierLibrary *self,
                               const char     *job_id)
{
  GPtrArray *children = g_ptr_array_new_with_free_func (g_object_unref);
  guint n;

  g_return_val_if_fail (ATELIER_IS_LIBRARY (self), children);

  if (job_id == NULL)
    return children;
  n = g_list_model_get_n_items (G_LIST_MODEL (self));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AtelierJob) job = g_list_model_get_item (G_LIST_MODEL (self), i);

      if (atelier_job_has_parent (job, job_id))
        g_ptr_array_add (children, g_steal_pointer (&job));
    }
  return children;
}

static int
compare_oldest_first (gconstpointer a,
                      gconstpointer b)
{
  return atelier_job_compare_newest_first (*(AtelierJob **) b, *(AtelierJob **) a);
}

GPtrArray *
atelier_library_find_set (AtelierLibrary *self,
                          const char     *set_id)
{
  GPtrArray *jobs = g_ptr_array_new_with_free_func (g_object_unref);
  guint n;

  g_return_val_if_fail (ATELIER_IS_LIBRARY (self), jobs);

  if (set_id == NULL)
    return jobs;
  n = g_list_model_get_n_items (G_LIST_MODEL (self));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AtelierJob) job = g_list_model_get_item (G_LIST_MODEL (self), i);

      if (g_strcmp0 (atelier_job_get_set_id (job), set_id) == 0)
        g_ptr_array_add (jobs, g_steal_pointer (&job));
    }
  g_ptr_array_sort (jobs, compare_oldest_first);
  return jobs;
}

void
atelier_library_set_favourite (AtelierLibrary *self,
                               AtelierJob     *job,
                               gboolean        favourite)
{
  g_return_if_fail (ATELIER_IS_LIBRARY (self));
  g_return_if_fail (ATELIER_IS_JOB (job));

  if (atelier_job_get_favourite (job) == !!favourite)
    return;
  _atelier_job_set_favourite (job, favourite);
  atelier_library_save_async (self, job, NULL, NULL, NULL);
}
