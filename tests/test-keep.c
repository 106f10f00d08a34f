/* test-keep.c — keeping and finding: favourites and collections survive a restart, the gallery's
 * scope and search predicates, exporting under names that never clash
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>

#include "atelier-collections.h"
#include "atelier-error.h"
#include "atelier-export.h"
#include "atelier-image-metadata.h"
#include "atelier-job-private.h"
#include "atelier-library-private.h"
#include "atelier-scope.h"
#include "atelier-search.h"
#include "atelier-test-utils.h"

static guint damaged_warnings;

/* The warning about a damaged collections file is expected (it comes from a worker thread). */
static GLogWriterOutput
log_writer (GLogLevelFlags   log_level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  gboolean ours = FALSE;

  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].value != NULL &&
        g_str_has_prefix (fields[i].value, "The collections file is damaged"))
      ours = TRUE;
  if (ours && (log_level & G_LOG_LEVEL_WARNING))
    {
      damaged_warnings++;
      return G_LOG_WRITER_HANDLED;
    }
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static GFile *
new_dir (const char *what)
{
  static guint counter;
  g_autofree char *name = g_strdup_printf ("%s-%u", what, ++counter);

  return g_file_new_build_filename (atelier_test_get_tmp_dir (), name, NULL);
}

static void
count_signal (guint *counter)
{
  (*counter)++;
}

static gboolean
collections_idle (gpointer data)
{
  return !atelier_collections_get_busy (ATELIER_COLLECTIONS (data));
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (atelier_collections_load_finish (ATELIER_COLLECTIONS (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static AtelierCollections *
load_collections (GFile *dir)
{
  AtelierCollections *collections = atelier_collections_new (dir);
  gboolean done = FALSE;

  atelier_collections_load_async (collections, NULL, on_loaded, &done);
  g_assert_true (atelier_test_wait_for_flag (&done, 5000));
  return collections;
}

static void
test_collections_persist (void)
{
  g_autoptr(GFile) dir = new_dir ("collections");
  g_autoptr(AtelierCollections) collections = load_collections (dir);
  g_autoptr(AtelierCollections) reloaded = NULL;
  g_autoptr(AtelierCollections) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *foxes = NULL;
  g_autofree char *cats = NULL;
  g_autofree char *dup = NULL;
  guint changes = 0;

  g_assert_cmpuint (atelier_collections_get_n_items (collections), ==, 0);

  foxes = atelier_collections_create (collections, "  Foxes ", &error);
  g_assert_no_error (error);
  cats = atelier_collections_create (collections, "Cats", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (atelier_collections_lookup_name (collections, foxes), ==, "Foxes");

  /* Bad names are refused with a reason, and nothing changes. */
  dup = atelier_collections_create (collections, "foxes", &error);
  g_assert_null (dup);
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_VALIDATION);
  g_clear_error (&error);
  g_assert_null (atelier_collections_create (collections, "   ", &error));
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_VALIDATION);
  g_clear_error (&error);
  g_assert_false (atelier_collections_rename (collections, cats, "FOXES", &error));
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_VALIDATION);
  g_clear_error (&error);
  /* Its own name in another case is fine. */
  g_assert_true (atelier_collections_rename (collections, foxes, "foxes", &error));
  g_assert_no_error (error);
  g_assert_true (atelier_collections_rename (collections, cats, "Cats on sofas", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (atelier_collections_get_n_items (collections), ==, 2);
  g_assert_true (atelier_test_wait_until (collections_idle, collections, 5000));

  reloaded = load_collections (dir);
  g_assert_cmpuint (atelier_collections_get_n_items (reloaded), ==, 2);
  g_assert_cmpstr (atelier_collections_get_id (reloaded, 0), ==, foxes);
  g_assert_cmpstr (atelier_collections_get_name (reloaded, 0), ==, "foxes");
  g_assert_cmpstr (atelier_collections_get_name (reloaded, 1), ==, "Cats on sofas");

  /* Delete, then Undo: back in its place, under the same id. */
  g_signal_connect_swapped (reloaded, "changed", G_CALLBACK (count_signal), &changes);
  g_assert_true (atelier_collections_delete (reloaded, foxes));
  g_assert_null (atelier_collections_lookup_name (reloaded, foxes));
  atelier_collections_restore (reloaded, foxes, "foxes", 0);
  g_assert_cmpstr (atelier_collections_get_id (reloaded, 0), ==, foxes);
  g_assert_cmpuint (changes, ==, 2);
  g_assert_true (atelier_collections_delete (reloaded, cats));
  g_assert_true (atelier_test_wait_until (collections_idle, reloaded, 5000));

  again = load_collections (dir);
  g_assert_cmpuint (atelier_collections_get_n_items (again), ==, 1);
  g_assert_cmpstr (atelier_collections_get_name (again, 0), ==, "foxes");
}

static void
test_collections_damaged_file_kept (void)
{
  g_autoptr(GFile) dir = new_dir ("collections-damaged");
  g_autofree char *path = g_build_filename (g_file_peek_path (dir), "collections.json", NULL);
  g_autoptr(AtelierCollections) collections = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *name;
  gboolean aside = FALSE;

  g_mkdir_with_parents (g_file_peek_path (dir), 0700);
  g_assert_true (g_file_set_contents (path, "{\"collections\": [{\"id\": ", -1, NULL));
  damaged_warnings = 0;
  collections = load_collections (dir);
  g_assert_cmpuint (damaged_warnings, ==, 1);
  g_assert_cmpuint (atelier_collections_get_n_items (collections), ==, 0);

  /* The damaged names are set aside, not overwritten by the next write. */
  listing = g_dir_open (g_file_peek_path (dir), 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    aside |= g_str_has_prefix (name, "collections.json.damaged-");
  g_assert_true (aside);
}

static gboolean
library_idle (gpointer data)
{
  AtelierLibrary *library = data;

  return g_hash_table_size (library->queues) == 0;
}

static void
test_favourites_and_membership_persist (void)
{
  g_autoptr(GFile) dir = new_dir ("library");
  g_autoptr(AtelierLibrary) library = atelier_library_new (dir);
  g_autoptr(AtelierLibrary) reopened = NULL;
  g_autoptr(AtelierRecipe) recipe = atelier_test_recipe_new ("A red fox in snow");
  g_autoptr(AtelierJob) fox = atelier_job_new (recipe);
  g_autoptr(AtelierJob) plain = atelier_job_new (recipe);
  g_autoptr(GError) error = NULL;
  g_autofree char *record = NULL;
  g_autofree char *record_path = NULL;
  AtelierJob *loaded;
  guint notified = 0;

  g_assert_true (_atelier_library_load (library, &error));
  atelier_library_add_async (library, fox, NULL, NULL, NULL);
  atelier_library_add_async (library, plain, NULL, NULL, NULL);
  g_assert_true (atelier_test_wait_until (library_idle, library, 5000));

  g_signal_connect_swapped (fox, "notify::favourite", G_CALLBACK (count_signal), &notified);
  atelier_library_set_favourite (library, fox, TRUE);
  atelier_library_set_favourite (library, fox, TRUE);
  g_assert_cmpuint (notified, ==, 1);
  atelier_library_set_in_collection (library, fox, "c-one", TRUE);
  atelier_library_set_in_collection (library, fox, "c-two", TRUE);
  atelier_library_set_in_collection (library, fox, "c-one", TRUE);
  g_assert_cmpstrv (atelier_job_get_collections (fox), ((const char *[]) { "c-one", "c-two", NULL }));
  g_assert_true (atelier_test_wait_until (library_idle, library, 5000));

  /* "favourite": true in the record; a job that is neither names neither. */
  record_path = _atelier_library_record_path (library->jobs_path, atelier_job_get_id (fox));
  g_assert_true (g_file_get_contents (record_path, &record, NULL, NULL));
  g_assert_nonnull (strstr (record, "\"favourite\":true"));
  g_free (record);
  g_free (record_path);
  record_path = _atelier_library_record_path (library->jobs_path, atelier_job_get_id (plain));
  g_assert_true (g_file_get_contents (record_path, &record, NULL, NULL));
  g_assert_null (strstr (record, "favourite"));
  g_assert_null (strstr (record, "collections"));

  reopened = atelier_library_new (dir);
  g_assert_true (_atelier_library_load (reopened, &error));
  g_assert_no_error (error);
  loaded = atelier_test_lookup (reopened, atelier_job_get_id (fox));
  g_assert_true (atelier_job_get_favourite (loaded));
  g_assert_cmpstrv (atelier_job_get_collections (loaded), ((const char *[]) { "c-one", "c-two", NULL }));
  loaded = atelier_test_lookup (reopened, atelier_job_get_id (plain));
  g_assert_false (atelier_job_get_favourite (loaded));
  g_assert_null (atelier_job_get_collections (loaded));

  /* Taken out again, and a deleted collection forgotten everywhere. */
  loaded = atelier_test_lookup (reopened, atelier_job_get_id (fox));
  atelier_library_set_favourite (reopened, loaded, FALSE);
  atelier_library_set_in_collection (reopened, loaded, "c-two", FALSE);
  g_assert_cmpuint (atelier_library_forget_collection (reopened, "c-one"), ==, 1);
  g_assert_null (atelier_job_get_collections (loaded));
  g_assert_true (atelier_test_wait_until (library_idle, reopened, 5000));
  g_clear_object (&reopened);

  reopened = atelier_library_new (dir);
  g_assert_true (_atelier_library_load (reopened, &error));
  loaded = atelier_test_lookup (reopened, atelier_job_get_id (fox));
  g_assert_false (atelier_job_get_favourite (loaded));
  g_assert_null (atelier_job_get_collections (loaded));
}

static void
test_old_record_loads (void)
{
  const char *text = "{\"version\":1,\"id\":\"old-job\",\"state\":\"ready\","
                     "\"recipe\":{\"model\":\"flux-2-pro\",\"prompt\":\"old\"},"
                     "\"favourite\":\"yes\",\"collections\":[3,\"c\"],\"set_id\":\"s-1\"}";
  g_autoptr(JsonNode) node = json_from_string (text, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierJob) job = atelier_job_new_from_json (node, &error);

  /* Mistyped members read as their defaults; the good parts stay. */
  g_assert_no_error (error);
  g_assert_false (atelier_job_get_favourite (job));
  g_assert_cmpstrv (atelier_job_get_collections (job), ((const char *[]) { "c", NULL }));
  g_assert_cmpstr (atelier_job_get_set_id (job), ==, "s-1");
}

static void
test_scope (void)
{
  const char *in_a[] = { "a", "b", NULL };
  AtelierScope scope = { 0 };
  g_autofree char *text = NULL;

  atelier_scope_parse (&scope, "all");
  g_assert_true (atelier_scope_matches (&scope, FALSE, NULL, NULL));
  g_assert_true (atelier_scope_matches (NULL, FALSE, NULL, NULL));

  atelier_scope_parse (&scope, "favourites");
  g_assert_true (atelier_scope_matches (&scope, TRUE, NULL, NULL));
  g_assert_false (atelier_scope_matches (&scope, FALSE, in_a, "s"));

  atelier_scope_parse (&scope, "collection:b");
  g_assert_cmpint (scope.kind, ==, ATELIER_SCOPE_COLLECTION);
  g_assert_true (atelier_scope_matches (&scope, FALSE, in_a, NULL));
  g_assert_false (atelier_scope_matches (&scope, TRUE, NULL, NULL));
  text = atelier_scope_to_string (&scope);
  g_assert_cmpstr (text, ==, "collection:b");

  atelier_scope_parse (&scope, "set:s-1");
  g_assert_true (atelier_scope_matches (&scope, FALSE, NULL, "s-1"));
  g_assert_false (atelier_scope_matches (&scope, FALSE, NULL, "s-2"));
  g_assert_false (atelier_scope_matches (&scope, TRUE, in_a, NULL));

  /* Nonsense reads as everything, never as nothing. */
  atelier_scope_parse (&scope, "collection:");
  g_assert_cmpint (scope.kind, ==, ATELIER_SCOPE_ALL);
  atelier_scope_parse (&scope, "bogus");
  g_assert_true (atelier_scope_matches (&scope, FALSE, NULL, NULL));
  atelier_scope_clear (&scope);
}

static gboolean
search (const char *query,
        const char *prompt,
        gint64      seed,
        const char * const *collections)
{
  g_auto(GStrv) terms = atelier_search_fold_terms (query);

  return atelier_search_matches ((const char * const *) terms, prompt, "FLUX.2 [pro]", "flux-2-pro",
                                 seed, collections);
}

static void
test_search (void)
{
  const char *collections[] = { "Winter Series", "Keepers", NULL };

  g_assert_null (atelier_search_fold_terms ("  \t "));
  g_assert_true (search ("", "A red fox", 7, NULL));
  g_assert_true (search (NULL, "A red fox", 7, NULL));

  /* Case-insensitive, every term somewhere, in any order. */
  g_assert_true (search ("FOX red", "A red fox in snow", -1, NULL));
  g_assert_false (search ("fox giraffe", "A red fox in snow", -1, NULL));
  /* The model by name and by id, the seed whole, collection names. */
  g_assert_true (search ("fox pro", "A red fox", -1, NULL));
  g_assert_true (search ("[PRO]", "A red fox", -1, NULL));
  g_assert_true (search ("flux-2-pro", "A red fox", -1, NULL));
  g_assert_false (search ("max", "A red fox", -1, NULL));
  g_assert_true (search ("1234567", "A red fox", 1234567, NULL));
  g_assert_false (search ("123", "A red fox", 1234567, NULL));
  g_assert_false (search ("1234567", "A red fox", -1, NULL));
  g_assert_true (search ("winter fox", "A red fox", -1, collections));
  g_assert_true (search ("keepers", "A cat", -1, collections));
  g_assert_false (search ("summer", "A cat", -1, collections));
  /* Unicode folding: "STRASSE" and "straße", composed and decomposed accents. */
  g_assert_true (search ("STRASSE", "Eine Straße im Regen", -1, NULL));
  g_assert_true (search ("cafe\xcc\x81", "Un caf\xc3\xa9 à Paris", -1, NULL));
  g_assert_true (search ("", NULL, -1, NULL));
  g_assert_false (search ("giraffe", NULL, -1, NULL));
}

static GBytes *
make_png (void)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 16, 16);
  char *buffer = NULL;
  gsize size = 0;

  gdk_pixbuf_fill (pixbuf, 0x336600ff);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", NULL, NULL));
  return g_bytes_new_take (buffer, size);
}

static void
test_export_names_never_clash (void)
{
  g_autoptr(GFile) dir = new_dir ("export");
  g_autoptr(GFile) source = g_file_get_child (dir, "source.png");
  g_autoptr(GFile) folder = g_file_get_child (dir, "out");
  g_autoptr(GFile) existing = g_file_get_child (folder, "fox.png");
  g_autoptr(GBytes) png = make_png ();
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) atelier_export_item_free);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autoptr(GBytes) untouched = NULL;
  g_autofree char *settings = NULL;
  g_autoptr(GFile) missing = g_file_get_child (dir, "missing.png");
  g_autoptr(GFile) third = g_file_get_child (folder, "fox (3).png");
  guint n_failed = 99;

  g_assert_true (g_file_make_directory_with_parents (folder, NULL, NULL));
  g_assert_true (g_file_replace_contents (source, g_bytes_get_data (png, NULL), g_bytes_get_size (png),
                                          NULL, FALSE, 0, NULL, NULL, NULL));
  g_assert_true (g_file_replace_contents (existing, "mine", 4, NULL, FALSE, 0, NULL, NULL, NULL));

  g_ptr_array_add (items, atelier_export_item_new (source, "fox.png", "{\"generator\":\"Atelier\"}"));
  g_ptr_array_add (items, atelier_export_item_new (source, "fox.png", "{\"generator\":\"Atelier\"}"));
  g_ptr_array_add (items, atelier_export_item_new (missing, "gone.png", "{}"));
  atelier_export_async (folder, g_steal_pointer (&items), NULL, atelier_test_store_result, &result);
  g_assert_true (atelier_test_wait_until (atelier_test_result_is_set, &result, 5000));

  g_assert_cmpuint (atelier_export_finish (result, &n_failed, &error), ==, 2);
  g_assert_cmpuint (n_failed, ==, 1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  /* The user's own file untouched; ours beside it, with the settings inside. */
  untouched = g_file_load_bytes (existing, NULL, NULL, NULL);
  g_assert_cmpmem (g_bytes_get_data (untouched, NULL), g_bytes_get_size (untouched), "mine", 4);
  {
    g_autoptr(GFile) two = g_file_get_child (folder, "fox (2).png");

    second = g_file_load_bytes (two, NULL, NULL, NULL);
    g_assert_nonnull (second);
    settings = atelier_image_metadata_read (second, NULL);
    g_assert_cmpstr (settings, ==, "{\"generator\":\"Atelier\"}");
  }
  g_assert_true (g_file_query_exists (third, NULL));
  {
    g_autoptr(GFile) gone = g_file_get_child (folder, "gone.png");

    g_assert_false (g_file_query_exists (gone, NULL));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_log_set_writer_func (log_writer, NULL, NULL);
  atelier_test_init (&argc, &argv);

  g_test_add_func ("/keep/collections/persist", test_collections_persist);
  g_test_add_func ("/keep/collections/damaged-file-kept", test_collections_damaged_file_kept);
  g_test_add_func ("/keep/favourites-and-membership-persist", test_favourites_and_membership_persist);
  g_test_add_func ("/keep/old-record-loads", test_old_record_loads);
  g_test_add_func ("/keep/scope", test_scope);
  g_test_add_func ("/keep/search", test_search);
  g_test_add_func ("/keep/export-names-never-clash", test_export_names_never_clash);
  return g_test_run ();
}
