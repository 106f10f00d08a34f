/* atelier-scope-menu.h — the button beside the search that picks which pictures the gallery shows
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "atelier-collections.h"
#include "atelier-library.h"
#include "atelier-scope.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_SCOPE_MENU (atelier_scope_menu_get_type ())

/* All Images, Favourites, each collection (and a variation set when one is shown), with New,
 * Rename and Delete for collections. Deleting a collection keeps every picture and has Undo.
 *
 * Properties: scope (a string, see atelier_scope_parse ()), label (what the button says).
 * Actions: scope.show (s, stateful), scope.new-collection, scope.rename-collection,
 * scope.delete-collection. */
G_DECLARE_FINAL_TYPE (AtelierScopeMenu, atelier_scope_menu, ATELIER, SCOPE_MENU, GtkWidget)

void        atelier_scope_menu_set_library     (AtelierScopeMenu   *self,
                                                AtelierLibrary     *library);
void        atelier_scope_menu_set_collections (AtelierScopeMenu   *self,
                                                AtelierCollections *collections);
const char *atelier_scope_menu_get_scope       (AtelierScopeMenu   *self);
void        atelier_scope_menu_set_scope       (AtelierScopeMenu   *self,
                                                const char         *scope);
const char *atelier_scope_menu_get_label       (AtelierScopeMenu   *self);
GMenuModel *atelier_scope_menu_get_menu_model  (AtelierScopeMenu   *self);

G_END_DECLS
