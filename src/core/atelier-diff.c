/* atelier-diff.c — a word-level diff of two prompts, and its Pango markup
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "atelier-diff.h"

/* Past this many cells (words × words of the differing middle), the middle is shown replaced
 * whole: a prompt is a few hundred words, and a hostile one must not take the main loop. */
#define MAX_CELLS (2000 * 2000)

static void
chunk_free (AtelierDiffChunk *chunk)
{
  g_free (chunk->text);
  g_free (chunk);
}

static GStrv
split_words (const char *text)
{
  g_auto(GStrv) raw = g_regex_split_simple ("\\s+", text != NULL ? text : "", 0, 0);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; raw[i] != NULL; i++)
    if (raw[i][0] != '\0')
      g_strv_builder_add (builder, raw[i]);
  return g_strv_builder_end (builder);
}

static void
push (GPtrArray       *chunks,
      AtelierDiffKind  kind,
      const char      *word)
{
  AtelierDiffChunk *last = chunks->len > 0 ? g_ptr_array_index (chunks, chunks->len - 1) : NULL;
  AtelierDiffChunk *chunk;

  if (last != NULL && last->kind == kind)
    {
      g_autofree char *joined = g_strconcat (last->text, " ", word, NULL);

      g_free (last->text);
      last->text = g_steal_pointer (&joined);
      return;
    }
  chunk = g_new0 (AtelierDiffChunk, 1);
  chunk->kind = kind;
  chunk->text = g_strdup (word);
  g_ptr_array_add (chunks, chunk);
}

/* Deletions and insertions that alternate in the middle read better grouped: all of a change's
 * deleted words, then its inserted ones. */
static void
push_change (GPtrArray  *chunks,
             GPtrArray  *deleted,
             GPtrArray  *inserted)
{
  for (guint i = 0; i < deleted->len; i++)
    push (chunks, ATELIER_DIFF_DELETED, g_ptr_array_index (deleted, i));
  for (guint i = 0; i < inserted->len; i++)
    push (chunks, ATELIER_DIFF_INSERTED, g_ptr_array_index (inserted, i));
  g_ptr_array_set_size (deleted, 0);
  g_ptr_array_set_size (inserted, 0);
}

GPtrArray *
atelier_diff_words (const char *before,
                    const char *after)
{
  g_autoptr(GPtrArray) chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) chunk_free);
  g_autoptr(GPtrArray) deleted = g_ptr_array_new ();
  g_autoptr(GPtrArray) inserted = g_ptr_array_new ();
  g_auto(GStrv) a = split_words (before);
  g_auto(GStrv) b = split_words (after);
  guint n = g_strv_length (a);
  guint m = g_strv_length (b);
  guint start = 0;
  guint end_a = n;
  guint end_b = m;
  guint rows;
  guint cols;

  while (start < n && start < m && strcmp (a[start], b[start]) == 0)
    start++;
  while (end_a > start && end_b > start && strcmp (a[end_a - 1], b[end_b - 1]) == 0)
    {
      end_a--;
      end_b--;
    }

  for (guint i = 0; i < start; i++)
    push (chunks, ATELIER_DIFF_SAME, a[i]);

  rows = end_a - start;
  cols = end_b - start;
  if ((guint64) rows * cols > MAX_CELLS)
    {
      for (guint i = start; i < end_a; i++)
        g_ptr_array_add (deleted, a[i]);
      for (guint j = start; j < end_b; j++)
        g_ptr_array_add (inserted, b[j]);
      push_change (chunks, deleted, inserted);
    }
  else if (rows > 0 || cols > 0)
    {
      /* lcs[i][j]: the longest common subsequence of a[start+i…] and b[start+j…]. */
      g_autofree guint *lcs = g_new0 (guint, (gsize) (rows + 1) * (cols + 1));
      guint i = 0;
      guint j = 0;

#define LCS(i, j) lcs[(gsize) (i) * (cols + 1) + (j)]
      for (guint r = rows; r-- > 0;)
        for (guint c = cols; c-- > 0;)
          {
            if (strcmp (a[start + r], b[start + c]) == 0)
              LCS (r, c) = LCS (r + 1, c + 1) + 1;
            else
              LCS (r, c) = MAX (LCS (r + 1, c), LCS (r, c + 1));
          }

      while (i < rows || j < cols)
        {
          if (i < rows && j < cols && strcmp (a[start + i], b[start + j]) == 0)
            {
              push_change (chunks, deleted, inserted);
              push (chunks, ATELIER_DIFF_SAME, a[start + i]);
              i++;
              j++;
            }
          else if (j < cols && (i == rows || LCS (i, j + 1) >= LCS (i + 1, j)))
            g_ptr_array_add (inserted, b[start + j++]);
          else
            g_ptr_array_add (deleted, a[start + i++]);
        }
#undef LCS
      push_change (chunks, deleted, inserted);
    }

  for (guint i = end_a; i < n; i++)
    push (chunks, ATELIER_DIFF_SAME, a[i]);

  return g_steal_pointer (&chunks);
}

char *
atelier_diff_words_markup (const char *before,
                           const char *after)
{
  g_autoptr(GPtrArray) chunks = atelier_diff_words (before, after);
  g_autoptr(GString) markup = g_string_new (NULL);

  for (guint i = 0; i < chunks->len; i++)
    {
      AtelierDiffChunk *chunk = g_ptr_array_index (chunks, i);
      g_autofree char *escaped = g_markup_escape_text (chunk->text, -1);

      if (i > 0)
        g_string_append_c (markup, ' ');
      switch (chunk->kind)
        {
        case ATELIER_DIFF_INSERTED:
          g_string_append_printf (markup,
                                  "<span underline=\"single\" background=\"#2ec27e\" bgalpha=\"30%%\">%s</span>",
                                  escaped);
          break;
        case ATELIER_DIFF_DELETED:
          g_string_append_printf (markup,
                                  "<span strikethrough=\"true\" background=\"#e01b24\" bgalpha=\"25%%\">%s</span>",
                                  escaped);
          break;
        case ATELIER_DIFF_SAME:
        default:
          g_string_append (markup, escaped);
          break;
        }
    }
  return g_string_free (g_steal_pointer (&markup), FALSE);
}

gboolean
atelier_diff_words_equal (const char *before,
                          const char *after)
{
  g_auto(GStrv) a = split_words (before);
  g_auto(GStrv) b = split_words (after);

  return g_strv_equal ((const char * const *) a, (const char * const *) b);
}
