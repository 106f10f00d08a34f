/* atelier-expand.c — the geometry of FLUX.1 Expand: sides for a target shape
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "atelier-expand.h"

gboolean
atelier_expand_sides_for_ratio (guint width,
                                guint height,
                                guint ratio_w,
                                guint ratio_h,
                                guint max_side,
                                guint sides[ATELIER_N_SIDES])
{
  guint64 added;
  guint first, second;
  gboolean reached = TRUE;

  g_return_val_if_fail (sides != NULL, FALSE);

  for (guint i = 0; i < ATELIER_N_SIDES; i++)
    sides[i] = 0;
  g_return_val_if_fail (width > 0 && height > 0 && ratio_w > 0 && ratio_h > 0, FALSE);

  /* Compared as integers: a source exactly at the ratio must add nothing. */
  if ((guint64) width * ratio_h < (guint64) height * ratio_w)
    {
      /* Too narrow: widen. */
      guint64 target = (guint64) llround ((double) height * ratio_w / ratio_h);

      added = target > width ? target - width : 0;
      first = ATELIER_SIDE_LEFT;
      second = ATELIER_SIDE_RIGHT;
    }
  else
    {
      guint64 target = (guint64) llround ((double) width * ratio_h / ratio_w);

      added = target > height ? target - height : 0;
      first = ATELIER_SIDE_TOP;
      second = ATELIER_SIDE_BOTTOM;
    }

  sides[first] = (guint) (added / 2);
  sides[second] = (guint) (added - added / 2);
  if (sides[second] > max_side)
    {
      sides[first] = MIN (sides[first], max_side);
      sides[second] = max_side;
      reached = FALSE;
    }
  return reached;
}
