/* atelier-expand-frame.h
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "atelier-recipe.h"
#include "atelier-reference.h"

G_BEGIN_DECLS

/* FLUX.1 Expand at a glance: the source inside the larger frame the result will fill, to scale,
 * with a handle on each side to drag it outwards (or focus and move with the arrow keys). The sides are properties ("top", "bottom",
 * "left", "right", in source pixels), so the number fields and the frame follow each other. */

#define ATELIER_TYPE_EXPAND_FRAME (atelier_expand_frame_get_type ())

G_DECLARE_FINAL_TYPE (AtelierExpandFrame, atelier_expand_frame, ATELIER, EXPAND_FRAME, GtkWidget)

GtkWidget        *atelier_expand_frame_new          (void);
void              atelier_expand_frame_set_source   (AtelierExpandFrame *self,
                                                     AtelierReference   *source);
AtelierReference *atelier_expand_frame_get_source   (AtelierExpandFrame *self);
guint             atelier_expand_frame_get_side     (AtelierExpandFrame *self,
                                                     AtelierSide         side);
void              atelier_expand_frame_set_side     (AtelierExpandFrame *self,
                                                     AtelierSide         side,
                                                     guint               pixels);
void              atelier_expand_frame_set_max_side (AtelierExpandFrame *self,
                                                     guint               max_side);

/* Test hooks: a drag of a side's handle by (dx, dy) widget pixels, as a pointer would. */
gboolean          atelier_expand_frame_drag_side    (AtelierExpandFrame *self,
                                                     AtelierSide         side,
                                                     double              dx,
                                                     double              dy);
/* A key pressed on a side's handle, which takes the focus first. */
gboolean          atelier_expand_frame_press_key    (AtelierExpandFrame *self,
                                                     AtelierSide         side,
                                                     guint               keyval,
                                                     GdkModifierType     state);
GtkWidget        *atelier_expand_frame_get_handle   (AtelierExpandFrame *self,
                                                     AtelierSide         side);

G_END_DECLS
