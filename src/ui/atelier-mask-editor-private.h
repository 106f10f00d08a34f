/* atelier-mask-editor-private.h — what the mask editor's files share
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "atelier-mask-editor.h"

G_BEGIN_DECLS

/* The editor is one class in four files: atelier-mask-editor.c (state, tools, actions, the
 * mask's export, the GObject), -canvas.c (the view, the overlay tiles, drawing), -input.c
 * (strokes and the gestures that make them) and -source.c (loading, dropping, pasting). */

#define OVERLAY_TILE   256
/* The painted part: the accent colour at this opacity, inside an edge of the accent darkened
 * (over a blue sky the accent alone is hard to see; the dark edge reads over any picture). */
#define OVERLAY_ALPHA  0.55
#define EDGE_SHADE     0.45
#define EDGE_ALPHA     0.95
#define MAX_EDGE_WIDTH 64
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
  TileState             state;
  GdkTexture           *texture;  /* TILE_MIXED, or TILE_DIRTY that was mixed */
  GBytes               *pixels;   /* the texture's pixels, to build the next one from */
  cairo_rectangle_int_t dirty;    /* in the tile: what changed since the texture was made */
  guint                 n_on;     /* pixels of the texture that show paint */
  guint                 n_edge;   /* of those, on the painted part's edge */
} OverlayTile;

/* The canvas: a plain widget that draws what the editor holds and reports its size. */

#define ATELIER_TYPE_MASK_CANVAS (atelier_mask_canvas_get_type ())
G_DECLARE_FINAL_TYPE (AtelierMaskCanvas, atelier_mask_canvas, ATELIER, MASK_CANVAS, GtkWidget)

struct _AtelierMaskCanvas
{
  GtkWidget          parent_instance;
  AtelierMaskEditor *editor;  /* unowned: the editor owns the canvas */
};

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
  GtkAdjustment     *hardness_adjustment;
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
  guint              edge_width;  /* of the painted part's edge, in image pixels */

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

/* atelier-mask-editor.c */
void     _atelier_mask_editor_notify              (AtelierMaskEditor *self,
                                                   guint              prop_id);
/* What a drop or paste of several files could not use, every one with its reason (empty: the
 * previous list is out of date). */
void     _atelier_mask_editor_refused             (AtelierMaskEditor  *self,
                                                   const char * const *messages);
void     _atelier_mask_editor_message             (AtelierMaskEditor *self,
                                                   const char        *text);
void     _atelier_mask_editor_update_state        (AtelierMaskEditor *self);
void     _atelier_mask_editor_invalidate_export   (AtelierMaskEditor *self);
void     _atelier_mask_editor_set_mask            (AtelierMaskEditor *self,
                                                   AtelierMask       *mask);

/* atelier-mask-editor-canvas.c */
void     _atelier_mask_editor_reset_tiles         (AtelierMaskEditor *self);
void     _atelier_mask_editor_clear_tiles         (AtelierMaskEditor *self);
void     _atelier_mask_editor_dirty_tiles         (AtelierMaskEditor *self,
                                                   int                x,
                                                   int                y,
                                                   int                width,
                                                   int                height);
void     _atelier_mask_editor_set_view            (AtelierMaskEditor *self,
                                                   double             zoom,
                                                   double             origin_x,
                                                   double             origin_y);
/* atelier-mask-editor-zoom.c */
void     _atelier_mask_editor_init_zoom           (AtelierMaskEditor *self);

void     _atelier_mask_editor_zoom_by             (AtelierMaskEditor *self,
                                                   double             factor);
void     _atelier_mask_editor_update_zoom_label   (AtelierMaskEditor *self);

/* atelier-mask-editor-input.c */
void     _atelier_mask_editor_init_input          (AtelierMaskEditor *self);

/* atelier-mask-editor-source.c */
void     _atelier_mask_editor_load_source         (AtelierMaskEditor *self,
                                                   AtelierReference  *source,
                                                   AtelierReference  *mask);
void     _atelier_mask_editor_init_drop           (AtelierMaskEditor *self);
/* atelier-mask-editor-import.c */
void     _atelier_mask_editor_mask_from_file_action (GtkWidget       *widget,
                                                     const char      *action_name,
                                                     GVariant        *parameter);

void     _atelier_mask_editor_open_action         (GtkWidget         *widget,
                                                   const char        *action_name,
                                                   GVariant          *parameter);
void     _atelier_mask_editor_paste_action        (GtkWidget         *widget,
                                                   const char        *action_name,
                                                   GVariant          *parameter);

G_END_DECLS
