/* atelier-close-dialog.h — closing the window while pictures are still generating
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "atelier-window.h"

G_BEGIN_DECLS

/* The responses, for tests. */
#define ATELIER_CLOSE_RESPONSE_CANCEL     "cancel"
#define ATELIER_CLOSE_RESPONSE_QUIT       "quit"
#define ATELIER_CLOSE_RESPONSE_BACKGROUND "background"

/* Whether closing `window` should ask first: jobs are running, it is the last window, the
 * application is not quitting anyway and is not already running in the background. */
gboolean   atelier_close_dialog_should_ask (AtelierWindow *window);
/* Asks: "Run in Background" keeps the application until the jobs are done; "Quit" quits, and the
 * jobs, already on disk, resume at the next start; "Cancel" keeps the window. Returns the dialog
 * (an AdwMessageDialog, or an AdwAlertDialog with libadwaita 1.5), owned by the window. */
GtkWidget *atelier_close_dialog_present    (AtelierWindow *window);
/* The dialog shown for `window`, or NULL. */
GtkWidget *atelier_close_dialog_get        (AtelierWindow *window);

G_END_DECLS
