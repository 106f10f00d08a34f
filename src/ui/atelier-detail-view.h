/* atelier-detail-view.h — one image large, its settings, and what can be done with it
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "atelier-engine.h"
#include "atelier-job.h"
#include "atelier-library.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_DETAIL_VIEW (atelier_detail_view_get_type ())

/* Signals:
 *   close ()                               — Back, Esc, or the job was deleted
 *   compare-requested ()                   — "Compare with…": the gallery lets the user pick one
 * Reuse, Use as reference, Edit with Fill and Regenerate activate the window's win.* actions with
 * the job's id (atelier-window.h). */
G_DECLARE_FINAL_TYPE (AtelierDetailView, atelier_detail_view, ATELIER, DETAIL_VIEW, GtkWidget)

void        atelier_detail_view_set_services (AtelierDetailView *self,
                                              AtelierLibrary    *library,
                                              AtelierEngine     *engine);
AtelierJob *atelier_detail_view_get_job      (AtelierDetailView *self);
void        atelier_detail_view_set_job      (AtelierDetailView *self,
                                              AtelierJob        *job);
/* Shows the current job and `other` side by side (NULL leaves the comparison). */
void        atelier_detail_view_compare_with (AtelierDetailView *self,
                                              AtelierJob        *other);
/* The gallery's "Compare": `a` and `b` side by side, and Back returns to the grid at once. */
void        atelier_detail_view_show_pair    (AtelierDetailView *self,
                                              AtelierJob        *a,
                                              AtelierJob        *b);
/* The job shown beside the current one, or NULL. */
AtelierJob *atelier_detail_view_get_compared (AtelierDetailView *self);
/* "2026-11-24 red fox in snow.jpg" */
char       *atelier_detail_view_default_file_name (AtelierJob     *job);
/* The "Image deleted" toast with Undo while it is up, else NULL. */
AdwToast   *atelier_detail_view_get_delete_toast (AtelierDetailView *self);

G_END_DECLS
