/* atelier-composer-expand.c — FLUX.1 Expand's sides and the latest-weights switch
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-composer-private.h"
#include "atelier-expand.h"

/* Expand: a number per side, and presets that set them so the result reaches a shape. What the
 * presets are comes from the catalog (the size's "choices"); the output size is shown live in
 * the size group's header, like every other model's. */

#define EXPAND_CUSTOM 0 /* the first preset row: the numbers as typed */

gboolean
_atelier_composer_uses_expand (AtelierComposer *self)
{
  return self->model != NULL && atelier_model_get_size_mode (self->model) == ATELIER_SIZE_MODE_EXPAND;
}

static AtelierReference *
get_source (AtelierComposer *self)
{
  if (atelier_recipe_get_n_references (self->recipe) == 0)
    return NULL;
  return atelier_recipe_get_reference (self->recipe, 0);
}

/* The numbers into the recipe. */
static void
apply_sides (AtelierComposer *self)
{
  for (guint i = 0; i < ATELIER_N_SIDES; i++)
    atelier_recipe_set_expand (self->recipe, i,
                               (guint) gtk_adjustment_get_value (self->expand_adjustments[i]));
}

static void
set_sides (AtelierComposer *self,
           const guint      sides[ATELIER_N_SIDES])
{
  self->updating++;
  for (guint i = 0; i < ATELIER_N_SIDES; i++)
    gtk_adjustment_set_value (self->expand_adjustments[i], sides[i]);
  self->updating--;
  apply_sides (self);
}

/* A preset is a shape to reach: it follows the source when another image comes in. */
static void
apply_preset (AtelierComposer *self)
{
  guint selected = gtk_drop_down_get_selected (self->expand_preset_dropdown);
  const char * const *presets = atelier_model_get_aspect_choices (self->model);
  AtelierReference *source = get_source (self);
  guint sides[ATELIER_N_SIDES] = { 0 };
  g_auto(GStrv) parts = NULL;
  guint64 ratio_w, ratio_h;

  g_clear_object (&self->expand_source);
  if (selected == EXPAND_CUSTOM || selected == GTK_INVALID_LIST_POSITION || presets == NULL
      || selected - 1 >= g_strv_length ((char **) presets))
    return;

  parts = g_strsplit (presets[selected - 1], ":", 2);
  if (source == NULL || atelier_reference_get_width (source) == 0
      || g_strv_length (parts) != 2
      || !g_ascii_string_to_unsigned (parts[0], 10, 1, 1000, &ratio_w, NULL)
      || !g_ascii_string_to_unsigned (parts[1], 10, 1, 1000, &ratio_h, NULL))
    return;

  g_set_object (&self->expand_source, source);
  if (!atelier_expand_sides_for_ratio (atelier_reference_get_width (source),
                                       atelier_reference_get_height (source),
                                       (guint) ratio_w, (guint) ratio_h,
                                       atelier_model_get_max_size (self->model), sides))
    /* TRANSLATORS: %s is an aspect ratio such as 21:9; then the most pixels per side */
    {
      g_autofree char *message = g_strdup_printf (_("This image cannot reach %s with at most %u pixels per side; the sides are set as far as they go"),
                                                  presets[selected - 1],
                                                  atelier_model_get_max_size (self->model));
      _atelier_composer_show_message (self, message);
    }
  set_sides (self, sides);
}

static void
on_expand_preset_selected (AtelierComposer *self)
{
  if (self->updating || !_atelier_composer_uses_expand (self))
    return;

  apply_preset (self);
  _atelier_composer_update_state (self);
}

static void
on_expand_side_changed (AtelierComposer *self)
{
  if (self->updating || !_atelier_composer_uses_expand (self))
    return;

  /* A number typed by hand is no longer the preset's shape. */
  self->updating++;
  gtk_drop_down_set_selected (self->expand_preset_dropdown, EXPAND_CUSTOM);
  self->updating--;
  g_clear_object (&self->expand_source);
  apply_sides (self);
  _atelier_composer_update_state (self);
}

/* Shows the Expand rows for an Expand model (with the catalog's presets), hides them otherwise. */
void
_atelier_composer_rebuild_expand (AtelierComposer *self)
{
  gboolean expand = _atelier_composer_uses_expand (self);
  g_autoptr(GtkStringList) labels = NULL;
  const char * const *presets;

  gtk_widget_set_visible (self->expand_frame_row, expand);
  gtk_widget_set_visible (GTK_WIDGET (self->expand_preset_row), expand);
  for (guint i = 0; i < ATELIER_N_SIDES; i++)
    gtk_widget_set_visible (self->expand_rows[i], expand);
  if (!expand)
    return;

  self->updating++;
  labels = gtk_string_list_new (NULL);
  gtk_string_list_append (labels, _("Custom"));
  presets = atelier_model_get_aspect_choices (self->model);
  for (guint i = 0; presets != NULL && presets[i] != NULL; i++)
    {
      /* TRANSLATORS: an Expand preset, e.g. "To 16:9" */
      g_autofree char *label = g_strdup_printf (_("To %s"), presets[i]);

      gtk_string_list_append (labels, label);
    }
  gtk_drop_down_set_model (self->expand_preset_dropdown, G_LIST_MODEL (labels));
  atelier_expand_frame_set_max_side (self->expand_frame, atelier_model_get_max_size (self->model));
  gtk_drop_down_set_selected (self->expand_preset_dropdown, EXPAND_CUSTOM);
  for (guint i = 0; i < ATELIER_N_SIDES; i++)
    {
      gtk_adjustment_set_upper (self->expand_adjustments[i], atelier_model_get_max_size (self->model));
      gtk_adjustment_set_value (self->expand_adjustments[i], atelier_recipe_get_expand (self->recipe, i));
    }
  self->updating--;
  g_clear_object (&self->expand_source);
  apply_sides (self);
}

/* A new source under a preset: the preset is worked out again for it. */
void
_atelier_composer_sync_expand (AtelierComposer *self)
{
  AtelierReference *source;

  if (!_atelier_composer_uses_expand (self))
    return;

  source = get_source (self);
  atelier_expand_frame_set_source (self->expand_frame, source);
  if (gtk_drop_down_get_selected (self->expand_preset_dropdown) == EXPAND_CUSTOM)
    return;

  if (source != NULL && source != self->expand_source)
    apply_preset (self);
}

/* Reuse settings: the numbers exactly as they were sent. */
void
_atelier_composer_restore_expand (AtelierComposer *self,
                                 AtelierRecipe   *recipe)
{
  guint sides[ATELIER_N_SIDES];

  if (!_atelier_composer_uses_expand (self))
    return;

  for (guint i = 0; i < ATELIER_N_SIDES; i++)
    sides[i] = atelier_recipe_get_expand (recipe, i);
  self->updating++;
  gtk_drop_down_set_selected (self->expand_preset_dropdown, EXPAND_CUSTOM);
  self->updating--;
  g_clear_object (&self->expand_source);
  set_sides (self, sides);
}

gboolean
_atelier_composer_set_expand_preset (AtelierComposer *self,
                                    const char      *ratio)
{
  const char * const *presets;
  guint index;

  g_return_val_if_fail (ATELIER_IS_COMPOSER (self), FALSE);

  if (!_atelier_composer_uses_expand (self))
    return FALSE;
  presets = atelier_model_get_aspect_choices (self->model);
  index = _atelier_composer_strv_index (presets, ratio, G_MAXUINT);
  if (index == G_MAXUINT)
    return FALSE;
  gtk_drop_down_set_selected (self->expand_preset_dropdown, index + 1);
  return TRUE;
}

void
_atelier_composer_set_expand_side (AtelierComposer *self,
                                  AtelierSide      side,
                                  guint            pixels)
{
  g_return_if_fail (ATELIER_IS_COMPOSER (self));
  g_return_if_fail ((guint) side < ATELIER_N_SIDES);

  gtk_adjustment_set_value (self->expand_adjustments[side], pixels);
}

void
atelier_composer_expand_picture (AtelierComposer *self,
                                 GFile           *file)
{
  g_autofree char *expand_id = NULL;

  g_return_if_fail (ATELIER_IS_COMPOSER (self));
  g_return_if_fail (G_IS_FILE (file));

  /* The catalog says which model expands: the first whose size is made of added sides. */
  for (guint i = 0; self->models != NULL && i < g_list_model_get_n_items (self->models) && expand_id == NULL; i++)
    {
      g_autoptr(AtelierModel) model = g_list_model_get_item (self->models, i);

      if (atelier_model_get_size_mode (model) == ATELIER_SIZE_MODE_EXPAND)
        expand_id = g_strdup (atelier_model_get_id (model));
    }
  if (expand_id == NULL || !_atelier_composer_select_model (self, expand_id))
    {
      _atelier_composer_show_message (self, _("No model in the catalog can expand a picture"));
      return;
    }
  /* Inserted before the others: they move along and stay, marked not sent, for later. */
  atelier_reference_tray_add_files (self->tray, &file, 1, 0);
}

/* The latest weights: offered only where the catalog names a preview endpoint. */

void
_atelier_composer_sync_latest_weights (AtelierComposer *self)
{
  gboolean offered = self->model != NULL && atelier_model_get_preview_path (self->model) != NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->latest_weights_row), offered);
  self->updating++;
  gtk_switch_set_active (self->latest_weights_switch, atelier_recipe_get_latest_weights (self->recipe));
  self->updating--;
}

static void
on_latest_weights_changed (AtelierComposer *self)
{
  atelier_recipe_set_latest_weights (self->recipe, gtk_switch_get_active (self->latest_weights_switch));
  if (!self->updating)
    _atelier_composer_update_state (self);
}

/* The frame's handles and the number fields are one value each. */
void
_atelier_composer_init_expand (AtelierComposer *self)
{
  static const char * const names[] = { "top", "bottom", "left", "right" };

  for (guint i = 0; i < ATELIER_N_SIDES; i++)
    g_object_bind_property (self->expand_frame, names[i], self->expand_adjustments[i], "value",
                            G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
}

void
_atelier_composer_class_init_expand (GtkWidgetClass *widget_class)
{
  g_type_ensure (ATELIER_TYPE_EXPAND_FRAME);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, expand_frame_row);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, expand_frame);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, latest_weights_row);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, latest_weights_switch);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, expand_preset_row);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, expand_preset_dropdown);
  gtk_widget_class_bind_template_child_full (widget_class, "expand_top_row", FALSE,
                                             G_STRUCT_OFFSET (AtelierComposer, expand_rows[ATELIER_SIDE_TOP]));
  gtk_widget_class_bind_template_child_full (widget_class, "expand_bottom_row", FALSE,
                                             G_STRUCT_OFFSET (AtelierComposer, expand_rows[ATELIER_SIDE_BOTTOM]));
  gtk_widget_class_bind_template_child_full (widget_class, "expand_left_row", FALSE,
                                             G_STRUCT_OFFSET (AtelierComposer, expand_rows[ATELIER_SIDE_LEFT]));
  gtk_widget_class_bind_template_child_full (widget_class, "expand_right_row", FALSE,
                                             G_STRUCT_OFFSET (AtelierComposer, expand_rows[ATELIER_SIDE_RIGHT]));
  gtk_widget_class_bind_template_child_full (widget_class, "expand_top_adjustment", FALSE,
                                             G_STRUCT_OFFSET (AtelierComposer, expand_adjustments[ATELIER_SIDE_TOP]));
  gtk_widget_class_bind_template_child_full (widget_class, "expand_bottom_adjustment", FALSE,
                                             G_STRUCT_OFFSET (AtelierComposer, expand_adjustments[ATELIER_SIDE_BOTTOM]));
  gtk_widget_class_bind_template_child_full (widget_class, "expand_left_adjustment", FALSE,
                                             G_STRUCT_OFFSET (AtelierComposer, expand_adjustments[ATELIER_SIDE_LEFT]));
  gtk_widget_class_bind_template_child_full (widget_class, "expand_right_adjustment", FALSE,
                                             G_STRUCT_OFFSET (AtelierComposer, expand_adjustments[ATELIER_SIDE_RIGHT]));
  gtk_widget_class_bind_template_callback (widget_class, on_expand_preset_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_expand_side_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_latest_weights_changed);
}
