/* atelier-library-writes.c — records, references and images written atomically and durably
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Atelier-Library"

/* fsync of a folder (O_DIRECTORY) and nanosecond mtimes (st_mtim) */
#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "atelier-error.h"
#include "atelier-image-metadata.h"
#include "atelier-library-private.h"

/* Every write replaces a file atomically (a temporary file, fsync, rename) in a worker thread.
 * Writes of one job are serialized, and each serializes the job's state when it starts, so the
 * last state always wins. */

typedef struct _RecordWrite RecordWrite;

static void start_write (AtelierLibrary *self,
                         WriteQueue     *queue,
                         RecordWrite    *write);

/* Disk helpers, for worker threads */

static void
sync_folder (const char *folder)
{
  int fd = open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

gboolean
_atelier_library_stat_record (const char *path,
                              RecordStat *out)
{
  struct stat st;

  if (stat (path, &st) != 0)
    return FALSE;
  out->ino = st.st_ino;
  out->mtime_ns = (gint64) st.st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st.st_mtim.tv_nsec;
  out->size = st.st_size;
  return TRUE;
}

/* Replaces `path` atomically and durably: a temporary file, fsync, rename, fsync of the folder. */
gboolean
_atelier_library_write_file_atomically (const char  *path,
                                        const void  *data,
                                        gsize        length,
                                        gboolean     durable,
                                        GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GFileSetContentsFlags flags = G_FILE_SET_CONTENTS_CONSISTENT;

  if (durable)
    flags |= G_FILE_SET_CONTENTS_DURABLE;

  if (!g_file_set_contents_full (path, data, length, flags, 0600, &local_error))
    {
      g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_STORAGE,
                   _("Could not save to the library: %s"), local_error->message);
      return FALSE;
    }
  if (durable)
    {
      g_autofree char *folder = g_path_get_dirname (path);
      sync_folder (folder);
    }
  return TRUE;
}

char *
_atelier_library_record_path (const char *jobs_path,
                              const char *id)
{
  g_autofree char *name = g_strconcat (id, ".json", NULL);

  return g_build_filename (jobs_path, name, NULL);
}

/* Write queues */

void
_atelier_library_write_queue_free (gpointer data)
{
  WriteQueue *queue = data;

  g_assert (queue->inflight_tasks->len == 0);
  g_clear_object (&queue->job);
  g_ptr_array_unref (queue->waiting_tasks);
  g_ptr_array_unref (queue->inflight_tasks);
  g_free (queue);
}

static WriteQueue *
ensure_queue (AtelierLibrary *self,
              AtelierJob     *job)
{
  WriteQueue *queue = g_hash_table_lookup (self->queues, atelier_job_get_id (job));

  if (queue == NULL)
    {
      queue = g_new0 (WriteQueue, 1);
      queue->job = g_object_ref (job);
      queue->waiting_tasks = g_ptr_array_new_with_free_func (g_object_unref);
      queue->inflight_tasks = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (self->queues, g_strdup (atelier_job_get_id (job)), queue);
    }
  return queue;
}

/* Writing records */

struct _RecordWrite
{
  char         *path;
  JsonNode     *node;      /* the job as it is now; the text is made from it when the write starts */
  char         *text;
  RecordStat    stat;
  JobSummary   *summary;   /* its line in the index, written after the record */
  LibraryStore *store;
};

static void
record_write_free (gpointer data)
{
  RecordWrite *write = data;

  g_free (write->path);
  g_clear_pointer (&write->node, json_node_unref);
  g_free (write->text);
  _atelier_library_summary_free (write->summary);
  g_clear_pointer (&write->store, _atelier_library_store_unref);
  g_free (write);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RecordWrite, record_write_free)

/* The job serialized once per save: the row's update and the record's write share it. */
static RecordWrite *
record_write_new (AtelierLibrary *self,
                  AtelierJob     *job)
{
  RecordWrite *write = g_new0 (RecordWrite, 1);

  write->path = _atelier_library_record_path (self->jobs_path, atelier_job_get_id (job));
  write->node = atelier_job_to_json (job, NULL, NULL);
  write->summary = _atelier_library_summary_from_json (write->node, NULL);
  return write;
}

static void
record_write_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  RecordWrite *write = task_data;
  g_autofree char *line = g_strconcat (write->text, "\n", NULL);
  g_autofree char *folder = g_path_get_dirname (write->path);
  GError *error = NULL;

  if (g_mkdir_with_parents (folder, 0700) != 0 ||
      !_atelier_library_write_file_atomically (write->path, line, strlen (line), TRUE, &error) ||
      !_atelier_library_stat_record (write->path, &write->stat))
    {
      if (error == NULL)
        g_set_error (&error, ATELIER_ERROR, ATELIER_ERROR_STORAGE,
                     _("Could not save to the library: %s"), g_strerror (errno));
      g_task_return_error (task, error);
      return;
    }

  /* The index only after the record: a crash in between leaves the record newer, which the next
   * start's scan reads. A failure here costs that scan time, never the job. */
  if (write->store != NULL && write->summary != NULL)
    {
      write->summary->stat = write->stat;
      if (!_atelier_library_store_put (write->store, &write->summary, 1, &error))
        {
          g_warning ("Could not update the library index: %s", error->message);
          g_clear_error (&error);
        }
    }
  g_task_return_boolean (task, TRUE);
}

void
_atelier_library_complete_tasks (GPtrArray    *tasks,
                                 const GError *error)
{
  g_autoptr(GPtrArray) done = g_ptr_array_new_with_free_func (g_object_unref);

  /* Callbacks may queue more writes: work on a copy. */
  for (guint i = 0; i < tasks->len; i++)
    g_ptr_array_add (done, g_object_ref (g_ptr_array_index (tasks, i)));
  g_ptr_array_set_size (tasks, 0);
  for (guint i = 0; i < done->len; i++)
    {
      GTask *task = g_ptr_array_index (done, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
}

static void
on_record_written (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  AtelierLibrary *self = ATELIER_LIBRARY (source);
  g_autofree char *id = user_data;
  WriteQueue *queue = g_hash_table_lookup (self->queues, id);
  g_autoptr(GError) error = NULL;

  g_assert (queue != NULL && queue->writing);
  queue->writing = FALSE;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      LibraryRow *row = g_hash_table_lookup (self->by_id, id);

      /* On disk in a final state: nobody needs to hold it any more. */
      if (row != NULL)
        _atelier_library_row_hold (row, queue->job);
    }
  else
    {
      g_warning ("Could not save job %s: %s", id, error->message);
    }

  _atelier_library_complete_tasks (queue->inflight_tasks, error);

  /* _atelier_library_complete_tasks may have run callbacks that queued more writes. */
  queue = g_hash_table_lookup (self->queues, id);
  if (queue == NULL || queue->writing)
    return;
  if (queue->delete_requested)
    {
      g_autoptr(AtelierJob) job = g_object_ref (queue->job);

      _atelier_library_complete_tasks (queue->waiting_tasks, NULL);
      g_hash_table_remove (self->queues, id);
      _atelier_library_delete_job_files (self, job);
    }
  else if (queue->dirty)
    {
      start_write (self, queue, NULL);
    }
  else
    {
      g_hash_table_remove (self->queues, id);
    }
}

/* `write`: the job's state taken just now by the caller, or NULL to take it here. */
static void
start_write (AtelierLibrary *self,
             WriteQueue     *queue,
             RecordWrite    *write)
{
  g_autoptr(GTask) task = NULL;
  GPtrArray *swap;

  g_assert (!queue->writing && !queue->blocked);

  /* The state is taken now, so a write started later always carries a later state. */
  if (write == NULL)
    write = record_write_new (self, queue->job);
  write->text = json_to_string (write->node, FALSE);
  g_clear_pointer (&write->node, json_node_unref);
  write->store = self->store != NULL ? _atelier_library_store_ref (self->store) : NULL;

  g_hash_table_add (self->touched, g_strdup (atelier_job_get_id (queue->job)));

  queue->writing = TRUE;
  queue->dirty = FALSE;
  swap = queue->inflight_tasks;
  queue->inflight_tasks = queue->waiting_tasks;
  queue->waiting_tasks = swap;

  task = g_task_new (self, NULL, on_record_written, g_strdup (atelier_job_get_id (queue->job)));
  g_task_set_source_tag (task, start_write);
  g_task_set_task_data (task, write, record_write_free);
  g_task_run_in_thread (task, record_write_thread);
}

static void
queue_write (AtelierLibrary *self,
             AtelierJob     *job,
             GTask          *task)
{
  WriteQueue *queue = ensure_queue (self, job);
  LibraryRow *row = g_hash_table_lookup (self->by_id, atelier_job_get_id (job));
  g_autoptr(RecordWrite) write = record_write_new (self, job);

  /* Views see the change now (a star, a state), not after the disk or a write in flight. */
  if (row != NULL && write->summary != NULL)
    _atelier_library_row_update (self, row, write->summary);

  if (task != NULL)
    g_ptr_array_add (queue->waiting_tasks, g_object_ref (task));
  queue->dirty = TRUE;
  /* Otherwise the write after the one in flight (or after the references) takes a newer state. */
  if (!queue->writing && !queue->blocked)
    start_write (self, queue, g_steal_pointer (&write));
}

/* Adding */

typedef struct
{
  char      *refs_path;
  GPtrArray *bytes;      /* GBytes of each reference, then the mask's */
  GPtrArray *extensions; /* char * */
  GStrv      names;      /* out */
} RefsWrite;

static void
refs_write_free (gpointer data)
{
  RefsWrite *write = data;

  g_free (write->refs_path);
  g_ptr_array_unref (write->bytes);
  g_ptr_array_unref (write->extensions);
  g_strfreev (write->names);
  g_free (write);
}

static void
refs_write_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  RefsWrite *write = task_data;
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();

  if (g_mkdir_with_parents (write->refs_path, 0700) != 0)
    {
      g_task_return_new_error (task, ATELIER_ERROR, ATELIER_ERROR_STORAGE,
                               _("Could not create the library folder “%s”: %s"),
                               write->refs_path, g_strerror (errno));
      return;
    }

  for (guint i = 0; i < write->bytes->len; i++)
    {
      GBytes *bytes = g_ptr_array_index (write->bytes, i);
      const char *extension = g_ptr_array_index (write->extensions, i);
      g_autofree char *hash = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
      g_autofree char *name = g_strconcat (hash, ".", extension, NULL);
      g_autofree char *path = g_build_filename (write->refs_path, name, NULL);
      GError *error = NULL;

      /* Named by content: a file of that name already holds these very bytes. */
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          gsize size;
          const void *data = g_bytes_get_data (bytes, &size);

          if (!_atelier_library_write_file_atomically (path, data, size, TRUE, &error))
            {
              g_task_return_error (task, error);
              return;
            }
        }
      g_strv_builder_add (names, name);
    }

  write->names = g_strv_builder_end (names);
  g_task_return_boolean (task, TRUE);
}

static void
on_refs_written (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  AtelierLibrary *self = ATELIER_LIBRARY (source);
  g_autoptr(GTask) task = user_data;
  AtelierJob *job = g_task_get_task_data (task);
  RefsWrite *write = g_task_get_task_data (G_TASK (result));
  WriteQueue *queue = g_hash_table_lookup (self->queues, atelier_job_get_id (job));
  g_autoptr(GError) error = NULL;

  g_assert (queue != NULL && queue->blocked);
  queue->blocked = FALSE;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* Without its references the job cannot be repeated, but it can still be saved and
       * run: losing the record would be worse. */
      g_warning ("Could not store the references of job %s: %s",
                 atelier_job_get_id (job), error->message);
    }
  else
    {
      AtelierRecipe *recipe = atelier_job_get_recipe (job);
      guint n_refs = atelier_recipe_get_n_references (recipe);
      g_autoptr(GStrvBuilder) ref_names = g_strv_builder_new ();
      g_auto(GStrv) names = NULL;
      const char *mask_name = NULL;

      for (guint i = 0; i < n_refs; i++)
        g_strv_builder_add (ref_names, write->names[i]);
      if (atelier_recipe_get_mask (recipe) != NULL)
        mask_name = write->names[n_refs];
      names = g_strv_builder_end (ref_names);

      _atelier_library_count_refs (self, job, -1);
      _atelier_job_set_ref_names (job, (const char * const *) names, mask_name);
      _atelier_library_count_refs (self, job, +1);
    }

  queue_write (self, job, task);
}

void
atelier_library_add_async (AtelierLibrary      *self,
                           AtelierJob          *job,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) refs_task = NULL;
  AtelierRecipe *recipe;
  AtelierReference *mask;
  RefsWrite *write;
  WriteQueue *queue;
  LibraryRow *row;
  const char *id;

  g_return_if_fail (ATELIER_IS_LIBRARY (self));
  g_return_if_fail (ATELIER_IS_JOB (job));

  id = atelier_job_get_id (job);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, atelier_library_add_async);
  g_task_set_task_data (task, g_object_ref (job), g_object_unref);

  if (g_hash_table_contains (self->by_id, id))
    {
      queue_write (self, job, task);
      return;
    }

  /* In the model at once, so the gallery shows the tile while the record is written. */
  row = _atelier_library_row_new_for_job (job);
  _atelier_library_row_hold (row, job);
  g_hash_table_insert (self->by_id, row->id, row);
  g_hash_table_add (self->touched, g_strdup (id));
  _atelier_library_insert_row (self, row);

  recipe = atelier_job_get_recipe (job);
  write = g_new0 (RefsWrite, 1);
  write->refs_path = g_strdup (self->refs_path);
  write->bytes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  write->extensions = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < atelier_recipe_get_n_references (recipe); i++)
    {
      AtelierReference *ref = atelier_recipe_get_reference (recipe, i);

      g_ptr_array_add (write->bytes, g_bytes_ref (atelier_reference_get_bytes (ref)));
      g_ptr_array_add (write->extensions, g_strdup (atelier_reference_get_extension (ref)));
    }
  mask = atelier_recipe_get_mask (recipe);
  if (mask != NULL)
    {
      g_ptr_array_add (write->bytes, g_bytes_ref (atelier_reference_get_bytes (mask)));
      g_ptr_array_add (write->extensions, g_strdup (atelier_reference_get_extension (mask)));
    }

  /* Saves asked for before the references are stored wait, then write the latest state. */
  queue = ensure_queue (self, job);
  queue->blocked = TRUE;

  refs_task = g_task_new (self, NULL, on_refs_written, g_steal_pointer (&task));
  g_task_set_source_tag (refs_task, atelier_library_add_async);
  g_task_set_task_data (refs_task, write, refs_write_free);
  g_task_run_in_thread (refs_task, refs_write_thread);
}

gboolean
atelier_library_add_finish (AtelierLibrary  *self,
                            GAsyncResult    *result,
                            GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
atelier_library_save_async (AtelierLibrary      *self,
                            AtelierJob          *job,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(AtelierJob) live = NULL;
  LibraryRow *row;

  g_return_if_fail (ATELIER_IS_LIBRARY (self));
  g_return_if_fail (ATELIER_IS_JOB (job));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, atelier_library_save_async);

  row = g_hash_table_lookup (self->by_id, atelier_job_get_id (job));
  if (row != NULL)
    live = g_weak_ref_get (&row->job);
  if (live != job)
    {
      /* Deleted by the user (or never added): nothing to keep. */
      g_task_return_boolean (task, TRUE);
      return;
    }
  queue_write (self, job, task);
}

gboolean
atelier_library_save_finish (AtelierLibrary  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Images */

static const char *
extension_for_content_type (const char *content_type)
{
  if (content_type == NULL)
    return "jpg";
  if (g_str_equal (content_type, "image/jpeg") || g_str_equal (content_type, "image/jpg"))
    return "jpg";
  if (g_str_equal (content_type, "image/png"))
    return "png";
  if (g_str_equal (content_type, "image/webp"))
    return "webp";
  if (g_str_equal (content_type, "image/avif"))
    return "avif";
  return "jpg";
}

GFile *
atelier_library_image_file_for (AtelierLibrary *self,
                                AtelierJob     *job,
                                const char     *content_type)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (ATELIER_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (ATELIER_IS_JOB (job), NULL);

  name = g_strconcat (atelier_job_get_id (job), ".", extension_for_content_type (content_type),
                      NULL);
  return g_file_new_build_filename (self->images_path, name, NULL);
}

/* The content type the bytes themselves declare; the server's header may be generic. */
static char *
sniff_content_type (GBytes     *bytes,
                    const char *declared)
{
  switch (atelier_image_metadata_sniff (bytes))
    {
    case ATELIER_IMAGE_FORMAT_JPEG:
      return g_strdup ("image/jpeg");
    case ATELIER_IMAGE_FORMAT_PNG:
      return g_strdup ("image/png");
    case ATELIER_IMAGE_FORMAT_WEBP:
      return g_strdup ("image/webp");
    case ATELIER_IMAGE_FORMAT_UNKNOWN:
    default:
      break;
    }
  if (declared != NULL && g_str_has_prefix (declared, "image/"))
    {
      const char *semicolon = strchr (declared, ';');

      return semicolon != NULL ? g_strndup (declared, semicolon - declared) : g_strdup (declared);
    }
  return g_strdup ("image/jpeg");
}

typedef struct
{
  char   *path;
  GBytes *bytes;
  int     width;
  int     height;
} ImageWrite;

static void
image_write_free (gpointer data)
{
  ImageWrite *write = data;

  g_free (write->path);
  g_bytes_unref (write->bytes);
  g_free (write);
}

static void
image_write_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  ImageWrite *write = task_data;
  g_autofree char *folder = g_path_get_dirname (write->path);
  GError *error = NULL;
  gsize size;
  const void *data = g_bytes_get_data (write->bytes, &size);

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      g_task_return_new_error (task, ATELIER_ERROR, ATELIER_ERROR_STORAGE,
                               _("Could not create the library folder “%s”: %s"),
                               folder, g_strerror (errno));
      return;
    }
  /* The bytes as received: the image is the user's paid result, never re-encoded. */
  if (!_atelier_library_write_file_atomically (write->path, data, size, TRUE, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* The size from the header only. */
  if (gdk_pixbuf_get_file_info (write->path, &write->width, &write->height) == NULL)
    write->width = write->height = 0;

  g_task_return_boolean (task, TRUE);
}

typedef struct
{
  AtelierJob *job;
  GFile      *file;
  char       *content_type;
} StoreImage;

static void
store_image_free (gpointer data)
{
  StoreImage *store = data;

  g_clear_object (&store->job);
  g_clear_object (&store->file);
  g_free (store->content_type);
  g_free (store);
}

static void
on_image_written (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StoreImage *store = g_task_get_task_data (task);
  ImageWrite *write = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  _atelier_job_set_image_file (store->job, store->file, store->content_type,
                              MAX (write->width, 0), MAX (write->height, 0));
  g_task_return_boolean (task, TRUE);
}

void
atelier_library_store_image_async (AtelierLibrary      *self,
                                   AtelierJob          *job,
                                   GBytes              *bytes,
                                   const char          *content_type,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) write_task = NULL;
  StoreImage *store;
  ImageWrite *write;

  g_return_if_fail (ATELIER_IS_LIBRARY (self));
  g_return_if_fail (ATELIER_IS_JOB (job));
  g_return_if_fail (bytes != NULL);

  store = g_new0 (StoreImage, 1);
  store->job = g_object_ref (job);
  store->content_type = sniff_content_type (bytes, content_type);
  store->file = atelier_library_image_file_for (self, job, store->content_type);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, atelier_library_store_image_async);
  g_task_set_task_data (task, store, store_image_free);

  write = g_new0 (ImageWrite, 1);
  write->path = g_file_get_path (store->file);
  write->bytes = g_bytes_ref (bytes);

  /* Not cancellable: once the bytes are here, they are written. */
  write_task = g_task_new (self, NULL, on_image_written, g_steal_pointer (&task));
  g_task_set_source_tag (write_task, atelier_library_store_image_async);
  g_task_set_task_data (write_task, write, image_write_free);
  g_task_run_in_thread (write_task, image_write_thread);
}

gboolean
atelier_library_store_image_finish (AtelierLibrary  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
