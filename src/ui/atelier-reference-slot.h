/* atelier-reference-slot.h — one numbered, square reference slot of the composer's tray
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "atelier-reference.h"

G_BEGIN_DECLS

/* Whether what the slot holds goes out with the next request. */
typedef enum
{
  ATELIER_SLOT_USE_SENT,        /* within the model's limit */
  ATELIER_SLOT_USE_NOT_SENT,    /* beyond the model's limit: kept, dimmed, marked "Not sent" */
  ATELIER_SLOT_USE_SOURCE,      /* Fill: the source image (slot 1 only) */
} AtelierSlotUse;

#define ATELIER_TYPE_REFERENCE_SLOT (atelier_reference_slot_get_type ())

/* Signals: add-requested () — an empty slot was clicked or activated;
 *          remove-requested () — the remove button was pressed. */
G_DECLARE_FINAL_TYPE (AtelierReferenceSlot, atelier_reference_slot, ATELIER, REFERENCE_SLOT, GtkWidget)

GtkWidget        *atelier_reference_slot_new           (guint                 index);
guint             atelier_reference_slot_get_index     (AtelierReferenceSlot *self);
/* NULL and not loading = empty. */
void              atelier_reference_slot_set_reference (AtelierReferenceSlot *self,
                                                        AtelierReference     *reference,
                                                        gboolean              loading);
AtelierReference *atelier_reference_slot_get_reference (AtelierReferenceSlot *self);
gboolean          atelier_reference_slot_is_loading    (AtelierReferenceSlot *self);
gboolean          atelier_reference_slot_is_empty      (AtelierReferenceSlot *self);
void              atelier_reference_slot_set_use       (AtelierReferenceSlot *self,
                                                        AtelierSlotUse        use);
AtelierSlotUse    atelier_reference_slot_get_use       (AtelierReferenceSlot *self);
/* The caption under the picture: "1024 × 768", "Not sent", "Source image". */
const char       *atelier_reference_slot_get_caption   (AtelierReferenceSlot *self);

/* What a screen reader says of it: "Reference image 1: fern.png, 1600 × 1200". */
const char       *atelier_reference_slot_get_accessible_label (AtelierReferenceSlot *self);

G_END_DECLS
