// Shared by the addon's C files: throw a TypeError and leave the Node-API function.
#ifndef LEAKGUARD_FAIL_H
#define LEAKGUARD_FAIL_H
#include <node_api.h>

#define FAIL(env, msg)                          \
  do {                                          \
    napi_throw_type_error((env), NULL, (msg)); \
    return NULL;                                \
  } while (0)

#endif
