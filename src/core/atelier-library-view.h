/* atelier-library-view.h — the library as the gallery shows it: searched and filtered, newest first
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "atelier-collections.h"
#include "atelier-library.h"
#include "atelier-scope.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_LIBRARY_VIEW (atelier_library_view_get_type ())

/* A GListModel of AtelierJob. Search and filters run over the library's rows in memory (no job is
 * read for them), and the view follows every change of the library by itself. */
G_DECLARE_FINAL_TYPE (AtelierLibraryView, atelier_library_view, ATELIER, LIBRARY_VIEW, GObject)

AtelierLibraryView *atelier_library_view_new          (AtelierLibrary     *library);
void                atelier_library_view_set_library  (AtelierLibraryView *self,
                                                       AtelierLibrary     *library);
AtelierLibrary     *atelier_library_view_get_library  (AtelierLibraryView *self);
/* Every whitespace-separated term must be found, ignoring case, in the prompt, the model's name or
 * id or a collection's name, or be the seed. NULL or "" shows everything. */
void                atelier_library_view_set_search   (AtelierLibraryView *self,
                                                       const char         *text);
/* Collection names are searched too (and followed when they change). */
void                atelier_library_view_set_collections (AtelierLibraryView *self,
                                                          AtelierCollections *collections);
/* "all", "favourites", "collection:<id>" or "set:<id>" (atelier-scope.h). */
void                atelier_library_view_set_scope    (AtelierLibraryView *self,
                                                       const char         *scope);
/* Only the jobs of this model (NULL: every model). */
void                atelier_library_view_set_model_id (AtelierLibraryView *self,
                                                       const char         *model_id);
/* Where the job is in the view, without reading anything. */
gboolean            atelier_library_view_find         (AtelierLibraryView *self,
                                                       const char         *job_id,
                                                       guint              *position);

/* The ids of up to `max` finished pictures (Ready) matching every term as above, newest first. */
GStrv               atelier_library_search_pictures   (AtelierLibrary     *library,
                                                       const char * const *terms,
                                                       guint               max);

G_END_DECLS
