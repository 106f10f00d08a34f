/* atelier-client.c — the BFL HTTP client (libsoup 3, async only, main thread)
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "atelier-client.h"
#include "atelier-error.h"

/* Link stub: the real client follows. */

struct _AtelierClient
{
  GObject        parent_instance;
  char          *key;
  char          *endpoint;
  AtelierRegion  region;
};

G_DEFINE_FINAL_TYPE (AtelierClient, atelier_client, G_TYPE_OBJECT)

static void
atelier_client_finalize (GObject *object)
{
  AtelierClient *self = ATELIER_CLIENT (object);

  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->endpoint, g_free);
  G_OBJECT_CLASS (atelier_client_parent_class)->finalize (object);
}

static void
atelier_client_class_init (AtelierClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = atelier_client_finalize;
}

static void
atelier_client_init (AtelierClient *self)
{
}

AtelierClient *
atelier_client_new (void)
{
  AtelierClient *self = g_object_new (ATELIER_TYPE_CLIENT, NULL);

  self->endpoint = g_strdup (g_getenv ("ATELIER_ENDPOINT"));
  return self;
}

void
atelier_client_set_key (AtelierClient *self,
                        const char    *key)
{
  g_free (self->key);
  self->key = g_strdup (key);
}

gboolean
atelier_client_has_key (AtelierClient *self)
{
  return self->key != NULL;
}

void
atelier_client_set_region (AtelierClient *self,
                           AtelierRegion  region)
{
  self->region = region;
}

AtelierRegion
atelier_client_get_region (AtelierClient *self)
{
  return self->region;
}

void
atelier_client_set_endpoint (AtelierClient *self,
                             const char    *endpoint)
{
  g_free (self->endpoint);
  self->endpoint = g_strdup (endpoint);
}

const char *
atelier_client_get_endpoint (AtelierClient *self)
{
  return self->endpoint;
}

const char *
atelier_client_get_base_url (AtelierClient *self)
{
  return self->endpoint != NULL ? self->endpoint : "https://api.bfl.ai";
}

void
atelier_client_set_max_connections (AtelierClient *self,
                                    guint          max_conns)
{
}

gboolean
atelier_client_may_send_key_to (AtelierClient *self,
                                const char    *uri)
{
  return FALSE;
}

gboolean
atelier_client_may_download_from (AtelierClient *self,
                                  const char    *uri)
{
  return FALSE;
}

static void
report_stub (gpointer             source,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data,
             gpointer             tag)
{
  g_autoptr(GTask) task = g_task_new (source, cancellable, callback, user_data);

  g_task_set_source_tag (task, tag);
  g_task_return_new_error (task, ATELIER_ERROR, ATELIER_ERROR_NETWORK, "Not implemented yet");
}

void
atelier_client_submit_async (AtelierClient       *self,
                             const char          *path,
                             JsonNode            *body,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  report_stub (self, cancellable, callback, user_data, atelier_client_submit_async);
}

AtelierSubmitResult *
atelier_client_submit_finish (AtelierClient  *self,
                              GAsyncResult   *result,
                              guint          *retry_after,
                              GError        **error)
{
  if (retry_after != NULL)
    *retry_after = 0;
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
atelier_client_poll_async (AtelierClient       *self,
                           const char          *polling_url,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  report_stub (self, cancellable, callback, user_data, atelier_client_poll_async);
}

AtelierPollResult *
atelier_client_poll_finish (AtelierClient  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
atelier_client_download_async (AtelierClient       *self,
                               const char          *url,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  report_stub (self, cancellable, callback, user_data, atelier_client_download_async);
}

GBytes *
atelier_client_download_finish (AtelierClient  *self,
                                GAsyncResult   *result,
                                char          **content_type,
                                GError        **error)
{
  if (content_type != NULL)
    *content_type = NULL;
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
atelier_client_get_credits_async (AtelierClient       *self,
                                  const char          *key,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  report_stub (self, cancellable, callback, user_data, atelier_client_get_credits_async);
}

gboolean
atelier_client_get_credits_finish (AtelierClient  *self,
                                   GAsyncResult   *result,
                                   double         *credits,
                                   GError        **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
atelier_client_fetch_async (AtelierClient       *self,
                            const char          *url,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  report_stub (self, cancellable, callback, user_data, atelier_client_fetch_async);
}

GBytes *
atelier_client_fetch_finish (AtelierClient  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
