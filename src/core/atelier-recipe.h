/* atelier-recipe.h — what to make: prompt, model, region, size, seed, settings, references, mask
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "atelier-reference.h"

G_BEGIN_DECLS

typedef enum
{
  ATELIER_REGION_GLOBAL,
  ATELIER_REGION_EU,
  ATELIER_REGION_US,
} AtelierRegion;

#define ATELIER_TYPE_REGION (atelier_region_get_type ())
GType          atelier_region_get_type    (void);

const char    *atelier_region_to_string   (AtelierRegion  region); /* "global" | "eu" | "us" */
AtelierRegion  atelier_region_from_string (const char    *str);    /* unknown → GLOBAL */

/* The sides of an image that Expand adds pixels to, in the order BFL's fields are documented. */
typedef enum
{
  ATELIER_SIDE_TOP,
  ATELIER_SIDE_BOTTOM,
  ATELIER_SIDE_LEFT,
  ATELIER_SIDE_RIGHT,
  ATELIER_N_SIDES,
} AtelierSide;

const char    *atelier_side_to_string     (AtelierSide    side);   /* "top" … "right": the request field */

/* Everything needed to ask for one image: what the composer holds, what a job keeps, what
 * "Reuse settings" brings back. A plain mutable GObject: notify on every property change, and
 * `changed` after any change (a property, a model's own setting, the references or the mask). */

#define ATELIER_TYPE_RECIPE (atelier_recipe_get_type ())

G_DECLARE_FINAL_TYPE (AtelierRecipe, atelier_recipe, ATELIER, RECIPE, GObject)

#define ATELIER_SEED_RANDOM (-1)

AtelierRecipe    *atelier_recipe_new                (void);
AtelierRecipe    *atelier_recipe_copy               (AtelierRecipe    *self); /* references shared (immutable) */

const char       *atelier_recipe_get_model_id       (AtelierRecipe    *self);
void              atelier_recipe_set_model_id       (AtelierRecipe    *self,
                                                     const char       *model_id);
const char       *atelier_recipe_get_prompt         (AtelierRecipe    *self);
void              atelier_recipe_set_prompt         (AtelierRecipe    *self,
                                                     const char       *prompt);
AtelierRegion     atelier_recipe_get_region         (AtelierRecipe    *self);
void              atelier_recipe_set_region         (AtelierRecipe    *self,
                                                     AtelierRegion     region);
/* Width/height models; 0 lets the API derive the size (from the first reference). */
guint             atelier_recipe_get_width          (AtelierRecipe    *self);
guint             atelier_recipe_get_height         (AtelierRecipe    *self);
void              atelier_recipe_set_size           (AtelierRecipe    *self,
                                                     guint             width,
                                                     guint             height);
/* Aspect-ratio models: "16:9"; NULL = the model's default. */
const char       *atelier_recipe_get_aspect_ratio   (AtelierRecipe    *self);
void              atelier_recipe_set_aspect_ratio   (AtelierRecipe    *self,
                                                     const char       *aspect_ratio);
/* ATELIER_SEED_RANDOM or a fixed seed ≥ 0. */
gint64            atelier_recipe_get_seed           (AtelierRecipe    *self);
void              atelier_recipe_set_seed           (AtelierRecipe    *self,
                                                     gint64            seed);

/* The model's newest weights (its preview endpoint) instead of the pinned snapshot. Ignored by a
 * model without a preview endpoint; kept, so that a job records which weights made it. */
gboolean          atelier_recipe_get_latest_weights (AtelierRecipe    *self);
void              atelier_recipe_set_latest_weights (AtelierRecipe    *self,
                                                     gboolean          latest_weights);
/* Expand: pixels added to one side of the source image (0 = none). */
guint             atelier_recipe_get_expand         (AtelierRecipe    *self,
                                                     AtelierSide       side);
void              atelier_recipe_set_expand         (AtelierRecipe    *self,
                                                     AtelierSide       side,
                                                     guint             pixels);

/* Model-specific fields by their JSON name (AtelierParam.name). Unset = the model's default
 * (and then the field is left out of the request). */
gboolean          atelier_recipe_has_param          (AtelierRecipe    *self,
                                                     const char       *name);
void              atelier_recipe_unset_param        (AtelierRecipe    *self,
                                                     const char       *name);
double            atelier_recipe_get_number         (AtelierRecipe    *self,
                                                     const char       *name,
                                                     double            fallback);
void              atelier_recipe_set_number         (AtelierRecipe    *self,
                                                     const char       *name,
                                                     double            value);
gboolean          atelier_recipe_get_bool           (AtelierRecipe    *self,
                                                     const char       *name,
                                                     gboolean          fallback);
void              atelier_recipe_set_bool           (AtelierRecipe    *self,
                                                     const char       *name,
                                                     gboolean          value);
const char       *atelier_recipe_get_choice         (AtelierRecipe    *self,
                                                     const char       *name,
                                                     const char       *fallback);
void              atelier_recipe_set_choice         (AtelierRecipe    *self,
                                                     const char       *name,
                                                     const char       *value);
/* The param exactly as stored (a "d", "b" or "s" GVariant), or NULL when unset. */
GVariant         *atelier_recipe_get_param_value    (AtelierRecipe    *self,
                                                     const char       *name);
/* Names of the params set, sorted. */
GStrv             atelier_recipe_dup_param_names    (AtelierRecipe    *self);

/* References in slot order (slot 1 first). Slots beyond a model's limit are kept here and left
 * out of the request by the request builder. */
guint             atelier_recipe_get_n_references   (AtelierRecipe    *self);
AtelierReference *atelier_recipe_get_reference      (AtelierRecipe    *self,
                                                     guint             index);
void              atelier_recipe_set_references     (AtelierRecipe    *self,
                                                     AtelierReference * const *refs,
                                                     guint             n_refs);
/* Fill: the source image is reference 0; the mask is a black-and-white PNG of the same size. */
AtelierReference *atelier_recipe_get_mask           (AtelierRecipe    *self);
void              atelier_recipe_set_mask           (AtelierRecipe    *self,
                                                     AtelierReference *mask);

/* Serialization for the library. References and mask are written by the caller as files; the
 * JSON names them (`ref_files`, `mask_file`), as given by `ref_names` (may be NULL). */
JsonNode         *atelier_recipe_to_json            (AtelierRecipe    *self,
                                                     const char * const *ref_names,
                                                     const char       *mask_name);
AtelierRecipe    *atelier_recipe_new_from_json      (JsonNode         *node,
                                                     GError          **error);
/* The file names recorded by atelier_recipe_to_json (references are not loaded). */
GStrv             atelier_recipe_json_dup_ref_files (JsonNode         *node);
/* The mask file name recorded by atelier_recipe_to_json, or NULL. */
char             *atelier_recipe_json_dup_mask_file (JsonNode         *node);

G_END_DECLS
