/*
 * group.h: the keys a record falls under.  Each --by gives one value, or
 * the elements of an array; a record counts under every combination.
 */
#ifndef SENTIO_WINDOW_GROUP_H
#define SENTIO_WINDOW_GROUP_H

#include <jansson.h>

#include "window.h"

/*
 * Gather the values of each --by (by[i], NULL when missing): an array
 * gives its elements (an empty one, null), a missing field null.
 * Returns the number of combinations, or 0 when there are more than
 * MAX_KEYS_REC.
 */
size_t group_gather(struct win *w, json_t *const *by);
/* The values of combination c (mixed radix over the --by values), into v[w->nby]. */
void group_combo(struct win *w, size_t c, const json_t **v);
/* Set w->sk to the sort key of the values v (one per --by). */
void group_sortkey(struct win *w, const json_t **v);
/* Set w->sk to the sort key of the key value key (of a partial record). */
void group_sortkey_of(struct win *w, const json_t *key);
/* The held key whose sort key is w->sk, or NULL. */
struct wkey *group_find(struct win *w);
/*
 * The key whose sort key is w->sk, made when new (written from key, or
 * else from v), after evicting the least recently used key if --max-keys
 * is reached.
 */
struct wkey *group_key(struct win *w, const json_t **v, const json_t *key);

#endif
