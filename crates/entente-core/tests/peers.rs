//! entente's own Leiden and PELT checked against their PyPI peers (leidenalg + igraph,
//! ruptures) on the same inputs, through `tests/peers/peer.py`.
//!
//! The peers come from `pip install -r tests/peers/requirements.txt` (done by
//! `.ci/run`). Without them these tests say so on stderr and pass, unless
//! `ENTENTE_REQUIRE_PEERS=1` (set in CI), which makes a missing peer a failure.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use entente_core::leiden::{Graph, adjusted_rand, leiden, modularity};
use entente_core::pelt::pelt;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use serde_json::{Value, json};

fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/peers/peer.py")
}

/// Whether the peers can run; panics when they cannot and CI requires them.
fn peers_available() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import leidenalg, igraph, ruptures"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        let msg = "python3 with leidenalg, igraph and ruptures not found: \
                   pip install -r tests/peers/requirements.txt";
        if std::env::var("ENTENTE_REQUIRE_PEERS").as_deref() == Ok("1") {
            panic!("{msg}");
        }
        eprintln!("SKIPPED peer comparison: {msg}");
    }
    ok
}

fn ask(request: Value) -> Value {
    let mut child = Command::new("python3")
        .arg(script())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start python3");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(request.to_string().as_bytes())
        .expect("write request");
    let out = child.wait_with_output().expect("peer output");
    assert!(out.status.success(), "peer.py failed");
    serde_json::from_slice(&out.stdout).expect("peer JSON")
}

fn normalish(rng: &mut StdRng) -> f64 {
    (0..12).map(|_| rng.random::<f64>()).sum::<f64>() - 6.0
}

#[test]
fn pelt_equals_ruptures() {
    if !peers_available() {
        return;
    }
    let mut rng = StdRng::seed_from_u64(2024);
    let mut cases = Vec::new();
    let mut ours = Vec::new();
    for case in 0..300 {
        let n = 4 + case % 80;
        // Steps at random places, noise of random size.
        let mut level = rng.random::<f64>();
        let sd = 0.01 + 0.2 * rng.random::<f64>();
        let y: Vec<f64> = (0..n)
            .map(|_| {
                if rng.random::<f64>() < 0.08 {
                    level += normalish(&mut rng) * 0.3;
                }
                level + sd * normalish(&mut rng)
            })
            .collect();
        let pen = sd * sd * (0.5 + 5.0 * rng.random::<f64>()) * (n as f64).ln();
        let min_size = 1 + case % 4;
        ours.push(pelt(&y, pen, min_size));
        cases.push(json!({"y": y, "pen": pen, "min_size": min_size}));
    }
    let answer = ask(json!({"kind": "pelt", "cases": cases}));
    let theirs = answer["breakpoints"].as_array().expect("breakpoints");
    let mut differ = Vec::new();
    for (k, (o, t)) in ours.iter().zip(theirs).enumerate() {
        let t: Vec<usize> = t
            .as_array()
            .expect("list")
            .iter()
            .map(|v| v.as_u64().expect("index") as usize)
            .collect();
        if *o != t {
            differ.push(format!("case {k}: entente {o:?}, ruptures {t:?}"));
        }
    }
    assert!(
        differ.is_empty(),
        "{} of 300 differ:\n{}",
        differ.len(),
        differ.join("\n")
    );
}

/// A graph, its edge list, and its planted partition when the structure is clear.
type TestGraph = (Graph, Vec<(usize, usize, f64)>, Option<Vec<usize>>);

/// Graphs of known and of weak structure: planted blocs of varied sizes and contrast,
/// with noise; dense like a year's alignment network.
fn graphs() -> Vec<TestGraph> {
    let mut rng = StdRng::seed_from_u64(7);
    let mut out = Vec::new();
    for case in 0..24 {
        let groups = 2 + case % 5;
        let sizes: Vec<usize> = (0..groups).map(|_| 5 + rng.random_range(0..25)).collect();
        let truth: Vec<usize> = sizes
            .iter()
            .enumerate()
            .flat_map(|(g, &s)| std::iter::repeat_n(g, s))
            .collect();
        let n = truth.len();
        // Strong contrast for the first half, weak for the rest.
        let (inside, outside, noise) = if case < 12 {
            (0.85, 0.5, 0.1)
        } else {
            (0.62, 0.55, 0.15)
        };
        let mut edges = Vec::new();
        for i in 0..n {
            for j in i + 1..n {
                let base = if truth[i] == truth[j] {
                    inside
                } else {
                    outside
                };
                let w: f64 = base + noise * (2.0 * rng.random::<f64>() - 1.0);
                if w > 0.0 {
                    edges.push((i, j, w));
                }
            }
        }
        let g = Graph::from_edges(n, &edges);
        out.push((g, edges, (case < 12).then_some(truth)));
    }
    out
}

#[test]
fn leiden_matches_leidenalg() {
    if !peers_available() {
        return;
    }
    let graphs = graphs();
    let mut cases = Vec::new();
    let mut ours = Vec::new();
    for (g, edges, _) in &graphs {
        let p = leiden(g, 1.0, 1);
        let e: Vec<Value> = edges.iter().map(|&(i, j, w)| json!([i, j, w])).collect();
        cases
            .push(json!({"n": g.len(), "edges": e, "resolution": 1.0, "membership": p.membership}));
        ours.push(p);
    }
    // Also a resolution other than 1 on the strong-structure graphs.
    for (g, edges, _) in graphs.iter().take(6) {
        let p = leiden(g, 1.3, 1);
        let e: Vec<Value> = edges.iter().map(|&(i, j, w)| json!([i, j, w])).collect();
        cases
            .push(json!({"n": g.len(), "edges": e, "resolution": 1.3, "membership": p.membership}));
        ours.push(p);
    }
    let answer = ask(json!({"kind": "leiden", "cases": cases}));
    let results = answer["results"].as_array().expect("results");
    let mut total_gap = 0.0;
    for (k, (p, r)) in ours.iter().zip(results).enumerate() {
        let peer_q = r["modularity"].as_f64().expect("q");
        let igraph_of_ours = r["ours"].as_f64().expect("q");
        // Our modularity formula equals igraph's.
        assert!(
            (p.modularity - igraph_of_ours).abs() < 1e-9,
            "case {k}: {} vs igraph {igraph_of_ours}",
            p.modularity
        );
        // As good as the best of five leidenalg runs: equal on clear structure; on weak
        // structure (Q ≈ 0.01) either may be ahead by a little.
        let gap = peer_q - p.modularity;
        assert!(
            gap < 5e-4,
            "case {k}: entente Q {} < leidenalg {peer_q}",
            p.modularity
        );
        total_gap += gap;
        let peer: Vec<usize> = r["membership"]
            .as_array()
            .expect("membership")
            .iter()
            .map(|v| v.as_u64().expect("id") as usize)
            .collect();
        if graphs.get(k).is_some_and(|g| g.2.is_some()) {
            // Strong structure: the same partition as leidenalg (not always the planted
            // one: small blocs can fall under modularity's resolution limit).
            assert_eq!(
                adjusted_rand(&p.membership, &peer),
                1.0,
                "case {k}: vs leidenalg"
            );
        }
    }
    assert!(
        total_gap / ours.len() as f64 <= 2e-5,
        "mean modularity gap {}",
        total_gap / ours.len() as f64
    );
    // Sanity: the graphs' own modularity function agrees with the partition's.
    let (g, _, truth) = &graphs[0];
    let truth = truth.as_ref().expect("planted");
    assert!((modularity(g, truth, 1.0) - ours[0].modularity).abs() < 1e-9);
}
