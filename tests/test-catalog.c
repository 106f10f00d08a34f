/* test-catalog.c — the models a person can choose, as data/models.json describes them
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "atelier-catalog.h"
#include "atelier-cost.h"
#include "atelier-error.h"
#include "atelier-request.h"
#include "atelier-test-utils.h"

static AtelierModel *
model (const char *id)
{
  AtelierModel *found = atelier_catalog_lookup (atelier_catalog_get_default (), id);

  g_assert_nonnull (found);
  return found;
}

static void
assert_int_param (AtelierModel *m,
                  const char   *name,
                  double        min,
                  double        max,
                  double        def)
{
  const AtelierParam *param = atelier_model_lookup_param (m, name);

  g_assert_nonnull (param);
  g_assert_cmpint (param->type, ==, ATELIER_PARAM_INT);
  g_assert_cmpfloat (param->min, ==, min);
  g_assert_cmpfloat (param->max, ==, max);
  g_assert_cmpfloat (param->default_number, ==, def);
}

static void
assert_double_param (AtelierModel *m,
                     const char   *name,
                     double        min,
                     double        max,
                     double        def)
{
  const AtelierParam *param = atelier_model_lookup_param (m, name);

  g_assert_nonnull (param);
  g_assert_cmpint (param->type, ==, ATELIER_PARAM_DOUBLE);
  g_assert_cmpfloat (param->min, ==, min);
  g_assert_cmpfloat (param->max, ==, max);
  g_assert_cmpfloat (param->default_number, ==, def);
}

static void
assert_bool_param (AtelierModel *m,
                   const char   *name,
                   gboolean      def)
{
  const AtelierParam *param = atelier_model_lookup_param (m, name);

  g_assert_nonnull (param);
  g_assert_cmpint (param->type, ==, ATELIER_PARAM_BOOL);
  g_assert_cmpint (param->default_bool, ==, def);
}

static void
assert_param_names (AtelierModel       *m,
                    const char * const *expected)
{
  guint n = g_strv_length ((char **) expected);

  g_assert_cmpuint (atelier_model_get_n_params (m), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_assert_nonnull (atelier_model_lookup_param (m, expected[i]));
      g_assert_nonnull (atelier_model_get_param (m, i)->label);
      g_assert_cmpstr (atelier_model_get_param (m, i)->label, !=, "");
    }
}

static void
test_order_and_ids (void)
{
  const char *ids[] = {
    "flux-2-pro", "flux-2-max", "flux-2-flex", "flux-2-klein-9b", "flux-2-klein-4b", "flux-2-dev",
    "flux-kontext-pro", "flux-kontext-max", "flux-pro-1.1", "flux-pro-1.1-ultra", "flux-pro-1.0-fill",
    "flux-pro-1.0-expand",
  };
  const char *names[] = {
    "FLUX.2 [pro]", "FLUX.2 [max]", "FLUX.2 [flex]", "FLUX.2 [klein] 9B", "FLUX.2 [klein] 4B",
    "FLUX.2 [dev]", "FLUX.1 Kontext [pro]", "FLUX.1 Kontext [max]", "FLUX1.1 [pro]",
    "FLUX1.1 [pro] Ultra", "FLUX.1 Fill [pro]", "FLUX.1 Expand [pro]",
  };
  GListModel *list = G_LIST_MODEL (atelier_catalog_get_default ());

  g_assert_true (atelier_catalog_get_default () == atelier_catalog_get_default ());
  g_assert_true (g_list_model_get_item_type (list) == ATELIER_TYPE_MODEL);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, G_N_ELEMENTS (ids));

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(AtelierModel) m = g_list_model_get_item (list, i);
      g_autofree char *summary = atelier_model_dup_price_summary (m);
      g_autofree char *prop_name = NULL;

      g_assert_cmpstr (atelier_model_get_id (m), ==, ids[i]);
      g_assert_cmpstr (atelier_model_get_name (m), ==, names[i]);
      g_assert_true (atelier_catalog_lookup (atelier_catalog_get_default (), ids[i]) == m);
      g_assert_cmpuint (strlen (atelier_model_get_best_for (m)), >, 10);
      g_assert_cmpstr (summary, !=, "");
      g_object_get (m, "name", &prop_name, NULL);
      g_assert_cmpstr (prop_name, ==, names[i]);

      if (atelier_model_is_hosted (m))
        g_assert_cmpstr (atelier_model_get_path (m), ==, ids[i]);
      g_assert_cmpint (atelier_model_get_family (m), ==, i < 6 ? ATELIER_FAMILY_FLUX2 : ATELIER_FAMILY_FLUX1);
      g_assert_cmpstr (atelier_model_get_family_name (m), ==, i < 6 ? "FLUX.2" : "FLUX.1");
    }

  g_assert_null (g_list_model_get_item (list, G_N_ELEMENTS (ids)));
  g_assert_null (atelier_catalog_lookup (atelier_catalog_get_default (), "flux-pro"));
  /* Raw is a flag of Ultra, not an endpoint of its own. */
  g_assert_null (atelier_catalog_lookup (atelier_catalog_get_default (), "flux-pro-1.1-ultra-raw"));
  g_assert_null (atelier_catalog_lookup (atelier_catalog_get_default (), NULL));
}

static void
test_flux2 (void)
{
  const char *ids[] = { "flux-2-pro", "flux-2-max", "flux-2-flex", "flux-2-klein-9b", "flux-2-klein-4b" };
  const guint max_refs[] = { 8, 8, 8, 4, 4 };
  const double first[] = { 3, 7, 5, 1.5, 1.4 };
  const double extra[] = { 1.5, 3, 5, 0.2, 0.1 };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      AtelierModel *m = model (ids[i]);
      const AtelierParam *format = atelier_model_lookup_param (m, "output_format");
      const char *formats[] = { "jpeg", "png", "webp", NULL };

      g_assert_true (atelier_model_is_hosted (m));
      g_assert_true (atelier_model_requires_prompt (m));
      g_assert_cmpuint (atelier_model_get_concurrency (m), ==, 24);
      g_assert_cmpint (atelier_model_get_ref_mode (m), ==, ATELIER_REF_MODE_INPUT_IMAGES);
      g_assert_cmpuint (atelier_model_get_max_refs (m), ==, max_refs[i]);
      g_assert_cmpuint (atelier_model_get_stable_refs (m), ==, max_refs[i]);
      g_assert_cmpint (atelier_model_get_size_mode (m), ==, ATELIER_SIZE_MODE_WIDTH_HEIGHT);
      g_assert_cmpuint (atelier_model_get_min_size (m), ==, 64);
      g_assert_cmpuint (atelier_model_get_max_size (m), ==, 2048);
      g_assert_cmpuint (atelier_model_get_size_step (m), ==, 16);
      g_assert_cmpuint (atelier_model_get_max_pixels (m), ==, 4194304);
      g_assert_cmpuint (atelier_model_get_default_width (m), ==, 1024);
      g_assert_cmpuint (atelier_model_get_default_height (m), ==, 1024);
      g_assert_true (atelier_model_get_size_from_reference (m));
      g_assert_cmpint (atelier_model_get_pricing_mode (m), ==, ATELIER_PRICING_MEGAPIXEL);
      g_assert_cmpfloat (atelier_model_get_price_first (m), ==, first[i]);
      g_assert_cmpfloat (atelier_model_get_price_extra (m), ==, extra[i]);

      assert_int_param (m, "safety_tolerance", 0, 5, 2);
      g_assert_nonnull (format);
      g_assert_cmpint (format->type, ==, ATELIER_PARAM_CHOICE);
      g_assert_cmpstrv (format->choices, formats);
      g_assert_cmpstr (format->default_choice, ==, "jpeg");
    }

  {
    const char *flex[] = { "guidance", "steps", "prompt_upsampling", "safety_tolerance", "output_format", NULL };
    const char *plain[] = { "safety_tolerance", "output_format", NULL };
    g_autofree char *summary = atelier_model_dup_price_summary (model ("flux-2-pro"));

    assert_param_names (model ("flux-2-flex"), flex);
    assert_double_param (model ("flux-2-flex"), "guidance", 1.5, 10, 5);
    assert_int_param (model ("flux-2-flex"), "steps", 1, 50, 50);
    assert_bool_param (model ("flux-2-flex"), "prompt_upsampling", TRUE);
    assert_param_names (model ("flux-2-pro"), plain);
    assert_param_names (model ("flux-2-klein-4b"), plain);
    g_assert_cmpstr (summary, ==, "3 + 1.5 credits/MP");
  }

  /* The SDKs disagree on [klein] 9B: the catalog takes 4 and says why. */
  g_assert_nonnull (atelier_model_get_ref_note (model ("flux-2-klein-9b")));
  g_assert_nonnull (strstr (atelier_model_get_ref_note (model ("flux-2-klein-9b")), "5"));
}

static void
test_flux2_dev_not_hosted (void)
{
  AtelierModel *m = model ("flux-2-dev");
  g_autofree char *summary = atelier_model_dup_price_summary (m);

  g_assert_false (atelier_model_is_hosted (m));
  g_assert_null (atelier_model_get_path (m));
  g_assert_cmpint (atelier_model_get_pricing_mode (m), ==, ATELIER_PRICING_FREE);
  g_assert_cmpuint (atelier_model_get_max_refs (m), ==, 0);
  g_assert_cmpstr (summary, ==, "Not available in the API");
}

static void
test_kontext (void)
{
  const char *ids[] = { "flux-kontext-pro", "flux-kontext-max" };
  const double credits[] = { 4, 8 };
  const guint concurrency[] = { 24, 6 };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      AtelierModel *m = model (ids[i]);
      const char *params[] = { "prompt_upsampling", "safety_tolerance", "output_format", NULL };

      g_assert_true (atelier_model_requires_prompt (m));
      g_assert_cmpuint (atelier_model_get_concurrency (m), ==, concurrency[i]);
      g_assert_cmpint (atelier_model_get_ref_mode (m), ==, ATELIER_REF_MODE_INPUT_IMAGES);
      g_assert_cmpuint (atelier_model_get_max_refs (m), ==, 4);
      g_assert_cmpuint (atelier_model_get_stable_refs (m), ==, 1);
      g_assert_cmpint (atelier_model_get_size_mode (m), ==, ATELIER_SIZE_MODE_ASPECT_RATIO);
      g_assert_cmpfloat_with_epsilon (atelier_model_get_min_aspect (m), 9.0 / 21.0, 1e-9);
      g_assert_cmpfloat_with_epsilon (atelier_model_get_max_aspect (m), 21.0 / 9.0, 1e-9);
      g_assert_cmpuint (atelier_model_get_aspect_pixels (m), ==, 1048576);
      g_assert_true (g_strv_contains (atelier_model_get_aspect_choices (m), "1:1"));
      g_assert_true (g_strv_contains (atelier_model_get_aspect_choices (m), "21:9"));
      g_assert_true (g_strv_contains (atelier_model_get_aspect_choices (m), "9:21"));
      g_assert_cmpint (atelier_model_get_pricing_mode (m), ==, ATELIER_PRICING_FLAT);
      g_assert_cmpfloat (atelier_model_get_price_first (m), ==, credits[i]);

      assert_param_names (m, params);
      assert_int_param (m, "safety_tolerance", 0, 6, 2);
      assert_bool_param (m, "prompt_upsampling", FALSE);
      g_assert_cmpstr (atelier_model_lookup_param (m, "output_format")->default_choice, ==, "png");
    }

  {
    g_autofree char *summary = atelier_model_dup_price_summary (model ("flux-kontext-max"));
    g_assert_cmpstr (summary, ==, "8 credits");
  }
}

static void
test_flux11 (void)
{
  AtelierModel *pro = model ("flux-pro-1.1");
  AtelierModel *ultra = model ("flux-pro-1.1-ultra");
  const AtelierParam *strength;

  g_assert_cmpint (atelier_model_get_ref_mode (pro), ==, ATELIER_REF_MODE_IMAGE_PROMPT);
  g_assert_cmpuint (atelier_model_get_max_refs (pro), ==, 1);
  g_assert_cmpint (atelier_model_get_size_mode (pro), ==, ATELIER_SIZE_MODE_WIDTH_HEIGHT);
  g_assert_cmpuint (atelier_model_get_min_size (pro), ==, 256);
  g_assert_cmpuint (atelier_model_get_max_size (pro), ==, 1440);
  g_assert_cmpuint (atelier_model_get_size_step (pro), ==, 32);
  g_assert_cmpuint (atelier_model_get_default_width (pro), ==, 1024);
  g_assert_cmpuint (atelier_model_get_default_height (pro), ==, 768);
  g_assert_cmpfloat (atelier_model_get_price_first (pro), ==, 4);
  assert_bool_param (pro, "prompt_upsampling", FALSE);
  assert_int_param (pro, "safety_tolerance", 0, 6, 2);
  g_assert_cmpstr (atelier_model_lookup_param (pro, "output_format")->default_choice, ==, "jpeg");

  g_assert_cmpint (atelier_model_get_ref_mode (ultra), ==, ATELIER_REF_MODE_IMAGE_PROMPT);
  g_assert_cmpuint (atelier_model_get_max_refs (ultra), ==, 1);
  g_assert_cmpint (atelier_model_get_size_mode (ultra), ==, ATELIER_SIZE_MODE_ASPECT_RATIO);
  g_assert_cmpstr (atelier_model_get_default_aspect (ultra), ==, "16:9");
  g_assert_cmpuint (atelier_model_get_aspect_pixels (ultra), ==, 4194304);
  g_assert_cmpint (atelier_model_get_pricing_mode (ultra), ==, ATELIER_PRICING_FLAT);
  g_assert_cmpfloat (atelier_model_get_price_first (ultra), ==, 6);
  g_assert_cmpfloat (atelier_model_get_price_raw (ultra), ==, 6);
  assert_bool_param (ultra, "raw", FALSE);
  assert_double_param (ultra, "image_prompt_strength", 0, 1, 0.1);
  strength = atelier_model_lookup_param (ultra, "image_prompt_strength");
  g_assert_nonnull (strength->description);
  assert_int_param (ultra, "safety_tolerance", 0, 6, 2);
}

static void
test_fill (void)
{
  AtelierModel *fill = model ("flux-pro-1.0-fill");

  g_assert_false (atelier_model_requires_prompt (fill));
  g_assert_cmpint (atelier_model_get_ref_mode (fill), ==, ATELIER_REF_MODE_IMAGE_MASK);
  g_assert_cmpuint (atelier_model_get_max_refs (fill), ==, 1);
  g_assert_cmpint (atelier_model_get_size_mode (fill), ==, ATELIER_SIZE_MODE_FROM_IMAGE);
  g_assert_cmpfloat (atelier_model_get_price_first (fill), ==, 5);
  assert_int_param (fill, "steps", 15, 50, 50);
  assert_double_param (fill, "guidance", 1.5, 100, 60);
  assert_int_param (fill, "safety_tolerance", 0, 6, 2);
}

static void
test_expand (void)
{
  AtelierModel *expand = model ("flux-pro-1.0-expand");
  const char * const *presets = atelier_model_get_aspect_choices (expand);

  g_assert_false (atelier_model_requires_prompt (expand));
  g_assert_cmpint (atelier_model_get_ref_mode (expand), ==, ATELIER_REF_MODE_IMAGE);
  g_assert_cmpuint (atelier_model_get_max_refs (expand), ==, 1);
  g_assert_cmpint (atelier_model_get_size_mode (expand), ==, ATELIER_SIZE_MODE_EXPAND);
  g_assert_cmpuint (atelier_model_get_max_size (expand), ==, 2048);
  g_assert_cmpint (atelier_model_get_pricing_mode (expand), ==, ATELIER_PRICING_FLAT);
  g_assert_cmpfloat (atelier_model_get_price_first (expand), ==, 5);
  g_assert_nonnull (presets);
  g_assert_true (g_strv_contains (presets, "16:9"));
  g_assert_true (g_strv_contains (presets, "1:1"));
  assert_int_param (expand, "steps", 15, 50, 50);
  assert_double_param (expand, "guidance", 1.5, 100, 60);
  assert_int_param (expand, "safety_tolerance", 0, 6, 2);
  g_assert_nonnull (atelier_model_lookup_param (expand, "prompt_upsampling"));
  g_assert_nonnull (atelier_model_lookup_param (expand, "output_format"));
  /* The sides are the size, not settings of their own. */
  g_assert_null (atelier_model_lookup_param (expand, "top"));
}

/* Only the catalog knows which models have newer weights, and where. */
static void
test_preview_paths (void)
{
  GListModel *list = G_LIST_MODEL (atelier_catalog_get_default ());

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(AtelierModel) m = g_list_model_get_item (list, i);
      const char *id = atelier_model_get_id (m);

      if (g_str_equal (id, "flux-2-pro"))
        g_assert_cmpstr (atelier_model_get_preview_path (m), ==, "flux-2-pro-preview");
      else if (g_str_equal (id, "flux-2-klein-9b"))
        g_assert_cmpstr (atelier_model_get_preview_path (m), ==, "flux-2-klein-9b-preview");
      else
        g_assert_null (atelier_model_get_preview_path (m));
    }
}

/* A valid entry to break one member at a time. */
#define GOOD_SIZE \
  "{\"mode\": \"width_height\", \"min\": 128, \"max\": 4096, \"step\": 64," \
  " \"max_pixels\": 8388608, \"default_width\": 2048, \"default_height\": 2048}"
#define GOOD_ENTRY \
  "{\"id\": \"flux-3-test\", \"name\": \"FLUX.3 [test]\", \"family\": \"FLUX.2\", \"hosted\": true," \
  " \"path\": \"flux-3-test\", \"best_for\": \"Trying a model that came out tomorrow\"," \
  " \"prompt\": \"required\", \"concurrency\": 12," \
  " \"references\": {\"mode\": \"input_images\", \"max\": 3, \"stable\": 2}," \
  " \"size\": " GOOD_SIZE "," \
  " \"pricing\": {\"mode\": \"megapixel\", \"first\": 2, \"extra\": 1}," \
  " \"params\": [{\"name\": \"steps\", \"label\": \"Steps\", \"type\": \"int\", \"min\": 1, \"max\": 80, \"default\": 40}," \
  "              {\"name\": \"style\", \"label\": \"Style\", \"type\": \"choice\", \"choices\": [\"photo\", \"ink\"], \"default\": \"photo\"}]}"

static void
test_new_model_from_json_alone (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierCatalog) catalog = atelier_catalog_new_from_data ("{\"models\": [" GOOD_ENTRY "]}", -1, &error);
  g_autoptr(AtelierRecipe) recipe = atelier_recipe_new ();
  g_autoptr(JsonNode) body = NULL;
  AtelierModel *m;
  AtelierCostEstimate cost;
  JsonObject *object;

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, 1);
  m = atelier_catalog_lookup (catalog, "flux-3-test");
  g_assert_nonnull (m);
  g_assert_cmpuint (atelier_model_get_concurrency (m), ==, 12);
  g_assert_cmpuint (atelier_model_get_stable_refs (m), ==, 2);

  /* The request builder and the estimator need no code for it. */
  atelier_recipe_set_prompt (recipe, "a lighthouse");
  atelier_recipe_set_size (recipe, 2560, 1536);
  atelier_recipe_set_number (recipe, "steps", 60);
  atelier_recipe_set_choice (recipe, "style", "ink");
  body = atelier_request_build (m, recipe, &error);
  g_assert_no_error (error);
  object = json_node_get_object (body);
  g_assert_cmpint (json_object_get_int_member (object, "width"), ==, 2560);
  g_assert_cmpint (json_object_get_int_member (object, "steps"), ==, 60);
  g_assert_cmpstr (json_object_get_string_member (object, "style"), ==, "ink");

  atelier_cost_estimate (m, 2560, 1536, NULL, 0, FALSE, 1, &cost);
  g_assert_cmpfloat_with_epsilon (cost.credits, 2 + 3 * 1, 1e-9);

  /* Its own pixel cap (8 MP) is enforced, with a reason. */
  atelier_recipe_set_size (recipe, 4096, 4096);
  g_clear_pointer (&body, json_node_unref);
  body = atelier_request_build (m, recipe, &error);
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_VALIDATION);
  g_assert_null (body);
  g_assert_nonnull (strstr (error->message, "megapixels"));
}

static void
assert_catalog_refused (const char *json,
                        const char *expected_in_message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierCatalog) catalog = atelier_catalog_new_from_data (json, -1, &error);

  if (catalog != NULL)
    g_error ("accepted a broken catalog: %s", json);
  g_assert_nonnull (error);
  if (expected_in_message != NULL && strstr (error->message, expected_in_message) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, expected_in_message);
}

static char *
replace (const char *text,
         const char *from,
         const char *to)
{
  g_auto(GStrv) parts = g_strsplit (text, from, 2);

  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  return g_strconcat ("{\"models\": [", parts[0], to, parts[1], "]}", NULL);
}

static void
test_malformed_entries (void)
{
  struct { const char *from; const char *to; const char *mention; } breaks[] = {
    { "\"id\": \"flux-3-test\",", "", "id" },
    { "\"id\": \"flux-3-test\"", "\"id\": 3", "id" },
    { "\"name\": \"FLUX.3 [test]\",", "", "name" },
    { "\"family\": \"FLUX.2\"", "\"family\": \"SDXL\"", "family" },
    { "\"hosted\": true", "\"hosted\": \"yes\"", "hosted" },
    { "\"path\": \"flux-3-test\",", "", "path" },
    { "\"path\": \"flux-3-test\"", "\"path\": \"../credits\"", "path" },
    { "\"path\": \"flux-3-test\"", "\"path\": \"flux-3-test\", \"preview_path\": \"../credits\"", "preview_path" },
    { "\"path\": \"flux-3-test\"", "\"path\": \"flux-3-test\", \"preview_path\": 2", "preview_path" },
    { "\"size\": " GOOD_SIZE, "\"size\": {\"mode\": \"expand\", \"max\": 0, \"choices\": [\"1:1\"]}", "max" },
    { "\"size\": " GOOD_SIZE, "\"size\": {\"mode\": \"expand\", \"max\": 2048, \"choices\": [\"wide\"]}", "choices" },
    { "\"prompt\": \"required\"", "\"prompt\": \"sometimes\"", "prompt" },
    { "\"concurrency\": 12", "\"concurrency\": 0", "concurrency" },
    { "\"mode\": \"input_images\"", "\"mode\": \"telepathy\"", "mode" },
    { "\"max\": 3, \"stable\": 2", "\"max\": 9", "max" },
    { "\"max\": 3, \"stable\": 2", "\"max\": 2, \"stable\": 3", "stable" },
    { "\"max\": 3, \"stable\": 2", "\"max\": -1", "max" },
    { "\"min\": 128, \"max\": 4096", "\"min\": 4096, \"max\": 128", "min" },
    { "\"step\": 64", "\"step\": 0", "step" },
    { "\"default_width\": 2048", "\"default_width\": 2050", "default_width" },
    { "\"mode\": \"megapixel\"", "\"mode\": \"barter\"", "mode" },
    { "\"first\": 2", "\"first\": -2", "credits" },
    { "\"extra\": 1", "\"extra\": \"one\"", "extra" },
    { "\"min\": 1, \"max\": 80, \"default\": 40", "\"min\": 1, \"max\": 80, \"default\": 90", "default" },
    { "\"min\": 1, \"max\": 80, \"default\": 40", "\"min\": 1, \"max\": 80, \"default\": 4.5", "default" },
    { "\"type\": \"int\"", "\"type\": \"complex\"", "type" },
    { "\"default\": \"photo\"", "\"default\": \"oil\"", "default" },
    { "\"choices\": [\"photo\", \"ink\"]", "\"choices\": []", "choices" },
    { "\"label\": \"Style\",", "", "label" },
    { "\"params\": [", "\"params\": [3, ", "params" },
    { "\"references\": {\"mode\": \"input_images\", \"max\": 3, \"stable\": 2}", "\"references\": []", "references" },
  };
  g_autofree char *duplicate = g_strconcat ("{\"models\": [", GOOD_ENTRY, ", ", GOOD_ENTRY, "]}", NULL);
  g_autofree char *twice_param = replace (GOOD_ENTRY, "\"name\": \"style\"", "\"name\": \"steps\"");
  g_autofree char *bad_aspect = replace (GOOD_ENTRY,
                                         GOOD_SIZE,
                                         "{\"mode\": \"aspect_ratio\", \"min\": \"9:21\", \"max\": \"wide\","
                                         " \"default\": \"1:1\", \"choices\": [\"1:1\"], \"pixels\": 1048576}");
  g_autofree char *aspect_choice_out = replace (GOOD_ENTRY,
                                                GOOD_SIZE,
                                                "{\"mode\": \"aspect_ratio\", \"min\": \"9:21\", \"max\": \"21:9\","
                                                " \"default\": \"1:1\", \"choices\": [\"1:1\", \"4:1\"], \"pixels\": 1048576}");

  for (guint i = 0; i < G_N_ELEMENTS (breaks); i++)
    {
      g_autofree char *json = replace (GOOD_ENTRY, breaks[i].from, breaks[i].to);

      g_test_message ("break %u: %s → %s", i, breaks[i].from, breaks[i].to);
      assert_catalog_refused (json, breaks[i].mention);
    }

  assert_catalog_refused ("", NULL);
  assert_catalog_refused ("{\"models\": [", NULL);
  assert_catalog_refused ("42", "list of models");
  assert_catalog_refused ("{\"modelz\": []}", "list of models");
  assert_catalog_refused ("{\"models\": [42]}", "not an object");
  assert_catalog_refused (duplicate, "twice");
  assert_catalog_refused (twice_param, "twice");
  assert_catalog_refused (bad_aspect, "max");
  assert_catalog_refused (aspect_choice_out, "choices");
}

static void
test_malformed_model_entry (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) empty = json_object_new ();
  g_autoptr(AtelierModel) m = atelier_model_new_from_json (empty, &error);

  g_assert_null (m);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

static void
test_parse_aspect (void)
{
  double ratio = 0;

  g_assert_true (atelier_model_parse_aspect ("16:9", &ratio));
  g_assert_cmpfloat_with_epsilon (ratio, 16.0 / 9.0, 1e-12);
  g_assert_true (atelier_model_parse_aspect ("1:1", NULL));
  g_assert_false (atelier_model_parse_aspect (NULL, &ratio));
  g_assert_false (atelier_model_parse_aspect ("", &ratio));
  g_assert_false (atelier_model_parse_aspect ("16x9", &ratio));
  g_assert_false (atelier_model_parse_aspect ("16:", &ratio));
  g_assert_false (atelier_model_parse_aspect ("0:9", &ratio));
  g_assert_false (atelier_model_parse_aspect ("-16:9", &ratio));
  g_assert_false (atelier_model_parse_aspect ("16:9:1", &ratio));
  g_assert_false (atelier_model_parse_aspect ("1.5:1", &ratio));
}

int
main (int   argc,
      char *argv[])
{
  atelier_test_init (&argc, &argv);

  g_test_add_func ("/catalog/order-and-ids", test_order_and_ids);
  g_test_add_func ("/catalog/flux2", test_flux2);
  g_test_add_func ("/catalog/flux2-dev-not-hosted", test_flux2_dev_not_hosted);
  g_test_add_func ("/catalog/kontext", test_kontext);
  g_test_add_func ("/catalog/flux11", test_flux11);
  g_test_add_func ("/catalog/fill", test_fill);
  g_test_add_func ("/catalog/expand", test_expand);
  g_test_add_func ("/catalog/preview-paths", test_preview_paths);
  g_test_add_func ("/catalog/new-model-from-json-alone", test_new_model_from_json_alone);
  g_test_add_func ("/catalog/malformed-entries", test_malformed_entries);
  g_test_add_func ("/catalog/malformed-model-entry", test_malformed_model_entry);
  g_test_add_func ("/catalog/parse-aspect", test_parse_aspect);

  return g_test_run ();
}
