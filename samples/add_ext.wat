;; Call the host: import a logging function and pass it the sum of two numbers.
(module
  ;; Imports come first; the host provides "imports" "log_func" when instantiating.
  (import "imports" "log_func" (func $log (param i32)))

  (func (export "add_and_log") (param $a i32) (param $b i32)
    ;; Folded form: operands are written inside the instruction that uses them.
    (call $log
      (i32.add (local.get $a) (local.get $b)))))
