#define G_LOG_DOMAIN "gw-camsim"

#include "config.h"

#include <string.h>

#include "gw-camsim-timecode.h"

/* A cell's mean reads as black below this, as white above the other; in between it is
 * no cell of a strip. Wide margins: H.264 at a low bit rate smears edges, never a whole
 * cell's middle. */
#define BLACK_BELOW  80
#define WHITE_ABOVE  175
#define MIN_CELL     8

/* Cell i of the strip: white (TRUE) or black. The guards frame the 40 bits. */
static gboolean
cell_is_white (guint64 stamp,
               guint   i)
{
  if (i == 0)
    return TRUE;
  if (i == 1)
    return FALSE;
  if (i == GW_CAMSIM_TIMECODE_CELLS - 2)
    return FALSE;
  if (i == GW_CAMSIM_TIMECODE_CELLS - 1)
    return TRUE;
  return (stamp >> (GW_CAMSIM_TIMECODE_BITS - 1 - (i - 2))) & 1;
}

guint64
gw_camsim_timecode_from_real_time (gint64 real_time_us)
{
  return (guint64) (real_time_us / 1000) & GW_CAMSIM_TIMECODE_MASK;
}

gint64
gw_camsim_timecode_age_ms (guint64 stamp,
                           gint64  real_time_us)
{
  guint64 now = gw_camsim_timecode_from_real_time (real_time_us);
  guint64 diff = (now - stamp) & GW_CAMSIM_TIMECODE_MASK;

  /* The nearer way round the 40-bit circle. */
  if (diff >= (G_GUINT64_CONSTANT (1) << (GW_CAMSIM_TIMECODE_BITS - 1)))
    return (gint64) diff - (gint64) (G_GUINT64_CONSTANT (1) << GW_CAMSIM_TIMECODE_BITS);
  return (gint64) diff;
}

int
gw_camsim_timecode_strip_height (int width)
{
  return MAX (MIN_CELL, (width + GW_CAMSIM_TIMECODE_CELLS / 2) / GW_CAMSIM_TIMECODE_CELLS);
}

void
gw_camsim_timecode_draw (guint8  *data,
                         int      stride,
                         int      pixel_stride,
                         int      plane_width,
                         int      plane_height,
                         int      width,
                         int      height,
                         guint8   black,
                         guint8   white,
                         guint64  stamp)
{
  int rows;

  g_return_if_fail (data != NULL && width > 0 && height > 0);

  /* The strip's rows, rounded up on a subsampled plane so that chroma covers the luma. */
  rows = (int) (((gint64) MIN (gw_camsim_timecode_strip_height (width), height) * plane_height + height - 1) / height);
  rows = MIN (rows, plane_height);
  for (guint i = 0; i < GW_CAMSIM_TIMECODE_CELLS; i++)
    {
      int x0 = (int) ((gint64) i * plane_width / GW_CAMSIM_TIMECODE_CELLS);
      int x1 = (int) ((gint64) (i + 1) * plane_width / GW_CAMSIM_TIMECODE_CELLS);
      guint8 value = cell_is_white (stamp, i) ? white : black;

      for (int y = 0; y < rows; y++)
        {
          guint8 *p = data + (gsize) y * stride + (gsize) x0 * pixel_stride;

          if (pixel_stride == 1)
            memset (p, value, (gsize) (x1 - x0));
          else
            for (int x = x0; x < x1; x++, p += pixel_stride)
              *p = value;
        }
    }
}

/* Mean of the first three bytes of the pixels in [x0, x1) × [y0, y1). */
static double
mean_brightness (const guint8 *pixels,
                 gsize         stride,
                 int           bytes_per_pixel,
                 int           x0,
                 int           x1,
                 int           y0,
                 int           y1)
{
  guint64 sum = 0;

  for (int y = y0; y < y1; y++)
    {
      const guint8 *p = pixels + (gsize) y * stride + (gsize) x0 * bytes_per_pixel;

      for (int x = x0; x < x1; x++, p += bytes_per_pixel)
        sum += (guint) p[0] + p[1] + p[2];
    }
  return (double) sum / (3.0 * (x1 - x0) * (y1 - y0));
}

gboolean
gw_camsim_timecode_read (const guint8 *pixels,
                         gsize         stride,
                         int           bytes_per_pixel,
                         int           width,
                         int           height,
                         guint64      *stamp)
{
  double cell = (double) width / GW_CAMSIM_TIMECODE_CELLS;
  int y0, y1;
  guint64 value = 0;

  g_return_val_if_fail (pixels != NULL && stamp != NULL, FALSE);
  g_return_val_if_fail (bytes_per_pixel == 3 || bytes_per_pixel == 4, FALSE);

  if (width < GW_CAMSIM_TIMECODE_CELLS || height < 4)
    return FALSE;
  /* The middle half of the strip's height, as a cell is (at least) as high as it is wide
   * whatever the scale. */
  y0 = (int) (cell * 0.25);
  y1 = MAX (y0 + 1, (int) (cell * 0.75 + 0.5));
  y1 = MIN (y1, height);
  for (guint i = 0; i < GW_CAMSIM_TIMECODE_CELLS; i++)
    {
      /* The middle half of the cell's width. */
      int x0 = (int) (cell * (i + 0.25) + 0.5);
      int x1 = MAX (x0 + 1, (int) (cell * (i + 0.75) + 0.5));
      double mean = mean_brightness (pixels, stride, bytes_per_pixel, x0, MIN (x1, width), y0, y1);
      gboolean white;

      if (mean < BLACK_BELOW)
        white = FALSE;
      else if (mean > WHITE_ABOVE)
        white = TRUE;
      else
        return FALSE;
      if (i < 2 || i >= GW_CAMSIM_TIMECODE_CELLS - 2)
        {
          if (white != cell_is_white (0, i))
            return FALSE;
        }
      else
        value = (value << 1) | (white ? 1 : 0);
    }
  *stamp = value;
  return TRUE;
}
