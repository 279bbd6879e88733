//! The router in process (tower's `oneshot`), over the real data folder: every
//! endpoint's answer, its bounds and its errors. The numbers are the analysis layer's,
//! so the dashboard cannot drift from the CLI and the brief.

use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use entente_analysis::Session;
use entente_analysis::defaults;
use entente_analysis::dyad::{DyadRequest, series};
use entente_serve::{Data, router};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

/// One loaded dashboard for all tests (the data folder is found as the CLI finds it;
/// the cache is $ENTENTE_CACHE's, shared with the other tests of the run).
fn data() -> Arc<Data> {
    static DATA: OnceLock<Arc<Data>> = OnceLock::new();
    DATA.get_or_init(|| {
        Arc::new(Data::load(Session::new(None, None)).expect("the data folder loads"))
    })
    .clone()
}

async fn call(method: &str, uri: &str, body: Option<&str>) -> (StatusCode, Value) {
    let req = Request::builder()
        .method(method)
        .uri(uri)
        .header("content-type", "application/json")
        .body(body.map_or_else(Body::empty, |b| Body::from(b.to_string())))
        .unwrap();
    let resp = router(data()).oneshot(req).await.unwrap();
    let status = resp.status();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    let value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (status, value)
}

async fn get(uri: &str) -> (StatusCode, Value) {
    call("GET", uri, None).await
}

fn f(v: &Value) -> Option<f64> {
    v.as_f64()
}

/// Equal as JSON carries them (serde_json's parser may differ in the last bit).
fn same(json: &Value, x: Option<f64>) -> bool {
    match (json.as_f64(), x) {
        (Some(a), Some(b)) => (a - b).abs() <= 1e-12 * b.abs().max(1.0),
        (None, None) => true,
        _ => false,
    }
}

#[tokio::test]
async fn dyad_answers_the_analysis_layers_series_with_its_defaults() {
    let (status, v) = get("/api/dyad?a=China&b=Russia&from=2010&to=2024").await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["reps"], defaults::REPS as u64);
    assert_eq!(v["seed"], defaults::SEED);
    let d = data();
    let reg = d.session.registry().unwrap();
    let (chn, rus) = (reg.resolve("CHN").unwrap(), reg.resolve("RUS").unwrap());
    let expected = series(
        &d.session,
        chn,
        rus,
        &DyadRequest {
            from: 2010,
            to: 2024,
            ..DyadRequest::default()
        },
    )
    .unwrap();
    let years = v["years"].as_array().unwrap();
    assert_eq!(years.len(), expected.years.len());
    assert!(years.len() >= 14);
    for (y, e) in years.iter().zip(&expected.years) {
        assert_eq!(y["year"], e.year);
        let d = e.ideal.map(|i| i.distance);
        for (key, x) in [
            ("agree", e.agree),
            ("agree_lo", e.agree_ci.map(|c| c.0)),
            ("kappa_hi", e.kappa_ci.map(|c| c.1)),
            ("ideal_distance", d.map(|d| d.value)),
            ("ideal_distance_lo", d.map(|d| d.lo)),
        ] {
            assert!(same(&y[key], x), "{key}: {} vs {x:?}", y[key]);
        }
        // Close allies in the Assembly: agreement high, its interval around it.
        let (lo, x, hi) = (
            f(&y["agree_lo"]).unwrap(),
            f(&y["agree"]).unwrap(),
            f(&y["agree_hi"]).unwrap(),
        );
        assert!(lo <= x && x <= hi && x > 0.6, "{y}");
    }
}

#[tokio::test]
async fn bad_parameters_are_400_with_a_message() {
    for (uri, needle) in [
        ("/api/dyad?a=China", "missing parameter 'b'"),
        ("/api/dyad?a=China&b=China", "same state"),
        ("/api/dyad?a=Rusia&b=China", "did you mean Russia"),
        ("/api/dyad?a=China&b=Russia&reps=100000", "from 0 to 1000"),
        (
            "/api/dyad?a=China&b=Russia&from=1200",
            "between 1946 and 2100",
        ),
        ("/api/dyad?a=China&b=Russia&from=2020&to=2010", "after"),
        ("/api/profile?a=China&b=Russia&from=2030", "cover 1946–2024"),
        ("/api/events?a=China&b=Russia&by=week", "'by' must be"),
        (
            "/api/events?a=China&b=Russia&weight=tone",
            "'weight' must be",
        ),
        ("/api/matrix?year=1950&measure=bogus", "unknown measure"),
        ("/api/matrix?year=2101", "between 1946 and 2100"),
        ("/api/triangle?a=USA&b=CHN&c=USA", "different"),
        ("/api/evidence?a=CHN&b=RUS", "missing parameter 'year'"),
    ] {
        let (status, v) = get(uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {v}");
        let e = v["error"].as_str().unwrap_or_default();
        assert!(e.contains(needle), "{uri}: {v}");
    }
}

#[tokio::test]
async fn only_the_embedded_pages_are_served() {
    for path in [
        "/../../etc/passwd",
        "/vendor/../Cargo.toml",
        "/assets/app.js",
    ] {
        let req = Request::builder().uri(path).body(Body::empty()).unwrap();
        let resp = router(data()).oneshot(req).await.unwrap();
        assert_eq!(resp.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let req = Request::builder().uri("/dyad").body(Body::empty()).unwrap();
    let resp = router(data()).oneshot(req).await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let page = resp.into_body().collect().await.unwrap().to_bytes();
    assert!(String::from_utf8_lossy(&page).contains("/vendor/vega-lite.min.js"));
}

#[tokio::test]
async fn events_without_an_event_store_say_so() {
    let (status, v) = get("/api/events?a=China&b=Russia&weight=mentions&dedup=1").await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let files = v["files"].as_u64().expect("files is a count");
    let periods = v["periods"].as_array().expect("periods is a list");
    // No ingested files, no periods; with files, every period names its year.
    assert_eq!(files == 0, periods.is_empty() && v["rows"] == 0, "{v}");
    assert!(
        periods
            .iter()
            .all(|p| p["period"].as_str().is_some_and(|y| y.len() == 4))
    );
}

#[tokio::test]
async fn profile_contributions_sum_to_the_scores_and_years_are_clipped() {
    let (status, v) = get("/api/profile?a=CHN&b=RUS&from=2010&to=2030&reps=50").await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let years = v["years"].as_array().unwrap();
    assert_eq!(years.first().unwrap()["year"], 2010);
    assert_eq!(years.last().unwrap()["year"], defaults::INDEX_YEARS.1);
    let c = &v["contributions"];
    let year = c["year"].as_i64().unwrap();
    let row = years.iter().find(|y| y["year"] == year).unwrap();
    let score = row["alignment"].as_f64().unwrap();
    let sum: f64 = c["components"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["score"] == "alignment")
        .filter_map(|i| i["contribution"].as_f64())
        .sum();
    assert!((sum - score).abs() < 1e-9, "{sum} vs {score}");
    // Where each source ends within the years shown is part of the answer.
    assert!(
        v["source_ends"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["last_year"] == 2014)
    );
}

#[tokio::test]
async fn forecast_defaults_are_the_clis() {
    let body = r#"{"actors": [
        {"name": "A", "capability": 1, "position": 0, "salience": 0.5, "position_pm": 10},
        {"name": "B", "capability": 2, "position": 100, "salience": 0.8},
        {"name": "C", "capability": 1, "position": 60, "salience": 0.9}
    ], "scale": [0, 100]}"#;
    let (status, v) = call("POST", "/api/forecast", Some(body)).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["mc"]["runs"], defaults::MC_RUNS as u64);
    assert_eq!(v["mc"]["seed"], defaults::SEED);
    assert_eq!(
        v["mc"]["histogram"].as_array().unwrap().len(),
        defaults::HISTOGRAM_BINS
    );
    // The same draws again: the same answer.
    let (_, again) = call("POST", "/api/forecast", Some(body)).await;
    assert_eq!(v, again);
    // Built-in scenarios, strategies compared and the sensitivity, as the CLI computes them.
    let (_, list) = get("/api/scenarios").await;
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|e| e["name"] == "ukraine-un-votes")
    );
    let (status, ec) = get("/api/scenarios/ec-emissions-1994").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ec["actors"].as_array().unwrap().len(), 10);
    let (status, _) = get("/api/scenarios/nothing").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let with = r#"{"actors": [
        {"name": "A", "capability": 1, "position": 0, "salience": 1, "position_sd": 5},
        {"name": "B", "capability": 2, "position": 100, "salience": 0.8},
        {"name": "C", "capability": 1, "position": 60, "salience": 0.9}
    ], "scale": [0, 100], "mc": 200, "compare": ["Same: A.position=0", "Strong A: A.capability=10"],
       "sensitivity": true, "sensitivity_runs": 20}"#;
    let (status, v) = call("POST", "/api/forecast", Some(with)).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let rows = v["comparison"]["strategies"].as_array().unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(
        rows[1]["median"], rows[0]["median"],
        "no change, the same draws"
    );
    assert!(
        rows[2]["difference"].as_f64().unwrap() < 0.0,
        "a strong A pulls toward 0"
    );
    assert_eq!(
        v["sensitivity"]["factors"].as_array().unwrap().len(),
        3 * 3 + 6
    );
    for bad in [
        r#"{"actors": [{"name": "A", "capability": 1, "position": 0, "salience": 1}, {"name": "B", "capability": 1, "position": 1, "salience": 1}], "compare": ["X: Narnia.position=1"]}"#,
        r#"{"actors": [{"name": "A", "capability": 1, "position": 0, "salience": 1}, {"name": "B", "capability": 1, "position": 1, "salience": 1}], "sensitivity": true, "sensitivity_runs": 99999}"#,
        r#"{"actors": [{"name": "A", "capability": 1, "position": 0, "salience": 1, "position_pm": 1, "position_sd": 1}, {"name": "B", "capability": 1, "position": 1, "salience": 1}]}"#,
    ] {
        let (status, v) = call("POST", "/api/forecast", Some(bad)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {v}");
    }
    let (status, v) = call(
        "POST",
        "/api/scenarios/parse",
        Some("scale = [0, 10]\n[[actor]]\nname = 1"),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{v}");
    for bad in [
        r#"{"actors": []}"#,
        r#"{"actors":[{"name":"a","capability":1,"position":0,"salience":1}],"mc":10}"#,
        r#"{"actors": [{"name": "A", "capability": 1, "position": 0, "salience": 2}, {"name": "B", "capability": 1, "position": 1, "salience": 1}]}"#,
        r#"{"actors": [{"name": "A", "capability": 1, "position": 0, "salience": 1}, {"name": "B", "capability": 1, "position": 1, "salience": 1}], "mc": 1000000}"#,
        "not json",
    ] {
        let (status, v) = call("POST", "/api/forecast", Some(bad)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {v}");
    }
}

#[tokio::test]
async fn countries_evidence_blocs_and_sources() {
    let (_, v) = get("/api/countries?q=russ").await;
    assert!(v.as_array().unwrap().iter().any(|c| c["code"] == "RUS"));
    let (_, v) = get("/api/evidence?a=China&b=Russia&year=2021").await;
    let rcs = v["rollcalls"].as_array().unwrap();
    assert!(!rcs.is_empty());
    // ES-11/1 (2 March 2022, session year 2021): Russia no, China abstains.
    let es = rcs
        .iter()
        .find(|r| r["symbol"] == "A/RES/ES-11/1")
        .expect("ES-11/1 in 2021");
    assert_eq!(
        (es["RUS"].as_str(), es["CHN"].as_str()),
        (Some("no"), Some("abstain"))
    );
    assert_eq!(es["same"], false);
    let (_, v) = get("/api/blocs?from=2000&to=2001").await;
    assert_eq!(v.as_array().unwrap().len(), 2);
    let (_, v) = get("/api/sources").await;
    assert!(
        v.as_array()
            .unwrap()
            .iter()
            .any(|s| s.as_str().unwrap().starts_with("Source:"))
    );
}

#[tokio::test]
async fn partners_are_the_profiles_of_each_pair() {
    let (status, v) = get("/api/partners?a=CHN&year=2010").await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let list = v["partners"].as_array().unwrap();
    assert!(list.len() > 150, "{}", list.len());
    let rus = list.iter().find(|p| p["code"] == "RUS").unwrap();
    let (_, prof) = get("/api/profile?a=CHN&b=RUS&from=2010&to=2010&reps=0").await;
    assert_eq!(rus["alignment"], prof["years"][0]["alignment"]);
    assert_eq!(rus["intensity"], prof["years"][0]["intensity"]);
    let (status, v) = get("/api/partners?a=CHN&year=2030").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{v}");
}

#[tokio::test]
async fn matrix_of_alignment_is_the_profiles() {
    let (status, v) = get("/api/matrix?year=2015&measure=alignment").await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["measure"], "alignment");
    let states: Vec<&str> = v["states"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    let (i, j) = (
        states.iter().position(|s| *s == "RUS").unwrap(),
        states.iter().position(|s| *s == "UKR").unwrap(),
    );
    let (_, prof) = get("/api/profile?a=RUS&b=UKR&from=2015&to=2015&reps=0").await;
    assert_eq!(v["values"][i][j], prof["years"][0]["alignment"]);
    let (status, _) = get("/api/matrix?year=2030&measure=alignment").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn shift_is_the_analysis_layers() {
    let (status, v) = get("/api/shift?a=China&b=Russia&at=2022-02-24").await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let d = data();
    let s = &d.session;
    let [chn, rus] = s.resolve_distinct(["China", "Russia"]).unwrap();
    let direct = entente_analysis::shift::shift(
        s,
        chn,
        rus,
        &entente_analysis::shift::ShiftRequest {
            at: vec![entente_core::Date::parse("2022-02-24").unwrap()],
            ..Default::default()
        },
    )
    .unwrap();
    let rows = v["dates"][0]["rows"].as_array().unwrap();
    assert_eq!(rows.len(), direct.dates[0].rows.len());
    for (r, d) in rows.iter().zip(&direct.dates[0].rows) {
        assert_eq!(r["measure"], d.measure);
        assert!(same(&r["change"]["difference"], Some(d.change.difference)));
        assert_eq!(r["change"]["verdict"], serde_json::json!(d.change.verdict));
    }
    assert_eq!(v["dates"][0]["windows"]["at"], "2022-02-24");
    for bad in [
        "/api/shift?a=China&b=Russia",
        "/api/shift?a=China&b=Russia&at=2022",
        "/api/shift?a=China&b=Russia&at=2022-02-24&window=11",
        "/api/shift?a=China&b=China&at=2022-02-24",
    ] {
        let (status, v) = get(bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {v}");
    }
}

async fn call_with(req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Value) {
    let resp = router(data()).oneshot(req).await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        headers,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn other_sites_bodies_and_unknown_paths_are_refused_with_json() {
    // A DNS-rebinding page sends its own name as Host.
    let req = Request::get("/api/countries")
        .header("host", "evil.example:8080")
        .body(Body::empty())
        .unwrap();
    let (status, headers, v) = call_with(req).await;
    assert_eq!(status, StatusCode::MISDIRECTED_REQUEST, "{v}");
    assert!(v["error"].as_str().unwrap().contains("localhost"));
    assert_eq!(headers["x-content-type-options"], "nosniff");
    let req = Request::get("/api/countries?q=Chin")
        .header("host", "localhost:8080")
        .body(Body::empty())
        .unwrap();
    let (status, headers, _) = call_with(req).await;
    assert_eq!(status, StatusCode::OK);
    for h in [
        "content-security-policy",
        "x-frame-options",
        "x-content-type-options",
    ] {
        assert!(headers.contains_key(h), "{h}");
    }
    assert!(
        headers["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
    // A body announced larger than the limit: 413 at once, not a wait for it.
    let req = Request::post("/api/forecast")
        .header("content-length", "99999999999")
        .header("content-type", "application/json")
        .body(Body::empty())
        .unwrap();
    let (status, _, v) = call_with(req).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{v}");
    // Unknown paths and methods answer JSON with the reason.
    let (status, _, v) = call_with(Request::get("/nope").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(v["error"].as_str().unwrap().contains("/nope"));
    let (status, _, v) = call_with(Request::delete("/api/dyad").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(v["error"].as_str().unwrap().contains("DELETE"));
}

/// On a real socket: connections beyond the limit are closed at once, a connection that
/// sends no complete headers is closed after the header timeout, and the server still
/// answers afterwards.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_and_excess_connections_are_closed() {
    use std::io::{Read, Write};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let limits = entente_serve::guard::Limits {
        connections: 2,
        header_read: std::time::Duration::from_millis(300),
        ..Default::default()
    };
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(entente_serve::serve_on(data(), listener, limits, async {
        let _ = stop_rx.await;
    }));
    let outcome = tokio::task::spawn_blocking(move || {
        let t0 = std::time::Instant::now();
        let mut idle: Vec<std::net::TcpStream> = (0..2)
            .map(|_| std::net::TcpStream::connect(addr).unwrap())
            .collect();
        // A partial request line on one, nothing on the other.
        idle[0]
            .write_all(b"GET /api/countries HTTP/1.1\r\nHo")
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(100));
        let mut third = std::net::TcpStream::connect(addr).unwrap();
        third
            .set_read_timeout(Some(std::time::Duration::from_secs(5)))
            .unwrap();
        let mut buf = [0u8; 64];
        let excess_closed = matches!(third.read(&mut buf), Ok(0) | Err(_));
        let mut closed_after = Vec::new();
        for s in &mut idle {
            s.set_read_timeout(Some(std::time::Duration::from_secs(5)))
                .unwrap();
            let _ = s.read(&mut buf);
            closed_after.push(t0.elapsed());
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
        let mut ok = std::net::TcpStream::connect(addr).unwrap();
        ok.write_all(b"GET /api/sources HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            .unwrap();
        let mut answer = String::new();
        ok.read_to_string(&mut answer).unwrap();
        (excess_closed, closed_after, answer)
    })
    .await
    .unwrap();
    let _ = stop_tx.send(());
    server.await.unwrap().unwrap();
    let (excess_closed, closed_after, answer) = outcome;
    assert!(excess_closed, "the third connection is refused");
    for t in closed_after {
        assert!(
            t < std::time::Duration::from_secs(4),
            "idle connection closed after {t:?}"
        );
    }
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

/// The API checks scenarios as the CLI does: duplicate actors, positions outside the
/// scale, all capabilities 0 are refused (no silent clamping).
#[tokio::test]
async fn scenarios_are_checked_as_the_clis() {
    for body in [
        r#"{"actors":[{"name":"A","capability":1,"position":1,"salience":0.5},{"name":"a","capability":1,"position":2,"salience":0.5}]}"#,
        r#"{"scale":[0,10],"actors":[{"name":"A","capability":1,"position":11,"salience":0.5},{"name":"B","capability":1,"position":2,"salience":0.5}]}"#,
        r#"{"actors":[{"name":"A","capability":0,"position":1,"salience":0.5},{"name":"B","capability":0,"position":2,"salience":0.5}]}"#,
        r#"{"actors":[{"name":"A","capability":1e308,"position":1,"salience":0.5},{"name":"B","capability":1,"position":2,"salience":0.5}]}"#,
    ] {
        let (status, v) = call("POST", "/api/forecast", Some(body)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {v}");
    }
}

#[tokio::test]
async fn ties_are_the_evidence_of_entente_ties() {
    let (status, v) = get("/api/ties?a=Russia&b=China&from=2014&to=2020").await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let d = data();
    let [rus, chn] = d.session.resolve_distinct(["Russia", "China"]).unwrap();
    let direct =
        entente_analysis::evidence::tie_evidence(&d.session, rus, chn, 2014, 2020).unwrap();
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), direct.rows.len());
    assert!(
        rows.iter()
            .any(|r| r["evidence"] == "arms deal"
                && r["item"].as_str().unwrap().starts_with("S-400"))
    );
    let (status, _) = get("/api/ties?a=Russia&b=China&from=1800&to=2025").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_map_is_a_row_of_the_matrix_with_shapes() {
    let (status, v) = get("/api/map?a=Russia&year=2015&measure=agree").await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let (_, m) = get("/api/matrix?year=2015&measure=agree").await;
    let states: Vec<&str> = m["states"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    let (i, j) = (
        states.iter().position(|s| *s == "RUS").unwrap(),
        states.iter().position(|s| *s == "CHN").unwrap(),
    );
    let chn = v["states"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["code"] == "CHN")
        .unwrap();
    assert_eq!(chn["value"], m["values"][i][j]);
    assert_eq!(chn["m49"], "156");
    // The Soviet Union is drawn on Russia's shape; West Germany on Germany's.
    let (_, old) = get("/api/map?a=USA&year=1980&measure=agree").await;
    let find = |code: &str| {
        old["states"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["code"] == code)
            .cloned()
    };
    assert_eq!(find("RUS").unwrap()["m49"], "643");
    let gfr = old["states"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["ccode"] == 260)
        .unwrap();
    assert_eq!(gfr["m49"], "276");
    let (status, _) = get("/api/map?a=Russia&year=2015&measure=vibes").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}
