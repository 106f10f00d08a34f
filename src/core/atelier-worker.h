/* atelier-worker.h — worker threads below the window's priority, for decoding and thumbnails
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Each kind of work has threads of its own, so a long one (eight 24 MP photos to prepare) never
 * holds up the other (the thumbnails of a gallery being scrolled). */
typedef enum
{
  ATELIER_WORKER_REFERENCES,
  ATELIER_WORKER_THUMBNAILS,
  ATELIER_WORKER_N_KINDS
} AtelierWorkerKind;

void atelier_worker_run_in_thread (AtelierWorkerKind  kind,
                                   GTask             *task,
                                   GTaskThreadFunc    func);

G_END_DECLS
