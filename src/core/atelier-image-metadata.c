/* atelier-image-metadata.c — generation settings inside PNG, JPEG and WebP files, pixels untouched
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "atelier-error.h"
#include "atelier-image-metadata.h"

/* Every format is walked chunk by chunk with bounds checks, and the output is the input's own
 * bytes with one chunk added (or an earlier one of ours replaced): re-encoding would lose quality
 * and change the very pixels the user paid for. */

#define XMP_JPEG_NAMESPACE "http://ns.adobe.com/xap/1.0/"
#define XMP_OPEN_TAG       "<atelier:settings>"
#define XMP_CLOSE_TAG      "</atelier:settings>"

static const guint8 png_signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

static gboolean
bad_image (GError     **error,
           const char  *why)
{
  g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE,
               _("The image file is damaged or not supported (%s)."), why);
  return FALSE;
}

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static guint32
read_le32 (const guint8 *p)
{
  return ((guint32) p[3] << 24) | ((guint32) p[2] << 16) | ((guint32) p[1] << 8) | p[0];
}

static void
append_be32 (GByteArray *array,
             guint32     value)
{
  guint8 b[4] = { value >> 24, value >> 16, value >> 8, value };

  g_byte_array_append (array, b, 4);
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

AtelierImageFormat
atelier_image_metadata_sniff (GBytes *image)
{
  gsize len;
  const guint8 *data;

  g_return_val_if_fail (image != NULL, ATELIER_IMAGE_FORMAT_UNKNOWN);

  data = g_bytes_get_data (image, &len);
  if (len >= 8 && memcmp (data, png_signature, 8) == 0)
    return ATELIER_IMAGE_FORMAT_PNG;
  if (len >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    return ATELIER_IMAGE_FORMAT_JPEG;
  if (len >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    return ATELIER_IMAGE_FORMAT_WEBP;
  return ATELIER_IMAGE_FORMAT_UNKNOWN;
}

/* XMP, shared by JPEG (read) and WebP (read and write) */

static char *
xmp_build_packet (const char *settings)
{
  g_autofree char *escaped = g_markup_escape_text (settings, -1);

  return g_strconcat ("<?xpacket begin=\"\xef\xbb\xbf\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                      "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">"
                      "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
                      "<rdf:Description rdf:about=\"\" xmlns:atelier=\"https://fluxatelier.github.io/ns/1.0/\">"
                      XMP_OPEN_TAG, escaped, XMP_CLOSE_TAG
                      "</rdf:Description></rdf:RDF></x:xmpmeta>\n"
                      "<?xpacket end=\"w\"?>", NULL);
}

static char *
xmp_unescape (const char *text,
              gsize       len)
{
  GString *out = g_string_sized_new (len);
  gsize i = 0;

  while (i < len)
    {
      if (text[i] != '&')
        {
          g_string_append_c (out, text[i++]);
          continue;
        }

      {
        const char *semi = memchr (text + i, ';', len - i);
        g_autofree char *entity = NULL;

        if (semi == NULL)
          {
            g_string_append_c (out, text[i++]);
            continue;
          }
        entity = g_strndup (text + i + 1, semi - (text + i + 1));
        if (g_str_equal (entity, "lt"))
          g_string_append_c (out, '<');
        else if (g_str_equal (entity, "gt"))
          g_string_append_c (out, '>');
        else if (g_str_equal (entity, "amp"))
          g_string_append_c (out, '&');
        else if (g_str_equal (entity, "quot"))
          g_string_append_c (out, '"');
        else if (g_str_equal (entity, "apos"))
          g_string_append_c (out, '\'');
        else if (entity[0] == '#')
          {
            gunichar c = entity[1] == 'x' ? (gunichar) g_ascii_strtoull (entity + 2, NULL, 16)
                                          : (gunichar) g_ascii_strtoull (entity + 1, NULL, 10);
            if (g_unichar_validate (c) && c != 0)
              g_string_append_unichar (out, c);
          }
        i = semi - text + 1;
      }
    }

  return g_string_free (out, FALSE);
}

/* The settings inside an XMP packet, or NULL. */
static char *
xmp_find_settings (const guint8 *data,
                   gsize         len)
{
  const char *text = (const char *) data;
  const char *open, *close;
  g_autofree char *value = NULL;

  open = g_strstr_len (text, len, XMP_OPEN_TAG);
  if (open == NULL)
    return NULL;
  open += strlen (XMP_OPEN_TAG);
  close = g_strstr_len (open, len - (open - text), XMP_CLOSE_TAG);
  if (close == NULL)
    return NULL;

  value = xmp_unescape (open, close - open);
  if (!g_utf8_validate (value, -1, NULL))
    return NULL;
  return g_steal_pointer (&value);
}

/* A packet with our property added to (or replaced in) a foreign packet; NULL when it cannot. */
static char *
xmp_merge (const guint8 *data,
           gsize         len,
           const char   *settings)
{
  g_autofree char *text = g_strndup ((const char *) data, len);
  g_autofree char *escaped = g_markup_escape_text (settings, -1);
  char *open, *close, *rdf_end;

  if ((open = strstr (text, XMP_OPEN_TAG)) != NULL &&
      (close = strstr (open, XMP_CLOSE_TAG)) != NULL)
    {
      *open = '\0';
      return g_strconcat (text, XMP_OPEN_TAG, escaped, close, NULL);
    }

  if ((rdf_end = strstr (text, "</rdf:RDF>")) == NULL)
    return NULL;
  *rdf_end = '\0';
  return g_strconcat (text,
                      "<rdf:Description rdf:about=\"\" xmlns:atelier=\"https://fluxatelier.github.io/ns/1.0/\">"
                      XMP_OPEN_TAG, escaped, XMP_CLOSE_TAG "</rdf:Description></rdf:RDF>",
                      rdf_end + strlen ("</rdf:RDF>"), NULL);
}

/* PNG */

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
    return bad_image (error, "truncated PNG chunk");

  chunk->offset = *pos;
  chunk->length = read_be32 (data + *pos);
  memcpy (chunk->type, data + *pos + 4, 4);
  chunk->type[4] = '\0';
  if (chunk->length > 0x7fffffffu || chunk->length > len - *pos - 12)
    return bad_image (error, "PNG chunk past the end of the file");
  for (int i = 0; i < 4; i++)
    if (!g_ascii_isalpha (chunk->type[i]))
      return bad_image (error, "bad PNG chunk type");
  chunk->data = data + *pos + 8;
  if (crc32_update (0, data + *pos + 4, chunk->length + 4) != read_be32 (chunk->data + chunk->length))
    return bad_image (error, "PNG chunk checksum mismatch");

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

static gboolean
png_walk (GBytes      *image,
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
            return bad_image (error, "PNG without a header");
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
                return bad_image (error, "settings too long");
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

/* JPEG */

static gboolean
jpeg_walk (GBytes      *image,
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
        return bad_image (error, "settings too long for a JPEG comment");
      g_byte_array_append (out, data, 2);
    }

  for (;;)
    {
      guint8 marker;
      guint32 seglen;
      const guint8 *payload;

      if (pos + 2 > len || data[pos] != 0xff)
        return bad_image (error, "bad JPEG marker");
      while (pos + 1 < len && data[pos + 1] == 0xff) /* fill bytes */
        pos++;
      if (pos + 2 > len)
        return bad_image (error, "truncated JPEG");
      marker = data[pos + 1];

      if (marker == 0xd8 || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7))
        return bad_image (error, "unexpected JPEG marker");
      if (marker == 0xd9)
        return bad_image (error, "JPEG without image data");
      if (pos + 4 > len)
        return bad_image (error, "truncated JPEG segment");
      seglen = ((guint32) data[pos + 2] << 8) | data[pos + 3];
      if (seglen < 2 || pos + 2 + seglen > len)
        return bad_image (error, "JPEG segment past the end of the file");
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
        *found = xmp_find_settings (payload + sizeof XMP_JPEG_NAMESPACE,
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

/* WebP */

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

static gboolean
webp_walk (GBytes      *image,
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
    return bad_image (error, "WebP size past the end of the file");
  end = 8 + (gsize) riff_size;

  if (out != NULL)
    g_byte_array_append (out, data, 12);

  while (pos < end)
    {
      char fourcc[4];
      guint32 size;
      gsize padded;

      if (end - pos < 8)
        return bad_image (error, "truncated WebP chunk");
      memcpy (fourcc, data + pos, 4);
      size = read_le32 (data + pos + 4);
      padded = (gsize) size + (size & 1);
      if (padded > end - pos - 8)
        return bad_image (error, "WebP chunk past the end of the file");

      if (pos == 12)
        {
          if (memcmp (fourcc, "VP8X", 4) == 0)
            {
              if (size < 10)
                return bad_image (error, "bad WebP extended header");
              extended = TRUE;
            }
          else if (memcmp (fourcc, "VP8 ", 4) != 0 && memcmp (fourcc, "VP8L", 4) != 0)
            return bad_image (error, "unknown WebP layout");
          else if (out != NULL)
            {
              guint32 w, h;
              gboolean alpha;
              guint8 vp8x[18] = { 'V', 'P', '8', 'X', 10, 0, 0, 0 };

              /* A simple file becomes extended: only VP8X may announce an XMP chunk. */
              if (!webp_canvas_size (fourcc, data + pos + 8, size, &w, &h, &alpha))
                return bad_image (error, "bad WebP image header");
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
          g_autofree char *ours = xmp_find_settings (data + pos + 8, size);

          if (found != NULL && *found == NULL && ours != NULL)
            *found = g_strdup (ours);
          if (out != NULL)
            {
              /* Only one XMP chunk is allowed: ours is merged into it at the end. */
              g_clear_pointer (&foreign_xmp, g_free);
              foreign_xmp = xmp_merge (data + pos + 8, size, settings);
              if (foreign_xmp == NULL)
                return bad_image (error, "unreadable XMP in the WebP file");
            }
          pos += 8 + padded;
          continue;
        }

      if (out != NULL)
        g_byte_array_append (out, data + pos, 8 + padded);
      pos += 8 + padded;
    }

  if (!seen_image)
    return bad_image (error, "WebP without image data");

  if (out != NULL)
    {
      g_autofree char *packet = foreign_xmp ? g_steal_pointer (&foreign_xmp) : xmp_build_packet (settings);
      gsize packet_len = strlen (packet);

      if (packet_len > G_MAXUINT32 - out->len - 16)
        return bad_image (error, "settings too long");
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

GBytes *
atelier_image_metadata_write (GBytes      *image,
                              const char  *settings,
                              GError     **error)
{
  g_autoptr(GByteArray) out = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (image != NULL, NULL);
  g_return_val_if_fail (settings != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_utf8_validate (settings, -1, NULL))
    {
      bad_image (error, "settings are not UTF-8");
      return NULL;
    }

  out = g_byte_array_sized_new (g_bytes_get_size (image) + strlen (settings) + 256);

  switch (atelier_image_metadata_sniff (image))
    {
    case ATELIER_IMAGE_FORMAT_PNG:
      ok = png_walk (image, out, settings, NULL, error);
      break;
    case ATELIER_IMAGE_FORMAT_JPEG:
      ok = jpeg_walk (image, out, settings, NULL, error);
      break;
    case ATELIER_IMAGE_FORMAT_WEBP:
      ok = webp_walk (image, out, settings, NULL, error);
      break;
    case ATELIER_IMAGE_FORMAT_UNKNOWN:
    default:
      ok = bad_image (error, "not a PNG, JPEG or WebP file");
      break;
    }

  if (!ok)
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

char *
atelier_image_metadata_read (GBytes  *image,
                             GError **error)
{
  g_autofree char *found = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (image != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  switch (atelier_image_metadata_sniff (image))
    {
    case ATELIER_IMAGE_FORMAT_PNG:
      ok = png_walk (image, NULL, NULL, &found, error);
      break;
    case ATELIER_IMAGE_FORMAT_JPEG:
      ok = jpeg_walk (image, NULL, NULL, &found, error);
      break;
    case ATELIER_IMAGE_FORMAT_WEBP:
      ok = webp_walk (image, NULL, NULL, &found, error);
      break;
    case ATELIER_IMAGE_FORMAT_UNKNOWN:
    default:
      ok = bad_image (error, "not a PNG, JPEG or WebP file");
      break;
    }

  if (!ok)
    return NULL;
  return g_steal_pointer (&found);
}

char *
atelier_image_metadata_settings_for_job (AtelierJob *job)
{
  AtelierRecipe *recipe;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (ATELIER_IS_JOB (job), NULL);

  recipe = atelier_job_get_recipe (job);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "generator");
  json_builder_add_string_value (builder, "Atelier " PACKAGE_VERSION);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, recipe ? atelier_recipe_get_model_id (recipe) : "");
  json_builder_set_member_name (builder, "seed");
  json_builder_add_int_value (builder, atelier_job_get_seed (job));
  if (atelier_job_get_upsampled_prompt (job) != NULL)
    {
      json_builder_set_member_name (builder, "upsampled_prompt");
      json_builder_add_string_value (builder, atelier_job_get_upsampled_prompt (job));
    }
  if (recipe != NULL)
    {
      json_builder_set_member_name (builder, "recipe");
      json_builder_add_value (builder, atelier_recipe_to_json (recipe, NULL, NULL));
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

AtelierRecipe *
atelier_image_metadata_settings_to_recipe (const char  *settings,
                                           GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(AtelierRecipe) recipe = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;

  g_return_val_if_fail (settings != NULL, NULL);

  root = json_from_string (settings, &local_error);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE,
                   _("The settings stored in this image cannot be read."));
      return NULL;
    }
  object = json_node_get_object (root);
  if (!json_object_has_member (object, "recipe") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "recipe")))
    {
      g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE,
                   _("The settings stored in this image cannot be read."));
      return NULL;
    }

  recipe = atelier_recipe_new_from_json (json_object_get_member (object, "recipe"), error);
  if (recipe == NULL)
    return NULL;

  if (json_object_has_member (object, "seed") &&
      json_node_get_value_type (json_object_get_member (object, "seed")) == G_TYPE_INT64 &&
      json_object_get_int_member (object, "seed") >= 0)
    atelier_recipe_set_seed (recipe, json_object_get_int_member (object, "seed"));

  return g_steal_pointer (&recipe);
}

/* Files, in worker threads */

typedef struct
{
  GFile *source;
  GFile *dest;
  char  *settings;
} SaveCopyData;

static void
save_copy_data_free (SaveCopyData *data)
{
  g_clear_object (&data->source);
  g_clear_object (&data->dest);
  g_free (data->settings);
  g_free (data);
}

static void
save_copy_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  SaveCopyData *data = task_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) with_settings = NULL;
  GError *error = NULL;

  bytes = g_file_load_bytes (data->source, cancellable, NULL, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  with_settings = atelier_image_metadata_write (bytes, data->settings, &error);
  if (with_settings == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (!g_file_replace_contents (data->dest,
                                g_bytes_get_data (with_settings, NULL),
                                g_bytes_get_size (with_settings),
                                NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                NULL, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

void
atelier_image_metadata_save_copy_async (GFile               *source,
                                        GFile               *dest,
                                        const char          *settings,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveCopyData *data;

  g_return_if_fail (G_IS_FILE (source));
  g_return_if_fail (G_IS_FILE (dest));
  g_return_if_fail (settings != NULL);

  data = g_new0 (SaveCopyData, 1);
  data->source = g_object_ref (source);
  data->dest = g_object_ref (dest);
  data->settings = g_strdup (settings);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, atelier_image_metadata_save_copy_async);
  g_task_set_task_data (task, data, (GDestroyNotify) save_copy_data_free);
  g_task_run_in_thread (task, save_copy_thread);
}

gboolean
atelier_image_metadata_save_copy_finish (GAsyncResult  *result,
                                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
read_file_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;
  char *settings;

  bytes = g_file_load_bytes (file, cancellable, NULL, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  settings = atelier_image_metadata_read (bytes, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, settings, g_free);
}

void
atelier_image_metadata_read_file_async (GFile               *file,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, atelier_image_metadata_read_file_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, read_file_thread);
}

char *
atelier_image_metadata_read_file_finish (GAsyncResult  *result,
                                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
