/* gw-camsim-cameras.h: which cameras the simulator serves — a list of ids from the command
 * line, or the cameras of a county database nearest a point.
 *
 * The database is opened read-only and only its `cameras` table is read: the simulator
 * never writes to, creates or migrates a seat's file, and runs beside the app that has it
 * open. The cameras come back as GwCamera (core) with at least id and name set.
 */
#pragma once

#include "gw-camera.h"

G_BEGIN_DECLS

/* "ID,ID,…" -> GwCamera with only the id set, in order, duplicates dropped. Every id must
 * be 20 digits (GW_CAMSIM_ERROR_INVALID naming the first that is not). */
GPtrArray *gw_camsim_cameras_parse_ids (const char  *list,
                                        GError     **error);

/* "LON,LAT" in degrees (WGS 84). */
gboolean   gw_camsim_parse_point       (const char  *text,
                                        double      *lon,
                                        double      *lat,
                                        GError     **error);

/* The n cameras of the database nearest (lon, lat), nearest first, equal distances by row
 * id: the order gw_db_list_nearest_cameras() gives. */
GPtrArray *gw_camsim_cameras_nearest   (const char  *db_path,
                                        double       lon,
                                        double       lat,
                                        guint        n,
                                        GError     **error);

/* Fills in the name (and position) of each camera of `cameras` that the database knows;
 * the others keep a NULL name. */
gboolean   gw_camsim_cameras_lookup    (const char  *db_path,
                                        GPtrArray   *cameras,
                                        GError     **error);

G_END_DECLS
