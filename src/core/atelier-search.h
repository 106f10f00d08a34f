/* atelier-search.h — whether a picture matches what was typed in the gallery's search
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The whitespace-separated terms of a query, case-folded and normalized; NULL for a blank query
 * (which matches everything). */
GStrv     atelier_search_fold_terms (const char         *query);

/* TRUE when every term is found (as a substring, case-insensitively) in at least one of: the
 * prompt, the model's display name, the model id, the seed (the whole number), a collection name.
 * `terms` from atelier_search_fold_terms (); NULL or empty matches everything; seed < 0 = none.
 * Pure: any thread. */
gboolean  atelier_search_matches    (const char * const *terms,
                                     const char         *prompt,
                                     const char         *model_name,
                                     const char         *model_id,
                                     gint64              seed,
                                     const char * const *collection_names);

G_END_DECLS
