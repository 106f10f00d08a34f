/* atelier-reference-tray-private.h — shared by the tray's two files
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "atelier-reference-slot.h"
#include "atelier-reference-tray.h"

G_BEGIN_DECLS

/* One used slot: a prepared reference, or one still being prepared. What it was prepared from
 * is kept, so a new reference cap can prepare it again from the original. */
typedef struct
{
  guint             id;
  AtelierReference *reference;
  GCancellable     *cancellable;
  GFile            *file;        /* a local file, or NULL */
  GBytes           *bytes;       /* a download's or a pasted picture's original bytes, or NULL */
  char             *name;
  AtelierReference *previous;    /* kept while preparing again: back in place if that fails */
} Entry;

struct _AtelierReferenceTray
{
  GtkWidget      parent_instance;

  GtkWidget     *box;
  GtkLabel      *title_label;
  GtkLabel      *count_label;
  GtkGrid       *grid;
  GtkLabel      *reason_label;
  GtkWidget     *slots[ATELIER_REFERENCE_TRAY_N_SLOTS];

  AtelierClient *client;
  GPtrArray     *entries;        /* Entry*, packed in slot order */
  guint          next_id;
  guint64        max_pixels;
  guint          n_sent;
  gboolean       source_mode;
};

/* atelier-reference-tray.c */
void atelier_reference_tray_show_message      (AtelierReferenceTray *self,
                                               const char           *message);

/* atelier-reference-tray-input.c */
void atelier_reference_tray_attach_input      (AtelierReferenceTray *self);
void atelier_reference_tray_attach_slot_input (AtelierReferenceTray *self,
                                               AtelierReferenceSlot *slot);

G_END_DECLS
