/* atelier-file-chooser.h — choosing files: GtkFileDialog with GTK 4.10, the native chooser before
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  ATELIER_FILE_CHOOSER_OPEN_IMAGES,   /* one or more pictures */
  ATELIER_FILE_CHOOSER_OPEN_IMAGE,    /* one picture */
  ATELIER_FILE_CHOOSER_SELECT_FOLDER,
  ATELIER_FILE_CHOOSER_SAVE,
} AtelierFileChooserMode;

/* Shows a modal file chooser for the window of `widget`. `accept_label` may be NULL; the initial
 * name and folder are for SAVE (the folder also for the others), may be NULL. Cancelling
 * `cancellable` closes the chooser. */
void        atelier_file_chooser_run        (GtkWidget               *widget,
                                             AtelierFileChooserMode   mode,
                                             const char              *title,
                                             const char              *accept_label,
                                             const char              *initial_name,
                                             GFile                   *initial_folder,
                                             GCancellable            *cancellable,
                                             GAsyncReadyCallback      callback,
                                             gpointer                 user_data);
/* The chosen files (a GListModel of GFile; one for all modes but OPEN_IMAGES), or NULL with
 * G_IO_ERROR_CANCELLED when the person closed the chooser. */
GListModel *atelier_file_chooser_run_finish (GAsyncResult            *result,
                                             GError                 **error);
/* The first chosen file, or NULL (see above). */
GFile      *atelier_file_chooser_run_finish_file (GAsyncResult       *result,
                                                  GError            **error);

G_END_DECLS
