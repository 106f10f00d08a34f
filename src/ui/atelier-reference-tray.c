/* atelier-reference-tray.c
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-reference-tray-private.h"


G_DEFINE_FINAL_TYPE (AtelierReferenceTray, atelier_reference_tray, GTK_TYPE_WIDGET)

enum
{
  CHANGED,
  MESSAGE,
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
atelier_reference_tray_show_message (AtelierReferenceTray *self,
              const char           *message)
{
  g_signal_emit (self, signals[MESSAGE], 0, message);
}

static void
atelier_reference_tray_sync (AtelierReferenceTray *self)
{
  guint n_filled = self->entries->len;
  g_autofree char *count = NULL;

  for (guint i = 0; i < ATELIER_REFERENCE_TRAY_N_SLOTS; i++)
    {
      AtelierReferenceSlot *slot = ATELIER_REFERENCE_SLOT (self->slots[i]);
      Entry *entry = i < n_filled ? g_ptr_array_index (self->entries, i) : NULL;
      AtelierSlotUse use;

      if (self->source_mode && i == 0)
        use = ATELIER_SLOT_USE_SOURCE;
      else if (i < self->n_sent)
        use = ATELIER_SLOT_USE_SENT;
      else
        use = ATELIER_SLOT_USE_NOT_SENT;

      atelier_reference_slot_set_reference (slot,
                                            entry != NULL ? entry->reference : NULL,
                                            entry != NULL && entry->reference == NULL);
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

/* Inserts `n` loading entries at `position`, as many as fit; returns how many did. */
static guint
insert_loading (AtelierReferenceTray *self,
                guint                 n,
                guint                *position,
                Entry               **out_entries)
{
  guint free_slots = ATELIER_REFERENCE_TRAY_N_SLOTS - self->entries->len;
  guint n_taken = MIN (n, free_slots);

  *position = MIN (*position, self->entries->len);

  for (guint i = 0; i < n_taken; i++)
    {
      Entry *entry = g_new0 (Entry, 1);

      entry->id = ++self->next_id;
      entry->cancellable = g_cancellable_new ();
      g_ptr_array_insert (self->entries, *position + i, entry);
      out_entries[i] = entry;
    }

  if (n_taken < n)
    {
      guint n_left = n - n_taken;
      g_autofree char *message = NULL;

      message = g_strdup_printf (ngettext ("%u references at most: %u file was not added",
                                           "%u references at most: %u files were not added",
                                           n_left),
                                 (guint) ATELIER_REFERENCE_TRAY_N_SLOTS, n_left);
      atelier_reference_tray_show_message (self, message);
    }

  return n_taken;
}

typedef struct
{
  AtelierReferenceTray *tray;
  guint                 id;
  char                 *name;
} Pending;

static Pending *
pending_new (AtelierReferenceTray *self,
             Entry                *entry,
             const char           *name)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->tray = g_object_ref (self);
  pending->id = entry->id;
  pending->name = g_strdup (name);
  return pending;
}

static void
pending_free (Pending *pending)
{
  g_object_unref (pending->tray);
  g_free (pending->name);
  g_free (pending);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pending, pending_free)

/* A failed or cancelled entry goes away: the other slots stay as they were. */
static void
finish_entry (Pending          *pending,
              AtelierReference *reference,
              const GError     *error)
{
  AtelierReferenceTray *self = pending->tray;
  Entry *entry;
  guint index;

  entry = find_entry (self, pending->id, &index);
  if (entry == NULL)
    return;

  g_clear_object (&entry->cancellable);

  if (reference == NULL && entry->previous != NULL)
    {
      /* Preparing again at a new cap failed (the file is gone…): keep what the slot had. */
      entry->reference = g_steal_pointer (&entry->previous);
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        atelier_reference_tray_show_message (self, error->message);
    }
  else if (reference == NULL)
    {
      g_ptr_array_remove_index (self->entries, index);
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        atelier_reference_tray_show_message (self, error->message);
    }
  else
    {
      g_clear_object (&entry->previous);
      entry->reference = g_object_ref (reference);
    }

  emit_changed (self);
}

static void
on_prepared (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Pending) pending = user_data;
  g_autoptr(AtelierReference) reference = NULL;
  g_autoptr(GError) error = NULL;

  reference = atelier_reference_prepare_finish (result, &error);
  finish_entry (pending, reference, error);
}

static void
on_url_fetched (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Pending) pending = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  Entry *entry;

  bytes = atelier_client_fetch_finish (ATELIER_CLIENT (source), result, &error);
  if (bytes == NULL)
    {
      g_autofree char *message = NULL;

      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* TRANSLATORS: first %s is a file name from a web address, second the reason */
          message = g_strdup_printf (_("Could not download “%s”: %s"), pending->name, error->message);
          g_clear_error (&error);
          g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_FAILED, message);
        }
      finish_entry (pending, NULL, error);
      return;
    }

  entry = find_entry (pending->tray, pending->id, NULL);
  if (entry == NULL)
    return;

  g_clear_pointer (&entry->bytes, g_bytes_unref);
  entry->bytes = g_bytes_ref (bytes);
  atelier_reference_prepare_bytes_async (bytes, pending->name, pending->tray->max_pixels,
                                         entry->cancellable, on_prepared,
                                         g_steal_pointer (&pending));
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

static void
start_fetch (AtelierReferenceTray *self,
             Entry                *entry,
             const char           *uri)
{
  g_autofree char *name = name_for_uri (uri);

  g_free (entry->name);
  entry->name = g_strdup (name);
  if (self->client == NULL)
    {
      g_autoptr(GError) error = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                             _("Could not download “%s”"), name);
      Pending *pending = pending_new (self, entry, name);

      finish_entry (pending, NULL, error);
      pending_free (pending);
      return;
    }

  atelier_client_fetch_async (self->client, uri, entry->cancellable, on_url_fetched,
                              pending_new (self, entry, name));
}

void
atelier_reference_tray_add_files (AtelierReferenceTray  *self,
                                  GFile                **files,
                                  guint                  n_files,
                                  guint                  position)
{
  g_autofree Entry **entries = NULL;
  guint n_taken;

  g_return_if_fail (ATELIER_IS_REFERENCE_TRAY (self));
  g_return_if_fail (files != NULL || n_files == 0);

  if (n_files == 0)
    return;

  entries = g_new0 (Entry *, n_files);
  n_taken = insert_loading (self, n_files, &position, entries);

  for (guint i = 0; i < n_taken; i++)
    {
      GFile *file = files[i];

      if (g_file_has_uri_scheme (file, "http") || g_file_has_uri_scheme (file, "https"))
        {
          g_autofree char *uri = g_file_get_uri (file);

          start_fetch (self, entries[i], uri);
        }
      else
        {
          g_autofree char *name = g_file_get_basename (file);

          entries[i]->file = g_object_ref (file);
          entries[i]->name = g_strdup (name);
          atelier_reference_prepare_file_async (file, self->max_pixels, entries[i]->cancellable,
                                                on_prepared, pending_new (self, entries[i], name));
        }
    }

  if (n_taken > 0)
    emit_changed (self);
}

typedef struct
{
  GdkTexture *texture;
  guint64     max_pixels;
  GBytes     *png;         /* the picture as pasted, kept for another cap */
} TextureJob;

static void
texture_job_free (TextureJob *job)
{
  g_object_unref (job->texture);
  g_clear_pointer (&job->png, g_bytes_unref);
  g_free (job);
}

/* Encoding a pasted picture costs more than a frame: a worker thread does it. */
static void
prepare_texture_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  TextureJob *job = task_data;
  g_autoptr(GBytes) png = gdk_texture_save_to_png_bytes (job->texture);
  g_autoptr(GError) error = NULL;
  AtelierReference *reference;

  reference = atelier_reference_prepare_bytes (png, _("Pasted image"), job->max_pixels, cancellable, &error);
  job->png = g_bytes_ref (png);
  if (reference == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, reference, g_object_unref);
}

static void
on_texture_prepared (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(Pending) pending = user_data;
  g_autoptr(AtelierReference) reference = NULL;
  g_autoptr(GError) error = NULL;
  TextureJob *job = g_task_get_task_data (G_TASK (result));
  Entry *entry = find_entry (pending->tray, pending->id, NULL);

  reference = g_task_propagate_pointer (G_TASK (result), &error);
  if (entry != NULL && job->png != NULL && entry->bytes == NULL)
    {
      entry->bytes = g_bytes_ref (job->png);
      entry->name = g_strdup (pending->name);
    }
  finish_entry (pending, reference, error);
}

void
atelier_reference_tray_add_texture (AtelierReferenceTray *self,
                                    GdkTexture           *texture,
                                    guint                 position)
{
  g_autoptr(GTask) task = NULL;
  TextureJob *job;
  Entry *entry = NULL;

  g_return_if_fail (ATELIER_IS_REFERENCE_TRAY (self));
  g_return_if_fail (GDK_IS_TEXTURE (texture));

  if (insert_loading (self, 1, &position, &entry) == 0)
    return;

  job = g_new0 (TextureJob, 1);
  job->texture = g_object_ref (texture);
  job->max_pixels = self->max_pixels;

  task = g_task_new (NULL, entry->cancellable, on_texture_prepared,
                     pending_new (self, entry, _("Pasted image")));
  g_task_set_source_tag (task, atelier_reference_tray_add_texture);
  g_task_set_task_data (task, job, (GDestroyNotify) texture_job_free);
  g_task_run_in_thread (task, prepare_texture_thread);

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
                                          on_prepared, pending_new (self, entry, name));
  else
    /* Without the original (Reuse settings), what was sent is the best source there is. */
    atelier_reference_prepare_bytes_async (entry->bytes != NULL ? entry->bytes : atelier_reference_get_bytes (entry->previous),
                                           name, self->max_pixels, entry->cancellable,
                                           on_prepared, pending_new (self, entry, name));
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
      AtelierReference *current = entry->reference != NULL ? entry->reference : entry->previous;

      if (current == NULL)
        {
          /* Still on its first preparation: a local file starts over at the new cap; a download
           * or a paste takes the cap when it gets there or is left as it comes. */
          if (entry->file != NULL)
            {
              prepare_again (self, entry);
              changed = TRUE;
            }
          continue;
        }
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

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "referencetray");
}

static void
atelier_reference_tray_init (AtelierReferenceTray *self)
{
  GtkWidget *header;

  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
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
      atelier_reference_tray_attach_slot_input (self, ATELIER_REFERENCE_SLOT (self->slots[i]));
    }

  self->reason_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->reason_label, 0);
  gtk_label_set_wrap (self->reason_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->reason_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->reason_label), "caption");
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label), FALSE);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->reason_label));

  atelier_reference_tray_attach_input (self);

  atelier_reference_tray_sync (self);
}

GtkWidget *
atelier_reference_tray_new (void)
{
  return g_object_new (ATELIER_TYPE_REFERENCE_TRAY, NULL);
}
