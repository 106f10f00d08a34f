/* test-recipe.c — the settings of one generation: what the composer holds and the library keeps
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "atelier-recipe.h"
#include "atelier-test-utils.h"

static AtelierReference *
make_reference (guint       width,
                guint       height,
                guint32     rgba,
                const char *name)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  AtelierReference *reference;
  char *buffer = NULL;
  gsize size = 0;

  gdk_pixbuf_fill (pixbuf, rgba);
  gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", &error, NULL);
  g_assert_no_error (error);
  bytes = g_bytes_new_take (buffer, size);

  reference = atelier_reference_new_prepared (bytes, name, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reference);
  return reference;
}

typedef struct
{
  guint changed;
  guint notified;
  char *last_property;
} Counts;

static void
on_changed (AtelierRecipe *recipe,
            Counts        *counts)
{
  counts->changed++;
}

static void
on_notify (AtelierRecipe *recipe,
           GParamSpec    *pspec,
           Counts        *counts)
{
  counts->notified++;
  g_free (counts->last_property);
  counts->last_property = g_strdup (pspec->name);
}

static void
watch (AtelierRecipe *recipe,
       Counts        *counts)
{
  g_signal_connect (recipe, "changed", G_CALLBACK (on_changed), counts);
  g_signal_connect (recipe, "notify", G_CALLBACK (on_notify), counts);
}

static void
reset (Counts *counts)
{
  counts->changed = counts->notified = 0;
  g_clear_pointer (&counts->last_property, g_free);
}

static void
test_defaults (void)
{
  g_autoptr(AtelierRecipe) recipe = atelier_recipe_new ();
  g_auto(GStrv) names = atelier_recipe_dup_param_names (recipe);

  g_assert_null (atelier_recipe_get_model_id (recipe));
  g_assert_cmpstr (atelier_recipe_get_prompt (recipe), ==, "");
  g_assert_cmpint (atelier_recipe_get_region (recipe), ==, ATELIER_REGION_GLOBAL);
  g_assert_cmpuint (atelier_recipe_get_width (recipe), ==, 0);
  g_assert_cmpuint (atelier_recipe_get_height (recipe), ==, 0);
  g_assert_null (atelier_recipe_get_aspect_ratio (recipe));
  g_assert_cmpint (atelier_recipe_get_seed (recipe), ==, ATELIER_SEED_RANDOM);
  g_assert_cmpuint (g_strv_length (names), ==, 0);
  g_assert_cmpuint (atelier_recipe_get_n_references (recipe), ==, 0);
  g_assert_null (atelier_recipe_get_mask (recipe));
}

static void
test_notify_only_on_change (void)
{
  g_autoptr(AtelierRecipe) recipe = atelier_recipe_new ();
  Counts counts = { 0 };

  watch (recipe, &counts);

  atelier_recipe_set_prompt (recipe, "a red fox");
  g_assert_cmpuint (counts.notified, ==, 1);
  g_assert_cmpuint (counts.changed, ==, 1);
  g_assert_cmpstr (counts.last_property, ==, "prompt");
  atelier_recipe_set_prompt (recipe, "a red fox");
  g_assert_cmpuint (counts.notified, ==, 1);
  g_assert_cmpuint (counts.changed, ==, 1);

  reset (&counts);
  atelier_recipe_set_size (recipe, 1024, 0);
  g_assert_cmpuint (counts.notified, ==, 1);
  g_assert_cmpstr (counts.last_property, ==, "width");
  atelier_recipe_set_size (recipe, 1024, 0);
  g_assert_cmpuint (counts.notified, ==, 1);
  atelier_recipe_set_size (recipe, 512, 768);
  g_assert_cmpuint (counts.notified, ==, 3);
  g_assert_cmpuint (counts.changed, ==, 2);

  reset (&counts);
  atelier_recipe_set_model_id (recipe, "flux-2-pro");
  atelier_recipe_set_model_id (recipe, "flux-2-pro");
  atelier_recipe_set_region (recipe, ATELIER_REGION_EU);
  atelier_recipe_set_region (recipe, ATELIER_REGION_EU);
  atelier_recipe_set_aspect_ratio (recipe, "16:9");
  atelier_recipe_set_aspect_ratio (recipe, "16:9");
  atelier_recipe_set_seed (recipe, 42);
  atelier_recipe_set_seed (recipe, 42);
  g_assert_cmpuint (counts.notified, ==, 4);
  g_assert_cmpuint (counts.changed, ==, 4);

  /* An empty aspect ratio is "the model's default". */
  atelier_recipe_set_aspect_ratio (recipe, "");
  g_assert_null (atelier_recipe_get_aspect_ratio (recipe));
  /* Any negative seed means random. */
  atelier_recipe_set_seed (recipe, -7);
  g_assert_cmpint (atelier_recipe_get_seed (recipe), ==, ATELIER_SEED_RANDOM);

  reset (&counts);
  g_object_set (recipe, "prompt", "a grey wolf", "region", ATELIER_REGION_US, "width", 640, NULL);
  g_assert_cmpstr (atelier_recipe_get_prompt (recipe), ==, "a grey wolf");
  g_assert_cmpint (atelier_recipe_get_region (recipe), ==, ATELIER_REGION_US);
  g_assert_cmpuint (atelier_recipe_get_width (recipe), ==, 640);
  g_assert_cmpuint (atelier_recipe_get_height (recipe), ==, 768);
  g_assert_cmpuint (counts.notified, ==, 3);

  reset (&counts);
}

static void
test_params (void)
{
  g_autoptr(AtelierRecipe) recipe = atelier_recipe_new ();
  g_auto(GStrv) names = NULL;
  const char *expected[] = { "output_format", "raw", "steps", NULL };
  Counts counts = { 0 };

  watch (recipe, &counts);

  g_assert_false (atelier_recipe_has_param (recipe, "steps"));
  g_assert_cmpfloat (atelier_recipe_get_number (recipe, "steps", 50), ==, 50);

  atelier_recipe_set_number (recipe, "steps", 28);
  atelier_recipe_set_number (recipe, "steps", 28);
  atelier_recipe_set_bool (recipe, "raw", TRUE);
  atelier_recipe_set_choice (recipe, "output_format", "png");
  atelier_recipe_set_choice (recipe, "output_format", "png");
  g_assert_cmpuint (counts.changed, ==, 3);

  g_assert_true (atelier_recipe_has_param (recipe, "steps"));
  g_assert_cmpfloat (atelier_recipe_get_number (recipe, "steps", 50), ==, 28);
  g_assert_true (atelier_recipe_get_bool (recipe, "raw", FALSE));
  g_assert_cmpstr (atelier_recipe_get_choice (recipe, "output_format", "jpeg"), ==, "png");

  /* Asked with the wrong type: the fallback, not garbage. */
  g_assert_cmpfloat (atelier_recipe_get_number (recipe, "raw", -1), ==, -1);
  g_assert_cmpstr (atelier_recipe_get_choice (recipe, "steps", "none"), ==, "none");
  g_assert_true (g_variant_is_of_type (atelier_recipe_get_param_value (recipe, "raw"), G_VARIANT_TYPE_BOOLEAN));

  names = atelier_recipe_dup_param_names (recipe);
  g_assert_cmpstrv (names, expected);

  atelier_recipe_unset_param (recipe, "steps");
  atelier_recipe_unset_param (recipe, "steps");
  g_assert_cmpuint (counts.changed, ==, 4);
  g_assert_false (atelier_recipe_has_param (recipe, "steps"));
  g_assert_null (atelier_recipe_get_param_value (recipe, "steps"));

  atelier_recipe_set_choice (recipe, "output_format", NULL);
  g_assert_false (atelier_recipe_has_param (recipe, "output_format"));
  reset (&counts);
}

static void
test_references (void)
{
  g_autoptr(AtelierRecipe) recipe = atelier_recipe_new ();
  g_autoptr(AtelierReference) a = make_reference (32, 16, 0xff0000ff, "a.png");
  g_autoptr(AtelierReference) b = make_reference (16, 32, 0x00ff00ff, "b.png");
  g_autoptr(AtelierReference) mask = make_reference (32, 16, 0xffffffff, "mask.png");
  AtelierReference *refs[] = { a, b };
  AtelierReference *swapped[] = { b, a };
  Counts counts = { 0 };
  guint n = 0;

  watch (recipe, &counts);

  atelier_recipe_set_references (recipe, refs, 2);
  g_assert_cmpuint (counts.changed, ==, 1);
  g_assert_cmpstr (counts.last_property, ==, "n-references");
  atelier_recipe_set_references (recipe, refs, 2);
  g_assert_cmpuint (counts.changed, ==, 1);
  g_assert_cmpuint (atelier_recipe_get_n_references (recipe), ==, 2);
  g_assert_true (atelier_recipe_get_reference (recipe, 0) == a);
  g_assert_true (atelier_recipe_get_reference (recipe, 1) == b);

  /* Reordering the slots is a change, though the count is the same. */
  atelier_recipe_set_references (recipe, swapped, 2);
  g_assert_cmpuint (counts.changed, ==, 2);
  g_assert_true (atelier_recipe_get_reference (recipe, 0) == b);
  g_object_get (recipe, "n-references", &n, NULL);
  g_assert_cmpuint (n, ==, 2);

  atelier_recipe_set_mask (recipe, mask);
  atelier_recipe_set_mask (recipe, mask);
  g_assert_cmpuint (counts.changed, ==, 3);
  g_assert_true (atelier_recipe_get_mask (recipe) == mask);

  atelier_recipe_set_references (recipe, NULL, 0);
  g_assert_cmpuint (atelier_recipe_get_n_references (recipe), ==, 0);
  g_assert_cmpuint (counts.changed, ==, 4);
  reset (&counts);
}

static AtelierRecipe *
make_full_recipe (AtelierReference *a,
                  AtelierReference *b,
                  AtelierReference *mask)
{
  AtelierRecipe *recipe = atelier_recipe_new ();
  AtelierReference *refs[] = { a, b };

  atelier_recipe_set_model_id (recipe, "flux-2-flex");
  atelier_recipe_set_prompt (recipe, "A tin robot reading “Ulysses” — at dusk\nsecond line");
  atelier_recipe_set_region (recipe, ATELIER_REGION_EU);
  atelier_recipe_set_size (recipe, 1440, 816);
  atelier_recipe_set_aspect_ratio (recipe, "21:9");
  atelier_recipe_set_seed (recipe, 1234567890123);
  atelier_recipe_set_number (recipe, "steps", 28);
  atelier_recipe_set_number (recipe, "guidance", 3.5);
  atelier_recipe_set_bool (recipe, "prompt_upsampling", FALSE);
  atelier_recipe_set_choice (recipe, "output_format", "webp");
  atelier_recipe_set_references (recipe, refs, 2);
  atelier_recipe_set_mask (recipe, mask);
  atelier_recipe_set_latest_weights (recipe, TRUE);
  atelier_recipe_set_expand (recipe, ATELIER_SIDE_TOP, 64);
  atelier_recipe_set_expand (recipe, ATELIER_SIDE_RIGHT, 2048);
  return recipe;
}

static void
assert_same_settings (AtelierRecipe *a,
                      AtelierRecipe *b)
{
  g_auto(GStrv) names_a = atelier_recipe_dup_param_names (a);
  g_auto(GStrv) names_b = atelier_recipe_dup_param_names (b);

  g_assert_cmpstr (atelier_recipe_get_model_id (a), ==, atelier_recipe_get_model_id (b));
  g_assert_cmpstr (atelier_recipe_get_prompt (a), ==, atelier_recipe_get_prompt (b));
  g_assert_cmpint (atelier_recipe_get_latest_weights (a), ==, atelier_recipe_get_latest_weights (b));
  for (guint side = 0; side < ATELIER_N_SIDES; side++)
    g_assert_cmpuint (atelier_recipe_get_expand (a, side), ==, atelier_recipe_get_expand (b, side));
  g_assert_cmpint (atelier_recipe_get_region (a), ==, atelier_recipe_get_region (b));
  g_assert_cmpuint (atelier_recipe_get_width (a), ==, atelier_recipe_get_width (b));
  g_assert_cmpuint (atelier_recipe_get_height (a), ==, atelier_recipe_get_height (b));
  g_assert_cmpstr (atelier_recipe_get_aspect_ratio (a), ==, atelier_recipe_get_aspect_ratio (b));
  g_assert_cmpint (atelier_recipe_get_seed (a), ==, atelier_recipe_get_seed (b));
  g_assert_cmpstrv (names_a, names_b);
  for (guint i = 0; names_a[i] != NULL; i++)
    g_assert_true (g_variant_equal (atelier_recipe_get_param_value (a, names_a[i]),
                                    atelier_recipe_get_param_value (b, names_a[i])));
}

static void
test_copy (void)
{
  g_autoptr(AtelierReference) a = make_reference (32, 16, 0xff0000ff, "a.png");
  g_autoptr(AtelierReference) b = make_reference (16, 32, 0x00ff00ff, "b.png");
  g_autoptr(AtelierReference) mask = make_reference (32, 16, 0xffffffff, "mask.png");
  g_autoptr(AtelierRecipe) recipe = make_full_recipe (a, b, mask);
  g_autoptr(AtelierRecipe) copy = atelier_recipe_copy (recipe);

  assert_same_settings (recipe, copy);
  g_assert_cmpuint (atelier_recipe_get_n_references (copy), ==, 2);
  g_assert_true (atelier_recipe_get_reference (copy, 0) == a);
  g_assert_true (atelier_recipe_get_reference (copy, 1) == b);
  g_assert_true (atelier_recipe_get_mask (copy) == mask);

  /* Editing the copy ("Reuse settings", then typing) leaves the job's recipe alone. */
  atelier_recipe_set_prompt (copy, "something else");
  atelier_recipe_set_number (copy, "steps", 10);
  atelier_recipe_set_references (copy, NULL, 0);
  g_assert_cmpstr (atelier_recipe_get_prompt (recipe), ==,
                   "A tin robot reading “Ulysses” — at dusk\nsecond line");
  g_assert_cmpfloat (atelier_recipe_get_number (recipe, "steps", 0), ==, 28);
  g_assert_cmpuint (atelier_recipe_get_n_references (recipe), ==, 2);
}

static void
test_json_round_trip (void)
{
  g_autoptr(AtelierReference) a = make_reference (32, 16, 0xff0000ff, "a.png");
  g_autoptr(AtelierReference) b = make_reference (16, 32, 0x00ff00ff, "b.png");
  g_autoptr(AtelierReference) mask = make_reference (32, 16, 0xffffffff, "mask.png");
  g_autoptr(AtelierRecipe) recipe = make_full_recipe (a, b, mask);
  const char *ref_names[] = { "ref-1.png", "ref-2.png", NULL };
  g_autoptr(JsonNode) node = atelier_recipe_to_json (recipe, ref_names, "mask.png");
  g_autofree char *text = json_to_string (node, TRUE);
  g_autoptr(JsonNode) reparsed = json_from_string (text, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierRecipe) loaded = atelier_recipe_new_from_json (reparsed, &error);
  g_auto(GStrv) files = atelier_recipe_json_dup_ref_files (reparsed);
  g_autofree char *mask_file = atelier_recipe_json_dup_mask_file (reparsed);
  JsonObject *object = json_node_get_object (reparsed);
  JsonObject *params = json_object_get_object_member (object, "params");

  g_assert_no_error (error);
  assert_same_settings (recipe, loaded);
  g_assert_cmpstrv (files, ref_names);
  g_assert_cmpstr (mask_file, ==, "mask.png");
  /* References are files the caller writes; the recipe is loaded without them. */
  g_assert_cmpuint (atelier_recipe_get_n_references (loaded), ==, 0);

  /* What a person would read in the file. */
  g_assert_cmpstr (json_object_get_string_member (object, "model"), ==, "flux-2-flex");
  g_assert_cmpstr (json_object_get_string_member (object, "region"), ==, "eu");
  g_assert_cmpint (json_object_get_int_member (object, "seed"), ==, 1234567890123);
  g_assert_true (json_node_get_value_type (json_object_get_member (params, "steps")) == G_TYPE_INT64);
  g_assert_cmpfloat (json_object_get_double_member (params, "guidance"), ==, 3.5);
  g_assert_false (json_object_get_boolean_member (params, "prompt_upsampling"));
  g_assert_cmpstr (json_object_get_string_member (params, "output_format"), ==, "webp");
  g_assert_true (json_object_get_boolean_member (object, "latest_weights"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "expand"), "right"), ==, 2048);
  g_assert_cmpint (atelier_recipe_get_expand (loaded, ATELIER_SIDE_RIGHT), ==, 2048);
  g_assert_true (atelier_recipe_get_latest_weights (loaded));
}

/* A record written before the latest weights and Expand existed loads as the pinned model with
 * nothing added; and a recipe that uses neither writes neither, so old readers see no change. */
static void
test_json_old_record (void)
{
  const char *old = "{\"model\": \"flux-2-pro\", \"prompt\": \"a kite\", \"region\": \"global\","
                    " \"width\": 1024, \"height\": 768, \"seed\": 9, \"params\": {\"safety_tolerance\": 2},"
                    " \"ref_files\": [\"ref-1.png\"]}";
  g_autoptr(JsonNode) node = json_from_string (old, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierRecipe) loaded = atelier_recipe_new_from_json (node, &error);
  g_autoptr(JsonNode) written = NULL;
  g_autoptr(JsonNode) damaged = json_from_string ("{\"latest_weights\": 1}", NULL);
  g_autoptr(JsonNode) damaged_side = json_from_string ("{\"expand\": {\"top\": -4}}", NULL);
  g_autoptr(AtelierRecipe) none = NULL;

  g_assert_no_error (error);
  g_assert_false (atelier_recipe_get_latest_weights (loaded));
  for (guint side = 0; side < ATELIER_N_SIDES; side++)
    g_assert_cmpuint (atelier_recipe_get_expand (loaded, side), ==, 0);
  g_assert_cmpint (atelier_recipe_get_seed (loaded), ==, 9);

  written = atelier_recipe_to_json (loaded, NULL, NULL);
  g_assert_false (json_object_has_member (json_node_get_object (written), "latest_weights"));
  g_assert_false (json_object_has_member (json_node_get_object (written), "expand"));

  none = atelier_recipe_new_from_json (damaged, &error);
  g_assert_null (none);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  none = atelier_recipe_new_from_json (damaged_side, &error);
  g_assert_null (none);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  /* A number JSON can write but no setting can hold (1e999 reads as infinity): refused, not a
   * critical (found by fuzz-recipe). */
  {
    g_autoptr(JsonNode) infinite = json_from_string ("{\"params\": {\"steps\": 1e999}}", NULL);

    none = atelier_recipe_new_from_json (infinite, &error);
    g_assert_null (none);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  }
}

static void
test_latest_weights_and_expand_notify (void)
{
  g_autoptr(AtelierRecipe) recipe = atelier_recipe_new ();
  Counts counts = { 0 };

  watch (recipe, &counts);
  atelier_recipe_set_latest_weights (recipe, TRUE);
  g_assert_cmpuint (counts.changed, ==, 1);
  g_assert_cmpstr (counts.last_property, ==, "latest-weights");
  atelier_recipe_set_latest_weights (recipe, TRUE);
  g_assert_cmpuint (counts.changed, ==, 1);
  atelier_recipe_set_expand (recipe, ATELIER_SIDE_LEFT, 10);
  atelier_recipe_set_expand (recipe, ATELIER_SIDE_LEFT, 10);
  g_assert_cmpuint (counts.changed, ==, 2);
  g_assert_cmpstr (atelier_side_to_string (ATELIER_SIDE_LEFT), ==, "left");
  reset (&counts);
}

static void
test_json_random_seed_and_no_files (void)
{
  g_autoptr(AtelierRecipe) recipe = atelier_recipe_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(AtelierRecipe) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) files = NULL;
  g_autofree char *mask_file = NULL;

  atelier_recipe_set_model_id (recipe, "flux-kontext-pro");
  node = atelier_recipe_to_json (recipe, NULL, NULL);
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (json_node_get_object (node), "seed")));
  g_assert_false (json_object_has_member (json_node_get_object (node), "ref_files"));
  g_assert_false (json_object_has_member (json_node_get_object (node), "aspect_ratio"));

  loaded = atelier_recipe_new_from_json (node, &error);
  g_assert_no_error (error);
  assert_same_settings (recipe, loaded);
  files = atelier_recipe_json_dup_ref_files (node);
  g_assert_cmpuint (g_strv_length (files), ==, 0);
  mask_file = atelier_recipe_json_dup_mask_file (node);
  g_assert_null (mask_file);
}

static void
test_json_missing_members_keep_defaults (void)
{
  g_autoptr(JsonNode) node = json_from_string ("{\"prompt\": \"only this\"}", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierRecipe) loaded = atelier_recipe_new_from_json (node, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (atelier_recipe_get_prompt (loaded), ==, "only this");
  g_assert_null (atelier_recipe_get_model_id (loaded));
  g_assert_cmpint (atelier_recipe_get_seed (loaded), ==, ATELIER_SEED_RANDOM);
  g_assert_cmpint (atelier_recipe_get_region (loaded), ==, ATELIER_REGION_GLOBAL);
}

static void
test_json_damaged (void)
{
  const char *damaged[] = {
    "[1, 2]",
    "\"a string\"",
    "{\"prompt\": 42}",
    "{\"model\": [\"flux-2-pro\"]}",
    "{\"width\": -5}",
    "{\"width\": 1.5}",
    "{\"height\": \"768\"}",
    "{\"seed\": \"42\"}",
    "{\"region\": 1}",
    "{\"aspect_ratio\": 1.77}",
    "{\"params\": [1]}",
    "{\"params\": {\"steps\": [28]}}",
    "{\"params\": {\"steps\": {\"value\": 28}}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (damaged); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (damaged[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(AtelierRecipe) loaded = NULL;

      g_assert_nonnull (node);
      loaded = atelier_recipe_new_from_json (node, &error);
      if (loaded != NULL)
        g_error ("accepted damaged settings: %s", damaged[i]);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_assert_nonnull (strstr (error->message, "damaged"));
    }
}

static void
test_region_strings (void)
{
  g_assert_cmpstr (atelier_region_to_string (ATELIER_REGION_GLOBAL), ==, "global");
  g_assert_cmpstr (atelier_region_to_string (ATELIER_REGION_EU), ==, "eu");
  g_assert_cmpstr (atelier_region_to_string (ATELIER_REGION_US), ==, "us");
  g_assert_cmpint (atelier_region_from_string ("global"), ==, ATELIER_REGION_GLOBAL);
  g_assert_cmpint (atelier_region_from_string ("eu"), ==, ATELIER_REGION_EU);
  g_assert_cmpint (atelier_region_from_string ("us"), ==, ATELIER_REGION_US);
  g_assert_cmpint (atelier_region_from_string ("mars"), ==, ATELIER_REGION_GLOBAL);
  g_assert_cmpint (atelier_region_from_string (""), ==, ATELIER_REGION_GLOBAL);
  g_assert_cmpint (atelier_region_from_string (NULL), ==, ATELIER_REGION_GLOBAL);
  g_assert_true (G_TYPE_IS_ENUM (ATELIER_TYPE_REGION));
}

int
main (int   argc,
      char *argv[])
{
  atelier_test_init (&argc, &argv);

  g_test_add_func ("/recipe/defaults", test_defaults);
  g_test_add_func ("/recipe/notify-only-on-change", test_notify_only_on_change);
  g_test_add_func ("/recipe/params", test_params);
  g_test_add_func ("/recipe/references", test_references);
  g_test_add_func ("/recipe/copy", test_copy);
  g_test_add_func ("/recipe/json-round-trip", test_json_round_trip);
  g_test_add_func ("/recipe/json-random-seed-and-no-files", test_json_random_seed_and_no_files);
  g_test_add_func ("/recipe/json-missing-members-keep-defaults", test_json_missing_members_keep_defaults);
  g_test_add_func ("/recipe/json-damaged", test_json_damaged);
  g_test_add_func ("/recipe/json-old-record", test_json_old_record);
  g_test_add_func ("/recipe/latest-weights-and-expand-notify", test_latest_weights_and_expand_notify);
  g_test_add_func ("/recipe/region-strings", test_region_strings);

  return g_test_run ();
}
