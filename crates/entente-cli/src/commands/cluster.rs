//! `entente cluster scheduler|executor`: the processes of an Apache Ballista cluster.

use anyhow::Result;

use crate::context::{Context, user_error};

/// Start the processes of an Apache Ballista cluster for `--cluster`.
///
/// One scheduler plans the queries; executors (one or more per machine) run their
/// tasks and exchange data over Arrow Flight. Every executor must read the tables by
/// the path the client gives: the same shared folder on every machine, or an
/// s3://bucket/prefix with the AWS_* variables set in every process; see
/// docs/cluster.md for a multi-machine deployment. Both run until stopped (Ctrl-C or
/// SIGTERM).
///
/// Needs a build with the cluster: cargo build --release --features cluster.
///
/// Examples:
///   entente cluster scheduler --port 50050
///   entente cluster executor --scheduler 127.0.0.1:50050 --port 50051 --grpc-port 50052
///   entente cluster executor --scheduler 127.0.0.1:50050 --port 50061 --grpc-port 50062
///   entente sql --cluster df://127.0.0.1:50050 --tables /shared/p "SELECT count(*) FROM events"
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[command(subcommand)]
    pub role: Role,
}

#[derive(clap::Subcommand, Debug)]
pub enum Role {
    /// Run a scheduler (clients connect to df://HOST:PORT).
    Scheduler {
        /// Address to listen on (0.0.0.0 for all interfaces).
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Port of the scheduler's gRPC service (clients and executors connect to it).
        #[arg(long, default_value_t = 50050)]
        port: u16,
        /// Host name by which executors and clients reach this machine.
        #[arg(long, default_value = "localhost")]
        external_host: String,
    },
    /// Run an executor attached to a scheduler.
    Executor {
        /// The scheduler, HOST:PORT.
        #[arg(long, default_value = "127.0.0.1:50050")]
        scheduler: String,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Host name by which the scheduler and other executors reach this one
        /// (default: the bind address).
        #[arg(long)]
        external_host: Option<String>,
        /// Arrow Flight port (results and shuffle data).
        #[arg(long, default_value_t = 50051)]
        port: u16,
        /// gRPC port (tasks).
        #[arg(long, default_value_t = 50052)]
        grpc_port: u16,
        /// Concurrent tasks (default: the number of cores).
        #[arg(long)]
        slots: Option<usize>,
        /// Folder for shuffle files (default: a temporary folder).
        #[arg(long)]
        work_dir: Option<std::path::PathBuf>,
    },
}

#[cfg(feature = "cluster")]
pub fn run(_ctx: &Context, args: Args) -> Result<()> {
    use entente_sql::cluster;
    match args.role {
        Role::Scheduler {
            bind,
            port,
            external_host,
        } => {
            eprintln!(
                "Ballista scheduler on {bind}:{port} (clients: --cluster df://{external_host}:{port})"
            );
            cluster::scheduler(&cluster::SchedulerOptions {
                bind,
                port,
                external_host,
            })
            .map_err(|e| user_error(e.to_string()))
        }
        Role::Executor {
            scheduler,
            bind,
            external_host,
            port,
            grpc_port,
            slots,
            work_dir,
        } => {
            let (host, sport) = scheduler
                .rsplit_once(':')
                .and_then(|(h, p)| Some((h.to_string(), p.parse::<u16>().ok()?)))
                .ok_or_else(|| {
                    user_error(format!(
                        "--scheduler '{scheduler}' is not HOST:PORT (e.g. 127.0.0.1:50050)"
                    ))
                })?;
            let slots = slots
                .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
            eprintln!(
                "Ballista executor on {bind}:{port} (gRPC {grpc_port}), {slots} task slot(s), scheduler {host}:{sport}"
            );
            cluster::executor(&cluster::ExecutorOptions {
                scheduler_host: host,
                scheduler_port: sport,
                external_host: external_host.or_else(|| (bind != "0.0.0.0").then(|| bind.clone())),
                bind,
                port,
                grpc_port,
                slots,
                work_dir: work_dir.map(|d| d.display().to_string()),
            })
            .map_err(|e| user_error(e.to_string()))
        }
    }
}

#[cfg(not(feature = "cluster"))]
pub fn run(_ctx: &Context, _args: Args) -> Result<()> {
    Err(user_error(
        "this entente was built without cluster support: cargo build --release --features cluster",
    ))
}
