/* atelier-window.c — the main window: composer and gallery side by side, banners, toasts, and the
 * win.* actions on jobs
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-banner.h"
#include "atelier-close-dialog.h"
#include "atelier-composer.h"
#include "atelier-credits-button.h"
#include "atelier-error.h"
#include "atelier-expand-frame.h"
#include "atelier-gallery.h"
#include "atelier-preferences.h"
#include "atelier-window.h"

/* Where keys are made and credits bought. */
#define BFL_DASHBOARD_URL "https://dashboard.bfl.ai"

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
  GtkStack             *main_stack;
  AdwBin               *canvas_host;
  GtkLabel             *canvas_title;
  GtkToggleButton      *show_composer_button;
  GtkToggleButton      *show_gallery_button;
  AtelierCreditsButton *credits_button;

  AtelierBanner        *endpoint_banner;
  AtelierBanner        *key_banner;       /* first run: no key anywhere */
  AtelierBanner        *auth_banner;      /* 403: the key was rejected */
  AtelierBanner        *credits_banner;   /* 402: out of credits */
  AtelierBanner        *offline_banner;
};

G_DEFINE_FINAL_TYPE (AtelierWindow, atelier_window, ADW_TYPE_APPLICATION_WINDOW)

static void atelier_window_bind_application (AtelierWindow      *self,
                                             AtelierApplication *app);

AtelierWindow *
atelier_window_new (AtelierApplication *application)
{
  AtelierWindow *self;

  g_return_val_if_fail (ATELIER_IS_APPLICATION (application), NULL);

  /* "application" is not a construct property: GObject sets it after constructed (). */
  self = g_object_new (ATELIER_TYPE_WINDOW, "application", application, NULL);
  atelier_window_bind_application (self, application);

  return self;
}

void
atelier_window_add_references (AtelierWindow  *self,
                               GFile         **files,
                               int             n_files)
{
  g_return_if_fail (ATELIER_IS_WINDOW (self));

  atelier_composer_add_files (self->composer, files, (guint) MAX (n_files, 0));
}

#define LAST_TOAST_KEY "atelier-last-toast"

/* Once dismissed, a toast is no longer the last one up: it goes away as it would have. */
static void
on_last_toast_dismissed (AdwToast  *toast,
                         GtkWidget *from)
{
  if (g_object_get_data (G_OBJECT (from), LAST_TOAST_KEY) == toast)
    g_object_set_data (G_OBJECT (from), LAST_TOAST_KEY, NULL);
}

void
atelier_window_show_toast (GtkWidget *from,
                           AdwToast  *toast)
{
  GtkWidget *overlay = NULL;
  GtkRoot *root;

  g_return_if_fail (GTK_IS_WIDGET (from));
  g_return_if_fail (ADW_IS_TOAST (toast));

  g_object_set_data_full (G_OBJECT (from), LAST_TOAST_KEY, g_object_ref (toast), g_object_unref);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_last_toast_dismissed), from, 0);

  root = gtk_widget_get_root (from);
  if (ATELIER_IS_WINDOW (from))
    overlay = GTK_WIDGET (ATELIER_WINDOW (from)->toast_overlay);
  else
    overlay = gtk_widget_get_ancestor (from, ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL && ATELIER_IS_WINDOW (root))
    overlay = GTK_WIDGET (ATELIER_WINDOW (root)->toast_overlay);

  if (overlay != NULL)
    {
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
      return;
    }
  g_message ("%s", adw_toast_get_title (toast));
  g_object_unref (toast);
}

void
atelier_window_show_message (GtkWidget  *from,
                             const char *message)
{
  atelier_window_show_toast (from, adw_toast_new (message));
}

AdwToast *
atelier_window_get_last_toast (GtkWidget *from)
{
  g_return_val_if_fail (GTK_IS_WIDGET (from), NULL);
  return g_object_get_data (G_OBJECT (from), LAST_TOAST_KEY);
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

static AtelierApplication *
get_application (AtelierWindow *self)
{
  return ATELIER_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
}

static void
update_key_banner (AtelierWindow *self)
{
  AtelierApplication *app = get_application (self);
  gboolean missing;

  /* Until the keyring answered, "no key" is not known yet: no banner flashes at start. */
  missing = atelier_application_get_key_resolved (app)
            && !atelier_client_has_key (atelier_application_get_client (app));

  atelier_banner_set_revealed (self->key_banner, missing);
  if (missing)
    {
      /* Without a key, a rejected key or an empty account is no longer the problem. */
      atelier_banner_set_revealed (self->auth_banner, FALSE);
      atelier_banner_set_revealed (self->credits_banner, FALSE);
    }
}

static void
show_auth_banner (AtelierWindow *self)
{
  AtelierKeyring *keyring = atelier_application_get_keyring (get_application (self));

  if (atelier_keyring_get_source (keyring) == ATELIER_KEY_SOURCE_ENVIRONMENT)
    atelier_banner_set_title (self->auth_banner, _("Your key was rejected by BFL. It comes from BFL_API_KEY: check that variable."));
  else
    atelier_banner_set_title (self->auth_banner, _("Your key was rejected by BFL. Check it or add a new one."));
  atelier_banner_set_revealed (self->auth_banner, TRUE);
}

static void
on_engine_job_error (AtelierWindow *self,
                     AtelierJob    *job,
                     const GError  *error)
{
  if (error == NULL || error->domain != ATELIER_ERROR)
    return;

  if (error->code == ATELIER_ERROR_STORAGE)
    {
      atelier_window_show_message (GTK_WIDGET (self), error->message);
      return;
    }

  /* Without a key, the first-run banner already says what to do. */
  if (!atelier_client_has_key (atelier_application_get_client (get_application (self))))
    return;

  /* Refused jobs stay in the gallery with Retry; the banner says what to do first. */
  if (error->code == ATELIER_ERROR_OUT_OF_CREDITS)
    atelier_banner_set_revealed (self->credits_banner, TRUE);
  else if (error->code == ATELIER_ERROR_AUTH)
    show_auth_banner (self);
}

static void
on_credits_refreshed (AtelierWindow *self,
                      double         credits)
{
  /* BFL accepted the key: whatever was wrong with it is fixed. */
  atelier_banner_set_revealed (self->auth_banner, FALSE);
  atelier_banner_set_revealed (self->credits_banner, credits <= 0);
}

static void
on_credits_refresh_failed (AtelierWindow *self,
                           const GError  *error)
{
  if (g_error_matches (error, ATELIER_ERROR, ATELIER_ERROR_AUTH))
    show_auth_banner (self);
  else if (g_error_matches (error, ATELIER_ERROR, ATELIER_ERROR_OUT_OF_CREDITS))
    atelier_banner_set_revealed (self->credits_banner, TRUE);
}

static void
update_offline_banner (AtelierWindow *self)
{
  gboolean online = TRUE;
  gboolean was_offline = atelier_banner_get_revealed (self->offline_banner);

  g_object_get (atelier_application_get_engine (get_application (self)), "online", &online, NULL);
  atelier_banner_set_revealed (self->offline_banner, !online);

  /* Back online: the balance may have been missed meanwhile. */
  if (online && was_offline)
    atelier_credits_button_refresh (self->credits_button);
}

static void
on_is_active_changed (AtelierWindow *self)
{
  /* Back from the dashboard (credits bought, a new key made): see whether the problem is gone. */
  if (gtk_window_is_active (GTK_WINDOW (self))
      && (atelier_banner_get_revealed (self->credits_banner)
          || atelier_banner_get_revealed (self->auth_banner)))
    atelier_credits_button_refresh (self->credits_button);
}

static void
setup_account_banners (AtelierWindow *self)
{
  AtelierApplication *app = get_application (self);
  AtelierEngine *engine = atelier_application_get_engine (app);
  AtelierClient *client = atelier_application_get_client (app);
  g_autofree char *key_title = NULL;

  self->key_banner = atelier_window_add_banner (self);
  atelier_banner_set_use_markup (self->key_banner, TRUE);
  /* Translators: keep the <a href="%s"> and </a> around the words that lead to the dashboard */
  key_title = g_strdup_printf (_("Atelier needs a BFL API key to generate images. Keys are made in the <a href=\"%s\">BFL dashboard</a>."),
                               BFL_DASHBOARD_URL);
  atelier_banner_set_title (self->key_banner, key_title);
  atelier_banner_set_button_label (self->key_banner, _("Add Key…"));
  atelier_banner_set_action_name (self->key_banner, "win.preferences");

  self->auth_banner = atelier_window_add_banner (self);
  gtk_widget_add_css_class (GTK_WIDGET (self->auth_banner), "error");
  atelier_banner_set_title (self->auth_banner, _("Your key was rejected by BFL. Check it or add a new one."));
  atelier_banner_set_button_label (self->auth_banner, _("Preferences"));
  atelier_banner_set_action_name (self->auth_banner, "win.preferences");

  self->credits_banner = atelier_window_add_banner (self);
  gtk_widget_add_css_class (GTK_WIDGET (self->credits_banner), "error");
  atelier_banner_set_title (self->credits_banner, _("Out of credits. Add credits in the BFL dashboard, then retry the refused jobs."));
  atelier_banner_set_button_label (self->credits_banner, _("Add Credits…"));
  atelier_banner_set_action_name (self->credits_banner, "win.open-billing");

  self->offline_banner = atelier_window_add_banner (self);
  gtk_widget_add_css_class (GTK_WIDGET (self->offline_banner), "warning");
  atelier_banner_set_title (self->offline_banner, _("You are offline — waiting jobs will continue when the connection returns"));

  g_signal_connect_object (client, "notify::has-key",
                           G_CALLBACK (update_key_banner), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (app, "notify::key-resolved",
                           G_CALLBACK (update_key_banner), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (engine, "job-error",
                           G_CALLBACK (on_engine_job_error), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (engine, "notify::online",
                           G_CALLBACK (update_offline_banner), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::is-active", G_CALLBACK (on_is_active_changed), NULL);
  g_signal_connect_object (self->credits_button, "refreshed",
                           G_CALLBACK (on_credits_refreshed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->credits_button, "refresh-failed",
                           G_CALLBACK (on_credits_refresh_failed), self, G_CONNECT_SWAPPED);

  update_key_banner (self);
  update_offline_banner (self);
  atelier_credits_button_bind (self->credits_button, client, engine);
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
  gtk_stack_set_visible_child_name (self->main_stack, "gallery");
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->main_stack));
}

/* The canvas: Fill's mask editor or Expand's frame, lent by the composer to the main area, where
 * the picture gets the window's size. Closing it shows the gallery again; the canvas keeps its
 * source and mask until the composer takes it back (another model). */

void
atelier_window_show_canvas (AtelierWindow *self)
{
  g_return_if_fail (ATELIER_IS_WINDOW (self));

  if (adw_bin_get_child (self->canvas_host) == NULL)
    return;
  gtk_stack_set_visible_child_name (self->main_stack, "canvas");
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->main_stack));
}

gboolean
atelier_window_get_canvas_shown (AtelierWindow *self)
{
  g_return_val_if_fail (ATELIER_IS_WINDOW (self), FALSE);

  return g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "canvas") == 0;
}

GtkWidget *
atelier_window_get_canvas (AtelierWindow *self)
{
  g_return_val_if_fail (ATELIER_IS_WINDOW (self), NULL);

  return adw_bin_get_child (self->canvas_host);
}

static void
on_canvas_host_child (AtelierWindow *self)
{
  GtkWidget *canvas = adw_bin_get_child (self->canvas_host);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-canvas", canvas != NULL);
  if (canvas == NULL)
    {
      gtk_stack_set_visible_child_name (self->main_stack, "gallery");
      return;
    }
  gtk_label_set_label (self->canvas_title, ATELIER_IS_EXPAND_FRAME (canvas)
                                           ? _("Expand: drag a side outwards to add to it")
                                           : _("Fill: paint over what to repaint"));
  /* A model that paints on a canvas was just chosen: the canvas comes forward (the composer
   * stays beside it on a wide window). */
  gtk_stack_set_visible_child_name (self->main_stack, "canvas");
}

static void
atelier_window_show_canvas_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  atelier_window_show_canvas (ATELIER_WINDOW (widget));
}

static void
atelier_window_close_canvas_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  AtelierWindow *self = ATELIER_WINDOW (widget);

  gtk_stack_set_visible_child_name (self->main_stack, "gallery");
}

void
atelier_window_show_job (AtelierWindow *self,
                         AtelierJob    *job)
{
  g_return_if_fail (ATELIER_IS_WINDOW (self));
  g_return_if_fail (ATELIER_IS_JOB (job));

  atelier_gallery_show_job (self->gallery, job);
  atelier_window_show_gallery (self);
}

void
atelier_window_show_set (AtelierWindow *self,
                         const char    *set_id)
{
  g_return_if_fail (ATELIER_IS_WINDOW (self));

  atelier_gallery_show_set (self->gallery, set_id);
  atelier_window_show_gallery (self);
}

void
atelier_window_search (AtelierWindow *self,
                       const char    *text)
{
  g_return_if_fail (ATELIER_IS_WINDOW (self));

  atelier_gallery_show_job (self->gallery, NULL);
  atelier_gallery_set_search (self->gallery, text);
  atelier_window_show_gallery (self);
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
  /* The main area as it is: the gallery, or the canvas when one is shown. */
  if (gtk_toggle_button_get_active (button))
    adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->main_stack));
}

static void
on_leaflet_visible_child_changed (AtelierWindow *self)
{
  GtkWidget *visible = adw_leaflet_get_visible_child (self->leaflet);

  /* Swipes and the back gesture move the leaflet; the switcher follows. */
  gtk_toggle_button_set_active (visible == GTK_WIDGET (self->main_stack) ? self->show_gallery_button
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

/* Actions on a job, by id */

/* Transfer full. */
static AtelierJob *
lookup_job (AtelierWindow *self,
            GVariant      *parameter)
{
  AtelierLibrary *library = atelier_application_get_library (get_application (self));

  return atelier_library_dup_job (library, g_variant_get_string (parameter, NULL));
}

typedef enum
{
  RECIPE_FOR_REUSE,
  RECIPE_FOR_REGENERATE,
} RecipePurpose;

typedef struct
{
  AtelierWindow *self;
  RecipePurpose  purpose;
  char          *job_id;
} RecipeRequest;

static void
on_regenerated (GtkWidget *from)
{
  /* Back to the grid, where the new job appears. */
  atelier_gallery_show_job (ATELIER_WINDOW (from)->gallery, NULL);
}

static void
on_job_recipe_loaded (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  RecipeRequest *request = user_data;
  g_autoptr(AtelierWindow) self = request->self;
  RecipePurpose purpose = request->purpose;
  g_autofree char *job_id = request->job_id;
  g_autoptr(AtelierRecipe) recipe = NULL;
  g_autoptr(GError) error = NULL;

  g_free (request);
  recipe = atelier_library_load_recipe_finish (ATELIER_LIBRARY (source), result, &error);
  if (recipe == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The settings could not be loaded: %s"), error->message);

      atelier_window_show_message (GTK_WIDGET (self), message);
      return;
    }

  if (purpose == RECIPE_FOR_REUSE)
    {
      atelier_composer_apply_recipe (self->composer, recipe);
      atelier_composer_set_origin (self->composer, job_id, ATELIER_RELATION_REUSE, TRUE);
      atelier_window_show_composer (self);
    }
  else
    {
      g_autoptr(AtelierRecipe) copy = atelier_recipe_copy (recipe);
      g_autoptr(AtelierGeneration) generation = NULL;

      /* The same settings with a new seed: a sibling, not a duplicate. */
      atelier_recipe_set_seed (copy, ATELIER_SEED_RANDOM);
      generation = atelier_generation_new_seeds (copy, 1);
      atelier_generation_add_parent (generation, job_id, ATELIER_RELATION_REGENERATE);
      atelier_application_generate_set (get_application (self), GTK_WIDGET (self), generation, on_regenerated);
    }
}

/* After "Edit with Fill" or "Expand" on a picture: painting is the next step, also when the
 * canvas was already lent and closed (then nothing else would bring it forward). */
static void
show_canvas_or_composer (AtelierWindow *self)
{
  if (atelier_window_get_canvas (self) != NULL)
    atelier_window_show_canvas (self);
  else
    atelier_window_show_composer (self);
}

static void
load_job_recipe (AtelierWindow *self,
                 GVariant      *parameter,
                 RecipePurpose  purpose)
{
  g_autoptr(AtelierJob) job = lookup_job (self, parameter);
  RecipeRequest *request;

  if (job == NULL)
    return;
  request = g_new0 (RecipeRequest, 1);
  request->self = g_object_ref (self);
  request->purpose = purpose;
  request->job_id = g_strdup (atelier_job_get_id (job));
  atelier_library_load_recipe_async (atelier_application_get_library (get_application (self)), job,
                                     NULL, on_job_recipe_loaded, request);
}

/* win.reuse-job and win.regenerate-job: the job's recipe, with its references, loaded first. */
static void
job_recipe_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  load_job_recipe (ATELIER_WINDOW (widget), parameter,
                   g_str_equal (action_name, "win.regenerate-job") ? RECIPE_FOR_REGENERATE
                                                                   : RECIPE_FOR_REUSE);
}

/* win.use-job-as-reference, win.edit-job-with-fill and win.expand-job: the job's image into the
 * composer (for Fill and Expand as the source, with the canvas brought forward). */
static void
job_image_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  AtelierWindow *self = ATELIER_WINDOW (widget);
  g_autoptr(AtelierJob) job = lookup_job (self, parameter);
  GFile *file;

  if (job == NULL || atelier_job_get_state (job) != ATELIER_JOB_READY)
    return;
  file = atelier_job_get_image_file (job);
  if (file == NULL)
    return;

  if (g_str_equal (action_name, "win.edit-job-with-fill"))
    {
      atelier_composer_edit_with_fill (self->composer, file);
      atelier_composer_set_origin (self->composer, atelier_job_get_id (job), ATELIER_RELATION_FILL, TRUE);
      show_canvas_or_composer (self);
    }
  else if (g_str_equal (action_name, "win.expand-job"))
    {
      atelier_composer_expand_picture (self->composer, file);
      atelier_composer_set_origin (self->composer, atelier_job_get_id (job), ATELIER_RELATION_EXPAND, TRUE);
      show_canvas_or_composer (self);
    }
  else
    {
      atelier_composer_add_files (self->composer, &file, 1);
      atelier_composer_set_origin (self->composer, atelier_job_get_id (job), ATELIER_RELATION_REFERENCE, FALSE);
      atelier_window_show_composer (self);
    }
}

static void
atelier_window_refresh_credits_action (GtkWidget  *widget,
                                       const char *action_name,
                                       GVariant   *parameter)
{
  atelier_credits_button_refresh (ATELIER_WINDOW (widget)->credits_button);
}

static void
atelier_window_open_billing_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  gtk_show_uri (GTK_WINDOW (widget), BFL_DASHBOARD_URL, GDK_CURRENT_TIME);
}

static gboolean
atelier_window_close_request (GtkWindow *window)
{
  AtelierWindow *self = ATELIER_WINDOW (window);
  int width, height;

  /* Jobs still running: keep them going in the background, or quit (they resume next start). */
  if (atelier_close_dialog_should_ask (self))
    {
      atelier_close_dialog_present (self);
      return TRUE;
    }

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set (self->settings, "window-size", "(ii)", width, height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  return GTK_WINDOW_CLASS (atelier_window_parent_class)->close_request (window);
}

static void
atelier_window_bind_application (AtelierWindow      *self,
                                 AtelierApplication *app)
{
  int width, height;

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
  setup_account_banners (self);

  atelier_composer_bind (self->composer, app);
  atelier_composer_set_canvas_host (self->composer, self->canvas_host);
  atelier_gallery_bind (self->gallery, app);
}

static void
atelier_window_dispose (GObject *object)
{
  AtelierWindow *self = ATELIER_WINDOW (object);

  /* The canvas goes home first: the composer's template owns it. */
  if (self->composer != NULL)
    atelier_composer_set_canvas_host (self->composer, NULL);
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

  object_class->dispose = atelier_window_dispose;
  window_class->close_request = atelier_window_close_request;

  g_type_ensure (ATELIER_TYPE_COMPOSER);
  g_type_ensure (ATELIER_TYPE_GALLERY);
  g_type_ensure (ATELIER_TYPE_CREDITS_BUTTON);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fluxatelier/Atelier/ui/atelier-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, banner_box);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, composer);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, gallery);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, canvas_host);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, canvas_title);
  gtk_widget_class_bind_template_callback (widget_class, on_canvas_host_child);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, show_composer_button);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, show_gallery_button);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, credits_button);
  gtk_widget_class_bind_template_callback (widget_class, on_show_composer_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_show_gallery_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_leaflet_visible_child_changed);

  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, atelier_window_preferences_action);
  gtk_widget_class_install_action (widget_class, "win.refresh-credits", NULL, atelier_window_refresh_credits_action);
  gtk_widget_class_install_action (widget_class, "win.open-billing", NULL, atelier_window_open_billing_action);
  gtk_widget_class_install_action (widget_class, "win.reuse-job", "s", job_recipe_action);
  gtk_widget_class_install_action (widget_class, "win.use-job-as-reference", "s", job_image_action);
  gtk_widget_class_install_action (widget_class, "win.edit-job-with-fill", "s", job_image_action);
  gtk_widget_class_install_action (widget_class, "win.expand-job", "s", job_image_action);
  gtk_widget_class_install_action (widget_class, "win.regenerate-job", "s", job_recipe_action);
  gtk_widget_class_install_action (widget_class, "win.show-canvas", NULL, atelier_window_show_canvas_action);
  gtk_widget_class_install_action (widget_class, "win.close-canvas", NULL, atelier_window_close_canvas_action);
}

static void
atelier_window_init (AtelierWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
