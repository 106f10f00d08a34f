/* fuzz-catalog.c — a malformed model catalog is an error, never a crash
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdint.h>

#include "atelier-catalog.h"
#include "atelier-cost.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierCatalog) catalog = NULL;

  catalog = atelier_catalog_new_from_data ((const char *) data, size, &error);
  g_assert ((catalog == NULL) != (error == NULL));
  if (catalog == NULL)
    return 0;

  /* Whatever the catalog says, the models it yields can be priced and described. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (catalog)); i++)
    {
      g_autoptr(AtelierModel) model = g_list_model_get_item (G_LIST_MODEL (catalog), i);
      g_autofree char *summary = atelier_model_dup_price_summary (model);
      AtelierPixelSize ref = { 1024, 1024 };
      AtelierCostEstimate estimate;

      atelier_cost_estimate (model, 1024, 1024, &ref, 1, FALSE, 2, &estimate);
      g_assert_nonnull (summary);
      g_assert_true (estimate.credits >= 0);
      g_assert_nonnull (atelier_model_get_id (model));
      g_assert_nonnull (atelier_model_get_name (model));
      for (guint p = 0; p < atelier_model_get_n_params (model); p++)
        g_assert_nonnull (atelier_model_get_param (model, p)->name);
    }

  return 0;
}
