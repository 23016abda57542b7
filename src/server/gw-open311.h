/* gw-open311.h: Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) on gridwatchd's
 * SoupServer, so that a citizen app or a hotline system that speaks Open311 can file tickets
 * and follow them.
 *
 * Services are the dictionary's subcategories; service requests are tickets, named by their
 * ticket number. Reading is public and shows public fields only (never the reporter); creating
 * takes an api_key, which is a gridwatchd bearer token. Like every other handler, a request is
 * paused, its database work run on the store's thread, and resumed with the answer. The
 * mapping is documented in docs/API.md.
 */
#pragma once

#include <libsoup/soup.h>

#include "gw-clock.h"
#include "gw-store.h"

G_BEGIN_DECLS

/* The spec's defaults for GET requests: the last 90 days, at most 1000 results. */
#define GW_OPEN311_WINDOW_DAYS     90
#define GW_OPEN311_MAX_RESULTS     1000
/* The spec's limit on a request's description, in characters. */
#define GW_OPEN311_MAX_DESCRIPTION 4000

/* Adds the handlers for /open311/v2/… and /open311/discovery.{json,xml}. After a request is
 * created, published (a void (*) (gpointer)) is called with published_data on the main
 * context, as long as soup is still listening: the owner of published_data disconnects soup
 * before it goes. */
void gw_open311_register (SoupServer *soup,
                          GwStore    *store,
                          GwClock    *clock,
                          GCallback   published,
                          gpointer    published_data);

G_END_DECLS
