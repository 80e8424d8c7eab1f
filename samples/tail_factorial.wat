;; Tail calls (WebAssembly 3.0): a factorial whose recursion does not grow the call stack.
;; `return_call` returns from this function by calling another: the callee's frame
;; replaces the caller's. Step through `fac` in the debugger and watch the call stack
;; stay one frame deep while the accumulator grows. `count` recurses a million times.
(module
  ;; fac(n) = fac_acc(n, 1)
  (func $fac (export "fac") (param $n i64) (result i64)
    (return_call $fac_acc (local.get $n) (i64.const 1)))

  ;; fac_acc(n, acc) = n == 0 ? acc : fac_acc(n - 1, n * acc)
  (func $fac_acc (param $n i64) (param $acc i64) (result i64)
    (if (result i64) (i64.eqz (local.get $n))
      (then (local.get $acc))
      (else
        (return_call $fac_acc
          (i64.sub (local.get $n) (i64.const 1))
          (i64.mul (local.get $n) (local.get $acc))))))

  ;; count(n): n tail calls deep, far past the call-depth limit of ordinary calls
  (func $count (export "count") (param $n i64) (result i64)
    (if (result i64) (i64.eqz (local.get $n))
      (then (local.get $n))
      (else (return_call $count (i64.sub (local.get $n) (i64.const 1)))))))
