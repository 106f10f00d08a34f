/* atelier-collections.h — the user's named collections of pictures, kept in collections.json
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define ATELIER_TYPE_COLLECTIONS (atelier_collections_get_type ())

/* The list of {id, name}, in the order they were made. A job's membership is in its own record
 * (AtelierJob:collections holds ids); this only names them. Every change is written atomically
 * in a worker, the last state winning.
 *
 * Signals: changed (any create, rename, delete or load). */
G_DECLARE_FINAL_TYPE (AtelierCollections, atelier_collections, ATELIER, COLLECTIONS, GObject)

/* `dir`: the library folder (NULL = g_get_user_data_dir()/atelier). */
AtelierCollections *atelier_collections_new          (GFile               *dir);
void                atelier_collections_load_async   (AtelierCollections  *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean            atelier_collections_load_finish  (AtelierCollections  *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

guint               atelier_collections_get_n_items  (AtelierCollections  *self);
const char         *atelier_collections_get_id       (AtelierCollections  *self,
                                                      guint                position);
const char         *atelier_collections_get_name     (AtelierCollections  *self,
                                                      guint                position);
/* NULL for an id no collection has (one deleted since). */
const char         *atelier_collections_lookup_name  (AtelierCollections  *self,
                                                      const char          *id);
/* The names of those of `ids` that exist, for search. */
GStrv               atelier_collections_dup_names    (AtelierCollections  *self,
                                                      const char * const  *ids);

/* FALSE with ATELIER_ERROR_VALIDATION and a readable message for an empty name or one another
 * collection (other than `except_id`) already has. */
gboolean            atelier_collections_check_name   (AtelierCollections  *self,
                                                      const char          *name,
                                                      const char          *except_id,
                                                      GError             **error);
/* Returns the new collection's id, or NULL and the error of check_name (). */
char               *atelier_collections_create       (AtelierCollections  *self,
                                                      const char          *name,
                                                      GError             **error);
gboolean            atelier_collections_rename       (AtelierCollections  *self,
                                                      const char          *id,
                                                      const char          *name,
                                                      GError             **error);
/* Only the name goes: no picture is deleted, and the records keep the id until the caller
 * commits with atelier_library_forget_collection (), so Undo (restore) brings everything back. */
gboolean            atelier_collections_delete       (AtelierCollections  *self,
                                                      const char          *id);
void                atelier_collections_restore      (AtelierCollections  *self,
                                                      const char          *id,
                                                      const char          *name,
                                                      guint                position);

/* Tests: TRUE while a write is under way or wanted. */
gboolean            atelier_collections_get_busy     (AtelierCollections  *self);

G_END_DECLS
