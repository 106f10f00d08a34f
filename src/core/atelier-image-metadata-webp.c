/* atelier-image-metadata-webp.c — the settings in the XMP chunk of an extended WebP file
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "atelier-image-metadata-private.h"

static guint32
read_le32 (const guint8 *p)
{
  return ((guint32) p[3] << 24) | ((guint32) p[2] << 16) | ((guint32) p[1] << 8) | p[0];
}

static void
append_le32 (GByteArray *array,
             guint32     value)
{
  guint8 b[4] = { value, value >> 8, value >> 16, value >> 24 };

  g_byte_array_append (array, b, 4);
}

static void
put_le32 (guint8  *p,
          guint32  value)
{
  p[0] = value;
  p[1] = value >> 8;
  p[2] = value >> 16;
  p[3] = value >> 24;
}

static gboolean
webp_canvas_size (const char    *fourcc,
                  const guint8  *payload,
                  guint32        size,
                  guint32       *width,
                  guint32       *height,
                  gboolean      *alpha)
{
  if (memcmp (fourcc, "VP8 ", 4) == 0)
    {
      if (size < 10 || payload[3] != 0x9d || payload[4] != 0x01 || payload[5] != 0x2a)
        return FALSE;
      *width = (payload[6] | (payload[7] << 8)) & 0x3fff;
      *height = (payload[8] | (payload[9] << 8)) & 0x3fff;
      *alpha = FALSE;
      return *width > 0 && *height > 0;
    }
  if (memcmp (fourcc, "VP8L", 4) == 0)
    {
      guint32 bits;

      if (size < 5 || payload[0] != 0x2f)
        return FALSE;
      bits = read_le32 (payload + 1);
      *width = (bits & 0x3fff) + 1;
      *height = ((bits >> 14) & 0x3fff) + 1;
      *alpha = (bits >> 28) & 1;
      return TRUE;
    }
  return FALSE;
}

gboolean
_atelier_image_metadata_webp_walk (GBytes      *image,
                                   GByteArray  *out,
                                   const char  *settings,
                                   char       **found,
                                   GError     **error)
{
  gsize len, pos = 12;
  const guint8 *data = g_bytes_get_data (image, &len);
  guint32 riff_size = read_le32 (data + 4);
  gboolean extended = FALSE, seen_image = FALSE;
  gsize vp8x_offset = 0;
  g_autofree char *foreign_xmp = NULL;
  gsize end;

  if (riff_size < 4 || riff_size > len - 8)
    return _atelier_image_metadata_bad_image (error, N_("WebP size past the end of the file"));
  end = 8 + (gsize) riff_size;

  if (out != NULL)
    g_byte_array_append (out, data, 12);

  while (pos < end)
    {
      char fourcc[4];
      guint32 size;
      gsize padded;

      if (end - pos < 8)
        return _atelier_image_metadata_bad_image (error, N_("truncated WebP chunk"));
      memcpy (fourcc, data + pos, 4);
      size = read_le32 (data + pos + 4);
      padded = (gsize) size + (size & 1);
      if (padded > end - pos - 8)
        return _atelier_image_metadata_bad_image (error, N_("WebP chunk past the end of the file"));

      if (pos == 12)
        {
          if (memcmp (fourcc, "VP8X", 4) == 0)
            {
              if (size < 10)
                return _atelier_image_metadata_bad_image (error, N_("bad WebP extended header"));
              extended = TRUE;
            }
          else if (memcmp (fourcc, "VP8 ", 4) != 0 && memcmp (fourcc, "VP8L", 4) != 0)
            return _atelier_image_metadata_bad_image (error, N_("unknown WebP layout"));
          else if (out != NULL)
            {
              guint32 w, h;
              gboolean alpha;
              guint8 vp8x[18] = { 'V', 'P', '8', 'X', 10, 0, 0, 0 };

              /* A simple file becomes extended: only VP8X may announce an XMP chunk. */
              if (!webp_canvas_size (fourcc, data + pos + 8, size, &w, &h, &alpha))
                return _atelier_image_metadata_bad_image (error, N_("bad WebP image header"));
              vp8x[8] = alpha ? 0x10 : 0;
              vp8x[12] = (w - 1) & 0xff;
              vp8x[13] = ((w - 1) >> 8) & 0xff;
              vp8x[14] = ((w - 1) >> 16) & 0xff;
              vp8x[15] = (h - 1) & 0xff;
              vp8x[16] = ((h - 1) >> 8) & 0xff;
              vp8x[17] = ((h - 1) >> 16) & 0xff;
              vp8x_offset = out->len;
              g_byte_array_append (out, vp8x, sizeof vp8x);
            }
          if (extended && out != NULL)
            vp8x_offset = out->len;
        }

      if (memcmp (fourcc, "VP8 ", 4) == 0 || memcmp (fourcc, "VP8L", 4) == 0 ||
          memcmp (fourcc, "ANMF", 4) == 0)
        seen_image = TRUE;

      if (memcmp (fourcc, "XMP ", 4) == 0)
        {
          g_autofree char *ours = _atelier_image_metadata_xmp_find_settings (data + pos + 8, size);

          if (found != NULL && *found == NULL && ours != NULL)
            *found = g_strdup (ours);
          if (out != NULL)
            {
              /* Only one XMP chunk is allowed: ours is merged into it at the end. */
              g_clear_pointer (&foreign_xmp, g_free);
              foreign_xmp = _atelier_image_metadata_xmp_merge (data + pos + 8, size, settings);
              if (foreign_xmp == NULL)
                return _atelier_image_metadata_bad_image (error, N_("unreadable XMP in the WebP file"));
            }
          pos += 8 + padded;
          continue;
        }

      if (out != NULL)
        g_byte_array_append (out, data + pos, 8 + padded);
      pos += 8 + padded;
    }

  if (!seen_image)
    return _atelier_image_metadata_bad_image (error, N_("WebP without image data"));

  if (out != NULL)
    {
      g_autofree char *packet = foreign_xmp != NULL
                                ? g_steal_pointer (&foreign_xmp)
                                : _atelier_image_metadata_xmp_build_packet (settings);
      gsize packet_len = strlen (packet);

      if (packet_len > G_MAXUINT32 - out->len - 16)
        return _atelier_image_metadata_bad_image (error, N_("settings too long"));
      g_byte_array_append (out, (const guint8 *) "XMP ", 4);
      append_le32 (out, packet_len);
      g_byte_array_append (out, (const guint8 *) packet, packet_len);
      if (packet_len & 1)
        g_byte_array_append (out, (const guint8 *) "", 1);

      out->data[vp8x_offset + 8] |= 0x04; /* XMP metadata present */
      put_le32 (out->data + 4, out->len - 8);
    }

  return TRUE;
}
