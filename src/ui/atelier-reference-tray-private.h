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

/* One used slot: an accepted reference. What it was prepared from is kept, so a new reference
 * cap can prepare it again from the original. */
typedef struct
{
  guint             id;
  AtelierReference *reference;   /* NULL only while preparing again */
  GCancellable     *cancellable;
  GFile            *file;        /* a local file, or NULL */
  GBytes           *bytes;       /* a download's or a pasted picture's original bytes, or NULL */
  char             *name;
  AtelierReference *previous;    /* kept while preparing again: back in place if that fails */
} Entry;

/* One picture of a batch, from its arrival to its verdict. */
typedef struct
{
  char             *name;
  guint64           max_pixels;  /* the cap it is prepared at */
  GFile            *file;
  GBytes           *bytes;
  gboolean          done;
  AtelierReference *reference;   /* accepted… */
  char             *refusal;     /* …or refused, with the sentence that says why */
} Item;

/* What one drop, paste, file chooser or command line brought: its pictures are prepared at once,
 * taken into the slots in their order as they are accepted, and its refusals are shown together
 * when the last one has an answer. */
typedef struct
{
  guint         id;
  guint         position;        /* where the next accepted picture goes */
  guint         next;            /* the first item not yet taken or refused */
  GCancellable *cancellable;
  GPtrArray    *items;           /* Item* */
  GPtrArray    *refusals;        /* char* */
} Batch;

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
  GPtrArray     *batches;        /* Batch*, still preparing */
  guint          next_id;
  guint64        max_pixels;
  guint          n_sent;
  gboolean       source_mode;
};

/* atelier-reference-tray.c */
void   _atelier_reference_tray_show_message      (AtelierReferenceTray *self,
                                                  const char           *message);
Batch *_atelier_reference_tray_batch_new         (AtelierReferenceTray *self,
                                                  guint                 position);
void   _atelier_reference_tray_batch_add_file    (AtelierReferenceTray *self,
                                                  Batch                *batch,
                                                  GFile                *file);
void   _atelier_reference_tray_batch_refuse      (AtelierReferenceTray *self,
                                                  Batch                *batch,
                                                  const char           *name,
                                                  const char           *message);
void   _atelier_reference_tray_batch_start       (AtelierReferenceTray *self,
                                                  Batch                *batch);

/* atelier-reference-tray-input.c */
void   _atelier_reference_tray_attach_input      (AtelierReferenceTray *self);
void   _atelier_reference_tray_attach_slot_input (AtelierReferenceTray *self,
                                                  AtelierReferenceSlot *slot);

G_END_DECLS
