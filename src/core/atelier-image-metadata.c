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
#include "atelier-image-metadata-private.h"

/* Every format is walked chunk by chunk with bounds checks, and the output is the input's own
 * bytes with one chunk added (or an earlier one of ours replaced): re-encoding would lose quality
 * and change the very pixels the user paid for. */

static const guint8 png_signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

gboolean
_atelier_image_metadata_bad_image (GError     **error,
                                   const char  *why)
{
  /* Translators: %s is a short technical reason, e.g. "truncated PNG chunk" */
  g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE,
               _("The image file is damaged or not supported (%s)."), gettext (why));
  return FALSE;
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

/* Walks the container's chunks or segments: copying them to `out` with `settings` put in (write),
 * or finding the settings already there (read). */
static gboolean
walk (GBytes      *image,
      GByteArray  *out,
      const char  *settings,
      char       **found,
      GError     **error)
{
  switch (atelier_image_metadata_sniff (image))
    {
    case ATELIER_IMAGE_FORMAT_PNG:
      return _atelier_image_metadata_png_walk (image, out, settings, found, error);
    case ATELIER_IMAGE_FORMAT_JPEG:
      return _atelier_image_metadata_jpeg_walk (image, out, settings, found, error);
    case ATELIER_IMAGE_FORMAT_WEBP:
      return _atelier_image_metadata_webp_walk (image, out, settings, found, error);
    case ATELIER_IMAGE_FORMAT_UNKNOWN:
    default:
      return _atelier_image_metadata_bad_image (error, "not a PNG, JPEG or WebP file");
    }
}

GBytes *
atelier_image_metadata_write (GBytes      *image,
                              const char  *settings,
                              GError     **error)
{
  g_autoptr(GByteArray) out = NULL;

  g_return_val_if_fail (image != NULL, NULL);
  g_return_val_if_fail (settings != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_utf8_validate (settings, -1, NULL))
    {
      _atelier_image_metadata_bad_image (error, N_("settings are not UTF-8"));
      return NULL;
    }

  out = g_byte_array_sized_new (g_bytes_get_size (image) + strlen (settings) + 256);

  if (!walk (image, out, settings, NULL, error))
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

char *
atelier_image_metadata_read (GBytes  *image,
                             GError **error)
{
  g_autofree char *found = NULL;

  g_return_val_if_fail (image != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!walk (image, NULL, NULL, &found, error))
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

