/* test-reference-tray.c — a broken file never takes a slot, a good one is never dropped: every way in
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <adwaita.h>

#include "atelier-application.h"
#include "atelier-composer-private.h"
#include "atelier-fake-bfl.h"
#include "atelier-mask-editor.h"
#include "atelier-test-hostile.h"
#include "atelier-test-bus.h"
#include "atelier-test-utils.h"
#include "atelier-test-widgets.h"

/* Every way a picture comes in — the command line and "Open With", a drop of files, a drop of
 * text/uri-list, a paste, the file chooser's list, and the Fill source — is fed the same folder:
 * eighteen broken, hostile or unsupported files, then the good fern.png. Each time fern.png alone
 * lands, in slot 1, and every other file is named at once with its reason. */

static AtelierFakeBfl *fake;
static AtelierApplication *app;
static GPtrArray *hostile;
static char *hostile_dir;

typedef struct
{
  GtkWindow       *window;
  AtelierComposer *composer;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_settings_reset (atelier_application_get_settings (app), "model");

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 400, 900);
  fixture->composer = g_object_new (ATELIER_TYPE_COMPOSER, NULL);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->composer));
  atelier_composer_bind (fixture->composer, app);
  gtk_window_present (fixture->window);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
}

static GFile **
hostile_files (void)
{
  GFile **files = g_new0 (GFile *, hostile->len + 1);

  for (guint i = 0; i < hostile->len; i++)
    files[i] = ((AtelierHostileFile *) g_ptr_array_index (hostile, i))->file;
  return files;
}

static gboolean
settled (gpointer data)
{
  AtelierComposer *composer = data;

  return !atelier_reference_tray_is_loading (_atelier_composer_get_tray (composer)) &&
         atelier_refusal_list_get_messages (_atelier_composer_get_refusal_list (composer)) != NULL;
}

/* What the person sees after the folder came in: fern.png alone, in slot 1, the others listed. */
static void
assert_only_fern (AtelierComposer *composer,
                  guint            n_before)
{
  AtelierReferenceTray *tray = _atelier_composer_get_tray (composer);
  AtelierRefusalList *list = _atelier_composer_get_refusal_list (composer);
  AtelierReferenceSlot *slot = _atelier_composer_get_slot (composer, n_before);
  AtelierReference *reference;
  const char * const *messages;
  g_autofree char *title = NULL;
  g_autofree char *accessible = NULL;
  guint k = 0;

  g_assert_true (atelier_test_wait_until (settled, composer, 30000));

  g_assert_cmpuint (atelier_reference_tray_get_n_filled (tray), ==, n_before + 1);
  reference = atelier_reference_slot_get_reference (slot);
  g_assert_nonnull (reference);
  g_assert_cmpstr (atelier_reference_get_name (reference), ==, "fern.png");
  g_assert_cmpuint (atelier_reference_get_width (reference), ==, 512);
  g_assert_cmpuint (atelier_reference_get_height (reference), ==, 384);
  for (guint i = n_before + 1; i < ATELIER_REFERENCE_TRAY_N_SLOTS; i++)
    g_assert_true (atelier_reference_slot_is_empty (_atelier_composer_get_slot (composer, i)));

  /* Every refused file named, in the order they came, all at once. */
  messages = atelier_refusal_list_get_messages (list);
  g_assert_nonnull (messages);
  for (guint i = 0; i < hostile->len; i++)
    {
      AtelierHostileFile *file = g_ptr_array_index (hostile, i);

      if (file->message == NULL)
        continue;
      g_assert_cmpstr (messages[k], ==, file->message);
      k++;
    }
  g_assert_null (messages[k]);
  title = g_strdup_printf ("%u files were not added", k);
  g_assert_cmpstr (atelier_refusal_list_get_title (list), ==, title);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (list)));
  /* One toast says so; the list says what. */
  g_assert_cmpstr (_atelier_composer_get_last_message (composer), ==, title);

  /* What a screen reader says of the slot. */
  accessible = g_strdup_printf ("Reference image %u: fern.png, 512 × 384", n_before + 1);
  g_assert_cmpstr (atelier_reference_slot_get_accessible_label (slot), ==, accessible);
}

/* The drop target of `widget` itself, as GTK calls it when something is dropped there. */
static gboolean
drop_on (GtkWidget    *widget,
         const GValue *value)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean accepted = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        {
          g_signal_emit_by_name (controller, "drop", value, 10.0, 10.0, &accepted);
          return accepted;
        }
    }

  g_assert_not_reached ();
}

static GSList *
hostile_slist (void)
{
  GSList *list = NULL;

  for (guint i = hostile->len; i > 0; i--)
    /* GdkFileList owns its files. */
    list = g_slist_prepend (list, g_object_ref (((AtelierHostileFile *) g_ptr_array_index (hostile, i - 1))->file));
  return list;
}

static void
test_drop_files (Fixture       *fixture,
                 gconstpointer  data)
{
  g_auto(GValue) value = G_VALUE_INIT;
  GSList *list = hostile_slist ();

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, list);
  g_assert_true (drop_on (GTK_WIDGET (_atelier_composer_get_tray (fixture->composer)), &value));
  assert_only_fern (fixture->composer, 0);
}

static void
test_drop_on_slot (Fixture       *fixture,
                   gconstpointer  data)
{
  g_auto(GValue) value = G_VALUE_INIT;

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, hostile_slist ());
  g_assert_true (drop_on (GTK_WIDGET (_atelier_composer_get_slot (fixture->composer, 0)), &value));
  assert_only_fern (fixture->composer, 0);
}

static char *
hostile_uri_list (void)
{
  GString *text = g_string_new ("# dragged from a browser or a file manager\r\n");

  for (guint i = 0; i < hostile->len; i++)
    {
      g_autofree char *uri = g_file_get_uri (((AtelierHostileFile *) g_ptr_array_index (hostile, i))->file);

      g_string_append_printf (text, "%s\r\n", uri);
    }
  return g_string_free (text, FALSE);
}

static void
test_drop_uri_list (Fixture       *fixture,
                    gconstpointer  data)
{
  g_auto(GValue) value = G_VALUE_INIT;

  g_value_init (&value, G_TYPE_STRING);
  g_value_take_string (&value, hostile_uri_list ());
  g_assert_true (drop_on (GTK_WIDGET (_atelier_composer_get_tray (fixture->composer)), &value));
  assert_only_fern (fixture->composer, 0);
}

/* A line of text among the addresses is named too, and costs the others nothing. */
static void
test_drop_text_among_addresses (Fixture       *fixture,
                                gconstpointer  data)
{
  AtelierHostileFile *fern = g_ptr_array_index (hostile, atelier_test_hostile_good_index (hostile));
  g_autofree char *uri = g_file_get_uri (fern->file);
  g_autofree char *text = g_strdup_printf ("a fern in the rain\n%s\n", uri);
  const char * const *messages;

  atelier_reference_tray_add_text (_atelier_composer_get_tray (fixture->composer), text,
                                   ATELIER_REFERENCE_TRAY_APPEND);
  g_assert_true (atelier_test_wait_until (settled, fixture->composer, 30000));
  messages = atelier_refusal_list_get_messages (_atelier_composer_get_refusal_list (fixture->composer));
  g_assert_cmpstr (messages[0], ==, "“a fern in the rain” is not an image or a link to one");
  g_assert_null (messages[1]);
  g_assert_cmpstr (atelier_reference_get_name (atelier_reference_slot_get_reference (_atelier_composer_get_slot (fixture->composer, 0))),
                   ==, "fern.png");
}

static void
test_paste_files (Fixture       *fixture,
                  gconstpointer  data)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (fixture->composer));
  g_autoptr(GdkContentProvider) provider = NULL;
  g_auto(GValue) value = G_VALUE_INIT;

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, hostile_slist ());
  provider = gdk_content_provider_new_for_value (&value);
  gdk_clipboard_set_content (clipboard, provider);

  g_assert_true (atelier_reference_tray_can_paste (clipboard));
  /* Ctrl+V in the composer. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->composer), "composer.paste", NULL));
  assert_only_fern (fixture->composer, 0);
}

static void
test_paste_uri_list (Fixture       *fixture,
                     gconstpointer  data)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (fixture->composer));
  g_autofree char *text = hostile_uri_list ();

  gdk_clipboard_set_text (clipboard, text);
  atelier_reference_tray_paste_clipboard (_atelier_composer_get_tray (fixture->composer), clipboard);
  assert_only_fern (fixture->composer, 0);
}

/* The file chooser hands its whole selection to the tray at once. */
static void
test_file_chooser_selection (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GListStore) chosen = g_list_store_new (G_TYPE_FILE);

  for (guint i = 0; i < hostile->len; i++)
    g_list_store_append (chosen, ((AtelierHostileFile *) g_ptr_array_index (hostile, i))->file);
  atelier_reference_tray_add_chosen (_atelier_composer_get_tray (fixture->composer), G_LIST_MODEL (chosen),
                                     ATELIER_REFERENCE_TRAY_APPEND);
  assert_only_fern (fixture->composer, 0);
}

/* References already there stay, in their places; the batch's good file comes after them. */
static void
test_keeps_what_was_there (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree GFile **files = hostile_files ();
  g_autoptr(GBytes) png = atelier_test_make_png (40, 30);
  g_autofree char *path = g_build_filename (atelier_test_get_tmp_dir (), "before.png", NULL);
  g_autoptr(GFile) before = g_file_new_for_path (path);
  AtelierReferenceTray *tray = _atelier_composer_get_tray (fixture->composer);

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (png, NULL), g_bytes_get_size (png), NULL));
  atelier_reference_tray_add_files (tray, &before, 1, ATELIER_REFERENCE_TRAY_APPEND);
  g_assert_true (atelier_test_wait_until ((gboolean (*) (gpointer)) atelier_reference_tray_get_n_filled, tray, 10000));

  atelier_composer_add_files (fixture->composer, files, hostile->len);
  assert_only_fern (fixture->composer, 1);
  g_assert_cmpstr (atelier_reference_get_name (atelier_reference_slot_get_reference (_atelier_composer_get_slot (fixture->composer, 0))),
                   ==, "before.png");
}

/* Ten good files onto eight slots: the two that do not fit are named, nothing else moves. */
static void
test_nine_onto_eight (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  AtelierReferenceTray *tray = _atelier_composer_get_tray (fixture->composer);
  const char * const *messages;

  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(GBytes) png = atelier_test_make_png (30 + i, 20);
      g_autofree char *name = g_strdup_printf ("good-%u.png", i + 1);
      g_autofree char *path = g_build_filename (atelier_test_get_tmp_dir (), name, NULL);

      g_assert_true (g_file_set_contents (path, g_bytes_get_data (png, NULL), g_bytes_get_size (png), NULL));
      g_ptr_array_add (files, g_file_new_for_path (path));
    }

  atelier_reference_tray_add_files (tray, (GFile **) files->pdata, files->len, ATELIER_REFERENCE_TRAY_APPEND);
  g_assert_true (atelier_test_wait_until (settled, fixture->composer, 30000));
  g_assert_cmpuint (atelier_reference_tray_get_n_filled (tray), ==, 8);
  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *expected = g_strdup_printf ("good-%u.png", i + 1);

      g_assert_cmpstr (atelier_reference_get_name (atelier_reference_slot_get_reference (_atelier_composer_get_slot (fixture->composer, i))),
                       ==, expected);
    }
  messages = atelier_refusal_list_get_messages (_atelier_composer_get_refusal_list (fixture->composer));
  g_assert_cmpstr (messages[0], ==, "good-9.png was not added: 8 references at most");
  g_assert_cmpstr (messages[1], ==, "good-10.png was not added: 8 references at most");
  g_assert_null (messages[2]);
}

/* Fill: the folder dropped on the mask editor. Its source is the first good file. */
static gboolean
fill_source_ready (gpointer data)
{
  AtelierComposer *composer = data;
  AtelierMaskEditor *editor = _atelier_composer_get_mask_editor (composer);

  return !atelier_mask_editor_is_loading (editor) && atelier_mask_editor_get_source (editor) != NULL &&
         atelier_refusal_list_get_messages (_atelier_composer_get_refusal_list (composer)) != NULL;
}

static void
test_fill_source (Fixture       *fixture,
                  gconstpointer  data)
{
  AtelierMaskEditor *editor = _atelier_composer_get_mask_editor (fixture->composer);
  g_auto(GValue) value = G_VALUE_INIT;
  const char * const *messages;
  guint k = 0;

  g_assert_true (_atelier_composer_select_model (fixture->composer, "flux-pro-1.0-fill"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (editor)));

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, hostile_slist ());
  g_assert_true (drop_on (GTK_WIDGET (editor), &value));
  g_assert_true (atelier_test_wait_until (fill_source_ready, fixture->composer, 30000));

  g_assert_cmpstr (atelier_reference_get_name (atelier_mask_editor_get_source (editor)), ==, "fern.png");
  messages = atelier_refusal_list_get_messages (_atelier_composer_get_refusal_list (fixture->composer));
  for (guint i = 0; i < hostile->len; i++)
    {
      AtelierHostileFile *file = g_ptr_array_index (hostile, i);

      if (file->message != NULL)
        g_assert_cmpstr (messages[k++], ==, file->message);
    }
  g_assert_null (messages[k]);
  /* And slot 1, what is sent as the image, is the source. */
  g_assert_true (atelier_test_wait_until (settled, fixture->composer, 10000));
  g_assert_cmpstr (atelier_reference_get_name (atelier_reference_slot_get_reference (_atelier_composer_get_slot (fixture->composer, 0))),
                   ==, "fern.png");
}

/* The command line and "Open With" (both GApplication::open): the app's own window takes them,
 * and what is sent to BFL carries fern.png alone. */
static gboolean
window_settled (gpointer data)
{
  GtkWidget *window = data;
  AtelierComposer *composer = ATELIER_COMPOSER (atelier_test_find_widget (window, ATELIER_TYPE_COMPOSER));

  return settled (composer);
}

static gboolean
submitted (gpointer data)
{
  return atelier_fake_bfl_get_submitted (fake) > 0;
}

static void
test_command_line_sends_only_fern (void)
{
  g_autofree GFile **files = hostile_files ();
  GtkWidget *window;
  AtelierComposer *composer;
  AtelierFakeRequest *request;
  JsonObject *body;
  AtelierReference *fern;

  g_settings_set_string (atelier_application_get_settings (app), "model", "flux-2-pro");
  atelier_fake_bfl_clear_requests (fake);
  g_application_open (G_APPLICATION (app), files, hostile->len, "");

  window = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  composer = ATELIER_COMPOSER (atelier_test_find_widget (window, ATELIER_TYPE_COMPOSER));
  g_assert_true (atelier_test_wait_until (window_settled, window, 30000));
  assert_only_fern (composer, 0);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (_atelier_composer_get_prompt_view (composer)),
                            "the fern from image 1, in ink", -1);
  g_assert_null (_atelier_composer_get_blocked_reason (composer));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.generate", NULL));
  g_assert_true (atelier_test_wait_until (submitted, NULL, 10000));

  request = atelier_fake_bfl_get_last_request (fake, "/v1/flux-2-pro");
  g_assert_nonnull (request);
  body = json_node_get_object (request->body);
  fern = atelier_reference_slot_get_reference (_atelier_composer_get_slot (composer, 0));
  g_assert_cmpstr (json_object_get_string_member (body, "input_image"), ==, atelier_reference_get_base64 (fern));
  for (guint i = 2; i <= 8; i++)
    {
      g_autofree char *field = g_strdup_printf ("input_image_%u", i);

      g_assert_false (json_object_has_member (body, field));
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A picture pasted (a texture, as from a browser's Copy Image) goes to the tray and, in Fill, to
 * the editor, each as "Pasted image"; a second paste onto eight full slots is named, not lost. */
static gboolean
tray_filled (gpointer data)
{
  AtelierComposer *composer = data;

  return !atelier_reference_tray_is_loading (_atelier_composer_get_tray (composer)) &&
         atelier_reference_tray_get_n_filled (_atelier_composer_get_tray (composer)) > 0;
}

static void
test_paste_texture (Fixture       *fixture,
                    gconstpointer  data)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (fixture->composer));
  g_autoptr(GdkPixbuf) pixbuf = atelier_test_make_pixbuf (320, 200, FALSE);
  g_autoptr(GdkTexture) texture = gdk_texture_new_for_pixbuf (pixbuf);
  AtelierReference *reference;
  AtelierMaskEditor *editor = _atelier_composer_get_mask_editor (fixture->composer);
  g_auto(GValue) value = G_VALUE_INIT;

  gdk_clipboard_set_texture (clipboard, texture);
  atelier_reference_tray_paste_clipboard (_atelier_composer_get_tray (fixture->composer), clipboard);
  g_assert_true (atelier_test_wait_until (tray_filled, fixture->composer, 20000));
  reference = atelier_reference_slot_get_reference (_atelier_composer_get_slot (fixture->composer, 0));
  g_assert_cmpstr (atelier_reference_get_name (reference), ==, "Pasted image");
  g_assert_cmpuint (atelier_reference_get_width (reference), ==, 320);

  g_assert_true (_atelier_composer_select_model (fixture->composer, "flux-pro-1.0-fill"));
  g_value_init (&value, GDK_TYPE_TEXTURE);
  g_value_set_object (&value, texture);
  g_assert_true (drop_on (GTK_WIDGET (editor), &value));
  g_assert_true (atelier_mask_editor_is_loading (editor));
  while (atelier_mask_editor_is_loading (editor))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (atelier_reference_get_name (atelier_mask_editor_get_source (editor)), ==, "Pasted image");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  atelier_test_init (&argc, &argv);
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  gtk_init ();
  adw_init ();

  hostile_dir = g_build_filename (atelier_test_get_tmp_dir (), "hostile", NULL);
  hostile = atelier_test_make_hostile_files (hostile_dir);

  atelier_test_app_start_for_widgets (&fake, &app);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/reference-tray/drop-files", test_drop_files);
  ADD ("/reference-tray/drop-on-slot", test_drop_on_slot);
  ADD ("/reference-tray/drop-uri-list", test_drop_uri_list);
  ADD ("/reference-tray/drop-text-among-addresses", test_drop_text_among_addresses);
  ADD ("/reference-tray/paste-files", test_paste_files);
  ADD ("/reference-tray/paste-uri-list", test_paste_uri_list);
  ADD ("/reference-tray/file-chooser-selection", test_file_chooser_selection);
  ADD ("/reference-tray/keeps-what-was-there", test_keeps_what_was_there);
  ADD ("/reference-tray/nine-onto-eight", test_nine_onto_eight);
  ADD ("/reference-tray/fill-source", test_fill_source);
  ADD ("/reference-tray/paste-texture", test_paste_texture);
#undef ADD
  g_test_add_func ("/reference-tray/command-line-sends-only-fern", test_command_line_sends_only_fern);

  status = g_test_run ();

  g_clear_object (&app);
  g_clear_object (&fake);
  g_clear_pointer (&hostile, g_ptr_array_unref);
  g_free (hostile_dir);
  return status;
}
