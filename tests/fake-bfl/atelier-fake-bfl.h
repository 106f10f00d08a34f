/* atelier-fake-bfl.h — a faithful fake of the BFL API (SoupServer on loopback), for tests and demos
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Keys the fake knows. Any other key (or none) answers 403. */
#define ATELIER_FAKE_KEY_VALID      "bfl_fake_valid_key"
#define ATELIER_FAKE_KEY_NO_CREDITS "bfl_fake_no_credits"   /* 402 on submit, credits 0 */
#define ATELIER_FAKE_KEY_DEMO       "bfl_fake_demo_key"     /* valid too: build-aux/dev run */

/* Faults a test switches on. Counts are consumed as they fire. */
typedef enum
{
  ATELIER_FAKE_FAULT_POLL_503,          /* the next N polls answer 503 */
  ATELIER_FAKE_FAULT_POLL_DROP,         /* the next N polls drop the connection */
  ATELIER_FAKE_FAULT_POLL_MALFORMED,    /* the next N polls answer malformed JSON */
  ATELIER_FAKE_FAULT_SUBMIT_500,        /* the next N submits answer 500 (after billing, like a real crash) */
  ATELIER_FAKE_FAULT_SUBMIT_DROP,       /* the next N submits drop the connection after reading the body */
  ATELIER_FAKE_FAULT_SUBMIT_MALFORMED,  /* the next N submits answer malformed JSON */
  ATELIER_FAKE_FAULT_SUBMIT_429,        /* the next N submits answer 429 regardless of the active count */
  ATELIER_FAKE_FAULT_NOT_FOUND_AFTER_SUBMIT, /* each new task answers 404 to its first N polls */
  ATELIER_FAKE_FAULT_DOWNLOAD_503,      /* the next N downloads answer 503 */
  ATELIER_FAKE_FAULT_DOWNLOAD_DROP,     /* the next N downloads drop the connection */
  ATELIER_FAKE_FAULT_EXPIRED_RESULT,    /* the next N result URLs are already expired (403 on GET) */
  ATELIER_FAKE_FAULT_SLOW,              /* the next N responses of any kind wait `slow_ms` first */
  ATELIER_FAKE_FAULT_MODERATE_REQUEST,  /* the next N tasks end Request Moderated */
  ATELIER_FAKE_FAULT_MODERATE_CONTENT,  /* the next N tasks end Content Moderated */
  ATELIER_FAKE_FAULT_TASK_ERROR,        /* the next N tasks end Error */
  ATELIER_FAKE_FAULT_UNKNOWN_STATUS,    /* the next N polls answer an unknown status "Mysterious" */
  ATELIER_FAKE_N_FAULTS
} AtelierFakeFault;

/* One request the fake received, for assertions. */
typedef struct
{
  char       *method;
  char       *path;          /* "/v1/flux-2-pro", "/v1/get_result", "/delivery/…" */
  char       *query;         /* may be NULL */
  char       *host;          /* the Host header */
  char       *x_key;         /* the x-key header sent, or NULL: tests assert the key policy */
  char       *user_agent;
  JsonNode   *body;          /* the parsed JSON body of a POST, or NULL */
  guint       status;        /* what the fake answered (0 = dropped) */
  gboolean    to_delivery;   /* received on the delivery origin */
  /* Additions (after the original fields, so nothing above moves): */
  char       *task_id;       /* the task a submit created or a poll/download asked for, or NULL */
  guint       n_images;      /* input images the model honoured (submits) */
  guint       n_ignored_images; /* surplus input_image_N beyond the model's limit, ignored like BFL */
  gboolean    data_prefix;   /* some input image was sent as a data: URL (BFL strips the prefix) */
  gint64      received_us;   /* g_get_monotonic_time () when the request arrived */
  guint       out_width;     /* the size of the image an accepted submit will make */
  guint       out_height;
  double      cost;          /* the credits an accepted submit was billed */
} AtelierFakeRequest;

#define ATELIER_TYPE_FAKE_BFL (atelier_fake_bfl_get_type ())

G_DECLARE_FINAL_TYPE (AtelierFakeBfl, atelier_fake_bfl, ATELIER, FAKE_BFL, GObject)

/* Listens on 127.0.0.1: the API on `port` (0 = any free port), result images on a second port
 * (the delivery origin). Runs on the thread-default main context of the caller. */
AtelierFakeBfl *atelier_fake_bfl_new               (guint             port,
                                                    GError          **error);
/* "http://127.0.0.1:PORT" — what ATELIER_ENDPOINT is set to. */
const char     *atelier_fake_bfl_get_url           (AtelierFakeBfl   *self);
const char     *atelier_fake_bfl_get_delivery_url  (AtelierFakeBfl   *self);

/* Time a task stays Pending (with progress) before Ready; default 1500 ms. */
void            atelier_fake_bfl_set_task_time     (AtelierFakeBfl   *self,
                                                    guint             ms);
/* Draws result pictures in two threads of the fake's own at the lowest CPU priority instead of
 * GLib's shared pool (for benchmarks that run the fake in the application's process: a real
 * server draws elsewhere). Can only be switched on; the threads live as long as the process. */
void            atelier_fake_bfl_set_background_drawing (AtelierFakeBfl *self,
                                                    gboolean          background);
/* How long result URLs stay valid after Ready; default 10 minutes. */
void            atelier_fake_bfl_set_result_ttl    (AtelierFakeBfl   *self,
                                                    guint             ms);
/* Polling URLs point at this base instead of the API origin (tests of the key policy with a
 * "foreign" polling host); NULL = the API origin. */
void            atelier_fake_bfl_set_polling_base  (AtelierFakeBfl   *self,
                                                    const char       *base_url);
void            atelier_fake_bfl_set_credits       (AtelierFakeBfl   *self,
                                                    const char       *key,
                                                    double            credits);
double          atelier_fake_bfl_get_credits       (AtelierFakeBfl   *self,
                                                    const char       *key);
void            atelier_fake_bfl_set_fault         (AtelierFakeBfl   *self,
                                                    AtelierFakeFault  fault,
                                                    guint             count);
void            atelier_fake_bfl_set_slow_ms       (AtelierFakeBfl   *self,
                                                    guint             ms);
/* Retry-After seconds sent with 429s (0 = no header). */
void            atelier_fake_bfl_set_retry_after   (AtelierFakeBfl   *self,
                                                    guint             seconds);

/* Everything received so far, in order (AtelierFakeRequest *, owned by the fake). */
GPtrArray      *atelier_fake_bfl_get_requests      (AtelierFakeBfl   *self);
void            atelier_fake_bfl_clear_requests    (AtelierFakeBfl   *self);
/* Tasks submitted (billed) so far, and the most ever active at once. */
guint           atelier_fake_bfl_get_submitted     (AtelierFakeBfl   *self);
guint           atelier_fake_bfl_get_max_active    (AtelierFakeBfl   *self);
guint           atelier_fake_bfl_get_active        (AtelierFakeBfl   *self);
/* Counts requests matching path prefix (e.g. "/v1/get_result"). */
guint           atelier_fake_bfl_count_requests    (AtelierFakeBfl   *self,
                                                    const char       *path_prefix);
/* The most recent request whose path starts with path_prefix, or NULL. */
AtelierFakeRequest *atelier_fake_bfl_get_last_request (AtelierFakeBfl *self,
                                                    const char       *path_prefix);
/* Active tasks of one key (the 429 limit counts these: 24, and 6 for flux-kontext-max). */
guint           atelier_fake_bfl_get_active_for_key (AtelierFakeBfl  *self,
                                                    const char       *key);

G_END_DECLS
