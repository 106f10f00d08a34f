/* test-composer.c — the composer as an artist uses it: drops, model limits, cost, Ctrl+Enter
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <adwaita.h>

#include "atelier-application.h"
#include "atelier-catalog.h"
#include "atelier-client-private.h"
#include "atelier-composer-private.h"
#include "atelier-fake-bfl.h"
#include "atelier-image-metadata.h"
#include "atelier-job-private.h"
#include "atelier-job.h"
#include "atelier-library.h"
#include "atelier-request.h"
#include "atelier-test-bus.h"
#include "atelier-test-utils.h"
#include "atelier-test-widgets.h"
#include "atelier-variation-grid.h"
#include "atelier-window.h"

static AtelierFakeBfl *fake;
static AtelierApplication *app;

typedef struct
{
  GtkWindow       *window;
  AtelierComposer *composer;
} Fixture;

static char *
make_image (const char *name,
            int         width,
            int         height,
            guint32     color)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (atelier_test_get_tmp_dir (), name, NULL);

  gdk_pixbuf_fill (pixbuf, color);
  gdk_pixbuf_save (pixbuf, path, "png", &error, NULL);
  g_assert_no_error (error);
  return path;
}

static GPtrArray *
make_images (guint n,
             int   width,
             int   height)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("image-%u-%dx%d.png", i + 1, width, height);
      g_autofree char *path = make_image (name, width, height, 0x20406000 + i * 0x10000000);

      g_ptr_array_add (files, g_file_new_for_path (path));
    }

  return files;
}

static gboolean
references_loaded (gpointer data)
{
  AtelierComposer *composer = data;

  return !atelier_reference_tray_is_loading (_atelier_composer_get_tray (composer));
}

static void
drop_and_wait (Fixture   *fixture,
               GPtrArray *files,
               guint      slot)
{
  _atelier_composer_drop_files (fixture->composer, (GFile **) files->pdata, files->len, slot);
  g_assert_true (atelier_test_wait_until (references_loaded, fixture->composer, 20000));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_settings_reset (atelier_application_get_settings (app), "model");
  g_settings_reset (atelier_application_get_settings (app), "batch-size");
  g_settings_reset (atelier_application_get_settings (app), "spend-guard");
  /* Without a window manager nothing is focused, and the test bus has no notification server:
   * finished jobs would be announced to nobody (test-notifier covers notifications). */
  g_settings_set_boolean (atelier_application_get_settings (app), "notify-when-done", FALSE);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 400, 800);
  fixture->composer = g_object_new (ATELIER_TYPE_COMPOSER, NULL);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->composer));
  atelier_composer_bind (fixture->composer, app);
  gtk_window_present (fixture->window);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
}

static const char *
reference_name (Fixture *fixture,
                guint    index)
{
  AtelierReference *reference = atelier_reference_slot_get_reference (_atelier_composer_get_slot (fixture->composer, index));

  return reference != NULL ? atelier_reference_get_name (reference) : NULL;
}

static void
test_drop_nine (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) files = make_images (9, 64, 48);
  AtelierRecipe *recipe = _atelier_composer_get_recipe (fixture->composer);

  drop_and_wait (fixture, files, ATELIER_REFERENCE_TRAY_APPEND);

  g_assert_cmpuint (atelier_reference_tray_get_n_filled (_atelier_composer_get_tray (fixture->composer)), ==, 8);
  g_assert_cmpuint (atelier_recipe_get_n_references (recipe), ==, 8);
  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *expected = g_strdup_printf ("image-%u-64x48.png", i + 1);

      g_assert_cmpstr (reference_name (fixture, i), ==, expected);
      g_assert_cmpstr (atelier_reference_get_name (atelier_recipe_get_reference (recipe, i)), ==, expected);
    }
  g_assert_cmpstr (_atelier_composer_get_last_message (fixture->composer), ==,
                   "image-9-64x48.png was not added: 8 references at most");
  g_assert_cmpstr (atelier_reference_slot_get_caption (_atelier_composer_get_slot (fixture->composer, 0)), ==, "64×48");
}

static void
test_drop_on_slot (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) first = make_images (3, 32, 32);
  g_autoptr(GPtrArray) second = make_images (1, 40, 40);

  drop_and_wait (fixture, first, ATELIER_REFERENCE_TRAY_APPEND);
  /* A drop on slot 2 puts the picture there and moves the others along: nothing is lost. */
  drop_and_wait (fixture, second, 1);

  g_assert_cmpstr (reference_name (fixture, 0), ==, "image-1-32x32.png");
  g_assert_cmpstr (reference_name (fixture, 1), ==, "image-1-40x40.png");
  g_assert_cmpstr (reference_name (fixture, 2), ==, "image-2-32x32.png");
  g_assert_cmpstr (reference_name (fixture, 3), ==, "image-3-32x32.png");

  /* Dragging slot 4 onto slot 1 reorders. */
  atelier_reference_tray_move (_atelier_composer_get_tray (fixture->composer), 3, 0);
  g_assert_cmpstr (reference_name (fixture, 0), ==, "image-3-32x32.png");
  g_assert_cmpstr (reference_name (fixture, 1), ==, "image-1-32x32.png");
  g_assert_cmpstr (atelier_reference_get_name (atelier_recipe_get_reference (_atelier_composer_get_recipe (fixture->composer), 0)),
                   ==, "image-3-32x32.png");

  atelier_reference_tray_remove (_atelier_composer_get_tray (fixture->composer), 0);
  g_assert_cmpstr (reference_name (fixture, 0), ==, "image-1-32x32.png");
  g_assert_cmpuint (atelier_recipe_get_n_references (_atelier_composer_get_recipe (fixture->composer)), ==, 3);
}

static void
test_drop_text_file (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) images = make_images (2, 32, 32);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *path = g_build_filename (atelier_test_get_tmp_dir (), "notes.txt", NULL);
  const char *message;

  g_assert_true (g_file_set_contents (path, "not a picture\n", -1, NULL));
  g_ptr_array_add (texts, g_file_new_for_path (path));

  drop_and_wait (fixture, images, ATELIER_REFERENCE_TRAY_APPEND);
  drop_and_wait (fixture, texts, ATELIER_REFERENCE_TRAY_APPEND);

  g_assert_cmpuint (atelier_reference_tray_get_n_filled (_atelier_composer_get_tray (fixture->composer)), ==, 2);
  g_assert_cmpstr (reference_name (fixture, 0), ==, "image-1-32x32.png");
  g_assert_cmpstr (reference_name (fixture, 1), ==, "image-2-32x32.png");
  g_assert_true (atelier_reference_slot_is_empty (_atelier_composer_get_slot (fixture->composer, 2)));

  message = _atelier_composer_get_last_message (fixture->composer);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "notes.txt"));
}

static gboolean
has_member (JsonNode   *node,
            const char *name)
{
  return json_object_has_member (json_node_get_object (node), name);
}

static void
test_klein_keeps_references (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) files = make_images (8, 32, 32);
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;
  AtelierRecipe *recipe = _atelier_composer_get_recipe (fixture->composer);
  AtelierModel *klein = atelier_catalog_lookup (atelier_catalog_get_default (), "flux-2-klein-4b");
  AtelierModel *pro = atelier_catalog_lookup (atelier_catalog_get_default (), "flux-2-pro");

  drop_and_wait (fixture, files, ATELIER_REFERENCE_TRAY_APPEND);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (_atelier_composer_get_prompt_view (fixture->composer)),
                            "a cat", -1);

  g_assert_true (_atelier_composer_select_model (fixture->composer, "flux-2-klein-4b"));
  g_assert_cmpstr (atelier_recipe_get_model_id (recipe), ==, "flux-2-klein-4b");
  g_assert_cmpuint (atelier_recipe_get_n_references (recipe), ==, 8);
  g_assert_cmpuint (atelier_request_count_sent_refs (klein, recipe), ==, 4);

  body = atelier_request_build (klein, recipe, &error);
  g_assert_no_error (error);
  g_assert_true (has_member (body, "input_image"));
  g_assert_true (has_member (body, "input_image_4"));
  g_assert_false (has_member (body, "input_image_5"));

  g_assert_cmpint (atelier_reference_slot_get_use (_atelier_composer_get_slot (fixture->composer, 3)), ==, ATELIER_SLOT_USE_SENT);
  g_assert_cmpint (atelier_reference_slot_get_use (_atelier_composer_get_slot (fixture->composer, 4)), ==, ATELIER_SLOT_USE_NOT_SENT);
  g_assert_cmpstr (atelier_reference_slot_get_caption (_atelier_composer_get_slot (fixture->composer, 4)), ==, "Not sent");
  g_assert_cmpstr (reference_name (fixture, 7), ==, "image-8-32x32.png");

  /* Back on a model that takes eight: all come back into use. */
  g_assert_true (_atelier_composer_select_model (fixture->composer, "flux-2-pro"));
  g_assert_cmpuint (atelier_request_count_sent_refs (pro, recipe), ==, 8);
  g_assert_cmpint (atelier_reference_slot_get_use (_atelier_composer_get_slot (fixture->composer, 7)), ==, ATELIER_SLOT_USE_SENT);
}

static GtkShortcut *find_shortcut (GtkWidget  *widget,
                                   const char *trigger_text);

static gboolean
key_resolved (gpointer data)
{
  return atelier_application_get_key_resolved (data);
}

static GtkWidget *
find_action_button (GtkWidget  *widget,
                    const char *action_name)
{
  if (GTK_IS_BUTTON (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_action_button (child, action_name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* What the person sees: Generate greyed out or not, and the line under it. */
static void
assert_generate_blocked_by (Fixture    *fixture,
                            const char *reason)
{
  GtkWidget *button = find_action_button (GTK_WIDGET (fixture->composer), "composer.generate");
  GtkLabel *label = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (fixture->composer),
                                                              ATELIER_TYPE_COMPOSER, "reason_label"));

  g_assert_nonnull (button);
  g_assert_cmpstr (_atelier_composer_get_blocked_reason (fixture->composer), ==, reason);
  g_assert_true (gtk_widget_get_sensitive (button) == (reason == NULL));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (label)) == (reason != NULL));
  if (reason != NULL)
    g_assert_cmpstr (gtk_label_get_label (label), ==, reason);
}

static void
test_generate_reasons (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GtkShortcut) shortcut = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (_atelier_composer_get_prompt_view (fixture->composer));
  AtelierClient *client = atelier_application_get_client (app);

  /* The keyring's first answer sets the client's key: let it come before taking the key away. */
  g_assert_true (atelier_test_wait_until (key_resolved, app, 20000));
  atelier_client_set_key (client, ATELIER_FAKE_KEY_VALID);

  gtk_text_buffer_set_text (buffer, "", -1);
  assert_generate_blocked_by (fixture, "Write a prompt first");

  /* Ctrl+Enter then says why instead of adding a new line to the prompt. */
  shortcut = find_shortcut (GTK_WIDGET (fixture->composer), "<Control>Return");
  g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0,
                                               GTK_WIDGET (fixture->composer), NULL));
  g_assert_cmpstr (_atelier_composer_get_last_message (fixture->composer), ==, "Write a prompt first");

  /* First run: no key and no prompt yet. The key is what stands in the way, so the key is named. */
  atelier_client_set_key (client, NULL);
  assert_generate_blocked_by (fixture, "Add an API key in Preferences to generate");
  g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0,
                                               GTK_WIDGET (fixture->composer), NULL));
  g_assert_cmpstr (_atelier_composer_get_last_message (fixture->composer), ==, "Add an API key in Preferences to generate");

  /* A key saved in Preferences: the reason moves on to the prompt at once, no other event needed. */
  atelier_client_set_key (client, ATELIER_FAKE_KEY_VALID);
  assert_generate_blocked_by (fixture, "Write a prompt first");

  gtk_text_buffer_set_text (buffer, "a lighthouse at dusk", -1);
  assert_generate_blocked_by (fixture, NULL);

  /* The key removed while the prompt is written: the key again. */
  atelier_client_set_key (client, NULL);
  assert_generate_blocked_by (fixture, "Add an API key in Preferences to generate");
  atelier_client_set_key (client, ATELIER_FAKE_KEY_VALID);
  assert_generate_blocked_by (fixture, NULL);
}

typedef struct
{
  const char *model;
  double      megapixels;         /* the Resolution choice at 1:1; ignored by aspect-ratio models */
  guint       n_refs;
  int         ref_side;
  guint       batch;
  const char *expected;
} CostCase;

static void
test_cost_table (Fixture       *fixture,
                 gconstpointer  data)
{
  static const CostCase cases[] = {
    { "flux-2-pro",         1, 0, 0,    1, "≈ 3 credits · $0.03" },
    /* 2 MP stays at or under 2 MP (1440 × 1440), so it is billed as 2, not 3 */
    { "flux-2-pro",         2, 0, 0,    1, "≈ 4.5 credits · $0.045" },
    { "flux-2-pro",         1, 1, 1024, 1, "≈ 4.5 credits · $0.045" },
    { "flux-2-pro",         1, 2, 1024, 2, "≈ 12 credits · $0.12" },
    { "flux-2-max",         4, 0, 0,    1, "≈ 16 credits · $0.16" },
    /* klein takes 4 of the 6: only those are priced */
    { "flux-2-klein-4b",    1, 6, 1024, 1, "≈ 1.8 credits · $0.018" },
    { "flux-kontext-pro",   0, 1, 1024, 1, "≈ 4 credits · $0.04" },
    { "flux-kontext-max",   0, 0, 0,    3, "≈ 24 credits · $0.24" },
    { "flux-pro-1.1-ultra", 0, 0, 0,    1, "≈ 6 credits · $0.06" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const CostCase *c = &cases[i];
      AtelierReferenceTray *tray = _atelier_composer_get_tray (fixture->composer);

      atelier_reference_tray_set_references (tray, NULL, 0);
      if (c->n_refs > 0)
        {
          g_autoptr(GPtrArray) files = make_images (c->n_refs, c->ref_side, c->ref_side);

          drop_and_wait (fixture, files, ATELIER_REFERENCE_TRAY_APPEND);
        }

      g_assert_true (_atelier_composer_select_model (fixture->composer, c->model));
      if (c->megapixels > 0)
        g_assert_true (_atelier_composer_set_size_preset (fixture->composer, "1:1", c->megapixels));
      g_settings_set_uint (atelier_application_get_settings (app), "batch-size", c->batch);

      g_test_message ("%s, %u refs, batch %u", c->model, c->n_refs, c->batch);
      g_assert_cmpstr (_atelier_composer_get_cost_text (fixture->composer), ==, c->expected);
    }
}

static gboolean
submitted (gpointer data)
{
  return atelier_fake_bfl_get_submitted (fake) > 0;
}

static GtkShortcut *
find_shortcut (GtkWidget  *widget,
               const char *trigger_text)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *text = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

          if (strstr (text, trigger_text) != NULL)
            return g_steal_pointer (&shortcut);
        }
    }

  return NULL;
}

static void
test_ctrl_enter_sends (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) files = make_images (2, 96, 64);
  g_autoptr(GtkShortcut) shortcut = NULL;
  g_autoptr(JsonNode) expected = NULL;
  g_autoptr(JsonNode) sent = NULL;
  g_autofree char *expected_text = NULL;
  g_autofree char *sent_text = NULL;
  AtelierRecipe *recipe = _atelier_composer_get_recipe (fixture->composer);
  AtelierFakeRequest *request = NULL;
  GPtrArray *requests;
  const char *b64_1, *b64_2;

  g_assert_true (_atelier_composer_select_model (fixture->composer, "flux-2-pro"));
  drop_and_wait (fixture, files, ATELIER_REFERENCE_TRAY_APPEND);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (_atelier_composer_get_prompt_view (fixture->composer)),
                            "The cat from image 1 in the room from image 2", -1);
  g_assert_null (_atelier_composer_get_blocked_reason (fixture->composer));

  atelier_fake_bfl_clear_requests (fake);

  /* Ctrl+Enter, and Ctrl+keypad Enter, are the shortcuts; fire the one Ctrl+Return triggers. */
  g_assert_nonnull (find_shortcut (GTK_WIDGET (fixture->composer), "<Control>KP_Enter"));
  shortcut = find_shortcut (GTK_WIDGET (fixture->composer), "<Control>Return");
  g_assert_nonnull (shortcut);
  g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0,
                                               GTK_WIDGET (_atelier_composer_get_prompt_view (fixture->composer)), NULL));

  g_assert_true (atelier_test_wait_until (submitted, NULL, 10000));
  requests = atelier_fake_bfl_get_requests (fake);
  for (guint i = 0; i < requests->len; i++)
    {
      AtelierFakeRequest *r = g_ptr_array_index (requests, i);

      if (g_str_equal (r->method, "POST") && g_str_equal (r->path, "/v1/flux-2-pro"))
        {
          g_assert_null (request);
          request = r;
        }
    }
  g_assert_nonnull (request);

  b64_1 = atelier_reference_get_base64 (atelier_recipe_get_reference (recipe, 0));
  b64_2 = atelier_reference_get_base64 (atelier_recipe_get_reference (recipe, 1));
  g_assert_false (g_str_has_prefix (b64_1, "data:"));

  expected_text = g_strdup_printf ("{\"prompt\": \"The cat from image 1 in the room from image 2\", "
                                   "\"width\": 1024, \"height\": 1024, "
                                   "\"input_image\": \"%s\", \"input_image_2\": \"%s\", "
                                   "\"safety_tolerance\": 2, \"output_format\": \"jpeg\"}",
                                   b64_1, b64_2);
  expected = json_from_string (expected_text, NULL);
  g_assert_nonnull (expected);
  /* A random seed is drawn by the engine, so the job records it: any integer will do. */
  sent = json_node_copy (request->body);
  g_assert_true (json_object_has_member (json_node_get_object (sent), "seed"));
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (json_node_get_object (sent), "seed")), ==, G_TYPE_INT64);
  json_object_remove_member (json_node_get_object (sent), "seed");
  sent_text = json_to_string (sent, FALSE);
  if (!json_node_equal (expected, sent))
    g_error ("sent %s", sent_text);

  /* The prompt stays for the next iteration. */
  g_assert_cmpstr (atelier_recipe_get_prompt (recipe), ==, "The cat from image 1 in the room from image 2");
}

static AtelierReference *
prepare_reference (const char *name,
                   int         width,
                   int         height)
{
  g_autofree char *path = make_image (name, width, height, 0x80402000);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) bytes = g_file_load_bytes (file, NULL, NULL, NULL);
  g_autoptr(GError) error = NULL;
  AtelierReference *reference;

  reference = atelier_reference_prepare_bytes (bytes, name, 0, NULL, &error);
  g_assert_no_error (error);
  return reference;
}

static void
test_apply_recipe (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(AtelierRecipe) saved = atelier_recipe_new ();
  g_autoptr(AtelierReference) first = prepare_reference ("saved-1.png", 80, 60);
  g_autoptr(AtelierReference) second = prepare_reference ("saved-2.png", 60, 80);
  AtelierReference *refs[] = { first, second };
  AtelierRecipe *recipe = _atelier_composer_get_recipe (fixture->composer);
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (_atelier_composer_get_prompt_view (fixture->composer));
  GtkTextIter start, end;
  g_autofree char *shown = NULL;

  atelier_recipe_set_model_id (saved, "flux-2-flex");
  atelier_recipe_set_prompt (saved, "a lantern in fog, lettering “OPEN”");
  atelier_recipe_set_size (saved, 1536, 1024);
  atelier_recipe_set_seed (saved, 42);
  atelier_recipe_set_number (saved, "steps", 30);
  atelier_recipe_set_number (saved, "safety_tolerance", 4);
  atelier_recipe_set_choice (saved, "output_format", "png");
  atelier_recipe_set_references (saved, refs, G_N_ELEMENTS (refs));

  atelier_composer_apply_recipe (fixture->composer, saved);

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  shown = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (shown, ==, "a lantern in fog, lettering “OPEN”");
  g_assert_cmpstr (atelier_recipe_get_model_id (recipe), ==, "flux-2-flex");
  g_assert_cmpuint (atelier_recipe_get_width (recipe), ==, 1536);
  g_assert_cmpuint (atelier_recipe_get_height (recipe), ==, 1024);
  g_assert_cmpint (atelier_recipe_get_seed (recipe), ==, 42);
  g_assert_cmpstr (reference_name (fixture, 0), ==, "saved-1.png");
  g_assert_cmpstr (reference_name (fixture, 1), ==, "saved-2.png");

  /* What goes out again is what went out before. */
  body = atelier_request_build (atelier_catalog_lookup (atelier_catalog_get_default (), "flux-2-flex"), recipe, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (body), "steps"), ==, 30);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (body), "safety_tolerance"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (body), "output_format"), ==, "png");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (body), "seed"), ==, 42);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (body), "width"), ==, 1536);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (body), "input_image_2"), ==,
                   atelier_reference_get_base64 (second));
}

static void
test_preference_defaults (Fixture       *fixture,
                          gconstpointer  data)
{
  AtelierRecipe *recipe = _atelier_composer_get_recipe (fixture->composer);
  GSettings *settings = atelier_application_get_settings (app);

  g_assert_true (_atelier_composer_select_model (fixture->composer, "flux-2-pro"));
  g_assert_cmpfloat (atelier_recipe_get_number (recipe, "safety_tolerance", -1), ==, 2);
  g_assert_cmpstr (atelier_recipe_get_choice (recipe, "output_format", NULL), ==, "jpeg");

  /* Preferences change the defaults while the window is open; FLUX.2 stops at 5. */
  g_settings_set_int (settings, "safety-tolerance", 6);
  g_settings_set_string (settings, "output-format", "webp");
  g_assert_cmpfloat (atelier_recipe_get_number (recipe, "safety_tolerance", -1), ==, 5);
  g_assert_cmpstr (atelier_recipe_get_choice (recipe, "output_format", NULL), ==, "webp");

  /* Kontext takes 6, and keeps the preference. */
  g_assert_true (_atelier_composer_select_model (fixture->composer, "flux-kontext-pro"));
  g_assert_cmpstr (atelier_recipe_get_choice (recipe, "output_format", NULL), ==, "webp");

  g_settings_reset (settings, "safety-tolerance");
  g_settings_reset (settings, "output-format");
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

static void
test_spend_guard (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) files = make_images (1, 1024, 1024);
  guint submitted_before;
  AdwMessageDialog *dialog;

  g_settings_set_double (atelier_application_get_settings (app), "spend-guard", 5);
  g_settings_set_uint (atelier_application_get_settings (app), "batch-size", 2);
  drop_and_wait (fixture, files, ATELIER_REFERENCE_TRAY_APPEND);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (_atelier_composer_get_prompt_view (fixture->composer)),
                            "an orchard in spring", -1);
  g_assert_cmpstr (_atelier_composer_get_cost_text (fixture->composer), ==, "≈ 9 credits · $0.09");

  /* Above the guard: nothing is sent until the artist says so. */
  submitted_before = atelier_fake_bfl_get_submitted (fake);
  gtk_widget_activate_action (GTK_WIDGET (fixture->composer), "composer.generate", NULL);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "cancel");
  atelier_test_wait_until (never, NULL, 500);
  g_assert_cmpuint (atelier_fake_bfl_get_submitted (fake), ==, submitted_before);

  gtk_widget_activate_action (GTK_WIDGET (fixture->composer), "composer.generate", NULL);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "generate");
  while (atelier_fake_bfl_get_submitted (fake) < submitted_before + 2)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (atelier_fake_bfl_get_submitted (fake), ==, submitted_before + 2);
}

/* Region */

static guint submitted_target;

static gboolean
submitted_to_target (gpointer data)
{
  return atelier_fake_bfl_get_submitted (fake) >= submitted_target;
}

static gboolean
eu_submitted (gpointer data)
{
  return atelier_fake_bfl_get_submitted (ATELIER_FAKE_BFL (data)) > 0;
}

static gboolean
job_is_final (gpointer data)
{
  return atelier_job_state_is_final (atelier_job_get_state (ATELIER_JOB (data)));
}

/* The region is the setting's: changed in Preferences, the composer shows it, the job records it
 * and the request goes to that region's host (here: a second fake standing in for api.eu.bfl.ai). */
static void
test_region_follows_setting (void)
{
  GSettings *settings = atelier_application_get_settings (app);
  AtelierClient *client = atelier_application_get_client (app);
  AtelierLibrary *library = atelier_application_get_library (app);
  g_autoptr(AtelierFakeBfl) fake_eu = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = g_strdup (atelier_client_get_endpoint (client));
  g_autoptr(AtelierJob) job = NULL;
  Fixture fixture;
  guint global_before;

  fake_eu = atelier_fake_bfl_new (0, &error);
  g_assert_no_error (error);
  atelier_fake_bfl_set_task_time (fake_eu, 100);

  /* No custom endpoint: the region decides the host. */
  atelier_client_set_endpoint (client, NULL);
  _atelier_client_set_region_base (client, ATELIER_REGION_GLOBAL, atelier_fake_bfl_get_url (fake));
  _atelier_client_set_region_base (client, ATELIER_REGION_EU, atelier_fake_bfl_get_url (fake_eu));
  g_settings_set_string (settings, "region", "global");

  fixture_set_up (&fixture, NULL);
  g_assert_cmpint (_atelier_composer_get_shown_region (fixture.composer), ==, ATELIER_REGION_GLOBAL);

  /* As the Preferences' region row does. */
  g_settings_set_string (settings, "region", "eu");
  g_assert_cmpint (_atelier_composer_get_shown_region (fixture.composer), ==, ATELIER_REGION_EU);
  g_assert_cmpint (atelier_recipe_get_region (_atelier_composer_get_recipe (fixture.composer)), ==, ATELIER_REGION_EU);

  g_assert_true (_atelier_composer_select_model (fixture.composer, "flux-2-pro"));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (_atelier_composer_get_prompt_view (fixture.composer)),
                            "a lighthouse at dusk", -1);
  g_assert_null (_atelier_composer_get_blocked_reason (fixture.composer));
  global_before = atelier_fake_bfl_get_submitted (fake);
  gtk_widget_activate_action (GTK_WIDGET (fixture.composer), "composer.generate", NULL);
  g_assert_true (atelier_test_wait_until (eu_submitted, fake_eu, 10000));

  g_assert_cmpuint (atelier_fake_bfl_get_submitted (fake_eu), ==, 1);
  g_assert_cmpuint (atelier_fake_bfl_get_submitted (fake), ==, global_before);
  job = g_list_model_get_item (G_LIST_MODEL (library), 0);
  g_assert_cmpstr (atelier_recipe_get_prompt (atelier_job_get_recipe (job)), ==, "a lighthouse at dusk");
  g_assert_cmpint (atelier_recipe_get_region (atelier_job_get_recipe (job)), ==, ATELIER_REGION_EU);
  g_assert_true (atelier_test_wait_until (job_is_final, job, 10000));
  g_assert_cmpint (atelier_job_get_state (job), ==, ATELIER_JOB_READY);

  fixture_tear_down (&fixture, NULL);
  g_settings_reset (settings, "region");
  _atelier_client_set_region_base (client, ATELIER_REGION_GLOBAL, NULL);
  _atelier_client_set_region_base (client, ATELIER_REGION_EU, NULL);
  atelier_client_set_endpoint (client, endpoint);
}

/* Regenerate starts jobs the way Generate does */

static gboolean
dialog_is_up (gpointer data)
{
  return find_message_dialog () != NULL;
}

static gboolean
shows_message (gpointer data)
{
  GtkWidget *window = data;
  AdwToast *toast = atelier_window_get_last_toast (window);

  return toast != NULL && g_strcmp0 (adw_toast_get_title (toast),
                                     "Add an API key in Preferences to generate") == 0;
}

static void
test_regenerate_asks_like_generate (void)
{
  GSettings *settings = atelier_application_get_settings (app);
  AtelierClient *client = atelier_application_get_client (app);
  g_autoptr(AtelierRecipe) recipe = atelier_recipe_new ();
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window;
  AtelierJob *job;
  guint submitted_before;

  /* "No key" is only said once the keyring answered, as for Generate. */
  g_assert_true (atelier_test_wait_until (key_resolved, app, 10000));
  window = GTK_WIDGET (atelier_window_new (app));
  gtk_window_present (GTK_WINDOW (window));

  atelier_recipe_set_model_id (recipe, "flux-2-pro");
  atelier_recipe_set_prompt (recipe, "a quiet harbour at dawn");
  atelier_recipe_set_size (recipe, 1024, 1024);
  jobs = atelier_engine_generate (atelier_application_get_engine (app), recipe, 1, &error);
  g_assert_no_error (error);
  job = g_ptr_array_index (jobs, 0);
  g_assert_true (atelier_test_wait_until (job_is_final, job, 10000));
  g_assert_cmpint (atelier_job_get_state (job), ==, ATELIER_JOB_READY);

  /* Above the spending guard: nothing is sent until the artist says so. */
  g_settings_set_double (settings, "spend-guard", 1);
  submitted_before = atelier_fake_bfl_get_submitted (fake);
  g_assert_true (gtk_widget_activate_action (window, "win.regenerate-job", "s", atelier_job_get_id (job)));
  g_assert_true (atelier_test_wait_until (dialog_is_up, NULL, 10000));
  adw_message_dialog_response (find_message_dialog (), "cancel");
  atelier_test_wait_until (never, NULL, 500);
  g_assert_cmpuint (atelier_fake_bfl_get_submitted (fake), ==, submitted_before);

  g_assert_true (gtk_widget_activate_action (window, "win.regenerate-job", "s", atelier_job_get_id (job)));
  g_assert_true (atelier_test_wait_until (dialog_is_up, NULL, 10000));
  adw_message_dialog_response (find_message_dialog (), "generate");
  submitted_target = submitted_before + 1;
  g_assert_true (atelier_test_wait_until (submitted_to_target, NULL, 10000));
  g_settings_reset (settings, "spend-guard");

  /* Without a key: the message Generate gives, and nothing sent. */
  submitted_before = atelier_fake_bfl_get_submitted (fake);
  atelier_client_set_key (client, NULL);
  g_assert_true (gtk_widget_activate_action (window, "win.regenerate-job", "s", atelier_job_get_id (job)));
  g_assert_true (atelier_test_wait_until (shows_message, window, 10000));
  atelier_test_wait_until (never, NULL, 300);
  g_assert_cmpuint (atelier_fake_bfl_get_submitted (fake), ==, submitted_before);
  atelier_client_set_key (client, ATELIER_FAKE_KEY_VALID);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Fill */

static gboolean
editor_settled (gpointer data)
{
  AtelierMaskEditor *editor = data;

  return !atelier_mask_editor_is_loading (editor) && atelier_mask_editor_get_source (editor) != NULL &&
         gtk_widget_get_width (GTK_WIDGET (editor)) > 0;
}

static gboolean
editor_ready (gpointer data)
{
  return atelier_mask_editor_get_ready (ATELIER_MASK_EDITOR (data));
}

/* "Edit with Fill" from the gallery: Fill is chosen, the picture becomes slot 1 (the editor's
 * source), and the references that were there stay, moved along. */
static void
test_edit_with_fill (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) files = make_images (2, 64, 48);
  g_autofree char *result_path = make_image ("result.png", 320, 240, 0x80a0c0ff);
  g_autoptr(GFile) result = g_file_new_for_path (result_path);
  AtelierMaskEditor *editor;
  AtelierReference *source;

  drop_and_wait (fixture, files, ATELIER_REFERENCE_TRAY_APPEND);
  atelier_composer_edit_with_fill (fixture->composer, result);
  g_assert_true (atelier_test_wait_until (references_loaded, fixture->composer, 20000));

  g_assert_cmpstr (atelier_recipe_get_model_id (_atelier_composer_get_recipe (fixture->composer)), ==,
                   "flux-pro-1.0-fill");
  g_assert_cmpstr (reference_name (fixture, 0), ==, "result.png");
  g_assert_cmpstr (reference_name (fixture, 1), ==, "image-1-64x48.png");
  g_assert_cmpstr (reference_name (fixture, 2), ==, "image-2-64x48.png");

  editor = _atelier_composer_get_mask_editor (fixture->composer);
  g_assert_true (atelier_test_wait_until (editor_settled, editor, 20000));
  source = atelier_mask_editor_get_source (editor);
  g_assert_cmpuint (atelier_reference_get_width (source), ==, 320);
  g_assert_cmpuint (atelier_reference_get_height (source), ==, 240);
  /* Nothing painted yet: Generate says what is missing. */
  g_assert_cmpstr (_atelier_composer_get_blocked_reason (fixture->composer), ==,
                   "Paint over the part to repaint");
}

/* "Expand" from a picture's detail view: Expand is chosen, the picture is slot 1. */
static void
test_expand_picture (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) files = make_images (1, 64, 48);
  g_autofree char *result_path = make_image ("result-to-expand.png", 320, 240, 0x80a0c0ff);
  g_autoptr(GFile) result = g_file_new_for_path (result_path);

  drop_and_wait (fixture, files, ATELIER_REFERENCE_TRAY_APPEND);
  atelier_composer_expand_picture (fixture->composer, result);
  g_assert_true (atelier_test_wait_until (references_loaded, fixture->composer, 20000));

  g_assert_cmpstr (atelier_recipe_get_model_id (_atelier_composer_get_recipe (fixture->composer)), ==,
                   "flux-pro-1.0-expand");
  g_assert_cmpstr (reference_name (fixture, 0), ==, "result-to-expand.png");
  g_assert_cmpstr (reference_name (fixture, 1), ==, "image-1-64x48.png");
  g_assert_cmpstr (gtk_label_get_label (fixture->composer->size_label), ==, "320 × 240 · 0.1 MP");
  g_assert_cmpstr (_atelier_composer_get_blocked_reason (fixture->composer), ==,
                   "Add pixels to at least one side of the image");
}

static GdkPixbuf *
decode_base64 (const char *base64)
{
  gsize length = 0;
  g_autofree guchar *data = g_base64_decode (base64, &length);
  g_autoptr(GBytes) bytes = g_bytes_new (data, length);
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(GError) error = NULL;
  GdkPixbuf *pixbuf = gdk_pixbuf_new_from_stream (stream, NULL, &error);

  g_assert_no_error (error);
  return pixbuf;
}

/* A horizontal stroke through the middle of the canvas, where the fitted image is. */
static void
paint_stroke (AtelierMaskEditor *editor)
{
  double cx = gtk_widget_get_width (GTK_WIDGET (editor)) / 2.0;
  double cy = gtk_widget_get_height (GTK_WIDGET (editor)) / 2.0;
  double image_x = -1, image_y = -1;
  AtelierReference *source = atelier_mask_editor_get_source (editor);

  atelier_mask_editor_canvas_to_image (editor, cx, cy, &image_x, &image_y);
  g_assert_cmpfloat (image_x, >, 0);
  g_assert_cmpfloat (image_x, <, atelier_reference_get_width (source));
  g_assert_cmpfloat (image_y, >, 0);
  g_assert_cmpfloat (image_y, <, atelier_reference_get_height (source));

  atelier_mask_editor_stroke_begin (editor, cx - 20, cy, 1.0);
  atelier_mask_editor_stroke_update (editor, cx, cy + 5, 1.0);
  atelier_mask_editor_stroke_update (editor, cx + 20, cy, 1.0);
  atelier_mask_editor_stroke_end (editor);
}

static AtelierFakeRequest *
find_post (const char *path)
{
  GPtrArray *requests = atelier_fake_bfl_get_requests (fake);
  AtelierFakeRequest *found = NULL;

  for (guint i = 0; i < requests->len; i++)
    {
      AtelierFakeRequest *r = g_ptr_array_index (requests, i);

      if (g_str_equal (r->method, "POST") && g_str_equal (r->path, path))
        {
          g_assert_null (found);
          found = r;
        }
    }

  return found;
}

static gboolean
fill_posted (gpointer data)
{
  return find_post ("/v1/flux-pro-1.0-fill") != NULL;
}

typedef struct
{
  AtelierRecipe *recipe;
  gboolean       done;
} LoadedRecipe;

static void
on_recipe_loaded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  LoadedRecipe *loaded = user_data;
  g_autoptr(GError) error = NULL;

  loaded->recipe = atelier_library_load_recipe_finish (ATELIER_LIBRARY (source), result, &error);
  g_assert_no_error (error);
  loaded->done = TRUE;
}

static void
test_fill_sends_image_and_mask (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GPtrArray) files = make_images (1, 320, 240);
  AtelierMaskEditor *editor = _atelier_composer_get_mask_editor (fixture->composer);
  AtelierReferenceTray *tray = _atelier_composer_get_tray (fixture->composer);
  AtelierLibrary *library = atelier_engine_get_library (atelier_application_get_engine (app));
  g_autoptr(GdkPixbuf) image = NULL;
  g_autoptr(GdkPixbuf) mask = NULL;
  g_autoptr(AtelierJob) job = NULL;
  AtelierFakeRequest *request;
  LoadedRecipe loaded = { NULL, FALSE };
  JsonObject *body;
  AtelierMask *restored;

  /* Choosing Fill puts the mask editor where the reference slots were. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (tray)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (editor)));
  g_assert_true (_atelier_composer_select_model (fixture->composer, "flux-pro-1.0-fill"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (tray)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (editor)));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (_atelier_composer_get_prompt_view (fixture->composer)),
                            "a brass door knocker", -1);

  /* The dropped image becomes the source; until something is painted Generate says what to do. */
  drop_and_wait (fixture, files, ATELIER_REFERENCE_TRAY_APPEND);
  g_assert_true (atelier_test_wait_until (editor_settled, editor, 20000));
  g_assert_cmpstr (atelier_reference_get_name (atelier_mask_editor_get_source (editor)), ==, "image-1-320x240.png");
  g_assert_cmpstr (_atelier_composer_get_blocked_reason (fixture->composer), ==, "Paint over the part to repaint");

  paint_stroke (editor);
  g_assert_true (atelier_test_wait_until (editor_ready, editor, 20000));
  g_assert_null (_atelier_composer_get_blocked_reason (fixture->composer));

  atelier_fake_bfl_clear_requests (fake);
  gtk_widget_activate_action (GTK_WIDGET (fixture->composer), "composer.generate", NULL);
  g_assert_true (atelier_test_wait_until (fill_posted, NULL, 10000));

  /* What reaches the server: the image and a mask of the same size. */
  request = find_post ("/v1/flux-pro-1.0-fill");
  g_assert_nonnull (request);
  body = json_node_get_object (request->body);
  g_assert_true (json_object_has_member (body, "image"));
  g_assert_true (json_object_has_member (body, "mask"));
  image = decode_base64 (json_object_get_string_member (body, "image"));
  mask = decode_base64 (json_object_get_string_member (body, "mask"));
  g_assert_cmpint (gdk_pixbuf_get_width (image), ==, 320);
  g_assert_cmpint (gdk_pixbuf_get_height (image), ==, 240);
  g_assert_cmpint (gdk_pixbuf_get_width (mask), ==, 320);
  g_assert_cmpint (gdk_pixbuf_get_height (mask), ==, 240);

  /* Reuse settings, from the job as the library gives it back, after the composer moved on. */
  job = g_list_model_get_item (G_LIST_MODEL (library), 0);
  g_assert_cmpstr (atelier_recipe_get_model_id (atelier_job_get_recipe (job)), ==, "flux-pro-1.0-fill");
  atelier_library_load_recipe_async (library, job, NULL, on_recipe_loaded, &loaded);
  g_assert_true (atelier_test_wait_for_flag (&loaded.done, 10000));
  g_assert_nonnull (atelier_recipe_get_mask (loaded.recipe));

  g_assert_true (_atelier_composer_select_model (fixture->composer, "flux-2-pro"));
  atelier_reference_tray_set_references (tray, NULL, 0);
  atelier_composer_apply_recipe (fixture->composer, loaded.recipe);
  g_clear_object (&loaded.recipe);

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (editor)));
  g_assert_true (atelier_test_wait_until (editor_settled, editor, 20000));
  restored = atelier_mask_editor_get_mask (editor);
  g_assert_nonnull (restored);
  g_assert_cmpuint (atelier_mask_get_width (restored), ==, 320);
  g_assert_cmpuint (atelier_mask_get_height (restored), ==, 240);
  g_assert_false (atelier_mask_is_empty (restored));
  g_assert_true (atelier_test_wait_until (editor_ready, editor, 20000));
  g_assert_null (_atelier_composer_get_blocked_reason (fixture->composer));
}

/* FLUX.1 Expand: the sides as numbers or a preset, the output size as they change, and the
 * request the fake receives; then Reuse settings brings the exact numbers back. */

static gboolean
expand_posted (gpointer data)
{
  return find_post ("/v1/flux-pro-1.0-expand") != NULL
         && find_post ("/v1/flux-pro-1.0-expand")->task_id != NULL;
}

static const char *
size_text (Fixture *fixture)
{
  return gtk_label_get_label (fixture->composer->size_label);
}

static gboolean
frame_shown (gpointer data)
{
  AtelierExpandFrame *frame = data;

  return gtk_widget_get_mapped (GTK_WIDGET (frame)) && gtk_widget_get_width (GTK_WIDGET (frame)) > 0
         && atelier_expand_frame_get_source (frame) != NULL;
}

/* The frame's handles and the numbers are one value: a drag outwards adds pixels there. */
static void
test_expand_frame_handles (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) files = make_images (1, 320, 240);
  AtelierExpandFrame *frame = fixture->composer->expand_frame;
  AtelierRecipe *recipe = _atelier_composer_get_recipe (fixture->composer);
  guint right, top;

  g_assert_true (_atelier_composer_select_model (fixture->composer, "flux-pro-1.0-expand"));
  drop_and_wait (fixture, files, ATELIER_REFERENCE_TRAY_APPEND);
  g_assert_true (atelier_test_wait_until (frame_shown, frame, 10000));

  g_assert_true (atelier_expand_frame_drag_side (frame, ATELIER_SIDE_RIGHT, 40, 3));
  right = atelier_recipe_get_expand (recipe, ATELIER_SIDE_RIGHT);
  g_assert_cmpuint (right, >, 0);
  g_assert_cmpuint (right % 8, ==, 0);
  g_assert_cmpuint (gtk_adjustment_get_value (fixture->composer->expand_adjustments[ATELIER_SIDE_RIGHT]), ==, right);
  g_assert_cmpuint (atelier_recipe_get_expand (recipe, ATELIER_SIDE_LEFT), ==, 0);

  /* Up is outwards for the top; dragging inwards past the edge stops at nothing added. */
  g_assert_true (atelier_expand_frame_drag_side (frame, ATELIER_SIDE_TOP, 0, -20));
  top = atelier_recipe_get_expand (recipe, ATELIER_SIDE_TOP);
  g_assert_cmpuint (top, >, 0);
  g_assert_true (atelier_expand_frame_drag_side (frame, ATELIER_SIDE_TOP, 0, 500));
  g_assert_cmpuint (atelier_recipe_get_expand (recipe, ATELIER_SIDE_TOP), ==, 0);

  /* A number typed in moves the frame's side. */
  _atelier_composer_set_expand_side (fixture->composer, ATELIER_SIDE_BOTTOM, 96);
  g_assert_cmpuint (atelier_expand_frame_get_side (frame, ATELIER_SIDE_BOTTOM), ==, 96);
  g_assert_null (_atelier_composer_get_blocked_reason (fixture->composer));
}

/* Without a pointer: every handle takes the focus, says which edge it is, and the arrow keys
 * move its side — outwards for more, Shift for bigger steps, and never below nothing added. */
static void
test_expand_frame_keyboard (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) files = make_images (1, 320, 240);
  AtelierExpandFrame *frame = fixture->composer->expand_frame;
  AtelierRecipe *recipe = _atelier_composer_get_recipe (fixture->composer);
  const char *names[ATELIER_N_SIDES] = { "Top edge", "Bottom edge", "Left edge", "Right edge" };

  g_assert_true (_atelier_composer_select_model (fixture->composer, "flux-pro-1.0-expand"));
  drop_and_wait (fixture, files, ATELIER_REFERENCE_TRAY_APPEND);
  g_assert_true (atelier_test_wait_until (frame_shown, frame, 10000));

  for (guint side = 0; side < ATELIER_N_SIDES; side++)
    {
      GtkWidget *handle = atelier_expand_frame_get_handle (frame, side);

      g_assert_true (gtk_widget_get_focusable (handle));
      g_assert_true (gtk_widget_get_mapped (handle));
      gtk_test_accessible_assert_role (GTK_ACCESSIBLE (handle), GTK_ACCESSIBLE_ROLE_SLIDER);
      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (handle), GTK_ACCESSIBLE_PROPERTY_LABEL, names[side]);
    }

  /* Up is outwards for the top: one step is the 8 px a drag snaps to. */
  g_assert_true (atelier_expand_frame_press_key (frame, ATELIER_SIDE_TOP, GDK_KEY_Up, 0));
  g_assert_true (gtk_widget_has_focus (atelier_expand_frame_get_handle (frame, ATELIER_SIDE_TOP)));
  g_assert_cmpuint (atelier_recipe_get_expand (recipe, ATELIER_SIDE_TOP), ==, 8);
  g_assert_cmpuint (gtk_adjustment_get_value (fixture->composer->expand_adjustments[ATELIER_SIDE_TOP]), ==, 8);
  g_assert_true (atelier_expand_frame_press_key (frame, ATELIER_SIDE_TOP, GDK_KEY_Up, GDK_SHIFT_MASK));
  g_assert_cmpuint (atelier_recipe_get_expand (recipe, ATELIER_SIDE_TOP), ==, 72);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (atelier_expand_frame_get_handle (frame, ATELIER_SIDE_TOP)),
                                       GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, 72.0);
  g_assert_true (atelier_expand_frame_press_key (frame, ATELIER_SIDE_TOP, GDK_KEY_Down, GDK_SHIFT_MASK));
  g_assert_true (atelier_expand_frame_press_key (frame, ATELIER_SIDE_TOP, GDK_KEY_Down, GDK_SHIFT_MASK));
  g_assert_cmpuint (atelier_recipe_get_expand (recipe, ATELIER_SIDE_TOP), ==, 0);
  /* Across the side the arrows are left to move the focus. */
  g_assert_false (atelier_expand_frame_press_key (frame, ATELIER_SIDE_TOP, GDK_KEY_Left, 0));

  /* Left is outwards for the left side, right for the right; a typed value off the grid
   * comes back onto it with the first step. */
  g_assert_true (atelier_expand_frame_press_key (frame, ATELIER_SIDE_LEFT, GDK_KEY_Left, 0));
  g_assert_cmpuint (atelier_recipe_get_expand (recipe, ATELIER_SIDE_LEFT), ==, 8);
  _atelier_composer_set_expand_side (fixture->composer, ATELIER_SIDE_RIGHT, 13);
  g_assert_true (atelier_expand_frame_press_key (frame, ATELIER_SIDE_RIGHT, GDK_KEY_Left, 0));
  g_assert_cmpuint (atelier_recipe_get_expand (recipe, ATELIER_SIDE_RIGHT), ==, 8);
  g_assert_true (atelier_expand_frame_press_key (frame, ATELIER_SIDE_BOTTOM, GDK_KEY_End, 0));
  g_assert_cmpuint (atelier_recipe_get_expand (recipe, ATELIER_SIDE_BOTTOM), ==, 2048);
  g_assert_null (_atelier_composer_get_blocked_reason (fixture->composer));
}

static void
test_expand_sends_sides (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) files = make_images (1, 320, 240);
  AtelierRecipe *recipe = _atelier_composer_get_recipe (fixture->composer);
  AtelierLibrary *library = atelier_engine_get_library (atelier_application_get_engine (app));
  g_autoptr(GdkPixbuf) image = NULL;
  g_autoptr(AtelierJob) job = NULL;
  AtelierFakeRequest *request;
  LoadedRecipe loaded = { NULL, FALSE };
  JsonObject *body;

  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fixture->composer->expand_preset_row)));
  g_assert_true (_atelier_composer_select_model (fixture->composer, "flux-pro-1.0-expand"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->composer->expand_preset_row)));
  for (guint i = 0; i < ATELIER_N_SIDES; i++)
    g_assert_true (gtk_widget_get_visible (fixture->composer->expand_rows[i]));
  /* Not Fill: the tray stays, slot 1 is the source. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (_atelier_composer_get_tray (fixture->composer))));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fixture->composer->latest_weights_row)));

  drop_and_wait (fixture, files, ATELIER_REFERENCE_TRAY_APPEND);
  /* Nothing added yet: the size is the source's, and Generate says what is missing. */
  g_assert_cmpstr (size_text (fixture), ==, "320 × 240 · 0.1 MP");
  g_assert_cmpstr (_atelier_composer_get_blocked_reason (fixture->composer), ==,
                   "Add pixels to at least one side of the image");

  /* "To 16:9" widens a 4:3 picture by 107 pixels, split left and right; the size follows. */
  g_assert_true (_atelier_composer_set_expand_preset (fixture->composer, "16:9"));
  g_assert_cmpuint (atelier_recipe_get_expand (recipe, ATELIER_SIDE_LEFT), ==, 53);
  g_assert_cmpuint (atelier_recipe_get_expand (recipe, ATELIER_SIDE_RIGHT), ==, 54);
  g_assert_cmpuint (atelier_recipe_get_expand (recipe, ATELIER_SIDE_TOP), ==, 0);
  g_assert_cmpstr (size_text (fixture), ==, "427 × 240 · 0.1 MP");
  g_assert_true (_atelier_composer_set_expand_preset (fixture->composer, "1:1"));
  g_assert_cmpuint (atelier_recipe_get_expand (recipe, ATELIER_SIDE_TOP), ==, 40);
  g_assert_cmpuint (atelier_recipe_get_expand (recipe, ATELIER_SIDE_BOTTOM), ==, 40);
  g_assert_cmpuint (atelier_recipe_get_expand (recipe, ATELIER_SIDE_LEFT), ==, 0);
  g_assert_cmpstr (size_text (fixture), ==, "320 × 320 · 0.1 MP");

  /* A number typed by hand: the preset gives way to it. */
  _atelier_composer_set_expand_side (fixture->composer, ATELIER_SIDE_RIGHT, 512);
  g_assert_cmpuint (gtk_drop_down_get_selected (fixture->composer->expand_preset_dropdown), ==, 0);
  g_assert_cmpstr (size_text (fixture), ==, "832 × 320 · 0.3 MP");
  g_assert_null (_atelier_composer_get_blocked_reason (fixture->composer));
  g_assert_cmpstr (_atelier_composer_get_cost_text (fixture->composer), ==, "≈ 5 credits · $0.05");

  atelier_fake_bfl_clear_requests (fake);
  gtk_widget_activate_action (GTK_WIDGET (fixture->composer), "composer.generate", NULL);
  g_assert_true (atelier_test_wait_until (expand_posted, NULL, 10000));

  /* What the server got: the source, the four sides, no prompt; and what it made and billed. */
  request = find_post ("/v1/flux-pro-1.0-expand");
  body = json_node_get_object (request->body);
  g_assert_false (json_object_has_member (body, "prompt"));
  g_assert_false (json_object_has_member (body, "mask"));
  g_assert_cmpint (json_object_get_int_member (body, "top"), ==, 40);
  g_assert_cmpint (json_object_get_int_member (body, "bottom"), ==, 40);
  g_assert_cmpint (json_object_get_int_member (body, "left"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (body, "right"), ==, 512);
  image = decode_base64 (json_object_get_string_member (body, "image"));
  g_assert_cmpint (gdk_pixbuf_get_width (image), ==, 320);
  g_assert_cmpint (gdk_pixbuf_get_height (image), ==, 240);
  g_assert_cmpuint (request->out_width, ==, 832);
  g_assert_cmpuint (request->out_height, ==, 320);
  g_assert_cmpfloat_with_epsilon (request->cost, 5, 1e-9);

  /* Reuse settings after the composer moved on: the same numbers, by hand, not a preset. */
  job = g_list_model_get_item (G_LIST_MODEL (library), 0);
  atelier_library_load_recipe_async (library, job, NULL, on_recipe_loaded, &loaded);
  g_assert_true (atelier_test_wait_for_flag (&loaded.done, 10000));
  g_assert_true (_atelier_composer_select_model (fixture->composer, "flux-2-pro"));
  atelier_reference_tray_set_references (_atelier_composer_get_tray (fixture->composer), NULL, 0);
  for (guint i = 0; i < ATELIER_N_SIDES; i++)
    atelier_recipe_set_expand (recipe, i, 0);
  atelier_composer_apply_recipe (fixture->composer, loaded.recipe);
  g_clear_object (&loaded.recipe);
  g_assert_true (atelier_test_wait_until (references_loaded, fixture->composer, 20000));

  g_assert_cmpstr (atelier_recipe_get_model_id (recipe), ==, "flux-pro-1.0-expand");
  g_assert_cmpuint (atelier_recipe_get_expand (recipe, ATELIER_SIDE_TOP), ==, 40);
  g_assert_cmpuint (atelier_recipe_get_expand (recipe, ATELIER_SIDE_RIGHT), ==, 512);
  g_assert_cmpuint (gtk_adjustment_get_value (fixture->composer->expand_adjustments[ATELIER_SIDE_RIGHT]), ==, 512);
  g_assert_cmpstr (size_text (fixture), ==, "832 × 320 · 0.3 MP");
}

/* The latest weights: only where the catalog has them, off at first, to the preview path, and
 * back on after Reuse settings of a job made with them. */
static gboolean
preview_posted (gpointer data)
{
  return find_post ("/v1/flux-2-klein-9b-preview") != NULL;
}

static void
test_latest_weights_switch (Fixture       *fixture,
                            gconstpointer  data)
{
  AtelierComposer *composer = fixture->composer;
  AtelierRecipe *recipe = _atelier_composer_get_recipe (composer);
  AtelierLibrary *library = atelier_engine_get_library (atelier_application_get_engine (app));
  g_autoptr(AtelierJob) job = NULL;
  LoadedRecipe loaded = { NULL, FALSE };

  g_assert_true (_atelier_composer_select_model (composer, "flux-2-max"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (composer->latest_weights_row)));
  g_assert_true (_atelier_composer_select_model (composer, "flux-2-klein-9b"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (composer->latest_weights_row)));
  g_assert_false (gtk_switch_get_active (composer->latest_weights_switch));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (composer->latest_weights_row)), ==,
                   "Latest weights (preview)");

  gtk_switch_set_active (composer->latest_weights_switch, TRUE);
  g_assert_true (atelier_recipe_get_latest_weights (recipe));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (_atelier_composer_get_prompt_view (composer)),
                            "a paper boat", -1);
  atelier_fake_bfl_clear_requests (fake);
  gtk_widget_activate_action (GTK_WIDGET (composer), "composer.generate", NULL);
  g_assert_true (atelier_test_wait_until (preview_posted, NULL, 10000));
  g_assert_null (find_post ("/v1/flux-2-klein-9b"));

  /* Reuse settings brings the switch back on, after it was turned off. */
  job = g_list_model_get_item (G_LIST_MODEL (library), 0);
  g_assert_true (atelier_recipe_get_latest_weights (atelier_job_get_recipe (job)));
  gtk_switch_set_active (composer->latest_weights_switch, FALSE);
  g_assert_true (_atelier_composer_select_model (composer, "flux-2-pro"));
  atelier_library_load_recipe_async (library, job, NULL, on_recipe_loaded, &loaded);
  g_assert_true (atelier_test_wait_for_flag (&loaded.done, 10000));
  atelier_composer_apply_recipe (composer, loaded.recipe);
  g_clear_object (&loaded.recipe);
  g_assert_cmpstr (atelier_recipe_get_model_id (recipe), ==, "flux-2-klein-9b");
  g_assert_true (gtk_switch_get_active (composer->latest_weights_switch));
  g_assert_true (atelier_recipe_get_latest_weights (recipe));
  g_assert_cmpstr (atelier_request_get_path (atelier_catalog_lookup (atelier_catalog_get_default (), "flux-2-klein-9b"),
                                             recipe), ==, "flux-2-klein-9b-preview");
}

/* In a real window, Fill's editor and Expand's frame move to the main area, where the gallery
 * is, at the window's size; closing the canvas shows the gallery and keeps source and mask. */

static gboolean
canvas_is (gpointer data)
{
  GtkWidget **pair = data;

  return atelier_window_get_canvas (ATELIER_WINDOW (pair[0])) == pair[1];
}

static gboolean
widget_visible (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (data));
}

static void
test_canvas_in_main_area (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) files = make_images (1, 320, 240);
  AtelierWindow *window = atelier_window_new (app);
  AtelierComposer *composer = NULL;
  AtelierMaskEditor *editor;
  GtkWidget *pair[2];
  AtelierMask *mask;

  gtk_window_set_default_size (GTK_WINDOW (window), 1300, 860);
  gtk_window_present (GTK_WINDOW (window));
  composer = ATELIER_COMPOSER (atelier_test_find_widget (GTK_WIDGET (window), ATELIER_TYPE_COMPOSER));
  g_assert_nonnull (composer);
  editor = _atelier_composer_get_mask_editor (composer);
  g_assert_null (atelier_window_get_canvas (window));
  g_assert_true (gtk_widget_is_ancestor (GTK_WIDGET (editor), GTK_WIDGET (composer)));

  /* Fill: the editor leaves the composer for the main area, which shows it. */
  g_assert_true (_atelier_composer_select_model (composer, "flux-pro-1.0-fill"));
  g_assert_true (atelier_window_get_canvas (window) == GTK_WIDGET (editor));
  g_assert_false (gtk_widget_is_ancestor (GTK_WIDGET (editor), GTK_WIDGET (composer)));
  g_assert_true (atelier_window_get_canvas_shown (window));

  _atelier_composer_drop_files (composer, (GFile **) files->pdata, files->len, ATELIER_REFERENCE_TRAY_APPEND);
  g_assert_true (atelier_test_wait_until (references_loaded, composer, 20000));
  g_assert_true (atelier_test_wait_until (editor_settled, editor, 20000));
  /* At the window's size, not the side panel's. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (editor)), >, 600);
  paint_stroke (editor);
  g_assert_true (atelier_test_wait_until (editor_ready, editor, 20000));

  /* Back to the gallery: nothing lost, and the canvas comes back with the same mask. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.close-canvas", NULL));
  g_assert_false (atelier_window_get_canvas_shown (window));
  mask = atelier_mask_editor_get_mask (editor);
  g_assert_nonnull (mask);
  g_assert_false (atelier_mask_is_empty (mask));
  g_assert_cmpstr (atelier_reference_get_name (atelier_mask_editor_get_source (editor)), ==, "image-1-320x240.png");
  g_assert_null (_atelier_composer_get_blocked_reason (composer));
  /* Out of sight, the composer offers the way back to it. */
  g_assert_true (atelier_test_wait_until (widget_visible, composer->show_canvas_button, 5000));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer->show_canvas_button), "win.show-canvas", NULL));
  g_assert_true (atelier_window_get_canvas_shown (window));
  g_assert_true (atelier_mask_editor_get_mask (editor) == mask);

  /* Expand lends its frame instead; another model takes everything home. */
  g_assert_true (_atelier_composer_select_model (composer, "flux-pro-1.0-expand"));
  pair[0] = GTK_WIDGET (window);
  pair[1] = GTK_WIDGET (composer->expand_frame);
  g_assert_true (atelier_test_wait_until (canvas_is, pair, 5000));
  g_assert_true (gtk_widget_is_ancestor (GTK_WIDGET (editor), GTK_WIDGET (composer)));
  g_assert_false (gtk_widget_get_visible (composer->expand_frame_row));
  g_assert_true (_atelier_composer_select_model (composer, "flux-2-pro"));
  g_assert_null (atelier_window_get_canvas (window));
  g_assert_false (atelier_window_get_canvas_shown (window));
  g_assert_true (gtk_widget_is_ancestor (GTK_WIDGET (composer->expand_frame), GTK_WIDGET (composer)));
  g_assert_false (gtk_widget_get_visible (composer->show_canvas_button));

  /* "Expand" on a picture (win.expand-job does this with the job's image) brings its canvas
   * forward, from the gallery too. */
  {
    atelier_window_show_gallery (window);
    atelier_composer_expand_picture (composer, g_ptr_array_index (files, 0));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-canvas", NULL));
    g_assert_true (atelier_window_get_canvas (window) == GTK_WIDGET (composer->expand_frame));
    g_assert_true (atelier_window_get_canvas_shown (window));
    g_assert_cmpstr (atelier_recipe_get_model_id (_atelier_composer_get_recipe (composer)), ==, "flux-pro-1.0-expand");
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Settings in a dropped image */

static gboolean
has_toast (gpointer data)
{
  return _atelier_composer_get_last_toast (data) != NULL;
}

static AtelierComposer *toast_composer;

/* A toast with a button other than `data` (the one already seen). */
static gboolean
has_new_toast (gpointer data)
{
  AdwToast *toast = _atelier_composer_get_last_toast (toast_composer);

  return toast != NULL && toast != data;
}

static char *
make_image_with_settings (const char *name)
{
  g_autofree char *plain = make_image ("plain-for-settings.png", 48, 32, 0x30609000);
  g_autofree char *path = g_build_filename (atelier_test_get_tmp_dir (), name, NULL);
  g_autoptr(AtelierRecipe) recipe = atelier_recipe_new ();
  g_autoptr(AtelierJob) job = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GBytes) tagged = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *settings = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  atelier_recipe_set_model_id (recipe, "flux-2-flex");
  atelier_recipe_set_prompt (recipe, "a heron on one leg, ink wash");
  atelier_recipe_set_size (recipe, 1024, 768);
  atelier_recipe_set_seed (recipe, 777);
  job = atelier_job_new (recipe);
  _atelier_job_set_seed (job, 777);
  settings = atelier_image_metadata_settings_for_job (job);

  g_assert_true (g_file_get_contents (plain, &contents, &length, NULL));
  png = g_bytes_new_take (g_steal_pointer (&contents), length);
  tagged = atelier_image_metadata_write (png, settings, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (tagged, NULL), g_bytes_get_size (tagged), NULL));
  return g_steal_pointer (&path);
}

static void
test_prompt_drop_restores_settings (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GPtrArray) references = make_images (1, 40, 40);
  g_autofree char *path = make_image_with_settings ("heron.png");
  g_autoptr(GFile) tagged = g_file_new_for_path (path);
  g_autofree char *plain_path = make_image ("plain-dropped.png", 36, 36, 0x10101000);
  g_autoptr(GFile) plain = g_file_new_for_path (plain_path);
  AtelierRecipe *recipe = _atelier_composer_get_recipe (fixture->composer);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (_atelier_composer_get_prompt_view (fixture->composer));
  AtelierReferenceTray *tray = _atelier_composer_get_tray (fixture->composer);
  AdwToast *toast;
  GtkTextIter start, end;
  g_autofree char *shown = NULL;

  toast_composer = fixture->composer;
  drop_and_wait (fixture, references, ATELIER_REFERENCE_TRAY_APPEND);
  gtk_text_buffer_set_text (buffer, "something else", -1);

  /* The image carries settings: a toast offers them, nothing changes until Restore. */
  _atelier_composer_drop_on_prompt (fixture->composer, &tagged, 1);
  g_assert_true (atelier_test_wait_until (has_toast, fixture->composer, 10000));
  toast = _atelier_composer_get_last_toast (fixture->composer);
  g_assert_cmpstr (adw_toast_get_title (toast), ==, "This image carries its generation settings");
  g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "_Restore");
  g_assert_cmpstr (atelier_recipe_get_prompt (recipe), ==, "something else");
  g_assert_cmpuint (atelier_reference_tray_get_n_filled (tray), ==, 1);

  g_signal_emit_by_name (toast, "button-clicked");
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  shown = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (shown, ==, "a heron on one leg, ink wash");
  g_assert_cmpstr (atelier_recipe_get_model_id (recipe), ==, "flux-2-flex");
  g_assert_cmpint (atelier_recipe_get_seed (recipe), ==, 777);
  g_assert_cmpuint (atelier_recipe_get_width (recipe), ==, 1024);
  g_assert_cmpuint (atelier_recipe_get_height (recipe), ==, 768);
  /* The image names no references: the one in the slots stays. */
  g_assert_cmpstr (reference_name (fixture, 0), ==, "image-1-40x40.png");

  /* An image without settings dropped on the prompt goes to the next free slot. */
  _atelier_composer_drop_on_prompt (fixture->composer, &plain, 1);
  g_assert_true (atelier_test_wait_until (has_new_toast, toast, 1000) == FALSE);
  g_assert_true (atelier_test_wait_until (references_loaded, fixture->composer, 20000));
  g_assert_cmpuint (atelier_reference_tray_get_n_filled (tray), ==, 2);
  g_assert_cmpstr (reference_name (fixture, 1), ==, "plain-dropped.png");
  g_assert_true (_atelier_composer_get_last_toast (fixture->composer) == toast);
}

/* Vary */

static guint
count_submits_since (guint       first,
                     GPtrArray **bodies)
{
  GPtrArray *requests = atelier_fake_bfl_get_requests (fake);
  guint n = 0;

  for (guint i = first; i < requests->len; i++)
    {
      AtelierFakeRequest *request = g_ptr_array_index (requests, i);

      if (g_str_equal (request->method, "POST") && request->body != NULL && request->status == 200)
        {
          JsonObject *body = json_node_get_object (request->body);

          n++;
          if (bodies != NULL)
            g_ptr_array_add (*bodies, g_strdup_printf ("%s|%s|%" G_GINT64_FORMAT, request->path,
                                                       json_object_get_string_member (body, "prompt"),
                                                       json_object_get_int_member_with_default (body, "seed", -1)));
        }
    }
  return n;
}

static guint vary_first;
static guint vary_expected;

static gboolean
vary_all_submitted (gpointer data)
{
  return count_submits_since (vary_first, NULL) >= vary_expected;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

/* Generate and the requests that reached the fake: "path|prompt|seed", sorted. */
static GPtrArray *
generate_set (Fixture *fixture,
              guint    expected)
{
  GPtrArray *bodies = g_ptr_array_new_with_free_func (g_free);

  vary_first = atelier_fake_bfl_get_requests (fake)->len;
  vary_expected = expected;
  gtk_widget_activate_action (GTK_WIDGET (fixture->composer), "composer.generate", NULL);
  g_assert_true (atelier_test_wait_until (vary_all_submitted, NULL, 20000));
  atelier_test_wait_until (never, NULL, 300);
  g_assert_cmpuint (count_submits_since (vary_first, &bodies), ==, expected);
  g_ptr_array_sort (bodies, compare_strings);
  return bodies;
}

/* The newest set in the library, laid out as the grid shows it: "rows|columns", each list joined
 * by ", ". */
static char *
grid_labels (void)
{
  AtelierLibrary *library = atelier_application_get_library (app);
  g_autoptr(AtelierJob) newest = g_list_model_get_item (G_LIST_MODEL (library), 0);
  GtkWidget *grid = g_object_ref_sink (atelier_variation_grid_new ());
  g_autoptr(GString) text = g_string_new (NULL);
  AtelierVariationGrid *self = ATELIER_VARIATION_GRID (grid);

  g_assert_nonnull (atelier_job_get_set_id (newest));
  atelier_variation_grid_set_library (self, library);
  atelier_variation_grid_set_set_id (self, atelier_job_get_set_id (newest));
  for (guint i = 0; i < atelier_variation_grid_get_n_rows (self); i++)
    g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", atelier_variation_grid_get_row_label (self, i));
  g_string_append_c (text, '|');
  for (guint i = 0; i < atelier_variation_grid_get_n_columns (self); i++)
    g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", atelier_variation_grid_get_column_label (self, i));
  g_object_unref (grid);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_vary_models (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (_atelier_composer_get_prompt_view (fixture->composer));
  g_autoptr(GPtrArray) files = make_images (5, 64, 64);
  g_autoptr(GPtrArray) sent = NULL;
  g_auto(GStrv) parts = NULL;

  g_assert_true (_atelier_composer_select_model (fixture->composer, "flux-2-pro"));
  g_assert_true (_atelier_composer_set_size_preset (fixture->composer, "1:1", 1));
  gtk_text_buffer_set_text (buffer, "a lighthouse", -1);
  _atelier_composer_set_vary (fixture->composer, VARY_MODELS);
  /* The model in use is chosen to start with. */
  g_assert_cmpstr (_atelier_composer_get_vary_subtitle (fixture->composer), ==, "1 chosen");
  g_assert_true (_atelier_composer_choose_vary_model (fixture->composer, "flux-2-klein-9b", TRUE));
  g_assert_true (_atelier_composer_choose_vary_model (fixture->composer, "flux-2-max", TRUE));
  g_assert_cmpstr (_atelier_composer_get_vary_subtitle (fixture->composer), ==, "3 chosen");
  /* Fill and Expand cannot be compared: they are not offered. */
  g_assert_false (_atelier_composer_choose_vary_model (fixture->composer, "flux-pro-1.0-fill", TRUE));

  /* The total is the sum of each model's price; the tooltip lists them. */
  g_assert_cmpstr (_atelier_composer_get_cost_text (fixture->composer), ==, "≈ 11.5 credits · $0.115");
  g_assert_nonnull (strstr (_atelier_composer_get_cost_tooltip (fixture->composer), "FLUX.2 [max]"));
  g_assert_nonnull (strstr (_atelier_composer_get_cost_tooltip (fixture->composer), "≈ 7 credits"));
  g_assert_nonnull (strstr (_atelier_composer_get_cost_tooltip (fixture->composer), "≈ 1.5 credits"));

  /* Five references are too many for klein 9B: a refusal naming it, before anything is sent. */
  drop_and_wait (fixture, files, ATELIER_REFERENCE_TRAY_APPEND);
  g_assert_nonnull (strstr (_atelier_composer_get_blocked_reason (fixture->composer), "FLUX.2 [klein] 9B takes at most 4"));
  atelier_reference_tray_set_references (_atelier_composer_get_tray (fixture->composer), NULL, 0);
  g_assert_null (_atelier_composer_get_blocked_reason (fixture->composer));

  sent = generate_set (fixture, 3);
  parts = g_strsplit (g_ptr_array_index (sent, 0), "|", 3);
  g_assert_cmpstr (parts[0], ==, "/v1/flux-2-klein-9b");
  g_assert_cmpstr (parts[1], ==, "a lighthouse");
  {
    g_autofree char *max = g_strdup_printf ("/v1/flux-2-max|a lighthouse|%s", parts[2]);
    g_autofree char *pro = g_strdup_printf ("/v1/flux-2-pro|a lighthouse|%s", parts[2]);

    /* The same seed on every model. */
    g_assert_cmpstr (g_ptr_array_index (sent, 1), ==, max);
    g_assert_cmpstr (g_ptr_array_index (sent, 2), ==, pro);
  }
  {
    /* The grid: a row per model in the order they were sent, one column for the seed they share. */
    g_autofree char *labels = grid_labels ();
    g_autofree char *expected = g_strdup_printf ("FLUX.2 [pro], FLUX.2 [max], FLUX.2 [klein] 9B|Seed %s", parts[2]);

    g_assert_cmpstr (labels, ==, expected);
  }
  _atelier_composer_set_vary (fixture->composer, VARY_SEEDS);
}

static void
test_vary_prompts (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (_atelier_composer_get_prompt_view (fixture->composer));
  g_autoptr(GPtrArray) sent = NULL;

  g_assert_true (_atelier_composer_select_model (fixture->composer, "flux-2-klein-4b"));
  g_assert_true (_atelier_composer_set_size_preset (fixture->composer, "1:1", 1));
  _atelier_composer_set_vary (fixture->composer, VARY_PROMPTS);
  gtk_text_buffer_set_text (buffer, "a {red|blue} fox in {snow|rain}", -1);
  g_assert_cmpstr (_atelier_composer_get_vary_subtitle (fixture->composer), ==, "4 prompts");
  g_assert_cmpstr (_atelier_composer_get_vary_preview (fixture->composer), ==,
                   "1. a red fox in snow\n2. a red fox in rain\n3. a blue fox in snow\n4. a blue fox in rain");
  g_assert_cmpstr (_atelier_composer_get_cost_text (fixture->composer), ==, "≈ 5.6 credits · $0.056");

  /* An unbalanced brace: a message, Generate waits, nothing crashes. */
  gtk_text_buffer_set_text (buffer, "a {red|blue fox", -1);
  g_assert_nonnull (strstr (_atelier_composer_get_blocked_reason (fixture->composer), "never closed"));
  g_assert_nonnull (strstr (_atelier_composer_get_vary_subtitle (fixture->composer), "never closed"));

  gtk_text_buffer_set_text (buffer, "a {red|blue} fox \\{sic\\}", -1);
  g_assert_null (_atelier_composer_get_blocked_reason (fixture->composer));
  sent = generate_set (fixture, 2);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (sent, 0), "/v1/flux-2-klein-4b|a blue fox {sic}|"));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (sent, 1), "/v1/flux-2-klein-4b|a red fox {sic}|"));
  {
    g_autofree char *labels = grid_labels ();
    g_auto(GStrv) seed = g_strsplit (g_ptr_array_index (sent, 0), "|", 3);
    g_autofree char *expected = g_strdup_printf ("red, blue|Seed %s", seed[2]);

    /* A row per variant, the seed they share as the column. */
    g_assert_cmpstr (labels, ==, expected);
  }
  _atelier_composer_set_vary (fixture->composer, VARY_SEEDS);
}

static void
test_vary_seeds (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (_atelier_composer_get_prompt_view (fixture->composer));
  g_autoptr(GPtrArray) sent = NULL;

  g_assert_true (_atelier_composer_select_model (fixture->composer, "flux-2-klein-4b"));
  g_assert_true (_atelier_composer_set_size_preset (fixture->composer, "1:1", 1));
  g_settings_set_uint (atelier_application_get_settings (app), "batch-size", 3);
  _atelier_composer_set_vary (fixture->composer, VARY_SEEDS);
  gtk_text_buffer_set_text (buffer, "a {literal} fox", -1);
  g_assert_cmpstr (_atelier_composer_get_cost_text (fixture->composer), ==, "≈ 4.2 credits · $0.042");
  sent = generate_set (fixture, 3);
  /* Seeds vary and the prompt is sent as typed: braces only mean something under Prompt variants. */
  for (guint i = 0; i < sent->len; i++)
    g_assert_true (g_str_has_prefix (g_ptr_array_index (sent, i), "/v1/flux-2-klein-4b|a {literal} fox|"));
  g_assert_cmpstr (g_ptr_array_index (sent, 0), !=, g_ptr_array_index (sent, 1));
  {
    g_autofree char *labels = grid_labels ();
    g_auto(GStrv) columns = g_strsplit (labels, ", ", -1);

    /* One row (the model), a column per seed. */
    g_assert_true (g_str_has_prefix (labels, "FLUX.2 [klein] 4B|Seed "));
    g_assert_cmpuint (g_strv_length (columns), ==, 3);
  }
}

/* A new reference cap */

static void
test_reference_cap_prepares_again (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GPtrArray) files = make_images (1, 2000, 2000);
  GSettings *settings = atelier_application_get_settings (app);
  AtelierRecipe *recipe = _atelier_composer_get_recipe (fixture->composer);
  AtelierReferenceSlot *slot = _atelier_composer_get_slot (fixture->composer, 0);
  AtelierReference *reference;
  g_autofree char *cost_before = NULL;

  g_settings_set_string (settings, "reference-cap", "4mp");
  g_assert_true (_atelier_composer_select_model (fixture->composer, "flux-2-pro"));
  drop_and_wait (fixture, files, ATELIER_REFERENCE_TRAY_APPEND);
  reference = atelier_recipe_get_reference (recipe, 0);
  g_assert_cmpuint (atelier_reference_get_width (reference), ==, 2000);
  cost_before = g_strdup (_atelier_composer_get_cost_text (fixture->composer));

  g_settings_set_string (settings, "reference-cap", "1mp");
  /* The slot shows its spinner while the picture is prepared again. */
  g_assert_true (atelier_reference_slot_is_loading (slot));
  g_assert_true (atelier_test_wait_until (references_loaded, fixture->composer, 20000));

  reference = atelier_recipe_get_reference (recipe, 0);
  g_assert_cmpstr (atelier_reference_get_name (reference), ==, "image-1-2000x2000.png");
  g_assert_cmpuint ((guint64) atelier_reference_get_width (reference) * atelier_reference_get_height (reference),
                    <=, 1024 * 1024);
  g_assert_true (atelier_reference_slot_get_reference (slot) == reference);
  g_assert_cmpstr (_atelier_composer_get_cost_text (fixture->composer), !=, cost_before);

  g_settings_reset (settings, "reference-cap");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  atelier_test_init (&argc, &argv);
  /* As G_DEBUG=fatal-warnings: a warning (a GTK template or CSS mistake) fails the test. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  /* GTK's own accessibility backend for tests, so that names and values can be read back
   * (no bus, unlike AT-SPI). */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_init ();
  adw_init ();

  atelier_test_app_start_for_widgets (&fake, &app);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/composer/drop-nine-fills-eight", test_drop_nine);
  ADD ("/composer/drop-on-slot-and-reorder", test_drop_on_slot);
  ADD ("/composer/drop-text-file-refused", test_drop_text_file);
  ADD ("/composer/klein-keeps-eight-sends-four", test_klein_keeps_references);
  ADD ("/composer/generate-reasons", test_generate_reasons);
  ADD ("/composer/cost-table", test_cost_table);
  ADD ("/composer/ctrl-enter-sends-body", test_ctrl_enter_sends);
  ADD ("/composer/spend-guard-asks-first", test_spend_guard);
  ADD ("/composer/apply-recipe", test_apply_recipe);
  ADD ("/composer/preference-defaults", test_preference_defaults);
  ADD ("/composer/fill-sends-image-and-mask", test_fill_sends_image_and_mask);
  ADD ("/composer/edit-with-fill", test_edit_with_fill);
  ADD ("/composer/prompt-drop-restores-settings", test_prompt_drop_restores_settings);
  ADD ("/composer/reference-cap-prepares-again", test_reference_cap_prepares_again);
  ADD ("/composer/expand-sends-sides", test_expand_sends_sides);
  ADD ("/composer/expand-frame-handles", test_expand_frame_handles);
  ADD ("/composer/expand-frame-keyboard", test_expand_frame_keyboard);
  ADD ("/composer/expand-picture", test_expand_picture);
  ADD ("/composer/canvas-in-main-area", test_canvas_in_main_area);
  ADD ("/composer/latest-weights-switch", test_latest_weights_switch);
  ADD ("/composer/vary-models", test_vary_models);
  ADD ("/composer/vary-prompts", test_vary_prompts);
  ADD ("/composer/vary-seeds", test_vary_seeds);
#undef ADD
  g_test_add_func ("/composer/region-follows-setting", test_region_follows_setting);
  g_test_add_func ("/composer/regenerate-asks-like-generate", test_regenerate_asks_like_generate);

  status = g_test_run ();

  g_clear_object (&app);
  g_clear_object (&fake);
  return status;
}
