/* atelier-reference.c
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "atelier-reference.h"
#include "atelier-error.h"

/* Link stub: the real preparation follows. */

struct _AtelierReference
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (AtelierReference, atelier_reference, G_TYPE_OBJECT)

static void
atelier_reference_class_init (AtelierReferenceClass *klass)
{
}

static void
atelier_reference_init (AtelierReference *self)
{
}

void
atelier_reference_prepare_file_async (GFile               *file,
                                      guint64              max_pixels,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_return_new_error (task, ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE, "Not implemented yet");
}

void
atelier_reference_prepare_bytes_async (GBytes              *bytes,
                                       const char          *name,
                                       guint64              max_pixels,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_return_new_error (task, ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE, "Not implemented yet");
}

AtelierReference *
atelier_reference_prepare_finish (GAsyncResult  *result,
                                  GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

AtelierReference *
atelier_reference_prepare_bytes (GBytes        *bytes,
                                 const char    *name,
                                 guint64        max_pixels,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  g_set_error_literal (error, ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE, "Not implemented yet");
  return NULL;
}

AtelierReference *
atelier_reference_new_prepared (GBytes      *encoded,
                                const char  *name,
                                GError     **error)
{
  g_set_error_literal (error, ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE, "Not implemented yet");
  return NULL;
}

const char *atelier_reference_get_name (AtelierReference *self) { return NULL; }
guint atelier_reference_get_width (AtelierReference *self) { return 0; }
guint atelier_reference_get_height (AtelierReference *self) { return 0; }
guint atelier_reference_get_source_width (AtelierReference *self) { return 0; }
guint atelier_reference_get_source_height (AtelierReference *self) { return 0; }
const char *atelier_reference_get_mime_type (AtelierReference *self) { return NULL; }
const char *atelier_reference_get_extension (AtelierReference *self) { return NULL; }
GBytes *atelier_reference_get_bytes (AtelierReference *self) { return NULL; }
const char *atelier_reference_get_base64 (AtelierReference *self) { return NULL; }
gboolean atelier_reference_has_alpha (AtelierReference *self) { return FALSE; }
GdkPixbuf *atelier_reference_get_thumbnail (AtelierReference *self) { return NULL; }
