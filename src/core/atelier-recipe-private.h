/* atelier-recipe-private.h — what the split files of AtelierRecipe share
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "atelier-recipe.h"

G_BEGIN_DECLS

struct _AtelierRecipe
{
  GObject           parent_instance;

  char             *model_id;
  char             *prompt;
  AtelierRegion     region;
  guint             width;
  guint             height;
  char             *aspect_ratio;
  gint64            seed;
  gboolean          latest_weights;
  guint             expand[ATELIER_N_SIDES];
  GHashTable       *params;     /* name → GVariant ("d", "b" or "s") */
  GPtrArray        *references; /* AtelierReference, slot order */
  AtelierReference *mask;
};

/* g_set_str () is GLib 2.76; Atelier builds against 2.74. */
gboolean _atelier_recipe_set_str (char       **str_pointer,
                                  const char  *new_str);

G_END_DECLS
