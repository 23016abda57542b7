#define G_LOG_DOMAIN "gw-json"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "gw-json.h"
#include "gw-time.h"

G_DEFINE_QUARK (gw-json-error-quark, gw_json_error)

char *
gw_json_path_member (const char *path,
                     const char *member)
{
  if (path == NULL || *path == '\0')
    return g_strdup (member);
  return g_strconcat (path, ".", member, NULL);
}

char *
gw_json_path_index (const char *path,
                    guint       index)
{
  return g_strdup_printf ("%s[%u]", path ? path : "", index);
}

static guint
node_depth (JsonNode *node,
            guint     limit)
{
  guint max = 0;

  if (limit == 0)
    return 1;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      JsonNode *child;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, NULL, &child))
        {
          guint d = node_depth (child, limit - 1);
          max = MAX (max, d);
        }
      return max + 1;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint n = json_array_get_length (array);

      for (guint i = 0; i < n; i++)
        {
          guint d = node_depth (json_array_get_element (array, i), limit - 1);
          max = MAX (max, d);
        }
      return max + 1;
    }
  return 0;
}

JsonNode *
gw_json_parse (const char  *data,
               gssize       length,
               guint        max_depth,
               GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_SYNTAX,
                   _("not valid JSON: %s"), local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, GW_JSON_ERROR, GW_JSON_ERROR_SYNTAX,
                           _("not valid JSON: the document is empty"));
      return NULL;
    }
  if (max_depth > 0 && node_depth (root, max_depth + 1) > max_depth)
    {
      g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_TOO_DEEP,
                   _("JSON nested deeper than %u levels"), max_depth);
      return NULL;
    }
  return json_node_ref (root);
}

const char *
gw_json_node_type_name (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return _("null");
  if (JSON_NODE_HOLDS_OBJECT (node))
    return _("an object");
  if (JSON_NODE_HOLDS_ARRAY (node))
    return _("an array");
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return _("a string");
    case G_TYPE_BOOLEAN:
      return _("a boolean");
    default:
      return _("a number");
    }
}

JsonObject *
gw_json_require_object (JsonNode    *node,
                        const char  *path,
                        GError     **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_TYPE,
                   _("%s: expected an object, found %s"),
                   path && *path ? path : _("document"), gw_json_node_type_name (node));
      return NULL;
    }
  return json_node_get_object (node);
}

/* Returns the member node, or NULL (with or without error) when absent/null. */
static JsonNode *
lookup (JsonObject  *obj,
        const char  *path,
        const char  *member,
        gboolean     required,
        gboolean    *failed,
        GError     **error)
{
  JsonNode *node = json_object_get_member (obj, member);

  *failed = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          g_autofree char *where = gw_json_path_member (path, member);
          g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_MISSING,
                       _("%s: required field is missing"), where);
          *failed = TRUE;
        }
      return NULL;
    }
  return node;
}

static gboolean
type_error (const char  *path,
            const char  *member,
            const char  *expected,
            JsonNode    *node,
            GError     **error)
{
  g_autofree char *where = gw_json_path_member (path, member);
  g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_TYPE,
               _("%s: expected %s, found %s"), where, expected, gw_json_node_type_name (node));
  return FALSE;
}

static gboolean
is_value_of (JsonNode *node,
             GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

gboolean
gw_json_get_string (JsonObject  *obj,
                    const char  *path,
                    const char  *member,
                    gboolean     required,
                    char       **out,
                    GError     **error)
{
  gboolean failed;
  JsonNode *node = lookup (obj, path, member, required, &failed, error);

  if (node == NULL)
    return !failed;
  if (!is_value_of (node, G_TYPE_STRING))
    return type_error (path, member, _("a string"), node, error);
  g_free (*out);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

gboolean
gw_json_get_int (JsonObject  *obj,
                 const char  *path,
                 const char  *member,
                 gboolean     required,
                 gint64      *out,
                 GError     **error)
{
  gboolean failed;
  JsonNode *node = lookup (obj, path, member, required, &failed, error);

  if (node == NULL)
    return !failed;
  if (!is_value_of (node, G_TYPE_INT64))
    return type_error (path, member, _("an integer"), node, error);
  *out = json_node_get_int (node);
  return TRUE;
}

gboolean
gw_json_get_double (JsonObject  *obj,
                    const char  *path,
                    const char  *member,
                    gboolean     required,
                    double      *out,
                    GError     **error)
{
  gboolean failed;
  JsonNode *node = lookup (obj, path, member, required, &failed, error);
  double v;

  if (node == NULL)
    return !failed;
  if (is_value_of (node, G_TYPE_INT64))
    v = (double) json_node_get_int (node);
  else if (is_value_of (node, G_TYPE_DOUBLE))
    v = json_node_get_double (node);
  else
    return type_error (path, member, _("a number"), node, error);
  if (!isfinite (v))
    {
      g_autofree char *where = gw_json_path_member (path, member);
      g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_VALUE,
                   _("%s: not a finite number"), where);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

gboolean
gw_json_get_bool (JsonObject  *obj,
                  const char  *path,
                  const char  *member,
                  gboolean     required,
                  gboolean    *out,
                  GError     **error)
{
  gboolean failed;
  JsonNode *node = lookup (obj, path, member, required, &failed, error);

  if (node == NULL)
    return !failed;
  if (!is_value_of (node, G_TYPE_BOOLEAN))
    return type_error (path, member, _("true or false"), node, error);
  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
gw_json_get_enum (JsonObject         *obj,
                  const char         *path,
                  const char         *member,
                  gboolean            required,
                  const char *const  *names,
                  guint              *out,
                  GError            **error)
{
  g_autofree char *value = NULL;
  g_autofree char *where = NULL;
  g_autofree char *allowed = NULL;

  if (!gw_json_get_string (obj, path, member, required, &value, error))
    return FALSE;
  if (value == NULL)
    return TRUE;
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_equal (names[i], value))
        {
          *out = i;
          return TRUE;
        }
    }
  where = gw_json_path_member (path, member);
  allowed = g_strjoinv (", ", (char **) names);
  g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_VALUE,
               _("%s: “%s” is not one of %s"), where, value, allowed);
  return FALSE;
}

gboolean
gw_json_get_time (JsonObject  *obj,
                  const char  *path,
                  const char  *member,
                  gboolean     required,
                  gint64      *out,
                  GError     **error)
{
  g_autofree char *value = NULL;
  g_autoptr(GDateTime) dt = NULL;

  if (!gw_json_get_string (obj, path, member, required, &value, error))
    return FALSE;
  if (value == NULL)
    return TRUE;
  dt = g_date_time_new_from_iso8601 (value, NULL);
  if (dt == NULL || strchr (value, 'T') == NULL)
    {
      g_autofree char *where = gw_json_path_member (path, member);
      g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_VALUE,
                   _("%s: “%s” is not an ISO 8601 date and time with a time zone "
                     "(e.g. 2024-11-22T08:30:00+08:00)"), where, value);
      return FALSE;
    }
  *out = g_date_time_to_unix (dt);
  return TRUE;
}

gboolean
gw_json_get_lonlat (JsonObject  *obj,
                    const char  *path,
                    gboolean     required,
                    double      *lon,
                    double      *lat,
                    GError     **error)
{
  double x = NAN, y = NAN;
  gboolean has_lon = json_object_has_member (obj, "lon");
  gboolean has_lat = json_object_has_member (obj, "lat");

  if (!required && !has_lon && !has_lat)
    return TRUE;
  if (!gw_json_get_double (obj, path, "lon", TRUE, &x, error) ||
      !gw_json_get_double (obj, path, "lat", TRUE, &y, error))
    return FALSE;
  if (x < -180.0 || x > 180.0)
    {
      g_autofree char *where = gw_json_path_member (path, "lon");
      g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_VALUE,
                   _("%s: longitude %g is outside -180…180"), where, x);
      return FALSE;
    }
  if (y < -90.0 || y > 90.0)
    {
      g_autofree char *where = gw_json_path_member (path, "lat");
      g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_VALUE,
                   _("%s: latitude %g is outside -90…90"), where, y);
      return FALSE;
    }
  *lon = x;
  *lat = y;
  return TRUE;
}

gboolean
gw_json_get_array (JsonObject  *obj,
                   const char  *path,
                   const char  *member,
                   gboolean     required,
                   JsonArray  **out_array,
                   GError     **error)
{
  gboolean failed;
  JsonNode *node = lookup (obj, path, member, required, &failed, error);

  if (node == NULL)
    return !failed;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return type_error (path, member, _("an array"), node, error);
  *out_array = json_node_get_array (node);
  return TRUE;
}

gboolean
gw_json_get_object (JsonObject   *obj,
                    const char   *path,
                    const char   *member,
                    gboolean      required,
                    JsonObject  **out_object,
                    GError      **error)
{
  gboolean failed;
  JsonNode *node = lookup (obj, path, member, required, &failed, error);

  if (node == NULL)
    return !failed;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return type_error (path, member, _("an object"), node, error);
  *out_object = json_node_get_object (node);
  return TRUE;
}

gboolean
gw_json_check_members (JsonObject         *obj,
                       const char         *path,
                       const char *const  *allowed,
                       GError            **error)
{
  JsonObjectIter iter;
  const char *name;

  json_object_iter_init (&iter, obj);
  while (json_object_iter_next (&iter, &name, NULL))
    {
      if (!g_strv_contains (allowed, name))
        {
          g_autofree char *where = gw_json_path_member (path, name);
          g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_UNKNOWN,
                       _("%s: unknown field"), where);
          return FALSE;
        }
    }
  return TRUE;
}

/* "YYYY-MM-DDTHH:MM:SS+08:00" into buf (at least 26 bytes), for years 0–9999. The county's
 * zone is a fixed UTC+8 (gw-time.h): integer arithmetic (days to a civil date, after Howard
 * Hinnant's algorithm) instead of a GDateTime per time. */
static void append_digits (char  *at,
                           gint64 value,
                           int    width);

static void
format_time (gint64  unix_seconds,
             char   *buf)
{
  gint64 t = unix_seconds + 8 * 3600;
  gint64 days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  gint64 secs = t - days * 86400;
  gint64 z = days + 719468;
  gint64 era = (z >= 0 ? z : z - 146096) / 146097;
  gint64 doe = z - era * 146097;
  gint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  gint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  gint64 mp = (5 * doy + 2) / 153;
  gint64 d = doy - (153 * mp + 2) / 5 + 1;
  gint64 m = mp < 10 ? mp + 3 : mp - 9;
  gint64 y = yoe + era * 400 + (m <= 2);

  memcpy (buf, "0000-00-00T00:00:00+08:00", 26);
  append_digits (buf, CLAMP (y, 0, 9999), 4);
  append_digits (buf + 5, m, 2);
  append_digits (buf + 8, d, 2);
  append_digits (buf + 11, secs / 3600, 2);
  append_digits (buf + 14, (secs / 60) % 60, 2);
  append_digits (buf + 17, secs % 60, 2);
}

char *
gw_json_format_time (gint64 unix_seconds)
{
  char buf[32];

  format_time (unix_seconds, buf);
  return g_strdup (buf);
}

gpointer
gw_json_load_shipped (const char      *resource,
                      GwShippedParser  parse,
                      const char      *what)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  gpointer result;

  if (bytes == NULL)
    g_error ("The %s is missing from this build: %s", what, error->message);
  result = parse (bytes, &error);
  if (result == NULL)
    g_error ("The %s shipped with this build is broken: %s", what, error->message);
  return result;
}

char *
gw_json_to_string (JsonNode *node,
                   gboolean  pretty)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  json_generator_set_pretty (gen, pretty);
  json_generator_set_root (gen, node);
  return json_generator_to_data (gen, NULL);
}

/* Writer --------------------------------------------------------------------------------- */

void
gw_json_writer_init (GwJsonWriter *w,
                     GString      *out)
{
  memset (w, 0, sizeof *w);
  w->out = out;
}

/* Room for n more bytes (and the NUL after them) at the end of out: the writer fills it
 * directly and closes it with done(), instead of one g_string_append per piece. */
static inline char *
room (GString *out,
      gsize    n)
{
  if (G_UNLIKELY (out->len + n >= out->allocated_len))
    {
      gsize len = out->len;

      g_string_set_size (out, len + n);
      out->len = len;
    }
  return out->str + out->len;
}

static inline void
done (GString *out,
      char    *end)
{
  *end = '\0';
  out->len = end - out->str;
}

/* The longest member name written in one pass; longer ones take the general path. */
#define MEMBER_ROOM 64

/* The length of text when no byte of it needs escaping (the common case), else -1. */
static inline gssize
plain_length (const char *text)
{
  const guchar *p = (const guchar *) text;

  for (; *p; p++)
    if (G_UNLIKELY (*p < 0x20 || *p == '"' || *p == '\\'))
      return -1;
  return (const char *) p - text;
}

static void
before_value (GwJsonWriter *w)
{
  if (w->after_member)
    {
      w->after_member = FALSE;
      return;
    }
  if (w->depth > 0 && (w->has_items & (G_GUINT64_CONSTANT (1) << w->depth)))
    g_string_append_c (w->out, ',');
  if (w->depth > 0)
    w->has_items |= G_GUINT64_CONSTANT (1) << w->depth;
}

static void
open_container (GwJsonWriter *w,
                char          c)
{
  before_value (w);
  g_string_append_c (w->out, c);
  g_assert (w->depth < 62);
  w->depth++;
  w->has_items &= ~(G_GUINT64_CONSTANT (1) << w->depth);
}

static void
close_container (GwJsonWriter *w,
                 char          c)
{
  w->depth--;
  g_string_append_c (w->out, c);
}

void gw_json_writer_begin_object (GwJsonWriter *w) { open_container (w, '{'); }
void gw_json_writer_end_object (GwJsonWriter *w) { close_container (w, '}'); }
void gw_json_writer_begin_array (GwJsonWriter *w) { open_container (w, '['); }
void gw_json_writer_end_array (GwJsonWriter *w) { close_container (w, ']'); }

static void
append_escaped (GString    *out,
                const char *text)
{
  const guchar *p = (const guchar *) text, *run = p;
  gssize n = plain_length (text);

  if (G_LIKELY (n >= 0))
    {
      char *at = room (out, n + 2);

      *at++ = '"';
      memcpy (at, text, n);
      at += n;
      *at++ = '"';
      done (out, at);
      return;
    }
  g_string_append_c (out, '"');
  for (; *p; p++)
    {
      const char *escape;
      char buf[8];

      if (*p >= 0x20 && *p != '"' && *p != '\\')
        continue;
      /* Flush the run of plain bytes, then the escape. */
      g_string_append_len (out, (const char *) run, p - run);
      switch (*p)
        {
        case '"':  escape = "\\\""; break;
        case '\\': escape = "\\\\"; break;
        case '\b': escape = "\\b"; break;
        case '\f': escape = "\\f"; break;
        case '\n': escape = "\\n"; break;
        case '\r': escape = "\\r"; break;
        case '\t': escape = "\\t"; break;
        default:
          g_snprintf (buf, sizeof buf, "\\u%04x", *p);
          escape = buf;
        }
      g_string_append (out, escape);
      run = p + 1;
    }
  g_string_append_len (out, (const char *) run, p - run);
  g_string_append_c (out, '"');
}

void
gw_json_writer_member (GwJsonWriter *w,
                       const char   *name)
{
  const guchar *p = (const guchar *) name;
  char *start, *at;

  before_value (w);
  /* Names are short and plain: copied in one pass, checked as they go. */
  start = at = room (w->out, MEMBER_ROOM + 3);
  *at++ = '"';
  for (; *p && at - start <= MEMBER_ROOM; p++)
    {
      if (G_UNLIKELY (*p < 0x20 || *p == '"' || *p == '\\'))
        break;
      *at++ = *p;
    }
  if (G_LIKELY (*p == '\0'))
    {
      *at++ = '"';
      *at++ = ':';
      done (w->out, at);
    }
  else
    {
      *start = '\0';
      append_escaped (w->out, name);
      g_string_append_c (w->out, ':');
    }
  w->after_member = TRUE;
}

void
gw_json_writer_string (GwJsonWriter *w,
                       const char   *value)
{
  before_value (w);
  if (value)
    append_escaped (w->out, value);
  else
    g_string_append (w->out, "null");
}

static void
append_int (GString *out,
            gint64   value)
{
  char buf[24], *p = buf + sizeof buf;
  guint64 v = value < 0 ? -(guint64) value : (guint64) value;
  gsize n;
  char *at;

  do
    *--p = '0' + v % 10;
  while ((v /= 10) > 0);
  if (value < 0)
    *--p = '-';
  n = buf + sizeof buf - p;
  at = room (out, n);
  memcpy (at, p, n);
  done (out, at + n);
}

static void
append_digits (char  *at,
               gint64 value,
               int    width)
{
  for (int i = width - 1; i >= 0; i--, value /= 10)
    at[i] = '0' + value % 10;
}

void
gw_json_writer_int (GwJsonWriter *w,
                    gint64        value)
{
  before_value (w);
  append_int (w->out, value);
}

/* What g_ascii_formatd (buf, size, "%.17g", value) writes, for the values tickets carry
 * (coordinates: magnitudes from 1e-4 up to 1e15, where %g writes no exponent), computed
 * exactly with integer arithmetic instead of printf's multi-precision path: the 17
 * significant digits of the binary value rounded half to even, as glibc rounds them.
 * Returns the length written into buf (at least 40 bytes), or 0 for a value it leaves to
 * printf. */
static int
format_double_17 (double  value,
                  char   *buf)
{
  double a = fabs (value);
  unsigned __int128 p10, product, q, rest, half;
  char digits[17], *at = buf;
  int e2, s, x, k, frac_end;
  guint64 m, n = 0;

  if (!(a >= 1e-4 && a < 1e15))
    return 0;
  /* a = m / 2^s exactly, m < 2^53, 3 <= s <= 66 in this range. */
  m = (guint64) ldexp (frexp (a, &e2), 53);
  s = 53 - e2;
  x = (int) floor (log10 (a));
  for (int tries = 0; ; tries++)
    {
      /* n = a * 10^k rounded, with k chosen for 17 digits if x is a's decimal exponent. */
      k = 16 - x;
      if (tries == 3 || k < 0 || k > 22)
        return 0;
      p10 = 1;
      for (int i = 0; i < k; i++)
        p10 *= 10;
      product = (unsigned __int128) m * p10;
      q = product >> s;
      rest = product & (((unsigned __int128) 1 << s) - 1);
      half = (unsigned __int128) 1 << (s - 1);
      if (rest > half || (rest == half && (q & 1)))
        q++;
      if (q >= G_GUINT64_CONSTANT (100000000000000000))
        x++;
      else if (q < G_GUINT64_CONSTANT (10000000000000000))
        x--;
      else
        {
          n = (guint64) q;
          break;
        }
    }
  if (x < -4 || x >= 17)
    return 0;
  for (int i = 16; i >= 0; i--, n /= 10)
    digits[i] = '0' + n % 10;

  if (value < 0)
    *at++ = '-';
  if (x >= 0)
    {
      memcpy (at, digits, x + 1);
      at += x + 1;
      *at++ = '.';
      memcpy (at, digits + x + 1, 16 - x);
      at += 16 - x;
    }
  else
    {
      *at++ = '0';
      *at++ = '.';
      for (int i = 0; i < -x - 1; i++)
        *at++ = '0';
      memcpy (at, digits, 17);
      at += 17;
    }
  /* %g drops the fraction's trailing zeros, and the point when nothing follows it. */
  frac_end = at - buf;
  while (buf[frac_end - 1] == '0')
    frac_end--;
  if (buf[frac_end - 1] == '.')
    frac_end--;
  buf[frac_end] = '\0';
  return frac_end;
}

void
gw_json_writer_double (GwJsonWriter *w,
                       double        value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  before_value (w);
  if (format_double_17 (value, buf) == 0)
    g_ascii_formatd (buf, sizeof buf, "%.17g", value);
  g_string_append (w->out, buf);
  /* json-glib keeps a decimal point on every double. */
  if (strpbrk (buf, ".eEn") == NULL)
    g_string_append (w->out, ".0");
}

void
gw_json_writer_bool (GwJsonWriter *w,
                     gboolean      value)
{
  before_value (w);
  g_string_append (w->out, value ? "true" : "false");
}

void
gw_json_writer_null (GwJsonWriter *w)
{
  before_value (w);
  g_string_append (w->out, "null");
}

void
gw_json_writer_time (GwJsonWriter *w,
                     gint64        unix_seconds)
{
  char *at;

  if (unix_seconds == 0)
    {
      gw_json_writer_null (w);
      return;
    }
  before_value (w);
  /* The quotes around the 25 characters format_time writes (and its NUL, overwritten). */
  at = room (w->out, 27);
  *at = '"';
  format_time (unix_seconds, at + 1);
  at[26] = '"';
  done (w->out, at + 27);
}

void
gw_json_writer_raw (GwJsonWriter *w,
                    const char   *json,
                    gssize        length)
{
  before_value (w);
  g_string_append_len (w->out, json, length);
}

/* FALSE, and nothing set, when v is within min…max; else the error naming `where`. */
static gboolean
range_error (const char  *where,
             gint64       v,
             gint64       min,
             gint64       max,
             GError     **error)
{
  if (v >= min && v <= max)
    return FALSE;
  if (max == G_MAXINT64)
    g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_VALUE,
                 _("%s: must be at least %lld, not %lld"), where,
                 (long long) min, (long long) v);
  else
    g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_VALUE,
                 _("%s: %lld is not between %lld and %lld"), where,
                 (long long) v, (long long) min, (long long) max);
  return TRUE;
}

gboolean
gw_json_get_text (JsonObject  *obj,
                  const char  *path,
                  const char  *member,
                  gboolean     required,
                  gsize        max_bytes,
                  glong        max_chars,
                  char       **out,
                  GError     **error)
{
  g_autofree char *where = NULL;

  if (!gw_json_get_string (obj, path, member, required, out, error))
    return FALSE;
  if (*out == NULL)
    return TRUE;
  where = gw_json_path_member (path, member);
  if (**out == '\0')
    g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_VALUE, _("%s: must not be empty"), where);
  else if (max_bytes > 0 && strlen (*out) > max_bytes)
    g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_VALUE,
                 _("%s: longer than %u bytes"), where, (guint) max_bytes);
  else if (max_chars > 0 && g_utf8_strlen (*out, -1) > max_chars)
    g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_VALUE,
                 _("%s: longer than %u characters"), where, (guint) max_chars);
  else
    return TRUE;
  g_clear_pointer (out, g_free);
  return FALSE;
}

gboolean
gw_json_get_int_in_range (JsonObject  *obj,
                          const char  *path,
                          const char  *member,
                          gint64       min,
                          gint64       max,
                          gint64      *out,
                          GError     **error)
{
  g_autofree char *where = NULL;
  gint64 v = 0;

  if (!gw_json_get_int (obj, path, member, TRUE, &v, error))
    return FALSE;
  where = gw_json_path_member (path, member);
  if (range_error (where, v, min, max, error))
    return FALSE;
  *out = v;
  return TRUE;
}

gboolean
gw_json_get_element_int (JsonArray   *array,
                         const char  *array_path,
                         guint        i,
                         gint64       min,
                         gint64       max,
                         gint64      *out,
                         GError     **error)
{
  JsonNode *node = json_array_get_element (array, i);
  g_autofree char *where = gw_json_path_index (array_path, i);

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_TYPE,
                   _("%s: expected %s, found %s"), where, _("an integer"),
                   gw_json_node_type_name (node));
      return FALSE;
    }
  *out = json_node_get_int (node);
  return !range_error (where, *out, min, max, error);
}
