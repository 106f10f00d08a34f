/* atelier-collection-dialog.h — asking for a collection's name, to make or rename one
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "atelier-collections.h"

G_BEGIN_DECLS

/* Called with the collection's id once it is made or renamed (never on Cancel). */
typedef void (*AtelierCollectionDialogDone) (const char *collection_id,
                                             gpointer    user_data);

/* A small dialog over the window of `from`: a name entry that says at once why a name cannot be
 * used (empty, taken). `rename_id` NULL makes a new collection. `user_data` is a GObject, held. */
void atelier_collection_dialog_present (GtkWidget                   *from,
                                        AtelierCollections          *collections,
                                        const char                  *rename_id,
                                        AtelierCollectionDialogDone  done,
                                        gpointer                     user_data);

G_END_DECLS
