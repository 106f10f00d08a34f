/* main.c
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "atelier-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AtelierApplication) app = NULL;
  const char *localedir = g_getenv ("ATELIER_LOCALEDIR");

  setlocale (LC_ALL, "");
  /* ATELIER_LOCALEDIR: translations built but not installed (build/po, see build-aux/dev). */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = atelier_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
