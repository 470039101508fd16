//! A built site over loopback for a browser kumo-deck drives (`pdf`, `check --layout`): the
//! server `serve` runs (its limits, time-outs and Host check), on 127.0.0.1 and a free port,
//! with a fixed site, nothing injected and a policy that lets the page reach nothing else.

use super::http::{HttpServer, Listener};
use super::routes::Router;
use crate::diag::Diagnostic;
use crate::site::Site;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

/// A running server of one site; it stops when dropped.
pub struct SiteServer {
    http: HttpServer,
}

impl SiteServer {
    /// Serve `site` on 127.0.0.1 and a port the system picks.
    pub fn start(site: Arc<Site>) -> Result<SiteServer, Diagnostic> {
        let fail = |e: std::io::Error| {
            Diagnostic::error(format!("cannot start the render server on 127.0.0.1: {e}"))
        };
        let listener = Listener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).map_err(fail)?;
        let router = Router::fixed(site, listener.addr());
        let http = listener
            .serve(Arc::new(move |req| router.handle(req)))
            .map_err(fail)?;
        Ok(SiteServer { http })
    }

    /// `http://127.0.0.1:<port>`, without a trailing slash.
    pub fn origin(&self) -> String {
        format!("http://{}", self.http.addr())
    }
}
