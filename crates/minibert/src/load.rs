//! Building an [`Encoder`] from a BERT checkpoint in safetensors format: each layer's weights
//! checked against the [`Config`], transposed and packed for the matrix products (query, key and
//! value fused into one product, the query pre-scaled), the token embeddings copied or read from
//! the mapped file.

use crate::gemm::{NR, Packed};
use crate::{Config, Encoder, Kernels, Layer, Norm};

/// The token embedding table: copied, or read from the mapped model file.
pub(crate) enum Words {
    Owned(Vec<f32>),
    Mapped(memmap2::Mmap, usize),
}

impl Words {
    /// Copies the embedding of token `id` (`x.len()` floats) into `x`.
    pub(crate) fn copy_row(&self, id: usize, x: &mut [f32]) {
        let h = x.len();
        match self {
            Words::Owned(words) => x.copy_from_slice(&words[id * h..][..h]),
            Words::Mapped(map, offset) => {
                let row = &map[offset + id * h * 4..][..h * 4];
                for (i, x) in x.iter_mut().enumerate() {
                    *x = float(row, i);
                }
            }
        }
    }
}

/// The `i`-th little-endian f32 of `bytes`.
fn float(bytes: &[u8], i: usize) -> f32 {
    let b = &bytes[i * 4..i * 4 + 4];
    f32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

impl Encoder {
    /// Loads a BERT checkpoint in safetensors format (names with or without a `bert.` prefix).
    pub fn from_safetensors(bytes: &[u8], config: Config) -> Result<Encoder, String> {
        Ok(Self::build(bytes, config, true)?.0)
    }

    /// Loads a safetensors file by mapping it rather than reading it: only the layers' packed
    /// weights are copied (fresh pages are slow to fault in), and token embeddings are read from
    /// the mapping as texts need them.
    pub fn from_file(path: &std::path::Path, config: Config) -> Result<Encoder, String> {
        let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
        // SAFETY: a read-only mapping of the model file, which nothing writes while the model is
        // loaded (the usual contract of mapped model files; truncating it underneath would
        // fault, as for any mapped file).
        let map = unsafe { memmap2::Mmap::map(&file) }.map_err(|e| e.to_string())?;
        let (mut encoder, offset) = Self::build(&map, config, false)?;
        encoder.words = Words::Mapped(map, offset);
        Ok(encoder)
    }

    /// The encoder, and the word table's byte offset in `bytes`; the table itself is copied only
    /// if `copy_words`.
    fn build(bytes: &[u8], config: Config, copy_words: bool) -> Result<(Encoder, usize), String> {
        let c = &config;
        let head_dim = c.hidden / c.heads.max(1);
        if c.heads == 0
            || !c.hidden.is_multiple_of(c.heads)
            || !head_dim.is_multiple_of(NR)
            || !c.intermediate.is_multiple_of(NR)
        {
            return Err(format!(
                "unsupported shape: hidden {} / {} heads, intermediate {} (head size and \
                 intermediate size must be multiples of {NR})",
                c.hidden, c.heads, c.intermediate
            ));
        }
        let tensors = safetensors::SafeTensors::deserialize(bytes).map_err(|e| e.to_string())?;
        let prefix = if tensors.names().iter().any(|n| n.starts_with("bert.")) {
            "bert."
        } else {
            ""
        };
        let raw = |name: &str, shape: &[usize]| -> Result<&[u8], String> {
            let full = format!("{prefix}{name}");
            let view = tensors.tensor(&full).map_err(|e| format!("{full}: {e}"))?;
            if view.dtype() != safetensors::Dtype::F32 || view.shape() != shape {
                return Err(format!(
                    "{full}: {:?} {:?}, expected F32 {shape:?}",
                    view.dtype(),
                    view.shape()
                ));
            }
            Ok(view.data())
        };
        let load = |name: &str, shape: &[usize]| -> Result<Vec<f32>, String> {
            let data = raw(name, shape)?;
            Ok((0..data.len() / 4).map(|i| float(data, i)).collect())
        };
        let (h, inter) = (c.hidden, c.intermediate);
        let norm = |name: &str| -> Result<Norm, String> {
            Ok(Norm {
                gamma: load(&format!("{name}.weight"), &[h])?,
                beta: load(&format!("{name}.bias"), &[h])?,
            })
        };
        // PyTorch stores a linear layer's weight as [out, in]; the product needs [in, out].
        let linear =
            |name: &str, n_in: usize, n_out: usize| -> Result<(Packed, Vec<f32>), String> {
                let w = raw(&format!("{name}.weight"), &[n_out, n_in])?;
                let b = load(&format!("{name}.bias"), &[n_out])?;
                Ok((
                    Packed::from_fn(n_in, n_out, |r, j| float(w, j * n_in + r)),
                    b,
                ))
            };
        let scale = 1.0 / (head_dim as f32).sqrt();
        let mut layers = Vec::with_capacity(c.layers);
        for l in 0..c.layers {
            let at = |part: &str| format!("encoder.layer.{l}.{part}");
            let mut w = Vec::with_capacity(3);
            let mut qkv_bias = Vec::with_capacity(3 * h);
            for (i, part) in ["query", "key", "value"].into_iter().enumerate() {
                let name = at(&format!("attention.self.{part}"));
                let s = if i == 0 { scale } else { 1.0 };
                w.push(raw(&format!("{name}.weight"), &[h, h])?);
                qkv_bias.extend(load(&format!("{name}.bias"), &[h])?.iter().map(|b| b * s));
            }
            let qkv = Packed::from_fn(h, 3 * h, |r, j| {
                let s = if j < h { scale } else { 1.0 };
                float(w[j / h], (j % h) * h + r) * s
            });
            let (out, out_bias) = linear(&at("attention.output.dense"), h, h)?;
            let (up, up_bias) = linear(&at("intermediate.dense"), h, inter)?;
            let (down, down_bias) = linear(&at("output.dense"), inter, h)?;
            layers.push(Layer {
                qkv,
                qkv_bias,
                out,
                out_bias,
                attention_norm: norm(&at("attention.output.LayerNorm"))?,
                up,
                up_bias,
                down,
                down_bias,
                output_norm: norm(&at("output.LayerNorm"))?,
            });
        }
        let types = load("embeddings.token_type_embeddings.weight", &[2, h])
            .or_else(|_| load("embeddings.token_type_embeddings.weight", &[1, h]))?;
        let words = raw("embeddings.word_embeddings.weight", &[c.vocab, h])?;
        let offset = words.as_ptr() as usize - bytes.as_ptr() as usize;
        let words = if copy_words {
            Words::Owned((0..words.len() / 4).map(|i| float(words, i)).collect())
        } else {
            Words::Owned(Vec::new())
        };
        let encoder = Encoder {
            words,
            positions: load(
                "embeddings.position_embeddings.weight",
                &[c.max_positions, h],
            )?,
            segment: types[..h].to_vec(),
            norm: norm("embeddings.LayerNorm")?,
            layers,
            kernels: Kernels::detect(),
            config,
        };
        Ok((encoder, offset))
    }
}
