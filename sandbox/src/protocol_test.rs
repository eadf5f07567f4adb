//! `--protocol-test`: the server the Socket.IO project's public conformance suites expect
//! (engine.io-protocol and socket.io-protocol `test-suite/`), so the sandbox's Socket.IO stack can
//! be checked against them. The suites read `http://localhost:3000` from their sources, hence
//! `--protocol-test --port 3000`.
//!
//! Behaviour: pingInterval 300 ms, pingTimeout 200 ms, maxPayload 1,000,000, connectTimeout
//! 1,000 ms, the first ping one pingInterval after the open packet (`first_ping`), and an
//! Engine.IO echo server at `/engine.io/` (`engine_echo`). On the Socket.IO side every connection
//! (on `/` and `/custom`) is greeted with `"auth"` and its auth payload; `"message"` is echoed as `"message-back"`, `"message-with-ack"` is acknowledged with its own
//! arguments, and `"emit-with-ack"` bounces back with an ack request whose answer is emitted once
//! more. Other namespaces are refused by socketioxide because none is registered.

use std::fmt;
use std::time::Duration;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq, SerializeTupleStruct, Serializer};
use serde::{Deserialize, Serialize};
use socketioxide::extract::{AckSender, Data, SocketRef, TryData};
use socketioxide::{SocketIo, SocketIoBuilder};

/// How long the server waits for the client's answer in the emit-with-ack exchange.
const ACK_TIMEOUT: Duration = Duration::from_millis(200);

/// The `maxPayload` the conformance suites assume.
pub(crate) const MAX_PAYLOAD: u64 = 1_000_000;

/// The `pingInterval` the conformance suites assume.
pub(crate) const PING_INTERVAL: Duration = Duration::from_millis(300);

/// The `pingTimeout` the conformance suites assume.
pub(crate) const PING_TIMEOUT: Duration = Duration::from_millis(200);

/// The Socket.IO settings the conformance suites assume.
pub(crate) fn builder() -> SocketIoBuilder {
    SocketIo::builder()
        .ping_interval(PING_INTERVAL)
        .ping_timeout(PING_TIMEOUT)
        .max_payload(MAX_PAYLOAD)
        .connect_timeout(Duration::from_millis(1000))
        .ack_timeout(ACK_TIMEOUT)
}

/// Registers the suites' namespaces; any other namespace is refused.
pub(crate) fn install(io: &SocketIo) {
    io.ns("/", on_main_connect);
    io.ns("/custom", greet);
}

/// Emits `"auth"` with the handshake's auth payload, `{}` when the client sent none.
async fn greet(socket: SocketRef, TryData(auth): TryData<Any>) {
    let auth = match auth {
        Ok(Any::Null) | Err(_) => Any::Map(Vec::new()),
        Ok(auth) => auth,
    };
    // A client gone before its greeting needs none.
    let _ = socket.emit("auth", &auth);
}

async fn on_main_connect(socket: SocketRef, auth: TryData<Any>) {
    socket.on(
        "message",
        async |socket: SocketRef, Data(args): Data<Args>| {
            let _ = socket.emit("message-back", &args);
        },
    );
    socket.on(
        "message-with-ack",
        async |Data(args): Data<Args>, ack: AckSender| {
            let _ = ack.send(&args);
        },
    );
    socket.on(
        "emit-with-ack",
        async |socket: SocketRef, Data(args): Data<Args>| {
            let Ok(reply) = socket.emit_with_ack::<_, Args>("emit-with-ack", &args) else {
                return;
            };
            if let Ok(answer) = reply.await {
                let _ = socket.emit("emit-with-ack", &answer);
            }
        },
    );
    greet(socket, auth).await;
}

/// Any Socket.IO argument, binary included. `serde_json::Value` would turn binary attachments
/// into arrays of numbers; this keeps them as bytes so an echo sends binary back as binary.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Any {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(String),
    Bytes(Vec<u8>),
    Seq(Vec<Any>),
    Map(Vec<(String, Any)>),
}

impl Serialize for Any {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Any::Null => serializer.serialize_unit(),
            Any::Bool(b) => serializer.serialize_bool(*b),
            Any::Int(i) => serializer.serialize_i64(*i),
            Any::Uint(u) => serializer.serialize_u64(*u),
            Any::Float(f) => serializer.serialize_f64(*f),
            Any::Str(s) => serializer.serialize_str(s),
            Any::Bytes(b) => serializer.serialize_bytes(b),
            Any::Seq(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Any::Map(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Any {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Any, D::Error> {
        deserializer.deserialize_any(AnyVisitor)
    }
}

struct AnyVisitor;

impl<'de> Visitor<'de> for AnyVisitor {
    type Value = Any;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any Socket.IO argument")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Any, E> {
        Ok(Any::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Any, E> {
        Ok(Any::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Any, D::Error> {
        Any::deserialize(d)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Any, E> {
        Ok(Any::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Any, E> {
        Ok(Any::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Any, E> {
        Ok(Any::Uint(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Any, E> {
        Ok(Any::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Any, E> {
        Ok(Any::Str(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Any, E> {
        Ok(Any::Str(v))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Any, E> {
        Ok(Any::Bytes(v.to_vec()))
    }
    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<Any, E> {
        Ok(Any::Bytes(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Any, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Any::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Any, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry::<String, Any>()? {
            entries.push(entry);
        }
        Ok(Any::Map(entries))
    }
}

/// All the arguments of one event, in order. It (de)serializes as a tuple struct because that is
/// how socketioxide tells "every argument" from "the first argument".
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Args(pub(crate) Vec<Any>);

impl Serialize for Args {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut tuple = serializer.serialize_tuple_struct("Args", self.0.len())?;
        for arg in &self.0 {
            tuple.serialize_field(arg)?;
        }
        tuple.end()
    }
}

impl<'de> Deserialize<'de> for Args {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Args, D::Error> {
        struct ArgsVisitor;
        impl<'de> Visitor<'de> for ArgsVisitor {
            type Value = Args;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of Socket.IO arguments")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Args, A::Error> {
                let mut args = Vec::new();
                while let Some(arg) = seq.next_element()? {
                    args.push(arg);
                }
                Ok(Args(args))
            }
        }
        // The length is only a hint for self-describing formats such as JSON.
        deserializer.deserialize_tuple_struct("Args", usize::MAX, ArgsVisitor)
    }
}
