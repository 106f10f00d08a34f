/* atelier-job-lineage.c — where a job came from: its parents, and the variation set it is part of
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-job-private.h"

typedef struct
{
  char *id;
  char *relation;
} AtelierJobParent;

static void
parent_free (AtelierJobParent *parent)
{
  g_free (parent->id);
  g_free (parent->relation);
  g_free (parent);
}

guint
atelier_job_get_n_parents (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), 0);
  return self->parents != NULL ? self->parents->len : 0;
}

static AtelierJobParent *
get_parent (AtelierJob *self,
            guint       index)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), NULL);
  g_return_val_if_fail (index < atelier_job_get_n_parents (self), NULL);
  return g_ptr_array_index (self->parents, index);
}

const char *
atelier_job_get_parent_id (AtelierJob *self,
                           guint       index)
{
  AtelierJobParent *parent = get_parent (self, index);

  return parent != NULL ? parent->id : NULL;
}

const char *
atelier_job_get_parent_relation (AtelierJob *self,
                                 guint       index)
{
  AtelierJobParent *parent = get_parent (self, index);

  return parent != NULL ? parent->relation : NULL;
}

gboolean
atelier_job_has_parent (AtelierJob *self,
                        const char *parent_id)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), FALSE);

  for (guint i = 0; self->parents != NULL && i < self->parents->len; i++)
    {
      AtelierJobParent *parent = g_ptr_array_index (self->parents, i);

      if (g_strcmp0 (parent->id, parent_id) == 0)
        return TRUE;
    }
  return FALSE;
}

void
_atelier_job_add_parent (AtelierJob *self,
                         const char *parent_id,
                         const char *relation)
{
  AtelierJobParent *parent;

  g_return_if_fail (ATELIER_IS_JOB (self));
  g_return_if_fail (parent_id != NULL && relation != NULL);

  if (g_strcmp0 (parent_id, self->id) == 0 || atelier_job_has_parent (self, parent_id))
    return;
  if (self->parents == NULL)
    self->parents = g_ptr_array_new_with_free_func ((GDestroyNotify) parent_free);
  parent = g_new0 (AtelierJobParent, 1);
  parent->id = g_strdup (parent_id);
  parent->relation = g_strdup (relation);
  g_ptr_array_add (self->parents, parent);
}

const char *
atelier_job_get_set_id (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), NULL);
  return self->set_id;
}

const char *
atelier_job_get_variation_kind (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), NULL);
  return self->variation_kind;
}

const char *
atelier_job_get_variation_label (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), NULL);
  return self->variation_label;
}

void
_atelier_job_set_variation (AtelierJob *self,
                            const char *set_id,
                            const char *kind,
                            const char *label)
{
  g_return_if_fail (ATELIER_IS_JOB (self));

  g_free (self->set_id);
  self->set_id = g_strdup (set_id);
  g_free (self->variation_kind);
  self->variation_kind = g_strdup (kind);
  g_free (self->variation_label);
  self->variation_label = g_strdup (label);
}

const char *
atelier_job_relation_get_label (const char *relation)
{
  if (g_strcmp0 (relation, ATELIER_RELATION_REGENERATE) == 0)
    return _("Regenerated from");
  if (g_strcmp0 (relation, ATELIER_RELATION_REUSE) == 0)
    return _("Settings reused from");
  if (g_strcmp0 (relation, ATELIER_RELATION_REFERENCE) == 0)
    return _("Used as a reference");
  if (g_strcmp0 (relation, ATELIER_RELATION_FILL) == 0)
    return _("Filled from");
  if (g_strcmp0 (relation, ATELIER_RELATION_EXPAND) == 0)
    return _("Expanded from");
  if (g_strcmp0 (relation, ATELIER_RELATION_VARIATION) == 0)
    return _("A variation of");
  return _("Made from");
}
