;; SIMD matrix multiply C = A x B of n x n f32 matrices, four columns at a time.
;; Same interface as matmul.wat: matmul(a, b, c, n) with byte addresses of
;; row-major matrices, so the benchmark swaps one for the other.
;;
;; The loop order is i-k-j (not i-j-k as in matmul.wat): for each A[i][k], the
;; whole row k of B is scaled and added into row i of C. Rows are contiguous,
;; so four neighbouring columns load and store as one v128; a scalar tail
;; finishes rows whose length is not a multiple of four.
(module
  (memory (export "memory") 1)

  (func (export "matmul") (param $a i32) (param $b i32) (param $c i32) (param $n i32)
    (local $i i32) (local $k i32) (local $j i32)
    (local $row_bytes i32)  ;; n * 4
    (local $c_row i32)      ;; address of C[i][0]
    (local $b_row i32)      ;; address of B[k][0]
    (local $aik f32)
    (local $aik4 v128)      ;; A[i][k] in all four lanes
    (local $vec_end i32)    ;; columns below this index go four at a time
    (local.set $row_bytes (i32.shl (local.get $n) (i32.const 2)))
    (local.set $vec_end (i32.and (local.get $n) (i32.const -4)))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $c_row (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $row_bytes))))
        ;; C[i][*] = 0, then accumulate
        (memory.fill (local.get $c_row) (i32.const 0) (local.get $row_bytes))
        (local.set $k (i32.const 0))
        (block $ks_done
          (loop $ks
            (br_if $ks_done (i32.ge_u (local.get $k) (local.get $n)))
            (local.set $aik (f32.load (i32.add (local.get $a)
              (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $k)) (i32.const 2)))))
            (local.set $aik4 (f32x4.splat (local.get $aik)))
            (local.set $b_row (i32.add (local.get $b) (i32.mul (local.get $k) (local.get $row_bytes))))
            ;; C[i][j..j+4] += A[i][k] * B[k][j..j+4]
            (local.set $j (i32.const 0))
            (block $vec_done
              (loop $vec
                (br_if $vec_done (i32.ge_u (local.get $j) (local.get $vec_end)))
                (v128.store (i32.add (local.get $c_row) (i32.shl (local.get $j) (i32.const 2)))
                  (f32x4.add
                    (v128.load (i32.add (local.get $c_row) (i32.shl (local.get $j) (i32.const 2))))
                    (f32x4.mul (local.get $aik4)
                      (v128.load (i32.add (local.get $b_row) (i32.shl (local.get $j) (i32.const 2)))))))
                (local.set $j (i32.add (local.get $j) (i32.const 4)))
                (br $vec)))
            ;; the last n mod 4 columns, one at a time
            (block $tail_done
              (loop $tail
                (br_if $tail_done (i32.ge_u (local.get $j) (local.get $n)))
                (f32.store (i32.add (local.get $c_row) (i32.shl (local.get $j) (i32.const 2)))
                  (f32.add
                    (f32.load (i32.add (local.get $c_row) (i32.shl (local.get $j) (i32.const 2))))
                    (f32.mul (local.get $aik)
                      (f32.load (i32.add (local.get $b_row) (i32.shl (local.get $j) (i32.const 2)))))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $tail)))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $ks)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))))
