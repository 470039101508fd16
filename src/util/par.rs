//! `par_map`: a function over a slice on all cores, the results in item order.
//!
//! Each thread owns one contiguous chunk and takes its items from the chunk's front; a thread
//! whose chunk is done takes what is left of the others from their backs. So a helper thread
//! that the kernel starts late (a cold build runs its side threads beside the stages, more
//! threads than cores) never keeps the caller waiting on a chunk it has not begun: the caller
//! does that chunk's items itself, from the end.
//!
//! Not a shared counter handing items out one at a time to whichever thread is free (tried):
//! in paired runs of `cargo bench --bench serve` it made serve's rebuilds at 1,000 slides
//! slower (pages and link-check stages, save-to-served median 114 against 101 ms); with owned
//! chunks each thread still works through neighbouring items, and threads meet only at the end.

use std::sync::atomic::{AtomicU64, Ordering};

/// `f` over `items` on all cores, the results in item order, so nothing depends on the thread
/// count or on which thread made which result. A panic in `f` is resumed in the caller.
pub(crate) fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = cores().min(items.len());
    // Ranges are packed into one word (two 32-bit halves).
    if threads <= 1 || u32::try_from(items.len()).is_err() {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let ranges: Vec<Range> = (0..threads)
        .map(|t| Range::new(t * chunk, ((t + 1) * chunk).min(items.len())))
        .collect();
    let (f, ranges) = (&f, &ranges[..]);
    let parts: Vec<Vec<(usize, R)>> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads)
            .map(|t| scope.spawn(move || work(t, items, ranges, f)))
            .collect();
        // The caller works too: its own chunk first, then whatever the helpers left.
        let mut parts = vec![work(0, items, ranges, f)];
        for h in helpers {
            parts.push(h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        }
        parts
    });
    let mut slots: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    for (i, r) in parts.into_iter().flatten() {
        slots[i] = Some(r);
    }
    let out: Vec<R> = slots.into_iter().flatten().collect();
    debug_assert_eq!(out.len(), items.len(), "every item is taken exactly once");
    out
}

/// Thread `t`'s share: chunk `t` from the front, then the other chunks' rest from their backs.
fn work<T, R>(
    t: usize,
    items: &[T],
    ranges: &[Range],
    f: &(impl Fn(&T) -> R + Sync),
) -> Vec<(usize, R)> {
    let mut done = Vec::new();
    while let Some(i) = ranges[t].take_front() {
        done.push((i, f(&items[i])));
    }
    for k in 1..ranges.len() {
        let other = &ranges[(t + k) % ranges.len()];
        while let Some(i) = other.take_back() {
            done.push((i, f(&items[i])));
        }
    }
    done
}

/// The items of one chunk not yet taken, `front..back`, in one word so that a single
/// compare-and-swap takes an item from either end.
struct Range(AtomicU64);

impl Range {
    fn new(front: usize, back: usize) -> Self {
        Range(AtomicU64::new(pack(front, back)))
    }

    /// The next item from the front (the chunk's owner).
    fn take_front(&self) -> Option<usize> {
        self.take(|front, back| (front < back).then(|| (front, pack(front + 1, back))))
    }

    /// The last item (a thread whose own chunk is done).
    fn take_back(&self) -> Option<usize> {
        self.take(|front, back| (front < back).then(|| (back - 1, pack(front, back - 1))))
    }

    fn take(&self, step: impl Fn(usize, usize) -> Option<(usize, u64)>) -> Option<usize> {
        let mut now = self.0.load(Ordering::Acquire);
        loop {
            let (item, next) = step((now >> 32) as usize, (now & 0xffff_ffff) as usize)?;
            match self
                .0
                .compare_exchange_weak(now, next, Ordering::AcqRel, Ordering::Acquire)
            {
                Ok(_) => return Some(item),
                Err(changed) => now = changed,
            }
        }
    }
}

/// `front` and `back` (each below 2^32: `par_map` checks the length) in one word.
fn pack(front: usize, back: usize) -> u64 {
    ((front as u64) << 32) | back as u64
}

/// The cores this process may use, asked once: `available_parallelism` reads the cgroup files
/// and the affinity mask on every call, and a build maps in parallel some thirty times.
fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[test]
    fn par_map_keeps_item_order() {
        let items: Vec<usize> = (0..1000).collect();
        assert_eq!(
            par_map(&items, |i| i * 2),
            (0..1000).map(|i| i * 2).collect::<Vec<_>>()
        );
        assert!(par_map(&[] as &[u8], |b| *b).is_empty());
        assert_eq!(par_map(&[7], |i| i + 1), vec![8]);
        assert_eq!(par_map(&[1, 2, 3], |i| i * 10), vec![10, 20, 30]);
    }

    #[test]
    fn every_item_is_mapped_once_when_threads_take_from_each_other() {
        // Slow items at the start of the first chunk: the others finish early and take the
        // rest of the first chunk from its back.
        let calls = AtomicUsize::new(0);
        let items: Vec<u64> = (0..64).collect();
        let out = par_map(&items, |&i| {
            calls.fetch_add(1, Ordering::Relaxed);
            if i < 4 {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            i * i
        });
        assert_eq!(out, items.iter().map(|i| i * i).collect::<Vec<_>>());
        assert_eq!(calls.load(Ordering::Relaxed), items.len());
    }

    #[test]
    fn a_range_hands_out_each_item_once_from_either_end() {
        let r = Range::new(3, 7);
        assert_eq!(r.take_front(), Some(3));
        assert_eq!(r.take_back(), Some(6));
        assert_eq!(r.take_back(), Some(5));
        assert_eq!(r.take_front(), Some(4));
        assert_eq!((r.take_front(), r.take_back()), (None, None));
        let taken = AtomicUsize::new(0);
        let r = Range::new(0, 100_000);
        std::thread::scope(|s| {
            for t in 0..4 {
                let (r, taken) = (&r, &taken);
                s.spawn(move || {
                    let take = || {
                        if t % 2 == 0 {
                            r.take_front()
                        } else {
                            r.take_back()
                        }
                    };
                    while take().is_some() {
                        taken.fetch_add(1, Ordering::Relaxed);
                    }
                });
            }
        });
        assert_eq!(taken.load(Ordering::Relaxed), 100_000);
    }

    #[test]
    fn a_panic_in_any_thread_reaches_the_caller() {
        let items: Vec<usize> = (0..100).collect();
        let caught = std::panic::catch_unwind(|| {
            par_map(&items, |&i| {
                assert_ne!(i, 77, "item 77");
                i
            })
        });
        assert!(caught.is_err());
    }
}
