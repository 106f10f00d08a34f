/* atelier-test-hostile.h — a folder of broken, hostile and unsupported files, and one good picture
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

G_BEGIN_DECLS

typedef struct
{
  GFile *file;
  char  *name;     /* as the person sees it */
  char  *message;  /* the exact refusal, or NULL for the good file */
} AtelierHostileFile;

/* Makes `folder` (created) with every kind of file a reference must refuse — empty, not an image,
 * cut short, corrupt compressed data, a bad checksum, a frame that ends early, a missing end,
 * a decompression bomb, too many bytes, other formats, a vector drawing, an animated image, a
 * folder, a missing file — and, last, the good picture "fern.png", 512 × 384. Returns them in that
 * order; free with g_ptr_array_unref. */
GPtrArray *atelier_test_make_hostile_files (const char *folder);

/* Only the good one's index in what atelier_test_make_hostile_files returns. */
guint      atelier_test_hostile_good_index (GPtrArray  *files);

/* A photo-like gradient with some texture (so JPEG sizes are realistic) and an opaque red 8×8
 * block in the top-left corner (so rotations can be checked). */
GdkPixbuf *atelier_test_make_pixbuf        (guint       width,
                                            guint       height,
                                            gboolean    with_alpha);
/* `type`: "png" or "jpeg" (quality 90). */
GBytes    *atelier_test_encode             (GdkPixbuf  *pixbuf,
                                            const char *type);

/* A valid PNG of width × height pixels (a gradient with an opaque red 8×8 corner). */
GBytes    *atelier_test_make_png           (guint       width,
                                            guint       height);

/* A valid little PNG whose header declares width × height pixels: a decompression bomb. */
GBytes    *atelier_test_make_png_bomb      (guint32     width,
                                            guint32     height);

G_END_DECLS
