/* atelier-background.c
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Atelier-Background"

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-background.h"

#define PORTAL_BUS_NAME    "org.freedesktop.portal.Desktop"
#define PORTAL_OBJECT_PATH "/org/freedesktop/portal/desktop"
#define PORTAL_BACKGROUND  "org.freedesktop.portal.Background"
#define PORTAL_REQUEST     "org.freedesktop.portal.Request"

struct _AtelierBackground
{
  GObject          parent_instance;

  GApplication    *application;   /* weak: the application owns this */
  AtelierEngine   *engine;
  GCancellable    *cancellable;
  GDBusConnection *connection;    /* while a portal request is open */
  guint            response_id;
  guint            n_saving;      /* finished jobs whose record is still being written */
  gboolean         active;
};

G_DEFINE_FINAL_TYPE (AtelierBackground, atelier_background, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_active (AtelierBackground *self,
            gboolean           active)
{
  if (self->active == active)
    return;

  self->active = active;
  if (self->application != NULL)
    {
      if (active)
        g_application_hold (self->application);
      else
        g_application_release (self->application);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

static void
close_portal_request (AtelierBackground *self)
{
  if (self->response_id != 0)
    g_dbus_connection_signal_unsubscribe (self->connection, self->response_id);
  self->response_id = 0;
  g_clear_object (&self->connection);
}

static void
on_portal_response (GDBusConnection *connection,
                    const char      *sender_name,
                    const char      *object_path,
                    const char      *interface_name,
                    const char      *signal_name,
                    GVariant        *parameters,
                    gpointer         user_data)
{
  AtelierBackground *self = user_data;
  g_autoptr(GVariant) results = NULL;
  gboolean allowed = FALSE;
  guint32 response = 2;

  g_variant_get (parameters, "(u@a{sv})", &response, &results);
  g_variant_lookup (results, "background", "b", &allowed);
  close_portal_request (self);
  g_debug ("The Background portal answered %u, background %s", response, allowed ? "allowed" : "refused");

  /* Refused: the hold still keeps the application until the sandbox ends it, and whatever is
   * unfinished then resumes at the next start — the jobs are on disk either way. */
  if (response != 0 || !allowed)
    g_message ("Running in the background was not allowed; unfinished jobs resume at the next start");
}

static void
on_portal_called (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);

  if (reply == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("Could not ask the Background portal: %s", error->message);
}

/* org.freedesktop.portal.Background.RequestBackground, answered on a Request object whose path
 * the caller predicts from its unique name and a token. */
static void
request_background (AtelierBackground *self)
{
  g_autoptr(GDBusConnection) connection = NULL;
  g_autofree char *sender = NULL;
  g_autofree char *token = NULL;
  g_autofree char *handle = NULL;
  GVariantBuilder options;

  connection = g_application_get_dbus_connection (self->application)
               ? g_object_ref (g_application_get_dbus_connection (self->application)) : NULL;
  if (connection == NULL)
    return;

  close_portal_request (self);
  sender = g_strdup (g_dbus_connection_get_unique_name (connection) + 1);
  g_strdelimit (sender, ".", '_');
  token = g_strdup_printf ("atelier%u", g_random_int ());
  handle = g_strdup_printf ("/org/freedesktop/portal/desktop/request/%s/%s", sender, token);

  self->connection = g_object_ref (connection);
  self->response_id = g_dbus_connection_signal_subscribe (connection, PORTAL_BUS_NAME, PORTAL_REQUEST,
                                                          "Response", handle, NULL,
                                                          G_DBUS_SIGNAL_FLAGS_NO_MATCH_RULE,
                                                          on_portal_response, self, NULL);

  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "handle_token", g_variant_new_string (token));
  g_variant_builder_add (&options, "{sv}", "reason",
                         g_variant_new_string (_("Finish and save the pictures that are still generating")));
  g_variant_builder_add (&options, "{sv}", "autostart", g_variant_new_boolean (FALSE));
  g_dbus_connection_call (connection, PORTAL_BUS_NAME, PORTAL_OBJECT_PATH, PORTAL_BACKGROUND,
                          "RequestBackground", g_variant_new ("(sa{sv})", "", &options),
                          G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NONE, -1,
                          self->cancellable, on_portal_called, NULL);
}

/* Flatpak puts /.flatpak-info in every sandbox; tests point ATELIER_FLATPAK_INFO at a file of
 * their own to take this path against a stand-in portal. */
static gboolean
running_in_flatpak (void)
{
  const char *info = g_getenv ("ATELIER_FLATPAK_INFO");

  return g_file_test (info != NULL ? info : "/.flatpak-info", G_FILE_TEST_EXISTS);
}

static void
maybe_stop (AtelierBackground *self)
{
  /* The last job is final and its record written: nothing holds the application any longer. */
  if (self->active && self->n_saving == 0 && atelier_engine_get_n_running (self->engine) == 0)
    atelier_background_stop (self);
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(AtelierBackground) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!atelier_library_save_finish (ATELIER_LIBRARY (source), result, &error))
    g_warning ("Could not save a job finished in the background: %s", error->message);
  self->n_saving--;
  maybe_stop (self);
}

static void
on_job_finished (AtelierBackground *self,
                 AtelierJob        *job)
{
  if (!self->active)
    return;

  /* The engine's own write of the final state is under way; writes of one job are serialized,
   * so once this one completes, that one is on disk too. Only then may the application quit. */
  self->n_saving++;
  atelier_library_save_async (atelier_engine_get_library (self->engine), job, NULL, on_saved,
                              g_object_ref (self));
}

AtelierBackground *
atelier_background_new (GApplication  *application,
                        AtelierEngine *engine)
{
  AtelierBackground *self;

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (ATELIER_IS_ENGINE (engine), NULL);

  self = g_object_new (ATELIER_TYPE_BACKGROUND, NULL);
  self->application = application;
  g_object_add_weak_pointer (G_OBJECT (application), (gpointer *) &self->application);
  self->engine = g_object_ref (engine);
  /* After the engine's own handler: the job is saved and no longer counted. */
  g_signal_connect_object (engine, "job-finished", G_CALLBACK (on_job_finished), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  return self;
}

void
atelier_background_start (AtelierBackground *self)
{
  g_return_if_fail (ATELIER_IS_BACKGROUND (self));

  if (self->active || atelier_engine_get_n_running (self->engine) == 0)
    return;

  set_active (self, TRUE);
  if (running_in_flatpak ())
    request_background (self);
}

void
atelier_background_stop (AtelierBackground *self)
{
  g_return_if_fail (ATELIER_IS_BACKGROUND (self));

  close_portal_request (self);
  set_active (self, FALSE);
}

gboolean
atelier_background_get_active (AtelierBackground *self)
{
  g_return_val_if_fail (ATELIER_IS_BACKGROUND (self), FALSE);
  return self->active;
}

static void
atelier_background_dispose (GObject *object)
{
  AtelierBackground *self = ATELIER_BACKGROUND (object);

  g_cancellable_cancel (self->cancellable);
  close_portal_request (self);
  /* The application is going: it has nothing to release any more. */
  if (self->application != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->application), (gpointer *) &self->application);
  self->application = NULL;
  g_clear_object (&self->engine);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (atelier_background_parent_class)->dispose (object);
}

static void
atelier_background_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  AtelierBackground *self = ATELIER_BACKGROUND (object);

  switch (prop_id)
    {
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_background_class_init (AtelierBackgroundClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = atelier_background_dispose;
  object_class->get_property = atelier_background_get_property;

  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
atelier_background_init (AtelierBackground *self)
{
  self->cancellable = g_cancellable_new ();
}
