/* atelier-library.c — every generation, on disk, as a GListModel of AtelierJob (newest first)
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
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "atelier-error.h"
#include "atelier-library.h"

/* On disk, under the library folder:
 *   jobs/<id>.json     one record per job, the truth (compact JSON, one line)
 *   images/<id>.<ext>  the image bytes exactly as BFL sent them
 *   refs/<sha256>.<ext> the prepared references, stored once however many jobs share them
 *   index              a cache of every record, so loading does not open 10,000 files
 *
 * The index is a text file: a header line, then one line per job:
 *   <id> TAB <inode> TAB <mtime ns> TAB <size> TAB <record JSON>
 * An entry is used only while the record file still has that inode, mtime and size; any other
 * record is read from its file. A missing or damaged index costs time, never a job.
 *
 * Every write replaces a file atomically (a temporary file, fsync, rename) in a worker thread.
 * Writes of one job are serialized, and each serializes the job's state when it starts, so the
 * last state always wins. */

#define INDEX_HEADER      "atelier-index 1"
#define INDEX_DELAY_MS    500

typedef struct
{
  guint64 ino;
  gint64  mtime_ns;
  gint64  size;
} RecordStat;

typedef struct
{
  char       *id;
  char       *text;   /* GRefString: the record as last written */
  RecordStat  stat;
} IndexEntry;

/* The write queue of one job. */
typedef struct
{
  AtelierJob *job;
  gboolean    blocked;          /* add: the references are not stored yet */
  gboolean    writing;
  gboolean    dirty;            /* another write is wanted after this one */
  GPtrArray  *waiting_tasks;    /* complete after the next write */
  GPtrArray  *inflight_tasks;   /* complete after the current write */
  gboolean    delete_requested; /* commit_remove while a write was in flight */
} WriteQueue;

struct _AtelierLibrary
{
  GObject       parent_instance;

  GFile        *dir;
  char         *path;
  char         *jobs_path;
  char         *images_path;
  char         *refs_path;
  char         *index_path;

  GPtrArray    *jobs;        /* the model, newest first */
  GHashTable   *by_id;       /* id → AtelierJob: everything on disk, removed ones too until committed */
  GHashTable   *removed;     /* id → AtelierJob: removed from the model, files still there */
  GHashTable   *entries;     /* id → IndexEntry */
  GHashTable   *queues;      /* id → WriteQueue */
  GHashTable   *ref_counts;  /* ref file name → jobs using it */
  guint         n_skipped;   /* damaged records seen at load: never garbage-collect refs then */

  guint         index_timeout_id;
  gboolean      index_writing;
  gboolean      index_dirty;
  gboolean      loaded;

  GCancellable *cancellable;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AtelierLibrary, atelier_library, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void schedule_index_write (AtelierLibrary *self);
static void start_write          (AtelierLibrary *self,
                                  WriteQueue     *queue);

/* Entries and queues */

static void
index_entry_free (gpointer data)
{
  IndexEntry *entry = data;

  g_free (entry->id);
  g_clear_pointer (&entry->text, g_ref_string_release);
  g_free (entry);
}

static IndexEntry *
index_entry_new (const char       *id,
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

static void
write_queue_free (gpointer data)
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

/* The model */

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  AtelierJob *job_a = *(AtelierJob **) a;
  AtelierJob *job_b = *(AtelierJob **) b;

  return atelier_job_compare_newest_first (job_a, job_b);
}

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

static void
insert_sorted (AtelierLibrary *self,
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

static void
count_refs (AtelierLibrary *self,
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
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, index_entry_free);
  self->queues = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, write_queue_free);
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

GFile *
atelier_library_get_dir (AtelierLibrary *self)
{
  g_return_val_if_fail (ATELIER_IS_LIBRARY (self), NULL);
  return self->dir;
}

/* Disk helpers, for worker threads */

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

static gboolean
stat_record (const char *path,
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
static gboolean
write_file_atomically (const char  *path,
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

static char *
record_path (const char *jobs_path,
             const char *id)
{
  g_autofree char *name = g_strconcat (id, ".json", NULL);

  return g_build_filename (jobs_path, name, NULL);
}

/* Loading */

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
      if (!stat_record (path, &stat))
        continue;
      g_hash_table_insert (stats, g_strndup (name, strlen (name) - strlen (".json")),
                           g_memdup2 (&stat, sizeof stat));
    }

  listed = g_get_monotonic_time ();
  result = g_new0 (LoadResult, 1);
  result->jobs = g_ptr_array_new_with_free_func (g_object_unref);
  result->entries = g_ptr_array_new_with_free_func (index_entry_free);

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
                           index_entry_new (candidate->id, candidate->text, file_stat));
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
          g_autofree char *path = record_path (load->jobs_path, id);
          g_autofree char *contents = NULL;
          g_autoptr(GError) record_error = NULL;
          g_autoptr(AtelierJob) job = NULL;
          RecordStat stat;
          gsize length;

          /* Stat again with the contents: the record may have been replaced meanwhile. */
          if (!g_file_get_contents (path, &contents, &length, &record_error) ||
              !stat_record (path, &stat))
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
              g_ptr_array_add (result->entries, index_entry_new (id, compact, &stat));
            }
          else
            {
              g_ptr_array_add (result->entries, index_entry_new (id, contents, &stat));
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

      if (!write_file_atomically (load->index_path, text, strlen (text), FALSE, &index_error))
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
  atelier_job_set_image_file (job, file, content_type,
                              atelier_job_get_width (job), atelier_job_get_height (job));
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
      count_refs (self, job, +1);
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
atelier_library_load (AtelierLibrary  *self,
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

  if (!write_file_atomically (write->index_path, text, strlen (text), FALSE, &error))
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
    schedule_index_write (self);
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
  write->entries = g_ptr_array_new_full (g_hash_table_size (self->entries), index_entry_free);
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

static void
schedule_index_write (AtelierLibrary *self)
{
  self->index_dirty = TRUE;
  if (self->index_timeout_id == 0 && !self->index_writing)
    self->index_timeout_id = g_timeout_add (INDEX_DELAY_MS, on_index_timeout, self);
}

/* Writing records */

typedef struct
{
  char       *path;
  char       *text;
  RecordStat  stat;
} RecordWrite;

static void
record_write_free (gpointer data)
{
  RecordWrite *write = data;

  g_free (write->path);
  g_free (write->text);
  g_free (write);
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
      !write_file_atomically (write->path, line, strlen (line), TRUE, &error) ||
      !stat_record (write->path, &write->stat))
    {
      if (error == NULL)
        g_set_error (&error, ATELIER_ERROR, ATELIER_ERROR_STORAGE,
                     _("Could not save to the library: %s"), g_strerror (errno));
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void delete_job_files (AtelierLibrary *self,
                              AtelierJob     *job);

static void
complete_tasks (GPtrArray    *tasks,
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
  RecordWrite *write = g_task_get_task_data (G_TASK (result));
  WriteQueue *queue = g_hash_table_lookup (self->queues, id);
  g_autoptr(GError) error = NULL;

  g_assert (queue != NULL && queue->writing);
  queue->writing = FALSE;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      IndexEntry *entry = index_entry_new (id, write->text, &write->stat);

      g_hash_table_replace (self->entries, entry->id, entry);
      schedule_index_write (self);
    }
  else
    {
      g_warning ("Could not save job %s: %s", id, error->message);
    }

  complete_tasks (queue->inflight_tasks, error);

  /* complete_tasks may have run callbacks that queued more writes. */
  queue = g_hash_table_lookup (self->queues, id);
  if (queue == NULL || queue->writing)
    return;
  if (queue->delete_requested)
    {
      g_autoptr(AtelierJob) job = g_object_ref (queue->job);

      complete_tasks (queue->waiting_tasks, NULL);
      g_hash_table_remove (self->queues, id);
      delete_job_files (self, job);
    }
  else if (queue->dirty)
    {
      start_write (self, queue);
    }
  else
    {
      g_hash_table_remove (self->queues, id);
    }
}

static void
start_write (AtelierLibrary *self,
             WriteQueue     *queue)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonNode) node = NULL;
  RecordWrite *write;
  GPtrArray *swap;

  g_assert (!queue->writing && !queue->blocked);

  /* The state is taken now, so a write started later always carries a later state. */
  node = atelier_job_to_json (queue->job, NULL, NULL);
  write = g_new0 (RecordWrite, 1);
  write->path = record_path (self->jobs_path, atelier_job_get_id (queue->job));
  write->text = json_to_string (node, FALSE);

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

  if (task != NULL)
    g_ptr_array_add (queue->waiting_tasks, g_object_ref (task));
  queue->dirty = TRUE;
  if (!queue->writing && !queue->blocked)
    start_write (self, queue);
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

          if (!write_file_atomically (path, data, size, TRUE, &error))
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

      count_refs (self, job, -1);
      atelier_job_set_ref_names (job, (const char * const *) names, mask_name);
      count_refs (self, job, +1);
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
  g_hash_table_insert (self->by_id, g_strdup (id), g_object_ref (job));
  insert_sorted (self, job);

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

  g_return_if_fail (ATELIER_IS_LIBRARY (self));
  g_return_if_fail (ATELIER_IS_JOB (job));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, atelier_library_save_async);

  if (g_hash_table_lookup (self->by_id, atelier_job_get_id (job)) != job)
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
  gsize size;
  const guchar *data = g_bytes_get_data (bytes, &size);

  if (size >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    return g_strdup ("image/jpeg");
  if (size >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    return g_strdup ("image/png");
  if (size >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    return g_strdup ("image/webp");
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
  if (!write_file_atomically (write->path, data, size, TRUE, &error))
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
  atelier_job_set_image_file (store->job, store->file, store->content_type,
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

  insert_sorted (self, job);
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

static void
delete_job_files (AtelierLibrary *self,
                  AtelierJob     *job)
{
  g_autoptr(GTask) task = NULL;
  DeleteFiles *delete;
  const char * const *names = atelier_job_get_ref_names (job);
  const char *mask = atelier_job_get_mask_name (job);
  GFile *image = atelier_job_get_image_file (job);

  delete = g_new0 (DeleteFiles, 1);
  delete->paths = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (delete->paths, record_path (self->jobs_path, atelier_job_get_id (job)));
  if (image != NULL)
    g_ptr_array_add (delete->paths, g_file_get_path (image));

  count_refs (self, job, -1);
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
  schedule_index_write (self);

  task = g_task_new (self, NULL, NULL, NULL);
  g_task_set_source_tag (task, delete_job_files);
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
      complete_tasks (queue->waiting_tasks, NULL);
      g_hash_table_remove (self->queues, id);
    }
  delete_job_files (self, job);
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
