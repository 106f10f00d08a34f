/* atelier-library-lineage.c — a job's children and its variation set, found in the library
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "atelier-library-private.h"

/* Kept apart from the library's loading and index: these only read the model (and save one
 * record through the public call), so they do not depend on how the index is kept. */

GPtrArray *
atelier_library_find_children (AtelierLibrary *self,
                               const char     *job_id)
{
  GPtrArray *children = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (ATELIER_IS_LIBRARY (self), children);

  if (job_id == NULL)
    return children;
  /* By the rows: only the children's records are read. */
  for (guint i = 0; i < self->rows->len; i++)
    {
      LibraryRow *row = g_ptr_array_index (self->rows, i);

      if (row->parents != NULL && g_strv_contains ((const char * const *) row->parents, job_id))
        g_ptr_array_add (children, _atelier_library_row_get_job (self, row));
    }
  return children;
}

GPtrArray *
atelier_library_find_set (AtelierLibrary *self,
                          const char     *set_id)
{
  GPtrArray *jobs = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (ATELIER_IS_LIBRARY (self), jobs);

  if (set_id == NULL)
    return jobs;
  /* Oldest first: the rows are newest first. */
  for (guint i = self->rows->len; i > 0; i--)
    {
      LibraryRow *row = g_ptr_array_index (self->rows, i - 1);

      if (g_strcmp0 (row->set_id, set_id) == 0)
        g_ptr_array_add (jobs, _atelier_library_row_get_job (self, row));
    }
  return jobs;
}
