/* atelier-library-private.h — what the split files of AtelierLibrary share
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "atelier-job-private.h"
#include "atelier-library.h"
#include "atelier-library-view.h"

G_BEGIN_DECLS

typedef struct
{
  guint64 ino;
  gint64  mtime_ns;
  gint64  size;
} RecordStat;

/* What the library keeps of a job that nobody holds (and what its index stores): enough to place
 * it in the grid, search and filter it, and count the shared files it names. Made in any thread. */
typedef struct
{
  char            *id;
  gint64           created_usec;
  AtelierJobState  state;
  const char      *model_id;      /* interned */
  char            *prompt_key;    /* the prompt folded for search (atelier_library_fold) */
  gint64           seed;          /* -1 unknown */
  gboolean         favourite;
  char            *set_id;
  GStrv            collections;
  GStrv            parents;       /* the ids of the jobs it came from */
  GStrv            files;         /* the references' and mask's copies it names */
  RecordStat       stat;          /* of the record file this was read from */
} JobSummary;

/* One job of the library. The job object exists while anyone holds it (the gallery's visible
 * cells, the detail view, the engine); otherwise it is read back from its record on demand. */
typedef struct
{
  char            *id;
  gint64           created_usec;
  AtelierJobState  state;
  const char      *model_id;      /* interned */
  char            *prompt_key;
  gint64           seed;
  gboolean         favourite;
  char            *set_id;
  GStrv            collections;
  GStrv            parents;
  GWeakRef         job;
  AtelierJob      *held;          /* unfinished, or removed with Undo still possible */
  gboolean         removed;
} LibraryRow;

typedef struct _LibraryStore LibraryStore;

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
  char         *store_path;

  GPtrArray    *rows;        /* LibraryRow: the model, newest first */
  GHashTable   *by_id;       /* id → LibraryRow: everything on disk, removed ones too until committed */
  GHashTable   *queues;      /* id → WriteQueue */
  GHashTable   *ref_counts;  /* ref file name → jobs using it */
  GHashTable   *touched;     /* ids written in this session: their records are newer than any scan */
  GList        *views;       /* AtelierLibraryView following the rows */
  guint         n_skipped;   /* damaged records seen: never garbage-collect refs then */
  guint         n_records_read; /* jobs read back from their records (tests, benchmarks) */

  /* The jobs most recently asked for, most recent first (strong refs), so a grid rebinding the
   * same cells after a search or a scroll back does not read their records again. */
  GQueue        recent;
  GHashTable   *recent_links; /* AtelierJob → its link in `recent` */
  guint         recent_max;

  LibraryStore *store;       /* NULL until loaded, or when the index cannot be opened */
  gboolean      loaded;
  gboolean      scanned;     /* the records were compared with the index */
  gboolean      emptied;     /* the model says it is empty (see _atelier_library_replace_all) */

  GCancellable *cancellable;
};

/* atelier-library.c: the model and the references it shares */
void        _atelier_library_insert_row             (AtelierLibrary   *self,
                                                     LibraryRow       *row);
void        _atelier_library_remove_row             (AtelierLibrary   *self,
                                                     LibraryRow       *row);
LibraryRow *_atelier_library_row_new_for_job        (AtelierJob       *job);
LibraryRow *_atelier_library_row_new                (JobSummary       *summary);
void        _atelier_library_row_free               (gpointer          data);
/* Takes a summary's values, telling nobody (a bulk change resets the views after). */
void        _atelier_library_row_set_summary        (LibraryRow       *row,
                                                     const JobSummary *summary);
void        _atelier_library_row_update             (AtelierLibrary   *self,
                                                     LibraryRow       *row,
                                                     const JobSummary *summary);
/* The job of a row: alive, or read back from its record (never NULL). */
AtelierJob *_atelier_library_row_get_job            (AtelierLibrary   *self,
                                                     LibraryRow       *row);
void        _atelier_library_row_hold               (LibraryRow       *row,
                                                     AtelierJob       *job);
int         _atelier_library_row_compare            (const LibraryRow *a,
                                                     const LibraryRow *b);
/* Where `row` is (TRUE) or would go (FALSE) in rows sorted like the model. */
gboolean    _atelier_library_rows_find              (GPtrArray        *rows,
                                                     LibraryRow       *row,
                                                     guint            *position);
gboolean    _atelier_library_row_position           (AtelierLibrary   *self,
                                                     LibraryRow       *row,
                                                     guint            *position);
void        _atelier_library_count_refs             (AtelierLibrary   *self,
                                                     AtelierJob       *job,
                                                     int               delta);
void        _atelier_library_count_files            (GHashTable       *ref_counts,
                                                     const char * const *files,
                                                     int               delta);
void        _atelier_library_delete_job_files       (AtelierLibrary   *self,
                                                     AtelierJob       *job);
/* Points a job read from its record at its image file in the library. */
void        _atelier_library_resolve_image          (AtelierLibrary   *self,
                                                     AtelierJob       *job);
/* Tells a model's observers that all of it changed (`old_n` items before), without making a list
 * view read every item. */
void        _atelier_library_replace_all            (GListModel       *model,
                                                     guint             old_n,
                                                     gboolean         *emptied);
/* Drops a row's job from the recently-used jobs (it was deleted, or its record changed). */
void        _atelier_library_forget_row_job         (AtelierLibrary   *self,
                                                     LibraryRow       *row);
/* Tests and benchmarks: how many jobs were read back from their records. */
guint       _atelier_library_get_n_records_read     (AtelierLibrary   *self);
/* Tests and benchmarks: how many jobs nobody holds are kept (1024 unless told). */
void        _atelier_library_set_recent_max         (AtelierLibrary   *self,
                                                     guint             n_jobs);

/* atelier-library-index.c: loading, and comparing the index with the records */
/* Tests and benchmarks: loads synchronously, the scan of the records included. */
gboolean    _atelier_library_load                   (AtelierLibrary   *self,
                                                     GError          **error);
/* Summaries: from a record as JSON (any thread). */
JobSummary *_atelier_library_summary_from_json      (JsonNode         *record,
                                                     const RecordStat *stat);
void        _atelier_library_summary_free           (gpointer          data);
JobSummary *_atelier_library_summary_copy           (const JobSummary *summary);
/* Reads and parses one record (any thread); NULL and a warning for a damaged one. */
AtelierJob *_atelier_library_read_record            (const char       *jobs_path,
                                                     const char       *id,
                                                     JsonNode        **out_node,
                                                     RecordStat       *out_stat,
                                                     GError          **error);

/* atelier-library-store.c: the index, an SQLite database beside the records. Thread-safe. */
LibraryStore *_atelier_library_store_open           (const char       *path,
                                                     GError          **error);
/* Deletes a damaged index (and its WAL) for the scan to rebuild; says why in the log. */
void        _atelier_library_store_discard          (const char       *path,
                                                     const char       *reason);
LibraryStore *_atelier_library_store_ref            (LibraryStore     *store);
void        _atelier_library_store_unref            (LibraryStore     *store);
/* Every summary, newest first. */
GPtrArray  *_atelier_library_store_read_all         (LibraryStore     *store,
                                                     GError          **error);
gboolean    _atelier_library_store_put              (LibraryStore     *store,
                                                     JobSummary * const *summaries,
                                                     guint             n,
                                                     GError          **error);
gboolean    _atelier_library_store_delete           (LibraryStore     *store,
                                                     const char * const *ids,
                                                     guint             n,
                                                     GError          **error);

/* atelier-library-view.c: views follow the rows */
void        _atelier_library_view_row_inserted      (gpointer          view,
                                                     LibraryRow       *row,
                                                     guint             position);
void        _atelier_library_view_row_removed       (gpointer          view,
                                                     LibraryRow       *row,
                                                     guint             position);
void        _atelier_library_view_row_changed       (gpointer          view,
                                                     LibraryRow       *row);
void        _atelier_library_view_reset             (gpointer          view);

/* atelier-library-writes.c; the first three are for worker threads */
gboolean    _atelier_library_stat_record            (const char       *path,
                                                     RecordStat       *out);
gboolean    _atelier_library_write_file_atomically  (const char       *path,
                                                     const void       *data,
                                                     gsize             length,
                                                     gboolean          durable,
                                                     GError          **error);
char       *_atelier_library_record_path            (const char       *jobs_path,
                                                     const char       *id);
void        _atelier_library_write_queue_free       (gpointer          data);
void        _atelier_library_complete_tasks         (GPtrArray        *tasks,
                                                     const GError     *error);

G_END_DECLS
