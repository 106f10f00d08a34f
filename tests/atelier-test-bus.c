/* atelier-test-bus.c — a private D-Bus session with nothing activatable (no Secret Service)
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <gio/gio.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>

#include "atelier-test-bus.h"
#include "atelier-test-utils.h"
#include "atelier-window.h"

/* No <servicedir> unless a test gives its own: nothing else is started on demand, so
 * org.freedesktop.secrets stays unknown. */
static const char bus_config[] =
  "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
  " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
  "<busconfig>\n"
  "  <type>session</type>\n"
  "  <listen>unix:dir=%s</listen>\n"
  "%s"
  "  <auth>EXTERNAL</auth>\n"
  "  <policy context=\"default\">\n"
  "    <allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
  "    <allow eavesdrop=\"true\"/>\n"
  "    <allow own=\"*\"/>\n"
  "  </policy>\n"
  "</busconfig>\n";

static GSubprocess *bus_daemon;

/* The daemon dies with the test, even when an assertion aborts it. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
stop_private_bus (void)
{
  if (bus_daemon != NULL)
    g_subprocess_force_exit (bus_daemon);
  g_clear_object (&bus_daemon);
}

void
atelier_test_start_private_bus (void)
{
  atelier_test_start_private_bus_with_services (NULL);
}

void
atelier_test_start_private_bus_with_services (const char *service_dir)
{
  g_autofree char *service_line = service_dir != NULL
                                  ? g_markup_printf_escaped ("  <servicedir>%s</servicedir>\n", service_dir)
                                  : g_strdup ("");
  g_autoptr(GError) error = NULL;
  g_autofree char *config_path = g_build_filename (atelier_test_get_tmp_dir (), "bus.conf", NULL);
  g_autofree char *config = NULL;
  g_autofree char *address = NULL;
  g_autoptr(GDataInputStream) output = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;

  config = g_strdup_printf (bus_config, atelier_test_get_tmp_dir (), service_line);
  g_assert_true (g_file_set_contents (config_path, config, -1, &error));
  g_assert_no_error (error);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  bus_daemon = g_subprocess_launcher_spawn (launcher, &error,
                                            "dbus-daemon", "--nofork", "--print-address=1",
                                            "--config-file", config_path, NULL);
  g_assert_no_error (error);
  atexit (stop_private_bus);

  output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (bus_daemon));
  address = g_data_input_stream_read_line (output, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (address);

  g_setenv ("DBUS_SESSION_BUS_ADDRESS", g_strstrip (address), TRUE);
}

void
atelier_test_app_start (AtelierFakeBfl     **fake,
                        AtelierApplication **app,
                        const char          *environment_key)
{
  static guint n_apps;
  g_autoptr(GError) error = NULL;
  g_autofree char *app_id = NULL;

  if (environment_key != NULL)
    g_setenv ("BFL_API_KEY", environment_key, TRUE);
  else
    g_unsetenv ("BFL_API_KEY");

  *fake = atelier_fake_bfl_new (0, &error);
  g_assert_no_error (error);
  atelier_fake_bfl_set_credits (*fake, ATELIER_FAKE_KEY_VALID, 1234.5);
  g_setenv ("ATELIER_ENDPOINT", atelier_fake_bfl_get_url (*fake), TRUE);

  *app = atelier_application_new ();
  g_application_set_flags (G_APPLICATION (*app), G_APPLICATION_NON_UNIQUE);
  /* Each test's application registers on the bus under a name of its own. */
  app_id = g_strdup_printf ("io.github.fluxatelier.AtelierTest%u", ++n_apps);
  g_application_set_application_id (G_APPLICATION (*app), app_id);
  g_application_register (G_APPLICATION (*app), NULL, &error);
  g_assert_no_error (error);
}

AtelierGallery *
atelier_test_app_get_gallery (AtelierApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (!ATELIER_IS_WINDOW (window))
    return NULL;
  return ATELIER_GALLERY (gtk_widget_get_template_child (GTK_WIDGET (window), ATELIER_TYPE_WINDOW, "gallery"));
}

void
atelier_test_app_stop (AtelierFakeBfl     **fake,
                       AtelierApplication **app)
{
  g_clear_object (app);
  g_clear_object (fake);
  g_unsetenv ("BFL_API_KEY");
  g_unsetenv ("ATELIER_ENDPOINT");
}

void
atelier_test_app_start_for_widgets (AtelierFakeBfl     **fake,
                                    AtelierApplication **app)
{
  g_autoptr(GError) error = NULL;

  *fake = atelier_fake_bfl_new (0, &error);
  g_assert_no_error (error);
  atelier_fake_bfl_set_task_time (*fake, 100);
  g_setenv ("ATELIER_ENDPOINT", atelier_fake_bfl_get_url (*fake), TRUE);
  g_setenv ("BFL_API_KEY", ATELIER_FAKE_KEY_VALID, TRUE);

  *app = atelier_application_new ();
  g_application_set_flags (G_APPLICATION (*app), G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  g_assert_true (g_application_register (G_APPLICATION (*app), NULL, &error));
  g_assert_no_error (error);
  atelier_client_set_key (atelier_application_get_client (*app), ATELIER_FAKE_KEY_VALID);
}

GDBusConnection *
atelier_test_own_service (const char                 *bus_name,
                          const char                 *object_path,
                          const char                 *interface_xml,
                          const GDBusInterfaceVTable *vtable,
                          gpointer                    user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusNodeInfo) node = g_dbus_node_info_new_for_xml (interface_xml, &error);
  g_autoptr(GVariant) reply = NULL;
  GDBusConnection *connection;
  guint32 owned;

  g_assert_no_error (error);
  connection = g_dbus_connection_new_for_address_sync (g_getenv ("DBUS_SESSION_BUS_ADDRESS"),
                                                       G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                       G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                       NULL, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (connection, object_path, node->interfaces[0],
                                     vtable, user_data, NULL, &error);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", bus_name, 4 /* DO_NOT_QUEUE */),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u)", &owned);
  g_assert_cmpuint (owned, ==, 1 /* PRIMARY_OWNER */);
  return connection;
}
