// Shared by the addon's C files (keywords.c registers every function).
#ifndef LEAKGUARD_ADDON_H
#define LEAKGUARD_ADDON_H
#include <node_api.h>

// Throws a TypeError and leaves the Node-API function.
#define FAIL(env, msg)                          \
  do {                                          \
    napi_throw_type_error((env), NULL, (msg)); \
    return NULL;                                \
  } while (0)

// Sets exports[name] to a new function.
static inline napi_status export_function(napi_env env, napi_value exports, const char *name, napi_callback cb) {
  napi_value fn;
  napi_status st = napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, NULL, &fn);
  if (st != napi_ok) return st;
  return napi_set_named_property(env, exports, name, fn);
}

napi_value fresh_lines(napi_env env, napi_callback_info info);  // lines.c
napi_value hunk_lines(napi_env env, napi_callback_info info);   // hunks.c

#endif
