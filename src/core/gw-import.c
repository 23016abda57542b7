#define G_LOG_DOMAIN "gw-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "gw-db-private.h"
#include "gw-import.h"
#include "gw-json.h"

G_DEFINE_QUARK (gw-import-error-quark, gw_import_error)

#define MAX_JSON_DEPTH 64

static gboolean
check_size (gsize    length,
            GError **error)
{
  if (length > GW_IMPORT_MAX_BYTES)
    {
      g_set_error (error, GW_IMPORT_ERROR, GW_IMPORT_ERROR_TOO_LARGE,
                   _("The file is too large (%zu MiB; at most %d MiB)"),
                   length >> 20, GW_IMPORT_MAX_BYTES >> 20);
      return FALSE;
    }
  return TRUE;
}

/* Divisions ---------------------------------------------------------------------------- */

typedef struct {
  GwDivision *division;
  guint       index;
  gboolean    explicit_level;
} Pending;

static void
pending_free (gpointer data)
{
  Pending *p = data;
  gw_division_unref (p->division);
  g_free (p);
}

static int
pending_compare (gconstpointer a,
                 gconstpointer b)
{
  const Pending *pa = *(const Pending **) a, *pb = *(const Pending **) b;
  gsize la = strlen (pa->division->code), lb = strlen (pb->division->code);

  if (la != lb)
    return la < lb ? -1 : 1;
  return pa->index < pb->index ? -1 : pa->index > pb->index;
}

static gboolean
feature_error (GError     **error,
               guint        index,
               const char  *code,
               const char  *format,
               ...) G_GNUC_PRINTF (4, 5);

static gboolean
feature_error (GError     **error,
               guint        index,
               const char  *code,
               const char  *format,
               ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (code)
    g_set_error (error, GW_IMPORT_ERROR, GW_IMPORT_ERROR_INVALID,
                 /* TRANSLATORS: a feature's number in the file, its division code, and
                  * what is wrong with it */
                 _("Feature %u (code %s): %s"), index, code, message);
  else
    g_set_error (error, GW_IMPORT_ERROR, GW_IMPORT_ERROR_INVALID,
                 /* TRANSLATORS: a feature's number in the file, and what is wrong with it */
                 _("Feature %u: %s"), index, message);
  return FALSE;
}

static gboolean
read_point (JsonObject  *props,
            const char  *member,
            double      *lon,
            double      *lat)
{
  JsonNode *node = json_object_get_member (props, member);
  JsonArray *a;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  a = json_node_get_array (node);
  if (json_array_get_length (a) < 2)
    return FALSE;
  for (guint i = 0; i < 2; i++)
    {
      JsonNode *n = json_array_get_element (a, i);
      if (!JSON_NODE_HOLDS_VALUE (n) ||
          (json_node_get_value_type (n) != G_TYPE_DOUBLE && json_node_get_value_type (n) != G_TYPE_INT64))
        return FALSE;
    }
  *lon = json_array_get_double_element (a, 0);
  *lat = json_array_get_double_element (a, 1);
  return *lon >= -180 && *lon <= 180 && *lat >= -90 && *lat <= 90;
}

static Pending *
parse_feature (JsonNode    *node,
               guint        index,
               GError     **error)
{
  g_autoptr(GwDivision) d = gw_division_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = g_strdup_printf ("features[%u]", index);
  g_autofree char *ppath = g_strdup_printf ("features[%u].properties", index);
  g_autofree char *level = NULL;
  JsonObject *feature, *props = NULL;
  JsonNode *id, *geometry;
  Pending *p;

  if (!(feature = gw_json_require_object (node, path, &local_error)) ||
      !gw_json_get_object (feature, path, "properties", TRUE, &props, &local_error))
    return feature_error (error, index, NULL, "%s", local_error->message), NULL;

  /* The code: properties.code, else the feature id. */
  if (!gw_json_get_string (props, ppath, "code", FALSE, &d->code, &local_error))
    return feature_error (error, index, NULL, "%s", local_error->message), NULL;
  id = json_object_get_member (feature, "id");
  if (d->code == NULL && id != NULL && JSON_NODE_HOLDS_VALUE (id))
    {
      if (json_node_get_value_type (id) == G_TYPE_STRING)
        d->code = g_strdup (json_node_get_string (id));
      else if (json_node_get_value_type (id) == G_TYPE_INT64)
        d->code = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (id));
    }
  if (d->code == NULL || *d->code == '\0')
    return feature_error (error, index, NULL,
                          _("no division code (give %s or the feature's id)"),
                          "properties.code"), NULL;
  if (strspn (d->code, "0123456789") != strlen (d->code) || strlen (d->code) > 32)
    return feature_error (error, index, d->code, _("the code must be digits only")), NULL;

  if (!gw_json_get_string (props, ppath, "name", TRUE, &d->name, &local_error))
    return feature_error (error, index, d->code, "%s", local_error->message), NULL;
  if (*d->name == '\0')
    return feature_error (error, index, d->code, _("%s is empty"), "properties.name"), NULL;
  if (!gw_json_get_string (props, ppath, "parent", FALSE, &d->parent_code, &local_error) ||
      !gw_json_get_string (props, ppath, "level", FALSE, &level, &local_error) ||
      !gw_json_get_int (props, ppath, "population", FALSE, &d->population, &local_error))
    return feature_error (error, index, d->code, "%s", local_error->message), NULL;
  if (level && !gw_level_from_string (level, &d->level))
    {
      g_autofree char *names = gw_enum_names_joined (gw_level_names ());
      return feature_error (error, index, d->code, _("%s: “%s” is not one of %s"),
                            "properties.level", level, names), NULL;
    }

  geometry = json_object_get_member (feature, "geometry");
  if (geometry == NULL || JSON_NODE_HOLDS_NULL (geometry))
    return feature_error (error, index, d->code, _("the feature has no geometry")), NULL;
  d->polygon = gw_polygon_from_geojson (geometry, &local_error);
  if (d->polygon == NULL)
    return feature_error (error, index, d->code, _("%s: %s"), "geometry",
                          local_error->message), NULL;

  if (!read_point (props, "cp", &d->label_lon, &d->label_lat) &&
      !read_point (props, "label", &d->label_lon, &d->label_lat))
    gw_polygon_label_point (d->polygon, &d->label_lon, &d->label_lat);

  p = g_new0 (Pending, 1);
  p->division = g_steal_pointer (&d);
  p->index = index;
  p->explicit_level = level != NULL;
  return p;
}

gboolean
gw_import_divisions_geojson (GwDb        *db,
                             const char  *data,
                             gsize        length,
                             guint       *n_imported,
                             GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func (pending_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) file_levels = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *type = NULL;
  JsonObject *obj;
  JsonArray *features = NULL;
  guint n;

  if (!check_size (length, error))
    return FALSE;
  root = gw_json_parse (data, length, MAX_JSON_DEPTH, &local_error);
  if (root == NULL ||
      !(obj = gw_json_require_object (root, NULL, &local_error)) ||
      !gw_json_get_string (obj, NULL, "type", TRUE, &type, &local_error))
    {
      g_set_error (error, GW_IMPORT_ERROR, GW_IMPORT_ERROR_INVALID, _("Not a GeoJSON file: %s"),
                   local_error->message);
      return FALSE;
    }
  if (!g_str_equal (type, "FeatureCollection"))
    {
      g_set_error (error, GW_IMPORT_ERROR, GW_IMPORT_ERROR_INVALID,
                   _("The GeoJSON must be a FeatureCollection, not a “%s”"), type);
      return FALSE;
    }
  if (!gw_json_get_array (obj, NULL, "features", TRUE, &features, &local_error))
    {
      g_set_error (error, GW_IMPORT_ERROR, GW_IMPORT_ERROR_INVALID, "%s", local_error->message);
      return FALSE;
    }

  n = json_array_get_length (features);
  if (n == 0)
    {
      g_set_error_literal (error, GW_IMPORT_ERROR, GW_IMPORT_ERROR_INVALID,
                           _("The file holds no features"));
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      Pending *p = parse_feature (json_array_get_element (features, i), i, error);
      if (p == NULL)
        return FALSE;
      if (g_hash_table_contains (seen, p->division->code))
        {
          feature_error (error, i, p->division->code,
                         _("the code appears twice in the file (first as feature %u)"),
                         GPOINTER_TO_UINT (g_hash_table_lookup (seen, p->division->code)));
          pending_free (p);
          return FALSE;
        }
      g_hash_table_insert (seen, p->division->code, GUINT_TO_POINTER (i));
      g_ptr_array_add (pending, p);
    }
  g_ptr_array_sort (pending, pending_compare);

  if (!gw_db_begin (db, error))
    return FALSE;
  for (guint i = 0; i < pending->len; i++)
    {
      Pending *p = g_ptr_array_index (pending, i);
      GwDivision *d = p->division;

      if (d->parent_code == NULL)
        {
          /* The nearest ancestor by code: the longest proper prefix present. */
          g_autofree char *prefix = g_strdup (d->code);
          for (gsize len = strlen (prefix) - 1; len > 0; len--)
            {
              prefix[len] = '\0';
              if (_gw_db_division_by_code (db, prefix) != NULL)
                {
                  d->parent_code = g_strdup (prefix);
                  break;
                }
            }
        }
      if (!p->explicit_level)
        {
          const GwDbDivision *parent = _gw_db_division_by_code (db, d->parent_code);
          if (parent == NULL)
            d->level = GW_LEVEL_DISTRICT;
          else if (parent->level == GW_LEVEL_COMMUNITY || parent->level == GW_LEVEL_AREA)
            d->level = GW_LEVEL_GRID;
          else
            d->level = MIN (parent->level + 1, GW_LEVEL_MICROGRID);
        }
      if (gw_db_insert_division (db, d, &local_error) == 0)
        {
          gw_db_rollback (db);
          return feature_error (error, p->index, d->code, "%s", local_error->message);
        }
    }
  if (!gw_db_commit (db, error))
    {
      gw_db_rollback (db);
      return FALSE;
    }
  if (n_imported)
    *n_imported = n;
  return TRUE;
}

/* Cameras (CSV) ------------------------------------------------------------------------ */

/* Splits one CSV record (RFC 4180 quoting) starting at *pos; advances *pos past it. */
static GPtrArray *
csv_record (const char  *data,
            gsize        length,
            gsize       *pos,
            guint       *line,
            GError     **error)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  gsize i = *pos;
  guint start_line = *line;
  gboolean quoted = FALSE, was_quoted = FALSE;

  while (i < length)
    {
      char c = data[i];

      if (quoted)
        {
          if (c == '"')
            {
              if (i + 1 < length && data[i + 1] == '"')
                {
                  g_string_append_c (field, '"');
                  i += 2;
                  continue;
                }
              quoted = FALSE;
              i++;
              continue;
            }
          if (c == '\n')
            (*line)++;
          g_string_append_c (field, c);
          i++;
          continue;
        }
      if (c == '"' && field->len == 0 && !was_quoted)
        {
          quoted = was_quoted = TRUE;
          i++;
          continue;
        }
      if (c == ',')
        {
          g_ptr_array_add (fields, g_string_free (g_steal_pointer (&field), FALSE));
          field = g_string_new (NULL);
          was_quoted = FALSE;
          i++;
          continue;
        }
      if (c == '\r' && i + 1 < length && data[i + 1] == '\n')
        {
          i++;
          continue;
        }
      if (c == '\n')
        {
          i++;
          (*line)++;
          break;
        }
      g_string_append_c (field, c);
      i++;
    }
  if (quoted)
    {
      g_set_error (error, GW_IMPORT_ERROR, GW_IMPORT_ERROR_INVALID,
                   _("Line %u: a quoted field is never closed"), start_line);
      return NULL;
    }
  g_ptr_array_add (fields, g_string_free (g_steal_pointer (&field), FALSE));
  *pos = i;
  return g_steal_pointer (&fields);
}

enum { COL_ID, COL_NAME, COL_LON, COL_LAT, COL_DIVISION, COL_MAIN, COL_SUB, COL_PTZ, COL_HEADING, N_COLS };
static const char *const camera_columns[N_COLS] = {
  "id", "name", "lon", "lat", "division", "main_uri", "sub_uri", "ptz", "heading"
};

static gboolean
parse_number (const char *text,
              double     *out)
{
  char *end;

  if (text == NULL || *text == '\0')
    return FALSE;
  errno = 0;
  *out = g_ascii_strtod (text, &end);
  return errno == 0 && *end == '\0';
}

static gboolean
cell_error (GError     **error,
            guint        line,
            int          col,
            const char  *format,
            ...) G_GNUC_PRINTF (4, 5);

static gboolean
cell_error (GError     **error,
            guint        line,
            int          col,
            const char  *format,
            ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, GW_IMPORT_ERROR, GW_IMPORT_ERROR_INVALID,
               /* TRANSLATORS: a line number, a column's name, and what is wrong */
               _("Line %u, column “%s”: %s"), line, camera_columns[col], message);
  return FALSE;
}

static GwCamera *
camera_from_record (GwDb       *db,
                    GPtrArray  *fields,
                    const int  *map,
                    guint       line,
                    GError    **error)
{
  g_autoptr(GwCamera) c = gw_camera_new ();
  const char *cell[N_COLS] = { NULL, };
  double v;

  for (int k = 0; k < N_COLS; k++)
    if (map[k] >= 0 && (guint) map[k] < fields->len)
      cell[k] = g_ptr_array_index (fields, map[k]);

  if (cell[COL_ID] == NULL || strlen (cell[COL_ID]) != 20 ||
      strspn (cell[COL_ID], "0123456789") != 20)
    return cell_error (error, line, COL_ID, _("“%s” is not a 20-digit GB/T 28181 device id"),
                       cell[COL_ID] ? cell[COL_ID] : ""), NULL;
  c->id = g_strdup (cell[COL_ID]);
  if (cell[COL_NAME] == NULL || *cell[COL_NAME] == '\0')
    return cell_error (error, line, COL_NAME, _("the name is empty")), NULL;
  if (!g_utf8_validate (cell[COL_NAME], -1, NULL))
    return cell_error (error, line, COL_NAME, _("not valid UTF-8 text")), NULL;
  c->name = g_strdup (cell[COL_NAME]);
  if (!parse_number (cell[COL_LON], &v) || v < -180 || v > 180)
    return cell_error (error, line, COL_LON, _("“%s” is not a longitude"), cell[COL_LON] ? cell[COL_LON] : ""), NULL;
  c->lon = v;
  if (!parse_number (cell[COL_LAT], &v) || v < -90 || v > 90)
    return cell_error (error, line, COL_LAT, _("“%s” is not a latitude"), cell[COL_LAT] ? cell[COL_LAT] : ""), NULL;
  c->lat = v;
  c->has_position = TRUE;
  if (cell[COL_DIVISION] && *cell[COL_DIVISION])
    {
      if (_gw_db_division_by_code (db, cell[COL_DIVISION]) == NULL)
        return cell_error (error, line, COL_DIVISION, _("no division has the code %s"), cell[COL_DIVISION]), NULL;
      c->division_code = g_strdup (cell[COL_DIVISION]);
    }
  else
    {
      char *chain[GW_N_LEVELS] = { NULL, };
      GError *local_error = NULL;

      if (!gw_db_locate (db, c->lon, c->lat, chain, &local_error))
        {
          if (local_error)
            {
              g_propagate_error (error, local_error);
              return NULL;
            }
          return cell_error (error, line, COL_DIVISION,
                             _("empty, and the camera's position lies outside every division")), NULL;
        }
      for (int k = GW_N_LEVELS - 1; k >= 0 && c->division_code == NULL; k--)
        c->division_code = g_strdup (chain[k]);
      for (int k = 0; k < GW_N_LEVELS; k++)
        g_free (chain[k]);
    }
  if (cell[COL_MAIN] && *cell[COL_MAIN])
    c->main_uri = g_strdup (cell[COL_MAIN]);
  if (cell[COL_SUB] && *cell[COL_SUB])
    c->sub_uri = g_strdup (cell[COL_SUB]);
  if (cell[COL_PTZ] && *cell[COL_PTZ])
    {
      if (g_str_equal (cell[COL_PTZ], "1") || g_ascii_strcasecmp (cell[COL_PTZ], "true") == 0)
        c->ptz = TRUE;
      else if (g_str_equal (cell[COL_PTZ], "0") || g_ascii_strcasecmp (cell[COL_PTZ], "false") == 0)
        c->ptz = FALSE;
      else
        return cell_error (error, line, COL_PTZ, _("“%s” is not 0, 1, true or false"), cell[COL_PTZ]), NULL;
    }
  if (cell[COL_HEADING] && *cell[COL_HEADING])
    {
      if (!parse_number (cell[COL_HEADING], &v) || (v != -1 && (v < 0 || v >= 360)))
        return cell_error (error, line, COL_HEADING,
                           _("“%s” is not a direction in degrees (0 to 360, or -1)"), cell[COL_HEADING]), NULL;
      c->heading = v;
    }
  return g_steal_pointer (&c);
}

gboolean
gw_import_cameras_csv (GwDb        *db,
                       const char  *data,
                       gsize        length,
                       guint       *n_imported,
                       GError     **error)
{
  g_autoptr(GPtrArray) header = NULL;
  g_autoptr(GError) local_error = NULL;
  int map[N_COLS];
  gsize pos = 0;
  guint line = 1, count = 0;

  if (!check_size (length, error))
    return FALSE;
  if (!g_utf8_validate (data, length, NULL))
    {
      g_set_error_literal (error, GW_IMPORT_ERROR, GW_IMPORT_ERROR_INVALID,
                           _("The file is not UTF-8 text"));
      return FALSE;
    }
  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    pos = 3;
  header = csv_record (data, length, &pos, &line, error);
  if (header == NULL)
    return FALSE;
  for (int k = 0; k < N_COLS; k++)
    {
      map[k] = -1;
      for (guint i = 0; i < header->len; i++)
        if (g_ascii_strcasecmp (g_strstrip ((char *) g_ptr_array_index (header, i)), camera_columns[k]) == 0)
          map[k] = i;
    }
  for (int k = COL_ID; k <= COL_LAT; k++)
    if (map[k] < 0)
      {
        g_autoptr(GString) columns = g_string_new (NULL);

        for (int c = 0; c < N_COLS; c++)
          g_string_append_printf (columns, "%s%s", c ? ", " : "", camera_columns[c]);
        g_set_error (error, GW_IMPORT_ERROR, GW_IMPORT_ERROR_INVALID,
                     /* TRANSLATORS: a column's name, then the list of the columns a file
                      * may have */
                     _("Line 1: the header has no “%s” column (columns: %s)"),
                     camera_columns[k], columns->str);
        return FALSE;
      }

  if (!gw_db_begin (db, error))
    return FALSE;
  while (pos < length)
    {
      guint record_line = line;
      g_autoptr(GPtrArray) fields = csv_record (data, length, &pos, &line, error);
      g_autoptr(GwCamera) camera = NULL;

      if (fields == NULL)
        goto fail;
      if (fields->len == 1 && *(char *) g_ptr_array_index (fields, 0) == '\0')
        continue; /* blank line */
      if (fields->len != header->len)
        {
          g_set_error (error, GW_IMPORT_ERROR, GW_IMPORT_ERROR_INVALID,
                       _("Line %u: %u fields, but the header has %u"), record_line, fields->len, header->len);
          goto fail;
        }
      camera = camera_from_record (db, fields, map, record_line, error);
      if (camera == NULL)
        goto fail;
      if (gw_db_insert_camera (db, camera, &local_error) == 0)
        {
          g_set_error (error, GW_IMPORT_ERROR, GW_IMPORT_ERROR_INVALID,
                       /* TRANSLATORS: a line number, and what is wrong with the line */
                       _("Line %u: %s"), record_line, local_error->message);
          goto fail;
        }
      count++;
    }
  if (count == 0)
    {
      g_set_error_literal (error, GW_IMPORT_ERROR, GW_IMPORT_ERROR_INVALID,
                           _("The file holds no cameras"));
      goto fail;
    }
  if (!gw_db_commit (db, error))
    goto fail;
  if (n_imported)
    *n_imported = count;
  return TRUE;

fail:
  gw_db_rollback (db);
  return FALSE;
}

/* Export ------------------------------------------------------------------------------- */

static gboolean
write_str (GOutputStream  *out,
           const char     *text,
           GError        **error)
{
  return g_output_stream_write_all (out, text, strlen (text), NULL, NULL, error);
}

gboolean
gw_export_divisions_geojson (GwDb           *db,
                             GOutputStream  *out,
                             GError        **error)
{
  g_autoptr(GPtrArray) divisions = gw_db_list_divisions (db, -1, error);

  if (divisions == NULL || !write_str (out, "{\"type\":\"FeatureCollection\",\"features\":[\n", error))
    return FALSE;
  for (guint i = 0; i < divisions->len; i++)
    {
      GwDivision *d = g_ptr_array_index (divisions, i);
      g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, "Feature");
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, d->code);
      json_builder_set_member_name (b, "properties");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "code");
      json_builder_add_string_value (b, d->code);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, d->name);
      json_builder_set_member_name (b, "level");
      json_builder_add_string_value (b, gw_level_to_string (d->level));
      if (d->parent_code)
        {
          json_builder_set_member_name (b, "parent");
          json_builder_add_string_value (b, d->parent_code);
        }
      json_builder_set_member_name (b, "population");
      json_builder_add_int_value (b, d->population);
      json_builder_set_member_name (b, "label");
      json_builder_begin_array (b);
      json_builder_add_double_value (b, d->label_lon);
      json_builder_add_double_value (b, d->label_lat);
      json_builder_end_array (b);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "geometry");
      if (d->polygon)
        json_builder_add_value (b, gw_polygon_to_geojson (d->polygon));
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
      node = json_builder_get_root (b);
      text = gw_json_to_string (node, FALSE);
      if (!write_str (out, text, error) ||
          !write_str (out, i + 1 < divisions->len ? ",\n" : "\n", error))
        return FALSE;
    }
  return write_str (out, "]}\n", error);
}

static char *
csv_quote (const char *text)
{
  GString *s;

  if (text == NULL)
    return g_strdup ("");
  if (strpbrk (text, ",\"\n\r") == NULL)
    return g_strdup (text);
  s = g_string_new ("\"");
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (s, '"');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '"');
  return g_string_free (s, FALSE);
}

gboolean
gw_export_cameras_csv (GwDb           *db,
                       GOutputStream  *out,
                       GError        **error)
{
  g_autoptr(GPtrArray) cameras = gw_db_list_cameras (db, error);

  if (cameras == NULL || !write_str (out, "id,name,lon,lat,division,main_uri,sub_uri,ptz,heading\n", error))
    return FALSE;
  for (guint i = 0; i < cameras->len; i++)
    {
      GwCamera *c = g_ptr_array_index (cameras, i);
      g_autofree char *name = csv_quote (c->name);
      g_autofree char *main_uri = csv_quote (c->main_uri);
      g_autofree char *sub_uri = csv_quote (c->sub_uri);
      char lon[G_ASCII_DTOSTR_BUF_SIZE], lat[G_ASCII_DTOSTR_BUF_SIZE], heading[G_ASCII_DTOSTR_BUF_SIZE];
      g_autofree char *row = NULL;

      g_ascii_formatd (lon, sizeof lon, "%.7f", c->lon);
      g_ascii_formatd (lat, sizeof lat, "%.7f", c->lat);
      g_ascii_formatd (heading, sizeof heading, "%g", c->heading);
      row = g_strdup_printf ("%s,%s,%s,%s,%s,%s,%s,%d,%s\n", c->id, name, lon, lat,
                             c->division_code ? c->division_code : "", main_uri, sub_uri,
                             c->ptz ? 1 : 0, heading);
      if (!write_str (out, row, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
gw_export_tickets_jsonl (GwDb           *db,
                         GOutputStream  *out,
                         GError        **error)
{
  sqlite3_stmt *stmt = _gw_db_prepare (db, "SELECT id FROM tickets ORDER BY id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GwTicket) t = gw_db_get_ticket (db, sqlite3_column_int64 (stmt, 0), error);
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *text = NULL;

      if (t == NULL)
        {
          sqlite3_reset (stmt);
          return FALSE;
        }
      node = gw_ticket_to_json (t);
      text = gw_json_to_string (node, FALSE);
      if (!write_str (out, text, error) || !write_str (out, "\n", error))
        {
          sqlite3_reset (stmt);
          return FALSE;
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (db, error, _("reading tickets"));
  return TRUE;
}
