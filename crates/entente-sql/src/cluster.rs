//! Apache Ballista: a client session on a scheduler, and the scheduler and executor
//! processes themselves (`entente cluster scheduler|executor`). Executors run
//! DataFusion's plans over the Parquet tables: entente's readers are not shipped to
//! them; raw event files are converted to Parquet first (`entente export
//! --events-from`), so every executor needs only the files (docs/cluster.md).

use std::sync::Arc;

use ballista::prelude::SessionContextExt;
use ballista_core::object_store::{
    runtime_env_with_s3_support, session_config_with_s3_support, session_state_with_s3_support,
    state_with_s3_support,
};
use ballista_executor::executor_process::{ExecutorProcessConfig, start_executor_process};
use ballista_scheduler::cluster::BallistaCluster;
use ballista_scheduler::config::SchedulerConfig;
use ballista_scheduler::scheduler_process::start_server;
use datafusion::prelude::SessionContext;

use crate::SqlError;
use crate::engine::{block_on, err};

/// A session whose queries run on the Ballista scheduler at `url` (`df://host:port`);
/// with `s3`, able to read `s3://` tables (credentials and endpoint from the usual
/// AWS_* environment variables of each process).
pub(crate) async fn remote(url: &str, s3: bool) -> Result<SessionContext, SqlError> {
    if !url.starts_with("df://") {
        return Err(SqlError::Engine(format!(
            "'{url}' is not a Ballista scheduler URL: use df://HOST:PORT (e.g. df://127.0.0.1:50050)"
        )));
    }
    let ctx = if s3 {
        let state = state_with_s3_support().map_err(err)?;
        SessionContext::remote_with_state(url, state).await
    } else {
        SessionContext::remote(url).await
    };
    ctx.map_err(|e| {
        SqlError::Engine(format!(
            "cannot reach the scheduler at {url}: {e} (start one with: entente cluster scheduler)"
        ))
    })
}

/// An in-process session able to read `s3://` tables (and local ones).
pub(crate) fn local_s3(threads: usize) -> Result<SessionContext, SqlError> {
    let config = session_config_with_s3_support().with_target_partitions(threads.max(1));
    Ok(SessionContext::new_with_state(
        session_state_with_s3_support(config).map_err(err)?,
    ))
}

/// The table folders under an `s3://bucket/prefix` URL: (name, partitioned by year).
pub(crate) async fn s3_table_folders(
    ctx: &SessionContext,
    url: &str,
) -> Result<Vec<(String, bool)>, SqlError> {
    use datafusion::execution::object_store::ObjectStoreUrl;
    use datafusion::object_store::path::Path as StorePath;
    let rest = url.trim_start_matches("s3://");
    let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
    let tables_err = |message: String| SqlError::Tables {
        path: url.into(),
        message,
    };
    let store = ctx
        .runtime_env()
        .object_store(ObjectStoreUrl::parse(format!("s3://{bucket}")).map_err(err)?)
        .map_err(|e| tables_err(e.to_string()))?;
    let prefix = StorePath::from(prefix.trim_end_matches('/'));
    let list = store
        .list_with_delimiter(Some(&prefix))
        .await
        .map_err(|e| {
            tables_err(format!(
                "{e} (AWS_ENDPOINT, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION set?)"
            ))
        })?;
    let mut out = Vec::new();
    for p in list.common_prefixes {
        let Some(name) = p.filename().map(str::to_string) else {
            continue;
        };
        let sub = store
            .list_with_delimiter(Some(&p))
            .await
            .map_err(|e| tables_err(e.to_string()))?;
        let partitioned = sub
            .common_prefixes
            .iter()
            .any(|q| q.filename().is_some_and(|f| f.starts_with("year=")));
        out.push((name, partitioned));
    }
    out.sort();
    if out.is_empty() {
        return Err(tables_err(
            "no table folders there (upload `entente export`'s folder)".into(),
        ));
    }
    Ok(out)
}

/// Where a scheduler listens.
#[derive(Clone, Debug)]
pub struct SchedulerOptions {
    pub bind: String,
    pub port: u16,
    /// The host name executors and clients use to reach it.
    pub external_host: String,
}

/// Runs a scheduler until the process is stopped.
pub fn scheduler(o: &SchedulerOptions) -> Result<(), SqlError> {
    let addr: std::net::SocketAddr = format!("{}:{}", o.bind, o.port)
        .parse()
        .map_err(|e| SqlError::Engine(format!("bad bind address {}:{}: {e}", o.bind, o.port)))?;
    let config = SchedulerConfig {
        bind_host: o.bind.clone(),
        bind_port: o.port,
        external_host: o.external_host.clone(),
        ..SchedulerConfig::default()
    }
    // Local paths and s3:// URLs (AWS_* environment variables), as Ballista's own
    // scheduler binary does.
    .with_override_config_producer(Arc::new(session_config_with_s3_support))
    .with_override_session_builder(Arc::new(session_state_with_s3_support));
    block_on(async move {
        let cluster = BallistaCluster::new_from_config(&config)
            .await
            .map_err(err)?;
        start_server(cluster, addr, Arc::new(config))
            .await
            .map_err(err)
    })
}

/// An executor's addresses and size.
#[derive(Clone, Debug)]
pub struct ExecutorOptions {
    pub scheduler_host: String,
    pub scheduler_port: u16,
    pub bind: String,
    /// Host name the scheduler and other executors use to reach this one.
    pub external_host: Option<String>,
    /// Arrow Flight port (shuffle data and results).
    pub port: u16,
    /// gRPC port (tasks from the scheduler).
    pub grpc_port: u16,
    /// Concurrent tasks (defaults to the number of cores).
    pub slots: usize,
    /// Folder for shuffle files.
    pub work_dir: Option<String>,
}

/// Runs an executor until the process is stopped.
pub fn executor(o: &ExecutorOptions) -> Result<(), SqlError> {
    let config = ExecutorProcessConfig {
        scheduler_host: o.scheduler_host.clone(),
        scheduler_port: o.scheduler_port,
        bind_host: o.bind.clone(),
        external_host: o.external_host.clone(),
        port: o.port,
        grpc_port: o.grpc_port,
        vcores: o.slots.max(1),
        work_dir: o.work_dir.clone(),
        // Wait for a scheduler that is still starting rather than failing at once.
        scheduler_connect_timeout_seconds: 30,
        executor_heartbeat_interval_seconds: 5,
        override_config_producer: Some(Arc::new(session_config_with_s3_support)),
        override_runtime_producer: Some(Arc::new(runtime_env_with_s3_support)),
        ..ExecutorProcessConfig::default()
    };
    block_on(async move { start_executor_process(Arc::new(config)).await.map_err(err) })
}
