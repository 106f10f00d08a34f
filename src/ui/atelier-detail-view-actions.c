/* atelier-detail-view-actions.c — what can be done with the image in the detail view
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "atelier-detail-view-private.h"
#include "atelier-file-chooser.h"
#include "atelier-gallery-cell.h"
#include "atelier-image-metadata.h"
#include "atelier-window.h"

char *
atelier_detail_view_default_file_name (AtelierJob *job)
{
  static const char * const articles[] = { "a ", "an ", "the ", NULL };
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *date = NULL;
  g_autofree char *words = NULL;
  g_autofree char *basename = NULL;
  GFile *file;
  const char *ext = "png";
  GString *clean;
  const char *p;
  guint n_words = 0;

  g_return_val_if_fail (ATELIER_IS_JOB (job), NULL);

  utc = g_date_time_new_from_unix_utc (atelier_job_get_created_at (job) > 0 ? atelier_job_get_created_at (job)
                                                                           : g_get_real_time () / G_USEC_PER_SEC);
  local = g_date_time_to_local (utc);
  date = g_date_time_format (local, "%Y-%m-%d");

  /* A few words of the prompt, without characters file systems dislike. */
  clean = g_string_new (NULL);
  p = _atelier_detail_view_job_prompt (job);
  for (guint i = 0; articles[i] != NULL; i++)
    if (g_ascii_strncasecmp (p, articles[i], strlen (articles[i])) == 0)
      {
        p += strlen (articles[i]);
        break;
      }
  for (; *p != '\0' && n_words < 6 && clean->len < 60; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c) || c == '-' || c == '\'')
        g_string_append_unichar (clean, g_unichar_tolower (c));
      else if (clean->len > 0 && clean->str[clean->len - 1] != ' ')
        {
          g_string_append_c (clean, ' ');
          n_words++;
        }
    }
  words = g_strstrip (g_string_free (clean, FALSE));

  file = atelier_job_get_image_file (job);
  if (file != NULL)
    {
      basename = g_file_get_basename (file);
      if (strrchr (basename, '.') != NULL)
        ext = strrchr (basename, '.') + 1;
    }
  else if (g_strcmp0 (atelier_job_get_content_type (job), "image/jpeg") == 0)
    ext = "jpg";

  if (*words == '\0')
    return g_strdup_printf ("%s %s.%s", date, _("image"), ext);
  return g_strdup_printf ("%s %s.%s", date, words, ext);
}

typedef struct
{
  AtelierDetailView *self;
  char              *name;
} SaveData;

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  SaveData *data = user_data;
  g_autoptr(GError) error = NULL;

  if (atelier_image_metadata_save_copy_finish (result, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Saved as “%s”"), data->name);

      atelier_window_show_message (GTK_WIDGET (data->self), message);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message = g_strdup_printf (_("Could not save “%s”: %s"), data->name, error->message);

      atelier_window_show_message (GTK_WIDGET (data->self), message);
    }

  g_object_unref (data->self);
  g_free (data->name);
  g_free (data);
}

static void
on_save_as_chosen (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(AtelierDetailView) self = user_data;
  g_autoptr(GFile) dest = atelier_file_chooser_run_finish_file (result, NULL);

  self->choosing_file = FALSE;
  if (dest != NULL && _atelier_detail_view_job_has_image (self->job))
    {
      g_autofree char *settings = atelier_image_metadata_settings_for_job (self->job);
      SaveData *data = g_new0 (SaveData, 1);

      data->self = g_object_ref (self);
      data->name = g_file_get_basename (dest);
      atelier_image_metadata_save_copy_async (atelier_job_get_image_file (self->job), dest, settings,
                                              NULL, on_saved, data);
    }
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  AtelierDetailView *self = ATELIER_DETAIL_VIEW (widget);
  const char *pictures = g_get_user_special_dir (G_USER_DIRECTORY_PICTURES);
  g_autoptr(GFile) folder = pictures != NULL ? g_file_new_for_path (pictures) : NULL;
  g_autofree char *name = NULL;

  if (!_atelier_detail_view_job_has_image (self->job) || self->choosing_file)
    return;

  name = atelier_detail_view_default_file_name (self->job);
  self->choosing_file = TRUE;
  atelier_file_chooser_run (widget, ATELIER_FILE_CHOOSER_SAVE, _("Save Image"), _("_Save"), name, folder,
                            self->chooser_cancellable, on_save_as_chosen, g_object_ref (self));
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  AtelierDetailView *self = ATELIER_DETAIL_VIEW (widget);

  if (self->texture == NULL)
    return;
  gdk_clipboard_set_texture (gtk_widget_get_clipboard (widget), self->texture);
  atelier_window_show_message (GTK_WIDGET (self), _("Image copied"));
}

static void
on_launched (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(AtelierDetailView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message = g_strdup_printf (_("No image viewer could open it: %s"), error->message);

      atelier_window_show_message (GTK_WIDGET (self), message);
    }
}

static void
open_external_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  AtelierDetailView *self = ATELIER_DETAIL_VIEW (widget);
  g_autofree char *uri = NULL;
  g_autoptr(GAppLaunchContext) context = NULL;

  if (!_atelier_detail_view_job_has_image (self->job))
    return;
  uri = g_file_get_uri (atelier_job_get_image_file (self->job));
  context = G_APP_LAUNCH_CONTEXT (gdk_display_get_app_launch_context (gtk_widget_get_display (widget)));
  g_app_info_launch_default_for_uri_async (uri, context, NULL, on_launched, g_object_ref (self));
}

/* What leaves the detail view is the window's: win.* actions on the job's id. */
static const struct
{
  const char *detail_action;
  const char *win_action;
  gboolean    needs_image;
} job_actions[] = {
  { "detail.use-as-reference", "win.use-job-as-reference", TRUE },
  /* FLUX.1 Fill with this picture as the source: paint a mask over it and repaint. */
  { "detail.edit-with-fill", "win.edit-job-with-fill", TRUE },
  /* FLUX.1 Expand with this picture as the source. */
  { "detail.expand", "win.expand-job", TRUE },
  { "detail.reuse-settings", "win.reuse-job", FALSE },
  { "detail.regenerate", "win.regenerate-job", FALSE },
};

static void
job_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  AtelierDetailView *self = ATELIER_DETAIL_VIEW (widget);

  for (guint i = 0; i < G_N_ELEMENTS (job_actions); i++)
    {
      if (!g_str_equal (action_name, job_actions[i].detail_action))
        continue;
      if (self->job == NULL || (job_actions[i].needs_image && !_atelier_detail_view_job_has_image (self->job)))
        return;
      gtk_widget_activate_action (widget, job_actions[i].win_action, "s", atelier_job_get_id (self->job));
      return;
    }
}

typedef struct
{
  AtelierLibrary *library;
  AtelierJob     *job;
  gboolean        undone;
} DeleteData;

static void
delete_data_free (gpointer user_data)
{
  DeleteData *data = user_data;

  g_clear_object (&data->library);
  g_clear_object (&data->job);
  g_free (data);
}

static void
on_delete_undo (AdwToast   *toast,
                DeleteData *data)
{
  data->undone = TRUE;
  atelier_library_undo_remove (data->library, data->job);
}

static void
on_delete_toast_dismissed (AdwToast   *toast,
                           DeleteData *data)
{
  if (!data->undone)
    atelier_library_commit_remove (data->library, data->job);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AtelierDetailView *self = ATELIER_DETAIL_VIEW (widget);
  DeleteData *data;
  AdwToast *toast;

  if (self->job == NULL || self->library == NULL)
    return;

  data = g_new0 (DeleteData, 1);
  data->library = g_object_ref (self->library);
  data->job = g_object_ref (self->job);

  /* The files stay on disk until the toast goes away without Undo. */
  atelier_library_remove (self->library, self->job);

  toast = adw_toast_new (_("Image deleted"));
  adw_toast_set_button_label (toast, _("_Undo"));
  g_signal_connect (toast, "button-clicked", G_CALLBACK (on_delete_undo), data);
  g_signal_connect_data (toast, "dismissed", G_CALLBACK (on_delete_toast_dismissed), data,
                         (GClosureNotify) (void (*) (void)) delete_data_free, 0);
  g_object_set_data (G_OBJECT (toast), "atelier-delete", data);

  g_set_weak_pointer (&self->delete_toast, toast);
  g_signal_emit (self, _atelier_detail_view_signals[DETAIL_VIEW_SIGNAL_CLOSE], 0);
  atelier_window_show_toast (GTK_WIDGET (self), toast);
}

void
_atelier_detail_view_update_favourite (AtelierDetailView *self)
{
  atelier_gallery_show_favourite (self->favourite_button,
                                  self->job != NULL && atelier_job_get_favourite (self->job));
}

static void
toggle_favourite_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  AtelierDetailView *self = ATELIER_DETAIL_VIEW (widget);

  if (self->job == NULL || self->library == NULL)
    return;
  atelier_library_set_favourite (self->library, self->job, !atelier_job_get_favourite (self->job));
}

static void
compare_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  g_signal_emit (widget, _atelier_detail_view_signals[DETAIL_VIEW_SIGNAL_COMPARE_REQUESTED], 0);
}

/* detail.show-job: a lineage thumbnail or a set's cell opens that picture here. */
static void
show_job_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  AtelierDetailView *self = ATELIER_DETAIL_VIEW (widget);
  g_autoptr(AtelierJob) job = NULL;

  if (self->library == NULL)
    return;
  job = atelier_library_dup_job (self->library, g_variant_get_string (parameter, NULL));
  if (job != NULL)
    atelier_detail_view_set_job (self, job);
}

void
_atelier_detail_view_class_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "detail.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "detail.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "detail.open-external", NULL, open_external_action);
  for (guint i = 0; i < G_N_ELEMENTS (job_actions); i++)
    gtk_widget_class_install_action (widget_class, job_actions[i].detail_action, NULL, job_action);
  gtk_widget_class_install_action (widget_class, "detail.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "detail.compare", NULL, compare_action);
  gtk_widget_class_install_action (widget_class, "detail.toggle-favourite", NULL, toggle_favourite_action);
  gtk_widget_class_install_action (widget_class, "detail.show-job", "s", show_job_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "detail.save-as", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "detail.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "detail.open-external", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "detail.use-as-reference", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "detail.edit-with-fill", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "detail.expand", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "detail.reuse-settings", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK, "detail.regenerate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "detail.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, 0, "detail.toggle-favourite", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "detail.compare", NULL);
}
