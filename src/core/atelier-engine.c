/* atelier-engine.c — the scheduler: submits, polls, downloads; never loses a paid image
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Atelier-Engine"

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-cost.h"
#include "atelier-engine.h"
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

#define BFL_MAX_ACTIVE           24
#define DEFAULT_POLL_MS          500
#define DEFAULT_BACKOFF_MS       1000
#define MAX_BACKOFF_MS           30000
/* Polls and downloads cost nothing and the result URL lives 10 minutes: after an outage they
 * come back within seconds, not half a minute. */
#define MAX_FETCH_BACKOFF_MS     8000
#define RESULT_TTL_S             (10 * 60)
#define NOT_FOUND_GRACE_S        10
#define GIVE_UP_AFTER_S          (30 * 60)
#define MAX_BATCH                100
#define MAX_STORE_ATTEMPTS       5

typedef enum
{
  PHASE_SAVING,      /* added to the library, the record not yet on disk */
  PHASE_QUEUED,
  PHASE_SUBMITTING,
  PHASE_PENDING,
  PHASE_REPOLL,      /* the result URL expired: one poll for a fresh one */
  PHASE_DOWNLOADING,
  PHASE_STORING,
  PHASE_DONE,
} Phase;

typedef struct
{
  gatomicrefcount  ref_count;
  AtelierEngine   *engine;            /* NULL once the engine is gone: callbacks stop */
  AtelierJob      *job;
  AtelierModel    *model;
  Phase            phase;
  guint64          order;             /* the queue keeps the order jobs were made in */
  GCancellable    *cancellable;
  gboolean         on_server;         /* counted in active-count */
  gboolean         cancel_requested;  /* cancelled while the POST was in flight */
  gboolean         poll_in_flight;
  gint64           next_poll_us;      /* monotonic */
  guint            attempt;           /* transient failures in a row */
  gboolean         repolled;          /* a fresh URL was asked for once already */
  guint            store_attempts;
  guint            retry_source_id;   /* download/store retry */
  GBytes          *bytes;             /* downloaded, not yet stored */
  char            *content_type;
} EngineJob;

struct _AtelierEngine
{
  GObject         parent_instance;

  AtelierClient  *client;
  AtelierLibrary *library;
  AtelierCatalog *catalog;

  GHashTable     *jobs;              /* AtelierJob → EngineJob, until final */
  GQueue          queue;             /* EngineJob, in order */
  guint64         next_order;

  guint           active_count;
  guint           queued_count;
  double          session_spent;
  guint           user_cap;
  gboolean        online;
  gboolean        holding;          /* failing the queue after a 402/403: submit nothing */

  guint           poll_interval_ms;
  guint           backoff_base_ms;
  guint           submit_attempt;    /* 429s and refused connections in a row */
  gint64          submit_not_before; /* monotonic µs */

  guint           queue_timer_id;
  guint           poll_timer_id;
  gint64          poll_timer_due;
};

G_DEFINE_FINAL_TYPE (AtelierEngine, atelier_engine, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACTIVE_COUNT,
  PROP_QUEUED_COUNT,
  PROP_SESSION_SPENT,
  PROP_USER_CAP,
  PROP_ONLINE,
  N_PROPS
};

enum {
  JOB_FINISHED,
  JOB_ERROR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void pump               (AtelierEngine *self);
static void schedule_polls     (AtelierEngine *self);
static void start_download     (EngineJob     *ej);
static void start_poll         (EngineJob     *ej);

/* Engine jobs */

static EngineJob *
engine_job_ref (EngineJob *ej)
{
  g_atomic_ref_count_inc (&ej->ref_count);
  return ej;
}

static void
engine_job_unref (EngineJob *ej)
{
  if (!g_atomic_ref_count_dec (&ej->ref_count))
    return;
  g_clear_handle_id (&ej->retry_source_id, g_source_remove);
  g_clear_object (&ej->job);
  g_clear_object (&ej->model);
  g_clear_object (&ej->cancellable);
  g_clear_pointer (&ej->bytes, g_bytes_unref);
  g_free (ej->content_type);
  g_free (ej);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EngineJob, engine_job_unref)

static EngineJob *
engine_job_new (AtelierEngine *self,
                AtelierJob    *job,
                AtelierModel  *model)
{
  EngineJob *ej = g_new0 (EngineJob, 1);

  g_atomic_ref_count_init (&ej->ref_count);
  ej->engine = self;
  ej->job = g_object_ref (job);
  ej->model = model != NULL ? g_object_ref (model) : NULL;
  ej->cancellable = g_cancellable_new ();
  ej->order = self->next_order++;
  g_hash_table_insert (self->jobs, job, ej);
  return ej;
}

static gint64
now_s (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static guint
backoff_ms (AtelierEngine *self,
            guint          attempt)
{
  double delay = (double) self->backoff_base_ms * (1u << MIN (attempt, 10u));

  /* Full jitter on the upper half, so 24 jobs refused together do not return together. */
  delay *= g_random_double_range (0.5, 1.0);
  return (guint) MIN (delay, (double) MAX_BACKOFF_MS);
}

static guint
fetch_backoff_ms (AtelierEngine *self,
                  guint          attempt)
{
  return MIN (backoff_ms (self, attempt), MAX_FETCH_BACKOFF_MS);
}

/* Counters */

static void
set_active_count (AtelierEngine *self,
                  guint          count)
{
  if (self->active_count == count)
    return;
  self->active_count = count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE_COUNT]);
}

static void
set_on_server (EngineJob *ej,
               gboolean   on_server)
{
  AtelierEngine *self = ej->engine;

  if (ej->on_server == on_server)
    return;
  ej->on_server = on_server;
  set_active_count (self, self->active_count + (on_server ? 1 : -1));
}

static void
update_queue (AtelierEngine *self)
{
  guint position = 1;

  for (GList *l = self->queue.head; l != NULL; l = l->next)
    {
      EngineJob *ej = l->data;

      atelier_job_set_queue_position (ej->job, position++);
    }
  if (self->queued_count != self->queue.length)
    {
      self->queued_count = self->queue.length;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUED_COUNT]);
    }
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

static void
enqueue (AtelierEngine *self,
         EngineJob     *ej)
{
  if (g_queue_find (&self->queue, ej) == NULL)
    g_queue_insert_sorted (&self->queue, engine_job_ref (ej), compare_order, NULL);
  update_queue (self);
}

static void
dequeue (AtelierEngine *self,
         EngineJob     *ej)
{
  GList *link = g_queue_find (&self->queue, ej);

  if (link != NULL)
    {
      g_queue_delete_link (&self->queue, link);
      atelier_job_set_queue_position (ej->job, 0);
      engine_job_unref (ej);
    }
  update_queue (self);
}

/* Saving */

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!atelier_library_save_finish (ATELIER_LIBRARY (source), result, &error))
    g_warning ("Could not save a job: %s", error->message);
}

static void
save (EngineJob *ej)
{
  atelier_library_save_async (ej->engine->library, ej->job, NULL, on_saved, NULL);
}

/* A final state: save, forget, tell. */
static void
finish (EngineJob *ej)
{
  AtelierEngine *self = ej->engine;
  g_autoptr(EngineJob) hold = engine_job_ref (ej);

  g_assert (atelier_job_state_is_final (atelier_job_get_state (ej->job)));

  ej->phase = PHASE_DONE;
  set_on_server (ej, FALSE);
  dequeue (self, ej);
  g_clear_handle_id (&ej->retry_source_id, g_source_remove);
  g_cancellable_cancel (ej->cancellable);
  save (ej);
  g_hash_table_remove (self->jobs, ej->job);
  ej->engine = NULL;

  g_signal_emit (self, signals[JOB_FINISHED], 0, ej->job);
  pump (self);
}

static void
fail (EngineJob       *ej,
      AtelierJobState  state,
      const GError    *error,
      gboolean         retryable)
{
  atelier_job_fail (ej->job, state, error, retryable);
  finish (ej);
}

/* Submitting */

static gboolean
on_queue_timer (gpointer user_data)
{
  AtelierEngine *self = user_data;

  self->queue_timer_id = 0;
  pump (self);
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
      atelier_job_set_submitted_at (ej->job, now_s ());
      if (submit->cost >= 0)
        {
          atelier_job_set_actual_cost (ej->job, submit->cost);
          self->session_spent += submit->cost;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION_SPENT]);
        }
      atelier_job_set_megapixels (ej->job, submit->input_mp, submit->output_mp);

      if (ej->cancel_requested)
        {
          g_autoptr(GError) cancelled = g_error_new (ATELIER_ERROR, ATELIER_ERROR_SERVER,
                                                     _("Cancelled. BFL cannot stop a job once it was sent, so this one may still be charged."));
          fail (ej, ATELIER_JOB_CANCELLED, cancelled, FALSE);
          return;
        }

      ej->phase = PHASE_PENDING;
      ej->attempt = 0;
      atelier_job_set_progress (ej->job, -1);
      atelier_job_set_state (ej->job, ATELIER_JOB_PENDING);
      save (ej);
      /* BFL needs a moment before the task can be polled. */
      ej->next_poll_us = g_get_monotonic_time () + (gint64) self->poll_interval_ms * 2 / 3 * 1000;
      schedule_polls (self);
      return;
    }

  if (g_error_matches (error, ATELIER_ERROR, ATELIER_ERROR_RATE_LIMITED) ||
      g_error_matches (error, ATELIER_ERROR, ATELIER_ERROR_NETWORK))
    {
      /* Nothing was billed: wait for a slot (or the network) and send again. */
      guint delay = retry_after > 0 ? retry_after * 1000 : backoff_ms (self, self->submit_attempt);

      self->submit_attempt++;
      self->submit_not_before = MAX (self->submit_not_before,
                                     g_get_monotonic_time () + (gint64) delay * 1000);
      set_on_server (ej, FALSE);

      if (ej->cancel_requested)
        {
          atelier_job_set_state (ej->job, ATELIER_JOB_CANCELLED);
          finish (ej);
          return;
        }

      ej->phase = PHASE_QUEUED;
      atelier_job_set_state (ej->job, ATELIER_JOB_QUEUED);
      atelier_job_set_waiting_for_slot (ej->job,
                                        g_error_matches (error, ATELIER_ERROR,
                                                         ATELIER_ERROR_RATE_LIMITED));
      enqueue (self, ej);
      save (ej);
      pump (self);
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
      fail (ej, ATELIER_JOB_FAILED, error, TRUE);
      while (!g_queue_is_empty (&self->queue))
        fail (g_queue_peek_head (&self->queue), ATELIER_JOB_FAILED, error, TRUE);
      self->holding = FALSE;
      g_signal_emit (self, signals[JOB_ERROR], 0, job, error);
      return;
    }

  if (g_error_matches (error, ATELIER_ERROR, ATELIER_ERROR_VALIDATION) ||
      g_error_matches (error, ATELIER_ERROR, ATELIER_ERROR_INSECURE))
    {
      fail (ej, ATELIER_JOB_FAILED, error, FALSE);
      return;
    }

  {
    /* The request may have reached the server: sending it again could charge twice. */
    g_autoptr(GError) charged = g_error_new (ATELIER_ERROR, ATELIER_ERROR_MAY_HAVE_BEEN_CHARGED,
                                             _("The request failed after it was sent, so it may have been charged — check your BFL dashboard (%s)"),
                                             error->message);

    g_debug ("Submit of %s failed: %s", atelier_job_get_id (ej->job), error->message);
    fail (ej, ATELIER_JOB_FAILED, charged, FALSE);
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
        fail (ej, ATELIER_JOB_FAILED, error, TRUE);
      return;
    }
  if (self == NULL || ej->phase != PHASE_SUBMITTING)
    return;
  if (ej->cancel_requested)
    {
      /* Not sent yet: nothing billed. */
      set_on_server (ej, FALSE);
      atelier_job_set_state (ej->job, ATELIER_JOB_CANCELLED);
      finish (ej);
      return;
    }

  body = build_body (ej, &error);
  if (body == NULL)
    {
      set_on_server (ej, FALSE);
      fail (ej, ATELIER_JOB_FAILED, error, FALSE);
      return;
    }

  atelier_client_submit_async (self->client, atelier_model_get_path (ej->model), body,
                               ej->cancellable, on_submitted, engine_job_ref (ej));
}

static void
submit (EngineJob *ej)
{
  ej->phase = PHASE_SUBMITTING;
  dequeue (ej->engine, ej);
  set_on_server (ej, TRUE);
  atelier_job_set_waiting_for_slot (ej->job, FALSE);
  atelier_job_set_state (ej->job, ATELIER_JOB_SUBMITTING);
  atelier_library_save_async (ej->engine->library, ej->job, NULL, on_submitting_saved,
                              engine_job_ref (ej));
}

static void
pump (AtelierEngine *self)
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
  g_autoptr(GPtrArray) due = g_ptr_array_new_with_free_func ((GDestroyNotify) engine_job_unref);
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
            g_ptr_array_add (due, engine_job_ref (ej));
        }
      for (guint i = 0; i < due->len; i++)
        start_poll (g_ptr_array_index (due, i));
    }

  schedule_polls (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_polls (AtelierEngine *self)
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
  schedule_polls (ej->engine);
}

static void
expire (EngineJob *ej)
{
  g_autoptr(GError) error = g_error_new (ATELIER_ERROR, ATELIER_ERROR_EXPIRED,
                                         _("The result expired before it could be downloaded (BFL keeps results for 10 minutes). It was probably charged."));

  fail (ej, ATELIER_JOB_EXPIRED, error, FALSE);
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
  atelier_job_set_ready_at (ej->job, now_s ());
  atelier_job_set_sample_url (ej->job, poll->sample_url);

  set_on_server (ej, FALSE);
  atelier_job_set_state (ej->job, ATELIER_JOB_DOWNLOADING);
  save (ej);
  pump (self);
  start_download (ej);
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
  age = submitted_at > 0 ? now_s () - submitted_at : 0;

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
          g_autoptr(GError) lost = g_error_new (ATELIER_ERROR, ATELIER_ERROR_NOT_FOUND,
                                                _("BFL no longer knows this job. It may have been charged."));
          fail (ej, ATELIER_JOB_FAILED, lost, FALSE);
          return;
        }
      if (age > GIVE_UP_AFTER_S)
        {
          g_autoptr(GError) gave_up = g_error_new (ATELIER_ERROR, ATELIER_ERROR_SERVER,
                                                   _("BFL did not finish this job. It may have been charged."));
          fail (ej, ATELIER_JOB_FAILED, gave_up, FALSE);
          return;
        }
      /* Polls are idempotent: wait and ask again; the job stays pending. */
      g_debug ("Poll of %s failed, retrying: %s", atelier_job_get_id (ej->job), error->message);
      poll_later (ej, MAX (self->poll_interval_ms, fetch_backoff_ms (self, ej->attempt++)));
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
          g_autoptr(GError) gave_up = g_error_new (ATELIER_ERROR, ATELIER_ERROR_SERVER,
                                                   _("BFL did not finish this job. It may have been charged."));
          fail (ej, ATELIER_JOB_FAILED, gave_up, FALSE);
          return;
        }
      atelier_job_set_progress (ej->job, poll->progress);
      /* A status we do not know is shown as the server spelled it. */
      atelier_job_set_status_text (ej->job, poll->status == ATELIER_TASK_UNKNOWN ?
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
          poll_later (ej, MAX (self->poll_interval_ms, fetch_backoff_ms (self, ej->attempt++)));
          return;
        }
      {
        g_autoptr(GError) lost = g_error_new (ATELIER_ERROR, ATELIER_ERROR_NOT_FOUND,
                                              _("BFL no longer knows this job. It may have been charged."));
        fail (ej, ATELIER_JOB_FAILED, lost, FALSE);
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
        fail (ej, request ? ATELIER_JOB_REQUEST_MODERATED : ATELIER_JOB_CONTENT_MODERATED,
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
        fail (ej, ATELIER_JOB_FAILED, failed, FALSE);
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
      fail (ej, ATELIER_JOB_FAILED, error, FALSE);
      return;
    }

  ej->poll_in_flight = TRUE;
  atelier_client_poll_async (self->client, url, ej->cancellable, on_polled, engine_job_ref (ej));
}

/* Downloading */

static gboolean
url_is_fresh (EngineJob *ej)
{
  gint64 ready_at = atelier_job_get_ready_at (ej->job);

  return atelier_job_get_sample_url (ej->job) != NULL && ready_at > 0 &&
         now_s () - ready_at < RESULT_TTL_S;
}

static void
ask_for_fresh_url (EngineJob *ej)
{
  if (ej->repolled || atelier_job_get_polling_url (ej->job) == NULL)
    {
      expire (ej);
      return;
    }
  ej->repolled = TRUE;
  ej->phase = PHASE_REPOLL;
  poll_later (ej, 0);
}

static gboolean
on_retry_download (gpointer user_data)
{
  EngineJob *ej = user_data;

  ej->retry_source_id = 0;
  if (ej->engine != NULL && ej->phase == PHASE_DOWNLOADING)
    start_download (ej);
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
          ej->retry_source_id = g_timeout_add (backoff_ms (ej->engine, ej->store_attempts),
                                               on_retry_store, ej);
          return;
        }
      fail (ej, ATELIER_JOB_FAILED, error, FALSE);
      return;
    }

  g_clear_pointer (&ej->bytes, g_bytes_unref);
  if (ej->engine == NULL)
    {
      /* The engine went away while writing: the bytes are safe, say so on disk. */
      atelier_job_set_state (ej->job, ATELIER_JOB_READY);
      atelier_library_save_async (ATELIER_LIBRARY (source), ej->job, NULL, on_saved, NULL);
      return;
    }
  atelier_job_set_state (ej->job, ATELIER_JOB_READY);
  finish (ej);
}

static void
store_bytes (EngineJob *ej)
{
  ej->phase = PHASE_STORING;
  atelier_library_store_image_async (ej->engine->library, ej->job, ej->bytes, ej->content_type,
                                     NULL, on_stored, engine_job_ref (ej));
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
  if (g_error_matches (error, ATELIER_ERROR, ATELIER_ERROR_EXPIRED) || !url_is_fresh (ej))
    {
      ask_for_fresh_url (ej);
      return;
    }
  if (g_error_matches (error, ATELIER_ERROR, ATELIER_ERROR_INSECURE))
    {
      fail (ej, ATELIER_JOB_FAILED, error, FALSE);
      return;
    }

  g_debug ("Download of %s failed, retrying: %s", atelier_job_get_id (ej->job), error->message);
  ej->retry_source_id = g_timeout_add (fetch_backoff_ms (self, ej->attempt++), on_retry_download, ej);
}

static void
start_download (EngineJob *ej)
{
  ej->phase = PHASE_DOWNLOADING;
  ej->attempt = 0;
  atelier_client_download_async (ej->engine->client, atelier_job_get_sample_url (ej->job),
                                 ej->cancellable, on_downloaded, engine_job_ref (ej));
}

/* GObject */

static void
atelier_engine_dispose (GObject *object)
{
  AtelierEngine *self = ATELIER_ENGINE (object);
  GHashTableIter iter;
  gpointer value;

  /* Jobs keep the state their records say: the next run picks them up. */
  if (self->jobs != NULL)
    {
      g_hash_table_iter_init (&iter, self->jobs);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          EngineJob *ej = value;

          ej->engine = NULL;
          g_clear_handle_id (&ej->retry_source_id, g_source_remove);
          /* A store in progress finishes: the bytes are already paid for. */
          g_cancellable_cancel (ej->cancellable);
        }
      g_clear_pointer (&self->jobs, g_hash_table_unref);
    }
  g_queue_clear_full (&self->queue, (GDestroyNotify) engine_job_unref);
  g_clear_handle_id (&self->queue_timer_id, g_source_remove);
  g_clear_handle_id (&self->poll_timer_id, g_source_remove);

  g_clear_object (&self->client);
  g_clear_object (&self->library);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (atelier_engine_parent_class)->dispose (object);
}

static void
atelier_engine_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  AtelierEngine *self = ATELIER_ENGINE (object);

  switch (prop_id)
    {
    case PROP_ACTIVE_COUNT:
      g_value_set_uint (value, self->active_count);
      break;
    case PROP_QUEUED_COUNT:
      g_value_set_uint (value, self->queued_count);
      break;
    case PROP_SESSION_SPENT:
      g_value_set_double (value, self->session_spent);
      break;
    case PROP_USER_CAP:
      g_value_set_uint (value, self->user_cap);
      break;
    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_engine_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  AtelierEngine *self = ATELIER_ENGINE (object);

  switch (prop_id)
    {
    case PROP_USER_CAP:
      atelier_engine_set_user_cap (self, g_value_get_uint (value));
      break;
    case PROP_ONLINE:
      atelier_engine_set_online (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_engine_class_init (AtelierEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = atelier_engine_dispose;
  object_class->get_property = atelier_engine_get_property;
  object_class->set_property = atelier_engine_set_property;

  properties[PROP_ACTIVE_COUNT] = g_param_spec_uint ("active-count", NULL, NULL,
                                                     0, G_MAXUINT, 0, ro);
  properties[PROP_QUEUED_COUNT] = g_param_spec_uint ("queued-count", NULL, NULL,
                                                     0, G_MAXUINT, 0, ro);
  properties[PROP_SESSION_SPENT] = g_param_spec_double ("session-spent", NULL, NULL,
                                                        0, G_MAXDOUBLE, 0, ro);
  properties[PROP_USER_CAP] = g_param_spec_uint ("user-cap", NULL, NULL,
                                                 0, BFL_MAX_ACTIVE, 0, rw);
  properties[PROP_ONLINE] = g_param_spec_boolean ("online", NULL, NULL, TRUE, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[JOB_FINISHED] = g_signal_new ("job-finished", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 1, ATELIER_TYPE_JOB);
  signals[JOB_ERROR] = g_signal_new ("job-error", G_TYPE_FROM_CLASS (klass),
                                     G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                     G_TYPE_NONE, 2, ATELIER_TYPE_JOB, G_TYPE_ERROR);
}

static void
atelier_engine_init (AtelierEngine *self)
{
  self->jobs = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) engine_job_unref);
  g_queue_init (&self->queue);
  self->online = TRUE;
  self->poll_interval_ms = DEFAULT_POLL_MS;
  self->backoff_base_ms = DEFAULT_BACKOFF_MS;
}

AtelierEngine *
atelier_engine_new (AtelierClient  *client,
                    AtelierLibrary *library,
                    AtelierCatalog *catalog)
{
  AtelierEngine *self;

  g_return_val_if_fail (ATELIER_IS_CLIENT (client), NULL);
  g_return_val_if_fail (ATELIER_IS_LIBRARY (library), NULL);
  g_return_val_if_fail (catalog == NULL || ATELIER_IS_CATALOG (catalog), NULL);

  self = g_object_new (ATELIER_TYPE_ENGINE, NULL);
  self->client = g_object_ref (client);
  self->library = g_object_ref (library);
  self->catalog = g_object_ref (catalog != NULL ? catalog : atelier_catalog_get_default ());
  return self;
}

AtelierClient *
atelier_engine_get_client (AtelierEngine *self)
{
  g_return_val_if_fail (ATELIER_IS_ENGINE (self), NULL);
  return self->client;
}

AtelierLibrary *
atelier_engine_get_library (AtelierEngine *self)
{
  g_return_val_if_fail (ATELIER_IS_ENGINE (self), NULL);
  return self->library;
}

/* Generate */

static void
on_added (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(EngineJob) ej = user_data;
  g_autoptr(GError) error = NULL;

  if (!atelier_library_add_finish (ATELIER_LIBRARY (source), result, &error))
    {
      g_autoptr(AtelierEngine) engine = NULL;
      g_autoptr(AtelierJob) job = NULL;

      if (ej->engine == NULL || ej->phase != PHASE_SAVING)
        return;
      /* Not on disk: it is never sent. Nothing billed, so Retry is safe. */
      engine = g_object_ref (ej->engine);
      job = g_object_ref (ej->job);
      fail (ej, ATELIER_JOB_FAILED, error, TRUE);
      g_signal_emit (engine, signals[JOB_ERROR], 0, job, error);
      return;
    }
  if (ej->engine == NULL || ej->phase != PHASE_SAVING)
    return;

  ej->phase = PHASE_QUEUED;
  pump (ej->engine);
}

static void
estimate (AtelierModel  *model,
          AtelierRecipe *recipe,
          AtelierCostEstimate *out)
{
  guint n_sent = atelier_request_count_sent_refs (model, recipe);
  g_autofree AtelierPixelSize *sizes = g_new0 (AtelierPixelSize, MAX (n_sent, 1));
  guint width = 0, height = 0;

  for (guint i = 0; i < n_sent && i < atelier_recipe_get_n_references (recipe); i++)
    {
      AtelierReference *ref = atelier_recipe_get_reference (recipe, i);

      sizes[i].width = atelier_reference_get_width (ref);
      sizes[i].height = atelier_reference_get_height (ref);
    }
  atelier_request_output_size (model, recipe, &width, &height);
  atelier_cost_estimate (model, width, height, sizes, n_sent,
                         atelier_recipe_get_bool (recipe, "raw", FALSE), 1, out);
}

GPtrArray *
atelier_engine_generate (AtelierEngine  *self,
                         AtelierRecipe  *recipe,
                         guint           batch,
                         GError        **error)
{
  g_autoptr(GPtrArray) jobs = NULL;
  AtelierCostEstimate cost = { 0 };
  AtelierModel *model;
  gint64 seed;

  g_return_val_if_fail (ATELIER_IS_ENGINE (self), NULL);
  g_return_val_if_fail (ATELIER_IS_RECIPE (recipe), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  model = atelier_catalog_lookup (self->catalog, atelier_recipe_get_model_id (recipe));
  if (model == NULL || !atelier_model_is_hosted (model))
    {
      g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_VALIDATION,
                   _("This model is not offered by the BFL API"));
      return NULL;
    }
  if (!atelier_request_validate (model, recipe, NULL, error))
    return NULL;
  if (!atelier_client_has_key (self->client))
    {
      g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_NO_KEY,
                   _("Add your BFL API key in Preferences to generate images"));
      return NULL;
    }

  batch = CLAMP (batch, 1, MAX_BATCH);
  estimate (model, recipe, &cost);
  seed = atelier_recipe_get_seed (recipe);

  jobs = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < batch; i++)
    {
      g_autoptr(AtelierRecipe) copy = atelier_recipe_copy (recipe);
      g_autoptr(AtelierJob) job = atelier_job_new (copy);
      EngineJob *ej;

      /* Our own random seed, sent with the request, so the seed is known from the start. */
      if (seed == ATELIER_SEED_RANDOM)
        atelier_job_set_seed (job, g_random_int_range (0, G_MAXINT32));
      else
        atelier_job_set_seed (job, seed + i);
      atelier_job_set_estimated_cost (job, cost.per_image);

      ej = engine_job_new (self, job, model);
      ej->phase = PHASE_SAVING;
      enqueue (self, ej);
      atelier_library_add_async (self->library, job, NULL, on_added, engine_job_ref (ej));
      g_ptr_array_add (jobs, g_steal_pointer (&job));
    }

  return g_steal_pointer (&jobs);
}

/* Resume, cancel, retry */

void
atelier_engine_resume (AtelierEngine *self)
{
  guint n;

  g_return_if_fail (ATELIER_IS_ENGINE (self));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->library));
  /* Oldest first, so the queue keeps its order. */
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(AtelierJob) job = g_list_model_get_item (G_LIST_MODEL (self->library), i - 1);
      AtelierJobState state = atelier_job_get_state (job);
      AtelierModel *model;
      EngineJob *ej;

      if (atelier_job_state_is_final (state) || g_hash_table_contains (self->jobs, job))
        continue;

      model = atelier_catalog_lookup (self->catalog,
                                      atelier_recipe_get_model_id (atelier_job_get_recipe (job)));

      if (state == ATELIER_JOB_SUBMITTING)
        {
          /* The POST may have reached BFL: sending it again could charge twice. */
          g_autoptr(GError) error = g_error_new_literal (ATELIER_ERROR,
                                                         ATELIER_ERROR_MAY_HAVE_BEEN_CHARGED,
                                                         _("Interrupted while sending — it may have been charged. Check your BFL dashboard before you retry."));

          atelier_job_fail (job, ATELIER_JOB_INTERRUPTED, error, TRUE);
          atelier_library_save_async (self->library, job, NULL, on_saved, NULL);
          g_signal_emit (self, signals[JOB_FINISHED], 0, job);
          continue;
        }

      if (model == NULL && state == ATELIER_JOB_QUEUED)
        {
          g_autoptr(GError) error = g_error_new_literal (ATELIER_ERROR, ATELIER_ERROR_VALIDATION,
                                                         _("This model is not offered by the BFL API"));

          atelier_job_fail (job, ATELIER_JOB_FAILED, error, FALSE);
          atelier_library_save_async (self->library, job, NULL, on_saved, NULL);
          continue;
        }

      ej = engine_job_new (self, job, model);
      switch (state)
        {
        case ATELIER_JOB_QUEUED:
          ej->phase = PHASE_QUEUED;
          enqueue (self, ej);
          break;

        case ATELIER_JOB_PENDING:
          ej->phase = PHASE_PENDING;
          set_on_server (ej, TRUE);
          ej->next_poll_us = g_get_monotonic_time ();
          break;

        case ATELIER_JOB_DOWNLOADING:
          if (url_is_fresh (ej))
            start_download (ej);
          else
            ask_for_fresh_url (ej);
          break;

        default:
          g_assert_not_reached ();
        }
    }

  schedule_polls (self);
  pump (self);
}

void
atelier_engine_cancel (AtelierEngine *self,
                       AtelierJob    *job)
{
  EngineJob *ej;

  g_return_if_fail (ATELIER_IS_ENGINE (self));
  g_return_if_fail (ATELIER_IS_JOB (job));

  ej = g_hash_table_lookup (self->jobs, job);
  if (ej == NULL)
    return;

  switch (ej->phase)
    {
    case PHASE_SAVING:
    case PHASE_QUEUED:
      /* Never sent: nothing billed, and Retry is safe. */
      atelier_job_fail (job, ATELIER_JOB_CANCELLED, NULL, TRUE);
      finish (ej);
      break;

    case PHASE_SUBMITTING:
      /* The answer decides: a refusal costs nothing, a task id may be billed. */
      ej->cancel_requested = TRUE;
      break;

    case PHASE_PENDING:
    case PHASE_REPOLL:
    case PHASE_DOWNLOADING:
      {
        g_autoptr(GError) error = g_error_new_literal (ATELIER_ERROR, ATELIER_ERROR_SERVER,
                                                       _("Cancelled. BFL cannot stop a job once it was sent, so this one may still be charged."));
        fail (ej, ATELIER_JOB_CANCELLED, error, FALSE);
      }
      break;

    case PHASE_STORING:
    case PHASE_DONE:
    default:
      /* The image is being written: it is the user's, paid for. */
      break;
    }
}

gboolean
atelier_engine_retry (AtelierEngine *self,
                      AtelierJob    *job)
{
  AtelierModel *model;
  EngineJob *ej;

  g_return_val_if_fail (ATELIER_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (ATELIER_IS_JOB (job), FALSE);

  if (!atelier_job_state_is_final (atelier_job_get_state (job)) ||
      !atelier_job_get_retryable (job) || g_hash_table_contains (self->jobs, job))
    return FALSE;

  model = atelier_catalog_lookup (self->catalog,
                                  atelier_recipe_get_model_id (atelier_job_get_recipe (job)));
  if (model == NULL)
    return FALSE;

  g_object_freeze_notify (G_OBJECT (job));
  atelier_job_clear_error (job);
  atelier_job_set_task (job, NULL, NULL);
  atelier_job_set_sample_url (job, NULL);
  atelier_job_set_progress (job, -1);
  atelier_job_set_ready_at (job, 0);
  atelier_job_set_submitted_at (job, 0);
  atelier_job_set_state (job, ATELIER_JOB_QUEUED);
  g_object_thaw_notify (G_OBJECT (job));

  ej = engine_job_new (self, job, model);
  ej->phase = PHASE_SAVING;
  enqueue (self, ej);
  /* Queued again only once the record says so. */
  atelier_library_add_async (self->library, job, NULL, on_added, engine_job_ref (ej));
  return TRUE;
}

/* Settings */

void
atelier_engine_set_user_cap (AtelierEngine *self,
                             guint          cap)
{
  g_return_if_fail (ATELIER_IS_ENGINE (self));

  cap = MIN (cap, BFL_MAX_ACTIVE);
  if (self->user_cap == cap)
    return;
  self->user_cap = cap;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_CAP]);
  pump (self);
}

void
atelier_engine_set_online (AtelierEngine *self,
                           gboolean       online)
{
  g_return_if_fail (ATELIER_IS_ENGINE (self));

  online = !!online;
  if (self->online == online)
    return;
  self->online = online;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);

  if (online)
    {
      self->submit_not_before = 0;
      self->submit_attempt = 0;
      schedule_polls (self);
      pump (self);
    }
  else
    {
      g_clear_handle_id (&self->poll_timer_id, g_source_remove);
      g_clear_handle_id (&self->queue_timer_id, g_source_remove);
    }
}

guint
atelier_engine_get_active_count (AtelierEngine *self)
{
  g_return_val_if_fail (ATELIER_IS_ENGINE (self), 0);
  return self->active_count;
}

double
atelier_engine_get_session_spent (AtelierEngine *self)
{
  g_return_val_if_fail (ATELIER_IS_ENGINE (self), 0);
  return self->session_spent;
}

void
atelier_engine_set_timing (AtelierEngine *self,
                           guint          poll_interval_ms,
                           guint          backoff_base_ms)
{
  g_return_if_fail (ATELIER_IS_ENGINE (self));

  self->poll_interval_ms = MAX (poll_interval_ms, 1);
  self->backoff_base_ms = MAX (backoff_base_ms, 1);
}
