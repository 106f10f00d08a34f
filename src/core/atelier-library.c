/* atelier-library.c — every generation, on disk, as a GListModel of AtelierJob (newest first)
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Atelier-Library"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "atelier-error.h"
#include "atelier-library-private.h"

/* On disk, under the library folder:
 *   jobs/<id>.json     one record per job, the truth (compact JSON, one line)
 *   images/<id>.<ext>  the image bytes exactly as BFL sent them
 *   refs/<sha256>.<ext> the prepared references, stored once however many jobs share them
 *   index              a cache of every record, so loading does not open 10,000 files
 *
 * The index is described in atelier-library-index.c, the writes in atelier-library-writes.c. */

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AtelierLibrary, atelier_library, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

/* The model */

static guint
sorted_position (AtelierLibrary *self,
                 AtelierJob     *job)
{
  guint low = 0, high = self->jobs->len;

  while (low < high)
    {
      guint mid = (low + high) / 2;

      if (atelier_job_compare_newest_first (g_ptr_array_index (self->jobs, mid), job) < 0)
        low = mid + 1;
      else
        high = mid;
    }
  return low;
}

void
_atelier_library_insert_sorted (AtelierLibrary *self,
                                AtelierJob     *job)
{
  guint position = sorted_position (self, job);

  g_ptr_array_insert (self->jobs, position, g_object_ref (job));
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
}

static gboolean
find_position (AtelierLibrary *self,
               AtelierJob     *job,
               guint          *position)
{
  return g_ptr_array_find (self->jobs, job, position);
}

static GType
atelier_library_get_item_type (GListModel *model)
{
  return ATELIER_TYPE_JOB;
}

static guint
atelier_library_get_n_items (GListModel *model)
{
  return ATELIER_LIBRARY (model)->jobs->len;
}

static gpointer
atelier_library_get_item (GListModel *model,
                          guint       position)
{
  AtelierLibrary *self = ATELIER_LIBRARY (model);

  if (position >= self->jobs->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->jobs, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = atelier_library_get_item_type;
  iface->get_n_items = atelier_library_get_n_items;
  iface->get_item = atelier_library_get_item;
}

/* Reference bookkeeping: shared copies go only when no job names them. */

void
_atelier_library_count_refs (AtelierLibrary *self,
                             AtelierJob     *job,
                             int             delta)
{
  const char * const *names = atelier_job_get_ref_names (job);
  const char *mask = atelier_job_get_mask_name (job);
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    g_ptr_array_add (all, (gpointer) names[i]);
  if (mask != NULL)
    g_ptr_array_add (all, (gpointer) mask);

  for (guint i = 0; i < all->len; i++)
    {
      const char *name = g_ptr_array_index (all, i);
      int count = GPOINTER_TO_INT (g_hash_table_lookup (self->ref_counts, name)) + delta;

      if (count > 0)
        g_hash_table_insert (self->ref_counts, g_strdup (name), GINT_TO_POINTER (count));
      else
        g_hash_table_remove (self->ref_counts, name);
    }
}

/* GObject */

static void
atelier_library_dispose (GObject *object)
{
  AtelierLibrary *self = ATELIER_LIBRARY (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->index_timeout_id, g_source_remove);

  G_OBJECT_CLASS (atelier_library_parent_class)->dispose (object);
}

static void
atelier_library_finalize (GObject *object)
{
  AtelierLibrary *self = ATELIER_LIBRARY (object);

  g_clear_object (&self->dir);
  g_free (self->path);
  g_free (self->jobs_path);
  g_free (self->images_path);
  g_free (self->refs_path);
  g_free (self->index_path);
  g_ptr_array_unref (self->jobs);
  g_hash_table_unref (self->by_id);
  g_hash_table_unref (self->removed);
  g_hash_table_unref (self->entries);
  g_hash_table_unref (self->queues);
  g_hash_table_unref (self->ref_counts);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (atelier_library_parent_class)->finalize (object);
}

static void
atelier_library_class_init (AtelierLibraryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = atelier_library_dispose;
  object_class->finalize = atelier_library_finalize;
}

static void
atelier_library_init (AtelierLibrary *self)
{
  self->jobs = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->removed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         _atelier_library_index_entry_free);
  self->queues = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        _atelier_library_write_queue_free);
  self->ref_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
}

AtelierLibrary *
atelier_library_new (GFile *dir)
{
  AtelierLibrary *self = g_object_new (ATELIER_TYPE_LIBRARY, NULL);

  if (dir != NULL)
    self->dir = g_object_ref (dir);
  else
    self->dir = g_file_new_build_filename (g_get_user_data_dir (), "atelier", NULL);

  self->path = g_file_get_path (self->dir);
  if (self->path == NULL)
    {
      /* The library must be on a local filesystem: rename is what makes writes atomic. */
      g_critical ("The library folder must be a local path");
      self->path = g_build_filename (g_get_user_data_dir (), "atelier", NULL);
    }
  self->jobs_path = g_build_filename (self->path, "jobs", NULL);
  self->images_path = g_build_filename (self->path, "images", NULL);
  self->refs_path = g_build_filename (self->path, "refs", NULL);
  self->index_path = g_build_filename (self->path, "index", NULL);
  return self;
}

/* Removing */

void
atelier_library_remove (AtelierLibrary *self,
                        AtelierJob     *job)
{
  guint position;

  g_return_if_fail (ATELIER_IS_LIBRARY (self));
  g_return_if_fail (ATELIER_IS_JOB (job));

  if (!find_position (self, job, &position))
    return;

  g_hash_table_insert (self->removed, g_strdup (atelier_job_get_id (job)), g_object_ref (job));
  g_ptr_array_remove_index (self->jobs, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

void
atelier_library_undo_remove (AtelierLibrary *self,
                             AtelierJob     *job)
{
  g_return_if_fail (ATELIER_IS_LIBRARY (self));
  g_return_if_fail (ATELIER_IS_JOB (job));

  if (!g_hash_table_contains (self->removed, atelier_job_get_id (job)))
    return;

  _atelier_library_insert_sorted (self, job);
  g_hash_table_remove (self->removed, atelier_job_get_id (job));
}

typedef struct
{
  GPtrArray *paths;
} DeleteFiles;

static void
delete_files_free (gpointer data)
{
  DeleteFiles *delete = data;

  g_ptr_array_unref (delete->paths);
  g_free (delete);
}

static void
delete_files_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  DeleteFiles *delete = task_data;

  /* The record first: once it is gone the job is gone, whatever happens next. */
  for (guint i = 0; i < delete->paths->len; i++)
    {
      const char *path = g_ptr_array_index (delete->paths, i);

      if (g_unlink (path) != 0 && errno != ENOENT)
        g_warning ("Could not delete %s: %s", path, g_strerror (errno));
    }
  g_task_return_boolean (task, TRUE);
}

void
_atelier_library_delete_job_files (AtelierLibrary *self,
                                   AtelierJob     *job)
{
  g_autoptr(GTask) task = NULL;
  DeleteFiles *delete;
  const char * const *names = atelier_job_get_ref_names (job);
  const char *mask = atelier_job_get_mask_name (job);
  GFile *image = atelier_job_get_image_file (job);

  delete = g_new0 (DeleteFiles, 1);
  delete->paths = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (delete->paths,
                   _atelier_library_record_path (self->jobs_path, atelier_job_get_id (job)));
  if (image != NULL)
    g_ptr_array_add (delete->paths, g_file_get_path (image));

  _atelier_library_count_refs (self, job, -1);
  /* A damaged record may name references too: keep them all then. */
  if (self->n_skipped == 0)
    {
      for (guint i = 0; names != NULL && names[i] != NULL; i++)
        if (!g_hash_table_contains (self->ref_counts, names[i]))
          g_ptr_array_add (delete->paths, g_build_filename (self->refs_path, names[i], NULL));
      if (mask != NULL && !g_hash_table_contains (self->ref_counts, mask))
        g_ptr_array_add (delete->paths, g_build_filename (self->refs_path, mask, NULL));
    }

  g_hash_table_remove (self->entries, atelier_job_get_id (job));
  _atelier_library_schedule_index_write (self);

  task = g_task_new (self, NULL, NULL, NULL);
  g_task_set_source_tag (task, _atelier_library_delete_job_files);
  g_task_set_task_data (task, delete, delete_files_free);
  g_task_run_in_thread (task, delete_files_thread);
}

void
atelier_library_commit_remove (AtelierLibrary *self,
                               AtelierJob     *job)
{
  g_autoptr(AtelierJob) hold = NULL;
  WriteQueue *queue;
  const char *id;

  g_return_if_fail (ATELIER_IS_LIBRARY (self));
  g_return_if_fail (ATELIER_IS_JOB (job));

  hold = g_object_ref (job);
  id = atelier_job_get_id (job);
  if (g_hash_table_lookup (self->by_id, id) != job)
    return;

  atelier_library_remove (self, job);
  g_hash_table_remove (self->removed, id);
  g_hash_table_remove (self->by_id, id);

  queue = g_hash_table_lookup (self->queues, id);
  if (queue != NULL && (queue->writing || queue->blocked))
    {
      /* A write in flight would bring the record back: delete after it. */
      queue->delete_requested = TRUE;
      queue->dirty = FALSE;
      return;
    }
  if (queue != NULL)
    {
      _atelier_library_complete_tasks (queue->waiting_tasks, NULL);
      g_hash_table_remove (self->queues, id);
    }
  _atelier_library_delete_job_files (self, job);
}

AtelierJob *
atelier_library_lookup (AtelierLibrary *self,
                        const char     *job_id)
{
  g_return_val_if_fail (ATELIER_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (job_id != NULL, NULL);

  if (g_hash_table_contains (self->removed, job_id))
    return NULL;
  return g_hash_table_lookup (self->by_id, job_id);
}

/* Reuse settings: the recipe with its references loaded from the library's copies. */

typedef struct
{
  AtelierRecipe *recipe;     /* a copy, owned by the task until returned */
  char          *refs_path;
  GStrv          ref_names;
  char          *mask_name;
} RecipeLoad;

static void
recipe_load_free (gpointer data)
{
  RecipeLoad *load = data;

  g_clear_object (&load->recipe);
  g_free (load->refs_path);
  g_strfreev (load->ref_names);
  g_free (load->mask_name);
  g_free (load);
}

static AtelierReference *
load_reference (const char  *refs_path,
                const char  *name,
                GError     **error)
{
  g_autofree char *path = g_build_filename (refs_path, name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize length;

  if (strchr (name, '/') != NULL || name[0] == '.' ||
      !g_file_get_contents (path, &contents, &length, NULL))
    {
      g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE,
                   _("A reference image of this generation is missing from the library"));
      return NULL;
    }
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  return atelier_reference_new_prepared (bytes, name, error);
}

static void
recipe_load_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  RecipeLoad *load = task_data;
  g_autoptr(GPtrArray) refs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(AtelierReference) mask = NULL;
  GError *error = NULL;

  for (guint i = 0; load->ref_names != NULL && load->ref_names[i] != NULL; i++)
    {
      AtelierReference *ref = load_reference (load->refs_path, load->ref_names[i], &error);

      if (ref == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      g_ptr_array_add (refs, ref);
    }
  if (load->mask_name != NULL)
    {
      mask = load_reference (load->refs_path, load->mask_name, &error);
      if (mask == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }

  atelier_recipe_set_references (load->recipe, (AtelierReference * const *) refs->pdata,
                                 refs->len);
  atelier_recipe_set_mask (load->recipe, mask);
  g_task_return_pointer (task, g_steal_pointer (&load->recipe), g_object_unref);
}

void
atelier_library_load_recipe_async (AtelierLibrary      *self,
                                   AtelierJob          *job,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AtelierRecipe *recipe;
  RecipeLoad *load;

  g_return_if_fail (ATELIER_IS_LIBRARY (self));
  g_return_if_fail (ATELIER_IS_JOB (job));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, atelier_library_load_recipe_async);

  recipe = atelier_job_get_recipe (job);
  load = g_new0 (RecipeLoad, 1);
  load->recipe = atelier_recipe_copy (recipe);
  load->refs_path = g_strdup (self->refs_path);
  load->ref_names = g_strdupv ((char **) atelier_job_get_ref_names (job));
  load->mask_name = g_strdup (atelier_job_get_mask_name (job));
  g_task_set_task_data (task, load, recipe_load_free);

  /* A job made in this session still holds its references: no need to read them back. */
  if (atelier_recipe_get_n_references (recipe) > 0 || atelier_recipe_get_mask (recipe) != NULL ||
      (load->ref_names == NULL && load->mask_name == NULL))
    {
      g_task_return_pointer (task, g_steal_pointer (&load->recipe), g_object_unref);
      return;
    }

  g_task_run_in_thread (task, recipe_load_thread);
}

AtelierRecipe *
atelier_library_load_recipe_finish (AtelierLibrary  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
