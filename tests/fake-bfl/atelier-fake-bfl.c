/* atelier-fake-bfl.c — a faithful fake of the BFL API (SoupServer on loopback), for tests and demos
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Behaviour choices where BFL leaves room (see also the report in the commit that added this):
 * - An unknown task id answers HTTP 200 with {"status": "Task not found"}, as BFL's get_result does.
 *   A task under ATELIER_FAKE_FAULT_NOT_FOUND_AFTER_SUBMIT answers HTTP 404 {"detail": "Not Found"}.
 * - A task is active from submit until task_time has passed (Request Moderated ends at once,
 *   since BFL refuses the input before processing). flux-kontext-max tasks have their own pool of
 *   6 per key; every other model shares the pool of 24 per key.
 * - Submits under SUBMIT_500, SUBMIT_DROP and SUBMIT_MALFORMED create and bill the task first: the
 *   worst case a client must survive.
 * - URL references cost 1 MP each (their size is unknown); base64 ones cost their own MP, rounded up
 *   per image. A FLUX.2 request without width/height takes the size of its first base64 image
 *   (1024×1024 when there is none).
 * - Result pictures are drawn small and scaled up, so even a 4 MP picture takes a few tens of
 *   milliseconds. WebP is served as PNG (".png" URL) when GdkPixbuf cannot write WebP.
 * - 503s are an HTML page (what a load balancer sends), not JSON.
 */

#define G_LOG_DOMAIN "AtelierFakeBfl"

#include "atelier-fake-bfl.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <libsoup/soup.h>
#include <math.h>
#include <string.h>
#include <sys/resource.h>

#define ACTIVE_LIMIT             24
#define KONTEXT_MAX_ACTIVE_LIMIT 6
#define START_CREDITS            1000.0
#define MP_PIXELS                1048576.0
#define FLUX2_MAX_PIXELS         (2048 * 2048)

typedef enum
{
  FAMILY_FLUX2,
  FAMILY_KONTEXT,
  FAMILY_PRO,
  FAMILY_ULTRA,
  FAMILY_FILL,
  FAMILY_EXPAND,
} ModelFamily;

typedef struct
{
  const char  *path;
  ModelFamily  family;
  guint        max_images;   /* input_image … input_image_N honoured */
  double       first;        /* FLUX.2: first MP; others: the flat price */
  double       extra;        /* FLUX.2: each further MP, in or out */
  gboolean     upsampling_default;
} ModelInfo;

static const ModelInfo models[] = {
  { "flux-2-klein-4b",    FAMILY_FLUX2,   4, 1.4, 0.1, FALSE },
  { "flux-2-klein-9b",    FAMILY_FLUX2,   4, 1.5, 0.2, FALSE },
  { "flux-2-pro",         FAMILY_FLUX2,   8, 3.0, 1.5, FALSE },
  /* The newest weights beside the pinned snapshots: the same fields and prices. */
  { "flux-2-klein-9b-preview", FAMILY_FLUX2, 4, 1.5, 0.2, FALSE },
  { "flux-2-pro-preview", FAMILY_FLUX2,   8, 3.0, 1.5, FALSE },
  { "flux-2-max",         FAMILY_FLUX2,   8, 7.0, 3.0, FALSE },
  { "flux-2-flex",        FAMILY_FLUX2,   8, 5.0, 5.0, TRUE },
  { "flux-kontext-pro",   FAMILY_KONTEXT, 4, 4.0, 0.0, FALSE },
  { "flux-kontext-max",   FAMILY_KONTEXT, 4, 8.0, 0.0, FALSE },
  { "flux-pro-1.1",       FAMILY_PRO,     0, 4.0, 0.0, FALSE },
  { "flux-pro-1.1-ultra", FAMILY_ULTRA,   0, 6.0, 0.0, FALSE },
  { "flux-pro-1.0-fill",  FAMILY_FILL,    0, 5.0, 0.0, FALSE },
  { "flux-pro-1.0-expand", FAMILY_EXPAND, 0, 5.0, 0.0, FALSE },
};

typedef enum
{
  OUTCOME_READY,
  OUTCOME_REQUEST_MODERATED,
  OUTCOME_CONTENT_MODERATED,
  OUTCOME_ERROR,
} TaskOutcome;

typedef struct
{
  char            *id;
  char            *key;
  const ModelInfo *model;
  TaskOutcome      outcome;
  gint64           created_us;     /* monotonic */
  gint64           created_real_us;
  gint64           duration_us;
  gint64           ttl_us;
  gboolean         expired_url;
  guint            not_found_polls;
  gint64           seed;
  char            *prompt;
  guint            width;
  guint            height;
  char            *format;         /* what is served: "jpeg", "png" or "webp" */
  char            *sig;
  char            *sample_url;
  GBytes          *image;          /* drawn at the first download */
} Task;

struct _AtelierFakeBfl
{
  GObject       parent_instance;

  GMainContext *context;
  SoupServer   *api_server;
  SoupServer   *delivery_server;
  char         *url;
  char         *delivery_url;
  char         *polling_base;

  guint         task_time_ms;
  guint         result_ttl_ms;
  guint         slow_ms;
  guint         retry_after;
  guint         faults[ATELIER_FAKE_N_FAULTS];

  GHashTable   *credits;           /* key → double * */
  GHashTable   *tasks;             /* id → Task * */
  GPtrArray    *task_order;        /* Task *, in submit order (borrowed from tasks) */
  GPtrArray    *requests;          /* AtelierFakeRequest * */
  GList        *deferred;          /* Deferred *: slowed responses waiting for their timeout */

  guint         submitted;
  guint         max_active;
  gboolean      can_write_webp;
  GThreadPool  *background_pool;   /* draws at the lowest CPU priority, or NULL: GLib's pool */
};

G_DEFINE_FINAL_TYPE (AtelierFakeBfl, atelier_fake_bfl, G_TYPE_OBJECT)

static void
task_free (Task *task)
{
  g_free (task->id);
  g_free (task->key);
  g_free (task->prompt);
  g_free (task->format);
  g_free (task->sig);
  g_free (task->sample_url);
  g_clear_pointer (&task->image, g_bytes_unref);
  g_free (task);
}

static void
request_free (AtelierFakeRequest *request)
{
  g_free (request->method);
  g_free (request->path);
  g_free (request->query);
  g_free (request->host);
  g_free (request->x_key);
  g_free (request->user_agent);
  g_clear_pointer (&request->body, json_node_unref);
  g_free (request->task_id);
  g_free (request);
}

static gboolean
consume_fault (AtelierFakeBfl   *self,
               AtelierFakeFault  fault)
{
  if (self->faults[fault] == 0)
    return FALSE;
  self->faults[fault]--;
  return TRUE;
}

static double
round_to (double value,
          double unit)
{
  return round (value / unit) * unit;
}

static guint
billed_mp (guint width,
           guint height)
{
  double mp = ceil ((double) width * (double) height / MP_PIXELS);

  return MAX (1, (guint) mp);
}

/* ---- tasks ---- */

static gint64
task_end_us (Task *task)
{
  if (task->outcome == OUTCOME_REQUEST_MODERATED)
    return task->created_us;
  return task->created_us + task->duration_us;
}

static gboolean
task_is_active (Task   *task,
                gint64  now_us)
{
  return now_us < task_end_us (task);
}

static guint
count_active (AtelierFakeBfl *self,
              const char     *key,
              int             kontext_max)   /* -1 = all, 0 = not kontext-max, 1 = kontext-max only */
{
  gint64 now = g_get_monotonic_time ();
  guint n = 0;

  for (guint i = 0; i < self->task_order->len; i++)
    {
      Task *task = g_ptr_array_index (self->task_order, i);
      gboolean is_kontext_max = g_str_equal (task->model->path, "flux-kontext-max");

      if (key != NULL && g_strcmp0 (task->key, key) != 0)
        continue;
      if (kontext_max >= 0 && is_kontext_max != (kontext_max == 1))
        continue;
      if (task_is_active (task, now))
        n++;
    }

  return n;
}

/* ---- responses ---- */

static void
set_json (SoupServerMessage *msg,
          guint              status,
          JsonNode          *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  gsize length;

  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, &length);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&text), length);
}

static void
set_detail (SoupServerMessage *msg,
            guint              status,
            const char        *detail)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "detail");
  json_builder_add_string_value (builder, detail);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  set_json (msg, status, node);
}

static void
set_text (SoupServerMessage *msg,
          guint              status,
          const char        *content_type,
          const char        *text)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, text, strlen (text));
}

static void
set_service_unavailable (SoupServerMessage *msg)
{
  set_text (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "text/html",
            "<html><head><title>503 Service Temporarily Unavailable</title></head>"
            "<body><h1>503 Service Temporarily Unavailable</h1></body></html>\n");
}

static void
set_too_many (AtelierFakeBfl    *self,
              SoupServerMessage *msg)
{
  set_detail (msg, 429, "You have exceeded the number of active tasks. "
                        "Please wait for a task to finish before submitting another.");
  if (self->retry_after > 0)
    {
      g_autofree char *value = g_strdup_printf ("%u", self->retry_after);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", value);
    }
}

/* Closes the connection: the client sees EOF. libsoup silently resends a request whose reused
 * keep-alive connection closes before any answer, so on a reused connection the answer is cut
 * short after its head instead: the client then sees the connection die mid-response. */
static void
drop_connection (SoupServerMessage *msg)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  gboolean reused = socket != NULL && g_object_get_data (G_OBJECT (socket), "atelier-fake-used");
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

  g_object_set_data (G_OBJECT (msg), "atelier-fake-dropped", GINT_TO_POINTER (TRUE));
  if (stream == NULL)
    return;
  if (reused)
    {
      const char *head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                         "Content-Length: 4096\r\n\r\n{\"id\": ";

      g_output_stream_write_all (g_io_stream_get_output_stream (stream), head, strlen (head),
                                 NULL, NULL, NULL);
    }
  g_io_stream_close (stream, NULL, NULL);
}

static void
mark_connection_used (SoupServerMessage *msg)
{
  GSocket *socket = soup_server_message_get_socket (msg);

  if (socket != NULL)
    g_object_set_data (G_OBJECT (socket), "atelier-fake-used", GINT_TO_POINTER (TRUE));
}

/* ---- validation (FastAPI-style 422 lists) ---- */

typedef struct
{
  JsonArray *errors;
} Validation;

static void
add_error (Validation *v,
           const char *where,
           const char *field,
           const char *type,
           const char *msg)
{
  JsonObject *error = json_object_new ();
  JsonArray *loc = json_array_new ();

  json_array_add_string_element (loc, where);
  if (field != NULL)
    json_array_add_string_element (loc, field);
  json_object_set_array_member (error, "loc", loc);
  json_object_set_string_member (error, "msg", msg);
  json_object_set_string_member (error, "type", type);
  json_array_add_object_element (v->errors, error);
}

static gboolean
member_present (JsonObject *body,
                const char *field)
{
  return json_object_has_member (body, field) && !json_object_get_null_member (body, field);
}

/* Reads an optional integer field; FALSE when absent or invalid (the error is added). */
static gboolean
read_int (Validation *v,
          JsonObject *body,
          const char *field,
          gint64     *value)
{
  JsonNode *node;
  GType type;

  if (!member_present (body, field))
    return FALSE;
  node = json_object_get_member (body, field);
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type == G_TYPE_INT64)
    {
      *value = json_node_get_int (node);
      return TRUE;
    }
  if (type == G_TYPE_DOUBLE && json_node_get_double (node) == floor (json_node_get_double (node)))
    {
      *value = (gint64) json_node_get_double (node);
      return TRUE;
    }
  add_error (v, "body", field, "int_parsing", "Input should be a valid integer");
  return FALSE;
}

static gboolean
read_number (Validation *v,
             JsonObject *body,
             const char *field,
             double     *value)
{
  JsonNode *node;
  GType type;

  if (!member_present (body, field))
    return FALSE;
  node = json_object_get_member (body, field);
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE)
    {
      *value = json_node_get_double (node);
      return TRUE;
    }
  add_error (v, "body", field, "float_parsing", "Input should be a valid number");
  return FALSE;
}

static const char *
read_string (Validation *v,
             JsonObject *body,
             const char *field)
{
  JsonNode *node;

  if (!member_present (body, field))
    return NULL;
  node = json_object_get_member (body, field);
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  add_error (v, "body", field, "string_type", "Input should be a valid string");
  return NULL;
}

static gboolean
read_bool (Validation *v,
           JsonObject *body,
           const char *field,
           gboolean    fallback)
{
  JsonNode *node;

  if (!member_present (body, field))
    return fallback;
  node = json_object_get_member (body, field);
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  add_error (v, "body", field, "bool_parsing", "Input should be a valid boolean");
  return fallback;
}

static void
check_int_range (Validation *v,
                 JsonObject *body,
                 const char *field,
                 gint64      min,
                 gint64      max)
{
  gint64 value;

  if (!read_int (v, body, field, &value))
    return;
  if (value < min)
    {
      g_autofree char *msg = g_strdup_printf ("Input should be greater than or equal to %"
                                              G_GINT64_FORMAT, min);
      add_error (v, "body", field, "greater_than_equal", msg);
    }
  else if (value > max)
    {
      g_autofree char *msg = g_strdup_printf ("Input should be less than or equal to %"
                                              G_GINT64_FORMAT, max);
      add_error (v, "body", field, "less_than_equal", msg);
    }
}

static void
check_number_range (Validation *v,
                    JsonObject *body,
                    const char *field,
                    double      min,
                    double      max)
{
  double value;

  if (!read_number (v, body, field, &value))
    return;
  if (value < min)
    {
      g_autofree char *msg = g_strdup_printf ("Input should be greater than or equal to %g", min);
      add_error (v, "body", field, "greater_than_equal", msg);
    }
  else if (value > max)
    {
      g_autofree char *msg = g_strdup_printf ("Input should be less than or equal to %g", max);
      add_error (v, "body", field, "less_than_equal", msg);
    }
}

/* A side in [min, max], multiple of `multiple`; FALSE (and 0) when absent, 0 or invalid. */
static gboolean
check_side (Validation *v,
            JsonObject *body,
            const char *field,
            gint64      min,
            gint64      max,
            gint64      multiple,
            gboolean    zero_allowed,
            guint      *side)
{
  gint64 value;

  *side = 0;
  if (!read_int (v, body, field, &value))
    return FALSE;
  if (value == 0 && zero_allowed)
    return FALSE;
  if (value < min)
    {
      g_autofree char *msg = g_strdup_printf ("Input should be greater than or equal to %"
                                              G_GINT64_FORMAT, min);
      add_error (v, "body", field, "greater_than_equal", msg);
      return FALSE;
    }
  if (value > max)
    {
      g_autofree char *msg = g_strdup_printf ("Input should be less than or equal to %"
                                              G_GINT64_FORMAT, max);
      add_error (v, "body", field, "less_than_equal", msg);
      return FALSE;
    }
  if (value % multiple != 0)
    {
      g_autofree char *msg = g_strdup_printf ("Input should be a multiple of %" G_GINT64_FORMAT,
                                              multiple);
      add_error (v, "body", field, "multiple_of", msg);
      return FALSE;
    }
  *side = (guint) value;
  return TRUE;
}

/* "W:H" between 21:9 and 9:21; FALSE (error added) otherwise. */
static gboolean
parse_aspect_ratio (Validation *v,
                    const char *text,
                    double     *ratio)
{
  guint64 w = 0, h = 0;
  g_auto(GStrv) parts = g_strsplit (text, ":", -1);

  if (g_strv_length (parts) != 2
      || !g_ascii_string_to_unsigned (parts[0], 10, 1, 10000, &w, NULL)
      || !g_ascii_string_to_unsigned (parts[1], 10, 1, 10000, &h, NULL))
    {
      add_error (v, "body", "aspect_ratio", "value_error",
                 "Value error, aspect_ratio must be in the form W:H, e.g. 16:9");
      return FALSE;
    }
  *ratio = (double) w / (double) h;
  if (*ratio > 21.0 / 9.0 + 1e-9 || *ratio < 9.0 / 21.0 - 1e-9)
    {
      add_error (v, "body", "aspect_ratio", "value_error",
                 "Value error, aspect_ratio must be between 21:9 and 9:21");
      return FALSE;
    }
  return TRUE;
}

/* One reference image: an http(s) URL, or raw base64 (a data: prefix is stripped) of a picture
 * GdkPixbuf can decode. */
typedef struct
{
  gboolean is_url;
  gboolean data_prefix;
  guint    width;
  guint    height;
} ImageInfo;

static gboolean
is_base64_text (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '+' && *p != '/' && *p != '=' && !g_ascii_isspace (*p)
        && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static gboolean
check_image (Validation *v,
             JsonObject *body,
             const char *field,
             ImageInfo  *info)
{
  const char *text;
  g_autofree guchar *data = NULL;
  gsize length = 0;
  g_autoptr(GdkPixbufLoader) loader = NULL;
  GdkPixbuf *pixbuf;

  memset (info, 0, sizeof *info);
  text = read_string (v, body, field);
  if (text == NULL)
    return FALSE;

  if (g_str_has_prefix (text, "http://") || g_str_has_prefix (text, "https://"))
    {
      info->is_url = TRUE;
      return TRUE;
    }

  if (g_str_has_prefix (text, "data:"))
    {
      const char *comma = strstr (text, ";base64,");

      info->data_prefix = TRUE;
      if (comma != NULL)
        text = comma + strlen (";base64,");
    }

  if (*text == '\0' || !is_base64_text (text))
    {
      add_error (v, "body", field, "value_error",
                 "Value error, input must be a URL or a base64 encoded image");
      return FALSE;
    }

  data = g_base64_decode (text, &length);
  loader = gdk_pixbuf_loader_new ();
  if (length == 0
      || !gdk_pixbuf_loader_write (loader, data, length, NULL)
      || !gdk_pixbuf_loader_close (loader, NULL)
      || (pixbuf = gdk_pixbuf_loader_get_pixbuf (loader)) == NULL)
    {
      gdk_pixbuf_loader_close (loader, NULL);
      add_error (v, "body", field, "value_error",
                 "Value error, could not decode the image");
      return FALSE;
    }

  info->width = gdk_pixbuf_get_width (pixbuf);
  info->height = gdk_pixbuf_get_height (pixbuf);
  return TRUE;
}

static guint
round_down_to (guint value,
               guint multiple)
{
  return MAX (multiple, value - value % multiple);
}

/* Nearly `pixels` with the ratio, sides multiples of 32. */
static void
size_for_ratio (double  ratio,
                double  pixels,
                guint  *width,
                guint  *height)
{
  *width = (guint) (round (sqrt (pixels * ratio) / 32.0) * 32.0);
  *height = (guint) (round (sqrt (pixels / ratio) / 32.0) * 32.0);
  *width = MAX (32, *width);
  *height = MAX (32, *height);
}

/* ---- submit ---- */

typedef struct
{
  gint64       seed;
  gboolean     has_seed;
  const char  *prompt;
  gboolean     upsampling;
  const char  *format;
  guint        width;
  guint        height;
  double       in_mp_decimal;
  guint        in_mp_billed;
  guint        n_images;
  guint        n_ignored;
  gboolean     data_prefix;
} Submission;

static void
validate_submission (const ModelInfo *model,
                     JsonObject      *body,
                     Validation      *v,
                     Submission      *s)
{
  const char *format;
  double ratio = 0.0;
  ImageInfo first_image = { 0 };
  gboolean have_first_image = FALSE;

  /* prompt */
  if (model->family != FAMILY_FILL && model->family != FAMILY_EXPAND)
    {
      if (!member_present (body, "prompt"))
        add_error (v, "body", "prompt", "missing", "Field required");
      else if ((s->prompt = read_string (v, body, "prompt")) != NULL && *s->prompt == '\0')
        add_error (v, "body", "prompt", "string_too_short",
                   "String should have at least 1 character");
    }
  else
    {
      s->prompt = read_string (v, body, "prompt");
    }
  if (s->prompt == NULL)
    s->prompt = "";

  s->has_seed = read_int (v, body, "seed", &s->seed);
  check_int_range (v, body, "safety_tolerance", 0, model->family == FAMILY_FLUX2 ? 5 : 6);
  s->upsampling = read_bool (v, body, "prompt_upsampling", model->upsampling_default);
  read_string (v, body, "webhook_url");
  read_string (v, body, "webhook_secret");

  s->format = model->family == FAMILY_KONTEXT ? "png" : "jpeg";
  format = read_string (v, body, "output_format");
  if (format != NULL)
    {
      if (g_str_equal (format, "jpeg") || g_str_equal (format, "png") || g_str_equal (format, "webp"))
        s->format = format;
      else
        add_error (v, "body", "output_format", "enum", "Input should be 'jpeg', 'png' or 'webp'");
    }

  /* reference images: input_image, input_image_2 … */
  if (model->max_images > 0)
    {
      for (guint i = 1; i <= 16; i++)
        {
          g_autofree char *field = i == 1 ? g_strdup ("input_image")
                                          : g_strdup_printf ("input_image_%u", i);
          ImageInfo info;

          if (!member_present (body, field))
            continue;
          if (i > model->max_images)
            {
              s->n_ignored++;
              continue;
            }
          if (!check_image (v, body, field, &info))
            continue;
          s->n_images++;
          s->data_prefix |= info.data_prefix;
          if (info.is_url)
            {
              s->in_mp_billed += 1;
              s->in_mp_decimal += 1.0;
            }
          else
            {
              s->in_mp_billed += billed_mp (info.width, info.height);
              s->in_mp_decimal += info.width * (double) info.height / 1e6;
            }
          if (!have_first_image)
            {
              first_image = info;
              have_first_image = TRUE;
            }
        }
    }

  switch (model->family)
    {
    case FAMILY_FLUX2:
      {
        guint w, h;
        gboolean has_w = check_side (v, body, "width", 64, 2048 * 8, 16, TRUE, &w);
        gboolean has_h = check_side (v, body, "height", 64, 2048 * 8, 16, TRUE, &h);

        if (g_str_equal (model->path, "flux-2-flex"))
          {
            check_int_range (v, body, "steps", 1, 50);
            check_number_range (v, body, "guidance", 1.5, 10);
          }
        if (has_w && has_h && (guint64) w * h > FLUX2_MAX_PIXELS)
          add_error (v, "body", NULL, "value_error",
                     "Value error, width × height must be at most 4 megapixels (2048×2048)");

        if (has_w && has_h)
          {
            s->width = w;
            s->height = h;
          }
        else
          {
            /* The API derives the size from the first input image, else 1 MP. */
            guint base_w = 1024, base_h = 1024;

            if (have_first_image && !first_image.is_url)
              {
                double scale = 1.0;
                double pixels = (double) first_image.width * first_image.height;

                if (pixels > FLUX2_MAX_PIXELS)
                  scale = sqrt (FLUX2_MAX_PIXELS / pixels);
                base_w = round_down_to ((guint) (first_image.width * scale), 16);
                base_h = round_down_to ((guint) (first_image.height * scale), 16);
              }
            if (has_w && !has_h)
              base_h = round_down_to ((guint) ((double) w * base_h / base_w), 16), base_w = w;
            else if (has_h && !has_w)
              base_w = round_down_to ((guint) ((double) h * base_w / base_h), 16), base_h = h;
            s->width = MAX (64, base_w);
            s->height = MAX (64, base_h);
          }
      }
      break;

    case FAMILY_KONTEXT:
    case FAMILY_ULTRA:
      {
        const char *aspect = read_string (v, body, "aspect_ratio");

        if (aspect == NULL)
          aspect = model->family == FAMILY_ULTRA ? "16:9" : NULL;
        if (aspect == NULL)
          {
            /* Kontext without a ratio: the input image's ratio, else square. */
            ratio = (have_first_image && !first_image.is_url)
                    ? (double) first_image.width / first_image.height : 1.0;
            ratio = CLAMP (ratio, 9.0 / 21.0, 21.0 / 9.0);
          }
        else if (!parse_aspect_ratio (v, aspect, &ratio))
          {
            ratio = 1.0;
          }
        size_for_ratio (ratio, model->family == FAMILY_ULTRA ? 4.0 * MP_PIXELS : MP_PIXELS,
                        &s->width, &s->height);

        if (model->family == FAMILY_ULTRA)
          {
            ImageInfo info;

            check_number_range (v, body, "image_prompt_strength", 0, 1);
            read_bool (v, body, "raw", FALSE);
            if (member_present (body, "image_prompt") && check_image (v, body, "image_prompt", &info))
              {
                s->n_images = 1;
                s->data_prefix = info.data_prefix;
              }
          }
      }
      break;

    case FAMILY_PRO:
      {
        ImageInfo info;
        guint w, h;

        s->width = check_side (v, body, "width", 256, 1440, 32, FALSE, &w) ? w : 1024;
        s->height = check_side (v, body, "height", 256, 1440, 32, FALSE, &h) ? h : 768;
        if (member_present (body, "image_prompt") && check_image (v, body, "image_prompt", &info))
          {
            s->n_images = 1;
            s->data_prefix = info.data_prefix;
          }
      }
      break;

    case FAMILY_FILL:
      {
        ImageInfo image, mask;
        gboolean image_ok = FALSE, mask_ok = FALSE;

        check_int_range (v, body, "steps", 15, 50);
        check_number_range (v, body, "guidance", 1.5, 100);
        if (!member_present (body, "image"))
          add_error (v, "body", "image", "missing", "Field required");
        else
          image_ok = check_image (v, body, "image", &image);
        if (!member_present (body, "mask"))
          add_error (v, "body", "mask", "missing", "Field required");
        else
          mask_ok = check_image (v, body, "mask", &mask);

        if (image_ok && image.is_url)
          {
            add_error (v, "body", "image", "value_error",
                       "Value error, image must be a base64 encoded image");
            image_ok = FALSE;
          }
        if (mask_ok && mask.is_url)
          {
            add_error (v, "body", "mask", "value_error",
                       "Value error, mask must be a base64 encoded image");
            mask_ok = FALSE;
          }
        if (image_ok && mask_ok && (image.width != mask.width || image.height != mask.height))
          add_error (v, "body", "mask", "value_error",
                     "Value error, mask must have the same dimensions as the image");
        if (image_ok)
          {
            s->width = image.width;
            s->height = image.height;
            s->n_images = 1;
            s->data_prefix = image.data_prefix || (mask_ok && mask.data_prefix);
          }
      }
      break;

    case FAMILY_EXPAND:
      {
        static const char * const sides[] = { "top", "bottom", "left", "right" };
        gint64 added[G_N_ELEMENTS (sides)] = { 0 };
        ImageInfo image;

        check_int_range (v, body, "steps", 15, 50);
        check_number_range (v, body, "guidance", 1.5, 100);
        for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
          {
            if (!read_int (v, body, sides[i], &added[i]))
              added[i] = 0;
            else if (added[i] < 0)
              add_error (v, "body", sides[i], "greater_than_equal",
                         "Input should be greater than or equal to 0"), added[i] = 0;
            else if (added[i] > 2048)
              add_error (v, "body", sides[i], "less_than_equal",
                         "Input should be less than or equal to 2048"), added[i] = 0;
          }
        if (!member_present (body, "image"))
          add_error (v, "body", "image", "missing", "Field required");
        else if (check_image (v, body, "image", &image))
          {
            if (image.is_url)
              add_error (v, "body", "image", "value_error",
                         "Value error, image must be a base64 encoded image");
            else
              {
                s->width = image.width + added[2] + added[3];
                s->height = image.height + added[0] + added[1];
                s->n_images = 1;
                s->data_prefix = image.data_prefix;
              }
          }
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

static void draw_picture_soon (AtelierFakeBfl *self,
                               Task           *task);

static char *
upsample_prompt (const char *prompt)
{
  if (*prompt == '\0')
    return g_strdup ("A detailed, well composed picture with soft natural light");
  return g_strdup_printf ("%s, rendered in rich detail with soft natural light, "
                          "a balanced composition and subtle film grain", prompt);
}

static char *
make_uuid (void)
{
  return g_uuid_string_random ();
}

static void
handle_submit (AtelierFakeBfl     *self,
               SoupServerMessage  *msg,
               AtelierFakeRequest *request,
               const ModelInfo    *model,
               const char         *key)
{
  g_autoptr(JsonArray) errors = json_array_new ();
  Validation v = { errors };
  Submission s = { 0 };
  double *balance;
  double cost;
  double output_mp;
  Task *task;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) answer = NULL;
  gboolean is_kontext_max = g_str_equal (model->path, "flux-kontext-max");

  if (request->body == NULL || !JSON_NODE_HOLDS_OBJECT (request->body))
    {
      add_error (&v, "body", NULL, request->body == NULL ? "json_invalid" : "model_attributes_type",
                 request->body == NULL ? "JSON decode error"
                                       : "Input should be a valid dictionary or object");
    }
  else
    {
      validate_submission (model, json_node_get_object (request->body), &v, &s);
    }

  request->n_images = s.n_images;
  request->n_ignored_images = s.n_ignored;
  request->data_prefix = s.data_prefix;

  if (json_array_get_length (errors) > 0)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      JsonObject *object = json_object_new ();

      json_object_set_array_member (object, "detail", json_array_ref (errors));
      json_node_take_object (node, object);
      set_json (msg, 422, node);
      return;
    }

  if (consume_fault (self, ATELIER_FAKE_FAULT_SUBMIT_429)
      || count_active (self, key, is_kontext_max ? 1 : 0)
         >= (is_kontext_max ? KONTEXT_MAX_ACTIVE_LIMIT : ACTIVE_LIMIT))
    {
      set_too_many (self, msg);
      return;
    }

  if (model->family == FAMILY_FLUX2)
    {
      cost = model->first + (billed_mp (s.width, s.height) - 1) * model->extra
             + s.in_mp_billed * model->extra;
    }
  else
    {
      cost = model->first;
    }
  cost = round_to (cost, 0.001);
  output_mp = round_to (s.width * (double) s.height / 1e6, 0.01);

  balance = g_hash_table_lookup (self->credits, key);
  g_assert (balance != NULL);
  if (*balance < cost)
    {
      set_detail (msg, SOUP_STATUS_PAYMENT_REQUIRED,
                  "Insufficient credits. Add credits at https://dashboard.bfl.ai to continue.");
      return;
    }

  /* Accepted: from here the task exists and is billed, whatever the answer says. */
  *balance = round_to (*balance - cost, 0.001);

  task = g_new0 (Task, 1);
  task->id = make_uuid ();
  task->key = g_strdup (key);
  task->model = model;
  task->created_us = g_get_monotonic_time ();
  task->created_real_us = g_get_real_time ();
  task->duration_us = (gint64) self->task_time_ms * 1000;
  task->ttl_us = (gint64) self->result_ttl_ms * 1000;
  task->seed = s.has_seed ? s.seed : g_random_int_range (0, G_MAXINT32);
  task->prompt = s.upsampling ? upsample_prompt (s.prompt) : g_strdup (s.prompt);
  task->width = s.width;
  task->height = s.height;
  task->format = g_strdup (g_str_equal (s.format, "webp") && !self->can_write_webp ? "png" : s.format);
  task->not_found_polls = self->faults[ATELIER_FAKE_FAULT_NOT_FOUND_AFTER_SUBMIT];
  task->expired_url = consume_fault (self, ATELIER_FAKE_FAULT_EXPIRED_RESULT);
  if (consume_fault (self, ATELIER_FAKE_FAULT_MODERATE_REQUEST))
    task->outcome = OUTCOME_REQUEST_MODERATED;
  else if (consume_fault (self, ATELIER_FAKE_FAULT_MODERATE_CONTENT))
    task->outcome = OUTCOME_CONTENT_MODERATED;
  else if (consume_fault (self, ATELIER_FAKE_FAULT_TASK_ERROR))
    task->outcome = OUTCOME_ERROR;
  else
    task->outcome = OUTCOME_READY;

  g_hash_table_insert (self->tasks, task->id, task);
  g_ptr_array_add (self->task_order, task);
  if (task->outcome == OUTCOME_READY)
    draw_picture_soon (self, task);
  self->submitted++;
  self->max_active = MAX (self->max_active, count_active (self, NULL, -1));
  request->task_id = g_strdup (task->id);
  request->out_width = task->width;
  request->out_height = task->height;
  request->cost = cost;
  g_debug ("task %s (%s) %u×%u, %.3f credits", task->id, model->path, task->width, task->height, cost);

  if (consume_fault (self, ATELIER_FAKE_FAULT_SUBMIT_500))
    {
      set_text (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "text/plain", "Internal Server Error");
      return;
    }
  if (consume_fault (self, ATELIER_FAKE_FAULT_SUBMIT_DROP))
    {
      drop_connection (msg);
      return;
    }
  if (consume_fault (self, ATELIER_FAKE_FAULT_SUBMIT_MALFORMED))
    {
      g_autofree char *text = g_strdup_printf ("{\"id\": \"%s\", \"polling_url\": \"htt", task->id);

      set_text (msg, SOUP_STATUS_OK, "application/json", text);
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, task->id);
  json_builder_set_member_name (builder, "polling_url");
  {
    g_autofree char *polling_url = g_strdup_printf ("%s/v1/get_result?id=%s",
                                                    self->polling_base ? self->polling_base : self->url,
                                                    task->id);
    json_builder_add_string_value (builder, polling_url);
  }
  json_builder_set_member_name (builder, "cost");
  json_builder_add_double_value (builder, cost);
  json_builder_set_member_name (builder, "input_mp");
  json_builder_add_double_value (builder, round_to (s.in_mp_decimal, 0.01));
  json_builder_set_member_name (builder, "output_mp");
  json_builder_add_double_value (builder, output_mp);
  json_builder_end_object (builder);
  answer = json_builder_get_root (builder);
  set_json (msg, SOUP_STATUS_OK, answer);
}

/* ---- poll ---- */

static const char *
format_extension (const char *format)
{
  return format;   /* "jpeg", "png", "webp": BFL's own extensions */
}

static const char *
task_sample_url (AtelierFakeBfl *self,
                 Task           *task)
{
  if (task->sample_url == NULL)
    {
      gint64 expiry_real_us = task->created_real_us + task->duration_us + task->ttl_us;
      g_autoptr(GDateTime) expiry = g_date_time_new_from_unix_utc (expiry_real_us / G_USEC_PER_SEC);
      g_autofree char *se = g_date_time_format (expiry, "%Y-%m-%dT%H:%M:%SZ");
      g_autofree char *se_escaped = g_uri_escape_string (se, NULL, FALSE);

      task->sig = g_compute_hmac_for_string (G_CHECKSUM_SHA256,
                                             (const guchar *) "atelier-fake-delivery", 21,
                                             task->id, -1);
      task->sample_url = g_strdup_printf ("%s/delivery/%s.%s?se=%s&sp=r&sv=2024-11-04&sr=b&sig=%s",
                                          self->delivery_url, task->id,
                                          format_extension (task->format), se_escaped, task->sig);
    }
  return task->sample_url;
}

static void
add_moderation_details (JsonBuilder *builder)
{
  json_builder_set_member_name (builder, "details");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Moderation Reasons");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "Derivative Works Filter");
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
handle_poll (AtelierFakeBfl     *self,
             SoupServerMessage  *msg,
             AtelierFakeRequest *request,
             GHashTable         *query)
{
  const char *id = query ? g_hash_table_lookup (query, "id") : NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) answer = NULL;
  Task *task;
  gint64 now = g_get_monotonic_time ();

  if (id == NULL)
    {
      g_autoptr(JsonArray) errors = json_array_new ();
      Validation v = { errors };
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      JsonObject *object = json_object_new ();

      add_error (&v, "query", "id", "missing", "Field required");
      json_object_set_array_member (object, "detail", json_array_ref (errors));
      json_node_take_object (node, object);
      set_json (msg, 422, node);
      return;
    }
  request->task_id = g_strdup (id);

  if (consume_fault (self, ATELIER_FAKE_FAULT_POLL_503))
    {
      set_service_unavailable (msg);
      return;
    }
  if (consume_fault (self, ATELIER_FAKE_FAULT_POLL_DROP))
    {
      drop_connection (msg);
      return;
    }
  if (consume_fault (self, ATELIER_FAKE_FAULT_POLL_MALFORMED))
    {
      g_autofree char *text = g_strdup_printf ("{\"id\": \"%s\", \"status\": \"Rea", id);

      set_text (msg, SOUP_STATUS_OK, "application/json", text);
      return;
    }

  task = g_hash_table_lookup (self->tasks, id);
  if (task != NULL && task->not_found_polls > 0)
    {
      task->not_found_polls--;
      set_detail (msg, SOUP_STATUS_NOT_FOUND, "Not Found");
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);

  if (task != NULL && consume_fault (self, ATELIER_FAKE_FAULT_UNKNOWN_STATUS))
    {
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, "Mysterious");
      json_builder_set_member_name (builder, "result");
      json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "progress");
      json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "details");
      json_builder_add_null_value (builder);
    }
  else if (task == NULL)
    {
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, "Task not found");
      json_builder_set_member_name (builder, "result");
      json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "progress");
      json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "details");
      json_builder_add_null_value (builder);
    }
  else if (task_is_active (task, now))
    {
      double progress = (double) (now - task->created_us) / MAX (1, task->duration_us);

      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, "Pending");
      json_builder_set_member_name (builder, "result");
      json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "progress");
      json_builder_add_double_value (builder, round_to (CLAMP (progress, 0.0, 0.99), 0.01));
      json_builder_set_member_name (builder, "details");
      json_builder_add_null_value (builder);
    }
  else
    {
      switch (task->outcome)
        {
        case OUTCOME_READY:
          {
            double start = task->created_real_us / 1e6;
            double duration = task->duration_us / 1e6;

            json_builder_set_member_name (builder, "status");
            json_builder_add_string_value (builder, "Ready");
            json_builder_set_member_name (builder, "result");
            json_builder_begin_object (builder);
            json_builder_set_member_name (builder, "sample");
            json_builder_add_string_value (builder, task_sample_url (self, task));
            json_builder_set_member_name (builder, "seed");
            json_builder_add_int_value (builder, task->seed);
            json_builder_set_member_name (builder, "prompt");
            json_builder_add_string_value (builder, task->prompt);
            json_builder_set_member_name (builder, "start_time");
            json_builder_add_double_value (builder, start);
            json_builder_set_member_name (builder, "end_time");
            json_builder_add_double_value (builder, start + duration);
            json_builder_set_member_name (builder, "duration");
            json_builder_add_double_value (builder, duration);
            json_builder_end_object (builder);
            json_builder_set_member_name (builder, "progress");
            json_builder_add_null_value (builder);
            json_builder_set_member_name (builder, "details");
            json_builder_add_null_value (builder);
          }
          break;

        case OUTCOME_REQUEST_MODERATED:
        case OUTCOME_CONTENT_MODERATED:
          json_builder_set_member_name (builder, "status");
          json_builder_add_string_value (builder, task->outcome == OUTCOME_REQUEST_MODERATED
                                                  ? "Request Moderated" : "Content Moderated");
          json_builder_set_member_name (builder, "result");
          json_builder_add_null_value (builder);
          json_builder_set_member_name (builder, "progress");
          json_builder_add_null_value (builder);
          add_moderation_details (builder);
          break;

        case OUTCOME_ERROR:
          json_builder_set_member_name (builder, "status");
          json_builder_add_string_value (builder, "Error");
          json_builder_set_member_name (builder, "result");
          json_builder_add_null_value (builder);
          json_builder_set_member_name (builder, "progress");
          json_builder_add_null_value (builder);
          json_builder_set_member_name (builder, "details");
          json_builder_add_null_value (builder);
          break;

        default:
          g_assert_not_reached ();
        }
    }

  json_builder_set_member_name (builder, "preview");
  json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  answer = json_builder_get_root (builder);
  set_json (msg, SOUP_STATUS_OK, answer);
}

/* ---- delivery ---- */

/* A smooth plasma with a few soft circles, drawn small and scaled up, seeded by the seed. */
/* What a picture is drawn from: copied out of the task so a worker thread can draw it. */
typedef struct
{
  char    *id;
  gint64   seed;
  guint    width;
  guint    height;
  char    *format;
  AtelierFakeBfl *fake;   /* background drawing only: held until the picture is handed over */
  GBytes  *image;
} Picture;

static void
picture_free (Picture *picture)
{
  g_free (picture->id);
  g_free (picture->format);
  g_clear_object (&picture->fake);
  g_clear_pointer (&picture->image, g_bytes_unref);
  g_free (picture);
}

static void
hsv_to_rgb (double h,
            double s,
            double v,
            double rgb[3])
{
  double sector = fmod (h, 1.0) * 6.0;
  int i = (int) floor (sector);
  double f = sector - i;
  double p = v * (1 - s), q = v * (1 - s * f), t = v * (1 - s * (1 - f));
  double table[6][3] = { { v, t, p }, { q, v, p }, { p, v, t }, { p, q, v }, { t, p, v }, { v, p, q } };

  for (guint c = 0; c < 3; c++)
    rgb[c] = table[CLAMP (i, 0, 5)][c];
}

static GBytes *
draw_picture (const Picture *task)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed ((guint32) task->seed);
  guint tile_w = MIN (task->width, 160);
  guint tile_h = MAX (1, (guint) ((double) tile_w * task->height / task->width));
  g_autoptr(GdkPixbuf) tile = NULL;
  g_autoptr(GdkPixbuf) picture = NULL;
  g_autoptr(GError) error = NULL;
  double f[4], p[4], hue;
  double cx[3], cy[3], cr[3];
  guchar *pixels;
  int stride;
  gchar *buffer = NULL;
  gsize length = 0;

  if (tile_h > 160)
    {
      tile_h = 160;
      tile_w = MAX (1, (guint) ((double) tile_h * task->width / task->height));
    }

  for (guint i = 0; i < 4; i++)
    {
      f[i] = g_rand_double_range (rand, 2.0, 9.0);
      p[i] = g_rand_double_range (rand, 0.0, 2 * G_PI);
    }
  for (guint i = 0; i < 3; i++)
    {
      cx[i] = g_rand_double (rand);
      cy[i] = g_rand_double (rand);
      cr[i] = g_rand_double_range (rand, 0.08, 0.3);
    }
  hue = g_rand_double_range (rand, 0.0, 1.0);

  /* A calm duotone, like a blurred photograph: two related hues and a warm glow, instead of the
   * full rainbow a sine per channel gives. */
  {
    double low[3], high[3];

    hsv_to_rgb (hue, 0.55, 0.35, low);
    hsv_to_rgb (fmod (hue + g_rand_double_range (rand, 0.08, 0.22), 1.0), 0.45, 0.92, high);

    tile = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, tile_w, tile_h);
    pixels = gdk_pixbuf_get_pixels (tile);
    stride = gdk_pixbuf_get_rowstride (tile);
    for (guint y = 0; y < tile_h; y++)
      for (guint x = 0; x < tile_w; x++)
        {
          double u = (double) x / tile_w, w = (double) y / tile_h;
          double value = sin (u * f[0] * 0.5 + p[0]) + sin (w * f[1] * 0.5 + p[1])
                         + 0.5 * sin ((u + w) * f[2] * 0.5 + p[2]);
          double t = CLAMP ((value / 2.5 + 1.0) / 2.0 + 0.35 * (1.0 - w), 0.0, 1.0);
          guchar *px = pixels + y * stride + x * 3;
          double glow = 0.0;

          for (guint i = 0; i < 3; i++)
            {
              double d = sqrt ((u - cx[i]) * (u - cx[i]) + (w - cy[i]) * (w - cy[i]));
              glow += CLAMP (1.0 - d / cr[i], 0.0, 1.0);
            }
          glow = CLAMP (glow * glow * 0.5, 0.0, 0.6);
          for (guint c = 0; c < 3; c++)
            {
              double v = low[c] + (high[c] - low[c]) * t;
              v = v + (1.0 - v) * glow * (c == 2 ? 0.6 : 1.0);
              px[c] = (guchar) CLAMP (v * 255.0, 0, 255);
            }
        }
  }

  picture = gdk_pixbuf_scale_simple (tile, task->width, task->height, GDK_INTERP_BILINEAR);

  if (g_str_equal (task->format, "png"))
    gdk_pixbuf_save_to_buffer (picture, &buffer, &length, "png", &error, "compression", "1", NULL);
  else if (g_str_equal (task->format, "webp"))
    gdk_pixbuf_save_to_buffer (picture, &buffer, &length, "webp", &error, NULL);
  else
    gdk_pixbuf_save_to_buffer (picture, &buffer, &length, "jpeg", &error, "quality", "90", NULL);

  if (error != NULL)
    {
      g_warning ("Could not encode a %s picture: %s", task->format, error->message);
      return NULL;
    }
  return g_bytes_new_take (buffer, length);
}

static void
draw_picture_in_thread (GTask        *gtask,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  GBytes *image = draw_picture (task_data);

  if (image == NULL)
    g_task_return_new_error (gtask, G_IO_ERROR, G_IO_ERROR_FAILED, "could not draw");
  else
    g_task_return_pointer (gtask, image, (GDestroyNotify) g_bytes_unref);
}

static void
on_picture_drawn (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  AtelierFakeBfl *self = ATELIER_FAKE_BFL (source);
  Picture *picture = g_task_get_task_data (G_TASK (result));
  g_autoptr(GBytes) image = g_task_propagate_pointer (G_TASK (result), NULL);
  Task *task = g_hash_table_lookup (self->tasks, picture->id);

  if (task != NULL && task->image == NULL && image != NULL)
    task->image = g_steal_pointer (&image);
}

static gboolean
on_background_picture_drawn (gpointer user_data)
{
  Picture *picture = user_data;
  Task *task = g_hash_table_lookup (picture->fake->tasks, picture->id);

  if (task != NULL && task->image == NULL && picture->image != NULL)
    task->image = g_steal_pointer (&picture->image);
  picture_free (picture);
  return G_SOURCE_REMOVE;
}

/* A thread of the fake's own pool: it lowers its own priority once, so a benchmark's
 * application in the same process is not starved by pictures a real server draws elsewhere. */
static void
draw_picture_in_background (gpointer data,
                            gpointer user_data)
{
  static GPrivate niced;
  Picture *picture = data;

  if (g_private_get (&niced) == NULL)
    {
      /* On Linux the nice value is per thread: 0 names the calling thread alone. */
      setpriority (PRIO_PROCESS, 0, 19);
      g_private_set (&niced, GINT_TO_POINTER (1));
    }
  picture->image = draw_picture (picture);
  g_main_context_invoke (picture->fake->context, on_background_picture_drawn, picture);
}

/* BFL's delivery hosts serve a finished file; drawing it at submit time, off the server's
 * thread, keeps 24 downloads from queueing behind 24 JPEG encodes. */
static void
draw_picture_soon (AtelierFakeBfl *self,
                   Task           *task)
{
  g_autoptr(GTask) gtask = NULL;
  Picture *picture = g_new0 (Picture, 1);

  picture->id = g_strdup (task->id);
  picture->seed = task->seed;
  picture->width = task->width;
  picture->height = task->height;
  picture->format = g_strdup (task->format);
  if (self->background_pool != NULL)
    {
      picture->fake = g_object_ref (self);
      g_thread_pool_push (self->background_pool, picture, NULL);
      return;
    }
  gtask = g_task_new (self, NULL, on_picture_drawn, NULL);
  g_task_set_task_data (gtask, picture, (GDestroyNotify) picture_free);
  g_task_run_in_thread (gtask, draw_picture_in_thread);
}

static void
set_blob_error (SoupServerMessage *msg,
                guint              status,
                const char        *code,
                const char        *message)
{
  g_autofree char *text =
    g_strdup_printf ("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>%s</Code>"
                     "<Message>%s</Message></Error>", code, message);

  set_text (msg, status, "application/xml", text);
}

static void
handle_delivery (AtelierFakeBfl     *self,
                 SoupServerMessage  *msg,
                 AtelierFakeRequest *request,
                 const char         *path,
                 GHashTable         *query)
{
  g_autofree char *name = NULL;
  char *dot;
  Task *task;
  const char *sig;
  g_autofree char *content_type = NULL;

  if (!g_str_has_prefix (path, "/delivery/"))
    {
      set_blob_error (msg, SOUP_STATUS_NOT_FOUND, "ResourceNotFound",
                      "The specified resource does not exist.");
      return;
    }
  name = g_strdup (path + strlen ("/delivery/"));
  if ((dot = strrchr (name, '.')) != NULL)
    *dot = '\0';
  request->task_id = g_strdup (name);

  if (consume_fault (self, ATELIER_FAKE_FAULT_DOWNLOAD_503))
    {
      set_service_unavailable (msg);
      return;
    }
  if (consume_fault (self, ATELIER_FAKE_FAULT_DOWNLOAD_DROP))
    {
      drop_connection (msg);
      return;
    }

  task = g_hash_table_lookup (self->tasks, name);
  if (task == NULL || task->sample_url == NULL)
    {
      set_blob_error (msg, SOUP_STATUS_NOT_FOUND, "BlobNotFound",
                      "The specified blob does not exist.");
      return;
    }

  sig = query ? g_hash_table_lookup (query, "sig") : NULL;
  if (g_strcmp0 (sig, task->sig) != 0)
    {
      set_blob_error (msg, SOUP_STATUS_FORBIDDEN, "AuthenticationFailed",
                      "Server failed to authenticate the request. Make sure the value of "
                      "Authorization header is formed correctly including the signature.");
      return;
    }
  if (task->expired_url || g_get_monotonic_time () > task_end_us (task) + task->ttl_us)
    {
      set_blob_error (msg, SOUP_STATUS_FORBIDDEN, "AuthenticationFailed",
                      "Server failed to authenticate the request. Signed expiry time has passed.");
      return;
    }

  if (task->image == NULL)
    {
      /* The worker has not finished yet (a task shorter than the drawing): draw it here. */
      Picture picture = { task->id, task->seed, task->width, task->height, task->format };
      task->image = draw_picture (&picture);
    }
  if (task->image == NULL)
    {
      set_text (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "text/plain", "Internal Server Error");
      return;
    }

  content_type = g_strdup_printf ("image/%s", task->format);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY,
                                    g_bytes_get_data (task->image, NULL),
                                    g_bytes_get_size (task->image));
}

/* ---- dispatch ---- */

static const ModelInfo *
find_model (const char *path)
{
  if (!g_str_has_prefix (path, "/v1/"))
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    if (g_str_equal (path + 4, models[i].path))
      return &models[i];
  return NULL;
}

static gboolean
key_is_valid (AtelierFakeBfl *self,
              const char     *key)
{
  return key != NULL && g_hash_table_contains (self->credits, key);
}

static void
handle_api (AtelierFakeBfl     *self,
            SoupServerMessage  *msg,
            AtelierFakeRequest *request,
            const char         *path,
            GHashTable         *query)
{
  const char *method = soup_server_message_get_method (msg);
  const ModelInfo *model = find_model (path);
  gboolean is_poll = g_str_equal (path, "/v1/get_result");
  gboolean is_credits = g_str_equal (path, "/v1/credits");

  if (model == NULL && !is_poll && !is_credits)
    {
      set_detail (msg, SOUP_STATUS_NOT_FOUND, "Not Found");
      return;
    }
  if ((model != NULL && !g_str_equal (method, "POST"))
      || (model == NULL && !g_str_equal (method, "GET")))
    {
      set_detail (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "Method Not Allowed");
      return;
    }

  /* get_result needs no key, per BFL's schema. */
  if (is_poll)
    {
      handle_poll (self, msg, request, query);
      return;
    }

  if (!key_is_valid (self, request->x_key))
    {
      set_detail (msg, SOUP_STATUS_FORBIDDEN, "Not authenticated - Invalid Authentication");
      return;
    }

  if (is_credits)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      JsonObject *object = json_object_new ();

      json_object_set_double_member (object, "credits",
                                     atelier_fake_bfl_get_credits (self, request->x_key));
      json_node_take_object (node, object);
      set_json (msg, SOUP_STATUS_OK, node);
      return;
    }

  handle_submit (self, msg, request, model, request->x_key);
}

typedef struct
{
  AtelierFakeBfl     *self;     /* weak: the fake destroys pending sources in dispose */
  SoupServerMessage  *msg;
  AtelierFakeRequest *request;
  GHashTable         *query;
  gboolean            to_delivery;
  gboolean            owns_request;  /* clear_requests let go of it while it waited */
  GSource            *source;
} Deferred;

static void
deferred_free (Deferred *deferred)
{
  if (deferred->owns_request)
    request_free (deferred->request);
  g_object_unref (deferred->msg);
  g_clear_pointer (&deferred->query, g_hash_table_unref);
  g_free (deferred);
}

static void
process (AtelierFakeBfl     *self,
         SoupServerMessage  *msg,
         AtelierFakeRequest *request,
         GHashTable         *query,
         gboolean            to_delivery)
{
  gboolean dropped;

  if (to_delivery)
    handle_delivery (self, msg, request, request->path, query);
  else
    handle_api (self, msg, request, request->path, query);

  dropped = g_object_get_data (G_OBJECT (msg), "atelier-fake-dropped") != NULL;
  request->status = dropped ? 0 : soup_server_message_get_status (msg);
  if (!dropped)
    mark_connection_used (msg);
}

static gboolean
on_deferred_timeout (gpointer user_data)
{
  Deferred *deferred = user_data;
  AtelierFakeBfl *self = deferred->self;

  self->deferred = g_list_remove (self->deferred, deferred);
  process (self, deferred->msg, deferred->request, deferred->query, deferred->to_delivery);
  if (deferred->request->status != 0)
    soup_server_message_unpause (deferred->msg);
  return G_SOURCE_REMOVE;
}

static void
on_request (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  AtelierFakeBfl *self = ATELIER_FAKE_BFL (user_data);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  GUri *uri = soup_server_message_get_uri (msg);
  AtelierFakeRequest *request = g_new0 (AtelierFakeRequest, 1);
  gboolean to_delivery = server == self->delivery_server;

  request->method = g_strdup (soup_server_message_get_method (msg));
  request->path = g_strdup (path);
  request->query = g_strdup (g_uri_get_query (uri));
  request->host = g_strdup (soup_message_headers_get_one (headers, "Host"));
  request->x_key = g_strdup (soup_message_headers_get_one (headers, "x-key"));
  request->user_agent = g_strdup (soup_message_headers_get_one (headers, "User-Agent"));
  request->to_delivery = to_delivery;
  request->received_us = g_get_monotonic_time ();

  if (g_str_equal (request->method, "POST"))
    {
      SoupMessageBody *body = soup_server_message_get_request_body (msg);
      g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), NULL)
          && json_parser_get_root (parser) != NULL)
        request->body = json_node_copy (json_parser_get_root (parser));
    }

  g_ptr_array_add (self->requests, request);

  if (consume_fault (self, ATELIER_FAKE_FAULT_SLOW) && self->slow_ms > 0)
    {
      Deferred *deferred = g_new0 (Deferred, 1);

      deferred->self = self;
      deferred->msg = g_object_ref (msg);
      deferred->request = request;
      deferred->query = query ? g_hash_table_ref (query) : NULL;
      deferred->to_delivery = to_delivery;
      deferred->source = g_timeout_source_new (self->slow_ms);
      g_source_set_callback (deferred->source, on_deferred_timeout, deferred,
                             (GDestroyNotify) deferred_free);
      g_source_attach (deferred->source, self->context);
      self->deferred = g_list_prepend (self->deferred, deferred);
      g_source_unref (deferred->source);
      soup_server_message_pause (msg);
      return;
    }

  process (self, msg, request, query, to_delivery);
}

/* ---- GObject ---- */

static void
atelier_fake_bfl_dispose (GObject *object)
{
  AtelierFakeBfl *self = ATELIER_FAKE_BFL (object);

  while (self->deferred != NULL)
    {
      Deferred *deferred = self->deferred->data;

      self->deferred = g_list_delete_link (self->deferred, self->deferred);
      g_source_destroy (deferred->source);
    }
  if (self->api_server != NULL)
    soup_server_disconnect (self->api_server);
  if (self->delivery_server != NULL)
    soup_server_disconnect (self->delivery_server);
  g_clear_object (&self->api_server);
  g_clear_object (&self->delivery_server);

  G_OBJECT_CLASS (atelier_fake_bfl_parent_class)->dispose (object);
}

static void
atelier_fake_bfl_finalize (GObject *object)
{
  AtelierFakeBfl *self = ATELIER_FAKE_BFL (object);

  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->url);
  g_free (self->delivery_url);
  g_free (self->polling_base);
  g_clear_pointer (&self->credits, g_hash_table_unref);
  g_clear_pointer (&self->task_order, g_ptr_array_unref);
  g_clear_pointer (&self->tasks, g_hash_table_unref);
  g_clear_pointer (&self->requests, g_ptr_array_unref);

  G_OBJECT_CLASS (atelier_fake_bfl_parent_class)->finalize (object);
}

static void
atelier_fake_bfl_class_init (AtelierFakeBflClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = atelier_fake_bfl_dispose;
  object_class->finalize = atelier_fake_bfl_finalize;
}

static gboolean
pixbuf_can_write (const char *name)
{
  GSList *formats = gdk_pixbuf_get_formats ();
  gboolean found = FALSE;

  for (GSList *l = formats; l != NULL && !found; l = l->next)
    {
      g_autofree char *format_name = gdk_pixbuf_format_get_name (l->data);

      found = g_strcmp0 (format_name, name) == 0 && gdk_pixbuf_format_is_writable (l->data);
    }
  g_slist_free (formats);
  return found;
}

static void
atelier_fake_bfl_init (AtelierFakeBfl *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->task_time_ms = 1500;
  self->result_ttl_ms = 10 * 60 * 1000;
  self->credits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->tasks = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) task_free);
  self->task_order = g_ptr_array_new ();
  self->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) request_free);
  self->can_write_webp = pixbuf_can_write ("webp");

  atelier_fake_bfl_set_credits (self, ATELIER_FAKE_KEY_VALID, START_CREDITS);
  atelier_fake_bfl_set_credits (self, ATELIER_FAKE_KEY_DEMO, START_CREDITS);
  atelier_fake_bfl_set_credits (self, ATELIER_FAKE_KEY_NO_CREDITS, 0);
}

static char *
listen_on (SoupServer  *server,
           guint        port,
           GError     **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  g_autoptr(GSocket) socket = NULL;
  GSList *uris;
  char *url;

  /* Our own socket: soup_server_listen () keeps GSocket's backlog of 10, and 24 jobs opening
   * connections at once then wait a second for a retried SYN, like no real BFL host would. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return NULL;
  g_socket_set_listen_backlog (socket, 256);
  if (!g_socket_bind (socket, address, TRUE, error) ||
      !g_socket_listen (socket, error) ||
      !soup_server_listen_socket (server, socket, 0, error))
    return NULL;
  uris = soup_server_get_uris (server);
  g_assert (uris != NULL);
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return url;
}

AtelierFakeBfl *
atelier_fake_bfl_new (guint    port,
                      GError **error)
{
  g_autoptr(AtelierFakeBfl) self = g_object_new (ATELIER_TYPE_FAKE_BFL, NULL);

  self->api_server = soup_server_new ("server-header", "atelier-fake-bfl ", NULL);
  self->delivery_server = soup_server_new ("server-header", "atelier-fake-delivery ", NULL);
  soup_server_add_handler (self->api_server, NULL, on_request, self, NULL);
  soup_server_add_handler (self->delivery_server, NULL, on_request, self, NULL);

  if ((self->url = listen_on (self->api_server, port, error)) == NULL)
    return NULL;
  if ((self->delivery_url = listen_on (self->delivery_server, 0, error)) == NULL)
    return NULL;

  g_debug ("fake BFL API at %s, delivery at %s", self->url, self->delivery_url);
  return g_steal_pointer (&self);
}

const char *
atelier_fake_bfl_get_url (AtelierFakeBfl *self)
{
  g_return_val_if_fail (ATELIER_IS_FAKE_BFL (self), NULL);
  return self->url;
}

const char *
atelier_fake_bfl_get_delivery_url (AtelierFakeBfl *self)
{
  g_return_val_if_fail (ATELIER_IS_FAKE_BFL (self), NULL);
  return self->delivery_url;
}

void
atelier_fake_bfl_set_background_drawing (AtelierFakeBfl *self,
                                         gboolean        background)
{
  g_return_if_fail (ATELIER_IS_FAKE_BFL (self));

  if (background && self->background_pool == NULL)
    self->background_pool = g_thread_pool_new (draw_picture_in_background, NULL, 2, TRUE, NULL);
}

void
atelier_fake_bfl_set_task_time (AtelierFakeBfl *self,
                                guint           ms)
{
  g_return_if_fail (ATELIER_IS_FAKE_BFL (self));
  self->task_time_ms = ms;
}

void
atelier_fake_bfl_set_result_ttl (AtelierFakeBfl *self,
                                 guint           ms)
{
  g_return_if_fail (ATELIER_IS_FAKE_BFL (self));
  self->result_ttl_ms = ms;
}

void
atelier_fake_bfl_set_polling_base (AtelierFakeBfl *self,
                                   const char     *base_url)
{
  g_return_if_fail (ATELIER_IS_FAKE_BFL (self));
  g_free (self->polling_base);
  self->polling_base = g_strdup (base_url);
  /* "http://host:port/" and "http://host:port" mean the same base. */
  if (self->polling_base != NULL && g_str_has_suffix (self->polling_base, "/"))
    self->polling_base[strlen (self->polling_base) - 1] = '\0';
}

/* Setting credits for a key the fake did not know makes it a valid key. */
void
atelier_fake_bfl_set_credits (AtelierFakeBfl *self,
                              const char     *key,
                              double          credits)
{
  double *balance;

  g_return_if_fail (ATELIER_IS_FAKE_BFL (self));
  g_return_if_fail (key != NULL);

  balance = g_new (double, 1);
  *balance = credits;
  g_hash_table_replace (self->credits, g_strdup (key), balance);
}

double
atelier_fake_bfl_get_credits (AtelierFakeBfl *self,
                              const char     *key)
{
  double *balance;

  g_return_val_if_fail (ATELIER_IS_FAKE_BFL (self), 0);

  balance = key ? g_hash_table_lookup (self->credits, key) : NULL;
  return balance ? *balance : 0;
}

void
atelier_fake_bfl_set_fault (AtelierFakeBfl   *self,
                            AtelierFakeFault  fault,
                            guint             count)
{
  g_return_if_fail (ATELIER_IS_FAKE_BFL (self));
  g_return_if_fail (fault < ATELIER_FAKE_N_FAULTS);
  self->faults[fault] = count;
}

void
atelier_fake_bfl_set_slow_ms (AtelierFakeBfl *self,
                              guint           ms)
{
  g_return_if_fail (ATELIER_IS_FAKE_BFL (self));
  self->slow_ms = ms;
}

void
atelier_fake_bfl_set_retry_after (AtelierFakeBfl *self,
                                  guint           seconds)
{
  g_return_if_fail (ATELIER_IS_FAKE_BFL (self));
  self->retry_after = seconds;
}

GPtrArray *
atelier_fake_bfl_get_requests (AtelierFakeBfl *self)
{
  g_return_val_if_fail (ATELIER_IS_FAKE_BFL (self), NULL);
  return self->requests;
}

void
atelier_fake_bfl_clear_requests (AtelierFakeBfl *self)
{
  g_return_if_fail (ATELIER_IS_FAKE_BFL (self));
  /* A request still waiting (slow) is filled in later: hand it to its Deferred. */
  for (GList *l = self->deferred; l != NULL; l = l->next)
    {
      Deferred *deferred = l->data;

      if (!deferred->owns_request)
        {
          guint index;

          if (g_ptr_array_find (self->requests, deferred->request, &index))
            g_ptr_array_steal_index (self->requests, index);
          deferred->owns_request = TRUE;
        }
    }
  g_ptr_array_set_size (self->requests, 0);
}

guint
atelier_fake_bfl_get_submitted (AtelierFakeBfl *self)
{
  g_return_val_if_fail (ATELIER_IS_FAKE_BFL (self), 0);
  return self->submitted;
}

guint
atelier_fake_bfl_get_max_active (AtelierFakeBfl *self)
{
  g_return_val_if_fail (ATELIER_IS_FAKE_BFL (self), 0);
  return self->max_active;
}

guint
atelier_fake_bfl_get_active (AtelierFakeBfl *self)
{
  g_return_val_if_fail (ATELIER_IS_FAKE_BFL (self), 0);
  return count_active (self, NULL, -1);
}

guint
atelier_fake_bfl_get_active_for_key (AtelierFakeBfl *self,
                                     const char     *key)
{
  g_return_val_if_fail (ATELIER_IS_FAKE_BFL (self), 0);
  g_return_val_if_fail (key != NULL, 0);
  return count_active (self, key, -1);
}

guint
atelier_fake_bfl_count_requests (AtelierFakeBfl *self,
                                 const char     *path_prefix)
{
  guint n = 0;

  g_return_val_if_fail (ATELIER_IS_FAKE_BFL (self), 0);

  for (guint i = 0; i < self->requests->len; i++)
    {
      AtelierFakeRequest *request = g_ptr_array_index (self->requests, i);

      if (path_prefix == NULL || g_str_has_prefix (request->path, path_prefix))
        n++;
    }
  return n;
}

AtelierFakeRequest *
atelier_fake_bfl_get_last_request (AtelierFakeBfl *self,
                                   const char     *path_prefix)
{
  g_return_val_if_fail (ATELIER_IS_FAKE_BFL (self), NULL);

  for (guint i = self->requests->len; i > 0; i--)
    {
      AtelierFakeRequest *request = g_ptr_array_index (self->requests, i - 1);

      if (path_prefix == NULL || g_str_has_prefix (request->path, path_prefix))
        return request;
    }
  return NULL;
}
