;; The keyword prefilter's matcher for ASCII keywords (keyword-set.ts loads it): which of
;; the keywords occur in a block, ASCII case folded. WebAssembly because a pre-commit hook
;; needs it at once: it is compiled and indexed in ~2 ms and runs compiled code from the
;; first byte (~60 MB/s), where an RE2.Set or Hyperscan takes ~10 ms to compile the
;; built-in keywords and JavaScript runs a cold loop in its interpreter.
;;
;; Each keyword (3+ bytes, lower case) is chained under a hash of its first three bytes;
;; every position of the block hashes its own three lower-cased bytes and compares the
;; keywords of that chain whole. Memory, laid out by the caller (offsets in bytes):
;;   [0, 65536)      heads: first keyword of each of the 16384 chains, -1 for none
;;   text            the keywords, each followed by "\n"
;;   offsets[n + 1]  keyword k is text[offsets[k], offsets[k + 1] - 1)
;;   next[n]         the next keyword of k's chain, -1 at the end
;;   seen[n]         the call that last reported k, so each is reported once per call
;;   out[n]          match() writes the indexes it found here
;;   data            the block to search
(module
  (memory (export "memory") 2)
  (global $text (mut i32) (i32.const 0))
  (global $offsets (mut i32) (i32.const 0))
  (global $next (mut i32) (i32.const 0))
  (global $seen (mut i32) (i32.const 0))
  (global $out (mut i32) (i32.const 0))

  ;; Chain of three bytes b0 | b1 << 8 | b2 << 16: the top 14 bits of a Fibonacci hash.
  (func $chain (param $three i32) (result i32)
    (i32.shl
      (i32.shr_u (i32.mul (local.get $three) (i32.const 0x9e3779b1)) (i32.const 18))
      (i32.const 2)))

  (func $lower (param $b i32) (result i32)
    (select
      (i32.or (local.get $b) (i32.const 0x20))
      (local.get $b)
      (i32.lt_u (i32.sub (local.get $b) (i32.const 0x41)) (i32.const 26))))

  ;; Indexes the keywords at text[0, len) ("\n" after each); returns how many there are.
  (func (export "build")
    (param $text i32) (param $len i32) (param $offsets i32) (param $next i32) (param $seen i32) (param $out i32)
    (result i32)
    (local $i i32) (local $n i32) (local $k i32) (local $o i32) (local $head i32)
    (global.set $text (local.get $text))
    (global.set $offsets (local.get $offsets))
    (global.set $next (local.get $next))
    (global.set $seen (local.get $seen))
    (global.set $out (local.get $out))
    (memory.fill (i32.const 0) (i32.const 0xff) (i32.const 65536))
    ;; offsets: 0, then one past each "\n"
    (i32.store (local.get $offsets) (i32.const 0))
    (block $done
      (loop $scan
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (if (i32.eq (i32.load8_u (i32.add (local.get $text) (local.get $i))) (i32.const 10))
          (then
            (local.set $n (i32.add (local.get $n) (i32.const 1)))
            (i32.store
              (i32.add (local.get $offsets) (i32.shl (local.get $n) (i32.const 2)))
              (i32.add (local.get $i) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $scan)))
    ;; chains, built backwards so each lists its keywords in index order
    (local.set $k (local.get $n))
    (block $chained
      (loop $link
        (br_if $chained (i32.eqz (local.get $k)))
        (local.set $k (i32.sub (local.get $k) (i32.const 1)))
        (local.set $o
          (i32.add (local.get $text) (i32.load (i32.add (local.get $offsets) (i32.shl (local.get $k) (i32.const 2))))))
        (local.set $head
          (call $chain
            (i32.or
              (i32.load8_u (local.get $o))
              (i32.or
                (i32.shl (i32.load8_u (i32.add (local.get $o) (i32.const 1))) (i32.const 8))
                (i32.shl (i32.load8_u (i32.add (local.get $o) (i32.const 2))) (i32.const 16))))))
        (i32.store (i32.add (local.get $next) (i32.shl (local.get $k) (i32.const 2))) (i32.load (local.get $head)))
        (i32.store (local.get $head) (local.get $k))
        (br $link)))
    (memory.fill (local.get $seen) (i32.const 0) (i32.shl (local.get $n) (i32.const 2)))
    (local.get $n))

  ;; Writes to out the index of every keyword occurring in data[0, len), each once;
  ;; `call` must differ from the previous call's. Returns how many it wrote.
  (func (export "match") (param $data i32) (param $len i32) (param $call i32) (result i32)
    (local $i i32) (local $end i32) (local $three i32) (local $k i32) (local $o i32)
    (local $klen i32) (local $m i32) (local $count i32) (local $slot i32) (local $b i32)
    (if (i32.lt_u (local.get $len) (i32.const 3)) (then (return (i32.const 0))))
    (local.set $end (i32.add (local.get $data) (local.get $len)))
    (local.set $three
      (i32.or
        (i32.shl (call $lower (i32.load8_u (local.get $data))) (i32.const 8))
        (i32.shl (call $lower (i32.load8_u (i32.add (local.get $data) (i32.const 1)))) (i32.const 16))))
    (local.set $i (local.get $data))
    (block $done
      (loop $position
        (br_if $done (i32.ge_u (i32.add (local.get $i) (i32.const 2)) (local.get $end)))
        ;; $lower and $chain written out: the baseline compiler calls rather than inlines
        ;; them, which cost a third of the speed here.
        (local.set $b (i32.load8_u (i32.add (local.get $i) (i32.const 2))))
        (local.set $three
          (i32.or
            (i32.shr_u (local.get $three) (i32.const 8))
            (i32.shl
              (select (i32.or (local.get $b) (i32.const 0x20)) (local.get $b)
                (i32.lt_u (i32.sub (local.get $b) (i32.const 0x41)) (i32.const 26)))
              (i32.const 16))))
        (local.set $k
          (i32.load
            (i32.shl
              (i32.shr_u (i32.mul (local.get $three) (i32.const 0x9e3779b1)) (i32.const 18))
              (i32.const 2))))
        (block $chain_done
          (loop $candidate
            (br_if $chain_done (i32.lt_s (local.get $k) (i32.const 0)))
            (local.set $slot (i32.shl (local.get $k) (i32.const 2)))
            (local.set $o (i32.load (i32.add (global.get $offsets) (local.get $slot))))
            (local.set $klen
              (i32.sub
                (i32.sub (i32.load (i32.add (global.get $offsets) (i32.add (local.get $slot) (i32.const 4)))) (local.get $o))
                (i32.const 1)))
            (local.set $o (i32.add (global.get $text) (local.get $o)))
            (if
              (i32.and
                (i32.ne (i32.load (i32.add (global.get $seen) (local.get $slot))) (local.get $call))
                (i32.and
                  (i32.le_u (i32.add (local.get $i) (local.get $klen)) (local.get $end))
                  (i32.eq
                    (i32.or
                      (i32.load8_u (local.get $o))
                      (i32.or
                        (i32.shl (i32.load8_u (i32.add (local.get $o) (i32.const 1))) (i32.const 8))
                        (i32.shl (i32.load8_u (i32.add (local.get $o) (i32.const 2))) (i32.const 16))))
                    (local.get $three))))
              (then
                (local.set $m (i32.const 3))
                (block $differs
                  (loop $byte
                    (br_if $differs (i32.ge_u (local.get $m) (local.get $klen)))
                    (br_if $differs
                      (i32.ne
                        (i32.load8_u (i32.add (local.get $o) (local.get $m)))
                        (call $lower (i32.load8_u (i32.add (local.get $i) (local.get $m))))))
                    (local.set $m (i32.add (local.get $m) (i32.const 1)))
                    (br $byte)))
                (if (i32.eq (local.get $m) (local.get $klen))
                  (then
                    (i32.store (i32.add (global.get $seen) (local.get $slot)) (local.get $call))
                    (i32.store (i32.add (global.get $out) (i32.shl (local.get $count) (i32.const 2))) (local.get $k))
                    (local.set $count (i32.add (local.get $count) (i32.const 1)))))))
            (local.set $k (i32.load (i32.add (global.get $next) (local.get $slot))))
            (br $candidate)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $position)))
    (local.get $count))
)
