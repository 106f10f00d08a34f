/* fuzz-recipe.c — a damaged metadata record is an error, never a crash
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdint.h>

#include "atelier-catalog.h"
#include "atelier-recipe.h"
#include "atelier-request.h"
#include "atelier-resources.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(AtelierRecipe) recipe = NULL;
  g_autoptr(GError) error = NULL;
  AtelierModel *model;

  atelier_resources_ensure ();

  if (!json_parser_load_from_data (parser, (const char *) data, (gssize) size, NULL) ||
      json_parser_get_root (parser) == NULL)
    return 0;

  recipe = atelier_recipe_new_from_json (json_parser_get_root (parser), &error);
  g_assert ((recipe == NULL) != (error == NULL));
  if (recipe == NULL)
    return 0;

  /* A restored recipe goes through the validator and, if it passes, the builder. */
  model = atelier_catalog_lookup (atelier_catalog_get_default (), atelier_recipe_get_model_id (recipe));
  if (model != NULL)
    {
      g_autoptr(GError) build_error = NULL;
      g_autoptr(JsonNode) body = atelier_request_build (model, recipe, &build_error);
      g_assert ((body == NULL) != (build_error == NULL));
    }

  return 0;
}
