/* atelier-worker.h — worker threads below the window's priority, for decoding and thumbnails
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void atelier_worker_run_in_thread (GTask           *task,
                                   GTaskThreadFunc  func);

G_END_DECLS
