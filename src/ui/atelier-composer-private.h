/* atelier-composer-private.h — shared by the composer's files, and what its tests reach into
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "atelier-composer.h"
#include "atelier-cost.h"
#include "atelier-expand-frame.h"
#include "atelier-mask-editor.h"
#include "atelier-reference-slot.h"
#include "atelier-reference-tray.h"
#include "atelier-refusal-list.h"

G_BEGIN_DECLS

#define MEGAPIXEL 1048576.0

/* Keys of the aspect dropdown that are not ratios. */
#define ASPECT_CUSTOM "custom"
#define ASPECT_MATCH  "match"

struct _AtelierComposer
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkWidget          *child;
  GtkBox             *content;
  GtkWidget          *show_canvas_button;
  GtkScrolledWindow  *scroller;
  GtkTextView        *prompt_view;
  GtkLabel           *prompt_placeholder;
  AtelierReferenceTray *tray;
  AtelierMaskEditor  *mask_editor;
  AtelierRefusalList *refusal_list;
  GtkDropDown        *model_dropdown;
  AdwActionRow       *region_row;
  GtkDropDown        *region_dropdown;
  AdwActionRow       *endpoint_row;
  AdwPreferencesGroup *size_group;
  GtkLabel           *size_label;
  AdwActionRow       *aspect_row;
  GtkDropDown        *aspect_dropdown;
  AdwActionRow       *resolution_row;
  GtkDropDown        *resolution_dropdown;
  AdwActionRow       *width_row;
  AdwActionRow       *height_row;
  GtkAdjustment      *width_adjustment;
  GtkAdjustment      *height_adjustment;
  AdwExpanderRow     *advanced_row;
  GtkSwitch          *random_seed_switch;
  AdwActionRow       *seed_row;
  GtkAdjustment      *seed_adjustment;
  GtkAdjustment      *batch_adjustment;
  AdwActionRow       *batch_row;
  AdwComboRow        *vary_row;
  AdwExpanderRow     *vary_models_row;
  AdwExpanderRow     *vary_prompts_row;
  GtkLabel           *vary_prompts_label;
  GtkLabel           *cost_label;
  GtkGrid            *cost_grid;
  GtkLabel           *reason_label;
  AdwActionRow       *latest_weights_row;
  GtkSwitch          *latest_weights_switch;
  GtkWidget          *expand_frame_row;
  AtelierExpandFrame *expand_frame;
  AdwActionRow       *expand_preset_row;
  GtkDropDown        *expand_preset_dropdown;
  GtkWidget          *expand_rows[ATELIER_N_SIDES];
  GtkAdjustment      *expand_adjustments[ATELIER_N_SIDES];

  /* State */
  AtelierApplication *application;
  GSettings          *settings;
  AtelierClient      *client;
  AtelierEngine      *engine;
  GListModel         *models;          /* hosted models of the catalog */
  AtelierRecipe      *recipe;
  AtelierModel       *model;
  GStrv               aspect_keys;     /* parallel to the aspect dropdown's items */
  GArray             *megapixels;      /* double, parallel to the resolution dropdown */
  GPtrArray          *param_rows;
  char               *blocked_reason;
  AtelierCostEstimate estimate;
  guint               updating;
  GCancellable       *cancellable;     /* reading settings from images dropped on the prompt */
  /* Fill across a new reference cap: the source shown when the cap changed and its mask, carried
   * over (scaled) to the source prepared again. */
  AtelierReference   *carried_source;
  AtelierReference   *carried_mask;
  GCancellable       *carry_cancellable;
  /* Expand: the source the chosen preset was worked out for. */
  AtelierReference   *expand_source;
  /* Where the window lends the canvas (Fill's editor, Expand's frame) room; NULL keeps it here. */
  AdwBin             *canvas_host;
  guint               canvas_idle;     /* a visibility change after the host was (un)mapped */
  /* Vary: the models' check buttons (model id as "model-id" data); where the next Generate
   * comes from (job ids and their relations, parallel), for its jobs' lineage. */
  GPtrArray          *vary_checks;
  GPtrArray          *origin_ids;
  GPtrArray          *origin_relations;
};

/* atelier-composer.c */
/* Recomputes what follows from the recipe: tray limits, size line, cost, Generate's state. */
void                  _atelier_composer_update_state      (AtelierComposer  *self);
/* A message as a toast (atelier_window_show_message). */
void                  _atelier_composer_show_message      (AtelierComposer  *self,
                                                           const char       *message);
/* Writes the seed controls into the recipe. */
void                  _atelier_composer_apply_seed        (AtelierComposer  *self);

/* atelier-composer-models.c: the model picker */
void                  _atelier_composer_init_models       (AtelierComposer  *self);
/* Follows the model chosen in the dropdown: its size controls, its own settings, the placeholder. */
void                  _atelier_composer_sync_model        (AtelierComposer  *self);
/* The model's position in the dropdown, or GTK_INVALID_LIST_POSITION. */
guint                 _atelier_composer_find_model        (AtelierComposer  *self,
                                                           const char       *model_id);

/* atelier-composer-fill.c: FLUX.1 Fill's mask editor */
void                  _atelier_composer_class_init_fill   (GtkWidgetClass   *widget_class);
gboolean              _atelier_composer_uses_mask_editor  (AtelierComposer  *self);
/* Shows the editor or the tray, and gives the editor slot 1 and the recipe the editor's mask. */
void                  _atelier_composer_sync_mask_editor  (AtelierComposer  *self);
void                  _atelier_composer_forget_carried_mask (AtelierComposer *self);
/* The reference-cap setting to the tray and the editor; a painted mask follows its source. */
void                  _atelier_composer_apply_reference_cap (AtelierComposer *self);

/* atelier-composer-expand.c: FLUX.1 Expand's sides, the latest-weights switch */
void                  _atelier_composer_class_init_expand (GtkWidgetClass   *widget_class);
gboolean              _atelier_composer_uses_expand       (AtelierComposer  *self);
void                  _atelier_composer_init_expand       (AtelierComposer  *self);
void                  _atelier_composer_rebuild_expand    (AtelierComposer  *self);
/* Works a chosen preset out again for a new source image. */
void                  _atelier_composer_sync_expand       (AtelierComposer  *self);
void                  _atelier_composer_restore_expand    (AtelierComposer  *self,
                                                          AtelierRecipe    *recipe);
void                  _atelier_composer_sync_latest_weights (AtelierComposer *self);

/* atelier-composer-vary.c: Vary (seeds, models, prompt variants) and where a Generate comes from */
typedef enum
{
  VARY_SEEDS,
  VARY_MODELS,
  VARY_PROMPTS,
} VaryKind;

void                  _atelier_composer_class_init_vary   (GtkWidgetClass   *widget_class);
void                  _atelier_composer_init_vary         (AtelierComposer  *self);
void                  _atelier_composer_dispose_vary      (AtelierComposer  *self);
VaryKind              _atelier_composer_get_vary          (AtelierComposer  *self);
/* What Generate would make of `recipe` now (NULL and a message a person can act on when the
 * set cannot be made); the origin's parents included. */
AtelierGeneration    *_atelier_composer_make_generation   (AtelierComposer  *self,
                                                           AtelierRecipe    *recipe,
                                                           GError          **error);
/* The rows that follow Vary: models, the prompts' preview, the batch row's words. */
void                  _atelier_composer_sync_vary         (AtelierComposer  *self);

/* atelier-composer-canvas.c: the canvas lent to the main area */
void                  _atelier_composer_class_init_canvas (GtkWidgetClass   *widget_class);
/* Moves the canvas the model wants to the host, and anything else back home. */
void                  _atelier_composer_sync_canvas       (AtelierComposer  *self);
void                  _atelier_composer_dispose_canvas    (AtelierComposer  *self);

/* atelier-composer-dnd.c: drops on the prompt, paste */
void                  _atelier_composer_class_init_dnd    (GtkWidgetClass   *widget_class);
void                  _atelier_composer_init_dnd          (AtelierComposer  *self);

/* atelier-composer-settings.c */
void                  _atelier_composer_init_settings     (AtelierComposer  *self);
void                  _atelier_composer_rebuild_size      (AtelierComposer  *self);
void                  _atelier_composer_apply_size        (AtelierComposer  *self);
void                  _atelier_composer_rebuild_params    (AtelierComposer  *self);
const char           *_atelier_composer_get_aspect_key    (AtelierComposer  *self);
guint                 _atelier_composer_strv_index        (const char * const *strv,
                                                           const char       *value,
                                                           guint             fallback);

/* Test hooks */

/* A drop of files on slot `slot` (0-based), or on the tray when slot is ATELIER_REFERENCE_TRAY_APPEND. */
void                  _atelier_composer_drop_files        (AtelierComposer  *self,
                                                           GFile           **files,
                                                           guint             n_files,
                                                           guint             slot);
AtelierReferenceSlot *_atelier_composer_get_slot          (AtelierComposer  *self,
                                                           guint             index);
AtelierReferenceTray *_atelier_composer_get_tray          (AtelierComposer  *self);
AtelierMaskEditor    *_atelier_composer_get_mask_editor   (AtelierComposer  *self);
AtelierRefusalList   *_atelier_composer_get_refusal_list  (AtelierComposer  *self);
/* A drop of files on the prompt box: an image carrying Atelier settings offers to restore them,
 * anything else goes to the next free reference slot. */
void                  _atelier_composer_drop_on_prompt    (AtelierComposer  *self,
                                                           GFile           **files,
                                                           guint             n_files);
/* The recipe the composer edits (not a copy). */
AtelierRecipe        *_atelier_composer_get_recipe        (AtelierComposer  *self);
/* Chooses a model by id, as the dropdown would; FALSE when the id is not offered. */
gboolean              _atelier_composer_select_model      (AtelierComposer  *self,
                                                           const char       *model_id);
/* Chooses an aspect preset ("16:9") and the nearest megapixel choice, as the dropdowns would. */
gboolean              _atelier_composer_set_size_preset   (AtelierComposer  *self,
                                                           const char       *aspect,
                                                           double            megapixels);
const char           *_atelier_composer_get_cost_text     (AtelierComposer  *self);
/* Vary (atelier-composer-vary.c) */
void                  _atelier_composer_set_vary          (AtelierComposer  *self,
                                                           VaryKind          kind);
gboolean              _atelier_composer_choose_vary_model (AtelierComposer  *self,
                                                           const char       *model_id,
                                                           gboolean          chosen);
const char           *_atelier_composer_get_vary_preview  (AtelierComposer  *self);
const char           *_atelier_composer_get_vary_subtitle (AtelierComposer  *self);
const char           *_atelier_composer_get_cost_tooltip  (AtelierComposer  *self);
/* The region the dropdown shows. */
AtelierRegion         _atelier_composer_get_shown_region  (AtelierComposer  *self);
/* Chooses an Expand preset ("16:9") as the dropdown would; FALSE when the model has none such. */
gboolean              _atelier_composer_set_expand_preset (AtelierComposer  *self,
                                                           const char       *ratio);
/* Types a number into one side's field. */
void                  _atelier_composer_set_expand_side   (AtelierComposer  *self,
                                                           AtelierSide       side,
                                                           guint             pixels);
/* Why Generate is disabled, or NULL when it is enabled. */
const char           *_atelier_composer_get_blocked_reason (AtelierComposer *self);
/* The last toast that offered a button (Restore), or NULL. */
AdwToast             *_atelier_composer_get_last_toast    (AtelierComposer  *self);
/* The last message shown as a toast, or NULL. */
const char           *_atelier_composer_get_last_message  (AtelierComposer  *self);
GtkTextView          *_atelier_composer_get_prompt_view   (AtelierComposer  *self);

G_END_DECLS
