// Dense inner-product kernels shared by the stages. Everything is Float64Array so V8 keeps one fast (monomorphic)
// code path; integer operands stay exact up to 2^53, so a shift-add written as x * 2^p gives the hardware's integer.

/** out[i * n + j] = scale * sum_c A[i*d + c] * B[j*d + c], for i < m, j < n: rows of A against rows of B. */
export function gemmABt(A: Float64Array, m: number, B: Float64Array, n: number, d: number, out: Float64Array,
                        scale = 1): void {
  const m4 = m - (m % 4), n4 = n - (n % 4);
  for (let i = 0; i < m4; i += 4) {
    const a0 = i * d, a1 = a0 + d, a2 = a1 + d, a3 = a2 + d;
    for (let j = 0; j < n4; j += 4) {
      const b0 = j * d, b1 = b0 + d, b2 = b1 + d, b3 = b2 + d;
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let c = 0; c < d; c++) {
        const x0 = A[a0 + c], x1 = A[a1 + c], x2 = A[a2 + c], x3 = A[a3 + c];
        const y0 = B[b0 + c], y1 = B[b1 + c], y2 = B[b2 + c], y3 = B[b3 + c];
        c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
        c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
        c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3;
        c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3;
      }
      let o = i * n + j;
      out[o] = c00 * scale; out[o + 1] = c01 * scale; out[o + 2] = c02 * scale; out[o + 3] = c03 * scale; o += n;
      out[o] = c10 * scale; out[o + 1] = c11 * scale; out[o + 2] = c12 * scale; out[o + 3] = c13 * scale; o += n;
      out[o] = c20 * scale; out[o + 1] = c21 * scale; out[o + 2] = c22 * scale; out[o + 3] = c23 * scale; o += n;
      out[o] = c30 * scale; out[o + 1] = c31 * scale; out[o + 2] = c32 * scale; out[o + 3] = c33 * scale;
    }
    for (let j = n4; j < n; j++) {
      for (let r = 0; r < 4; r++) out[(i + r) * n + j] = dot(A, (i + r) * d, B, j * d, d) * scale;
    }
  }
  for (let i = m4; i < m; i++) {
    for (let j = 0; j < n; j++) out[i * n + j] = dot(A, i * d, B, j * d, d) * scale;
  }
}

export function dot(A: Float64Array, a: number, B: Float64Array, b: number, d: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, c = 0;
  for (; c + 3 < d; c += 4) {
    s0 += A[a + c] * B[b + c]; s1 += A[a + c + 1] * B[b + c + 1];
    s2 += A[a + c + 2] * B[b + c + 2]; s3 += A[a + c + 3] * B[b + c + 3];
  }
  for (; c < d; c++) s0 += A[a + c] * B[b + c];
  return (s0 + s1) + (s2 + s3);
}

/** out = A (m x k) * B (k x n), row-major: used for K = X W_k where W_k is stored input-major. */
export function gemmAB(A: Float64Array, m: number, k: number, B: Float64Array, n: number, out: Float64Array): void {
  out.fill(0, 0, m * n);
  for (let i = 0; i < m; i++) {
    const o = i * n;
    for (let t = 0; t < k; t++) {
      const a = A[i * k + t];
      if (a === 0) continue;
      const b = t * n;
      for (let j = 0; j < n; j++) out[o + j] += a * B[b + j];
    }
  }
}
