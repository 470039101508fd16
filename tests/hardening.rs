//! Hardening (issue 19), one module per class of failure: output safety, closed pipes,
//! recursion, CLI values, secrets, S3 state, slow clients and the smaller ones. Each test
//! failed before its fix.

#[path = "deploy_util/mod.rs"]
mod deploy_util;
mod util;

#[path = "hardening/browser.rs"]
mod browser;
#[path = "hardening/cli.rs"]
mod cli;
#[path = "hardening/init.rs"]
mod init;
#[path = "hardening/media.rs"]
mod media;
#[path = "hardening/out.rs"]
mod out;
#[path = "hardening/pipes.rs"]
mod pipes;
#[path = "hardening/props.rs"]
mod props;
#[path = "hardening/recursion.rs"]
mod recursion;
#[path = "hardening/s3.rs"]
mod s3;
#[path = "hardening/s3_foreign.rs"]
mod s3_foreign;
#[path = "hardening/serve_recursion.rs"]
mod serve_recursion;
#[allow(dead_code)]
#[path = "serve/util.rs"]
mod serve_util;
#[path = "hardening/small.rs"]
mod small;
