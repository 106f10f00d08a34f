/* test-lineage.c — variation sets and lineage: what is sent, what is recorded, what survives a restart
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "atelier-catalog.h"
#include "atelier-engine-private.h"
#include "atelier-error.h"
#include "atelier-fake-bfl.h"
#include "atelier-generation.h"
#include "atelier-job-private.h"
#include "atelier-library-private.h"
#include "atelier-test-utils.h"

#define WAIT_MS 20000

typedef struct
{
  AtelierFakeBfl *fake;
  AtelierClient  *client;
  GFile          *dir;
  AtelierLibrary *library;
  AtelierEngine  *engine;
} Fixture;

static void
open_engine (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  fixture->library = atelier_library_new (fixture->dir);
  g_assert_true (_atelier_library_load (fixture->library, &error));
  g_assert_no_error (error);
  fixture->engine = atelier_engine_new (fixture->client, fixture->library,
                                        atelier_catalog_get_default ());
  _atelier_engine_set_timing (fixture->engine, 50, 20);
}

static void
close_engine (Fixture *fixture)
{
  gboolean never = FALSE;

  g_clear_object (&fixture->engine);
  g_clear_object (&fixture->library);
  atelier_test_wait_for_flag (&never, 100);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  static guint counter;
  g_autofree char *name = g_strdup_printf ("lineage-library-%u", ++counter);
  g_autoptr(GError) error = NULL;

  fixture->fake = atelier_fake_bfl_new (0, &error);
  g_assert_no_error (error);
  atelier_fake_bfl_set_task_time (fixture->fake, 50);
  fixture->client = atelier_client_new ();
  atelier_client_set_endpoint (fixture->client, atelier_fake_bfl_get_url (fixture->fake));
  atelier_client_set_key (fixture->client, ATELIER_FAKE_KEY_VALID);
  fixture->dir = g_file_new_build_filename (atelier_test_get_tmp_dir (), name, NULL);
  open_engine (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  close_engine (fixture);
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->fake);
  g_clear_object (&fixture->dir);
}

static AtelierRecipe *
make_recipe (const char *model_id,
             const char *prompt)
{
  AtelierRecipe *recipe = atelier_recipe_new ();

  atelier_recipe_set_model_id (recipe, model_id);
  atelier_recipe_set_prompt (recipe, prompt);
  atelier_recipe_set_size (recipe, 1024, 1024);
  return recipe;
}

static AtelierReference *
make_reference (guint32 colour)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 64, 64);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  AtelierReference *reference;
  char *buffer = NULL;
  gsize size = 0;

  gdk_pixbuf_fill (pixbuf, colour);
  gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", &error, NULL);
  g_assert_no_error (error);
  bytes = g_bytes_new_take (buffer, size);
  reference = atelier_reference_new_prepared (bytes, "ref.png", &error);
  g_assert_no_error (error);
  return reference;
}

typedef struct
{
  GPtrArray *jobs;
} AllFinal;

static gboolean
all_final (gpointer data)
{
  GPtrArray *jobs = data;

  for (guint i = 0; i < jobs->len; i++)
    if (!atelier_job_state_is_final (atelier_job_get_state (g_ptr_array_index (jobs, i))))
      return FALSE;
  return TRUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

/* The submits the fake received, in order: "path prompt seed". */
static GPtrArray *
submits (Fixture *fixture)
{
  GPtrArray *requests = atelier_fake_bfl_get_requests (fixture->fake);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < requests->len; i++)
    {
      AtelierFakeRequest *request = g_ptr_array_index (requests, i);
      JsonObject *body;

      if (g_strcmp0 (request->method, "POST") != 0 || request->body == NULL)
        continue;
      body = json_node_get_object (request->body);
      g_ptr_array_add (out, g_strdup_printf ("%s %s %" G_GINT64_FORMAT, request->path,
                                             json_object_get_string_member (body, "prompt"),
                                             json_object_get_int_member_with_default (body, "seed", -1)));
    }
  g_ptr_array_sort (out, compare_strings);
  return out;
}

static void
test_models_set (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(AtelierRecipe) recipe = make_recipe ("flux-2-flex", "a fox");
  const char *models[] = { "flux-2-klein-9b", "flux-2-pro", "flux-2-flex", NULL };
  g_autoptr(AtelierGeneration) generation = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GPtrArray) sent = NULL;
  g_autoptr(GError) error = NULL;
  AtelierCostEstimate total;
  double per_job[6];
  const char *set_id;

  atelier_recipe_set_number (recipe, "guidance", 7);
  atelier_recipe_set_seed (recipe, 100);
  generation = atelier_generation_new_models (recipe, models, 2, atelier_catalog_get_default (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (atelier_generation_get_n_jobs (generation), ==, 6);

  /* The sum of each job's estimate: 1 MP on klein 9B 1.5, pro 3, flex 5; two of each. */
  atelier_generation_estimate (generation, atelier_catalog_get_default (), &total, per_job);
  g_assert_cmpfloat_with_epsilon (total.credits, 2 * (1.5 + 3 + 5), 1e-9);
  g_assert_cmpfloat_with_epsilon (per_job[0], 1.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (per_job[2], 3, 1e-9);
  g_assert_cmpfloat_with_epsilon (per_job[5], 5, 1e-9);
  g_assert_cmpuint (total.batch, ==, 6);

  /* A setting a model lacks is dropped from its recipe; the model that has it keeps it. */
  g_assert_false (atelier_recipe_has_param (atelier_generation_get_recipe (generation, 0), "guidance"));
  g_assert_true (atelier_recipe_has_param (atelier_generation_get_recipe (generation, 4), "guidance"));

  atelier_generation_add_parent (generation, "parent-job", ATELIER_RELATION_REUSE);
  jobs = atelier_engine_generate_set (fixture->engine, generation, &error);
  g_assert_no_error (error);
  g_assert_true (atelier_test_wait_until (all_final, jobs, WAIT_MS));

  /* Every model got the prompt, and the same two seeds, so the models compare fairly. */
  sent = submits (fixture);
  g_assert_cmpuint (sent->len, ==, 6);
  g_assert_cmpstr (g_ptr_array_index (sent, 0), ==, "/v1/flux-2-flex a fox 100");
  g_assert_cmpstr (g_ptr_array_index (sent, 1), ==, "/v1/flux-2-flex a fox 101");
  g_assert_cmpstr (g_ptr_array_index (sent, 2), ==, "/v1/flux-2-klein-9b a fox 100");
  g_assert_cmpstr (g_ptr_array_index (sent, 3), ==, "/v1/flux-2-klein-9b a fox 101");
  g_assert_cmpstr (g_ptr_array_index (sent, 4), ==, "/v1/flux-2-pro a fox 100");
  g_assert_cmpstr (g_ptr_array_index (sent, 5), ==, "/v1/flux-2-pro a fox 101");

  set_id = atelier_job_get_set_id (g_ptr_array_index (jobs, 0));
  g_assert_nonnull (set_id);
  for (guint i = 0; i < jobs->len; i++)
    {
      AtelierJob *job = g_ptr_array_index (jobs, i);

      g_assert_cmpint (atelier_job_get_state (job), ==, ATELIER_JOB_READY);
      g_assert_cmpstr (atelier_job_get_set_id (job), ==, set_id);
      g_assert_cmpstr (atelier_job_get_variation_kind (job), ==, ATELIER_VARIATION_MODEL);
      g_assert_cmpstr (atelier_job_get_parent_id (job, 0), ==, "parent-job");
      g_assert_cmpstr (atelier_job_get_parent_relation (job, 0), ==, ATELIER_RELATION_REUSE);
    }
  g_assert_cmpstr (atelier_job_get_variation_label (g_ptr_array_index (jobs, 0)), ==, "FLUX.2 [klein] 9B");
  g_assert_cmpstr (atelier_job_get_variation_label (g_ptr_array_index (jobs, 5)), ==, "FLUX.2 [flex]");
  /* The first job of the set is the others' "variation" parent. */
  g_assert_cmpuint (atelier_job_get_n_parents (g_ptr_array_index (jobs, 0)), ==, 1);
  g_assert_true (atelier_job_has_parent (g_ptr_array_index (jobs, 3),
                                         atelier_job_get_id (g_ptr_array_index (jobs, 0))));
}

static void
test_models_refuse_references (void)
{
  g_autoptr(AtelierRecipe) recipe = make_recipe ("flux-2-pro", "a fox");
  g_autoptr(AtelierReference) ref = make_reference (0x336699ff);
  AtelierReference *refs[] = { ref, ref, ref, ref, ref, ref };
  const char *models[] = { "flux-2-pro", "flux-2-klein-4b", NULL };
  const char *none[] = { NULL };
  const char *unknown[] = { "flux-2-dev", NULL };
  g_autoptr(AtelierGeneration) generation = NULL;
  g_autoptr(GError) error = NULL;

  atelier_recipe_set_references (recipe, refs, G_N_ELEMENTS (refs));
  generation = atelier_generation_new_models (recipe, models, 1, atelier_catalog_get_default (), &error);
  g_assert_null (generation);
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "FLUX.2 [klein] 4B takes at most 4 reference images, and there are 6"));
  g_clear_error (&error);

  g_assert_null (atelier_generation_new_models (recipe, none, 1, atelier_catalog_get_default (), &error));
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_VALIDATION);
  g_clear_error (&error);
  g_assert_null (atelier_generation_new_models (recipe, unknown, 1, atelier_catalog_get_default (), &error));
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_VALIDATION);
}

static void
test_prompts_set (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(AtelierRecipe) recipe = make_recipe ("flux-2-klein-4b", "a {red|blue} fox \\{sic\\}");
  g_autoptr(AtelierGeneration) generation = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GPtrArray) sent = NULL;
  g_autoptr(GError) error = NULL;
  AtelierCostEstimate total;

  atelier_recipe_set_seed (recipe, 7);
  generation = atelier_generation_new_prompts (recipe, 1, &error);
  g_assert_no_error (error);
  atelier_generation_estimate (generation, atelier_catalog_get_default (), &total, NULL);
  g_assert_cmpfloat_with_epsilon (total.credits, 2 * 1.4, 1e-9);

  jobs = atelier_engine_generate_set (fixture->engine, generation, &error);
  g_assert_no_error (error);
  g_assert_true (atelier_test_wait_until (all_final, jobs, WAIT_MS));
  sent = submits (fixture);
  g_assert_cmpuint (sent->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (sent, 0), ==, "/v1/flux-2-klein-4b a blue fox {sic} 7");
  g_assert_cmpstr (g_ptr_array_index (sent, 1), ==, "/v1/flux-2-klein-4b a red fox {sic} 7");
  g_assert_cmpstr (atelier_job_get_variation_kind (g_ptr_array_index (jobs, 0)), ==, ATELIER_VARIATION_PROMPT);
  g_assert_cmpstr (atelier_job_get_variation_label (g_ptr_array_index (jobs, 0)), ==, "red");
  g_assert_cmpstr (atelier_job_get_variation_label (g_ptr_array_index (jobs, 1)), ==, "blue");

  /* Refused, not sent: an unbalanced brace. */
  atelier_recipe_set_prompt (recipe, "a {red fox");
  g_clear_object (&generation);
  generation = atelier_generation_new_prompts (recipe, 1, &error);
  g_assert_null (generation);
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_VALIDATION);
}

static void
test_seed_batch_is_a_set (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(AtelierRecipe) recipe = make_recipe ("flux-2-klein-4b", "a fox");
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GPtrArray) single = NULL;
  g_autoptr(GError) error = NULL;

  jobs = atelier_engine_generate (fixture->engine, recipe, 3, &error);
  g_assert_no_error (error);
  g_assert_nonnull (atelier_job_get_set_id (g_ptr_array_index (jobs, 0)));
  g_assert_cmpstr (atelier_job_get_variation_kind (g_ptr_array_index (jobs, 2)), ==, ATELIER_VARIATION_SEED);
  {
    g_autofree char *label = g_strdup_printf ("Seed %" G_GINT64_FORMAT,
                                              atelier_job_get_seed (g_ptr_array_index (jobs, 2)));

    g_assert_cmpstr (atelier_job_get_variation_label (g_ptr_array_index (jobs, 2)), ==, label);
  }
  /* A random seed stays random in the recipe: Regenerate must not repeat the picture. */
  g_assert_cmpint (atelier_recipe_get_seed (atelier_job_get_recipe (g_ptr_array_index (jobs, 0))), ==,
                   ATELIER_SEED_RANDOM);

  single = atelier_engine_generate (fixture->engine, recipe, 1, &error);
  g_assert_no_error (error);
  g_assert_null (atelier_job_get_set_id (g_ptr_array_index (single, 0)));
  g_assert_null (atelier_job_get_variation_kind (g_ptr_array_index (single, 0)));
  g_assert_true (atelier_test_wait_until (all_final, jobs, WAIT_MS));
  g_assert_true (atelier_test_wait_until (all_final, single, WAIT_MS));
}

static void
test_lineage_survives_restart (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(AtelierRecipe) recipe = make_recipe ("flux-2-klein-4b", "a fox");
  g_autoptr(AtelierGeneration) parent_generation = atelier_generation_new_seeds (recipe, 1);
  g_autoptr(AtelierGeneration) child_generation = NULL;
  g_autoptr(GPtrArray) parents = NULL;
  g_autoptr(GPtrArray) children = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) set = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *parent_id = NULL;
  g_autofree char *child_id = NULL;
  g_autofree char *set_id = NULL;
  AtelierJob *child;
  gboolean never = FALSE;

  parents = atelier_engine_generate_set (fixture->engine, parent_generation, &error);
  g_assert_no_error (error);
  parent_id = g_strdup (atelier_job_get_id (g_ptr_array_index (parents, 0)));

  child_generation = atelier_generation_new_seeds (recipe, 2);
  atelier_generation_add_parent (child_generation, parent_id, ATELIER_RELATION_REGENERATE);
  atelier_generation_add_parent (child_generation, "another", ATELIER_RELATION_REFERENCE);
  atelier_generation_add_parent (child_generation, parent_id, ATELIER_RELATION_FILL); /* repeated: once */
  children = atelier_engine_generate_set (fixture->engine, child_generation, &error);
  g_assert_no_error (error);
  g_assert_true (atelier_test_wait_until (all_final, parents, WAIT_MS));
  g_assert_true (atelier_test_wait_until (all_final, children, WAIT_MS));
  child_id = g_strdup (atelier_job_get_id (g_ptr_array_index (children, 0)));
  set_id = g_strdup (atelier_job_get_set_id (g_ptr_array_index (children, 0)));
  atelier_library_set_favourite (fixture->library, g_ptr_array_index (children, 1), TRUE);
  atelier_test_wait_for_flag (&never, 200);

  g_clear_pointer (&parents, g_ptr_array_unref);
  g_clear_pointer (&children, g_ptr_array_unref);
  close_engine (fixture);
  open_engine (fixture);

  child = atelier_test_lookup (fixture->library, child_id);
  g_assert_nonnull (child);
  g_assert_cmpuint (atelier_job_get_n_parents (child), ==, 2);
  g_assert_cmpstr (atelier_job_get_parent_id (child, 0), ==, parent_id);
  g_assert_cmpstr (atelier_job_get_parent_relation (child, 0), ==, ATELIER_RELATION_REGENERATE);
  g_assert_cmpstr (atelier_job_get_parent_id (child, 1), ==, "another");
  g_assert_cmpstr (atelier_job_get_parent_relation (child, 1), ==, ATELIER_RELATION_REFERENCE);
  g_assert_cmpstr (atelier_job_get_set_id (child), ==, set_id);
  g_assert_cmpstr (atelier_job_get_variation_kind (child), ==, ATELIER_VARIATION_SEED);

  found = atelier_library_find_children (fixture->library, parent_id);
  g_assert_cmpuint (found->len, ==, 2);
  set = atelier_library_find_set (fixture->library, set_id);
  g_assert_cmpuint (set->len, ==, 2);
  g_assert_cmpstr (atelier_job_get_id (g_ptr_array_index (set, 0)), ==, child_id);
  g_assert_false (atelier_job_get_favourite (g_ptr_array_index (set, 0)));
  g_assert_true (atelier_job_get_favourite (g_ptr_array_index (set, 1)));
  /* The set's second job names the first as what it is a variation of. */
  g_assert_true (atelier_job_has_parent (g_ptr_array_index (set, 1), child_id));
  g_clear_pointer (&found, g_ptr_array_unref);
  found = atelier_library_find_children (fixture->library, "nobody");
  g_assert_cmpuint (found->len, ==, 0);
}

static void
test_old_records_load (void)
{
  const char *old = "{\"version\": 1, \"id\": \"old-job\", \"state\": \"ready\","
                    " \"recipe\": {\"model\": \"flux-2-pro\", \"prompt\": \"a fox\"}, \"seed\": 3}";
  const char *odd = "{\"version\": 1, \"id\": \"odd-job\", \"state\": \"ready\","
                    " \"recipe\": {\"model\": \"flux-2-pro\", \"prompt\": \"a fox\"},"
                    " \"set_id\": 5, \"variation\": \"seed\", \"favourite\": \"yes\","
                    " \"parents\": [\"x\", {\"id\": 3}, {\"id\": \"../etc\"}, {\"id\": \"good\"}, 7]}";
  g_autoptr(JsonNode) old_node = json_from_string (old, NULL);
  g_autoptr(JsonNode) odd_node = json_from_string (odd, NULL);
  g_autoptr(AtelierJob) job = NULL;
  g_autoptr(AtelierJob) odd_job = NULL;
  g_autoptr(AtelierJob) again = NULL;
  g_autoptr(JsonNode) written = NULL;
  g_autoptr(GError) error = NULL;

  job = atelier_job_new_from_json (old_node, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (atelier_job_get_n_parents (job), ==, 0);
  g_assert_null (atelier_job_get_set_id (job));
  g_assert_null (atelier_job_get_variation_kind (job));
  g_assert_false (atelier_job_get_favourite (job));

  /* Broken lineage is skipped, the rest of the record loads. */
  odd_job = atelier_job_new_from_json (odd_node, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (atelier_job_get_n_parents (odd_job), ==, 1);
  g_assert_cmpstr (atelier_job_get_parent_id (odd_job, 0), ==, "good");
  g_assert_null (atelier_job_get_set_id (odd_job));
  g_assert_false (atelier_job_get_favourite (odd_job));

  /* And the fields round-trip under the names the record uses. */
  _atelier_job_set_variation (odd_job, "set-1", ATELIER_VARIATION_PROMPT, "red");
  _atelier_job_set_favourite (odd_job, TRUE);
  written = atelier_job_to_json (odd_job, NULL, NULL);
  {
    JsonObject *object = json_node_get_object (written);

    g_assert_cmpstr (json_object_get_string_member (object, "set_id"), ==, "set-1");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "variation"), "label"), ==, "red");
    g_assert_true (json_object_get_boolean_member (object, "favourite"));
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (object, "parents"), 0), "relation"), ==, "");
  }
  again = atelier_job_new_from_json (written, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (atelier_job_get_variation_kind (again), ==, ATELIER_VARIATION_PROMPT);
  g_assert_true (atelier_job_get_favourite (again));
}

int
main (int   argc,
      char *argv[])
{
  atelier_test_init (&argc, &argv);

  g_test_add ("/lineage/models-set", Fixture, NULL, fixture_set_up, test_models_set, fixture_tear_down);
  g_test_add_func ("/lineage/models-refuse-references", test_models_refuse_references);
  g_test_add ("/lineage/prompts-set", Fixture, NULL, fixture_set_up, test_prompts_set, fixture_tear_down);
  g_test_add ("/lineage/seed-batch-is-a-set", Fixture, NULL, fixture_set_up, test_seed_batch_is_a_set,
              fixture_tear_down);
  g_test_add ("/lineage/survives-restart", Fixture, NULL, fixture_set_up, test_lineage_survives_restart,
              fixture_tear_down);
  g_test_add_func ("/lineage/old-records-load", test_old_records_load);

  return g_test_run ();
}
