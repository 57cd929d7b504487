//! The connection layer under the app: a connection cap, a header-read deadline, our own check
//! of the request head (so a malformed request line or header block gets a JSON 400, not the
//! HTTP library's empty one), the Host check against DNS rebinding, and a deadline on the
//! whole connection. Each connection carries one request (`Connection: close`), so every
//! request passes these checks.

use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use axum::http::StatusCode;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::Semaphore;
use tower::ServiceExt as _;

use crate::limits::Limits;

/// Which `Host` headers the server answers: the address it is bound to, `localhost` when that
/// is a loopback address, and the names given with `--allow-host`.
#[derive(Clone, Debug)]
pub struct HostPolicy {
    bound: SocketAddr,
    names: Vec<String>,
}

impl HostPolicy {
    /// The policy for a server bound to `bound` with extra allowed `names` (host names or
    /// addresses, without port; compared case-insensitively).
    #[must_use]
    pub fn new(bound: SocketAddr, names: &[String]) -> HostPolicy {
        let mut names: Vec<String> =
            names.iter().map(|n| n.trim().trim_end_matches('.').to_ascii_lowercase()).collect();
        if bound.ip().is_loopback() {
            // `localhost` never resolves off the machine, so it cannot be rebound.
            names.push("localhost".to_string());
        }
        if !bound.ip().is_unspecified() {
            names.push(bound.ip().to_string());
        }
        HostPolicy { bound, names }
    }

    /// Whether a `Host` header value is one this server answers.
    #[must_use]
    pub fn allows(&self, host: &str) -> bool {
        let host = host.trim();
        let (name, port) = split_host(host);
        let Some(name) = name else { return false };
        if let Some(p) = port
            && p != self.bound.port()
        {
            return false;
        }
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        let name = name.trim_start_matches('[').trim_end_matches(']');
        if let Ok(ip) = name.parse::<IpAddr>() {
            return self.names.iter().any(|n| n.parse::<IpAddr>().is_ok_and(|a| a == ip));
        }
        self.names.iter().any(|n| n == name)
    }
}

/// `name[:port]` or `[v6]:port` → (name, port); None for a port that is not a number.
fn split_host(host: &str) -> (Option<&str>, Option<u16>) {
    if host.is_empty() {
        return (None, None);
    }
    if let Some(rest) = host.strip_prefix('[') {
        let Some(end) = rest.find(']') else { return (None, None) };
        let name = &host[..end + 2];
        return match &rest[end + 1..] {
            "" => (Some(name), None),
            p => match p.strip_prefix(':').and_then(|p| p.parse().ok()) {
                Some(port) => (Some(name), Some(port)),
                None => (None, None),
            },
        };
    }
    match host.rsplit_once(':') {
        // A bare IPv6 address without brackets is not a valid Host.
        Some((name, _)) if name.contains(':') => (None, None),
        Some((name, p)) => match p.parse() {
            Ok(port) => (Some(name), Some(port)),
            Err(_) => (None, None),
        },
        None => (Some(host), None),
    }
}

/// Largest request head (request line and headers), bytes.
pub const MAX_HEAD_BYTES: usize = 16 * 1024;
/// Most headers in one request.
pub const MAX_HEADERS: usize = 64;

/// A JSON error written straight to the socket (before or instead of the app).
fn raw_error(status: StatusCode, message: &str, retry_after: Option<u64>) -> Vec<u8> {
    let body = serde_json::json!({ "error": message }).to_string();
    let retry = retry_after.map(|s| format!("retry-after: {s}\r\n")).unwrap_or_default();
    format!(
        "HTTP/1.1 {} {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\nx-content-type-options: nosniff\r\n{retry}\r\n{body}",
        status.as_u16(),
        status.canonical_reason().unwrap_or(""),
        body.len()
    )
    .into_bytes()
}

async fn refuse(mut stream: TcpStream, status: StatusCode, message: &str, retry_after: Option<u64>) {
    let bytes = raw_error(status, message, retry_after);
    let _ = tokio::time::timeout(Duration::from_secs(2), async {
        let _ = stream.write_all(&bytes).await;
        let _ = stream.shutdown().await;
        // Drain what the client still sends (a bounded amount): closing with unread data
        // resets the connection, and the client could lose the answer.
        let mut sink = [0_u8; 4096];
        let mut drained = 0;
        while drained < 256 * 1024 {
            match tokio::io::AsyncReadExt::read(&mut stream, &mut sink).await {
                Ok(0) | Err(_) => break,
                Ok(n) => drained += n,
            }
        }
    })
    .await;
}

/// What reading the head gave.
enum Head {
    /// The bytes read (the head and whatever followed it).
    Complete(Vec<u8>),
    /// A refusal to send.
    Refuse(StatusCode, String),
    /// The client went away.
    Closed,
}

/// Reads until the end of the head, within the header deadline and the size bound, and checks
/// it: a well-formed request line and headers, and an allowed `Host`.
async fn read_head(stream: &mut TcpStream, limits: &Limits, hosts: &HostPolicy) -> Head {
    use tokio::io::AsyncReadExt as _;
    let mut buf: Vec<u8> = Vec::with_capacity(1024);
    let read = tokio::time::timeout(limits.header_timeout, async {
        let mut chunk = [0_u8; 4096];
        loop {
            if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                return Ok(end + 4 <= MAX_HEAD_BYTES);
            }
            if buf.len() > MAX_HEAD_BYTES {
                return Ok(false);
            }
            let n = stream.read(&mut chunk).await?;
            if n == 0 {
                return Err(std::io::Error::from(std::io::ErrorKind::UnexpectedEof));
            }
            buf.extend_from_slice(&chunk[..n]);
        }
    })
    .await;
    match read {
        Err(_) => {
            return Head::Refuse(
                StatusCode::REQUEST_TIMEOUT,
                format!("request head not received within {} s", limits.header_timeout.as_secs_f64()),
            );
        }
        Ok(Err(_)) => return Head::Closed,
        Ok(Ok(false)) => {
            return Head::Refuse(
                StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
                format!("request head larger than {MAX_HEAD_BYTES} bytes"),
            );
        }
        Ok(Ok(true)) => {}
    }
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut req = httparse::Request::new(&mut headers);
    match req.parse(&buf) {
        Ok(httparse::Status::Complete(_)) => {}
        Err(httparse::Error::TooManyHeaders) => {
            return Head::Refuse(
                StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
                format!("more than {MAX_HEADERS} request headers"),
            );
        }
        Err(e) => return Head::Refuse(StatusCode::BAD_REQUEST, format!("malformed request: {e}")),
        Ok(httparse::Status::Partial) => {
            return Head::Refuse(StatusCode::BAD_REQUEST, "malformed request: incomplete head".to_string());
        }
    }
    let host: Vec<&[u8]> =
        req.headers.iter().filter(|h| h.name.eq_ignore_ascii_case("host")).map(|h| h.value).collect();
    match host.as_slice() {
        [one] => match std::str::from_utf8(one) {
            Ok(h) if hosts.allows(h) => Head::Complete(buf),
            Ok(h) => Head::Refuse(
                StatusCode::MISDIRECTED_REQUEST,
                format!(
                    "host {h:?} is not one this server answers (it answers the address it is bound to; add names with --allow-host)"
                ),
            ),
            Err(_) => Head::Refuse(StatusCode::BAD_REQUEST, "the Host header is not text".to_string()),
        },
        [] => Head::Refuse(StatusCode::BAD_REQUEST, "a Host header is required".to_string()),
        _ => Head::Refuse(StatusCode::BAD_REQUEST, "more than one Host header".to_string()),
    }
}

/// A stream that first replays bytes already read.
struct Replay {
    head: Vec<u8>,
    pos: usize,
    inner: TcpStream,
}

impl AsyncRead for Replay {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, out: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        if this.pos < this.head.len() {
            let n = (this.head.len() - this.pos).min(out.remaining());
            out.put_slice(&this.head[this.pos..this.pos + n]);
            this.pos += n;
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut this.inner).poll_read(cx, out)
    }
}

impl AsyncWrite for Replay {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write(cx, buf)
    }
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

async fn connection(mut stream: TcpStream, peer: SocketAddr, app: Router, limits: Arc<Limits>, hosts: Arc<HostPolicy>) {
    let head = match read_head(&mut stream, &limits, &hosts).await {
        Head::Complete(h) => h,
        Head::Refuse(status, message) => return refuse(stream, status, &message, None).await,
        Head::Closed => return,
    };
    let io = TokioIo::new(Replay { head, pos: 0, inner: stream });
    let service = hyper::service::service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
        req.extensions_mut().insert(ConnectInfo(peer));
        app.clone().oneshot(req.map(axum::body::Body::new))
    });
    let conn = hyper::server::conn::http1::Builder::new()
        .keep_alive(false)
        // Larger than any head we let through, so the library never answers on its own.
        .max_buf_size(4 * MAX_HEAD_BYTES)
        .serve_connection(io, service);
    // The whole connection (body upload, handler, response download) has a deadline, so a
    // client that reads its answer one byte a minute cannot hold a slot.
    let _ = tokio::time::timeout(limits.connection_timeout, conn).await;
}

/// Accepts connections until the listener fails for good.
///
/// # Errors
/// When the listener has no local address.
pub async fn run(listener: tokio::net::TcpListener, app: Router, limits: Limits) -> std::io::Result<()> {
    let bound = listener.local_addr()?;
    let hosts = Arc::new(HostPolicy::new(bound, &limits.allowed_hosts));
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let limits = Arc::new(limits);
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(c) => c,
            Err(_) => {
                // Out of descriptors or a connection reset before accept: back off and go on.
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        match Arc::clone(&slots).try_acquire_owned() {
            Ok(permit) => {
                let (app, limits, hosts) = (app.clone(), Arc::clone(&limits), Arc::clone(&hosts));
                tokio::spawn(async move {
                    connection(stream, peer, app, limits, hosts).await;
                    drop(permit);
                });
            }
            Err(_) => {
                let max = limits.max_connections;
                tokio::spawn(async move {
                    refuse(
                        stream,
                        StatusCode::SERVICE_UNAVAILABLE,
                        &format!("more than {max} connections open; try again"),
                        Some(1),
                    )
                    .await;
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_policy() {
        let p = HostPolicy::new("127.0.0.1:8080".parse().unwrap(), &["redline.lan".to_string()]);
        for ok in ["127.0.0.1:8080", "127.0.0.1", "localhost:8080", "LOCALHOST", "redline.lan:8080", "redline.lan."] {
            assert!(p.allows(ok), "{ok}");
        }
        // DNS rebinding: an attacker's name that resolves to 127.0.0.1.
        for bad in ["evil.example:8080", "127.0.0.1:9999", "", "127.0.0.1:x", "localhost.evil.example", "::1"] {
            assert!(!p.allows(bad), "{bad}");
        }
        let v6 = HostPolicy::new("[::1]:80".parse().unwrap(), &[]);
        assert!(v6.allows("[::1]:80") && v6.allows("[::1]") && v6.allows("localhost"));
        assert!(!v6.allows("[::2]:80"));
        let any = HostPolicy::new("0.0.0.0:80".parse().unwrap(), &[]);
        assert!(!any.allows("0.0.0.0") && !any.allows("localhost"));
    }
}
