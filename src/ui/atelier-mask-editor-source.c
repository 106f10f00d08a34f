/* atelier-mask-editor-source.c — the source image: decoding, opening, dropping and pasting
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "atelier-file-chooser.h"
#include "atelier-mask-editor-private.h"
#include "atelier-texture-reference.h"

/* Loading a source: decoding and the pyramid in a worker */

typedef struct
{
  AtelierReference *source;
  AtelierReference *mask;      /* to restore, or NULL */
  GPtrArray        *levels;
  GdkPixbuf        *pixbuf;    /* kept only with alpha */
  AtelierMask      *restored;
} SourceJob;

static void
source_job_free (SourceJob *job)
{
  g_clear_object (&job->source);
  g_clear_object (&job->mask);
  g_clear_pointer (&job->levels, g_ptr_array_unref);
  g_clear_object (&job->pixbuf);
  g_clear_object (&job->restored);
  g_free (job);
}

static GdkTexture *
texture_for_pixbuf (GdkPixbuf *pixbuf)
{
  g_autoptr(GBytes) bytes = gdk_pixbuf_read_pixel_bytes (pixbuf);
  gboolean alpha = gdk_pixbuf_get_has_alpha (pixbuf);

  return gdk_memory_texture_new (gdk_pixbuf_get_width (pixbuf), gdk_pixbuf_get_height (pixbuf),
                                 alpha ? GDK_MEMORY_R8G8B8A8 : GDK_MEMORY_R8G8B8,
                                 bytes, gdk_pixbuf_get_rowstride (pixbuf));
}

static void
decode_source_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  SourceJob *job = task_data;
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr(GdkPixbuf) level = NULL;
  GError *error = NULL;
  GdkPixbuf *pixbuf;

  if (!gdk_pixbuf_loader_write_bytes (loader, atelier_reference_get_bytes (job->source), &error)
      || !gdk_pixbuf_loader_close (loader, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pixbuf == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The image could not be read"));
      return;
    }

  job->levels = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (job->levels, texture_for_pixbuf (pixbuf));
  level = g_object_ref (pixbuf);
  while (MAX (gdk_pixbuf_get_width (level), gdk_pixbuf_get_height (level)) > SMALLEST_LEVEL)
    {
      GdkPixbuf *half = gdk_pixbuf_scale_simple (level,
                                                 MAX (1, gdk_pixbuf_get_width (level) / 2),
                                                 MAX (1, gdk_pixbuf_get_height (level) / 2),
                                                 GDK_INTERP_BILINEAR);

      if (half == NULL || g_task_return_error_if_cancelled (task))
        {
          g_clear_object (&half);
          if (!g_task_had_error (task))
            g_task_return_boolean (task, TRUE);
          return;
        }
      g_ptr_array_add (job->levels, texture_for_pixbuf (half));
      g_set_object (&level, half);
      g_object_unref (half);
    }

  if (gdk_pixbuf_get_has_alpha (pixbuf))
    job->pixbuf = g_object_ref (pixbuf);

  if (job->mask != NULL)
    {
      job->restored = atelier_mask_new_from_png (atelier_reference_get_bytes (job->mask), &error);
      if (job->restored == NULL)
        g_clear_error (&error);
    }

  g_task_return_boolean (task, TRUE);
}

static void
on_source_decoded (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  AtelierMaskEditor *self = ATELIER_MASK_EDITOR (object);
  SourceJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierMask) mask = NULL;
  guint width, height;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->loading = FALSE;
      g_clear_object (&self->source);
      _atelier_mask_editor_notify (self, PROP_SOURCE);
      _atelier_mask_editor_notify (self, PROP_LOADING);
      _atelier_mask_editor_message (self, error->message);
      _atelier_mask_editor_update_state (self);
      return;
    }

  width = atelier_reference_get_width (job->source);
  height = atelier_reference_get_height (job->source);

  g_clear_pointer (&self->levels, g_ptr_array_unref);
  self->levels = g_steal_pointer (&job->levels);
  g_set_object (&self->pixbuf, job->pixbuf);

  if (job->restored != NULL && atelier_mask_get_width (job->restored) == width
      && atelier_mask_get_height (job->restored) == height)
    mask = g_object_ref (job->restored);
  else
    {
      if (job->mask != NULL)
        _atelier_mask_editor_message (self, _("The saved mask does not match the image; paint it again"));
      mask = atelier_mask_new (width, height);
    }
  _atelier_mask_editor_set_mask (self, mask);

  /* A brush about a twelfth of the picture is a good start whatever its resolution. */
  gtk_adjustment_set_upper (self->size_adjustment, MAX (64, MIN (2048, MAX (width, height) / 3)));
  gtk_adjustment_set_value (self->size_adjustment, CLAMP (round (MIN (width, height) / 12.0), 4, 400));

  self->loading = FALSE;
  _atelier_mask_editor_notify (self, PROP_LOADING);
  _atelier_mask_editor_update_state (self);
  self->fitted = TRUE;
  atelier_mask_editor_fit (self);
  _atelier_mask_editor_update_zoom_label (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
}

void
_atelier_mask_editor_load_source (AtelierMaskEditor *self,
                                  AtelierReference  *source,
                                  AtelierReference  *mask)
{
  g_autoptr(GTask) task = NULL;
  SourceJob *job;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_set_object (&self->source, source);
  g_clear_pointer (&self->levels, g_ptr_array_unref);
  g_clear_object (&self->pixbuf);
  _atelier_mask_editor_set_mask (self, NULL);

  if (source == NULL)
    {
      self->loading = FALSE;
      _atelier_mask_editor_notify (self, PROP_SOURCE);
      _atelier_mask_editor_notify (self, PROP_LOADING);
      _atelier_mask_editor_update_state (self);
      return;
    }

  self->loading = TRUE;
  self->load_cancellable = g_cancellable_new ();
  job = g_new0 (SourceJob, 1);
  job->source = g_object_ref (source);
  job->mask = mask != NULL ? g_object_ref (mask) : NULL;

  task = g_task_new (self, self->load_cancellable, on_source_decoded, NULL);
  g_task_set_source_tag (task, _atelier_mask_editor_load_source);
  g_task_set_task_data (task, job, (GDestroyNotify) source_job_free);
  g_task_run_in_thread (task, decode_source_thread);

  _atelier_mask_editor_notify (self, PROP_SOURCE);
  _atelier_mask_editor_notify (self, PROP_LOADING);
  _atelier_mask_editor_update_state (self);
}

/* Opening files and textures */

/* A pasted texture made into a reference: the new source, or why not. */
static void
take_prepared (AtelierMaskEditor *self,
               AtelierReference  *reference,
               const GError      *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (reference == NULL)
    {
      self->loading = FALSE;
      _atelier_mask_editor_notify (self, PROP_LOADING);
      _atelier_mask_editor_message (self, error->message);
      _atelier_mask_editor_update_state (self);
      return;
    }
  _atelier_mask_editor_load_source (self, reference, NULL);
}

static void
start_loading (AtelierMaskEditor *self)
{
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  self->loading = TRUE;
  _atelier_mask_editor_notify (self, PROP_LOADING);
  _atelier_mask_editor_update_state (self);
}

/* Several files for one source: tried in their order until one is a whole picture. */
typedef struct
{
  AtelierMaskEditor *editor;
  GPtrArray         *files;
  guint              index;
  GPtrArray         *refusals;
} OpenFiles;

static void
open_files_free (OpenFiles *open)
{
  g_object_unref (open->editor);
  g_ptr_array_unref (open->files);
  g_ptr_array_unref (open->refusals);
  g_free (open);
}

static void
emit_refusals (AtelierMaskEditor *self,
               GPtrArray         *refusals)
{
  g_ptr_array_add (refusals, NULL);
  _atelier_mask_editor_refused (self, (const char * const *) refusals->pdata);
  g_ptr_array_remove_index (refusals, refusals->len - 1);
}

static void open_next_file (OpenFiles *open);

static void
on_open_file_prepared (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  OpenFiles *open = user_data;
  AtelierMaskEditor *self = open->editor;
  g_autoptr(AtelierReference) reference = NULL;
  g_autoptr(GError) error = NULL;

  reference = atelier_reference_prepare_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      open_files_free (open);
      return;
    }

  if (reference == NULL)
    {
      g_ptr_array_add (open->refusals, g_strdup (error->message));
      open->index++;
      open_next_file (open);
      return;
    }

  for (guint i = open->index + 1; i < open->files->len; i++)
    {
      g_autofree char *name = g_file_get_basename (g_ptr_array_index (open->files, i));

      g_ptr_array_add (open->refusals,
                       /* TRANSLATORS: %s is a file name */
                       g_strdup_printf (_("%s was not used: Fill repaints one image"), name));
    }
  emit_refusals (self, open->refusals);
  open_files_free (open);
  _atelier_mask_editor_load_source (self, reference, NULL);
}

static void
open_next_file (OpenFiles *open)
{
  AtelierMaskEditor *self = open->editor;

  if (open->index < open->files->len)
    {
      atelier_reference_prepare_file_async (g_ptr_array_index (open->files, open->index),
                                            self->max_pixels, self->load_cancellable,
                                            on_open_file_prepared, open);
      return;
    }

  /* None of them: what was shown stays. */
  self->loading = FALSE;
  _atelier_mask_editor_notify (self, PROP_LOADING);
  emit_refusals (self, open->refusals);
  _atelier_mask_editor_update_state (self);
  open_files_free (open);
}

void
atelier_mask_editor_open_files (AtelierMaskEditor  *self,
                                GFile             **files,
                                guint               n_files)
{
  OpenFiles *open;

  g_return_if_fail (ATELIER_IS_MASK_EDITOR (self));
  g_return_if_fail (files != NULL || n_files == 0);

  if (n_files == 0)
    return;

  start_loading (self);
  open = g_new0 (OpenFiles, 1);
  open->editor = g_object_ref (self);
  open->files = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n_files; i++)
    g_ptr_array_add (open->files, g_object_ref (files[i]));
  open->refusals = g_ptr_array_new_with_free_func (g_free);

  _atelier_mask_editor_refused (self, (const char * const []) { NULL });
  open_next_file (open);
}

void
atelier_mask_editor_open_file (AtelierMaskEditor *self,
                               GFile             *file)
{
  g_return_if_fail (ATELIER_IS_MASK_EDITOR (self));
  g_return_if_fail (G_IS_FILE (file));

  atelier_mask_editor_open_files (self, &file, 1);
}

static void
on_texture_prepared (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(AtelierMaskEditor) self = user_data;
  g_autoptr(AtelierReference) reference = NULL;
  g_autoptr(GError) error = NULL;

  reference = atelier_texture_reference_prepare_finish (result, NULL, &error);
  take_prepared (self, reference, error);
}

void
atelier_mask_editor_open_texture (AtelierMaskEditor *self,
                                  GdkTexture        *texture)
{
  g_return_if_fail (ATELIER_IS_MASK_EDITOR (self));
  g_return_if_fail (GDK_IS_TEXTURE (texture));

  start_loading (self);
  atelier_texture_reference_prepare_async (texture, self->max_pixels, self->load_cancellable,
                                           on_texture_prepared, g_object_ref (self));
}

static gboolean
on_drop (AtelierMaskEditor *self,
         const GValue      *value,
         double             x,
         double             y,
         GtkDropTarget     *target)
{
  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *list = g_value_get_boxed (value);
      g_autoptr(GPtrArray) files = g_ptr_array_new ();

      if (list == NULL)
        return FALSE;
      for (GSList *l = list; l != NULL; l = l->next)
        g_ptr_array_add (files, l->data);
      atelier_mask_editor_open_files (self, (GFile **) files->pdata, files->len);
      return TRUE;
    }
  if (G_VALUE_HOLDS (value, GDK_TYPE_TEXTURE))
    {
      atelier_mask_editor_open_texture (self, g_value_get_object (value));
      return TRUE;
    }
  return FALSE;
}

/* The file chooser and the clipboard */

static void
on_source_chosen (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(AtelierMaskEditor) self = user_data;
  g_autoptr(GFile) file = atelier_file_chooser_run_finish_file (result, NULL);

  if (file != NULL && gtk_widget_get_root (GTK_WIDGET (self)) != NULL)
    atelier_mask_editor_open_file (self, file);
}

void
_atelier_mask_editor_open_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  atelier_file_chooser_run (widget, ATELIER_FILE_CHOOSER_OPEN_IMAGE, _("Choose the Image to Repaint"),
                            _("_Open"), NULL, NULL, NULL, on_source_chosen, g_object_ref (widget));
}

static void
on_clipboard_files (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(AtelierMaskEditor) self = user_data;
  const GValue *value = gdk_clipboard_read_value_finish (GDK_CLIPBOARD (object), result, NULL);

  if (value != NULL)
    on_drop (self, value, 0, 0, NULL);
}

static void
on_clipboard_texture (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(AtelierMaskEditor) self = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = gdk_clipboard_read_texture_finish (GDK_CLIPBOARD (object), result, &error);
  if (texture == NULL)
    {
      _atelier_mask_editor_message (self, _("The clipboard holds no image"));
      return;
    }
  atelier_mask_editor_open_texture (self, texture);
}

void
_atelier_mask_editor_paste_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (widget);
  GdkContentFormats *formats = gdk_clipboard_get_formats (clipboard);

  if (gdk_content_formats_contain_gtype (formats, GDK_TYPE_FILE_LIST))
    gdk_clipboard_read_value_async (clipboard, GDK_TYPE_FILE_LIST, G_PRIORITY_DEFAULT, NULL,
                                    on_clipboard_files, g_object_ref (widget));
  else
    gdk_clipboard_read_texture_async (clipboard, NULL, on_clipboard_texture, g_object_ref (widget));
}

void
_atelier_mask_editor_init_drop (AtelierMaskEditor *self)
{
  GtkDropTarget *drop;
  GType drop_types[] = { GDK_TYPE_FILE_LIST, GDK_TYPE_TEXTURE };

  drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop, drop_types, G_N_ELEMENTS (drop_types));
  g_signal_connect_object (drop, "drop", G_CALLBACK (on_drop), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}
