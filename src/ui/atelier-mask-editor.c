/* atelier-mask-editor.c — Fill's canvas: the widget, its properties and tools
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "atelier-mask-editor-private.h"

G_DEFINE_FINAL_TYPE (AtelierMaskEditor, atelier_mask_editor, GTK_TYPE_WIDGET)

enum
{
  MESSAGE,
  REFUSED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

void
_atelier_mask_editor_notify (AtelierMaskEditor *self,
                             guint              prop_id)
{
  g_assert (prop_id > PROP_0 && prop_id < N_PROPS);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

void
_atelier_mask_editor_message (AtelierMaskEditor *self,
                              const char        *text)
{
  g_signal_emit (self, signals[MESSAGE], 0, text);
}

void
_atelier_mask_editor_refused (AtelierMaskEditor  *self,
                              const char * const *messages)
{
  g_signal_emit (self, signals[REFUSED], 0, messages);
}

/* Export of the mask (worker thread) */

static void
on_mask_exported (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(AtelierMaskEditor) self = user_data;
  g_autoptr(AtelierReference) reference = NULL;
  g_autoptr(GError) error = NULL;

  reference = atelier_mask_export_reference_finish (ATELIER_MASK (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->export_cancellable);

  /* A result for a mask that was replaced since is of no use. */
  if (ATELIER_MASK (source) != self->mask)
    return;

  if (reference == NULL)
    {
      g_signal_emit (self, signals[MESSAGE], 0, error->message);
      return;
    }

  g_set_object (&self->mask_reference, reference);
  _atelier_mask_editor_update_state (self);
}

static gboolean
export_mask_now (gpointer user_data)
{
  AtelierMaskEditor *self = user_data;

  self->export_source_id = 0;
  if (self->mask == NULL || atelier_mask_is_empty (self->mask))
    return G_SOURCE_REMOVE;

  g_cancellable_cancel (self->export_cancellable);
  g_clear_object (&self->export_cancellable);
  self->export_cancellable = g_cancellable_new ();
  atelier_mask_export_reference_async (self->mask, self->export_cancellable, on_mask_exported,
                                       g_object_ref (self));
  _atelier_mask_editor_update_state (self);
  return G_SOURCE_REMOVE;
}

/* Forgets the exported mask and schedules a new export. */
void
_atelier_mask_editor_invalidate_export (AtelierMaskEditor *self)
{
  g_clear_object (&self->mask_reference);
  g_cancellable_cancel (self->export_cancellable);
  g_clear_object (&self->export_cancellable);
  g_clear_handle_id (&self->export_source_id, g_source_remove);

  if (self->mask != NULL && !atelier_mask_is_empty (self->mask) && !atelier_mask_in_stroke (self->mask))
    self->export_source_id = g_timeout_add (EXPORT_DELAY_MS, export_mask_now, self);
}

static void
on_mask_changed (AtelierMaskEditor *self,
                 int                x,
                 int                y,
                 int                width,
                 int                height,
                 AtelierMask       *mask)
{
  _atelier_mask_editor_dirty_tiles (self, x, y, width, height);
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
  _atelier_mask_editor_invalidate_export (self);
  _atelier_mask_editor_update_state (self);
}

static void
on_mask_state_changed (AtelierMaskEditor *self)
{
  _atelier_mask_editor_update_state (self);
}

/* State */

static void
set_blocked_reason (AtelierMaskEditor *self,
                    const char        *reason)
{
  if (g_strcmp0 (self->blocked_reason, reason) == 0)
    return;
  g_free (self->blocked_reason);
  self->blocked_reason = g_strdup (reason);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BLOCKED_REASON]);
}

void
_atelier_mask_editor_update_state (AtelierMaskEditor *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean has_source = self->source != NULL && self->mask != NULL;
  gboolean has_mask = has_source && !atelier_mask_is_empty (self->mask);
  gboolean ready = has_mask && self->mask_reference != NULL;
  const char *reason = NULL;

  if (self->loading)
    reason = _("The image to repaint is still loading");
  else if (!has_source)
    reason = _("Add the image to repaint");
  else if (!has_mask)
    reason = _("Paint over the part to repaint");
  else if (!ready)
    reason = _("Preparing the mask…");

  if (has_mask != self->has_mask)
    {
      self->has_mask = has_mask;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_MASK]);
    }
  if (ready != self->ready)
    {
      self->ready = ready;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
    }
  set_blocked_reason (self, reason);

  gtk_stack_set_visible_child_name (self->stack, self->loading ? "loading" : has_source ? "canvas" : "empty");
  gtk_spinner_set_spinning (self->spinner, self->loading);
  gtk_widget_set_visible (self->tools, has_source);
  /* Its flow box child too, or the row keeps an empty slot for it. */
  gtk_widget_set_visible (self->alpha_button, has_source && self->pixbuf != NULL);
  gtk_widget_set_visible (gtk_widget_get_parent (self->alpha_button), has_source && self->pixbuf != NULL);

  gtk_widget_action_set_enabled (widget, "mask.undo", has_source && atelier_mask_can_undo (self->mask));
  gtk_widget_action_set_enabled (widget, "mask.redo", has_source && atelier_mask_can_redo (self->mask));
  gtk_widget_action_set_enabled (widget, "mask.clear", has_mask);
  gtk_widget_action_set_enabled (widget, "mask.invert", has_source);
  gtk_widget_action_set_enabled (widget, "mask.use-alpha", has_source && self->pixbuf != NULL);
  gtk_widget_action_set_enabled (widget, "mask.mask-from-file", has_source && self->mask != NULL);
  gtk_widget_action_set_enabled (widget, "mask.remove", has_source || self->loading);
  gtk_widget_action_set_enabled (widget, "mask.zoom-in", has_source && self->zoom < MAX_ZOOM);
  gtk_widget_action_set_enabled (widget, "mask.zoom-out", has_source && self->zoom > MIN_ZOOM);
  gtk_widget_action_set_enabled (widget, "mask.fit", has_source);
  gtk_widget_action_set_enabled (widget, "mask.actual-size", has_source);
}

/* Tools */

static void
on_tool_toggled (AtelierMaskEditor *self)
{
  atelier_mask_editor_set_tool (self, gtk_toggle_button_get_active (self->eraser_button)
                                      ? ATELIER_MASK_TOOL_ERASER : ATELIER_MASK_TOOL_BRUSH);
}

static void
on_size_changed (AtelierMaskEditor *self)
{
  g_autofree char *text = NULL;

  /* TRANSLATORS: the brush diameter in image pixels */
  text = g_strdup_printf (_("%.0f px"), gtk_adjustment_get_value (self->size_adjustment));
  gtk_label_set_label (self->size_label, text);
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BRUSH_SIZE]);
}

static void
on_hardness_changed (AtelierMaskEditor *self)
{
  if (self->mask != NULL)
    atelier_mask_set_hardness (self->mask, gtk_adjustment_get_value (self->hardness_adjustment) / 100.0);
}

double
atelier_mask_editor_get_hardness (AtelierMaskEditor *self)
{
  g_return_val_if_fail (ATELIER_IS_MASK_EDITOR (self), 1.0);
  return gtk_adjustment_get_value (self->hardness_adjustment) / 100.0;
}

void
atelier_mask_editor_set_hardness (AtelierMaskEditor *self,
                                  double             hardness)
{
  g_return_if_fail (ATELIER_IS_MASK_EDITOR (self));
  gtk_adjustment_set_value (self->hardness_adjustment, CLAMP (hardness, 0.0, 1.0) * 100.0);
}

/* The mask of a new source (or none) */

void
_atelier_mask_editor_set_mask (AtelierMaskEditor *self,
                               AtelierMask       *mask)
{
  if (self->mask != NULL)
    g_signal_handlers_disconnect_by_data (self->mask, self);
  g_set_object (&self->mask, mask);
  _atelier_mask_editor_reset_tiles (self);
  _atelier_mask_editor_invalidate_export (self);

  if (mask != NULL)
    {
      on_hardness_changed (self);
      g_signal_connect_object (mask, "changed", G_CALLBACK (on_mask_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (mask, "notify::can-undo", G_CALLBACK (on_mask_state_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (mask, "notify::can-redo", G_CALLBACK (on_mask_state_changed), self, G_CONNECT_SWAPPED);
    }
}

/* Actions */

static void
mask_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  AtelierMaskEditor *self = ATELIER_MASK_EDITOR (widget);

  if (g_str_equal (action_name, "mask.remove"))
    {
      atelier_mask_editor_set_source (self, NULL);
      return;
    }
  if (g_str_equal (action_name, "mask.brush"))
    {
      atelier_mask_editor_set_tool (self, ATELIER_MASK_TOOL_BRUSH);
      return;
    }
  if (g_str_equal (action_name, "mask.eraser"))
    {
      atelier_mask_editor_set_tool (self, ATELIER_MASK_TOOL_ERASER);
      return;
    }
  if (g_str_equal (action_name, "mask.smaller") || g_str_equal (action_name, "mask.bigger"))
    {
      double size = gtk_adjustment_get_value (self->size_adjustment);

      size = g_str_equal (action_name, "mask.bigger") ? MAX (size + 1, size * 1.2) : MIN (size - 1, size / 1.2);
      gtk_adjustment_set_value (self->size_adjustment, round (size));
      return;
    }

  if (self->mask == NULL)
    return;

  if (g_str_equal (action_name, "mask.undo"))
    atelier_mask_undo (self->mask);
  else if (g_str_equal (action_name, "mask.redo"))
    atelier_mask_redo (self->mask);
  else if (g_str_equal (action_name, "mask.clear"))
    atelier_mask_clear (self->mask);
  else if (g_str_equal (action_name, "mask.invert"))
    atelier_mask_invert (self->mask);
  else if (g_str_equal (action_name, "mask.use-alpha"))
    {
      if (self->pixbuf == NULL || !atelier_mask_set_from_alpha (self->mask, self->pixbuf))
        g_signal_emit (self, signals[MESSAGE], 0, _("The image has no transparency to use"));
      else if (atelier_mask_is_empty (self->mask))
        g_signal_emit (self, signals[MESSAGE], 0, _("The image has no transparent part"));
    }
  else if (g_str_equal (action_name, "mask.zoom-in"))
    _atelier_mask_editor_zoom_by (self, ZOOM_STEP);
  else if (g_str_equal (action_name, "mask.zoom-out"))
    _atelier_mask_editor_zoom_by (self, 1 / ZOOM_STEP);
  else if (g_str_equal (action_name, "mask.fit"))
    atelier_mask_editor_fit (self);
  else if (g_str_equal (action_name, "mask.actual-size"))
    atelier_mask_editor_zoom_actual (self);
}

/* GObject */

static void
atelier_mask_editor_dispose (GObject *object)
{
  AtelierMaskEditor *self = ATELIER_MASK_EDITOR (object);

  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->export_cancellable);
  g_clear_handle_id (&self->export_source_id, g_source_remove);
  if (self->canvas != NULL)
    self->canvas->editor = NULL;
  if (self->mask != NULL)
    g_signal_handlers_disconnect_by_data (self->mask, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), ATELIER_TYPE_MASK_EDITOR);

  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->export_cancellable);
  g_clear_object (&self->mask_reference);
  _atelier_mask_editor_clear_tiles (self);
  g_clear_object (&self->mask);
  g_clear_object (&self->source);
  g_clear_object (&self->pixbuf);
  g_clear_pointer (&self->levels, g_ptr_array_unref);

  G_OBJECT_CLASS (atelier_mask_editor_parent_class)->dispose (object);
}

static void
atelier_mask_editor_finalize (GObject *object)
{
  AtelierMaskEditor *self = ATELIER_MASK_EDITOR (object);

  g_free (self->blocked_reason);

  G_OBJECT_CLASS (atelier_mask_editor_parent_class)->finalize (object);
}

static void
atelier_mask_editor_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  AtelierMaskEditor *self = ATELIER_MASK_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_object (value, self->source);
      break;
    case PROP_HAS_MASK:
      g_value_set_boolean (value, self->has_mask);
      break;
    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;
    case PROP_BLOCKED_REASON:
      g_value_set_string (value, self->blocked_reason);
      break;
    case PROP_TOOL:
      g_value_set_enum (value, self->tool);
      break;
    case PROP_BRUSH_SIZE:
      g_value_set_double (value, atelier_mask_editor_get_brush_size (self));
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_mask_editor_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  AtelierMaskEditor *self = ATELIER_MASK_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      atelier_mask_editor_set_source (self, g_value_get_object (value));
      break;
    case PROP_TOOL:
      atelier_mask_editor_set_tool (self, g_value_get_enum (value));
      break;
    case PROP_BRUSH_SIZE:
      atelier_mask_editor_set_brush_size (self, g_value_get_double (value));
      break;
    case PROP_ZOOM:
      _atelier_mask_editor_zoom_by (self, g_value_get_double (value) / self->zoom);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_mask_editor_class_init (AtelierMaskEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const char *simple_actions[] = {
    "mask.undo", "mask.redo", "mask.clear", "mask.invert", "mask.use-alpha", "mask.remove",
    "mask.zoom-in", "mask.zoom-out", "mask.fit", "mask.actual-size", "mask.brush", "mask.eraser", "mask.smaller",
    "mask.bigger",
  };

  object_class->dispose = atelier_mask_editor_dispose;
  object_class->finalize = atelier_mask_editor_finalize;
  object_class->get_property = atelier_mask_editor_get_property;
  object_class->set_property = atelier_mask_editor_set_property;

  properties[PROP_SOURCE] =
    g_param_spec_object ("source", NULL, NULL, ATELIER_TYPE_REFERENCE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_HAS_MASK] =
    g_param_spec_boolean ("has-mask", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BLOCKED_REASON] =
    g_param_spec_string ("blocked-reason", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TOOL] =
    g_param_spec_enum ("tool", NULL, NULL, ATELIER_TYPE_MASK_TOOL, ATELIER_MASK_TOOL_BRUSH,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BRUSH_SIZE] =
    g_param_spec_double ("brush-size", NULL, NULL, 1, 4096, 64,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, MIN_ZOOM, MAX_ZOOM, 1,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[REFUSED] = g_signal_new ("refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRV);
  signals[MESSAGE] = g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (ATELIER_TYPE_MASK_CANVAS);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/fluxatelier/Atelier/ui/atelier-mask-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, AtelierMaskEditor, stack);
  gtk_widget_class_bind_template_child (widget_class, AtelierMaskEditor, spinner);
  gtk_widget_class_bind_template_child (widget_class, AtelierMaskEditor, canvas);
  gtk_widget_class_bind_template_child (widget_class, AtelierMaskEditor, tools);
  gtk_widget_class_bind_template_child (widget_class, AtelierMaskEditor, brush_button);
  gtk_widget_class_bind_template_child (widget_class, AtelierMaskEditor, eraser_button);
  gtk_widget_class_bind_template_child (widget_class, AtelierMaskEditor, size_adjustment);
  gtk_widget_class_bind_template_child (widget_class, AtelierMaskEditor, hardness_adjustment);
  gtk_widget_class_bind_template_child (widget_class, AtelierMaskEditor, size_label);
  gtk_widget_class_bind_template_child (widget_class, AtelierMaskEditor, fit_button);
  gtk_widget_class_bind_template_child (widget_class, AtelierMaskEditor, alpha_button);
  gtk_widget_class_bind_template_callback (widget_class, on_tool_toggled);

  for (guint i = 0; i < G_N_ELEMENTS (simple_actions); i++)
    gtk_widget_class_install_action (widget_class, simple_actions[i], NULL, mask_action);
  gtk_widget_class_install_action (widget_class, "mask.open", NULL, _atelier_mask_editor_open_action);
  gtk_widget_class_install_action (widget_class, "mask.mask-from-file", NULL, _atelier_mask_editor_mask_from_file_action);
  gtk_widget_class_install_action (widget_class, "mask.paste", NULL, _atelier_mask_editor_paste_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "mask.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "mask.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "mask.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_y, GDK_CONTROL_MASK, "mask.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "mask.invert", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "mask.clear", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_bracketleft, 0, "mask.smaller", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_bracketright, 0, "mask.bigger", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, 0, "mask.brush", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, 0, "mask.eraser", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "mask.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "mask.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "mask.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "mask.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "mask.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "mask.fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "mask.actual-size", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK, "mask.paste", NULL);

  gtk_widget_class_set_css_name (widget_class, "maskeditor");
}

static void
atelier_mask_editor_init (AtelierMaskEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->canvas->editor = self;
  self->zoom = 1;
  self->fitted = TRUE;
  self->tool = ATELIER_MASK_TOOL_BRUSH;

  _atelier_mask_editor_init_input (self);
  _atelier_mask_editor_init_zoom (self);
  _atelier_mask_editor_init_drop (self);

  g_signal_connect_object (self->size_adjustment, "value-changed", G_CALLBACK (on_size_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->hardness_adjustment, "value-changed", G_CALLBACK (on_hardness_changed), self, G_CONNECT_SWAPPED);
  on_size_changed (self);
  _atelier_mask_editor_update_zoom_label (self);
  _atelier_mask_editor_update_state (self);
}

/* Public API */

GtkWidget *
atelier_mask_editor_new (void)
{
  return g_object_new (ATELIER_TYPE_MASK_EDITOR, NULL);
}

void
atelier_mask_editor_set_source (AtelierMaskEditor *self,
                                AtelierReference  *source)
{
  g_return_if_fail (ATELIER_IS_MASK_EDITOR (self));
  g_return_if_fail (source == NULL || ATELIER_IS_REFERENCE (source));

  /* The same image again (the composer echoing it back) keeps the mask. */
  if (source == self->source)
    return;
  _atelier_mask_editor_load_source (self, source, NULL);
}

void
atelier_mask_editor_set_source_and_mask (AtelierMaskEditor *self,
                                         AtelierReference  *source,
                                         AtelierReference  *mask)
{
  g_return_if_fail (ATELIER_IS_MASK_EDITOR (self));
  g_return_if_fail (source == NULL || ATELIER_IS_REFERENCE (source));
  g_return_if_fail (mask == NULL || ATELIER_IS_REFERENCE (mask));

  _atelier_mask_editor_load_source (self, source, source != NULL ? mask : NULL);
}

AtelierReference *
atelier_mask_editor_get_source (AtelierMaskEditor *self)
{
  g_return_val_if_fail (ATELIER_IS_MASK_EDITOR (self), NULL);
  return self->source;
}

AtelierMask *
atelier_mask_editor_get_mask (AtelierMaskEditor *self)
{
  g_return_val_if_fail (ATELIER_IS_MASK_EDITOR (self), NULL);
  return self->mask;
}

AtelierReference *
atelier_mask_editor_get_mask_reference (AtelierMaskEditor *self)
{
  g_return_val_if_fail (ATELIER_IS_MASK_EDITOR (self), NULL);
  return self->mask_reference;
}

gboolean
atelier_mask_editor_get_has_mask (AtelierMaskEditor *self)
{
  g_return_val_if_fail (ATELIER_IS_MASK_EDITOR (self), FALSE);
  return self->has_mask;
}

gboolean
atelier_mask_editor_get_ready (AtelierMaskEditor *self)
{
  g_return_val_if_fail (ATELIER_IS_MASK_EDITOR (self), FALSE);
  return self->ready;
}

const char *
atelier_mask_editor_get_blocked_reason (AtelierMaskEditor *self)
{
  g_return_val_if_fail (ATELIER_IS_MASK_EDITOR (self), NULL);
  return self->blocked_reason;
}

gboolean
atelier_mask_editor_fill_recipe (AtelierMaskEditor *self,
                                 AtelierRecipe     *recipe)
{
  g_return_val_if_fail (ATELIER_IS_MASK_EDITOR (self), FALSE);
  g_return_val_if_fail (ATELIER_IS_RECIPE (recipe), FALSE);

  if (!self->ready)
    return FALSE;

  atelier_recipe_set_references (recipe, &self->source, 1);
  atelier_recipe_set_mask (recipe, self->mask_reference);
  return TRUE;
}

void
atelier_mask_editor_set_max_pixels (AtelierMaskEditor *self,
                                    guint64            max_pixels)
{
  g_return_if_fail (ATELIER_IS_MASK_EDITOR (self));
  self->max_pixels = max_pixels;
}

gboolean
atelier_mask_editor_is_loading (AtelierMaskEditor *self)
{
  g_return_val_if_fail (ATELIER_IS_MASK_EDITOR (self), FALSE);
  return self->loading;
}

AtelierMaskTool
atelier_mask_editor_get_tool (AtelierMaskEditor *self)
{
  g_return_val_if_fail (ATELIER_IS_MASK_EDITOR (self), ATELIER_MASK_TOOL_BRUSH);
  return self->tool;
}

void
atelier_mask_editor_set_tool (AtelierMaskEditor *self,
                              AtelierMaskTool    tool)
{
  g_return_if_fail (ATELIER_IS_MASK_EDITOR (self));

  gtk_toggle_button_set_active (tool == ATELIER_MASK_TOOL_ERASER ? self->eraser_button : self->brush_button, TRUE);
  if (self->tool == tool)
    return;
  self->tool = tool;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOOL]);
}

double
atelier_mask_editor_get_brush_size (AtelierMaskEditor *self)
{
  g_return_val_if_fail (ATELIER_IS_MASK_EDITOR (self), 0);
  return gtk_adjustment_get_value (self->size_adjustment);
}

void
atelier_mask_editor_set_brush_size (AtelierMaskEditor *self,
                                    double             size)
{
  g_return_if_fail (ATELIER_IS_MASK_EDITOR (self));

  if (size > gtk_adjustment_get_upper (self->size_adjustment))
    gtk_adjustment_set_upper (self->size_adjustment, size);
  gtk_adjustment_set_value (self->size_adjustment, size);
}

double
atelier_mask_editor_get_zoom (AtelierMaskEditor *self)
{
  g_return_val_if_fail (ATELIER_IS_MASK_EDITOR (self), 1);
  return self->zoom;
}