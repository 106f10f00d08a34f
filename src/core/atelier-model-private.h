/* atelier-model-private.h — what the split files of AtelierModel share
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "atelier-model.h"

G_BEGIN_DECLS

struct _AtelierModel
{
  GObject             parent_instance;

  char               *id;
  char               *name;
  char               *family_name;
  char               *best_for;
  char               *path;
  char               *preview_path;
  char               *ref_note;
  AtelierFamily       family;
  gboolean            hosted;
  gboolean            requires_prompt;
  guint               concurrency;

  AtelierRefMode      ref_mode;
  guint               max_refs;
  guint               stable_refs;

  AtelierSizeMode     size_mode;
  guint               min_size;
  guint               max_size;
  guint               size_step;
  guint64             max_pixels;
  guint               default_width;
  guint               default_height;
  gboolean            size_from_reference;
  double              min_aspect;
  double              max_aspect;
  char               *default_aspect;
  GStrv               aspect_choices;
  guint64             aspect_pixels;

  AtelierPricingMode  pricing_mode;
  double              price_first;
  double              price_extra;
  double              price_raw;

  GPtrArray          *params; /* AtelierParam */
};

void _atelier_param_free (AtelierParam *param);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtelierParam, _atelier_param_free)

G_END_DECLS
