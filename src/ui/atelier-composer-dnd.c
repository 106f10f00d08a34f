/* atelier-composer-dnd.c — what comes into the composer: drops on the prompt, paste, files opened
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-composer-private.h"
#include "atelier-image-metadata.h"
#include "atelier-window.h"

/* Images dropped on the prompt box: settings to restore, or references */

typedef struct
{
  AtelierComposer *composer;
  GPtrArray       *files;      /* GFile, in the order dropped */
  guint            next;
  GPtrArray       *plain;      /* GFile: no settings, they go to the slots */
  AtelierRecipe   *recipe;     /* the first settings found */
} PromptDrop;

static void
prompt_drop_free (PromptDrop *drop)
{
  g_object_unref (drop->composer);
  g_ptr_array_unref (drop->files);
  g_ptr_array_unref (drop->plain);
  g_clear_object (&drop->recipe);
  g_free (drop);
}

static void
on_restore_clicked (AdwToast        *toast,
                    AtelierComposer *self)
{
  AtelierRecipe *offered = g_object_get_data (G_OBJECT (toast), "atelier-recipe");
  g_autoptr(AtelierRecipe) recipe = NULL;
  g_autoptr(GPtrArray) refs = NULL;

  if (offered == NULL)
    return;

  /* The image names no references: the ones in the slots stay where they are. */
  recipe = atelier_recipe_copy (offered);
  refs = atelier_reference_tray_dup_references (self->tray);
  atelier_recipe_set_references (recipe, (AtelierReference * const *) refs->pdata, refs->len);
  atelier_composer_apply_recipe (self, recipe);
}

static void
offer_restore (AtelierComposer *self,
               AtelierRecipe   *recipe)
{
  g_autoptr(AdwToast) toast = adw_toast_new (_("This image carries its generation settings"));

  adw_toast_set_button_label (toast, _("_Restore"));
  adw_toast_set_timeout (toast, 10);
  g_object_set_data_full (G_OBJECT (toast), "atelier-recipe", g_object_ref (recipe), g_object_unref);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_restore_clicked), self, 0);
  atelier_window_show_toast (GTK_WIDGET (self), g_object_ref (toast));
}

static void read_next_prompt_file (PromptDrop *drop);

static void
on_prompt_file_read (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  PromptDrop *drop = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *settings = NULL;
  GFile *file = g_ptr_array_index (drop->files, drop->next);

  settings = atelier_image_metadata_read_file_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      prompt_drop_free (drop);
      return;
    }

  /* No settings, or not an image at all: the slots take it and say what is wrong with it. */
  if (settings != NULL && drop->recipe == NULL)
    drop->recipe = atelier_image_metadata_settings_to_recipe (settings, NULL);
  if (settings == NULL || drop->recipe == NULL)
    g_ptr_array_add (drop->plain, g_object_ref (file));

  drop->next++;
  read_next_prompt_file (drop);
}

/* One after the other, so the references keep the order they were dropped in. */
static void
read_next_prompt_file (PromptDrop *drop)
{
  AtelierComposer *self = drop->composer;

  if (drop->next < drop->files->len)
    {
      atelier_image_metadata_read_file_async (g_ptr_array_index (drop->files, drop->next),
                                              self->cancellable, on_prompt_file_read, drop);
      return;
    }

  if (drop->plain->len > 0)
    atelier_reference_tray_add_files (self->tray, (GFile **) drop->plain->pdata, drop->plain->len,
                                      ATELIER_REFERENCE_TRAY_APPEND);
  if (drop->recipe != NULL)
    offer_restore (self, drop->recipe);
  prompt_drop_free (drop);
}

void
_atelier_composer_drop_on_prompt (AtelierComposer  *self,
                                  GFile           **files,
                                  guint             n_files)
{
  PromptDrop *drop;

  g_return_if_fail (ATELIER_IS_COMPOSER (self));

  if (n_files == 0)
    return;

  drop = g_new0 (PromptDrop, 1);
  drop->composer = g_object_ref (self);
  drop->files = g_ptr_array_new_with_free_func (g_object_unref);
  drop->plain = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n_files; i++)
    g_ptr_array_add (drop->files, g_object_ref (files[i]));
  read_next_prompt_file (drop);
}

static gboolean
on_prompt_drop (GtkDropTarget   *target,
                const GValue    *value,
                double           x,
                double           y,
                AtelierComposer *self)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new ();

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    for (GSList *l = g_value_get_boxed (value); l != NULL; l = l->next)
      g_ptr_array_add (files, l->data);
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    g_ptr_array_add (files, g_value_get_object (value));

  if (files->len == 0)
    return FALSE;

  _atelier_composer_drop_on_prompt (self, (GFile **) files->pdata, files->len);
  return TRUE;
}

/* Files dropped on the prompt: caught before the text view would insert their names as text. */
void
_atelier_composer_init_dnd (AtelierComposer *self)
{
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };
  GtkDropTarget *target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);

  gtk_drop_target_set_gtypes (target, types, G_N_ELEMENTS (types));
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (target), GTK_PHASE_CAPTURE);
  g_signal_connect_object (target, "drop", G_CALLBACK (on_prompt_drop), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->prompt_view), GTK_EVENT_CONTROLLER (target));
}

/* Paste */

static void
on_prompt_paste_clipboard (AtelierComposer *self,
                           GtkTextView     *view)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (view));

  /* Pictures and files pasted into the prompt become references; text stays text. */
  if (atelier_reference_tray_can_paste (clipboard))
    {
      g_signal_stop_emission_by_name (view, "paste-clipboard");
      atelier_reference_tray_paste_clipboard (self->tray, clipboard);
    }
}

static void
atelier_composer_paste_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  AtelierComposer *self = ATELIER_COMPOSER (widget);

  atelier_reference_tray_paste_clipboard (self->tray, gtk_widget_get_clipboard (widget));
}

/* Files opened from outside, or dropped on the tray */

void
atelier_composer_add_files (AtelierComposer  *self,
                            GFile           **files,
                            guint             n_files)
{
  g_return_if_fail (ATELIER_IS_COMPOSER (self));

  atelier_reference_tray_add_files (self->tray, files, n_files, ATELIER_REFERENCE_TRAY_APPEND);
}

void
_atelier_composer_drop_files (AtelierComposer  *self,
                              GFile           **files,
                              guint             n_files,
                              guint             slot)
{
  g_return_if_fail (ATELIER_IS_COMPOSER (self));
  atelier_reference_tray_add_files (self->tray, files, n_files, slot);
}

void
_atelier_composer_class_init_dnd (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_prompt_paste_clipboard);

  gtk_widget_class_install_action (widget_class, "composer.paste", NULL, atelier_composer_paste_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK, "composer.paste", NULL);
}
