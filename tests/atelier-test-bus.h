/* atelier-test-bus.h — a private D-Bus session with nothing activatable (no Secret Service)
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Starts a dbus-daemon of its own (killed at exit) and points DBUS_SESSION_BUS_ADDRESS at it.
 * GTK gets a bus to register on; libsecret finds no Secret Service, so keys are kept for the
 * session only. Call after atelier_test_init. */
void atelier_test_start_private_bus (void);

G_END_DECLS
