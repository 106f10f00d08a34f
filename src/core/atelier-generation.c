/* atelier-generation.c — what one Generate makes: one job per entry, their set and their parents
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-error.h"
#include "atelier-generation.h"
#include "atelier-job.h"
#include "atelier-request.h"
#include "atelier-variations.h"

typedef struct
{
  AtelierRecipe *recipe;
  gint64         seed;
  char          *label;
} Entry;

typedef struct
{
  char *id;
  char *relation;
} Parent;

struct _AtelierGeneration
{
  GObject  parent_instance;

  char    *kind;
  GArray  *entries;  /* Entry */
  GArray  *parents;  /* Parent */
};

G_DEFINE_FINAL_TYPE (AtelierGeneration, atelier_generation, G_TYPE_OBJECT)

static void
entry_clear (Entry *entry)
{
  g_clear_object (&entry->recipe);
  g_clear_pointer (&entry->label, g_free);
}

static void
parent_clear (Parent *parent)
{
  g_clear_pointer (&parent->id, g_free);
  g_clear_pointer (&parent->relation, g_free);
}

static void
atelier_generation_finalize (GObject *object)
{
  AtelierGeneration *self = ATELIER_GENERATION (object);

  g_free (self->kind);
  g_array_unref (self->entries);
  g_array_unref (self->parents);

  G_OBJECT_CLASS (atelier_generation_parent_class)->finalize (object);
}

static void
atelier_generation_class_init (AtelierGenerationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = atelier_generation_finalize;
}

static void
atelier_generation_init (AtelierGeneration *self)
{
  self->entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_array_set_clear_func (self->entries, (GDestroyNotify) entry_clear);
  self->parents = g_array_new (FALSE, TRUE, sizeof (Parent));
  g_array_set_clear_func (self->parents, (GDestroyNotify) parent_clear);
}

/* Building */

static void
add_entry (AtelierGeneration *self,
           AtelierRecipe     *recipe,
           gint64             seed,
           const char        *label)
{
  Entry entry = { atelier_recipe_copy (recipe), seed, g_strdup (label) };

  g_array_append_val (self->entries, entry);
}

/* The seeds of the columns: chosen once, so every row of a set uses the same ones. */
static gint64 *
choose_seeds (AtelierRecipe *recipe,
              guint          batch)
{
  gint64 seed = atelier_recipe_get_seed (recipe);
  gint64 *seeds = g_new (gint64, batch);

  for (guint i = 0; i < batch; i++)
    seeds[i] = seed == ATELIER_SEED_RANDOM ? g_random_int_range (0, G_MAXINT32) : seed + i;
  return seeds;
}

static char *
seed_label (gint64 seed)
{
  /* TRANSLATORS: a variation grid's column, %s the seed */
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, seed);

  return g_strdup_printf (_("Seed %s"), number);
}

AtelierGeneration *
atelier_generation_new_seeds (AtelierRecipe *recipe,
                              guint          batch)
{
  AtelierGeneration *self;
  g_autofree gint64 *seeds = NULL;

  g_return_val_if_fail (ATELIER_IS_RECIPE (recipe), NULL);

  self = g_object_new (ATELIER_TYPE_GENERATION, NULL);
  batch = MAX (batch, 1);
  if (batch == 1)
    {
      /* Alone: the engine chooses a random seed as it always did. */
      gint64 seed = atelier_recipe_get_seed (recipe);

      add_entry (self, recipe, seed, NULL);
      return self;
    }

  self->kind = g_strdup (ATELIER_VARIATION_SEED);
  seeds = choose_seeds (recipe, batch);
  for (guint i = 0; i < batch; i++)
    {
      g_autofree char *label = seed_label (seeds[i]);

      add_entry (self, recipe, seeds[i], label);
    }
  return self;
}

/* Each of `rows` (a recipe and its label) `batch` times, with the same seeds in every row. */
static AtelierGeneration *
new_rows (const char    *kind,
          AtelierRecipe *base,
          GPtrArray     *recipes,
          GPtrArray     *labels,
          guint          batch)
{
  AtelierGeneration *self = g_object_new (ATELIER_TYPE_GENERATION, NULL);
  g_autofree gint64 *seeds = NULL;

  batch = MAX (batch, 1);
  seeds = choose_seeds (base, batch);
  if (recipes->len * batch > 1)
    self->kind = g_strdup (kind);
  for (guint row = 0; row < recipes->len; row++)
    for (guint column = 0; column < batch; column++)
      add_entry (self, g_ptr_array_index (recipes, row), seeds[column],
                 self->kind != NULL ? g_ptr_array_index (labels, row) : NULL);
  return self;
}

static gboolean
refs_fit (AtelierModel   *model,
          AtelierRecipe  *recipe,
          GError        **error)
{
  guint n_refs = atelier_recipe_get_n_references (recipe);
  guint max = atelier_model_get_max_refs (model);

  if (n_refs <= max)
    return TRUE;
  if (max == 0)
    g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_VALIDATION,
                 _("%s takes no reference images: remove the references or leave this model out"),
                 atelier_model_get_name (model));
  else
    g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_VALIDATION,
                 g_dngettext (GETTEXT_PACKAGE,
                              "%s takes at most %u reference image, and there are %u: remove some or leave this model out",
                              "%s takes at most %u reference images, and there are %u: remove some or leave this model out",
                              max),
                 atelier_model_get_name (model), max, n_refs);
  return FALSE;
}

AtelierGeneration *
atelier_generation_new_models (AtelierRecipe       *recipe,
                               const char * const  *model_ids,
                               guint                batch,
                               AtelierCatalog      *catalog,
                               GError             **error)
{
  g_autoptr(GPtrArray) recipes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  g_return_val_if_fail (ATELIER_IS_RECIPE (recipe), NULL);
  g_return_val_if_fail (ATELIER_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (model_ids == NULL || model_ids[0] == NULL)
    {
      g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_VALIDATION,
                   _("Choose at least one model to compare"));
      return NULL;
    }

  for (guint i = 0; model_ids[i] != NULL; i++)
    {
      AtelierModel *model = atelier_catalog_lookup (catalog, model_ids[i]);
      g_autoptr(AtelierRecipe) copy = NULL;
      g_auto(GStrv) names = NULL;

      if (model == NULL || !atelier_model_is_hosted (model))
        {
          g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_VALIDATION,
                       _("“%s” is not a model the BFL API offers"), model_ids[i]);
          return NULL;
        }
      if (!refs_fit (model, recipe, error))
        return NULL;

      copy = atelier_recipe_copy (recipe);
      atelier_recipe_set_model_id (copy, model_ids[i]);
      /* A setting the model lacks would be left out of the request anyway; dropping it keeps the
       * record honest about what was sent. */
      names = atelier_recipe_dup_param_names (copy);
      for (guint j = 0; names != NULL && names[j] != NULL; j++)
        if (atelier_model_lookup_param (model, names[j]) == NULL)
          atelier_recipe_unset_param (copy, names[j]);

      g_ptr_array_add (recipes, g_steal_pointer (&copy));
      g_ptr_array_add (labels, (gpointer) atelier_model_get_name (model));
    }

  return new_rows (ATELIER_VARIATION_MODEL, recipe, recipes, labels, batch);
}

AtelierGeneration *
atelier_generation_new_prompts (AtelierRecipe  *recipe,
                                guint           batch,
                                GError        **error)
{
  g_autoptr(GPtrArray) recipes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_auto(GStrv) prompts = NULL;
  g_auto(GStrv) prompt_labels = NULL;
  const char *prompt;

  g_return_val_if_fail (ATELIER_IS_RECIPE (recipe), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  prompt = atelier_recipe_get_prompt (recipe);
  if (!atelier_variations_expand (prompt != NULL ? prompt : "",
                                  MAX (ATELIER_VARIATIONS_MAX / MAX (batch, 1), 1),
                                  &prompts, &prompt_labels, error))
    return NULL;

  for (guint i = 0; prompts[i] != NULL; i++)
    {
      AtelierRecipe *copy = atelier_recipe_copy (recipe);

      atelier_recipe_set_prompt (copy, prompts[i]);
      g_ptr_array_add (recipes, copy);
      g_ptr_array_add (labels, prompt_labels[i]);
    }

  return new_rows (ATELIER_VARIATION_PROMPT, recipe, recipes, labels, batch);
}

/* Parents */

void
atelier_generation_add_parent (AtelierGeneration *self,
                               const char        *parent_id,
                               const char        *relation)
{
  Parent parent;

  g_return_if_fail (ATELIER_IS_GENERATION (self));
  g_return_if_fail (parent_id != NULL && relation != NULL);

  for (guint i = 0; i < self->parents->len; i++)
    if (g_strcmp0 (g_array_index (self->parents, Parent, i).id, parent_id) == 0)
      return;
  parent.id = g_strdup (parent_id);
  parent.relation = g_strdup (relation);
  g_array_append_val (self->parents, parent);
}

guint
atelier_generation_get_n_parents (AtelierGeneration *self)
{
  g_return_val_if_fail (ATELIER_IS_GENERATION (self), 0);
  return self->parents->len;
}

const char *
atelier_generation_get_parent_id (AtelierGeneration *self,
                                  guint              index)
{
  g_return_val_if_fail (ATELIER_IS_GENERATION (self), NULL);
  g_return_val_if_fail (index < self->parents->len, NULL);
  return g_array_index (self->parents, Parent, index).id;
}

const char *
atelier_generation_get_parent_relation (AtelierGeneration *self,
                                        guint              index)
{
  g_return_val_if_fail (ATELIER_IS_GENERATION (self), NULL);
  g_return_val_if_fail (index < self->parents->len, NULL);
  return g_array_index (self->parents, Parent, index).relation;
}

/* Entries */

const char *
atelier_generation_get_kind (AtelierGeneration *self)
{
  g_return_val_if_fail (ATELIER_IS_GENERATION (self), NULL);
  return self->kind;
}

guint
atelier_generation_get_n_jobs (AtelierGeneration *self)
{
  g_return_val_if_fail (ATELIER_IS_GENERATION (self), 0);
  return self->entries->len;
}

static Entry *
get_entry (AtelierGeneration *self,
           guint              index)
{
  g_return_val_if_fail (ATELIER_IS_GENERATION (self), NULL);
  g_return_val_if_fail (index < self->entries->len, NULL);
  return &g_array_index (self->entries, Entry, index);
}

AtelierRecipe *
atelier_generation_get_recipe (AtelierGeneration *self,
                               guint              index)
{
  Entry *entry = get_entry (self, index);

  return entry != NULL ? entry->recipe : NULL;
}

gint64
atelier_generation_get_seed (AtelierGeneration *self,
                             guint              index)
{
  Entry *entry = get_entry (self, index);

  return entry != NULL ? entry->seed : ATELIER_SEED_RANDOM;
}

const char *
atelier_generation_get_label (AtelierGeneration *self,
                              guint              index)
{
  Entry *entry = get_entry (self, index);

  return entry != NULL ? entry->label : NULL;
}

gboolean
atelier_generation_validate (AtelierGeneration  *self,
                             AtelierCatalog     *catalog,
                             GError            **error)
{
  g_return_val_if_fail (ATELIER_IS_GENERATION (self), FALSE);
  g_return_val_if_fail (ATELIER_IS_CATALOG (catalog), FALSE);

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = &g_array_index (self->entries, Entry, i);
      AtelierModel *model = atelier_catalog_lookup (catalog, atelier_recipe_get_model_id (entry->recipe));
      g_autoptr(GError) local_error = NULL;

      if (model == NULL || !atelier_model_is_hosted (model))
        g_set_error (&local_error, ATELIER_ERROR, ATELIER_ERROR_VALIDATION,
                     _("This model is not offered by the BFL API"));
      else
        atelier_request_validate (model, entry->recipe, NULL, &local_error);

      if (local_error != NULL)
        {
          /* In a set, say which of its jobs cannot be made (a seed set's are all alike). */
          if (entry->label != NULL && g_strcmp0 (self->kind, ATELIER_VARIATION_SEED) != 0)
            g_prefix_error (&local_error, "%s: ", entry->label);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  return TRUE;
}

void
atelier_generation_estimate (AtelierGeneration   *self,
                             AtelierCatalog      *catalog,
                             AtelierCostEstimate *total,
                             double              *per_job)
{
  g_return_if_fail (ATELIER_IS_GENERATION (self));
  g_return_if_fail (ATELIER_IS_CATALOG (catalog));
  g_return_if_fail (total != NULL);

  *total = (AtelierCostEstimate) { 0 };
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = &g_array_index (self->entries, Entry, i);
      AtelierModel *model = atelier_catalog_lookup (catalog, atelier_recipe_get_model_id (entry->recipe));
      AtelierCostEstimate one = { 0 };

      if (model != NULL)
        atelier_request_estimate_cost (model, entry->recipe, 1, &one);
      if (per_job != NULL)
        per_job[i] = one.credits;
      total->credits += one.credits;
      total->dollars += one.dollars;
      total->output_mp = MAX (total->output_mp, one.output_mp);
      total->input_mp = MAX (total->input_mp, one.input_mp);
      total->flat = i == 0 ? one.flat : total->flat && one.flat;
    }
  total->batch = self->entries->len;
  total->per_image = total->batch > 0 ? total->credits / total->batch : 0;
}
