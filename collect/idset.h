/* idset.h: a bounded set of recently seen ids (the oldest forgotten first). */
#ifndef SENTIO_COLLECT_IDSET_H
#define SENTIO_COLLECT_IDSET_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct idset;
struct idset *idset_new(size_t cap);
void idset_free(struct idset *s);
bool idset_has(const struct idset *s, const char *id);
/* Add id; returns false when it was there already. */
bool idset_add(struct idset *s, const char *id);
/* The ids, oldest first, as a JSON array. */
json_t *idset_json(const struct idset *s);

#endif
