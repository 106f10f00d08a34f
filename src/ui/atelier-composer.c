/* atelier-composer.c
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-composer.h"

struct _AtelierComposer
{
  GtkWidget  parent_instance;

  GtkWidget *child;
};

G_DEFINE_FINAL_TYPE (AtelierComposer, atelier_composer, GTK_TYPE_WIDGET)

static void
atelier_composer_dispose (GObject *object)
{
  AtelierComposer *self = ATELIER_COMPOSER (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ATELIER_TYPE_COMPOSER);

  G_OBJECT_CLASS (atelier_composer_parent_class)->dispose (object);
}

static void
atelier_composer_class_init (AtelierComposerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = atelier_composer_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fluxatelier/Atelier/ui/atelier-composer.ui");
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, child);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
atelier_composer_init (AtelierComposer *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
atelier_composer_bind (AtelierComposer    *self,
                       AtelierApplication *application)
{
}

void
atelier_composer_add_files (AtelierComposer  *self,
                            GFile           **files,
                            guint             n_files)
{
}

void
atelier_composer_apply_recipe (AtelierComposer *self,
                               AtelierRecipe   *recipe)
{
}
