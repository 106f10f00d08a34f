/* test-variations.c — prompt variants: what "{red|blue} fox" sends, and what it refuses
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "atelier-error.h"
#include "atelier-test-utils.h"
#include "atelier-variations.h"

static void
assert_expands (const char         *prompt,
                const char * const *expected,
                const char * const *expected_labels)
{
  g_auto(GStrv) prompts = NULL;
  g_auto(GStrv) labels = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (atelier_variations_expand (prompt, ATELIER_VARIATIONS_MAX, &prompts, &labels, &error));
  g_assert_no_error (error);
  g_assert_cmpstrv (prompts, expected);
  if (expected_labels != NULL)
    g_assert_cmpstrv (labels, expected_labels);
}

static void
assert_refused (const char *prompt,
                const char *fragment)
{
  g_auto(GStrv) prompts = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (atelier_variations_expand (prompt, ATELIER_VARIATIONS_MAX, &prompts, NULL, &error));
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_VALIDATION);
  g_assert_null (prompts);
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” refused with “%s”, expected it to say “%s”", prompt, error->message, fragment);
}

static void
test_one_group (void)
{
  assert_expands ("a {red|blue|green} fox",
                  (const char *[]) { "a red fox", "a blue fox", "a green fox", NULL },
                  (const char *[]) { "red", "blue", "green", NULL });
}

static void
test_groups_multiply (void)
{
  assert_expands ("{red|blue} {fox|cat} at {dawn|dusk}",
                  (const char *[]) { "red fox at dawn", "red fox at dusk", "red cat at dawn",
                                     "red cat at dusk", "blue fox at dawn", "blue fox at dusk",
                                     "blue cat at dawn", "blue cat at dusk", NULL },
                  (const char *[]) { "red · fox · dawn", "red · fox · dusk", "red · cat · dawn",
                                     "red · cat · dusk", "blue · fox · dawn", "blue · fox · dusk",
                                     "blue · cat · dawn", "blue · cat · dusk", NULL });
}

static void
test_no_groups (void)
{
  assert_expands ("a plain fox | nothing else",
                  (const char *[]) { "a plain fox | nothing else", NULL },
                  (const char *[]) { "", NULL });
  assert_expands ("", (const char *[]) { "", NULL }, NULL);
  g_assert_false (atelier_variations_has_groups ("a plain fox"));
  g_assert_false (atelier_variations_has_groups ("a \\{literal\\} fox"));
  g_assert_true (atelier_variations_has_groups ("a {red|blue} fox"));
  g_assert_true (atelier_variations_has_groups ("a {unbalanced fox"));
}

static void
test_escapes_stay_literal (void)
{
  assert_expands ("a \\{json\\} {x\\|y|z} \\\\ fox",
                  (const char *[]) { "a {json} x|y \\ fox", "a {json} z \\ fox", NULL },
                  (const char *[]) { "x|y", "z", NULL });
  /* A backslash before anything else is kept as typed. */
  assert_expands ("C:\\path {a|b}",
                  (const char *[]) { "C:\\path a", "C:\\path b", NULL }, NULL);
}

static void
test_empty_alternatives (void)
{
  assert_expands ("a {|big }fox",
                  (const char *[]) { "a fox", "a big fox", NULL },
                  (const char *[]) { "(none)", "big", NULL });
  assert_expands ("{only} one", (const char *[]) { "only one", NULL }, NULL);
  assert_refused ("a {} fox", "character 3");
}

static void
test_unbalanced (void)
{
  assert_refused ("a {red|blue fox", "never closed");
  assert_refused ("a {red|blue fox", "character 3");
  assert_refused ("a red} fox", "closes no group");
  assert_refused ("a red} fox", "character 6");
  assert_refused ("{a|{b|c}}", "nested");
  assert_refused ("{", "never closed");
  assert_refused ("}", "closes no group");
  /* Positions count characters, not bytes. */
  assert_refused ("ünïcödé {fox", "character 9");
}

static void
test_huge_products (void)
{
  g_autoptr(GString) prompt = g_string_new (NULL);
  g_auto(GStrv) prompts = NULL;
  g_autoptr(GError) error = NULL;

  assert_refused ("{a|b|c|d|e|f|g}{a|b|c|d|e|f|g}", "49 prompts");
  assert_refused ("{a|b|c|d|e|f|g}{a|b|c|d|e|f|g}", "at most 48");

  /* 2^200 combinations: refused at once, counted without overflow. */
  for (guint i = 0; i < 200; i++)
    g_string_append (prompt, "{a|b}");
  g_assert_false (atelier_variations_expand (prompt->str, ATELIER_VARIATIONS_MAX, &prompts, NULL, &error));
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "over"));

  /* Exactly the maximum is fine. */
  {
    g_auto(GStrv) at_max = NULL;

    g_assert_true (atelier_variations_expand ("{1|2|3|4|5|6}{1|2|3|4|5|6|7|8}", ATELIER_VARIATIONS_MAX,
                                              &at_max, NULL, NULL));
    g_assert_cmpuint (g_strv_length (at_max), ==, 48);
  }

  /* Many one-choice groups cost nothing. */
  {
    g_autoptr(GString) ones = g_string_new (NULL);
    g_auto(GStrv) one = NULL;

    for (guint i = 0; i < 20000; i++)
      g_string_append (ones, "{x}");
    g_assert_true (atelier_variations_expand (ones->str, ATELIER_VARIATIONS_MAX, &one, NULL, NULL));
    g_assert_cmpuint (g_strv_length (one), ==, 1);
    g_assert_cmpuint (strlen (one[0]), ==, 20000);
  }
}

int
main (int   argc,
      char *argv[])
{
  atelier_test_init (&argc, &argv);

  g_test_add_func ("/variations/one-group", test_one_group);
  g_test_add_func ("/variations/groups-multiply", test_groups_multiply);
  g_test_add_func ("/variations/no-groups", test_no_groups);
  g_test_add_func ("/variations/escapes-stay-literal", test_escapes_stay_literal);
  g_test_add_func ("/variations/empty-alternatives", test_empty_alternatives);
  g_test_add_func ("/variations/unbalanced", test_unbalanced);
  g_test_add_func ("/variations/huge-products", test_huge_products);

  return g_test_run ();
}
