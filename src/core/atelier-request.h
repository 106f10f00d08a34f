/* atelier-request.h — a recipe as BFL's request: validation, JSON body, output size, estimate
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "atelier-cost.h"
#include "atelier-model.h"
#include "atelier-recipe.h"

G_BEGIN_DECLS

/* Checks what the model cannot take. On refusal, returns FALSE, sets *field to the offending field
 * ("prompt", "width", "input_image_5", "mask"…) when field is not NULL, and an
 * ATELIER_ERROR_VALIDATION error whose message a person understands
 * ("Width must be a multiple of 16 (got 1000)"). */
gboolean   atelier_request_validate      (AtelierModel   *model,
                                          AtelierRecipe  *recipe,
                                          char          **field,
                                          GError        **error);

/* The exact JSON body BFL expects (validates first). References become raw base64 in slot order,
 * only as many as the model takes; the seed is left out when random. */
JsonNode  *atelier_request_build         (AtelierModel   *model,
                                          AtelierRecipe  *recipe,
                                          GError        **error);

/* The endpoint to POST to (/v1/<path>): the model's preview path when the recipe asks for the
 * latest weights and the model has them, else its pinned path. NULL when not hosted. */
const char *atelier_request_get_path     (AtelierModel   *model,
                                          AtelierRecipe  *recipe);

/* The number of references from the recipe that will be sent to this model. */
guint      atelier_request_count_sent_refs (AtelierModel  *model,
                                            AtelierRecipe *recipe);

/* The output pixel size this request will produce, as well as it can be known before the server
 * answers (width/height; the aspect ratio's size; the first reference's size, plus the sides
 * Expand adds; 0×0 if unknown). */
void       atelier_request_output_size   (AtelierModel   *model,
                                          AtelierRecipe  *recipe,
                                          guint          *width,
                                          guint          *height);

/* What sending this recipe `batch` times is estimated to cost: the output size and the references
 * actually sent, priced by atelier_cost_estimate (). The one estimate the composer shows and the
 * engine records. */
void       atelier_request_estimate_cost (AtelierModel        *model,
                                          AtelierRecipe       *recipe,
                                          guint                batch,
                                          AtelierCostEstimate *out);

G_END_DECLS
