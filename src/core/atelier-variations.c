/* atelier-variations.c — prompt variants: "{red|blue} fox" expanded into one prompt per choice
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-error.h"
#include "atelier-variations.h"

/* A prompt is a list of parts: a literal text, or a group of alternatives (each unescaped). */
typedef struct
{
  GPtrArray *alternatives;  /* NULL for a literal */
  char      *text;          /* the literal */
} Part;

static void
part_free (Part *part)
{
  g_clear_pointer (&part->alternatives, g_ptr_array_unref);
  g_free (part->text);
  g_free (part);
}

static gboolean
is_escapable (char c)
{
  return c == '{' || c == '}' || c == '|' || c == '\\';
}

static guint
char_position (const char *prompt,
               const char *at)
{
  return (guint) g_utf8_pointer_to_offset (prompt, at) + 1;
}

static GPtrArray *
parse (const char  *prompt,
       GError     **error)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func ((GDestroyNotify) part_free);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) group = NULL;
  const char *open = NULL;

  for (const char *p = prompt; *p != '\0'; p++)
    {
      if (*p == '\\' && is_escapable (p[1]))
        {
          g_string_append_c (text, p[1]);
          p++;
        }
      else if (*p == '{')
        {
          Part *part;

          if (group != NULL)
            {
              g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_VALIDATION,
                           /* TRANSLATORS: %u is a character position in the prompt */
                           _("The { at character %u is inside another group: alternatives cannot be nested (write \\{ for a literal brace)"),
                           char_position (prompt, p));
              return NULL;
            }
          part = g_new0 (Part, 1);
          part->text = g_string_free (g_steal_pointer (&text), FALSE);
          g_ptr_array_add (parts, part);
          text = g_string_new (NULL);
          group = g_ptr_array_new_with_free_func (g_free);
          open = p;
        }
      else if (*p == '|' && group != NULL)
        {
          g_ptr_array_add (group, g_string_free (g_steal_pointer (&text), FALSE));
          text = g_string_new (NULL);
        }
      else if (*p == '}')
        {
          Part *part;

          if (group == NULL)
            {
              g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_VALIDATION,
                           _("The } at character %u closes no group (write \\} for a literal brace)"),
                           char_position (prompt, p));
              return NULL;
            }
          if (group->len == 0 && text->len == 0)
            {
              g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_VALIDATION,
                           _("The {} at character %u offers no alternatives: write them between the braces, separated by |"),
                           char_position (prompt, open));
              return NULL;
            }
          g_ptr_array_add (group, g_string_free (g_steal_pointer (&text), FALSE));
          text = g_string_new (NULL);
          part = g_new0 (Part, 1);
          part->alternatives = g_steal_pointer (&group);
          g_ptr_array_add (parts, part);
        }
      else
        g_string_append_c (text, *p);
    }

  if (group != NULL)
    {
      g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_VALIDATION,
                   _("The { at character %u is never closed: add a } (or write \\{ for a literal brace)"),
                   char_position (prompt, open));
      return NULL;
    }
  if (text->len > 0 || parts->len == 0)
    {
      Part *part = g_new0 (Part, 1);

      part->text = g_string_free (g_steal_pointer (&text), FALSE);
      g_ptr_array_add (parts, part);
    }
  return g_steal_pointer (&parts);
}

gboolean
atelier_variations_has_groups (const char *prompt)
{
  if (prompt == NULL)
    return FALSE;
  for (const char *p = prompt; *p != '\0'; p++)
    {
      if (*p == '\\' && is_escapable (p[1]))
        p++;
      else if (*p == '{')
        return TRUE;
    }
  return FALSE;
}

gboolean
atelier_variations_expand (const char  *prompt,
                           guint        max,
                           GStrv       *prompts,
                           GStrv       *labels,
                           GError     **error)
{
  g_autoptr(GPtrArray) parts = NULL;
  g_autoptr(GStrvBuilder) prompt_builder = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) label_builder = g_strv_builder_new ();
  g_autofree guint *choice = NULL;
  guint64 total = 1;

  g_return_val_if_fail (prompt != NULL, FALSE);
  g_return_val_if_fail (prompts != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  parts = parse (prompt, error);
  if (parts == NULL)
    return FALSE;

  /* Counted before anything is built, and without overflow: {a|b}×64 must not run away. */
  for (guint i = 0; i < parts->len; i++)
    {
      Part *part = g_ptr_array_index (parts, i);

      if (part->alternatives != NULL)
        total *= part->alternatives->len;
      if (total > max)
        {
          g_autofree char *count = NULL;

          /* The true count, when it is a sane number to print. */
          for (guint j = i + 1; j < parts->len && total <= G_MAXUINT32; j++)
            {
              Part *later = g_ptr_array_index (parts, j);

              if (later->alternatives != NULL)
                total *= later->alternatives->len;
            }
          count = total <= G_MAXUINT32 ? g_strdup_printf ("%" G_GUINT64_FORMAT, total)
                                       : g_strdup_printf (_("over %u"), G_MAXUINT32);
          g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_VALIDATION,
                       /* TRANSLATORS: first %s is a number ("96"), %u the most allowed */
                       _("These alternatives make %s prompts; one Generate sends at most %u. Remove some alternatives."),
                       count, max);
          return FALSE;
        }
    }

  choice = g_new0 (guint, parts->len);
  for (guint64 n = 0; n < total; n++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(GString) label = g_string_new (NULL);

      for (guint i = 0; i < parts->len; i++)
        {
          Part *part = g_ptr_array_index (parts, i);
          const char *alternative;

          if (part->alternatives == NULL)
            {
              g_string_append (text, part->text);
              continue;
            }
          alternative = g_ptr_array_index (part->alternatives, choice[i]);
          g_string_append (text, alternative);
          if (label->len > 0)
            g_string_append (label, " · ");
          if (*alternative == '\0')
            /* TRANSLATORS: the label of an empty alternative, as in "{|red} fox" */
            g_string_append (label, _("(none)"));
          else
            {
              g_autofree char *stripped = g_strstrip (g_strdup (alternative));

              g_string_append (label, *stripped != '\0' ? stripped : alternative);
            }
        }
      g_strv_builder_add (prompt_builder, text->str);
      g_strv_builder_add (label_builder, label->str);

      /* Next combination: the last group turns fastest. */
      for (guint i = parts->len; i-- > 0;)
        {
          Part *part = g_ptr_array_index (parts, i);

          if (part->alternatives == NULL)
            continue;
          if (++choice[i] < part->alternatives->len)
            break;
          choice[i] = 0;
        }
    }

  *prompts = g_strv_builder_end (prompt_builder);
  if (labels != NULL)
    *labels = g_strv_builder_end (label_builder);
  return TRUE;
}
