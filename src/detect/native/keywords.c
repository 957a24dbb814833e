// Keyword prefilter on Hyperscan (libhs): which of a fixed list of case-insensitive
// ASCII literals occur in a byte buffer. A SIMD literal matcher runs this pass about
// three times faster than an RE2.Set. Plain Node-API, so one build serves every Node
// version; worker threads each create their own matcher.
#include <hs/hs.h>
#include <node_api.h>
#include "addon.h"
#include <stdlib.h>
#include <string.h>

typedef struct {
  hs_database_t *db;
  hs_scratch_t *scratch;
  unsigned int count;
  // Per-call state: which ids were reported, as a list and as stamps (SINGLEMATCH
  // reports an id once per scan already; the stamps guard the list anyway).
  unsigned int *found;
  unsigned int nfound;
  unsigned int *stamp;
  unsigned int generation;
} Matcher;

#define CHECK(env, call)                                  \
  do {                                                    \
    if ((call) != napi_ok) {                              \
      napi_throw_error((env), NULL, "native call failed"); \
      return NULL;                                        \
    }                                                     \
  } while (0)

static void matcher_free(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  Matcher *m = data;
  if (!m) return;
  if (m->scratch) hs_free_scratch(m->scratch);
  if (m->db) hs_free_database(m->db);
  free(m->found);
  free(m->stamp);
  free(m);
}

static int on_match(unsigned int id, unsigned long long from, unsigned long long to, unsigned int flags, void *ctx) {
  (void)from;
  (void)to;
  (void)flags;
  Matcher *m = ctx;
  if (id < m->count && m->stamp[id] != m->generation) {
    m->stamp[id] = m->generation;
    m->found[m->nfound++] = id;
  }
  return 0;
}

// The scratch space and per-call state of a matcher whose database is set; an External,
// or NULL with a JavaScript error thrown (the matcher freed).
static napi_value finish(napi_env env, Matcher *m, uint32_t n, const char *error) {
  if (!error && hs_alloc_scratch(m->db, &m->scratch) != HS_SUCCESS) error = "hyperscan could not allocate scratch space";
  if (!error) {
    m->count = n;
    m->found = calloc(n, sizeof *m->found);
    m->stamp = calloc(n, sizeof *m->stamp);
    if (!m->found || !m->stamp) error = "out of memory";
  }
  if (error) {
    matcher_free(env, m, NULL);
    napi_throw_error(env, NULL, error);
    return NULL;
  }
  napi_value ext;
  CHECK(env, napi_create_external(env, m, matcher_free, NULL, &ext));
  return ext;
}

// create(keywords: string[]): External. Throws on anything but non-empty ASCII literals.
static napi_value create(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  uint32_t n = 0;
  if (argc < 1 || napi_get_array_length(env, argv[0], &n) != napi_ok || n == 0) {
    napi_throw_type_error(env, NULL, "expected a non-empty array of keywords");
    return NULL;
  }
  char **lits = calloc(n, sizeof *lits);
  size_t *lens = calloc(n, sizeof *lens);
  unsigned int *flags = calloc(n, sizeof *flags);
  unsigned int *ids = calloc(n, sizeof *ids);
  Matcher *m = calloc(1, sizeof *m);
  const char *error = NULL;
  for (uint32_t i = 0; i < n && !error; i++) {
    napi_value v;
    size_t len = 0;
    if (napi_get_element(env, argv[0], i, &v) != napi_ok || napi_get_value_string_utf8(env, v, NULL, 0, &len) != napi_ok || len == 0) {
      error = "keywords must be non-empty strings";
      break;
    }
    lits[i] = malloc(len + 1);
    napi_get_value_string_utf8(env, v, lits[i], len + 1, &len);
    for (size_t k = 0; k < len; k++)
      if ((unsigned char)lits[i][k] > 0x7f) error = "keywords must be ASCII";
    lens[i] = len;
    flags[i] = HS_FLAG_CASELESS | HS_FLAG_SINGLEMATCH;
    ids[i] = i;
  }
  hs_compile_error_t *cerr = NULL;
  if (!error && hs_compile_lit_multi((const char *const *)lits, flags, ids, lens, n, HS_MODE_BLOCK, NULL, &m->db, &cerr) != HS_SUCCESS) {
    error = "hyperscan could not compile the keywords";
    if (cerr) hs_free_compile_error(cerr);
  }
  for (uint32_t i = 0; i < n; i++) free(lits[i]);
  free(lits);
  free(lens);
  free(flags);
  free(ids);
  return finish(env, m, n, error);
}

// The Matcher an External from create() or load() holds; NULL if `v` is none.
static Matcher *matcher_arg(napi_env env, napi_value v) {
  Matcher *m = NULL;
  return napi_get_value_external(env, v, (void **)&m) == napi_ok ? m : NULL;
}

// serialize(matcher): Buffer, the compiled database, for load() in a later run.
static napi_value serialize(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  Matcher *m = argc < 1 ? NULL : matcher_arg(env, argv[0]);
  if (!m) {
    napi_throw_type_error(env, NULL, "expected (matcher)");
    return NULL;
  }
  char *bytes = NULL;
  size_t len = 0;
  if (hs_serialize_database(m->db, &bytes, &len) != HS_SUCCESS) {
    napi_throw_error(env, NULL, "hyperscan could not serialize the keywords");
    return NULL;
  }
  napi_value out;
  void *copy = NULL;
  napi_status st = napi_create_buffer_copy(env, len, bytes, &copy, &out);
  free(bytes);
  CHECK(env, st);
  return out;
}

// load(bytes, count): a matcher from serialize()'s bytes, ~1 ms where compiling the
// built-in keywords takes 60-75. Hyperscan refuses bytes from another version or for a
// CPU this one lacks (it throws then); the caller checks they hold the same keywords.
static napi_value load(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  void *data = NULL;
  size_t len = 0;
  uint32_t n = 0;
  if (argc < 2 || napi_get_buffer_info(env, argv[0], &data, &len) != napi_ok || napi_get_value_uint32(env, argv[1], &n) != napi_ok || n == 0) {
    napi_throw_type_error(env, NULL, "expected (buffer, count)");
    return NULL;
  }
  Matcher *m = calloc(1, sizeof *m);
  const char *error = m ? NULL : "out of memory";
  if (!error && hs_deserialize_database((const char *)data, len, &m->db) != HS_SUCCESS) error = "hyperscan could not load the keywords";
  return finish(env, m, n, error);
}

// match(matcher, buffer, start, end): number[] of keyword ids found in buffer[start, end).
static napi_value match(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  Matcher *m = argc < 4 ? NULL : matcher_arg(env, argv[0]);
  void *data = NULL;
  size_t len = 0;
  uint32_t start = 0, end = 0;
  if (!m || napi_get_buffer_info(env, argv[1], &data, &len) != napi_ok || napi_get_value_uint32(env, argv[2], &start) != napi_ok ||
      napi_get_value_uint32(env, argv[3], &end) != napi_ok || start > end || end > len) {
    napi_throw_type_error(env, NULL, "expected (matcher, buffer, start, end)");
    return NULL;
  }
  m->nfound = 0;
  if (++m->generation == 0) {
    memset(m->stamp, 0, m->count * sizeof *m->stamp);
    m->generation = 1;
  }
  if (end > start && hs_scan(m->db, (const char *)data + start, end - start, 0, m->scratch, on_match, m) != HS_SUCCESS) {
    napi_throw_error(env, NULL, "hyperscan scan failed");
    return NULL;
  }
  napi_value out;
  CHECK(env, napi_create_array_with_length(env, m->nfound, &out));
  for (unsigned int i = 0; i < m->nfound; i++) {
    napi_value id;
    CHECK(env, napi_create_uint32(env, m->found[i], &id));
    CHECK(env, napi_set_element(env, out, i, id));
  }
  return out;
}


NAPI_MODULE_INIT() {
  if (export_function(env, exports, "create", create) != napi_ok || export_function(env, exports, "match", match) != napi_ok ||
      export_function(env, exports, "serialize", serialize) != napi_ok || export_function(env, exports, "load", load) != napi_ok ||
      export_function(env, exports, "freshLines", fresh_lines) != napi_ok || export_function(env, exports, "hunkLines", hunk_lines) != napi_ok)
    return NULL;
  return exports;
}
