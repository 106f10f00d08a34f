/* bench-mask.c — painting on a 12 MP mask: time per stroke segment, undo, export. Prints
 * figures, never fails on timing.
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "atelier-mask.h"
#include "atelier-test-utils.h"

#define WIDTH       4000
#define HEIGHT      3000
#define SEGMENTS    2000
#define OVERLAY     256

typedef struct
{
  guint8 *tile;
  guint   n_tiles;
} Redraw;

/* What the editor does for each change: rebuild the overlay tiles the change touched. */
static void
on_changed (AtelierMask *mask,
            int          x,
            int          y,
            int          width,
            int          height,
            Redraw      *redraw)
{
  const guint8 color[4] = { 228, 132, 53, 128 };

  for (int ty = y / OVERLAY; ty <= (y + height - 1) / OVERLAY; ty++)
    for (int tx = x / OVERLAY; tx <= (x + width - 1) / OVERLAY; tx++)
      {
        guint tile_w = MIN (OVERLAY, WIDTH - tx * OVERLAY);
        guint tile_h = MIN (OVERLAY, HEIGHT - ty * OVERLAY);

        atelier_mask_render_overlay (mask, tx * OVERLAY, ty * OVERLAY, tile_w, tile_h, color,
                                     redraw->tile, OVERLAY * 4, NULL, NULL);
        redraw->n_tiles++;
      }
}

#define FRAME_US (1e6 / 60)

static void
bench_stroke (double radius,
              double hardness)
{
  g_autoptr(AtelierMask) mask = atelier_mask_new (WIDTH, HEIGHT);
  g_autofree guint8 *tile = g_malloc (OVERLAY * OVERLAY * 4);
  Redraw redraw = { tile, 0 };
  gint64 start, stamped, undone;

  g_signal_connect (mask, "changed", G_CALLBACK (on_changed), &redraw);
  atelier_mask_set_hardness (mask, hardness);

  /* A long wavy stroke across the picture, 6 px between pointer events. */
  start = g_get_monotonic_time ();
  atelier_mask_begin_stroke (mask, ATELIER_MASK_TOOL_BRUSH);
  for (guint i = 0; i < SEGMENTS; i++)
    {
      double x = 200 + (i * 6) % (WIDTH - 400);
      double y = HEIGHT / 2.0 + sin (i / 40.0) * 900;

      atelier_mask_stroke_to (mask, x, y, radius);
    }
  atelier_mask_end_stroke (mask);
  stamped = g_get_monotonic_time ();

  atelier_mask_undo (mask);
  undone = g_get_monotonic_time ();

  /* At 60 fps a frame has 16.7 ms: one pointer event a frame must cost a small share of it. */
  g_print ("# brush %4.0f px, hardness %3.0f %% on %d×%d: %6.1f µs per segment (stamp + overlay tiles), "
           "%.1f %% of a 60 fps frame, %.1f tiles per segment; undo %.1f ms\n",
           radius * 2, hardness * 100, WIDTH, HEIGHT, (double) (stamped - start) / SEGMENTS,
           100.0 * (stamped - start) / SEGMENTS / FRAME_US,
           (double) redraw.n_tiles / SEGMENTS, (undone - stamped) / 1000.0);
}

static void
bench_whole (void)
{
  g_autoptr(AtelierMask) mask = atelier_mask_new (WIDTH, HEIGHT);
  g_autoptr(GBytes) png = NULL;
  gint64 start, inverted, cleared, exported;

  atelier_mask_begin_stroke (mask, ATELIER_MASK_TOOL_BRUSH);
  atelier_mask_stroke_to (mask, 1000, 1000, 400);
  atelier_mask_end_stroke (mask);

  start = g_get_monotonic_time ();
  atelier_mask_invert (mask);
  inverted = g_get_monotonic_time ();
  atelier_mask_clear (mask);
  cleared = g_get_monotonic_time ();
  atelier_mask_undo (mask);
  png = atelier_mask_export_png (mask, NULL);
  exported = g_get_monotonic_time ();

  g_print ("# invert %.1f ms, clear %.1f ms, undo + PNG export (worker) %.1f ms, %zu KiB\n",
           (inverted - start) / 1000.0, (cleared - inverted) / 1000.0, (exported - cleared) / 1000.0,
           g_bytes_get_size (png) / 1024);
}

int
main (int   argc,
      char *argv[])
{
  atelier_test_init (&argc, &argv);

  bench_stroke (8, 1.0);
  bench_stroke (32, 1.0);
  bench_stroke (128, 1.0);
  /* A feathered brush takes a square root per pixel in its fade. */
  bench_stroke (8, 0.3);
  bench_stroke (32, 0.3);
  bench_stroke (128, 0.3);
  bench_whole ();
  g_print ("1..0 # SKIP figures only\n");
  return 0;
}
