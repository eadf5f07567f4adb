//! The counter the lessons teach: connect → `++currentUsers` → emit `'user count'` to everyone;
//! disconnect → `--currentUsers` → emit again.
//!
//! One tokio mutex is held across the update *and* the broadcast. A prototype that bumped an
//! atomic and emitted afterwards let two broadcasts overtake each other under a 2,000-client
//! burst, and every client ended on a stale number. Holding the lock over the emit means the
//! broadcasts leave in the order of the updates, so the last count each client gets is the truth.
//!
//! The count is the size of a set of socket ids rather than a bare integer: a socket that closes
//! before its connect handler has run is never added, and one that was never added is never
//! removed, so the number cannot go negative or drift whatever the interleaving.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use socketioxide::extract::{SocketRef, TryData};
use socketioxide::handler::ConnectHandler;
use socketioxide::socket::Sid;
use socketioxide::{BroadcastError, SocketError, SocketIo};
use tokio::sync::Mutex;

/// The event name and payload shape (a plain number) the bundled lessons use.
pub(crate) const EVENT: &str = "user count";

/// How many times a dropped count is re-sent before we give up on a stuck client.
const REPAIR_ATTEMPTS: u32 = 50;
/// Pause before each repair attempt, so a client whose buffer overflowed can drain it.
const REPAIR_PAUSE: Duration = Duration::from_millis(20);

#[derive(Debug, Default)]
struct State {
    members: HashSet<Sid>,
    /// A repair task is already scheduled; it always sends the *current* count, so one suffices.
    repair_pending: bool,
}

/// Shared by every connection of one server.
#[derive(Debug, Clone, Default)]
pub(crate) struct Counter {
    state: Arc<Mutex<State>>,
    /// The last broadcast value, readable without waiting for the lock.
    published: Arc<AtomicUsize>,
}

impl Counter {
    /// The last count broadcast.
    pub(crate) fn published(&self) -> usize {
        self.published.load(Ordering::SeqCst)
    }

    /// Registers the counter on the default namespace.
    pub(crate) fn install(&self, io: &SocketIo) {
        let counter = self.clone();
        let on_connect = async move |socket: SocketRef, io: SocketIo| {
            // Register the disconnect handler before anything can await: a socket that closes
            // later still finds it; one that already closed reads `connected() == false` below.
            let on_leave = counter.clone();
            socket.on_disconnect(async move |socket: SocketRef, io: SocketIo| {
                on_leave.leave(&io, socket.id).await;
            });
            counter.join(&io, &socket).await;
        };
        io.ns("/", on_connect.with(valid_auth));
    }

    async fn join(&self, io: &SocketIo, socket: &SocketRef) {
        let mut state = self.state.lock().await;
        // Checked under the lock: the disconnect handler needs the same lock, so it runs either
        // before this check (and we skip) or after the insert (and removes it).
        if !socket.connected() {
            return;
        }
        state.members.insert(socket.id);
        self.broadcast(io, &mut state).await;
    }

    async fn leave(&self, io: &SocketIo, sid: Sid) {
        let mut state = self.state.lock().await;
        if state.members.remove(&sid) {
            self.broadcast(io, &mut state).await;
        }
    }

    /// Sends the current count to every socket; called with the lock held.
    async fn broadcast(&self, io: &SocketIo, state: &mut State) {
        let count = state.members.len();
        self.published.store(count, Ordering::SeqCst);
        match io.emit(EVENT, &count).await {
            Ok(()) => {}
            // Sockets that closed meanwhile are on their way out: nothing to deliver to.
            Err(BroadcastError::Socket(errors))
                if errors.iter().all(|e| matches!(e, SocketError::Closed)) => {}
            Err(BroadcastError::Socket(_)) => {
                // A full send buffer drops the emit silently unless we look. The error does not
                // say which sockets, so a repair pass re-sends the current count to everyone.
                if !state.repair_pending {
                    state.repair_pending = true;
                    self.spawn_repair(io.clone());
                }
            }
            Err(e) => eprintln!("sandbox: could not broadcast '{EVENT}' {count}: {e}"),
        }
    }

    fn spawn_repair(&self, io: SocketIo) {
        let counter = self.clone();
        tokio::spawn(async move {
            for _ in 0..REPAIR_ATTEMPTS {
                tokio::time::sleep(REPAIR_PAUSE).await;
                let mut state = counter.state.lock().await;
                let count = state.members.len();
                let mut still_full = false;
                for socket in io.sockets() {
                    if let Err(socketioxide::SendError::Socket(SocketError::InternalChannelFull)) =
                        socket.emit(EVENT, &count)
                    {
                        still_full = true;
                    }
                }
                if !still_full {
                    state.repair_pending = false;
                    return;
                }
            }
            eprintln!(
                "sandbox: some clients did not drain their send buffer after {REPAIR_ATTEMPTS} \
                 retries; they may show a stale '{EVENT}'"
            );
            counter.state.lock().await.repair_pending = false;
        });
    }
}

/// The connect middleware: the auth payload of a CONNECT packet must be absent or a JSON object,
/// as in Socket.IO's own server (`40{bad` or `40[1,2]` is refused). A refused client gets a
/// CONNECT_ERROR packet and is never counted.
async fn valid_auth(
    TryData(auth): TryData<serde_json::Map<String, serde_json::Value>>,
) -> Result<(), InvalidAuth> {
    auth.map(drop).map_err(|_| InvalidAuth)
}

/// Why a connection was refused, as the client reads it in `connect_error`.
#[derive(Debug)]
struct InvalidAuth;

impl std::fmt::Display for InvalidAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("invalid auth payload: a JSON object is expected")
    }
}
