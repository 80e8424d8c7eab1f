;; Garbage collection (WebAssembly 3.0): a linked list of structs, built, summed and reversed in place.
;; A `struct` type declares fields; `struct.new` allocates one on the engine's heap and
;; pushes a reference to it. Nothing is freed by hand: once no reference is left, the
;; collector reclaims it. `(ref null $node)` may be null (the end of the list); `(ref $node)`
;; may not. Step through `sum` in the debugger and watch the references on the stack.
(module
  ;; A node holds a value and the rest of the list. `$next` is mutable, so that
  ;; `reverse` can relink the nodes where they are.
  (type $node (struct (field $value i32) (field $next (mut (ref null $node)))))

  ;; build(n): the list 1, 2, ..., n. Each new node points at the list built so far.
  (func $build (export "build") (param $n i32) (result (ref null $node))
    (local $list (ref null $node))  ;; starts as null: the empty list
    (block $done
      (loop $more
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $list (struct.new $node (local.get $n) (local.get $list)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $more)))
    (local.get $list))

  ;; sum(list): the values added up. `br_on_null` leaves the loop at the end of the
  ;; list; otherwise the reference stays on the stack, now typed non-null.
  (func $sum (export "sum") (param $list (ref null $node)) (result i32)
    (local $total i32)
    (block $end
      (loop $walk
        (local.set $total
          (i32.add (local.get $total)
                   (struct.get $node $value (br_on_null $end (local.get $list)))))
        (local.set $list (struct.get $node $next (local.get $list)))
        (br $walk)))
    (local.get $total))

  ;; reverse(list): turn every `$next` around; returns the old last node, now the first.
  ;; `$here` is a non-nullable local: the validator checks it is set before it is read.
  (func $reverse (export "reverse") (param $list (ref null $node)) (result (ref null $node))
    (local $done (ref null $node))
    (local $here (ref $node))
    (block $end
      (loop $walk
        (local.set $here (br_on_null $end (local.get $list)))
        (local.set $list (struct.get $node $next (local.get $here)))
        (struct.set $node $next (local.get $here) (local.get $done))
        (local.set $done (local.get $here))
        (br $walk)))
    (local.get $done))

  ;; first(list): the first value; reading a field through null traps.
  (func $first (export "first") (param $list (ref null $node)) (result i32)
    (struct.get $node $value (local.get $list)))

  ;; demo(): sum of 1..100 (5050) plus the first value of 1..5 reversed (5)
  (func (export "demo") (result i32)
    (i32.add
      (call $sum (call $build (i32.const 100)))
      (call $first (call $reverse (call $build (i32.const 5)))))))
