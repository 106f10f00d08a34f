/* test-request.c — the exact body sent to BFL for each model, and what is refused before paying
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>
#include <string.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "atelier-catalog.h"
#include "atelier-error.h"
#include "atelier-request.h"
#include "atelier-test-utils.h"

#define N_SLOTS 10

/* Ten distinct small images, one per slot, and a mask the size of slot 1. */
static AtelierReference *slots[N_SLOTS];
static GBytes *slot_bytes[N_SLOTS];
static AtelierReference *mask_same_size;
static AtelierReference *mask_other_size;

static AtelierReference *
make_reference (guint       width,
                guint       height,
                guint32     rgba,
                const char *name,
                GBytes    **bytes_out)
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
  if (bytes_out != NULL)
    *bytes_out = g_bytes_ref (bytes);
  return reference;
}

static void
make_slots (void)
{
  for (guint i = 0; i < N_SLOTS; i++)
    {
      g_autofree char *name = g_strdup_printf ("slot-%u.png", i + 1);

      /* Different sizes and colours, so that every slot's base64 is its own. */
      slots[i] = make_reference (40 + 8 * i, 30 + 4 * i, 0x10203000u + (i << 24) + 0xff, name, &slot_bytes[i]);
    }
  mask_same_size = make_reference (40, 30, 0xffffffff, "mask.png", NULL);
  mask_other_size = make_reference (30, 40, 0xffffffff, "wrong-mask.png", NULL);
}

static AtelierModel *
model (const char *id)
{
  AtelierModel *found = atelier_catalog_lookup (atelier_catalog_get_default (), id);

  g_assert_nonnull (found);
  return found;
}

static AtelierRecipe *
recipe_with_refs (const char *prompt,
                  guint       n_refs)
{
  AtelierRecipe *recipe = atelier_recipe_new ();

  atelier_recipe_set_prompt (recipe, prompt);
  atelier_recipe_set_references (recipe, slots, n_refs);
  return recipe;
}

static JsonObject *
build (const char    *id,
       AtelierRecipe *recipe,
       JsonNode     **keep)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  atelier_recipe_set_model_id (recipe, id);
  node = atelier_request_build (model (id), recipe, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  *keep = node;
  return json_node_get_object (node);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The body has exactly these members: nothing missing, nothing extra. */
static void
assert_members (JsonObject         *object,
                const char * const *expected)
{
  g_autoptr(GList) members = json_object_get_members (object);
  g_autoptr(GPtrArray) got = g_ptr_array_new ();
  g_autoptr(GPtrArray) want = g_ptr_array_new ();
  g_autofree char *got_text = NULL;
  g_autofree char *want_text = NULL;

  for (const GList *l = members; l != NULL; l = l->next)
    g_ptr_array_add (got, l->data);
  for (guint i = 0; expected[i] != NULL; i++)
    g_ptr_array_add (want, (gpointer) expected[i]);
  g_ptr_array_sort (got, compare_names);
  g_ptr_array_sort (want, compare_names);
  g_ptr_array_add (got, NULL);
  g_ptr_array_add (want, NULL);
  got_text = g_strjoinv (", ", (char **) got->pdata);
  want_text = g_strjoinv (", ", (char **) want->pdata);
  g_assert_cmpstr (got_text, ==, want_text);
}

static void
assert_int (JsonObject *object,
            const char *member,
            gint64      expected)
{
  JsonNode *node = json_object_get_member (object, member);

  g_assert_nonnull (node);
  /* An integer on the wire: "steps": 28, never 28.0. */
  g_assert_true (json_node_get_value_type (node) == G_TYPE_INT64);
  g_assert_cmpint (json_node_get_int (node), ==, expected);
}

static void
assert_double (JsonObject *object,
               const char *member,
               double      expected)
{
  JsonNode *node = json_object_get_member (object, member);

  g_assert_nonnull (node);
  g_assert_true (json_node_get_value_type (node) == G_TYPE_DOUBLE
                 || json_node_get_value_type (node) == G_TYPE_INT64);
  g_assert_cmpfloat_with_epsilon (json_node_get_double (node), expected, 1e-9);
}

static void
assert_bool (JsonObject *object,
             const char *member,
             gboolean    expected)
{
  JsonNode *node = json_object_get_member (object, member);

  g_assert_nonnull (node);
  g_assert_true (json_node_get_value_type (node) == G_TYPE_BOOLEAN);
  g_assert_cmpint (json_node_get_boolean (node), ==, expected);
}

static void
assert_string (JsonObject *object,
               const char *member,
               const char *expected)
{
  JsonNode *node = json_object_get_member (object, member);

  g_assert_nonnull (node);
  g_assert_true (json_node_get_value_type (node) == G_TYPE_STRING);
  g_assert_cmpstr (json_node_get_string (node), ==, expected);
}

/* The image field carries slot `slot` (0-based) as raw base64 of the very bytes prepared. */
static void
assert_image (JsonObject       *object,
              const char       *member,
              AtelierReference *reference,
              GBytes           *bytes)
{
  const char *value = json_object_get_string_member (object, member);

  g_assert_nonnull (value);
  g_assert_false (g_str_has_prefix (value, "data:"));
  g_assert_cmpstr (value, ==, atelier_reference_get_base64 (reference));
  if (bytes != NULL)
    {
      g_autofree char *expected = g_base64_encode (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      g_assert_cmpstr (value, ==, expected);
    }
}

static void
test_flux2_pro_full (void)
{
  g_autoptr(AtelierRecipe) recipe = recipe_with_refs ("a harbour at dawn, oil painting", N_SLOTS);
  g_autoptr(JsonNode) node = NULL;
  const char *expected[] = {
    "prompt", "width", "height", "seed", "safety_tolerance", "output_format",
    "input_image", "input_image_2", "input_image_3", "input_image_4",
    "input_image_5", "input_image_6", "input_image_7", "input_image_8", NULL,
  };
  JsonObject *body;

  atelier_recipe_set_size (recipe, 1024, 768);
  atelier_recipe_set_seed (recipe, 42);
  atelier_recipe_set_number (recipe, "safety_tolerance", 3);
  atelier_recipe_set_choice (recipe, "output_format", "png");
  /* Left from another model: [pro] has none of these, so none is sent. */
  atelier_recipe_set_number (recipe, "steps", 20);
  atelier_recipe_set_bool (recipe, "prompt_upsampling", TRUE);
  atelier_recipe_set_bool (recipe, "raw", TRUE);
  atelier_recipe_set_aspect_ratio (recipe, "16:9");

  body = build ("flux-2-pro", recipe, &node);
  assert_members (body, expected);
  assert_string (body, "prompt", "a harbour at dawn, oil painting");
  assert_int (body, "width", 1024);
  assert_int (body, "height", 768);
  assert_int (body, "seed", 42);
  assert_int (body, "safety_tolerance", 3);
  assert_string (body, "output_format", "png");
  /* Ten references in the composer; [pro] takes eight, in slot order. */
  assert_image (body, "input_image", slots[0], slot_bytes[0]);
  for (guint i = 1; i < 8; i++)
    {
      g_autofree char *name = g_strdup_printf ("input_image_%u", i + 1);
      assert_image (body, name, slots[i], slot_bytes[i]);
    }
  g_assert_cmpuint (atelier_request_count_sent_refs (model ("flux-2-pro"), recipe), ==, 8);
}

static void
test_flux2_minimal (void)
{
  const char *ids[] = { "flux-2-pro", "flux-2-max", "flux-2-flex", "flux-2-klein-9b", "flux-2-klein-4b" };
  const char *expected[] = { "prompt", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(AtelierRecipe) recipe = recipe_with_refs ("a cat", 0);
      g_autoptr(JsonNode) node = NULL;
      JsonObject *body;

      /* 0 × 0, random seed, nothing set: the server decides all of it. */
      body = build (ids[i], recipe, &node);
      assert_members (body, expected);
      assert_string (body, "prompt", "a cat");
    }
}

static void
test_flux2_max (void)
{
  g_autoptr(AtelierRecipe) recipe = recipe_with_refs ("a glass city", 2);
  g_autoptr(JsonNode) node = NULL;
  const char *expected[] = { "prompt", "width", "height", "input_image", "input_image_2",
                             "safety_tolerance", NULL };
  JsonObject *body;

  atelier_recipe_set_size (recipe, 2048, 2048);
  atelier_recipe_set_number (recipe, "safety_tolerance", 0);
  body = build ("flux-2-max", recipe, &node);
  assert_members (body, expected);
  assert_int (body, "width", 2048);
  assert_int (body, "height", 2048);
  assert_int (body, "safety_tolerance", 0);
  assert_image (body, "input_image", slots[0], slot_bytes[0]);
  assert_image (body, "input_image_2", slots[1], slot_bytes[1]);
}

static void
test_flux2_flex (void)
{
  g_autoptr(AtelierRecipe) recipe = recipe_with_refs ("a poster that says OPEN", 1);
  g_autoptr(JsonNode) node = NULL;
  const char *expected[] = { "prompt", "width", "height", "input_image", "guidance", "steps",
                             "prompt_upsampling", "safety_tolerance", "output_format", NULL };
  JsonObject *body;

  atelier_recipe_set_size (recipe, 64, 2048);
  atelier_recipe_set_number (recipe, "guidance", 3.5);
  atelier_recipe_set_number (recipe, "steps", 28);
  atelier_recipe_set_bool (recipe, "prompt_upsampling", FALSE);
  atelier_recipe_set_number (recipe, "safety_tolerance", 5);
  atelier_recipe_set_choice (recipe, "output_format", "webp");
  body = build ("flux-2-flex", recipe, &node);
  assert_members (body, expected);
  assert_int (body, "width", 64);
  assert_int (body, "height", 2048);
  assert_double (body, "guidance", 3.5);
  assert_int (body, "steps", 28);
  assert_bool (body, "prompt_upsampling", FALSE);
  assert_int (body, "safety_tolerance", 5);
  assert_string (body, "output_format", "webp");
  assert_image (body, "input_image", slots[0], slot_bytes[0]);
}

static void
test_flux2_klein (void)
{
  const char *ids[] = { "flux-2-klein-9b", "flux-2-klein-4b" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(AtelierRecipe) recipe = recipe_with_refs ("a bowl of plums", 5);
      g_autoptr(JsonNode) node = NULL;
      const char *expected[] = { "prompt", "seed", "input_image", "input_image_2", "input_image_3",
                                 "input_image_4", NULL };
      JsonObject *body;

      atelier_recipe_set_seed (recipe, 0);
      body = build (ids[i], recipe, &node);
      /* The fifth reference stays in the composer, marked "not sent"; the body has four. */
      assert_members (body, expected);
      assert_int (body, "seed", 0);
      assert_image (body, "input_image_4", slots[3], slot_bytes[3]);
      g_assert_cmpuint (atelier_request_count_sent_refs (model (ids[i]), recipe), ==, 4);
    }
}

static void
test_kontext (void)
{
  const char *ids[] = { "flux-kontext-pro", "flux-kontext-max" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(AtelierRecipe) recipe = recipe_with_refs ("make it winter", 5);
      g_autoptr(JsonNode) node = NULL;
      const char *expected[] = { "prompt", "aspect_ratio", "input_image", "input_image_2",
                                 "input_image_3", "input_image_4", "prompt_upsampling",
                                 "safety_tolerance", "output_format", "seed", NULL };
      JsonObject *body;

      atelier_recipe_set_aspect_ratio (recipe, "21:9");
      atelier_recipe_set_size (recipe, 1024, 1024); /* not a Kontext field */
      atelier_recipe_set_bool (recipe, "prompt_upsampling", TRUE);
      atelier_recipe_set_number (recipe, "safety_tolerance", 6);
      atelier_recipe_set_choice (recipe, "output_format", "jpeg");
      atelier_recipe_set_seed (recipe, 7);
      body = build (ids[i], recipe, &node);
      assert_members (body, expected);
      assert_string (body, "prompt", "make it winter");
      assert_string (body, "aspect_ratio", "21:9");
      assert_bool (body, "prompt_upsampling", TRUE);
      assert_int (body, "safety_tolerance", 6);
      assert_string (body, "output_format", "jpeg");
      assert_int (body, "seed", 7);
      assert_image (body, "input_image", slots[0], slot_bytes[0]);
      assert_image (body, "input_image_4", slots[3], slot_bytes[3]);
    }

  {
    g_autoptr(AtelierRecipe) recipe = recipe_with_refs ("a lamp", 0);
    g_autoptr(JsonNode) node = NULL;
    const char *expected[] = { "prompt", NULL };

    /* No aspect ratio set: the server's (or the input image's) shape. */
    assert_members (build ("flux-kontext-max", recipe, &node), expected);
  }
}

static void
test_flux11_pro (void)
{
  g_autoptr(AtelierRecipe) recipe = recipe_with_refs ("a quiet library", 3);
  g_autoptr(JsonNode) node = NULL;
  const char *expected[] = { "prompt", "width", "height", "image_prompt", "prompt_upsampling", NULL };
  JsonObject *body;

  atelier_recipe_set_size (recipe, 1440, 256);
  atelier_recipe_set_bool (recipe, "prompt_upsampling", TRUE);
  body = build ("flux-pro-1.1", recipe, &node);
  assert_members (body, expected);
  assert_int (body, "width", 1440);
  assert_int (body, "height", 256);
  assert_bool (body, "prompt_upsampling", TRUE);
  /* One image prompt: the first slot. */
  assert_image (body, "image_prompt", slots[0], slot_bytes[0]);
  g_assert_cmpuint (atelier_request_count_sent_refs (model ("flux-pro-1.1"), recipe), ==, 1);
}

static void
test_ultra (void)
{
  g_autoptr(AtelierRecipe) recipe = recipe_with_refs ("a mountain lake", 2);
  g_autoptr(JsonNode) node = NULL;
  const char *expected[] = { "prompt", "aspect_ratio", "raw", "image_prompt", "image_prompt_strength", NULL };
  JsonObject *body;

  atelier_recipe_set_aspect_ratio (recipe, "16:9");
  atelier_recipe_set_bool (recipe, "raw", TRUE);
  atelier_recipe_set_number (recipe, "image_prompt_strength", 0.35);
  atelier_recipe_set_size (recipe, 2048, 2048); /* not an Ultra field */
  body = build ("flux-pro-1.1-ultra", recipe, &node);
  assert_members (body, expected);
  assert_string (body, "aspect_ratio", "16:9");
  assert_bool (body, "raw", TRUE);
  assert_double (body, "image_prompt_strength", 0.35);
  assert_image (body, "image_prompt", slots[0], slot_bytes[0]);
}

static void
test_fill (void)
{
  g_autoptr(AtelierRecipe) recipe = recipe_with_refs ("", 1);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) node2 = NULL;
  const char *without_prompt[] = { "image", "mask", "steps", "guidance", NULL };
  const char *with_prompt[] = { "prompt", "image", "mask", "steps", "guidance", NULL };
  JsonObject *body;

  atelier_recipe_set_mask (recipe, mask_same_size);
  atelier_recipe_set_number (recipe, "steps", 40);
  atelier_recipe_set_number (recipe, "guidance", 30.5);
  atelier_recipe_set_aspect_ratio (recipe, "1:1"); /* not a Fill field */

  /* The prompt is optional for Fill: an empty one is left out. */
  body = build ("flux-pro-1.0-fill", recipe, &node);
  assert_members (body, without_prompt);
  assert_image (body, "image", slots[0], slot_bytes[0]);
  assert_image (body, "mask", mask_same_size, NULL);
  assert_int (body, "steps", 40);
  assert_double (body, "guidance", 30.5);

  atelier_recipe_set_prompt (recipe, "a red door");
  body = build ("flux-pro-1.0-fill", recipe, &node2);
  assert_members (body, with_prompt);
  assert_string (body, "prompt", "a red door");
}

static void
test_expand (void)
{
  g_autoptr(AtelierRecipe) recipe = recipe_with_refs ("", 3);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) node2 = NULL;
  const char *without_prompt[] = { "image", "top", "bottom", "left", "right", "steps", "guidance",
                                   "prompt_upsampling", "safety_tolerance", "output_format", "seed", NULL };
  const char *with_prompt[] = { "prompt", "image", "top", "bottom", "left", "right", NULL };
  JsonObject *body;
  guint w, h;

  atelier_recipe_set_expand (recipe, ATELIER_SIDE_TOP, 8);
  atelier_recipe_set_expand (recipe, ATELIER_SIDE_LEFT, 2048);
  atelier_recipe_set_expand (recipe, ATELIER_SIDE_RIGHT, 100);
  atelier_recipe_set_number (recipe, "steps", 30);
  atelier_recipe_set_number (recipe, "guidance", 45.5);
  atelier_recipe_set_bool (recipe, "prompt_upsampling", TRUE);
  atelier_recipe_set_number (recipe, "safety_tolerance", 4);
  atelier_recipe_set_choice (recipe, "output_format", "png");
  atelier_recipe_set_seed (recipe, 77);
  atelier_recipe_set_mask (recipe, mask_same_size); /* not an Expand field */
  atelier_recipe_set_size (recipe, 1024, 1024);     /* nor this */

  /* The prompt is optional; the source is slot 1 only; every side is sent, zeros too. */
  body = build ("flux-pro-1.0-expand", recipe, &node);
  assert_members (body, without_prompt);
  assert_image (body, "image", slots[0], slot_bytes[0]);
  assert_int (body, "top", 8);
  assert_int (body, "bottom", 0);
  assert_int (body, "left", 2048);
  assert_int (body, "right", 100);
  assert_int (body, "steps", 30);
  assert_double (body, "guidance", 45.5);
  assert_bool (body, "prompt_upsampling", TRUE);
  assert_int (body, "safety_tolerance", 4);
  assert_string (body, "output_format", "png");
  assert_int (body, "seed", 77);

  /* Slot 1 is 40 × 30: the output is the source plus the sides. */
  atelier_request_output_size (model ("flux-pro-1.0-expand"), recipe, &w, &h);
  g_assert_cmpuint (w, ==, 40 + 2048 + 100);
  g_assert_cmpuint (h, ==, 30 + 8);

  {
    g_autoptr(AtelierRecipe) plain = recipe_with_refs ("a wider beach", 1);

    atelier_recipe_set_expand (plain, ATELIER_SIDE_BOTTOM, 512);
    body = build ("flux-pro-1.0-expand", plain, &node2);
    assert_members (body, with_prompt);
    assert_string (body, "prompt", "a wider beach");
    assert_int (body, "bottom", 512);
  }
}

/* The newest weights are another endpoint with the same body; only models with one move. */
static void
test_latest_weights_path (void)
{
  const struct { const char *id; const char *pinned; const char *latest; } cases[] = {
    { "flux-2-pro", "flux-2-pro", "flux-2-pro-preview" },
    { "flux-2-klein-9b", "flux-2-klein-9b", "flux-2-klein-9b-preview" },
    { "flux-2-max", "flux-2-max", "flux-2-max" },
    { "flux-2-klein-4b", "flux-2-klein-4b", "flux-2-klein-4b" },
    { "flux-pro-1.0-expand", "flux-pro-1.0-expand", "flux-pro-1.0-expand" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(AtelierRecipe) recipe = recipe_with_refs ("a lighthouse", 1);
      g_autoptr(JsonNode) pinned = NULL;
      g_autoptr(JsonNode) latest = NULL;

      atelier_recipe_set_model_id (recipe, cases[i].id);
      atelier_recipe_set_expand (recipe, ATELIER_SIDE_TOP, 32);
      atelier_recipe_set_seed (recipe, 5);
      g_assert_cmpstr (atelier_request_get_path (model (cases[i].id), recipe), ==, cases[i].pinned);
      pinned = atelier_request_build (model (cases[i].id), recipe, NULL);

      atelier_recipe_set_latest_weights (recipe, TRUE);
      g_assert_cmpstr (atelier_request_get_path (model (cases[i].id), recipe), ==, cases[i].latest);
      latest = atelier_request_build (model (cases[i].id), recipe, NULL);

      /* The switch is no field of the body. */
      g_assert_nonnull (pinned);
      g_assert_true (json_node_equal (pinned, latest));
    }

  {
    g_autoptr(AtelierRecipe) recipe = atelier_recipe_new ();

    atelier_recipe_set_latest_weights (recipe, TRUE);
    g_assert_null (atelier_request_get_path (model ("flux-2-dev"), recipe));
  }
}

static void
test_more_refs_than_the_model_takes_is_not_an_error (void)
{
  const struct { const char *id; guint sent; } cases[] = {
    { "flux-2-pro", 8 }, { "flux-2-max", 8 }, { "flux-2-flex", 8 }, { "flux-2-klein-9b", 4 },
    { "flux-2-klein-4b", 4 }, { "flux-2-dev", 0 }, { "flux-kontext-pro", 4 },
    { "flux-kontext-max", 4 }, { "flux-pro-1.1", 1 }, { "flux-pro-1.1-ultra", 1 },
    { "flux-pro-1.0-fill", 1 }, { "flux-pro-1.0-expand", 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(AtelierRecipe) recipe = recipe_with_refs ("ten references", N_SLOTS);

      atelier_recipe_set_expand (recipe, ATELIER_SIDE_LEFT, 16);
      g_autoptr(GError) error = NULL;
      g_autofree char *field = NULL;
      AtelierModel *m = model (cases[i].id);

      g_assert_cmpuint (atelier_request_count_sent_refs (m, recipe), ==, cases[i].sent);
      if (!atelier_model_is_hosted (m))
        continue;
      atelier_recipe_set_mask (recipe, mask_same_size);
      atelier_request_validate (m, recipe, &field, &error);
      g_assert_no_error (error);
      g_assert_null (field);
    }
}

/* Refusals: the field and a sentence a person understands. */

static void
assert_refused (const char    *id,
                AtelierRecipe *recipe,
                const char    *expected_field,
                const char    *expected_message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) build_error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *field = NULL;

  g_assert_false (atelier_request_validate (model (id), recipe, &field, &error));
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_VALIDATION);
  g_assert_cmpstr (field, ==, expected_field);
  if (strstr (error->message, expected_message) == NULL)
    g_error ("%s: “%s” does not say “%s”", id, error->message, expected_message);

  /* Nothing is built from a refused recipe. */
  node = atelier_request_build (model (id), recipe, &build_error);
  g_assert_null (node);
  g_assert_error (build_error, ATELIER_ERROR, ATELIER_ERROR_VALIDATION);
  g_assert_cmpstr (build_error->message, ==, error->message);
}

static void
assert_accepted (const char    *id,
                 AtelierRecipe *recipe)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *field = NULL;

  atelier_request_validate (model (id), recipe, &field, &error);
  g_assert_no_error (error);
  g_assert_null (field);
}

static void
test_refuse_missing_prompt (void)
{
  const char *needs_prompt[] = { "flux-2-pro", "flux-2-max", "flux-2-flex", "flux-2-klein-9b",
                                 "flux-2-klein-4b", "flux-kontext-pro", "flux-kontext-max",
                                 "flux-pro-1.1", "flux-pro-1.1-ultra" };

  for (guint i = 0; i < G_N_ELEMENTS (needs_prompt); i++)
    {
      g_autoptr(AtelierRecipe) empty = recipe_with_refs ("", 1);
      g_autoptr(AtelierRecipe) blank = recipe_with_refs ("  \n\t ", 1);

      assert_refused (needs_prompt[i], empty, "prompt", "Write a prompt");
      assert_refused (needs_prompt[i], blank, "prompt", "Write a prompt");
    }
}

static void
test_refuse_size (void)
{
  g_autoptr(AtelierRecipe) recipe = recipe_with_refs ("a kite", 0);

  atelier_recipe_set_size (recipe, 1000, 768);
  assert_refused ("flux-2-pro", recipe, "width", "Width must be a multiple of 16 (got 1000)");
  atelier_recipe_set_size (recipe, 1024, 1000);
  assert_refused ("flux-2-pro", recipe, "height", "Height must be a multiple of 16 (got 1000)");
  atelier_recipe_set_size (recipe, 48, 1024);
  assert_refused ("flux-2-klein-4b", recipe, "width", "Width must be at least 64 pixels");
  atelier_recipe_set_size (recipe, 1024, 2064);
  assert_refused ("flux-2-max", recipe, "height", "Height must be at most 2048 pixels");
  atelier_recipe_set_size (recipe, 1024, 0);
  assert_refused ("flux-2-pro", recipe, "height", "Set both the width and the height");
  atelier_recipe_set_size (recipe, 0, 1024);
  assert_refused ("flux-2-pro", recipe, "width", "Set both the width and the height");
  atelier_recipe_set_size (recipe, 2048, 2048);
  assert_accepted ("flux-2-pro", recipe);

  /* FLUX1.1 [pro]: 256–1440 in steps of 32. */
  atelier_recipe_set_size (recipe, 1024, 784);
  assert_refused ("flux-pro-1.1", recipe, "height", "Height must be a multiple of 32 (got 784)");
  atelier_recipe_set_size (recipe, 1472, 768);
  assert_refused ("flux-pro-1.1", recipe, "width", "Width must be at most 1440 pixels for FLUX1.1 [pro] (got 1472)");
  atelier_recipe_set_size (recipe, 224, 768);
  assert_refused ("flux-pro-1.1", recipe, "width", "Width must be at least 256 pixels");
  atelier_recipe_set_size (recipe, 0, 0);
  assert_accepted ("flux-pro-1.1", recipe);
}

static void
test_refuse_aspect_ratio (void)
{
  const char *malformed[] = { "16x9", "16:", ":9", "0:1", "a:b", "16:9:1", "1.5:1", " 16:9" };
  const char *ids[] = { "flux-kontext-pro", "flux-pro-1.1-ultra" };

  for (guint m = 0; m < G_N_ELEMENTS (ids); m++)
    {
      g_autoptr(AtelierRecipe) recipe = recipe_with_refs ("a field", 0);

      for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
        {
          atelier_recipe_set_aspect_ratio (recipe, malformed[i]);
          assert_refused (ids[m], recipe, "aspect_ratio", "must be two whole numbers like 16:9");
        }
      atelier_recipe_set_aspect_ratio (recipe, "3:1");
      assert_refused (ids[m], recipe, "aspect_ratio", "The aspect ratio 3:1 is too wide");
      atelier_recipe_set_aspect_ratio (recipe, "1:3");
      assert_refused (ids[m], recipe, "aspect_ratio", "The aspect ratio 1:3 is too tall");
      atelier_recipe_set_aspect_ratio (recipe, "21:9");
      assert_accepted (ids[m], recipe);
      atelier_recipe_set_aspect_ratio (recipe, "9:21");
      assert_accepted (ids[m], recipe);
      atelier_recipe_set_aspect_ratio (recipe, "42:18");
      assert_accepted (ids[m], recipe);
    }
}

static void
test_refuse_out_of_range (void)
{
  g_autoptr(AtelierRecipe) recipe = recipe_with_refs ("a bridge", 1);

  atelier_recipe_set_number (recipe, "safety_tolerance", 6);
  assert_refused ("flux-2-pro", recipe, "safety_tolerance", "Safety tolerance must be between 0 and 5 (got 6)");
  assert_accepted ("flux-kontext-pro", recipe);
  atelier_recipe_set_number (recipe, "safety_tolerance", 7);
  assert_refused ("flux-pro-1.1", recipe, "safety_tolerance", "between 0 and 6 (got 7)");
  atelier_recipe_set_number (recipe, "safety_tolerance", -1);
  assert_refused ("flux-pro-1.1-ultra", recipe, "safety_tolerance", "between 0 and 6 (got -1)");
  atelier_recipe_set_number (recipe, "safety_tolerance", 2.5);
  assert_refused ("flux-kontext-max", recipe, "safety_tolerance", "Safety tolerance must be a whole number (got 2.5)");
  atelier_recipe_unset_param (recipe, "safety_tolerance");

  atelier_recipe_set_number (recipe, "steps", 51);
  assert_refused ("flux-2-flex", recipe, "steps", "Steps must be between 1 and 50 (got 51)");
  atelier_recipe_set_number (recipe, "steps", 10);
  assert_accepted ("flux-2-flex", recipe);
  atelier_recipe_set_mask (recipe, mask_same_size);
  assert_refused ("flux-pro-1.0-fill", recipe, "steps", "Steps must be between 15 and 50 (got 10)");
  atelier_recipe_unset_param (recipe, "steps");

  atelier_recipe_set_number (recipe, "guidance", 1);
  assert_refused ("flux-2-flex", recipe, "guidance", "Guidance must be between 1.5 and 10 (got 1)");
  atelier_recipe_set_number (recipe, "guidance", 60);
  assert_accepted ("flux-pro-1.0-fill", recipe);
  atelier_recipe_set_number (recipe, "guidance", 100.5);
  assert_refused ("flux-pro-1.0-fill", recipe, "guidance", "between 1.5 and 100 (got 100.5)");
  atelier_recipe_unset_param (recipe, "guidance");

  atelier_recipe_set_number (recipe, "image_prompt_strength", 1.5);
  assert_refused ("flux-pro-1.1-ultra", recipe, "image_prompt_strength",
                  "Image prompt strength must be between 0 and 1 (got 1.5)");

  atelier_recipe_unset_param (recipe, "image_prompt_strength");
  atelier_recipe_set_choice (recipe, "output_format", "gif");
  assert_refused ("flux-2-klein-9b", recipe, "output_format",
                  "Output format must be one of jpeg, png, webp (got “gif”)");
}

static void
test_refuse_wrong_types (void)
{
  g_autoptr(AtelierRecipe) recipe = recipe_with_refs ("a bridge", 0);

  atelier_recipe_set_bool (recipe, "steps", TRUE);
  assert_refused ("flux-2-flex", recipe, "steps", "Steps must be a number");
  atelier_recipe_unset_param (recipe, "steps");

  atelier_recipe_set_number (recipe, "raw", 1);
  assert_refused ("flux-pro-1.1-ultra", recipe, "raw", "Raw must be on or off");
  atelier_recipe_unset_param (recipe, "raw");

  atelier_recipe_set_number (recipe, "output_format", 1);
  assert_refused ("flux-kontext-pro", recipe, "output_format", "Output format must be one of jpeg, png, webp");
  atelier_recipe_unset_param (recipe, "output_format");

  atelier_recipe_set_choice (recipe, "prompt_upsampling", "yes");
  assert_refused ("flux-pro-1.1", recipe, "prompt_upsampling", "Prompt upsampling must be on or off");
}

static void
test_refuse_fill (void)
{
  g_autoptr(AtelierRecipe) no_image = recipe_with_refs ("a window", 0);
  g_autoptr(AtelierRecipe) no_mask = recipe_with_refs ("a window", 1);
  g_autoptr(AtelierRecipe) wrong_mask = recipe_with_refs ("a window", 1);

  atelier_recipe_set_mask (no_image, mask_same_size);
  assert_refused ("flux-pro-1.0-fill", no_image, "image", "Add the image that FLUX.1 Fill [pro] should fill");
  assert_refused ("flux-pro-1.0-fill", no_mask, "mask", "Add a mask");
  atelier_recipe_set_mask (wrong_mask, mask_other_size);
  assert_refused ("flux-pro-1.0-fill", wrong_mask, "mask",
                  "The mask is 30 × 40 pixels but the image is 40 × 30; they must be the same size");
}

static void
test_refuse_expand (void)
{
  g_autoptr(AtelierRecipe) no_image = recipe_with_refs ("", 0);
  g_autoptr(AtelierRecipe) nothing_added = recipe_with_refs ("", 1);
  g_autoptr(AtelierRecipe) too_much = recipe_with_refs ("", 1);

  atelier_recipe_set_expand (no_image, ATELIER_SIDE_TOP, 64);
  assert_refused ("flux-pro-1.0-expand", no_image, "image",
                  "Add the image that FLUX.1 Expand [pro] should extend");
  assert_refused ("flux-pro-1.0-expand", nothing_added, "top", "Add pixels to at least one side");
  atelier_recipe_set_expand (too_much, ATELIER_SIDE_RIGHT, 2049);
  assert_refused ("flux-pro-1.0-expand", too_much, "right",
                  "At most 2048 pixels can be added on the right (got 2049)");
  atelier_recipe_set_expand (too_much, ATELIER_SIDE_RIGHT, 2048);
  assert_accepted ("flux-pro-1.0-expand", too_much);
}

static void
test_refuse_not_hosted (void)
{
  g_autoptr(AtelierRecipe) recipe = recipe_with_refs ("a forest", 0);

  assert_refused ("flux-2-dev", recipe, "model", "FLUX.2 [dev] is not offered by the BFL API");
}

static void
test_output_size (void)
{
  const struct { const char *id; const char *aspect; guint w, h; guint n_refs; guint ew, eh; } cases[] = {
    { "flux-2-pro", NULL, 1024, 768, 1, 1024, 768 },
    { "flux-2-pro", NULL, 0, 0, 0, 1024, 1024 },
    /* 0 × 0 with a reference: the reference's size (slot 1 is 40 × 30, rounded down to 16s, at least 64). */
    { "flux-2-pro", NULL, 0, 0, 1, 64, 64 },
    { "flux-pro-1.1", NULL, 0, 0, 1, 1024, 768 },
    { "flux-pro-1.1", NULL, 1440, 256, 0, 1440, 256 },
    { "flux-kontext-pro", "1:1", 0, 0, 0, 1024, 1024 },
    { "flux-kontext-max", NULL, 0, 0, 0, 1024, 1024 },
    { "flux-pro-1.1-ultra", "1:1", 0, 0, 0, 2048, 2048 },
    { "flux-pro-1.0-fill", NULL, 0, 0, 1, 40, 30 },
    { "flux-pro-1.0-fill", NULL, 0, 0, 0, 0, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(AtelierRecipe) recipe = recipe_with_refs ("sizes", cases[i].n_refs);
      guint w = 1, h = 1;

      atelier_recipe_set_size (recipe, cases[i].w, cases[i].h);
      atelier_recipe_set_aspect_ratio (recipe, cases[i].aspect);
      atelier_request_output_size (model (cases[i].id), recipe, &w, &h);
      g_test_message ("%s: %u × %u", cases[i].id, w, h);
      g_assert_cmpuint (w, ==, cases[i].ew);
      g_assert_cmpuint (h, ==, cases[i].eh);
    }

  {
    g_autoptr(AtelierRecipe) recipe = recipe_with_refs ("sizes", 0);
    guint w, h;

    /* Ultra's default 16:9 at about 4 MP. */
    atelier_request_output_size (model ("flux-pro-1.1-ultra"), recipe, &w, &h);
    g_assert_cmpuint (w, >, h);
    g_assert_cmpfloat (fabs ((double) w / h - 16.0 / 9.0), <, 0.02);
    g_assert_cmpfloat (fabs ((double) w * h / 4194304.0 - 1), <, 0.03);

    /* Kontext at 21:9, about 1 MP. */
    atelier_recipe_set_aspect_ratio (recipe, "21:9");
    atelier_request_output_size (model ("flux-kontext-pro"), recipe, &w, &h);
    g_assert_cmpfloat (fabs ((double) w / h - 21.0 / 9.0), <, 0.03);
    g_assert_cmpfloat (fabs ((double) w * h / 1048576.0 - 1), <, 0.03);
  }
}

static void
test_output_size_kontext_follows_reference (void)
{
  g_autoptr(AtelierRecipe) recipe = recipe_with_refs ("sizes", 1);
  guint w, h;

  /* No ratio set: Kontext keeps the input's 4:3 shape. */
  atelier_request_output_size (model ("flux-kontext-pro"), recipe, &w, &h);
  g_assert_cmpfloat (fabs ((double) w / h - 4.0 / 3.0), <, 0.03);
}

static void
test_large_reference_output_size (void)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(AtelierReference) big = make_reference (4000, 3000, 0x336699ff, "big.png", &bytes);
  g_autoptr(AtelierRecipe) recipe = atelier_recipe_new ();
  guint w, h;

  /* A 12 MP reference at 0 × 0: the output is capped to 4 MP, keeps the shape, on the 16 grid. */
  atelier_recipe_set_references (recipe, &big, 1);
  atelier_request_output_size (model ("flux-2-pro"), recipe, &w, &h);
  g_assert_cmpuint ((guint64) w * h, <=, 4194304);
  g_assert_cmpuint (w % 16, ==, 0);
  g_assert_cmpuint (h % 16, ==, 0);
  g_assert_cmpuint (w, <=, 2048);
  g_assert_cmpfloat (fabs ((double) w / h - 4.0 / 3.0), <, 0.02);
}

int
main (int   argc,
      char *argv[])
{
  atelier_test_init (&argc, &argv);
  make_slots ();

  g_test_add_func ("/request/flux2-pro-full", test_flux2_pro_full);
  g_test_add_func ("/request/flux2-minimal", test_flux2_minimal);
  g_test_add_func ("/request/flux2-max", test_flux2_max);
  g_test_add_func ("/request/flux2-flex", test_flux2_flex);
  g_test_add_func ("/request/flux2-klein", test_flux2_klein);
  g_test_add_func ("/request/kontext", test_kontext);
  g_test_add_func ("/request/flux11-pro", test_flux11_pro);
  g_test_add_func ("/request/ultra", test_ultra);
  g_test_add_func ("/request/fill", test_fill);
  g_test_add_func ("/request/expand", test_expand);
  g_test_add_func ("/request/refuse/expand", test_refuse_expand);
  g_test_add_func ("/request/latest-weights-path", test_latest_weights_path);
  g_test_add_func ("/request/more-refs-than-the-model-takes", test_more_refs_than_the_model_takes_is_not_an_error);
  g_test_add_func ("/request/refuse/missing-prompt", test_refuse_missing_prompt);
  g_test_add_func ("/request/refuse/size", test_refuse_size);
  g_test_add_func ("/request/refuse/aspect-ratio", test_refuse_aspect_ratio);
  g_test_add_func ("/request/refuse/out-of-range", test_refuse_out_of_range);
  g_test_add_func ("/request/refuse/wrong-types", test_refuse_wrong_types);
  g_test_add_func ("/request/refuse/fill", test_refuse_fill);
  g_test_add_func ("/request/refuse/not-hosted", test_refuse_not_hosted);
  g_test_add_func ("/request/output-size", test_output_size);
  g_test_add_func ("/request/output-size-kontext-follows-reference", test_output_size_kontext_follows_reference);
  g_test_add_func ("/request/output-size-large-reference", test_large_reference_output_size);

  return g_test_run ();
}
