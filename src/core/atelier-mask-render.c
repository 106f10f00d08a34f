/* atelier-mask-render.c — the mask as pixels for others: the overlay, PNG export and import
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "atelier-error.h"
#include "atelier-mask-private.h"

/* PNG import */

static GdkPixbuf *
decode_png (GBytes  *png,
            GError **error)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr(GError) local_error = NULL;
  GdkPixbuf *pixbuf;

  if (!gdk_pixbuf_loader_write_bytes (loader, png, &local_error)
      || !gdk_pixbuf_loader_close (loader, &local_error))
    {
      g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE,
                   _("The mask is not a readable image: %s"), local_error->message);
      return NULL;
    }

  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pixbuf == NULL || gdk_pixbuf_get_bits_per_sample (pixbuf) != 8)
    {
      g_set_error_literal (error, ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE,
                           _("The mask is not a readable image"));
      return NULL;
    }
  return g_object_ref (pixbuf);
}

/* A mask of the pixbuf's size from its brightness (weighed by its alpha when asked): greys are a
 * feathered edge and stay, the ends snap, so that a mask saved as JPEG by another program does
 * not come back speckled. */
static AtelierMask *
mask_from_pixels (GdkPixbuf *pixbuf,
                  gboolean   weigh_by_alpha)
{
  guint width = gdk_pixbuf_get_width (pixbuf);
  guint height = gdk_pixbuf_get_height (pixbuf);
  guint channels = gdk_pixbuf_get_n_channels (pixbuf);
  guint stride = gdk_pixbuf_get_rowstride (pixbuf);
  const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);
  gboolean alpha = weigh_by_alpha && gdk_pixbuf_get_has_alpha (pixbuf);
  AtelierMask *self = atelier_mask_new (width, height);

  for (guint y = 0; y < height; y++)
    {
      const guint8 *p = pixels + (gsize) y * stride;
      guint8 *line = self->data + (gsize) y * width;

      for (guint x = 0; x < width; x++, p += channels)
        {
          guint value = ((guint) p[0] + p[1] + p[2] + 1) / 3;

          if (alpha)
            value = (value * p[3] + 127) / 255;
          if (value < 8)
            continue;
          line[x] = value > 247 ? ATELIER_MASK_PAINTED : (guint8) value;
          self->n_painted++;
        }
    }
  self->was_empty = self->n_painted == 0;
  return self;
}

AtelierMask *
atelier_mask_new_from_png (GBytes  *png,
                           GError **error)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;

  g_return_val_if_fail (png != NULL, NULL);

  pixbuf = decode_png (png, error);
  if (pixbuf == NULL)
    return NULL;
  return mask_from_pixels (pixbuf, FALSE);
}

AtelierMask *
atelier_mask_new_from_image (GdkPixbuf *image,
                             guint      width,
                             guint      height)
{
  g_autoptr(GdkPixbuf) scaled = NULL;

  g_return_val_if_fail (GDK_IS_PIXBUF (image), NULL);
  g_return_val_if_fail (width > 0 && height > 0, NULL);

  if ((guint) gdk_pixbuf_get_width (image) == width && (guint) gdk_pixbuf_get_height (image) == height)
    scaled = g_object_ref (image);
  else
    scaled = gdk_pixbuf_scale_simple (image, width, height, GDK_INTERP_BILINEAR);
  if (scaled == NULL)
    return NULL;
  return mask_from_pixels (scaled, TRUE);
}

/* Overlay */

void
atelier_mask_render_overlay (AtelierMask  *self,
                             guint         x,
                             guint         y,
                             guint         width,
                             guint         height,
                             const guint8  color[4],
                             guint8       *dest,
                             gsize         dest_stride,
                             gboolean     *all_kept,
                             gboolean     *all_painted)
{
  atelier_mask_render_overlay_with_edge (self, x, y, width, height, color, 0, NULL,
                                         dest, dest_stride, all_kept, all_painted);
}

/* Marks in `near` (width × (height + 2 × edge) bytes, one row per row of the rectangle and its
 * margin) the pixels that have a kept pixel within `edge` columns on their row. */
static void
find_kept_on_rows (AtelierMask *self,
                   guint        x,
                   guint        width,
                   guint        first_row,
                   guint        n_rows,
                   guint        edge,
                   guint8      *near)
{
  guint from = x >= edge ? x - edge : 0;
  guint to = MIN (self->width, x + width + edge);
  g_autofree guint *kept_before = g_new (guint, to - from + 1);

  for (guint row = 0; row < n_rows; row++)
    {
      const guint8 *line = self->data + (gsize) (first_row + row) * self->width;
      guint8 *out = near + (gsize) row * width;

      kept_before[0] = 0;
      for (guint i = from; i < to; i++)
        kept_before[i - from + 1] = kept_before[i - from] + (line[i] == 0);
      for (guint i = 0; i < width; i++)
        {
          guint left = x + i >= from + edge ? x + i - edge : from;
          guint right = MIN (to, x + i + edge + 1);

          out[i] = kept_before[right - from] - kept_before[left - from] > 0;
        }
    }
}

void
atelier_mask_render_overlay_with_edge (AtelierMask  *self,
                                       guint         x,
                                       guint         y,
                                       guint         width,
                                       guint         height,
                                       const guint8  color[4],
                                       guint         edge_width,
                                       const guint8  edge_color[4],
                                       guint8       *dest,
                                       gsize         dest_stride,
                                       gboolean     *all_kept,
                                       gboolean     *all_painted)
{
  guint32 painted_pixel, edge_pixel = 0, kept_pixel = 0;
  guint64 painted = 0, edges = 0;
  g_autofree guint8 *near = NULL;
  g_autofree guint *window = NULL;
  guint first_row = 0, n_rows = 0;

  g_return_if_fail (ATELIER_IS_MASK (self));
  g_return_if_fail (x + width <= self->width && y + height <= self->height);
  g_return_if_fail (edge_width == 0 || edge_color != NULL);

  memcpy (&painted_pixel, color, 4);
  if (edge_width > 0)
    {
      memcpy (&edge_pixel, edge_color, 4);

      /* A painted pixel is on the edge when a kept one lies within edge_width in both
       * directions (a square around it): kept pixels are found on each row first, then a
       * sliding count down the columns says which pixels have one in the square. Outside the
       * picture counts as painted, so the picture's border is no edge. */
      first_row = y >= edge_width ? y - edge_width : 0;
      n_rows = MIN (self->height, y + height + edge_width) - first_row;
      near = g_malloc ((gsize) width * n_rows);
      find_kept_on_rows (self, x, width, first_row, n_rows, edge_width, near);

      window = g_new0 (guint, width);
      for (guint row = first_row; row < MIN (self->height, y + edge_width); row++)
        for (guint i = 0; i < width; i++)
          window[i] += near[(gsize) (row - first_row) * width + i];
    }

  for (guint row = 0; row < height; row++)
    {
      const guint8 *line = self->data + (gsize) (y + row) * self->width + x;
      guint32 *out = (guint32 *) (gpointer) (dest + (gsize) row * dest_stride);

      if (window != NULL)
        {
          guint enter = y + row + edge_width;
          guint leave = y + row >= edge_width + 1 ? y + row - edge_width - 1 : G_MAXUINT;

          if (enter < first_row + n_rows)
            for (guint i = 0; i < width; i++)
              window[i] += near[(gsize) (enter - first_row) * width + i];
          if (leave != G_MAXUINT && leave >= first_row)
            for (guint i = 0; i < width; i++)
              window[i] -= near[(gsize) (leave - first_row) * width + i];
        }

      for (guint i = 0; i < width; i++)
        {
          gboolean on = line[i] != 0;
          gboolean edge = on && window != NULL && window[i] > 0;

          out[i] = edge ? edge_pixel : on ? painted_pixel : kept_pixel;
          /* A feathered edge shows as much of the colour as it will repaint (premultiplied,
           * so every channel scales alike). */
          if (on && !edge && line[i] != ATELIER_MASK_PAINTED)
            {
              guint8 *bytes = (guint8 *) &out[i];

              for (guint c = 0; c < 4; c++)
                bytes[c] = (guint8) ((bytes[c] * line[i] + 127) / ATELIER_MASK_PAINTED);
            }
          painted += on;
          edges += edge;
        }
    }

  if (all_kept != NULL)
    *all_kept = painted == 0;
  if (all_painted != NULL)
    *all_painted = painted == (guint64) width * height && edges == 0;
}

/* Export */

static GBytes *
encode_png (const guint8  *data,
            guint          width,
            guint          height,
            GError       **error)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *buffer = NULL;
  gsize size = 0;
  guint8 *pixels;
  guint stride;

  if (pixbuf == NULL)
    {
      g_set_error_literal (error, ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE,
                           _("Not enough memory to save the mask"));
      return NULL;
    }

  pixels = gdk_pixbuf_get_pixels (pixbuf);
  stride = gdk_pixbuf_get_rowstride (pixbuf);
  for (guint y = 0; y < height; y++)
    {
      const guint8 *line = data + (gsize) y * width;
      guint8 *p = pixels + (gsize) y * stride;

      for (guint x = 0; x < width; x++, p += 3)
        p[0] = p[1] = p[2] = line[x]; /* white is repainted; a feathered edge is grey */
    }

  /* Two colours compress well at any level; a low one keeps a 12 MP mask quick. */
  if (!gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", &local_error,
                                  "compression", "3", NULL))
    {
      g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE,
                   _("The mask could not be saved: %s"), local_error->message);
      return NULL;
    }

  return g_bytes_new_take (g_steal_pointer (&buffer), size);
}

GBytes *
atelier_mask_export_png (AtelierMask  *self,
                         GError      **error)
{
  g_return_val_if_fail (ATELIER_IS_MASK (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return encode_png (self->data, self->width, self->height, error);
}

typedef struct
{
  GBytes *data;
  guint   width;
  guint   height;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_bytes_unref (job->data);
  g_free (job);
}

static GTask *
new_export_task (AtelierMask         *self,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data,
                 gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  ExportJob *job = g_new0 (ExportJob, 1);

  /* A copy: the user may paint on while the worker encodes. */
  job->data = g_bytes_new (self->data, (gsize) self->width * self->height);
  job->width = self->width;
  job->height = self->height;

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  return task;
}

static void
export_reference_thread (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr(GBytes) png = NULL;
  GError *error = NULL;
  AtelierReference *reference;

  png = encode_png (g_bytes_get_data (job->data, NULL), job->width, job->height, &error);
  if (png == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  reference = atelier_reference_new_prepared (png, _("Mask"), &error);
  if (reference == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, reference, g_object_unref);
}

void
atelier_mask_export_reference_async (AtelierMask         *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ATELIER_IS_MASK (self));

  task = new_export_task (self, cancellable, callback, user_data, atelier_mask_export_reference_async);
  g_task_run_in_thread (task, export_reference_thread);
}

AtelierReference *
atelier_mask_export_reference_finish (AtelierMask   *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (ATELIER_IS_MASK (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

