/* gw-tour.c: a tour of the video wall, and which step or page is on show when. */
#define G_LOG_DOMAIN "gw-tour"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-json.h"
#include "gw-tour.h"
#include "gw-wall-layout.h"

struct _GwTour
{
  char    *id;
  char    *name;
  guint    dwell;    /* seconds */
  GArray  *steps;    /* of GwTourStep */
  guint64  pinned;
};

static void
step_clear (gpointer data)
{
  GwTourStep *step = data;

  g_clear_pointer (&step->layout_id, g_free);
  g_clear_pointer (&step->cameras, g_free);
}

static void
tour_clear (gpointer data)
{
  GwTour *self = data;

  g_free (self->id);
  g_free (self->name);
  g_array_unref (self->steps);
}

G_DEFINE_BOXED_TYPE (GwTour, gw_tour, gw_tour_ref, gw_tour_unref)

/**
 * gw_tour_new:
 * @id: a non-empty id
 * @name: the name shown to the duty officer
 * @dwell_seconds: how long each step (or page) is on show
 *
 * Returns: (transfer full): a tour without steps
 */
GwTour *
gw_tour_new (const char *id,
             const char *name,
             guint       dwell_seconds)
{
  GwTour *self;

  g_return_val_if_fail (id != NULL && *id != '\0', NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (dwell_seconds >= GW_TOUR_MIN_DWELL && dwell_seconds <= GW_TOUR_MAX_DWELL, NULL);

  self = g_atomic_rc_box_new0 (GwTour);
  self->id = g_strdup (id);
  self->name = g_strdup (name);
  self->dwell = dwell_seconds;
  self->steps = g_array_new (FALSE, TRUE, sizeof (GwTourStep));
  g_array_set_clear_func (self->steps, step_clear);
  return self;
}

GwTour *
gw_tour_ref (GwTour *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

void
gw_tour_unref (GwTour *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, tour_clear);
}

const char *
gw_tour_get_id (GwTour *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->id;
}

const char *
gw_tour_get_name (GwTour *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->name;
}

guint
gw_tour_get_dwell (GwTour *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->dwell;
}

void
gw_tour_add_camera_step (GwTour *self,
                         gint64  camera_id)
{
  GwTourStep step = { 0 };

  g_return_if_fail (self != NULL);
  g_return_if_fail (camera_id > 0);
  g_return_if_fail (self->steps->len < GW_TOUR_MAX_STEPS);

  step.camera_id = camera_id;
  g_array_append_val (self->steps, step);
}

void
gw_tour_add_layout_step (GwTour       *self,
                         const char   *layout_id,
                         const gint64 *cameras,
                         guint         n_cameras)
{
  GwTourStep step = { 0 };

  g_return_if_fail (self != NULL);
  g_return_if_fail (layout_id != NULL && *layout_id != '\0');
  g_return_if_fail (cameras != NULL);
  g_return_if_fail (n_cameras >= 1 && n_cameras <= GW_WALL_LAYOUT_MAX_CELLS);
  g_return_if_fail (self->steps->len < GW_TOUR_MAX_STEPS);
  for (guint i = 0; i < n_cameras; i++)
    g_return_if_fail (cameras[i] >= 0);

  step.layout_id = g_strdup (layout_id);
  step.cameras = g_memdup2 (cameras, n_cameras * sizeof (gint64));
  step.n_cameras = n_cameras;
  g_array_append_val (self->steps, step);
}

guint
gw_tour_get_n_steps (GwTour *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->steps->len;
}

const GwTourStep *
gw_tour_get_step (GwTour *self,
                  guint   i)
{
  g_return_val_if_fail (self != NULL, NULL);
  return i < self->steps->len ? &g_array_index (self->steps, GwTourStep, i) : NULL;
}

gboolean
gw_tour_is_single_camera (GwTour *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = 0; i < self->steps->len; i++)
    if (g_array_index (self->steps, GwTourStep, i).layout_id != NULL)
      return FALSE;
  return self->steps->len > 0;
}

guint64
gw_tour_get_pinned (GwTour *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->pinned;
}

void
gw_tour_set_pinned (GwTour  *self,
                    guint64  pinned)
{
  g_return_if_fail (self != NULL);
  self->pinned = pinned;
}

/* Timing -------------------------------------------------------------------------------- */

/* Which of n items, each on show for dwell_ms in turn and round again, is on show at
 * elapsed_ms; and the milliseconds to the next change. */
static guint
item_at (guint   n,
         gint64  dwell_ms,
         gint64  elapsed_ms,
         gint64 *ms_until_next)
{
  gint64 in_round;

  if (n == 0)
    {
      if (ms_until_next)
        *ms_until_next = -1;
      return 0;
    }
  in_round = MAX (elapsed_ms, 0) % (dwell_ms * n);
  if (ms_until_next)
    *ms_until_next = dwell_ms - in_round % dwell_ms;
  return (guint) (in_round / dwell_ms);
}

const GwTourStep *
gw_tour_step_at (GwTour *self,
                 gint64  elapsed_ms,
                 guint  *step_index,
                 gint64 *ms_until_next)
{
  guint i;

  g_return_val_if_fail (self != NULL, NULL);

  i = item_at (self->steps->len, (gint64) self->dwell * 1000, elapsed_ms, ms_until_next);
  if (step_index)
    *step_index = i;
  return gw_tour_get_step (self, i);
}

static guint
n_camera_steps (GwTour *self)
{
  guint n = 0;

  for (guint i = 0; i < self->steps->len; i++)
    if (g_array_index (self->steps, GwTourStep, i).layout_id == NULL)
      n++;
  return n;
}

static guint
n_unpinned (guint   n_cells,
            guint64 pinned)
{
  guint n = 0;

  for (guint i = 0; i < n_cells; i++)
    if (!(pinned & (G_GUINT64_CONSTANT (1) << i)))
      n++;
  return n;
}

guint
gw_tour_get_n_pages (GwTour  *self,
                     guint    n_cells,
                     guint64  pinned)
{
  guint per_page;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (n_cells <= GW_WALL_LAYOUT_MAX_CELLS, 0);

  per_page = n_unpinned (n_cells, pinned);
  if (per_page == 0)
    return 0;
  return (n_camera_steps (self) + per_page - 1) / per_page;
}

guint
gw_tour_page_at (GwTour  *self,
                 guint    n_cells,
                 guint64  pinned,
                 gint64   elapsed_ms,
                 gint64  *ms_until_next)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (n_cells <= GW_WALL_LAYOUT_MAX_CELLS, 0);

  return item_at (gw_tour_get_n_pages (self, n_cells, pinned), (gint64) self->dwell * 1000,
                  elapsed_ms, ms_until_next);
}

void
gw_tour_fill_page (GwTour  *self,
                   guint    page,
                   guint    n_cells,
                   guint64  pinned,
                   gint64  *cameras)
{
  guint n_pages, per_page, skip, step = 0;

  g_return_if_fail (self != NULL);
  g_return_if_fail (n_cells <= GW_WALL_LAYOUT_MAX_CELLS);
  g_return_if_fail (cameras != NULL || n_cells == 0);

  n_pages = gw_tour_get_n_pages (self, n_cells, pinned);
  per_page = n_unpinned (n_cells, pinned);
  /* The camera steps before this page's first. */
  skip = n_pages > 0 ? (page % n_pages) * per_page : 0;
  for (guint cell = 0; cell < n_cells; cell++)
    {
      gint64 camera = 0;

      if (pinned & (G_GUINT64_CONSTANT (1) << cell))
        continue;
      /* The next camera step, if any is left. */
      for (; step < self->steps->len && n_pages > 0; step++)
        {
          const GwTourStep *s = &g_array_index (self->steps, GwTourStep, step);

          if (s->layout_id != NULL)
            continue;
          if (skip > 0)
            {
              skip--;
              continue;
            }
          camera = s->camera_id;
          step++;
          break;
        }
      cameras[cell] = camera;
    }
}

/* JSON ---------------------------------------------------------------------------------- */

static void
add_pinned (JsonBuilder *b,
            guint64      pinned)
{
  json_builder_begin_array (b);
  for (guint i = 0; i < 64; i++)
    if (pinned & (G_GUINT64_CONSTANT (1) << i))
      json_builder_add_int_value (b, i);
  json_builder_end_array (b);
}

JsonNode *
gw_tour_to_json (GwTour *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, self->id);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, self->name);
  json_builder_set_member_name (b, "dwell");
  json_builder_add_int_value (b, self->dwell);
  json_builder_set_member_name (b, "steps");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->steps->len; i++)
    {
      const GwTourStep *s = &g_array_index (self->steps, GwTourStep, i);

      json_builder_begin_object (b);
      if (s->layout_id == NULL)
        {
          json_builder_set_member_name (b, "camera");
          json_builder_add_int_value (b, s->camera_id);
        }
      else
        {
          json_builder_set_member_name (b, "layout");
          json_builder_add_string_value (b, s->layout_id);
          json_builder_set_member_name (b, "cameras");
          json_builder_begin_array (b);
          for (guint c = 0; c < s->n_cameras; c++)
            json_builder_add_int_value (b, s->cameras[c]);
          json_builder_end_array (b);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "pinned");
  add_pinned (b, self->pinned);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static const char *const tour_members[] = { "id", "name", "dwell", "steps", "pinned", NULL };
static const char *const camera_step_members[] = { "camera", NULL };
static const char *const layout_step_members[] = { "layout", "cameras", NULL };

static gboolean
read_step (GwTour      *self,
           JsonNode    *node,
           const char  *path,
           GError     **error)
{
  g_autofree char *layout_id = NULL;
  g_autofree char *cameras_path = NULL;
  g_autofree gint64 *cameras = NULL;
  JsonObject *obj;
  JsonArray *array = NULL;
  gint64 camera_id = 0;
  guint n;

  if (!(obj = gw_json_require_object (node, path, error)))
    return FALSE;
  if (json_object_has_member (obj, "camera"))
    {
      if (!gw_json_check_members (obj, path, camera_step_members, error) ||
          !gw_json_get_int_in_range (obj, path, "camera", 1, G_MAXINT64, &camera_id, error))
        return FALSE;
      gw_tour_add_camera_step (self, camera_id);
      return TRUE;
    }
  if (!json_object_has_member (obj, "layout"))
    {
      g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_MISSING,
                   _("%s: a step is either a “camera” or a “layout” with its “cameras”"),
                   path);
      return FALSE;
    }
  if (!gw_json_check_members (obj, path, layout_step_members, error) ||
      !gw_json_get_text (obj, path, "layout", TRUE, GW_WALL_MAX_ID_LENGTH, 0, &layout_id, error) ||
      !gw_json_get_array (obj, path, "cameras", TRUE, &array, error))
    return FALSE;
  cameras_path = gw_json_path_member (path, "cameras");
  n = json_array_get_length (array);
  if (n == 0 || n > GW_WALL_LAYOUT_MAX_CELLS)
    {
      g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_VALUE,
                   _("%s: a layout step has 1 to %d cameras (one per cell), not %u"),
                   cameras_path, GW_WALL_LAYOUT_MAX_CELLS, n);
      return FALSE;
    }
  cameras = g_new (gint64, n);
  for (guint i = 0; i < n; i++)
    if (!gw_json_get_element_int (array, cameras_path, i, 0, G_MAXINT64, &cameras[i], error))
      return FALSE;
  gw_tour_add_layout_step (self, layout_id, cameras, n);
  return TRUE;
}

/* Reads an optional array of distinct cell indices (0 to 63) into a mask. Shared in
 * spirit with the wall book's window states, which store pins the same way. */
static gboolean
read_pinned (JsonObject  *obj,
             const char  *path,
             guint64     *out,
             GError     **error)
{
  g_autofree char *pinned_path = gw_json_path_member (path, "pinned");
  JsonArray *array = NULL;
  guint64 mask = 0;
  guint n;

  if (!gw_json_get_array (obj, path, "pinned", FALSE, &array, error))
    return FALSE;
  n = array ? json_array_get_length (array) : 0;
  for (guint i = 0; i < n; i++)
    {
      gint64 cell;

      if (!gw_json_get_element_int (array, pinned_path, i, 0, GW_WALL_LAYOUT_MAX_CELLS - 1, &cell, error))
        return FALSE;
      if (mask & (G_GUINT64_CONSTANT (1) << cell))
        {
          g_autofree char *where = gw_json_path_index (pinned_path, i);
          g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_VALUE,
                       _("%s: cell %lld is listed twice"), where, (long long) cell);
          return FALSE;
        }
      mask |= G_GUINT64_CONSTANT (1) << cell;
    }
  *out = mask;
  return TRUE;
}

/**
 * gw_tour_from_json:
 * @node: untrusted JSON
 * @path: (nullable): where @node is in its document, for messages
 * @error: a %GW_JSON_ERROR naming the field
 *
 * Returns: (transfer full) (nullable): the tour, or %NULL with @error set
 */
GwTour *
gw_tour_from_json (JsonNode    *node,
                   const char  *path,
                   GError     **error)
{
  g_autoptr(GwTour) self = NULL;
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *steps_path = NULL;
  JsonObject *obj;
  JsonArray *steps = NULL;
  gint64 dwell = 0;
  guint64 pinned = 0;
  guint n;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(obj = gw_json_require_object (node, path, error)) ||
      !gw_json_check_members (obj, path, tour_members, error) ||
      !gw_json_get_text (obj, path, "id", TRUE, GW_WALL_MAX_ID_LENGTH, 0, &id, error) ||
      !gw_json_get_text (obj, path, "name", TRUE, 0, GW_WALL_MAX_NAME_LENGTH, &name, error) ||
      !gw_json_get_int_in_range (obj, path, "dwell", GW_TOUR_MIN_DWELL, GW_TOUR_MAX_DWELL, &dwell, error) ||
      !gw_json_get_array (obj, path, "steps", TRUE, &steps, error) ||
      !read_pinned (obj, path, &pinned, error))
    return NULL;

  steps_path = gw_json_path_member (path, "steps");
  n = json_array_get_length (steps);
  if (n > GW_TOUR_MAX_STEPS)
    {
      g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_VALUE,
                   _("%s: a tour has at most %d steps, not %u"), steps_path,
                   GW_TOUR_MAX_STEPS, n);
      return NULL;
    }
  self = gw_tour_new (id, name, (guint) dwell);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *step_path = gw_json_path_index (steps_path, i);

      if (!read_step (self, json_array_get_element (steps, i), step_path, error))
        return NULL;
    }
  self->pinned = pinned;
  return g_steal_pointer (&self);
}
