;; Handwritten-digit recognition as a Wasm guest: a 64-32-10 neural network
;; whose heavy steps run on the GPU through the host's `gpu` module.
;;
;; The network (trained by samples/train_digits.py, weights in digits_mlp.bin):
;;   x      = pixels / 16                 64 inputs: an 8x8 image, pixels 0..16
;;   hidden = relu(x @ W1 + b1)           W1 is 64 x 32
;;   probs  = softmax(hidden @ W2 + b2)   W2 is 32 x 10: one probability per digit
;;
;; Who does what:
;; - the host (playground/demos/digits_guest.py) writes the weights once into
;;   this memory at the addresses exported below, then, per image, the 64
;;   pixels at `pixels` and calls `classify`;
;; - the guest converts the pixels to floats itself (plain Wasm), then asks the
;;   GPU for every matrix and vector step, passing byte addresses into its own
;;   memory; the results come back into the same memory;
;; - `classify` returns the most likely digit; the host reads all ten
;;   probabilities at `probs`.
(module
  ;; The host functions (see playground/gpu/hostmod.py). Every pointer is a byte
  ;; address in this module's memory; every array is f32, row-major.
  (import "gpu" "matmul"  (func $matmul  (param $a i32) (param $b i32) (param $c i32)
                                         (param $m i32) (param $n i32) (param $k i32)))
  (import "gpu" "add"     (func $add     (param $a i32) (param $b i32) (param $out i32) (param $n i32)))
  (import "gpu" "relu"    (func $relu    (param $x i32) (param $out i32) (param $n i32)))
  (import "gpu" "softmax" (func $softmax (param $x i32) (param $out i32) (param $rows i32) (param $cols i32)))

  ;; One 64 KiB page holds everything:
  ;;   0      pixels  64 x u8      the input image, written by the host
  ;;   64     x       64 x f32     the scaled pixels
  ;;   320    hidden  32 x f32
  ;;   448    logits  10 x f32
  ;;   512    probs   10 x f32     the answer, read by the host
  ;;   1024   W1      64 x 32 f32  weights and biases, written once by the host
  ;;   9216   b1      32 f32
  ;;   9344   W2      32 x 10 f32
  ;;   10624  b2      10 f32
  (memory (export "memory") 1)

  ;; The layout, exported so the host never hard-codes an address.
  (global (export "pixels") i32 (i32.const 0))
  (global $x i32 (i32.const 64))
  (global $hidden i32 (i32.const 320))
  (global $logits i32 (i32.const 448))
  (global (export "probs") i32 (i32.const 512))
  (global (export "w1") i32 (i32.const 1024))
  (global (export "b1") i32 (i32.const 9216))
  (global (export "w2") i32 (i32.const 9344))
  (global (export "b2") i32 (i32.const 10624))
  ;; The sizes of the layers, which the host checks against the weights file.
  (global (export "n_inputs") i32 (i32.const 64))
  (global (export "n_hidden") i32 (i32.const 32))
  (global (export "n_outputs") i32 (i32.const 10))

  ;; Pixels (u8, 0..16) -> floats in 0..1. Multiplying by 1/16 = 0.0625 is exact
  ;; in f32 (a power of two), so it equals numpy's division by 16.
  (func $preprocess
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (i32.const 64)))
        (f32.store
          (i32.add (global.get $x) (i32.shl (local.get $i) (i32.const 2)))
          (f32.mul (f32.convert_i32_u (i32.load8_u (local.get $i))) (f32.const 0.0625)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  ;; The index of the largest of the ten probabilities (the first one on a tie).
  (func $argmax (result i32)
    (local $i i32) (local $best i32) (local $best_p f32) (local $p f32)
    (local.set $best_p (f32.load (i32.const 512)))
    (local.set $i (i32.const 1))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (i32.const 10)))
        (local.set $p (f32.load (i32.add (i32.const 512) (i32.shl (local.get $i) (i32.const 2)))))
        (if (f32.gt (local.get $p) (local.get $best_p))
          (then (local.set $best (local.get $i)) (local.set $best_p (local.get $p))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $best))

  ;; classify() -> digit 0..9, with the probabilities left at `probs`.
  (func (export "classify") (result i32)
    (call $preprocess)
    ;; hidden = relu(x @ W1 + b1): a 1x64 row times a 64x32 matrix
    (call $matmul (global.get $x) (i32.const 1024) (global.get $hidden)
                  (i32.const 1) (i32.const 32) (i32.const 64))
    (call $add (global.get $hidden) (i32.const 9216) (global.get $hidden) (i32.const 32))
    (call $relu (global.get $hidden) (global.get $hidden) (i32.const 32))
    ;; logits = hidden @ W2 + b2: a 1x32 row times a 32x10 matrix
    (call $matmul (global.get $hidden) (i32.const 9344) (global.get $logits)
                  (i32.const 1) (i32.const 10) (i32.const 32))
    (call $add (global.get $logits) (i32.const 10624) (global.get $logits) (i32.const 10))
    ;; probs = softmax(logits): one row of ten
    (call $softmax (global.get $logits) (i32.const 512) (i32.const 1) (i32.const 10))
    (call $argmax)))
