/* atelier-catalog.c — the model catalog: data/models.json read into AtelierModels
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "atelier-catalog.h"
#include "atelier-resources.h"

struct _AtelierCatalog
{
  GObject    parent_instance;

  GPtrArray *models; /* AtelierModel, in the file's order */
};

static GType
atelier_catalog_get_item_type (GListModel *model)
{
  return ATELIER_TYPE_MODEL;
}

static guint
atelier_catalog_get_n_items (GListModel *model)
{
  return ATELIER_CATALOG (model)->models->len;
}

static gpointer
atelier_catalog_get_item (GListModel *model,
                          guint       position)
{
  AtelierCatalog *self = ATELIER_CATALOG (model);

  if (position >= self->models->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->models, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = atelier_catalog_get_item_type;
  iface->get_n_items = atelier_catalog_get_n_items;
  iface->get_item = atelier_catalog_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (AtelierCatalog, atelier_catalog, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
atelier_catalog_finalize (GObject *object)
{
  AtelierCatalog *self = (AtelierCatalog *)object;

  g_clear_pointer (&self->models, g_ptr_array_unref);

  G_OBJECT_CLASS (atelier_catalog_parent_class)->finalize (object);
}

static void
atelier_catalog_class_init (AtelierCatalogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = atelier_catalog_finalize;
}

static void
atelier_catalog_init (AtelierCatalog *self)
{
  self->models = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * atelier_catalog_new_from_data:
 *
 * Reads a catalog in the format of data/models.json: an object whose "models" member lists the
 * entries (a bare list is accepted too). Any malformed entry, or an id given twice, fails the
 * whole catalog with an error naming it.
 */
AtelierCatalog *
atelier_catalog_new_from_data (const char  *json,
                               gssize       length,
                               GError     **error)
{
  g_autoptr(AtelierCatalog) self = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonNode *list = NULL;
  JsonArray *array;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!json_parser_load_from_data (parser, json, length, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    list = root;
  else if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    list = json_object_get_member (json_node_get_object (root), "models");

  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "The model catalog has no list of models");
      return NULL;
    }

  self = g_object_new (ATELIER_TYPE_CATALOG, NULL);
  array = json_node_get_array (list);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      AtelierModel *model;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "Model catalog entry %u is not an object", i + 1);
          return NULL;
        }
      if ((model = atelier_model_new_from_json (json_node_get_object (element), error)) == NULL)
        return NULL;
      if (atelier_catalog_lookup (self, atelier_model_get_id (model)) != NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "Model catalog entry “%s” is listed twice", atelier_model_get_id (model));
          g_object_unref (model);
          return NULL;
        }
      g_ptr_array_add (self->models, model);
    }

  return g_steal_pointer (&self);
}

/**
 * atelier_catalog_get_default:
 *
 * Returns: (transfer none): the catalog compiled into the resources, loaded once.
 */
AtelierCatalog *
atelier_catalog_get_default (void)
{
  static AtelierCatalog *catalog;

  if (g_once_init_enter (&catalog))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;
      AtelierCatalog *loaded = NULL;

      atelier_resources_ensure ();
      bytes = g_resources_lookup_data (RESOURCE_PATH "/models.json", G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
      if (bytes != NULL)
        loaded = atelier_catalog_new_from_data (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);

      /* The built-in catalog is part of the program; the tests keep it valid. */
      if (loaded == NULL)
        {
          g_critical ("The built-in model catalog is broken: %s", error->message);
          loaded = g_object_new (ATELIER_TYPE_CATALOG, NULL);
        }

      g_once_init_leave (&catalog, loaded);
    }

  return catalog;
}

/**
 * atelier_catalog_lookup:
 *
 * Returns: (transfer none) (nullable): the model whose id is @id.
 */
AtelierModel *
atelier_catalog_lookup (AtelierCatalog *self,
                        const char     *id)
{
  g_return_val_if_fail (ATELIER_IS_CATALOG (self), NULL);

  if (id == NULL)
    return NULL;

  for (guint i = 0; i < self->models->len; i++)
    {
      AtelierModel *model = g_ptr_array_index (self->models, i);

      if (g_str_equal (atelier_model_get_id (model), id))
        return model;
    }
  return NULL;
}
