/* test-gallery.c — the gallery as a user sees it: live cells, Reuse settings, Delete and Undo, restart,
 * scrolling back to the opened image, comparing two selected images
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <adwaita.h>
#include <string.h>

#include "atelier-catalog.h"
#include "atelier-engine-private.h"
#include "atelier-fake-bfl.h"
#include "atelier-gallery.h"
#include "atelier-generation.h"
#include "atelier-job-private.h"
#include "atelier-library-private.h"
#include "atelier-selection-bar.h"
#include "atelier-window.h"
#include "atelier-test-utils.h"
#include "atelier-test-widgets.h"

#define PROMPT "A red fox in snow"

typedef struct
{
  AtelierFakeBfl *fake;
  AtelierClient  *client;
  AtelierLibrary *library;
  AtelierEngine  *engine;
  GFile          *dir;
  GtkWindow      *window;
  AtelierGallery *gallery;
} Fixture;

static GtkWindow *
make_window (AtelierLibrary  *library,
             AtelierEngine   *engine,
             AtelierGallery **gallery)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *overlay = adw_toast_overlay_new ();

  *gallery = g_object_new (ATELIER_TYPE_GALLERY, NULL);
  atelier_gallery_set_services (*gallery, library, engine);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (*gallery));
  gtk_window_set_child (window, overlay);
  gtk_window_set_default_size (window, 1000, 800);
  gtk_window_present (window);
  return window;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  static guint counter;
  g_autofree char *path = g_strdup_printf ("%s/library-%u", atelier_test_get_tmp_dir (), ++counter);
  g_autoptr(GError) error = NULL;

  fixture->fake = atelier_fake_bfl_new (0, &error);
  g_assert_no_error (error);
  atelier_fake_bfl_set_task_time (fixture->fake, 600);

  fixture->client = atelier_client_new ();
  atelier_client_set_endpoint (fixture->client, atelier_fake_bfl_get_url (fixture->fake));
  atelier_client_set_key (fixture->client, ATELIER_FAKE_KEY_VALID);

  fixture->dir = g_file_new_for_path (path);
  fixture->library = atelier_library_new (fixture->dir);
  g_assert_true (_atelier_library_load (fixture->library, &error));
  g_assert_no_error (error);
  fixture->engine = atelier_engine_new (fixture->client, fixture->library, atelier_catalog_get_default ());
  _atelier_engine_set_timing (fixture->engine, 40, 40);

  fixture->window = make_window (fixture->library, fixture->engine, &fixture->gallery);
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

static void
spin (guint ms)
{
  atelier_test_wait_until (never, NULL, ms);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  spin (100);
  g_clear_object (&fixture->engine);
  g_clear_object (&fixture->library);
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->fake);
  g_clear_object (&fixture->dir);
}

/* The plain recipe, at 512 × 512. */
static AtelierRecipe *
make_recipe (const char *prompt)
{
  AtelierRecipe *recipe = atelier_test_recipe_new (prompt);

  atelier_recipe_set_size (recipe, 512, 512);
  return recipe;
}

static AtelierJob *
generate (Fixture    *fixture,
          const char *prompt)
{
  g_autoptr(AtelierRecipe) recipe = make_recipe (prompt);
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;

  jobs = atelier_engine_generate (fixture->engine, recipe, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (jobs->len, ==, 1);
  return g_object_ref (g_ptr_array_index (jobs, 0));
}

typedef struct
{
  Fixture    *fixture;
  AtelierJob *job;
  const char *expected;
} CellWait;

static gboolean
cell_shows (gpointer user_data)
{
  CellWait *wait = user_data;
  AtelierGalleryCell *cell = atelier_gallery_find_cell (wait->fixture->gallery, wait->job);

  return cell != NULL && g_strcmp0 (atelier_gallery_cell_get_accessible_label (cell), wait->expected) == 0;
}

static AtelierGalleryCell *
wait_for_cell (Fixture    *fixture,
               AtelierJob *job,
               const char *expected)
{
  CellWait wait = { fixture, job, expected };
  AtelierGalleryCell *cell;

  if (!atelier_test_wait_until (cell_shows, &wait, 10000))
    {
      cell = atelier_gallery_find_cell (fixture->gallery, job);
      g_error ("cell shows “%s”, expected “%s”",
               cell ? atelier_gallery_cell_get_accessible_label (cell) : "(no cell)", expected);
    }
  return atelier_gallery_find_cell (fixture->gallery, job);
}

/* Every distinct name a cell had, sampled as the user would see it. */
typedef struct
{
  Fixture    *fixture;
  AtelierJob *job;
  GPtrArray  *seen;
} Recorder;

static gboolean
record_label (gpointer user_data)
{
  Recorder *recorder = user_data;
  AtelierGalleryCell *cell = atelier_gallery_find_cell (recorder->fixture->gallery, recorder->job);
  const char *label = cell ? atelier_gallery_cell_get_accessible_label (cell) : NULL;

  if (label != NULL &&
      (recorder->seen->len == 0 ||
       g_strcmp0 (g_ptr_array_index (recorder->seen, recorder->seen->len - 1), label) != 0))
    g_ptr_array_add (recorder->seen, g_strdup (label));
  return G_SOURCE_CONTINUE;
}

static gboolean
has_thumbnail (gpointer user_data)
{
  CellWait *wait = user_data;
  AtelierGalleryCell *cell = atelier_gallery_find_cell (wait->fixture->gallery, wait->job);

  return cell != NULL && atelier_gallery_cell_has_thumbnail (cell);
}

static void
test_cell_ready (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(AtelierJob) job = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  Recorder recorder = { fixture, NULL, seen };
  AtelierGalleryCell *cell;
  CellWait wait = { fixture, NULL, NULL };
  gboolean generating = FALSE;
  guint source;

  g_assert_cmpstr (atelier_gallery_get_page (fixture->gallery), ==, "empty");

  job = generate (fixture, PROMPT);
  recorder.job = job;
  source = g_timeout_add (5, record_label, &recorder);

  /* The job is in the gallery at once, before the server has answered. */
  spin (20);
  g_assert_cmpstr (atelier_gallery_get_page (fixture->gallery), ==, "grid");
  g_assert_nonnull (atelier_gallery_find_cell (fixture->gallery, job));

  cell = wait_for_cell (fixture, job, PROMPT " — Ready");
  g_source_remove (source);
  record_label (&recorder);

  for (guint i = 0; i < seen->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (seen, i), PROMPT " — Generating"))
      generating = TRUE;
  g_assert_true (generating);
  g_assert_cmpstr (g_ptr_array_index (seen, seen->len - 1), ==, PROMPT " — Ready");
  g_assert_false (atelier_gallery_cell_get_can_cancel (cell));
  g_assert_false (atelier_gallery_cell_get_can_retry (cell));

  wait.job = job;
  g_assert_true (atelier_test_wait_until (has_thumbnail, &wait, 10000));
}

static void
test_cell_pending_and_cancel (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(AtelierJob) job = NULL;
  AtelierGalleryCell *cell;

  atelier_fake_bfl_set_task_time (fixture->fake, 60000);
  job = generate (fixture, PROMPT);

  /* Pending: progress and the time elapsed, and Cancel on offer. */
  cell = wait_for_cell (fixture, job, PROMPT " — Generating · 0 %");
  if (atelier_job_get_state (job) != ATELIER_JOB_PENDING)
    g_error ("job state %d", atelier_job_get_state (job));
  g_assert_true (g_str_has_prefix (atelier_gallery_cell_get_state_text (cell), "Generating"));
  /* The elapsed time, m:ss (a loaded machine may already be past the first second). */
  g_assert_true (g_regex_match_simple ("^0:0[0-9]$", atelier_gallery_cell_get_detail_text (cell), 0, 0));
  g_assert_true (atelier_gallery_cell_get_can_cancel (cell));

  gtk_widget_activate_action (GTK_WIDGET (cell), "gallery.cancel-job", "s", atelier_job_get_id (job));
  cell = wait_for_cell (fixture, job, PROMPT " — Cancelled");
  /* It had reached BFL: the user is told it may cost. */
  g_assert_nonnull (strstr (atelier_gallery_cell_get_detail_text (cell), "may have been charged"));
  g_assert_false (atelier_gallery_cell_get_can_cancel (cell));
}

static void
test_cell_moderated (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(AtelierJob) job = NULL;
  AtelierGalleryCell *cell;

  atelier_fake_bfl_set_fault (fixture->fake, ATELIER_FAKE_FAULT_MODERATE_CONTENT, 1);
  job = generate (fixture, PROMPT);
  cell = wait_for_cell (fixture, job, PROMPT " — Content moderated");
  /* BFL's reasons are shown. */
  g_assert_cmpstr (atelier_gallery_cell_get_detail_text (cell), !=, "");
  if (atelier_job_get_moderation_reasons (job) != NULL && atelier_job_get_moderation_reasons (job)[0] != NULL)
    g_assert_nonnull (strstr (atelier_gallery_cell_get_detail_text (cell), atelier_job_get_moderation_reasons (job)[0]));
  g_assert_false (atelier_gallery_cell_get_can_retry (cell));
}

static void
test_cell_failed (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(AtelierJob) job = NULL;
  AtelierGalleryCell *cell;

  atelier_fake_bfl_set_fault (fixture->fake, ATELIER_FAKE_FAULT_TASK_ERROR, 1);
  job = generate (fixture, PROMPT);
  cell = wait_for_cell (fixture, job, PROMPT " — Failed");
  g_assert_cmpstr (atelier_gallery_cell_get_detail_text (cell), ==, atelier_job_get_error_message (job));
  g_assert_cmpint (atelier_gallery_cell_get_can_retry (cell), ==, atelier_job_get_retryable (job));
}

static void
test_cell_queued_and_waiting (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(AtelierJob) first = NULL;
  g_autoptr(AtelierJob) second = NULL;
  g_autoptr(AtelierJob) third = NULL;
  AtelierGalleryCell *cell;

  atelier_fake_bfl_set_task_time (fixture->fake, 60000);
  atelier_engine_set_user_cap (fixture->engine, 1);
  first = generate (fixture, "first");
  second = generate (fixture, "second");
  third = generate (fixture, "third");

  /* One runs; the other two wait their turn, each showing its place (the engine decides which). */
  {
    AtelierJob *jobs[] = { first, second, third };
    const char *names[] = { "first", "second", "third" };
    guint queued = 0;

    spin (300);
    for (guint i = 0; i < 3; i++)
      if (atelier_job_get_state (jobs[i]) == ATELIER_JOB_QUEUED)
        {
          g_autofree char *expected = g_strdup_printf ("%s — Queued · %s", names[i],
                                                       atelier_job_get_queue_position (jobs[i]) == 1 ? "1st" : "2nd");

          cell = wait_for_cell (fixture, jobs[i], expected);
          g_assert_true (atelier_gallery_cell_get_can_cancel (cell));
          queued++;
        }
    g_assert_cmpuint (queued, ==, 2);
  }
  if (atelier_job_get_state (third) != ATELIER_JOB_QUEUED)
    {
      /* Keep the waiting check on a queued job. */
      AtelierJob *tmp = third;
      third = first;
      first = tmp;
    }

  /* After a 429 the job waits quietly for a slot: a state, not an error. */
  _atelier_job_set_waiting_for_slot (third, TRUE);
  {
    g_autofree char *expected = g_strdup_printf ("%s — Waiting for a free slot",
                                                 atelier_recipe_get_prompt (atelier_job_get_recipe (third)));
    cell = wait_for_cell (fixture, third, expected);
  }
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (cell), "failed"));

  atelier_engine_cancel (fixture->engine, third);
  atelier_engine_cancel (fixture->engine, second);
  atelier_engine_cancel (fixture->engine, first);
  {
    g_autofree char *expected = g_strdup_printf ("%s — Cancelled",
                                                 atelier_recipe_get_prompt (atelier_job_get_recipe (third)));
    cell = wait_for_cell (fixture, third, expected);
  }
  /* Never sent: nothing to pay. */
  g_assert_nonnull (strstr (atelier_gallery_cell_get_detail_text (cell), "nothing was charged"));
}

static void
test_cell_lost_states (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(AtelierJob) job = NULL;
  AtelierGalleryCell *cell;

  /* Set directly: an app crash mid-submit and a late download are impractical to stage here. */
  atelier_fake_bfl_set_task_time (fixture->fake, 60000);
  job = generate (fixture, PROMPT);
  wait_for_cell (fixture, job, PROMPT " — Generating · 0 %");
  atelier_engine_cancel (fixture->engine, job);
  wait_for_cell (fixture, job, PROMPT " — Cancelled");

  _atelier_job_set_state (job, ATELIER_JOB_INTERRUPTED);
  cell = wait_for_cell (fixture, job, PROMPT " — Interrupted");
  g_assert_nonnull (strstr (atelier_gallery_cell_get_detail_text (cell), "may have been charged"));

  _atelier_job_set_state (job, ATELIER_JOB_EXPIRED);
  cell = wait_for_cell (fixture, job, PROMPT " — Expired");
  g_assert_nonnull (strstr (atelier_gallery_cell_get_detail_text (cell), "Charged"));

  _atelier_job_set_state (job, ATELIER_JOB_SUBMITTING);
  cell = wait_for_cell (fixture, job, PROMPT " — Sending");
  _atelier_job_set_state (job, ATELIER_JOB_DOWNLOADING);
  cell = wait_for_cell (fixture, job, PROMPT " — Downloading");
  _atelier_job_set_state (job, ATELIER_JOB_REQUEST_MODERATED);
  cell = wait_for_cell (fixture, job, PROMPT " — Request moderated");
}

/* Stands in for the window's win.* job actions: records which was activated, with which id. */
static void
on_win_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  char **activated = user_data;

  g_free (*activated);
  *activated = g_strdup_printf ("%s %s", g_action_get_name (G_ACTION (action)),
                                g_variant_get_string (parameter, NULL));
}

static void
on_recipe_loaded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  *(AtelierRecipe **) user_data = atelier_library_load_recipe_finish (ATELIER_LIBRARY (source), result, &error);
  g_assert_no_error (error);
}

static gboolean
pointer_is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static AtelierReference *
make_reference (void)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 64, 48);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  AtelierReference *ref;
  char *buffer;
  gsize size;

  gdk_pixbuf_fill (pixbuf, 0x3366ccff);
  gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", &error, NULL);
  g_assert_no_error (error);
  bytes = g_bytes_new_take (buffer, size);
  ref = atelier_reference_prepare_bytes (bytes, "blue.png", 0, NULL, &error);
  g_assert_no_error (error);
  return ref;
}

static GtkWidget *
find_picture_by_tooltip (GtkWidget  *widget,
                         const char *tooltip)
{
  const char *text = NULL;

  if (GTK_IS_PICTURE (widget) && (text = gtk_widget_get_tooltip_text (widget)) != NULL &&
      g_str_equal (text, tooltip))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_picture_by_tooltip (child, tooltip);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
detail_shows_mask (gpointer data)
{
  return find_picture_by_tooltip (data, "Mask: white was repainted") != NULL &&
         find_picture_by_tooltip (data, "Source image") != NULL;
}

/* FLUX.1 Fill: the detail view shows the source and the mask beside the result. */
static void
test_fill_detail_shows_source_and_mask (Fixture       *fixture,
                                        gconstpointer  data)
{
  g_autoptr(AtelierRecipe) recipe = atelier_recipe_new ();
  g_autoptr(AtelierReference) source = make_reference ();
  g_autoptr(GdkPixbuf) mask_pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 64, 48);
  g_autoptr(GdkPixbuf) white = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 20, 20);
  g_autoptr(AtelierReference) mask = NULL;
  g_autoptr(GBytes) mask_bytes = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;
  char *buffer = NULL;
  gsize size = 0;
  AtelierJob *job;

  gdk_pixbuf_fill (mask_pixbuf, 0x000000ff);
  gdk_pixbuf_fill (white, 0xffffffff);
  gdk_pixbuf_copy_area (white, 0, 0, 20, 20, mask_pixbuf, 10, 10);
  gdk_pixbuf_save_to_buffer (mask_pixbuf, &buffer, &size, "png", &error, NULL);
  g_assert_no_error (error);
  mask_bytes = g_bytes_new_take (buffer, size);
  mask = atelier_reference_new_prepared (mask_bytes, "mask.png", &error);
  g_assert_no_error (error);

  atelier_recipe_set_model_id (recipe, "flux-pro-1.0-fill");
  atelier_recipe_set_prompt (recipe, "A red balloon in the sky");
  atelier_recipe_set_references (recipe, &source, 1);
  atelier_recipe_set_mask (recipe, mask);

  jobs = atelier_engine_generate (fixture->engine, recipe, 1, &error);
  g_assert_no_error (error);
  job = g_ptr_array_index (jobs, 0);
  wait_for_cell (fixture, job, "A red balloon in the sky — Ready");

  atelier_gallery_show_job (fixture->gallery, job);
  g_assert_true (atelier_test_wait_until (detail_shows_mask,
                                          atelier_gallery_get_detail_view (fixture->gallery),
                                          10000));
}

static void
test_reuse_settings (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(AtelierRecipe) recipe = atelier_recipe_new ();
  g_autoptr(AtelierReference) ref = make_reference ();
  g_autoptr(AtelierRecipe) reused = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSimpleActionGroup) win = g_simple_action_group_new ();
  g_autofree char *activated = NULL;
  g_autofree char *expected = NULL;
  g_auto(GStrv) names = NULL;
  g_auto(GStrv) reused_names = NULL;
  const char * const job_actions[] = { "reuse-job", "edit-job-with-fill", "use-job-as-reference", "regenerate-job",
                                       "expand-job" };
  AtelierJob *job;

  for (guint i = 0; i < G_N_ELEMENTS (job_actions); i++)
    {
      g_autoptr(GSimpleAction) action = g_simple_action_new (job_actions[i], G_VARIANT_TYPE_STRING);

      g_signal_connect (action, "activate", G_CALLBACK (on_win_action), &activated);
      g_action_map_add_action (G_ACTION_MAP (win), G_ACTION (action));
    }
  gtk_widget_insert_action_group (GTK_WIDGET (fixture->window), "win", G_ACTION_GROUP (win));

  /* The record says the region the request went to: the client's. */
  atelier_client_set_region (fixture->client, ATELIER_REGION_EU);
  atelier_recipe_set_model_id (recipe, "flux-2-flex");
  atelier_recipe_set_prompt (recipe, "The cat from image 1 on a red sofa");
  atelier_recipe_set_size (recipe, 768, 512);
  atelier_recipe_set_seed (recipe, 77);
  atelier_recipe_set_number (recipe, "steps", 30);
  atelier_recipe_set_number (recipe, "guidance", 4.5);
  atelier_recipe_set_bool (recipe, "prompt_upsampling", FALSE);
  atelier_recipe_set_references (recipe, &ref, 1);

  jobs = atelier_engine_generate (fixture->engine, recipe, 1, &error);
  g_assert_no_error (error);
  job = g_ptr_array_index (jobs, 0);
  wait_for_cell (fixture, job, "The cat from image 1 on a red sofa — Ready");

  /* Reuse, Edit with Fill, Use as reference and Regenerate hand the job's id to the window. */
  atelier_gallery_show_job (fixture->gallery, job);
  g_assert_cmpstr (atelier_gallery_get_page (fixture->gallery), ==, "detail");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (atelier_gallery_get_detail_view (fixture->gallery)),
                                             "detail.reuse-settings", NULL));
  expected = g_strdup_printf ("reuse-job %s", atelier_job_get_id (job));
  g_assert_cmpstr (activated, ==, expected);
  g_clear_pointer (&expected, g_free);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (atelier_gallery_get_detail_view (fixture->gallery)),
                                             "detail.edit-with-fill", NULL));
  expected = g_strdup_printf ("edit-job-with-fill %s", atelier_job_get_id (job));
  g_assert_cmpstr (activated, ==, expected);
  g_clear_pointer (&expected, g_free);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (atelier_gallery_get_detail_view (fixture->gallery)),
                                             "detail.use-as-reference", NULL));
  expected = g_strdup_printf ("use-job-as-reference %s", atelier_job_get_id (job));
  g_assert_cmpstr (activated, ==, expected);
  g_clear_pointer (&expected, g_free);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (atelier_gallery_get_detail_view (fixture->gallery)),
                                             "detail.regenerate", NULL));
  expected = g_strdup_printf ("regenerate-job %s", atelier_job_get_id (job));
  g_assert_cmpstr (activated, ==, expected);

  /* What Reuse gives the composer: everything, exactly as it was. */
  atelier_library_load_recipe_async (fixture->library, job, NULL, on_recipe_loaded, &reused);
  g_assert_true (atelier_test_wait_until (pointer_is_set, &reused, 10000));
  g_assert_cmpstr (atelier_recipe_get_model_id (reused), ==, "flux-2-flex");
  g_assert_cmpstr (atelier_recipe_get_prompt (reused), ==, "The cat from image 1 on a red sofa");
  g_assert_cmpint (atelier_recipe_get_region (reused), ==, ATELIER_REGION_EU);
  g_assert_cmpuint (atelier_recipe_get_width (reused), ==, 768);
  g_assert_cmpuint (atelier_recipe_get_height (reused), ==, 512);
  g_assert_cmpint (atelier_recipe_get_seed (reused), ==, 77);
  names = atelier_recipe_dup_param_names (recipe);
  reused_names = atelier_recipe_dup_param_names (reused);
  g_assert_cmpstrv (reused_names, names);
  g_assert_cmpfloat (atelier_recipe_get_number (reused, "steps", 0), ==, 30);
  g_assert_cmpfloat (atelier_recipe_get_number (reused, "guidance", 0), ==, 4.5);
  g_assert_false (atelier_recipe_get_bool (reused, "prompt_upsampling", TRUE));
  g_assert_cmpuint (atelier_recipe_get_n_references (reused), ==, 1);
  g_assert_true (g_bytes_equal (atelier_reference_get_bytes (atelier_recipe_get_reference (reused, 0)),
                                atelier_reference_get_bytes (ref)));

  /* Expand hands the window the job's id too. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (atelier_gallery_get_detail_view (fixture->gallery)),
                                             "detail.expand", NULL));
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("expand-job %s", atelier_job_get_id (job));
  g_assert_cmpstr (activated, ==, expected);
}

static gboolean
shows_label (GtkWidget  *widget,
             const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget)
      && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_label (child, text))
      return TRUE;
  return FALSE;
}

typedef struct
{
  GtkWidget  *widget;
  const char *text;
} LabelWait;

static gboolean
label_shown (gpointer data)
{
  LabelWait *wait = data;

  return shows_label (wait->widget, wait->text);
}

/* An Expand result says what was added; a picture made with the newest weights says so. */
static void
test_detail_expand_and_weights (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(AtelierRecipe) expand = atelier_recipe_new ();
  g_autoptr(AtelierRecipe) latest = atelier_recipe_new ();
  g_autoptr(AtelierReference) ref = make_reference ();
  g_autoptr(GPtrArray) expand_jobs = NULL;
  g_autoptr(GPtrArray) latest_jobs = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *detail = GTK_WIDGET (atelier_gallery_get_detail_view (fixture->gallery));
  LabelWait added = { detail, "Right 360" };
  LabelWait weights = { detail, "Latest (preview)" };

  atelier_recipe_set_model_id (expand, "flux-pro-1.0-expand");
  atelier_recipe_set_prompt (expand, "A wider meadow");
  atelier_recipe_set_references (expand, &ref, 1);
  atelier_recipe_set_expand (expand, ATELIER_SIDE_RIGHT, 360);
  expand_jobs = atelier_engine_generate (fixture->engine, expand, 1, &error);
  g_assert_no_error (error);
  wait_for_cell (fixture, g_ptr_array_index (expand_jobs, 0), "A wider meadow — Ready");
  atelier_gallery_show_job (fixture->gallery, g_ptr_array_index (expand_jobs, 0));
  g_assert_true (atelier_test_wait_until (label_shown, &added, 10000));
  g_assert_true (shows_label (detail, "Pixels added"));
  g_assert_false (shows_label (detail, "Top 0"));
  g_assert_false (shows_label (detail, "Latest (preview)"));

  atelier_recipe_set_model_id (latest, "flux-2-pro");
  atelier_recipe_set_prompt (latest, "A paper crane");
  atelier_recipe_set_latest_weights (latest, TRUE);
  latest_jobs = atelier_engine_generate (fixture->engine, latest, 1, &error);
  g_assert_no_error (error);
  wait_for_cell (fixture, g_ptr_array_index (latest_jobs, 0), "A paper crane — Ready");
  atelier_gallery_show_job (fixture->gallery, g_ptr_array_index (latest_jobs, 0));
  g_assert_true (atelier_test_wait_until (label_shown, &weights, 10000));
  g_assert_false (shows_label (detail, "Pixels added"));
}

static gboolean
toast_is_up (gpointer data)
{
  return atelier_detail_view_get_delete_toast (data) != NULL;
}

static gboolean
file_is_gone (gpointer data)
{
  return !g_file_query_exists (G_FILE (data), NULL);
}

static gboolean
library_has_two (gpointer data)
{
  return g_list_model_get_n_items (G_LIST_MODEL (data)) == 2;
}

static GtkWidget *
find_button_with_label (GtkWidget  *widget,
                        const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)
        return child;
      if ((found = find_button_with_label (child, label)) != NULL)
        return found;
    }
  return NULL;
}

static void
test_delete_and_undo (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(AtelierJob) keep = NULL;
  g_autoptr(AtelierJob) job = NULL;
  AtelierDetailView *detail = atelier_gallery_get_detail_view (fixture->gallery);
  GListModel *model = G_LIST_MODEL (fixture->library);
  g_autoptr(GFile) image = NULL;
  g_autoptr(AtelierJob) first = NULL;
  GtkWidget *undo;

  keep = generate (fixture, "kept");
  job = generate (fixture, PROMPT);
  wait_for_cell (fixture, keep, "kept — Ready");
  wait_for_cell (fixture, job, PROMPT " — Ready");
  image = g_object_ref (atelier_job_get_image_file (job));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);

  atelier_gallery_show_job (fixture->gallery, job);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (detail), "detail.delete", NULL));

  /* Gone from the gallery at once, back to the grid, the file still on disk for Undo. */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  g_assert_cmpstr (atelier_gallery_get_page (fixture->gallery), ==, "grid");
  g_assert_true (atelier_test_wait_until (toast_is_up, detail, 2000));
  spin (200);
  g_assert_true (g_file_query_exists (image, NULL));

  undo = find_button_with_label (GTK_WIDGET (fixture->window), "_Undo");
  g_assert_nonnull (undo);
  /* A button activated from the keyboard emits "clicked" after its press animation. */
  gtk_widget_activate (undo);
  g_assert_true (atelier_test_wait_until (library_has_two, model, 2000));
  first = g_list_model_get_item (model, 0);
  g_assert_true (first == job);
  wait_for_cell (fixture, job, PROMPT " — Ready");

  /* Delete again and let the toast go: now the files go too. */
  atelier_gallery_show_job (fixture->gallery, job);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (detail), "detail.delete", NULL));
  g_assert_true (atelier_test_wait_until (toast_is_up, detail, 2000));
  adw_toast_dismiss (atelier_detail_view_get_delete_toast (detail));
  g_assert_true (atelier_test_wait_until (file_is_gone, image, 5000));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
}

static void
test_restart (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(AtelierJob) a = NULL;
  g_autoptr(AtelierJob) b = NULL;
  g_autoptr(AtelierJob) c = NULL;
  g_autoptr(AtelierLibrary) reopened = NULL;
  g_autoptr(GError) error = NULL;
  AtelierGallery *gallery = NULL;
  GtkWindow *window;
  Fixture second = { 0 };
  CellWait wait = { &second, NULL, NULL };

  /* Faults hit the next task submitted: the moderated one goes first. */
  atelier_fake_bfl_set_fault (fixture->fake, ATELIER_FAKE_FAULT_MODERATE_REQUEST, 1);
  c = generate (fixture, "three");
  wait_for_cell (fixture, c, "three — Request moderated");
  a = generate (fixture, "one");
  b = generate (fixture, "two");
  wait_for_cell (fixture, a, "one — Ready");
  wait_for_cell (fixture, b, "two — Ready");
  spin (300); /* the last records reach the disk */

  /* A new library on the same folder: the same items, in the same order, the same states. */
  reopened = atelier_library_new (fixture->dir);
  g_assert_true (_atelier_library_load (reopened, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reopened)), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(AtelierJob) before = g_list_model_get_item (G_LIST_MODEL (fixture->library), i);
      g_autoptr(AtelierJob) after = g_list_model_get_item (G_LIST_MODEL (reopened), i);

      g_assert_cmpstr (atelier_job_get_id (after), ==, atelier_job_get_id (before));
    }

  window = make_window (reopened, NULL, &gallery);
  second.gallery = gallery;
  wait_for_cell (&second, atelier_test_lookup (reopened, atelier_job_get_id (a)), "one — Ready");
  wait_for_cell (&second, atelier_test_lookup (reopened, atelier_job_get_id (b)), "two — Ready");
  wait_for_cell (&second, atelier_test_lookup (reopened, atelier_job_get_id (c)), "three — Request moderated");
  wait.job = atelier_test_lookup (reopened, atelier_job_get_id (a));
  g_assert_true (atelier_test_wait_until (has_thumbnail, &wait, 10000));
  gtk_window_destroy (window);
}

static void
test_search_and_filter (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(AtelierJob) fox = NULL;
  g_autoptr(AtelierJob) cat = NULL;
  GListModel *shown = atelier_gallery_get_model (fixture->gallery);

  atelier_fake_bfl_set_task_time (fixture->fake, 60000);
  fox = generate (fixture, PROMPT);
  cat = generate (fixture, "A cat on a red sofa");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 2);

  atelier_gallery_set_search (fixture->gallery, "FOX");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
  g_assert_true (g_list_model_get_item (shown, 0) == (gpointer) fox);
  g_object_unref (fox);

  atelier_gallery_set_search (fixture->gallery, "giraffe");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 0);
  g_assert_cmpstr (atelier_gallery_get_page (fixture->gallery), ==, "no-results");

  atelier_gallery_set_search (fixture->gallery, NULL);
  atelier_gallery_set_model_filter (fixture->gallery, "flux-2-max");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 0);
  atelier_gallery_set_model_filter (fixture->gallery, "flux-2-pro");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 2);
  atelier_gallery_set_model_filter (fixture->gallery, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 2);

  atelier_engine_cancel (fixture->engine, fox);
  atelier_engine_cancel (fixture->engine, cat);
}

static GtkWidget *
find_button_with_action (GtkWidget  *widget,
                         const char *action_name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action_name) == 0)
        return child;
      if ((found = find_button_with_action (child, action_name)) != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  Fixture    *fixture;
  AtelierJob *job;
  GtkWidget  *scroller;
} InView;

/* The job's cell exists and lies wholly inside the scrolled window's visible area. */
static gboolean
cell_in_view (gpointer user_data)
{
  InView *view = user_data;
  AtelierGalleryCell *cell = atelier_gallery_find_cell (view->fixture->gallery, view->job);
  graphene_rect_t bounds;

  if (cell == NULL || !gtk_widget_get_mapped (GTK_WIDGET (cell)) ||
      !gtk_widget_compute_bounds (GTK_WIDGET (cell), view->scroller, &bounds))
    return FALSE;
  return bounds.origin.y >= 0 && bounds.origin.x >= 0 &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (view->scroller) + 0.5;
}

static void
test_scroll_back (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
  AtelierDetailView *detail = atelier_gallery_get_detail_view (fixture->gallery);
  GtkAdjustment *vadjustment;
  InView view = { fixture, NULL, NULL };

  /* Sixty queued jobs: several screens of cells. The library is newest first, so the first one
   * added is the last cell of the grid. */
  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *prompt = g_strdup_printf ("Lighthouse number %u", i);
      g_autoptr(AtelierRecipe) recipe = make_recipe (prompt);
      AtelierJob *job = atelier_job_new (recipe);

      atelier_library_add_async (fixture->library, job, NULL, NULL, NULL);
      g_ptr_array_add (jobs, job);
    }
  spin (300);

  view.scroller = gtk_widget_get_parent (atelier_test_find_widget (GTK_WIDGET (fixture->gallery), GTK_TYPE_GRID_VIEW));
  g_assert_true (GTK_IS_SCROLLED_WINDOW (view.scroller));
  vadjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (view.scroller));
  /* New images arrive at the top (a few a frame) and a grid at the top stays there to show them. */
  view.job = g_ptr_array_index (jobs, jobs->len - 1);
  g_assert_true (atelier_test_wait_until (cell_in_view, &view, 5000));
  g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), ==, 0);
  view.job = g_ptr_array_index (jobs, 0);
  g_assert_false (cell_in_view (&view));

  /* Opened from elsewhere (the grid is at the top), then Back: the grid shows that image. */
  atelier_gallery_show_job (fixture->gallery, view.job);
  g_assert_cmpstr (atelier_gallery_get_page (fixture->gallery), ==, "detail");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (detail), "detail.back", NULL));
  g_assert_cmpstr (atelier_gallery_get_page (fixture->gallery), ==, "grid");
  g_assert_true (atelier_test_wait_until (cell_in_view, &view, 5000));
  g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), >, 0);

  /* And back up to the newest. */
  view.job = g_ptr_array_index (jobs, jobs->len - 1);
  g_assert_false (cell_in_view (&view));
  atelier_gallery_show_job (fixture->gallery, view.job);
  atelier_gallery_show_job (fixture->gallery, NULL);
  g_assert_true (atelier_test_wait_until (cell_in_view, &view, 5000));
  g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), ==, 0);
}

static void
test_compare_selected (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(AtelierJob) a = NULL;
  g_autoptr(AtelierJob) b = NULL;
  g_autoptr(AtelierJob) c = NULL;
  g_autoptr(AtelierJob) running = NULL;
  GtkSelectionModel *selection = atelier_gallery_get_selection (fixture->gallery);
  AtelierDetailView *detail = atelier_gallery_get_detail_view (fixture->gallery);
  GtkWidget *compare;
  AtelierGalleryCell *cell;

  a = generate (fixture, "one");
  b = generate (fixture, "two");
  c = generate (fixture, "three");
  wait_for_cell (fixture, a, "one — Ready");
  wait_for_cell (fixture, b, "two — Ready");
  wait_for_cell (fixture, c, "three — Ready");
  atelier_fake_bfl_set_task_time (fixture->fake, 60000);
  running = generate (fixture, "four");
  wait_for_cell (fixture, running, "four — Generating · 0 %");
  /* Newest first: four, three, two, one. */

  compare = find_button_with_action (GTK_WIDGET (fixture->gallery), "gallery.compare-selected");
  g_assert_nonnull (compare);
  g_assert_true (gtk_widget_get_visible (compare));
  g_assert_false (gtk_widget_get_sensitive (compare));

  gtk_selection_model_select_item (selection, 1, FALSE);
  g_assert_false (gtk_widget_get_sensitive (compare));
  cell = atelier_gallery_find_cell (fixture->gallery, c);
  g_assert_true (atelier_gallery_cell_get_selected (cell));

  gtk_selection_model_select_item (selection, 3, FALSE);
  g_assert_true (gtk_widget_get_sensitive (compare));

  /* Three is one too many; an image still generating cannot be compared. */
  gtk_selection_model_select_item (selection, 2, FALSE);
  g_assert_false (gtk_widget_get_sensitive (compare));
  gtk_selection_model_unselect_item (selection, 2);
  g_assert_true (gtk_widget_get_sensitive (compare));
  gtk_selection_model_unselect_item (selection, 3);
  gtk_selection_model_select_item (selection, 0, FALSE);
  g_assert_false (gtk_widget_get_sensitive (compare));
  gtk_selection_model_unselect_item (selection, 0);
  gtk_selection_model_select_item (selection, 3, FALSE);
  g_assert_true (gtk_widget_get_sensitive (compare));

  /* Side by side, in grid order; Back goes straight back to the grid. */
  g_signal_emit_by_name (compare, "clicked");
  g_assert_cmpstr (atelier_gallery_get_page (fixture->gallery), ==, "detail");
  g_assert_true (atelier_detail_view_get_job (detail) == c);
  g_assert_true (atelier_detail_view_get_compared (detail) == a);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (detail), "detail.back", NULL));
  g_assert_cmpstr (atelier_gallery_get_page (fixture->gallery), ==, "grid");
  g_assert_null (atelier_detail_view_get_compared (detail));

  /* "Compare with…" from the detail view still comes back to the first image. */
  atelier_gallery_show_job (fixture->gallery, b);
  atelier_detail_view_compare_with (detail, a);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (detail), "detail.back", NULL));
  g_assert_cmpstr (atelier_gallery_get_page (fixture->gallery), ==, "detail");
  g_assert_null (atelier_detail_view_get_compared (detail));

  atelier_engine_cancel (fixture->engine, running);
}


/* Keeping and finding */

static AtelierSelectionBar *
selection_bar (Fixture *fixture)
{
  return ATELIER_SELECTION_BAR (atelier_test_find_widget (GTK_WIDGET (fixture->gallery), ATELIER_TYPE_SELECTION_BAR));
}

static gboolean
bulk_toast_is_up (gpointer data)
{
  return atelier_selection_bar_get_delete_toast (data) != NULL;
}

static gboolean
library_has_three (gpointer data)
{
  return g_list_model_get_n_items (G_LIST_MODEL (data)) == 3;
}

static gboolean
files_are_gone (gpointer data)
{
  GPtrArray *files = data;

  for (guint i = 0; i < files->len; i++)
    if (g_file_query_exists (g_ptr_array_index (files, i), NULL))
      return FALSE;
  return TRUE;
}

/* The shortcut of `widget` (or its class) that `trigger` sets off, as "<Control>a". */
static GtkShortcut *
find_shortcut (GtkWidget  *widget,
               const char *trigger)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *text = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

          if (g_str_equal (text, trigger))
            return shortcut;
        }
    }
  return NULL;
}

static void
test_bulk_delete_and_undo (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  GtkSelectionModel *selection = atelier_gallery_get_selection (fixture->gallery);
  GListModel *model = G_LIST_MODEL (fixture->library);
  AtelierSelectionBar *bar = selection_bar (fixture);
  GtkWidget *grid = atelier_test_find_widget (GTK_WIDGET (fixture->gallery), GTK_TYPE_GRID_VIEW);
  GtkShortcut *select_all;
  GtkWidget *undo;

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *prompt = g_strdup_printf ("Kept number %u", i);
      g_autofree char *expected = g_strdup_printf ("%s — Ready", prompt);
      AtelierJob *job = generate (fixture, prompt);

      wait_for_cell (fixture, job, expected);
      g_ptr_array_add (jobs, job);
      g_ptr_array_add (files, g_object_ref (atelier_job_get_image_file (job)));
    }
  g_assert_false (atelier_selection_bar_get_revealed (bar));

  /* Ctrl+A is the grid's own shortcut: it selects every picture, and the bar comes up. */
  select_all = find_shortcut (grid, "<Control>a");
  g_assert_nonnull (select_all);
  gtk_widget_grab_focus (grid);
  g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (select_all), 0, grid,
                                               gtk_shortcut_get_arguments (select_all)));
  g_assert_cmpuint (gtk_bitset_get_size (gtk_selection_model_get_selection (selection)), ==, 3);
  g_assert_true (atelier_selection_bar_get_revealed (bar));

  /* One Delete for all three, one toast, every file still there for Undo. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (bar), "selection.delete", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_true (atelier_test_wait_until (bulk_toast_is_up, bar, 2000));
  g_assert_cmpstr (adw_toast_get_title (atelier_selection_bar_get_delete_toast (bar)), ==, "3 images deleted");
  spin (200);
  for (guint i = 0; i < files->len; i++)
    g_assert_true (g_file_query_exists (g_ptr_array_index (files, i), NULL));

  undo = find_button_with_label (GTK_WIDGET (fixture->window), "_Undo");
  g_assert_nonnull (undo);
  gtk_widget_activate (undo);
  g_assert_true (atelier_test_wait_until (library_has_three, model, 2000));
  /* Back in their places, newest first, and shown. */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(AtelierJob) item = g_list_model_get_item (model, i);

      g_assert_true (item == g_ptr_array_index (jobs, 2 - i));
    }
  wait_for_cell (fixture, g_ptr_array_index (jobs, 0), "Kept number 0 — Ready");

  /* Deleted again and the toast let go: every file goes. */
  gtk_selection_model_select_all (selection);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (bar), "selection.delete", NULL));
  g_assert_true (atelier_test_wait_until (bulk_toast_is_up, bar, 2000));
  adw_toast_dismiss (atelier_selection_bar_get_delete_toast (bar));
  g_assert_true (atelier_test_wait_until (files_are_gone, files, 5000));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
}

static gboolean
collections_idle (gpointer data)
{
  return !atelier_collections_get_busy (data);
}

static void
test_keep_and_find (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(AtelierJob) fox = NULL;
  g_autoptr(AtelierJob) cat = NULL;
  g_autoptr(AtelierCollections) collections = atelier_collections_new (fixture->dir);
  g_autoptr(AtelierLibrary) reopened = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *winter = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *seed = NULL;
  GListModel *shown = atelier_gallery_get_model (fixture->gallery);
  GtkSelectionModel *selection = atelier_gallery_get_selection (fixture->gallery);
  AtelierSelectionBar *bar = selection_bar (fixture);
  GtkWidget *grid = atelier_test_find_widget (GTK_WIDGET (fixture->gallery), GTK_TYPE_GRID_VIEW);
  AtelierGalleryCell *cell;
  GtkWidget *star;
  GtkShortcut *s_key;
  AtelierJob *loaded;

  atelier_collections_load_async (collections, NULL, NULL, NULL);
  atelier_gallery_set_collections (fixture->gallery, collections);
  fox = generate (fixture, PROMPT);
  cat = generate (fixture, "A cat on a red sofa");
  cell = wait_for_cell (fixture, fox, PROMPT " — Ready");
  wait_for_cell (fixture, cat, "A cat on a red sofa — Ready");

  /* The cell's star says what it will do (its accessible name is set with the tooltip: the tests
   * run without an accessibility context to read it from). */
  star = atelier_gallery_cell_get_favourite_button (cell);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (star), ==, "Add to Favourites (S)");
  g_signal_emit_by_name (star, "clicked");
  g_assert_true (atelier_job_get_favourite (fox));
  /* The cell gathers a job's changes for its next frame; asking for the star applies them. */
  star = atelier_gallery_cell_get_favourite_button (cell);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (star), ==, "Remove from Favourites (S)");

  atelier_gallery_set_scope (fixture->gallery, "favourites");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
  g_assert_true (g_list_model_get_item (shown, 0) == (gpointer) fox);
  g_object_unref (fox);
  atelier_gallery_set_scope (fixture->gallery, "all");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 2);

  /* S on the grid stars the selection (the cat): a shortcut in front of type-to-search. */
  s_key = find_shortcut (grid, "s");
  g_assert_nonnull (s_key);
  gtk_selection_model_select_item (selection, 0, TRUE);
  g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (s_key), 0, grid, NULL));
  g_assert_true (atelier_job_get_favourite (cat));
  /* With words in the search, S is a letter. */
  atelier_gallery_set_search (fixture->gallery, "cat");
  g_assert_false (gtk_shortcut_action_activate (gtk_shortcut_get_action (s_key), 0, grid, NULL));
  g_assert_true (atelier_job_get_favourite (cat));
  atelier_gallery_set_search (fixture->gallery, NULL);

  /* Both into a new collection, from the bar. */
  winter = atelier_collections_create (collections, "Winter Series", &error);
  g_assert_no_error (error);
  gtk_selection_model_select_all (selection);
  g_assert_true (atelier_selection_bar_get_revealed (bar));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (bar), "selection.add-to-collection", "s", winter));
  g_assert_true (atelier_job_is_in_collection (fox, winter));
  g_assert_true (atelier_job_is_in_collection (cat, winter));
  scope = g_strconcat ("collection:", winter, NULL);
  atelier_gallery_set_scope (fixture->gallery, scope);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 2);

  /* Search finds them by the collection's name, the model and the seed as well as the prompt. */
  atelier_gallery_set_scope (fixture->gallery, "all");
  atelier_gallery_set_search (fixture->gallery, "winter fox");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
  atelier_gallery_set_search (fixture->gallery, "FLUX.2 [pro]");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 2);
  seed = g_strdup_printf ("%" G_GINT64_FORMAT, atelier_job_get_seed (cat));
  atelier_gallery_set_search (fixture->gallery, seed);
  g_assert_cmpuint (g_list_model_get_n_items (shown), >=, 1);
  g_assert_true (g_list_model_get_item (shown, 0) == (gpointer) cat);
  g_object_unref (cat);
  atelier_gallery_set_search (fixture->gallery, NULL);

  /* In the collection, Remove from Collection takes the selected one out, nothing else. */
  atelier_gallery_set_scope (fixture->gallery, scope);
  gtk_selection_model_unselect_all (selection);
  gtk_selection_model_select_item (selection, 0, TRUE);
  gtk_selection_model_select_item (selection, 1, FALSE);
  gtk_selection_model_unselect_item (selection, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (bar), "selection.remove-from-collection", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->library)), ==, 2);
  atelier_gallery_set_scope (fixture->gallery, "all");

  /* All of it is in the records: a new library on the folder reads it back. */
  g_assert_true (atelier_test_wait_until (collections_idle, collections, 5000));
  spin (300);
  reopened = atelier_library_new (fixture->dir);
  g_assert_true (_atelier_library_load (reopened, &error));
  g_assert_no_error (error);
  loaded = atelier_test_lookup (reopened, atelier_job_get_id (fox));
  g_assert_true (atelier_job_get_favourite (loaded));
  loaded = atelier_test_lookup (reopened, atelier_job_get_id (cat));
  g_assert_true (atelier_job_get_favourite (loaded));
  g_assert_true (atelier_job_is_in_collection (atelier_test_lookup (reopened, atelier_job_get_id (fox)), winter) !=
                 atelier_job_is_in_collection (loaded, winter));
}

static AtelierSelectionBar *toast_source;

static gboolean
toast_with_title (gpointer data)
{
  AdwToast *toast = atelier_window_get_last_toast (GTK_WIDGET (toast_source));

  return toast != NULL && g_strcmp0 (adw_toast_get_title (toast), data) == 0;
}

static void
test_bulk_export (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(AtelierJob) a = generate (fixture, "Exported fox");
  g_autoptr(AtelierJob) b = generate (fixture, "Exported fox");
  g_autoptr(GFile) folder = g_file_get_child (fixture->dir, "exported");
  g_autoptr(GFileEnumerator) listing = NULL;
  AtelierSelectionBar *bar = selection_bar (fixture);
  GFileInfo *info;
  guint n = 0;

  wait_for_cell (fixture, a, "Exported fox — Ready");
  wait_for_cell (fixture, b, "Exported fox — Ready");
  g_assert_true (g_file_make_directory_with_parents (folder, NULL, NULL));
  gtk_selection_model_select_all (atelier_gallery_get_selection (fixture->gallery));
  toast_source = bar;
  atelier_selection_bar_export_to (bar, folder);
  g_assert_true (atelier_test_wait_until (toast_with_title, "2 images exported", 5000));

  /* Same prompt, same day: two files all the same, neither written over the other. */
  listing = g_file_enumerate_children (folder, G_FILE_ATTRIBUTE_STANDARD_NAME, 0, NULL, NULL);
  while ((info = g_file_enumerator_next_file (listing, NULL, NULL)) != NULL)
    {
      n++;
      g_object_unref (info);
    }
  g_assert_cmpuint (n, ==, 2);
}

/* Dragging a picture onto a collection of the drop bar: that picture, or all of the selection it
 * is part of; New Collection asks for a name first. */
static void
test_drop_on_collection (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(AtelierCollections) collections = atelier_collections_new (fixture->dir);
  g_autoptr(AtelierJob) fox = NULL;
  g_autoptr(AtelierJob) cat = NULL;
  g_autoptr(AtelierJob) owl = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *coast = NULL;
  GtkSelectionModel *selection = atelier_gallery_get_selection (fixture->gallery);
  AtelierCollectionDropBar *bar = atelier_gallery_get_drop_bar (fixture->gallery);
  guint position;

  atelier_collections_load_async (collections, NULL, NULL, NULL);
  atelier_gallery_set_collections (fixture->gallery, collections);
  coast = atelier_collections_create (collections, "Coast series", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (atelier_collection_drop_bar_get_n_targets (bar), ==, 2);
  g_assert_cmpstr (atelier_collection_drop_bar_get_target_name (bar, 0), ==, "Coast series");
  g_assert_cmpstr (atelier_collection_drop_bar_get_target_name (bar, 1), ==, "New Collection");
  g_assert_false (atelier_collection_drop_bar_get_revealed (bar));

  fox = generate (fixture, PROMPT);
  cat = generate (fixture, "A cat on a red sofa");
  owl = generate (fixture, "An owl at night");
  wait_for_cell (fixture, owl, "An owl at night — Ready");
  wait_for_cell (fixture, fox, PROMPT " — Ready");

  /* One picture, not selected: only it. */
  atelier_collection_drop_bar_drop (bar, 0, owl);
  g_assert_true (atelier_job_is_in_collection (owl, coast));
  g_assert_false (atelier_job_is_in_collection (cat, coast));

  /* A picture of a selection of two: both. */
  gtk_selection_model_unselect_all (selection);
  g_assert_true (atelier_library_find (fixture->library, atelier_job_get_id (cat), &position));
  gtk_selection_model_select_item (selection, position, FALSE);
  g_assert_true (atelier_library_find (fixture->library, atelier_job_get_id (fox), &position));
  gtk_selection_model_select_item (selection, position, FALSE);
  atelier_collection_drop_bar_drop (bar, 0, fox);
  g_assert_true (atelier_job_is_in_collection (fox, coast));
  g_assert_true (atelier_job_is_in_collection (cat, coast));

  /* Menu on a focused picture opens its menu: Open, and its star (no set: no Show All
   * Variations). */
  {
    AtelierGalleryCell *cell = atelier_gallery_find_cell (fixture->gallery, owl);
    GtkWidget *grid = atelier_test_find_widget (GTK_WIDGET (fixture->gallery), GTK_TYPE_GRID_VIEW);
    GtkShortcut *menu_key = find_shortcut (grid, "Menu|<Shift>F10");
    GtkWidget *menu = NULL;
    GMenuModel *model;

    g_assert_nonnull (cell);
    g_assert_nonnull (menu_key);
    gtk_widget_grab_focus (gtk_widget_get_parent (GTK_WIDGET (cell)));
    g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (menu_key), 0, grid, NULL));
    for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (fixture->gallery)); child != NULL;
         child = gtk_widget_get_next_sibling (child))
      if (GTK_IS_POPOVER_MENU (child))
        menu = child;
    g_assert_nonnull (menu);
    g_assert_true (gtk_widget_get_visible (menu));
    model = gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (menu));
    g_assert_cmpint (g_menu_model_get_n_items (model), ==, 2);   /* Open, and the star's section */
    gtk_popover_popdown (GTK_POPOVER (menu));
  }

  /* A new collection's target grows with the list. */
  g_free (atelier_collections_create (collections, "Client picks", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (atelier_collection_drop_bar_get_n_targets (bar), ==, 3);
  g_assert_cmpstr (atelier_collection_drop_bar_get_target_name (bar, 1), ==, "Client picks");
}

/* A variation set side by side */

typedef struct
{
  AtelierVariationGrid *grid;
  guint                 row;
  guint                 column;
  const char           *expected;
} GridCellWait;

static gboolean
grid_cell_shows (gpointer user_data)
{
  GridCellWait *wait = user_data;
  AtelierGalleryCell *cell = atelier_variation_grid_get_cell (wait->grid, wait->row, wait->column);

  return cell != NULL && g_strcmp0 (atelier_gallery_cell_get_accessible_label (cell), wait->expected) == 0;
}

static gboolean
grid_has_rows (gpointer user_data)
{
  GridCellWait *wait = user_data;

  return atelier_variation_grid_get_n_rows (wait->grid) == wait->row &&
         atelier_variation_grid_get_cell (wait->grid, wait->row - 1, 0) != NULL;
}

static void
test_variation_grid (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(AtelierRecipe) recipe = make_recipe ("a lighthouse");
  const char * const models[] = { "flux-2-pro", "flux-2-max", NULL };
  g_autoptr(AtelierGeneration) generation = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *set_id = NULL;
  AtelierVariationGrid *grid = atelier_gallery_get_variation_grid (fixture->gallery);
  AtelierDetailView *detail = atelier_gallery_get_detail_view (fixture->gallery);
  GridCellWait wait = { grid, 0, 1, "a lighthouse — Ready" };
  AtelierGalleryCell *cell;
  AtelierJob *second;

  /* Two models × two seeds: a row per model, a column per seed, in the order they were made. */
  atelier_recipe_set_seed (recipe, 7);
  generation = atelier_generation_new_models (recipe, models, 2, atelier_catalog_get_default (), &error);
  g_assert_no_error (error);
  jobs = atelier_engine_generate_set (fixture->engine, generation, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (jobs->len, ==, 4);
  set_id = g_strdup (atelier_job_get_set_id (g_ptr_array_index (jobs, 0)));

  atelier_gallery_show_set (fixture->gallery, set_id);
  g_assert_cmpstr (atelier_gallery_get_page (fixture->gallery), ==, "set");
  g_assert_cmpuint (atelier_variation_grid_get_n_rows (grid), ==, 2);
  g_assert_cmpuint (atelier_variation_grid_get_n_columns (grid), ==, 2);
  g_assert_cmpstr (atelier_variation_grid_get_row_label (grid, 0), ==, "FLUX.2 [pro]");
  g_assert_cmpstr (atelier_variation_grid_get_row_label (grid, 1), ==, "FLUX.2 [max]");
  g_assert_cmpstr (atelier_variation_grid_get_column_label (grid, 0), ==, "Seed 7");
  g_assert_cmpstr (atelier_variation_grid_get_column_label (grid, 1), ==, "Seed 8");
  g_assert_cmpstr (atelier_variation_grid_get_subtitle (grid), ==, "Models · 4 pictures");
  for (guint i = 0; i < jobs->len; i++)
    {
      AtelierJob *job = g_ptr_array_index (jobs, i);

      cell = atelier_variation_grid_get_cell (grid, i / 2, i % 2);
      g_assert_true (atelier_gallery_cell_get_job (cell) == job);
      g_assert_cmpint (atelier_job_get_seed (job), ==, 7 + (gint64) (i % 2));
      g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (cell)));
    }

  /* Live: each cell follows its job to Ready. */
  g_assert_true (atelier_test_wait_until (grid_cell_shows, &wait, 15000));
  wait.row = 1;
  wait.column = 0;
  g_assert_true (atelier_test_wait_until (grid_cell_shows, &wait, 15000));

  /* The star on a cell keeps the picture. */
  cell = atelier_variation_grid_get_cell (grid, 1, 0);
  g_assert_false (atelier_job_get_favourite (atelier_gallery_cell_get_job (cell)));
  g_signal_emit_by_name (atelier_gallery_cell_get_favourite_button (cell), "clicked");
  g_assert_true (atelier_job_get_favourite (g_ptr_array_index (jobs, 2)));

  /* A cell opens its picture; Back comes to the set again, the cell focused. */
  second = g_ptr_array_index (jobs, 1);
  g_signal_emit_by_name (grid, "job-activated", second);
  g_assert_cmpstr (atelier_gallery_get_page (fixture->gallery), ==, "detail");
  g_assert_true (atelier_detail_view_get_job (detail) == second);
  g_signal_emit_by_name (detail, "close");
  g_assert_cmpstr (atelier_gallery_get_page (fixture->gallery), ==, "set");
  spin (50);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (atelier_variation_grid_get_cell (grid, 0, 1))));

  /* From the detail view of any of its pictures, and from a cell's menu (Open, Show All
   * Variations). */
  g_signal_emit_by_name (grid, "close");
  g_assert_cmpstr (atelier_gallery_get_page (fixture->gallery), ==, "grid");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->gallery), "gallery.open-job", "s",
                                             atelier_job_get_id (second)));
  g_assert_cmpstr (atelier_gallery_get_page (fixture->gallery), ==, "detail");
  g_assert_true (atelier_detail_view_get_job (detail) == second);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (detail), "gallery.show-set", "s", set_id));
  g_assert_cmpstr (atelier_gallery_get_page (fixture->gallery), ==, "set");
  g_signal_emit_by_name (grid, "close");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->gallery), "gallery.show-set", "s", set_id));
  g_assert_cmpstr (atelier_gallery_get_page (fixture->gallery), ==, "set");

  /* A picture of the set added later (a set still being submitted) gets its cell; a deleted one
   * loses it, and the grid closes with the last. */
  {
    g_autoptr(AtelierRecipe) klein = make_recipe ("a lighthouse");
    g_autoptr(AtelierJob) extra = NULL;
    GridCellWait rows = { grid, 3, 0, NULL };

    atelier_recipe_set_model_id (klein, "flux-2-klein-4b");
    extra = atelier_job_new (klein);
    _atelier_job_set_seed (extra, 7);
    _atelier_job_set_variation (extra, set_id, ATELIER_VARIATION_MODEL, "FLUX.2 [klein] 4B");
    /* Behind a picture opened from it, the grid looks again only when it is shown. */
    g_signal_emit_by_name (grid, "job-activated", second);
    spin (400);   /* the stack's crossfade keeps the grid on screen until it ends */
    g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (grid)));
    atelier_library_add_async (fixture->library, extra, NULL, NULL, NULL);
    spin (200);
    g_assert_cmpuint (atelier_variation_grid_get_n_rows (grid), ==, 2);
    g_signal_emit_by_name (detail, "close");
    g_assert_cmpstr (atelier_gallery_get_page (fixture->gallery), ==, "set");
    g_assert_true (atelier_test_wait_until (grid_has_rows, &rows, 5000));
    g_assert_cmpstr (atelier_variation_grid_get_row_label (grid, 2), ==, "FLUX.2 [klein] 4B");
    g_assert_null (atelier_variation_grid_get_cell (grid, 2, 1));
    g_assert_cmpstr (atelier_variation_grid_get_subtitle (grid), ==, "Models · 5 pictures");

    atelier_library_remove (fixture->library, extra);
    rows.row = 2;
    g_assert_true (atelier_test_wait_until (grid_has_rows, &rows, 5000));
    for (guint i = 0; i < jobs->len; i++)
      atelier_engine_cancel (fixture->engine, g_ptr_array_index (jobs, i));
    for (guint i = 0; i < jobs->len; i++)
      atelier_library_remove (fixture->library, g_ptr_array_index (jobs, i));
    spin (100);
    g_assert_cmpstr (atelier_gallery_get_page (fixture->gallery), !=, "set");
  }
}

static void
test_default_file_name (void)
{
  g_autoptr(AtelierRecipe) recipe = make_recipe ("A red fox in snow, golden hour: 35/mm");
  g_autoptr(AtelierJob) job = atelier_job_new (recipe);
  g_autofree char *name = atelier_detail_view_default_file_name (job);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *expected = g_strdup_printf ("%s red fox in snow golden hour", date);

  g_assert_true (g_str_has_prefix (name, expected));
  g_assert_null (strchr (name, '/'));
  g_assert_null (strchr (name, ':'));
}

int
main (int   argc,
      char *argv[])
{
  atelier_test_init (&argc, &argv);
  gtk_init ();
  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/gallery/cell/ready", test_cell_ready);
  ADD ("/gallery/fill-detail-shows-source-and-mask", test_fill_detail_shows_source_and_mask);
  ADD ("/gallery/cell/pending-and-cancel", test_cell_pending_and_cancel);
  ADD ("/gallery/cell/moderated", test_cell_moderated);
  ADD ("/gallery/cell/failed", test_cell_failed);
  ADD ("/gallery/cell/queued-and-waiting", test_cell_queued_and_waiting);
  ADD ("/gallery/cell/lost-states", test_cell_lost_states);
  ADD ("/gallery/reuse-settings", test_reuse_settings);
  ADD ("/gallery/delete-and-undo", test_delete_and_undo);
  ADD ("/gallery/restart", test_restart);
  ADD ("/gallery/search-and-filter", test_search_and_filter);
  ADD ("/gallery/scroll-back", test_scroll_back);
  ADD ("/gallery/compare-selected", test_compare_selected);
  ADD ("/gallery/detail-expand-and-weights", test_detail_expand_and_weights);
  ADD ("/gallery/keep/bulk-delete-and-undo", test_bulk_delete_and_undo);
  ADD ("/gallery/keep/keep-and-find", test_keep_and_find);
  ADD ("/gallery/keep/bulk-export", test_bulk_export);
  ADD ("/gallery/keep/drop-on-collection", test_drop_on_collection);
  ADD ("/gallery/variation-grid", test_variation_grid);
#undef ADD
  g_test_add_func ("/gallery/default-file-name", test_default_file_name);
  return g_test_run ();
}
