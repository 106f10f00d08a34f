/* atelier-catalog.c
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "atelier-catalog.h"

/* Link stub: the real implementation follows. */

struct _AtelierCatalog
{
  GObject parent_instance;
};

static GType list_model_get_item_type (GListModel *model) { return ATELIER_TYPE_MODEL; }
static guint list_model_get_n_items (GListModel *model) { return 0; }
static gpointer list_model_get_item (GListModel *model, guint position) { return NULL; }

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_model_get_item_type;
  iface->get_n_items = list_model_get_n_items;
  iface->get_item = list_model_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (AtelierCatalog, atelier_catalog, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void atelier_catalog_class_init (AtelierCatalogClass *klass) { }
static void atelier_catalog_init (AtelierCatalog *self) { }

AtelierCatalog *atelier_catalog_get_default (void) { static AtelierCatalog *c; if (!c) c = g_object_new (ATELIER_TYPE_CATALOG, NULL); return c; }
AtelierCatalog *atelier_catalog_new_from_data (const char *json, gssize length, GError **error) { return g_object_new (ATELIER_TYPE_CATALOG, NULL); }
AtelierModel *atelier_catalog_lookup (AtelierCatalog *self, const char *id) { return NULL; }
