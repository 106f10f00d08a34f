/* atelier-image-metadata.h — generation settings inside PNG, JPEG and WebP files, pixels untouched
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "atelier-job.h"
#include "atelier-recipe.h"

G_BEGIN_DECLS

/* The PNG iTXt keyword, the JPEG COM prefix and the XMP property name. */
#define ATELIER_IMAGE_METADATA_KEYWORD "atelier:settings"

typedef enum
{
  ATELIER_IMAGE_FORMAT_UNKNOWN,
  ATELIER_IMAGE_FORMAT_PNG,
  ATELIER_IMAGE_FORMAT_JPEG,
  ATELIER_IMAGE_FORMAT_WEBP,
} AtelierImageFormat;

AtelierImageFormat  atelier_image_metadata_sniff       (GBytes        *image);

/* A copy of `image` carrying `settings` (UTF-8 text, normally JSON): a PNG iTXt chunk before IEND,
 * a JPEG COM segment after SOI/APP0, a WebP XMP chunk (the file becomes VP8X). Earlier Atelier
 * settings are replaced; the compressed pixels are copied byte for byte. Corrupt or unsupported
 * input: NULL and ATELIER_ERROR_BAD_IMAGE. Pure byte work: safe in any thread. */
GBytes             *atelier_image_metadata_write       (GBytes        *image,
                                                        const char    *settings,
                                                        GError       **error);
/* The settings found in `image`. NULL without an error when the image carries none; NULL with
 * ATELIER_ERROR_BAD_IMAGE when it is not a well-formed PNG, JPEG or WebP. */
char               *atelier_image_metadata_read        (GBytes        *image,
                                                        GError       **error);

/* The settings of a job as JSON text: {"generator", "version", "model", "seed", "recipe"}.
 * The recipe names no reference files (they are not in the image). */
char               *atelier_image_metadata_settings_for_job (AtelierJob *job);
/* Turns settings read from an image back into a recipe, with the image's seed fixed (so the same
 * settings give the same picture). The references are not restored. */
AtelierRecipe      *atelier_image_metadata_settings_to_recipe (const char *settings,
                                                               GError    **error);

/* Copies `source` to `dest` with `settings` embedded, in a worker thread (atomic replace). */
void                atelier_image_metadata_save_copy_async  (GFile               *source,
                                                             GFile               *dest,
                                                             const char          *settings,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean            atelier_image_metadata_save_copy_finish (GAsyncResult        *result,
                                                             GError             **error);
/* Reads the settings of an image file in a worker thread (for a drop on the prompt box).
 * NULL without an error when the file carries none. */
void                atelier_image_metadata_read_file_async  (GFile               *file,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
char               *atelier_image_metadata_read_file_finish (GAsyncResult        *result,
                                                             GError             **error);

G_END_DECLS
