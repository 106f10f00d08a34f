/* atelier-collection-drop-bar.c — the collections as places to drop pictures on, shown while a
 * picture is dragged over the gallery
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-collection-drop-bar.h"

struct _AtelierCollectionDropBar
{
  GtkWidget           parent_instance;

  AtelierCollections *collections;
  GPtrArray          *target_ids;   /* per target: a collection id, NULL for New Collection */
  GPtrArray          *target_names;

  GtkWidget          *revealer;
  GtkWidget          *targets;
};

G_DEFINE_FINAL_TYPE (AtelierCollectionDropBar, atelier_collection_drop_bar, GTK_TYPE_WIDGET)

enum {
  SIGNAL_JOB_DROPPED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         gpointer       user_data)
{
  AtelierCollectionDropBar *self = ATELIER_COLLECTION_DROP_BAR (user_data);
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (widget), "atelier-target"));

  if (!G_VALUE_HOLDS (value, ATELIER_TYPE_JOB) || g_value_get_object (value) == NULL)
    return FALSE;
  atelier_collection_drop_bar_drop (self, index, g_value_get_object (value));
  return TRUE;
}

static GtkWidget *
make_target (AtelierCollectionDropBar *self,
             guint                     index,
             const char               *icon_name,
             const char               *name,
             const char               *accessible)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (name);
  GtkDropTarget *drop = gtk_drop_target_new (ATELIER_TYPE_JOB, GDK_ACTION_COPY);

  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (icon_name));
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_add_css_class (box, "collection-drop-target");
  gtk_widget_set_tooltip_text (box, accessible);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_object_set_data (G_OBJECT (box), "atelier-target", GUINT_TO_POINTER (index));
  g_signal_connect_object (drop, "drop", G_CALLBACK (on_drop), self, 0);
  gtk_widget_add_controller (box, GTK_EVENT_CONTROLLER (drop));
  return box;
}

static void
rebuild (AtelierCollectionDropBar *self)
{
  guint n = self->collections != NULL ? atelier_collections_get_n_items (self->collections) : 0;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->targets)) != NULL)
    gtk_box_remove (GTK_BOX (self->targets), child);
  g_ptr_array_set_size (self->target_ids, 0);
  g_ptr_array_set_size (self->target_names, 0);

  for (guint i = 0; i <= n; i++)
    {
      const char *id = i < n ? atelier_collections_get_id (self->collections, i) : NULL;
      const char *name = i < n ? atelier_collections_get_name (self->collections, i) : _("New Collection");
      /* TRANSLATORS: what dropping a picture on a collection does, "Add to “Coast series”" */
      g_autofree char *accessible = i < n ? g_strdup_printf (_("Add to “%s”"), name)
                                          : g_strdup (_("Add to a new collection"));

      g_ptr_array_add (self->target_ids, g_strdup (id));
      g_ptr_array_add (self->target_names, g_strdup (name));
      gtk_box_append (GTK_BOX (self->targets),
                      make_target (self, i, i < n ? "folder-symbolic" : "folder-new-symbolic", name, accessible));
    }
}

/* Watching */

static void
on_drag_enter (GtkDropControllerMotion *motion,
               double                   x,
               double                   y,
               gpointer                 user_data)
{
  GdkDrop *drop = gtk_drop_controller_motion_get_drop (motion);

  if (drop != NULL && gdk_content_formats_contain_gtype (gdk_drop_get_formats (drop), ATELIER_TYPE_JOB))
    atelier_collection_drop_bar_set_revealed (user_data, TRUE);
}

static void
on_drag_leave (GtkDropControllerMotion *motion,
               gpointer                 user_data)
{
  atelier_collection_drop_bar_set_revealed (user_data, FALSE);
}

/* GObject */

static void
atelier_collection_drop_bar_dispose (GObject *object)
{
  AtelierCollectionDropBar *self = ATELIER_COLLECTION_DROP_BAR (object);

  g_clear_pointer (&self->revealer, gtk_widget_unparent);
  if (self->collections != NULL)
    g_signal_handlers_disconnect_by_func (self->collections, rebuild, self);
  g_clear_object (&self->collections);

  G_OBJECT_CLASS (atelier_collection_drop_bar_parent_class)->dispose (object);
}

static void
atelier_collection_drop_bar_finalize (GObject *object)
{
  AtelierCollectionDropBar *self = ATELIER_COLLECTION_DROP_BAR (object);

  g_ptr_array_unref (self->target_ids);
  g_ptr_array_unref (self->target_names);

  G_OBJECT_CLASS (atelier_collection_drop_bar_parent_class)->finalize (object);
}

static void
atelier_collection_drop_bar_class_init (AtelierCollectionDropBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = atelier_collection_drop_bar_dispose;
  object_class->finalize = atelier_collection_drop_bar_finalize;

  signals[SIGNAL_JOB_DROPPED] = g_signal_new ("job-dropped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                              0, NULL, NULL, NULL, G_TYPE_NONE, 2, ATELIER_TYPE_JOB,
                                              G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "collection-drop-bar");
}

static void
atelier_collection_drop_bar_init (AtelierCollectionDropBar *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *hint = gtk_label_new (_("Drop on a collection"));
  GtkWidget *scroller = gtk_scrolled_window_new ();

  self->target_ids = g_ptr_array_new_with_free_func (g_free);
  self->target_names = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_add_css_class (hint, "dim-label");
  gtk_box_append (GTK_BOX (box), hint);
  self->targets = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), self->targets);
  gtk_widget_set_hexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (box), scroller);
  gtk_widget_add_css_class (box, "collection-drop-bar");

  self->revealer = gtk_revealer_new ();
  gtk_revealer_set_child (GTK_REVEALER (self->revealer), box);
  gtk_widget_set_parent (self->revealer, GTK_WIDGET (self));
  rebuild (self);
}

void
atelier_collection_drop_bar_set_collections (AtelierCollectionDropBar *self,
                                             AtelierCollections       *collections)
{
  g_return_if_fail (ATELIER_IS_COLLECTION_DROP_BAR (self));
  g_return_if_fail (collections == NULL || ATELIER_IS_COLLECTIONS (collections));

  if (self->collections != NULL)
    g_signal_handlers_disconnect_by_func (self->collections, rebuild, self);
  g_set_object (&self->collections, collections);
  if (collections != NULL)
    g_signal_connect_object (collections, "changed", G_CALLBACK (rebuild), self, G_CONNECT_SWAPPED);
  rebuild (self);
}

void
atelier_collection_drop_bar_watch (AtelierCollectionDropBar *self,
                                   GtkWidget                *area)
{
  GtkEventController *motion;

  g_return_if_fail (ATELIER_IS_COLLECTION_DROP_BAR (self));
  g_return_if_fail (GTK_IS_WIDGET (area));

  motion = gtk_drop_controller_motion_new ();
  g_signal_connect_object (motion, "enter", G_CALLBACK (on_drag_enter), self, 0);
  g_signal_connect_object (motion, "leave", G_CALLBACK (on_drag_leave), self, 0);
  gtk_widget_add_controller (area, motion);
}

gboolean
atelier_collection_drop_bar_get_revealed (AtelierCollectionDropBar *self)
{
  g_return_val_if_fail (ATELIER_IS_COLLECTION_DROP_BAR (self), FALSE);

  return gtk_revealer_get_reveal_child (GTK_REVEALER (self->revealer));
}

void
atelier_collection_drop_bar_set_revealed (AtelierCollectionDropBar *self,
                                          gboolean                  revealed)
{
  g_return_if_fail (ATELIER_IS_COLLECTION_DROP_BAR (self));

  gtk_revealer_set_reveal_child (GTK_REVEALER (self->revealer), revealed);
}

guint
atelier_collection_drop_bar_get_n_targets (AtelierCollectionDropBar *self)
{
  g_return_val_if_fail (ATELIER_IS_COLLECTION_DROP_BAR (self), 0);

  return self->target_names->len;
}

const char *
atelier_collection_drop_bar_get_target_name (AtelierCollectionDropBar *self,
                                             guint                     index)
{
  g_return_val_if_fail (ATELIER_IS_COLLECTION_DROP_BAR (self), NULL);

  return index < self->target_names->len ? g_ptr_array_index (self->target_names, index) : NULL;
}

void
atelier_collection_drop_bar_drop (AtelierCollectionDropBar *self,
                                  guint                     index,
                                  AtelierJob               *job)
{
  g_autofree char *id = NULL;

  g_return_if_fail (ATELIER_IS_COLLECTION_DROP_BAR (self));
  g_return_if_fail (ATELIER_IS_JOB (job));

  if (index >= self->target_ids->len)
    return;
  /* The handler may rebuild the targets (a new collection): keep the id. */
  id = g_strdup (g_ptr_array_index (self->target_ids, index));
  atelier_collection_drop_bar_set_revealed (self, FALSE);
  g_signal_emit (self, signals[SIGNAL_JOB_DROPPED], 0, job, id);
}
