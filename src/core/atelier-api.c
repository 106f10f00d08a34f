/* atelier-api.c — pure parsing of BFL responses (no I/O; fuzzed)
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "atelier-api.h"
#include "atelier-error.h"

AtelierSubmitResult *
atelier_submit_result_copy (const AtelierSubmitResult *result)
{
  AtelierSubmitResult *copy = g_new0 (AtelierSubmitResult, 1);

  copy->id = g_strdup (result->id);
  copy->polling_url = g_strdup (result->polling_url);
  copy->cost = result->cost;
  copy->input_mp = result->input_mp;
  copy->output_mp = result->output_mp;
  return copy;
}

void
atelier_submit_result_free (AtelierSubmitResult *result)
{
  if (result == NULL)
    return;
  g_free (result->id);
  g_free (result->polling_url);
  g_free (result);
}

AtelierPollResult *
atelier_poll_result_copy (const AtelierPollResult *result)
{
  AtelierPollResult *copy = g_memdup2 (result, sizeof *result);

  copy->id = g_strdup (result->id);
  copy->status_text = g_strdup (result->status_text);
  copy->sample_url = g_strdup (result->sample_url);
  copy->upsampled_prompt = g_strdup (result->upsampled_prompt);
  copy->moderation_reasons = g_strdupv (result->moderation_reasons);
  copy->detail = g_strdup (result->detail);
  return copy;
}

void
atelier_poll_result_free (AtelierPollResult *result)
{
  if (result == NULL)
    return;
  g_free (result->id);
  g_free (result->status_text);
  g_free (result->sample_url);
  g_free (result->upsampled_prompt);
  g_strfreev (result->moderation_reasons);
  g_free (result->detail);
  g_free (result);
}

G_DEFINE_BOXED_TYPE (AtelierSubmitResult, atelier_submit_result,
                     atelier_submit_result_copy, atelier_submit_result_free)
G_DEFINE_BOXED_TYPE (AtelierPollResult, atelier_poll_result,
                     atelier_poll_result_copy, atelier_poll_result_free)

AtelierSubmitResult *
atelier_api_parse_submit (const char  *data,
                          gsize        length,
                          GError     **error)
{
  g_set_error_literal (error, ATELIER_ERROR, ATELIER_ERROR_BAD_RESPONSE, "Not implemented yet");
  return NULL;
}

AtelierPollResult *
atelier_api_parse_poll (const char  *data,
                        gsize        length,
                        GError     **error)
{
  g_set_error_literal (error, ATELIER_ERROR, ATELIER_ERROR_BAD_RESPONSE, "Not implemented yet");
  return NULL;
}

gboolean
atelier_api_parse_credits (const char  *data,
                           gsize        length,
                           double      *credits,
                           GError     **error)
{
  g_set_error_literal (error, ATELIER_ERROR, ATELIER_ERROR_BAD_RESPONSE, "Not implemented yet");
  return FALSE;
}

char *
atelier_api_parse_error_detail (const char *data,
                                gsize       length)
{
  return NULL;
}

GError *
atelier_api_error_for_status (guint       http_status,
                              const char *data,
                              gsize       length)
{
  return g_error_new (ATELIER_ERROR, ATELIER_ERROR_BAD_RESPONSE, "HTTP %u", http_status);
}
