/* atelier-credits-button.c — the account's balance in the header bar
 *
 * Copyright 2026 The Atelier authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>

#include "atelier-cost.h"
#include "atelier-credits-button.h"
#include "atelier-error.h"
#include "atelier-model.h"

/* Twenty jobs finishing together ask for the balance once. */
#define REFRESH_DELAY_MS 700

struct _AtelierCreditsButton
{
  GtkButton      parent_instance;

  AtelierClient *client;
  AtelierEngine *engine;

  GtkSpinner    *spinner;
  GtkLabel      *label;         /* "1,234.5 credits · $12.35" */
  GtkLabel      *short_label;   /* "1,234.5 credits", when the header bar is narrow */

  GCancellable  *cancellable;   /* the refresh in flight, or NULL */
  guint          refresh_source;
  double         credits;
  char          *text;
  char          *tooltip;       /* shown on hover, read only then (see on_query_tooltip) */
  char          *failure;       /* why the last refresh failed, or NULL */
};

G_DEFINE_FINAL_TYPE (AtelierCreditsButton, atelier_credits_button, GTK_TYPE_BUTTON)

enum {
  PROP_0,
  PROP_CREDITS,
  N_PROPS
};

enum {
  REFRESHED,
  REFRESH_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* "1234567.5" → "1,234,567.5" with the locale's separators (a comma where the locale has none). */
static char *
group_digits (const char *number)
{
  const struct lconv *conv = localeconv ();
  const char *separator = conv->thousands_sep;
  const char *digits = number + (number[0] == '-');
  const char *end = digits;
  GString *out = g_string_new (NULL);
  gsize n_digits;

  if (separator == NULL || *separator == '\0')
    separator = g_strcmp0 (conv->decimal_point, ",") == 0 ? "\u202f" : ",";

  while (g_ascii_isdigit (*end))
    end++;
  n_digits = (gsize) (end - digits);

  if (digits != number)
    g_string_append_c (out, '-');
  for (gsize i = 0; i < n_digits; i++)
    {
      if (i > 0 && (n_digits - i) % 3 == 0)
        g_string_append (out, separator);
      g_string_append_c (out, digits[i]);
    }
  g_string_append (out, end);

  return g_string_free (out, FALSE);
}

char *
atelier_format_credit_balance (double credits)
{
  g_autofree char *number = atelier_model_format_number (credits, 0, 2);
  g_autofree char *grouped = group_digits (number);

  /* Translators: an account balance, e.g. "1,234.5 credits" */
  return g_strdup_printf (ngettext ("%s credit", "%s credits", credits == 1 ? 1 : 2), grouped);
}

char *
atelier_format_credit_dollars (double credits)
{
  /* One credit is one cent: round to whole cents first, so $12.345 shows as $12.35. */
  double cents = round (credits);
  g_autofree char *number = g_strdup_printf ("%.2f", cents / 100.0);
  g_autofree char *grouped = group_digits (number);

  /* Translators: a sum in US dollars, e.g. "$12.35" */
  return g_strdup_printf (_("$%s"), grouped);
}

double
atelier_credits_button_get_credits (AtelierCreditsButton *self)
{
  g_return_val_if_fail (ATELIER_IS_CREDITS_BUTTON (self), -1);
  return self->credits;
}

const char *
atelier_credits_button_get_text (AtelierCreditsButton *self)
{
  g_return_val_if_fail (ATELIER_IS_CREDITS_BUTTON (self), NULL);
  return self->text;
}

const char *
atelier_credits_button_get_tooltip (AtelierCreditsButton *self)
{
  g_return_val_if_fail (ATELIER_IS_CREDITS_BUTTON (self), NULL);
  return self->tooltip;
}

/* The spending changes with every submitted job; gtk_widget_set_tooltip_text asks the X server
 * where the pointer is (a round trip) on every change, so the tooltip is only read when shown. */
static gboolean
on_query_tooltip (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard_mode,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  AtelierCreditsButton *self = ATELIER_CREDITS_BUTTON (widget);

  if (self->tooltip == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, self->tooltip);
  return TRUE;
}

static void
update_display (AtelierCreditsButton *self)
{
  g_autofree char *spent = NULL;
  g_autofree char *spent_line = NULL;
  g_autofree char *tooltip = NULL;
  g_autofree char *description = NULL;
  const char *state_line;
  gboolean refreshing = self->cancellable != NULL;

  gtk_widget_set_visible (GTK_WIDGET (self), self->client != NULL && atelier_client_has_key (self->client));

  g_clear_pointer (&self->text, g_free);
  if (self->credits >= 0)
    {
      g_autofree char *balance = atelier_format_credit_balance (self->credits);
      g_autofree char *dollars = atelier_format_credit_dollars (self->credits);

      /* Translators: the balance in the header bar, e.g. "1,234.5 credits · $12.35" */
      self->text = g_strdup_printf (_("%s · %s"), balance, dollars);
      gtk_label_set_label (self->short_label, balance);
    }
  else
    {
      self->text = g_strdup (self->failure != NULL ? _("Balance unavailable") : _("Balance"));
      gtk_label_set_label (self->short_label, self->text);
    }
  gtk_label_set_label (self->label, self->text);

  gtk_spinner_set_spinning (self->spinner, refreshing);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), refreshing);

  if (self->failure != NULL)
    state_line = self->failure;
  else
    state_line = _("Your balance at Black Forest Labs. Click to refresh.");

  spent = atelier_cost_format_credits (self->engine != NULL ? atelier_engine_get_session_spent (self->engine) : 0);
  /* Translators: %s is e.g. "13.5 credits · $0.135", what the server charged since Atelier started */
  spent_line = g_strdup_printf (_("Spent this session: %s"), spent);

  tooltip = g_strdup_printf ("%s\n%s\n%s", self->text, state_line, spent_line);
  g_free (self->tooltip);
  self->tooltip = g_steal_pointer (&tooltip);

  description = g_strdup_printf ("%s. %s", self->text, spent_line);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
set_credits (AtelierCreditsButton *self,
             double                credits)
{
  if (self->credits == credits)
    return;

  self->credits = credits;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREDITS]);
}

static void
on_credits_received (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(AtelierCreditsButton) self = user_data;
  g_autoptr(GError) error = NULL;
  double credits = 0;

  if (!atelier_client_get_credits_finish (ATELIER_CLIENT (source), result, &credits, &error))
    {
      /* A newer refresh replaced this one, or the button went away. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_clear_object (&self->cancellable);
      g_free (self->failure);
      /* Translators: %s says why, e.g. "The key was rejected." */
      self->failure = g_strdup_printf (_("Could not get the balance: %s Click to try again."), error->message);
      update_display (self);
      g_signal_emit (self, signals[REFRESH_FAILED], 0, error);
      return;
    }

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->failure, g_free);
  set_credits (self, MAX (credits, 0));
  update_display (self);
  g_signal_emit (self, signals[REFRESHED], 0, self->credits);
}

void
atelier_credits_button_refresh (AtelierCreditsButton *self)
{
  g_return_if_fail (ATELIER_IS_CREDITS_BUTTON (self));

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->client == NULL || !atelier_client_has_key (self->client))
    {
      update_display (self);
      return;
    }

  self->cancellable = g_cancellable_new ();
  atelier_client_get_credits_async (self->client, NULL, self->cancellable,
                                    on_credits_received, g_object_ref (self));
  update_display (self);
}

static gboolean
refresh_cb (gpointer user_data)
{
  AtelierCreditsButton *self = user_data;

  self->refresh_source = 0;
  atelier_credits_button_refresh (self);

  return G_SOURCE_REMOVE;
}

static void
refresh_soon (AtelierCreditsButton *self)
{
  if (self->refresh_source == 0)
    self->refresh_source = g_timeout_add (REFRESH_DELAY_MS, refresh_cb, self);
}

static void
on_client_has_key_changed (AtelierCreditsButton *self)
{
  /* A balance belongs to a key: forget it when the key goes or changes. */
  set_credits (self, -1);
  g_clear_pointer (&self->failure, g_free);
  atelier_credits_button_refresh (self);
}

static void
on_job_finished (AtelierCreditsButton *self)
{
  refresh_soon (self);
}

static void
on_clicked (AtelierCreditsButton *self)
{
  atelier_credits_button_refresh (self);
}

void
atelier_credits_button_bind (AtelierCreditsButton *self,
                             AtelierClient        *client,
                             AtelierEngine        *engine)
{
  g_return_if_fail (ATELIER_IS_CREDITS_BUTTON (self));
  g_return_if_fail (ATELIER_IS_CLIENT (client));
  g_return_if_fail (ATELIER_IS_ENGINE (engine));
  g_return_if_fail (self->client == NULL);

  self->client = g_object_ref (client);
  self->engine = g_object_ref (engine);

  g_signal_connect_object (client, "notify::has-key",
                           G_CALLBACK (on_client_has_key_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (engine, "job-finished",
                           G_CALLBACK (on_job_finished), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (engine, "notify::session-spent",
                           G_CALLBACK (update_display), self, G_CONNECT_SWAPPED);

  atelier_credits_button_refresh (self);
}

static void
atelier_credits_button_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  AtelierCreditsButton *self = ATELIER_CREDITS_BUTTON (object);

  switch (prop_id)
    {
    case PROP_CREDITS:
      g_value_set_double (value, self->credits);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_credits_button_dispose (GObject *object)
{
  AtelierCreditsButton *self = ATELIER_CREDITS_BUTTON (object);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->engine);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (atelier_credits_button_parent_class)->dispose (object);
}

static void
atelier_credits_button_finalize (GObject *object)
{
  AtelierCreditsButton *self = ATELIER_CREDITS_BUTTON (object);

  g_free (self->text);
  g_free (self->tooltip);
  g_free (self->failure);

  G_OBJECT_CLASS (atelier_credits_button_parent_class)->finalize (object);
}

static void
atelier_credits_button_class_init (AtelierCreditsButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = atelier_credits_button_get_property;
  object_class->dispose = atelier_credits_button_dispose;
  object_class->finalize = atelier_credits_button_finalize;

  properties[PROP_CREDITS] =
    g_param_spec_double ("credits", NULL, NULL, -1, G_MAXDOUBLE, -1,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[REFRESHED] =
    g_signal_new ("refreshed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_DOUBLE);
  signals[REFRESH_FAILED] =
    g_signal_new ("refresh-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
atelier_credits_button_init (AtelierCreditsButton *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  AdwSqueezer *squeezer = ADW_SQUEEZER (adw_squeezer_new ());

  self->credits = -1;
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);

  self->spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->spinner));

  /* In a narrow window the dollars go first (they stay in the tooltip). */
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->label), "numeric");
  self->short_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->short_label), "numeric");
  adw_squeezer_set_homogeneous (squeezer, FALSE);
  adw_squeezer_set_transition_type (squeezer, ADW_SQUEEZER_TRANSITION_TYPE_CROSSFADE);
  adw_squeezer_add (squeezer, GTK_WIDGET (self->label));
  adw_squeezer_add (squeezer, GTK_WIDGET (self->short_label));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (squeezer));

  gtk_button_set_child (GTK_BUTTON (self), box);
  gtk_widget_add_css_class (GTK_WIDGET (self), "flat");
  gtk_widget_add_css_class (GTK_WIDGET (self), "credits-button");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Credits"),
                                  -1);
  g_signal_connect (self, "clicked", G_CALLBACK (on_clicked), NULL);

  update_display (self);
}
