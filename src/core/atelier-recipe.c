/* atelier-recipe.c — what one generation asks for: model, prompt, size, seed, params, references
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "atelier-recipe-private.h"

G_DEFINE_FINAL_TYPE (AtelierRecipe, atelier_recipe, G_TYPE_OBJECT)
G_DEFINE_ENUM_TYPE (AtelierRegion, atelier_region,
                    G_DEFINE_ENUM_VALUE (ATELIER_REGION_GLOBAL, "global"),
                    G_DEFINE_ENUM_VALUE (ATELIER_REGION_EU, "eu"),
                    G_DEFINE_ENUM_VALUE (ATELIER_REGION_US, "us"))

enum {
  PROP_0,
  PROP_MODEL_ID,
  PROP_PROMPT,
  PROP_REGION,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_ASPECT_RATIO,
  PROP_SEED,
  PROP_N_REFERENCES,
  PROP_MASK,
  PROP_LATEST_WEIGHTS,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char * const region_names[] = { "global", "eu", "us" };
static const char * const side_names[] = { "top", "bottom", "left", "right" };

G_STATIC_ASSERT (G_N_ELEMENTS (side_names) == ATELIER_N_SIDES);

const char *
atelier_side_to_string (AtelierSide side)
{
  g_return_val_if_fail ((guint) side < ATELIER_N_SIDES, NULL);
  return side_names[side];
}

gboolean
_atelier_recipe_set_str (char       **str_pointer,
                         const char  *new_str)
{
  if (g_strcmp0 (*str_pointer, new_str) == 0)
    return FALSE;
  g_free (*str_pointer);
  *str_pointer = g_strdup (new_str);
  return TRUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

const char *
atelier_region_to_string (AtelierRegion region)
{
  if ((guint) region >= G_N_ELEMENTS (region_names))
    return region_names[ATELIER_REGION_GLOBAL];
  return region_names[region];
}

AtelierRegion
atelier_region_from_string (const char *str)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (region_names); i++)
    if (g_str_equal (str, region_names[i]))
      return (AtelierRegion) i;
  return ATELIER_REGION_GLOBAL;
}

/* Every real change ends here: a property's notify (when it is one) and then "changed", so
 * that a view can follow one signal for the estimate and the validation. */
static void
emit_changed (AtelierRecipe *self,
              guint          prop)
{
  if (prop != PROP_0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
atelier_recipe_finalize (GObject *object)
{
  AtelierRecipe *self = (AtelierRecipe *)object;

  g_free (self->model_id);
  g_free (self->prompt);
  g_free (self->aspect_ratio);
  g_clear_pointer (&self->params, g_hash_table_unref);
  g_clear_pointer (&self->references, g_ptr_array_unref);
  g_clear_object (&self->mask);

  G_OBJECT_CLASS (atelier_recipe_parent_class)->finalize (object);
}

static void
atelier_recipe_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  AtelierRecipe *self = ATELIER_RECIPE (object);

  switch (prop_id)
    {
    case PROP_MODEL_ID:
      g_value_set_string (value, self->model_id);
      break;
    case PROP_PROMPT:
      g_value_set_string (value, self->prompt);
      break;
    case PROP_REGION:
      g_value_set_enum (value, self->region);
      break;
    case PROP_WIDTH:
      g_value_set_uint (value, self->width);
      break;
    case PROP_HEIGHT:
      g_value_set_uint (value, self->height);
      break;
    case PROP_ASPECT_RATIO:
      g_value_set_string (value, self->aspect_ratio);
      break;
    case PROP_SEED:
      g_value_set_int64 (value, self->seed);
      break;
    case PROP_N_REFERENCES:
      g_value_set_uint (value, self->references->len);
      break;
    case PROP_MASK:
      g_value_set_object (value, self->mask);
      break;
    case PROP_LATEST_WEIGHTS:
      g_value_set_boolean (value, self->latest_weights);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_recipe_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  AtelierRecipe *self = ATELIER_RECIPE (object);

  switch (prop_id)
    {
    case PROP_MODEL_ID:
      atelier_recipe_set_model_id (self, g_value_get_string (value));
      break;
    case PROP_PROMPT:
      atelier_recipe_set_prompt (self, g_value_get_string (value));
      break;
    case PROP_REGION:
      atelier_recipe_set_region (self, g_value_get_enum (value));
      break;
    case PROP_WIDTH:
      atelier_recipe_set_size (self, g_value_get_uint (value), self->height);
      break;
    case PROP_HEIGHT:
      atelier_recipe_set_size (self, self->width, g_value_get_uint (value));
      break;
    case PROP_ASPECT_RATIO:
      atelier_recipe_set_aspect_ratio (self, g_value_get_string (value));
      break;
    case PROP_SEED:
      atelier_recipe_set_seed (self, g_value_get_int64 (value));
      break;
    case PROP_MASK:
      atelier_recipe_set_mask (self, g_value_get_object (value));
      break;
    case PROP_LATEST_WEIGHTS:
      atelier_recipe_set_latest_weights (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_recipe_class_init (AtelierRecipeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = atelier_recipe_finalize;
  object_class->get_property = atelier_recipe_get_property;
  object_class->set_property = atelier_recipe_set_property;

  properties[PROP_MODEL_ID] = g_param_spec_string ("model-id", NULL, NULL, NULL, flags);
  properties[PROP_PROMPT] = g_param_spec_string ("prompt", NULL, NULL, "", flags);
  properties[PROP_REGION] = g_param_spec_enum ("region", NULL, NULL, ATELIER_TYPE_REGION,
                                               ATELIER_REGION_GLOBAL, flags);
  properties[PROP_WIDTH] = g_param_spec_uint ("width", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_HEIGHT] = g_param_spec_uint ("height", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_ASPECT_RATIO] = g_param_spec_string ("aspect-ratio", NULL, NULL, NULL, flags);
  properties[PROP_SEED] = g_param_spec_int64 ("seed", NULL, NULL, ATELIER_SEED_RANDOM, G_MAXINT64,
                                              ATELIER_SEED_RANDOM, flags);
  properties[PROP_N_REFERENCES] =
    g_param_spec_uint ("n-references", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MASK] = g_param_spec_object ("mask", NULL, NULL, ATELIER_TYPE_REFERENCE, flags);
  properties[PROP_LATEST_WEIGHTS] = g_param_spec_boolean ("latest-weights", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AtelierRecipe::changed:
   *
   * Emitted after any change: a property, a model-specific param, the references or the mask.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
atelier_recipe_init (AtelierRecipe *self)
{
  self->prompt = g_strdup ("");
  self->seed = ATELIER_SEED_RANDOM;
  self->params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_variant_unref);
  self->references = g_ptr_array_new_with_free_func (g_object_unref);
}

AtelierRecipe *
atelier_recipe_new (void)
{
  return g_object_new (ATELIER_TYPE_RECIPE, NULL);
}

AtelierRecipe *
atelier_recipe_copy (AtelierRecipe *self)
{
  AtelierRecipe *copy;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (ATELIER_IS_RECIPE (self), NULL);

  copy = atelier_recipe_new ();
  copy->model_id = g_strdup (self->model_id);
  g_free (copy->prompt);
  copy->prompt = g_strdup (self->prompt);
  copy->region = self->region;
  copy->width = self->width;
  copy->height = self->height;
  copy->aspect_ratio = g_strdup (self->aspect_ratio);
  copy->seed = self->seed;
  copy->latest_weights = self->latest_weights;
  memcpy (copy->expand, self->expand, sizeof copy->expand);

  g_hash_table_iter_init (&iter, self->params);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy->params, g_strdup (key), g_variant_ref (value));

  /* References are immutable once prepared: sharing them is safe. */
  for (guint i = 0; i < self->references->len; i++)
    g_ptr_array_add (copy->references, g_object_ref (g_ptr_array_index (self->references, i)));
  g_set_object (&copy->mask, self->mask);

  return copy;
}

const char *
atelier_recipe_get_model_id (AtelierRecipe *self)
{
  g_return_val_if_fail (ATELIER_IS_RECIPE (self), NULL);
  return self->model_id;
}

void
atelier_recipe_set_model_id (AtelierRecipe *self,
                             const char    *model_id)
{
  g_return_if_fail (ATELIER_IS_RECIPE (self));

  if (_atelier_recipe_set_str (&self->model_id, model_id))
    emit_changed (self, PROP_MODEL_ID);
}

const char *
atelier_recipe_get_prompt (AtelierRecipe *self)
{
  g_return_val_if_fail (ATELIER_IS_RECIPE (self), NULL);
  return self->prompt;
}

void
atelier_recipe_set_prompt (AtelierRecipe *self,
                           const char    *prompt)
{
  g_return_if_fail (ATELIER_IS_RECIPE (self));

  if (_atelier_recipe_set_str (&self->prompt, prompt != NULL ? prompt : ""))
    emit_changed (self, PROP_PROMPT);
}

AtelierRegion
atelier_recipe_get_region (AtelierRecipe *self)
{
  g_return_val_if_fail (ATELIER_IS_RECIPE (self), ATELIER_REGION_GLOBAL);
  return self->region;
}

void
atelier_recipe_set_region (AtelierRecipe *self,
                           AtelierRegion  region)
{
  g_return_if_fail (ATELIER_IS_RECIPE (self));
  g_return_if_fail ((guint) region < G_N_ELEMENTS (region_names));

  if (self->region == region)
    return;
  self->region = region;
  emit_changed (self, PROP_REGION);
}

guint
atelier_recipe_get_width (AtelierRecipe *self)
{
  g_return_val_if_fail (ATELIER_IS_RECIPE (self), 0);
  return self->width;
}

guint
atelier_recipe_get_height (AtelierRecipe *self)
{
  g_return_val_if_fail (ATELIER_IS_RECIPE (self), 0);
  return self->height;
}

void
atelier_recipe_set_size (AtelierRecipe *self,
                         guint          width,
                         guint          height)
{
  gboolean width_changed, height_changed;

  g_return_if_fail (ATELIER_IS_RECIPE (self));

  width_changed = self->width != width;
  height_changed = self->height != height;
  if (!width_changed && !height_changed)
    return;

  self->width = width;
  self->height = height;

  /* Both notifies go out before "changed", so nobody sees half a size in "changed". */
  g_object_freeze_notify (G_OBJECT (self));
  if (width_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WIDTH]);
  if (height_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEIGHT]);
  g_object_thaw_notify (G_OBJECT (self));
  emit_changed (self, PROP_0);
}

const char *
atelier_recipe_get_aspect_ratio (AtelierRecipe *self)
{
  g_return_val_if_fail (ATELIER_IS_RECIPE (self), NULL);
  return self->aspect_ratio;
}

void
atelier_recipe_set_aspect_ratio (AtelierRecipe *self,
                                 const char    *aspect_ratio)
{
  g_return_if_fail (ATELIER_IS_RECIPE (self));

  if (aspect_ratio != NULL && aspect_ratio[0] == '\0')
    aspect_ratio = NULL;
  if (_atelier_recipe_set_str (&self->aspect_ratio, aspect_ratio))
    emit_changed (self, PROP_ASPECT_RATIO);
}

gint64
atelier_recipe_get_seed (AtelierRecipe *self)
{
  g_return_val_if_fail (ATELIER_IS_RECIPE (self), ATELIER_SEED_RANDOM);
  return self->seed;
}

void
atelier_recipe_set_seed (AtelierRecipe *self,
                         gint64         seed)
{
  g_return_if_fail (ATELIER_IS_RECIPE (self));

  if (seed < 0)
    seed = ATELIER_SEED_RANDOM;
  if (self->seed == seed)
    return;
  self->seed = seed;
  emit_changed (self, PROP_SEED);
}

/* Params */

gboolean
atelier_recipe_get_latest_weights (AtelierRecipe *self)
{
  g_return_val_if_fail (ATELIER_IS_RECIPE (self), FALSE);
  return self->latest_weights;
}

void
atelier_recipe_set_latest_weights (AtelierRecipe *self,
                                   gboolean       latest_weights)
{
  g_return_if_fail (ATELIER_IS_RECIPE (self));

  latest_weights = !!latest_weights;
  if (self->latest_weights == latest_weights)
    return;
  self->latest_weights = latest_weights;
  emit_changed (self, PROP_LATEST_WEIGHTS);
}

guint
atelier_recipe_get_expand (AtelierRecipe *self,
                           AtelierSide    side)
{
  g_return_val_if_fail (ATELIER_IS_RECIPE (self), 0);
  g_return_val_if_fail ((guint) side < ATELIER_N_SIDES, 0);
  return self->expand[side];
}

void
atelier_recipe_set_expand (AtelierRecipe *self,
                           AtelierSide    side,
                           guint          pixels)
{
  g_return_if_fail (ATELIER_IS_RECIPE (self));
  g_return_if_fail ((guint) side < ATELIER_N_SIDES);

  if (self->expand[side] == pixels)
    return;
  self->expand[side] = pixels;
  emit_changed (self, PROP_0);
}

static void
set_param (AtelierRecipe *self,
           const char    *name,
           GVariant      *value)
{
  g_autoptr(GVariant) owned = g_variant_ref_sink (value);
  GVariant *old = g_hash_table_lookup (self->params, name);

  if (old != NULL && g_variant_equal (old, owned))
    return;
  g_hash_table_insert (self->params, g_strdup (name), g_steal_pointer (&owned));
  emit_changed (self, PROP_0);
}

static GVariant *
lookup_param (AtelierRecipe      *self,
              const char         *name,
              const GVariantType *type)
{
  GVariant *value = g_hash_table_lookup (self->params, name);

  if (value == NULL || !g_variant_is_of_type (value, type))
    return NULL;
  return value;
}

gboolean
atelier_recipe_has_param (AtelierRecipe *self,
                          const char    *name)
{
  g_return_val_if_fail (ATELIER_IS_RECIPE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  return g_hash_table_contains (self->params, name);
}

/**
 * atelier_recipe_get_param_value:
 *
 * Returns: (transfer none) (nullable): the param as stored: a "d" (number), "b" or "s" variant.
 * For the request validator, which must see a param set with the wrong type.
 */
GVariant *
atelier_recipe_get_param_value (AtelierRecipe *self,
                                const char    *name)
{
  g_return_val_if_fail (ATELIER_IS_RECIPE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (self->params, name);
}

void
atelier_recipe_unset_param (AtelierRecipe *self,
                            const char    *name)
{
  g_return_if_fail (ATELIER_IS_RECIPE (self));
  g_return_if_fail (name != NULL);

  if (g_hash_table_remove (self->params, name))
    emit_changed (self, PROP_0);
}

double
atelier_recipe_get_number (AtelierRecipe *self,
                           const char    *name,
                           double         fallback)
{
  GVariant *value;

  g_return_val_if_fail (ATELIER_IS_RECIPE (self), fallback);
  g_return_val_if_fail (name != NULL, fallback);

  value = lookup_param (self, name, G_VARIANT_TYPE_DOUBLE);
  return value != NULL ? g_variant_get_double (value) : fallback;
}

void
atelier_recipe_set_number (AtelierRecipe *self,
                           const char    *name,
                           double         value)
{
  g_return_if_fail (ATELIER_IS_RECIPE (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (isfinite (value));

  set_param (self, name, g_variant_new_double (value));
}

gboolean
atelier_recipe_get_bool (AtelierRecipe *self,
                         const char    *name,
                         gboolean       fallback)
{
  GVariant *value;

  g_return_val_if_fail (ATELIER_IS_RECIPE (self), fallback);
  g_return_val_if_fail (name != NULL, fallback);

  value = lookup_param (self, name, G_VARIANT_TYPE_BOOLEAN);
  return value != NULL ? g_variant_get_boolean (value) : fallback;
}

void
atelier_recipe_set_bool (AtelierRecipe *self,
                         const char    *name,
                         gboolean       value)
{
  g_return_if_fail (ATELIER_IS_RECIPE (self));
  g_return_if_fail (name != NULL);

  set_param (self, name, g_variant_new_boolean (!!value));
}

const char *
atelier_recipe_get_choice (AtelierRecipe *self,
                           const char    *name,
                           const char    *fallback)
{
  GVariant *value;

  g_return_val_if_fail (ATELIER_IS_RECIPE (self), fallback);
  g_return_val_if_fail (name != NULL, fallback);

  value = lookup_param (self, name, G_VARIANT_TYPE_STRING);
  return value != NULL ? g_variant_get_string (value, NULL) : fallback;
}

void
atelier_recipe_set_choice (AtelierRecipe *self,
                           const char    *name,
                           const char    *value)
{
  g_return_if_fail (ATELIER_IS_RECIPE (self));
  g_return_if_fail (name != NULL);

  if (value == NULL)
    atelier_recipe_unset_param (self, name);
  else
    set_param (self, name, g_variant_new_string (value));
}

GStrv
atelier_recipe_dup_param_names (AtelierRecipe *self)
{
  g_autofree const char **keys = NULL;
  guint n;

  g_return_val_if_fail (ATELIER_IS_RECIPE (self), NULL);

  keys = (const char **) g_hash_table_get_keys_as_array (self->params, &n);
  qsort (keys, n, sizeof (char *), compare_strings);
  return g_strdupv ((char **) keys);
}

/* References */

guint
atelier_recipe_get_n_references (AtelierRecipe *self)
{
  g_return_val_if_fail (ATELIER_IS_RECIPE (self), 0);
  return self->references->len;
}

/**
 * atelier_recipe_get_reference:
 *
 * Returns: (transfer none): the reference in slot @index + 1.
 */
AtelierReference *
atelier_recipe_get_reference (AtelierRecipe *self,
                              guint          index)
{
  g_return_val_if_fail (ATELIER_IS_RECIPE (self), NULL);
  g_return_val_if_fail (index < self->references->len, NULL);

  return g_ptr_array_index (self->references, index);
}

void
atelier_recipe_set_references (AtelierRecipe            *self,
                               AtelierReference * const *refs,
                               guint                     n_refs)
{
  guint old_len;
  gboolean same;

  g_return_if_fail (ATELIER_IS_RECIPE (self));
  g_return_if_fail (refs != NULL || n_refs == 0);

  old_len = self->references->len;
  same = old_len == n_refs;
  for (guint i = 0; same && i < n_refs; i++)
    same = g_ptr_array_index (self->references, i) == refs[i];
  if (same)
    return;

  g_ptr_array_set_size (self->references, 0);
  for (guint i = 0; i < n_refs; i++)
    {
      g_return_if_fail (ATELIER_IS_REFERENCE (refs[i]));
      g_ptr_array_add (self->references, g_object_ref (refs[i]));
    }

  emit_changed (self, old_len != n_refs ? PROP_N_REFERENCES : PROP_0);
}

/**
 * atelier_recipe_get_mask:
 *
 * Returns: (transfer none) (nullable): Fill's mask.
 */
AtelierReference *
atelier_recipe_get_mask (AtelierRecipe *self)
{
  g_return_val_if_fail (ATELIER_IS_RECIPE (self), NULL);
  return self->mask;
}

void
atelier_recipe_set_mask (AtelierRecipe    *self,
                         AtelierReference *mask)
{
  g_return_if_fail (ATELIER_IS_RECIPE (self));
  g_return_if_fail (mask == NULL || ATELIER_IS_REFERENCE (mask));

  if (g_set_object (&self->mask, mask))
    emit_changed (self, PROP_MASK);
}
