/* test-window.c — the main window opens, with its two areas
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <adwaita.h>

#include "atelier-application.h"
#include "atelier-test-utils.h"
#include "atelier-window.h"

static void
on_activate (GApplication *app,
             gpointer      user_data)
{
  gboolean *shown = user_data;
  GtkWindow *window;

  g_application_activate (app);
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_nonnull (window);
  g_assert_true (ATELIER_IS_WINDOW (window));
  *shown = TRUE;
}

static gboolean
quit_soon (gpointer app)
{
  g_application_quit (G_APPLICATION (app));
  return G_SOURCE_REMOVE;
}

static void
test_window_opens (void)
{
  g_autoptr(AtelierApplication) app = atelier_application_new ();
  gboolean shown = FALSE;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "startup", G_CALLBACK (on_activate), &shown);
  g_timeout_add (500, quit_soon, app);
  g_application_run (G_APPLICATION (app), 0, NULL);

  g_assert_true (shown);
}

int
main (int   argc,
      char *argv[])
{
  atelier_test_init (&argc, &argv);
  g_test_add_func ("/window/opens", test_window_opens);
  return g_test_run ();
}
