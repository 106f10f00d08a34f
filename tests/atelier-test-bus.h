/* atelier-test-bus.h — a private D-Bus session with nothing activatable (no Secret Service),
 * and an application registered on it against an in-process fake BFL
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "atelier-application.h"
#include "atelier-fake-bfl.h"
#include "atelier-gallery.h"

G_BEGIN_DECLS

/* Starts a dbus-daemon of its own (killed at exit) and points DBUS_SESSION_BUS_ADDRESS at it.
 * GTK gets a bus to register on; libsecret finds no Secret Service, so keys are kept for the
 * session only. Call after atelier_test_init. */
void atelier_test_start_private_bus (void);
/* The same, where D-Bus starts the services described in `service_dir` on demand (they inherit
 * this process's environment, XDG folders included). */
void atelier_test_start_private_bus_with_services (const char *service_dir);

/* An in-process fake BFL (the valid key holds 1234.5 credits) and an AtelierApplication that uses
 * it (ATELIER_ENDPOINT), registered on the bus under a name of its own; BFL_API_KEY is set to
 * `environment_key`, or unset when NULL. Windows are the caller's. */
void atelier_test_app_start (AtelierFakeBfl     **fake,
                             AtelierApplication **app,
                             const char          *environment_key);
/* The application as the composer's widget tests use it, on the session bus the test runs in:
 * non-unique, opening files (GApplication::open), against a fake whose tasks take 100 ms, with
 * the valid key in the environment and already known to the client. */
void atelier_test_app_start_for_widgets (AtelierFakeBfl     **fake,
                                         AtelierApplication **app);
/* Owns `bus_name` on the session bus with `interface_xml`'s first interface at `object_path`, as a
 * stand-in for a desktop service (a portal, GNOME Shell's notifications). */
GDBusConnection *atelier_test_own_service (const char                 *bus_name,
                                           const char                 *object_path,
                                           const char                 *interface_xml,
                                           const GDBusInterfaceVTable *vtable,
                                           gpointer                    user_data);
/* The gallery of the application's active window, or NULL while it has none. */
AtelierGallery *atelier_test_app_get_gallery (AtelierApplication *app);
/* Undoes atelier_test_app_start (the environment included). */
void atelier_test_app_stop  (AtelierFakeBfl     **fake,
                             AtelierApplication **app);

G_END_DECLS
