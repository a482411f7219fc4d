//! Tests of the embedder against the real model and sentence-transformers' reference vectors.

use super::*;

/// The real model from `models/all-MiniLM-L6-v2` (scripts/test.sh fetches it). A missing
/// model fails the test: a skipped model test must never pass as a green one.
fn model() -> Option<Embedder> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/all-MiniLM-L6-v2");
    match Embedder::load(&dir, 2) {
        Ok(embedder) => Some(embedder),
        Err(e) => panic!("{e} (run scripts/fetch-model.sh)"),
    }
}

#[test]
fn similar_sentences_score_higher_and_vectors_are_normalised() {
    let Some(embedder) = model() else { return };
    let v = embedder
        .embed_blocking(vec![
            "Python developer intern building REST APIs".into(),
            "Backend internship writing Python web services".into(),
            "Accounting intern maintaining ledgers in Tally".into(),
            String::new(),
        ])
        .unwrap();
    assert_eq!(v.len(), 4);
    for x in &v {
        assert_eq!(x.len(), EMBEDDING_DIM);
        assert!((cosine(x, x) - 1.0).abs() < 1e-4);
    }
    assert!(cosine(&v[0], &v[1]) > cosine(&v[0], &v[2]) + 0.2);
}

#[test]
fn batch_and_single_give_the_same_vectors() {
    let Some(embedder) = model() else { return };
    let long = "Responsible for data pipelines in Python and SQL. ".repeat(40);
    let texts: Vec<String> = vec![
        "short".into(),
        "a much longer sentence about machine learning internships in Bengaluru".into(),
        String::new(),
        long,
        "UI/UX design".into(),
    ];
    let batch = embedder.embed_blocking(texts.clone()).unwrap();
    assert_eq!(batch.len(), texts.len());
    for (text, b) in texts.iter().zip(&batch) {
        let single = embedder.embed_blocking(vec![text.clone()]).unwrap();
        assert!(cosine(&single[0], b) >= 0.99999, "{text}");
    }
    assert!(embedder.embed_blocking(Vec::new()).unwrap().is_empty());
}

#[test]
fn matches_sentence_transformers_reference_vectors() {
    let Some(embedder) = model() else { return };
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reference_embeddings.json");
    let fixture: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let texts: Vec<String> = serde_json::from_value(fixture["texts"].clone()).unwrap();
    let expected: Vec<Vec<f32>> = serde_json::from_value(fixture["vectors"].clone()).unwrap();
    assert_eq!(texts.len(), expected.len());
    let got = embedder.embed_blocking(texts.clone()).unwrap();
    for ((text, g), e) in texts.iter().zip(&got).zip(&expected) {
        let similarity = cosine(g, e) / cosine(e, e).sqrt();
        assert!(similarity >= 0.9999, "{similarity} for {text:?}");
    }
}

#[tokio::test]
async fn async_callers_are_answered_and_batched() {
    let Some(embedder) = model() else { return };
    let calls = (0..8).map(|i| {
        let e = embedder.clone();
        async move { e.embed(vec![format!("internship number {i}")]).await }
    });
    let answers = futures_util::future::join_all(calls).await;
    for answer in answers {
        assert_eq!(answer.unwrap()[0].len(), EMBEDDING_DIM);
    }
    assert!(embedder.embed(Vec::new()).await.unwrap().is_empty());
}

fn fixture() -> (Vec<String>, Vec<Vec<f32>>) {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reference_embeddings.json");
    let fixture: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    (
        serde_json::from_value(fixture["texts"].clone()).unwrap(),
        serde_json::from_value(fixture["vectors"].clone()).unwrap(),
    )
}

/// The encoder's kernels (matrix product per instruction set, GELU, softmax, layer norm)
/// against plain implementations on odd sizes.
#[test]
fn encoder_kernels_match_plain_implementations() {
    minibert::check_kernels();
}

/// One text at a time takes another path (no batch tokenization, one sequence per pass);
/// the fixture must keep covering the edge cases: empty and truncated texts.
#[test]
fn single_texts_match_the_reference_vectors_too() {
    let Some(embedder) = model() else { return };
    let (texts, expected) = fixture();
    assert!(texts.iter().any(|t| t.is_empty()));
    assert!(
        texts
            .iter()
            .any(|t| t.split_whitespace().count() > MAX_TOKENS)
    );
    for (text, e) in texts.iter().zip(&expected) {
        let got = embedder.embed_blocking(vec![text.clone()]).unwrap();
        let similarity = cosine(&got[0], e) / cosine(e, e).sqrt();
        assert!(similarity >= 0.9999, "{similarity} for {text:?}");
    }
}

/// More tokens than one forward pass takes: the encoder splits the batch.
#[test]
fn a_batch_larger_than_one_pass_gives_the_same_vectors() {
    let Some(embedder) = model() else { return };
    let (texts, expected) = fixture();
    let many: Vec<String> = texts
        .iter()
        .cycle()
        .take(texts.len() * 4)
        .cloned()
        .collect();
    let got = embedder.embed_blocking(many).unwrap();
    assert_eq!(got.len(), texts.len() * 4);
    for (i, g) in got.iter().enumerate() {
        let e = &expected[i % texts.len()];
        assert!(cosine(g, e) / cosine(e, e).sqrt() >= 0.9999, "{i}");
    }
}

/// Every kernel path the encoder can choose (AVX-512, AVX2, portable), forced for the whole
/// forward pass, gives sentence-transformers' vectors. A path this CPU lacks is skipped, and the
/// output says so; the portable path runs everywhere.
#[test]
fn every_kernel_path_matches_the_reference_vectors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/all-MiniLM-L6-v2");
    let (texts, expected) = fixture();
    let mut ran = Vec::new();
    for kernels in Kernels::ALL {
        if !kernels.available() {
            println!("kernel path {kernels:?} skipped: this CPU lacks its instructions");
            continue;
        }
        let embedder = Embedder::load_with_kernels(&dir, 2, kernels)
            .unwrap_or_else(|e| panic!("{e} (run scripts/fetch-model.sh)"));
        let got = embedder.embed_blocking(texts.clone()).unwrap();
        for ((text, g), e) in texts.iter().zip(&got).zip(&expected) {
            let similarity = cosine(g, e) / cosine(e, e).sqrt();
            assert!(
                similarity >= 0.9999,
                "{kernels:?}: {similarity} for {text:?}"
            );
        }
        println!(
            "kernel path {kernels:?}: {} reference vectors matched",
            texts.len()
        );
        ran.push(kernels);
    }
    assert!(ran.contains(&Kernels::Portable));
}
