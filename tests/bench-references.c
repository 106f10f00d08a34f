/* bench-references.c — how long eight 24 MP photos take to prepare, and the memory it costs
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints figures; never fails on timing. The photos are made once (by a child process, so their
 * making does not count in this process's peak memory) and kept for the next run.
 */

#include <glib/gstdio.h>
#include <string.h>

#include "atelier-reference.h"

#define N_PHOTOS 8
#define PHOTO_WIDTH 6000
#define PHOTO_HEIGHT 4000
#define DATA_VERSION "1"

/* Something like a photo: gradients, texture and grain, different for each seed. */
static void
make_photo (const char *path,
            guint       seed)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8,
                                                PHOTO_WIDTH, PHOTO_HEIGHT);
  g_autoptr(GError) error = NULL;
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int rowstride = gdk_pixbuf_get_rowstride (pixbuf);
  guint32 state = 0x9e3779b9u * (seed + 1);

  for (int y = 0; y < PHOTO_HEIGHT; y++)
    {
      guint8 *row = pixels + (gsize) y * rowstride;

      for (int x = 0; x < PHOTO_WIDTH; x++)
        {
          int grain;

          state = state * 1664525u + 1013904223u;
          grain = (int) (state >> 28) - 8;
          row[x * 3 + 0] = CLAMP ((int) ((x * 255 / PHOTO_WIDTH + seed * 29) % 256) + grain, 0, 255);
          row[x * 3 + 1] = CLAMP ((y * 255 / PHOTO_HEIGHT) + grain, 0, 255);
          row[x * 3 + 2] = CLAMP ((int) (((x + seed * 97) / 31) ^ (y / 23)) % 200 + 28 + grain, 0, 255);
        }
    }

  if (!gdk_pixbuf_save (pixbuf, path, "jpeg", &error, "quality", "90", NULL))
    g_error ("Could not write %s: %s", path, error->message);
}

static char *
photo_path (const char *dir,
            guint       i)
{
  g_autofree char *name = g_strdup_printf ("photo-%u.jpg", i + 1);

  return g_build_filename (dir, name, NULL);
}

static gboolean
photos_exist (const char *dir)
{
  for (guint i = 0; i < N_PHOTOS; i++)
    {
      g_autofree char *path = photo_path (dir, i);

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return FALSE;
    }

  return TRUE;
}

static guint64
read_status_kb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, field)) == NULL)
    return 0;

  return g_ascii_strtoull (line + strlen (field) + 1, NULL, 10);
}

typedef struct
{
  guint   index;
  gint64  start;
  gint64  end;
  guint  *pending;
  AtelierReference *reference;
} Job;

static void
on_prepared (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr(GError) error = NULL;

  job->end = g_get_monotonic_time ();
  job->reference = atelier_reference_prepare_finish (result, &error);
  if (error != NULL)
    g_printerr ("photo %u: %s\n", job->index + 1, error->message);
  (*job->pending)--;
}

static void
print_job (Job *job)
{
  AtelierReference *ref = job->reference;

  if (ref == NULL)
    return;

  g_print ("  photo-%u.jpg  %5.0f ms   %ux%u -> %ux%u %s, %.2f MB, base64 %.2f MB\n",
           job->index + 1, (job->end - job->start) / 1000.0,
           atelier_reference_get_source_width (ref), atelier_reference_get_source_height (ref),
           atelier_reference_get_width (ref), atelier_reference_get_height (ref),
           atelier_reference_get_extension (ref),
           g_bytes_get_size (atelier_reference_get_bytes (ref)) / 1e6,
           strlen (atelier_reference_get_base64 (ref)) / 1e6);
}

static void
run (const char *dir,
     guint       n,
     guint64     cap)
{
  Job jobs[N_PHOTOS] = { { 0 } };
  guint pending = n;
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = photo_path (dir, i);
      g_autoptr(GFile) file = g_file_new_for_path (path);

      jobs[i].index = i;
      jobs[i].pending = &pending;
      jobs[i].start = g_get_monotonic_time ();
      atelier_reference_prepare_file_async (file, cap, NULL, on_prepared, &jobs[i]);
    }

  while (pending > 0)
    g_main_context_iteration (NULL, TRUE);

  for (guint i = 0; i < n; i++)
    {
      print_job (&jobs[i]);
      g_clear_object (&jobs[i].reference);
    }

  g_print ("  total wall time %.0f ms; peak RSS (VmHWM) so far %.1f MB\n",
           (g_get_monotonic_time () - start) / 1000.0, read_status_kb ("VmHWM:") / 1024.0);
}

int
main (int   argc,
      char *argv[])
{
  const char *build_dir = g_getenv ("ATELIER_BUILD_DIR");
  g_autofree char *dir = NULL;
  guint64 total_size = 0;

  if (argc == 3 && g_str_equal (argv[1], "--make-photos"))
    {
      g_mkdir_with_parents (argv[2], 0755);
      for (guint i = 0; i < N_PHOTOS; i++)
        {
          g_autofree char *path = photo_path (argv[2], i);

          make_photo (path, i);
        }
      return 0;
    }

  dir = g_build_filename (build_dir != NULL ? build_dir : g_get_tmp_dir (),
                          "bench-references-" DATA_VERSION, NULL);

  if (!photos_exist (dir))
    {
      g_autoptr(GError) error = NULL;
      const char *child_argv[] = { argv[0], "--make-photos", dir, NULL };
      int status = 0;
      gint64 start = g_get_monotonic_time ();

      g_print ("Making %u photos of %ux%u in %s...\n", N_PHOTOS, PHOTO_WIDTH, PHOTO_HEIGHT, dir);
      if (!g_spawn_sync (NULL, (char **) child_argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                         NULL, NULL, &status, &error) ||
          !g_spawn_check_wait_status (status, &error))
        g_error ("Could not make the photos: %s", error->message);
      g_print ("  made in %.1f s\n", (g_get_monotonic_time () - start) / 1e6);
    }

  for (guint i = 0; i < N_PHOTOS; i++)
    {
      g_autofree char *path = photo_path (dir, i);
      GStatBuf st;

      if (g_stat (path, &st) == 0)
        total_size += st.st_size;
    }

  g_print ("Atelier reference preparation: %u photos of %ux%u (%.1f MB of JPEG), %u CPUs\n",
           N_PHOTOS, PHOTO_WIDTH, PHOTO_HEIGHT, total_size / 1e6, g_get_num_processors ());
  g_print ("Peak RSS before: %.1f MB\n", read_status_kb ("VmHWM:") / 1024.0);

  g_print ("All %u at once, cap %u px (default 4 MP):\n", N_PHOTOS, ATELIER_REFERENCE_DEFAULT_CAP);
  run (dir, N_PHOTOS, ATELIER_REFERENCE_DEFAULT_CAP);

  g_print ("One at original size (cap 0), for comparison:\n");
  run (dir, 1, 0);

  return 0;
}
