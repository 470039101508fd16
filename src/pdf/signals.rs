//! SIGINT/SIGTERM/SIGHUP while a browser runs: kill every browser process group at once, and
//! let the waiting code see the signal so it unwinds, reaps and removes the profile.
//!
//! This is the one piece of process-wide mutable state in kumo-deck: a signal handler can only
//! reach statics. It holds only atomics, touched with async-signal-safe calls.

use std::sync::atomic::{AtomicI32, AtomicUsize, Ordering};
use std::sync::Once;

/// Process groups of the running browsers (0 = free slot).
static GROUPS: [AtomicI32; 16] = [const { AtomicI32::new(0) }; 16];
/// Browsers between launch and drop; while none runs, a signal keeps its default effect.
static ACTIVE: AtomicUsize = AtomicUsize::new(0);
/// The first signal received while a browser ran (0 = none).
static RECEIVED: AtomicI32 = AtomicI32::new(0);

extern "C" fn on_signal(sig: libc::c_int) {
    for g in &GROUPS {
        let pgid = g.load(Ordering::SeqCst);
        if pgid > 0 {
            // SAFETY: kill(2) is async-signal-safe.
            unsafe { libc::kill(-pgid, libc::SIGKILL) };
        }
    }
    if ACTIVE.load(Ordering::SeqCst) == 0 {
        // SAFETY: signal(2) and raise(3) are async-signal-safe; this restores the default death.
        unsafe {
            libc::signal(sig, libc::SIG_DFL);
            libc::raise(sig);
        }
        return;
    }
    let _ = RECEIVED.compare_exchange(0, sig, Ordering::SeqCst, Ordering::SeqCst);
}

/// Install the handler once per process.
pub(super) fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        for sig in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
            // SAFETY: a zeroed sigaction with our handler and an empty mask is valid.
            unsafe {
                let mut old: libc::sigaction = std::mem::zeroed();
                libc::sigaction(sig, std::ptr::null(), &mut old);
                if old.sa_sigaction == libc::SIG_IGN {
                    continue; // ignored on purpose (nohup, a parent's choice): keep it so
                }
                let mut sa: libc::sigaction = std::mem::zeroed();
                sa.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as usize;
                sa.sa_flags = libc::SA_RESTART;
                libc::sigemptyset(&mut sa.sa_mask);
                libc::sigaction(sig, &sa, std::ptr::null_mut());
            }
        }
    });
}

/// Whether a signal arrived while a browser ran.
pub(super) fn interrupted() -> bool {
    RECEIVED.load(Ordering::SeqCst) != 0
}

/// The signal that interrupted the export, if any (for the exit code 128 + n).
pub fn received() -> Option<i32> {
    Some(RECEIVED.load(Ordering::SeqCst)).filter(|&s| s != 0)
}

/// Count a browser as starting (before spawn, so a signal during the spawn is not lost).
pub(super) fn starting() {
    ACTIVE.fetch_add(1, Ordering::SeqCst);
}

/// Record a started browser's process group.
pub(super) fn register(pgid: i32) {
    for g in &GROUPS {
        if g.compare_exchange(0, pgid, Ordering::SeqCst, Ordering::SeqCst)
            .is_ok()
        {
            return;
        }
    }
    // More than 16 browsers at once: this one still dies with us through PR_SET_PDEATHSIG.
}

/// Forget a group that has been killed; `stopped` ends the count `starting` began.
pub(super) fn unregister(pgid: i32) {
    for g in &GROUPS {
        let _ = g.compare_exchange(pgid, 0, Ordering::SeqCst, Ordering::SeqCst);
    }
}

/// A browser is gone (or never started).
pub(super) fn stopped() {
    ACTIVE.fetch_sub(1, Ordering::SeqCst);
}
