//! The `redline` binary: parse, call the libraries, print; map errors to exit codes
//! (0 success whatever the verdict, 2 usage or input error).
#![allow(clippy::print_stderr)]

mod args;
mod commands;
mod context;
mod output;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command};
use crate::context::Context;

fn run(cli: &Cli, out: &mut dyn Write) -> anyhow::Result<()> {
    let specs: &[std::path::PathBuf] = match &cli.command {
        Command::Chips(a) => &a.common.spec,
        Command::Show(a) => &a.common.spec,
        Command::Classify(a) => &a.common.spec,
        Command::Check(a) => &a.common.spec,
        Command::Timeline(a) => &a.common.spec,
        Command::Changes(a) => &a.common.spec,
        Command::Headroom(a) => &a.common.spec,
        Command::Rules(a) => return commands::rules::run(a, out),
        Command::Schema => return output::json(out, &redline_catalog::spec::json_schema()),
        Command::Plot(a) => return commands::plot::run(a, &cli.catalog, out),
        Command::Serve(a) => return commands::serve::run(a, &cli.catalog, out),
        Command::Frontier(a) => return commands::frontier::run(a, &cli.catalog, out),
        Command::Perf(a) => return commands::perf::run_perf(a, &cli.catalog, out),
        Command::Models(a) => return commands::models::run(a, out),
        Command::Train(a) => return commands::train::run_train(a, &cli.catalog, out),
        Command::Compare(a) => return commands::compare::run_compare(a, &cli.catalog, out),
        Command::Validate(a) => return commands::validate::run_validate(a, &cli.catalog, out),
        Command::Factcheck(a) => return commands::factcheck::run(a, &cli.catalog, out),
    };
    let ctx = Context::load(&cli.catalog, specs)?;
    match &cli.command {
        Command::Chips(a) => commands::chips::run(a, &ctx, out),
        Command::Show(a) => commands::show::run(a, &ctx, out),
        Command::Classify(a) => commands::classify::run(a, &ctx, out),
        Command::Check(a) => commands::check::run(a, &ctx, out),
        Command::Timeline(a) => commands::timeline::run(a, &ctx, out),
        Command::Changes(a) => commands::changes::run(a, &ctx, out),
        Command::Headroom(a) => commands::headroom::run(a, &ctx, out),
        _ => Ok(()),
    }
}

/// A closed stdout, however the writer wrapped the I/O error.
fn is_broken_pipe(e: &(dyn std::error::Error + 'static)) -> bool {
    let pipe = std::io::ErrorKind::BrokenPipe;
    e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == pipe)
        || e.downcast_ref::<serde_json::Error>().is_some_and(|j| j.io_error_kind() == Some(pipe))
        || e.downcast_ref::<csv::Error>()
            .is_some_and(|c| matches!(c.kind(), csv::ErrorKind::Io(io) if io.kind() == pipe))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = run(&cli, &mut out).and_then(|()| out.flush().map_err(Into::into));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // A closed pipe (`redline chips | head`) is not an error.
            if err.chain().any(is_broken_pipe) {
                return ExitCode::SUCCESS;
            }
            eprintln!("redline: error: {err:#}");
            ExitCode::from(2)
        }
    }
}
