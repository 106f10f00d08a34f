/* atelier-texture-reference.h — a pasted or dropped picture made into a reference, in a worker
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "atelier-reference.h"

G_BEGIN_DECLS

/* Encodes the texture as PNG and prepares that like any file ("Pasted image"), both in a worker
 * thread: for a large picture each costs far more than a frame. */
void              atelier_texture_reference_prepare_async  (GdkTexture          *texture,
                                                            guint64              max_pixels,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
/* `png` (optional) receives the encoded picture even when it was refused, so another reference
 * cap can prepare it again. */
AtelierReference *atelier_texture_reference_prepare_finish (GAsyncResult        *result,
                                                            GBytes             **png,
                                                            GError             **error);

G_END_DECLS
