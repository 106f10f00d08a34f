/* atelier-selection-bar.h — what can be done with many selected pictures at once
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "atelier-collections.h"
#include "atelier-library.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_SELECTION_BAR (atelier_selection_bar_get_type ())

/* An action bar under the grid, revealed while more than one picture is selected: Favourite,
 * Add to Collection, Remove from Collection (when a collection is shown), Export to a folder,
 * Delete (one Undo for all), Select None.
 *
 * Signals: kept (a favourite or a membership changed). Actions: selection.favourite,
 * selection.add-to-collection (s), selection.new-collection, selection.remove-from-collection,
 * selection.export, selection.delete, selection.clear. */
G_DECLARE_FINAL_TYPE (AtelierSelectionBar, atelier_selection_bar, ATELIER, SELECTION_BAR, GtkWidget)

void      atelier_selection_bar_set_selection    (AtelierSelectionBar *self,
                                                  GtkSelectionModel   *selection);
void      atelier_selection_bar_set_library      (AtelierSelectionBar *self,
                                                  AtelierLibrary      *library);
void      atelier_selection_bar_set_collections  (AtelierSelectionBar *self,
                                                  AtelierCollections  *collections);
/* The gallery's scope string: in a collection, "Remove from Collection" is offered. */
void      atelier_selection_bar_set_scope        (AtelierSelectionBar *self,
                                                  const char          *scope);
/* Stars every selected picture, or, when all already are, takes their stars away. */
void      atelier_selection_bar_toggle_favourite (AtelierSelectionBar *self);
/* Export without asking where (tests, and the folder chooser's answer). */
void      atelier_selection_bar_export_to        (AtelierSelectionBar *self,
                                                  GFile               *folder);
gboolean  atelier_selection_bar_get_revealed     (AtelierSelectionBar *self);
AdwToast *atelier_selection_bar_get_delete_toast (AtelierSelectionBar *self);

G_END_DECLS
