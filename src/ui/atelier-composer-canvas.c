/* atelier-composer-canvas.c — Fill's mask editor and Expand's frame, lent to the main area
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-composer-private.h"

/* Painting a mask in a 330-pixel side panel is not how anyone inpaints. While Fill or Expand is
 * chosen, its canvas moves to the host the window gives (the main area, at the window's size);
 * the composer keeps the prompt and the settings, and a button to bring the canvas forward.
 * The widget itself moves, so its source, mask, strokes and undo history go with it. */

static GtkWidget *
wanted_canvas (AtelierComposer *self)
{
  if (self->canvas_host == NULL)
    return NULL;
  if (_atelier_composer_uses_mask_editor (self))
    return GTK_WIDGET (self->mask_editor);
  if (_atelier_composer_uses_expand (self))
    return GTK_WIDGET (self->expand_frame);
  return NULL;
}

/* Back where the template put it. */
static void
return_home (AtelierComposer *self,
             GtkWidget       *canvas)
{
  g_object_ref (canvas);
  adw_bin_set_child (self->canvas_host, NULL);
  if (canvas == GTK_WIDGET (self->mask_editor))
    gtk_box_insert_child_after (self->content, canvas, GTK_WIDGET (self->tray));
  else
    gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self->expand_frame_row), canvas);
  g_object_unref (canvas);
}

static void
lend (AtelierComposer *self,
      GtkWidget       *canvas)
{
  g_object_ref (canvas);
  if (canvas == GTK_WIDGET (self->mask_editor))
    gtk_box_remove (self->content, canvas);
  else
    gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self->expand_frame_row), NULL);
  adw_bin_set_child (self->canvas_host, canvas);
  g_object_unref (canvas);
}

void
_atelier_composer_sync_canvas (AtelierComposer *self)
{
  GtkWidget *wanted = wanted_canvas (self);
  GtkWidget *lent = self->canvas_host != NULL ? adw_bin_get_child (self->canvas_host) : NULL;

  if (lent != wanted)
    {
      if (lent != NULL)
        return_home (self, lent);
      if (wanted != NULL)
        lend (self, wanted);
    }

  /* The way back to a lent canvas, while it is out of sight (the gallery in front of it, or a
   * narrow window showing the composer). */
  gtk_widget_set_visible (self->show_canvas_button,
                          wanted != NULL && !gtk_widget_get_mapped (GTK_WIDGET (self->canvas_host)));
  /* The frame's row is empty while the frame is lent. */
  if (wanted == GTK_WIDGET (self->expand_frame))
    gtk_widget_set_visible (self->expand_frame_row, FALSE);
  else
    gtk_widget_set_visible (self->expand_frame_row, _atelier_composer_uses_expand (self));
}

/* (Un)mapping happens mid-frame: change what is visible on the next turn of the loop. */
static gboolean
sync_canvas_idle (gpointer data)
{
  AtelierComposer *self = data;

  self->canvas_idle = 0;
  _atelier_composer_sync_canvas (self);
  return G_SOURCE_REMOVE;
}

static void
on_host_mapped (AtelierComposer *self)
{
  if (self->canvas_idle == 0)
    self->canvas_idle = g_idle_add (sync_canvas_idle, self);
}

void
_atelier_composer_dispose_canvas (AtelierComposer *self)
{
  g_clear_handle_id (&self->canvas_idle, g_source_remove);
  if (self->canvas_host != NULL)
    g_signal_handlers_disconnect_by_func (self->canvas_host, on_host_mapped, self);
  g_clear_object (&self->canvas_host);
}

void
atelier_composer_set_canvas_host (AtelierComposer *self,
                                  AdwBin          *host)
{
  GtkWidget *lent;

  g_return_if_fail (ATELIER_IS_COMPOSER (self));
  g_return_if_fail (host == NULL || ADW_IS_BIN (host));

  if (self->canvas_host == host)
    return;

  lent = self->canvas_host != NULL ? adw_bin_get_child (self->canvas_host) : NULL;
  if (lent != NULL)
    return_home (self, lent);
  _atelier_composer_dispose_canvas (self);
  if (host != NULL)
    {
      self->canvas_host = g_object_ref (host);
      g_signal_connect_object (host, "map", G_CALLBACK (on_host_mapped), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (host, "unmap", G_CALLBACK (on_host_mapped), self, G_CONNECT_SWAPPED);
    }
  _atelier_composer_sync_canvas (self);
}

void
_atelier_composer_class_init_canvas (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, content);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, show_canvas_button);
}
