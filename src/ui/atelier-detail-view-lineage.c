/* atelier-detail-view-lineage.c — the detail view's lineage: what a picture came from, what came
 * of it, and what changed against its parent
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-catalog.h"
#include "atelier-detail-view-private.h"
#include "atelier-diff.h"
#include "atelier-thumbnailer.h"

#define LINEAGE_THUMB_SIZE 56

static GtkWidget *
add_title (GtkBox     *row,
           const char *title)
{
  GtkWidget *label = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (row, label);
  return label;
}

void
_atelier_detail_view_add_markup (GtkBox     *box,
                                 const char *title,
                                 const char *markup)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *heading = add_title (GTK_BOX (row), title);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "detail-value");
  gtk_box_append (GTK_BOX (row), label);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_RELATION_LABELLED_BY, heading, NULL, -1);
  gtk_box_append (box, row);
}

/* Thumbnails */

static void
on_thumbnail_loaded (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GtkPicture) picture = user_data;
  g_autoptr(GdkTexture) texture = atelier_thumbnailer_load_finish (ATELIER_THUMBNAILER (source), result, NULL);

  if (texture != NULL)
    gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));
}

static GtkWidget *
job_button (AtelierDetailView *self,
            AtelierJob        *job,
            const char        *what)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *picture = gtk_picture_new ();
  GFile *image = atelier_job_get_image_file (job);
  g_autofree char *name = NULL;

  gtk_widget_set_size_request (picture, LINEAGE_THUMB_SIZE, LINEAGE_THUMB_SIZE);
  gtk_widget_set_overflow (picture, GTK_OVERFLOW_HIDDEN);
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
#if GTK_CHECK_VERSION (4, 8, 0)
  gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_COVER);
#endif
  gtk_widget_add_css_class (picture, "detail-reference");
  if (image != NULL && atelier_job_get_state (job) == ATELIER_JOB_READY)
    {
      AtelierThumbnailer *thumbnailer = atelier_thumbnailer_get_default ();
      GdkTexture *texture = atelier_thumbnailer_lookup (thumbnailer, atelier_job_get_id (job), image);

      if (texture != NULL)
        gtk_picture_set_paintable (GTK_PICTURE (picture), GDK_PAINTABLE (texture));
      else
        atelier_thumbnailer_load_async (thumbnailer, atelier_job_get_id (job), image, self->cancellable,
                                        on_thumbnail_loaded, g_object_ref (picture));
    }

  /* TRANSLATORS: a lineage thumbnail's name: "Regenerated from: a red fox" */
  name = g_strdup_printf (_("%s: %s"), what, _atelier_detail_view_job_prompt (job));
  gtk_button_set_child (GTK_BUTTON (button), picture);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "lineage-thumbnail");
  gtk_widget_set_tooltip_text (button, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "detail.show-job");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", atelier_job_get_id (job));
  return button;
}

static void
add_jobs_row (AtelierDetailView *self,
              const char        *title,
              GPtrArray         *jobs,
              GPtrArray         *whats)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *flow = gtk_flow_box_new ();

  add_title (GTK_BOX (row), title);
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 4);
  gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (flow), 4);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 6);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 6);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (flow), TRUE);
  for (guint i = 0; i < jobs->len; i++)
    {
      GtkWidget *button = job_button (self, g_ptr_array_index (jobs, i), g_ptr_array_index (whats, i));

      gtk_flow_box_append (GTK_FLOW_BOX (flow), button);
      /* The button is what is focused and activated, not the flow box's child around it. */
      gtk_widget_set_focusable (gtk_widget_get_parent (button), FALSE);
    }
  gtk_box_append (GTK_BOX (row), flow);
  gtk_box_append (self->info_box, row);
}

/* What changed */

static const char *
model_name (AtelierJob *job)
{
  const char *id = atelier_recipe_get_model_id (atelier_job_get_recipe (job));
  AtelierModel *model = atelier_catalog_lookup (atelier_catalog_get_default (), id);

  return model != NULL ? atelier_model_get_name (model) : id;
}

static char *
size_text (AtelierJob *job)
{
  AtelierRecipe *recipe = atelier_job_get_recipe (job);

  if (atelier_job_get_width (job) > 0)
    return g_strdup_printf ("%u × %u", atelier_job_get_width (job), atelier_job_get_height (job));
  if (atelier_recipe_get_width (recipe) > 0)
    return g_strdup_printf ("%u × %u", atelier_recipe_get_width (recipe), atelier_recipe_get_height (recipe));
  return g_strdup (atelier_recipe_get_aspect_ratio (recipe));
}

static guint
count_missing (const char * const *names,
               const char * const *others)
{
  guint n = 0;

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    if (others == NULL || !g_strv_contains (others, names[i]))
      n++;
  return n;
}

static void
add_change (GString    *markup,
            const char *title,
            const char *before,
            const char *after)
{
  g_autofree char *escaped = NULL;

  if (g_strcmp0 (before, after) == 0)
    return;
  if (markup->len > 0)
    g_string_append_c (markup, '\n');
  /* TRANSLATORS: one line of "What changed": "Model: FLUX.2 [pro] → FLUX.2 [max]" */
  escaped = g_markup_printf_escaped (_("%s: %s → %s"), title, before != NULL ? before : "—",
                                     after != NULL ? after : "—");
  g_string_append (markup, escaped);
}

char *
_atelier_detail_view_describe_changes (AtelierJob *parent,
                                       AtelierJob *job)
{
  g_autoptr(GString) markup = g_string_new (NULL);
  const char *before = atelier_recipe_get_prompt (atelier_job_get_recipe (parent));
  const char *after = atelier_recipe_get_prompt (atelier_job_get_recipe (job));
  g_autofree char *size_before = size_text (parent);
  g_autofree char *size_after = size_text (job);
  g_autofree char *seed_before = g_strdup_printf ("%" G_GINT64_FORMAT, atelier_job_get_seed (parent));
  g_autofree char *seed_after = g_strdup_printf ("%" G_GINT64_FORMAT, atelier_job_get_seed (job));
  const char * const *refs_before = atelier_job_get_ref_names (parent);
  const char * const *refs_after = atelier_job_get_ref_names (job);
  guint added = count_missing (refs_after, refs_before);
  guint removed = count_missing (refs_before, refs_after);

  if (!atelier_diff_words_equal (before, after))
    {
      g_autofree char *diff = atelier_diff_words_markup (before, after);
      g_autofree char *title = g_markup_escape_text (_("Prompt"), -1);

      g_string_append_printf (markup, "%s: %s", title, diff);
    }
  add_change (markup, _("Model"), model_name (parent), model_name (job));
  add_change (markup, _("Size"), size_before, size_after);
  if (atelier_job_get_seed (parent) >= 0 && atelier_job_get_seed (job) >= 0)
    add_change (markup, _("Seed"), seed_before, seed_after);
  if (added > 0 || removed > 0)
    {
      g_autofree char *line = NULL;

      if (markup->len > 0)
        g_string_append_c (markup, '\n');
      /* TRANSLATORS: references added and removed against the parent: "References: +2 −1" */
      line = g_markup_printf_escaped (_("References: +%u −%u"), added, removed);
      g_string_append (markup, line);
    }
  if (markup->len == 0)
    g_string_append (markup, _("Nothing: the same settings"));
  return g_string_free (g_steal_pointer (&markup), FALSE);
}

/* The variation set this picture belongs to, and the way to all of it side by side. */
static void
add_set_row (AtelierDetailView *self)
{
  const char *set_id = atelier_job_get_set_id (self->job);
  const char *label = atelier_job_get_variation_label (self->job);
  g_autoptr(GPtrArray) set = NULL;
  g_autofree char *text = NULL;
  GtkWidget *row;
  GtkWidget *heading;
  GtkWidget *value;
  GtkWidget *button;

  if (set_id == NULL)
    return;
  set = atelier_library_find_set (self->library, set_id);
  if (set->len < 2)
    return;

  row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  heading = add_title (GTK_BOX (row), _("Variation Set"));
  if (label != NULL)
    /* TRANSLATORS: this picture's place in its variation set: "FLUX.2 [max] · one of 6" */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · one of %u", "%s · one of %u", set->len),
                            label, set->len);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "One of %u", "One of %u", set->len), set->len);
  value = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (value), 0);
  gtk_label_set_wrap (GTK_LABEL (value), TRUE);
  gtk_widget_add_css_class (value, "detail-value");
  gtk_accessible_update_relation (GTK_ACCESSIBLE (value), GTK_ACCESSIBLE_RELATION_LABELLED_BY, heading, NULL, -1);
  gtk_box_append (GTK_BOX (row), value);

  button = gtk_button_new_with_mnemonic (_("Show All _Variations"));
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_add_css_class (button, "show-set-button");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "gallery.show-set");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", set_id);
  gtk_box_append (GTK_BOX (row), button);
  gtk_box_append (self->info_box, row);
}

void
_atelier_detail_view_add_lineage (AtelierDetailView *self)
{
  g_autoptr(GPtrArray) parents = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) parent_whats = g_ptr_array_new ();
  g_autoptr(GPtrArray) children = NULL;
  g_autoptr(GPtrArray) child_whats = g_ptr_array_new ();
  AtelierJob *first_parent = NULL;

  if (self->job == NULL || self->library == NULL)
    return;

  for (guint i = 0; i < atelier_job_get_n_parents (self->job); i++)
    {
      g_autoptr(AtelierJob) parent = atelier_library_dup_job (self->library, atelier_job_get_parent_id (self->job, i));

      if (parent == NULL)
        continue;
      g_ptr_array_add (parents, g_object_ref (parent));
      g_ptr_array_add (parent_whats, (gpointer) atelier_job_relation_get_label (atelier_job_get_parent_relation (self->job, i)));
      if (first_parent == NULL)
        first_parent = parent;
    }
  if (parents->len > 0)
    add_jobs_row (self, _("Made From"), parents, parent_whats);
  else if (atelier_job_get_n_parents (self->job) > 0)
    {
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *label = gtk_label_new (_("A picture no longer in the library"));

      add_title (GTK_BOX (row), _("Made From"));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "detail-value");
      gtk_box_append (GTK_BOX (row), label);
      gtk_box_append (self->info_box, row);
    }

  if (first_parent != NULL)
    {
      g_autofree char *changes = _atelier_detail_view_describe_changes (first_parent, self->job);

      _atelier_detail_view_add_markup (self->info_box, _("What Changed"), changes);
    }

  add_set_row (self);

  children = atelier_library_find_children (self->library, atelier_job_get_id (self->job));
  for (guint i = 0; i < children->len; i++)
    g_ptr_array_add (child_whats, _("Made from this"));
  if (children->len > 0)
    add_jobs_row (self, _("Made From This"), children, child_whats);
}
