/* atelier-collection-dialog.c — asking for a collection's name, to make or rename one
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-collection-dialog.h"

typedef struct
{
  AtelierCollections          *collections;
  char                        *rename_id;
  AtelierCollectionDialogDone  done;
  GObject                     *user_data;
  GtkEntry                    *entry;
  GtkLabel                    *problem;
} DialogData;

static void
dialog_data_free (gpointer user_data)
{
  DialogData *data = user_data;

  g_clear_object (&data->collections);
  g_clear_object (&data->user_data);
  g_free (data->rename_id);
  g_free (data);
}

/* The reason shows under the entry as it is typed, not after a click. */
static void
on_entry_changed (GtkEditable      *entry,
                  AdwMessageDialog *dialog)
{
  DialogData *data = g_object_get_data (G_OBJECT (dialog), "atelier-collection-dialog");
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (entry);
  gboolean ok = atelier_collections_check_name (data->collections, text, data->rename_id, &error);

  adw_message_dialog_set_response_enabled (dialog, "save", ok);
  /* An empty entry needs no scolding: the disabled button says enough. */
  gtk_label_set_label (data->problem, ok || *text == '\0' ? "" : error->message);
  gtk_widget_set_visible (GTK_WIDGET (data->problem), !ok && *text != '\0');
  if (ok)
    gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  else if (*text != '\0')
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
}

static void
on_response (AdwMessageDialog *dialog,
             const char       *response,
             gpointer          user_data)
{
  DialogData *data = g_object_get_data (G_OBJECT (dialog), "atelier-collection-dialog");
  const char *name = gtk_editable_get_text (GTK_EDITABLE (data->entry));
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (!g_str_equal (response, "save"))
    return;
  if (data->rename_id != NULL)
    {
      if (atelier_collections_rename (data->collections, data->rename_id, name, &error))
        id = g_strdup (data->rename_id);
    }
  else
    id = atelier_collections_create (data->collections, name, &error);
  if (id != NULL && data->done != NULL)
    data->done (id, data->user_data);
}

static void
on_entry_activate (GtkEntry         *entry,
                   AdwMessageDialog *dialog)
{
  if (adw_message_dialog_get_response_enabled (dialog, "save"))
    adw_message_dialog_response (dialog, "save");
}

void
atelier_collection_dialog_present (GtkWidget                   *from,
                                   AtelierCollections          *collections,
                                   const char                  *rename_id,
                                   AtelierCollectionDialogDone  done,
                                   gpointer                     user_data)
{
  GtkRoot *root = gtk_widget_get_root (from);
  AdwMessageDialog *dialog;
  DialogData *data;
  GtkWidget *box;
  const char *current = NULL;

  g_return_if_fail (ATELIER_IS_COLLECTIONS (collections));

  if (rename_id != NULL && (current = atelier_collections_lookup_name (collections, rename_id)) == NULL)
    return;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       rename_id ? _("Rename Collection") : _("New Collection"),
                                                       NULL));
  data = g_new0 (DialogData, 1);
  data->collections = g_object_ref (collections);
  data->rename_id = g_strdup (rename_id);
  data->done = done;
  data->user_data = user_data ? g_object_ref (G_OBJECT (user_data)) : NULL;
  g_object_set_data_full (G_OBJECT (dialog), "atelier-collection-dialog", data, dialog_data_free);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  data->entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (data->entry, _("Name"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (data->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Collection name"), -1);
  if (current != NULL)
    gtk_editable_set_text (GTK_EDITABLE (data->entry), current);
  data->problem = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (data->problem, TRUE);
  gtk_label_set_xalign (data->problem, 0);
  gtk_widget_add_css_class (GTK_WIDGET (data->problem), "error");
  gtk_widget_add_css_class (GTK_WIDGET (data->problem), "caption");
  gtk_widget_set_visible (GTK_WIDGET (data->problem), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (data->entry));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (data->problem));
  adw_message_dialog_set_extra_child (dialog, box);

  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "save", rename_id ? _("_Rename") : _("_Create"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");

  g_signal_connect (data->entry, "changed", G_CALLBACK (on_entry_changed), dialog);
  g_signal_connect (data->entry, "activate", G_CALLBACK (on_entry_activate), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (on_response), NULL);
  on_entry_changed (GTK_EDITABLE (data->entry), dialog);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (GTK_WIDGET (data->entry));
}
