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
 *   index.sqlite       a summary of every record, so starting does not open 100,000 files
 *
 * In memory the library is a row per job (LibraryRow: a few hundred bytes), not a job object:
 * a job exists while someone holds it — a visible cell, the detail view, the engine — and is read
 * back from its record when asked for again. Unfinished jobs are always held.
 *
 * The index is described in atelier-library-store.c, loading in atelier-library-index.c, the
 * writes in atelier-library-writes.c, filtered views in atelier-library-view.c. */

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AtelierLibrary, atelier_library, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum
{
  PROP_0,
  PROP_SCANNED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Jobs kept after nobody holds them: a few screens of the grid (GTK 4.8 binds ≈ 385 cells in a
 * 1200×800 window), about 3.5 KB each. */
#define RECENT_JOBS 1024

/* Rows */

void
_atelier_library_row_set_summary (LibraryRow       *row,
                 const JobSummary *summary)
{
  row->created_usec = summary->created_usec;
  row->state = summary->state;
  row->model_id = summary->model_id;
  g_free (row->prompt_key);
  row->prompt_key = g_strdup (summary->prompt_key);
  row->seed = summary->seed;
  row->favourite = summary->favourite;
  g_free (row->set_id);
  row->set_id = g_strdup (summary->set_id);
  g_strfreev (row->collections);
  row->collections = g_strdupv (summary->collections);
  g_strfreev (row->parents);
  row->parents = g_strdupv (summary->parents);
}

LibraryRow *
_atelier_library_row_new (JobSummary *summary)
{
  LibraryRow *row = g_new0 (LibraryRow, 1);

  /* The summary's strings are taken, not copied: at 100,000 rows that is most of a load. */
  row->id = g_steal_pointer (&summary->id);
  row->created_usec = summary->created_usec;
  row->state = summary->state;
  row->model_id = summary->model_id;
  row->prompt_key = g_steal_pointer (&summary->prompt_key);
  row->seed = summary->seed;
  row->favourite = summary->favourite;
  row->set_id = g_steal_pointer (&summary->set_id);
  row->collections = g_steal_pointer (&summary->collections);
  row->parents = g_steal_pointer (&summary->parents);
  g_weak_ref_init (&row->job, NULL);
  return row;
}

LibraryRow *
_atelier_library_row_new_for_job (AtelierJob *job)
{
  g_autoptr(JsonNode) node = atelier_job_to_json (job, NULL, NULL);
  JobSummary *summary = _atelier_library_summary_from_json (node, NULL);
  LibraryRow *row = _atelier_library_row_new (summary);

  _atelier_library_summary_free (summary);
  g_weak_ref_set (&row->job, job);
  return row;
}

void
_atelier_library_row_free (gpointer data)
{
  LibraryRow *row = data;

  g_free (row->id);
  g_free (row->prompt_key);
  g_free (row->set_id);
  g_strfreev (row->collections);
  g_strfreev (row->parents);
  g_weak_ref_clear (&row->job);
  g_clear_object (&row->held);
  g_free (row);
}

void
_atelier_library_row_hold (LibraryRow *row,
                           AtelierJob *job)
{
  gboolean hold = row->removed || !atelier_job_state_is_final (atelier_job_get_state (job));

  if (hold && row->held == NULL)
    row->held = g_object_ref (job);
  else if (!hold)
    g_clear_object (&row->held);
}

int
_atelier_library_row_compare (const LibraryRow *a,
                              const LibraryRow *b)
{
  if (a->created_usec != b->created_usec)
    return a->created_usec > b->created_usec ? -1 : 1;
  return -g_strcmp0 (a->id, b->id);
}

/* A record that cannot be read back (deleted or damaged behind our back) still has a tile. */
static AtelierJob *
job_for_missing_record (LibraryRow *row)
{
  g_autoptr(AtelierRecipe) recipe = atelier_recipe_new ();
  g_autoptr(GError) error = g_error_new_literal (ATELIER_ERROR, ATELIER_ERROR_STORAGE,
                                                 _("The record of this picture could not be read"));
  AtelierJob *job;

  if (row->model_id != NULL)
    atelier_recipe_set_model_id (recipe, row->model_id);
  job = atelier_job_new (recipe);
  _atelier_job_set_id (job, row->id, row->created_usec);
  _atelier_job_fail (job, ATELIER_JOB_FAILED, error, FALSE);
  return job;
}

/* Recently used jobs: a bounded LRU of strong refs beside the rows' weak refs, so the job a
 * row hands out stays the same object while it is cached, and nothing is read twice for a grid
 * that rebinds the same few hundred cells (GTK 4.8 rebinds every bound cell on a search). */

static void
remember_job (AtelierLibrary *self,
              AtelierJob     *job)
{
  GList *link = g_hash_table_lookup (self->recent_links, job);

  if (link != NULL)
    {
      g_queue_unlink (&self->recent, link);
      g_queue_push_head_link (&self->recent, link);
      return;
    }
  if (self->recent_max == 0)
    return;
  g_queue_push_head (&self->recent, g_object_ref (job));
  g_hash_table_insert (self->recent_links, job, self->recent.head);
  while (self->recent.length > self->recent_max)
    {
      AtelierJob *oldest = g_queue_pop_tail (&self->recent);

      g_hash_table_remove (self->recent_links, oldest);
      g_object_unref (oldest);
    }
}

static void
forget_job (AtelierLibrary *self,
            AtelierJob     *job)
{
  GList *link = g_hash_table_lookup (self->recent_links, job);

  if (link == NULL)
    return;
  g_hash_table_remove (self->recent_links, job);
  g_queue_delete_link (&self->recent, link);
  g_object_unref (job);
}

void
_atelier_library_forget_row_job (AtelierLibrary *self,
                                 LibraryRow     *row)
{
  g_autoptr(AtelierJob) job = g_weak_ref_get (&row->job);

  if (job != NULL)
    forget_job (self, job);
}

void
_atelier_library_set_recent_max (AtelierLibrary *self,
                                 guint           n_jobs)
{
  self->recent_max = n_jobs;
  while (self->recent.length > self->recent_max)
    forget_job (self, self->recent.tail->data);
}

AtelierJob *
_atelier_library_row_get_job (AtelierLibrary *self,
                              LibraryRow     *row)
{
  AtelierJob *job = g_weak_ref_get (&row->job);
  g_autoptr(GError) error = NULL;

  if (job != NULL)
    {
      remember_job (self, job);
      return job;
    }

  /* One small file, read where it is needed: a visible cell or an opened picture. */
  job = _atelier_library_read_record (self->jobs_path, row->id, NULL, NULL, &error);
  self->n_records_read++;
  if (job == NULL)
    {
      g_warning ("Could not read the library record of %s: %s", row->id, error->message);
      job = job_for_missing_record (row);
    }
  _atelier_library_resolve_image (self, job);
  g_weak_ref_set (&row->job, job);
  remember_job (self, job);
  return job;
}

guint
_atelier_library_get_n_records_read (AtelierLibrary *self)
{
  return self->n_records_read;
}

/* The model */

gboolean
_atelier_library_rows_find (GPtrArray  *rows,
                            LibraryRow *row,
                            guint      *position)
{
  guint low = 0, high = rows->len;

  /* Rows sorted newest first: a binary search by time, then id. */
  while (low < high)
    {
      guint mid = (low + high) / 2;
      LibraryRow *other = g_ptr_array_index (rows, mid);
      int cmp = _atelier_library_row_compare (other, row);

      if (cmp == 0)
        {
          *position = mid;
          return other == row;
        }
      if (cmp < 0)
        low = mid + 1;
      else
        high = mid;
    }
  *position = low;
  return FALSE;
}

gboolean
_atelier_library_row_position (AtelierLibrary *self,
                               LibraryRow     *row,
                               guint          *position)
{
  return _atelier_library_rows_find (self->rows, row, position);
}

void
_atelier_library_insert_row (AtelierLibrary *self,
                             LibraryRow     *row)
{
  guint position;

  _atelier_library_row_position (self, row, &position);
  g_ptr_array_insert (self->rows, position, row);
  for (GList *l = self->views; l != NULL; l = l->next)
    _atelier_library_view_row_inserted (l->data, row, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
}

void
_atelier_library_remove_row (AtelierLibrary *self,
                             LibraryRow     *row)
{
  guint position;

  if (!_atelier_library_row_position (self, row, &position))
    return;
  g_ptr_array_remove_index (self->rows, position);
  for (GList *l = self->views; l != NULL; l = l->next)
    _atelier_library_view_row_removed (l->data, row, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

/* A saved job's summary changed (state, favourite…): views re-check it. */
void
_atelier_library_row_update (AtelierLibrary   *self,
                             LibraryRow       *row,
                             const JobSummary *summary)
{
  gboolean moved = summary->created_usec != row->created_usec;

  if (moved && !row->removed)
    {
      _atelier_library_remove_row (self, row);
      _atelier_library_row_set_summary (row, summary);
      _atelier_library_insert_row (self, row);
      return;
    }
  _atelier_library_row_set_summary (row, summary);
  if (!row->removed)
    for (GList *l = self->views; l != NULL; l = l->next)
      _atelier_library_view_row_changed (l->data, row);
}

void
_atelier_library_replace_all (GListModel *model,
                              guint       old_n,
                              gboolean   *emptied)
{
  guint n = g_list_model_get_n_items (model);

  /* Two emissions, not one: when a replacement removes an item a list view tracks (focus,
   * selection), GTK looks for it among every added item — reading every job of the library.
   * Removing first and adding after leaves it nothing to look for. */
  if (old_n > 0)
    {
      /* Observers ask the model's size during the first: it must say empty then. */
      *emptied = TRUE;
      g_list_model_items_changed (model, 0, old_n, 0);
      *emptied = FALSE;
    }
  if (n > 0)
    g_list_model_items_changed (model, 0, 0, n);
}

static GType
atelier_library_get_item_type (GListModel *model)
{
  return ATELIER_TYPE_JOB;
}

static guint
atelier_library_get_n_items (GListModel *model)
{
  AtelierLibrary *self = ATELIER_LIBRARY (model);

  return self->emptied ? 0 : self->rows->len;
}

static gpointer
atelier_library_get_item (GListModel *model,
                          guint       position)
{
  AtelierLibrary *self = ATELIER_LIBRARY (model);

  if (self->emptied || position >= self->rows->len)
    return NULL;
  return _atelier_library_row_get_job (self, g_ptr_array_index (self->rows, position));
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
_atelier_library_count_files (GHashTable         *ref_counts,
                              const char * const *files,
                              int                 delta)
{
  for (guint i = 0; files != NULL && files[i] != NULL; i++)
    {
      const char *name = files[i];
      int count = GPOINTER_TO_INT (g_hash_table_lookup (ref_counts, name)) + delta;

      if (count > 0)
        g_hash_table_insert (ref_counts, g_strdup (name), GINT_TO_POINTER (count));
      else
        g_hash_table_remove (ref_counts, name);
    }
}

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
  g_ptr_array_add (all, NULL);

  _atelier_library_count_files (self->ref_counts, (const char * const *) all->pdata, delta);
}

/* GObject */

static void
atelier_library_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  AtelierLibrary *self = ATELIER_LIBRARY (object);

  switch (prop_id)
    {
    case PROP_SCANNED:
      g_value_set_boolean (value, self->scanned);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_library_dispose (GObject *object)
{
  AtelierLibrary *self = ATELIER_LIBRARY (object);

  g_cancellable_cancel (self->cancellable);
  _atelier_library_set_recent_max (self, 0);

  G_OBJECT_CLASS (atelier_library_parent_class)->dispose (object);
}

static void
atelier_library_finalize (GObject *object)
{
  AtelierLibrary *self = ATELIER_LIBRARY (object);

  g_assert (self->views == NULL);
  g_clear_object (&self->dir);
  g_free (self->path);
  g_free (self->jobs_path);
  g_free (self->images_path);
  g_free (self->refs_path);
  g_free (self->store_path);
  g_ptr_array_unref (self->rows);
  g_hash_table_unref (self->by_id);
  g_hash_table_unref (self->queues);
  g_hash_table_unref (self->ref_counts);
  g_hash_table_unref (self->touched);
  g_hash_table_unref (self->recent_links);
  g_clear_pointer (&self->store, _atelier_library_store_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (atelier_library_parent_class)->finalize (object);
}

static void
atelier_library_class_init (AtelierLibraryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = atelier_library_get_property;
  object_class->dispose = atelier_library_dispose;
  object_class->finalize = atelier_library_finalize;

  /* TRUE once every record was compared with the index (unfinished jobs only an older version
   * or a crash left out of the index are found then). */
  properties[PROP_SCANNED] =
    g_param_spec_boolean ("scanned", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
atelier_library_init (AtelierLibrary *self)
{
  /* The rows are owned by by_id; the model only orders them. */
  self->rows = g_ptr_array_new ();
  self->by_id = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, _atelier_library_row_free);
  self->queues = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        _atelier_library_write_queue_free);
  self->ref_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->touched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_queue_init (&self->recent);
  self->recent_links = g_hash_table_new (NULL, NULL);
  self->recent_max = RECENT_JOBS;
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
  self->store_path = g_build_filename (self->path, "index.sqlite", NULL);
  return self;
}

gboolean
atelier_library_get_scanned (AtelierLibrary *self)
{
  g_return_val_if_fail (ATELIER_IS_LIBRARY (self), FALSE);
  return self->scanned;
}

/* Removing */

void
atelier_library_remove (AtelierLibrary *self,
                        AtelierJob     *job)
{
  LibraryRow *row;

  g_return_if_fail (ATELIER_IS_LIBRARY (self));
  g_return_if_fail (ATELIER_IS_JOB (job));

  row = g_hash_table_lookup (self->by_id, atelier_job_get_id (job));
  if (row == NULL || row->removed)
    return;

  /* Held until the removal is committed or undone: Undo brings back this very job. */
  row->removed = TRUE;
  _atelier_library_row_hold (row, job);
  forget_job (self, job);
  _atelier_library_remove_row (self, row);
}

void
atelier_library_undo_remove (AtelierLibrary *self,
                             AtelierJob     *job)
{
  LibraryRow *row;

  g_return_if_fail (ATELIER_IS_LIBRARY (self));
  g_return_if_fail (ATELIER_IS_JOB (job));

  row = g_hash_table_lookup (self->by_id, atelier_job_get_id (job));
  if (row == NULL || !row->removed)
    return;

  row->removed = FALSE;
  _atelier_library_row_hold (row, job);
  _atelier_library_insert_row (self, row);
}

typedef struct
{
  GPtrArray    *paths;
  char         *id;
  LibraryStore *store;
} DeleteFiles;

static void
delete_files_free (gpointer data)
{
  DeleteFiles *delete = data;

  g_ptr_array_unref (delete->paths);
  g_free (delete->id);
  g_clear_pointer (&delete->store, _atelier_library_store_unref);
  g_free (delete);
}

static void
delete_files_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  DeleteFiles *delete = task_data;
  const char *ids[] = { delete->id, NULL };
  g_autoptr(GError) error = NULL;

  /* The record first: once it is gone the job is gone, whatever happens next. */
  for (guint i = 0; i < delete->paths->len; i++)
    {
      const char *path = g_ptr_array_index (delete->paths, i);

      if (g_unlink (path) != 0 && errno != ENOENT)
        g_warning ("Could not delete %s: %s", path, g_strerror (errno));
    }
  /* Then its line in the index; if that fails the next start's scan drops it. */
  if (delete->store != NULL && !_atelier_library_store_delete (delete->store, ids, 1, &error))
    g_warning ("Could not remove %s from the library index: %s", delete->id, error->message);
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
  delete->id = g_strdup (atelier_job_get_id (job));
  delete->store = self->store != NULL ? _atelier_library_store_ref (self->store) : NULL;
  g_ptr_array_add (delete->paths, _atelier_library_record_path (self->jobs_path, delete->id));
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
  LibraryRow *row;
  const char *id;

  g_return_if_fail (ATELIER_IS_LIBRARY (self));
  g_return_if_fail (ATELIER_IS_JOB (job));

  hold = g_object_ref (job);
  id = atelier_job_get_id (job);
  row = g_hash_table_lookup (self->by_id, id);
  if (row == NULL)
    return;

  if (!row->removed)
    _atelier_library_remove_row (self, row);
  _atelier_library_forget_row_job (self, row);
  g_hash_table_add (self->touched, g_strdup (id));
  g_hash_table_remove (self->by_id, id);   /* frees the row; `id` is the job's own string */

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
atelier_library_dup_job (AtelierLibrary *self,
                         const char     *job_id)
{
  LibraryRow *row;

  g_return_val_if_fail (ATELIER_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (job_id != NULL, NULL);

  row = g_hash_table_lookup (self->by_id, job_id);
  if (row == NULL || row->removed)
    return NULL;
  return _atelier_library_row_get_job (self, row);
}

gboolean
atelier_library_find (AtelierLibrary *self,
                      const char     *job_id,
                      guint          *position)
{
  LibraryRow *row;
  guint found;

  g_return_val_if_fail (ATELIER_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (job_id != NULL, FALSE);

  row = g_hash_table_lookup (self->by_id, job_id);
  if (row == NULL || row->removed || !_atelier_library_row_position (self, row, &found))
    return FALSE;
  if (position != NULL)
    *position = found;
  return TRUE;
}

GPtrArray *
atelier_library_dup_unfinished (AtelierLibrary *self)
{
  GPtrArray *jobs;

  g_return_val_if_fail (ATELIER_IS_LIBRARY (self), NULL);

  jobs = g_ptr_array_new_with_free_func (g_object_unref);
  /* Oldest first, so a queue keeps its order. */
  for (guint i = self->rows->len; i > 0; i--)
    {
      LibraryRow *row = g_ptr_array_index (self->rows, i - 1);

      if (row->held != NULL && !atelier_job_state_is_final (atelier_job_get_state (row->held)))
        g_ptr_array_add (jobs, g_object_ref (row->held));
    }
  return jobs;
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
