/* atelier-test-hostile.c — a folder of broken, hostile and unsupported files, and one good picture
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <webp/encode.h>

#include "atelier-reference.h"
#include "atelier-test-hostile.h"

static void
hostile_file_free (AtelierHostileFile *hostile)
{
  g_clear_object (&hostile->file);
  g_free (hostile->name);
  g_free (hostile->message);
  g_free (hostile);
}

GdkPixbuf *
atelier_test_make_pixbuf (guint    width,
                          guint    height,
                          gboolean with_alpha)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, with_alpha, 8, width, height);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int rowstride = gdk_pixbuf_get_rowstride (pixbuf);
  guint n_channels = gdk_pixbuf_get_n_channels (pixbuf);

  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      {
        guint8 *p = pixels + (gsize) y * rowstride + x * n_channels;
        gboolean marker = x < 8 && y < 8;

        p[0] = marker ? 255 : (guint8) (x * 255 / width);
        p[1] = marker ? 0 : (guint8) (y * 255 / height);
        p[2] = marker ? 0 : (guint8) ((((x / 7) ^ (y / 5)) & 0x3f) + 96);
        if (with_alpha)
          p[3] = 255;
      }

  return pixbuf;
}

GBytes *
atelier_test_encode (GdkPixbuf  *pixbuf,
                     const char *type)
{
  g_autoptr(GError) error = NULL;
  char *buffer = NULL;
  gsize size = 0;

  if (g_str_equal (type, "jpeg"))
    gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, type, &error, "quality", "90", NULL);
  else
    gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, type, &error, NULL);
  g_assert_no_error (error);

  return g_bytes_new_take (buffer, size);
}

GBytes *
atelier_test_make_png (guint width,
                       guint height)
{
  g_autoptr(GdkPixbuf) pixbuf = atelier_test_make_pixbuf (width, height, FALSE);

  return atelier_test_encode (pixbuf, "png");
}

static GBytes *
make_webp (guint width,
           guint height)
{
  g_autoptr(GdkPixbuf) pixbuf = atelier_test_make_pixbuf (width, height, FALSE);
  uint8_t *out = NULL;
  size_t size;

  size = WebPEncodeRGB (gdk_pixbuf_read_pixels (pixbuf), width, height,
                        gdk_pixbuf_get_rowstride (pixbuf), 80, &out);
  g_assert_cmpuint (size, >, 0);

  return g_bytes_new_with_free_func (out, size, WebPFree, out);
}

/* PNG surgery */

static guint32
crc32_of (const guint8 *data,
          gsize         length)
{
  guint32 crc = 0xffffffff;

  for (gsize i = 0; i < length; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
    }

  return crc ^ 0xffffffff;
}

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static void
write_be32 (guint8  *p,
            guint32  value)
{
  p[0] = value >> 24;
  p[1] = value >> 16;
  p[2] = value >> 8;
  p[3] = value;
}

/* The offset of the first chunk of `type` (its length field), or 0. */
static gsize
find_chunk (const guint8 *data,
            gsize         size,
            const char   *type)
{
  gsize offset = 8;

  while (offset + 12 <= size)
    {
      guint32 length = read_be32 (data + offset);

      if (memcmp (data + offset + 4, type, 4) == 0)
        return offset;
      offset += 12 + (gsize) length;
    }

  return 0;
}

static void
fix_crc (guint8 *data,
         gsize   chunk)
{
  guint32 length = read_be32 (data + chunk);

  write_be32 (data + chunk + 8 + length, crc32_of (data + chunk + 4, 4 + length));
}

typedef enum
{
  PNG_BAD_CRC,
  PNG_GARBAGE_DEFLATE,
  PNG_NO_IEND,
  PNG_GIANT_TEXT,
} PngDamage;

static GBytes *
damage_png (GBytes    *png,
            PngDamage  damage)
{
  gsize size;
  guint8 *data = g_memdup2 (g_bytes_get_data (png, &size), g_bytes_get_size (png));
  gsize idat = find_chunk (data, size, "IDAT");
  guint32 length = read_be32 (data + idat);

  g_assert_cmpuint (idat, >, 0);
  g_assert_cmpuint (length, >, 64);

  switch (damage)
    {
    case PNG_BAD_CRC:
      /* One flipped bit in the data: the CRC no longer matches. */
      data[idat + 8 + length / 2] ^= 0x10;
      break;
    case PNG_GARBAGE_DEFLATE:
      /* The compressed data replaced with noise after its zlib header; the CRC made right, so
       * only decompressing finds it. */
      for (guint32 i = 2; i < length; i++)
        data[idat + 8 + i] = (guint8) g_test_rand_int ();
      fix_crc (data, idat);
      break;
    case PNG_NO_IEND:
      size = find_chunk (data, size, "IEND");
      g_assert_cmpuint (size, >, 0);
      break;
    case PNG_GIANT_TEXT:
      {
        /* A text chunk before the image data declaring 1.7 GB in a file of a few KB: libpng
         * allocates and clears what a chunk declares before reading it. */
        static const guint8 giant[] = { 0x67, 0x00, 0x00, 0x25, 't', 'E', 'X', 't',
                                        'C', 'o', 'm', 'm', 'e', 'n', 't', 0 };
        guint8 *with = g_malloc (size + sizeof giant);

        memcpy (with, data, idat);
        memcpy (with + idat, giant, sizeof giant);
        memcpy (with + idat + sizeof giant, data + idat, size - idat);
        g_free (data);
        data = with;
        size += sizeof giant;
      }
      break;
    default:
      g_assert_not_reached ();
    }

  return g_bytes_new_take (data, size);
}

/* A PNG whose header says `height` rows while its image data holds fewer: a frame that ends early,
 * with every checksum right. */
static GBytes *
make_short_png (guint width,
                guint height)
{
  g_autoptr(GBytes) fewer = atelier_test_make_png (width, height / 2);
  gsize size;
  guint8 *data = g_memdup2 (g_bytes_get_data (fewer, &size), g_bytes_get_size (fewer));
  gsize ihdr = find_chunk (data, size, "IHDR");

  write_be32 (data + ihdr + 12, height);
  fix_crc (data, ihdr);

  return g_bytes_new_take (data, size);
}

/* A JPEG whose entropy-coded data is noise (stuffing kept legal), its markers and end intact. */
static GBytes *
make_noisy_jpeg (GBytes *jpeg)
{
  gsize size;
  guint8 *data = g_memdup2 (g_bytes_get_data (jpeg, &size), g_bytes_get_size (jpeg));
  gsize start = 0;

  for (gsize i = 2; i + 4 < size; i++)
    {
      if (data[i] == 0xff && data[i + 1] == 0xda)
        {
          start = i + 2 + (((gsize) data[i + 2] << 8) | data[i + 3]);
          break;
        }
    }
  g_assert_cmpuint (start, >, 0);

  for (gsize i = start + 16; i < size - 2; i++)
    data[i] = (guint8) (g_test_rand_int_range (0, 0xff));  /* never 0xff: no marker appears */

  return g_bytes_new_take (data, size);
}

GBytes *
atelier_test_make_png_bomb (guint32 width,
                            guint32 height)
{
  g_autoptr(GBytes) small = atelier_test_make_png (8, 8);
  gsize size;
  guint8 *data = g_memdup2 (g_bytes_get_data (small, &size), g_bytes_get_size (small));
  gsize ihdr = find_chunk (data, size, "IHDR");

  write_be32 (data + ihdr + 8, width);
  write_be32 (data + ihdr + 12, height);
  fix_crc (data, ihdr);

  return g_bytes_new_take (data, size);
}

/* An animated WebP's headers: VP8X with the animation flag, ANIM, one tiny ANMF frame. */
static GBytes *
make_animated_webp (void)
{
  static const guint8 animated[] = {
    'R', 'I', 'F', 'F', 0x36, 0, 0, 0, 'W', 'E', 'B', 'P',
    'V', 'P', '8', 'X', 10, 0, 0, 0, 0x02, 0, 0, 0, 0x0f, 0, 0, 0x0f, 0, 0,
    'A', 'N', 'I', 'M', 6, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    'A', 'N', 'M', 'F', 16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0f, 0, 0, 0x0f, 0, 0, 100, 0, 0, 0,
  };

  return g_bytes_new (animated, sizeof animated);
}

static const char svg_drawing[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"64\" height=\"64\">"
  "<circle cx=\"32\" cy=\"32\" r=\"30\" fill=\"green\"/></svg>\n";

/* GIF89a, 1 × 1, one black pixel. */
static const guint8 tiny_gif[] = {
  'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff,
  0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3b,
};

static void
add (GPtrArray  *files,
     const char *folder,
     const char *name,
     GBytes     *contents,
     char       *message)
{
  AtelierHostileFile *hostile = g_new0 (AtelierHostileFile, 1);
  g_autofree char *path = g_build_filename (folder, name, NULL);

  if (contents != NULL)
    {
      g_autoptr(GError) error = NULL;

      g_file_set_contents (path, g_bytes_get_data (contents, NULL), g_bytes_get_size (contents), &error);
      g_assert_no_error (error);
    }

  hostile->file = g_file_new_for_path (path);
  hostile->name = g_strdup (name);
  hostile->message = message;
  g_ptr_array_add (files, hostile);
}

static char *
damaged (const char *name)
{
  return g_strdup_printf ("%s is damaged or incomplete and cannot be read", name);
}

GPtrArray *
atelier_test_make_hostile_files (const char *folder)
{
  GPtrArray *files = g_ptr_array_new_with_free_func ((GDestroyNotify) hostile_file_free);
  g_autoptr(GdkPixbuf) photo = atelier_test_make_pixbuf (640, 480, FALSE);
  g_autoptr(GBytes) png = atelier_test_encode (photo, "png");
  g_autoptr(GBytes) jpeg = atelier_test_encode (photo, "jpeg");
  g_autoptr(GBytes) webp = make_webp (640, 480);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) text = g_bytes_new_static ("Buy milk.\nCall Ada about the poster.\n", 37);
  g_autoptr(GBytes) half_png = g_bytes_new_from_bytes (png, 0, g_bytes_get_size (png) / 2);
  g_autoptr(GBytes) crc_png = damage_png (png, PNG_BAD_CRC);
  g_autoptr(GBytes) noise_png = damage_png (png, PNG_GARBAGE_DEFLATE);
  g_autoptr(GBytes) no_end_png = damage_png (png, PNG_NO_IEND);
  g_autoptr(GBytes) giant_png = damage_png (png, PNG_GIANT_TEXT);
  g_autoptr(GBytes) short_png = make_short_png (640, 480);
  g_autoptr(GBytes) half_jpeg = g_bytes_new_from_bytes (jpeg, 0, g_bytes_get_size (jpeg) / 2);
  g_autoptr(GBytes) noisy_jpeg = make_noisy_jpeg (jpeg);
  g_autoptr(GBytes) half_webp = g_bytes_new_from_bytes (webp, 0, g_bytes_get_size (webp) * 2 / 3);
  g_autoptr(GBytes) bomb = atelier_test_make_png_bomb (40000, 40000);
  g_autoptr(GBytes) animated = make_animated_webp ();
  g_autoptr(GBytes) svg = g_bytes_new_static (svg_drawing, sizeof svg_drawing - 1);
  g_autoptr(GBytes) gif = g_bytes_new_static (tiny_gif, sizeof tiny_gif);
  g_autoptr(GBytes) fern = atelier_test_make_png (512, 384);
  g_autofree char *huge_path = g_build_filename (folder, "huge.jpg", NULL);
  g_autofree char *folder_path = g_build_filename (folder, "folder.png", NULL);
  g_autofree char *huge_size = NULL;
  g_autofree char *huge_limit = NULL;
  guint64 huge = (guint64) ATELIER_REFERENCE_MAX_SOURCE_BYTES + 1024 * 1024;
  int fd;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);

  add (files, folder, "empty.png", empty, g_strdup ("empty.png is empty"));
  add (files, folder, "notes.png", text, g_strdup ("notes.png is not an image Atelier can read"));
  add (files, folder, "half.png", half_png, damaged ("half.png"));
  add (files, folder, "checksum.png", crc_png, damaged ("checksum.png"));
  add (files, folder, "noise.png", noise_png, damaged ("noise.png"));
  add (files, folder, "short.png", short_png, damaged ("short.png"));
  add (files, folder, "no-end.png", no_end_png, damaged ("no-end.png"));
  add (files, folder, "giant-text.png", giant_png, damaged ("giant-text.png"));
  add (files, folder, "half.jpg", half_jpeg, damaged ("half.jpg"));
  add (files, folder, "noise.jpg", noisy_jpeg, damaged ("noise.jpg"));
  add (files, folder, "half.webp", half_webp, damaged ("half.webp"));
  add (files, folder, "bomb.png", bomb,
       g_strdup ("bomb.png is too large (40000 × 40000 pixels, 100 megapixels at most)"));

  /* Sparse: takes no room on disk, and is refused from its size before a byte is read. */
  fd = g_open (huge_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, huge), ==, 0);
  close (fd);
  huge_size = g_format_size (huge);
  huge_limit = g_format_size (ATELIER_REFERENCE_MAX_SOURCE_BYTES);
  add (files, folder, "huge.jpg", NULL,
       g_strdup_printf ("huge.jpg is too large (%s, %s at most)", huge_size, huge_limit));

  add (files, folder, "drawing.svg", svg,
       g_strdup ("drawing.svg is a vector drawing (SVG): export it as a PNG to use it as a reference"));
  add (files, folder, "tiny.gif", gif,
       g_strdup ("tiny.gif is a GIF image: references must be PNG, JPEG or WebP"));
  add (files, folder, "moving.webp", animated,
       g_strdup ("moving.webp is animated: only still images can be references"));

  g_assert_cmpint (g_mkdir_with_parents (folder_path, 0755), ==, 0);
  add (files, folder, "folder.png", NULL, g_strdup ("folder.png is a folder, not an image"));
  add (files, folder, "gone.png", NULL, g_strdup ("gone.png was not found"));

  add (files, folder, "fern.png", fern, NULL);

  return files;
}

guint
atelier_test_hostile_good_index (GPtrArray *files)
{
  for (guint i = 0; i < files->len; i++)
    {
      AtelierHostileFile *hostile = g_ptr_array_index (files, i);

      if (hostile->message == NULL)
        return i;
    }

  g_assert_not_reached ();
}
