;; Bulk memory: memory.fill, memory.copy, and memory.init from a passive segment.
(module
  (memory (export "memory") 1)

  ;; A passive segment is not copied at instantiation; memory.init copies it on demand.
  (data $greeting "bulk memory!")

  ;; fill(dest, value, len): set len bytes to value
  (func (export "fill") (param $dest i32) (param $value i32) (param $len i32)
    (memory.fill (local.get $dest) (local.get $value) (local.get $len)))

  ;; copy(dest, src, len): overlapping ranges are handled like memmove
  (func (export "copy") (param $dest i32) (param $src i32) (param $len i32)
    (memory.copy (local.get $dest) (local.get $src) (local.get $len)))

  ;; init(dest): copy the 12 bytes of $greeting to dest
  (func (export "init") (param $dest i32)
    (memory.init $greeting (local.get $dest) (i32.const 0) (i32.const 12)))

  ;; drop: after data.drop, memory.init of a non-empty range traps
  (func (export "drop")
    (data.drop $greeting)))
