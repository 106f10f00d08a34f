/* atelier-composer.c
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "atelier-catalog.h"
#include "atelier-composer-private.h"
#include "atelier-cost.h"
#include "atelier-image-metadata.h"
#include "atelier-mask-editor.h"
#include "atelier-request.h"
#include "atelier-window.h"


G_DEFINE_FINAL_TYPE (AtelierComposer, atelier_composer, GTK_TYPE_WIDGET)

static void
show_message (AtelierComposer *self,
              const char      *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  g_free (self->last_message);
  self->last_message = g_strdup (message);

  if (ATELIER_IS_WINDOW (root))
    atelier_window_show_message (ATELIER_WINDOW (root), message);
  else
    g_message ("%s", message);
}

static void
show_toast (AtelierComposer *self,
            AdwToast        *toast)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  g_free (self->last_message);
  self->last_message = g_strdup (adw_toast_get_title (toast));
  g_set_object (&self->last_toast, toast);

  if (ATELIER_IS_WINDOW (root))
    atelier_window_add_toast (ATELIER_WINDOW (root), g_object_ref (toast));
  else
    g_message ("%s", self->last_message);
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
  atelier_composer_update_state (self);
}

static void
on_tray_message (AtelierComposer *self,
                 const char      *message)
{
  show_message (self, message);
}

/* Fill: the mask editor takes the tray's place; slot 1 holds its source image. */

static gboolean
uses_mask_editor (AtelierComposer *self)
{
  return self->model != NULL && atelier_model_get_ref_mode (self->model) == ATELIER_REF_MODE_IMAGE_MASK;
}

static AtelierReference *
get_first_reference (AtelierComposer *self)
{
  if (atelier_recipe_get_n_references (self->recipe) == 0)
    return NULL;
  return atelier_recipe_get_reference (self->recipe, 0);
}

static void
forget_carried_mask (AtelierComposer *self)
{
  g_cancellable_cancel (self->carry_cancellable);
  g_clear_object (&self->carry_cancellable);
  g_clear_object (&self->carried_source);
  g_clear_object (&self->carried_mask);
}

typedef struct
{
  GBytes *mask;
  guint   width;
  guint   height;
} ScaleMaskJob;

static void
scale_mask_job_free (ScaleMaskJob *job)
{
  g_bytes_unref (job->mask);
  g_free (job);
}

/* The painted mask scaled to the source prepared again at the new cap (worker thread). */
static void
scale_mask_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  ScaleMaskJob *job = task_data;
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (job->mask);
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GdkPixbuf) scaled = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GError) error = NULL;
  AtelierReference *reference;
  char *buffer = NULL;
  gsize size = 0;

  pixbuf = gdk_pixbuf_new_from_stream (stream, cancellable, &error);
  if (pixbuf != NULL)
    scaled = gdk_pixbuf_scale_simple (pixbuf, job->width, job->height, GDK_INTERP_BILINEAR);
  if (scaled == NULL || !gdk_pixbuf_save_to_buffer (scaled, &buffer, &size, "png", &error, NULL))
    {
      if (error == NULL)
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not keep the mask"));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  png = g_bytes_new_take (buffer, size);
  reference = atelier_reference_new_prepared (png, "mask.png", &error);
  if (reference == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, reference, g_object_unref);
}

static void
on_mask_carried (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  AtelierComposer *self = ATELIER_COMPOSER (object);
  g_autoptr(AtelierReference) source = user_data;
  g_autoptr(AtelierReference) mask = NULL;
  g_autoptr(GError) error = NULL;

  mask = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  forget_carried_mask (self);
  if (mask == NULL)
    show_message (self, error->message);
  if (get_first_reference (self) == source && uses_mask_editor (self))
    atelier_mask_editor_set_source_and_mask (self->mask_editor, source, mask);
  atelier_composer_update_state (self);
}

static void
carry_mask (AtelierComposer  *self,
            AtelierReference *source)
{
  g_autoptr(GTask) task = NULL;
  ScaleMaskJob *job = g_new0 (ScaleMaskJob, 1);

  job->mask = g_bytes_ref (atelier_reference_get_bytes (self->carried_mask));
  job->width = atelier_reference_get_width (source);
  job->height = atelier_reference_get_height (source);
  g_clear_object (&self->carried_mask);

  self->carry_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->carry_cancellable, on_mask_carried, g_object_ref (source));
  g_task_set_source_tag (task, carry_mask);
  g_task_set_task_data (task, job, (GDestroyNotify) scale_mask_job_free);
  g_task_run_in_thread (task, scale_mask_thread);
}

static void
sync_mask_editor (AtelierComposer *self)
{
  gboolean fill = uses_mask_editor (self);
  AtelierReference *first = get_first_reference (self);

  gtk_widget_set_visible (GTK_WIDGET (self->tray), !fill);
  gtk_widget_set_visible (GTK_WIDGET (self->mask_editor), fill);

  if (!fill)
    {
      forget_carried_mask (self);
      atelier_recipe_set_mask (self->recipe, NULL);
      return;
    }

  /* While slot 1 is prepared again (a new reference cap), the editor keeps what it shows; then
   * the mask painted on it follows to the new source. A carry under way decides the source. */
  if (!atelier_reference_tray_is_loading (self->tray) && self->carry_cancellable == NULL)
    {
      if (self->carried_mask != NULL && first != NULL && first != self->carried_source &&
          atelier_mask_editor_get_source (self->mask_editor) == self->carried_source)
        carry_mask (self, first);
      else
        {
          forget_carried_mask (self);
          /* The same image again is a no-op for the editor: the mask survives. */
          atelier_mask_editor_set_source (self->mask_editor, first);
        }
    }

  atelier_recipe_set_mask (self->recipe, atelier_mask_editor_get_mask_reference (self->mask_editor));
}

/* An image opened in the editor itself becomes slot 1; the other slots stay for other models. */
static void
on_mask_editor_source (AtelierComposer *self)
{
  AtelierReference *source = atelier_mask_editor_get_source (self->mask_editor);

  if (!uses_mask_editor (self) || source == get_first_reference (self))
    return;
  if (source != self->carried_source)
    forget_carried_mask (self);

  atelier_reference_tray_replace (self->tray, 0, source);
}

static void
on_mask_editor_ready (AtelierComposer *self)
{
  if (!uses_mask_editor (self))
    return;

  atelier_recipe_set_mask (self->recipe, atelier_mask_editor_get_mask_reference (self->mask_editor));
  atelier_composer_update_state (self);
}

/* Images dropped on the prompt box: settings to restore, or references */

typedef struct
{
  AtelierComposer *composer;
  GPtrArray       *files;      /* GFile, in the order dropped */
  guint            next;
  GPtrArray       *plain;      /* GFile: no settings, they go to the slots */
  AtelierRecipe   *recipe;     /* the first settings found */
} PromptDrop;

static void
prompt_drop_free (PromptDrop *drop)
{
  g_object_unref (drop->composer);
  g_ptr_array_unref (drop->files);
  g_ptr_array_unref (drop->plain);
  g_clear_object (&drop->recipe);
  g_free (drop);
}

static void
on_restore_clicked (AdwToast        *toast,
                    AtelierComposer *self)
{
  AtelierRecipe *offered = g_object_get_data (G_OBJECT (toast), "atelier-recipe");
  g_autoptr(AtelierRecipe) recipe = NULL;
  g_autoptr(GPtrArray) refs = NULL;

  if (offered == NULL)
    return;

  /* The image names no references: the ones in the slots stay where they are. */
  recipe = atelier_recipe_copy (offered);
  refs = atelier_reference_tray_dup_references (self->tray);
  atelier_recipe_set_references (recipe, (AtelierReference * const *) refs->pdata, refs->len);
  atelier_composer_apply_recipe (self, recipe);
}

static void
offer_restore (AtelierComposer *self,
               AtelierRecipe   *recipe)
{
  g_autoptr(AdwToast) toast = adw_toast_new (_("This image carries its generation settings"));

  adw_toast_set_button_label (toast, _("_Restore"));
  adw_toast_set_timeout (toast, 10);
  g_object_set_data_full (G_OBJECT (toast), "atelier-recipe", g_object_ref (recipe), g_object_unref);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_restore_clicked), self, 0);
  show_toast (self, toast);
}

static void read_next_prompt_file (PromptDrop *drop);

static void
on_prompt_file_read (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  PromptDrop *drop = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *settings = NULL;
  GFile *file = g_ptr_array_index (drop->files, drop->next);

  settings = atelier_image_metadata_read_file_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      prompt_drop_free (drop);
      return;
    }

  /* No settings, or not an image at all: the slots take it and say what is wrong with it. */
  if (settings != NULL && drop->recipe == NULL)
    drop->recipe = atelier_image_metadata_settings_to_recipe (settings, NULL);
  if (settings == NULL || drop->recipe == NULL)
    g_ptr_array_add (drop->plain, g_object_ref (file));

  drop->next++;
  read_next_prompt_file (drop);
}

/* One after the other, so the references keep the order they were dropped in. */
static void
read_next_prompt_file (PromptDrop *drop)
{
  AtelierComposer *self = drop->composer;

  if (drop->next < drop->files->len)
    {
      atelier_image_metadata_read_file_async (g_ptr_array_index (drop->files, drop->next),
                                              self->cancellable, on_prompt_file_read, drop);
      return;
    }

  if (drop->plain->len > 0)
    atelier_reference_tray_add_files (self->tray, (GFile **) drop->plain->pdata, drop->plain->len,
                                      ATELIER_REFERENCE_TRAY_APPEND);
  if (drop->recipe != NULL)
    offer_restore (self, drop->recipe);
  prompt_drop_free (drop);
}

void
atelier_composer_drop_on_prompt (AtelierComposer  *self,
                                 GFile           **files,
                                 guint             n_files)
{
  PromptDrop *drop;

  g_return_if_fail (ATELIER_IS_COMPOSER (self));

  if (n_files == 0)
    return;

  drop = g_new0 (PromptDrop, 1);
  drop->composer = g_object_ref (self);
  drop->files = g_ptr_array_new_with_free_func (g_object_unref);
  drop->plain = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n_files; i++)
    g_ptr_array_add (drop->files, g_object_ref (files[i]));
  read_next_prompt_file (drop);
}

static gboolean
on_prompt_drop (GtkDropTarget   *target,
                const GValue    *value,
                double           x,
                double           y,
                AtelierComposer *self)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new ();

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    for (GSList *l = g_value_get_boxed (value); l != NULL; l = l->next)
      g_ptr_array_add (files, l->data);
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    g_ptr_array_add (files, g_value_get_object (value));

  if (files->len == 0)
    return FALSE;

  atelier_composer_drop_on_prompt (self, (GFile **) files->pdata, files->len);
  return TRUE;
}

/* Files dropped on the prompt: caught before the text view would insert their names as text. */
static void
attach_prompt_drop (AtelierComposer *self)
{
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };
  GtkDropTarget *target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);

  gtk_drop_target_set_gtypes (target, types, G_N_ELEMENTS (types));
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (target), GTK_PHASE_CAPTURE);
  g_signal_connect_object (target, "drop", G_CALLBACK (on_prompt_drop), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->prompt_view), GTK_EVENT_CONTROLLER (target));
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

static void
update_cost (AtelierComposer *self)
{
  g_autofree AtelierPixelSize *sizes = NULL;
  g_autofree char *text = NULL;
  g_autofree char *output = NULL;
  g_autofree char *input = NULL;
  g_autofree char *per_image = NULL;
  g_autofree char *batch = NULL;
  guint n_sent, width = 0, height = 0;

  if (self->model == NULL)
    {
      gtk_label_set_label (self->cost_label, "");
      return;
    }

  n_sent = MIN (atelier_request_count_sent_refs (self->model, self->recipe),
                atelier_recipe_get_n_references (self->recipe));
  sizes = g_new0 (AtelierPixelSize, MAX (n_sent, 1));
  for (guint i = 0; i < n_sent; i++)
    {
      AtelierReference *reference = atelier_recipe_get_reference (self->recipe, i);

      sizes[i].width = atelier_reference_get_width (reference);
      sizes[i].height = atelier_reference_get_height (reference);
    }

  atelier_request_output_size (self->model, self->recipe, &width, &height);
  atelier_cost_estimate (self->model, width, height, sizes, n_sent,
                         atelier_recipe_get_bool (self->recipe, "raw", FALSE),
                         get_batch (self), &self->estimate);

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
  else if (g_strcmp0 (atelier_composer_get_aspect_key (self), ASPECT_MATCH) == 0)
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
  if (self->model == NULL)
    return g_strdup (_("Choose a model"));

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  prompt = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (atelier_model_requires_prompt (self->model) && *g_strstrip (prompt) == '\0')
    return g_strdup (_("Write a prompt first"));
  if (self->client == NULL || !atelier_client_has_key (self->client))
    return g_strdup (_("Add an API key in Preferences"));
  if (atelier_reference_tray_is_loading (self->tray))
    return g_strdup (_("A reference is still loading"));
  if (uses_mask_editor (self) && atelier_mask_editor_get_blocked_reason (self->mask_editor) != NULL)
    return g_strdup (atelier_mask_editor_get_blocked_reason (self->mask_editor));
  if (!atelier_request_validate (self->model, self->recipe, NULL, &error))
    return g_strdup (error != NULL ? error->message : _("This request cannot be sent"));

  return NULL;
}

void
atelier_composer_update_state (AtelierComposer *self)
{
  guint n_sent = 0;
  gboolean source_mode = FALSE;

  if (self->model != NULL)
    {
      g_autofree char *reason = dup_reference_reason (self, &n_sent, &source_mode);

      atelier_reference_tray_set_limit (self->tray, n_sent, reason, source_mode);
    }
  sync_mask_editor (self);

  update_size_label (self);
  update_cost (self);

  g_free (self->blocked_reason);
  self->blocked_reason = dup_blocked_reason (self);
  gtk_label_set_label (self->reason_label, self->blocked_reason != NULL ? self->blocked_reason : "");
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label), self->blocked_reason != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.generate", self->blocked_reason == NULL);
}

/* Model, region, prompt, seed */

static void
update_placeholder (AtelierComposer *self)
{
  const char *text;

  switch (atelier_model_get_ref_mode (self->model))
    {
    case ATELIER_REF_MODE_INPUT_IMAGES:
      text = _("Describe the image you want. Refer to references as “image 1”, “image 2”…");
      break;
    case ATELIER_REF_MODE_IMAGE_MASK:
      text = _("Describe what to paint where the mask is white");
      break;
    case ATELIER_REF_MODE_IMAGE_PROMPT:
    case ATELIER_REF_MODE_NONE:
    default:
      text = _("Describe the image you want");
      break;
    }

  gtk_label_set_label (self->prompt_placeholder, text);
}

static void
set_model (AtelierComposer *self,
           AtelierModel    *model)
{
  if (!g_set_object (&self->model, model))
    return;

  if (model != NULL)
    {
      atelier_recipe_set_model_id (self->recipe, atelier_model_get_id (model));
      if (self->settings != NULL && !self->updating)
        g_settings_set_string (self->settings, "model", atelier_model_get_id (model));
      atelier_composer_rebuild_size (self);
      atelier_composer_rebuild_params (self);
      update_placeholder (self);
    }

  atelier_composer_update_state (self);
}

static void
on_model_selected (AtelierComposer *self)
{
  set_model (self, gtk_drop_down_get_selected_item (self->model_dropdown));
}

static guint
find_model_position (AtelierComposer *self,
                     const char      *model_id)
{
  if (self->models == NULL || model_id == NULL)
    return GTK_INVALID_LIST_POSITION;

  for (guint i = 0; i < g_list_model_get_n_items (self->models); i++)
    {
      g_autoptr(AtelierModel) model = g_list_model_get_item (self->models, i);

      if (g_strcmp0 (atelier_model_get_id (model), model_id) == 0)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

static void
on_region_selected (AtelierComposer *self)
{
  AtelierRegion region = (AtelierRegion) gtk_drop_down_get_selected (self->region_dropdown);

  atelier_recipe_set_region (self->recipe, region);
  if (self->updating)
    return;

  if (self->client != NULL)
    atelier_client_set_region (self->client, region);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "region", atelier_region_to_string (region));
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
  atelier_composer_update_state (self);
}

static void
on_prompt_paste_clipboard (AtelierComposer *self,
                           GtkTextView     *view)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (view));

  /* Pictures and files pasted into the prompt become references; text stays text. */
  if (atelier_reference_tray_can_paste (clipboard))
    {
      g_signal_stop_emission_by_name (view, "paste-clipboard");
      atelier_reference_tray_paste_clipboard (self->tray, clipboard);
    }
}

static void
apply_seed (AtelierComposer *self)
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
  apply_seed (self);
}

static void
on_new_seed_clicked (AtelierComposer *self)
{
  gtk_adjustment_set_value (self->seed_adjustment, g_random_int ());
  apply_seed (self);
}

static void
on_batch_changed (AtelierComposer *self)
{
  atelier_composer_update_state (self);
}

/* Generate */

static void
generate_now (AtelierComposer *self)
{
  g_autoptr(AtelierRecipe) recipe = atelier_recipe_copy (self->recipe);
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;

  /* The editor's source and its latest mask, exactly; on a copy, so the other slots stay in
   * the composer's recipe for the next model. */
  if (uses_mask_editor (self) && !atelier_mask_editor_fill_recipe (self->mask_editor, recipe))
    {
      const char *reason = atelier_mask_editor_get_blocked_reason (self->mask_editor);

      show_message (self, reason != NULL ? reason : _("Paint over the part to repaint"));
      return;
    }

  jobs = atelier_engine_generate (self->engine, recipe, get_batch (self), &error);
  if (jobs == NULL)
    show_message (self, error != NULL ? error->message : _("Could not start the generation"));
}

static void
on_spend_guard_response (AdwMessageDialog *dialog,
                         const char       *response,
                         AtelierComposer  *self)
{
  if (g_strcmp0 (response, "generate") == 0)
    generate_now (self);
}

static void
atelier_composer_generate_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  AtelierComposer *self = ATELIER_COMPOSER (widget);
  double guard;

  atelier_composer_update_state (self);
  if (self->blocked_reason != NULL)
    return;

  guard = self->settings != NULL ? g_settings_get_double (self->settings, "spend-guard") : 0;
  if (guard > 0 && self->estimate.credits > guard)
    {
      GtkRoot *root = gtk_widget_get_root (widget);
      g_autofree char *estimate = atelier_cost_format_estimate (&self->estimate);
      g_autofree char *body = NULL;
      GtkWidget *dialog;

      /* TRANSLATORS: first %s is "≈ 64 credits · $0.64", %g the spend guard in credits */
      body = g_strdup_printf (_("This Generate is estimated at %s, more than the %g credits you asked to be warned about. You can change this in Preferences."),
                              estimate, guard);
      dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                       _("Generate Anyway?"), body);
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "cancel", _("_Cancel"),
                                        "generate", _("_Generate"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "generate",
                                                  ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      g_signal_connect_object (dialog, "response", G_CALLBACK (on_spend_guard_response), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  generate_now (self);
}

static gboolean
on_generate_shortcut (GtkWidget *widget,
                      GVariant  *args,
                      gpointer   user_data)
{
  AtelierComposer *self = ATELIER_COMPOSER (gtk_widget_get_ancestor (widget, ATELIER_TYPE_COMPOSER));

  atelier_composer_update_state (self);
  if (self->blocked_reason != NULL)
    {
      /* The reason is under the button, but the eyes are on the prompt: say it there too. */
      show_message (self, self->blocked_reason);
      return TRUE;
    }

  gtk_widget_activate_action (GTK_WIDGET (self), "composer.generate", NULL);
  return TRUE;
}

static void
atelier_composer_paste_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  AtelierComposer *self = ATELIER_COMPOSER (widget);

  atelier_reference_tray_paste_clipboard (self->tray, gtk_widget_get_clipboard (widget));
}

/* Model dropdown rows: the family as a header where it changes, the name, and a dim subtitle. */

static gboolean
selected_to_opacity (GBinding     *binding,
                     const GValue *from,
                     GValue       *to,
                     gpointer      user_data)
{
  g_value_set_double (to, g_value_get_boolean (from) ? 1.0 : 0.0);
  return TRUE;
}

static void
setup_model_row (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *header = gtk_label_new (NULL);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "model-family");
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_wrap (GTK_LABEL (subtitle), TRUE);
  gtk_label_set_width_chars (GTK_LABEL (subtitle), 34);
  gtk_label_set_max_width_chars (GTK_LABEL (subtitle), 40);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);

  gtk_box_append (GTK_BOX (texts), name);
  gtk_box_append (GTK_BOX (texts), subtitle);
  gtk_box_append (GTK_BOX (line), texts);
  gtk_box_append (GTK_BOX (line), check);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), line);

  g_object_bind_property_full (item, "selected", check, "opacity", G_BINDING_SYNC_CREATE,
                               selected_to_opacity, NULL, NULL, NULL);
  gtk_list_item_set_child (item, box);
}

static void
bind_model_row (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                AtelierComposer          *self)
{
  AtelierModel *model = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *header = gtk_widget_get_first_child (box);
  GtkWidget *line = gtk_widget_get_next_sibling (header);
  GtkWidget *texts = gtk_widget_get_first_child (line);
  GtkWidget *name = gtk_widget_get_first_child (texts);
  GtkWidget *subtitle = gtk_widget_get_next_sibling (name);
  guint position = gtk_list_item_get_position (item);
  g_autoptr(AtelierModel) previous = NULL;
  g_autofree char *price = atelier_model_dup_price_summary (model);
  g_autofree char *details = NULL;
  const char *best_for = atelier_model_get_best_for (model);

  if (position > 0 && position != GTK_INVALID_LIST_POSITION)
    previous = g_list_model_get_item (self->models, position - 1);

  gtk_label_set_label (GTK_LABEL (header), atelier_model_get_family_name (model));
  gtk_widget_set_visible (header, previous == NULL ||
                          atelier_model_get_family (previous) != atelier_model_get_family (model));
  gtk_label_set_label (GTK_LABEL (name), atelier_model_get_name (model));

  if (best_for != NULL && *best_for != '\0')
    details = g_strdup_printf ("%s · %s", best_for, price);
  else
    details = g_strdup (price);
  gtk_label_set_label (GTK_LABEL (subtitle), details);
}

static void
setup_model_button (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bind_model_button (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  AtelierModel *model = gtk_list_item_get_item (item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), atelier_model_get_name (model));
}

static gboolean
filter_hosted (gpointer item,
               gpointer user_data)
{
  return atelier_model_is_hosted (ATELIER_MODEL (item));
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
  g_clear_pointer (&self->last_message, g_free);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  forget_carried_mask (self);
  g_clear_object (&self->last_toast);
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

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fluxatelier/Atelier/ui/atelier-composer.ui");
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, child);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, scroller);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, prompt_view);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, prompt_placeholder);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, tray);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, mask_editor);
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
  gtk_widget_class_bind_template_callback (widget_class, on_mask_editor_source);
  gtk_widget_class_bind_template_callback (widget_class, on_mask_editor_ready);
  gtk_widget_class_bind_template_callback (widget_class, on_prompt_paste_clipboard);
  gtk_widget_class_bind_template_callback (widget_class, on_new_seed_clicked);

  gtk_widget_class_install_action (widget_class, "composer.generate", NULL, atelier_composer_generate_action);
  gtk_widget_class_install_action (widget_class, "composer.paste", NULL, atelier_composer_paste_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK, "composer.paste", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "composer");
}

static void
atelier_composer_init (AtelierComposer *self)
{
  g_autoptr(GtkListItemFactory) row_factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkListItemFactory) button_factory = gtk_signal_list_item_factory_new ();
  GtkEventController *shortcuts;
  GtkCustomFilter *filter;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->recipe = atelier_recipe_new ();
  self->param_rows = g_ptr_array_new ();
  self->megapixels = g_array_new (FALSE, TRUE, sizeof (double));
  self->cancellable = g_cancellable_new ();
  attach_prompt_drop (self);

  /* Ctrl+Enter must win over the prompt's own Enter handling: catch it on the way down, and
   * never let it fall through as a new line when Generate is not possible. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
                                                                                       gtk_keyval_trigger_new (GDK_KEY_KP_Enter, GDK_CONTROL_MASK)),
                                                          gtk_callback_action_new (on_generate_shortcut, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  g_signal_connect (button_factory, "setup", G_CALLBACK (setup_model_button), NULL);
  g_signal_connect (button_factory, "bind", G_CALLBACK (bind_model_button), NULL);
  g_signal_connect (row_factory, "setup", G_CALLBACK (setup_model_row), NULL);
  g_signal_connect (row_factory, "bind", G_CALLBACK (bind_model_row), self);
  gtk_drop_down_set_factory (self->model_dropdown, button_factory);
  gtk_drop_down_set_list_factory (self->model_dropdown, row_factory);

  filter = gtk_custom_filter_new (filter_hosted, NULL, NULL);
  self->models = G_LIST_MODEL (gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (atelier_catalog_get_default ())),
                                                          GTK_FILTER (filter)));
  gtk_drop_down_set_model (self->model_dropdown, self->models);

  g_signal_connect_object (gtk_text_view_get_buffer (self->prompt_view), "changed",
                           G_CALLBACK (on_prompt_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model_dropdown, "notify::selected",
                           G_CALLBACK (on_model_selected), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->region_dropdown, "notify::selected",
                           G_CALLBACK (on_region_selected), self, G_CONNECT_SWAPPED);
  atelier_composer_init_settings (self);
  g_signal_connect_object (self->random_seed_switch, "notify::active",
                           G_CALLBACK (on_random_seed_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->seed_adjustment, "value-changed",
                           G_CALLBACK (apply_seed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->batch_adjustment, "value-changed",
                           G_CALLBACK (on_batch_changed), self, G_CONNECT_SWAPPED);

  on_model_selected (self);
}

/* Public */

static guint64
reference_cap_pixels (GSettings *settings)
{
  g_autofree char *cap = g_settings_get_string (settings, "reference-cap");

  if (g_str_equal (cap, "original"))
    return 0;
  if (g_str_equal (cap, "2mp"))
    return 2u * 1024u * 1024u;
  if (g_str_equal (cap, "1mp"))
    return 1u * 1024u * 1024u;
  return 4u * 1024u * 1024u;
}

static void
on_reference_cap_changed (AtelierComposer *self)
{
  guint64 cap = reference_cap_pixels (self->settings);
  AtelierReference *mask = atelier_mask_editor_get_mask_reference (self->mask_editor);

  /* Slot 1 is about to be prepared again: what is painted on it must not be lost. */
  if (uses_mask_editor (self) && mask != NULL && self->carry_cancellable == NULL)
    {
      g_set_object (&self->carried_source, atelier_mask_editor_get_source (self->mask_editor));
      g_set_object (&self->carried_mask, mask);
    }

  atelier_mask_editor_set_max_pixels (self->mask_editor, cap);
  atelier_reference_tray_set_max_pixels (self->tray, cap);
}

/* New defaults from Preferences replace what the model rows hold now. */
static void
on_default_param_changed (AtelierComposer *self,
                          const char      *key)
{
  atelier_recipe_unset_param (self->recipe, g_str_equal (key, "safety-tolerance") ? "safety_tolerance" : "output_format");
  if (self->model != NULL)
    atelier_composer_rebuild_params (self);
  atelier_composer_update_state (self);
}

static void
on_has_key_changed (AtelierComposer *self)
{
  atelier_composer_update_state (self);
}

void
atelier_composer_bind (AtelierComposer    *self,
                       AtelierApplication *application)
{
  g_autofree char *model_id = NULL;
  g_autofree char *region = NULL;
  const char *endpoint;
  guint position;

  g_return_if_fail (ATELIER_IS_COMPOSER (self));
  g_return_if_fail (ATELIER_IS_APPLICATION (application));

  self->application = application;
  g_set_object (&self->settings, atelier_application_get_settings (application));
  g_set_object (&self->client, atelier_application_get_client (application));
  g_set_object (&self->engine, atelier_application_get_engine (application));

  atelier_reference_tray_set_client (self->tray, self->client);
  on_reference_cap_changed (self);
  g_signal_connect_object (self->settings, "changed::reference-cap",
                           G_CALLBACK (on_reference_cap_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::safety-tolerance",
                           G_CALLBACK (on_default_param_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::output-format",
                           G_CALLBACK (on_default_param_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->client, "notify::has-key",
                           G_CALLBACK (on_has_key_changed), self, G_CONNECT_SWAPPED);

  g_settings_bind (self->settings, "batch-size", self->batch_adjustment, "value", G_SETTINGS_BIND_DEFAULT);

  self->updating++;
  region = g_settings_get_string (self->settings, "region");
  gtk_drop_down_set_selected (self->region_dropdown, atelier_region_from_string (region));
  atelier_recipe_set_region (self->recipe, atelier_region_from_string (region));
  self->updating--;

  endpoint = atelier_client_get_endpoint (self->client);
  gtk_widget_set_visible (GTK_WIDGET (self->region_row), endpoint == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->endpoint_row), endpoint != NULL);
  if (endpoint != NULL)
    adw_action_row_set_subtitle (self->endpoint_row, endpoint);

  model_id = g_settings_get_string (self->settings, "model");
  position = find_model_position (self, model_id);
  self->updating++;
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_drop_down_set_selected (self->model_dropdown, position);
  self->updating--;

  /* Rebuild the model's rows even when the model did not change: now the settings' defaults
   * (safety tolerance, output format) are known. */
  g_clear_object (&self->model);
  on_model_selected (self);
  apply_seed (self);
  atelier_composer_update_state (self);
}

void
atelier_composer_add_files (AtelierComposer  *self,
                            GFile           **files,
                            guint             n_files)
{
  g_return_if_fail (ATELIER_IS_COMPOSER (self));

  atelier_reference_tray_add_files (self->tray, files, n_files, ATELIER_REFERENCE_TRAY_APPEND);
}

void
atelier_composer_apply_recipe (AtelierComposer *self,
                               AtelierRecipe   *recipe)
{
  g_autoptr(GPtrArray) refs = g_ptr_array_new ();
  g_autoptr(AtelierRecipe) copy = NULL;
  g_auto(GStrv) names = NULL;
  AtelierSizeMode mode;
  guint position;
  gint64 seed;

  g_return_if_fail (ATELIER_IS_COMPOSER (self));
  g_return_if_fail (ATELIER_IS_RECIPE (recipe));

  /* Read from a copy: rebuilding the controls writes into self->recipe as it goes. */
  copy = atelier_recipe_copy (recipe);

  position = find_model_position (self, atelier_recipe_get_model_id (copy));
  if (position != GTK_INVALID_LIST_POSITION)
    {
      /* Carry the params over first so the rebuilt rows show them. */
      names = atelier_recipe_dup_param_names (copy);
      for (guint i = 0; names[i] != NULL; i++)
        {
          AtelierModel *model = atelier_catalog_lookup (atelier_catalog_get_default (),
                                                        atelier_recipe_get_model_id (copy));
          const AtelierParam *param = model != NULL ? atelier_model_lookup_param (model, names[i]) : NULL;

          if (param == NULL)
            continue;
          if (param->type == ATELIER_PARAM_BOOL)
            atelier_recipe_set_bool (self->recipe, names[i], atelier_recipe_get_bool (copy, names[i], FALSE));
          else if (param->type == ATELIER_PARAM_CHOICE)
            atelier_recipe_set_choice (self->recipe, names[i], atelier_recipe_get_choice (copy, names[i], NULL));
          else
            atelier_recipe_set_number (self->recipe, names[i], atelier_recipe_get_number (copy, names[i], 0));
        }
      atelier_recipe_set_aspect_ratio (self->recipe, atelier_recipe_get_aspect_ratio (copy));

      gtk_drop_down_set_selected (self->model_dropdown, position);
      g_clear_object (&self->model);
      on_model_selected (self);
    }

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->prompt_view),
                            atelier_recipe_get_prompt (copy), -1);

  if (self->endpoint_row != NULL && !gtk_widget_get_visible (GTK_WIDGET (self->endpoint_row)))
    gtk_drop_down_set_selected (self->region_dropdown, atelier_recipe_get_region (copy));

  mode = self->model != NULL ? atelier_model_get_size_mode (self->model) : ATELIER_SIZE_MODE_NONE;
  if (mode == ATELIER_SIZE_MODE_WIDTH_HEIGHT)
    {
      guint width = atelier_recipe_get_width (copy);
      guint height = atelier_recipe_get_height (copy);
      const char *key = width == 0 || height == 0 ? ASPECT_MATCH : ASPECT_CUSTOM;

      self->updating++;
      gtk_adjustment_set_value (self->width_adjustment, width);
      gtk_adjustment_set_value (self->height_adjustment, height);
      gtk_drop_down_set_selected (self->aspect_dropdown,
                                  atelier_strv_index ((const char * const *) self->aspect_keys, key, 0));
      self->updating--;
      atelier_composer_apply_size (self);
    }
  else if (mode == ATELIER_SIZE_MODE_ASPECT_RATIO)
    {
      const char *ratio = atelier_recipe_get_aspect_ratio (copy);

      if (ratio != NULL && self->aspect_keys != NULL)
        gtk_drop_down_set_selected (self->aspect_dropdown,
                                    atelier_strv_index ((const char * const *) self->aspect_keys, ratio,
                                                gtk_drop_down_get_selected (self->aspect_dropdown)));
    }

  seed = atelier_recipe_get_seed (copy);
  self->updating++;
  if (seed != ATELIER_SEED_RANDOM)
    gtk_adjustment_set_value (self->seed_adjustment, (double) seed);
  gtk_switch_set_active (self->random_seed_switch, seed == ATELIER_SEED_RANDOM);
  self->updating--;
  apply_seed (self);

  for (guint i = 0; i < atelier_recipe_get_n_references (copy); i++)
    g_ptr_array_add (refs, atelier_recipe_get_reference (copy, i));
  forget_carried_mask (self);
  atelier_reference_tray_set_references (self->tray, (AtelierReference * const *) refs->pdata, refs->len);
  /* Fill: the image and the mask painted on it come back together. */
  if (uses_mask_editor (self))
    atelier_mask_editor_set_source_and_mask (self->mask_editor, refs->len > 0 ? refs->pdata[0] : NULL,
                                             atelier_recipe_get_mask (copy));

  atelier_composer_update_state (self);
}

/* Private (tests) */

void
atelier_composer_drop_files (AtelierComposer  *self,
                             GFile           **files,
                             guint             n_files,
                             guint             slot)
{
  g_return_if_fail (ATELIER_IS_COMPOSER (self));
  atelier_reference_tray_add_files (self->tray, files, n_files, slot);
}

AtelierReferenceSlot *
atelier_composer_get_slot (AtelierComposer *self,
                           guint            index)
{
  g_return_val_if_fail (ATELIER_IS_COMPOSER (self), NULL);
  return ATELIER_REFERENCE_SLOT (atelier_reference_tray_get_slot (self->tray, index));
}

AtelierReferenceTray *
atelier_composer_get_tray (AtelierComposer *self)
{
  g_return_val_if_fail (ATELIER_IS_COMPOSER (self), NULL);
  return self->tray;
}

AtelierRecipe *
atelier_composer_get_recipe (AtelierComposer *self)
{
  g_return_val_if_fail (ATELIER_IS_COMPOSER (self), NULL);
  return self->recipe;
}

gboolean
atelier_composer_select_model (AtelierComposer *self,
                               const char      *model_id)
{
  guint position;

  g_return_val_if_fail (ATELIER_IS_COMPOSER (self), FALSE);

  position = find_model_position (self, model_id);
  if (position == GTK_INVALID_LIST_POSITION)
    return FALSE;

  gtk_drop_down_set_selected (self->model_dropdown, position);
  return TRUE;
}

gboolean
atelier_composer_set_size_preset (AtelierComposer *self,
                                  const char      *aspect,
                                  double           megapixels)
{
  guint aspect_index, best = 0;

  g_return_val_if_fail (ATELIER_IS_COMPOSER (self), FALSE);

  aspect_index = atelier_strv_index ((const char * const *) self->aspect_keys, aspect, G_MAXUINT);
  if (aspect_index == G_MAXUINT || self->megapixels->len == 0)
    return FALSE;

  for (guint i = 0; i < self->megapixels->len; i++)
    if (fabs (g_array_index (self->megapixels, double, i) - megapixels) <
        fabs (g_array_index (self->megapixels, double, best) - megapixels))
      best = i;

  gtk_drop_down_set_selected (self->aspect_dropdown, aspect_index);
  gtk_drop_down_set_selected (self->resolution_dropdown, best);
  return g_array_index (self->megapixels, double, best) == megapixels;
}

const char *
atelier_composer_get_cost_text (AtelierComposer *self)
{
  g_return_val_if_fail (ATELIER_IS_COMPOSER (self), NULL);
  return gtk_label_get_label (self->cost_label);
}

const char *
atelier_composer_get_blocked_reason (AtelierComposer *self)
{
  g_return_val_if_fail (ATELIER_IS_COMPOSER (self), NULL);
  return self->blocked_reason;
}

AdwToast *
atelier_composer_get_last_toast (AtelierComposer *self)
{
  g_return_val_if_fail (ATELIER_IS_COMPOSER (self), NULL);
  return self->last_toast;
}

AtelierMaskEditor *
atelier_composer_get_mask_editor (AtelierComposer *self)
{
  g_return_val_if_fail (ATELIER_IS_COMPOSER (self), NULL);
  return self->mask_editor;
}

const char *
atelier_composer_get_last_message (AtelierComposer *self)
{
  g_return_val_if_fail (ATELIER_IS_COMPOSER (self), NULL);
  return self->last_message;
}

GtkTextView *
atelier_composer_get_prompt_view (AtelierComposer *self)
{
  g_return_val_if_fail (ATELIER_IS_COMPOSER (self), NULL);
  return self->prompt_view;
}
