/* atelier-mask.c — the Fill mask: the bitmap, strokes, whole-mask edits and tiled undo
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "atelier-mask-private.h"

/* The bitmap is as large as the image (12 MP is 12 MB), so nothing here ever copies all of it
 * for one edit. Undo works on square tiles: the first time an edit touches a tile, the tile's
 * bytes are saved; undoing swaps the saved bytes with the current ones, which leaves exactly what
 * redo needs in the same record. A stroke over a corner of a large photo keeps a few kilobytes. */

#define TILE_SIZE 64
/* Undo keeps at most this many steps and this many saved bytes, dropping the oldest first. */
#define MAX_UNDO_STEPS 100
#define MAX_UNDO_BYTES (256u * 1024u * 1024u)
/* A brush smaller than this could fall between pixel centres and paint nothing. */
#define MIN_RADIUS 0.75

G_DEFINE_ENUM_TYPE (AtelierMaskTool, atelier_mask_tool,
                    G_DEFINE_ENUM_VALUE (ATELIER_MASK_TOOL_BRUSH, "brush"),
                    G_DEFINE_ENUM_VALUE (ATELIER_MASK_TOOL_ERASER, "eraser"))

typedef enum
{
  EDIT_TILES,   /* saved tiles, swapped on undo and redo */
  EDIT_INVERT,  /* its own inverse: nothing saved */
} EditKind;

typedef struct
{
  guint   tile;
  guint8 *bytes;
} SavedTile;

struct _Edit
{
  EditKind  kind;
  GArray   *tiles;   /* SavedTile */
  gsize     n_bytes;
};

G_DEFINE_FINAL_TYPE (AtelierMask, atelier_mask, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_EMPTY,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  N_PROPS
};

enum
{
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Edits */

static void
edit_free (Edit *edit)
{
  if (edit->tiles != NULL)
    {
      for (guint i = 0; i < edit->tiles->len; i++)
        g_free (g_array_index (edit->tiles, SavedTile, i).bytes);
      g_array_unref (edit->tiles);
    }
  g_free (edit);
}

static Edit *
edit_new (EditKind kind)
{
  Edit *edit = g_new0 (Edit, 1);

  edit->kind = kind;
  if (kind == EDIT_TILES)
    edit->tiles = g_array_new (FALSE, FALSE, sizeof (SavedTile));
  return edit;
}

static void
tile_rect (AtelierMask *self,
           guint        tile,
           guint       *x,
           guint       *y,
           guint       *width,
           guint       *height)
{
  *x = (tile % self->tiles_x) * TILE_SIZE;
  *y = (tile / self->tiles_x) * TILE_SIZE;
  *width = MIN (TILE_SIZE, self->width - *x);
  *height = MIN (TILE_SIZE, self->height - *y);
}

static void
save_tile (AtelierMask *self,
           Edit        *edit,
           guint        tile)
{
  SavedTile saved;
  guint x, y, width, height;

  tile_rect (self, tile, &x, &y, &width, &height);
  saved.tile = tile;
  saved.bytes = g_malloc ((gsize) width * height);
  for (guint row = 0; row < height; row++)
    memcpy (saved.bytes + (gsize) row * width, self->data + (gsize) (y + row) * self->width + x, width);

  g_array_append_val (edit->tiles, saved);
  edit->n_bytes += (gsize) width * height;
}

static guint64
count_painted (const guint8 *bytes,
               gsize         n)
{
  guint64 count = 0;

  for (gsize i = 0; i < n; i++)
    count += bytes[i] != 0;
  return count;
}

/* Swaps a saved tile with the bitmap: applied once it undoes, applied again it redoes. */
static void
swap_tile (AtelierMask *self,
           SavedTile   *saved,
           guint       *min_x,
           guint       *min_y,
           guint       *max_x,
           guint       *max_y)
{
  guint x, y, width, height;

  tile_rect (self, saved->tile, &x, &y, &width, &height);
  for (guint row = 0; row < height; row++)
    {
      guint8 *line = self->data + (gsize) (y + row) * self->width + x;
      guint8 *other = saved->bytes + (gsize) row * width;

      self->n_painted -= count_painted (line, width);
      self->n_painted += count_painted (other, width);
      for (guint i = 0; i < width; i++)
        {
          guint8 tmp = line[i];

          line[i] = other[i];
          other[i] = tmp;
        }
    }

  *min_x = MIN (*min_x, x);
  *min_y = MIN (*min_y, y);
  *max_x = MAX (*max_x, x + width);
  *max_y = MAX (*max_y, y + height);
}

static void
invert_all (AtelierMask *self)
{
  gsize n = (gsize) self->width * self->height;

  for (gsize i = 0; i < n; i++)
    self->data[i] = self->data[i] != 0 ? 0 : ATELIER_MASK_PAINTED;
  self->n_painted = n - self->n_painted;
}

static void
update_state (AtelierMask *self)
{
  gboolean empty = self->n_painted == 0;
  gboolean can_undo = !g_queue_is_empty (&self->undo);
  gboolean can_redo = !g_queue_is_empty (&self->redo);

  if (empty != self->was_empty)
    {
      self->was_empty = empty;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMPTY]);
    }
  if (can_undo != self->could_undo)
    {
      self->could_undo = can_undo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
    }
  if (can_redo != self->could_redo)
    {
      self->could_redo = can_redo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
    }
}

static void
emit_changed (AtelierMask *self,
              guint        x,
              guint        y,
              guint        width,
              guint        height)
{
  if (width > 0 && height > 0)
    g_signal_emit (self, signals[CHANGED], 0, (int) x, (int) y, (int) width, (int) height);
}

static void
push_undo (AtelierMask *self,
           Edit        *edit)
{
  Edit *dropped;

  while ((dropped = g_queue_pop_head (&self->redo)) != NULL)
    edit_free (dropped);

  g_queue_push_head (&self->undo, edit);
  self->undo_bytes += edit->n_bytes;

  while (g_queue_get_length (&self->undo) > MAX_UNDO_STEPS
         || (self->undo_bytes > MAX_UNDO_BYTES && g_queue_get_length (&self->undo) > 1))
    {
      dropped = g_queue_pop_tail (&self->undo);
      self->undo_bytes -= dropped->n_bytes;
      edit_free (dropped);
    }
}

/* Applies an undo or redo record; returns it ready for the opposite stack. */
static void
apply_edit (AtelierMask *self,
            Edit        *edit)
{
  if (edit->kind == EDIT_INVERT)
    {
      invert_all (self);
      emit_changed (self, 0, 0, self->width, self->height);
    }
  else
    {
      guint min_x = G_MAXUINT, min_y = G_MAXUINT, max_x = 0, max_y = 0;

      for (guint i = 0; i < edit->tiles->len; i++)
        swap_tile (self, &g_array_index (edit->tiles, SavedTile, i), &min_x, &min_y, &max_x, &max_y);
      if (edit->tiles->len > 0)
        emit_changed (self, min_x, min_y, max_x - min_x, max_y - min_y);
    }
}

/* Replaces the bitmap by `new_data`, saving only the tiles that change. */
static void
replace_data (AtelierMask  *self,
              const guint8 *new_data)
{
  Edit *edit = edit_new (EDIT_TILES);
  guint n_tiles = self->tiles_x * self->tiles_y;
  guint min_x = G_MAXUINT, min_y = G_MAXUINT, max_x = 0, max_y = 0;

  for (guint tile = 0; tile < n_tiles; tile++)
    {
      guint x, y, width, height;
      gboolean differs = FALSE;

      tile_rect (self, tile, &x, &y, &width, &height);
      for (guint row = 0; row < height && !differs; row++)
        {
          gsize offset = (gsize) (y + row) * self->width + x;

          differs = memcmp (self->data + offset, new_data + offset, width) != 0;
        }
      if (!differs)
        continue;

      save_tile (self, edit, tile);
      for (guint row = 0; row < height; row++)
        {
          gsize offset = (gsize) (y + row) * self->width + x;

          self->n_painted -= count_painted (self->data + offset, width);
          memcpy (self->data + offset, new_data + offset, width);
          self->n_painted += count_painted (self->data + offset, width);
        }
      min_x = MIN (min_x, x);
      min_y = MIN (min_y, y);
      max_x = MAX (max_x, x + width);
      max_y = MAX (max_y, y + height);
    }

  if (edit->tiles->len == 0)
    {
      edit_free (edit);
      return;
    }

  push_undo (self, edit);
  emit_changed (self, min_x, min_y, max_x - min_x, max_y - min_y);
  update_state (self);
}

/* GObject */

static void
atelier_mask_finalize (GObject *object)
{
  AtelierMask *self = ATELIER_MASK (object);

  g_queue_clear_full (&self->undo, (GDestroyNotify) edit_free);
  g_queue_clear_full (&self->redo, (GDestroyNotify) edit_free);
  g_clear_pointer (&self->stroke, edit_free);
  g_clear_pointer (&self->touched, g_free);
  g_clear_pointer (&self->data, g_free);

  G_OBJECT_CLASS (atelier_mask_parent_class)->finalize (object);
}

static void
atelier_mask_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  AtelierMask *self = ATELIER_MASK (object);

  switch (prop_id)
    {
    case PROP_WIDTH:
      g_value_set_uint (value, self->width);
      break;
    case PROP_HEIGHT:
      g_value_set_uint (value, self->height);
      break;
    case PROP_EMPTY:
      g_value_set_boolean (value, atelier_mask_is_empty (self));
      break;
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, atelier_mask_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, atelier_mask_can_redo (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_mask_class_init (AtelierMaskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = atelier_mask_finalize;
  object_class->get_property = atelier_mask_get_property;

  properties[PROP_WIDTH] = g_param_spec_uint ("width", NULL, NULL, 0, G_MAXUINT, 0,
                                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HEIGHT] = g_param_spec_uint ("height", NULL, NULL, 0, G_MAXUINT, 0,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_EMPTY] = g_param_spec_boolean ("empty", NULL, NULL, TRUE,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CAN_UNDO] = g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CAN_REDO] = g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* changed (x, y, width, height): the pixels that changed, in image coordinates. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 4,
                                   G_TYPE_INT, G_TYPE_INT, G_TYPE_INT, G_TYPE_INT);
}

static void
atelier_mask_init (AtelierMask *self)
{
  g_queue_init (&self->undo);
  g_queue_init (&self->redo);
  self->was_empty = TRUE;
  self->hardness = 1.0;
}

AtelierMask *
atelier_mask_new (guint width,
                  guint height)
{
  AtelierMask *self;

  g_return_val_if_fail (width > 0 && height > 0, NULL);

  self = g_object_new (ATELIER_TYPE_MASK, NULL);
  self->width = width;
  self->height = height;
  self->data = g_malloc0 ((gsize) width * height);
  self->tiles_x = (width + TILE_SIZE - 1) / TILE_SIZE;
  self->tiles_y = (height + TILE_SIZE - 1) / TILE_SIZE;
  self->touched = g_malloc0 ((gsize) self->tiles_x * self->tiles_y);
  return self;
}

guint
atelier_mask_get_width (AtelierMask *self)
{
  g_return_val_if_fail (ATELIER_IS_MASK (self), 0);
  return self->width;
}

guint
atelier_mask_get_height (AtelierMask *self)
{
  g_return_val_if_fail (ATELIER_IS_MASK (self), 0);
  return self->height;
}

const guint8 *
atelier_mask_get_data (AtelierMask *self)
{
  g_return_val_if_fail (ATELIER_IS_MASK (self), NULL);
  return self->data;
}

guint8
atelier_mask_get_pixel (AtelierMask *self,
                        guint        x,
                        guint        y)
{
  g_return_val_if_fail (ATELIER_IS_MASK (self), 0);
  g_return_val_if_fail (x < self->width && y < self->height, 0);
  return self->data[(gsize) y * self->width + x];
}

gboolean
atelier_mask_is_empty (AtelierMask *self)
{
  g_return_val_if_fail (ATELIER_IS_MASK (self), TRUE);
  return self->n_painted == 0;
}

guint64
atelier_mask_get_n_painted (AtelierMask *self)
{
  g_return_val_if_fail (ATELIER_IS_MASK (self), 0);
  return self->n_painted;
}

/* Strokes */

void
atelier_mask_set_hardness (AtelierMask *self,
                           double       hardness)
{
  g_return_if_fail (ATELIER_IS_MASK (self));

  self->hardness = isfinite (hardness) ? CLAMP (hardness, 0.0, 1.0) : 1.0;
}

double
atelier_mask_get_hardness (AtelierMask *self)
{
  g_return_val_if_fail (ATELIER_IS_MASK (self), 1.0);
  return self->hardness;
}

void
atelier_mask_begin_stroke (AtelierMask     *self,
                           AtelierMaskTool  tool)
{
  g_return_if_fail (ATELIER_IS_MASK (self));

  if (self->stroke != NULL)
    atelier_mask_end_stroke (self);

  self->stroke = edit_new (EDIT_TILES);
  self->tool = tool;
  self->has_last = FALSE;
}

gboolean
atelier_mask_in_stroke (AtelierMask *self)
{
  g_return_val_if_fail (ATELIER_IS_MASK (self), FALSE);
  return self->stroke != NULL;
}

/* How much of the brush a pixel at distance² d2 from the stroke gets (0…255): all of it inside
 * the solid core, fading smoothly to nothing at the radius. */
static guint8
coverage (double d2,
          double core2,
          double core,
          double radius)
{
  double t;

  if (d2 <= core2)
    return ATELIER_MASK_PAINTED;
  t = (sqrt (d2) - core) / (radius - core);
  t = CLAMP (t, 0.0, 1.0);
  return (guint8) round (ATELIER_MASK_PAINTED * (1.0 - t * t * (3.0 - 2.0 * t)));
}

/* Stamps the capsule around the segment (x0, y0)–(x1, y1): every pixel whose centre lies within
 * `radius` of the segment. Only its bounding box is visited. A soft brush only ever adds to
 * what is painted (or, erasing, takes away), so a stroke that passes twice does not punch
 * holes in its own edge. */
static void
stamp_segment (AtelierMask *self,
               double       x0,
               double       y0,
               double       x1,
               double       y1,
               double       radius)
{
  guint8 value = self->tool == ATELIER_MASK_TOOL_BRUSH ? ATELIER_MASK_PAINTED : 0;
  gboolean erase = self->tool != ATELIER_MASK_TOOL_BRUSH;
  gboolean soft = self->hardness < 1.0;
  double core = radius * self->hardness;
  double core2 = core * core;
  double dx = x1 - x0, dy = y1 - y0;
  double length2 = dx * dx + dy * dy;
  double inv_length2 = length2 > 1e-12 ? 1.0 / length2 : 0.0;
  double radius2 = radius * radius;
  int left = (int) floor (MIN (x0, x1) - radius);
  int top = (int) floor (MIN (y0, y1) - radius);
  int right = (int) ceil (MAX (x0, x1) + radius);
  int bottom = (int) ceil (MAX (y0, y1) + radius);

  left = CLAMP (left, 0, (int) self->width);
  right = CLAMP (right, 0, (int) self->width);
  top = CLAMP (top, 0, (int) self->height);
  bottom = CLAMP (bottom, 0, (int) self->height);
  if (left >= right || top >= bottom)
    return;

  /* Save the tiles before the first byte of them changes. */
  for (guint ty = top / TILE_SIZE; ty <= (guint) (bottom - 1) / TILE_SIZE; ty++)
    for (guint tx = left / TILE_SIZE; tx <= (guint) (right - 1) / TILE_SIZE; tx++)
      {
        guint tile = ty * self->tiles_x + tx;

        if (!self->touched[tile])
          {
            self->touched[tile] = TRUE;
            save_tile (self, self->stroke, tile);
          }
      }

  for (int y = top; y < bottom; y++)
    {
      guint8 *line = self->data + (gsize) y * self->width;
      double py = y + 0.5 - y0;

      for (int x = left; x < right; x++)
        {
          double px = x + 0.5 - x0;
          double t = (px * dx + py * dy) * inv_length2;
          double ex, ey;

          t = CLAMP (t, 0.0, 1.0);
          ex = px - t * dx;
          ey = py - t * dy;
          if (!soft)
            {
              if (ex * ex + ey * ey <= radius2 && line[x] != value)
                {
                  line[x] = value;
                  if (value != 0)
                    self->n_painted++;
                  else
                    self->n_painted--;
                }
            }
          /* A pixel already at the end the tool goes to cannot change: most of a segment
           * is the previous one's capsule again, so skip it before the square root. */
          else if (line[x] != value && ex * ex + ey * ey < radius2)
            {
              guint8 amount = coverage (ex * ex + ey * ey, core2, core, radius);
              guint8 before = line[x];
              guint8 after = erase ? MIN (before, ATELIER_MASK_PAINTED - amount) : MAX (before, amount);

              if (after != before)
                {
                  line[x] = after;
                  if (before == 0)
                    self->n_painted++;
                  else if (after == 0)
                    self->n_painted--;
                }
            }
        }
    }

  emit_changed (self, left, top, right - left, bottom - top);
}

void
atelier_mask_stroke_to (AtelierMask *self,
                        double       x,
                        double       y,
                        double       radius)
{
  g_return_if_fail (ATELIER_IS_MASK (self));
  g_return_if_fail (self->stroke != NULL);

  if (!isfinite (x) || !isfinite (y) || !isfinite (radius))
    return;
  radius = MAX (radius, MIN_RADIUS);

  if (self->has_last)
    stamp_segment (self, self->last_x, self->last_y, x, y, radius);
  else
    stamp_segment (self, x, y, x, y, radius);

  self->last_x = x;
  self->last_y = y;
  self->has_last = TRUE;
  update_state (self);
}

void
atelier_mask_end_stroke (AtelierMask *self)
{
  Edit *stroke;

  g_return_if_fail (ATELIER_IS_MASK (self));

  stroke = g_steal_pointer (&self->stroke);
  if (stroke == NULL)
    return;

  for (guint i = 0; i < stroke->tiles->len; i++)
    self->touched[g_array_index (stroke->tiles, SavedTile, i).tile] = FALSE;

  /* A stroke that touched nothing (outside the image) is no step to undo. */
  if (stroke->tiles->len == 0)
    edit_free (stroke);
  else
    push_undo (self, stroke);
  update_state (self);
}

/* Whole-mask edits */

void
atelier_mask_clear (AtelierMask *self)
{
  Edit *edit;
  guint n_tiles;
  guint min_x = G_MAXUINT, min_y = G_MAXUINT, max_x = 0, max_y = 0;

  g_return_if_fail (ATELIER_IS_MASK (self));

  atelier_mask_end_stroke (self);
  if (self->n_painted == 0)
    return;

  /* Only the tiles with something painted are saved and cleared. */
  edit = edit_new (EDIT_TILES);
  n_tiles = self->tiles_x * self->tiles_y;
  for (guint tile = 0; tile < n_tiles; tile++)
    {
      guint x, y, width, height;
      guint64 painted = 0;

      tile_rect (self, tile, &x, &y, &width, &height);
      for (guint row = 0; row < height; row++)
        painted += count_painted (self->data + (gsize) (y + row) * self->width + x, width);
      if (painted == 0)
        continue;

      save_tile (self, edit, tile);
      for (guint row = 0; row < height; row++)
        memset (self->data + (gsize) (y + row) * self->width + x, 0, width);
      min_x = MIN (min_x, x);
      min_y = MIN (min_y, y);
      max_x = MAX (max_x, x + width);
      max_y = MAX (max_y, y + height);
    }
  self->n_painted = 0;

  push_undo (self, edit);
  emit_changed (self, min_x, min_y, max_x - min_x, max_y - min_y);
  update_state (self);
}

void
atelier_mask_invert (AtelierMask *self)
{
  g_return_if_fail (ATELIER_IS_MASK (self));

  atelier_mask_end_stroke (self);
  invert_all (self);
  push_undo (self, edit_new (EDIT_INVERT));
  emit_changed (self, 0, 0, self->width, self->height);
  update_state (self);
}

gboolean
atelier_mask_set_from_alpha (AtelierMask *self,
                             GdkPixbuf   *image)
{
  g_autofree guint8 *new_data = NULL;
  const guint8 *pixels;
  guint stride;

  g_return_val_if_fail (ATELIER_IS_MASK (self), FALSE);
  g_return_val_if_fail (GDK_IS_PIXBUF (image), FALSE);

  if (!gdk_pixbuf_get_has_alpha (image)
      || gdk_pixbuf_get_n_channels (image) != 4
      || gdk_pixbuf_get_bits_per_sample (image) != 8
      || (guint) gdk_pixbuf_get_width (image) != self->width
      || (guint) gdk_pixbuf_get_height (image) != self->height)
    return FALSE;

  atelier_mask_end_stroke (self);

  pixels = gdk_pixbuf_read_pixels (image);
  stride = gdk_pixbuf_get_rowstride (image);
  new_data = g_malloc ((gsize) self->width * self->height);
  for (guint y = 0; y < self->height; y++)
    {
      const guint8 *p = pixels + (gsize) y * stride + 3;
      guint8 *line = new_data + (gsize) y * self->width;

      for (guint x = 0; x < self->width; x++, p += 4)
        line[x] = *p < 128 ? ATELIER_MASK_PAINTED : 0;
    }

  replace_data (self, new_data);
  return TRUE;
}

gboolean
atelier_mask_replace (AtelierMask *self,
                      AtelierMask *other)
{
  g_return_val_if_fail (ATELIER_IS_MASK (self), FALSE);
  g_return_val_if_fail (ATELIER_IS_MASK (other), FALSE);

  if (other->width != self->width || other->height != self->height)
    return FALSE;

  atelier_mask_end_stroke (self);
  replace_data (self, other->data);
  return TRUE;
}

/* Undo */

gboolean
atelier_mask_can_undo (AtelierMask *self)
{
  g_return_val_if_fail (ATELIER_IS_MASK (self), FALSE);
  return !g_queue_is_empty (&self->undo);
}

gboolean
atelier_mask_can_redo (AtelierMask *self)
{
  g_return_val_if_fail (ATELIER_IS_MASK (self), FALSE);
  return !g_queue_is_empty (&self->redo);
}

void
atelier_mask_undo (AtelierMask *self)
{
  Edit *edit;

  g_return_if_fail (ATELIER_IS_MASK (self));

  atelier_mask_end_stroke (self);
  edit = g_queue_pop_head (&self->undo);
  if (edit == NULL)
    return;

  self->undo_bytes -= edit->n_bytes;
  apply_edit (self, edit);
  g_queue_push_head (&self->redo, edit);
  update_state (self);
}

void
atelier_mask_redo (AtelierMask *self)
{
  Edit *edit;

  g_return_if_fail (ATELIER_IS_MASK (self));

  atelier_mask_end_stroke (self);
  edit = g_queue_pop_head (&self->redo);
  if (edit == NULL)
    return;

  apply_edit (self, edit);
  g_queue_push_head (&self->undo, edit);
  self->undo_bytes += edit->n_bytes;
  update_state (self);
}

