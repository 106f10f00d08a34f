/* atelier-thumbnailer.c — square thumbnails made in worker threads, cached on disk and in an LRU bounded by bytes
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "atelier-thumbnailer.h"
#include "atelier-worker.h"

/* The grid recycles its cells, so only what is on screen needs a texture; the LRU keeps a few
 * screens' worth so scrolling back is instant. It is bounded by the bytes of its textures, not
 * their count, so memory stays bounded whatever the thumbnails' sizes and however large the
 * library. Evicting only drops the cache's reference: a cell showing the texture keeps it until
 * it is unbound, and the thumbnail stays on disk. */

struct _AtelierThumbnailer
{
  GObject     parent_instance;

  GFile      *cache_dir;
  gsize       max_bytes;
  gsize       cached_bytes;
  GHashTable *entries;  /* key → GList* link in lru (data: Entry*) */
  GQueue      lru;      /* most recent first */
};

typedef struct
{
  char       *key;
  GdkTexture *texture;
  gsize       bytes;
} Entry;

G_DEFINE_FINAL_TYPE (AtelierThumbnailer, atelier_thumbnailer, G_TYPE_OBJECT)

static void
entry_free (Entry *entry)
{
  g_free (entry->key);
  g_clear_object (&entry->texture);
  g_free (entry);
}

static void
atelier_thumbnailer_finalize (GObject *object)
{
  AtelierThumbnailer *self = ATELIER_THUMBNAILER (object);

  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_queue_clear_full (&self->lru, (GDestroyNotify) entry_free);
  g_clear_object (&self->cache_dir);

  G_OBJECT_CLASS (atelier_thumbnailer_parent_class)->finalize (object);
}

static void
atelier_thumbnailer_class_init (AtelierThumbnailerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = atelier_thumbnailer_finalize;
}

static void
atelier_thumbnailer_init (AtelierThumbnailer *self)
{
  self->entries = g_hash_table_new (g_str_hash, g_str_equal);
  g_queue_init (&self->lru);
}

AtelierThumbnailer *
atelier_thumbnailer_new (GFile *cache_dir,
                         gsize  max_bytes)
{
  AtelierThumbnailer *self;

  g_return_val_if_fail (G_IS_FILE (cache_dir), NULL);

  self = g_object_new (ATELIER_TYPE_THUMBNAILER, NULL);
  self->cache_dir = g_object_ref (cache_dir);
  self->max_bytes = max_bytes;
  return self;
}

AtelierThumbnailer *
atelier_thumbnailer_get_default (void)
{
  static AtelierThumbnailer *instance;

  if (instance == NULL)
    {
      g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "atelier", "thumbnails", NULL);
      g_autoptr(GFile) dir = g_file_new_for_path (path);

      instance = atelier_thumbnailer_new (dir, ATELIER_THUMBNAILER_DEFAULT_BYTES);
    }
  return instance;
}

static char *
make_key (const char *job_id,
          GFile      *image)
{
  g_autofree char *uri = g_file_get_uri (image);

  return g_strconcat (job_id, "\n", uri, NULL);
}

GdkTexture *
atelier_thumbnailer_lookup (AtelierThumbnailer *self,
                            const char         *job_id,
                            GFile              *image)
{
  g_autofree char *key = NULL;
  GList *link;

  g_return_val_if_fail (ATELIER_IS_THUMBNAILER (self), NULL);
  g_return_val_if_fail (job_id != NULL, NULL);
  g_return_val_if_fail (G_IS_FILE (image), NULL);

  key = make_key (job_id, image);
  link = g_hash_table_lookup (self->entries, key);
  if (link == NULL)
    return NULL;

  g_queue_unlink (&self->lru, link);
  g_queue_push_head_link (&self->lru, link);
  return ((Entry *) link->data)->texture;
}

/* What a texture costs in memory, as GTK holds it once drawn: four bytes a pixel. */
static gsize
texture_bytes (GdkTexture *texture)
{
  return (gsize) gdk_texture_get_width (texture) * (gsize) gdk_texture_get_height (texture) * 4;
}

static void
forget (AtelierThumbnailer *self,
        GList              *link)
{
  Entry *entry = link->data;

  g_queue_delete_link (&self->lru, link);
  g_hash_table_remove (self->entries, entry->key);
  self->cached_bytes -= entry->bytes;
  entry_free (entry);
}

static void
remember (AtelierThumbnailer *self,
          const char         *key,
          GdkTexture         *texture)
{
  GList *link = g_hash_table_lookup (self->entries, key);
  gsize bytes = texture_bytes (texture);
  Entry *entry;

  if (link != NULL)
    forget (self, link);
  /* A texture larger than the whole budget is handed out, never kept. */
  if (bytes > self->max_bytes)
    return;

  entry = g_new0 (Entry, 1);
  entry->key = g_strdup (key);
  entry->texture = g_object_ref (texture);
  entry->bytes = bytes;
  g_queue_push_head (&self->lru, entry);
  g_hash_table_insert (self->entries, entry->key, self->lru.head);
  self->cached_bytes += bytes;

  while (self->cached_bytes > self->max_bytes)
    forget (self, self->lru.tail);
}

typedef struct
{
  char  *key;
  char  *job_id;
  GFile *image;
  GFile *cache_dir;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_free (data->key);
  g_free (data->job_id);
  g_clear_object (&data->image);
  g_clear_object (&data->cache_dir);
  g_free (data);
}

/* Decodes at reduced size (the JPEG loader scales while decoding) and crops the centre square. */
static GdkPixbuf *
make_thumbnail (const char  *path,
                GError     **error)
{
  int width = 0, height = 0, scaled_w, scaled_h, side;
  g_autoptr(GdkPixbuf) scaled = NULL;
  g_autoptr(GdkPixbuf) oriented = NULL;
  GdkPixbuf *square;

  if (gdk_pixbuf_get_file_info (path, &width, &height) == NULL || width <= 0 || height <= 0)
    {
      g_set_error (error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_UNKNOWN_TYPE,
                   "%s is not an image GdkPixbuf can read", path);
      return NULL;
    }

  if (width <= height)
    {
      scaled_w = MIN (width, ATELIER_THUMBNAIL_SIZE);
      scaled_h = MAX (1, (int) ((double) height * scaled_w / width + 0.5));
    }
  else
    {
      scaled_h = MIN (height, ATELIER_THUMBNAIL_SIZE);
      scaled_w = MAX (1, (int) ((double) width * scaled_h / height + 0.5));
    }

  scaled = gdk_pixbuf_new_from_file_at_scale (path, scaled_w, scaled_h, FALSE, error);
  if (scaled == NULL)
    return NULL;
  oriented = gdk_pixbuf_apply_embedded_orientation (scaled);

  scaled_w = gdk_pixbuf_get_width (oriented);
  scaled_h = gdk_pixbuf_get_height (oriented);
  side = MIN (scaled_w, scaled_h);
  square = gdk_pixbuf_new (GDK_COLORSPACE_RGB, gdk_pixbuf_get_has_alpha (oriented), 8, side, side);
  gdk_pixbuf_copy_area (oriented, (scaled_w - side) / 2, (scaled_h - side) / 2, side, side, square, 0, 0);
  return square;
}

/* A cached thumbnail is named by the job and the image's modification time: a changed image
 * never shows an old thumbnail. */
static char *
cache_base_name (const char *job_id,
                 guint64     mtime)
{
  char *base = g_strdup_printf ("%s-%" G_GUINT64_FORMAT, job_id, mtime);

  g_strdelimit (base, "/\\", '_');
  return base;
}

GFile *
atelier_thumbnailer_find_cached_file (AtelierThumbnailer *self,
                                      const char         *job_id,
                                      GFile              *image,
                                      GCancellable       *cancellable)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *base = NULL;
  const char *extensions[] = { ".jpg", ".png" };

  g_return_val_if_fail (ATELIER_IS_THUMBNAILER (self), NULL);
  g_return_val_if_fail (job_id != NULL && G_IS_FILE (image), NULL);

  info = g_file_query_info (image, G_FILE_ATTRIBUTE_TIME_MODIFIED, G_FILE_QUERY_INFO_NONE,
                            cancellable, NULL);
  if (info == NULL)
    return NULL;
  base = cache_base_name (job_id, g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED));

  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    {
      g_autofree char *name = g_strconcat (base, extensions[i], NULL);
      g_autoptr(GFile) file = g_file_get_child (self->cache_dir, name);

      if (g_file_query_exists (file, cancellable))
        return g_steal_pointer (&file);
    }
  return NULL;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autofree char *image_path = NULL;
  g_autofree char *cache_dir_path = NULL;
  g_autofree char *png_path = NULL;
  g_autofree char *jpg_path = NULL;
  g_autofree char *base = NULL;
  GError *error = NULL;
  guint64 mtime;

  if (g_task_return_error_if_cancelled (task))
    return;

  info = g_file_query_info (data->image, G_FILE_ATTRIBUTE_TIME_MODIFIED, G_FILE_QUERY_INFO_NONE,
                            cancellable, &error);
  if (info == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  mtime = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED);

  cache_dir_path = g_file_get_path (data->cache_dir);
  base = cache_base_name (data->job_id, mtime);
  png_path = g_strconcat (cache_dir_path, G_DIR_SEPARATOR_S, base, ".png", NULL);
  jpg_path = g_strconcat (cache_dir_path, G_DIR_SEPARATOR_S, base, ".jpg", NULL);

  if (g_file_test (jpg_path, G_FILE_TEST_IS_REGULAR))
    pixbuf = gdk_pixbuf_new_from_file (jpg_path, NULL);
  if (pixbuf == NULL && g_file_test (png_path, G_FILE_TEST_IS_REGULAR))
    pixbuf = gdk_pixbuf_new_from_file (png_path, NULL);

  if (pixbuf == NULL)
    {
      gboolean alpha;
      const char *target;
      g_autofree char *tmp = NULL;

      if (g_task_return_error_if_cancelled (task))
        return;

      image_path = g_file_get_path (data->image);
      pixbuf = make_thumbnail (image_path, &error);
      if (pixbuf == NULL)
        {
          g_task_return_error (task, error);
          return;
        }

      /* The cache is a convenience: failing to write it only costs a decode next time. */
      alpha = gdk_pixbuf_get_has_alpha (pixbuf);
      target = alpha ? png_path : jpg_path;
      tmp = g_strconcat (target, ".tmp", NULL);
      if (g_mkdir_with_parents (cache_dir_path, 0700) == 0 &&
          (alpha ? gdk_pixbuf_save (pixbuf, tmp, "png", NULL, NULL)
                 : gdk_pixbuf_save (pixbuf, tmp, "jpeg", NULL, "quality", "88", NULL)))
        {
          if (g_rename (tmp, target) != 0)
            g_unlink (tmp);
        }
    }

  /* Textures are immutable and may be created in a worker thread. */
  g_task_return_pointer (task, gdk_texture_new_for_pixbuf (pixbuf), g_object_unref);
}

void
atelier_thumbnailer_load_async (AtelierThumbnailer  *self,
                                const char          *job_id,
                                GFile               *image,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (ATELIER_IS_THUMBNAILER (self));
  g_return_if_fail (job_id != NULL);
  g_return_if_fail (G_IS_FILE (image));

  data = g_new0 (LoadData, 1);
  data->key = make_key (job_id, image);
  data->job_id = g_strdup (job_id);
  data->image = g_object_ref (image);
  data->cache_dir = g_object_ref (self->cache_dir);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, atelier_thumbnailer_load_async);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  /* Below the window's priority: a screen of thumbnails must not take its frames' cores. */
  atelier_worker_run_in_thread (ATELIER_WORKER_THUMBNAILS, task, load_thread);
}

GdkTexture *
atelier_thumbnailer_load_finish (AtelierThumbnailer  *self,
                                 GAsyncResult        *result,
                                 GError             **error)
{
  LoadData *data;
  GdkTexture *texture;

  g_return_val_if_fail (ATELIER_IS_THUMBNAILER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  texture = g_task_propagate_pointer (G_TASK (result), error);
  if (texture == NULL)
    return NULL;

  data = g_task_get_task_data (G_TASK (result));
  remember (self, data->key, texture);
  return texture;
}

gsize
atelier_thumbnailer_get_max_bytes (AtelierThumbnailer *self)
{
  g_return_val_if_fail (ATELIER_IS_THUMBNAILER (self), 0);

  return self->max_bytes;
}

gsize
atelier_thumbnailer_get_cached_bytes (AtelierThumbnailer *self)
{
  g_return_val_if_fail (ATELIER_IS_THUMBNAILER (self), 0);

  return self->cached_bytes;
}

guint
atelier_thumbnailer_get_n_cached (AtelierThumbnailer *self)
{
  g_return_val_if_fail (ATELIER_IS_THUMBNAILER (self), 0);

  return self->lru.length;
}
