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
#include "atelier-engine-private.h"
#include "atelier-error.h"
#include "atelier-request.h"

/* The life of one job (its phases and the job states they show) is atelier-engine-job.c; this
 * file is the engine itself: its jobs and queue, counters, the public calls, and resume. */

#define DEFAULT_POLL_MS          500
#define DEFAULT_BACKOFF_MS       1000
#define MAX_BACKOFF_MS           30000
/* Polls and downloads cost nothing and the result URL lives 10 minutes: after an outage they
 * come back within seconds, not half a minute. */
#define MAX_FETCH_BACKOFF_MS     8000
#define MAX_BATCH                100

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

/* Engine jobs */

EngineJob *
_atelier_engine_job_ref (EngineJob *ej)
{
  g_atomic_ref_count_inc (&ej->ref_count);
  return ej;
}

void
_atelier_engine_job_unref (EngineJob *ej)
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

EngineJob *
_atelier_engine_job_new (AtelierEngine *self,
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

gint64
_atelier_engine_now_s (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

guint
_atelier_engine_backoff_ms (AtelierEngine *self,
                            guint          attempt)
{
  double delay = (double) self->backoff_base_ms * (1u << MIN (attempt, 10u));

  /* Full jitter on the upper half, so 24 jobs refused together do not return together. */
  delay *= g_random_double_range (0.5, 1.0);
  return (guint) MIN (delay, (double) MAX_BACKOFF_MS);
}

guint
_atelier_engine_fetch_backoff_ms (AtelierEngine *self,
                                  guint          attempt)
{
  return MIN (_atelier_engine_backoff_ms (self, attempt), MAX_FETCH_BACKOFF_MS);
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

void
_atelier_engine_set_on_server (EngineJob *ej,
                               gboolean   on_server)
{
  AtelierEngine *self = ej->engine;

  if (ej->on_server == on_server)
    return;
  ej->on_server = on_server;
  set_active_count (self, self->active_count + (on_server ? 1 : -1));
}

/* The properties and signals are this file's: the split files notify and emit through these. */

void
_atelier_engine_set_queued_count (AtelierEngine *self,
                                  guint          count)
{
  if (self->queued_count == count)
    return;
  self->queued_count = count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUED_COUNT]);
}

void
_atelier_engine_add_spent (AtelierEngine *self,
                           double         credits)
{
  self->session_spent += credits;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION_SPENT]);
}

void
_atelier_engine_emit_job_finished (AtelierEngine *self,
                                   AtelierJob    *job)
{
  g_signal_emit (self, signals[JOB_FINISHED], 0, job);
}

void
_atelier_engine_emit_job_error (AtelierEngine *self,
                                AtelierJob    *job,
                                const GError  *error)
{
  g_signal_emit (self, signals[JOB_ERROR], 0, job, error);
}

/* Saving */

void
_atelier_engine_on_saved (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!atelier_library_save_finish (ATELIER_LIBRARY (source), result, &error))
    g_warning ("Could not save a job: %s", error->message);
}

void
_atelier_engine_save (EngineJob *ej)
{
  atelier_library_save_async (ej->engine->library, ej->job, NULL, _atelier_engine_on_saved, NULL);
}

/* The queue */

static void
update_queue (AtelierEngine *self)
{
  guint position = 1;

  for (GList *l = self->queue.head; l != NULL; l = l->next)
    {
      EngineJob *ej = l->data;

      _atelier_job_set_queue_position (ej->job, position++);
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
      _atelier_job_set_queue_position (ej->job, 0);
      _atelier_engine_job_unref (ej);
    }
  update_queue (self);
}

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
        _atelier_engine_job_submit (ej);
      l = next;
    }
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
  g_queue_clear_full (&self->queue, (GDestroyNotify) _atelier_engine_job_unref);
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
  self->jobs = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) _atelier_engine_job_unref);
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
      _atelier_engine_job_end (ej, ATELIER_JOB_FAILED, error, TRUE);
      g_signal_emit (engine, signals[JOB_ERROR], 0, job, error);
      return;
    }
  if (ej->engine == NULL || ej->phase != PHASE_SAVING)
    return;

  _atelier_engine_job_set_phase (ej, PHASE_QUEUED);
  _atelier_engine_pump (ej->engine);
}

GPtrArray *
atelier_engine_generate (AtelierEngine  *self,
                         AtelierRecipe  *recipe,
                         guint           batch,
                         GError        **error)
{
  g_autoptr(AtelierGeneration) generation = NULL;

  g_return_val_if_fail (ATELIER_IS_ENGINE (self), NULL);
  g_return_val_if_fail (ATELIER_IS_RECIPE (recipe), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  generation = atelier_generation_new_seeds (recipe, CLAMP (batch, 1, MAX_BATCH));
  return atelier_engine_generate_set (self, generation, error);
}

GPtrArray *
atelier_engine_generate_set (AtelierEngine      *self,
                             AtelierGeneration  *generation,
                             GError            **error)
{
  g_autoptr(GPtrArray) jobs = NULL;
  g_autofree char *set_id = NULL;
  const char *kind;
  guint n_jobs;

  g_return_val_if_fail (ATELIER_IS_ENGINE (self), NULL);
  g_return_val_if_fail (ATELIER_IS_GENERATION (generation), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n_jobs = atelier_generation_get_n_jobs (generation);
  if (n_jobs == 0 || n_jobs > MAX_BATCH)
    {
      g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_VALIDATION,
                   _("One Generate makes between 1 and %u images"), MAX_BATCH);
      return NULL;
    }
  /* Every job is checked before any is made: a set is sent whole or not at all. */
  if (!atelier_generation_validate (generation, self->catalog, error))
    return NULL;
  if (!atelier_client_has_key (self->client))
    {
      g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_NO_KEY,
                   _("Add your BFL API key in Preferences to generate images"));
      return NULL;
    }

  kind = atelier_generation_get_kind (generation);
  if (kind != NULL)
    set_id = g_uuid_string_random ();

  jobs = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n_jobs; i++)
    {
      AtelierRecipe *recipe = atelier_generation_get_recipe (generation, i);
      AtelierModel *model = atelier_catalog_lookup (self->catalog, atelier_recipe_get_model_id (recipe));
      g_autoptr(AtelierRecipe) copy = atelier_recipe_copy (recipe);
      g_autoptr(AtelierJob) job = NULL;
      AtelierCostEstimate cost = { 0 };
      gint64 seed = atelier_generation_get_seed (generation, i);
      EngineJob *ej;

      /* The region the request goes to is the client's (the setting's): the record says that one. */
      atelier_recipe_set_region (copy, atelier_client_get_region (self->client));
      job = atelier_job_new (copy);

      /* Our own random seed, sent with the request, so the seed is known from the start. */
      _atelier_job_set_seed (job, seed == ATELIER_SEED_RANDOM ? g_random_int_range (0, G_MAXINT32) : seed);
      atelier_request_estimate_cost (model, copy, 1, &cost);
      _atelier_job_set_estimated_cost (job, cost.per_image);

      _atelier_job_set_variation (job, set_id, kind, atelier_generation_get_label (generation, i));
      for (guint p = 0; p < atelier_generation_get_n_parents (generation); p++)
        _atelier_job_add_parent (job, atelier_generation_get_parent_id (generation, p),
                                 atelier_generation_get_parent_relation (generation, p));
      /* A set's jobs are variations of its first: the detail view says what changed. */
      if (i > 0 && set_id != NULL)
        _atelier_job_add_parent (job, atelier_job_get_id (g_ptr_array_index (jobs, 0)),
                                 ATELIER_RELATION_VARIATION);

      ej = _atelier_engine_job_new (self, job, model);
      _atelier_engine_job_set_phase (ej, PHASE_SAVING);
      _atelier_engine_enqueue (self, ej);
      atelier_library_add_async (self->library, job, NULL, on_added, _atelier_engine_job_ref (ej));
      g_ptr_array_add (jobs, g_steal_pointer (&job));
    }

  return g_steal_pointer (&jobs);
}

/* Cancel, retry */

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
      _atelier_engine_job_end (ej, ATELIER_JOB_CANCELLED, NULL, TRUE);
      break;

    case PHASE_SUBMITTING:
      /* The answer decides: a refusal costs nothing, a task id may be billed. */
      ej->cancel_requested = TRUE;
      break;

    case PHASE_PENDING:
    case PHASE_REPOLL:
    case PHASE_DOWNLOADING:
      _atelier_engine_job_cancel_sent (ej);
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
  atelier_recipe_set_region (atelier_job_get_recipe (job), atelier_client_get_region (self->client));
  _atelier_job_clear_error (job);
  _atelier_job_set_task (job, NULL, NULL);
  _atelier_job_set_sample_url (job, NULL);
  _atelier_job_set_progress (job, -1);
  _atelier_job_set_ready_at (job, 0);
  _atelier_job_set_submitted_at (job, 0);
  ej = _atelier_engine_job_new (self, job, model);
  _atelier_engine_job_set_phase (ej, PHASE_SAVING);
  g_object_thaw_notify (G_OBJECT (job));

  _atelier_engine_enqueue (self, ej);
  /* Queued again only once the record says so. */
  atelier_library_add_async (self->library, job, NULL, on_added, _atelier_engine_job_ref (ej));
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
  _atelier_engine_pump (self);
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
      _atelier_engine_schedule_polls (self);
      _atelier_engine_pump (self);
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

guint
atelier_engine_get_n_running (AtelierEngine *self)
{
  g_return_val_if_fail (ATELIER_IS_ENGINE (self), 0);
  return g_hash_table_size (self->jobs);
}

double
atelier_engine_get_session_spent (AtelierEngine *self)
{
  g_return_val_if_fail (ATELIER_IS_ENGINE (self), 0);
  return self->session_spent;
}

void
_atelier_engine_set_timing (AtelierEngine *self,
                            guint          poll_interval_ms,
                            guint          backoff_base_ms)
{
  g_return_if_fail (ATELIER_IS_ENGINE (self));

  self->poll_interval_ms = MAX (poll_interval_ms, 1);
  self->backoff_base_ms = MAX (backoff_base_ms, 1);
}

/* Resume */

static void
on_library_scanned (AtelierEngine *self)
{
  /* The scan can find unfinished jobs the index did not know (a crash between a record and its
   * line in the index): resume those too. */
  if (atelier_library_get_scanned (self->library))
    {
      g_signal_handlers_disconnect_by_func (self->library, on_library_scanned, self);
      atelier_engine_resume (self);
    }
}

void
atelier_engine_resume (AtelierEngine *self)
{
  g_autoptr(GPtrArray) unfinished = NULL;

  g_return_if_fail (ATELIER_IS_ENGINE (self));

  if (!atelier_library_get_scanned (self->library) &&
      g_signal_handler_find (self->library, G_SIGNAL_MATCH_FUNC | G_SIGNAL_MATCH_DATA, 0, 0, NULL,
                             on_library_scanned, self) == 0)
    g_signal_connect_object (self->library, "notify::scanned", G_CALLBACK (on_library_scanned),
                             self, G_CONNECT_SWAPPED);

  /* Oldest first, so the queue keeps its order. */
  unfinished = atelier_library_dup_unfinished (self->library);
  for (guint i = 0; i < unfinished->len; i++)
    {
      AtelierJob *job = g_ptr_array_index (unfinished, i);
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

          _atelier_job_fail (job, ATELIER_JOB_INTERRUPTED, error, TRUE);
          atelier_library_save_async (self->library, job, NULL, _atelier_engine_on_saved, NULL);
          _atelier_engine_emit_job_finished (self, job);
          continue;
        }

      if (model == NULL && state == ATELIER_JOB_QUEUED)
        {
          g_autoptr(GError) error = g_error_new_literal (ATELIER_ERROR, ATELIER_ERROR_VALIDATION,
                                                         _("This model is not offered by the BFL API"));

          _atelier_job_fail (job, ATELIER_JOB_FAILED, error, FALSE);
          atelier_library_save_async (self->library, job, NULL, _atelier_engine_on_saved, NULL);
          continue;
        }

      ej = _atelier_engine_job_new (self, job, model);
      switch (state)
        {
        case ATELIER_JOB_QUEUED:
          _atelier_engine_job_set_phase (ej, PHASE_QUEUED);
          _atelier_engine_enqueue (self, ej);
          break;

        case ATELIER_JOB_PENDING:
          _atelier_engine_job_set_phase (ej, PHASE_PENDING);
          _atelier_engine_set_on_server (ej, TRUE);
          ej->next_poll_us = g_get_monotonic_time ();
          break;

        case ATELIER_JOB_DOWNLOADING:
          if (_atelier_engine_url_is_fresh (ej))
            _atelier_engine_start_download (ej);
          else
            _atelier_engine_ask_for_fresh_url (ej);
          break;

        default:
          g_assert_not_reached ();
        }
    }

  _atelier_engine_schedule_polls (self);
  _atelier_engine_pump (self);
}
