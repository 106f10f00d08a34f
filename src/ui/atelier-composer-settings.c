/* atelier-composer-settings.c — size, the model's own settings, a recipe restored into them
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

static const char * const aspect_presets[] = {
  "1:1", "4:3", "3:4", "3:2", "2:3", "16:9", "9:16", "21:9", NULL
};

static const double megapixel_presets[] = { 0.25, 0.5, 1, 2, 4 };

/* Size */

static gboolean
parse_ratio (const char *ratio,
             double     *w,
             double     *h)
{
  g_auto(GStrv) parts = NULL;

  if (ratio == NULL)
    return FALSE;

  parts = g_strsplit (ratio, ":", 2);
  if (g_strv_length (parts) != 2)
    return FALSE;

  *w = g_ascii_strtod (parts[0], NULL);
  *h = g_ascii_strtod (parts[1], NULL);
  return *w > 0 && *h > 0;
}

static guint
snap (AtelierModel *model,
      double        value)
{
  guint step = MAX (1, atelier_model_get_size_step (model));
  guint min = atelier_model_get_min_size (model);
  guint max = atelier_model_get_max_size (model);
  guint snapped = (guint) (round (value / step) * step);

  if (max > 0)
    snapped = MIN (snapped, max - max % step);
  snapped = MAX (snapped, min);
  snapped = MAX (snapped, step);

  return snapped;
}

static guint64
max_pixels_of (AtelierModel *model)
{
  guint64 max_pixels = atelier_model_get_max_pixels (model);
  guint64 max_side = atelier_model_get_max_size (model);

  if (max_pixels == 0)
    max_pixels = max_side * max_side;
  return max_pixels;
}

/* The largest size of this ratio the model takes that stays within the megapixels asked for:
 * BFL bills whole megapixels, rounded up, so "2 MP" must not become 2.02 MP. */
static void
size_for_preset (AtelierModel *model,
                 double        ratio_w,
                 double        ratio_h,
                 double        megapixels,
                 guint        *width,
                 guint        *height)
{
  double pixels = megapixels * MEGAPIXEL;
  guint64 max_pixels = max_pixels_of (model);
  guint64 limit = max_pixels > 0 ? MIN ((guint64) pixels, max_pixels) : (guint64) pixels;
  guint step = MAX (1, atelier_model_get_size_step (model));
  guint min = MAX (step, atelier_model_get_min_size (model));
  double w = sqrt (pixels * ratio_w / ratio_h);
  guint sw, sh;

  sw = snap (model, w);
  sh = snap (model, w * ratio_h / ratio_w);

  while ((guint64) sw * sh > limit && (sw > min || sh > min))
    {
      /* Shrink the side that keeps the ratio closest. */
      if ((sw > min && (double) (sw - step) / sh >= ratio_w / ratio_h) || sh <= min)
        sw -= step;
      else
        sh -= step;
    }

  *width = sw;
  *height = sh;
}

const char *
_atelier_composer_get_aspect_key (AtelierComposer *self)
{
  guint selected = gtk_drop_down_get_selected (self->aspect_dropdown);

  if (self->aspect_keys == NULL || selected >= g_strv_length (self->aspect_keys))
    return NULL;
  return self->aspect_keys[selected];
}

static double
selected_megapixels (AtelierComposer *self)
{
  guint selected = gtk_drop_down_get_selected (self->resolution_dropdown);

  if (self->megapixels == NULL || selected >= self->megapixels->len)
    return 1;
  return g_array_index (self->megapixels, double, selected);
}

/* Writes the chosen size into the recipe. */
void
_atelier_composer_apply_size (AtelierComposer *self)
{
  AtelierSizeMode mode;
  const char *key;

  if (self->model == NULL)
    return;

  mode = atelier_model_get_size_mode (self->model);
  key = _atelier_composer_get_aspect_key (self);

  self->updating++;

  if (mode == ATELIER_SIZE_MODE_WIDTH_HEIGHT)
    {
      gboolean custom = g_strcmp0 (key, ASPECT_CUSTOM) == 0;
      gboolean match = g_strcmp0 (key, ASPECT_MATCH) == 0;
      double rw, rh;

      gtk_widget_set_visible (GTK_WIDGET (self->resolution_row), !custom && !match);
      gtk_widget_set_visible (GTK_WIDGET (self->width_row), custom);
      gtk_widget_set_visible (GTK_WIDGET (self->height_row), custom);

      if (match)
        {
          atelier_recipe_set_size (self->recipe, 0, 0);
        }
      else if (custom)
        {
          guint w = snap (self->model, gtk_adjustment_get_value (self->width_adjustment));
          guint h = snap (self->model, gtk_adjustment_get_value (self->height_adjustment));

          gtk_adjustment_set_value (self->width_adjustment, w);
          gtk_adjustment_set_value (self->height_adjustment, h);
          atelier_recipe_set_size (self->recipe, w, h);
        }
      else if (parse_ratio (key, &rw, &rh))
        {
          guint w, h;

          size_for_preset (self->model, rw, rh, selected_megapixels (self), &w, &h);
          gtk_adjustment_set_value (self->width_adjustment, w);
          gtk_adjustment_set_value (self->height_adjustment, h);
          atelier_recipe_set_size (self->recipe, w, h);
        }
    }
  else if (mode == ATELIER_SIZE_MODE_ASPECT_RATIO)
    {
      atelier_recipe_set_aspect_ratio (self->recipe, key);
    }

  self->updating--;
}

static void
set_string_list (GtkDropDown        *dropdown,
                 const char * const *items)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (items);

  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (list));
}

guint
_atelier_composer_strv_index (const char * const *strv,
                              const char         *value,
                              guint               fallback)
{
  if (strv == NULL || value == NULL)
    return fallback;

  for (guint i = 0; strv[i] != NULL; i++)
    if (g_str_equal (strv[i], value))
      return i;

  return fallback;
}

/* Rebuilds the size controls for the current model, keeping the user's choice where it fits. */
void
_atelier_composer_rebuild_size (AtelierComposer *self)
{
  AtelierSizeMode mode = atelier_model_get_size_mode (self->model);
  g_autofree char *previous_key = g_strdup (_atelier_composer_get_aspect_key (self));
  double previous_mp = selected_megapixels (self);

  self->updating++;

  gtk_widget_set_visible (GTK_WIDGET (self->size_group), mode != ATELIER_SIZE_MODE_NONE);
  gtk_widget_set_visible (GTK_WIDGET (self->aspect_row),
                          mode == ATELIER_SIZE_MODE_WIDTH_HEIGHT || mode == ATELIER_SIZE_MODE_ASPECT_RATIO);
  gtk_widget_set_visible (GTK_WIDGET (self->resolution_row), mode == ATELIER_SIZE_MODE_WIDTH_HEIGHT);
  gtk_widget_set_visible (GTK_WIDGET (self->width_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->height_row), FALSE);
  adw_preferences_group_set_description (self->size_group,
                                         mode == ATELIER_SIZE_MODE_FROM_IMAGE ? _("The same as the source image") : NULL);

  g_clear_pointer (&self->aspect_keys, g_strfreev);

  if (mode == ATELIER_SIZE_MODE_WIDTH_HEIGHT)
    {
      g_autoptr(GStrvBuilder) keys = g_strv_builder_new ();
      g_autoptr(GPtrArray) labels = g_ptr_array_new ();
      g_autoptr(GPtrArray) mp_labels = g_ptr_array_new_with_free_func (g_free);
      guint64 max_pixels = max_pixels_of (self->model);
      guint step = MAX (1, atelier_model_get_size_step (self->model));
      guint selected_mp = 0;
      double best_distance = G_MAXDOUBLE;

      for (guint i = 0; aspect_presets[i] != NULL; i++)
        {
          g_strv_builder_add (keys, aspect_presets[i]);
          g_ptr_array_add (labels, (gpointer) aspect_presets[i]);
        }
      g_strv_builder_add (keys, ASPECT_CUSTOM);
      g_ptr_array_add (labels, _("Custom"));
      if (atelier_model_get_ref_mode (self->model) == ATELIER_REF_MODE_INPUT_IMAGES)
        {
          g_strv_builder_add (keys, ASPECT_MATCH);
          g_ptr_array_add (labels, _("Match first reference"));
        }
      g_ptr_array_add (labels, NULL);
      self->aspect_keys = g_strv_builder_end (keys);
      set_string_list (self->aspect_dropdown, (const char * const *) labels->pdata);
      gtk_drop_down_set_selected (self->aspect_dropdown,
                                  _atelier_composer_strv_index ((const char * const *) self->aspect_keys, previous_key, 0));

      g_array_set_size (self->megapixels, 0);
      for (guint i = 0; i < G_N_ELEMENTS (megapixel_presets); i++)
        {
          double mp = megapixel_presets[i];
          double distance;

          if (max_pixels > 0 && mp * MEGAPIXEL > max_pixels * 1.0001 && self->megapixels->len > 0)
            continue;

          distance = fabs (mp - previous_mp);
          if (distance < best_distance)
            {
              best_distance = distance;
              selected_mp = self->megapixels->len;
            }
          g_array_append_val (self->megapixels, mp);
          /* TRANSLATORS: megapixels, e.g. "0.25 MP" */
          g_ptr_array_add (mp_labels, g_strdup_printf (_("%g MP"), mp));
        }
      g_ptr_array_add (mp_labels, NULL);
      set_string_list (self->resolution_dropdown, (const char * const *) mp_labels->pdata);
      gtk_drop_down_set_selected (self->resolution_dropdown, selected_mp);

      gtk_adjustment_configure (self->width_adjustment,
                                gtk_adjustment_get_value (self->width_adjustment),
                                atelier_model_get_min_size (self->model),
                                atelier_model_get_max_size (self->model),
                                step, step * 8, 0);
      gtk_adjustment_configure (self->height_adjustment,
                                gtk_adjustment_get_value (self->height_adjustment),
                                atelier_model_get_min_size (self->model),
                                atelier_model_get_max_size (self->model),
                                step, step * 8, 0);
    }
  else if (mode == ATELIER_SIZE_MODE_ASPECT_RATIO)
    {
      const char * const *choices = atelier_model_get_aspect_choices (self->model);
      const char *wanted = atelier_recipe_get_aspect_ratio (self->recipe);
      guint fallback;

      self->aspect_keys = g_strdupv ((char **) choices);
      set_string_list (self->aspect_dropdown, choices);
      fallback = _atelier_composer_strv_index (choices, atelier_model_get_default_aspect (self->model), 0);
      if (_atelier_composer_strv_index (choices, previous_key, G_MAXUINT) != G_MAXUINT)
        wanted = previous_key;
      gtk_drop_down_set_selected (self->aspect_dropdown, _atelier_composer_strv_index (choices, wanted, fallback));
    }

  self->updating--;

  _atelier_composer_apply_size (self);
}

static void
on_aspect_selected (AtelierComposer *self)
{
  if (self->updating)
    return;

  _atelier_composer_apply_size (self);
  _atelier_composer_update_state (self);
}

static void
on_size_adjustment_changed (AtelierComposer *self)
{
  if (self->updating)
    return;

  _atelier_composer_apply_size (self);
  _atelier_composer_update_state (self);
}

/* Model-specific settings */

static const char *
param_choice_label (const char *choice)
{
  if (g_str_equal (choice, "jpeg"))
    return "JPEG";
  if (g_str_equal (choice, "png"))
    return "PNG";
  if (g_str_equal (choice, "webp"))
    return "WebP";
  return choice;
}

static void
on_param_number_changed (GtkAdjustment   *adjustment,
                         AtelierComposer *self)
{
  const char *name = g_object_get_data (G_OBJECT (adjustment), "param-name");

  if (self->updating)
    return;

  atelier_recipe_set_number (self->recipe, name, gtk_adjustment_get_value (adjustment));
  _atelier_composer_update_state (self);
}

static void
on_param_bool_changed (GtkSwitch       *toggle,
                       GParamSpec      *pspec,
                       AtelierComposer *self)
{
  const char *name = g_object_get_data (G_OBJECT (toggle), "param-name");

  if (self->updating)
    return;

  atelier_recipe_set_bool (self->recipe, name, gtk_switch_get_active (toggle));
  _atelier_composer_update_state (self);
}

static void
on_param_choice_changed (GtkDropDown     *dropdown,
                         GParamSpec      *pspec,
                         AtelierComposer *self)
{
  const AtelierParam *param;
  const char *name = g_object_get_data (G_OBJECT (dropdown), "param-name");
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->updating || self->model == NULL)
    return;

  param = atelier_model_lookup_param (self->model, name);
  if (param == NULL || param->choices == NULL || selected >= g_strv_length (param->choices))
    return;

  atelier_recipe_set_choice (self->recipe, name, param->choices[selected]);
  _atelier_composer_update_state (self);
}

static GtkWidget *
new_param_row (AtelierComposer    *self,
               const AtelierParam *param)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *control = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), param->label);
  if (param->description != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), param->description);

  switch (param->type)
    {
    case ATELIER_PARAM_INT:
    case ATELIER_PARAM_DOUBLE:
      {
        double value = param->default_number;
        double step = param->step > 0 ? param->step : (param->type == ATELIER_PARAM_INT ? 1 : 0.1);
        guint digits = 0;
        GtkAdjustment *adjustment;

        if (atelier_recipe_has_param (self->recipe, param->name))
          value = atelier_recipe_get_number (self->recipe, param->name, value);
        else if (g_str_equal (param->name, "safety_tolerance") && self->settings != NULL)
          value = g_settings_get_int (self->settings, "safety-tolerance");
        value = CLAMP (value, param->min, param->max);

        /* The safety tolerance always goes out, so the job records what it was made with. */
        if (g_str_equal (param->name, "safety_tolerance"))
          atelier_recipe_set_number (self->recipe, param->name, value);

        if (param->type == ATELIER_PARAM_DOUBLE)
          digits = step >= 1 ? 1 : step >= 0.1 ? 1 : 2;

        adjustment = gtk_adjustment_new (value, param->min, param->max, step, step * 10, 0);
        control = gtk_spin_button_new (adjustment, step, digits);
        gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (control), TRUE);
        g_object_set_data_full (G_OBJECT (adjustment), "param-name", g_strdup (param->name), g_free);
        g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (on_param_number_changed), self, 0);
        break;
      }

    case ATELIER_PARAM_BOOL:
      control = gtk_switch_new ();
      gtk_switch_set_active (GTK_SWITCH (control),
                             atelier_recipe_get_bool (self->recipe, param->name, param->default_bool));
      g_object_set_data_full (G_OBJECT (control), "param-name", g_strdup (param->name), g_free);
      g_signal_connect_object (control, "notify::active", G_CALLBACK (on_param_bool_changed), self, 0);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), control);
      break;

    case ATELIER_PARAM_CHOICE:
      {
        g_autoptr(GPtrArray) labels = g_ptr_array_new ();
        const char *value = param->default_choice;
        guint n = param->choices != NULL ? g_strv_length (param->choices) : 0;

        for (guint i = 0; i < n; i++)
          g_ptr_array_add (labels, (gpointer) param_choice_label (param->choices[i]));
        g_ptr_array_add (labels, NULL);

        if (atelier_recipe_has_param (self->recipe, param->name))
          value = atelier_recipe_get_choice (self->recipe, param->name, value);
        else if (g_str_equal (param->name, "output_format"))
          {
            g_autofree char *format = NULL;

            /* Always sent, so the file extension is known before the image arrives. */
            if (self->settings != NULL)
              format = g_settings_get_string (self->settings, "output-format");
            if (_atelier_composer_strv_index ((const char * const *) param->choices, format, G_MAXUINT) == G_MAXUINT)
              {
                g_free (format);
                format = g_strdup (param->default_choice);
              }
            atelier_recipe_set_choice (self->recipe, param->name, format);
            value = atelier_recipe_get_choice (self->recipe, param->name, param->default_choice);
          }

        control = gtk_drop_down_new_from_strings ((const char * const *) labels->pdata);
        gtk_drop_down_set_selected (GTK_DROP_DOWN (control),
                                    _atelier_composer_strv_index ((const char * const *) param->choices, value, 0));
        g_object_set_data_full (G_OBJECT (control), "param-name", g_strdup (param->name), g_free);
        g_signal_connect_object (control, "notify::selected", G_CALLBACK (on_param_choice_changed), self, 0);
        adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), control);
        break;
      }

    default:
      g_assert_not_reached ();
    }

  gtk_widget_set_valign (control, GTK_ALIGN_CENTER);
  /* A row's activatable widget is already labelled by the row's title; GTK 4.8 would read an
   * own label as well ("Output format Output format"). */
  if (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row)) != control)
    gtk_accessible_update_property (GTK_ACCESSIBLE (control),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, param->label,
                                    -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), control);

  return row;
}

void
_atelier_composer_rebuild_params (AtelierComposer *self)
{
  g_autoptr(GString) summary = g_string_new (_("Seed"));
  g_auto(GStrv) names = NULL;

  self->updating++;

  for (guint i = 0; i < self->param_rows->len; i++)
    adw_expander_row_remove (self->advanced_row, g_ptr_array_index (self->param_rows, i));
  g_ptr_array_set_size (self->param_rows, 0);

  /* Fields the new model does not have must not reach its request. */
  names = atelier_recipe_dup_param_names (self->recipe);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    if (atelier_model_lookup_param (self->model, names[i]) == NULL)
      atelier_recipe_unset_param (self->recipe, names[i]);

  for (guint i = 0; i < atelier_model_get_n_params (self->model); i++)
    {
      const AtelierParam *param = atelier_model_get_param (self->model, i);
      GtkWidget *row = new_param_row (self, param);

      adw_expander_row_add_row (self->advanced_row, row);
      g_ptr_array_add (self->param_rows, row);
      g_string_append_printf (summary, ", %s", param->label);
    }

  adw_expander_row_set_subtitle (self->advanced_row, summary->str);

  self->updating--;
}

void
_atelier_composer_init_settings (AtelierComposer *self)
{
  g_signal_connect_object (self->aspect_dropdown, "notify::selected",
                           G_CALLBACK (on_aspect_selected), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->resolution_dropdown, "notify::selected",
                           G_CALLBACK (on_aspect_selected), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->width_adjustment, "value-changed",
                           G_CALLBACK (on_size_adjustment_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->height_adjustment, "value-changed",
                           G_CALLBACK (on_size_adjustment_changed), self, G_CONNECT_SWAPPED);
}

/* Restoring a recipe */

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

  position = _atelier_composer_find_model (self, atelier_recipe_get_model_id (copy));
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
      _atelier_composer_sync_model (self);
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
                                  _atelier_composer_strv_index ((const char * const *) self->aspect_keys, key, 0));
      self->updating--;
      _atelier_composer_apply_size (self);
    }
  else if (mode == ATELIER_SIZE_MODE_ASPECT_RATIO)
    {
      const char *ratio = atelier_recipe_get_aspect_ratio (copy);

      if (ratio != NULL && self->aspect_keys != NULL)
        gtk_drop_down_set_selected (self->aspect_dropdown,
                                    _atelier_composer_strv_index ((const char * const *) self->aspect_keys, ratio,
                                                gtk_drop_down_get_selected (self->aspect_dropdown)));
    }

  atelier_recipe_set_latest_weights (self->recipe, atelier_recipe_get_latest_weights (copy));
  _atelier_composer_sync_latest_weights (self);
  _atelier_composer_restore_expand (self, copy);

  seed = atelier_recipe_get_seed (copy);
  self->updating++;
  if (seed != ATELIER_SEED_RANDOM)
    gtk_adjustment_set_value (self->seed_adjustment, (double) seed);
  gtk_switch_set_active (self->random_seed_switch, seed == ATELIER_SEED_RANDOM);
  self->updating--;
  _atelier_composer_apply_seed (self);

  for (guint i = 0; i < atelier_recipe_get_n_references (copy); i++)
    g_ptr_array_add (refs, atelier_recipe_get_reference (copy, i));
  _atelier_composer_forget_carried_mask (self);
  atelier_reference_tray_set_references (self->tray, (AtelierReference * const *) refs->pdata, refs->len);
  /* Fill: the image and the mask painted on it come back together. */
  if (_atelier_composer_uses_mask_editor (self))
    atelier_mask_editor_set_source_and_mask (self->mask_editor, refs->len > 0 ? refs->pdata[0] : NULL,
                                             atelier_recipe_get_mask (copy));

  _atelier_composer_update_state (self);
}

gboolean
_atelier_composer_set_size_preset (AtelierComposer *self,
                                   const char      *aspect,
                                   double           megapixels)
{
  guint aspect_index, best = 0;

  g_return_val_if_fail (ATELIER_IS_COMPOSER (self), FALSE);

  aspect_index = _atelier_composer_strv_index ((const char * const *) self->aspect_keys, aspect, G_MAXUINT);
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
