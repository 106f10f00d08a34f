/* atelier-engine-poll.c — following submitted jobs until BFL says they are ready
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Atelier-Engine"

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-engine-private.h"
#include "atelier-error.h"

#define NOT_FOUND_GRACE_S        10
#define GIVE_UP_AFTER_S          (30 * 60)

static void start_poll (EngineJob *ej);

/* Polling: one timer for all jobs, armed only while a poll is due. */

static gboolean
is_polling (EngineJob *ej)
{
  return ej->phase == PHASE_PENDING || ej->phase == PHASE_REPOLL;
}

static gboolean
on_poll_timer (gpointer user_data)
{
  AtelierEngine *self = user_data;
  g_autoptr(GPtrArray) due =
    g_ptr_array_new_with_free_func ((GDestroyNotify) _atelier_engine_job_unref);
  gint64 now = g_get_monotonic_time ();
  GHashTableIter iter;
  gpointer value;

  self->poll_timer_id = 0;
  self->poll_timer_due = 0;

  if (self->online)
    {
      g_hash_table_iter_init (&iter, self->jobs);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          EngineJob *ej = value;

          if (is_polling (ej) && !ej->poll_in_flight && ej->next_poll_us <= now + 1000)
            g_ptr_array_add (due, _atelier_engine_job_ref (ej));
        }
      for (guint i = 0; i < due->len; i++)
        start_poll (g_ptr_array_index (due, i));
    }

  _atelier_engine_schedule_polls (self);
  return G_SOURCE_REMOVE;
}

void
_atelier_engine_schedule_polls (AtelierEngine *self)
{
  gint64 earliest = G_MAXINT64;
  gint64 now = g_get_monotonic_time ();
  GHashTableIter iter;
  gpointer value;

  if (!self->online)
    return;

  g_hash_table_iter_init (&iter, self->jobs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      EngineJob *ej = value;

      if (is_polling (ej) && !ej->poll_in_flight)
        earliest = MIN (earliest, ej->next_poll_us);
    }

  if (earliest == G_MAXINT64)
    {
      g_clear_handle_id (&self->poll_timer_id, g_source_remove);
      return;
    }
  if (self->poll_timer_id != 0 && self->poll_timer_due <= earliest)
    return;

  g_clear_handle_id (&self->poll_timer_id, g_source_remove);
  self->poll_timer_due = earliest;
  self->poll_timer_id = g_timeout_add (earliest > now ? (earliest - now + 999) / 1000 : 0,
                                       on_poll_timer, self);
}

void
_atelier_engine_poll_later (EngineJob *ej,
                            guint      delay_ms)
{
  ej->next_poll_us = g_get_monotonic_time () + (gint64) delay_ms * 1000;
  _atelier_engine_schedule_polls (ej->engine);
}

void
_atelier_engine_expire (EngineJob *ej)
{
  g_autoptr(GError) error = g_error_new (ATELIER_ERROR, ATELIER_ERROR_EXPIRED,
                                         _("The result expired before it could be downloaded (BFL keeps results for 10 minutes). It was probably charged."));

  _atelier_engine_fail (ej, ATELIER_JOB_EXPIRED, error, FALSE);
}

static void
handle_ready (EngineJob         *ej,
              AtelierPollResult *poll)
{
  AtelierEngine *self = ej->engine;

  if (ej->phase == PHASE_REPOLL &&
      g_strcmp0 (poll->sample_url, atelier_job_get_sample_url (ej->job)) == 0)
    {
      /* The same expired URL: nothing fresher to fetch. */
      _atelier_engine_expire (ej);
      return;
    }

  if (poll->has_seed)
    atelier_job_set_seed (ej->job, poll->seed);
  if (poll->upsampled_prompt != NULL)
    atelier_job_set_upsampled_prompt (ej->job, poll->upsampled_prompt);
  if (poll->duration >= 0)
    atelier_job_set_duration (ej->job, poll->duration);
  else if (poll->start_time >= 0 && poll->end_time >= poll->start_time)
    atelier_job_set_duration (ej->job, poll->end_time - poll->start_time);
  atelier_job_set_progress (ej->job, 1.0);
  atelier_job_set_status_text (ej->job, NULL);
  /* The URL expires 10 minutes after this: kept on disk so a restart knows whether to try. */
  atelier_job_set_ready_at (ej->job, _atelier_engine_now_s ());
  atelier_job_set_sample_url (ej->job, poll->sample_url);

  _atelier_engine_set_on_server (ej, FALSE);
  atelier_job_set_state (ej->job, ATELIER_JOB_DOWNLOADING);
  _atelier_engine_save (ej);
  _atelier_engine_pump (self);
  _atelier_engine_start_download (ej);
}

static void
on_polled (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(EngineJob) ej = user_data;
  AtelierEngine *self = ej->engine;
  g_autoptr(AtelierPollResult) poll = NULL;
  g_autoptr(GError) error = NULL;
  gint64 submitted_at;
  gint64 age;

  ej->poll_in_flight = FALSE;
  poll = atelier_client_poll_finish (ATELIER_CLIENT (source), result, &error);
  if (self == NULL || !is_polling (ej))
    return;

  submitted_at = atelier_job_get_submitted_at (ej->job);
  age = submitted_at > 0 ? _atelier_engine_now_s () - submitted_at : 0;

  if (poll == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (ej->phase == PHASE_REPOLL && !g_error_matches (error, ATELIER_ERROR,
                                                         ATELIER_ERROR_NETWORK))
        {
          _atelier_engine_expire (ej);
          return;
        }
      if (g_error_matches (error, ATELIER_ERROR, ATELIER_ERROR_NOT_FOUND) &&
          age > NOT_FOUND_GRACE_S)
        {
          g_autoptr(GError) lost = g_error_new (ATELIER_ERROR, ATELIER_ERROR_NOT_FOUND,
                                                _("BFL no longer knows this job. It may have been charged."));
          _atelier_engine_fail (ej, ATELIER_JOB_FAILED, lost, FALSE);
          return;
        }
      if (age > GIVE_UP_AFTER_S)
        {
          g_autoptr(GError) gave_up = g_error_new (ATELIER_ERROR, ATELIER_ERROR_SERVER,
                                                   _("BFL did not finish this job. It may have been charged."));
          _atelier_engine_fail (ej, ATELIER_JOB_FAILED, gave_up, FALSE);
          return;
        }
      /* Polls are idempotent: wait and ask again; the job stays pending. */
      g_debug ("Poll of %s failed, retrying: %s", atelier_job_get_id (ej->job), error->message);
      _atelier_engine_poll_later (ej, MAX (self->poll_interval_ms,
                                           _atelier_engine_fetch_backoff_ms (self, ej->attempt++)));
      return;
    }

  ej->attempt = 0;

  switch (poll->status)
    {
    case ATELIER_TASK_READY:
      if (poll->sample_url == NULL)
        {
          _atelier_engine_poll_later (ej, self->poll_interval_ms);
          return;
        }
      handle_ready (ej, poll);
      return;

    case ATELIER_TASK_PENDING:
    case ATELIER_TASK_UNKNOWN:
      if (ej->phase == PHASE_REPOLL)
        {
          _atelier_engine_expire (ej);
          return;
        }
      if (age > GIVE_UP_AFTER_S)
        {
          g_autoptr(GError) gave_up = g_error_new (ATELIER_ERROR, ATELIER_ERROR_SERVER,
                                                   _("BFL did not finish this job. It may have been charged."));
          _atelier_engine_fail (ej, ATELIER_JOB_FAILED, gave_up, FALSE);
          return;
        }
      atelier_job_set_progress (ej->job, poll->progress);
      /* A status we do not know is shown as the server spelled it. */
      atelier_job_set_status_text (ej->job, poll->status == ATELIER_TASK_UNKNOWN ?
                                   poll->status_text : NULL);
      _atelier_engine_poll_later (ej, self->poll_interval_ms);
      return;

    case ATELIER_TASK_NOT_FOUND:
      if (ej->phase == PHASE_REPOLL)
        {
          _atelier_engine_expire (ej);
          return;
        }
      if (age <= NOT_FOUND_GRACE_S)
        {
          _atelier_engine_poll_later (ej, MAX (self->poll_interval_ms,
                                               _atelier_engine_fetch_backoff_ms (self,
                                                                                 ej->attempt++)));
          return;
        }
      {
        g_autoptr(GError) lost = g_error_new (ATELIER_ERROR, ATELIER_ERROR_NOT_FOUND,
                                              _("BFL no longer knows this job. It may have been charged."));
        _atelier_engine_fail (ej, ATELIER_JOB_FAILED, lost, FALSE);
      }
      return;

    case ATELIER_TASK_REQUEST_MODERATED:
    case ATELIER_TASK_CONTENT_MODERATED:
      {
        gboolean request = poll->status == ATELIER_TASK_REQUEST_MODERATED;
        g_autofree char *reasons = poll->moderation_reasons != NULL ?
          g_strjoinv (", ", poll->moderation_reasons) : NULL;
        g_autoptr(GError) moderated = NULL;

        if (request)
          moderated = g_error_new (ATELIER_ERROR, ATELIER_ERROR_MODERATED, "%s%s%s",
                                   _("BFL’s moderation refused the request"),
                                   reasons != NULL ? ": " : "", reasons != NULL ? reasons : "");
        else
          moderated = g_error_new (ATELIER_ERROR, ATELIER_ERROR_MODERATED, "%s%s%s",
                                   _("BFL’s moderation withheld the image"),
                                   reasons != NULL ? ": " : "", reasons != NULL ? reasons : "");
        atelier_job_set_moderation_reasons (ej->job,
                                            (const char * const *) poll->moderation_reasons);
        _atelier_engine_fail (ej, request ? ATELIER_JOB_REQUEST_MODERATED
                                          : ATELIER_JOB_CONTENT_MODERATED,
                              moderated, FALSE);
      }
      return;

    case ATELIER_TASK_ERROR:
    case ATELIER_TASK_FAILED:
    default:
      {
        g_autoptr(GError) failed = NULL;

        if (poll->detail != NULL)
          failed = g_error_new (ATELIER_ERROR, ATELIER_ERROR_SERVER,
                                _("BFL could not make this image (%s). It may have been charged."),
                                poll->detail);
        else
          failed = g_error_new_literal (ATELIER_ERROR, ATELIER_ERROR_SERVER,
                                        _("BFL could not make this image. It may have been charged."));
        _atelier_engine_fail (ej, ATELIER_JOB_FAILED, failed, FALSE);
      }
      return;
    }
}

static void
start_poll (EngineJob *ej)
{
  AtelierEngine *self = ej->engine;
  const char *url = atelier_job_get_polling_url (ej->job);

  if (url == NULL)
    {
      g_autoptr(GError) error = g_error_new (ATELIER_ERROR, ATELIER_ERROR_BAD_RESPONSE,
                                             _("BFL gave no address to follow this job. It may have been charged."));
      _atelier_engine_fail (ej, ATELIER_JOB_FAILED, error, FALSE);
      return;
    }

  ej->poll_in_flight = TRUE;
  atelier_client_poll_async (self->client, url, ej->cancellable, on_polled,
                             _atelier_engine_job_ref (ej));
}
