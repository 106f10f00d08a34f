/* atelier-fake-bfl-main.c — the fake BFL server as a program, for demos (build-aux/dev run) and the
 * end-to-end tests (tests/e2e), which read what it received and switch its faults while it runs
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the end-to-end tests:
 *   --record FILE   appends one JSON line per request received: method, path, whether an x-key was
 *                   sent (never the key itself), the body's field names, for each input_image*
 *                   field the decoded byte count, pixel size and SHA-256, and the status answered.
 *   --control       a second loopback origin, printed as "control: URL", where
 *                   POST /__fake/faults {"poll_503": 15, "poll_drop": 5, …} switches faults and
 *                   GET /__fake/state answers {"submitted": N, "active": N, "requests": N}.
 *                   It lives only in this program, on its own port: a real BFL host never has it.
 */

#include "atelier-fake-bfl.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib-unix.h>
#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RECORD_INTERVAL_MS 20

/* The names POST /__fake/faults understands, in AtelierFakeFault order. */
static const char * const fault_names[ATELIER_FAKE_N_FAULTS] = {
  "poll_503",
  "poll_drop",
  "poll_malformed",
  "submit_500",
  "submit_drop",
  "submit_malformed",
  "submit_429",
  "not_found_after_submit",
  "download_503",
  "download_drop",
  "expired_result",
  "slow",
  "moderate_request",
  "moderate_content",
  "task_error",
  "unknown_status",
};

typedef struct
{
  AtelierFakeBfl *fake;
  FILE           *record;
  guint           n_recorded;
} Program;

static gboolean
on_quit_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

/* ---- --record ---- */

static void
describe_image (JsonBuilder *builder,
                const char  *field,
                JsonNode    *value)
{
  const char *text;
  g_autofree guchar *data = NULL;
  gsize length = 0;
  g_autofree char *sha256 = NULL;
  g_autoptr(GdkPixbufLoader) loader = NULL;
  GdkPixbuf *pixbuf = NULL;

  json_builder_set_member_name (builder, field);
  json_builder_begin_object (builder);
  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value)
      || json_node_get_value_type (value) != G_TYPE_STRING)
    {
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, "not-a-string");
      json_builder_end_object (builder);
      return;
    }

  text = json_node_get_string (value);
  if (g_str_has_prefix (text, "http://") || g_str_has_prefix (text, "https://"))
    {
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, "url");
      json_builder_end_object (builder);
      return;
    }
  if (g_str_has_prefix (text, "data:") && strstr (text, ";base64,") != NULL)
    text = strstr (text, ";base64,") + strlen (";base64,");

  data = g_base64_decode (text, &length);
  sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, length);
  loader = gdk_pixbuf_loader_new ();
  if (length > 0 && gdk_pixbuf_loader_write (loader, data, length, NULL)
      && gdk_pixbuf_loader_close (loader, NULL))
    pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  else
    gdk_pixbuf_loader_close (loader, NULL);

  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, "base64");
  json_builder_set_member_name (builder, "bytes");
  json_builder_add_int_value (builder, (gint64) length);
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, sha256);
  json_builder_set_member_name (builder, "width");
  json_builder_add_int_value (builder, pixbuf ? gdk_pixbuf_get_width (pixbuf) : 0);
  json_builder_set_member_name (builder, "height");
  json_builder_add_int_value (builder, pixbuf ? gdk_pixbuf_get_height (pixbuf) : 0);
  json_builder_end_object (builder);
}

static char *
record_line (AtelierFakeRequest *request)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  JsonObject *body = NULL;

  if (request->body != NULL && JSON_NODE_HOLDS_OBJECT (request->body))
    body = json_node_get_object (request->body);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, request->method);
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, request->path);
  json_builder_set_member_name (builder, "delivery");
  json_builder_add_boolean_value (builder, request->to_delivery);
  json_builder_set_member_name (builder, "x_key");
  json_builder_add_boolean_value (builder, request->x_key != NULL);
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, request->status);
  json_builder_set_member_name (builder, "task_id");
  if (request->task_id != NULL)
    json_builder_add_string_value (builder, request->task_id);
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "fields");
  json_builder_begin_array (builder);
  if (body != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (body);

      for (GList *l = members; l != NULL; l = l->next)
        json_builder_add_string_value (builder, l->data);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "images");
  json_builder_begin_object (builder);
  if (body != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (body);

      for (GList *l = members; l != NULL; l = l->next)
        if (g_str_has_prefix (l->data, "input_image") || g_str_equal (l->data, "image_prompt")
            || g_str_equal (l->data, "image") || g_str_equal (l->data, "mask"))
          describe_image (builder, l->data, json_object_get_member (body, l->data));
    }
  json_builder_end_object (builder);

  /* Small scalar fields help a failing test say what was sent; long strings are left out. */
  json_builder_set_member_name (builder, "values");
  json_builder_begin_object (builder);
  if (body != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (body);

      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *value = json_object_get_member (body, l->data);

          if (g_str_has_prefix (l->data, "input_image") || !JSON_NODE_HOLDS_VALUE (value))
            continue;
          if (json_node_get_value_type (value) == G_TYPE_STRING
              && strlen (json_node_get_string (value)) > 400)
            continue;
          json_builder_set_member_name (builder, l->data);
          json_builder_add_value (builder, json_node_copy (value));
        }
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* Requests are answered synchronously (no "slow" fault in the e2e tests), so by the time this
 * runs their status is known. A slowed request is written with the status it had then (0). */
static gboolean
on_record_tick (gpointer user_data)
{
  Program *program = user_data;
  GPtrArray *requests = atelier_fake_bfl_get_requests (program->fake);

  while (program->n_recorded < requests->len)
    {
      AtelierFakeRequest *request = g_ptr_array_index (requests, program->n_recorded);
      g_autofree char *line = record_line (request);

      fprintf (program->record, "%s\n", line);
      program->n_recorded++;
    }
  fflush (program->record);
  return G_SOURCE_CONTINUE;
}

/* ---- --control ---- */

static void
answer (SoupServerMessage *msg,
        guint              status,
        const char        *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, json, strlen (json));
}

static void
set_faults (Program           *program,
            SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GList) members = NULL;
  JsonObject *object;

  if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                   NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      answer (msg, SOUP_STATUS_BAD_REQUEST, "{\"detail\": \"expected a JSON object\"}");
      return;
    }
  object = json_node_get_object (json_parser_get_root (parser));
  members = json_object_get_members (object);

  /* Check every name first, so a typo switches nothing. */
  for (GList *l = members; l != NULL; l = l->next)
    {
      gboolean known = g_str_equal (l->data, "slow_ms") || g_str_equal (l->data, "task_ms");

      for (guint i = 0; i < ATELIER_FAKE_N_FAULTS && !known; i++)
        known = g_str_equal (l->data, fault_names[i]);
      if (!known)
        {
          g_autofree char *detail = g_strdup_printf ("{\"detail\": \"unknown fault %s\"}",
                                                     (const char *) l->data);

          answer (msg, SOUP_STATUS_BAD_REQUEST, detail);
          return;
        }
    }

  for (GList *l = members; l != NULL; l = l->next)
    {
      gint64 value = MAX (0, json_object_get_int_member (object, l->data));

      if (g_str_equal (l->data, "slow_ms"))
        atelier_fake_bfl_set_slow_ms (program->fake, (guint) value);
      else if (g_str_equal (l->data, "task_ms"))
        atelier_fake_bfl_set_task_time (program->fake, (guint) value);
      else
        for (guint i = 0; i < ATELIER_FAKE_N_FAULTS; i++)
          if (g_str_equal (l->data, fault_names[i]))
            atelier_fake_bfl_set_fault (program->fake, i, (guint) value);
    }
  answer (msg, SOUP_STATUS_OK, "{\"ok\": true}");
}

static void
on_control_request (SoupServer        *server,
                    SoupServerMessage *msg,
                    const char        *path,
                    GHashTable        *query,
                    gpointer           user_data)
{
  Program *program = user_data;
  const char *method = soup_server_message_get_method (msg);

  if (g_str_equal (path, "/__fake/faults") && g_str_equal (method, "POST"))
    set_faults (program, msg);
  else if (g_str_equal (path, "/__fake/state") && g_str_equal (method, "GET"))
    {
      g_autofree char *json = NULL;

      json = g_strdup_printf ("{\"submitted\": %u, \"active\": %u, \"requests\": %u}",
                              atelier_fake_bfl_get_submitted (program->fake),
                              atelier_fake_bfl_get_active (program->fake),
                              atelier_fake_bfl_get_requests (program->fake)->len);
      answer (msg, SOUP_STATUS_OK, json);
    }
  else
    answer (msg, SOUP_STATUS_NOT_FOUND, "{\"detail\": \"Not Found\"}");
}

static SoupServer *
start_control (Program  *program,
               char    **url,
               GError  **error)
{
  g_autoptr(SoupServer) server = soup_server_new ("server-header", "atelier-fake-control ", NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  GSList *uris;

  soup_server_add_handler (server, "/__fake", on_control_request, program, NULL);
  if (!soup_server_listen (server, address, 0, error))
    return NULL;
  uris = soup_server_get_uris (server);
  *url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return g_steal_pointer (&server);
}

int
main (int    argc,
      char **argv)
{
  int port = 8123;
  int task_ms = 1500;
  int result_ttl_ms = 10 * 60 * 1000;
  g_autofree char *record_path = NULL;
  gboolean control = FALSE;
  GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "Port of the API origin (0 = any free port)", "N" },
    { "task-ms", 0, 0, G_OPTION_ARG_INT, &task_ms, "How long a task stays Pending", "MS" },
    { "result-ttl-ms", 0, 0, G_OPTION_ARG_INT, &result_ttl_ms,
      "How long result URLs stay valid once Ready", "MS" },
    { "record", 0, 0, G_OPTION_ARG_FILENAME, &record_path,
      "Append one JSON line per request received to FILE", "FILE" },
    { "control", 0, 0, G_OPTION_ARG_NONE, &control,
      "Listen on a second loopback port for /__fake/faults and /__fake/state", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— a fake BFL API on 127.0.0.1");
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierFakeBfl) fake = NULL;
  g_autoptr(SoupServer) control_server = NULL;
  g_autofree char *control_url = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  Program program = { NULL, NULL, 0 };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  if (port < 0 || port > 65535 || task_ms < 0 || result_ttl_ms < 0)
    {
      g_printerr ("Port and times must not be negative\n");
      return EXIT_FAILURE;
    }

  fake = atelier_fake_bfl_new ((guint) port, &error);
  if (fake == NULL)
    {
      g_printerr ("Could not listen on 127.0.0.1:%d: %s\n", port, error->message);
      return EXIT_FAILURE;
    }
  atelier_fake_bfl_set_task_time (fake, (guint) task_ms);
  atelier_fake_bfl_set_result_ttl (fake, (guint) result_ttl_ms);
  program.fake = fake;

  if (record_path != NULL)
    {
      program.record = fopen (record_path, "a");
      if (program.record == NULL)
        {
          g_printerr ("Could not open %s for writing\n", record_path);
          return EXIT_FAILURE;
        }
      g_timeout_add (RECORD_INTERVAL_MS, on_record_tick, &program);
    }
  if (control)
    {
      control_server = start_control (&program, &control_url, &error);
      if (control_server == NULL)
        {
          g_printerr ("Could not listen for control: %s\n", error->message);
          return EXIT_FAILURE;
        }
    }

  printf ("%s\n", atelier_fake_bfl_get_url (fake));
  printf ("delivery: %s\n", atelier_fake_bfl_get_delivery_url (fake));
  if (control_url != NULL)
    printf ("control: %s\n", control_url);
  printf ("keys: %s (valid), %s (valid), %s (no credits)\n",
          ATELIER_FAKE_KEY_DEMO, ATELIER_FAKE_KEY_VALID, ATELIER_FAKE_KEY_NO_CREDITS);
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, on_quit_signal, loop);
  g_unix_signal_add (SIGTERM, on_quit_signal, loop);
  g_main_loop_run (loop);

  if (program.record != NULL)
    {
      on_record_tick (&program);
      fclose (program.record);
    }
  return EXIT_SUCCESS;
}
