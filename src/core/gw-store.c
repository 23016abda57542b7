#define G_LOG_DOMAIN "gw-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-db.h"
#include "gw-store.h"

/* One worker thread owns the connection; jobs arrive through a queue and run in order.
 * Each job is a GTask whose result is returned from the worker thread; GTask delivers it
 * on the caller's main context. */

typedef void (*JobFunc) (GwDb  **db,
                         GTask  *task);

typedef struct {
  JobFunc  func;
  GTask   *task;   /* NULL for the stop sentinel */
} Job;

/* What the worker thread owns. It outlives the store if the store's last reference is
 * dropped on the worker thread itself (a GTask releasing its source object there). */
typedef struct {
  GAsyncQueue *queue;
  GwDb        *db;
} Worker;

struct _GwStore
{
  GObject       parent_instance;
  GThread      *thread;
  GAsyncQueue  *queue;
  char         *path;
  gboolean      closed;
  GThreadPool  *readers;   /* read-only jobs, each thread with its own connection */
};

/* A reader thread's own connection, opened on its first job and closed with the thread. */
static GPrivate reader_db = G_PRIVATE_INIT ((GDestroyNotify) gw_db_free);

G_DEFINE_FINAL_TYPE (GwStore, gw_store, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (GwSummary, gw_summary, gw_summary_copy, gw_summary_free)

GwSummary *
gw_summary_copy (const GwSummary *self)
{
  GwSummary *copy = g_memdup2 (self, sizeof *self);

  copy->county_code = g_strdup (self->county_code);
  copy->county_name = g_strdup (self->county_name);
  return copy;
}

void
gw_summary_free (GwSummary *self)
{
  if (self == NULL)
    return;
  g_free (self->county_code);
  g_free (self->county_name);
  g_free (self);
}

static gpointer
worker_main (gpointer data)
{
  Worker *worker = data;

  for (;;)
    {
      Job *job = g_async_queue_pop (worker->queue);

      if (job->task == NULL)
        {
          g_free (job);
          break;
        }
      if (g_task_return_error_if_cancelled (job->task))
        ;
      else if (worker->db == NULL && g_task_get_source_tag (job->task) != gw_store_open_async)
        g_task_return_new_error (job->task, GW_STORE_ERROR, GW_STORE_ERROR_CLOSED,
                                 _("The database is not open"));
      else
        job->func (&worker->db, job->task);
      g_object_unref (job->task);
      g_free (job);
    }
  g_clear_pointer (&worker->db, gw_db_free);
  g_async_queue_unref (worker->queue);
  g_free (worker);
  return NULL;
}

static void
push (GwStore *self,
      JobFunc  func,
      GTask   *task)
{
  Job *job;

  if (self->closed)
    {
      g_task_return_new_error (task, GW_STORE_ERROR, GW_STORE_ERROR_CLOSED, _("The store is closed"));
      g_object_unref (task);
      return;
    }
  if (self->thread == NULL)
    {
      Worker *worker = g_new0 (Worker, 1);
      worker->queue = g_async_queue_ref (self->queue);
      self->thread = g_thread_new ("gw-store", worker_main, worker);
    }
  job = g_new0 (Job, 1);
  job->func = func;
  job->task = task;  /* owned by the job */
  g_async_queue_push (self->queue, job);
}

void
gw_store_close (GwStore *self)
{
  g_return_if_fail (GW_IS_STORE (self));

  if (self->closed)
    return;
  self->closed = TRUE;
  if (self->readers)
    {
      /* Lets queued reads finish; the threads close their connections as they end. */
      g_thread_pool_free (g_steal_pointer (&self->readers), FALSE, TRUE);
    }
  if (self->thread)
    {
      g_async_queue_push (self->queue, g_new0 (Job, 1));
      if (g_thread_self () == self->thread)
        g_thread_unref (self->thread);  /* the worker ends by itself after this job */
      else
        g_thread_join (self->thread);
      self->thread = NULL;
    }
}

static void
gw_store_finalize (GObject *object)
{
  GwStore *self = GW_STORE (object);

  gw_store_close (self);
  g_clear_pointer (&self->queue, g_async_queue_unref);
  g_free (self->path);
  G_OBJECT_CLASS (gw_store_parent_class)->finalize (object);
}

static void
gw_store_class_init (GwStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_store_finalize;
}

static void
gw_store_init (GwStore *self)
{
  self->queue = g_async_queue_new ();
}

GwStore *
gw_store_new (void)
{
  return g_object_new (GW_TYPE_STORE, NULL);
}

const char *
gw_store_get_path (GwStore *self)
{
  g_return_val_if_fail (GW_IS_STORE (self), NULL);
  return self->path;
}

/* open */

static void
open_job (GwDb  **db,
          GTask  *task)
{
  const char *path = g_task_get_task_data (task);
  GError *error = NULL;
  GwDb *opened;

  if (*db != NULL)
    {
      g_task_return_new_error (task, GW_STORE_ERROR, GW_STORE_ERROR_OPEN, _("The store is open already"));
      return;
    }
  opened = gw_db_open (path, &error);
  if (opened == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  *db = opened;
  g_task_return_boolean (task, TRUE);
}

void
gw_store_open_async (GwStore             *self,
                     const char          *path,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GW_IS_STORE (self));
  g_return_if_fail (path != NULL);

  g_free (self->path);
  self->path = g_strdup (path);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_store_open_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  push (self, open_job, task);
}

gboolean
gw_store_open_finish (GwStore       *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* run */

typedef struct {
  GwStoreFunc    func;
  gpointer       data;
  GDestroyNotify data_free;
  GDestroyNotify result_free;
} RunData;

static void
run_data_free (gpointer p)
{
  RunData *r = p;

  if (r->data_free)
    r->data_free (r->data);
  g_free (r);
}

static void end_read (GwDb *db);

static void
run_job (GwDb  **db,
         GTask  *task)
{
  RunData *r = g_task_get_task_data (task);
  GError *error = NULL;
  gpointer result = r->func (*db, r->data, &error);

  end_read (*db);
  if (result == NULL)
    g_task_return_error (task, error ? error : g_error_new_literal (GW_STORE_ERROR, GW_STORE_ERROR_SQL,
                                                                    "no result"));
  else
    g_task_return_pointer (task, result, r->result_free);
}

void
gw_store_run_async (GwStore             *self,
                    GwStoreFunc          func,
                    gpointer             data,
                    GDestroyNotify       data_free,
                    GDestroyNotify       result_free,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  GTask *task;
  RunData *r;

  g_return_if_fail (GW_IS_STORE (self));
  g_return_if_fail (func != NULL);

  r = g_new0 (RunData, 1);
  r->func = func;
  r->data = data;
  r->data_free = data_free;
  r->result_free = result_free;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_store_run_async);
  g_task_set_task_data (task, r, run_data_free);
  push (self, run_job, task);
}

gpointer
gw_store_run_finish (GwStore       *self,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* reads */

typedef struct {
  RunData *run;
  char    *path;
} ReadJob;

/* A job must leave its connection as it found it: a statement left mid-way (or a BEGIN
 * without its COMMIT) would pin the connection to that moment's snapshot, so that later
 * reads see the past and the writer's next write fails as busy for good. Anything left is
 * closed here, loudly. */
static void
end_read (GwDb *db)
{
  sqlite3 *handle = gw_db_get_handle (db);

  for (sqlite3_stmt *stmt = sqlite3_next_stmt (handle, NULL); stmt; stmt = sqlite3_next_stmt (handle, stmt))
    if (sqlite3_stmt_busy (stmt))
      {
        g_warning ("A read left a statement running: %s", sqlite3_sql (stmt));
        sqlite3_reset (stmt);
      }
  if (!sqlite3_get_autocommit (handle))
    {
      g_warning ("A read left a transaction open");
      gw_db_exec (db, "ROLLBACK", NULL);
    }
}

static void
reader_func (gpointer data,
             gpointer pool_data)
{
  GTask *task = data;
  ReadJob *job = g_task_get_task_data (task);
  GwDb *db = g_private_get (&reader_db);
  GError *error = NULL;
  gpointer result;

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }
  /* GLib hands idle pool threads from one pool to another: a connection left by a store
   * on another file is not this store's. */
  if (db != NULL && g_strcmp0 (gw_db_get_path (db), job->path) != 0)
    {
      g_private_replace (&reader_db, NULL);
      db = NULL;
    }
  if (db == NULL)
    {
      db = gw_db_open (job->path, &error);
      if (db == NULL)
        {
          g_task_return_error (task, error);
          g_object_unref (task);
          return;
        }
      g_private_set (&reader_db, db);
    }
  result = job->run->func (db, job->run->data, &error);
  end_read (db);
  if (result == NULL)
    g_task_return_error (task, error ? error : g_error_new_literal (GW_STORE_ERROR, GW_STORE_ERROR_SQL,
                                                                    "no result"));
  else
    g_task_return_pointer (task, result, job->run->result_free);
  g_object_unref (task);
}

static void
read_job_free (gpointer p)
{
  ReadJob *job = p;

  run_data_free (job->run);
  g_free (job->path);
  g_free (job);
}

void
gw_store_read_async (GwStore             *self,
                     GwStoreFunc          func,
                     gpointer             data,
                     GDestroyNotify       data_free,
                     GDestroyNotify       result_free,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  ReadJob *job;
  GTask *task;

  g_return_if_fail (GW_IS_STORE (self));
  g_return_if_fail (func != NULL);

  job = g_new0 (ReadJob, 1);
  job->run = g_new0 (RunData, 1);
  job->run->func = func;
  job->run->data = data;
  job->run->data_free = data_free;
  job->run->result_free = result_free;
  job->path = g_strdup (self->path);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_store_read_async);
  g_task_set_task_data (task, job, read_job_free);
  if (self->closed || self->path == NULL)
    {
      g_task_return_new_error (task, GW_STORE_ERROR, GW_STORE_ERROR_CLOSED, _("The database is not open"));
      g_object_unref (task);
      return;
    }
  if (self->readers == NULL)
    self->readers = g_thread_pool_new (reader_func, NULL, MAX (2, (int) g_get_num_processors ()),
                                       TRUE, NULL);
  g_thread_pool_push (self->readers, task, NULL);
}

gpointer
gw_store_read_finish (GwStore       *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* summary */

static gpointer
summary_func (GwDb     *db,
              gpointer  data,
              GError  **error)
{
  return gw_db_get_summary (db, *(gint64 *) data, error);
}

void
gw_store_get_summary_async (GwStore             *self,
                            gint64               now,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  gw_store_run_async (self, summary_func, g_memdup2 (&now, sizeof now), g_free,
                      (GDestroyNotify) gw_summary_free, cancellable, callback, user_data);
}

GwSummary *
gw_store_get_summary_finish (GwStore       *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return gw_store_run_finish (self, result, error);
}

/* search */

typedef struct {
  char  *text;
  guint  limit;
} SearchData;

static void
search_data_free (gpointer data)
{
  SearchData *d = data;
  g_free (d->text);
  g_free (d);
}

static gpointer
search_func (GwDb     *db,
             gpointer  data,
             GError  **error)
{
  SearchData *d = data;
  return gw_db_search_tickets (db, d->text, d->limit, error);
}

void
gw_store_search_tickets_async (GwStore             *self,
                               const char          *text,
                               guint                limit,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  SearchData *d;

  g_return_if_fail (text != NULL);
  d = g_new0 (SearchData, 1);
  d->text = g_strdup (text);
  d->limit = limit;
  gw_store_run_async (self, search_func, d, search_data_free, (GDestroyNotify) g_ptr_array_unref,
                      cancellable, callback, user_data);
}

GPtrArray *
gw_store_search_tickets_finish (GwStore       *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return gw_store_run_finish (self, result, error);
}
