/* atelier-test-utils.c
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <stdlib.h>

#include "atelier-resources.h"
#include "atelier-test-utils.h"

static char *tmp_dir;

void
atelier_test_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_SYMLINK) || !g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_unlink (path);
      return;
    }

  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      atelier_test_rm_rf (child);
    }
  g_rmdir (path);
}

static void
remove_tmp_dir (void)
{
  if (tmp_dir != NULL && g_getenv ("ATELIER_TEST_KEEP_TMP") == NULL)
    atelier_test_rm_rf (tmp_dir);
  g_clear_pointer (&tmp_dir, g_free);
}

void
atelier_test_init (int    *argc,
                   char ***argv)
{
  g_autoptr(GError) error = NULL;
  const char *subdirs[] = { "data", "config", "cache", "runtime" };
  const char *vars[] = { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR" };

  tmp_dir = g_dir_make_tmp ("atelier-test-XXXXXX", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
    {
      g_autofree char *path = g_build_filename (tmp_dir, subdirs[i], NULL);
      g_mkdir_with_parents (path, 0700);
      g_setenv (vars[i], path, TRUE);
    }
  g_setenv ("HOME", tmp_dir, TRUE);
  g_unsetenv ("BFL_API_KEY");
  g_unsetenv ("ATELIER_ENDPOINT");
  if (g_getenv ("GSETTINGS_BACKEND") == NULL)
    g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  atexit (remove_tmp_dir);

  g_test_init (argc, argv, NULL);
  atelier_resources_ensure ();
}

const char *
atelier_test_get_tmp_dir (void)
{
  return tmp_dir;
}

static gboolean
on_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
atelier_test_wait_until (gboolean (*condition) (gpointer data),
                         gpointer  data,
                         guint     timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, on_timeout, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);

  return condition (data);
}

static gboolean
flag_is_set (gpointer data)
{
  return *(gboolean *) data;
}

gboolean
atelier_test_wait_for_flag (gboolean *flag,
                            guint     timeout_ms)
{
  return atelier_test_wait_until (flag_is_set, flag, timeout_ms);
}

AtelierJob *
atelier_test_lookup (AtelierLibrary *library,
                     const char     *job_id)
{
  GPtrArray *held = g_object_get_data (G_OBJECT (library), "atelier-test-held");
  AtelierJob *job = atelier_library_dup_job (library, job_id);

  if (job == NULL)
    return NULL;
  if (held == NULL)
    {
      held = g_ptr_array_new_with_free_func (g_object_unref);
      g_object_set_data_full (G_OBJECT (library), "atelier-test-held", held,
                              (GDestroyNotify) g_ptr_array_unref);
    }
  g_ptr_array_add (held, job);
  return job;
}

void
atelier_test_store_result (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

gboolean
atelier_test_result_is_set (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

AtelierRecipe *
atelier_test_recipe_new (const char *prompt)
{
  AtelierRecipe *recipe = atelier_recipe_new ();

  atelier_recipe_set_model_id (recipe, "flux-2-pro");
  atelier_recipe_set_prompt (recipe, prompt);
  atelier_recipe_set_size (recipe, 1024, 1024);
  return recipe;
}
