//! DataFusion sessions (in process or on Ballista), table registration, and the
//! conversion of results into [`Value`]s.

use std::path::Path;

use datafusion::arrow::array::{Array, AsArray, BooleanArray, Float64Array, Int64Array};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Float64Type, Int64Type};
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::arrow::util::display::{ArrayFormatter, FormatOptions};
use datafusion::prelude::{ParquetReadOptions, SessionConfig, SessionContext};

use crate::{Answer, Engine, SqlError, Value, table_folders};

pub(crate) fn err(e: impl std::fmt::Display) -> SqlError {
    SqlError::Engine(e.to_string())
}

/// Runs a future on a fresh multi-threaded runtime.
pub(crate) fn block_on<T>(
    f: impl std::future::Future<Output = Result<T, SqlError>>,
) -> Result<T, SqlError> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(err)?
        .block_on(f)
}

/// The session for `engine`; `s3`: the tables are in an object store (cluster builds).
async fn context(engine: &Engine, s3: bool) -> Result<SessionContext, SqlError> {
    #[cfg(not(feature = "cluster"))]
    let _ = s3;
    match engine {
        #[cfg(feature = "cluster")]
        Engine::Local { threads } if s3 => crate::cluster::local_s3(*threads),
        Engine::Local { threads } => Ok(SessionContext::new_with_config(
            SessionConfig::new().with_target_partitions((*threads).max(1)),
        )),
        #[cfg(feature = "cluster")]
        Engine::Cluster { url } => crate::cluster::remote(url, s3).await,
        #[cfg(not(feature = "cluster"))]
        Engine::Cluster { .. } => Err(SqlError::Unavailable(
            "this entente was built without cluster support".into(),
        )),
    }
}

pub(crate) async fn run(dir: &Path, sql: &str, engine: &Engine) -> Result<Answer, SqlError> {
    let s3 = crate::is_s3(dir);
    if s3 && !crate::CLUSTER {
        return Err(SqlError::Unavailable(
            "s3:// tables need a build with --features cluster".into(),
        ));
    }
    let ctx = context(engine, s3).await?;
    let (base, folders) = if s3 {
        let url = dir.to_string_lossy().trim_end_matches('/').to_string();
        #[cfg(feature = "cluster")]
        let folders = crate::cluster::s3_table_folders(&ctx, &url).await?;
        #[cfg(not(feature = "cluster"))]
        let folders = Vec::new();
        (url, folders)
    } else {
        let abs = std::path::absolute(dir).map_err(|e| SqlError::Tables {
            path: dir.to_path_buf(),
            message: e.to_string(),
        })?;
        let folders = table_folders(&abs)?;
        (abs.display().to_string(), folders)
    };
    let mut tables = Vec::new();
    for (name, partitioned) in folders {
        let mut opts = ParquetReadOptions::default();
        if partitioned {
            opts = opts.table_partition_cols(vec![("year".to_string(), DataType::Int32)]);
        }
        let path = format!("{base}/{name}/");
        ctx.register_parquet(&name, &path, opts)
            .await
            .map_err(|e| SqlError::Tables {
                path: path.clone().into(),
                message: e.to_string(),
            })?;
        tables.push(name);
    }
    let df = ctx.sql(sql).await.map_err(err)?;
    let columns: Vec<String> = df
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    let batches = df.collect().await.map_err(err)?;
    let mut rows = Vec::new();
    for b in &batches {
        rows.extend(values(b)?);
    }
    Ok(Answer {
        columns,
        rows,
        tables,
    })
}

/// One result column, converted once.
enum Column {
    Int(Int64Array),
    Float(Float64Array),
    Bool(BooleanArray),
    Text(Vec<String>),
}

/// The rows of a batch as values: integers as i64, floats as f64, booleans, and
/// everything else (strings, dates, decimals) as its display text.
fn values(b: &RecordBatch) -> Result<Vec<Vec<Value>>, SqlError> {
    let opts = FormatOptions::default();
    let mut cols = Vec::with_capacity(b.num_columns());
    for c in b.columns() {
        let dt = c.data_type();
        // The casts make the arrays Int64/Float64, so the typed views cannot fail.
        let col = if dt.is_integer() {
            let a = cast(c, &DataType::Int64).map_err(err)?;
            Column::Int(a.as_primitive::<Int64Type>().clone())
        } else if dt.is_floating() {
            let a = cast(c, &DataType::Float64).map_err(err)?;
            Column::Float(a.as_primitive::<Float64Type>().clone())
        } else if *dt == DataType::Boolean {
            Column::Bool(c.as_boolean().clone())
        } else {
            let f = ArrayFormatter::try_new(c.as_ref(), &opts).map_err(err)?;
            Column::Text((0..c.len()).map(|i| f.value(i).to_string()).collect())
        };
        cols.push((c, col));
    }
    Ok((0..b.num_rows())
        .map(|i| {
            cols.iter_mut()
                .map(|(c, col)| {
                    if c.is_null(i) {
                        return Value::Null;
                    }
                    match col {
                        Column::Int(a) => Value::Int(a.value(i)),
                        Column::Float(a) => Value::Float(a.value(i)),
                        Column::Bool(a) => Value::Bool(a.value(i)),
                        // Each text is used once: moved, not copied.
                        Column::Text(t) => Value::Text(std::mem::take(&mut t[i])),
                    }
                })
                .collect()
        })
        .collect())
}
