/* jsonpath.c: dotted field paths; "a\.b" is the single key "a.b". */
#include <stdlib.h>
#include <string.h>

#include "jsonpath.h"
#include "util.h"

int
jsonpath_compile(struct jsonpath *path, const char *text)
{
	size_t n = strlen(text), cap = 4;
	char *key = xmalloc(n + 1), *k = key;

	memset(path, 0, sizeof(*path));
	path->keys = xmalloc(cap * sizeof(char *));
	path->lens = xmalloc(cap * sizeof(size_t));
	for (const char *p = text;; p++) {
		if (*p == '\\' && (p[1] == '.' || p[1] == '\\')) {
			*k++ = *++p;
			continue;
		}
		if (*p && *p != '.') {
			*k++ = *p;
			continue;
		}
		if (k == key) { /* an empty key: "", ".a", "a..b", "a." */
			free(key);
			jsonpath_free(path);
			return -1;
		}
		if (path->nkeys == cap) {
			path->keys = xrealloc(path->keys, (cap *= 2) * sizeof(char *));
			path->lens = xrealloc(path->lens, cap * sizeof(size_t));
		}
		path->lens[path->nkeys] = (size_t)(k - key);
		path->keys[path->nkeys++] = xstrndup(key, (size_t)(k - key));
		k = key;
		if (!*p)
			break;
	}
	free(key);
	path->text = xstrdup(text);
	return 0;
}

void
jsonpath_free(struct jsonpath *path)
{
	for (size_t i = 0; i < path->nkeys; i++)
		free(path->keys[i]);
	free(path->keys);
	free(path->lens);
	free(path->text);
	memset(path, 0, sizeof(*path));
}

json_t *
jsonpath_get(const json_t *obj, const struct jsonpath *path)
{
	json_t *v = (json_t *)obj;

	for (size_t i = 0; i < path->nkeys; i++) {
		if (!json_is_object(v))
			return NULL;
		v = json_object_get(v, path->keys[i]);
	}
	return v;
}

int
jsonpath_set_new(json_t *obj, const struct jsonpath *path, json_t *value)
{
	json_t *v = obj;

	for (size_t i = 0; i + 1 < path->nkeys; i++) {
		json_t *next = json_object_get(v, path->keys[i]);

		if (!next) {
			next = json_object();
			json_object_set_new(v, path->keys[i], next);
		} else if (!json_is_object(next)) {
			json_decref(value);
			return -1;
		}
		v = next;
	}
	/* jansson keeps insertion order and replaces an existing key in its place. */
	return json_object_set_new(v, path->keys[path->nkeys - 1], value) ? -1 : 0;
}

void
jsonpath_sibling(struct jsonpath *out, const struct jsonpath *p, const char *name)
{
	const char *dot = NULL;
	size_t n = strlen(name), k;
	char *text;

	for (const char *q = p->text; *q; q++) {
		if (*q == '\\' && q[1])
			q++;
		else if (*q == '.')
			dot = q;
	}
	k = dot ? (size_t)(dot + 1 - p->text) : 0;
	text = xmalloc(k + n + 1);
	memcpy(text, p->text, k);
	memcpy(text + k, name, n + 1);
	jsonpath_compile(out, text);
	free(text);
}
