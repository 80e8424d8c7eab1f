;; 3x3 image filter (same-size cross-correlation, clamp-to-edge borders) on a
;; grayscale f32 image, in two versions with one interface:
;;   conv3x3(img, out, width, height, kernel)        one pixel at a time
;;   conv3x3_simd(img, out, width, height, kernel)   four pixels at a time (f32x4)
;; img and out are byte addresses of height x width row-major f32 images; kernel
;; is the byte address of 9 f32 weights, row-major. The result matches
;; playground.gpu.conv2d (shaders/conv2d.wgsl): the filter is not flipped.
(module
  (memory (export "memory") 1)

  ;; v clamped to 0 .. max
  (func $clamp (param $v i32) (param $max i32) (result i32)
    (select (i32.const 0)
      (select (local.get $max) (local.get $v) (i32.gt_s (local.get $v) (local.get $max)))
      (i32.lt_s (local.get $v) (i32.const 0))))

  ;; The filtered value of pixel (x, y): the nine taps, out-of-image neighbours
  ;; replaced by the nearest edge pixel.
  (func $pixel (param $img i32) (param $w i32) (param $h i32) (param $k i32) (param $x i32) (param $y i32)
               (result f32)
    (local $dy i32) (local $dx i32) (local $row i32) (local $acc f32)
    (local.set $dy (i32.const -1))
    (loop $rows
      ;; address of the clamped row y + dy
      (local.set $row (i32.add (local.get $img)
        (i32.shl (i32.mul (call $clamp (i32.add (local.get $y) (local.get $dy)) (i32.sub (local.get $h) (i32.const 1)))
                          (local.get $w))
                 (i32.const 2))))
      (local.set $dx (i32.const -1))
      (loop $cols
        (local.set $acc (f32.add (local.get $acc)
          (f32.mul (f32.load (local.get $k))
                   (f32.load (i32.add (local.get $row)
                     (i32.shl (call $clamp (i32.add (local.get $x) (local.get $dx)) (i32.sub (local.get $w) (i32.const 1)))
                              (i32.const 2)))))))
        (local.set $k (i32.add (local.get $k) (i32.const 4)))
        (local.set $dx (i32.add (local.get $dx) (i32.const 1)))
        (br_if $cols (i32.le_s (local.get $dx) (i32.const 1))))
      (local.set $dy (i32.add (local.get $dy) (i32.const 1)))
      (br_if $rows (i32.le_s (local.get $dy) (i32.const 1))))
    (local.get $acc))

  (func (export "conv3x3") (param $img i32) (param $out i32) (param $w i32) (param $h i32) (param $k i32)
    (local $x i32) (local $y i32)
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $y) (local.get $h)))
        (local.set $x (i32.const 0))
        (block $row_done
          (loop $cols
            (br_if $row_done (i32.ge_u (local.get $x) (local.get $w)))
            (f32.store (local.get $out)
              (call $pixel (local.get $img) (local.get $w) (local.get $h) (local.get $k) (local.get $x) (local.get $y)))
            (local.set $out (i32.add (local.get $out) (i32.const 4)))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (br $cols)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $rows))))

  ;; Interior pixels four at a time: for each of the nine taps, load the four
  ;; neighbours as one v128 and multiply-add with the weight in all lanes.
  ;; Column 0, the last column and the leftover pixels use $pixel.
  (func (export "conv3x3_simd") (param $img i32) (param $out i32) (param $w i32) (param $h i32) (param $k i32)
    (local $x i32) (local $y i32)
    (local $r0 i32) (local $r1 i32) (local $r2 i32)  ;; addresses of pixel (x-1) in rows y-1, y, y+1 (clamped)
    (local $row_bytes i32) (local $acc v128)
    (local $k0 v128) (local $k1 v128) (local $k2 v128) (local $k3 v128) (local $k4 v128)
    (local $k5 v128) (local $k6 v128) (local $k7 v128) (local $k8 v128)
    ;; each weight splatted into four lanes, once
    (local.set $k0 (v128.load32_splat offset=0 (local.get $k)))
    (local.set $k1 (v128.load32_splat offset=4 (local.get $k)))
    (local.set $k2 (v128.load32_splat offset=8 (local.get $k)))
    (local.set $k3 (v128.load32_splat offset=12 (local.get $k)))
    (local.set $k4 (v128.load32_splat offset=16 (local.get $k)))
    (local.set $k5 (v128.load32_splat offset=20 (local.get $k)))
    (local.set $k6 (v128.load32_splat offset=24 (local.get $k)))
    (local.set $k7 (v128.load32_splat offset=28 (local.get $k)))
    (local.set $k8 (v128.load32_splat offset=32 (local.get $k)))
    (local.set $row_bytes (i32.shl (local.get $w) (i32.const 2)))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $y) (local.get $h)))
        ;; column 0 (its left neighbour is clamped)
        (f32.store (i32.add (local.get $out) (i32.mul (local.get $y) (local.get $row_bytes)))
          (call $pixel (local.get $img) (local.get $w) (local.get $h) (local.get $k) (i32.const 0) (local.get $y)))
        (local.set $x (i32.const 1))
        (block $vec_done
          (loop $vec
            ;; four pixels x .. x+3 need x+4 <= w-1 (their right neighbours exist)
            (br_if $vec_done (i32.gt_s (i32.add (local.get $x) (i32.const 4)) (i32.sub (local.get $w) (i32.const 1))))
            (local.set $r1 (i32.add (i32.add (local.get $img) (i32.mul (local.get $y) (local.get $row_bytes)))
                                    (i32.shl (i32.sub (local.get $x) (i32.const 1)) (i32.const 2))))
            (local.set $r0 (select (local.get $r1) (i32.sub (local.get $r1) (local.get $row_bytes))
                                   (i32.eqz (local.get $y))))
            (local.set $r2 (select (local.get $r1) (i32.add (local.get $r1) (local.get $row_bytes))
                                   (i32.ge_u (i32.add (local.get $y) (i32.const 1)) (local.get $h))))
            (local.set $acc (f32x4.mul (local.get $k0) (v128.load offset=0 (local.get $r0))))
            (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $k1) (v128.load offset=4 (local.get $r0)))))
            (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $k2) (v128.load offset=8 (local.get $r0)))))
            (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $k3) (v128.load offset=0 (local.get $r1)))))
            (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $k4) (v128.load offset=4 (local.get $r1)))))
            (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $k5) (v128.load offset=8 (local.get $r1)))))
            (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $k6) (v128.load offset=0 (local.get $r2)))))
            (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $k7) (v128.load offset=4 (local.get $r2)))))
            (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $k8) (v128.load offset=8 (local.get $r2)))))
            (v128.store (i32.add (local.get $out)
                                 (i32.add (i32.mul (local.get $y) (local.get $row_bytes)) (i32.shl (local.get $x) (i32.const 2))))
                        (local.get $acc))
            (local.set $x (i32.add (local.get $x) (i32.const 4)))
            (br $vec)))
        ;; the rest of the row, the last column included
        (block $tail_done
          (loop $tail
            (br_if $tail_done (i32.ge_u (local.get $x) (local.get $w)))
            (f32.store (i32.add (local.get $out)
                                (i32.add (i32.mul (local.get $y) (local.get $row_bytes)) (i32.shl (local.get $x) (i32.const 2))))
              (call $pixel (local.get $img) (local.get $w) (local.get $h) (local.get $k) (local.get $x) (local.get $y)))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (br $tail)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $rows)))))
