/* test-mask-editor.c — Fill's editor: strokes land where the pointer is at any zoom, Generate
 * waits for a mask, and what it puts in the recipe is accepted by the (fake) server.
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <glib/gi18n.h>

#include "atelier-catalog.h"
#include "atelier-client.h"
#include "atelier-fake-bfl.h"
#include "atelier-mask-editor.h"
#include "atelier-request.h"
#include "atelier-test-utils.h"

#define IMAGE_WIDTH  800
#define IMAGE_HEIGHT 600

typedef struct
{
  GtkWindow         *window;
  AtelierMaskEditor *editor;
  AtelierReference  *source;
} Fixture;

static AtelierReference *
make_source (guint    width,
             guint    height,
             gboolean alpha)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, alpha, 8, width, height);
  g_autoptr(GError) error = NULL;
  g_autofree char *buffer = NULL;
  g_autoptr(GBytes) bytes = NULL;
  AtelierReference *reference;
  gsize size;

  gdk_pixbuf_fill (pixbuf, 0x3070b0ff);
  if (alpha)
    {
      g_autoptr(GdkPixbuf) hole = gdk_pixbuf_new_subpixbuf (pixbuf, 10, 10, 50, 40);

      gdk_pixbuf_fill (hole, 0x00000000);
    }
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", &error, NULL));
  bytes = g_bytes_new_take (g_steal_pointer (&buffer), size);

  reference = atelier_reference_prepare_bytes (bytes, "photo.png", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (atelier_reference_get_width (reference), ==, width);
  return reference;
}

static gboolean
source_shown (gpointer data)
{
  AtelierMaskEditor *editor = data;

  return !atelier_mask_editor_is_loading (editor) && atelier_mask_editor_get_mask (editor) != NULL
         && gtk_widget_get_width (GTK_WIDGET (editor)) > 0;
}

static gboolean
is_ready (gpointer data)
{
  return atelier_mask_editor_get_ready (ATELIER_MASK_EDITOR (data));
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 600, 520);
  fixture->editor = ATELIER_MASK_EDITOR (atelier_mask_editor_new ());
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->editor));
  gtk_window_present (fixture->window);

  fixture->source = make_source (IMAGE_WIDTH, IMAGE_HEIGHT, GPOINTER_TO_INT (data));
  atelier_mask_editor_set_source (fixture->editor, fixture->source);
  g_assert_true (atelier_mask_editor_is_loading (fixture->editor));
  g_assert_true (atelier_test_wait_until (source_shown, fixture->editor, 10000));
  /* A few frames, so the canvas is laid out and the picture fitted. */
  atelier_test_wait_until (never, NULL, 300);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  g_clear_object (&fixture->source);
}

static void
assert_image_point (AtelierMaskEditor *editor,
                    double             x,
                    double             y,
                    double             image_x,
                    double             image_y)
{
  double ix, iy;

  atelier_mask_editor_canvas_to_image (editor, x, y, &ix, &iy);
  g_assert_cmpfloat_with_epsilon (ix, image_x, 1e-6);
  g_assert_cmpfloat_with_epsilon (iy, image_y, 1e-6);
}

static void
test_editor_empty (void)
{
  GtkWidget *editor = atelier_mask_editor_new ();

  g_object_ref_sink (editor);
  g_assert_false (atelier_mask_editor_get_ready (ATELIER_MASK_EDITOR (editor)));
  g_assert_cmpstr (atelier_mask_editor_get_blocked_reason (ATELIER_MASK_EDITOR (editor)), ==,
                   "Add the image to repaint");
  g_assert_null (atelier_mask_editor_get_mask (ATELIER_MASK_EDITOR (editor)));
  g_object_unref (editor);
}

/* The hardness control feathers what the brush paints next. */
static void
test_editor_hardness (Fixture       *fixture,
                      gconstpointer  data)
{
  AtelierMaskEditor *editor = fixture->editor;
  AtelierMask *mask = atelier_mask_editor_get_mask (editor);
  double cx = gtk_widget_get_width (GTK_WIDGET (editor)) / 2.0;
  double cy = gtk_widget_get_height (GTK_WIDGET (editor)) / 2.0;
  guint greys = 0;

  g_assert_cmpfloat (atelier_mask_editor_get_hardness (editor), ==, 1.0);
  atelier_mask_editor_set_hardness (editor, 0.2);
  g_assert_cmpfloat (atelier_mask_get_hardness (mask), ==, 0.2);
  atelier_mask_editor_set_brush_size (editor, 60);
  atelier_mask_editor_stroke_begin (editor, cx, cy, 1.0);
  atelier_mask_editor_stroke_update (editor, cx + 10, cy, 1.0);
  atelier_mask_editor_stroke_end (editor);

  for (guint y = 0; y < atelier_mask_get_height (mask); y++)
    for (guint x = 0; x < atelier_mask_get_width (mask); x++)
      greys += atelier_mask_get_pixel (mask, x, y) > 0 && atelier_mask_get_pixel (mask, x, y) < 255;
  g_assert_cmpuint (greys, >, 50);
  g_assert_true (atelier_mask_editor_get_has_mask (editor));
}

static gboolean
mask_painted (gpointer data)
{
  return atelier_mask_editor_get_has_mask (ATELIER_MASK_EDITOR (data));
}

/* A mask from another file: a quarter-size picture, white on its left half, scaled to the source;
 * one step to undo. */
static void
test_editor_mask_from_file (Fixture       *fixture,
                            gconstpointer  data)
{
  AtelierMaskEditor *editor = fixture->editor;
  g_autoptr(GdkPixbuf) picture = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, IMAGE_WIDTH / 4, IMAGE_HEIGHT / 4);
  g_autofree char *path = g_build_filename (atelier_test_get_tmp_dir (), "mask-from-elsewhere.png", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  AtelierMask *mask;

  g_autoptr(GdkPixbuf) left = gdk_pixbuf_new_subpixbuf (picture, 0, 0, IMAGE_WIDTH / 8, IMAGE_HEIGHT / 4);

  gdk_pixbuf_fill (picture, 0x000000ff);
  gdk_pixbuf_fill (left, 0xffffffff);
  gdk_pixbuf_save (picture, path, "png", &error, NULL);
  g_assert_no_error (error);

  atelier_mask_editor_load_mask_file (editor, file);
  g_assert_true (atelier_test_wait_until (mask_painted, editor, 10000));
  mask = atelier_mask_editor_get_mask (editor);
  g_assert_cmpuint (atelier_mask_get_pixel (mask, 10, 10), ==, 255);
  g_assert_cmpuint (atelier_mask_get_pixel (mask, IMAGE_WIDTH - 10, 10), ==, 0);
  g_assert_true (atelier_mask_can_undo (mask));
  atelier_mask_undo (mask);
  g_assert_true (atelier_mask_is_empty (mask));
}

/* The mask has the prepared image's size, and a stroke at a zoom lands under the pointer. */
static void
test_editor_strokes_at_zoom (Fixture       *fixture,
                             gconstpointer  data)
{
  AtelierMaskEditor *editor = fixture->editor;
  AtelierMask *mask = atelier_mask_editor_get_mask (editor);
  double cx, cy, ix, iy;

  g_assert_cmpuint (atelier_mask_get_width (mask), ==, IMAGE_WIDTH);
  g_assert_cmpuint (atelier_mask_get_height (mask), ==, IMAGE_HEIGHT);
  g_assert_false (atelier_mask_editor_get_has_mask (editor));
  g_assert_cmpstr (atelier_mask_editor_get_blocked_reason (editor), ==, "Paint over the part to repaint");

  /* Fitted: the whole picture in view, smaller than 1:1 in a 600 px window. */
  g_assert_cmpfloat (atelier_mask_editor_get_zoom (editor), <, 1.0);

  /* Zoom to 200 % around a point: the image point under it stays put. */
  cx = 150;
  cy = 120;
  atelier_mask_editor_canvas_to_image (editor, cx, cy, &ix, &iy);
  atelier_mask_editor_zoom_at (editor, 2.0, cx, cy);
  g_assert_cmpfloat (atelier_mask_editor_get_zoom (editor), ==, 2.0);
  assert_image_point (editor, cx, cy, ix, iy);
  assert_image_point (editor, cx + 20, cy - 10, ix + 10, iy - 5);

  /* Pan by 40 screen pixels: 20 image pixels. */
  atelier_mask_editor_pan (editor, -40, 0);
  assert_image_point (editor, cx, cy, ix + 20, iy);

  /* A 20-image-pixel brush: a horizontal stroke of 100 screen pixels is 50 image pixels long. */
  atelier_mask_editor_set_brush_size (editor, 20);
  atelier_mask_editor_stroke_begin (editor, cx, cy, 1.0);
  atelier_mask_editor_stroke_update (editor, cx + 50, cy, 1.0);
  atelier_mask_editor_stroke_update (editor, cx + 100, cy, 1.0);
  atelier_mask_editor_stroke_end (editor);

  g_assert_true (atelier_mask_editor_get_has_mask (editor));
  g_assert_cmpuint (atelier_mask_get_pixel (mask, (guint) (ix + 20), (guint) iy), ==, ATELIER_MASK_PAINTED);
  g_assert_cmpuint (atelier_mask_get_pixel (mask, (guint) (ix + 20 + 50), (guint) iy), ==, ATELIER_MASK_PAINTED);
  g_assert_cmpuint (atelier_mask_get_pixel (mask, (guint) (ix + 20 + 50), (guint) iy + 8), ==, ATELIER_MASK_PAINTED);
  g_assert_cmpuint (atelier_mask_get_pixel (mask, (guint) (ix + 20 + 50), (guint) iy + 12), ==, 0);
  g_assert_cmpuint (atelier_mask_get_pixel (mask, (guint) (ix + 20 + 50 + 13), (guint) iy), ==, 0);
  g_assert_cmpuint (atelier_mask_get_pixel (mask, (guint) (ix + 20 - 13), (guint) iy), ==, 0);

  /* Undo by its action (Ctrl+Z) empties it again, and Generate waits again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "mask.undo", NULL));
  g_assert_false (atelier_mask_editor_get_has_mask (editor));
  g_assert_false (atelier_mask_editor_get_ready (editor));
  g_assert_cmpstr (atelier_mask_editor_get_blocked_reason (editor), ==, "Paint over the part to repaint");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "mask.redo", NULL));
  g_assert_true (atelier_mask_editor_get_has_mask (editor));

  /* Fit brings the whole picture back; 100 % is one image pixel to one screen pixel, with the
   * middle of the canvas staying where it was. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "mask.fit", NULL));
  g_assert_cmpfloat (atelier_mask_editor_get_zoom (editor), <, 1.0);
  {
    double cx = gtk_widget_get_width (GTK_WIDGET (editor)) / 2.0;
    double cy = gtk_widget_get_height (GTK_WIDGET (editor)) / 2.0;
    double before_x, before_y, after_x, after_y;

    atelier_mask_editor_canvas_to_image (editor, cx, cy, &before_x, &before_y);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "mask.actual-size", NULL));
    g_assert_cmpfloat (atelier_mask_editor_get_zoom (editor), ==, 1.0);
    atelier_mask_editor_canvas_to_image (editor, cx, cy, &after_x, &after_y);
    g_assert_cmpfloat (fabs (before_x - after_x), <, 40);
    g_assert_cmpfloat (fabs (before_y - after_y), <, 40);
  }
}

static void
test_editor_tools (Fixture       *fixture,
                   gconstpointer  data)
{
  AtelierMaskEditor *editor = fixture->editor;
  AtelierMask *mask = atelier_mask_editor_get_mask (editor);
  double size, x, y;

  atelier_mask_editor_set_brush_size (editor, 50);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "mask.bigger", NULL));
  size = atelier_mask_editor_get_brush_size (editor);
  g_assert_cmpfloat (size, >, 50);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "mask.smaller", NULL));
  g_assert_cmpfloat (atelier_mask_editor_get_brush_size (editor), <, size);

  /* Invert paints everything; the eraser then keeps a spot. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "mask.invert", NULL));
  g_assert_cmpuint (atelier_mask_get_n_painted (mask), ==, IMAGE_WIDTH * IMAGE_HEIGHT);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "mask.eraser", NULL));
  g_assert_cmpint (atelier_mask_editor_get_tool (editor), ==, ATELIER_MASK_TOOL_ERASER);
  atelier_mask_editor_zoom_at (editor, 1.0, 0, 0);
  atelier_mask_editor_canvas_to_image (editor, 100, 100, &x, &y);
  atelier_mask_editor_stroke_begin (editor, 100, 100, 1.0);
  atelier_mask_editor_stroke_end (editor);
  g_assert_cmpuint (atelier_mask_get_pixel (mask, (guint) x, (guint) y), ==, 0);
  g_assert_cmpuint (atelier_mask_get_pixel (mask, (guint) x + 100, (guint) y), ==, ATELIER_MASK_PAINTED);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "mask.clear", NULL));
  g_assert_false (atelier_mask_editor_get_has_mask (editor));

  /* Removing the image leaves nothing to send. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "mask.remove", NULL));
  g_assert_null (atelier_mask_editor_get_source (editor));
  g_assert_cmpstr (atelier_mask_editor_get_blocked_reason (editor), ==, "Add the image to repaint");
}

static void
test_editor_alpha (Fixture       *fixture,
                   gconstpointer  data)
{
  AtelierMaskEditor *editor = fixture->editor;
  AtelierMask *mask = atelier_mask_editor_get_mask (editor);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "mask.use-alpha", NULL));
  g_assert_cmpuint (atelier_mask_get_n_painted (mask), ==, 50 * 40);
  g_assert_cmpuint (atelier_mask_get_pixel (mask, 10, 10), ==, ATELIER_MASK_PAINTED);
  g_assert_cmpuint (atelier_mask_get_pixel (mask, 60, 10), ==, 0);
}

typedef struct
{
  AtelierSubmitResult *result;
  GError              *error;
  gboolean             done;
} Submit;

static void
on_submitted (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Submit *submit = user_data;

  submit->result = atelier_client_submit_finish (ATELIER_CLIENT (source), result, NULL, &submit->error);
  submit->done = TRUE;
}

/* Generate's readiness, and the request from the filled recipe against the fake BFL. */
static void
test_editor_fill_and_submit (Fixture       *fixture,
                             gconstpointer  data)
{
  AtelierMaskEditor *editor = fixture->editor;
  AtelierModel *model = atelier_catalog_lookup (atelier_catalog_get_default (), "flux-pro-1.0-fill");
  g_autoptr(AtelierRecipe) recipe = atelier_recipe_new ();
  g_autoptr(AtelierFakeBfl) fake = NULL;
  g_autoptr(AtelierClient) client = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;
  AtelierFakeRequest *request;
  JsonObject *object;
  Submit submit = { 0 };

  g_assert_nonnull (model);
  atelier_recipe_set_model_id (recipe, "flux-pro-1.0-fill");
  atelier_recipe_set_prompt (recipe, "a red kite in the sky");
  atelier_recipe_set_number (recipe, "steps", 30);
  atelier_recipe_set_number (recipe, "guidance", 40);

  /* Nothing painted: nothing to fill the recipe with. */
  g_assert_false (atelier_mask_editor_fill_recipe (editor, recipe));
  g_assert_null (atelier_recipe_get_mask (recipe));

  atelier_mask_editor_stroke_begin (editor, 200, 200, 1.0);
  atelier_mask_editor_stroke_update (editor, 260, 230, 1.0);
  atelier_mask_editor_stroke_end (editor);
  g_assert_true (atelier_mask_editor_get_has_mask (editor));
  /* The PNG is made in a worker: ready comes a moment later. */
  g_assert_cmpstr (atelier_mask_editor_get_blocked_reason (editor), ==, "Preparing the mask…");
  g_assert_true (atelier_test_wait_until (is_ready, editor, 10000));
  g_assert_null (atelier_mask_editor_get_blocked_reason (editor));

  g_assert_true (atelier_mask_editor_fill_recipe (editor, recipe));
  g_assert_true (atelier_recipe_get_reference (recipe, 0) == fixture->source);
  g_assert_cmpuint (atelier_reference_get_width (atelier_recipe_get_mask (recipe)), ==, IMAGE_WIDTH);
  g_assert_cmpuint (atelier_reference_get_height (atelier_recipe_get_mask (recipe)), ==, IMAGE_HEIGHT);

  body = atelier_request_build (model, recipe, &error);
  g_assert_no_error (error);
  object = json_node_get_object (body);
  g_assert_cmpstr (json_object_get_string_member (object, "image"), ==, atelier_reference_get_base64 (fixture->source));
  g_assert_cmpstr (json_object_get_string_member (object, "mask"), ==,
                   atelier_reference_get_base64 (atelier_recipe_get_mask (recipe)));
  g_assert_cmpint (json_object_get_int_member (object, "steps"), ==, 30);

  fake = atelier_fake_bfl_new (0, &error);
  g_assert_no_error (error);
  client = atelier_client_new ();
  atelier_client_set_endpoint (client, atelier_fake_bfl_get_url (fake));
  atelier_client_set_key (client, ATELIER_FAKE_KEY_VALID);
  atelier_client_submit_async (client, atelier_model_get_path (model), body, NULL, on_submitted, &submit);
  g_assert_true (atelier_test_wait_for_flag (&submit.done, 10000));
  g_assert_no_error (submit.error);
  g_assert_nonnull (submit.result);
  g_clear_pointer (&submit.result, atelier_submit_result_free);

  request = atelier_fake_bfl_get_last_request (fake, "/v1/flux-pro-1.0-fill");
  g_assert_nonnull (request);
  g_assert_cmpuint (request->status, ==, 200);
  object = json_node_get_object (request->body);
  g_assert_true (json_object_has_member (object, "image"));
  g_assert_true (json_object_has_member (object, "mask"));
}

int
main (int   argc,
      char *argv[])
{
  atelier_test_init (&argc, &argv);
  adw_init ();

  g_test_add_func ("/mask-editor/empty", test_editor_empty);
  g_test_add ("/mask-editor/strokes-at-zoom", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_editor_strokes_at_zoom, fixture_tear_down);
  g_test_add ("/mask-editor/hardness", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_editor_hardness, fixture_tear_down);
  g_test_add ("/mask-editor/mask-from-file", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_editor_mask_from_file, fixture_tear_down);
  g_test_add ("/mask-editor/tools", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_editor_tools, fixture_tear_down);
  g_test_add ("/mask-editor/alpha", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_editor_alpha, fixture_tear_down);
  g_test_add ("/mask-editor/fill-and-submit", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_editor_fill_and_submit, fixture_tear_down);

  return g_test_run ();
}
