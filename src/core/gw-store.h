/* gw-store.h: the seat's SQLite store, for code that runs a main loop (the app, the server).
 *
 * GwStore owns one GwDb connection on one worker thread fed by a queue; every call is
 * _async/_finish (GTask) and completes on the caller's thread-default main context, so
 * nothing here ever blocks a main loop. Calls run in the order they were made.
 * The CLI, tests and benchmarks, which have no main loop to protect, use GwDb directly.
 */
#pragma once

#include <gio/gio.h>

#include "gw-db.h"
#include "gw-summary.h"
#include "gw-ticket.h"

G_BEGIN_DECLS

#define GW_TYPE_STORE (gw_store_get_type ())
G_DECLARE_FINAL_TYPE (GwStore, gw_store, GW, STORE, GObject)

GwStore   *gw_store_new                  (void);

/* Opens (creating or migrating as needed) the database at path. */
void       gw_store_open_async           (GwStore             *self,
                                          const char          *path,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean   gw_store_open_finish          (GwStore             *self,
                                          GAsyncResult        *result,
                                          GError             **error);

const char *gw_store_get_path            (GwStore             *self);

/* Figures at the instant now (Unix seconds; 0 means the current time). */
void       gw_store_get_summary_async    (GwStore             *self,
                                          gint64               now,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
GwSummary *gw_store_get_summary_finish   (GwStore             *self,
                                          GAsyncResult        *result,
                                          GError             **error);

/* Full-text search (Chinese substrings of any length) over ticket descriptions and
 * addresses; newest first, at most limit tickets. Element type: GwTicket. */
void       gw_store_search_tickets_async (GwStore             *self,
                                          const char          *text,
                                          guint                limit,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
GPtrArray *gw_store_search_tickets_finish (GwStore            *self,
                                          GAsyncResult        *result,
                                          GError             **error);

/* Runs func (db, data, error) on the store's thread, in order with every other call, and
 * returns its result (freed with result_free if nobody takes it). This is how code with a
 * main loop uses any GwDb function without blocking. data is freed with data_free. */
typedef gpointer (*GwStoreFunc) (GwDb     *db,
                                 gpointer  data,
                                 GError  **error);

void       gw_store_run_async            (GwStore             *self,
                                          GwStoreFunc          func,
                                          gpointer             data,
                                          GDestroyNotify       data_free,
                                          GDestroyNotify       result_free,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
/* The result (owned by the caller), or NULL with error set. A function whose result may
 * be NULL on success must not be used here. */
gpointer   gw_store_run_finish           (GwStore             *self,
                                          GAsyncResult        *result,
                                          GError             **error);

/* Runs a read-only func on one of a few reader threads, each with its own connection to the
 * same file (WAL lets them read while the writer writes). Reads run side by side and in no
 * particular order with the other calls: use it for what only reads and may be answered
 * concurrently (a server's GET requests). The store must have been opened. */
void       gw_store_read_async           (GwStore             *self,
                                          GwStoreFunc          func,
                                          gpointer             data,
                                          GDestroyNotify       data_free,
                                          GDestroyNotify       result_free,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gpointer   gw_store_read_finish          (GwStore             *self,
                                          GAsyncResult        *result,
                                          GError             **error);

/* Finishes queued calls and closes the connection; the store cannot be reopened. Also done
 * on finalize. */
void       gw_store_close                (GwStore             *self);

G_END_DECLS
