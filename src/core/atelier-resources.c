/* atelier-resources.c — registering the core library's resource: the model catalog
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "atelier-resources.h"

GResource *atelier_core_get_resource (void);

void
atelier_resources_ensure (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      /* Referencing the generated resource pulls its object file (and its constructor)
       * out of the static library; registering again is then a no-op we guard against. */
      GResource *resource = atelier_core_get_resource ();
      g_autoptr(GBytes) probe = g_resources_lookup_data ("/io/github/fluxatelier/Atelier/models.json",
                                                         G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      if (probe == NULL)
        g_resources_register (resource);
      g_once_init_leave (&done, 1);
    }
}
