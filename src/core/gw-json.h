/* gw-json.h: checked access to untrusted JSON (json-glib), with errors that name the field.
 *
 * Every getter takes the path of the object it reads (e.g. "features[3].properties") so
 * the message says where the problem is: "features[3].properties.code: expected a
 * string". Unknown members can be refused with gw_json_check_members().
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define GW_JSON_ERROR (gw_json_error_quark ())
GQuark gw_json_error_quark (void);

typedef enum {
  GW_JSON_ERROR_SYNTAX,     /* not JSON */
  GW_JSON_ERROR_TYPE,       /* a member of the wrong type */
  GW_JSON_ERROR_MISSING,    /* a required member is absent */
  GW_JSON_ERROR_VALUE,      /* right type, value out of range or not one of the allowed */
  GW_JSON_ERROR_UNKNOWN,    /* a member that is not part of the format */
  GW_JSON_ERROR_TOO_DEEP,   /* nesting beyond the limit */
} GwJsonError;

/* Parses text into a node, refusing nesting deeper than max_depth. */
JsonNode   *gw_json_parse             (const char  *data,
                                       gssize       length,
                                       guint        max_depth,
                                       GError     **error);

JsonObject *gw_json_require_object    (JsonNode    *node,
                                       const char  *path,
                                       GError     **error);

/* The getters: with required FALSE, an absent or null member leaves *out untouched and
 * succeeds. Strings are returned newly allocated. */
gboolean    gw_json_get_string        (JsonObject  *obj,
                                       const char  *path,
                                       const char  *member,
                                       gboolean     required,
                                       char       **out,
                                       GError     **error);
gboolean    gw_json_get_int           (JsonObject  *obj,
                                       const char  *path,
                                       const char  *member,
                                       gboolean     required,
                                       gint64      *out,
                                       GError     **error);
gboolean    gw_json_get_double        (JsonObject  *obj,
                                       const char  *path,
                                       const char  *member,
                                       gboolean     required,
                                       double      *out,
                                       GError     **error);
gboolean    gw_json_get_bool          (JsonObject  *obj,
                                       const char  *path,
                                       const char  *member,
                                       gboolean     required,
                                       gboolean    *out,
                                       GError     **error);
/* A string that must be one of names (NULL-terminated); *out is its index. */
gboolean    gw_json_get_enum          (JsonObject  *obj,
                                       const char  *path,
                                       const char  *member,
                                       gboolean     required,
                                       const char *const *names,
                                       guint       *out,
                                       GError     **error);
/* An ISO 8601 date-time with offset, returned as Unix seconds. */
gboolean    gw_json_get_time          (JsonObject  *obj,
                                       const char  *path,
                                       const char  *member,
                                       gboolean     required,
                                       gint64      *out,
                                       GError     **error);
/* A longitude/latitude pair of members ("lon", "lat") within range. */
gboolean    gw_json_get_lonlat        (JsonObject  *obj,
                                       const char  *path,
                                       gboolean     required,
                                       double      *lon,
                                       double      *lat,
                                       GError     **error);
/* An array member (borrowed), or NULL with *out_array untouched when absent and optional. */
gboolean    gw_json_get_array         (JsonObject  *obj,
                                       const char  *path,
                                       const char  *member,
                                       gboolean     required,
                                       JsonArray  **out_array,
                                       GError     **error);
gboolean    gw_json_get_object        (JsonObject  *obj,
                                       const char  *path,
                                       const char  *member,
                                       gboolean     required,
                                       JsonObject **out_object,
                                       GError     **error);

/* Refuses any member not in allowed (NULL-terminated). */
gboolean    gw_json_check_members     (JsonObject  *obj,
                                       const char  *path,
                                       const char *const *allowed,
                                       GError     **error);

/* What kind of JSON value a node holds, in words for a message ("a string", "null" …). */
const char *gw_json_node_type_name    (JsonNode    *node);

/* "path.member" (or "member" when path is NULL or empty). */
/* A string member: when `required`, present; when present, not empty, at most max_bytes
 * long and max_chars characters (0: no limit). *out is NULL when absent and not required. */
gboolean    gw_json_get_text          (JsonObject  *obj,
                                       const char  *path,
                                       const char  *member,
                                       gboolean     required,
                                       gsize        max_bytes,
                                       glong        max_chars,
                                       char       **out,
                                       GError     **error);
/* A required integer member within min…max. */
gboolean    gw_json_get_int_in_range  (JsonObject  *obj,
                                       const char  *path,
                                       const char  *member,
                                       gint64       min,
                                       gint64       max,
                                       gint64      *out,
                                       GError     **error);
/* Element i of `array` (found at array_path) as an integer within min…max. */
gboolean    gw_json_get_element_int   (JsonArray   *array,
                                       const char  *array_path,
                                       guint        i,
                                       gint64       min,
                                       gint64       max,
                                       gint64      *out,
                                       GError     **error);

char       *gw_json_path_member       (const char  *path,
                                       const char  *member);
char       *gw_json_path_index        (const char  *path,
                                       guint        index);

/* Data shipped inside Gridwatch (a GResource) parsed once by `parse`. A shipped file that is
 * missing or broken is a defect of the build: the program stops, naming `what`. */
typedef gpointer (*GwShippedParser) (GBytes  *bytes,
                                     GError **error);
gpointer    gw_json_load_shipped      (const char      *resource,
                                       GwShippedParser  parse,
                                       const char      *what);

/* Writers. */
char       *gw_json_format_time       (gint64       unix_seconds); /* ISO 8601, +08:00 */
char       *gw_json_to_string         (JsonNode    *node,
                                       gboolean     pretty);

/* A fast writer of compact JSON text, byte for byte what json-glib's generator writes for
 * the same values (for the hot paths: ticket pages, the change log, the live feed). */
typedef struct {
  GString  *out;
  guint     depth;
  guint64   has_items;      /* bit per depth: a value was written at this depth */
  gboolean  after_member;
} GwJsonWriter;

void gw_json_writer_init         (GwJsonWriter *w,
                                  GString      *out);
void gw_json_writer_begin_object (GwJsonWriter *w);
void gw_json_writer_end_object   (GwJsonWriter *w);
void gw_json_writer_begin_array  (GwJsonWriter *w);
void gw_json_writer_end_array    (GwJsonWriter *w);
void gw_json_writer_member       (GwJsonWriter *w,
                                  const char   *name);
void gw_json_writer_string       (GwJsonWriter *w,
                                  const char   *value);  /* NULL writes null */
void gw_json_writer_int          (GwJsonWriter *w,
                                  gint64        value);
void gw_json_writer_double       (GwJsonWriter *w,
                                  double        value);
void gw_json_writer_bool         (GwJsonWriter *w,
                                  gboolean      value);
void gw_json_writer_null         (GwJsonWriter *w);
/* A time as gw_json_format_time() writes it, or null for 0. */
void gw_json_writer_time         (GwJsonWriter *w,
                                  gint64        unix_seconds);
/* Text that is already JSON (a value). */
void gw_json_writer_raw          (GwJsonWriter *w,
                                  const char   *json,
                                  gssize        length);

G_END_DECLS
