/* atelier-client-request.c — one request: send, follow redirects by the key policy, read
 *                            the body with a cap
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

#define MAX_REDIRECTS         5
#define READ_CHUNK            (64 * 1024)

static void
request_disconnect (Request *request)
{
  if (request->message != NULL)
    g_signal_handlers_disconnect_by_data (request->message, request);
}

static void
request_free (Request *request)
{
  request_disconnect (request);
  g_clear_object (&request->message);
  g_clear_object (&request->stream);
  g_clear_object (&request->session);
  g_clear_pointer (&request->body, g_byte_array_unref);
  g_clear_pointer (&request->request_body, g_bytes_unref);
  g_clear_pointer (&request->path, g_free);
  if (request->key != NULL)
    memset (request->key, 0, strlen (request->key));
  g_clear_pointer (&request->key, g_free);
  g_clear_pointer (&request->content_type, g_free);
  g_free (request);
}

static Request *
request_new (AtelierClient *self,
             RequestKind    kind,
             gsize          max_bytes)
{
  Request *request = g_new0 (Request, 1);

  request->kind = kind;
  request->session = g_object_ref (self->session);
  request->max_bytes = max_bytes;
  return request;
}

static void
on_request_bytes_written (SoupMessage *message,
                          gpointer     user_data)
{
  Request *request = user_data;

  request->wrote = TRUE;
}

static void
on_request_body_data_written (SoupMessage *message,
                              guint        chunk_size,
                              gpointer     user_data)
{
  Request *request = user_data;

  request->wrote = TRUE;
}

static char *
describe_uri_for_log (const char *uri)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED, NULL);

  /* Host and path only: queries of signed URLs are credentials of a sort. */
  if (parsed == NULL)
    return g_strdup ("(unparsable)");
  return g_strdup_printf ("%s://%s%s", g_uri_get_scheme (parsed),
                          g_uri_get_host (parsed) ? g_uri_get_host (parsed) : "",
                          g_uri_get_path (parsed));
}

static void request_send (GTask *task, const char *uri);
static void on_body_read (GObject *source, GAsyncResult *result, gpointer user_data);

static void
read_next_chunk (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (request->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), on_body_read, task);
}

static void
close_stream_quietly (GInputStream *stream)
{
  /* Not waited for: the answer is already decided, closing only frees the connection. */
  if (stream != NULL)
    g_input_stream_close_async (stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
}

static void
on_body_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (chunk == NULL)
    {
      _atelier_client_request_fail_transport (task, g_steal_pointer (&error));
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      _atelier_client_request_complete (task);
      return;
    }

  if (request->body->len + g_bytes_get_size (chunk) > request->max_bytes)
    {
      close_stream_quietly (request->stream);
      _atelier_client_return_too_large (task);
      return;
    }

  g_byte_array_append (request->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  read_next_chunk (g_steal_pointer (&task));
}

static gboolean
is_redirect (guint status)
{
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

static void
on_message_sent (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  AtelierClient *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  guint status;
  goffset length;

  request->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (request->stream == NULL)
    {
      _atelier_client_request_fail_transport (task, g_steal_pointer (&error));
      return;
    }

  /* Headers came back: the server has the request. */
  request->wrote = TRUE;
  status = soup_message_get_status (request->message);
  headers = soup_message_get_response_headers (request->message);
  g_debug ("%s: HTTP %u", soup_message_get_method (request->message), status);

  /* Redirects are followed here, not by libsoup, so every hop passes the key policy again.
   * Submits are never resent. */
  if (is_redirect (status) && request->kind != REQUEST_SUBMIT)
    {
      const char *location = soup_message_headers_get_one (headers, "Location");
      g_autoptr(GUri) next = NULL;

      if (location != NULL && request->redirects < MAX_REDIRECTS)
        next = g_uri_parse_relative (soup_message_get_uri (request->message), location,
                                     SOUP_HTTP_URI_FLAGS, NULL);
      if (next != NULL)
        {
          g_autofree char *next_uri = g_uri_to_string (next);

          if (request->kind == REQUEST_DOWNLOAD && !atelier_client_may_download_from (self, next_uri))
            {
              close_stream_quietly (request->stream);
              g_task_return_new_error (task, ATELIER_ERROR, ATELIER_ERROR_INSECURE,
                                       _("The result link redirected to an insecure address."));
              return;
            }

          request->redirects++;
          close_stream_quietly (request->stream);
          g_clear_object (&request->stream);
          request_send (g_steal_pointer (&task), next_uri);
          return;
        }
    }

  length = soup_message_headers_get_content_length (headers);
  if (length > 0 && (guint64) length > request->max_bytes)
    {
      close_stream_quietly (request->stream);
      _atelier_client_return_too_large (task);
      return;
    }

  request->body = g_byte_array_sized_new (length > 0 ? (guint) length : 4096);
  read_next_chunk (g_steal_pointer (&task));
}

static void
request_send (GTask      *task,
              const char *uri)
{
  AtelierClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autofree char *log_uri = describe_uri_for_log (uri);
  const char *method = request->kind == REQUEST_SUBMIT ? SOUP_METHOD_POST : SOUP_METHOD_GET;
  SoupMessageHeaders *headers;

  request_disconnect (request);
  g_clear_object (&request->message);
  request->message = soup_message_new (method, uri);
  if (request->message == NULL)
    {
      g_task_return_new_error (task, ATELIER_ERROR, ATELIER_ERROR_INSECURE,
                               _("“%s” is not a web address Atelier can use."), log_uri);
      g_object_unref (task);
      return;
    }

  /* libsoup must not follow redirects itself: it would carry the x-key header along. */
  soup_message_add_flags (request->message, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (request->message);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (request->kind == REQUEST_DOWNLOAD || request->kind == REQUEST_FETCH)
    soup_message_headers_replace (headers, "Accept", "image/*, */*;q=0.5");

  /* The one place the key is attached, and only where the policy says so. Downloads and fetches
   * carry no key in their Request at all. */
  if (request->key != NULL && atelier_client_may_send_key_to (self, uri))
    soup_message_headers_replace (headers, "x-key", request->key);

  if (request->request_body != NULL)
    soup_message_set_request_body_from_bytes (request->message, "application/json",
                                              request->request_body);

  g_signal_connect (request->message, "wrote-headers", G_CALLBACK (on_request_bytes_written), request);
  g_signal_connect (request->message, "wrote-body-data", G_CALLBACK (on_request_body_data_written), request);
  g_signal_connect (request->message, "wrote-body", G_CALLBACK (on_request_bytes_written), request);

  g_debug ("%s %s", method, log_uri);
  soup_session_send_async (request->session, request->message, G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (task), on_message_sent, task);
}

void
_atelier_client_request_start (GTask      *task,
                               const char *uri)
{
  request_send (task, uri);
}

GTask *
_atelier_client_request_task_new (AtelierClient       *self,
                                  RequestKind          kind,
                                  gsize                max_bytes,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data,
                                  gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, request_new (self, kind, max_bytes), (GDestroyNotify) request_free);
  return task;
}

