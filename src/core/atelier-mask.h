/* atelier-mask.h — the Fill mask: a bitmap at the image's resolution, strokes, undo, PNG export
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "atelier-reference.h"

G_BEGIN_DECLS

/* One byte per pixel, row stride = width: 0 keeps the pixel, 255 repaints it. Edits come as
 * strokes (undone as one step), clear, invert and "transparency as mask". Every edit emits
 * `changed (x, y, width, height)` with the rectangle that changed, so a view redraws only that. */

typedef enum
{
  ATELIER_MASK_TOOL_BRUSH,   /* paints: the pixels will be repainted */
  ATELIER_MASK_TOOL_ERASER,  /* erases: the pixels are kept */
} AtelierMaskTool;

#define ATELIER_TYPE_MASK_TOOL (atelier_mask_tool_get_type ())
GType atelier_mask_tool_get_type (void);

#define ATELIER_MASK_PAINTED 255

#define ATELIER_TYPE_MASK (atelier_mask_get_type ())

G_DECLARE_FINAL_TYPE (AtelierMask, atelier_mask, ATELIER, MASK, GObject)

AtelierMask  *atelier_mask_new                   (guint                width,
                                                  guint                height);
/* A black-and-white PNG (as exported) back into a mask: light pixels are painted. Decodes, so
 * call it from a worker thread for large masks. Errors: ATELIER_ERROR_BAD_IMAGE. */
AtelierMask  *atelier_mask_new_from_png          (GBytes              *png,
                                                  GError             **error);

/* A mask from any picture (another program's mask, a selection saved as an image), scaled to
 * width × height: white is repainted, black kept, greys feather; transparency counts as black. */
AtelierMask  *atelier_mask_new_from_image        (GdkPixbuf           *image,
                                                  guint                width,
                                                  guint                height);
guint         atelier_mask_get_width             (AtelierMask         *self);
guint         atelier_mask_get_height            (AtelierMask         *self);
/* width × height bytes. */
const guint8 *atelier_mask_get_data              (AtelierMask         *self);
guint8        atelier_mask_get_pixel             (AtelierMask         *self,
                                                  guint                x,
                                                  guint                y);
/* Property "empty": nothing is painted. */
gboolean      atelier_mask_is_empty              (AtelierMask         *self);
guint64       atelier_mask_get_n_painted         (AtelierMask         *self);

/* A stroke: begin, then one stroke_to per pointer position (the first stamps a disc, the next
 * ones the segment from the previous position), then end. Coordinates and radius in image
 * pixels. The whole stroke is one undo step. */
void          atelier_mask_begin_stroke          (AtelierMask         *self,
                                                  AtelierMaskTool      tool);
void          atelier_mask_stroke_to             (AtelierMask         *self,
                                                  double               x,
                                                  double               y,
                                                  double               radius);
void          atelier_mask_end_stroke            (AtelierMask         *self);
/* The brush's edge: 1 (the default) paints whole pixels, a hard edge; below 1 only that share of
 * the radius is solid and the rest fades out (feathered), so the mask holds greys there and the
 * repainted part blends into the kept one. Applies to what is painted next. */
void          atelier_mask_set_hardness          (AtelierMask         *self,
                                                  double               hardness);
double        atelier_mask_get_hardness          (AtelierMask         *self);
gboolean      atelier_mask_in_stroke             (AtelierMask         *self);

void          atelier_mask_clear                 (AtelierMask         *self);
void          atelier_mask_invert                (AtelierMask         *self);
/* Paints where `image` is transparent (alpha below half), erases elsewhere. FALSE when the
 * image has no alpha or another size. Undoable. */
gboolean      atelier_mask_set_from_alpha        (AtelierMask         *self,
                                                  GdkPixbuf           *image);
/* Replaces the whole mask by another of the same size (a mask read from an image file); undoable. */
gboolean      atelier_mask_replace               (AtelierMask         *self,
                                                  AtelierMask         *other);

/* Properties "can-undo" and "can-redo". */
gboolean      atelier_mask_can_undo              (AtelierMask         *self);
gboolean      atelier_mask_can_redo              (AtelierMask         *self);
void          atelier_mask_undo                  (AtelierMask         *self);
void          atelier_mask_redo                  (AtelierMask         *self);

/* Writes the overlay of the rectangle as premultiplied pixels in GDK's default memory format
 * (B, G, R, A on little endian): `color` where painted, transparent elsewhere. `color` is
 * premultiplied BGRA too. Reports whether the rectangle was all kept or all painted, so a view
 * can skip the texture. */
void          atelier_mask_render_overlay        (AtelierMask         *self,
                                                  guint                x,
                                                  guint                y,
                                                  guint                width,
                                                  guint                height,
                                                  const guint8         color[4],
                                                  guint8              *dest,
                                                  gsize                dest_stride,
                                                  gboolean            *all_kept,
                                                  gboolean            *all_painted);

/* The same with an edge: painted pixels within `edge_width` pixels of a kept one (in a square
 * around them) get `edge_color` (premultiplied BGRA), so the painted part stands out over any
 * picture. The rectangle's neighbours are read for that; the picture's border is no edge.
 * `all_painted` is FALSE when an edge falls in the rectangle. edge_width 0: no edge. */
void          atelier_mask_render_overlay_with_edge (AtelierMask      *self,
                                                     guint             x,
                                                     guint             y,
                                                     guint             width,
                                                     guint             height,
                                                     const guint8      color[4],
                                                     guint             edge_width,
                                                     const guint8      edge_color[4],
                                                     guint8           *dest,
                                                     gsize             dest_stride,
                                                     gboolean         *all_kept,
                                                     gboolean         *all_painted);

/* The mask as a black-and-white PNG of exactly width × height pixels, white = repaint. For
 * worker threads and tests; the UI uses atelier_mask_export_reference_async. */
GBytes       *atelier_mask_export_png            (AtelierMask         *self,
                                                  GError             **error);
/* The PNG made into a prepared reference (what atelier_recipe_set_mask takes), in a worker. */
void          atelier_mask_export_reference_async  (AtelierMask         *self,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
AtelierReference *atelier_mask_export_reference_finish (AtelierMask     *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

G_END_DECLS
