/* atelier-application.c — the application: settings, key, client, library and engine, one window
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "atelier-application.h"
#include "atelier-background.h"
#include "atelier-notifier.h"
#include "atelier-request.h"
#include "atelier-resources.h"
#include "atelier-search-provider.h"
#include "atelier-window.h"

struct _AtelierApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  AtelierClient  *client;
  AtelierKeyring *keyring;
  AtelierLibrary *library;
  AtelierCollections *collections;
  AtelierEngine  *engine;
  GCancellable   *cancellable;
  gboolean        key_resolved;

  AtelierNotifier       *notifier;
  AtelierSearchProvider *search_provider;
  AtelierBackground     *background;
  char                  *pending_job_id;   /* asked for before the library was loaded */
  gboolean               pending_is_set;   /* …and it is a variation set's id */
  gboolean               library_loaded;
  gboolean               resume_pending;   /* a D-Bus-activated instance resumes with a window */
  gboolean               quitting;
};

G_DEFINE_FINAL_TYPE (AtelierApplication, atelier_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_KEY_RESOLVED,
  PROP_LIBRARY_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

AtelierApplication *
atelier_application_new (void)
{
  return g_object_new (ATELIER_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       /* The same resources serve the stable and the Devel IDs. */
                       "resource-base-path", RESOURCE_PATH,
                       NULL);
}

GSettings *
atelier_application_get_settings (AtelierApplication *self)
{
  g_return_val_if_fail (ATELIER_IS_APPLICATION (self), NULL);
  return self->settings;
}

AtelierClient *
atelier_application_get_client (AtelierApplication *self)
{
  g_return_val_if_fail (ATELIER_IS_APPLICATION (self), NULL);
  return self->client;
}

AtelierKeyring *
atelier_application_get_keyring (AtelierApplication *self)
{
  g_return_val_if_fail (ATELIER_IS_APPLICATION (self), NULL);
  return self->keyring;
}

AtelierLibrary *
atelier_application_get_library (AtelierApplication *self)
{
  g_return_val_if_fail (ATELIER_IS_APPLICATION (self), NULL);
  return self->library;
}

AtelierCollections *
atelier_application_get_collections (AtelierApplication *self)
{
  g_return_val_if_fail (ATELIER_IS_APPLICATION (self), NULL);
  return self->collections;
}

AtelierEngine *
atelier_application_get_engine (AtelierApplication *self)
{
  g_return_val_if_fail (ATELIER_IS_APPLICATION (self), NULL);
  return self->engine;
}

gboolean
atelier_application_get_key_resolved (AtelierApplication *self)
{
  g_return_val_if_fail (ATELIER_IS_APPLICATION (self), FALSE);
  return self->key_resolved;
}

gboolean
atelier_application_get_library_loaded (AtelierApplication *self)
{
  g_return_val_if_fail (ATELIER_IS_APPLICATION (self), FALSE);
  return self->library_loaded;
}

gboolean
atelier_application_get_quitting (AtelierApplication *self)
{
  g_return_val_if_fail (ATELIER_IS_APPLICATION (self), FALSE);
  return self->quitting;
}

AtelierBackground *
atelier_application_get_background (AtelierApplication *self)
{
  g_return_val_if_fail (ATELIER_IS_APPLICATION (self), NULL);
  return self->background;
}

AtelierNotifier *
atelier_application_get_notifier (AtelierApplication *self)
{
  g_return_val_if_fail (ATELIER_IS_APPLICATION (self), NULL);
  return self->notifier;
}

static void
resume_if_pending (AtelierApplication *self)
{
  if (self->resume_pending && self->library_loaded)
    {
      self->resume_pending = FALSE;
      atelier_engine_resume (self->engine);
    }
}

static AtelierWindow *
get_window (AtelierApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      window = GTK_WINDOW (atelier_window_new (self));
      /* A window is back: the jobs kept going in the background hold the app through it now. */
      atelier_background_stop (self->background);
      resume_if_pending (self);
    }

  return ATELIER_WINDOW (window);
}

static void
show_pending_job (AtelierApplication *self)
{
  g_autofree char *id = g_steal_pointer (&self->pending_job_id);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autoptr(AtelierJob) job = NULL;

  if (id == NULL || !ATELIER_IS_WINDOW (window))
    return;
  if (self->pending_is_set)
    {
      atelier_window_show_set (ATELIER_WINDOW (window), id);
      return;
    }
  job = atelier_library_dup_job (self->library, id);
  if (job != NULL)
    atelier_window_show_job (ATELIER_WINDOW (window), job);
}

static void
on_library_loaded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(AtelierApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!atelier_library_load_finish (ATELIER_LIBRARY (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not load the library: %s", error->message);
      return;
    }

  self->library_loaded = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIBRARY_LOADED]);

  /* Jobs a previous run left unfinished are polled and downloaded again now — except in an
   * instance D-Bus started for a search or a notification: that waits for its first window. */
  self->resume_pending = TRUE;
  if (!(g_application_get_flags (G_APPLICATION (self)) & G_APPLICATION_IS_SERVICE)
      || gtk_application_get_windows (GTK_APPLICATION (self)) != NULL)
    resume_if_pending (self);

  show_pending_job (self);
}

static void
on_key_loaded (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(AtelierApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;

  key = atelier_keyring_load_finish (ATELIER_KEYRING (source), result, &error);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("Could not read the key from the keyring: %s", error->message);

  atelier_client_set_key (self->client, key);
  if (key != NULL)
    memset (key, 0, strlen (key));

  if (!self->key_resolved)
    {
      self->key_resolved = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEY_RESOLVED]);
    }
}

static void
update_online (AtelierApplication *self)
{
  /* Sandboxes and test machines sometimes report no network while BFL is reachable. */
  gboolean online = g_strcmp0 (g_getenv ("ATELIER_ASSUME_ONLINE"), "1") == 0
                    || g_network_monitor_get_network_available (g_network_monitor_get_default ());

  /* Offline, waiting jobs hold; they resume by themselves when the network returns. */
  atelier_engine_set_online (self->engine, online);
}

static void
on_region_changed (AtelierApplication *self)
{
  g_autofree char *region = g_settings_get_string (self->settings, "region");

  atelier_client_set_region (self->client, atelier_region_from_string (region));
}

static void
on_max_concurrent_jobs_changed (AtelierApplication *self)
{
  atelier_engine_set_user_cap (self->engine, g_settings_get_uint (self->settings, "max-concurrent-jobs"));
}

static void
on_image_copied (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(AtelierApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_copy_finish (G_FILE (source), result, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
      /* Translators: %s is the reason, e.g. "No space left on device" */
      g_autofree char *message = g_strdup_printf (_("Could not copy the image to your folder: %s"), error->message);

      /* The image itself is safe in the library; only the extra copy failed. */
      if (window != NULL)
        atelier_window_show_message (GTK_WIDGET (window), message);
      else
        g_warning ("%s", message);
    }
}

/* Every finished image is also copied to the folder the user chose, if any. */
static void
on_job_finished (AtelierApplication *self,
                 AtelierJob         *job)
{
  g_autofree char *folder = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GFile) dir = NULL;
  g_autoptr(GFile) target = NULL;
  GFile *image;

  if (atelier_job_get_state (job) != ATELIER_JOB_READY)
    return;
  image = atelier_job_get_image_file (job);
  folder = g_settings_get_string (self->settings, "copy-folder");
  if (image == NULL || folder == NULL || *folder == '\0')
    return;

  dir = g_file_new_for_commandline_arg (folder);
  name = g_file_get_basename (image);
  target = g_file_get_child (dir, name);
  g_file_copy_async (image, target, G_FILE_COPY_NONE, G_PRIORITY_LOW, self->cancellable,
                     NULL, NULL, on_image_copied, g_object_ref (self));
}

/* Starting jobs */

typedef struct
{
  AtelierApplication *self;
  GtkWidget          *from;
  AtelierGeneration  *generation;
  void              (*started) (GtkWidget *from);
} Generation;

static void
generation_free (Generation *generation)
{
  g_object_unref (generation->self);
  g_object_unref (generation->from);
  g_object_unref (generation->generation);
  g_free (generation);
}

static void
generate_now (Generation *generation)
{
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;

  jobs = atelier_engine_generate_set (generation->self->engine, generation->generation, &error);
  if (jobs == NULL)
    {
      atelier_window_show_message (generation->from,
                                   error != NULL ? error->message : _("Could not start the generation"));
      return;
    }
  if (generation->started != NULL)
    generation->started (generation->from);
}

static void
on_spend_guard_response (AdwMessageDialog *dialog,
                         const char       *response,
                         Generation       *generation)
{
  if (g_strcmp0 (response, "generate") == 0)
    generate_now (generation);
}

void
atelier_application_generate (AtelierApplication *self,
                              GtkWidget          *from,
                              AtelierRecipe      *recipe,
                              guint               batch,
                              void              (*started) (GtkWidget *from))
{
  g_autoptr(AtelierGeneration) generation = NULL;

  g_return_if_fail (ATELIER_IS_RECIPE (recipe));

  generation = atelier_generation_new_seeds (recipe, batch);
  atelier_application_generate_set (self, from, generation, started);
}

void
atelier_application_generate_set (AtelierApplication *self,
                                  GtkWidget          *from,
                                  AtelierGeneration  *plan,
                                  void              (*started) (GtkWidget *from))
{
  AtelierCostEstimate estimate = { 0 };
  Generation *generation;
  double guard;

  g_return_if_fail (ATELIER_IS_APPLICATION (self));
  g_return_if_fail (GTK_IS_WIDGET (from));
  g_return_if_fail (ATELIER_IS_GENERATION (plan));

  if (!atelier_client_has_key (self->client))
    {
      /* Until the keyring answered, "no key" is not known yet. */
      atelier_window_show_message (from, self->key_resolved ? _("Add an API key in Preferences to generate")
                                                            : _("Starting…"));
      return;
    }

  generation = g_new0 (Generation, 1);
  generation->self = g_object_ref (self);
  generation->from = g_object_ref (from);
  generation->generation = g_object_ref (plan);
  generation->started = started;

  /* The guard looks at the whole set: six models at once cost what six Generates would. */
  atelier_generation_estimate (plan, atelier_catalog_get_default (), &estimate, NULL);
  guard = g_settings_get_double (self->settings, "spend-guard");

  if (guard > 0 && estimate.credits > guard)
    {
      g_autofree char *text = atelier_cost_format_estimate (&estimate);
      g_autofree char *body = NULL;
      GtkWidget *dialog;

      /* TRANSLATORS: first %s is "≈ 64 credits · $0.64", %g the spend guard in credits */
      body = g_strdup_printf (_("This Generate is estimated at %s, more than the %g credits you asked to be warned about. You can change this in Preferences."),
                              text, guard);
#if ADW_CHECK_VERSION (1, 5, 0)
      dialog = GTK_WIDGET (adw_alert_dialog_new (_("Generate Anyway?"), body));
      adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (dialog),
                                      "cancel", _("_Cancel"),
                                      "generate", _("_Generate"),
                                      NULL);
      adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), "generate",
                                                ADW_RESPONSE_SUGGESTED);
      adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (dialog), "cancel");
      adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (dialog), "cancel");
      g_signal_connect_data (dialog, "response", G_CALLBACK (on_spend_guard_response), generation,
                             (GClosureNotify) (void (*) (void)) generation_free, 0);
      adw_dialog_present (ADW_DIALOG (dialog), from);
#else
      GtkRoot *root = gtk_widget_get_root (from);

      dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                       _("Generate Anyway?"), body);
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "cancel", _("_Cancel"),
                                        "generate", _("_Generate"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "generate",
                                                  ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      g_signal_connect_data (dialog, "response", G_CALLBACK (on_spend_guard_response), generation,
                             (GClosureNotify) (void (*) (void)) generation_free, 0);
      gtk_window_present (GTK_WINDOW (dialog));
#endif
      return;
    }

  generate_now (generation);
  generation_free (generation);
}

static void
atelier_application_startup (GApplication *app)
{
  AtelierApplication *self = ATELIER_APPLICATION (app);

  atelier_resources_ensure ();

  G_APPLICATION_CLASS (atelier_application_parent_class)->startup (app);

  self->settings = g_settings_new (APPLICATION_ID);
  self->cancellable = g_cancellable_new ();
  self->client = atelier_client_new ();
  on_region_changed (self);
  self->keyring = atelier_keyring_new ();
  self->library = atelier_library_new (NULL);
  self->collections = atelier_collections_new (NULL);
  self->engine = atelier_engine_new (self->client, self->library, atelier_catalog_get_default ());
  atelier_engine_set_user_cap (self->engine, g_settings_get_uint (self->settings, "max-concurrent-jobs"));

  /* Preferences apply at once. */
  g_signal_connect_object (self->settings, "changed::region",
                           G_CALLBACK (on_region_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::max-concurrent-jobs",
                           G_CALLBACK (on_max_concurrent_jobs_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->engine, "job-finished",
                           G_CALLBACK (on_job_finished), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (g_network_monitor_get_default (), "notify::network-available",
                           G_CALLBACK (update_online), self, G_CONNECT_SWAPPED);
  update_online (self);

  self->notifier = atelier_notifier_new (GTK_APPLICATION (self), self->engine, self->settings);
  self->background = atelier_background_new (G_APPLICATION (self), self->engine);

  /* Started by D-Bus for a search: the Shell asks again with every key typed, so the instance
   * stays a while between questions instead of starting afresh for each. */
  if (g_application_get_flags (app) & G_APPLICATION_IS_SERVICE)
    g_application_set_inactivity_timeout (app, 20000);

  atelier_keyring_load_async (self->keyring, self->cancellable, on_key_loaded, g_object_ref (self));
  atelier_library_load_async (self->library, self->cancellable, on_library_loaded, g_object_ref (self));
  /* Its own file: a damaged collections.json is set aside and never keeps the library from loading. */
  atelier_collections_load_async (self->collections, self->cancellable, NULL, NULL);
}

static void
atelier_application_activate (GApplication *app)
{
  gtk_window_present (GTK_WINDOW (get_window (ATELIER_APPLICATION (app))));
}

static void
atelier_application_open (GApplication  *app,
                          GFile        **files,
                          int            n_files,
                          const char    *hint)
{
  AtelierWindow *window = get_window (ATELIER_APPLICATION (app));

  atelier_window_add_references (window, files, n_files);
  gtk_window_present (GTK_WINDOW (window));
}

static gboolean
atelier_application_dbus_register (GApplication     *app,
                                   GDBusConnection  *connection,
                                   const char       *object_path,
                                   GError          **error)
{
  AtelierApplication *self = ATELIER_APPLICATION (app);
  g_autoptr(GError) provider_error = NULL;
  g_autofree char *provider_path = NULL;

  if (!G_APPLICATION_CLASS (atelier_application_parent_class)->dbus_register (app, connection, object_path, error))
    return FALSE;

  /* GNOME Shell searches the library through the application's own connection: a running
   * Atelier answers, or D-Bus starts a light one (no window, no jobs resumed) to answer. */
  if (self->search_provider == NULL)
    self->search_provider = atelier_search_provider_new (self);
  provider_path = g_strconcat (object_path, "/SearchProvider", NULL);
  if (!atelier_search_provider_register (self->search_provider, connection, provider_path, &provider_error))
    {
      /* Search is a convenience: Atelier starts without it. */
      g_warning ("Could not offer the library to GNOME Shell's search: %s", provider_error->message);
    }
  return TRUE;
}

static void
atelier_application_dbus_unregister (GApplication    *app,
                                     GDBusConnection *connection,
                                     const char      *object_path)
{
  AtelierApplication *self = ATELIER_APPLICATION (app);

  if (self->search_provider != NULL)
    atelier_search_provider_unregister (self->search_provider);

  G_APPLICATION_CLASS (atelier_application_parent_class)->dbus_unregister (app, connection, object_path);
}

static void
atelier_application_shutdown (GApplication *app)
{
  AtelierApplication *self = ATELIER_APPLICATION (app);

  g_cancellable_cancel (self->cancellable);
  G_APPLICATION_CLASS (atelier_application_parent_class)->shutdown (app);
}

static void
atelier_application_dispose (GObject *object)
{
  AtelierApplication *self = ATELIER_APPLICATION (object);

  g_clear_object (&self->search_provider);
  g_clear_object (&self->notifier);
  g_clear_object (&self->background);
  g_clear_pointer (&self->pending_job_id, g_free);
  g_clear_object (&self->engine);
  g_clear_object (&self->library);
  g_clear_object (&self->collections);
  g_clear_object (&self->keyring);
  g_clear_object (&self->client);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (atelier_application_parent_class)->dispose (object);
}

static void
atelier_application_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  AtelierApplication *self = ATELIER_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_KEY_RESOLVED:
      g_value_set_boolean (value, self->key_resolved);
      break;
    case PROP_LIBRARY_LOADED:
      g_value_set_boolean (value, self->library_loaded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_application_class_init (AtelierApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = atelier_application_dispose;
  object_class->get_property = atelier_application_get_property;

  properties[PROP_KEY_RESOLVED] =
    g_param_spec_boolean ("key-resolved", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LIBRARY_LOADED] =
    g_param_spec_boolean ("library-loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  app_class->startup = atelier_application_startup;
  app_class->activate = atelier_application_activate;
  app_class->open = atelier_application_open;
  app_class->shutdown = atelier_application_shutdown;
  app_class->dbus_register = atelier_application_dbus_register;
  app_class->dbus_unregister = atelier_application_dbus_unregister;
}

static void
atelier_application_about_action (GSimpleAction *action,
                                  GVariant      *parameter,
                                  gpointer       user_data)
{
  static const char *developers[] = { "The Atelier authors", NULL };
  AtelierApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  adw_show_about_window (window,
                         "application-name", _("Atelier"),
                         "application-icon", APPLICATION_ID,
                         "developer-name", _("The Atelier authors"),
                         "version", PACKAGE_VERSION,
                         "website", "https://github.com/fluxatelier/atelier",
                         "issue-url", "https://github.com/fluxatelier/atelier/issues",
                         "developers", developers,
                         "comments", _("Create and edit images with FLUX"),
                         "copyright", "© 2026 The Atelier authors",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
atelier_application_quit_action (GSimpleAction *action,
                                 GVariant      *parameter,
                                 gpointer       user_data)
{
  AtelierApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Quitting is a choice already made: closing the windows asks nothing more. Jobs still running
   * are on disk and resume at the next start. */
  self->quitting = TRUE;
  atelier_background_stop (self->background);

  /* Closing the windows saves their size; the jobs are already on disk. */
  for (GList *l = windows; l != NULL;)
    {
      GList *next = l->next;
      gtk_window_close (GTK_WINDOW (l->data));
      l = next;
    }
  g_application_quit (G_APPLICATION (self));
}

/* Raises the window at one picture: notifications and search results lead here. */
static void
atelier_application_show_job_action (GSimpleAction *action,
                                     GVariant      *parameter,
                                     gpointer       user_data)
{
  AtelierApplication *self = user_data;
  AtelierWindow *window = get_window (self);

  g_free (self->pending_job_id);
  self->pending_job_id = g_variant_dup_string (parameter, NULL);
  /* app.show-job or app.show-set: a notification's default action. */
  self->pending_is_set = g_str_equal (g_action_get_name (G_ACTION (action)), "show-set");
  if (self->library_loaded)
    show_pending_job (self);
  gtk_window_present (GTK_WINDOW (window));
}

static const GActionEntry app_actions[] = {
  { "quit", atelier_application_quit_action },
  { "about", atelier_application_about_action },
  { "show-job", atelier_application_show_job_action, "s" },
  { "show-set", atelier_application_show_job_action, "s" },
};

static void
atelier_application_init (AtelierApplication *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", (const char *[]) { "<primary>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", (const char *[]) { "<primary>w", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.preferences", (const char *[]) { "<primary>comma", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay", (const char *[]) { "<primary>question", NULL });
}
