;; Hello, WebAssembly: a string in a data segment, printed by the host.
(module
  ;; The host reads len bytes at ptr from the exported memory and prints them.
  (import "env" "print" (func $print (param i32 i32)))
  (memory (export "memory") 1)

  ;; An active data segment: copied to address 16 when the module is instantiated.
  (data (i32.const 16) "Hello, WebAssembly!")

  (func (export "main")
    (call $print (i32.const 16) (i32.const 19))))
