(module $demo
  (type $t (func (param i32) (result i32)))
  (import "env" "print" (func $print (param i32)))
  (import "env" "g" (global $ig i32))
  (import "env" "tab" (table 1 10 funcref))
  (memory $mem 1 2)
  (global $counter (mut i32) (i32.const 0))
  (global f64 (f64.const 1.5))
  (global externref (ref.null extern))
  (export "run" (func $run))
  (export "memory" (memory 0))
  (start $init)
  (func $init)
  (func $run (type $t) (param $n i32) (result i32) (local $acc i64) (local f32 f32)
    (block $done (result i32)
      (loop $again
        local.get $n
        i32.eqz
        br_if $again)
      i32.const 7)
    drop
    local.get $n
    i32.load offset=4
    call $print
    (if (local.get $n) (then nop) (else unreachable))
    v128.const i32x4 1 2 3 4
    i32x4.extract_lane 1
    global.get $counter
    i32.add
    i32.const 0 i32.const 0 i32.const 0 memory.init $hello
    f32.const -0.5 drop
    i64.const -5 drop)
  (elem (i32.const 0) $run)
  (elem declare func $init)
  (data "\00\01\02")  ;; passive first: wasm-objdump numbers later passive bytes from the last address
  (data $hello (i32.const 16) "Hello, objdump! This segment is longer than one line."))
