/* test-client.c — the BFL client against the fake BFL server on loopback
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "atelier-client.h"
#include "atelier-error.h"
#include "atelier-fake-bfl.h"
#include "atelier-test-utils.h"

#define WAIT_MS 15000

typedef struct
{
  AtelierFakeBfl *fake;
  AtelierClient  *client;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->fake = atelier_fake_bfl_new (0, &error);
  g_assert_no_error (error);
  atelier_fake_bfl_set_task_time (fixture->fake, 100);

  fixture->client = atelier_client_new ();
  atelier_client_set_endpoint (fixture->client, atelier_fake_bfl_get_url (fixture->fake));
  atelier_client_set_key (fixture->client, ATELIER_FAKE_KEY_VALID);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->fake);
}

/* Async calls made synchronous for the test, by iterating the main context. */

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
result_arrived (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static GAsyncResult *
wait_for_result (GAsyncResult **slot)
{
  g_assert_true (atelier_test_wait_until (result_arrived, slot, WAIT_MS));
  return *slot;
}

static JsonNode *
make_body (const char *prompt,
           int         width,
           int         height)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "prompt");
  json_builder_add_string_value (builder, prompt);
  json_builder_set_member_name (builder, "width");
  json_builder_add_int_value (builder, width);
  json_builder_set_member_name (builder, "height");
  json_builder_add_int_value (builder, height);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static AtelierSubmitResult *
submit (AtelierClient  *client,
        const char     *path,
        int             width,
        guint          *retry_after,
        GError        **error)
{
  g_autoptr(JsonNode) body = make_body ("a lighthouse at dusk", width, 1024);
  g_autoptr(GAsyncResult) result = NULL;

  atelier_client_submit_async (client, path, body, NULL, on_done, &result);
  return atelier_client_submit_finish (client, wait_for_result (&result), retry_after, error);
}

static AtelierPollResult *
poll_once (AtelierClient  *client,
           const char     *url,
           GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  atelier_client_poll_async (client, url, NULL, on_done, &result);
  return atelier_client_poll_finish (client, wait_for_result (&result), error);
}

static AtelierPollResult *
poll_until_done (AtelierClient *client,
                 const char    *url)
{
  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AtelierPollResult) poll = poll_once (client, url, &error);
      gboolean never = FALSE;

      g_assert_no_error (error);
      if (poll->status != ATELIER_TASK_PENDING)
        return g_steal_pointer (&poll);
      /* Lets the main context run for 50 ms between polls. */
      atelier_test_wait_for_flag (&never, 50);
    }
  g_assert_not_reached ();
}

static GBytes *
download (AtelierClient  *client,
          const char     *url,
          char          **content_type,
          GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  atelier_client_download_async (client, url, NULL, on_done, &result);
  return atelier_client_download_finish (client, wait_for_result (&result), content_type, error);
}

static gboolean
get_credits (AtelierClient  *client,
             const char     *key,
             double         *credits,
             GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  atelier_client_get_credits_async (client, key, NULL, on_done, &result);
  return atelier_client_get_credits_finish (client, wait_for_result (&result), credits, error);
}

static void
assert_no_key_to_delivery (AtelierFakeBfl *fake)
{
  GPtrArray *requests = atelier_fake_bfl_get_requests (fake);

  for (guint i = 0; i < requests->len; i++)
    {
      AtelierFakeRequest *request = g_ptr_array_index (requests, i);

      if (request->to_delivery)
        g_assert_null (request->x_key);
    }
}

/* ------------------------------------------------------------------------------------------ */

static void
test_key_policy (void)
{
  g_autoptr(AtelierClient) client = atelier_client_new ();
  const struct { const char *uri; gboolean allowed; } with_region[] = {
    { "https://api.eu.bfl.ai/v1/flux-2-pro", TRUE },
    { "https://api.bfl.ai/v1/credits", TRUE },
    { "https://api.eu2.bfl.ai/v1/get_result?id=1", TRUE },
    { "https://bfl.ai/x", TRUE },
    { "https://API.EU4.BFL.AI/v1/get_result?id=1", TRUE },
    { "https://api.eu.bfl.ai:443/v1/get_result", TRUE },
    { "HTTPS://api.us1.bfl.ai/v1/get_result", TRUE },
    { "http://api.eu.bfl.ai/v1/get_result", FALSE },
    { "http://api.bfl.ai/v1/get_result", FALSE },
    { "https://evilbfl.ai/v1/get_result", FALSE },
    { "https://bfl.ai.evil.com/v1/get_result", FALSE },
    { "https://api.bfl.ai.evil.com/", FALSE },
    { "https://api.bfl.ai@evil.com/v1/get_result", FALSE },
    { "https://user:pw@api.bfl.ai/v1/get_result", FALSE },
    { "https://api.bfl.ai./v1/get_result", FALSE },
    { "https://api%2ebfl.ai/v1/get_result", FALSE },
    { "https://delivery-eu1.bfl.ai.blob.core.windows.net/x", FALSE },
    { "https://bflxai/x", FALSE },
    { "https://xbfl.ai/x", FALSE },
    { "https://example.com/?host=api.bfl.ai", FALSE },
    { "https://example.com/api.bfl.ai", FALSE },
    { "ftp://api.bfl.ai/", FALSE },
    { "file:///etc/passwd", FALSE },
    { "api.bfl.ai/v1/get_result", FALSE },
    { "", FALSE },
    { "https://", FALSE },
    { "https://127.0.0.1:8080/v1/get_result", FALSE },
  };
  const struct { const char *uri; gboolean allowed; } with_endpoint[] = {
    { "http://127.0.0.1:8080/v1/flux-2-pro", TRUE },
    { "HTTP://127.0.0.1:8080/v1/get_result?id=1", TRUE },
    { "http://127.0.0.1:8081/v1/get_result", FALSE },
    { "http://127.0.0.1/v1/get_result", FALSE },
    { "https://127.0.0.1:8080/v1/get_result", FALSE },
    { "http://localhost:8080/v1/get_result", FALSE },
    { "http://127.0.0.2:8080/v1/get_result", FALSE },
    /* BFL's own hosts stay allowed under a custom endpoint; their http forms do not. */
    { "https://api.eu2.bfl.ai/v1/get_result", TRUE },
    { "http://api.eu2.bfl.ai/v1/get_result", FALSE },
  };

  atelier_client_set_region (client, ATELIER_REGION_EU);
  for (guint i = 0; i < G_N_ELEMENTS (with_region); i++)
    {
      g_test_message ("region EU: %s", with_region[i].uri);
      g_assert_cmpint (atelier_client_may_send_key_to (client, with_region[i].uri), ==, with_region[i].allowed);
    }

  atelier_client_set_endpoint (client, "http://127.0.0.1:8080/");
  for (guint i = 0; i < G_N_ELEMENTS (with_endpoint); i++)
    {
      g_test_message ("endpoint: %s", with_endpoint[i].uri);
      g_assert_cmpint (atelier_client_may_send_key_to (client, with_endpoint[i].uri), ==, with_endpoint[i].allowed);
    }

  /* A custom https endpoint on another domain gets the key: the user chose it. */
  atelier_client_set_endpoint (client, "https://proxy.example.org:8443");
  g_assert_true (atelier_client_may_send_key_to (client, "https://proxy.example.org:8443/v1/credits"));
  g_assert_false (atelier_client_may_send_key_to (client, "https://proxy.example.org/v1/credits"));
  g_assert_false (atelier_client_may_send_key_to (client, "http://proxy.example.org:8443/v1/credits"));
}

static void
test_download_policy (void)
{
  g_autoptr(AtelierClient) client = atelier_client_new ();

  g_assert_true (atelier_client_may_download_from (client, "https://delivery-eu1.bfl.ai/a.jpeg?sig=x"));
  g_assert_true (atelier_client_may_download_from (client, "https://bfl.blob.core.windows.net/a.png"));
  g_assert_false (atelier_client_may_download_from (client, "http://delivery-eu1.bfl.ai/a.jpeg"));
  g_assert_false (atelier_client_may_download_from (client, "file:///etc/passwd"));
  g_assert_false (atelier_client_may_download_from (client, "data:image/png;base64,AAAA"));
  g_assert_false (atelier_client_may_download_from (client, "not a url"));

  atelier_client_set_endpoint (client, "http://127.0.0.1:8080");
  g_assert_true (atelier_client_may_download_from (client, "http://127.0.0.1:9090/delivery/a.png"));
  g_assert_true (atelier_client_may_download_from (client, "https://delivery-eu1.bfl.ai/a.jpeg"));
  g_assert_false (atelier_client_may_download_from (client, "ftp://127.0.0.1/a.png"));
}

static void
test_insecure_download_refused (void)
{
  g_autoptr(AtelierClient) client = atelier_client_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = download (client, "http://delivery-eu1.bfl.ai/a.jpeg", NULL, &error);
  g_assert_null (bytes);
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_INSECURE);
  g_assert_nonnull (strstr (error->message, "https"));
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_properties (void)
{
  g_autoptr(AtelierClient) client = NULL;
  guint endpoint_notifies = 0, key_notifies = 0, region_notifies = 0;

  g_setenv ("ATELIER_ENDPOINT", "http://127.0.0.1:1234/", TRUE);
  client = atelier_client_new ();
  g_unsetenv ("ATELIER_ENDPOINT");
  g_assert_cmpstr (atelier_client_get_endpoint (client), ==, "http://127.0.0.1:1234");
  g_assert_cmpstr (atelier_client_get_base_url (client), ==, "http://127.0.0.1:1234");

  g_signal_connect (client, "notify::endpoint", G_CALLBACK (on_notify), &endpoint_notifies);
  g_signal_connect (client, "notify::has-key", G_CALLBACK (on_notify), &key_notifies);
  g_signal_connect (client, "notify::region", G_CALLBACK (on_notify), &region_notifies);

  atelier_client_set_endpoint (client, NULL);
  atelier_client_set_endpoint (client, NULL);
  g_assert_cmpuint (endpoint_notifies, ==, 1);
  g_assert_cmpstr (atelier_client_get_base_url (client), ==, "https://api.bfl.ai");

  atelier_client_set_region (client, ATELIER_REGION_EU);
  atelier_client_set_region (client, ATELIER_REGION_EU);
  g_assert_cmpuint (region_notifies, ==, 1);
  g_assert_cmpstr (atelier_client_get_base_url (client), ==, "https://api.eu.bfl.ai");
  atelier_client_set_region (client, ATELIER_REGION_US);
  g_assert_cmpstr (atelier_client_get_base_url (client), ==, "https://api.us.bfl.ai");

  g_assert_false (atelier_client_has_key (client));
  atelier_client_set_key (client, "bfl_a");
  atelier_client_set_key (client, "bfl_b");
  g_assert_cmpuint (key_notifies, ==, 1);
  g_assert_true (atelier_client_has_key (client));
  atelier_client_set_key (client, NULL);
  g_assert_cmpuint (key_notifies, ==, 2);
  g_assert_false (atelier_client_has_key (client));

  atelier_client_set_max_connections (client, 64);
}

static void
test_happy_path (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierSubmitResult) submitted = NULL;
  g_autoptr(AtelierPollResult) done = NULL;
  g_autoptr(GBytes) image = NULL;
  g_autofree char *content_type = NULL;
  g_autofree char *user_agent = g_strdup_printf ("Atelier/%s", PACKAGE_VERSION);
  AtelierFakeRequest *request;
  guint retry_after = 99;

  submitted = submit (fixture->client, "flux-2-pro", 1024, &retry_after, &error);
  g_assert_no_error (error);
  g_assert_nonnull (submitted->id);
  g_assert_true (g_str_has_prefix (submitted->polling_url, atelier_fake_bfl_get_url (fixture->fake)));
  g_assert_cmpfloat (submitted->cost, >, 0);
  g_assert_cmpuint (retry_after, ==, 0);
  g_assert_cmpuint (atelier_fake_bfl_get_submitted (fixture->fake), ==, 1);

  request = atelier_fake_bfl_get_last_request (fixture->fake, "/v1/flux-2-pro");
  g_assert_nonnull (request);
  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_cmpstr (request->x_key, ==, ATELIER_FAKE_KEY_VALID);
  g_assert_cmpstr (request->user_agent, ==, user_agent);
  g_assert_nonnull (request->body);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (request->body), "prompt"), ==,
                   "a lighthouse at dusk");

  done = poll_until_done (fixture->client, submitted->polling_url);
  g_assert_cmpint (done->status, ==, ATELIER_TASK_READY);
  g_assert_nonnull (done->sample_url);
  /* The API origin in use gets the key when polling. */
  request = atelier_fake_bfl_get_last_request (fixture->fake, "/v1/get_result");
  g_assert_cmpstr (request->x_key, ==, ATELIER_FAKE_KEY_VALID);
  g_assert_cmpstr (request->user_agent, ==, user_agent);

  image = download (fixture->client, done->sample_url, &content_type, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (image), >, 100);
  g_assert_true (g_str_has_prefix (content_type, "image/"));
  assert_no_key_to_delivery (fixture->fake);
  g_assert_cmpuint (atelier_fake_bfl_count_requests (fixture->fake, "/"), >=, 3);
}

static void
test_credits (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  double credits = -1;
  AtelierFakeRequest *request;

  atelier_fake_bfl_set_credits (fixture->fake, ATELIER_FAKE_KEY_VALID, 321.5);
  g_assert_true (get_credits (fixture->client, NULL, &credits, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (credits, 321.5, 1e-9);
  request = atelier_fake_bfl_get_last_request (fixture->fake, "/v1/credits");
  g_assert_cmpstr (request->x_key, ==, ATELIER_FAKE_KEY_VALID);

  /* Preferences' "Test" checks a key that is not saved yet. */
  g_assert_true (get_credits (fixture->client, ATELIER_FAKE_KEY_NO_CREDITS, &credits, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (credits, ==, 0);
  request = atelier_fake_bfl_get_last_request (fixture->fake, "/v1/credits");
  g_assert_cmpstr (request->x_key, ==, ATELIER_FAKE_KEY_NO_CREDITS);

  g_assert_false (get_credits (fixture->client, "bfl_wrong", &credits, &error));
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_AUTH);
  g_assert_cmpstr (error->message, ==, "Your key was rejected: Not authenticated - Invalid Authentication");
  /* The key itself never appears in a message. */
  g_assert_null (strstr (error->message, "bfl_wrong"));
  g_clear_error (&error);

  atelier_client_set_key (fixture->client, NULL);
  g_assert_false (get_credits (fixture->client, NULL, &credits, &error));
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_NO_KEY);
}

static void
test_submit_errors (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierSubmitResult) result = NULL;

  /* 403 */
  atelier_client_set_key (fixture->client, "bfl_not_a_real_key");
  result = submit (fixture->client, "flux-2-pro", 1024, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_AUTH);
  g_assert_cmpstr (error->message, ==, "Your key was rejected: Not authenticated - Invalid Authentication");
  g_clear_error (&error);

  /* 402 */
  atelier_client_set_key (fixture->client, ATELIER_FAKE_KEY_NO_CREDITS);
  result = submit (fixture->client, "flux-2-pro", 1024, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_OUT_OF_CREDITS);
  g_assert_true (g_str_has_prefix (error->message, "Your BFL account is out of credits"));
  g_clear_error (&error);

  /* 404: an unknown model path */
  atelier_client_set_key (fixture->client, ATELIER_FAKE_KEY_VALID);
  result = submit (fixture->client, "flux-9-imaginary", 1024, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "BFL could not find it: Not Found");
  g_clear_error (&error);

  /* 422: FastAPI's list, as a sentence */
  result = submit (fixture->client, "flux-2-pro", 1000, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_VALIDATION);
  g_assert_cmpstr (error->message, ==, "BFL refused the request: width: Input should be a multiple of 16");
  g_clear_error (&error);

  g_assert_cmpuint (atelier_fake_bfl_get_submitted (fixture->fake), ==, 0);

  /* No key at all: nothing is sent. */
  atelier_client_set_key (fixture->client, NULL);
  atelier_fake_bfl_clear_requests (fixture->fake);
  result = submit (fixture->client, "flux-2-pro", 1024, NULL, &error);
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_NO_KEY);
  g_assert_cmpuint (atelier_fake_bfl_count_requests (fixture->fake, "/"), ==, 0);
}

static void
test_submit_rate_limited (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierSubmitResult) result = NULL;
  guint retry_after = 0;

  atelier_fake_bfl_set_retry_after (fixture->fake, 7);
  atelier_fake_bfl_set_fault (fixture->fake, ATELIER_FAKE_FAULT_SUBMIT_429, 1);
  result = submit (fixture->client, "flux-2-pro", 1024, &retry_after, &error);
  g_assert_null (result);
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_RATE_LIMITED);
  g_assert_cmpuint (retry_after, ==, 7);
  g_clear_error (&error);

  /* Without Retry-After the caller picks its own backoff. */
  atelier_fake_bfl_set_retry_after (fixture->fake, 0);
  atelier_fake_bfl_set_fault (fixture->fake, ATELIER_FAKE_FAULT_SUBMIT_429, 1);
  retry_after = 99;
  result = submit (fixture->client, "flux-2-pro", 1024, &retry_after, &error);
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_RATE_LIMITED);
  g_assert_cmpuint (retry_after, ==, 0);
  g_clear_error (&error);

  /* The fault is consumed: the next submit goes through. */
  result = submit (fixture->client, "flux-2-pro", 1024, &retry_after, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
}

static void
assert_may_have_been_charged (Fixture          *fixture,
                              AtelierFakeFault  fault)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierSubmitResult) result = NULL;
  guint before = atelier_fake_bfl_get_submitted (fixture->fake);

  atelier_fake_bfl_set_fault (fixture->fake, fault, 1);
  result = submit (fixture->client, "flux-2-pro", 1024, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_MAY_HAVE_BEEN_CHARGED);
  g_assert_nonnull (strstr (error->message, "may have been charged — check your BFL dashboard"));
  /* The fake did bill it: that is why the client must never resend. */
  g_assert_cmpuint (atelier_fake_bfl_get_submitted (fixture->fake), ==, before + 1);
  g_assert_cmpuint (atelier_fake_bfl_count_requests (fixture->fake, "/v1/flux-2-pro"), ==, before + 1);
}

static void
test_submit_500 (Fixture       *fixture,
                 gconstpointer  data)
{
  assert_may_have_been_charged (fixture, ATELIER_FAKE_FAULT_SUBMIT_500);
}

static void
test_submit_dropped (Fixture       *fixture,
                     gconstpointer  data)
{
  assert_may_have_been_charged (fixture, ATELIER_FAKE_FAULT_SUBMIT_DROP);
}

static void
test_submit_malformed (Fixture       *fixture,
                       gconstpointer  data)
{
  assert_may_have_been_charged (fixture, ATELIER_FAKE_FAULT_SUBMIT_MALFORMED);
}

static guint
closed_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  guint port;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);
  return port;
}

static void
test_connection_refused (void)
{
  g_autoptr(AtelierClient) client = atelier_client_new ();
  g_autofree char *endpoint = g_strdup_printf ("http://127.0.0.1:%u", closed_port ());
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierSubmitResult) result = NULL;
  g_autoptr(AtelierPollResult) poll = NULL;
  g_autofree char *polling_url = g_strdup_printf ("%s/v1/get_result?id=x", endpoint);

  atelier_client_set_endpoint (client, endpoint);
  atelier_client_set_key (client, ATELIER_FAKE_KEY_VALID);

  /* Nothing left the machine: safe to retry. */
  result = submit (client, "flux-2-pro", 1024, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_NETWORK);
  g_assert_true (g_str_has_prefix (error->message, "Could not reach BFL"));
  g_clear_error (&error);

  poll = poll_once (client, polling_url, &error);
  g_assert_null (poll);
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_NETWORK);
}

static void
test_poll_errors (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierSubmitResult) submitted = NULL;
  g_autoptr(AtelierPollResult) poll = NULL;
  g_autofree char *unknown_url = g_strdup_printf ("%s/v1/get_result?id=nope", atelier_fake_bfl_get_url (fixture->fake));

  atelier_fake_bfl_set_fault (fixture->fake, ATELIER_FAKE_FAULT_NOT_FOUND_AFTER_SUBMIT, 1);
  submitted = submit (fixture->client, "flux-2-pro", 1024, NULL, &error);
  g_assert_no_error (error);

  poll = poll_once (fixture->client, submitted->polling_url, &error);
  g_assert_null (poll);
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_NOT_FOUND);
  g_clear_error (&error);

  atelier_fake_bfl_set_fault (fixture->fake, ATELIER_FAKE_FAULT_POLL_503, 1);
  poll = poll_once (fixture->client, submitted->polling_url, &error);
  g_assert_null (poll);
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "503"));
  g_clear_error (&error);

  atelier_fake_bfl_set_fault (fixture->fake, ATELIER_FAKE_FAULT_POLL_DROP, 1);
  poll = poll_once (fixture->client, submitted->polling_url, &error);
  g_assert_null (poll);
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_NETWORK);
  g_clear_error (&error);

  atelier_fake_bfl_set_fault (fixture->fake, ATELIER_FAKE_FAULT_POLL_MALFORMED, 1);
  poll = poll_once (fixture->client, submitted->polling_url, &error);
  g_assert_null (poll);
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_RESPONSE);
  g_clear_error (&error);

  atelier_fake_bfl_set_fault (fixture->fake, ATELIER_FAKE_FAULT_UNKNOWN_STATUS, 1);
  poll = poll_once (fixture->client, submitted->polling_url, &error);
  g_assert_no_error (error);
  g_assert_cmpint (poll->status, ==, ATELIER_TASK_UNKNOWN);
  g_assert_cmpstr (poll->status_text, ==, "Mysterious");
  g_clear_pointer (&poll, atelier_poll_result_free);

  /* After the faults the task still finishes. */
  poll = poll_until_done (fixture->client, submitted->polling_url);
  g_assert_cmpint (poll->status, ==, ATELIER_TASK_READY);
  g_clear_pointer (&poll, atelier_poll_result_free);

  poll = poll_once (fixture->client, unknown_url, &error);
  g_assert_no_error (error);
  g_assert_cmpint (poll->status, ==, ATELIER_TASK_NOT_FOUND);
}

static void
test_moderated (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierSubmitResult) submitted = NULL;
  g_autoptr(AtelierPollResult) poll = NULL;

  atelier_fake_bfl_set_fault (fixture->fake, ATELIER_FAKE_FAULT_MODERATE_CONTENT, 1);
  submitted = submit (fixture->client, "flux-2-pro", 1024, NULL, &error);
  g_assert_no_error (error);
  poll = poll_until_done (fixture->client, submitted->polling_url);
  g_assert_cmpint (poll->status, ==, ATELIER_TASK_CONTENT_MODERATED);
  g_assert_null (poll->sample_url);
}

static void
test_foreign_polling_host (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierSubmitResult) submitted = NULL;
  g_autoptr(AtelierPollResult) poll = NULL;
  g_autoptr(GUri) api = g_uri_parse (atelier_fake_bfl_get_url (fixture->fake), G_URI_FLAGS_NONE, NULL);
  /* The same server under another name: a different origin, as a foreign host would be. */
  g_autofree char *foreign = g_strdup_printf ("http://localhost:%d", g_uri_get_port (api));
  AtelierFakeRequest *request;

  atelier_fake_bfl_set_polling_base (fixture->fake, foreign);
  submitted = submit (fixture->client, "flux-2-pro", 1024, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (submitted->polling_url, foreign));
  g_assert_false (atelier_client_may_send_key_to (fixture->client, submitted->polling_url));

  poll = poll_until_done (fixture->client, submitted->polling_url);
  g_assert_cmpint (poll->status, ==, ATELIER_TASK_READY);

  request = atelier_fake_bfl_get_last_request (fixture->fake, "/v1/flux-2-pro");
  g_assert_cmpstr (request->x_key, ==, ATELIER_FAKE_KEY_VALID);

  /* Every poll reached the fake under the foreign name, and none carried the key. */
  {
    GPtrArray *requests = atelier_fake_bfl_get_requests (fixture->fake);
    guint polls = 0;

    for (guint i = 0; i < requests->len; i++)
      {
        AtelierFakeRequest *r = g_ptr_array_index (requests, i);

        if (g_strcmp0 (r->path, "/v1/get_result") != 0)
          continue;
        polls++;
        g_assert_null (r->x_key);
        g_assert_true (g_str_has_prefix (r->host, "localhost"));
      }
    g_assert_cmpuint (polls, >, 0);
  }
}

static void
test_download_expired (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierSubmitResult) submitted = NULL;
  g_autoptr(AtelierPollResult) poll = NULL;
  g_autoptr(GBytes) image = NULL;
  g_autofree char *content_type = NULL;

  atelier_fake_bfl_set_fault (fixture->fake, ATELIER_FAKE_FAULT_EXPIRED_RESULT, 1);
  submitted = submit (fixture->client, "flux-2-pro", 1024, NULL, &error);
  g_assert_no_error (error);
  poll = poll_until_done (fixture->client, submitted->polling_url);
  g_assert_cmpint (poll->status, ==, ATELIER_TASK_READY);

  image = download (fixture->client, poll->sample_url, &content_type, &error);
  g_assert_null (image);
  g_assert_null (content_type);
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_EXPIRED);
  g_assert_cmpstr (error->message, ==, "The result link has expired.");
  assert_no_key_to_delivery (fixture->fake);
}

static void
test_download_faults (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierSubmitResult) submitted = NULL;
  g_autoptr(AtelierPollResult) poll = NULL;
  g_autoptr(GBytes) image = NULL;

  submitted = submit (fixture->client, "flux-2-pro", 1024, NULL, &error);
  g_assert_no_error (error);
  poll = poll_until_done (fixture->client, submitted->polling_url);

  atelier_fake_bfl_set_fault (fixture->fake, ATELIER_FAKE_FAULT_DOWNLOAD_503, 1);
  image = download (fixture->client, poll->sample_url, NULL, &error);
  g_assert_null (image);
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_SERVER);
  g_clear_error (&error);

  atelier_fake_bfl_set_fault (fixture->fake, ATELIER_FAKE_FAULT_DOWNLOAD_DROP, 1);
  image = download (fixture->client, poll->sample_url, NULL, &error);
  g_assert_null (image);
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_NETWORK);
  g_clear_error (&error);

  /* A retry gets the picture: nothing was lost. */
  image = download (fixture->client, poll->sample_url, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (image);
  assert_no_key_to_delivery (fixture->fake);
}

static void
test_fetch (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierSubmitResult) submitted = NULL;
  g_autoptr(AtelierPollResult) poll = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *api_url = g_strdup_printf ("%s/v1/credits", atelier_fake_bfl_get_url (fixture->fake));
  AtelierFakeRequest *request;

  submitted = submit (fixture->client, "flux-2-pro", 1024, NULL, &error);
  g_assert_no_error (error);
  poll = poll_until_done (fixture->client, submitted->polling_url);

  atelier_client_fetch_async (fixture->client, poll->sample_url, NULL, on_done, &result);
  bytes = atelier_client_fetch_finish (fixture->client, wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (bytes), >, 100);
  assert_no_key_to_delivery (fixture->fake);
  g_clear_object (&result);
  g_clear_pointer (&bytes, g_bytes_unref);

  /* A fetch never carries the key, even to the API origin. */
  atelier_client_fetch_async (fixture->client, api_url, NULL, on_done, &result);
  bytes = atelier_client_fetch_finish (fixture->client, wait_for_result (&result), &error);
  g_assert_null (bytes);
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_NETWORK);
  request = atelier_fake_bfl_get_last_request (fixture->fake, "/v1/credits");
  g_assert_null (request->x_key);
  g_clear_error (&error);
  g_clear_object (&result);

  atelier_client_fetch_async (fixture->client, "file:///etc/passwd", NULL, on_done, &result);
  bytes = atelier_client_fetch_finish (fixture->client, wait_for_result (&result), &error);
  g_assert_null (bytes);
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_INSECURE);
}

/* A tiny server of our own, for what the fake does not do: redirects. */
typedef struct
{
  SoupServer *server;
  guint       port;
  char       *first_hop_key;
  char       *second_hop_key;
  guint       posts;
} RedirectServer;

static void
on_redirect_request (SoupServer        *server,
                     SoupServerMessage *msg,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  RedirectServer *rs = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *key = soup_message_headers_get_one (headers, "x-key");

  if (g_str_equal (path, "/v1/get_result"))
    {
      /* Sends the poll on to another origin, as a hostile or misconfigured host could. */
      g_autofree char *location = g_strdup_printf ("http://localhost:%u/v1/final", rs->port);

      g_free (rs->first_hop_key);
      rs->first_hop_key = g_strdup (key);
      soup_server_message_set_redirect (msg, 302, location);
      return;
    }
  if (g_str_equal (path, "/v1/final"))
    {
      const char *body = "{\"status\": \"Pending\", \"progress\": 0.5}";

      g_free (rs->second_hop_key);
      rs->second_hop_key = g_strdup (key);
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
      return;
    }
  if (g_str_equal (path, "/v1/flux-2-pro"))
    {
      rs->posts++;
      soup_server_message_set_redirect (msg, 307, "/v1/flux-2-pro-elsewhere");
      return;
    }
  soup_server_message_set_status (msg, 404, NULL);
}

static void
test_redirects (void)
{
  RedirectServer rs = { 0 };
  g_autoptr(AtelierClient) client = atelier_client_new ();
  g_autoptr(GError) error = NULL;
  GSList *uris;
  g_autoptr(AtelierPollResult) poll = NULL;
  g_autoptr(AtelierSubmitResult) submitted = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *polling_url = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);

  rs.server = soup_server_new (NULL, NULL);
  soup_server_add_handler (rs.server, NULL, on_redirect_request, &rs, NULL);
  soup_server_listen (rs.server, address, 0, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (rs.server);
  rs.port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  endpoint = g_strdup_printf ("http://127.0.0.1:%u", rs.port);
  polling_url = g_strdup_printf ("%s/v1/get_result?id=r", endpoint);
  atelier_client_set_endpoint (client, endpoint);
  atelier_client_set_key (client, ATELIER_FAKE_KEY_VALID);

  poll = poll_once (client, polling_url, &error);
  g_assert_no_error (error);
  g_assert_cmpint (poll->status, ==, ATELIER_TASK_PENDING);
  /* The API origin got the key; the host it redirected to did not. */
  g_assert_cmpstr (rs.first_hop_key, ==, ATELIER_FAKE_KEY_VALID);
  g_assert_null (rs.second_hop_key);

  /* A submit is never sent twice, not even to follow a redirect. */
  submitted = submit (client, "flux-2-pro", 1024, NULL, &error);
  g_assert_null (submitted);
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_RESPONSE);
  g_assert_cmpuint (rs.posts, ==, 1);

  g_free (rs.first_hop_key);
  g_free (rs.second_hop_key);
  g_object_unref (rs.server);
}

static void
test_cancel_poll (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(AtelierPollResult) poll = NULL;
  g_autofree char *url = g_strdup_printf ("%s/v1/get_result?id=x", atelier_fake_bfl_get_url (fixture->fake));

  atelier_fake_bfl_set_slow_ms (fixture->fake, 2000);
  atelier_fake_bfl_set_fault (fixture->fake, ATELIER_FAKE_FAULT_SLOW, 1);
  atelier_client_poll_async (fixture->client, url, cancellable, on_done, &result);
  g_cancellable_cancel (cancellable);
  poll = atelier_client_poll_finish (fixture->client, wait_for_result (&result), &error);
  g_assert_null (poll);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  atelier_test_init (&argc, &argv);

  g_test_add_func ("/client/key-policy", test_key_policy);
  g_test_add_func ("/client/download-policy", test_download_policy);
  g_test_add_func ("/client/insecure-download-refused", test_insecure_download_refused);
  g_test_add_func ("/client/properties", test_properties);
  g_test_add_func ("/client/connection-refused", test_connection_refused);
  g_test_add_func ("/client/redirects", test_redirects);
#define ADD(path, func) \
  g_test_add ("/client/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("happy-path", test_happy_path);
  ADD ("credits", test_credits);
  ADD ("submit-errors", test_submit_errors);
  ADD ("submit-rate-limited", test_submit_rate_limited);
  ADD ("submit-500", test_submit_500);
  ADD ("submit-dropped", test_submit_dropped);
  ADD ("submit-malformed", test_submit_malformed);
  ADD ("poll-errors", test_poll_errors);
  ADD ("moderated", test_moderated);
  ADD ("foreign-polling-host", test_foreign_polling_host);
  ADD ("download-expired", test_download_expired);
  ADD ("download-faults", test_download_faults);
  ADD ("fetch", test_fetch);
  ADD ("cancel-poll", test_cancel_poll);
#undef ADD

  return g_test_run ();
}
