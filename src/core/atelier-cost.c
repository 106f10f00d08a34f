/* atelier-cost.c
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "atelier-cost.h"

/* Link stub: the real implementation follows. */

void atelier_cost_estimate (AtelierModel *model, guint width, guint height, const AtelierPixelSize *refs, guint n_refs, gboolean raw, guint batch, AtelierCostEstimate *out) { memset (out, 0, sizeof *out); }
guint atelier_cost_billed_mp (guint width, guint height) { return 1; }
char *atelier_cost_format_estimate (const AtelierCostEstimate *estimate) { return g_strdup (""); }
char *atelier_cost_format_credits (double credits) { return g_strdup (""); }
