/* atelier-fake-bfl-main.c — the fake BFL server as a program, for demos (build-aux/dev run)
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "atelier-fake-bfl.h"

#include <glib-unix.h>
#include <stdio.h>
#include <stdlib.h>

static gboolean
on_quit_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

int
main (int    argc,
      char **argv)
{
  int port = 8123;
  int task_ms = 1500;
  int result_ttl_ms = 10 * 60 * 1000;
  GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "Port of the API origin (0 = any free port)", "N" },
    { "task-ms", 0, 0, G_OPTION_ARG_INT, &task_ms, "How long a task stays Pending", "MS" },
    { "result-ttl-ms", 0, 0, G_OPTION_ARG_INT, &result_ttl_ms,
      "How long result URLs stay valid once Ready", "MS" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— a fake BFL API on 127.0.0.1");
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierFakeBfl) fake = NULL;
  g_autoptr(GMainLoop) loop = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  if (port < 0 || port > 65535 || task_ms < 0 || result_ttl_ms < 0)
    {
      g_printerr ("Port and times must not be negative\n");
      return EXIT_FAILURE;
    }

  fake = atelier_fake_bfl_new ((guint) port, &error);
  if (fake == NULL)
    {
      g_printerr ("Could not listen on 127.0.0.1:%d: %s\n", port, error->message);
      return EXIT_FAILURE;
    }
  atelier_fake_bfl_set_task_time (fake, (guint) task_ms);
  atelier_fake_bfl_set_result_ttl (fake, (guint) result_ttl_ms);

  printf ("%s\n", atelier_fake_bfl_get_url (fake));
  printf ("delivery: %s\n", atelier_fake_bfl_get_delivery_url (fake));
  printf ("keys: %s (valid), %s (valid), %s (no credits)\n",
          ATELIER_FAKE_KEY_DEMO, ATELIER_FAKE_KEY_VALID, ATELIER_FAKE_KEY_NO_CREDITS);
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, on_quit_signal, loop);
  g_unix_signal_add (SIGTERM, on_quit_signal, loop);
  g_main_loop_run (loop);

  return EXIT_SUCCESS;
}
