/* atelier-export.c — copying pictures out to a folder, their settings embedded
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Atelier-Export"

#include "config.h"

#include <string.h>

#include "atelier-export.h"
#include "atelier-image-metadata.h"

#define MAX_NAME_TRIES 10000

struct _AtelierExportItem
{
  GFile *source;
  char  *file_name;
  char  *settings;
};

AtelierExportItem *
atelier_export_item_new (GFile      *source,
                         const char *file_name,
                         const char *settings)
{
  AtelierExportItem *item;

  g_return_val_if_fail (G_IS_FILE (source), NULL);
  g_return_val_if_fail (file_name != NULL && *file_name != '\0', NULL);

  item = g_new0 (AtelierExportItem, 1);
  item->source = g_object_ref (source);
  item->file_name = g_strdup (file_name);
  item->settings = g_strdup (settings);
  return item;
}

void
atelier_export_item_free (AtelierExportItem *item)
{
  if (item == NULL)
    return;
  g_clear_object (&item->source);
  g_free (item->file_name);
  g_free (item->settings);
  g_free (item);
}

GFile *
atelier_export_reserve_name (GFile         *folder,
                             const char    *file_name,
                             GCancellable  *cancellable,
                             GError       **error)
{
  const char *dot = strrchr (file_name, '.');
  g_autofree char *stem = g_strndup (file_name, dot != NULL && dot != file_name ? (gsize) (dot - file_name)
                                                                                  : strlen (file_name));
  const char *ext = dot != NULL && dot != file_name ? dot : "";

  g_return_val_if_fail (G_IS_FILE (folder), NULL);
  g_return_val_if_fail (file_name != NULL, NULL);

  for (guint n = 1; n <= MAX_NAME_TRIES; n++)
    {
      g_autofree char *name = n == 1 ? g_strdup (file_name) : g_strdup_printf ("%s (%u)%s", stem, n, ext);
      g_autoptr(GFile) file = g_file_get_child (folder, name);
      g_autoptr(GFileOutputStream) stream = NULL;
      g_autoptr(GError) local_error = NULL;

      /* Created, not tested: two exports at once cannot pick the same name. */
      stream = g_file_create (file, G_FILE_CREATE_NONE, cancellable, &local_error);
      if (stream != NULL)
        {
          g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, NULL);
          return g_steal_pointer (&file);
        }
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "%s", file_name);
  return NULL;
}

typedef struct
{
  GFile     *folder;
  GPtrArray *items;
  guint      n_done;
  guint      n_failed;
  GError    *first_error;
} ExportData;

static void
export_data_free (gpointer user_data)
{
  ExportData *data = user_data;

  g_clear_object (&data->folder);
  g_clear_pointer (&data->items, g_ptr_array_unref);
  g_clear_error (&data->first_error);
  g_free (data);
}

static gboolean
export_one (GFile              *folder,
            AtelierExportItem  *item,
            GCancellable       *cancellable,
            GError            **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GFile) dest = NULL;

  bytes = g_file_load_bytes (item->source, cancellable, NULL, error);
  if (bytes == NULL)
    return FALSE;
  /* The original's compressed pixels, byte for byte, with the settings that made it. */
  written = item->settings != NULL ? atelier_image_metadata_write (bytes, item->settings, error)
                                   : g_bytes_ref (bytes);
  if (written == NULL)
    return FALSE;

  dest = atelier_export_reserve_name (folder, item->file_name, cancellable, error);
  if (dest == NULL)
    return FALSE;
  if (!g_file_replace_contents (dest, g_bytes_get_data (written, NULL), g_bytes_get_size (written),
                                NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, cancellable, error))
    {
      /* No empty file left behind under the reserved name. */
      g_file_delete (dest, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *data = task_data;

  for (guint i = 0; i < data->items->len; i++)
    {
      g_autoptr(GError) error = NULL;

      if (export_one (data->folder, g_ptr_array_index (data->items, i), cancellable, &error))
        data->n_done++;
      else
        {
          data->n_failed++;
          if (data->first_error == NULL)
            data->first_error = g_steal_pointer (&error);
        }
    }
  g_task_return_boolean (task, TRUE);
}

void
atelier_export_async (GFile               *folder,
                      GPtrArray           *items,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *data;

  g_return_if_fail (G_IS_FILE (folder));
  g_return_if_fail (items != NULL);

  data = g_new0 (ExportData, 1);
  data->folder = g_object_ref (folder);
  data->items = items;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, atelier_export_async);
  g_task_set_task_data (task, data, export_data_free);
  g_task_run_in_thread (task, export_thread);
}

guint
atelier_export_finish (GAsyncResult  *result,
                       guint         *n_failed,
                       GError       **error)
{
  ExportData *data;

  g_return_val_if_fail (g_task_is_valid (result, NULL), 0);

  data = g_task_get_task_data (G_TASK (result));
  if (!g_task_propagate_boolean (G_TASK (result), error))
    {
      if (n_failed != NULL)
        *n_failed = data->items->len;
      return 0;
    }
  if (n_failed != NULL)
    *n_failed = data->n_failed;
  if (data->first_error != NULL)
    g_propagate_error (error, g_steal_pointer (&data->first_error));
  return data->n_done;
}
