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
#include "atelier-library-view.h"
#include "atelier-search-provider.h"
#include "atelier-thumbnailer.h"
#include "atelier-window.h"

#define INTERFACE_RESOURCE RESOURCE_PATH "/dbus/org.gnome.Shell.SearchProvider2.xml"
#define INTERFACE_NAME     "org.gnome.Shell.SearchProvider2"
/* A name is one line of the prompt; GNOME Shell ellipsizes it further. */
#define NAME_CHARS         200

struct _AtelierSearchProvider
{
  GObject             parent_instance;

  AtelierApplication *application;   /* weak: the application owns the provider */
  GDBusConnection    *connection;
  guint               registration_id;
  GPtrArray          *waiting;       /* GDBusMethodInvocation: calls before the library loaded */
  GCancellable       *cancellable;
};

G_DEFINE_FINAL_TYPE (AtelierSearchProvider, atelier_search_provider, G_TYPE_OBJECT)

/* Searching: the library's rows in memory, no record read (100,000 jobs take a few ms). */

static void
start_search (AtelierSearchProvider *self,
              GDBusMethodInvocation *invocation,
              const char * const    *terms)
{
  AtelierLibrary *library = atelier_application_get_library (self->application);
  g_auto(GStrv) ids = atelier_library_search_pictures (library, terms,
                                                       ATELIER_SEARCH_PROVIDER_MAX_RESULTS);

  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", ids));
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
      g_autoptr(AtelierJob) job = atelier_library_dup_job (library, ids[i]);
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
