/* atelier-window.h — the main window: composer and gallery side by side, banners, toasts, and the
 * win.* actions on jobs
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "atelier-application.h"
#include "atelier-banner.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_WINDOW (atelier_window_get_type ())

/* Actions on a job, by its id (what the detail view and the gallery activate):
 *   win.reuse-job (s)              — its prompt, model, settings and references into the composer
 *   win.use-job-as-reference (s)   — its image into the next free reference slot
 *   win.edit-job-with-fill (s)     — its image as FLUX.1 Fill's source
 *   win.regenerate-job (s)         — the same recipe with a new seed, through
 *                                    atelier_application_generate (key check, spending guard) */
G_DECLARE_FINAL_TYPE (AtelierWindow, atelier_window, ATELIER, WINDOW, AdwApplicationWindow)

AtelierWindow *atelier_window_new            (AtelierApplication *application);
/* Puts files into free reference slots (command line, "Open With Atelier"). */
void           atelier_window_add_references (AtelierWindow      *self,
                                              GFile             **files,
                                              int                 n_files);
/* The one way to show a toast: in the toast overlay around `from` (the window's, for anything in
 * it), or as a log message where there is none (a widget tested on its own). The last toast is
 * kept on `from` (atelier_window_get_last_toast) so tests can read it and press its button. */
void           atelier_window_show_toast     (GtkWidget          *from,
                                              AdwToast           *toast);
/* A short message as a toast (atelier_window_show_toast). */
void           atelier_window_show_message   (GtkWidget          *from,
                                              const char         *message);
/* The last toast shown from `from` and not dismissed yet, or NULL. */
AdwToast      *atelier_window_get_last_toast (GtkWidget          *from);

/* A new banner strip under the header bar (hidden until revealed), owned by the window. */
AtelierBanner *atelier_window_add_banner     (AtelierWindow      *self);
/* In a folded (narrow) window, brings the composer or the gallery to the front. */
void           atelier_window_show_composer  (AtelierWindow      *self);
void           atelier_window_show_gallery   (AtelierWindow      *self);
/* The detail view of one picture (a notification or a search result leads there). */
void           atelier_window_show_job       (AtelierWindow      *self,
                                              AtelierJob         *job);
/* The variation set's pictures side by side (a notification for a finished set). */
void           atelier_window_show_set       (AtelierWindow      *self,
                                              const char         *set_id);
/* The gallery filtered by `text` (a search launched from GNOME Shell). */
void           atelier_window_search         (AtelierWindow      *self,
                                              const char         *text);
/* Fill's mask editor or Expand's frame in the main area, when the chosen model has one. */
void           atelier_window_show_canvas    (AtelierWindow      *self);
gboolean       atelier_window_get_canvas_shown (AtelierWindow    *self);
/* The canvas lent to the main area by the composer, or NULL. */
GtkWidget     *atelier_window_get_canvas     (AtelierWindow      *self);

G_END_DECLS
