/* atelier-model.c — one model of the catalog: its properties and accessors
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "atelier-model-private.h"

G_DEFINE_FINAL_TYPE (AtelierModel, atelier_model, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_FAMILY_NAME,
  PROP_BEST_FOR,
  PROP_HOSTED,
  PROP_PRICE_SUMMARY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
_atelier_param_free (AtelierParam *param)
{
  g_free (param->name);
  g_free (param->label);
  g_free (param->description);
  g_free (param->default_choice);
  g_strfreev (param->choices);
  g_free (param);
}

static void
atelier_model_finalize (GObject *object)
{
  AtelierModel *self = (AtelierModel *)object;

  g_free (self->id);
  g_free (self->name);
  g_free (self->family_name);
  g_free (self->best_for);
  g_free (self->path);
  g_free (self->preview_path);
  g_free (self->ref_note);
  g_free (self->default_aspect);
  g_strfreev (self->aspect_choices);
  g_clear_pointer (&self->params, g_ptr_array_unref);

  G_OBJECT_CLASS (atelier_model_parent_class)->finalize (object);
}

static void
atelier_model_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  AtelierModel *self = ATELIER_MODEL (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_FAMILY_NAME:
      g_value_set_string (value, self->family_name);
      break;
    case PROP_BEST_FOR:
      g_value_set_string (value, self->best_for);
      break;
    case PROP_HOSTED:
      g_value_set_boolean (value, self->hosted);
      break;
    case PROP_PRICE_SUMMARY:
      g_value_take_string (value, atelier_model_dup_price_summary (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_model_class_init (AtelierModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = atelier_model_finalize;
  object_class->get_property = atelier_model_get_property;

  /* Read-only, so that list rows and dropdowns can follow them with expressions. */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_FAMILY_NAME] =
    g_param_spec_string ("family-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BEST_FOR] =
    g_param_spec_string ("best-for", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_HOSTED] =
    g_param_spec_boolean ("hosted", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PRICE_SUMMARY] =
    g_param_spec_string ("price-summary", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
atelier_model_init (AtelierModel *self)
{
  self->params = g_ptr_array_new_with_free_func ((GDestroyNotify) _atelier_param_free);
  self->concurrency = 24;
  self->size_step = 1;
}

const char *
atelier_model_get_id (AtelierModel *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL (self), NULL);
  return self->id;
}

const char *
atelier_model_get_name (AtelierModel *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL (self), NULL);
  return self->name;
}

AtelierFamily
atelier_model_get_family (AtelierModel *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL (self), ATELIER_FAMILY_FLUX2);
  return self->family;
}

const char *
atelier_model_get_family_name (AtelierModel *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL (self), NULL);
  return self->family_name;
}

const char *
atelier_model_get_best_for (AtelierModel *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL (self), NULL);
  return self->best_for;
}

const char *
atelier_model_get_path (AtelierModel *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL (self), NULL);
  return self->path;
}

const char *
atelier_model_get_preview_path (AtelierModel *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL (self), NULL);

  return self->preview_path;
}

gboolean
atelier_model_is_hosted (AtelierModel *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL (self), FALSE);
  return self->hosted;
}

gboolean
atelier_model_requires_prompt (AtelierModel *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL (self), TRUE);
  return self->requires_prompt;
}

guint
atelier_model_get_concurrency (AtelierModel *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL (self), 1);
  return self->concurrency;
}

AtelierRefMode
atelier_model_get_ref_mode (AtelierModel *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL (self), ATELIER_REF_MODE_NONE);
  return self->ref_mode;
}

guint
atelier_model_get_max_refs (AtelierModel *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL (self), 0);
  return self->max_refs;
}

guint
atelier_model_get_stable_refs (AtelierModel *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL (self), 0);
  return self->stable_refs;
}

const char *
atelier_model_get_ref_note (AtelierModel *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL (self), NULL);
  return self->ref_note;
}

AtelierSizeMode
atelier_model_get_size_mode (AtelierModel *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL (self), ATELIER_SIZE_MODE_NONE);
  return self->size_mode;
}

guint
atelier_model_get_min_size (AtelierModel *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL (self), 0);
  return self->min_size;
}

guint
atelier_model_get_max_size (AtelierModel *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL (self), 0);
  return self->max_size;
}

guint
atelier_model_get_size_step (AtelierModel *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL (self), 1);
  return self->size_step;
}

guint64
atelier_model_get_max_pixels (AtelierModel *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL (self), 0);
  return self->max_pixels;
}

guint
atelier_model_get_default_width (AtelierModel *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL (self), 0);
  return self->default_width;
}

guint
atelier_model_get_default_height (AtelierModel *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL (self), 0);
  return self->default_height;
}

gboolean
atelier_model_get_size_from_reference (AtelierModel *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL (self), FALSE);
  return self->size_from_reference;
}

double
atelier_model_get_min_aspect (AtelierModel *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL (self), 0);
  return self->min_aspect;
}

double
atelier_model_get_max_aspect (AtelierModel *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL (self), 0);
  return self->max_aspect;
}

const char *
atelier_model_get_default_aspect (AtelierModel *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL (self), NULL);
  return self->default_aspect;
}

const char * const *
atelier_model_get_aspect_choices (AtelierModel *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL (self), NULL);
  return (const char * const *) self->aspect_choices;
}

guint64
atelier_model_get_aspect_pixels (AtelierModel *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL (self), 0);
  return self->aspect_pixels;
}

AtelierPricingMode
atelier_model_get_pricing_mode (AtelierModel *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL (self), ATELIER_PRICING_FREE);
  return self->pricing_mode;
}

double
atelier_model_get_price_first (AtelierModel *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL (self), 0);
  return self->price_first;
}

double
atelier_model_get_price_extra (AtelierModel *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL (self), 0);
  return self->price_extra;
}

double
atelier_model_get_price_raw (AtelierModel *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL (self), 0);
  return self->price_raw;
}

/* "1.5", "3", "0.045": at most `decimals` places, trailing zeros dropped but at least
 * `min_decimals` kept, in the user's locale. */
char *
atelier_model_format_number (double value,
                             int    min_decimals,
                             int    decimals)
{
  g_autofree char *text = g_strdup_printf ("%.*f", decimals, value);
  char *end = text + strlen (text);
  char *point;

  /* The decimal separator depends on the locale: find the first non-digit after the sign. */
  point = text + (text[0] == '-');
  while (g_ascii_isdigit (*point))
    point++;
  if (*point == '\0')
    return g_steal_pointer (&text);

  while (end > point + 1 + min_decimals && end[-1] == '0')
    *--end = '\0';
  if (end == point + 1)
    *point = '\0';
  return g_steal_pointer (&text);
}

char *
atelier_model_dup_price_summary (AtelierModel *self)
{
  g_autofree char *first = NULL;
  g_autofree char *extra = NULL;

  g_return_val_if_fail (ATELIER_IS_MODEL (self), NULL);

  first = atelier_model_format_number (self->price_first, 0, 3);
  extra = atelier_model_format_number (self->price_extra, 0, 3);

  switch (self->pricing_mode)
    {
    case ATELIER_PRICING_FLAT:
      /* Translators: a flat price per image, e.g. "4 credits" */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s credit", "%s credits",
                                           self->price_first == 1 ? 1 : 2), first);
    case ATELIER_PRICING_MEGAPIXEL:
      /* Translators: the first megapixel's price plus each further one's, e.g. "3 + 1.5 credits/MP" */
      return g_strdup_printf (_("%s + %s credits/MP"), first, extra);
    case ATELIER_PRICING_FREE:
    default:
      return g_strdup (_("Not available in the API"));
    }
}

guint
atelier_model_get_n_params (AtelierModel *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL (self), 0);
  return self->params->len;
}

const AtelierParam *
atelier_model_get_param (AtelierModel *self,
                         guint         index)
{
  g_return_val_if_fail (ATELIER_IS_MODEL (self), NULL);
  g_return_val_if_fail (index < self->params->len, NULL);
  return g_ptr_array_index (self->params, index);
}

const AtelierParam *
atelier_model_lookup_param (AtelierModel *self,
                            const char   *name)
{
  g_return_val_if_fail (ATELIER_IS_MODEL (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < self->params->len; i++)
    {
      const AtelierParam *param = g_ptr_array_index (self->params, i);

      if (g_str_equal (param->name, name))
        return param;
    }
  return NULL;
}

