/* atelier-composer-models.c — the model picker: its rows, what a chosen model changes
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-catalog.h"
#include "atelier-composer-private.h"

/* The chosen model */

static void
update_placeholder (AtelierComposer *self)
{
  const char *text;

  switch (atelier_model_get_ref_mode (self->model))
    {
    case ATELIER_REF_MODE_INPUT_IMAGES:
      text = _("Describe the image you want. Refer to references as “image 1”, “image 2”…");
      break;
    case ATELIER_REF_MODE_IMAGE_MASK:
      text = _("Describe what to paint where the mask is white");
      break;
    case ATELIER_REF_MODE_IMAGE:
      text = _("Describe what lies beyond the edges (optional)");
      break;
    case ATELIER_REF_MODE_IMAGE_PROMPT:
    case ATELIER_REF_MODE_NONE:
    default:
      text = _("Describe the image you want");
      break;
    }

  gtk_label_set_label (self->prompt_placeholder, text);
}

static void
set_model (AtelierComposer *self,
           AtelierModel    *model)
{
  if (!g_set_object (&self->model, model))
    return;

  if (model != NULL)
    {
      atelier_recipe_set_model_id (self->recipe, atelier_model_get_id (model));
      if (self->settings != NULL && !self->updating)
        g_settings_set_string (self->settings, "model", atelier_model_get_id (model));
      _atelier_composer_rebuild_size (self);
      _atelier_composer_rebuild_params (self);
      _atelier_composer_rebuild_expand (self);
      _atelier_composer_sync_latest_weights (self);
      update_placeholder (self);
    }

  _atelier_composer_update_state (self);
}

void
_atelier_composer_sync_model (AtelierComposer *self)
{
  set_model (self, gtk_drop_down_get_selected_item (self->model_dropdown));
}

guint
_atelier_composer_find_model (AtelierComposer *self,
                              const char      *model_id)
{
  if (self->models == NULL || model_id == NULL)
    return GTK_INVALID_LIST_POSITION;

  for (guint i = 0; i < g_list_model_get_n_items (self->models); i++)
    {
      g_autoptr(AtelierModel) model = g_list_model_get_item (self->models, i);

      if (g_strcmp0 (atelier_model_get_id (model), model_id) == 0)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

/* Model dropdown rows: the family as a header where it changes, the name, and a dim subtitle. */

static gboolean
selected_to_opacity (GBinding     *binding,
                     const GValue *from,
                     GValue       *to,
                     gpointer      user_data)
{
  g_value_set_double (to, g_value_get_boolean (from) ? 1.0 : 0.0);
  return TRUE;
}

static void
setup_model_row (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *header = gtk_label_new (NULL);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "model-family");
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_wrap (GTK_LABEL (subtitle), TRUE);
  gtk_label_set_width_chars (GTK_LABEL (subtitle), 34);
  gtk_label_set_max_width_chars (GTK_LABEL (subtitle), 40);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);

  gtk_box_append (GTK_BOX (texts), name);
  gtk_box_append (GTK_BOX (texts), subtitle);
  gtk_box_append (GTK_BOX (line), texts);
  gtk_box_append (GTK_BOX (line), check);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), line);

  g_object_bind_property_full (item, "selected", check, "opacity", G_BINDING_SYNC_CREATE,
                               selected_to_opacity, NULL, NULL, NULL);
  gtk_list_item_set_child (item, box);
}

static void
bind_model_row (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                AtelierComposer          *self)
{
  AtelierModel *model = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *header = gtk_widget_get_first_child (box);
  GtkWidget *line = gtk_widget_get_next_sibling (header);
  GtkWidget *texts = gtk_widget_get_first_child (line);
  GtkWidget *name = gtk_widget_get_first_child (texts);
  GtkWidget *subtitle = gtk_widget_get_next_sibling (name);
  guint position = gtk_list_item_get_position (item);
  g_autoptr(AtelierModel) previous = NULL;
  g_autofree char *price = atelier_model_dup_price_summary (model);
  g_autofree char *details = NULL;
  const char *best_for = atelier_model_get_best_for (model);

  if (position > 0 && position != GTK_INVALID_LIST_POSITION)
    previous = g_list_model_get_item (self->models, position - 1);

  gtk_label_set_label (GTK_LABEL (header), atelier_model_get_family_name (model));
  gtk_widget_set_visible (header, previous == NULL ||
                          atelier_model_get_family (previous) != atelier_model_get_family (model));
  gtk_label_set_label (GTK_LABEL (name), atelier_model_get_name (model));

  if (best_for != NULL && *best_for != '\0')
    details = g_strdup_printf ("%s · %s", best_for, price);
  else
    details = g_strdup (price);
  gtk_label_set_label (GTK_LABEL (subtitle), details);
}

static void
setup_model_button (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bind_model_button (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  AtelierModel *model = gtk_list_item_get_item (item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), atelier_model_get_name (model));
}

static gboolean
filter_hosted (gpointer item,
               gpointer user_data)
{
  return atelier_model_is_hosted (ATELIER_MODEL (item));
}

void
_atelier_composer_init_models (AtelierComposer *self)
{
  g_autoptr(GtkListItemFactory) row_factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkListItemFactory) button_factory = gtk_signal_list_item_factory_new ();
  GtkCustomFilter *filter;

  g_signal_connect (button_factory, "setup", G_CALLBACK (setup_model_button), NULL);
  g_signal_connect (button_factory, "bind", G_CALLBACK (bind_model_button), NULL);
  g_signal_connect (row_factory, "setup", G_CALLBACK (setup_model_row), NULL);
  g_signal_connect (row_factory, "bind", G_CALLBACK (bind_model_row), self);
  gtk_drop_down_set_factory (self->model_dropdown, button_factory);
  gtk_drop_down_set_list_factory (self->model_dropdown, row_factory);

  filter = gtk_custom_filter_new (filter_hosted, NULL, NULL);
  self->models = G_LIST_MODEL (gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (atelier_catalog_get_default ())),
                                                          GTK_FILTER (filter)));
  gtk_drop_down_set_model (self->model_dropdown, self->models);

  g_signal_connect_object (self->model_dropdown, "notify::selected",
                           G_CALLBACK (_atelier_composer_sync_model), self, G_CONNECT_SWAPPED);
}

gboolean
_atelier_composer_select_model (AtelierComposer *self,
                                const char      *model_id)
{
  guint position;

  g_return_val_if_fail (ATELIER_IS_COMPOSER (self), FALSE);

  position = _atelier_composer_find_model (self, model_id);
  if (position == GTK_INVALID_LIST_POSITION)
    return FALSE;

  gtk_drop_down_set_selected (self->model_dropdown, position);
  return TRUE;
}

