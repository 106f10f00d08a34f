/* atelier-composer-vary.c — Vary: seeds, models or prompt variants in one Generate, and where a
 * Generate comes from
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-catalog.h"
#include "atelier-composer-private.h"
#include "atelier-error.h"
#include "atelier-job.h"
#include "atelier-variations.h"

/* Fill and Expand edit one source picture: comparing models means text-to-image and references. */
static gboolean
model_can_vary (AtelierModel *model)
{
  AtelierRefMode mode = atelier_model_get_ref_mode (model);

  return atelier_model_is_hosted (model) &&
         mode != ATELIER_REF_MODE_IMAGE_MASK && mode != ATELIER_REF_MODE_IMAGE;
}

static guint
get_batch (AtelierComposer *self)
{
  return (guint) CLAMP (gtk_adjustment_get_value (self->batch_adjustment), 1, 8);
}

VaryKind
_atelier_composer_get_vary (AtelierComposer *self)
{
  guint selected = adw_combo_row_get_selected (self->vary_row);

  return selected <= VARY_PROMPTS ? (VaryKind) selected : VARY_SEEDS;
}

static GStrv
dup_chosen_models (AtelierComposer *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < self->vary_checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->vary_checks, i);

      if (gtk_check_button_get_active (check))
        g_strv_builder_add (builder, g_object_get_data (G_OBJECT (check), "model-id"));
    }
  return g_strv_builder_end (builder);
}

AtelierGeneration *
_atelier_composer_make_generation (AtelierComposer  *self,
                                   AtelierRecipe    *recipe,
                                   GError          **error)
{
  g_autoptr(AtelierGeneration) generation = NULL;
  guint batch = get_batch (self);

  switch (_atelier_composer_get_vary (self))
    {
    case VARY_MODELS:
      {
        g_auto(GStrv) models = dup_chosen_models (self);

        if (self->model != NULL && !model_can_vary (self->model))
          {
            g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_VALIDATION,
                         _("%s edits one picture: choose a text or reference model to compare models"),
                         atelier_model_get_name (self->model));
            return NULL;
          }
        generation = atelier_generation_new_models (recipe, (const char * const *) models, batch,
                                                    atelier_catalog_get_default (), error);
      }
      break;
    case VARY_PROMPTS:
      generation = atelier_generation_new_prompts (recipe, batch, error);
      break;
    case VARY_SEEDS:
    default:
      generation = atelier_generation_new_seeds (recipe, batch);
      break;
    }
  if (generation == NULL)
    return NULL;

  for (guint i = 0; i < self->origin_ids->len; i++)
    atelier_generation_add_parent (generation, g_ptr_array_index (self->origin_ids, i),
                                   g_ptr_array_index (self->origin_relations, i));
  return g_steal_pointer (&generation);
}

static void
sync_prompts_preview (AtelierComposer *self)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) prompts = NULL;
  const char *prompt = atelier_recipe_get_prompt (self->recipe);
  guint max = MAX (ATELIER_VARIATIONS_MAX / get_batch (self), 1);

  if (!atelier_variations_expand (prompt != NULL ? prompt : "", max, &prompts, NULL, &error))
    {
      adw_expander_row_set_subtitle (self->vary_prompts_row, error->message);
      gtk_label_set_label (self->vary_prompts_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->vary_prompts_label), FALSE);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->vary_prompts_label), TRUE);
  if (!atelier_variations_has_groups (prompt))
    {
      adw_expander_row_set_subtitle (self->vary_prompts_row,
                                     _("Write alternatives in braces, as in “a {red|blue|green} fox”"));
      gtk_label_set_label (self->vary_prompts_label, prompts[0]);
      return;
    }

  {
    guint n = g_strv_length (prompts);
    g_autofree char *subtitle = NULL;
    g_autoptr(GString) list = g_string_new (NULL);

    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u prompt", "%u prompts", n), n);
    adw_expander_row_set_subtitle (self->vary_prompts_row, subtitle);
    for (guint i = 0; i < n; i++)
      g_string_append_printf (list, "%s%u. %s", i > 0 ? "\n" : "", i + 1, prompts[i]);
    gtk_label_set_label (self->vary_prompts_label, list->str);
  }
}

static void
sync_models_row (AtelierComposer *self)
{
  g_autofree char *subtitle = NULL;
  guint n_refs = atelier_recipe_get_n_references (self->recipe);
  guint n_chosen = 0;

  for (guint i = 0; i < self->vary_checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->vary_checks, i);
      AtelierModel *model = atelier_catalog_lookup (atelier_catalog_get_default (),
                                                    g_object_get_data (G_OBJECT (check), "model-id"));
      GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (check), ADW_TYPE_ACTION_ROW);
      g_autofree char *price = atelier_model_dup_price_summary (model);

      n_chosen += gtk_check_button_get_active (check);
      /* Too many references for a model: said on its row, and refused at Generate if chosen. */
      if (n_refs > atelier_model_get_max_refs (model))
        {
          g_autofree char *limit = atelier_model_get_max_refs (model) == 0
            ? g_strdup (_("Takes no references"))
            : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Takes at most %u reference",
                                            "Takes at most %u references",
                                            atelier_model_get_max_refs (model)),
                               atelier_model_get_max_refs (model));

          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), limit);
        }
      else
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), price);
    }

  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u chosen", "%u chosen", n_chosen), n_chosen);
  adw_expander_row_set_subtitle (self->vary_models_row, subtitle);
}

void
_atelier_composer_sync_vary (AtelierComposer *self)
{
  VaryKind kind = _atelier_composer_get_vary (self);

  gtk_widget_set_visible (GTK_WIDGET (self->vary_models_row), kind == VARY_MODELS);
  gtk_widget_set_visible (GTK_WIDGET (self->vary_prompts_row), kind == VARY_PROMPTS);
  switch (kind)
    {
    case VARY_MODELS:
      adw_action_row_set_subtitle (self->batch_row, _("Images per model, with the same seeds"));
      sync_models_row (self);
      break;
    case VARY_PROMPTS:
      adw_action_row_set_subtitle (self->batch_row, _("Images per prompt, with the same seeds"));
      sync_prompts_preview (self);
      break;
    case VARY_SEEDS:
    default:
      adw_action_row_set_subtitle (self->batch_row, _("Images per Generate"));
      break;
    }
}

static void
on_vary_changed (AtelierComposer *self)
{
  _atelier_composer_update_state (self);
}

/* Models chosen first time round: the one in use, to compare the others with. */
static void
on_vary_selected (AtelierComposer *self)
{
  g_auto(GStrv) chosen = dup_chosen_models (self);

  if (_atelier_composer_get_vary (self) == VARY_MODELS && chosen[0] == NULL && self->model != NULL)
    for (guint i = 0; i < self->vary_checks->len; i++)
      {
        GtkCheckButton *check = g_ptr_array_index (self->vary_checks, i);

        if (g_strcmp0 (g_object_get_data (G_OBJECT (check), "model-id"), atelier_model_get_id (self->model)) == 0)
          gtk_check_button_set_active (check, TRUE);
      }
  _atelier_composer_update_state (self);
}

void
_atelier_composer_init_vary (AtelierComposer *self)
{
  GListModel *catalog = G_LIST_MODEL (atelier_catalog_get_default ());

  self->vary_checks = g_ptr_array_new ();
  self->origin_ids = g_ptr_array_new_with_free_func (g_free);
  self->origin_relations = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (catalog); i++)
    {
      g_autoptr(AtelierModel) model = g_list_model_get_item (catalog, i);
      GtkWidget *row;
      GtkWidget *check;

      if (!model_can_vary (model))
        continue;
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), atelier_model_get_name (model));
      check = gtk_check_button_new ();
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      atelier_model_get_name (model), -1);
      g_object_set_data_full (G_OBJECT (check), "model-id", g_strdup (atelier_model_get_id (model)), g_free);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_expander_row_add_row (self->vary_models_row, row);
      g_signal_connect_object (check, "toggled", G_CALLBACK (on_vary_changed), self, G_CONNECT_SWAPPED);
      g_ptr_array_add (self->vary_checks, check);
    }

  g_signal_connect_object (self->vary_row, "notify::selected", G_CALLBACK (on_vary_selected), self,
                           G_CONNECT_SWAPPED);
}

void
_atelier_composer_dispose_vary (AtelierComposer *self)
{
  g_clear_pointer (&self->vary_checks, g_ptr_array_unref);
  g_clear_pointer (&self->origin_ids, g_ptr_array_unref);
  g_clear_pointer (&self->origin_relations, g_ptr_array_unref);
}

void
_atelier_composer_class_init_vary (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, batch_row);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, vary_row);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, vary_models_row);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, vary_prompts_row);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, vary_prompts_label);
}

void
atelier_composer_set_origin (AtelierComposer *self,
                             const char      *job_id,
                             const char      *relation,
                             gboolean         replace)
{
  g_return_if_fail (ATELIER_IS_COMPOSER (self));
  g_return_if_fail (job_id != NULL && relation != NULL);

  if (replace)
    {
      g_ptr_array_set_size (self->origin_ids, 0);
      g_ptr_array_set_size (self->origin_relations, 0);
    }
  for (guint i = 0; i < self->origin_ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->origin_ids, i), job_id) == 0)
      return;
  g_ptr_array_add (self->origin_ids, g_strdup (job_id));
  g_ptr_array_add (self->origin_relations, g_strdup (relation));
}

/* Test hooks */

void
_atelier_composer_set_vary (AtelierComposer *self,
                            VaryKind         kind)
{
  adw_combo_row_set_selected (self->vary_row, kind);
}

gboolean
_atelier_composer_choose_vary_model (AtelierComposer *self,
                                     const char      *model_id,
                                     gboolean         chosen)
{
  for (guint i = 0; i < self->vary_checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->vary_checks, i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (check), "model-id"), model_id) == 0)
        {
          gtk_check_button_set_active (check, chosen);
          return TRUE;
        }
    }
  return FALSE;
}

const char *
_atelier_composer_get_vary_preview (AtelierComposer *self)
{
  return gtk_label_get_label (self->vary_prompts_label);
}

const char *
_atelier_composer_get_vary_subtitle (AtelierComposer *self)
{
  return adw_expander_row_get_subtitle (_atelier_composer_get_vary (self) == VARY_MODELS
                                          ? self->vary_models_row : self->vary_prompts_row);
}

const char *
_atelier_composer_get_cost_tooltip (AtelierComposer *self)
{
  return gtk_widget_get_tooltip_text (GTK_WIDGET (self->cost_label));
}
