/* atelier-collection-drop-bar.h — the collections as places to drop pictures on, shown while a
 * picture is dragged over the gallery
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "atelier-collections.h"
#include "atelier-job.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_COLLECTION_DROP_BAR (atelier_collection_drop_bar_get_type ())

/* A bar of collections, and "New Collection", each a drop target for the gallery's pictures (a
 * gallery cell's drag carries its AtelierJob, inside Atelier only). It reveals itself while such a
 * drag is over the widget it watches.
 *
 * Signals: job-dropped (AtelierJob *job, const char *collection_id): a picture was dropped on a
 * collection, or on New Collection (collection_id NULL); the gallery decides which pictures that
 * means (the selection when the picture is part of it). */
G_DECLARE_FINAL_TYPE (AtelierCollectionDropBar, atelier_collection_drop_bar, ATELIER, COLLECTION_DROP_BAR, GtkWidget)

void      atelier_collection_drop_bar_set_collections (AtelierCollectionDropBar *self,
                                                       AtelierCollections       *collections);
/* Shows the bar while a picture from the gallery is dragged over `area` (the gallery). */
void      atelier_collection_drop_bar_watch           (AtelierCollectionDropBar *self,
                                                       GtkWidget                *area);
gboolean  atelier_collection_drop_bar_get_revealed    (AtelierCollectionDropBar *self);
void      atelier_collection_drop_bar_set_revealed    (AtelierCollectionDropBar *self,
                                                       gboolean                  revealed);
/* The names the bar offers, in order ("New Collection" last). */
guint       atelier_collection_drop_bar_get_n_targets  (AtelierCollectionDropBar *self);
const char *atelier_collection_drop_bar_get_target_name (AtelierCollectionDropBar *self,
                                                         guint                     index);
/* What a drop on target `index` does (the drop target's handler; tests drop through it). */
void      atelier_collection_drop_bar_drop            (AtelierCollectionDropBar *self,
                                                       guint                     index,
                                                       AtelierJob               *job);

G_END_DECLS
