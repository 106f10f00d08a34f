/* atelier-variations.h — prompt variants: "{red|blue} fox" expanded into one prompt per choice
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The most prompts one Generate may expand to: more is refused with a message, never cut. */
#define ATELIER_VARIATIONS_MAX 48

/* Expands every {a|b|c} group of `prompt` into one prompt per combination, the first group
 * varying slowest. A backslash keeps the next {, }, | or \ literal; | outside a group is plain
 * text; an empty alternative ({|red}) is allowed, an empty group ({}) is not. `labels` (may be
 * NULL) gets, for each prompt, the alternatives it took joined by " · ". A prompt without groups
 * gives itself (unescaped) and one empty label. Refuses (ATELIER_ERROR_VALIDATION, a message a
 * person can act on) an unbalanced or nested brace, an empty group, and more than `max` prompts. */
gboolean  atelier_variations_expand     (const char  *prompt,
                                         guint        max,
                                         GStrv       *prompts,
                                         GStrv       *labels,
                                         GError     **error);

/* TRUE when `prompt` holds an unescaped { (it asks for prompt variants). */
gboolean  atelier_variations_has_groups (const char  *prompt);

G_END_DECLS
