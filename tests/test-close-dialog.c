/* test-close-dialog.c — closing the window while pictures are generating: keep them going in the
 * background, quit (they resume at the next start), or stay
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <adwaita.h>

#include "atelier-application.h"
#include "atelier-background.h"
#include "atelier-close-dialog.h"
#include "atelier-engine-private.h"
#include "atelier-fake-bfl.h"
#include "atelier-library-private.h"
#include "atelier-test-bus.h"
#include "atelier-test-utils.h"
#include "atelier-window.h"

#define WAIT_MS 15000

/* A stand-in for xdg-desktop-portal's Background portal, on a connection of its own: it answers
 * RequestBackground with the Request path the caller predicted, then sends Response there. */
static const char portal_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.portal.Background'>"
  "    <method name='RequestBackground'>"
  "      <arg type='s' direction='in'/><arg type='a{sv}' direction='in'/><arg type='o' direction='out'/>"
  "    </method>"
  "  </interface>"
  "</node>";

typedef struct
{
  GDBusConnection *connection;
  guint            n_requests;
  GVariant        *options;
  char            *handle;
} FakePortal;

static FakePortal portal;

static void
on_portal_call (GDBusConnection       *connection,
                const char            *sender,
                const char            *object_path,
                const char            *interface_name,
                const char            *method_name,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  g_autofree char *escaped = g_strdup (sender + 1);
  const char *token = NULL;
  GVariantBuilder results;

  g_clear_pointer (&portal.options, g_variant_unref);
  g_clear_pointer (&portal.handle, g_free);
  g_variant_get (parameters, "(&s@a{sv})", NULL, &portal.options);
  g_assert_true (g_variant_lookup (portal.options, "handle_token", "&s", &token));
  g_strdelimit (escaped, ".", '_');
  portal.handle = g_strdup_printf ("/org/freedesktop/portal/desktop/request/%s/%s", escaped, token);
  portal.n_requests++;
  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(o)", portal.handle));

  g_variant_builder_init (&results, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&results, "{sv}", "background", g_variant_new_boolean (TRUE));
  g_dbus_connection_emit_signal (connection, sender, portal.handle, "org.freedesktop.portal.Request",
                                 "Response", g_variant_new ("(ua{sv})", 0, &results), NULL);
}

static const GDBusInterfaceVTable portal_vtable = { on_portal_call, NULL, NULL, { NULL, } };

static void
start_fake_portal (void)
{
  portal.connection = atelier_test_own_service ("org.freedesktop.portal.Desktop",
                                                "/org/freedesktop/portal/desktop", portal_xml,
                                                &portal_vtable, NULL);
}

typedef struct
{
  AtelierFakeBfl     *fake;
  AtelierApplication *app;
  AtelierEngine      *engine;
  AtelierWindow      *window;
  GPtrArray          *jobs;
} Fixture;

static gboolean
ready_to_generate (gpointer data)
{
  AtelierApplication *app = data;

  return atelier_application_get_key_resolved (app) && atelier_application_get_library_loaded (app);
}

static gboolean
window_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *library = g_build_filename (g_get_user_data_dir (), "atelier", NULL);

  /* Each test starts with an empty library: jobs a previous test left running would be resumed. */
  atelier_test_rm_rf (library);
  atelier_test_app_start (&fixture->fake, &fixture->app, ATELIER_FAKE_KEY_VALID);
  g_assert_true (atelier_test_wait_until (ready_to_generate, fixture->app, WAIT_MS));
  /* No notification daemon on the test bus; test-notifier covers notifications. */
  g_settings_set_boolean (atelier_application_get_settings (fixture->app), "notify-when-done", FALSE);
  fixture->engine = atelier_application_get_engine (fixture->app);
  _atelier_engine_set_timing (fixture->engine, 40, 40);
  fixture->window = g_object_ref (atelier_window_new (fixture->app));
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (atelier_test_wait_until (window_mapped, fixture->window, WAIT_MS));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  atelier_background_stop (atelier_application_get_background (fixture->app));
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (fixture->app)); l != NULL;
       l = gtk_application_get_windows (GTK_APPLICATION (fixture->app)))
    gtk_window_destroy (l->data);
  g_clear_object (&fixture->window);
  g_clear_pointer (&fixture->jobs, g_ptr_array_unref);
  atelier_test_app_stop (&fixture->fake, &fixture->app);
}

static void
generate (Fixture *fixture,
          guint    task_ms,
          guint    batch)
{
  g_autoptr(AtelierRecipe) recipe = atelier_recipe_new ();
  g_autoptr(GError) error = NULL;

  atelier_fake_bfl_set_task_time (fixture->fake, task_ms);
  atelier_recipe_set_model_id (recipe, "flux-2-pro");
  atelier_recipe_set_prompt (recipe, "A harbour at night");
  atelier_recipe_set_size (recipe, 512, 512);
  fixture->jobs = atelier_engine_generate (fixture->engine, recipe, batch, &error);
  g_assert_no_error (error);
}

static gboolean
all_final (gpointer data)
{
  GPtrArray *jobs = data;

  for (guint i = 0; i < jobs->len; i++)
    if (!atelier_job_state_is_final (atelier_job_get_state (g_ptr_array_index (jobs, i))))
      return FALSE;
  return TRUE;
}

static gboolean
all_pending (gpointer data)
{
  GPtrArray *jobs = data;

  for (guint i = 0; i < jobs->len; i++)
    if (atelier_job_get_state (g_ptr_array_index (jobs, i)) != ATELIER_JOB_PENDING)
      return FALSE;
  return TRUE;
}

/* The records as a new start would read them: every job there, pending at BFL. */
static gboolean
records_pending_on_disk (gpointer data)
{
  GPtrArray *jobs = data;
  g_autoptr(AtelierLibrary) reloaded = atelier_library_new (NULL);

  if (!_atelier_library_load (reloaded, NULL))
    return FALSE;
  for (guint i = 0; i < jobs->len; i++)
    {
      AtelierJob *job = atelier_test_lookup (reloaded, atelier_job_get_id (g_ptr_array_index (jobs, i)));

      if (job == NULL || atelier_job_get_state (job) != ATELIER_JOB_PENDING)
        return FALSE;
    }
  return TRUE;
}

static gboolean
window_gone (gpointer data)
{
  Fixture *fixture = data;

  return gtk_application_get_windows (GTK_APPLICATION (fixture->app)) == NULL;
}

static gboolean
background_inactive (gpointer data)
{
  return !atelier_background_get_active (data);
}

/* For screenshots: ATELIER_TEST_PAUSE_MS keeps the dialog up that long. */
static void
maybe_pause (void)
{
  const char *pause = g_getenv ("ATELIER_TEST_PAUSE_MS");
  gboolean done = FALSE;

  if (pause != NULL)
    atelier_test_wait_for_flag (&done, (guint) g_ascii_strtoull (pause, NULL, 10));
}

static AdwMessageDialog *
close_and_expect_dialog (Fixture *fixture)
{
  GtkWidget *dialog;
  const char *body;

  gtk_window_close (GTK_WINDOW (fixture->window));
  dialog = atelier_close_dialog_get (fixture->window);
  g_assert_nonnull (dialog);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  /* The window stays until the person chose. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->window)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (fixture->window));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));

  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Keep Generating in the Background?");
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
  g_assert_true (g_str_has_prefix (body, "2 pictures are still being generated."));
  /* Quitting loses nothing, and the dialog says so. */
  g_assert_nonnull (strstr (body, "If you quit, they are kept and resume the next time you open Atelier"));
  g_assert_cmpstr (adw_message_dialog_get_response_label (ADW_MESSAGE_DIALOG (dialog), ATELIER_CLOSE_RESPONSE_BACKGROUND),
                   ==, "_Run in Background");
  g_assert_cmpstr (adw_message_dialog_get_response_label (ADW_MESSAGE_DIALOG (dialog), ATELIER_CLOSE_RESPONSE_QUIT),
                   ==, "_Quit");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (ADW_MESSAGE_DIALOG (dialog), ATELIER_CLOSE_RESPONSE_BACKGROUND),
                   ==, ADW_RESPONSE_SUGGESTED);
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)), ==,
                   ATELIER_CLOSE_RESPONSE_BACKGROUND);
  g_assert_cmpstr (adw_message_dialog_get_close_response (ADW_MESSAGE_DIALOG (dialog)), ==,
                   ATELIER_CLOSE_RESPONSE_CANCEL);

  /* A second close does not stack a second dialog. */
  gtk_window_close (GTK_WINDOW (fixture->window));
  g_assert_true (atelier_close_dialog_get (fixture->window) == dialog);

  maybe_pause ();
  return ADW_MESSAGE_DIALOG (dialog);
}

/* Nothing running: the window just closes. */
static void
test_close_idle (Fixture       *fixture,
                 gconstpointer  user_data)
{
  gtk_window_close (GTK_WINDOW (fixture->window));
  g_assert_null (atelier_close_dialog_get (fixture->window));
  g_assert_true (atelier_test_wait_until (window_gone, fixture, WAIT_MS));
  g_assert_false (atelier_background_get_active (atelier_application_get_background (fixture->app)));
}

/* Cancel: the window and the jobs stay as they were. */
static void
test_close_cancel (Fixture       *fixture,
                   gconstpointer  user_data)
{
  AdwMessageDialog *dialog;

  generate (fixture, 60000, 2);
  dialog = close_and_expect_dialog (fixture);
  adw_message_dialog_response (dialog, ATELIER_CLOSE_RESPONSE_CANCEL);

  g_assert_null (atelier_close_dialog_get (fixture->window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->window)));
  g_assert_false (atelier_background_get_active (atelier_application_get_background (fixture->app)));
  g_assert_false (atelier_application_get_quitting (fixture->app));
  g_assert_cmpuint (atelier_engine_get_n_running (fixture->engine), ==, 2);
}

/* Run in Background: the window goes, the application is held until the jobs are done and saved,
 * then let go. */
static void
test_close_background (Fixture       *fixture,
                       gconstpointer  user_data)
{
  AtelierBackground *background = atelier_application_get_background (fixture->app);
  AdwMessageDialog *dialog;
  g_autoptr(AtelierLibrary) reloaded = NULL;
  g_autoptr(GError) error = NULL;

  generate (fixture, 1500, 2);
  dialog = close_and_expect_dialog (fixture);
  adw_message_dialog_response (dialog, ATELIER_CLOSE_RESPONSE_BACKGROUND);

  g_assert_true (atelier_test_wait_until (window_gone, fixture, WAIT_MS));
  g_assert_true (atelier_background_get_active (background));
  g_assert_false (atelier_application_get_quitting (fixture->app));

  g_assert_true (atelier_test_wait_until (all_final, fixture->jobs, WAIT_MS));
  /* Let go only once the final records are written. */
  g_assert_true (atelier_test_wait_until (background_inactive, background, WAIT_MS));

  /* Finished and saved: the next start shows them. */
  reloaded = atelier_library_new (NULL);
  g_assert_true (_atelier_library_load (reloaded, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < fixture->jobs->len; i++)
    {
      AtelierJob *job = atelier_test_lookup (reloaded, atelier_job_get_id (g_ptr_array_index (fixture->jobs, i)));

      g_assert_nonnull (job);
      g_assert_cmpint (atelier_job_get_state (job), ==, ATELIER_JOB_READY);
      g_assert_true (g_file_query_exists (atelier_job_get_image_file (job), NULL));
    }
}

/* Quit: the application quits without asking again; the unfinished jobs are on disk, ready to
 * be resumed by the next start. */
static void
test_close_quit (Fixture       *fixture,
                 gconstpointer  user_data)
{
  AdwMessageDialog *dialog;

  generate (fixture, 60000, 2);
  g_assert_true (atelier_test_wait_until (all_pending, fixture->jobs, WAIT_MS));
  dialog = close_and_expect_dialog (fixture);
  adw_message_dialog_response (dialog, ATELIER_CLOSE_RESPONSE_QUIT);

  g_assert_true (atelier_application_get_quitting (fixture->app));
  g_assert_true (atelier_test_wait_until (window_gone, fixture, WAIT_MS));
  g_assert_false (atelier_background_get_active (atelier_application_get_background (fixture->app)));

  /* What the next start reads: both jobs, submitted and not final, so resume polls them. */
  g_assert_true (atelier_test_wait_until (records_pending_on_disk, fixture->jobs, WAIT_MS));
}

static gboolean
portal_asked (gpointer data)
{
  return portal.n_requests > 0;
}

/* Inside Flatpak, running in the background is asked of the Background portal first, with a reason
 * a person can read; the hold does not wait for the answer. */
static void
test_close_background_flatpak (Fixture       *fixture,
                               gconstpointer  user_data)
{
  g_autofree char *info = g_build_filename (atelier_test_get_tmp_dir (), "flatpak-info", NULL);
  AtelierBackground *background = atelier_application_get_background (fixture->app);
  AdwMessageDialog *dialog;
  const char *reason = NULL;
  gboolean autostart = TRUE;

  g_assert_true (g_file_set_contents (info, "[Application]\nname=io.github.fluxatelier.Atelier\n", -1, NULL));
  g_setenv ("ATELIER_FLATPAK_INFO", info, TRUE);

  generate (fixture, 1500, 2);
  dialog = close_and_expect_dialog (fixture);
  adw_message_dialog_response (dialog, ATELIER_CLOSE_RESPONSE_BACKGROUND);
  g_assert_true (atelier_background_get_active (background));

  g_assert_true (atelier_test_wait_until (portal_asked, NULL, WAIT_MS));
  g_assert_cmpuint (portal.n_requests, ==, 1);
  g_assert_true (g_variant_lookup (portal.options, "reason", "&s", &reason));
  g_assert_cmpstr (reason, ==, "Finish and save the pictures that are still generating");
  g_assert_true (g_variant_lookup (portal.options, "autostart", "b", &autostart));
  g_assert_false (autostart);

  g_assert_true (atelier_test_wait_until (all_final, fixture->jobs, WAIT_MS));
  g_assert_true (atelier_test_wait_until (background_inactive, background, WAIT_MS));
  g_unsetenv ("ATELIER_FLATPAK_INFO");
}

int
main (int   argc,
      char *argv[])
{
  atelier_test_init (&argc, &argv);
  atelier_test_start_private_bus ();
  start_fake_portal ();

  g_test_add ("/close-dialog/idle", Fixture, NULL, fixture_set_up, test_close_idle, fixture_tear_down);
  g_test_add ("/close-dialog/cancel", Fixture, NULL, fixture_set_up, test_close_cancel, fixture_tear_down);
  g_test_add ("/close-dialog/background", Fixture, NULL, fixture_set_up, test_close_background, fixture_tear_down);
  g_test_add ("/close-dialog/background-flatpak", Fixture, NULL, fixture_set_up, test_close_background_flatpak, fixture_tear_down);
  g_test_add ("/close-dialog/quit", Fixture, NULL, fixture_set_up, test_close_quit, fixture_tear_down);
  return g_test_run ();
}
