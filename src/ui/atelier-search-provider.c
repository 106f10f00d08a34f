/* atelier-search-provider.c
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Atelier-Search"

#include "config.h"

#include <string.h>

#include "atelier-catalog.h"
#include "atelier-search-provider.h"
#include "atelier-thumbnailer.h"
#include "atelier-window.h"

#define INTERFACE_RESOURCE RESOURCE_PATH "/dbus/org.gnome.Shell.SearchProvider2.xml"
#define INTERFACE_NAME     "org.gnome.Shell.SearchProvider2"
/* A name is one line of the prompt; GNOME Shell ellipsizes it further. */
#define NAME_CHARS         200

/* The library as searched: its jobs, referenced on the main thread (one pointer each: cheap
 * for 100,000 jobs), and their texts folded for matching once, in a worker thread, under `lock`.
 * A job's ID and recipe never change, so a worker may read them; its state does change, so
 * whether it is a finished picture is asked on the main thread, of the matches only. */
typedef struct
{
  gatomicrefcount  ref_count;
  GMutex           lock;
  GPtrArray       *jobs;      /* AtelierJob, newest first */
  char           **folded;    /* prompt, model name and model ID per job; NULL until folded */
} Snapshot;

struct _AtelierSearchProvider
{
  GObject             parent_instance;

  AtelierApplication *application;   /* weak: the application owns the provider */
  GDBusConnection    *connection;
  guint               registration_id;
  Snapshot           *snapshot;      /* NULL until needed, and after the library changed */
  GPtrArray          *waiting;       /* GDBusMethodInvocation: calls before the library loaded */
  GCancellable       *cancellable;
};

G_DEFINE_FINAL_TYPE (AtelierSearchProvider, atelier_search_provider, G_TYPE_OBJECT)

/* Snapshots */

static Snapshot *
snapshot_ref (Snapshot *snapshot)
{
  g_atomic_ref_count_inc (&snapshot->ref_count);
  return snapshot;
}

static void
snapshot_unref (Snapshot *snapshot)
{
  if (!g_atomic_ref_count_dec (&snapshot->ref_count))
    return;
  if (snapshot->folded != NULL)
    for (guint i = 0; i < snapshot->jobs->len; i++)
      g_free (snapshot->folded[i]);
  g_free (snapshot->folded);
  g_ptr_array_unref (snapshot->jobs);
  g_mutex_clear (&snapshot->lock);
  g_free (snapshot);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Snapshot, snapshot_unref)

/* Lower case without accents' compatibility forms; most prompts are ASCII, which is folded
 * without the (slow) Unicode normalization. The same folding for texts and terms. */
static char *
fold (const char *text)
{
  g_autofree char *normalized = NULL;

  if (g_str_is_ascii (text))
    return g_ascii_strdown (text, -1);
  normalized = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);
  return g_utf8_casefold (normalized != NULL ? normalized : "", -1);
}

static Snapshot *
snapshot_new (AtelierLibrary *library)
{
  Snapshot *snapshot = g_new0 (Snapshot, 1);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (library));

  g_atomic_ref_count_init (&snapshot->ref_count);
  g_mutex_init (&snapshot->lock);
  snapshot->jobs = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (snapshot->jobs, g_list_model_get_item (G_LIST_MODEL (library), i));

  return snapshot;
}

/* Worker thread. */
static void
snapshot_ensure_folded (Snapshot *snapshot)
{
  AtelierCatalog *catalog = atelier_catalog_get_default ();

  g_mutex_lock (&snapshot->lock);
  if (snapshot->folded == NULL)
    {
      snapshot->folded = g_new0 (char *, snapshot->jobs->len + 1);
      for (guint i = 0; i < snapshot->jobs->len; i++)
        {
          AtelierRecipe *recipe = atelier_job_get_recipe (g_ptr_array_index (snapshot->jobs, i));
          const char *prompt = atelier_recipe_get_prompt (recipe);
          const char *model_id = atelier_recipe_get_model_id (recipe);
          AtelierModel *model = model_id != NULL ? atelier_catalog_lookup (catalog, model_id) : NULL;
          g_autofree char *text = g_strjoin ("\n",
                                             prompt != NULL ? prompt : "",
                                             model != NULL ? atelier_model_get_name (model) : "",
                                             model_id != NULL ? model_id : "",
                                             NULL);

          snapshot->folded[i] = fold (text);
        }
    }
  g_mutex_unlock (&snapshot->lock);
}

/* Worker thread: the positions of the jobs whose text holds every term, newest first. */
static GArray *
snapshot_search (Snapshot           *snapshot,
                 const char * const *terms,
                 GCancellable       *cancellable)
{
  g_autoptr(GArray) matches = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) folded_terms = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; terms != NULL && terms[i] != NULL; i++)
    if (*terms[i] != '\0')
      g_ptr_array_add (folded_terms, fold (terms[i]));
  if (folded_terms->len == 0)
    return g_steal_pointer (&matches);

  snapshot_ensure_folded (snapshot);
  for (guint i = 0; i < snapshot->jobs->len; i++)
    {
      gboolean match = TRUE;

      if (i % 4096 == 0 && g_cancellable_is_cancelled (cancellable))
        break;

      for (guint t = 0; t < folded_terms->len && match; t++)
        match = strstr (snapshot->folded[i], g_ptr_array_index (folded_terms, t)) != NULL;
      if (match)
        g_array_append_val (matches, i);
    }

  return g_steal_pointer (&matches);
}

static void
on_library_items_changed (AtelierSearchProvider *self)
{
  g_clear_pointer (&self->snapshot, snapshot_unref);
}

static Snapshot *
get_snapshot (AtelierSearchProvider *self)
{
  if (self->snapshot == NULL)
    self->snapshot = snapshot_new (atelier_application_get_library (self->application));
  return snapshot_ref (self->snapshot);
}

/* Searching */

typedef struct
{
  Snapshot *snapshot;
  GStrv     terms;
} SearchData;

static void
search_data_free (gpointer data)
{
  SearchData *search = data;

  snapshot_unref (search->snapshot);
  g_strfreev (search->terms);
  g_free (search);
}

static void
search_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SearchData *search = task_data;

  g_task_return_pointer (task, snapshot_search (search->snapshot, (const char * const *) search->terms, cancellable),
                         (GDestroyNotify) g_array_unref);
}

static void
on_searched (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GDBusMethodInvocation) invocation = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) matches = g_task_propagate_pointer (G_TASK (result), &error);
  AtelierSearchProvider *self = ATELIER_SEARCH_PROVIDER (source);
  SearchData *search = g_task_get_task_data (G_TASK (result));

  if (matches == NULL)
    {
      g_dbus_method_invocation_return_gerror (g_steal_pointer (&invocation), error);
    }
  else
    {
      g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
      g_auto(GStrv) strv = NULL;
      guint n_results = 0;

      /* Finished pictures only: a failed or running job has nothing to show. */
      for (guint i = 0; i < matches->len && n_results < ATELIER_SEARCH_PROVIDER_MAX_RESULTS; i++)
        {
          AtelierJob *job = g_ptr_array_index (search->snapshot->jobs, g_array_index (matches, guint, i));

          if (atelier_job_get_state (job) == ATELIER_JOB_READY)
            {
              g_strv_builder_add (ids, atelier_job_get_id (job));
              n_results++;
            }
        }
      strv = g_strv_builder_end (ids);
      g_dbus_method_invocation_return_value (g_steal_pointer (&invocation), g_variant_new ("(^as)", strv));
    }
  if (self->application != NULL)
    g_application_release (G_APPLICATION (self->application));
}

static void
start_search (AtelierSearchProvider *self,
              GDBusMethodInvocation *invocation,
              const char * const    *terms)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, on_searched, g_object_ref (invocation));
  SearchData *search = g_new0 (SearchData, 1);

  search->snapshot = get_snapshot (self);
  search->terms = g_strdupv ((char **) terms);
  g_task_set_task_data (task, search, search_data_free);
  g_task_set_source_tag (task, start_search);
  /* Released when the answer is sent: a D-Bus-started instance stays while it is asked. */
  g_application_hold (G_APPLICATION (self->application));
  g_task_run_in_thread (task, search_thread);
}

/* Result metas: what the main thread knows, then the thumbnails looked up in a worker thread. */

typedef struct
{
  char  *id;
  char  *name;
  char  *description;
  GFile *image;
} Meta;

static void
meta_clear (gpointer data)
{
  Meta *meta = data;

  g_free (meta->id);
  g_free (meta->name);
  g_free (meta->description);
  g_clear_object (&meta->image);
}

typedef struct
{
  GArray             *metas;        /* Meta */
  AtelierThumbnailer *thumbnailer;
} MetasData;

static void
metas_data_free (gpointer data)
{
  MetasData *metas = data;

  g_array_unref (metas->metas);
  g_object_unref (metas->thumbnailer);
  g_free (metas);
}

static char *
first_line (const char *text)
{
  g_autofree char *line = g_strstrip (g_strdup (text != NULL ? text : ""));
  char *newline = strchr (line, '\n');

  if (newline != NULL)
    *newline = '\0';
  if (g_utf8_strlen (line, -1) > NAME_CHARS)
    {
      g_autofree char *start = g_utf8_substring (line, 0, NAME_CHARS - 1);

      return g_strconcat (start, "…", NULL);
    }
  return g_steal_pointer (&line);
}

static void
metas_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  MetasData *data = task_data;
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; i < data->metas->len; i++)
    {
      Meta *meta = &g_array_index (data->metas, Meta, i);
      g_autoptr(GFile) thumbnail = NULL;
      g_autoptr(GIcon) icon = NULL;
      g_autoptr(GVariant) serialized = NULL;

      g_variant_builder_open (&builder, G_VARIANT_TYPE ("a{sv}"));
      g_variant_builder_add (&builder, "{sv}", "id", g_variant_new_string (meta->id));
      g_variant_builder_add (&builder, "{sv}", "name", g_variant_new_string (meta->name));
      if (meta->description != NULL)
        g_variant_builder_add (&builder, "{sv}", "description", g_variant_new_string (meta->description));

      /* The gallery's small square thumbnail when it is cached, else the picture itself. */
      if (meta->image != NULL)
        {
          thumbnail = atelier_thumbnailer_find_cached_file (data->thumbnailer, meta->id, meta->image, cancellable);
          icon = g_file_icon_new (thumbnail != NULL ? thumbnail : meta->image);
        }
      else
        {
          icon = g_themed_icon_new ("image-x-generic");
        }
      serialized = g_icon_serialize (icon);
      if (serialized != NULL)
        g_variant_builder_add (&builder, "{sv}", "icon", serialized);
      g_variant_builder_close (&builder);
    }

  g_task_return_pointer (task, g_variant_ref_sink (g_variant_new ("(aa{sv})", &builder)),
                         (GDestroyNotify) g_variant_unref);
}

static void
on_metas (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GDBusMethodInvocation) invocation = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_task_propagate_pointer (G_TASK (result), &error);
  AtelierSearchProvider *self = ATELIER_SEARCH_PROVIDER (source);

  if (reply == NULL)
    g_dbus_method_invocation_return_gerror (g_steal_pointer (&invocation), error);
  else
    g_dbus_method_invocation_return_value (g_steal_pointer (&invocation), reply);
  if (self->application != NULL)
    g_application_release (G_APPLICATION (self->application));
}

static void
get_result_metas (AtelierSearchProvider *self,
                  GDBusMethodInvocation *invocation,
                  const char * const    *ids)
{
  AtelierLibrary *library = atelier_application_get_library (self->application);
  AtelierCatalog *catalog = atelier_catalog_get_default ();
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, on_metas, g_object_ref (invocation));
  MetasData *data = g_new0 (MetasData, 1);

  data->metas = g_array_new (FALSE, TRUE, sizeof (Meta));
  g_array_set_clear_func (data->metas, meta_clear);
  data->thumbnailer = g_object_ref (atelier_thumbnailer_get_default ());

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      AtelierJob *job = atelier_library_lookup (library, ids[i]);
      AtelierRecipe *recipe;
      AtelierModel *model;
      GFile *image;
      Meta meta = { NULL, };

      /* Deleted since the search: Shell shows what is left. */
      if (job == NULL)
        continue;
      recipe = atelier_job_get_recipe (job);
      model = atelier_recipe_get_model_id (recipe) != NULL
              ? atelier_catalog_lookup (catalog, atelier_recipe_get_model_id (recipe)) : NULL;
      image = atelier_job_get_image_file (job);

      meta.id = g_strdup (ids[i]);
      meta.name = first_line (atelier_recipe_get_prompt (recipe));
      meta.description = g_strdup (model != NULL ? atelier_model_get_name (model)
                                                 : atelier_recipe_get_model_id (recipe));
      meta.image = image != NULL ? g_object_ref (image) : NULL;
      g_array_append_val (data->metas, meta);
    }

  g_task_set_task_data (task, data, metas_data_free);
  g_task_set_source_tag (task, get_result_metas);
  g_application_hold (G_APPLICATION (self->application));
  g_task_run_in_thread (task, metas_thread);
}

/* Opening */

static void
launch_search (AtelierSearchProvider *self,
               const char * const    *terms)
{
  g_autofree char *text = g_strjoinv (" ", (char **) terms);
  GtkWindow *window;

  g_application_activate (G_APPLICATION (self->application));
  window = gtk_application_get_active_window (GTK_APPLICATION (self->application));
  if (ATELIER_IS_WINDOW (window))
    atelier_window_search (ATELIER_WINDOW (window), text);
}

/* D-Bus */

static void
handle_call (AtelierSearchProvider *self,
             GDBusMethodInvocation *invocation)
{
  const char *method = g_dbus_method_invocation_get_method_name (invocation);
  GVariant *parameters = g_dbus_method_invocation_get_parameters (invocation);

  if (g_strcmp0 (method, "GetInitialResultSet") == 0)
    {
      g_autofree const char **terms = NULL;

      g_variant_get (parameters, "(^a&s)", &terms);
      start_search (self, invocation, terms);
    }
  else if (g_strcmp0 (method, "GetSubsearchResultSet") == 0)
    {
      g_autofree const char **previous = NULL;
      g_autofree const char **terms = NULL;

      /* A fresh scan costs what filtering the previous results would, and stays right when
       * those were cut at the maximum. */
      g_variant_get (parameters, "(^a&s^a&s)", &previous, &terms);
      start_search (self, invocation, terms);
    }
  else if (g_strcmp0 (method, "GetResultMetas") == 0)
    {
      g_autofree const char **ids = NULL;

      g_variant_get (parameters, "(^a&s)", &ids);
      get_result_metas (self, invocation, ids);
    }
  else if (g_strcmp0 (method, "ActivateResult") == 0)
    {
      const char *id = NULL;

      g_variant_get (parameters, "(&s@asu)", &id, NULL, NULL);
      g_action_group_activate_action (G_ACTION_GROUP (self->application), "show-job",
                                      g_variant_new_string (id));
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_strcmp0 (method, "LaunchSearch") == 0)
    {
      g_autofree const char **terms = NULL;

      g_variant_get (parameters, "(^a&su)", &terms, NULL);
      launch_search (self, terms);
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else
    {
      g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD,
                                             "Unknown method %s", method);
    }
}

static void
on_library_loaded (AtelierSearchProvider *self)
{
  g_autoptr(GPtrArray) waiting = NULL;

  if (self->application == NULL || !atelier_application_get_library_loaded (self->application))
    return;

  g_signal_connect_object (atelier_application_get_library (self->application), "items-changed",
                           G_CALLBACK (on_library_items_changed), self, G_CONNECT_SWAPPED);
  g_clear_pointer (&self->snapshot, snapshot_unref);

  waiting = g_steal_pointer (&self->waiting);
  self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < waiting->len; i++)
    {
      handle_call (self, g_ptr_array_index (waiting, i));
      g_application_release (G_APPLICATION (self->application));
    }
}

static void
on_method_call (GDBusConnection       *connection,
                const char            *sender,
                const char            *object_path,
                const char            *interface_name,
                const char            *method_name,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  AtelierSearchProvider *self = user_data;

  if (self->application == NULL)
    {
      g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_FAILED,
                                             "Atelier is quitting");
      return;
    }

  /* A D-Bus-started instance is asked before its library finished loading. */
  if (!atelier_application_get_library_loaded (self->application))
    {
      g_application_hold (G_APPLICATION (self->application));
      g_ptr_array_add (self->waiting, g_object_ref (invocation));
      return;
    }

  handle_call (self, invocation);
}

static const GDBusInterfaceVTable vtable = { on_method_call, NULL, NULL, { NULL, } };

gboolean
atelier_search_provider_register (AtelierSearchProvider  *self,
                                  GDBusConnection        *connection,
                                  const char             *object_path,
                                  GError                **error)
{
  g_autoptr(GBytes) xml = NULL;
  g_autoptr(GDBusNodeInfo) node = NULL;

  g_return_val_if_fail (ATELIER_IS_SEARCH_PROVIDER (self), FALSE);
  g_return_val_if_fail (G_IS_DBUS_CONNECTION (connection), FALSE);
  g_return_val_if_fail (self->registration_id == 0, FALSE);

  xml = g_resources_lookup_data (INTERFACE_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (xml == NULL)
    return FALSE;
  node = g_dbus_node_info_new_for_xml (g_bytes_get_data (xml, NULL), error);
  if (node == NULL)
    return FALSE;

  self->registration_id = g_dbus_connection_register_object (connection, object_path,
                                                             g_dbus_node_info_lookup_interface (node, INTERFACE_NAME),
                                                             &vtable, self, NULL, error);
  if (self->registration_id == 0)
    return FALSE;
  self->connection = g_object_ref (connection);
  return TRUE;
}

void
atelier_search_provider_unregister (AtelierSearchProvider *self)
{
  g_return_if_fail (ATELIER_IS_SEARCH_PROVIDER (self));

  if (self->registration_id != 0)
    g_dbus_connection_unregister_object (self->connection, self->registration_id);
  self->registration_id = 0;
  g_clear_object (&self->connection);
}

AtelierSearchProvider *
atelier_search_provider_new (AtelierApplication *application)
{
  AtelierSearchProvider *self;

  g_return_val_if_fail (ATELIER_IS_APPLICATION (application), NULL);

  self = g_object_new (ATELIER_TYPE_SEARCH_PROVIDER, NULL);
  self->application = application;
  g_object_add_weak_pointer (G_OBJECT (application), (gpointer *) &self->application);
  g_signal_connect_object (application, "notify::library-loaded",
                           G_CALLBACK (on_library_loaded), self, G_CONNECT_SWAPPED);
  return self;
}

static void
atelier_search_provider_dispose (GObject *object)
{
  AtelierSearchProvider *self = ATELIER_SEARCH_PROVIDER (object);

  g_cancellable_cancel (self->cancellable);
  atelier_search_provider_unregister (self);
  if (self->application != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->application), (gpointer *) &self->application);
  self->application = NULL;
  g_clear_pointer (&self->snapshot, snapshot_unref);
  g_clear_pointer (&self->waiting, g_ptr_array_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (atelier_search_provider_parent_class)->dispose (object);
}

static void
atelier_search_provider_class_init (AtelierSearchProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = atelier_search_provider_dispose;
}

static void
atelier_search_provider_init (AtelierSearchProvider *self)
{
  self->cancellable = g_cancellable_new ();
  self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
}
