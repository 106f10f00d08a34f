/* atelier-library.c
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "atelier-library.h"
#include "atelier-error.h"

/* Link stub: the real library follows. */

struct _AtelierLibrary
{
  GObject  parent_instance;
  GFile   *dir;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AtelierLibrary, atelier_library, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return ATELIER_TYPE_JOB;
}

static guint
get_n_items (GListModel *model)
{
  return 0;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  return NULL;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
atelier_library_finalize (GObject *object)
{
  AtelierLibrary *self = ATELIER_LIBRARY (object);

  g_clear_object (&self->dir);
  G_OBJECT_CLASS (atelier_library_parent_class)->finalize (object);
}

static void
atelier_library_class_init (AtelierLibraryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = atelier_library_finalize;
}

static void
atelier_library_init (AtelierLibrary *self)
{
}

AtelierLibrary *
atelier_library_new (GFile *dir)
{
  AtelierLibrary *self = g_object_new (ATELIER_TYPE_LIBRARY, NULL);

  if (dir != NULL)
    self->dir = g_object_ref (dir);
  else
    self->dir = g_file_new_build_filename (g_get_user_data_dir (), "atelier", NULL);
  return self;
}

GFile *
atelier_library_get_dir (AtelierLibrary *self)
{
  return self->dir;
}

static void
return_not_implemented (gpointer            source,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (source, cancellable, callback, user_data);
  g_task_return_new_error (task, ATELIER_ERROR, ATELIER_ERROR_STORAGE, "Not implemented yet");
}

void
atelier_library_load_async (AtelierLibrary      *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  return_not_implemented (self, cancellable, callback, user_data);
}

gboolean
atelier_library_load_finish (AtelierLibrary  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
atelier_library_load (AtelierLibrary  *self,
                      GError         **error)
{
  return TRUE;
}

void
atelier_library_add_async (AtelierLibrary      *self,
                           AtelierJob          *job,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  return_not_implemented (self, cancellable, callback, user_data);
}

gboolean
atelier_library_add_finish (AtelierLibrary  *self,
                            GAsyncResult    *result,
                            GError         **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
atelier_library_save_async (AtelierLibrary      *self,
                            AtelierJob          *job,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  return_not_implemented (self, cancellable, callback, user_data);
}

gboolean
atelier_library_save_finish (AtelierLibrary  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

GFile *
atelier_library_image_file_for (AtelierLibrary *self,
                                AtelierJob     *job,
                                const char     *content_type)
{
  return g_file_get_child (self->dir, atelier_job_get_id (job));
}

void
atelier_library_store_image_async (AtelierLibrary      *self,
                                   AtelierJob          *job,
                                   GBytes              *bytes,
                                   const char          *content_type,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  return_not_implemented (self, cancellable, callback, user_data);
}

gboolean
atelier_library_store_image_finish (AtelierLibrary  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
atelier_library_remove (AtelierLibrary *self,
                        AtelierJob     *job)
{
}

void
atelier_library_undo_remove (AtelierLibrary *self,
                             AtelierJob     *job)
{
}

void
atelier_library_commit_remove (AtelierLibrary *self,
                               AtelierJob     *job)
{
}

AtelierJob *
atelier_library_lookup (AtelierLibrary *self,
                        const char     *job_id)
{
  return NULL;
}

void
atelier_library_load_recipe_async (AtelierLibrary      *self,
                                   AtelierJob          *job,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  return_not_implemented (self, cancellable, callback, user_data);
}

AtelierRecipe *
atelier_library_load_recipe_finish (AtelierLibrary  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
