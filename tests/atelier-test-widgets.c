/* atelier-test-widgets.c — finding widgets in a window, for the widget tests and benchmarks
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "atelier-test-widgets.h"

GtkWidget *
atelier_test_find_widget (GtkWidget *root,
                          GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = atelier_test_find_widget (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}
