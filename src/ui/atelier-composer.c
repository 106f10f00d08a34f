/* atelier-composer.c — prompt, model, region, cost and Generate; the other files hold the rest
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-composer-private.h"
#include "atelier-cost.h"
#include "atelier-mask-editor.h"
#include "atelier-request.h"
#include "atelier-window.h"

G_DEFINE_FINAL_TYPE (AtelierComposer, atelier_composer, GTK_TYPE_WIDGET)

void
_atelier_composer_show_message (AtelierComposer *self,
                                const char      *message)
{
  atelier_window_show_message (GTK_WIDGET (self), message);
}

static guint
get_batch (AtelierComposer *self)
{
  return (guint) CLAMP (gtk_adjustment_get_value (self->batch_adjustment), 1, 8);
}

/* References */

static char *
dup_reference_reason (AtelierComposer *self,
                      guint           *n_sent,
                      gboolean        *source_mode)
{
  const char *name = atelier_model_get_name (self->model);
  guint max_refs = atelier_model_get_max_refs (self->model);
  guint stable = atelier_model_get_stable_refs (self->model);

  *source_mode = FALSE;
  *n_sent = max_refs;

  switch (atelier_model_get_ref_mode (self->model))
    {
    case ATELIER_REF_MODE_NONE:
      *n_sent = 0;
      /* TRANSLATORS: %s is a model name */
      return g_strdup_printf (_("%s takes no reference images"), name);

    case ATELIER_REF_MODE_IMAGE_PROMPT:
      *n_sent = 1;
      /* TRANSLATORS: %s is a model name */
      return g_strdup_printf (_("%s takes one image prompt: reference 1"), name);

    case ATELIER_REF_MODE_IMAGE_MASK:
      *n_sent = 1;
      *source_mode = TRUE;
      return g_strdup (_("The image to repaint. Its size is the output size."));

    case ATELIER_REF_MODE_IMAGE:
      *n_sent = 1;
      *source_mode = TRUE;
      return g_strdup (_("The image to extend. Set below how far on each side."));

    case ATELIER_REF_MODE_INPUT_IMAGES:
    default:
      if (max_refs >= ATELIER_REFERENCE_TRAY_N_SLOTS && stable >= max_refs)
        return NULL;
      if (stable < max_refs)
        /* TRANSLATORS: %s is a model name; then the references past the stable count */
        return g_strdup_printf (ngettext ("%s takes %u reference; more are experimental",
                                          "%s takes %u references; more are experimental", stable),
                                name, stable);
      /* TRANSLATORS: %s is a model name, e.g. "FLUX.2 [klein] 4B takes 4 references" */
      return g_strdup_printf (ngettext ("%s takes %u reference", "%s takes %u references", max_refs),
                              name, max_refs);
    }
}

static void
sync_references (AtelierComposer *self)
{
  g_autoptr(GPtrArray) refs = atelier_reference_tray_dup_references (self->tray);

  atelier_recipe_set_references (self->recipe, (AtelierReference * const *) refs->pdata, refs->len);
}

static void
on_tray_changed (AtelierComposer *self)
{
  sync_references (self);
  _atelier_composer_update_state (self);
}

static void
on_tray_message (AtelierComposer *self,
                 const char      *message)
{
  _atelier_composer_show_message (self, message);
}

/* What a drop, paste or command line could not add: all of it in the list under the references,
 * and one toast to say so, since the list may be scrolled out of sight. */
static void
on_refused (AtelierComposer *self,
            char           **messages)
{
  atelier_refusal_list_show (self->refusal_list, (const char * const *) messages);
  if (messages == NULL || messages[0] == NULL)
    return;

  _atelier_composer_show_message (self, messages[1] == NULL ? messages[0]
                                                           : atelier_refusal_list_get_title (self->refusal_list));
}

/* Cost and readiness */

static void
set_breakdown_row (AtelierComposer *self,
                   int              row,
                   const char      *title,
                   const char      *value)
{
  GtkWidget *title_label = gtk_grid_get_child_at (self->cost_grid, 0, row);
  GtkWidget *value_label = gtk_grid_get_child_at (self->cost_grid, 1, row);

  if (title_label == NULL)
    {
      title_label = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (title_label), 0);
      gtk_widget_add_css_class (title_label, "dim-label");
      value_label = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (value_label), 1);
      gtk_widget_set_hexpand (value_label, TRUE);
      gtk_widget_add_css_class (value_label, "numeric");
      gtk_grid_attach (self->cost_grid, title_label, 0, row, 1, 1);
      gtk_grid_attach (self->cost_grid, value_label, 1, row, 1, 1);
    }

  gtk_widget_set_visible (title_label, value != NULL);
  gtk_widget_set_visible (value_label, value != NULL);
  gtk_label_set_label (GTK_LABEL (title_label), title);
  gtk_label_set_label (GTK_LABEL (value_label), value != NULL ? value : "");
}

/* A set's estimate is the sum of its jobs' (models differ in price, prompts do not); the
 * tooltip lists each job's. */
static void
update_set_cost (AtelierComposer *self)
{
  g_autoptr(AtelierGeneration) generation = _atelier_composer_make_generation (self, self->recipe, NULL);
  g_autofree double *per_job = NULL;
  g_autoptr(GString) tooltip = NULL;
  guint n;

  if (generation == NULL)
    return;
  n = atelier_generation_get_n_jobs (generation);
  per_job = g_new0 (double, n);
  atelier_generation_estimate (generation, atelier_catalog_get_default (), &self->estimate, per_job);

  tooltip = g_string_new (_("Estimate for each image:"));
  for (guint i = 0; i < n; i++)
    {
      const char *label = atelier_generation_get_label (generation, i);
      gint64 seed = atelier_generation_get_seed (generation, i);
      g_autofree char *number = atelier_model_format_number (per_job[i], 0, 2);
      g_autofree char *what = NULL;

      /* TRANSLATORS: what one image of a set is: "FLUX.2 [pro] · seed 42" */
      if (seed >= 0 && g_strcmp0 (atelier_generation_get_kind (generation), "seed") != 0)
        {
          g_autofree char *seed_text = g_strdup_printf ("%" G_GINT64_FORMAT, seed);

          what = g_strdup_printf (_("%s · seed %s"), label != NULL ? label : "", seed_text);
        }
      else
        what = g_strdup (label != NULL ? label : "");
      g_string_append_c (tooltip, '\n');
      /* TRANSLATORS: a line of the estimate's tooltip: "FLUX.2 [pro] · seed 42: ≈ 3 credits" */
      g_string_append_printf (tooltip, _("%s: ≈ %s credits"), what, number);
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->cost_label), tooltip->str);
}

static void
update_cost (AtelierComposer *self)
{
  g_autofree char *text = NULL;
  g_autofree char *output = NULL;
  g_autofree char *input = NULL;
  g_autofree char *per_image = NULL;
  g_autofree char *batch = NULL;

  if (self->model == NULL)
    {
      gtk_label_set_label (self->cost_label, "");
      return;
    }

  atelier_request_estimate_cost (self->model, self->recipe, get_batch (self), &self->estimate);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->cost_label), NULL);
  if (_atelier_composer_get_vary (self) != VARY_SEEDS)
    update_set_cost (self);

  text = atelier_cost_format_estimate (&self->estimate);
  gtk_label_set_label (self->cost_label, text);

  if (!self->estimate.flat)
    {
      /* TRANSLATORS: billed megapixels, e.g. "2 MP" */
      output = g_strdup_printf (_("%g MP"), self->estimate.output_mp);
      input = g_strdup_printf (_("%g MP"), self->estimate.input_mp);
    }
  /* TRANSLATORS: credits per image, e.g. "4.5 credits" */
  per_image = g_strdup_printf (_("%g credits"), self->estimate.per_image);
  batch = g_strdup_printf ("× %u", self->estimate.batch);

  set_breakdown_row (self, 0, _("Output"), output);
  set_breakdown_row (self, 1, _("Input"), input);
  set_breakdown_row (self, 2, self->estimate.flat ? _("Price per image") : _("Per image"), per_image);
  set_breakdown_row (self, 3, _("Batch"), batch);
  set_breakdown_row (self, 4, _("Total"), text);
}

static void
update_size_label (AtelierComposer *self)
{
  g_autofree char *text = NULL;
  guint width = 0, height = 0;

  if (self->model != NULL)
    atelier_request_output_size (self->model, self->recipe, &width, &height);

  if (width > 0 && height > 0)
    /* TRANSLATORS: output size, e.g. "1024 × 1024 · 1.0 MP" */
    text = g_strdup_printf (_("%u × %u · %.1f MP"), width, height, width * (double) height / MEGAPIXEL);
  else if (g_strcmp0 (_atelier_composer_get_aspect_key (self), ASPECT_MATCH) == 0)
    text = g_strdup (_("As the first reference"));
  else
    text = g_strdup ("");

  gtk_label_set_label (self->size_label, text);
}

static char *
dup_blocked_reason (AtelierComposer *self)
{
  g_autoptr(GError) error = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->prompt_view);
  GtkTextIter start, end;
  g_autofree char *prompt = NULL;

  if (self->engine == NULL)
    return g_strdup (_("Starting…"));
  /* Before anything else: without a key nothing can be sent, and a first-run person must learn
   * that the key is what is missing, not the prompt. */
  if (self->client == NULL || !atelier_client_has_key (self->client))
    {
      /* Until the keyring answered, "no key" is not known yet: no false alarm at start. */
      if (self->application != NULL && !atelier_application_get_key_resolved (self->application))
        return g_strdup (_("Starting…"));
      return g_strdup (_("Add an API key in Preferences to generate"));
    }
  if (self->model == NULL)
    return g_strdup (_("Choose a model"));

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  prompt = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (atelier_model_requires_prompt (self->model) && *g_strstrip (prompt) == '\0')
    return g_strdup (_("Write a prompt first"));
  if (atelier_reference_tray_is_loading (self->tray))
    return g_strdup (_("A reference is still loading"));
  if (_atelier_composer_uses_mask_editor (self) && atelier_mask_editor_get_blocked_reason (self->mask_editor) != NULL)
    return g_strdup (atelier_mask_editor_get_blocked_reason (self->mask_editor));
  if (!atelier_request_validate (self->model, self->recipe, NULL, &error))
    return g_strdup (error != NULL ? error->message : _("This request cannot be sent"));
  if (_atelier_composer_get_vary (self) != VARY_SEEDS)
    {
      g_autoptr(AtelierGeneration) generation = _atelier_composer_make_generation (self, self->recipe, &error);

      if (generation == NULL || !atelier_generation_validate (generation, atelier_catalog_get_default (), &error))
        return g_strdup (error != NULL ? error->message : _("This request cannot be sent"));
    }

  return NULL;
}

void
_atelier_composer_update_state (AtelierComposer *self)
{
  guint n_sent = 0;
  gboolean source_mode = FALSE;

  if (self->model != NULL)
    {
      g_autofree char *reason = dup_reference_reason (self, &n_sent, &source_mode);

      atelier_reference_tray_set_limit (self->tray, n_sent, reason, source_mode);
    }
  _atelier_composer_sync_mask_editor (self);
  _atelier_composer_sync_expand (self);
  _atelier_composer_sync_canvas (self);

  _atelier_composer_sync_vary (self);
  update_size_label (self);
  update_cost (self);

  g_free (self->blocked_reason);
  self->blocked_reason = dup_blocked_reason (self);
  gtk_label_set_label (self->reason_label, self->blocked_reason != NULL ? self->blocked_reason : "");
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label), self->blocked_reason != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.generate", self->blocked_reason == NULL);
}

/* Region, prompt, seed */

/* The region is the "region" setting's: the dropdown writes it and follows it (Preferences change
 * it too); the application hands it to the client, and the engine records it in each job. */
static void
on_region_selected (AtelierComposer *self)
{
  AtelierRegion region = (AtelierRegion) gtk_drop_down_get_selected (self->region_dropdown);

  atelier_recipe_set_region (self->recipe, region);
  if (self->updating || self->settings == NULL)
    return;
  g_settings_set_string (self->settings, "region", atelier_region_to_string (region));
}

static void
on_region_setting_changed (AtelierComposer *self)
{
  g_autofree char *name = g_settings_get_string (self->settings, "region");
  AtelierRegion region = atelier_region_from_string (name);

  self->updating++;
  gtk_drop_down_set_selected (self->region_dropdown, region);
  self->updating--;
  atelier_recipe_set_region (self->recipe, region);
}

static void
on_prompt_changed (AtelierComposer *self,
                   GtkTextBuffer   *buffer)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->prompt_placeholder), *text == '\0');
  atelier_recipe_set_prompt (self->recipe, text);
  _atelier_composer_update_state (self);
}

void
_atelier_composer_apply_seed (AtelierComposer *self)
{
  gboolean random = gtk_switch_get_active (self->random_seed_switch);

  gtk_widget_set_visible (GTK_WIDGET (self->seed_row), !random);
  atelier_recipe_set_seed (self->recipe,
                           random ? ATELIER_SEED_RANDOM : (gint64) gtk_adjustment_get_value (self->seed_adjustment));
}

static void
on_random_seed_changed (AtelierComposer *self)
{
  if (!gtk_switch_get_active (self->random_seed_switch) && !self->updating)
    gtk_adjustment_set_value (self->seed_adjustment, g_random_int ());
  _atelier_composer_apply_seed (self);
}

static void
on_new_seed_clicked (AtelierComposer *self)
{
  gtk_adjustment_set_value (self->seed_adjustment, g_random_int ());
  _atelier_composer_apply_seed (self);
}

static void
on_batch_changed (AtelierComposer *self)
{
  _atelier_composer_update_state (self);
}

/* Generate */

static void
atelier_composer_generate_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  AtelierComposer *self = ATELIER_COMPOSER (widget);
  g_autoptr(AtelierRecipe) recipe = NULL;

  _atelier_composer_update_state (self);
  if (self->blocked_reason != NULL || self->application == NULL)
    return;

  /* The editor's source and its latest mask, exactly; on a copy, so the other slots stay in
   * the composer's recipe for the next model. */
  recipe = atelier_recipe_copy (self->recipe);
  if (_atelier_composer_uses_mask_editor (self) && !atelier_mask_editor_fill_recipe (self->mask_editor, recipe))
    {
      const char *reason = atelier_mask_editor_get_blocked_reason (self->mask_editor);

      _atelier_composer_show_message (self, reason != NULL ? reason : _("Paint over the part to repaint"));
      return;
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(AtelierGeneration) generation = _atelier_composer_make_generation (self, recipe, &error);

    if (generation == NULL)
      {
        _atelier_composer_show_message (self, error->message);
        return;
      }
    atelier_application_generate_set (self->application, widget, generation, NULL);
  }
}

static gboolean
on_generate_shortcut (GtkWidget *widget,
                      GVariant  *args,
                      gpointer   user_data)
{
  AtelierComposer *self = ATELIER_COMPOSER (gtk_widget_get_ancestor (widget, ATELIER_TYPE_COMPOSER));

  _atelier_composer_update_state (self);
  if (self->blocked_reason != NULL)
    {
      /* The reason is under the button, but the eyes are on the prompt: say it there too. */
      _atelier_composer_show_message (self, self->blocked_reason);
      return TRUE;
    }

  gtk_widget_activate_action (GTK_WIDGET (self), "composer.generate", NULL);
  return TRUE;
}

/* GObject */

static void
atelier_composer_dispose (GObject *object)
{
  AtelierComposer *self = ATELIER_COMPOSER (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ATELIER_TYPE_COMPOSER);

  g_clear_object (&self->settings);
  g_clear_object (&self->client);
  g_clear_object (&self->engine);
  g_clear_object (&self->models);
  g_clear_object (&self->model);
  g_clear_object (&self->recipe);
  g_clear_pointer (&self->param_rows, g_ptr_array_unref);
  g_clear_pointer (&self->megapixels, g_array_unref);
  g_clear_pointer (&self->aspect_keys, g_strfreev);
  g_clear_pointer (&self->blocked_reason, g_free);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  _atelier_composer_forget_carried_mask (self);
  g_clear_object (&self->expand_source);
  _atelier_composer_dispose_canvas (self);
  _atelier_composer_dispose_vary (self);
  self->application = NULL;

  G_OBJECT_CLASS (atelier_composer_parent_class)->dispose (object);
}

static void
atelier_composer_class_init (AtelierComposerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = atelier_composer_dispose;

  g_type_ensure (ATELIER_TYPE_REFERENCE_TRAY);
  g_type_ensure (ATELIER_TYPE_MASK_EDITOR);
  g_type_ensure (ATELIER_TYPE_REFUSAL_LIST);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fluxatelier/Atelier/ui/atelier-composer.ui");
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, child);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, scroller);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, prompt_view);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, prompt_placeholder);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, tray);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, mask_editor);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, refusal_list);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, model_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, region_row);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, region_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, endpoint_row);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, size_group);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, size_label);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, aspect_row);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, aspect_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, resolution_row);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, resolution_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, width_row);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, height_row);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, width_adjustment);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, height_adjustment);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, advanced_row);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, random_seed_switch);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, seed_row);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, seed_adjustment);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, batch_adjustment);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, cost_label);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, cost_grid);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, reason_label);
  gtk_widget_class_bind_template_callback (widget_class, on_tray_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_tray_message);
  gtk_widget_class_bind_template_callback (widget_class, on_refused);
  gtk_widget_class_bind_template_callback (widget_class, on_new_seed_clicked);

  gtk_widget_class_install_action (widget_class, "composer.generate", NULL, atelier_composer_generate_action);
  _atelier_composer_class_init_fill (widget_class);
  _atelier_composer_class_init_vary (widget_class);
  _atelier_composer_class_init_expand (widget_class);
  _atelier_composer_class_init_canvas (widget_class);
  _atelier_composer_class_init_dnd (widget_class);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "composer");
}

static void
atelier_composer_init (AtelierComposer *self)
{
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->recipe = atelier_recipe_new ();
  self->param_rows = g_ptr_array_new ();
  self->megapixels = g_array_new (FALSE, TRUE, sizeof (double));
  self->cancellable = g_cancellable_new ();
  _atelier_composer_init_dnd (self);
  _atelier_composer_init_expand (self);

  /* Ctrl+Enter must win over the prompt's own Enter handling: catch it on the way down, and
   * never let it fall through as a new line when Generate is not possible. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
                                                                                       gtk_keyval_trigger_new (GDK_KEY_KP_Enter, GDK_CONTROL_MASK)),
                                                          gtk_callback_action_new (on_generate_shortcut, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  _atelier_composer_init_models (self);
  _atelier_composer_init_vary (self);
  g_signal_connect_object (gtk_text_view_get_buffer (self->prompt_view), "changed",
                           G_CALLBACK (on_prompt_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->region_dropdown, "notify::selected",
                           G_CALLBACK (on_region_selected), self, G_CONNECT_SWAPPED);
  _atelier_composer_init_settings (self);
  g_signal_connect_object (self->random_seed_switch, "notify::active",
                           G_CALLBACK (on_random_seed_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->seed_adjustment, "value-changed",
                           G_CALLBACK (_atelier_composer_apply_seed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->batch_adjustment, "value-changed",
                           G_CALLBACK (on_batch_changed), self, G_CONNECT_SWAPPED);

  _atelier_composer_sync_model (self);
}

/* Public */

/* New defaults from Preferences replace what the model rows hold now. */
static void
on_default_param_changed (AtelierComposer *self,
                          const char      *key)
{
  atelier_recipe_unset_param (self->recipe, g_str_equal (key, "safety-tolerance") ? "safety_tolerance" : "output_format");
  if (self->model != NULL)
    _atelier_composer_rebuild_params (self);
  _atelier_composer_update_state (self);
}

/* A key saved in Preferences, or the keyring's answer at start, enables Generate at once. */
static void
on_key_changed (AtelierComposer *self)
{
  _atelier_composer_update_state (self);
}

void
atelier_composer_bind (AtelierComposer    *self,
                       AtelierApplication *application)
{
  g_autofree char *model_id = NULL;
  const char *endpoint;
  guint position;

  g_return_if_fail (ATELIER_IS_COMPOSER (self));
  g_return_if_fail (ATELIER_IS_APPLICATION (application));

  self->application = application;
  g_set_object (&self->settings, atelier_application_get_settings (application));
  g_set_object (&self->client, atelier_application_get_client (application));
  g_set_object (&self->engine, atelier_application_get_engine (application));

  atelier_reference_tray_set_client (self->tray, self->client);
  _atelier_composer_apply_reference_cap (self);
  g_signal_connect_object (self->settings, "changed::reference-cap",
                           G_CALLBACK (_atelier_composer_apply_reference_cap), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::safety-tolerance",
                           G_CALLBACK (on_default_param_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::output-format",
                           G_CALLBACK (on_default_param_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->client, "notify::has-key",
                           G_CALLBACK (on_key_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (application, "notify::key-resolved",
                           G_CALLBACK (on_key_changed), self, G_CONNECT_SWAPPED);

  g_settings_bind (self->settings, "batch-size", self->batch_adjustment, "value", G_SETTINGS_BIND_DEFAULT);

  g_signal_connect_object (self->settings, "changed::region",
                           G_CALLBACK (on_region_setting_changed), self, G_CONNECT_SWAPPED);
  on_region_setting_changed (self);

  endpoint = atelier_client_get_endpoint (self->client);
  gtk_widget_set_visible (GTK_WIDGET (self->region_row), endpoint == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->endpoint_row), endpoint != NULL);
  if (endpoint != NULL)
    adw_action_row_set_subtitle (self->endpoint_row, endpoint);

  model_id = g_settings_get_string (self->settings, "model");
  position = _atelier_composer_find_model (self, model_id);
  self->updating++;
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_drop_down_set_selected (self->model_dropdown, position);
  self->updating--;

  /* Rebuild the model's rows even when the model did not change: now the settings' defaults
   * (safety tolerance, output format) are known. */
  g_clear_object (&self->model);
  _atelier_composer_sync_model (self);
  _atelier_composer_apply_seed (self);
  _atelier_composer_update_state (self);
}

/* Private (tests) */

AtelierReferenceSlot *
_atelier_composer_get_slot (AtelierComposer *self,
                            guint            index)
{
  g_return_val_if_fail (ATELIER_IS_COMPOSER (self), NULL);
  return ATELIER_REFERENCE_SLOT (atelier_reference_tray_get_slot (self->tray, index));
}

AtelierReferenceTray *
_atelier_composer_get_tray (AtelierComposer *self)
{
  g_return_val_if_fail (ATELIER_IS_COMPOSER (self), NULL);
  return self->tray;
}

AtelierRecipe *
_atelier_composer_get_recipe (AtelierComposer *self)
{
  g_return_val_if_fail (ATELIER_IS_COMPOSER (self), NULL);
  return self->recipe;
}


const char *
_atelier_composer_get_cost_text (AtelierComposer *self)
{
  g_return_val_if_fail (ATELIER_IS_COMPOSER (self), NULL);
  return gtk_label_get_label (self->cost_label);
}

AtelierRegion
_atelier_composer_get_shown_region (AtelierComposer *self)
{
  g_return_val_if_fail (ATELIER_IS_COMPOSER (self), ATELIER_REGION_GLOBAL);
  return (AtelierRegion) gtk_drop_down_get_selected (self->region_dropdown);
}

const char *
_atelier_composer_get_blocked_reason (AtelierComposer *self)
{
  g_return_val_if_fail (ATELIER_IS_COMPOSER (self), NULL);
  return self->blocked_reason;
}

AdwToast *
_atelier_composer_get_last_toast (AtelierComposer *self)
{
  AdwToast *toast;

  g_return_val_if_fail (ATELIER_IS_COMPOSER (self), NULL);
  toast = atelier_window_get_last_toast (GTK_WIDGET (self));
  return toast != NULL && adw_toast_get_button_label (toast) != NULL ? toast : NULL;
}

AtelierRefusalList *
_atelier_composer_get_refusal_list (AtelierComposer *self)
{
  g_return_val_if_fail (ATELIER_IS_COMPOSER (self), NULL);

  return self->refusal_list;
}

AtelierMaskEditor *
_atelier_composer_get_mask_editor (AtelierComposer *self)
{
  g_return_val_if_fail (ATELIER_IS_COMPOSER (self), NULL);
  return self->mask_editor;
}

const char *
_atelier_composer_get_last_message (AtelierComposer *self)
{
  AdwToast *toast;

  g_return_val_if_fail (ATELIER_IS_COMPOSER (self), NULL);
  toast = atelier_window_get_last_toast (GTK_WIDGET (self));
  return toast != NULL ? adw_toast_get_title (toast) : NULL;
}
GtkTextView *
_atelier_composer_get_prompt_view (AtelierComposer *self)
{
  g_return_val_if_fail (ATELIER_IS_COMPOSER (self), NULL);
  return self->prompt_view;
}
