/* test-keyring.c — the key store: environment, a real keyring in a private D-Bus session, none
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run without ATELIER_TEST_KEYRING, this program re-runs itself inside its own D-Bus session with
 * a freshly unlocked gnome-keyring-daemon (HOME in the test's temporary folder), so the real
 * keyring of the person running the tests is never touched.
 */

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "atelier-error.h"
#include "atelier-keyring.h"
#include "atelier-test-utils.h"

#define WAIT_MS 20000

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
result_arrived (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static GAsyncResult *
wait_for_result (GAsyncResult **slot)
{
  g_assert_true (atelier_test_wait_until (result_arrived, slot, WAIT_MS));
  return *slot;
}

static char *
load (AtelierKeyring  *keyring,
      GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  atelier_keyring_load_async (keyring, NULL, on_done, &result);
  return atelier_keyring_load_finish (keyring, wait_for_result (&result), error);
}

static gboolean
store (AtelierKeyring  *keyring,
       const char      *key,
       GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  atelier_keyring_store_async (keyring, key, NULL, on_done, &result);
  return atelier_keyring_store_finish (keyring, wait_for_result (&result), error);
}

static gboolean
clear (AtelierKeyring  *keyring,
       GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  atelier_keyring_clear_async (keyring, NULL, on_done, &result);
  return atelier_keyring_clear_finish (keyring, wait_for_result (&result), error);
}

static gboolean
in_private_keyring_session (void)
{
  return g_strcmp0 (g_getenv ("ATELIER_TEST_KEYRING"), "1") == 0;
}

static void
test_environment (void)
{
  g_autoptr(AtelierKeyring) keyring = atelier_keyring_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  gboolean stored;

  g_setenv ("BFL_API_KEY", "bfl_from_environment", TRUE);
  key = load (keyring, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "bfl_from_environment");
  g_assert_cmpint (atelier_keyring_get_source (keyring), ==, ATELIER_KEY_SOURCE_ENVIRONMENT);
  g_assert_true (atelier_keyring_has_key (keyring));
  g_assert_cmpstr (atelier_keyring_get_key (keyring), ==, "bfl_from_environment");

  /* The environment cannot be edited from the app: say so rather than pretend. */
  stored = store (keyring, "bfl_typed", &error);
  g_assert_false (stored);
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_STORAGE);
  g_assert_nonnull (strstr (error->message, "BFL_API_KEY"));
  g_assert_cmpstr (atelier_keyring_get_key (keyring), ==, "bfl_from_environment");

  g_unsetenv ("BFL_API_KEY");
}

static void
test_round_trip (void)
{
  g_autoptr(AtelierKeyring) keyring = NULL;
  g_autoptr(AtelierKeyring) reloaded = NULL;
  g_autoptr(AtelierKeyring) after_clear = NULL;
  g_autoptr(AtelierKeyring) with_env = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;

  if (!in_private_keyring_session ())
    {
      g_test_skip ("needs gnome-keyring-daemon and dbus-run-session for a private keyring");
      return;
    }

  keyring = atelier_keyring_new ();
  key = load (keyring, &error);
  g_assert_no_error (error);
  g_assert_null (key);
  g_assert_cmpint (atelier_keyring_get_source (keyring), ==, ATELIER_KEY_SOURCE_NONE);

  g_assert_true (store (keyring, "bfl_round_trip_key", &error));
  g_assert_no_error (error);
  g_assert_cmpint (atelier_keyring_get_source (keyring), ==, ATELIER_KEY_SOURCE_KEYRING);
  g_assert_true (atelier_keyring_has_key (keyring));

  /* A new instance (a new launch) finds it in the keyring. */
  reloaded = atelier_keyring_new ();
  g_clear_pointer (&key, g_free);
  key = load (reloaded, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "bfl_round_trip_key");
  g_assert_cmpint (atelier_keyring_get_source (reloaded), ==, ATELIER_KEY_SOURCE_KEYRING);

  /* BFL_API_KEY wins over the keyring. */
  g_setenv ("BFL_API_KEY", "bfl_env_wins", TRUE);
  with_env = atelier_keyring_new ();
  g_clear_pointer (&key, g_free);
  key = load (with_env, &error);
  g_unsetenv ("BFL_API_KEY");
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "bfl_env_wins");
  g_assert_cmpint (atelier_keyring_get_source (with_env), ==, ATELIER_KEY_SOURCE_ENVIRONMENT);

  g_assert_true (clear (reloaded, &error));
  g_assert_no_error (error);
  g_assert_false (atelier_keyring_has_key (reloaded));
  g_assert_cmpint (atelier_keyring_get_source (reloaded), ==, ATELIER_KEY_SOURCE_NONE);

  after_clear = atelier_keyring_new ();
  g_clear_pointer (&key, g_free);
  key = load (after_clear, &error);
  g_assert_no_error (error);
  g_assert_null (key);
  g_assert_cmpint (atelier_keyring_get_source (after_clear), ==, ATELIER_KEY_SOURCE_NONE);

  /* Nothing of the key was written to the files of the test's home except the keyring itself. */
  g_assert_true (atelier_keyring_get_key (after_clear) == NULL);
}

static void
test_no_secret_service (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(AtelierKeyring) keyring = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *socket = g_build_filename (atelier_test_get_tmp_dir (), "no-bus-here", NULL);
      g_autofree char *address = g_strdup_printf ("unix:path=%s", socket);
      g_autofree char *key = NULL;
      gboolean available = TRUE;

      g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
      keyring = atelier_keyring_new ();

      key = load (keyring, &error);
      g_assert_no_error (error);
      g_assert_null (key);
      g_object_get (keyring, "secret-service-available", &available, NULL);
      g_assert_false (available);

      g_assert_false (store (keyring, "bfl_session_only", &error));
      g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_STORAGE);
      g_assert_cmpstr (error->message, ==, "No keyring is available: the key will be kept for this session only.");
      g_clear_error (&error);

      /* Nothing is lost: the key works for this session. */
      g_assert_cmpint (atelier_keyring_get_source (keyring), ==, ATELIER_KEY_SOURCE_SESSION);
      g_assert_cmpstr (atelier_keyring_get_key (keyring), ==, "bfl_session_only");
      g_clear_pointer (&key, g_free);
      key = load (keyring, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (key, ==, "bfl_session_only");
      g_assert_cmpint (atelier_keyring_get_source (keyring), ==, ATELIER_KEY_SOURCE_SESSION);

      g_assert_true (clear (keyring, &error));
      g_assert_no_error (error);
      g_assert_false (atelier_keyring_has_key (keyring));
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_notifications (void)
{
  g_autoptr(AtelierKeyring) keyring = atelier_keyring_new ();
  g_autofree char *key = NULL;
  guint source_notifies = 0, key_notifies = 0;

  g_signal_connect (keyring, "notify::source", G_CALLBACK (on_notify), &source_notifies);
  g_signal_connect (keyring, "notify::has-key", G_CALLBACK (on_notify), &key_notifies);

  g_setenv ("BFL_API_KEY", "bfl_a", TRUE);
  key = load (keyring, NULL);
  g_clear_pointer (&key, g_free);
  key = load (keyring, NULL);
  g_unsetenv ("BFL_API_KEY");

  g_assert_cmpuint (source_notifies, ==, 1);
  g_assert_cmpuint (key_notifies, ==, 1);
}

/* Re-runs this program as `dbus-run-session -- sh -c '<unlock keyring>; exec "$0" "$@"' self args`
 * and returns its exit status, or -1 when the tools are missing. */
static int
run_in_private_session (char **original_argv)
{
  g_autofree char *dbus_run_session = g_find_program_in_path ("dbus-run-session");
  g_autofree char *keyring_daemon = g_find_program_in_path ("gnome-keyring-daemon");
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  g_autofree char *home = g_strdup (atelier_test_get_tmp_dir ());
  g_autofree char *data_home = g_build_filename (home, "data", NULL);
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (dbus_run_session == NULL || keyring_daemon == NULL)
    return -1;
  if (self == NULL)
    self = g_strdup (original_argv[0]);

  g_strv_builder_add_many (builder, dbus_run_session, "--", "sh", "-c",
                           "echo -n testpass | gnome-keyring-daemon --unlock --components=secrets >/dev/null; "
                           "exec \"$0\" \"$@\"",
                           self, NULL);
  for (guint i = 1; original_argv[i] != NULL; i++)
    g_strv_builder_add (builder, original_argv[i]);
  argv = g_strv_builder_end (builder);

  envp = g_environ_setenv (envp, "ATELIER_TEST_KEYRING", "1", TRUE);
  envp = g_environ_setenv (envp, "HOME", home, TRUE);
  envp = g_environ_setenv (envp, "XDG_DATA_HOME", data_home, TRUE);
  envp = g_environ_unsetenv (envp, "DBUS_SESSION_BUS_ADDRESS");

  /* stdout and stderr are inherited: the TAP output of the inner run is this test's output. */
  if (!g_spawn_sync (NULL, argv, envp, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL, NULL, NULL,
                     &status, &error))
    {
      g_printerr ("Could not start a private D-Bus session: %s\n", error->message);
      return -1;
    }
  if (WIFEXITED (status))
    return WEXITSTATUS (status);
  return 1;
}

int
main (int   argc,
      char *argv[])
{
  g_auto(GStrv) original_argv = g_strdupv (argv);

  atelier_test_init (&argc, &argv);

  if (!in_private_keyring_session () && !g_test_subprocess ())
    {
      int status = run_in_private_session (original_argv);

      if (status >= 0)
        return status;
      /* Without the tools the round trip is skipped (with its reason); the rest still runs. */
    }

  g_test_add_func ("/keyring/environment", test_environment);
  g_test_add_func ("/keyring/notifications", test_notifications);
  g_test_add_func ("/keyring/round-trip", test_round_trip);
  g_test_add_func ("/keyring/no-secret-service", test_no_secret_service);

  return g_test_run ();
}
