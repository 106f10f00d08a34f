/* atelier-diff.h — a word-level diff of two prompts, and its Pango markup
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  ATELIER_DIFF_SAME,
  ATELIER_DIFF_INSERTED,
  ATELIER_DIFF_DELETED,
} AtelierDiffKind;

typedef struct
{
  AtelierDiffKind  kind;
  char            *text;   /* words and marks as written, one space where white space was */
  gboolean         glued;  /* no space before it (a comma after a word) */
} AtelierDiffChunk;

/* The words of `before` and `after` (split at white space, and punctuation at a word's ends apart
 * from the word: "painting," is "painting" and ",") as a list of AtelierDiffChunk: runs of
 * the same kind are merged, and a deletion comes before the insertion that replaces it. Long
 * prompts stay cheap: the common start and end are taken off first, and a middle too large to
 * compare word by word becomes one deletion and one insertion. NULL counts as "". */
GPtrArray *atelier_diff_words        (const char *before,
                                      const char *after);
/* The same diff as Pango markup (text escaped): insertions underlined on a green tint, deletions
 * struck through on a red tint. */
char      *atelier_diff_words_markup (const char *before,
                                      const char *after);
/* TRUE when the two texts have the same words (white space does not count). */
gboolean   atelier_diff_words_equal  (const char *before,
                                      const char *after);

G_END_DECLS
