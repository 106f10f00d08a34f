/* atelier-file-chooser.c
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-file-chooser.h"

typedef struct
{
  AtelierFileChooserMode  mode;
#if !GTK_CHECK_VERSION (4, 10, 0)
  GtkFileChooserNative   *native;
  GCancellable           *cancellable;
  gulong                  cancelled_id;
#endif
} RunData;

static void
run_data_free (gpointer data)
{
  RunData *run = data;

#if !GTK_CHECK_VERSION (4, 10, 0)
  if (run->native != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (run->native));
  g_clear_object (&run->native);
  g_clear_object (&run->cancellable);
#endif
  g_free (run);
}

static void
return_dismissed (GTask *task)
{
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s", _("No file was chosen"));
}

static GtkFileFilter *
images_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Images"));
  gtk_file_filter_add_pixbuf_formats (filter);
  return filter;
}

static gboolean
mode_opens_images (AtelierFileChooserMode mode)
{
  return mode == ATELIER_FILE_CHOOSER_OPEN_IMAGES || mode == ATELIER_FILE_CHOOSER_OPEN_IMAGE;
}

#if GTK_CHECK_VERSION (4, 10, 0)

static void
on_dialog_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RunData *run = g_task_get_task_data (task);
  GtkFileDialog *dialog = GTK_FILE_DIALOG (source);
  g_autoptr(GListModel) files = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  switch (run->mode)
    {
    case ATELIER_FILE_CHOOSER_OPEN_IMAGES:
      files = gtk_file_dialog_open_multiple_finish (dialog, result, &error);
      break;
    case ATELIER_FILE_CHOOSER_OPEN_IMAGE:
      file = gtk_file_dialog_open_finish (dialog, result, &error);
      break;
    case ATELIER_FILE_CHOOSER_SELECT_FOLDER:
      file = gtk_file_dialog_select_folder_finish (dialog, result, &error);
      break;
    case ATELIER_FILE_CHOOSER_SAVE:
    default:
      file = gtk_file_dialog_save_finish (dialog, result, &error);
      break;
    }

  if (file != NULL)
    {
      GListStore *store = g_list_store_new (G_TYPE_FILE);

      g_list_store_append (store, file);
      files = G_LIST_MODEL (store);
    }

  if (files != NULL)
    g_task_return_pointer (task, g_steal_pointer (&files), g_object_unref);
  else if (error == NULL || g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED)
           || g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_CANCELLED))
    return_dismissed (task);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

#else

static void
on_native_response (GtkNativeDialog *native,
                    int              response,
                    gpointer         user_data)
{
  g_autoptr(GTask) task = user_data;
  RunData *run = g_task_get_task_data (task);

  g_signal_handlers_disconnect_by_func (native, on_native_response, user_data);
  g_clear_signal_handler (&run->cancelled_id, run->cancellable);

  if (response == GTK_RESPONSE_ACCEPT)
    g_task_return_pointer (task, gtk_file_chooser_get_files (GTK_FILE_CHOOSER (native)), g_object_unref);
  else
    return_dismissed (task);
}

static void
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  GTask *task = user_data;
  RunData *run = g_task_get_task_data (task);

  /* The owner is going: close the chooser; the pending response will never come. */
  g_signal_handlers_disconnect_by_func (run->native, on_native_response, task);
  g_signal_handler_disconnect (cancellable, run->cancelled_id);
  run->cancelled_id = 0;
  g_task_return_error_if_cancelled (task);
  g_object_unref (task);
}

#endif

void
atelier_file_chooser_run (GtkWidget              *widget,
                          AtelierFileChooserMode  mode,
                          const char             *title,
                          const char             *accept_label,
                          const char             *initial_name,
                          GFile                  *initial_folder,
                          GCancellable           *cancellable,
                          GAsyncReadyCallback     callback,
                          gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  GtkRoot *root;
  GtkWindow *parent;
  RunData *run;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  root = gtk_widget_get_root (widget);
  parent = GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, atelier_file_chooser_run);
  run = g_new0 (RunData, 1);
  run->mode = mode;
  g_task_set_task_data (task, run, run_data_free);

#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

    gtk_file_dialog_set_title (dialog, title);
    gtk_file_dialog_set_modal (dialog, TRUE);
    if (accept_label != NULL)
      gtk_file_dialog_set_accept_label (dialog, accept_label);
    if (initial_folder != NULL)
      gtk_file_dialog_set_initial_folder (dialog, initial_folder);
    if (initial_name != NULL && mode == ATELIER_FILE_CHOOSER_SAVE)
      gtk_file_dialog_set_initial_name (dialog, initial_name);
    if (mode_opens_images (mode))
      {
        g_autoptr(GtkFileFilter) filter = images_filter ();
        g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);

        g_list_store_append (filters, filter);
        gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
        gtk_file_dialog_set_default_filter (dialog, filter);
      }

    switch (mode)
      {
      case ATELIER_FILE_CHOOSER_OPEN_IMAGES:
        gtk_file_dialog_open_multiple (dialog, parent, cancellable, on_dialog_done, g_steal_pointer (&task));
        break;
      case ATELIER_FILE_CHOOSER_OPEN_IMAGE:
        gtk_file_dialog_open (dialog, parent, cancellable, on_dialog_done, g_steal_pointer (&task));
        break;
      case ATELIER_FILE_CHOOSER_SELECT_FOLDER:
        gtk_file_dialog_select_folder (dialog, parent, cancellable, on_dialog_done, g_steal_pointer (&task));
        break;
      case ATELIER_FILE_CHOOSER_SAVE:
      default:
        gtk_file_dialog_save (dialog, parent, cancellable, on_dialog_done, g_steal_pointer (&task));
        break;
      }
  }
#else
  {
    static const GtkFileChooserAction actions[] = {
      [ATELIER_FILE_CHOOSER_OPEN_IMAGES] = GTK_FILE_CHOOSER_ACTION_OPEN,
      [ATELIER_FILE_CHOOSER_OPEN_IMAGE] = GTK_FILE_CHOOSER_ACTION_OPEN,
      [ATELIER_FILE_CHOOSER_SELECT_FOLDER] = GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
      [ATELIER_FILE_CHOOSER_SAVE] = GTK_FILE_CHOOSER_ACTION_SAVE,
    };
    GtkFileChooser *chooser;

    run->native = gtk_file_chooser_native_new (title, parent, actions[mode], accept_label, NULL);
    chooser = GTK_FILE_CHOOSER (run->native);
    gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (run->native), TRUE);
    gtk_file_chooser_set_select_multiple (chooser, mode == ATELIER_FILE_CHOOSER_OPEN_IMAGES);
    if (initial_folder != NULL)
      gtk_file_chooser_set_current_folder (chooser, initial_folder, NULL);
    if (initial_name != NULL && mode == ATELIER_FILE_CHOOSER_SAVE)
      gtk_file_chooser_set_current_name (chooser, initial_name);
    if (mode_opens_images (mode))
      {
        g_autoptr(GtkFileFilter) filter = images_filter ();

        gtk_file_chooser_add_filter (chooser, filter);
      }

    if (cancellable != NULL)
      {
        run->cancellable = g_object_ref (cancellable);
        run->cancelled_id = g_signal_connect (cancellable, "cancelled", G_CALLBACK (on_cancelled), task);
      }
    g_signal_connect (run->native, "response", G_CALLBACK (on_native_response), task);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (run->native));
    /* The handlers own the task until one of them runs. */
    g_steal_pointer (&task);
  }
#endif
}

GListModel *
atelier_file_chooser_run_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

GFile *
atelier_file_chooser_run_finish_file (GAsyncResult  *result,
                                      GError       **error)
{
  g_autoptr(GListModel) files = atelier_file_chooser_run_finish (result, error);

  if (files == NULL || g_list_model_get_n_items (files) == 0)
    return NULL;
  return g_list_model_get_item (files, 0);
}
