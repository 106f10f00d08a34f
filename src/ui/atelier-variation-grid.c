/* atelier-variation-grid.c — a variation set side by side: one row per model or prompt variant,
 * one column per seed, each cell live while it runs and with its own star
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-catalog.h"
#include "atelier-variation-grid.h"

#define CELL_SIZE 200       /* a cell's side when the window is wide enough */
#define MIN_CELL_SIZE ATELIER_GALLERY_CELL_MIN_SIZE  /* …and the least in a narrow one */
#define SPACING 12
#define MARGIN 18
#define COMPACT_SPACING 8   /* narrow: two cells side by side at a phone's width */
#define COMPACT_MARGIN 8
#define ROW_LABEL_WIDTH 150 /* about what a model's name takes beside its row */

struct _AtelierVariationGrid
{
  GtkWidget       parent_instance;

  AtelierLibrary *library;
  char           *set_id;
  GPtrArray      *jobs;           /* the set, oldest first (strong: the cells follow them live) */
  GPtrArray      *row_labels;     /* char * */
  GPtrArray      *column_labels;  /* char * */
  GPtrArray      *cells;          /* row-major, n_rows × n_columns, NULL where no picture */
  char           *subtitle;
  guint           refresh_id;
  gboolean        stale;          /* the library changed while the grid was not on screen */
  gboolean        compact;        /* narrow: each row's label above it, smaller cells */
  guint           per_line;       /* compact: the cells that fit across */
  int             cell_size;
  guint           relayout_id;

  GtkWidget      *title;
  GtkWidget      *subtitle_label;
  GtkWidget      *scroller;
  GtkWidget      *grid;
};

G_DEFINE_FINAL_TYPE (AtelierVariationGrid, atelier_variation_grid, GTK_TYPE_WIDGET)

enum {
  SIGNAL_JOB_ACTIVATED,
  SIGNAL_CLOSE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Where a job of the set sits. */
typedef struct
{
  guint row;
  guint column;
} Place;

static const char *
model_name (AtelierJob *job)
{
  const char *id = atelier_recipe_get_model_id (atelier_job_get_recipe (job));
  AtelierModel *model = atelier_catalog_lookup (atelier_catalog_get_default (), id);

  return model != NULL ? atelier_model_get_name (model) : id;
}

/* What a job's row is: what varied, or for a set of seeds the one model they were made on. */
static const char *
row_key (AtelierJob *job)
{
  const char *kind = atelier_job_get_variation_kind (job);
  const char *label = atelier_job_get_variation_label (job);

  if (g_strcmp0 (kind, ATELIER_VARIATION_SEED) == 0 || label == NULL)
    return model_name (job) != NULL ? model_name (job) : "";
  return label;
}

static guint
index_of_string (GPtrArray  *strings,
                 const char *text)
{
  for (guint i = 0; i < strings->len; i++)
    if (g_strcmp0 (g_ptr_array_index (strings, i), text) == 0)
      return i;
  return G_MAXUINT;
}

static const char *
kind_name (const char *kind)
{
  if (g_strcmp0 (kind, ATELIER_VARIATION_MODEL) == 0)
    return _("Models");
  if (g_strcmp0 (kind, ATELIER_VARIATION_PROMPT) == 0)
    return _("Prompt Variants");
  return _("Seeds");
}

/* The labels: rows in the order the set was made, each row's pictures left to right in the order
 * they were made, which for every kind of set is the order of the seeds. */
static void
lay_out (AtelierVariationGrid *self,
         GArray               *placed)   /* out: a Place per job */
{
  g_autoptr(GArray) row_lengths = g_array_new (FALSE, TRUE, sizeof (guint));
  guint n_columns = 0;

  g_ptr_array_set_size (self->row_labels, 0);
  g_ptr_array_set_size (self->column_labels, 0);

  for (guint i = 0; i < self->jobs->len; i++)
    {
      AtelierJob *job = g_ptr_array_index (self->jobs, i);
      const char *key = row_key (job);
      guint row = index_of_string (self->row_labels, key);
      guint column;

      if (row == G_MAXUINT)
        {
          guint zero = 0;

          row = self->row_labels->len;
          g_ptr_array_add (self->row_labels, g_strdup (key));
          g_array_append_val (row_lengths, zero);
        }
      column = g_array_index (row_lengths, guint, row)++;
      n_columns = MAX (n_columns, column + 1);
      g_array_append_val (placed, ((Place) { row, column }));
    }

  for (guint column = 0; column < n_columns; column++)
    {
      gint64 seed = -1;
      gboolean same = TRUE;

      for (guint i = 0; i < self->jobs->len; i++)
        {
          AtelierJob *job = g_ptr_array_index (self->jobs, i);

          if (g_array_index (placed, Place, i).column != column)
            continue;
          if (atelier_job_get_seed (job) < 0 || (seed >= 0 && seed != atelier_job_get_seed (job)))
            same = FALSE;
          seed = atelier_job_get_seed (job);
        }
      if (same && seed >= 0)
        {
          g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, seed);

          /* The seed its pictures share, worded as the set's labels are. */
          g_ptr_array_add (self->column_labels, g_strdup_printf (_("Seed %s"), number));
        }
      else
        /* TRANSLATORS: a column of the variation grid whose pictures have different seeds */
        g_ptr_array_add (self->column_labels, g_strdup_printf (_("Picture %u"), column + 1));
    }
}

static GtkWidget *
header_label (const char *text,
              gboolean    row)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_justify (GTK_LABEL (label), row ? GTK_JUSTIFY_RIGHT : GTK_JUSTIFY_CENTER);
  gtk_label_set_xalign (GTK_LABEL (label), row ? 1.0f : 0.5f);
  gtk_label_set_max_width_chars (GTK_LABEL (label), row ? 16 : 20);
  gtk_label_set_lines (GTK_LABEL (label), 4);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_tooltip_text (label, text);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_add_css_class (label, "variation-header");
  if (row)
    {
      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      gtk_widget_set_halign (label, GTK_ALIGN_END);
    }
  return label;
}

static void
on_cell_released (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  gpointer         user_data)
{
  AtelierVariationGrid *self = ATELIER_VARIATION_GRID (user_data);
  GtkWidget *cell = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  AtelierJob *job = atelier_gallery_cell_get_job (ATELIER_GALLERY_CELL (cell));

  /* A click on the star, Cancel or Retry is theirs. */
  if (gtk_widget_pick (cell, x, y, GTK_PICK_DEFAULT) != NULL &&
      gtk_widget_get_ancestor (gtk_widget_pick (cell, x, y, GTK_PICK_DEFAULT), GTK_TYPE_BUTTON) != NULL)
    return;
  if (job != NULL)
    g_signal_emit (self, signals[SIGNAL_JOB_ACTIVATED], 0, job);
}

static gboolean
on_cell_activate (GtkWidget *cell,
                  GVariant  *args,
                  gpointer   user_data)
{
  AtelierJob *job = atelier_gallery_cell_get_job (ATELIER_GALLERY_CELL (cell));

  if (job == NULL)
    return FALSE;
  g_signal_emit (user_data, signals[SIGNAL_JOB_ACTIVATED], 0, job);
  return TRUE;
}

/* S stars the focused picture, as in the gallery. */
static gboolean
on_cell_star (GtkWidget *cell,
              GVariant  *args,
              gpointer   user_data)
{
  AtelierJob *job = atelier_gallery_cell_get_job (ATELIER_GALLERY_CELL (cell));

  if (job == NULL)
    return FALSE;
  return gtk_widget_activate_action (cell, "gallery.toggle-favourite", "s", atelier_job_get_id (job));
}

static GtkWidget *
make_cell (AtelierVariationGrid *self,
           AtelierJob           *job,
           const char           *row_label,
           const char           *column_label)
{
  GtkWidget *cell = atelier_gallery_cell_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *keys = gtk_shortcut_controller_new ();
  g_autofree char *where = g_strdup_printf ("%s, %s", row_label, column_label);
  const guint activate_keys[] = { GDK_KEY_Return, GDK_KEY_KP_Enter, GDK_KEY_ISO_Enter, GDK_KEY_space };

  atelier_gallery_cell_set_job (ATELIER_GALLERY_CELL (cell), job);
  gtk_widget_set_size_request (cell, self->cell_size, self->cell_size);
  gtk_widget_set_focusable (cell, TRUE);
  gtk_widget_add_css_class (cell, "variation-cell");
  /* The cell names the picture and its state; where it sits in the set is its description. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, where, -1);
  gtk_widget_set_tooltip_text (cell, where);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect_object (click, "released", G_CALLBACK (on_cell_released), self, 0);
  gtk_widget_add_controller (cell, GTK_EVENT_CONTROLLER (click));

  for (guint i = 0; i < G_N_ELEMENTS (activate_keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (activate_keys[i], 0),
                                                            gtk_callback_action_new (on_cell_activate, self, NULL)));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_s, 0),
                                                          gtk_callback_action_new (on_cell_star, NULL, NULL)));
  gtk_widget_add_controller (cell, keys);
  return cell;
}

static void
clear_grid (AtelierVariationGrid *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->grid)) != NULL)
    gtk_grid_remove (GTK_GRID (self->grid), child);
  g_ptr_array_set_size (self->cells, 0);
}

/* Wide: the columns' labels on top, the rows' in a column of their own. */
static void
attach_wide (AtelierVariationGrid *self,
             guint                 n_columns)
{
  for (guint column = 0; column < n_columns; column++)
    gtk_grid_attach (GTK_GRID (self->grid), header_label (g_ptr_array_index (self->column_labels, column), FALSE),
                     column + 1, 0, 1, 1);
  for (guint row = 0; row < self->row_labels->len; row++)
    {
      gtk_grid_attach (GTK_GRID (self->grid), header_label (g_ptr_array_index (self->row_labels, row), TRUE),
                       0, row + 1, 1, 1);
      for (guint column = 0; column < n_columns; column++)
        {
          GtkWidget *cell = g_ptr_array_index (self->cells, row * n_columns + column);

          if (cell != NULL)
            gtk_grid_attach (GTK_GRID (self->grid), cell, column + 1, row + 1, 1, 1);
        }
    }
}

/* Narrow: each row's label above it, and a row wider than the window wraps onto more lines, each
 * picture then with its column's label over it. */
static void
attach_compact (AtelierVariationGrid *self,
                guint                 n_columns)
{
  guint per_line = CLAMP (self->per_line, 1, MAX (n_columns, 1));
  gboolean wrapped = per_line < n_columns;
  int y = 0;

  if (!wrapped)
    {
      for (guint column = 0; column < n_columns; column++)
        gtk_grid_attach (GTK_GRID (self->grid), header_label (g_ptr_array_index (self->column_labels, column), FALSE),
                         column, y, 1, 1);
      y++;
    }
  for (guint row = 0; row < self->row_labels->len; row++)
    {
      GtkWidget *label = header_label (g_ptr_array_index (self->row_labels, row), FALSE);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_LEFT);
      gtk_label_set_max_width_chars (GTK_LABEL (label), -1);
      gtk_label_set_lines (GTK_LABEL (label), 2);
      gtk_widget_set_margin_top (label, row > 0 ? 6 : 0);
      gtk_grid_attach (GTK_GRID (self->grid), label, 0, y++, per_line, 1);
      for (guint first = 0; first < n_columns; first += per_line)
        {
          for (guint column = first; wrapped && column < MIN (first + per_line, n_columns); column++)
            {
              GtkWidget *caption = gtk_label_new (g_ptr_array_index (self->column_labels, column));

              gtk_widget_add_css_class (caption, "caption");
              gtk_widget_add_css_class (caption, "dim-label");
              gtk_grid_attach (GTK_GRID (self->grid), caption, column - first, y, 1, 1);
            }
          if (wrapped)
            y++;
          for (guint column = first; column < MIN (first + per_line, n_columns); column++)
            {
              GtkWidget *cell = g_ptr_array_index (self->cells, row * n_columns + column);

              if (cell != NULL)
                gtk_grid_attach (GTK_GRID (self->grid), cell, column - first, y, 1, 1);
            }
          y++;
        }
    }
}

static void
build (AtelierVariationGrid *self)
{
  g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (Place));
  g_autofree char *title = NULL;
  guint n_columns;

  clear_grid (self);
  lay_out (self, placed);
  n_columns = self->column_labels->len;
  g_ptr_array_set_size (self->cells, self->row_labels->len * n_columns);

  for (guint i = 0; i < self->jobs->len; i++)
    {
      guint row = g_array_index (placed, Place, i).row;
      guint column = g_array_index (placed, Place, i).column;

      g_ptr_array_index (self->cells, row * n_columns + column) =
        make_cell (self, g_ptr_array_index (self->jobs, i), g_ptr_array_index (self->row_labels, row),
                   g_ptr_array_index (self->column_labels, column));
    }
  gtk_grid_set_row_spacing (GTK_GRID (self->grid), self->compact ? COMPACT_SPACING : SPACING);
  gtk_grid_set_column_spacing (GTK_GRID (self->grid), self->compact ? COMPACT_SPACING : SPACING);
  gtk_widget_set_margin_start (self->grid, self->compact ? COMPACT_MARGIN : MARGIN);
  gtk_widget_set_margin_end (self->grid, self->compact ? COMPACT_MARGIN : MARGIN);
  if (self->compact)
    attach_compact (self, n_columns);
  else
    attach_wide (self, n_columns);

  g_clear_pointer (&self->subtitle, g_free);
  if (self->jobs->len > 0)
    {
      AtelierJob *first = g_ptr_array_index (self->jobs, 0);
      const char *prompt = atelier_recipe_get_prompt (atelier_job_get_recipe (first));

      /* TRANSLATORS: under the variation grid's title: what varied and how many pictures, "Models · 6 pictures" */
      self->subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u picture", "%s · %u pictures",
                                                     self->jobs->len),
                                        kind_name (atelier_job_get_variation_kind (first)), self->jobs->len);
      /* A set of prompt variants has no one prompt: each row is its own. */
      if (g_strcmp0 (atelier_job_get_variation_kind (first), ATELIER_VARIATION_PROMPT) == 0 || prompt == NULL ||
          *prompt == '\0')
        title = g_strdup (_("Variations"));
      else
        /* TRANSLATORS: the variation grid's title, with the set's prompt */
        title = g_strdup_printf (_("Variations of “%s”"), prompt);
    }
  gtk_label_set_label (GTK_LABEL (self->title), title != NULL ? title : _("Variations"));
  gtk_widget_set_tooltip_text (self->title, title);
  gtk_label_set_label (GTK_LABEL (self->subtitle_label), self->subtitle != NULL ? self->subtitle : "");
}

static gboolean
same_jobs (GPtrArray *a,
           GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (g_ptr_array_index (a, i) != g_ptr_array_index (b, i))
      return FALSE;
  return TRUE;
}

/* The set from the library again; the cells are made anew only when its pictures changed. */
static void
refresh (AtelierVariationGrid *self)
{
  g_autoptr(GPtrArray) jobs = NULL;
  gboolean had_jobs = self->jobs->len > 0;

  if (self->library != NULL && self->set_id != NULL)
    jobs = atelier_library_find_set (self->library, self->set_id);
  else
    jobs = g_ptr_array_new_with_free_func (g_object_unref);
  if (same_jobs (jobs, self->jobs) && self->cells->len > 0)
    return;
  g_ptr_array_unref (self->jobs);
  self->jobs = g_steal_pointer (&jobs);
  build (self);
  if (had_jobs && self->jobs->len == 0)
    g_signal_emit (self, signals[SIGNAL_CLOSE], 0);
}

static gboolean
refresh_idle (gpointer user_data)
{
  AtelierVariationGrid *self = ATELIER_VARIATION_GRID (user_data);

  self->refresh_id = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

/* Batched: a set of 24 arrives as 24 additions. */
static void
on_library_items_changed (AtelierVariationGrid *self,
                          guint                 position,
                          guint                 removed,
                          guint                 added,
                          GListModel           *model)
{
  if (self->set_id == NULL || self->refresh_id != 0)
    return;
  /* Finding a set walks every row: not for a grid nobody sees (behind a picture opened from it,
   * or left for the gallery), which looks again when it is shown. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }
  self->refresh_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, refresh_idle, self, NULL);
}

/* How the grid fits a width: side by side with the labels, or compact with cells as large as fit. */
static void
fit (AtelierVariationGrid *self,
     int                   width,
     gboolean             *compact,
     guint                *per_line,
     int                  *cell_size)
{
  int n = MAX ((int) self->column_labels->len, 1);
  int wide = 2 * MARGIN + ROW_LABEL_WIDTH + n * (CELL_SIZE + SPACING);
  int across = (width - 2 * COMPACT_MARGIN + COMPACT_SPACING) / (MIN_CELL_SIZE + COMPACT_SPACING);

  *compact = width > 0 && width < wide;
  *per_line = CLAMP (across, 1, n);
  *cell_size = CELL_SIZE;
  if (*compact)
    *cell_size = CLAMP ((width - 2 * COMPACT_MARGIN - ((int) *per_line - 1) * COMPACT_SPACING) / (int) *per_line,
                        MIN_CELL_SIZE, CELL_SIZE);
}

static gboolean
relayout_idle (gpointer user_data)
{
  AtelierVariationGrid *self = ATELIER_VARIATION_GRID (user_data);

  gboolean compact;
  guint per_line;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self)));
  AtelierJob *focused = NULL;

  self->relayout_id = 0;
  fit (self, width, &compact, &per_line, &self->cell_size);
  /* Compact, the grid gets the width and no more (cells would otherwise grow to their pictures'
   * natural size); only a window narrower than one cell scrolls sideways. */
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller),
                                  compact && width >= 2 * COMPACT_MARGIN + MIN_CELL_SIZE ? GTK_POLICY_NEVER : GTK_POLICY_AUTOMATIC,
                                  GTK_POLICY_AUTOMATIC);
  for (guint i = 0; i < self->cells->len; i++)
    {
      GtkWidget *cell = g_ptr_array_index (self->cells, i);

      if (cell == NULL)
        continue;
      gtk_widget_set_size_request (cell, self->cell_size, self->cell_size);
      if (focus != NULL && (focus == cell || gtk_widget_is_ancestor (focus, cell)))
        focused = atelier_gallery_cell_get_job (ATELIER_GALLERY_CELL (cell));
    }
  if (compact == self->compact && (!compact || per_line == self->per_line))
    return G_SOURCE_REMOVE;

  /* Another arrangement: the cells are made again, the keyboard stays on its picture. */
  self->compact = compact;
  self->per_line = per_line;
  if (focused != NULL)
    g_object_ref (focused);
  build (self);
  for (guint i = 0; focused != NULL && i < self->cells->len; i++)
    {
      GtkWidget *cell = g_ptr_array_index (self->cells, i);

      if (cell != NULL && atelier_gallery_cell_get_job (ATELIER_GALLERY_CELL (cell)) == focused)
        gtk_widget_grab_focus (cell);
    }
  g_clear_object (&focused);
  return G_SOURCE_REMOVE;
}

static void
atelier_variation_grid_measure (GtkWidget      *widget,
                                GtkOrientation  orientation,
                                int             for_size,
                                int            *minimum,
                                int            *natural,
                                int            *minimum_baseline,
                                int            *natural_baseline)
{
  gtk_widget_measure (gtk_widget_get_first_child (widget), orientation, for_size, minimum, natural,
                      minimum_baseline, natural_baseline);
}

/* A layout cannot change while it is being allocated: a width that wants another one asks for it
 * after this frame's allocation. */
static void
atelier_variation_grid_size_allocate (GtkWidget *widget,
                                      int        width,
                                      int        height,
                                      int        baseline)
{
  AtelierVariationGrid *self = ATELIER_VARIATION_GRID (widget);
  gboolean compact;
  guint per_line;
  int cell_size;

  gtk_widget_allocate (gtk_widget_get_first_child (widget), width, height, baseline, NULL);
  fit (self, width, &compact, &per_line, &cell_size);
  if ((compact != self->compact || cell_size != self->cell_size || (compact && per_line != self->per_line)) &&
      self->relayout_id == 0)
    self->relayout_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, relayout_idle, self, NULL);
}

static void
atelier_variation_grid_map (GtkWidget *widget)
{
  AtelierVariationGrid *self = ATELIER_VARIATION_GRID (widget);

  GTK_WIDGET_CLASS (atelier_variation_grid_parent_class)->map (widget);
  if (self->stale)
    {
      self->stale = FALSE;
      refresh (self);
    }
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  g_signal_emit (widget, signals[SIGNAL_CLOSE], 0);
}

static void
atelier_variation_grid_dispose (GObject *object)
{
  AtelierVariationGrid *self = ATELIER_VARIATION_GRID (object);
  GtkWidget *child;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_handle_id (&self->relayout_id, g_source_remove);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  if (self->library != NULL)
    g_signal_handlers_disconnect_by_func (self->library, on_library_items_changed, self);
  g_clear_object (&self->library);
  g_clear_pointer (&self->jobs, g_ptr_array_unref);
  g_clear_pointer (&self->cells, g_ptr_array_unref);

  G_OBJECT_CLASS (atelier_variation_grid_parent_class)->dispose (object);
}

static void
atelier_variation_grid_finalize (GObject *object)
{
  AtelierVariationGrid *self = ATELIER_VARIATION_GRID (object);

  g_free (self->set_id);
  g_free (self->subtitle);
  g_ptr_array_unref (self->row_labels);
  g_ptr_array_unref (self->column_labels);

  G_OBJECT_CLASS (atelier_variation_grid_parent_class)->finalize (object);
}

static void
atelier_variation_grid_class_init (AtelierVariationGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = atelier_variation_grid_dispose;
  object_class->finalize = atelier_variation_grid_finalize;
  widget_class->map = atelier_variation_grid_map;
  widget_class->measure = atelier_variation_grid_measure;
  widget_class->size_allocate = atelier_variation_grid_size_allocate;

  signals[SIGNAL_JOB_ACTIVATED] = g_signal_new ("job-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, ATELIER_TYPE_JOB);
  signals[SIGNAL_CLOSE] = g_signal_new ("close", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "variations.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "variations.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "variations.back", NULL);

  gtk_widget_class_set_css_name (widget_class, "variation-grid");
}

static void
atelier_variation_grid_init (AtelierVariationGrid *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *titles = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *back = gtk_button_new_from_icon_name ("go-previous-symbolic");

  self->jobs = g_ptr_array_new_with_free_func (g_object_unref);
  self->row_labels = g_ptr_array_new_with_free_func (g_free);
  self->column_labels = g_ptr_array_new_with_free_func (g_free);
  self->cells = g_ptr_array_new ();
  self->cell_size = CELL_SIZE;

  gtk_widget_add_css_class (bar, "toolbar");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (back), "variations.back");
  gtk_widget_set_tooltip_text (back, _("Back to the Gallery"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (back), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Back to the Gallery"), -1);
  gtk_widget_set_valign (back, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (bar), back);

  self->title = gtk_label_new (_("Variations"));
  gtk_label_set_xalign (GTK_LABEL (self->title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (self->title, "heading");
  self->subtitle_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->subtitle_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->subtitle_label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (self->subtitle_label, "caption");
  gtk_widget_add_css_class (self->subtitle_label, "dim-label");
  gtk_widget_set_hexpand (titles, TRUE);
  gtk_widget_set_valign (titles, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (titles), self->title);
  gtk_box_append (GTK_BOX (titles), self->subtitle_label);
  gtk_box_append (GTK_BOX (bar), titles);
  gtk_box_append (GTK_BOX (box), bar);

  self->grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (self->grid), SPACING);
  gtk_grid_set_column_spacing (GTK_GRID (self->grid), SPACING);
  gtk_widget_set_halign (self->grid, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (self->grid, GTK_ALIGN_START);
  gtk_widget_set_margin_top (self->grid, 12);
  gtk_widget_set_margin_bottom (self->grid, 24);
  gtk_widget_set_margin_start (self->grid, MARGIN);
  gtk_widget_set_margin_end (self->grid, MARGIN);
  gtk_widget_add_css_class (self->grid, "variation-cells");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->grid), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Variations"), -1);

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), self->grid);
  gtk_widget_set_vexpand (self->scroller, TRUE);
  gtk_box_append (GTK_BOX (box), self->scroller);
  gtk_widget_set_parent (box, GTK_WIDGET (self));
}

GtkWidget *
atelier_variation_grid_new (void)
{
  return g_object_new (ATELIER_TYPE_VARIATION_GRID, NULL);
}

void
atelier_variation_grid_set_library (AtelierVariationGrid *self,
                                    AtelierLibrary       *library)
{
  g_return_if_fail (ATELIER_IS_VARIATION_GRID (self));
  g_return_if_fail (library == NULL || ATELIER_IS_LIBRARY (library));

  if (self->library == library)
    return;
  if (self->library != NULL)
    g_signal_handlers_disconnect_by_func (self->library, on_library_items_changed, self);
  g_set_object (&self->library, library);
  if (library != NULL)
    g_signal_connect_object (library, "items-changed", G_CALLBACK (on_library_items_changed), self,
                             G_CONNECT_SWAPPED);
  refresh (self);
}

void
atelier_variation_grid_set_set_id (AtelierVariationGrid *self,
                                   const char           *set_id)
{
  g_return_if_fail (ATELIER_IS_VARIATION_GRID (self));

  if (g_strcmp0 (self->set_id, set_id) != 0)
    {
      g_free (self->set_id);
      self->set_id = g_strdup (set_id);
      g_ptr_array_set_size (self->jobs, 0);
      g_ptr_array_set_size (self->cells, 0);
    }
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->stale = FALSE;
  refresh (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller)), 0);
}

const char *
atelier_variation_grid_get_set_id (AtelierVariationGrid *self)
{
  g_return_val_if_fail (ATELIER_IS_VARIATION_GRID (self), NULL);

  return self->set_id;
}

guint
atelier_variation_grid_get_n_rows (AtelierVariationGrid *self)
{
  g_return_val_if_fail (ATELIER_IS_VARIATION_GRID (self), 0);

  return self->row_labels->len;
}

guint
atelier_variation_grid_get_n_columns (AtelierVariationGrid *self)
{
  g_return_val_if_fail (ATELIER_IS_VARIATION_GRID (self), 0);

  return self->column_labels->len;
}

const char *
atelier_variation_grid_get_row_label (AtelierVariationGrid *self,
                                      guint                 row)
{
  g_return_val_if_fail (ATELIER_IS_VARIATION_GRID (self), NULL);

  return row < self->row_labels->len ? g_ptr_array_index (self->row_labels, row) : NULL;
}

const char *
atelier_variation_grid_get_column_label (AtelierVariationGrid *self,
                                         guint                 column)
{
  g_return_val_if_fail (ATELIER_IS_VARIATION_GRID (self), NULL);

  return column < self->column_labels->len ? g_ptr_array_index (self->column_labels, column) : NULL;
}

AtelierGalleryCell *
atelier_variation_grid_get_cell (AtelierVariationGrid *self,
                                 guint                 row,
                                 guint                 column)
{
  guint n_columns;

  g_return_val_if_fail (ATELIER_IS_VARIATION_GRID (self), NULL);

  n_columns = self->column_labels->len;
  if (row >= self->row_labels->len || column >= n_columns)
    return NULL;
  return g_ptr_array_index (self->cells, row * n_columns + column);
}

const char *
atelier_variation_grid_get_subtitle (AtelierVariationGrid *self)
{
  g_return_val_if_fail (ATELIER_IS_VARIATION_GRID (self), NULL);

  return self->subtitle;
}
