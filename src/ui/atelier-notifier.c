/* atelier-notifier.c
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Atelier-Notifier"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "atelier-notifier.h"

#define DEFAULT_DELAY_MS 2000
/* A prompt is a reminder of which picture, not the whole text. */
#define PROMPT_CHARS     120

struct _AtelierNotifier
{
  GObject         parent_instance;

  GtkApplication *application;   /* weak: the application owns the notifier */
  AtelierEngine  *engine;
  GSettings      *settings;

  guint           delay_ms;
  guint           timeout_id;

  /* Since a window was last focused. */
  guint           n_ready;
  guint           n_failed;
  guint           n_moderated;
  char           *target_id;     /* the newest ready picture, else the newest counted job */
  gboolean        target_ready;
  char           *prompt;        /* of the only job counted */
  char           *set_id;        /* the variation set of every job counted, or NULL */
  gboolean        sent;
};

G_DEFINE_FINAL_TYPE (AtelierNotifier, atelier_notifier, G_TYPE_OBJECT)

static char *
shorten_prompt (const char *prompt)
{
  g_autofree char *line = NULL;
  char *newline;

  if (prompt == NULL || *prompt == '\0')
    return NULL;

  line = g_strstrip (g_strdup (prompt));
  newline = strchr (line, '\n');
  if (newline != NULL)
    *newline = '\0';
  if (g_utf8_strlen (line, -1) > PROMPT_CHARS)
    {
      g_autofree char *start = g_utf8_substring (line, 0, PROMPT_CHARS - 1);

      return g_strconcat (g_strchomp (start), "…", NULL);
    }
  return g_steal_pointer (&line);
}

GNotification *
atelier_notifier_build (guint       n_ready,
                        guint       n_failed,
                        guint       n_moderated,
                        const char *prompt,
                        const char *job_id,
                        const char *set_id)
{
  g_autoptr(GNotification) notification = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;

  g_return_val_if_fail (n_ready + n_failed + n_moderated > 0, NULL);

  /* The title names what most people wait for; the other outcomes follow, one per line. */
  if (n_ready > 0)
    {
      /* Translators: a notification's title; %u is a number of generated pictures */
      title = g_strdup_printf (ngettext ("%u picture ready", "%u pictures ready", n_ready), n_ready);
    }
  else if (n_failed > 0)
    {
      /* Translators: a notification's title; %u is a number of generations that failed */
      title = g_strdup_printf (ngettext ("%u picture failed", "%u pictures failed", n_failed), n_failed);
      n_failed = 0;
    }
  else
    {
      /* Translators: a notification's title; %u is a number of generations BFL's moderation refused */
      title = g_strdup_printf (ngettext ("%u picture moderated", "%u pictures moderated", n_moderated),
                               n_moderated);
      n_moderated = 0;
    }

  if (n_ready > 0 && n_failed > 0)
    /* Translators: a line under "4 pictures ready"; %u is a number of generations that failed */
    g_ptr_array_add (lines, g_strdup_printf (ngettext ("%u failed", "%u failed", n_failed), n_failed));
  if (n_moderated > 0)
    /* Translators: a line under "4 pictures ready"; %u is a number of generations refused by moderation */
    g_ptr_array_add (lines, g_strdup_printf (ngettext ("%u moderated", "%u moderated", n_moderated), n_moderated));
  if (lines->len == 0 && prompt != NULL)
    g_ptr_array_add (lines, shorten_prompt (prompt));
  g_ptr_array_add (lines, NULL);
  body = g_strjoinv ("\n", (char **) lines->pdata);

  notification = g_notification_new (title);
  if (*body != '\0')
    g_notification_set_body (notification, body);
  /* A variation set is seen whole, side by side; anything else at its newest picture. */
  if (set_id != NULL && n_ready + n_failed + n_moderated > 1)
    g_notification_set_default_action_and_target (notification, "app.show-set", "s", set_id);
  else if (job_id != NULL)
    g_notification_set_default_action_and_target (notification, "app.show-job", "s", job_id);
  else
    g_notification_set_default_action (notification, "app.activate");

  return g_steal_pointer (&notification);
}

static gboolean
any_window_focused (AtelierNotifier *self)
{
  for (GList *l = gtk_application_get_windows (self->application); l != NULL; l = l->next)
    if (gtk_widget_get_visible (l->data) && gtk_window_is_active (l->data))
      return TRUE;
  return FALSE;
}

static void
reset (AtelierNotifier *self)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->n_ready = self->n_failed = self->n_moderated = 0;
  g_clear_pointer (&self->target_id, g_free);
  g_clear_pointer (&self->prompt, g_free);
  g_clear_pointer (&self->set_id, g_free);
  self->target_ready = FALSE;
}

static gboolean
send_notification (gpointer user_data)
{
  AtelierNotifier *self = user_data;
  g_autoptr(GNotification) notification = NULL;
  guint total = self->n_ready + self->n_failed + self->n_moderated;

  self->timeout_id = 0;
  if (total == 0 || self->application == NULL)
    return G_SOURCE_REMOVE;

  notification = atelier_notifier_build (self->n_ready, self->n_failed, self->n_moderated,
                                         total == 1 ? self->prompt : NULL, self->target_id, self->set_id);
  g_application_send_notification (G_APPLICATION (self->application), ATELIER_NOTIFIER_ID, notification);
  self->sent = TRUE;
  return G_SOURCE_REMOVE;
}

static void
on_job_finished (AtelierNotifier *self,
                 AtelierJob      *job)
{
  AtelierJobState state = atelier_job_get_state (job);
  gboolean ready = FALSE;

  if (!g_settings_get_boolean (self->settings, "notify-when-done") || any_window_focused (self))
    return;

  switch (state)
    {
    case ATELIER_JOB_READY:
      self->n_ready++;
      ready = TRUE;
      break;
    case ATELIER_JOB_FAILED:
    case ATELIER_JOB_EXPIRED:
    case ATELIER_JOB_INTERRUPTED:
      self->n_failed++;
      break;
    case ATELIER_JOB_REQUEST_MODERATED:
    case ATELIER_JOB_CONTENT_MODERATED:
      self->n_moderated++;
      break;
    default:
      /* Cancelled by the person themselves: nothing to tell. */
      return;
    }

  if (ready || !self->target_ready)
    {
      g_free (self->target_id);
      self->target_id = g_strdup (atelier_job_get_id (job));
      self->target_ready = ready;
    }
  g_free (self->prompt);
  self->prompt = g_strdup (atelier_recipe_get_prompt (atelier_job_get_recipe (job)));
  /* One set only while every job counted is of it. */
  if (self->n_ready + self->n_failed + self->n_moderated == 1)
    {
      g_free (self->set_id);
      self->set_id = g_strdup (atelier_job_get_set_id (job));
    }
  else if (g_strcmp0 (self->set_id, atelier_job_get_set_id (job)) != 0)
    g_clear_pointer (&self->set_id, g_free);

  /* Jobs of one Generate finish within moments of each other: one notification for them all. */
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add (self->delay_ms, send_notification, self);
}

static void
on_window_active_changed (AtelierNotifier *self,
                          GParamSpec      *pspec,
                          GtkWindow       *window)
{
  if (!gtk_window_is_active (window))
    return;

  /* Whoever is back sees the gallery: the notification has said all it had to. */
  if (self->sent)
    g_application_withdraw_notification (G_APPLICATION (self->application), ATELIER_NOTIFIER_ID);
  self->sent = FALSE;
  reset (self);
}

static void
on_window_added (AtelierNotifier *self,
                 GtkWindow       *window)
{
  g_signal_connect_object (window, "notify::is-active",
                           G_CALLBACK (on_window_active_changed), self, G_CONNECT_SWAPPED);
}

AtelierNotifier *
atelier_notifier_new (GtkApplication *application,
                      AtelierEngine  *engine,
                      GSettings      *settings)
{
  AtelierNotifier *self;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (ATELIER_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (ATELIER_TYPE_NOTIFIER, NULL);
  self->application = application;
  g_object_add_weak_pointer (G_OBJECT (application), (gpointer *) &self->application);
  self->engine = g_object_ref (engine);
  self->settings = g_object_ref (settings);

  g_signal_connect_object (engine, "job-finished", G_CALLBACK (on_job_finished), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (application, "window-added", G_CALLBACK (on_window_added), self, G_CONNECT_SWAPPED);
  for (GList *l = gtk_application_get_windows (application); l != NULL; l = l->next)
    on_window_added (self, l->data);

  return self;
}

void
atelier_notifier_set_delay (AtelierNotifier *self,
                            guint            delay_ms)
{
  g_return_if_fail (ATELIER_IS_NOTIFIER (self));
  self->delay_ms = delay_ms;
}

static void
atelier_notifier_dispose (GObject *object)
{
  AtelierNotifier *self = ATELIER_NOTIFIER (object);

  reset (self);
  if (self->application != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->application), (gpointer *) &self->application);
  self->application = NULL;
  g_clear_object (&self->engine);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (atelier_notifier_parent_class)->dispose (object);
}

static void
atelier_notifier_class_init (AtelierNotifierClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = atelier_notifier_dispose;
}

static void
atelier_notifier_init (AtelierNotifier *self)
{
  self->delay_ms = DEFAULT_DELAY_MS;
}
