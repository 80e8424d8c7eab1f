;; Exception handling (WebAssembly 3.0): throw in one function, catch in another.
;; `throw $tag` leaves every frame up to the nearest `try_table` whose catch clause
;; names that tag (or catches all); its label receives the tag's payload. Step into
;; `average` in the debugger: the throw in `checked_div` drops two frames at once
;; and lands in `average`'s handler with the divisor on the stack.
(module
  (tag $division_by_zero (export "division_by_zero") (param i32))  ;; payload: the dividend
  (tag $negative (param i32))

  ;; checked_div(a, b) = a / b, or throw $division_by_zero(a)
  (func $checked_div (param $a i32) (param $b i32) (result i32)
    (if (i32.eqz (local.get $b))
      (then (throw $division_by_zero (local.get $a))))
    (i32.div_s (local.get $a) (local.get $b)))

  ;; mean(sum, count): refuses negative sums, divides through checked_div (one frame deeper)
  (func $mean (param $sum i32) (param $count i32) (result i32)
    (if (i32.lt_s (local.get $sum) (i32.const 0))
      (then (throw $negative (local.get $sum))))
    (call $checked_div (local.get $sum) (local.get $count)))

  ;; average(sum, count): the mean, or -1 for no values; a negative sum is thrown on
  (func (export "average") (param $sum i32) (param $count i32) (result i32)
    (block $no_values (result i32)
      (return
        (try_table (result i32) (catch $division_by_zero $no_values)
          (call $mean (local.get $sum) (local.get $count)))))
    ;; here only from the catch clause, with the dividend the exception carried
    (drop)
    (i32.const -1))

  ;; tally(sum, count): the mean, or -2 for any exception at all (`catch_all`), counted in $failures
  (global $failures (export "failures") (mut i32) (i32.const 0))
  (func (export "tally") (param $sum i32) (param $count i32) (result i32)
    (block $failed
      (try_table (catch_all $failed)
        (return (call $mean (local.get $sum) (local.get $count)))))
    (global.set $failures (i32.add (global.get $failures) (i32.const 1)))
    (i32.const -2)))
