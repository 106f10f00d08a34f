/* atelier-engine-download.c — fetching a ready image at once and storing it in the library
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Atelier-Engine"

#include "config.h"

#include "atelier-engine-private.h"
#include "atelier-error.h"

#define RESULT_TTL_S             (10 * 60)
#define MAX_STORE_ATTEMPTS       5

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
      _atelier_engine_expire (ej);
      return;
    }
  ej->repolled = TRUE;
  ej->phase = PHASE_REPOLL;
  _atelier_engine_poll_later (ej, 0);
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
      _atelier_engine_fail (ej, ATELIER_JOB_FAILED, error, FALSE);
      return;
    }

  g_clear_pointer (&ej->bytes, g_bytes_unref);
  if (ej->engine == NULL)
    {
      /* The engine went away while writing: the bytes are safe, say so on disk. */
      atelier_job_set_state (ej->job, ATELIER_JOB_READY);
      atelier_library_save_async (ATELIER_LIBRARY (source), ej->job, NULL,
                                  _atelier_engine_on_saved, NULL);
      return;
    }
  atelier_job_set_state (ej->job, ATELIER_JOB_READY);
  _atelier_engine_finish (ej);
}

static void
store_bytes (EngineJob *ej)
{
  ej->phase = PHASE_STORING;
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
      _atelier_engine_fail (ej, ATELIER_JOB_FAILED, error, FALSE);
      return;
    }

  g_debug ("Download of %s failed, retrying: %s", atelier_job_get_id (ej->job), error->message);
  ej->retry_source_id = g_timeout_add (_atelier_engine_fetch_backoff_ms (self, ej->attempt++),
                                       on_retry_download, ej);
}

void
_atelier_engine_start_download (EngineJob *ej)
{
  ej->phase = PHASE_DOWNLOADING;
  ej->attempt = 0;
  atelier_client_download_async (ej->engine->client, atelier_job_get_sample_url (ej->job),
                                 ej->cancellable, on_downloaded, _atelier_engine_job_ref (ej));
}
