/* atelier-reference-slot.c — one numbered, square reference slot: its picture, caption and name
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-reference-slot.h"

struct _AtelierReferenceSlot
{
  GtkWidget         parent_instance;

  GtkWidget        *overlay;
  GtkStack         *stack;
  GtkSpinner       *spinner;
  GtkPicture       *picture;
  GtkLabel         *badge;
  GtkLabel         *caption;
  GtkButton        *remove_button;

  AtelierReference *reference;
  guint             index;
  AtelierSlotUse    use;
  gboolean          loading;
  char             *accessible_label;
};

G_DEFINE_FINAL_TYPE (AtelierReferenceSlot, atelier_reference_slot, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_INDEX,
  N_PROPS
};

enum
{
  ADD_REQUESTED,
  REMOVE_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Squares: as tall as wide, whatever width the tray's grid hands out. */
static GtkSizeRequestMode
atelier_reference_slot_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
atelier_reference_slot_measure (GtkWidget      *widget,
                                GtkOrientation  orientation,
                                int             for_size,
                                int            *minimum,
                                int            *natural,
                                int            *minimum_baseline,
                                int            *natural_baseline)
{
  AtelierReferenceSlot *self = ATELIER_REFERENCE_SLOT (widget);
  int child_min = 0;

  gtk_widget_measure (self->overlay, orientation, -1, &child_min, NULL, NULL, NULL);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MAX (child_min, 56);
      *natural = MAX (*minimum, 80);
    }
  else
    {
      int side = for_size > 0 ? for_size : 80;

      *minimum = MAX (child_min, side);
      *natural = *minimum;
    }
}

static void
atelier_reference_slot_size_allocate (GtkWidget *widget,
                                      int        width,
                                      int        height,
                                      int        baseline)
{
  AtelierReferenceSlot *self = ATELIER_REFERENCE_SLOT (widget);

  gtk_widget_allocate (self->overlay, width, height, baseline, NULL);
}

static void
atelier_reference_slot_update (AtelierReferenceSlot *self)
{
  g_autofree char *number = g_strdup_printf ("%u", self->index + 1);
  g_autofree char *size = NULL;
  g_autofree char *description = NULL;
  g_autofree char *remove_label = NULL;
  const char *caption = NULL;
  const char *name;
  gboolean empty = self->reference == NULL && !self->loading;

  if (self->loading)
    {
      gtk_stack_set_visible_child_name (self->stack, "loading");
      gtk_spinner_start (self->spinner);
    }
  else
    {
      gtk_spinner_stop (self->spinner);
      gtk_stack_set_visible_child_name (self->stack, self->reference != NULL ? "picture" : "empty");
    }

  if (self->reference != NULL)
    {
      GdkPixbuf *thumbnail = atelier_reference_get_thumbnail (self->reference);
      g_autoptr(GdkTexture) texture = NULL;

      if (thumbnail != NULL)
        texture = gdk_texture_new_for_pixbuf (thumbnail);
      gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
      /* TRANSLATORS: a reference image's pixel size, kept short for a small square */
      size = g_strdup_printf (_("%u×%u"),
                              atelier_reference_get_width (self->reference),
                              atelier_reference_get_height (self->reference));
    }
  else
    {
      gtk_picture_set_paintable (self->picture, NULL);
    }

  if (self->use == ATELIER_SLOT_USE_SOURCE)
    caption = _("Source image");
  else if (self->use == ATELIER_SLOT_USE_NOT_SENT && !empty)
    caption = _("Not sent");
  else
    caption = size;

  gtk_label_set_label (self->caption, caption != NULL ? caption : "");
  gtk_widget_set_visible (GTK_WIDGET (self->caption), caption != NULL && (!empty || self->use == ATELIER_SLOT_USE_SOURCE));
  gtk_label_set_label (self->badge, number);
  gtk_widget_set_visible (GTK_WIDGET (self->badge), self->use != ATELIER_SLOT_USE_SOURCE);
  gtk_widget_set_visible (GTK_WIDGET (self->remove_button), !empty);

  if (empty)
    gtk_widget_add_css_class (GTK_WIDGET (self), "empty");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "empty");
  if (self->use == ATELIER_SLOT_USE_NOT_SENT)
    gtk_widget_add_css_class (GTK_WIDGET (self), "not-sent");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "not-sent");

  /* What a screen reader says: which slot, and what it holds. */
  {
    g_autofree char *what = NULL;
    g_autofree char *label = NULL;

    if (self->loading)
      what = g_strdup (_("loading"));
    else if (self->reference != NULL)
      /* TRANSLATORS: a reference's file name and its size in pixels, "fern.png, 1600 × 1200" */
      what = g_strdup_printf (_("%s, %u × %u"), atelier_reference_get_name (self->reference),
                              atelier_reference_get_width (self->reference),
                              atelier_reference_get_height (self->reference));
    else
      what = g_strdup (_("empty"));

    if (self->use == ATELIER_SLOT_USE_SOURCE)
      /* TRANSLATORS: %s says what the slot holds: "fern.png, 1600 × 1200", "empty"… */
      label = g_strdup_printf (_("Source image: %s"), what);
    else if (self->use == ATELIER_SLOT_USE_NOT_SENT && self->reference != NULL)
      /* TRANSLATORS: %u is the slot's number, %s what it holds */
      label = g_strdup_printf (_("Reference image %u: %s, not sent"), self->index + 1, what);
    else
      /* TRANSLATORS: %u is the slot's number, %s what it holds: "fern.png, 1600 × 1200", "empty"… */
      label = g_strdup_printf (_("Reference image %u: %s"), self->index + 1, what);

    if (g_strcmp0 (label, self->accessible_label) != 0)
      {
        g_free (self->accessible_label);
        self->accessible_label = g_steal_pointer (&label);
        gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, self->accessible_label,
                                        -1);
      }
    description = g_strdup (empty ? _("Click to add an image") : "");
  }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
  /* Setting a tooltip asks the X server where the pointer is: only when it changes. */
  name = self->reference != NULL ? atelier_reference_get_name (self->reference) : NULL;
  if (g_strcmp0 (name, gtk_widget_get_tooltip_text (GTK_WIDGET (self))) != 0)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self), name);

  remove_label = g_strdup_printf (_("Remove reference %u"), self->index + 1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->remove_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label,
                                  -1);
  if (gtk_widget_get_tooltip_text (GTK_WIDGET (self->remove_button)) == NULL)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->remove_button), _("Remove"));
}

static void
on_remove_clicked (AtelierReferenceSlot *self)
{
  g_signal_emit (self, signals[REMOVE_REQUESTED], 0);
}

static void
atelier_reference_slot_activate_action (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *parameter)
{
  AtelierReferenceSlot *self = ATELIER_REFERENCE_SLOT (widget);

  if (atelier_reference_slot_is_empty (self))
    g_signal_emit (self, signals[ADD_REQUESTED], 0);
}

static void
atelier_reference_slot_remove_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  AtelierReferenceSlot *self = ATELIER_REFERENCE_SLOT (widget);

  if (!atelier_reference_slot_is_empty (self))
    g_signal_emit (self, signals[REMOVE_REQUESTED], 0);
}

static void
on_click_released (GtkGestureClick      *gesture,
                   int                   n_press,
                   double                x,
                   double                y,
                   AtelierReferenceSlot *self)
{
  if (!gtk_widget_contains (GTK_WIDGET (self), x, y))
    return;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (atelier_reference_slot_is_empty (self))
    g_signal_emit (self, signals[ADD_REQUESTED], 0);
}

static void
atelier_reference_slot_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  AtelierReferenceSlot *self = ATELIER_REFERENCE_SLOT (object);

  switch (prop_id)
    {
    case PROP_INDEX:
      self->index = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_reference_slot_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  AtelierReferenceSlot *self = ATELIER_REFERENCE_SLOT (object);

  switch (prop_id)
    {
    case PROP_INDEX:
      g_value_set_uint (value, self->index);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_reference_slot_constructed (GObject *object)
{
  AtelierReferenceSlot *self = ATELIER_REFERENCE_SLOT (object);

  G_OBJECT_CLASS (atelier_reference_slot_parent_class)->constructed (object);

  atelier_reference_slot_update (self);
}

static void
atelier_reference_slot_dispose (GObject *object)
{
  AtelierReferenceSlot *self = ATELIER_REFERENCE_SLOT (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ATELIER_TYPE_REFERENCE_SLOT);
  g_clear_object (&self->reference);
  g_clear_pointer (&self->accessible_label, g_free);

  G_OBJECT_CLASS (atelier_reference_slot_parent_class)->dispose (object);
}

static void
atelier_reference_slot_class_init (AtelierReferenceSlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->set_property = atelier_reference_slot_set_property;
  object_class->get_property = atelier_reference_slot_get_property;
  object_class->constructed = atelier_reference_slot_constructed;
  object_class->dispose = atelier_reference_slot_dispose;
  widget_class->get_request_mode = atelier_reference_slot_get_request_mode;
  widget_class->measure = atelier_reference_slot_measure;
  widget_class->size_allocate = atelier_reference_slot_size_allocate;

  properties[PROP_INDEX] =
    g_param_spec_uint ("index", NULL, NULL, 0, 7, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ADD_REQUESTED] =
    g_signal_new ("add-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[REMOVE_REQUESTED] =
    g_signal_new ("remove-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fluxatelier/Atelier/ui/atelier-reference-slot.ui");
  gtk_widget_class_bind_template_child (widget_class, AtelierReferenceSlot, overlay);
  gtk_widget_class_bind_template_child (widget_class, AtelierReferenceSlot, stack);
  gtk_widget_class_bind_template_child (widget_class, AtelierReferenceSlot, spinner);
  gtk_widget_class_bind_template_child (widget_class, AtelierReferenceSlot, picture);
  gtk_widget_class_bind_template_child (widget_class, AtelierReferenceSlot, badge);
  gtk_widget_class_bind_template_child (widget_class, AtelierReferenceSlot, caption);
  gtk_widget_class_bind_template_child (widget_class, AtelierReferenceSlot, remove_button);
  gtk_widget_class_bind_template_callback (widget_class, on_remove_clicked);

  gtk_widget_class_install_action (widget_class, "slot.activate", NULL, atelier_reference_slot_activate_action);
  gtk_widget_class_install_action (widget_class, "slot.remove", NULL, atelier_reference_slot_remove_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "slot.activate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "slot.activate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "slot.activate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "slot.remove", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, 0, "slot.remove", NULL);

  gtk_widget_class_set_css_name (widget_class, "referenceslot");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_BUTTON);
}

static void
atelier_reference_slot_init (AtelierReferenceSlot *self)
{
  GtkGesture *click;

  gtk_widget_init_template (GTK_WIDGET (self));

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "released", G_CALLBACK (on_click_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

GtkWidget *
atelier_reference_slot_new (guint index)
{
  return g_object_new (ATELIER_TYPE_REFERENCE_SLOT, "index", index, NULL);
}

guint
atelier_reference_slot_get_index (AtelierReferenceSlot *self)
{
  g_return_val_if_fail (ATELIER_IS_REFERENCE_SLOT (self), 0);
  return self->index;
}

void
atelier_reference_slot_set_reference (AtelierReferenceSlot *self,
                                      AtelierReference     *reference,
                                      gboolean              loading)
{
  g_return_if_fail (ATELIER_IS_REFERENCE_SLOT (self));

  if (!g_set_object (&self->reference, reference) && self->loading == !!loading)
    return;

  self->loading = !!loading;
  atelier_reference_slot_update (self);
}

AtelierReference *
atelier_reference_slot_get_reference (AtelierReferenceSlot *self)
{
  g_return_val_if_fail (ATELIER_IS_REFERENCE_SLOT (self), NULL);
  return self->reference;
}

gboolean
atelier_reference_slot_is_loading (AtelierReferenceSlot *self)
{
  g_return_val_if_fail (ATELIER_IS_REFERENCE_SLOT (self), FALSE);
  return self->loading;
}

gboolean
atelier_reference_slot_is_empty (AtelierReferenceSlot *self)
{
  g_return_val_if_fail (ATELIER_IS_REFERENCE_SLOT (self), TRUE);
  return self->reference == NULL && !self->loading;
}

void
atelier_reference_slot_set_use (AtelierReferenceSlot *self,
                                AtelierSlotUse        use)
{
  g_return_if_fail (ATELIER_IS_REFERENCE_SLOT (self));

  if (self->use == use)
    return;

  self->use = use;
  atelier_reference_slot_update (self);
}

AtelierSlotUse
atelier_reference_slot_get_use (AtelierReferenceSlot *self)
{
  g_return_val_if_fail (ATELIER_IS_REFERENCE_SLOT (self), ATELIER_SLOT_USE_SENT);
  return self->use;
}

const char *
atelier_reference_slot_get_caption (AtelierReferenceSlot *self)
{
  g_return_val_if_fail (ATELIER_IS_REFERENCE_SLOT (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->caption)))
    return NULL;
  return gtk_label_get_label (self->caption);
}

const char *
atelier_reference_slot_get_accessible_label (AtelierReferenceSlot *self)
{
  g_return_val_if_fail (ATELIER_IS_REFERENCE_SLOT (self), NULL);

  return self->accessible_label;
}
