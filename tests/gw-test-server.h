/* gw-test-server.h: a real gridwatchd for tests and benchmarks, on 127.0.0.1. */
#pragma once

#include <glib.h>

typedef struct {
  GPid  pid;
  guint port;
} GwTestServer;

/* Starts $GW_SERVER_BIN on `db` at `port` (0: any free one), with `extra` arguments
 * (NULL-terminated, or NULL). The server dies with the process that started it. A port
 * still held by a killed predecessor is retried for up to five seconds; failing that, the
 * program stops with a message. */
void gw_test_server_start (GwTestServer       *server,
                           const char         *db,
                           guint               port,
                           const char *const  *extra);

/* Sends `signal` (SIGTERM, SIGKILL …) and waits for the server to go. */
void gw_test_server_stop  (GwTestServer       *server,
                           int                 signal);
