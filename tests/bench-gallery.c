/* bench-gallery.c — a 10,000- or 100,000-image library: first frame, search, memory after scrolling
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints numbers; never fails on timing. ATELIER_BENCH_ITEMS overrides the item count.
 */

#include <adwaita.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "atelier-gallery.h"
#include "atelier-job-private.h"
#include "atelier-library-private.h"
#include "atelier-test-utils.h"

static guint pending_writes;

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
on_step (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  pending_writes--;
}

/* One job through the library's own API (add, image, Ready), then its record copied with other
 * ids, prompts and models, its image hard-linked: 100,000 durable writes would take many minutes. */
static void
fill_library (GFile *dir,
              guint  n_items)
{
  g_autoptr(AtelierLibrary) library = atelier_library_new (dir);
  g_autoptr(AtelierRecipe) recipe = atelier_recipe_new ();
  g_autoptr(AtelierJob) job = NULL;
  g_autoptr(GBytes) image = small_jpeg (0);
  g_autofree char *path = g_file_get_path (dir);
  g_autofree char *jobs_path = g_build_filename (path, "jobs", NULL);
  g_autofree char *images_path = g_build_filename (path, "images", NULL);
  g_autofree char *record_path = NULL;
  g_autofree char *record = NULL;
  g_autofree char *image_path = NULL;
  const char *words[] = { "fox", "lighthouse", "market", "robot", "lemons", "train", "forest", "castle" };
  const char *id;

  g_assert_true (_atelier_library_load (library, NULL));
  atelier_recipe_set_model_id (recipe, "flux-2-pro");
  atelier_recipe_set_prompt (recipe, "@@PROMPT@@");
  atelier_recipe_set_size (recipe, 96, 96);
  job = atelier_job_new (recipe);
  id = atelier_job_get_id (job);
  pending_writes = 1;
  atelier_library_add_async (library, job, NULL, on_step, NULL);
  atelier_test_wait_until (writes_done, NULL, 60000);
  pending_writes = 1;
  atelier_library_store_image_async (library, job, image, "image/jpeg", NULL, on_step, NULL);
  atelier_test_wait_until (writes_done, NULL, 60000);
  _atelier_job_set_state (job, ATELIER_JOB_READY);
  pending_writes = 1;
  atelier_library_save_async (library, job, NULL, on_step, NULL);
  atelier_test_wait_until (writes_done, NULL, 60000);

  record_path = g_strdup_printf ("%s/%s.json", jobs_path, id);
  g_assert_true (g_file_get_contents (record_path, &record, NULL, NULL));
  image_path = g_build_filename (images_path, atelier_job_get_image_name (job), NULL);

  for (guint i = 1; i < n_items; i++)
    {
      g_autofree char *new_id = g_uuid_string_random ();
      g_autofree char *prompt = g_strdup_printf ("A %s number %u, in the style of a postcard",
                                                 words[i % 8], i);
      g_autofree char *created = g_strdup_printf ("\"created_usec\":%" G_GINT64_FORMAT,
                                                  g_get_real_time () - (gint64) i * 1000);
      g_autoptr(GString) text = g_string_new (record);
      g_autoptr(GString) image_name = g_string_new (atelier_job_get_image_name (job));
      g_autofree char *new_path = g_strdup_printf ("%s/%s.json", jobs_path, new_id);
      g_autofree char *new_image_path = NULL;
      char *created_at;

      g_string_replace (text, id, new_id, 0);
      g_string_replace (text, "@@PROMPT@@", prompt, 0);
      if (i % 2 == 0)
        g_string_replace (text, "\"model\":\"flux-2-pro\"", "\"model\":\"flux-2-klein-4b\"", 0);
      /* Older and older, so the grid's order is the order written. */
      created_at = strstr (text->str, "\"created_usec\":");
      if (created_at != NULL)
        {
          gsize start = created_at - text->str;
          gsize end = start + strcspn (created_at, ",}");

          g_string_erase (text, start, end - start);
          g_string_insert (text, start, created);
        }
      g_assert_true (g_file_set_contents (new_path, text->str, (gssize) text->len, NULL));
      g_string_replace (image_name, id, new_id, 0);
      new_image_path = g_build_filename (images_path, image_name->str, NULL);
      if (link (image_path, new_image_path) != 0)
        g_error ("could not link %s: %s", new_image_path, g_strerror (errno));
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

/* A view tells a grid of a new list a part at a time: runs the main loop until it has stopped
 * growing (100 ms without a change), timing every turn. */
static void
wait_for_whole_list (GListModel *model,
                     gint64      t0,
                     gint64     *t_whole,
                     gint64     *longest_turn)
{
  guint n = g_list_model_get_n_items (model);
  gint64 last_change = g_get_monotonic_time ();

  *longest_turn = 0;
  *t_whole = last_change - t0;
  while (g_get_monotonic_time () - last_change < 100000)
    {
      gint64 before = g_get_monotonic_time ();

      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (500);
      else
        *longest_turn = MAX (*longest_turn, g_get_monotonic_time () - before);
      if (g_list_model_get_n_items (model) != n)
        {
          n = g_list_model_get_n_items (model);
          last_change = g_get_monotonic_time ();
          *t_whole = last_change - t0;
        }
    }
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
  g_autofree char *rss_loaded = NULL;
  g_autofree char *index_path = NULL;
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
    g_autofree char *name = g_strdup_printf ("bench-gallery-library-2-%u", n_items);
    g_autofree char *stamp = NULL;

    path = g_build_filename (build_dir != NULL ? build_dir : atelier_test_get_tmp_dir (), name, NULL);
    stamp = g_strconcat (path, ".complete", NULL);
    dir = g_file_new_for_path (path);
    index_path = g_build_filename (path, "index.sqlite", NULL);

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

  /* Once untimed, so the index exists, as it does on every start but the first. */
  if (!g_file_test (index_path, G_FILE_TEST_EXISTS))
    {
      g_autoptr(AtelierLibrary) first = atelier_library_new (dir);

      start = g_get_monotonic_time ();
      g_assert_true (_atelier_library_load (first, &error));
      g_assert_no_error (error);
      printf ("# the index built from %u records in %.1f s (the first start after an upgrade)\n",
              g_list_model_get_n_items (G_LIST_MODEL (first)),
              (g_get_monotonic_time () - start) / 1e6);
    }

  /* Open it as the app does on start: a new library on the folder, then the window. */
  rss_before = proc_status ("VmRSS:");
  start = g_get_monotonic_time ();
  library = atelier_library_new (dir);
  /* ATELIER_BENCH_RECENT_JOBS=0: without the library's recently used jobs, for a before/after. */
  if (g_getenv ("ATELIER_BENCH_RECENT_JOBS") != NULL)
    _atelier_library_set_recent_max (library,
                                     (guint) g_ascii_strtoull (g_getenv ("ATELIER_BENCH_RECENT_JOBS"),
                                                               NULL, 10));
  {
    g_autoptr(GAsyncResult) result = NULL;

    atelier_library_load_async (library, NULL, atelier_test_store_result, &result);
    atelier_test_wait_until (atelier_test_result_is_set, &result, 60000);
    g_assert_true (atelier_library_load_finish (library, result, &error));
    g_assert_no_error (error);
  }
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
  rss_loaded = proc_status ("VmRSS:");

  /* Under Xvfb the GL renderer runs on llvmpipe, whose start-up dominates: say which one ran. */
  printf ("# %u items: index loaded in %.0f ms, first frame after %.0f ms (%s); VmRSS %s\n",
          g_list_model_get_n_items (G_LIST_MODEL (library)), t_load / 1e3, t_frame / 1e3,
          G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))),
          rss_loaded);
  atelier_test_wait_until ((gboolean (*) (gpointer)) atelier_library_get_scanned, library, 120000);
  printf ("# the records compared with the index %.0f ms after opening (in the background)\n",
          (g_get_monotonic_time () - start) / 1e3);

  /* Search and filter, as typed: the time until the grid's model has its answer and the next
   * frame is painted. */
  {
    const char *queries[] = { "lighthouse", "number 4242", "zzz-no-match", "" };
    GListModel *shown = atelier_gallery_get_model (gallery);

    /* Twice through atelier_gallery_set_search: the second round asks again for jobs the first
     * one showed. Its gtk_editable_set_text passes through an empty text, which the search entry
     * applies at once (the whole library, ≈ 385 cells bound) before the new one. Then a third
     * round as typed: what the entry's search-changed runs after its typing delay. */
    for (guint q = 0; q < 3 * G_N_ELEMENTS (queries); q++)
      {
        const char *query = queries[q % G_N_ELEMENTS (queries)];
        gboolean typed = q >= 2 * G_N_ELEMENTS (queries);
        guint n_read = _atelier_library_get_n_records_read (library);
        gint64 t0 = g_get_monotonic_time ();
        gint64 t_answer, t_painted, t_whole, longest_turn;

        if (typed)
          atelier_library_view_set_search (ATELIER_LIBRARY_VIEW (shown), query);
        else
          atelier_gallery_set_search (gallery, query);
        t_answer = g_get_monotonic_time () - t0;
        wait_for_paint (clock);
        t_painted = g_get_monotonic_time () - t0;
        wait_for_whole_list (shown, t0, &t_whole, &longest_turn);
        /* The monotonic start, for `perf record -k mono` and `perf report --time`. */
        printf ("# search%s \"%s\": %u found, answered in %.1f ms, painted after %.1f ms, "
                "whole list after %.1f ms, longest turn of the main loop %.1f ms "
                "(%u records read; from %.6f s)\n", typed ? " as typed" : "",
                query, g_list_model_get_n_items (shown), t_answer / 1e3, t_painted / 1e3,
                t_whole / 1e3, MAX (t_answer, longest_turn) / 1e3,
                _atelier_library_get_n_records_read (library) - n_read, t0 / 1e6);
      }
    {
      gint64 t0 = g_get_monotonic_time ();

      atelier_gallery_set_model_filter (gallery, "flux-2-pro");
      printf ("# filter by model: %u shown at once, answered in %.1f ms\n",
              g_list_model_get_n_items (shown), (g_get_monotonic_time () - t0) / 1e3);
      atelier_gallery_set_model_filter (gallery, NULL);
      wait_for_paint (clock);
    }
  }

  /* ATELIER_BENCH_ONLY=search: the opening and the searches only (for perf). */
  if (g_strcmp0 (g_getenv ("ATELIER_BENCH_ONLY"), "search") == 0)
    {
      gtk_window_destroy (window);
      return 0;
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
