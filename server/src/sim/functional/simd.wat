;; The functional model's WebAssembly SIMD kernels (see simd.ts, which loads them, and docs/functional.md).
;; Compiled at build time by scripts/wasm.mjs (wabt) into simd.wasm.ts; edit this file, then `npm run build`.
;; Pointers are byte offsets into the module's own memory; sizes are padded by the caller (simd.ts).
(module
  ;; gemm(a, m, b, n, d, out, scale): out[i*n + j] = scale * sum_c a[i*d + c] * b[j*d + c], float32.
  ;; The prediction's A^ = Q' K^^T: m a multiple of 2, n a multiple of 4, d a multiple of 8.
  ;; Each step takes 2 query rows x 4 keys: 8 accumulators + 2 query vectors + 1 key vector fit x86-64's
  ;; 16 vector registers (2 rows measured fastest against 1, 3 and 4).
  (func $gemm (export "gemm")
    (param $a i32) (param $m i32) (param $b i32) (param $n i32) (param $d i32) (param $out i32) (param $scale f32)
    (local $i i32) (local $j i32) (local $c i32)                         ;; query row, key, byte offset along d
    (local $rowB i32) (local $dB i32)                                    ;; bytes of one output row, of one input row
    (local $pa0 i32) (local $pa1 i32)                                    ;; the two query rows
    (local $pb0 i32) (local $pb1 i32) (local $pb2 i32) (local $pb3 i32)  ;; the four key rows
    (local $acc00 v128) (local $acc01 v128) (local $acc02 v128) (local $acc03 v128)   ;; query row i, keys j..j+3
    (local $acc10 v128) (local $acc11 v128) (local $acc12 v128) (local $acc13 v128)   ;; query row i + 1
    (local $x0 v128) (local $x1 v128) (local $y v128)
    (local.set $dB (i32.shl (local.get $d) (i32.const 2)))
    (local.set $rowB (i32.shl (local.get $n) (i32.const 2)))
    (local.set $i (i32.const 0))
    (block $rows_done (loop $rows
      (br_if $rows_done (i32.ge_s (local.get $i) (local.get $m)))
      (local.set $pa0 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $dB))))
      (local.set $pa1 (i32.add (local.get $pa0) (local.get $dB)))
      (local.set $j (i32.const 0))
      (block $keys_done (loop $keys
        (br_if $keys_done (i32.ge_s (local.get $j) (local.get $n)))
        ;; the four key rows j .. j + 3, one after another
        local.get $b  local.get $j  local.get $dB  i32.mul  i32.add
        local.tee $pb0  local.get $dB  i32.add
        local.tee $pb1  local.get $dB  i32.add
        local.tee $pb2  local.get $dB  i32.add
        local.set $pb3
        (local.set $acc00 (v128.const i32x4 0 0 0 0))
        (local.set $acc01 (v128.const i32x4 0 0 0 0))
        (local.set $acc02 (v128.const i32x4 0 0 0 0))
        (local.set $acc03 (v128.const i32x4 0 0 0 0))
        (local.set $acc10 (v128.const i32x4 0 0 0 0))
        (local.set $acc11 (v128.const i32x4 0 0 0 0))
        (local.set $acc12 (v128.const i32x4 0 0 0 0))
        (local.set $acc13 (v128.const i32x4 0 0 0 0))
        (local.set $c (i32.const 0))
        ;; two 4-lane steps per iteration (d padded to a multiple of 8): half the loop overhead
        (block $dot_done (loop $dot
          (br_if $dot_done (i32.ge_s (local.get $c) (local.get $dB)))
          ;; lanes [c + 0, c + 4): the two query rows, then each key row against both
          (local.set $x0 (v128.load (i32.add (local.get $pa0) (local.get $c))))
          (local.set $x1 (v128.load (i32.add (local.get $pa1) (local.get $c))))
          (local.set $y (v128.load (i32.add (local.get $pb0) (local.get $c))))
          (local.set $acc00 (f32x4.add (local.get $acc00) (f32x4.mul (local.get $x0) (local.get $y))))
          (local.set $acc10 (f32x4.add (local.get $acc10) (f32x4.mul (local.get $x1) (local.get $y))))
          (local.set $y (v128.load (i32.add (local.get $pb1) (local.get $c))))
          (local.set $acc01 (f32x4.add (local.get $acc01) (f32x4.mul (local.get $x0) (local.get $y))))
          (local.set $acc11 (f32x4.add (local.get $acc11) (f32x4.mul (local.get $x1) (local.get $y))))
          (local.set $y (v128.load (i32.add (local.get $pb2) (local.get $c))))
          (local.set $acc02 (f32x4.add (local.get $acc02) (f32x4.mul (local.get $x0) (local.get $y))))
          (local.set $acc12 (f32x4.add (local.get $acc12) (f32x4.mul (local.get $x1) (local.get $y))))
          (local.set $y (v128.load (i32.add (local.get $pb3) (local.get $c))))
          (local.set $acc03 (f32x4.add (local.get $acc03) (f32x4.mul (local.get $x0) (local.get $y))))
          (local.set $acc13 (f32x4.add (local.get $acc13) (f32x4.mul (local.get $x1) (local.get $y))))
          ;; lanes [c + 4, c + 8): the two query rows, then each key row against both
          (local.set $x0 (v128.load offset=16 (i32.add (local.get $pa0) (local.get $c))))
          (local.set $x1 (v128.load offset=16 (i32.add (local.get $pa1) (local.get $c))))
          (local.set $y (v128.load offset=16 (i32.add (local.get $pb0) (local.get $c))))
          (local.set $acc00 (f32x4.add (local.get $acc00) (f32x4.mul (local.get $x0) (local.get $y))))
          (local.set $acc10 (f32x4.add (local.get $acc10) (f32x4.mul (local.get $x1) (local.get $y))))
          (local.set $y (v128.load offset=16 (i32.add (local.get $pb1) (local.get $c))))
          (local.set $acc01 (f32x4.add (local.get $acc01) (f32x4.mul (local.get $x0) (local.get $y))))
          (local.set $acc11 (f32x4.add (local.get $acc11) (f32x4.mul (local.get $x1) (local.get $y))))
          (local.set $y (v128.load offset=16 (i32.add (local.get $pb2) (local.get $c))))
          (local.set $acc02 (f32x4.add (local.get $acc02) (f32x4.mul (local.get $x0) (local.get $y))))
          (local.set $acc12 (f32x4.add (local.get $acc12) (f32x4.mul (local.get $x1) (local.get $y))))
          (local.set $y (v128.load offset=16 (i32.add (local.get $pb3) (local.get $c))))
          (local.set $acc03 (f32x4.add (local.get $acc03) (f32x4.mul (local.get $x0) (local.get $y))))
          (local.set $acc13 (f32x4.add (local.get $acc13) (f32x4.mul (local.get $x1) (local.get $y))))
          (local.set $c (i32.add (local.get $c) (i32.const 32)))
          (br $dot)))
        ;; out[(i + r) * n + j + k] = scale * (horizontal sum of acc r k)
        (f32.store (i32.add (i32.add (local.get $out) (i32.mul (local.get $i) (local.get $rowB)))
                            (i32.shl (local.get $j) (i32.const 2)))
                   (f32.mul (f32.add (f32.add (f32x4.extract_lane 0 (local.get $acc00)) (f32x4.extract_lane 1 (local.get $acc00)))
                                     (f32.add (f32x4.extract_lane 2 (local.get $acc00)) (f32x4.extract_lane 3 (local.get $acc00))))
                            (local.get $scale)))
        (f32.store (i32.add (i32.add (local.get $out) (i32.mul (local.get $i) (local.get $rowB)))
                            (i32.shl (i32.add (local.get $j) (i32.const 1)) (i32.const 2)))
                   (f32.mul (f32.add (f32.add (f32x4.extract_lane 0 (local.get $acc01)) (f32x4.extract_lane 1 (local.get $acc01)))
                                     (f32.add (f32x4.extract_lane 2 (local.get $acc01)) (f32x4.extract_lane 3 (local.get $acc01))))
                            (local.get $scale)))
        (f32.store (i32.add (i32.add (local.get $out) (i32.mul (local.get $i) (local.get $rowB)))
                            (i32.shl (i32.add (local.get $j) (i32.const 2)) (i32.const 2)))
                   (f32.mul (f32.add (f32.add (f32x4.extract_lane 0 (local.get $acc02)) (f32x4.extract_lane 1 (local.get $acc02)))
                                     (f32.add (f32x4.extract_lane 2 (local.get $acc02)) (f32x4.extract_lane 3 (local.get $acc02))))
                            (local.get $scale)))
        (f32.store (i32.add (i32.add (local.get $out) (i32.mul (local.get $i) (local.get $rowB)))
                            (i32.shl (i32.add (local.get $j) (i32.const 3)) (i32.const 2)))
                   (f32.mul (f32.add (f32.add (f32x4.extract_lane 0 (local.get $acc03)) (f32x4.extract_lane 1 (local.get $acc03)))
                                     (f32.add (f32x4.extract_lane 2 (local.get $acc03)) (f32x4.extract_lane 3 (local.get $acc03))))
                            (local.get $scale)))
        (f32.store (i32.add (i32.add (local.get $out) (i32.mul (i32.add (local.get $i) (i32.const 1)) (local.get $rowB)))
                            (i32.shl (local.get $j) (i32.const 2)))
                   (f32.mul (f32.add (f32.add (f32x4.extract_lane 0 (local.get $acc10)) (f32x4.extract_lane 1 (local.get $acc10)))
                                     (f32.add (f32x4.extract_lane 2 (local.get $acc10)) (f32x4.extract_lane 3 (local.get $acc10))))
                            (local.get $scale)))
        (f32.store (i32.add (i32.add (local.get $out) (i32.mul (i32.add (local.get $i) (i32.const 1)) (local.get $rowB)))
                            (i32.shl (i32.add (local.get $j) (i32.const 1)) (i32.const 2)))
                   (f32.mul (f32.add (f32.add (f32x4.extract_lane 0 (local.get $acc11)) (f32x4.extract_lane 1 (local.get $acc11)))
                                     (f32.add (f32x4.extract_lane 2 (local.get $acc11)) (f32x4.extract_lane 3 (local.get $acc11))))
                            (local.get $scale)))
        (f32.store (i32.add (i32.add (local.get $out) (i32.mul (i32.add (local.get $i) (i32.const 1)) (local.get $rowB)))
                            (i32.shl (i32.add (local.get $j) (i32.const 2)) (i32.const 2)))
                   (f32.mul (f32.add (f32.add (f32x4.extract_lane 0 (local.get $acc12)) (f32x4.extract_lane 1 (local.get $acc12)))
                                     (f32.add (f32x4.extract_lane 2 (local.get $acc12)) (f32x4.extract_lane 3 (local.get $acc12))))
                            (local.get $scale)))
        (f32.store (i32.add (i32.add (local.get $out) (i32.mul (i32.add (local.get $i) (i32.const 1)) (local.get $rowB)))
                            (i32.shl (i32.add (local.get $j) (i32.const 3)) (i32.const 2)))
                   (f32.mul (f32.add (f32.add (f32x4.extract_lane 0 (local.get $acc13)) (f32x4.extract_lane 1 (local.get $acc13)))
                                     (f32.add (f32x4.extract_lane 2 (local.get $acc13)) (f32x4.extract_lane 3 (local.get $acc13))))
                            (local.get $scale)))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $keys)))
    (local.set $i (i32.add (local.get $i) (i32.const 2)))
    (br $rows))))

  ;; dots(q, k, d, keys, n, out): out[u] = q . k[keys[u]] for u < n, float64; d a multiple of 4, rows of k d apart.
  ;; The attention stage's scores of one query row against a tile's keys.
  (func $dots (export "dots")
    (param $q i32) (param $k i32) (param $d i32) (param $keys i32) (param $n i32) (param $out i32)
    (local $u i32) (local $c i32) (local $kp i32) (local $dB i32)   ;; key, byte offset along d, key row, row bytes
    (local $s0 v128) (local $s1 v128)                              ;; partial sums of lanes 0-1 and 2-3
    (local.set $dB (i32.shl (local.get $d) (i32.const 3)))
    (local.set $u (i32.const 0))
    (block $keys_done (loop $keys
      (br_if $keys_done (i32.ge_s (local.get $u) (local.get $n)))
      (local.set $kp (i32.add (local.get $k)
        (i32.mul (i32.load (i32.add (local.get $keys) (i32.shl (local.get $u) (i32.const 2)))) (local.get $dB))))
      (local.set $s0 (v128.const i32x4 0 0 0 0))
      (local.set $s1 (v128.const i32x4 0 0 0 0))
      (local.set $c (i32.const 0))
      (block $dot_done (loop $dot
        (br_if $dot_done (i32.ge_s (local.get $c) (local.get $dB)))
        (local.set $s0 (f64x2.add (local.get $s0)
          (f64x2.mul (v128.load (i32.add (local.get $q) (local.get $c))) (v128.load (i32.add (local.get $kp) (local.get $c))))))
        (local.set $s1 (f64x2.add (local.get $s1)
          (f64x2.mul (v128.load offset=16 (i32.add (local.get $q) (local.get $c)))
                     (v128.load offset=16 (i32.add (local.get $kp) (local.get $c))))))
        (local.set $c (i32.add (local.get $c) (i32.const 32)))
        (br $dot)))
      ;; out[u] = (s0 + s1) summed across its two lanes
      (i32.add (local.get $out) (i32.shl (local.get $u) (i32.const 3)))
      (local.set $s0 (f64x2.add (local.get $s0) (local.get $s1)))
      (f64.add (f64x2.extract_lane 0 (local.get $s0)) (f64x2.extract_lane 1 (local.get $s0)))
      f64.store
      (local.set $u (i32.add (local.get $u) (i32.const 1)))
      (br $keys))))

  ;; wsum(o, v, d, keys, w, n): o += w[u] * v[keys[u]] for u < n, in that order, float64; d a multiple of 4.
  ;; The attention stage's weighted sum of a tile's value rows into one accumulator row.
  (func $wsum (export "wsum")
    (param $o i32) (param $v i32) (param $d i32) (param $keys i32) (param $w i32) (param $n i32)
    (local $u i32) (local $c i32) (local $vp i32) (local $dB i32)   ;; key, byte offset along d, value row, row bytes
    (local $wu v128)                                               ;; w[u] in both lanes
    (local.set $dB (i32.shl (local.get $d) (i32.const 3)))
    (local.set $u (i32.const 0))
    (block $keys_done (loop $keys
      (br_if $keys_done (i32.ge_s (local.get $u) (local.get $n)))
      (local.set $vp (i32.add (local.get $v)
        (i32.mul (i32.load (i32.add (local.get $keys) (i32.shl (local.get $u) (i32.const 2)))) (local.get $dB))))
      (local.set $wu (f64x2.splat (f64.load (i32.add (local.get $w) (i32.shl (local.get $u) (i32.const 3))))))
      (local.set $c (i32.const 0))
      (block $row_done (loop $row
        (br_if $row_done (i32.ge_s (local.get $c) (local.get $dB)))
        (v128.store (i32.add (local.get $o) (local.get $c))
          (f64x2.add (v128.load (i32.add (local.get $o) (local.get $c)))
                     (f64x2.mul (local.get $wu) (v128.load (i32.add (local.get $vp) (local.get $c))))))
        (v128.store offset=16 (i32.add (local.get $o) (local.get $c))
          (f64x2.add (v128.load offset=16 (i32.add (local.get $o) (local.get $c)))
                     (f64x2.mul (local.get $wu) (v128.load offset=16 (i32.add (local.get $vp) (local.get $c))))))
        (local.set $c (i32.add (local.get $c) (i32.const 32)))
        (br $row)))
      (local.set $u (i32.add (local.get $u) (i32.const 1)))
      (br $keys))))

  ;; one page to start; simd.ts grows it to fit the staged operands
  (memory (export "memory") 1))
