/* bench-canvas.c — painting a 12 MP source in the main area: frame intervals while a stroke is
 * drawn, one pointer event a frame, with a hard and a feathered brush
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints numbers; never fails on timing. Needs a display (xvfb-run is enough; then the renderer
 * is whatever Xvfb offers, usually not the GPU a desktop has).
 */

#include <adwaita.h>
#include <math.h>
#include <stdio.h>

#include "atelier-mask-editor.h"
#include "atelier-test-utils.h"

#define WIDTH    4000
#define HEIGHT   3000
#define FRAMES   240

typedef struct
{
  AtelierMaskEditor *editor;
  GArray            *intervals;   /* gint64 µs between painted frames */
  gint64             last_frame;
  guint              frame;
  gboolean           done;
  gboolean           paint;       /* FALSE: only redraw, what the renderer costs by itself */
} Run;

/* Every widget of the editor drawn again, the canvas too: no cached render node to lean on. */
static void
queue_draw_all (GtkWidget *widget)
{
  gtk_widget_queue_draw (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    queue_draw_all (child);
}

static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       data)
{
  Run *run = data;
  gint64 now = g_get_monotonic_time ();
  double w = gtk_widget_get_width (widget);
  double h = gtk_widget_get_height (widget);
  double x = w * 0.15 + (w * 0.7) * run->frame / FRAMES;
  double y = h / 2 + sin (run->frame / 12.0) * h * 0.25;

  if (run->last_frame != 0)
    {
      gint64 interval = now - run->last_frame;

      g_array_append_val (run->intervals, interval);
    }
  run->last_frame = now;

  if (!run->paint)
    queue_draw_all (widget);
  else if (run->frame == 0)
    atelier_mask_editor_stroke_begin (run->editor, x, y, 1.0);
  else
    atelier_mask_editor_stroke_update (run->editor, x, y, 1.0);

  if (++run->frame < FRAMES)
    return G_SOURCE_CONTINUE;

  if (run->paint)
    atelier_mask_editor_stroke_end (run->editor);
  run->done = TRUE;
  return G_SOURCE_REMOVE;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static gboolean
source_shown (gpointer data)
{
  AtelierMaskEditor *editor = data;

  return !atelier_mask_editor_is_loading (editor) && atelier_mask_editor_get_mask (editor) != NULL
         && gtk_widget_get_width (GTK_WIDGET (editor)) > 0;
}

static void
measure (AtelierMaskEditor *editor,
         double             hardness,
         double             brush)
{
  Run run = { editor, g_array_new (FALSE, FALSE, sizeof (gint64)), 0, 0, FALSE, brush > 0 };
  gint64 total = 0;
  guint late = 0;

  atelier_mask_editor_set_hardness (editor, hardness);
  if (brush > 0)
    atelier_mask_editor_set_brush_size (editor, brush);
  gtk_widget_add_tick_callback (GTK_WIDGET (editor), on_tick, &run, NULL);
  g_assert_true (atelier_test_wait_until (flag_set, &run.done, 120000));

  g_array_sort (run.intervals, compare_gint64);
  for (guint i = 0; i < run.intervals->len; i++)
    {
      gint64 interval = g_array_index (run.intervals, gint64, i);

      total += interval;
      late += interval > 1e6 / 60 * 1.5;
    }
  printf ("# 12 MP source in a 1600×1000 window, %s %.0f px, hardness %.0f %%: %u frames, "
          "mean %.1f ms, median %.1f ms, 95th percentile %.1f ms, %u later than 25 ms (%s)\n",
          brush > 0 ? "brush" : "redraw only, brush", brush, hardness * 100, run.intervals->len, total / 1e3 / run.intervals->len,
          g_array_index (run.intervals, gint64, run.intervals->len / 2) / 1e3,
          g_array_index (run.intervals, gint64, run.intervals->len * 95 / 100) / 1e3, late,
          G_OBJECT_TYPE_NAME (gtk_native_get_renderer (gtk_widget_get_native (GTK_WIDGET (editor)))));
  g_array_unref (run.intervals);
  atelier_mask_clear (atelier_mask_editor_get_mask (editor));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, WIDTH, HEIGHT);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(AtelierReference) source = NULL;
  g_autoptr(GError) error = NULL;
  AtelierMaskEditor *editor;
  GtkWindow *window;
  char *buffer = NULL;
  gsize size = 0;

  atelier_test_init (&argc, &argv);
  gtk_init ();
  adw_init ();

  gdk_pixbuf_fill (pixbuf, 0x4f7fc0ff);
  gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "jpeg", &error, "quality", "85", NULL);
  g_assert_no_error (error);
  bytes = g_bytes_new_take (buffer, size);
  source = atelier_reference_prepare_bytes (bytes, "12mp.jpg", 0, NULL, &error);
  g_assert_no_error (error);

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1600, 1000);
  editor = ATELIER_MASK_EDITOR (atelier_mask_editor_new ());
  atelier_mask_editor_set_max_pixels (editor, 0);
  gtk_window_set_child (window, GTK_WIDGET (editor));
  gtk_window_present (window);
  atelier_mask_editor_set_source (editor, source);
  g_assert_true (atelier_test_wait_until (source_shown, editor, 60000));

  measure (editor, 1.0, 0);
  measure (editor, 1.0, 64);
  measure (editor, 0.3, 64);
  measure (editor, 1.0, 256);
  measure (editor, 0.3, 256);
  atelier_mask_editor_zoom_actual (editor);
  measure (editor, 0.3, 256);

  gtk_window_destroy (window);
  printf ("1..0 # SKIP figures only\n");
  return 0;
}
