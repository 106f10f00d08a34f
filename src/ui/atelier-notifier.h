/* atelier-notifier.h — a desktop notification when pictures finish while nobody is looking
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "atelier-engine.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_NOTIFIER (atelier_notifier_get_type ())

/* Follows the engine's job-finished: while no window of the application is focused (or none is
 * open), finished, failed and moderated jobs are counted, and a short while after the last one a
 * GNotification says how many ("4 pictures ready", "1 failed"). Its default action,
 * app.show-job, opens the newest of those pictures. Counts keep adding up until a window is
 * focused again, which withdraws the notification. The "notify-when-done" setting turns it off. */
G_DECLARE_FINAL_TYPE (AtelierNotifier, atelier_notifier, ATELIER, NOTIFIER, GObject)

/* The ID the notification is sent under (one at a time, replaced as counts change). */
#define ATELIER_NOTIFIER_ID "jobs-done"

AtelierNotifier *atelier_notifier_new       (GtkApplication *application,
                                             AtelierEngine  *engine,
                                             GSettings      *settings);
/* How long to wait for more jobs before notifying, in ms (default 2000). */
void             atelier_notifier_set_delay (AtelierNotifier *self,
                                             guint            delay_ms);

/* The notification for these counts: a title and a body of plain text, no thumbnail. `prompt`
 * is shown when only one job is counted; the default action opens the variation set `set_id`
 * when more than one job of it is counted, else the picture `job_id`. */
GNotification   *atelier_notifier_build     (guint            n_ready,
                                             guint            n_failed,
                                             guint            n_moderated,
                                             const char      *prompt,
                                             const char      *job_id,
                                             const char      *set_id);

G_END_DECLS
