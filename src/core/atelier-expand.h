/* atelier-expand.h — the geometry of FLUX.1 Expand: sides for a target shape
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "atelier-recipe.h"

G_BEGIN_DECLS

/* The pixels to add to a width × height source so that it reaches the ratio ratio_w:ratio_h,
 * growing only the short direction and splitting what is added evenly between the two sides
 * (the odd pixel goes to the right or the bottom). Each side is at most max_side; when the
 * shape cannot be reached within that, the sides stop at max_side and FALSE is returned.
 * A source already at the ratio gets nothing added (and TRUE). */
gboolean  atelier_expand_sides_for_ratio (guint  width,
                                          guint  height,
                                          guint  ratio_w,
                                          guint  ratio_h,
                                          guint  max_side,
                                          guint  sides[ATELIER_N_SIDES]);

G_END_DECLS
