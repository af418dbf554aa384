//! Just enough HTTP and WebDriver to drive a headless Chromium through
//! Debian's `chromedriver` (and to ask `serve` for its pages), over plain
//! `std::net` on loopback.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// A port free on 127.0.0.1 right now.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("its address").port()
}

/// One HTTP/1.1 request to 127.0.0.1:`port`; the status and the body.
pub fn http(port: u16, method: &str, path: &str, host: &str, body: Option<&str>) -> (u16, String) {
    let (status, body) = http_bytes(port, method, path, host, body);
    (status, String::from_utf8_lossy(&body).into_owned())
}

/// [`http`], with the body as bytes (an image, say).
pub fn http_bytes(
    port: u16,
    method: &str,
    path: &str,
    host: &str,
    body: Option<&str>,
) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    let body = body.unwrap_or("");
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).expect("send");
    let bytes = read_response(&mut stream);
    let end = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(bytes.len());
    let head = String::from_utf8_lossy(&bytes[..end]).to_ascii_lowercase();
    let rest = bytes.get(end + 4..).unwrap_or(&[]);
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = if head.contains("transfer-encoding: chunked") {
        dechunk(rest)
    } else {
        rest.to_vec()
    };
    (status, body)
}

/// One response: up to its Content-Length, the end of its chunks, or the
/// connection's end (a server may keep it open despite `Connection: close`).
fn read_response(stream: &mut TcpStream) -> Vec<u8> {
    let mut bytes = vec![];
    let mut buf = [0u8; 16384];
    loop {
        let n = stream.read(&mut buf).unwrap_or(0);
        if n == 0 {
            return bytes;
        }
        bytes.extend_from_slice(&buf[..n]);
        let Some(end) = bytes.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&bytes[..end]).to_ascii_lowercase();
        let length = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse::<usize>().ok());
        if length.is_some_and(|len| bytes.len() >= end + 4 + len)
            || (head.contains("transfer-encoding: chunked") && bytes.ends_with(b"0\r\n\r\n"))
        {
            return bytes;
        }
    }
}

fn dechunk(mut rest: &[u8]) -> Vec<u8> {
    let mut out = vec![];
    while let Some(line) = rest.windows(2).position(|w| w == b"\r\n") {
        let size = String::from_utf8_lossy(&rest[..line]);
        let Ok(n) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        let after = &rest[line + 2..];
        if n == 0 || after.len() < n {
            break;
        }
        out.extend_from_slice(&after[..n]);
        rest = after[n..].strip_prefix(b"\r\n").unwrap_or(&after[n..]);
    }
    out
}

/// Whether Chromium and chromedriver are installed.
pub fn browser_available() -> bool {
    ["chromium", "chromedriver"].iter().all(|tool| {
        Command::new(tool)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

/// A headless Chromium session, ended (with its driver) on drop.
pub struct Browser {
    driver: Child,
    port: u16,
    session: String,
}

impl Browser {
    pub fn start(width: u32, height: u32) -> Self {
        let port = free_port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        let mut browser = Self {
            driver,
            port,
            session: String::new(),
        };
        let caps = json!({"capabilities": {"alwaysMatch": {"goog:chromeOptions": {"args": [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            format!("--window-size={width},{height}")
        ]}}}});
        let value = browser.call("POST", "/session", Some(caps));
        browser.session = value["sessionId"].as_str().expect("a session").to_string();
        browser
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let body = body.map(|b| b.to_string());
        let (status, text) = http(self.port, method, path, "127.0.0.1", body.as_deref());
        let value: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        assert!(status == 200, "WebDriver {method} {path}: {status} {text}");
        value["value"].clone()
    }

    pub fn goto(&self, url: &str) {
        self.call(
            "POST",
            &format!("/session/{}/url", self.session),
            Some(json!({"url": url})),
        );
    }

    /// Runs `script` (a function body) in the page and returns its value.
    pub fn eval(&self, script: &str) -> Value {
        self.call_script(script, &[])
    }

    /// Runs `script` (a function body) with `args` and returns its value.
    pub fn call_script(&self, script: &str, args: &[Value]) -> Value {
        self.call(
            "POST",
            &format!("/session/{}/execute/sync", self.session),
            Some(json!({"script": script, "args": args})),
        )
    }

    /// Polls `script` until it returns `true`; how long that took, or `None`
    /// after `limit`.
    pub fn wait_for(&self, script: &str, limit: Duration) -> Option<Duration> {
        let start = Instant::now();
        while start.elapsed() < limit {
            if self.eval(script) == Value::Bool(true) {
                return Some(start.elapsed());
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        None
    }

    /// A PNG of the window.
    pub fn screenshot(&self) -> Vec<u8> {
        use base64::Engine;
        let value = self.call(
            "GET",
            &format!("/session/{}/screenshot", self.session),
            None,
        );
        base64::engine::general_purpose::STANDARD
            .decode(value.as_str().unwrap_or(""))
            .expect("a base64 PNG")
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let path = format!("/session/{}", self.session);
        let _ = http(self.port, "DELETE", &path, "127.0.0.1", None);
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
