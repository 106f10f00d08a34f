/* test-lineage-view.c — the detail view's lineage: parents and children, what changed, the
 * upsampled prompt as a diff; after a restart, and for records older than lineage
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <adwaita.h>

#include "atelier-detail-view.h"
#include "atelier-job-private.h"
#include "atelier-library-private.h"
#include "atelier-test-utils.h"

static AtelierJob *
add_job (AtelierLibrary *library,
         const char     *model_id,
         const char     *prompt,
         gint64          seed)
{
  g_autoptr(AtelierRecipe) recipe = atelier_recipe_new ();
  AtelierJob *job;

  atelier_recipe_set_model_id (recipe, model_id);
  atelier_recipe_set_prompt (recipe, prompt);
  atelier_recipe_set_size (recipe, 1024, 1024);
  job = atelier_job_new (recipe);
  _atelier_job_set_seed (job, seed);
  return job;
}

static void
save (AtelierLibrary *library,
      AtelierJob     *job)
{
  g_autoptr(GAsyncResult) result = NULL;

  atelier_library_add_async (library, job, NULL, atelier_test_store_result, &result);
  g_assert_true (atelier_test_wait_until (atelier_test_result_is_set, &result, 10000));
  g_assert_true (atelier_library_add_finish (library, result, NULL));
}

/* Every label's text (markup as set) and every lineage button's name, in order. */
static void
collect (GtkWidget *widget,
         GString   *out)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    g_string_append_printf (out, "[%s]", gtk_label_get_label (GTK_LABEL (widget)));
  if (GTK_IS_BUTTON (widget) && gtk_widget_has_css_class (widget, "lineage-thumbnail"))
    g_string_append_printf (out, "<%s>", gtk_widget_get_tooltip_text (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, out);
}

static GtkWidget *
find_lineage_button (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_has_css_class (widget, "lineage-thumbnail"))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_lineage_button (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  AtelierDetailView *view;
  const char        *job_id;
} ShowsJob;

static gboolean
shows_job (gpointer data)
{
  ShowsJob *wait = data;
  AtelierJob *job = atelier_detail_view_get_job (wait->view);

  return job != NULL && g_strcmp0 (atelier_job_get_id (job), wait->job_id) == 0;
}

static void
assert_contains (const char *text,
                 const char *fragment)
{
  if (strstr (text, fragment) == NULL)
    g_error ("“%s” not in: %s", fragment, text);
}

static void
test_lineage_after_restart (void)
{
  g_autofree char *path = g_build_filename (atelier_test_get_tmp_dir (), "lineage-view", NULL);
  g_autoptr(GFile) dir = g_file_new_for_path (path);
  g_autoptr(AtelierLibrary) library = atelier_library_new (dir);
  g_autoptr(AtelierLibrary) reloaded = NULL;
  g_autoptr(AtelierJob) parent = NULL;
  g_autoptr(AtelierJob) child = NULL;
  g_autoptr(AtelierJob) old = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *parent_id = NULL;
  g_autofree char *child_id = NULL;
  AtelierDetailView *view;
  GtkWindow *window;
  GtkWidget *button;

  g_assert_true (_atelier_library_load (library, &error));
  old = add_job (library, "flux-2-pro", "an old picture", 5);   /* no lineage: as before */
  save (library, old);
  parent = add_job (library, "flux-2-pro", "a red fox in snow", 1);
  save (library, parent);
  parent_id = g_strdup (atelier_job_get_id (parent));
  child = add_job (library, "flux-2-max", "a blue <fox> in snow", 2);
  _atelier_job_add_parent (child, parent_id, ATELIER_RELATION_REGENERATE);
  _atelier_job_set_upsampled_prompt (child, "a vivid blue <fox> in deep snow");
  save (library, child);
  child_id = g_strdup (atelier_job_get_id (child));
  g_clear_object (&library);

  /* A restart: everything below comes from the records on disk. */
  reloaded = atelier_library_new (dir);
  g_assert_true (_atelier_library_load (reloaded, &error));
  g_assert_no_error (error);

  window = GTK_WINDOW (gtk_window_new ());
  view = g_object_new (ATELIER_TYPE_DETAIL_VIEW, NULL);
  gtk_window_set_child (window, GTK_WIDGET (view));
  gtk_window_set_default_size (window, 1000, 700);
  atelier_detail_view_set_services (view, reloaded, NULL);
  gtk_window_present (window);

  atelier_detail_view_set_job (view, atelier_test_lookup (reloaded, child_id));
  collect (GTK_WIDGET (view), text);
  assert_contains (text->str, "[Made From]<Regenerated from: a red fox in snow>");
  assert_contains (text->str, "[What Changed]");
  /* The prompt's words, escaped, with the change marked: the brackets around "fox" are marks of
   * their own, the word stays. */
  assert_contains (text->str, "a <span strikethrough=\"true\" background=\"#e01b24\" bgalpha=\"25%\">red</span> "
                              "<span underline=\"single\" background=\"#2ec27e\" bgalpha=\"30%\">blue &lt;</span>fox"
                              "<span underline=\"single\" background=\"#2ec27e\" bgalpha=\"30%\">&gt;</span> in snow");
  assert_contains (text->str, "Model: FLUX.2 [pro] → FLUX.2 [max]");
  assert_contains (text->str, "Seed: 1 → 2");
  g_assert_null (strstr (text->str, "Size:"));
  /* What upsampling did, against the prompt typed. */
  assert_contains (text->str, "[Prompt as BFL expanded it]");
  assert_contains (text->str, "<span underline=\"single\" background=\"#2ec27e\" bgalpha=\"30%\">vivid</span>");
  assert_contains (text->str, "<span underline=\"single\" background=\"#2ec27e\" bgalpha=\"30%\">deep</span>");

  /* The thumbnail is a named button that opens the parent, where the child shows. */
  button = find_lineage_button (GTK_WIDGET (view));
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_focusable (button) || gtk_widget_get_focus_on_click (button));
  g_signal_emit_by_name (button, "clicked");
  /* The click runs detail.show-job with the parent's id. */
  g_assert_true (atelier_test_wait_until (shows_job, &(ShowsJob) { view, parent_id }, 5000));
  g_assert_cmpstr (atelier_job_get_id (atelier_detail_view_get_job (view)), ==, parent_id);
  g_string_truncate (text, 0);
  collect (GTK_WIDGET (view), text);
  assert_contains (text->str, "[Made From This]<Made from this: a blue <fox> in snow>");
  g_assert_null (strstr (text->str, "[What Changed]"));

  /* A record from before lineage: no lineage rows, nothing else missing. */
  atelier_detail_view_set_job (view, atelier_test_lookup (reloaded, atelier_job_get_id (old)));
  g_string_truncate (text, 0);
  collect (GTK_WIDGET (view), text);
  assert_contains (text->str, "[an old picture]");
  g_assert_null (strstr (text->str, "Made From"));

  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  atelier_test_init (&argc, &argv);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/lineage-view/after-restart", test_lineage_after_restart);

  return g_test_run ();
}
