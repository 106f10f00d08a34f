/* test-notifier.c — the notification when pictures finish while the window is not focused:
 * what it says, that jobs of one Generate give one notification, and where its action leads
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <adwaita.h>

#include "atelier-application.h"
#include "atelier-engine-private.h"
#include "atelier-fake-bfl.h"
#include "atelier-gallery.h"
#include "atelier-notifier.h"
#include "atelier-test-bus.h"
#include "atelier-test-utils.h"
#include "atelier-window.h"

#define WAIT_MS 15000

/* A stand-in for GNOME Shell's org.gtk.Notifications, on a connection of its own: GIO sends
 * GNotifications there when the name is owned (the "gtk" backend). */
static const char notifications_xml[] =
  "<node>"
  "  <interface name='org.gtk.Notifications'>"
  "    <method name='AddNotification'>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='a{sv}' direction='in'/>"
  "    </method>"
  "    <method name='RemoveNotification'>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "    </method>"
  "  </interface>"
  "</node>";

typedef struct
{
  GDBusConnection *connection;
  guint            n_added;
  guint            n_removed;
  char            *last_id;
  GVariant        *last;       /* a{sv} */
} FakeShell;

static FakeShell shell;

static void
on_shell_call (GDBusConnection       *connection,
               const char            *sender,
               const char            *object_path,
               const char            *interface_name,
               const char            *method_name,
               GVariant              *parameters,
               GDBusMethodInvocation *invocation,
               gpointer               user_data)
{
  if (g_strcmp0 (method_name, "AddNotification") == 0)
    {
      g_clear_pointer (&shell.last, g_variant_unref);
      g_clear_pointer (&shell.last_id, g_free);
      g_variant_get (parameters, "(ss@a{sv})", NULL, &shell.last_id, &shell.last);
      shell.n_added++;
    }
  else
    {
      shell.n_removed++;
    }
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static const GDBusInterfaceVTable shell_vtable = { on_shell_call, NULL, NULL, { NULL, } };

static void
start_fake_shell (void)
{
  shell.connection = atelier_test_own_service ("org.gtk.Notifications", "/org/gtk/Notifications",
                                               notifications_xml, &shell_vtable, NULL);
}

static void
reset_fake_shell (void)
{
  shell.n_added = shell.n_removed = 0;
  g_clear_pointer (&shell.last, g_variant_unref);
  g_clear_pointer (&shell.last_id, g_free);
}

static const char *
notification_string (const char *key)
{
  const char *value = NULL;

  g_assert_nonnull (shell.last);
  if (!g_variant_lookup (shell.last, key, "&s", &value))
    return NULL;
  return value;
}

typedef struct
{
  AtelierFakeBfl     *fake;
  AtelierApplication *app;
  AtelierEngine      *engine;
} Fixture;

static gboolean
ready_to_generate (gpointer data)
{
  AtelierApplication *app = data;

  return atelier_application_get_key_resolved (app) && atelier_application_get_library_loaded (app);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  reset_fake_shell ();
  atelier_test_app_start (&fixture->fake, &fixture->app, ATELIER_FAKE_KEY_VALID);
  g_assert_true (atelier_test_wait_until (ready_to_generate, fixture->app, WAIT_MS));

  fixture->engine = atelier_application_get_engine (fixture->app);
  atelier_fake_bfl_set_task_time (fixture->fake, 200);
  _atelier_engine_set_timing (fixture->engine, 40, 40);
  atelier_notifier_set_delay (atelier_application_get_notifier (fixture->app), 400);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (fixture->app)); l != NULL;
       l = gtk_application_get_windows (GTK_APPLICATION (fixture->app)))
    gtk_window_destroy (l->data);
  atelier_test_app_stop (&fixture->fake, &fixture->app);
}

static GPtrArray *
generate (Fixture    *fixture,
          const char *prompt,
          guint       batch)
{
  g_autoptr(AtelierRecipe) recipe = atelier_recipe_new ();
  g_autoptr(GError) error = NULL;
  GPtrArray *jobs;

  atelier_recipe_set_model_id (recipe, "flux-2-pro");
  atelier_recipe_set_prompt (recipe, prompt);
  atelier_recipe_set_size (recipe, 512, 512);
  jobs = atelier_engine_generate (fixture->engine, recipe, batch, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (jobs->len, ==, batch);
  return jobs;
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
notification_added (gpointer data)
{
  return shell.n_added > 0;
}

static void
wait_ms (guint ms)
{
  gboolean done = FALSE;

  atelier_test_wait_for_flag (&done, ms);
}

/* Four pictures of one Generate, two of them refused: one notification with every count. */
static void
test_notifier_counts_a_set (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GVariant) target = NULL;
  const char *action = NULL;

  /* No window at all: nobody is looking. */
  atelier_fake_bfl_set_fault (fixture->fake, ATELIER_FAKE_FAULT_TASK_ERROR, 1);
  atelier_fake_bfl_set_fault (fixture->fake, ATELIER_FAKE_FAULT_MODERATE_CONTENT, 1);
  jobs = generate (fixture, "A lighthouse in a storm", 4);
  g_assert_true (atelier_test_wait_until (all_final, jobs, WAIT_MS));
  g_assert_true (atelier_test_wait_until (notification_added, NULL, WAIT_MS));
  /* Nothing else comes after the set. */
  wait_ms (800);
  g_assert_cmpuint (shell.n_added, ==, 1);

  g_assert_cmpstr (shell.last_id, ==, ATELIER_NOTIFIER_ID);
  g_assert_cmpstr (notification_string ("title"), ==, "2 pictures ready");
  g_assert_cmpstr (notification_string ("body"), ==, "1 failed\n1 moderated");
  /* Thumbnail-free: no picture travels with the notification. */
  g_assert_false (g_variant_lookup (shell.last, "icon", "v", NULL));

  /* The four are one set (a batch of seeds): the default action opens it side by side. */
  g_assert_true (g_variant_lookup (shell.last, "default-action", "&s", &action));
  g_assert_cmpstr (action, ==, "app.show-set");
  target = g_variant_lookup_value (shell.last, "default-action-target", G_VARIANT_TYPE_STRING);
  g_assert_nonnull (target);
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, atelier_job_get_set_id (g_ptr_array_index (jobs, 0)));
}

/* Jobs of two Generates: the default action opens the newest ready picture. */
static void
test_notifier_two_generates (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(GPtrArray) first = generate (fixture, "A lighthouse in a storm", 1);
  g_autoptr(GPtrArray) second = generate (fixture, "A lighthouse at dawn", 1);
  g_autoptr(GVariant) target = NULL;
  const char *action = NULL;

  g_assert_true (atelier_test_wait_until (all_final, first, WAIT_MS));
  g_assert_true (atelier_test_wait_until (all_final, second, WAIT_MS));
  g_assert_true (atelier_test_wait_until (notification_added, NULL, WAIT_MS));
  wait_ms (800);
  g_assert_cmpstr (notification_string ("title"), ==, "2 pictures ready");
  g_assert_true (g_variant_lookup (shell.last, "default-action", "&s", &action));
  g_assert_cmpstr (action, ==, "app.show-job");
  target = g_variant_lookup_value (shell.last, "default-action-target", G_VARIANT_TYPE_STRING);
  g_assert_nonnull (target);
  g_assert_cmpuint (atelier_job_get_state (atelier_test_lookup (atelier_application_get_library (fixture->app),
                                                                   g_variant_get_string (target, NULL))),
                    ==, ATELIER_JOB_READY);
}

/* A single picture: the title says it is ready, the body reminds which prompt. */
static void
test_notifier_single_picture (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(GPtrArray) jobs = generate (fixture, "A red fox in the snow", 1);

  g_assert_true (atelier_test_wait_until (all_final, jobs, WAIT_MS));
  g_assert_true (atelier_test_wait_until (notification_added, NULL, WAIT_MS));
  g_assert_cmpstr (notification_string ("title"), ==, "1 picture ready");
  g_assert_cmpstr (notification_string ("body"), ==, "A red fox in the snow");
}

/* Only failures: the title says so. */
static void
test_notifier_only_failed (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(GPtrArray) jobs = NULL;

  atelier_fake_bfl_set_fault (fixture->fake, ATELIER_FAKE_FAULT_TASK_ERROR, 2);
  jobs = generate (fixture, "An owl", 2);
  g_assert_true (atelier_test_wait_until (all_final, jobs, WAIT_MS));
  g_assert_true (atelier_test_wait_until (notification_added, NULL, WAIT_MS));
  g_assert_cmpstr (notification_string ("title"), ==, "2 pictures failed");
  g_assert_null (notification_string ("body"));
}

/* The preference turns it off. */
static void
test_notifier_preference_off (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(GPtrArray) jobs = NULL;

  g_settings_set_boolean (atelier_application_get_settings (fixture->app), "notify-when-done", FALSE);
  jobs = generate (fixture, "A quiet pond", 2);
  g_assert_true (atelier_test_wait_until (all_final, jobs, WAIT_MS));
  wait_ms (900);
  g_assert_cmpuint (shell.n_added, ==, 0);
  g_settings_reset (atelier_application_get_settings (fixture->app), "notify-when-done");
}

static const char *expected_page;

static gboolean
page_shown (gpointer data)
{
  AtelierGallery *gallery = atelier_test_app_get_gallery (((Fixture *) data)->app);

  return gallery != NULL && g_strcmp0 (atelier_gallery_get_page (gallery), expected_page) == 0;
}

/* Activates the notification's default action as the Shell does, through the application's
 * actions, and waits for the window to show `page`; returns the action's target. */
static GVariant *
activate_notification (Fixture    *fixture,
                       const char *page)
{
  GVariant *target;
  const char *action = NULL;

  g_assert_true (g_variant_lookup (shell.last, "default-action", "&s", &action));
  g_assert_true (g_str_has_prefix (action, "app."));
  target = g_variant_lookup_value (shell.last, "default-action-target", NULL);
  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), action + strlen ("app."), target);
  expected_page = page;
  g_assert_true (atelier_test_wait_until (page_shown, fixture, WAIT_MS));
  return target;
}

/* Activating the notification (what the Shell does through the application's actions) raises a
 * window at that picture's detail view, even when there was no window. */
static void
test_notifier_action_opens_picture (Fixture       *fixture,
                                    gconstpointer  user_data)
{
  g_autoptr(GPtrArray) jobs = generate (fixture, "A paper boat", 1);
  g_autoptr(GVariant) target = NULL;
  AtelierJob *shown;

  g_assert_true (atelier_test_wait_until (all_final, jobs, WAIT_MS));
  g_assert_true (atelier_test_wait_until (notification_added, NULL, WAIT_MS));
  g_assert_null (gtk_application_get_active_window (GTK_APPLICATION (fixture->app)));

  target = activate_notification (fixture, "detail");
  shown = atelier_detail_view_get_job (atelier_gallery_get_detail_view (atelier_test_app_get_gallery (fixture->app)));
  g_assert_nonnull (shown);
  g_assert_cmpstr (atelier_job_get_id (shown), ==, g_variant_get_string (target, NULL));
  g_assert_cmpstr (atelier_recipe_get_prompt (atelier_job_get_recipe (shown)), ==, "A paper boat");
}

/* A finished set: its notification raises a window at the set, side by side. */
static void
test_notifier_action_opens_set (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_autoptr(GPtrArray) jobs = generate (fixture, "A paper boat", 3);
  g_autoptr(GVariant) target = NULL;
  AtelierGallery *gallery;

  g_assert_true (atelier_test_wait_until (all_final, jobs, WAIT_MS));
  g_assert_true (atelier_test_wait_until (notification_added, NULL, WAIT_MS));
  target = activate_notification (fixture, "set");
  gallery = atelier_test_app_get_gallery (fixture->app);
  g_assert_cmpuint (atelier_variation_grid_get_n_columns (atelier_gallery_get_variation_grid (gallery)), ==, 3);
  g_assert_cmpstr (atelier_variation_grid_get_row_label (atelier_gallery_get_variation_grid (gallery), 0), ==,
                   "FLUX.2 [pro]");
}

/* A single refused picture: the title says what happened, the body which prompt. */
static void
test_notifier_single_moderated (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_autoptr(GPtrArray) jobs = NULL;

  atelier_fake_bfl_set_fault (fixture->fake, ATELIER_FAKE_FAULT_MODERATE_REQUEST, 1);
  jobs = generate (fixture, "A\nsecond line", 1);
  g_assert_true (atelier_test_wait_until (all_final, jobs, WAIT_MS));
  g_assert_true (atelier_test_wait_until (notification_added, NULL, WAIT_MS));
  g_assert_cmpstr (notification_string ("title"), ==, "1 picture moderated");
  /* Only the prompt's first line: a notification is no place for a whole prompt. */
  g_assert_cmpstr (notification_string ("body"), ==, "A");
}

int
main (int   argc,
      char *argv[])
{
  atelier_test_init (&argc, &argv);
  atelier_test_start_private_bus ();
  start_fake_shell ();

  g_test_add ("/notifier/counts-a-set", Fixture, NULL, fixture_set_up, test_notifier_counts_a_set, fixture_tear_down);
  g_test_add ("/notifier/two-generates", Fixture, NULL, fixture_set_up, test_notifier_two_generates, fixture_tear_down);
  g_test_add ("/notifier/single-picture", Fixture, NULL, fixture_set_up, test_notifier_single_picture, fixture_tear_down);
  g_test_add ("/notifier/only-failed", Fixture, NULL, fixture_set_up, test_notifier_only_failed, fixture_tear_down);
  g_test_add ("/notifier/preference-off", Fixture, NULL, fixture_set_up, test_notifier_preference_off, fixture_tear_down);
  g_test_add ("/notifier/action-opens-picture", Fixture, NULL, fixture_set_up, test_notifier_action_opens_picture, fixture_tear_down);
  g_test_add ("/notifier/action-opens-set", Fixture, NULL, fixture_set_up, test_notifier_action_opens_set, fixture_tear_down);
  g_test_add ("/notifier/single-moderated", Fixture, NULL, fixture_set_up, test_notifier_single_moderated, fixture_tear_down);
  return g_test_run ();
}
