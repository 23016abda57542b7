/* gw-server-class-cases.h: POST /api/v1/class-cases, a class case (类案) made into one
 * supervised ticket on the server, as a seat asks for it (docs/API.md). */
#pragma once

#include <libsoup/soup.h>

#include "gw-clock.h"
#include "gw-store.h"

G_BEGIN_DECLS

/* Adds the handler of /api/v1/class-cases to soup. After a class case is made, published
 * (a void (*) (gpointer)) is called with published_data on the main context, as long as
 * soup is still listening: the owner of published_data disconnects soup before it goes. */
void gw_server_class_cases_register (SoupServer *soup,
                                     GwStore    *store,
                                     GwClock    *clock,
                                     GCallback   published,
                                     gpointer    published_data);

G_END_DECLS
