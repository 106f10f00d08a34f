/* atelier-detail-view-private.h — what the detail view's files share
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "atelier-detail-view.h"

G_BEGIN_DECLS

#define ZOOM_STEP 1.25
#define ZOOM_MAX  8.0

struct _AtelierDetailView
{
  GtkWidget          parent_instance;

  AtelierLibrary    *library;
  AtelierEngine     *engine;
  AtelierJob        *job;
  AtelierJob        *other;          /* compared with, or NULL */
  gboolean           pair_only;      /* opened as a pair from the grid: Back goes straight back */
  AtelierRecipe     *recipe;         /* the job's recipe with its references, once loaded */
  GdkTexture        *texture;        /* the full image, once loaded */
  GCancellable      *cancellable;    /* loads for the current job */
  GCancellable      *chooser_cancellable; /* Save As; cancelled in dispose */
  gboolean           choosing_file;
  AdwToast          *delete_toast;   /* weak */
  double             zoom;           /* 0 = fit */
  double             drag_start_x;
  double             drag_start_y;

  GtkCenterBox      *toolbar;
  GtkButton         *zoom_button;
  GtkLabel          *zoom_label;
  GtkToggleButton   *info_button;
  GtkButton         *favourite_button;
  GtkStack          *canvas_stack;
  GtkScrolledWindow *scroller;
  GtkPicture        *picture;
  AdwStatusPage     *status_page;
  GtkPicture        *compare_picture_a;
  GtkPicture        *compare_picture_b;
  GtkLabel          *compare_label_a;
  GtkLabel          *compare_label_b;
  AdwFlap           *info_flap;
  GtkBox            *info_box;
};

enum {
  DETAIL_VIEW_SIGNAL_CLOSE,
  DETAIL_VIEW_SIGNAL_COMPARE_REQUESTED,
  DETAIL_VIEW_N_SIGNALS
};

G_GNUC_INTERNAL extern guint _atelier_detail_view_signals[DETAIL_VIEW_N_SIGNALS];

/* atelier-detail-view.c */
gboolean    _atelier_detail_view_job_has_image (AtelierJob        *job);
const char *_atelier_detail_view_job_prompt    (AtelierJob        *job);
void        _atelier_detail_view_update_actions (AtelierDetailView *self);
/* atelier-detail-view-actions.c: the star follows the job. */
void        _atelier_detail_view_update_favourite (AtelierDetailView *self);

/* atelier-detail-view-info.c: the side pane with the image's settings */
void        _atelier_detail_view_update_info   (AtelierDetailView *self);

/* atelier-detail-view-lineage.c: parents, children and what changed, in the side pane */
void        _atelier_detail_view_add_lineage   (AtelierDetailView *self);
/* Pango markup: the prompt's word diff, and model, size, seed and references that changed. */
char       *_atelier_detail_view_describe_changes (AtelierJob     *parent,
                                                   AtelierJob     *job);
/* A titled value in Pango markup (already escaped). */
void        _atelier_detail_view_add_markup    (GtkBox            *box,
                                                const char        *title,
                                                const char        *markup);

/* atelier-detail-view-actions.c: Save As, Copy, Open, Delete, Compare, and Use as reference,
 * Edit with Fill, Reuse, Regenerate (handed to the window's win.* job actions) — installed with
 * their shortcuts */
void        _atelier_detail_view_class_add_actions (GtkWidgetClass *widget_class);

G_END_DECLS
