/* atelier-recipe.c
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "atelier-recipe.h"

/* Link stub: the real implementation follows. */

struct _AtelierRecipe
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (AtelierRecipe, atelier_recipe, G_TYPE_OBJECT)

static void atelier_recipe_class_init (AtelierRecipeClass *klass) { }
static void atelier_recipe_init (AtelierRecipe *self) { }

const char *atelier_region_to_string (AtelierRegion region) { return "global"; }
AtelierRegion atelier_region_from_string (const char *str) { return ATELIER_REGION_GLOBAL; }
AtelierRecipe *atelier_recipe_new (void) { return g_object_new (ATELIER_TYPE_RECIPE, NULL); }
AtelierRecipe *atelier_recipe_copy (AtelierRecipe *self) { return atelier_recipe_new (); }
const char *atelier_recipe_get_model_id (AtelierRecipe *self) { return "flux-2-pro"; }
void atelier_recipe_set_model_id (AtelierRecipe *self, const char *model_id) { }
const char *atelier_recipe_get_prompt (AtelierRecipe *self) { return ""; }
void atelier_recipe_set_prompt (AtelierRecipe *self, const char *prompt) { }
AtelierRegion atelier_recipe_get_region (AtelierRecipe *self) { return ATELIER_REGION_GLOBAL; }
void atelier_recipe_set_region (AtelierRecipe *self, AtelierRegion region) { }
guint atelier_recipe_get_width (AtelierRecipe *self) { return 0; }
guint atelier_recipe_get_height (AtelierRecipe *self) { return 0; }
void atelier_recipe_set_size (AtelierRecipe *self, guint width, guint height) { }
const char *atelier_recipe_get_aspect_ratio (AtelierRecipe *self) { return NULL; }
void atelier_recipe_set_aspect_ratio (AtelierRecipe *self, const char *aspect_ratio) { }
gint64 atelier_recipe_get_seed (AtelierRecipe *self) { return ATELIER_SEED_RANDOM; }
void atelier_recipe_set_seed (AtelierRecipe *self, gint64 seed) { }
gboolean atelier_recipe_has_param (AtelierRecipe *self, const char *name) { return FALSE; }
void atelier_recipe_unset_param (AtelierRecipe *self, const char *name) { }
double atelier_recipe_get_number (AtelierRecipe *self, const char *name, double fallback) { return fallback; }
void atelier_recipe_set_number (AtelierRecipe *self, const char *name, double value) { }
gboolean atelier_recipe_get_bool (AtelierRecipe *self, const char *name, gboolean fallback) { return fallback; }
void atelier_recipe_set_bool (AtelierRecipe *self, const char *name, gboolean value) { }
const char *atelier_recipe_get_choice (AtelierRecipe *self, const char *name, const char *fallback) { return fallback; }
void atelier_recipe_set_choice (AtelierRecipe *self, const char *name, const char *value) { }
GStrv atelier_recipe_dup_param_names (AtelierRecipe *self) { return g_new0 (char *, 1); }
guint atelier_recipe_get_n_references (AtelierRecipe *self) { return 0; }
AtelierReference *atelier_recipe_get_reference (AtelierRecipe *self, guint index) { return NULL; }
void atelier_recipe_set_references (AtelierRecipe *self, AtelierReference * const *refs, guint n_refs) { }
AtelierReference *atelier_recipe_get_mask (AtelierRecipe *self) { return NULL; }
void atelier_recipe_set_mask (AtelierRecipe *self, AtelierReference *mask) { }
JsonNode *atelier_recipe_to_json (AtelierRecipe *self, const char * const *ref_names, const char *mask_name) { return json_node_new (JSON_NODE_OBJECT); }
AtelierRecipe *atelier_recipe_new_from_json (JsonNode *node, GError **error) { return atelier_recipe_new (); }
GStrv atelier_recipe_json_dup_ref_files (JsonNode *node) { return g_new0 (char *, 1); }
