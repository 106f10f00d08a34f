/* atelier-library.h — every generation, on disk, as a GListModel of AtelierJob (newest first)
 *
 * A job object exists while someone holds it; get_item reads a job nobody holds back from its
 * record (a small file). Hold what you use, and find a job by id with atelier_library_dup_job ()
 * or atelier_library_find (), never by walking the model: at 100,000 jobs that reads them all.
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "atelier-job.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_LIBRARY (atelier_library_get_type ())

G_DECLARE_FINAL_TYPE (AtelierLibrary, atelier_library, ATELIER, LIBRARY, GObject)

/* `dir` NULL = g_get_user_data_dir()/atelier. */
AtelierLibrary *atelier_library_new           (GFile               *dir);

/* Loads the index (not the images) in a worker thread; the model fills when it completes.
 * Then the records are compared with the index in the background (the `scanned` property). */
void            atelier_library_load_async    (AtelierLibrary      *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean        atelier_library_load_finish   (AtelierLibrary      *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* Adds a new job at the top and writes its record (and copies of its references) atomically;
 * the callback runs once it is on disk: only then may the job be submitted. */
void            atelier_library_add_async     (AtelierLibrary      *self,
                                               AtelierJob          *job,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean        atelier_library_add_finish    (AtelierLibrary      *self,
                                               GAsyncResult        *result,
                                               GError             **error);
/* Writes the job's record again (after a change of state), atomically; writes to the same job
 * are serialized so the last state always wins. */
void            atelier_library_save_async    (AtelierLibrary      *self,
                                               AtelierJob          *job,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean        atelier_library_save_finish   (AtelierLibrary      *self,
                                               GAsyncResult        *result,
                                               GError             **error);
/* Where the image of a job goes (the extension follows the content type). */
GFile          *atelier_library_image_file_for (AtelierLibrary     *self,
                                                AtelierJob         *job,
                                                const char         *content_type);
/* Stores the downloaded bytes exactly as received (atomic), then sets the job's image file. */
void            atelier_library_store_image_async (AtelierLibrary  *self,
                                                   AtelierJob      *job,
                                                   GBytes          *bytes,
                                                   const char      *content_type,
                                                   GCancellable    *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer         user_data);
gboolean        atelier_library_store_image_finish (AtelierLibrary *self,
                                                    GAsyncResult   *result,
                                                    GError        **error);

/* Removes from the model at once; the files go when the deletion is committed (Undo before that). */
void            atelier_library_remove        (AtelierLibrary      *self,
                                               AtelierJob          *job);
void            atelier_library_undo_remove   (AtelierLibrary      *self,
                                               AtelierJob          *job);
void            atelier_library_commit_remove (AtelierLibrary      *self,
                                               AtelierJob          *job);

/* The job with this id (read back from its record if nobody holds it), or NULL. */
AtelierJob     *atelier_library_dup_job       (AtelierLibrary      *self,
                                               const char          *job_id);
/* Where the job is in the model, without reading anything. */
gboolean        atelier_library_find          (AtelierLibrary      *self,
                                               const char          *job_id,
                                               guint               *position);
/* The jobs not yet in a final state (queued, running, downloading), oldest first. */
GPtrArray      *atelier_library_dup_unfinished (AtelierLibrary     *self);
/* TRUE once every record was compared with the index (see atelier_library_load_async). */
gboolean        atelier_library_get_scanned   (AtelierLibrary      *self);
/* Text folded for search: lower case, compatibility forms (ASCII without normalization). */
char           *atelier_library_fold          (const char          *text);
/* The references of a job, loaded from the library's copies (worker thread). */
void            atelier_library_load_recipe_async  (AtelierLibrary      *self,
                                                    AtelierJob          *job,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
AtelierRecipe  *atelier_library_load_recipe_finish (AtelierLibrary      *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* Keeping (atelier-library-keep.c): each sets the job's property and saves its record. */
void            atelier_library_set_favourite      (AtelierLibrary      *self,
                                                    AtelierJob          *job,
                                                    gboolean             favourite);
void            atelier_library_set_in_collection  (AtelierLibrary      *self,
                                                    AtelierJob          *job,
                                                    const char          *collection_id,
                                                    gboolean             member);
/* Takes a deleted collection's id out of every record that names it; returns how many. */
guint           atelier_library_forget_collection  (AtelierLibrary      *self,
                                                    const char          *collection_id);
/* Lineage (atelier-library-lineage.c). The jobs whose parents name `job_id`, newest first (a
 * scan of the model: children are not indexed). */
GPtrArray      *atelier_library_find_children (AtelierLibrary      *self,
                                               const char          *job_id);
/* The jobs of a variation set, in the order they were made (oldest first). */
GPtrArray      *atelier_library_find_set      (AtelierLibrary      *self,
                                               const char          *set_id);

G_END_DECLS
