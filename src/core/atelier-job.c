/* atelier-job.c — one requested image, from Generate to a file on disk
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-error.h"
#include "atelier-job-private.h"

G_DEFINE_FINAL_TYPE (AtelierJob, atelier_job, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_RECIPE,
  PROP_STATE,
  PROP_PROGRESS,
  PROP_QUEUE_POSITION,
  PROP_WAITING_FOR_SLOT,
  PROP_STATUS_TEXT,
  PROP_ERROR_MESSAGE,
  PROP_ERROR_CODE,
  PROP_RETRYABLE,
  PROP_MODERATION_REASONS,
  PROP_TASK_ID,
  PROP_POLLING_URL,
  PROP_SAMPLE_URL,
  PROP_SEED,
  PROP_UPSAMPLED_PROMPT,
  PROP_ESTIMATED_COST,
  PROP_ACTUAL_COST,
  PROP_DISPLAY_COST,
  PROP_INPUT_MP,
  PROP_OUTPUT_MP,
  PROP_IMAGE_FILE,
  PROP_CREATED_AT,
  PROP_SUBMITTED_AT,
  PROP_READY_AT,
  PROP_FINISHED_AT,
  PROP_DURATION,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_CONTENT_TYPE,
  PROP_FAVOURITE,
  PROP_COLLECTIONS,
  PROP_SET_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const state_names[] = {
  [ATELIER_JOB_QUEUED] = "queued",
  [ATELIER_JOB_SUBMITTING] = "submitting",
  [ATELIER_JOB_PENDING] = "pending",
  [ATELIER_JOB_DOWNLOADING] = "downloading",
  [ATELIER_JOB_READY] = "ready",
  [ATELIER_JOB_FAILED] = "failed",
  [ATELIER_JOB_REQUEST_MODERATED] = "request-moderated",
  [ATELIER_JOB_CONTENT_MODERATED] = "content-moderated",
  [ATELIER_JOB_CANCELLED] = "cancelled",
  [ATELIER_JOB_EXPIRED] = "expired",
  [ATELIER_JOB_INTERRUPTED] = "interrupted",
};

GType
atelier_job_state_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { ATELIER_JOB_QUEUED, "ATELIER_JOB_QUEUED", "queued" },
        { ATELIER_JOB_SUBMITTING, "ATELIER_JOB_SUBMITTING", "submitting" },
        { ATELIER_JOB_PENDING, "ATELIER_JOB_PENDING", "pending" },
        { ATELIER_JOB_DOWNLOADING, "ATELIER_JOB_DOWNLOADING", "downloading" },
        { ATELIER_JOB_READY, "ATELIER_JOB_READY", "ready" },
        { ATELIER_JOB_FAILED, "ATELIER_JOB_FAILED", "failed" },
        { ATELIER_JOB_REQUEST_MODERATED, "ATELIER_JOB_REQUEST_MODERATED", "request-moderated" },
        { ATELIER_JOB_CONTENT_MODERATED, "ATELIER_JOB_CONTENT_MODERATED", "content-moderated" },
        { ATELIER_JOB_CANCELLED, "ATELIER_JOB_CANCELLED", "cancelled" },
        { ATELIER_JOB_EXPIRED, "ATELIER_JOB_EXPIRED", "expired" },
        { ATELIER_JOB_INTERRUPTED, "ATELIER_JOB_INTERRUPTED", "interrupted" },
        { 0, NULL, NULL }
      };
      GType type = g_enum_register_static (g_intern_static_string ("AtelierJobState"), values);

      g_once_init_leave (&type_id, type);
    }

  return type_id;
}

const char *
atelier_job_state_to_string (AtelierJobState state)
{
  if ((guint) state < G_N_ELEMENTS (state_names))
    return state_names[state];
  return "failed";
}

gboolean
_atelier_job_state_from_string (const char      *str,
                                 AtelierJobState *state)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    {
      if (g_strcmp0 (str, state_names[i]) == 0)
        {
          *state = i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
atelier_job_state_get_label (AtelierJobState state)
{
  switch (state)
    {
    case ATELIER_JOB_QUEUED:
      return _("Queued");
    case ATELIER_JOB_SUBMITTING:
      return _("Sending");
    case ATELIER_JOB_PENDING:
      return _("Generating");
    case ATELIER_JOB_DOWNLOADING:
      return _("Downloading");
    case ATELIER_JOB_READY:
      return _("Ready");
    case ATELIER_JOB_FAILED:
      return _("Failed");
    case ATELIER_JOB_REQUEST_MODERATED:
      return _("Request moderated");
    case ATELIER_JOB_CONTENT_MODERATED:
      return _("Content moderated");
    case ATELIER_JOB_CANCELLED:
      return _("Cancelled");
    case ATELIER_JOB_EXPIRED:
      return _("Expired");
    case ATELIER_JOB_INTERRUPTED:
      return _("Interrupted");
    default:
      return _("Failed");
    }
}

gboolean
atelier_job_state_is_final (AtelierJobState state)
{
  return state >= ATELIER_JOB_READY;
}

static void
atelier_job_dispose (GObject *object)
{
  AtelierJob *self = ATELIER_JOB (object);

  g_clear_object (&self->recipe);
  g_clear_object (&self->image_file);

  G_OBJECT_CLASS (atelier_job_parent_class)->dispose (object);
}

static void
atelier_job_finalize (GObject *object)
{
  AtelierJob *self = ATELIER_JOB (object);

  g_free (self->id);
  g_free (self->status_text);
  g_free (self->error_message);
  g_strfreev (self->moderation_reasons);
  g_free (self->task_id);
  g_free (self->polling_url);
  g_free (self->sample_url);
  g_free (self->upsampled_prompt);
  g_free (self->image_name);
  g_free (self->content_type);
  g_strfreev (self->ref_names);
  g_free (self->mask_name);
  g_strfreev (self->collections);
  g_free (self->set_id);
  g_free (self->variation_kind);
  g_free (self->variation_label);
  g_clear_pointer (&self->parents, g_ptr_array_unref);

  G_OBJECT_CLASS (atelier_job_parent_class)->finalize (object);
}

static void
atelier_job_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  AtelierJob *self = ATELIER_JOB (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_RECIPE:
      g_value_set_object (value, self->recipe);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    case PROP_QUEUE_POSITION:
      g_value_set_uint (value, self->queue_position);
      break;
    case PROP_WAITING_FOR_SLOT:
      g_value_set_boolean (value, self->waiting_for_slot);
      break;
    case PROP_STATUS_TEXT:
      g_value_set_string (value, self->status_text);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;
    case PROP_ERROR_CODE:
      g_value_set_int (value, self->error_code);
      break;
    case PROP_RETRYABLE:
      g_value_set_boolean (value, self->retryable);
      break;
    case PROP_MODERATION_REASONS:
      g_value_set_boxed (value, self->moderation_reasons);
      break;
    case PROP_TASK_ID:
      g_value_set_string (value, self->task_id);
      break;
    case PROP_POLLING_URL:
      g_value_set_string (value, self->polling_url);
      break;
    case PROP_SAMPLE_URL:
      g_value_set_string (value, self->sample_url);
      break;
    case PROP_SEED:
      g_value_set_int64 (value, self->seed);
      break;
    case PROP_UPSAMPLED_PROMPT:
      g_value_set_string (value, self->upsampled_prompt);
      break;
    case PROP_ESTIMATED_COST:
      g_value_set_double (value, self->estimated_cost);
      break;
    case PROP_ACTUAL_COST:
      g_value_set_double (value, self->actual_cost);
      break;
    case PROP_DISPLAY_COST:
      g_value_set_double (value, atelier_job_get_display_cost (self));
      break;
    case PROP_INPUT_MP:
      g_value_set_double (value, self->input_mp);
      break;
    case PROP_OUTPUT_MP:
      g_value_set_double (value, self->output_mp);
      break;
    case PROP_IMAGE_FILE:
      g_value_set_object (value, self->image_file);
      break;
    case PROP_CREATED_AT:
      g_value_set_int64 (value, self->created_at);
      break;
    case PROP_SUBMITTED_AT:
      g_value_set_int64 (value, self->submitted_at);
      break;
    case PROP_READY_AT:
      g_value_set_int64 (value, self->ready_at);
      break;
    case PROP_FINISHED_AT:
      g_value_set_int64 (value, self->finished_at);
      break;
    case PROP_DURATION:
      g_value_set_double (value, self->duration);
      break;
    case PROP_WIDTH:
      g_value_set_uint (value, self->width);
      break;
    case PROP_HEIGHT:
      g_value_set_uint (value, self->height);
      break;
    case PROP_CONTENT_TYPE:
      g_value_set_string (value, self->content_type);
      break;
    case PROP_FAVOURITE:
      g_value_set_boolean (value, self->favourite);
      break;
    case PROP_COLLECTIONS:
      g_value_set_boxed (value, self->collections);
      break;
    case PROP_SET_ID:
      g_value_set_string (value, self->set_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_job_class_init (AtelierJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = atelier_job_dispose;
  object_class->finalize = atelier_job_finalize;
  object_class->get_property = atelier_job_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_RECIPE] = g_param_spec_object ("recipe", NULL, NULL, ATELIER_TYPE_RECIPE, flags);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, ATELIER_TYPE_JOB_STATE,
                                              ATELIER_JOB_QUEUED, flags);
  properties[PROP_PROGRESS] = g_param_spec_double ("progress", NULL, NULL, -1, 1, -1, flags);
  properties[PROP_QUEUE_POSITION] = g_param_spec_uint ("queue-position", NULL, NULL,
                                                       0, G_MAXUINT, 0, flags);
  properties[PROP_WAITING_FOR_SLOT] = g_param_spec_boolean ("waiting-for-slot", NULL, NULL,
                                                            FALSE, flags);
  properties[PROP_STATUS_TEXT] = g_param_spec_string ("status-text", NULL, NULL, NULL, flags);
  properties[PROP_ERROR_MESSAGE] = g_param_spec_string ("error-message", NULL, NULL, NULL, flags);
  properties[PROP_ERROR_CODE] = g_param_spec_int ("error-code", NULL, NULL,
                                                  -1, G_MAXINT, -1, flags);
  properties[PROP_RETRYABLE] = g_param_spec_boolean ("retryable", NULL, NULL, FALSE, flags);
  properties[PROP_MODERATION_REASONS] = g_param_spec_boxed ("moderation-reasons", NULL, NULL,
                                                            G_TYPE_STRV, flags);
  properties[PROP_TASK_ID] = g_param_spec_string ("task-id", NULL, NULL, NULL, flags);
  properties[PROP_POLLING_URL] = g_param_spec_string ("polling-url", NULL, NULL, NULL, flags);
  properties[PROP_SAMPLE_URL] = g_param_spec_string ("sample-url", NULL, NULL, NULL, flags);
  properties[PROP_SEED] = g_param_spec_int64 ("seed", NULL, NULL, -1, G_MAXINT64, -1, flags);
  properties[PROP_UPSAMPLED_PROMPT] = g_param_spec_string ("upsampled-prompt", NULL, NULL,
                                                           NULL, flags);
  properties[PROP_ESTIMATED_COST] = g_param_spec_double ("estimated-cost", NULL, NULL,
                                                         -1, G_MAXDOUBLE, -1, flags);
  properties[PROP_ACTUAL_COST] = g_param_spec_double ("actual-cost", NULL, NULL,
                                                      -1, G_MAXDOUBLE, -1, flags);
  properties[PROP_DISPLAY_COST] = g_param_spec_double ("display-cost", NULL, NULL,
                                                       -1, G_MAXDOUBLE, -1, flags);
  properties[PROP_INPUT_MP] = g_param_spec_double ("input-mp", NULL, NULL,
                                                   -1, G_MAXDOUBLE, -1, flags);
  properties[PROP_OUTPUT_MP] = g_param_spec_double ("output-mp", NULL, NULL,
                                                    -1, G_MAXDOUBLE, -1, flags);
  properties[PROP_IMAGE_FILE] = g_param_spec_object ("image-file", NULL, NULL, G_TYPE_FILE, flags);
  properties[PROP_CREATED_AT] = g_param_spec_int64 ("created-at", NULL, NULL,
                                                    0, G_MAXINT64, 0, flags);
  properties[PROP_SUBMITTED_AT] = g_param_spec_int64 ("submitted-at", NULL, NULL,
                                                      0, G_MAXINT64, 0, flags);
  properties[PROP_READY_AT] = g_param_spec_int64 ("ready-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_FINISHED_AT] = g_param_spec_int64 ("finished-at", NULL, NULL,
                                                     0, G_MAXINT64, 0, flags);
  properties[PROP_DURATION] = g_param_spec_double ("duration", NULL, NULL,
                                                   -1, G_MAXDOUBLE, -1, flags);
  properties[PROP_WIDTH] = g_param_spec_uint ("width", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_HEIGHT] = g_param_spec_uint ("height", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_CONTENT_TYPE] = g_param_spec_string ("content-type", NULL, NULL, NULL, flags);
  properties[PROP_FAVOURITE] = g_param_spec_boolean ("favourite", NULL, NULL, FALSE, flags);
  properties[PROP_COLLECTIONS] = g_param_spec_boxed ("collections", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_SET_ID] = g_param_spec_string ("set-id", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
atelier_job_init (AtelierJob *self)
{
  self->state = ATELIER_JOB_QUEUED;
  self->progress = -1;
  self->error_code = -1;
  self->seed = -1;
  self->estimated_cost = -1;
  self->actual_cost = -1;
  self->input_mp = -1;
  self->output_mp = -1;
  self->duration = -1;
}

static gint64 last_created_usec;

AtelierJob *
atelier_job_new (AtelierRecipe *recipe)
{
  AtelierJob *self;

  g_return_val_if_fail (ATELIER_IS_RECIPE (recipe), NULL);

  self = g_object_new (ATELIER_TYPE_JOB, NULL);
  self->id = g_uuid_string_random ();
  self->recipe = g_object_ref (recipe);
  /* Strictly increasing, so jobs of one batch keep their order. */
  self->created_usec = MAX (g_get_real_time (), last_created_usec + 1);
  last_created_usec = self->created_usec;
  self->created_at = self->created_usec / G_USEC_PER_SEC;
  return self;
}

void
_atelier_job_set_id (AtelierJob *self,
                     const char *id,
                     gint64      created_usec)
{
  g_return_if_fail (ATELIER_IS_JOB (self));
  g_return_if_fail (id != NULL);

  g_free (self->id);
  self->id = g_strdup (id);
  self->created_usec = created_usec;
  self->created_at = created_usec / G_USEC_PER_SEC;
}

const char *
atelier_job_get_id (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), NULL);
  return self->id;
}

AtelierRecipe *
atelier_job_get_recipe (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), NULL);
  return self->recipe;
}

/* Setters: each notifies only on a real change. */

static void
set_string (AtelierJob  *self,
            char       **field,
            const char  *value,
            guint        prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_double (AtelierJob *self,
            double     *field,
            double      value,
            guint       prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_int64 (AtelierJob *self,
           gint64     *field,
           gint64      value,
           guint       prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_uint (AtelierJob *self,
          guint      *field,
          guint       value,
          guint       prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_boolean (AtelierJob *self,
             gboolean   *field,
             gboolean    value,
             guint       prop)
{
  value = !!value;
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

AtelierJobState
atelier_job_get_state (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), ATELIER_JOB_FAILED);
  return self->state;
}

void
_atelier_job_set_state (AtelierJob      *self,
                        AtelierJobState  state)
{
  g_return_if_fail (ATELIER_IS_JOB (self));

  if (self->state == state)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  if (atelier_job_state_is_final (state))
    {
      set_int64 (self, &self->finished_at, g_get_real_time () / G_USEC_PER_SEC, PROP_FINISHED_AT);
      set_uint (self, &self->queue_position, 0, PROP_QUEUE_POSITION);
      set_boolean (self, &self->waiting_for_slot, FALSE, PROP_WAITING_FOR_SLOT);
    }
  else
    {
      set_int64 (self, &self->finished_at, 0, PROP_FINISHED_AT);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

double
atelier_job_get_progress (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), -1);
  return self->progress;
}

void
_atelier_job_set_progress (AtelierJob *self,
                           double      progress)
{
  g_return_if_fail (ATELIER_IS_JOB (self));
  if (progress < 0)
    progress = -1;
  set_double (self, &self->progress, MIN (progress, 1.0), PROP_PROGRESS);
}

guint
atelier_job_get_queue_position (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), 0);
  return self->queue_position;
}

void
_atelier_job_set_queue_position (AtelierJob *self,
                                 guint       position)
{
  g_return_if_fail (ATELIER_IS_JOB (self));
  set_uint (self, &self->queue_position, position, PROP_QUEUE_POSITION);
}

gboolean
atelier_job_get_waiting_for_slot (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), FALSE);
  return self->waiting_for_slot;
}

void
_atelier_job_set_waiting_for_slot (AtelierJob *self,
                                   gboolean    waiting)
{
  g_return_if_fail (ATELIER_IS_JOB (self));
  set_boolean (self, &self->waiting_for_slot, waiting, PROP_WAITING_FOR_SLOT);
}

const char *
atelier_job_get_status_text (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), NULL);
  return self->status_text;
}

void
_atelier_job_set_status_text (AtelierJob *self,
                              const char *text)
{
  g_return_if_fail (ATELIER_IS_JOB (self));
  set_string (self, &self->status_text, text, PROP_STATUS_TEXT);
}

const char *
atelier_job_get_error_message (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), NULL);
  return self->error_message;
}

int
atelier_job_get_error_code (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), -1);
  return self->error_code;
}

gboolean
atelier_job_get_retryable (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), FALSE);
  return self->retryable;
}

void
_atelier_job_fail (AtelierJob      *self,
                   AtelierJobState  state,
                   const GError    *error,
                   gboolean         retryable)
{
  int code = -1;

  g_return_if_fail (ATELIER_IS_JOB (self));

  if (!atelier_job_state_is_final (state) || state == ATELIER_JOB_READY)
    state = ATELIER_JOB_FAILED;
  if (error != NULL && error->domain == ATELIER_ERROR)
    code = error->code;

  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->error_message, error != NULL ? error->message : NULL,
              PROP_ERROR_MESSAGE);
  if (self->error_code != code)
    {
      self->error_code = code;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_CODE]);
    }
  set_boolean (self, &self->retryable, retryable, PROP_RETRYABLE);
  _atelier_job_set_state (self, state);
  g_object_thaw_notify (G_OBJECT (self));
}

void
_atelier_job_clear_error (AtelierJob *self)
{
  g_return_if_fail (ATELIER_IS_JOB (self));

  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->error_message, NULL, PROP_ERROR_MESSAGE);
  if (self->error_code != -1)
    {
      self->error_code = -1;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_CODE]);
    }
  set_boolean (self, &self->retryable, FALSE, PROP_RETRYABLE);
  set_string (self, &self->status_text, NULL, PROP_STATUS_TEXT);
  _atelier_job_set_moderation_reasons (self, NULL);
  g_object_thaw_notify (G_OBJECT (self));
}

const char * const *
atelier_job_get_moderation_reasons (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), NULL);
  return (const char * const *) self->moderation_reasons;
}

void
_atelier_job_set_moderation_reasons (AtelierJob         *self,
                                     const char * const *reasons)
{
  g_return_if_fail (ATELIER_IS_JOB (self));

  if (reasons != NULL && reasons[0] == NULL)
    reasons = NULL;
  if (self->moderation_reasons == NULL && reasons == NULL)
    return;
  if (self->moderation_reasons != NULL && reasons != NULL &&
      g_strv_equal ((const char * const *) self->moderation_reasons, reasons))
    return;

  g_strfreev (self->moderation_reasons);
  self->moderation_reasons = g_strdupv ((char **) reasons);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODERATION_REASONS]);
}

const char *
atelier_job_get_task_id (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), NULL);
  return self->task_id;
}

const char *
atelier_job_get_polling_url (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), NULL);
  return self->polling_url;
}

void
_atelier_job_set_task (AtelierJob *self,
                       const char *task_id,
                       const char *polling_url)
{
  g_return_if_fail (ATELIER_IS_JOB (self));

  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->task_id, task_id, PROP_TASK_ID);
  set_string (self, &self->polling_url, polling_url, PROP_POLLING_URL);
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
atelier_job_get_sample_url (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), NULL);
  return self->sample_url;
}

void
_atelier_job_set_sample_url (AtelierJob *self,
                             const char *url)
{
  g_return_if_fail (ATELIER_IS_JOB (self));
  set_string (self, &self->sample_url, url, PROP_SAMPLE_URL);
}

gint64
atelier_job_get_seed (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), -1);
  return self->seed;
}

void
_atelier_job_set_seed (AtelierJob *self,
                       gint64      seed)
{
  g_return_if_fail (ATELIER_IS_JOB (self));
  set_int64 (self, &self->seed, MAX (seed, -1), PROP_SEED);
}

const char *
atelier_job_get_upsampled_prompt (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), NULL);
  return self->upsampled_prompt;
}

void
_atelier_job_set_upsampled_prompt (AtelierJob *self,
                                   const char *prompt)
{
  g_return_if_fail (ATELIER_IS_JOB (self));
  set_string (self, &self->upsampled_prompt, prompt, PROP_UPSAMPLED_PROMPT);
}

double
atelier_job_get_estimated_cost (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), -1);
  return self->estimated_cost;
}

void
_atelier_job_set_estimated_cost (AtelierJob *self,
                                 double      credits)
{
  double old_display;

  g_return_if_fail (ATELIER_IS_JOB (self));

  old_display = atelier_job_get_display_cost (self);
  g_object_freeze_notify (G_OBJECT (self));
  set_double (self, &self->estimated_cost, MAX (credits, -1), PROP_ESTIMATED_COST);
  if (old_display != atelier_job_get_display_cost (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_COST]);
  g_object_thaw_notify (G_OBJECT (self));
}

double
atelier_job_get_actual_cost (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), -1);
  return self->actual_cost;
}

void
_atelier_job_set_actual_cost (AtelierJob *self,
                              double      credits)
{
  double old_display;

  g_return_if_fail (ATELIER_IS_JOB (self));

  old_display = atelier_job_get_display_cost (self);
  g_object_freeze_notify (G_OBJECT (self));
  set_double (self, &self->actual_cost, MAX (credits, -1), PROP_ACTUAL_COST);
  if (old_display != atelier_job_get_display_cost (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_COST]);
  g_object_thaw_notify (G_OBJECT (self));
}

double
atelier_job_get_display_cost (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), -1);
  return self->actual_cost >= 0 ? self->actual_cost : self->estimated_cost;
}

double
atelier_job_get_input_mp (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), -1);
  return self->input_mp;
}

double
atelier_job_get_output_mp (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), -1);
  return self->output_mp;
}

void
_atelier_job_set_megapixels (AtelierJob *self,
                             double      input_mp,
                             double      output_mp)
{
  g_return_if_fail (ATELIER_IS_JOB (self));

  g_object_freeze_notify (G_OBJECT (self));
  set_double (self, &self->input_mp, MAX (input_mp, -1), PROP_INPUT_MP);
  set_double (self, &self->output_mp, MAX (output_mp, -1), PROP_OUTPUT_MP);
  g_object_thaw_notify (G_OBJECT (self));
}

GFile *
atelier_job_get_image_file (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), NULL);
  return self->image_file;
}

const char *
atelier_job_get_image_name (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), NULL);
  return self->image_name;
}

void
_atelier_job_set_image_file (AtelierJob *self,
                             GFile      *file,
                             const char *content_type,
                             guint       width,
                             guint       height)
{
  g_return_if_fail (ATELIER_IS_JOB (self));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  g_object_freeze_notify (G_OBJECT (self));
  if (g_set_object (&self->image_file, file))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMAGE_FILE]);
  g_free (self->image_name);
  self->image_name = file != NULL ? g_file_get_basename (file) : NULL;
  set_string (self, &self->content_type, content_type, PROP_CONTENT_TYPE);
  set_uint (self, &self->width, width, PROP_WIDTH);
  set_uint (self, &self->height, height, PROP_HEIGHT);
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
atelier_job_get_content_type (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), NULL);
  return self->content_type;
}

guint
atelier_job_get_width (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), 0);
  return self->width;
}

guint
atelier_job_get_height (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), 0);
  return self->height;
}

const char * const *
atelier_job_get_ref_names (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), NULL);
  return (const char * const *) self->ref_names;
}

const char *
atelier_job_get_mask_name (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), NULL);
  return self->mask_name;
}

void
_atelier_job_set_ref_names (AtelierJob         *self,
                            const char * const *ref_names,
                            const char         *mask_name)
{
  g_return_if_fail (ATELIER_IS_JOB (self));

  g_strfreev (self->ref_names);
  self->ref_names = g_strdupv ((char **) ref_names);
  g_free (self->mask_name);
  self->mask_name = g_strdup (mask_name);
}

gint64
atelier_job_get_created_at (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), 0);
  return self->created_at;
}

int
atelier_job_compare_newest_first (AtelierJob *a,
                                  AtelierJob *b)
{
  if (a->created_usec != b->created_usec)
    return a->created_usec > b->created_usec ? -1 : 1;
  return -g_strcmp0 (a->id, b->id);
}

gint64
atelier_job_get_submitted_at (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), 0);
  return self->submitted_at;
}

void
_atelier_job_set_submitted_at (AtelierJob *self,
                               gint64      when)
{
  g_return_if_fail (ATELIER_IS_JOB (self));
  set_int64 (self, &self->submitted_at, MAX (when, 0), PROP_SUBMITTED_AT);
}

gint64
atelier_job_get_ready_at (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), 0);
  return self->ready_at;
}

void
_atelier_job_set_ready_at (AtelierJob *self,
                           gint64      when)
{
  g_return_if_fail (ATELIER_IS_JOB (self));
  set_int64 (self, &self->ready_at, MAX (when, 0), PROP_READY_AT);
}

gint64
atelier_job_get_finished_at (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), 0);
  return self->finished_at;
}

double
atelier_job_get_duration (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), -1);
  return self->duration;
}

void
_atelier_job_set_duration (AtelierJob *self,
                           double      seconds)
{
  g_return_if_fail (ATELIER_IS_JOB (self));
  set_double (self, &self->duration, seconds < 0 ? -1 : seconds, PROP_DURATION);
}

/* Keeping */

gboolean
atelier_job_get_favourite (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), FALSE);
  return self->favourite;
}

void
_atelier_job_set_favourite (AtelierJob *self,
                            gboolean    favourite)
{
  g_return_if_fail (ATELIER_IS_JOB (self));

  favourite = !!favourite;
  if (self->favourite == favourite)
    return;
  self->favourite = favourite;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAVOURITE]);
}

const char * const *
atelier_job_get_collections (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), NULL);
  return (const char * const *) self->collections;
}

gboolean
atelier_job_is_in_collection (AtelierJob *self,
                              const char *collection_id)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), FALSE);

  return collection_id != NULL && self->collections != NULL &&
         g_strv_contains ((const char * const *) self->collections, collection_id);
}

void
_atelier_job_set_collections (AtelierJob         *self,
                              const char * const *collection_ids)
{
  g_return_if_fail (ATELIER_IS_JOB (self));

  /* No ids is NULL, never an empty array: the record then has no member at all. */
  if (collection_ids != NULL && collection_ids[0] == NULL)
    collection_ids = NULL;
  if (self->collections == NULL && collection_ids == NULL)
    return;
  if (self->collections != NULL && collection_ids != NULL &&
      g_strv_equal ((const char * const *) self->collections, collection_ids))
    return;
  g_strfreev (self->collections);
  self->collections = g_strdupv ((char **) collection_ids);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLLECTIONS]);
}
