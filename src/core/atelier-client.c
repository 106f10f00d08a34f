/* atelier-client.c — the BFL HTTP client (libsoup 3, async only, main thread)
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "atelier-client.h"
#include "atelier-error.h"

#define IO_TIMEOUT_SECONDS    30
#define IDLE_TIMEOUT_SECONDS  60
/* 24 active tasks per account, each polling: libsoup's defaults (10 / 2) would queue them. */
#define DEFAULT_MAX_CONNS     64
#define MIN_MAX_CONNS         32
#define MAX_REDIRECTS         5
#define READ_CHUNK            (64 * 1024)
#define MAX_API_BODY          (4 * 1024 * 1024)
#define MAX_DOWNLOAD_BODY     (200 * 1024 * 1024)
#define MAX_FETCH_BODY        (50 * 1024 * 1024)
#define MAX_RETRY_AFTER       3600

struct _AtelierClient
{
  GObject        parent_instance;

  SoupSession   *session;
  char          *key;
  char          *endpoint;
  AtelierRegion  region;
  guint          max_conns;
};

G_DEFINE_FINAL_TYPE (AtelierClient, atelier_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ENDPOINT,
  PROP_REGION,
  PROP_HAS_KEY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const region_bases[] = {
  [ATELIER_REGION_GLOBAL] = "https://api.bfl.ai",
  [ATELIER_REGION_EU] = "https://api.eu.bfl.ai",
  [ATELIER_REGION_US] = "https://api.us.bfl.ai",
};

/* ------------------------------------------------------------------------------------------ */
/* The session                                                                                  */

static SoupSession *
make_session (guint max_conns)
{
  g_autofree char *user_agent = g_strdup_printf ("Atelier/%s", PACKAGE_VERSION);

  /* libsoup 3 uses GIO's default proxy resolver unless told otherwise. */
  return soup_session_new_with_options ("user-agent", user_agent,
                                        "timeout", IO_TIMEOUT_SECONDS,
                                        "idle-timeout", IDLE_TIMEOUT_SECONDS,
                                        "max-conns", max_conns,
                                        "max-conns-per-host", MAX (max_conns / 2, MIN_MAX_CONNS),
                                        NULL);
}

static void
atelier_client_finalize (GObject *object)
{
  AtelierClient *self = ATELIER_CLIENT (object);

  g_clear_object (&self->session);
  if (self->key != NULL)
    memset (self->key, 0, strlen (self->key));
  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->endpoint, g_free);

  G_OBJECT_CLASS (atelier_client_parent_class)->finalize (object);
}

static void
atelier_client_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  AtelierClient *self = ATELIER_CLIENT (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      g_value_set_string (value, self->endpoint);
      break;
    case PROP_REGION:
      g_value_set_int (value, self->region);
      break;
    case PROP_HAS_KEY:
      g_value_set_boolean (value, atelier_client_has_key (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_client_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  AtelierClient *self = ATELIER_CLIENT (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      atelier_client_set_endpoint (self, g_value_get_string (value));
      break;
    case PROP_REGION:
      atelier_client_set_region (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_client_class_init (AtelierClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = atelier_client_finalize;
  object_class->get_property = atelier_client_get_property;
  object_class->set_property = atelier_client_set_property;

  properties[PROP_ENDPOINT] =
    g_param_spec_string ("endpoint", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* An AtelierRegion. */
  properties[PROP_REGION] =
    g_param_spec_int ("region", NULL, NULL,
                      ATELIER_REGION_GLOBAL, ATELIER_REGION_US, ATELIER_REGION_GLOBAL,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_HAS_KEY] =
    g_param_spec_boolean ("has-key", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
atelier_client_init (AtelierClient *self)
{
  self->region = ATELIER_REGION_GLOBAL;
  self->max_conns = DEFAULT_MAX_CONNS;
  self->session = make_session (self->max_conns);
}

AtelierClient *
atelier_client_new (void)
{
  AtelierClient *self = g_object_new (ATELIER_TYPE_CLIENT, NULL);

  atelier_client_set_endpoint (self, g_getenv ("ATELIER_ENDPOINT"));
  return self;
}

void
atelier_client_set_key (AtelierClient *self,
                        const char    *key)
{
  gboolean had_key;

  g_return_if_fail (ATELIER_IS_CLIENT (self));

  if (key != NULL && *key == '\0')
    key = NULL;
  if (g_strcmp0 (self->key, key) == 0)
    return;

  had_key = atelier_client_has_key (self);
  if (self->key != NULL)
    memset (self->key, 0, strlen (self->key));
  g_free (self->key);
  self->key = g_strdup (key);

  if (had_key != atelier_client_has_key (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_KEY]);
}

gboolean
atelier_client_has_key (AtelierClient *self)
{
  g_return_val_if_fail (ATELIER_IS_CLIENT (self), FALSE);

  return self->key != NULL;
}

void
atelier_client_set_region (AtelierClient *self,
                           AtelierRegion  region)
{
  g_return_if_fail (ATELIER_IS_CLIENT (self));
  g_return_if_fail (region <= ATELIER_REGION_US);

  if (self->region == region)
    return;
  self->region = region;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REGION]);
}

AtelierRegion
atelier_client_get_region (AtelierClient *self)
{
  g_return_val_if_fail (ATELIER_IS_CLIENT (self), ATELIER_REGION_GLOBAL);

  return self->region;
}

void
atelier_client_set_endpoint (AtelierClient *self,
                             const char    *endpoint)
{
  g_autofree char *normalized = NULL;

  g_return_if_fail (ATELIER_IS_CLIENT (self));

  if (endpoint != NULL)
    {
      gsize len;

      normalized = g_strstrip (g_strdup (endpoint));
      len = strlen (normalized);
      /* "http://host:port/" and "http://host:port" are the same base. */
      while (len > 0 && normalized[len - 1] == '/')
        normalized[--len] = '\0';
      if (len == 0)
        g_clear_pointer (&normalized, g_free);
    }

  if (g_strcmp0 (self->endpoint, normalized) == 0)
    return;
  g_free (self->endpoint);
  self->endpoint = g_steal_pointer (&normalized);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENDPOINT]);
}

const char *
atelier_client_get_endpoint (AtelierClient *self)
{
  g_return_val_if_fail (ATELIER_IS_CLIENT (self), NULL);

  return self->endpoint;
}

const char *
atelier_client_get_base_url (AtelierClient *self)
{
  g_return_val_if_fail (ATELIER_IS_CLIENT (self), NULL);

  if (self->endpoint != NULL)
    return self->endpoint;
  return region_bases[self->region];
}

void
atelier_client_set_max_connections (AtelierClient *self,
                                    guint          max_conns)
{
  g_return_if_fail (ATELIER_IS_CLIENT (self));

  max_conns = MAX (max_conns, MIN_MAX_CONNS);
  if (self->max_conns == max_conns)
    return;

  /* The limits are construct-only in libsoup 3. Requests in flight keep the old session alive
   * (each holds a reference) and finish on it. */
  self->max_conns = max_conns;
  g_clear_object (&self->session);
  self->session = make_session (max_conns);
}

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

/* ------------------------------------------------------------------------------------------ */
/* One request: send, follow redirects by the key policy, read the body with a cap              */

typedef enum
{
  REQUEST_SUBMIT,
  REQUEST_POLL,
  REQUEST_DOWNLOAD,
  REQUEST_CREDITS,
  REQUEST_FETCH,
} RequestKind;

typedef struct
{
  RequestKind    kind;
  SoupSession   *session;
  SoupMessage   *message;
  GInputStream  *stream;
  GByteArray    *body;
  GBytes        *request_body;  /* submits */
  char          *path;          /* submits: "flux-2-pro", for messages */
  char          *key;           /* sent only where atelier_client_may_send_key_to allows */
  gsize          max_bytes;
  guint          redirects;
  gboolean       wrote;         /* a byte of the request may have left: never resend a submit */
  guint          retry_after;
  char          *content_type;
} Request;

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
static void request_complete (GTask *task);
static void request_fail_transport (GTask *task, GError *error);

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
return_too_large (GTask *task)
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
      request_fail_transport (task, g_steal_pointer (&error));
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      request_complete (task);
      return;
    }

  if (request->body->len + g_bytes_get_size (chunk) > request->max_bytes)
    {
      close_stream_quietly (request->stream);
      return_too_large (task);
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
      request_fail_transport (task, g_steal_pointer (&error));
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
      return_too_large (task);
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

/* Starts a GET (or the prepared POST) of `uri` for a task whose data is a Request. */
static void
request_start (GTask      *task,
               const char *uri)
{
  request_send (task, uri);
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

static void
request_complete (GTask *task)
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
static void
request_fail_transport (GTask  *task,
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

static GTask *
request_task_new (AtelierClient       *self,
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

/* Returns FALSE (and the task) when the URL is not one we talk to. */
static gboolean
check_web_uri (GTask      *task,
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
/* Submit                                                                                       */

static void
serialize_in_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  JsonNode *body = task_data;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize length = 0;
  char *text;

  /* Megabytes of base64 references: not on the main thread. */
  json_generator_set_root (generator, body);
  text = json_generator_to_data (generator, &length);
  g_task_return_pointer (task, g_bytes_new_take (text, length), (GDestroyNotify) g_bytes_unref);
}

static void
on_submit_body_ready (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AtelierClient *self = ATELIER_CLIENT (source);
  Request *request = g_task_get_task_data (task);
  g_autofree char *uri = NULL;

  request->request_body = g_task_propagate_pointer (G_TASK (result), NULL);
  g_assert (request->request_body != NULL);

  if (g_task_return_error_if_cancelled (task))
    return;

  uri = g_strdup_printf ("%s/v1/%s", atelier_client_get_base_url (self), request->path);
  request_start (g_steal_pointer (&task), uri);
}

void
atelier_client_submit_async (AtelierClient       *self,
                             const char          *path,
                             JsonNode            *body,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) serialize = NULL;
  Request *request;

  g_return_if_fail (ATELIER_IS_CLIENT (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (body != NULL);

  task = request_task_new (self, REQUEST_SUBMIT, MAX_API_BODY, cancellable, callback, user_data,
                           atelier_client_submit_async);
  /* A cancellation after the request left is reported as "may have been charged", not hidden. */
  g_task_set_check_cancellable (task, FALSE);
  request = g_task_get_task_data (task);
  request->path = g_strdup (path[0] == '/' ? path + 1 : path);

  if (self->key == NULL)
    {
      g_task_return_new_error (task, ATELIER_ERROR, ATELIER_ERROR_NO_KEY,
                               _("No BFL API key is set. Add one in Preferences."));
      return;
    }
  request->key = g_strdup (self->key);

  {
    g_autofree char *base = g_strdup (atelier_client_get_base_url (self));
    if (!check_web_uri (task, base))
      return;
  }

  serialize = g_task_new (self, NULL, on_submit_body_ready, g_steal_pointer (&task));
  g_task_set_task_data (serialize, json_node_ref (body), (GDestroyNotify) json_node_unref);
  g_task_run_in_thread (serialize, serialize_in_thread);
}

AtelierSubmitResult *
atelier_client_submit_finish (AtelierClient  *self,
                              GAsyncResult   *result,
                              guint          *retry_after,
                              GError        **error)
{
  Request *request;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  request = g_task_get_task_data (G_TASK (result));
  if (retry_after != NULL)
    *retry_after = request->retry_after;
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------------ */
/* Poll, download, credits, fetch                                                               */

void
atelier_client_poll_async (AtelierClient       *self,
                           const char          *polling_url,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *request;

  g_return_if_fail (ATELIER_IS_CLIENT (self));

  task = request_task_new (self, REQUEST_POLL, MAX_API_BODY, cancellable, callback, user_data,
                           atelier_client_poll_async);
  if (!check_web_uri (task, polling_url))
    return;

  request = g_task_get_task_data (task);
  /* Whether it is attached is decided per hop by the key policy. */
  request->key = g_strdup (self->key);
  request_start (g_steal_pointer (&task), polling_url);
}

AtelierPollResult *
atelier_client_poll_finish (AtelierClient  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
atelier_client_download_async (AtelierClient       *self,
                               const char          *url,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ATELIER_IS_CLIENT (self));

  task = request_task_new (self, REQUEST_DOWNLOAD, MAX_DOWNLOAD_BODY, cancellable, callback,
                           user_data, atelier_client_download_async);
  if (!atelier_client_may_download_from (self, url))
    {
      g_task_return_new_error (task, ATELIER_ERROR, ATELIER_ERROR_INSECURE,
                               _("The result link is not a secure (https) address, so Atelier "
                                 "will not download it."));
      return;
    }

  /* No key in the Request: a delivery host never sees it. */
  request_start (g_steal_pointer (&task), url);
}

GBytes *
atelier_client_download_finish (AtelierClient  *self,
                                GAsyncResult   *result,
                                char          **content_type,
                                GError        **error)
{
  Request *request;
  GBytes *bytes;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  request = g_task_get_task_data (G_TASK (result));
  bytes = g_task_propagate_pointer (G_TASK (result), error);
  if (content_type != NULL)
    *content_type = bytes != NULL ? g_strdup (request->content_type) : NULL;
  return bytes;
}

void
atelier_client_get_credits_async (AtelierClient       *self,
                                  const char          *key,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *uri = NULL;
  Request *request;

  g_return_if_fail (ATELIER_IS_CLIENT (self));

  task = request_task_new (self, REQUEST_CREDITS, MAX_API_BODY, cancellable, callback, user_data,
                           atelier_client_get_credits_async);
  if (key != NULL && *key == '\0')
    key = NULL;
  if (key == NULL && self->key == NULL)
    {
      g_task_return_new_error (task, ATELIER_ERROR, ATELIER_ERROR_NO_KEY,
                               _("No BFL API key is set. Add one in Preferences."));
      return;
    }

  uri = g_strdup_printf ("%s/v1/credits", atelier_client_get_base_url (self));
  if (!check_web_uri (task, uri))
    return;

  request = g_task_get_task_data (task);
  request->key = g_strdup (key != NULL ? key : self->key);
  request_start (g_steal_pointer (&task), uri);
}

gboolean
atelier_client_get_credits_finish (AtelierClient  *self,
                                   GAsyncResult   *result,
                                   double         *credits,
                                   GError        **error)
{
  g_autofree double *value = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  value = g_task_propagate_pointer (G_TASK (result), error);
  if (value == NULL)
    return FALSE;
  if (credits != NULL)
    *credits = *value;
  return TRUE;
}

void
atelier_client_fetch_async (AtelierClient       *self,
                            const char          *url,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ATELIER_IS_CLIENT (self));

  task = request_task_new (self, REQUEST_FETCH, MAX_FETCH_BODY, cancellable, callback, user_data,
                           atelier_client_fetch_async);
  if (!check_web_uri (task, url))
    return;

  /* Any web address, never with the key. */
  request_start (g_steal_pointer (&task), url);
}

GBytes *
atelier_client_fetch_finish (AtelierClient  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
