//! `serve` end to end: a real server on an ephemeral loopback port over a temp copy of
//! `tests/fixtures/serve-basic`, spoken to with raw HTTP over TcpStream, in process
//! (`kumo_deck::serve::Server`), and once as the real binary; each test stops its server.

mod assets;
mod binary;
mod http;
mod reload;
mod slow;
pub(crate) mod util;
mod watch;
