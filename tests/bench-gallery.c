/* bench-gallery.c — a 10,000-image library: time to the first frame, memory after scrolling to the end
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints numbers; never fails on timing. ATELIER_BENCH_ITEMS overrides the item count.
 */

#include <adwaita.h>
#include <stdio.h>
#include <string.h>

#include "atelier-gallery.h"
#include "atelier-job-private.h"
#include "atelier-library-private.h"
#include "atelier-test-utils.h"

static guint pending_writes;

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!atelier_library_store_image_finish (ATELIER_LIBRARY (source), result, &error))
    g_error ("%s", error->message);
  _atelier_job_set_state (ATELIER_JOB (user_data), ATELIER_JOB_READY);
  atelier_library_save_async (ATELIER_LIBRARY (source), ATELIER_JOB (user_data), NULL, NULL, NULL);
  pending_writes--;
  g_object_unref (user_data);
}

static gboolean
writes_done (gpointer data)
{
  return pending_writes == 0;
}

static GBytes *
small_jpeg (guint i)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 96, 96);
  char *buffer;
  gsize size;

  gdk_pixbuf_fill (pixbuf, (0x20000000u * (i % 7)) | (0x00400000u * (i % 3)) | 0x0000a0ffu);
  gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "jpeg", NULL, "quality", "80", NULL);
  return g_bytes_new_take (buffer, size);
}

static void
fill_library (GFile *dir,
              guint  n_items)
{
  g_autoptr(AtelierLibrary) library = atelier_library_new (dir);
  GBytes *images[7];
  const char *words[] = { "fox", "lighthouse", "market", "robot", "lemons", "train", "forest", "castle" };

  g_assert_true (_atelier_library_load (library, NULL));
  for (guint k = 0; k < 7; k++)
    images[k] = small_jpeg (k);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(AtelierRecipe) recipe = atelier_recipe_new ();
      g_autofree char *prompt = g_strdup_printf ("A %s number %u, in the style of a postcard", words[i % 8], i);
      AtelierJob *job;

      atelier_recipe_set_model_id (recipe, i % 2 ? "flux-2-pro" : "flux-2-klein-4b");
      atelier_recipe_set_prompt (recipe, prompt);
      atelier_recipe_set_size (recipe, 96, 96);
      job = atelier_job_new (recipe);
      atelier_library_add_async (library, job, NULL, NULL, NULL);
      pending_writes++;
      atelier_library_store_image_async (library, job, images[i % 7], "image/jpeg", NULL, on_written, job);

      /* Keep the worker queue short. */
      if (pending_writes > 200)
        atelier_test_wait_until (writes_done, NULL, 60000);
    }
  atelier_test_wait_until (writes_done, NULL, 600000);
  for (guint k = 0; k < 7; k++)
    g_bytes_unref (images[k]);
  /* Let the last records land. */
  {
    gint64 end = g_get_monotonic_time () + G_USEC_PER_SEC;
    while (g_get_monotonic_time () < end)
      g_main_context_iteration (NULL, FALSE);
  }
}

static char *
proc_status (const char *field)
{
  g_autofree char *status = NULL;
  char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return g_strdup ("?");
  line = strstr (status, field);
  if (line == NULL)
    return g_strdup ("?");
  line += strlen (field) + 1;
  while (*line == ' ' || *line == '\t')
    line++;
  return g_strndup (line, strcspn (line, "\n"));
}

static gboolean painted;

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       user_data)
{
  painted = TRUE;
}

static gboolean
is_painted (gpointer data)
{
  return painted;
}

static void
wait_for_paint (GdkFrameClock *clock)
{
  painted = FALSE;
  atelier_test_wait_until (is_painted, NULL, 5000);
}

static GtkScrolledWindow *
find_scroller (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkScrolledWindow *found;

      if (GTK_IS_SCROLLED_WINDOW (child) && GTK_IS_GRID_VIEW (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (child))))
        return GTK_SCROLLED_WINDOW (child);
      if ((found = find_scroller (child)) != NULL)
        return found;
    }
  return NULL;
}

int
main (int   argc,
      char *argv[])
{
  const char *env = g_getenv ("ATELIER_BENCH_ITEMS");
  guint n_items = env ? (guint) g_ascii_strtoull (env, NULL, 10) : 10000;
  g_autofree char *path = NULL;
  g_autoptr(GFile) dir = NULL;
  g_autoptr(AtelierLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rss_before = NULL;
  g_autofree char *rss = NULL;
  g_autofree char *hwm = NULL;
  AtelierGallery *gallery;
  GtkWindow *window;
  GdkFrameClock *clock;
  GtkScrolledWindow *scroller;
  GtkAdjustment *adjustment;
  gint64 start, t_fill, t_load, t_frame, t_scroll;
  guint steps = 0;

  atelier_test_init (&argc, &argv);
  gtk_init ();
  adw_init ();

  /* Made once and kept in the build folder (100,000 jobs take minutes to write durably). */
  {
    const char *build_dir = g_getenv ("ATELIER_BUILD_DIR");
    g_autofree char *name = g_strdup_printf ("bench-gallery-library-1-%u", n_items);
    g_autofree char *stamp = NULL;

    path = g_build_filename (build_dir != NULL ? build_dir : atelier_test_get_tmp_dir (), name, NULL);
    stamp = g_strconcat (path, ".complete", NULL);
    dir = g_file_new_for_path (path);

    if (!g_file_test (stamp, G_FILE_TEST_EXISTS))
      {
        atelier_test_rm_rf (path);
        start = g_get_monotonic_time ();
        fill_library (dir, n_items);
        t_fill = g_get_monotonic_time () - start;
        printf ("# library of %u items written in %.1f s, kept in %s\n", n_items, t_fill / 1e6, path);
        g_file_set_contents (stamp, "", 0, NULL);
      }
  }

  /* Open it as the app does on start: a new library on the folder, then the window. */
  rss_before = proc_status ("VmRSS:");
  start = g_get_monotonic_time ();
  library = atelier_library_new (dir);
  g_assert_true (_atelier_library_load (library, &error));
  g_assert_no_error (error);
  t_load = g_get_monotonic_time () - start;

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1200, 800);
  gallery = g_object_new (ATELIER_TYPE_GALLERY, NULL);
  atelier_gallery_set_services (gallery, library, NULL);
  gtk_window_set_child (window, GTK_WIDGET (gallery));
  gtk_widget_realize (GTK_WIDGET (window));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);
  painted = FALSE;
  gtk_window_present (window);
  atelier_test_wait_until (is_painted, NULL, 30000);
  t_frame = g_get_monotonic_time () - start;

  /* Under Xvfb the GL renderer runs on llvmpipe, whose start-up dominates: say which one ran. */
  printf ("# %u items: index loaded in %.0f ms, first frame after %.0f ms (%s)\n",
          g_list_model_get_n_items (G_LIST_MODEL (library)), t_load / 1e3, t_frame / 1e3,
          G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))));

  /* Search and filter, as typed: the time until the grid's model has its answer and the next
   * frame is painted. */
  {
    const char *queries[] = { "lighthouse", "number 4242", "zzz-no-match", "" };
    GListModel *shown = atelier_gallery_get_model (gallery);

    for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
      {
        gint64 t0 = g_get_monotonic_time ();
        gint64 t_answer, t_painted;

        atelier_gallery_set_search (gallery, queries[q]);
        t_answer = g_get_monotonic_time () - t0;
        wait_for_paint (clock);
        t_painted = g_get_monotonic_time () - t0;
        printf ("# search \"%s\": %u shown, answered in %.1f ms, painted after %.1f ms\n",
                queries[q], g_list_model_get_n_items (shown), t_answer / 1e3, t_painted / 1e3);
      }
    {
      gint64 t0 = g_get_monotonic_time ();

      atelier_gallery_set_model_filter (gallery, "flux-2-pro");
      printf ("# filter by model: %u shown, answered in %.1f ms\n",
              g_list_model_get_n_items (shown), (g_get_monotonic_time () - t0) / 1e3);
      atelier_gallery_set_model_filter (gallery, NULL);
      wait_for_paint (clock);
    }
  }

  /* Scroll to the end a screen at a time, painting each step, as a user flinging through. */
  scroller = find_scroller (GTK_WIDGET (gallery));
  g_assert_nonnull (scroller);
  adjustment = gtk_scrolled_window_get_vadjustment (scroller);
  start = g_get_monotonic_time ();
  while (gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) <
         gtk_adjustment_get_upper (adjustment) - 1 && steps < 100000)
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment));
      wait_for_paint (clock);
      steps++;
    }
  t_scroll = g_get_monotonic_time () - start;
  {
    gint64 end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC; /* thumbnails of the last screen */
    while (g_get_monotonic_time () < end)
      g_main_context_iteration (NULL, FALSE);
  }

  rss = proc_status ("VmRSS:");
  hwm = proc_status ("VmHWM:");
  printf ("# scrolled to the end in %u screens, %.1f s (%.1f ms per screen)\n",
          steps, t_scroll / 1e6, steps ? t_scroll / 1e3 / steps : 0.0);
  printf ("# memory: VmRSS %s before opening, VmRSS %s after scrolling, VmHWM %s\n", rss_before, rss, hwm);

  gtk_window_destroy (window);
  return 0;
}
