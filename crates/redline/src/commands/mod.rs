//! One module per command: parse nothing, compute nothing; call the libraries and format.
pub mod changes;
pub mod check;
pub mod chips;
pub mod classify;
pub mod compare;
pub mod factcheck;
pub mod frontier;
pub mod headroom;
pub mod models;
pub mod perf;
pub mod plot;
pub mod rules;
pub mod serve;
pub mod show;
pub mod timeline;
pub mod train;
pub mod validate;
