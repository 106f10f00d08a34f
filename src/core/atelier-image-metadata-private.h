/* atelier-image-metadata-private.h — what the container files of atelier-image-metadata share
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib/gi18n.h>

#include "atelier-image-metadata.h"

G_BEGIN_DECLS

/* atelier-image-metadata.c: a damaged-image error with a reason; always returns FALSE. */
gboolean _atelier_image_metadata_bad_image (GError     **error,
                                            const char  *why);

/* One walker per container. Each checks every length against the end of the data; with `out`
 * it copies the file with our settings added (or ours replaced), with `found` it reads them. */
gboolean _atelier_image_metadata_png_walk (GBytes      *image,
                                           GByteArray  *out,
                                           const char  *settings,
                                           char       **found,
                                           GError     **error);
gboolean _atelier_image_metadata_jpeg_walk (GBytes      *image,
                                            GByteArray  *out,
                                            const char  *settings,
                                            char       **found,
                                            GError     **error);
gboolean _atelier_image_metadata_webp_walk (GBytes      *image,
                                            GByteArray  *out,
                                            const char  *settings,
                                            char       **found,
                                            GError     **error);

/* atelier-image-metadata-xmp.c: XMP, shared by JPEG (read) and WebP (read and write). */
char    *_atelier_image_metadata_xmp_build_packet  (const char   *settings);
/* The settings inside an XMP packet, or NULL. */
char    *_atelier_image_metadata_xmp_find_settings (const guint8 *data,
                                                    gsize         len);
/* A packet with our property added to (or replaced in) a foreign packet; NULL when it cannot. */
char    *_atelier_image_metadata_xmp_merge         (const guint8 *data,
                                                    gsize         len,
                                                    const char   *settings);

G_END_DECLS
