// A small, complete design used by the server tests (the samples in samples/ are used too, when present).
export const design = `// Single STAR core, as in the paper.
technology tsmc28 {
  node = 28 nm
  voltage = 1.0 V
  frequency = 1 GHz
}

workload llama7b {
  model = "Llama-7B"
  layers = 32
  heads = 32
  head_dim = 128
  seq_len = 4096 tokens
  query_block = 128 tokens
  sparsity {
    top_k = 20 %
    predictor = dlzs { token_bits = 8, weight_lz_bits = 4, query_bits = 16 }
  }
}

core star {
  technology = tsmc28
  dlzs { array = 128 x 32 }
  sram { token = 192 KB, weight = 96 KB, temp = 28 KB }
  rass = on
}

/* A 4 x 4 mesh
   of STAR cores. */
chip mesh4 {
  mesh = 4 x 4 of star
  noc { link_bandwidth = 64 GB/s, hop_latency = 2 cycles }
}

mapping m1 for llama7b on mesh4 {
  tiling { bc = 64 }
  heads -> mesh.rows
  queries -> mesh.cols
  kv_flow = ring
}

simulate m1 against a100
`;
