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

#define TOKEN_A(i) ((Token) { a[i], g_array_index (glued_a, gboolean, i) })
#define TOKEN_B(j) ((Token) { b[j], g_array_index (glued_b, gboolean, j) })

static void
chunk_free (AtelierDiffChunk *chunk)
{
  g_free (chunk->text);
  g_free (chunk);
}

/* A word or a mark of punctuation, and whether white space came before it. */
typedef struct
{
  const char *text;
  gboolean    glued;
} Token;

static gboolean
is_mark (gunichar c)
{
  return g_unichar_ispunct (c) && c != '-' && c != '\'' && c != 0x2019 /* ’ */;
}

static void
add_token (GStrvBuilder *builder,
           GArray       *glued,
           const char   *start,
           const char   *end,
           gboolean     *first)
{
  g_autofree char *token = g_strndup (start, end - start);
  gboolean value = !*first;

  g_strv_builder_add (builder, token);
  g_array_append_val (glued, value);
  *first = FALSE;
}

/* The prompt's words, with punctuation at their ends as tokens of their own: "painting," and
 * "painting" differ by the comma, not by the word. Hyphens and apostrophes stay in their words. */
static GStrv
split_words (const char  *text,
             GArray     **out_glued)
{
  g_auto(GStrv) raw = g_regex_split_simple ("\\s+", text != NULL ? text : "", 0, 0);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GArray *glued = g_array_new (FALSE, FALSE, sizeof (gboolean));

  for (guint i = 0; raw[i] != NULL; i++)
    {
      const char *word = raw[i];
      const char *end = word + strlen (word);
      const char *body_end = end;
      gboolean first = TRUE;

      /* Marks before the word and after it, one token each. */
      while (word < end && is_mark (g_utf8_get_char (word)))
        {
          add_token (builder, glued, word, g_utf8_next_char (word), &first);
          word = g_utf8_next_char (word);
        }
      while (body_end > word && is_mark (g_utf8_get_char (g_utf8_prev_char (body_end))))
        body_end = g_utf8_prev_char (body_end);
      if (body_end > word)
        add_token (builder, glued, word, body_end, &first);
      for (const char *mark = body_end; mark < end; mark = g_utf8_next_char (mark))
        add_token (builder, glued, mark, g_utf8_next_char (mark), &first);
    }
  if (out_glued != NULL)
    *out_glued = glued;
  else
    g_array_unref (glued);
  return g_strv_builder_end (builder);
}

static void
push (GPtrArray       *chunks,
      AtelierDiffKind  kind,
      Token            token)
{
  AtelierDiffChunk *last = chunks->len > 0 ? g_ptr_array_index (chunks, chunks->len - 1) : NULL;
  AtelierDiffChunk *chunk;

  if (last != NULL && last->kind == kind)
    {
      g_autofree char *joined = g_strconcat (last->text, token.glued ? "" : " ", token.text, NULL);

      g_free (last->text);
      last->text = g_steal_pointer (&joined);
      return;
    }
  chunk = g_new0 (AtelierDiffChunk, 1);
  chunk->kind = kind;
  chunk->text = g_strdup (token.text);
  chunk->glued = token.glued;
  g_ptr_array_add (chunks, chunk);
}

/* Deletions and insertions that alternate in the middle read better grouped: all of a change's
 * deleted words, then its inserted ones. */
static void
push_change (GPtrArray  *chunks,
             GArray     *deleted,
             GArray     *inserted)
{
  for (guint i = 0; i < deleted->len; i++)
    push (chunks, ATELIER_DIFF_DELETED, g_array_index (deleted, Token, i));
  for (guint i = 0; i < inserted->len; i++)
    push (chunks, ATELIER_DIFF_INSERTED, g_array_index (inserted, Token, i));
  g_array_set_size (deleted, 0);
  g_array_set_size (inserted, 0);
}

GPtrArray *
atelier_diff_words (const char *before,
                    const char *after)
{
  g_autoptr(GPtrArray) chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) chunk_free);
  g_autoptr(GArray) deleted = g_array_new (FALSE, FALSE, sizeof (Token));
  g_autoptr(GArray) inserted = g_array_new (FALSE, FALSE, sizeof (Token));
  g_autoptr(GArray) glued_a = NULL;
  g_autoptr(GArray) glued_b = NULL;
  g_auto(GStrv) a = split_words (before, &glued_a);
  g_auto(GStrv) b = split_words (after, &glued_b);
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
    push (chunks, ATELIER_DIFF_SAME, TOKEN_A (i));

  rows = end_a - start;
  cols = end_b - start;
  if ((guint64) rows * cols > MAX_CELLS)
    {
      for (guint i = start; i < end_a; i++)
        g_array_append_val (deleted, TOKEN_A (i));
      for (guint j = start; j < end_b; j++)
        g_array_append_val (inserted, TOKEN_B (j));
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
              push (chunks, ATELIER_DIFF_SAME, TOKEN_B (start + j));
              i++;
              j++;
            }
          else if (j < cols && (i == rows || LCS (i, j + 1) >= LCS (i + 1, j)))
            {
              g_array_append_val (inserted, TOKEN_B (start + j));
              j++;
            }
          else
            {
              g_array_append_val (deleted, TOKEN_A (start + i));
              i++;
            }
        }
#undef LCS
      push_change (chunks, deleted, inserted);
    }

  for (guint j = end_b; j < m; j++)
    push (chunks, ATELIER_DIFF_SAME, TOKEN_B (j));

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

      if (i > 0 && !chunk->glued)
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
  g_auto(GStrv) a = split_words (before, NULL);
  g_auto(GStrv) b = split_words (after, NULL);

  return g_strv_equal ((const char * const *) a, (const char * const *) b);
}
