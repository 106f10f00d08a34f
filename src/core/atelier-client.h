/* atelier-client.h — the BFL HTTP client (libsoup 3, async only, main thread)
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "atelier-api.h"
#include "atelier-recipe.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_CLIENT (atelier_client_get_type ())

G_DECLARE_FINAL_TYPE (AtelierClient, atelier_client, ATELIER, CLIENT, GObject)

/* Reads ATELIER_ENDPOINT from the environment. */
AtelierClient       *atelier_client_new                (void);

/* The key lives in memory only. NULL = no key. Property "has-key". */
void                 atelier_client_set_key            (AtelierClient        *self,
                                                        const char           *key);
gboolean             atelier_client_has_key            (AtelierClient        *self);
void                 atelier_client_set_region         (AtelierClient        *self,
                                                        AtelierRegion         region);
AtelierRegion        atelier_client_get_region         (AtelierClient        *self);
/* A custom endpoint replaces the region's base URL for every request (NULL = none).
 * Property "endpoint". */
void                 atelier_client_set_endpoint       (AtelierClient        *self,
                                                        const char           *endpoint);
const char          *atelier_client_get_endpoint       (AtelierClient        *self);
/* The base URL in use: the endpoint, or the region's host ("https://api.eu.bfl.ai"). */
const char          *atelier_client_get_base_url       (AtelierClient        *self);
/* Connections allowed at once (raised so 24 jobs do not queue behind libsoup's defaults). */
void                 atelier_client_set_max_connections (AtelierClient       *self,
                                                         guint                max_conns);

/* The key policy, in one place: TRUE only for the API origin in use and https hosts under bfl.ai. */
gboolean             atelier_client_may_send_key_to    (AtelierClient        *self,
                                                        const char           *uri);
/* Downloads: https, or http only when the endpoint itself is http. */
gboolean             atelier_client_may_download_from  (AtelierClient        *self,
                                                        const char           *uri);

/* POST /v1/<path>. Errors: the ATELIER_ERROR code for the HTTP status; ATELIER_ERROR_NETWORK when
 * nothing was sent (safe to retry); ATELIER_ERROR_MAY_HAVE_BEEN_CHARGED when the request may have
 * reached the server (never retry). On 429, *retry_after is the Retry-After in seconds, or 0. */
void                 atelier_client_submit_async       (AtelierClient        *self,
                                                        const char           *path,
                                                        JsonNode             *body,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
AtelierSubmitResult *atelier_client_submit_finish      (AtelierClient        *self,
                                                        GAsyncResult         *result,
                                                        guint                *retry_after,
                                                        GError              **error);

/* GET the polling URL exactly as given (x-key only where the policy allows). */
void                 atelier_client_poll_async         (AtelierClient        *self,
                                                        const char           *polling_url,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
AtelierPollResult   *atelier_client_poll_finish        (AtelierClient        *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

/* GET a result image, never with the key. 403/404/410 from the delivery host: ATELIER_ERROR_EXPIRED. */
void                 atelier_client_download_async     (AtelierClient        *self,
                                                        const char           *url,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
GBytes              *atelier_client_download_finish    (AtelierClient        *self,
                                                        GAsyncResult         *result,
                                                        char                **content_type,
                                                        GError              **error);

/* GET /v1/credits. `key` overrides the client's key for this call (Preferences' Test), may be NULL. */
void                 atelier_client_get_credits_async  (AtelierClient        *self,
                                                        const char           *key,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
gboolean             atelier_client_get_credits_finish (AtelierClient        *self,
                                                        GAsyncResult         *result,
                                                        double               *credits,
                                                        GError              **error);

/* GET any URL without the key (a reference dropped from a browser as a URL). */
void                 atelier_client_fetch_async        (AtelierClient        *self,
                                                        const char           *url,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
GBytes              *atelier_client_fetch_finish       (AtelierClient        *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

G_END_DECLS
