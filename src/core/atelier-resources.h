/* atelier-resources.h — registering the core library's resource: the model catalog
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Registers the core library's GResource (idempotent): the catalog calls it before reading
 * models.json. The UI's resource registers itself (src/meson.build). */
void atelier_resources_ensure (void);

G_END_DECLS
