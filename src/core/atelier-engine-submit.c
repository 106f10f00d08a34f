/* atelier-engine-submit.c — the queue, and sending each job once a slot is free
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

/* The queue */

static void
update_queue (AtelierEngine *self)
{
  guint position = 1;

  for (GList *l = self->queue.head; l != NULL; l = l->next)
    {
      EngineJob *ej = l->data;

      atelier_job_set_queue_position (ej->job, position++);
    }
  _atelier_engine_set_queued_count (self, self->queue.length);
}

static int
compare_order (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const EngineJob *ej_a = a;
  const EngineJob *ej_b = b;

  return ej_a->order < ej_b->order ? -1 : ej_a->order > ej_b->order;
}

void
_atelier_engine_enqueue (AtelierEngine *self,
                         EngineJob     *ej)
{
  if (g_queue_find (&self->queue, ej) == NULL)
    g_queue_insert_sorted (&self->queue, _atelier_engine_job_ref (ej), compare_order, NULL);
  update_queue (self);
}

void
_atelier_engine_dequeue (AtelierEngine *self,
                         EngineJob     *ej)
{
  GList *link = g_queue_find (&self->queue, ej);

  if (link != NULL)
    {
      g_queue_delete_link (&self->queue, link);
      atelier_job_set_queue_position (ej->job, 0);
      _atelier_engine_job_unref (ej);
    }
  update_queue (self);
}

/* Submitting */

static gboolean
on_queue_timer (gpointer user_data)
{
  AtelierEngine *self = user_data;

  self->queue_timer_id = 0;
  _atelier_engine_pump (self);
  return G_SOURCE_REMOVE;
}

static guint
count_model_active (AtelierEngine *self,
                    AtelierModel  *model)
{
  GHashTableIter iter;
  gpointer value;
  guint count = 0;

  g_hash_table_iter_init (&iter, self->jobs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      EngineJob *ej = value;

      if (ej->on_server && ej->model == model)
        count++;
    }
  return count;
}

static guint
global_limit (AtelierEngine *self)
{
  return self->user_cap > 0 ? MIN (self->user_cap, BFL_MAX_ACTIVE) : BFL_MAX_ACTIVE;
}

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
      atelier_job_set_task (ej->job, submit->id, submit->polling_url);
      atelier_job_set_submitted_at (ej->job, _atelier_engine_now_s ());
      if (submit->cost >= 0)
        {
          atelier_job_set_actual_cost (ej->job, submit->cost);
          _atelier_engine_add_spent (self, submit->cost);
        }
      atelier_job_set_megapixels (ej->job, submit->input_mp, submit->output_mp);

      if (ej->cancel_requested)
        {
          g_autoptr(GError) cancelled = g_error_new (ATELIER_ERROR, ATELIER_ERROR_SERVER,
                                                     _("Cancelled. BFL cannot stop a job once it was sent, so this one may still be charged."));
          _atelier_engine_fail (ej, ATELIER_JOB_CANCELLED, cancelled, FALSE);
          return;
        }

      ej->phase = PHASE_PENDING;
      ej->attempt = 0;
      atelier_job_set_progress (ej->job, -1);
      atelier_job_set_state (ej->job, ATELIER_JOB_PENDING);
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
          atelier_job_set_state (ej->job, ATELIER_JOB_CANCELLED);
          _atelier_engine_finish (ej);
          return;
        }

      ej->phase = PHASE_QUEUED;
      atelier_job_set_state (ej->job, ATELIER_JOB_QUEUED);
      atelier_job_set_waiting_for_slot (ej->job,
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
      _atelier_engine_fail (ej, ATELIER_JOB_FAILED, error, TRUE);
      while (!g_queue_is_empty (&self->queue))
        _atelier_engine_fail (g_queue_peek_head (&self->queue), ATELIER_JOB_FAILED, error, TRUE);
      self->holding = FALSE;
      _atelier_engine_emit_job_error (self, job, error);
      return;
    }

  if (g_error_matches (error, ATELIER_ERROR, ATELIER_ERROR_VALIDATION) ||
      g_error_matches (error, ATELIER_ERROR, ATELIER_ERROR_INSECURE))
    {
      _atelier_engine_fail (ej, ATELIER_JOB_FAILED, error, FALSE);
      return;
    }

  {
    /* The request may have reached the server: sending it again could charge twice. */
    g_autoptr(GError) charged = g_error_new (ATELIER_ERROR, ATELIER_ERROR_MAY_HAVE_BEEN_CHARGED,
                                             _("The request failed after it was sent, so it may have been charged — check your BFL dashboard (%s)"),
                                             error->message);

    g_debug ("Submit of %s failed: %s", atelier_job_get_id (ej->job), error->message);
    _atelier_engine_fail (ej, ATELIER_JOB_FAILED, charged, FALSE);
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
        _atelier_engine_fail (ej, ATELIER_JOB_FAILED, error, TRUE);
      return;
    }
  if (self == NULL || ej->phase != PHASE_SUBMITTING)
    return;
  if (ej->cancel_requested)
    {
      /* Not sent yet: nothing billed. */
      _atelier_engine_set_on_server (ej, FALSE);
      atelier_job_set_state (ej->job, ATELIER_JOB_CANCELLED);
      _atelier_engine_finish (ej);
      return;
    }

  body = build_body (ej, &error);
  if (body == NULL)
    {
      _atelier_engine_set_on_server (ej, FALSE);
      _atelier_engine_fail (ej, ATELIER_JOB_FAILED, error, FALSE);
      return;
    }

  atelier_client_submit_async (self->client,
                               atelier_request_get_path (ej->model, atelier_job_get_recipe (ej->job)), body,
                               ej->cancellable, on_submitted, _atelier_engine_job_ref (ej));
}

static void
submit (EngineJob *ej)
{
  ej->phase = PHASE_SUBMITTING;
  _atelier_engine_dequeue (ej->engine, ej);
  _atelier_engine_set_on_server (ej, TRUE);
  atelier_job_set_waiting_for_slot (ej->job, FALSE);
  atelier_job_set_state (ej->job, ATELIER_JOB_SUBMITTING);
  atelier_library_save_async (ej->engine->library, ej->job, NULL, on_submitting_saved,
                              _atelier_engine_job_ref (ej));
}

void
_atelier_engine_pump (AtelierEngine *self)
{
  gint64 now = g_get_monotonic_time ();
  GList *l;

  if (!self->online || self->holding)
    return;

  if (now < self->submit_not_before)
    {
      if (self->queue_timer_id == 0 && self->queue.length > 0)
        self->queue_timer_id = g_timeout_add ((self->submit_not_before - now) / 1000 + 1,
                                              on_queue_timer, self);
      return;
    }

  l = self->queue.head;
  while (l != NULL && self->active_count < global_limit (self))
    {
      EngineJob *ej = l->data;
      GList *next = l->next;

      if (ej->phase == PHASE_QUEUED &&
          count_model_active (self, ej->model) < atelier_model_get_concurrency (ej->model))
        submit (ej);
      l = next;
    }
}
