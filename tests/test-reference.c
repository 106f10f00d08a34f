/* test-reference.c — preparing reference images: what is sent, what is refused
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* syscall () and SYS_gettid: a worker thread's own priority */
#define _GNU_SOURCE

#include <errno.h>
#include <glib/gstdio.h>
#include <malloc.h>
#include <png.h>
#include <stdio.h>
#include <string.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "atelier-error.h"
#include "atelier-reference.h"
#include "atelier-test-hostile.h"
#include "atelier-test-utils.h"
#include "atelier-worker.h"

/* Inputs, made with GdkPixbuf at test time */

static GFile *
write_file (const char *name,
            GBytes     *bytes)
{
  g_autofree char *path = g_build_filename (atelier_test_get_tmp_dir (), name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);

  return g_file_new_for_path (path);
}

static GdkPixbuf *
decode_bytes (GBytes *bytes)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(GError) error = NULL;
  GdkPixbuf *pixbuf = gdk_pixbuf_new_from_stream (stream, NULL, &error);

  g_assert_no_error (error);
  return pixbuf;
}

/* Inserts an EXIF APP1 segment with the given orientation right after the JPEG's SOI marker. */
static GBytes *
add_exif_orientation (GBytes *jpeg,
                      guint8  orientation)
{
  const guint8 app1[] = {
    0xff, 0xe1, 0x00, 0x22,                     /* APP1, 34 bytes with the length */
    'E', 'x', 'i', 'f', 0, 0,
    'M', 'M', 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, /* big-endian TIFF, IFD0 at 8 */
    0x00, 0x01,                                 /* one entry */
    0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, /* Orientation, SHORT, 1 value */
    0x00, orientation, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00,                     /* no next IFD */
  };
  gsize size;
  const guint8 *data = g_bytes_get_data (jpeg, &size);
  GByteArray *out = g_byte_array_new ();

  g_assert_cmpuint (size, >, 2);
  g_assert_cmpuint (data[0], ==, 0xff);
  g_assert_cmpuint (data[1], ==, 0xd8);

  g_byte_array_append (out, data, 2);
  g_byte_array_append (out, app1, sizeof app1);
  g_byte_array_append (out, data + 2, size - 2);

  return g_byte_array_free_to_bytes (out);
}

static guint64
read_proc_status_kb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, field);
  if (line == NULL)
    return 0;

  return g_ascii_strtoull (line + strlen (field) + 1, NULL, 10);
}

/* Running the async API the way the app does */

typedef struct
{
  AtelierReference *reference;
  GError           *error;
  gboolean          done;
  GThread          *callback_thread;
} PrepareResult;

static void
on_prepared (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  PrepareResult *res = user_data;

  res->reference = atelier_reference_prepare_finish (result, &res->error);
  res->callback_thread = g_thread_self ();
  res->done = TRUE;
}

static AtelierReference *
prepare_file (GFile    *file,
              guint64   max_pixels,
              GError  **error)
{
  PrepareResult res = { 0 };

  atelier_reference_prepare_file_async (file, max_pixels, NULL, on_prepared, &res);
  g_assert_false (res.done);
  g_assert_true (atelier_test_wait_for_flag (&res.done, 60000));
  /* The result comes back on the caller's main context. */
  g_assert_true (res.callback_thread == g_thread_self ());

  if (res.error != NULL)
    g_propagate_error (error, res.error);
  return res.reference;
}

static AtelierReference *
prepare_bytes (GBytes     *bytes,
               const char *name,
               guint64     max_pixels,
               GError    **error)
{
  PrepareResult res = { 0 };

  atelier_reference_prepare_bytes_async (bytes, name, max_pixels, NULL, on_prepared, &res);
  g_assert_true (atelier_test_wait_for_flag (&res.done, 60000));
  g_assert_true (res.callback_thread == g_thread_self ());

  if (res.error != NULL)
    g_propagate_error (error, res.error);
  return res.reference;
}

/* What is sent must be what the reference says it is. */
static void
assert_sent_matches (AtelierReference *reference)
{
  g_autoptr(GdkPixbuf) sent = decode_bytes (atelier_reference_get_bytes (reference));
  g_autofree guchar *decoded = NULL;
  gsize decoded_size = 0;
  gsize size;
  const guint8 *data = g_bytes_get_data (atelier_reference_get_bytes (reference), &size);
  GdkPixbuf *thumbnail;

  g_assert_cmpuint (gdk_pixbuf_get_width (sent), ==, atelier_reference_get_width (reference));
  g_assert_cmpuint (gdk_pixbuf_get_height (sent), ==, atelier_reference_get_height (reference));

  if (g_str_equal (atelier_reference_get_mime_type (reference), "image/png"))
    {
      g_assert_cmpstr (atelier_reference_get_extension (reference), ==, "png");
      g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);
    }
  else
    {
      g_assert_cmpstr (atelier_reference_get_mime_type (reference), ==, "image/jpeg");
      g_assert_cmpstr (atelier_reference_get_extension (reference), ==, "jpg");
      g_assert_cmpmem (data, 2, "\xff\xd8", 2);
    }

  /* Raw base64 of exactly the bytes, no data: prefix. */
  g_assert_false (g_str_has_prefix (atelier_reference_get_base64 (reference), "data:"));
  decoded = g_base64_decode (atelier_reference_get_base64 (reference), &decoded_size);
  g_assert_cmpmem (decoded, decoded_size, data, size);

  thumbnail = atelier_reference_get_thumbnail (reference);
  g_assert_nonnull (thumbnail);
  g_assert_cmpint (gdk_pixbuf_get_width (thumbnail), <=, 256);
  g_assert_cmpint (gdk_pixbuf_get_height (thumbnail), <=, 256);
}

/* Tests */

static void
test_not_an_image (void)
{
  g_autoptr(GBytes) text = g_bytes_new_static ("Buy milk.\nCall Ada about the poster.\n", 37);
  g_autoptr(GFile) file = write_file ("notes.txt", text);
  g_autoptr(AtelierReference) reference = NULL;
  g_autoptr(GError) error = NULL;

  reference = prepare_file (file, ATELIER_REFERENCE_DEFAULT_CAP, &error);
  g_assert_null (reference);
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE);
  g_assert_cmpstr (error->message, ==, "notes.txt is not an image Atelier can read");
}

static void
test_empty_and_missing (void)
{
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GFile) file = write_file ("empty.png", empty);
  g_autoptr(GFile) missing = g_file_new_build_filename (atelier_test_get_tmp_dir (),
                                                        "gone.jpg", NULL);
  g_autoptr(AtelierReference) reference = NULL;
  g_autoptr(GError) error = NULL;

  reference = prepare_file (file, ATELIER_REFERENCE_DEFAULT_CAP, &error);
  g_assert_null (reference);
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE);
  g_assert_cmpstr (error->message, ==, "empty.png is empty");
  g_clear_error (&error);

  reference = prepare_file (missing, ATELIER_REFERENCE_DEFAULT_CAP, &error);
  g_assert_null (reference);
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE);
  g_assert_cmpstr (error->message, ==, "gone.jpg was not found");
}

static void
test_truncated_jpeg (void)
{
  g_autoptr(GdkPixbuf) pixbuf = atelier_test_make_pixbuf (640, 480, FALSE);
  g_autoptr(GBytes) jpeg = atelier_test_encode (pixbuf, "jpeg");
  g_autoptr(GBytes) truncated = g_bytes_new_from_bytes (jpeg, 0, g_bytes_get_size (jpeg) / 2);
  g_autoptr(GBytes) header_only = g_bytes_new_from_bytes (jpeg, 0, 300);
  g_autoptr(GFile) file = write_file ("holiday.jpg", truncated);
  g_autoptr(AtelierReference) reference = NULL;
  g_autoptr(GError) error = NULL;

  reference = prepare_file (file, ATELIER_REFERENCE_DEFAULT_CAP, &error);
  g_assert_null (reference);
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE);
  g_assert_cmpstr (error->message, ==, "holiday.jpg is damaged or incomplete and cannot be read");
  g_clear_error (&error);

  reference = prepare_bytes (header_only, "Pasted image", ATELIER_REFERENCE_DEFAULT_CAP, &error);
  g_assert_null (reference);
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE);
  g_assert_cmpstr (error->message, ==, "Pasted image is damaged or incomplete and cannot be read");
}

static void
test_corrupt_jpeg (void)
{
  g_autoptr(GdkPixbuf) pixbuf = atelier_test_make_pixbuf (640, 480, FALSE);
  g_autoptr(GBytes) jpeg = atelier_test_encode (pixbuf, "jpeg");
  g_autoptr(GBytes) corrupt = NULL;
  g_autoptr(AtelierReference) reference = NULL;
  g_autoptr(GError) error = NULL;
  gsize size;
  guint8 *data = g_memdup2 (g_bytes_get_data (jpeg, &size), g_bytes_get_size (jpeg));

  /* Wreck the frame header: a JPEG that says it is 0 pixels high. */
  for (gsize i = 2; i + 8 < size; i++)
    {
      if (data[i] == 0xff && (data[i + 1] == 0xc0 || data[i + 1] == 0xc2))
        {
          data[i + 5] = 0;
          data[i + 6] = 0;
          break;
        }
    }
  corrupt = g_bytes_new_take (data, size);

  reference = prepare_bytes (corrupt, "scan.jpg", ATELIER_REFERENCE_DEFAULT_CAP, &error);
  g_assert_null (reference);
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE);
  g_assert_true (g_str_has_prefix (error->message, "scan.jpg "));
}

static void
test_decompression_bomb (void)
{
  g_autoptr(GBytes) bomb = atelier_test_make_png_bomb (40000, 40000);
  g_autoptr(GFile) file = write_file ("photo.png", bomb);
  g_autoptr(AtelierReference) reference = NULL;
  g_autoptr(GError) error = NULL;
  guint64 peak_before = read_proc_status_kb ("VmPeak:");
  guint64 peak_after;
  gint64 start = g_get_monotonic_time ();

  g_assert_cmpuint (g_bytes_get_size (bomb), <, 100);

  reference = prepare_file (file, 0, &error);
  g_assert_null (reference);
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE);
  g_assert_cmpstr (error->message, ==,
                   "photo.png is too large (40000 × 40000 pixels, 100 megapixels at most)");

  /* Refused from the header: fast, and the 4.8 GB of pixels were never even reserved (VmPeak
   * counts address space, which an untouched allocation would still take). */
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  peak_after = read_proc_status_kb ("VmPeak:");
  g_assert_cmpuint (peak_before, >, 0);
  g_assert_cmpuint (peak_after - peak_before, <, 1024 * 1024);
}

static void
test_downscale_to_cap (void)
{
  g_autoptr(GdkPixbuf) pixbuf = atelier_test_make_pixbuf (6000, 4000, FALSE);
  g_autoptr(GBytes) jpeg = atelier_test_encode (pixbuf, "jpeg");
  g_autoptr(GFile) file = write_file ("camera.jpg", jpeg);
  g_autoptr(AtelierReference) reference = NULL;
  g_autoptr(GError) error = NULL;
  guint64 sent_pixels;
  double aspect;

  g_clear_object (&pixbuf);

  reference = prepare_file (file, 4u * 1024u * 1024u, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reference);

  sent_pixels = (guint64) atelier_reference_get_width (reference) *
                atelier_reference_get_height (reference);
  aspect = (double) atelier_reference_get_width (reference) /
           atelier_reference_get_height (reference);
  g_assert_cmpuint (sent_pixels, <=, 4194304);
  /* Not needlessly smaller than the cap either: that would waste the user's detail. */
  g_assert_cmpuint (sent_pixels, >, 4194304 * 99 / 100);
  g_assert_cmpfloat_with_epsilon (aspect, 1.5, 0.002);
  g_assert_cmpuint (atelier_reference_get_source_width (reference), ==, 6000);
  g_assert_cmpuint (atelier_reference_get_source_height (reference), ==, 4000);
  g_assert_cmpstr (atelier_reference_get_name (reference), ==, "camera.jpg");
  g_assert_cmpstr (atelier_reference_get_mime_type (reference), ==, "image/jpeg");
  g_assert_false (atelier_reference_has_alpha (reference));
  assert_sent_matches (reference);

  /* The thumbnail keeps the aspect too. */
  g_assert_cmpint (gdk_pixbuf_get_width (atelier_reference_get_thumbnail (reference)), ==, 256);
  g_assert_cmpint (gdk_pixbuf_get_height (atelier_reference_get_thumbnail (reference)), ==, 171);
}

static void
test_cap_zero_keeps_size (void)
{
  g_autoptr(GdkPixbuf) pixbuf = atelier_test_make_pixbuf (2600, 1800, FALSE);
  g_autoptr(GBytes) png = atelier_test_encode (pixbuf, "png");
  g_autoptr(AtelierReference) reference = NULL;
  g_autoptr(GError) error = NULL;

  reference = prepare_bytes (png, "scan.png", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (atelier_reference_get_width (reference), ==, 2600);
  g_assert_cmpuint (atelier_reference_get_height (reference), ==, 1800);
  /* Opaque: sent as JPEG, not as a heavy PNG. */
  g_assert_cmpstr (atelier_reference_get_mime_type (reference), ==, "image/jpeg");
  assert_sent_matches (reference);
}

static void
test_never_upscaled (void)
{
  g_autoptr(GdkPixbuf) pixbuf = atelier_test_make_pixbuf (320, 200, FALSE);
  g_autoptr(GBytes) jpeg = atelier_test_encode (pixbuf, "jpeg");
  g_autoptr(AtelierReference) reference = NULL;
  g_autoptr(GError) error = NULL;

  reference = prepare_bytes (jpeg, "icon.jpg", ATELIER_REFERENCE_DEFAULT_CAP, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (atelier_reference_get_width (reference), ==, 320);
  g_assert_cmpuint (atelier_reference_get_height (reference), ==, 200);
  g_assert_cmpuint (atelier_reference_get_source_width (reference), ==, 320);
  g_assert_cmpuint (atelier_reference_get_source_height (reference), ==, 200);
  assert_sent_matches (reference);
  g_assert_cmpint (gdk_pixbuf_get_width (atelier_reference_get_thumbnail (reference)), ==, 256);
  g_assert_cmpint (gdk_pixbuf_get_height (atelier_reference_get_thumbnail (reference)), ==, 160);
}

static void
test_alpha (void)
{
  g_autoptr(GdkPixbuf) cutout = atelier_test_make_pixbuf (400, 300, TRUE);
  g_autoptr(GdkPixbuf) opaque = atelier_test_make_pixbuf (400, 300, TRUE);
  g_autoptr(GBytes) cutout_png = NULL;
  g_autoptr(GBytes) opaque_png = NULL;
  g_autoptr(AtelierReference) reference = NULL;
  g_autoptr(GdkPixbuf) sent = NULL;
  g_autoptr(GError) error = NULL;
  guint8 *pixels = gdk_pixbuf_get_pixels (cutout);
  int rowstride = gdk_pixbuf_get_rowstride (cutout);

  /* Clear the right half. */
  for (int y = 0; y < 300; y++)
    for (int x = 200; x < 400; x++)
      pixels[y * rowstride + x * 4 + 3] = 0;
  cutout_png = atelier_test_encode (cutout, "png");
  opaque_png = atelier_test_encode (opaque, "png");

  reference = prepare_bytes (cutout_png, "sticker.png", ATELIER_REFERENCE_DEFAULT_CAP, &error);
  g_assert_no_error (error);
  g_assert_true (atelier_reference_has_alpha (reference));
  g_assert_cmpstr (atelier_reference_get_mime_type (reference), ==, "image/png");
  assert_sent_matches (reference);
  sent = decode_bytes (atelier_reference_get_bytes (reference));
  g_assert_true (gdk_pixbuf_get_has_alpha (sent));
  g_assert_cmpuint (gdk_pixbuf_get_pixels (sent)[300 * 4 + 3], ==, 0);
  g_assert_cmpuint (gdk_pixbuf_get_pixels (sent)[100 * 4 + 3], ==, 255);
  g_clear_object (&reference);

  /* An alpha channel that is everywhere opaque is no reason for a PNG. */
  reference = prepare_bytes (opaque_png, "flat.png", ATELIER_REFERENCE_DEFAULT_CAP, &error);
  g_assert_no_error (error);
  g_assert_false (atelier_reference_has_alpha (reference));
  g_assert_cmpstr (atelier_reference_get_mime_type (reference), ==, "image/jpeg");
  assert_sent_matches (reference);
}

static void
test_exif_orientation (void)
{
  g_autoptr(GdkPixbuf) pixbuf = atelier_test_make_pixbuf (300, 200, FALSE);
  g_autoptr(GBytes) jpeg = atelier_test_encode (pixbuf, "jpeg");
  g_autoptr(GBytes) rotated = add_exif_orientation (jpeg, 6);
  g_autoptr(GFile) file = write_file ("portrait.jpg", rotated);
  g_autoptr(AtelierReference) reference = NULL;
  g_autoptr(GdkPixbuf) sent = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 *top_right;
  const guint8 *top_left;
  int n_channels;

  reference = prepare_file (file, ATELIER_REFERENCE_DEFAULT_CAP, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (atelier_reference_get_width (reference), ==, 200);
  g_assert_cmpuint (atelier_reference_get_height (reference), ==, 300);
  g_assert_cmpuint (atelier_reference_get_source_width (reference), ==, 200);
  g_assert_cmpuint (atelier_reference_get_source_height (reference), ==, 300);
  assert_sent_matches (reference);

  /* Orientation 6: turned a quarter clockwise, the red top-left corner is now top-right. */
  sent = decode_bytes (atelier_reference_get_bytes (reference));
  n_channels = gdk_pixbuf_get_n_channels (sent);
  top_right = gdk_pixbuf_read_pixels (sent) + (200 - 3) * n_channels + 2 * gdk_pixbuf_get_rowstride (sent);
  top_left = gdk_pixbuf_read_pixels (sent) + 2 * gdk_pixbuf_get_rowstride (sent) + 2 * n_channels;
  g_assert_cmpuint (top_right[0], >, 200);
  g_assert_cmpuint (top_right[1], <, 60);
  g_assert_cmpuint (top_left[0], <, 60);
}

static void
test_too_many_bytes (void)
{
  g_autofree char *path = g_build_filename (atelier_test_get_tmp_dir (), "huge.tiff", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(AtelierReference) reference = NULL;
  g_autoptr(GError) error = NULL;
  FILE *stream;

  /* A sparse file: 300 MB on paper, nothing on disk. Refused before any of it is read. */
  stream = g_fopen (path, "wb");
  g_assert_nonnull (stream);
  g_assert_cmpint (fseek (stream, 300 * 1024 * 1024 - 1, SEEK_SET), ==, 0);
  g_assert_cmpint (fputc (0, stream), ==, 0);
  fclose (stream);

  reference = prepare_file (file, ATELIER_REFERENCE_DEFAULT_CAP, &error);
  g_assert_null (reference);
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE);
  g_assert_true (g_str_has_prefix (error->message, "huge.tiff is too large ("));
  g_assert_nonnull (strstr (error->message, "at most)"));
}

static void
test_new_prepared (void)
{
  g_autoptr(GdkPixbuf) photo = atelier_test_make_pixbuf (3000, 2000, FALSE);
  g_autoptr(GdkPixbuf) cutout = atelier_test_make_pixbuf (300, 300, TRUE);
  g_autoptr(GBytes) jpeg = atelier_test_encode (photo, "jpeg");
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GBytes) text = g_bytes_new_static ("hello", 5);
  g_autoptr(AtelierReference) prepared = NULL;
  g_autoptr(AtelierReference) again = NULL;
  g_autoptr(GError) error = NULL;
  PrepareResult res = { 0 };

  gdk_pixbuf_get_pixels (cutout)[3] = 10;
  png = atelier_test_encode (cutout, "png");

  prepared = atelier_reference_prepare_bytes (jpeg, "street.jpg", 2u * 1024u * 1024u, NULL,
                                              &error);
  g_assert_no_error (error);

  /* The library's copy comes back exactly as it was sent. */
  again = atelier_reference_new_prepared (atelier_reference_get_bytes (prepared), "street.jpg",
                                          &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (atelier_reference_get_bytes (again),
                                atelier_reference_get_bytes (prepared)));
  g_assert_cmpstr (atelier_reference_get_base64 (again), ==,
                   atelier_reference_get_base64 (prepared));
  g_assert_cmpuint (atelier_reference_get_width (again), ==,
                    atelier_reference_get_width (prepared));
  g_assert_cmpuint (atelier_reference_get_height (again), ==,
                    atelier_reference_get_height (prepared));
  g_assert_cmpstr (atelier_reference_get_mime_type (again), ==, "image/jpeg");
  g_assert_cmpstr (atelier_reference_get_name (again), ==, "street.jpg");
  assert_sent_matches (again);
  g_clear_object (&again);

  /* The same, off the main thread. */
  atelier_reference_new_prepared_async (atelier_reference_get_bytes (prepared), "street.jpg",
                                        NULL, on_prepared, &res);
  g_assert_true (atelier_test_wait_for_flag (&res.done, 30000));
  g_assert_no_error (res.error);
  g_assert_true (res.callback_thread == g_thread_self ());
  g_assert_true (g_bytes_equal (atelier_reference_get_bytes (res.reference),
                                atelier_reference_get_bytes (prepared)));
  g_clear_object (&res.reference);

  again = atelier_reference_new_prepared (png, "cutout.png", &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (atelier_reference_get_bytes (again), png));
  g_assert_true (atelier_reference_has_alpha (again));
  g_assert_cmpstr (atelier_reference_get_mime_type (again), ==, "image/png");
  g_assert_cmpuint (atelier_reference_get_width (again), ==, 300);
  assert_sent_matches (again);
  g_clear_object (&again);

  again = atelier_reference_new_prepared (text, "notes.txt", &error);
  g_assert_null (again);
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE);
  g_assert_cmpstr (error->message, ==, "notes.txt is not an image Atelier can read");
}

static void
test_cancel (void)
{
  g_autoptr(GdkPixbuf) pixbuf = atelier_test_make_pixbuf (3000, 2000, FALSE);
  g_autoptr(GBytes) jpeg = atelier_test_encode (pixbuf, "jpeg");
  g_autoptr(GFile) file = write_file ("cancelled.jpg", jpeg);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(AtelierReference) reference = NULL;
  g_autoptr(GError) error = NULL;
  PrepareResult file_res = { 0 };
  PrepareResult bytes_res = { 0 };

  /* Cancelled while it runs: the caller gets G_IO_ERROR_CANCELLED, never a reference. */
  atelier_reference_prepare_file_async (file, ATELIER_REFERENCE_DEFAULT_CAP, cancellable,
                                        on_prepared, &file_res);
  atelier_reference_prepare_bytes_async (jpeg, "pasted", ATELIER_REFERENCE_DEFAULT_CAP,
                                         cancellable, on_prepared, &bytes_res);
  g_cancellable_cancel (cancellable);
  g_assert_true (atelier_test_wait_for_flag (&file_res.done, 30000));
  g_assert_true (atelier_test_wait_for_flag (&bytes_res.done, 30000));
  g_assert_null (file_res.reference);
  g_assert_error (file_res.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (bytes_res.reference);
  g_assert_error (bytes_res.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (file_res.callback_thread == g_thread_self ());
  g_clear_error (&file_res.error);
  g_clear_error (&bytes_res.error);

  g_cancellable_cancel (cancelled);
  reference = atelier_reference_prepare_bytes (jpeg, "pasted", 0, cancelled, &error);
  g_assert_null (reference);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_many_at_once (void)
{
  PrepareResult results[7] = { { 0 } };
  guint n_done;

  /* More than there are processors: the ones that wait their turn are not lost or mixed up. */
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_autoptr(GdkPixbuf) pixbuf = atelier_test_make_pixbuf (100 + i, 80, FALSE);
      g_autoptr(GBytes) jpeg = atelier_test_encode (pixbuf, "jpeg");
      g_autofree char *name = g_strdup_printf ("photo-%u.jpg", i);

      atelier_reference_prepare_bytes_async (jpeg, name, ATELIER_REFERENCE_DEFAULT_CAP, NULL,
                                             on_prepared, &results[i]);
    }

  do
    {
      n_done = 0;
      for (guint i = 0; i < G_N_ELEMENTS (results); i++)
        n_done += results[i].done;
      if (n_done < G_N_ELEMENTS (results))
        g_main_context_iteration (NULL, TRUE);
    }
  while (n_done < G_N_ELEMENTS (results));

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_autofree char *name = g_strdup_printf ("photo-%u.jpg", i);

      g_assert_no_error (results[i].error);
      g_assert_cmpstr (atelier_reference_get_name (results[i].reference), ==, name);
      g_assert_cmpuint (atelier_reference_get_width (results[i].reference), ==, 100 + i);
      g_clear_object (&results[i].reference);
    }
}

/* Found by fuzz-reference: a 186-byte BMP whose header made gdk-pixbuf's BMP loader allocate
 * 2.9 GB before any size check could run. Formats outside PNG, JPEG and WebP are refused
 * before a loader sees them. */
static void
test_forged_bmp_refused (void)
{
  static const guint8 forged[] = {
    0x42, 0x4d, 0xba, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x8a, 0x00, 0x00, 0xad, 0xad, 0xad,
    0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0x00,
    0x7c, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01, 0x00, 0x18, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x30, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0x00, 0x00, 0xff, 0x00, 0x00,
    0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0x42, 0x47, 0x52, 0x73, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0x00, 0x00, 0xff, 0x00, 0x00, 0xff, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0x42, 0x47, 0x52, 0x73, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0x00, 0x00, 0xff,
    0x00, 0x00, 0xff, 0x00, 0x00, 0xff, 0x00, 0xff, 0x00, 0x00, 0xff, 0x00, 0x00, 0xff, 0x00, 0x00,
    0xff, 0x00, 0x00, 0xff, 0x00, 0x00, 0xff, 0x00, 0x00, 0xff, 0x00, 0x00, 0xff, 0x00, 0x00, 0xff,
    0x00, 0x00, 0xff, 0x00, 0x00, 0xff, 0x00, 0x00, 0xff, 0x00, 0x00, 0xff, 0x00, 0x00, 0xff, 0x00,
    0x00, 0xff, 0x00, 0x00, 0xff
  };
  g_autoptr(GBytes) bytes = g_bytes_new_static (forged, sizeof forged);
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierReference) reference = NULL;

  reference = atelier_reference_prepare_bytes (bytes, "forged.bmp", ATELIER_REFERENCE_DEFAULT_CAP, NULL, &error);
  g_assert_null (reference);
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE);
  g_assert_nonnull (strstr (error->message, "forged.bmp"));
}

/* Every kind of broken file is refused with its reason, whether it comes as a file or as bytes
 * (a paste, a download); the good one after them is accepted. */
static void
test_hostile_files (void)
{
  g_autofree char *folder = g_build_filename (atelier_test_get_tmp_dir (), "hostile", NULL);
  g_autoptr(GPtrArray) files = atelier_test_make_hostile_files (folder);

  for (guint i = 0; i < files->len; i++)
    {
      AtelierHostileFile *hostile = g_ptr_array_index (files, i);
      g_autoptr(AtelierReference) reference = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;

      g_test_message ("%s", hostile->name);
      reference = prepare_file (hostile->file, ATELIER_REFERENCE_DEFAULT_CAP, &error);
      if (hostile->message == NULL)
        {
          g_assert_no_error (error);
          g_assert_cmpuint (atelier_reference_get_width (reference), ==, 512);
          g_assert_cmpuint (atelier_reference_get_height (reference), ==, 384);
          assert_sent_matches (reference);
        }
      else
        {
          g_assert_null (reference);
          g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE);
          g_assert_cmpstr (error->message, ==, hostile->message);
        }
      g_clear_object (&reference);
      g_clear_error (&error);

      /* The same bytes pasted or downloaded: the same verdict (the file-only reasons aside). */
      bytes = g_file_load_bytes (hostile->file, NULL, NULL, NULL);
      if (bytes == NULL || g_bytes_get_size (bytes) > ATELIER_REFERENCE_MAX_SOURCE_BYTES)
        continue;
      reference = prepare_bytes (bytes, hostile->name, ATELIER_REFERENCE_DEFAULT_CAP, &error);
      if (hostile->message == NULL)
        g_assert_no_error (error);
      else
        g_assert_cmpstr (error->message, ==, hostile->message);

      /* A library copy is checked as strictly. */
      g_clear_object (&reference);
      g_clear_error (&error);
      reference = atelier_reference_new_prepared (bytes, hostile->name, &error);
      if (hostile->message == NULL)
        g_assert_no_error (error);
      else
        g_assert_null (reference);
    }
}

static void
write_to_array (png_structp png,
                png_bytep   data,
                png_size_t  length)
{
  g_byte_array_append (png_get_io_ptr (png), data, length);
}

static void
flush_nothing (png_structp png)
{
}

/* An Adam7-interlaced PNG of the same pixels (gdk-pixbuf cannot write one). */
static GBytes *
encode_interlaced_png (GdkPixbuf *pixbuf)
{
  png_structp png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  png_infop info = png_create_info_struct (png);
  GByteArray *out = g_byte_array_new ();
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  gboolean alpha = gdk_pixbuf_get_has_alpha (pixbuf);
  png_bytep *rows = g_new (png_bytep, height);

  for (int y = 0; y < height; y++)
    rows[y] = gdk_pixbuf_get_pixels (pixbuf) + (gsize) y * gdk_pixbuf_get_rowstride (pixbuf);

  g_assert_cmpint (setjmp (png_jmpbuf (png)), ==, 0);
  png_set_write_fn (png, out, write_to_array, flush_nothing);
  png_set_IHDR (png, info, width, height, 8, alpha ? PNG_COLOR_TYPE_RGB_ALPHA : PNG_COLOR_TYPE_RGB,
                PNG_INTERLACE_ADAM7, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info (png, info);
  png_set_interlace_handling (png);
  png_write_image (png, rows);
  png_write_end (png, NULL);
  png_destroy_write_struct (&png, &info);
  g_free (rows);

  return g_byte_array_free_to_bytes (out);
}

static int
max_difference (GdkPixbuf *a,
                GdkPixbuf *b)
{
  int max = 0;

  g_assert_cmpint (gdk_pixbuf_get_width (a), ==, gdk_pixbuf_get_width (b));
  g_assert_cmpint (gdk_pixbuf_get_height (a), ==, gdk_pixbuf_get_height (b));
  g_assert_cmpint (gdk_pixbuf_get_n_channels (a), ==, gdk_pixbuf_get_n_channels (b));

  for (int y = 0; y < gdk_pixbuf_get_height (a); y++)
    {
      const guint8 *ra = gdk_pixbuf_read_pixels (a) + (gsize) y * gdk_pixbuf_get_rowstride (a);
      const guint8 *rb = gdk_pixbuf_read_pixels (b) + (gsize) y * gdk_pixbuf_get_rowstride (b);

      for (int i = 0; i < gdk_pixbuf_get_width (a) * gdk_pixbuf_get_n_channels (a); i++)
        max = MAX (max, ABS ((int) ra[i] - (int) rb[i]));
    }

  return max;
}

/* An interlaced PNG gives the same picture as a plain one, at full size and reduced; the
 * reduction is an average (a 2 × 2 checkerboard halves to grey). */
static void
test_interlaced_and_reduction (void)
{
  g_autoptr(GdkPixbuf) pixbuf = atelier_test_make_pixbuf (301, 203, TRUE);
  g_autoptr(GBytes) plain = atelier_test_encode (pixbuf, "png");
  g_autoptr(GBytes) interlaced = encode_interlaced_png (pixbuf);
  g_autoptr(GdkPixbuf) checker = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 64, 64);
  g_autoptr(GBytes) checker_png = NULL;
  g_autoptr(AtelierReference) full_plain = NULL;
  g_autoptr(AtelierReference) full_interlaced = NULL;
  g_autoptr(AtelierReference) small_plain = NULL;
  g_autoptr(AtelierReference) small_interlaced = NULL;
  g_autoptr(AtelierReference) grey = NULL;
  g_autoptr(GdkPixbuf) a = NULL;
  g_autoptr(GdkPixbuf) b = NULL;
  g_autoptr(GdkPixbuf) c = NULL;
  g_autoptr(GError) error = NULL;

  /* Half the pixels see-through, so the sent copy is a PNG and compares losslessly. */
  for (int y = 0; y < 203; y++)
    for (int x = 0; x < 301; x += 2)
      (gdk_pixbuf_get_pixels (pixbuf) + (gsize) y * gdk_pixbuf_get_rowstride (pixbuf))[x * 4 + 3] = 128;
  g_clear_pointer (&plain, g_bytes_unref);
  g_clear_pointer (&interlaced, g_bytes_unref);
  plain = atelier_test_encode (pixbuf, "png");
  interlaced = encode_interlaced_png (pixbuf);

  full_plain = atelier_reference_prepare_bytes (plain, "plain.png", 0, NULL, &error);
  g_assert_no_error (error);
  full_interlaced = atelier_reference_prepare_bytes (interlaced, "interlaced.png", 0, NULL, &error);
  g_assert_no_error (error);
  a = decode_bytes (atelier_reference_get_bytes (full_plain));
  b = decode_bytes (atelier_reference_get_bytes (full_interlaced));
  g_assert_cmpint (max_difference (a, b), ==, 0);
  g_assert_cmpint (max_difference (a, pixbuf), ==, 0);
  g_clear_object (&a);
  g_clear_object (&b);

  small_plain = atelier_reference_prepare_bytes (plain, "plain.png", 100 * 70, NULL, &error);
  g_assert_no_error (error);
  small_interlaced = atelier_reference_prepare_bytes (interlaced, "interlaced.png", 100 * 70, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint ((guint64) atelier_reference_get_width (small_plain) * atelier_reference_get_height (small_plain), <=, 100 * 70);
  a = decode_bytes (atelier_reference_get_bytes (small_plain));
  b = decode_bytes (atelier_reference_get_bytes (small_interlaced));
  g_assert_cmpint (max_difference (a, b), <=, 1);

  for (int y = 0; y < 64; y++)
    for (int x = 0; x < 64; x++)
      memset (gdk_pixbuf_get_pixels (checker) + (gsize) y * gdk_pixbuf_get_rowstride (checker) + x * 3,
              (x + y) % 2 ? 255 : 0, 3);
  checker_png = atelier_test_encode (checker, "png");
  grey = atelier_reference_prepare_bytes (checker_png, "checker.png", 32 * 32, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (atelier_reference_get_width (grey), ==, 32);
  c = decode_bytes (atelier_reference_get_bytes (grey));
  for (int y = 0; y < 32; y++)
    for (int x = 0; x < 32; x++)
      {
        const guint8 *p = gdk_pixbuf_read_pixels (c) + (gsize) y * gdk_pixbuf_get_rowstride (c) + x * 3;

        /* 127.5, give or take the JPEG it is sent as. */
        g_assert_cmpint (ABS ((int) p[0] - 128), <=, 3);
      }
}

static void
reset_peak_rss (void)
{
  /* Free memory kept by the allocator from earlier tests would hide a peak: give it back first. */
  malloc_trim (0);
  /* Not g_file_set_contents: it writes a new file and renames it. */
  FILE *clear_refs = fopen ("/proc/self/clear_refs", "w");

  if (clear_refs != NULL)
    {
      fputs ("5", clear_refs);
      fclose (clear_refs);
    }
}

/* A 12 MP PNG kept at 1 MP never costs its full size in memory: rows are reduced as they come. */
static void
test_large_png_memory (void)
{
  g_autoptr(GdkPixbuf) pixbuf = atelier_test_make_pixbuf (4000, 3000, FALSE);
  g_autoptr(GBytes) png = atelier_test_encode (pixbuf, "png");
  g_autoptr(AtelierReference) reference = NULL;
  g_autoptr(GError) error = NULL;
  guint64 before, after;

#if defined(__SANITIZE_ADDRESS__)
# define UNDER_ASAN 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define UNDER_ASAN 1
# endif
#endif
#ifdef UNDER_ASAN
  /* Its allocator's quarantine and shadow memory are in every figure. */
  g_test_skip ("resident memory is not measured under AddressSanitizer");
  return;
#endif

  g_clear_object (&pixbuf);
  reset_peak_rss ();
  before = read_proc_status_kb ("VmHWM:");
  if (before == 0 || before > read_proc_status_kb ("VmRSS:") + 4 * 1024)
    {
      g_test_skip ("the peak resident size cannot be reset here");
      return;
    }

  reference = atelier_reference_prepare_bytes (png, "mural.png", 1024 * 1024, NULL, &error);
  g_assert_no_error (error);
  after = read_proc_status_kb ("VmHWM:");
  g_test_message ("peak grew by %" G_GUINT64_FORMAT " kB", after - before);

  /* Decoded whole, the picture alone is 36 MB (48 MB as gdk-pixbuf's loader holds it). */
  g_assert_cmpuint (after - before, <, 16 * 1024);
  g_assert_cmpuint (atelier_reference_get_source_width (reference), ==, 4000);
  g_assert_cmpuint ((guint64) atelier_reference_get_width (reference) * atelier_reference_get_height (reference), <=, 1024 * 1024);
}

/* Every kind of PNG, JPEG and WebP a person has is taken: palette with transparency, 16-bit grey,
 * interlaced, progressive, CMYK, lossy WebP (the fuzzer's seeds). */
static void
test_format_variants (void)
{
  static const struct { const char *file; guint width, height; gboolean alpha; } variants[] = {
    { "a.png", 5, 5, TRUE },
    { "palette.png", 24, 16, TRUE },
    { "gray16.png", 20, 20, FALSE },
    { "interlaced.png", 37, 23, FALSE },
    { "progressive.jpg", 48, 32, FALSE },
    { "cmyk.jpg", 40, 30, FALSE },
    { "small.webp", 30, 20, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autofree char *path = g_build_filename (g_getenv ("ATELIER_SOURCE_DIR"), "tests", "fuzz",
                                                "corpus-reference", variants[i].file, NULL);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(AtelierReference) reference = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", variants[i].file);
      bytes = g_file_load_bytes (g_file_new_for_path (path), NULL, NULL, &error);
      g_assert_no_error (error);
      reference = atelier_reference_prepare_bytes (bytes, variants[i].file, 0, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (atelier_reference_get_width (reference), ==, variants[i].width);
      g_assert_cmpuint (atelier_reference_get_height (reference), ==, variants[i].height);
      g_assert_cmpint (atelier_reference_has_alpha (reference), ==, variants[i].alpha);
      assert_sent_matches (reference);
    }
}

/* CMYK from Adobe's tools (inverted) comes out in the right colours: white stays white. */
static void
test_cmyk_colours (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("ATELIER_SOURCE_DIR"), "tests", "fuzz",
                                            "corpus-reference", "cmyk.jpg", NULL);
  g_autoptr(GBytes) bytes = g_file_load_bytes (g_file_new_for_path (path), NULL, NULL, NULL);
  g_autoptr(AtelierReference) reference = NULL;
  g_autoptr(GdkPixbuf) sent = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 *top, *bottom;

  reference = atelier_reference_prepare_bytes (bytes, "cmyk.jpg", 0, NULL, &error);
  g_assert_no_error (error);
  sent = decode_bytes (atelier_reference_get_bytes (reference));
  top = gdk_pixbuf_read_pixels (sent);
  bottom = gdk_pixbuf_read_pixels (sent) + (gsize) (gdk_pixbuf_get_height (sent) - 1) * gdk_pixbuf_get_rowstride (sent);
  /* The seed is a white-to-black gradient from top to bottom. */
  g_assert_cmpint (top[0], >, 200);
  g_assert_cmpint (top[1], >, 200);
  g_assert_cmpint (bottom[0], <, 60);
}

/* The worker threads (references, thumbnails): below the window's priority, at most one a
 * processor (at least two) at a time for each kind of work, each task returning as a GTask does,
 * and a kind whose threads are all busy never holds up the other. */
typedef struct
{
  gint      running;
  gint      most_running;
  gint      priority;
  gboolean *hold;          /* while set (and not NULL), the task waits */
} WorkerSeen;

static void
worker_task_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  WorkerSeen *seen = task_data;
  gint now = g_atomic_int_add (&seen->running, 1) + 1;
  gint most;

  do
    most = g_atomic_int_get (&seen->most_running);
  while (now > most && !g_atomic_int_compare_and_exchange (&seen->most_running, most, now));
#ifdef __linux__
  g_atomic_int_set (&seen->priority, getpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid)));
#endif
  g_usleep (30 * G_TIME_SPAN_MILLISECOND);
  while (seen->hold != NULL && g_atomic_int_get (seen->hold))
    g_usleep (G_TIME_SPAN_MILLISECOND);
  g_atomic_int_add (&seen->running, -1);
  g_task_return_int (task, 7);
}

static void
run_worker_task (AtelierWorkerKind   kind,
                 WorkerSeen         *seen,
                 GAsyncResult      **result)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, atelier_test_store_result, result);

  g_task_set_task_data (task, seen, NULL);
  atelier_worker_run_in_thread (kind, task, worker_task_thread);
}

static gboolean
all_running (gpointer data)
{
  WorkerSeen *seen = data;

  return g_atomic_int_get (&seen->running) == (gint) MAX (2, g_get_num_processors ());
}

static void
test_worker_threads (void)
{
  WorkerSeen seen[ATELIER_WORKER_N_KINDS] = { { 0, }, };
  WorkerSeen held = { 0, };
  GAsyncResult *results[8] = { NULL, };
  GAsyncResult *held_results[8] = { NULL, };
  GAsyncResult *thumbnail = NULL;
  guint n_threads = MAX (2, g_get_num_processors ());
  gboolean hold = TRUE;
  int own_priority = 0;

#ifdef __linux__
  own_priority = getpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid));
#endif
  /* Eight tasks of each kind: no more than a processor's worth at a time in each. */
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    run_worker_task (i % 2, &seen[i % 2], &results[i]);
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_assert_true (atelier_test_wait_until (atelier_test_result_is_set, &results[i], 10000));
      g_assert_cmpint (g_task_propagate_int (G_TASK (results[i]), NULL), ==, 7);
      g_clear_object (&results[i]);
    }
  for (guint k = 0; k < ATELIER_WORKER_N_KINDS; k++)
    {
      g_assert_cmpint (seen[k].most_running, >=, 1);
      g_assert_cmpint (seen[k].most_running, <=, (gint) n_threads);
#ifdef __linux__
      /* Lower than the thread that asked, which keeps its own. */
      g_assert_cmpint (seen[k].priority, ==, MIN (own_priority + 10, 19));
#endif
    }
#ifdef __linux__
  g_assert_cmpint (getpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid)), ==, own_priority);
#endif

  /* Every reference thread busy (and more waiting): a thumbnail still comes at once. */
  held.hold = &hold;
  for (guint i = 0; i < n_threads + 2 && i < G_N_ELEMENTS (held_results); i++)
    run_worker_task (ATELIER_WORKER_REFERENCES, &held, &held_results[i]);
  g_assert_true (atelier_test_wait_until (all_running, &held, 10000));
  run_worker_task (ATELIER_WORKER_THUMBNAILS, &seen[ATELIER_WORKER_THUMBNAILS], &thumbnail);
  g_assert_true (atelier_test_wait_until (atelier_test_result_is_set, &thumbnail, 10000));
  g_assert_cmpint (g_atomic_int_get (&held.running), ==, (gint) n_threads);
  g_clear_object (&thumbnail);
  g_atomic_int_set (&hold, FALSE);
  for (guint i = 0; i < n_threads + 2 && i < G_N_ELEMENTS (held_results); i++)
    {
      g_assert_true (atelier_test_wait_until (atelier_test_result_is_set, &held_results[i], 10000));
      g_clear_object (&held_results[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  atelier_test_init (&argc, &argv);

  /* First, so VmPeak has not yet been raised by the big photos of the other tests. */
  g_test_add_func ("/reference/decompression-bomb", test_decompression_bomb);
  g_test_add_func ("/reference/not-an-image", test_not_an_image);
  g_test_add_func ("/reference/empty-and-missing", test_empty_and_missing);
  g_test_add_func ("/reference/truncated-jpeg", test_truncated_jpeg);
  g_test_add_func ("/reference/corrupt-jpeg", test_corrupt_jpeg);
  g_test_add_func ("/reference/too-many-bytes", test_too_many_bytes);
  g_test_add_func ("/reference/downscale-to-cap", test_downscale_to_cap);
  g_test_add_func ("/reference/cap-zero-keeps-size", test_cap_zero_keeps_size);
  g_test_add_func ("/reference/never-upscaled", test_never_upscaled);
  g_test_add_func ("/reference/alpha", test_alpha);
  g_test_add_func ("/reference/exif-orientation", test_exif_orientation);
  g_test_add_func ("/reference/new-prepared", test_new_prepared);
  g_test_add_func ("/reference/many-at-once", test_many_at_once);
  g_test_add_func ("/reference/cancel", test_cancel);
  g_test_add_func ("/reference/worker-threads", test_worker_threads);

  g_test_add_func ("/reference/forged-bmp-refused", test_forged_bmp_refused);
  g_test_add_func ("/reference/hostile-files", test_hostile_files);
  g_test_add_func ("/reference/interlaced-and-reduction", test_interlaced_and_reduction);
  g_test_add_func ("/reference/large-png-memory", test_large_png_memory);
  g_test_add_func ("/reference/format-variants", test_format_variants);
  g_test_add_func ("/reference/cmyk-colours", test_cmyk_colours);
  return g_test_run ();
}
