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

#include "atelier-client-private.h"
#include "atelier-error.h"

#define IO_TIMEOUT_SECONDS    30
#define IDLE_TIMEOUT_SECONDS  60
/* 24 active tasks per account, each polling: libsoup's defaults (10 / 2) would queue them. */
#define DEFAULT_MAX_CONNS     64
#define MIN_MAX_CONNS         32
#define MAX_API_BODY          (4 * 1024 * 1024)
#define MAX_DOWNLOAD_BODY     (200 * 1024 * 1024)
#define MAX_FETCH_BODY        (50 * 1024 * 1024)

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
  for (guint i = 0; i < G_N_ELEMENTS (self->region_bases); i++)
    g_clear_pointer (&self->region_bases[i], g_free);

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
  if (self->region_bases[self->region] != NULL)
    return self->region_bases[self->region];
  return region_bases[self->region];
}

void
_atelier_client_set_region_base (AtelierClient *self,
                                 AtelierRegion  region,
                                 const char    *base_url)
{
  g_return_if_fail (ATELIER_IS_CLIENT (self));
  g_return_if_fail (region <= ATELIER_REGION_US);

  g_free (self->region_bases[region]);
  self->region_bases[region] = g_strdup (base_url);
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
  _atelier_client_request_start (g_steal_pointer (&task), uri);
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

  task = _atelier_client_request_task_new (self, REQUEST_SUBMIT, MAX_API_BODY, cancellable, callback, user_data,
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
    if (!_atelier_client_check_web_uri (task, base))
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

  task = _atelier_client_request_task_new (self, REQUEST_POLL, MAX_API_BODY, cancellable, callback, user_data,
                           atelier_client_poll_async);
  if (!_atelier_client_check_web_uri (task, polling_url))
    return;

  request = g_task_get_task_data (task);
  /* Whether it is attached is decided per hop by the key policy. */
  request->key = g_strdup (self->key);
  _atelier_client_request_start (g_steal_pointer (&task), polling_url);
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

  task = _atelier_client_request_task_new (self, REQUEST_DOWNLOAD, MAX_DOWNLOAD_BODY, cancellable, callback,
                           user_data, atelier_client_download_async);
  if (!atelier_client_may_download_from (self, url))
    {
      g_task_return_new_error (task, ATELIER_ERROR, ATELIER_ERROR_INSECURE,
                               _("The result link is not a secure (https) address, so Atelier "
                                 "will not download it."));
      return;
    }

  /* No key in the Request: a delivery host never sees it. */
  _atelier_client_request_start (g_steal_pointer (&task), url);
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

  task = _atelier_client_request_task_new (self, REQUEST_CREDITS, MAX_API_BODY, cancellable, callback, user_data,
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
  if (!_atelier_client_check_web_uri (task, uri))
    return;

  request = g_task_get_task_data (task);
  request->key = g_strdup (key != NULL ? key : self->key);
  _atelier_client_request_start (g_steal_pointer (&task), uri);
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

  task = _atelier_client_request_task_new (self, REQUEST_FETCH, MAX_FETCH_BODY, cancellable, callback, user_data,
                           atelier_client_fetch_async);
  if (!_atelier_client_check_web_uri (task, url))
    return;

  /* Any web address, never with the key. */
  _atelier_client_request_start (g_steal_pointer (&task), url);
}

GBytes *
atelier_client_fetch_finish (AtelierClient  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

