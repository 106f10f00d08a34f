/* atelier-window.h
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

G_DECLARE_FINAL_TYPE (AtelierWindow, atelier_window, ATELIER, WINDOW, AdwApplicationWindow)

AtelierWindow *atelier_window_new            (AtelierApplication *application);
/* Puts files into free reference slots (command line, "Open With Atelier"). */
void           atelier_window_add_references (AtelierWindow      *self,
                                              GFile             **files,
                                              int                 n_files);
void           atelier_window_add_toast      (AtelierWindow      *self,
                                              AdwToast           *toast);
/* A short message as a toast. */
void           atelier_window_show_message   (AtelierWindow      *self,
                                              const char         *message);

/* A new banner strip under the header bar (hidden until revealed), owned by the window. */
AtelierBanner *atelier_window_add_banner     (AtelierWindow      *self);
/* In a folded (narrow) window, brings the composer or the gallery to the front. */
void           atelier_window_show_composer  (AtelierWindow      *self);
void           atelier_window_show_gallery   (AtelierWindow      *self);
/* Fill's mask editor or Expand's frame in the main area, when the chosen model has one. */
void           atelier_window_show_canvas    (AtelierWindow      *self);
gboolean       atelier_window_get_canvas_shown (AtelierWindow    *self);
/* The canvas lent to the main area by the composer, or NULL. */
GtkWidget     *atelier_window_get_canvas     (AtelierWindow      *self);

G_END_DECLS
