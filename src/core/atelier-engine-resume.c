/* atelier-engine-resume.c — picking up the jobs a previous run left unfinished
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

/* Resume */

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
          atelier_library_save_async (self->library, job, NULL, _atelier_engine_on_saved, NULL);
          _atelier_engine_emit_job_finished (self, job);
          continue;
        }

      if (model == NULL && state == ATELIER_JOB_QUEUED)
        {
          g_autoptr(GError) error = g_error_new_literal (ATELIER_ERROR, ATELIER_ERROR_VALIDATION,
                                                         _("This model is not offered by the BFL API"));

          atelier_job_fail (job, ATELIER_JOB_FAILED, error, FALSE);
          atelier_library_save_async (self->library, job, NULL, _atelier_engine_on_saved, NULL);
          continue;
        }

      ej = _atelier_engine_job_new (self, job, model);
      switch (state)
        {
        case ATELIER_JOB_QUEUED:
          ej->phase = PHASE_QUEUED;
          _atelier_engine_enqueue (self, ej);
          break;

        case ATELIER_JOB_PENDING:
          ej->phase = PHASE_PENDING;
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
