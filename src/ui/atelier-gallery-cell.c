/* atelier-gallery-cell.c — one square of the gallery: a thumbnail, or where the job stands
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "atelier-gallery-cell.h"
#include "atelier-thumbnailer.h"

#define DEFAULT_CELL_SIZE 200
#define MIN_CELL_SIZE     ATELIER_GALLERY_CELL_MIN_SIZE

struct _AtelierGalleryCell
{
  GtkWidget     parent_instance;

  AtelierJob   *job;
  GCancellable *thumbnail_cancellable;
  GFile        *thumbnail_file;     /* the file the shown or loading thumbnail is of */
  guint         tick_id;
  guint         changes_id;         /* the idle that applies the gathered changes */
  guint         changed;            /* Changed: what the job's notifies touched since */
  char         *accessible_label;
  char         *state_class;
  char         *state_text;
  char         *detail_text;

  GtkPicture   *picture;
  /* Where the job stands: made on the first state that is not Ready (ensure_status ()). */
  GtkBox       *status_box;
  GtkStack     *visual_stack;
  GtkImage     *status_icon;
  GtkSpinner   *spinner;
  GtkDrawingArea *ring;
  GtkLabel     *state_label;
  GtkLabel     *detail_label;
  GtkButton    *cancel_button;
  GtkButton    *retry_button;
  GtkLabel     *caption;
  GtkImage     *check;
  GtkButton    *favourite_button;
};

G_DEFINE_FINAL_TYPE (AtelierGalleryCell, atelier_gallery_cell, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_JOB,
  PROP_SELECTED,
  PROP_ACCESSIBLE_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];


static char *
first_words (const char *prompt,
             guint       max_chars)
{
  g_autofree char *flat = g_strdup (prompt != NULL ? prompt : "");

  g_strdelimit (flat, "\n\r\t", ' ');
  g_strstrip (flat);
  if (g_utf8_strlen (flat, -1) <= max_chars)
    return g_steal_pointer (&flat);

  {
    char *end = g_utf8_offset_to_pointer (flat, max_chars);
    char *space;

    *end = '\0';
    space = strrchr (flat, ' ');
    if (space != NULL && space - flat > (glong) max_chars / 2)
      *space = '\0';
    return g_strconcat (flat, "…", NULL);
  }
}

static void
set_state_class (AtelierGalleryCell *self,
                 const char         *klass)
{
  if (g_strcmp0 (self->state_class, klass) == 0)
    return;
  if (self->state_class != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self), self->state_class);
  g_free (self->state_class);
  self->state_class = g_strdup (klass);
  if (klass != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self), klass);
}

static void
draw_ring (GtkDrawingArea *area,
           cairo_t        *cr,
           int             width,
           int             height,
           gpointer        user_data)
{
  AtelierGalleryCell *self = user_data;
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (area));
  double progress = self->job ? CLAMP (atelier_job_get_progress (self->job), 0.0, 1.0) : 0.0;
  double radius = MIN (width, height) / 2.0 - 3.0;
  GdkRGBA fg, accent;

  gtk_style_context_get_color (context, &fg);
  if (!gtk_style_context_lookup_color (context, "accent_color", &accent))
    accent = fg;

  cairo_set_line_width (cr, 4.0);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  fg.alpha *= 0.15;
  gdk_cairo_set_source_rgba (cr, &fg);
  cairo_arc (cr, width / 2.0, height / 2.0, radius, 0, 2 * G_PI);
  cairo_stroke (cr);

  if (progress > 0)
    {
      gdk_cairo_set_source_rgba (cr, &accent);
      cairo_arc (cr, width / 2.0, height / 2.0, radius, -G_PI / 2, -G_PI / 2 + 2 * G_PI * progress);
      cairo_stroke (cr);
    }
}

static void
on_thumbnail_loaded (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(AtelierGalleryCell) self = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = atelier_thumbnailer_load_finish (ATELIER_THUMBNAILER (source), result, &error);
  if (texture == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No thumbnail: %s", error->message);
      return;
    }
  /* Only the load still wanted: the cell may have moved on to another job, or been disposed. */
  if (self->thumbnail_cancellable == NULL ||
      g_task_get_cancellable (G_TASK (result)) != self->thumbnail_cancellable ||
      g_cancellable_is_cancelled (self->thumbnail_cancellable))
    return;

  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
}

static void
stop_thumbnail (AtelierGalleryCell *self)
{
  g_cancellable_cancel (self->thumbnail_cancellable);
  g_clear_object (&self->thumbnail_cancellable);
  g_clear_object (&self->thumbnail_file);
  gtk_picture_set_paintable (self->picture, NULL);
}

static void
update_thumbnail (AtelierGalleryCell *self)
{
  AtelierThumbnailer *thumbnailer = atelier_thumbnailer_get_default ();
  GFile *file = NULL;
  GdkTexture *texture;

  if (self->job != NULL && atelier_job_get_state (self->job) == ATELIER_JOB_READY)
    file = atelier_job_get_image_file (self->job);

  if (file == NULL)
    {
      stop_thumbnail (self);
      return;
    }
  if (self->thumbnail_file != NULL && g_file_equal (file, self->thumbnail_file))
    return;

  stop_thumbnail (self);
  self->thumbnail_file = g_object_ref (file);

  texture = atelier_thumbnailer_lookup (thumbnailer, atelier_job_get_id (self->job), file);
  if (texture != NULL)
    {
      gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
      return;
    }

  self->thumbnail_cancellable = g_cancellable_new ();
  atelier_thumbnailer_load_async (thumbnailer, atelier_job_get_id (self->job), file,
                                  self->thumbnail_cancellable, on_thumbnail_loaded,
                                  g_object_ref (self));
}

static gboolean on_detail_query_tooltip (GtkWidget  *label,
                                         int         x,
                                         int         y,
                                         gboolean    keyboard_mode,
                                         GtkTooltip *tooltip,
                                         gpointer    user_data);

/* The state's icon, words and buttons, over the picture's place. A Ready cell never has them:
 * most of a library's cells are made, bound and disposed without these dozen widgets. */
static void
ensure_status (AtelierGalleryCell *self)
{
  g_autoptr(GtkBuilder) builder = NULL;

  if (self->status_box != NULL)
    return;
  builder = gtk_builder_new_from_resource ("/io/github/fluxatelier/Atelier/ui/atelier-gallery-cell-status.ui");
  self->status_box = GTK_BOX (gtk_builder_get_object (builder, "status_box"));
  self->visual_stack = GTK_STACK (gtk_builder_get_object (builder, "visual_stack"));
  self->status_icon = GTK_IMAGE (gtk_builder_get_object (builder, "status_icon"));
  self->spinner = GTK_SPINNER (gtk_builder_get_object (builder, "spinner"));
  self->ring = GTK_DRAWING_AREA (gtk_builder_get_object (builder, "ring"));
  self->state_label = GTK_LABEL (gtk_builder_get_object (builder, "state_label"));
  self->detail_label = GTK_LABEL (gtk_builder_get_object (builder, "detail_label"));
  self->cancel_button = GTK_BUTTON (gtk_builder_get_object (builder, "cancel_button"));
  self->retry_button = GTK_BUTTON (gtk_builder_get_object (builder, "retry_button"));

  gtk_drawing_area_set_draw_func (self->ring, draw_ring, self, NULL);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->detail_label), TRUE);
  g_signal_connect (self->detail_label, "query-tooltip", G_CALLBACK (on_detail_query_tooltip), NULL);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->cancel_button), "gallery.cancel-job");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->retry_button), "gallery.retry-job");
  if (self->job != NULL)
    {
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->cancel_button), "s", atelier_job_get_id (self->job));
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->retry_button), "s", atelier_job_get_id (self->job));
    }
  /* Above the picture, under the check mark, the star and the caption, as it always was. */
  gtk_widget_insert_after (GTK_WIDGET (self->status_box), GTK_WIDGET (self), GTK_WIDGET (self->picture));
}

static void
set_detail_text (AtelierGalleryCell *self,
                 const char         *detail)
{
  if (g_strcmp0 (self->detail_text, detail) != 0)
    {
      g_free (self->detail_text);
      self->detail_text = g_strdup (detail);
    }
  if (self->detail_label != NULL)
    {
      gtk_label_set_label (self->detail_label, detail);
      gtk_widget_set_visible (GTK_WIDGET (self->detail_label), detail != NULL && detail[0] != '\0');
    }
}

static gboolean
on_tick (gpointer user_data)
{
  AtelierGalleryCell *self = user_data;
  g_autofree char *detail = NULL;

  if (self->job == NULL)
    {
      self->tick_id = 0;
      return G_SOURCE_REMOVE;
    }
  detail = atelier_gallery_describe_detail (self->job);
  set_detail_text (self, detail);
  return G_SOURCE_CONTINUE;
}

/* The detail changes with every queue move and every second while pending; setting a tooltip
 * text each time would ask the X server where the pointer is (a round trip) on every change, so
 * the label's text is only read when a tooltip is about to show. */
static gboolean
on_detail_query_tooltip (GtkWidget  *label,
                         int         x,
                         int         y,
                         gboolean    keyboard_mode,
                         GtkTooltip *tooltip,
                         gpointer    user_data)
{
  const char *text = gtk_label_get_label (GTK_LABEL (label));

  if (text == NULL || *text == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* What changed, so a notify updates only that. The engine changes several of a job's
 * properties at once (and several jobs at once): the changes are gathered and applied once,
 * just before the next frame is drawn. */
typedef enum
{
  CHANGED_PROMPT    = 1 << 0,  /* the caption and the accessible name */
  CHANGED_STATE     = 1 << 1,  /* the state widgets' look, the buttons, the elapsed-time tick */
  CHANGED_TEXT      = 1 << 2,  /* the state line, the detail, the accessible name */
  CHANGED_PROGRESS  = 1 << 3,  /* the ring */
  CHANGED_THUMBNAIL = 1 << 4,
  CHANGED_FAVOURITE = 1 << 5,  /* the star */
  CHANGED_ALL       = (1 << 6) - 1,
} Changed;

static Changed
changed_by (GParamSpec *pspec)
{
  static const struct { const char *name; Changed changed; } map[] = {
    { "state", CHANGED_STATE | CHANGED_TEXT | CHANGED_THUMBNAIL },
    { "retryable", CHANGED_STATE },
    { "progress", CHANGED_PROGRESS | CHANGED_TEXT },
    { "queue-position", CHANGED_TEXT },
    { "waiting-for-slot", CHANGED_TEXT },
    { "status-text", CHANGED_TEXT },
    { "error-message", CHANGED_TEXT },
    { "moderation-reasons", CHANGED_TEXT },
    { "recipe", CHANGED_PROMPT | CHANGED_TEXT },
    { "image-file", CHANGED_THUMBNAIL },
    { "favourite", CHANGED_FAVOURITE },
  };

  /* Property names are interned: the comparison is of pointers first. */
  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_str_equal (pspec->name, map[i].name))
      return map[i].changed;
  return 0;  /* task id, URLs, costs, sizes…: nothing the cell shows */
}

static const char *
get_prompt (AtelierGalleryCell *self)
{
  AtelierRecipe *recipe = atelier_job_get_recipe (self->job);
  const char *prompt = recipe != NULL ? atelier_recipe_get_prompt (recipe) : NULL;

  return prompt != NULL && *prompt != '\0' ? prompt : _("Untitled");
}

static void
update_prompt (AtelierGalleryCell *self)
{
  g_autofree char *caption = first_words (get_prompt (self), 60);

  gtk_label_set_label (self->caption, caption);
}

static void
update_state (AtelierGalleryCell *self)
{
  AtelierJobState state = atelier_job_get_state (self->job);
  const char *visual = "icon";
  const char *icon = NULL;
  const char *klass = NULL;
  gboolean busy = FALSE;

  switch (state)
    {
    case ATELIER_JOB_QUEUED:
      icon = "document-open-recent-symbolic";
      klass = "queued";
      break;
    case ATELIER_JOB_SUBMITTING:
    case ATELIER_JOB_DOWNLOADING:
      visual = "spinner";
      busy = TRUE;
      klass = "working";
      break;
    case ATELIER_JOB_PENDING:
      visual = atelier_job_get_progress (self->job) >= 0 ? "ring" : "spinner";
      busy = TRUE;
      klass = "working";
      break;
    case ATELIER_JOB_READY:
      klass = "ready";
      break;
    case ATELIER_JOB_FAILED:
      icon = "dialog-error-symbolic";
      klass = "failed";
      break;
    case ATELIER_JOB_REQUEST_MODERATED:
    case ATELIER_JOB_CONTENT_MODERATED:
      icon = "action-unavailable-symbolic";
      klass = "moderated";
      break;
    case ATELIER_JOB_CANCELLED:
      icon = "process-stop-symbolic";
      klass = "cancelled";
      break;
    case ATELIER_JOB_EXPIRED:
      icon = "alarm-symbolic";
      klass = "lost";
      break;
    case ATELIER_JOB_INTERRUPTED:
    default:
      icon = "dialog-warning-symbolic";
      klass = "lost";
      break;
    }

  set_state_class (self, klass);
  if (state == ATELIER_JOB_READY && self->status_box == NULL)
    {
      g_clear_handle_id (&self->tick_id, g_source_remove);
      return;
    }
  ensure_status (self);
  gtk_widget_set_visible (GTK_WIDGET (self->status_box), state != ATELIER_JOB_READY);
  if (icon != NULL)
    gtk_image_set_from_icon_name (self->status_icon, icon);
  gtk_stack_set_visible_child_name (self->visual_stack, visual);
  gtk_spinner_set_spinning (self->spinner, busy && g_str_equal (visual, "spinner"));

  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button),
                          state == ATELIER_JOB_QUEUED || state == ATELIER_JOB_SUBMITTING ||
                          state == ATELIER_JOB_PENDING);
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button),
                          state == ATELIER_JOB_FAILED && atelier_job_get_retryable (self->job));

  if (state == ATELIER_JOB_PENDING && self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (1, on_tick, self);
  else if (state != ATELIER_JOB_PENDING)
    g_clear_handle_id (&self->tick_id, g_source_remove);
}

static void
update_text (AtelierGalleryCell *self)
{
  g_autofree char *state_text = atelier_gallery_describe_state (self->job);
  g_autofree char *detail = atelier_gallery_describe_detail (self->job);
  g_autofree char *short_prompt = NULL;
  g_autofree char *accessible = NULL;

  if (g_strcmp0 (self->state_text, state_text) != 0)
    {
      g_free (self->state_text);
      self->state_text = g_strdup (state_text);
    }
  if (self->state_label != NULL)
    gtk_label_set_label (self->state_label, state_text);
  set_detail_text (self, detail);

  /* The prompt names the cell, the state says where it stands: "A red fox in snow — Ready". */
  short_prompt = first_words (get_prompt (self), 160);
  accessible = g_strdup_printf (_("%s — %s"), short_prompt, state_text);
  if (g_strcmp0 (accessible, self->accessible_label) != 0)
    {
      g_free (self->accessible_label);
      self->accessible_label = g_steal_pointer (&accessible);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, self->accessible_label,
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, detail,
                                      -1);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCESSIBLE_LABEL]);
    }
}

static void
update_progress (AtelierGalleryCell *self)
{
  const char *visual = self->visual_stack != NULL ? gtk_stack_get_visible_child_name (self->visual_stack) : NULL;

  /* The first progress turns the spinner into the ring: that is a change of look. */
  if (atelier_job_get_state (self->job) == ATELIER_JOB_PENDING &&
      g_strcmp0 (visual, atelier_job_get_progress (self->job) >= 0 ? "ring" : "spinner") != 0)
    update_state (self);
  else if (g_strcmp0 (visual, "ring") == 0)
    gtk_widget_queue_draw (GTK_WIDGET (self->ring));
}

static void
apply_changes (AtelierGalleryCell *self,
               Changed             changed)
{
  if (self->job == NULL)
    {
      g_clear_handle_id (&self->tick_id, g_source_remove);
      stop_thumbnail (self);
      if (self->status_box != NULL)
        gtk_widget_set_visible (GTK_WIDGET (self->status_box), FALSE);
      gtk_label_set_label (self->caption, "");
      gtk_widget_remove_css_class (GTK_WIDGET (self), "favourite");
      return;
    }

  if (changed & CHANGED_FAVOURITE)
    {
      gboolean favourite = atelier_job_get_favourite (self->job);

      atelier_gallery_show_favourite (self->favourite_button, favourite);
      if (favourite)
        gtk_widget_add_css_class (GTK_WIDGET (self), "favourite");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self), "favourite");
    }
  if (changed & CHANGED_PROMPT)
    update_prompt (self);
  if (changed & CHANGED_STATE)
    update_state (self);
  else if (changed & CHANGED_PROGRESS)
    update_progress (self);
  if (changed & CHANGED_TEXT)
    update_text (self);
  if (changed & CHANGED_THUMBNAIL)
    update_thumbnail (self);
}

/* Whatever was gathered, now: before the frame, or when a caller asks what is shown. */
static void
flush_changes (AtelierGalleryCell *self)
{
  Changed changed = self->changed;

  g_clear_handle_id (&self->changes_id, g_source_remove);
  self->changed = 0;
  if (changed != 0)
    apply_changes (self, changed);
}

static gboolean
on_changes_idle (gpointer user_data)
{
  AtelierGalleryCell *self = user_data;

  self->changes_id = 0;
  flush_changes (self);
  return G_SOURCE_REMOVE;
}

static void
on_job_notify (AtelierGalleryCell *self,
               GParamSpec         *pspec,
               AtelierJob         *job)
{
  Changed changed = changed_by (pspec);

  if (changed == 0)
    return;
  self->changed |= changed;
  /* Before GTK's layout and paint (GDK_PRIORITY_REDRAW is G_PRIORITY_HIGH_IDLE + 20). */
  if (self->changes_id == 0)
    self->changes_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 10, on_changes_idle, self, NULL);
}

/* Drag out: other applications get the file, Atelier's reference slots too, and the gallery's
 * collection drop bar the job. */
static GdkContentProvider *
on_drag_prepare (GtkDragSource      *source,
                 double              x,
                 double              y,
                 AtelierGalleryCell *self)
{
  GFile *file;
  GdkFileList *list;
  GdkContentProvider *providers[3];

  if (self->job == NULL || atelier_job_get_state (self->job) != ATELIER_JOB_READY)
    return NULL;
  file = atelier_job_get_image_file (self->job);
  if (file == NULL)
    return NULL;

  list = gdk_file_list_new_from_array (&file, 1);
  providers[0] = gdk_content_provider_new_typed (GDK_TYPE_FILE_LIST, list);
  providers[1] = gdk_content_provider_new_typed (G_TYPE_FILE, file);
  /* Inside Atelier only (no MIME type): the gallery's collections take the picture itself. */
  providers[2] = gdk_content_provider_new_typed (ATELIER_TYPE_JOB, self->job);
  g_boxed_free (GDK_TYPE_FILE_LIST, list);
  return gdk_content_provider_new_union (providers, 3);
}

static void
on_drag_begin (GtkDragSource      *source,
               GdkDrag            *drag,
               AtelierGalleryCell *self)
{
  GdkPaintable *paintable = gtk_picture_get_paintable (self->picture);

  if (paintable != NULL)
    {
      g_autoptr(GdkPaintable) icon = gtk_widget_paintable_new (GTK_WIDGET (self->picture));

      gtk_drag_source_set_icon (source, icon, 24, 24);
    }
}

static void
atelier_gallery_cell_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  AtelierGalleryCell *self = ATELIER_GALLERY_CELL (widget);
  int child_min = 0, child_nat = 0;

  /* The picture sets the size; the rest lies over it. */
  gtk_widget_measure (GTK_WIDGET (self->picture), orientation, -1, &child_min, &child_nat, NULL, NULL);

  /* Square: as tall as the grid makes it wide. */
  if (orientation == GTK_ORIENTATION_VERTICAL && for_size > 0)
    {
      *minimum = MAX (for_size, child_min);
      *natural = MAX (for_size, child_min);
    }
  else
    {
      *minimum = MAX (MIN_CELL_SIZE, child_min);
      *natural = MAX (DEFAULT_CELL_SIZE, *minimum);
    }
}

static void
atelier_gallery_cell_size_allocate (GtkWidget *widget,
                                    int        width,
                                    int        height,
                                    int        baseline)
{
  /* Each child gets the whole cell, and GTK places it there by its own alignment and margins
   * (the star top left, the check mark top right, the caption at the bottom). */
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_should_layout (child))
      gtk_widget_allocate (child, width, height, baseline, NULL);
}

static GtkSizeRequestMode
atelier_gallery_cell_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
atelier_gallery_cell_dispose (GObject *object)
{
  AtelierGalleryCell *self = ATELIER_GALLERY_CELL (object);

  atelier_gallery_cell_set_job (self, NULL);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->changes_id, g_source_remove);
  if (self->thumbnail_cancellable != NULL)
    g_cancellable_cancel (self->thumbnail_cancellable);
  g_clear_object (&self->thumbnail_cancellable);
  g_clear_object (&self->thumbnail_file);

  /* Not the template's: made when first needed. */
  if (self->status_box != NULL)
    gtk_widget_unparent (GTK_WIDGET (self->status_box));
  self->status_box = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), ATELIER_TYPE_GALLERY_CELL);

  G_OBJECT_CLASS (atelier_gallery_cell_parent_class)->dispose (object);
}

static void
atelier_gallery_cell_finalize (GObject *object)
{
  AtelierGalleryCell *self = ATELIER_GALLERY_CELL (object);

  g_free (self->accessible_label);
  g_free (self->state_class);
  g_free (self->state_text);
  g_free (self->detail_text);

  G_OBJECT_CLASS (atelier_gallery_cell_parent_class)->finalize (object);
}

static void
atelier_gallery_cell_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  AtelierGalleryCell *self = ATELIER_GALLERY_CELL (object);

  switch (prop_id)
    {
    case PROP_JOB:
      g_value_set_object (value, self->job);
      break;
    case PROP_SELECTED:
      g_value_set_boolean (value, atelier_gallery_cell_get_selected (self));
      break;
    case PROP_ACCESSIBLE_LABEL:
      g_value_set_string (value, self->accessible_label);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_gallery_cell_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  AtelierGalleryCell *self = ATELIER_GALLERY_CELL (object);

  switch (prop_id)
    {
    case PROP_JOB:
      atelier_gallery_cell_set_job (self, g_value_get_object (value));
      break;
    case PROP_SELECTED:
      atelier_gallery_cell_set_selected (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_gallery_cell_class_init (AtelierGalleryCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = atelier_gallery_cell_dispose;
  object_class->finalize = atelier_gallery_cell_finalize;
  object_class->get_property = atelier_gallery_cell_get_property;
  object_class->set_property = atelier_gallery_cell_set_property;
  widget_class->measure = atelier_gallery_cell_measure;
  widget_class->size_allocate = atelier_gallery_cell_size_allocate;
  widget_class->get_request_mode = atelier_gallery_cell_get_request_mode;

  properties[PROP_JOB] =
    g_param_spec_object ("job", NULL, NULL, ATELIER_TYPE_JOB,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED] =
    g_param_spec_boolean ("selected", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCESSIBLE_LABEL] =
    g_param_spec_string ("accessible-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fluxatelier/Atelier/ui/atelier-gallery-cell.ui");
  gtk_widget_class_bind_template_child (widget_class, AtelierGalleryCell, picture);
  gtk_widget_class_bind_template_child (widget_class, AtelierGalleryCell, caption);
  gtk_widget_class_bind_template_child (widget_class, AtelierGalleryCell, check);
  gtk_widget_class_bind_template_child (widget_class, AtelierGalleryCell, favourite_button);

  gtk_widget_class_set_css_name (widget_class, "gallery-cell");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
atelier_gallery_cell_init (AtelierGalleryCell *self)
{
  GtkDragSource *drag;

  gtk_widget_init_template (GTK_WIDGET (self));

  drag = gtk_drag_source_new ();
  gtk_drag_source_set_actions (drag, GDK_ACTION_COPY);
  g_signal_connect_object (drag, "prepare", G_CALLBACK (on_drag_prepare), self, 0);
  g_signal_connect_object (drag, "drag-begin", G_CALLBACK (on_drag_begin), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
}

GtkWidget *
atelier_gallery_cell_new (void)
{
  return g_object_new (ATELIER_TYPE_GALLERY_CELL, NULL);
}

AtelierJob *
atelier_gallery_cell_get_job (AtelierGalleryCell *self)
{
  g_return_val_if_fail (ATELIER_IS_GALLERY_CELL (self), NULL);

  return self->job;
}

void
atelier_gallery_cell_set_job (AtelierGalleryCell *self,
                              AtelierJob         *job)
{
  g_return_if_fail (ATELIER_IS_GALLERY_CELL (self));
  g_return_if_fail (job == NULL || ATELIER_IS_JOB (job));

  if (self->job == job)
    return;

  if (self->job != NULL)
    g_signal_handlers_disconnect_by_func (self->job, on_job_notify, self);
  g_set_object (&self->job, job);
  if (job != NULL)
    {
      g_signal_connect_object (job, "notify", G_CALLBACK (on_job_notify), self, G_CONNECT_SWAPPED);
      /* The buttons' target is the job's id: set once per job, not on every change. */
      if (self->status_box != NULL)
        {
          gtk_actionable_set_action_target (GTK_ACTIONABLE (self->cancel_button), "s", atelier_job_get_id (job));
          gtk_actionable_set_action_target (GTK_ACTIONABLE (self->retry_button), "s", atelier_job_get_id (job));
        }
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->favourite_button), "s", atelier_job_get_id (job));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->favourite_button), "gallery.toggle-favourite");
    }

  /* A new job is shown at once, whole; what was gathered for the old one is dropped. */
  g_clear_handle_id (&self->changes_id, g_source_remove);
  self->changed = 0;
  apply_changes (self, CHANGED_ALL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB]);
}

gboolean
atelier_gallery_cell_get_selected (AtelierGalleryCell *self)
{
  g_return_val_if_fail (ATELIER_IS_GALLERY_CELL (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->check));
}

/* A check mark, not only a tint: the selection reads without colour too. */
void
atelier_gallery_cell_set_selected (AtelierGalleryCell *self,
                                   gboolean            selected)
{
  g_return_if_fail (ATELIER_IS_GALLERY_CELL (self));

  selected = !!selected;
  if (atelier_gallery_cell_get_selected (self) == selected)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->check), selected);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

const char *
atelier_gallery_cell_get_state_text (AtelierGalleryCell *self)
{
  g_return_val_if_fail (ATELIER_IS_GALLERY_CELL (self), NULL);

  flush_changes (self);
  return self->state_text;
}

const char *
atelier_gallery_cell_get_detail_text (AtelierGalleryCell *self)
{
  g_return_val_if_fail (ATELIER_IS_GALLERY_CELL (self), NULL);

  flush_changes (self);
  return self->detail_text;
}

const char *
atelier_gallery_cell_get_accessible_label (AtelierGalleryCell *self)
{
  g_return_val_if_fail (ATELIER_IS_GALLERY_CELL (self), NULL);

  flush_changes (self);
  return self->accessible_label;
}

gboolean
atelier_gallery_cell_get_can_cancel (AtelierGalleryCell *self)
{
  g_return_val_if_fail (ATELIER_IS_GALLERY_CELL (self), FALSE);

  flush_changes (self);
  return self->cancel_button != NULL && gtk_widget_get_visible (GTK_WIDGET (self->cancel_button));
}

gboolean
atelier_gallery_cell_get_can_retry (AtelierGalleryCell *self)
{
  g_return_val_if_fail (ATELIER_IS_GALLERY_CELL (self), FALSE);

  flush_changes (self);
  return self->retry_button != NULL && gtk_widget_get_visible (GTK_WIDGET (self->retry_button));
}

GtkWidget *
atelier_gallery_cell_get_favourite_button (AtelierGalleryCell *self)
{
  g_return_val_if_fail (ATELIER_IS_GALLERY_CELL (self), NULL);

  flush_changes (self);
  return GTK_WIDGET (self->favourite_button);
}

gboolean
atelier_gallery_cell_has_thumbnail (AtelierGalleryCell *self)
{
  g_return_val_if_fail (ATELIER_IS_GALLERY_CELL (self), FALSE);

  flush_changes (self);
  return gtk_picture_get_paintable (self->picture) != NULL;
}
