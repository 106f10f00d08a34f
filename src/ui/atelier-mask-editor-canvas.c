/* atelier-mask-editor-canvas.c — the mask editor's canvas: view, overlay tiles, drawing
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "atelier-mask-editor-private.h"

/* The canvas shows the image at its prepared size (a pyramid of halved copies, made in a worker,
 * so a zoomed-out 12 MP photo is not sampled from full resolution) and the mask as an overlay cut
 * into tiles. A stroke changes a few tiles; only those are rebuilt, lazily, when the next frame
 * is drawn, and only they are uploaded again. Of a tile that was partly painted, only the part
 * the stroke changed is drawn again, into a copy of its pixels: a 256 px brush moving a little
 * each frame touches up to nine tiles, but changes a few rows and columns of most of them.
 * Tiles all painted are drawn as a plain colour and tiles all kept are not drawn at all, so
 * clear and invert are cheap too. */

G_DEFINE_FINAL_TYPE (AtelierMaskCanvas, atelier_mask_canvas, GTK_TYPE_WIDGET)

static void canvas_snapshot (AtelierMaskEditor *self,
                             GtkSnapshot       *snapshot);
static void canvas_resized  (AtelierMaskEditor *self);

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

void
_atelier_mask_editor_clear_tiles (AtelierMaskEditor *self)
{
  if (self->tiles != NULL)
    for (guint i = 0; i < self->tiles_x * self->tiles_y; i++)
      {
        g_clear_object (&self->tiles[i].texture);
        g_clear_pointer (&self->tiles[i].pixels, g_bytes_unref);
      }
  g_clear_pointer (&self->tiles, g_free);
  self->tiles_x = self->tiles_y = 0;
}

static void
tile_rect (AtelierMaskEditor     *self,
           guint                  tx,
           guint                  ty,
           cairo_rectangle_int_t *rect)
{
  rect->x = tx * OVERLAY_TILE;
  rect->y = ty * OVERLAY_TILE;
  rect->width = MIN (OVERLAY_TILE, atelier_mask_get_width (self->mask) - rect->x);
  rect->height = MIN (OVERLAY_TILE, atelier_mask_get_height (self->mask) - rect->y);
}

/* Every tile to be built whole, from nothing: when the overlay's colour or edge changes. */
static void
dirty_all_tiles (AtelierMaskEditor *self)
{
  for (guint ty = 0; ty < self->tiles_y; ty++)
    for (guint tx = 0; tx < self->tiles_x; tx++)
      {
        OverlayTile *tile = &self->tiles[ty * self->tiles_x + tx];

        g_clear_pointer (&tile->pixels, g_bytes_unref);
        tile->state = TILE_DIRTY;
        tile_rect (self, tx, ty, &tile->dirty);
        tile->dirty.x = tile->dirty.y = 0;
      }
}

/* Tiles for the current mask, all to be built. */
void
_atelier_mask_editor_reset_tiles (AtelierMaskEditor *self)
{
  _atelier_mask_editor_clear_tiles (self);
  if (self->mask == NULL)
    return;

  self->tiles_x = (atelier_mask_get_width (self->mask) + OVERLAY_TILE - 1) / OVERLAY_TILE;
  self->tiles_y = (atelier_mask_get_height (self->mask) + OVERLAY_TILE - 1) / OVERLAY_TILE;
  self->tiles = g_new0 (OverlayTile, self->tiles_x * self->tiles_y);
  dirty_all_tiles (self);
}

void
_atelier_mask_editor_dirty_tiles (AtelierMaskEditor *self,
                                  int                x,
                                  int                y,
                                  int                width,
                                  int                height)
{
  if (self->tiles == NULL || width <= 0 || height <= 0)
    return;

  /* A change moves the edge of the painted part on its neighbours too. */
  x = MAX (0, x - (int) self->edge_width);
  y = MAX (0, y - (int) self->edge_width);
  width += 2 * self->edge_width;
  height += 2 * self->edge_width;

  for (guint ty = y / OVERLAY_TILE; ty <= (guint) (y + height - 1) / OVERLAY_TILE && ty < self->tiles_y; ty++)
    for (guint tx = x / OVERLAY_TILE; tx <= (guint) (x + width - 1) / OVERLAY_TILE && tx < self->tiles_x; tx++)
      {
        OverlayTile *tile = &self->tiles[ty * self->tiles_x + tx];
        cairo_rectangle_int_t bounds, change = { x, y, width, height };

        tile_rect (self, tx, ty, &bounds);
        gdk_rectangle_intersect (&bounds, &change, &change);
        change.x -= bounds.x;
        change.y -= bounds.y;
        if (tile->state == TILE_DIRTY)
          gdk_rectangle_union (&tile->dirty, &change, &tile->dirty);
        else
          tile->dirty = change;
        tile->state = TILE_DIRTY;
      }
}

static void
color_to_premultiplied_bgra (const GdkRGBA *color,
                             double         shade,
                             double         opacity,
                             guint8         out[4])
{
  double alpha = color->alpha * opacity;

  out[0] = (guint8) round (CLAMP (color->blue * shade, 0, 1) * alpha * 255);
  out[1] = (guint8) round (CLAMP (color->green * shade, 0, 1) * alpha * 255);
  out[2] = (guint8) round (CLAMP (color->red * shade, 0, 1) * alpha * 255);
  out[3] = (guint8) round (alpha * 255);
}

/* How many pixels of a rectangle of the overlay show paint, and how many of those are edge. */
static void
count_paint (const guint8                *pixels,
             gsize                        stride,
             const cairo_rectangle_int_t *rect,
             guint32                      edge_pixel,
             guint                       *n_on,
             guint                       *n_edge)
{
  *n_on = *n_edge = 0;
  for (int row = rect->y; row < rect->y + rect->height; row++)
    {
      const guint32 *line = (const guint32 *) (gconstpointer) (pixels + row * stride) + rect->x;

      for (int i = 0; i < rect->width; i++)
        {
          *n_on += line[i] != 0;
          *n_edge += line[i] == edge_pixel;
        }
    }
}

static void
rebuild_tile (AtelierMaskEditor *self,
              guint              tx,
              guint              ty)
{
  OverlayTile *tile = &self->tiles[ty * self->tiles_x + tx];
  cairo_rectangle_int_t bounds, *dirty = &tile->dirty;
  gsize stride, size;
  guint8 color[4], edge_color[4];
  guint32 edge_pixel;
  guint n_on, n_edge;
  guint8 *pixels;

  tile_rect (self, tx, ty, &bounds);
  stride = (gsize) bounds.width * 4;
  size = stride * bounds.height;
  color_to_premultiplied_bgra (&self->overlay_color, 1.0, OVERLAY_ALPHA, color);
  color_to_premultiplied_bgra (&self->overlay_color, EDGE_SHADE, EDGE_ALPHA, edge_color);
  memcpy (&edge_pixel, edge_color, 4);

  if (tile->pixels != NULL)
    {
      /* Only the changed part, into a copy: the texture drawn last frame may still be in use. */
      pixels = g_memdup2 (g_bytes_get_data (tile->pixels, NULL), size);
      count_paint (pixels, stride, dirty, edge_pixel, &n_on, &n_edge);
      tile->n_on -= n_on;
      tile->n_edge -= n_edge;
    }
  else
    {
      pixels = g_malloc (size);
      *dirty = (cairo_rectangle_int_t) { 0, 0, bounds.width, bounds.height };
      tile->n_on = tile->n_edge = 0;
    }

  atelier_mask_render_overlay_with_edge (self->mask, bounds.x + dirty->x, bounds.y + dirty->y,
                                         dirty->width, dirty->height, color, self->edge_width,
                                         edge_color, pixels + dirty->y * stride + dirty->x * 4,
                                         stride, NULL, NULL);
  count_paint (pixels, stride, dirty, edge_pixel, &n_on, &n_edge);
  tile->n_on += n_on;
  tile->n_edge += n_edge;
  *dirty = (cairo_rectangle_int_t) { 0, 0, 0, 0 };

  g_clear_object (&tile->texture);
  g_clear_pointer (&tile->pixels, g_bytes_unref);
  if (tile->n_on == 0 || (tile->n_on == size / 4 && tile->n_edge == 0))
    {
      g_free (pixels);
      tile->state = tile->n_on == 0 ? TILE_KEPT : TILE_PAINTED;
      return;
    }

  tile->pixels = g_bytes_new_take (pixels, size);
  tile->texture = gdk_memory_texture_new (bounds.width, bounds.height,
                                          GDK_MEMORY_B8G8R8A8_PREMULTIPLIED, tile->pixels, stride);
  tile->state = TILE_MIXED;
}

void
_atelier_mask_editor_update_zoom_label (AtelierMaskEditor *self)
{
  g_autofree char *text = NULL;

  /* TRANSLATORS: the zoom level, e.g. "25 %" */
  text = g_strdup_printf (_("%.0f %%"), self->zoom * 100);
  gtk_button_set_label (self->fit_button, text);
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

void
_atelier_mask_editor_set_view (AtelierMaskEditor *self,
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
      _atelier_mask_editor_update_zoom_label (self);
      _atelier_mask_editor_notify (self, PROP_ZOOM);
      _atelier_mask_editor_update_state (self);
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
  _atelier_mask_editor_set_view (self, zoom,
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
  _atelier_mask_editor_set_view (self, zoom, x - image_x * zoom, y - image_y * zoom);
}

void
atelier_mask_editor_pan (AtelierMaskEditor *self,
                         double             dx,
                         double             dy)
{
  g_return_if_fail (ATELIER_IS_MASK_EDITOR (self));

  self->fitted = FALSE;
  _atelier_mask_editor_set_view (self, self->zoom, self->origin_x + dx, self->origin_y + dy);
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

void
_atelier_mask_editor_zoom_by (AtelierMaskEditor *self,
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

/* The edge is about one screen pixel wide at any zoom: a power of two of image pixels, so the
 * tiles are rebuilt only when the zoom crosses one, not at every step. */
static guint
edge_width_for_zoom (double zoom)
{
  guint width = 1;

  while (width * zoom < 1 && width < MAX_EDGE_WIDTH)
    width *= 2;
  return width;
}

static void
update_overlay_style (AtelierMaskEditor *self)
{
  GtkStyleContext *context;
  GdkRGBA color;
  guint edge_width = edge_width_for_zoom (self->zoom);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  context = gtk_widget_get_style_context (GTK_WIDGET (self->canvas));
  /* maskcanvas { color: @accent_bg_color; } in style.css: the mask's colour. */
  gtk_style_context_get_color (context, &color);
  G_GNUC_END_IGNORE_DEPRECATIONS

  if (!gdk_rgba_equal (&color, &self->overlay_color) || edge_width != self->edge_width)
    {
      self->overlay_color = color;
      self->edge_width = edge_width;
      dirty_all_tiles (self);
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

  update_overlay_style (self);
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
