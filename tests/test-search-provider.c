/* test-search-provider.c — org.gnome.Shell.SearchProvider2 as GNOME Shell calls it, over D-Bus,
 * against a small library made here
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "atelier-application.h"
#include "atelier-engine-private.h"
#include "atelier-fake-bfl.h"
#include "atelier-job-private.h"
#include "atelier-library-private.h"
#include "atelier-gallery.h"
#include "atelier-search-provider.h"
#include "atelier-test-bus.h"
#include "atelier-test-utils.h"
#include "atelier-thumbnailer.h"
#include "atelier-window.h"

#define WAIT_MS 15000
#define PROVIDER_INTERFACE "org.gnome.Shell.SearchProvider2"

/* The library every test searches: made once, before any application starts. */
static char *lighthouse_id;
static char *fox_id;
static char *barn_id;
static char *balloon_id;
static char *fox_image_path;
static char *lighthouse_image_path;

typedef struct
{
  AtelierFakeBfl     *fake;
  AtelierApplication *app;
  GDBusConnection    *shell;      /* GNOME Shell's side: a connection of its own */
  char               *bus_name;
  char               *object_path;
} Fixture;

static GBytes *
make_png (guint32 rgba)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, 64, 64);
  g_autoptr(GError) error = NULL;
  char *buffer = NULL;
  gsize size = 0;

  gdk_pixbuf_fill (pixbuf, rgba);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", &error, NULL));
  g_assert_no_error (error);
  return g_bytes_new_take (buffer, size);
}

static char *
add_job (AtelierLibrary  *library,
         const char      *prompt,
         const char      *model_id,
         AtelierJobState  state)
{
  g_autoptr(AtelierRecipe) recipe = atelier_recipe_new ();
  g_autoptr(AtelierJob) job = NULL;
  g_autoptr(GAsyncResult) added = NULL;
  g_autoptr(GAsyncResult) stored = NULL;
  g_autoptr(GAsyncResult) saved = NULL;
  g_autoptr(GError) error = NULL;

  atelier_recipe_set_model_id (recipe, model_id);
  atelier_recipe_set_prompt (recipe, prompt);
  atelier_recipe_set_size (recipe, 1024, 1024);
  job = atelier_job_new (recipe);

  atelier_library_add_async (library, job, NULL, atelier_test_store_result, &added);
  g_assert_true (atelier_test_wait_until (atelier_test_result_is_set, &added, WAIT_MS));
  g_assert_true (atelier_library_add_finish (library, added, &error));
  g_assert_no_error (error);

  if (state == ATELIER_JOB_READY)
    {
      g_autoptr(GBytes) png = make_png (0x3060a0ff);

      atelier_library_store_image_async (library, job, png, "image/png", NULL, atelier_test_store_result, &stored);
      g_assert_true (atelier_test_wait_until (atelier_test_result_is_set, &stored, WAIT_MS));
      g_assert_true (atelier_library_store_image_finish (library, stored, &error));
      g_assert_no_error (error);
      _atelier_job_set_state (job, ATELIER_JOB_READY);
    }
  else
    {
      g_autoptr(GError) failure = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "Failed");

      _atelier_job_fail (job, state, failure, FALSE);
    }

  atelier_library_save_async (library, job, NULL, atelier_test_store_result, &saved);
  g_assert_true (atelier_test_wait_until (atelier_test_result_is_set, &saved, WAIT_MS));
  g_assert_true (atelier_library_save_finish (library, saved, &error));
  g_assert_no_error (error);

  if (g_strcmp0 (prompt, "A red fox in the snow") == 0)
    fox_image_path = g_file_get_path (atelier_job_get_image_file (job));
  else if (g_strcmp0 (prompt, "A lighthouse in a storm") == 0)
    lighthouse_image_path = g_file_get_path (atelier_job_get_image_file (job));

  return g_strdup (atelier_job_get_id (job));
}

static void
make_library (void)
{
  g_autoptr(AtelierLibrary) library = atelier_library_new (NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (_atelier_library_load (library, &error));
  g_assert_no_error (error);
  /* Oldest first: the newest is the barn. */
  lighthouse_id = add_job (library, "A lighthouse in a storm", "flux-2-pro", ATELIER_JOB_READY);
  balloon_id = add_job (library, "A red balloon", "flux-2-pro", ATELIER_JOB_FAILED);
  fox_id = add_job (library, "A red fox in the snow", "flux-2-pro", ATELIER_JOB_READY);
  barn_id = add_job (library, "A red barn at dusk", "flux-kontext-pro", ATELIER_JOB_READY);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  atelier_test_app_start (&fixture->fake, &fixture->app, ATELIER_FAKE_KEY_VALID);
  /* No notification server on the test bus for the picture one test makes. */
  g_settings_set_boolean (atelier_application_get_settings (fixture->app), "notify-when-done", FALSE);
  /* Test applications are NON_UNIQUE (no well-known name): the Shell would use the ID, the test
   * uses the connection's unique name; the object is the same. */
  fixture->bus_name = g_strdup (g_dbus_connection_get_unique_name (g_application_get_dbus_connection (G_APPLICATION (fixture->app))));
  fixture->object_path = g_strconcat (g_application_get_dbus_object_path (G_APPLICATION (fixture->app)),
                                      "/SearchProvider", NULL);
  fixture->shell = g_dbus_connection_new_for_address_sync (g_getenv ("DBUS_SESSION_BUS_ADDRESS"),
                                                           G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                           G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                           NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (fixture->app)); l != NULL;
       l = gtk_application_get_windows (GTK_APPLICATION (fixture->app)))
    gtk_window_destroy (l->data);
  g_clear_object (&fixture->shell);
  g_clear_pointer (&fixture->bus_name, g_free);
  g_clear_pointer (&fixture->object_path, g_free);
  atelier_test_app_stop (&fixture->fake, &fixture->app);
}

/* Calls the provider the way the Shell does, and iterates the main loop for the answer. */
static GVariant *
call (Fixture            *fixture,
      const char         *method,
      GVariant           *parameters,
      const GVariantType *reply_type)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GVariant *reply;

  g_dbus_connection_call (fixture->shell, fixture->bus_name, fixture->object_path, PROVIDER_INTERFACE,
                          method, parameters, reply_type, G_DBUS_CALL_FLAGS_NO_AUTO_START, WAIT_MS,
                          NULL, atelier_test_store_result, &result);
  g_assert_true (atelier_test_wait_until (atelier_test_result_is_set, &result, WAIT_MS));
  reply = g_dbus_connection_call_finish (fixture->shell, result, &error);
  g_assert_no_error (error);
  return reply;
}

static GVariant *
terms_variant (const char * const *terms)
{
  return g_variant_new_strv (terms, -1);
}

static GStrv
initial (Fixture            *fixture,
         const char * const *terms)
{
  g_autoptr(GVariant) reply = call (fixture, "GetInitialResultSet",
                                    g_variant_new_tuple ((GVariant *[]) { terms_variant (terms) }, 1),
                                    G_VARIANT_TYPE ("(as)"));
  GStrv ids = NULL;

  g_variant_get (reply, "(^as)", &ids);
  return ids;
}

static void
assert_ids (GStrv ids,
            ...)
{
  va_list args;
  guint i = 0;
  const char *expected;

  va_start (args, ids);
  while ((expected = va_arg (args, const char *)) != NULL)
    {
      g_assert_nonnull (ids[i]);
      g_assert_cmpstr (ids[i], ==, expected);
      i++;
    }
  va_end (args);
  g_assert_cmpuint (g_strv_length (ids), ==, i);
}

/* Asked right after start, before the library finished loading: the answer waits for it. */
static void
test_search_initial (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_auto(GStrv) red = initial (fixture, (const char *[]) { "red", NULL });
  g_auto(GStrv) red_fox = NULL;
  g_auto(GStrv) model = NULL;
  g_auto(GStrv) failed = NULL;
  g_auto(GStrv) nothing = NULL;

  /* Pictures only, newest first; the failed balloon has nothing to show. */
  assert_ids (red, barn_id, fox_id, NULL);
  /* Every term must match, ignoring case. */
  red_fox = initial (fixture, (const char *[]) { "RED", "Fox", NULL });
  assert_ids (red_fox, fox_id, NULL);
  /* The model's name is searched too. */
  model = initial (fixture, (const char *[]) { "kontext", NULL });
  assert_ids (model, barn_id, NULL);
  failed = initial (fixture, (const char *[]) { "balloon", NULL });
  assert_ids (failed, NULL);
  nothing = initial (fixture, (const char *[]) { "submarine", NULL });
  assert_ids (nothing, NULL);
}

static void
test_search_subsearch (Fixture       *fixture,
                       gconstpointer  user_data)
{
  const char *previous[] = { barn_id, fox_id, NULL };
  const char *terms[] = { "red", "barn", NULL };
  g_autoptr(GVariant) reply = NULL;
  g_auto(GStrv) ids = NULL;

  reply = call (fixture, "GetSubsearchResultSet",
                g_variant_new_tuple ((GVariant *[]) { terms_variant (previous), terms_variant (terms) }, 2),
                G_VARIANT_TYPE ("(as)"));
  g_variant_get (reply, "(^as)", &ids);
  assert_ids (ids, barn_id, NULL);
}

/* The metas carry the prompt, the model and the picture as the icon; unknown IDs are left out. */
static void
test_search_result_metas (Fixture       *fixture,
                          gconstpointer  user_data)
{
  const char *ids[] = { fox_id, "no-such-job", lighthouse_id, NULL };
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) metas = NULL;
  g_autoptr(GVariant) fox = NULL;
  g_autoptr(GVariant) serialized = NULL;
  g_autoptr(GIcon) icon = NULL;
  g_autofree char *icon_path = NULL;
  const char *text = NULL;

  g_assert_true (atelier_test_wait_until ((gboolean (*) (gpointer)) atelier_application_get_library_loaded,
                                          fixture->app, WAIT_MS));
  reply = call (fixture, "GetResultMetas",
                g_variant_new_tuple ((GVariant *[]) { terms_variant (ids) }, 1),
                G_VARIANT_TYPE ("(aa{sv})"));
  metas = g_variant_get_child_value (reply, 0);
  g_assert_cmpuint (g_variant_n_children (metas), ==, 2);

  fox = g_variant_get_child_value (metas, 0);
  g_assert_true (g_variant_lookup (fox, "id", "&s", &text));
  g_assert_cmpstr (text, ==, fox_id);
  g_assert_true (g_variant_lookup (fox, "name", "&s", &text));
  g_assert_cmpstr (text, ==, "A red fox in the snow");
  g_assert_true (g_variant_lookup (fox, "description", "&s", &text));
  g_assert_cmpstr (text, ==, "FLUX.2 [pro]");

  /* No thumbnail is cached yet: the picture itself is the icon. */
  serialized = g_variant_lookup_value (fox, "icon", NULL);
  g_assert_nonnull (serialized);
  icon = g_icon_deserialize (serialized);
  g_assert_true (G_IS_FILE_ICON (icon));
  icon_path = g_file_get_path (g_file_icon_get_file (G_FILE_ICON (icon)));
  g_assert_cmpstr (icon_path, ==, fox_image_path);
}

/* Once the gallery has made the small square thumbnail, the Shell gets that, not the picture. */
static void
test_search_result_thumbnail (Fixture       *fixture,
                              gconstpointer  user_data)
{
  const char *ids[] = { lighthouse_id, NULL };
  g_autoptr(GFile) image = g_file_new_for_path (lighthouse_image_path);
  g_autoptr(GAsyncResult) made = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) metas = NULL;
  g_autoptr(GVariant) meta = NULL;
  g_autoptr(GVariant) serialized = NULL;
  g_autoptr(GIcon) icon = NULL;
  g_autofree char *icon_path = NULL;
  g_autofree char *cache_dir = g_build_filename (g_get_user_cache_dir (), "atelier", "thumbnails", NULL);

  atelier_thumbnailer_load_async (atelier_thumbnailer_get_default (), lighthouse_id, image, NULL,
                                  atelier_test_store_result, &made);
  g_assert_true (atelier_test_wait_until (atelier_test_result_is_set, &made, WAIT_MS));
  texture = atelier_thumbnailer_load_finish (atelier_thumbnailer_get_default (), made, &error);
  g_assert_no_error (error);

  reply = call (fixture, "GetResultMetas",
                g_variant_new_tuple ((GVariant *[]) { terms_variant (ids) }, 1),
                G_VARIANT_TYPE ("(aa{sv})"));
  metas = g_variant_get_child_value (reply, 0);
  g_assert_cmpuint (g_variant_n_children (metas), ==, 1);
  meta = g_variant_get_child_value (metas, 0);
  serialized = g_variant_lookup_value (meta, "icon", NULL);
  g_assert_nonnull (serialized);
  icon = g_icon_deserialize (serialized);
  g_assert_true (G_IS_FILE_ICON (icon));
  icon_path = g_file_get_path (g_file_icon_get_file (G_FILE_ICON (icon)));
  g_assert_true (g_str_has_prefix (icon_path, cache_dir));
  g_assert_true (g_file_test (icon_path, G_FILE_TEST_IS_REGULAR));
}

static gboolean
job_ready (gpointer data)
{
  return atelier_job_get_state (data) == ATELIER_JOB_READY;
}

/* A picture that finishes after a search was answered is found by the next one: the library's
 * items did not change, only the job's state. */
static void
test_search_finished_later (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(AtelierRecipe) recipe = atelier_recipe_new ();
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) before = NULL;
  g_auto(GStrv) after = NULL;
  AtelierEngine *engine;
  AtelierJob *job;

  g_assert_true (atelier_test_wait_until ((gboolean (*) (gpointer)) atelier_application_get_key_resolved,
                                          fixture->app, WAIT_MS));
  g_assert_true (atelier_test_wait_until ((gboolean (*) (gpointer)) atelier_application_get_library_loaded,
                                          fixture->app, WAIT_MS));
  engine = atelier_application_get_engine (fixture->app);
  _atelier_engine_set_timing (engine, 40, 40);
  atelier_fake_bfl_set_task_time (fixture->fake, 600);
  atelier_recipe_set_model_id (recipe, "flux-2-pro");
  atelier_recipe_set_prompt (recipe, "A harbour at night");
  atelier_recipe_set_size (recipe, 512, 512);
  jobs = atelier_engine_generate (engine, recipe, 1, &error);
  g_assert_no_error (error);
  job = g_ptr_array_index (jobs, 0);

  before = initial (fixture, (const char *[]) { "harbour", NULL });
  g_assert_cmpint (atelier_job_get_state (job), !=, ATELIER_JOB_READY);
  assert_ids (before, NULL);

  g_assert_true (atelier_test_wait_until (job_ready, job, WAIT_MS));
  after = initial (fixture, (const char *[]) { "harbour", NULL });
  assert_ids (after, atelier_job_get_id (job), NULL);
}

static gboolean
detail_shown (gpointer data)
{
  AtelierGallery *gallery = atelier_test_app_get_gallery (((Fixture *) data)->app);

  return gallery != NULL && g_strcmp0 (atelier_gallery_get_page (gallery), "detail") == 0;
}

/* Activating a result opens Atelier at that picture. */
static void
test_search_activate_result (Fixture       *fixture,
                             gconstpointer  user_data)
{
  const char *terms[] = { "fox", NULL };
  g_autoptr(GVariant) reply = NULL;
  AtelierJob *shown;

  g_assert_null (gtk_application_get_active_window (GTK_APPLICATION (fixture->app)));
  reply = call (fixture, "ActivateResult", g_variant_new ("(s@asu)", fox_id, terms_variant (terms), 0),
                NULL);
  g_assert_true (atelier_test_wait_until (detail_shown, fixture, WAIT_MS));
  shown = atelier_detail_view_get_job (atelier_gallery_get_detail_view (atelier_test_app_get_gallery (fixture->app)));
  g_assert_cmpstr (atelier_job_get_id (shown), ==, fox_id);
}

/* "Search in Atelier" opens the gallery filtered by the terms. */
static void
test_search_launch_search (Fixture       *fixture,
                           gconstpointer  user_data)
{
  const char *terms[] = { "red", "fox", NULL };
  g_autoptr(GVariant) reply = NULL;
  AtelierGallery *gallery;
  GtkEditable *entry;

  g_assert_true (atelier_test_wait_until ((gboolean (*) (gpointer)) atelier_application_get_library_loaded,
                                          fixture->app, WAIT_MS));
  reply = call (fixture, "LaunchSearch", g_variant_new ("(@asu)", terms_variant (terms), 0), NULL);
  gallery = atelier_test_app_get_gallery (fixture->app);
  g_assert_nonnull (gallery);
  entry = GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (gallery), ATELIER_TYPE_GALLERY, "search_entry"));
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "red fox");
  g_assert_cmpuint (g_list_model_get_n_items (atelier_gallery_get_model (gallery)), ==, 1);
}

/* The installed files, as a fresh session would find them: the D-Bus service (its Exec pointed at
 * this build) and the search provider's .ini, whose BusName and ObjectPath the Shell calls. */
static char *provider_bus_name;
static char *provider_object_path;

static char *
read_build_file (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("ATELIER_BUILD_DIR"), "data", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  return contents;
}

static char *
prepare_service_dir (void)
{
  g_autofree char *service_name = g_strconcat (APPLICATION_ID, ".service", NULL);
  g_autofree char *ini_name = g_strconcat (APPLICATION_ID, ".search-provider.ini", NULL);
  g_autofree char *service = read_build_file (service_name);
  g_autofree char *ini = read_build_file (ini_name);
  g_autoptr(GKeyFile) service_keys = g_key_file_new ();
  g_autoptr(GKeyFile) ini_keys = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *exec = NULL;
  g_autofree char *desktop_id = NULL;
  g_autofree char *dir = g_build_filename (atelier_test_get_tmp_dir (), "services", NULL);
  g_autofree char *local = NULL;
  g_autofree char *local_path = NULL;

  g_assert_true (g_key_file_load_from_data (service_keys, service, -1, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  name = g_key_file_get_string (service_keys, "D-BUS Service", "Name", NULL);
  exec = g_key_file_get_string (service_keys, "D-BUS Service", "Exec", NULL);
  g_assert_cmpstr (name, ==, APPLICATION_ID);
  g_assert_true (g_str_has_suffix (exec, "/atelier --gapplication-service"));

  g_assert_true (g_key_file_load_from_data (ini_keys, ini, -1, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  provider_bus_name = g_key_file_get_string (ini_keys, "Shell Search Provider", "BusName", NULL);
  provider_object_path = g_key_file_get_string (ini_keys, "Shell Search Provider", "ObjectPath", NULL);
  desktop_id = g_key_file_get_string (ini_keys, "Shell Search Provider", "DesktopId", NULL);
  g_assert_cmpstr (provider_bus_name, ==, APPLICATION_ID);
  g_assert_cmpstr (desktop_id, ==, APPLICATION_ID ".desktop");
  g_assert_cmpint (g_key_file_get_integer (ini_keys, "Shell Search Provider", "Version", NULL), ==, 2);

  /* The same service, started from this build instead of the install prefix. */
  g_mkdir_with_parents (dir, 0700);
  local = g_strdup_printf ("[D-BUS Service]\nName=%s\nExec=%s/src/atelier --gapplication-service\n",
                           name, g_getenv ("ATELIER_BUILD_DIR"));
  local_path = g_build_filename (dir, service_name, NULL);
  g_assert_true (g_file_set_contents (local_path, local, -1, NULL));
  return g_steal_pointer (&dir);
}

static gboolean
name_has_no_owner (gpointer data)
{
  g_autoptr(GVariant) reply = NULL;

  reply = g_dbus_connection_call_sync (data, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", provider_bus_name), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  return reply != NULL && !g_variant_get_boolean (g_variant_get_child_value (reply, 0));
}

static gboolean
keep_looking (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Atelier is not running: the Shell's call starts it through D-Bus, from the installed service
 * file, at the path the installed .ini names, and it answers from the library on disk. */
static void
test_search_dbus_activated (void)
{
  g_autoptr(GDBusConnection) shell = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) quit = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *app_path = NULL;
  g_auto(GStrv) ids = NULL;
  const char *terms[] = { "red", NULL };
  guint tick;

  shell = g_dbus_connection_new_for_address_sync (g_getenv ("DBUS_SESSION_BUS_ADDRESS"),
                                                  G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                  G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                  NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (name_has_no_owner (shell));

  g_dbus_connection_call (shell, provider_bus_name, provider_object_path, PROVIDER_INTERFACE,
                          "GetInitialResultSet", g_variant_new_tuple ((GVariant *[]) { terms_variant (terms) }, 1),
                          G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE, 60000, NULL,
                          atelier_test_store_result, &result);
  g_assert_true (atelier_test_wait_until (atelier_test_result_is_set, &result, 60000));
  reply = g_dbus_connection_call_finish (shell, result, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(^as)", &ids);
  assert_ids (ids, barn_id, fox_id, NULL);

  /* Done: quit it the way any GApplication is asked to. */
  app_path = g_strndup (provider_object_path, strlen (provider_object_path) - strlen ("/SearchProvider"));
  quit = g_dbus_connection_call_sync (shell, provider_bus_name, app_path, "org.gtk.Actions", "Activate",
                                      g_variant_new ("(sava{sv})", "quit", NULL, NULL), NULL,
                                      G_DBUS_CALL_FLAGS_NO_AUTO_START, WAIT_MS, NULL, &error);
  g_assert_no_error (error);
  /* Nothing in this process wakes the main loop when another one exits: look every 100 ms. */
  tick = g_timeout_add (100, keep_looking, NULL);
  g_assert_true (atelier_test_wait_until (name_has_no_owner, shell, WAIT_MS));
  g_source_remove (tick);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *service_dir = NULL;

  atelier_test_init (&argc, &argv);
  /* Hold the display from the start: Xvfb resets when its last client leaves, and the instance
   * D-Bus starts would otherwise be that client, its exit racing this process's first window. */
  gtk_init ();
  service_dir = prepare_service_dir ();
  atelier_test_start_private_bus_with_services (service_dir);
  make_library ();

  g_test_add_func ("/search-provider/dbus-activated", test_search_dbus_activated);
  g_test_add ("/search-provider/initial", Fixture, NULL, fixture_set_up, test_search_initial, fixture_tear_down);
  g_test_add ("/search-provider/subsearch", Fixture, NULL, fixture_set_up, test_search_subsearch, fixture_tear_down);
  g_test_add ("/search-provider/result-metas", Fixture, NULL, fixture_set_up, test_search_result_metas, fixture_tear_down);
  g_test_add ("/search-provider/result-thumbnail", Fixture, NULL, fixture_set_up, test_search_result_thumbnail, fixture_tear_down);
  g_test_add ("/search-provider/finished-later", Fixture, NULL, fixture_set_up, test_search_finished_later, fixture_tear_down);
  g_test_add ("/search-provider/activate-result", Fixture, NULL, fixture_set_up, test_search_activate_result, fixture_tear_down);
  g_test_add ("/search-provider/launch-search", Fixture, NULL, fixture_set_up, test_search_launch_search, fixture_tear_down);
  return g_test_run ();
}
