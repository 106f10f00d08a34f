/* atelier-image-metadata-xmp.c — the XMP packet that carries the settings in JPEG and WebP files
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "atelier-image-metadata-private.h"

#define XMP_OPEN_TAG       "<atelier:settings>"
#define XMP_CLOSE_TAG      "</atelier:settings>"

char *
_atelier_image_metadata_xmp_build_packet (const char *settings)
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
char *
_atelier_image_metadata_xmp_find_settings (const guint8 *data,
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
char *
_atelier_image_metadata_xmp_merge (const guint8 *data,
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

