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
#include <time.h>

#include "atelier-mask-editor.h"
#include "atelier-test-utils.h"

#define WIDTH    4000
#define HEIGHT   3000
#define FRAMES   240
#define WARM_UP  10  /* frames before the measured ones: the view settles, the tiles are built */

typedef enum
{
  REDRAW,  /* every widget drawn again, nothing changed: what a frame costs when nothing moves */
  PAN,     /* the picture moved a pixel each frame: what a frame of the whole canvas costs */
  PAINT,
} Mode;

typedef struct
{
  AtelierMaskEditor *editor;
  GArray            *intervals;   /* gint64 µs between painted frames */
  gint64             last_frame;
  guint              frame;
  gboolean           done;
  Mode               mode;
  gboolean           actual_size;
  guint              warm_up;
  /* CPU time over the measured frames: of the main thread, and of the whole process (with
   * the renderer's threads: llvmpipe rasterizes in two of them). Unlike the intervals, these
   * hardly move when other programs share the machine. */
  gint64             main_cpu;
  gint64             process_cpu;
} Run;

static gint64
cpu_time (clockid_t clock)
{
  struct timespec ts;

  clock_gettime (clock, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

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
  double w, h, x, y;

  if (run->warm_up < WARM_UP)
    {
      /* The view is set in a frame, when the canvas has its size. */
      if (run->warm_up++ == 0 && run->actual_size)
        atelier_mask_editor_zoom_actual (run->editor);
      else if (run->warm_up == 1)
        atelier_mask_editor_fit (run->editor);
      if (run->warm_up == WARM_UP)
        {
          run->main_cpu = -cpu_time (CLOCK_THREAD_CPUTIME_ID);
          run->process_cpu = -cpu_time (CLOCK_PROCESS_CPUTIME_ID);
        }
      return G_SOURCE_CONTINUE;
    }

  w = gtk_widget_get_width (widget);
  h = gtk_widget_get_height (widget);
  x = w * 0.15 + (w * 0.7) * run->frame / FRAMES;
  y = h / 2 + sin (run->frame / 12.0) * h * 0.25;

  if (run->last_frame != 0)
    {
      gint64 interval = now - run->last_frame;

      g_array_append_val (run->intervals, interval);
    }
  run->last_frame = now;

  if (run->mode == REDRAW)
    queue_draw_all (widget);
  else if (run->mode == PAN)
    atelier_mask_editor_pan (run->editor, run->frame % 2 ? -1 : 1, 0);
  else if (run->frame == 0)
    atelier_mask_editor_stroke_begin (run->editor, x, y, 1.0);
  else
    atelier_mask_editor_stroke_update (run->editor, x, y, 1.0);

  if (++run->frame < FRAMES)
    return G_SOURCE_CONTINUE;

  if (run->mode == PAINT)
    atelier_mask_editor_stroke_end (run->editor);
  run->main_cpu += cpu_time (CLOCK_THREAD_CPUTIME_ID);
  run->process_cpu += cpu_time (CLOCK_PROCESS_CPUTIME_ID);
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

/* The cases, in the order they run; name some on the command line to run only those. */
static const struct
{
  const char *name;
  Mode        mode;
  double      brush;
  double      hardness;
  gboolean    actual_size;  /* at 100 % rather than fitted */
} cases[] = {
  { "redraw", REDRAW, 0, 1.0, FALSE },
  { "pan", PAN, 0, 1.0, FALSE },
  { "64-hard", PAINT, 64, 1.0, FALSE },
  { "64-soft", PAINT, 64, 0.3, FALSE },
  { "256-hard", PAINT, 256, 1.0, FALSE },
  { "256-soft", PAINT, 256, 0.3, FALSE },
  { "pan-100", PAN, 0, 1.0, TRUE },
  { "256-soft-100", PAINT, 256, 0.3, TRUE },
};

static gboolean
case_wanted (const char *name,
             int         argc,
             char       *argv[])
{
  if (argc < 2)
    return TRUE;
  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], name))
      return TRUE;
  return FALSE;
}

static void
measure (AtelierMaskEditor *editor,
         const char        *name,
         Mode               mode,
         double             hardness,
         double             brush,
         gboolean           actual_size)
{
  Run run = { editor, g_array_new (FALSE, FALSE, sizeof (gint64)), 0, 0, FALSE, mode, actual_size, 0 };
  static const char *what[] = { "redraw only", "moved a pixel a frame", "brush" };
  g_autofree char *description = NULL;
  gint64 total = 0;
  guint late = 0;

  atelier_mask_editor_set_hardness (editor, hardness);
  if (mode == PAINT)
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
  if (mode == PAINT)
    description = g_strdup_printf ("brush %.0f px, hardness %.0f %%", brush, hardness * 100);
  else
    description = g_strdup (what[mode]);
  printf ("# %-12s 12 MP source in a 1600×1000 window at %.0f %%, %s: %u frames, "
          "mean %.1f ms, median %.1f ms, 95th percentile %.1f ms, %u later than 25 ms; "
          "CPU a frame %.1f ms in the main thread, %.1f ms in all (%s)\n",
          name, atelier_mask_editor_get_zoom (editor) * 100, description,
          run.intervals->len, total / 1e3 / run.intervals->len,
          g_array_index (run.intervals, gint64, run.intervals->len / 2) / 1e3,
          g_array_index (run.intervals, gint64, run.intervals->len * 95 / 100) / 1e3, late,
          run.main_cpu / 1e3 / FRAMES, run.process_cpu / 1e3 / FRAMES,
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

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    if (case_wanted (cases[i].name, argc, argv))
      measure (editor, cases[i].name, cases[i].mode, cases[i].hardness, cases[i].brush, cases[i].actual_size);

  gtk_window_destroy (window);
  printf ("1..0 # SKIP figures only\n");
  return 0;
}
