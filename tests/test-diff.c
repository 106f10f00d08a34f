/* test-diff.c — the word diff the detail view shows between a prompt and its parent's
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "atelier-diff.h"
#include "atelier-test-utils.h"

/* The diff as "same [-deleted-] {+inserted+}" for easy comparison. */
static char *
render (const char *before,
        const char *after)
{
  g_autoptr(GPtrArray) chunks = atelier_diff_words (before, after);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < chunks->len; i++)
    {
      AtelierDiffChunk *chunk = g_ptr_array_index (chunks, i);

      if (i > 0 && !chunk->glued)
        g_string_append_c (out, ' ');
      if (chunk->kind == ATELIER_DIFF_DELETED)
        g_string_append_printf (out, "[-%s-]", chunk->text);
      else if (chunk->kind == ATELIER_DIFF_INSERTED)
        g_string_append_printf (out, "{+%s+}", chunk->text);
      else
        g_string_append (out, chunk->text);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

#define assert_diff(before, after, expected) \
  G_STMT_START { \
    g_autofree char *got = render (before, after); \
    g_assert_cmpstr (got, ==, expected); \
  } G_STMT_END

static void
test_words (void)
{
  assert_diff ("a red fox", "a red fox", "a red fox");
  assert_diff ("a red fox", "a blue fox", "a [-red-] {+blue+} fox");
  assert_diff ("a fox", "a small red fox", "a {+small red+} fox");
  assert_diff ("a small red fox", "a fox", "a [-small red-] fox");
  assert_diff ("a fox in snow", "a cat in snow at night", "a [-fox-] {+cat+} in snow {+at night+}");
  /* White space does not count as a change. */
  assert_diff ("a   red\nfox ", " a red fox", "a red fox");
  g_assert_true (atelier_diff_words_equal ("a   red\nfox ", " a red fox"));
  g_assert_false (atelier_diff_words_equal ("a red fox", "a red cat"));
}

/* A comma or a full stop added after a word is that mark, not a new word; hyphens and
 * apostrophes stay in their words. */
static void
test_punctuation (void)
{
  assert_diff ("a red lighthouse, oil painting", "a red lighthouse, oil painting, stormy sea",
               "a red lighthouse, oil painting{+, stormy sea+}");
  assert_diff ("a fox.", "a fox!", "a fox[-.-]{+!+}");
  assert_diff ("a red-and-white tower", "a red-and-blue tower", "a [-red-and-white-] {+red-and-blue+} tower");
  assert_diff ("the keeper's cottage", "the keeper’s cottage", "the [-keeper's-] {+keeper’s+} cottage");
  assert_diff ("(a fox)", "(a cat)", "(a [-fox-] {+cat+})");
  assert_diff ("...", "…", "[-...-] {+…+}");
  g_assert_true (atelier_diff_words_equal ("a fox , red", "a fox, red"));
}

static void
test_empty (void)
{
  assert_diff ("", "", "");
  assert_diff (NULL, "a fox", "{+a fox+}");
  assert_diff ("a fox", NULL, "[-a fox-]");
}

static void
test_markup_is_escaped (void)
{
  g_autofree char *markup = atelier_diff_words_markup ("a <b>fox</b> & cat", "a <i>fox</i> & cat");
  g_autoptr(GError) error = NULL;

  g_assert_null (strstr (markup, "<b>"));
  g_assert_nonnull (strstr (markup, "&lt;"));
  g_assert_nonnull (strstr (markup, "b&gt;fox&lt;/b"));
  g_assert_nonnull (strstr (markup, "&amp;"));
  g_assert_nonnull (strstr (markup, "strikethrough"));
  g_assert_nonnull (strstr (markup, "underline"));
  /* Pango must accept it (g_markup is the parser Pango uses). */
  {
    GMarkupParser parser = { 0 };
    g_autoptr(GMarkupParseContext) context = NULL;
    g_autofree char *wrapped = g_strconcat ("<markup>", markup, "</markup>", NULL);

    context = g_markup_parse_context_new (&parser, 0, NULL, NULL);
    g_assert_true (g_markup_parse_context_parse (context, wrapped, -1, &error));
    g_assert_no_error (error);
  }
}

static void
test_long_prompts_stay_cheap (void)
{
  g_autoptr(GString) a = g_string_new ("start");
  g_autoptr(GString) b = g_string_new ("start");
  g_autoptr(GPtrArray) chunks = NULL;
  AtelierDiffChunk *first;

  /* 20 000 different words each side: too many to compare word by word, one replacement. */
  for (guint i = 0; i < 20000; i++)
    {
      g_string_append_printf (a, " a%u", i);
      g_string_append_printf (b, " b%u", i);
    }
  g_string_append (a, " end");
  g_string_append (b, " end");
  chunks = atelier_diff_words (a->str, b->str);
  g_assert_cmpuint (chunks->len, ==, 4);
  first = g_ptr_array_index (chunks, 0);
  g_assert_cmpstr (first->text, ==, "start");
  g_assert_cmpint (((AtelierDiffChunk *) g_ptr_array_index (chunks, 1))->kind, ==, ATELIER_DIFF_DELETED);
  g_assert_cmpint (((AtelierDiffChunk *) g_ptr_array_index (chunks, 2))->kind, ==, ATELIER_DIFF_INSERTED);
  g_assert_cmpstr (((AtelierDiffChunk *) g_ptr_array_index (chunks, 3))->text, ==, "end");
}

int
main (int   argc,
      char *argv[])
{
  atelier_test_init (&argc, &argv);

  g_test_add_func ("/diff/words", test_words);
  g_test_add_func ("/diff/punctuation", test_punctuation);
  g_test_add_func ("/diff/empty", test_empty);
  g_test_add_func ("/diff/markup-is-escaped", test_markup_is_escaped);
  g_test_add_func ("/diff/long-prompts-stay-cheap", test_long_prompts_stay_cheap);

  return g_test_run ();
}
