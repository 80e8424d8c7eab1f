;; Scalar matrix multiply C = A x B of n x n f32 matrices in linear memory.
(module
  (memory (export "memory") 1)

  ;; a, b, c are byte addresses of row-major n x n matrices.
  (func (export "matmul") (param $a i32) (param $b i32) (param $c i32) (param $n i32)
    (local $i i32)
    (local $j i32)
    (local $k i32)
    (local $sum f32)
    (loop $rows
      (local.set $j (i32.const 0))
      (loop $cols
        (local.set $sum (f32.const 0))
        (local.set $k (i32.const 0))
        (loop $inner
          ;; sum += A[i][k] * B[k][j]
          (local.set $sum
            (f32.add (local.get $sum)
              (f32.mul
                (f32.load (i32.add (local.get $a)
                  (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $k)) (i32.const 2))))
                (f32.load (i32.add (local.get $b)
                  (i32.shl (i32.add (i32.mul (local.get $k) (local.get $n)) (local.get $j)) (i32.const 2)))))))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br_if $inner (i32.lt_u (local.get $k) (local.get $n))))
        ;; C[i][j] = sum
        (f32.store
          (i32.add (local.get $c)
            (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j)) (i32.const 2)))
          (local.get $sum))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br_if $cols (i32.lt_u (local.get $j) (local.get $n))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $rows (i32.lt_u (local.get $i) (local.get $n))))))
