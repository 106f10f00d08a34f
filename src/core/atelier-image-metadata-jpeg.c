/* atelier-image-metadata-jpeg.c — the settings in a JPEG COM segment
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "atelier-image-metadata-private.h"

#define XMP_JPEG_NAMESPACE "http://ns.adobe.com/xap/1.0/"

gboolean
_atelier_image_metadata_jpeg_walk (GBytes      *image,
                                   GByteArray  *out,
                                   const char  *settings,
                                   char       **found,
                                   GError     **error)
{
  gsize len, pos = 2;
  const guint8 *data = g_bytes_get_data (image, &len);
  gboolean inserted = FALSE;
  gsize keylen = strlen (ATELIER_IMAGE_METADATA_KEYWORD);

  if (out != NULL)
    {
      if (strlen (settings) + keylen + 1 > 65533)
        return _atelier_image_metadata_bad_image (error, N_("settings too long for a JPEG comment"));
      g_byte_array_append (out, data, 2);
    }

  for (;;)
    {
      guint8 marker;
      guint32 seglen;
      const guint8 *payload;

      if (pos + 2 > len || data[pos] != 0xff)
        return _atelier_image_metadata_bad_image (error, N_("bad JPEG marker"));
      while (pos + 1 < len && data[pos + 1] == 0xff) /* fill bytes */
        pos++;
      if (pos + 2 > len)
        return _atelier_image_metadata_bad_image (error, N_("truncated JPEG"));
      marker = data[pos + 1];

      if (marker == 0xd8 || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7))
        return _atelier_image_metadata_bad_image (error, N_("unexpected JPEG marker"));
      if (marker == 0xd9)
        return _atelier_image_metadata_bad_image (error, N_("JPEG without image data"));
      if (pos + 4 > len)
        return _atelier_image_metadata_bad_image (error, N_("truncated JPEG segment"));
      seglen = ((guint32) data[pos + 2] << 8) | data[pos + 3];
      if (seglen < 2 || pos + 2 + seglen > len)
        return _atelier_image_metadata_bad_image (error, N_("JPEG segment past the end of the file"));
      payload = data + pos + 4;

      /* Ours goes after SOI and the JFIF/Exif application segments, before anything else. */
      if (out != NULL && !inserted && !(marker == 0xe0 || marker == 0xe1))
        {
          gsize textlen = strlen (settings);
          guint32 comlen = 2 + keylen + 1 + textlen;
          guint8 head[4] = { 0xff, 0xfe, comlen >> 8, comlen & 0xff };

          g_byte_array_append (out, head, 4);
          g_byte_array_append (out, (const guint8 *) ATELIER_IMAGE_METADATA_KEYWORD, keylen + 1);
          g_byte_array_append (out, (const guint8 *) settings, textlen);
          inserted = TRUE;
        }

      if (marker == 0xfe && seglen - 2 > keylen &&
          memcmp (payload, ATELIER_IMAGE_METADATA_KEYWORD, keylen + 1) == 0)
        {
          if (found != NULL && *found == NULL &&
              g_utf8_validate ((const char *) payload + keylen + 1, seglen - 3 - keylen, NULL))
            *found = g_strndup ((const char *) payload + keylen + 1, seglen - 3 - keylen);
          pos += 2 + seglen;
          continue;
        }

      if (marker == 0xe1 && found != NULL && *found == NULL &&
          seglen - 2 > sizeof XMP_JPEG_NAMESPACE &&
          memcmp (payload, XMP_JPEG_NAMESPACE, sizeof XMP_JPEG_NAMESPACE) == 0)
        *found = _atelier_image_metadata_xmp_find_settings (payload + sizeof XMP_JPEG_NAMESPACE,
                                    seglen - 2 - sizeof XMP_JPEG_NAMESPACE);

      if (marker == 0xda)
        {
          /* Start of scan: the entropy-coded data and the rest follow unchanged. */
          if (out != NULL)
            g_byte_array_append (out, data + pos, len - pos);
          return TRUE;
        }

      if (out != NULL)
        g_byte_array_append (out, data + pos, 2 + seglen);
      pos += 2 + seglen;
    }
}

