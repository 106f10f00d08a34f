/* atelier-request.c
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "atelier-request.h"

/* Link stub: the real implementation follows. */

gboolean atelier_request_validate (AtelierModel *model, AtelierRecipe *recipe, char **field, GError **error) { return TRUE; }
JsonNode *atelier_request_build (AtelierModel *model, AtelierRecipe *recipe, GError **error) { return json_node_new (JSON_NODE_OBJECT); }
guint atelier_request_count_sent_refs (AtelierModel *model, AtelierRecipe *recipe) { return 0; }
void atelier_request_output_size (AtelierModel *model, AtelierRecipe *recipe, guint *width, guint *height) { *width = 0; *height = 0; }
