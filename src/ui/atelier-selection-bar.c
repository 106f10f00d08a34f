/* atelier-selection-bar.c — what can be done with many selected pictures at once
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-collection-dialog.h"
#include "atelier-detail-view.h"
#include "atelier-export.h"
#include "atelier-file-chooser.h"
#include "atelier-gallery-cell.h"
#include "atelier-image-metadata.h"
#include "atelier-scope.h"
#include "atelier-selection-bar.h"
#include "atelier-window.h"

struct _AtelierSelectionBar
{
  GtkWidget           parent_instance;

  GtkSelectionModel  *selection;
  AtelierLibrary     *library;
  AtelierCollections *collections;
  AtelierScope        scope;
  GMenu              *collections_menu;
  AdwToast           *delete_toast;    /* weak */
  GCancellable       *cancellable;

  GtkRevealer        *revealer;
  GtkLabel           *count_label;
  GtkButton          *favourite_button;
  GtkButton          *remove_button;
  GtkMenuButton      *add_button;
};

G_DEFINE_FINAL_TYPE (AtelierSelectionBar, atelier_selection_bar, GTK_TYPE_WIDGET)

enum {
  SIGNAL_KEPT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The selected jobs, in grid order. */
static GPtrArray *
selected_jobs (AtelierSelectionBar *self)
{
  GPtrArray *jobs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GtkBitset) bits = NULL;
  GtkBitsetIter iter;
  guint position;

  if (self->selection == NULL)
    return jobs;
  bits = gtk_selection_model_get_selection (self->selection);
  for (gboolean more = gtk_bitset_iter_init_first (&iter, bits, &position); more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      gpointer item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

      if (item != NULL)
        g_ptr_array_add (jobs, item);
    }
  return jobs;
}

static gboolean
all_favourite (GPtrArray *jobs)
{
  for (guint i = 0; i < jobs->len; i++)
    if (!atelier_job_get_favourite (g_ptr_array_index (jobs, i)))
      return FALSE;
  return jobs->len > 0;
}

static void
update (AtelierSelectionBar *self)
{
  g_autoptr(GPtrArray) jobs = selected_jobs (self);
  g_autofree char *count = NULL;
  gboolean has_library = self->library != NULL;
  gboolean any_image = FALSE;
  gboolean in_collection = self->scope.kind == ATELIER_SCOPE_COLLECTION;

  for (guint i = 0; i < jobs->len && !any_image; i++)
    any_image = atelier_job_get_state (g_ptr_array_index (jobs, i)) == ATELIER_JOB_READY;

  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Selected", "%u Selected", jobs->len), jobs->len);
  gtk_label_set_label (self->count_label, count);
  /* One picture has its own star and menu in the cell: the bar is for more than one. */
  gtk_revealer_set_reveal_child (self->revealer, jobs->len > 1);
  atelier_gallery_show_favourite (self->favourite_button, all_favourite (jobs));
  gtk_widget_set_visible (GTK_WIDGET (self->remove_button), in_collection);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "selection.favourite", has_library && jobs->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "selection.add-to-collection",
                                 has_library && self->collections != NULL && jobs->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "selection.new-collection",
                                 has_library && self->collections != NULL && jobs->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "selection.remove-from-collection",
                                 has_library && in_collection && jobs->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "selection.export", any_image);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "selection.delete", has_library && jobs->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "selection.clear", jobs->len > 0);
}

static void
rebuild_collections_menu (AtelierSelectionBar *self)
{
  g_autoptr(GMenu) names = g_menu_new ();
  guint n = self->collections ? atelier_collections_get_n_items (self->collections) : 0;

  g_menu_remove_all (self->collections_menu);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (atelier_collections_get_name (self->collections, i), NULL);

      g_menu_item_set_action_and_target (item, "selection.add-to-collection", "s",
                                         atelier_collections_get_id (self->collections, i));
      g_menu_append_item (names, item);
    }
  if (n > 0)
    g_menu_append_section (self->collections_menu, NULL, G_MENU_MODEL (names));
  g_menu_append (self->collections_menu, _("New Collection…"), "selection.new-collection");
}

static void
on_selection_changed (AtelierSelectionBar *self)
{
  update (self);
}

/* Keeping */

void
atelier_selection_bar_toggle_favourite (AtelierSelectionBar *self)
{
  g_autoptr(GPtrArray) jobs = NULL;
  gboolean favourite;

  g_return_if_fail (ATELIER_IS_SELECTION_BAR (self));

  if (self->library == NULL)
    return;
  jobs = selected_jobs (self);
  favourite = !all_favourite (jobs);
  for (guint i = 0; i < jobs->len; i++)
    atelier_library_set_favourite (self->library, g_ptr_array_index (jobs, i), favourite);
  update (self);
  g_signal_emit (self, signals[SIGNAL_KEPT], 0);
}

static void
favourite_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  atelier_selection_bar_toggle_favourite (ATELIER_SELECTION_BAR (widget));
}

static void
set_membership (AtelierSelectionBar *self,
                const char          *collection_id,
                gboolean             member)
{
  g_autoptr(GPtrArray) jobs = selected_jobs (self);
  const char *name = self->collections ? atelier_collections_lookup_name (self->collections, collection_id) : NULL;
  g_autofree char *message = NULL;

  if (self->library == NULL || name == NULL || jobs->len == 0)
    return;
  for (guint i = 0; i < jobs->len; i++)
    atelier_library_set_in_collection (self->library, g_ptr_array_index (jobs, i), collection_id, member);
  if (member)
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u image added to “%s”", "%u images added to “%s”",
                                            jobs->len), jobs->len, name);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u image removed from “%s”",
                                            "%u images removed from “%s”", jobs->len), jobs->len, name);
  atelier_window_show_message (GTK_WIDGET (self), message);
  g_signal_emit (self, signals[SIGNAL_KEPT], 0);
}

static void
add_to_collection_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  set_membership (ATELIER_SELECTION_BAR (widget), g_variant_get_string (parameter, NULL), TRUE);
}

static void
on_collection_made (const char *collection_id,
                    gpointer    user_data)
{
  set_membership (ATELIER_SELECTION_BAR (user_data), collection_id, TRUE);
}

static void
new_collection_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  AtelierSelectionBar *self = ATELIER_SELECTION_BAR (widget);

  if (self->collections != NULL)
    atelier_collection_dialog_present (widget, self->collections, NULL, on_collection_made, self);
}

static void
remove_from_collection_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  AtelierSelectionBar *self = ATELIER_SELECTION_BAR (widget);

  if (self->scope.kind == ATELIER_SCOPE_COLLECTION)
    set_membership (self, self->scope.id, FALSE);
}

/* Export */

static void
on_exported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(AtelierSelectionBar) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint n_failed = 0;
  guint n_done;

  n_done = atelier_export_finish (result, &n_failed, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* One toast for the whole export, whatever happened to each picture. */
  if (n_failed == 0)
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u image exported", "%u images exported", n_done),
                               n_done);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u image exported, %u could not be: %s",
                                            "%u images exported, %u could not be: %s", n_done),
                               n_done, n_failed, error ? error->message : "");
  atelier_window_show_message (GTK_WIDGET (self), message);
}

void
atelier_selection_bar_export_to (AtelierSelectionBar *self,
                                 GFile               *folder)
{
  g_autoptr(GPtrArray) jobs = NULL;
  GPtrArray *items;

  g_return_if_fail (ATELIER_IS_SELECTION_BAR (self));
  g_return_if_fail (G_IS_FILE (folder));

  /* What the worker needs is read here, on the main thread, from the jobs. */
  jobs = selected_jobs (self);
  items = g_ptr_array_new_with_free_func ((GDestroyNotify) atelier_export_item_free);
  for (guint i = 0; i < jobs->len; i++)
    {
      AtelierJob *job = g_ptr_array_index (jobs, i);
      g_autofree char *name = NULL;
      g_autofree char *settings = NULL;

      if (atelier_job_get_state (job) != ATELIER_JOB_READY || atelier_job_get_image_file (job) == NULL)
        continue;
      name = atelier_detail_view_default_file_name (job);
      settings = atelier_image_metadata_settings_for_job (job);
      g_ptr_array_add (items, atelier_export_item_new (atelier_job_get_image_file (job), name, settings));
    }
  if (items->len == 0)
    {
      g_ptr_array_unref (items);
      return;
    }
  atelier_export_async (folder, items, self->cancellable, on_exported, g_object_ref (self));
}

static void
on_folder_chosen (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(AtelierSelectionBar) self = user_data;
  g_autoptr(GFile) folder = atelier_file_chooser_run_finish_file (result, NULL);

  if (folder != NULL)
    atelier_selection_bar_export_to (self, folder);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AtelierSelectionBar *self = ATELIER_SELECTION_BAR (widget);
  const char *pictures = g_get_user_special_dir (G_USER_DIRECTORY_PICTURES);
  g_autoptr(GFile) folder = pictures != NULL ? g_file_new_for_path (pictures) : NULL;

  atelier_file_chooser_run (widget, ATELIER_FILE_CHOOSER_SELECT_FOLDER, _("Export Images"), _("_Export"),
                            NULL, folder, self->cancellable, on_folder_chosen, g_object_ref (self));
}

/* Delete */

typedef struct
{
  AtelierLibrary *library;
  GPtrArray      *jobs;
  gboolean        undone;
} DeleteData;

static void
delete_data_free (gpointer user_data)
{
  DeleteData *data = user_data;

  g_clear_object (&data->library);
  g_clear_pointer (&data->jobs, g_ptr_array_unref);
  g_free (data);
}

static void
on_delete_undo (AdwToast   *toast,
                DeleteData *data)
{
  data->undone = TRUE;
  for (guint i = 0; i < data->jobs->len; i++)
    atelier_library_undo_remove (data->library, g_ptr_array_index (data->jobs, i));
}

static void
on_delete_dismissed (AdwToast   *toast,
                     DeleteData *data)
{
  if (data->undone)
    return;
  for (guint i = 0; i < data->jobs->len; i++)
    atelier_library_commit_remove (data->library, g_ptr_array_index (data->jobs, i));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AtelierSelectionBar *self = ATELIER_SELECTION_BAR (widget);
  g_autofree char *title = NULL;
  DeleteData *data;
  AdwToast *toast;

  if (self->library == NULL)
    return;

  data = g_new0 (DeleteData, 1);
  data->library = g_object_ref (self->library);
  data->jobs = selected_jobs (self);
  if (data->jobs->len == 0)
    {
      delete_data_free (data);
      return;
    }

  /* Gone from the grid at once; the files stay until the toast goes without Undo. */
  for (guint i = 0; i < data->jobs->len; i++)
    atelier_library_remove (self->library, g_ptr_array_index (data->jobs, i));

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u image deleted", "%u images deleted", data->jobs->len),
                           data->jobs->len);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  g_signal_connect (toast, "button-clicked", G_CALLBACK (on_delete_undo), data);
  g_signal_connect_data (toast, "dismissed", G_CALLBACK (on_delete_dismissed), data,
                         (GClosureNotify) (void (*) (void)) delete_data_free, 0);
  g_set_weak_pointer (&self->delete_toast, toast);
  atelier_window_show_toast (widget, toast);
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  AtelierSelectionBar *self = ATELIER_SELECTION_BAR (widget);

  if (self->selection != NULL)
    gtk_selection_model_unselect_all (self->selection);
}

/* GObject */

static void
atelier_selection_bar_dispose (GObject *object)
{
  AtelierSelectionBar *self = ATELIER_SELECTION_BAR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  atelier_selection_bar_set_selection (self, NULL);
  atelier_selection_bar_set_collections (self, NULL);
  g_clear_object (&self->library);
  g_clear_weak_pointer (&self->delete_toast);
  gtk_widget_dispose_template (GTK_WIDGET (self), ATELIER_TYPE_SELECTION_BAR);

  G_OBJECT_CLASS (atelier_selection_bar_parent_class)->dispose (object);
}

static void
atelier_selection_bar_finalize (GObject *object)
{
  AtelierSelectionBar *self = ATELIER_SELECTION_BAR (object);

  atelier_scope_clear (&self->scope);
  g_clear_object (&self->collections_menu);

  G_OBJECT_CLASS (atelier_selection_bar_parent_class)->finalize (object);
}

static void
atelier_selection_bar_class_init (AtelierSelectionBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = atelier_selection_bar_dispose;
  object_class->finalize = atelier_selection_bar_finalize;

  signals[SIGNAL_KEPT] = g_signal_new ("kept", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fluxatelier/Atelier/ui/atelier-selection-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, AtelierSelectionBar, revealer);
  gtk_widget_class_bind_template_child (widget_class, AtelierSelectionBar, count_label);
  gtk_widget_class_bind_template_child (widget_class, AtelierSelectionBar, favourite_button);
  gtk_widget_class_bind_template_child (widget_class, AtelierSelectionBar, remove_button);
  gtk_widget_class_bind_template_child (widget_class, AtelierSelectionBar, add_button);

  gtk_widget_class_install_action (widget_class, "selection.favourite", NULL, favourite_action);
  gtk_widget_class_install_action (widget_class, "selection.add-to-collection", "s", add_to_collection_action);
  gtk_widget_class_install_action (widget_class, "selection.new-collection", NULL, new_collection_action);
  gtk_widget_class_install_action (widget_class, "selection.remove-from-collection", NULL,
                                   remove_from_collection_action);
  gtk_widget_class_install_action (widget_class, "selection.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "selection.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "selection.clear", NULL, clear_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "selection-bar");
}

static void
atelier_selection_bar_init (AtelierSelectionBar *self)
{
  self->cancellable = g_cancellable_new ();
  self->collections_menu = g_menu_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_menu_model (self->add_button, G_MENU_MODEL (self->collections_menu));
  rebuild_collections_menu (self);
  update (self);
}

void
atelier_selection_bar_set_selection (AtelierSelectionBar *self,
                                     GtkSelectionModel   *selection)
{
  g_return_if_fail (ATELIER_IS_SELECTION_BAR (self));

  if (self->selection == selection)
    return;
  if (self->selection != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->selection, on_selection_changed, self);
      g_signal_handlers_disconnect_by_func (self->selection, update, self);
    }
  g_set_object (&self->selection, selection);
  if (selection != NULL)
    {
      g_signal_connect_object (selection, "selection-changed", G_CALLBACK (on_selection_changed), self,
                               G_CONNECT_SWAPPED);
      /* Items going (deleted, filtered out) take their selection with them. */
      g_signal_connect_object (selection, "items-changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
    }
  if (self->revealer != NULL)
    update (self);
}

void
atelier_selection_bar_set_library (AtelierSelectionBar *self,
                                   AtelierLibrary      *library)
{
  g_return_if_fail (ATELIER_IS_SELECTION_BAR (self));

  g_set_object (&self->library, library);
  update (self);
}

void
atelier_selection_bar_set_collections (AtelierSelectionBar *self,
                                       AtelierCollections  *collections)
{
  g_return_if_fail (ATELIER_IS_SELECTION_BAR (self));

  if (self->collections == collections)
    return;
  if (self->collections != NULL)
    g_signal_handlers_disconnect_by_func (self->collections, rebuild_collections_menu, self);
  g_set_object (&self->collections, collections);
  if (collections != NULL)
    g_signal_connect_object (collections, "changed", G_CALLBACK (rebuild_collections_menu), self,
                             G_CONNECT_SWAPPED);
  if (self->revealer != NULL)
    {
      rebuild_collections_menu (self);
      update (self);
    }
}

void
atelier_selection_bar_set_scope (AtelierSelectionBar *self,
                                 const char          *scope)
{
  g_return_if_fail (ATELIER_IS_SELECTION_BAR (self));

  atelier_scope_parse (&self->scope, scope);
  update (self);
}

gboolean
atelier_selection_bar_get_revealed (AtelierSelectionBar *self)
{
  g_return_val_if_fail (ATELIER_IS_SELECTION_BAR (self), FALSE);

  return gtk_revealer_get_reveal_child (self->revealer);
}

AdwToast *
atelier_selection_bar_get_delete_toast (AtelierSelectionBar *self)
{
  g_return_val_if_fail (ATELIER_IS_SELECTION_BAR (self), NULL);

  return self->delete_toast;
}
