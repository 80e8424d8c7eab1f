;; SIMD dot product: four f32 lanes at a time with f32x4.mul and f32x4.add.
(module
  (memory (export "memory") 1)

  ;; dot(a, b, n): a and b are byte addresses of n f32 values; n a multiple of 4.
  (func (export "dot") (param $a i32) (param $b i32) (param $n i32) (result f32)
    (local $acc v128)
    (local $i i32)
    (block $done
      (loop $chunk
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        ;; acc += a[i..i+4] * b[i..i+4], lane by lane
        (local.set $acc
          (f32x4.add (local.get $acc)
            (f32x4.mul (v128.load (local.get $a)) (v128.load (local.get $b)))))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $chunk)))
    ;; horizontal sum of the four lanes
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
      (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc))))))
