/* atelier-credits-button.h — the account's balance in the header bar
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "atelier-client.h"
#include "atelier-engine.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_CREDITS_BUTTON (atelier_credits_button_get_type ())

/* Properties: credits (the last balance BFL reported, < 0 while unknown).
 * Signals:
 *   refreshed (double credits)        — /v1/credits answered
 *   refresh-failed (GError *error)    — it did not (ATELIER_ERROR_AUTH, _OUT_OF_CREDITS, _NETWORK…) */
G_DECLARE_FINAL_TYPE (AtelierCreditsButton, atelier_credits_button, ATELIER, CREDITS_BUTTON, GtkButton)

/* Follows the client's key and the engine's finished jobs and session spending. */
void                  atelier_credits_button_bind         (AtelierCreditsButton *self,
                                                           AtelierClient        *client,
                                                           AtelierEngine        *engine);
/* Asks BFL for the balance now (a refresh in flight is replaced: the newest key wins). */
void                  atelier_credits_button_refresh      (AtelierCreditsButton *self);
double                atelier_credits_button_get_credits  (AtelierCreditsButton *self);
/* What the button shows, e.g. "1,234.5 credits · $12.35". */
const char           *atelier_credits_button_get_text     (AtelierCreditsButton *self);
/* Its tooltip: the balance, where it stands, and what this session spent. */
const char           *atelier_credits_button_get_tooltip  (AtelierCreditsButton *self);

/* "1,234.5 credits" — grouped digits, at most two decimals. */
char                 *atelier_format_credit_balance       (double                credits);
/* "$12.35" — the balance's value in dollars, to the cent. */
char                 *atelier_format_credit_dollars       (double                credits);

G_END_DECLS
