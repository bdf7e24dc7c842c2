//! A small HTTP/1.1 stub server on 127.0.0.1:0 for tests and benches.
//!
//! Hand-written on tokio rather than axum or wiremock because the fault tests need what a
//! framework hides: dropping a connection after reading a request, sending a truncated body,
//! stalling mid-reply.

use std::{
    net::SocketAddr,
    sync::{
        Arc, Mutex,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use tokio::{
    io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader},
    net::TcpListener,
    task::JoinHandle,
};

/// One request as the stub read it.
#[derive(Debug, Clone)]
#[allow(dead_code)] // Each test binary uses a different subset of the fields.
pub(crate) struct Recorded {
    pub(crate) method: String,
    /// Path and raw query string.
    pub(crate) target: String,
    /// Header names lowercased.
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

#[allow(dead_code)]
impl Recorded {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub(crate) fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }

    pub(crate) fn query(&self) -> Option<&str> {
        self.target.split_once('?').map(|(_, q)| q)
    }
}

/// What the stub does with a request.
#[allow(dead_code)]
pub(crate) enum Action {
    /// Answer with a status, extra headers and a body.
    Respond {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Close the connection without answering (after having read the request).
    Drop,
    /// Send headers announcing `announced` bytes, send `body`, then close.
    Truncate { announced: usize, body: Vec<u8> },
    /// Wait, then do the inner action.
    Delay(Duration, Box<Action>),
}

#[allow(dead_code)]
impl Action {
    pub(crate) fn json(status: u16, body: serde_json::Value) -> Self {
        Action::Respond {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.to_string().into_bytes(),
        }
    }

    pub(crate) fn raw(status: u16, body: &str) -> Self {
        Action::Respond {
            status,
            headers: vec![],
            body: body.as_bytes().to_vec(),
        }
    }

    pub(crate) fn with_header(mut self, name: &str, value: &str) -> Self {
        if let Action::Respond { headers, .. } = &mut self {
            headers.push((name.into(), value.into()));
        }
        self
    }
}

pub(crate) type Handler = Arc<dyn Fn(&Recorded) -> Action + Send + Sync>;

pub(crate) struct Stub {
    pub(crate) addr: SocketAddr,
    pub(crate) requests: Arc<Mutex<Vec<Recorded>>>,
    /// TCP connections accepted so far.
    pub(crate) connections: Arc<AtomicUsize>,
    task: JoinHandle<()>,
}

#[allow(dead_code)]
impl Stub {
    pub(crate) async fn start(
        handler: impl Fn(&Recorded) -> Action + Send + Sync + 'static,
    ) -> Stub {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        Self::serve(listener, Arc::new(handler))
    }

    pub(crate) fn serve(listener: TcpListener, handler: Handler) -> Stub {
        Self::serve_with(listener, handler, true)
    }

    /// Like `serve`; with `record` false, requests are not kept (benches send millions).
    pub(crate) fn serve_with(listener: TcpListener, handler: Handler, record: bool) -> Stub {
        Self::serve_inner(listener, handler, record, None)
    }

    /// Serves HTTPS with `acceptor`'s certificate.
    pub(crate) fn serve_tls(
        listener: TcpListener,
        handler: Handler,
        acceptor: tokio_rustls::TlsAcceptor,
    ) -> Stub {
        Self::serve_inner(listener, handler, true, Some(acceptor))
    }

    fn serve_inner(
        listener: TcpListener,
        handler: Handler,
        record: bool,
        tls: Option<tokio_rustls::TlsAcceptor>,
    ) -> Stub {
        let addr = listener.local_addr().unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let recorded = requests.clone();
        let connections = Arc::new(AtomicUsize::new(0));
        let accepted = connections.clone();
        let task = tokio::spawn(async move {
            // Connections live in this set so that dropping the stub closes them too, as a
            // server going down would.
            let mut connections = tokio::task::JoinSet::new();
            while let Ok((stream, _)) = listener.accept().await {
                accepted.fetch_add(1, Ordering::SeqCst);
                let handler = handler.clone();
                let recorded = recorded.clone();
                let tls = tls.clone();
                let _ = stream.set_nodelay(true);
                connections.spawn(async move {
                    match tls {
                        None => {
                            let _ = serve_connection(stream, handler, recorded, record).await;
                        }
                        // A failed handshake (a client refusing our certificate) just closes.
                        Some(acceptor) => {
                            if let Ok(stream) = acceptor.accept(stream).await {
                                let _ = serve_connection(stream, handler, recorded, record).await;
                            }
                        }
                    }
                });
                // Reap finished connections so the set does not grow over a long bench.
                while connections.try_join_next().is_some() {}
            }
        });
        Stub {
            addr,
            requests,
            connections,
            task,
        }
    }

    pub(crate) fn connection_count(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    pub(crate) fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub(crate) fn recorded(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }

    /// Requests other than the login.
    pub(crate) fn events(&self) -> Vec<Recorded> {
        self.recorded()
            .into_iter()
            .filter(|r| r.path() != "/api/v3/api/login")
            .collect()
    }
}

impl Drop for Stub {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve_connection<S: AsyncRead + AsyncWrite + Unpin>(
    stream: S,
    handler: Handler,
    recorded: Arc<Mutex<Vec<Recorded>>>,
    record: bool,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let mut parts = line.split_whitespace();
        let method = parts.next().unwrap_or("").to_owned();
        let target = parts.next().unwrap_or("").to_owned();
        let mut headers = Vec::new();
        loop {
            let mut h = String::new();
            if reader.read_line(&mut h).await? == 0 {
                return Ok(());
            }
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((n, v)) = h.split_once(':') {
                headers.push((n.trim().to_ascii_lowercase(), v.trim().to_owned()));
            }
        }
        let len = headers
            .iter()
            .find(|(n, _)| n == "content-length")
            .and_then(|(_, v)| v.parse::<usize>().ok())
            .unwrap_or(0);
        let mut body = vec![0; len];
        reader.read_exact(&mut body).await?;
        let request = Recorded {
            method,
            target,
            headers,
            body,
        };
        let action = handler(&request);
        if record {
            recorded.lock().unwrap().push(request);
        }
        if !perform(reader.get_mut(), action).await? {
            return Ok(());
        }
    }
}

/// Carries out an action; false when the connection must close.
async fn perform<S: AsyncWrite + Unpin>(
    stream: &mut S,
    mut action: Action,
) -> std::io::Result<bool> {
    loop {
        match action {
            Action::Delay(d, inner) => {
                tokio::time::sleep(d).await;
                action = *inner;
            }
            Action::Drop => return Ok(false),
            Action::Truncate { announced, body } => {
                let head = format!("HTTP/1.1 200 OK\r\ncontent-length: {announced}\r\n\r\n");
                stream.write_all(head.as_bytes()).await?;
                stream.write_all(&body).await?;
                stream.flush().await?;
                return Ok(false);
            }
            Action::Respond {
                status,
                headers,
                body,
            } => {
                let mut head = format!("HTTP/1.1 {status} X\r\ncontent-length: {}\r\n", body.len());
                for (n, v) in headers {
                    head.push_str(&format!("{n}: {v}\r\n"));
                }
                head.push_str("\r\n");
                let mut out = head.into_bytes();
                out.extend_from_slice(&body);
                stream.write_all(&out).await?;
                // A no-op on TCP; pushes the TLS record out on HTTPS.
                stream.flush().await?;
                return Ok(true);
            }
        }
    }
}
