/* atelier-composer-fill.c — FLUX.1 Fill: the mask editor in the tray's place
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-composer-private.h"

/* The mask editor takes the tray's place; slot 1 holds its source image. */

gboolean
_atelier_composer_uses_mask_editor (AtelierComposer *self)
{
  return self->model != NULL && atelier_model_get_ref_mode (self->model) == ATELIER_REF_MODE_IMAGE_MASK;
}

static AtelierReference *
get_first_reference (AtelierComposer *self)
{
  if (atelier_recipe_get_n_references (self->recipe) == 0)
    return NULL;
  return atelier_recipe_get_reference (self->recipe, 0);
}

void
_atelier_composer_forget_carried_mask (AtelierComposer *self)
{
  g_cancellable_cancel (self->carry_cancellable);
  g_clear_object (&self->carry_cancellable);
  g_clear_object (&self->carried_source);
  g_clear_object (&self->carried_mask);
}

typedef struct
{
  GBytes *mask;
  guint   width;
  guint   height;
} ScaleMaskJob;

static void
scale_mask_job_free (ScaleMaskJob *job)
{
  g_bytes_unref (job->mask);
  g_free (job);
}

/* The painted mask scaled to the source prepared again at the new cap (worker thread). */
static void
scale_mask_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  ScaleMaskJob *job = task_data;
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (job->mask);
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GdkPixbuf) scaled = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GError) error = NULL;
  AtelierReference *reference;
  char *buffer = NULL;
  gsize size = 0;

  pixbuf = gdk_pixbuf_new_from_stream (stream, cancellable, &error);
  if (pixbuf != NULL)
    scaled = gdk_pixbuf_scale_simple (pixbuf, job->width, job->height, GDK_INTERP_BILINEAR);
  if (scaled == NULL || !gdk_pixbuf_save_to_buffer (scaled, &buffer, &size, "png", &error, NULL))
    {
      if (error == NULL)
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not keep the mask"));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  png = g_bytes_new_take (buffer, size);
  reference = atelier_reference_new_prepared (png, "mask.png", &error);
  if (reference == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, reference, g_object_unref);
}

static void
on_mask_carried (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  AtelierComposer *self = ATELIER_COMPOSER (object);
  g_autoptr(AtelierReference) source = user_data;
  g_autoptr(AtelierReference) mask = NULL;
  g_autoptr(GError) error = NULL;

  mask = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  _atelier_composer_forget_carried_mask (self);
  if (mask == NULL)
    _atelier_composer_show_message (self, error->message);
  if (get_first_reference (self) == source && _atelier_composer_uses_mask_editor (self))
    atelier_mask_editor_set_source_and_mask (self->mask_editor, source, mask);
  _atelier_composer_update_state (self);
}

static void
carry_mask (AtelierComposer  *self,
            AtelierReference *source)
{
  g_autoptr(GTask) task = NULL;
  ScaleMaskJob *job = g_new0 (ScaleMaskJob, 1);

  job->mask = g_bytes_ref (atelier_reference_get_bytes (self->carried_mask));
  job->width = atelier_reference_get_width (source);
  job->height = atelier_reference_get_height (source);
  g_clear_object (&self->carried_mask);

  self->carry_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->carry_cancellable, on_mask_carried, g_object_ref (source));
  g_task_set_source_tag (task, carry_mask);
  g_task_set_task_data (task, job, (GDestroyNotify) scale_mask_job_free);
  g_task_run_in_thread (task, scale_mask_thread);
}

void
_atelier_composer_sync_mask_editor (AtelierComposer *self)
{
  gboolean fill = _atelier_composer_uses_mask_editor (self);
  AtelierReference *first = get_first_reference (self);

  gtk_widget_set_visible (GTK_WIDGET (self->tray), !fill);
  gtk_widget_set_visible (GTK_WIDGET (self->mask_editor), fill);

  if (!fill)
    {
      _atelier_composer_forget_carried_mask (self);
      atelier_recipe_set_mask (self->recipe, NULL);
      return;
    }

  /* While slot 1 is prepared again (a new reference cap), the editor keeps what it shows; then
   * the mask painted on it follows to the new source. A carry under way decides the source. */
  if (!atelier_reference_tray_is_loading (self->tray) && self->carry_cancellable == NULL)
    {
      if (self->carried_mask != NULL && first != NULL && first != self->carried_source &&
          atelier_mask_editor_get_source (self->mask_editor) == self->carried_source)
        carry_mask (self, first);
      else
        {
          _atelier_composer_forget_carried_mask (self);
          /* The same image again is a no-op for the editor: the mask survives. */
          atelier_mask_editor_set_source (self->mask_editor, first);
        }
    }

  atelier_recipe_set_mask (self->recipe, atelier_mask_editor_get_mask_reference (self->mask_editor));
}

/* An image opened in the editor itself becomes slot 1; the other slots stay for other models. */
static void
on_mask_editor_source (AtelierComposer *self)
{
  AtelierReference *source = atelier_mask_editor_get_source (self->mask_editor);

  if (!_atelier_composer_uses_mask_editor (self) || source == get_first_reference (self))
    return;
  if (source != self->carried_source)
    _atelier_composer_forget_carried_mask (self);

  atelier_reference_tray_replace (self->tray, 0, source);
}

static void
on_mask_editor_ready (AtelierComposer *self)
{
  if (!_atelier_composer_uses_mask_editor (self))
    return;

  atelier_recipe_set_mask (self->recipe, atelier_mask_editor_get_mask_reference (self->mask_editor));
  _atelier_composer_update_state (self);
}

/* A new reference cap */

static guint64
reference_cap_pixels (GSettings *settings)
{
  g_autofree char *cap = g_settings_get_string (settings, "reference-cap");

  if (g_str_equal (cap, "original"))
    return 0;
  if (g_str_equal (cap, "2mp"))
    return 2u * 1024u * 1024u;
  if (g_str_equal (cap, "1mp"))
    return 1u * 1024u * 1024u;
  return 4u * 1024u * 1024u;
}

void
_atelier_composer_apply_reference_cap (AtelierComposer *self)
{
  guint64 cap = reference_cap_pixels (self->settings);
  AtelierReference *mask = atelier_mask_editor_get_mask_reference (self->mask_editor);

  /* Slot 1 is about to be prepared again: what is painted on it must not be lost. */
  if (_atelier_composer_uses_mask_editor (self) && mask != NULL && self->carry_cancellable == NULL)
    {
      g_set_object (&self->carried_source, atelier_mask_editor_get_source (self->mask_editor));
      g_set_object (&self->carried_mask, mask);
    }

  atelier_mask_editor_set_max_pixels (self->mask_editor, cap);
  atelier_reference_tray_set_max_pixels (self->tray, cap);
}


void
_atelier_composer_class_init_fill (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_mask_editor_source);
  gtk_widget_class_bind_template_callback (widget_class, on_mask_editor_ready);
}

void
atelier_composer_edit_with_fill (AtelierComposer *self,
                                 GFile           *file)
{
  g_return_if_fail (ATELIER_IS_COMPOSER (self));
  g_return_if_fail (G_IS_FILE (file));

  if (!_atelier_composer_select_model (self, "flux-pro-1.0-fill"))
    {
      _atelier_composer_show_message (self, _("FLUX.1 Fill [pro] is not in the model catalog"));
      return;
    }
  /* Inserted before the others: they move along and stay, marked not sent, for later. */
  atelier_reference_tray_add_files (self->tray, &file, 1, 0);
}
