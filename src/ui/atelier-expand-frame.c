/* atelier-expand-frame.c — the source inside the frame Expand fills, with a handle per side
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "atelier-expand-frame.h"

#define PADDING      14.0  /* room for the handles around the frame */
#define HANDLE_REACH 14.0  /* how close to a side a press picks it up */
#define SNAP         8     /* sides move in steps of 8 source pixels */
#define SOURCE_SHARE 0.7   /* of the room, at most, that the source takes */
#define CAPTION      24.0  /* room under the frame for the output size */
#define BIG_STEP     64    /* with Shift, an arrow key moves a side this far */
#define HANDLE_LONG  40    /* a handle's box: room for its pill and its focus ring */
#define HANDLE_SHORT 20

struct _AtelierExpandFrame
{
  GtkWidget         parent_instance;

  AtelierReference *source;
  GdkTexture       *thumbnail;  /* the small one at once, then the full picture when decoded */
  GCancellable     *cancellable;
  guint             sides[ATELIER_N_SIDES];
  guint             max_side;
  GtkWidget        *handles[ATELIER_N_SIDES];

  /* A drag under way: the side, its value and the scale when it began (the frame rescales as
   * it grows, and following that would make the handle run away from the pointer). */
  int               drag_side;
  guint             drag_start_value;
  double            drag_scale;
};

G_DEFINE_FINAL_TYPE (AtelierExpandFrame, atelier_expand_frame, GTK_TYPE_WIDGET)

/* A handle: the pill on a side, a slider for the keyboard and assistive technologies. The
 * frame places it and owns the value; the handle draws itself and passes keys on. */

#define ATELIER_TYPE_EXPAND_HANDLE (atelier_expand_handle_get_type ())
G_DECLARE_FINAL_TYPE (AtelierExpandHandle, atelier_expand_handle, ATELIER, EXPAND_HANDLE, GtkWidget)

struct _AtelierExpandHandle
{
  GtkWidget   parent_instance;
  AtelierSide side;
};

G_DEFINE_FINAL_TYPE (AtelierExpandHandle, atelier_expand_handle, GTK_TYPE_WIDGET)

static gboolean move_side_by_key (AtelierExpandFrame *self,
                                  AtelierSide         side,
                                  guint               keyval,
                                  GdkModifierType     state);
static GdkRGBA  lookup_color     (GtkWidget          *widget,
                                  const char         *name,
                                  const char         *fallback);

static void
atelier_expand_handle_snapshot (GtkWidget   *widget,
                                GtkSnapshot *snapshot)
{
  AtelierExpandHandle *self = ATELIER_EXPAND_HANDLE (widget);
  gboolean across = self->side == ATELIER_SIDE_TOP || self->side == ATELIER_SIDE_BOTTOM;
  GdkRGBA accent = lookup_color (widget, "accent_bg_color", "#3584e4");
  double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  graphene_rect_t rect;
  GskRoundedRect pill;

  /* Across the side, in its middle: what to grab. */
  graphene_rect_init (&rect, round (width / 2) - (across ? 12 : 3), round (height / 2) - (across ? 3 : 12),
                      across ? 24 : 6, across ? 6 : 24);
  gsk_rounded_rect_init_from_rect (&pill, &rect, 3);
  gtk_snapshot_push_rounded_clip (snapshot, &pill);
  gtk_snapshot_append_color (snapshot, &accent, &rect);
  gtk_snapshot_pop (snapshot);
}

static void
atelier_expand_handle_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  AtelierExpandHandle *self = ATELIER_EXPAND_HANDLE (widget);
  gboolean across = self->side == ATELIER_SIDE_TOP || self->side == ATELIER_SIDE_BOTTOM;

  *minimum = *natural = (orientation == GTK_ORIENTATION_HORIZONTAL) == across ? HANDLE_LONG : HANDLE_SHORT;
}

static gboolean
on_handle_key_pressed (GtkEventControllerKey *controller,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       AtelierExpandHandle   *self)
{
  GtkWidget *frame = gtk_widget_get_parent (GTK_WIDGET (self));

  return move_side_by_key (ATELIER_EXPAND_FRAME (frame), self->side, keyval, state);
}

static void
atelier_expand_handle_class_init (AtelierExpandHandleClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = atelier_expand_handle_snapshot;
  widget_class->measure = atelier_expand_handle_measure;

  gtk_widget_class_set_css_name (widget_class, "handle");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_SLIDER);
}

static void
atelier_expand_handle_init (AtelierExpandHandle *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_handle_key_pressed), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

static GtkWidget *
expand_handle_new (AtelierSide side,
                   guint       max_side)
{
  const char *names[ATELIER_N_SIDES] = { N_("Top edge"), N_("Bottom edge"), N_("Left edge"), N_("Right edge") };
  AtelierExpandHandle *self = g_object_new (ATELIER_TYPE_EXPAND_HANDLE, NULL);
  gboolean across = side == ATELIER_SIDE_TOP || side == ATELIER_SIDE_BOTTOM;

  self->side = side;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), across ? "ns-resize" : "ew-resize");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(names[side]),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Pixels added on this side. Arrow keys move the edge, with Shift in larger steps"),
                                  GTK_ACCESSIBLE_PROPERTY_ORIENTATION,
                                  across ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, (double) max_side,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, 0.0,
                                  -1);
  return GTK_WIDGET (self);
}

enum {
  PROP_0,
  PROP_TOP,
  PROP_BOTTOM,
  PROP_LEFT,
  PROP_RIGHT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The layout: output and source rectangles in widget coordinates, and the scale. */
typedef struct
{
  graphene_rect_t outer;
  graphene_rect_t inner;
  double          scale;
} Layout;

static gboolean
compute_layout (AtelierExpandFrame *self,
                Layout             *layout)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self)) - 2 * PADDING;
  double height = gtk_widget_get_height (GTK_WIDGET (self)) - 2 * PADDING - CAPTION;
  double src_w, src_h, out_w, out_h;

  if (self->source == NULL || width <= 0 || height <= 0)
    return FALSE;
  src_w = atelier_reference_get_width (self->source);
  src_h = atelier_reference_get_height (self->source);
  if (src_w <= 0 || src_h <= 0)
    return FALSE;

  out_w = src_w + self->sides[ATELIER_SIDE_LEFT] + self->sides[ATELIER_SIDE_RIGHT];
  out_h = src_h + self->sides[ATELIER_SIDE_TOP] + self->sides[ATELIER_SIDE_BOTTOM];
  /* The source never fills the room: there must be space to drag a side outwards into. */
  layout->scale = MIN (MIN (width / out_w, height / out_h),
                       MIN (SOURCE_SHARE * width / src_w, SOURCE_SHARE * height / src_h));
  graphene_rect_init (&layout->outer,
                      round (PADDING + (width - out_w * layout->scale) / 2),
                      round (PADDING + (height - out_h * layout->scale) / 2),
                      round (out_w * layout->scale), round (out_h * layout->scale));
  graphene_rect_init (&layout->inner,
                      round (layout->outer.origin.x + self->sides[ATELIER_SIDE_LEFT] * layout->scale),
                      round (layout->outer.origin.y + self->sides[ATELIER_SIDE_TOP] * layout->scale),
                      MAX (1, round (src_w * layout->scale)), MAX (1, round (src_h * layout->scale)));
  return TRUE;
}

static void
handle_center (const Layout *layout,
               AtelierSide   side,
               double       *x,
               double       *y)
{
  const graphene_rect_t *o = &layout->outer;

  *x = o->origin.x + o->size.width / 2;
  *y = o->origin.y + o->size.height / 2;
  switch (side)
    {
    case ATELIER_SIDE_TOP:    *y = o->origin.y; break;
    case ATELIER_SIDE_BOTTOM: *y = o->origin.y + o->size.height; break;
    case ATELIER_SIDE_LEFT:   *x = o->origin.x; break;
    case ATELIER_SIDE_RIGHT:  *x = o->origin.x + o->size.width; break;
    case ATELIER_N_SIDES:
    default:                  g_assert_not_reached ();
    }
}

static GdkRGBA
lookup_color (GtkWidget  *widget,
              const char *name,
              const char *fallback)
{
  GdkRGBA color;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), name, &color))
    gdk_rgba_parse (&color, fallback);
  G_GNUC_END_IGNORE_DEPRECATIONS
  return color;
}

static void
atelier_expand_frame_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  AtelierExpandFrame *self = ATELIER_EXPAND_FRAME (widget);
  GdkRGBA accent = lookup_color (widget, "accent_bg_color", "#3584e4");
  GdkRGBA fill = accent;
  Layout layout;

  if (!compute_layout (self, &layout))
    return;

  /* The area Expand paints: a wash of the accent colour with its outline. */
  fill.alpha = 0.16;
  gtk_snapshot_append_color (snapshot, &fill, &layout.outer);
  {
    GskRoundedRect border;
    const GdkRGBA colors[4] = { accent, accent, accent, accent };
    const float widths[4] = { 1, 1, 1, 1 };

    gsk_rounded_rect_init_from_rect (&border, &layout.outer, 0);
    gtk_snapshot_append_border (snapshot, &border, widths, colors);
  }

  if (self->thumbnail != NULL)
    gtk_snapshot_append_texture (snapshot, self->thumbnail, &layout.inner);

  for (guint side = 0; side < ATELIER_N_SIDES; side++)
    gtk_widget_snapshot_child (widget, self->handles[side], snapshot);

  /* The size the result will have, under the frame: in a narrow window the composer that also
   * says it is out of sight while the sides are dragged. */
  {
    g_autofree char *text = NULL;
    PangoLayout *layout_text;
    int text_width, text_height;
    GdkRGBA color;

    G_GNUC_BEGIN_IGNORE_DEPRECATIONS
    gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
    G_GNUC_END_IGNORE_DEPRECATIONS
    color.alpha *= 0.7;
    /* TRANSLATORS: the size of the expanded picture, e.g. "1432 × 936" */
    text = g_strdup_printf (_("%u × %u"),
                            atelier_reference_get_width (self->source)
                            + self->sides[ATELIER_SIDE_LEFT] + self->sides[ATELIER_SIDE_RIGHT],
                            atelier_reference_get_height (self->source)
                            + self->sides[ATELIER_SIDE_TOP] + self->sides[ATELIER_SIDE_BOTTOM]);
    layout_text = gtk_widget_create_pango_layout (widget, text);
    pango_layout_get_pixel_size (layout_text, &text_width, &text_height);
    gtk_snapshot_save (snapshot);
    gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (
                              round (layout.outer.origin.x + (layout.outer.size.width - text_width) / 2),
                              round (layout.outer.origin.y + layout.outer.size.height + 12)));
    gtk_snapshot_append_layout (snapshot, layout_text, &color);
    gtk_snapshot_restore (snapshot);
    g_object_unref (layout_text);
  }
}

static void
atelier_expand_frame_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 120 : 160;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 300 : 200;
}

static void
atelier_expand_frame_size_allocate (GtkWidget *widget,
                                    int        width,
                                    int        height,
                                    int        baseline)
{
  AtelierExpandFrame *self = ATELIER_EXPAND_FRAME (widget);
  gboolean shown;
  Layout layout;

  shown = compute_layout (self, &layout);
  for (guint side = 0; side < ATELIER_N_SIDES; side++)
    {
      GtkWidget *handle = self->handles[side];
      GtkAllocation box = { 0, 0, 0, 0 };
      double cx, cy;

      /* Handles for a frame that is not drawn are not there for the keyboard either. */
      gtk_widget_set_child_visible (handle, shown);
      gtk_widget_measure (handle, GTK_ORIENTATION_HORIZONTAL, -1, &box.width, NULL, NULL, NULL);
      gtk_widget_measure (handle, GTK_ORIENTATION_VERTICAL, -1, &box.height, NULL, NULL, NULL);
      if (shown)
        {
          handle_center (&layout, side, &cx, &cy);
          box.x = round (cx - box.width / 2.0);
          box.y = round (cy - box.height / 2.0);
        }
      gtk_widget_size_allocate (handle, &box, -1);
    }
}

/* Sides */

void
atelier_expand_frame_set_side (AtelierExpandFrame *self,
                               AtelierSide         side,
                               guint               pixels)
{
  g_return_if_fail (ATELIER_IS_EXPAND_FRAME (self));
  g_return_if_fail ((guint) side < ATELIER_N_SIDES);

  if (self->max_side > 0)
    pixels = MIN (pixels, self->max_side);
  if (self->sides[side] == pixels)
    return;
  self->sides[side] = pixels;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->handles[side]),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, (double) pixels, -1);
  /* The handles move with the frame, which rescales as it grows. */
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOP + side]);
}

guint
atelier_expand_frame_get_side (AtelierExpandFrame *self,
                               AtelierSide         side)
{
  g_return_val_if_fail (ATELIER_IS_EXPAND_FRAME (self), 0);
  g_return_val_if_fail ((guint) side < ATELIER_N_SIDES, 0);

  return self->sides[side];
}

void
atelier_expand_frame_set_max_side (AtelierExpandFrame *self,
                                   guint               max_side)
{
  g_return_if_fail (ATELIER_IS_EXPAND_FRAME (self));

  self->max_side = max_side;
  for (guint side = 0; side < ATELIER_N_SIDES; side++)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->handles[side]),
                                    GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, (double) max_side, -1);
}

/* Arrows move a side by the step a drag snaps to, outwards for more; Shift by a bigger one;
 * Home and End to nothing added and to the most. Arrows across the side are not ours. */
static gboolean
move_side_by_key (AtelierExpandFrame *self,
                  AtelierSide         side,
                  guint               keyval,
                  GdkModifierType     state)
{
  gboolean across = side == ATELIER_SIDE_TOP || side == ATELIER_SIDE_BOTTOM;
  int outwards = side == ATELIER_SIDE_TOP || side == ATELIER_SIDE_LEFT ? -1 : 1;
  int step = state & GDK_SHIFT_MASK ? BIG_STEP : SNAP;
  int direction = 0;
  gint64 value;

  switch (keyval)
    {
    case GDK_KEY_Up: case GDK_KEY_KP_Up:       direction = across ? -1 : 0; break;
    case GDK_KEY_Down: case GDK_KEY_KP_Down:   direction = across ? 1 : 0; break;
    case GDK_KEY_Left: case GDK_KEY_KP_Left:   direction = across ? 0 : -1; break;
    case GDK_KEY_Right: case GDK_KEY_KP_Right: direction = across ? 0 : 1; break;
    case GDK_KEY_Home: case GDK_KEY_KP_Home:
      atelier_expand_frame_set_side (self, side, 0);
      return TRUE;
    case GDK_KEY_End: case GDK_KEY_KP_End:
      atelier_expand_frame_set_side (self, side, self->max_side > 0 ? self->max_side : 2048);
      return TRUE;
    default:
      return FALSE;
    }
  if (direction == 0)
    return FALSE;

  /* From a typed value that is off the grid, the first step lands on it. */
  value = (gint64) self->sides[side] + direction * outwards * step;
  value = direction * outwards > 0 ? value / SNAP * SNAP : (value + SNAP - 1) / SNAP * SNAP;
  atelier_expand_frame_set_side (self, side, (guint) CLAMP (value, 0, G_MAXUINT));
  return TRUE;
}

/* The picture as sent, decoded in a worker thread: the thumbnail is too soft at the main area's
 * size, and a photo's decoding costs more than a frame. */
static void
decode_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  GdkTexture *texture = gdk_texture_new_from_bytes (task_data, &error);

  if (texture == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, texture, g_object_unref);
}

static void
on_decoded (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  AtelierExpandFrame *self = ATELIER_EXPAND_FRAME (object);
  g_autoptr(GdkTexture) texture = g_task_propagate_pointer (G_TASK (result), NULL);

  if (texture == NULL)
    return;
  g_set_object (&self->thumbnail, texture);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
atelier_expand_frame_set_source (AtelierExpandFrame *self,
                                 AtelierReference   *source)
{
  GdkPixbuf *thumbnail;

  g_return_if_fail (ATELIER_IS_EXPAND_FRAME (self));
  g_return_if_fail (source == NULL || ATELIER_IS_REFERENCE (source));

  if (!g_set_object (&self->source, source))
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->thumbnail);
  thumbnail = source != NULL ? atelier_reference_get_thumbnail (source) : NULL;
  if (thumbnail != NULL)
    self->thumbnail = gdk_texture_new_for_pixbuf (thumbnail);
  gtk_widget_queue_draw (GTK_WIDGET (self));

  if (source != NULL && atelier_reference_get_bytes (source) != NULL)
    {
      g_autoptr(GTask) task = NULL;

      self->cancellable = g_cancellable_new ();
      task = g_task_new (self, self->cancellable, on_decoded, NULL);
      g_task_set_source_tag (task, atelier_expand_frame_set_source);
      g_task_set_return_on_cancel (task, TRUE);
      g_task_set_task_data (task, g_bytes_ref (atelier_reference_get_bytes (source)),
                            (GDestroyNotify) g_bytes_unref);
      g_task_run_in_thread (task, decode_thread);
    }
}

AtelierReference *
atelier_expand_frame_get_source (AtelierExpandFrame *self)
{
  g_return_val_if_fail (ATELIER_IS_EXPAND_FRAME (self), NULL);

  return self->source;
}

/* Dragging a handle */

static int
pick_side (AtelierExpandFrame *self,
           double              x,
           double              y)
{
  Layout layout;
  const graphene_rect_t *o;
  double best = HANDLE_REACH;
  int picked = -1;
  double distance[ATELIER_N_SIDES];

  if (!compute_layout (self, &layout))
    return -1;
  o = &layout.outer;

  /* Anywhere along a side, not only on its pill: a small target is hard to hit. */
  distance[ATELIER_SIDE_TOP] = fabs (y - o->origin.y);
  distance[ATELIER_SIDE_BOTTOM] = fabs (y - (o->origin.y + o->size.height));
  distance[ATELIER_SIDE_LEFT] = fabs (x - o->origin.x);
  distance[ATELIER_SIDE_RIGHT] = fabs (x - (o->origin.x + o->size.width));
  for (int side = 0; side < ATELIER_N_SIDES; side++)
    {
      gboolean along = side == ATELIER_SIDE_TOP || side == ATELIER_SIDE_BOTTOM
                       ? x >= o->origin.x - HANDLE_REACH && x <= o->origin.x + o->size.width + HANDLE_REACH
                       : y >= o->origin.y - HANDLE_REACH && y <= o->origin.y + o->size.height + HANDLE_REACH;

      if (along && distance[side] < best)
        {
          best = distance[side];
          picked = side;
        }
    }
  return picked;
}

static gboolean
begin_drag (AtelierExpandFrame *self,
            int                 side)
{
  Layout layout;

  if (side < 0 || !compute_layout (self, &layout))
    return FALSE;
  self->drag_side = side;
  self->drag_start_value = self->sides[side];
  self->drag_scale = layout.scale;
  return TRUE;
}

static void
update_drag (AtelierExpandFrame *self,
             double              dx,
             double              dy)
{
  double moved;
  double value;

  if (self->drag_side < 0)
    return;

  /* Outwards is more. */
  switch (self->drag_side)
    {
    case ATELIER_SIDE_TOP:    moved = -dy; break;
    case ATELIER_SIDE_BOTTOM: moved = dy; break;
    case ATELIER_SIDE_LEFT:   moved = -dx; break;
    case ATELIER_SIDE_RIGHT:  moved = dx; break;
    default:                  g_assert_not_reached ();
    }
  value = self->drag_start_value + moved / self->drag_scale;
  value = round (MAX (0, value) / SNAP) * SNAP;
  atelier_expand_frame_set_side (self, self->drag_side, (guint) value);
}

static void
on_drag_begin (GtkGestureDrag     *gesture,
               double              x,
               double              y,
               AtelierExpandFrame *self)
{
  if (begin_drag (self, pick_side (self, x, y)))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  else
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
}

static void
on_drag_update (GtkGestureDrag     *gesture,
                double              dx,
                double              dy,
                AtelierExpandFrame *self)
{
  update_drag (self, dx, dy);
}

static void
on_drag_end (GtkGestureDrag     *gesture,
             double              dx,
             double              dy,
             AtelierExpandFrame *self)
{
  update_drag (self, dx, dy);
  self->drag_side = -1;
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           AtelierExpandFrame       *self)
{
  int side = self->drag_side >= 0 ? self->drag_side : pick_side (self, x, y);

  if (side < 0)
    gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
  else
    gtk_widget_set_cursor_from_name (GTK_WIDGET (self),
                                     side == ATELIER_SIDE_TOP || side == ATELIER_SIDE_BOTTOM
                                     ? "ns-resize" : "ew-resize");
}

gboolean
atelier_expand_frame_drag_side (AtelierExpandFrame *self,
                                AtelierSide         side,
                                double              dx,
                                double              dy)
{
  Layout layout;
  double x, y;

  g_return_val_if_fail (ATELIER_IS_EXPAND_FRAME (self), FALSE);

  /* Picked where a person would press: on the side's handle. */
  if (!compute_layout (self, &layout))
    return FALSE;
  handle_center (&layout, side, &x, &y);
  if (pick_side (self, x, y) != (int) side || !begin_drag (self, side))
    return FALSE;
  update_drag (self, dx, dy);
  self->drag_side = -1;
  return TRUE;
}

gboolean
atelier_expand_frame_press_key (AtelierExpandFrame *self,
                                AtelierSide         side,
                                guint               keyval,
                                GdkModifierType     state)
{
  g_return_val_if_fail (ATELIER_IS_EXPAND_FRAME (self), FALSE);
  g_return_val_if_fail ((guint) side < ATELIER_N_SIDES, FALSE);

  /* As a person would: the handle takes the focus first. */
  if (!gtk_widget_grab_focus (self->handles[side]))
    return FALSE;
  return move_side_by_key (self, side, keyval, state);
}

GtkWidget *
atelier_expand_frame_get_handle (AtelierExpandFrame *self,
                                 AtelierSide         side)
{
  g_return_val_if_fail (ATELIER_IS_EXPAND_FRAME (self), NULL);
  g_return_val_if_fail ((guint) side < ATELIER_N_SIDES, NULL);

  return self->handles[side];
}

/* GObject */

static void
atelier_expand_frame_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  AtelierExpandFrame *self = ATELIER_EXPAND_FRAME (object);

  if (prop_id >= PROP_TOP && prop_id <= PROP_RIGHT)
    g_value_set_uint (value, self->sides[prop_id - PROP_TOP]);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
atelier_expand_frame_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  AtelierExpandFrame *self = ATELIER_EXPAND_FRAME (object);

  if (prop_id >= PROP_TOP && prop_id <= PROP_RIGHT)
    atelier_expand_frame_set_side (self, prop_id - PROP_TOP, g_value_get_uint (value));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
atelier_expand_frame_dispose (GObject *object)
{
  AtelierExpandFrame *self = ATELIER_EXPAND_FRAME (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->source);
  g_clear_object (&self->thumbnail);
  for (guint side = 0; side < ATELIER_N_SIDES; side++)
    g_clear_pointer (&self->handles[side], gtk_widget_unparent);

  G_OBJECT_CLASS (atelier_expand_frame_parent_class)->dispose (object);
}

static void
atelier_expand_frame_class_init (AtelierExpandFrameClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = atelier_expand_frame_dispose;
  object_class->get_property = atelier_expand_frame_get_property;
  object_class->set_property = atelier_expand_frame_set_property;
  widget_class->snapshot = atelier_expand_frame_snapshot;
  widget_class->measure = atelier_expand_frame_measure;
  widget_class->size_allocate = atelier_expand_frame_size_allocate;

  properties[PROP_TOP] = g_param_spec_uint ("top", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_BOTTOM] = g_param_spec_uint ("bottom", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_LEFT] = g_param_spec_uint ("left", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_RIGHT] = g_param_spec_uint ("right", NULL, NULL, 0, G_MAXUINT, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "expand-frame");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
atelier_expand_frame_init (AtelierExpandFrame *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->drag_side = -1;
  self->max_side = 2048;

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  for (guint side = 0; side < ATELIER_N_SIDES; side++)
    {
      self->handles[side] = expand_handle_new (side, self->max_side);
      gtk_widget_set_parent (self->handles[side], GTK_WIDGET (self));
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("The source image inside the area Expand adds"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Drag a side outwards to add pixels there, move its edge with the arrow keys, or type the numbers"),
                                  -1);
}

GtkWidget *
atelier_expand_frame_new (void)
{
  return g_object_new (ATELIER_TYPE_EXPAND_FRAME, NULL);
}
