/* atelier-client-private.h — what the split files of AtelierClient share
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "atelier-client.h"

G_BEGIN_DECLS

struct _AtelierClient
{
  GObject        parent_instance;

  SoupSession   *session;
  char          *key;
  char          *endpoint;
  AtelierRegion  region;
  char          *region_bases[ATELIER_REGION_US + 1];  /* tests: a region's host on a fake */
  guint          max_conns;
};

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

/* atelier-client.c: tests point a region at a fake server (NULL = BFL's host again). */
void      _atelier_client_set_region_base        (AtelierClient       *self,
                                                  AtelierRegion        region,
                                                  const char          *base_url);

/* atelier-client-request.c: the request machinery. */
GTask    *_atelier_client_request_task_new       (AtelierClient       *self,
                                                  RequestKind          kind,
                                                  gsize                max_bytes,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data,
                                                  gpointer             source_tag);
/* Starts a GET (or the prepared POST) of `uri` for a task whose data is a Request. */
void      _atelier_client_request_start          (GTask               *task,
                                                  const char          *uri);

/* atelier-client-policy.c: which addresses are used, and what an answer means. */
/* Returns FALSE (and the task) when the URL is not one we talk to. */
gboolean  _atelier_client_check_web_uri          (GTask               *task,
                                                  const char          *uri);
void      _atelier_client_request_complete       (GTask               *task);
/* A transport failure (no response, or the body cut short). Takes `error`. */
void      _atelier_client_request_fail_transport (GTask               *task,
                                                  GError              *error);
void      _atelier_client_return_too_large       (GTask               *task);

G_END_DECLS
