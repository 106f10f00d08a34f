/* atelier-library-view.c — the library as the gallery shows it: searched and filtered, newest first
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Atelier-Library"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "atelier-catalog.h"
#include "atelier-library-private.h"
#include "atelier-search.h"

/* Without a search or filter the view is the library itself. With one, it keeps the matching rows
 * in the library's order; the library tells it of every row inserted, removed or changed, so it
 * never scans again for a change (a new job, a finished one). A new search scans the rows in
 * memory: the folded prompt, the model and the seed of 100,000 jobs, no record read.
 *
 * A whole new list (a search, the load, a scan's bulk change) is told to observers a part at a
 * time: a first screen at once, then a few cells a turn of the main loop, then, past what a grid
 * keeps bound, all the rest. GTK 4.8's grid builds and binds every cell it keeps (≈ 385 in a
 * 1200×800 window, ≈ 1–2 ms each) inside items-changed; told of them at once it stalls the
 * window for 0.3–0.9 s.
 *
 * New items at the head of the list (a batch of 24 jobs, newest first) are told a few a turn too:
 * a grid makes, lays out and draws a cell for each in the frame it hears of it, ≈ 1.5 ms each
 * here, so a batch told at once is one frame of 40–50 ms. The first few of a turn are told at
 * once (a single Generate shows at once); the rest wait at the head, held, and follow a few every
 * SHOW_MORE_MS.
 *
 * So observers see a window of the list: the n_shown items after the n_held newest. */

#define FIRST_SHOWN     48    /* a first screen of cells, told at once */
#define SHOWN_PER_TURN  24    /* then this many every SHOW_MORE_MS… */
#define SHOW_MORE_MS    8
#define SHOWN_GRADUALLY 512   /* …until this many: more than a grid keeps bound; the rest at once */
#define ADDED_AT_ONCE   4     /* new items at the head told in the turn they come… */
#define ADDED_PER_TURN  6     /* …and, past that, this many every SHOW_MORE_MS */

struct _AtelierLibraryView
{
  GObject         parent_instance;

  AtelierLibrary *library;
  GPtrArray      *terms;         /* folded search terms (char *) */
  GPtrArray      *term_models;   /* per term: a GPtrArray of the interned model ids it names */
  GPtrArray      *term_collections; /* per term: a GPtrArray of the collection ids it names */
  const char     *model_id;      /* interned, or NULL */
  AtelierScope    scope;         /* all, the favourites, a collection, a variation set */
  AtelierCollections *collections;
  GPtrArray      *matches;       /* LibraryRow, newest first; NULL when nothing filters */
  guint           n_total;       /* the items of the whole list, as the view has heard of them */
  guint           n_held;        /* the newest items, not told yet: they come a few a turn */
  guint           n_shown;       /* the items observers were told of: n_shown after the n_held */
  guint           show_more_id;
  guint           added_this_turn; /* new items at the head told in this turn of the main loop */
  guint           turn_id;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AtelierLibraryView, atelier_library_view, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

/* Matching */

static gboolean
term_is_seed (const char *term,
              gint64      seed)
{
  char *end = NULL;
  guint64 value;

  if (seed < 0 || !g_ascii_isdigit (term[0]))
    return FALSE;
  value = g_ascii_strtoull (term, &end, 10);
  return *end == '\0' && value == (guint64) seed;
}

static gboolean
names_any (GPtrArray          *ids,
           const char * const *row_ids)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_strv_contains (row_ids, g_ptr_array_index (ids, i)))
      return TRUE;
  return FALSE;
}

static gboolean
row_matches (AtelierLibraryView *self,
             LibraryRow         *row)
{
  if (self->model_id != NULL && row->model_id != self->model_id)
    return FALSE;
  if (!atelier_scope_matches (&self->scope, row->favourite,
                              (const char * const *) row->collections, row->set_id))
    return FALSE;

  for (guint i = 0; i < self->terms->len; i++)
    {
      const char *term = g_ptr_array_index (self->terms, i);
      GPtrArray *models = g_ptr_array_index (self->term_models, i);

      if (row->prompt_key != NULL && strstr (row->prompt_key, term) != NULL)
        continue;
      if (row->model_id != NULL && g_ptr_array_find (models, row->model_id, NULL))
        continue;
      if (term_is_seed (term, row->seed))
        continue;
      if (row->collections != NULL && names_any (g_ptr_array_index (self->term_collections, i),
                                                 (const char * const *) row->collections))
        continue;
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_filtered (AtelierLibraryView *self)
{
  return self->terms->len > 0 || self->model_id != NULL || self->scope.kind != ATELIER_SCOPE_ALL;
}

/* The models a term names, by name or id: found once per search, not once per row. */
static GPtrArray *
models_named (const char *term)
{
  AtelierCatalog *catalog = atelier_catalog_get_default ();
  GPtrArray *models = g_ptr_array_new ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (catalog));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AtelierModel) model = g_list_model_get_item (G_LIST_MODEL (catalog), i);
      g_autofree char *name = atelier_library_fold (atelier_model_get_name (model));
      g_autofree char *id = atelier_library_fold (atelier_model_get_id (model));

      if (strstr (name, term) != NULL || strstr (id, term) != NULL)
        g_ptr_array_add (models, (gpointer) g_intern_string (atelier_model_get_id (model)));
    }
  return models;
}

/* The collections a term names: found once per search (and when collections change). */
static GPtrArray *
collections_named (AtelierCollections *collections,
                   const char         *term)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  guint n = collections != NULL ? atelier_collections_get_n_items (collections) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = atelier_library_fold (atelier_collections_get_name (collections, i));

      if (strstr (name, term) != NULL)
        g_ptr_array_add (ids, g_strdup (atelier_collections_get_id (collections, i)));
    }
  return ids;
}

static void
name_terms (AtelierLibraryView *self)
{
  g_ptr_array_set_size (self->term_models, 0);
  g_ptr_array_set_size (self->term_collections, 0);
  for (guint i = 0; i < self->terms->len; i++)
    {
      const char *term = g_ptr_array_index (self->terms, i);

      g_ptr_array_add (self->term_models, models_named (term));
      g_ptr_array_add (self->term_collections, collections_named (self->collections, term));
    }
}

static gboolean
same_terms (GPtrArray          *current,
            const char * const *terms)
{
  guint n = terms != NULL ? g_strv_length ((char **) terms) : 0;

  if (n != current->len)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (!g_str_equal (g_ptr_array_index (current, i), terms[i]))
      return FALSE;
  return TRUE;
}

/* Positions */

static gboolean
match_position (AtelierLibraryView *self,
                LibraryRow         *row,
                guint              *position)
{
  return _atelier_library_rows_find (self->matches, row, position);
}

/* Telling observers */

static gboolean show_more (gpointer data);

static gboolean
is_complete (AtelierLibraryView *self)
{
  return self->n_held == 0 && self->n_shown >= self->n_total;
}

static void
schedule_more (AtelierLibraryView *self)
{
  /* A short timeout, not an idle: frames that take longer than their interval (software
   * rendering, a spinner in a cell) starve a default idle, so the rest of the list would wait for
   * the animation to stop; an idle above the redraw's priority would keep the answer from being
   * painted until the whole list was told. This comes between frames, a part each time. */
  if (!is_complete (self) && self->show_more_id == 0)
    self->show_more_id = g_timeout_add (SHOW_MORE_MS, show_more, self);
  else if (is_complete (self))
    g_clear_handle_id (&self->show_more_id, g_source_remove);
}

/* Tells observers of the items after the n_shown they know, up to `n` in all. */
static void
show_up_to (AtelierLibraryView *self,
            guint               n)
{
  guint old = self->n_shown;

  n = MIN (n, self->n_total - self->n_held);
  if (n <= old)
    return;
  self->n_shown = n;
  g_list_model_items_changed (G_LIST_MODEL (self), old, 0, n - old);
}

/* Tells observers of the `n` held items next to those they know (the oldest of the held). */
static void
release_held (AtelierLibraryView *self,
              guint               n)
{
  n = MIN (n, self->n_held);
  if (n == 0)
    return;
  self->n_held -= n;
  self->n_shown += n;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, n);
}

static gboolean
end_turn (gpointer data)
{
  AtelierLibraryView *self = data;

  self->turn_id = 0;
  self->added_this_turn = 0;
  return G_SOURCE_REMOVE;
}

static gboolean
show_more (gpointer data)
{
  AtelierLibraryView *self = data;

  self->show_more_id = 0;
  /* Hundreds held (a scan that found another instance's work) are more than a grid keeps
   * bound: the oldest of them at once, like the tail of a list. */
  if (self->n_held > SHOWN_GRADUALLY)
    release_held (self, self->n_held - SHOWN_GRADUALLY);
  release_held (self, ADDED_PER_TURN);
  if (self->n_shown + SHOWN_PER_TURN >= SHOWN_GRADUALLY)
    show_up_to (self, self->n_total);
  else
    show_up_to (self, self->n_shown + SHOWN_PER_TURN);
  schedule_more (self);
  return G_SOURCE_REMOVE;
}

static guint
count_whole (AtelierLibraryView *self)
{
  if (self->matches != NULL)
    return self->matches->len;
  return self->library != NULL ? self->library->rows->len : 0;
}

/* The whole list is new, `n` items: observers hear that every item they knew went, then of a
 * first screen of the new ones; the rest follow. */
static void
replace_all (AtelierLibraryView *self,
             guint               n)
{
  guint old = self->n_shown;

  self->n_shown = 0;
  self->n_held = 0;
  self->n_total = n;
  if (old > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old, 0);
  show_up_to (self, FIRST_SHOWN);
  schedule_more (self);
}

/* New items at the head of what observers know (`position`, in the whole list, is n_held): the
 * first few of a turn are told, the rest held. */
static void
add_at_head (AtelierLibraryView *self,
             guint               added)
{
  guint told = 0;

  if (self->n_held == 0 && self->added_this_turn < ADDED_AT_ONCE)
    told = MIN (added, ADDED_AT_ONCE - self->added_this_turn);
  self->n_total += added;
  self->n_held += added - told;
  if (told > 0)
    {
      self->added_this_turn += told;
      if (self->turn_id == 0)
        self->turn_id = g_idle_add_full (G_PRIORITY_HIGH, end_turn, self, NULL);
      /* The last `told` of the new ones are next to the items observers know. */
      self->n_shown += told;
      g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, told);
    }
  schedule_more (self);
}

/* One change to the whole list: observers hear of the part they know, or of the new items when
 * they know the whole list. */
static void
tell_change (AtelierLibraryView *self,
             guint               position,
             guint               removed,
             guint               added)
{
  gboolean complete;
  guint known_removed;

  if (position + removed > self->n_total)
    {
      /* Out of step with the library: a bug, but the grid can start over. */
      g_critical ("Library view out of step: %u + %u of %u", position, removed, self->n_total);
      replace_all (self, count_whole (self));
      return;
    }
  if (position < self->n_held && position + removed <= self->n_held)
    {
      /* Among the held items: observers knew none of them. */
      self->n_held = self->n_held - removed + added;
      self->n_total = self->n_total - removed + added;
      schedule_more (self);
      return;
    }
  if (position < self->n_held)
    release_held (self, self->n_held);  /* across the held and the told: tell the held first */
  if (removed == 0 && position == self->n_held)
    {
      add_at_head (self, added);
      return;
    }

  position -= self->n_held;
  complete = self->n_shown >= self->n_total - self->n_held;
  self->n_total = self->n_total - removed + added;
  if (!complete && position >= self->n_shown)
    {
      schedule_more (self);  /* beyond what observers know: it comes with the rest */
      return;
    }
  known_removed = MIN (removed, self->n_shown - position);
  self->n_shown = self->n_shown - known_removed + added;
  if (known_removed > 0 || added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), position, known_removed, added);
  schedule_more (self);
}

static void
refilter (AtelierLibraryView *self)
{
  guint n_rows = self->library != NULL ? self->library->rows->len : 0;

  g_clear_pointer (&self->matches, g_ptr_array_unref);
  if (self->library != NULL && is_filtered (self))
    {
      self->matches = g_ptr_array_new ();
      for (guint i = 0; i < n_rows; i++)
        {
          LibraryRow *row = g_ptr_array_index (self->library->rows, i);

          if (row_matches (self, row))
            g_ptr_array_add (self->matches, row);
        }
    }
  replace_all (self, count_whole (self));
}

/* What the library tells its views (called before the library's own items-changed). */

void
_atelier_library_view_row_inserted (gpointer    view,
                                    LibraryRow *row,
                                    guint       position)
{
  AtelierLibraryView *self = view;
  guint at;

  if (self->matches == NULL || !row_matches (self, row))
    return;
  match_position (self, row, &at);
  g_ptr_array_insert (self->matches, at, row);
  tell_change (self, at, 0, 1);
}

void
_atelier_library_view_row_removed (gpointer    view,
                                   LibraryRow *row,
                                   guint       position)
{
  AtelierLibraryView *self = view;
  guint at;

  if (self->matches == NULL || !match_position (self, row, &at))
    return;
  g_ptr_array_remove_index (self->matches, at);
  tell_change (self, at, 1, 0);
}

void
_atelier_library_view_row_changed (gpointer    view,
                                   LibraryRow *row)
{
  AtelierLibraryView *self = view;
  gboolean shown, wanted;
  guint at;

  if (self->matches == NULL)
    return;
  shown = match_position (self, row, &at);
  wanted = row_matches (self, row);
  if (shown && !wanted)
    {
      g_ptr_array_remove_index (self->matches, at);
      tell_change (self, at, 1, 0);
    }
  else if (!shown && wanted)
    {
      g_ptr_array_insert (self->matches, at, row);
      tell_change (self, at, 0, 1);
    }
}

void
_atelier_library_view_reset (gpointer view)
{
  AtelierLibraryView *self = view;

  /* Unfiltered, the library's own items-changed follows. */
  if (self->matches != NULL)
    refilter (self);
}

static void
on_library_items_changed (AtelierLibraryView *self,
                          guint               position,
                          guint               removed,
                          guint               added)
{
  if (self->matches != NULL)
    return;
  /* The library replaces its whole model as a removal then an addition: a new list. */
  if (position == 0 && removed == 0 && added == self->library->rows->len && self->n_total == 0)
    replace_all (self, added);
  else
    tell_change (self, position, removed, added);
}

/* GListModel */

static GType
atelier_library_view_get_item_type (GListModel *model)
{
  return ATELIER_TYPE_JOB;
}

static guint
atelier_library_view_get_n_items (GListModel *model)
{
  AtelierLibraryView *self = ATELIER_LIBRARY_VIEW (model);

  return self->n_shown;
}

static gpointer
atelier_library_view_get_item (GListModel *model,
                               guint       position)
{
  AtelierLibraryView *self = ATELIER_LIBRARY_VIEW (model);

  if (position >= self->n_shown)
    return NULL;
  position += self->n_held;
  if (self->matches == NULL)
    return self->library != NULL ? g_list_model_get_item (G_LIST_MODEL (self->library), position)
                                 : NULL;
  if (position >= self->matches->len)
    return NULL;
  return _atelier_library_row_get_job (self->library, g_ptr_array_index (self->matches, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = atelier_library_view_get_item_type;
  iface->get_n_items = atelier_library_view_get_n_items;
  iface->get_item = atelier_library_view_get_item;
}

/* GObject */

static void
detach (AtelierLibraryView *self)
{
  if (self->library == NULL)
    return;
  self->library->views = g_list_remove (self->library->views, self);
  g_signal_handlers_disconnect_by_data (self->library, self);
  g_clear_object (&self->library);
}

static void
atelier_library_view_dispose (GObject *object)
{
  AtelierLibraryView *self = ATELIER_LIBRARY_VIEW (object);

  detach (self);
  g_clear_handle_id (&self->show_more_id, g_source_remove);
  g_clear_handle_id (&self->turn_id, g_source_remove);
  g_clear_pointer (&self->matches, g_ptr_array_unref);
  if (self->collections != NULL)
    g_signal_handlers_disconnect_by_data (self->collections, self);
  g_clear_object (&self->collections);

  G_OBJECT_CLASS (atelier_library_view_parent_class)->dispose (object);
}

static void
atelier_library_view_finalize (GObject *object)
{
  AtelierLibraryView *self = ATELIER_LIBRARY_VIEW (object);

  g_ptr_array_unref (self->terms);
  g_ptr_array_unref (self->term_models);
  g_ptr_array_unref (self->term_collections);
  atelier_scope_clear (&self->scope);

  G_OBJECT_CLASS (atelier_library_view_parent_class)->finalize (object);
}

static void
atelier_library_view_class_init (AtelierLibraryViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = atelier_library_view_dispose;
  object_class->finalize = atelier_library_view_finalize;
}

static void
atelier_library_view_init (AtelierLibraryView *self)
{
  self->terms = g_ptr_array_new_with_free_func (g_free);
  self->term_models = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  self->term_collections = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
}

AtelierLibraryView *
atelier_library_view_new (AtelierLibrary *library)
{
  AtelierLibraryView *self = g_object_new (ATELIER_TYPE_LIBRARY_VIEW, NULL);

  atelier_library_view_set_library (self, library);
  return self;
}

void
atelier_library_view_set_library (AtelierLibraryView *self,
                                  AtelierLibrary     *library)
{
  g_return_if_fail (ATELIER_IS_LIBRARY_VIEW (self));
  g_return_if_fail (library == NULL || ATELIER_IS_LIBRARY (library));

  if (self->library == library)
    return;

  detach (self);
  g_clear_pointer (&self->matches, g_ptr_array_unref);

  if (library != NULL)
    {
      self->library = g_object_ref (library);
      library->views = g_list_prepend (library->views, self);
      g_signal_connect_object (library, "items-changed", G_CALLBACK (on_library_items_changed),
                               self, G_CONNECT_SWAPPED);
    }
  refilter (self);
}

AtelierLibrary *
atelier_library_view_get_library (AtelierLibraryView *self)
{
  g_return_val_if_fail (ATELIER_IS_LIBRARY_VIEW (self), NULL);
  return self->library;
}

void
atelier_library_view_set_search (AtelierLibraryView *self,
                                 const char         *text)
{
  g_auto(GStrv) terms = NULL;

  g_return_if_fail (ATELIER_IS_LIBRARY_VIEW (self));

  terms = atelier_search_fold_terms (text);
  /* The same terms again (the search entry's delayed signal after atelier_gallery_set_search, a
   * space typed): nothing to redo, and redoing it would make the grid rebind every cell. */
  if (same_terms (self->terms, (const char * const *) terms))
    return;
  g_ptr_array_set_size (self->terms, 0);
  for (guint i = 0; terms != NULL && terms[i] != NULL; i++)
    g_ptr_array_add (self->terms, g_strdup (terms[i]));
  name_terms (self);
  refilter (self);
}

static void
on_collections_changed (AtelierLibraryView *self)
{
  /* A renamed collection may match the search now, a deleted one no longer. */
  name_terms (self);
  if (self->terms->len > 0 || self->scope.kind == ATELIER_SCOPE_COLLECTION)
    refilter (self);
}

void
atelier_library_view_set_collections (AtelierLibraryView *self,
                                      AtelierCollections *collections)
{
  g_return_if_fail (ATELIER_IS_LIBRARY_VIEW (self));

  if (self->collections == collections)
    return;
  if (self->collections != NULL)
    g_signal_handlers_disconnect_by_data (self->collections, self);
  g_set_object (&self->collections, collections);
  if (collections != NULL)
    g_signal_connect_object (collections, "changed", G_CALLBACK (on_collections_changed), self,
                             G_CONNECT_SWAPPED);
  on_collections_changed (self);
}

void
atelier_library_view_set_scope (AtelierLibraryView *self,
                                const char         *scope)
{
  g_autofree char *old = NULL;

  g_return_if_fail (ATELIER_IS_LIBRARY_VIEW (self));

  old = atelier_scope_to_string (&self->scope);
  if (g_strcmp0 (old, scope != NULL ? scope : "all") == 0)
    return;
  atelier_scope_parse (&self->scope, scope);
  refilter (self);
}

void
atelier_library_view_set_model_id (AtelierLibraryView *self,
                                   const char         *model_id)
{
  const char *interned;

  g_return_if_fail (ATELIER_IS_LIBRARY_VIEW (self));

  interned = model_id != NULL ? g_intern_string (model_id) : NULL;
  if (interned == self->model_id)
    return;
  self->model_id = interned;
  refilter (self);
}

gboolean
atelier_library_view_find (AtelierLibraryView *self,
                           const char         *job_id,
                           guint              *position)
{
  LibraryRow *row;
  guint at;

  g_return_val_if_fail (ATELIER_IS_LIBRARY_VIEW (self), FALSE);
  g_return_val_if_fail (job_id != NULL, FALSE);

  if (self->library == NULL)
    return FALSE;
  if (self->matches == NULL)
    {
      if (!atelier_library_find (self->library, job_id, &at))
        return FALSE;
    }
  else
    {
      row = g_hash_table_lookup (self->library->by_id, job_id);
      if (row == NULL || row->removed || !match_position (self, row, &at))
        return FALSE;
    }
  /* Asked for (to scroll to it): observers hear of it now, and of everything before it. */
  if (at < self->n_held)
    release_held (self, self->n_held);
  at -= self->n_held;
  if (at >= self->n_shown)
    show_up_to (self, self->n_total);
  schedule_more (self);
  if (position != NULL)
    *position = at;
  return TRUE;
}

GStrv
atelier_library_search_pictures (AtelierLibrary     *library,
                                 const char * const *terms,
                                 guint               max)
{
  g_autoptr(AtelierLibraryView) view = NULL;
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_autofree char *text = NULL;
  guint n = 0;

  g_return_val_if_fail (ATELIER_IS_LIBRARY (library), NULL);

  text = g_strjoinv (" ", (char **) terms);
  if (text == NULL || g_strstrip (text)[0] == '\0')
    return g_strv_builder_end (ids);

  view = atelier_library_view_new (library);
  atelier_library_view_set_search (view, text);
  /* Finished pictures only: a failed or running job has nothing to show. */
  for (guint i = 0; view->matches != NULL && i < view->matches->len && n < max; i++)
    {
      LibraryRow *row = g_ptr_array_index (view->matches, i);

      if (row->state == ATELIER_JOB_READY)
        {
          g_strv_builder_add (ids, row->id);
          n++;
        }
    }
  return g_strv_builder_end (ids);
}
