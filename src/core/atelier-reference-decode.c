/* atelier-reference-decode.c — sniffing, header checks and decoding of reference images
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "atelier-error.h"
#include "atelier-image-metadata.h"
#include "atelier-reference-private.h"

/* Everything in this file runs in a worker thread. */

/* Bytes handed to the loader at a time: a point to notice cancellation, and a decompression bomb
 * is refused after its first chunk, when the header has been read. */
#define LOADER_CHUNK_SIZE (256 * 1024)

/* Sizes */

/* The largest size with the aspect of width × height that has at most max_pixels pixels
 * (0 = no cap). Never larger than width × height. */
void
_atelier_reference_fit_pixels (guint    width,
                               guint    height,
                               guint64  max_pixels,
                               guint   *out_width,
                               guint   *out_height)
{
  double scale;
  guint w, h;

  if (max_pixels == 0 || (guint64) width * height <= max_pixels)
    {
      *out_width = width;
      *out_height = height;
      return;
    }

  scale = sqrt ((double) max_pixels / ((double) width * (double) height));
  w = MAX (1, (guint) floor (width * scale));
  h = MAX (1, (guint) floor (height * scale));
  /* Rounding can still leave us a pixel over on a skinny image. */
  while ((guint64) w * h > max_pixels && (w > 1 || h > 1))
    {
      if (w >= h)
        w--;
      else
        h--;
    }

  *out_width = w;
  *out_height = h;
}

/* Fits width × height in a max_side square (0 = no limit), keeping the aspect. */
void
_atelier_reference_fit_side (guint  width,
                             guint  height,
                             guint  max_side,
                             guint *out_width,
                             guint *out_height)
{
  double scale;

  if (max_side == 0 || (width <= max_side && height <= max_side))
    {
      *out_width = width;
      *out_height = height;
      return;
    }

  scale = MIN ((double) max_side / width, (double) max_side / height);
  *out_width = CLAMP ((guint) round (width * scale), 1, max_side);
  *out_height = CLAMP ((guint) round (height * scale), 1, max_side);
}

static guint
ceil_div (guint a,
          guint b)
{
  return (a + b - 1) / b;
}

/* Decoding */

/* The loader's format, interned; NULL until it is known. */
static const char *
get_loader_format_name (GdkPixbufLoader *loader)
{
  GdkPixbufFormat *format = gdk_pixbuf_loader_get_format (loader);
  g_autofree char *name = NULL;

  if (format == NULL)
    return NULL;
  name = gdk_pixbuf_format_get_name (format);
  return g_intern_string (name);
}

static void
on_size_prepared (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  gpointer         user_data)
{
  DecodeState *state = user_data;
  guint target_width, target_height;
  guint denom = 1;

  state->header_width = width;
  state->header_height = height;

  if (width <= 0 || height <= 0 ||
      (guint64) width * (guint64) height > ATELIER_REFERENCE_MAX_SOURCE_PIXELS)
    {
      state->too_large = TRUE;
      /* A zero size tells the module to stop before it allocates the pixels: this is how a tiny
       * file that declares 40000 × 40000 pixels is refused without costing gigabytes. */
      gdk_pixbuf_loader_set_size (loader, 0, 0);
      return;
    }

  /* libjpeg can decode at 1/2, 1/4 or 1/8 of the size for a fraction of the time and memory.
   * Pick the smallest of these that is still at least the size we keep, so the final resampling
   * (ours, with a good filter) only ever reduces. Other formats decode at full size: the loader
   * would only scale them afterwards, with a cheaper filter. */
  if (g_strcmp0 (get_loader_format_name (loader), "jpeg") != 0)
    return;

  _atelier_reference_fit_pixels (width, height, state->max_pixels, &target_width, &target_height);
  _atelier_reference_fit_side (target_width, target_height, state->max_side,
                               &target_width, &target_height);

  for (guint d = 2; d <= 8; d *= 2)
    {
      if (ceil_div (width, d) >= target_width && ceil_div (height, d) >= target_height)
        denom = d;
    }

  if (denom > 1)
    gdk_pixbuf_loader_set_size (loader, ceil_div (width, denom), ceil_div (height, denom));
}

/* gdk-pixbuf's JPEG loader returns what it has of a cut-off file, grey below the cut, without
 * complaint. Walk the segments to the end-of-image marker to know the file is whole: a search for
 * the marker alone would be fooled by the EXIF thumbnail's, and would not see trailing data. */
static gboolean
jpeg_is_complete (const guint8 *data,
                  gsize         size)
{
  gsize i = 2;

  if (size < 4 || data[0] != 0xff || data[1] != 0xd8)
    return FALSE;

  while (i + 1 < size)
    {
      guint8 marker;
      gsize length;

      if (data[i] != 0xff)
        {
          /* Stray bytes between segments: libjpeg skips them with a warning, so do we. */
          i++;
          continue;
        }
      marker = data[i + 1];
      i += 2;

      if (marker == 0xff)
        {
          i--;  /* fill byte */
          continue;
        }
      if (marker == 0xd9)
        return TRUE;
      if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7))
        continue;  /* no length */

      if (i + 2 > size)
        return FALSE;
      length = ((gsize) data[i] << 8) | data[i + 1];
      if (length < 2)
        return FALSE;
      i += length;

      if (marker == 0xda)
        {
          /* Entropy-coded data: it ends at the first 0xff that is not stuffing (ff 00) or a
           * restart marker (ff d0 to ff d7). */
          while (i + 1 < size)
            {
              const guint8 *ff = memchr (data + i, 0xff, size - i - 1);

              if (ff == NULL)
                return FALSE;
              i = ff - data;
              if (data[i + 1] == 0x00 || (data[i + 1] >= 0xd0 && data[i + 1] <= 0xd7))
                i += 2;
              else
                break;
            }
        }
    }

  return FALSE;
}

GError *
_atelier_reference_new_not_an_image_error (const char *name)
{
  return g_error_new (ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE,
                      _("%s is not an image Atelier can read"), name);
}

static GError *
new_too_many_pixels_error (const char *name,
                           int         width,
                           int         height)
{
  return g_error_new (ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE,
                      _("%s is too large (%d × %d pixels, %u megapixels at most)"),
                      name, width, height,
                      ATELIER_REFERENCE_MAX_SOURCE_PIXELS / (1000u * 1000u));
}

GError *
_atelier_reference_new_too_many_bytes_error (const char *name,
                                             guint64     size)
{
  g_autofree char *size_text = g_format_size (size);
  g_autofree char *limit_text = g_format_size (ATELIER_REFERENCE_MAX_SOURCE_BYTES);

  return g_error_new (ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE,
                      _("%s is too large (%s, %s at most)"), name, size_text, limit_text);
}

/* The gdk-pixbuf loader for the formats we accept, chosen from the file's first bytes. Only
 * loaders that announce the size before they allocate are used: fuzz-reference found the BMP
 * loader allocating gigabytes from a forged header before "size-prepared" could refuse it, and
 * the GIF loader tripping over a zero-width frame. */
static const char *
loader_type_for (GBytes *bytes)
{
  switch (atelier_image_metadata_sniff (bytes))
    {
    case ATELIER_IMAGE_FORMAT_PNG:
      return "png";
    case ATELIER_IMAGE_FORMAT_JPEG:
      return "jpeg";
    case ATELIER_IMAGE_FORMAT_WEBP:
      return "webp";
    case ATELIER_IMAGE_FORMAT_UNKNOWN:
    default:
      return NULL;
    }
}

/* Decodes `bytes`, refusing what is not an image or has too many pixels before the pixels are
 * allocated. Returns the pixbuf as decoded (not yet oriented), and the header size. */
GdkPixbuf *
_atelier_reference_decode (GBytes        *bytes,
                           const char    *name,
                           DecodeState   *state,
                           const char   **format_name,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GError) local_error = NULL;
  const guint8 *data;
  gsize size;
  gsize offset = 0;
  const char *format;
  const char *loader_type;
  GdkPixbuf *pixbuf;
  gboolean ok = TRUE;

  data = g_bytes_get_data (bytes, &size);
  loader_type = loader_type_for (bytes);
  if (loader_type != NULL)
    loader = gdk_pixbuf_loader_new_with_type (loader_type, NULL);
  if (loader == NULL)
    {
      /* WebP has no loader on some systems: the same sentence, since we cannot read it. */
      g_propagate_error (error, _atelier_reference_new_not_an_image_error (name));
      return NULL;
    }

  g_signal_connect (loader, "size-prepared", G_CALLBACK (on_size_prepared), state);
  while (ok && offset < size)
    {
      gsize chunk = MIN (size - offset, LOADER_CHUNK_SIZE);

      if (g_cancellable_is_cancelled (cancellable) || state->too_large)
        break;

      ok = gdk_pixbuf_loader_write (loader, data + offset, chunk, &local_error);
      offset += chunk;
    }

  /* A loader must always be closed; its verdict only counts if everything went in. */
  if (ok && offset == size && !state->too_large)
    ok = gdk_pixbuf_loader_close (loader, &local_error);
  else
    gdk_pixbuf_loader_close (loader, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (state->too_large)
    {
      g_propagate_error (error, new_too_many_pixels_error (name, state->header_width,
                                                           state->header_height));
      return NULL;
    }

  format = get_loader_format_name (loader);
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);

  if (!ok || pixbuf == NULL || offset < size)
    {
      g_debug ("Could not decode %s: %s", name,
               local_error != NULL ? local_error->message : "no image");

      /* A recognised format that fails to decode is a damaged file, not a stranger. */
      if (format != NULL)
        g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE,
                     _("%s is damaged or incomplete and cannot be read"), name);
      else
        g_propagate_error (error, _atelier_reference_new_not_an_image_error (name));
      return NULL;
    }

  if (g_strcmp0 (format, "jpeg") == 0 &&
      !jpeg_is_complete (data, size))
    {
      g_debug ("%s: the JPEG data ends before its end-of-image marker", name);
      g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE,
                   _("%s is damaged or incomplete and cannot be read"), name);
      return NULL;
    }

  if (format_name != NULL)
    *format_name = format;

  return g_object_ref (pixbuf);
}
