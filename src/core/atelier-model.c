/* atelier-model.c
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "atelier-model.h"

/* Link stub: the real implementation follows. */

struct _AtelierModel
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (AtelierModel, atelier_model, G_TYPE_OBJECT)

static void atelier_model_class_init (AtelierModelClass *klass) { }
static void atelier_model_init (AtelierModel *self) { }

AtelierModel *atelier_model_new_from_json (JsonObject *object, GError **error) { return NULL; }
const char *atelier_model_get_id (AtelierModel *self) { return ""; }
const char *atelier_model_get_name (AtelierModel *self) { return ""; }
AtelierFamily atelier_model_get_family (AtelierModel *self) { return ATELIER_FAMILY_FLUX2; }
const char *atelier_model_get_family_name (AtelierModel *self) { return ""; }
const char *atelier_model_get_best_for (AtelierModel *self) { return ""; }
const char *atelier_model_get_path (AtelierModel *self) { return NULL; }
gboolean atelier_model_is_hosted (AtelierModel *self) { return FALSE; }
gboolean atelier_model_requires_prompt (AtelierModel *self) { return TRUE; }
guint atelier_model_get_concurrency (AtelierModel *self) { return 24; }
AtelierRefMode atelier_model_get_ref_mode (AtelierModel *self) { return ATELIER_REF_MODE_NONE; }
guint atelier_model_get_max_refs (AtelierModel *self) { return 0; }
guint atelier_model_get_stable_refs (AtelierModel *self) { return 0; }
AtelierSizeMode atelier_model_get_size_mode (AtelierModel *self) { return ATELIER_SIZE_MODE_NONE; }
guint atelier_model_get_min_size (AtelierModel *self) { return 0; }
guint atelier_model_get_max_size (AtelierModel *self) { return 0; }
guint atelier_model_get_size_step (AtelierModel *self) { return 1; }
guint64 atelier_model_get_max_pixels (AtelierModel *self) { return 0; }
guint atelier_model_get_default_width (AtelierModel *self) { return 0; }
guint atelier_model_get_default_height (AtelierModel *self) { return 0; }
double atelier_model_get_min_aspect (AtelierModel *self) { return 0; }
double atelier_model_get_max_aspect (AtelierModel *self) { return 0; }
const char *atelier_model_get_default_aspect (AtelierModel *self) { return NULL; }
const char * const *atelier_model_get_aspect_choices (AtelierModel *self) { return NULL; }
guint64 atelier_model_get_aspect_pixels (AtelierModel *self) { return 0; }
AtelierPricingMode atelier_model_get_pricing_mode (AtelierModel *self) { return ATELIER_PRICING_FREE; }
double atelier_model_get_price_first (AtelierModel *self) { return 0; }
double atelier_model_get_price_extra (AtelierModel *self) { return 0; }
char *atelier_model_dup_price_summary (AtelierModel *self) { return g_strdup (""); }
guint atelier_model_get_n_params (AtelierModel *self) { return 0; }
const AtelierParam *atelier_model_get_param (AtelierModel *self, guint index) { return NULL; }
const AtelierParam *atelier_model_lookup_param (AtelierModel *self, const char *name) { return NULL; }
