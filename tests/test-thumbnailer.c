/* test-thumbnailer.c — the thumbnail cache: bounded by bytes, least recently used out first,
 * thumbnails on disk kept
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <gtk/gtk.h>

#include "atelier-test-utils.h"
#include "atelier-thumbnailer.h"

/* Pictures of 64×64 make thumbnails of 64×64: 16 KiB of texture each. */
#define SIDE        64
#define THUMB_BYTES (SIDE * SIDE * 4)

typedef struct
{
  GFile              *cache_dir;
  GFile              *image_dir;
  AtelierThumbnailer *thumbnailer;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("atelier-thumbnailer-XXXXXX", NULL);
  g_autofree char *cache = g_build_filename (dir, "cache", NULL);
  g_autofree char *images = g_build_filename (dir, "images", NULL);

  g_assert_nonnull (dir);
  g_mkdir_with_parents (images, 0700);
  fixture->cache_dir = g_file_new_for_path (cache);
  fixture->image_dir = g_file_new_for_path (images);
  /* Room for three thumbnails, not four. */
  fixture->thumbnailer = atelier_thumbnailer_new (fixture->cache_dir, 3 * THUMB_BYTES + THUMB_BYTES / 2);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GFile) parent = g_file_get_parent (fixture->cache_dir);
  g_autofree char *path = g_file_get_path (parent);

  g_clear_object (&fixture->thumbnailer);
  g_clear_object (&fixture->cache_dir);
  g_clear_object (&fixture->image_dir);
  atelier_test_rm_rf (path);
}

/* A picture of `side` px square named after the job, on disk. */
static GFile *
make_picture (Fixture    *fixture,
              const char *job_id,
              int         side)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, side, side);
  g_autofree char *name = g_strconcat (job_id, ".png", NULL);
  GFile *file = g_file_get_child (fixture->image_dir, name);
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;

  gdk_pixbuf_fill (pixbuf, 0x336699ff);
  gdk_pixbuf_save (pixbuf, path, "png", &error, NULL);
  g_assert_no_error (error);
  return file;
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GdkTexture **texture = user_data;
  g_autoptr(GError) error = NULL;

  *texture = atelier_thumbnailer_load_finish (ATELIER_THUMBNAILER (source), result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*texture);
}

static gboolean
texture_arrived (gpointer user_data)
{
  return *(GdkTexture **) user_data != NULL;
}

/* Loads one job's thumbnail the way a cell does, and returns the texture (a new reference). */
static GdkTexture *
load (Fixture    *fixture,
      const char *job_id,
      GFile      *image)
{
  GdkTexture *texture = NULL;

  atelier_thumbnailer_load_async (fixture->thumbnailer, job_id, image, NULL, on_loaded, &texture);
  g_assert_true (atelier_test_wait_until (texture_arrived, &texture, 10000));
  return texture;
}

/* As a cell that shows the thumbnail and is then scrolled away. */
static void
load_and_let_go (Fixture    *fixture,
                 const char *job_id,
                 GFile      *image)
{
  g_object_unref (load (fixture, job_id, image));
}

static gboolean
cached (Fixture    *fixture,
        const char *job_id,
        GFile      *image)
{
  return atelier_thumbnailer_lookup (fixture->thumbnailer, job_id, image) != NULL;
}

static void
test_bounded_by_bytes (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *ids[] = { "job-1", "job-2", "job-3", "job-4", "job-5" };
  g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_ptr_array_add (images, make_picture (fixture, ids[i], SIDE));

  /* Three fit. */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GdkTexture) texture = load (fixture, ids[i], g_ptr_array_index (images, i));

      g_assert_cmpint (gdk_texture_get_width (texture), ==, SIDE);
      g_assert_true (cached (fixture, ids[i], g_ptr_array_index (images, i)));
    }
  g_assert_cmpuint (atelier_thumbnailer_get_cached_bytes (fixture->thumbnailer), ==, 3 * THUMB_BYTES);
  g_assert_cmpuint (atelier_thumbnailer_get_n_cached (fixture->thumbnailer), ==, 3);

  /* The first is looked at again: the second is now the least recently used, and leaves when a
   * fourth comes in. */
  g_assert_true (cached (fixture, ids[0], g_ptr_array_index (images, 0)));
  load_and_let_go (fixture, ids[3], g_ptr_array_index (images, 3));
  g_assert_cmpuint (atelier_thumbnailer_get_cached_bytes (fixture->thumbnailer), <=,
                    atelier_thumbnailer_get_max_bytes (fixture->thumbnailer));
  g_assert_cmpuint (atelier_thumbnailer_get_n_cached (fixture->thumbnailer), ==, 3);
  g_assert_false (cached (fixture, ids[1], g_ptr_array_index (images, 1)));
  g_assert_true (cached (fixture, ids[0], g_ptr_array_index (images, 0)));
  g_assert_true (cached (fixture, ids[2], g_ptr_array_index (images, 2)));
  g_assert_true (cached (fixture, ids[3], g_ptr_array_index (images, 3)));

  /* A fifth pushes out the oldest left (the third; the first and fourth were used since). */
  g_assert_true (cached (fixture, ids[0], g_ptr_array_index (images, 0)));
  load_and_let_go (fixture, ids[4], g_ptr_array_index (images, 4));
  g_assert_false (cached (fixture, ids[2], g_ptr_array_index (images, 2)));
  g_assert_true (cached (fixture, ids[0], g_ptr_array_index (images, 0)));
  g_assert_cmpuint (atelier_thumbnailer_get_cached_bytes (fixture->thumbnailer), ==, 3 * THUMB_BYTES);

  /* Evicted from memory, kept on disk: the thumbnail is found without decoding the picture. */
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(GFile) on_disk = atelier_thumbnailer_find_cached_file (fixture->thumbnailer, ids[i],
                                                                       g_ptr_array_index (images, i),
                                                                       NULL);

      g_assert_nonnull (on_disk);
    }
}

static void
weak_notify (gpointer  data,
             GObject  *where_the_object_was)
{
  *(gboolean *) data = TRUE;
}

/* The cache's reference is the only one it owns: once a texture is evicted and whoever showed
 * it let go, its memory is freed. */
static void
test_evicted_texture_is_freed (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GFile) first = make_picture (fixture, "first", SIDE);
  GdkTexture *texture = load (fixture, "first", first);
  gboolean freed = FALSE;

  g_object_weak_ref (G_OBJECT (texture), weak_notify, &freed);
  g_object_unref (texture);  /* the cell let go; the cache still holds it */
  g_assert_false (freed);

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("other-%u", i);
      g_autoptr(GFile) image = make_picture (fixture, id, SIDE);

      load_and_let_go (fixture, id, image);
    }
  g_assert_true (freed);
  g_assert_false (cached (fixture, "first", first));
}

/* A thumbnail larger than the whole budget is handed out but never kept, and never pushes the
 * others out. */
static void
test_larger_than_budget (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GFile) small = make_picture (fixture, "small", SIDE);
  g_autoptr(GFile) large = make_picture (fixture, "large", ATELIER_THUMBNAIL_SIZE);
  g_autoptr(GdkTexture) texture = NULL;

  load_and_let_go (fixture, "small", small);
  texture = load (fixture, "large", large);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, ATELIER_THUMBNAIL_SIZE);
  g_assert_false (cached (fixture, "large", large));
  g_assert_true (cached (fixture, "small", small));
  g_assert_cmpuint (atelier_thumbnailer_get_cached_bytes (fixture->thumbnailer), ==, THUMB_BYTES);
}

static void
test_default_budget (void)
{
  AtelierThumbnailer *thumbnailer = atelier_thumbnailer_get_default ();

  g_assert_cmpuint (atelier_thumbnailer_get_max_bytes (thumbnailer), ==, ATELIER_THUMBNAILER_DEFAULT_BYTES);
  g_assert_cmpuint (atelier_thumbnailer_get_cached_bytes (thumbnailer), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  atelier_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/thumbnailer/bounded-by-bytes", test_bounded_by_bytes);
  ADD ("/thumbnailer/evicted-texture-is-freed", test_evicted_texture_is_freed);
  ADD ("/thumbnailer/larger-than-budget", test_larger_than_budget);
#undef ADD
  g_test_add_func ("/thumbnailer/default-budget", test_default_budget);
  return g_test_run ();
}
