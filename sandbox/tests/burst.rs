//! Coalesced broadcasts under a burst: clients that connect all at once may skip intermediate
//! numbers, but every one of them must end on the exact count, and so must the ones left after
//! half of them leave at once.

mod common;

use std::time::Duration;

use common::ws::{Sio, WAIT};

const CLIENTS: usize = 300;

/// Reads counts until `n`; fails the test if it does not come in time.
async fn settle_on(sio: &mut Sio, n: u64) {
    tokio::time::timeout(WAIT, async { while sio.next_count().await != n {} })
        .await
        .unwrap_or_else(|_| panic!("a client never saw {n}"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_ends_on_the_exact_count_everywhere() {
    let server = sandbox::start(sandbox::Config::ephemeral())
        .await
        .expect("start");
    let addr = server.local_addr();
    let joins: Vec<_> = (0..CLIENTS)
        .map(|_| tokio::spawn(Sio::join(addr)))
        .collect();
    let mut clients = Vec::new();
    for join in joins {
        clients.push(join.await.expect("client task"));
    }
    let all = CLIENTS as u64;
    let settling: Vec<_> = clients
        .into_iter()
        .map(|mut sio| {
            tokio::spawn(async move {
                settle_on(&mut sio, all).await;
                sio
            })
        })
        .collect();
    let mut clients = Vec::new();
    for s in settling {
        clients.push(s.await.expect("settle task"));
    }
    assert_eq!(server.user_count(), CLIENTS);

    // Half leave at once; the others end on exactly half.
    let stay = clients.split_off(CLIENTS / 2);
    drop(clients);
    let half = (CLIENTS - CLIENTS / 2) as u64;
    let settling: Vec<_> = stay
        .into_iter()
        .map(|mut sio| {
            tokio::spawn(async move {
                settle_on(&mut sio, half).await;
                // Nothing else follows: the last number sent is the true one.
                let extra = sio.ws.recv_within(Duration::from_millis(300)).await;
                let quiet = match &extra {
                    None => true,
                    // An Engine.IO ping is not a count.
                    Some(common::ws::Frame::Text(t)) => !t.starts_with("42"),
                    Some(_) => false,
                };
                assert!(quiet, "after settling on {half}: {extra:?}");
                sio
            })
        })
        .collect();
    let mut stay = Vec::new();
    for s in settling {
        stay.push(s.await.expect("settle task"));
    }
    assert_eq!(server.user_count(), CLIENTS - CLIENTS / 2);
    drop(stay);
    server.shutdown().await.expect("shutdown");
}
