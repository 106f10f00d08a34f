/* atelier-reference-tray.h — the composer's eight numbered reference slots, their loading and drops
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "atelier-client.h"
#include "atelier-reference.h"

G_BEGIN_DECLS

#define ATELIER_REFERENCE_TRAY_N_SLOTS 8
/* A position meaning "after the last filled slot". */
#define ATELIER_REFERENCE_TRAY_APPEND  G_MAXUINT

#define ATELIER_TYPE_REFERENCE_TRAY (atelier_reference_tray_get_type ())

/* References are kept packed in slot order: slot N holds what a prompt calls "image N".
 * Signals: changed () — a reference was added, removed, moved or finished loading;
 *          message (const char *text) — something the user should read (the composer toasts it);
 *          refused (GStrv messages) — what one drop, paste or command line could not add, every
 *            file with its reason, when its last picture has an answer; empty when a new one
 *            starts. */
G_DECLARE_FINAL_TYPE (AtelierReferenceTray, atelier_reference_tray, ATELIER, REFERENCE_TRAY, GtkWidget)

/* Used to fetch image URLs dropped from a browser (never with the API key). */
void        atelier_reference_tray_set_client       (AtelierReferenceTray  *self,
                                                     AtelierClient         *client);
/* The reference cap: larger images are downscaled to this many pixels (0 = original size). A new
 * cap prepares the references already in the slots again from their source. */
void        atelier_reference_tray_set_max_pixels   (AtelierReferenceTray  *self,
                                                     guint64                max_pixels);
/* How many references the chosen model takes; the slots past it are dimmed with `reason`.
 * `source_mode` shows slot 1 alone as the source image (Fill). */
void        atelier_reference_tray_set_limit        (AtelierReferenceTray  *self,
                                                     guint                  n_sent,
                                                     const char            *reason,
                                                     gboolean               source_mode);

/* Each adds at `position` (or ATELIER_REFERENCE_TRAY_APPEND), moving later references along.
 * Every picture is decoded whole before it takes a slot; what is refused (broken, not an image,
 * too large, no free slot left) is said in one `refused` signal, all at once. */
void        atelier_reference_tray_add_files        (AtelierReferenceTray  *self,
                                                     GFile                **files,
                                                     guint                  n_files,
                                                     guint                  position);
/* A file chooser's selection (a list of GFile). */
void        atelier_reference_tray_add_chosen       (AtelierReferenceTray  *self,
                                                     GListModel            *files,
                                                     guint                  position);
void        atelier_reference_tray_add_texture      (AtelierReferenceTray  *self,
                                                     GdkTexture            *texture,
                                                     guint                  position);
/* A URL (dropped or pasted as text); anything else is refused with a message. */
void        atelier_reference_tray_add_text         (AtelierReferenceTray  *self,
                                                     const char            *text,
                                                     guint                  position);
/* Whether the clipboard holds something paste_clipboard would take as a reference. */
gboolean    atelier_reference_tray_can_paste        (GdkClipboard          *clipboard);
void        atelier_reference_tray_paste_clipboard  (AtelierReferenceTray  *self,
                                                     GdkClipboard          *clipboard);

/* Prepared references are already scaled and encoded: no work is done again. */
void        atelier_reference_tray_set_references   (AtelierReferenceTray  *self,
                                                     AtelierReference * const *refs,
                                                     guint                  n_refs);
/* The prepared references in slot order (still-loading ones left out). */
GPtrArray  *atelier_reference_tray_dup_references   (AtelierReferenceTray  *self);
/* Slots holding an accepted reference (pictures still being prepared take none). */
guint       atelier_reference_tray_get_n_filled     (AtelierReferenceTray  *self);
gboolean    atelier_reference_tray_is_loading       (AtelierReferenceTray  *self);
void        atelier_reference_tray_remove           (AtelierReferenceTray  *self,
                                                     guint                  index);
/* Puts a prepared reference in slot `index` in place of what is there (or after the last one);
 * NULL removes the slot. The other slots stay as they are. */
void        atelier_reference_tray_replace          (AtelierReferenceTray  *self,
                                                     guint                  index,
                                                     AtelierReference      *reference);
void        atelier_reference_tray_move             (AtelierReferenceTray  *self,
                                                     guint                  from,
                                                     guint                  to);
GtkWidget  *atelier_reference_tray_get_slot         (AtelierReferenceTray  *self,
                                                     guint                  index);

G_END_DECLS
