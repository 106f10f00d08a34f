/* atelier-composer.h — prompt, model, region, settings, reference slots, cost, Generate
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "atelier-application.h"
#include "atelier-recipe.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_COMPOSER (atelier_composer_get_type ())

G_DECLARE_FINAL_TYPE (AtelierComposer, atelier_composer, ATELIER, COMPOSER, GtkWidget)

/* Connects the composer to the application's engine, settings and key (called once by the window). */
void atelier_composer_bind          (AtelierComposer    *self,
                                     AtelierApplication *application);
/* Fills free reference slots in order; reports what did not fit or was refused in a toast. */
void atelier_composer_add_files     (AtelierComposer    *self,
                                     GFile             **files,
                                     guint               n_files);
/* "Edit with Fill" (win.edit-job-with-fill): chooses FLUX.1 Fill [pro] with `file` as the source
 * image (slot 1), keeping the other references for when another model is chosen again. */
void atelier_composer_edit_with_fill (AtelierComposer    *self,
                                      GFile              *file);
/* The main area's room for the canvas: Fill's mask editor and Expand's frame move there while
 * such a model is chosen, and back when another is (or when host is NULL). */
void atelier_composer_set_canvas_host (AtelierComposer    *self,
                                       AdwBin             *host);
/* FLUX.1 Expand with this picture as the source (slot 1); the other references move along. */
void atelier_composer_expand_picture (AtelierComposer    *self,
                                      GFile              *file);
/* Reuse settings (win.reuse-job): prompt, model, settings and references back into the composer. */
void atelier_composer_apply_recipe  (AtelierComposer    *self,
                                     AtelierRecipe      *recipe);
/* Where the next Generate comes from, for its jobs' lineage (relation: ATELIER_RELATION_*).
 * `replace` forgets earlier origins (Reuse settings, Fill, Expand); a reference adds one. */
void atelier_composer_set_origin    (AtelierComposer    *self,
                                     const char         *job_id,
                                     const char         *relation,
                                     gboolean            replace);

G_END_DECLS
