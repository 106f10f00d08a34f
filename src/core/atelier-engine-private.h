/* atelier-engine-private.h — what atelier-engine.c and atelier-engine-job.c share
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "atelier-engine.h"
#include "atelier-job-private.h"

G_BEGIN_DECLS

#define BFL_MAX_ACTIVE           24

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

/* atelier-engine.c: engine jobs, counters, backoff, saving, the queue */
EngineJob *_atelier_engine_job_new           (AtelierEngine   *self,
                                              AtelierJob      *job,
                                              AtelierModel    *model);
EngineJob *_atelier_engine_job_ref           (EngineJob       *ej);
void       _atelier_engine_job_unref         (EngineJob       *ej);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EngineJob, _atelier_engine_job_unref)

gint64     _atelier_engine_now_s             (void);
guint      _atelier_engine_backoff_ms        (AtelierEngine   *self,
                                              guint            attempt);
guint      _atelier_engine_fetch_backoff_ms  (AtelierEngine   *self,
                                              guint            attempt);
void       _atelier_engine_set_on_server     (EngineJob       *ej,
                                              gboolean         on_server);
void       _atelier_engine_set_queued_count  (AtelierEngine   *self,
                                              guint            count);
void       _atelier_engine_add_spent         (AtelierEngine   *self,
                                              double           credits);
void       _atelier_engine_emit_job_finished (AtelierEngine   *self,
                                              AtelierJob      *job);
void       _atelier_engine_emit_job_error    (AtelierEngine   *self,
                                              AtelierJob      *job,
                                              const GError    *error);
void       _atelier_engine_on_saved          (GObject         *source,
                                              GAsyncResult    *result,
                                              gpointer         user_data);
void       _atelier_engine_save              (EngineJob       *ej);
void       _atelier_engine_enqueue           (AtelierEngine   *self,
                                              EngineJob       *ej);
void       _atelier_engine_dequeue           (AtelierEngine   *self,
                                              EngineJob       *ej);
/* Submits queued jobs while there are free slots. */
void       _atelier_engine_pump              (AtelierEngine   *self);

/* Tests: the poll interval in ms (default 500) and the backoff base in ms (default 1000). */
void       _atelier_engine_set_timing        (AtelierEngine   *self,
                                              guint            poll_interval_ms,
                                              guint            backoff_base_ms);

/* atelier-engine-job.c: one job's life */
/* The phase, and the job state it shows (QUEUED, SUBMITTING, PENDING, DOWNLOADING): the only
 * place either changes before the end. */
void       _atelier_engine_job_set_phase     (EngineJob       *ej,
                                              Phase            phase);
/* The end: READY, or a failed/cancelled/moderated/expired state with its error and whether
 * Retry is safe; then saved, forgotten and announced (job-finished). */
void       _atelier_engine_job_end           (EngineJob       *ej,
                                              AtelierJobState  state,
                                              const GError    *error,
                                              gboolean         retryable);
/* Cancelled after the POST may have reached BFL: the error says it may still be charged. */
void       _atelier_engine_job_cancel_sent   (EngineJob       *ej);
void       _atelier_engine_job_submit        (EngineJob       *ej);
void       _atelier_engine_schedule_polls    (AtelierEngine   *self);
gboolean   _atelier_engine_url_is_fresh      (EngineJob       *ej);
void       _atelier_engine_ask_for_fresh_url (EngineJob       *ej);
void       _atelier_engine_start_download    (EngineJob       *ej);

G_END_DECLS
