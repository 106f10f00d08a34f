/* atelier-mask-editor-import.c — a mask from another image file
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-mask-editor-private.h"

/* A mask made elsewhere (a selection saved from an image editor, another tool's mask): read in a
 * worker thread, scaled to the source, and put in place of the painted one as one step to undo. */

typedef struct
{
  GBytes *bytes;
  guint   width;
  guint   height;
} ImportJob;

static void
import_job_free (ImportJob *job)
{
  g_bytes_unref (job->bytes);
  g_free (job);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportJob *job = task_data;
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (job->bytes);
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  AtelierMask *mask;

  pixbuf = gdk_pixbuf_new_from_stream (stream, cancellable, NULL);
  if (pixbuf == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("That file is not a picture Atelier can read as a mask"));
      return;
    }
  mask = atelier_mask_new_from_image (pixbuf, job->width, job->height);
  if (mask == NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                             _("Not enough memory to read the mask"));
  else
    g_task_return_pointer (task, mask, g_object_unref);
}

static void
on_imported (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  AtelierMaskEditor *self = ATELIER_MASK_EDITOR (object);
  g_autoptr(AtelierMask) imported = NULL;
  g_autoptr(GError) error = NULL;

  imported = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (imported == NULL)
    {
      g_signal_emit_by_name (self, "message", error->message);
      return;
    }
  /* The source may have changed meanwhile: only a mask of its size fits. */
  if (self->mask == NULL || !atelier_mask_replace (self->mask, imported))
    {
      g_signal_emit_by_name (self, "message", _("The mask no longer fits the image"));
      return;
    }
  if (atelier_mask_is_empty (self->mask))
    g_signal_emit_by_name (self, "message", _("That picture is black all over: nothing would be repainted"));
}

static void
on_mask_file_loaded (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(AtelierMaskEditor) self = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  ImportJob *job;

  bytes = g_file_load_bytes_finish (G_FILE (object), result, NULL, &error);
  if (bytes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_signal_emit_by_name (self, "message", error->message);
      return;
    }
  if (self->mask == NULL)
    return;

  job = g_new0 (ImportJob, 1);
  job->bytes = g_steal_pointer (&bytes);
  job->width = atelier_mask_get_width (self->mask);
  job->height = atelier_mask_get_height (self->mask);
  task = g_task_new (self, self->load_cancellable, on_imported, NULL);
  g_task_set_source_tag (task, atelier_mask_editor_load_mask_file);
  g_task_set_task_data (task, job, (GDestroyNotify) import_job_free);
  g_task_run_in_thread (task, import_thread);
}

/**
 * atelier_mask_editor_load_mask_file:
 *
 * Reads `file` as a mask for the current source (white is repainted), scaled to its size.
 */
void
atelier_mask_editor_load_mask_file (AtelierMaskEditor *self,
                                    GFile             *file)
{
  g_return_if_fail (ATELIER_IS_MASK_EDITOR (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->mask == NULL)
    return;
  g_file_load_bytes_async (file, self->load_cancellable, on_mask_file_loaded, g_object_ref (self));
}

static void
on_mask_chooser_response (GtkNativeDialog   *chooser,
                          int                response,
                          AtelierMaskEditor *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        atelier_mask_editor_load_mask_file (self, file);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

void
_atelier_mask_editor_mask_from_file_action (GtkWidget  *widget,
                                            const char *action_name,
                                            GVariant   *parameter)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Choose a Mask: White Is Repainted"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Images"));
  gtk_file_filter_add_pixbuf_formats (filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_mask_chooser_response), widget, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
