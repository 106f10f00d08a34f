/* atelier-reference-tray-input.c — what comes into the tray: drops, drags between slots, paste, the file chooser
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "atelier-file-chooser.h"
#include "atelier-reference-tray-private.h"

gboolean
atelier_reference_tray_can_paste (GdkClipboard *clipboard)
{
  GdkContentFormats *formats = gdk_clipboard_get_formats (clipboard);

  return gdk_content_formats_contain_gtype (formats, GDK_TYPE_FILE_LIST) ||
         gdk_content_formats_contain_gtype (formats, GDK_TYPE_TEXTURE);
}

static void
on_clipboard_files (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(AtelierReferenceTray) self = user_data;
  g_autoptr(GError) error = NULL;
  const GValue *value;
  g_autoptr(GPtrArray) files = g_ptr_array_new ();

  value = gdk_clipboard_read_value_finish (GDK_CLIPBOARD (source), result, &error);
  if (value == NULL)
    {
      _atelier_reference_tray_show_message (self, _("Could not paste the files"));
      return;
    }

  for (GSList *l = g_value_get_boxed (value); l != NULL; l = l->next)
    g_ptr_array_add (files, l->data);
  atelier_reference_tray_add_files (self, (GFile **) files->pdata, files->len, ATELIER_REFERENCE_TRAY_APPEND);
}

static void
on_clipboard_texture (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(AtelierReferenceTray) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  texture = gdk_clipboard_read_texture_finish (GDK_CLIPBOARD (source), result, &error);
  if (texture == NULL)
    {
      _atelier_reference_tray_show_message (self, _("Could not paste the image"));
      return;
    }

  atelier_reference_tray_add_texture (self, texture, ATELIER_REFERENCE_TRAY_APPEND);
}

static void
on_clipboard_text (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(AtelierReferenceTray) self = user_data;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);

  atelier_reference_tray_add_text (self, text, ATELIER_REFERENCE_TRAY_APPEND);
}

void
atelier_reference_tray_paste_clipboard (AtelierReferenceTray *self,
                                        GdkClipboard         *clipboard)
{
  GdkContentFormats *formats;

  g_return_if_fail (ATELIER_IS_REFERENCE_TRAY (self));

  formats = gdk_clipboard_get_formats (clipboard);
  if (gdk_content_formats_contain_gtype (formats, GDK_TYPE_FILE_LIST))
    gdk_clipboard_read_value_async (clipboard, GDK_TYPE_FILE_LIST, G_PRIORITY_DEFAULT, NULL,
                                    on_clipboard_files, g_object_ref (self));
  else if (gdk_content_formats_contain_gtype (formats, GDK_TYPE_TEXTURE))
    gdk_clipboard_read_texture_async (clipboard, NULL, on_clipboard_texture, g_object_ref (self));
  else if (gdk_content_formats_contain_gtype (formats, G_TYPE_STRING))
    gdk_clipboard_read_text_async (clipboard, NULL, on_clipboard_text, g_object_ref (self));
  else
    _atelier_reference_tray_show_message (self, _("The clipboard holds no image"));
}

/* Text from a drop or the clipboard: addresses of images, one a line. */

static gboolean
is_web_uri (const char *text)
{
  return g_str_has_prefix (text, "https://") || g_str_has_prefix (text, "http://");
}

void
atelier_reference_tray_add_text (AtelierReferenceTray *self,
                                 const char           *text,
                                 guint                 position)
{
  g_auto(GStrv) lines = NULL;
  guint n_addresses = 0;
  Batch *batch;

  g_return_if_fail (ATELIER_IS_REFERENCE_TRAY (self));

  if (text == NULL)
    return;

  /* text/uri-list or plain text: one address a line, comments skipped. */
  lines = g_strsplit_set (text, "\r\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = g_strstrip (lines[i]);

      if (*line == '\0' || *line == '#')
        continue;
      if (is_web_uri (line) || g_str_has_prefix (line, "file://") || g_path_is_absolute (line))
        n_addresses++;
    }

  if (n_addresses == 0)
    {
      _atelier_reference_tray_show_message (self, _("Only images, image files and links to images can be references"));
      return;
    }

  /* The addresses are taken in their order; a line that is none is named with the refusals,
   * and costs the others nothing. */
  batch = _atelier_reference_tray_batch_new (self, position);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      g_autoptr(GFile) file = NULL;

      if (*line == '\0' || *line == '#')
        continue;
      if (is_web_uri (line) || g_str_has_prefix (line, "file://"))
        file = g_file_new_for_uri (line);
      else if (g_path_is_absolute (line))
        file = g_file_new_for_path (line);

      if (file != NULL)
        {
          _atelier_reference_tray_batch_add_file (self, batch, file);
        }
      else
        {
          g_autofree char *shown = g_utf8_make_valid (line, MIN (strlen (line), 60));
          /* TRANSLATORS: %s is a line of dropped or pasted text */
          g_autofree char *message = g_strdup_printf (_("“%s” is not an image or a link to one"), shown);

          _atelier_reference_tray_batch_refuse (self, batch, shown, message);
        }
    }
  _atelier_reference_tray_batch_start (self, batch);
}

/* Drag and drop: external content (files, pictures, links) and reordering between slots. */

static gboolean
handle_drop_value (AtelierReferenceTray *self,
                   const GValue         *value,
                   guint                 position)
{
  if (G_VALUE_HOLDS (value, ATELIER_TYPE_REFERENCE_SLOT))
    {
      AtelierReferenceSlot *slot = g_value_get_object (value);

      if (slot == NULL || position == ATELIER_REFERENCE_TRAY_APPEND)
        position = self->entries->len - 1;
      atelier_reference_tray_move (self, atelier_reference_slot_get_index (slot), position);
      return TRUE;
    }
  else if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      g_autoptr(GPtrArray) files = g_ptr_array_new ();

      for (GSList *l = g_value_get_boxed (value); l != NULL; l = l->next)
        g_ptr_array_add (files, l->data);
      atelier_reference_tray_add_files (self, (GFile **) files->pdata, files->len, position);
      return TRUE;
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    {
      GFile *file = g_value_get_object (value);

      atelier_reference_tray_add_files (self, &file, 1, position);
      return TRUE;
    }
  else if (G_VALUE_HOLDS (value, GDK_TYPE_TEXTURE))
    {
      atelier_reference_tray_add_texture (self, g_value_get_object (value), position);
      return TRUE;
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_STRING))
    {
      atelier_reference_tray_add_text (self, g_value_get_string (value), position);
      return TRUE;
    }

  return FALSE;
}

static gboolean
on_tray_drop (GtkDropTarget        *target,
              const GValue         *value,
              double                x,
              double                y,
              AtelierReferenceTray *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self), "drop-hover");
  return handle_drop_value (self, value, ATELIER_REFERENCE_TRAY_APPEND);
}

static gboolean
on_slot_drop (GtkDropTarget        *target,
              const GValue         *value,
              double                x,
              double                y,
              AtelierReferenceTray *self)
{
  GtkWidget *slot = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));
  guint index = atelier_reference_slot_get_index (ATELIER_REFERENCE_SLOT (slot));

  gtk_widget_remove_css_class (GTK_WIDGET (self), "drop-hover");
  return handle_drop_value (self, value, index);
}

static void
on_drop_motion_enter (GtkDropControllerMotion *motion,
                      double                   x,
                      double                   y,
                      AtelierReferenceTray    *self)
{
  gtk_widget_add_css_class (GTK_WIDGET (self), "drop-hover");
}

static void
on_drop_motion_leave (GtkDropControllerMotion *motion,
                      AtelierReferenceTray    *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self), "drop-hover");
}

static GdkContentProvider *
on_slot_drag_prepare (GtkDragSource *source,
                      double         x,
                      double         y,
                      gpointer       user_data)
{
  GtkWidget *slot = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));
  AtelierReference *reference = atelier_reference_slot_get_reference (ATELIER_REFERENCE_SLOT (slot));

  if (reference == NULL)
    return NULL;

  return gdk_content_provider_new_typed (ATELIER_TYPE_REFERENCE_SLOT, slot);
}

static void
on_slot_drag_begin (GtkDragSource *source,
                    GdkDrag       *drag,
                    gpointer       user_data)
{
  GtkWidget *slot = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (slot);

  gtk_drag_source_set_icon (source, paintable, gtk_widget_get_width (slot) / 2, gtk_widget_get_height (slot) / 2);
}

static GtkDropTarget *
new_drop_target (void)
{
  GType types[] = {
    ATELIER_TYPE_REFERENCE_SLOT,
    GDK_TYPE_FILE_LIST,
    G_TYPE_FILE,
    GDK_TYPE_TEXTURE,
    G_TYPE_STRING,
  };
  GtkDropTarget *target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY | GDK_ACTION_MOVE);

  gtk_drop_target_set_gtypes (target, types, G_N_ELEMENTS (types));
  return target;
}

/* Opening the file chooser from an empty slot. */

typedef struct
{
  AtelierReferenceTray *tray;
  guint                 position;
} ChooserData;

void
atelier_reference_tray_add_chosen (AtelierReferenceTray *self,
                                   GListModel           *files,
                                   guint                 position)
{
  g_autoptr(GPtrArray) array = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (ATELIER_IS_REFERENCE_TRAY (self));
  g_return_if_fail (G_IS_LIST_MODEL (files));

  for (guint i = 0; i < g_list_model_get_n_items (files); i++)
    g_ptr_array_add (array, g_list_model_get_item (files, i));
  atelier_reference_tray_add_files (self, (GFile **) array->pdata, array->len, position);
}

static void
on_references_chosen (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  ChooserData *data = user_data;
  g_autoptr(GListModel) list = atelier_file_chooser_run_finish (result, NULL);

  if (list != NULL)
    {

      atelier_reference_tray_add_chosen (data->tray, list, data->position);
    }

  g_object_unref (data->tray);
  g_free (data);
}

static void
on_slot_add_requested (AtelierReferenceSlot *slot,
                       AtelierReferenceTray *self)
{
  ChooserData *data = g_new0 (ChooserData, 1);

  data->tray = g_object_ref (self);
  data->position = atelier_reference_slot_get_index (slot);
  atelier_file_chooser_run (GTK_WIDGET (self), ATELIER_FILE_CHOOSER_OPEN_IMAGES, _("Add References"),
                            _("_Add"), NULL, NULL, NULL, on_references_chosen, data);
}

void
_atelier_reference_tray_attach_slot_input (AtelierReferenceTray *self,
                                          AtelierReferenceSlot *slot)
{
  GtkDropTarget *target;
  GtkDragSource *source;

  g_signal_connect_object (slot, "add-requested", G_CALLBACK (on_slot_add_requested), self, 0);

  target = new_drop_target ();
  g_signal_connect_object (target, "drop", G_CALLBACK (on_slot_drop), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (slot), GTK_EVENT_CONTROLLER (target));

  source = gtk_drag_source_new ();
  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect (source, "prepare", G_CALLBACK (on_slot_drag_prepare), NULL);
  g_signal_connect (source, "drag-begin", G_CALLBACK (on_slot_drag_begin), NULL);
  gtk_widget_add_controller (GTK_WIDGET (slot), GTK_EVENT_CONTROLLER (source));
}

void
_atelier_reference_tray_attach_input (AtelierReferenceTray *self)
{
  GtkDropTarget *target;
  GtkEventController *motion;

  target = new_drop_target ();
  g_signal_connect_object (target, "drop", G_CALLBACK (on_tray_drop), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));

  motion = gtk_drop_controller_motion_new ();
  g_signal_connect_object (motion, "enter", G_CALLBACK (on_drop_motion_enter), self, 0);
  g_signal_connect_object (motion, "leave", G_CALLBACK (on_drop_motion_leave), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
}
