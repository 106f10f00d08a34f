/* atelier-keyring.c — where the API key comes from: BFL_API_KEY, the keyring, or this session only
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "atelier-keyring.h"
#include "atelier-error.h"

/* Link stub: the real key store follows. */

struct _AtelierKeyring
{
  GObject           parent_instance;
  char             *key;
  AtelierKeySource  source;
};

G_DEFINE_FINAL_TYPE (AtelierKeyring, atelier_keyring, G_TYPE_OBJECT)

static void
atelier_keyring_finalize (GObject *object)
{
  AtelierKeyring *self = ATELIER_KEYRING (object);

  g_clear_pointer (&self->key, g_free);
  G_OBJECT_CLASS (atelier_keyring_parent_class)->finalize (object);
}

static void
atelier_keyring_class_init (AtelierKeyringClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = atelier_keyring_finalize;
}

static void
atelier_keyring_init (AtelierKeyring *self)
{
}

AtelierKeyring *
atelier_keyring_new (void)
{
  return g_object_new (ATELIER_TYPE_KEYRING, NULL);
}

void
atelier_keyring_load_async (AtelierKeyring      *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_clear_pointer (&self->key, g_free);
  self->key = g_strdup (g_getenv ("BFL_API_KEY"));
  self->source = self->key != NULL ? ATELIER_KEY_SOURCE_ENVIRONMENT : ATELIER_KEY_SOURCE_NONE;
  g_task_return_pointer (task, g_strdup (self->key), g_free);
}

char *
atelier_keyring_load_finish (AtelierKeyring  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
atelier_keyring_store_async (AtelierKeyring      *self,
                             const char          *key,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_clear_pointer (&self->key, g_free);
  self->key = g_strdup (key);
  self->source = ATELIER_KEY_SOURCE_SESSION;
  g_task_return_boolean (task, TRUE);
}

gboolean
atelier_keyring_store_finish (AtelierKeyring  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
atelier_keyring_clear_async (AtelierKeyring      *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_clear_pointer (&self->key, g_free);
  self->source = ATELIER_KEY_SOURCE_NONE;
  g_task_return_boolean (task, TRUE);
}

gboolean
atelier_keyring_clear_finish (AtelierKeyring  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

AtelierKeySource
atelier_keyring_get_source (AtelierKeyring *self)
{
  return self->source;
}

const char *
atelier_keyring_get_key (AtelierKeyring *self)
{
  return self->key;
}

gboolean
atelier_keyring_has_key (AtelierKeyring *self)
{
  return self->key != NULL;
}
