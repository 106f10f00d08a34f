/* atelier-variation-grid.h — a variation set side by side: one row per model or prompt variant,
 * one column per seed, each cell live while it runs and with its own star
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "atelier-gallery-cell.h"
#include "atelier-library.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_VARIATION_GRID (atelier_variation_grid_get_type ())

/* Signals: "job-activated" (AtelierJob *) when a cell is clicked or activated with the keyboard;
 * "close" from the Back button or Escape, and when the set's last picture is deleted. The cells'
 * stars, Cancel and Retry use the gallery's actions (gallery.toggle-favourite…), so the grid lives
 * inside an AtelierGallery. */
G_DECLARE_FINAL_TYPE (AtelierVariationGrid, atelier_variation_grid, ATELIER, VARIATION_GRID, GtkWidget)

GtkWidget          *atelier_variation_grid_new              (void);
void                atelier_variation_grid_set_library      (AtelierVariationGrid *self,
                                                             AtelierLibrary       *library);
/* Shows the set's jobs (NULL: none). The grid follows the library: a job of the set added later
 * gets its cell, a deleted one loses it. */
void                atelier_variation_grid_set_set_id       (AtelierVariationGrid *self,
                                                             const char           *set_id);
const char         *atelier_variation_grid_get_set_id       (AtelierVariationGrid *self);

/* The layout, for tests and for what a screen reader is told. Rows are what varied (a model's
 * name, a prompt variant; the model for a set of seeds), columns the seeds ("Seed 42"), or
 * "Picture 2" where a column's pictures have no common seed. */
guint               atelier_variation_grid_get_n_rows       (AtelierVariationGrid *self);
guint               atelier_variation_grid_get_n_columns    (AtelierVariationGrid *self);
const char         *atelier_variation_grid_get_row_label    (AtelierVariationGrid *self,
                                                             guint                 row);
const char         *atelier_variation_grid_get_column_label (AtelierVariationGrid *self,
                                                             guint                 column);
/* NULL where the set has no picture (a model that made fewer). */
AtelierGalleryCell *atelier_variation_grid_get_cell         (AtelierVariationGrid *self,
                                                             guint                 row,
                                                             guint                 column);
/* What the header says: the kind of set and how many pictures ("Models · 6 pictures"). */
const char         *atelier_variation_grid_get_subtitle     (AtelierVariationGrid *self);

G_END_DECLS
