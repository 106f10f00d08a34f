/* atelier-request.c — a recipe as BFL's request: validation, JSON body, output size, estimate
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "atelier-error.h"
#include "atelier-request.h"

/* The body of a submission, from the model's catalog entry and the recipe. Nothing here knows a
 * particular model: what goes out is decided by the entry's reference mode, size mode and list of
 * params. A param is sent only when the recipe sets it, so the server's default applies to the
 * rest; the composer decides which params it sets (for example safety_tolerance and
 * output_format, which it always carries). */

static gboolean
refuse (char       **field,
        GError     **error,
        const char  *field_name,
        const char  *format,
        ...) G_GNUC_PRINTF (4, 5);

static gboolean
refuse (char       **field,
        GError     **error,
        const char  *field_name,
        const char  *format,
        ...)
{
  va_list args;

  if (field != NULL)
    *field = g_strdup (field_name);

  va_start (args, format);
  if (error != NULL)
    *error = g_error_new_valist (ATELIER_ERROR, ATELIER_ERROR_VALIDATION, format, args);
  va_end (args);

  return FALSE;
}

static char *
format_number (double value)
{
  return atelier_model_format_number (value, 0, 3);
}

static gboolean
prompt_is_empty (const char *prompt)
{
  for (const char *p = prompt; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static gboolean
validate_side (AtelierModel  *model,
               const char    *field_name,
               guint          value,
               char         **field,
               GError       **error)
{
  gboolean is_width = g_str_equal (field_name, "width");
  guint min = atelier_model_get_min_size (model);
  guint max = atelier_model_get_max_size (model);
  guint step = atelier_model_get_size_step (model);

  /* Whole sentences for each side: "Width"/"Height" is not a piece put into another sentence. */
  if (value < min)
    return refuse (field, error, field_name,
                   /* Translators: %s is a model name */
                   is_width ? _("Width must be at least %u pixels for %s (got %u)")
                            : _("Height must be at least %u pixels for %s (got %u)"),
                   min, atelier_model_get_name (model), value);
  if (value > max)
    return refuse (field, error, field_name,
                   /* Translators: %s is a model name */
                   is_width ? _("Width must be at most %u pixels for %s (got %u)")
                            : _("Height must be at most %u pixels for %s (got %u)"),
                   max, atelier_model_get_name (model), value);
  if (value % step != 0)
    return refuse (field, error, field_name,
                   is_width ? _("Width must be a multiple of %u (got %u)")
                            : _("Height must be a multiple of %u (got %u)"),
                   step, value);
  return TRUE;
}

static gboolean
validate_size (AtelierModel   *model,
               AtelierRecipe  *recipe,
               char          **field,
               GError        **error)
{
  guint width = atelier_recipe_get_width (recipe);
  guint height = atelier_recipe_get_height (recipe);
  guint64 max_pixels = atelier_model_get_max_pixels (model);

  /* 0×0 leaves the size to the server. */
  if (width == 0 && height == 0)
    return TRUE;
  if (width == 0 || height == 0)
    return refuse (field, error, width == 0 ? "width" : "height",
                   _("Set both the width and the height, or leave both to the model"));

  if (!validate_side (model, "width", width, field, error)
      || !validate_side (model, "height", height, field, error))
    return FALSE;

  if (max_pixels != 0 && (guint64) width * height > max_pixels)
    {
      g_autofree char *got = format_number ((double) width * height / 1048576.0);
      g_autofree char *allowed = format_number ((double) max_pixels / 1048576.0);

      return refuse (field, error, "width",
                     _("%u × %u is %s megapixels; %s makes at most %s megapixels"),
                     width, height, got, atelier_model_get_name (model), allowed);
    }
  return TRUE;
}

static gboolean
validate_aspect (AtelierModel   *model,
                 AtelierRecipe  *recipe,
                 char          **field,
                 GError        **error)
{
  const char *aspect = atelier_recipe_get_aspect_ratio (recipe);
  double ratio;

  if (aspect == NULL)
    return TRUE;
  if (!atelier_model_parse_aspect (aspect, &ratio))
    return refuse (field, error, "aspect_ratio",
                   _("The aspect ratio must be two whole numbers like 16:9 (got “%s”)"), aspect);
  /* A little slack, so that the range's own ends pass whatever the rounding. */
  if (ratio > atelier_model_get_max_aspect (model) + 1e-9)
    return refuse (field, error, "aspect_ratio", _("The aspect ratio %s is too wide for %s"),
                   aspect, atelier_model_get_name (model));
  if (ratio < atelier_model_get_min_aspect (model) - 1e-9)
    return refuse (field, error, "aspect_ratio", _("The aspect ratio %s is too tall for %s"),
                   aspect, atelier_model_get_name (model));
  return TRUE;
}

static gboolean
validate_image_and_mask (AtelierModel   *model,
                         AtelierRecipe  *recipe,
                         char          **field,
                         GError        **error)
{
  AtelierReference *image;
  AtelierReference *mask = atelier_recipe_get_mask (recipe);

  if (atelier_recipe_get_n_references (recipe) == 0)
    return refuse (field, error, "image", _("Add the image that %s should fill"),
                   atelier_model_get_name (model));
  if (mask == NULL)
    return refuse (field, error, "mask",
                   _("Add a mask: %s repaints the parts of the image that are white in it"),
                   atelier_model_get_name (model));

  image = atelier_recipe_get_reference (recipe, 0);
  if (atelier_reference_get_width (mask) != atelier_reference_get_width (image)
      || atelier_reference_get_height (mask) != atelier_reference_get_height (image))
    return refuse (field, error, "mask",
                   _("The mask is %u × %u pixels but the image is %u × %u; they must be the same size"),
                   atelier_reference_get_width (mask), atelier_reference_get_height (mask),
                   atelier_reference_get_width (image), atelier_reference_get_height (image));
  return TRUE;
}

static gboolean
validate_expand (AtelierModel   *model,
                 AtelierRecipe  *recipe,
                 char          **field,
                 GError        **error)
{
  guint max = atelier_model_get_max_size (model);
  guint added = 0;

  if (atelier_recipe_get_n_references (recipe) == 0)
    return refuse (field, error, "image", _("Add the image that %s should extend"),
                   atelier_model_get_name (model));

  for (guint i = 0; i < ATELIER_N_SIDES; i++)
    {
      guint pixels = atelier_recipe_get_expand (recipe, i);
      const char *side = atelier_side_to_string (i);

      if (pixels <= max)
        {
          added += pixels;
          continue;
        }

      /* One whole sentence a side: a side's name cannot be slotted into another language's
       * sentence. */
      switch ((AtelierSide) i)
        {
        case ATELIER_SIDE_TOP:
          /* Translators: the most pixels allowed, then what was asked */
          return refuse (field, error, side, _("At most %u pixels can be added at the top (got %u)"), max, pixels);
        case ATELIER_SIDE_BOTTOM:
          /* Translators: the most pixels allowed, then what was asked */
          return refuse (field, error, side, _("At most %u pixels can be added at the bottom (got %u)"), max, pixels);
        case ATELIER_SIDE_LEFT:
          /* Translators: the most pixels allowed, then what was asked */
          return refuse (field, error, side, _("At most %u pixels can be added on the left (got %u)"), max, pixels);
        case ATELIER_SIDE_RIGHT:
        default:
          /* Translators: the most pixels allowed, then what was asked */
          return refuse (field, error, side, _("At most %u pixels can be added on the right (got %u)"), max, pixels);
        }
    }
  if (added == 0)
    return refuse (field, error, "top", _("Add pixels to at least one side of the image"));
  return TRUE;
}

static gboolean
validate_param (const AtelierParam  *param,
                GVariant            *value,
                char               **field,
                GError             **error)
{
  switch (param->type)
    {
    case ATELIER_PARAM_INT:
    case ATELIER_PARAM_DOUBLE:
      {
        g_autofree char *min = format_number (param->min);
        g_autofree char *max = format_number (param->max);
        g_autofree char *got = NULL;
        double number;

        if (!g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
          return refuse (field, error, param->name, _("%s must be a number"), param->label);

        number = g_variant_get_double (value);
        got = format_number (number);
        if (!isfinite (number) || number < param->min || number > param->max)
          return refuse (field, error, param->name, _("%s must be between %s and %s (got %s)"),
                         param->label, min, max, got);
        if (param->type == ATELIER_PARAM_INT && number != floor (number))
          return refuse (field, error, param->name, _("%s must be a whole number (got %s)"),
                         param->label, got);
      }
      break;

    case ATELIER_PARAM_BOOL:
      if (!g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
        return refuse (field, error, param->name, _("%s must be on or off"), param->label);
      break;

    case ATELIER_PARAM_CHOICE:
      {
        g_autofree char *choices = g_strjoinv (", ", param->choices);

        if (!g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
          return refuse (field, error, param->name, _("%s must be one of %s"), param->label, choices);
        if (!g_strv_contains ((const char * const *) param->choices, g_variant_get_string (value, NULL)))
          return refuse (field, error, param->name, _("%s must be one of %s (got “%s”)"),
                         param->label, choices, g_variant_get_string (value, NULL));
      }
      break;

    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

gboolean
atelier_request_validate (AtelierModel   *model,
                          AtelierRecipe  *recipe,
                          char          **field,
                          GError        **error)
{
  g_return_val_if_fail (ATELIER_IS_MODEL (model), FALSE);
  g_return_val_if_fail (ATELIER_IS_RECIPE (recipe), FALSE);
  g_return_val_if_fail (field == NULL || *field == NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!atelier_model_is_hosted (model))
    return refuse (field, error, "model",
                   _("%s is not offered by the BFL API; choose another model"),
                   atelier_model_get_name (model));

  if (atelier_model_requires_prompt (model) && prompt_is_empty (atelier_recipe_get_prompt (recipe)))
    return refuse (field, error, "prompt", _("Write a prompt: %s needs one to make an image"),
                   atelier_model_get_name (model));

  switch (atelier_model_get_size_mode (model))
    {
    case ATELIER_SIZE_MODE_WIDTH_HEIGHT:
      if (!validate_size (model, recipe, field, error))
        return FALSE;
      break;
    case ATELIER_SIZE_MODE_ASPECT_RATIO:
      if (!validate_aspect (model, recipe, field, error))
        return FALSE;
      break;
    case ATELIER_SIZE_MODE_EXPAND:
      if (!validate_expand (model, recipe, field, error))
        return FALSE;
      break;
    case ATELIER_SIZE_MODE_FROM_IMAGE:
    case ATELIER_SIZE_MODE_NONE:
    default:
      break;
    }

  if (atelier_model_get_ref_mode (model) == ATELIER_REF_MODE_IMAGE_MASK
      && !validate_image_and_mask (model, recipe, field, error))
    return FALSE;

  /* Params the model does not know (left from another model) are not sent, so not checked. */
  for (guint i = 0; i < atelier_model_get_n_params (model); i++)
    {
      const AtelierParam *param = atelier_model_get_param (model, i);
      GVariant *value = atelier_recipe_get_param_value (recipe, param->name);

      if (value != NULL && !validate_param (param, value, field, error))
        return FALSE;
    }

  return TRUE;
}

const char *
atelier_request_get_path (AtelierModel  *model,
                          AtelierRecipe *recipe)
{
  g_return_val_if_fail (ATELIER_IS_MODEL (model), NULL);
  g_return_val_if_fail (ATELIER_IS_RECIPE (recipe), NULL);

  if (atelier_recipe_get_latest_weights (recipe) && atelier_model_get_preview_path (model) != NULL)
    return atelier_model_get_preview_path (model);
  return atelier_model_get_path (model);
}

guint
atelier_request_count_sent_refs (AtelierModel  *model,
                                 AtelierRecipe *recipe)
{
  g_return_val_if_fail (ATELIER_IS_MODEL (model), 0);
  g_return_val_if_fail (ATELIER_IS_RECIPE (recipe), 0);

  if (!atelier_model_is_hosted (model) || atelier_model_get_ref_mode (model) == ATELIER_REF_MODE_NONE)
    return 0;
  return MIN (atelier_recipe_get_n_references (recipe), atelier_model_get_max_refs (model));
}

void
atelier_request_estimate_cost (AtelierModel        *model,
                               AtelierRecipe       *recipe,
                               guint                batch,
                               AtelierCostEstimate *out)
{
  guint n_sent;
  g_autofree AtelierPixelSize *sizes = NULL;
  guint width = 0, height = 0;

  g_return_if_fail (ATELIER_IS_MODEL (model));
  g_return_if_fail (ATELIER_IS_RECIPE (recipe));
  g_return_if_fail (out != NULL);

  n_sent = atelier_request_count_sent_refs (model, recipe);
  sizes = g_new0 (AtelierPixelSize, MAX (n_sent, 1));
  for (guint i = 0; i < n_sent; i++)
    {
      AtelierReference *reference = atelier_recipe_get_reference (recipe, i);

      sizes[i].width = atelier_reference_get_width (reference);
      sizes[i].height = atelier_reference_get_height (reference);
    }

  atelier_request_output_size (model, recipe, &width, &height);
  atelier_cost_estimate (model, width, height, sizes, n_sent,
                         atelier_recipe_get_bool (recipe, "raw", FALSE), batch, out);
}

static void
add_image (JsonBuilder      *builder,
           const char       *name,
           AtelierReference *reference)
{
  const char *base64 = atelier_reference_get_base64 (reference);

  /* BFL wants the bare base64, never a data: URL. */
  if (base64 != NULL && g_str_has_prefix (base64, "data:") && strchr (base64, ',') != NULL)
    base64 = strchr (base64, ',') + 1;

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, base64 != NULL ? base64 : "");
}

static void
add_references (JsonBuilder   *builder,
                AtelierModel  *model,
                AtelierRecipe *recipe)
{
  guint n_sent = atelier_request_count_sent_refs (model, recipe);

  switch (atelier_model_get_ref_mode (model))
    {
    case ATELIER_REF_MODE_INPUT_IMAGES:
      for (guint i = 0; i < n_sent; i++)
        {
          g_autofree char *name = i == 0 ? g_strdup ("input_image")
                                         : g_strdup_printf ("input_image_%u", i + 1);

          add_image (builder, name, atelier_recipe_get_reference (recipe, i));
        }
      break;

    case ATELIER_REF_MODE_IMAGE_PROMPT:
      if (n_sent > 0)
        add_image (builder, "image_prompt", atelier_recipe_get_reference (recipe, 0));
      break;

    case ATELIER_REF_MODE_IMAGE_MASK:
      if (n_sent > 0)
        add_image (builder, "image", atelier_recipe_get_reference (recipe, 0));
      if (atelier_recipe_get_mask (recipe) != NULL)
        add_image (builder, "mask", atelier_recipe_get_mask (recipe));
      break;

    case ATELIER_REF_MODE_IMAGE:
      if (n_sent > 0)
        add_image (builder, "image", atelier_recipe_get_reference (recipe, 0));
      break;

    case ATELIER_REF_MODE_NONE:
    default:
      break;
    }
}

static void
add_param (JsonBuilder        *builder,
           const AtelierParam *param,
           GVariant           *value)
{
  json_builder_set_member_name (builder, param->name);

  switch (param->type)
    {
    case ATELIER_PARAM_INT:
      json_builder_add_int_value (builder, (gint64) g_variant_get_double (value));
      break;
    case ATELIER_PARAM_DOUBLE:
      json_builder_add_double_value (builder, g_variant_get_double (value));
      break;
    case ATELIER_PARAM_BOOL:
      json_builder_add_boolean_value (builder, g_variant_get_boolean (value));
      break;
    case ATELIER_PARAM_CHOICE:
      json_builder_add_string_value (builder, g_variant_get_string (value, NULL));
      break;
    default:
      g_assert_not_reached ();
    }
}

JsonNode *
atelier_request_build (AtelierModel   *model,
                       AtelierRecipe  *recipe,
                       GError        **error)
{
  g_autoptr(JsonBuilder) builder = NULL;
  const char *prompt;

  g_return_val_if_fail (ATELIER_IS_MODEL (model), NULL);
  g_return_val_if_fail (ATELIER_IS_RECIPE (recipe), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!atelier_request_validate (model, recipe, NULL, error))
    return NULL;

  builder = json_builder_new ();
  json_builder_begin_object (builder);

  prompt = atelier_recipe_get_prompt (recipe);
  if (!prompt_is_empty (prompt))
    {
      json_builder_set_member_name (builder, "prompt");
      json_builder_add_string_value (builder, prompt);
    }

  switch (atelier_model_get_size_mode (model))
    {
    case ATELIER_SIZE_MODE_WIDTH_HEIGHT:
      if (atelier_recipe_get_width (recipe) != 0)
        {
          json_builder_set_member_name (builder, "width");
          json_builder_add_int_value (builder, atelier_recipe_get_width (recipe));
          json_builder_set_member_name (builder, "height");
          json_builder_add_int_value (builder, atelier_recipe_get_height (recipe));
        }
      break;
    case ATELIER_SIZE_MODE_ASPECT_RATIO:
      if (atelier_recipe_get_aspect_ratio (recipe) != NULL)
        {
          json_builder_set_member_name (builder, "aspect_ratio");
          json_builder_add_string_value (builder, atelier_recipe_get_aspect_ratio (recipe));
        }
      break;
    case ATELIER_SIZE_MODE_EXPAND:
      /* All four, zeros too: the request says exactly what the output will be. */
      for (guint i = 0; i < ATELIER_N_SIDES; i++)
        {
          json_builder_set_member_name (builder, atelier_side_to_string (i));
          json_builder_add_int_value (builder, atelier_recipe_get_expand (recipe, i));
        }
      break;
    case ATELIER_SIZE_MODE_FROM_IMAGE:
    case ATELIER_SIZE_MODE_NONE:
    default:
      break;
    }

  add_references (builder, model, recipe);

  if (atelier_recipe_get_seed (recipe) != ATELIER_SEED_RANDOM)
    {
      json_builder_set_member_name (builder, "seed");
      json_builder_add_int_value (builder, atelier_recipe_get_seed (recipe));
    }

  for (guint i = 0; i < atelier_model_get_n_params (model); i++)
    {
      const AtelierParam *param = atelier_model_get_param (model, i);
      GVariant *value = atelier_recipe_get_param_value (recipe, param->name);

      if (value != NULL)
        add_param (builder, param, value);
    }

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static guint
round_to_step (double value,
               guint  step)
{
  guint rounded = (guint) (floor (value / step + 0.5) * step);

  return MAX (rounded, step);
}

/**
 * atelier_request_output_size:
 *
 * Width/height models: the size set, or with 0 × 0 the first reference's (when the model derives
 * it from there; scaled down to the pixel cap and rounded to the step) or the model's default.
 * Aspect-ratio models: the ratio set (or, when the model follows its first reference, that
 * reference's shape; else the default ratio) spread over the model's pixel count, rounded to
 * multiples of 16 — an approximation, as BFL rounds its own way. Fill: the image's size; Expand:
 * the image's size plus the sides.
 */
void
atelier_request_output_size (AtelierModel  *model,
                             AtelierRecipe *recipe,
                             guint         *width,
                             guint         *height)
{
  AtelierReference *first = NULL;

  g_return_if_fail (ATELIER_IS_MODEL (model));
  g_return_if_fail (ATELIER_IS_RECIPE (recipe));
  g_return_if_fail (width != NULL && height != NULL);

  *width = *height = 0;
  if (atelier_recipe_get_n_references (recipe) > 0
      && atelier_model_get_ref_mode (model) != ATELIER_REF_MODE_NONE)
    first = atelier_recipe_get_reference (recipe, 0);

  switch (atelier_model_get_size_mode (model))
    {
    case ATELIER_SIZE_MODE_WIDTH_HEIGHT:
      if (atelier_recipe_get_width (recipe) != 0 && atelier_recipe_get_height (recipe) != 0)
        {
          *width = atelier_recipe_get_width (recipe);
          *height = atelier_recipe_get_height (recipe);
        }
      else if (first != NULL && atelier_model_get_size_from_reference (model)
               && atelier_reference_get_width (first) > 0 && atelier_reference_get_height (first) > 0)
        {
          double w = atelier_reference_get_width (first);
          double h = atelier_reference_get_height (first);
          guint64 max_pixels = atelier_model_get_max_pixels (model);
          double max_side = atelier_model_get_max_size (model);
          double scale = 1;

          if (max_pixels != 0 && w * h > max_pixels)
            scale = sqrt (max_pixels / (w * h));
          scale = MIN (scale, max_side / MAX (w, h));
          w = floor (w * scale / atelier_model_get_size_step (model)) * atelier_model_get_size_step (model);
          h = floor (h * scale / atelier_model_get_size_step (model)) * atelier_model_get_size_step (model);
          *width = (guint) MAX (w, atelier_model_get_min_size (model));
          *height = (guint) MAX (h, atelier_model_get_min_size (model));
        }
      else
        {
          *width = atelier_model_get_default_width (model);
          *height = atelier_model_get_default_height (model);
        }
      break;

    case ATELIER_SIZE_MODE_ASPECT_RATIO:
      {
        double ratio = 1;
        double pixels = atelier_model_get_aspect_pixels (model);

        if (!atelier_model_parse_aspect (atelier_recipe_get_aspect_ratio (recipe), &ratio))
          {
            if (first != NULL && atelier_model_get_size_from_reference (model)
                && atelier_reference_get_height (first) > 0)
              ratio = (double) atelier_reference_get_width (first) / atelier_reference_get_height (first);
            else if (!atelier_model_parse_aspect (atelier_model_get_default_aspect (model), &ratio))
              ratio = 1;
            ratio = CLAMP (ratio, atelier_model_get_min_aspect (model), atelier_model_get_max_aspect (model));
          }
        *width = round_to_step (sqrt (pixels * ratio), 16);
        *height = round_to_step (sqrt (pixels / ratio), 16);
      }
      break;

    case ATELIER_SIZE_MODE_FROM_IMAGE:
      if (first != NULL)
        {
          *width = atelier_reference_get_width (first);
          *height = atelier_reference_get_height (first);
        }
      break;

    case ATELIER_SIZE_MODE_EXPAND:
      if (first != NULL)
        {
          *width = atelier_reference_get_width (first)
                   + atelier_recipe_get_expand (recipe, ATELIER_SIDE_LEFT)
                   + atelier_recipe_get_expand (recipe, ATELIER_SIDE_RIGHT);
          *height = atelier_reference_get_height (first)
                    + atelier_recipe_get_expand (recipe, ATELIER_SIDE_TOP)
                    + atelier_recipe_get_expand (recipe, ATELIER_SIDE_BOTTOM);
        }
      break;

    case ATELIER_SIZE_MODE_NONE:
    default:
      break;
    }
}
