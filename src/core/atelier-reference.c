/* atelier-reference.c
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "atelier-reference.h"

/* TODO: not yet written */
