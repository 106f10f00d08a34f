/* atelier-model.h — one FLUX model as the catalog describes it: endpoint, references, sizes, price
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  ATELIER_FAMILY_FLUX2,
  ATELIER_FAMILY_FLUX1,
} AtelierFamily;

/* How a model takes reference images. */
typedef enum
{
  ATELIER_REF_MODE_NONE,
  ATELIER_REF_MODE_INPUT_IMAGES,  /* input_image, input_image_2 … input_image_N */
  ATELIER_REF_MODE_IMAGE_PROMPT,  /* image_prompt (one image) */
  ATELIER_REF_MODE_IMAGE_MASK,    /* image + mask (Fill) */
  ATELIER_REF_MODE_IMAGE,         /* image: one source image (Expand) */
} AtelierRefMode;

typedef enum
{
  ATELIER_SIZE_MODE_NONE,
  ATELIER_SIZE_MODE_WIDTH_HEIGHT, /* width/height with bounds and step */
  ATELIER_SIZE_MODE_ASPECT_RATIO, /* aspect_ratio "W:H" within a range */
  ATELIER_SIZE_MODE_FROM_IMAGE,   /* taken from the source image */
  ATELIER_SIZE_MODE_EXPAND,       /* the source image plus top/bottom/left/right, each 0…max_size */
} AtelierSizeMode;

typedef enum
{
  ATELIER_PRICING_FREE,           /* not offered by the hosted API */
  ATELIER_PRICING_FLAT,           /* credits per image */
  ATELIER_PRICING_MEGAPIXEL,      /* first MP + extra per further MP, out and in */
} AtelierPricingMode;

typedef enum
{
  ATELIER_PARAM_INT,
  ATELIER_PARAM_DOUBLE,
  ATELIER_PARAM_BOOL,
  ATELIER_PARAM_CHOICE,           /* a string among `choices` */
} AtelierParamType;

/* One model-specific request field ("steps", "guidance", "safety_tolerance", "output_format",
 * "prompt_upsampling", "raw", "image_prompt_strength"…). Owned by its model. */
typedef struct
{
  char             *name;          /* the JSON field */
  char             *label;         /* translated label, e.g. "Steps" */
  char             *description;   /* translated one-liner, may be NULL */
  AtelierParamType  type;
  double            min;
  double            max;
  double            step;
  double            default_number; /* INT, DOUBLE */
  gboolean          default_bool;   /* BOOL */
  char             *default_choice; /* CHOICE */
  char            **choices;        /* CHOICE: NULL-terminated */
} AtelierParam;

#define ATELIER_TYPE_MODEL (atelier_model_get_type ())

G_DECLARE_FINAL_TYPE (AtelierModel, atelier_model, ATELIER, MODEL, GObject)

/* Builds a model from one entry of data/models.json; NULL and an error when malformed. */
AtelierModel       *atelier_model_new_from_json        (JsonObject    *object,
                                                        GError       **error);

const char         *atelier_model_get_id               (AtelierModel  *self); /* "flux-2-pro" */
const char         *atelier_model_get_name             (AtelierModel  *self); /* "FLUX.2 [pro]" */
AtelierFamily       atelier_model_get_family           (AtelierModel  *self);
const char         *atelier_model_get_family_name      (AtelierModel  *self); /* "FLUX.2" */
const char         *atelier_model_get_best_for         (AtelierModel  *self);
/* The endpoint path ("flux-2-pro", POST /v1/<path>), or NULL when not hosted. */
const char         *atelier_model_get_path             (AtelierModel  *self);
gboolean            atelier_model_is_hosted            (AtelierModel  *self);
/* The endpoint with the newest weights beside the pinned snapshot ("flux-2-pro-preview"), or NULL
 * when the model has none. Same fields and prices as the pinned path. */
const char         *atelier_model_get_preview_path     (AtelierModel  *self);
gboolean            atelier_model_requires_prompt      (AtelierModel  *self);
guint               atelier_model_get_concurrency      (AtelierModel  *self); /* 24, or 6 */

AtelierRefMode      atelier_model_get_ref_mode         (AtelierModel  *self);
guint               atelier_model_get_max_refs         (AtelierModel  *self); /* 0…8 */
/* References past this count are accepted by BFL only experimentally (Kontext); == max_refs otherwise. */
guint               atelier_model_get_stable_refs      (AtelierModel  *self);

AtelierSizeMode     atelier_model_get_size_mode        (AtelierModel  *self);
guint               atelier_model_get_min_size         (AtelierModel  *self); /* per side */
guint               atelier_model_get_max_size         (AtelierModel  *self); /* per side */
guint               atelier_model_get_size_step        (AtelierModel  *self);
guint64             atelier_model_get_max_pixels       (AtelierModel  *self); /* 0 = no limit */
guint               atelier_model_get_default_width    (AtelierModel  *self);
guint               atelier_model_get_default_height   (AtelierModel  *self);
/* Expand models: max_size is the most pixels added per side; the aspect choices are the presets
 * ("to 16:9") the sides can be set to reach. */
/* Aspect-ratio models: the allowed ratio range as width/height (e.g. 9/21 … 21/9), the
 * default ("16:9"), and the preset list offered to the user (NULL-terminated). */
double              atelier_model_get_min_aspect       (AtelierModel  *self);
double              atelier_model_get_max_aspect       (AtelierModel  *self);
const char         *atelier_model_get_default_aspect   (AtelierModel  *self);
const char * const *atelier_model_get_aspect_choices   (AtelierModel  *self);
/* The approximate output pixel count of an aspect-ratio model (≈1 MP for Kontext, 4 MP for Ultra). */
guint64             atelier_model_get_aspect_pixels    (AtelierModel  *self);

AtelierPricingMode  atelier_model_get_pricing_mode     (AtelierModel  *self);
double              atelier_model_get_price_first      (AtelierModel  *self); /* MEGAPIXEL: first MP; FLAT: per image */
double              atelier_model_get_price_extra      (AtelierModel  *self); /* MEGAPIXEL: each further MP */
/* A short price line for a dropdown subtitle: "3 + 1.5 credits/MP", "4 credits". */
char               *atelier_model_dup_price_summary    (AtelierModel  *self);

guint               atelier_model_get_n_params         (AtelierModel  *self);
const AtelierParam *atelier_model_get_param            (AtelierModel  *self,
                                                        guint          index);
const AtelierParam *atelier_model_lookup_param         (AtelierModel  *self,
                                                        const char    *name);

/* A remark on the model's references from the catalog (English, may be NULL). */
const char         *atelier_model_get_ref_note         (AtelierModel  *self);
/* Width/height models: a 0×0 size takes the first reference's size. Aspect-ratio models: with
 * no ratio set, the output follows the first reference's shape. */
gboolean            atelier_model_get_size_from_reference (AtelierModel *self);
/* FLAT: credits per image when the `raw` param is on (== price_first unless the catalog says). */
double              atelier_model_get_price_raw        (AtelierModel  *self);
/* Parses "W:H" (positive whole numbers); ratio = W / H. */
gboolean            atelier_model_parse_aspect         (const char    *text,
                                                        double        *ratio);
/* A number for people: at most `decimals` places, trailing zeros dropped down to `min_decimals`,
 * in the locale's notation ("1.5", "3", "0.03"). */
char               *atelier_model_format_number        (double         value,
                                                        int            min_decimals,
                                                        int            decimals);

G_END_DECLS
