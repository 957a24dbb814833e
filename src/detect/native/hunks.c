// The lines inside the hunks of `git diff-tree -p -U0` output, for history scans
// (src/git/diff-tree.ts DiffTreeParser, which does the same in JavaScript where the addon
// is not built). Copying each added and removed line out of the patch text is most of the
// parser's work: here it runs without a call per line. Anything that is not a hunk line
// (a file's header, the next commit) goes back to the JavaScript parser.
#include <node_api.h>
#include "addon.h"
#include <stdint.h>
#include <string.h>

// The parser state shared with JavaScript (an Int32Array); see HunkState in diff-tree.ts.
enum {
  NEXT_LINE,   // line number in the new file of the next added line
  IN_HUNK,     // 1 after a hunk header, 0 after a file header
  LAST_PLUS,   // the last changed line was added (1) or removed (0)
  PLUS_LEN,    // bytes in the added-lines buffer
  MINUS_LEN,   // bytes in the removed-lines buffer
  PLUS_COUNT,  // entries in the line-number array
  DROPPING,    // past the commit's byte limit: lines are counted, not kept
  ROOM,        // bytes the two buffers may hold before DROPPING is set
  STOP,        // why the call returned (STOP_* below)
  NEED,        // STOP_FULL: bytes the next line needs in its buffer
  KEY_LINE,    // an added line has a run of 40+ base64 characters alone on it
  STATE_SIZE
};

enum { STOP_MORE, STOP_OTHER, STOP_FULL, STOP_END };

static int is_b64(uint8_t c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=';
}

// Whether a line holds a segment (between CR characters) of 40 or more base64
// characters and nothing else: what KEY_MATERIAL_LINE in change-scan.ts matches.
static int key_material(const uint8_t *p, size_t n) {
  size_t run = 0;
  int clean = 1;
  for (size_t i = 0; i < n; i++) {
    uint8_t c = p[i];
    if (c == '\r') {
      if (clean && run >= 40) return 1;
      run = 0;
      clean = 1;
    } else if (is_b64(c)) {
      run++;
    } else {
      clean = 0;
    }
  }
  return clean && run >= 40;
}

// The new side's first line in `@@ -a[,b] +c[,d] @@`; -1 when the line is not one.
static int64_t hunk_new_start(const uint8_t *d, size_t start, size_t end) {
  if (end - start < 4 || d[start + 1] != '@' || d[start + 2] != ' ' || d[start + 3] != '-') return -1;
  size_t i = start + 4;
  while (i < end && d[i] != ' ') i++;
  if (i + 1 >= end || d[i + 1] != '+') return -1;
  i += 2;
  size_t from = i;
  int64_t n = 0;
  for (; i < end && d[i] >= '0' && d[i] <= '9' && n < INT32_MAX / 10; i++) n = n * 10 + (d[i] - '0');
  return i > from ? n : -1;
}

static int is_hex(uint8_t c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

// hunkLines(data, pos, final, state, plus, minus, plusLines): the position after the
// lines read. Reads hunk headers, added, removed and context lines and "\ No newline"
// markers from `pos` on; stops (state[STOP]) at a line it does not read, at a line cut
// by the end of `data` (unless `final`), when a buffer is full, or at the end.
// Header lines between files that the JavaScript parser ignores are skipped here.
napi_value hunk_lines(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 7) FAIL(env, "expected 7 arguments");
  void *dv = NULL, *pv = NULL, *mv = NULL, *sv = NULL, *lv = NULL;
  size_t len = 0, plus_cap = 0, minus_cap = 0, n_state = 0, lines_cap = 0;
  double posd = 0;
  bool final = false;
  napi_typedarray_type type;
  napi_value ab;
  size_t offset;
  if (napi_get_buffer_info(env, argv[0], &dv, &len) != napi_ok || napi_get_value_double(env, argv[1], &posd) != napi_ok ||
      napi_get_value_bool(env, argv[2], &final) != napi_ok || napi_get_buffer_info(env, argv[4], &pv, &plus_cap) != napi_ok ||
      napi_get_buffer_info(env, argv[5], &mv, &minus_cap) != napi_ok)
    FAIL(env, "expected (data, pos, final, state, plus, minus, plusLines)");
  if (napi_get_typedarray_info(env, argv[3], &type, &n_state, &sv, &ab, &offset) != napi_ok || type != napi_int32_array || n_state < STATE_SIZE)
    FAIL(env, "state: expected an Int32Array");
  if (napi_get_typedarray_info(env, argv[6], &type, &lines_cap, &lv, &ab, &offset) != napi_ok || type != napi_int32_array)
    FAIL(env, "plusLines: expected an Int32Array");
  const uint8_t *d = dv;
  uint8_t *plus = pv, *minus = mv;
  int32_t *st = sv, *lines = lv;
  if (posd < 0 || posd > (double)len) FAIL(env, "pos out of range");
  size_t pos = (size_t)posd;
  st[STOP] = STOP_END;
  while (pos < len) {
    uint8_t c = d[pos];
    // A commit id (the next commit's), a file header (diff, deleted file, Binary files):
    // the JavaScript parser's.
    if (is_hex(c) || c == 'B') {
      st[STOP] = STOP_OTHER;
      break;
    }
    const uint8_t *nlp = memchr(d + pos, '\n', len - pos);
    if (!nlp && !final) {
      st[STOP] = STOP_MORE;
      break;
    }
    size_t end = nlp ? (size_t)(nlp - d) : len;
    size_t next = nlp ? end + 1 : len;
    if (c == '@') {
      int64_t at = hunk_new_start(d, pos, end);
      if (at < 0) {
        st[STOP] = STOP_OTHER;  // the JavaScript parser reports it
        break;
      }
      st[NEXT_LINE] = (int32_t)at;
      st[IN_HUNK] = 1;
    } else if (!st[IN_HUNK]) {
      // index, ---/+++, modes, similarity: nothing the raw entry did not say.
    } else if (c == '+' || c == '-') {
      int added = c == '+';
      size_t n = end - pos - 1;
      if (st[DROPPING]) {
        if (added) st[NEXT_LINE]++;
      } else {
        size_t have = (size_t)(added ? st[PLUS_LEN] : st[MINUS_LEN]);
        size_t cap = added ? plus_cap : minus_cap;
        if (have + n + 1 > cap || (added && (size_t)st[PLUS_COUNT] >= lines_cap)) {
          st[STOP] = STOP_FULL;
          st[NEED] = (int32_t)(n + 1);
          break;
        }
        uint8_t *out = added ? plus : minus;
        memcpy(out + have, d + pos + 1, n);
        out[have + n] = '\n';
        if (added) {
          st[PLUS_LEN] += (int32_t)(n + 1);
          lines[st[PLUS_COUNT]++] = st[NEXT_LINE]++;
          if (!st[KEY_LINE] && n >= 40 && key_material(d + pos + 1, n)) st[KEY_LINE] = 1;
        } else {
          st[MINUS_LEN] += (int32_t)(n + 1);
        }
        if ((int64_t)st[PLUS_LEN] + st[MINUS_LEN] > st[ROOM]) st[DROPPING] = 1;
      }
      st[LAST_PLUS] = added;
    } else if (c == '\\') {
      // "\ No newline at end of file": the line before it had none.
      int32_t *n = st[LAST_PLUS] ? &st[PLUS_LEN] : &st[MINUS_LEN];
      const uint8_t *out = st[LAST_PLUS] ? plus : minus;
      if (*n && out[*n - 1] == '\n') (*n)--;
    } else if (c == ' ') {
      st[NEXT_LINE]++;
    } else {
      st[STOP] = STOP_OTHER;
      break;
    }
    pos = next;
  }
  napi_value result;
  if (napi_create_double(env, (double)pos, &result) != napi_ok) return NULL;
  return result;
}
