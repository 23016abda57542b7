/* gw-dictionary.h: the data-driven category dictionary (大类/小类), boards and tags.
 *
 * Loaded from JSON (data/categories.json, embedded as a GResource; the format is in
 * docs/DICTIONARY.md). A broken dictionary fails to load with a GError naming the entry
 * and field; nothing half-loaded is ever returned.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GW_DICTIONARY_ERROR (gw_dictionary_error_quark ())
GQuark gw_dictionary_error_quark (void);

typedef enum {
  GW_DICTIONARY_ERROR_INVALID,
} GwDictionaryError;

#define GW_DICTIONARY_RESOURCE "/org/gridwatch/Gridwatch/core/categories.json"

/* One of the four boards (板块), a tag (five matters, whistle type …) or a category. The
 * strings belong to the dictionary. */
typedef struct {
  const char *code;
  const char *name_zh;
  const char *name_en;
} GwBoard;

typedef struct {
  const char *code;      /* e.g. "worry" */
  const char *group;     /* "five_matters" or "whistle" */
  const char *name_zh;
  const char *name_en;
} GwTag;

typedef enum {
  GW_CATEGORY_KIND_EVENT = 0,  /* 事件 */
  GW_CATEGORY_KIND_COMPONENT,  /* 部件 */
  GW_CATEGORY_KIND_SERVICE,    /* 服务诉求 (requests for a service, not a problem on the street) */
} GwCategoryKind;

typedef struct _GwCategory GwCategory;
struct _GwCategory {
  const char       *code;        /* "01" for a category, "0101" for a subcategory */
  const char       *name_zh;
  const char       *name_en;
  const char       *board;       /* board code; a subcategory inherits its category's */
  GwCategoryKind    kind;
  const GwCategory *parent;      /* NULL for a category */
  const char *const *tags;       /* NULL-terminated tag codes, never NULL */
  const char *const *keywords;   /* NULL-terminated Chinese keywords for hints, never NULL */
};

typedef struct _GwDictionary GwDictionary;

GType          gw_dictionary_get_type      (void) G_GNUC_CONST;
#define GW_TYPE_DICTIONARY (gw_dictionary_get_type ())

GwDictionary  *gw_dictionary_new_from_bytes (GBytes        *json,
                                              GError       **error);
GwDictionary  *gw_dictionary_new_from_file   (GFile         *file,
                                              GCancellable  *cancellable,
                                              GError       **error);
/* The dictionary shipped with Gridwatch. Loaded once, then shared; never fails for a
 * correct build (a broken shipped dictionary is a build defect caught by the tests). */
GwDictionary  *gw_dictionary_get_default     (void);

GwDictionary  *gw_dictionary_ref             (GwDictionary  *self);
void           gw_dictionary_unref           (GwDictionary  *self);

/* A category or subcategory by code, or NULL. */
const GwCategory *gw_dictionary_lookup       (GwDictionary  *self,
                                              const char    *code);
/* Top-level categories, in file order (element type: const GwCategory *). */
GPtrArray     *gw_dictionary_get_categories  (GwDictionary  *self);
/* Subcategories of one category, or of all categories when category_code is NULL. */
GPtrArray     *gw_dictionary_get_subcategories (GwDictionary *self,
                                                const char   *category_code);
const GwBoard *gw_dictionary_lookup_board    (GwDictionary  *self,
                                              const char    *code);
/* Element type: const GwBoard *, in file order. */
GPtrArray     *gw_dictionary_get_boards      (GwDictionary  *self);
const GwTag   *gw_dictionary_lookup_tag      (GwDictionary  *self,
                                              const char    *code);

/* The name to show: Chinese when the UI language is Chinese, English otherwise. */
const char    *gw_category_get_display_name  (const GwCategory *category);
const char    *gw_board_get_display_name     (const GwBoard    *board);
/* TRUE when the current message locale (LANGUAGE / LC_MESSAGES) is Chinese. */
gboolean       gw_locale_is_chinese          (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwDictionary, gw_dictionary_unref)

G_END_DECLS
