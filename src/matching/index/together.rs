//! Full scans of the catalogue shared by the searches waiting for one. A search that needs the
//! listed internships nearest its query anywhere leaves the query here; whoever takes the next
//! turn scans once for every query left since (`VectorIndex::search_many`) and hands each its
//! answer. At 100,000 postings a scan is bound by reading the 38 MB of codes (~1.4 ms on these
//! cores) and each further query adds ~0.6 ms of arithmetic on the rows already in cache, so the
//! new queries the model embeds together (a batch of up to eight) cost about one read instead of
//! one each. A search that finds no scan running scans at once, alone, as before.

use std::sync::mpsc;
use std::sync::{Arc, Mutex, MutexGuard};

/// Queries waiting for a scan, and the turn to run one with the scores' buffers (one per query
/// of a scan, 400 KB each at 100,000 rows: kept, not allocated and zeroed again for each scan
/// by whichever thread of the blocking pool runs it — each thread's allocator would keep its own).
pub struct Together<T> {
    waiting: Mutex<Vec<Waiting<T>>>,
    turn: Mutex<Vec<Vec<f32>>>,
}

/// A query left for the next scan, and where its answer goes.
type Waiting<T> = (Arc<Vec<f32>>, mpsc::SyncSender<T>);

impl<T> Default for Together<T> {
    fn default() -> Self {
        Together {
            waiting: Mutex::new(Vec::new()),
            turn: Mutex::new(Vec::new()),
        }
    }
}

fn lock<U>(m: &Mutex<U>) -> MutexGuard<'_, U> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl<T> Together<T> {
    /// The answer `scan` gives for `query`, from a scan of every query waiting at its turn:
    /// `scan` answers the queries it is given, in their order, with the buffers given (as many as
    /// it likes). None when the scan failed. Blocks (run it off the async threads).
    pub fn scan(
        &self,
        query: Arc<Vec<f32>>,
        scan: impl FnOnce(&[&[f32]], &mut Vec<Vec<f32>>) -> Vec<T>,
    ) -> Option<T> {
        let (reply, answer) = mpsc::sync_channel(1);
        lock(&self.waiting).push((query, reply));
        let mut buffers = lock(&self.turn);
        // The scan before this turn may have taken this query with the others: its answer is in.
        if let Ok(found) = answer.try_recv() {
            return Some(found);
        }
        let batch = std::mem::take(&mut *lock(&self.waiting));
        let queries: Vec<&[f32]> = batch.iter().map(|(q, _)| q.as_slice()).collect();
        let found = scan(&queries, &mut buffers);
        for ((_, reply), found) in batch.iter().zip(found) {
            // A search that stopped waiting has dropped its end: nothing to do.
            let _ = reply.send(found);
        }
        answer.try_recv().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_query_gets_its_own_answer_and_waiting_ones_share_a_scan() {
        let together: Arc<Together<f32>> = Arc::default();
        let scans = Arc::new(Mutex::new(Vec::new()));
        let threads: Vec<_> = (0..16)
            .map(|i| {
                let (together, scans) = (together.clone(), scans.clone());
                std::thread::spawn(move || {
                    let found = together.scan(Arc::new(vec![i as f32]), |queries, _| {
                        lock(&scans).push(queries.len());
                        std::thread::sleep(std::time::Duration::from_millis(20));
                        queries.iter().map(|q| q[0] * 10.0).collect()
                    });
                    (i, found)
                })
            })
            .collect();
        for t in threads {
            let (i, found) = t.join().unwrap();
            assert_eq!(found, Some(i as f32 * 10.0));
        }
        let scans = lock(&scans);
        assert_eq!(scans.iter().sum::<usize>(), 16, "each query scanned once");
        assert!(
            scans.len() < 16,
            "queries that waited shared a scan: {scans:?}"
        );
    }

    #[test]
    fn a_failed_scan_answers_none() {
        let together: Together<f32> = Together::default();
        assert_eq!(together.scan(Arc::new(vec![1.0]), |_, _| Vec::new()), None);
        assert_eq!(
            together.scan(Arc::new(vec![2.0]), |q, _| vec![q[0][0]]),
            Some(2.0)
        );
    }
}
