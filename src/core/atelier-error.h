/* atelier-error.h — the ATELIER_ERROR domain: codes a caller can act on
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ATELIER_ERROR (atelier_error_quark ())

/* Codes a caller acts on. Every message is a sentence a person can read. */
typedef enum
{
  ATELIER_ERROR_AUTH,                  /* 401/403: the key was refused */
  ATELIER_ERROR_OUT_OF_CREDITS,        /* 402 */
  ATELIER_ERROR_RATE_LIMITED,          /* 429: too many active tasks */
  ATELIER_ERROR_VALIDATION,            /* 400/422, or refused by our own validator */
  ATELIER_ERROR_MODERATED,             /* Request or Content Moderated */
  ATELIER_ERROR_NOT_FOUND,             /* 404, Task not found */
  ATELIER_ERROR_NETWORK,               /* could not connect, reset, timeout */
  ATELIER_ERROR_SERVER,                /* 5xx, Error/Failed status */
  ATELIER_ERROR_EXPIRED,               /* the signed result URL has expired */
  ATELIER_ERROR_BAD_RESPONSE,          /* malformed or unexpected JSON */
  ATELIER_ERROR_BAD_IMAGE,             /* a reference that is not a usable image */
  ATELIER_ERROR_MAY_HAVE_BEEN_CHARGED, /* a submit that may have reached the server failed */
  ATELIER_ERROR_NO_KEY,                /* no API key */
  ATELIER_ERROR_INSECURE,              /* a URL we refuse to talk to (key policy, http) */
  ATELIER_ERROR_STORAGE,               /* the library on disk could not be written */
} AtelierError;

GQuark atelier_error_quark (void);

G_END_DECLS
