/* atelier-preferences.c
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-preferences.h"

struct _AtelierPreferences
{
  AdwPreferencesWindow  parent_instance;

  AtelierApplication   *application;
};

G_DEFINE_FINAL_TYPE (AtelierPreferences, atelier_preferences, ADW_TYPE_PREFERENCES_WINDOW)

AtelierPreferences *
atelier_preferences_new (AtelierApplication *application,
                         GtkWindow          *parent)
{
  AtelierPreferences *self = g_object_new (ATELIER_TYPE_PREFERENCES,
                                           "transient-for", parent,
                                           NULL);

  self->application = g_object_ref (application);

  return self;
}

static void
atelier_preferences_dispose (GObject *object)
{
  AtelierPreferences *self = ATELIER_PREFERENCES (object);

  g_clear_object (&self->application);

  G_OBJECT_CLASS (atelier_preferences_parent_class)->dispose (object);
}

static void
atelier_preferences_class_init (AtelierPreferencesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = atelier_preferences_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fluxatelier/Atelier/ui/atelier-preferences.ui");
}

static void
atelier_preferences_init (AtelierPreferences *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
