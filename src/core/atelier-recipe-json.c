/* atelier-recipe-json.c — a recipe to and from the JSON of a job file and the saved settings
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "atelier-recipe-private.h"

static void
add_param_to_builder (JsonBuilder *builder,
                      const char  *name,
                      GVariant    *value)
{
  json_builder_set_member_name (builder, name);
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    json_builder_add_boolean_value (builder, g_variant_get_boolean (value));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    json_builder_add_string_value (builder, g_variant_get_string (value, NULL));
  else
    {
      double number = g_variant_get_double (value);

      /* Whole numbers stay whole in the file, so that "steps": 30 reads like it was set. */
      if (number == floor (number) && fabs (number) < 9e15)
        json_builder_add_int_value (builder, (gint64) number);
      else
        json_builder_add_double_value (builder, number);
    }
}

/**
 * atelier_recipe_to_json:
 *
 * Returns: (transfer full): an object with "model", "prompt", "region", "width", "height",
 * "aspect_ratio" (when set), "seed" (null when random), "latest_weights" (when on), "expand"
 * (when a side is set), "params", and "ref_files" / "mask_file" when names are given.
 */
JsonNode *
atelier_recipe_to_json (AtelierRecipe      *self,
                        const char * const *ref_names,
                        const char         *mask_name)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_auto(GStrv) names = NULL;

  g_return_val_if_fail (ATELIER_IS_RECIPE (self), NULL);

  json_builder_begin_object (builder);

  if (self->model_id != NULL)
    {
      json_builder_set_member_name (builder, "model");
      json_builder_add_string_value (builder, self->model_id);
    }
  json_builder_set_member_name (builder, "prompt");
  json_builder_add_string_value (builder, self->prompt);
  json_builder_set_member_name (builder, "region");
  json_builder_add_string_value (builder, atelier_region_to_string (self->region));
  json_builder_set_member_name (builder, "width");
  json_builder_add_int_value (builder, self->width);
  json_builder_set_member_name (builder, "height");
  json_builder_add_int_value (builder, self->height);
  if (self->aspect_ratio != NULL)
    {
      json_builder_set_member_name (builder, "aspect_ratio");
      json_builder_add_string_value (builder, self->aspect_ratio);
    }
  json_builder_set_member_name (builder, "seed");
  if (self->seed == ATELIER_SEED_RANDOM)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, self->seed);

  /* Written only when used, so that records stay as they were for every other model. */
  if (self->latest_weights)
    {
      json_builder_set_member_name (builder, "latest_weights");
      json_builder_add_boolean_value (builder, TRUE);
    }
  if (self->expand[ATELIER_SIDE_TOP] != 0 || self->expand[ATELIER_SIDE_BOTTOM] != 0
      || self->expand[ATELIER_SIDE_LEFT] != 0 || self->expand[ATELIER_SIDE_RIGHT] != 0)
    {
      json_builder_set_member_name (builder, "expand");
      json_builder_begin_object (builder);
      for (guint i = 0; i < ATELIER_N_SIDES; i++)
        {
          json_builder_set_member_name (builder, atelier_side_to_string (i));
          json_builder_add_int_value (builder, self->expand[i]);
        }
      json_builder_end_object (builder);
    }

  json_builder_set_member_name (builder, "params");
  json_builder_begin_object (builder);
  names = atelier_recipe_dup_param_names (self);
  for (guint i = 0; names[i] != NULL; i++)
    add_param_to_builder (builder, names[i], g_hash_table_lookup (self->params, names[i]));
  json_builder_end_object (builder);

  if (ref_names != NULL)
    {
      json_builder_set_member_name (builder, "ref_files");
      json_builder_begin_array (builder);
      for (guint i = 0; ref_names[i] != NULL; i++)
        json_builder_add_string_value (builder, ref_names[i]);
      json_builder_end_array (builder);
    }
  if (mask_name != NULL)
    {
      json_builder_set_member_name (builder, "mask_file");
      json_builder_add_string_value (builder, mask_name);
    }

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gboolean
invalid (GError     **error,
         const char  *member)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("The saved settings are damaged: “%s” has the wrong type"), member);
  return FALSE;
}

static gboolean
member_is (JsonObject *object,
           const char *member,
           GType       type)
{
  JsonNode *node = json_object_get_member (object, member);
  GType found;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  found = json_node_get_value_type (node);
  if (type == G_TYPE_DOUBLE)
    return found == G_TYPE_DOUBLE || found == G_TYPE_INT64;
  return found == type;
}

static gboolean
member_absent (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

static gboolean
read_size_member (JsonObject  *object,
                  const char  *member,
                  guint       *out,
                  GError     **error)
{
  gint64 value;

  if (member_absent (object, member))
    return TRUE;
  if (!member_is (object, member, G_TYPE_INT64))
    return invalid (error, member);
  value = json_object_get_int_member (object, member);
  if (value < 0 || value > G_MAXUINT)
    return invalid (error, member);
  *out = (guint) value;
  return TRUE;
}

/**
 * atelier_recipe_new_from_json:
 *
 * Reads what atelier_recipe_to_json wrote. References and the mask are not loaded (see
 * atelier_recipe_json_dup_ref_files). Members that are missing keep their defaults; a member
 * of the wrong type is an error, so that damaged settings are not silently changed.
 */
AtelierRecipe *
atelier_recipe_new_from_json (JsonNode  *node,
                              GError   **error)
{
  g_autoptr(AtelierRecipe) self = NULL;
  JsonObject *object;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The saved settings are damaged: they are not a JSON object"));
      return NULL;
    }
  object = json_node_get_object (node);
  self = atelier_recipe_new ();

  if (!member_absent (object, "model"))
    {
      if (!member_is (object, "model", G_TYPE_STRING))
        return invalid (error, "model"), NULL;
      self->model_id = g_strdup (json_object_get_string_member (object, "model"));
    }
  if (!member_absent (object, "prompt"))
    {
      if (!member_is (object, "prompt", G_TYPE_STRING))
        return invalid (error, "prompt"), NULL;
      _atelier_recipe_set_str (&self->prompt, json_object_get_string_member (object, "prompt"));
    }
  if (!member_absent (object, "region"))
    {
      if (!member_is (object, "region", G_TYPE_STRING))
        return invalid (error, "region"), NULL;
      self->region = atelier_region_from_string (json_object_get_string_member (object, "region"));
    }
  if (!read_size_member (object, "width", &self->width, error)
      || !read_size_member (object, "height", &self->height, error))
    return NULL;
  if (!member_absent (object, "aspect_ratio"))
    {
      if (!member_is (object, "aspect_ratio", G_TYPE_STRING))
        return invalid (error, "aspect_ratio"), NULL;
      atelier_recipe_set_aspect_ratio (self, json_object_get_string_member (object, "aspect_ratio"));
    }
  if (!member_absent (object, "seed"))
    {
      if (!member_is (object, "seed", G_TYPE_INT64))
        return invalid (error, "seed"), NULL;
      atelier_recipe_set_seed (self, json_object_get_int_member (object, "seed"));
    }

  if (!member_absent (object, "latest_weights"))
    {
      if (!member_is (object, "latest_weights", G_TYPE_BOOLEAN))
        return invalid (error, "latest_weights"), NULL;
      self->latest_weights = json_object_get_boolean_member (object, "latest_weights");
    }
  if (!member_absent (object, "expand"))
    {
      JsonNode *expand_node = json_object_get_member (object, "expand");

      if (!JSON_NODE_HOLDS_OBJECT (expand_node))
        return invalid (error, "expand"), NULL;
      for (guint i = 0; i < ATELIER_N_SIDES; i++)
        if (!read_size_member (json_node_get_object (expand_node), atelier_side_to_string (i),
                               &self->expand[i], error))
          return NULL;
    }

  if (!member_absent (object, "params"))
    {
      JsonNode *params_node = json_object_get_member (object, "params");
      JsonObject *params;
      g_autoptr(GList) members = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (params_node))
        return invalid (error, "params"), NULL;
      params = json_node_get_object (params_node);
      members = json_object_get_members (params);
      for (const GList *l = members; l != NULL; l = l->next)
        {
          const char *name = l->data;

          if (member_is (params, name, G_TYPE_BOOLEAN))
            atelier_recipe_set_bool (self, name, json_object_get_boolean_member (params, name));
          else if (member_is (params, name, G_TYPE_STRING))
            atelier_recipe_set_choice (self, name, json_object_get_string_member (params, name));
          else if (member_is (params, name, G_TYPE_DOUBLE) &&
                   isfinite (json_object_get_double_member (params, name)))
            atelier_recipe_set_number (self, name, json_object_get_double_member (params, name));
          else
            return invalid (error, name), NULL;
        }
    }

  return g_steal_pointer (&self);
}

/**
 * atelier_recipe_json_dup_ref_files:
 *
 * Returns: (transfer full): the "ref_files" names in slot order (empty when none or damaged).
 */
GStrv
atelier_recipe_json_dup_ref_files (JsonNode *node)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *files;

  g_return_val_if_fail (node != NULL, NULL);

  if (JSON_NODE_HOLDS_OBJECT (node)
      && (files = json_object_get_member (json_node_get_object (node), "ref_files")) != NULL
      && JSON_NODE_HOLDS_ARRAY (files))
    {
      JsonArray *array = json_node_get_array (files);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
            g_strv_builder_add (builder, json_node_get_string (element));
        }
    }

  return g_strv_builder_end (builder);
}

/**
 * atelier_recipe_json_dup_mask_file:
 *
 * Returns: (transfer full) (nullable): the "mask_file" name recorded by atelier_recipe_to_json.
 */
char *
atelier_recipe_json_dup_mask_file (JsonNode *node)
{
  JsonObject *object;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);
  if (!member_is (object, "mask_file", G_TYPE_STRING))
    return NULL;
  return g_strdup (json_object_get_string_member (object, "mask_file"));
}

