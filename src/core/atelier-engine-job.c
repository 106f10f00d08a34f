/* atelier-engine-job.c — the life of one job in the engine: submit, poll, download, store
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
#include "atelier-request.h"

/* How a job moves:
 *
 *   generate → SAVING (record written) → QUEUED → SUBMITTING (record says so *before* the POST)
 *     → PENDING (one shared poll timer) → DOWNLOADING (ready-at and the URL saved)
 *     → STORING (bytes written atomically) → READY
 *
 * The record on disk always says at least as much as the server knows: a job whose record
 * says SUBMITTING may have been billed, so it is never sent again without the user asking. */

#define NOT_FOUND_GRACE_S        10
#define GIVE_UP_AFTER_S          (30 * 60)
#define RESULT_TTL_S             (10 * 60)
#define MAX_STORE_ATTEMPTS       5

/* Phases and states */

/* The one place a job's phase and the state it shows change together (final states: below). */
void
_atelier_engine_job_set_phase (EngineJob *ej,
                               Phase      phase)
{
  static const AtelierJobState states[] = {
    [PHASE_SAVING] = ATELIER_JOB_QUEUED,
    [PHASE_QUEUED] = ATELIER_JOB_QUEUED,
    [PHASE_SUBMITTING] = ATELIER_JOB_SUBMITTING,
    [PHASE_PENDING] = ATELIER_JOB_PENDING,
    [PHASE_REPOLL] = ATELIER_JOB_DOWNLOADING,
    [PHASE_DOWNLOADING] = ATELIER_JOB_DOWNLOADING,
    [PHASE_STORING] = ATELIER_JOB_DOWNLOADING,
  };

  g_assert (phase < PHASE_DONE);

  ej->phase = phase;
  _atelier_job_set_state (ej->job, states[phase]);
}

/* A final state: the job says how it ended, then it is saved, forgotten and announced. */
void
_atelier_engine_job_end (EngineJob       *ej,
                         AtelierJobState  state,
                         const GError    *error,
                         gboolean         retryable)
{
  AtelierEngine *self = ej->engine;
  g_autoptr(EngineJob) hold = _atelier_engine_job_ref (ej);

  g_assert (atelier_job_state_is_final (state));

  g_object_freeze_notify (G_OBJECT (ej->job));
  if (state == ATELIER_JOB_READY)
    _atelier_job_set_state (ej->job, state);
  else
    _atelier_job_fail (ej->job, state, error, retryable);

  ej->phase = PHASE_DONE;
  _atelier_engine_set_on_server (ej, FALSE);
  g_object_thaw_notify (G_OBJECT (ej->job));
  _atelier_engine_dequeue (self, ej);
  g_clear_handle_id (&ej->retry_source_id, g_source_remove);
  g_cancellable_cancel (ej->cancellable);
  _atelier_engine_save (ej);
  g_hash_table_remove (self->jobs, ej->job);
  ej->engine = NULL;

  _atelier_engine_emit_job_finished (self, ej->job);
  _atelier_engine_pump (self);
}

/* Ends a job that reached BFL: it may have been charged, so Retry is not offered. */
static void
end_after_send (EngineJob       *ej,
                AtelierJobState  state,
                AtelierError     code,
                const char      *message)
{
  g_autoptr(GError) error = g_error_new_literal (ATELIER_ERROR, code, message);

  _atelier_engine_job_end (ej, state, error, FALSE);
}

/* Cancelled after it was sent: BFL has no cancel call. */
void
_atelier_engine_job_cancel_sent (EngineJob *ej)
{
  end_after_send (ej, ATELIER_JOB_CANCELLED, ATELIER_ERROR_SERVER,
                  _("Cancelled. BFL cannot stop a job once it was sent, so this one may still be charged."));
}

static void
end_lost (EngineJob *ej)
{
  end_after_send (ej, ATELIER_JOB_FAILED, ATELIER_ERROR_NOT_FOUND,
                  _("BFL no longer knows this job. It may have been charged."));
}

static void
end_given_up (EngineJob *ej)
{
  end_after_send (ej, ATELIER_JOB_FAILED, ATELIER_ERROR_SERVER,
                  _("BFL did not finish this job. It may have been charged."));
}

/* Submitting */

static void
on_submitted (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(EngineJob) ej = user_data;
  AtelierEngine *self = ej->engine;
  g_autoptr(AtelierSubmitResult) submit = NULL;
  g_autoptr(GError) error = NULL;
  guint retry_after = 0;

  submit = atelier_client_submit_finish (ATELIER_CLIENT (source), result, &retry_after, &error);
  if (self == NULL)
    return;  /* the engine is gone: the record says SUBMITTING, the next run says interrupted */

  if (submit != NULL)
    {
      self->submit_attempt = 0;
      /* Six properties change at once: whoever follows the job hears of them together. */
      g_object_freeze_notify (G_OBJECT (ej->job));
      _atelier_job_set_task (ej->job, submit->id, submit->polling_url);
      _atelier_job_set_submitted_at (ej->job, _atelier_engine_now_s ());
      if (submit->cost >= 0)
        {
          _atelier_job_set_actual_cost (ej->job, submit->cost);
          _atelier_engine_add_spent (self, submit->cost);
        }
      _atelier_job_set_megapixels (ej->job, submit->input_mp, submit->output_mp);

      if (ej->cancel_requested)
        {
          g_object_thaw_notify (G_OBJECT (ej->job));
          _atelier_engine_job_cancel_sent (ej);
          return;
        }

      ej->attempt = 0;
      _atelier_job_set_progress (ej->job, -1);
      _atelier_engine_job_set_phase (ej, PHASE_PENDING);
      g_object_thaw_notify (G_OBJECT (ej->job));
      _atelier_engine_save (ej);
      /* BFL needs a moment before the task can be polled. */
      ej->next_poll_us = g_get_monotonic_time () + (gint64) self->poll_interval_ms * 2 / 3 * 1000;
      _atelier_engine_schedule_polls (self);
      return;
    }

  if (g_error_matches (error, ATELIER_ERROR, ATELIER_ERROR_RATE_LIMITED) ||
      g_error_matches (error, ATELIER_ERROR, ATELIER_ERROR_NETWORK))
    {
      /* Nothing was billed: wait for a slot (or the network) and send again. */
      guint delay = retry_after > 0 ? retry_after * 1000
                                    : _atelier_engine_backoff_ms (self, self->submit_attempt);

      self->submit_attempt++;
      self->submit_not_before = MAX (self->submit_not_before,
                                     g_get_monotonic_time () + (gint64) delay * 1000);
      _atelier_engine_set_on_server (ej, FALSE);

      if (ej->cancel_requested)
        {
          _atelier_engine_job_end (ej, ATELIER_JOB_CANCELLED, NULL, FALSE);
          return;
        }

      _atelier_engine_job_set_phase (ej, PHASE_QUEUED);
      _atelier_job_set_waiting_for_slot (ej->job,
                                        g_error_matches (error, ATELIER_ERROR,
                                                         ATELIER_ERROR_RATE_LIMITED));
      _atelier_engine_enqueue (self, ej);
      _atelier_engine_save (ej);
      _atelier_engine_pump (self);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (g_error_matches (error, ATELIER_ERROR, ATELIER_ERROR_OUT_OF_CREDITS) ||
      g_error_matches (error, ATELIER_ERROR, ATELIER_ERROR_AUTH) ||
      g_error_matches (error, ATELIER_ERROR, ATELIER_ERROR_NO_KEY))
    {
      /* Refused before any work: nothing billed, Retry is safe once it is fixed. The jobs
       * waiting behind it would be refused for the same reason: they stop here too, with
       * Retry, instead of each being sent to be refused. */
      g_autoptr(AtelierJob) job = g_object_ref (ej->job);

      self->holding = TRUE;
      _atelier_engine_job_end (ej, ATELIER_JOB_FAILED, error, TRUE);
      while (!g_queue_is_empty (&self->queue))
        _atelier_engine_job_end (g_queue_peek_head (&self->queue), ATELIER_JOB_FAILED, error, TRUE);
      self->holding = FALSE;
      _atelier_engine_emit_job_error (self, job, error);
      return;
    }

  if (g_error_matches (error, ATELIER_ERROR, ATELIER_ERROR_VALIDATION) ||
      g_error_matches (error, ATELIER_ERROR, ATELIER_ERROR_INSECURE))
    {
      _atelier_engine_job_end (ej, ATELIER_JOB_FAILED, error, FALSE);
      return;
    }

  {
    /* The request may have reached the server: sending it again could charge twice. */
    g_autoptr(GError) charged = g_error_new (ATELIER_ERROR, ATELIER_ERROR_MAY_HAVE_BEEN_CHARGED,
                                             _("The request failed after it was sent, so it may have been charged — check your BFL dashboard (%s)"),
                                             error->message);

    g_debug ("Submit of %s failed: %s", atelier_job_get_id (ej->job), error->message);
    _atelier_engine_job_end (ej, ATELIER_JOB_FAILED, charged, FALSE);
  }
}

static JsonNode *
build_body (EngineJob  *ej,
            GError    **error)
{
  g_autoptr(AtelierRecipe) sent = atelier_recipe_copy (atelier_job_get_recipe (ej->job));

  /* The seed we chose is sent, so it is known before the result comes back. */
  if (atelier_job_get_seed (ej->job) >= 0)
    atelier_recipe_set_seed (sent, atelier_job_get_seed (ej->job));
  return atelier_request_build (ej->model, sent, error);
}

static void
on_submitting_saved (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(EngineJob) ej = user_data;
  AtelierEngine *self = ej->engine;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;

  if (!atelier_library_save_finish (ATELIER_LIBRARY (source), result, &error))
    {
      /* Without SUBMITTING on disk a crash would send it twice: never submit then. */
      if (self != NULL && ej->phase == PHASE_SUBMITTING)
        _atelier_engine_job_end (ej, ATELIER_JOB_FAILED, error, TRUE);
      return;
    }
  if (self == NULL || ej->phase != PHASE_SUBMITTING)
    return;
  if (ej->cancel_requested)
    {
      /* Not sent yet: nothing billed. */
      _atelier_engine_set_on_server (ej, FALSE);
      _atelier_engine_job_end (ej, ATELIER_JOB_CANCELLED, NULL, FALSE);
      return;
    }

  body = build_body (ej, &error);
  if (body == NULL)
    {
      _atelier_engine_set_on_server (ej, FALSE);
      _atelier_engine_job_end (ej, ATELIER_JOB_FAILED, error, FALSE);
      return;
    }

  /* The catalog's path, or its latest-weights endpoint when the recipe asks for it. */
  atelier_client_submit_async (self->client,
                               atelier_request_get_path (ej->model, atelier_job_get_recipe (ej->job)), body,
                               ej->cancellable, on_submitted, _atelier_engine_job_ref (ej));
}

void
_atelier_engine_job_submit (EngineJob *ej)
{
  _atelier_engine_dequeue (ej->engine, ej);
  _atelier_engine_set_on_server (ej, TRUE);
  _atelier_job_set_waiting_for_slot (ej->job, FALSE);
  _atelier_engine_job_set_phase (ej, PHASE_SUBMITTING);
  atelier_library_save_async (ej->engine->library, ej->job, NULL, on_submitting_saved,
                              _atelier_engine_job_ref (ej));
}

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

static void
poll_later (EngineJob *ej,
            guint      delay_ms)
{
  ej->next_poll_us = g_get_monotonic_time () + (gint64) delay_ms * 1000;
  _atelier_engine_schedule_polls (ej->engine);
}

static void
expire (EngineJob *ej)
{
  end_after_send (ej, ATELIER_JOB_EXPIRED, ATELIER_ERROR_EXPIRED,
                  _("The result expired before it could be downloaded (BFL keeps results for 10 minutes). It was probably charged."));
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
      expire (ej);
      return;
    }

  g_object_freeze_notify (G_OBJECT (ej->job));
  if (poll->has_seed)
    _atelier_job_set_seed (ej->job, poll->seed);
  if (poll->upsampled_prompt != NULL)
    _atelier_job_set_upsampled_prompt (ej->job, poll->upsampled_prompt);
  if (poll->duration >= 0)
    _atelier_job_set_duration (ej->job, poll->duration);
  else if (poll->start_time >= 0 && poll->end_time >= poll->start_time)
    _atelier_job_set_duration (ej->job, poll->end_time - poll->start_time);
  _atelier_job_set_progress (ej->job, 1.0);
  _atelier_job_set_status_text (ej->job, NULL);
  /* The URL expires 10 minutes after this: kept on disk so a restart knows whether to try. */
  _atelier_job_set_ready_at (ej->job, _atelier_engine_now_s ());
  _atelier_job_set_sample_url (ej->job, poll->sample_url);

  _atelier_engine_set_on_server (ej, FALSE);
  _atelier_engine_job_set_phase (ej, PHASE_DOWNLOADING);
  g_object_thaw_notify (G_OBJECT (ej->job));
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
          expire (ej);
          return;
        }
      if (g_error_matches (error, ATELIER_ERROR, ATELIER_ERROR_NOT_FOUND) &&
          age > NOT_FOUND_GRACE_S)
        {
          end_lost (ej);
          return;
        }
      if (age > GIVE_UP_AFTER_S)
        {
          end_given_up (ej);
          return;
        }
      /* Polls are idempotent: wait and ask again; the job stays pending. */
      g_debug ("Poll of %s failed, retrying: %s", atelier_job_get_id (ej->job), error->message);
      poll_later (ej, MAX (self->poll_interval_ms,
                                           _atelier_engine_fetch_backoff_ms (self, ej->attempt++)));
      return;
    }

  ej->attempt = 0;

  switch (poll->status)
    {
    case ATELIER_TASK_READY:
      if (poll->sample_url == NULL)
        {
          poll_later (ej, self->poll_interval_ms);
          return;
        }
      handle_ready (ej, poll);
      return;

    case ATELIER_TASK_PENDING:
    case ATELIER_TASK_UNKNOWN:
      if (ej->phase == PHASE_REPOLL)
        {
          expire (ej);
          return;
        }
      if (age > GIVE_UP_AFTER_S)
        {
          end_given_up (ej);
          return;
        }
      _atelier_job_set_progress (ej->job, poll->progress);
      /* A status we do not know is shown as the server spelled it. */
      _atelier_job_set_status_text (ej->job, poll->status == ATELIER_TASK_UNKNOWN ?
                                   poll->status_text : NULL);
      poll_later (ej, self->poll_interval_ms);
      return;

    case ATELIER_TASK_NOT_FOUND:
      if (ej->phase == PHASE_REPOLL)
        {
          expire (ej);
          return;
        }
      if (age <= NOT_FOUND_GRACE_S)
        {
          poll_later (ej, MAX (self->poll_interval_ms,
                                               _atelier_engine_fetch_backoff_ms (self,
                                                                                 ej->attempt++)));
          return;
        }
      end_lost (ej);
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
        _atelier_job_set_moderation_reasons (ej->job,
                                            (const char * const *) poll->moderation_reasons);
        _atelier_engine_job_end (ej, request ? ATELIER_JOB_REQUEST_MODERATED
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
        _atelier_engine_job_end (ej, ATELIER_JOB_FAILED, failed, FALSE);
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
      _atelier_engine_job_end (ej, ATELIER_JOB_FAILED, error, FALSE);
      return;
    }

  ej->poll_in_flight = TRUE;
  atelier_client_poll_async (self->client, url, ej->cancellable, on_polled,
                             _atelier_engine_job_ref (ej));
}

/* Downloading */

gboolean
_atelier_engine_url_is_fresh (EngineJob *ej)
{
  gint64 ready_at = atelier_job_get_ready_at (ej->job);

  return atelier_job_get_sample_url (ej->job) != NULL && ready_at > 0 &&
         _atelier_engine_now_s () - ready_at < RESULT_TTL_S;
}

void
_atelier_engine_ask_for_fresh_url (EngineJob *ej)
{
  if (ej->repolled || atelier_job_get_polling_url (ej->job) == NULL)
    {
      expire (ej);
      return;
    }
  ej->repolled = TRUE;
  _atelier_engine_job_set_phase (ej, PHASE_REPOLL);
  poll_later (ej, 0);
}

static gboolean
on_retry_download (gpointer user_data)
{
  EngineJob *ej = user_data;

  ej->retry_source_id = 0;
  if (ej->engine != NULL && ej->phase == PHASE_DOWNLOADING)
    _atelier_engine_start_download (ej);
  return G_SOURCE_REMOVE;
}

static void store_bytes (EngineJob *ej);

static gboolean
on_retry_store (gpointer user_data)
{
  EngineJob *ej = user_data;

  ej->retry_source_id = 0;
  if (ej->engine != NULL && ej->phase == PHASE_STORING)
    store_bytes (ej);
  return G_SOURCE_REMOVE;
}

static void
on_stored (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(EngineJob) ej = user_data;
  g_autoptr(GError) error = NULL;

  if (!atelier_library_store_image_finish (ATELIER_LIBRARY (source), result, &error))
    {
      if (ej->engine == NULL)
        return;
      g_warning ("Could not store the image of %s: %s", atelier_job_get_id (ej->job),
                 error->message);
      if (++ej->store_attempts < MAX_STORE_ATTEMPTS)
        {
          ej->retry_source_id = g_timeout_add (_atelier_engine_backoff_ms (ej->engine,
                                                                           ej->store_attempts),
                                               on_retry_store, ej);
          return;
        }
      _atelier_engine_job_end (ej, ATELIER_JOB_FAILED, error, FALSE);
      return;
    }

  g_clear_pointer (&ej->bytes, g_bytes_unref);
  if (ej->engine == NULL)
    {
      /* The engine went away while writing: the bytes are safe, say so on disk (there is no
       * engine left to end the job, so the state is set here). */
      _atelier_job_set_state (ej->job, ATELIER_JOB_READY);
      atelier_library_save_async (ATELIER_LIBRARY (source), ej->job, NULL,
                                  _atelier_engine_on_saved, NULL);
      return;
    }
  _atelier_engine_job_end (ej, ATELIER_JOB_READY, NULL, FALSE);
}

static void
store_bytes (EngineJob *ej)
{
  _atelier_engine_job_set_phase (ej, PHASE_STORING);
  atelier_library_store_image_async (ej->engine->library, ej->job, ej->bytes, ej->content_type,
                                     NULL, on_stored, _atelier_engine_job_ref (ej));
}

static void
on_downloaded (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(EngineJob) ej = user_data;
  AtelierEngine *self = ej->engine;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *content_type = NULL;

  bytes = atelier_client_download_finish (ATELIER_CLIENT (source), result, &content_type, &error);
  if (self == NULL || ej->phase != PHASE_DOWNLOADING)
    return;

  if (bytes != NULL)
    {
      ej->bytes = g_steal_pointer (&bytes);
      g_free (ej->content_type);
      ej->content_type = g_steal_pointer (&content_type);
      store_bytes (ej);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (g_error_matches (error, ATELIER_ERROR, ATELIER_ERROR_EXPIRED) ||
      !_atelier_engine_url_is_fresh (ej))
    {
      _atelier_engine_ask_for_fresh_url (ej);
      return;
    }
  if (g_error_matches (error, ATELIER_ERROR, ATELIER_ERROR_INSECURE))
    {
      _atelier_engine_job_end (ej, ATELIER_JOB_FAILED, error, FALSE);
      return;
    }

  g_debug ("Download of %s failed, retrying: %s", atelier_job_get_id (ej->job), error->message);
  ej->retry_source_id = g_timeout_add (_atelier_engine_fetch_backoff_ms (self, ej->attempt++),
                                       on_retry_download, ej);
}

void
_atelier_engine_start_download (EngineJob *ej)
{
  _atelier_engine_job_set_phase (ej, PHASE_DOWNLOADING);
  ej->attempt = 0;
  atelier_client_download_async (ej->engine->client, atelier_job_get_sample_url (ej->job),
                                 ej->cancellable, on_downloaded, _atelier_engine_job_ref (ej));
}
