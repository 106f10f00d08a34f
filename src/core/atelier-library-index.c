/* atelier-library-index.c — loading the library from its records, and the index that caches them
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
#include <string.h>

#include "atelier-error.h"
#include "atelier-library-private.h"

/* The index is a text file: a header line, then one line per job:
 *   <id> TAB <inode> TAB <mtime ns> TAB <size> TAB <record JSON>
 * An entry is used only while the record file still has that inode, mtime and size; any other
 * record is read from its file. A missing or damaged index costs time, never a job. */

#define INDEX_HEADER      "atelier-index 1"
#define INDEX_DELAY_MS    500

/* Entries */

void
_atelier_library_index_entry_free (gpointer data)
{
  IndexEntry *entry = data;

  g_free (entry->id);
  g_clear_pointer (&entry->text, g_ref_string_release);
  g_free (entry);
}

IndexEntry *
_atelier_library_index_entry_new (const char       *id,
                                  const char       *text,
                                  const RecordStat *stat)
{
  IndexEntry *entry = g_new0 (IndexEntry, 1);

  entry->id = g_strdup (id);
  entry->text = g_ref_string_new (text);
  entry->stat = *stat;
  return entry;
}

static IndexEntry *
index_entry_copy (const IndexEntry *entry)
{
  IndexEntry *copy = g_new0 (IndexEntry, 1);

  copy->id = g_strdup (entry->id);
  copy->text = g_ref_string_acquire (entry->text);
  copy->stat = entry->stat;
  return copy;
}

/* Loading */

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
  char       *path;
  char       *jobs_path;
  char       *index_path;
} LoadData;

typedef struct
{
  GPtrArray  *jobs;       /* AtelierJob */
  GPtrArray  *entries;    /* IndexEntry */
  guint       n_skipped;
} LoadResult;

static void
load_data_free (gpointer data)
{
  LoadData *load = data;

  g_free (load->path);
  g_free (load->jobs_path);
  g_free (load->index_path);
  g_free (load);
}

static void
load_result_free (gpointer data)
{
  LoadResult *result = data;

  g_ptr_array_unref (result->jobs);
  g_ptr_array_unref (result->entries);
  g_free (result);
}

static AtelierJob *
job_from_text (JsonParser  *parser,
               const char  *text,
               gssize       length,
               GError     **error)
{
  if (!json_parser_load_from_data (parser, text, length, error))
    return NULL;
  return atelier_job_new_from_json (json_parser_get_root (parser), error);
}

static char *
format_index (GPtrArray *entries)
{
  GString *out = g_string_sized_new (entries->len * 1024 + 64);

  g_string_append (out, INDEX_HEADER "\n");
  for (guint i = 0; i < entries->len; i++)
    {
      IndexEntry *entry = g_ptr_array_index (entries, i);

      g_string_append_printf (out, "%s\t%" G_GUINT64_FORMAT "\t%" G_GINT64_FORMAT "\t%"
                              G_GINT64_FORMAT "\t%s\n",
                              entry->id, entry->stat.ino, entry->stat.mtime_ns, entry->stat.size,
                              entry->text);
    }
  return g_string_free (out, FALSE);
}

static gboolean
parse_index_line (char        *line,
                  char       **id,
                  RecordStat  *stat,
                  char       **text)
{
  char *fields[5];
  char *cursor = line;
  char *end;

  for (guint i = 0; i < 4; i++)
    {
      char *tab = strchr (cursor, '\t');

      if (tab == NULL)
        return FALSE;
      *tab = '\0';
      fields[i] = cursor;
      cursor = tab + 1;
    }
  fields[4] = cursor;

  *id = fields[0];
  stat->ino = g_ascii_strtoull (fields[1], &end, 10);
  if (*end != '\0')
    return FALSE;
  stat->mtime_ns = g_ascii_strtoll (fields[2], &end, 10);
  if (*end != '\0')
    return FALSE;
  stat->size = g_ascii_strtoll (fields[3], &end, 10);
  if (*end != '\0')
    return FALSE;
  *text = fields[4];
  return **id != '\0' && **text == '{';
}

/* An index line whose record file is unchanged: parsed on every core, it is most of a load. */
typedef struct
{
  char       *id;
  char       *text;
  RecordStat  stat;
  AtelierJob *job;   /* out */
} Candidate;

typedef struct
{
  Candidate *candidates;
  guint      n;
} CandidateChunk;

static gpointer
parse_chunk (gpointer data)
{
  CandidateChunk *chunk = data;
  g_autoptr(JsonParser) parser = json_parser_new ();

  for (guint i = 0; i < chunk->n; i++)
    chunk->candidates[i].job = job_from_text (parser, chunk->candidates[i].text, -1, NULL);
  return NULL;
}

static void
parse_candidates (Candidate *candidates,
                  guint      n)
{
  guint n_threads = CLAMP (g_get_num_processors (), 1, 4);
  CandidateChunk chunks[4];
  GThread *threads[4] = { NULL, };
  guint per_thread;

  if (n == 0)
    return;  /* candidates is NULL for an empty library */
  if (n < 256)
    n_threads = 1;
  per_thread = (n + n_threads - 1) / MAX (n_threads, 1);

  for (guint t = 0; t < n_threads; t++)
    {
      guint first = MIN (t * per_thread, n);

      chunks[t].candidates = candidates + first;
      chunks[t].n = MIN (per_thread, n - first);
      /* This thread takes the first chunk itself. */
      if (t > 0)
        threads[t] = g_thread_try_new ("atelier-index", parse_chunk, &chunks[t], NULL);
    }
  parse_chunk (&chunks[0]);
  for (guint t = 1; t < n_threads; t++)
    {
      if (threads[t] != NULL)
        g_thread_join (threads[t]);
      else
        parse_chunk (&chunks[t]);
    }
}

static LoadResult *
load_in_thread (LoadData  *load,
                GError   **error)
{
  g_autoptr(GHashTable) stats = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *index_text = NULL;
  gsize index_length = 0;
  gboolean index_stale = FALSE;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local_error = NULL;
  LoadResult *result;
  const char *name;
  gint64 start = g_get_monotonic_time ();
  gint64 listed, indexed;
  guint n_from_index = 0;

  if (!ensure_folders (load->path, error))
    return NULL;

  dir = g_dir_open (load->jobs_path, 0, &local_error);
  if (dir == NULL)
    {
      g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_STORAGE,
                   _("Could not read the library: %s"), local_error->message);
      return NULL;
    }

  /* The records are the truth: list them first. */
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      RecordStat stat;

      if (!g_str_has_suffix (name, ".json") || name[0] == '.')
        continue;
      path = g_build_filename (load->jobs_path, name, NULL);
      if (!_atelier_library_stat_record (path, &stat))
        continue;
      g_hash_table_insert (stats, g_strndup (name, strlen (name) - strlen (".json")),
                           g_memdup2 (&stat, sizeof stat));
    }

  listed = g_get_monotonic_time ();
  result = g_new0 (LoadResult, 1);
  result->jobs = g_ptr_array_new_with_free_func (g_object_unref);
  result->entries = g_ptr_array_new_with_free_func (_atelier_library_index_entry_free);

  /* Then take every record the index still describes exactly. */
  if (g_file_get_contents (load->index_path, &index_text, &index_length, NULL) &&
      g_str_has_prefix (index_text, INDEX_HEADER "\n"))
    {
      g_autoptr(GArray) candidates = g_array_new (FALSE, TRUE, sizeof (Candidate));
      char *line = index_text + strlen (INDEX_HEADER "\n");

      while (*line != '\0')
        {
          char *newline = strchr (line, '\n');
          Candidate candidate = { 0 };
          RecordStat *file_stat;

          if (newline == NULL)
            {
              /* A truncated last line: its record is read from its file below. */
              index_stale = TRUE;
              break;
            }
          *newline = '\0';

          if (parse_index_line (line, &candidate.id, &candidate.stat, &candidate.text) &&
              (file_stat = g_hash_table_lookup (stats, candidate.id)) != NULL &&
              file_stat->ino == candidate.stat.ino &&
              file_stat->mtime_ns == candidate.stat.mtime_ns &&
              file_stat->size == candidate.stat.size)
            g_array_append_val (candidates, candidate);
          else
            index_stale = TRUE;
          line = newline + 1;
        }

      parse_candidates ((Candidate *) candidates->data, candidates->len);

      for (guint i = 0; i < candidates->len; i++)
        {
          Candidate *candidate = &g_array_index (candidates, Candidate, i);
          RecordStat *file_stat = g_hash_table_lookup (stats, candidate->id);

          if (candidate->job == NULL || file_stat == NULL ||
              g_strcmp0 (atelier_job_get_id (candidate->job), candidate->id) != 0)
            {
              g_clear_object (&candidate->job);
              index_stale = TRUE;
              continue;
            }
          g_ptr_array_add (result->jobs, g_steal_pointer (&candidate->job));
          g_ptr_array_add (result->entries,
                           _atelier_library_index_entry_new (candidate->id, candidate->text,
                                                             file_stat));
          g_hash_table_remove (stats, candidate->id);
        }
    }
  else
    {
      index_stale = TRUE;
    }

  indexed = g_get_monotonic_time ();
  n_from_index = result->jobs->len;

  /* Whatever is left is newer than the index, or was never in it. */
  if (g_hash_table_size (stats) > 0)
    {
      GHashTableIter iter;
      gpointer key, value;

      index_stale = TRUE;
      g_hash_table_iter_init (&iter, stats);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          const char *id = key;
          g_autofree char *path = _atelier_library_record_path (load->jobs_path, id);
          g_autofree char *contents = NULL;
          g_autoptr(GError) record_error = NULL;
          g_autoptr(AtelierJob) job = NULL;
          RecordStat stat;
          gsize length;

          /* Stat again with the contents: the record may have been replaced meanwhile. */
          if (!g_file_get_contents (path, &contents, &length, &record_error) ||
              !_atelier_library_stat_record (path, &stat))
            {
              g_warning ("Skipping the library record %s: %s", path,
                         record_error != NULL ? record_error->message : g_strerror (errno));
              result->n_skipped++;
              continue;
            }
          g_strchomp (contents);
          job = job_from_text (parser, contents, -1, &record_error);
          if (job != NULL && g_strcmp0 (atelier_job_get_id (job), id) != 0)
            {
              g_set_error (&record_error, ATELIER_ERROR, ATELIER_ERROR_BAD_RESPONSE,
                           "the record names another job");
              g_clear_object (&job);
            }
          if (job == NULL)
            {
              g_warning ("Skipping the damaged library record %s: %s", path,
                         record_error->message);
              result->n_skipped++;
              continue;
            }
          if (strchr (contents, '\n') != NULL)
            {
              /* A hand-edited, pretty-printed record: the index keeps one line per job. */
              g_autofree char *compact = json_to_string (json_parser_get_root (parser), FALSE);
              g_ptr_array_add (result->entries,
                               _atelier_library_index_entry_new (id, compact, &stat));
            }
          else
            {
              g_ptr_array_add (result->entries,
                               _atelier_library_index_entry_new (id, contents, &stat));
            }
          g_ptr_array_add (result->jobs, g_steal_pointer (&job));
        }
    }

  g_debug ("Loaded %u jobs (%u from the index) in %d ms: listing %d ms, index %d ms, records %d ms",
           result->jobs->len, n_from_index, (int) ((g_get_monotonic_time () - start) / 1000),
           (int) ((listed - start) / 1000), (int) ((indexed - listed) / 1000),
           (int) ((g_get_monotonic_time () - indexed) / 1000));

  if (index_stale)
    {
      g_autofree char *text = format_index (result->entries);
      g_autoptr(GError) index_error = NULL;

      if (!_atelier_library_write_file_atomically (load->index_path, text, strlen (text), FALSE,
                                                   &index_error))
        g_warning ("Could not rebuild the library index: %s", index_error->message);
    }

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
  load->index_path = g_strdup (self->index_path);
  return load;
}

static void
resolve_image (AtelierLibrary *self,
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
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  AtelierJob *job_a = *(AtelierJob **) a;
  AtelierJob *job_b = *(AtelierJob **) b;

  return atelier_job_compare_newest_first (job_a, job_b);
}

static void
merge_loaded (AtelierLibrary *self,
              LoadResult     *result)
{
  guint old_len = self->jobs->len;

  for (guint i = 0; i < result->jobs->len; i++)
    {
      AtelierJob *job = g_ptr_array_index (result->jobs, i);
      IndexEntry *entry = g_ptr_array_index (result->entries, i);
      const char *id = atelier_job_get_id (job);

      /* A job added before the load finished is already known, in a newer state. */
      if (g_hash_table_contains (self->by_id, id))
        continue;

      resolve_image (self, job);
      g_hash_table_insert (self->by_id, g_strdup (id), g_object_ref (job));
      entry = index_entry_copy (entry);
      g_hash_table_replace (self->entries, entry->id, entry);
      _atelier_library_count_refs (self, job, +1);
      g_ptr_array_add (self->jobs, g_object_ref (job));
    }

  self->n_skipped += result->n_skipped;
  self->loaded = TRUE;

  g_ptr_array_sort (self->jobs, compare_newest_first);
  if (old_len != 0 || self->jobs->len != 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->jobs->len);
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
  LoadResult *load_result;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  load_result = g_task_propagate_pointer (G_TASK (result), error);
  if (load_result == NULL)
    return FALSE;
  merge_loaded (self, load_result);
  load_result_free (load_result);
  return TRUE;
}

gboolean
_atelier_library_load (AtelierLibrary  *self,
                       GError         **error)
{
  LoadData *load;
  LoadResult *result;

  g_return_val_if_fail (ATELIER_IS_LIBRARY (self), FALSE);

  load = load_data_new (self);
  result = load_in_thread (load, error);
  load_data_free (load);
  if (result == NULL)
    return FALSE;
  merge_loaded (self, result);
  load_result_free (result);
  return TRUE;
}

/* The index, rewritten a moment after records change (it is only a cache). */

typedef struct
{
  char      *index_path;
  GPtrArray *entries;
} IndexWrite;

static void
index_write_free (gpointer data)
{
  IndexWrite *write = data;

  g_free (write->index_path);
  g_ptr_array_unref (write->entries);
  g_free (write);
}

static void
index_write_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  IndexWrite *write = task_data;
  g_autofree char *text = format_index (write->entries);
  GError *error = NULL;

  if (!_atelier_library_write_file_atomically (write->index_path, text, strlen (text), FALSE,
                                               &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_index_written (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  AtelierLibrary *self = ATELIER_LIBRARY (source);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_warning ("Could not write the library index: %s", error->message);

  self->index_writing = FALSE;
  if (self->index_dirty)
    _atelier_library_schedule_index_write (self);
}

static gboolean
on_index_timeout (gpointer user_data)
{
  AtelierLibrary *self = user_data;
  g_autoptr(GTask) task = NULL;
  IndexWrite *write;
  GHashTableIter iter;
  gpointer value;

  self->index_timeout_id = 0;
  if (self->index_writing)
    return G_SOURCE_REMOVE;

  write = g_new0 (IndexWrite, 1);
  write->index_path = g_strdup (self->index_path);
  write->entries = g_ptr_array_new_full (g_hash_table_size (self->entries),
                                         _atelier_library_index_entry_free);
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (write->entries, index_entry_copy (value));

  self->index_dirty = FALSE;
  self->index_writing = TRUE;
  task = g_task_new (self, NULL, on_index_written, NULL);
  g_task_set_source_tag (task, on_index_timeout);
  g_task_set_task_data (task, write, index_write_free);
  g_task_run_in_thread (task, index_write_thread);

  return G_SOURCE_REMOVE;
}

void
_atelier_library_schedule_index_write (AtelierLibrary *self)
{
  self->index_dirty = TRUE;
  if (self->index_timeout_id == 0 && !self->index_writing)
    self->index_timeout_id = g_timeout_add (INDEX_DELAY_MS, on_index_timeout, self);
}
