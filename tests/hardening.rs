//! Hardening (issue 19), one module per class of failure: output safety, closed pipes,
//! recursion, CLI values, secrets, S3 state, slow clients and the smaller ones. Each test
//! failed before its fix.

mod util;

#[path = "hardening/cli.rs"]
mod cli;
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
#[path = "hardening/small.rs"]
mod small;
