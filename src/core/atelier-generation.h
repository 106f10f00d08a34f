/* atelier-generation.h — what one Generate makes: one job per entry, their set and their parents
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "atelier-catalog.h"
#include "atelier-cost.h"
#include "atelier-recipe.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_GENERATION (atelier_generation_get_type ())

/* A plan, made before anything is sent: each entry is a recipe, the seed its job sends
 * (ATELIER_SEED_RANDOM lets the engine choose) and the label of what varied. More than one entry
 * is a variation set (kind "seed", "model" or "prompt", see atelier-job.h). Immutable once made,
 * apart from the parents. */
G_DECLARE_FINAL_TYPE (AtelierGeneration, atelier_generation, ATELIER, GENERATION, GObject)

/* `batch` jobs of one recipe: a fixed seed gives seed, seed+1…, a random one random seeds. */
AtelierGeneration *atelier_generation_new_seeds   (AtelierRecipe      *recipe,
                                                   guint               batch);
/* The same recipe on each model (`batch` jobs each, the same seeds across models so they compare
 * fairly). A model's own settings it does not have are dropped; a model that cannot take the
 * recipe's references, or is not offered by the API, is a refusal naming it. */
AtelierGeneration *atelier_generation_new_models  (AtelierRecipe      *recipe,
                                                   const char * const *model_ids,
                                                   guint               batch,
                                                   AtelierCatalog     *catalog,
                                                   GError            **error);
/* One job per expansion of the prompt's {a|b} groups (atelier-variations.h), `batch` each with
 * shared seeds. Refuses what atelier_variations_expand () refuses. */
AtelierGeneration *atelier_generation_new_prompts (AtelierRecipe      *recipe,
                                                   guint               batch,
                                                   GError            **error);

/* Links every job this makes to a parent job (relation: ATELIER_RELATION_*). */
void           atelier_generation_add_parent      (AtelierGeneration  *self,
                                                   const char         *parent_id,
                                                   const char         *relation);
guint          atelier_generation_get_n_parents  (AtelierGeneration  *self);
const char    *atelier_generation_get_parent_id   (AtelierGeneration  *self,
                                                   guint               index);
const char    *atelier_generation_get_parent_relation (AtelierGeneration *self,
                                                       guint              index);

/* NULL when the generation is a single job. */
const char    *atelier_generation_get_kind        (AtelierGeneration  *self);
guint          atelier_generation_get_n_jobs      (AtelierGeneration  *self);
AtelierRecipe *atelier_generation_get_recipe      (AtelierGeneration  *self,
                                                   guint               index);
gint64         atelier_generation_get_seed        (AtelierGeneration  *self,
                                                   guint               index);
/* What varied for this entry ("FLUX.2 [pro]", "red · fox", "Seed 42"); NULL for a single job. */
const char    *atelier_generation_get_label       (AtelierGeneration  *self,
                                                   guint               index);

/* Every entry's model is offered and its recipe valid; the first refusal, named after its entry
 * when there are several. */
gboolean       atelier_generation_validate        (AtelierGeneration  *self,
                                                   AtelierCatalog     *catalog,
                                                   GError            **error);
/* The whole set's estimate (credits, dollars and batch = number of jobs; per_image is the mean)
 * and, when per_job is not NULL, each job's estimate in credits (n_jobs entries). */
void           atelier_generation_estimate        (AtelierGeneration  *self,
                                                   AtelierCatalog     *catalog,
                                                   AtelierCostEstimate *total,
                                                   double             *per_job);

G_END_DECLS
