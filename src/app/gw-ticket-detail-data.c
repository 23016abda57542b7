/* gw-ticket-detail-data.c: everything the ticket detail shows, read on a reader connection
 * in one read transaction: the ticket, its divisions and the grids around it, its audit
 * trail, the departments it names, related tickets, the nearest cameras and thumbnails of
 * its photos. Runs on a reader thread: no widget is touched here. */
#define G_LOG_DOMAIN "gw-ticket-detail"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "gw-audit.h"
#include "gw-db-attachments.h"
#include "gw-ticket-detail-private.h"

/* The larger view: fit inside this square. */
#define VIEW_SIZE      1600
/* The grids drawn around the ticket's own: those within this distance. */
#define NEIGHBOUR_MARGIN_M 300.0

static void
clear_object (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

void
gw_ticket_detail_data_free (GwTicketDetailData *data)
{
  if (data == NULL)
    return;

  g_clear_pointer (&data->ticket, gw_ticket_unref);
  for (guint i = 0; i < GW_N_LEVELS; i++)
    g_clear_pointer (&data->chain[i], gw_division_unref);
  g_clear_pointer (&data->area, gw_division_unref);
  g_clear_pointer (&data->neighbours, g_ptr_array_unref);
  g_clear_pointer (&data->audit, g_ptr_array_unref);
  g_clear_pointer (&data->departments, g_hash_table_unref);
  g_clear_pointer (&data->related, g_ptr_array_unref);
  g_clear_pointer (&data->cameras, g_ptr_array_unref);
  g_clear_pointer (&data->thumbnails, g_ptr_array_unref);
  g_clear_pointer (&data->numbers, g_hash_table_unref);
  g_free (data);
}

void
gw_ticket_detail_request_free (GwTicketDetailRequest *request)
{
  if (request == NULL)
    return;
  g_clear_object (&request->cancellable);
  g_free (request);
}

static gboolean
is_image (const char *mime_type)
{
  return mime_type != NULL && g_ascii_strncasecmp (mime_type, "image/", 6) == 0;
}

typedef struct {
  int      width;
  int      height;
  gboolean cover;   /* fill width × height and crop what is over; else fit inside */
} Fit;

static void
on_size_prepared (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  Fit             *fit)
{
  double fx = (double) fit->width / MAX (width, 1), fy = (double) fit->height / MAX (height, 1);
  double f = fit->cover ? MAX (fx, fy) : MIN (fx, fy);

  /* Decoded at the size it is shown at: a large photo is never held whole. */
  if (f < 1.0)
    gdk_pixbuf_loader_set_size (loader, MAX (1, (int) ceil (width * f)), MAX (1, (int) ceil (height * f)));
}

/* The content decoded to fit (or, with cover, to fill) width × height; NULL with error set
 * when there is none or it is not a picture this system reads. */
static GdkPixbuf *
decode_image (GwDb       *db,
              const char *sha256,
              int         width,
              int         height,
              gboolean    cover,
              GError    **error)
{
  g_autoptr(GBytes) bytes = gw_db_get_blob (db, sha256, error);
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GError) local_error = NULL;
  Fit fit = { width, height, cover };
  gboolean written, closed;
  GdkPixbuf *pixbuf;
  int w, h;

  if (bytes == NULL)
    return NULL;
  loader = gdk_pixbuf_loader_new ();
  g_signal_connect (loader, "size-prepared", G_CALLBACK (on_size_prepared), &fit);
  /* Closed exactly once, whatever happened. */
  written = gdk_pixbuf_loader_write_bytes (loader, bytes, &local_error);
  closed = gdk_pixbuf_loader_close (loader, written ? &local_error : NULL);
  pixbuf = written && closed ? gdk_pixbuf_loader_get_pixbuf (loader) : NULL;
  if (pixbuf == NULL)
    {
      g_debug ("Attachment %s is not a picture this system reads: %s", sha256,
               local_error ? local_error->message : "no image");
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID, _("The attachment is not a picture: %s"),
                   local_error ? local_error->message : sha256);
      return NULL;
    }

  w = gdk_pixbuf_get_width (pixbuf);
  h = gdk_pixbuf_get_height (pixbuf);
  if (cover && (w > width || h > height))
    {
      g_autoptr(GdkPixbuf) middle = gdk_pixbuf_new_subpixbuf (pixbuf,
                                                              MAX (0, (w - width) / 2), MAX (0, (h - height) / 2),
                                                              MIN (w, width), MIN (h, height));
      return gdk_pixbuf_copy (middle);
    }
  return g_object_ref (pixbuf);
}

static gboolean
check_cancelled (GCancellable  *cancellable,
                 GError       **error)
{
  return g_cancellable_set_error_if_cancelled (cancellable, error);
}

static gboolean
read_places (GwDb               *db,
             GwTicketDetailData *data,
             GError            **error)
{
  const GwTicket *t = data->ticket;

  for (guint level = 0; level < GW_N_LEVELS; level++)
    {
      if (t->divisions[level] == NULL)
        continue;
      data->chain[level] = gw_db_get_division (db, t->divisions[level], error);
      if (data->chain[level] == NULL)
        return FALSE;
    }

  /* The map centres on the grid; a ticket with no grid on its finest division that has a
   * boundary. */
  if (data->chain[GW_LEVEL_GRID] != NULL && data->chain[GW_LEVEL_GRID]->polygon != NULL)
    data->area = gw_division_ref (data->chain[GW_LEVEL_GRID]);
  for (int level = GW_N_LEVELS - 1; data->area == NULL && level >= 0; level--)
    if (data->chain[level] != NULL && data->chain[level]->polygon != NULL)
      data->area = gw_division_ref (data->chain[level]);

  if (data->area != NULL)
    data->neighbours = gw_db_list_neighbour_divisions (db, data->area->code, NEIGHBOUR_MARGIN_M, error);
  else
    data->neighbours = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_division_unref);
  return data->neighbours != NULL;
}

static gboolean
read_departments (GwDb               *db,
                  GwTicketDetailData *data,
                  GError            **error)
{
  g_autoptr(GPtrArray) all = gw_db_list_departments (db, error);

  if (all == NULL)
    return FALSE;
  data->departments = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                             (GDestroyNotify) gw_department_unref);
  for (guint i = 0; i < all->len; i++)
    {
      GwDepartment *d = g_ptr_array_index (all, i);

      g_hash_table_insert (data->departments, d->code, gw_department_ref (d));
    }
  return TRUE;
}

/* The numbers of the tickets the audit trail names by id: the class case a member joined
 * ({"class_case": id}), a class case's members ({"members": [ids]}), the ticket merged into
 * ({"merge_into": id}). An id not in this database (a seat's) is simply not named. */
static gboolean
read_linked_numbers (GwDb               *db,
                     GwTicketDetailData *data,
                     GError            **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  data->numbers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (guint i = 0; i < data->audit->len; i++)
    {
      const GwAuditEntry *e = g_ptr_array_index (data->audit, i);
      g_autoptr(JsonNode) root = NULL;
      JsonObject *o;

      if (e->payload == NULL || (g_strcmp0 (e->action, "class_case") != 0 && g_strcmp0 (e->action, "merge") != 0))
        continue;
      root = json_from_string (e->payload, NULL);
      if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        continue;
      o = json_node_get_object (root);
      for (guint k = 0; k < 2; k++)
        {
          const char *member = k == 0 ? "class_case" : "merge_into";
          JsonNode *n = json_object_get_member (o, member);

          if (n != NULL && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_INT64)
            g_array_append_val (ids, (gint64) { json_node_get_int (n) });
        }
      if (json_object_has_member (o, "members") && JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "members")))
        {
          JsonArray *members = json_object_get_array_member (o, "members");

          for (guint k = 0; k < json_array_get_length (members); k++)
            {
              JsonNode *n = json_array_get_element (members, k);

              if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_INT64)
                g_array_append_val (ids, (gint64) { json_node_get_int (n) });
            }
        }
    }
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(GwTicket) t = NULL;

      if (g_hash_table_contains (data->numbers, &id))
        continue;
      /* A seat may not hold every ticket named: one missing is no error here. */
      t = gw_db_get_ticket (db, id, NULL);
      if (t != NULL && t->number != NULL)
        g_hash_table_insert (data->numbers, g_memdup2 (&id, sizeof id), g_strdup (t->number));
    }
  return TRUE;
}

static void
read_thumbnails (GwDb               *db,
                 GwTicketDetailData *data)
{
  GPtrArray *attachments = data->ticket->attachments;

  data->thumbnails = g_ptr_array_new_full (attachments->len, clear_object);
  for (guint i = 0; i < attachments->len; i++)
    {
      const GwAttachment *a = g_ptr_array_index (attachments, i);
      GdkPixbuf *pixbuf = NULL;

      if (is_image (a->mime_type) && a->sha256 != NULL)
        pixbuf = decode_image (db, a->sha256, GW_TICKET_DETAIL_THUMBNAIL_WIDTH,
                               GW_TICKET_DETAIL_THUMBNAIL_HEIGHT, TRUE, NULL);
      g_ptr_array_add (data->thumbnails, pixbuf);
    }
}

static GwTicketDetailData *
read_all (GwDb                  *db,
          GwTicketDetailRequest *request,
          GError               **error)
{
  g_autoptr(GwTicketDetailData) data = g_new0 (GwTicketDetailData, 1);
  GCancellable *cancellable = request->cancellable;

  data->ticket = gw_db_get_ticket (db, request->ticket_id, error);
  if (data->ticket == NULL)
    return NULL;
  if (check_cancelled (cancellable, error) || !read_places (db, data, error))
    return NULL;
  if (check_cancelled (cancellable, error) ||
      !(data->audit = gw_audit_list_for_ticket (db, request->ticket_id, error)))
    return NULL;
  if (check_cancelled (cancellable, error) || !read_departments (db, data, error) ||
      !read_linked_numbers (db, data, error))
    return NULL;
  if (check_cancelled (cancellable, error) ||
      !(data->related = gw_db_list_related_tickets (db, request->ticket_id, GW_TICKET_DETAIL_MAX_RELATED, error)))
    return NULL;
  if (check_cancelled (cancellable, error) ||
      !(data->cameras = gw_db_list_nearest_cameras (db, data->ticket->lon, data->ticket->lat,
                                                    GW_TICKET_DETAIL_N_CAMERAS, error)))
    return NULL;
  if (check_cancelled (cancellable, error))
    return NULL;
  read_thumbnails (db, data);
  return g_steal_pointer (&data);
}

gpointer
_gw_ticket_detail_read (GwDb      *db,
                        gpointer   user_data,
                        GError   **error)
{
  GwTicketDetailRequest *request = user_data;
  /* One read transaction: every part is of the same moment, even while the writer writes. */
  gboolean own = sqlite3_get_autocommit (gw_db_get_handle (db)) && gw_db_exec (db, "BEGIN", NULL);
  GwTicketDetailData *data = read_all (db, request, error);

  if (own)
    gw_db_exec (db, "COMMIT", NULL);
  return data;
}

gpointer
_gw_ticket_detail_read_image (GwDb      *db,
                              gpointer   sha256,
                              GError   **error)
{
  return decode_image (db, sha256, VIEW_SIZE, VIEW_SIZE, FALSE, error);
}
