/* atelier-detail-view.c — one image large, its settings, and what can be done with it
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-detail-view-private.h"
#include "atelier-gallery-cell.h"
#include "atelier-thumbnailer.h"
#include "atelier-window.h"

G_DEFINE_FINAL_TYPE (AtelierDetailView, atelier_detail_view, GTK_TYPE_WIDGET)

guint _atelier_detail_view_signals[DETAIL_VIEW_N_SIGNALS];

gboolean
_atelier_detail_view_job_has_image (AtelierJob *job)
{
  return job != NULL &&
         atelier_job_get_state (job) == ATELIER_JOB_READY &&
         atelier_job_get_image_file (job) != NULL;
}

const char *
_atelier_detail_view_job_prompt (AtelierJob *job)
{
  AtelierRecipe *recipe = atelier_job_get_recipe (job);
  const char *prompt = recipe ? atelier_recipe_get_prompt (recipe) : NULL;

  return prompt != NULL ? prompt : "";
}

/* Full-size decoding, off the main thread. */

static void
load_texture_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GError *error = NULL;
  GdkTexture *texture;

  /* gdk_texture_new_from_file is thread-safe. */
  texture = gdk_texture_new_from_file (G_FILE (task_data), &error);
  if (texture == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, texture, g_object_unref);
}

static void
load_texture_async (GFile               *file,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, load_texture_thread);
}

/* A load in flight for one job: the view may have moved on (or gone) when it completes. */
typedef struct
{
  AtelierDetailView *self;
  AtelierJob        *job;
} LoadRequest;

static LoadRequest *
load_request_new (AtelierDetailView *self,
                  AtelierJob        *job)
{
  LoadRequest *request = g_new0 (LoadRequest, 1);

  request->self = g_object_ref (self);
  request->job = g_object_ref (job);
  return request;
}

/* The view, with the request's reference handed to the caller, while the load is still wanted; else
 * NULL. The caller holds it to the end: it may be the last one, and dropping it disposes the view. */
static AtelierDetailView *
load_request_finish (LoadRequest *request)
{
  AtelierDetailView *self = g_steal_pointer (&request->self);

  if (self->job != request->job)
    g_clear_object (&self);
  g_object_unref (request->job);
  g_free (request);
  return self;
}

/* Zoom */

static double
fit_scale (AtelierDetailView *self)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self->scroller));
  int h = gtk_widget_get_height (GTK_WIDGET (self->scroller));
  GdkPaintable *paintable = gtk_picture_get_paintable (self->picture);
  int iw, ih;

  if (paintable == NULL || self->texture == NULL)
    return 1.0;
  iw = gdk_texture_get_width (self->texture);
  ih = gdk_texture_get_height (self->texture);
  if (iw <= 0 || ih <= 0 || w <= 0 || h <= 0)
    return 1.0;
  return MIN ((double) w / iw, (double) h / ih);
}

static void
apply_zoom (AtelierDetailView *self)
{
  g_autofree char *label = NULL;
  g_autofree char *accessible = NULL;

  if (self->zoom <= 0 || self->texture == NULL)
    {
      gtk_scrolled_window_set_policy (self->scroller, GTK_POLICY_NEVER, GTK_POLICY_NEVER);
      gtk_widget_set_size_request (GTK_WIDGET (self->picture), -1, -1);
      gtk_widget_set_halign (GTK_WIDGET (self->picture), GTK_ALIGN_FILL);
      gtk_widget_set_valign (GTK_WIDGET (self->picture), GTK_ALIGN_FILL);
      gtk_widget_set_cursor (GTK_WIDGET (self->scroller), NULL);
      gtk_label_set_label (self->zoom_label, _("Fit"));
      accessible = g_strdup (_("Zoom: fit to the window"));
    }
  else
    {
      int w = (int) (gdk_texture_get_width (self->texture) * self->zoom + 0.5);
      int h = (int) (gdk_texture_get_height (self->texture) * self->zoom + 0.5);

      gtk_scrolled_window_set_policy (self->scroller, GTK_POLICY_AUTOMATIC, GTK_POLICY_AUTOMATIC);
      gtk_widget_set_size_request (GTK_WIDGET (self->picture), w, h);
      gtk_widget_set_halign (GTK_WIDGET (self->picture), GTK_ALIGN_CENTER);
      gtk_widget_set_valign (GTK_WIDGET (self->picture), GTK_ALIGN_CENTER);
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self->scroller), "grab");
      label = g_strdup_printf ("%d %%", (int) (self->zoom * 100 + 0.5));
      gtk_label_set_label (self->zoom_label, label);
      /* Translators: the zoom button's name for screen readers, "Zoom: 150 %" */
      accessible = g_strdup_printf (_("Zoom: %s"), label);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->zoom_button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  _atelier_detail_view_update_actions (self);
}

static void
set_zoom (AtelierDetailView *self,
          double             zoom)
{
  if (zoom > 0)
    zoom = CLAMP (zoom, 0.05, ZOOM_MAX);
  self->zoom = zoom;
  apply_zoom (self);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  AtelierDetailView *self = ATELIER_DETAIL_VIEW (widget);
  double current = self->zoom > 0 ? self->zoom : fit_scale (self);

  if (g_str_equal (action_name, "detail.zoom-fit"))
    set_zoom (self, 0);
  else if (g_str_equal (action_name, "detail.zoom-original"))
    set_zoom (self, 1.0);
  else if (g_str_equal (action_name, "detail.zoom-toggle"))
    set_zoom (self, self->zoom > 0 ? 0 : 1.0);
  else if (g_str_equal (action_name, "detail.zoom-in"))
    set_zoom (self, current * ZOOM_STEP);
  else if (g_str_equal (action_name, "detail.zoom-out"))
    set_zoom (self, current / ZOOM_STEP <= fit_scale (self) ? 0 : current / ZOOM_STEP);
}

static void
on_pan_begin (GtkGestureDrag    *gesture,
              double             x,
              double             y,
              AtelierDetailView *self)
{
  if (self->zoom <= 0)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  self->drag_start_x = gtk_adjustment_get_value (gtk_scrolled_window_get_hadjustment (self->scroller));
  self->drag_start_y = gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (self->scroller));
}

static void
on_pan_update (GtkGestureDrag    *gesture,
               double             dx,
               double             dy,
               AtelierDetailView *self)
{
  gtk_adjustment_set_value (gtk_scrolled_window_get_hadjustment (self->scroller), self->drag_start_x - dx);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), self->drag_start_y - dy);
}

/* Loading the job */

static void
on_texture_loaded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(AtelierDetailView) self = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = g_task_propagate_pointer (G_TASK (result), &error);
  self = load_request_finish (user_data);
  if (self == NULL)
    return;
  if (texture == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          adw_status_page_set_icon_name (self->status_page, "image-missing-symbolic");
          adw_status_page_set_title (self->status_page, _("The image cannot be shown"));
          adw_status_page_set_description (self->status_page, error->message);
          gtk_stack_set_visible_child_name (self->canvas_stack, "status");
        }
      return;
    }

  g_set_object (&self->texture, texture);
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  if (self->other == NULL)
    gtk_picture_set_paintable (self->compare_picture_a, GDK_PAINTABLE (texture));
  apply_zoom (self);
}

static void
on_compare_texture_loaded (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(AtelierDetailView) self = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = g_task_propagate_pointer (G_TASK (result), &error);
  self = load_request_finish (user_data);
  if (self == NULL)
    return;
  if (texture != NULL && self->other != NULL)
    gtk_picture_set_paintable (self->compare_picture_b, GDK_PAINTABLE (texture));
}

static void
on_recipe_loaded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(AtelierDetailView) self = NULL;
  g_autoptr(AtelierRecipe) recipe = NULL;
  g_autoptr(GError) error = NULL;

  recipe = atelier_library_load_recipe_finish (ATELIER_LIBRARY (source), result, &error);
  self = load_request_finish (user_data);
  if (self == NULL)
    return;
  if (recipe == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("References not loaded: %s", error->message);
      return;
    }

  g_set_object (&self->recipe, recipe);
  _atelier_detail_view_update_info (self);
}


static void
update_canvas (AtelierDetailView *self)
{
  g_autofree char *state = NULL;
  g_autofree char *detail = NULL;
  const char *icon = "image-x-generic-symbolic";

  if (self->job == NULL)
    return;

  if (self->other != NULL)
    {
      gtk_stack_set_visible_child_name (self->canvas_stack, "compare");
      return;
    }

  if (_atelier_detail_view_job_has_image (self->job))
    {
      if (gtk_picture_get_paintable (self->picture) != NULL ||
          g_strcmp0 (gtk_stack_get_visible_child_name (self->canvas_stack), "status") != 0)
        gtk_stack_set_visible_child_name (self->canvas_stack, "image");
      return;
    }

  state = atelier_gallery_describe_state (self->job);
  detail = atelier_gallery_describe_detail (self->job);
  switch (atelier_job_get_state (self->job))
    {
    case ATELIER_JOB_FAILED: icon = "dialog-error-symbolic"; break;
    case ATELIER_JOB_REQUEST_MODERATED:
    case ATELIER_JOB_CONTENT_MODERATED: icon = "action-unavailable-symbolic"; break;
    case ATELIER_JOB_CANCELLED: icon = "process-stop-symbolic"; break;
    case ATELIER_JOB_EXPIRED: icon = "alarm-symbolic"; break;
    case ATELIER_JOB_INTERRUPTED: icon = "dialog-warning-symbolic"; break;
    case ATELIER_JOB_QUEUED: icon = "document-open-recent-symbolic"; break;
    default: icon = "image-loading-symbolic"; break;
    }
  adw_status_page_set_icon_name (self->status_page, icon);
  adw_status_page_set_title (self->status_page, state);
  adw_status_page_set_description (self->status_page, detail);
  gtk_stack_set_visible_child_name (self->canvas_stack, "status");
}

static void
start_loading (AtelierDetailView *self)
{
  GFile *file;
  GdkTexture *thumb;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->texture);
  g_clear_object (&self->recipe);
  gtk_picture_set_paintable (self->picture, NULL);
  gtk_picture_set_paintable (self->compare_picture_a, NULL);
  self->zoom = 0;

  if (self->job == NULL)
    return;

  self->cancellable = g_cancellable_new ();

  if (self->library != NULL)
    atelier_library_load_recipe_async (self->library, self->job, self->cancellable, on_recipe_loaded,
                                       load_request_new (self, self->job));

  if (_atelier_detail_view_job_has_image (self->job))
    {
      file = atelier_job_get_image_file (self->job);
      /* The thumbnail stands in while the full image decodes. */
      thumb = atelier_thumbnailer_lookup (atelier_thumbnailer_get_default (), atelier_job_get_id (self->job), file);
      if (thumb != NULL)
        {
          gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (thumb));
          gtk_picture_set_paintable (self->compare_picture_a, GDK_PAINTABLE (thumb));
        }
      load_texture_async (file, self->cancellable, on_texture_loaded, load_request_new (self, self->job));
    }
  apply_zoom (self);
}

static void
on_job_notify (AtelierDetailView *self,
               GParamSpec        *pspec,
               AtelierJob        *job)
{
  gboolean had_texture = self->texture != NULL || gtk_picture_get_paintable (self->picture) != NULL;

  if (_atelier_detail_view_job_has_image (job) && !had_texture)
    start_loading (self);
  update_canvas (self);
  _atelier_detail_view_update_info (self);
  _atelier_detail_view_update_actions (self);
}

void
_atelier_detail_view_update_actions (AtelierDetailView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean has_image = _atelier_detail_view_job_has_image (self->job);
  gboolean running = FALSE;

  if (self->job != NULL)
    {
      AtelierJobState state = atelier_job_get_state (self->job);

      running = state == ATELIER_JOB_QUEUED || state == ATELIER_JOB_SUBMITTING ||
                state == ATELIER_JOB_PENDING || state == ATELIER_JOB_DOWNLOADING;
    }

  gtk_widget_action_set_enabled (widget, "detail.save-as", has_image);
  gtk_widget_action_set_enabled (widget, "detail.toggle-favourite", self->job != NULL && self->library != NULL);
  _atelier_detail_view_update_favourite (self);
  gtk_widget_action_set_enabled (widget, "detail.copy", has_image && self->texture != NULL);
  gtk_widget_action_set_enabled (widget, "detail.open-external", has_image);
  gtk_widget_action_set_enabled (widget, "detail.use-as-reference", has_image);
  gtk_widget_action_set_enabled (widget, "detail.edit-with-fill", has_image);
  gtk_widget_action_set_enabled (widget, "detail.expand", has_image);
  gtk_widget_action_set_enabled (widget, "detail.compare", has_image && self->other == NULL);
  gtk_widget_action_set_enabled (widget, "detail.reuse-settings", self->job != NULL && self->library != NULL);
  gtk_widget_action_set_enabled (widget, "detail.regenerate", self->job != NULL && self->engine != NULL);
  gtk_widget_action_set_enabled (widget, "detail.delete", self->job != NULL && self->library != NULL && !running);
  gtk_widget_action_set_enabled (widget, "detail.zoom-in", self->texture != NULL && self->other == NULL && self->zoom < ZOOM_MAX);
  gtk_widget_action_set_enabled (widget, "detail.zoom-out", self->texture != NULL && self->other == NULL && self->zoom > 0);
  gtk_widget_action_set_enabled (widget, "detail.zoom-fit", self->texture != NULL && self->other == NULL);
  gtk_widget_action_set_enabled (widget, "detail.zoom-original", self->texture != NULL && self->other == NULL);
  gtk_widget_action_set_enabled (widget, "detail.zoom-toggle", self->texture != NULL && self->other == NULL);
}

/* Actions */

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  AtelierDetailView *self = ATELIER_DETAIL_VIEW (widget);

  if (self->other != NULL && !self->pair_only)
    {
      atelier_detail_view_compare_with (self, NULL);
      return;
    }
  g_signal_emit (self, _atelier_detail_view_signals[DETAIL_VIEW_SIGNAL_CLOSE], 0);
}

static void
toggle_info_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  AtelierDetailView *self = ATELIER_DETAIL_VIEW (widget);

  gtk_toggle_button_set_active (self->info_button, !gtk_toggle_button_get_active (self->info_button));
}

/* GObject */

static void
atelier_detail_view_dispose (GObject *object)
{
  AtelierDetailView *self = ATELIER_DETAIL_VIEW (object);
  GtkWidget *child;

  atelier_detail_view_set_job (self, NULL);
  g_cancellable_cancel (self->chooser_cancellable);
  g_clear_object (&self->chooser_cancellable);
  g_clear_weak_pointer (&self->delete_toast);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->texture);
  g_clear_object (&self->recipe);
  g_clear_object (&self->other);
  g_clear_object (&self->library);
  g_clear_object (&self->engine);

  gtk_widget_dispose_template (GTK_WIDGET (self), ATELIER_TYPE_DETAIL_VIEW);
  /* The template's root box has no id: unparent it ourselves. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (atelier_detail_view_parent_class)->dispose (object);
}

/* In a narrow window the properties would cover the picture: they fold away, one click brings
 * them back over it. */
static void
on_info_flap_folded (AtelierDetailView *self)
{
  if (adw_flap_get_folded (self->info_flap))
    gtk_toggle_button_set_active (self->info_button, FALSE);
}

static void
atelier_detail_view_class_init (AtelierDetailViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = atelier_detail_view_dispose;

  _atelier_detail_view_signals[DETAIL_VIEW_SIGNAL_CLOSE] =
    g_signal_new ("close", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  _atelier_detail_view_signals[DETAIL_VIEW_SIGNAL_COMPARE_REQUESTED] =
    g_signal_new ("compare-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fluxatelier/Atelier/ui/atelier-detail-view.ui");
  gtk_widget_class_bind_template_child (widget_class, AtelierDetailView, toolbar);
  gtk_widget_class_bind_template_child (widget_class, AtelierDetailView, zoom_button);
  gtk_widget_class_bind_template_child (widget_class, AtelierDetailView, zoom_label);
  gtk_widget_class_bind_template_child (widget_class, AtelierDetailView, info_button);
  gtk_widget_class_bind_template_child (widget_class, AtelierDetailView, favourite_button);
  gtk_widget_class_bind_template_child (widget_class, AtelierDetailView, canvas_stack);
  gtk_widget_class_bind_template_child (widget_class, AtelierDetailView, scroller);
  gtk_widget_class_bind_template_child (widget_class, AtelierDetailView, picture);
  gtk_widget_class_bind_template_child (widget_class, AtelierDetailView, status_page);
  gtk_widget_class_bind_template_child (widget_class, AtelierDetailView, compare_picture_a);
  gtk_widget_class_bind_template_child (widget_class, AtelierDetailView, compare_picture_b);
  gtk_widget_class_bind_template_child (widget_class, AtelierDetailView, compare_label_a);
  gtk_widget_class_bind_template_child (widget_class, AtelierDetailView, compare_label_b);
  gtk_widget_class_bind_template_child (widget_class, AtelierDetailView, info_flap);
  gtk_widget_class_bind_template_callback (widget_class, on_info_flap_folded);
  gtk_widget_class_bind_template_child (widget_class, AtelierDetailView, info_box);

  gtk_widget_class_install_action (widget_class, "detail.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "detail.toggle-info", NULL, toggle_info_action);
  _atelier_detail_view_class_add_actions (widget_class);
  gtk_widget_class_install_action (widget_class, "detail.zoom-fit", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "detail.zoom-original", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "detail.zoom-toggle", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "detail.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "detail.zoom-out", NULL, zoom_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "detail.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "detail.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "detail.toggle-info", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_ALT_MASK, "detail.toggle-info", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "detail.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "detail.zoom-original", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "detail.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "detail.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "detail.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "detail.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "detail.zoom-out", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "detail-view");
}

static void
atelier_detail_view_init (AtelierDetailView *self)
{
  GtkGesture *pan;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->chooser_cancellable = g_cancellable_new ();

  pan = gtk_gesture_drag_new ();
  g_signal_connect_object (pan, "drag-begin", G_CALLBACK (on_pan_begin), self, 0);
  g_signal_connect_object (pan, "drag-update", G_CALLBACK (on_pan_update), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->scroller), GTK_EVENT_CONTROLLER (pan));

  apply_zoom (self);
}

void
atelier_detail_view_set_services (AtelierDetailView *self,
                                  AtelierLibrary    *library,
                                  AtelierEngine     *engine)
{
  g_return_if_fail (ATELIER_IS_DETAIL_VIEW (self));

  g_set_object (&self->library, library);
  g_set_object (&self->engine, engine);
  _atelier_detail_view_update_actions (self);
}

AtelierJob *
atelier_detail_view_get_job (AtelierDetailView *self)
{
  g_return_val_if_fail (ATELIER_IS_DETAIL_VIEW (self), NULL);

  return self->job;
}

void
atelier_detail_view_set_job (AtelierDetailView *self,
                             AtelierJob        *job)
{
  g_return_if_fail (ATELIER_IS_DETAIL_VIEW (self));

  if (self->job == job)
    return;

  if (self->job != NULL)
    g_signal_handlers_disconnect_by_func (self->job, on_job_notify, self);
  g_clear_object (&self->other);
  self->pair_only = FALSE;
  g_set_object (&self->job, job);
  if (job != NULL)
    g_signal_connect_object (job, "notify", G_CALLBACK (on_job_notify), self, G_CONNECT_SWAPPED);

  start_loading (self);
  update_canvas (self);
  _atelier_detail_view_update_info (self);
  _atelier_detail_view_update_actions (self);
}

static char *
compare_caption (AtelierJob *job)
{
  g_autofree char *seed = g_strdup_printf ("%" G_GINT64_FORMAT, atelier_job_get_seed (job));

  /* Translators: the caption of a picture in the comparison: its prompt, then its seed number */
  return g_strdup_printf (_("%s · seed %s"), _atelier_detail_view_job_prompt (job), seed);
}

void
atelier_detail_view_compare_with (AtelierDetailView *self,
                                  AtelierJob        *other)
{
  g_autofree char *caption_a = NULL;
  g_autofree char *caption_b = NULL;

  g_return_if_fail (ATELIER_IS_DETAIL_VIEW (self));

  if (other == self->job)
    other = NULL;
  g_set_object (&self->other, other);
  gtk_picture_set_paintable (self->compare_picture_b, NULL);

  if (other != NULL && self->job != NULL)
    {
      GdkTexture *thumb;

      gtk_picture_set_paintable (self->compare_picture_a,
                                 self->texture ? GDK_PAINTABLE (self->texture) : gtk_picture_get_paintable (self->picture));
      caption_a = compare_caption (self->job);
      caption_b = compare_caption (other);
      gtk_label_set_label (self->compare_label_a, caption_a);
      gtk_label_set_label (self->compare_label_b, caption_b);
      if (_atelier_detail_view_job_has_image (other))
        {
          thumb = atelier_thumbnailer_lookup (atelier_thumbnailer_get_default (), atelier_job_get_id (other),
                                              atelier_job_get_image_file (other));
          if (thumb != NULL)
            gtk_picture_set_paintable (self->compare_picture_b, GDK_PAINTABLE (thumb));
          load_texture_async (atelier_job_get_image_file (other), self->cancellable, on_compare_texture_loaded,
                              load_request_new (self, self->job));
        }
    }

  update_canvas (self);
  _atelier_detail_view_update_actions (self);
}

void
atelier_detail_view_show_pair (AtelierDetailView *self,
                               AtelierJob        *a,
                               AtelierJob        *b)
{
  g_return_if_fail (ATELIER_IS_DETAIL_VIEW (self));
  g_return_if_fail (ATELIER_IS_JOB (a));
  g_return_if_fail (ATELIER_IS_JOB (b));

  atelier_detail_view_set_job (self, a);
  atelier_detail_view_compare_with (self, b);
  self->pair_only = TRUE;
}

AtelierJob *
atelier_detail_view_get_compared (AtelierDetailView *self)
{
  g_return_val_if_fail (ATELIER_IS_DETAIL_VIEW (self), NULL);

  return self->other;
}

AdwToast *
atelier_detail_view_get_delete_toast (AtelierDetailView *self)
{
  g_return_val_if_fail (ATELIER_IS_DETAIL_VIEW (self), NULL);

  return self->delete_toast;
}
