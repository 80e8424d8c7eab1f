;; Indirect calls: pick add, sub or mul through a function table by index.
(module
  (type $binop (func (param i32 i32) (result i32)))

  (func $add (type $binop) (i32.add (local.get 0) (local.get 1)))
  (func $sub (type $binop) (i32.sub (local.get 0) (local.get 1)))
  (func $mul (type $binop) (i32.mul (local.get 0) (local.get 1)))

  ;; A table of three function references, filled by the element segment: 0 add, 1 sub, 2 mul.
  (table 3 funcref)
  (elem (i32.const 0) $add $sub $mul)

  ;; call_indirect checks the callee's type at run time; a bad index traps.
  (func (export "dispatch") (param $op i32) (param $a i32) (param $b i32) (result i32)
    (call_indirect (type $binop) (local.get $a) (local.get $b) (local.get $op))))
