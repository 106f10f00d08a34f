/* test-expand.c — the sides that bring a source to a shape
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "atelier-expand.h"
#include "atelier-test-utils.h"

static void
assert_sides (guint        width,
              guint        height,
              guint        ratio_w,
              guint        ratio_h,
              gboolean     expect_reached,
              guint        top,
              guint        bottom,
              guint        left,
              guint        right)
{
  guint sides[ATELIER_N_SIDES] = { 9, 9, 9, 9 };
  gboolean reached = atelier_expand_sides_for_ratio (width, height, ratio_w, ratio_h, 2048, sides);

  g_test_message ("%u × %u to %u:%u: %u %u %u %u", width, height, ratio_w, ratio_h,
                  sides[0], sides[1], sides[2], sides[3]);
  g_assert_cmpint (reached, ==, expect_reached);
  g_assert_cmpuint (sides[ATELIER_SIDE_TOP], ==, top);
  g_assert_cmpuint (sides[ATELIER_SIDE_BOTTOM], ==, bottom);
  g_assert_cmpuint (sides[ATELIER_SIDE_LEFT], ==, left);
  g_assert_cmpuint (sides[ATELIER_SIDE_RIGHT], ==, right);
}

static void
test_presets (void)
{
  /* A 4:3 photo to 16:9 widens it: 1024 × 768 becomes 1365 × 768. */
  assert_sides (1024, 768, 16, 9, TRUE, 0, 0, 170, 171);
  /* To 1:1 makes it taller. */
  assert_sides (1024, 768, 1, 1, TRUE, 128, 128, 0, 0);
  /* A portrait to 16:9. */
  assert_sides (768, 1024, 16, 9, TRUE, 0, 0, 526, 526);
  /* Already there: nothing. */
  assert_sides (1920, 1080, 16, 9, TRUE, 0, 0, 0, 0);
  assert_sides (512, 512, 1, 1, TRUE, 0, 0, 0, 0);
  /* A tall strip to 21:9 needs more than 2048 per side: capped, and said so. */
  assert_sides (200, 3000, 21, 9, FALSE, 0, 0, 2048, 2048);
}

int
main (int   argc,
      char *argv[])
{
  atelier_test_init (&argc, &argv);

  g_test_add_func ("/expand/presets", test_presets);

  return g_test_run ();
}
