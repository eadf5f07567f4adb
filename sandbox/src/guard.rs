//! Who may talk to the sandbox: the `Host` every request names, and the `Origin` of the pages
//! that open Socket.IO connections.
//!
//! **Host.** A web page on `attacker.example` can make its own name resolve to 127.0.0.1 (DNS
//! rebinding); the browser then sends that page's requests to the sandbox as *same-origin*, so
//! CORS no longer protects `/_api/*`. What still gives the page away is the `Host` header: it
//! names the attacker's domain. So a request is answered only when its `Host` is an address the
//! sandbox listens on — `127.0.0.1`, `localhost` or `[::1]` with the bound port, the `--host`
//! address, or any IP address when bound to all of them (an IP address cannot be rebound) — or a
//! name given with `--allow-host` (a forwarded port in a cloud editor). Others get 421.
//!
//! **Origin.** Browsers apply no CORS to WebSockets, and Engine.IO's long-polling `POST` is a
//! "simple" request a foreign page may send blind. So a `/socket.io/` request carrying an
//! `Origin` is refused (403) unless that origin is one the HTTP side would answer (see
//! [`crate::cors`]) or the sandbox's own address. Requests without `Origin` come from programs,
//! not pages, and pass.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::throttle::Throttle;

/// The checks of one server, shared by every request.
#[derive(Debug, Clone)]
pub(crate) struct Guard {
    port: u16,
    bound: IpAddr,
    /// `--allow-host` names, lower-case, accepted with any port.
    extra: Arc<[String]>,
    host_log: Throttle,
    origin_log: Throttle,
}

impl Guard {
    pub(crate) fn new(bound: IpAddr, port: u16, extra: &[String]) -> Guard {
        Guard {
            port,
            bound,
            extra: extra
                .iter()
                .map(|h| h.trim().trim_end_matches('.').to_ascii_lowercase())
                .filter(|h| !h.is_empty())
                .collect(),
            host_log: Throttle::default(),
            origin_log: Throttle::default(),
        }
    }

    /// Whether a `Host` header value (`name[:port]`) names this server.
    pub(crate) fn host_ok(&self, host: &str) -> bool {
        let Some((name, port)) = split_authority(host) else {
            return false;
        };
        let name = name.to_ascii_lowercase();
        if self.extra.contains(&name) {
            return true;
        }
        // A browser leaves the port out only when it is the scheme's default.
        let port_ok = port.map_or(self.port == 80, |p| p == self.port);
        port_ok && self.name_ok(&name)
    }

    fn name_ok(&self, name: &str) -> bool {
        if name == "localhost" {
            return true;
        }
        let ip = match name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
            Some(v6) => v6.parse::<Ipv6Addr>().ok().map(IpAddr::V6),
            None => name.parse::<Ipv4Addr>().ok().map(IpAddr::V4),
        };
        let Some(ip) = ip else {
            return false;
        };
        ip.is_loopback()
            || ip == self.bound
            || match self.bound {
                // `0.0.0.0` listens on every IPv4 address; `::` on every address of both kinds.
                IpAddr::V4(b) => b.is_unspecified() && ip.is_ipv4(),
                IpAddr::V6(b) => b.is_unspecified(),
            }
    }

    /// Whether a page of this origin may open a Socket.IO connection.
    pub(crate) fn origin_ok(&self, origin: &str) -> bool {
        if crate::cors::is_local_origin(origin) {
            return true;
        }
        let Some(authority) = origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"))
        else {
            return false;
        };
        // The sandbox's own page, however it was reached (`--host 192.168.1.5`, `--allow-host`).
        !authority.contains('/') && self.host_ok(authority)
    }

    fn served_hosts(&self) -> String {
        let mut hosts = vec![
            format!("127.0.0.1:{}", self.port),
            format!("localhost:{}", self.port),
            format!("[::1]:{}", self.port),
        ];
        if !self.bound.is_loopback() {
            match self.bound {
                IpAddr::V4(ip) if ip.is_unspecified() => hosts.push("any IPv4 address".into()),
                IpAddr::V6(ip) if ip.is_unspecified() => hosts.push("any IP address".into()),
                IpAddr::V4(ip) => hosts.push(format!("{ip}:{}", self.port)),
                IpAddr::V6(ip) => hosts.push(format!("[{ip}]:{}", self.port)),
            }
        }
        hosts.extend(self.extra.iter().cloned());
        hosts.join(", ")
    }
}

/// `name[:port]` → (name, port); `[v6]` keeps its brackets. `None` when malformed.
fn split_authority(authority: &str) -> Option<(&str, Option<u16>)> {
    let (name, port) = if authority.starts_with('[') {
        let end = authority.find(']')?;
        let (name, rest) = authority.split_at(end + 1);
        match rest {
            "" => (name, None),
            _ => (name, Some(rest.strip_prefix(':')?)),
        }
    } else {
        match authority.split_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (authority, None),
        }
    };
    if name.is_empty() || (!name.starts_with('[') && name.contains([':', '/', '@', ' '])) {
        return None;
    }
    let port = match port {
        None => None,
        Some(p) if !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()) => {
            Some(p.parse::<u16>().ok()?)
        }
        Some(_) => return None,
    };
    Some((name, port))
}

/// The middleware: refuses foreign `Host`s everywhere and foreign `Origin`s under `/socket.io/`.
pub(crate) async fn check(State(guard): State<Guard>, request: Request, next: Next) -> Response {
    let mut hosts = request
        .headers()
        .get_all(header::HOST)
        .iter()
        .map(HeaderValue::to_str)
        .collect::<Vec<_>>();
    // An absolute-form target (`GET http://name/ HTTP/1.1`) names a host too; it must pass as well.
    if let Some(authority) = request.uri().authority() {
        hosts.push(Ok(authority.as_str()));
    }
    let bad_host = match hosts.as_slice() {
        [] => Some(String::new()),
        _ => hosts.iter().find_map(|h| match h {
            Ok(h) if guard.host_ok(h) => None,
            Ok(h) => Some((*h).to_owned()),
            Err(_) => Some("<not text>".to_owned()),
        }),
    };
    if let Some(host) = bad_host {
        guard.host_log.warn(|| {
            format!(
                "refused a request for Host {host:?} with 421: only {} are served (a web page \
                 trying DNS rebinding? --allow-host NAME admits a name you use)",
                guard.served_hosts()
            )
        });
        return (
            StatusCode::MISDIRECTED_REQUEST,
            "this sandbox answers only requests for the address it listens on\n",
        )
            .into_response();
    }

    let path = request.uri().path();
    if path.starts_with("/socket.io/") && path != crate::client::PATH {
        let origin = request
            .headers()
            .get(header::ORIGIN)
            .map(|o| o.to_str().unwrap_or("<not text>"));
        if let Some(origin) = origin.filter(|o| !guard.origin_ok(o)) {
            guard.origin_log.warn(|| {
                format!("refused a Socket.IO connection from a page of origin {origin:?} with 403")
            });
            return (
                StatusCode::FORBIDDEN,
                "Socket.IO connections are accepted from local pages only\n",
            )
                .into_response();
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loopback(port: u16) -> Guard {
        Guard::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port, &[])
    }

    #[test]
    fn hosts_of_the_bound_address_only() {
        let g = loopback(3000);
        for ok in [
            "127.0.0.1:3000",
            "localhost:3000",
            "LocalHost:3000",
            "[::1]:3000",
            "127.0.0.2:3000",
        ] {
            assert!(g.host_ok(ok), "{ok}");
        }
        for bad in [
            "attacker.example",
            "attacker.example:3000",
            "localhost",
            "localhost:3001",
            "localhost.:3000",
            "localhost:3000:3000",
            "127.0.0.1.nip.io:3000",
            "192.168.1.5:3000",
            "[::2]:3000",
            "[::1]3000",
            "localhost:",
            "localhost:+3000",
            "user@localhost:3000",
            "",
            ":3000",
        ] {
            assert!(!g.host_ok(bad), "{bad}");
        }
        assert!(loopback(80).host_ok("localhost"));
    }

    #[test]
    fn bound_address_and_allowed_names() {
        let lan = Guard::new("192.168.1.5".parse().unwrap(), 3000, &["Box.Local".into()]);
        assert!(lan.host_ok("192.168.1.5:3000"));
        assert!(lan.host_ok("box.local"));
        assert!(lan.host_ok("box.local:443"));
        assert!(!lan.host_ok("192.168.1.6:3000"));
        assert!(!lan.host_ok("attacker.example:3000"));
        let all = Guard::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED), 3000, &[]);
        assert!(all.host_ok("10.0.0.7:3000"));
        assert!(!all.host_ok("[fe80::1]:3000"));
        assert!(!all.host_ok("attacker.example:3000"));
        let all6 = Guard::new(IpAddr::V6(Ipv6Addr::UNSPECIFIED), 3000, &[]);
        assert!(all6.host_ok("[fe80::1]:3000") && all6.host_ok("10.0.0.7:3000"));
    }

    #[test]
    fn origins() {
        let lan = Guard::new("192.168.1.5".parse().unwrap(), 3000, &[]);
        for ok in [
            "http://localhost:8080",
            "http://127.0.0.1:3000",
            "null",
            "http://192.168.1.5:3000",
        ] {
            assert!(lan.origin_ok(ok), "{ok}");
        }
        for bad in [
            "https://evil.example",
            "http://192.168.1.5:3001",
            "http://192.168.1.5:3000/x",
            "ws://localhost:3000",
        ] {
            assert!(!lan.origin_ok(bad), "{bad}");
        }
    }
}
