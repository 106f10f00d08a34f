/* atelier-recipe.c
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "atelier-recipe.h"

struct _AtelierRecipe
{
  GObject           parent_instance;

  char             *model_id;
  char             *prompt;
  AtelierRegion     region;
  guint             width;
  guint             height;
  char             *aspect_ratio;
  gint64            seed;
  GHashTable       *params;     /* name → GVariant ("d", "b" or "s") */
  GPtrArray        *references; /* AtelierReference, slot order */
  AtelierReference *mask;
};

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
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char * const region_names[] = { "global", "eu", "us" };

/* set_str () is GLib 2.76; Atelier builds against 2.74. */
static gboolean
set_str (char       **str_pointer,
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

  if (set_str (&self->model_id, model_id))
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

  if (set_str (&self->prompt, prompt != NULL ? prompt : ""))
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
  if (set_str (&self->aspect_ratio, aspect_ratio))
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

/* Serialization */

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
 * "aspect_ratio" (when set), "seed" (null when random), "params", and "ref_files" /
 * "mask_file" when names are given.
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
               "The saved settings are damaged: “%s” has the wrong type", member);
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
                           "The saved settings are damaged: they are not a JSON object");
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
      set_str (&self->prompt, json_object_get_string_member (object, "prompt"));
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
          else if (member_is (params, name, G_TYPE_DOUBLE))
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
