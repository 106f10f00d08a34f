/* atelier-job-private.h — what the split files of AtelierJob share
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "atelier-job.h"

G_BEGIN_DECLS

struct _AtelierJob
{
  GObject          parent_instance;

  char            *id;
  AtelierRecipe   *recipe;

  AtelierJobState  state;
  double           progress;
  guint            queue_position;
  gboolean         waiting_for_slot;
  char            *status_text;
  char            *error_message;
  int              error_code;
  gboolean         retryable;
  GStrv            moderation_reasons;

  char            *task_id;
  char            *polling_url;
  char            *sample_url;
  gint64           seed;
  char            *upsampled_prompt;

  double           estimated_cost;
  double           actual_cost;
  double           input_mp;
  double           output_mp;

  GFile           *image_file;
  char            *image_name;
  char            *content_type;
  guint            width;
  guint            height;

  GStrv            ref_names;
  char            *mask_name;

  gint64           created_at;
  gint64           created_usec;    /* orders jobs made within one second */
  gint64           submitted_at;
  gint64           ready_at;
  gint64           finished_at;
  double           duration;
};

/* The inverse of atelier_job_state_to_string (); FALSE for a name no version wrote. */
gboolean _atelier_job_state_from_string (const char      *str,
                                         AtelierJobState *state);

G_END_DECLS
