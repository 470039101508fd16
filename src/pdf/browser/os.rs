//! What launching the browser does differently on Linux: there we become a child subreaper and
//! the browser gets `PR_SET_PDEATHSIG`, so no renderer outlives a SIGKILLed kumo-deck. Elsewhere
//! (macOS) the process group, the drop's kill and the DevTools pipe (Chromium exits when it
//! closes) bound the browser's life.

use std::os::fd::RawFd;

/// Have orphaned renderers re-parented to us, so the drop can reap them (no `<defunct>`).
pub(super) fn become_subreaper() {
    // SAFETY: prctl(PR_SET_CHILD_SUBREAPER) only changes who reaps our orphaned descendants.
    #[cfg(target_os = "linux")]
    unsafe {
        libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1)
    };
}

/// In the child, between fork and exec: die with the parent `parent`, even on SIGKILL (a pipe
/// alone would leave renderers running). Only async-signal-safe calls.
pub(super) fn die_with_parent(parent: i32) -> std::io::Result<()> {
    // SAFETY: prctl, getppid and _exit are async-signal-safe.
    #[cfg(target_os = "linux")]
    unsafe {
        if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
            return Err(std::io::Error::last_os_error());
        }
        if libc::getppid() != parent {
            libc::_exit(1); // we died before prctl took effect
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = parent;
    Ok(())
}

/// A new pipe, both ends close-on-exec.
pub(super) fn pipe() -> std::io::Result<[RawFd; 2]> {
    let mut fds = [0 as RawFd; 2];
    // SAFETY: pipe2 fills two fds the caller then owns.
    #[cfg(target_os = "linux")]
    let failed = unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0;
    // No pipe2 on macOS: close-on-exec is set right after; the caller moves both fds to new
    // close-on-exec numbers anyway, before any spawn of ours.
    // SAFETY: pipe fills two fds; fcntl(F_SETFD) on them changes only their flags.
    #[cfg(not(target_os = "linux"))]
    let failed = unsafe {
        libc::pipe(fds.as_mut_ptr()) != 0
            || fds
                .iter()
                .any(|&fd| libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) != 0)
    };
    if failed {
        return Err(std::io::Error::last_os_error());
    }
    Ok(fds)
}
