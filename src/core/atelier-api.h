/* atelier-api.h — pure parsing of BFL responses (no I/O; fuzzed)
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct
{
  char    *id;
  char    *polling_url;
  double   cost;          /* credits; < 0 when absent */
  double   input_mp;      /* < 0 when absent */
  double   output_mp;     /* < 0 when absent */
} AtelierSubmitResult;

typedef enum
{
  ATELIER_TASK_PENDING,
  ATELIER_TASK_READY,
  ATELIER_TASK_ERROR,
  ATELIER_TASK_FAILED,
  ATELIER_TASK_REQUEST_MODERATED,
  ATELIER_TASK_CONTENT_MODERATED,
  ATELIER_TASK_NOT_FOUND,
  ATELIER_TASK_UNKNOWN,            /* a status we do not know: shown as the server spelled it */
} AtelierTaskStatus;

typedef struct
{
  char              *id;
  AtelierTaskStatus  status;
  char              *status_text;        /* as the server spelled it */
  double             progress;           /* 0…1, or < 0 when unknown (percentages are normalized) */
  char              *sample_url;         /* Ready */
  gboolean           has_seed;
  gint64             seed;
  char              *upsampled_prompt;   /* result.prompt, may be NULL */
  double             start_time;         /* < 0 when absent */
  double             end_time;
  double             duration;
  char             **moderation_reasons; /* NULL-terminated, may be NULL */
  char              *detail;             /* free-text detail for Error/Failed, may be NULL */
} AtelierPollResult;

#define ATELIER_TYPE_SUBMIT_RESULT (atelier_submit_result_get_type ())
#define ATELIER_TYPE_POLL_RESULT   (atelier_poll_result_get_type ())

GType                atelier_submit_result_get_type (void) G_GNUC_CONST;
GType                atelier_poll_result_get_type   (void) G_GNUC_CONST;
AtelierSubmitResult *atelier_submit_result_copy     (const AtelierSubmitResult *result);
void                 atelier_submit_result_free     (AtelierSubmitResult       *result);
AtelierPollResult   *atelier_poll_result_copy       (const AtelierPollResult   *result);
void                 atelier_poll_result_free       (AtelierPollResult         *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtelierSubmitResult, atelier_submit_result_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtelierPollResult, atelier_poll_result_free)

/* Each returns NULL and ATELIER_ERROR_BAD_RESPONSE for malformed or unexpected JSON. Never crash. */
AtelierSubmitResult *atelier_api_parse_submit       (const char  *data,
                                                     gsize        length,
                                                     GError     **error);
AtelierPollResult   *atelier_api_parse_poll         (const char  *data,
                                                     gsize        length,
                                                     GError     **error);
gboolean             atelier_api_parse_credits      (const char  *data,
                                                     gsize        length,
                                                     double      *credits,
                                                     GError     **error);
/* The readable message of an error body: `detail` (string, or the 422 list as
 * "width: must be a multiple of 16; …"), else `message`, else `error`; NULL when none. */
char                *atelier_api_parse_error_detail (const char  *data,
                                                     gsize        length);
/* An error of the right ATELIER_ERROR code for an HTTP status and body. */
GError              *atelier_api_error_for_status   (guint        http_status,
                                                     const char  *data,
                                                     gsize        length);

G_END_DECLS
