/* atelier-library-private.h — what the split files of AtelierLibrary share
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "atelier-job-private.h"
#include "atelier-library.h"

G_BEGIN_DECLS

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

/* atelier-library.c: the model and the references it shares */
void        _atelier_library_insert_sorted          (AtelierLibrary   *self,
                                                     AtelierJob       *job);
void        _atelier_library_count_refs             (AtelierLibrary   *self,
                                                     AtelierJob       *job,
                                                     int               delta);
void        _atelier_library_delete_job_files       (AtelierLibrary   *self,
                                                     AtelierJob       *job);

/* atelier-library-index.c */
/* Tests and benchmarks: loads synchronously. */
gboolean    _atelier_library_load                   (AtelierLibrary   *self,
                                                     GError          **error);
IndexEntry *_atelier_library_index_entry_new        (const char       *id,
                                                     const char       *text,
                                                     const RecordStat *stat);
void        _atelier_library_index_entry_free       (gpointer          data);
void        _atelier_library_schedule_index_write   (AtelierLibrary   *self);

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
