/* atelier-engine.c
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "atelier-engine.h"
#include "atelier-error.h"

/* Link stub: the real scheduler follows. */

struct _AtelierEngine
{
  GObject         parent_instance;
  AtelierClient  *client;
  AtelierLibrary *library;
  AtelierCatalog *catalog;
};

G_DEFINE_FINAL_TYPE (AtelierEngine, atelier_engine, G_TYPE_OBJECT)

static void
atelier_engine_dispose (GObject *object)
{
  AtelierEngine *self = ATELIER_ENGINE (object);

  g_clear_object (&self->client);
  g_clear_object (&self->library);
  g_clear_object (&self->catalog);
  G_OBJECT_CLASS (atelier_engine_parent_class)->dispose (object);
}

static void
atelier_engine_class_init (AtelierEngineClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = atelier_engine_dispose;
}

static void
atelier_engine_init (AtelierEngine *self)
{
}

AtelierEngine *
atelier_engine_new (AtelierClient  *client,
                    AtelierLibrary *library,
                    AtelierCatalog *catalog)
{
  AtelierEngine *self = g_object_new (ATELIER_TYPE_ENGINE, NULL);

  self->client = g_object_ref (client);
  self->library = g_object_ref (library);
  self->catalog = g_object_ref (catalog);
  return self;
}

AtelierClient *
atelier_engine_get_client (AtelierEngine *self)
{
  return self->client;
}

AtelierLibrary *
atelier_engine_get_library (AtelierEngine *self)
{
  return self->library;
}

void
atelier_engine_resume (AtelierEngine *self)
{
}

GPtrArray *
atelier_engine_generate (AtelierEngine  *self,
                         AtelierRecipe  *recipe,
                         guint           batch,
                         GError        **error)
{
  g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_VALIDATION, "Not implemented yet");
  return NULL;
}

void
atelier_engine_cancel (AtelierEngine *self,
                       AtelierJob    *job)
{
}

gboolean
atelier_engine_retry (AtelierEngine *self,
                      AtelierJob    *job)
{
  return FALSE;
}

void
atelier_engine_set_user_cap (AtelierEngine *self,
                             guint          cap)
{
}

void
atelier_engine_set_online (AtelierEngine *self,
                           gboolean       online)
{
}

guint
atelier_engine_get_active_count (AtelierEngine *self)
{
  return 0;
}

double
atelier_engine_get_session_spent (AtelierEngine *self)
{
  return 0.0;
}

void
atelier_engine_set_timing (AtelierEngine *self,
                           guint          poll_interval_ms,
                           guint          backoff_base_ms)
{
}
