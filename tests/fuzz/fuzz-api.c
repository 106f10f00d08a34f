/* fuzz-api.c — BFL response parsing never crashes, whatever the server sends
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdint.h>

#include "atelier-api.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text;
  gsize length;
  guint which;

  if (size < 1)
    return 0;

  /* The first byte chooses the parser, the rest is the body. */
  which = data[0] % 5;
  text = (const char *) data + 1;
  length = size - 1;

  switch (which)
    {
    case 0:
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(AtelierSubmitResult) result = atelier_api_parse_submit (text, length, &error);
        g_assert ((result == NULL) != (error == NULL));
        break;
      }
    case 1:
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(AtelierPollResult) result = atelier_api_parse_poll (text, length, &error);
        g_assert ((result == NULL) != (error == NULL));
        if (result != NULL)
          g_assert (result->status_text != NULL || result->status == ATELIER_TASK_UNKNOWN);
        break;
      }
    case 2:
      {
        g_autoptr(GError) error = NULL;
        double credits = 0;
        gboolean ok = atelier_api_parse_credits (text, length, &credits, &error);
        g_assert (ok == (error == NULL));
        break;
      }
    case 3:
      {
        g_autofree char *detail = atelier_api_parse_error_detail (text, length);
        if (detail != NULL)
          g_assert (g_utf8_validate (detail, -1, NULL));
        break;
      }
    default:
      {
        static const guint statuses[] = { 400, 402, 403, 404, 422, 429, 500, 503, 418 };
        guint status = statuses[(length > 0 ? (guint8) text[0] : 0) % G_N_ELEMENTS (statuses)];
        g_autoptr(GError) error = atelier_api_error_for_status (status, text, length);
        g_assert (error != NULL && error->message != NULL);
        g_assert (g_utf8_validate (error->message, -1, NULL));
        break;
      }
    }

  return 0;
}
