/* atelier-texture-reference.c — a pasted or dropped picture made into a reference, in a worker
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-texture-reference.h"

typedef struct
{
  GdkTexture *texture;
  guint64     max_pixels;
  GBytes     *png;
} TextureJob;

static void
texture_job_free (TextureJob *job)
{
  g_object_unref (job->texture);
  g_clear_pointer (&job->png, g_bytes_unref);
  g_free (job);
}

static void
prepare_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  TextureJob *job = task_data;
  GError *error = NULL;
  AtelierReference *reference;

  job->png = gdk_texture_save_to_png_bytes (job->texture);
  reference = atelier_reference_prepare_bytes (job->png, _("Pasted image"), job->max_pixels,
                                               cancellable, &error);
  if (reference == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, reference, g_object_unref);
}

void
atelier_texture_reference_prepare_async (GdkTexture          *texture,
                                         guint64              max_pixels,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  TextureJob *job;

  g_return_if_fail (GDK_IS_TEXTURE (texture));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  job = g_new0 (TextureJob, 1);
  job->texture = g_object_ref (texture);
  job->max_pixels = max_pixels;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, atelier_texture_reference_prepare_async);
  g_task_set_name (task, "[atelier] prepare pasted picture");
  g_task_set_task_data (task, job, (GDestroyNotify) texture_job_free);
  g_task_run_in_thread (task, prepare_thread);
}

AtelierReference *
atelier_texture_reference_prepare_finish (GAsyncResult  *result,
                                          GBytes       **png,
                                          GError       **error)
{
  TextureJob *job;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  job = g_task_get_task_data (G_TASK (result));
  if (png != NULL)
    *png = job->png != NULL ? g_bytes_ref (job->png) : NULL;
  return g_task_propagate_pointer (G_TASK (result), error);
}
