/* atelier-banner.h — a message strip under the header bar (AdwBanner arrives only in libadwaita 1.3)
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ATELIER_TYPE_BANNER (atelier_banner_get_type ())

/* Properties: title, button-label (NULL hides the button), action-name (the button's), revealed.
 * Signal: button-clicked. */
G_DECLARE_FINAL_TYPE (AtelierBanner, atelier_banner, ATELIER, BANNER, GtkWidget)

AtelierBanner *atelier_banner_new              (const char    *title);
void           atelier_banner_set_title        (AtelierBanner *self,
                                                const char    *title);
const char    *atelier_banner_get_title        (AtelierBanner *self);
/* Lets the title carry Pango markup, e.g. a link (escape anything that is not yours). */
void           atelier_banner_set_use_markup   (AtelierBanner *self,
                                                gboolean       use_markup);
void           atelier_banner_set_button_label (AtelierBanner *self,
                                                const char    *label);
void           atelier_banner_set_action_name  (AtelierBanner *self,
                                                const char    *action_name);
void           atelier_banner_set_revealed     (AtelierBanner *self,
                                                gboolean       revealed);
gboolean       atelier_banner_get_revealed     (AtelierBanner *self);

G_END_DECLS
