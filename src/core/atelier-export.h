/* atelier-export.h — copying pictures out to a folder, their settings embedded
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _AtelierExportItem AtelierExportItem;

/* One picture to export: the library's original, the file name wanted in the folder, and the
 * settings to embed (atelier_image_metadata_settings_for_job ()). Made on the main thread. */
AtelierExportItem *atelier_export_item_new   (GFile              *source,
                                              const char         *file_name,
                                              const char         *settings);
void               atelier_export_item_free  (AtelierExportItem  *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtelierExportItem, atelier_export_item_free)

/* Not a clash: "name.png", then "name (2).png", "name (3).png"… for the first name that neither
 * exists in `folder` nor was taken before. The name is reserved by creating the file. */
GFile             *atelier_export_reserve_name (GFile         *folder,
                                                const char    *file_name,
                                                GCancellable  *cancellable,
                                                GError       **error);

/* Copies every item into `folder` in a worker thread, each written atomically under a free name
 * (never over an existing file). Takes `items` (a GPtrArray of AtelierExportItem). */
void               atelier_export_async      (GFile              *folder,
                                              GPtrArray          *items,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data);
/* How many were written; `n_failed` how many were not, and `error` why the first of them was not. */
guint              atelier_export_finish     (GAsyncResult       *result,
                                              guint              *n_failed,
                                              GError            **error);

G_END_DECLS
