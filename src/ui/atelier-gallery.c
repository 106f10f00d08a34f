/* atelier-gallery.c
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-gallery.h"

struct _AtelierGallery
{
  GtkWidget  parent_instance;

  GtkWidget *child;
};

G_DEFINE_FINAL_TYPE (AtelierGallery, atelier_gallery, GTK_TYPE_WIDGET)

static void
atelier_gallery_dispose (GObject *object)
{
  AtelierGallery *self = ATELIER_GALLERY (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ATELIER_TYPE_GALLERY);

  G_OBJECT_CLASS (atelier_gallery_parent_class)->dispose (object);
}

static void
atelier_gallery_class_init (AtelierGalleryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = atelier_gallery_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fluxatelier/Atelier/ui/atelier-gallery.ui");
  gtk_widget_class_bind_template_child (widget_class, AtelierGallery, child);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
atelier_gallery_init (AtelierGallery *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
atelier_gallery_bind (AtelierGallery     *self,
                      AtelierApplication *application)
{
}
