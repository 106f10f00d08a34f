/* atelier-reference-decode.c — strict, streaming decoding of reference images (libjpeg, libpng, libwebp)
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>
#include <png.h>
#include <webp/decode.h>

#include "atelier-error.h"
#include "atelier-image-metadata.h"
#include "atelier-reference-private.h"

/* Everything in this file runs in a worker thread.
 *
 * gdk-pixbuf's loaders were not strict enough for what is sent to BFL and billed: its PNG loader
 * returns a grey picture for a file cut in half, its JPEG loader ignores libjpeg's "corrupt data"
 * warnings, and every loader holds the whole picture at full size before it can be reduced. So
 * the three formats Atelier takes are decoded here with their own libraries, every warning about
 * the data is a refusal, and rows are reduced to the kept size as they come out of the decoder. */

#define CANCEL_CHECK_ROWS 64

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

static void
fit_target (const AtelierDecodeState *state,
            guint                    *width,
            guint                    *height)
{
  _atelier_reference_fit_pixels (state->header_width, state->header_height, state->max_pixels,
                                 width, height);
  _atelier_reference_fit_side (*width, *height, state->max_side, width, height);
}

/* Errors */

GError *
_atelier_reference_new_not_an_image_error (const char *name)
{
  return g_error_new (ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE,
                      _("%s is not an image Atelier can read"), name);
}

static GError *
new_damaged_error (const char *name)
{
  return g_error_new (ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE,
                      _("%s is damaged or incomplete and cannot be read"), name);
}

static GError *
new_too_many_pixels_error (const char *name,
                           guint       width,
                           guint       height)
{
  return g_error_new (ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE,
                      _("%s is too large (%u × %u pixels, %u megapixels at most)"),
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

static gboolean
check_header_size (const char          *name,
                   AtelierDecodeState  *state,
                   GError             **error)
{
  if (state->header_width == 0 || state->header_height == 0)
    {
      g_propagate_error (error, new_damaged_error (name));
      return FALSE;
    }
  if ((guint64) state->header_width * state->header_height > ATELIER_REFERENCE_MAX_SOURCE_PIXELS)
    {
      g_propagate_error (error, new_too_many_pixels_error (name, state->header_width,
                                                           state->header_height));
      return FALSE;
    }
  return TRUE;
}

/* Files that are pictures, but not in a format BFL takes or Atelier reads: said as what they are,
 * so the person knows what to convert. */
static GError *
new_unsupported_error (GBytes     *bytes,
                       const char *name)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  const char *format = NULL;

  if (size >= 6 && (memcmp (data, "GIF87a", 6) == 0 || memcmp (data, "GIF89a", 6) == 0))
    format = "GIF";
  else if (size >= 2 && memcmp (data, "BM", 2) == 0)
    format = "BMP";
  else if (size >= 4 && (memcmp (data, "II*\0", 4) == 0 || memcmp (data, "MM\0*", 4) == 0))
    format = "TIFF";
  else if (size >= 12 && memcmp (data + 4, "ftyp", 4) == 0 &&
           (memcmp (data + 8, "heic", 4) == 0 || memcmp (data + 8, "heix", 4) == 0 ||
            memcmp (data + 8, "mif1", 4) == 0 || memcmp (data + 8, "msf1", 4) == 0))
    format = "HEIF";
  else if (size >= 12 && memcmp (data + 4, "ftyp", 4) == 0 &&
           (memcmp (data + 8, "avif", 4) == 0 || memcmp (data + 8, "avis", 4) == 0))
    format = "AVIF";
  else if (size >= 4 && memcmp (data, "8BPS", 4) == 0)
    format = "Photoshop";

  if (format != NULL)
    /* TRANSLATORS: %s is a file name, then the name of an image format (GIF, TIFF…) */
    return g_error_new (ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE,
                        _("%s is a %s image: references must be PNG, JPEG or WebP"),
                        name, format);

  /* An SVG drawing has no pixels to send; rasterizing it at a size Atelier guesses would send
   * BFL something the artist did not choose (and librsvg is a large surface for a drop target). */
  if (size > 0)
    {
      gsize head = MIN (size, 4096);
      g_autofree char *text = g_strndup ((const char *) data, head);

      if (g_utf8_validate (text, -1, NULL) && strstr (text, "<svg") != NULL)
        return g_error_new (ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE,
                            _("%s is a vector drawing (SVG): export it as a PNG to use it as a reference"),
                            name);
    }

  return _atelier_reference_new_not_an_image_error (name);
}

/* Why a decoder that ran to its end gave no picture: cancelled, refused from its header, or the
 * data is damaged. */
static void
set_decode_error (const char               *name,
                  const AtelierDecodeState *state,
                  GCancellable             *cancellable,
                  gboolean                  cancelled,
                  gboolean                  too_large,
                  GError                  **error)
{
  if (cancelled)
    g_cancellable_set_error_if_cancelled (cancellable, error);
  else if (too_large)
    g_propagate_error (error, new_too_many_pixels_error (name, state->header_width, state->header_height));
  else
    {
      g_debug ("%s: the %s decoder found the data damaged", name,
               state->format_name != NULL ? state->format_name : "image");
      g_propagate_error (error, new_damaged_error (name));
    }
}

/* EXIF orientation, from a TIFF structure ("Exif\0\0" prefix optional): 1 when absent. */
static guint
exif_orientation (const guint8 *data,
                  gsize         size)
{
  gboolean little;
  guint32 ifd;
  guint n_entries;

#define GET16(p) (little ? (guint) ((p)[0] | ((p)[1] << 8)) : (guint) (((p)[0] << 8) | (p)[1]))
#define GET32(p) (little ? ((guint32) (p)[0] | ((guint32) (p)[1] << 8) | ((guint32) (p)[2] << 16) | ((guint32) (p)[3] << 24)) \
                         : (((guint32) (p)[0] << 24) | ((guint32) (p)[1] << 16) | ((guint32) (p)[2] << 8) | (guint32) (p)[3]))

  if (size >= 6 && memcmp (data, "Exif\0\0", 6) == 0)
    {
      data += 6;
      size -= 6;
    }
  if (size < 8)
    return 1;
  if (memcmp (data, "II*\0", 4) == 0)
    little = TRUE;
  else if (memcmp (data, "MM\0*", 4) == 0)
    little = FALSE;
  else
    return 1;

  ifd = GET32 (data + 4);
  if (ifd > size - 2 || ifd < 8)
    return 1;
  n_entries = GET16 (data + ifd);
  for (guint i = 0; i < n_entries; i++)
    {
      gsize entry = (gsize) ifd + 2 + (gsize) i * 12;
      guint tag, type, value;

      if (entry + 12 > size)
        break;
      tag = GET16 (data + entry);
      type = GET16 (data + entry + 2);
      if (tag != 0x0112 || type != 3)
        continue;
      value = GET16 (data + entry + 8);
      return value >= 1 && value <= 8 ? value : 1;
    }

#undef GET16
#undef GET32

  return 1;
}

/* The streaming reduction
 *
 * Each source pixel covers a 1 × 1 square; each kept pixel the (src/dst) × (src/dst) rectangle
 * above it. A kept pixel is the average of what it covers, weighted by the area covered: the box
 * filter that is right for reductions (no aliasing). Colours are weighted by alpha, so a
 * transparent pixel's colour does not bleed into its opaque neighbours. Rows arrive in order
 * (or, for an interlaced PNG, pass by pass): only the kept rows still open are held. */

typedef struct
{
  guint      src_width;
  guint      src_height;
  guint      dst_width;
  guint      dst_height;
  guint      channels;    /* 3 or 4, of the source rows and the result */
  gboolean   identity;

  guint     *x_index;     /* kept column of each source column… */
  float     *x_weight;    /* …and the share of it there; the rest goes to the next column */
  float     *row;         /* one source row reduced horizontally */
  float    **acc;         /* per kept row, allocated while the row is open */
  guint      next_flush;  /* kept rows before this one are written */
  double     area;        /* source area of one kept pixel */

  GdkPixbuf *out;
} Reducer;

static void
reducer_clear (Reducer *self)
{
  if (self->acc != NULL)
    {
      for (guint i = 0; i < self->dst_height; i++)
        g_free (self->acc[i]);
    }
  g_clear_pointer (&self->acc, g_free);
  g_clear_pointer (&self->x_index, g_free);
  g_clear_pointer (&self->x_weight, g_free);
  g_clear_pointer (&self->row, g_free);
  g_clear_object (&self->out);
}

static gboolean
reducer_init (Reducer  *self,
              guint     src_width,
              guint     src_height,
              guint     dst_width,
              guint     dst_height,
              guint     channels)
{
  g_assert (dst_width <= src_width && dst_height <= src_height);
  g_assert (channels == 3 || channels == 4);

  memset (self, 0, sizeof *self);
  self->src_width = src_width;
  self->src_height = src_height;
  self->dst_width = dst_width;
  self->dst_height = dst_height;
  self->channels = channels;
  self->identity = dst_width == src_width && dst_height == src_height;

  self->out = gdk_pixbuf_new (GDK_COLORSPACE_RGB, channels == 4, 8, dst_width, dst_height);
  if (self->out == NULL)
    return FALSE;

  if (self->identity)
    return TRUE;

  self->area = ((double) src_width / dst_width) * ((double) src_height / dst_height);
  self->x_index = g_new (guint, src_width);
  self->x_weight = g_new (float, src_width);
  for (guint x = 0; x < src_width; x++)
    {
      guint d = (guint) (((guint64) x * dst_width) / src_width);
      double end = (double) (d + 1) * src_width / dst_width;

      self->x_index[x] = d;
      self->x_weight[x] = (float) MIN (1.0, end - x);
    }
  self->row = g_new (float, (gsize) dst_width * channels);
  self->acc = g_new0 (float *, dst_height);

  return TRUE;
}

static void
reducer_write_row (Reducer *self,
                   guint    d)
{
  guint8 *out = gdk_pixbuf_get_pixels (self->out) + (gsize) d * gdk_pixbuf_get_rowstride (self->out);
  const float *acc = self->acc[d];
  guint c = self->channels;

  for (guint x = 0; x < self->dst_width; x++)
    {
      const float *p = acc != NULL ? acc + (gsize) x * c : NULL;
      guint8 *o = out + (gsize) x * c;

      if (p == NULL)
        {
          memset (o, 0, c);
          continue;
        }
      if (c == 4)
        {
          float alpha = p[3];

          for (guint i = 0; i < 3; i++)
            o[i] = alpha > 0 ? (guint8) CLAMP (lrintf (p[i] / alpha), 0, 255) : 0;
          o[3] = (guint8) CLAMP (lrint (alpha / self->area), 0, 255);
        }
      else
        {
          for (guint i = 0; i < 3; i++)
            o[i] = (guint8) CLAMP (lrint (p[i] / self->area), 0, 255);
        }
    }

  g_clear_pointer (&self->acc[d], g_free);
}

static float *
reducer_acc_row (Reducer *self,
                 guint    d)
{
  if (self->acc[d] == NULL)
    self->acc[d] = g_new0 (float, (gsize) self->dst_width * self->channels);
  return self->acc[d];
}

/* `n` pixels of source row `y`, at columns x0, x0 + dx, x0 + 2·dx…; rows may come in any order
 * only with `in_order` FALSE (then nothing is written before reducer_finish). */
static void
reducer_add (Reducer      *self,
             guint         y,
             guint         x0,
             guint         dx,
             const guint8 *pixels,
             guint         n,
             gboolean      in_order)
{
  guint c = self->channels;
  guint d;
  float wy;

  if (self->identity)
    {
      guint8 *out = gdk_pixbuf_get_pixels (self->out) + (gsize) y * gdk_pixbuf_get_rowstride (self->out);

      if (dx == 1)
        memcpy (out + (gsize) x0 * c, pixels, (gsize) n * c);
      else
        for (guint i = 0; i < n; i++)
          memcpy (out + (gsize) (x0 + i * dx) * c, pixels + (gsize) i * c, c);
      return;
    }

  memset (self->row, 0, sizeof (float) * self->dst_width * c);
  for (guint i = 0; i < n; i++)
    {
      guint x = x0 + i * dx;
      const guint8 *p = pixels + (gsize) i * c;
      guint dcol = self->x_index[x];
      float w = self->x_weight[x];
      float v[4];
      float *r = self->row + (gsize) dcol * c;

      if (c == 4)
        {
          float a = p[3];

          v[0] = p[0] * a;
          v[1] = p[1] * a;
          v[2] = p[2] * a;
          v[3] = a;
        }
      else
        {
          v[0] = p[0];
          v[1] = p[1];
          v[2] = p[2];
        }

      for (guint k = 0; k < c; k++)
        r[k] += w * v[k];
      if (w < 1.0f && dcol + 1 < self->dst_width)
        for (guint k = 0; k < c; k++)
          r[c + k] += (1.0f - w) * v[k];
    }

  d = (guint) (((guint64) y * self->dst_height) / self->src_height);
  wy = (float) MIN (1.0, (double) (d + 1) * self->src_height / self->dst_height - y);
  {
    float *acc = reducer_acc_row (self, d);

    for (gsize k = 0; k < (gsize) self->dst_width * c; k++)
      acc[k] += wy * self->row[k];
  }
  if (wy < 1.0f && d + 1 < self->dst_height)
    {
      float *acc = reducer_acc_row (self, d + 1);

      for (gsize k = 0; k < (gsize) self->dst_width * c; k++)
        acc[k] += (1.0f - wy) * self->row[k];
    }

  /* Kept rows that no later source row reaches are done. */
  if (in_order)
    while (self->next_flush < self->dst_height &&
           (guint64) (y + 1) * self->dst_height >= (guint64) (self->next_flush + 1) * self->src_height)
      reducer_write_row (self, self->next_flush++);
}

/* Not inlined into the decoders: its locals would live across their setjmp. */
static G_GNUC_NO_INLINE GdkPixbuf *
reducer_finish (Reducer *self)
{
  if (!self->identity)
    while (self->next_flush < self->dst_height)
      reducer_write_row (self, self->next_flush++);

  return g_steal_pointer (&self->out);
}

/* JPEG: libjpeg(-turbo), which can decode at n/8 of the size, and whose warnings about the data
 * (a premature end, a bad Huffman code, extraneous bytes) are refusals here. */

typedef struct
{
  struct jpeg_error_mgr pub;
  jmp_buf               jump;
  gboolean              damaged;
} JpegErrors;

static void
jpeg_on_error_exit (j_common_ptr cinfo)
{
  JpegErrors *errors = (JpegErrors *) cinfo->err;

  errors->damaged = TRUE;
  longjmp (errors->jump, 1);
}

static void
jpeg_on_message (j_common_ptr cinfo,
                 int          level)
{
  JpegErrors *errors = (JpegErrors *) cinfo->err;

  /* Level -1 is a warning: every libjpeg warning but these two says the data is not what it
   * should be. */
  if (level < 0 && cinfo->err->msg_code != JWRN_JFIF_MAJOR && cinfo->err->msg_code != JWRN_ADOBE_XFORM)
    errors->damaged = TRUE;
}

static void
jpeg_on_output (j_common_ptr cinfo)
{
}

static guint
jpeg_find_orientation (j_decompress_ptr cinfo)
{
  for (jpeg_saved_marker_ptr m = cinfo->marker_list; m != NULL; m = m->next)
    {
      if (m->marker == JPEG_APP0 + 1 && m->data_length >= 6 && memcmp (m->data, "Exif\0\0", 6) == 0)
        return exif_orientation (m->data, m->data_length);
    }
  return 1;
}

static GdkPixbuf *
decode_jpeg (GBytes              *bytes,
             const char          *name,
             AtelierDecodeState  *state,
             GCancellable        *cancellable,
             GError             **error)
{
  struct jpeg_decompress_struct cinfo;
  JpegErrors errors;
  Reducer reducer = { 0 };
  guint8 * volatile line = NULL;
  volatile gboolean cancelled = FALSE;
  volatile gboolean too_large = FALSE;
  GdkPixbuf * volatile result = NULL;
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  memset (&cinfo, 0, sizeof cinfo);
  cinfo.err = jpeg_std_error (&errors.pub);
  errors.pub.error_exit = jpeg_on_error_exit;
  errors.pub.emit_message = jpeg_on_message;
  errors.pub.output_message = jpeg_on_output;
  errors.damaged = FALSE;

  if (setjmp (errors.jump))
    goto out;

  jpeg_create_decompress (&cinfo);
  jpeg_mem_src (&cinfo, data, size);
  jpeg_save_markers (&cinfo, JPEG_APP0 + 1, 0xffff);
  jpeg_read_header (&cinfo, TRUE);

  state->format_name = g_intern_static_string ("jpeg");
  state->header_width = cinfo.image_width;
  state->header_height = cinfo.image_height;
  state->orientation = jpeg_find_orientation (&cinfo);
  state->has_alpha = FALSE;
  if ((guint64) cinfo.image_width * cinfo.image_height > ATELIER_REFERENCE_MAX_SOURCE_PIXELS)
    {
      too_large = TRUE;
      goto out;
    }

  {
    guint target_width, target_height;

    fit_target (state, &target_width, &target_height);

    /* The smallest n/8 scale still at least the kept size: the reduction that follows only ever
     * reduces, and a 24 MP photo kept at 4 MP is decoded at 6 MP, for a fraction of the time. */
    cinfo.scale_denom = 8;
    for (guint n = 1; n <= 8; n++)
      {
        cinfo.scale_num = n;
        jpeg_calc_output_dimensions (&cinfo);
        if (cinfo.output_width >= target_width && cinfo.output_height >= target_height)
          break;
      }

    if (cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK)
      cinfo.out_color_space = JCS_CMYK;
    else
      cinfo.out_color_space = JCS_RGB;

    jpeg_start_decompress (&cinfo);

    target_width = MIN (target_width, cinfo.output_width);
    target_height = MIN (target_height, cinfo.output_height);
    if (!reducer_init (&reducer, cinfo.output_width, cinfo.output_height,
                       target_width, target_height, 3))
      goto out;

    line = g_malloc ((gsize) cinfo.output_width * MAX (3, cinfo.output_components));
    while (cinfo.output_scanline < cinfo.output_height)
      {
        JSAMPROW rows[1] = { line };
        guint y = cinfo.output_scanline;

        if (y % CANCEL_CHECK_ROWS == 0 && g_cancellable_is_cancelled (cancellable))
          {
            cancelled = TRUE;
            goto out;
          }
        if (jpeg_read_scanlines (&cinfo, rows, 1) != 1)
          {
            errors.damaged = TRUE;
            goto out;
          }

        if (cinfo.out_color_space == JCS_CMYK)
          {
            /* Adobe writes CMYK inverted, and every CMYK JPEG in the wild comes from Adobe's
             * conventions: convert in place to RGB. */
            for (guint x = 0; x < cinfo.output_width; x++)
              {
                const guint8 *p = line + (gsize) x * 4;
                guint k = p[3];
                guint8 rgb[3];

                for (guint i = 0; i < 3; i++)
                  rgb[i] = cinfo.saw_Adobe_marker ? (p[i] * k + 127) / 255 : ((255 - p[i]) * (255 - k) + 127) / 255;
                memcpy (line + (gsize) x * 3, rgb, 3);
              }
          }

        reducer_add (&reducer, y, 0, 1, line, cinfo.output_width, TRUE);
      }

    jpeg_finish_decompress (&cinfo);
    if (!errors.damaged)
      result = reducer_finish (&reducer);
  }

out:
  jpeg_destroy_decompress (&cinfo);
  g_free (line);
  reducer_clear (&reducer);

  if (result == NULL)
    set_decode_error (name, state, cancellable, cancelled, too_large, error);

  return result;
}

/* PNG: libpng, whose checks (every chunk's CRC, the zlib stream's Adler-32, enough image data, the
 * chunks up to IEND) are all kept. */

typedef struct
{
  const guint8 *data;
  gsize         size;
  gsize         offset;
} PngSource;

static void
png_on_error (png_structp  png,
              png_const_charp message)
{
  g_debug ("libpng: %s", message);
  png_longjmp (png, 1);
}

static void
png_on_warning (png_structp     png,
                png_const_charp message)
{
  /* Warnings are about ancillary chunks (a colour profile, a broken text chunk): the pixels are
   * whole, and libpng drops what it does not trust. */
  g_debug ("libpng warning: %s", message);
}

static void
png_on_read (png_structp png,
             png_bytep   out,
             png_size_t  length)
{
  PngSource *source = png_get_io_ptr (png);

  if (length > source->size - source->offset)
    png_error (png, "the file ends early");
  memcpy (out, source->data + source->offset, length);
  source->offset += length;
}

/* libpng allocates a chunk at the length it declares, and clears it, before reading a byte of
 * it: a 252-byte file declaring a 1.7 GB text chunk took 1.9 GB and 30 s (found by
 * fuzz-reference; png_set_chunk_malloc_max () does not cover text chunks in libpng 1.6.39). A
 * chunk that declares more than the file holds is damage, said before libpng sees it. */
static gboolean
png_chunks_fit (const guint8 *data,
                gsize         size)
{
  gsize offset = 8;   /* the signature */

  while (offset + 8 <= size)
    {
      guint32 length;

      memcpy (&length, data + offset, sizeof length);
      length = GUINT32_FROM_BE (length);

      if (length > 0x7fffffffu || length > size - offset - 8)
        return FALSE;
      if (memcmp (data + offset + 4, "IEND", 4) == 0)
        return TRUE;
      offset += 8 + (gsize) length + 4;   /* header, data, CRC */
    }
  /* Cut short before IEND: libpng says how (it may still be a picture's damaged end). */
  return TRUE;
}

static GdkPixbuf *
decode_png (GBytes              *bytes,
            const char          *name,
            AtelierDecodeState  *state,
            GCancellable        *cancellable,
            GError             **error)
{
  png_structp png;
  png_infop info;
  PngSource source = { 0 };
  Reducer reducer = { 0 };
  guint8 * volatile line = NULL;
  volatile gboolean cancelled = FALSE;
  volatile gboolean too_large = FALSE;
  GdkPixbuf * volatile result = NULL;

  source.data = g_bytes_get_data (bytes, &source.size);
  if (!png_chunks_fit (source.data, source.size))
    {
      g_propagate_error (error, new_damaged_error (name));
      return NULL;
    }

  png = png_create_read_struct (PNG_LIBPNG_VER_STRING, NULL, png_on_error, png_on_warning);
  if (png == NULL)
    {
      g_propagate_error (error, new_damaged_error (name));
      return NULL;
    }
  info = png_create_info_struct (png);
  if (info == NULL)
    {
      png_destroy_read_struct (&png, NULL, NULL);
      g_propagate_error (error, new_damaged_error (name));
      return NULL;
    }

  if (setjmp (png_jmpbuf (png)))
    goto out;

  png_set_read_fn (png, &source, png_on_read);
  /* Our own limit comes first (below); libpng's default of a million pixels a side stays. */
  png_read_info (png, info);

  {
    png_uint_32 width, height;
    int bit_depth, color_type, interlace;
    guint target_width, target_height;
    guint channels;
    png_bytep exif = NULL;
    png_uint_32 exif_length = 0;

    png_get_IHDR (png, info, &width, &height, &bit_depth, &color_type, &interlace, NULL, NULL);
    state->format_name = g_intern_static_string ("png");
    state->header_width = width;
    state->header_height = height;
    state->orientation = 1;
    if (png_get_eXIf_1 (png, info, &exif_length, &exif) != 0 && exif != NULL)
      state->orientation = exif_orientation (exif, exif_length);

    if ((guint64) width * height > ATELIER_REFERENCE_MAX_SOURCE_PIXELS)
      {
        too_large = TRUE;
        goto out;
      }

    state->has_alpha = (color_type & PNG_COLOR_MASK_ALPHA) != 0 ||
                       png_get_valid (png, info, PNG_INFO_tRNS) != 0;
    channels = state->has_alpha ? 4 : 3;

    png_set_expand (png);
    png_set_strip_16 (png);
    png_set_gray_to_rgb (png);
    png_set_packing (png);

    fit_target (state, &target_width, &target_height);
    if (!reducer_init (&reducer, width, height, target_width, target_height, channels))
      goto out;

    line = g_malloc ((gsize) width * channels);

    /* The transforms above give 8-bit RGB or RGBA; a file that makes libpng say otherwise is
     * refused rather than trusted with the row buffer. */
    png_read_update_info (png, info);
    if (png_get_rowbytes (png, info) != (gsize) width * channels)
      png_error (png, "unexpected row size after the transforms");

    if (interlace == PNG_INTERLACE_NONE)
      {
        for (guint y = 0; y < height; y++)
          {
            if (y % CANCEL_CHECK_ROWS == 0 && g_cancellable_is_cancelled (cancellable))
              {
                cancelled = TRUE;
                goto out;
              }
            png_read_row (png, line, NULL);
            reducer_add (&reducer, y, 0, 1, line, width, TRUE);
          }
      }
    else
      {
        /* Adam7: the seven passes come one after the other, each a small picture of every
         * few pixels. Without libpng's interlace handling each row read is one row of a pass,
         * placed where its pixels belong; only the kept rows are held meanwhile. */
        for (int pass = 0; pass < 7; pass++)
          {
            guint rows = PNG_PASS_ROWS (height, pass);
            guint cols = PNG_PASS_COLS (width, pass);

            if (rows == 0 || cols == 0)
              continue;
            for (guint r = 0; r < rows; r++)
              {
                guint y = PNG_PASS_START_ROW (pass) + (r << PNG_PASS_ROW_SHIFT (pass));

                if (r % CANCEL_CHECK_ROWS == 0 && g_cancellable_is_cancelled (cancellable))
                  {
                    cancelled = TRUE;
                    goto out;
                  }
                png_read_row (png, line, NULL);
                reducer_add (&reducer, y, PNG_PASS_START_COL (pass),
                             1u << PNG_PASS_COL_SHIFT (pass), line, cols, FALSE);
              }
          }
      }

    /* The chunks after the image data, up to IEND: a file cut after its last IDAT is still cut. */
    png_read_end (png, NULL);
    result = reducer_finish (&reducer);
  }

out:
  png_destroy_read_struct (&png, &info, NULL);
  g_free (line);
  reducer_clear (&reducer);

  if (result == NULL)
    set_decode_error (name, state, cancellable, cancelled, too_large, error);

  return result;
}

/* WebP: libwebp decodes in one call, scaling to the kept size itself; a file cut short or
 * malformed is a status, not a partial picture. */
static GdkPixbuf *
decode_webp (GBytes              *bytes,
             const char          *name,
             AtelierDecodeState  *state,
             GCancellable        *cancellable,
             GError             **error)
{
  WebPDecoderConfig config;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  guint target_width, target_height;
  VP8StatusCode status;

  if (!WebPInitDecoderConfig (&config) ||
      WebPGetFeatures (data, size, &config.input) != VP8_STATUS_OK)
    {
      g_propagate_error (error, new_damaged_error (name));
      return NULL;
    }

  state->format_name = g_intern_static_string ("webp");
  state->header_width = config.input.width;
  state->header_height = config.input.height;
  state->orientation = 1;
  state->has_alpha = config.input.has_alpha != 0;

  if (config.input.has_animation)
    {
      g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE,
                   _("%s is animated: only still images can be references"), name);
      return NULL;
    }
  if (!check_header_size (name, state, error))
    return NULL;

  fit_target (state, &target_width, &target_height);
  pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, state->has_alpha, 8, target_width, target_height);
  if (pixbuf == NULL)
    {
      g_propagate_error (error, new_damaged_error (name));
      return NULL;
    }

  if (target_width != state->header_width || target_height != state->header_height)
    {
      config.options.use_scaling = 1;
      config.options.scaled_width = target_width;
      config.options.scaled_height = target_height;
    }
  config.output.colorspace = state->has_alpha ? MODE_RGBA : MODE_RGB;
  config.output.is_external_memory = 1;
  config.output.u.RGBA.rgba = gdk_pixbuf_get_pixels (pixbuf);
  config.output.u.RGBA.stride = gdk_pixbuf_get_rowstride (pixbuf);
  config.output.u.RGBA.size = gdk_pixbuf_get_byte_length (pixbuf);

  status = WebPDecode (data, size, &config);
  WebPFreeDecBuffer (&config.output);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (status != VP8_STATUS_OK)
    {
      g_debug ("%s: libwebp status %d", name, status);
      g_propagate_error (error, new_damaged_error (name));
      return NULL;
    }

  return g_steal_pointer (&pixbuf);
}

GdkPixbuf *
_atelier_reference_decode (GBytes              *bytes,
                           const char          *name,
                           AtelierDecodeState  *state,
                           GCancellable        *cancellable,
                           GError             **error)
{
  state->header_width = state->header_height = 0;
  state->orientation = 1;
  state->format_name = NULL;
  state->has_alpha = FALSE;

  if (g_bytes_get_size (bytes) == 0)
    {
      g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE, _("%s is empty"), name);
      return NULL;
    }

  switch (atelier_image_metadata_sniff (bytes))
    {
    case ATELIER_IMAGE_FORMAT_PNG:
      return decode_png (bytes, name, state, cancellable, error);
    case ATELIER_IMAGE_FORMAT_JPEG:
      return decode_jpeg (bytes, name, state, cancellable, error);
    case ATELIER_IMAGE_FORMAT_WEBP:
      return decode_webp (bytes, name, state, cancellable, error);
    case ATELIER_IMAGE_FORMAT_UNKNOWN:
    default:
      g_propagate_error (error, new_unsupported_error (bytes, name));
      return NULL;
    }
}
