/* test-preferences.c — the key row (environment, Test, Save, Remove) and the defaults
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs on a private session bus without a Secret Service, so Save falls back to keeping the
 * key for this session only; the real keyring round trip is tested in test-keyring.c.
 */

#include <adwaita.h>

#include "atelier-application.h"
#include "atelier-error.h"
#include "atelier-fake-bfl.h"
#include "atelier-preferences.h"
#include "atelier-test-bus.h"
#include "atelier-test-utils.h"

#define WAIT_MS 10000

typedef struct
{
  AtelierFakeBfl     *fake;
  AtelierApplication *app;
  AtelierPreferences *prefs;
} Fixture;

static GtkWidget *
child (Fixture    *fixture,
       const char *id)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (fixture->prefs), ATELIER_TYPE_PREFERENCES, id);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static const char *
status_title (Fixture *fixture)
{
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child (fixture, "status_row")));
}

static const char *
status_subtitle (Fixture *fixture)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (child (fixture, "status_row")));
}

static gboolean
key_resolved (gpointer data)
{
  return atelier_application_get_key_resolved (data);
}

static void
fixture_start (Fixture    *fixture,
               const char *environment_key)
{
  atelier_test_app_start (&fixture->fake, &fixture->app, environment_key);
  g_assert_true (atelier_test_wait_until (key_resolved, fixture->app, WAIT_MS));

  fixture->prefs = g_object_ref_sink (atelier_preferences_new (fixture->app, NULL));
  gtk_window_present (GTK_WINDOW (fixture->prefs));
}

static void
fixture_stop (Fixture *fixture)
{
  gtk_window_destroy (GTK_WINDOW (fixture->prefs));
  g_clear_object (&fixture->prefs);
  atelier_test_app_stop (&fixture->fake, &fixture->app);
}

static gboolean
test_finished (gpointer data)
{
  Fixture *fixture = data;

  return !gtk_widget_get_visible (child (fixture, "test_spinner"));
}

/* Clicks Test and returns what the status row says afterwards. */
static const char *
click_test (Fixture    *fixture,
            const char *typed_key)
{
  gtk_editable_set_text (GTK_EDITABLE (child (fixture, "key_row")), typed_key);
  g_assert_true (gtk_widget_get_sensitive (child (fixture, "test_button")));
  g_signal_emit_by_name (child (fixture, "test_button"), "clicked");
  g_assert_true (gtk_widget_get_visible (child (fixture, "test_spinner")));
  g_assert_true (atelier_test_wait_until (test_finished, fixture, WAIT_MS));

  return status_subtitle (fixture);
}

static void
test_environment_key_wins (void)
{
  Fixture fixture = { 0 };
  AtelierKeyring *keyring;

  fixture_start (&fixture, ATELIER_FAKE_KEY_VALID);
  keyring = atelier_application_get_keyring (fixture.app);

  /* The key from BFL_API_KEY is in use; it cannot be edited, saved over or removed here. */
  g_assert_cmpint (atelier_keyring_get_source (keyring), ==, ATELIER_KEY_SOURCE_ENVIRONMENT);
  g_assert_true (atelier_client_has_key (atelier_application_get_client (fixture.app)));
  g_assert_cmpstr (status_title (&fixture), ==, "The key from BFL_API_KEY is in use");
  g_assert_cmpstr (status_subtitle (&fixture), ==, "It is set in the environment and cannot be edited here.");
  g_assert_false (gtk_widget_get_sensitive (child (&fixture, "key_row")));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child (&fixture, "key_row"))), ==,
                   "API Key (set by BFL_API_KEY)");
  g_assert_false (gtk_widget_get_sensitive (child (&fixture, "save_button")));
  g_assert_false (gtk_widget_get_sensitive (child (&fixture, "remove_button")));

  /* The environment's key can still be tested: with nothing typed, Test uses the key in use. */
  g_assert_cmpstr (click_test (&fixture, ""), ==, "Valid key: 1,234.5 credits ($12.35)");
  g_assert_cmpstr (atelier_fake_bfl_get_last_request (fixture.fake, "/v1/credits")->x_key, ==,
                   ATELIER_FAKE_KEY_VALID);

  fixture_stop (&fixture);
}

static void
test_test_key (void)
{
  Fixture fixture = { 0 };
  g_autoptr(AtelierFakeBfl) closed = NULL;
  g_autofree char *closed_url = NULL;
  const char *text;

  fixture_start (&fixture, NULL);
  g_assert_cmpstr (status_title (&fixture), ==, "No key yet");
  g_assert_false (gtk_widget_get_sensitive (child (&fixture, "test_button")));

  g_assert_cmpstr (click_test (&fixture, ATELIER_FAKE_KEY_VALID), ==, "Valid key: 1,234.5 credits ($12.35)");
  g_assert_cmpstr (atelier_fake_bfl_get_last_request (fixture.fake, "/v1/credits")->x_key, ==,
                   ATELIER_FAKE_KEY_VALID);
  g_assert_cmpstr (click_test (&fixture, ATELIER_FAKE_KEY_NO_CREDITS), ==,
                   "Valid key, but out of credits: 0 credits ($0.00)");
  g_assert_cmpstr (click_test (&fixture, "bfl_not_a_key_bfl_knows"), ==, "Not valid: the key was rejected by BFL.");

  /* Testing saves nothing. */
  g_assert_false (atelier_client_has_key (atelier_application_get_client (fixture.app)));
  g_assert_cmpint (atelier_keyring_get_source (atelier_application_get_keyring (fixture.app)), ==,
                   ATELIER_KEY_SOURCE_NONE);

  /* No server: the reason says so. */
  closed = atelier_fake_bfl_new (0, NULL);
  closed_url = g_strdup (atelier_fake_bfl_get_url (closed));
  g_clear_object (&closed);
  atelier_client_set_endpoint (atelier_application_get_client (fixture.app), closed_url);
  text = click_test (&fixture, ATELIER_FAKE_KEY_VALID);
  g_assert_true (g_str_has_prefix (text, "Could not reach BFL to test the key: "));

  fixture_stop (&fixture);
}

static void
test_describe_errors (void)
{
  g_autoptr(GError) credits = g_error_new_literal (ATELIER_ERROR, ATELIER_ERROR_OUT_OF_CREDITS, "Insufficient credits.");
  g_autoptr(GError) auth = g_error_new_literal (ATELIER_ERROR, ATELIER_ERROR_AUTH, "Not authenticated.");
  g_autoptr(GError) server = g_error_new_literal (ATELIER_ERROR, ATELIER_ERROR_SERVER, "BFL had a problem (503).");
  g_autofree char *valid = atelier_preferences_describe_test_result (1234567.25, NULL);
  g_autofree char *one = atelier_preferences_describe_test_result (1, NULL);
  g_autofree char *text_402 = atelier_preferences_describe_test_result (0, credits);
  g_autofree char *text_403 = atelier_preferences_describe_test_result (0, auth);
  g_autofree char *text_503 = atelier_preferences_describe_test_result (0, server);

  g_assert_cmpstr (valid, ==, "Valid key: 1,234,567.25 credits ($12,345.67)");
  g_assert_cmpstr (one, ==, "Valid key: 1 credit ($0.01)");
  g_assert_cmpstr (text_402, ==, "The key works, but the account is out of credits.");
  g_assert_cmpstr (text_403, ==, "Not valid: the key was rejected by BFL.");
  g_assert_cmpstr (text_503, ==, "The test failed: BFL had a problem (503).");
}

static gboolean
source_is (gpointer data)
{
  gpointer *pair = data;

  return (int) atelier_keyring_get_source (pair[0]) == GPOINTER_TO_INT (pair[1]);
}

static void
test_save_and_remove_for_the_session (void)
{
  Fixture fixture = { 0 };
  AtelierKeyring *keyring;
  AtelierClient *client;
  gpointer pair[2];

  fixture_start (&fixture, NULL);
  keyring = atelier_application_get_keyring (fixture.app);
  client = atelier_application_get_client (fixture.app);
  pair[0] = keyring;

  gtk_editable_set_text (GTK_EDITABLE (child (&fixture, "key_row")), "  " ATELIER_FAKE_KEY_VALID "\n");
  g_assert_true (gtk_widget_get_sensitive (child (&fixture, "save_button")));
  g_signal_emit_by_name (child (&fixture, "save_button"), "clicked");

  pair[1] = GINT_TO_POINTER (ATELIER_KEY_SOURCE_SESSION);
  g_assert_true (atelier_test_wait_until (source_is, pair, WAIT_MS));
  g_assert_true (atelier_test_wait_until ((gboolean (*) (gpointer)) gtk_widget_get_sensitive,
                                          child (&fixture, "remove_button"), WAIT_MS));

  /* The key is in use, trimmed, and no longer shown. */
  g_assert_cmpstr (atelier_keyring_get_key (keyring), ==, ATELIER_FAKE_KEY_VALID);
  g_assert_true (atelier_client_has_key (client));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (&fixture, "key_row"))), ==, "");
  g_assert_cmpstr (status_title (&fixture), ==, "The key is kept for this session only");
  g_assert_cmpstr (status_subtitle (&fixture), ==,
                   "No keyring (Secret Service) is available, so Atelier forgets the key when it quits.");

  /* Test with nothing typed uses the saved key. */
  g_assert_cmpstr (click_test (&fixture, ""), ==, "Valid key: 1,234.5 credits ($12.35)");

  g_signal_emit_by_name (child (&fixture, "remove_button"), "clicked");
  pair[1] = GINT_TO_POINTER (ATELIER_KEY_SOURCE_NONE);
  g_assert_true (atelier_test_wait_until (source_is, pair, WAIT_MS));
  g_assert_false (atelier_client_has_key (client));
  g_assert_cmpstr (status_title (&fixture), ==, "No key yet");
  g_assert_false (gtk_widget_get_sensitive (child (&fixture, "remove_button")));

  fixture_stop (&fixture);
}

static void
test_defaults_apply_at_once (void)
{
  Fixture fixture = { 0 };
  GSettings *settings;
  AtelierEngine *engine;
  guint cap = 0;
  g_autofree char *region = NULL;
  g_autofree char *format = NULL;
  g_autofree char *cap_setting = NULL;
  g_autofree char *copy_folder = NULL;

  fixture_start (&fixture, NULL);
  settings = atelier_application_get_settings (fixture.app);
  engine = atelier_application_get_engine (fixture.app);

  adw_combo_row_set_selected (ADW_COMBO_ROW (child (&fixture, "region_row")), 1);
  region = g_settings_get_string (settings, "region");
  g_assert_cmpstr (region, ==, "eu");
  g_assert_cmpint (atelier_client_get_region (atelier_application_get_client (fixture.app)), ==, ATELIER_REGION_EU);

  adw_combo_row_set_selected (ADW_COMBO_ROW (child (&fixture, "format_row")), 2);
  format = g_settings_get_string (settings, "output-format");
  g_assert_cmpstr (format, ==, "png");

  adw_combo_row_set_selected (ADW_COMBO_ROW (child (&fixture, "reference_cap_row")), 3);
  cap_setting = g_settings_get_string (settings, "reference-cap");
  g_assert_cmpstr (cap_setting, ==, "1mp");

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (child (&fixture, "jobs_spin")), 3);
  g_assert_cmpuint (g_settings_get_uint (settings, "max-concurrent-jobs"), ==, 3);
  g_object_get (engine, "user-cap", &cap, NULL);
  g_assert_cmpuint (cap, ==, 3);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (child (&fixture, "spend_guard_spin")), 120);
  g_assert_cmpfloat (g_settings_get_double (settings, "spend-guard"), ==, 120);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (child (&fixture, "safety_spin")), 5);
  g_assert_cmpint (g_settings_get_int (settings, "safety-tolerance"), ==, 5);

  /* The copy folder row says where images go, and offers to stop. */
  g_assert_false (gtk_widget_get_visible (child (&fixture, "copy_folder_clear_button")));
  g_settings_set_string (settings, "copy-folder", atelier_test_get_tmp_dir ());
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (&fixture, "copy_folder_row"))), ==,
                   atelier_test_get_tmp_dir ());
  g_assert_true (gtk_widget_get_visible (child (&fixture, "copy_folder_clear_button")));
  g_signal_emit_by_name (child (&fixture, "copy_folder_clear_button"), "clicked");
  copy_folder = g_settings_get_string (settings, "copy-folder");
  g_assert_cmpstr (copy_folder, ==, "");

  fixture_stop (&fixture);
}

int
main (int   argc,
      char *argv[])
{
  atelier_test_init (&argc, &argv);

  /* No Secret Service: keys are kept for the session only (test-keyring.c covers the real one). */
  atelier_test_start_private_bus ();
  g_setenv ("ATELIER_ASSUME_ONLINE", "1", TRUE);

  g_test_add_func ("/preferences/environment-key-wins", test_environment_key_wins);
  g_test_add_func ("/preferences/test-key", test_test_key);
  g_test_add_func ("/preferences/describe-errors", test_describe_errors);
  g_test_add_func ("/preferences/save-and-remove-for-the-session", test_save_and_remove_for_the_session);
  g_test_add_func ("/preferences/defaults-apply-at-once", test_defaults_apply_at_once);

  return g_test_run ();
}
