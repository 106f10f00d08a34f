/* atelier-detail-view-info.c — the detail view's side pane: the settings an image was made with
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-catalog.h"
#include "atelier-cost.h"
#include "atelier-detail-view-private.h"
#include "atelier-diff.h"
#include "atelier-gallery-cell.h"

/* A titled row of small pictures: the references, or Fill's source and mask. `names` gives
 * what a screen reader and the tooltip say (NULL: each reference's own name). */
static void
add_thumbnails (GtkBox                  *info_box,
                const char              *title,
                AtelierReference * const *pictures,
                const char * const      *names,
                guint                    n)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *flow = gtk_flow_box_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (row), label);
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 4);
  gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (flow), 4);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 6);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 6);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (flow), TRUE);
  for (guint i = 0; i < n; i++)
    {
      AtelierReference *ref = pictures[i];
      GdkPixbuf *thumb = ref ? atelier_reference_get_thumbnail (ref) : NULL;
      const char *name;
      g_autoptr(GdkTexture) texture = NULL;
      GtkWidget *picture;

      if (thumb == NULL)
        continue;
      name = names != NULL ? names[i] : atelier_reference_get_name (ref);
      texture = gdk_texture_new_for_pixbuf (thumb);
      picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
      gtk_widget_set_size_request (picture, 56, 56);
      gtk_widget_set_overflow (picture, GTK_OVERFLOW_HIDDEN);
      gtk_widget_add_css_class (picture, "detail-reference");
      gtk_widget_set_tooltip_text (picture, name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (picture), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      gtk_flow_box_append (GTK_FLOW_BOX (flow), picture);
    }
  gtk_box_append (GTK_BOX (row), flow);
  gtk_box_append (info_box, row);
}

static void
add_property (GtkBox     *box,
              const char *title,
              const char *value)
{
  GtkWidget *row, *label;

  if (value == NULL || *value == '\0')
    return;

  row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (row), label);

  label = gtk_label_new (value);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "detail-value");
  gtk_box_append (GTK_BOX (row), label);

  gtk_accessible_update_relation (GTK_ACCESSIBLE (label),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  gtk_widget_get_first_child (row), NULL, -1);
  gtk_box_append (box, row);
}

static const char *
region_label (AtelierRegion region)
{
  switch (region)
    {
    case ATELIER_REGION_EU: return _("Europe");
    case ATELIER_REGION_US: return _("United States");
    case ATELIER_REGION_GLOBAL:
    default: return _("Global");
    }
}

void
_atelier_detail_view_update_info (AtelierDetailView *self)
{
  GtkWidget *child;
  AtelierRecipe *recipe;
  AtelierModel *model;
  const char *upsampled;
  g_autofree char *size = NULL;
  g_autofree char *seed = NULL;
  g_autofree char *estimate = NULL;
  g_autofree char *actual = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *date = NULL;
  g_autofree char *state = NULL;
  g_autofree char *detail = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->info_box))) != NULL)
    gtk_box_remove (self->info_box, child);

  if (self->job == NULL)
    return;

  recipe = atelier_job_get_recipe (self->job);
  model = recipe ? atelier_catalog_lookup (atelier_catalog_get_default (), atelier_recipe_get_model_id (recipe)) : NULL;

  state = atelier_gallery_describe_state (self->job);
  detail = atelier_gallery_describe_detail (self->job);
  if (atelier_job_get_state (self->job) != ATELIER_JOB_READY)
    add_property (self->info_box, _("Status"), *detail ? detail : state);

  add_property (self->info_box, _("Prompt"), _atelier_detail_view_job_prompt (self->job));
  upsampled = atelier_job_get_upsampled_prompt (self->job);
  if (upsampled != NULL)
    {
      g_autofree char *a = g_strstrip (g_strdup (upsampled));
      g_autofree char *b = g_strstrip (g_strdup (_atelier_detail_view_job_prompt (self->job)));

      /* What upsampling did, as a diff against the prompt typed. */
      if (g_strcmp0 (a, b) != 0)
        {
          g_autofree char *diff = atelier_diff_words_markup (b, a);

          _atelier_detail_view_add_markup (self->info_box, _("Prompt as BFL expanded it"), diff);
        }
    }
  _atelier_detail_view_add_lineage (self);

  if (model != NULL)
    add_property (self->info_box, _("Model"), atelier_model_get_name (model));
  else if (recipe != NULL)
    add_property (self->info_box, _("Model"), atelier_recipe_get_model_id (recipe));
  /* Which weights made it: the pinned snapshot is the usual case and goes unsaid. */
  if (model != NULL && recipe != NULL && atelier_model_get_preview_path (model) != NULL
      && atelier_recipe_get_latest_weights (recipe))
    add_property (self->info_box, _("Weights"), _("Latest (preview)"));
  if (recipe != NULL)
    add_property (self->info_box, _("Region"), region_label (atelier_recipe_get_region (recipe)));
  if (model != NULL && recipe != NULL && atelier_model_get_size_mode (model) == ATELIER_SIZE_MODE_EXPAND)
    {
      g_autoptr(GStrvBuilder) parts = g_strv_builder_new ();
      g_auto(GStrv) strv = NULL;
      g_autofree char *added = NULL;

      for (guint i = 0; i < ATELIER_N_SIDES; i++)
        {
          guint pixels = atelier_recipe_get_expand (recipe, i);
          g_autofree char *part = NULL;

          if (pixels == 0)
            continue;
          /* TRANSLATORS: pixels Expand added on a side, e.g. "Top 40" */
          if (i == ATELIER_SIDE_TOP)
            part = g_strdup_printf (_("Top %u"), pixels);
          else if (i == ATELIER_SIDE_BOTTOM)
            part = g_strdup_printf (_("Bottom %u"), pixels);
          else if (i == ATELIER_SIDE_LEFT)
            part = g_strdup_printf (_("Left %u"), pixels);
          else
            part = g_strdup_printf (_("Right %u"), pixels);
          g_strv_builder_add (parts, part);
        }
      strv = g_strv_builder_end (parts);
      added = g_strjoinv (" · ", strv);
      add_property (self->info_box, _("Pixels added"), added);
    }

  if (atelier_job_get_width (self->job) > 0)
    size = g_strdup_printf ("%u × %u", atelier_job_get_width (self->job), atelier_job_get_height (self->job));
  else if (recipe != NULL && atelier_recipe_get_width (recipe) > 0)
    size = g_strdup_printf ("%u × %u", atelier_recipe_get_width (recipe), atelier_recipe_get_height (recipe));
  else if (recipe != NULL && atelier_recipe_get_aspect_ratio (recipe) != NULL)
    size = g_strdup (atelier_recipe_get_aspect_ratio (recipe));
  add_property (self->info_box, _("Size"), size);

  if (atelier_job_get_seed (self->job) >= 0)
    seed = g_strdup_printf ("%" G_GINT64_FORMAT, atelier_job_get_seed (self->job));
  add_property (self->info_box, _("Seed"), seed);

  if (self->recipe != NULL && atelier_recipe_get_mask (self->recipe) != NULL &&
      atelier_recipe_get_n_references (self->recipe) > 0)
    {
      /* Fill: what was repainted, and where. */
      AtelierReference *pictures[] = { atelier_recipe_get_reference (self->recipe, 0),
                                       atelier_recipe_get_mask (self->recipe) };
      const char *names[] = { _("Source image"), _("Mask: white was repainted") };

      add_thumbnails (self->info_box, _("Source and Mask"), pictures, names, G_N_ELEMENTS (pictures));
    }
  else if (model != NULL && self->recipe != NULL && atelier_recipe_get_n_references (self->recipe) > 0
           && (atelier_model_get_ref_mode (model) == ATELIER_REF_MODE_IMAGE
               || atelier_model_get_ref_mode (model) == ATELIER_REF_MODE_IMAGE_MASK))
    {
      /* Expand (or a Fill whose mask was not kept): the picture it started from. */
      AtelierReference *source = atelier_recipe_get_reference (self->recipe, 0);
      const char *names[] = { _("Source image") };

      add_thumbnails (self->info_box, _("Source Image"), &source, names, 1);
    }
  else if (self->recipe != NULL && atelier_recipe_get_n_references (self->recipe) > 0)
    {
      guint n = atelier_recipe_get_n_references (self->recipe);
      g_autofree AtelierReference **pictures = g_new0 (AtelierReference *, n);

      for (guint i = 0; i < n; i++)
        pictures[i] = atelier_recipe_get_reference (self->recipe, i);
      add_thumbnails (self->info_box, _("References"), pictures, NULL, n);
    }

  if (atelier_job_get_estimated_cost (self->job) > 0)
    {
      g_autofree char *credits = atelier_cost_format_credits (atelier_job_get_estimated_cost (self->job));

      /* Translators: an estimate, replaced by the server's figure once known */
      estimate = g_strdup_printf (_("≈ %s"), credits);
    }
  add_property (self->info_box, _("Estimated cost"), estimate);
  if (atelier_job_get_actual_cost (self->job) >= 0)
    actual = atelier_cost_format_credits (atelier_job_get_actual_cost (self->job));
  add_property (self->info_box, _("Cost charged by BFL"), actual);

  if (atelier_job_get_duration (self->job) >= 0)
    duration = g_strdup_printf (_("%.1f s"), atelier_job_get_duration (self->job));
  add_property (self->info_box, _("Generation time"), duration);

  if (atelier_job_get_created_at (self->job) > 0)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (atelier_job_get_created_at (self->job));
      g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

      if (local != NULL)
        date = g_date_time_format (local, "%x %X");
    }
  add_property (self->info_box, _("Created"), date);
  add_property (self->info_box, _("Task ID"), atelier_job_get_task_id (self->job));
}
