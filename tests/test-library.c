/* test-library.c — the library on disk: nothing written is ever lost
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>

#include "atelier-error.h"
#include "atelier-job-private.h"
#include "atelier-library-private.h"
#include "atelier-library.h"
#include "atelier-test-utils.h"

static guint damaged_warnings;

static GFile *
new_library_dir (void)
{
  static guint counter;
  g_autofree char *name = g_strdup_printf ("library-%u", ++counter);

  return g_file_new_build_filename (atelier_test_get_tmp_dir (), name, NULL);
}

static GBytes *
make_png (int width,
          int height,
          guint8 shade)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GError) error = NULL;
  char *buffer = NULL;
  gsize size = 0;

  gdk_pixbuf_fill (pixbuf, ((guint32) shade << 24) | 0x336600ff);
  gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", &error, NULL);
  g_assert_no_error (error);
  return g_bytes_new_take (buffer, size);
}

static AtelierReference *
make_reference (guint8 shade)
{
  g_autoptr(GBytes) bytes = make_png (64, 48, shade);
  g_autoptr(GError) error = NULL;
  AtelierReference *ref = atelier_reference_prepare_bytes (bytes, "ref.png",
                                                           ATELIER_REFERENCE_DEFAULT_CAP,
                                                           NULL, &error);

  g_assert_no_error (error);
  return ref;
}

static void
add_and_wait (AtelierLibrary *library,
              AtelierJob     *job)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  atelier_library_add_async (library, job, NULL, atelier_test_store_result, &result);
  g_assert_true (atelier_test_wait_until (atelier_test_result_is_set, &result, 10000));
  g_assert_true (atelier_library_add_finish (library, result, &error));
  g_assert_no_error (error);
}

static void
save_and_wait (AtelierLibrary *library,
               AtelierJob     *job)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  atelier_library_save_async (library, job, NULL, atelier_test_store_result, &result);
  g_assert_true (atelier_test_wait_until (atelier_test_result_is_set, &result, 10000));
  g_assert_true (atelier_library_save_finish (library, result, &error));
  g_assert_no_error (error);
}

static void
wait_ms (guint ms)
{
  gboolean done = FALSE;

  atelier_test_wait_for_flag (&done, ms);
}

static AtelierLibrary *
load_library (GFile *dir)
{
  g_autoptr(AtelierLibrary) library = atelier_library_new (dir);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  atelier_library_load_async (library, NULL, atelier_test_store_result, &result);
  g_assert_true (atelier_test_wait_until (atelier_test_result_is_set, &result, 10000));
  g_assert_true (atelier_library_load_finish (library, result, &error));
  g_assert_no_error (error);
  /* And the records compared with the index, which holds the library until it ends. */
  g_assert_true (atelier_test_wait_until ((gboolean (*) (gpointer)) atelier_library_get_scanned,
                                          library, 10000));
  return g_steal_pointer (&library);
}

static char *
child_path (GFile      *dir,
            const char *first,
            ...)
{
  g_autofree char *base = g_file_get_path (dir);
  g_autofree char *rest = NULL;
  va_list args;

  va_start (args, first);
  rest = g_build_filename_valist (first, &args);
  va_end (args);
  return g_build_filename (base, rest, NULL);
}

static char *
record_path (GFile      *dir,
             AtelierJob *job)
{
  g_autofree char *name = g_strconcat (atelier_job_get_id (job), ".json", NULL);

  return child_path (dir, "jobs", name, NULL);
}

static guint
count_files (GFile      *dir,
             const char *sub)
{
  g_autofree char *path = child_path (dir, sub, NULL);
  g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static AtelierJob *
item (AtelierLibrary *library,
      guint           position)
{
  AtelierJob *job = g_list_model_get_item (G_LIST_MODEL (library), position);

  g_object_unref (job);  /* the library holds it */
  return job;
}

/* A job with two references, one of them twice, saved and read back by a fresh library. */
static void
test_library_persists_across_reload (void)
{
  g_autoptr(GFile) dir = new_library_dir ();
  g_autoptr(AtelierLibrary) library = atelier_library_new (dir);
  g_autoptr(AtelierLibrary) reloaded = NULL;
  g_autoptr(AtelierReference) ref_a = make_reference (0x10);
  g_autoptr(AtelierReference) ref_b = make_reference (0xf0);
  AtelierReference *refs[] = { ref_a, ref_b, ref_a };
  g_autoptr(AtelierRecipe) recipe = atelier_test_recipe_new ("A lighthouse");
  g_autoptr(AtelierJob) first = NULL;
  g_autoptr(AtelierJob) second = NULL;
  g_autoptr(GError) error = NULL;
  AtelierJob *loaded;

  g_assert_true (_atelier_library_load (library, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 0);

  atelier_recipe_set_references (recipe, refs, G_N_ELEMENTS (refs));
  first = atelier_job_new (recipe);
  second = atelier_job_new (recipe);
  _atelier_job_set_seed (first, 11);
  _atelier_job_set_seed (second, 12);
  _atelier_job_set_estimated_cost (first, 4.5);

  add_and_wait (library, first);
  add_and_wait (library, second);
  /* Newest first. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 2);
  g_assert_true (item (library, 0) == second);
  g_assert_true (item (library, 1) == first);
  g_assert_true (atelier_test_lookup (library, atelier_job_get_id (first)) == first);

  /* Identical references are stored once, whatever number of jobs share them. */
  g_assert_cmpuint (count_files (dir, "refs"), ==, 2);
  g_assert_cmpuint (count_files (dir, "jobs"), ==, 2);

  _atelier_job_set_task (first, "task-1", "https://api.bfl.ai/v1/get_result?id=task-1");
  _atelier_job_set_state (first, ATELIER_JOB_PENDING);
  save_and_wait (library, first);

  reloaded = load_library (dir);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reloaded)), ==, 2);
  loaded = atelier_test_lookup (reloaded, atelier_job_get_id (first));
  g_assert_nonnull (loaded);
  g_assert_cmpint (atelier_job_get_state (loaded), ==, ATELIER_JOB_PENDING);
  g_assert_cmpstr (atelier_job_get_task_id (loaded), ==, "task-1");
  g_assert_cmpint (atelier_job_get_seed (loaded), ==, 11);
  g_assert_cmpfloat (atelier_job_get_estimated_cost (loaded), ==, 4.5);
  g_assert_cmpstr (atelier_recipe_get_prompt (atelier_job_get_recipe (loaded)), ==, "A lighthouse");
  g_assert_cmpuint (g_strv_length ((char **) atelier_job_get_ref_names (loaded)), ==, 3);
  g_assert_true (item (reloaded, 0) == atelier_test_lookup (reloaded,
                                                               atelier_job_get_id (second)));
}

static void
test_library_store_image_exact_bytes (void)
{
  g_autoptr(GFile) dir = new_library_dir ();
  g_autoptr(AtelierLibrary) library = load_library (dir);
  g_autoptr(AtelierRecipe) recipe = atelier_test_recipe_new ("A lighthouse");
  g_autoptr(AtelierJob) job = atelier_job_new (recipe);
  g_autoptr(GBytes) png = make_png (40, 30, 0x80);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) on_disk = NULL;
  g_autoptr(AtelierLibrary) reloaded = NULL;
  g_autofree char *path = NULL;
  AtelierJob *loaded;

  add_and_wait (library, job);
  /* The server says octet-stream: the bytes say PNG. */
  atelier_library_store_image_async (library, job, png, "application/octet-stream", NULL,
                                     atelier_test_store_result, &result);
  g_assert_true (atelier_test_wait_until (atelier_test_result_is_set, &result, 10000));
  g_assert_true (atelier_library_store_image_finish (library, result, &error));
  g_assert_no_error (error);

  g_assert_nonnull (atelier_job_get_image_file (job));
  path = g_file_get_path (atelier_job_get_image_file (job));
  g_assert_true (g_str_has_suffix (path, ".png"));
  on_disk = g_file_load_bytes (atelier_job_get_image_file (job), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (on_disk, png));
  g_assert_cmpuint (atelier_job_get_width (job), ==, 40);
  g_assert_cmpuint (atelier_job_get_height (job), ==, 30);
  g_assert_cmpstr (atelier_job_get_content_type (job), ==, "image/png");

  _atelier_job_set_state (job, ATELIER_JOB_READY);
  save_and_wait (library, job);

  reloaded = load_library (dir);
  loaded = atelier_test_lookup (reloaded, atelier_job_get_id (job));
  g_assert_nonnull (atelier_job_get_image_file (loaded));
  g_assert_true (g_file_equal (atelier_job_get_image_file (loaded),
                               atelier_job_get_image_file (job)));
  g_assert_cmpuint (atelier_job_get_width (loaded), ==, 40);
}

/* Many saves in a row: the record on disk holds the last state. */
static void
test_library_last_state_wins (void)
{
  g_autoptr(GFile) dir = new_library_dir ();
  g_autoptr(AtelierLibrary) library = load_library (dir);
  g_autoptr(AtelierRecipe) recipe = atelier_test_recipe_new ("A lighthouse");
  g_autoptr(AtelierJob) job = atelier_job_new (recipe);
  g_autoptr(AtelierLibrary) reloaded = NULL;
  AtelierJobState states[] = { ATELIER_JOB_SUBMITTING, ATELIER_JOB_PENDING,
                               ATELIER_JOB_DOWNLOADING, ATELIER_JOB_READY };
  g_autoptr(GAsyncResult) last = NULL;
  g_autoptr(GError) error = NULL;

  atelier_library_add_async (library, job, NULL, NULL, NULL);
  for (guint round = 0; round < 20; round++)
    for (guint i = 0; i < G_N_ELEMENTS (states); i++)
      {
        _atelier_job_set_state (job, states[i]);
        _atelier_job_set_progress (job, (double) round / 20);
        atelier_library_save_async (library, job, NULL, NULL, NULL);
      }
  _atelier_job_set_sample_url (job, "https://delivery-eu1.bfl.ai/final.jpg");
  atelier_library_save_async (library, job, NULL, atelier_test_store_result, &last);
  g_assert_true (atelier_test_wait_until (atelier_test_result_is_set, &last, 10000));
  g_assert_true (atelier_library_save_finish (library, last, &error));

  reloaded = load_library (dir);
  g_assert_cmpint (atelier_job_get_state (atelier_test_lookup (reloaded,
                                                                  atelier_job_get_id (job))),
                   ==, ATELIER_JOB_READY);
  g_assert_cmpstr (atelier_job_get_sample_url (atelier_test_lookup (reloaded,
                                                                       atelier_job_get_id (job))),
                   ==, "https://delivery-eu1.bfl.ai/final.jpg");
}

/* Lets go of a library and waits until it is gone: its worker tasks hold it until they are
 * freed, maybe in their thread a moment later, and its index stays open until then. A test that
 * replaces the index meanwhile would have the next library read the old one's WAL. */
static void
close_library (AtelierLibrary **library)
{
  GWeakRef weak;

  g_weak_ref_init (&weak, *library);
  g_clear_object (library);
  for (guint i = 0; i < 1000; i++)
    {
      g_autoptr(AtelierLibrary) alive = g_weak_ref_get (&weak);

      if (alive == NULL)
        break;
      g_clear_object (&alive);
      wait_ms (10);  /* the worker's last unref does not wake the main loop */
    }
  g_assert_null (g_weak_ref_get (&weak));
  g_weak_ref_clear (&weak);
}

static GFile *
make_library_with_jobs (guint         n,
                        AtelierJob ***jobs_out)
{
  GFile *dir = new_library_dir ();
  AtelierLibrary *library = load_library (dir);
  AtelierJob **jobs = g_new0 (AtelierJob *, n + 1);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AtelierRecipe) recipe = atelier_test_recipe_new ("A job");

      jobs[i] = atelier_job_new (recipe);
      _atelier_job_set_seed (jobs[i], i);
      add_and_wait (library, jobs[i]);
    }
  /* Each job's line in the index is written with its record, before the add completes. */
  close_library (&library);
  *jobs_out = jobs;
  return dir;
}

static void
free_jobs (AtelierJob **jobs)
{
  for (guint i = 0; jobs[i] != NULL; i++)
    g_object_unref (jobs[i]);
  g_free (jobs);
}

static void
test_library_survives_corrupt_index (void)
{
  AtelierJob **jobs = NULL;
  g_autoptr(GFile) dir = make_library_with_jobs (3, &jobs);
  g_autofree char *index = child_path (dir, "index.sqlite", NULL);
  g_autofree char *old_index = child_path (dir, "index", NULL);
  g_autoptr(AtelierLibrary) reloaded = NULL;
  g_autoptr(AtelierLibrary) again = NULL;
  g_autofree char *rebuilt = NULL;
  gsize length;

  g_assert_true (g_file_test (index, G_FILE_TEST_IS_REGULAR));

  /* Garbage, and the text index of an earlier version beside it */
  g_assert_true (g_file_set_contents (index, "\x01\x02 not an index {{{", -1, NULL));
  g_assert_true (g_file_set_contents (old_index, "atelier-index 1\n", -1, NULL));
  reloaded = load_library (dir);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reloaded)), ==, 3);
  g_assert_false (g_file_test (old_index, G_FILE_TEST_EXISTS));
  close_library (&reloaded);
  /* Rebuilt from the records. */
  g_assert_true (g_file_get_contents (index, &rebuilt, &length, NULL));
  g_assert_true (g_str_has_prefix (rebuilt, "SQLite format 3"));

  /* Cut in the middle */
  g_assert_true (g_file_set_contents (index, rebuilt, length / 2, NULL));
  again = load_library (dir);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 3);
  close_library (&again);

  /* Missing */
  g_assert_cmpint (g_unlink (index), ==, 0);
  {
    g_autoptr(AtelierLibrary) third = load_library (dir);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (third)), ==, 3);
  }

  free_jobs (jobs);
}

/* A record written after the index (by a run that stopped before updating it) wins. */
static void
test_library_index_older_than_record (void)
{
  AtelierJob **jobs = NULL;
  g_autoptr(GFile) dir = make_library_with_jobs (2, &jobs);
  g_autoptr(AtelierLibrary) reloaded = NULL;
  g_autofree char *path = record_path (dir, jobs[0]);
  g_autofree char *index = child_path (dir, "index.sqlite", NULL);
  g_autofree char *index_before = NULL;
  g_autofree char *index_after = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  g_assert_true (g_file_get_contents (index, &index_before, NULL, NULL));

  _atelier_job_set_state (jobs[0], ATELIER_JOB_PENDING);
  _atelier_job_set_task (jobs[0], "late-task", "https://api.bfl.ai/v1/get_result?id=late-task");
  node = atelier_job_to_json (jobs[0], NULL, NULL);
  text = json_to_string (node, FALSE);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  /* The index is untouched: it still says queued. */
  g_assert_true (g_file_get_contents (index, &index_after, NULL, NULL));
  g_assert_cmpstr (index_before, ==, index_after);

  reloaded = load_library (dir);
  g_assert_cmpstr (atelier_job_get_task_id (atelier_test_lookup (reloaded,
                                                                    atelier_job_get_id (jobs[0]))),
                   ==, "late-task");
  free_jobs (jobs);
}

static void
test_library_skips_corrupt_record (void)
{
  AtelierJob **jobs = NULL;
  g_autoptr(GFile) dir = make_library_with_jobs (3, &jobs);
  g_autofree char *path = record_path (dir, jobs[1]);
  g_autofree char *contents = NULL;
  g_autoptr(AtelierLibrary) reloaded = NULL;

  g_assert_true (g_file_set_contents (path, "{\"id\": \"half a rec", -1, NULL));

  damaged_warnings = 0;
  reloaded = load_library (dir);
  g_assert_cmpuint (damaged_warnings, ==, 1);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reloaded)), ==, 2);
  g_assert_null (atelier_test_lookup (reloaded, atelier_job_get_id (jobs[1])));
  /* Never deleted: the user (or a later version) may still rescue it. */
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "{\"id\": \"half a rec");
  free_jobs (jobs);
}

static void
test_library_delete_undo_commit (void)
{
  AtelierJob **jobs = NULL;
  g_autoptr(GFile) dir = make_library_with_jobs (3, &jobs);
  g_autoptr(AtelierLibrary) library = load_library (dir);
  g_autoptr(AtelierLibrary) reloaded = NULL;
  g_autoptr(AtelierReference) ref = make_reference (0x42);
  g_autoptr(AtelierRecipe) recipe = atelier_test_recipe_new ("With a reference");
  g_autoptr(AtelierJob) with_ref = NULL;
  g_autoptr(GBytes) png = make_png (8, 8, 1);
  g_autoptr(GAsyncResult) stored = NULL;
  g_autoptr(AtelierJob) middle = NULL;
  g_autofree char *middle_record = NULL;
  g_autofree char *image_path = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 3);
  middle = g_object_ref (item (library, 1));
  middle_record = record_path (dir, middle);

  atelier_library_remove (library, middle);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 2);
  g_assert_null (atelier_test_lookup (library, atelier_job_get_id (middle)));
  /* Files stay until the deletion is committed. */
  g_assert_true (g_file_test (middle_record, G_FILE_TEST_EXISTS));

  atelier_library_undo_remove (library, middle);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 3);
  g_assert_true (item (library, 1) == middle);

  /* A job with a reference and an image: commit removes all its files. */
  atelier_recipe_set_references (recipe, &ref, 1);
  with_ref = atelier_job_new (recipe);
  add_and_wait (library, with_ref);
  atelier_library_store_image_async (library, with_ref, png, "image/png", NULL, atelier_test_store_result, &stored);
  g_assert_true (atelier_test_wait_until (atelier_test_result_is_set, &stored, 10000));
  image_path = g_file_get_path (atelier_job_get_image_file (with_ref));
  g_assert_true (g_file_test (image_path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (dir, "refs"), ==, 1);

  atelier_library_remove (library, middle);
  atelier_library_commit_remove (library, middle);
  atelier_library_remove (library, with_ref);
  atelier_library_commit_remove (library, with_ref);
  wait_ms (800);
  g_assert_false (g_file_test (middle_record, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (image_path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (dir, "refs"), ==, 0);

  reloaded = load_library (dir);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reloaded)), ==, 2);
  g_assert_null (atelier_test_lookup (reloaded, atelier_job_get_id (middle)));
  free_jobs (jobs);
}

static void
test_library_load_recipe (void)
{
  g_autoptr(GFile) dir = new_library_dir ();
  g_autoptr(AtelierLibrary) library = load_library (dir);
  g_autoptr(AtelierLibrary) reloaded = NULL;
  g_autoptr(AtelierReference) ref_a = make_reference (0x10);
  g_autoptr(AtelierReference) ref_b = make_reference (0xf0);
  AtelierReference *refs[] = { ref_a, ref_b };
  g_autoptr(AtelierRecipe) recipe = atelier_test_recipe_new ("Reuse me");
  g_autoptr(AtelierJob) job = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(AtelierRecipe) loaded = NULL;
  g_autoptr(GError) error = NULL;

  atelier_recipe_set_references (recipe, refs, 2);
  job = atelier_job_new (recipe);
  add_and_wait (library, job);

  reloaded = load_library (dir);
  atelier_library_load_recipe_async (reloaded,
                                     atelier_test_lookup (reloaded, atelier_job_get_id (job)),
                                     NULL, atelier_test_store_result, &result);
  g_assert_true (atelier_test_wait_until (atelier_test_result_is_set, &result, 10000));
  loaded = atelier_library_load_recipe_finish (reloaded, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (atelier_recipe_get_prompt (loaded), ==, "Reuse me");
  g_assert_cmpuint (atelier_recipe_get_n_references (loaded), ==, 2);
  g_assert_true (g_bytes_equal (atelier_reference_get_bytes (atelier_recipe_get_reference (loaded, 0)),
                                atelier_reference_get_bytes (ref_a)));
  g_assert_true (g_bytes_equal (atelier_reference_get_bytes (atelier_recipe_get_reference (loaded, 1)),
                                atelier_reference_get_bytes (ref_b)));
}

/* Structured logging bypasses g_test_expect_message: the expected warning is counted here,
 * everything else goes to the default writer (and stays fatal). */
/* A job nobody holds is read back from its record when asked for, and only then. */
static void
test_library_rows_without_jobs (void)
{
  g_autoptr(GFile) dir = new_library_dir ();
  g_autoptr(AtelierLibrary) library = load_library (dir);
  g_autoptr(AtelierLibrary) reloaded = NULL;
  g_autoptr(AtelierJob) again = NULL;
  g_autofree char *first_id = NULL;
  AtelierJob *item0;
  guint position;

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *prompt = g_strdup_printf ("Picture %u", i);
      g_autoptr(AtelierRecipe) recipe = atelier_test_recipe_new (prompt);
      g_autoptr(AtelierJob) job = atelier_job_new (recipe);

      add_and_wait (library, job);
      _atelier_job_set_state (job, ATELIER_JOB_READY);
      save_and_wait (library, job);
      if (i == 0)
        first_id = g_strdup (atelier_job_get_id (job));
    }
  g_clear_object (&library);

  reloaded = load_library (dir);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reloaded)), ==, 4);
  /* Finished jobs stay rows until someone asks: nothing read at load or to find one. */
  g_assert_cmpuint (_atelier_library_get_n_records_read (reloaded), ==, 0);
  g_assert_true (atelier_library_find (reloaded, first_id, &position));
  g_assert_cmpuint (position, ==, 3);
  g_assert_cmpuint (_atelier_library_get_n_records_read (reloaded), ==, 0);

  item0 = g_list_model_get_item (G_LIST_MODEL (reloaded), 3);
  g_assert_cmpuint (_atelier_library_get_n_records_read (reloaded), ==, 1);
  g_assert_cmpstr (atelier_job_get_id (item0), ==, first_id);
  g_assert_cmpstr (atelier_recipe_get_prompt (atelier_job_get_recipe (item0)), ==, "Picture 0");

  /* Held: the same object, no second read. */
  again = atelier_library_dup_job (reloaded, first_id);
  g_assert_true (again == item0);
  g_assert_cmpuint (_atelier_library_get_n_records_read (reloaded), ==, 1);
  g_clear_object (&again);
  g_object_unref (item0);

  /* Let go by everyone: still kept among the recently used jobs, still the same object. */
  again = atelier_library_dup_job (reloaded, first_id);
  g_assert_true (again == item0);
  g_assert_cmpuint (_atelier_library_get_n_records_read (reloaded), ==, 1);
  g_clear_object (&again);

  /* Out of those too: read again on the next ask. */
  _atelier_library_set_recent_max (reloaded, 0);
  again = atelier_library_dup_job (reloaded, first_id);
  g_assert_cmpuint (_atelier_library_get_n_records_read (reloaded), ==, 2);
  g_assert_cmpstr (atelier_recipe_get_prompt (atelier_job_get_recipe (again)), ==, "Picture 0");
  g_assert_null (atelier_library_dup_job (reloaded, "no-such-job"));
}

static void
ask_and_release (AtelierLibrary *library,
                 guint           position)
{
  g_autoptr(AtelierJob) job = g_list_model_get_item (G_LIST_MODEL (library), position);

  g_assert_nonnull (job);
}

/* A grid rebinding its cells (a search, a scroll back) gets the jobs it just let go without
 * reading their records again, the very same objects; the jobs kept are bounded, least recently
 * used out first, and a deleted job is not kept. */
static void
test_library_recent_jobs (void)
{
  g_autoptr(GFile) dir = new_library_dir ();
  g_autoptr(AtelierLibrary) library = load_library (dir);
  AtelierJob *first = NULL;
  AtelierJob *deleted = NULL;

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(AtelierRecipe) recipe = atelier_test_recipe_new ("A finished picture");
      g_autoptr(AtelierJob) job = atelier_job_new (recipe);

      add_and_wait (library, job);
      _atelier_job_set_state (job, ATELIER_JOB_READY);
      save_and_wait (library, job);
    }
  g_clear_object (&library);

  library = load_library (dir);
  _atelier_library_set_recent_max (library, 3);
  g_assert_cmpuint (_atelier_library_get_n_records_read (library), ==, 0);

  /* Positions 0, 1, 2, each let go at once: three records read. */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(AtelierJob) job = g_list_model_get_item (G_LIST_MODEL (library), i);

      if (i == 0)
        g_set_weak_pointer (&first, job);
    }
  g_assert_cmpuint (_atelier_library_get_n_records_read (library), ==, 3);
  g_assert_nonnull (first);

  /* Asked again after release, as a rebinding grid does: nothing read, the same object. */
  for (guint round = 0; round < 3; round++)
    for (guint i = 0; i < 3; i++)
      {
        g_autoptr(AtelierJob) job = g_list_model_get_item (G_LIST_MODEL (library), i);

        if (i == 0)
          g_assert_true (job == first);
      }
  g_assert_cmpuint (_atelier_library_get_n_records_read (library), ==, 3);

  /* Two more than it holds: 3 and 4 push out the least recently used, 0 and 1. */
  ask_and_release (library, 3);
  ask_and_release (library, 4);
  g_assert_cmpuint (_atelier_library_get_n_records_read (library), ==, 5);
  g_assert_null (first);  /* nobody held it: freed */
  ask_and_release (library, 2);
  g_assert_cmpuint (_atelier_library_get_n_records_read (library), ==, 5);
  ask_and_release (library, 0);
  g_assert_cmpuint (_atelier_library_get_n_records_read (library), ==, 6);

  /* Deleted: dropped from the kept jobs at once, and freed when its last holder lets go. */
  {
    g_autoptr(AtelierJob) job = g_list_model_get_item (G_LIST_MODEL (library), 0);

    g_set_weak_pointer (&deleted, job);
    atelier_library_remove (library, job);
    atelier_library_commit_remove (library, job);
  }
  g_assert_null (deleted);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 4);
  wait_ms (300);
}

/* The scan finds records the index does not know, and drops rows whose record is gone. */
static void
test_library_scan_reconciles (void)
{
  AtelierJob **jobs = NULL;
  g_autoptr(GFile) dir = make_library_with_jobs (3, &jobs);
  g_autoptr(AtelierLibrary) reloaded = NULL;
  g_autoptr(AtelierJob) copy = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GPtrArray) unfinished = NULL;
  g_autoptr(AtelierRecipe) recipe = atelier_test_recipe_new ("Written by a run that crashed");
  g_autofree char *text = NULL;
  g_autofree char *gone = record_path (dir, jobs[1]);
  g_autofree char *gone_id = g_strdup (atelier_job_get_id (jobs[1]));
  g_autofree char *crash_record = NULL;

  /* A record whose line never reached the index (the app stopped in between). */
  copy = atelier_job_new (recipe);
  _atelier_job_set_task (copy, "crash-task", "https://api.bfl.ai/v1/get_result?id=crash-task");
  _atelier_job_set_state (copy, ATELIER_JOB_PENDING);
  node = atelier_job_to_json (copy, NULL, NULL);
  text = json_to_string (node, FALSE);
  crash_record = record_path (dir, copy);
  g_assert_true (g_file_set_contents (crash_record, text, -1, NULL));
  /* A record deleted behind the library's back. */
  g_assert_cmpint (g_unlink (gone), ==, 0);

  reloaded = load_library (dir);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reloaded)), ==, 3);
  g_assert_false (atelier_library_find (reloaded, gone_id, NULL));
  g_assert_true (atelier_library_find (reloaded, atelier_job_get_id (copy), NULL));
  unfinished = atelier_library_dup_unfinished (reloaded);
  g_assert_cmpuint (unfinished->len, ==, 3);
  g_assert_cmpstr (atelier_job_get_task_id (atelier_test_lookup (reloaded, atelier_job_get_id (copy))),
                   ==, "crash-task");
  g_clear_object (&reloaded);

  /* The index was brought up to date: nothing to read the second time. */
  reloaded = load_library (dir);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reloaded)), ==, 3);
  g_assert_true (atelier_library_find (reloaded, atelier_job_get_id (copy), NULL));
  g_assert_false (atelier_library_find (reloaded, gone_id, NULL));
  free_jobs (jobs);
}

static guint
view_count (AtelierLibraryView *view)
{
  return g_list_model_get_n_items (G_LIST_MODEL (view));
}

static void
count_emission (guint *n_emissions)
{
  (*n_emissions)++;
}

/* Search and filters over the rows: prompt, model name and id, seed; the view follows changes. */
static void
test_library_view (void)
{
  guint n_emissions = 0;
  g_autoptr(GFile) dir = new_library_dir ();
  g_autoptr(AtelierLibrary) library = load_library (dir);
  g_autoptr(AtelierLibrary) reloaded = NULL;
  g_autoptr(AtelierLibraryView) view = NULL;
  const struct { const char *prompt; const char *model; gint64 seed; } specs[] = {
    { "A red Fox in snow", "flux-2-pro", 41 },
    { "a blue fox", "flux-2-max", 42 },
    { "Lighthouse at dusk", "flux-2-pro", 43 },
    { "Ünïcode Fuchs", "flux-2-max", 44 },
  };
  g_autoptr(AtelierJob) extra = NULL;
  g_autoptr(AtelierRecipe) extra_recipe = atelier_test_recipe_new ("Another fox");
  g_autofree char *lighthouse_id = NULL;
  AtelierJob *job;
  guint position;

  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      g_autoptr(AtelierRecipe) recipe = atelier_test_recipe_new (specs[i].prompt);
      g_autoptr(AtelierJob) made = NULL;

      atelier_recipe_set_model_id (recipe, specs[i].model);
      made = atelier_job_new (recipe);
      _atelier_job_set_seed (made, specs[i].seed);
      add_and_wait (library, made);
      if (i == 2)
        lighthouse_id = g_strdup (atelier_job_get_id (made));
    }
  g_clear_object (&library);
  reloaded = load_library (dir);
  view = atelier_library_view_new (reloaded);
  g_assert_cmpuint (view_count (view), ==, 4);

  atelier_library_view_set_search (view, "FOX");
  g_assert_cmpuint (view_count (view), ==, 2);
  /* The same terms again (the entry's delayed signal): observers are not made to rebind. */
  g_signal_connect_swapped (view, "items-changed", G_CALLBACK (count_emission), &n_emissions);
  atelier_library_view_set_search (view, " fox ");
  g_assert_cmpuint (n_emissions, ==, 0);
  g_assert_cmpuint (view_count (view), ==, 2);
  g_signal_handlers_disconnect_by_func (view, count_emission, &n_emissions);
  atelier_library_view_set_search (view, "fox  red");       /* every term, any order */
  g_assert_cmpuint (view_count (view), ==, 1);
  atelier_library_view_set_search (view, "fuchs ünïcode");
  g_assert_cmpuint (view_count (view), ==, 1);
  atelier_library_view_set_search (view, "max");            /* the model's id and name */
  g_assert_cmpuint (view_count (view), ==, 2);
  atelier_library_view_set_search (view, "FLUX.2 [max] fox");
  g_assert_cmpuint (view_count (view), ==, 1);
  atelier_library_view_set_search (view, "43");              /* the seed */
  g_assert_cmpuint (view_count (view), ==, 1);
  g_assert_true (atelier_library_view_find (view, lighthouse_id, &position));
  g_assert_cmpuint (position, ==, 0);
  atelier_library_view_set_search (view, "nothing like it");
  g_assert_cmpuint (view_count (view), ==, 0);
  atelier_library_view_set_search (view, "");
  g_assert_cmpuint (view_count (view), ==, 4);

  atelier_library_view_set_model_id (view, "flux-2-pro");
  g_assert_cmpuint (view_count (view), ==, 2);
  atelier_library_view_set_search (view, "fox");
  g_assert_cmpuint (view_count (view), ==, 1);
  /* Nothing was read for any of it. */
  g_assert_cmpuint (_atelier_library_get_n_records_read (reloaded), ==, 0);

  /* A new job that matches appears at the top; removed and undone, it goes and comes back. */
  extra = atelier_job_new (extra_recipe);
  add_and_wait (reloaded, extra);
  g_assert_cmpuint (view_count (view), ==, 2);
  job = g_list_model_get_item (G_LIST_MODEL (view), 0);
  g_assert_true (job == extra);
  g_object_unref (job);
  atelier_library_remove (reloaded, extra);
  g_assert_cmpuint (view_count (view), ==, 1);
  g_assert_false (atelier_library_view_find (view, atelier_job_get_id (extra), NULL));
  atelier_library_undo_remove (reloaded, extra);
  g_assert_cmpuint (view_count (view), ==, 2);
  g_assert_true (atelier_library_view_find (view, atelier_job_get_id (extra), &position));
  g_assert_cmpuint (position, ==, 0);

  /* The Shell's search: finished pictures only. */
  {
    const char *terms[] = { "fox", NULL };
    g_auto(GStrv) ids = atelier_library_search_pictures (reloaded, terms, 10);

    g_assert_cmpuint (g_strv_length (ids), ==, 0);
    _atelier_job_set_state (extra, ATELIER_JOB_READY);
    save_and_wait (reloaded, extra);
    g_strfreev (ids);
    ids = atelier_library_search_pictures (reloaded, terms, 10);
    g_assert_cmpuint (g_strv_length (ids), ==, 1);
    g_assert_cmpstr (ids[0], ==, atelier_job_get_id (extra));
  }
}

typedef struct
{
  guint n_emissions;
  guint largest_added;
} Emissions;

static void
on_view_items_changed (Emissions *emissions,
                       guint      position,
                       guint      removed,
                       guint      added)
{
  emissions->n_emissions++;
  emissions->largest_added = MAX (emissions->largest_added, added);
}

static gboolean
view_has_600 (gpointer view)
{
  return view_count (view) == 600;
}

static LibraryRow *
add_summary_row (AtelierLibrary *library,
                 const char     *id,
                 gint64          created_usec)
{
  JobSummary *summary = g_new0 (JobSummary, 1);
  LibraryRow *row;

  summary->id = g_strdup (id);
  summary->created_usec = created_usec;
  summary->state = ATELIER_JOB_READY;
  summary->prompt_key = g_strdup (id);
  summary->seed = -1;
  row = _atelier_library_row_new (summary);
  _atelier_library_summary_free (summary);
  g_hash_table_insert (library->by_id, row->id, row);
  _atelier_library_insert_row (library, row);
  return row;
}

/* The positions a view's observers were told of stay in step with what it says it holds. */
static void
on_mirror_items_changed (GPtrArray  *mirror,
                         guint       position,
                         guint       removed,
                         guint       added,
                         GListModel *view)
{
  g_assert_cmpuint (position + removed, <=, mirror->len);
  g_ptr_array_remove_range (mirror, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (mirror, position + i, GUINT_TO_POINTER (1));
}

static gboolean
view_has_n (gpointer data)
{
  gpointer *pair = data;

  return view_count (pair[0]) == GPOINTER_TO_UINT (pair[1]);
}

/* A batch of new jobs in one turn of the main loop: a few are told at once, the newer ones are
 * held at the head and follow a few a turn; finding, removing or changing a held one works. */
static void
test_library_view_held (void)
{
  g_autoptr(GFile) dir = new_library_dir ();
  g_autoptr(AtelierLibrary) library = atelier_library_new (dir);
  g_autoptr(AtelierLibraryView) view = NULL;
  g_autoptr(GPtrArray) mirror = g_ptr_array_new ();
  gpointer want[2];
  gboolean never = FALSE;
  LibraryRow *held;
  guint position;

  g_assert_true (_atelier_library_load (library, NULL));
  view = atelier_library_view_new (library);
  g_signal_connect_swapped (view, "items-changed", G_CALLBACK (on_mirror_items_changed), mirror);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("old-%u", i);

      add_summary_row (library, id, 100 + i);
    }
  g_assert_cmpuint (view_count (view), ==, 3);
  /* A new turn: its first insertions are told at once. */
  atelier_test_wait_for_flag (&never, 20);

  for (guint i = 0; i < 24; i++)
    {
      g_autofree char *id = g_strdup_printf ("new-%02u", i);

      held = add_summary_row (library, id, 1000 + i);
    }
  g_assert_cmpuint (view_count (view), ==, 3 + 4);
  g_assert_cmpuint (mirror->len, ==, 3 + 4);
  /* The oldest of the batch is told, at the head of what was told before. */
  g_assert_true (atelier_library_view_find (view, "new-03", &position));
  g_assert_cmpuint (position, ==, 0);
  g_assert_cmpuint (view_count (view), ==, 7);

  /* A held row removed: observers never hear of it. */
  _atelier_library_remove_row (library, g_hash_table_lookup (library->by_id, "new-10"));
  g_assert_cmpuint (view_count (view), ==, 7);
  g_assert_false (atelier_library_view_find (view, "new-10", &position));

  /* The rest follow, newest first at the head. */
  want[0] = view;
  want[1] = GUINT_TO_POINTER (3 + 23);
  g_assert_true (atelier_test_wait_until (view_has_n, want, 5000));
  g_assert_cmpuint (mirror->len, ==, 3 + 23);
  g_assert_true (atelier_library_view_find (view, "new-23", &position));
  g_assert_cmpuint (position, ==, 0);
  g_assert_true (atelier_library_view_find (view, "old-2", &position));
  g_assert_cmpuint (position, ==, 23);

  /* Another batch, and the newest of it asked for at once (to scroll to it): every held one is
   * told, in its place. */
  atelier_test_wait_for_flag (&never, 20);
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *id = g_strdup_printf ("late-%u", i);

      held = add_summary_row (library, id, 5000 + i);
    }
  g_assert_cmpuint (view_count (view), ==, 26 + 4);
  g_assert_true (atelier_library_view_find (view, held->id, &position));
  g_assert_cmpuint (position, ==, 0);
  g_assert_cmpuint (view_count (view), ==, 36);
  g_assert_cmpuint (mirror->len, ==, 36);
  g_assert_true (atelier_library_view_find (view, "late-0", &position));
  g_assert_cmpuint (position, ==, 9);
}

/* A whole new list is told to a grid a screen at a time, so GTK does not build and bind every
 * cell it keeps in one turn of the main loop; asking for a row (to scroll to it) shows it now. */
static void
test_library_view_gradual (void)
{
  g_autoptr(GFile) dir = new_library_dir ();
  g_autoptr(AtelierLibrary) library = atelier_library_new (dir);
  g_autoptr(AtelierLibraryView) view = NULL;
  g_autofree char *oldest_id = NULL;
  Emissions emissions = { 0, };
  guint position;
  guint n_with_5 = 0;

  g_assert_true (_atelier_library_load (library, NULL));
  view = atelier_library_view_new (library);
  /* Rows without records: nothing here reads a job. */
  for (guint i = 0; i < 600; i++)
    {
      JobSummary *summary = g_new0 (JobSummary, 1);
      LibraryRow *row;

      summary->id = g_strdup_printf ("job-%03u", i);
      summary->created_usec = 1000 + i;
      summary->state = ATELIER_JOB_READY;
      summary->prompt_key = g_strdup_printf ("picture %u", i);
      summary->seed = -1;
      if (strchr (summary->prompt_key, '5') != NULL)
        n_with_5++;
      row = _atelier_library_row_new (summary);
      _atelier_library_summary_free (summary);
      g_hash_table_insert (library->by_id, row->id, row);
      _atelier_library_insert_row (library, row);
    }
  /* Added in one turn of the main loop, at the head of the list: the first few are told at
   * once (after the first, which made an empty list a new one), the newer ones wait at the
   * head and follow a few a turn. */
  g_assert_cmpuint (view_count (view), ==, 1 + 4);
  g_assert_true (atelier_test_wait_until (view_has_600, view, 5000));
  oldest_id = g_strdup ("job-000");

  g_signal_connect_swapped (view, "items-changed", G_CALLBACK (on_view_items_changed), &emissions);
  atelier_library_view_set_search (view, "picture");
  /* The old list went, and a first screen of the new one came. */
  g_assert_cmpuint (emissions.n_emissions, ==, 2);
  g_assert_cmpuint (emissions.largest_added, ==, 48);
  g_assert_cmpuint (view_count (view), ==, 48);
  g_assert_true (atelier_test_wait_until (view_has_600, view, 5000));
  g_assert_cmpuint (emissions.n_emissions, >, 10);

  /* The last row, asked for before it was told: told now, at its place. */
  atelier_library_view_set_search (view, "");
  g_assert_cmpuint (view_count (view), ==, 48);
  g_assert_true (atelier_library_view_find (view, oldest_id, &position));
  g_assert_cmpuint (position, ==, 599);
  g_assert_cmpuint (view_count (view), ==, 600);

  /* A row added while the rest is still coming goes to its place among what was told. */
  atelier_library_view_set_search (view, "picture 5");
  g_assert_cmpuint (view_count (view), ==, 48);
  {
    JobSummary *summary = g_new0 (JobSummary, 1);
    LibraryRow *row;

    summary->id = g_strdup ("job-new");
    summary->created_usec = 5000;
    summary->state = ATELIER_JOB_READY;
    summary->prompt_key = g_strdup ("picture 5 new");
    summary->seed = -1;
    row = _atelier_library_row_new (summary);
    _atelier_library_summary_free (summary);
    g_hash_table_insert (library->by_id, row->id, row);
    _atelier_library_insert_row (library, row);
  }
  g_assert_cmpuint (view_count (view), ==, 49);
  g_assert_true (atelier_library_view_find (view, "job-new", &position));
  g_assert_cmpuint (position, ==, 0);
  /* Every number with a 5 in it, and the new one. */
  g_assert_true (atelier_library_view_find (view, "job-005", &position));
  g_assert_cmpuint (view_count (view), ==, n_with_5 + 1);
}

static GLogWriterOutput
log_writer (GLogLevelFlags   log_level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  const char *domain = NULL;
  const char *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }
  if ((log_level & G_LOG_LEVEL_WARNING) && g_strcmp0 (domain, "Atelier-Library") == 0 &&
      message != NULL && (strstr (message, "damaged library record") != NULL ||
                          strstr (message, "Rebuilding the library index") != NULL))
    {
      damaged_warnings++;
      return G_LOG_WRITER_HANDLED;
    }
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

int
main (int   argc,
      char *argv[])
{
  g_log_set_writer_func (log_writer, NULL, NULL);
  atelier_test_init (&argc, &argv);

  g_test_add_func ("/library/persists-across-reload", test_library_persists_across_reload);
  g_test_add_func ("/library/store-image-exact-bytes", test_library_store_image_exact_bytes);
  g_test_add_func ("/library/last-state-wins", test_library_last_state_wins);
  g_test_add_func ("/library/survives-corrupt-index", test_library_survives_corrupt_index);
  g_test_add_func ("/library/index-older-than-record", test_library_index_older_than_record);
  g_test_add_func ("/library/skips-corrupt-record", test_library_skips_corrupt_record);
  g_test_add_func ("/library/delete-undo-commit", test_library_delete_undo_commit);
  g_test_add_func ("/library/load-recipe", test_library_load_recipe);
  g_test_add_func ("/library/rows-without-jobs", test_library_rows_without_jobs);
  g_test_add_func ("/library/recent-jobs", test_library_recent_jobs);
  g_test_add_func ("/library/scan-reconciles", test_library_scan_reconciles);
  g_test_add_func ("/library/view", test_library_view);
  g_test_add_func ("/library/view-gradual", test_library_view_gradual);
  g_test_add_func ("/library/view-held", test_library_view_held);

  return g_test_run ();
}
