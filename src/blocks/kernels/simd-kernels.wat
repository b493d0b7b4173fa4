(module
  ;; SIMD loops of mnas-ts for the tfjs WASM backend (see simd-kernels.ts).
  (import "env" "memory" (memory 1))
  ;; acc[t*C + c] += x[b, oh*sh + kh*dh - pt, ow*sw + kw*dw - pl, c] * g[b, oh, ow, c]
  ;; for every b, oh, ow, tap t = kh*KW + kw; pointers are byte offsets into memory.
  (func (export "dwf")
    (param $x i32) (param $g i32) (param $acc i32)
    (param $N i32) (param $IH i32) (param $IW i32) (param $C i32)
    (param $OH i32) (param $OW i32) (param $KH i32) (param $KW i32)
    (param $sh i32) (param $sw i32) (param $dh i32) (param $dw i32) (param $pt i32) (param $pl i32)
    (local $b i32) (local $oh i32) (local $ow i32) (local $kh i32) (local $kw i32)
    (local $ih i32) (local $iw i32) (local $xo i32) (local $yo i32) (local $ao i32)
    (local $c i32) (local $cb i32) (local $c4b i32)
    (local.set $cb (i32.shl (local.get $C) (i32.const 2)))
    (local.set $c4b (i32.shl (i32.and (local.get $C) (i32.const -4)) (i32.const 2)))
    (local.set $b (i32.const 0))
    (block $bEnd (loop $bLoop
      (br_if $bEnd (i32.ge_u (local.get $b) (local.get $N)))
      (local.set $oh (i32.const 0))
      (block $ohEnd (loop $ohLoop
        (br_if $ohEnd (i32.ge_u (local.get $oh) (local.get $OH)))
        (local.set $ow (i32.const 0))
        (block $owEnd (loop $owLoop
          (br_if $owEnd (i32.ge_u (local.get $ow) (local.get $OW)))
          (local.set $yo (i32.add (local.get $g)
            (i32.mul (i32.add (i32.mul (i32.add (i32.mul (local.get $b) (local.get $OH)) (local.get $oh)) (local.get $OW)) (local.get $ow)) (local.get $cb))))
          (local.set $kh (i32.const 0))
          (block $khEnd (loop $khLoop
            (br_if $khEnd (i32.ge_u (local.get $kh) (local.get $KH)))
            (local.set $ih (i32.sub (i32.add (i32.mul (local.get $oh) (local.get $sh)) (i32.mul (local.get $kh) (local.get $dh))) (local.get $pt)))
            (if (i32.lt_u (local.get $ih) (local.get $IH))
              (then
                (local.set $kw (i32.const 0))
                (block $kwEnd (loop $kwLoop
                  (br_if $kwEnd (i32.ge_u (local.get $kw) (local.get $KW)))
                  (local.set $iw (i32.sub (i32.add (i32.mul (local.get $ow) (local.get $sw)) (i32.mul (local.get $kw) (local.get $dw))) (local.get $pl)))
                  (if (i32.lt_u (local.get $iw) (local.get $IW))
                    (then
                      (local.set $xo (i32.add (local.get $x)
                        (i32.mul (i32.add (i32.mul (i32.add (i32.mul (local.get $b) (local.get $IH)) (local.get $ih)) (local.get $IW)) (local.get $iw)) (local.get $cb))))
                      (local.set $ao (i32.add (local.get $acc)
                        (i32.mul (i32.add (i32.mul (local.get $kh) (local.get $KW)) (local.get $kw)) (local.get $cb))))
                      (local.set $c (i32.const 0))
                      (block $vEnd (loop $vLoop
                        (br_if $vEnd (i32.ge_u (local.get $c) (local.get $c4b)))
                        (v128.store (i32.add (local.get $ao) (local.get $c))
                          (f32x4.add
                            (v128.load (i32.add (local.get $ao) (local.get $c)))
                            (f32x4.mul
                              (v128.load (i32.add (local.get $xo) (local.get $c)))
                              (v128.load (i32.add (local.get $yo) (local.get $c))))))
                        (local.set $c (i32.add (local.get $c) (i32.const 16)))
                        (br $vLoop)))
                      (block $sEnd (loop $sLoop
                        (br_if $sEnd (i32.ge_u (local.get $c) (local.get $cb)))
                        (f32.store (i32.add (local.get $ao) (local.get $c))
                          (f32.add
                            (f32.load (i32.add (local.get $ao) (local.get $c)))
                            (f32.mul
                              (f32.load (i32.add (local.get $xo) (local.get $c)))
                              (f32.load (i32.add (local.get $yo) (local.get $c))))))
                        (local.set $c (i32.add (local.get $c) (i32.const 4)))
                        (br $sLoop)))))
                  (local.set $kw (i32.add (local.get $kw) (i32.const 1)))
                  (br $kwLoop)))))
            (local.set $kh (i32.add (local.get $kh) (i32.const 1)))
            (br $khLoop)))
          (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
          (br $owLoop)))
        (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
        (br $ohLoop)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $bLoop))))
  ;; y[r*C + c] = x[r*C + c] * s[c] + t[c] for r < rows, c < C; byte-offset pointers.
  (func (export "affine")
    (param $x i32) (param $y i32) (param $s i32) (param $t i32) (param $rows i32) (param $C i32)
    (local $r i32) (local $c i32) (local $cb i32) (local $c4b i32) (local $xo i32) (local $yo i32)
    (local.set $cb (i32.shl (local.get $C) (i32.const 2)))
    (local.set $c4b (i32.shl (i32.and (local.get $C) (i32.const -4)) (i32.const 2)))
    (local.set $xo (local.get $x))
    (local.set $yo (local.get $y))
    (local.set $r (i32.const 0))
    (block $rEnd (loop $rLoop
      (br_if $rEnd (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $c (i32.const 0))
      (block $vEnd (loop $vLoop
        (br_if $vEnd (i32.ge_u (local.get $c) (local.get $c4b)))
        (v128.store (i32.add (local.get $yo) (local.get $c))
          (f32x4.add
            (f32x4.mul
              (v128.load (i32.add (local.get $xo) (local.get $c)))
              (v128.load (i32.add (local.get $s) (local.get $c))))
            (v128.load (i32.add (local.get $t) (local.get $c)))))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (br $vLoop)))
      (block $sEnd (loop $sLoop
        (br_if $sEnd (i32.ge_u (local.get $c) (local.get $cb)))
        (f32.store (i32.add (local.get $yo) (local.get $c))
          (f32.add
            (f32.mul
              (f32.load (i32.add (local.get $xo) (local.get $c)))
              (f32.load (i32.add (local.get $s) (local.get $c))))
            (f32.load (i32.add (local.get $t) (local.get $c)))))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))
        (br $sLoop)))
      (local.set $xo (i32.add (local.get $xo) (local.get $cb)))
      (local.set $yo (i32.add (local.get $yo) (local.get $cb)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rLoop)))))
