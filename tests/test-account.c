/* test-account.c — first run, the balance in the header bar, and the banners a person can act on
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <adwaita.h>
#include <glib/gstdio.h>

#include "atelier-application.h"
#include "atelier-credits-button.h"
#include "atelier-engine-private.h"
#include "atelier-error.h"
#include "atelier-fake-bfl.h"
#include "atelier-job-private.h"
#include "atelier-test-bus.h"
#include "atelier-test-utils.h"
#include "atelier-window.h"

#define WAIT_MS 10000

#define KEY_BANNER_START     "Atelier needs a BFL API key to generate images. Keys are made in the "
#define CREDITS_BANNER_TITLE "Out of credits. Add credits in the BFL dashboard, then retry the refused jobs."
#define AUTH_BANNER_TITLE    "Your key was rejected by BFL. Check it or add a new one."
#define AUTH_BANNER_ENV      "Your key was rejected by BFL. It comes from BFL_API_KEY: check that variable."
#define OFFLINE_BANNER_TITLE "You are offline — waiting jobs will continue when the connection returns"

typedef struct
{
  AtelierFakeBfl     *fake;
  AtelierApplication *app;
  AtelierWindow      *window;
} Fixture;

static gboolean
key_resolved (gpointer data)
{
  return atelier_application_get_key_resolved (data);
}

static void
fixture_start (Fixture    *fixture,
               const char *environment_key)
{
  atelier_test_app_start (&fixture->fake, &fixture->app, environment_key);

  fixture->window = g_object_ref_sink (atelier_window_new (fixture->app));
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (atelier_test_wait_until (key_resolved, fixture->app, WAIT_MS));
}

static void
fixture_stop (Fixture *fixture)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  atelier_test_app_stop (&fixture->fake, &fixture->app);
}

static GtkWidget *
window_child (Fixture    *fixture,
              const char *id)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (fixture->window), ATELIER_TYPE_WINDOW, id);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

/* The banner whose title starts with `start` (every banner exists from the start, hidden). */
static AtelierBanner *
find_banner (Fixture    *fixture,
             const char *start)
{
  GtkWidget *box = window_child (fixture, "banner_box");

  for (GtkWidget *banner = gtk_widget_get_first_child (box);
       banner != NULL;
       banner = gtk_widget_get_next_sibling (banner))
    {
      if (ATELIER_IS_BANNER (banner)
          && g_str_has_prefix (atelier_banner_get_title (ATELIER_BANNER (banner)), start))
        return ATELIER_BANNER (banner);
    }

  g_error ("No banner starts with “%s”", start);
}

static guint
count_revealed_banners (Fixture *fixture)
{
  GtkWidget *box = window_child (fixture, "banner_box");
  guint n = 0;

  for (GtkWidget *banner = gtk_widget_get_first_child (box);
       banner != NULL;
       banner = gtk_widget_get_next_sibling (banner))
    if (ATELIER_IS_BANNER (banner) && atelier_banner_get_revealed (ATELIER_BANNER (banner)))
      n++;

  return n;
}

static AtelierCreditsButton *
credits_button (Fixture *fixture)
{
  return ATELIER_CREDITS_BUTTON (window_child (fixture, "credits_button"));
}

typedef struct
{
  Fixture    *fixture;
  const char *text;
} TextWait;

static gboolean
credits_text_is (gpointer data)
{
  TextWait *wait = data;

  return g_strcmp0 (atelier_credits_button_get_text (credits_button (wait->fixture)), wait->text) == 0;
}

static void
assert_credits_text (Fixture    *fixture,
                     const char *text)
{
  TextWait wait = { fixture, text };

  if (!atelier_test_wait_until (credits_text_is, &wait, WAIT_MS))
    g_assert_cmpstr (atelier_credits_button_get_text (credits_button (fixture)), ==, text);
}

static gboolean
banner_revealed (gpointer data)
{
  return atelier_banner_get_revealed (data);
}

static gboolean
banner_hidden (gpointer data)
{
  return !atelier_banner_get_revealed (data);
}

static void
test_first_run (void)
{
  Fixture fixture = { 0 };
  AtelierBanner *banner;
  const char *label;

  fixture_start (&fixture, NULL);

  /* What Atelier needs, why, and where to get it. */
  banner = find_banner (&fixture, KEY_BANNER_START);
  g_assert_true (atelier_banner_get_revealed (banner));
  g_assert_true (strstr (atelier_banner_get_title (banner), "https://dashboard.bfl.ai") != NULL);
  g_object_get (banner, "button-label", &label, NULL);
  g_assert_cmpstr (label, ==, "Add Key…");
  g_free ((char *) label);

  /* Nothing else shouts (but the fake's custom endpoint notice); no balance without a key; the
   * composer stays usable. */
  g_assert_cmpuint (count_revealed_banners (&fixture), ==, 2);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (credits_button (&fixture))));
  g_assert_true (gtk_widget_is_sensitive (window_child (&fixture, "composer")));

  /* A key (as Preferences' Save sets it) folds the banner and shows the balance. */
  atelier_client_set_key (atelier_application_get_client (fixture.app), ATELIER_FAKE_KEY_VALID);
  g_assert_false (atelier_banner_get_revealed (banner));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (credits_button (&fixture))));
  assert_credits_text (&fixture, "1,234.5 credits · $12.35");

  /* Removing it brings the banner back. */
  atelier_client_set_key (atelier_application_get_client (fixture.app), NULL);
  g_assert_true (atelier_banner_get_revealed (banner));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (credits_button (&fixture))));

  fixture_stop (&fixture);
}

static void
test_credits_refresh (void)
{
  Fixture fixture = { 0 };
  AtelierEngine *engine;
  g_autoptr(AtelierJob) job = NULL;
  const char *tooltip;

  fixture_start (&fixture, ATELIER_FAKE_KEY_VALID);
  engine = atelier_application_get_engine (fixture.app);

  /* At start, once the key is known. */
  assert_credits_text (&fixture, "1,234.5 credits · $12.35");
  g_assert_false (atelier_banner_get_revealed (find_banner (&fixture, KEY_BANNER_START)));
  tooltip = atelier_credits_button_get_tooltip (credits_button (&fixture));
  g_assert_nonnull (strstr (tooltip, "Spent this session: 0 credits · $0.00"));

  /* After a job finished (the spending went to BFL). */
  atelier_fake_bfl_set_credits (fixture.fake, ATELIER_FAKE_KEY_VALID, 1000);
  job = atelier_job_new (atelier_recipe_new ());
  g_signal_emit_by_name (engine, "job-finished", job);
  assert_credits_text (&fixture, "1,000 credits · $10.00");

  /* On demand: a click. */
  atelier_fake_bfl_set_credits (fixture.fake, ATELIER_FAKE_KEY_VALID, 987.6);
  g_signal_emit_by_name (credits_button (&fixture), "clicked");
  assert_credits_text (&fixture, "987.6 credits · $9.88");
  g_assert_cmpfloat (atelier_credits_button_get_credits (credits_button (&fixture)), ==, 987.6);

  /* Never a key in the clear in what the button says. */
  g_assert_null (strstr (atelier_credits_button_get_tooltip (credits_button (&fixture)), ATELIER_FAKE_KEY_VALID));

  fixture_stop (&fixture);
}

static void
test_job_errors_raise_banners (void)
{
  Fixture fixture = { 0 };
  AtelierEngine *engine;
  AtelierBanner *credits;
  AtelierBanner *auth;
  g_autoptr(AtelierJob) job = NULL;
  g_autoptr(GError) error_402 = g_error_new_literal (ATELIER_ERROR, ATELIER_ERROR_OUT_OF_CREDITS,
                                                     "Insufficient credits.");
  g_autoptr(GError) error_403 = g_error_new_literal (ATELIER_ERROR, ATELIER_ERROR_AUTH,
                                                     "Not authenticated - Invalid Authentication");
  g_autoptr(GError) error_429 = g_error_new_literal (ATELIER_ERROR, ATELIER_ERROR_RATE_LIMITED,
                                                     "Too many active tasks.");
  char *label = NULL;

  fixture_start (&fixture, ATELIER_FAKE_KEY_VALID);
  engine = atelier_application_get_engine (fixture.app);
  assert_credits_text (&fixture, "1,234.5 credits · $12.35");
  credits = find_banner (&fixture, CREDITS_BANNER_TITLE);
  auth = find_banner (&fixture, "Your key was rejected by BFL.");
  g_assert_false (atelier_banner_get_revealed (credits));
  g_assert_false (atelier_banner_get_revealed (auth));
  job = atelier_job_new (atelier_recipe_new ());

  /* 429 is BFL's queue, not the person's problem: no banner. */
  g_signal_emit_by_name (engine, "job-error", job, error_429);
  g_assert_cmpuint (count_revealed_banners (&fixture), ==, 1);  /* the custom endpoint's notice */

  g_signal_emit_by_name (engine, "job-error", job, error_402);
  g_assert_true (atelier_banner_get_revealed (credits));
  g_assert_cmpstr (atelier_banner_get_title (credits), ==, CREDITS_BANNER_TITLE);
  g_object_get (credits, "button-label", &label, NULL);
  g_assert_cmpstr (label, ==, "Add Credits…");
  g_clear_pointer (&label, g_free);

  g_signal_emit_by_name (engine, "job-error", job, error_403);
  g_assert_true (atelier_banner_get_revealed (auth));
  /* The key came from the environment, so Preferences cannot fix it: the banner says where it is. */
  g_assert_cmpstr (atelier_banner_get_title (auth), ==, AUTH_BANNER_ENV);
  g_object_get (auth, "button-label", &label, NULL);
  g_assert_cmpstr (label, ==, "Preferences");
  g_clear_pointer (&label, g_free);

  /* A successful balance call clears both. */
  g_signal_emit_by_name (credits_button (&fixture), "clicked");
  g_assert_true (atelier_test_wait_until (banner_hidden, auth, WAIT_MS));
  g_assert_false (atelier_banner_get_revealed (credits));

  fixture_stop (&fixture);
}

static gboolean
job_failed (gpointer data)
{
  return atelier_job_get_state (data) == ATELIER_JOB_FAILED;
}

static void
test_refused_generate_raises_banner (void)
{
  Fixture fixture = { 0 };
  g_autoptr(AtelierRecipe) recipe = atelier_recipe_new ();
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;
  AtelierBanner *credits;
  AtelierJob *job;

  /* One credit left: the balance is fine, the next FLUX.2 [pro] image (3 credits) is refused. */
  fixture_start (&fixture, ATELIER_FAKE_KEY_VALID);
  atelier_fake_bfl_set_credits (fixture.fake, ATELIER_FAKE_KEY_VALID, 1);
  g_signal_emit_by_name (credits_button (&fixture), "clicked");
  assert_credits_text (&fixture, "1 credit · $0.01");
  credits = find_banner (&fixture, CREDITS_BANNER_TITLE);
  g_assert_false (atelier_banner_get_revealed (credits));

  atelier_recipe_set_model_id (recipe, "flux-2-pro");
  atelier_recipe_set_prompt (recipe, "a red fox in fresh snow");
  atelier_recipe_set_size (recipe, 1024, 1024);
  jobs = atelier_engine_generate (atelier_application_get_engine (fixture.app), recipe, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (jobs->len, ==, 1);
  job = g_ptr_array_index (jobs, 0);

  g_assert_true (atelier_test_wait_until (banner_revealed, credits, WAIT_MS));
  g_assert_cmpstr (atelier_banner_get_title (credits), ==, CREDITS_BANNER_TITLE);
  /* The refused job stays, and may be retried once credits are added. */
  g_assert_true (atelier_test_wait_until (job_failed, job, WAIT_MS));
  g_assert_true (atelier_job_get_retryable (job));

  /* Credits bought: the next balance clears the banner. */
  atelier_fake_bfl_set_credits (fixture.fake, ATELIER_FAKE_KEY_VALID, 500);
  g_signal_emit_by_name (credits_button (&fixture), "clicked");
  g_assert_true (atelier_test_wait_until (banner_hidden, credits, WAIT_MS));

  fixture_stop (&fixture);
}

typedef struct
{
  Fixture    *fixture;
  const char *needle;
} TooltipWait;

static gboolean
tooltip_contains (gpointer data)
{
  TooltipWait *wait = data;
  const char *tooltip = atelier_credits_button_get_tooltip (credits_button (wait->fixture));

  return tooltip != NULL && strstr (tooltip, wait->needle) != NULL;
}

static void
test_spent_this_session (void)
{
  Fixture fixture = { 0 };
  g_autoptr(AtelierRecipe) recipe = atelier_recipe_new ();
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;
  AtelierEngine *engine;
  TooltipWait wait = { &fixture, "Spent this session: 3 credits · $0.03" };

  fixture_start (&fixture, ATELIER_FAKE_KEY_VALID);
  engine = atelier_application_get_engine (fixture.app);
  _atelier_engine_set_timing (engine, 50, 50);
  atelier_fake_bfl_set_task_time (fixture.fake, 100);
  assert_credits_text (&fixture, "1,234.5 credits · $12.35");

  /* One FLUX.2 [pro] image at 1 MP: the server reports 3 credits and takes them. */
  atelier_recipe_set_model_id (recipe, "flux-2-pro");
  atelier_recipe_set_prompt (recipe, "a red fox in fresh snow");
  atelier_recipe_set_size (recipe, 1024, 1024);
  jobs = atelier_engine_generate (engine, recipe, 1, &error);
  g_assert_no_error (error);

  /* What this session spent, from the server's reported cost; the balance follows by itself. */
  if (!atelier_test_wait_until (tooltip_contains, &wait, WAIT_MS))
    g_assert_cmpstr (atelier_credits_button_get_tooltip (credits_button (&fixture)), ==, wait.needle);
  assert_credits_text (&fixture, "1,231.5 credits · $12.32");

  fixture_stop (&fixture);
}

static void
test_rejected_key_at_start (void)
{
  Fixture fixture = { 0 };
  AtelierBanner *auth;

  fixture_start (&fixture, NULL);
  atelier_client_set_key (atelier_application_get_client (fixture.app), "bfl_revoked_key");

  auth = find_banner (&fixture, "Your key was rejected by BFL.");
  g_assert_true (atelier_test_wait_until (banner_revealed, auth, WAIT_MS));
  g_assert_cmpstr (atelier_banner_get_title (auth), ==, AUTH_BANNER_TITLE);
  g_assert_cmpstr (atelier_credits_button_get_text (credits_button (&fixture)), ==, "Balance unavailable");
  g_assert_nonnull (strstr (atelier_credits_button_get_tooltip (credits_button (&fixture)),
                            "Could not get the balance: "));

  /* A key BFL accepts clears it. */
  atelier_client_set_key (atelier_application_get_client (fixture.app), ATELIER_FAKE_KEY_VALID);
  g_signal_emit_by_name (credits_button (&fixture), "clicked");
  g_assert_true (atelier_test_wait_until (banner_hidden, auth, WAIT_MS));
  assert_credits_text (&fixture, "1,234.5 credits · $12.35");

  fixture_stop (&fixture);
}

static void
test_empty_account_at_start (void)
{
  Fixture fixture = { 0 };
  AtelierBanner *credits;

  fixture_start (&fixture, ATELIER_FAKE_KEY_NO_CREDITS);

  /* The balance says 0 before any Generate is refused. */
  credits = find_banner (&fixture, CREDITS_BANNER_TITLE);
  g_assert_true (atelier_test_wait_until (banner_revealed, credits, WAIT_MS));
  assert_credits_text (&fixture, "0 credits · $0.00");

  fixture_stop (&fixture);
}

static void
test_offline_banner (void)
{
  Fixture fixture = { 0 };
  AtelierEngine *engine;
  AtelierBanner *offline;

  fixture_start (&fixture, ATELIER_FAKE_KEY_VALID);
  engine = atelier_application_get_engine (fixture.app);
  offline = find_banner (&fixture, OFFLINE_BANNER_TITLE);

  /* ATELIER_ASSUME_ONLINE=1 here: online from the start. */
  g_assert_false (atelier_banner_get_revealed (offline));

  atelier_engine_set_online (engine, FALSE);
  g_assert_true (atelier_banner_get_revealed (offline));
  g_assert_cmpstr (atelier_banner_get_title (offline), ==, OFFLINE_BANNER_TITLE);

  atelier_engine_set_online (engine, TRUE);
  g_assert_false (atelier_banner_get_revealed (offline));

  fixture_stop (&fixture);
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

static void
test_copy_folder (void)
{
  Fixture fixture = { 0 };
  g_autofree char *folder = g_build_filename (atelier_test_get_tmp_dir (), "copies", NULL);
  g_autofree char *source_path = g_build_filename (atelier_test_get_tmp_dir (), "finished.png", NULL);
  g_autofree char *copy_path = g_build_filename (folder, "finished.png", NULL);
  g_autofree char *refused_path = g_build_filename (atelier_test_get_tmp_dir (), "refused.png", NULL);
  g_autofree char *refused_copy = g_build_filename (folder, "refused.png", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GFile) source = g_file_new_for_path (source_path);
  g_autoptr(GFile) refused_file = g_file_new_for_path (refused_path);
  g_autoptr(AtelierJob) ready = NULL;
  g_autoptr(AtelierJob) failed = NULL;
  g_autoptr(GError) error = NULL;
  AtelierEngine *engine;

  fixture_start (&fixture, ATELIER_FAKE_KEY_VALID);
  engine = atelier_application_get_engine (fixture.app);
  g_mkdir_with_parents (folder, 0700);
  g_assert_true (g_file_set_contents (source_path, "not really a png", -1, NULL));
  g_assert_true (g_file_set_contents (refused_path, "never copied", -1, NULL));
  g_settings_set_string (atelier_application_get_settings (fixture.app), "copy-folder", folder);

  /* A job that did not end READY is not copied. */
  failed = atelier_job_new (atelier_recipe_new ());
  _atelier_job_set_image_file (failed, refused_file, "image/png", 64, 64);
  error = g_error_new_literal (ATELIER_ERROR, ATELIER_ERROR_SERVER, "BFL had a problem.");
  _atelier_job_fail (failed, ATELIER_JOB_FAILED, error, FALSE);
  g_signal_emit_by_name (engine, "job-finished", failed);

  ready = atelier_job_new (atelier_recipe_new ());
  _atelier_job_set_image_file (ready, source, "image/png", 64, 64);
  _atelier_job_set_state (ready, ATELIER_JOB_READY);
  g_signal_emit_by_name (engine, "job-finished", ready);

  g_assert_true (atelier_test_wait_until (file_exists, copy_path, WAIT_MS));
  g_assert_true (g_file_get_contents (copy_path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "not really a png");
  g_assert_false (g_file_test (refused_copy, G_FILE_TEST_EXISTS));

  g_settings_reset (atelier_application_get_settings (fixture.app), "copy-folder");
  fixture_stop (&fixture);
}

int
main (int   argc,
      char *argv[])
{
  atelier_test_init (&argc, &argv);

  /* No Secret Service: keys are kept for the session only (test-keyring.c covers the real one). */
  atelier_test_start_private_bus ();
  g_setenv ("ATELIER_ASSUME_ONLINE", "1", TRUE);

  g_test_add_func ("/account/first-run", test_first_run);
  g_test_add_func ("/account/credits-refresh", test_credits_refresh);
  g_test_add_func ("/account/job-errors-raise-banners", test_job_errors_raise_banners);
  g_test_add_func ("/account/spent-this-session", test_spent_this_session);
  g_test_add_func ("/account/refused-generate-raises-banner", test_refused_generate_raises_banner);
  g_test_add_func ("/account/rejected-key-at-start", test_rejected_key_at_start);
  g_test_add_func ("/account/empty-account-at-start", test_empty_account_at_start);
  g_test_add_func ("/account/offline-banner", test_offline_banner);
  g_test_add_func ("/account/copy-folder", test_copy_folder);

  return g_test_run ();
}
