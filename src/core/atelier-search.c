/* atelier-search.c — whether a picture matches what was typed in the gallery's search
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "atelier-library.h"
#include "atelier-search.h"

/* "Ä" typed and "a\u0308" stored, or "FOX" and "fox", compare equal: everything is folded by
 * atelier_library_fold (), the folding the library's rows keep prompts in. */

GStrv
atelier_search_fold_terms (const char *query)
{
  g_autofree char *folded = NULL;
  g_auto(GStrv) pieces = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  gboolean any = FALSE;

  if (query == NULL)
    return NULL;
  folded = atelier_library_fold (query);
  /* Tabs and newlines separate terms too (a pasted prompt). */
  g_strdelimit (folded, "\t\n\r\f\v", ' ');
  pieces = g_strsplit (folded, " ", -1);
  builder = g_strv_builder_new ();
  for (guint i = 0; pieces[i] != NULL; i++)
    if (pieces[i][0] != '\0')
      {
        g_strv_builder_add (builder, pieces[i]);
        any = TRUE;
      }
  return any ? g_strv_builder_end (builder) : NULL;
}

static gboolean
contains (const char *haystack,
          const char *folded_needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL || *haystack == '\0')
    return FALSE;
  folded = atelier_library_fold (haystack);
  return strstr (folded, folded_needle) != NULL;
}

gboolean
atelier_search_matches (const char * const *terms,
                        const char         *prompt,
                        const char         *model_name,
                        const char         *model_id,
                        gint64              seed,
                        const char * const *collection_names)
{
  g_autofree char *folded_prompt = NULL;
  char seed_text[24] = "";

  if (terms == NULL || terms[0] == NULL)
    return TRUE;

  /* A seed is a number copied whole: "42" finds seed 42, not 1423. */
  /* The prompt is the longest and the most often searched: folded once for all terms. */
  folded_prompt = atelier_library_fold (prompt);
  if (seed >= 0)
    g_snprintf (seed_text, sizeof seed_text, "%" G_GINT64_FORMAT, seed);

  for (guint i = 0; terms[i] != NULL; i++)
    {
      const char *term = terms[i];
      gboolean found = strstr (folded_prompt, term) != NULL ||
                       contains (model_name, term) ||
                       contains (model_id, term) ||
                       (seed_text[0] != '\0' && g_str_equal (seed_text, term));

      for (guint j = 0; !found && collection_names != NULL && collection_names[j] != NULL; j++)
        found = contains (collection_names[j], term);
      if (!found)
        return FALSE;
    }
  return TRUE;
}
