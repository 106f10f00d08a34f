/* atelier-library-index.c — loading the library: the index first, then the records compared with it
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

/* Loading has two steps, both in worker threads:
 *  1. the index (index.sqlite) gives a summary of every job; the model fills from it at once,
 *     and the unfinished jobs are read from their records, so the engine can resume them;
 *  2. the scan lists the records and reads every one the index does not describe exactly (by
 *     inode, modification time and size): new ones, changed ones, and all of them the first time.
 *     Rows whose record is gone leave the model. The index is brought up to date as it goes.
 * Jobs written in this session are left alone by the scan: their state in memory is newer.
 * A missing or damaged index costs time, never a job. */

/* Above this many changes the scan's result replaces the model in one go. */
#define BULK_CHANGE 256

/* Folding for search */

char *
atelier_library_fold (const char *text)
{
  g_autofree char *normalized = NULL;

  if (text == NULL)
    return g_strdup ("");
  /* Most prompts are ASCII: lower case without the (slow) Unicode normalization. */
  if (g_str_is_ascii (text))
    return g_ascii_strdown (text, -1);
  normalized = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);
  return g_utf8_casefold (normalized != NULL ? normalized : "", -1);
}

/* Summaries */

void
_atelier_library_summary_free (gpointer data)
{
  JobSummary *summary = data;

  if (summary == NULL)
    return;
  g_free (summary->id);
  g_free (summary->prompt_key);
  g_free (summary->set_id);
  g_strfreev (summary->collections);
  g_strfreev (summary->parents);
  g_strfreev (summary->files);
  g_free (summary);
}

JobSummary *
_atelier_library_summary_copy (const JobSummary *summary)
{
  JobSummary *copy = g_memdup2 (summary, sizeof *summary);

  copy->id = g_strdup (summary->id);
  copy->prompt_key = g_strdup (summary->prompt_key);
  copy->set_id = g_strdup (summary->set_id);
  copy->collections = g_strdupv (summary->collections);
  copy->parents = g_strdupv (summary->parents);
  copy->files = g_strdupv (summary->files);
  return copy;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gint64
member_int (JsonObject *object,
            const char *name,
            gint64      fallback)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return json_node_get_int (node);
    case G_TYPE_DOUBLE:
      return (gint64) json_node_get_double (node);
    case G_TYPE_BOOLEAN:
      return json_node_get_boolean (node) ? 1 : 0;
    default:
      return fallback;
    }
}

static GStrv
member_strv (JsonObject *object,
             const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonArray *array;
  guint n = 0;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING &&
          strchr (json_node_get_string (element), '\n') == NULL)
        {
          g_strv_builder_add (builder, json_node_get_string (element));
          n++;
        }
    }
  return n > 0 ? g_strv_builder_end (builder) : NULL;
}

/* "parents": [{"id": …, "relation": …}] → the ids. */
static GStrv
parent_ids (JsonObject *object)
{
  JsonNode *node = json_object_get_member (object, "parents");
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonArray *array;
  guint n = 0;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *id;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      id = member_string (json_node_get_object (element), "id");
      if (id != NULL && strchr (id, '\n') == NULL)
        {
          g_strv_builder_add (builder, id);
          n++;
        }
    }
  return n > 0 ? g_strv_builder_end (builder) : NULL;
}

JobSummary *
_atelier_library_summary_from_json (JsonNode         *record,
                                    const RecordStat *stat)
{
  JsonObject *object;
  JsonObject *recipe = NULL;
  JsonNode *recipe_node;
  JobSummary *summary;
  const char *id, *model;
  g_autoptr(GStrvBuilder) files = NULL;
  g_auto(GStrv) ref_files = NULL;
  g_autofree char *mask_file = NULL;
  AtelierJobState state;
  gint64 created_at;

  if (record == NULL || !JSON_NODE_HOLDS_OBJECT (record))
    return NULL;
  object = json_node_get_object (record);
  id = member_string (object, "id");
  if (id == NULL || !_atelier_job_state_from_string (member_string (object, "state"), &state))
    return NULL;
  recipe_node = json_object_get_member (object, "recipe");
  if (recipe_node != NULL && JSON_NODE_HOLDS_OBJECT (recipe_node))
    recipe = json_node_get_object (recipe_node);

  summary = g_new0 (JobSummary, 1);
  summary->id = g_strdup (id);
  summary->state = state;
  created_at = MAX (member_int (object, "created_at", 0), 0);
  summary->created_usec = member_int (object, "created_usec", created_at * G_USEC_PER_SEC);
  model = member_string (recipe, "model");
  summary->model_id = model != NULL ? g_intern_string (model) : NULL;
  summary->prompt_key = atelier_library_fold (member_string (recipe, "prompt"));
  summary->seed = member_int (object, "seed", -1);
  if (summary->seed < 0)
    summary->seed = MAX (member_int (recipe, "seed", -1), -1);
  summary->favourite = member_int (object, "favourite", 0) != 0;
  summary->set_id = g_strdup (member_string (object, "set_id"));
  summary->collections = member_strv (object, "collections");
  summary->parents = parent_ids (object);

  files = g_strv_builder_new ();
  if (recipe_node != NULL && JSON_NODE_HOLDS_OBJECT (recipe_node))
    {
      ref_files = atelier_recipe_json_dup_ref_files (recipe_node);
      mask_file = atelier_recipe_json_dup_mask_file (recipe_node);
    }
  if (ref_files != NULL)
    g_strv_builder_addv (files, (const char **) ref_files);
  if (mask_file != NULL)
    g_strv_builder_add (files, mask_file);
  summary->files = g_strv_builder_end (files);
  if (summary->files[0] == NULL)
    g_clear_pointer (&summary->files, g_strfreev);

  if (stat != NULL)
    summary->stat = *stat;
  return summary;
}

/* Records */

AtelierJob *
_atelier_library_read_record (const char  *jobs_path,
                              const char  *id,
                              JsonNode   **out_node,
                              RecordStat  *out_stat,
                              GError     **error)
{
  g_autofree char *path = _atelier_library_record_path (jobs_path, id);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *contents = NULL;
  g_autoptr(AtelierJob) job = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  /* Stat with the contents: the record may be replaced meanwhile, and the next scan reads it. */
  if (out_stat != NULL && !_atelier_library_stat_record (path, out_stat))
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno), "%s",
                   g_strerror (saved_errno));
      return NULL;
    }
  if (!json_parser_load_from_data (parser, contents, length, error))
    return NULL;
  job = atelier_job_new_from_json (json_parser_get_root (parser), error);
  if (job == NULL)
    return NULL;
  if (g_strcmp0 (atelier_job_get_id (job), id) != 0)
    {
      g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_RESPONSE, "the record names another job");
      return NULL;
    }
  if (out_node != NULL)
    *out_node = json_node_ref (json_parser_get_root (parser));
  return g_steal_pointer (&job);
}

/* Step 1: the index */

static gboolean
ensure_folders (const char  *path,
                GError     **error)
{
  const char *subdirs[] = { "jobs", "images", "refs" };

  for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
    {
      g_autofree char *sub = g_build_filename (path, subdirs[i], NULL);

      if (g_mkdir_with_parents (sub, 0700) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_STORAGE,
                       _("Could not create the library folder “%s”: %s"),
                       sub, g_strerror (saved_errno));
          return FALSE;
        }
    }
  return TRUE;
}

typedef struct
{
  char         *path;
  char         *jobs_path;
  char         *store_path;
} LoadData;

typedef struct
{
  LibraryStore *store;        /* NULL when the index cannot be opened */
  GPtrArray    *rows;         /* LibraryRow, newest first; the unfinished ones hold their job */
  GHashTable   *by_id;        /* id → LibraryRow: owns the rows, built here, not on the main thread */
  GHashTable   *ref_counts;
  GHashTable   *known;        /* id → JobSummary (stat and files): what the scan compares */
  guint         n_skipped;
} LoadResult;

static void
load_data_free (gpointer data)
{
  LoadData *load = data;

  g_free (load->path);
  g_free (load->jobs_path);
  g_free (load->store_path);
  g_free (load);
}

static void
load_result_free (gpointer data)
{
  LoadResult *result = data;

  g_clear_pointer (&result->store, _atelier_library_store_unref);
  g_clear_pointer (&result->rows, g_ptr_array_unref);
  g_clear_pointer (&result->by_id, g_hash_table_unref);
  g_clear_pointer (&result->ref_counts, g_hash_table_unref);
  g_clear_pointer (&result->known, g_hash_table_unref);
  g_free (result);
}

/* Reads an unfinished job's record, for the row to hold (the engine resumes it). */
static void
hold_unfinished (LibraryRow  *row,
                 const char  *jobs_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierJob) job = NULL;

  if (atelier_job_state_is_final (row->state))
    return;
  job = _atelier_library_read_record (jobs_path, row->id, NULL, NULL, &error);
  if (job == NULL)
    {
      /* The scan finds out what became of it (and warns of a damaged one), and drops the row. */
      g_debug ("Could not read the unfinished job %s: %s", row->id, error->message);
      return;
    }
  row->state = atelier_job_get_state (job);
  g_weak_ref_set (&row->job, job);
  _atelier_library_row_hold (row, job);
}

static LoadResult *
load_in_thread (LoadData  *load,
                GError   **error)
{
  g_autoptr(GPtrArray) summaries = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *old_index = NULL;
  LoadResult *result;
  gint64 start = g_get_monotonic_time ();

  if (!ensure_folders (load->path, error))
    return NULL;

  result = g_new0 (LoadResult, 1);
  result->ref_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  result->known = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         _atelier_library_summary_free);
  result->store = _atelier_library_store_open (load->store_path, &local_error);
  if (result->store == NULL)
    {
      /* Everything still works from the records, only slower. */
      g_warning ("Working without a library index: %s", local_error->message);
      g_clear_error (&local_error);
    }
  else
    {
      summaries = _atelier_library_store_read_all (result->store, &local_error);
      if (summaries == NULL)
        {
          /* Opened, but damaged further in (a file cut short): start again from an empty one. */
          g_clear_pointer (&result->store, _atelier_library_store_unref);
          _atelier_library_store_discard (load->store_path, local_error->message);
          g_clear_error (&local_error);
          result->store = _atelier_library_store_open (load->store_path, &local_error);
          if (result->store == NULL)
            {
              g_warning ("Working without a library index: %s", local_error->message);
              g_clear_error (&local_error);
            }
        }
    }
  /* The text index of earlier versions. */
  old_index = g_build_filename (load->path, "index", NULL);
  g_unlink (old_index);

  result->rows = g_ptr_array_new_full (summaries != NULL ? summaries->len : 0, NULL);
  result->by_id = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, _atelier_library_row_free);
  for (guint i = 0; summaries != NULL && i < summaries->len; i++)
    {
      JobSummary *summary = g_ptr_array_index (summaries, i);
      LibraryRow *row;
      JobSummary *known;

      if (g_hash_table_contains (result->known, summary->id))
        continue;
      _atelier_library_count_files (result->ref_counts, (const char * const *) summary->files, +1);
      /* The row takes the strings it keeps; the scan keeps the stat and the files. */
      known = g_new0 (JobSummary, 1);
      known->stat = summary->stat;
      known->files = g_steal_pointer (&summary->files);
      row = _atelier_library_row_new (summary);
      known->id = g_strdup (row->id);
      g_hash_table_insert (result->known, known->id, known);
      hold_unfinished (row, load->jobs_path);
      g_hash_table_insert (result->by_id, row->id, row);
      g_ptr_array_add (result->rows, row);
    }

  g_debug ("Loaded %u jobs from the index in %d ms", result->rows->len,
           (int) ((g_get_monotonic_time () - start) / 1000));
  return result;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  LoadResult *result = load_in_thread (task_data, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, load_result_free);
}

static LoadData *
load_data_new (AtelierLibrary *self)
{
  LoadData *load = g_new0 (LoadData, 1);

  load->path = g_strdup (self->path);
  load->jobs_path = g_strdup (self->jobs_path);
  load->store_path = g_strdup (self->store_path);
  return load;
}

void
_atelier_library_resolve_image (AtelierLibrary *self,
                                AtelierJob     *job)
{
  const char *image_name = atelier_job_get_image_name (job);
  g_autoptr(GFile) file = NULL;
  g_autofree char *content_type = NULL;

  if (image_name == NULL || atelier_job_get_image_file (job) != NULL)
    return;
  file = g_file_new_build_filename (self->images_path, image_name, NULL);
  content_type = g_strdup (atelier_job_get_content_type (job));
  _atelier_job_set_image_file (job, file, content_type,
                              atelier_job_get_width (job), atelier_job_get_height (job));
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  return _atelier_library_row_compare (*(LibraryRow **) a, *(LibraryRow **) b);
}

static void
reset_views (AtelierLibrary *self,
             guint           old_len)
{
  for (GList *l = self->views; l != NULL; l = l->next)
    _atelier_library_view_reset (l->data);
  _atelier_library_replace_all (G_LIST_MODEL (self), old_len, &self->emptied);
}

static void
merge_loaded (AtelierLibrary *self,
              LoadResult     *result)
{
  guint old_len = self->rows->len;

  self->store = g_steal_pointer (&result->store);
  self->n_skipped += result->n_skipped;
  self->loaded = TRUE;

  if (g_hash_table_size (self->by_id) == 0)
    {
      /* The usual start: nothing was added before the load, take it all as the worker built it
       * (100,000 hash inserts are not the main thread's work). */
      g_hash_table_unref (self->ref_counts);
      self->ref_counts = g_steal_pointer (&result->ref_counts);
      g_hash_table_unref (self->by_id);
      self->by_id = g_steal_pointer (&result->by_id);
      g_ptr_array_unref (self->rows);
      self->rows = g_steal_pointer (&result->rows);
    }
  else
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, result->ref_counts);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          int count = GPOINTER_TO_INT (g_hash_table_lookup (self->ref_counts, key));

          g_hash_table_insert (self->ref_counts, g_strdup (key),
                               GINT_TO_POINTER (count + GPOINTER_TO_INT (value)));
        }

      for (guint i = 0; i < result->rows->len; i++)
        {
          LibraryRow *row = g_ptr_array_index (result->rows, i);

          /* A job added before the load finished is already known, in a newer state (the
           * result's table frees its row). */
          if (g_hash_table_contains (self->by_id, row->id))
            continue;
          g_hash_table_steal (result->by_id, row->id);
          g_hash_table_insert (self->by_id, row->id, row);
          g_ptr_array_add (self->rows, row);
        }
    }

  /* The unfinished jobs read in the worker point at their images now. */
  for (guint i = 0; i < self->rows->len; i++)
    {
      LibraryRow *row = g_ptr_array_index (self->rows, i);

      if (row->held != NULL)
        _atelier_library_resolve_image (self, row->held);
    }

  if (old_len != 0)
    g_ptr_array_sort (self->rows, compare_rows);
  reset_views (self, old_len);
}

/* Step 2: the scan */

typedef struct
{
  char         *jobs_path;
  LibraryStore *store;
  GHashTable   *known;       /* id → JobSummary, as loaded from the index */
} ScanData;

typedef struct
{
  GPtrArray    *found;       /* JobSummary: records the index did not describe */
  GHashTable   *jobs;        /* id → AtelierJob: the unfinished ones among them */
  GPtrArray    *gone;        /* char *: ids in the index without a record */
  guint         n_skipped;
} ScanResult;

static void
scan_data_free (gpointer data)
{
  ScanData *scan = data;

  g_free (scan->jobs_path);
  g_clear_pointer (&scan->store, _atelier_library_store_unref);
  g_clear_pointer (&scan->known, g_hash_table_unref);
  g_free (scan);
}

static void
scan_result_free (gpointer data)
{
  ScanResult *result = data;

  g_ptr_array_unref (result->found);
  g_hash_table_unref (result->jobs);
  g_ptr_array_unref (result->gone);
  g_free (result);
}

/* Records to read, on every core: on the first start after an upgrade that is all of them. */
typedef struct
{
  const char  *jobs_path;
  char       **ids;
  guint        n;
  JobSummary **summaries;    /* out, NULL for a damaged record */
  AtelierJob **jobs;         /* out, unfinished ones only */
} ReadChunk;

static gpointer
read_chunk (gpointer data)
{
  ReadChunk *chunk = data;

  for (guint i = 0; i < chunk->n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(AtelierJob) job = NULL;
      RecordStat stat;

      job = _atelier_library_read_record (chunk->jobs_path, chunk->ids[i], &node, &stat, &error);
      if (job == NULL)
        {
          if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
            g_warning ("Skipping the damaged library record %s: %s", chunk->ids[i],
                       error->message);
          continue;
        }
      chunk->summaries[i] = _atelier_library_summary_from_json (node, &stat);
      if (chunk->summaries[i] != NULL && !atelier_job_state_is_final (atelier_job_get_state (job)))
        chunk->jobs[i] = g_steal_pointer (&job);
    }
  return NULL;
}

static void
read_records (const char  *jobs_path,
              GPtrArray   *ids,
              ScanResult  *result)
{
  guint n = ids->len;
  guint n_threads = CLAMP (g_get_num_processors (), 1, 4);
  g_autofree JobSummary **summaries = g_new0 (JobSummary *, MAX (n, 1));
  g_autofree AtelierJob **jobs = g_new0 (AtelierJob *, MAX (n, 1));
  ReadChunk chunks[4];
  GThread *threads[4] = { NULL, };
  guint per_thread;

  if (n == 0)
    return;  /* an empty array has no pdata to offset */
  if (n < 256)
    n_threads = 1;
  per_thread = (n + n_threads - 1) / n_threads;
  for (guint t = 0; t < n_threads; t++)
    {
      guint first = MIN (t * per_thread, n);

      chunks[t] = (ReadChunk) { jobs_path, (char **) ids->pdata + first, MIN (per_thread, n - first),
                                summaries + first, jobs + first };
      if (t > 0)
        threads[t] = g_thread_try_new ("atelier-scan", read_chunk, &chunks[t], NULL);
    }
  read_chunk (&chunks[0]);
  for (guint t = 1; t < n_threads; t++)
    {
      if (threads[t] != NULL)
        g_thread_join (threads[t]);
      else
        read_chunk (&chunks[t]);
    }

  for (guint i = 0; i < n; i++)
    {
      if (summaries[i] == NULL)
        {
          /* Damaged, or deleted since it was listed: a deleted one is simply gone. */
          g_autofree char *path = _atelier_library_record_path (jobs_path, ids->pdata[i]);

          if (g_file_test (path, G_FILE_TEST_EXISTS))
            result->n_skipped++;
          g_clear_object (&jobs[i]);
          /* Out of the model and the index either way; a damaged one is read again next time. */
          g_ptr_array_add (result->gone, g_strdup (ids->pdata[i]));
          continue;
        }
      g_ptr_array_add (result->found, summaries[i]);
      if (jobs[i] != NULL)
        g_hash_table_insert (result->jobs, g_strdup (ids->pdata[i]), jobs[i]);
    }
}

static ScanResult *
scan_in_thread (ScanData  *scan,
                GError   **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) to_read = g_ptr_array_new_with_free_func (g_free);
  ScanResult *result;
  GHashTableIter iter;
  gpointer key;
  const char *name;
  gint64 start = g_get_monotonic_time ();

  dir = g_dir_open (scan->jobs_path, 0, &local_error);
  if (dir == NULL)
    {
      g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_STORAGE,
                   _("Could not read the library: %s"), local_error->message);
      return NULL;
    }

  result = g_new0 (ScanResult, 1);
  result->found = g_ptr_array_new_with_free_func (_atelier_library_summary_free);
  result->jobs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  result->gone = g_ptr_array_new_with_free_func (g_free);

  /* The records are the truth: every one the index does not describe exactly is read. */
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *id = NULL;
      JobSummary *known;
      RecordStat stat;

      if (!g_str_has_suffix (name, ".json") || name[0] == '.')
        continue;
      id = g_strndup (name, strlen (name) - strlen (".json"));
      path = g_build_filename (scan->jobs_path, name, NULL);
      if (!_atelier_library_stat_record (path, &stat))
        continue;
      known = g_hash_table_lookup (scan->known, id);
      if (known != NULL && known->stat.ino == stat.ino && known->stat.mtime_ns == stat.mtime_ns &&
          known->stat.size == stat.size)
        {
          g_hash_table_remove (scan->known, id);
          continue;
        }
      g_hash_table_remove (scan->known, id);
      g_ptr_array_add (to_read, g_steal_pointer (&id));
    }

  g_hash_table_iter_init (&iter, scan->known);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (result->gone, g_strdup (key));

  read_records (scan->jobs_path, to_read, result);

  if (scan->store != NULL)
    {
      if (!_atelier_library_store_put (scan->store, (JobSummary * const *) result->found->pdata,
                                       result->found->len, &local_error) ||
          !_atelier_library_store_delete (scan->store, (const char * const *) result->gone->pdata,
                                          result->gone->len, &local_error))
        g_warning ("Could not update the library index: %s", local_error->message);
    }

  g_debug ("Scanned the records in %d ms: %u read, %u gone, %u damaged",
           (int) ((g_get_monotonic_time () - start) / 1000), to_read->len, result->gone->len,
           result->n_skipped);
  return result;
}

static void
scan_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  ScanResult *result = scan_in_thread (task_data, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, scan_result_free);
}

static void
remove_from_by_id (gpointer key,
                   gpointer value,
                   gpointer user_data)
{
  AtelierLibrary *self = user_data;
  LibraryRow *row = key;

  _atelier_library_forget_row_job (self, row);
  g_hash_table_remove (self->by_id, row->id);
}

static void
merge_scanned (AtelierLibrary *self,
               ScanResult     *result)
{
  guint n_changes = result->found->len + result->gone->len;
  guint old_len = self->rows->len;
  gboolean bulk = n_changes > BULK_CHANGE;

  self->n_skipped += result->n_skipped;

  if (bulk)
    {
      g_autoptr(GHashTable) gone = g_hash_table_new (NULL, NULL);
      guint kept = 0;

      for (guint i = 0; i < result->gone->len; i++)
        {
          const char *id = g_ptr_array_index (result->gone, i);
          LibraryRow *row = g_hash_table_lookup (self->by_id, id);

          if (row != NULL && !row->removed && !g_hash_table_contains (self->touched, id))
            g_hash_table_add (gone, row);
        }
      for (guint i = 0; i < self->rows->len; i++)
        {
          LibraryRow *row = g_ptr_array_index (self->rows, i);

          if (!g_hash_table_contains (gone, row))
            self->rows->pdata[kept++] = row;
        }
      g_ptr_array_set_size (self->rows, kept);
      g_hash_table_foreach (gone, remove_from_by_id, self);
    }
  else
    {
      for (guint i = 0; i < result->gone->len; i++)
        {
          const char *id = g_ptr_array_index (result->gone, i);
          LibraryRow *row = g_hash_table_lookup (self->by_id, id);

          /* Shared copies are not counted down: keeping a file too long is the safe error. */
          if (row == NULL || row->removed || g_hash_table_contains (self->touched, id))
            continue;
          _atelier_library_remove_row (self, row);
          _atelier_library_forget_row_job (self, row);
          g_hash_table_remove (self->by_id, id);
        }
    }

  for (guint i = 0; i < result->found->len; i++)
    {
      JobSummary *summary = g_ptr_array_index (result->found, i);
      AtelierJob *unfinished = g_hash_table_lookup (result->jobs, summary->id);
      LibraryRow *row = g_hash_table_lookup (self->by_id, summary->id);
      g_autoptr(AtelierJob) live = NULL;

      if (g_hash_table_contains (self->touched, summary->id))
        continue;
      _atelier_library_count_files (self->ref_counts, (const char * const *) summary->files, +1);
      /* Its record changed behind our back: a job nobody but the cache holds is read again. */
      if (row != NULL)
        _atelier_library_forget_row_job (self, row);
      if (row == NULL)
        {
          row = _atelier_library_row_new (summary);
          g_hash_table_insert (self->by_id, row->id, row);
          if (bulk)
            g_ptr_array_add (self->rows, row);
          else
            _atelier_library_insert_row (self, row);
        }
      else if (bulk)
        {
          guint position;

          /* Out of order from here: sorted once below. */
          if (g_ptr_array_find (self->rows, row, &position))
            g_ptr_array_remove_index_fast (self->rows, position);
          _atelier_library_row_set_summary (row, summary);
          if (!row->removed)
            g_ptr_array_add (self->rows, row);
        }
      else
        {
          _atelier_library_row_update (self, row, summary);
        }

      /* One job object per id: one that is alive already wins. */
      live = g_weak_ref_get (&row->job);
      if (live == NULL && unfinished != NULL)
        {
          live = g_object_ref (unfinished);
          _atelier_library_resolve_image (self, live);
          g_weak_ref_set (&row->job, live);
        }
      if (live != NULL)
        _atelier_library_row_hold (row, live);
    }

  if (bulk)
    {
      g_ptr_array_sort (self->rows, compare_rows);
      reset_views (self, old_len);
    }

  self->scanned = TRUE;
  g_object_notify (G_OBJECT (self), "scanned");
}

static ScanData *
scan_data_new (AtelierLibrary *self,
               LoadResult     *loaded)
{
  ScanData *scan = g_new0 (ScanData, 1);

  scan->jobs_path = g_strdup (self->jobs_path);
  scan->store = self->store != NULL ? _atelier_library_store_ref (self->store) : NULL;
  scan->known = g_steal_pointer (&loaded->known);
  return scan;
}

static void
on_scanned (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AtelierLibrary *self = ATELIER_LIBRARY (source);
  g_autoptr(GError) error = NULL;
  ScanResult *scan_result = g_task_propagate_pointer (G_TASK (result), &error);

  if (scan_result == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not scan the library: %s", error->message);
      return;
    }
  merge_scanned (self, scan_result);
  scan_result_free (scan_result);
}

void
atelier_library_load_async (AtelierLibrary      *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ATELIER_IS_LIBRARY (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, atelier_library_load_async);
  g_task_set_task_data (task, load_data_new (self), load_data_free);
  g_task_run_in_thread (task, load_thread);
}

gboolean
atelier_library_load_finish (AtelierLibrary  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_autoptr(GTask) scan_task = NULL;
  LoadResult *load_result;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  load_result = g_task_propagate_pointer (G_TASK (result), error);
  if (load_result == NULL)
    return FALSE;
  merge_loaded (self, load_result);

  scan_task = g_task_new (self, self->cancellable, on_scanned, NULL);
  g_task_set_source_tag (scan_task, atelier_library_load_finish);
  g_task_set_task_data (scan_task, scan_data_new (self, load_result), scan_data_free);
  g_task_run_in_thread (scan_task, scan_thread);

  load_result_free (load_result);
  return TRUE;
}

gboolean
_atelier_library_load (AtelierLibrary  *self,
                       GError         **error)
{
  LoadData *load;
  LoadResult *load_result;
  ScanData *scan;
  ScanResult *scan_result;

  g_return_val_if_fail (ATELIER_IS_LIBRARY (self), FALSE);

  load = load_data_new (self);
  load_result = load_in_thread (load, error);
  load_data_free (load);
  if (load_result == NULL)
    return FALSE;
  merge_loaded (self, load_result);

  scan = scan_data_new (self, load_result);
  load_result_free (load_result);
  scan_result = scan_in_thread (scan, error);
  scan_data_free (scan);
  if (scan_result == NULL)
    return FALSE;
  merge_scanned (self, scan_result);
  scan_result_free (scan_result);
  return TRUE;
}
