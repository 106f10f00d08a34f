/* atelier-preferences.h — the Preferences window: key, region, defaults, spending guard
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "atelier-application.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_PREFERENCES (atelier_preferences_get_type ())

G_DECLARE_FINAL_TYPE (AtelierPreferences, atelier_preferences, ATELIER, PREFERENCES, AdwPreferencesWindow)

AtelierPreferences *atelier_preferences_new                  (AtelierApplication *application,
                                                              GtkWindow          *parent);
/* What Test says about a key: "Valid key: 1,234.5 credits ($12.35)", or why it failed. */
char               *atelier_preferences_describe_test_result (double              credits,
                                                              const GError       *error);

G_END_DECLS
