;; Sum an array of i32 in linear memory imported from the host.
(module
  ;; The host owns the memory; the module reads it through loads.
  (import "env" "memory" (memory 1))

  (func (export "sum") (param $ptr i32) (param $len i32) (result i32)
    (local $total i32)
    (local $end i32)
    ;; $end = $ptr + 4 * $len: one past the last element
    (local.set $end
      (i32.add (local.get $ptr) (i32.shl (local.get $len) (i32.const 2))))
    (block $done
      (loop $next
        ;; stop when the pointer reaches the end
        (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
        (local.set $total
          (i32.add (local.get $total) (i32.load (local.get $ptr))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 4)))
        (br $next)))
    (local.get $total)))
