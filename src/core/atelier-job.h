/* atelier-job.h — one requested image, from Generate to a file on disk
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "atelier-recipe.h"

G_BEGIN_DECLS

typedef enum
{
  ATELIER_JOB_QUEUED,             /* waiting for a free slot (queue-position, waiting-for-slot) */
  ATELIER_JOB_SUBMITTING,         /* the POST is in flight */
  ATELIER_JOB_PENDING,            /* polling (progress) */
  ATELIER_JOB_DOWNLOADING,        /* Ready: fetching the signed URL */
  ATELIER_JOB_READY,              /* the image is on disk */
  ATELIER_JOB_FAILED,             /* error-message; retryable says whether Retry is safe */
  ATELIER_JOB_REQUEST_MODERATED,  /* moderation-reasons */
  ATELIER_JOB_CONTENT_MODERATED,
  ATELIER_JOB_CANCELLED,
  ATELIER_JOB_EXPIRED,            /* the result URL expired before we could fetch it */
  ATELIER_JOB_INTERRUPTED,        /* the app stopped while submitting: may have been charged */
} AtelierJobState;

#define ATELIER_TYPE_JOB_STATE (atelier_job_state_get_type ())
GType        atelier_job_state_get_type     (void) G_GNUC_CONST;
const char  *atelier_job_state_to_string    (AtelierJobState state); /* "pending" (stable, for JSON) */
/* A short translated word for the UI: "Queued", "Generating", "Content moderated"… */
const char  *atelier_job_state_get_label    (AtelierJobState state);
gboolean     atelier_job_state_is_final     (AtelierJobState state);

#define ATELIER_TYPE_JOB (atelier_job_get_type ())

/* Properties (all notify): state, progress, queue-position, waiting-for-slot, status-text,
 * error-message, retryable, moderation-reasons, task-id, polling-url, sample-url, seed,
 * upsampled-prompt, estimated-cost, actual-cost, input-mp, output-mp, image-file, created-at,
 * submitted-at, ready-at, finished-at, duration, width, height, content-type, favourite,
 * collections, set-id; also id, recipe, error-code and display-cost. Read-only here: the engine and the library write a job through
 * atelier-job-private.h, and everyone else follows the properties. */
G_DECLARE_FINAL_TYPE (AtelierJob, atelier_job, ATELIER, JOB, GObject)

AtelierJob      *atelier_job_new                 (AtelierRecipe   *recipe);
const char      *atelier_job_get_id              (AtelierJob      *self); /* local UUID */
AtelierRecipe   *atelier_job_get_recipe          (AtelierJob      *self);

AtelierJobState  atelier_job_get_state           (AtelierJob      *self);
double           atelier_job_get_progress        (AtelierJob      *self); /* 0…1, < 0 unknown */
guint            atelier_job_get_queue_position  (AtelierJob      *self); /* 1-based, 0 = not queued */
gboolean         atelier_job_get_waiting_for_slot (AtelierJob     *self); /* after a 429 */
const char      *atelier_job_get_status_text     (AtelierJob      *self); /* an unknown server status */
const char      *atelier_job_get_error_message   (AtelierJob      *self);
int              atelier_job_get_error_code      (AtelierJob      *self); /* AtelierError, -1 none */
gboolean         atelier_job_get_retryable       (AtelierJob      *self);
const char * const *atelier_job_get_moderation_reasons (AtelierJob *self);

const char      *atelier_job_get_task_id         (AtelierJob      *self);
const char      *atelier_job_get_polling_url     (AtelierJob      *self);
const char      *atelier_job_get_sample_url      (AtelierJob      *self);
gint64           atelier_job_get_seed            (AtelierJob      *self); /* the seed sent or echoed, -1 unknown */
const char      *atelier_job_get_upsampled_prompt (AtelierJob     *self);

double           atelier_job_get_estimated_cost  (AtelierJob      *self); /* credits */
double           atelier_job_get_actual_cost     (AtelierJob      *self); /* < 0 until the server says */
/* The cost to show: the actual one once known, else the estimate. */
double           atelier_job_get_display_cost    (AtelierJob      *self);
double           atelier_job_get_input_mp        (AtelierJob      *self);
double           atelier_job_get_output_mp       (AtelierJob      *self);

GFile           *atelier_job_get_image_file      (AtelierJob      *self); /* READY only */
/* The image's file name inside the library (kept in the record; known before the file is resolved). */
const char      *atelier_job_get_image_name      (AtelierJob      *self);
const char      *atelier_job_get_content_type    (AtelierJob      *self);
guint            atelier_job_get_width           (AtelierJob      *self);
guint            atelier_job_get_height          (AtelierJob      *self);

/* Unix times in seconds (0 = not yet). */
gint64           atelier_job_get_created_at      (AtelierJob      *self);
/* Orders jobs newest first (microseconds, so a batch keeps its order); a GCompareFunc-like helper. */
int              atelier_job_compare_newest_first (AtelierJob     *a,
                                                   AtelierJob     *b);
gint64           atelier_job_get_submitted_at    (AtelierJob      *self);
gint64           atelier_job_get_ready_at        (AtelierJob      *self); /* when the server said Ready */
gint64           atelier_job_get_finished_at     (AtelierJob      *self);
double           atelier_job_get_duration        (AtelierJob      *self); /* server-side seconds, < 0 unknown */

/* The library's file names of the references' and mask's copies (kept in the record). */
const char * const *atelier_job_get_ref_names    (AtelierJob      *self);
const char      *atelier_job_get_mask_name       (AtelierJob      *self);

/* Keeping: a star and the collections (ids, see AtelierCollections). Changed through
 * atelier_library_set_favourite () and friends, which save the record. */
gboolean         atelier_job_get_favourite       (AtelierJob      *self);
const char * const *atelier_job_get_collections  (AtelierJob      *self); /* NULL when in none */
gboolean         atelier_job_is_in_collection    (AtelierJob      *self,
                                                  const char      *collection_id);
/* Lineage (atelier-job-lineage.c). How a job relates to a parent: */
#define ATELIER_RELATION_REGENERATE "regenerate"  /* Regenerate: the same recipe again */
#define ATELIER_RELATION_REUSE      "reuse"       /* Reuse settings, then Generate */
#define ATELIER_RELATION_REFERENCE  "reference"   /* the parent's image was a reference */
#define ATELIER_RELATION_FILL       "fill"        /* Edit with Fill on the parent's image */
#define ATELIER_RELATION_EXPAND     "expand"      /* Expand of the parent's image */
#define ATELIER_RELATION_VARIATION  "variation"   /* a variation of its set's first job */

/* Kinds of variation set (what varied between its jobs). */
#define ATELIER_VARIATION_SEED      "seed"
#define ATELIER_VARIATION_MODEL     "model"
#define ATELIER_VARIATION_PROMPT    "prompt"

guint            atelier_job_get_n_parents       (AtelierJob      *self);
const char      *atelier_job_get_parent_id       (AtelierJob      *self,
                                                  guint            index);
const char      *atelier_job_get_parent_relation (AtelierJob      *self,
                                                  guint            index);
gboolean         atelier_job_has_parent          (AtelierJob      *self,
                                                  const char      *parent_id);
/* The variation set a job belongs to (NULL when made alone), what varied in it ("seed", "model",
 * "prompt") and this job's value of it ("FLUX.2 [pro]", "red", "Seed 42"). */
const char      *atelier_job_get_set_id          (AtelierJob      *self);
const char      *atelier_job_get_variation_kind  (AtelierJob      *self);
const char      *atelier_job_get_variation_label (AtelierJob      *self);
/* A relation's words for the UI: "Regenerated from", "Reference"… */
const char      *atelier_job_relation_get_label  (const char      *relation);

/* The JSON metadata record (without the references' bytes; see atelier-library). NULL ref_names /
 * mask_name = the names the job already holds. */
JsonNode        *atelier_job_to_json             (AtelierJob      *self,
                                                  const char * const *ref_names,
                                                  const char      *mask_name);
AtelierJob      *atelier_job_new_from_json       (JsonNode        *node,
                                                  GError         **error);

G_END_DECLS
