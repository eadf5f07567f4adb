//! Log lines about refused clients, at most one a second per kind, so a flood of bad requests
//! cannot flood the terminal too. The lines that were held back are counted in the next one.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

/// The shortest gap between two lines of one kind.
const GAP: Duration = Duration::from_secs(1);

/// One kind of log line.
#[derive(Debug, Clone, Default)]
pub(crate) struct Throttle {
    inner: Arc<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    /// Milliseconds since [`epoch`] before which nothing is printed.
    next_ms: AtomicU64,
    held_back: AtomicU64,
}

fn epoch() -> Instant {
    static EPOCH: OnceLock<Instant> = OnceLock::new();
    *EPOCH.get_or_init(Instant::now)
}

impl Throttle {
    /// Prints `sandbox: <message>` on stderr unless a line of this kind was printed less than a
    /// second ago; `message` is only built when it is printed.
    pub(crate) fn warn(&self, message: impl FnOnce() -> String) {
        let now = u64::try_from(epoch().elapsed().as_millis()).unwrap_or(u64::MAX);
        let next = self.inner.next_ms.load(Ordering::Relaxed);
        let gap = u64::try_from(GAP.as_millis()).unwrap_or(u64::MAX);
        if now < next
            || self
                .inner
                .next_ms
                .compare_exchange(
                    next,
                    now.saturating_add(gap),
                    Ordering::Relaxed,
                    Ordering::Relaxed,
                )
                .is_err()
        {
            self.inner.held_back.fetch_add(1, Ordering::Relaxed);
            return;
        }
        let held_back = self.inner.held_back.swap(0, Ordering::Relaxed);
        if held_back == 0 {
            eprintln!("sandbox: {}", message());
        } else {
            eprintln!(
                "sandbox: {} (and {held_back} more like it since the last such line)",
                message()
            );
        }
    }
}
