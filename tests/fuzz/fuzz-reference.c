/* fuzz-reference.c — whatever is dropped on a slot is prepared or refused, never a crash
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdint.h>

#include "atelier-error.h"
#include "atelier-reference.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierReference) reference = NULL;

  reference = atelier_reference_prepare_bytes (bytes, "fuzz", 256 * 256, NULL, &error);
  g_assert ((reference == NULL) != (error == NULL));
  if (reference != NULL)
    {
      g_assert_cmpuint (atelier_reference_get_width (reference), >, 0);
      g_assert_cmpuint ((guint64) atelier_reference_get_width (reference) * atelier_reference_get_height (reference), <=, 256 * 256);
      g_assert_nonnull (atelier_reference_get_base64 (reference));
    }
  else
    {
      g_assert_true (error->domain == ATELIER_ERROR);
    }

  return 0;
}
