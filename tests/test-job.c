/* test-job.c — a job's state, its notifications and its record
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "atelier-error.h"
#include "atelier-job-private.h"
#include "atelier-job.h"
#include "atelier-test-utils.h"

static AtelierRecipe *
make_recipe (void)
{
  AtelierRecipe *recipe = atelier_recipe_new ();

  atelier_recipe_set_model_id (recipe, "flux-2-pro");
  atelier_recipe_set_prompt (recipe, "A lighthouse at dusk, “quoted”\nand a second line");
  atelier_recipe_set_region (recipe, ATELIER_REGION_EU);
  atelier_recipe_set_size (recipe, 1024, 768);
  atelier_recipe_set_seed (recipe, ATELIER_SEED_RANDOM);
  atelier_recipe_set_number (recipe, "safety_tolerance", 3);
  atelier_recipe_set_choice (recipe, "output_format", "png");
  return recipe;
}

typedef struct
{
  GHashTable *counts;
} Notifies;

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  GHashTable *counts = user_data;
  const char *name = g_param_spec_get_name (pspec);

  g_hash_table_insert (counts, (gpointer) name,
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, name)) + 1));
}

static guint
count (GHashTable *counts,
       const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (counts, name));
}

static void
test_job_states (void)
{
  g_assert_cmpstr (atelier_job_state_to_string (ATELIER_JOB_PENDING), ==, "pending");
  g_assert_cmpstr (atelier_job_state_to_string (ATELIER_JOB_CONTENT_MODERATED), ==,
                   "content-moderated");
  g_assert_cmpstr (atelier_job_state_get_label (ATELIER_JOB_PENDING), ==, "Generating");
  g_assert_false (atelier_job_state_is_final (ATELIER_JOB_DOWNLOADING));
  g_assert_true (atelier_job_state_is_final (ATELIER_JOB_READY));
  g_assert_true (atelier_job_state_is_final (ATELIER_JOB_INTERRUPTED));
  {
    g_autoptr(GEnumClass) klass = g_type_class_ref (ATELIER_TYPE_JOB_STATE);

    for (guint s = ATELIER_JOB_QUEUED; s <= ATELIER_JOB_INTERRUPTED; s++)
      {
        g_assert_nonnull (atelier_job_state_get_label (s));
        g_assert_cmpstr (g_enum_get_value (klass, s)->value_nick, ==,
                         atelier_job_state_to_string (s));
      }
  }
}

static void
test_job_notify_only_on_change (void)
{
  g_autoptr(AtelierRecipe) recipe = make_recipe ();
  g_autoptr(AtelierJob) job = atelier_job_new (recipe);
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  const char *reasons[] = { "Derivative Works Filter", NULL };

  g_signal_connect (job, "notify", G_CALLBACK (on_notify), counts);

  g_assert_cmpint (atelier_job_get_state (job), ==, ATELIER_JOB_QUEUED);
  _atelier_job_set_state (job, ATELIER_JOB_QUEUED);
  g_assert_cmpuint (count (counts, "state"), ==, 0);
  _atelier_job_set_state (job, ATELIER_JOB_PENDING);
  _atelier_job_set_state (job, ATELIER_JOB_PENDING);
  g_assert_cmpuint (count (counts, "state"), ==, 1);

  _atelier_job_set_progress (job, 0.5);
  _atelier_job_set_progress (job, 0.5);
  g_assert_cmpuint (count (counts, "progress"), ==, 1);

  _atelier_job_set_status_text (job, "Mysterious");
  _atelier_job_set_status_text (job, "Mysterious");
  g_assert_cmpuint (count (counts, "status-text"), ==, 1);

  _atelier_job_set_moderation_reasons (job, reasons);
  _atelier_job_set_moderation_reasons (job, reasons);
  g_assert_cmpuint (count (counts, "moderation-reasons"), ==, 1);

  _atelier_job_set_estimated_cost (job, 4.5);
  g_assert_cmpuint (count (counts, "display-cost"), ==, 1);
  _atelier_job_set_actual_cost (job, 4.5);
  /* The server confirmed the estimate: what is shown did not change. */
  g_assert_cmpuint (count (counts, "display-cost"), ==, 1);
  _atelier_job_set_actual_cost (job, 6);
  g_assert_cmpuint (count (counts, "display-cost"), ==, 2);
  g_assert_cmpfloat (atelier_job_get_display_cost (job), ==, 6);

  _atelier_job_set_queue_position (job, 3);
  _atelier_job_set_queue_position (job, 3);
  g_assert_cmpuint (count (counts, "queue-position"), ==, 1);
  _atelier_job_set_waiting_for_slot (job, TRUE);
  _atelier_job_set_waiting_for_slot (job, TRUE);
  g_assert_cmpuint (count (counts, "waiting-for-slot"), ==, 1);
}

static void
test_job_fail (void)
{
  g_autoptr(AtelierRecipe) recipe = make_recipe ();
  g_autoptr(AtelierJob) job = atelier_job_new (recipe);
  g_autoptr(GError) error = g_error_new_literal (ATELIER_ERROR, ATELIER_ERROR_OUT_OF_CREDITS,
                                                 "Your BFL account is out of credits");

  _atelier_job_fail (job, ATELIER_JOB_FAILED, error, TRUE);
  g_assert_cmpint (atelier_job_get_state (job), ==, ATELIER_JOB_FAILED);
  g_assert_cmpstr (atelier_job_get_error_message (job), ==, "Your BFL account is out of credits");
  g_assert_cmpint (atelier_job_get_error_code (job), ==, ATELIER_ERROR_OUT_OF_CREDITS);
  g_assert_true (atelier_job_get_retryable (job));
  g_assert_cmpint (atelier_job_get_finished_at (job), >, 0);

  /* A non-final state given to fail () still ends the job. */
  _atelier_job_fail (job, ATELIER_JOB_PENDING, error, FALSE);
  g_assert_cmpint (atelier_job_get_state (job), ==, ATELIER_JOB_FAILED);
  g_assert_false (atelier_job_get_retryable (job));

  _atelier_job_clear_error (job);
  g_assert_null (atelier_job_get_error_message (job));
  g_assert_cmpint (atelier_job_get_error_code (job), ==, -1);
}

static AtelierJob *
round_trip (AtelierJob *job)
{
  g_autoptr(JsonNode) node = atelier_job_to_json (job, NULL, NULL);
  g_autofree char *text = json_to_string (node, FALSE);
  g_autoptr(JsonNode) parsed = json_from_string (text, NULL);
  g_autoptr(GError) error = NULL;
  AtelierJob *copy = atelier_job_new_from_json (parsed, &error);

  g_assert_no_error (error);
  g_assert_nonnull (copy);
  return copy;
}

static void
test_job_json_round_trip (void)
{
  g_autoptr(AtelierRecipe) recipe = make_recipe ();
  g_autoptr(AtelierJob) job = atelier_job_new (recipe);
  g_autoptr(AtelierJob) copy = NULL;
  g_autoptr(GFile) image = g_file_new_for_path ("/tmp/library/images/abc.png");
  g_autoptr(GError) error = g_error_new_literal (ATELIER_ERROR, ATELIER_ERROR_MODERATED,
                                                 "BFL’s moderation withheld the image");
  const char *reasons[] = { "Derivative Works Filter", "Other", NULL };
  const char *refs[] = { "aa.jpg", "bb.png", NULL };
  AtelierRecipe *copy_recipe;

  _atelier_job_set_ref_names (job, refs, "mask.png");
  _atelier_job_set_seed (job, 1234567);
  _atelier_job_set_task (job, "task-1", "https://api.eu2.bfl.ai/v1/get_result?id=task-1");
  _atelier_job_set_sample_url (job, "https://delivery-eu1.bfl.ai/x.png?sig=1");
  _atelier_job_set_ready_at (job, 1752477995);
  _atelier_job_set_submitted_at (job, 1752477990);
  _atelier_job_set_estimated_cost (job, 4.5);
  _atelier_job_set_actual_cost (job, 6);
  _atelier_job_set_megapixels (job, 1, 2);
  _atelier_job_set_upsampled_prompt (job, "A lighthouse, upsampled");
  _atelier_job_set_duration (job, 7.57);
  _atelier_job_set_progress (job, 0.25);
  _atelier_job_set_status_text (job, "Mysterious");
  _atelier_job_set_image_file (job, image, "image/png", 1024, 768);
  _atelier_job_set_moderation_reasons (job, reasons);
  _atelier_job_fail (job, ATELIER_JOB_CONTENT_MODERATED, error, FALSE);

  copy = round_trip (job);

  g_assert_cmpstr (atelier_job_get_id (copy), ==, atelier_job_get_id (job));
  g_assert_cmpint (atelier_job_get_state (copy), ==, ATELIER_JOB_CONTENT_MODERATED);
  g_assert_cmpint (atelier_job_get_seed (copy), ==, 1234567);
  g_assert_cmpstr (atelier_job_get_task_id (copy), ==, "task-1");
  g_assert_cmpstr (atelier_job_get_polling_url (copy), ==,
                   "https://api.eu2.bfl.ai/v1/get_result?id=task-1");
  g_assert_cmpstr (atelier_job_get_sample_url (copy), ==, "https://delivery-eu1.bfl.ai/x.png?sig=1");
  g_assert_cmpint (atelier_job_get_ready_at (copy), ==, 1752477995);
  g_assert_cmpint (atelier_job_get_submitted_at (copy), ==, 1752477990);
  g_assert_cmpint (atelier_job_get_created_at (copy), ==, atelier_job_get_created_at (job));
  g_assert_cmpint (atelier_job_get_finished_at (copy), ==, atelier_job_get_finished_at (job));
  g_assert_cmpfloat (atelier_job_get_estimated_cost (copy), ==, 4.5);
  g_assert_cmpfloat (atelier_job_get_actual_cost (copy), ==, 6);
  g_assert_cmpfloat (atelier_job_get_input_mp (copy), ==, 1);
  g_assert_cmpfloat (atelier_job_get_output_mp (copy), ==, 2);
  g_assert_cmpstr (atelier_job_get_upsampled_prompt (copy), ==, "A lighthouse, upsampled");
  g_assert_cmpfloat_with_epsilon (atelier_job_get_duration (copy), 7.57, 1e-9);
  g_assert_cmpfloat (atelier_job_get_progress (copy), ==, 0.25);
  g_assert_cmpstr (atelier_job_get_status_text (copy), ==, "Mysterious");
  g_assert_cmpstr (atelier_job_get_error_message (copy), ==, "BFL’s moderation withheld the image");
  g_assert_cmpint (atelier_job_get_error_code (copy), ==, ATELIER_ERROR_MODERATED);
  g_assert_false (atelier_job_get_retryable (copy));
  g_assert_true (g_strv_equal (atelier_job_get_moderation_reasons (copy), reasons));
  /* The image is named relative to the library; the library resolves the folder. */
  g_assert_cmpstr (atelier_job_get_image_name (copy), ==, "abc.png");
  g_assert_cmpstr (atelier_job_get_content_type (copy), ==, "image/png");
  g_assert_cmpuint (atelier_job_get_width (copy), ==, 1024);
  g_assert_cmpuint (atelier_job_get_height (copy), ==, 768);
  g_assert_true (g_strv_equal (atelier_job_get_ref_names (copy), refs));
  g_assert_cmpstr (atelier_job_get_mask_name (copy), ==, "mask.png");
  g_assert_cmpint (atelier_job_compare_newest_first (job, copy), ==, 0);

  copy_recipe = atelier_job_get_recipe (copy);
  g_assert_cmpstr (atelier_recipe_get_model_id (copy_recipe), ==, "flux-2-pro");
  g_assert_cmpstr (atelier_recipe_get_prompt (copy_recipe), ==, atelier_recipe_get_prompt (recipe));
  g_assert_cmpint (atelier_recipe_get_region (copy_recipe), ==, ATELIER_REGION_EU);
  g_assert_cmpuint (atelier_recipe_get_width (copy_recipe), ==, 1024);
  g_assert_cmpuint (atelier_recipe_get_height (copy_recipe), ==, 768);
  g_assert_cmpint (atelier_recipe_get_seed (copy_recipe), ==, ATELIER_SEED_RANDOM);
  g_assert_cmpfloat (atelier_recipe_get_number (copy_recipe, "safety_tolerance", -1), ==, 3);
  g_assert_cmpstr (atelier_recipe_get_choice (copy_recipe, "output_format", NULL), ==, "png");

  /* A second trip keeps the reference names even though no references are loaded. */
  {
    g_autoptr(AtelierJob) again = round_trip (copy);

    g_assert_true (g_strv_equal (atelier_job_get_ref_names (again), refs));
    g_assert_cmpstr (atelier_job_get_mask_name (again), ==, "mask.png");
  }
}

static void
test_job_damaged_records (void)
{
  const char *bad[] = {
    "[]",
    "{}",
    "{\"id\": \"x\", \"state\": \"pending\"}",
    "{\"id\": \"../../etc\", \"state\": \"pending\", \"recipe\": {}}",
    "{\"id\": \"x\", \"state\": \"weird\", \"recipe\": {}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (bad[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(AtelierJob) job = atelier_job_new_from_json (node, &error);

      g_assert_null (job);
      g_assert_nonnull (error);
    }

  /* Wrong types in optional members load as far as they can. */
  {
    g_autoptr(JsonNode) node = json_from_string ("{\"id\": \"x\", \"state\": \"ready\", "
                                                 "\"recipe\": {\"model\": \"flux-2-pro\"}, "
                                                 "\"seed\": \"nope\", \"image_file\": \"../a.png\", "
                                                 "\"moderation_reasons\": [1, \"a\"]}", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(AtelierJob) job = atelier_job_new_from_json (node, &error);

    g_assert_no_error (error);
    g_assert_cmpint (atelier_job_get_seed (job), ==, -1);
    g_assert_null (atelier_job_get_image_name (job));
    g_assert_cmpstr (atelier_job_get_moderation_reasons (job)[0], ==, "a");
  }
}

int
main (int   argc,
      char *argv[])
{
  atelier_test_init (&argc, &argv);

  g_test_add_func ("/job/states", test_job_states);
  g_test_add_func ("/job/notify-only-on-change", test_job_notify_only_on_change);
  g_test_add_func ("/job/fail", test_job_fail);
  g_test_add_func ("/job/json-round-trip", test_job_json_round_trip);
  g_test_add_func ("/job/damaged-records", test_job_damaged_records);

  return g_test_run ();
}
