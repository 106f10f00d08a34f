/* atelier-reference-tray.c — the eight slots, and the batches of pictures on their way into them
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-reference-tray-private.h"
#include "atelier-texture-reference.h"


G_DEFINE_FINAL_TYPE (AtelierReferenceTray, atelier_reference_tray, GTK_TYPE_WIDGET)

enum
{
  CHANGED,
  MESSAGE,
  REFUSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
entry_free (Entry *entry)
{
  if (entry->cancellable != NULL)
    g_cancellable_cancel (entry->cancellable);
  g_clear_object (&entry->cancellable);
  g_clear_object (&entry->reference);
  g_clear_object (&entry->file);
  g_clear_pointer (&entry->bytes, g_bytes_unref);
  g_clear_pointer (&entry->name, g_free);
  g_clear_object (&entry->previous);
  g_free (entry);
}

static Entry *
find_entry (AtelierReferenceTray *self,
            guint                 id,
            guint                *index)
{
  if (self->entries == NULL)
    return NULL;

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (entry->id == id)
        {
          if (index != NULL)
            *index = i;
          return entry;
        }
    }

  return NULL;
}

void
_atelier_reference_tray_show_message (AtelierReferenceTray *self,
                                      const char           *message)
{
  g_signal_emit (self, signals[MESSAGE], 0, message);
}

/* Batches: what one drop, paste, command line or file chooser brought */

static void
item_free (Item *item)
{
  g_clear_pointer (&item->name, g_free);
  g_clear_object (&item->file);
  g_clear_pointer (&item->bytes, g_bytes_unref);
  g_clear_object (&item->reference);
  g_clear_pointer (&item->refusal, g_free);
  g_free (item);
}

static void
batch_free (Batch *batch)
{
  g_cancellable_cancel (batch->cancellable);
  g_clear_object (&batch->cancellable);
  g_clear_pointer (&batch->items, g_ptr_array_unref);
  g_clear_pointer (&batch->refusals, g_ptr_array_unref);
  g_free (batch);
}

static Batch *
find_batch (AtelierReferenceTray *self,
            guint                 id)
{
  if (self->batches == NULL)
    return NULL;

  for (guint i = 0; i < self->batches->len; i++)
    {
      Batch *batch = g_ptr_array_index (self->batches, i);

      if (batch->id == id)
        return batch;
    }

  return NULL;
}

/* Pictures still being prepared, or prepared and waiting for those before them: each is shown
 * as a spinner in a free slot, but takes none until it is accepted. */
static guint
count_preparing (AtelierReferenceTray *self)
{
  guint n = 0;

  for (guint i = 0; i < self->batches->len; i++)
    {
      Batch *batch = g_ptr_array_index (self->batches, i);

      for (guint k = batch->next; k < batch->items->len; k++)
        {
          Item *item = g_ptr_array_index (batch->items, k);

          if (!item->done || item->reference != NULL)
            n++;
        }
    }

  return n;
}

static void
atelier_reference_tray_sync (AtelierReferenceTray *self)
{
  guint n_filled = self->entries->len;
  guint n_placeholders = MIN (count_preparing (self), ATELIER_REFERENCE_TRAY_N_SLOTS - n_filled);
  g_autofree char *count = NULL;

  for (guint i = 0; i < ATELIER_REFERENCE_TRAY_N_SLOTS; i++)
    {
      AtelierReferenceSlot *slot = ATELIER_REFERENCE_SLOT (self->slots[i]);
      Entry *entry = i < n_filled ? g_ptr_array_index (self->entries, i) : NULL;
      gboolean placeholder = i >= n_filled && i < n_filled + n_placeholders;
      AtelierSlotUse use;

      if (self->source_mode && i == 0)
        use = ATELIER_SLOT_USE_SOURCE;
      else if (i < self->n_sent)
        use = ATELIER_SLOT_USE_SENT;
      else
        use = ATELIER_SLOT_USE_NOT_SENT;

      atelier_reference_slot_set_reference (slot,
                                            entry != NULL ? entry->reference : NULL,
                                            placeholder || (entry != NULL && entry->reference == NULL));
      atelier_reference_slot_set_use (slot, use);
      gtk_widget_set_visible (self->slots[i], !self->source_mode || i < 4);
    }

  /* Alone in its row the source would fill the whole width: it takes two of the four columns,
   * the rest of the first row keeps its place in the layout without being shown. */
  g_object_set (gtk_layout_manager_get_layout_child (gtk_widget_get_layout_manager (GTK_WIDGET (self->grid)),
                                                     self->slots[0]),
                "column-span", self->source_mode ? 2 : 1,
                NULL);
  for (guint i = 1; i < 4; i++)
    gtk_widget_set_child_visible (self->slots[i], !self->source_mode);

  gtk_label_set_label (self->title_label, self->source_mode ? _("Source Image") : _("References"));

  if (self->source_mode || self->n_sent == 0)
    count = g_strdup ("");
  else
    /* TRANSLATORS: "3 of 8" references in use, of what the model takes */
    count = g_strdup_printf (_("%u of %u"), MIN (n_filled, self->n_sent), self->n_sent);
  gtk_label_set_label (self->count_label, count);
}

static void
emit_changed (AtelierReferenceTray *self)
{
  atelier_reference_tray_sync (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* What a batch could not take is said once, all of it: the composer lists it under the slots. An
 * empty list says the previous one is out of date. */
static void
emit_refused (AtelierReferenceTray *self,
              GPtrArray            *refusals)
{
  g_autoptr(GPtrArray) strv = g_ptr_array_new ();

  for (guint i = 0; refusals != NULL && i < refusals->len; i++)
    g_ptr_array_add (strv, g_ptr_array_index (refusals, i));
  g_ptr_array_add (strv, NULL);

  g_signal_emit (self, signals[REFUSED], 0, (char **) strv->pdata);
}

static gboolean differs_at_cap (AtelierReference *reference,
                                guint64           max_pixels);
static void     prepare_again  (AtelierReferenceTray *self,
                                Entry                *entry);

/* Takes the batch's resolved pictures in their order: the accepted ones into the slots while
 * there is room, the others into the batch's refusals. When every picture has an answer the
 * batch ends and its refusals are shown together. */
static void
batch_advance (AtelierReferenceTray *self,
               Batch                *batch)
{
  while (batch->next < batch->items->len)
    {
      Item *item = g_ptr_array_index (batch->items, batch->next);

      if (!item->done)
        break;

      if (item->reference != NULL && self->entries->len < ATELIER_REFERENCE_TRAY_N_SLOTS)
        {
          Entry *entry = g_new0 (Entry, 1);
          guint position = MIN (batch->position, self->entries->len);

          entry->id = ++self->next_id;
          entry->reference = g_steal_pointer (&item->reference);
          entry->file = g_steal_pointer (&item->file);
          entry->bytes = g_steal_pointer (&item->bytes);
          entry->name = g_strdup (item->name);
          g_ptr_array_insert (self->entries, position, entry);
          batch->position = position + 1;

          /* The cap changed while it was being prepared. */
          if (item->max_pixels != self->max_pixels && differs_at_cap (entry->reference, self->max_pixels))
            prepare_again (self, entry);
        }
      else if (item->reference != NULL)
        {
          g_ptr_array_add (batch->refusals,
                           /* TRANSLATORS: %s is a file name, %u the number of reference slots */
                           g_strdup_printf (_("%s was not added: %u references at most"),
                                            item->name, (guint) ATELIER_REFERENCE_TRAY_N_SLOTS));
        }
      else if (item->refusal != NULL)
        {
          g_ptr_array_add (batch->refusals, g_steal_pointer (&item->refusal));
        }

      batch->next++;
    }

  if (batch->next == batch->items->len)
    {
      g_autoptr(GPtrArray) refusals = g_ptr_array_ref (batch->refusals);

      g_ptr_array_remove (self->batches, batch);
      emit_refused (self, refusals);
    }

  emit_changed (self);
}

/* What an asynchronous step carries: the tray, and which picture of which batch. */
typedef struct
{
  AtelierReferenceTray *tray;
  guint                 batch_id;
  guint                 index;
} ItemTask;

static ItemTask *
item_task_new (AtelierReferenceTray *self,
               Batch                *batch,
               guint                 index)
{
  ItemTask *task = g_new0 (ItemTask, 1);

  task->tray = g_object_ref (self);
  task->batch_id = batch->id;
  task->index = index;
  return task;
}

static void
item_task_free (ItemTask *task)
{
  g_object_unref (task->tray);
  g_free (task);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ItemTask, item_task_free)

static Item *
item_task_get_item (ItemTask  *task,
                    Batch    **out_batch)
{
  Batch *batch = find_batch (task->tray, task->batch_id);

  if (batch == NULL)
    return NULL;
  *out_batch = batch;
  return g_ptr_array_index (batch->items, task->index);
}

static void
resolve_item (ItemTask         *task,
              AtelierReference *reference,
              const GError     *error)
{
  Batch *batch = NULL;
  Item *item = item_task_get_item (task, &batch);

  if (item == NULL || item->done)
    return;

  item->done = TRUE;
  if (reference != NULL)
    item->reference = g_object_ref (reference);
  else if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    item->refusal = g_strdup (error->message);

  batch_advance (task->tray, batch);
}

static void
on_item_prepared (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(ItemTask) task = user_data;
  g_autoptr(AtelierReference) reference = NULL;
  g_autoptr(GError) error = NULL;

  reference = atelier_reference_prepare_finish (result, &error);
  resolve_item (task, reference, error);
}

static void
on_item_fetched (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(ItemTask) task = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  Batch *batch = NULL;
  Item *item;

  bytes = atelier_client_fetch_finish (ATELIER_CLIENT (source), result, &error);
  item = item_task_get_item (task, &batch);
  if (item == NULL)
    return;

  if (bytes == NULL)
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autoptr(GError) named = NULL;

          /* TRANSLATORS: first %s is a file name from a web address, second the reason */
          named = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not download “%s”: %s"),
                               item->name, error->message);
          resolve_item (task, NULL, named);
        }
      else
        {
          resolve_item (task, NULL, error);
        }
      return;
    }

  item->bytes = g_bytes_ref (bytes);
  atelier_reference_prepare_bytes_async (bytes, item->name, item->max_pixels, batch->cancellable,
                                         on_item_prepared, g_steal_pointer (&task));
}

static char *
name_for_uri (const char *uri)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  g_autofree char *basename = NULL;

  if (parsed != NULL)
    basename = g_path_get_basename (g_uri_get_path (parsed));
  if (basename == NULL || *basename == '\0' || g_str_equal (basename, "/") || g_str_equal (basename, "."))
    return g_strdup (uri);

  return g_uri_unescape_string (basename, NULL);
}

static char *
name_for_file (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);
  char *display_name = NULL;

  if (basename != NULL && g_strcmp0 (basename, "/") != 0)
    display_name = g_filename_display_name (basename);
  if (display_name == NULL)
    display_name = g_file_get_parse_name (file);

  return display_name;
}

/* A new batch at `position`; the previous batch's list of refusals goes away. */
static Batch *
batch_new (AtelierReferenceTray *self,
           guint                 position)
{
  Batch *batch = g_new0 (Batch, 1);

  batch->id = ++self->next_id;
  batch->position = position;
  batch->cancellable = g_cancellable_new ();
  batch->items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  batch->refusals = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->batches, batch);

  emit_refused (self, NULL);
  return batch;
}

static Item *
batch_add_item (Batch      *batch,
                const char *name,
                guint64     max_pixels)
{
  Item *item = g_new0 (Item, 1);

  item->name = g_strdup (name);
  item->max_pixels = max_pixels;
  g_ptr_array_add (batch->items, item);
  return item;
}

/* Refused before anything is read (a line of text that is no address): it keeps its place in the
 * batch's order, so its message comes with the others. */
void
_atelier_reference_tray_batch_refuse (AtelierReferenceTray *self,
                                      Batch                *batch,
                                      const char           *name,
                                      const char           *message)
{
  Item *item = batch_add_item (batch, name, self->max_pixels);

  item->done = TRUE;
  item->refusal = g_strdup (message);
}

void
_atelier_reference_tray_batch_add_file (AtelierReferenceTray *self,
                                        Batch                *batch,
                                        GFile                *file)
{
  guint index = batch->items->len;
  Item *item;

  if (g_file_has_uri_scheme (file, "http") || g_file_has_uri_scheme (file, "https"))
    {
      g_autofree char *uri = g_file_get_uri (file);
      g_autofree char *name = name_for_uri (uri);

      item = batch_add_item (batch, name, self->max_pixels);
      if (self->client == NULL)
        {
          item->done = TRUE;
          item->refusal = g_strdup_printf (_("Could not download “%s”"), name);
          return;
        }
      /* Fetched without the API key: the client's policy sends it to BFL only. */
      atelier_client_fetch_async (self->client, uri, batch->cancellable, on_item_fetched,
                                  item_task_new (self, batch, index));
      return;
    }

  {
    g_autofree char *name = name_for_file (file);

    item = batch_add_item (batch, name, self->max_pixels);
    item->file = g_object_ref (file);
    atelier_reference_prepare_file_async (file, self->max_pixels, batch->cancellable,
                                          on_item_prepared, item_task_new (self, batch, index));
  }
}

Batch *
_atelier_reference_tray_batch_new (AtelierReferenceTray *self,
                                   guint                 position)
{
  return batch_new (self, position);
}

/* Once every picture of the batch has been started or refused: a batch of nothing but refusals
 * is answered at once. */
void
_atelier_reference_tray_batch_start (AtelierReferenceTray *self,
                                     Batch                *batch)
{
  batch_advance (self, batch);
}

void
atelier_reference_tray_add_files (AtelierReferenceTray  *self,
                                  GFile                **files,
                                  guint                  n_files,
                                  guint                  position)
{
  Batch *batch;

  g_return_if_fail (ATELIER_IS_REFERENCE_TRAY (self));
  g_return_if_fail (files != NULL || n_files == 0);

  if (n_files == 0)
    return;

  /* Every file is prepared and checked, however many there are: the cap counts only those that
   * turn out to be pictures, so a good file behind broken ones is never left out. */
  batch = batch_new (self, position);
  for (guint i = 0; i < n_files; i++)
    _atelier_reference_tray_batch_add_file (self, batch, files[i]);
  _atelier_reference_tray_batch_start (self, batch);
}

static void
on_texture_prepared (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(ItemTask) task = user_data;
  g_autoptr(AtelierReference) reference = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GError) error = NULL;
  Batch *batch = NULL;
  Item *item = item_task_get_item (task, &batch);

  reference = atelier_texture_reference_prepare_finish (result, &png, &error);
  /* The picture as pasted is kept: another cap prepares it again from it. */
  if (item != NULL && png != NULL && item->bytes == NULL)
    item->bytes = g_bytes_ref (png);
  resolve_item (task, reference, error);
}

void
atelier_reference_tray_add_texture (AtelierReferenceTray *self,
                                    GdkTexture           *texture,
                                    guint                 position)
{
  Batch *batch;

  g_return_if_fail (ATELIER_IS_REFERENCE_TRAY (self));
  g_return_if_fail (GDK_IS_TEXTURE (texture));

  batch = batch_new (self, position);
  batch_add_item (batch, _("Pasted image"), self->max_pixels);
  atelier_texture_reference_prepare_async (texture, self->max_pixels, batch->cancellable,
                                           on_texture_prepared, item_task_new (self, batch, 0));
  _atelier_reference_tray_batch_start (self, batch);
}

/* Preparing a reference already in a slot again (a new cap) */

typedef struct
{
  AtelierReferenceTray *tray;
  guint                 id;
} Pending;

static Pending *
pending_new (AtelierReferenceTray *self,
             Entry                *entry)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->tray = g_object_ref (self);
  pending->id = entry->id;
  return pending;
}

static void
pending_free (Pending *pending)
{
  g_object_unref (pending->tray);
  g_free (pending);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pending, pending_free)

static void
on_prepared_again (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Pending) pending = user_data;
  g_autoptr(AtelierReference) reference = NULL;
  g_autoptr(GError) error = NULL;
  AtelierReferenceTray *self = pending->tray;
  Entry *entry;

  reference = atelier_reference_prepare_finish (result, &error);
  entry = find_entry (self, pending->id, NULL);
  if (entry == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&entry->cancellable);
  if (reference == NULL)
    {
      /* The file is gone or changed: the slot keeps what it had. */
      entry->reference = g_steal_pointer (&entry->previous);
      if (error != NULL)
        _atelier_reference_tray_show_message (self, error->message);
    }
  else
    {
      g_clear_object (&entry->previous);
      entry->reference = g_steal_pointer (&reference);
    }

  emit_changed (self);
}

void
atelier_reference_tray_set_references (AtelierReferenceTray     *self,
                                       AtelierReference * const *refs,
                                       guint                     n_refs)
{
  g_return_if_fail (ATELIER_IS_REFERENCE_TRAY (self));

  g_ptr_array_set_size (self->entries, 0);
  for (guint i = 0; i < MIN (n_refs, ATELIER_REFERENCE_TRAY_N_SLOTS); i++)
    {
      Entry *entry = g_new0 (Entry, 1);

      entry->id = ++self->next_id;
      entry->reference = g_object_ref (refs[i]);
      g_ptr_array_add (self->entries, entry);
    }

  emit_changed (self);
}

GPtrArray *
atelier_reference_tray_dup_references (AtelierReferenceTray *self)
{
  GPtrArray *refs = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (ATELIER_IS_REFERENCE_TRAY (self), refs);

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (entry->reference != NULL)
        g_ptr_array_add (refs, g_object_ref (entry->reference));
    }

  return refs;
}

guint
atelier_reference_tray_get_n_filled (AtelierReferenceTray *self)
{
  g_return_val_if_fail (ATELIER_IS_REFERENCE_TRAY (self), 0);
  return self->entries->len;
}

gboolean
atelier_reference_tray_is_loading (AtelierReferenceTray *self)
{
  g_return_val_if_fail (ATELIER_IS_REFERENCE_TRAY (self), FALSE);

  if (self->batches->len > 0)
    return TRUE;

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (entry->reference == NULL)
        return TRUE;
    }

  return FALSE;
}

void
atelier_reference_tray_remove (AtelierReferenceTray *self,
                               guint                 index)
{
  g_return_if_fail (ATELIER_IS_REFERENCE_TRAY (self));

  if (index >= self->entries->len)
    return;

  g_ptr_array_remove_index (self->entries, index);
  emit_changed (self);
}

void
atelier_reference_tray_move (AtelierReferenceTray *self,
                             guint                 from,
                             guint                 to)
{
  gpointer entry;

  g_return_if_fail (ATELIER_IS_REFERENCE_TRAY (self));

  if (from >= self->entries->len || from == to)
    return;

  to = MIN (to, self->entries->len - 1);
  entry = g_ptr_array_steal_index (self->entries, from);
  g_ptr_array_insert (self->entries, to, entry);
  emit_changed (self);
}

GtkWidget *
atelier_reference_tray_get_slot (AtelierReferenceTray *self,
                                 guint                 index)
{
  g_return_val_if_fail (ATELIER_IS_REFERENCE_TRAY (self), NULL);
  g_return_val_if_fail (index < ATELIER_REFERENCE_TRAY_N_SLOTS, NULL);

  return self->slots[index];
}

void
atelier_reference_tray_set_client (AtelierReferenceTray *self,
                                   AtelierClient        *client)
{
  g_return_if_fail (ATELIER_IS_REFERENCE_TRAY (self));
  g_set_object (&self->client, client);
}

/* Whether preparing `reference` again at `max_pixels` could give something else. */
static gboolean
differs_at_cap (AtelierReference *reference,
                guint64           max_pixels)
{
  guint64 source = (guint64) atelier_reference_get_source_width (reference) *
                   atelier_reference_get_source_height (reference);
  gboolean at_source_size = atelier_reference_get_width (reference) == atelier_reference_get_source_width (reference) &&
                            atelier_reference_get_height (reference) == atelier_reference_get_source_height (reference);

  return !at_source_size || (max_pixels != 0 && source > max_pixels);
}

static void
prepare_again (AtelierReferenceTray *self,
               Entry                *entry)
{
  const char *name = entry->name;

  if (entry->reference != NULL)
    {
      g_clear_object (&entry->previous);
      entry->previous = g_steal_pointer (&entry->reference);
    }
  if (name == NULL && entry->previous != NULL)
    name = atelier_reference_get_name (entry->previous);

  if (entry->cancellable != NULL)
    g_cancellable_cancel (entry->cancellable);
  g_clear_object (&entry->cancellable);
  entry->cancellable = g_cancellable_new ();

  if (entry->file != NULL)
    atelier_reference_prepare_file_async (entry->file, self->max_pixels, entry->cancellable,
                                          on_prepared_again, pending_new (self, entry));
  else
    /* Without the original (Reuse settings), what was sent is the best source there is. */
    atelier_reference_prepare_bytes_async (entry->bytes != NULL ? entry->bytes : atelier_reference_get_bytes (entry->previous),
                                           name, self->max_pixels, entry->cancellable,
                                           on_prepared_again, pending_new (self, entry));
}

void
atelier_reference_tray_set_max_pixels (AtelierReferenceTray *self,
                                       guint64               max_pixels)
{
  gboolean changed = FALSE;

  g_return_if_fail (ATELIER_IS_REFERENCE_TRAY (self));

  if (self->max_pixels == max_pixels)
    return;
  self->max_pixels = max_pixels;

  /* What is sent and what it costs follow the preference: the references already in the slots
   * are prepared again from their source, each slot with its spinner meanwhile. */
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      /* (Pictures still in a batch take the new cap when they are accepted.) */
      if (entry->reference != NULL && !differs_at_cap (entry->reference, max_pixels))
        continue;

      prepare_again (self, entry);
      changed = TRUE;
    }

  if (changed)
    emit_changed (self);
}

void
atelier_reference_tray_replace (AtelierReferenceTray *self,
                                guint                 index,
                                AtelierReference     *reference)
{
  Entry *entry;

  g_return_if_fail (ATELIER_IS_REFERENCE_TRAY (self));
  g_return_if_fail (reference == NULL || ATELIER_IS_REFERENCE (reference));

  if (reference == NULL)
    {
      atelier_reference_tray_remove (self, index);
      return;
    }

  if (index >= self->entries->len)
    {
      if (self->entries->len >= ATELIER_REFERENCE_TRAY_N_SLOTS)
        return;
      entry = g_new0 (Entry, 1);
      entry->id = ++self->next_id;
      g_ptr_array_add (self->entries, entry);
    }
  else
    {
      /* A new picture: nothing of the old one (its file, a preparation under way) is kept. */
      Entry *old = g_ptr_array_index (self->entries, index);

      entry = g_new0 (Entry, 1);
      entry->id = ++self->next_id;
      g_ptr_array_index (self->entries, index) = entry;
      entry_free (old);
    }

  entry->reference = g_object_ref (reference);
  emit_changed (self);
}

void
atelier_reference_tray_set_limit (AtelierReferenceTray *self,
                                  guint                 n_sent,
                                  const char           *reason,
                                  gboolean              source_mode)
{
  g_return_if_fail (ATELIER_IS_REFERENCE_TRAY (self));

  self->n_sent = MIN (n_sent, ATELIER_REFERENCE_TRAY_N_SLOTS);
  self->source_mode = source_mode;
  gtk_label_set_label (self->reason_label, reason != NULL ? reason : "");
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label), reason != NULL && *reason != '\0');

  if (self->n_sent == 0 && !source_mode)
    gtk_widget_add_css_class (GTK_WIDGET (self->grid), "unavailable");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->grid), "unavailable");

  atelier_reference_tray_sync (self);
}

static void
on_slot_remove_requested (AtelierReferenceSlot *slot,
                          AtelierReferenceTray *self)
{
  guint index = atelier_reference_slot_get_index (slot);

  atelier_reference_tray_remove (self, index);
  /* Keep the keyboard where it was: on the slot that now holds the next reference, or this one. */
  gtk_widget_grab_focus (GTK_WIDGET (slot));
}

static void
atelier_reference_tray_dispose (GObject *object)
{
  AtelierReferenceTray *self = ATELIER_REFERENCE_TRAY (object);

  g_clear_pointer (&self->batches, g_ptr_array_unref);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (atelier_reference_tray_parent_class)->dispose (object);
}

static void
atelier_reference_tray_class_init (AtelierReferenceTrayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = atelier_reference_tray_dispose;

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[REFUSED] =
    g_signal_new ("refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRV);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "referencetray");
}

static void
atelier_reference_tray_init (AtelierReferenceTray *self)
{
  GtkWidget *header;

  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  self->batches = g_ptr_array_new_with_free_func ((GDestroyNotify) batch_free);
  self->n_sent = ATELIER_REFERENCE_TRAY_N_SLOTS;
  self->max_pixels = ATELIER_REFERENCE_DEFAULT_CAP;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  self->title_label = GTK_LABEL (gtk_label_new (_("References")));
  gtk_label_set_xalign (self->title_label, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->title_label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "heading");
  self->count_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->count_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->count_label), "numeric");
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->title_label));
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->count_label));
  gtk_box_append (GTK_BOX (self->box), header);

  self->grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_column_homogeneous (self->grid, TRUE);
  gtk_grid_set_row_spacing (self->grid, 6);
  gtk_grid_set_column_spacing (self->grid, 6);
  gtk_widget_add_css_class (GTK_WIDGET (self->grid), "reference-grid");
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->grid));

  for (guint i = 0; i < ATELIER_REFERENCE_TRAY_N_SLOTS; i++)
    {
      self->slots[i] = atelier_reference_slot_new (i);
      gtk_widget_set_hexpand (self->slots[i], TRUE);
      gtk_grid_attach (self->grid, self->slots[i], i % 4, i / 4, 1, 1);
      g_signal_connect_object (self->slots[i], "remove-requested", G_CALLBACK (on_slot_remove_requested), self, 0);
      _atelier_reference_tray_attach_slot_input (self, ATELIER_REFERENCE_SLOT (self->slots[i]));
    }

  self->reason_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->reason_label, 0);
  gtk_label_set_wrap (self->reason_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->reason_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->reason_label), "caption");
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label), FALSE);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->reason_label));

  _atelier_reference_tray_attach_input (self);

  atelier_reference_tray_sync (self);
}
