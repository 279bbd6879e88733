//! Parquet I/O shared by every table of the store: zstd, written atomically and
//! synced (crate::atomic), read whole or by column.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::RecordBatch;
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::arrow_reader::{
    ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReader,
    ParquetRecordBatchReaderBuilder,
};
use parquet::arrow::arrow_writer::{ArrowColumnChunk, compute_leaves};
use parquet::arrow::{ArrowWriter, ProjectionMask};
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;
use parquet::file::reader::ChunkReader;
use rayon::prelude::*;

use crate::cache::StoreError;

/// A Parquet error on `path`.
pub fn perr(path: &Path, e: impl std::fmt::Display) -> StoreError {
    StoreError::Parquet {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// How hard to compress, and which columns get a dictionary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compress {
    /// The store's tables: zstd 3, dictionaries for all but float columns.
    Table,
    /// Tables whose float columns repeat few values — agreement shares are counts over
    /// a year's joint votes (`entente matrix`): zstd 3, dictionaries for every column
    /// (measured on the matrix 1946–2021: 8% smaller and 7% faster than [`Table`](Compress::Table)).
    Shares,
    /// Parts written once per ingested file and read whole: zstd 1, dictionaries for
    /// all but float columns; uncompressed below [`SMALL_PART_ROWS`] rows.
    Fast,
}

/// A [`Compress::Fast`] table with fewer rows is written uncompressed: a zstd context
/// pair is made for every column chunk (each ~10 µs to set up), which was a quarter of
/// the CPU when ingesting 15-minute GDELT files of ~1,600 rows, while the columns of a
/// few hundred dyad-days are small either way (dictionary and run-length encoded).
pub const SMALL_PART_ROWS: usize = 4096;

/// Writes one record batch as a zstd Parquet file, atomically and synced.
pub fn write_batch(path: &Path, batch: &RecordBatch) -> Result<(), StoreError> {
    write_batch_with(path, batch, Compress::Table)
}

/// Writes one record batch as a Parquet file, atomically and synced.
pub fn write_batch_with(
    path: &Path,
    batch: &RecordBatch,
    compress: Compress,
) -> Result<(), StoreError> {
    crate::atomic::write_with(path, |f| write_named(path, f, batch, compress))
}

/// As [`write_batch_with`], synced later with its batch (`atomic::sync_batch`).
pub fn write_batch_unsynced(
    path: &Path,
    batch: &RecordBatch,
    compress: Compress,
) -> Result<(), StoreError> {
    crate::atomic::write_unsynced_with(path, |f| write_named(path, f, batch, compress))
}

/// [`write_batch_to`] with errors naming `path`.
fn write_named(
    path: &Path,
    f: &mut File,
    batch: &RecordBatch,
    compress: Compress,
) -> Result<(), StoreError> {
    write_batch_to(f, batch, compress).map_err(|e| match e {
        StoreError::Parquet { message, .. } => perr(path, message),
        other => other,
    })
}

/// Writes one record batch as Parquet into an open file, the columns encoded in
/// parallel.
///
/// With [`Compress::Table`] and [`Compress::Fast`] dictionary encoding is used for
/// string and integer columns only: the store's float columns (trade values, arms
/// transfers, event tone sums) have few repeats, and building a dictionary for them
/// costs more than it saves.
pub fn write_batch_to(
    file: &mut File,
    batch: &RecordBatch,
    compress: Compress,
) -> Result<(), StoreError> {
    let path = Path::new("<output>");
    let level = match compress {
        Compress::Table | Compress::Shares => 3,
        Compress::Fast => 1,
    };
    let codec = if compress == Compress::Fast && batch.num_rows() < SMALL_PART_ROWS {
        Compression::UNCOMPRESSED
    } else {
        Compression::ZSTD(ZstdLevel::try_new(level).map_err(|e| perr(path, e))?)
    };
    let mut props = WriterProperties::builder().set_compression(codec);
    if matches!(compress, Compress::Table | Compress::Fast) {
        for field in batch.schema().fields() {
            if matches!(field.data_type(), DataType::Float64 | DataType::Float32) {
                props = props.set_column_dictionary_enabled(field.name().as_str().into(), false);
            }
        }
    }
    let props = props.build();
    let rows_per_group = props.max_row_group_row_count().unwrap_or(usize::MAX).max(1);
    let schema = batch.schema();
    let (mut writer, factory) = ArrowWriter::try_new(file, schema.clone(), Some(props))
        .and_then(ArrowWriter::into_serialized_writer)
        .map_err(|e| perr(path, e))?;
    // Row groups as ArrowWriter cuts them; within one, the columns are encoded and
    // compressed side by side on the current pool (under a build lock that is the build
    // pool: `TableSet::while_locked`), then appended in order.
    let mut offset = 0;
    for group in 0.. {
        if offset >= batch.num_rows() {
            break;
        }
        let part = batch.slice(offset, rows_per_group.min(batch.num_rows() - offset));
        offset += part.num_rows();
        // Each column's leaves (values with their definition levels) side by side too.
        let leaves: Vec<_> = schema
            .fields()
            .par_iter()
            .zip(part.columns())
            .map(|(field, column)| compute_leaves(field, column))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| perr(path, e))?
            .into_iter()
            .flatten()
            .collect();
        let writers = factory
            .create_column_writers(group)
            .map_err(|e| perr(path, e))?;
        let chunks: Vec<ArrowColumnChunk> = writers
            .into_par_iter()
            .zip(leaves)
            .map(|(mut w, leaf)| {
                w.write(&leaf)?;
                w.close()
            })
            .collect::<Result<_, _>>()
            .map_err(|e| perr(path, e))?;
        let mut row_group = writer.next_row_group().map_err(|e| perr(path, e))?;
        for chunk in chunks {
            chunk
                .append_to_row_group(&mut row_group)
                .map_err(|e| perr(path, e))?;
        }
        row_group.close().map_err(|e| perr(path, e))?;
    }
    writer.close().map_err(|e| perr(path, e))?;
    Ok(())
}

/// Reads all batches of a Parquet file.
pub fn read_batches(path: &Path) -> Result<Vec<RecordBatch>, StoreError> {
    read_columns(path, None)
}

/// Reads the named columns (all when `None`) of a Parquet file.
pub fn read_columns(path: &Path, columns: Option<&[&str]>) -> Result<Vec<RecordBatch>, StoreError> {
    stream_columns(path, columns, &[])?.collect()
}

/// The batches of some columns of a Parquet file, read one at a time (memory for a
/// batch, not the file), with the file's row count known before the first.
pub struct Batches {
    /// Rows in the file.
    pub rows: usize,
    path: PathBuf,
    reader: ParquetRecordBatchReader,
}

impl Iterator for Batches {
    type Item = Result<RecordBatch, StoreError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.reader
            .next()
            .map(|b| b.map_err(|e| perr(&self.path, e)))
    }
}

/// Reads the named columns (all when `None`) of a Parquet file batch by batch. The
/// string columns named in `dictionaries` come as `Dictionary(Int32, Utf8)` arrays:
/// each distinct value once and a key per row (for a column of a few values, such as a
/// source name, no string is made per row).
pub fn stream_columns(
    path: &Path,
    columns: Option<&[&str]>,
    dictionaries: &[&str],
) -> Result<Batches, StoreError> {
    let file = File::open(path).map_err(|e| StoreError::io(path, e))?;
    batches_of(file, path, columns, dictionaries)
}

/// All columns of a small Parquet file, read whole into memory before decoding: the
/// reader over an open file duplicates its descriptor for every column chunk and reads
/// each page header apart, which dominates for many small files (the event store's
/// parts of a year of 15-minute files).
pub fn read_in_memory(path: &Path) -> Result<Batches, StoreError> {
    let bytes = std::fs::read(path).map_err(|e| StoreError::io(path, e))?;
    batches_of(bytes::Bytes::from(bytes), path, None, &[])
}

/// [`stream_columns`] over any Parquet input (`path` names it in errors).
fn batches_of<T: ChunkReader + 'static>(
    input: T,
    path: &Path,
    columns: Option<&[&str]>,
    dictionaries: &[&str],
) -> Result<Batches, StoreError> {
    let mut meta =
        ArrowReaderMetadata::load(&input, ArrowReaderOptions::new()).map_err(|e| perr(path, e))?;
    if !dictionaries.is_empty() {
        let fields: Vec<Field> = meta
            .schema()
            .fields()
            .iter()
            .map(|f| {
                let mut f = f.as_ref().clone();
                if dictionaries.contains(&f.name().as_str()) && f.data_type() == &DataType::Utf8 {
                    f = f.with_data_type(DataType::Dictionary(
                        Box::new(DataType::Int32),
                        Box::new(DataType::Utf8),
                    ));
                }
                f
            })
            .collect();
        let options = ArrowReaderOptions::new().with_schema(Arc::new(Schema::new(fields)));
        meta = ArrowReaderMetadata::try_new(meta.metadata().clone(), options)
            .map_err(|e| perr(path, e))?;
    }
    let mut builder = ParquetRecordBatchReaderBuilder::new_with_metadata(input, meta);
    let rows = usize::try_from(builder.metadata().file_metadata().num_rows()).unwrap_or(0);
    if let Some(cols) = columns {
        let mask = ProjectionMask::columns(builder.parquet_schema(), cols.iter().copied());
        builder = builder.with_projection(mask);
    }
    let reader = builder
        .with_batch_size(65_536)
        .build()
        .map_err(|e| perr(path, e))?;
    Ok(Batches {
        rows,
        path: path.to_path_buf(),
        reader,
    })
}
