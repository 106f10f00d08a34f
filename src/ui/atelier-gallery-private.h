/* atelier-gallery-private.h — what the gallery's files share: its instance and its cells' setup
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "atelier-gallery.h"
#include "atelier-library-view.h"
#include "atelier-scope.h"
#include "atelier-scope-menu.h"
#include "atelier-selection-bar.h"

G_BEGIN_DECLS

struct _AtelierGallery
{
  GtkWidget           parent_instance;

  AtelierLibrary     *library;
  AtelierEngine      *engine;
  AtelierLibraryView *view;           /* the library searched and filtered, as the grid shows it */
  AtelierScope        scope;
  AtelierCollections *collections;
  GPtrArray          *model_ids;      /* dropdown position → model id (NULL = all) */
  char               *model_id;       /* the model filtered on, or NULL */
  gboolean            picking;        /* "Compare with…": the next activation picks */
  AtelierJob         *opened;         /* the job the detail view was opened on, to scroll back to */
  gboolean            opened_from_set; /* …from the variation grid, which Back returns to */
  GtkMultiSelection  *selection;
  AtelierJob         *selected[2];    /* the two selected jobs while exactly two are */

  GtkStack           *stack;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *model_dropdown;
  GtkButton          *compare_button;
  GtkRevealer        *pick_revealer;
  GtkStack           *browse_stack;
  GtkScrolledWindow  *scroller;
  GtkGridView        *grid_view;
  AtelierDetailView  *detail_view;
  AtelierVariationGrid *variation_grid;
  AtelierScopeMenu   *scope_menu;
  AtelierSelectionBar *selection_bar;
  AtelierCollectionDropBar *drop_bar;
  guint               fit_columns_id;
  GtkPopover         *cell_menu;      /* a picture's menu (right click, Menu, Shift+F10) */
};

/* atelier-gallery-cells.c: the grid's cells, their menu, and the actions on one picture
 * (gallery.cancel-job, retry-job, toggle-favourite, favourite-selected, open-job). */
void _atelier_gallery_class_init_cells (GtkWidgetClass *widget_class);
void _atelier_gallery_init_cells       (AtelierGallery *self);
void _atelier_gallery_dispose_cells    (AtelierGallery *self);

G_END_DECLS
