;; Multiple memories (WebAssembly 3.0): copy bytes from one memory to another.
;; Every memory instruction may name its memory: `i32.load8_u $upper`, `memory.copy $upper $text`
;; (destination first). Memory 0 stays the default, so 2.0 code reads as before. Run `shout`
;; in the debugger and pick each memory in the memory view: $text keeps the original, $upper
;; receives the copy and is shouted in place.
(module
  (memory $text (export "text") 1)
  (memory $upper (export "upper") 1)
  (data (memory $text) (i32.const 0) "hello, two memories")

  ;; shout(n): copy n bytes of $text to $upper, make its letters capitals; how many changed
  (func (export "shout") (param $n i32) (result i32)
    (local $i i32) (local $byte i32) (local $changed i32)
    (memory.copy $upper $text (i32.const 0) (i32.const 0) (local.get $n))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $byte (i32.load8_u $upper (local.get $i)))
        (if (i32.and (i32.ge_u (local.get $byte) (i32.const 0x61))   ;; 'a'
                     (i32.le_u (local.get $byte) (i32.const 0x7a)))  ;; 'z'
          (then
            (i32.store8 $upper (local.get $i) (i32.sub (local.get $byte) (i32.const 0x20)))
            (local.set $changed (i32.add (local.get $changed) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $changed))

  ;; one byte of either memory
  (func (export "text_at") (param i32) (result i32) (i32.load8_u $text (local.get 0)))
  (func (export "upper_at") (param i32) (result i32) (i32.load8_u $upper (local.get 0)))

  ;; each memory has its own size: grow $upper only, then both sizes in pages (text * 10 + upper)
  (func (export "sizes") (result i32)
    (drop (memory.grow $upper (i32.const 2)))
    (i32.add (i32.mul (memory.size $text) (i32.const 10)) (memory.size $upper))))
