/* atelier-mask-editor-zoom.c — pinch to zoom, and 100 %
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "atelier-mask-editor-private.h"

/* A pinch scales the zoom it began with, around the point between the fingers, so the picture
 * stays under them. */

typedef struct
{
  double start_zoom;
} Pinch;

static void
on_pinch_begin (GtkGesture       *gesture,
                GdkEventSequence *sequence,
                AtelierMaskEditor *self)
{
  Pinch *pinch = g_object_get_data (G_OBJECT (gesture), "pinch");

  pinch->start_zoom = atelier_mask_editor_get_zoom (self);
}

static void
on_pinch_scale_changed (GtkGestureZoom    *gesture,
                        double             scale,
                        AtelierMaskEditor *self)
{
  Pinch *pinch = g_object_get_data (G_OBJECT (gesture), "pinch");
  double x, y;

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    return;
  atelier_mask_editor_zoom_at (self, pinch->start_zoom * scale, x, y);
}

void
_atelier_mask_editor_init_zoom (AtelierMaskEditor *self)
{
  GtkGesture *gesture = gtk_gesture_zoom_new ();

  g_object_set_data_full (G_OBJECT (gesture), "pinch", g_new0 (Pinch, 1), g_free);
  g_signal_connect_object (gesture, "begin", G_CALLBACK (on_pinch_begin), self, 0);
  g_signal_connect_object (gesture, "scale-changed", G_CALLBACK (on_pinch_scale_changed), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->canvas), GTK_EVENT_CONTROLLER (gesture));
}

/**
 * atelier_mask_editor_zoom_actual:
 *
 * One image pixel to one screen pixel, around the middle of the canvas: where a mask's edge is
 * judged.
 */
void
atelier_mask_editor_zoom_actual (AtelierMaskEditor *self)
{
  g_return_if_fail (ATELIER_IS_MASK_EDITOR (self));

  atelier_mask_editor_zoom_at (self, 1.0,
                               gtk_widget_get_width (GTK_WIDGET (self->canvas)) / 2.0,
                               gtk_widget_get_height (GTK_WIDGET (self->canvas)) / 2.0);
}
