;; Add two numbers: the smallest useful module, one exported function.
(module
  ;; A function takes typed parameters and returns typed results.
  (func $add (export "add") (param $a i32) (param $b i32) (result i32)
    ;; Instructions work on an operand stack: push a, push b, add them.
    local.get $a
    local.get $b
    i32.add))
