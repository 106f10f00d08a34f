/* test-engine.c — the scheduler against the fake BFL server: no paid image is ever lost
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "atelier-catalog.h"
#include "atelier-engine-private.h"
#include "atelier-engine.h"
#include "atelier-error.h"
#include "atelier-fake-bfl.h"
#include "atelier-library-private.h"
#include "atelier-request.h"
#include "atelier-test-utils.h"

#define WAIT_MS 20000

typedef struct
{
  AtelierFakeBfl *fake;
  AtelierClient  *client;
  GFile          *dir;
  AtelierLibrary *library;
  AtelierEngine  *engine;
  GPtrArray      *errors;   /* GError from job-error */
} Fixture;

static void
on_job_error (AtelierEngine *engine,
              AtelierJob    *job,
              GError        *error,
              Fixture       *fixture)
{
  g_ptr_array_add (fixture->errors, g_error_copy (error));
}

static void
wait_ms (guint ms)
{
  gboolean never = FALSE;

  atelier_test_wait_for_flag (&never, ms);
}

static void
open_engine (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  fixture->library = atelier_library_new (fixture->dir);
  atelier_library_load_async (fixture->library, NULL, atelier_test_store_result, &result);
  g_assert_true (atelier_test_wait_until (atelier_test_result_is_set, &result, WAIT_MS));
  g_assert_true (atelier_library_load_finish (fixture->library, result, &error));
  g_assert_no_error (error);

  fixture->engine = atelier_engine_new (fixture->client, fixture->library,
                                        atelier_catalog_get_default ());
  _atelier_engine_set_timing (fixture->engine, 50, 20);
  g_signal_connect (fixture->engine, "job-error", G_CALLBACK (on_job_error), fixture);
}

/* What a crash does: the engine and library go away mid-job, without a word to the disk. */
static void
drop_engine (Fixture *fixture)
{
  g_clear_object (&fixture->engine);
  g_clear_object (&fixture->library);
  /* Let writes already in flight land, as they would before the process died. */
  wait_ms (100);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  static guint counter;
  g_autofree char *name = g_strdup_printf ("engine-library-%u", ++counter);
  g_autoptr(GError) error = NULL;

  fixture->fake = atelier_fake_bfl_new (0, &error);
  g_assert_no_error (error);
  atelier_fake_bfl_set_task_time (fixture->fake, 150);

  fixture->client = atelier_client_new ();
  atelier_client_set_endpoint (fixture->client, atelier_fake_bfl_get_url (fixture->fake));
  atelier_client_set_key (fixture->client, ATELIER_FAKE_KEY_VALID);

  fixture->dir = g_file_new_build_filename (atelier_test_get_tmp_dir (), name, NULL);
  fixture->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  open_engine (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  drop_engine (fixture);
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->fake);
  g_clear_object (&fixture->dir);
  g_clear_pointer (&fixture->errors, g_ptr_array_unref);
}

static AtelierRecipe *
make_recipe (const char *model_id)
{
  AtelierRecipe *recipe = atelier_recipe_new ();

  atelier_recipe_set_model_id (recipe, model_id);
  atelier_recipe_set_prompt (recipe, "A lighthouse at dusk");
  return recipe;
}

/* A small prepared picture, for the models that need a source image. */
static AtelierReference *
make_source (guint width,
             guint height)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  AtelierReference *reference;
  char *buffer = NULL;
  gsize size = 0;

  gdk_pixbuf_fill (pixbuf, 0x4477aaff);
  gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", &error, NULL);
  g_assert_no_error (error);
  bytes = g_bytes_new_take (buffer, size);
  reference = atelier_reference_new_prepared (bytes, "source.png", &error);
  g_assert_no_error (error);
  return reference;
}

static GPtrArray *
generate (Fixture    *fixture,
          const char *model_id,
          guint       batch)
{
  g_autoptr(AtelierRecipe) recipe = make_recipe (model_id);
  g_autoptr(GError) error = NULL;
  GPtrArray *jobs = atelier_engine_generate (fixture->engine, recipe, batch, &error);

  g_assert_no_error (error);
  g_assert_nonnull (jobs);
  g_assert_cmpuint (jobs->len, ==, batch);
  return jobs;
}

static gboolean
all_final (gpointer data)
{
  GPtrArray *jobs = data;

  for (guint i = 0; i < jobs->len; i++)
    if (!atelier_job_state_is_final (atelier_job_get_state (g_ptr_array_index (jobs, i))))
      return FALSE;
  return TRUE;
}

static void
wait_final (GPtrArray *jobs)
{
  g_assert_true (atelier_test_wait_until (all_final, jobs, WAIT_MS));
}

static void
assert_state (AtelierJob      *job,
              AtelierJobState  state)
{
  if (atelier_job_get_state (job) != state)
    g_error ("job %s is %s (%s), expected %s", atelier_job_get_id (job),
             atelier_job_state_to_string (atelier_job_get_state (job)),
             atelier_job_get_error_message (job) ?: "no message",
             atelier_job_state_to_string (state));
}

/* The state the record on disk says. */
static char *
record_state (Fixture    *fixture,
              AtelierJob *job)
{
  g_autofree char *base = g_file_get_path (fixture->dir);
  g_autofree char *name = g_strconcat (atelier_job_get_id (job), ".json", NULL);
  g_autofree char *path = g_build_filename (base, "jobs", name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;
  node = json_from_string (contents, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return g_strdup (json_object_get_string_member_with_default (json_node_get_object (node),
                                                              "state", ""));
}

typedef struct
{
  Fixture    *fixture;
  AtelierJob *job;
  const char *state;
} RecordWait;

static gboolean
record_says (gpointer data)
{
  RecordWait *wait = data;
  g_autofree char *state = record_state (wait->fixture, wait->job);

  return g_strcmp0 (state, wait->state) == 0;
}

static void
wait_record (Fixture    *fixture,
             AtelierJob *job,
             const char *state)
{
  RecordWait wait = { fixture, job, state };

  g_assert_true (atelier_test_wait_until (record_says, &wait, WAIT_MS));
}

static GBytes *
fetch (Fixture    *fixture,
       const char *url)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  atelier_client_download_async (fixture->client, url, NULL, atelier_test_store_result, &result);
  g_assert_true (atelier_test_wait_until (atelier_test_result_is_set, &result, WAIT_MS));
  bytes = atelier_client_download_finish (fixture->client, result, NULL, &error);
  g_assert_no_error (error);
  return bytes;
}

static guint
count_posts (Fixture    *fixture,
             const char *path)
{
  GPtrArray *requests = atelier_fake_bfl_get_requests (fixture->fake);
  guint n = 0;

  for (guint i = 0; i < requests->len; i++)
    {
      AtelierFakeRequest *request = g_ptr_array_index (requests, i);

      if (g_str_equal (request->method, "POST") && g_str_equal (request->path, path))
        n++;
    }
  return n;
}

static void
assert_key_never_sent_to_delivery (Fixture *fixture)
{
  GPtrArray *requests = atelier_fake_bfl_get_requests (fixture->fake);
  guint deliveries = 0;

  for (guint i = 0; i < requests->len; i++)
    {
      AtelierFakeRequest *request = g_ptr_array_index (requests, i);

      if (request->to_delivery)
        {
          deliveries++;
          g_assert_null (request->x_key);
        }
    }
  g_assert_cmpuint (deliveries, >, 0);
}

/* Every state, in order, and the image on disk is what BFL served. */

static void
on_state_notify (AtelierJob *job,
                 GParamSpec *pspec,
                 GString    *states)
{
  g_string_append_printf (states, "%s ", atelier_job_state_to_string (atelier_job_get_state (job)));
}

static void
on_job_finished (AtelierEngine *engine,
                 AtelierJob    *job,
                 guint         *count)
{
  (*count)++;
}

static void
test_engine_full_cycle (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GString) states = g_string_new ("queued ");
  g_autoptr(GBytes) served = NULL;
  g_autoptr(GBytes) on_disk = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierLibrary) reloaded = NULL;
  GPtrArray *requests;
  AtelierJob *job;
  gint64 sent_seed = -1;
  guint finished = 0;

  g_signal_connect (fixture->engine, "job-finished", G_CALLBACK (on_job_finished), &finished);
  jobs = generate (fixture, "flux-2-pro", 1);
  job = g_ptr_array_index (jobs, 0);
  g_signal_connect (job, "notify::state", G_CALLBACK (on_state_notify), states);
  /* The seed is ours, chosen before anything is sent. */
  g_assert_cmpint (atelier_job_get_seed (job), >=, 0);
  g_assert_cmpfloat (atelier_job_get_estimated_cost (job), >, 0);
  g_assert_true (g_list_model_get_n_items (G_LIST_MODEL (fixture->library)) == 1);

  wait_final (jobs);
  assert_state (job, ATELIER_JOB_READY);
  g_assert_cmpstr (states->str, ==, "queued submitting pending downloading ready ");
  g_assert_cmpuint (finished, ==, 1);

  /* The seed sent is the seed the job shows. */
  requests = atelier_fake_bfl_get_requests (fixture->fake);
  for (guint i = 0; i < requests->len; i++)
    {
      AtelierFakeRequest *request = g_ptr_array_index (requests, i);

      if (request->body != NULL && g_str_equal (request->path, "/v1/flux-2-pro"))
        sent_seed = json_object_get_int_member (json_node_get_object (request->body), "seed");
    }
  g_assert_cmpint (sent_seed, ==, atelier_job_get_seed (job));

  /* The image on disk is byte for byte what BFL served. */
  served = fetch (fixture, atelier_job_get_sample_url (job));
  on_disk = g_file_load_bytes (atelier_job_get_image_file (job), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (served, on_disk));

  g_assert_cmpfloat (atelier_job_get_actual_cost (job), >, 0);
  g_assert_cmpfloat (atelier_engine_get_session_spent (fixture->engine), ==,
                     atelier_job_get_actual_cost (job));
  g_assert_cmpint (atelier_job_get_ready_at (job), >, 0);
  g_assert_nonnull (atelier_job_get_task_id (job));
  g_assert_cmpuint (atelier_engine_get_active_count (fixture->engine), ==, 0);
  g_assert_cmpuint (atelier_fake_bfl_get_submitted (fixture->fake), ==, 1);
  assert_key_never_sent_to_delivery (fixture);

  /* On disk, and back after a reload. */
  wait_record (fixture, job, "ready");
  reloaded = atelier_library_new (fixture->dir);
  g_assert_true (_atelier_library_load (reloaded, &error));
  job = atelier_test_lookup (reloaded, atelier_job_get_id (job));
  g_assert_nonnull (job);
  assert_state (job, ATELIER_JOB_READY);
  g_assert_true (g_file_query_exists (atelier_job_get_image_file (job), NULL));
}

/* No timer runs while nothing is pending. */
static void
test_engine_idle_when_done (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) jobs = generate (fixture, "flux-2-pro", 2);
  guint polls;

  wait_final (jobs);
  polls = atelier_fake_bfl_count_requests (fixture->fake, "/v1/get_result");
  g_assert_cmpuint (polls, >, 0);
  wait_ms (400);
  g_assert_cmpuint (atelier_fake_bfl_count_requests (fixture->fake, "/v1/get_result"), ==, polls);
}

/* Every model's request body reaches the server as the request builder made it. */
static void
test_engine_every_model (Fixture       *fixture,
                         gconstpointer  data)
{
  AtelierCatalog *catalog = atelier_catalog_get_default ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (catalog));
  guint tested = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AtelierModel) model = g_list_model_get_item (G_LIST_MODEL (catalog), i);
      g_autoptr(AtelierRecipe) recipe = NULL;
      g_autoptr(AtelierRecipe) sent = NULL;
      g_autoptr(GPtrArray) jobs = NULL;
      g_autoptr(JsonNode) expected = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *path = NULL;
      GPtrArray *requests;
      JsonNode *body = NULL;
      AtelierJob *job;

      if (!atelier_model_is_hosted (model) ||
          atelier_model_get_ref_mode (model) == ATELIER_REF_MODE_IMAGE_MASK)
        continue;

      recipe = make_recipe (atelier_model_get_id (model));
      if (atelier_model_get_ref_mode (model) == ATELIER_REF_MODE_IMAGE)
        {
          g_autoptr(AtelierReference) source = make_source (96, 64);

          atelier_recipe_set_references (recipe, &source, 1);
          atelier_recipe_set_expand (recipe, ATELIER_SIDE_RIGHT, 32);
        }
      jobs = atelier_engine_generate (fixture->engine, recipe, 1, &error);
      g_assert_no_error (error);
      job = g_ptr_array_index (jobs, 0);
      wait_final (jobs);
      assert_state (job, ATELIER_JOB_READY);

      path = g_strconcat ("/v1/", atelier_model_get_path (model), NULL);
      requests = atelier_fake_bfl_get_requests (fixture->fake);
      for (guint r = 0; r < requests->len; r++)
        {
          AtelierFakeRequest *request = g_ptr_array_index (requests, r);

          if (g_str_equal (request->path, path) && request->body != NULL)
            body = request->body;
        }
      g_assert_nonnull (body);

      sent = atelier_recipe_copy (recipe);
      atelier_recipe_set_seed (sent, atelier_job_get_seed (job));
      expected = atelier_request_build (model, sent, &error);
      g_assert_no_error (error);
      if (!json_node_equal (expected, body))
        {
          g_autofree char *a = json_to_string (expected, FALSE);
          g_autofree char *b = json_to_string (body, FALSE);

          g_error ("%s: sent %s, expected %s", atelier_model_get_id (model), b, a);
        }
      tested++;
    }
  g_assert_cmpuint (tested, >=, 10);
}

/* The latest weights go to the preview endpoint, and the job keeps the choice so that a
 * regeneration asks for the same weights again. */
static void
test_engine_latest_weights (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(AtelierRecipe) recipe = make_recipe ("flux-2-pro");
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;
  AtelierJob *job;

  atelier_recipe_set_latest_weights (recipe, TRUE);
  jobs = atelier_engine_generate (fixture->engine, recipe, 1, &error);
  g_assert_no_error (error);
  wait_final (jobs);
  job = g_ptr_array_index (jobs, 0);
  assert_state (job, ATELIER_JOB_READY);
  g_assert_cmpuint (atelier_fake_bfl_count_requests (fixture->fake, "/v1/flux-2-pro-preview"), ==, 1);
  g_assert_true (atelier_recipe_get_latest_weights (atelier_job_get_recipe (job)));

  again = atelier_engine_generate (fixture->engine, atelier_job_get_recipe (job), 1, &error);
  g_assert_no_error (error);
  wait_final (again);
  g_assert_cmpuint (atelier_fake_bfl_count_requests (fixture->fake, "/v1/flux-2-pro-preview"), ==, 2);
  /* Nothing went to the pinned snapshot (its path is a prefix of the preview's). */
  g_assert_cmpuint (atelier_fake_bfl_count_requests (fixture->fake, "/v1/flux-2-pro"), ==, 2);
}

static void
test_engine_out_of_credits (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) jobs = NULL;
  AtelierJob *job;
  GError *error;

  atelier_client_set_key (fixture->client, ATELIER_FAKE_KEY_NO_CREDITS);
  jobs = generate (fixture, "flux-2-pro", 1);
  job = g_ptr_array_index (jobs, 0);
  wait_final (jobs);

  assert_state (job, ATELIER_JOB_FAILED);
  g_assert_cmpint (atelier_job_get_error_code (job), ==, ATELIER_ERROR_OUT_OF_CREDITS);
  g_assert_nonnull (atelier_job_get_error_message (job));
  g_assert_cmpstr (atelier_job_get_error_message (job), !=, "");
  /* Nothing was billed: Retry is safe. */
  g_assert_true (atelier_job_get_retryable (job));
  g_assert_cmpuint (fixture->errors->len, ==, 1);
  error = g_ptr_array_index (fixture->errors, 0);
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_OUT_OF_CREDITS);

  /* Credits bought: Retry goes through. */
  atelier_client_set_key (fixture->client, ATELIER_FAKE_KEY_VALID);
  g_assert_true (atelier_engine_retry (fixture->engine, job));
  wait_final (jobs);
  assert_state (job, ATELIER_JOB_READY);
  g_assert_null (atelier_job_get_error_message (job));
}

/* A 402 stops the batch behind it: the other jobs are not sent just to be refused, and each
 * keeps Retry. */
static void
test_engine_out_of_credits_stops_the_queue (Fixture       *fixture,
                                            gconstpointer  data)
{
  g_autoptr(GPtrArray) jobs = NULL;

  atelier_client_set_key (fixture->client, ATELIER_FAKE_KEY_NO_CREDITS);
  atelier_engine_set_user_cap (fixture->engine, 1);
  jobs = generate (fixture, "flux-2-pro", 4);
  wait_final (jobs);

  g_assert_cmpuint (atelier_fake_bfl_count_requests (fixture->fake, "/v1/flux-2-pro"), ==, 1);
  for (guint i = 0; i < jobs->len; i++)
    {
      AtelierJob *job = g_ptr_array_index (jobs, i);

      assert_state (job, ATELIER_JOB_FAILED);
      g_assert_cmpint (atelier_job_get_error_code (job), ==, ATELIER_ERROR_OUT_OF_CREDITS);
      g_assert_true (atelier_job_get_retryable (job));
    }
  /* One banner's worth of news, not four. */
  g_assert_cmpuint (fixture->errors->len, ==, 1);
}

static void
test_engine_bad_key (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) jobs = NULL;
  AtelierJob *job;

  atelier_client_set_key (fixture->client, "bfl_not_a_real_key");
  jobs = generate (fixture, "flux-2-pro", 1);
  job = g_ptr_array_index (jobs, 0);
  wait_final (jobs);

  assert_state (job, ATELIER_JOB_FAILED);
  g_assert_cmpint (atelier_job_get_error_code (job), ==, ATELIER_ERROR_AUTH);
  g_assert_nonnull (atelier_job_get_error_message (job));
  g_assert_cmpuint (fixture->errors->len, ==, 1);
  g_assert_error ((GError *) g_ptr_array_index (fixture->errors, 0), ATELIER_ERROR,
                  ATELIER_ERROR_AUTH);
  g_assert_cmpuint (atelier_fake_bfl_get_submitted (fixture->fake), ==, 0);
}

static void
on_waiting_notify (AtelierJob *job,
                   GParamSpec *pspec,
                   guint      *count)
{
  if (atelier_job_get_waiting_for_slot (job))
    (*count)++;
}

/* 40 jobs: never more than 24 on the server, some 429s on the way, all 40 finish. */
static void
test_engine_queue_and_429 (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) jobs = NULL;
  guint waited = 0;
  guint max_queued = 0;

  atelier_fake_bfl_set_task_time (fixture->fake, 300);
  atelier_fake_bfl_set_fault (fixture->fake, ATELIER_FAKE_FAULT_SUBMIT_429, 3);
  jobs = generate (fixture, "flux-2-pro", 40);
  for (guint i = 0; i < jobs->len; i++)
    g_signal_connect (g_ptr_array_index (jobs, i), "notify::waiting-for-slot",
                      G_CALLBACK (on_waiting_notify), &waited);

  while (!all_final (jobs))
    {
      guint queued;

      g_main_context_iteration (NULL, TRUE);
      g_object_get (fixture->engine, "queued-count", &queued, NULL);
      max_queued = MAX (max_queued, queued);
      g_assert_cmpuint (atelier_engine_get_active_count (fixture->engine), <=, 24);
    }

  for (guint i = 0; i < jobs->len; i++)
    assert_state (g_ptr_array_index (jobs, i), ATELIER_JOB_READY);
  g_assert_cmpuint (atelier_fake_bfl_get_max_active (fixture->fake), <=, 24);
  g_assert_cmpuint (atelier_fake_bfl_get_submitted (fixture->fake), ==, 40);
  g_assert_cmpuint (waited, >=, 1);
  g_assert_cmpuint (max_queued, >=, 16);
}

static void
test_engine_kontext_max_limit (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GPtrArray) jobs = NULL;

  atelier_fake_bfl_set_task_time (fixture->fake, 200);
  jobs = generate (fixture, "flux-kontext-max", 14);
  wait_final (jobs);
  for (guint i = 0; i < jobs->len; i++)
    assert_state (g_ptr_array_index (jobs, i), ATELIER_JOB_READY);
  g_assert_cmpuint (atelier_fake_bfl_get_max_active (fixture->fake), <=, 6);
  g_assert_cmpuint (atelier_fake_bfl_get_submitted (fixture->fake), ==, 14);
}

static void
test_engine_user_cap (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) jobs = NULL;

  atelier_engine_set_user_cap (fixture->engine, 3);
  jobs = generate (fixture, "flux-2-pro", 8);
  wait_final (jobs);
  g_assert_cmpuint (atelier_fake_bfl_get_max_active (fixture->fake), <=, 3);
}

/* Polls are retried through 503s, dropped connections and garbage; the job stays pending. */
static void
test_engine_poll_faults_heal (Fixture       *fixture,
                              gconstpointer  data)
{
  AtelierFakeFault faults[] = { ATELIER_FAKE_FAULT_POLL_503, ATELIER_FAKE_FAULT_POLL_DROP,
                                ATELIER_FAKE_FAULT_POLL_MALFORMED,
                                ATELIER_FAKE_FAULT_NOT_FOUND_AFTER_SUBMIT,
                                ATELIER_FAKE_FAULT_UNKNOWN_STATUS };
  guint counts[] = { 5, 3, 3, 2, 3 };

  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      g_autoptr(GPtrArray) jobs = NULL;
      guint submitted = atelier_fake_bfl_get_submitted (fixture->fake);

      atelier_fake_bfl_set_fault (fixture->fake, faults[i], counts[i]);
      jobs = generate (fixture, "flux-2-pro", 1);
      wait_final (jobs);
      assert_state (g_ptr_array_index (jobs, 0), ATELIER_JOB_READY);
      g_assert_cmpuint (atelier_fake_bfl_get_submitted (fixture->fake), ==, submitted + 1);
    }
}

static void
test_engine_download_faults_heal (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GPtrArray) jobs = NULL;

  atelier_fake_bfl_set_fault (fixture->fake, ATELIER_FAKE_FAULT_DOWNLOAD_503, 3);
  atelier_fake_bfl_set_fault (fixture->fake, ATELIER_FAKE_FAULT_DOWNLOAD_DROP, 2);
  jobs = generate (fixture, "flux-2-pro", 2);
  wait_final (jobs);
  for (guint i = 0; i < jobs->len; i++)
    {
      AtelierJob *job = g_ptr_array_index (jobs, i);

      assert_state (job, ATELIER_JOB_READY);
      g_assert_true (g_file_query_exists (atelier_job_get_image_file (job), NULL));
    }
  g_assert_cmpuint (atelier_fake_bfl_get_submitted (fixture->fake), ==, 2);
}

/* A submit that may have reached the server is never sent again. */
static void
test_engine_submit_not_retried (Fixture       *fixture,
                                gconstpointer  data)
{
  AtelierFakeFault faults[] = { ATELIER_FAKE_FAULT_SUBMIT_500, ATELIER_FAKE_FAULT_SUBMIT_DROP };

  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      g_autoptr(GPtrArray) jobs = NULL;
      AtelierJob *job;

      atelier_fake_bfl_clear_requests (fixture->fake);
      atelier_fake_bfl_set_fault (fixture->fake, faults[i], 1);
      jobs = generate (fixture, "flux-2-pro", 1);
      job = g_ptr_array_index (jobs, 0);
      wait_final (jobs);
      wait_ms (300);

      assert_state (job, ATELIER_JOB_FAILED);
      g_assert_false (atelier_job_get_retryable (job));
      g_assert_nonnull (strstr (atelier_job_get_error_message (job), "may have been charged"));
      g_assert_nonnull (strstr (atelier_job_get_error_message (job), "BFL dashboard"));
      g_assert_cmpuint (count_posts (fixture, "/v1/flux-2-pro"), ==, 1);
      g_assert_false (atelier_engine_retry (fixture->engine, job));
    }
  g_assert_cmpuint (atelier_fake_bfl_get_submitted (fixture->fake), ==, 2);
}

static void
test_engine_moderation (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) request_jobs = NULL;
  g_autoptr(GPtrArray) content_jobs = NULL;
  g_autoptr(GPtrArray) error_jobs = NULL;

  atelier_fake_bfl_set_fault (fixture->fake, ATELIER_FAKE_FAULT_MODERATE_REQUEST, 1);
  request_jobs = generate (fixture, "flux-2-pro", 1);
  wait_final (request_jobs);
  assert_state (g_ptr_array_index (request_jobs, 0), ATELIER_JOB_REQUEST_MODERATED);

  atelier_fake_bfl_set_fault (fixture->fake, ATELIER_FAKE_FAULT_MODERATE_CONTENT, 1);
  content_jobs = generate (fixture, "flux-2-pro", 1);
  wait_final (content_jobs);
  assert_state (g_ptr_array_index (content_jobs, 0), ATELIER_JOB_CONTENT_MODERATED);
  g_assert_nonnull (atelier_job_get_error_message (g_ptr_array_index (content_jobs, 0)));

  atelier_fake_bfl_set_fault (fixture->fake, ATELIER_FAKE_FAULT_TASK_ERROR, 1);
  error_jobs = generate (fixture, "flux-2-pro", 1);
  wait_final (error_jobs);
  assert_state (g_ptr_array_index (error_jobs, 0), ATELIER_JOB_FAILED);
  g_assert_false (atelier_job_get_retryable (g_ptr_array_index (error_jobs, 0)));
}

static void
test_engine_expired (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) jobs = NULL;
  AtelierJob *job;

  atelier_fake_bfl_set_fault (fixture->fake, ATELIER_FAKE_FAULT_EXPIRED_RESULT, 5);
  jobs = generate (fixture, "flux-2-pro", 1);
  job = g_ptr_array_index (jobs, 0);
  wait_final (jobs);
  assert_state (job, ATELIER_JOB_EXPIRED);
  g_assert_nonnull (atelier_job_get_error_message (job));
  wait_record (fixture, job, "expired");
}

static void
test_engine_cancel (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) queued = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  AtelierJob *job;
  guint polls;

  /* Queued: nothing was sent, nothing billed. */
  atelier_engine_set_online (fixture->engine, FALSE);
  queued = generate (fixture, "flux-2-pro", 1);
  job = g_ptr_array_index (queued, 0);
  atelier_engine_cancel (fixture->engine, job);
  assert_state (job, ATELIER_JOB_CANCELLED);
  g_assert_true (atelier_job_get_retryable (job));
  atelier_engine_set_online (fixture->engine, TRUE);
  wait_record (fixture, job, "cancelled");
  wait_ms (200);
  g_assert_cmpuint (atelier_fake_bfl_get_submitted (fixture->fake), ==, 0);

  /* Pending: polling stops, and the message is honest about the charge. */
  atelier_fake_bfl_set_task_time (fixture->fake, 5000);
  pending = generate (fixture, "flux-2-pro", 1);
  job = g_ptr_array_index (pending, 0);
  while (atelier_job_get_state (job) != ATELIER_JOB_PENDING)
    g_main_context_iteration (NULL, TRUE);
  atelier_engine_cancel (fixture->engine, job);
  assert_state (job, ATELIER_JOB_CANCELLED);
  g_assert_nonnull (strstr (atelier_job_get_error_message (job), "may still be charged"));
  wait_ms (100);
  polls = atelier_fake_bfl_count_requests (fixture->fake, "/v1/get_result");
  wait_ms (300);
  g_assert_cmpuint (atelier_fake_bfl_count_requests (fixture->fake, "/v1/get_result"), ==, polls);
  g_assert_cmpuint (atelier_engine_get_active_count (fixture->engine), ==, 0);
}

static void
test_engine_offline_holds (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) jobs = NULL;

  atelier_engine_set_online (fixture->engine, FALSE);
  jobs = generate (fixture, "flux-2-pro", 2);
  wait_ms (300);
  g_assert_cmpuint (atelier_fake_bfl_get_submitted (fixture->fake), ==, 0);
  assert_state (g_ptr_array_index (jobs, 0), ATELIER_JOB_QUEUED);
  g_assert_cmpuint (atelier_job_get_queue_position (g_ptr_array_index (jobs, 1)), ==, 2);

  atelier_engine_set_online (fixture->engine, TRUE);
  wait_final (jobs);
  assert_state (g_ptr_array_index (jobs, 1), ATELIER_JOB_READY);
}

/* Resume: the engine dies mid-job; a new one on the same folder picks the job up. */

static AtelierJob *
reopen_and_resume (Fixture    *fixture,
                   const char *job_id)
{
  AtelierJob *job;

  drop_engine (fixture);
  open_engine (fixture);
  job = atelier_test_lookup (fixture->library, job_id);
  g_assert_nonnull (job);
  atelier_engine_resume (fixture->engine);
  return job;
}

static void
test_engine_resume_pending (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GPtrArray) resumed = g_ptr_array_new ();
  g_autofree char *id = NULL;
  AtelierJob *job;

  atelier_fake_bfl_set_task_time (fixture->fake, 800);
  jobs = generate (fixture, "flux-2-pro", 1);
  job = g_ptr_array_index (jobs, 0);
  id = g_strdup (atelier_job_get_id (job));
  wait_record (fixture, job, "pending");

  job = reopen_and_resume (fixture, id);
  g_ptr_array_add (resumed, job);
  wait_final (resumed);
  assert_state (job, ATELIER_JOB_READY);
  g_assert_true (g_file_query_exists (atelier_job_get_image_file (job), NULL));
  g_assert_cmpuint (atelier_fake_bfl_get_submitted (fixture->fake), ==, 1);
}

static void
test_engine_resume_downloading (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GPtrArray) resumed = g_ptr_array_new ();
  g_autofree char *id = NULL;
  AtelierJob *job;

  /* Downloads keep failing, so the job sits in DOWNLOADING when the engine dies. */
  atelier_fake_bfl_set_fault (fixture->fake, ATELIER_FAKE_FAULT_DOWNLOAD_503, 100000);
  jobs = generate (fixture, "flux-2-pro", 1);
  job = g_ptr_array_index (jobs, 0);
  id = g_strdup (atelier_job_get_id (job));
  wait_record (fixture, job, "downloading");
  atelier_fake_bfl_set_fault (fixture->fake, ATELIER_FAKE_FAULT_DOWNLOAD_503, 0);

  job = reopen_and_resume (fixture, id);
  g_ptr_array_add (resumed, job);
  wait_final (resumed);
  assert_state (job, ATELIER_JOB_READY);
  g_assert_true (g_file_query_exists (atelier_job_get_image_file (job), NULL));
  g_assert_cmpuint (atelier_fake_bfl_get_submitted (fixture->fake), ==, 1);
}

static void
test_engine_resume_submitting (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GPtrArray) jobs = NULL;
  g_autofree char *id = NULL;
  AtelierJob *job;

  /* The submit hangs; the engine dies while it is in flight. */
  atelier_fake_bfl_set_slow_ms (fixture->fake, 1500);
  atelier_fake_bfl_set_fault (fixture->fake, ATELIER_FAKE_FAULT_SLOW, 1);
  jobs = generate (fixture, "flux-2-pro", 1);
  job = g_ptr_array_index (jobs, 0);
  id = g_strdup (atelier_job_get_id (job));
  wait_record (fixture, job, "submitting");

  job = reopen_and_resume (fixture, id);
  assert_state (job, ATELIER_JOB_INTERRUPTED);
  g_assert_nonnull (strstr (atelier_job_get_error_message (job), "may have been charged"));
  /* Retry only when the user asks, knowing the risk. */
  g_assert_true (atelier_job_get_retryable (job));
  wait_record (fixture, job, "interrupted");
  wait_ms (2000);
  /* The fake may or may not have got to record the slow POST; it was never sent again. */
  g_assert_cmpuint (count_posts (fixture, "/v1/flux-2-pro"), <=, 1);
  g_assert_cmpuint (atelier_fake_bfl_get_submitted (fixture->fake), <=, 1);
}

static void
test_engine_resume_queued (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GPtrArray) resumed = g_ptr_array_new ();
  g_autofree char *id = NULL;
  AtelierJob *job;

  atelier_engine_set_online (fixture->engine, FALSE);
  jobs = generate (fixture, "flux-2-pro", 1);
  job = g_ptr_array_index (jobs, 0);
  id = g_strdup (atelier_job_get_id (job));
  wait_record (fixture, job, "queued");

  job = reopen_and_resume (fixture, id);
  g_ptr_array_add (resumed, job);
  wait_final (resumed);
  assert_state (job, ATELIER_JOB_READY);
  g_assert_cmpuint (atelier_fake_bfl_get_submitted (fixture->fake), ==, 1);
}

static void
test_engine_refuses_before_anything (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(AtelierRecipe) recipe = make_recipe ("flux-2-pro");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) jobs = NULL;

  atelier_recipe_set_prompt (recipe, "");
  jobs = atelier_engine_generate (fixture->engine, recipe, 2, &error);
  g_assert_null (jobs);
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_VALIDATION);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->library)), ==, 0);

  /* A fixed seed s gives s, s+1, … */
  g_clear_error (&error);
  atelier_recipe_set_prompt (recipe, "ok");
  atelier_recipe_set_seed (recipe, 40);
  atelier_engine_set_online (fixture->engine, FALSE);
  jobs = atelier_engine_generate (fixture->engine, recipe, 3, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (atelier_job_get_seed (g_ptr_array_index (jobs, i)), ==, 40 + i);
}

int
main (int   argc,
      char *argv[])
{
  atelier_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/engine/full-cycle", test_engine_full_cycle);
  ADD ("/engine/idle-when-done", test_engine_idle_when_done);
  ADD ("/engine/every-model", test_engine_every_model);
  ADD ("/engine/latest-weights", test_engine_latest_weights);
  ADD ("/engine/out-of-credits", test_engine_out_of_credits);
  ADD ("/engine/out-of-credits-stops-the-queue", test_engine_out_of_credits_stops_the_queue);
  ADD ("/engine/bad-key", test_engine_bad_key);
  ADD ("/engine/queue-and-429", test_engine_queue_and_429);
  ADD ("/engine/kontext-max-limit", test_engine_kontext_max_limit);
  ADD ("/engine/user-cap", test_engine_user_cap);
  ADD ("/engine/poll-faults-heal", test_engine_poll_faults_heal);
  ADD ("/engine/download-faults-heal", test_engine_download_faults_heal);
  ADD ("/engine/submit-not-retried", test_engine_submit_not_retried);
  ADD ("/engine/moderation", test_engine_moderation);
  ADD ("/engine/expired", test_engine_expired);
  ADD ("/engine/cancel", test_engine_cancel);
  ADD ("/engine/offline-holds", test_engine_offline_holds);
  ADD ("/engine/resume-pending", test_engine_resume_pending);
  ADD ("/engine/resume-downloading", test_engine_resume_downloading);
  ADD ("/engine/resume-submitting", test_engine_resume_submitting);
  ADD ("/engine/resume-queued", test_engine_resume_queued);
  ADD ("/engine/refuses-before-anything", test_engine_refuses_before_anything);

  return g_test_run ();
}
