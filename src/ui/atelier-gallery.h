/* atelier-gallery.h — every generation, live while it runs
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "atelier-application.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_GALLERY (atelier_gallery_get_type ())

G_DECLARE_FINAL_TYPE (AtelierGallery, atelier_gallery, ATELIER, GALLERY, GtkWidget)

void atelier_gallery_bind (AtelierGallery     *self,
                           AtelierApplication *application);

G_END_DECLS
