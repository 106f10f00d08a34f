/* atelier-mask.c
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "atelier-error.h"
#include "atelier-mask.h"

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

typedef struct
{
  EditKind  kind;
  GArray   *tiles;   /* SavedTile */
  gsize     n_bytes;
} Edit;

struct _AtelierMask
{
  GObject          parent_instance;

  guint            width;
  guint            height;
  guint8          *data;
  guint64          n_painted;

  guint            tiles_x;
  guint            tiles_y;

  GQueue           undo;  /* Edit *, newest at the head */
  GQueue           redo;
  gsize            undo_bytes;

  /* The stroke being drawn. */
  Edit            *stroke;
  guint8          *touched;  /* per tile: saved in this stroke already */
  AtelierMaskTool  tool;
  double           last_x;
  double           last_y;
  gboolean         has_last;

  /* Last notified values, so properties are notified only on a real change. */
  gboolean         was_empty;
  gboolean         could_undo;
  gboolean         could_redo;
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

static GdkPixbuf *
decode_png (GBytes  *png,
            GError **error)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr(GError) local_error = NULL;
  GdkPixbuf *pixbuf;

  if (!gdk_pixbuf_loader_write_bytes (loader, png, &local_error)
      || !gdk_pixbuf_loader_close (loader, &local_error))
    {
      g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE,
                   _("The mask is not a readable image: %s"), local_error->message);
      return NULL;
    }

  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pixbuf == NULL || gdk_pixbuf_get_bits_per_sample (pixbuf) != 8)
    {
      g_set_error_literal (error, ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE,
                           _("The mask is not a readable image"));
      return NULL;
    }
  return g_object_ref (pixbuf);
}

AtelierMask *
atelier_mask_new_from_png (GBytes  *png,
                           GError **error)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  AtelierMask *self;
  const guint8 *pixels;
  guint width, height, channels, stride;

  g_return_val_if_fail (png != NULL, NULL);

  pixbuf = decode_png (png, error);
  if (pixbuf == NULL)
    return NULL;

  width = gdk_pixbuf_get_width (pixbuf);
  height = gdk_pixbuf_get_height (pixbuf);
  channels = gdk_pixbuf_get_n_channels (pixbuf);
  stride = gdk_pixbuf_get_rowstride (pixbuf);
  pixels = gdk_pixbuf_read_pixels (pixbuf);

  self = atelier_mask_new (width, height);
  for (guint y = 0; y < height; y++)
    {
      const guint8 *p = pixels + (gsize) y * stride;
      guint8 *line = self->data + (gsize) y * width;

      for (guint x = 0; x < width; x++, p += channels)
        if ((guint) p[0] + p[1] + p[2] >= 3 * 128)
          {
            line[x] = ATELIER_MASK_PAINTED;
            self->n_painted++;
          }
    }
  self->was_empty = self->n_painted == 0;
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

/* Stamps the capsule around the segment (x0, y0)–(x1, y1): every pixel whose centre lies within
 * `radius` of the segment. Only its bounding box is visited. */
static void
stamp_segment (AtelierMask *self,
               double       x0,
               double       y0,
               double       x1,
               double       y1,
               double       radius)
{
  guint8 value = self->tool == ATELIER_MASK_TOOL_BRUSH ? ATELIER_MASK_PAINTED : 0;
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
          if (ex * ex + ey * ey <= radius2 && line[x] != value)
            {
              line[x] = value;
              if (value != 0)
                self->n_painted++;
              else
                self->n_painted--;
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

/* Overlay */

void
atelier_mask_render_overlay (AtelierMask  *self,
                             guint         x,
                             guint         y,
                             guint         width,
                             guint         height,
                             const guint8  color[4],
                             guint8       *dest,
                             gsize         dest_stride,
                             gboolean     *all_kept,
                             gboolean     *all_painted)
{
  atelier_mask_render_overlay_with_edge (self, x, y, width, height, color, 0, NULL,
                                         dest, dest_stride, all_kept, all_painted);
}

/* Marks in `near` (width × (height + 2 × edge) bytes, one row per row of the rectangle and its
 * margin) the pixels that have a kept pixel within `edge` columns on their row. */
static void
find_kept_on_rows (AtelierMask *self,
                   guint        x,
                   guint        width,
                   guint        first_row,
                   guint        n_rows,
                   guint        edge,
                   guint8      *near)
{
  guint from = x >= edge ? x - edge : 0;
  guint to = MIN (self->width, x + width + edge);
  g_autofree guint *kept_before = g_new (guint, to - from + 1);

  for (guint row = 0; row < n_rows; row++)
    {
      const guint8 *line = self->data + (gsize) (first_row + row) * self->width;
      guint8 *out = near + (gsize) row * width;

      kept_before[0] = 0;
      for (guint i = from; i < to; i++)
        kept_before[i - from + 1] = kept_before[i - from] + (line[i] == 0);
      for (guint i = 0; i < width; i++)
        {
          guint left = x + i >= from + edge ? x + i - edge : from;
          guint right = MIN (to, x + i + edge + 1);

          out[i] = kept_before[right - from] - kept_before[left - from] > 0;
        }
    }
}

void
atelier_mask_render_overlay_with_edge (AtelierMask  *self,
                                       guint         x,
                                       guint         y,
                                       guint         width,
                                       guint         height,
                                       const guint8  color[4],
                                       guint         edge_width,
                                       const guint8  edge_color[4],
                                       guint8       *dest,
                                       gsize         dest_stride,
                                       gboolean     *all_kept,
                                       gboolean     *all_painted)
{
  guint32 painted_pixel, edge_pixel = 0, kept_pixel = 0;
  guint64 painted = 0, edges = 0;
  g_autofree guint8 *near = NULL;
  g_autofree guint *window = NULL;
  guint first_row = 0, n_rows = 0;

  g_return_if_fail (ATELIER_IS_MASK (self));
  g_return_if_fail (x + width <= self->width && y + height <= self->height);
  g_return_if_fail (edge_width == 0 || edge_color != NULL);

  memcpy (&painted_pixel, color, 4);
  if (edge_width > 0)
    {
      memcpy (&edge_pixel, edge_color, 4);

      /* A painted pixel is on the edge when a kept one lies within edge_width in both
       * directions (a square around it): kept pixels are found on each row first, then a
       * sliding count down the columns says which pixels have one in the square. Outside the
       * picture counts as painted, so the picture's border is no edge. */
      first_row = y >= edge_width ? y - edge_width : 0;
      n_rows = MIN (self->height, y + height + edge_width) - first_row;
      near = g_malloc ((gsize) width * n_rows);
      find_kept_on_rows (self, x, width, first_row, n_rows, edge_width, near);

      window = g_new0 (guint, width);
      for (guint row = first_row; row < MIN (self->height, y + edge_width); row++)
        for (guint i = 0; i < width; i++)
          window[i] += near[(gsize) (row - first_row) * width + i];
    }

  for (guint row = 0; row < height; row++)
    {
      const guint8 *line = self->data + (gsize) (y + row) * self->width + x;
      guint32 *out = (guint32 *) (gpointer) (dest + (gsize) row * dest_stride);

      if (window != NULL)
        {
          guint enter = y + row + edge_width;
          guint leave = y + row >= edge_width + 1 ? y + row - edge_width - 1 : G_MAXUINT;

          if (enter < first_row + n_rows)
            for (guint i = 0; i < width; i++)
              window[i] += near[(gsize) (enter - first_row) * width + i];
          if (leave != G_MAXUINT && leave >= first_row)
            for (guint i = 0; i < width; i++)
              window[i] -= near[(gsize) (leave - first_row) * width + i];
        }

      for (guint i = 0; i < width; i++)
        {
          gboolean on = line[i] != 0;
          gboolean edge = on && window != NULL && window[i] > 0;

          out[i] = edge ? edge_pixel : on ? painted_pixel : kept_pixel;
          painted += on;
          edges += edge;
        }
    }

  if (all_kept != NULL)
    *all_kept = painted == 0;
  if (all_painted != NULL)
    *all_painted = painted == (guint64) width * height && edges == 0;
}

/* Export */

static GBytes *
encode_png (const guint8  *data,
            guint          width,
            guint          height,
            GError       **error)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *buffer = NULL;
  gsize size = 0;
  guint8 *pixels;
  guint stride;

  if (pixbuf == NULL)
    {
      g_set_error_literal (error, ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE,
                           _("Not enough memory to save the mask"));
      return NULL;
    }

  pixels = gdk_pixbuf_get_pixels (pixbuf);
  stride = gdk_pixbuf_get_rowstride (pixbuf);
  for (guint y = 0; y < height; y++)
    {
      const guint8 *line = data + (gsize) y * width;
      guint8 *p = pixels + (gsize) y * stride;

      for (guint x = 0; x < width; x++, p += 3)
        p[0] = p[1] = p[2] = line[x] != 0 ? 255 : 0;
    }

  /* Two colours compress well at any level; a low one keeps a 12 MP mask quick. */
  if (!gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", &local_error,
                                  "compression", "3", NULL))
    {
      g_set_error (error, ATELIER_ERROR, ATELIER_ERROR_BAD_IMAGE,
                   _("The mask could not be saved: %s"), local_error->message);
      return NULL;
    }

  return g_bytes_new_take (g_steal_pointer (&buffer), size);
}

GBytes *
atelier_mask_export_png (AtelierMask  *self,
                         GError      **error)
{
  g_return_val_if_fail (ATELIER_IS_MASK (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return encode_png (self->data, self->width, self->height, error);
}

typedef struct
{
  GBytes *data;
  guint   width;
  guint   height;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_bytes_unref (job->data);
  g_free (job);
}

static GTask *
new_export_task (AtelierMask         *self,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data,
                 gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  ExportJob *job = g_new0 (ExportJob, 1);

  /* A copy: the user may paint on while the worker encodes. */
  job->data = g_bytes_new (self->data, (gsize) self->width * self->height);
  job->width = self->width;
  job->height = self->height;

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  return task;
}

static void
export_png_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  ExportJob *job = task_data;
  GError *error = NULL;
  GBytes *png;

  png = encode_png (g_bytes_get_data (job->data, NULL), job->width, job->height, &error);
  if (png == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, png, (GDestroyNotify) g_bytes_unref);
}

void
atelier_mask_export_png_async (AtelierMask         *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ATELIER_IS_MASK (self));

  task = new_export_task (self, cancellable, callback, user_data, atelier_mask_export_png_async);
  g_task_run_in_thread (task, export_png_thread);
}

GBytes *
atelier_mask_export_png_finish (AtelierMask   *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (ATELIER_IS_MASK (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
export_reference_thread (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr(GBytes) png = NULL;
  GError *error = NULL;
  AtelierReference *reference;

  png = encode_png (g_bytes_get_data (job->data, NULL), job->width, job->height, &error);
  if (png == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  reference = atelier_reference_new_prepared (png, _("Mask"), &error);
  if (reference == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, reference, g_object_unref);
}

void
atelier_mask_export_reference_async (AtelierMask         *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ATELIER_IS_MASK (self));

  task = new_export_task (self, cancellable, callback, user_data, atelier_mask_export_reference_async);
  g_task_run_in_thread (task, export_reference_thread);
}

AtelierReference *
atelier_mask_export_reference_finish (AtelierMask   *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (ATELIER_IS_MASK (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
