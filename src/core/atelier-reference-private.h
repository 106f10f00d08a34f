/* atelier-reference-private.h — what the split files of AtelierReference share
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "atelier-reference.h"

G_BEGIN_DECLS

typedef struct
{
  guint64  max_pixels;    /* what will be kept of the image: lets a JPEG decode at a smaller scale */
  guint    max_side;
  int      header_width;  /* as stored, before the EXIF orientation */
  int      header_height;
  gboolean too_large;
} DecodeState;

/* atelier-reference-decode.c: sizes, sniffing, header checks and decoding. Worker threads only. */
void       _atelier_reference_fit_pixels                (guint          width,
                                                         guint          height,
                                                         guint64        max_pixels,
                                                         guint         *out_width,
                                                         guint         *out_height);
void       _atelier_reference_fit_side                  (guint          width,
                                                         guint          height,
                                                         guint          max_side,
                                                         guint         *out_width,
                                                         guint         *out_height);
GdkPixbuf *_atelier_reference_decode                    (GBytes        *bytes,
                                                         const char    *name,
                                                         DecodeState   *state,
                                                         const char   **format_name,
                                                         GCancellable  *cancellable,
                                                         GError       **error);
GError    *_atelier_reference_new_not_an_image_error    (const char    *name);
GError    *_atelier_reference_new_too_many_bytes_error  (const char    *name,
                                                         guint64        size);

G_END_DECLS
