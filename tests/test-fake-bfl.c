/* test-fake-bfl.c — the fake BFL server behaves like BFL, so other tests can trust it
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "atelier-fake-bfl.h"
#include "atelier-test-utils.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <libsoup/soup.h>
#include <string.h>

#define TASK_MS 150

typedef struct
{
  AtelierFakeBfl *fake;
  SoupSession    *session;
} Fixture;

typedef struct
{
  gboolean            done;
  guint               status;
  GBytes             *body;
  JsonNode           *json;
  SoupMessageHeaders *headers;
  GError             *error;
  gint64              elapsed_us;
} Reply;

static void
reply_free (Reply *reply)
{
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_pointer (&reply->json, json_node_unref);
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_clear_error (&reply->error);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->fake = atelier_fake_bfl_new (0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fx->fake);
  atelier_fake_bfl_set_task_time (fx->fake, TASK_MS);
  fx->session = soup_session_new_with_options ("timeout", 5, "user-agent", "test-fake-bfl/1", NULL);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_clear_object (&fx->session);
  g_clear_object (&fx->fake);
  /* Let the closed connections' sources run, so the next test starts clean. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Reply *reply = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);

  reply->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &reply->error);
  reply->status = soup_message_get_status (msg);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  reply->done = TRUE;
}

static Reply *
fetch (Fixture    *fx,
       const char *method,
       const char *url,
       const char *key,
       const char *body)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  Reply *reply = g_new0 (Reply, 1);
  gint64 start = g_get_monotonic_time ();

  g_assert_nonnull (msg);
  if (key != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "x-key", key);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  soup_session_send_and_read_async (fx->session, msg, G_PRIORITY_DEFAULT, NULL, on_sent, reply);
  g_assert_true (atelier_test_wait_for_flag (&reply->done, 5000));
  reply->elapsed_us = g_get_monotonic_time () - start;

  if (reply->body != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_data (parser, g_bytes_get_data (reply->body, NULL),
                                      g_bytes_get_size (reply->body), NULL)
          && json_parser_get_root (parser) != NULL)
        reply->json = json_node_copy (json_parser_get_root (parser));
    }
  return reply;
}

static Reply *
api (Fixture    *fx,
     const char *method,
     const char *path,
     const char *key,
     const char *body)
{
  g_autofree char *url = g_strconcat (atelier_fake_bfl_get_url (fx->fake), path, NULL);

  return fetch (fx, method, url, key, body);
}

static Reply *
submit (Fixture    *fx,
        const char *model,
        const char *body)
{
  g_autofree char *path = g_strconcat ("/v1/", model, NULL);

  return api (fx, "POST", path, ATELIER_FAKE_KEY_VALID, body);
}

static JsonObject *
reply_object (Reply *reply)
{
  g_assert_nonnull (reply->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (reply->json));
  return json_node_get_object (reply->json);
}

static const char *
reply_string (Reply      *reply,
              const char *member)
{
  return json_object_get_string_member (reply_object (reply), member);
}

static const char *
reply_detail (Reply *reply)
{
  return reply_string (reply, "detail");
}

/* The "loc" of every 422 entry, as "body.width" strings. */
static char *
reply_error_locs (Reply *reply)
{
  JsonArray *detail = json_object_get_array_member (reply_object (reply), "detail");
  GString *locs = g_string_new (NULL);

  g_assert_nonnull (detail);
  for (guint i = 0; i < json_array_get_length (detail); i++)
    {
      JsonObject *entry = json_array_get_object_element (detail, i);
      JsonArray *loc = json_object_get_array_member (entry, "loc");

      g_assert_nonnull (json_object_get_string_member (entry, "msg"));
      g_assert_nonnull (json_object_get_string_member (entry, "type"));
      if (locs->len > 0)
        g_string_append_c (locs, ' ');
      for (guint j = 0; j < json_array_get_length (loc); j++)
        g_string_append_printf (locs, "%s%s", j ? "." : "", json_array_get_string_element (loc, j));
    }
  return g_string_free (locs, FALSE);
}

static gboolean
has_loc (Reply      *reply,
         const char *loc)
{
  g_autofree char *locs = reply_error_locs (reply);
  g_auto(GStrv) parts = g_strsplit (locs, " ", -1);

  return g_strv_contains ((const char * const *) parts, loc);
}

static Reply *
poll_until_done (Fixture    *fx,
                 const char *polling_url)
{
  for (guint i = 0; i < 100; i++)
    {
      Reply *reply = fetch (fx, "GET", polling_url, NULL, NULL);

      g_assert_cmpuint (reply->status, ==, 200);
      if (g_strcmp0 (reply_string (reply, "status"), "Pending") != 0)
        return reply;
      reply_free (reply);
      g_usleep (20 * 1000);
    }
  g_assert_not_reached ();
}

static char *
base64_picture (int         width,
                int         height,
                const char *prefix)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autofree char *buffer = NULL;
  g_autofree char *encoded = NULL;
  gsize length;

  gdk_pixbuf_fill (pixbuf, 0x336699ff);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &length, "png", NULL, NULL));
  encoded = g_base64_encode ((guchar *) buffer, length);
  return g_strconcat (prefix ? prefix : "", encoded, NULL);
}

static GdkPixbuf *
decode_picture (GBytes *bytes)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr(GError) error = NULL;

  gdk_pixbuf_loader_write_bytes (loader, bytes, &error);
  g_assert_no_error (error);
  gdk_pixbuf_loader_close (loader, &error);
  g_assert_no_error (error);
  return g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
}

/* Submits a 1 MP flux-2-pro job and polls it to the end. */
static Reply *
generate (Fixture *fx)
{
  g_autoptr(Reply) submitted = submit (fx, "flux-2-pro",
                                       "{\"prompt\": \"a red fox\", \"width\": 1024, \"height\": 1024}");

  g_assert_cmpuint (submitted->status, ==, 200);
  return poll_until_done (fx, reply_string (submitted, "polling_url"));
}

static const char *
sample_of (Reply *ready)
{
  g_assert_cmpstr (reply_string (ready, "status"), ==, "Ready");
  return json_object_get_string_member (json_object_get_object_member (reply_object (ready), "result"),
                                        "sample");
}

/* ---- the happy path ---- */

static void
test_generate (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(Reply) submitted = NULL;
  g_autoptr(Reply) pending = NULL;
  g_autoptr(Reply) ready = NULL;
  g_autoptr(Reply) image = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autofree char *expected_polling = NULL;
  g_autoptr(GUri) api_uri = NULL;
  g_autoptr(GUri) sample_uri = NULL;
  JsonObject *object, *result;
  AtelierFakeRequest *request;
  const char *id;
  double progress;

  submitted = submit (fx, "flux-2-pro",
                      "{\"prompt\": \"a red fox\", \"width\": 1440, \"height\": 1440, \"seed\": 42}");
  g_assert_cmpuint (submitted->status, ==, 200);
  object = reply_object (submitted);
  id = json_object_get_string_member (object, "id");
  g_assert_true (g_uuid_string_is_valid (id));
  expected_polling = g_strdup_printf ("%s/v1/get_result?id=%s", atelier_fake_bfl_get_url (fx->fake), id);
  g_assert_cmpstr (json_object_get_string_member (object, "polling_url"), ==, expected_polling);
  /* 1440×1440 is 1.98 MP, billed as 2 on [pro]: 3 + 1.5. */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (object, "cost"), 4.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (object, "output_mp"), 2.07, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (object, "input_mp"), 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (atelier_fake_bfl_get_credits (fx->fake, ATELIER_FAKE_KEY_VALID),
                                  995.5, 1e-9);
  g_assert_cmpuint (atelier_fake_bfl_get_submitted (fx->fake), ==, 1);
  g_assert_cmpuint (atelier_fake_bfl_get_active (fx->fake), ==, 1);

  pending = fetch (fx, "GET", expected_polling, NULL, NULL);
  g_assert_cmpuint (pending->status, ==, 200);
  g_assert_cmpstr (reply_string (pending, "status"), ==, "Pending");
  g_assert_cmpstr (reply_string (pending, "id"), ==, id);
  progress = json_object_get_double_member (reply_object (pending), "progress");
  g_assert_cmpfloat (progress, >=, 0.0);
  g_assert_cmpfloat (progress, <, 1.0);

  ready = poll_until_done (fx, expected_polling);
  g_assert_cmpstr (reply_string (ready, "status"), ==, "Ready");
  g_assert_cmpuint (atelier_fake_bfl_get_active (fx->fake), ==, 0);
  result = json_object_get_object_member (reply_object (ready), "result");
  g_assert_cmpint (json_object_get_int_member (result, "seed"), ==, 42);
  g_assert_cmpstr (json_object_get_string_member (result, "prompt"), ==, "a red fox");
  g_assert_cmpfloat (json_object_get_double_member (result, "end_time"), >,
                     json_object_get_double_member (result, "start_time"));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (result, "duration"),
                                  TASK_MS / 1000.0, 1e-6);

  /* The picture lives on another origin, behind a signed-looking URL. */
  api_uri = g_uri_parse (atelier_fake_bfl_get_url (fx->fake), G_URI_FLAGS_NONE, NULL);
  sample_uri = g_uri_parse (sample_of (ready), G_URI_FLAGS_NONE, NULL);
  g_assert_nonnull (sample_uri);
  g_assert_true (g_str_has_prefix (sample_of (ready), atelier_fake_bfl_get_delivery_url (fx->fake)));
  g_assert_cmpint (g_uri_get_port (sample_uri), !=, g_uri_get_port (api_uri));
  g_assert_true (g_str_has_suffix (g_uri_get_path (sample_uri), ".jpeg"));
  g_assert_nonnull (strstr (g_uri_get_query (sample_uri), "se="));
  g_assert_nonnull (strstr (g_uri_get_query (sample_uri), "sig="));

  image = fetch (fx, "GET", sample_of (ready), NULL, NULL);
  g_assert_cmpuint (image->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (image->headers, NULL), ==, "image/jpeg");
  pixbuf = decode_picture (image->body);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 1440);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 1440);

  /* What was recorded. */
  request = g_ptr_array_index (atelier_fake_bfl_get_requests (fx->fake), 0);
  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_cmpstr (request->path, ==, "/v1/flux-2-pro");
  g_assert_cmpstr (request->x_key, ==, ATELIER_FAKE_KEY_VALID);
  g_assert_cmpstr (request->user_agent, ==, "test-fake-bfl/1");
  g_assert_cmpstr (request->task_id, ==, id);
  g_assert_cmpuint (request->status, ==, 200);
  g_assert_false (request->to_delivery);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (request->body), "seed"), ==, 42);
  request = atelier_fake_bfl_get_last_request (fx->fake, "/delivery/");
  g_assert_nonnull (request);
  g_assert_true (request->to_delivery);
  g_assert_null (request->x_key);
  g_assert_cmpuint (request->status, ==, 200);
  g_assert_nonnull (request->host);
  g_assert_cmpuint (atelier_fake_bfl_count_requests (fx->fake, "/v1/get_result"), >=, 2);
  g_assert_cmpuint (atelier_fake_bfl_count_requests (fx->fake, "/delivery/"), ==, 1);

  atelier_fake_bfl_clear_requests (fx->fake);
  g_assert_cmpuint (atelier_fake_bfl_get_requests (fx->fake)->len, ==, 0);
}

static void
test_random_seed_and_formats (Fixture       *fx,
                              gconstpointer  data)
{
  const char *formats[] = { "png", "jpeg" };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"prompt\": \"x\", \"width\": 64, \"height\": 128, "
                                               "\"output_format\": \"%s\"}", formats[i]);
      g_autoptr(Reply) submitted = submit (fx, "flux-2-klein-4b", body);
      g_autoptr(Reply) ready = poll_until_done (fx, reply_string (submitted, "polling_url"));
      g_autoptr(Reply) image = fetch (fx, "GET", sample_of (ready), NULL, NULL);
      g_autoptr(GdkPixbuf) pixbuf = decode_picture (image->body);
      g_autofree char *content_type = g_strconcat ("image/", formats[i], NULL);
      JsonObject *result = json_object_get_object_member (reply_object (ready), "result");

      g_assert_true (json_object_has_member (result, "seed"));
      g_assert_cmpint (json_object_get_int_member (result, "seed"), >=, 0);
      g_assert_cmpstr (soup_message_headers_get_content_type (image->headers, NULL), ==, content_type);
      g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 64);
      g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 128);
    }
}

/* ---- keys, paths, credits ---- */

static void
test_auth (Fixture       *fx,
           gconstpointer  data)
{
  const char *body = "{\"prompt\": \"x\"}";
  g_autoptr(Reply) no_key = api (fx, "POST", "/v1/flux-2-pro", NULL, body);
  g_autoptr(Reply) bad_key = api (fx, "POST", "/v1/flux-2-pro", "bfl_nope", body);
  g_autoptr(Reply) broke = api (fx, "POST", "/v1/flux-2-pro", ATELIER_FAKE_KEY_NO_CREDITS, body);
  g_autoptr(Reply) demo = api (fx, "POST", "/v1/flux-2-pro", ATELIER_FAKE_KEY_DEMO, body);
  g_autoptr(Reply) unknown = api (fx, "POST", "/v1/flux-3-ultra", ATELIER_FAKE_KEY_VALID, body);
  g_autoptr(Reply) wrong_method = api (fx, "GET", "/v1/flux-2-pro", ATELIER_FAKE_KEY_VALID, NULL);
  g_autoptr(Reply) credits = api (fx, "GET", "/v1/credits", ATELIER_FAKE_KEY_VALID, NULL);
  g_autoptr(Reply) no_credits = api (fx, "GET", "/v1/credits", ATELIER_FAKE_KEY_NO_CREDITS, NULL);
  g_autoptr(Reply) credits_no_key = api (fx, "GET", "/v1/credits", NULL, NULL);

  g_assert_cmpuint (no_key->status, ==, 403);
  g_assert_cmpstr (reply_detail (no_key), ==, "Not authenticated - Invalid Authentication");
  g_assert_cmpuint (bad_key->status, ==, 403);
  g_assert_cmpstr (reply_detail (bad_key), ==, "Not authenticated - Invalid Authentication");
  g_assert_cmpuint (broke->status, ==, 402);
  g_assert_true (strlen (reply_detail (broke)) > 0);
  g_assert_cmpuint (demo->status, ==, 200);
  g_assert_cmpuint (unknown->status, ==, 404);
  g_assert_cmpstr (reply_detail (unknown), ==, "Not Found");
  g_assert_cmpuint (wrong_method->status, ==, 405);
  g_assert_cmpuint (credits->status, ==, 200);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (reply_object (credits), "credits"),
                                  1000, 1e-9);
  g_assert_cmpuint (no_credits->status, ==, 200);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (reply_object (no_credits), "credits"),
                                  0, 1e-9);
  g_assert_cmpuint (credits_no_key->status, ==, 403);

  /* Only the demo submit was billed. */
  g_assert_cmpuint (atelier_fake_bfl_get_submitted (fx->fake), ==, 1);
  g_assert_cmpfloat_with_epsilon (atelier_fake_bfl_get_credits (fx->fake, ATELIER_FAKE_KEY_DEMO),
                                  997, 1e-9);

  /* A balance too small for the price is a 402 too. */
  {
    g_autoptr(Reply) poor = NULL;

    atelier_fake_bfl_set_credits (fx->fake, ATELIER_FAKE_KEY_VALID, 2.5);
    poor = submit (fx, "flux-2-pro", body);
    g_assert_cmpuint (poor->status, ==, 402);
    g_assert_cmpfloat_with_epsilon (atelier_fake_bfl_get_credits (fx->fake, ATELIER_FAKE_KEY_VALID),
                                    2.5, 1e-9);
  }
}

/* ---- validation ---- */

static void
expect_422 (Fixture    *fx,
            const char *model,
            const char *body,
            const char *loc)
{
  g_autoptr(Reply) reply = submit (fx, model, body);

  if (reply->status != 422 || !has_loc (reply, loc))
    g_error ("%s %s: expected 422 at %s, got %u %.*s", model, body, loc, reply->status,
             reply->body ? (int) g_bytes_get_size (reply->body) : 0,
             reply->body ? (const char *) g_bytes_get_data (reply->body, NULL) : "");
}

static void
expect_200 (Fixture    *fx,
            const char *model,
            const char *body)
{
  g_autoptr(Reply) reply = submit (fx, model, body);

  if (reply->status != 200)
    g_error ("%s %s: expected 200, got %u %.*s", model, body, reply->status,
             reply->body ? (int) g_bytes_get_size (reply->body) : 0,
             reply->body ? (const char *) g_bytes_get_data (reply->body, NULL) : "");
}

static void
test_validation (Fixture       *fx,
                 gconstpointer  data)
{
  g_autoptr(Reply) several = submit (fx, "flux-2-pro",
                                     "{\"width\": 100, \"height\": 64, \"safety_tolerance\": 6, "
                                     "\"output_format\": \"gif\"}");
  g_autofree char *locs = NULL;

  /* Every problem at once, in FastAPI's list shape. */
  g_assert_cmpuint (several->status, ==, 422);
  locs = reply_error_locs (several);
  g_assert_true (has_loc (several, "body.prompt"));
  g_assert_true (has_loc (several, "body.width"));
  g_assert_true (has_loc (several, "body.safety_tolerance"));
  g_assert_true (has_loc (several, "body.output_format"));
  g_assert_false (has_loc (several, "body.height"));

  expect_422 (fx, "flux-2-pro", "not json", "body");
  expect_422 (fx, "flux-2-pro", "{\"prompt\": \"\"}", "body.prompt");
  expect_422 (fx, "flux-2-pro", "{\"prompt\": \"x\", \"width\": 48, \"height\": 64}", "body.width");
  expect_422 (fx, "flux-2-pro", "{\"prompt\": \"x\", \"width\": 2064, \"height\": 2048}", "body");
  expect_422 (fx, "flux-2-pro", "{\"prompt\": \"x\", \"width\": \"big\"}", "body.width");
  expect_422 (fx, "flux-2-pro", "{\"prompt\": \"x\", \"seed\": 1.5}", "body.seed");
  expect_422 (fx, "flux-2-flex", "{\"prompt\": \"x\", \"steps\": 51}", "body.steps");
  expect_422 (fx, "flux-2-flex", "{\"prompt\": \"x\", \"guidance\": 1.4}", "body.guidance");
  expect_422 (fx, "flux-kontext-pro", "{}", "body.prompt");
  expect_422 (fx, "flux-kontext-pro", "{\"prompt\": \"x\", \"aspect_ratio\": \"3:1\"}",
              "body.aspect_ratio");
  expect_422 (fx, "flux-kontext-pro", "{\"prompt\": \"x\", \"aspect_ratio\": \"wide\"}",
              "body.aspect_ratio");
  expect_422 (fx, "flux-kontext-max", "{\"prompt\": \"x\", \"safety_tolerance\": 7}",
              "body.safety_tolerance");
  expect_422 (fx, "flux-pro-1.1", "{\"prompt\": \"x\", \"width\": 1472}", "body.width");
  expect_422 (fx, "flux-pro-1.1", "{\"prompt\": \"x\", \"height\": 224}", "body.height");
  expect_422 (fx, "flux-pro-1.1", "{\"prompt\": \"x\", \"width\": 1000}", "body.width");
  expect_422 (fx, "flux-pro-1.1-ultra", "{\"prompt\": \"x\", \"image_prompt_strength\": 1.5}",
              "body.image_prompt_strength");
  expect_422 (fx, "flux-pro-1.1-ultra", "{\"prompt\": \"x\", \"image_prompt\": \"@@@\"}",
              "body.image_prompt");
  expect_422 (fx, "flux-2-pro", "{\"prompt\": \"x\", \"input_image\": \"aGVsbG8gd29ybGQ=\"}",
              "body.input_image");

  /* The edges that are allowed. */
  expect_200 (fx, "flux-2-pro", "{\"prompt\": \"x\", \"width\": 2048, \"height\": 2048, "
                                "\"safety_tolerance\": 5, \"output_format\": \"webp\"}");
  expect_200 (fx, "flux-2-flex", "{\"prompt\": \"x\", \"steps\": 1, \"guidance\": 10}");
  expect_200 (fx, "flux-kontext-pro", "{\"prompt\": \"x\", \"aspect_ratio\": \"21:9\", "
                                      "\"safety_tolerance\": 6}");
  expect_200 (fx, "flux-pro-1.1", "{\"prompt\": \"x\", \"width\": 1440, \"height\": 256}");
  expect_200 (fx, "flux-pro-1.1-ultra", "{\"prompt\": \"x\", \"raw\": true, "
                                        "\"image_prompt\": \"https://example.com/a.png\", "
                                        "\"image_prompt_strength\": 0}");

  /* None of the refused ones cost anything. */
  g_assert_cmpuint (atelier_fake_bfl_get_submitted (fx->fake), ==, 5);
}

/* ---- prices ---- */

static double
cost_of (Fixture    *fx,
         const char *model,
         const char *body)
{
  g_autoptr(Reply) reply = submit (fx, model, body);

  g_assert_cmpuint (reply->status, ==, 200);
  return json_object_get_double_member (reply_object (reply), "cost");
}

static void
test_cost (Fixture       *fx,
           gconstpointer  data)
{
  g_autofree char *one_mp = base64_picture (1024, 1024, NULL);
  g_autofree char *small = base64_picture (300, 200, NULL);
  g_autofree char *with_input = g_strdup_printf ("{\"prompt\": \"x\", \"width\": 1024, \"height\": 1024, "
                                                 "\"input_image\": \"%s\", \"input_image_2\": \"%s\"}",
                                                 one_mp, small);
  const char *one = "{\"prompt\": \"x\", \"width\": 1024, \"height\": 1024}";
  const char *two = "{\"prompt\": \"x\", \"width\": 1440, \"height\": 1440}";
  double before = atelier_fake_bfl_get_credits (fx->fake, ATELIER_FAKE_KEY_VALID);
  double total = 0;
  double cost;

  total += cost = cost_of (fx, "flux-2-klein-4b", one);
  g_assert_cmpfloat_with_epsilon (cost, 1.4, 1e-9);
  total += cost = cost_of (fx, "flux-2-klein-4b", two);
  g_assert_cmpfloat_with_epsilon (cost, 1.5, 1e-9);
  total += cost = cost_of (fx, "flux-2-klein-9b", two);
  g_assert_cmpfloat_with_epsilon (cost, 1.7, 1e-9);
  total += cost = cost_of (fx, "flux-2-max", "{\"prompt\": \"x\", \"width\": 2048, \"height\": 2048}");
  g_assert_cmpfloat_with_epsilon (cost, 7 + 3 * 3, 1e-9);
  total += cost = cost_of (fx, "flux-2-flex", one);
  g_assert_cmpfloat_with_epsilon (cost, 5, 1e-9);
  /* Input megapixels are billed per image, each rounded up: 1 + 1. */
  total += cost = cost_of (fx, "flux-2-pro", with_input);
  g_assert_cmpfloat_with_epsilon (cost, 3 + 2 * 1.5, 1e-9);
  total += cost = cost_of (fx, "flux-kontext-pro", "{\"prompt\": \"x\"}");
  g_assert_cmpfloat_with_epsilon (cost, 4, 1e-9);
  total += cost = cost_of (fx, "flux-kontext-max", "{\"prompt\": \"x\"}");
  g_assert_cmpfloat_with_epsilon (cost, 8, 1e-9);
  total += cost = cost_of (fx, "flux-pro-1.1", "{\"prompt\": \"x\"}");
  g_assert_cmpfloat_with_epsilon (cost, 4, 1e-9);
  total += cost = cost_of (fx, "flux-pro-1.1-ultra", "{\"prompt\": \"x\", \"raw\": true}");
  g_assert_cmpfloat_with_epsilon (cost, 6, 1e-9);

  g_assert_cmpfloat_with_epsilon (atelier_fake_bfl_get_credits (fx->fake, ATELIER_FAKE_KEY_VALID),
                                  before - total, 1e-6);
}

/* ---- reference images ---- */

static void
test_references (Fixture       *fx,
                 gconstpointer  data)
{
  g_autofree char *picture = base64_picture (640, 480, NULL);
  g_autofree char *data_url = base64_picture (640, 480, "data:image/png;base64,");
  g_autoptr(GString) body = g_string_new ("{\"prompt\": \"x\"");
  g_autoptr(Reply) reply = NULL;
  g_autoptr(Reply) ready = NULL;
  g_autoptr(Reply) image = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  AtelierFakeRequest *request;

  /* klein 4B honours four images: the fifth is ignored without a word, like BFL does. */
  g_string_append_printf (body, ", \"input_image\": \"%s\"", data_url);
  g_string_append (body, ", \"input_image_2\": \"https://example.com/b.jpg\"");
  for (guint i = 3; i <= 5; i++)
    g_string_append_printf (body, ", \"input_image_%u\": \"%s\"", i, picture);
  g_string_append (body, "}");

  reply = submit (fx, "flux-2-klein-4b", body->str);
  g_assert_cmpuint (reply->status, ==, 200);
  request = atelier_fake_bfl_get_last_request (fx->fake, "/v1/flux-2-klein-4b");
  g_assert_cmpuint (request->n_images, ==, 4);
  g_assert_cmpuint (request->n_ignored_images, ==, 1);
  g_assert_true (request->data_prefix);
  /* 1.4 + 4 input MP × 0.1 (no size given: the output takes the first image's 640×480). */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (reply_object (reply), "cost"), 1.8, 1e-9);

  ready = poll_until_done (fx, reply_string (reply, "polling_url"));
  image = fetch (fx, "GET", sample_of (ready), NULL, NULL);
  pixbuf = decode_picture (image->body);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 640);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 480);
}

static void
test_fill (Fixture       *fx,
           gconstpointer  data)
{
  g_autofree char *image = base64_picture (320, 240, NULL);
  g_autofree char *mask = base64_picture (320, 240, NULL);
  g_autofree char *wrong_mask = base64_picture (240, 320, NULL);
  g_autofree char *ok = g_strdup_printf ("{\"image\": \"%s\", \"mask\": \"%s\", \"steps\": 15, "
                                         "\"guidance\": 100}", image, mask);
  g_autofree char *mismatch = g_strdup_printf ("{\"image\": \"%s\", \"mask\": \"%s\"}", image, wrong_mask);
  g_autofree char *no_mask = g_strdup_printf ("{\"prompt\": \"x\", \"image\": \"%s\"}", image);
  g_autofree char *bad_steps = g_strdup_printf ("{\"image\": \"%s\", \"mask\": \"%s\", \"steps\": 14}",
                                                image, mask);
  g_autoptr(Reply) submitted = NULL;
  g_autoptr(Reply) ready = NULL;
  g_autoptr(Reply) picture = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;

  expect_422 (fx, "flux-pro-1.0-fill", mismatch, "body.mask");
  expect_422 (fx, "flux-pro-1.0-fill", no_mask, "body.mask");
  expect_422 (fx, "flux-pro-1.0-fill", "{\"mask\": \"x\"}", "body.image");
  expect_422 (fx, "flux-pro-1.0-fill", bad_steps, "body.steps");

  /* No prompt needed; the result has the image's size. */
  submitted = submit (fx, "flux-pro-1.0-fill", ok);
  g_assert_cmpuint (submitted->status, ==, 200);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (reply_object (submitted), "cost"), 5, 1e-9);
  ready = poll_until_done (fx, reply_string (submitted, "polling_url"));
  picture = fetch (fx, "GET", sample_of (ready), NULL, NULL);
  pixbuf = decode_picture (picture->body);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 320);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 240);
}

static void
test_expand (Fixture       *fx,
             gconstpointer  data)
{
  g_autofree char *image = base64_picture (320, 240, NULL);
  g_autofree char *ok = g_strdup_printf ("{\"image\": \"%s\", \"top\": 16, \"bottom\": 0, \"left\": 2048, "
                                         "\"right\": 100, \"steps\": 15, \"guidance\": 100}", image);
  g_autofree char *too_far = g_strdup_printf ("{\"image\": \"%s\", \"left\": 2049}", image);
  g_autofree char *negative = g_strdup_printf ("{\"image\": \"%s\", \"top\": -1}", image);
  g_autofree char *bad_steps = g_strdup_printf ("{\"image\": \"%s\", \"top\": 8, \"steps\": 14}", image);
  double before = atelier_fake_bfl_get_credits (fx->fake, ATELIER_FAKE_KEY_VALID);
  g_autoptr(Reply) submitted = NULL;
  g_autoptr(Reply) ready = NULL;
  g_autoptr(Reply) picture = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  AtelierFakeRequest *request;

  expect_422 (fx, "flux-pro-1.0-expand", too_far, "body.left");
  expect_422 (fx, "flux-pro-1.0-expand", negative, "body.top");
  expect_422 (fx, "flux-pro-1.0-expand", bad_steps, "body.steps");
  expect_422 (fx, "flux-pro-1.0-expand", "{\"top\": 8}", "body.image");
  expect_422 (fx, "flux-pro-1.0-expand", "{\"image\": \"https://example.com/a.png\", \"top\": 8}", "body.image");

  /* No prompt needed; 5 credits flat; the result is the image and the sides. */
  submitted = submit (fx, "flux-pro-1.0-expand", ok);
  g_assert_cmpuint (submitted->status, ==, 200);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (reply_object (submitted), "cost"), 5, 1e-9);
  request = atelier_fake_bfl_get_last_request (fx->fake, "/v1/flux-pro-1.0-expand");
  g_assert_cmpuint (request->out_width, ==, 320 + 2048 + 100);
  g_assert_cmpuint (request->out_height, ==, 240 + 16);
  g_assert_cmpfloat_with_epsilon (request->cost, 5, 1e-9);
  g_assert_cmpfloat_with_epsilon (atelier_fake_bfl_get_credits (fx->fake, ATELIER_FAKE_KEY_VALID),
                                  before - 5, 1e-9);
  ready = poll_until_done (fx, reply_string (submitted, "polling_url"));
  picture = fetch (fx, "GET", sample_of (ready), NULL, NULL);
  pixbuf = decode_picture (picture->body);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 320 + 2048 + 100);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 240 + 16);
}

/* The preview endpoints take what the pinned ones take, at the same price. */
static void
test_latest_weights (Fixture       *fx,
                     gconstpointer  data)
{
  const char *two = "{\"prompt\": \"x\", \"width\": 1440, \"height\": 1440}";

  g_assert_cmpfloat_with_epsilon (cost_of (fx, "flux-2-pro-preview", two), 3 + 1.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (cost_of (fx, "flux-2-pro", two), 3 + 1.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (cost_of (fx, "flux-2-klein-9b-preview", two), 1.7, 1e-9);
  g_assert_cmpuint (atelier_fake_bfl_count_requests (fx->fake, "/v1/flux-2-pro-preview"), ==, 1);
  expect_422 (fx, "flux-2-pro-preview", "{\"width\": 1024, \"height\": 1024}", "body.prompt");
}

static void
test_aspect_ratio (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(Reply) kontext = submit (fx, "flux-kontext-pro", "{\"prompt\": \"x\", \"aspect_ratio\": \"16:9\"}");
  g_autoptr(Reply) ultra = submit (fx, "flux-pro-1.1-ultra", "{\"prompt\": \"x\"}");
  g_autoptr(Reply) kontext_ready = poll_until_done (fx, reply_string (kontext, "polling_url"));
  g_autoptr(Reply) ultra_ready = poll_until_done (fx, reply_string (ultra, "polling_url"));
  g_autoptr(Reply) kontext_image = fetch (fx, "GET", sample_of (kontext_ready), NULL, NULL);
  g_autoptr(Reply) ultra_image = fetch (fx, "GET", sample_of (ultra_ready), NULL, NULL);
  g_autoptr(GdkPixbuf) small = decode_picture (kontext_image->body);
  g_autoptr(GdkPixbuf) large = decode_picture (ultra_image->body);
  double small_mp = gdk_pixbuf_get_width (small) * (double) gdk_pixbuf_get_height (small) / 1048576;
  double large_mp = gdk_pixbuf_get_width (large) * (double) gdk_pixbuf_get_height (large) / 1048576;

  /* Kontext answers PNG unless asked otherwise, about 1 MP; Ultra 16:9 at about 4 MP. */
  g_assert_cmpstr (soup_message_headers_get_content_type (kontext_image->headers, NULL), ==, "image/png");
  g_assert_cmpfloat (small_mp, >, 0.9);
  g_assert_cmpfloat (small_mp, <, 1.1);
  g_assert_cmpfloat_with_epsilon ((double) gdk_pixbuf_get_width (small) / gdk_pixbuf_get_height (small),
                                  16.0 / 9.0, 0.05);
  g_assert_cmpfloat (large_mp, >, 3.6);
  g_assert_cmpfloat (large_mp, <, 4.4);
  g_assert_cmpfloat_with_epsilon ((double) gdk_pixbuf_get_width (large) / gdk_pixbuf_get_height (large),
                                  16.0 / 9.0, 0.05);
}

static void
test_upsampling (Fixture       *fx,
                 gconstpointer  data)
{
  g_autoptr(Reply) plain = submit (fx, "flux-2-pro", "{\"prompt\": \"a fox\", \"prompt_upsampling\": false}");
  g_autoptr(Reply) upsampled = submit (fx, "flux-kontext-pro", "{\"prompt\": \"a fox\", \"prompt_upsampling\": true}");
  g_autoptr(Reply) flex = submit (fx, "flux-2-flex", "{\"prompt\": \"a fox\"}");
  g_autoptr(Reply) plain_ready = poll_until_done (fx, reply_string (plain, "polling_url"));
  g_autoptr(Reply) upsampled_ready = poll_until_done (fx, reply_string (upsampled, "polling_url"));
  g_autoptr(Reply) flex_ready = poll_until_done (fx, reply_string (flex, "polling_url"));
  const char *prompt;

#define RESULT_PROMPT(r) \
  json_object_get_string_member (json_object_get_object_member (reply_object (r), "result"), "prompt")

  g_assert_cmpstr (RESULT_PROMPT (plain_ready), ==, "a fox");
  prompt = RESULT_PROMPT (upsampled_ready);
  g_assert_true (g_str_has_prefix (prompt, "a fox"));
  g_assert_cmpstr (prompt, !=, "a fox");
  /* [flex] upsamples by default. */
  g_assert_cmpstr (RESULT_PROMPT (flex_ready), !=, "a fox");
#undef RESULT_PROMPT
}

/* ---- limits and origins ---- */

static void
test_rate_limit (Fixture       *fx,
                 gconstpointer  data)
{
  const char *body = "{\"prompt\": \"x\", \"width\": 64, \"height\": 64}";
  g_autoptr(Reply) refused = NULL;
  g_autoptr(Reply) kontext_refused = NULL;
  g_autoptr(Reply) other_key = NULL;
  g_autoptr(Reply) later = NULL;
  gint64 start = g_get_monotonic_time ();

  /* Long enough that the 31 submits fit inside it even under AddressSanitizer on a busy machine. */
  atelier_fake_bfl_set_task_time (fx->fake, 4000);
  atelier_fake_bfl_set_retry_after (fx->fake, 3);

  for (guint i = 0; i < 24; i++)
    expect_200 (fx, "flux-2-klein-4b", body);
  refused = submit (fx, "flux-2-klein-4b", body);
  g_assert_cmpuint (refused->status, ==, 429);
  g_assert_true (strlen (reply_detail (refused)) > 0);
  g_assert_cmpstr (soup_message_headers_get_one (refused->headers, "Retry-After"), ==, "3");

  /* Kontext [max] has its own pool of six. */
  for (guint i = 0; i < 6; i++)
    expect_200 (fx, "flux-kontext-max", "{\"prompt\": \"x\"}");
  kontext_refused = submit (fx, "flux-kontext-max", "{\"prompt\": \"x\"}");
  g_assert_cmpuint (kontext_refused->status, ==, 429);

  /* The limit is per key. */
  other_key = api (fx, "POST", "/v1/flux-2-klein-4b", ATELIER_FAKE_KEY_DEMO, body);
  g_assert_cmpuint (other_key->status, ==, 200);

  g_assert_cmpuint (atelier_fake_bfl_get_active_for_key (fx->fake, ATELIER_FAKE_KEY_VALID), ==, 30);
  g_assert_cmpuint (atelier_fake_bfl_get_max_active (fx->fake), ==, 31);
  g_assert_cmpuint (atelier_fake_bfl_get_submitted (fx->fake), ==, 31);
  /* The whole burst must have fit inside the task time for the counts above to mean anything. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 4000 * 1000);

  /* Once the tasks end, there is room again. */
  g_usleep (4000 * 1000);
  later = submit (fx, "flux-2-klein-4b", body);
  g_assert_cmpuint (later->status, ==, 200);
  g_assert_cmpuint (atelier_fake_bfl_get_active (fx->fake), ==, 1);

  /* Without a Retry-After setting, no header. */
  atelier_fake_bfl_set_retry_after (fx->fake, 0);
  atelier_fake_bfl_set_fault (fx->fake, ATELIER_FAKE_FAULT_SUBMIT_429, 1);
  {
    g_autoptr(Reply) forced = submit (fx, "flux-2-klein-4b", body);

    g_assert_cmpuint (forced->status, ==, 429);
    g_assert_null (soup_message_headers_get_one (forced->headers, "Retry-After"));
  }
}

static void
test_expiry (Fixture       *fx,
             gconstpointer  data)
{
  g_autoptr(Reply) ready = NULL;
  g_autoptr(Reply) fresh = NULL;
  g_autoptr(Reply) stale = NULL;
  g_autoptr(Reply) forged = NULL;
  g_autofree char *forged_url = NULL;
  char *sig;

  atelier_fake_bfl_set_result_ttl (fx->fake, 300);
  ready = generate (fx);
  fresh = fetch (fx, "GET", sample_of (ready), NULL, NULL);
  g_assert_cmpuint (fresh->status, ==, 200);

  forged_url = g_strdup (sample_of (ready));
  sig = strstr (forged_url, "sig=");
  g_assert_nonnull (sig);
  sig[4] = sig[4] == 'a' ? 'b' : 'a';
  forged = fetch (fx, "GET", forged_url, NULL, NULL);
  g_assert_cmpuint (forged->status, ==, 403);

  g_usleep (350 * 1000);
  stale = fetch (fx, "GET", sample_of (ready), NULL, NULL);
  g_assert_cmpuint (stale->status, ==, 403);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (stale->body, NULL), g_bytes_get_size (stale->body),
                                  "AuthenticationFailed"));
}

static void
test_polling_base (Fixture       *fx,
                   gconstpointer  data)
{
  g_autofree char *base = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(Reply) submitted = NULL;
  g_autoptr(Reply) ready = NULL;
  g_autoptr(GUri) api_uri = g_uri_parse (atelier_fake_bfl_get_url (fx->fake), G_URI_FLAGS_NONE, NULL);
  AtelierFakeRequest *request;

  /* "localhost" reaches the same server from a different origin. */
  base = g_strdup_printf ("http://localhost:%d/", g_uri_get_port (api_uri));
  atelier_fake_bfl_set_polling_base (fx->fake, base);
  submitted = submit (fx, "flux-2-pro", "{\"prompt\": \"x\"}");
  expected = g_strdup_printf ("http://localhost:%d/v1/get_result?id=%s", g_uri_get_port (api_uri),
                              reply_string (submitted, "id"));
  g_assert_cmpstr (reply_string (submitted, "polling_url"), ==, expected);

  ready = poll_until_done (fx, expected);
  g_assert_cmpstr (reply_string (ready, "status"), ==, "Ready");
  request = atelier_fake_bfl_get_last_request (fx->fake, "/v1/get_result");
  g_assert_true (g_str_has_prefix (request->host, "localhost"));
  g_assert_null (request->x_key);
}

static void
test_unknown_task (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(Reply) unknown = api (fx, "GET", "/v1/get_result?id=00000000-0000-0000-0000-000000000000",
                                  NULL, NULL);
  g_autoptr(Reply) no_id = api (fx, "GET", "/v1/get_result", NULL, NULL);

  /* BFL answers 200 with the status, not an HTTP 404. */
  g_assert_cmpuint (unknown->status, ==, 200);
  g_assert_cmpstr (reply_string (unknown, "status"), ==, "Task not found");
  g_assert_cmpuint (no_id->status, ==, 422);
  g_assert_true (has_loc (no_id, "query.id"));
}

/* ---- faults ---- */

static void
test_faults_poll (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(Reply) submitted = NULL;
  const char *url;
  g_autoptr(Reply) first = NULL;
  g_autoptr(Reply) second = NULL;
  g_autoptr(Reply) third = NULL;
  g_autoptr(Reply) dropped = NULL;
  g_autoptr(Reply) malformed = NULL;
  g_autoptr(Reply) mysterious = NULL;
  g_autoptr(Reply) after = NULL;
  g_autoptr(Reply) not_found = NULL;
  g_autoptr(Reply) found = NULL;
  g_autoptr(Reply) later_submit = NULL;
  g_autoptr(Reply) later = NULL;

  atelier_fake_bfl_set_task_time (fx->fake, 5000);
  submitted = submit (fx, "flux-2-pro", "{\"prompt\": \"x\"}");
  url = reply_string (submitted, "polling_url");

  atelier_fake_bfl_set_fault (fx->fake, ATELIER_FAKE_FAULT_POLL_503, 2);
  first = fetch (fx, "GET", url, NULL, NULL);
  second = fetch (fx, "GET", url, NULL, NULL);
  third = fetch (fx, "GET", url, NULL, NULL);
  g_assert_cmpuint (first->status, ==, 503);
  g_assert_cmpuint (second->status, ==, 503);
  g_assert_null (second->json);
  g_assert_cmpuint (third->status, ==, 200);
  g_assert_cmpstr (reply_string (third, "status"), ==, "Pending");

  atelier_fake_bfl_set_fault (fx->fake, ATELIER_FAKE_FAULT_POLL_DROP, 1);
  dropped = fetch (fx, "GET", url, NULL, NULL);
  g_assert_nonnull (dropped->error);
  g_assert_cmpuint (atelier_fake_bfl_get_last_request (fx->fake, "/v1/get_result")->status, ==, 0);

  /* On a fresh connection too (no keep-alive to hide behind): plain EOF, no answer at all. */
  {
    g_autoptr(SoupSession) kept = g_steal_pointer (&fx->session);
    g_autoptr(Reply) fresh_drop = NULL;

    fx->session = soup_session_new ();
    atelier_fake_bfl_set_fault (fx->fake, ATELIER_FAKE_FAULT_POLL_DROP, 1);
    fresh_drop = fetch (fx, "GET", url, NULL, NULL);
    g_assert_nonnull (fresh_drop->error);
    g_clear_object (&fx->session);
    fx->session = g_steal_pointer (&kept);
  }

  atelier_fake_bfl_set_fault (fx->fake, ATELIER_FAKE_FAULT_POLL_MALFORMED, 1);
  malformed = fetch (fx, "GET", url, NULL, NULL);
  g_assert_cmpuint (malformed->status, ==, 200);
  g_assert_nonnull (malformed->body);
  g_assert_null (malformed->json);

  atelier_fake_bfl_set_fault (fx->fake, ATELIER_FAKE_FAULT_UNKNOWN_STATUS, 1);
  mysterious = fetch (fx, "GET", url, NULL, NULL);
  g_assert_cmpstr (reply_string (mysterious, "status"), ==, "Mysterious");
  after = fetch (fx, "GET", url, NULL, NULL);
  g_assert_cmpstr (reply_string (after, "status"), ==, "Pending");

  /* Each new task answers 404 to its first N polls, then behaves. */
  atelier_fake_bfl_set_fault (fx->fake, ATELIER_FAKE_FAULT_NOT_FOUND_AFTER_SUBMIT, 1);
  later_submit = submit (fx, "flux-2-pro", "{\"prompt\": \"x\"}");
  not_found = fetch (fx, "GET", reply_string (later_submit, "polling_url"), NULL, NULL);
  g_assert_cmpuint (not_found->status, ==, 404);
  found = fetch (fx, "GET", reply_string (later_submit, "polling_url"), NULL, NULL);
  g_assert_cmpuint (found->status, ==, 200);
  /* The first task was submitted before: it never answers 404. */
  later = fetch (fx, "GET", url, NULL, NULL);
  g_assert_cmpuint (later->status, ==, 200);
}

static void
test_faults_submit (Fixture       *fx,
                    gconstpointer  data)
{
  const char *body = "{\"prompt\": \"x\"}";
  g_autoptr(Reply) crashed = NULL;
  g_autoptr(Reply) dropped = NULL;
  g_autoptr(Reply) malformed = NULL;
  g_autoptr(Reply) limited = NULL;
  g_autoptr(Reply) fine = NULL;

  /* Every one of these reached the server: all are billed. */
  atelier_fake_bfl_set_fault (fx->fake, ATELIER_FAKE_FAULT_SUBMIT_500, 1);
  crashed = submit (fx, "flux-2-pro", body);
  g_assert_cmpuint (crashed->status, ==, 500);
  g_assert_cmpuint (atelier_fake_bfl_get_submitted (fx->fake), ==, 1);
  g_assert_cmpfloat_with_epsilon (atelier_fake_bfl_get_credits (fx->fake, ATELIER_FAKE_KEY_VALID),
                                  997, 1e-9);

  atelier_fake_bfl_set_fault (fx->fake, ATELIER_FAKE_FAULT_SUBMIT_DROP, 1);
  dropped = submit (fx, "flux-2-pro", body);
  g_assert_nonnull (dropped->error);
  g_assert_cmpuint (atelier_fake_bfl_get_submitted (fx->fake), ==, 2);
  g_assert_nonnull (atelier_fake_bfl_get_last_request (fx->fake, "/v1/flux-2-pro")->task_id);

  atelier_fake_bfl_set_fault (fx->fake, ATELIER_FAKE_FAULT_SUBMIT_MALFORMED, 1);
  malformed = submit (fx, "flux-2-pro", body);
  g_assert_cmpuint (malformed->status, ==, 200);
  g_assert_null (malformed->json);
  g_assert_cmpuint (atelier_fake_bfl_get_submitted (fx->fake), ==, 3);

  /* A 429 is refused before billing. */
  atelier_fake_bfl_set_retry_after (fx->fake, 1);
  atelier_fake_bfl_set_fault (fx->fake, ATELIER_FAKE_FAULT_SUBMIT_429, 1);
  limited = submit (fx, "flux-2-pro", body);
  g_assert_cmpuint (limited->status, ==, 429);
  g_assert_cmpstr (soup_message_headers_get_one (limited->headers, "Retry-After"), ==, "1");
  g_assert_cmpuint (atelier_fake_bfl_get_submitted (fx->fake), ==, 3);

  fine = submit (fx, "flux-2-pro", body);
  g_assert_cmpuint (fine->status, ==, 200);
  g_assert_cmpuint (atelier_fake_bfl_get_submitted (fx->fake), ==, 4);
  g_assert_cmpfloat_with_epsilon (atelier_fake_bfl_get_credits (fx->fake, ATELIER_FAKE_KEY_VALID),
                                  1000 - 4 * 3, 1e-9);
}

static void
test_faults_download (Fixture       *fx,
                      gconstpointer  data)
{
  g_autoptr(Reply) ready = generate (fx);
  g_autoptr(Reply) unavailable = NULL;
  g_autoptr(Reply) dropped = NULL;
  g_autoptr(Reply) fine = NULL;
  g_autoptr(Reply) expired_ready = NULL;
  g_autoptr(Reply) expired = NULL;

  atelier_fake_bfl_set_fault (fx->fake, ATELIER_FAKE_FAULT_DOWNLOAD_503, 1);
  unavailable = fetch (fx, "GET", sample_of (ready), NULL, NULL);
  g_assert_cmpuint (unavailable->status, ==, 503);

  atelier_fake_bfl_set_fault (fx->fake, ATELIER_FAKE_FAULT_DOWNLOAD_DROP, 1);
  dropped = fetch (fx, "GET", sample_of (ready), NULL, NULL);
  g_assert_nonnull (dropped->error);

  fine = fetch (fx, "GET", sample_of (ready), NULL, NULL);
  g_assert_cmpuint (fine->status, ==, 200);

  atelier_fake_bfl_set_fault (fx->fake, ATELIER_FAKE_FAULT_EXPIRED_RESULT, 1);
  expired_ready = generate (fx);
  expired = fetch (fx, "GET", sample_of (expired_ready), NULL, NULL);
  g_assert_cmpuint (expired->status, ==, 403);
}

static void
test_faults_slow (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(Reply) slow = NULL;
  g_autoptr(Reply) quick = NULL;
  AtelierFakeRequest *request;

  atelier_fake_bfl_set_slow_ms (fx->fake, 300);
  atelier_fake_bfl_set_fault (fx->fake, ATELIER_FAKE_FAULT_SLOW, 1);
  slow = api (fx, "GET", "/v1/credits", ATELIER_FAKE_KEY_VALID, NULL);
  g_assert_cmpuint (slow->status, ==, 200);
  g_assert_cmpint (slow->elapsed_us, >=, 300 * 1000);
  request = atelier_fake_bfl_get_last_request (fx->fake, "/v1/credits");
  g_assert_cmpuint (request->status, ==, 200);

  quick = api (fx, "GET", "/v1/credits", ATELIER_FAKE_KEY_VALID, NULL);
  g_assert_cmpuint (quick->status, ==, 200);
  g_assert_cmpint (quick->elapsed_us, <, 300 * 1000);

  /* A slow request in flight survives clear_requests and the fake's end. */
  atelier_fake_bfl_set_fault (fx->fake, ATELIER_FAKE_FAULT_SLOW, 1);
  {
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", atelier_fake_bfl_get_url (fx->fake));
    gboolean done = FALSE;

    soup_session_send_async (fx->session, msg, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
    atelier_test_wait_for_flag (&done, 50);
    atelier_fake_bfl_clear_requests (fx->fake);
    g_assert_cmpuint (atelier_fake_bfl_get_requests (fx->fake)->len, ==, 0);
  }
}

static void
test_faults_outcomes (Fixture       *fx,
                      gconstpointer  data)
{
  struct
  {
    AtelierFakeFault  fault;
    const char       *status;
    gboolean          reasons;
  } cases[] = {
    { ATELIER_FAKE_FAULT_MODERATE_REQUEST, "Request Moderated", TRUE },
    { ATELIER_FAKE_FAULT_MODERATE_CONTENT, "Content Moderated", TRUE },
    { ATELIER_FAKE_FAULT_TASK_ERROR, "Error", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Reply) ended = NULL;
      g_autoptr(Reply) next = NULL;
      JsonObject *object;

      atelier_fake_bfl_set_fault (fx->fake, cases[i].fault, 1);
      ended = generate (fx);
      object = reply_object (ended);
      g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, cases[i].status);
      g_assert_true (json_object_get_null_member (object, "result"));
      if (cases[i].reasons)
        {
          JsonObject *details = json_object_get_object_member (object, "details");
          JsonArray *reasons = json_object_get_array_member (details, "Moderation Reasons");

          g_assert_cmpstr (json_array_get_string_element (reasons, 0), ==, "Derivative Works Filter");
        }

      /* Consumed: the next task is fine. */
      next = generate (fx);
      g_assert_cmpstr (reply_string (next, "status"), ==, "Ready");
    }
}

int
main (int    argc,
      char **argv)
{
  atelier_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/fake-bfl/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("generate", test_generate);
  ADD ("random-seed-and-formats", test_random_seed_and_formats);
  ADD ("auth", test_auth);
  ADD ("validation", test_validation);
  ADD ("cost", test_cost);
  ADD ("references", test_references);
  ADD ("fill", test_fill);
  ADD ("expand", test_expand);
  ADD ("latest-weights", test_latest_weights);
  ADD ("aspect-ratio", test_aspect_ratio);
  ADD ("upsampling", test_upsampling);
  ADD ("rate-limit", test_rate_limit);
  ADD ("expiry", test_expiry);
  ADD ("polling-base", test_polling_base);
  ADD ("unknown-task", test_unknown_task);
  ADD ("faults/poll", test_faults_poll);
  ADD ("faults/submit", test_faults_submit);
  ADD ("faults/download", test_faults_download);
  ADD ("faults/slow", test_faults_slow);
  ADD ("faults/outcomes", test_faults_outcomes);

#undef ADD

  return g_test_run ();
}
