//! Hardening (issue 19), one module per class of failure: output safety, closed pipes,
//! recursion, CLI values, secrets, S3 state, slow clients and the smaller ones. Each test
//! failed before its fix.

mod browser;
mod cli;
mod init;
mod media;
mod out;
mod pipes;
mod props;
mod recursion;
mod s3;
mod s3_foreign;
mod serve_recursion;
mod small;
