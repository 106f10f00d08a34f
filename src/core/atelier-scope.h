/* atelier-scope.h — which pictures the gallery shows: all, the favourites, a collection, a set
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
  ATELIER_SCOPE_ALL,
  ATELIER_SCOPE_FAVOURITES,
  ATELIER_SCOPE_COLLECTION,   /* id: a collection id */
  ATELIER_SCOPE_SET,          /* id: a variation set id */
} AtelierScopeKind;

typedef struct
{
  AtelierScopeKind  kind;
  char             *id;
} AtelierScope;

/* A scope as one string, for a stateful action and a setting: "all", "favourites",
 * "collection:<id>", "set:<id>". Anything else (or an empty id) reads as "all". */
void      atelier_scope_parse       (AtelierScope       *scope,
                                     const char         *text);
char     *atelier_scope_to_string   (const AtelierScope *scope);
void      atelier_scope_clear       (AtelierScope       *scope);

/* Whether a picture with these keeping properties is in the scope. Pure: any thread. */
gboolean  atelier_scope_matches     (const AtelierScope *scope,
                                     gboolean            favourite,
                                     const char * const *collection_ids,
                                     const char         *set_id);

G_END_DECLS
