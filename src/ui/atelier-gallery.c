/* atelier-gallery.c — every generation, live while it runs
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-catalog.h"
#include "atelier-collection-drop-bar.h"
#include "atelier-gallery-private.h"
#include "atelier-library-view.h"
#include "atelier-scope-menu.h"
#include "atelier-search.h"
#include "atelier-selection-bar.h"
#include "atelier-variation-grid.h"

G_DEFINE_FINAL_TYPE (AtelierGallery, atelier_gallery, GTK_TYPE_WIDGET)

static void
on_scope_changed (AtelierGallery   *self,
                  GParamSpec       *pspec,
                  AtelierScopeMenu *menu)
{
  atelier_scope_parse (&self->scope, atelier_scope_menu_get_scope (menu));
  atelier_library_view_set_scope (self->view, atelier_scope_menu_get_scope (menu));
  atelier_selection_bar_set_scope (self->selection_bar, atelier_scope_menu_get_scope (menu));
}

static void
update_browse_page (AtelierGallery *self)
{
  const char *page = "grid";

  if (self->library == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->library)) == 0)
    page = "empty";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->view)) == 0)
    page = "no-results";
  gtk_stack_set_visible_child_name (self->browse_stack, page);
}

static void
on_items_changed (AtelierGallery *self,
                  guint           position,
                  guint           removed,
                  guint           added,
                  GListModel     *model)
{
  update_browse_page (self);
}

static void
set_picking (AtelierGallery *self,
             gboolean        picking)
{
  self->picking = picking;
  gtk_revealer_set_reveal_child (self->pick_revealer, picking);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "gallery.cancel-pick", picking);
}

static guint
find_position (AtelierGallery *self,
               AtelierJob     *job)
{
  guint position;

  /* By the library's rows: walking the model would read every job. */
  if (!atelier_library_view_find (self->view, atelier_job_get_id (job), &position))
    return GTK_INVALID_LIST_POSITION;
  return position;
}

static void
scroll_to_position (AtelierGallery *self,
                    guint           position)
{
#if GTK_CHECK_VERSION (4, 12, 0)
  gtk_grid_view_scroll_to (self->grid_view, position, GTK_LIST_SCROLL_FOCUS, NULL);
#else
  /* GtkListBase's own action: the least scrolling that brings the item into view. */
  gtk_widget_activate_action (GTK_WIDGET (self->grid_view), "list.scroll-to-item", "u", position);
#endif
}

/* Back from the detail view, the grid shows the image that was opened, wherever the grid was. */
static void
scroll_to_job (AtelierGallery *self,
               AtelierJob     *job)
{
  guint position = find_position (self, job);

  if (position != GTK_INVALID_LIST_POSITION)
    scroll_to_position (self, position);
}

/* The list keeps its view on the item it was showing, so a new image, inserted first, would appear
 * above a grid that is at the top. At the top, the grid stays at the top and shows it. */
static void
on_filter_items_changed (AtelierGallery *self,
                         guint           position,
                         guint           removed,
                         guint           added,
                         GListModel     *model)
{
  GtkAdjustment *vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->grid_view));

  if (position == 0 && added > 0 && vadjustment != NULL && gtk_adjustment_get_value (vadjustment) <= 0)
    scroll_to_position (self, 0);
}

static void
focus_set_cell (AtelierGallery *self,
                AtelierJob     *job)
{
  AtelierVariationGrid *grid = self->variation_grid;

  for (guint row = 0; row < atelier_variation_grid_get_n_rows (grid); row++)
    for (guint column = 0; column < atelier_variation_grid_get_n_columns (grid); column++)
      {
        AtelierGalleryCell *cell = atelier_variation_grid_get_cell (grid, row, column);

        if (cell != NULL && (job == NULL || atelier_gallery_cell_get_job (cell) == job))
          {
            gtk_widget_grab_focus (GTK_WIDGET (cell));
            return;
          }
      }
  gtk_widget_grab_focus (GTK_WIDGET (grid));
}

void
atelier_gallery_show_set (AtelierGallery *self,
                          const char     *set_id)
{
  g_return_if_fail (ATELIER_IS_GALLERY (self));

  if (set_id == NULL)
    {
      atelier_gallery_show_job (self, NULL);
      return;
    }
  set_picking (self, FALSE);
  self->opened_from_set = FALSE;
  atelier_variation_grid_set_set_id (self->variation_grid, set_id);
  if (atelier_variation_grid_get_n_rows (self->variation_grid) == 0)
    return;
  atelier_detail_view_set_job (self->detail_view, NULL);
  g_clear_object (&self->opened);
  gtk_stack_set_visible_child_name (self->stack, "set");
  focus_set_cell (self, NULL);
}

static void
on_set_job_activated (AtelierGallery       *self,
                      AtelierJob           *job,
                      AtelierVariationGrid *grid)
{
  atelier_gallery_show_job (self, job);
  self->opened_from_set = TRUE;
}

static void
on_set_close (AtelierGallery       *self,
              AtelierVariationGrid *grid)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "set") != 0)
    return;
  gtk_stack_set_visible_child_name (self->stack, "browse");
  gtk_widget_grab_focus (GTK_WIDGET (self->grid_view));
}

/* A picture dropped on a collection: it, or the whole selection when it is part of it, goes in
 * through the selection bar's own actions (one message, New Collection's dialog). */
static void
on_job_dropped (AtelierGallery           *self,
                AtelierJob               *job,
                const char               *collection_id,
                AtelierCollectionDropBar *bar)
{
  guint position;

  if (!atelier_library_view_find (self->view, atelier_job_get_id (job), &position))
    return;
  if (!gtk_selection_model_is_selected (GTK_SELECTION_MODEL (self->selection), position))
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  if (collection_id != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self->selection_bar), "selection.add-to-collection", "s", collection_id);
  else
    gtk_widget_activate_action (GTK_WIDGET (self->selection_bar), "selection.new-collection", NULL);
}

/* gallery.show-set on a set id: the detail view's "Show All Variations", a cell's menu. */
static void
show_set_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  atelier_gallery_show_set (ATELIER_GALLERY (widget), g_variant_get_string (parameter, NULL));
}

void
atelier_gallery_show_job (AtelierGallery *self,
                          AtelierJob     *job)
{
  g_return_if_fail (ATELIER_IS_GALLERY (self));

  set_picking (self, FALSE);
  if (job == NULL)
    {
      g_autoptr(AtelierJob) opened = g_steal_pointer (&self->opened);

      if (self->opened_from_set && opened != NULL &&
          g_strcmp0 (atelier_job_get_set_id (opened), atelier_variation_grid_get_set_id (self->variation_grid)) == 0)
        {
          /* Back to the set it was opened from, its cell focused. */
          self->opened_from_set = FALSE;
          atelier_detail_view_set_job (self->detail_view, NULL);
          gtk_stack_set_visible_child_name (self->stack, "set");
          focus_set_cell (self, opened);
          return;
        }
      self->opened_from_set = FALSE;
      gtk_stack_set_visible_child_name (self->stack, "browse");
      atelier_detail_view_set_job (self->detail_view, NULL);
      if (opened != NULL)
        scroll_to_job (self, opened);
      gtk_widget_grab_focus (GTK_WIDGET (self->grid_view));
      return;
    }

  self->opened_from_set = FALSE;
  g_set_object (&self->opened, job);
  atelier_detail_view_set_job (self->detail_view, job);
  gtk_stack_set_visible_child_name (self->stack, "detail");
  gtk_widget_grab_focus (GTK_WIDGET (self->detail_view));
}

static void
on_grid_activate (GtkGridView    *grid_view,
                  guint           position,
                  AtelierGallery *self)
{
  g_autoptr(AtelierJob) job = g_list_model_get_item (G_LIST_MODEL (self->view), position);

  if (job == NULL)
    return;

  if (self->picking)
    {
      set_picking (self, FALSE);
      gtk_stack_set_visible_child_name (self->stack, "detail");
      atelier_detail_view_compare_with (self->detail_view, job);
      gtk_widget_grab_focus (GTK_WIDGET (self->detail_view));
      return;
    }

  atelier_gallery_show_job (self, job);
}

static void
update_compare_action (AtelierGallery *self)
{
  gboolean ready = self->selected[0] != NULL && self->selected[1] != NULL &&
                   atelier_job_get_state (self->selected[0]) == ATELIER_JOB_READY &&
                   atelier_job_get_state (self->selected[1]) == ATELIER_JOB_READY;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "gallery.compare-selected", ready);
}

static void
on_selected_job_notify (AtelierGallery *self,
                        GParamSpec     *pspec,
                        AtelierJob     *job)
{
  update_compare_action (self);
}

static void
track_selected (AtelierGallery *self,
                AtelierJob     *first,
                AtelierJob     *second)
{
  AtelierJob *jobs[2] = { first, second };

  for (guint i = 0; i < 2; i++)
    {
      if (self->selected[i] == jobs[i])
        continue;
      if (self->selected[i] != NULL)
        g_signal_handlers_disconnect_by_func (self->selected[i], on_selected_job_notify, self);
      g_set_object (&self->selected[i], jobs[i]);
      if (jobs[i] != NULL)
        g_signal_connect_object (jobs[i], "notify::state", G_CALLBACK (on_selected_job_notify), self,
                                 G_CONNECT_SWAPPED);
    }
  update_compare_action (self);
}

/* Exactly two finished images selected: Compare shows them side by side. */
static void
on_selection_changed (AtelierGallery     *self,
                      guint               position,
                      guint               n_items,
                      GtkSelectionModel  *selection)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (selection);
  g_autoptr(AtelierJob) first = NULL;
  g_autoptr(AtelierJob) second = NULL;

  if (gtk_bitset_get_size (selected) == 2)
    {
      first = g_list_model_get_item (G_LIST_MODEL (selection), gtk_bitset_get_nth (selected, 0));
      second = g_list_model_get_item (G_LIST_MODEL (selection), gtk_bitset_get_nth (selected, 1));
    }
  track_selected (self, first, second);
}

static void
compare_selected_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  AtelierGallery *self = ATELIER_GALLERY (widget);

  if (self->selected[0] == NULL || self->selected[1] == NULL)
    return;
  set_picking (self, FALSE);
  g_set_object (&self->opened, self->selected[0]);
  atelier_detail_view_show_pair (self->detail_view, self->selected[0], self->selected[1]);
  gtk_stack_set_visible_child_name (self->stack, "detail");
  gtk_widget_grab_focus (GTK_WIDGET (self->detail_view));
}

static void
on_detail_close (AtelierGallery    *self,
                 AtelierDetailView *detail_view)
{
  atelier_gallery_show_job (self, NULL);
}

static void
on_detail_compare_requested (AtelierGallery    *self,
                             AtelierDetailView *detail_view)
{
  gtk_stack_set_visible_child_name (self->stack, "browse");
  set_picking (self, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->grid_view));
}

static void
on_search_changed (AtelierGallery *self,
                   GtkSearchEntry *entry)
{
  atelier_library_view_set_search (self->view, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
on_model_selected (AtelierGallery *self,
                   GParamSpec     *pspec,
                   GtkDropDown    *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);
  const char *id = NULL;

  if (self->model_ids != NULL && selected < self->model_ids->len)
    id = g_ptr_array_index (self->model_ids, selected);
  atelier_library_view_set_model_id (self->view, id);
}

static void
fill_model_dropdown (AtelierGallery *self)
{
  AtelierCatalog *catalog = atelier_catalog_get_default ();
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint n = catalog ? g_list_model_get_n_items (G_LIST_MODEL (catalog)) : 0;

  g_clear_pointer (&self->model_ids, g_ptr_array_unref);
  self->model_ids = g_ptr_array_new_with_free_func (g_free);

  gtk_string_list_append (names, _("All models"));
  g_ptr_array_add (self->model_ids, NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AtelierModel) model = g_list_model_get_item (G_LIST_MODEL (catalog), i);

      gtk_string_list_append (names, atelier_model_get_name (model));
      g_ptr_array_add (self->model_ids, g_strdup (atelier_model_get_id (model)));
    }
  gtk_drop_down_set_model (self->model_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->model_dropdown, 0);
}

static void
cancel_pick_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  AtelierGallery *self = ATELIER_GALLERY (widget);

  set_picking (self, FALSE);
  if (atelier_detail_view_get_job (self->detail_view) != NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "detail");
      gtk_widget_grab_focus (GTK_WIDGET (self->detail_view));
    }
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AtelierGallery *self = ATELIER_GALLERY (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "browse") != 0)
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* GObject */

static void
atelier_gallery_dispose (GObject *object)
{
  AtelierGallery *self = ATELIER_GALLERY (object);

  if (self->grid_view != NULL)
    gtk_grid_view_set_model (self->grid_view, NULL);

  _atelier_gallery_dispose_cells (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), ATELIER_TYPE_GALLERY);

  track_selected (self, NULL, NULL);
  g_clear_object (&self->opened);
  g_clear_object (&self->selection);
  g_clear_object (&self->view);
  g_clear_object (&self->library);
  g_clear_object (&self->engine);
  g_clear_pointer (&self->model_ids, g_ptr_array_unref);
  g_clear_object (&self->collections);
  atelier_scope_clear (&self->scope);

  G_OBJECT_CLASS (atelier_gallery_parent_class)->dispose (object);
}

static void
atelier_gallery_class_init (AtelierGalleryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = atelier_gallery_dispose;

  g_type_ensure (ATELIER_TYPE_DETAIL_VIEW);
  g_type_ensure (ATELIER_TYPE_VARIATION_GRID);
  g_type_ensure (ATELIER_TYPE_SCOPE_MENU);
  g_type_ensure (ATELIER_TYPE_SELECTION_BAR);
  g_type_ensure (ATELIER_TYPE_COLLECTION_DROP_BAR);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fluxatelier/Atelier/ui/atelier-gallery.ui");
  gtk_widget_class_bind_template_child (widget_class, AtelierGallery, stack);
  gtk_widget_class_bind_template_child (widget_class, AtelierGallery, search_entry);
  gtk_widget_class_bind_template_child (widget_class, AtelierGallery, model_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AtelierGallery, compare_button);
  gtk_widget_class_bind_template_child (widget_class, AtelierGallery, pick_revealer);
  gtk_widget_class_bind_template_child (widget_class, AtelierGallery, browse_stack);
  gtk_widget_class_bind_template_child (widget_class, AtelierGallery, scroller);
  gtk_widget_class_bind_template_child (widget_class, AtelierGallery, grid_view);
  gtk_widget_class_bind_template_child (widget_class, AtelierGallery, detail_view);
  gtk_widget_class_bind_template_child (widget_class, AtelierGallery, variation_grid);
  gtk_widget_class_bind_template_child (widget_class, AtelierGallery, scope_menu);
  gtk_widget_class_bind_template_child (widget_class, AtelierGallery, selection_bar);
  gtk_widget_class_bind_template_child (widget_class, AtelierGallery, drop_bar);

  _atelier_gallery_class_init_cells (widget_class);
  gtk_widget_class_install_action (widget_class, "gallery.cancel-pick", NULL, cancel_pick_action);
  gtk_widget_class_install_action (widget_class, "gallery.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "gallery.compare-selected", NULL, compare_selected_action);
  gtk_widget_class_install_action (widget_class, "gallery.show-set", "s", show_set_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "gallery.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "gallery.cancel-pick", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "gallery");
}

static void
atelier_gallery_init (AtelierGallery *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Search and filters run over the library's rows in memory: no job is read for them. */
  self->view = atelier_library_view_new (NULL);
  g_signal_connect_object (self->view, "items-changed", G_CALLBACK (on_items_changed), self, G_CONNECT_SWAPPED);

  /* Ctrl+click (or Ctrl+Space) selects more than one: two make a comparison. */
  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->view)));
  g_signal_connect_object (self->selection, "selection-changed", G_CALLBACK (on_selection_changed), self,
                           G_CONNECT_SWAPPED);
  gtk_grid_view_set_model (self->grid_view, GTK_SELECTION_MODEL (self->selection));
  /* Ctrl+A and Shift+click are the list's own; dragging across empty space selects too. */
  gtk_grid_view_set_enable_rubberband (self->grid_view, TRUE);
  atelier_selection_bar_set_selection (self->selection_bar, GTK_SELECTION_MODEL (self->selection));
  _atelier_gallery_init_cells (self);
  g_signal_connect_object (self->view, "items-changed", G_CALLBACK (on_filter_items_changed), self,
                           G_CONNECT_SWAPPED);

  g_signal_connect_object (self->grid_view, "activate", G_CALLBACK (on_grid_activate), self, 0);
  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (on_search_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model_dropdown, "notify::selected", G_CALLBACK (on_model_selected), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->detail_view, "close", G_CALLBACK (on_detail_close), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->scope_menu, "notify::scope", G_CALLBACK (on_scope_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->detail_view, "compare-requested", G_CALLBACK (on_detail_compare_requested), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->drop_bar, "job-dropped", G_CALLBACK (on_job_dropped), self, G_CONNECT_SWAPPED);
  atelier_collection_drop_bar_watch (self->drop_bar, GTK_WIDGET (self));
  g_signal_connect_object (self->variation_grid, "job-activated", G_CALLBACK (on_set_job_activated), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->variation_grid, "close", G_CALLBACK (on_set_close), self, G_CONNECT_SWAPPED);

  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->grid_view));

  fill_model_dropdown (self);
  set_picking (self, FALSE);
  update_compare_action (self);
  update_browse_page (self);
}

void
atelier_gallery_set_services (AtelierGallery *self,
                              AtelierLibrary *library,
                              AtelierEngine  *engine)
{
  g_return_if_fail (ATELIER_IS_GALLERY (self));
  g_return_if_fail (library == NULL || ATELIER_IS_LIBRARY (library));
  g_return_if_fail (engine == NULL || ATELIER_IS_ENGINE (engine));

  if (self->library != NULL)
    g_signal_handlers_disconnect_by_func (self->library, on_items_changed, self);
  g_set_object (&self->library, library);
  g_set_object (&self->engine, engine);
  if (library != NULL)
    g_signal_connect_object (library, "items-changed", G_CALLBACK (on_items_changed), self, G_CONNECT_SWAPPED);

  atelier_library_view_set_library (self->view, library);
  atelier_detail_view_set_services (self->detail_view, library, engine);
  atelier_variation_grid_set_library (self->variation_grid, library);
  atelier_scope_menu_set_library (self->scope_menu, library);
  atelier_selection_bar_set_library (self->selection_bar, library);
  update_browse_page (self);
}

void
atelier_gallery_set_collections (AtelierGallery     *self,
                                 AtelierCollections *collections)
{
  g_return_if_fail (ATELIER_IS_GALLERY (self));
  g_return_if_fail (collections == NULL || ATELIER_IS_COLLECTIONS (collections));

  /* Stars and memberships reach the view by themselves (a saved job's row changes); collection
   * names are searched, so the view follows the collections too. */
  g_set_object (&self->collections, collections);
  atelier_library_view_set_collections (self->view, collections);
  atelier_scope_menu_set_collections (self->scope_menu, collections);
  atelier_selection_bar_set_collections (self->selection_bar, collections);
  atelier_collection_drop_bar_set_collections (self->drop_bar, collections);
}

void
atelier_gallery_set_scope (AtelierGallery *self,
                           const char     *scope)
{
  g_return_if_fail (ATELIER_IS_GALLERY (self));

  atelier_scope_menu_set_scope (self->scope_menu, scope);
}

const char *
atelier_gallery_get_scope (AtelierGallery *self)
{
  g_return_val_if_fail (ATELIER_IS_GALLERY (self), NULL);

  return atelier_scope_menu_get_scope (self->scope_menu);
}

void
atelier_gallery_bind (AtelierGallery     *self,
                      AtelierApplication *application)
{
  g_return_if_fail (ATELIER_IS_GALLERY (self));
  g_return_if_fail (ATELIER_IS_APPLICATION (application));

  atelier_gallery_set_services (self,
                                atelier_application_get_library (application),
                                atelier_application_get_engine (application));
  atelier_gallery_set_collections (self, atelier_application_get_collections (application));
}

AtelierCollectionDropBar *
atelier_gallery_get_drop_bar (AtelierGallery *self)
{
  g_return_val_if_fail (ATELIER_IS_GALLERY (self), NULL);

  return self->drop_bar;
}

AtelierVariationGrid *
atelier_gallery_get_variation_grid (AtelierGallery *self)
{
  g_return_val_if_fail (ATELIER_IS_GALLERY (self), NULL);

  return self->variation_grid;
}

AtelierDetailView *
atelier_gallery_get_detail_view (AtelierGallery *self)
{
  g_return_val_if_fail (ATELIER_IS_GALLERY (self), NULL);

  return self->detail_view;
}

GtkSelectionModel *
atelier_gallery_get_selection (AtelierGallery *self)
{
  g_return_val_if_fail (ATELIER_IS_GALLERY (self), NULL);

  return GTK_SELECTION_MODEL (self->selection);
}

GListModel *
atelier_gallery_get_model (AtelierGallery *self)
{
  g_return_val_if_fail (ATELIER_IS_GALLERY (self), NULL);

  return G_LIST_MODEL (self->view);
}

static AtelierGalleryCell *
find_cell (GtkWidget  *widget,
           AtelierJob *job)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      AtelierGalleryCell *found;

      if (ATELIER_IS_GALLERY_CELL (child))
        {
          if (atelier_gallery_cell_get_job (ATELIER_GALLERY_CELL (child)) == job)
            return ATELIER_GALLERY_CELL (child);
          continue;
        }
      if ((found = find_cell (child, job)) != NULL)
        return found;
    }
  return NULL;
}

AtelierGalleryCell *
atelier_gallery_find_cell (AtelierGallery *self,
                           AtelierJob     *job)
{
  g_return_val_if_fail (ATELIER_IS_GALLERY (self), NULL);
  g_return_val_if_fail (ATELIER_IS_JOB (job), NULL);

  return find_cell (GTK_WIDGET (self->grid_view), job);
}

const char *
atelier_gallery_get_page (AtelierGallery *self)
{
  g_return_val_if_fail (ATELIER_IS_GALLERY (self), NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "browse") != 0)
    return gtk_stack_get_visible_child_name (self->stack);
  return gtk_stack_get_visible_child_name (self->browse_stack);
}

void
atelier_gallery_set_search (AtelierGallery *self,
                            const char     *text)
{
  g_return_if_fail (ATELIER_IS_GALLERY (self));

  /* The entry deletes, then inserts, and would apply the empty search in between (the whole
   * library, shown for nothing): it is quiet while its text is set, and the search applied now
   * rather than after its typing delay. */
  g_signal_handlers_block_by_func (self->search_entry, on_search_changed, self);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
  g_signal_handlers_unblock_by_func (self->search_entry, on_search_changed, self);
  atelier_library_view_set_search (self->view, text);
}

void
atelier_gallery_set_model_filter (AtelierGallery *self,
                                  const char     *model_id)
{
  g_return_if_fail (ATELIER_IS_GALLERY (self));

  for (guint i = 0; i < self->model_ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->model_ids, i), model_id) == 0)
      {
        gtk_drop_down_set_selected (self->model_dropdown, i);
        return;
      }
}
