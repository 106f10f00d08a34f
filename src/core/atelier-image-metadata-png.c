/* atelier-image-metadata-png.c — the settings in a PNG iTXt chunk
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "atelier-image-metadata-private.h"

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static void
append_be32 (GByteArray *array,
             guint32     value)
{
  guint8 b[4] = { value >> 24, value >> 16, value >> 8, value };

  g_byte_array_append (array, b, 4);
}

static guint32
crc32_update (guint32       crc,
              const guint8 *data,
              gsize         len)
{
  static guint32 table[256];
  static gsize table_ready = 0;

  if (g_once_init_enter (&table_ready))
    {
      for (guint32 n = 0; n < 256; n++)
        {
          guint32 c = n;

          for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
          table[n] = c;
        }
      g_once_init_leave (&table_ready, 1);
    }

  crc ^= 0xffffffffu;
  for (gsize i = 0; i < len; i++)
    crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
  return crc ^ 0xffffffffu;
}

typedef struct
{
  gsize offset;     /* of the length field */
  guint32 length;   /* of the data */
  char type[5];
  const guint8 *data;
} PngChunk;

static gboolean
png_next_chunk (const guint8  *data,
                gsize          len,
                gsize         *pos,
                PngChunk      *chunk,
                GError       **error)
{
  if (len - *pos < 12)
    return _atelier_image_metadata_bad_image (error, N_("truncated PNG chunk"));

  chunk->offset = *pos;
  chunk->length = read_be32 (data + *pos);
  memcpy (chunk->type, data + *pos + 4, 4);
  chunk->type[4] = '\0';
  if (chunk->length > 0x7fffffffu || chunk->length > len - *pos - 12)
    return _atelier_image_metadata_bad_image (error, N_("PNG chunk past the end of the file"));
  for (int i = 0; i < 4; i++)
    if (!g_ascii_isalpha (chunk->type[i]))
      return _atelier_image_metadata_bad_image (error, N_("bad PNG chunk type"));
  chunk->data = data + *pos + 8;
  if (crc32_update (0, data + *pos + 4, chunk->length + 4) != read_be32 (chunk->data + chunk->length))
    return _atelier_image_metadata_bad_image (error, N_("PNG chunk checksum mismatch"));

  *pos += 12 + chunk->length;
  return TRUE;
}

/* The text of one of our tEXt/iTXt chunks, or NULL when the chunk is someone else's. */
static char *
png_chunk_settings (const PngChunk *chunk)
{
  gsize keylen = strlen (ATELIER_IMAGE_METADATA_KEYWORD);
  const guint8 *p = chunk->data;
  gsize n = chunk->length;

  if (n < keylen + 1 || memcmp (p, ATELIER_IMAGE_METADATA_KEYWORD, keylen + 1) != 0)
    return NULL;
  p += keylen + 1;
  n -= keylen + 1;

  if (strcmp (chunk->type, "tEXt") == 0)
    return g_convert ((const char *) p, n, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);

  if (strcmp (chunk->type, "iTXt") == 0)
    {
      const guint8 *lang_end, *tkey_end;

      /* compression flag, method, language tag\0, translated keyword\0, text */
      if (n < 4 || p[0] != 0)
        return NULL; /* compressed text: we never write it */
      p += 2;
      n -= 2;
      lang_end = memchr (p, 0, n);
      if (lang_end == NULL)
        return NULL;
      n -= lang_end + 1 - p;
      p = lang_end + 1;
      tkey_end = memchr (p, 0, n);
      if (tkey_end == NULL)
        return NULL;
      n -= tkey_end + 1 - p;
      p = tkey_end + 1;
      if (!g_utf8_validate ((const char *) p, n, NULL))
        return NULL;
      return g_strndup ((const char *) p, n);
    }

  return NULL;
}

gboolean
_atelier_image_metadata_png_walk (GBytes      *image,
                                  GByteArray  *out,        /* NULL to only read */
                                  const char  *settings,
                                  char       **found,
                                  GError     **error)
{
  gsize len, pos = 8;
  const guint8 *data = g_bytes_get_data (image, &len);
  gboolean seen_ihdr = FALSE;

  if (out != NULL)
    g_byte_array_append (out, data, 8);

  for (;;)
    {
      PngChunk chunk;
      g_autofree char *ours = NULL;

      if (!png_next_chunk (data, len, &pos, &chunk, error))
        return FALSE;

      if (!seen_ihdr)
        {
          if (strcmp (chunk.type, "IHDR") != 0 || chunk.length != 13)
            return _atelier_image_metadata_bad_image (error, N_("PNG without a header"));
          seen_ihdr = TRUE;
        }

      if (strcmp (chunk.type, "tEXt") == 0 || strcmp (chunk.type, "iTXt") == 0)
        ours = png_chunk_settings (&chunk);

      if (strcmp (chunk.type, "IEND") == 0)
        {
          if (out != NULL)
            {
              gsize keylen = strlen (ATELIER_IMAGE_METADATA_KEYWORD);
              gsize textlen = strlen (settings);
              gsize start = out->len;
              static const guint8 itxt_flags[] = { 0, 0, 0, 0 }; /* uncompressed, no language, no translation */

              if (textlen > 0x7fffffffu - keylen - 8)
                return _atelier_image_metadata_bad_image (error, N_("settings too long"));
              append_be32 (out, keylen + 1 + sizeof itxt_flags + textlen);
              g_byte_array_append (out, (const guint8 *) "iTXt", 4);
              g_byte_array_append (out, (const guint8 *) ATELIER_IMAGE_METADATA_KEYWORD, keylen + 1);
              g_byte_array_append (out, itxt_flags, sizeof itxt_flags);
              g_byte_array_append (out, (const guint8 *) settings, textlen);
              append_be32 (out, crc32_update (0, out->data + start + 4, out->len - start - 4));
              g_byte_array_append (out, data + chunk.offset, 12 + chunk.length);
            }
          return TRUE;
        }

      if (ours != NULL)
        {
          if (found != NULL && *found == NULL)
            *found = g_steal_pointer (&ours);
          continue; /* an earlier copy of ours is dropped when writing */
        }

      if (out != NULL)
        g_byte_array_append (out, data + chunk.offset, 12 + chunk.length);
    }
}

