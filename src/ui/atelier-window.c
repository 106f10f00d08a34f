/* atelier-window.c
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-banner.h"
#include "atelier-composer.h"
#include "atelier-gallery.h"
#include "atelier-preferences.h"
#include "atelier-window.h"

struct _AtelierWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;

  AdwToastOverlay      *toast_overlay;
  AdwHeaderBar         *header_bar;
  AdwWindowTitle       *window_title;
  GtkBox               *banner_box;
  AdwLeaflet           *leaflet;
  AtelierComposer      *composer;
  AtelierGallery       *gallery;
  GtkToggleButton      *show_composer_button;
  GtkToggleButton      *show_gallery_button;

  AtelierBanner        *endpoint_banner;
};

G_DEFINE_FINAL_TYPE (AtelierWindow, atelier_window, ADW_TYPE_APPLICATION_WINDOW)

AtelierWindow *
atelier_window_new (AtelierApplication *application)
{
  return g_object_new (ATELIER_TYPE_WINDOW, "application", application, NULL);
}

void
atelier_window_add_references (AtelierWindow  *self,
                               GFile         **files,
                               int             n_files)
{
  g_return_if_fail (ATELIER_IS_WINDOW (self));

  atelier_composer_add_files (self->composer, files, (guint) MAX (n_files, 0));
}

void
atelier_window_add_toast (AtelierWindow *self,
                          AdwToast      *toast)
{
  g_return_if_fail (ATELIER_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
atelier_window_show_message (AtelierWindow *self,
                             const char    *message)
{
  atelier_window_add_toast (self, adw_toast_new (message));
}

AtelierBanner *
atelier_window_add_banner (AtelierWindow *self)
{
  AtelierBanner *banner;

  g_return_val_if_fail (ATELIER_IS_WINDOW (self), NULL);

  banner = atelier_banner_new (NULL);
  gtk_box_append (self->banner_box, GTK_WIDGET (banner));

  return banner;
}

static void
update_endpoint_banner (AtelierWindow *self,
                        GParamSpec    *pspec,
                        AtelierClient *client)
{
  const char *endpoint = atelier_client_get_endpoint (client);

  if (endpoint != NULL)
    {
      g_autofree char *title = g_strdup_printf (_("Custom endpoint in use: requests go to %s, not to BFL"), endpoint);
      atelier_banner_set_title (self->endpoint_banner, title);
    }
  atelier_banner_set_revealed (self->endpoint_banner, endpoint != NULL);
}

void
atelier_window_show_composer (AtelierWindow *self)
{
  g_return_if_fail (ATELIER_IS_WINDOW (self));
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->composer));
}

void
atelier_window_show_gallery (AtelierWindow *self)
{
  g_return_if_fail (ATELIER_IS_WINDOW (self));
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->gallery));
}

static void
on_show_composer_toggled (GtkToggleButton *button,
                          AtelierWindow   *self)
{
  if (gtk_toggle_button_get_active (button))
    atelier_window_show_composer (self);
}

static void
on_show_gallery_toggled (GtkToggleButton *button,
                         AtelierWindow   *self)
{
  if (gtk_toggle_button_get_active (button))
    atelier_window_show_gallery (self);
}

static void
on_leaflet_visible_child_changed (AtelierWindow *self)
{
  GtkWidget *visible = adw_leaflet_get_visible_child (self->leaflet);

  /* Swipes and the back gesture move the leaflet; the switcher follows. */
  gtk_toggle_button_set_active (visible == GTK_WIDGET (self->gallery) ? self->show_gallery_button
                                                                       : self->show_composer_button,
                                TRUE);
}

static void
atelier_window_preferences_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  AtelierWindow *self = ATELIER_WINDOW (widget);
  AtelierApplication *app = ATELIER_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

  gtk_window_present (GTK_WINDOW (atelier_preferences_new (app, GTK_WINDOW (self))));
}

static gboolean
atelier_window_close_request (GtkWindow *window)
{
  AtelierWindow *self = ATELIER_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set (self->settings, "window-size", "(ii)", width, height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  return GTK_WINDOW_CLASS (atelier_window_parent_class)->close_request (window);
}

static void
atelier_window_constructed (GObject *object)
{
  AtelierWindow *self = ATELIER_WINDOW (object);
  AtelierApplication *app = ATELIER_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  int width, height;

  G_OBJECT_CLASS (atelier_window_parent_class)->constructed (object);

  self->settings = g_object_ref (atelier_application_get_settings (app));
  g_settings_get (self->settings, "window-size", "(ii)", &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  if (g_strcmp0 (PROFILE, "Devel") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  self->endpoint_banner = atelier_window_add_banner (self);
  g_signal_connect_object (atelier_application_get_client (app), "notify::endpoint",
                           G_CALLBACK (update_endpoint_banner), self, G_CONNECT_SWAPPED);
  update_endpoint_banner (self, NULL, atelier_application_get_client (app));

  atelier_composer_bind (self->composer, app);
  atelier_gallery_bind (self->gallery, app);
}

static void
atelier_window_dispose (GObject *object)
{
  AtelierWindow *self = ATELIER_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ATELIER_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (atelier_window_parent_class)->dispose (object);
}

static void
atelier_window_class_init (AtelierWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = atelier_window_constructed;
  object_class->dispose = atelier_window_dispose;
  window_class->close_request = atelier_window_close_request;

  g_type_ensure (ATELIER_TYPE_COMPOSER);
  g_type_ensure (ATELIER_TYPE_GALLERY);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fluxatelier/Atelier/ui/atelier-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, banner_box);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, composer);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, gallery);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, show_composer_button);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, show_gallery_button);
  gtk_widget_class_bind_template_callback (widget_class, on_show_composer_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_show_gallery_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_leaflet_visible_child_changed);

  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, atelier_window_preferences_action);
}

static void
atelier_window_init (AtelierWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
