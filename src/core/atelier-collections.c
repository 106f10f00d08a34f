/* atelier-collections.c — the user's named collections of pictures, kept in collections.json
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Atelier-Collections"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "atelier-collections.h"
#include "atelier-error.h"

/* collections.json: {"version": 1, "collections": [{"id": "<uuid>", "name": "Foxes"}, …]} */
#define COLLECTIONS_VERSION 1
#define COLLECTIONS_FILE    "collections.json"

typedef struct
{
  char *id;
  char *name;
} Collection;

struct _AtelierCollections
{
  GObject       parent_instance;

  char         *path;
  GPtrArray    *items;          /* Collection */
  gboolean      loaded;
  gboolean      changed_early;  /* changed before the file was read: write the merge */
  gboolean      writing;
  gboolean      dirty;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (AtelierCollections, atelier_collections, G_TYPE_OBJECT)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static Collection *
collection_new (const char *id,
                const char *name)
{
  Collection *collection = g_new0 (Collection, 1);

  collection->id = g_strdup (id);
  collection->name = g_strdup (name);
  return collection;
}

static void
collection_free (gpointer data)
{
  Collection *collection = data;

  g_free (collection->id);
  g_free (collection->name);
  g_free (collection);
}

static Collection *
find (AtelierCollections *self,
      const char         *id,
      guint              *position)
{
  for (guint i = 0; id != NULL && i < self->items->len; i++)
    {
      Collection *collection = g_ptr_array_index (self->items, i);

      if (g_str_equal (collection->id, id))
        {
          if (position != NULL)
            *position = i;
          return collection;
        }
    }
  return NULL;
}

/* Writing */

static char *
to_json (AtelierCollections *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, COLLECTIONS_VERSION);
  json_builder_set_member_name (builder, "collections");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->items->len; i++)
    {
      Collection *collection = g_ptr_array_index (self->items, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, collection->id);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, collection->name);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, TRUE);
}

typedef struct
{
  char *path;
  char *text;
} WriteData;

static void
write_data_free (gpointer data)
{
  WriteData *write = data;

  g_free (write->path);
  g_free (write->text);
  g_free (write);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteData *write = task_data;
  g_autofree char *dir = g_path_get_dirname (write->path);
  GError *error = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_file_set_contents_full (write->path, write->text, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &error))
    {
      if (error == NULL)
        g_set_error (&error, ATELIER_ERROR, ATELIER_ERROR_STORAGE,
                     _("Could not create the folder “%s”"), dir);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void schedule_write (AtelierCollections *self);

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AtelierCollections *self = ATELIER_COLLECTIONS (source);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_warning ("Could not save the collections: %s", error->message);
  self->writing = FALSE;
  if (self->dirty)
    schedule_write (self);
}

static void
schedule_write (AtelierCollections *self)
{
  g_autoptr(GTask) task = NULL;
  WriteData *write;

  if (!self->loaded)
    {
      /* Written once the file is read, merged: never over names not yet loaded. */
      self->changed_early = TRUE;
      return;
    }
  if (self->writing)
    {
      self->dirty = TRUE;
      return;
    }
  self->dirty = FALSE;
  self->writing = TRUE;

  write = g_new0 (WriteData, 1);
  write->path = g_strdup (self->path);
  write->text = to_json (self);
  /* The task holds the object: the last write finishes even when the app is closing. */
  task = g_task_new (self, NULL, on_written, NULL);
  g_task_set_source_tag (task, schedule_write);
  g_task_set_task_data (task, write, write_data_free);
  g_task_run_in_thread (task, write_thread);
}

static void
changed (AtelierCollections *self)
{
  schedule_write (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/* Loading */

static GPtrArray *
parse (const char  *text,
       gsize        length,
       GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (collection_free);
  JsonNode *root;
  JsonNode *list;

  if (!json_parser_load_from_data (parser, text, length, error))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (list = json_object_get_member (json_node_get_object (root), "collections")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (list))
    {
      g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_RESPONSE,
                   _("The collections file has no list of collections"));
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (list), i);
      JsonObject *object;
      const char *id, *name;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      object = json_node_get_object (node);
      id = json_object_get_string_member_with_default (object, "id", NULL);
      name = json_object_get_string_member_with_default (object, "name", NULL);
      if (id == NULL || *id == '\0' || name == NULL)
        continue;
      g_ptr_array_add (items, collection_new (id, name));
    }
  return g_steal_pointer (&items);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *path = task_data;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *items;
  gsize length;

  if (!g_file_get_contents (path, &text, &length, &error))
    {
      if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_task_return_pointer (task, g_ptr_array_new_with_free_func (collection_free),
                               (GDestroyNotify) g_ptr_array_unref);
      else
        g_task_return_new_error (task, ATELIER_ERROR, ATELIER_ERROR_STORAGE,
                                 _("Could not read the collections: %s"), error->message);
      return;
    }

  items = parse (text, length, &error);
  if (items == NULL)
    {
      /* Set aside, not overwritten: the names can still be read by hand. */
      g_autofree char *aside = g_strdup_printf ("%s.damaged-%" G_GINT64_FORMAT, path,
                                                g_get_real_time () / G_USEC_PER_SEC);

      g_warning ("The collections file is damaged (%s); kept as %s", error->message, aside);
      g_rename (path, aside);
      items = g_ptr_array_new_with_free_func (collection_free);
    }
  g_task_return_pointer (task, items, (GDestroyNotify) g_ptr_array_unref);
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  AtelierCollections *self = ATELIER_COLLECTIONS (source);
  GTask *task = user_data;
  g_autoptr(GPtrArray) items = NULL;
  GError *error = NULL;

  items = g_task_propagate_pointer (G_TASK (result), &error);
  self->loaded = TRUE;
  if (items != NULL)
    {
      /* What was made while the file was being read comes after what it held. */
      for (guint i = 0; i < self->items->len; i++)
        {
          Collection *early = g_ptr_array_index (self->items, i);
          gboolean known = FALSE;

          for (guint j = 0; j < items->len && !known; j++)
            known = g_str_equal (((Collection *) g_ptr_array_index (items, j))->id, early->id);
          if (!known)
            g_ptr_array_add (items, collection_new (early->id, early->name));
        }
      g_ptr_array_unref (self->items);
      self->items = g_steal_pointer (&items);
    }
  if (self->changed_early)
    schedule_write (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

/* GObject */

static void
atelier_collections_dispose (GObject *object)
{
  AtelierCollections *self = ATELIER_COLLECTIONS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (atelier_collections_parent_class)->dispose (object);
}

static void
atelier_collections_finalize (GObject *object)
{
  AtelierCollections *self = ATELIER_COLLECTIONS (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_free (self->path);

  G_OBJECT_CLASS (atelier_collections_parent_class)->finalize (object);
}

static void
atelier_collections_class_init (AtelierCollectionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = atelier_collections_dispose;
  object_class->finalize = atelier_collections_finalize;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
atelier_collections_init (AtelierCollections *self)
{
  self->items = g_ptr_array_new_with_free_func (collection_free);
  self->cancellable = g_cancellable_new ();
}

/* Public */

AtelierCollections *
atelier_collections_new (GFile *dir)
{
  AtelierCollections *self = g_object_new (ATELIER_TYPE_COLLECTIONS, NULL);
  g_autofree char *dir_path = dir != NULL ? g_file_get_path (dir) : NULL;

  if (dir_path == NULL)
    dir_path = g_build_filename (g_get_user_data_dir (), "atelier", NULL);
  self->path = g_build_filename (dir_path, COLLECTIONS_FILE, NULL);
  return self;
}

void
atelier_collections_load_async (AtelierCollections  *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) load = NULL;
  GTask *task;

  g_return_if_fail (ATELIER_IS_COLLECTIONS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, atelier_collections_load_async);
  load = g_task_new (self, self->cancellable, on_loaded, task);
  g_task_set_task_data (load, g_strdup (self->path), g_free);
  g_task_run_in_thread (load, load_thread);
}

gboolean
atelier_collections_load_finish (AtelierCollections  *self,
                                 GAsyncResult        *result,
                                 GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

guint
atelier_collections_get_n_items (AtelierCollections *self)
{
  g_return_val_if_fail (ATELIER_IS_COLLECTIONS (self), 0);

  return self->items->len;
}

const char *
atelier_collections_get_id (AtelierCollections *self,
                            guint               position)
{
  g_return_val_if_fail (ATELIER_IS_COLLECTIONS (self), NULL);
  g_return_val_if_fail (position < self->items->len, NULL);

  return ((Collection *) g_ptr_array_index (self->items, position))->id;
}

const char *
atelier_collections_get_name (AtelierCollections *self,
                              guint               position)
{
  g_return_val_if_fail (ATELIER_IS_COLLECTIONS (self), NULL);
  g_return_val_if_fail (position < self->items->len, NULL);

  return ((Collection *) g_ptr_array_index (self->items, position))->name;
}

const char *
atelier_collections_lookup_name (AtelierCollections *self,
                                 const char         *id)
{
  Collection *collection;

  g_return_val_if_fail (ATELIER_IS_COLLECTIONS (self), NULL);

  collection = find (self, id, NULL);
  return collection != NULL ? collection->name : NULL;
}

GStrv
atelier_collections_dup_names (AtelierCollections *self,
                               const char * const *ids)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (ATELIER_IS_COLLECTIONS (self), NULL);

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      const char *name = atelier_collections_lookup_name (self, ids[i]);

      if (name != NULL)
        g_strv_builder_add (builder, name);
    }
  return g_strv_builder_end (builder);
}

gboolean
atelier_collections_check_name (AtelierCollections  *self,
                                const char          *name,
                                const char          *except_id,
                                GError             **error)
{
  g_autofree char *stripped = NULL;
  g_autofree char *folded = NULL;

  g_return_val_if_fail (ATELIER_IS_COLLECTIONS (self), FALSE);

  stripped = g_strstrip (g_strdup (name != NULL ? name : ""));
  if (*stripped == '\0')
    {
      g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_VALIDATION, _("A collection needs a name"));
      return FALSE;
    }
  folded = g_utf8_casefold (stripped, -1);
  for (guint i = 0; i < self->items->len; i++)
    {
      Collection *collection = g_ptr_array_index (self->items, i);
      g_autofree char *other = g_utf8_casefold (collection->name, -1);

      if (g_strcmp0 (collection->id, except_id) != 0 && g_str_equal (other, folded))
        {
          g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_VALIDATION,
                       _("There is already a collection named “%s”"), collection->name);
          return FALSE;
        }
    }
  return TRUE;
}

char *
atelier_collections_create (AtelierCollections  *self,
                            const char          *name,
                            GError             **error)
{
  g_autofree char *stripped = NULL;
  char *id;

  g_return_val_if_fail (ATELIER_IS_COLLECTIONS (self), NULL);

  if (!atelier_collections_check_name (self, name, NULL, error))
    return NULL;
  stripped = g_strstrip (g_strdup (name));
  id = g_uuid_string_random ();
  g_ptr_array_add (self->items, collection_new (id, stripped));
  changed (self);
  return id;
}

gboolean
atelier_collections_rename (AtelierCollections  *self,
                            const char          *id,
                            const char          *name,
                            GError             **error)
{
  Collection *collection;

  g_return_val_if_fail (ATELIER_IS_COLLECTIONS (self), FALSE);

  collection = find (self, id, NULL);
  if (collection == NULL)
    {
      g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_NOT_FOUND, _("That collection no longer exists"));
      return FALSE;
    }
  if (!atelier_collections_check_name (self, name, id, error))
    return FALSE;
  g_free (collection->name);
  collection->name = g_strstrip (g_strdup (name));
  changed (self);
  return TRUE;
}

gboolean
atelier_collections_delete (AtelierCollections *self,
                            const char         *id)
{
  guint position;

  g_return_val_if_fail (ATELIER_IS_COLLECTIONS (self), FALSE);

  if (find (self, id, &position) == NULL)
    return FALSE;
  g_ptr_array_remove_index (self->items, position);
  changed (self);
  return TRUE;
}

void
atelier_collections_restore (AtelierCollections *self,
                             const char         *id,
                             const char         *name,
                             guint               position)
{
  g_return_if_fail (ATELIER_IS_COLLECTIONS (self));
  g_return_if_fail (id != NULL && name != NULL);

  if (find (self, id, NULL) != NULL)
    return;
  g_ptr_array_insert (self->items, MIN (position, self->items->len), collection_new (id, name));
  changed (self);
}

gboolean
atelier_collections_get_busy (AtelierCollections *self)
{
  g_return_val_if_fail (ATELIER_IS_COLLECTIONS (self), FALSE);

  return self->writing || self->dirty || (!self->loaded && self->changed_early);
}
