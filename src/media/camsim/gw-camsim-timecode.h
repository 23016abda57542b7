/* gw-camsim-timecode.h: the simulator's machine-readable clock (gridwatch-camsim --timecode).
 *
 * Each frame carries the instant it entered the encoder — the one the human-readable clock
 * shows — as milliseconds of g_get_real_time(), low 40 bits (34 years before it wraps), in
 * a strip of black and white cells across the top of the picture:
 *
 *   white black | 40 bits, most significant first, white = 1 | black white
 *
 * 44 cells side by side, each (almost exactly) a 44th of the picture's width and as high as
 * it is wide (at least 8 pixels, so 8 × 8 or more from 352 pixels wide). The cells' edges
 * are fractions of the width, so a picture scaled down with its shape kept (a wall tile)
 * reads the same way. A reader takes the mean of the middle of each cell and accepts the
 * strip only when every cell is clearly black or white and both guards are right: a
 * picture without a strip, or a garbled one, reads as nothing rather than as a wrong time.
 *
 * GLib only: the simulator draws with it, and the tests and benchmarks read with it.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GW_CAMSIM_TIMECODE_BITS   40
#define GW_CAMSIM_TIMECODE_CELLS  (GW_CAMSIM_TIMECODE_BITS + 4)
#define GW_CAMSIM_TIMECODE_MASK   ((G_GUINT64_CONSTANT (1) << GW_CAMSIM_TIMECODE_BITS) - 1)

/* The stamp for a wall-clock time in microseconds since the epoch (g_get_real_time()). */
guint64  gw_camsim_timecode_from_real_time (gint64        real_time_us);

/* Milliseconds from `stamp` to the wall-clock time `real_time_us` (negative when the stamp
 * is in the future), across the 40-bit wrap. */
gint64   gw_camsim_timecode_age_ms         (guint64       stamp,
                                            gint64        real_time_us);

/* Rows of a picture `width` pixels wide that the strip covers, from the top. */
int      gw_camsim_timecode_strip_height   (int           width);

/* Draws the strip for `stamp` into one 8-bit component of a picture of width × height
 * pixels: `data` is the component's first sample, `stride` bytes between rows,
 * `pixel_stride` bytes between samples, and the component is subsampled to plane_width ×
 * plane_height (the picture's size for luma, half of it for 4:2:0 chroma). Cells are
 * `black` or `white` (for chroma, pass the neutral value as both). */
void     gw_camsim_timecode_draw           (guint8       *data,
                                            int           stride,
                                            int           pixel_stride,
                                            int           plane_width,
                                            int           plane_height,
                                            int           width,
                                            int           height,
                                            guint8        black,
                                            guint8        white,
                                            guint64       stamp);

/* Reads the strip of a packed picture with 3 or 4 bytes a pixel (RGB, BGRA, RGBA…: the
 * first three bytes are averaged); FALSE when it has none that reads right. */
gboolean gw_camsim_timecode_read           (const guint8 *pixels,
                                            gsize         stride,
                                            int           bytes_per_pixel,
                                            int           width,
                                            int           height,
                                            guint64      *stamp);

G_END_DECLS
