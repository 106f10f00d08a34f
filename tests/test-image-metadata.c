/* test-image-metadata.c — settings written into PNG, JPEG and WebP read back, pixels untouched
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "atelier-error.h"
#include "atelier-image-metadata.h"
#include "atelier-job-private.h"
#include "atelier-test-utils.h"

/* Non-ASCII on purpose: a prompt is UTF-8 and tEXt would mangle it. */
#define SETTINGS "{\"model\":\"flux-2-pro\",\"seed\":42,\"recipe\":{\"prompt\":\"Un renard roux — 雪の中 <&> \\\"quoted\\\"\"}}"

static GdkPixbuf *
make_pixbuf (gboolean alpha)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, alpha, 8, 37, 23);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  int channels = gdk_pixbuf_get_n_channels (pixbuf);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);

  for (int y = 0; y < 23; y++)
    for (int x = 0; x < 37; x++)
      {
        guint8 *p = pixels + y * stride + x * channels;

        p[0] = x * 7;
        p[1] = y * 11;
        p[2] = (x * y) & 0xff;
        if (alpha)
          p[3] = 128 + x;
      }
  return pixbuf;
}

static GBytes *
encode (GdkPixbuf  *pixbuf,
        const char *type)
{
  g_autoptr(GError) error = NULL;
  char *buffer = NULL;
  gsize size = 0;

  if (g_str_equal (type, "jpeg"))
    gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, type, &error, "quality", "90", NULL);
  else
    gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, type, &error, NULL);
  g_assert_no_error (error);
  return g_bytes_new_take (buffer, size);
}

static GdkPixbuf *
decode (GBytes *bytes)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr(GError) error = NULL;

  gdk_pixbuf_loader_write_bytes (loader, bytes, &error);
  g_assert_no_error (error);
  gdk_pixbuf_loader_close (loader, &error);
  g_assert_no_error (error);
  return g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
}

static void
assert_same_pixels (GdkPixbuf *a,
                    GdkPixbuf *b)
{
  int h = gdk_pixbuf_get_height (a);
  gsize row = (gsize) gdk_pixbuf_get_width (a) * gdk_pixbuf_get_n_channels (a);

  g_assert_cmpint (gdk_pixbuf_get_width (a), ==, gdk_pixbuf_get_width (b));
  g_assert_cmpint (h, ==, gdk_pixbuf_get_height (b));
  g_assert_cmpint (gdk_pixbuf_get_n_channels (a), ==, gdk_pixbuf_get_n_channels (b));
  for (int y = 0; y < h; y++)
    g_assert_cmpmem (gdk_pixbuf_read_pixels (a) + y * gdk_pixbuf_get_rowstride (a), row,
                     gdk_pixbuf_read_pixels (b) + y * gdk_pixbuf_get_rowstride (b), row);
}

static void
check_round_trip (const char *type,
                  gboolean    alpha)
{
  g_autoptr(GdkPixbuf) source = make_pixbuf (alpha);
  g_autoptr(GBytes) original = encode (source, type);
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GBytes) rewritten = NULL;
  g_autoptr(GdkPixbuf) before = NULL;
  g_autoptr(GdkPixbuf) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *none = NULL;
  g_autofree char *read = NULL;
  g_autofree char *reread = NULL;

  /* A file without settings: none, and no error. */
  none = atelier_image_metadata_read (original, &error);
  g_assert_no_error (error);
  g_assert_null (none);

  written = atelier_image_metadata_write (original, SETTINGS, &error);
  g_assert_no_error (error);
  g_assert_nonnull (written);
  read = atelier_image_metadata_read (written, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (read, ==, SETTINGS);

  /* The pixels are the very same: no re-encoding. */
  before = decode (original);
  after = decode (written);
  assert_same_pixels (before, after);

  /* Writing again replaces ours instead of stacking a second copy. */
  rewritten = atelier_image_metadata_write (written, "{\"seed\":7}", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (rewritten), <, g_bytes_get_size (written));
  reread = atelier_image_metadata_read (rewritten, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (reread, ==, "{\"seed\":7}");
  g_clear_object (&after);
  after = decode (rewritten);
  assert_same_pixels (before, after);
}

static void
test_png (void)
{
  check_round_trip ("png", FALSE);
  check_round_trip ("png", TRUE);
}

static void
test_jpeg (void)
{
  check_round_trip ("jpeg", FALSE);
}

/* A lossless WebP shell: RIFF, a VP8L header for 300×200 with alpha, and opaque payload bytes.
 * No WebP decoder is needed: the payload must come out byte for byte. */
static GBytes *
make_webp (void)
{
  GByteArray *array = g_byte_array_new ();
  guint8 payload[41];
  guint32 bits = (300 - 1) | ((200 - 1) << 14) | (1u << 28);
  guint32 size;

  payload[0] = 0x2f;
  payload[1] = bits;
  payload[2] = bits >> 8;
  payload[3] = bits >> 16;
  payload[4] = bits >> 24;
  for (guint i = 5; i < sizeof payload; i++)
    payload[i] = i * 13;

  g_byte_array_append (array, (const guint8 *) "RIFF\0\0\0\0WEBPVP8L", 16);
  size = sizeof payload;
  g_byte_array_append (array, (const guint8 []) { size, 0, 0, 0 }, 4);
  g_byte_array_append (array, payload, sizeof payload);
  g_byte_array_append (array, (const guint8 *) "", 1); /* odd size: pad */
  size = array->len - 8;
  array->data[4] = size;
  array->data[5] = size >> 8;
  return g_byte_array_free_to_bytes (array);
}

static void
test_webp (void)
{
  g_autoptr(GBytes) original = make_webp ();
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *read = NULL;
  const guint8 *data;
  gsize len;

  written = atelier_image_metadata_write (original, SETTINGS, &error);
  g_assert_no_error (error);
  read = atelier_image_metadata_read (written, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (read, ==, SETTINGS);

  data = g_bytes_get_data (written, &len);
  /* RIFF size covers the file; VP8X announces XMP and alpha with the 300×200 canvas. */
  g_assert_cmpuint (data[4] | (data[5] << 8) | (data[6] << 16) | ((guint32) data[7] << 24), ==, len - 8);
  g_assert_cmpmem (data + 12, 4, "VP8X", 4);
  g_assert_cmpuint (data[20] & 0x04, ==, 0x04);
  g_assert_cmpuint (data[20] & 0x10, ==, 0x10);
  g_assert_cmpuint (data[24] | (data[25] << 8) | (data[26] << 16), ==, 299);
  g_assert_cmpuint (data[27] | (data[28] << 8) | (data[29] << 16), ==, 199);
  /* The image chunk follows, unchanged. */
  g_assert_cmpmem (data + 30, g_bytes_get_size (original) - 12,
                   (const guint8 *) g_bytes_get_data (original, NULL) + 12, g_bytes_get_size (original) - 12);
}

static void
assert_refused (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autofree char *read = NULL;

  written = atelier_image_metadata_write (bytes, SETTINGS, &error);
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE);
  g_assert_null (written);
  g_clear_error (&error);
  read = atelier_image_metadata_read (bytes, &error);
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE);
  g_assert_null (read);
}

static void
test_corrupt (void)
{
  g_autoptr(GdkPixbuf) source = make_pixbuf (FALSE);
  g_autoptr(GBytes) png = encode (source, "png");
  g_autoptr(GBytes) jpeg = encode (source, "jpeg");
  g_autoptr(GBytes) webp = make_webp ();
  gsize len;
  const guint8 *data = g_bytes_get_data (png, &len);

  /* Truncated anywhere in the headers, and a flipped byte (the CRC notices). */
  for (gsize cut = 9; cut < 60; cut += 7)
    {
      g_autoptr(GBytes) part = g_bytes_new (data, cut);
      assert_refused (part);
    }
  {
    g_autofree guint8 *copy = g_memdup2 (data, len);
    g_autoptr(GBytes) flipped = NULL;

    copy[20] ^= 0x55;
    flipped = g_bytes_new_take (g_steal_pointer (&copy), len);
    assert_refused (flipped);
  }
  {
    g_autoptr(GBytes) part = g_bytes_new (g_bytes_get_data (jpeg, NULL), 30);
    assert_refused (part);
  }
  {
    g_autoptr(GBytes) part = g_bytes_new (g_bytes_get_data (webp, NULL), 24);
    assert_refused (part);
  }
  {
    g_autoptr(GBytes) text = g_bytes_new_static ("hello, not an image", 19);
    assert_refused (text);
  }
  {
    g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
    assert_refused (empty);
  }
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (atelier_image_metadata_save_copy_finish (result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  *(char **) user_data = atelier_image_metadata_read_file_finish (result, &error);
  g_assert_no_error (error);
}

static gboolean
pointer_is_set (gpointer data)
{
  return *(char **) data != NULL;
}

/* Save As writes a copy with the settings; the library's original stays as BFL sent it. */
static void
test_save_copy (void)
{
  g_autoptr(GdkPixbuf) source = make_pixbuf (FALSE);
  g_autoptr(GBytes) jpeg = encode (source, "jpeg");
  g_autofree char *src_path = g_build_filename (atelier_test_get_tmp_dir (), "original.jpg", NULL);
  g_autofree char *dest_path = g_build_filename (atelier_test_get_tmp_dir (), "2026-11-24 red fox.jpg", NULL);
  g_autoptr(GFile) src = g_file_new_for_path (src_path);
  g_autoptr(GFile) dest = g_file_new_for_path (dest_path);
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *settings = NULL;
  gboolean saved = FALSE;

  g_assert_true (g_file_set_contents (src_path, g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg), NULL));
  atelier_image_metadata_save_copy_async (src, dest, SETTINGS, NULL, on_saved, &saved);
  g_assert_true (atelier_test_wait_for_flag (&saved, 5000));

  atelier_image_metadata_read_file_async (dest, NULL, on_read, &settings);
  g_assert_true (atelier_test_wait_until (pointer_is_set, &settings, 5000));
  g_assert_cmpstr (settings, ==, SETTINGS);

  after = g_file_load_bytes (src, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (after, jpeg));
}

static void
test_job_settings (void)
{
  g_autoptr(AtelierRecipe) recipe = atelier_recipe_new ();
  g_autoptr(AtelierJob) job = NULL;
  g_autoptr(AtelierRecipe) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *settings = NULL;

  atelier_recipe_set_model_id (recipe, "flux-2-flex");
  atelier_recipe_set_prompt (recipe, "A red fox in snow");
  atelier_recipe_set_size (recipe, 1024, 768);
  atelier_recipe_set_region (recipe, ATELIER_REGION_EU);
  atelier_recipe_set_number (recipe, "steps", 28);
  job = atelier_job_new (recipe);
  _atelier_job_set_seed (job, 123456);

  settings = atelier_image_metadata_settings_for_job (job);
  back = atelier_image_metadata_settings_to_recipe (settings, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (atelier_recipe_get_model_id (back), ==, "flux-2-flex");
  g_assert_cmpstr (atelier_recipe_get_prompt (back), ==, "A red fox in snow");
  g_assert_cmpuint (atelier_recipe_get_width (back), ==, 1024);
  g_assert_cmpuint (atelier_recipe_get_height (back), ==, 768);
  g_assert_cmpint (atelier_recipe_get_region (back), ==, ATELIER_REGION_EU);
  g_assert_cmpfloat (atelier_recipe_get_number (back, "steps", 0), ==, 28);
  /* The seed that made the image, so the same settings make the same picture. */
  g_assert_cmpint (atelier_recipe_get_seed (back), ==, 123456);

  g_assert_null (atelier_image_metadata_settings_to_recipe ("not json", &error));
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE);
}

int
main (int   argc,
      char *argv[])
{
  atelier_test_init (&argc, &argv);
  g_test_add_func ("/image-metadata/png", test_png);
  g_test_add_func ("/image-metadata/jpeg", test_jpeg);
  g_test_add_func ("/image-metadata/webp", test_webp);
  g_test_add_func ("/image-metadata/corrupt", test_corrupt);
  g_test_add_func ("/image-metadata/save-copy", test_save_copy);
  g_test_add_func ("/image-metadata/job-settings", test_job_settings);
  return g_test_run ();
}
