/* atelier-test-utils.h — common set-up for Atelier's tests
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "atelier-library.h"
#include "atelier-recipe.h"

G_BEGIN_DECLS

/* g_test_init, plus: XDG_DATA_HOME / XDG_CONFIG_HOME / XDG_CACHE_HOME / HOME in a fresh temporary
 * folder (removed at exit), the resources registered, BFL_API_KEY and ATELIER_ENDPOINT unset. */
void        atelier_test_init          (int    *argc,
                                        char ***argv);
/* The temporary folder made by atelier_test_init. */
const char *atelier_test_get_tmp_dir   (void);
/* Iterates the default main context until *flag is TRUE or `timeout_ms` passes; FALSE on timeout. */
gboolean    atelier_test_wait_for_flag (gboolean *flag,
                                        guint     timeout_ms);
/* Iterates the default main context until condition (data) is TRUE or timeout; FALSE on timeout. */
gboolean    atelier_test_wait_until    (gboolean (*condition) (gpointer data),
                                        gpointer  data,
                                        guint     timeout_ms);
/* The library's job with this id, or NULL; held as long as the library lives, so the pointer can be
 * used in an expression (atelier_library_dup_job returns a reference of its own). */
AtelierJob *atelier_test_lookup        (AtelierLibrary *library,
                                        const char     *job_id);
/* Removes a folder and everything below it. */
void        atelier_test_rm_rf         (const char *path);
/* A GAsyncReadyCallback that keeps a reference to its result in *(GAsyncResult **) user_data, and
 * the condition for atelier_test_wait_until () that it is there: an async call made
 * synchronous in a test. */
void        atelier_test_store_result  (GObject      *source,
                                        GAsyncResult *result,
                                        gpointer      user_data);
gboolean    atelier_test_result_is_set (gpointer      data);
/* A FLUX.2 [pro] recipe of 1024 × 1024 with this prompt: the plainest job there is. */
AtelierRecipe *atelier_test_recipe_new (const char *prompt);

G_END_DECLS
