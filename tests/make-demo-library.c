/* make-demo-library.c — a small finished library to look at: a variation set of three models ×
 * three seeds made from an earlier picture, a picture made from the set with a changed prompt, and
 * a few pictures alone. For the README's screenshots (build-aux/screenshots) and for trying the
 * grid and the lineage without a key.
 *
 *   make-demo-library DIR     writes DIR/jobs, DIR/images…; prints "set <id>", "child <id>" (made
 *                             from the set) and "member <id>" (its parent, in the set)
 *
 * The pictures are drawn here (a lighthouse at dusk, its light, sun and sea moved by the seed, its
 * palette by the model), so nothing is downloaded.
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <math.h>

#include "atelier-catalog.h"
#include "atelier-generation.h"
#include "atelier-job-private.h"
#include "atelier-library-private.h"

#define SIDE 640

typedef struct
{
  double sky_top[3];
  double sky_bottom[3];
  double sea[3];
} Palette;

static const Palette palettes[] = {
  { { 0.16, 0.20, 0.42 }, { 0.96, 0.60, 0.38 }, { 0.10, 0.23, 0.35 } },  /* dusk */
  { { 0.05, 0.08, 0.20 }, { 0.70, 0.36, 0.52 }, { 0.06, 0.12, 0.22 } },  /* violet night */
  { { 0.36, 0.58, 0.80 }, { 0.98, 0.86, 0.62 }, { 0.16, 0.38, 0.46 } },  /* gold hour */
  { { 0.30, 0.36, 0.40 }, { 0.78, 0.80, 0.78 }, { 0.20, 0.28, 0.30 } },  /* storm */
};

static double
mix (double a,
     double b,
     double t)
{
  return a + (b - a) * CLAMP (t, 0, 1);
}

static guint8
byte (double v)
{
  return (guint8) CLAMP (v * 255.0 + 0.5, 0, 255);
}

/* A lighthouse on a cliff: the seed moves the sun, the waves and the tower, the palette colours
 * it, `red` paints the tower red. */
static GBytes *
draw (const Palette *palette,
      guint          seed,
      gboolean       red)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, SIDE, SIDE);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  GRand *rand = g_rand_new_with_seed (seed);
  double sun_x = g_rand_double_range (rand, 0.15, 0.85) * SIDE;
  double sun_y = g_rand_double_range (rand, 0.25, 0.45) * SIDE;
  double tower_x = g_rand_double_range (rand, 0.55, 0.75) * SIDE;
  double wave = g_rand_double_range (rand, 0.02, 0.06);
  double phase = g_rand_double_range (rand, 0, 6.28);
  double horizon = 0.62 * SIDE;
  g_autofree char *buffer = NULL;
  gsize length;

  for (int y = 0; y < SIDE; y++)
    for (int x = 0; x < SIDE; x++)
      {
        double c[3];
        double cliff = horizon - 10 - 80 * exp (-pow ((x - tower_x) / 120.0, 2));
        double d_sun = hypot (x - sun_x, y - sun_y);
        guint8 *p = pixels + y * stride + x * 3;

        for (int i = 0; i < 3; i++)
          c[i] = mix (palette->sky_top[i], palette->sky_bottom[i], (double) y / horizon);
        if (d_sun < 120)
          for (int i = 0; i < 3; i++)
            c[i] = mix (c[i], i == 2 ? 0.75 : 1.0, pow (1 - d_sun / 120, 2));
        if (y > horizon + sin (x * wave + phase) * 4)
          {
            double depth = (y - horizon) / (SIDE - horizon);
            double glint = (fabs (x - sun_x) < 30 + depth * 60 && ((y / 6) % 2 == 0)) ? 0.25 : 0;

            for (int i = 0; i < 3; i++)
              c[i] = mix (palette->sea[i], palette->sea[i] * 0.5, depth) + glint;
          }
        /* The cliff falls to the sea on its left, steeper further down. */
        if (y > cliff && x > tower_x - 110 - (y - cliff) * 0.7 && x < tower_x + 150 + (y - cliff) * 0.5)
          for (int i = 0; i < 3; i++)
            c[i] = mix (0.18, 0.10, (y - cliff) / 200.0) * (i == 1 ? 1.1 : 1.0);
        /* The tower, striped, and its lamp. */
        if (fabs (x - tower_x) < 16 - (cliff - y) * 0.03 && y < cliff + 2 && y > cliff - 150)
          {
            gboolean stripe = ((int) (cliff - y) / 30) % 2 == 0;

            c[0] = stripe ? (red ? 0.78 : 0.20) : 0.95;
            c[1] = stripe ? (red ? 0.16 : 0.26) : 0.95;
            c[2] = stripe ? (red ? 0.14 : 0.36) : 0.93;
          }
        if (hypot (x - tower_x, y - (cliff - 160)) < 12)
          c[0] = 1.0, c[1] = 0.93, c[2] = 0.6;
        p[0] = byte (c[0]);
        p[1] = byte (c[1]);
        p[2] = byte (c[2]);
      }
  g_rand_free (rand);
  if (!gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &length, "png", NULL, NULL))
    g_error ("Could not encode a picture");
  return g_bytes_new_take (g_steal_pointer (&buffer), length);
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

/* Adds the job as a finished picture: record, image, record again. */
static void
finish (AtelierLibrary *library,
        AtelierJob     *job,
        const Palette  *palette,
        gboolean        red,
        gint64          when)
{
  g_autoptr(GAsyncResult) added = NULL;
  g_autoptr(GAsyncResult) stored = NULL;
  g_autoptr(GAsyncResult) saved = NULL;
  g_autoptr(GBytes) png = draw (palette, (guint) atelier_job_get_seed (job), red);
  g_autoptr(GError) error = NULL;

  atelier_library_add_async (library, job, NULL, on_done, &added);
  if (!atelier_library_add_finish (library, wait_for (&added), &error))
    g_error ("%s", error->message);
  _atelier_job_set_task (job, g_uuid_string_random (), NULL);
  _atelier_job_set_submitted_at (job, when);
  atelier_library_store_image_async (library, job, png, "image/png", NULL, on_done, &stored);
  if (!atelier_library_store_image_finish (library, wait_for (&stored), &error))
    g_error ("%s", error->message);
  _atelier_job_set_ready_at (job, when + 9 * G_USEC_PER_SEC);
  _atelier_job_set_duration (job, 9.0);
  _atelier_job_set_actual_cost (job, atelier_job_get_estimated_cost (job));
  _atelier_job_set_state (job, ATELIER_JOB_READY);
  atelier_library_save_async (library, job, NULL, on_done, &saved);
  if (!atelier_library_save_finish (library, wait_for (&saved), &error))
    g_error ("%s", error->message);
}

static AtelierJob *
alone (AtelierLibrary *library,
       const char     *model_id,
       const char     *prompt,
       gint64          seed,
       const Palette  *palette,
       gint64          when)
{
  g_autoptr(AtelierRecipe) recipe = atelier_recipe_new ();
  AtelierJob *job;

  atelier_recipe_set_model_id (recipe, model_id);
  atelier_recipe_set_prompt (recipe, prompt);
  atelier_recipe_set_size (recipe, 1024, 1024);
  job = atelier_job_new (recipe);
  _atelier_job_set_seed (job, seed);
  _atelier_job_set_estimated_cost (job, 3);
  finish (library, job, palette, FALSE, when);
  return job;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GFile) dir = NULL;
  g_autoptr(AtelierLibrary) library = NULL;
  g_autoptr(AtelierRecipe) recipe = atelier_recipe_new ();
  g_autoptr(AtelierGeneration) generation = NULL;
  g_autoptr(AtelierJob) parent = NULL;
  g_autoptr(AtelierJob) child = NULL;
  g_autoptr(GPtrArray) set = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *set_id = g_uuid_string_random ();
  g_autofree double *per_job = NULL;
  AtelierCostEstimate total;
  const char * const models[] = { "flux-2-pro", "flux-2-max", "flux-2-klein-9b", NULL };
  gint64 when = g_get_real_time () - (gint64) 3 * 3600 * G_USEC_PER_SEC;

  if (argc != 2)
    {
      g_printerr ("usage: make-demo-library DIR\n");
      return 2;
    }
  dir = g_file_new_for_commandline_arg (argv[1]);
  library = atelier_library_new (dir);
  if (!_atelier_library_load (library, &error))
    g_error ("%s", error->message);

  g_object_unref (alone (library, "flux-2-pro", "Tide pools, macro, morning light", 77, &palettes[2], when));
  parent = alone (library, "flux-2-pro", "A lighthouse on a cliff at dawn, oil painting", 1200, &palettes[2],
                  when += 600 * G_USEC_PER_SEC);

  /* Three models, three seeds each, made from the picture before: as Generate makes a set. */
  atelier_recipe_set_model_id (recipe, "flux-2-pro");
  atelier_recipe_set_prompt (recipe, "A lighthouse on a cliff at dusk, oil painting");
  atelier_recipe_set_size (recipe, 1024, 1024);
  atelier_recipe_set_seed (recipe, 4100);
  generation = atelier_generation_new_models (recipe, models, 3, atelier_catalog_get_default (), &error);
  if (generation == NULL)
    g_error ("%s", error->message);
  per_job = g_new0 (double, atelier_generation_get_n_jobs (generation));
  atelier_generation_estimate (generation, atelier_catalog_get_default (), &total, per_job);
  for (guint i = 0; i < atelier_generation_get_n_jobs (generation); i++)
    {
      g_autoptr(AtelierJob) job = atelier_job_new (atelier_generation_get_recipe (generation, i));

      _atelier_job_set_seed (job, atelier_generation_get_seed (generation, i));
      _atelier_job_set_estimated_cost (job, per_job[i]);
      _atelier_job_set_variation (job, set_id, atelier_generation_get_kind (generation),
                                  atelier_generation_get_label (generation, i));
      _atelier_job_add_parent (job, atelier_job_get_id (parent), ATELIER_RELATION_REUSE);
      if (i > 0)
        _atelier_job_add_parent (job, atelier_job_get_id (g_ptr_array_index (set, 0)), ATELIER_RELATION_VARIATION);
      finish (library, job, &palettes[i / 3], FALSE, when += 2 * G_USEC_PER_SEC);
      g_ptr_array_add (set, g_object_ref (job));
    }
  atelier_library_set_favourite (library, g_ptr_array_index (set, 4), TRUE);
  atelier_library_set_favourite (library, g_ptr_array_index (set, 6), TRUE);

  /* Made from the set's max picture, with a changed prompt and BFL's upsampling. */
  {
    g_autoptr(AtelierRecipe) changed = atelier_recipe_copy (atelier_job_get_recipe (g_ptr_array_index (set, 4)));

    atelier_recipe_set_prompt (changed, "A red lighthouse on a cliff at dusk, oil painting, stormy sea");
    child = atelier_job_new (changed);
    _atelier_job_set_seed (child, 4102);
    _atelier_job_set_estimated_cost (child, 7);
    _atelier_job_set_upsampled_prompt (child, "A tall red-and-white lighthouse on a dark cliff at dusk, thick "
                                              "oil painting, a stormy sea breaking below, warm lamp light");
    _atelier_job_add_parent (child, atelier_job_get_id (g_ptr_array_index (set, 4)), ATELIER_RELATION_REUSE);
    finish (library, child, &palettes[3], TRUE, when += 300 * G_USEC_PER_SEC);
  }
  g_object_unref (alone (library, "flux-2-klein-4b", "Dunes and marram grass, wind", 9, &palettes[0],
                         when += 60 * G_USEC_PER_SEC));

  /* The stars' writes on disk before leaving (they are queued in the library's worker). */
  {
    gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC;

    while (g_get_monotonic_time () < until)
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (10000);
  }
  g_object_unref (g_steal_pointer (&library));
  g_print ("set %s\nchild %s\nmember %s\n", set_id, atelier_job_get_id (child),
           atelier_job_get_id (g_ptr_array_index (set, 4)));
  return 0;
}
