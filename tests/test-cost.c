/* test-cost.c — what the composer tells a person a generation will cost
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "atelier-catalog.h"
#include "atelier-cost.h"
#include "atelier-test-utils.h"

static AtelierModel *
model (const char *id)
{
  AtelierModel *found = atelier_catalog_lookup (atelier_catalog_get_default (), id);

  g_assert_nonnull (found);
  return found;
}

static double
estimate (const char             *id,
          guint                   width,
          guint                   height,
          const AtelierPixelSize *refs,
          guint                   n_refs,
          gboolean                raw,
          guint                   batch)
{
  AtelierCostEstimate out;

  atelier_cost_estimate (model (id), width, height, refs, n_refs, raw, batch, &out);
  g_assert_cmpfloat_with_epsilon (out.dollars, out.credits * 0.01, 1e-9);
  g_assert_cmpfloat_with_epsilon (out.credits, out.per_image * out.batch, 1e-9);
  return out.credits;
}

static void
test_billed_megapixels (void)
{
  g_assert_cmpuint (atelier_cost_billed_mp (0, 0), ==, 1);
  g_assert_cmpuint (atelier_cost_billed_mp (64, 64), ==, 1);
  g_assert_cmpuint (atelier_cost_billed_mp (1024, 1024), ==, 1);
  g_assert_cmpuint (atelier_cost_billed_mp (1025, 1024), ==, 2);
  g_assert_cmpuint (atelier_cost_billed_mp (1440, 1440), ==, 2);
  g_assert_cmpuint (atelier_cost_billed_mp (2048, 2048), ==, 4);
  /* No 32-bit overflow on a huge photo. */
  g_assert_cmpuint (atelier_cost_billed_mp (65535, 65535), ==, 4096);
}

static void
test_flux2_required_examples (void)
{
  AtelierPixelSize one_mp_ref[] = { { 1024, 1024 } };

  g_assert_cmpfloat_with_epsilon (estimate ("flux-2-pro", 1024, 1024, NULL, 0, FALSE, 1), 3, 1e-9);
  g_assert_cmpfloat_with_epsilon (estimate ("flux-2-pro", 1024, 1024, one_mp_ref, 1, FALSE, 1), 4.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (estimate ("flux-2-klein-4b", 1440, 1440, NULL, 0, FALSE, 1), 1.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (estimate ("flux-2-max", 2048, 2048, NULL, 0, FALSE, 1), 16, 1e-9);
  /* The captured real answer: a 1.98 MP output on [pro] cost 4.5. */
  g_assert_cmpfloat_with_epsilon (estimate ("flux-2-pro", 1440, 1440, NULL, 0, FALSE, 1), 4.5, 1e-9);
}

static void
test_flux2_every_model (void)
{
  AtelierPixelSize two_refs[] = { { 1024, 1024 }, { 1920, 1080 } }; /* 1 MP + 2 MP */

  /* first + (out − 1) × extra + in × extra */
  g_assert_cmpfloat_with_epsilon (estimate ("flux-2-pro", 2048, 1024, two_refs, 2, FALSE, 1), 3 + 1.5 + 3 * 1.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (estimate ("flux-2-max", 1024, 1024, two_refs, 2, FALSE, 1), 7 + 3 * 3, 1e-9);
  g_assert_cmpfloat_with_epsilon (estimate ("flux-2-flex", 1024, 1024, NULL, 0, FALSE, 1), 5, 1e-9);
  g_assert_cmpfloat_with_epsilon (estimate ("flux-2-flex", 1440, 1440, two_refs, 2, FALSE, 1), 5 + 5 + 3 * 5, 1e-9);
  g_assert_cmpfloat_with_epsilon (estimate ("flux-2-klein-9b", 1024, 1024, NULL, 0, FALSE, 1), 1.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (estimate ("flux-2-klein-9b", 2048, 2048, two_refs, 2, FALSE, 1), 1.5 + 3 * 0.2 + 3 * 0.2, 1e-9);
  g_assert_cmpfloat_with_epsilon (estimate ("flux-2-klein-4b", 1024, 1024, two_refs, 2, FALSE, 1), 1.4 + 3 * 0.1, 1e-9);
  /* Not offered by the API: nothing to pay. */
  g_assert_cmpfloat_with_epsilon (estimate ("flux-2-dev", 1024, 1024, NULL, 0, FALSE, 1), 0, 1e-9);
}

static void
test_flux2_refs_rounded_each (void)
{
  AtelierPixelSize small_refs[] = { { 512, 512 }, { 512, 512 } };
  AtelierCostEstimate out;

  /* Two quarter-megapixel references bill 1 MP each, not 1 MP together: the conservative reading. */
  atelier_cost_estimate (model ("flux-2-pro"), 1024, 1024, small_refs, 2, FALSE, 1, &out);
  g_assert_cmpfloat (out.input_mp, ==, 2);
  g_assert_cmpfloat (out.output_mp, ==, 1);
  g_assert_false (out.flat);
  g_assert_cmpfloat_with_epsilon (out.credits, 6, 1e-9);
}

static void
test_flat_models (void)
{
  AtelierPixelSize refs[] = { { 4000, 3000 }, { 4000, 3000 } };
  AtelierCostEstimate out;

  g_assert_cmpfloat_with_epsilon (estimate ("flux-kontext-pro", 0, 0, refs, 2, FALSE, 1), 4, 1e-9);
  g_assert_cmpfloat_with_epsilon (estimate ("flux-kontext-max", 0, 0, NULL, 0, FALSE, 1), 8, 1e-9);
  g_assert_cmpfloat_with_epsilon (estimate ("flux-pro-1.1", 1440, 1440, refs, 1, FALSE, 1), 4, 1e-9);
  g_assert_cmpfloat_with_epsilon (estimate ("flux-pro-1.1-ultra", 0, 0, NULL, 0, FALSE, 1), 6, 1e-9);
  g_assert_cmpfloat_with_epsilon (estimate ("flux-pro-1.1-ultra", 0, 0, NULL, 0, TRUE, 1), 6, 1e-9);
  g_assert_cmpfloat_with_epsilon (estimate ("flux-pro-1.0-fill", 4000, 3000, refs, 1, FALSE, 1), 5, 1e-9);
  /* Expand is 5 credits however many pixels it adds. */
  g_assert_cmpfloat_with_epsilon (estimate ("flux-pro-1.0-expand", 4000 + 4096, 3000 + 4096, refs, 1, FALSE, 1),
                                  5, 1e-9);
  g_assert_cmpfloat_with_epsilon (estimate ("flux-pro-1.0-expand", 64, 64, NULL, 0, FALSE, 3), 15, 1e-9);

  /* Size does not matter to a flat price. */
  atelier_cost_estimate (model ("flux-kontext-max"), 2048, 2048, refs, 2, FALSE, 1, &out);
  g_assert_true (out.flat);
  g_assert_cmpfloat_with_epsilon (out.credits, 8, 1e-9);
}

static void
test_batch (void)
{
  AtelierPixelSize ref[] = { { 1024, 1024 } };
  AtelierCostEstimate out;

  atelier_cost_estimate (model ("flux-2-pro"), 1024, 1024, ref, 1, FALSE, 4, &out);
  g_assert_cmpuint (out.batch, ==, 4);
  g_assert_cmpfloat_with_epsilon (out.per_image, 4.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (out.credits, 18, 1e-9);
  g_assert_cmpfloat_with_epsilon (out.dollars, 0.18, 1e-9);

  g_assert_cmpfloat_with_epsilon (estimate ("flux-kontext-max", 0, 0, NULL, 0, FALSE, 3), 24, 1e-9);
  g_assert_cmpfloat_with_epsilon (estimate ("flux-pro-1.1-ultra", 0, 0, NULL, 0, TRUE, 2), 12, 1e-9);
}

static void
assert_estimate_text (const char *id,
                      guint       width,
                      guint       height,
                      guint       n_refs,
                      guint       batch,
                      const char *expected)
{
  AtelierPixelSize refs[] = { { 1024, 1024 }, { 1024, 1024 } };
  AtelierCostEstimate out;
  g_autofree char *text = NULL;

  atelier_cost_estimate (model (id), width, height, refs, n_refs, FALSE, batch, &out);
  text = atelier_cost_format_estimate (&out);
  g_assert_cmpstr (text, ==, expected);
}

static void
test_format (void)
{
  g_autofree char *known = NULL;
  g_autofree char *big = NULL;
  g_autofree char *one = NULL;

  assert_estimate_text ("flux-2-pro", 1024, 1024, 1, 1, "≈ 4.5 credits · $0.045");
  assert_estimate_text ("flux-2-pro", 1024, 1024, 0, 1, "≈ 3 credits · $0.03");
  assert_estimate_text ("flux-2-max", 2048, 2048, 0, 1, "≈ 16 credits · $0.16");
  assert_estimate_text ("flux-2-klein-4b", 1440, 1440, 0, 1, "≈ 1.5 credits · $0.015");
  /* 1.5 + 3 × 0.2 is 2.1000000000000001 in binary: no noise may show. */
  assert_estimate_text ("flux-2-klein-9b", 2048, 2048, 0, 1, "≈ 2.1 credits · $0.021");
  assert_estimate_text ("flux-2-klein-4b", 1024, 1024, 2, 3, "≈ 4.8 credits · $0.048");
  assert_estimate_text ("flux-kontext-max", 0, 0, 0, 10, "≈ 80 credits · $0.80");

  known = atelier_cost_format_credits (4.5);
  g_assert_cmpstr (known, ==, "4.5 credits · $0.045");
  big = atelier_cost_format_credits (1234.5);
  g_assert_cmpstr (big, ==, "1234.5 credits · $12.345");
  one = atelier_cost_format_credits (1);
  g_assert_cmpstr (one, ==, "1 credit · $0.01");
}

int
main (int   argc,
      char *argv[])
{
  atelier_test_init (&argc, &argv);

  g_test_add_func ("/cost/billed-megapixels", test_billed_megapixels);
  g_test_add_func ("/cost/flux2-required-examples", test_flux2_required_examples);
  g_test_add_func ("/cost/flux2-every-model", test_flux2_every_model);
  g_test_add_func ("/cost/flux2-refs-rounded-each", test_flux2_refs_rounded_each);
  g_test_add_func ("/cost/flat-models", test_flat_models);
  g_test_add_func ("/cost/batch", test_batch);
  g_test_add_func ("/cost/format", test_format);

  return g_test_run ();
}
