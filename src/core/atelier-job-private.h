/* atelier-job-private.h — AtelierJob's instance and setters: for its own files, the engine,
 * the library and tests
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

  /* Kept: the star, and the collections it is in (atelier-library-keep.c). */
  gboolean         favourite;
  GStrv            collections;     /* collection ids, NULL when in none */

  /* Lineage (atelier-job-lineage.c): set once when the job is made, never changed after. */
  char            *set_id;          /* the variation set, NULL when alone */
  char            *variation_kind;  /* "seed", "model", "prompt" */
  char            *variation_label; /* what varied: a model's name, the variant's text… */
  GPtrArray       *parents;         /* AtelierJobParent, NULL when none */
};

/* Setters: the engine and the library write a job's life into it; tests make jobs in any state.
 * Nothing in the UI sets a job: it follows the properties. */
void     _atelier_job_set_state               (AtelierJob      *self,
                                               AtelierJobState  state);
void     _atelier_job_set_progress            (AtelierJob *self,
                                               double      progress);
void     _atelier_job_set_queue_position      (AtelierJob *self,
                                               guint       position);
void     _atelier_job_set_waiting_for_slot    (AtelierJob *self,
                                               gboolean    waiting);
void     _atelier_job_set_status_text         (AtelierJob *self,
                                               const char *text);
/* A stand-in job for a record that cannot be read: the id and time of the one it replaces. */
void     _atelier_job_set_id                  (AtelierJob      *self,
                                               const char      *id,
                                               gint64           created_usec);
/* Sets state FAILED (or the given state), the message and code, and whether Retry is safe. */
void     _atelier_job_fail                    (AtelierJob      *self,
                                               AtelierJobState  state,
                                               const GError    *error,
                                               gboolean         retryable);
/* Clears the error, status text and moderation reasons (a Retry starts afresh). */
void     _atelier_job_clear_error             (AtelierJob *self);
void     _atelier_job_set_moderation_reasons  (AtelierJob         *self,
                                               const char * const *reasons);
void     _atelier_job_set_task                (AtelierJob *self,
                                               const char *task_id,
                                               const char *polling_url);
void     _atelier_job_set_sample_url          (AtelierJob *self,
                                               const char *url);
void     _atelier_job_set_seed                (AtelierJob *self,
                                               gint64      seed);
void     _atelier_job_set_upsampled_prompt    (AtelierJob *self,
                                               const char *prompt);
void     _atelier_job_set_estimated_cost      (AtelierJob *self,
                                               double      credits);
void     _atelier_job_set_actual_cost         (AtelierJob *self,
                                               double      credits);
void     _atelier_job_set_megapixels          (AtelierJob *self,
                                               double      input_mp,
                                               double      output_mp);
void     _atelier_job_set_image_file          (AtelierJob *self,
                                               GFile      *file,
                                               const char *content_type,
                                               guint       width,
                                               guint       height);
void     _atelier_job_set_submitted_at        (AtelierJob *self,
                                               gint64      when);
void     _atelier_job_set_ready_at            (AtelierJob *self,
                                               gint64      when);
void     _atelier_job_set_duration            (AtelierJob *self,
                                               double      seconds);
void     _atelier_job_set_ref_names           (AtelierJob         *self,
                                               const char * const *ref_names,
                                               const char         *mask_name);
/* Keeping: the library saves the record after these (atelier_library_set_favourite ()…). */
void     _atelier_job_set_favourite           (AtelierJob *self,
                                               gboolean    favourite);
void     _atelier_job_set_collections         (AtelierJob         *self,
                                               const char * const *collection_ids);
/* Lineage: only while the job is made (before it is first saved). */
void     _atelier_job_set_variation           (AtelierJob *self,
                                               const char *set_id,
                                               const char *kind,
                                               const char *label);
/* Adds a parent (a job id and how this job came from it); a repeated id is not added twice. */
void     _atelier_job_add_parent              (AtelierJob *self,
                                               const char *parent_id,
                                               const char *relation);

/* The inverse of atelier_job_state_to_string (); FALSE for a name no version wrote. */
gboolean _atelier_job_state_from_string       (const char      *str,
                                               AtelierJobState *state);

G_END_DECLS
