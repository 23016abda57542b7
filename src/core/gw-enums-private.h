/* gw-enums-private.h: one way for every enum of the core to have its string names. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* names: NULL-terminated, one per value in order. NULL for a value out of range. */
const char *_gw_enum_name  (const char *const *names,
                            guint              n,
                            guint              value);
gboolean    _gw_enum_value (const char *const *names,
                            const char        *str,
                            guint             *out);

/* Defines prefix_to_string () and prefix_from_string () over names. */
#define GW_ENUM_STRING_FUNCS(prefix, Type, names, n)                               \
  const char *prefix##_to_string (Type v) { return _gw_enum_name (names, n, v); } \
  gboolean prefix##_from_string (const char *str, Type *out)                      \
  {                                                                                \
    guint v;                                                                       \
    if (!_gw_enum_value (names, str, &v))                                          \
      return FALSE;                                                                \
    *out = (Type) v;                                                               \
    return TRUE;                                                                   \
  }

G_END_DECLS
