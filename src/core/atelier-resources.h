/* atelier-resources.h
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Registers Atelier's GResource (idempotent). The executable and every test call it
 * before touching the catalog or a template. */
void atelier_resources_ensure (void);

G_END_DECLS
