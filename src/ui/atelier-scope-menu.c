/* atelier-scope-menu.c — the button beside the search that picks which pictures the gallery shows
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-collection-dialog.h"
#include "atelier-scope-menu.h"
#include "atelier-window.h"

struct _AtelierScopeMenu
{
  GtkWidget           parent_instance;

  AtelierLibrary     *library;
  AtelierCollections *collections;
  char               *scope;        /* the string form, the action's state */
  AtelierScope        parsed;
  char               *label;
  GMenu              *menu;
  AdwSqueezer        *squeezer;     /* the button with its label, or only an icon when narrow */
  GtkMenuButton      *button;
  GtkMenuButton      *compact_button;
};

G_DEFINE_FINAL_TYPE (AtelierScopeMenu, atelier_scope_menu, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SCOPE,
  PROP_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
collection_name (AtelierScopeMenu *self)
{
  if (self->parsed.kind != ATELIER_SCOPE_COLLECTION || self->collections == NULL)
    return NULL;
  return atelier_collections_lookup_name (self->collections, self->parsed.id);
}

static void
update_label (AtelierScopeMenu *self)
{
  g_autofree char *accessible = NULL;
  const char *label;

  switch (self->parsed.kind)
    {
    case ATELIER_SCOPE_FAVOURITES:
      label = _("Favourites");
      break;
    case ATELIER_SCOPE_COLLECTION:
      label = collection_name (self) ? collection_name (self) : _("Collection");
      break;
    case ATELIER_SCOPE_SET:
      label = _("Variation Set");
      break;
    case ATELIER_SCOPE_ALL:
    default:
      label = _("All Images");
      break;
    }
  gtk_menu_button_set_label (self->button, label);
  /* "Show: Favourites" — what the button is for, then what it is set to. */
  accessible = g_strdup_printf (_("Show: %s"), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->compact_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->compact_button), accessible);
  if (g_strcmp0 (self->label, label) != 0)
    {
      g_free (self->label);
      self->label = g_strdup (label);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
    }
}

static void
rebuild_menu (AtelierScopeMenu *self)
{
  g_autoptr(GMenu) shown = g_menu_new ();
  g_autoptr(GMenu) collections = g_menu_new ();
  g_autoptr(GMenu) manage = g_menu_new ();
  guint n = self->collections ? atelier_collections_get_n_items (self->collections) : 0;
  const char *current = collection_name (self);

  g_menu_remove_all (self->menu);

  g_menu_append (shown, _("All Images"), "scope.show::all");
  g_menu_append (shown, _("Favourites"), "scope.show::favourites");
  if (self->parsed.kind == ATELIER_SCOPE_SET)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_("Variation Set"), NULL);

      g_menu_item_set_action_and_target (item, "scope.show", "s", self->scope);
      g_menu_append_item (shown, item);
    }
  g_menu_append_section (self->menu, NULL, G_MENU_MODEL (shown));

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *target = g_strconcat ("collection:", atelier_collections_get_id (self->collections, i), NULL);
      g_autoptr(GMenuItem) item = g_menu_item_new (atelier_collections_get_name (self->collections, i), NULL);

      g_menu_item_set_action_and_target (item, "scope.show", "s", target);
      g_menu_append_item (collections, item);
    }
  g_menu_append (collections, _("New Collection…"), "scope.new-collection");
  g_menu_append_section (self->menu, n > 0 ? _("Collections") : NULL, G_MENU_MODEL (collections));

  if (current != NULL)
    {
      g_autofree char *rename = g_strdup_printf (_("Rename “%s”…"), current);
      g_autofree char *delete = g_strdup_printf (_("Delete “%s”"), current);

      g_menu_append (manage, rename, "scope.rename-collection");
      g_menu_append (manage, delete, "scope.delete-collection");
      g_menu_append_section (self->menu, NULL, G_MENU_MODEL (manage));
    }
}

static void
update (AtelierScopeMenu *self)
{
  gboolean in_collection = collection_name (self) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "scope.new-collection", self->collections != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "scope.rename-collection", in_collection);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "scope.delete-collection", in_collection);
  update_label (self);
  rebuild_menu (self);
}

static void
on_collections_changed (AtelierScopeMenu *self)
{
  /* The collection shown was deleted: back to everything rather than to an empty grid. */
  if (self->parsed.kind == ATELIER_SCOPE_COLLECTION && collection_name (self) == NULL)
    atelier_scope_menu_set_scope (self, "all");
  else
    update (self);
}

/* Actions */

static void
on_collection_made (const char *collection_id,
                    gpointer    user_data)
{
  g_autofree char *scope = g_strconcat ("collection:", collection_id, NULL);

  atelier_scope_menu_set_scope (ATELIER_SCOPE_MENU (user_data), scope);
}

static void
new_collection_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  AtelierScopeMenu *self = ATELIER_SCOPE_MENU (widget);

  if (self->collections != NULL)
    atelier_collection_dialog_present (widget, self->collections, NULL, on_collection_made, self);
}

static void
rename_collection_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  AtelierScopeMenu *self = ATELIER_SCOPE_MENU (widget);

  if (collection_name (self) != NULL)
    atelier_collection_dialog_present (widget, self->collections, self->parsed.id, NULL, NULL);
}

typedef struct
{
  AtelierCollections *collections;
  AtelierLibrary     *library;
  char               *id;
  char               *name;
  guint               position;
  gboolean            undone;
} DeleteData;

static void
delete_data_free (gpointer user_data)
{
  DeleteData *data = user_data;

  g_clear_object (&data->collections);
  g_clear_object (&data->library);
  g_free (data->id);
  g_free (data->name);
  g_free (data);
}

static void
on_delete_undo (AdwToast   *toast,
                DeleteData *data)
{
  data->undone = TRUE;
  atelier_collections_restore (data->collections, data->id, data->name, data->position);
}

/* Only now do the records let go of the id: until then, Undo brings back every membership. */
static void
on_delete_dismissed (AdwToast   *toast,
                     DeleteData *data)
{
  if (!data->undone && data->library != NULL)
    atelier_library_forget_collection (data->library, data->id);
}

static void
delete_collection_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  AtelierScopeMenu *self = ATELIER_SCOPE_MENU (widget);
  g_autofree char *title = NULL;
  DeleteData *data;
  AdwToast *toast;

  if (collection_name (self) == NULL)
    return;

  data = g_new0 (DeleteData, 1);
  data->collections = g_object_ref (self->collections);
  data->library = self->library ? g_object_ref (self->library) : NULL;
  data->id = g_strdup (self->parsed.id);
  data->name = g_strdup (collection_name (self));
  for (guint i = 0; i < atelier_collections_get_n_items (self->collections); i++)
    if (g_str_equal (atelier_collections_get_id (self->collections, i), data->id))
      data->position = i;

  /* The pictures stay where they are: only the name goes. */
  title = g_strdup_printf (_("Collection “%s” deleted — its images are kept"), data->name);
  atelier_collections_delete (self->collections, data->id);

  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  g_signal_connect (toast, "button-clicked", G_CALLBACK (on_delete_undo), data);
  g_signal_connect_data (toast, "dismissed", G_CALLBACK (on_delete_dismissed), data,
                         (GClosureNotify) (void (*) (void)) delete_data_free, 0);
  atelier_window_show_toast (widget, toast);
}

/* GObject */

static void
atelier_scope_menu_dispose (GObject *object)
{
  AtelierScopeMenu *self = ATELIER_SCOPE_MENU (object);

  atelier_scope_menu_set_collections (self, NULL);
  g_clear_object (&self->library);
  g_clear_pointer ((GtkWidget **) &self->squeezer, gtk_widget_unparent);
  self->button = NULL;
  self->compact_button = NULL;

  G_OBJECT_CLASS (atelier_scope_menu_parent_class)->dispose (object);
}

static void
atelier_scope_menu_finalize (GObject *object)
{
  AtelierScopeMenu *self = ATELIER_SCOPE_MENU (object);

  atelier_scope_clear (&self->parsed);
  g_free (self->scope);
  g_free (self->label);
  g_clear_object (&self->menu);

  G_OBJECT_CLASS (atelier_scope_menu_parent_class)->finalize (object);
}

static void
atelier_scope_menu_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  AtelierScopeMenu *self = ATELIER_SCOPE_MENU (object);

  switch (prop_id)
    {
    case PROP_SCOPE:
      g_value_set_string (value, self->scope);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_scope_menu_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  AtelierScopeMenu *self = ATELIER_SCOPE_MENU (object);

  switch (prop_id)
    {
    case PROP_SCOPE:
      atelier_scope_menu_set_scope (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_scope_menu_class_init (AtelierScopeMenuClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = atelier_scope_menu_dispose;
  object_class->finalize = atelier_scope_menu_finalize;
  object_class->get_property = atelier_scope_menu_get_property;
  object_class->set_property = atelier_scope_menu_set_property;

  properties[PROP_SCOPE] =
    g_param_spec_string ("scope", NULL, NULL, "all",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A radio group in the menu, its state the property. */
  gtk_widget_class_install_property_action (widget_class, "scope.show", "scope");
  gtk_widget_class_install_action (widget_class, "scope.new-collection", NULL, new_collection_action);
  gtk_widget_class_install_action (widget_class, "scope.rename-collection", NULL, rename_collection_action);
  gtk_widget_class_install_action (widget_class, "scope.delete-collection", NULL, delete_collection_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "scope-menu");
}

static void
atelier_scope_menu_init (AtelierScopeMenu *self)
{
  self->scope = g_strdup ("all");
  self->menu = g_menu_new ();
  self->button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_menu_model (self->button, G_MENU_MODEL (self->menu));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), _("Show all images, the favourites or a collection"));
  self->compact_button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_menu_model (self->compact_button, G_MENU_MODEL (self->menu));
  gtk_menu_button_set_icon_name (self->compact_button, "emblem-photos-symbolic");
  self->squeezer = ADW_SQUEEZER (adw_squeezer_new ());
  adw_squeezer_set_homogeneous (self->squeezer, FALSE);
  adw_squeezer_set_transition_type (self->squeezer, ADW_SQUEEZER_TRANSITION_TYPE_CROSSFADE);
  adw_squeezer_add (self->squeezer, GTK_WIDGET (self->button));
  adw_squeezer_add (self->squeezer, GTK_WIDGET (self->compact_button));
  gtk_widget_set_parent (GTK_WIDGET (self->squeezer), GTK_WIDGET (self));
  update (self);
}

void
atelier_scope_menu_set_library (AtelierScopeMenu *self,
                                AtelierLibrary   *library)
{
  g_return_if_fail (ATELIER_IS_SCOPE_MENU (self));

  g_set_object (&self->library, library);
}

void
atelier_scope_menu_set_collections (AtelierScopeMenu   *self,
                                    AtelierCollections *collections)
{
  g_return_if_fail (ATELIER_IS_SCOPE_MENU (self));

  if (self->collections == collections)
    return;
  if (self->collections != NULL)
    g_signal_handlers_disconnect_by_func (self->collections, on_collections_changed, self);
  g_set_object (&self->collections, collections);
  if (collections != NULL)
    g_signal_connect_object (collections, "changed", G_CALLBACK (on_collections_changed), self,
                             G_CONNECT_SWAPPED);
  if (self->button != NULL)
    update (self);
}

const char *
atelier_scope_menu_get_scope (AtelierScopeMenu *self)
{
  g_return_val_if_fail (ATELIER_IS_SCOPE_MENU (self), NULL);

  return self->scope;
}

void
atelier_scope_menu_set_scope (AtelierScopeMenu *self,
                              const char       *scope)
{
  g_autofree char *normal = NULL;

  g_return_if_fail (ATELIER_IS_SCOPE_MENU (self));

  /* Always the normal form: "bogus" and NULL are "all". */
  atelier_scope_parse (&self->parsed, scope);
  normal = atelier_scope_to_string (&self->parsed);
  if (g_strcmp0 (normal, self->scope) == 0)
    {
      update (self);
      return;
    }
  g_free (self->scope);
  self->scope = g_steal_pointer (&normal);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCOPE]);
}

const char *
atelier_scope_menu_get_label (AtelierScopeMenu *self)
{
  g_return_val_if_fail (ATELIER_IS_SCOPE_MENU (self), NULL);

  return self->label;
}

GMenuModel *
atelier_scope_menu_get_menu_model (AtelierScopeMenu *self)
{
  g_return_val_if_fail (ATELIER_IS_SCOPE_MENU (self), NULL);

  return G_MENU_MODEL (self->menu);
}
