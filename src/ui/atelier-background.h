/* atelier-background.h — running on without a window while jobs finish
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "atelier-engine.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_BACKGROUND (atelier_background_get_type ())

/* Property "active": the application is held without a window until the engine's jobs are all
 * final, then let go (it quits like any application without windows). Inside Flatpak the
 * Background portal is asked first, so the sandbox does not end the application meanwhile. */
G_DECLARE_FINAL_TYPE (AtelierBackground, atelier_background, ATELIER, BACKGROUND, GObject)

AtelierBackground *atelier_background_new        (GApplication      *application,
                                                  AtelierEngine     *engine);
/* Holds the application until the running jobs are done (nothing when none are running). */
void               atelier_background_start      (AtelierBackground *self);
/* Lets go now (a window is back, or the person quit). */
void               atelier_background_stop       (AtelierBackground *self);
gboolean           atelier_background_get_active (AtelierBackground *self);

G_END_DECLS
