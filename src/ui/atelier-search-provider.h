/* atelier-search-provider.h — GNOME Shell searches the library's prompts and models
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "atelier-application.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_SEARCH_PROVIDER (atelier_search_provider_get_type ())

/* org.gnome.Shell.SearchProvider2 over the finished pictures of the library: every search term
 * must appear (ignoring case) in the prompt or the model's name. Results are job IDs, newest
 * first; their metas carry the prompt and the cached thumbnail; activating one opens the window
 * at that picture (app.show-job). Searches run in a worker thread over a snapshot of the library's
 * jobs taken once per change of the library (texts folded once per snapshot); calls wait until
 * the library is loaded. */
G_DECLARE_FINAL_TYPE (AtelierSearchProvider, atelier_search_provider, ATELIER, SEARCH_PROVIDER, GObject)

/* At most this many results are returned (GNOME Shell shows a handful). */
#define ATELIER_SEARCH_PROVIDER_MAX_RESULTS 50

AtelierSearchProvider *atelier_search_provider_new        (AtelierApplication     *application);
gboolean               atelier_search_provider_register   (AtelierSearchProvider  *self,
                                                           GDBusConnection        *connection,
                                                           const char             *object_path,
                                                           GError                **error);
void                   atelier_search_provider_unregister (AtelierSearchProvider  *self);

G_END_DECLS
