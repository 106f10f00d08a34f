/* atelier-gallery-cell.h — one square of the gallery: a thumbnail, or where the job stands
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "atelier-job.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_GALLERY_CELL (atelier_gallery_cell_get_type ())

/* The least a cell is wide (a running job's words and buttons fit). */
#define ATELIER_GALLERY_CELL_MIN_SIZE 176

/* Properties "job", "selected" (shows a check mark) and "accessible-label" (read-only). Buttons activate "gallery.cancel-job" / "gallery.retry-job" with the job id. */
G_DECLARE_FINAL_TYPE (AtelierGalleryCell, atelier_gallery_cell, ATELIER, GALLERY_CELL, GtkWidget)

GtkWidget  *atelier_gallery_cell_new                  (void);
AtelierJob *atelier_gallery_cell_get_job              (AtelierGalleryCell *self);
void        atelier_gallery_cell_set_job              (AtelierGalleryCell *self,
                                                       AtelierJob         *job);
gboolean    atelier_gallery_cell_get_selected         (AtelierGalleryCell *self);
void        atelier_gallery_cell_set_selected         (AtelierGalleryCell *self,
                                                       gboolean            selected);
/* What is shown and told: the state line ("Queued · 3rd"), the detail under it (a reason, an
 * error, a billing note, the elapsed time) and the accessible name ("A red fox in snow — Ready"). */
const char *atelier_gallery_cell_get_state_text       (AtelierGalleryCell *self);
const char *atelier_gallery_cell_get_detail_text      (AtelierGalleryCell *self);
const char *atelier_gallery_cell_get_accessible_label (AtelierGalleryCell *self);
gboolean    atelier_gallery_cell_get_can_cancel       (AtelierGalleryCell *self);
gboolean    atelier_gallery_cell_get_can_retry        (AtelierGalleryCell *self);
gboolean    atelier_gallery_cell_has_thumbnail        (AtelierGalleryCell *self);
/* The star: gallery.toggle-favourite on the job's id. */
GtkWidget  *atelier_gallery_cell_get_favourite_button (AtelierGalleryCell *self);

/* Shared wording, also used by the detail view (atelier-gallery-wording.c). */
char       *atelier_gallery_describe_state            (AtelierJob         *job);
/* A star button's icon, tooltip and accessible name for a job that is (or is not) a favourite. */
void        atelier_gallery_show_favourite            (GtkButton          *button,
                                                       gboolean            favourite);
char       *atelier_gallery_describe_detail           (AtelierJob         *job);
char       *atelier_gallery_format_elapsed            (gint64              seconds);

G_END_DECLS
