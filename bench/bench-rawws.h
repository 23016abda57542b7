/* A bare WebSocket client for benchmarks: thousands of seats from one thread with poll(),
 * without a client library's per-connection bookkeeping (which, not the server, is what
 * limits a library client opening 2,000 connections at once). */
#pragma once

#include <glib.h>

/* Opens n live-feed connections to 127.0.0.1:port, says hello with token on each, and
 * returns the milliseconds until every one was welcomed (or -1 on failure). The sockets
 * stay open until raw_ws_close_all(). */
double raw_ws_storm       (guint       port,
                           const char *token,
                           guint       n);
void   raw_ws_close_all   (void);

/* One seat that says hello and then never reads. Returns its socket. */
int    raw_ws_silent_seat (guint       port,
                           const char *token);
