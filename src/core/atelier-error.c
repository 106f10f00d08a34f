/* atelier-error.c — the ATELIER_ERROR domain
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "atelier-error.h"

G_DEFINE_QUARK (atelier-error-quark, atelier_error)
