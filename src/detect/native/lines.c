// Fresh lines for history scans: which lines of a changed file's new version hold content
// the old version has fewer copies of (src/detect/line-diff.ts freshLines, same result).
// Hashing every line of both versions is most of a history scan's work in JavaScript;
// here it runs about ten times faster. Equal hashes are confirmed with memcmp, so two
// different lines are never taken for one.
#include <node_api.h>
#include "addon.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  uint64_t hash;  // 0 = empty slot
  const uint8_t *start;
  uint32_t len;
  int32_t surplus;  // copies in the new version minus copies in the old one
} Slot;

static uint64_t line_hash(const uint8_t *p, size_t n) {
  uint64_t h = 0xcbf29ce484222325ULL ^ n;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, p + i, 8);
    h = (h ^ w) * 0x100000001b3ULL;
    h ^= h >> 29;
  }
  for (; i < n; i++) h = (h ^ p[i]) * 0x100000001b3ULL;
  h ^= h >> 32;
  return h ? h : 1;
}

static size_t count_lines(const uint8_t *p, size_t n) {
  size_t lines = 0;
  const uint8_t *end = p + n;
  while (p < end) {
    const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
    lines++;
    if (!nl) break;
    p = nl + 1;
  }
  return lines;
}

static Slot *find(Slot *table, size_t mask, uint64_t h, const uint8_t *s, uint32_t len) {
  size_t i = (size_t)h & mask;
  for (;;) {
    Slot *slot = &table[i];
    if (slot->hash == 0) {
      slot->hash = h;
      slot->start = s;
      slot->len = len;
      return slot;
    }
    if (slot->hash == h && slot->len == len && memcmp(slot->start, s, len) == 0) return slot;
    i = (i + 1) & mask;
  }
}

// freshLines(older: Buffer, newer: Buffer): Uint32Array of 0-based indexes of the lines
// of `newer` whose content occurs more often in `newer` than in `older`.
napi_value fresh_lines(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 2) FAIL(env, "expected (older, newer)");
  void *a = NULL, *b = NULL;
  size_t la = 0, lb = 0;
  if (napi_get_buffer_info(env, argv[0], &a, &la) != napi_ok || napi_get_buffer_info(env, argv[1], &b, &lb) != napi_ok) FAIL(env, "expected (older, newer)");
  const uint8_t *A = a, *B = b;
  size_t na = count_lines(A, la), nb = count_lines(B, lb);
  size_t cap = 16;
  while (cap < 2 * (na + nb) + 2) cap <<= 1;
  Slot *table = calloc(cap, sizeof *table);
  Slot **of_new = malloc((nb ? nb : 1) * sizeof *of_new);
  if (!table || !of_new) {
    free(table);
    free(of_new);
    napi_throw_error(env, NULL, "out of memory");
    return NULL;
  }
  size_t mask = cap - 1;
  const uint8_t *p = B, *end = B + lb;
  for (size_t i = 0; i < nb; i++) {
    const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
    size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
    Slot *s = find(table, mask, line_hash(p, len), p, (uint32_t)len);
    s->surplus++;
    of_new[i] = s;
    p = nl ? nl + 1 : end;
  }
  p = A;
  end = A + la;
  for (size_t i = 0; i < na; i++) {
    const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
    size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
    find(table, mask, line_hash(p, len), p, (uint32_t)len)->surplus--;
    p = nl ? nl + 1 : end;
  }
  size_t fresh = 0;
  for (size_t i = 0; i < nb; i++) fresh += of_new[i]->surplus > 0;
  napi_value ab, out;
  void *raw = NULL;
  if (napi_create_arraybuffer(env, fresh * 4, &raw, &ab) != napi_ok || napi_create_typedarray(env, napi_uint32_array, fresh, ab, 0, &out) != napi_ok) {
    free(table);
    free(of_new);
    napi_throw_error(env, NULL, "out of memory");
    return NULL;
  }
  uint32_t *o = raw;
  for (size_t i = 0, k = 0; i < nb; i++)
    if (of_new[i]->surplus > 0) o[k++] = (uint32_t)i;
  free(table);
  free(of_new);
  return out;
}
