/* gw-import.h: reading and writing divisions (GeoJSON), cameras (CSV) and tickets (JSON
 * Lines) from and to files.
 *
 * An import runs in one transaction: a bad file gives one clear message naming the
 * feature or line and the field, and leaves the database exactly as it was.
 */
#pragma once

#include <gio/gio.h>

#include "gw-db.h"

G_BEGIN_DECLS

#define GW_IMPORT_ERROR (gw_import_error_quark ())
GQuark gw_import_error_quark (void);

typedef enum {
  GW_IMPORT_ERROR_INVALID,   /* the file's content is wrong; the message says where */
  GW_IMPORT_ERROR_TOO_LARGE, /* beyond the size limit */
} GwImportError;

/* Files larger than this are refused before parsing. */
#define GW_IMPORT_MAX_BYTES (512 * 1024 * 1024)

/* A GeoJSON FeatureCollection of Polygon/MultiPolygon features. Each feature's code is
 * properties.code, else the feature's "id" (string or integer); its name is
 * properties.name. properties.level and properties.parent are optional: the parent
 * defaults to the division with the longest code that is a proper prefix of this one,
 * the level to the one below the parent's (district when there is no parent). A label
 * point comes from properties.cp or properties.label ([lon, lat]) or is computed. */
gboolean gw_import_divisions_geojson (GwDb        *db,
                                      const char  *data,
                                      gsize        length,
                                      guint       *n_imported,
                                      GError     **error);

/* CSV with a header line naming the columns: id, name, lon, lat (required), division,
 * main_uri, sub_uri, ptz, heading (optional; a missing division is found from the point). */
gboolean gw_import_cameras_csv       (GwDb        *db,
                                      const char  *data,
                                      gsize        length,
                                      guint       *n_imported,
                                      GError     **error);

gboolean gw_export_divisions_geojson (GwDb           *db,
                                      GOutputStream  *out,
                                      GError        **error);
gboolean gw_export_cameras_csv       (GwDb           *db,
                                      GOutputStream  *out,
                                      GError        **error);
/* One ticket object per line, oldest first. */
gboolean gw_export_tickets_jsonl     (GwDb           *db,
                                      GOutputStream  *out,
                                      GError        **error);

G_END_DECLS
