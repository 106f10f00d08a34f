/* atelier-refusal-list.c — the files a drop, paste or command line could not add, all named at once
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-refusal-list.h"

/* Ten files refused one by one would be ten toasts, each hiding the one before. The list names
 * them all where the person just dropped them, until they dismiss it or add something else. */

struct _AtelierRefusalList
{
  GtkWidget    parent_instance;

  GtkRevealer *revealer;
  GtkLabel    *title;
  GtkListBox  *list;
  char       **messages;
};

G_DEFINE_FINAL_TYPE (AtelierRefusalList, atelier_refusal_list, GTK_TYPE_WIDGET)

void
atelier_refusal_list_hide (AtelierRefusalList *self)
{
  GtkWidget *child;

  g_return_if_fail (ATELIER_IS_REFUSAL_LIST (self));

  g_clear_pointer (&self->messages, g_strfreev);
  gtk_revealer_set_reveal_child (self->revealer, FALSE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
}

void
atelier_refusal_list_show (AtelierRefusalList *self,
                           const char * const *messages)
{
  guint n;
  g_autofree char *title = NULL;

  g_return_if_fail (ATELIER_IS_REFUSAL_LIST (self));

  atelier_refusal_list_hide (self);
  n = messages != NULL ? g_strv_length ((char **) messages) : 0;
  if (n == 0)
    return;

  self->messages = g_strdupv ((char **) messages);
  title = g_strdup_printf (ngettext ("%u file was not added", "%u files were not added", n), n);
  gtk_label_set_label (self->title, title);

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *label = gtk_label_new (messages[i]);
      GtkWidget *row = gtk_list_box_row_new ();

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_selectable (GTK_LABEL (label), FALSE);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, messages[i],
                                      -1);
      gtk_list_box_append (self->list, row);
    }

  gtk_revealer_set_reveal_child (self->revealer, TRUE);
}

const char * const *
atelier_refusal_list_get_messages (AtelierRefusalList *self)
{
  g_return_val_if_fail (ATELIER_IS_REFUSAL_LIST (self), NULL);

  return (const char * const *) self->messages;
}

const char *
atelier_refusal_list_get_title (AtelierRefusalList *self)
{
  g_return_val_if_fail (ATELIER_IS_REFUSAL_LIST (self), NULL);

  return self->messages != NULL ? gtk_label_get_label (self->title) : NULL;
}

static void
on_dismiss_clicked (AtelierRefusalList *self)
{
  atelier_refusal_list_hide (self);
}

static void
atelier_refusal_list_dispose (GObject *object)
{
  AtelierRefusalList *self = ATELIER_REFUSAL_LIST (object);

  g_clear_pointer (&self->messages, g_strfreev);
  if (self->revealer != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->revealer));
      self->revealer = NULL;
    }

  G_OBJECT_CLASS (atelier_refusal_list_parent_class)->dispose (object);
}

static void
atelier_refusal_list_class_init (AtelierRefusalListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = atelier_refusal_list_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "refusallist");
}

static void
atelier_refusal_list_init (AtelierRefusalList *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *dismiss = gtk_button_new_from_icon_name ("window-close-symbolic");

  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (icon, "warning");
  gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);

  self->title = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->title, 0);
  gtk_label_set_wrap (self->title, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->title), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "heading");

  gtk_widget_add_css_class (dismiss, "flat");
  gtk_widget_add_css_class (dismiss, "circular");
  gtk_widget_set_valign (dismiss, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (dismiss, _("Dismiss"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (dismiss),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Dismiss the list of files not added"),
                                  -1);
  g_signal_connect_object (dismiss, "clicked", G_CALLBACK (on_dismiss_clicked), self, G_CONNECT_SWAPPED);

  gtk_box_append (GTK_BOX (header), icon);
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (header), dismiss);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Files not added"),
                                  -1);
  /* Every name shows, however many: the composer scrolls, and the person dismisses the list. */
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->list));

  self->revealer = GTK_REVEALER (gtk_revealer_new ());
  gtk_revealer_set_transition_type (self->revealer, GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
  gtk_revealer_set_child (self->revealer, box);
  gtk_widget_set_parent (GTK_WIDGET (self->revealer), GTK_WIDGET (self));
}

GtkWidget *
atelier_refusal_list_new (void)
{
  return g_object_new (ATELIER_TYPE_REFUSAL_LIST, NULL);
}
