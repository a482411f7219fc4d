//! Full scans of the catalogue shared by the searches that need one at the same time. A search
//! with words but no place compares its query's vector with every listed internship: at 100,000
//! that is 38 MB of codes, and memory bandwidth, not arithmetic, bounds the scan. The model
//! answers the new queries it batched all at once, so their searches ask for their scans
//! together; one pass over the codes then scores all of them (`VectorIndex::search_batch`), for
//! little more than the cost of one.
//!
//! No thread of its own: a search that finds no scan running runs one for every search waiting
//! (at most `vecscan::BATCH`), answers them, and steps down; a search that finds one running
//! waits for the answer or for its turn to run the next.

use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

/// The searches waiting for a scan, and whether one is running, for answers of type `T`.
pub struct SharedScan<T> {
    queue: Mutex<Queue<T>>,
    done: Condvar,
}

struct Queue<T> {
    waiting: Vec<(Arc<Vec<f32>>, mpsc::Sender<T>)>,
    running: bool,
}

impl<T> Default for SharedScan<T> {
    fn default() -> Self {
        SharedScan {
            queue: Mutex::new(Queue {
                waiting: Vec::new(),
                running: false,
            }),
            done: Condvar::new(),
        }
    }
}

impl<T> SharedScan<T> {
    /// The answer `scan` gives for `vector`, scanned together with the vectors of the searches
    /// waiting at the same time: `scan` gets up to `vecscan::BATCH` vectors and returns one
    /// answer per vector, in order. Blocks (run it off the async workers). `None` only if a
    /// scan returned fewer answers than vectors.
    pub fn run(&self, vector: Arc<Vec<f32>>, scan: impl Fn(&[&[f32]]) -> Vec<T>) -> Option<T> {
        let (answer, answered) = mpsc::channel();
        let mut queue = self.lock();
        queue.waiting.push((vector, answer));
        loop {
            match answered.try_recv() {
                Ok(found) => return Some(found),
                // Its scan ran and gave no answer for it.
                Err(mpsc::TryRecvError::Disconnected) => return None,
                Err(mpsc::TryRecvError::Empty) => {}
            }
            if queue.running {
                queue = self.done.wait(queue).unwrap_or_else(|e| e.into_inner());
                continue;
            }
            queue.running = true;
            let take = queue.waiting.len().min(vecscan::BATCH);
            let batch: Vec<_> = queue.waiting.drain(..take).collect();
            drop(queue);
            // Steps down even if `scan` panics, so the others are not left waiting.
            let _step_down = StepDown(self);
            let vectors: Vec<&[f32]> = batch.iter().map(|(v, _)| v.as_slice()).collect();
            let answers = scan(&vectors);
            for ((_, reply), found) in batch.into_iter().zip(answers) {
                let _ = reply.send(found);
            }
            drop(_step_down);
            queue = self.lock();
        }
    }

    fn lock(&self) -> MutexGuard<'_, Queue<T>> {
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Marks the running scan finished and wakes the searches waiting.
struct StepDown<'a, T>(&'a SharedScan<T>);

impl<T> Drop for StepDown<'_, T> {
    fn drop(&mut self) {
        self.0.lock().running = false;
        self.0.done.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn every_search_gets_its_own_answer_and_waiting_ones_share_a_pass() {
        let shared: SharedScan<f32> = SharedScan::default();
        let passes = AtomicUsize::new(0);
        let widest = AtomicUsize::new(0);
        std::thread::scope(|s| {
            for i in 0..24 {
                let (shared, passes, widest) = (&shared, &passes, &widest);
                s.spawn(move || {
                    let found = shared.run(Arc::new(vec![i as f32]), |vectors| {
                        passes.fetch_add(1, Ordering::SeqCst);
                        widest.fetch_max(vectors.len(), Ordering::SeqCst);
                        std::thread::sleep(std::time::Duration::from_millis(20));
                        vectors.iter().map(|v| v[0] * 10.0).collect()
                    });
                    assert_eq!(found, Some(i as f32 * 10.0));
                });
            }
        });
        let passes = passes.load(Ordering::SeqCst);
        assert!(
            passes < 24,
            "searches waiting together share a pass ({passes})"
        );
        assert!(widest.load(Ordering::SeqCst) <= vecscan::BATCH);
    }

    #[test]
    fn a_scan_that_panics_leaves_no_one_waiting() {
        let shared: SharedScan<u8> = SharedScan::default();
        let failed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            shared.run(Arc::new(vec![1.0]), |_| panic!("a broken scan"))
        }));
        assert!(failed.is_err());
        assert_eq!(
            shared.run(Arc::new(vec![1.0]), |v| vec![v.len() as u8]),
            Some(1)
        );
    }
}
