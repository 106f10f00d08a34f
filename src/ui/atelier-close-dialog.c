/* atelier-close-dialog.c
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-background.h"
#include "atelier-close-dialog.h"

#define DIALOG_KEY "atelier-close-dialog"

static AtelierApplication *
get_application (AtelierWindow *window)
{
  return ATELIER_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)));
}

gboolean
atelier_close_dialog_should_ask (AtelierWindow *window)
{
  AtelierApplication *app;

  g_return_val_if_fail (ATELIER_IS_WINDOW (window), FALSE);

  app = get_application (window);
  if (app == NULL
      || atelier_application_get_quitting (app)
      || atelier_background_get_active (atelier_application_get_background (app))
      || atelier_engine_get_n_running (atelier_application_get_engine (app)) == 0)
    return FALSE;

  /* Another main window keeps the application, and so the jobs, going. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (l->data != (gpointer) window && ATELIER_IS_WINDOW (l->data))
      return FALSE;

  return TRUE;
}

GtkWidget *
atelier_close_dialog_get (AtelierWindow *window)
{
  g_return_val_if_fail (ATELIER_IS_WINDOW (window), NULL);
  return g_object_get_data (G_OBJECT (window), DIALOG_KEY);
}

static void
on_response (GObject    *dialog,
             const char *response,
             gpointer    user_data)
{
  g_autoptr(AtelierWindow) window = g_object_ref (user_data);
  AtelierApplication *app = get_application (window);

  g_object_set_data (G_OBJECT (window), DIALOG_KEY, NULL);
  if (app == NULL)
    return;

  if (g_strcmp0 (response, ATELIER_CLOSE_RESPONSE_BACKGROUND) == 0)
    {
      atelier_background_start (atelier_application_get_background (app));
      gtk_window_close (GTK_WINDOW (window));
    }
  else if (g_strcmp0 (response, ATELIER_CLOSE_RESPONSE_QUIT) == 0)
    {
      g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
    }
}

GtkWidget *
atelier_close_dialog_present (AtelierWindow *window)
{
  AtelierApplication *app;
  g_autofree char *body = NULL;
  const char *heading;
  GtkWidget *dialog;
  guint n;

  g_return_val_if_fail (ATELIER_IS_WINDOW (window), NULL);

  dialog = atelier_close_dialog_get (window);
  if (dialog != NULL)
    {
      if (GTK_IS_WINDOW (dialog))
        gtk_window_present (GTK_WINDOW (dialog));
      return dialog;
    }

  app = get_application (window);
  n = atelier_engine_get_n_running (atelier_application_get_engine (app));
  heading = _("Keep Generating in the Background?");
  /* Translators: the body of the dialog shown when the window is closed while pictures are being
   * generated; %u is how many. BFL deletes a finished picture about ten minutes after it is ready. */
  body = g_strdup_printf (ngettext ("%u picture is still being generated. If you quit, it is kept and resumes the next time you open Atelier, "
                                    "but BFL keeps finished pictures for only about ten minutes.",
                                    "%u pictures are still being generated. If you quit, they are kept and resume the next time you open Atelier, "
                                    "but BFL keeps finished pictures for only about ten minutes.",
                                    n),
                          n);

#if ADW_CHECK_VERSION (1, 5, 0)
  dialog = GTK_WIDGET (adw_alert_dialog_new (heading, body));
  adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (dialog),
                                  ATELIER_CLOSE_RESPONSE_CANCEL, _("_Cancel"),
                                  ATELIER_CLOSE_RESPONSE_QUIT, _("_Quit"),
                                  ATELIER_CLOSE_RESPONSE_BACKGROUND, _("_Run in Background"),
                                  NULL);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), ATELIER_CLOSE_RESPONSE_BACKGROUND,
                                            ADW_RESPONSE_SUGGESTED);
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (dialog), ATELIER_CLOSE_RESPONSE_BACKGROUND);
  adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (dialog), ATELIER_CLOSE_RESPONSE_CANCEL);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_response), window, 0);
  g_object_set_data_full (G_OBJECT (window), DIALOG_KEY, g_object_ref (dialog), g_object_unref);
  adw_dialog_present (ADW_DIALOG (dialog), GTK_WIDGET (window));
#else
  dialog = adw_message_dialog_new (GTK_WINDOW (window), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    ATELIER_CLOSE_RESPONSE_CANCEL, _("_Cancel"),
                                    ATELIER_CLOSE_RESPONSE_QUIT, _("_Quit"),
                                    ATELIER_CLOSE_RESPONSE_BACKGROUND, _("_Run in Background"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), ATELIER_CLOSE_RESPONSE_BACKGROUND,
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), ATELIER_CLOSE_RESPONSE_BACKGROUND);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), ATELIER_CLOSE_RESPONSE_CANCEL);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_response), window, 0);
  g_object_set_data_full (G_OBJECT (window), DIALOG_KEY, g_object_ref (dialog), g_object_unref);
  gtk_window_present (GTK_WINDOW (dialog));
#endif

  return dialog;
}
