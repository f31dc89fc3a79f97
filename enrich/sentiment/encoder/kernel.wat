;; The encoder's hot loops, in WebAssembly with 128-bit SIMD (4 float32 lanes): the matrix product
;; and the per-token glue around it, so a sentence crosses from JavaScript a dozen times, not per
;; value. Rebuild kernel.ts after an edit: node scripts/encoder-kernel.mjs (needs wabt 1.0.39:
;; npm install --no-save wabt@1.0.39). All addresses are in bytes; widths n are multiples of 4.
(module
  (import "env" "memory" (memory 1))

  ;; y[t] += x[t] · W for t < count: row t of x at xp + t*xs (k values), of y at yp + t*ys (n
  ;; values); W row-major k × n at wp. W is read in panels of 16 rows (16 × n values, contiguous,
  ;; so a weight matrix that is not in cache streams from memory in order, as a one-row product
  ;; needs). Within a panel, register tiles of 2 rows × 16 columns: eight accumulators stay in
  ;; registers over the panel's rows and y is read and written once per tile, so the inner loop is
  ;; 2 broadcast loads, 4 loads of W, 8 multiplies and 8 adds for 32 multiply-adds. Columns past
  ;; the last multiple of 16 are done 4 at a time, one row at a time.
  ;; Panels of 16 rows: measured against 8, 32, 64 and 256 on a 1,280 × 512 one-row product with W
  ;; out of cache (235 µs against 310 for row-by-row streaming, 540 for 256-row panels) and on 27 rows
  ;; with W in cache (the same 17-18 G multiply-adds/s as the others).
  (func (export "mulAdd")
    (param $xp i32) (param $xs i32) (param $count i32) (param $wp i32) (param $k i32) (param $n i32) (param $yp i32) (param $ys i32)
    (local $k0 i32) (local $kc i32)
    (block $done
      (loop $panel
        (br_if $done (i32.ge_u (local.get $k0) (local.get $k)))
        (local.set $kc (i32.sub (local.get $k) (local.get $k0)))
        (if (i32.gt_u (local.get $kc) (i32.const 16)) (then (local.set $kc (i32.const 16))))
        (call $panel
          (i32.add (local.get $xp) (i32.shl (local.get $k0) (i32.const 2))) (local.get $xs) (local.get $count)
          (i32.add (local.get $wp) (i32.mul (local.get $k0) (i32.shl (local.get $n) (i32.const 2))))
          (local.get $kc) (local.get $n) (local.get $yp) (local.get $ys))
        (local.set $k0 (i32.add (local.get $k0) (local.get $kc)))
        (br $panel))))

  (func $panel
    (param $xp i32) (param $xs i32) (param $count i32) (param $wp i32) (param $k i32) (param $n i32) (param $yp i32) (param $ys i32)
    (local $nb i32) (local $kb i32) (local $j i32) (local $t i32) (local $r i32)
    (local $x0 i32) (local $x1 i32) (local $w i32) (local $y i32)
    (local $a v128) (local $b v128) (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
    (local $d0 v128) (local $d1 v128) (local $d2 v128) (local $d3 v128)
    (local.set $nb (i32.shl (local.get $n) (i32.const 2)))
    (local.set $kb (i32.shl (local.get $k) (i32.const 2)))
    (block $jdone
      (loop $jloop
        (br_if $jdone (i32.gt_u (i32.add (local.get $j) (i32.const 64)) (local.get $nb)))
        (local.set $t (i32.const 0))
        (block $pdone
          (loop $ploop
            (br_if $pdone (i32.ge_u (i32.add (local.get $t) (i32.const 1)) (local.get $count)))
            (local.set $x0 (i32.add (local.get $xp) (i32.mul (local.get $t) (local.get $xs))))
            (local.set $x1 (i32.add (local.get $x0) (local.get $xs)))
            (local.set $w (i32.add (local.get $wp) (local.get $j)))
            (local.set $c0 (v128.const i32x4 0 0 0 0)) (local.set $c1 (v128.const i32x4 0 0 0 0))
            (local.set $c2 (v128.const i32x4 0 0 0 0)) (local.set $c3 (v128.const i32x4 0 0 0 0))
            (local.set $d0 (v128.const i32x4 0 0 0 0)) (local.set $d1 (v128.const i32x4 0 0 0 0))
            (local.set $d2 (v128.const i32x4 0 0 0 0)) (local.set $d3 (v128.const i32x4 0 0 0 0))
            (local.set $r (i32.const 0))
            (loop $kloop
              (local.set $a (v128.load32_splat (i32.add (local.get $x0) (local.get $r))))
              (local.set $b (v128.load32_splat (i32.add (local.get $x1) (local.get $r))))
              (local.set $v0 (v128.load (local.get $w)))
              (local.set $v1 (v128.load offset=16 (local.get $w)))
              (local.set $v2 (v128.load offset=32 (local.get $w)))
              (local.set $v3 (v128.load offset=48 (local.get $w)))
              (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $a) (local.get $v0))))
              (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $a) (local.get $v1))))
              (local.set $c2 (f32x4.add (local.get $c2) (f32x4.mul (local.get $a) (local.get $v2))))
              (local.set $c3 (f32x4.add (local.get $c3) (f32x4.mul (local.get $a) (local.get $v3))))
              (local.set $d0 (f32x4.add (local.get $d0) (f32x4.mul (local.get $b) (local.get $v0))))
              (local.set $d1 (f32x4.add (local.get $d1) (f32x4.mul (local.get $b) (local.get $v1))))
              (local.set $d2 (f32x4.add (local.get $d2) (f32x4.mul (local.get $b) (local.get $v2))))
              (local.set $d3 (f32x4.add (local.get $d3) (f32x4.mul (local.get $b) (local.get $v3))))
              (local.set $w (i32.add (local.get $w) (local.get $nb)))
              (local.set $r (i32.add (local.get $r) (i32.const 4)))
              (br_if $kloop (i32.lt_u (local.get $r) (local.get $kb))))
            (local.set $y (i32.add (i32.add (local.get $yp) (i32.mul (local.get $t) (local.get $ys))) (local.get $j)))
            (v128.store (local.get $y) (f32x4.add (v128.load (local.get $y)) (local.get $c0)))
            (v128.store offset=16 (local.get $y) (f32x4.add (v128.load offset=16 (local.get $y)) (local.get $c1)))
            (v128.store offset=32 (local.get $y) (f32x4.add (v128.load offset=32 (local.get $y)) (local.get $c2)))
            (v128.store offset=48 (local.get $y) (f32x4.add (v128.load offset=48 (local.get $y)) (local.get $c3)))
            (local.set $y (i32.add (local.get $y) (local.get $ys)))
            (v128.store (local.get $y) (f32x4.add (v128.load (local.get $y)) (local.get $d0)))
            (v128.store offset=16 (local.get $y) (f32x4.add (v128.load offset=16 (local.get $y)) (local.get $d1)))
            (v128.store offset=32 (local.get $y) (f32x4.add (v128.load offset=32 (local.get $y)) (local.get $d2)))
            (v128.store offset=48 (local.get $y) (f32x4.add (v128.load offset=48 (local.get $y)) (local.get $d3)))
            (local.set $t (i32.add (local.get $t) (i32.const 2)))
            (br $ploop)))
        ;; The odd last row.
        (if (i32.lt_u (local.get $t) (local.get $count))
          (then
            (local.set $x0 (i32.add (local.get $xp) (i32.mul (local.get $t) (local.get $xs))))
            (local.set $w (i32.add (local.get $wp) (local.get $j)))
            (local.set $c0 (v128.const i32x4 0 0 0 0)) (local.set $c1 (v128.const i32x4 0 0 0 0))
            (local.set $c2 (v128.const i32x4 0 0 0 0)) (local.set $c3 (v128.const i32x4 0 0 0 0))
            (local.set $r (i32.const 0))
            (loop $kloop1
              (local.set $a (v128.load32_splat (i32.add (local.get $x0) (local.get $r))))
              (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $a) (v128.load (local.get $w)))))
              (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $a) (v128.load offset=16 (local.get $w)))))
              (local.set $c2 (f32x4.add (local.get $c2) (f32x4.mul (local.get $a) (v128.load offset=32 (local.get $w)))))
              (local.set $c3 (f32x4.add (local.get $c3) (f32x4.mul (local.get $a) (v128.load offset=48 (local.get $w)))))
              (local.set $w (i32.add (local.get $w) (local.get $nb)))
              (local.set $r (i32.add (local.get $r) (i32.const 4)))
              (br_if $kloop1 (i32.lt_u (local.get $r) (local.get $kb))))
            (local.set $y (i32.add (i32.add (local.get $yp) (i32.mul (local.get $t) (local.get $ys))) (local.get $j)))
            (v128.store (local.get $y) (f32x4.add (v128.load (local.get $y)) (local.get $c0)))
            (v128.store offset=16 (local.get $y) (f32x4.add (v128.load offset=16 (local.get $y)) (local.get $c1)))
            (v128.store offset=32 (local.get $y) (f32x4.add (v128.load offset=32 (local.get $y)) (local.get $c2)))
            (v128.store offset=48 (local.get $y) (f32x4.add (v128.load offset=48 (local.get $y)) (local.get $c3)))))
        (local.set $j (i32.add (local.get $j) (i32.const 64)))
        (br $jloop)))
    ;; Remaining columns (n not a multiple of 16), 4 at a time.
    (block $rdone
      (loop $rloop
        (br_if $rdone (i32.ge_u (local.get $j) (local.get $nb)))
        (local.set $t (i32.const 0))
        (block $tdone
          (loop $tloop
            (br_if $tdone (i32.ge_u (local.get $t) (local.get $count)))
            (local.set $x0 (i32.add (local.get $xp) (i32.mul (local.get $t) (local.get $xs))))
            (local.set $w (i32.add (local.get $wp) (local.get $j)))
            (local.set $c0 (v128.const i32x4 0 0 0 0))
            (local.set $r (i32.const 0))
            (block $kdone
              (loop $kloop4
                (br_if $kdone (i32.ge_u (local.get $r) (local.get $kb)))
                (local.set $c0 (f32x4.add (local.get $c0)
                  (f32x4.mul (v128.load32_splat (i32.add (local.get $x0) (local.get $r))) (v128.load (local.get $w)))))
                (local.set $w (i32.add (local.get $w) (local.get $nb)))
                (local.set $r (i32.add (local.get $r) (i32.const 4)))
                (br $kloop4)))
            (local.set $y (i32.add (i32.add (local.get $yp) (i32.mul (local.get $t) (local.get $ys))) (local.get $j)))
            (v128.store (local.get $y) (f32x4.add (v128.load (local.get $y)) (local.get $c0)))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $tloop)))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $rloop))))

  ;; Rows of y (count rows of n values, stride ys) set to the vector at bp.
  (func (export "fillRows") (param $yp i32) (param $ys i32) (param $count i32) (param $bp i32) (param $n i32)
    (local $t i32)
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $t) (local.get $count)))
        (memory.copy (i32.add (local.get $yp) (i32.mul (local.get $t) (local.get $ys))) (local.get $bp) (i32.shl (local.get $n) (i32.const 2)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $loop))))

  ;; y[t] = ReLU(y[t]) + h[t] for t < count (rows of n values, strides ys and hs).
  (func (export "reluAdd") (param $yp i32) (param $ys i32) (param $hp i32) (param $hs i32) (param $count i32) (param $n i32)
    (local $t i32) (local $q i32) (local $nb i32) (local $y i32) (local $h i32)
    (local.set $nb (i32.shl (local.get $n) (i32.const 2)))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $t) (local.get $count)))
        (local.set $y (i32.add (local.get $yp) (i32.mul (local.get $t) (local.get $ys))))
        (local.set $h (i32.add (local.get $hp) (i32.mul (local.get $t) (local.get $hs))))
        (local.set $q (i32.const 0))
        (loop $qloop
          (v128.store (i32.add (local.get $y) (local.get $q))
            (f32x4.add
              (f32x4.max (v128.load (i32.add (local.get $y) (local.get $q))) (v128.const i32x4 0 0 0 0))
              (v128.load (i32.add (local.get $h) (local.get $q)))))
          (local.set $q (i32.add (local.get $q) (i32.const 16)))
          (br_if $qloop (i32.lt_u (local.get $q) (local.get $nb))))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $loop))))

  ;; The first n-gram convolution of a sentence from the per-token cache: for t < count,
  ;;   h[t] = ReLU(b + Σ_{j < order, 0 ≤ t-left+j < count} P[slot[t-left+j]] at po + j*n) + X[slot[t]] at xo,
  ;; where slot[] (i32) is at sp, cache rows of P are ps bytes apart from pp, of X xs bytes from
  ;; xp; h rows of n values, hs bytes apart; b at bp.
  (func (export "firstConv")
    (param $hp i32) (param $hs i32) (param $count i32) (param $sp i32) (param $order i32) (param $left i32)
    (param $pp i32) (param $ps i32) (param $po i32) (param $xp i32) (param $xs i32) (param $xo i32) (param $bp i32) (param $n i32)
    (local $t i32) (local $j i32) (local $src i32) (local $q i32) (local $nb i32) (local $h i32) (local $p i32) (local $x i32)
    (local.set $nb (i32.shl (local.get $n) (i32.const 2)))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $t) (local.get $count)))
        (local.set $h (i32.add (local.get $hp) (i32.mul (local.get $t) (local.get $hs))))
        (memory.copy (local.get $h) (local.get $bp) (local.get $nb))
        (local.set $j (i32.const 0))
        (block $jdone
          (loop $jloop
            (br_if $jdone (i32.ge_u (local.get $j) (local.get $order)))
            (local.set $src (i32.add (i32.sub (local.get $t) (local.get $left)) (local.get $j)))
            ;; Unsigned compare: a negative source is also out of range.
            (if (i32.lt_u (local.get $src) (local.get $count))
              (then
                (local.set $p (i32.add
                  (i32.add (local.get $pp) (i32.mul (i32.load (i32.add (local.get $sp) (i32.shl (local.get $src) (i32.const 2)))) (local.get $ps)))
                  (i32.add (local.get $po) (i32.mul (local.get $j) (local.get $nb)))))
                (local.set $q (i32.const 0))
                (loop $qloop
                  (v128.store (i32.add (local.get $h) (local.get $q))
                    (f32x4.add (v128.load (i32.add (local.get $h) (local.get $q))) (v128.load (i32.add (local.get $p) (local.get $q)))))
                  (local.set $q (i32.add (local.get $q) (i32.const 16)))
                  (br_if $qloop (i32.lt_u (local.get $q) (local.get $nb))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $jloop)))
        (local.set $x (i32.add
          (i32.add (local.get $xp) (i32.mul (i32.load (i32.add (local.get $sp) (i32.shl (local.get $t) (i32.const 2)))) (local.get $xs)))
          (local.get $xo)))
        (local.set $q (i32.const 0))
        (loop $rloop
          (v128.store (i32.add (local.get $h) (local.get $q))
            (f32x4.add
              (f32x4.max (v128.load (i32.add (local.get $h) (local.get $q))) (v128.const i32x4 0 0 0 0))
              (v128.load (i32.add (local.get $x) (local.get $q)))))
          (local.set $q (i32.add (local.get $q) (i32.const 16)))
          (br_if $rloop (i32.lt_u (local.get $q) (local.get $nb))))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $loop))))

  ;; Rows copied from the cache: dst row t (ds bytes apart) = n values of cache row slot[t]
  ;; (cache rows cs bytes apart from cp), for t < count.
  (func (export "gatherRows") (param $dp i32) (param $ds i32) (param $count i32) (param $sp i32) (param $cp i32) (param $cs i32) (param $n i32)
    (local $t i32)
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $t) (local.get $count)))
        (memory.copy
          (i32.add (local.get $dp) (i32.mul (local.get $t) (local.get $ds)))
          (i32.add (local.get $cp) (i32.mul (i32.load (i32.add (local.get $sp) (i32.shl (local.get $t) (i32.const 2)))) (local.get $cs)))
          (i32.shl (local.get $n) (i32.const 2)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $loop))))

  ;; Mean and 1/√(variance + eps) of n values at p (two passes, as the reference).
  (func $stats (param $p i32) (param $n i32) (param $eps f32) (result f32 f32)
    (local $q i32) (local $nb i32) (local $s v128) (local $d v128) (local $mean f32) (local $m v128)
    (local.set $nb (i32.shl (local.get $n) (i32.const 2)))
    (local.set $s (v128.const i32x4 0 0 0 0))
    (loop $sum
      (local.set $s (f32x4.add (local.get $s) (v128.load (i32.add (local.get $p) (local.get $q)))))
      (local.set $q (i32.add (local.get $q) (i32.const 16)))
      (br_if $sum (i32.lt_u (local.get $q) (local.get $nb))))
    (local.set $mean (f32.div
      (f32.add
        (f32.add (f32x4.extract_lane 0 (local.get $s)) (f32x4.extract_lane 1 (local.get $s)))
        (f32.add (f32x4.extract_lane 2 (local.get $s)) (f32x4.extract_lane 3 (local.get $s))))
      (f32.convert_i32_u (local.get $n))))
    (local.set $m (f32x4.splat (local.get $mean)))
    (local.set $s (v128.const i32x4 0 0 0 0))
    (local.set $q (i32.const 0))
    (loop $sq
      (local.set $d (f32x4.sub (v128.load (i32.add (local.get $p) (local.get $q))) (local.get $m)))
      (local.set $s (f32x4.add (local.get $s) (f32x4.mul (local.get $d) (local.get $d))))
      (local.set $q (i32.add (local.get $q) (i32.const 16)))
      (br_if $sq (i32.lt_u (local.get $q) (local.get $nb))))
    (local.get $mean)
    (f32.div (f32.const 1)
      (f32.sqrt (f32.add
        (f32.div
          (f32.add
            (f32.add (f32x4.extract_lane 0 (local.get $s)) (f32x4.extract_lane 1 (local.get $s)))
            (f32.add (f32x4.extract_lane 2 (local.get $s)) (f32x4.extract_lane 3 (local.get $s))))
          (f32.convert_i32_u (local.get $n)))
        (local.get $eps)))))

  ;; Layer normalisation of count rows of n values (stride xs) with gain g and bias b (at gp, bp).
  ;; sump = 0: each row in place; otherwise the normalised rows are not stored but added to the
  ;; n values at sump (the sum over tokens the network needs next).
  (func (export "layerNorm") (param $xp i32) (param $xs i32) (param $count i32) (param $n i32) (param $gp i32) (param $bp i32) (param $eps f32) (param $sump i32)
    (local $t i32) (local $q i32) (local $nb i32) (local $x i32) (local $m v128) (local $inv v128) (local $v v128) (local $mean f32) (local $i f32)
    (local.set $nb (i32.shl (local.get $n) (i32.const 2)))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $t) (local.get $count)))
        (local.set $x (i32.add (local.get $xp) (i32.mul (local.get $t) (local.get $xs))))
        (call $stats (local.get $x) (local.get $n) (local.get $eps))
        (local.set $i)
        (local.set $mean)
        (local.set $m (f32x4.splat (local.get $mean)))
        (local.set $inv (f32x4.splat (local.get $i)))
        (local.set $q (i32.const 0))
        (loop $qloop
          (local.set $v (f32x4.add
            (f32x4.mul
              (f32x4.mul (f32x4.sub (v128.load (i32.add (local.get $x) (local.get $q))) (local.get $m)) (local.get $inv))
              (v128.load (i32.add (local.get $gp) (local.get $q))))
            (v128.load (i32.add (local.get $bp) (local.get $q)))))
          (if (local.get $sump)
            (then (v128.store (i32.add (local.get $sump) (local.get $q))
              (f32x4.add (v128.load (i32.add (local.get $sump) (local.get $q))) (local.get $v))))
            (else (v128.store (i32.add (local.get $x) (local.get $q)) (local.get $v))))
          (local.set $q (i32.add (local.get $q) (i32.const 16)))
          (br_if $qloop (i32.lt_u (local.get $q) (local.get $nb))))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $loop))))
)
