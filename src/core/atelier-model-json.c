/* atelier-model-json.c — reading and checking one catalog entry of data/models.json
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "atelier-model-private.h"

/* Everything here is read from one entry of data/models.json: nothing in this file knows a
 * particular model. The layout of an entry is described by the "notes" of that file. */

/* Reading the entry: every accessor checks the member's type and says what is wrong. */

static gboolean
fail (GError     **error,
      const char  *where,
      const char  *member,
      const char  *what)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               "Model catalog entry “%s”: “%s” %s", where, member, what);
  return FALSE;
}

static gboolean
read_string (JsonObject  *object,
             const char  *member,
             gboolean     required,
             const char  *where,
             char       **out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return required ? fail (error, where, member, "is missing") : TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fail (error, where, member, "must be a string");
  if (required && json_node_get_string (node)[0] == '\0')
    return fail (error, where, member, "must not be empty");

  *out = json_node_dup_string (node);
  return TRUE;
}

static gboolean
read_number (JsonObject  *object,
             const char  *member,
             gboolean     required,
             double       fallback,
             const char  *where,
             double      *out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  GType type;

  *out = fallback;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return required ? fail (error, where, member, "is missing") : TRUE;
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return fail (error, where, member, "must be a number");

  *out = json_node_get_double (node);
  if (!isfinite (*out))
    return fail (error, where, member, "must be a finite number");
  return TRUE;
}

static gboolean
read_count (JsonObject  *object,
            const char  *member,
            gboolean     required,
            guint64      fallback,
            guint64      max,
            const char  *where,
            guint64     *out,
            GError     **error)
{
  double number;

  if (!read_number (object, member, required, (double) fallback, where, &number, error))
    return FALSE;
  if (number < 0 || number > (double) max || number != floor (number))
    return fail (error, where, member, "must be a whole number in range");

  *out = (guint64) number;
  return TRUE;
}

static gboolean
read_uint (JsonObject  *object,
           const char  *member,
           gboolean     required,
           guint        fallback,
           const char  *where,
           guint       *out,
           GError     **error)
{
  guint64 value;

  if (!read_count (object, member, required, fallback, G_MAXUINT, where, &value, error))
    return FALSE;
  *out = (guint) value;
  return TRUE;
}

static gboolean
read_bool (JsonObject  *object,
           const char  *member,
           gboolean     required,
           gboolean     fallback,
           const char  *where,
           gboolean    *out,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = fallback;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return required ? fail (error, where, member, "is missing") : TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fail (error, where, member, "must be true or false");

  *out = json_node_get_boolean (node);
  return TRUE;
}

static JsonObject *
read_object (JsonObject  *object,
             const char  *member,
             const char  *where,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (error, where, member, "must be an object");
      return NULL;
    }
  return json_node_get_object (node);
}

static gboolean
read_enum (JsonObject         *object,
           const char         *member,
           const char         *where,
           const char * const *names,
           int                *out,
           GError            **error)
{
  g_autofree char *value = NULL;

  if (!read_string (object, member, TRUE, where, &value, error))
    return FALSE;
  for (int i = 0; names[i] != NULL; i++)
    if (g_str_equal (names[i], value))
      {
        *out = i;
        return TRUE;
      }
  return fail (error, where, member, "has an unknown value");
}

static GStrv
read_string_array (JsonObject  *object,
                   const char  *member,
                   const char  *where,
                   GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;
  guint n;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      fail (error, where, member, "must be a list of strings");
      return NULL;
    }
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n == 0)
    {
      fail (error, where, member, "must not be empty");
      return NULL;
    }
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        {
          fail (error, where, member, "must be a list of strings");
          return NULL;
        }
      g_strv_builder_add (builder, json_node_get_string (element));
    }
  return g_strv_builder_end (builder);
}

/**
 * atelier_model_parse_aspect:
 * @text: "W:H"
 * @ratio: (out): W / H
 *
 * Positive whole numbers on both sides, nothing else.
 */
gboolean
atelier_model_parse_aspect (const char *text,
                            double     *ratio)
{
  g_auto(GStrv) parts = NULL;
  guint64 w, h;

  if (text == NULL)
    return FALSE;
  parts = g_strsplit (text, ":", -1);
  if (g_strv_length (parts) != 2
      || !g_ascii_string_to_unsigned (parts[0], 10, 1, 100000, &w, NULL)
      || !g_ascii_string_to_unsigned (parts[1], 10, 1, 100000, &h, NULL))
    return FALSE;
  if (ratio != NULL)
    *ratio = (double) w / (double) h;
  return TRUE;
}

static const char *
translate (const char *text)
{
  return text != NULL ? g_dgettext (GETTEXT_PACKAGE, text) : NULL;
}

static AtelierParam *
param_new_from_json (JsonObject  *object,
                     const char  *model_id,
                     GError     **error)
{
  static const char * const types[] = { "int", "double", "bool", "choice", NULL };
  g_autoptr(AtelierParam) param = g_new0 (AtelierParam, 1);
  g_autofree char *where = NULL;
  g_autofree char *label = NULL;
  g_autofree char *description = NULL;
  int type;

  if (!read_string (object, "name", TRUE, model_id, &param->name, error))
    return NULL;
  where = g_strdup_printf ("%s/%s", model_id, param->name);
  if (!read_string (object, "label", TRUE, where, &label, error)
      || !read_string (object, "description", FALSE, where, &description, error)
      || !read_enum (object, "type", where, types, &type, error))
    return NULL;

  /* The catalog's English labels are msgids: see the "notes" of data/models.json. */
  param->label = g_strdup (translate (label));
  param->description = g_strdup (translate (description));
  param->type = type;

  switch (param->type)
    {
    case ATELIER_PARAM_INT:
    case ATELIER_PARAM_DOUBLE:
      if (!read_number (object, "min", TRUE, 0, where, &param->min, error)
          || !read_number (object, "max", TRUE, 0, where, &param->max, error)
          || !read_number (object, "step", FALSE, 1, where, &param->step, error)
          || !read_number (object, "default", TRUE, 0, where, &param->default_number, error))
        return NULL;
      if (param->min > param->max)
        return fail (error, where, "min", "is above max"), NULL;
      if (param->step <= 0)
        return fail (error, where, "step", "must be positive"), NULL;
      if (param->default_number < param->min || param->default_number > param->max)
        return fail (error, where, "default", "is out of range"), NULL;
      if (param->type == ATELIER_PARAM_INT
          && (param->min != floor (param->min) || param->max != floor (param->max)
              || param->default_number != floor (param->default_number)))
        return fail (error, where, "default", "must be whole for an int"), NULL;
      break;

    case ATELIER_PARAM_BOOL:
      if (!read_bool (object, "default", TRUE, FALSE, where, &param->default_bool, error))
        return NULL;
      break;

    case ATELIER_PARAM_CHOICE:
      param->choices = read_string_array (object, "choices", where, error);
      if (param->choices == NULL
          || !read_string (object, "default", TRUE, where, &param->default_choice, error))
        return NULL;
      if (!g_strv_contains ((const char * const *) param->choices, param->default_choice))
        return fail (error, where, "default", "is not one of the choices"), NULL;
      break;

    default:
      g_assert_not_reached ();
    }

  return g_steal_pointer (&param);
}

static gboolean
read_references (AtelierModel  *self,
                 JsonObject    *object,
                 GError       **error)
{
  static const char * const modes[] = { "none", "input_images", "image_prompt", "image_mask", "image", NULL };
  g_autofree char *where = g_strdup_printf ("%s/references", self->id);
  JsonObject *refs;
  int mode;

  if ((refs = read_object (object, "references", self->id, error)) == NULL
      || !read_enum (refs, "mode", where, modes, &mode, error)
      || !read_uint (refs, "max", TRUE, 0, where, &self->max_refs, error)
      || !read_uint (refs, "stable", FALSE, self->max_refs, where, &self->stable_refs, error)
      || !read_string (refs, "note", FALSE, where, &self->ref_note, error))
    return FALSE;

  self->ref_mode = mode;
  /* input_image … input_image_8 is the most any endpoint names. */
  if (self->max_refs > 8)
    return fail (error, where, "max", "must be at most 8");
  if ((self->ref_mode == ATELIER_REF_MODE_IMAGE_PROMPT || self->ref_mode == ATELIER_REF_MODE_IMAGE_MASK
       || self->ref_mode == ATELIER_REF_MODE_IMAGE)
      && self->max_refs != 1)
    return fail (error, where, "max", "must be 1 for this mode");
  if (self->ref_mode == ATELIER_REF_MODE_NONE && self->max_refs != 0)
    return fail (error, where, "max", "must be 0 when no references are taken");
  if (self->stable_refs > self->max_refs)
    return fail (error, where, "stable", "must not exceed max");
  return TRUE;
}

static gboolean
read_size (AtelierModel  *self,
           JsonObject    *object,
           GError       **error)
{
  static const char * const modes[] = { "none", "width_height", "aspect_ratio", "from_image", "expand", NULL };
  g_autofree char *where = g_strdup_printf ("%s/size", self->id);
  g_autofree char *min_aspect = NULL;
  g_autofree char *max_aspect = NULL;
  JsonObject *size;
  int mode;

  if ((size = read_object (object, "size", self->id, error)) == NULL
      || !read_enum (size, "mode", where, modes, &mode, error))
    return FALSE;
  self->size_mode = mode;

  switch (self->size_mode)
    {
    case ATELIER_SIZE_MODE_WIDTH_HEIGHT:
      if (!read_uint (size, "min", TRUE, 0, where, &self->min_size, error)
          || !read_uint (size, "max", TRUE, 0, where, &self->max_size, error)
          || !read_uint (size, "step", TRUE, 1, where, &self->size_step, error)
          || !read_count (size, "max_pixels", FALSE, 0, G_MAXUINT64 / 2, where, &self->max_pixels, error)
          || !read_uint (size, "default_width", TRUE, 0, where, &self->default_width, error)
          || !read_uint (size, "default_height", TRUE, 0, where, &self->default_height, error)
          || !read_bool (size, "auto_from_reference", FALSE, FALSE, where, &self->size_from_reference, error))
        return FALSE;
      if (self->size_step == 0)
        return fail (error, where, "step", "must be positive");
      if (self->min_size == 0 || self->min_size > self->max_size)
        return fail (error, where, "min", "must be positive and not above max");
      if (self->default_width < self->min_size || self->default_width > self->max_size
          || self->default_height < self->min_size || self->default_height > self->max_size
          || self->default_width % self->size_step != 0 || self->default_height % self->size_step != 0)
        return fail (error, where, "default_width", "and default_height must be valid sizes");
      break;

    case ATELIER_SIZE_MODE_ASPECT_RATIO:
      if (!read_string (size, "min", TRUE, where, &min_aspect, error)
          || !read_string (size, "max", TRUE, where, &max_aspect, error)
          || !read_string (size, "default", TRUE, where, &self->default_aspect, error)
          || !read_count (size, "pixels", TRUE, 0, G_MAXUINT64 / 2, where, &self->aspect_pixels, error)
          || !read_bool (size, "follows_reference", FALSE, FALSE, where, &self->size_from_reference, error))
        return FALSE;
      if (!atelier_model_parse_aspect (min_aspect, &self->min_aspect))
        return fail (error, where, "min", "must be a ratio like 9:21");
      if (!atelier_model_parse_aspect (max_aspect, &self->max_aspect) || self->max_aspect < self->min_aspect)
        return fail (error, where, "max", "must be a ratio like 21:9, not below min");
      if (self->aspect_pixels == 0)
        return fail (error, where, "pixels", "must be positive");
      if ((self->aspect_choices = read_string_array (size, "choices", where, error)) == NULL)
        return FALSE;
      for (guint i = 0; self->aspect_choices[i] != NULL; i++)
        {
          double ratio;

          if (!atelier_model_parse_aspect (self->aspect_choices[i], &ratio)
              || ratio < self->min_aspect - 1e-9 || ratio > self->max_aspect + 1e-9)
            return fail (error, where, "choices", "must be ratios within min and max");
        }
      if (!g_strv_contains ((const char * const *) self->aspect_choices, self->default_aspect))
        return fail (error, where, "default", "must be one of the choices");
      break;

    case ATELIER_SIZE_MODE_EXPAND:
      /* Pixels added per side; the presets are ratios the expanded image can be brought to. */
      if (!read_uint (size, "max", TRUE, 0, where, &self->max_size, error))
        return FALSE;
      if (self->max_size == 0)
        return fail (error, where, "max", "must be positive");
      if ((self->aspect_choices = read_string_array (size, "choices", where, error)) == NULL)
        return FALSE;
      for (guint i = 0; self->aspect_choices[i] != NULL; i++)
        if (!atelier_model_parse_aspect (self->aspect_choices[i], NULL))
          return fail (error, where, "choices", "must be ratios like 16:9");
      break;

    case ATELIER_SIZE_MODE_FROM_IMAGE:
    case ATELIER_SIZE_MODE_NONE:
      break;

    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

static gboolean
read_pricing (AtelierModel  *self,
              JsonObject    *object,
              GError       **error)
{
  static const char * const modes[] = { "free", "flat", "megapixel", NULL };
  g_autofree char *where = g_strdup_printf ("%s/pricing", self->id);
  JsonObject *pricing;
  int mode;

  if ((pricing = read_object (object, "pricing", self->id, error)) == NULL
      || !read_enum (pricing, "mode", where, modes, &mode, error))
    return FALSE;
  self->pricing_mode = mode;

  switch (self->pricing_mode)
    {
    case ATELIER_PRICING_FLAT:
      if (!read_number (pricing, "credits", TRUE, 0, where, &self->price_first, error)
          || !read_number (pricing, "raw_credits", FALSE, self->price_first, where, &self->price_raw, error))
        return FALSE;
      break;
    case ATELIER_PRICING_MEGAPIXEL:
      if (!read_number (pricing, "first", TRUE, 0, where, &self->price_first, error)
          || !read_number (pricing, "extra", TRUE, 0, where, &self->price_extra, error))
        return FALSE;
      self->price_raw = self->price_first;
      break;
    case ATELIER_PRICING_FREE:
      break;
    default:
      g_assert_not_reached ();
    }

  if (self->price_first < 0 || self->price_extra < 0 || self->price_raw < 0)
    return fail (error, where, "credits", "must not be negative");
  return TRUE;
}

static gboolean
read_params (AtelierModel  *self,
             JsonObject    *object,
             GError       **error)
{
  JsonNode *node = json_object_get_member (object, "params");
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (error, self->id, "params", "must be a list");

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      AtelierParam *param;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return fail (error, self->id, "params", "must hold objects");
      if ((param = param_new_from_json (json_node_get_object (element), self->id, error)) == NULL)
        return FALSE;
      if (atelier_model_lookup_param (self, param->name) != NULL)
        {
          fail (error, self->id, param->name, "is listed twice");
          _atelier_param_free (param);
          return FALSE;
        }
      g_ptr_array_add (self->params, param);
    }
  return TRUE;
}

AtelierModel *
atelier_model_new_from_json (JsonObject  *object,
                             GError     **error)
{
  static const char * const prompt_modes[] = { "required", "optional", NULL };
  g_autoptr(AtelierModel) self = NULL;
  g_autofree char *best_for = NULL;
  int prompt_mode;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (ATELIER_TYPE_MODEL, NULL);

  if (!read_string (object, "id", TRUE, "?", &self->id, error)
      || !read_string (object, "name", TRUE, self->id, &self->name, error)
      || !read_string (object, "family", TRUE, self->id, &self->family_name, error)
      || !read_string (object, "best_for", TRUE, self->id, &best_for, error)
      || !read_bool (object, "hosted", TRUE, FALSE, self->id, &self->hosted, error)
      || !read_string (object, "path", self->hosted, self->id, &self->path, error)
      || !read_string (object, "preview_path", FALSE, self->id, &self->preview_path, error)
      || !read_enum (object, "prompt", self->id, prompt_modes, &prompt_mode, error)
      || !read_uint (object, "concurrency", FALSE, 24, self->id, &self->concurrency, error)
      || !read_references (self, object, error)
      || !read_size (self, object, error)
      || !read_pricing (self, object, error)
      || !read_params (self, object, error))
    return NULL;

  if (g_str_has_prefix (self->family_name, "FLUX.2"))
    self->family = ATELIER_FAMILY_FLUX2;
  else if (g_str_has_prefix (self->family_name, "FLUX.1"))
    self->family = ATELIER_FAMILY_FLUX1;
  else
    return fail (error, self->id, "family", "must be FLUX.2 or FLUX.1"), NULL;

  /* The path goes into a URL: keep it to what an endpoint name can be. */
  if (self->path != NULL
      && (self->path[strspn (self->path, "abcdefghijklmnopqrstuvwxyz0123456789-._")] != '\0'
          || self->path[0] == '.'))
    return fail (error, self->id, "path", "must be a plain endpoint name"), NULL;
  if (self->preview_path != NULL
      && (self->preview_path[strspn (self->preview_path, "abcdefghijklmnopqrstuvwxyz0123456789-._")] != '\0'
          || self->preview_path[0] == '.'))
    return fail (error, self->id, "preview_path", "must be a plain endpoint name"), NULL;
  if (!self->hosted)
    {
      g_clear_pointer (&self->path, g_free);
      g_clear_pointer (&self->preview_path, g_free);
    }
  if (self->concurrency == 0)
    return fail (error, self->id, "concurrency", "must be at least 1"), NULL;

  self->requires_prompt = prompt_mode == 0;
  self->best_for = g_strdup (translate (best_for));

  return g_steal_pointer (&self);
}
