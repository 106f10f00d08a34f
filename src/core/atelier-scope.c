/* atelier-scope.c — which pictures the gallery shows: all, the favourites, a collection, a set
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "atelier-scope.h"

void
atelier_scope_parse (AtelierScope *scope,
                     const char   *text)
{
  g_return_if_fail (scope != NULL);

  atelier_scope_clear (scope);
  if (text == NULL)
    return;
  if (g_str_equal (text, "favourites"))
    scope->kind = ATELIER_SCOPE_FAVOURITES;
  else if (g_str_has_prefix (text, "collection:") && text[strlen ("collection:")] != '\0')
    {
      scope->kind = ATELIER_SCOPE_COLLECTION;
      scope->id = g_strdup (text + strlen ("collection:"));
    }
  else if (g_str_has_prefix (text, "set:") && text[strlen ("set:")] != '\0')
    {
      scope->kind = ATELIER_SCOPE_SET;
      scope->id = g_strdup (text + strlen ("set:"));
    }
}

char *
atelier_scope_to_string (const AtelierScope *scope)
{
  g_return_val_if_fail (scope != NULL, NULL);

  switch (scope->kind)
    {
    case ATELIER_SCOPE_FAVOURITES:
      return g_strdup ("favourites");
    case ATELIER_SCOPE_COLLECTION:
      return g_strconcat ("collection:", scope->id, NULL);
    case ATELIER_SCOPE_SET:
      return g_strconcat ("set:", scope->id, NULL);
    case ATELIER_SCOPE_ALL:
    default:
      return g_strdup ("all");
    }
}

void
atelier_scope_clear (AtelierScope *scope)
{
  g_return_if_fail (scope != NULL);

  scope->kind = ATELIER_SCOPE_ALL;
  g_clear_pointer (&scope->id, g_free);
}

gboolean
atelier_scope_matches (const AtelierScope *scope,
                       gboolean            favourite,
                       const char * const *collection_ids,
                       const char         *set_id)
{
  if (scope == NULL)
    return TRUE;

  switch (scope->kind)
    {
    case ATELIER_SCOPE_FAVOURITES:
      return favourite;
    case ATELIER_SCOPE_COLLECTION:
      return scope->id != NULL && collection_ids != NULL && g_strv_contains (collection_ids, scope->id);
    case ATELIER_SCOPE_SET:
      return scope->id != NULL && g_strcmp0 (set_id, scope->id) == 0;
    case ATELIER_SCOPE_ALL:
    default:
      return TRUE;
    }
}
