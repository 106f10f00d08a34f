/* atelier-gallery.h — every generation, live while it runs
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "atelier-application.h"
#include "atelier-collection-drop-bar.h"
#include "atelier-gallery-cell.h"
#include "atelier-detail-view.h"
#include "atelier-variation-grid.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_GALLERY (atelier_gallery_get_type ())

/* No signals. Actions: gallery.cancel-job (s), gallery.retry-job (s) on a job's id,
 * gallery.search, gallery.compare-selected, gallery.cancel-pick, gallery.toggle-favourite (s),
 * gallery.favourite-selected (S), gallery.show-set (s) on a variation set's id. The selection bar adds selection.*, the scope menu scope.*. What the detail view hands on
 * (reuse, use as reference, Edit with Fill, regenerate) goes to the window's win.* job actions. */
G_DECLARE_FINAL_TYPE (AtelierGallery, atelier_gallery, ATELIER, GALLERY, GtkWidget)

void                atelier_gallery_bind            (AtelierGallery     *self,
                                                     AtelierApplication *application);
/* What bind does, without an application (tests, tools). */
void                atelier_gallery_set_services    (AtelierGallery     *self,
                                                     AtelierLibrary     *library,
                                                     AtelierEngine      *engine);
/* The collections the scope menu and "Add to Collection" offer, and search matches by name. */
void                atelier_gallery_set_collections (AtelierGallery     *self,
                                                     AtelierCollections *collections);
/* What the grid shows: "all", "favourites", "collection:<id>", "set:<id>" (see atelier-scope.h). */
void                atelier_gallery_set_scope       (AtelierGallery     *self,
                                                     const char         *scope);
const char         *atelier_gallery_get_scope       (AtelierGallery     *self);
/* Opens the detail view of a job in place (NULL goes back to the grid). */
void                atelier_gallery_show_job        (AtelierGallery     *self,
                                                     AtelierJob         *job);
AtelierDetailView  *atelier_gallery_get_detail_view (AtelierGallery     *self);
/* Shows a variation set side by side (NULL, or a set with no picture left: the grid); a picture
 * opened from it comes back to it. */
void                atelier_gallery_show_set        (AtelierGallery     *self,
                                                     const char         *set_id);
AtelierVariationGrid *atelier_gallery_get_variation_grid (AtelierGallery  *self);
/* The collections a dragged picture can be dropped on (revealed while one is dragged). */
AtelierCollectionDropBar *atelier_gallery_get_drop_bar (AtelierGallery    *self);
/* The filtered model the grid shows. */
GListModel         *atelier_gallery_get_model       (AtelierGallery     *self);
/* The grid's selection over that model: selecting two finished images enables "Compare". */
GtkSelectionModel  *atelier_gallery_get_selection   (AtelierGallery     *self);
/* The cell currently showing `job`, or NULL when it is not on screen. */
AtelierGalleryCell *atelier_gallery_find_cell       (AtelierGallery     *self,
                                                     AtelierJob         *job);
/* "grid", "empty", "no-results", "detail" or "set". */
const char         *atelier_gallery_get_page        (AtelierGallery     *self);
void                atelier_gallery_set_search      (AtelierGallery     *self,
                                                     const char         *text);
void                atelier_gallery_set_model_filter (AtelierGallery    *self,
                                                      const char        *model_id);

G_END_DECLS
