//! Several sandboxes behind one count (`--redis URL`).
//!
//! Every instance runs socketioxide's Redis adapter, so Socket.IO-level operations (a broadcast
//! from `io.emit`, `fetch_sockets`, `disconnect`) span the cluster. The count itself does not go
//! through the adapter: each instance publishes its *own* number of users in Redis under a lease
//! and sends its clients `local + the sum of the others' live leases`.
//!
//! * **Keys.** `sandbox:users:count:<id>` holds one instance's count with a TTL of [`LEASE`];
//!   `sandbox:users:instances` is the set of ids; `<id>` is 64 random bits per process (not an
//!   `INCR` in Redis: a Redis restarted without persistence would hand out the same ids again
//!   while old instances still use them). One Lua script ([`SYNC`]) writes this instance's count,
//!   renews its lease and sums the others atomically; it drops the ids whose lease has expired.
//! * **Changes.** The script publishes on `sandbox:users:changed` whenever this instance's count
//!   changed or it dropped a dead peer; every instance listens there and recounts at once. A lost
//!   message (a reconnect) is repaired by the periodic sync, every [`SYNC_INTERVAL`].
//! * **A killed instance.** SIGKILL leaves its key behind until the lease runs out: its count
//!   is renewed at most [`LEASE`] before it disappears, and the first instance to sync after
//!   that (within [`SYNC_INTERVAL`]) drops it and tells the others. So every remaining client
//!   sees the exact total at most `LEASE + SYNC_INTERVAL` (3.5 s) after the kill, plus one
//!   broadcast gap (≤ 300 ms, see `counter`). A graceful stop (Ctrl-C, SIGTERM) deletes the key
//!   and announces it, so the others update within a round trip.
//! * **A stalled instance** that cannot renew its lease for [`LEASE`] (Redis unreachable, a
//!   frozen process) drops out of the others' totals, and it stops counting theirs in turn: the
//!   two sides of a partition each count their own users rather than a stale number.
//!
//! Why not a single counter in Redis (`INCR`/`DECR` per connect)? A killed instance never
//! decrements, so that number would stay wrong forever. Why not `fetch_sockets()` per change?
//! It ships every socket of every instance to count them, O(users) per broadcast.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use futures_util::StreamExt;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use socketioxide_redis::RedisAdapterCtr;
use socketioxide_redis::drivers::redis::RedisDriver;
use tokio::task::JoinHandle;
use tokio::time::Instant;

use crate::throttle::Throttle;

/// How long an instance's count stays valid without renewal: the longest a killed instance's
/// users are still counted (plus [`SYNC_INTERVAL`]), and the longest stall an instance survives
/// without dropping out of the others' totals (minus one [`SYNC_INTERVAL`]).
pub(crate) const LEASE: Duration = Duration::from_secs(3);
/// How often each instance renews its lease and recounts even without any change.
pub(crate) const SYNC_INTERVAL: Duration = Duration::from_millis(500);
/// The longest wait for one Redis command (a connect, a script); a slower answer is a failure.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(2);
/// The pause before listening again after the change channel was lost.
const RESUBSCRIBE_PAUSE: Duration = Duration::from_secs(1);

/// Prefix of every key and channel of the count (the adapter's own channels use `socket.io`).
const PREFIX: &str = "sandbox:users";

/// Writes this instance's count and renews its lease, or with an empty count removes it; returns
/// the sum of the other live instances' counts. ARGV: prefix, id, count or "", lease in ms. Keys
/// are derived from the prefix rather than passed in KEYS: this is for a standalone Redis.
const SYNC: &str = r"
local prefix, id, count, lease = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local members = prefix .. ':instances'
local changed = prefix .. ':changed'
local key = prefix .. ':count:' .. id
if count == '' then
  redis.call('DEL', key)
  redis.call('SREM', members, id)
  redis.call('PUBLISH', changed, id)
  return 0
end
local old = redis.call('GET', key)
redis.call('SET', key, count, 'PX', lease)
redis.call('SADD', members, id)
local notify = old ~= count
local others = 0
for _, other in ipairs(redis.call('SMEMBERS', members)) do
  if other ~= id then
    local n = redis.call('GET', prefix .. ':count:' .. other)
    if n then
      others = others + tonumber(n)
    else
      -- its lease ran out: a killed or stalled instance
      redis.call('SREM', members, other)
      notify = true
    end
  end
end
if notify then
  redis.call('PUBLISH', changed, id)
end
return others
";

/// Why `--redis` could not be set up.
#[derive(Debug)]
pub(crate) struct ConnectError(pub(crate) String);

/// This instance's membership of the cluster count.
#[derive(Debug, Clone)]
pub(crate) struct Cluster {
    client: redis::Client,
    conn: ConnectionManager,
    id: String,
    script: Arc<redis::Script>,
    /// The last successful sync: the others stop counting us [`LEASE`] after it.
    last_ok: Arc<Mutex<Option<Instant>>>,
    warn_sync: Throttle,
    warn_listen: Throttle,
    closed: Arc<AtomicBool>,
    watcher: Arc<Mutex<Option<JoinHandle<()>>>>,
}

/// Connects to Redis for the adapter and for the count, and takes a fresh instance id.
pub(crate) async fn connect(
    url: &str,
) -> Result<(RedisAdapterCtr<RedisDriver>, Cluster), ConnectError> {
    let url = with_resp3(url);
    let client =
        redis::Client::open(url.as_str()).map_err(|e| ConnectError(format!("bad URL: {e}")))?;
    let adapter = timed("adapter", RedisAdapterCtr::new_with_redis(&client)).await?;
    let config = ConnectionManagerConfig::new()
        .set_connection_timeout(Some(COMMAND_TIMEOUT))
        .set_response_timeout(Some(COMMAND_TIMEOUT))
        // A short outage should heal quickly: the lease is only a few seconds.
        .set_max_delay(Duration::from_secs(1));
    let conn = timed(
        "connect",
        ConnectionManager::new_with_config(client.clone(), config),
    )
    .await?;
    let cluster = Cluster {
        client,
        conn,
        id: instance_id(),
        script: Arc::new(redis::Script::new(SYNC)),
        last_ok: Arc::new(Mutex::new(None)),
        warn_sync: Throttle::default(),
        warn_listen: Throttle::default(),
        closed: Arc::new(AtomicBool::new(false)),
        watcher: Arc::new(Mutex::new(None)),
    };
    Ok((adapter, cluster))
}

/// 64 random bits as hex: std's `RandomState` is seeded from the OS's randomness in each process;
/// the pid and the time are mixed in for good measure.
fn instance_id() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u32(std::process::id());
    if let Ok(since) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        hasher.write_u128(since.as_nanos());
    }
    format!("{:016x}", hasher.finish())
}

/// `fut` within [`COMMAND_TIMEOUT`], its error labelled with `what`.
async fn timed<T>(
    what: &str,
    fut: impl Future<Output = redis::RedisResult<T>>,
) -> Result<T, ConnectError> {
    match tokio::time::timeout(COMMAND_TIMEOUT, fut).await {
        Ok(result) => result.map_err(|e| ConnectError(format!("{what}: {e}"))),
        Err(_) => Err(ConnectError(format!("{what}: no answer in time"))),
    }
}

/// socketioxide-redis's driver relies on RESP3 push messages; ask for RESP3 unless the URL says
/// otherwise.
fn with_resp3(url: &str) -> String {
    if url.contains("protocol=") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&protocol=resp3")
    } else {
        format!("{url}?protocol=resp3")
    }
}

/// The URL without its password, for messages.
pub(crate) fn redacted(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}://***@{}", &rest[at + 1..]),
        None => url.to_owned(),
    }
}

impl Cluster {
    /// Publishes `local`, renews the lease and returns the sum of the other instances' counts.
    /// `None` when Redis could not be asked; after [`LEASE`] without success, 0 (see the module
    /// docs: the others no longer count us either).
    pub(crate) async fn sync(&self, local: usize) -> Option<usize> {
        let mut conn = self.conn.clone();
        let mut invocation = self.script.prepare_invoke();
        invocation
            .arg(PREFIX)
            .arg(&self.id)
            .arg(local)
            .arg(u64::try_from(LEASE.as_millis()).unwrap_or(u64::MAX));
        let result =
            tokio::time::timeout(COMMAND_TIMEOUT, invocation.invoke_async::<u64>(&mut conn)).await;
        let mut last_ok = self.last_ok.lock().unwrap_or_else(PoisonError::into_inner);
        let error = match result {
            Ok(Ok(others)) => {
                *last_ok = Some(Instant::now());
                return Some(usize::try_from(others).unwrap_or(usize::MAX));
            }
            Ok(Err(e)) => e.to_string(),
            Err(_) => "no answer in time".to_owned(),
        };
        self.warn_sync
            .warn(|| format!("cannot sync the user count with Redis: {error}"));
        match *last_ok {
            Some(at) if at.elapsed() < LEASE => None,
            _ => Some(0),
        }
    }

    /// Removes this instance from the count and tells the others, so they do not wait for the
    /// lease to run out; stops listening for changes.
    pub(crate) async fn leave(&self) {
        self.closed.store(true, Ordering::SeqCst);
        if let Some(watcher) = self
            .watcher
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
        {
            watcher.abort();
        }
        let mut conn = self.conn.clone();
        let mut invocation = self.script.prepare_invoke();
        invocation.arg(PREFIX).arg(&self.id).arg("").arg(0);
        let result =
            tokio::time::timeout(COMMAND_TIMEOUT, invocation.invoke_async::<u64>(&mut conn)).await;
        if !matches!(result, Ok(Ok(_))) {
            eprintln!(
                "sandbox: could not leave the Redis user count; the other instances drop this \
                 one within {} s",
                (LEASE + SYNC_INTERVAL).as_secs_f32()
            );
        }
    }

    /// Calls `on_change` whenever another instance announces a change, and once after each
    /// (re)subscription, since messages sent meanwhile are lost. Runs until [`Cluster::leave`].
    pub(crate) fn watch(&self, on_change: impl Fn() + Send + Sync + 'static) {
        let cluster = self.clone();
        let task = tokio::spawn(async move {
            let channel = format!("{PREFIX}:changed");
            while !cluster.closed.load(Ordering::SeqCst) {
                match cluster.listen(&channel, &on_change).await {
                    Ok(()) => cluster
                        .warn_listen
                        .warn(|| "lost the Redis change channel".to_owned()),
                    Err(e) => cluster
                        .warn_listen
                        .warn(|| format!("cannot listen to the Redis change channel: {e}")),
                }
                tokio::time::sleep(RESUBSCRIBE_PAUSE).await;
            }
        });
        *self.watcher.lock().unwrap_or_else(PoisonError::into_inner) = Some(task);
    }

    async fn listen(
        &self,
        channel: &str,
        on_change: &(impl Fn() + Send + Sync),
    ) -> redis::RedisResult<()> {
        let mut pubsub = self.client.get_async_pubsub().await?;
        pubsub.subscribe(channel).await?;
        on_change();
        let mut messages = pubsub.into_on_message();
        while let Some(message) = messages.next().await {
            // Our own announcements are for the others.
            if message.get_payload_bytes() != self.id.as_bytes() {
                on_change();
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{redacted, with_resp3};

    #[test]
    fn urls() {
        assert_eq!(
            with_resp3("redis://127.0.0.1:6379"),
            "redis://127.0.0.1:6379?protocol=resp3"
        );
        assert_eq!(
            with_resp3("redis://h/0?protocol=resp2"),
            "redis://h/0?protocol=resp2"
        );
        assert_eq!(
            with_resp3("redis://h/0?x=1"),
            "redis://h/0?x=1&protocol=resp3"
        );
        assert_eq!(redacted("redis://:pw@h:1/0"), "redis://***@h:1/0");
        assert_eq!(redacted("redis://h:1"), "redis://h:1");
    }

    #[test]
    fn ids_differ() {
        assert_ne!(super::instance_id(), super::instance_id());
    }
}
