/* atelier-mask-private.h — what the split files of AtelierMask share
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "atelier-mask.h"

G_BEGIN_DECLS

/* An undo or redo record; only atelier-mask.c looks inside. */
typedef struct _Edit Edit;

struct _AtelierMask
{
  GObject          parent_instance;

  guint            width;
  guint            height;
  guint8          *data;
  guint64          n_painted;

  guint            tiles_x;
  guint            tiles_y;

  GQueue           undo;  /* Edit *, newest at the head */
  GQueue           redo;
  gsize            undo_bytes;

  /* The stroke being drawn. */
  Edit            *stroke;
  guint8          *touched;  /* per tile: saved in this stroke already */
  AtelierMaskTool  tool;
  double           last_x;
  double           last_y;
  gboolean         has_last;
  double           hardness;  /* 1 = a hard edge; less = that share of the radius is solid */

  /* Last notified values, so properties are notified only on a real change. */
  gboolean         was_empty;
  gboolean         could_undo;
  gboolean         could_redo;
};

G_END_DECLS
