//! `kumo-deck serve --port 0` as a user runs it: the port it bound is read back from what it
//! prints, an edit is seen once it reports the rebuild, and Ctrl+C (SIGINT) stops it cleanly.

use super::util::{get_at, Project};
use crate::support::process::Background;
use crate::support::{kumo_in, PATIENCE};
use std::net::SocketAddr;

#[test]
fn the_binary_serves_on_the_port_it_reports_and_rebuilds_on_edits() {
    let p = Project::new();
    let mut cmd = kumo_in(&p.root);
    cmd.args(["serve", "--port", "0"]);
    let mut server = Background::spawn(cmd);
    let port = server.wait_port("the `serving … at` line", PATIENCE);
    assert_ne!(port, 0);
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let page = get_at(addr, "/en/");
    assert_eq!(page.status, 200, "{page:?}");
    assert!(page.text().contains("ALPHA-EN"), "{}", page.text());

    p.replace("content/en/01-a.md", "ALPHA-EN", "EDITED-EN");
    // The rebuild is reported on stdout once the new site is the one served.
    server.wait_line("the rebuild line", PATIENCE, |l| {
        l.starts_with("rebuilt in").then_some(())
    });
    assert!(get_at(addr, "/en/").text().contains("EDITED-EN"));

    assert_eq!(server.stop(libc::SIGINT), Some(0), "Ctrl+C is a clean stop");
    assert!(
        std::net::TcpStream::connect(addr).is_err(),
        "the port is closed after the stop"
    );
}
