;; A Wasm guest that multiplies matrices on the GPU through the host's `gpu` module.
;;
;; Run it from Python (the host links the `gpu` module):
;;   from playground.gpu.hostmod import GpuHostModule
;;   host = GpuHostModule(backend="auto")          # or "cpu"; PLAYGROUND_GPU=cpu also
;;   inst = instantiate(module, host.imports())    # forces the numpy fallback
;;   inst.exports.main(64, 48, 32); print(host.calls[-1].describe())
;; The same program runs unchanged on the GPU and on the CPU fallback.
;;
;; The guest owns the data: it fills A and B in its own linear memory, hands
;; their byte addresses to gpu.matmul, and finds C written back into the same
;; memory. Nothing is copied by the guest; the host reads and writes the memory
;; directly (the way a browser's WebGPU binding reads a Wasm memory's buffer).
(module
  ;; C[m][n] = A[m][k] @ B[k][n], every matrix f32 and row-major.
  ;; params: a_ptr, b_ptr, c_ptr, m, n, k
  (import "gpu" "matmul" (func $gpu_matmul (param i32 i32 i32 i32 i32 i32)))

  (memory (export "memory") 1)

  ;; Fill a rows x cols matrix at $ptr with value(i, j) = (f32((i*$ri + j*$cj) mod $mod) + $off) * $scale:
  ;; small exact numbers, so the host can check the product against numpy.
  (func $fill (param $ptr i32) (param $rows i32) (param $cols i32)
              (param $ri i32) (param $cj i32) (param $mod i32) (param $off f32) (param $scale f32)
    (local $i i32) (local $j i32)
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $j (i32.const 0))
        (block $row_done
          (loop $col
            (br_if $row_done (i32.ge_u (local.get $j) (local.get $cols)))
            (f32.store (local.get $ptr)
              (f32.mul
                (f32.add
                  (f32.convert_i32_u
                    (i32.rem_u
                      (i32.add (i32.mul (local.get $i) (local.get $ri)) (i32.mul (local.get $j) (local.get $cj)))
                      (local.get $mod)))
                  (local.get $off))
                (local.get $scale)))
            (local.set $ptr (i32.add (local.get $ptr) (i32.const 4)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $col)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row))))

  ;; The sum of $count f32 values at $ptr, added in Wasm.
  (func $sum (param $ptr i32) (param $count i32) (result f32)
    (local $acc f32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $count)))
        (local.set $acc (f32.add (local.get $acc) (f32.load (local.get $ptr))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 4)))
        (local.set $count (i32.sub (local.get $count) (i32.const 1)))
        (br $next)))
    (local.get $acc))

  ;; Where C lands, so the host can read it: after A (m*k floats) and B (k*n floats).
  (func $c_ptr (export "c_ptr") (param $m i32) (param $n i32) (param $k i32) (result i32)
    (i32.shl (i32.add (i32.mul (local.get $m) (local.get $k)) (i32.mul (local.get $k) (local.get $n)))
             (i32.const 2)))

  ;; main(m, n, k): fill A and B, multiply on the GPU, return the sum of C's elements.
  (func (export "main") (param $m i32) (param $n i32) (param $k i32) (result f32)
    (local $b i32) (local $c i32) (local $end i32)
    (local.set $b (i32.shl (i32.mul (local.get $m) (local.get $k)) (i32.const 2)))
    (local.set $c (call $c_ptr (local.get $m) (local.get $n) (local.get $k)))
    (local.set $end (i32.add (local.get $c) (i32.shl (i32.mul (local.get $m) (local.get $n)) (i32.const 2))))

    ;; Grow the memory until the three matrices fit (64 KiB pages); trap if it cannot grow.
    (block $fits
      (loop $grow
        (br_if $fits (i32.le_u (local.get $end) (i32.shl (memory.size) (i32.const 16))))
        (if (i32.eq (memory.grow (i32.const 1)) (i32.const -1)) (then unreachable))
        (br $grow)))

    ;; A[i][j] = ((3i + 5j) mod 7) - 3        values -3 .. 3
    (call $fill (i32.const 0) (local.get $m) (local.get $k)
                (i32.const 3) (i32.const 5) (i32.const 7) (f32.const -3) (f32.const 1))
    ;; B[i][j] = ((2i + j) mod 5) * 0.5       values 0 .. 2
    (call $fill (local.get $b) (local.get $k) (local.get $n)
                (i32.const 2) (i32.const 1) (i32.const 5) (f32.const 0) (f32.const 0.5))

    ;; The host runs the WGSL kernel (or numpy) and writes C into our memory.
    (call $gpu_matmul (i32.const 0) (local.get $b) (local.get $c)
                      (local.get $m) (local.get $n) (local.get $k))

    (call $sum (local.get $c) (i32.mul (local.get $m) (local.get $n)))))
