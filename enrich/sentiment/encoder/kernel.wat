;; The encoder's one hot loop, in WebAssembly with 128-bit SIMD (4 float32 lanes).
;; Rebuild kernel.ts after an edit: node scripts/encoder-kernel.mjs (needs wabt 1.0.39:
;; npm install --no-save wabt@1.0.39).
(module
  (import "env" "memory" (memory 1))
  ;; y[t] += x[t] · W for t < count. Addresses in bytes: row t of x at xp + t*xs, of y at yp + t*ys;
  ;; W is row-major k × n float32 at wp. k and n are multiples of 4. Four rows of W per pass, so
  ;; each y vector is loaded and stored once per 16 multiply-adds; two rows of x at a time, then
  ;; the odd last one.
  (func (export "mulAdd")
    (param $xp i32) (param $xs i32) (param $count i32) (param $wp i32) (param $k i32) (param $n i32) (param $yp i32) (param $ys i32)
    (local $r i32) (local $t i32) (local $j i32) (local $nb i32)
    (local $w0 i32) (local $w1 i32) (local $w2 i32) (local $w3 i32) (local $xo i32) (local $yo i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $yo2 i32)
    (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local.set $nb (i32.shl (local.get $n) (i32.const 2)))
    (block $rdone
      (loop $rloop
        (br_if $rdone (i32.ge_u (local.get $r) (local.get $k)))
        (local.set $w0 (i32.add (local.get $wp) (i32.mul (local.get $r) (local.get $nb))))
        (local.set $w1 (i32.add (local.get $w0) (local.get $nb)))
        (local.set $w2 (i32.add (local.get $w1) (local.get $nb)))
        (local.set $w3 (i32.add (local.get $w2) (local.get $nb)))
        (local.set $t (i32.const 0))
        ;; Two rows of y per pass: each W vector loaded once feeds 8 multiply-adds.
        (block $pdone
          (loop $ploop
            (br_if $pdone (i32.ge_u (i32.add (local.get $t) (i32.const 1)) (local.get $count)))
            (local.set $xo (i32.add (i32.add (local.get $xp) (i32.mul (local.get $t) (local.get $xs))) (i32.shl (local.get $r) (i32.const 2))))
            (local.set $a0 (f32x4.splat (f32.load (local.get $xo))))
            (local.set $a1 (f32x4.splat (f32.load offset=4 (local.get $xo))))
            (local.set $a2 (f32x4.splat (f32.load offset=8 (local.get $xo))))
            (local.set $a3 (f32x4.splat (f32.load offset=12 (local.get $xo))))
            (local.set $xo (i32.add (local.get $xo) (local.get $xs)))
            (local.set $b0 (f32x4.splat (f32.load (local.get $xo))))
            (local.set $b1 (f32x4.splat (f32.load offset=4 (local.get $xo))))
            (local.set $b2 (f32x4.splat (f32.load offset=8 (local.get $xo))))
            (local.set $b3 (f32x4.splat (f32.load offset=12 (local.get $xo))))
            (local.set $yo (i32.add (local.get $yp) (i32.mul (local.get $t) (local.get $ys))))
            (local.set $yo2 (i32.add (local.get $yo) (local.get $ys)))
            (local.set $j (i32.const 0))
            (loop $jloop2
              (local.set $v0 (v128.load (i32.add (local.get $w0) (local.get $j))))
              (local.set $v1 (v128.load (i32.add (local.get $w1) (local.get $j))))
              (local.set $v2 (v128.load (i32.add (local.get $w2) (local.get $j))))
              (local.set $v3 (v128.load (i32.add (local.get $w3) (local.get $j))))
              (v128.store (i32.add (local.get $yo) (local.get $j))
                (f32x4.add
                  (f32x4.add
                    (v128.load (i32.add (local.get $yo) (local.get $j)))
                    (f32x4.mul (local.get $a0) (local.get $v0)))
                  (f32x4.add
                    (f32x4.mul (local.get $a1) (local.get $v1))
                    (f32x4.add (f32x4.mul (local.get $a2) (local.get $v2)) (f32x4.mul (local.get $a3) (local.get $v3))))))
              (v128.store (i32.add (local.get $yo2) (local.get $j))
                (f32x4.add
                  (f32x4.add
                    (v128.load (i32.add (local.get $yo2) (local.get $j)))
                    (f32x4.mul (local.get $b0) (local.get $v0)))
                  (f32x4.add
                    (f32x4.mul (local.get $b1) (local.get $v1))
                    (f32x4.add (f32x4.mul (local.get $b2) (local.get $v2)) (f32x4.mul (local.get $b3) (local.get $v3))))))
              (local.set $j (i32.add (local.get $j) (i32.const 16)))
              (br_if $jloop2 (i32.lt_u (local.get $j) (local.get $nb))))
            (local.set $t (i32.add (local.get $t) (i32.const 2)))
            (br $ploop)))
        (block $tdone
          (loop $tloop
            (br_if $tdone (i32.ge_u (local.get $t) (local.get $count)))
            (local.set $xo (i32.add (i32.add (local.get $xp) (i32.mul (local.get $t) (local.get $xs))) (i32.shl (local.get $r) (i32.const 2))))
            (local.set $a0 (f32x4.splat (f32.load (local.get $xo))))
            (local.set $a1 (f32x4.splat (f32.load offset=4 (local.get $xo))))
            (local.set $a2 (f32x4.splat (f32.load offset=8 (local.get $xo))))
            (local.set $a3 (f32x4.splat (f32.load offset=12 (local.get $xo))))
            (local.set $yo (i32.add (local.get $yp) (i32.mul (local.get $t) (local.get $ys))))
            (local.set $j (i32.const 0))
            (loop $jloop
              (v128.store (i32.add (local.get $yo) (local.get $j))
                (f32x4.add
                  (f32x4.add
                    (v128.load (i32.add (local.get $yo) (local.get $j)))
                    (f32x4.mul (local.get $a0) (v128.load (i32.add (local.get $w0) (local.get $j)))))
                  (f32x4.add
                    (f32x4.mul (local.get $a1) (v128.load (i32.add (local.get $w1) (local.get $j))))
                    (f32x4.add
                      (f32x4.mul (local.get $a2) (v128.load (i32.add (local.get $w2) (local.get $j))))
                      (f32x4.mul (local.get $a3) (v128.load (i32.add (local.get $w3) (local.get $j))))))))
              (local.set $j (i32.add (local.get $j) (i32.const 16)))
              (br_if $jloop (i32.lt_u (local.get $j) (local.get $nb))))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $tloop)))
        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (br $rloop))))
)
