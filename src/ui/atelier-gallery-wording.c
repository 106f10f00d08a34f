/* atelier-gallery-wording.c — how a job's state is put into words, in the gallery and the detail view
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "atelier-gallery-cell.h"

static char *
format_ordinal (guint n)
{
  if (n % 100 >= 11 && n % 100 <= 13)
    /* Translators: this and the next three are ordinals for a place in the queue ("Queued ·
     * 3rd"), chosen by English rules (1st, 2nd, 3rd, 4th, 11th…); a language that writes every
     * ordinal one way (German "%u.") gives all four the same translation. */
    return g_strdup_printf (_("%uth"), n);
  switch (n % 10)
    {
    /* Translators: an ordinal ending in 1 but not 11, "1st"; see "%uth" */
    case 1: return g_strdup_printf (_("%ust"), n);
    /* Translators: an ordinal ending in 2 but not 12, "2nd"; see "%uth" */
    case 2: return g_strdup_printf (_("%und"), n);
    /* Translators: an ordinal ending in 3 but not 13, "3rd"; see "%uth" */
    case 3: return g_strdup_printf (_("%urd"), n);
    default: return g_strdup_printf (_("%uth"), n);
    }
}

char *
atelier_gallery_format_elapsed (gint64 seconds)
{
  seconds = MAX (seconds, 0);
  if (seconds >= 3600)
    return g_strdup_printf ("%d:%02d:%02d", (int) (seconds / 3600), (int) (seconds / 60 % 60), (int) (seconds % 60));
  return g_strdup_printf ("%d:%02d", (int) (seconds / 60), (int) (seconds % 60));
}

char *
atelier_gallery_describe_state (AtelierJob *job)
{
  AtelierJobState state;

  g_return_val_if_fail (ATELIER_IS_JOB (job), NULL);

  state = atelier_job_get_state (job);
  if (state == ATELIER_JOB_QUEUED)
    {
      guint position = atelier_job_get_queue_position (job);

      if (atelier_job_get_waiting_for_slot (job))
        return g_strdup (_("Waiting for a free slot"));
      if (position > 0)
        {
          g_autofree char *ordinal = format_ordinal (position);

          /* Translators: "Queued · 3rd" */
          return g_strdup_printf (_("Queued · %s"), ordinal);
        }
      return g_strdup (_("Queued"));
    }

  if (state == ATELIER_JOB_PENDING && atelier_job_get_progress (job) >= 0)
    {
      int percent = (int) CLAMP (round (atelier_job_get_progress (job) * 100), 0, 100);

      /* Translators: "Generating · 62 %" */
      return g_strdup_printf (_("Generating · %d %%"), percent);
    }

  return g_strdup (atelier_job_state_get_label (state));
}

static gint64
job_elapsed (AtelierJob *job)
{
  gint64 start = atelier_job_get_submitted_at (job);

  if (start <= 0)
    start = atelier_job_get_created_at (job);
  if (start <= 0)
    return 0;
  return g_get_real_time () / G_USEC_PER_SEC - start;
}

char *
atelier_gallery_describe_detail (AtelierJob *job)
{
  const char * const *reasons;

  g_return_val_if_fail (ATELIER_IS_JOB (job), NULL);

  switch (atelier_job_get_state (job))
    {
    case ATELIER_JOB_QUEUED:
      if (atelier_job_get_waiting_for_slot (job))
        return g_strdup (_("Starts when one of your running images finishes"));
      return g_strdup ("");

    case ATELIER_JOB_SUBMITTING:
      return g_strdup ("");

    case ATELIER_JOB_PENDING:
      if (atelier_job_get_status_text (job) != NULL && *atelier_job_get_status_text (job) != '\0')
        {
          g_autofree char *elapsed = atelier_gallery_format_elapsed (job_elapsed (job));

          /* Translators: an unknown status from BFL, then the time elapsed */
          return g_strdup_printf (_("BFL says “%s” · %s"), atelier_job_get_status_text (job), elapsed);
        }
      return atelier_gallery_format_elapsed (job_elapsed (job));

    case ATELIER_JOB_DOWNLOADING:
    case ATELIER_JOB_READY:
      return g_strdup ("");

    case ATELIER_JOB_FAILED:
      if (atelier_job_get_error_message (job) != NULL)
        return g_strdup (atelier_job_get_error_message (job));
      return g_strdup (_("Something went wrong"));

    case ATELIER_JOB_REQUEST_MODERATED:
    case ATELIER_JOB_CONTENT_MODERATED:
      reasons = atelier_job_get_moderation_reasons (job);
      if (reasons != NULL && reasons[0] != NULL)
        return g_strjoinv (", ", (char **) reasons);
      if (atelier_job_get_state (job) == ATELIER_JOB_REQUEST_MODERATED)
        return g_strdup (_("BFL refused the request"));
      return g_strdup (_("BFL withheld the result"));

    case ATELIER_JOB_CANCELLED:
      if (atelier_job_get_task_id (job) != NULL)
        return g_strdup (_("Sent before it was cancelled: it may have been charged"));
      return g_strdup (_("Never sent: nothing was charged"));

    case ATELIER_JOB_EXPIRED:
      return g_strdup (_("Charged, but the result expired before it could be downloaded"));

    case ATELIER_JOB_INTERRUPTED:
      return g_strdup (_("Atelier stopped while sending it: it may have been charged"));

    default:
      return g_strdup ("");
    }
}

void
atelier_gallery_show_favourite (GtkButton *button,
                                gboolean   favourite)
{
  const char *label = favourite ? _("Remove from Favourites") : _("Add to Favourites");
  g_autofree char *tooltip = g_strdup_printf ("%s (S)", label);

  g_return_if_fail (GTK_IS_BUTTON (button));

  /* A rebound cell shows the same star most of the time, and setting a tooltip is not free (a
   * quarter of a search's rebinding at 10,000 pictures): only a change is applied. */
  if (g_strcmp0 (gtk_widget_get_tooltip_text (GTK_WIDGET (button)), tooltip) == 0)
    return;
  gtk_button_set_icon_name (button, favourite ? "starred-symbolic" : "non-starred-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (button), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  if (favourite)
    gtk_widget_add_css_class (GTK_WIDGET (button), "starred");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (button), "starred");
}
