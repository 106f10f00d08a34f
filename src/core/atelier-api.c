/* atelier-api.c — pure parsing of BFL responses (no I/O; fuzzed)
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "atelier-api.h"
#include "atelier-error.h"

/* A response body larger than this is not something BFL sends: refuse before parsing it. */
#define MAX_BODY_LENGTH  (4 * 1024 * 1024)
/* json-glib parses recursively: refuse deep nesting before it can exhaust the stack. */
#define MAX_NESTING      64
/* A message shown to a person is a sentence, not a page. */
#define MAX_MESSAGE_CHARS 400

AtelierSubmitResult *
atelier_submit_result_copy (const AtelierSubmitResult *result)
{
  AtelierSubmitResult *copy;

  g_return_val_if_fail (result != NULL, NULL);

  copy = g_new0 (AtelierSubmitResult, 1);
  copy->id = g_strdup (result->id);
  copy->polling_url = g_strdup (result->polling_url);
  copy->cost = result->cost;
  copy->input_mp = result->input_mp;
  copy->output_mp = result->output_mp;
  return copy;
}

void
atelier_submit_result_free (AtelierSubmitResult *result)
{
  if (result == NULL)
    return;
  g_free (result->id);
  g_free (result->polling_url);
  g_free (result);
}

AtelierPollResult *
atelier_poll_result_copy (const AtelierPollResult *result)
{
  AtelierPollResult *copy;

  g_return_val_if_fail (result != NULL, NULL);

  copy = g_memdup2 (result, sizeof *result);
  copy->id = g_strdup (result->id);
  copy->status_text = g_strdup (result->status_text);
  copy->sample_url = g_strdup (result->sample_url);
  copy->upsampled_prompt = g_strdup (result->upsampled_prompt);
  copy->moderation_reasons = g_strdupv (result->moderation_reasons);
  copy->detail = g_strdup (result->detail);
  return copy;
}

void
atelier_poll_result_free (AtelierPollResult *result)
{
  if (result == NULL)
    return;
  g_free (result->id);
  g_free (result->status_text);
  g_free (result->sample_url);
  g_free (result->upsampled_prompt);
  g_strfreev (result->moderation_reasons);
  g_free (result->detail);
  g_free (result);
}

G_DEFINE_BOXED_TYPE (AtelierSubmitResult, atelier_submit_result,
                     atelier_submit_result_copy, atelier_submit_result_free)
G_DEFINE_BOXED_TYPE (AtelierPollResult, atelier_poll_result,
                     atelier_poll_result_copy, atelier_poll_result_free)

static gboolean
bad_response (GError     **error,
              const char  *what)
{
  g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_RESPONSE,
               _("BFL sent an answer Atelier does not understand (%s)."), what);
  return FALSE;
}

/* Counts brackets outside strings; FALSE when nesting goes deeper than MAX_NESTING. */
static gboolean
nesting_is_shallow (const char *data,
                    gsize       length)
{
  gboolean in_string = FALSE;
  gboolean escaped = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > MAX_NESTING)
            return FALSE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }

  return TRUE;
}

/* The root object of a JSON body, or NULL with ATELIER_ERROR_BAD_RESPONSE. The parser owns it. */
static JsonObject *
parse_root_object (JsonParser  *parser,
                   const char  *data,
                   gsize        length,
                   GError     **error)
{
  JsonNode *root;

  if (data == NULL || length == 0)
    return bad_response (error, _("empty answer")), NULL;
  if (length > MAX_BODY_LENGTH)
    return bad_response (error, _("answer too large")), NULL;
  /* Also refuses embedded NUL bytes, which would otherwise cut strings short silently. */
  if (!g_utf8_validate (data, length, NULL))
    return bad_response (error, _("not text")), NULL;
  if (!nesting_is_shallow (data, length))
    return bad_response (error, _("nested too deeply")), NULL;
  if (!json_parser_load_from_data (parser, data, length, NULL))
    return bad_response (error, _("not JSON")), NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return bad_response (error, _("not a JSON object")), NULL;

  return json_node_get_object (root);
}

static gboolean
node_is_null (JsonNode *node)
{
  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

static gboolean
node_is_string (JsonNode *node)
{
  return node != NULL
         && JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
node_is_number (JsonNode *node)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

/* json-glib 1.6 turns some invalid escapes ("\\777") into bytes that are not UTF-8, even from a
 * valid UTF-8 body: every string taken from a parsed body goes through here. */
static const char *
node_text (JsonNode *node)
{
  const char *text = json_node_get_string (node);

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return "\xEF\xBF\xBD"; /* U+FFFD REPLACEMENT CHARACTER */
  return text;
}

static JsonNode *
member (JsonObject *object,
        const char *name)
{
  if (object == NULL || !json_object_has_member (object, name))
    return NULL;
  return json_object_get_member (object, name);
}

/* A string member: absent or null gives *out = NULL; another type is an error. */
static gboolean
get_optional_string (JsonObject  *object,
                     const char  *name,
                     char       **out,
                     GError     **error)
{
  JsonNode *node = member (object, name);

  *out = NULL;
  if (node_is_null (node))
    return TRUE;
  if (!node_is_string (node))
    return bad_response (error, name);
  *out = g_strdup (node_text (node));
  return TRUE;
}

/* A finite number ≥ 0: absent or null gives -1; another type, a negative or huge value is an error. */
static gboolean
get_optional_number (JsonObject  *object,
                     const char  *name,
                     double      *out,
                     GError     **error)
{
  JsonNode *node = member (object, name);
  double value;

  *out = -1;
  if (node_is_null (node))
    return TRUE;
  if (!node_is_number (node))
    return bad_response (error, name);
  value = json_node_get_double (node);
  if (!isfinite (value) || value < 0 || value > 1e15)
    return bad_response (error, name);
  *out = value;
  return TRUE;
}

static char *
shorten (const char *text)
{
  g_autofree char *stripped = NULL;

  if (text == NULL)
    return NULL;
  stripped = g_strstrip (g_strdup (text));
  if (*stripped == '\0')
    return NULL;
  if (g_utf8_strlen (stripped, -1) > MAX_MESSAGE_CHARS)
    {
      g_autofree char *head = g_utf8_substring (stripped, 0, MAX_MESSAGE_CHARS);
      return g_strconcat (head, "…", NULL);
    }
  return g_steal_pointer (&stripped);
}

AtelierSubmitResult *
atelier_api_parse_submit (const char  *data,
                          gsize        length,
                          GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(AtelierSubmitResult) result = NULL;
  JsonObject *root;

  root = parse_root_object (parser, data, length, error);
  if (root == NULL)
    return NULL;

  result = g_new0 (AtelierSubmitResult, 1);
  if (!get_optional_string (root, "id", &result->id, error)
      || !get_optional_string (root, "polling_url", &result->polling_url, error)
      || !get_optional_number (root, "cost", &result->cost, error)
      || !get_optional_number (root, "input_mp", &result->input_mp, error)
      || !get_optional_number (root, "output_mp", &result->output_mp, error))
    return NULL;

  /* Without both the task cannot be followed: the polling URL is never rebuilt from the region. */
  if (result->id == NULL || *result->id == '\0')
    return bad_response (error, "id"), NULL;
  if (result->polling_url == NULL || *result->polling_url == '\0')
    return bad_response (error, "polling_url"), NULL;

  return g_steal_pointer (&result);
}

static const struct
{
  const char        *text;
  AtelierTaskStatus  status;
} statuses[] = {
  { "Pending", ATELIER_TASK_PENDING },
  { "Ready", ATELIER_TASK_READY },
  { "Error", ATELIER_TASK_ERROR },
  { "Failed", ATELIER_TASK_FAILED },
  { "Request Moderated", ATELIER_TASK_REQUEST_MODERATED },
  { "Content Moderated", ATELIER_TASK_CONTENT_MODERATED },
  { "Task not found", ATELIER_TASK_NOT_FOUND },
};

static AtelierTaskStatus
status_from_text (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (g_ascii_strcasecmp (text, statuses[i].text) == 0)
      return statuses[i].status;
  return ATELIER_TASK_UNKNOWN;
}

static gboolean
parse_progress (JsonObject  *root,
                double      *progress,
                GError     **error)
{
  JsonNode *node = member (root, "progress");
  double value;

  *progress = -1;
  if (node_is_null (node))
    return TRUE;
  if (!node_is_number (node))
    return bad_response (error, "progress");

  value = json_node_get_double (node);
  if (!isfinite (value))
    return bad_response (error, "progress");
  if (value < 0)
    return TRUE;
  /* Some answers give a percentage. */
  if (value > 1)
    value /= 100;
  *progress = MIN (value, 1.0);
  return TRUE;
}

static gboolean
parse_seed (JsonObject         *result_object,
            AtelierPollResult  *result,
            GError            **error)
{
  JsonNode *node = member (result_object, "seed");
  double value;

  if (node_is_null (node))
    return TRUE;
  if (!node_is_number (node))
    return bad_response (error, "seed");

  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      result->seed = json_node_get_int (node);
      result->has_seed = TRUE;
      return TRUE;
    }

  value = json_node_get_double (node);
  if (!isfinite (value) || value != floor (value) || fabs (value) > 9007199254740992.0)
    return bad_response (error, "seed");
  result->seed = (gint64) value;
  result->has_seed = TRUE;
  return TRUE;
}

static gboolean
parse_result_object (JsonObject         *result_object,
                     AtelierPollResult  *result,
                     GError            **error)
{
  return get_optional_string (result_object, "sample", &result->sample_url, error)
         && parse_seed (result_object, result, error)
         && get_optional_string (result_object, "prompt", &result->upsampled_prompt, error)
         && get_optional_number (result_object, "start_time", &result->start_time, error)
         && get_optional_number (result_object, "end_time", &result->end_time, error)
         && get_optional_number (result_object, "duration", &result->duration, error);
}

static gboolean
parse_moderation_reasons (JsonNode           *node,
                          AtelierPollResult  *result,
                          GError            **error)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonArray *array;
  guint n;

  if (node_is_null (node))
    return TRUE;
  /* A single reason given as a string is still a reason. */
  if (node_is_string (node))
    {
      const char *reasons[] = { node_text (node), NULL };
      result->moderation_reasons = g_strdupv ((char **) reasons);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return bad_response (error, "Moderation Reasons");

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!node_is_string (element))
        return bad_response (error, "Moderation Reasons");
      g_strv_builder_add (builder, node_text (element));
    }
  if (n > 0)
    result->moderation_reasons = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
parse_details (JsonNode           *node,
               AtelierPollResult  *result,
               GError            **error)
{
  JsonObject *details;

  if (node_is_null (node))
    return TRUE;
  if (node_is_string (node))
    {
      result->detail = shorten (node_text (node));
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return bad_response (error, "details");

  details = json_node_get_object (node);
  if (!parse_moderation_reasons (member (details, "Moderation Reasons"), result, error))
    return FALSE;

  for (guint i = 0; i < 3 && result->detail == NULL; i++)
    {
      const char *names[] = { "detail", "message", "error" };
      JsonNode *text = member (details, names[i]);

      if (node_is_string (text))
        result->detail = shorten (node_text (text));
    }
  return TRUE;
}

AtelierPollResult *
atelier_api_parse_poll (const char  *data,
                        gsize        length,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(AtelierPollResult) result = NULL;
  JsonObject *root;
  JsonNode *status;
  JsonNode *result_node;

  root = parse_root_object (parser, data, length, error);
  if (root == NULL)
    return NULL;

  result = g_new0 (AtelierPollResult, 1);
  result->progress = -1;
  result->start_time = -1;
  result->end_time = -1;
  result->duration = -1;

  if (!get_optional_string (root, "id", &result->id, error))
    return NULL;

  status = member (root, "status");
  if (!node_is_string (status))
    return bad_response (error, "status"), NULL;
  result->status_text = g_strdup (node_text (status));
  result->status = status_from_text (result->status_text);

  if (!parse_progress (root, &result->progress, error))
    return NULL;

  result_node = member (root, "result");
  if (!node_is_null (result_node))
    {
      if (JSON_NODE_HOLDS_OBJECT (result_node))
        {
          if (!parse_result_object (json_node_get_object (result_node), result, error))
            return NULL;
        }
      else if (node_is_string (result_node) && result->status != ATELIER_TASK_READY)
        {
          /* A failed task may explain itself in `result`. */
          result->detail = shorten (node_text (result_node));
        }
      else
        return bad_response (error, "result"), NULL;
    }

  if (result->status == ATELIER_TASK_READY
      && (result->sample_url == NULL || *result->sample_url == '\0'))
    return bad_response (error, _("a ready task without an image")), NULL;

  if (!parse_details (member (root, "details"), result, error))
    return NULL;

  if (result->detail == NULL)
    result->detail = atelier_api_parse_error_detail (data, length);

  return g_steal_pointer (&result);
}

gboolean
atelier_api_parse_credits (const char  *data,
                           gsize        length,
                           double      *credits,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *root;
  double value;

  root = parse_root_object (parser, data, length, error);
  if (root == NULL)
    return FALSE;
  if (!get_optional_number (root, "credits", &value, error))
    return FALSE;
  if (value < 0)
    return bad_response (error, "credits");

  if (credits != NULL)
    *credits = value;
  return TRUE;
}

/* The FastAPI 422 list: "width: must be a multiple of 16; height: …". NULL when nothing usable. */
static char *
format_validation_list (JsonArray *list)
{
  g_autoptr(GString) message = g_string_new (NULL);
  guint n = json_array_get_length (list);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (list, i);
      JsonObject *item;
      JsonNode *msg;
      JsonNode *loc;
      const char *field = NULL;

      if (element == NULL || !JSON_NODE_HOLDS_OBJECT (element))
        continue;
      item = json_node_get_object (element);
      msg = member (item, "msg");
      if (!node_is_string (msg))
        continue;

      loc = member (item, "loc");
      if (loc != NULL && JSON_NODE_HOLDS_ARRAY (loc))
        {
          JsonArray *path = json_node_get_array (loc);
          guint len = json_array_get_length (path);

          /* The last name in the path says which field; "body" is where, not what. */
          for (guint j = len; j > 0 && field == NULL; j--)
            {
              JsonNode *part = json_array_get_element (path, j - 1);

              if (node_is_string (part) && g_strcmp0 (node_text (part), "body") != 0)
                field = node_text (part);
            }
        }

      if (message->len > 0)
        g_string_append (message, "; ");
      if (field != NULL && *field != '\0')
        g_string_append_printf (message, "%s: %s", field, node_text (msg));
      else
        g_string_append (message, node_text (msg));
    }

  if (message->len == 0)
    return NULL;
  return shorten (message->str);
}

static char *
text_of (JsonNode *node)
{
  if (node_is_string (node))
    return shorten (node_text (node));
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    return format_validation_list (json_node_get_array (node));
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      JsonNode *inner = member (object, "message");

      if (!node_is_string (inner))
        inner = member (object, "msg");
      if (node_is_string (inner))
        return shorten (node_text (inner));
    }
  return NULL;
}

char *
atelier_api_parse_error_detail (const char *data,
                                gsize       length)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  const char *names[] = { "detail", "message", "error" };
  JsonObject *root;

  root = parse_root_object (parser, data, length, NULL);
  if (root == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      char *text = text_of (member (root, names[i]));

      if (text != NULL)
        return text;
    }
  return NULL;
}

GError *
atelier_api_error_for_status (guint       http_status,
                              const char *data,
                              gsize       length)
{
  g_autofree char *detail = atelier_api_parse_error_detail (data, length);

  switch (http_status)
    {
    case 400:
    case 422:
      if (detail != NULL)
        return g_error_new (ATELIER_ERROR, ATELIER_ERROR_VALIDATION,
                            _("BFL refused the request: %s"), detail);
      return g_error_new_literal (ATELIER_ERROR, ATELIER_ERROR_VALIDATION,
                                  _("BFL refused the request as invalid."));

    case 401:
    case 403:
      if (detail != NULL)
        return g_error_new (ATELIER_ERROR, ATELIER_ERROR_AUTH,
                            _("Your key was rejected: %s"), detail);
      return g_error_new_literal (ATELIER_ERROR, ATELIER_ERROR_AUTH,
                                  _("Your key was rejected. Check it in Preferences."));

    case 402:
      if (detail != NULL)
        return g_error_new (ATELIER_ERROR, ATELIER_ERROR_OUT_OF_CREDITS,
                            _("Your BFL account is out of credits: %s"), detail);
      return g_error_new_literal (ATELIER_ERROR, ATELIER_ERROR_OUT_OF_CREDITS,
                                  _("Your BFL account is out of credits. Add credits on your BFL dashboard."));

    case 404:
      if (detail != NULL)
        return g_error_new (ATELIER_ERROR, ATELIER_ERROR_NOT_FOUND,
                            _("BFL could not find it: %s"), detail);
      return g_error_new_literal (ATELIER_ERROR, ATELIER_ERROR_NOT_FOUND,
                                  _("BFL could not find it."));

    case 429:
      if (detail != NULL)
        return g_error_new (ATELIER_ERROR, ATELIER_ERROR_RATE_LIMITED,
                            _("Too many images are being made at once: %s"), detail);
      return g_error_new_literal (ATELIER_ERROR, ATELIER_ERROR_RATE_LIMITED,
                                  _("Too many images are being made at once on your account."));

    default:
      break;
    }

  if (http_status >= 500 && http_status <= 599)
    {
      if (detail != NULL)
        return g_error_new (ATELIER_ERROR, ATELIER_ERROR_SERVER,
                            _("BFL's server had a problem (HTTP %u): %s"), http_status, detail);
      return g_error_new (ATELIER_ERROR, ATELIER_ERROR_SERVER,
                          _("BFL's server had a problem (HTTP %u)."), http_status);
    }

  if (detail != NULL)
    return g_error_new (ATELIER_ERROR, ATELIER_ERROR_BAD_RESPONSE,
                        _("BFL gave an unexpected answer (HTTP %u): %s"), http_status, detail);
  return g_error_new (ATELIER_ERROR, ATELIER_ERROR_BAD_RESPONSE,
                      _("BFL gave an unexpected answer (HTTP %u)."), http_status);
}
