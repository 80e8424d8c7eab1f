;; Traps: integer division by zero and a load past the end of memory.
(module
  (memory 1)

  ;; div(a, 0) traps with "integer divide by zero"; div(-2147483648, -1) with "integer overflow".
  (func (export "div") (param $a i32) (param $b i32) (result i32)
    (i32.div_s (local.get $a) (local.get $b)))

  ;; One page is 65536 bytes: a 4-byte load at 65535 runs past the end and traps.
  (func (export "load_oob") (result i32)
    (i32.load (i32.const 65535))))
