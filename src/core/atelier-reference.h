/* atelier-reference.h — a reference image prepared to be sent: decoded whole, reduced, encoded, base64
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

G_BEGIN_DECLS

/* A reference image prepared to be sent: oriented, downscaled to the cap, encoded (PNG when it has
 * alpha, else high-quality JPEG), with its base64. Immutable once prepared. */

#define ATELIER_TYPE_REFERENCE (atelier_reference_get_type ())

G_DECLARE_FINAL_TYPE (AtelierReference, atelier_reference, ATELIER, REFERENCE, GObject)

/* Files larger than this many pixels (from the header, before decoding) are refused. */
#define ATELIER_REFERENCE_MAX_SOURCE_PIXELS (100u * 1000u * 1000u)
/* Files larger than this many bytes are refused before reading. */
#define ATELIER_REFERENCE_MAX_SOURCE_BYTES  (200u * 1024u * 1024u)
/* The default cap on the pixels sent (a preference): 4 MP. 0 = original size. */
#define ATELIER_REFERENCE_DEFAULT_CAP       (4u * 1024u * 1024u)

/* Prepares in a worker thread. Errors: ATELIER_ERROR_BAD_IMAGE with a message naming the file. */
void              atelier_reference_prepare_file_async   (GFile               *file,
                                                          guint64              max_pixels,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
/* `name` is what messages call it ("photo.jpg", "Pasted image"). */
void              atelier_reference_prepare_bytes_async  (GBytes              *bytes,
                                                          const char          *name,
                                                          guint64              max_pixels,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
AtelierReference *atelier_reference_prepare_finish       (GAsyncResult        *result,
                                                          GError             **error);

/* Synchronous variant, for worker threads and tests only. */
AtelierReference *atelier_reference_prepare_bytes        (GBytes              *bytes,
                                                          const char          *name,
                                                          guint64              max_pixels,
                                                          GCancellable        *cancellable,
                                                          GError             **error);

/* Rebuilds a reference from bytes that were prepared before (a library copy): no resampling.
 * It still decodes for the size and thumbnail and computes the base64: call it from a worker
 * thread when the bytes are large, or use the async variant. */
AtelierReference *atelier_reference_new_prepared         (GBytes              *encoded,
                                                          const char          *name,
                                                          GError             **error);
/* atelier_reference_new_prepared () in a worker thread; finish with atelier_reference_prepare_finish (). */
void              atelier_reference_new_prepared_async   (GBytes              *encoded,
                                                          const char          *name,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);

const char       *atelier_reference_get_name             (AtelierReference    *self);
guint             atelier_reference_get_width            (AtelierReference    *self); /* as sent */
guint             atelier_reference_get_height           (AtelierReference    *self);
guint             atelier_reference_get_source_width     (AtelierReference    *self); /* before downscaling */
guint             atelier_reference_get_source_height    (AtelierReference    *self);
const char       *atelier_reference_get_mime_type        (AtelierReference    *self); /* image/png | image/jpeg */
const char       *atelier_reference_get_extension        (AtelierReference    *self); /* png | jpg */
GBytes           *atelier_reference_get_bytes            (AtelierReference    *self); /* encoded */
const char       *atelier_reference_get_base64           (AtelierReference    *self); /* raw, no data: prefix */
gboolean          atelier_reference_has_alpha            (AtelierReference    *self);
/* A small thumbnail (≤ 256 px per side), made in the worker thread. */
GdkPixbuf        *atelier_reference_get_thumbnail        (AtelierReference    *self);

G_END_DECLS
