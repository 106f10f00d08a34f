/* atelier-composer-private.h — what the composer's tests reach into
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "atelier-composer.h"
#include "atelier-reference-slot.h"
#include "atelier-reference-tray.h"

G_BEGIN_DECLS

/* A drop of files on slot `slot` (0-based), or on the tray when slot is ATELIER_REFERENCE_TRAY_APPEND. */
void                  atelier_composer_drop_files        (AtelierComposer  *self,
                                                          GFile           **files,
                                                          guint             n_files,
                                                          guint             slot);
AtelierReferenceSlot *atelier_composer_get_slot          (AtelierComposer  *self,
                                                          guint             index);
AtelierReferenceTray *atelier_composer_get_tray          (AtelierComposer  *self);
/* The recipe the composer edits (not a copy). */
AtelierRecipe        *atelier_composer_get_recipe        (AtelierComposer  *self);
/* Chooses a model by id, as the dropdown would; FALSE when the id is not offered. */
gboolean              atelier_composer_select_model      (AtelierComposer  *self,
                                                          const char       *model_id);
/* Chooses an aspect preset ("16:9") and the nearest megapixel choice, as the dropdowns would. */
gboolean              atelier_composer_set_size_preset   (AtelierComposer  *self,
                                                          const char       *aspect,
                                                          double            megapixels);
const char           *atelier_composer_get_cost_text     (AtelierComposer  *self);
/* Why Generate is disabled, or NULL when it is enabled. */
const char           *atelier_composer_get_blocked_reason (AtelierComposer *self);
/* The last message shown as a toast, or NULL. */
const char           *atelier_composer_get_last_message  (AtelierComposer  *self);
GtkTextView          *atelier_composer_get_prompt_view   (AtelierComposer  *self);

G_END_DECLS
