/* atelier-mask-editor-input.c — painting strokes, pointer, stylus, scroll and key gestures
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "atelier-mask-editor-private.h"

/* Painting */

static double
brush_radius (AtelierMaskEditor *self,
              double             pressure)
{
  double radius = atelier_mask_editor_get_brush_size (self) / 2;

  /* A stylus paints thinner when pressed lightly; never down to nothing. */
  if (self->stylus)
    radius *= CLAMP (pressure, 0.15, 1.0);
  return radius;
}

void
atelier_mask_editor_stroke_begin (AtelierMaskEditor *self,
                                  double             x,
                                  double             y,
                                  double             pressure)
{
  double image_x, image_y;

  g_return_if_fail (ATELIER_IS_MASK_EDITOR (self));

  if (self->mask == NULL)
    return;

  self->painting = TRUE;
  atelier_mask_begin_stroke (self->mask, self->tool);
  atelier_mask_editor_canvas_to_image (self, x, y, &image_x, &image_y);
  atelier_mask_stroke_to (self->mask, image_x, image_y, brush_radius (self, pressure));
}

void
atelier_mask_editor_stroke_update (AtelierMaskEditor *self,
                                   double             x,
                                   double             y,
                                   double             pressure)
{
  double image_x, image_y;

  g_return_if_fail (ATELIER_IS_MASK_EDITOR (self));

  self->pointer_x = x;
  self->pointer_y = y;
  if (!self->painting || self->mask == NULL)
    return;

  atelier_mask_editor_canvas_to_image (self, x, y, &image_x, &image_y);
  atelier_mask_stroke_to (self->mask, image_x, image_y, brush_radius (self, pressure));
}

void
atelier_mask_editor_stroke_end (AtelierMaskEditor *self)
{
  g_return_if_fail (ATELIER_IS_MASK_EDITOR (self));

  if (!self->painting)
    return;

  self->painting = FALSE;
  self->stylus = FALSE;
  if (self->mask != NULL)
    {
      atelier_mask_end_stroke (self->mask);
      _atelier_mask_editor_invalidate_export (self);
    }
  _atelier_mask_editor_update_state (self);
}

static void
update_cursor (AtelierMaskEditor *self)
{
  const char *name = "crosshair";

  if (self->panning)
    name = "grabbing";
  else if (self->space_held)
    name = "grab";
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self->canvas), name);
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
}

static void
begin_pan (AtelierMaskEditor *self)
{
  self->panning = TRUE;
  self->pan_start_x = self->origin_x;
  self->pan_start_y = self->origin_y;
  update_cursor (self);
}

static void
end_pan (AtelierMaskEditor *self)
{
  self->panning = FALSE;
  update_cursor (self);
}

static void
on_paint_drag_begin (AtelierMaskEditor *self,
                     double             x,
                     double             y,
                     GtkGestureDrag    *gesture)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));

  /* A stylus is handled by the stylus gesture, with its pressure. */
  if (self->stylus)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  if (self->space_held)
    begin_pan (self);
  else
    atelier_mask_editor_stroke_begin (self, x, y, 1.0);
}

static void
on_paint_drag_update (AtelierMaskEditor *self,
                      double             dx,
                      double             dy,
                      GtkGestureDrag    *gesture)
{
  double x, y;

  gtk_gesture_drag_get_start_point (gesture, &x, &y);
  if (self->panning)
    {
      self->fitted = FALSE;
      _atelier_mask_editor_set_view (self, self->zoom, self->pan_start_x + dx, self->pan_start_y + dy);
      return;
    }
  atelier_mask_editor_stroke_update (self, x + dx, y + dy, 1.0);
}

static void
on_paint_drag_end (AtelierMaskEditor *self,
                   double             dx,
                   double             dy,
                   GtkGestureDrag    *gesture)
{
  if (self->panning)
    end_pan (self);
  else if (!self->stylus)
    atelier_mask_editor_stroke_end (self);
}

static double
stylus_pressure (GtkGestureStylus *gesture)
{
  double pressure;

  if (!gtk_gesture_stylus_get_axis (gesture, GDK_AXIS_PRESSURE, &pressure))
    return 1.0;
  return pressure;
}

static void
on_stylus_down (AtelierMaskEditor *self,
                double             x,
                double             y,
                GtkGestureStylus  *gesture)
{
  GdkDeviceTool *tool = gtk_gesture_stylus_get_device_tool (gesture);

  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
  self->stylus = TRUE;
  if (self->space_held)
    {
      begin_pan (self);
      return;
    }

  /* The pen's eraser end erases, whatever tool is chosen. */
  if (tool != NULL && gdk_device_tool_get_tool_type (tool) == GDK_DEVICE_TOOL_TYPE_ERASER)
    {
      AtelierMaskTool chosen = self->tool;

      self->tool = ATELIER_MASK_TOOL_ERASER;
      atelier_mask_editor_stroke_begin (self, x, y, stylus_pressure (gesture));
      self->tool = chosen;
    }
  else
    atelier_mask_editor_stroke_begin (self, x, y, stylus_pressure (gesture));
}

static void
on_stylus_motion (AtelierMaskEditor *self,
                  double             x,
                  double             y,
                  GtkGestureStylus  *gesture)
{
  if (!self->stylus)
    return;
  if (self->panning)
    return;
  atelier_mask_editor_stroke_update (self, x, y, stylus_pressure (gesture));
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
}

static void
on_stylus_up (AtelierMaskEditor *self,
              double             x,
              double             y,
              GtkGestureStylus  *gesture)
{
  if (self->panning)
    end_pan (self);
  atelier_mask_editor_stroke_end (self);
  self->stylus = FALSE;
}

static void
on_pan_drag_begin (AtelierMaskEditor *self,
                   double             x,
                   double             y,
                   GtkGestureDrag    *gesture)
{
  begin_pan (self);
}

static void
on_pan_drag_update (AtelierMaskEditor *self,
                    double             dx,
                    double             dy,
                    GtkGestureDrag    *gesture)
{
  self->fitted = FALSE;
  _atelier_mask_editor_set_view (self, self->zoom, self->pan_start_x + dx, self->pan_start_y + dy);
}

static void
on_pan_drag_end (AtelierMaskEditor *self,
                 double             dx,
                 double             dy,
                 GtkGestureDrag    *gesture)
{
  end_pan (self);
}

static gboolean
on_scroll (AtelierMaskEditor        *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *controller)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  if (self->mask == NULL)
    return FALSE;

  /* Ctrl+scroll zooms around the pointer; plain scrolling (a touchpad) moves the picture. */
  if (state & GDK_CONTROL_MASK)
    atelier_mask_editor_zoom_at (self, self->zoom * pow (ZOOM_STEP, -dy), self->pointer_x, self->pointer_y);
  else
    atelier_mask_editor_pan (self, -dx * 24, -dy * 24);
  return TRUE;
}

static void
on_motion (AtelierMaskEditor        *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *controller)
{
  self->pointer_x = x;
  self->pointer_y = y;
  self->pointer_inside = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
}

static void
on_leave (AtelierMaskEditor        *self,
          GtkEventControllerMotion *controller)
{
  self->pointer_inside = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
}

static gboolean
on_key_pressed (AtelierMaskEditor     *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  if (keyval != GDK_KEY_space)
    return FALSE;
  if (!self->space_held)
    {
      self->space_held = TRUE;
      update_cursor (self);
    }
  return TRUE;
}

static void
on_key_released (AtelierMaskEditor     *self,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 GtkEventControllerKey *controller)
{
  if (keyval != GDK_KEY_space)
    return;
  self->space_held = FALSE;
  update_cursor (self);
}
void
_atelier_mask_editor_init_input (AtelierMaskEditor *self)
{
  GtkWidget *canvas = GTK_WIDGET (self->canvas);
  GtkGesture *gesture;
  GtkEventController *controller;

  /* The stylus first, so it sees pen events before the plain drag does. */
  gesture = gtk_gesture_stylus_new ();
  g_signal_connect_object (gesture, "down", G_CALLBACK (on_stylus_down), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gesture, "motion", G_CALLBACK (on_stylus_motion), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gesture, "up", G_CALLBACK (on_stylus_up), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (canvas, GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect_object (gesture, "drag-begin", G_CALLBACK (on_paint_drag_begin), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gesture, "drag-update", G_CALLBACK (on_paint_drag_update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gesture, "drag-end", G_CALLBACK (on_paint_drag_end), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (canvas, GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_MIDDLE);
  g_signal_connect_object (gesture, "drag-begin", G_CALLBACK (on_pan_drag_begin), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gesture, "drag-update", G_CALLBACK (on_pan_drag_update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gesture, "drag-end", G_CALLBACK (on_pan_drag_end), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (canvas, GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect_object (controller, "scroll", G_CALLBACK (on_scroll), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (canvas, controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect_object (controller, "motion", G_CALLBACK (on_motion), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "enter", G_CALLBACK (on_motion), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "leave", G_CALLBACK (on_leave), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (canvas, controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (on_key_pressed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "key-released", G_CALLBACK (on_key_released), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (canvas, controller);
}
