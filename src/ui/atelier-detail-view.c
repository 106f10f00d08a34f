/* atelier-detail-view.c — one image large, its settings, and what can be done with it
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "atelier-catalog.h"
#include "atelier-cost.h"
#include "atelier-detail-view.h"
#include "atelier-gallery-cell.h"
#include "atelier-image-metadata.h"
#include "atelier-thumbnailer.h"
#include "atelier-window.h"

#define ZOOM_STEP 1.25
#define ZOOM_MAX  8.0

struct _AtelierDetailView
{
  GtkWidget          parent_instance;

  AtelierLibrary    *library;
  AtelierEngine     *engine;
  AtelierJob        *job;
  AtelierJob        *other;          /* compared with, or NULL */
  AtelierRecipe     *recipe;         /* the job's recipe with its references, once loaded */
  GdkTexture        *texture;        /* the full image, once loaded */
  GCancellable      *cancellable;    /* loads for the current job */
  GtkFileChooserNative *chooser;
  AdwToast          *delete_toast;   /* weak */
  double             zoom;           /* 0 = fit */
  double             drag_start_x;
  double             drag_start_y;

  GtkCenterBox      *toolbar;
  GtkLabel          *zoom_label;
  GtkToggleButton   *info_button;
  GtkStack          *canvas_stack;
  GtkScrolledWindow *scroller;
  GtkPicture        *picture;
  AdwStatusPage     *status_page;
  GtkPicture        *compare_picture_a;
  GtkPicture        *compare_picture_b;
  GtkLabel          *compare_label_a;
  GtkLabel          *compare_label_b;
  GtkRevealer       *info_revealer;
  GtkBox            *info_box;
};

G_DEFINE_FINAL_TYPE (AtelierDetailView, atelier_detail_view, GTK_TYPE_WIDGET)

enum {
  SIGNAL_CLOSE,
  SIGNAL_REUSE_RECIPE,
  SIGNAL_USE_AS_REFERENCE,
  SIGNAL_COMPARE_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void update_actions (AtelierDetailView *self);
static void update_info (AtelierDetailView *self);

static void
show_toast (AtelierDetailView *self,
            AdwToast          *toast)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (ATELIER_IS_WINDOW (root))
    atelier_window_add_toast (ATELIER_WINDOW (root), toast);
  else if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

static void
show_message (AtelierDetailView *self,
              const char        *message)
{
  show_toast (self, adw_toast_new (message));
}

static gboolean
job_has_image (AtelierJob *job)
{
  return job != NULL &&
         atelier_job_get_state (job) == ATELIER_JOB_READY &&
         atelier_job_get_image_file (job) != NULL;
}

static const char *
job_prompt (AtelierJob *job)
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

static gboolean
load_request_finish (LoadRequest *request)
{
  gboolean current = request->self->job == request->job;

  g_object_unref (request->self);
  g_object_unref (request->job);
  g_free (request);
  return current;
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

  if (self->zoom <= 0 || self->texture == NULL)
    {
      gtk_scrolled_window_set_policy (self->scroller, GTK_POLICY_NEVER, GTK_POLICY_NEVER);
      gtk_widget_set_size_request (GTK_WIDGET (self->picture), -1, -1);
      gtk_widget_set_halign (GTK_WIDGET (self->picture), GTK_ALIGN_FILL);
      gtk_widget_set_valign (GTK_WIDGET (self->picture), GTK_ALIGN_FILL);
      gtk_widget_set_cursor (GTK_WIDGET (self->scroller), NULL);
      gtk_label_set_label (self->zoom_label, _("Fit"));
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
    }
  update_actions (self);
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
  LoadRequest *request = user_data;
  AtelierDetailView *self = request->self;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = g_task_propagate_pointer (G_TASK (result), &error);
  if (!load_request_finish (request))
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
  LoadRequest *request = user_data;
  AtelierDetailView *self = request->self;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = g_task_propagate_pointer (G_TASK (result), &error);
  if (!load_request_finish (request))
    return;
  if (texture != NULL && self->other != NULL)
    gtk_picture_set_paintable (self->compare_picture_b, GDK_PAINTABLE (texture));
}

static void
on_recipe_loaded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  LoadRequest *request = user_data;
  AtelierDetailView *self = request->self;
  g_autoptr(AtelierRecipe) recipe = NULL;
  g_autoptr(GError) error = NULL;

  recipe = atelier_library_load_recipe_finish (ATELIER_LIBRARY (source), result, &error);
  if (!load_request_finish (request))
    return;
  if (recipe == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("References not loaded: %s", error->message);
      return;
    }

  g_set_object (&self->recipe, recipe);
  update_info (self);
}

static void
add_property (GtkBox     *box,
              const char *title,
              const char *value)
{
  GtkWidget *row, *label;

  if (value == NULL || *value == '\0')
    return;

  row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (row), label);

  label = gtk_label_new (value);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "detail-value");
  gtk_box_append (GTK_BOX (row), label);

  gtk_accessible_update_relation (GTK_ACCESSIBLE (label),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  gtk_widget_get_first_child (row), NULL, -1);
  gtk_box_append (box, row);
}

static const char *
region_label (AtelierRegion region)
{
  switch (region)
    {
    case ATELIER_REGION_EU: return _("Europe");
    case ATELIER_REGION_US: return _("United States");
    case ATELIER_REGION_GLOBAL:
    default: return _("Global");
    }
}

static void
update_info (AtelierDetailView *self)
{
  GtkWidget *child;
  AtelierRecipe *recipe;
  AtelierModel *model;
  const char *upsampled;
  g_autofree char *size = NULL;
  g_autofree char *seed = NULL;
  g_autofree char *estimate = NULL;
  g_autofree char *actual = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *date = NULL;
  g_autofree char *state = NULL;
  g_autofree char *detail = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->info_box))) != NULL)
    gtk_box_remove (self->info_box, child);

  if (self->job == NULL)
    return;

  recipe = atelier_job_get_recipe (self->job);
  model = recipe ? atelier_catalog_lookup (atelier_catalog_get_default (), atelier_recipe_get_model_id (recipe)) : NULL;

  state = atelier_gallery_describe_state (self->job);
  detail = atelier_gallery_describe_detail (self->job);
  if (atelier_job_get_state (self->job) != ATELIER_JOB_READY)
    add_property (self->info_box, _("Status"), *detail ? detail : state);

  add_property (self->info_box, _("Prompt"), job_prompt (self->job));
  upsampled = atelier_job_get_upsampled_prompt (self->job);
  if (upsampled != NULL && g_strcmp0 (g_strstrip (g_strdup (upsampled)), job_prompt (self->job)) != 0)
    {
      g_autofree char *a = g_strstrip (g_strdup (upsampled));
      g_autofree char *b = g_strstrip (g_strdup (job_prompt (self->job)));

      if (g_strcmp0 (a, b) != 0)
        add_property (self->info_box, _("Prompt as BFL expanded it"), upsampled);
    }

  if (model != NULL)
    add_property (self->info_box, _("Model"), atelier_model_get_name (model));
  else if (recipe != NULL)
    add_property (self->info_box, _("Model"), atelier_recipe_get_model_id (recipe));
  if (recipe != NULL)
    add_property (self->info_box, _("Region"), region_label (atelier_recipe_get_region (recipe)));

  if (atelier_job_get_width (self->job) > 0)
    size = g_strdup_printf ("%u × %u", atelier_job_get_width (self->job), atelier_job_get_height (self->job));
  else if (recipe != NULL && atelier_recipe_get_width (recipe) > 0)
    size = g_strdup_printf ("%u × %u", atelier_recipe_get_width (recipe), atelier_recipe_get_height (recipe));
  else if (recipe != NULL && atelier_recipe_get_aspect_ratio (recipe) != NULL)
    size = g_strdup (atelier_recipe_get_aspect_ratio (recipe));
  add_property (self->info_box, _("Size"), size);

  if (atelier_job_get_seed (self->job) >= 0)
    seed = g_strdup_printf ("%" G_GINT64_FORMAT, atelier_job_get_seed (self->job));
  add_property (self->info_box, _("Seed"), seed);

  if (self->recipe != NULL && atelier_recipe_get_n_references (self->recipe) > 0)
    {
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      GtkWidget *label = gtk_label_new (_("References"));
      GtkWidget *flow = gtk_flow_box_new ();

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "caption-heading");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (row), label);
      gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
      gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 4);
      gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (flow), 4);
      gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 6);
      gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 6);
      gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (flow), TRUE);
      for (guint i = 0; i < atelier_recipe_get_n_references (self->recipe); i++)
        {
          AtelierReference *ref = atelier_recipe_get_reference (self->recipe, i);
          GdkPixbuf *thumb = ref ? atelier_reference_get_thumbnail (ref) : NULL;
          GtkWidget *picture;

          if (thumb == NULL)
            continue;
          {
            g_autoptr(GdkTexture) texture = gdk_texture_new_for_pixbuf (thumb);

            picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
          }
          gtk_widget_set_size_request (picture, 56, 56);
          gtk_widget_set_overflow (picture, GTK_OVERFLOW_HIDDEN);
          gtk_widget_add_css_class (picture, "detail-reference");
          gtk_widget_set_tooltip_text (picture, atelier_reference_get_name (ref));
          gtk_accessible_update_property (GTK_ACCESSIBLE (picture), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          atelier_reference_get_name (ref), -1);
          gtk_flow_box_append (GTK_FLOW_BOX (flow), picture);
        }
      gtk_box_append (GTK_BOX (row), flow);
      gtk_box_append (self->info_box, row);
    }

  if (atelier_job_get_estimated_cost (self->job) > 0)
    {
      g_autofree char *credits = atelier_cost_format_credits (atelier_job_get_estimated_cost (self->job));

      /* Translators: an estimate, replaced by the server's figure once known */
      estimate = g_strdup_printf (_("≈ %s"), credits);
    }
  add_property (self->info_box, _("Estimated cost"), estimate);
  if (atelier_job_get_actual_cost (self->job) >= 0)
    actual = atelier_cost_format_credits (atelier_job_get_actual_cost (self->job));
  add_property (self->info_box, _("Cost charged by BFL"), actual);

  if (atelier_job_get_duration (self->job) >= 0)
    duration = g_strdup_printf (_("%.1f s"), atelier_job_get_duration (self->job));
  add_property (self->info_box, _("Generation time"), duration);

  if (atelier_job_get_created_at (self->job) > 0)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (atelier_job_get_created_at (self->job));
      g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

      if (local != NULL)
        date = g_date_time_format (local, "%x %X");
    }
  add_property (self->info_box, _("Created"), date);
  add_property (self->info_box, _("Task ID"), atelier_job_get_task_id (self->job));
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

  if (job_has_image (self->job))
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

  if (job_has_image (self->job))
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

  if (job_has_image (job) && !had_texture)
    start_loading (self);
  update_canvas (self);
  update_info (self);
  update_actions (self);
}

static void
update_actions (AtelierDetailView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean has_image = job_has_image (self->job);
  gboolean running = FALSE;

  if (self->job != NULL)
    {
      AtelierJobState state = atelier_job_get_state (self->job);

      running = state == ATELIER_JOB_QUEUED || state == ATELIER_JOB_SUBMITTING ||
                state == ATELIER_JOB_PENDING || state == ATELIER_JOB_DOWNLOADING;
    }

  gtk_widget_action_set_enabled (widget, "detail.save-as", has_image);
  gtk_widget_action_set_enabled (widget, "detail.copy", has_image && self->texture != NULL);
  gtk_widget_action_set_enabled (widget, "detail.open-external", has_image);
  gtk_widget_action_set_enabled (widget, "detail.use-as-reference", has_image);
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

  if (self->other != NULL)
    {
      atelier_detail_view_compare_with (self, NULL);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_CLOSE], 0);
}

static void
toggle_info_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  AtelierDetailView *self = ATELIER_DETAIL_VIEW (widget);

  gtk_toggle_button_set_active (self->info_button, !gtk_toggle_button_get_active (self->info_button));
}

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
  p = job_prompt (job);
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

      show_message (data->self, message);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message = g_strdup_printf (_("Could not save “%s”: %s"), data->name, error->message);

      show_message (data->self, message);
    }

  g_object_unref (data->self);
  g_free (data->name);
  g_free (data);
}

static void
on_chooser_response (GtkNativeDialog   *dialog,
                     int                response,
                     AtelierDetailView *self)
{
  if (response == GTK_RESPONSE_ACCEPT && job_has_image (self->job))
    {
      g_autoptr(GFile) dest = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *settings = atelier_image_metadata_settings_for_job (self->job);
      SaveData *data = g_new0 (SaveData, 1);

      data->self = g_object_ref (self);
      data->name = g_file_get_basename (dest);
      atelier_image_metadata_save_copy_async (atelier_job_get_image_file (self->job), dest, settings,
                                              NULL, on_saved, data);
    }
  g_clear_object (&self->chooser);
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  AtelierDetailView *self = ATELIER_DETAIL_VIEW (widget);
  g_autofree char *name = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);

  if (!job_has_image (self->job) || self->chooser != NULL)
    return;

  name = atelier_detail_view_default_file_name (self->job);
  self->chooser = gtk_file_chooser_native_new (_("Save Image"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  {
    const char *pictures = g_get_user_special_dir (G_USER_DIRECTORY_PICTURES);

    if (pictures != NULL)
      {
        g_autoptr(GFile) folder = g_file_new_for_path (pictures);

        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
      }
  }
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
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
  show_message (self, _("Image copied"));
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

      show_message (self, message);
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

  if (!job_has_image (self->job))
    return;
  uri = g_file_get_uri (atelier_job_get_image_file (self->job));
  context = G_APP_LAUNCH_CONTEXT (gdk_display_get_app_launch_context (gtk_widget_get_display (widget)));
  g_app_info_launch_default_for_uri_async (uri, context, NULL, on_launched, g_object_ref (self));
}

static void
use_as_reference_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  AtelierDetailView *self = ATELIER_DETAIL_VIEW (widget);

  if (!job_has_image (self->job))
    return;
  g_signal_emit (self, signals[SIGNAL_USE_AS_REFERENCE], 0, atelier_job_get_image_file (self->job));
}

typedef enum
{
  RECIPE_FOR_REUSE,
  RECIPE_FOR_REGENERATE,
} RecipePurpose;

typedef struct
{
  AtelierDetailView *self;
  AtelierJob        *job;
  RecipePurpose      purpose;
} RecipeRequest;

static void
regenerate_with (AtelierDetailView *self,
                 AtelierRecipe     *recipe)
{
  g_autoptr(AtelierRecipe) copy = atelier_recipe_copy (recipe);
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;

  /* The same settings with a new seed: a sibling, not a duplicate. */
  atelier_recipe_set_seed (copy, ATELIER_SEED_RANDOM);
  jobs = atelier_engine_generate (self->engine, copy, 1, &error);
  if (jobs == NULL)
    {
      show_message (self, error->message);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_CLOSE], 0);
}

static void
on_action_recipe_loaded (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  RecipeRequest *request = user_data;
  AtelierDetailView *self = request->self;
  g_autoptr(AtelierRecipe) recipe = NULL;
  g_autoptr(GError) error = NULL;

  recipe = atelier_library_load_recipe_finish (ATELIER_LIBRARY (source), result, &error);
  if (recipe == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The settings could not be loaded: %s"), error->message);

      show_message (self, message);
    }
  else if (request->purpose == RECIPE_FOR_REUSE)
    g_signal_emit (self, signals[SIGNAL_REUSE_RECIPE], 0, recipe);
  else if (self->engine != NULL)
    regenerate_with (self, recipe);

  g_object_unref (request->self);
  g_object_unref (request->job);
  g_free (request);
}

static void
request_recipe (AtelierDetailView *self,
                RecipePurpose      purpose)
{
  RecipeRequest *request;

  if (self->job == NULL || self->library == NULL)
    return;

  request = g_new0 (RecipeRequest, 1);
  request->self = g_object_ref (self);
  request->job = g_object_ref (self->job);
  request->purpose = purpose;
  atelier_library_load_recipe_async (self->library, self->job, NULL, on_action_recipe_loaded, request);
}

static void
reuse_settings_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  request_recipe (ATELIER_DETAIL_VIEW (widget), RECIPE_FOR_REUSE);
}

static void
regenerate_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  request_recipe (ATELIER_DETAIL_VIEW (widget), RECIPE_FOR_REGENERATE);
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
  g_signal_emit (self, signals[SIGNAL_CLOSE], 0);
  show_toast (self, toast);
}

static void
compare_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  g_signal_emit (widget, signals[SIGNAL_COMPARE_REQUESTED], 0);
}

/* GObject */

static void
atelier_detail_view_dispose (GObject *object)
{
  AtelierDetailView *self = ATELIER_DETAIL_VIEW (object);
  GtkWidget *child;

  atelier_detail_view_set_job (self, NULL);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
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

static void
atelier_detail_view_class_init (AtelierDetailViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = atelier_detail_view_dispose;

  signals[SIGNAL_CLOSE] =
    g_signal_new ("close", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[SIGNAL_REUSE_RECIPE] =
    g_signal_new ("reuse-recipe", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, ATELIER_TYPE_RECIPE);
  signals[SIGNAL_USE_AS_REFERENCE] =
    g_signal_new ("use-as-reference", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_FILE);
  signals[SIGNAL_COMPARE_REQUESTED] =
    g_signal_new ("compare-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fluxatelier/Atelier/ui/atelier-detail-view.ui");
  gtk_widget_class_bind_template_child (widget_class, AtelierDetailView, toolbar);
  gtk_widget_class_bind_template_child (widget_class, AtelierDetailView, zoom_label);
  gtk_widget_class_bind_template_child (widget_class, AtelierDetailView, info_button);
  gtk_widget_class_bind_template_child (widget_class, AtelierDetailView, canvas_stack);
  gtk_widget_class_bind_template_child (widget_class, AtelierDetailView, scroller);
  gtk_widget_class_bind_template_child (widget_class, AtelierDetailView, picture);
  gtk_widget_class_bind_template_child (widget_class, AtelierDetailView, status_page);
  gtk_widget_class_bind_template_child (widget_class, AtelierDetailView, compare_picture_a);
  gtk_widget_class_bind_template_child (widget_class, AtelierDetailView, compare_picture_b);
  gtk_widget_class_bind_template_child (widget_class, AtelierDetailView, compare_label_a);
  gtk_widget_class_bind_template_child (widget_class, AtelierDetailView, compare_label_b);
  gtk_widget_class_bind_template_child (widget_class, AtelierDetailView, info_revealer);
  gtk_widget_class_bind_template_child (widget_class, AtelierDetailView, info_box);

  gtk_widget_class_install_action (widget_class, "detail.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "detail.toggle-info", NULL, toggle_info_action);
  gtk_widget_class_install_action (widget_class, "detail.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "detail.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "detail.open-external", NULL, open_external_action);
  gtk_widget_class_install_action (widget_class, "detail.use-as-reference", NULL, use_as_reference_action);
  gtk_widget_class_install_action (widget_class, "detail.reuse-settings", NULL, reuse_settings_action);
  gtk_widget_class_install_action (widget_class, "detail.regenerate", NULL, regenerate_action);
  gtk_widget_class_install_action (widget_class, "detail.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "detail.compare", NULL, compare_action);
  gtk_widget_class_install_action (widget_class, "detail.zoom-fit", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "detail.zoom-original", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "detail.zoom-toggle", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "detail.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "detail.zoom-out", NULL, zoom_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "detail.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "detail.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "detail.toggle-info", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_ALT_MASK, "detail.toggle-info", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "detail.save-as", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "detail.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "detail.open-external", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "detail.use-as-reference", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "detail.reuse-settings", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK, "detail.regenerate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "detail.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "detail.compare", NULL);
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

  pan = gtk_gesture_drag_new ();
  g_signal_connect_object (pan, "drag-begin", G_CALLBACK (on_pan_begin), self, 0);
  g_signal_connect_object (pan, "drag-update", G_CALLBACK (on_pan_update), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->scroller), GTK_EVENT_CONTROLLER (pan));

  update_actions (self);
}

GtkWidget *
atelier_detail_view_new (void)
{
  return g_object_new (ATELIER_TYPE_DETAIL_VIEW, NULL);
}

void
atelier_detail_view_set_services (AtelierDetailView *self,
                                  AtelierLibrary    *library,
                                  AtelierEngine     *engine)
{
  g_return_if_fail (ATELIER_IS_DETAIL_VIEW (self));

  g_set_object (&self->library, library);
  g_set_object (&self->engine, engine);
  update_actions (self);
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
  g_set_object (&self->job, job);
  if (job != NULL)
    g_signal_connect_object (job, "notify", G_CALLBACK (on_job_notify), self, G_CONNECT_SWAPPED);

  start_loading (self);
  update_canvas (self);
  update_info (self);
  update_actions (self);
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
      caption_a = g_strdup_printf ("%s · %s %" G_GINT64_FORMAT, job_prompt (self->job), _("seed"), atelier_job_get_seed (self->job));
      caption_b = g_strdup_printf ("%s · %s %" G_GINT64_FORMAT, job_prompt (other), _("seed"), atelier_job_get_seed (other));
      gtk_label_set_label (self->compare_label_a, caption_a);
      gtk_label_set_label (self->compare_label_b, caption_b);
      if (job_has_image (other))
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
  update_actions (self);
}

double
atelier_detail_view_get_zoom (AtelierDetailView *self)
{
  g_return_val_if_fail (ATELIER_IS_DETAIL_VIEW (self), 0);

  return self->zoom;
}

AdwToast *
atelier_detail_view_get_delete_toast (AtelierDetailView *self)
{
  g_return_val_if_fail (ATELIER_IS_DETAIL_VIEW (self), NULL);

  return self->delete_toast;
}
