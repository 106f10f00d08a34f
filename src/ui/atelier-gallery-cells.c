/* atelier-gallery-cells.c — the gallery's cells: made and bound for the grid, opened with a click,
 * their menu, and the actions on one picture
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-gallery-private.h"

/* A plain click opens the image and leaves the selection alone; Ctrl or Shift with the click only
 * change the selection (the list item does that on release, after this). */
static void
on_cell_released (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  GtkListItem     *item)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  GtkWidget *grid_view;
  guint position = gtk_list_item_get_position (item);

  if (n_press != 1 || (state & (GDK_CONTROL_MASK | GDK_SHIFT_MASK)) != 0 ||
      position == GTK_INVALID_LIST_POSITION)
    return;
  grid_view = gtk_widget_get_ancestor (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture)),
                                       GTK_TYPE_GRID_VIEW);
  if (grid_view == NULL)
    return;
  /* Claimed, the release never reaches the list item: opening is not selecting. */
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_widget_activate_action (grid_view, "list.activate-item", "u", position);
}

/* Cells */

/* The grid's focusable child is the list item around the cell: a screen reader lands there, so it
 * carries the cell's name ("A red fox in snow — Ready") rather than none. */
static void
on_cell_accessible_label (AtelierGalleryCell *cell,
                          GParamSpec         *pspec,
                          gpointer            user_data)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (cell));

  if (parent != NULL && atelier_gallery_cell_get_accessible_label (cell) != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (parent), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    atelier_gallery_cell_get_accessible_label (cell), -1);
}

/* A cell's menu (right click, Menu, Shift+F10): open, star, and the set it belongs to. */

static void
popup_cell_menu (AtelierGallery     *self,
                 AtelierGalleryCell *cell,
                 double              x,
                 double              y)
{
  AtelierJob *job = atelier_gallery_cell_get_job (cell);
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) keep = g_menu_new ();
  g_autoptr(GMenuItem) item = NULL;
  double gallery_x, gallery_y;
  GdkRectangle at;

  if (job == NULL ||
      !gtk_widget_translate_coordinates (GTK_WIDGET (cell), GTK_WIDGET (self), x, y, &gallery_x, &gallery_y))
    return;
  at = (GdkRectangle) { (int) gallery_x, (int) gallery_y, 1, 1 };
  item = g_menu_item_new (_("_Open"), NULL);
  g_menu_item_set_action_and_target (item, "gallery.open-job", "s", atelier_job_get_id (job));
  g_menu_append_item (menu, item);
  g_clear_object (&item);
  if (atelier_job_get_set_id (job) != NULL)
    {
      item = g_menu_item_new (_("Show All _Variations"), NULL);
      g_menu_item_set_action_and_target (item, "gallery.show-set", "s", atelier_job_get_set_id (job));
      g_menu_append_item (menu, item);
      g_clear_object (&item);
    }
  item = g_menu_item_new (atelier_job_get_favourite (job) ? _("Remove from _Favourites") : _("Add to _Favourites"), NULL);
  g_menu_item_set_action_and_target (item, "gallery.toggle-favourite", "s", atelier_job_get_id (job));
  g_menu_append_item (keep, item);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (keep));

  /* One menu, the gallery's: a cell may be recycled for another picture while it is open. */
  if (self->cell_menu == NULL)
    {
      self->cell_menu = GTK_POPOVER (gtk_popover_menu_new_from_model (NULL));
      gtk_widget_set_parent (GTK_WIDGET (self->cell_menu), GTK_WIDGET (self));
      gtk_popover_set_has_arrow (self->cell_menu, FALSE);
      gtk_widget_set_halign (GTK_WIDGET (self->cell_menu), GTK_ALIGN_START);
    }
  gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->cell_menu), G_MENU_MODEL (menu));
  gtk_popover_set_pointing_to (self->cell_menu, &at);
  gtk_popover_popup (self->cell_menu);
}

static void
on_cell_secondary_pressed (GtkGestureClick *gesture,
                           int              n_press,
                           double           x,
                           double           y,
                           AtelierGallery  *self)
{
  GtkWidget *cell = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  popup_cell_menu (self, ATELIER_GALLERY_CELL (cell), x, y);
}

static AtelierGalleryCell *
focused_cell (AtelierGallery *self)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self)));

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->grid_view)))
    return NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (focus); child; child = gtk_widget_get_next_sibling (child))
    if (ATELIER_IS_GALLERY_CELL (child) && atelier_gallery_cell_get_job (ATELIER_GALLERY_CELL (child)) != NULL)
      return ATELIER_GALLERY_CELL (child);
  return NULL;
}

static gboolean
on_menu_shortcut (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  AtelierGallery *self = ATELIER_GALLERY (user_data);
  AtelierGalleryCell *cell = focused_cell (self);

  if (cell == NULL)
    return FALSE;
  popup_cell_menu (self, cell, gtk_widget_get_width (GTK_WIDGET (cell)) / 2.0,
                   gtk_widget_get_height (GTK_WIDGET (cell)) / 2.0);
  return TRUE;
}

/* gallery.open-job on a job's id. */
static void
open_job_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  AtelierGallery *self = ATELIER_GALLERY (widget);
  g_autoptr(AtelierJob) job = NULL;

  if (self->library != NULL)
    job = atelier_library_dup_job (self->library, g_variant_get_string (parameter, NULL));
  if (job != NULL)
    atelier_gallery_show_job (self, job);
}

static void
on_factory_setup (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  AtelierGallery           *self)
{
  GtkWidget *cell = atelier_gallery_cell_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect_object (click, "released", G_CALLBACK (on_cell_released), item, 0);
  gtk_widget_add_controller (cell, GTK_EVENT_CONTROLLER (click));
  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect_object (click, "pressed", G_CALLBACK (on_cell_secondary_pressed), self, 0);
  gtk_widget_add_controller (cell, GTK_EVENT_CONTROLLER (click));
  g_object_bind_property (item, "selected", cell, "selected", G_BINDING_SYNC_CREATE);
  g_signal_connect (cell, "notify::accessible-label", G_CALLBACK (on_cell_accessible_label), NULL);
  g_signal_connect (cell, "notify::parent", G_CALLBACK (on_cell_accessible_label), NULL);
  gtk_list_item_set_child (item, cell);
}

static void
on_factory_bind (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 AtelierGallery           *self)
{
  atelier_gallery_cell_set_job (ATELIER_GALLERY_CELL (gtk_list_item_get_child (item)),
                                gtk_list_item_get_item (item));
}

static void
on_factory_unbind (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   AtelierGallery           *self)
{
  /* Drops the texture: only visible cells hold one (the thumbnailer's LRU keeps a few more). */
  atelier_gallery_cell_set_job (ATELIER_GALLERY_CELL (gtk_list_item_get_child (item)), NULL);
}

/* Actions */

/* gallery.cancel-job and gallery.retry-job, on a job's id. */
static void
job_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  AtelierGallery *self = ATELIER_GALLERY (widget);
  g_autoptr(AtelierJob) job = NULL;

  if (self->library == NULL || self->engine == NULL)
    return;
  job = atelier_library_dup_job (self->library, g_variant_get_string (parameter, NULL));
  if (job == NULL)
    return;
  if (g_str_equal (action_name, "gallery.cancel-job"))
    atelier_engine_cancel (self->engine, job);
  else if (atelier_job_get_retryable (job))
    atelier_engine_retry (self->engine, job);
}

/* gallery.toggle-favourite on a job's id: the cell's star. */
static void
toggle_favourite_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  AtelierGallery *self = ATELIER_GALLERY (widget);
  g_autoptr(AtelierJob) job = NULL;

  if (self->library == NULL)
    return;
  job = atelier_library_dup_job (self->library, g_variant_get_string (parameter, NULL));
  if (job == NULL)
    return;
  atelier_library_set_favourite (self->library, job, !atelier_job_get_favourite (job));
}

/* S: the selected pictures, or the one with the keyboard focus. */
static void
favourite_selected_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  AtelierGallery *self = ATELIER_GALLERY (widget);
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

  if (gtk_bitset_is_empty (selected))
    {
      AtelierGalleryCell *cell = focused_cell (self);

      if (cell != NULL)
        gtk_widget_activate_action (widget, "gallery.toggle-favourite", "s",
                                    atelier_job_get_id (atelier_gallery_cell_get_job (cell)));
      return;
    }
  atelier_selection_bar_toggle_favourite (self->selection_bar);
}

/* Plain S stars, but only while nothing is being typed: with text in the search, it is a letter. */
static gboolean
on_star_shortcut (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  AtelierGallery *self = ATELIER_GALLERY (user_data);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (text != NULL && *text != '\0')
    return FALSE;
  return gtk_widget_activate_action (GTK_WIDGET (self), "gallery.favourite-selected", NULL);
}

/* Delete with more than one selected: the selection bar's, with its one Undo. */
static gboolean
on_delete_shortcut (GtkWidget *widget,
                    GVariant  *args,
                    gpointer   user_data)
{
  AtelierGallery *self = ATELIER_GALLERY (user_data);

  if (!atelier_selection_bar_get_revealed (self->selection_bar))
    return FALSE;
  return gtk_widget_activate_action (GTK_WIDGET (self->selection_bar), "selection.delete", NULL);
}

/* How many cells the grid keeps */

#define CELL_PADDING 4   /* gridview.atelier-gallery > child in style.css, each side */
#define MAX_COLUMNS  12  /* as in atelier-gallery.ui: a 2560 px screen's worth */

/* GTK 4.8's grid keeps 30 rows of max-columns cells bound, whatever the window shows: 360 at 12
 * columns, each made, bound and later disposed whenever a search changes the list. With
 * max-columns at what the width can hold (one more, so the columns shown never change), a
 * window of 6 columns keeps 210. */
static gboolean
fit_columns_idle (gpointer user_data)
{
  AtelierGallery *self = ATELIER_GALLERY (user_data);
  GtkAdjustment *hadjustment = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (self->grid_view));
  double width = hadjustment != NULL ? gtk_adjustment_get_page_size (hadjustment) : 0;
  guint columns;

  self->fit_columns_id = 0;
  if (width <= 0)
    return G_SOURCE_REMOVE;
  columns = CLAMP ((guint) (width / (ATELIER_GALLERY_CELL_MIN_SIZE + 2 * CELL_PADDING)) + 1, 1, MAX_COLUMNS);
  if (columns != gtk_grid_view_get_max_columns (self->grid_view))
    gtk_grid_view_set_max_columns (self->grid_view, columns);
  return G_SOURCE_REMOVE;
}

/* The width is known during an allocation, when no property may change: the next turn fits. */
static void
on_width_changed (GtkAdjustment  *hadjustment,
                  AtelierGallery *self)
{
  if (self->fit_columns_id == 0)
    self->fit_columns_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, fit_columns_idle, self, NULL);
}

void
_atelier_gallery_dispose_cells (AtelierGallery *self)
{
  g_clear_handle_id (&self->fit_columns_id, g_source_remove);
  if (self->cell_menu != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->cell_menu));
      self->cell_menu = NULL;
    }
}

void
_atelier_gallery_class_init_cells (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "gallery.cancel-job", "s", job_action);
  gtk_widget_class_install_action (widget_class, "gallery.retry-job", "s", job_action);
  gtk_widget_class_install_action (widget_class, "gallery.toggle-favourite", "s", toggle_favourite_action);
  gtk_widget_class_install_action (widget_class, "gallery.favourite-selected", NULL, favourite_selected_action);
  gtk_widget_class_install_action (widget_class, "gallery.open-job", "s", open_job_action);
}

void
_atelier_gallery_init_cells (AtelierGallery *self)
{
  GtkListItemFactory *factory;
  GtkEventController *shortcuts;

  /* Before the search entry's key capture on the grid would take the letter. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_s, 0),
                                                          gtk_callback_action_new (on_star_shortcut, self, NULL)));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Delete, 0),
                                                          gtk_callback_action_new (on_delete_shortcut, self, NULL)));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_Menu, 0),
                                                                                       gtk_keyval_trigger_new (GDK_KEY_F10, GDK_SHIFT_MASK)),
                                                          gtk_callback_action_new (on_menu_shortcut, self, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self->grid_view), shortcuts);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect_object (factory, "setup", G_CALLBACK (on_factory_setup), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (on_factory_bind), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (on_factory_unbind), self, 0);
  gtk_grid_view_set_factory (self->grid_view, factory);
  g_object_unref (factory);

  if (gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (self->grid_view)) != NULL)
    g_signal_connect_object (gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (self->grid_view)), "changed",
                             G_CALLBACK (on_width_changed), self, 0);
}
