/* atelier-client-policy.c — the key and URL policy, and what an HTTP outcome means
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "atelier-client-private.h"
#include "atelier-error.h"

#define MAX_RETRY_AFTER       3600

/* ------------------------------------------------------------------------------------------ */
/* The key policy                                                                               */

static int
effective_port (GUri *uri)
{
  int port = g_uri_get_port (uri);

  if (port > 0)
    return port;
  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0)
    return 443;
  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") == 0)
    return 80;
  return -1;
}

/* GUri decodes the host even with G_URI_FLAGS_ENCODED; a percent-escaped host ("api%2ebfl.ai")
 * is only ever a trick, so it is refused before parsing. */
static gboolean
authority_is_escaped (const char *uri)
{
  const char *authority = strstr (uri, "://");

  if (authority == NULL)
    return FALSE;
  for (const char *p = authority + 3; *p != '\0' && strchr ("/?#", *p) == NULL; p++)
    if (*p == '%')
      return TRUE;
  return FALSE;
}

/* A URI we are willing to talk to at all: http(s), a plain host, no user info. */
static GUri *
parse_web_uri (const char *uri)
{
  g_autoptr(GUri) parsed = NULL;
  const char *scheme;
  const char *host;

  if (uri == NULL || authority_is_escaped (uri))
    return NULL;
  parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED, NULL);
  if (parsed == NULL)
    return NULL;

  scheme = g_uri_get_scheme (parsed);
  host = g_uri_get_host (parsed);
  if (scheme == NULL
      || (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0))
    return NULL;
  if (host == NULL || *host == '\0' || strchr (host, '%') != NULL)
    return NULL;
  /* "https://api.bfl.ai@evil.example/" is evil.example; refuse any user info outright. */
  if (g_uri_get_userinfo (parsed) != NULL)
    return NULL;

  return g_steal_pointer (&parsed);
}

static gboolean
same_origin (GUri *a,
             GUri *b)
{
  return g_ascii_strcasecmp (g_uri_get_scheme (a), g_uri_get_scheme (b)) == 0
         && g_ascii_strcasecmp (g_uri_get_host (a), g_uri_get_host (b)) == 0
         && effective_port (a) == effective_port (b);
}

gboolean
atelier_client_may_send_key_to (AtelierClient *self,
                                const char    *uri)
{
  g_autoptr(GUri) target = NULL;
  g_autoptr(GUri) base = NULL;
  g_autofree char *host = NULL;

  g_return_val_if_fail (ATELIER_IS_CLIENT (self), FALSE);

  target = parse_web_uri (uri);
  if (target == NULL)
    return FALSE;

  /* The origin the user chose (a custom endpoint, or the region's host). */
  base = parse_web_uri (atelier_client_get_base_url (self));
  if (base != NULL && same_origin (base, target))
    return TRUE;

  /* BFL's own cluster hosts, over https only. A trailing dot is refused: BFL never sends one,
   * and it would only serve to dodge a comparison. */
  if (g_ascii_strcasecmp (g_uri_get_scheme (target), "https") != 0)
    return FALSE;
  host = g_ascii_strdown (g_uri_get_host (target), -1);
  return g_str_equal (host, "bfl.ai") || g_str_has_suffix (host, ".bfl.ai");
}

gboolean
atelier_client_may_download_from (AtelierClient *self,
                                  const char    *uri)
{
  g_autoptr(GUri) target = NULL;
  g_autoptr(GUri) base = NULL;

  g_return_val_if_fail (ATELIER_IS_CLIENT (self), FALSE);

  target = parse_web_uri (uri);
  if (target == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (g_uri_get_scheme (target), "https") == 0)
    return TRUE;

  /* Plain http only when the API itself is plain http: the fake server in tests and demos. */
  base = parse_web_uri (atelier_client_get_base_url (self));
  return base != NULL && g_ascii_strcasecmp (g_uri_get_scheme (base), "http") == 0;
}

/* Returns FALSE (and the task) when the URL is not one we talk to. */
gboolean
_atelier_client_check_web_uri (GTask      *task,
                               const char *uri)
{
  g_autoptr(GUri) parsed = parse_web_uri (uri);

  if (parsed != NULL)
    return TRUE;
  g_task_return_new_error (task, ATELIER_ERROR, ATELIER_ERROR_INSECURE,
                           _("This is not a web address Atelier can use."));
  return FALSE;
}

/* ------------------------------------------------------------------------------------------ */
/* Interpreting the outcome                                                                     */

static guint
parse_retry_after (SoupMessageHeaders *headers)
{
  const char *value = soup_message_headers_get_one (headers, "Retry-After");
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) now = NULL;
  guint64 seconds;
  GTimeSpan span;

  if (value == NULL)
    return 0;
  while (g_ascii_isspace (*value))
    value++;

  if (g_ascii_isdigit (*value))
    {
      g_autofree char *digits = g_strstrip (g_strdup (value));

      if (!g_ascii_string_to_unsigned (digits, 10, 0, G_MAXUINT64, &seconds, NULL))
        return 0;
      return (guint) MIN (seconds, MAX_RETRY_AFTER);
    }

  when = soup_date_time_new_from_http_string (value);
  if (when == NULL)
    return 0;
  now = g_date_time_new_now_utc ();
  span = g_date_time_difference (when, now);
  if (span <= 0)
    return 0;
  /* Round up: retrying a fraction early only earns another 429. */
  seconds = (span + G_TIME_SPAN_SECOND - 1) / G_TIME_SPAN_SECOND;
  return (guint) MIN (seconds, MAX_RETRY_AFTER);
}

static void
complete_submit (GTask   *task,
                 Request *request,
                 guint    status)
{
  g_autoptr(GError) error = NULL;
  AtelierSubmitResult *result;

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      result = atelier_api_parse_submit ((const char *) request->body->data, request->body->len, &error);
      if (result == NULL)
        {
          g_task_return_new_error (task, ATELIER_ERROR, ATELIER_ERROR_MAY_HAVE_BEEN_CHARGED,
                                   _("BFL accepted the request but its answer was not understood, "
                                     "so the image may have been charged — check your BFL dashboard."));
          return;
        }
      g_task_return_pointer (task, result, (GDestroyNotify) atelier_submit_result_free);
      return;
    }

  if (status >= 500)
    {
      g_task_return_new_error (task, ATELIER_ERROR, ATELIER_ERROR_MAY_HAVE_BEEN_CHARGED,
                               _("BFL’s server failed (HTTP %u) after receiving the request, so the "
                                 "image may have been charged — check your BFL dashboard."),
                               status);
      return;
    }

  if (status == 429)
    request->retry_after = parse_retry_after (soup_message_get_response_headers (request->message));

  g_task_return_error (task, atelier_api_error_for_status (status, (const char *) request->body->data,
                                                           request->body->len));
}

static void
complete_poll (GTask   *task,
               Request *request,
               guint    status)
{
  g_autoptr(GError) error = NULL;
  AtelierPollResult *result;

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      result = atelier_api_parse_poll ((const char *) request->body->data, request->body->len, &error);
      if (result == NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_pointer (task, result, (GDestroyNotify) atelier_poll_result_free);
      return;
    }

  if (status == 404)
    {
      g_task_return_new_error (task, ATELIER_ERROR, ATELIER_ERROR_NOT_FOUND,
                               _("BFL does not know this task (yet)."));
      return;
    }

  g_task_return_error (task, atelier_api_error_for_status (status, (const char *) request->body->data,
                                                           request->body->len));
}

static void
complete_download (GTask   *task,
                   Request *request,
                   guint    status)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (request->message);

  if (status == 403 || status == 404 || status == 410)
    {
      g_task_return_new_error (task, ATELIER_ERROR, ATELIER_ERROR_EXPIRED,
                               _("The result link has expired."));
      return;
    }
  if (status >= 500)
    {
      g_task_return_new_error (task, ATELIER_ERROR, ATELIER_ERROR_SERVER,
                               _("The image server failed (HTTP %u)."), status);
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_new_error (task, ATELIER_ERROR, ATELIER_ERROR_BAD_RESPONSE,
                               _("The image server gave an unexpected answer (HTTP %u)."), status);
      return;
    }
  if (request->body->len == 0)
    {
      g_task_return_new_error (task, ATELIER_ERROR, ATELIER_ERROR_BAD_RESPONSE,
                               _("The image server sent an empty file."));
      return;
    }

  request->content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
  g_task_return_pointer (task, g_byte_array_free_to_bytes (g_steal_pointer (&request->body)),
                         (GDestroyNotify) g_bytes_unref);
}

static void
complete_credits (GTask   *task,
                  Request *request,
                  guint    status)
{
  g_autoptr(GError) error = NULL;
  double *credits;
  double value;

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_error (task, atelier_api_error_for_status (status, (const char *) request->body->data,
                                                               request->body->len));
      return;
    }
  if (!atelier_api_parse_credits ((const char *) request->body->data, request->body->len, &value, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  credits = g_new (double, 1);
  *credits = value;
  g_task_return_pointer (task, credits, g_free);
}

static void
complete_fetch (GTask   *task,
                Request *request,
                guint    status)
{
  if (status == 404 || status == 410)
    {
      g_task_return_new_error (task, ATELIER_ERROR, ATELIER_ERROR_NOT_FOUND,
                               _("Nothing was found at that address (HTTP %u)."), status);
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_new_error (task, ATELIER_ERROR, ATELIER_ERROR_NETWORK,
                               _("The image could not be downloaded (HTTP %u)."), status);
      return;
    }

  request->content_type =
    g_strdup (soup_message_headers_get_content_type (soup_message_get_response_headers (request->message),
                                                     NULL));
  g_task_return_pointer (task, g_byte_array_free_to_bytes (g_steal_pointer (&request->body)),
                         (GDestroyNotify) g_bytes_unref);
}

void
_atelier_client_request_complete (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  guint status = soup_message_get_status (request->message);

  switch (request->kind)
    {
    case REQUEST_SUBMIT:
      complete_submit (task, request, status);
      break;
    case REQUEST_POLL:
      complete_poll (task, request, status);
      break;
    case REQUEST_DOWNLOAD:
      complete_download (task, request, status);
      break;
    case REQUEST_CREDITS:
      complete_credits (task, request, status);
      break;
    case REQUEST_FETCH:
      complete_fetch (task, request, status);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* A transport failure (no response, or the body cut short). Takes `error`. */
void
_atelier_client_request_fail_transport (GTask  *task,
                                        GError *error)
{
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) owned = error;

  g_debug ("transport failure: %s", owned->message);

  if (request->kind == REQUEST_SUBMIT)
    {
      if (request->wrote)
        {
          /* Even a cancellation: the user must know this one may be billed. */
          g_task_return_new_error (task, ATELIER_ERROR, ATELIER_ERROR_MAY_HAVE_BEEN_CHARGED,
                                   _("The connection to BFL was lost after the request was sent "
                                     "(%s), so the image may have been charged — check your BFL "
                                     "dashboard."), owned->message);
          return;
        }
      if (g_error_matches (owned, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&owned));
          return;
        }
      g_task_return_new_error (task, ATELIER_ERROR, ATELIER_ERROR_NETWORK,
                               _("Could not reach BFL: %s"), owned->message);
      return;
    }

  if (g_error_matches (owned, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&owned));
      return;
    }

  switch (request->kind)
    {
    case REQUEST_DOWNLOAD:
      g_task_return_new_error (task, ATELIER_ERROR, ATELIER_ERROR_NETWORK,
                               _("The image could not be downloaded: %s"), owned->message);
      break;
    case REQUEST_FETCH:
      g_task_return_new_error (task, ATELIER_ERROR, ATELIER_ERROR_NETWORK,
                               _("The address could not be reached: %s"), owned->message);
      break;
    case REQUEST_SUBMIT:
    case REQUEST_POLL:
    case REQUEST_CREDITS:
    default:
      g_task_return_new_error (task, ATELIER_ERROR, ATELIER_ERROR_NETWORK,
                               _("Could not reach BFL: %s"), owned->message);
      break;
    }
}

/* The body passed its cap: for a submit, the server has the request, so it may be billed. */
void
_atelier_client_return_too_large (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  if (request->kind == REQUEST_SUBMIT)
    {
      g_task_return_new_error (task, ATELIER_ERROR, ATELIER_ERROR_MAY_HAVE_BEEN_CHARGED,
                               _("BFL’s answer to the request was not understood, so the image "
                                 "may have been charged — check your BFL dashboard."));
      return;
    }
  if (request->kind == REQUEST_FETCH)
    g_task_return_new_error (task, ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE,
                             _("The file is larger than %u MB."),
                             (guint) (request->max_bytes / (1024 * 1024)));
  else
    g_task_return_new_error (task, ATELIER_ERROR, ATELIER_ERROR_BAD_RESPONSE,
                             _("The answer from the server was too large."));
}
