/* atelier-mask-editor.c
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "atelier-mask-editor.h"

/* The canvas shows the image at its prepared size (a pyramid of halved copies, made in a worker,
 * so a zoomed-out 12 MP photo is not sampled from full resolution) and the mask as an overlay cut
 * into tiles. A stroke changes a few tiles; only those are rebuilt, lazily, when the next frame
 * is drawn, and only they are uploaded again. Tiles all painted are drawn as a plain colour and
 * tiles all kept are not drawn at all, so clear and invert are cheap too. */

#define OVERLAY_TILE   256
#define OVERLAY_ALPHA  0.5
#define MIN_ZOOM       0.01
#define MAX_ZOOM       16.0
#define ZOOM_STEP      1.25
#define FIT_MARGIN     12.0
/* The mask is exported (PNG in a worker) this long after the last change. */
#define EXPORT_DELAY_MS 250
#define SMALLEST_LEVEL  256

typedef enum
{
  TILE_DIRTY,
  TILE_KEPT,
  TILE_PAINTED,
  TILE_MIXED,
} TileState;

typedef struct
{
  TileState   state;
  GdkTexture *texture;  /* TILE_MIXED only */
} OverlayTile;

/* The canvas: a plain widget that draws what the editor holds and reports its size. */

#define ATELIER_TYPE_MASK_CANVAS (atelier_mask_canvas_get_type ())
G_DECLARE_FINAL_TYPE (AtelierMaskCanvas, atelier_mask_canvas, ATELIER, MASK_CANVAS, GtkWidget)

struct _AtelierMaskCanvas
{
  GtkWidget          parent_instance;
  AtelierMaskEditor *editor;  /* unowned: the editor owns the canvas */
};

G_DEFINE_FINAL_TYPE (AtelierMaskCanvas, atelier_mask_canvas, GTK_TYPE_WIDGET)

struct _AtelierMaskEditor
{
  GtkWidget          parent_instance;

  GtkStack          *stack;
  GtkSpinner        *spinner;
  AtelierMaskCanvas *canvas;
  GtkWidget         *tools;
  GtkToggleButton   *brush_button;
  GtkToggleButton   *eraser_button;
  GtkAdjustment     *size_adjustment;
  GtkLabel          *size_label;
  GtkButton         *fit_button;
  GtkWidget         *alpha_button;

  AtelierReference  *source;
  GPtrArray         *levels;      /* GdkTexture: full size, then halves */
  GdkPixbuf         *pixbuf;      /* the decoded source, kept when it has alpha */
  AtelierMask       *mask;
  OverlayTile       *tiles;
  guint              tiles_x;
  guint              tiles_y;
  GdkRGBA            overlay_color;

  GCancellable      *load_cancellable;
  guint64            max_pixels;
  gboolean           loading;

  /* View: canvas point = origin + image point × zoom. */
  double             zoom;
  double             origin_x;
  double             origin_y;
  gboolean           fitted;

  AtelierMaskTool    tool;
  gboolean           painting;
  gboolean           stylus;
  gboolean           panning;
  gboolean           space_held;
  double             pan_start_x;
  double             pan_start_y;
  double             pointer_x;
  double             pointer_y;
  gboolean           pointer_inside;
  double             pointer_pressure;

  AtelierReference  *mask_reference;
  GCancellable      *export_cancellable;
  guint              export_source_id;

  gboolean           has_mask;
  gboolean           ready;
  char              *blocked_reason;
};

G_DEFINE_FINAL_TYPE (AtelierMaskEditor, atelier_mask_editor, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_SOURCE,
  PROP_HAS_MASK,
  PROP_READY,
  PROP_BLOCKED_REASON,
  PROP_TOOL,
  PROP_BRUSH_SIZE,
  PROP_ZOOM,
  PROP_LOADING,
  N_PROPS
};

enum
{
  MESSAGE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void update_state (AtelierMaskEditor *self);
static void canvas_snapshot (AtelierMaskEditor *self,
                             GtkSnapshot       *snapshot);
static void canvas_resized (AtelierMaskEditor *self);

/* Canvas widget */

static void
atelier_mask_canvas_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  AtelierMaskCanvas *self = ATELIER_MASK_CANVAS (widget);

  if (self->editor != NULL)
    canvas_snapshot (self->editor, snapshot);
}

static void
atelier_mask_canvas_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  *minimum = 120;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 360 : 320;
}

static void
atelier_mask_canvas_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  AtelierMaskCanvas *self = ATELIER_MASK_CANVAS (widget);

  if (self->editor != NULL)
    canvas_resized (self->editor);
}

static void
atelier_mask_canvas_class_init (AtelierMaskCanvasClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = atelier_mask_canvas_snapshot;
  widget_class->measure = atelier_mask_canvas_measure;
  widget_class->size_allocate = atelier_mask_canvas_size_allocate;

  gtk_widget_class_set_css_name (widget_class, "maskcanvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
atelier_mask_canvas_init (AtelierMaskCanvas *self)
{
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "crosshair");
}

/* Overlay tiles */

static void
clear_tiles (AtelierMaskEditor *self)
{
  if (self->tiles != NULL)
    for (guint i = 0; i < self->tiles_x * self->tiles_y; i++)
      g_clear_object (&self->tiles[i].texture);
  g_clear_pointer (&self->tiles, g_free);
  self->tiles_x = self->tiles_y = 0;
}

static void
dirty_tiles (AtelierMaskEditor *self,
             int                x,
             int                y,
             int                width,
             int                height)
{
  if (self->tiles == NULL || width <= 0 || height <= 0)
    return;

  for (guint ty = y / OVERLAY_TILE; ty <= (guint) (y + height - 1) / OVERLAY_TILE && ty < self->tiles_y; ty++)
    for (guint tx = x / OVERLAY_TILE; tx <= (guint) (x + width - 1) / OVERLAY_TILE && tx < self->tiles_x; tx++)
      self->tiles[ty * self->tiles_x + tx].state = TILE_DIRTY;
}

static void
color_to_premultiplied_bgra (const GdkRGBA *color,
                             guint8         out[4])
{
  double alpha = color->alpha * OVERLAY_ALPHA;

  out[0] = (guint8) round (CLAMP (color->blue, 0, 1) * alpha * 255);
  out[1] = (guint8) round (CLAMP (color->green, 0, 1) * alpha * 255);
  out[2] = (guint8) round (CLAMP (color->red, 0, 1) * alpha * 255);
  out[3] = (guint8) round (alpha * 255);
}

static void
rebuild_tile (AtelierMaskEditor *self,
              guint              tx,
              guint              ty)
{
  OverlayTile *tile = &self->tiles[ty * self->tiles_x + tx];
  guint x = tx * OVERLAY_TILE, y = ty * OVERLAY_TILE;
  guint width = MIN (OVERLAY_TILE, atelier_mask_get_width (self->mask) - x);
  guint height = MIN (OVERLAY_TILE, atelier_mask_get_height (self->mask) - y);
  g_autoptr(GBytes) bytes = NULL;
  gboolean all_kept, all_painted;
  guint8 color[4];
  guint8 *pixels;

  g_clear_object (&tile->texture);
  color_to_premultiplied_bgra (&self->overlay_color, color);

  pixels = g_malloc ((gsize) width * height * 4);
  atelier_mask_render_overlay (self->mask, x, y, width, height, color, pixels, width * 4,
                               &all_kept, &all_painted);
  if (all_kept || all_painted)
    {
      g_free (pixels);
      tile->state = all_kept ? TILE_KEPT : TILE_PAINTED;
      return;
    }

  bytes = g_bytes_new_take (pixels, (gsize) width * height * 4);
  tile->texture = gdk_memory_texture_new (width, height, GDK_MEMORY_B8G8R8A8_PREMULTIPLIED,
                                          bytes, width * 4);
  tile->state = TILE_MIXED;
}

static void
on_mask_changed (AtelierMaskEditor *self,
                 int                x,
                 int                y,
                 int                width,
                 int                height,
                 AtelierMask       *mask);

/* Export of the mask (worker thread) */

static void
on_mask_exported (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(AtelierMaskEditor) self = user_data;
  g_autoptr(AtelierReference) reference = NULL;
  g_autoptr(GError) error = NULL;

  reference = atelier_mask_export_reference_finish (ATELIER_MASK (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->export_cancellable);

  /* A result for a mask that was replaced since is of no use. */
  if (ATELIER_MASK (source) != self->mask)
    return;

  if (reference == NULL)
    {
      g_signal_emit (self, signals[MESSAGE], 0, error->message);
      return;
    }

  g_set_object (&self->mask_reference, reference);
  update_state (self);
}

static gboolean
export_mask_now (gpointer user_data)
{
  AtelierMaskEditor *self = user_data;

  self->export_source_id = 0;
  if (self->mask == NULL || atelier_mask_is_empty (self->mask))
    return G_SOURCE_REMOVE;

  g_cancellable_cancel (self->export_cancellable);
  g_clear_object (&self->export_cancellable);
  self->export_cancellable = g_cancellable_new ();
  atelier_mask_export_reference_async (self->mask, self->export_cancellable, on_mask_exported,
                                       g_object_ref (self));
  update_state (self);
  return G_SOURCE_REMOVE;
}

/* Forgets the exported mask and schedules a new export. */
static void
invalidate_export (AtelierMaskEditor *self)
{
  g_clear_object (&self->mask_reference);
  g_cancellable_cancel (self->export_cancellable);
  g_clear_object (&self->export_cancellable);
  g_clear_handle_id (&self->export_source_id, g_source_remove);

  if (self->mask != NULL && !atelier_mask_is_empty (self->mask) && !atelier_mask_in_stroke (self->mask))
    self->export_source_id = g_timeout_add (EXPORT_DELAY_MS, export_mask_now, self);
}

static void
on_mask_changed (AtelierMaskEditor *self,
                 int                x,
                 int                y,
                 int                width,
                 int                height,
                 AtelierMask       *mask)
{
  dirty_tiles (self, x, y, width, height);
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
  invalidate_export (self);
  update_state (self);
}

static void
on_mask_state_changed (AtelierMaskEditor *self)
{
  update_state (self);
}

/* State */

static void
set_blocked_reason (AtelierMaskEditor *self,
                    const char        *reason)
{
  if (g_strcmp0 (self->blocked_reason, reason) == 0)
    return;
  g_free (self->blocked_reason);
  self->blocked_reason = g_strdup (reason);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BLOCKED_REASON]);
}

static void
update_zoom_label (AtelierMaskEditor *self)
{
  g_autofree char *text = NULL;

  /* TRANSLATORS: the zoom level, e.g. "25 %" */
  text = g_strdup_printf (_("%.0f %%"), self->zoom * 100);
  gtk_button_set_label (self->fit_button, text);
}

static void
update_state (AtelierMaskEditor *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean has_source = self->source != NULL && self->mask != NULL;
  gboolean has_mask = has_source && !atelier_mask_is_empty (self->mask);
  gboolean ready = has_mask && self->mask_reference != NULL;
  const char *reason = NULL;

  if (self->loading)
    reason = _("The image to repaint is still loading");
  else if (!has_source)
    reason = _("Add the image to repaint");
  else if (!has_mask)
    reason = _("Paint over the part to repaint");
  else if (!ready)
    reason = _("Preparing the mask…");

  if (has_mask != self->has_mask)
    {
      self->has_mask = has_mask;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_MASK]);
    }
  if (ready != self->ready)
    {
      self->ready = ready;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
    }
  set_blocked_reason (self, reason);

  gtk_stack_set_visible_child_name (self->stack, self->loading ? "loading" : has_source ? "canvas" : "empty");
  gtk_spinner_set_spinning (self->spinner, self->loading);
  gtk_widget_set_visible (self->tools, has_source);
  gtk_widget_set_visible (self->alpha_button, has_source && self->pixbuf != NULL);

  gtk_widget_action_set_enabled (widget, "mask.undo", has_source && atelier_mask_can_undo (self->mask));
  gtk_widget_action_set_enabled (widget, "mask.redo", has_source && atelier_mask_can_redo (self->mask));
  gtk_widget_action_set_enabled (widget, "mask.clear", has_mask);
  gtk_widget_action_set_enabled (widget, "mask.invert", has_source);
  gtk_widget_action_set_enabled (widget, "mask.use-alpha", has_source && self->pixbuf != NULL);
  gtk_widget_action_set_enabled (widget, "mask.remove", has_source || self->loading);
  gtk_widget_action_set_enabled (widget, "mask.zoom-in", has_source && self->zoom < MAX_ZOOM);
  gtk_widget_action_set_enabled (widget, "mask.zoom-out", has_source && self->zoom > MIN_ZOOM);
  gtk_widget_action_set_enabled (widget, "mask.fit", has_source);
}

/* View */

static double
image_width (AtelierMaskEditor *self)
{
  return self->mask != NULL ? atelier_mask_get_width (self->mask) : 0;
}

static double
image_height (AtelierMaskEditor *self)
{
  return self->mask != NULL ? atelier_mask_get_height (self->mask) : 0;
}

static void
set_view (AtelierMaskEditor *self,
          double             zoom,
          double             origin_x,
          double             origin_y)
{
  double old_zoom = self->zoom;

  self->zoom = CLAMP (zoom, MIN_ZOOM, MAX_ZOOM);
  self->origin_x = origin_x;
  self->origin_y = origin_y;
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));

  if (self->zoom != old_zoom)
    {
      update_zoom_label (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
      update_state (self);
    }
}

void
atelier_mask_editor_fit (AtelierMaskEditor *self)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self->canvas));
  double height = gtk_widget_get_height (GTK_WIDGET (self->canvas));
  double zoom;

  g_return_if_fail (ATELIER_IS_MASK_EDITOR (self));

  self->fitted = TRUE;
  if (self->mask == NULL || width <= 0 || height <= 0)
    return;

  zoom = MIN ((width - 2 * FIT_MARGIN) / image_width (self), (height - 2 * FIT_MARGIN) / image_height (self));
  zoom = CLAMP (zoom, MIN_ZOOM, MAX_ZOOM);
  set_view (self, zoom,
            round ((width - image_width (self) * zoom) / 2),
            round ((height - image_height (self) * zoom) / 2));
}

static void
canvas_resized (AtelierMaskEditor *self)
{
  if (self->fitted)
    atelier_mask_editor_fit (self);
}

void
atelier_mask_editor_zoom_at (AtelierMaskEditor *self,
                             double             zoom,
                             double             x,
                             double             y)
{
  double image_x, image_y;

  g_return_if_fail (ATELIER_IS_MASK_EDITOR (self));

  zoom = CLAMP (zoom, MIN_ZOOM, MAX_ZOOM);
  atelier_mask_editor_canvas_to_image (self, x, y, &image_x, &image_y);
  self->fitted = FALSE;
  set_view (self, zoom, x - image_x * zoom, y - image_y * zoom);
}

void
atelier_mask_editor_pan (AtelierMaskEditor *self,
                         double             dx,
                         double             dy)
{
  g_return_if_fail (ATELIER_IS_MASK_EDITOR (self));

  self->fitted = FALSE;
  set_view (self, self->zoom, self->origin_x + dx, self->origin_y + dy);
}

void
atelier_mask_editor_canvas_to_image (AtelierMaskEditor *self,
                                     double             x,
                                     double             y,
                                     double            *image_x,
                                     double            *image_y)
{
  g_return_if_fail (ATELIER_IS_MASK_EDITOR (self));

  *image_x = (x - self->origin_x) / self->zoom;
  *image_y = (y - self->origin_y) / self->zoom;
}

static void
zoom_by (AtelierMaskEditor *self,
         double             factor)
{
  atelier_mask_editor_zoom_at (self, self->zoom * factor,
                               gtk_widget_get_width (GTK_WIDGET (self->canvas)) / 2.0,
                               gtk_widget_get_height (GTK_WIDGET (self->canvas)) / 2.0);
}

/* Drawing */

/* Snaps a span of image pixels to whole device pixels, so neighbouring tiles meet exactly. */
static void
snap_span (double  origin,
           double  zoom,
           double  scale,
           double  start,
           double  end,
           double *out_start,
           double *out_size)
{
  double a = round ((origin + start * zoom) * scale) / scale;
  double b = round ((origin + end * zoom) * scale) / scale;

  *out_start = a;
  *out_size = b - a;
}

static GdkTexture *
pick_level (AtelierMaskEditor *self,
            double             scale)
{
  GdkTexture *best;

  if (self->levels == NULL || self->levels->len == 0)
    return NULL;

  /* The smallest copy that still has a pixel for every device pixel. */
  best = g_ptr_array_index (self->levels, 0);
  for (guint i = 1; i < self->levels->len; i++)
    {
      GdkTexture *level = g_ptr_array_index (self->levels, i);

      if (gdk_texture_get_width (level) < image_width (self) * self->zoom * scale)
        break;
      best = level;
    }
  return best;
}

static void
update_overlay_color (AtelierMaskEditor *self)
{
  GtkStyleContext *context;
  GdkRGBA color;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  context = gtk_widget_get_style_context (GTK_WIDGET (self->canvas));
  /* maskcanvas { color: @accent_bg_color; } in style.css: the mask's colour. */
  gtk_style_context_get_color (context, &color);
  G_GNUC_END_IGNORE_DEPRECATIONS

  if (!gdk_rgba_equal (&color, &self->overlay_color))
    {
      self->overlay_color = color;
      if (self->tiles != NULL)
        for (guint i = 0; i < self->tiles_x * self->tiles_y; i++)
          self->tiles[i].state = TILE_DIRTY;
    }
}

static void
append_brush_outline (AtelierMaskEditor *self,
                      GtkSnapshot       *snapshot)
{
  double radius = atelier_mask_editor_get_brush_size (self) / 2 * self->zoom;
  GdkRGBA dark = { 0, 0, 0, 0.6 };
  GdkRGBA light = { 1, 1, 1, 0.9 };
  GskRoundedRect outer, inner;
  float widths[4] = { 1, 1, 1, 1 };
  GdkRGBA darks[4] = { dark, dark, dark, dark };
  GdkRGBA lights[4] = { light, light, light, light };

  radius = MAX (radius, 2);
  gsk_rounded_rect_init_from_rect (&outer,
                                   &GRAPHENE_RECT_INIT (self->pointer_x - radius - 1, self->pointer_y - radius - 1,
                                                        2 * radius + 2, 2 * radius + 2),
                                   radius + 1);
  gsk_rounded_rect_init_from_rect (&inner,
                                   &GRAPHENE_RECT_INIT (self->pointer_x - radius, self->pointer_y - radius,
                                                        2 * radius, 2 * radius),
                                   radius);
  /* A light ring inside a dark one reads on any picture. */
  gtk_snapshot_append_border (snapshot, &outer, widths, darks);
  gtk_snapshot_append_border (snapshot, &inner, widths, lights);
}

static void
canvas_snapshot (AtelierMaskEditor *self,
                 GtkSnapshot       *snapshot)
{
  GtkWidget *canvas = GTK_WIDGET (self->canvas);
  double width = gtk_widget_get_width (canvas);
  double height = gtk_widget_get_height (canvas);
  double scale = gtk_widget_get_scale_factor (canvas);
  GdkTexture *level;
  GdkRGBA painted_color;
  double x, y, w, h;
  guint first_tx, last_tx, first_ty, last_ty;

  if (self->mask == NULL)
    return;

  update_overlay_color (self);
  painted_color = self->overlay_color;
  painted_color.alpha *= OVERLAY_ALPHA;

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  level = pick_level (self, scale);
  snap_span (self->origin_x, self->zoom, scale, 0, image_width (self), &x, &w);
  snap_span (self->origin_y, self->zoom, scale, 0, image_height (self), &y, &h);
  if (level != NULL)
    gtk_snapshot_append_texture (snapshot, level, &GRAPHENE_RECT_INIT (x, y, w, h));

  /* Only the tiles in view. */
  first_tx = (guint) MAX (0, floor (-self->origin_x / self->zoom / OVERLAY_TILE));
  first_ty = (guint) MAX (0, floor (-self->origin_y / self->zoom / OVERLAY_TILE));
  last_tx = (guint) MAX (0, floor ((width - self->origin_x) / self->zoom / OVERLAY_TILE));
  last_ty = (guint) MAX (0, floor ((height - self->origin_y) / self->zoom / OVERLAY_TILE));
  last_tx = MIN (last_tx, self->tiles_x - 1);
  last_ty = MIN (last_ty, self->tiles_y - 1);

  for (guint ty = first_ty; ty <= last_ty; ty++)
    for (guint tx = first_tx; tx <= last_tx; tx++)
      {
        OverlayTile *tile = &self->tiles[ty * self->tiles_x + tx];
        double tile_w = MIN (OVERLAY_TILE, image_width (self) - tx * OVERLAY_TILE);
        double tile_h = MIN (OVERLAY_TILE, image_height (self) - ty * OVERLAY_TILE);

        if (tile->state == TILE_DIRTY)
          rebuild_tile (self, tx, ty);
        if (tile->state == TILE_KEPT)
          continue;

        snap_span (self->origin_x, self->zoom, scale, tx * OVERLAY_TILE, tx * OVERLAY_TILE + tile_w, &x, &w);
        snap_span (self->origin_y, self->zoom, scale, ty * OVERLAY_TILE, ty * OVERLAY_TILE + tile_h, &y, &h);
        if (tile->state == TILE_PAINTED)
          gtk_snapshot_append_color (snapshot, &painted_color, &GRAPHENE_RECT_INIT (x, y, w, h));
        else
          gtk_snapshot_append_texture (snapshot, tile->texture, &GRAPHENE_RECT_INIT (x, y, w, h));
      }

  if (self->pointer_inside && !self->panning && !self->space_held)
    append_brush_outline (self, snapshot);

  gtk_snapshot_pop (snapshot);
}

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
      invalidate_export (self);
    }
  update_state (self);
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
      set_view (self, self->zoom, self->pan_start_x + dx, self->pan_start_y + dy);
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
  set_view (self, self->zoom, self->pan_start_x + dx, self->pan_start_y + dy);
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

static void
on_tool_toggled (AtelierMaskEditor *self)
{
  atelier_mask_editor_set_tool (self, gtk_toggle_button_get_active (self->eraser_button)
                                      ? ATELIER_MASK_TOOL_ERASER : ATELIER_MASK_TOOL_BRUSH);
}

static void
on_size_changed (AtelierMaskEditor *self)
{
  g_autofree char *text = NULL;

  /* TRANSLATORS: the brush diameter in image pixels */
  text = g_strdup_printf (_("%.0f px"), gtk_adjustment_get_value (self->size_adjustment));
  gtk_label_set_label (self->size_label, text);
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BRUSH_SIZE]);
}

/* Loading a source: decoding and the pyramid in a worker */

typedef struct
{
  AtelierReference *source;
  AtelierReference *mask;      /* to restore, or NULL */
  GPtrArray        *levels;
  GdkPixbuf        *pixbuf;    /* kept only with alpha */
  AtelierMask      *restored;
} SourceJob;

static void
source_job_free (SourceJob *job)
{
  g_clear_object (&job->source);
  g_clear_object (&job->mask);
  g_clear_pointer (&job->levels, g_ptr_array_unref);
  g_clear_object (&job->pixbuf);
  g_clear_object (&job->restored);
  g_free (job);
}

static GdkTexture *
texture_for_pixbuf (GdkPixbuf *pixbuf)
{
  g_autoptr(GBytes) bytes = gdk_pixbuf_read_pixel_bytes (pixbuf);
  gboolean alpha = gdk_pixbuf_get_has_alpha (pixbuf);

  return gdk_memory_texture_new (gdk_pixbuf_get_width (pixbuf), gdk_pixbuf_get_height (pixbuf),
                                 alpha ? GDK_MEMORY_R8G8B8A8 : GDK_MEMORY_R8G8B8,
                                 bytes, gdk_pixbuf_get_rowstride (pixbuf));
}

static void
decode_source_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  SourceJob *job = task_data;
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr(GdkPixbuf) level = NULL;
  GError *error = NULL;
  GdkPixbuf *pixbuf;

  if (!gdk_pixbuf_loader_write_bytes (loader, atelier_reference_get_bytes (job->source), &error)
      || !gdk_pixbuf_loader_close (loader, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pixbuf == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The image could not be read"));
      return;
    }

  job->levels = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (job->levels, texture_for_pixbuf (pixbuf));
  level = g_object_ref (pixbuf);
  while (MAX (gdk_pixbuf_get_width (level), gdk_pixbuf_get_height (level)) > SMALLEST_LEVEL)
    {
      GdkPixbuf *half = gdk_pixbuf_scale_simple (level,
                                                 MAX (1, gdk_pixbuf_get_width (level) / 2),
                                                 MAX (1, gdk_pixbuf_get_height (level) / 2),
                                                 GDK_INTERP_BILINEAR);

      if (half == NULL || g_task_return_error_if_cancelled (task))
        {
          g_clear_object (&half);
          if (!g_task_had_error (task))
            g_task_return_boolean (task, TRUE);
          return;
        }
      g_ptr_array_add (job->levels, texture_for_pixbuf (half));
      g_set_object (&level, half);
      g_object_unref (half);
    }

  if (gdk_pixbuf_get_has_alpha (pixbuf))
    job->pixbuf = g_object_ref (pixbuf);

  if (job->mask != NULL)
    {
      job->restored = atelier_mask_new_from_png (atelier_reference_get_bytes (job->mask), &error);
      if (job->restored == NULL)
        g_clear_error (&error);
    }

  g_task_return_boolean (task, TRUE);
}

static void
set_mask (AtelierMaskEditor *self,
          AtelierMask       *mask)
{
  if (self->mask != NULL)
    g_signal_handlers_disconnect_by_data (self->mask, self);
  g_set_object (&self->mask, mask);
  clear_tiles (self);
  invalidate_export (self);

  if (mask != NULL)
    {
      self->tiles_x = (atelier_mask_get_width (mask) + OVERLAY_TILE - 1) / OVERLAY_TILE;
      self->tiles_y = (atelier_mask_get_height (mask) + OVERLAY_TILE - 1) / OVERLAY_TILE;
      self->tiles = g_new0 (OverlayTile, self->tiles_x * self->tiles_y);
      g_signal_connect_object (mask, "changed", G_CALLBACK (on_mask_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (mask, "notify::can-undo", G_CALLBACK (on_mask_state_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (mask, "notify::can-redo", G_CALLBACK (on_mask_state_changed), self, G_CONNECT_SWAPPED);
    }
}

static void
on_source_decoded (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  AtelierMaskEditor *self = ATELIER_MASK_EDITOR (object);
  SourceJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierMask) mask = NULL;
  guint width, height;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->loading = FALSE;
      g_clear_object (&self->source);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
      g_signal_emit (self, signals[MESSAGE], 0, error->message);
      update_state (self);
      return;
    }

  width = atelier_reference_get_width (job->source);
  height = atelier_reference_get_height (job->source);

  g_clear_pointer (&self->levels, g_ptr_array_unref);
  self->levels = g_steal_pointer (&job->levels);
  g_set_object (&self->pixbuf, job->pixbuf);

  if (job->restored != NULL && atelier_mask_get_width (job->restored) == width
      && atelier_mask_get_height (job->restored) == height)
    mask = g_object_ref (job->restored);
  else
    {
      if (job->mask != NULL)
        g_signal_emit (self, signals[MESSAGE], 0,
                       _("The saved mask does not match the image; paint it again"));
      mask = atelier_mask_new (width, height);
    }
  set_mask (self, mask);

  /* A brush about a twelfth of the picture is a good start whatever its resolution. */
  gtk_adjustment_set_upper (self->size_adjustment, MAX (64, MIN (2048, MAX (width, height) / 3)));
  gtk_adjustment_set_value (self->size_adjustment, CLAMP (round (MIN (width, height) / 12.0), 4, 400));

  self->loading = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  update_state (self);
  self->fitted = TRUE;
  atelier_mask_editor_fit (self);
  update_zoom_label (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
}

static void
load_source (AtelierMaskEditor *self,
             AtelierReference  *source,
             AtelierReference  *mask)
{
  g_autoptr(GTask) task = NULL;
  SourceJob *job;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_set_object (&self->source, source);
  g_clear_pointer (&self->levels, g_ptr_array_unref);
  g_clear_object (&self->pixbuf);
  set_mask (self, NULL);

  if (source == NULL)
    {
      self->loading = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
      update_state (self);
      return;
    }

  self->loading = TRUE;
  self->load_cancellable = g_cancellable_new ();
  job = g_new0 (SourceJob, 1);
  job->source = g_object_ref (source);
  job->mask = mask != NULL ? g_object_ref (mask) : NULL;

  task = g_task_new (self, self->load_cancellable, on_source_decoded, NULL);
  g_task_set_source_tag (task, load_source);
  g_task_set_task_data (task, job, (GDestroyNotify) source_job_free);
  g_task_run_in_thread (task, decode_source_thread);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  update_state (self);
}

/* Opening files and textures */

static void
on_reference_prepared (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(AtelierMaskEditor) self = user_data;
  g_autoptr(AtelierReference) reference = NULL;
  g_autoptr(GError) error = NULL;

  reference = atelier_reference_prepare_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (reference == NULL)
    {
      self->loading = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
      g_signal_emit (self, signals[MESSAGE], 0, error->message);
      update_state (self);
      return;
    }
  load_source (self, reference, NULL);
}

static void
start_loading (AtelierMaskEditor *self)
{
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  self->loading = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  update_state (self);
}

void
atelier_mask_editor_open_file (AtelierMaskEditor *self,
                               GFile             *file)
{
  g_return_if_fail (ATELIER_IS_MASK_EDITOR (self));
  g_return_if_fail (G_IS_FILE (file));

  start_loading (self);
  atelier_reference_prepare_file_async (file, self->max_pixels, self->load_cancellable,
                                        on_reference_prepared, g_object_ref (self));
}

typedef struct
{
  GdkTexture *texture;
  guint64     max_pixels;
} TextureJob;

static void
texture_job_free (TextureJob *job)
{
  g_object_unref (job->texture);
  g_free (job);
}

static void
prepare_texture_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  TextureJob *job = task_data;
  g_autoptr(GBytes) png = gdk_texture_save_to_png_bytes (job->texture);
  GError *error = NULL;
  AtelierReference *reference;

  reference = atelier_reference_prepare_bytes (png, _("Pasted image"), job->max_pixels, cancellable, &error);
  if (reference == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, reference, g_object_unref);
}

static void
on_texture_prepared (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(AtelierMaskEditor) self = user_data;
  g_autoptr(AtelierReference) reference = NULL;
  g_autoptr(GError) error = NULL;

  reference = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (reference == NULL)
    {
      self->loading = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
      g_signal_emit (self, signals[MESSAGE], 0, error->message);
      update_state (self);
      return;
    }
  load_source (self, reference, NULL);
}

void
atelier_mask_editor_open_texture (AtelierMaskEditor *self,
                                  GdkTexture        *texture)
{
  g_autoptr(GTask) task = NULL;
  TextureJob *job;

  g_return_if_fail (ATELIER_IS_MASK_EDITOR (self));
  g_return_if_fail (GDK_IS_TEXTURE (texture));

  start_loading (self);
  job = g_new0 (TextureJob, 1);
  job->texture = g_object_ref (texture);
  job->max_pixels = self->max_pixels;

  task = g_task_new (NULL, self->load_cancellable, on_texture_prepared, g_object_ref (self));
  g_task_set_source_tag (task, atelier_mask_editor_open_texture);
  g_task_set_task_data (task, job, (GDestroyNotify) texture_job_free);
  g_task_run_in_thread (task, prepare_texture_thread);
}

static gboolean
on_drop (AtelierMaskEditor *self,
         const GValue      *value,
         double             x,
         double             y,
         GtkDropTarget     *target)
{
  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = g_value_get_boxed (value);

      if (files == NULL)
        return FALSE;
      if (files->next != NULL)
        g_signal_emit (self, signals[MESSAGE], 0, _("Fill repaints one image: the first one dropped is used"));
      atelier_mask_editor_open_file (self, files->data);
      return TRUE;
    }
  if (G_VALUE_HOLDS (value, GDK_TYPE_TEXTURE))
    {
      atelier_mask_editor_open_texture (self, g_value_get_object (value));
      return TRUE;
    }
  return FALSE;
}

/* Actions */

static void
on_chooser_response (GtkNativeDialog   *chooser,
                     int                response,
                     AtelierMaskEditor *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        atelier_mask_editor_open_file (self, file);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Choose the Image to Repaint"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Images"));
  gtk_file_filter_add_pixbuf_formats (filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_chooser_response), widget, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_clipboard_files (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(AtelierMaskEditor) self = user_data;
  const GValue *value = gdk_clipboard_read_value_finish (GDK_CLIPBOARD (object), result, NULL);

  if (value != NULL)
    on_drop (self, value, 0, 0, NULL);
}

static void
on_clipboard_texture (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(AtelierMaskEditor) self = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = gdk_clipboard_read_texture_finish (GDK_CLIPBOARD (object), result, &error);
  if (texture == NULL)
    {
      g_signal_emit (self, signals[MESSAGE], 0, _("The clipboard holds no image"));
      return;
    }
  atelier_mask_editor_open_texture (self, texture);
}

static void
paste_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (widget);
  GdkContentFormats *formats = gdk_clipboard_get_formats (clipboard);

  if (gdk_content_formats_contain_gtype (formats, GDK_TYPE_FILE_LIST))
    gdk_clipboard_read_value_async (clipboard, GDK_TYPE_FILE_LIST, G_PRIORITY_DEFAULT, NULL,
                                    on_clipboard_files, g_object_ref (widget));
  else
    gdk_clipboard_read_texture_async (clipboard, NULL, on_clipboard_texture, g_object_ref (widget));
}

static void
mask_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  AtelierMaskEditor *self = ATELIER_MASK_EDITOR (widget);

  if (g_str_equal (action_name, "mask.remove"))
    {
      atelier_mask_editor_set_source (self, NULL);
      return;
    }
  if (g_str_equal (action_name, "mask.brush"))
    {
      atelier_mask_editor_set_tool (self, ATELIER_MASK_TOOL_BRUSH);
      return;
    }
  if (g_str_equal (action_name, "mask.eraser"))
    {
      atelier_mask_editor_set_tool (self, ATELIER_MASK_TOOL_ERASER);
      return;
    }
  if (g_str_equal (action_name, "mask.smaller") || g_str_equal (action_name, "mask.bigger"))
    {
      double size = gtk_adjustment_get_value (self->size_adjustment);

      size = g_str_equal (action_name, "mask.bigger") ? MAX (size + 1, size * 1.2) : MIN (size - 1, size / 1.2);
      gtk_adjustment_set_value (self->size_adjustment, round (size));
      return;
    }

  if (self->mask == NULL)
    return;

  if (g_str_equal (action_name, "mask.undo"))
    atelier_mask_undo (self->mask);
  else if (g_str_equal (action_name, "mask.redo"))
    atelier_mask_redo (self->mask);
  else if (g_str_equal (action_name, "mask.clear"))
    atelier_mask_clear (self->mask);
  else if (g_str_equal (action_name, "mask.invert"))
    atelier_mask_invert (self->mask);
  else if (g_str_equal (action_name, "mask.use-alpha"))
    {
      if (self->pixbuf == NULL || !atelier_mask_set_from_alpha (self->mask, self->pixbuf))
        g_signal_emit (self, signals[MESSAGE], 0, _("The image has no transparency to use"));
      else if (atelier_mask_is_empty (self->mask))
        g_signal_emit (self, signals[MESSAGE], 0, _("The image has no transparent part"));
    }
  else if (g_str_equal (action_name, "mask.zoom-in"))
    zoom_by (self, ZOOM_STEP);
  else if (g_str_equal (action_name, "mask.zoom-out"))
    zoom_by (self, 1 / ZOOM_STEP);
  else if (g_str_equal (action_name, "mask.fit"))
    atelier_mask_editor_fit (self);
}

/* GObject */

static void
atelier_mask_editor_dispose (GObject *object)
{
  AtelierMaskEditor *self = ATELIER_MASK_EDITOR (object);

  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->export_cancellable);
  g_clear_handle_id (&self->export_source_id, g_source_remove);
  if (self->canvas != NULL)
    self->canvas->editor = NULL;
  if (self->mask != NULL)
    g_signal_handlers_disconnect_by_data (self->mask, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), ATELIER_TYPE_MASK_EDITOR);

  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->export_cancellable);
  g_clear_object (&self->mask_reference);
  clear_tiles (self);
  g_clear_object (&self->mask);
  g_clear_object (&self->source);
  g_clear_object (&self->pixbuf);
  g_clear_pointer (&self->levels, g_ptr_array_unref);

  G_OBJECT_CLASS (atelier_mask_editor_parent_class)->dispose (object);
}

static void
atelier_mask_editor_finalize (GObject *object)
{
  AtelierMaskEditor *self = ATELIER_MASK_EDITOR (object);

  g_free (self->blocked_reason);

  G_OBJECT_CLASS (atelier_mask_editor_parent_class)->finalize (object);
}

static void
atelier_mask_editor_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  AtelierMaskEditor *self = ATELIER_MASK_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_object (value, self->source);
      break;
    case PROP_HAS_MASK:
      g_value_set_boolean (value, self->has_mask);
      break;
    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;
    case PROP_BLOCKED_REASON:
      g_value_set_string (value, self->blocked_reason);
      break;
    case PROP_TOOL:
      g_value_set_enum (value, self->tool);
      break;
    case PROP_BRUSH_SIZE:
      g_value_set_double (value, atelier_mask_editor_get_brush_size (self));
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_mask_editor_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  AtelierMaskEditor *self = ATELIER_MASK_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      atelier_mask_editor_set_source (self, g_value_get_object (value));
      break;
    case PROP_TOOL:
      atelier_mask_editor_set_tool (self, g_value_get_enum (value));
      break;
    case PROP_BRUSH_SIZE:
      atelier_mask_editor_set_brush_size (self, g_value_get_double (value));
      break;
    case PROP_ZOOM:
      zoom_by (self, g_value_get_double (value) / self->zoom);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_mask_editor_class_init (AtelierMaskEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const char *simple_actions[] = {
    "mask.undo", "mask.redo", "mask.clear", "mask.invert", "mask.use-alpha", "mask.remove",
    "mask.zoom-in", "mask.zoom-out", "mask.fit", "mask.brush", "mask.eraser", "mask.smaller",
    "mask.bigger",
  };

  object_class->dispose = atelier_mask_editor_dispose;
  object_class->finalize = atelier_mask_editor_finalize;
  object_class->get_property = atelier_mask_editor_get_property;
  object_class->set_property = atelier_mask_editor_set_property;

  properties[PROP_SOURCE] =
    g_param_spec_object ("source", NULL, NULL, ATELIER_TYPE_REFERENCE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_HAS_MASK] =
    g_param_spec_boolean ("has-mask", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BLOCKED_REASON] =
    g_param_spec_string ("blocked-reason", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TOOL] =
    g_param_spec_enum ("tool", NULL, NULL, ATELIER_TYPE_MASK_TOOL, ATELIER_MASK_TOOL_BRUSH,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BRUSH_SIZE] =
    g_param_spec_double ("brush-size", NULL, NULL, 1, 4096, 64,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, MIN_ZOOM, MAX_ZOOM, 1,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[MESSAGE] = g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (ATELIER_TYPE_MASK_CANVAS);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/fluxatelier/Atelier/ui/atelier-mask-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, AtelierMaskEditor, stack);
  gtk_widget_class_bind_template_child (widget_class, AtelierMaskEditor, spinner);
  gtk_widget_class_bind_template_child (widget_class, AtelierMaskEditor, canvas);
  gtk_widget_class_bind_template_child (widget_class, AtelierMaskEditor, tools);
  gtk_widget_class_bind_template_child (widget_class, AtelierMaskEditor, brush_button);
  gtk_widget_class_bind_template_child (widget_class, AtelierMaskEditor, eraser_button);
  gtk_widget_class_bind_template_child (widget_class, AtelierMaskEditor, size_adjustment);
  gtk_widget_class_bind_template_child (widget_class, AtelierMaskEditor, size_label);
  gtk_widget_class_bind_template_child (widget_class, AtelierMaskEditor, fit_button);
  gtk_widget_class_bind_template_child (widget_class, AtelierMaskEditor, alpha_button);
  gtk_widget_class_bind_template_callback (widget_class, on_tool_toggled);

  for (guint i = 0; i < G_N_ELEMENTS (simple_actions); i++)
    gtk_widget_class_install_action (widget_class, simple_actions[i], NULL, mask_action);
  gtk_widget_class_install_action (widget_class, "mask.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "mask.paste", NULL, paste_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "mask.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "mask.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "mask.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_y, GDK_CONTROL_MASK, "mask.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "mask.invert", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "mask.clear", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_bracketleft, 0, "mask.smaller", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_bracketright, 0, "mask.bigger", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, 0, "mask.brush", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, 0, "mask.eraser", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "mask.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "mask.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "mask.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "mask.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "mask.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "mask.fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK, "mask.paste", NULL);

  gtk_widget_class_set_css_name (widget_class, "maskeditor");
}

static void
atelier_mask_editor_init (AtelierMaskEditor *self)
{
  GtkWidget *canvas;
  GtkGesture *gesture;
  GtkEventController *controller;
  GtkDropTarget *drop;
  GType drop_types[] = { GDK_TYPE_FILE_LIST, GDK_TYPE_TEXTURE };

  gtk_widget_init_template (GTK_WIDGET (self));

  canvas = GTK_WIDGET (self->canvas);
  self->canvas->editor = self;
  self->zoom = 1;
  self->fitted = TRUE;
  self->tool = ATELIER_MASK_TOOL_BRUSH;

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

  drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop, drop_types, G_N_ELEMENTS (drop_types));
  g_signal_connect_object (drop, "drop", G_CALLBACK (on_drop), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  g_signal_connect_object (self->size_adjustment, "value-changed", G_CALLBACK (on_size_changed), self, G_CONNECT_SWAPPED);
  on_size_changed (self);
  update_zoom_label (self);
  update_state (self);
}

/* Public API */

GtkWidget *
atelier_mask_editor_new (void)
{
  return g_object_new (ATELIER_TYPE_MASK_EDITOR, NULL);
}

void
atelier_mask_editor_set_source (AtelierMaskEditor *self,
                                AtelierReference  *source)
{
  g_return_if_fail (ATELIER_IS_MASK_EDITOR (self));
  g_return_if_fail (source == NULL || ATELIER_IS_REFERENCE (source));

  /* The same image again (the composer echoing it back) keeps the mask. */
  if (source == self->source)
    return;
  load_source (self, source, NULL);
}

void
atelier_mask_editor_set_source_and_mask (AtelierMaskEditor *self,
                                         AtelierReference  *source,
                                         AtelierReference  *mask)
{
  g_return_if_fail (ATELIER_IS_MASK_EDITOR (self));
  g_return_if_fail (source == NULL || ATELIER_IS_REFERENCE (source));
  g_return_if_fail (mask == NULL || ATELIER_IS_REFERENCE (mask));

  load_source (self, source, source != NULL ? mask : NULL);
}

AtelierReference *
atelier_mask_editor_get_source (AtelierMaskEditor *self)
{
  g_return_val_if_fail (ATELIER_IS_MASK_EDITOR (self), NULL);
  return self->source;
}

AtelierMask *
atelier_mask_editor_get_mask (AtelierMaskEditor *self)
{
  g_return_val_if_fail (ATELIER_IS_MASK_EDITOR (self), NULL);
  return self->mask;
}

AtelierReference *
atelier_mask_editor_get_mask_reference (AtelierMaskEditor *self)
{
  g_return_val_if_fail (ATELIER_IS_MASK_EDITOR (self), NULL);
  return self->mask_reference;
}

gboolean
atelier_mask_editor_get_has_mask (AtelierMaskEditor *self)
{
  g_return_val_if_fail (ATELIER_IS_MASK_EDITOR (self), FALSE);
  return self->has_mask;
}

gboolean
atelier_mask_editor_get_ready (AtelierMaskEditor *self)
{
  g_return_val_if_fail (ATELIER_IS_MASK_EDITOR (self), FALSE);
  return self->ready;
}

const char *
atelier_mask_editor_get_blocked_reason (AtelierMaskEditor *self)
{
  g_return_val_if_fail (ATELIER_IS_MASK_EDITOR (self), NULL);
  return self->blocked_reason;
}

gboolean
atelier_mask_editor_fill_recipe (AtelierMaskEditor *self,
                                 AtelierRecipe     *recipe)
{
  g_return_val_if_fail (ATELIER_IS_MASK_EDITOR (self), FALSE);
  g_return_val_if_fail (ATELIER_IS_RECIPE (recipe), FALSE);

  if (!self->ready)
    return FALSE;

  atelier_recipe_set_references (recipe, &self->source, 1);
  atelier_recipe_set_mask (recipe, self->mask_reference);
  return TRUE;
}

void
atelier_mask_editor_set_max_pixels (AtelierMaskEditor *self,
                                    guint64            max_pixels)
{
  g_return_if_fail (ATELIER_IS_MASK_EDITOR (self));
  self->max_pixels = max_pixels;
}

gboolean
atelier_mask_editor_is_loading (AtelierMaskEditor *self)
{
  g_return_val_if_fail (ATELIER_IS_MASK_EDITOR (self), FALSE);
  return self->loading;
}

AtelierMaskTool
atelier_mask_editor_get_tool (AtelierMaskEditor *self)
{
  g_return_val_if_fail (ATELIER_IS_MASK_EDITOR (self), ATELIER_MASK_TOOL_BRUSH);
  return self->tool;
}

void
atelier_mask_editor_set_tool (AtelierMaskEditor *self,
                              AtelierMaskTool    tool)
{
  g_return_if_fail (ATELIER_IS_MASK_EDITOR (self));

  gtk_toggle_button_set_active (tool == ATELIER_MASK_TOOL_ERASER ? self->eraser_button : self->brush_button, TRUE);
  if (self->tool == tool)
    return;
  self->tool = tool;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOOL]);
}

double
atelier_mask_editor_get_brush_size (AtelierMaskEditor *self)
{
  g_return_val_if_fail (ATELIER_IS_MASK_EDITOR (self), 0);
  return gtk_adjustment_get_value (self->size_adjustment);
}

void
atelier_mask_editor_set_brush_size (AtelierMaskEditor *self,
                                    double             size)
{
  g_return_if_fail (ATELIER_IS_MASK_EDITOR (self));

  if (size > gtk_adjustment_get_upper (self->size_adjustment))
    gtk_adjustment_set_upper (self->size_adjustment, size);
  gtk_adjustment_set_value (self->size_adjustment, size);
}

double
atelier_mask_editor_get_zoom (AtelierMaskEditor *self)
{
  g_return_val_if_fail (ATELIER_IS_MASK_EDITOR (self), 1);
  return self->zoom;
}
