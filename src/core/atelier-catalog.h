/* atelier-catalog.h — the model catalog: data/models.json read into AtelierModels
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "atelier-model.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_CATALOG (atelier_catalog_get_type ())

/* A GListModel of AtelierModel, in the order of data/models.json (FLUX.2 first). */
G_DECLARE_FINAL_TYPE (AtelierCatalog, atelier_catalog, ATELIER, CATALOG, GObject)

/* The catalog compiled into the GResource (shared, loaded once). */
AtelierCatalog *atelier_catalog_get_default   (void);
AtelierCatalog *atelier_catalog_new_from_data (const char     *json,
                                               gssize          length,
                                               GError        **error);
AtelierModel   *atelier_catalog_lookup        (AtelierCatalog *self,
                                               const char     *id);

G_END_DECLS
