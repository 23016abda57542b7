#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bench-rawws.h"

typedef struct {
  int      fd;
  int      stage;     /* 0 connecting, 1 handshake sent, 2 hello sent, 3 welcomed */
  GString *in;
} Seat;

static GArray *seats;

static const char *
upgrade_request (guint port)
{
  static char buf[256];
  g_snprintf (buf, sizeof buf,
              "GET /api/v1/live HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nUpgrade: websocket\r\n"
              "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
              "Sec-WebSocket-Version: 13\r\n\r\n", port);
  return buf;
}

/* A masked client text frame. */
static GByteArray *
text_frame (const char *text)
{
  GByteArray *f = g_byte_array_new ();
  gsize len = strlen (text);
  guint8 head[4] = { 0x81, 0, 0, 0 };
  const guint8 mask[4] = { 1, 2, 3, 4 };

  if (len < 126)
    {
      head[1] = 0x80 | len;
      g_byte_array_append (f, head, 2);
    }
  else
    {
      head[1] = 0x80 | 126;
      head[2] = len >> 8;
      head[3] = len & 0xff;
      g_byte_array_append (f, head, 4);
    }
  g_byte_array_append (f, mask, 4);
  for (gsize i = 0; i < len; i++)
    {
      guint8 c = text[i] ^ mask[i % 4];
      g_byte_array_append (f, &c, 1);
    }
  return f;
}

static int
connect_nonblocking (guint port)
{
  struct sockaddr_in addr = { 0 };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);

  addr.sin_family = AF_INET;
  addr.sin_port = htons (port);
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (fd < 0 || (connect (fd, (struct sockaddr *) &addr, sizeof addr) < 0 && errno != EINPROGRESS))
    return -1;
  return fd;
}

static void
send_all (int         fd,
          const void *data,
          gsize       len)
{
  const char *p = data;
  while (len > 0)
    {
      gssize n = send (fd, p, len, MSG_NOSIGNAL);
      if (n < 0 && (errno == EAGAIN || errno == EINTR))
        {
          struct pollfd pfd = { fd, POLLOUT, 0 };
          poll (&pfd, 1, 100);
          continue;
        }
      if (n <= 0)
        return;
      p += n;
      len -= n;
    }
}

double
raw_ws_storm (guint       port,
              const char *token,
              guint       n)
{
  g_autofree char *hello = g_strdup_printf ("{\"type\":\"hello\",\"token\":\"%s\"}", token);
  g_autoptr(GByteArray) hello_frame = text_frame (hello);
  const char *request = upgrade_request (port);
  g_autofree struct pollfd *pfds = g_new0 (struct pollfd, n);
  gint64 t0 = g_get_monotonic_time (), deadline = t0 + 60 * G_USEC_PER_SEC;
  guint welcomed = 0;

  if (seats == NULL)
    seats = g_array_new (FALSE, TRUE, sizeof (Seat));
  g_array_set_size (seats, 0);
  for (guint i = 0; i < n; i++)
    {
      Seat s = { connect_nonblocking (port), 0, g_string_new (NULL) };
      if (s.fd < 0)
        return -1;
      g_array_append_val (seats, s);
    }
  while (welcomed < n && g_get_monotonic_time () < deadline)
    {
      for (guint i = 0; i < n; i++)
        {
          Seat *s = &g_array_index (seats, Seat, i);
          pfds[i].fd = s->stage == 3 ? -1 : s->fd;
          pfds[i].events = s->stage == 0 ? POLLOUT : POLLIN;
          pfds[i].revents = 0;
        }
      if (poll (pfds, n, 100) <= 0)
        continue;
      for (guint i = 0; i < n; i++)
        {
          Seat *s = &g_array_index (seats, Seat, i);
          char buf[4096];
          gssize got;

          if (pfds[i].revents == 0)
            continue;
          if (s->stage == 0)
            {
              send_all (s->fd, request, strlen (request));
              s->stage = 1;
              continue;
            }
          got = recv (s->fd, buf, sizeof buf, 0);
          if (got <= 0)
            continue;
          g_string_append_len (s->in, buf, got);
          if (s->stage == 1 && strstr (s->in->str, "\r\n\r\n"))
            {
              if (!g_str_has_prefix (s->in->str, "HTTP/1.1 101"))
                return -1;
              g_string_truncate (s->in, 0);
              send_all (s->fd, hello_frame->data, hello_frame->len);
              s->stage = 2;
            }
          else if (s->stage == 2 && s->in->len > 2 && strstr (s->in->str + 2, "welcome"))
            {
              s->stage = 3;
              welcomed++;
            }
        }
    }
  if (welcomed < n)
    return -1;
  return (g_get_monotonic_time () - t0) / 1000.0;
}

void
raw_ws_close_all (void)
{
  for (guint i = 0; seats && i < seats->len; i++)
    {
      Seat *s = &g_array_index (seats, Seat, i);
      close (s->fd);
      g_string_free (s->in, TRUE);
    }
  if (seats)
    g_array_set_size (seats, 0);
}

int
raw_ws_silent_seat (guint       port,
                    const char *token)
{
  g_autofree char *hello = g_strdup_printf ("{\"type\":\"hello\",\"token\":\"%s\"}", token);
  g_autoptr(GByteArray) frame = text_frame (hello);
  const char *request = upgrade_request (port);
  int fd = connect_nonblocking (port);
  struct pollfd pfd = { fd, POLLOUT, 0 };
  char buf[1024];
  int rcvbuf = 4096;

  /* A small receive window: the server's writes back up quickly. */
  setsockopt (fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
  poll (&pfd, 1, 5000);
  send_all (fd, request, strlen (request));
  pfd.events = POLLIN;
  poll (&pfd, 1, 5000);
  recv (fd, buf, sizeof buf, 0);
  send_all (fd, frame->data, frame->len);
  return fd;
}
