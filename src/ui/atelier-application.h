/* atelier-application.h — the application: settings, key, client, library and engine, one window
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "atelier-catalog.h"
#include "atelier-client.h"
#include "atelier-collections.h"
#include "atelier-engine.h"
#include "atelier-generation.h"
#include "atelier-keyring.h"
#include "atelier-library.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_APPLICATION (atelier_application_get_type ())

G_DECLARE_FINAL_TYPE (AtelierApplication, atelier_application, ATELIER, APPLICATION, AdwApplication)

typedef struct _AtelierBackground AtelierBackground;
typedef struct _AtelierNotifier AtelierNotifier;

AtelierApplication *atelier_application_new          (void);
GSettings          *atelier_application_get_settings (AtelierApplication *self);
AtelierClient      *atelier_application_get_client   (AtelierApplication *self);
AtelierKeyring     *atelier_application_get_keyring  (AtelierApplication *self);
AtelierLibrary     *atelier_application_get_library  (AtelierApplication *self);
AtelierEngine      *atelier_application_get_engine   (AtelierApplication *self);
AtelierCollections *atelier_application_get_collections (AtelierApplication *self);
/* TRUE once the first key lookup (environment, keyring) finished. Property "key-resolved". */
gboolean            atelier_application_get_key_resolved (AtelierApplication *self);
/* TRUE once the library's index is loaded (searches wait for it). Property "library-loaded". */
gboolean            atelier_application_get_library_loaded (AtelierApplication *self);
/* TRUE once app.quit runs: closing windows then asks nothing. */
gboolean            atelier_application_get_quitting    (AtelierApplication *self);
/* Keeps running without a window while jobs finish (see atelier-background.h). */
AtelierBackground  *atelier_application_get_background  (AtelierApplication *self);
AtelierNotifier    *atelier_application_get_notifier    (AtelierApplication *self);

/* The one way jobs are started (Generate, Regenerate…): the key check, the spending guard (a
 * dialog over `from`'s window when the estimate is above it), then atelier_engine_generate ().
 * What goes wrong is shown as a toast from `from`. `started` (may be NULL) is called with `from`
 * once the jobs were made, not when they were refused or the guard was declined. */
void                atelier_application_generate (AtelierApplication *self,
                                                  GtkWidget          *from,
                                                  AtelierRecipe      *recipe,
                                                  guint               batch,
                                                  void              (*started) (GtkWidget *from));
/* The same for a planned set (variations, lineage): the guard checks the whole set's estimate. */
void                atelier_application_generate_set (AtelierApplication *self,
                                                      GtkWidget          *from,
                                                      AtelierGeneration  *generation,
                                                      void              (*started) (GtkWidget *from));

G_END_DECLS
