/* atelier-keyring.h — where the API key comes from: BFL_API_KEY, the keyring, or this session only
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  ATELIER_KEY_SOURCE_NONE,
  ATELIER_KEY_SOURCE_ENVIRONMENT,  /* BFL_API_KEY: wins, cannot be edited in the app */
  ATELIER_KEY_SOURCE_KEYRING,      /* libsecret */
  ATELIER_KEY_SOURCE_SESSION,      /* no Secret Service: kept in memory for this session only */
} AtelierKeySource;

#define ATELIER_TYPE_KEYRING (atelier_keyring_get_type ())

/* Properties: source (AtelierKeySource), has-key, secret-service-available. Never logs the key. */
G_DECLARE_FINAL_TYPE (AtelierKeyring, atelier_keyring, ATELIER, KEYRING, GObject)

AtelierKeyring   *atelier_keyring_new             (void);

/* Resolves the key: the environment first, then the keyring. */
void              atelier_keyring_load_async      (AtelierKeyring       *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
/* Returns the key (or NULL when none); an error only for a real failure other than "no service". */
char             *atelier_keyring_load_finish     (AtelierKeyring       *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
/* Stores in the keyring; without a Secret Service keeps it for the session (source SESSION) and
 * returns FALSE with a readable error saying so. */
void              atelier_keyring_store_async     (AtelierKeyring       *self,
                                                   const char           *key,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean          atelier_keyring_store_finish    (AtelierKeyring       *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void              atelier_keyring_clear_async     (AtelierKeyring       *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean          atelier_keyring_clear_finish    (AtelierKeyring       *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

AtelierKeySource  atelier_keyring_get_source      (AtelierKeyring       *self);
/* The key currently known (environment, keyring or session), or NULL. */
const char       *atelier_keyring_get_key         (AtelierKeyring       *self);
gboolean          atelier_keyring_has_key         (AtelierKeyring       *self);

G_END_DECLS
