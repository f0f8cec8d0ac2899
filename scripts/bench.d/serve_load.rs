//! Load for `scripts/bench`'s credential server step (`serve.py` runs it):
//! the same number of credential requests, either to a running
//! `credbroker serve` over keep-alive connections, or as processes
//! (`credbroker credential-process`), `C` at a time.
//!
//! ```text
//! serve_load http URL TOKEN N C
//! serve_load exec N C -- COMMAND ARGS...
//! ```
//!
//! Checks every answer (HTTP 200, or exit 0) and that all carry the same
//! AccessKeyId; prints one JSON line: `{"n","concurrency","seconds",
//! "per_second","p50_ms","p99_ms","max_ms","access_key_id"}`. Never a
//! secret: answers are parsed and dropped.

#![allow(
    clippy::disallowed_macros,
    reason = "a bench tool: its JSON line goes to stdout, its error to stderr"
)]

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;

type Outcome = Result<(Vec<Duration>, String), String>;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |i: usize| -> usize {
        args.get(i)
            .and_then(|a| a.parse().ok())
            .unwrap_or_else(|| usage())
    };
    let started = Instant::now();
    let (outcome, n, c) = match args.first().map(String::as_str) {
        Some("http") if args.len() == 5 => {
            let (n, c) = (number(3), number(4));
            (http(&args[1], &args[2], n, c), n, c)
        }
        Some("exec") if args.len() > 4 && args[3] == "--" => {
            let (n, c) = (number(1), number(2));
            (exec(&args[4..], n, c), n, c)
        }
        _ => usage(),
    };
    let seconds = started.elapsed().as_secs_f64();
    let (mut times, key) = outcome.unwrap_or_else(|e| {
        eprintln!("serve_load: {e}");
        std::process::exit(1);
    });
    times.sort();
    let ms = |q: f64| {
        times[((times.len() as f64 * q) as usize).min(times.len() - 1)].as_secs_f64() * 1e3
    };
    let line = serde_json::json!({
        "n": n,
        "concurrency": c,
        "seconds": seconds,
        "per_second": n as f64 / seconds,
        "p50_ms": ms(0.50),
        "p99_ms": ms(0.99),
        "max_ms": ms(1.0),
        "access_key_id": key,
    });
    println!("{line}");
}

fn usage() -> ! {
    eprintln!("usage: serve_load http URL TOKEN N C | serve_load exec N C -- COMMAND ARGS...");
    std::process::exit(2);
}

/// The key id in a credentials answer (the server's or credential_process').
fn key_of(body: &[u8]) -> Result<String, String> {
    let v: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| format!("an answer is not JSON: {e}"))?;
    v["AccessKeyId"]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| "an answer has no AccessKeyId".into())
}

/// `n` requests over `c` connections, each kept alive for its share.
fn http(url: &str, token: &str, n: usize, c: usize) -> Outcome {
    let rest = url
        .strip_prefix("http://")
        .ok_or("the URL is not http://")?;
    let (host, path) = rest.split_at(rest.find('/').ok_or("the URL has no path")?);
    let (host, path, token) = (host.to_string(), path.to_string(), token.to_string());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..c {
            let share = n / c + usize::from(i < n % c);
            let (host, path, token) = (host.clone(), path.clone(), token.clone());
            tasks.spawn(async move { connection(&host, &path, &token, share).await });
        }
        let mut times = Vec::with_capacity(n);
        let mut keys = Vec::new();
        while let Some(done) = tasks.join_next().await {
            let (t, key) = done.map_err(|e| e.to_string())??;
            times.extend(t);
            keys.push(key);
        }
        same_key(times, keys)
    })
}

async fn connection(host: &str, path: &str, token: &str, n: usize) -> Outcome {
    let stream = tokio::net::TcpStream::connect(host)
        .await
        .map_err(|e| format!("cannot connect to {host}: {e}"))?;
    stream.set_nodelay(true).map_err(|e| e.to_string())?;
    let (mut sender, conn) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
            .await
            .map_err(|e| e.to_string())?;
    tokio::spawn(conn);
    let mut times = Vec::with_capacity(n);
    let mut key = String::new();
    for _ in 0..n {
        let request = hyper::Request::get(path)
            .header(hyper::header::HOST, host)
            .header(hyper::header::AUTHORIZATION, token)
            .body(Empty::<Bytes>::new())
            .map_err(|e| e.to_string())?;
        let start = Instant::now();
        let response = sender
            .send_request(request)
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status();
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|e| e.to_string())?
            .to_bytes();
        times.push(start.elapsed());
        if status != hyper::StatusCode::OK {
            return Err(format!("the server answered {status}"));
        }
        key = key_of(&body)?;
    }
    Ok((times, key))
}

/// `n` runs of `argv`, `c` at a time.
fn exec(argv: &[String], n: usize, c: usize) -> Outcome {
    let next = Arc::new(Mutex::new(0usize));
    let workers: Vec<_> = (0..c)
        .map(|_| {
            let (next, argv) = (next.clone(), argv.to_vec());
            std::thread::spawn(move || -> Outcome {
                let mut times = Vec::new();
                let mut key = String::new();
                loop {
                    {
                        let mut taken = next.lock().unwrap();
                        if *taken == n {
                            break;
                        }
                        *taken += 1;
                    }
                    let start = Instant::now();
                    let out = std::process::Command::new(&argv[0])
                        .args(&argv[1..])
                        .stderr(std::process::Stdio::inherit())
                        .output()
                        .map_err(|e| format!("cannot run {}: {e}", argv[0]))?;
                    times.push(start.elapsed());
                    if !out.status.success() {
                        return Err(format!("{} exited with {}", argv[0], out.status));
                    }
                    key = key_of(&out.stdout)?;
                }
                Ok((times, key))
            })
        })
        .collect();
    let mut times = Vec::with_capacity(n);
    let mut keys = Vec::new();
    for worker in workers {
        let (t, key) = worker
            .join()
            .map_err(|_| "a worker panicked".to_string())??;
        times.extend(t);
        keys.push(key);
    }
    same_key(times, keys)
}

fn same_key(times: Vec<Duration>, keys: Vec<String>) -> Outcome {
    let keys: Vec<String> = keys.into_iter().filter(|k| !k.is_empty()).collect();
    match keys.first() {
        Some(first) if keys.iter().all(|k| k == first) => Ok((times, first.clone())),
        Some(_) => Err("the answers carry different AccessKeyIds".into()),
        None => Err("no answer".into()),
    }
}
