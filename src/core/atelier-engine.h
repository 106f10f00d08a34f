/* atelier-engine.h — the scheduler: submits, polls, downloads; never loses a paid image
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "atelier-catalog.h"
#include "atelier-client.h"
#include "atelier-generation.h"
#include "atelier-library.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_ENGINE (atelier_engine_get_type ())

/* Properties: active-count (jobs on the server), queued-count, session-spent (credits the server
 * reported this session), user-cap (1…24, 0 = none), online (held while FALSE).
 * Signals:
 *   job-finished (AtelierJob *job)  — a job reached a final state
 *   job-error (AtelierJob *job, GError *error) — an error the window may raise a banner for
 *     (ATELIER_ERROR_OUT_OF_CREDITS, ATELIER_ERROR_AUTH…) */
G_DECLARE_FINAL_TYPE (AtelierEngine, atelier_engine, ATELIER, ENGINE, GObject)

AtelierEngine  *atelier_engine_new            (AtelierClient   *client,
                                               AtelierLibrary  *library,
                                               AtelierCatalog  *catalog);
AtelierLibrary *atelier_engine_get_library    (AtelierEngine   *self);

/* Picks up jobs a previous run left unfinished (call after the library loaded): submitting →
 * INTERRUPTED (never re-sent), pending → polled again, downloading → fetched again or EXPIRED. */
void            atelier_engine_resume         (AtelierEngine   *self);

/* Creates `batch` jobs from a copy of the recipe (different seeds when the seed is random; a fixed
 * seed gives seed, seed+1, …), adds them to the library and queues them. Validates first. */
GPtrArray      *atelier_engine_generate       (AtelierEngine   *self,
                                               AtelierRecipe   *recipe,
                                               guint            batch,
                                               GError         **error);
/* Creates one job per entry of the generation (all validated first: a set is made whole or not
 * at all), each recording its set, what varied and its parents, adds them to the library and
 * queues them behind the account's limits like any batch. */
GPtrArray      *atelier_engine_generate_set   (AtelierEngine     *self,
                                               AtelierGeneration *generation,
                                               GError           **error);
/* Stops polling / drops from the queue. BFL has no cancel call: a submitted job may still be charged. */
void            atelier_engine_cancel         (AtelierEngine   *self,
                                               AtelierJob      *job);
/* Queues a failed job again where that is safe (job retryable). */
gboolean        atelier_engine_retry          (AtelierEngine   *self,
                                               AtelierJob      *job);

void            atelier_engine_set_user_cap   (AtelierEngine   *self,
                                               guint            cap);
void            atelier_engine_set_online     (AtelierEngine   *self,
                                               gboolean         online);
guint           atelier_engine_get_active_count (AtelierEngine *self);
/* Every job not final yet: queued, on the server or downloading (job-finished says when it drops). */
guint           atelier_engine_get_n_running  (AtelierEngine   *self);
double          atelier_engine_get_session_spent (AtelierEngine *self);

G_END_DECLS
