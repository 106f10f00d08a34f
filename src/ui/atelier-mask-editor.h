/* atelier-mask-editor.h — Fill's canvas: the source image, a mask painted over it, its tools
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "atelier-mask.h"
#include "atelier-recipe.h"
#include "atelier-reference.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_MASK_EDITOR (atelier_mask_editor_get_type ())

/* Shows one prepared source image large, with the mask in a translucent accent colour, and the
 * tools to paint it. The mask has the PREPARED source's pixel size, which is the size sent.
 *
 * Properties: "source" (AtelierReference, the image to repaint), "has-mask" (something is
 * painted), "ready" (a source and a non-empty mask, exported and up to date: the recipe can be
 * filled), "blocked-reason" (why not ready, for the Generate button), "tool", "brush-size"
 * (diameter in image pixels), "zoom" (screen pixels per image pixel).
 * Signals: message (const char *text) — something the user should read (the composer toasts it).
 *
 * Images dropped on it, pasted into it or chosen with its button are prepared at "max-pixels" and
 * become the source; the mask starts empty for each new source. */
G_DECLARE_FINAL_TYPE (AtelierMaskEditor, atelier_mask_editor, ATELIER, MASK_EDITOR, GtkWidget)

GtkWidget        *atelier_mask_editor_new                (void);

void              atelier_mask_editor_set_source         (AtelierMaskEditor  *self,
                                                          AtelierReference   *source);
/* Reuse settings: the source and a mask saved with it (a black-and-white PNG reference of the
 * same size). A mask of another size is dropped with a message. */
void              atelier_mask_editor_set_source_and_mask (AtelierMaskEditor *self,
                                                          AtelierReference   *source,
                                                          AtelierReference   *mask);
AtelierReference *atelier_mask_editor_get_source         (AtelierMaskEditor  *self);
/* The mask being painted (NULL without a source). */
AtelierMask      *atelier_mask_editor_get_mask           (AtelierMaskEditor  *self);
/* The latest export of the mask as a PNG reference, or NULL when none is up to date. */
AtelierReference *atelier_mask_editor_get_mask_reference (AtelierMaskEditor  *self);

gboolean          atelier_mask_editor_get_has_mask       (AtelierMaskEditor  *self);
gboolean          atelier_mask_editor_get_ready          (AtelierMaskEditor  *self);
/* "Add the image to repaint", "Paint over the part to repaint", … or NULL when ready. */
const char       *atelier_mask_editor_get_blocked_reason (AtelierMaskEditor  *self);
/* Puts the source (reference 0) and the mask into `recipe`; FALSE (and nothing changed) when
 * not ready. */
gboolean          atelier_mask_editor_fill_recipe        (AtelierMaskEditor  *self,
                                                          AtelierRecipe      *recipe);

/* The reference cap for images opened in the editor (0 = original size). */
void              atelier_mask_editor_set_max_pixels     (AtelierMaskEditor  *self,
                                                          guint64             max_pixels);
/* Prepares an image file or a texture (in a worker thread) as the new source. */
/* The first of `files` that is a whole picture becomes the source; the others are named with
 * their reasons in one `refused` signal. */
void              atelier_mask_editor_open_files         (AtelierMaskEditor  *self,
                                                          GFile             **files,
                                                          guint               n_files);
void              atelier_mask_editor_open_file          (AtelierMaskEditor  *self,
                                                          GFile              *file);
void              atelier_mask_editor_open_texture       (AtelierMaskEditor  *self,
                                                          GdkTexture         *texture);
gboolean          atelier_mask_editor_is_loading         (AtelierMaskEditor  *self);
/* Reads another picture as the mask (white is repainted), scaled to the source; undoable. */
void              atelier_mask_editor_load_mask_file     (AtelierMaskEditor  *self,
                                                          GFile              *file);

AtelierMaskTool   atelier_mask_editor_get_tool           (AtelierMaskEditor  *self);
void              atelier_mask_editor_set_tool           (AtelierMaskEditor  *self,
                                                          AtelierMaskTool     tool);
double            atelier_mask_editor_get_brush_size     (AtelierMaskEditor  *self);
void              atelier_mask_editor_set_brush_size     (AtelierMaskEditor  *self,
                                                          double              size);

/* Brush hardness 0…1: 1 paints a hard edge, less feathers it. */
double            atelier_mask_editor_get_hardness       (AtelierMaskEditor  *self);
void              atelier_mask_editor_set_hardness       (AtelierMaskEditor  *self,
                                                          double              hardness);

double            atelier_mask_editor_get_zoom           (AtelierMaskEditor  *self);
/* Zooms keeping the image point under (x, y) in widget coordinates where it is. */
void              atelier_mask_editor_zoom_at            (AtelierMaskEditor  *self,
                                                          double              zoom,
                                                          double              x,
                                                          double              y);
void              atelier_mask_editor_fit                (AtelierMaskEditor  *self);
/* 100 %: one image pixel to one screen pixel, around the middle. */
void              atelier_mask_editor_zoom_actual        (AtelierMaskEditor  *self);
void              atelier_mask_editor_pan                (AtelierMaskEditor  *self,
                                                          double              dx,
                                                          double              dy);
/* Maps a point of the canvas (widget coordinates of the editor) to image pixels. */
void              atelier_mask_editor_canvas_to_image    (AtelierMaskEditor  *self,
                                                          double              x,
                                                          double              y,
                                                          double             *image_x,
                                                          double             *image_y);

/* What the pointer and stylus gestures call, in canvas coordinates; pressure 0…1 scales the
 * brush (1 for a mouse). Public so tests can paint without synthesizing events. */
void              atelier_mask_editor_stroke_begin       (AtelierMaskEditor  *self,
                                                          double              x,
                                                          double              y,
                                                          double              pressure);
void              atelier_mask_editor_stroke_update      (AtelierMaskEditor  *self,
                                                          double              x,
                                                          double              y,
                                                          double              pressure);
void              atelier_mask_editor_stroke_end         (AtelierMaskEditor  *self);

G_END_DECLS
