/* atelier-library-store.c — the library's index: a summary of every record in SQLite
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
#include <sqlite3.h>
#include <string.h>

#include "atelier-error.h"
#include "atelier-library-private.h"

/* index.sqlite holds one row per record: what the grid, search and filters need, and the inode,
 * modification time and size of the record file it was read from. It is a cache: the records
 * stay the truth. A row is written after its record (so a crash leaves the record newer, and the
 * next start's scan reads it); a missing, damaged or older index is rebuilt from the records.
 *
 * Why SQLite and not a text file: at 100,000 jobs a rewritten file is tens of megabytes per
 * change; a row is one small write. Search does not use FTS: the folded prompts are in memory and
 * a scan of 100,000 answers well within the target (BENCHMARKS.md). One connection serves every
 * thread, one operation at a time. */

#define STORE_VERSION 2

struct _LibraryStore
{
  gatomicrefcount  ref_count;
  GMutex           lock;
  sqlite3         *db;
};

static void
set_sqlite_error (GError     **error,
                  sqlite3     *db,
                  const char  *what)
{
  g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_STORAGE,
               "%s: %s", what, db != NULL ? sqlite3_errmsg (db) : "out of memory");
}

static gboolean
exec (sqlite3     *db,
      const char  *sql,
      GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_STORAGE, "%s", message);
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

static int
get_version (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

static sqlite3 *
open_db (const char  *path,
         GError     **error)
{
  sqlite3 *db = NULL;
  int version;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                       SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK)
    {
      set_sqlite_error (error, db, "Could not open the library index");
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 5000);

  /* WAL: a reader never waits for a writer. NORMAL: a power cut may lose the last rows, which the
   * next start's scan reads again from their records. */
  if (!exec (db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", error))
    {
      sqlite3_close (db);
      return NULL;
    }

  version = get_version (db);
  if (version < 0)
    {
      set_sqlite_error (error, db, "Could not read the library index");
      sqlite3_close (db);
      return NULL;
    }
  if (version != STORE_VERSION)
    {
      /* New, or written by another version: rebuilt from the records by the scan. */
      if (!exec (db,
                 "BEGIN;"
                 "DROP TABLE IF EXISTS jobs;"
                 "CREATE TABLE jobs ("
                 "  id TEXT PRIMARY KEY NOT NULL,"
                 "  created_usec INTEGER NOT NULL,"
                 "  state TEXT NOT NULL,"
                 "  model TEXT,"
                 "  prompt_key TEXT,"
                 "  seed INTEGER NOT NULL DEFAULT -1,"
                 "  favourite INTEGER NOT NULL DEFAULT 0,"
                 "  set_id TEXT,"
                 "  collections TEXT,"
                 "  parents TEXT,"
                 "  files TEXT,"
                 "  ino INTEGER NOT NULL,"
                 "  mtime_ns INTEGER NOT NULL,"
                 "  size INTEGER NOT NULL"
                 ") WITHOUT ROWID;"
                 "CREATE INDEX jobs_newest ON jobs (created_usec DESC, id DESC);"
                 "PRAGMA user_version = " G_STRINGIFY (STORE_VERSION) ";"
                 "COMMIT;", error))
        {
          sqlite3_close (db);
          return NULL;
        }
    }
  return db;
}

/* A damaged cache is thrown away, never repaired: the scan rebuilds it from the records. */
void
_atelier_library_store_discard (const char *path,
                                const char *reason)
{
  g_warning ("Rebuilding the library index: %s", reason);
  for (guint i = 0; i < 3; i++)
    {
      const char *suffixes[] = { "", "-wal", "-shm" };
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      if (g_unlink (file) != 0 && errno != ENOENT)
        g_warning ("Could not delete %s: %s", file, g_strerror (errno));
    }
}

LibraryStore *
_atelier_library_store_open (const char  *path,
                             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  LibraryStore *store;
  sqlite3 *db;

  db = open_db (path, &local_error);
  if (db == NULL)
    {
      _atelier_library_store_discard (path, local_error->message);
      g_clear_error (&local_error);
      db = open_db (path, error);
      if (db == NULL)
        return NULL;
    }

  store = g_new0 (LibraryStore, 1);
  g_atomic_ref_count_init (&store->ref_count);
  g_mutex_init (&store->lock);
  store->db = db;
  return store;
}

LibraryStore *
_atelier_library_store_ref (LibraryStore *store)
{
  g_atomic_ref_count_inc (&store->ref_count);
  return store;
}

void
_atelier_library_store_unref (LibraryStore *store)
{
  if (!g_atomic_ref_count_dec (&store->ref_count))
    return;
  sqlite3_close (store->db);
  g_mutex_clear (&store->lock);
  g_free (store);
}

/* Lists of names are kept one per line (names never hold a newline). */
static char *
join_names (const char * const *names)
{
  if (names == NULL || names[0] == NULL)
    return NULL;
  return g_strjoinv ("\n", (char **) names);
}

static GStrv
split_names (const unsigned char *text)
{
  if (text == NULL || text[0] == '\0')
    return NULL;
  return g_strsplit ((const char *) text, "\n", -1);
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

GPtrArray *
_atelier_library_store_read_all (LibraryStore  *store,
                                 GError       **error)
{
  g_autoptr(GPtrArray) summaries = g_ptr_array_new_with_free_func (_atelier_library_summary_free);
  sqlite3_stmt *stmt = NULL;
  int status;

  g_mutex_lock (&store->lock);
  if (sqlite3_prepare_v2 (store->db,
                          "SELECT id, created_usec, state, model, prompt_key, seed, favourite,"
                          " set_id, collections, parents, files, ino, mtime_ns, size"
                          " FROM jobs ORDER BY created_usec DESC, id DESC",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      set_sqlite_error (error, store->db, "Could not read the library index");
      g_mutex_unlock (&store->lock);
      return NULL;
    }

  while ((status = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JobSummary *summary = g_new0 (JobSummary, 1);
      const char *model = column_text (stmt, 3);

      summary->id = g_strdup (column_text (stmt, 0));
      summary->created_usec = sqlite3_column_int64 (stmt, 1);
      if (summary->id == NULL ||
          !_atelier_job_state_from_string (column_text (stmt, 2), &summary->state))
        {
          _atelier_library_summary_free (summary);
          continue;
        }
      summary->model_id = model != NULL ? g_intern_string (model) : NULL;
      summary->prompt_key = g_strdup (column_text (stmt, 4));
      summary->seed = sqlite3_column_int64 (stmt, 5);
      summary->favourite = sqlite3_column_int (stmt, 6) != 0;
      summary->set_id = g_strdup (column_text (stmt, 7));
      summary->collections = split_names (sqlite3_column_text (stmt, 8));
      summary->parents = split_names (sqlite3_column_text (stmt, 9));
      summary->files = split_names (sqlite3_column_text (stmt, 10));
      summary->stat.ino = (guint64) sqlite3_column_int64 (stmt, 11);
      summary->stat.mtime_ns = sqlite3_column_int64 (stmt, 12);
      summary->stat.size = sqlite3_column_int64 (stmt, 13);
      g_ptr_array_add (summaries, summary);
    }
  sqlite3_finalize (stmt);

  if (status != SQLITE_DONE)
    {
      set_sqlite_error (error, store->db, "Could not read the library index");
      g_mutex_unlock (&store->lock);
      return NULL;
    }
  g_mutex_unlock (&store->lock);
  return g_steal_pointer (&summaries);
}

static gboolean
bind_text (sqlite3_stmt *stmt,
           int           column,
           const char   *text)
{
  if (text == NULL)
    return sqlite3_bind_null (stmt, column) == SQLITE_OK;
  return sqlite3_bind_text (stmt, column, text, -1, SQLITE_TRANSIENT) == SQLITE_OK;
}

static gboolean
bind_summary (sqlite3_stmt  *stmt,
              gconstpointer  item)
{
  const JobSummary *summary = item;
  g_autofree char *collections = join_names ((const char * const *) summary->collections);
  g_autofree char *parents = join_names ((const char * const *) summary->parents);
  g_autofree char *files = join_names ((const char * const *) summary->files);
  return bind_text (stmt, 1, summary->id) &&
       sqlite3_bind_int64 (stmt, 2, summary->created_usec) == SQLITE_OK &&
       bind_text (stmt, 3, atelier_job_state_to_string (summary->state)) &&
       bind_text (stmt, 4, summary->model_id) &&
       bind_text (stmt, 5, summary->prompt_key) &&
       sqlite3_bind_int64 (stmt, 6, summary->seed) == SQLITE_OK &&
       sqlite3_bind_int (stmt, 7, summary->favourite ? 1 : 0) == SQLITE_OK &&
       bind_text (stmt, 8, summary->set_id) &&
       bind_text (stmt, 9, collections) &&
       bind_text (stmt, 10, parents) &&
       bind_text (stmt, 11, files) &&
       sqlite3_bind_int64 (stmt, 12, (sqlite3_int64) summary->stat.ino) == SQLITE_OK &&
       sqlite3_bind_int64 (stmt, 13, summary->stat.mtime_ns) == SQLITE_OK &&
       sqlite3_bind_int64 (stmt, 14, summary->stat.size) == SQLITE_OK;
}

/* Runs `sql` once per item in one transaction; `bind` binds an item's values. */
typedef gboolean (*BindFunc) (sqlite3_stmt *stmt,
                              gconstpointer item);

static gboolean
run_for_each (LibraryStore   *store,
              const char     *sql,
              gconstpointer  *items,
              guint           n,
              BindFunc        bind,
              GError        **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = TRUE;

  if (n == 0)
    return TRUE;

  g_mutex_lock (&store->lock);
  if (!exec (store->db, "BEGIN", error))
    {
      g_mutex_unlock (&store->lock);
      return FALSE;
    }
  if (sqlite3_prepare_v2 (store->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    ok = FALSE;
  for (guint i = 0; ok && i < n; i++)
    {
      sqlite3_reset (stmt);
      ok = bind (stmt, items[i]) && sqlite3_step (stmt) == SQLITE_DONE;
    }
  if (!ok)
    set_sqlite_error (error, store->db, "Could not write the library index");
  sqlite3_finalize (stmt);

  if (!exec (store->db, ok ? "COMMIT" : "ROLLBACK", ok ? error : NULL))
    ok = FALSE;
  g_mutex_unlock (&store->lock);
  return ok;
}

gboolean
_atelier_library_store_put (LibraryStore       *store,
                            JobSummary * const *summaries,
                            guint               n,
                            GError            **error)
{
  return run_for_each (store,
                       "INSERT OR REPLACE INTO jobs (id, created_usec, state, model, prompt_key,"
                       " seed, favourite, set_id, collections, parents, files, ino, mtime_ns,"
                       " size) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       (gconstpointer *) summaries, n, bind_summary, error);
}

static gboolean
bind_id (sqlite3_stmt  *stmt,
         gconstpointer  item)
{
  return bind_text (stmt, 1, item);
}

gboolean
_atelier_library_store_delete (LibraryStore       *store,
                               const char * const *ids,
                               guint               n,
                               GError            **error)
{
  return run_for_each (store, "DELETE FROM jobs WHERE id = ?", (gconstpointer *) ids, n, bind_id,
                       error);
}
