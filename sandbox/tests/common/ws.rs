//! A raw WebSocket client over a tokio `TcpStream`, speaking Engine.IO 4 / Socket.IO 5 by hand,
//! so tests can send what no well-behaved client would: foreign origins, oversized frames,
//! broken CONNECT payloads.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// How long any single wait for the server may take before the test fails.
pub const WAIT: Duration = Duration::from_secs(10);

/// A frame from the server.
#[derive(Debug, PartialEq, Eq)]
pub enum Frame {
    Text(String),
    Binary(Vec<u8>),
    Close,
    /// The TCP connection ended (or was reset) without a close frame.
    Eof,
}

/// An open WebSocket.
#[derive(Debug)]
pub struct Ws {
    stream: TcpStream,
    buf: Vec<u8>,
}

/// The handshake's outcome when it is not `101 Switching Protocols`.
#[derive(Debug)]
pub struct Refused {
    pub status: u16,
    pub head: String,
}

impl Ws {
    /// Opens `/socket.io/?EIO=4&transport=websocket` with the given extra headers (`Host` is the
    /// address unless given).
    pub async fn open(addr: SocketAddr, headers: &[(&str, &str)]) -> Result<Ws, Refused> {
        Ws::open_at(addr, "/socket.io/?EIO=4&transport=websocket", headers).await
    }

    /// Opens a WebSocket at `target` (path and query) with the given extra headers.
    pub async fn open_at(
        addr: SocketAddr,
        target: &str,
        headers: &[(&str, &str)],
    ) -> Result<Ws, Refused> {
        let mut stream = TcpStream::connect(addr).await.expect("connect");
        // As the `ws` package (the suites' client) and browsers do: each frame goes out when it
        // is sent, not after the server has acknowledged the previous one.
        stream.set_nodelay(true).expect("TCP_NODELAY");
        let mut request = format!("GET {target} HTTP/1.1\r\n");
        if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
            request.push_str(&format!("Host: {addr}\r\n"));
        }
        request.push_str(
            "Upgrade: websocket\r\nConnection: Upgrade\r\n\
             Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n",
        );
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("\r\n");
        stream
            .write_all(request.as_bytes())
            .await
            .expect("send handshake");
        let mut buf = Vec::new();
        let end = loop {
            if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break end + 4;
            }
            let mut chunk = [0u8; 4096];
            let n = tokio::time::timeout(WAIT, stream.read(&mut chunk))
                .await
                .expect("handshake answer in time")
                .expect("read handshake");
            assert!(n > 0, "connection closed during the handshake");
            buf.extend_from_slice(&chunk[..n]);
        };
        let head = String::from_utf8_lossy(&buf[..end]).into_owned();
        let status: u16 = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .expect("status line");
        if status != 101 {
            return Err(Refused { status, head });
        }
        Ok(Ws {
            stream,
            buf: buf[end..].to_vec(),
        })
    }

    /// Sends one masked frame with the given opcode and FIN bit.
    pub async fn send_frame(
        &mut self,
        opcode: u8,
        fin: bool,
        payload: &[u8],
    ) -> std::io::Result<()> {
        let mut frame = frame_header(opcode, fin, payload.len() as u64);
        // The mask is all zeros: XOR with it leaves the payload as it is.
        frame.extend_from_slice(payload);
        self.stream.write_all(&frame).await
    }

    /// Sends a binary message in one frame.
    pub async fn send_binary(&mut self, data: &[u8]) -> std::io::Result<()> {
        self.send_frame(2, true, data).await
    }

    /// Sends a text message in one frame.
    pub async fn send_text(&mut self, text: &str) -> std::io::Result<()> {
        self.send_frame(1, true, text.as_bytes()).await
    }

    /// Announces a text frame of `len` bytes and then streams that many bytes, stopping early
    /// (with the error) when the server closes the connection.
    pub async fn send_huge_text(&mut self, len: u64) -> std::io::Result<()> {
        self.stream.write_all(&frame_header(1, true, len)).await?;
        let chunk = vec![b'a'; 64 * 1024];
        let mut left = len;
        while left > 0 {
            let n = left.min(chunk.len() as u64) as usize;
            self.stream.write_all(&chunk[..n]).await?;
            left -= n as u64;
        }
        Ok(())
    }

    /// The next frame; `None` when nothing came within `wait`. Pings are answered, pongs skipped.
    pub async fn recv_within(&mut self, wait: Duration) -> Option<Frame> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            if let Some((opcode, payload)) = self.parse_frame() {
                match opcode {
                    1 => return Some(Frame::Text(String::from_utf8_lossy(&payload).into_owned())),
                    2 => return Some(Frame::Binary(payload)),
                    8 => return Some(Frame::Close),
                    9 => {
                        let _ = self.send_frame(10, true, &payload).await;
                        continue;
                    }
                    _ => continue,
                }
            }
            let mut chunk = vec![0u8; 64 * 1024];
            match tokio::time::timeout_at(deadline, self.stream.read(&mut chunk)).await {
                Err(_elapsed) => return None,
                Ok(Ok(0)) | Ok(Err(_)) => return Some(Frame::Eof),
                Ok(Ok(n)) => self.buf.extend_from_slice(&chunk[..n]),
            }
        }
    }

    /// The next frame, failing the test when none comes in time.
    pub async fn recv(&mut self) -> Frame {
        self.recv_within(WAIT).await.expect("a frame in time")
    }

    /// The next text message, answering Engine.IO pings (`2`) on the way.
    pub async fn recv_text(&mut self) -> String {
        loop {
            match self.recv().await {
                Frame::Text(t) if t == "2" => {
                    let _ = self.send_text("3").await;
                }
                Frame::Text(t) => return t,
                other => panic!("expected a text frame, got {other:?}"),
            }
        }
    }

    /// Whether the server closes the connection within `wait`, skipping any text it still sends.
    pub async fn closed_within(&mut self, wait: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.recv_within(left).await {
                None => return false,
                Some(Frame::Close | Frame::Eof) => return true,
                Some(_) => continue,
            }
        }
    }

    /// One unmasked server frame from the buffer, if a whole one is there.
    fn parse_frame(&mut self) -> Option<(u8, Vec<u8>)> {
        let b = &self.buf;
        if b.len() < 2 {
            return None;
        }
        let opcode = b[0] & 0x0f;
        let (len, start) = match b[1] & 0x7f {
            126 if b.len() >= 4 => (u16::from_be_bytes([b[2], b[3]]) as usize, 4),
            127 if b.len() >= 10 => (
                u64::from_be_bytes(b[2..10].try_into().expect("8 bytes")) as usize,
                10,
            ),
            126 | 127 => return None,
            n => (n as usize, 2),
        };
        if b.len() < start + len {
            return None;
        }
        let payload = b[start..start + len].to_vec();
        self.buf.drain(..start + len);
        Some((opcode, payload))
    }
}

fn frame_header(opcode: u8, fin: bool, len: u64) -> Vec<u8> {
    let mut header = vec![if fin { 0x80 } else { 0 } | opcode];
    match len {
        0..=125 => header.push(0x80 | len as u8),
        126..=0xffff => {
            header.push(0x80 | 126);
            header.extend_from_slice(&(len as u16).to_be_bytes());
        }
        _ => {
            header.push(0x80 | 127);
            header.extend_from_slice(&len.to_be_bytes());
        }
    }
    header.extend_from_slice(&[0, 0, 0, 0]);
    header
}

/// A Socket.IO client on a raw WebSocket.
#[derive(Debug)]
pub struct Sio {
    pub ws: Ws,
}

/// What the server answered a CONNECT packet with.
#[derive(Debug)]
pub enum Connect {
    /// `40{"sid":...}`: connected.
    Ok(Sio),
    /// `44{...}`: refused, with the packet.
    Error(String),
    /// The connection was closed instead.
    Closed,
}

impl Sio {
    /// Opens the transport, reads the Engine.IO open packet and sends `40<auth>`.
    pub async fn connect(addr: SocketAddr, auth: &str) -> Connect {
        let mut ws = Ws::open(addr, &[]).await.expect("WebSocket accepted");
        let open = ws.recv_text().await;
        assert!(
            open.starts_with("0{"),
            "Engine.IO open packet, got {open:?}"
        );
        ws.send_text(&format!("40{auth}"))
            .await
            .expect("send CONNECT");
        loop {
            match ws.recv().await {
                Frame::Text(t) if t == "2" => {
                    let _ = ws.send_text("3").await;
                }
                Frame::Text(t) if t.starts_with("40") => return Connect::Ok(Sio { ws }),
                Frame::Text(t) if t.starts_with("44") => return Connect::Error(t),
                Frame::Text(t) => panic!("unexpected answer to CONNECT: {t:?}"),
                Frame::Close | Frame::Eof => return Connect::Closed,
                Frame::Binary(b) => panic!("unexpected binary answer to CONNECT: {b:?}"),
            }
        }
    }

    /// Connects with no auth payload, failing the test if refused.
    pub async fn join(addr: SocketAddr) -> Sio {
        match Sio::connect(addr, "").await {
            Connect::Ok(sio) => sio,
            other => panic!("connect refused: {other:?}"),
        }
    }

    /// The next `'user count'` the server sends.
    pub async fn next_count(&mut self) -> u64 {
        loop {
            let text = self.ws.recv_text().await;
            if let Some(n) = text
                .strip_prefix("42[\"user count\",")
                .and_then(|rest| rest.strip_suffix(']'))
            {
                return n.parse().expect("a number");
            }
        }
    }
}
