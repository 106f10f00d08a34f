/* atelier-keyring.c — where the API key comes from: BFL_API_KEY, the keyring, or this session only
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>
#include <string.h>

#include "atelier-keyring.h"
#include "atelier-error.h"

struct _AtelierKeyring
{
  GObject           parent_instance;

  char             *key;
  AtelierKeySource  source;
  gboolean          secret_service_available;
};

G_DEFINE_FINAL_TYPE (AtelierKeyring, atelier_keyring, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SOURCE,
  PROP_HAS_KEY,
  PROP_SECRET_SERVICE_AVAILABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.fluxatelier.Atelier.ApiKey", SECRET_SCHEMA_NONE,
    {
      { "service", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

#define SERVICE_ATTRIBUTE "service", "bfl"

static void
forget_key (AtelierKeyring *self)
{
  if (self->key != NULL)
    memset (self->key, 0, strlen (self->key));
  g_clear_pointer (&self->key, g_free);
}

/* Changes the key and where it came from, notifying only what really changed. */
static void
set_key (AtelierKeyring   *self,
         const char       *key,
         AtelierKeySource  source)
{
  gboolean had_key = self->key != NULL;

  if (key != NULL && *key == '\0')
    key = NULL;
  if (key == NULL)
    source = ATELIER_KEY_SOURCE_NONE;

  if (g_strcmp0 (self->key, key) != 0)
    {
      forget_key (self);
      self->key = g_strdup (key);
    }

  g_object_freeze_notify (G_OBJECT (self));
  if (self->source != source)
    {
      self->source = source;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
    }
  if (had_key != (self->key != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_KEY]);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
set_secret_service_available (AtelierKeyring *self,
                              gboolean        available)
{
  if (self->secret_service_available == available)
    return;
  self->secret_service_available = available;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECRET_SERVICE_AVAILABLE]);
}

/* Errors of the Secret Service itself (locked, prompt dismissed…) are real failures; everything
 * else (no session bus, no service on it, autolaunch failure) means there is no keyring. */
static gboolean
is_no_service_error (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;
  if (error->domain == SECRET_ERROR)
    return FALSE;
  if (error->domain == G_DBUS_ERROR && g_dbus_error_is_remote_error (error))
    {
      g_autofree char *name = g_dbus_error_get_remote_error (error);

      /* The service answered, with an error of its own. */
      if (name != NULL && g_str_has_prefix (name, "org.freedesktop.Secret."))
        return FALSE;
    }
  return TRUE;
}

static const char *
environment_key (void)
{
  const char *key = g_getenv ("BFL_API_KEY");

  return key != NULL && *key != '\0' ? key : NULL;
}

static void
atelier_keyring_finalize (GObject *object)
{
  AtelierKeyring *self = ATELIER_KEYRING (object);

  forget_key (self);

  G_OBJECT_CLASS (atelier_keyring_parent_class)->finalize (object);
}

static void
atelier_keyring_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  AtelierKeyring *self = ATELIER_KEYRING (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_int (value, self->source);
      break;
    case PROP_HAS_KEY:
      g_value_set_boolean (value, self->key != NULL);
      break;
    case PROP_SECRET_SERVICE_AVAILABLE:
      g_value_set_boolean (value, self->secret_service_available);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_keyring_class_init (AtelierKeyringClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = atelier_keyring_finalize;
  object_class->get_property = atelier_keyring_get_property;

  /* An AtelierKeySource. */
  properties[PROP_SOURCE] =
    g_param_spec_int ("source", NULL, NULL,
                      ATELIER_KEY_SOURCE_NONE, ATELIER_KEY_SOURCE_SESSION, ATELIER_KEY_SOURCE_NONE,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_HAS_KEY] =
    g_param_spec_boolean ("has-key", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* TRUE until a Secret Service call shows there is none. */
  properties[PROP_SECRET_SERVICE_AVAILABLE] =
    g_param_spec_boolean ("secret-service-available", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
atelier_keyring_init (AtelierKeyring *self)
{
  self->source = ATELIER_KEY_SOURCE_NONE;
  self->secret_service_available = TRUE;
}

AtelierKeyring *
atelier_keyring_new (void)
{
  return g_object_new (ATELIER_TYPE_KEYRING, NULL);
}

/* ------------------------------------------------------------------------------------------ */
/* Load                                                                                         */

static void
on_lookup_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AtelierKeyring *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  char *password;

  password = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      if (!is_no_service_error (error))
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_task_return_error (task, g_steal_pointer (&error));
          else
            g_task_return_new_error (task, ATELIER_ERROR, ATELIER_ERROR_STORAGE,
                                     _("The keyring could not be read: %s"), error->message);
          return;
        }

      /* No keyring: a key given earlier in this session still stands. */
      g_debug ("No Secret Service: %s", error->message);
      set_secret_service_available (self, FALSE);
      g_task_return_pointer (task, g_strdup (self->key), g_free);
      return;
    }

  set_secret_service_available (self, TRUE);
  if (password != NULL)
    {
      g_autofree char *key = g_strstrip (g_strdup (password));

      secret_password_free (password);
      set_key (self, key, ATELIER_KEY_SOURCE_KEYRING);
    }
  else if (self->source == ATELIER_KEY_SOURCE_KEYRING)
    {
      /* Removed from the keyring behind our back. */
      set_key (self, NULL, ATELIER_KEY_SOURCE_NONE);
    }

  g_task_return_pointer (task, g_strdup (self->key), g_free);
}

void
atelier_keyring_load_async (AtelierKeyring      *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  const char *env_key;

  g_return_if_fail (ATELIER_IS_KEYRING (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, atelier_keyring_load_async);

  env_key = environment_key ();
  if (env_key != NULL)
    {
      set_key (self, env_key, ATELIER_KEY_SOURCE_ENVIRONMENT);
      g_task_return_pointer (task, g_strdup (self->key), g_free);
      return;
    }
  if (self->source == ATELIER_KEY_SOURCE_ENVIRONMENT)
    set_key (self, NULL, ATELIER_KEY_SOURCE_NONE);

  secret_password_lookup (get_schema (), cancellable, on_lookup_done, g_steal_pointer (&task),
                          SERVICE_ATTRIBUTE, NULL);
}

char *
atelier_keyring_load_finish (AtelierKeyring  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------------ */
/* Store                                                                                        */

typedef struct
{
  char *key;
} StoreData;

static void
store_data_free (StoreData *data)
{
  if (data->key != NULL)
    memset (data->key, 0, strlen (data->key));
  g_free (data->key);
  g_free (data);
}

static void
on_store_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AtelierKeyring *self = g_task_get_source_object (task);
  StoreData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (secret_password_store_finish (result, &error))
    {
      set_secret_service_available (self, TRUE);
      set_key (self, data->key, ATELIER_KEY_SOURCE_KEYRING);
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Whatever went wrong, the key the person typed is not lost: it serves this session. */
  set_key (self, data->key, ATELIER_KEY_SOURCE_SESSION);

  if (is_no_service_error (error))
    {
      g_debug ("No Secret Service: %s", error->message);
      set_secret_service_available (self, FALSE);
      g_task_return_new_error (task, ATELIER_ERROR, ATELIER_ERROR_STORAGE,
                               _("No keyring is available: the key will be kept for this session only."));
      return;
    }

  g_task_return_new_error (task, ATELIER_ERROR, ATELIER_ERROR_STORAGE,
                           _("The key could not be saved in the keyring (%s): it will be kept for "
                             "this session only."), error->message);
}

void
atelier_keyring_store_async (AtelierKeyring      *self,
                             const char          *key,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  StoreData *data;

  g_return_if_fail (ATELIER_IS_KEYRING (self));
  g_return_if_fail (key != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, atelier_keyring_store_async);

  if (self->source == ATELIER_KEY_SOURCE_ENVIRONMENT || environment_key () != NULL)
    {
      g_task_return_new_error (task, ATELIER_ERROR, ATELIER_ERROR_STORAGE,
                               _("The key comes from the BFL_API_KEY environment variable, which "
                                 "takes precedence; unset it to use another key."));
      return;
    }

  data = g_new0 (StoreData, 1);
  data->key = g_strstrip (g_strdup (key));
  g_task_set_task_data (task, data, (GDestroyNotify) store_data_free);

  if (*data->key == '\0')
    {
      g_task_return_new_error (task, ATELIER_ERROR, ATELIER_ERROR_NO_KEY, _("The key is empty."));
      return;
    }

  secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT, _("Atelier: BFL API key"),
                         data->key, cancellable, on_store_done, g_steal_pointer (&task),
                         SERVICE_ATTRIBUTE, NULL);
}

gboolean
atelier_keyring_store_finish (AtelierKeyring  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------------ */
/* Clear                                                                                        */

static void
on_clear_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AtelierKeyring *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  secret_password_clear_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The person asked for the key to be gone: forget it here whatever the keyring said. */
  set_key (self, NULL, ATELIER_KEY_SOURCE_NONE);

  if (error != NULL && !is_no_service_error (error))
    {
      g_task_return_new_error (task, ATELIER_ERROR, ATELIER_ERROR_STORAGE,
                               _("The key could not be removed from the keyring: %s"), error->message);
      return;
    }
  if (error != NULL)
    set_secret_service_available (self, FALSE);

  g_task_return_boolean (task, TRUE);
}

void
atelier_keyring_clear_async (AtelierKeyring      *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ATELIER_IS_KEYRING (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, atelier_keyring_clear_async);

  if (self->source == ATELIER_KEY_SOURCE_ENVIRONMENT || environment_key () != NULL)
    {
      g_task_return_new_error (task, ATELIER_ERROR, ATELIER_ERROR_STORAGE,
                               _("The key comes from the BFL_API_KEY environment variable; unset "
                                 "it to remove the key."));
      return;
    }

  secret_password_clear (get_schema (), cancellable, on_clear_done, g_steal_pointer (&task),
                         SERVICE_ATTRIBUTE, NULL);
}

gboolean
atelier_keyring_clear_finish (AtelierKeyring  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------------ */

AtelierKeySource
atelier_keyring_get_source (AtelierKeyring *self)
{
  g_return_val_if_fail (ATELIER_IS_KEYRING (self), ATELIER_KEY_SOURCE_NONE);

  return self->source;
}

const char *
atelier_keyring_get_key (AtelierKeyring *self)
{
  g_return_val_if_fail (ATELIER_IS_KEYRING (self), NULL);

  return self->key;
}

gboolean
atelier_keyring_has_key (AtelierKeyring *self)
{
  g_return_val_if_fail (ATELIER_IS_KEYRING (self), FALSE);

  return self->key != NULL;
}
