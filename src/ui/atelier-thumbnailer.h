/* atelier-thumbnailer.h — square thumbnails made in worker threads, cached on disk and in an LRU bounded by bytes
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Pixels per side of a thumbnail (cells are ~180 logical px; this stays sharp at 1.4× scale). */
#define ATELIER_THUMBNAIL_SIZE 256

/* The shared thumbnailer's in-memory budget: texture bytes (width × height × 4), about 190
 * thumbnails of 256 px, a few screens of the grid. */
#define ATELIER_THUMBNAILER_DEFAULT_BYTES (48 * 1024 * 1024)

#define ATELIER_TYPE_THUMBNAILER (atelier_thumbnailer_get_type ())

G_DECLARE_FINAL_TYPE (AtelierThumbnailer, atelier_thumbnailer, ATELIER, THUMBNAILER, GObject)

/* The shared one: cache under g_get_user_cache_dir()/atelier/thumbnails,
 * ATELIER_THUMBNAILER_DEFAULT_BYTES of textures in memory. */
AtelierThumbnailer *atelier_thumbnailer_get_default   (void);
/* Keeps at most `max_bytes` of textures (width × height × 4 each) in memory, the least recently
 * used leaving first; the thumbnails on disk are never removed. */
AtelierThumbnailer *atelier_thumbnailer_new           (GFile               *cache_dir,
                                                       gsize                max_bytes);
/* A texture already in memory for this job and file, or NULL (never blocks). */
GdkTexture         *atelier_thumbnailer_lookup        (AtelierThumbnailer  *self,
                                                       const char          *job_id,
                                                       GFile               *image);
/* The thumbnail of `image`, from the disk cache (keyed by job id and modification time) or made
 * from the image at reduced size, in a worker thread. */
void                atelier_thumbnailer_load_async    (AtelierThumbnailer  *self,
                                                       const char          *job_id,
                                                       GFile               *image,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
GdkTexture         *atelier_thumbnailer_load_finish   (AtelierThumbnailer  *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
/* The thumbnail already cached on disk for this job and image, or NULL. Blocks on the disk: for
 * worker threads (only the immutable cache folder is read). */
GFile              *atelier_thumbnailer_find_cached_file (AtelierThumbnailer *self,
                                                          const char         *job_id,
                                                          GFile              *image,
                                                          GCancellable       *cancellable);
/* The budget, the texture bytes kept now (never more than the budget) and how many textures. */
gsize               atelier_thumbnailer_get_max_bytes    (AtelierThumbnailer *self);
gsize               atelier_thumbnailer_get_cached_bytes (AtelierThumbnailer *self);
guint               atelier_thumbnailer_get_n_cached     (AtelierThumbnailer *self);

G_END_DECLS
