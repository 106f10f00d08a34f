/* test-mask.c — the Fill mask: strokes, undo, invert, clear, alpha, and the PNG that is sent
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>

#include "atelier-error.h"
#include "atelier-mask.h"
#include "atelier-test-utils.h"

#define WIDTH  640
#define HEIGHT 480

/* What the server would see: the exported PNG, decoded. */
static GdkPixbuf *
export_and_decode (AtelierMask *mask)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = atelier_mask_export_png (mask, &error);
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new_with_type ("png", NULL);
  GdkPixbuf *pixbuf;

  g_assert_no_error (error);
  g_assert_nonnull (png);
  g_assert_true (gdk_pixbuf_loader_write_bytes (loader, png, &error));
  g_assert_true (gdk_pixbuf_loader_close (loader, &error));
  g_assert_no_error (error);

  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  g_assert_nonnull (pixbuf);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, atelier_mask_get_width (mask));
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, atelier_mask_get_height (mask));
  return g_object_ref (pixbuf);
}

/* 1 for white, 0 for black; anything grey fails. */
static int
pixel (GdkPixbuf *pixbuf,
       int        x,
       int        y)
{
  const guint8 *p = gdk_pixbuf_read_pixels (pixbuf)
                    + y * gdk_pixbuf_get_rowstride (pixbuf) + x * gdk_pixbuf_get_n_channels (pixbuf);

  g_assert_true (p[0] == p[1] && p[1] == p[2]);
  g_assert_true (p[0] == 0 || p[0] == 255);
  return p[0] == 255;
}

static guint64
count_white (GdkPixbuf *pixbuf)
{
  guint64 count = 0;

  for (int y = 0; y < gdk_pixbuf_get_height (pixbuf); y++)
    for (int x = 0; x < gdk_pixbuf_get_width (pixbuf); x++)
      count += pixel (pixbuf, x, y);
  return count;
}

/* A disc at (100, 100) r 30 and a line from (300, 200) to (500, 200) r 10. */
static void
paint_disc_and_line (AtelierMask *mask)
{
  atelier_mask_begin_stroke (mask, ATELIER_MASK_TOOL_BRUSH);
  atelier_mask_stroke_to (mask, 100, 100, 30);
  atelier_mask_end_stroke (mask);

  atelier_mask_begin_stroke (mask, ATELIER_MASK_TOOL_BRUSH);
  atelier_mask_stroke_to (mask, 300, 200, 10);
  atelier_mask_stroke_to (mask, 400, 200, 10);
  atelier_mask_stroke_to (mask, 500, 200, 10);
  atelier_mask_end_stroke (mask);
}

static void
assert_disc_and_line (GdkPixbuf *png,
                      gboolean   painted)
{
  int inside = painted ? 1 : 0;

  /* Inside the disc, by its edge, and just past it. */
  g_assert_cmpint (pixel (png, 100, 100), ==, inside);
  g_assert_cmpint (pixel (png, 100 + 27, 100), ==, inside);
  g_assert_cmpint (pixel (png, 100, 100 - 28), ==, inside);
  g_assert_cmpint (pixel (png, 100 + 33, 100), ==, 0);
  g_assert_cmpint (pixel (png, 100 + 22, 100 + 22), ==, 0); /* 31 px away, on the diagonal */
  /* Along the line and off it. */
  for (int x = 300; x <= 500; x += 10)
    {
      g_assert_cmpint (pixel (png, x, 200), ==, inside);
      g_assert_cmpint (pixel (png, x, 200 + 8), ==, inside);
      g_assert_cmpint (pixel (png, x, 200 + 12), ==, 0);
      g_assert_cmpint (pixel (png, x, 200 - 13), ==, 0);
    }
  g_assert_cmpint (pixel (png, 300 - 8, 200), ==, inside); /* the round cap */
  g_assert_cmpint (pixel (png, 300 - 12, 200), ==, 0);
  g_assert_cmpint (pixel (png, 500 + 12, 200), ==, 0);
  /* Far from both. */
  g_assert_cmpint (pixel (png, 600, 450), ==, 0);
  g_assert_cmpint (pixel (png, 0, 0), ==, 0);
}

static void
test_mask_strokes_export (void)
{
  g_autoptr(AtelierMask) mask = atelier_mask_new (WIDTH, HEIGHT);
  g_autoptr(GdkPixbuf) png = NULL;
  guint64 white;

  g_assert_true (atelier_mask_is_empty (mask));
  paint_disc_and_line (mask);
  g_assert_false (atelier_mask_is_empty (mask));

  png = export_and_decode (mask);
  assert_disc_and_line (png, TRUE);

  /* The painted area is about a disc plus a capsule, and the counter agrees with the PNG. */
  white = count_white (png);
  g_assert_cmpuint (white, ==, atelier_mask_get_n_painted (mask));
  g_assert_cmpfloat (white, >, 0.95 * (G_PI * 30 * 30 + 200 * 20 + G_PI * 10 * 10));
  g_assert_cmpfloat (white, <, 1.05 * (G_PI * 30 * 30 + 200 * 20 + G_PI * 10 * 10));
}

static void
test_mask_undo_redo (void)
{
  g_autoptr(AtelierMask) mask = atelier_mask_new (WIDTH, HEIGHT);
  g_autoptr(GdkPixbuf) png = NULL;

  g_assert_false (atelier_mask_can_undo (mask));
  paint_disc_and_line (mask);
  g_assert_true (atelier_mask_can_undo (mask));
  g_assert_false (atelier_mask_can_redo (mask));

  /* One undo takes the whole line stroke away and leaves the disc. */
  atelier_mask_undo (mask);
  g_assert_true (atelier_mask_can_redo (mask));
  png = export_and_decode (mask);
  g_assert_cmpint (pixel (png, 100, 100), ==, 1);
  g_assert_cmpint (pixel (png, 400, 200), ==, 0);
  g_clear_object (&png);

  atelier_mask_undo (mask);
  g_assert_true (atelier_mask_is_empty (mask));
  g_assert_false (atelier_mask_can_undo (mask));
  png = export_and_decode (mask);
  g_assert_cmpuint (count_white (png), ==, 0);
  g_clear_object (&png);

  atelier_mask_redo (mask);
  atelier_mask_redo (mask);
  g_assert_false (atelier_mask_can_redo (mask));
  png = export_and_decode (mask);
  assert_disc_and_line (png, TRUE);
  g_clear_object (&png);

  /* A new stroke after an undo drops the redo. */
  atelier_mask_undo (mask);
  atelier_mask_begin_stroke (mask, ATELIER_MASK_TOOL_ERASER);
  atelier_mask_stroke_to (mask, 100, 100, 5);
  atelier_mask_end_stroke (mask);
  g_assert_false (atelier_mask_can_redo (mask));
  png = export_and_decode (mask);
  g_assert_cmpint (pixel (png, 100, 100), ==, 0);
  g_assert_cmpint (pixel (png, 100, 120), ==, 1);
}

static void
test_mask_invert_clear (void)
{
  g_autoptr(AtelierMask) mask = atelier_mask_new (WIDTH, HEIGHT);
  g_autoptr(GdkPixbuf) png = NULL;
  guint64 painted;

  paint_disc_and_line (mask);
  painted = atelier_mask_get_n_painted (mask);

  atelier_mask_invert (mask);
  g_assert_cmpuint (atelier_mask_get_n_painted (mask), ==, WIDTH * HEIGHT - painted);
  png = export_and_decode (mask);
  g_assert_cmpint (pixel (png, 100, 100), ==, 0);
  g_assert_cmpint (pixel (png, 400, 200), ==, 0);
  g_assert_cmpint (pixel (png, 600, 450), ==, 1);
  g_assert_cmpint (pixel (png, 0, 0), ==, 1);
  g_clear_object (&png);

  atelier_mask_undo (mask);
  png = export_and_decode (mask);
  assert_disc_and_line (png, TRUE);
  g_clear_object (&png);

  atelier_mask_clear (mask);
  g_assert_true (atelier_mask_is_empty (mask));
  png = export_and_decode (mask);
  g_assert_cmpuint (count_white (png), ==, 0);
  g_clear_object (&png);

  /* Clear is undoable, and so is the invert before it. */
  atelier_mask_undo (mask);
  png = export_and_decode (mask);
  assert_disc_and_line (png, TRUE);
  g_clear_object (&png);

  atelier_mask_redo (mask);
  g_assert_true (atelier_mask_is_empty (mask));
  atelier_mask_invert (mask);
  g_assert_cmpuint (atelier_mask_get_n_painted (mask), ==, WIDTH * HEIGHT);
  png = export_and_decode (mask);
  g_assert_cmpuint (count_white (png), ==, WIDTH * HEIGHT);
}

static void
test_mask_alpha (void)
{
  g_autoptr(AtelierMask) mask = atelier_mask_new (WIDTH, HEIGHT);
  g_autoptr(GdkPixbuf) image = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, WIDTH, HEIGHT);
  g_autoptr(GdkPixbuf) opaque = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, WIDTH, HEIGHT);
  g_autoptr(GdkPixbuf) png = NULL;
  g_autoptr(GdkPixbuf) hole = NULL;

  /* Opaque red, with a transparent rectangle where the sky was cut out. */
  gdk_pixbuf_fill (image, 0xff0000ff);
  hole = gdk_pixbuf_new_subpixbuf (image, 200, 50, 100, 80);
  gdk_pixbuf_fill (hole, 0x00000000);

  g_assert_false (atelier_mask_set_from_alpha (mask, opaque));
  g_assert_true (atelier_mask_is_empty (mask));

  g_assert_true (atelier_mask_set_from_alpha (mask, image));
  g_assert_cmpuint (atelier_mask_get_n_painted (mask), ==, 100 * 80);
  png = export_and_decode (mask);
  g_assert_cmpint (pixel (png, 200, 50), ==, 1);
  g_assert_cmpint (pixel (png, 299, 129), ==, 1);
  g_assert_cmpint (pixel (png, 199, 50), ==, 0);
  g_assert_cmpint (pixel (png, 300, 129), ==, 0);
  g_assert_cmpint (pixel (png, 250, 130), ==, 0);
  g_clear_object (&png);

  /* Undoable like any edit. */
  atelier_mask_undo (mask);
  g_assert_true (atelier_mask_is_empty (mask));
}

static void
test_mask_png_round_trip (void)
{
  g_autoptr(AtelierMask) mask = atelier_mask_new (WIDTH, HEIGHT);
  g_autoptr(AtelierMask) back = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GError) error = NULL;

  paint_disc_and_line (mask);
  png = atelier_mask_export_png (mask, &error);
  g_assert_no_error (error);

  back = atelier_mask_new_from_png (png, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (atelier_mask_get_width (back), ==, WIDTH);
  g_assert_cmpuint (atelier_mask_get_height (back), ==, HEIGHT);
  g_assert_cmpmem (atelier_mask_get_data (back), WIDTH * HEIGHT, atelier_mask_get_data (mask), WIDTH * HEIGHT);
  g_assert_false (atelier_mask_is_empty (back));

  g_clear_object (&back);
  g_clear_pointer (&png, g_bytes_unref);
  png = g_bytes_new_static ("not a png", 9);
  back = atelier_mask_new_from_png (png, &error);
  g_assert_null (back);
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE);
}

typedef struct
{
  int      changes;
  int      x, y, width, height;
  int      empty_notifies;
} Watch;

static void
on_changed (AtelierMask *mask,
            int          x,
            int          y,
            int          width,
            int          height,
            Watch       *watch)
{
  watch->changes++;
  watch->x = x;
  watch->y = y;
  watch->width = width;
  watch->height = height;
}

static void
on_empty_notify (AtelierMask *mask,
                 GParamSpec  *pspec,
                 Watch       *watch)
{
  watch->empty_notifies++;
}

/* A view redraws only what a stroke touched: the reported rectangle is the stamp's box. */
static void
test_mask_changed_rect (void)
{
  g_autoptr(AtelierMask) mask = atelier_mask_new (4000, 3000);
  Watch watch = { 0 };

  g_signal_connect (mask, "changed", G_CALLBACK (on_changed), &watch);
  g_signal_connect (mask, "notify::empty", G_CALLBACK (on_empty_notify), &watch);

  atelier_mask_begin_stroke (mask, ATELIER_MASK_TOOL_BRUSH);
  atelier_mask_stroke_to (mask, 2000, 1500, 20);
  g_assert_cmpint (watch.changes, ==, 1);
  g_assert_cmpint (watch.x, >=, 1978);
  g_assert_cmpint (watch.x + watch.width, <=, 2022);
  g_assert_cmpint (watch.height, <=, 44);
  atelier_mask_stroke_to (mask, 2010, 1500, 20);
  atelier_mask_stroke_to (mask, 2020, 1500, 20);
  atelier_mask_end_stroke (mask);
  g_assert_cmpint (watch.changes, ==, 3);
  g_assert_cmpint (watch.empty_notifies, ==, 1);

  /* Off the image: nothing changes, and no undo step is made. */
  atelier_mask_begin_stroke (mask, ATELIER_MASK_TOOL_BRUSH);
  atelier_mask_stroke_to (mask, -500, -500, 20);
  atelier_mask_end_stroke (mask);
  g_assert_cmpint (watch.changes, ==, 3);
  atelier_mask_undo (mask);
  g_assert_true (atelier_mask_is_empty (mask));
  g_assert_cmpint (watch.empty_notifies, ==, 2);
  /* Undo reports the tiles it restored, not the whole 12 MP. */
  g_assert_cmpint (watch.width, <=, 128);
  g_assert_cmpint (watch.height, <=, 128);
}

static void
on_reference_exported (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  AtelierReference **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = atelier_mask_export_reference_finish (ATELIER_MASK (source), result, &error);
  g_assert_no_error (error);
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static void
test_mask_export_reference (void)
{
  g_autoptr(AtelierMask) mask = atelier_mask_new (WIDTH, HEIGHT);
  g_autoptr(AtelierReference) reference = NULL;

  paint_disc_and_line (mask);
  atelier_mask_export_reference_async (mask, NULL, on_reference_exported, &reference);
  /* The bitmap was copied: painting on meanwhile does not reach the export. */
  atelier_mask_clear (mask);
  g_assert_true (atelier_test_wait_until (is_set, &reference, 10000));

  g_assert_cmpuint (atelier_reference_get_width (reference), ==, WIDTH);
  g_assert_cmpuint (atelier_reference_get_height (reference), ==, HEIGHT);
  g_assert_cmpstr (atelier_reference_get_mime_type (reference), ==, "image/png");
  g_assert_nonnull (atelier_reference_get_base64 (reference));

  {
    g_autoptr(AtelierMask) back = atelier_mask_new_from_png (atelier_reference_get_bytes (reference), NULL);

    g_assert_nonnull (back);
    g_assert_cmpuint (atelier_mask_get_n_painted (back), >, 0);
    g_assert_cmpuint (atelier_mask_get_pixel (back, 100, 100), ==, ATELIER_MASK_PAINTED);
  }
}

static void
test_mask_overlay (void)
{
  g_autoptr(AtelierMask) mask = atelier_mask_new (64, 64);
  const guint8 color[4] = { 10, 20, 30, 128 };
  guint8 pixels[16 * 16 * 4];
  gboolean kept, painted;

  atelier_mask_render_overlay (mask, 0, 0, 16, 16, color, pixels, 16 * 4, &kept, &painted);
  g_assert_true (kept);
  g_assert_false (painted);

  atelier_mask_begin_stroke (mask, ATELIER_MASK_TOOL_BRUSH);
  atelier_mask_stroke_to (mask, 8, 8, 3);
  atelier_mask_end_stroke (mask);
  atelier_mask_render_overlay (mask, 0, 0, 16, 16, color, pixels, 16 * 4, &kept, &painted);
  g_assert_false (kept);
  g_assert_false (painted);
  g_assert_cmpmem (pixels + (8 * 16 + 8) * 4, 4, color, 4);
  g_assert_cmpint (pixels[3], ==, 0);

  atelier_mask_invert (mask);
  atelier_mask_render_overlay (mask, 32, 32, 16, 16, color, pixels, 16 * 4, &kept, &painted);
  g_assert_true (painted);
}

/* The painted part has a darker edge where it meets a kept pixel, even one outside the tile. */
static void
test_mask_overlay_edge (void)
{
  g_autoptr(AtelierMask) mask = atelier_mask_new (64, 64);
  const guint8 color[4] = { 10, 20, 30, 128 };
  const guint8 edge[4] = { 1, 2, 3, 240 };
  guint8 pixels[16 * 16 * 4];
  gboolean kept, painted;

  atelier_mask_invert (mask);
  atelier_mask_begin_stroke (mask, ATELIER_MASK_TOOL_ERASER);
  atelier_mask_stroke_to (mask, 8, 8, 2);
  atelier_mask_end_stroke (mask);
  g_assert_cmpuint (atelier_mask_get_pixel (mask, 8, 8), ==, 0);

  atelier_mask_render_overlay_with_edge (mask, 0, 0, 16, 16, color, 1, edge, pixels, 16 * 4, &kept, &painted);
  g_assert_false (kept);
  g_assert_false (painted);
  g_assert_cmpint (pixels[(8 * 16 + 8) * 4 + 3], ==, 0);
  {
    guint x = 8;

    while (x < 16 && atelier_mask_get_pixel (mask, x, 8) == 0)
      x++;
    g_assert_cmpuint (x, <, 13);
    g_assert_cmpmem (pixels + (8 * 16 + x) * 4, 4, edge, 4);
    g_assert_cmpmem (pixels + (8 * 16 + x + 1) * 4, 4, color, 4);
  }
  g_assert_cmpmem (pixels + (0 * 16 + 0) * 4, 4, color, 4);

  /* The tile to the right is all painted, but the hole is 2 px from its border. */
  atelier_mask_render_overlay_with_edge (mask, 16, 0, 16, 16, color, 8, edge, pixels, 16 * 4, &kept, &painted);
  g_assert_false (painted);
  g_assert_cmpmem (pixels + (8 * 16 + 0) * 4, 4, edge, 4);
  atelier_mask_render_overlay_with_edge (mask, 16, 0, 16, 16, color, 1, edge, pixels, 16 * 4, &kept, &painted);
  g_assert_true (painted);
}

/* A soft brush: solid in its core, fading to nothing at the radius; the greys go out in the PNG
 * and come back from it, and a soft eraser takes away gradually. */
static void
test_mask_hardness (void)
{
  g_autoptr(AtelierMask) hard = atelier_mask_new (100, 60);
  g_autoptr(AtelierMask) soft = atelier_mask_new (100, 60);
  g_autoptr(AtelierMask) restored = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GError) error = NULL;
  guint greys = 0;
  guint8 far;

  g_assert_cmpfloat (atelier_mask_get_hardness (hard), ==, 1.0);
  atelier_mask_begin_stroke (hard, ATELIER_MASK_TOOL_BRUSH);
  atelier_mask_stroke_to (hard, 50, 30, 20);
  atelier_mask_end_stroke (hard);
  for (guint y = 0; y < 60; y++)
    for (guint x = 0; x < 100; x++)
      g_assert_true (atelier_mask_get_pixel (hard, x, y) == 0 || atelier_mask_get_pixel (hard, x, y) == 255);

  atelier_mask_set_hardness (soft, 0.25);
  atelier_mask_set_hardness (hard, 7); /* clamped */
  g_assert_cmpfloat (atelier_mask_get_hardness (hard), ==, 1.0);
  atelier_mask_begin_stroke (soft, ATELIER_MASK_TOOL_BRUSH);
  atelier_mask_stroke_to (soft, 50, 30, 20);
  atelier_mask_end_stroke (soft);
  g_assert_cmpuint (atelier_mask_get_pixel (soft, 50, 30), ==, 255);   /* the core */
  g_assert_cmpuint (atelier_mask_get_pixel (soft, 53, 30), ==, 255);
  g_assert_cmpuint (atelier_mask_get_pixel (soft, 62, 30), >, 0);      /* the fade */
  g_assert_cmpuint (atelier_mask_get_pixel (soft, 62, 30), <, 255);
  g_assert_cmpuint (atelier_mask_get_pixel (soft, 62, 30), >, atelier_mask_get_pixel (soft, 66, 30));
  g_assert_cmpuint (atelier_mask_get_pixel (soft, 71, 30), ==, 0);     /* past the radius */
  for (guint y = 0; y < 60; y++)
    for (guint x = 0; x < 100; x++)
      greys += atelier_mask_get_pixel (soft, x, y) > 0 && atelier_mask_get_pixel (soft, x, y) < 255;
  g_assert_cmpuint (greys, >, 100);
  /* Everything the stroke reached counts as painted, also its faint edge. */
  g_assert_cmpuint (atelier_mask_get_n_painted (soft), >, atelier_mask_get_n_painted (hard) - 200);

  png = atelier_mask_export_png (soft, &error);
  g_assert_no_error (error);
  restored = atelier_mask_new_from_png (png, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (atelier_mask_get_pixel (restored, 50, 30), ==, 255);
  g_assert_cmpint (abs ((int) atelier_mask_get_pixel (restored, 62, 30) - atelier_mask_get_pixel (soft, 62, 30)), <=, 1);

  /* A soft eraser through the middle: the core is gone, the sides fade back, and what lies
   * beyond its reach is as it was. */
  far = atelier_mask_get_pixel (soft, 40, 30);
  atelier_mask_begin_stroke (soft, ATELIER_MASK_TOOL_ERASER);
  atelier_mask_stroke_to (soft, 50, 0, 6);
  atelier_mask_stroke_to (soft, 50, 59, 6);
  atelier_mask_end_stroke (soft);
  g_assert_cmpuint (atelier_mask_get_pixel (soft, 50, 30), ==, 0);
  g_assert_cmpuint (atelier_mask_get_pixel (soft, 54, 30), <, 255);
  g_assert_cmpuint (atelier_mask_get_pixel (soft, 40, 30), ==, far);
  g_assert_cmpuint (far, >, 0);
  g_assert_true (atelier_mask_can_undo (soft));
  atelier_mask_undo (soft);
  g_assert_cmpuint (atelier_mask_get_pixel (soft, 50, 30), ==, 255);
}

/* Another picture as the mask: scaled to the source, white repainted, transparency kept. */
static void
test_mask_from_image (void)
{
  g_autoptr(GdkPixbuf) image = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, 20, 10);
  g_autoptr(AtelierMask) mask = NULL;
  guint8 *pixels = gdk_pixbuf_get_pixels (image);
  int stride = gdk_pixbuf_get_rowstride (image);

  /* Left half white and opaque, right half white but transparent, a grey column between. */
  for (int y = 0; y < 10; y++)
    for (int x = 0; x < 20; x++)
      {
        guint8 *p = pixels + y * stride + x * 4;

        p[0] = p[1] = p[2] = x == 10 ? 128 : 255;
        p[3] = x < 11 ? 255 : 0;
      }

  mask = atelier_mask_new_from_image (image, 40, 20);
  g_assert_cmpuint (atelier_mask_get_width (mask), ==, 40);
  g_assert_cmpuint (atelier_mask_get_height (mask), ==, 20);
  g_assert_cmpuint (atelier_mask_get_pixel (mask, 4, 10), ==, 255);
  g_assert_cmpuint (atelier_mask_get_pixel (mask, 36, 10), ==, 0);
  g_assert_cmpuint (atelier_mask_get_pixel (mask, 21, 10), >, 0);
  g_assert_cmpuint (atelier_mask_get_pixel (mask, 21, 10), <, 255);
  g_assert_false (atelier_mask_is_empty (mask));
}

int
main (int   argc,
      char *argv[])
{
  atelier_test_init (&argc, &argv);

  g_test_add_func ("/mask/strokes-export", test_mask_strokes_export);
  g_test_add_func ("/mask/hardness", test_mask_hardness);
  g_test_add_func ("/mask/from-image", test_mask_from_image);
  g_test_add_func ("/mask/undo-redo", test_mask_undo_redo);
  g_test_add_func ("/mask/invert-clear", test_mask_invert_clear);
  g_test_add_func ("/mask/alpha", test_mask_alpha);
  g_test_add_func ("/mask/png-round-trip", test_mask_png_round_trip);
  g_test_add_func ("/mask/changed-rect", test_mask_changed_rect);
  g_test_add_func ("/mask/export-reference", test_mask_export_reference);
  g_test_add_func ("/mask/overlay", test_mask_overlay);
  g_test_add_func ("/mask/overlay-edge", test_mask_overlay_edge);

  return g_test_run ();
}
