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
/* The detail view of one picture (a notification or a search result leads there). */
void           atelier_window_show_job       (AtelierWindow      *self,
                                              AtelierJob         *job);
/* The gallery filtered by `text` (a search launched from GNOME Shell). */
void           atelier_window_search         (AtelierWindow      *self,
                                              const char         *text);

G_END_DECLS
