/* atelier-library-keep.c — favourites and collection membership, written like any other change
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Atelier-Library"

#include "config.h"

#include "atelier-library-private.h"

/* A star or a collection is the user's work, kept in the job's record: it goes through the same
 * serialized, atomic save as a change of state, so a later state write cannot lose it. */

static void
on_kept (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!atelier_library_save_finish (ATELIER_LIBRARY (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not save a job's favourite or collections: %s", error->message);
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
  atelier_library_save_async (self, job, NULL, on_kept, NULL);
}

void
atelier_library_set_in_collection (AtelierLibrary *self,
                                   AtelierJob     *job,
                                   const char     *collection_id,
                                   gboolean        member)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) ids = NULL;
  const char * const *current;

  g_return_if_fail (ATELIER_IS_LIBRARY (self));
  g_return_if_fail (ATELIER_IS_JOB (job));
  g_return_if_fail (collection_id != NULL);

  if (atelier_job_is_in_collection (job, collection_id) == !!member)
    return;

  builder = g_strv_builder_new ();
  current = atelier_job_get_collections (job);
  for (guint i = 0; current != NULL && current[i] != NULL; i++)
    if (!g_str_equal (current[i], collection_id))
      g_strv_builder_add (builder, current[i]);
  if (member)
    g_strv_builder_add (builder, collection_id);
  ids = g_strv_builder_end (builder);

  _atelier_job_set_collections (job, (const char * const *) ids);
  atelier_library_save_async (self, job, NULL, on_kept, NULL);
}

guint
atelier_library_forget_collection (AtelierLibrary *self,
                                   const char     *collection_id)
{
  guint changed = 0;

  g_return_val_if_fail (ATELIER_IS_LIBRARY (self), 0);
  g_return_val_if_fail (collection_id != NULL, 0);

  /* By the rows: only the members' records are read. */
  for (guint i = 0; i < self->rows->len; i++)
    {
      LibraryRow *row = g_ptr_array_index (self->rows, i);
      g_autoptr(AtelierJob) job = NULL;

      if (row->collections == NULL || !g_strv_contains ((const char * const *) row->collections,
                                                        collection_id))
        continue;
      job = _atelier_library_row_get_job (self, row);
      atelier_library_set_in_collection (self, job, collection_id, FALSE);
      changed++;
    }
  return changed;
}
