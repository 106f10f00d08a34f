/* atelier-refusal-list.h — the files a drop, paste or command line could not add, all named at once
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ATELIER_TYPE_REFUSAL_LIST (atelier_refusal_list_get_type ())

/* A heading ("3 files were not added"), one wrapped line a file with its reason, and a dismiss
 * button; it slides in under the composer's references, and away when dismissed or replaced. */
G_DECLARE_FINAL_TYPE (AtelierRefusalList, atelier_refusal_list, ATELIER, REFUSAL_LIST, GtkWidget)

GtkWidget          *atelier_refusal_list_new          (void);
/* Shows these sentences (NULL or empty hides the list). */
void                atelier_refusal_list_show         (AtelierRefusalList  *self,
                                                       const char * const  *messages);
void                atelier_refusal_list_hide         (AtelierRefusalList  *self);
/* What it shows, or NULL when hidden. */
const char * const *atelier_refusal_list_get_messages (AtelierRefusalList  *self);
/* The heading, e.g. "3 files were not added". */
const char         *atelier_refusal_list_get_title    (AtelierRefusalList  *self);

G_END_DECLS
