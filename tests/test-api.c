/* test-api.c — parsing of BFL's answers: what the user is told, and no crash on garbage
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "atelier-api.h"
#include "atelier-error.h"
#include "atelier-test-utils.h"

static AtelierPollResult *
parse_poll (const char *json)
{
  g_autoptr(GError) error = NULL;
  AtelierPollResult *result = atelier_api_parse_poll (json, strlen (json), &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static void
test_submit (void)
{
  const char *json = "{\"id\": \"abc-123\", \"polling_url\": \"https://api.eu2.bfl.ai/v1/get_result?id=abc-123\","
                     " \"cost\": 4.5, \"input_mp\": 0, \"output_mp\": 1.98}";
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierSubmitResult) result = atelier_api_parse_submit (json, strlen (json), &error);
  g_autoptr(AtelierSubmitResult) copy = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (result->id, ==, "abc-123");
  g_assert_cmpstr (result->polling_url, ==, "https://api.eu2.bfl.ai/v1/get_result?id=abc-123");
  g_assert_cmpfloat_with_epsilon (result->cost, 4.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (result->input_mp, 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (result->output_mp, 1.98, 1e-9);

  copy = g_boxed_copy (ATELIER_TYPE_SUBMIT_RESULT, result);
  g_assert_cmpstr (copy->polling_url, ==, result->polling_url);
}

static void
test_submit_without_cost (void)
{
  const char *json = "{\"id\": \"x\", \"polling_url\": \"https://api.bfl.ai/v1/get_result?id=x\"}";
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierSubmitResult) result = atelier_api_parse_submit (json, strlen (json), &error);

  g_assert_no_error (error);
  g_assert_cmpfloat (result->cost, <, 0);
  g_assert_cmpfloat (result->input_mp, <, 0);
  g_assert_cmpfloat (result->output_mp, <, 0);
}

static void
test_statuses (void)
{
  const struct { const char *text; AtelierTaskStatus status; } cases[] = {
    { "Pending", ATELIER_TASK_PENDING },
    { "Error", ATELIER_TASK_ERROR },
    { "Failed", ATELIER_TASK_FAILED },
    { "Request Moderated", ATELIER_TASK_REQUEST_MODERATED },
    { "Content Moderated", ATELIER_TASK_CONTENT_MODERATED },
    { "Task not found", ATELIER_TASK_NOT_FOUND },
    { "Mysterious", ATELIER_TASK_UNKNOWN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"id\": \"t\", \"status\": \"%s\", \"result\": null,"
                                               " \"progress\": null}", cases[i].text);
      g_autoptr(AtelierPollResult) result = parse_poll (json);

      g_assert_cmpint (result->status, ==, cases[i].status);
      /* The text the server used is what an unknown status shows. */
      g_assert_cmpstr (result->status_text, ==, cases[i].text);
      g_assert_cmpfloat (result->progress, <, 0);
      g_assert_null (result->sample_url);
    }
}

static void
test_ready (void)
{
  g_autoptr(AtelierPollResult) result = parse_poll (
    "{\"id\": \"t1\", \"status\": \"Ready\", \"progress\": null, \"details\": null, \"preview\": null,"
    " \"result\": {\"sample\": \"https://delivery-eu1.bfl.ai/results/a.jpeg?sig=1\", \"seed\": 42,"
    " \"prompt\": \"a cat, detailed\", \"start_time\": 1752477995.96, \"end_time\": 1752478003.53,"
    " \"duration\": 7.57}}");
  g_autoptr(AtelierPollResult) copy = NULL;

  g_assert_cmpint (result->status, ==, ATELIER_TASK_READY);
  g_assert_cmpstr (result->id, ==, "t1");
  g_assert_cmpstr (result->sample_url, ==, "https://delivery-eu1.bfl.ai/results/a.jpeg?sig=1");
  g_assert_true (result->has_seed);
  g_assert_cmpint (result->seed, ==, 42);
  g_assert_cmpstr (result->upsampled_prompt, ==, "a cat, detailed");
  g_assert_cmpfloat_with_epsilon (result->start_time, 1752477995.96, 1e-6);
  g_assert_cmpfloat_with_epsilon (result->end_time, 1752478003.53, 1e-6);
  g_assert_cmpfloat_with_epsilon (result->duration, 7.57, 1e-9);
  g_assert_null (result->moderation_reasons);

  copy = g_boxed_copy (ATELIER_TYPE_POLL_RESULT, result);
  g_assert_cmpstr (copy->sample_url, ==, result->sample_url);
  g_assert_cmpstr (copy->upsampled_prompt, ==, result->upsampled_prompt);
}

static void
test_ready_without_seed (void)
{
  g_autoptr(AtelierPollResult) result = parse_poll (
    "{\"status\": \"Ready\", \"result\": {\"sample\": \"https://delivery-us1.bfl.ai/x.png\"}}");

  g_assert_false (result->has_seed);
  g_assert_null (result->upsampled_prompt);
  g_assert_cmpfloat (result->duration, <, 0);
}

static void
test_progress (void)
{
  const struct { const char *value; double expected; } cases[] = {
    { "0", 0 },
    { "0.25", 0.25 },
    { "1", 1 },
    { "1.0", 1 },
    { "42", 0.42 },
    { "57.5", 0.575 },
    { "100", 1 },
    { "250", 1 },
    { "null", -1 },
    { "-3", -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"status\": \"Pending\", \"progress\": %s}", cases[i].value);
      g_autoptr(AtelierPollResult) result = parse_poll (json);

      g_assert_cmpfloat_with_epsilon (result->progress, cases[i].expected, 1e-9);
    }
}

static void
test_moderation (void)
{
  g_autoptr(AtelierPollResult) result = parse_poll (
    "{\"id\": \"m\", \"status\": \"Content Moderated\", \"result\": null,"
    " \"details\": {\"Moderation Reasons\": [\"Derivative Works Filter\", \"Other\"]}}");
  g_autoptr(AtelierPollResult) empty = parse_poll (
    "{\"status\": \"Request Moderated\", \"details\": {\"Moderation Reasons\": []}}");

  g_assert_cmpint (result->status, ==, ATELIER_TASK_CONTENT_MODERATED);
  g_assert_nonnull (result->moderation_reasons);
  g_assert_cmpuint (g_strv_length (result->moderation_reasons), ==, 2);
  g_assert_cmpstr (result->moderation_reasons[0], ==, "Derivative Works Filter");
  g_assert_cmpstr (result->moderation_reasons[1], ==, "Other");

  g_assert_cmpint (empty->status, ==, ATELIER_TASK_REQUEST_MODERATED);
  g_assert_null (empty->moderation_reasons);
}

static void
test_task_error_detail (void)
{
  g_autoptr(AtelierPollResult) a = parse_poll ("{\"status\": \"Error\", \"details\": \"GPU fell over\"}");
  g_autoptr(AtelierPollResult) b = parse_poll ("{\"status\": \"Failed\", \"result\": \"Out of memory\"}");
  g_autoptr(AtelierPollResult) c = parse_poll ("{\"status\": \"Error\", \"detail\": \"Internal error\"}");

  g_assert_cmpstr (a->detail, ==, "GPU fell over");
  g_assert_cmpstr (b->detail, ==, "Out of memory");
  g_assert_cmpstr (c->detail, ==, "Internal error");
}

static void
test_credits (void)
{
  g_autoptr(GError) error = NULL;
  double credits = -1;
  const char *json = "{\"credits\": 1234.5}";
  const char *integer = "{\"credits\": 0}";

  g_assert_true (atelier_api_parse_credits (json, strlen (json), &credits, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (credits, 1234.5, 1e-9);

  g_assert_true (atelier_api_parse_credits (integer, strlen (integer), &credits, &error));
  g_assert_cmpfloat_with_epsilon (credits, 0, 1e-9);
}

static void
assert_detail (const char *json,
               const char *expected)
{
  g_autofree char *detail = atelier_api_parse_error_detail (json, strlen (json));

  g_assert_cmpstr (detail, ==, expected);
}

static void
test_error_detail (void)
{
  assert_detail ("{\"detail\": \"Not authenticated - Invalid Authentication\"}",
                 "Not authenticated - Invalid Authentication");
  assert_detail ("{\"detail\": [{\"loc\": [\"body\", \"width\"], \"msg\": \"must be a multiple of 16\","
                 " \"type\": \"value_error\"}, {\"loc\": [\"body\", \"height\"], \"msg\": \"must be at least 64\","
                 " \"type\": \"value_error\"}]}",
                 "width: must be a multiple of 16; height: must be at least 64");
  /* An index at the end of the path: the field is the last name. */
  assert_detail ("{\"detail\": [{\"loc\": [\"body\", \"input_image\", 0], \"msg\": \"bad image\"}]}",
                 "input_image: bad image");
  assert_detail ("{\"detail\": [{\"loc\": [\"body\"], \"msg\": \"Invalid JSON\"}]}", "Invalid JSON");
  assert_detail ("{\"detail\": [{\"msg\": \"no location\"}, 3, {\"loc\": \"x\"}]}", "no location");
  assert_detail ("{\"message\": \"Payment required\"}", "Payment required");
  assert_detail ("{\"error\": \"Rate limit\"}", "Rate limit");
  assert_detail ("{\"detail\": null, \"message\": \"from message\", \"error\": \"from error\"}", "from message");
  assert_detail ("{\"detail\": 5, \"error\": \"from error\"}", "from error");
  assert_detail ("{\"detail\": [], \"error\": \"from error\"}", "from error");
  assert_detail ("{\"other\": \"x\"}", NULL);
  assert_detail ("<html>502 Bad Gateway</html>", NULL);
  assert_detail ("[\"detail\"]", NULL);
  assert_detail ("", NULL);
}

static void
test_error_for_status (void)
{
  const struct { guint status; const char *body; int code; const char *message; } cases[] = {
    { 400, "{\"detail\": \"Prompt is required\"}", ATELIER_ERROR_VALIDATION,
      "BFL refused the request: Prompt is required" },
    { 401, "{\"detail\": \"Missing key\"}", ATELIER_ERROR_AUTH, "Your key was rejected: Missing key" },
    { 403, "{\"detail\": \"Not authenticated - Invalid Authentication\"}", ATELIER_ERROR_AUTH,
      "Your key was rejected: Not authenticated - Invalid Authentication" },
    { 402, "{\"detail\": \"Insufficient credits\"}", ATELIER_ERROR_OUT_OF_CREDITS,
      "Your BFL account is out of credits: Insufficient credits" },
    { 404, "{\"detail\": \"Not Found\"}", ATELIER_ERROR_NOT_FOUND, "BFL could not find it: Not Found" },
    { 422, "{\"detail\": [{\"loc\": [\"body\", \"width\"], \"msg\": \"must be a multiple of 16\"}]}",
      ATELIER_ERROR_VALIDATION, "BFL refused the request: width: must be a multiple of 16" },
    { 429, "{\"detail\": \"Too many active tasks\"}", ATELIER_ERROR_RATE_LIMITED,
      "Too many images are being made at once: Too many active tasks" },
    { 500, "Internal Server Error", ATELIER_ERROR_SERVER, "BFL's server had a problem (HTTP 500)." },
    { 503, "{\"message\": \"Overloaded\"}", ATELIER_ERROR_SERVER, "BFL's server had a problem (HTTP 503): Overloaded" },
    { 418, "", ATELIER_ERROR_BAD_RESPONSE, "BFL gave an unexpected answer (HTTP 418)." },
    { 302, NULL, ATELIER_ERROR_BAD_RESPONSE, "BFL gave an unexpected answer (HTTP 302)." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize length = cases[i].body != NULL ? strlen (cases[i].body) : 0;
      g_autoptr(GError) error = atelier_api_error_for_status (cases[i].status, cases[i].body, length);

      g_assert_error (error, ATELIER_ERROR, cases[i].code);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }

  /* No body at all still gives a sentence. */
  {
    g_autoptr(GError) error = atelier_api_error_for_status (403, NULL, 0);
    g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_AUTH);
    g_assert_true (g_str_has_prefix (error->message, "Your key was rejected"));
  }
}

static void
test_detail_is_shortened (void)
{
  g_autoptr(GString) json = g_string_new ("{\"detail\": \"");
  g_autofree char *detail = NULL;

  for (guint i = 0; i < 5000; i++)
    g_string_append_c (json, 'x');
  g_string_append (json, "\"}");
  detail = atelier_api_parse_error_detail (json->str, json->len);
  g_assert_nonnull (detail);
  g_assert_cmpuint (g_utf8_strlen (detail, -1), <=, 401);
}

static void
test_malformed (void)
{
  const char *submits[] = {
    "", "not json", "{", "[]", "[{\"id\": \"x\"}]", "42", "\"text\"", "null", "true",
    "{}", "{\"id\": \"x\"}", "{\"polling_url\": \"https://api.bfl.ai/x\"}",
    "{\"id\": 5, \"polling_url\": \"https://api.bfl.ai/x\"}",
    "{\"id\": \"x\", \"polling_url\": null}",
    "{\"id\": \"x\", \"polling_url\": [\"https://api.bfl.ai/x\"]}",
    "{\"id\": \"x\", \"polling_url\": \"https://api.bfl.ai/x\", \"cost\": \"4.5\"}",
    "{\"id\": \"x\", \"polling_url\": \"https://api.bfl.ai/x\", \"cost\": -1}",
    "{\"id\": \"x\", \"polling_url\": \"https://api.bfl.ai/x\", \"cost\": 1e999}",
    "{\"id\": \"x\", \"polling_url\": \"https://api.bfl.ai/x\", \"cost\": NaN}",
    "{\"id\": \"x\", \"polling_url\": \"https://api.bfl.ai/x\", \"output_mp\": {}}",
    "{\"id\": \"\", \"polling_url\": \"https://api.bfl.ai/x\"}",
  };
  const char *polls[] = {
    "", "garbage", "[]", "null", "{}", "{\"status\": null}", "{\"status\": 3}", "{\"status\": [\"Ready\"]}",
    "{\"status\": \"Ready\"}", "{\"status\": \"Ready\", \"result\": null}",
    "{\"status\": \"Ready\", \"result\": {}}",
    "{\"status\": \"Ready\", \"result\": {\"sample\": 5}}",
    "{\"status\": \"Ready\", \"result\": \"https://x\"}",
    "{\"status\": \"Ready\", \"result\": [\"https://x\"]}",
    "{\"status\": \"Ready\", \"result\": {\"sample\": \"https://x\", \"seed\": \"42\"}}",
    "{\"status\": \"Ready\", \"result\": {\"sample\": \"https://x\", \"seed\": 1.5}}",
    "{\"status\": \"Ready\", \"result\": {\"sample\": \"https://x\", \"seed\": 1e300}}",
    "{\"status\": \"Ready\", \"result\": {\"sample\": \"https://x\", \"prompt\": {}}}",
    "{\"status\": \"Ready\", \"result\": {\"sample\": \"https://x\", \"duration\": \"7\"}}",
    "{\"status\": \"Ready\", \"result\": {\"sample\": \"https://x\", \"start_time\": 1e999}}",
    "{\"status\": \"Pending\", \"progress\": \"50%\"}",
    "{\"status\": \"Pending\", \"progress\": 1e999}",
    "{\"status\": \"Pending\", \"progress\": -1e999}",
    "{\"status\": \"Pending\", \"progress\": [0.5]}",
    "{\"status\": \"Pending\", \"id\": 7}",
    "{\"status\": \"Content Moderated\", \"details\": 5}",
    "{\"status\": \"Content Moderated\", \"details\": [\"x\"]}",
    "{\"status\": \"Content Moderated\", \"details\": {\"Moderation Reasons\": 5}}",
    "{\"status\": \"Content Moderated\", \"details\": {\"Moderation Reasons\": [1, 2]}}",
    "{\"status\": \"Content Moderated\", \"details\": {\"Moderation Reasons\": [null]}}",
    "{\"status\": \"Content Moderated\", \"details\": {\"Moderation Reasons\": {}}}",
    "{\"status\": \"Pending\"} trailing",
    "{\"status\": \"Pending\", \"progress\": 0.5",
  };
  const char *credits[] = {
    "", "x", "[]", "{}", "{\"credits\": null}", "{\"credits\": \"12\"}", "{\"credits\": -5}",
    "{\"credits\": 1e999}", "{\"credits\": [1]}", "{\"credits\": true}",
    "{\"credits\": 99999999999999999999999999999999}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (submits); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AtelierSubmitResult) result = atelier_api_parse_submit (submits[i], strlen (submits[i]), &error);

      g_test_message ("submit: %s", submits[i]);
      g_assert_null (result);
      g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_RESPONSE);
      g_assert_nonnull (error->message);
    }

  for (guint i = 0; i < G_N_ELEMENTS (polls); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AtelierPollResult) result = atelier_api_parse_poll (polls[i], strlen (polls[i]), &error);

      g_test_message ("poll: %s", polls[i]);
      g_assert_null (result);
      g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_RESPONSE);
    }

  for (guint i = 0; i < G_N_ELEMENTS (credits); i++)
    {
      g_autoptr(GError) error = NULL;
      double value = 77;

      g_test_message ("credits: %s", credits[i]);
      g_assert_false (atelier_api_parse_credits (credits[i], strlen (credits[i]), &value, &error));
      g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_RESPONSE);
      g_assert_cmpfloat (value, ==, 77);
    }
}

static void
test_hostile_bytes (void)
{
  g_autoptr(GString) deep = g_string_new ("{\"status\": \"Pending\", \"x\": ");
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierPollResult) result = NULL;
  const char with_nul[] = "{\"status\": \"Pen\0ding\"}";
  const char invalid_utf8[] = "{\"status\": \"Pending\xff\xfe\"}";
  g_autofree char *detail = NULL;

  /* 100 000 levels of nesting must not exhaust the stack. */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, ']');
  g_string_append_c (deep, '}');

  result = atelier_api_parse_poll (deep->str, deep->len, &error);
  g_assert_null (result);
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_RESPONSE);
  g_clear_error (&error);

  detail = atelier_api_parse_error_detail (deep->str, deep->len);
  g_assert_null (detail);

  result = atelier_api_parse_poll (with_nul, sizeof with_nul - 1, &error);
  g_assert_null (result);
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_RESPONSE);
  g_clear_error (&error);

  result = atelier_api_parse_poll (invalid_utf8, sizeof invalid_utf8 - 1, &error);
  g_assert_null (result);
  g_assert_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_RESPONSE);
  g_clear_error (&error);

  /* Not NUL-terminated: only `length` bytes are read. */
  {
    const char body[] = "{\"credits\": 5}GARBAGE";
    double credits = 0;

    g_assert_true (atelier_api_parse_credits (body, strlen ("{\"credits\": 5}"), &credits, &error));
    g_assert_no_error (error);
    g_assert_cmpfloat (credits, ==, 5);
  }

  /* Brackets inside strings do not count as nesting. */
  {
    g_autoptr(GString) text = g_string_new ("{\"status\": \"Error\", \"detail\": \"");
    g_autoptr(AtelierPollResult) ok = NULL;

    for (guint i = 0; i < 200; i++)
      g_string_append (text, "[{\\\"");
    g_string_append (text, "\"}");
    ok = atelier_api_parse_poll (text->str, text->len, &error);
    g_assert_no_error (error);
    g_assert_nonnull (ok);
    g_assert_cmpint (ok->status, ==, ATELIER_TASK_ERROR);
  }
}

/* Found by fuzz-api: json-glib decodes an invalid escape into bytes that are not UTF-8; what we
 * show a person must still be text. */
static void
test_invalid_escape_stays_text (void)
{
  static const char body[] = "{\"detail\":[{\"loc\":[\"b\\777th\"],\"msg\":\"or\"}]}";
  static const char poll[] = "{\"id\":\"x\",\"status\":\"Pen\\777ding\"}";
  g_autofree char *detail = atelier_api_parse_error_detail (body, strlen (body));
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierPollResult) result = atelier_api_parse_poll (poll, strlen (poll), &error);

  if (detail != NULL)
    g_assert_true (g_utf8_validate (detail, -1, NULL));
  if (result != NULL)
    {
      g_assert_true (g_utf8_validate (result->status_text, -1, NULL));
      g_assert_cmpint (result->status, ==, ATELIER_TASK_UNKNOWN);
    }
}

int
main (int   argc,
      char *argv[])
{
  atelier_test_init (&argc, &argv);

  g_test_add_func ("/api/submit", test_submit);
  g_test_add_func ("/api/submit-without-cost", test_submit_without_cost);
  g_test_add_func ("/api/statuses", test_statuses);
  g_test_add_func ("/api/ready", test_ready);
  g_test_add_func ("/api/ready-without-seed", test_ready_without_seed);
  g_test_add_func ("/api/progress", test_progress);
  g_test_add_func ("/api/moderation", test_moderation);
  g_test_add_func ("/api/task-error-detail", test_task_error_detail);
  g_test_add_func ("/api/credits", test_credits);
  g_test_add_func ("/api/error-detail", test_error_detail);
  g_test_add_func ("/api/error-for-status", test_error_for_status);
  g_test_add_func ("/api/detail-is-shortened", test_detail_is_shortened);
  g_test_add_func ("/api/malformed", test_malformed);
  g_test_add_func ("/api/hostile-bytes", test_hostile_bytes);
  g_test_add_func ("/api/invalid-escape-stays-text", test_invalid_escape_stays_text);

  return g_test_run ();
}
