//! `fetch` and `URL` for hint code, backed by ureq and the `url` crate. Hints may reach the app
//! under test and nothing else: no other origin, no redirects away, a bounded body.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use url::Url;

const MAX_BODY: u64 = 16 << 20;

/// Which origin a hint may fetch from (none for JavaScript lessons).
pub struct Policy {
    origin: Option<Url>,
}

impl Policy {
    pub fn new(app_url: Option<&str>) -> Self {
        Policy {
            origin: app_url.and_then(|u| Url::parse(u).ok()),
        }
    }

    /// Answers `{"ok": {status, statusText, url, headers, body}}` or `{"error": "…"}`.
    pub fn fetch(
        &self,
        url: &str,
        method: &str,
        headers: &str,
        body: &str,
        deadline: Instant,
    ) -> String {
        match self.request(url, method, headers, body, deadline) {
            Ok(v) => json!({ "ok": v }).to_string(),
            Err(e) => json!({ "error": e }).to_string(),
        }
    }

    fn request(
        &self,
        url: &str,
        method: &str,
        headers: &str,
        body: &str,
        deadline: Instant,
    ) -> Result<Value, String> {
        let Some(origin) = &self.origin else {
            return Err(format!(
                "fetch(\"{url}\") is refused: this lesson's hints have no app to fetch from"
            ));
        };
        let target = origin
            .join(url)
            .map_err(|e| format!("fetch: invalid URL \"{url}\": {e}"))?;
        if target.origin() != origin.origin() {
            return Err(format!(
                "fetch(\"{target}\") is refused: hints may only fetch the app under test ({})",
                origin.origin().ascii_serialization()
            ));
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err("fetch: the hint's time is up".into());
        }
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(left.max(Duration::from_millis(1))))
            .http_status_as_error(false)
            // A redirect could lead to another origin; the hint sees the 3xx itself instead.
            .max_redirects(0)
            .max_redirects_will_error(false)
            .build()
            .into();
        let mut request = ureq::http::Request::builder()
            .method(method)
            .uri(target.as_str());
        let pairs: Vec<(String, String)> = serde_json::from_str(headers).unwrap_or_default();
        for (k, v) in pairs {
            request = request.header(k, v);
        }
        let request = request
            .body(body.to_string())
            .map_err(|e| format!("fetch: cannot build the request: {e}"))?;
        let mut response = agent
            .run(request)
            .map_err(|e| format!("fetch(\"{target}\") failed: {e}"))?;
        let status = response.status();
        let headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let text = response
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_string()
            .map_err(|e| format!("fetch(\"{target}\"): cannot read the body: {e}"))?;
        Ok(json!({
            "status": status.as_u16(),
            "statusText": status.canonical_reason().unwrap_or(""),
            "url": target.as_str(),
            "headers": headers,
            "body": text,
        }))
    }
}

/// WHATWG URL parsing for the `URL` class: `{"ok": parts}` or `{"error": "…"}`.
pub fn parse_url(input: &str, base: &str) -> String {
    let parsed = if base.is_empty() {
        Url::parse(input)
    } else {
        Url::parse(base).and_then(|b| b.join(input))
    };
    match parsed {
        Ok(u) => {
            let port = u.port().map(|p| p.to_string()).unwrap_or_default();
            let hostname = u.host_str().unwrap_or("").to_string();
            let host = if port.is_empty() {
                hostname.clone()
            } else {
                format!("{hostname}:{port}")
            };
            json!({ "ok": {
                "href": u.as_str(),
                "origin": u.origin().ascii_serialization(),
                "protocol": format!("{}:", u.scheme()),
                "host": host,
                "hostname": hostname,
                "port": port,
                "pathname": u.path(),
                "search": u.query().map(|q| format!("?{q}")).unwrap_or_default(),
                "hash": u.fragment().map(|f| format!("#{f}")).unwrap_or_default(),
                "username": u.username(),
                "password": u.password().unwrap_or(""),
            }})
            .to_string()
        }
        Err(e) => json!({ "error": format!("Invalid URL: {input} ({e})") }).to_string(),
    }
}
