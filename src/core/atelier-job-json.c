/* atelier-job-json.c — a job to and from its record on disk
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "atelier-error.h"
#include "atelier-job-private.h"

#define JOB_RECORD_VERSION 1

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_strv (JsonBuilder        *builder,
          const char         *name,
          const char * const *values)
{
  if (values == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

static void
add_double (JsonBuilder *builder,
            const char  *name,
            double       value)
{
  if (value < 0)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_double_value (builder, value);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_lineage (JsonBuilder *builder,
             AtelierJob  *self)
{
  guint n_parents = atelier_job_get_n_parents (self);

  add_string (builder, "set_id", self->set_id);
  if (self->variation_kind != NULL)
    {
      json_builder_set_member_name (builder, "variation");
      json_builder_begin_object (builder);
      add_string (builder, "kind", self->variation_kind);
      add_string (builder, "label", self->variation_label);
      json_builder_end_object (builder);
    }
  if (n_parents == 0)
    return;
  json_builder_set_member_name (builder, "parents");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_parents; i++)
    {
      json_builder_begin_object (builder);
      add_string (builder, "id", atelier_job_get_parent_id (self, i));
      add_string (builder, "relation", atelier_job_get_parent_relation (self, i));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* The recipe's own serializer names the reference files; it may only do so for references it
 * holds, and a job loaded from disk holds none until "Reuse settings" loads them. The record
 * must keep naming them, so the names are written here as well. */
static void
force_ref_names (JsonNode           *recipe_node,
                 const char * const *ref_names,
                 const char         *mask_name)
{
  JsonObject *object;

  if (recipe_node == NULL || !JSON_NODE_HOLDS_OBJECT (recipe_node))
    return;
  object = json_node_get_object (recipe_node);

  if (ref_names != NULL && ref_names[0] != NULL)
    {
      JsonArray *array = json_array_new ();

      for (guint i = 0; ref_names[i] != NULL; i++)
        json_array_add_string_element (array, ref_names[i]);
      json_object_set_array_member (object, "ref_files", array);
    }
  if (mask_name != NULL)
    json_object_set_string_member (object, "mask_file", mask_name);
}

JsonNode *
atelier_job_to_json (AtelierJob         *self,
                     const char * const *ref_names,
                     const char         *mask_name)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  JsonNode *recipe_node;

  g_return_val_if_fail (ATELIER_IS_JOB (self), NULL);

  if (ref_names == NULL)
    ref_names = (const char * const *) self->ref_names;
  if (mask_name == NULL)
    mask_name = self->mask_name;

  json_builder_begin_object (builder);
  add_int (builder, "version", JOB_RECORD_VERSION);
  add_string (builder, "id", self->id);
  add_string (builder, "state", atelier_job_state_to_string (self->state));

  recipe_node = atelier_recipe_to_json (self->recipe, ref_names, mask_name);
  if (recipe_node == NULL)
    recipe_node = json_node_init_object (json_node_alloc (), json_object_new ());
  force_ref_names (recipe_node, ref_names, mask_name);
  json_builder_set_member_name (builder, "recipe");
  json_builder_add_value (builder, recipe_node);

  add_double (builder, "progress", self->progress);
  add_string (builder, "status_text", self->status_text);
  if (self->error_message != NULL || self->error_code >= 0)
    {
      json_builder_set_member_name (builder, "error");
      json_builder_begin_object (builder);
      add_string (builder, "message", self->error_message);
      add_int (builder, "code", self->error_code);
      json_builder_set_member_name (builder, "retryable");
      json_builder_add_boolean_value (builder, self->retryable);
      json_builder_end_object (builder);
    }
  add_strv (builder, "moderation_reasons", (const char * const *) self->moderation_reasons);
  add_string (builder, "task_id", self->task_id);
  add_string (builder, "polling_url", self->polling_url);
  add_string (builder, "sample_url", self->sample_url);
  if (self->seed >= 0)
    add_int (builder, "seed", self->seed);
  add_string (builder, "upsampled_prompt", self->upsampled_prompt);
  add_double (builder, "estimated_cost", self->estimated_cost);
  add_double (builder, "actual_cost", self->actual_cost);
  add_double (builder, "input_mp", self->input_mp);
  add_double (builder, "output_mp", self->output_mp);
  add_string (builder, "image_file", self->image_name);
  add_string (builder, "content_type", self->content_type);
  if (self->width > 0 && self->height > 0)
    {
      add_int (builder, "width", self->width);
      add_int (builder, "height", self->height);
    }
  add_int (builder, "created_at", self->created_at);
  add_int (builder, "created_usec", self->created_usec);
  if (self->submitted_at > 0)
    add_int (builder, "submitted_at", self->submitted_at);
  if (self->ready_at > 0)
    add_int (builder, "ready_at", self->ready_at);
  if (self->finished_at > 0)
    add_int (builder, "finished_at", self->finished_at);
  add_double (builder, "duration", self->duration);
  /* Absent means "no": records of earlier versions read the same. */
  if (self->favourite)
    {
      json_builder_set_member_name (builder, "favourite");
      json_builder_add_boolean_value (builder, TRUE);
    }
  add_strv (builder, "collections", (const char * const *) self->collections);
  add_lineage (builder, self);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Readers that tolerate a missing or mistyped member: a record written by another version
 * must load as far as it can. */

static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
get_number (JsonObject *object,
            const char *name,
            double     *value)
{
  JsonNode *node = json_object_get_member (object, name);
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *value = json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *value = json_node_get_double (node);
  else
    return FALSE;
  return TRUE;
}

static double
get_double (JsonObject *object,
            const char *name,
            double      fallback)
{
  double value;

  return get_number (object, name, &value) ? value : fallback;
}

static gint64
get_int (JsonObject *object,
         const char *name,
         gint64      fallback)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return (gint64) json_node_get_double (node);
  return fallback;
}

static GStrv
get_strv (JsonObject *object,
          const char *name)
{
  JsonNode *node = json_object_get_member (object, name);
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonArray *array;
  guint n;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n == 0)
    return NULL;

  builder = g_strv_builder_new ();
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (element));
    }
  return g_strv_builder_end (builder);
}

static gboolean
is_safe_file_name (const char *name)
{
  return name != NULL && name[0] != '\0' && name[0] != '.' &&
         strchr (name, '/') == NULL && strchr (name, '\\') == NULL;
}

/* Lineage is extra: a record without it, or with a broken one, still loads. */
static void
read_lineage (AtelierJob *self,
              JsonObject *object)
{
  JsonNode *variation = json_object_get_member (object, "variation");
  JsonNode *parents = json_object_get_member (object, "parents");
  JsonNode *favourite = json_object_get_member (object, "favourite");

  if (favourite != NULL && JSON_NODE_HOLDS_VALUE (favourite) &&
      json_node_get_value_type (favourite) == G_TYPE_BOOLEAN)
    self->favourite = json_node_get_boolean (favourite);

  if (variation != NULL && JSON_NODE_HOLDS_OBJECT (variation))
    _atelier_job_set_variation (self, get_string (object, "set_id"),
                                get_string (json_node_get_object (variation), "kind"),
                                get_string (json_node_get_object (variation), "label"));
  else
    _atelier_job_set_variation (self, get_string (object, "set_id"), NULL, NULL);

  if (parents == NULL || !JSON_NODE_HOLDS_ARRAY (parents))
    return;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (parents)); i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (parents), i);
      const char *parent_id;
      const char *relation;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      parent_id = get_string (json_node_get_object (element), "id");
      relation = get_string (json_node_get_object (element), "relation");
      if (parent_id != NULL && is_safe_file_name (parent_id))
        _atelier_job_add_parent (self, parent_id, relation != NULL ? relation : "");
    }
}

AtelierJob *
atelier_job_new_from_json (JsonNode  *node,
                           GError   **error)
{
  g_autoptr(AtelierJob) self = NULL;
  g_autoptr(AtelierRecipe) recipe = NULL;
  JsonObject *object;
  JsonObject *error_object;
  JsonNode *recipe_node;
  const char *id;
  const char *image_name;
  const char *mask_name = NULL;
  g_auto(GStrv) ref_names = NULL;
  AtelierJobState state;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_RESPONSE,
                   _("The job record is not a JSON object"));
      return NULL;
    }
  object = json_node_get_object (node);

  id = get_string (object, "id");
  if (id == NULL || !is_safe_file_name (id))
    {
      g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_RESPONSE,
                   _("The job record has no usable identifier"));
      return NULL;
    }
  if (!_atelier_job_state_from_string (get_string (object, "state"), &state))
    {
      g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_RESPONSE,
                   _("The job record has an unknown state"));
      return NULL;
    }

  recipe_node = json_object_get_member (object, "recipe");
  if (recipe_node == NULL || !JSON_NODE_HOLDS_OBJECT (recipe_node))
    {
      g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_RESPONSE,
                   _("The job record has no recipe"));
      return NULL;
    }
  recipe = atelier_recipe_new_from_json (recipe_node, error);
  if (recipe == NULL)
    return NULL;
  ref_names = atelier_recipe_json_dup_ref_files (recipe_node);
  if (ref_names == NULL)
    ref_names = get_strv (json_node_get_object (recipe_node), "ref_files");
  mask_name = get_string (json_node_get_object (recipe_node), "mask_file");

  self = g_object_new (ATELIER_TYPE_JOB, NULL);
  self->id = g_strdup (id);
  self->recipe = g_steal_pointer (&recipe);
  self->state = state;
  self->ref_names = g_steal_pointer (&ref_names);
  self->mask_name = g_strdup (mask_name);

  self->progress = get_double (object, "progress", -1);
  self->status_text = g_strdup (get_string (object, "status_text"));
  if (json_object_has_member (object, "error") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "error")))
    {
      error_object = json_object_get_object_member (object, "error");
      self->error_message = g_strdup (get_string (error_object, "message"));
      self->error_code = get_int (error_object, "code", -1);
      if (json_object_has_member (error_object, "retryable") &&
          JSON_NODE_HOLDS_VALUE (json_object_get_member (error_object, "retryable")))
        self->retryable = json_object_get_boolean_member (error_object, "retryable");
    }
  self->moderation_reasons = get_strv (object, "moderation_reasons");
  self->task_id = g_strdup (get_string (object, "task_id"));
  self->polling_url = g_strdup (get_string (object, "polling_url"));
  self->sample_url = g_strdup (get_string (object, "sample_url"));
  self->seed = MAX (get_int (object, "seed", -1), -1);
  self->upsampled_prompt = g_strdup (get_string (object, "upsampled_prompt"));
  self->estimated_cost = get_double (object, "estimated_cost", -1);
  self->actual_cost = get_double (object, "actual_cost", -1);
  self->input_mp = get_double (object, "input_mp", -1);
  self->output_mp = get_double (object, "output_mp", -1);
  image_name = get_string (object, "image_file");
  if (image_name != NULL && is_safe_file_name (image_name))
    self->image_name = g_strdup (image_name);
  self->content_type = g_strdup (get_string (object, "content_type"));
  self->width = CLAMP (get_int (object, "width", 0), 0, G_MAXUINT);
  self->height = CLAMP (get_int (object, "height", 0), 0, G_MAXUINT);
  self->created_at = MAX (get_int (object, "created_at", 0), 0);
  self->created_usec = get_int (object, "created_usec", self->created_at * G_USEC_PER_SEC);
  self->submitted_at = MAX (get_int (object, "submitted_at", 0), 0);
  self->ready_at = MAX (get_int (object, "ready_at", 0), 0);
  self->finished_at = MAX (get_int (object, "finished_at", 0), 0);
  self->duration = get_double (object, "duration", -1);
  self->collections = get_strv (object, "collections");
  if (self->collections != NULL && self->collections[0] == NULL)
    g_clear_pointer (&self->collections, g_strfreev);
  read_lineage (self, object);

  return g_steal_pointer (&self);
}
