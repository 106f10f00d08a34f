/* atelier-cost.h — what an image costs in credits: BFL's pricing rules, pure functions
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "atelier-model.h"

G_BEGIN_DECLS

typedef struct
{
  guint width;
  guint height;
} AtelierPixelSize;

typedef struct
{
  double   credits;       /* the whole batch */
  double   dollars;       /* credits × 0.01 */
  double   per_image;     /* credits for one image */
  double   output_mp;     /* billed output megapixels for one image (whole MP) */
  double   input_mp;      /* billed input megapixels for one image (whole MP) */
  guint    batch;
  gboolean flat;          /* a flat-priced model: megapixels do not matter */
} AtelierCostEstimate;

/* A pure function. width/height are the output size (ignored by flat models); refs are the pixel
 * sizes of the references that will actually be sent. */
void  atelier_cost_estimate        (AtelierModel              *model,
                                    guint                      width,
                                    guint                      height,
                                    const AtelierPixelSize    *refs,
                                    guint                      n_refs,
                                    gboolean                   raw,
                                    guint                      batch,
                                    AtelierCostEstimate       *out);

/* Whole megapixels as BFL bills them: max (1, ceil (w × h / 1048576)). */
guint atelier_cost_billed_mp       (guint                      width,
                                    guint                      height);

/* "≈ 4.5 credits · $0.045" */
char *atelier_cost_format_estimate (const AtelierCostEstimate *estimate);
/* "4.5 credits · $0.045" (a known cost, no ≈) */
char *atelier_cost_format_credits  (double                     credits);

G_END_DECLS
