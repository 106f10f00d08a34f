/* atelier-cost.c — what an image costs in credits: BFL's pricing rules, pure functions
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "atelier-cost.h"

#define MEGAPIXEL   (1024u * 1024u)
#define DOLLARS_PER_CREDIT 0.01

guint
atelier_cost_billed_mp (guint width,
                        guint height)
{
  guint64 pixels = (guint64) width * height;
  guint64 mp = (pixels + MEGAPIXEL - 1) / MEGAPIXEL;

  return (guint) MAX (mp, 1);
}

/**
 * atelier_cost_estimate:
 *
 * Megapixel-priced models (FLUX.2): first + (out_MP − 1) × extra + in_MP × extra, where every
 * image is rounded up to whole megapixels on its own. BFL does not document whether input
 * megapixels are rounded per image or summed first; rounding each reference up is the
 * conservative reading (it never estimates less than the other one), which is what an estimate
 * shown before paying should be. Flat models cost their price whatever the size (the `raw`
 * price when @raw). Models outside the hosted API cost nothing.
 */
void
atelier_cost_estimate (AtelierModel           *model,
                       guint                   width,
                       guint                   height,
                       const AtelierPixelSize *refs,
                       guint                   n_refs,
                       gboolean                raw,
                       guint                   batch,
                       AtelierCostEstimate    *out)
{
  g_return_if_fail (ATELIER_IS_MODEL (model));
  g_return_if_fail (refs != NULL || n_refs == 0);
  g_return_if_fail (out != NULL);

  memset (out, 0, sizeof *out);
  out->batch = MAX (batch, 1);

  switch (atelier_model_get_pricing_mode (model))
    {
    case ATELIER_PRICING_MEGAPIXEL:
      {
        double extra = atelier_model_get_price_extra (model);

        out->output_mp = atelier_cost_billed_mp (width, height);
        for (guint i = 0; i < n_refs; i++)
          out->input_mp += atelier_cost_billed_mp (refs[i].width, refs[i].height);
        out->per_image = atelier_model_get_price_first (model)
                         + (out->output_mp - 1) * extra
                         + out->input_mp * extra;
      }
      break;

    case ATELIER_PRICING_FLAT:
      out->flat = TRUE;
      out->per_image = raw ? atelier_model_get_price_raw (model)
                           : atelier_model_get_price_first (model);
      break;

    case ATELIER_PRICING_FREE:
    default:
      out->flat = TRUE;
      break;
    }

  out->credits = out->per_image * out->batch;
  out->dollars = out->credits * DOLLARS_PER_CREDIT;
}

static char *
format_credits_and_dollars (double   credits,
                            gboolean estimate)
{
  g_autofree char *credit_text = atelier_model_format_number (credits, 0, 3);
  /* Cents are always shown, a tenth of a cent when there is one: $0.03, $0.045. */
  g_autofree char *dollar_text = atelier_model_format_number (credits * DOLLARS_PER_CREDIT, 2, 3);
  gulong plural = credits == 1 ? 1 : 2;

  if (estimate)
    /* Translators: an estimated price before submitting, e.g. "≈ 4.5 credits · $0.045" */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "≈ %s credit · $%s", "≈ %s credits · $%s", plural),
                            credit_text, dollar_text);
  else
    /* Translators: the price the server charged, e.g. "4.5 credits · $0.045" */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s credit · $%s", "%s credits · $%s", plural),
                            credit_text, dollar_text);
}

char *
atelier_cost_format_estimate (const AtelierCostEstimate *estimate)
{
  g_return_val_if_fail (estimate != NULL, NULL);

  return format_credits_and_dollars (estimate->credits, TRUE);
}

char *
atelier_cost_format_credits (double credits)
{
  return format_credits_and_dollars (credits, FALSE);
}
