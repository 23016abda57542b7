/* gw-demo-names.h: the word lists the demo county is made from. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  const char *name;
  const char *code_suffix;   /* 3 digits after the county code */
  gboolean    urban;         /* a 街道 of the town proper */
} GwDemoStreet;

typedef struct {
  const char *name;
  const char *name_en;
  const char *board;
} GwDemoDepartment;

extern const GwDemoStreet     gw_demo_tongnan_streets[23];
extern const GwDemoDepartment gw_demo_departments[61];

extern const char *const gw_demo_syllables_a[];   /* first characters of place names */
extern const char *const gw_demo_syllables_b[];   /* second characters */
extern const char *const gw_demo_surnames[];
extern const char *const gw_demo_given[];         /* characters of given names */
extern const char *const gw_demo_road_suffixes[];
extern const char *const gw_demo_landmarks[];     /* "{community}" + this */
extern const char *const gw_demo_camera_spots[];

guint gw_demo_strv_length (const char *const *v);

G_END_DECLS
