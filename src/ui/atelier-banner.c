/* atelier-banner.c — a message strip under the header bar
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "atelier-banner.h"

struct _AtelierBanner
{
  GtkWidget    parent_instance;

  GtkRevealer *revealer;
  GtkLabel    *label;
  GtkButton   *button;
};

G_DEFINE_FINAL_TYPE (AtelierBanner, atelier_banner, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_BUTTON_LABEL,
  PROP_REVEALED,
  N_PROPS
};

enum {
  BUTTON_CLICKED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

AtelierBanner *
atelier_banner_new (const char *title)
{
  return g_object_new (ATELIER_TYPE_BANNER, "title", title, NULL);
}

void
atelier_banner_set_title (AtelierBanner *self,
                          const char    *title)
{
  g_return_if_fail (ATELIER_IS_BANNER (self));

  if (g_strcmp0 (gtk_label_get_label (self->label), title) == 0)
    return;

  gtk_label_set_label (self->label, title ? title : "");
  /* The strip is read as a whole by screen readers: its text, without markup. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_label_get_text (self->label), -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
atelier_banner_get_title (AtelierBanner *self)
{
  g_return_val_if_fail (ATELIER_IS_BANNER (self), NULL);
  return gtk_label_get_label (self->label);
}

void
atelier_banner_set_use_markup (AtelierBanner *self,
                               gboolean       use_markup)
{
  g_return_if_fail (ATELIER_IS_BANNER (self));
  gtk_label_set_use_markup (self->label, use_markup);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_label_get_text (self->label), -1);
}

void
atelier_banner_set_button_label (AtelierBanner *self,
                                 const char    *label)
{
  g_return_if_fail (ATELIER_IS_BANNER (self));

  gtk_button_set_label (self->button, label ? label : "");
  gtk_widget_set_visible (GTK_WIDGET (self->button), label != NULL && *label != '\0');
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL, label ? label : "", -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUTTON_LABEL]);
}

void
atelier_banner_set_action_name (AtelierBanner *self,
                                const char    *action_name)
{
  g_return_if_fail (ATELIER_IS_BANNER (self));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->button), action_name);
}

void
atelier_banner_set_revealed (AtelierBanner *self,
                             gboolean       revealed)
{
  g_return_if_fail (ATELIER_IS_BANNER (self));

  revealed = !!revealed;
  if (gtk_revealer_get_reveal_child (self->revealer) == revealed)
    return;

  gtk_revealer_set_reveal_child (self->revealer, revealed);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVEALED]);
}

gboolean
atelier_banner_get_revealed (AtelierBanner *self)
{
  g_return_val_if_fail (ATELIER_IS_BANNER (self), FALSE);
  return gtk_revealer_get_reveal_child (self->revealer);
}

static void
on_button_clicked (GtkButton     *button,
                   AtelierBanner *self)
{
  g_signal_emit (self, signals[BUTTON_CLICKED], 0);
}

static void
on_child_revealed (AtelierBanner *self)
{
  /* A folded banner takes no space and is not announced. */
  gtk_widget_set_visible (GTK_WIDGET (self->revealer),
                          gtk_revealer_get_reveal_child (self->revealer) ||
                          gtk_revealer_get_child_revealed (self->revealer));
}

static void
atelier_banner_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  AtelierBanner *self = ATELIER_BANNER (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, gtk_label_get_label (self->label));
      break;
    case PROP_BUTTON_LABEL:
      g_value_set_string (value, gtk_button_get_label (self->button));
      break;
    case PROP_REVEALED:
      g_value_set_boolean (value, atelier_banner_get_revealed (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_banner_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  AtelierBanner *self = ATELIER_BANNER (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      atelier_banner_set_title (self, g_value_get_string (value));
      break;
    case PROP_BUTTON_LABEL:
      atelier_banner_set_button_label (self, g_value_get_string (value));
      break;
    case PROP_REVEALED:
      atelier_banner_set_revealed (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_banner_dispose (GObject *object)
{
  AtelierBanner *self = ATELIER_BANNER (object);

  g_clear_pointer ((GtkWidget **) &self->revealer, gtk_widget_unparent);

  G_OBJECT_CLASS (atelier_banner_parent_class)->dispose (object);
}

static void
atelier_banner_class_init (AtelierBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = atelier_banner_get_property;
  object_class->set_property = atelier_banner_set_property;
  object_class->dispose = atelier_banner_dispose;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUTTON_LABEL] =
    g_param_spec_string ("button-label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REVEALED] =
    g_param_spec_boolean ("revealed", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[BUTTON_CLICKED] =
    g_signal_new ("button-clicked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "atelier-banner");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
atelier_banner_init (AtelierBanner *self)
{
  GtkWidget *box;

  self->revealer = GTK_REVEALER (gtk_revealer_new ());
  gtk_revealer_set_transition_type (self->revealer, GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
  gtk_widget_set_visible (GTK_WIDGET (self->revealer), FALSE);
  gtk_widget_set_parent (GTK_WIDGET (self->revealer), GTK_WIDGET (self));
  g_signal_connect_object (self->revealer, "notify::child-revealed", G_CALLBACK (on_child_revealed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->revealer, "notify::reveal-child", G_CALLBACK (on_child_revealed), self, G_CONNECT_SWAPPED);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (box, "banner-box");
  gtk_revealer_set_child (self->revealer, box);

  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->label, TRUE);
  gtk_label_set_xalign (self->label, 0.5);
  gtk_widget_set_hexpand (GTK_WIDGET (self->label), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->label));

  self->button = GTK_BUTTON (gtk_button_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->button), "suggested-action");
  gtk_widget_set_valign (GTK_WIDGET (self->button), GTK_ALIGN_CENTER);
  gtk_widget_set_visible (GTK_WIDGET (self->button), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->button));
  g_signal_connect_object (self->button, "clicked", G_CALLBACK (on_button_clicked), self, 0);
}
