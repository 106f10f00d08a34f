/* atelier-test-widgets.h — finding widgets in a window, for the widget tests and benchmarks
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The first widget of `type` at or below `root`, depth first, or NULL. */
GtkWidget *atelier_test_find_widget (GtkWidget *root,
                                     GType      type);

G_END_DECLS
