/* atelier-preferences.c — the key, and the defaults every new image starts from
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-credits-button.h"
#include "atelier-error.h"
#include "atelier-file-chooser.h"
#include "atelier-preferences.h"

struct _AtelierPreferences
{
  AdwPreferencesWindow  parent_instance;

  AtelierApplication   *application;
  GCancellable         *cancellable;     /* key tests; cancelled in dispose */
  gboolean              choosing_folder;
  gboolean              busy;            /* a keyring call is in flight */
  gboolean              testing;
  gboolean              disposed;        /* a keyring call outlived the window */

  AdwPasswordEntryRow  *key_row;
  GtkButton            *save_button;
  AdwActionRow         *status_row;
  GtkImage             *status_icon;
  GtkSpinner           *test_spinner;
  GtkButton            *test_button;
  GtkButton            *remove_button;

  AdwComboRow          *region_row;
  AdwComboRow          *format_row;
  GtkSpinButton        *safety_spin;
  AdwComboRow          *reference_cap_row;
  GtkSpinButton        *jobs_spin;
  GtkSpinButton        *spend_guard_spin;
  GtkSwitch            *notify_switch;
  AdwActionRow         *copy_folder_row;
  GtkButton            *copy_folder_clear_button;
};

G_DEFINE_FINAL_TYPE (AtelierPreferences, atelier_preferences, ADW_TYPE_PREFERENCES_WINDOW)

/* The choices of the combo rows, in the order of their .ui string lists. */
static const char * const region_values[] = { "global", "eu", "us", NULL };
static const char * const format_values[] = { "default", "jpeg", "png", "webp", NULL };
static const char * const reference_cap_values[] = { "original", "4mp", "2mp", "1mp", NULL };

static AtelierKeyring *
get_keyring (AtelierPreferences *self)
{
  return atelier_application_get_keyring (self->application);
}

static AtelierClient *
get_client (AtelierPreferences *self)
{
  return atelier_application_get_client (self->application);
}

/* The typed key, trimmed, or NULL when the entry is empty. */
static char *
dup_entered_key (AtelierPreferences *self)
{
  g_autofree char *key = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->key_row))));

  return *key != '\0' ? g_steal_pointer (&key) : NULL;
}

static void
set_status_icon (AtelierPreferences *self,
                 const char         *icon_name,
                 const char         *css_class)
{
  gtk_image_set_from_icon_name (self->status_icon, icon_name);
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "warning");
  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), css_class);
}

/* Where the key comes from, said in the status row; the entry and buttons follow. */
static void
update_key_state (AtelierPreferences *self)
{
  AtelierKeySource source = atelier_keyring_get_source (get_keyring (self));
  gboolean from_environment = source == ATELIER_KEY_SOURCE_ENVIRONMENT;
  gboolean has_stored = source == ATELIER_KEY_SOURCE_KEYRING || source == ATELIER_KEY_SOURCE_SESSION;
  g_autofree char *entered = dup_entered_key (self);
  const char *title;
  const char *subtitle;

  switch (source)
    {
    case ATELIER_KEY_SOURCE_ENVIRONMENT:
      title = _("The key from BFL_API_KEY is in use");
      subtitle = _("It is set in the environment and cannot be edited here.");
      break;
    case ATELIER_KEY_SOURCE_KEYRING:
      title = _("A key is saved in your keyring");
      subtitle = _("Type a new key above to replace it.");
      break;
    case ATELIER_KEY_SOURCE_SESSION:
      title = _("The key is kept for this session only");
      subtitle = _("No keyring (Secret Service) is available, so Atelier forgets the key when it quits.");
      break;
    case ATELIER_KEY_SOURCE_NONE:
    default:
      title = _("No key yet");
      subtitle = _("Paste a key from the BFL dashboard above and save it.");
      break;
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row), title);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->key_row),
                                 from_environment ? _("API Key (set by BFL_API_KEY)") : _("API Key"));
  adw_action_row_set_subtitle (self->status_row, subtitle);
  set_status_icon (self, from_environment ? "system-run-symbolic" : "dialog-password-symbolic", NULL);

  /* Not made insensitive while saving: a focused entry losing sensitivity never gets its focus-out. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->key_row), !from_environment);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), !from_environment && !self->busy && entered != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->remove_button), has_stored && !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button),
                            !self->testing && (entered != NULL || atelier_client_has_key (get_client (self))));
}

static void
show_test_result (AtelierPreferences *self,
                  const char         *text,
                  gboolean            good)
{
  adw_action_row_set_subtitle (self->status_row, text);
  set_status_icon (self,
                   good ? "emblem-ok-symbolic" : "dialog-warning-symbolic",
                   good ? "success" : "error");
}

static void
set_testing (AtelierPreferences *self,
             gboolean            testing)
{
  self->testing = testing;
  gtk_spinner_set_spinning (self->test_spinner, testing);
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), testing);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), !testing);
}

static void
refresh_window_credits (AtelierPreferences *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  /* The header bar's balance belongs to the key just saved or removed. */
  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.refresh-credits", NULL);
}

char *
atelier_preferences_describe_test_result (double        credits,
                                          const GError *error)
{
  g_autofree char *balance = NULL;
  g_autofree char *dollars = NULL;

  if (error == NULL)
    {
      balance = atelier_format_credit_balance (credits);
      dollars = atelier_format_credit_dollars (credits);
      if (credits <= 0)
        /* Translators: the key works but the account is empty, e.g. "0 credits ($0.00)" */
        return g_strdup_printf (_("Valid key, but out of credits: %s (%s)"), balance, dollars);
      /* Translators: e.g. "Valid key: 1,234.5 credits ($12.35)" */
      return g_strdup_printf (_("Valid key: %s (%s)"), balance, dollars);
    }

  if (error->domain == ATELIER_ERROR)
    {
      switch (error->code)
        {
        case ATELIER_ERROR_AUTH:
          return g_strdup (_("Not valid: the key was rejected by BFL."));
        case ATELIER_ERROR_OUT_OF_CREDITS:
          return g_strdup (_("The key works, but the account is out of credits."));
        case ATELIER_ERROR_NETWORK:
          /* Translators: %s says what went wrong with the connection */
          return g_strdup_printf (_("Could not reach BFL to test the key: %s"), error->message);
        default:
          break;
        }
    }

  /* Translators: %s is the reason, a sentence */
  return g_strdup_printf (_("The test failed: %s"), error->message);
}

static void
on_credits_tested (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(AtelierPreferences) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  double credits = 0;

  atelier_client_get_credits_finish (ATELIER_CLIENT (source), result, &credits, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_testing (self, FALSE);
  text = atelier_preferences_describe_test_result (credits, error);
  show_test_result (self, text, error == NULL && credits > 0);
}

static void
on_test_clicked (AtelierPreferences *self)
{
  g_autofree char *entered = dup_entered_key (self);

  if (entered == NULL && !atelier_client_has_key (get_client (self)))
    return;

  set_testing (self, TRUE);
  /* The typed key when there is one, else the key in use. */
  atelier_client_get_credits_async (get_client (self), entered, self->cancellable,
                                    on_credits_tested, g_object_ref (self));
}

static void
on_key_stored (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(AtelierPreferences) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  AtelierKeyring *keyring = ATELIER_KEYRING (source);
  gboolean stored;

  stored = atelier_keyring_store_finish (keyring, result, &error);
  self->busy = FALSE;

  /* Without a Secret Service the keyring keeps the key for this session: still a usable key.
   * The client follows even when the window was closed meanwhile. */
  if (stored || atelier_keyring_get_source (keyring) == ATELIER_KEY_SOURCE_SESSION)
    {
      atelier_client_set_key (get_client (self), atelier_keyring_get_key (keyring));
      if (self->disposed)
        return;
      gtk_editable_set_text (GTK_EDITABLE (self->key_row), "");
      update_key_state (self);
      refresh_window_credits (self);
      return;
    }

  if (self->disposed)
    return;
  update_key_state (self);
  /* Translators: %s is the keyring's reason */
  text = g_strdup_printf (_("Could not save the key: %s"), error != NULL ? error->message : "");
  show_test_result (self, text, FALSE);
}

static void
save_key (AtelierPreferences *self)
{
  g_autofree char *key = dup_entered_key (self);

  if (key == NULL || self->busy
      || atelier_keyring_get_source (get_keyring (self)) == ATELIER_KEY_SOURCE_ENVIRONMENT)
    return;

  self->busy = TRUE;
  update_key_state (self);
  /* Not cancelled with the window: a key being saved must reach the client. */
  atelier_keyring_store_async (get_keyring (self), key, NULL,
                               on_key_stored, g_object_ref (self));
}

static void
on_save_clicked (AtelierPreferences *self)
{
  save_key (self);
}

static void
on_key_row_activated (AtelierPreferences *self)
{
  save_key (self);
}

static void
on_key_row_changed (AtelierPreferences *self)
{
  update_key_state (self);
}

static void
on_key_cleared (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(AtelierPreferences) self = user_data;
  g_autoptr(GError) error = NULL;
  AtelierKeyring *keyring = ATELIER_KEYRING (source);

  atelier_keyring_clear_finish (keyring, result, &error);
  self->busy = FALSE;
  /* An environment key (if any) stays in use; otherwise there is no key now. */
  atelier_client_set_key (get_client (self), atelier_keyring_get_key (keyring));
  if (self->disposed)
    return;
  update_key_state (self);
  refresh_window_credits (self);

  if (error != NULL)
    {
      /* Translators: %s is the keyring's reason */
      g_autofree char *text = g_strdup_printf (_("Could not remove the key: %s"), error->message);
      show_test_result (self, text, FALSE);
    }
}

static void
on_remove_clicked (AtelierPreferences *self)
{
  if (self->busy)
    return;

  self->busy = TRUE;
  update_key_state (self);
  atelier_keyring_clear_async (get_keyring (self), NULL,
                               on_key_cleared, g_object_ref (self));
}

/* GSettings string ↔ combo row position */

static gboolean
get_choice_mapping (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  const char * const *values = user_data;
  const char *string = g_variant_get_string (variant, NULL);

  for (guint i = 0; values[i] != NULL; i++)
    if (g_str_equal (values[i], string))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }

  return FALSE;
}

static GVariant *
set_choice_mapping (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  const char * const *values = user_data;
  guint position = g_value_get_uint (value);

  if (position >= g_strv_length ((char **) values))
    return NULL;

  return g_variant_new_string (values[position]);
}

static void
bind_choice (GSettings          *settings,
             const char         *key,
             AdwComboRow        *row,
             const char * const *values)
{
  g_settings_bind_with_mapping (settings, key, row, "selected", G_SETTINGS_BIND_DEFAULT,
                                get_choice_mapping, set_choice_mapping, (gpointer) values, NULL);
}

/* The copy folder */

static void
update_copy_folder_row (AtelierPreferences *self)
{
  GSettings *settings = atelier_application_get_settings (self->application);
  g_autofree char *folder = g_settings_get_string (settings, "copy-folder");
  gboolean set = folder != NULL && *folder != '\0';

  if (set)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (folder);
      g_autofree char *display = g_file_get_parse_name (file);

      adw_action_row_set_subtitle (self->copy_folder_row, display);
    }
  else
    adw_action_row_set_subtitle (self->copy_folder_row,
                                 _("Off. Finished images stay in Atelier’s library."));

  gtk_widget_set_visible (GTK_WIDGET (self->copy_folder_clear_button), set);
}

static void
on_folder_chosen (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(AtelierPreferences) self = user_data;
  g_autoptr(GFile) folder = atelier_file_chooser_run_finish_file (result, NULL);
  g_autofree char *path = folder != NULL ? g_file_get_path (folder) : NULL;
  g_autofree char *uri = folder != NULL && path == NULL ? g_file_get_uri (folder) : NULL;

  self->choosing_folder = FALSE;
  if (self->disposed)
    return;
  if (path != NULL || uri != NULL)
    g_settings_set_string (atelier_application_get_settings (self->application), "copy-folder",
                           path != NULL ? path : uri);
}

static void
on_copy_folder_choose_clicked (AtelierPreferences *self)
{
  if (self->choosing_folder)
    return;

  self->choosing_folder = TRUE;
  atelier_file_chooser_run (GTK_WIDGET (self), ATELIER_FILE_CHOOSER_SELECT_FOLDER,
                            _("Also Copy Finished Images To"), _("_Select"), NULL, NULL,
                            self->cancellable, on_folder_chosen, g_object_ref (self));
}

static void
on_copy_folder_clear_clicked (AtelierPreferences *self)
{
  g_settings_set_string (atelier_application_get_settings (self->application), "copy-folder", "");
}

AtelierPreferences *
atelier_preferences_new (AtelierApplication *application,
                         GtkWindow          *parent)
{
  AtelierPreferences *self;
  GSettings *settings;

  g_return_val_if_fail (ATELIER_IS_APPLICATION (application), NULL);

  self = g_object_new (ATELIER_TYPE_PREFERENCES,
                       "transient-for", parent,
                       "application", application,
                       NULL);
  self->application = g_object_ref (application);
  settings = atelier_application_get_settings (application);

  /* Every change applies at once: the application follows these keys. */
  bind_choice (settings, "region", self->region_row, region_values);
  bind_choice (settings, "output-format", self->format_row, format_values);
  bind_choice (settings, "reference-cap", self->reference_cap_row, reference_cap_values);
  g_settings_bind (settings, "safety-tolerance", self->safety_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "max-concurrent-jobs", self->jobs_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "spend-guard", self->spend_guard_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "notify-when-done", self->notify_switch, "active", G_SETTINGS_BIND_DEFAULT);

  g_signal_connect_object (settings, "changed::copy-folder",
                           G_CALLBACK (update_copy_folder_row), self, G_CONNECT_SWAPPED);
  update_copy_folder_row (self);

  g_signal_connect_object (get_keyring (self), "notify::source",
                           G_CALLBACK (update_key_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (get_client (self), "notify::has-key",
                           G_CALLBACK (update_key_state), self, G_CONNECT_SWAPPED);
  update_key_state (self);

  /* Opened from "Add Key…": the key is what the person came for. */
  if (atelier_keyring_get_source (get_keyring (self)) == ATELIER_KEY_SOURCE_NONE)
    gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->key_row));

  return self;
}

static void
atelier_preferences_dispose (GObject *object)
{
  AtelierPreferences *self = ATELIER_PREFERENCES (object);

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->application);

  G_OBJECT_CLASS (atelier_preferences_parent_class)->dispose (object);
}

static void
atelier_preferences_class_init (AtelierPreferencesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = atelier_preferences_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fluxatelier/Atelier/ui/atelier-preferences.ui");
  gtk_widget_class_bind_template_child (widget_class, AtelierPreferences, key_row);
  gtk_widget_class_bind_template_child (widget_class, AtelierPreferences, notify_switch);
  gtk_widget_class_bind_template_child (widget_class, AtelierPreferences, save_button);
  gtk_widget_class_bind_template_child (widget_class, AtelierPreferences, status_row);
  gtk_widget_class_bind_template_child (widget_class, AtelierPreferences, status_icon);
  gtk_widget_class_bind_template_child (widget_class, AtelierPreferences, test_spinner);
  gtk_widget_class_bind_template_child (widget_class, AtelierPreferences, test_button);
  gtk_widget_class_bind_template_child (widget_class, AtelierPreferences, remove_button);
  gtk_widget_class_bind_template_child (widget_class, AtelierPreferences, region_row);
  gtk_widget_class_bind_template_child (widget_class, AtelierPreferences, format_row);
  gtk_widget_class_bind_template_child (widget_class, AtelierPreferences, safety_spin);
  gtk_widget_class_bind_template_child (widget_class, AtelierPreferences, reference_cap_row);
  gtk_widget_class_bind_template_child (widget_class, AtelierPreferences, jobs_spin);
  gtk_widget_class_bind_template_child (widget_class, AtelierPreferences, spend_guard_spin);
  gtk_widget_class_bind_template_child (widget_class, AtelierPreferences, copy_folder_row);
  gtk_widget_class_bind_template_child (widget_class, AtelierPreferences, copy_folder_clear_button);
  gtk_widget_class_bind_template_callback (widget_class, on_key_row_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_key_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_test_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_remove_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_folder_choose_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_folder_clear_clicked);
}

static void
atelier_preferences_init (AtelierPreferences *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
}
