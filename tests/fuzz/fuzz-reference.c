/* fuzz-reference.c — whatever is dropped on a slot is prepared or refused, never a crash
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdint.h>

#include "atelier-error.h"
#include "atelier-reference.h"

/* The whole preparation of a reference: sniffing, the strict decoders (libjpeg, libpng, libwebp),
 * the streaming reduction to the cap, orientation, encoding and base64; and the rebuilding of a
 * library copy, which decodes as strictly. The last byte picks the cap, so reductions by every
 * kind of factor are reached. */

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static const guint64 caps[] = { 256 * 256, 64 * 64, 1, 1024 * 1024, 333 * 77 };

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierReference) reference = NULL;
  g_autoptr(AtelierReference) rebuilt = NULL;
  guint64 cap = caps[size > 0 ? data[size - 1] % G_N_ELEMENTS (caps) : 0];

  bytes = g_bytes_new (data, size);
  reference = atelier_reference_prepare_bytes (bytes, "fuzz", cap, NULL, &error);
  g_assert ((reference == NULL) != (error == NULL));
  if (reference != NULL)
    {
      g_assert_cmpuint (atelier_reference_get_width (reference), >, 0);
      g_assert_cmpuint (atelier_reference_get_height (reference), >, 0);
      g_assert_cmpuint ((guint64) atelier_reference_get_width (reference) * atelier_reference_get_height (reference), <=, cap);
      g_assert_nonnull (atelier_reference_get_base64 (reference));
      g_assert_nonnull (atelier_reference_get_thumbnail (reference));

      /* What was prepared is a whole picture: rebuilt as a library copy, it is accepted. */
      rebuilt = atelier_reference_new_prepared (atelier_reference_get_bytes (reference), "fuzz", &error);
      g_assert_no_error (error);
      g_assert_cmpuint (atelier_reference_get_width (rebuilt), ==, atelier_reference_get_width (reference));
    }
  else
    {
      g_assert_true (error->domain == ATELIER_ERROR);
      g_clear_error (&error);
      rebuilt = atelier_reference_new_prepared (bytes, "fuzz", &error);
      g_assert ((rebuilt == NULL) != (error == NULL));
    }

  return 0;
}
