/* atelier-reference-private.h — what the split files of AtelierReference share
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "atelier-reference.h"

G_BEGIN_DECLS

/* What a decode is asked for, and what it found. */
typedef struct
{
  /* In: the size kept of the image, in its stored orientation. 0 = no limit. */
  guint64     max_pixels;
  guint       max_side;

  /* Out: the header's size (as stored, before the EXIF orientation), the EXIF orientation (1 to
   * 8), the format ("png", "jpeg", "webp", interned) and whether the file carries an alpha
   * channel (it may still be fully opaque). */
  guint       header_width;
  guint       header_height;
  guint       orientation;
  const char *format_name;
  gboolean    has_alpha;
} AtelierDecodeState;

/* atelier-reference-decode.c: sizes, sniffing, header checks and decoding. Worker threads only. */
void       _atelier_reference_fit_pixels                (guint                width,
                                                         guint                height,
                                                         guint64              max_pixels,
                                                         guint               *out_width,
                                                         guint               *out_height);
void       _atelier_reference_fit_side                  (guint                width,
                                                         guint                height,
                                                         guint                max_side,
                                                         guint               *out_width,
                                                         guint               *out_height);
/* Decodes every byte of the image's data — a file that is cut short, corrupt or fails a checksum
 * is refused — and returns it already reduced to the size asked for, in its stored orientation.
 * Nothing larger than that size is held in memory; a header that declares more pixels than
 * ATELIER_REFERENCE_MAX_SOURCE_PIXELS is refused before any pixel buffer exists. */
GdkPixbuf *_atelier_reference_decode                    (GBytes              *bytes,
                                                         const char          *name,
                                                         AtelierDecodeState  *state,
                                                         GCancellable        *cancellable,
                                                         GError             **error);
GError    *_atelier_reference_new_not_an_image_error    (const char          *name);
GError    *_atelier_reference_new_too_many_bytes_error  (const char          *name,
                                                         guint64              size);

G_END_DECLS
