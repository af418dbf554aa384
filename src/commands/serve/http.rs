//! The preview's HTTP server: a fixed set of addresses, all answered from
//! memory, on one thread, with one more thread per open page for its
//! server-sent events.
//!
//! - `/` the preview page, `/preview.js` its script;
//! - `/state` what the last build left, as JSON (`?release=V` switches,
//!   `?redline=A` asks for the redline from release A, `?redline=` for none);
//! - `/edition` the HTML edition of the last good build;
//! - `/pages/N.png` its PDF's page N, drawn when first asked for;
//! - `/redline/N.png` page N of its redline, likewise;
//! - `/events` one event after every build.
//!
//! Anything else is 404: no file is served from disk. Requests naming another
//! host than the one listened on are refused, so that a web page elsewhere
//! cannot reach the preview through a name that resolves to this machine.

use std::io::Write;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use anyhow::Context;
use tiny_http::{Header, Request, Response};

use crate::commands::serve::Shared;
use crate::commands::watch::Signal;
use crate::error::Result;
use crate::typeset::compile::page_png;

const PAGE: &str = include_str!("preview.html");
const SCRIPT: &str = include_str!("preview.js");

/// What the pages may load: the preview its own script, state and pages; the
/// edition nothing but its own styles and images.
const PAGE_POLICY: &str =
    "default-src 'self'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'";
const EDITION_POLICY: &str =
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'self'";

/// How often an open event stream hears something while nothing is built, so
/// that a page that went away is noticed.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

pub(crate) struct Server {
    server: Arc<tiny_http::Server>,
    thread: Option<JoinHandle<()>>,
    address: SocketAddr,
}

impl Server {
    pub fn start(listener: TcpListener, bind: IpAddr, shared: Arc<Shared>) -> Result<Self> {
        let address = listener
            .local_addr()
            .context("cannot read the address listened on")?;
        let server = tiny_http::Server::from_listener(listener, None)
            .map_err(|err| anyhow::anyhow!("cannot start the server ({err})"))?;
        let server = Arc::new(server);
        let serving = Arc::clone(&server);
        let thread = std::thread::spawn(move || {
            for request in serving.incoming_requests() {
                answer(request, bind, address.port(), &shared);
            }
        });
        Ok(Self {
            server,
            thread: Some(thread),
            address,
        })
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Stops accepting requests and waits for the request under way.
    pub fn stop(mut self) {
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn answer(request: Request, bind: IpAddr, port: u16, shared: &Arc<Shared>) {
    if !host_allowed(&request, bind, port) {
        let _ = request.respond(text(403, "this preview answers only at its own address"));
        return;
    }
    if !matches!(
        request.method(),
        tiny_http::Method::Get | tiny_http::Method::Head
    ) {
        let _ = request.respond(text(405, "only GET"));
        return;
    }
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let response = match path {
        "/" => page(PAGE.as_bytes(), "text/html; charset=utf-8", PAGE_POLICY),
        "/preview.js" => page(
            SCRIPT.as_bytes(),
            "text/javascript; charset=utf-8",
            PAGE_POLICY,
        ),
        "/state" => state(shared, query),
        "/edition" => {
            let preview = shared.preview.lock().unwrap_or_else(|e| e.into_inner());
            page(&preview.edition, "text/html; charset=utf-8", EDITION_POLICY)
        }
        "/events" => {
            let shared = Arc::clone(shared);
            std::thread::spawn(move || events(request, &shared));
            return;
        }
        _ => match png_page(shared, path) {
            Some(response) => response,
            None => text(404, "not found"),
        },
    };
    let _ = request.respond(response);
}

/// Whether the request names the host listened on (or, on loopback, this
/// machine by name); a server bound to all addresses takes any.
fn host_allowed(request: &Request, bind: IpAddr, port: u16) -> bool {
    if bind.is_unspecified() {
        return true;
    }
    let Some(host) = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_ascii_lowercase())
    else {
        return false;
    };
    let host = host
        .strip_suffix(&format!(":{port}"))
        .unwrap_or(&host)
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_string();
    host.parse::<IpAddr>().is_ok_and(|ip| ip == bind)
        || (bind.is_loopback()
            && (host == "localhost" || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())))
}

type Reply = Response<std::io::Cursor<Vec<u8>>>;

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).unwrap_or_else(|()| {
        Header::from_bytes(&b"X-Invalid"[..], &b"1"[..]).expect("a valid header")
    })
}

fn page(body: &[u8], kind: &str, policy: &str) -> Reply {
    Response::from_data(body.to_vec())
        .with_header(header("Content-Type", kind))
        .with_header(header("Content-Security-Policy", policy))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
}

fn text(status: u16, body: &str) -> Reply {
    Response::from_data(body.as_bytes().to_vec())
        .with_status_code(status)
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
}

/// `/state`: with `?release=V` the switch to release V, with `?redline=A`
/// to the redline from release A (`?redline=` for none).
fn state(shared: &Shared, query: &str) -> Reply {
    let param = |name: &str| {
        query
            .split('&')
            .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
            .map(percent_decode)
    };
    let mut poke = false;
    if let Some(asked) = param("release") {
        poke |= ask(&shared.wanted, Some(asked));
    }
    if let Some(asked) = param("redline") {
        poke |= ask(
            &shared.wanted_redline,
            Some(asked).filter(|a| !a.is_empty()),
        );
    }
    if poke && let Ok(poke) = shared.poke.lock() {
        let _ = poke.send(Signal::Poke);
    }
    let preview = shared.preview.lock().unwrap_or_else(|e| e.into_inner());
    let redline = (preview.redline.good != 0).then(|| {
        serde_json::json!({
            "from": preview.redline_from,
            "good": preview.redline.good,
            "pages": preview.redline.count(),
        })
    });
    let json = serde_json::json!({
        "generation": preview.generation,
        "good": preview.good,
        "title": preview.title,
        "release": preview.release,
        "releases": preview.releases,
        "pages": preview.pages.count(),
        "redline": redline,
        "error": preview.error,
        "status": preview.status,
    });
    page(json.to_string().as_bytes(), "application/json", PAGE_POLICY)
}

/// Sets what the page asked for; whether that changed it.
fn ask(wanted: &std::sync::Mutex<Option<String>>, asked: Option<String>) -> bool {
    let mut wanted = wanted.lock().unwrap_or_else(|e| e.into_inner());
    let changed = *wanted != asked;
    *wanted = asked;
    changed
}

/// `/pages/N.png` and `/redline/N.png`: page N (from 1) of the last good
/// build's PDF or redline, drawn once.
fn png_page(shared: &Shared, path: &str) -> Option<Reply> {
    let (redline, rest) = match path.strip_prefix("/pages/") {
        Some(rest) => (false, rest),
        None => (true, path.strip_prefix("/redline/")?),
    };
    let n: usize = rest.strip_suffix(".png")?.parse().ok()?;
    let (document, good) = {
        let mut preview = shared.preview.lock().unwrap_or_else(|e| e.into_inner());
        let shown = preview.pages_mut(redline);
        if let Some(png) = shown.pngs.get(&n) {
            return Some(image(png));
        }
        (Arc::clone(shown.document.as_ref()?), shown.good)
    };
    // Drawn without the lock: the builder may go on meanwhile.
    let png = Arc::new(page_png(&document, n.checked_sub(1)?)?);
    let mut preview = shared.preview.lock().unwrap_or_else(|e| e.into_inner());
    let shown = preview.pages_mut(redline);
    if shown.good == good {
        shown.pngs.insert(n, Arc::clone(&png));
    }
    Some(image(&png))
}

fn image(png: &[u8]) -> Reply {
    Response::from_data(png.to_vec())
        .with_header(header("Content-Type", "image/png"))
        .with_header(header("Cache-Control", "no-store"))
}

/// `%xx` escapes and `+` decoded; what is not UTF-8 is replaced.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `/events`: one `data:` line per build, until the page goes away.
fn events(request: Request, shared: &Shared) {
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n";
    if writer
        .write_all(head.as_bytes())
        .and_then(|()| writer.flush())
        .is_err()
    {
        return;
    }
    let mut seen = shared.preview.lock().map(|p| p.generation).unwrap_or(0);
    loop {
        let preview = shared.preview.lock().unwrap_or_else(|e| e.into_inner());
        let (preview, _) = shared
            .built
            .wait_timeout_while(preview, KEEP_ALIVE, |p| p.generation == seen)
            .unwrap_or_else(|e| e.into_inner());
        let message = if preview.generation == seen {
            ": still here\n\n".to_string()
        } else {
            seen = preview.generation;
            format!("data: {seen}\n\n")
        };
        drop(preview);
        if writer
            .write_all(message.as_bytes())
            .and_then(|()| writer.flush())
            .is_err()
        {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::percent_decode;

    #[test]
    fn escapes_in_a_query_are_decoded() {
        assert_eq!(percent_decode("7.0%20%23beta"), "7.0 #beta");
        assert_eq!(percent_decode("a+b%"), "a b%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
    }
}
