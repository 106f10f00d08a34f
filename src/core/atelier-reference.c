/* atelier-reference.c — a reference image prepared to be sent: resampled, encoded, with its base64
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "atelier-error.h"
#include "atelier-reference-private.h"
#include "atelier-worker.h"

/* Everything in this file past the GTask entry points runs in a worker thread: decoding a 24 MP
 * photo, resampling it, encoding it and its base64 cost far more than a frame. */

#define THUMBNAIL_SIZE 256
#define JPEG_QUALITY "92"

struct _AtelierReference
{
  GObject    parent_instance;

  char      *name;
  guint      width;
  guint      height;
  guint      source_width;
  guint      source_height;
  const char *mime_type;
  const char *extension;
  GBytes    *bytes;
  char      *base64;
  gboolean   has_alpha;
  GdkPixbuf *thumbnail;
};

G_DEFINE_FINAL_TYPE (AtelierReference, atelier_reference, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_SOURCE_WIDTH,
  PROP_SOURCE_HEIGHT,
  PROP_MIME_TYPE,
  PROP_HAS_ALPHA,
  PROP_THUMBNAIL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
atelier_reference_finalize (GObject *object)
{
  AtelierReference *self = ATELIER_REFERENCE (object);

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->base64, g_free);
  g_clear_object (&self->thumbnail);

  G_OBJECT_CLASS (atelier_reference_parent_class)->finalize (object);
}

static void
atelier_reference_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  AtelierReference *self = ATELIER_REFERENCE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_WIDTH:
      g_value_set_uint (value, self->width);
      break;
    case PROP_HEIGHT:
      g_value_set_uint (value, self->height);
      break;
    case PROP_SOURCE_WIDTH:
      g_value_set_uint (value, self->source_width);
      break;
    case PROP_SOURCE_HEIGHT:
      g_value_set_uint (value, self->source_height);
      break;
    case PROP_MIME_TYPE:
      g_value_set_string (value, self->mime_type);
      break;
    case PROP_HAS_ALPHA:
      g_value_set_boolean (value, self->has_alpha);
      break;
    case PROP_THUMBNAIL:
      g_value_set_object (value, self->thumbnail);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_reference_class_init (AtelierReferenceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = atelier_reference_finalize;
  object_class->get_property = atelier_reference_get_property;

  /* Read-only: a reference never changes once prepared, so these are never notified. They exist
   * so the UI can reach them through GtkExpressions. */
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_WIDTH] = g_param_spec_uint ("width", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_HEIGHT] = g_param_spec_uint ("height", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_SOURCE_WIDTH] =
    g_param_spec_uint ("source-width", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_SOURCE_HEIGHT] =
    g_param_spec_uint ("source-height", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_MIME_TYPE] = g_param_spec_string ("mime-type", NULL, NULL, NULL, flags);
  properties[PROP_HAS_ALPHA] = g_param_spec_boolean ("has-alpha", NULL, NULL, FALSE, flags);
  properties[PROP_THUMBNAIL] =
    g_param_spec_object ("thumbnail", NULL, NULL, GDK_TYPE_PIXBUF, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
atelier_reference_init (AtelierReference *self)
{
}

static gboolean
pixbuf_uses_alpha (GdkPixbuf *pixbuf)
{
  const guint8 *pixels;
  int width, height, rowstride, n_channels;

  if (!gdk_pixbuf_get_has_alpha (pixbuf))
    return FALSE;

  pixels = gdk_pixbuf_read_pixels (pixbuf);
  width = gdk_pixbuf_get_width (pixbuf);
  height = gdk_pixbuf_get_height (pixbuf);
  rowstride = gdk_pixbuf_get_rowstride (pixbuf);
  n_channels = gdk_pixbuf_get_n_channels (pixbuf);

  for (int y = 0; y < height; y++)
    {
      const guint8 *row = pixels + (gsize) y * rowstride;

      for (int x = 0; x < width; x++)
        {
          if (row[x * n_channels + 3] < 255)
            return TRUE;
        }
    }

  return FALSE;
}

static GdkPixbuf *
make_thumbnail (GdkPixbuf *pixbuf)
{
  guint width = gdk_pixbuf_get_width (pixbuf);
  guint height = gdk_pixbuf_get_height (pixbuf);
  guint thumb_width, thumb_height;

  _atelier_reference_fit_side (width, height, THUMBNAIL_SIZE, &thumb_width, &thumb_height);
  if (thumb_width == width && thumb_height == height)
    return gdk_pixbuf_copy (pixbuf);

  /* For reductions, BILINEAR averages every source pixel: no aliasing, and fast. */
  return gdk_pixbuf_scale_simple (pixbuf, thumb_width, thumb_height, GDK_INTERP_BILINEAR);
}

/* Preparing */

/* Turns a pixbuf decoded in its stored orientation the way the EXIF orientation says. */
static GdkPixbuf *
apply_orientation (GdkPixbuf *pixbuf,
                   guint      orientation)
{
  g_autofree char *value = NULL;

  if (orientation <= 1 || orientation > 8)
    return g_object_ref (pixbuf);

  value = g_strdup_printf ("%u", orientation);
  gdk_pixbuf_set_option (pixbuf, "orientation", value);
  return gdk_pixbuf_apply_embedded_orientation (pixbuf);
}

AtelierReference *
atelier_reference_prepare_bytes (GBytes        *bytes,
                                 const char    *name,
                                 guint64        max_pixels,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  g_autoptr(AtelierReference) self = NULL;
  g_autoptr(GdkPixbuf) decoded = NULL;
  g_autoptr(GdkPixbuf) scaled = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *buffer = NULL;
  AtelierDecodeState state = { 0 };
  gsize buffer_size = 0;
  gboolean rotated;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (name == NULL)
    name = _("Pasted image");

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (g_bytes_get_size (bytes) > ATELIER_REFERENCE_MAX_SOURCE_BYTES)
    {
      g_propagate_error (error,
                         _atelier_reference_new_too_many_bytes_error (name, g_bytes_get_size (bytes)));
      return NULL;
    }

  /* The cap is on the pixels, which a quarter turn does not change: the decoder reduces in the
   * stored orientation, and the small result is turned. */
  state.max_pixels = max_pixels;
  decoded = _atelier_reference_decode (bytes, name, &state, cancellable, error);
  if (decoded == NULL)
    return NULL;

  scaled = apply_orientation (decoded, state.orientation);
  g_clear_object (&decoded);
  if (scaled == NULL)
    {
      g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE,
                   _("There is not enough memory to prepare %s"), name);
      return NULL;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  /* EXIF orientations 5 to 8 turn the image a quarter: the size the user sees is the header's
   * turned. */
  rotated = state.orientation >= 5 && state.orientation <= 8;

  self = g_object_new (ATELIER_TYPE_REFERENCE, NULL);
  self->name = g_strdup (name);
  self->source_width = rotated ? state.header_height : state.header_width;
  self->source_height = rotated ? state.header_width : state.header_height;
  self->width = gdk_pixbuf_get_width (scaled);
  self->height = gdk_pixbuf_get_height (scaled);
  self->has_alpha = pixbuf_uses_alpha (scaled);

  if (self->has_alpha)
    {
      self->mime_type = "image/png";
      self->extension = "png";
      gdk_pixbuf_save_to_buffer (scaled, &buffer, &buffer_size, "png", &local_error, NULL);
    }
  else
    {
      /* The JPEG saver ignores an alpha channel that is all opaque. */
      self->mime_type = "image/jpeg";
      self->extension = "jpg";
      gdk_pixbuf_save_to_buffer (scaled, &buffer, &buffer_size, "jpeg", &local_error,
                                 "quality", JPEG_QUALITY, NULL);
    }

  if (local_error != NULL)
    {
      g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE,
                   _("%s could not be prepared: %s"), name, local_error->message);
      return NULL;
    }

  self->bytes = g_bytes_new_take (g_steal_pointer (&buffer), buffer_size);
  self->thumbnail = make_thumbnail (scaled);
  g_clear_object (&scaled);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  self->base64 = g_base64_encode (g_bytes_get_data (self->bytes, NULL), buffer_size);

  return g_steal_pointer (&self);
}

/* Rebuilds from the library's copy. It decodes the whole image (reduced to the thumbnail as it
 * goes) for the size, the thumbnail and to know it is whole, and computes the base64: call it
 * from a worker thread when the bytes are large. */
AtelierReference *
atelier_reference_new_prepared (GBytes      *encoded,
                                const char  *name,
                                GError     **error)
{
  g_autoptr(AtelierReference) self = NULL;
  g_autoptr(GdkPixbuf) decoded = NULL;
  AtelierDecodeState state = { 0 };

  g_return_val_if_fail (encoded != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (name == NULL)
    name = _("Pasted image");

  if (g_bytes_get_size (encoded) > ATELIER_REFERENCE_MAX_SOURCE_BYTES)
    {
      g_propagate_error (error,
                         _atelier_reference_new_too_many_bytes_error (name, g_bytes_get_size (encoded)));
      return NULL;
    }

  state.max_side = THUMBNAIL_SIZE;
  decoded = _atelier_reference_decode (encoded, name, &state, NULL, error);
  if (decoded == NULL)
    return NULL;

  self = g_object_new (ATELIER_TYPE_REFERENCE, NULL);
  self->name = g_strdup (name);
  /* Sent as they are: the size is the stored one, no orientation applied. */
  self->width = self->source_width = state.header_width;
  self->height = self->source_height = state.header_height;

  if (state.format_name == g_intern_static_string ("jpeg"))
    {
      self->mime_type = "image/jpeg";
      self->extension = "jpg";
    }
  else if (state.format_name == g_intern_static_string ("png"))
    {
      self->mime_type = "image/png";
      self->extension = "png";
      self->has_alpha = pixbuf_uses_alpha (decoded);
    }
  else
    {
      g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE,
                   _("%s is not a prepared PNG or JPEG image"), name);
      return NULL;
    }

  self->bytes = g_bytes_ref (encoded);
  self->thumbnail = g_steal_pointer (&decoded);
  self->base64 = g_base64_encode (g_bytes_get_data (encoded, NULL),
                                  g_bytes_get_size (encoded));

  return g_steal_pointer (&self);
}

/* Asynchronous preparation */

typedef struct
{
  GFile   *file;
  GBytes  *bytes;
  char    *name;
  guint64  max_pixels;
  gboolean prepared;    /* bytes prepared before: atelier_reference_new_prepared () */
} PrepareData;

static void
prepare_data_free (PrepareData *data)
{
  g_clear_object (&data->file);
  g_clear_pointer (&data->bytes, g_bytes_unref);
  g_clear_pointer (&data->name, g_free);
  g_free (data);
}

static char *
get_file_name (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *display_name = NULL;

  if (basename != NULL && g_strcmp0 (basename, "/") != 0)
    display_name = g_filename_display_name (basename);
  if (display_name == NULL)
    display_name = g_file_get_parse_name (file);

  return g_steal_pointer (&display_name);
}

/* Reading errors keep G_IO_ERROR_CANCELLED (callers ignore it); everything else is a reference
 * the user cannot use, with a message naming the file. */
static GError *
new_read_error (const char *name,
                GError     *cause)
{
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (cause);
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return g_error_new (ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE, _("%s was not found"), name);

  return g_error_new (ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE,
                      _("%s could not be read: %s"), name, cause->message);
}

static void
prepare_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  PrepareData *data = task_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  AtelierReference *reference;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (data->file != NULL)
    {
      g_autoptr(GFileInfo) info = NULL;
      char *contents = NULL;
      gsize length = 0;

      info = g_file_query_info (data->file,
                                G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                                G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                G_FILE_QUERY_INFO_NONE, cancellable, &error);
      if (info == NULL)
        {
          g_task_return_error (task, new_read_error (data->name, error));
          return;
        }

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        {
          g_task_return_new_error (task, ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE,
                                   _("%s is a folder, not an image"), data->name);
          return;
        }
      /* A pipe or a device would be read until someone closes it. */
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_SPECIAL)
        {
          g_task_return_error (task, _atelier_reference_new_not_an_image_error (data->name));
          return;
        }

      /* Refused before reading a byte of it. */
      if (g_file_info_get_size (info) > (goffset) ATELIER_REFERENCE_MAX_SOURCE_BYTES)
        {
          g_task_return_error (task,
                               _atelier_reference_new_too_many_bytes_error (data->name,
                                                                            g_file_info_get_size (info)));
          return;
        }

      if (!g_file_load_contents (data->file, cancellable, &contents, &length, NULL, &error))
        {
          g_task_return_error (task, new_read_error (data->name, error));
          return;
        }

      bytes = g_bytes_new_take (contents, length);
    }
  else
    {
      bytes = g_bytes_ref (data->bytes);
    }

  if (data->prepared)
    reference = atelier_reference_new_prepared (bytes, data->name, &error);
  else
    reference = atelier_reference_prepare_bytes (bytes, data->name, data->max_pixels,
                                                 cancellable, &error);
  if (reference == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, reference, g_object_unref);
}

static void
start_prepare (PrepareData         *data,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_name (task, "[atelier] prepare reference");
  g_task_set_task_data (task, data, (GDestroyNotify) prepare_data_free);
  /* One decode per processor at a time, below the window's priority (atelier-worker.c). */
  atelier_worker_run_in_thread (ATELIER_WORKER_REFERENCES, task, prepare_thread);
}

void
atelier_reference_prepare_file_async (GFile               *file,
                                      guint64              max_pixels,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  PrepareData *data;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (PrepareData, 1);
  data->file = g_object_ref (file);
  data->name = get_file_name (file);
  data->max_pixels = max_pixels;

  start_prepare (data, atelier_reference_prepare_file_async, cancellable, callback, user_data);
}

void
atelier_reference_prepare_bytes_async (GBytes              *bytes,
                                       const char          *name,
                                       guint64              max_pixels,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  PrepareData *data;

  g_return_if_fail (bytes != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (PrepareData, 1);
  data->bytes = g_bytes_ref (bytes);
  data->name = g_strdup (name != NULL ? name : _("Pasted image"));
  data->max_pixels = max_pixels;

  start_prepare (data, atelier_reference_prepare_bytes_async, cancellable, callback, user_data);
}

void
atelier_reference_new_prepared_async (GBytes              *encoded,
                                      const char          *name,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  PrepareData *data;

  g_return_if_fail (encoded != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (PrepareData, 1);
  data->bytes = g_bytes_ref (encoded);
  data->name = g_strdup (name != NULL ? name : _("Pasted image"));
  data->prepared = TRUE;

  start_prepare (data, atelier_reference_new_prepared_async, cancellable, callback, user_data);
}

AtelierReference *
atelier_reference_prepare_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Getters */

const char *
atelier_reference_get_name (AtelierReference *self)
{
  g_return_val_if_fail (ATELIER_IS_REFERENCE (self), NULL);

  return self->name;
}

guint
atelier_reference_get_width (AtelierReference *self)
{
  g_return_val_if_fail (ATELIER_IS_REFERENCE (self), 0);

  return self->width;
}

guint
atelier_reference_get_height (AtelierReference *self)
{
  g_return_val_if_fail (ATELIER_IS_REFERENCE (self), 0);

  return self->height;
}

guint
atelier_reference_get_source_width (AtelierReference *self)
{
  g_return_val_if_fail (ATELIER_IS_REFERENCE (self), 0);

  return self->source_width;
}

guint
atelier_reference_get_source_height (AtelierReference *self)
{
  g_return_val_if_fail (ATELIER_IS_REFERENCE (self), 0);

  return self->source_height;
}

const char *
atelier_reference_get_mime_type (AtelierReference *self)
{
  g_return_val_if_fail (ATELIER_IS_REFERENCE (self), NULL);

  return self->mime_type;
}

const char *
atelier_reference_get_extension (AtelierReference *self)
{
  g_return_val_if_fail (ATELIER_IS_REFERENCE (self), NULL);

  return self->extension;
}

GBytes *
atelier_reference_get_bytes (AtelierReference *self)
{
  g_return_val_if_fail (ATELIER_IS_REFERENCE (self), NULL);

  return self->bytes;
}

const char *
atelier_reference_get_base64 (AtelierReference *self)
{
  g_return_val_if_fail (ATELIER_IS_REFERENCE (self), NULL);

  return self->base64;
}

gboolean
atelier_reference_has_alpha (AtelierReference *self)
{
  g_return_val_if_fail (ATELIER_IS_REFERENCE (self), FALSE);

  return self->has_alpha;
}

GdkPixbuf *
atelier_reference_get_thumbnail (AtelierReference *self)
{
  g_return_val_if_fail (ATELIER_IS_REFERENCE (self), NULL);

  return self->thumbnail;
}

