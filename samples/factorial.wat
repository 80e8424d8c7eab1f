;; Factorial in i64, recursive ("fac") and with a loop ("fac_iter").
(module
  (func $fac (export "fac") (param $n i64) (result i64)
    ;; Plain (unfolded) instructions, one per line, as a disassembler prints them.
    local.get $n
    i64.const 1
    i64.le_u
    if (result i64)
      i64.const 1
    else
      local.get $n
      local.get $n
      i64.const 1
      i64.sub
      call $fac
      i64.mul
    end)

  (func (export "fac_iter") (param $n i64) (result i64)
    (local $acc i64)
    (local.set $acc (i64.const 1))
    (block $done
      (loop $again
        (br_if $done (i64.le_u (local.get $n) (i64.const 1)))
        (local.set $acc (i64.mul (local.get $acc) (local.get $n)))
        (local.set $n (i64.sub (local.get $n) (i64.const 1)))
        (br $again)))
    (local.get $acc)))
